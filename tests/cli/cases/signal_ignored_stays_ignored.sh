# A hangup the caller ignores (nohup) stays ignored: the run goes on and writes its result.
cd "$T"
( trap '' HUP; exec $EFFCOMP fit --data "$DATA/epoch_chinchilla_svg_extracted_data.csv" \
    --columns 'N=Model Size,C=Training FLOP,L=loss' --starts single --bootstrap 100000 -o K.json -q ) &
pid=$!
sleep 1
kill -HUP $pid
wait $pid
echo "exit $?"
ls
