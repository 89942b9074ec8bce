# SIGINT, SIGTERM and SIGKILL during a long bootstrap that writes over a good fit JSON and
# replicates file. INT and TERM: a failed run's status, the old files intact, no temporary
# left. KILL cannot be caught: the old files are intact (nothing is renamed before the run is
# complete) and what is left beside them is printed as a note. SIGINT is delivered with its
# default disposition restored (env --default-signal): a shell without job control starts a
# background command with SIGINT ignored, and effcomp keeps ignored signals ignored.
. faults/lib.inc
mkdir -p "$T/good" "$T/out"
fit --bootstrap 20 --seed 1 --replicates-out "$T/good/K.csv" -o "$T/good/K.json" -q || fail "the good run failed"
for sig in INT TERM KILL; do
    rm -rf "$T/out" && cp -R "$T/good" "$T/out"
    (cd "$T/out" && exec env --default-signal=INT "$EFFCOMP" fit --data "$DATA/epoch_chinchilla_svg_extracted_data.csv" \
        --columns 'N=Model Size,C=Training FLOP,L=loss' --starts single --bootstrap 5000000 --seed 2 \
        --replicates-out K.csv -o K.json -q) 2>"$T/err" &
    pid=$!
    wait_for "$T/out/K.*tmp*" || { kill -KILL $pid; fail "SIG$sig: no temporary file appeared within 10 s"; }
    sleep 0.3
    kill -$sig $pid
    wait $pid
    code=$?
    [ "$code" -ne 0 ] || fail "SIG$sig: exit status 0"
    for f in K.json K.csv; do
        cmp -s "$T/good/$f" "$T/out/$f" || fail "SIG$sig: the old $f was changed"
    done
    left=$(cd "$T/out" && ls -A | grep -v '^K\.json$' | grep -v '^K\.csv$' | tr '\n' ' ')
    if [ "$sig" = KILL ]; then
        echo "note: after SIGKILL the old K.json and K.csv are intact; left beside them: ${left:-nothing}"
    else
        [ -z "$left" ] || fail "SIG$sig: left $left"
        echo "SIG$sig: exit $code, old files intact, no temporary left"
    fi
done
