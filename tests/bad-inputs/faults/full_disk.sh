# A full filesystem: a small tmpfs, filled, holding a good fit JSON, replicates file and
# figure. A fit whose outputs do not fit and a plot over the figure fail (exit 1), the fit
# naming its file and the cause; the old files stay and no temporary is left. Needs a private
# mount namespace (unshare -m) and the right to mount a tmpfs (root in CI's container);
# otherwise skipped with a note.
. faults/lib.inc
mkdir -p "$T/mnt" "$T/good"
fit --bootstrap 20 --seed 1 --replicates-out "$T/good/K.csv" -o "$T/good/K.json" -q || fail "the good run failed"
"$EFFCOMP" plot "$IN/fit.json" --kind residuals -o "$T/good/fig.png" -q || fail "the good plot failed"
if ! unshare -m sh -c "mount -t tmpfs -o size=256k tmpfs '$T/mnt'" 2>/dev/null; then
    echo "skipped: cannot mount a tmpfs here (not root, or no mount namespace): the full-filesystem case did not run"
    exit 77
fi
# In the namespace: the good files, then fill what is left, then the runs over them.
unshare -m sh -c '
    T=$1 EFFCOMP=$2 DATA=$3 IN=$4
    mount -t tmpfs -o size=256k tmpfs "$T/mnt" || exit 9
    cp "$T/good/K.json" "$T/good/K.csv" "$T/good/fig.png" "$T/mnt/" || exit 9
    dd if=/dev/zero of="$T/mnt/fill" bs=1k count=10000 2>/dev/null
    (cd "$T/mnt" && "$EFFCOMP" fit --data "$DATA/epoch_chinchilla_svg_extracted_data.csv" \
        --columns "N=Model Size,C=Training FLOP,L=loss" --starts single --bootstrap 200 --seed 2 \
        --replicates-out K.csv -o K.json -q 2>"$T/err")
    echo $? >"$T/code"
    "$EFFCOMP" plot "$IN/fit.json" --kind fit -o "$T/mnt/fig.png" -q 2>"$T/plot.err"
    echo $? >"$T/plot.code"
    rm -f "$T/mnt/fill"
    cp -R "$T/mnt" "$T/after"
' sh "$T" "$EFFCOMP" "$DATA" "$IN" || fail "could not set up the tmpfs"
code=$(cat "$T/code")
[ "$code" = 1 ] || fail "fit: exit status $code on a full filesystem, expected 1 ($(cat "$T/err"))"
grep -q "K\.\(json\|csv\)" "$T/err" || fail "fit: the message does not name the output: $(cat "$T/err")"
grep -q "No space left on device" "$T/err" || fail "fit: the message does not give the cause: $(cat "$T/err")"
code=$(cat "$T/plot.code")
[ "$code" = 1 ] || fail "plot: exit status $code on a full filesystem, expected 1 ($(cat "$T/plot.err"))"
grep -q "fig\.png" "$T/plot.err" || fail "plot: the message does not name the figure: $(cat "$T/plot.err")"
same "$T/good" "$T/after" "the output folder changed on a full filesystem"
echo "full filesystem: fit and plot exit 1, old files intact, no temporary left"
