# A fit that stops before converging still writes its JSON and exits 3 with a message.
$EFFCOMP fit --data $DATA/epoch_chinchilla_svg_extracted_data.csv --columns 'N=Model Size,C=Training FLOP,L=loss' \
  --starts single --max-iter 2 -o $T/nc.json -q
echo "exit $?"
/usr/bin/python3 -c "import json,sys; j=json.load(open(sys.argv[1])); print(j['converged'], j['status'].split(' (')[0])" $T/nc.json
