# Pending (cli_gnuplot.c): on a full filesystem plot says "gnuplot wrote no image" without the
# cause (issue 14: "messages that do not locate"); it should say the disk is full.
. faults/lib.inc
mkdir -p "$T/mnt"
unshare -m sh -c "mount -t tmpfs -o size=256k tmpfs '$T/mnt'" 2>/dev/null || { echo "skipped: cannot mount a tmpfs"; exit 77; }
unshare -m sh -c '
    T=$1 EFFCOMP=$2 IN=$3
    mount -t tmpfs -o size=256k tmpfs "$T/mnt" || exit 9
    dd if=/dev/zero of="$T/mnt/fill" bs=1k count=10000 2>/dev/null
    "$EFFCOMP" plot "$IN/fit.json" --kind fit -o "$T/mnt/fig.png" -q 2>"$T/plot.err"
' sh "$T" "$EFFCOMP" "$IN"
grep -q "No space left on device" "$T/plot.err" || fail "plot: the message does not give the cause: $(cat "$T/plot.err")"
