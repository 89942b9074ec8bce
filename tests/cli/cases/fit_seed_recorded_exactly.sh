# Seeds are recorded exactly: a number below 10^15, the digits as a string from there on
# (2^53 - 1 printed as a 15-digit number would come back as 9007199254740990).
cd "$T"
for s in 999999999999999 9007199254740991 18446744073709551615; do
  $EFFCOMP fit --data "$DATA/epoch_chinchilla_svg_extracted_data.csv" --columns 'N=Model Size,C=Training FLOP,L=loss' \
    --starts single --bootstrap 2 --seed $s -o f$s.json -q || exit 1
  /usr/bin/python3 -c "import json,sys; j=json.load(open('f$s.json')); print(repr(j['seed']), repr(j['bootstrap']['seed']))"
done
