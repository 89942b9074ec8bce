# The JSON and the replicates file are committed together: when the JSON cannot be written
# (/dev/full), an earlier replicates file is left as it was, not replaced by one that no
# JSON describes.
cd "$T" && echo OLD > reps.csv
$EFFCOMP fit --data "$DATA/epoch_chinchilla_svg_extracted_data.csv" --columns 'N=Model Size,C=Training FLOP,L=loss' \
  --starts single --bootstrap 5 -o /dev/full --replicates-out reps.csv
echo "exit $?; reps.csv says $(cat reps.csv)"
ls
