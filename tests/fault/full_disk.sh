#!/bin/sh
# A full file system never costs a good file (issue 14: 'plot' installed a truncated 12 KB PNG over
# a good image and exited 0). On a small tmpfs mounted for the test, filled so that a new figure
# or JSON cannot be written in full: `plot` (png, svg, pdf), `fit --plot` and `fit -o` with its
# replicates exit 1, the message gives the cause (No space left on device), the earlier files are
# byte-identical and no temporary file is left. Needs root to mount the tmpfs: skipped (exit 77,
# ctest's SKIP_RETURN_CODE) with a note otherwise. The same checks without root, through a
# file-size limit, are tests/cli/cases/plot_file_size_limit.sh.
set -u
EFFCOMP=${1:?usage: full_disk.sh PATH/TO/effcomp}
case "$EFFCOMP" in /*) ;; *) EFFCOMP="$(pwd)/$EFFCOMP" ;; esac
here=$(cd "$(dirname "$0")" && pwd)
DATA="$here/../../data/epoch_chinchilla_svg_extracted_data.csv"
T=$(mktemp -d)
M="$T/mnt"
mkdir "$M"
if ! mount -t tmpfs -o size=512k tmpfs "$M" 2>/dev/null; then
    echo "full_disk: skipped: cannot mount a tmpfs here (needs root); see plot_file_size_limit for the same checks"
    rm -rf "$T"
    exit 77
fi
fail=0
trap 'cd /; umount "$M" 2>/dev/null; rm -rf "$T"' EXIT
check() { # check WHAT EXIT WANT_EXIT ERRFILE
    if [ "$2" != "$3" ]; then echo "FAIL $1: exit $2, expected $3"; sed 's/^/    /' "$4"; fail=1; fi
    if ! grep -q "No space left on device" "$4"; then echo "FAIL $1: the message does not give the cause"; sed 's/^/    /' "$4"; fail=1; fi
    if ls "$M" | grep -q tmp; then echo "FAIL $1: temporary files left: $(ls "$M")"; fail=1; fi
}
fill() { # leaves about $1 KiB free
    rm -f "$M/fill"
    avail=$(df -k "$M" | awk 'NR==2 {print $4}')
    [ "$avail" -gt "$1" ] && dd if=/dev/zero of="$M/fill" bs=1k count=$((avail - $1)) 2>/dev/null
}
cd "$T" || exit 1
"$EFFCOMP" fit --data "$DATA" --columns 'N=Model Size,C=Training FLOP,L=loss' --starts single --bootstrap 20 \
    -o f.json --replicates-out f.csv -q || { echo "FAIL: the fit"; exit 1; }
for fmt in png svg pdf; do
    "$EFFCOMP" plot f.json --kind fit -o "$M/good.$fmt" -q || { echo "FAIL: the first $fmt"; fail=1; }
done
"$EFFCOMP" fit --data "$DATA" --columns 'N=Model Size,C=Training FLOP,L=loss' --starts single --bootstrap 20 \
    -o "$M/old.json" --replicates-out "$M/old.csv" -q || { echo "FAIL: the first fit into the tmpfs"; fail=1; }
before=$(cd "$M" && sha256sum good.* old.*)
for fmt in png svg pdf; do
    for free in 8 0; do
        fill $free
        "$EFFCOMP" plot f.json --kind fit -o "$M/good.$fmt" 2>err
        check "plot $fmt, $free KiB free" $? 1 err
    done
done
fill 8
"$EFFCOMP" fit --data "$DATA" --columns 'N=Model Size,C=Training FLOP,L=loss' --starts single -o f2.json \
    --plot "$M/good.png" -q 2>err
check "fit --plot" $? 1 err
[ -s f2.json ] || { echo "FAIL fit --plot: the fit's JSON (on another disk) was not written"; fail=1; }
fill 0
"$EFFCOMP" fit --data "$DATA" --columns 'N=Model Size,C=Training FLOP,L=loss' --starts single --bootstrap 20 \
    -o "$M/old.json" --replicates-out "$M/old.csv" -q 2>err
check "fit -o --replicates-out" $? 1 err
after=$(cd "$M" && sha256sum good.* old.*)
[ "$before" = "$after" ] || { echo "FAIL: an earlier file changed:"; echo "$before"; echo "$after"; fail=1; }
[ $fail = 0 ] && echo "full_disk: plot (png, svg, pdf; some and no space left), fit --plot, fit -o: old files intact, exit 1 with the cause"
exit $fail
