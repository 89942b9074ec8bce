# Interrupted (SIGTERM, SIGHUP) in the middle of a long bootstrap, the run leaves no temporary
# files beside its outputs, and an earlier result is kept. (SIGINT is ignored by a background
# job of a shell without job control, as here, and effcomp keeps ignored signals ignored.)
cd "$T" && echo OLD > K.json
for sig in TERM HUP; do
  $EFFCOMP fit --data "$DATA/epoch_chinchilla_svg_extracted_data.csv" --columns 'N=Model Size,C=Training FLOP,L=loss' \
    --starts single --bootstrap 5000000 --replicates-out K.csv -o K.json &
  pid=$!
  sleep 1
  kill -$sig $pid
  wait $pid
  echo "SIG$sig: exit $?"
done
ls
cat K.json
