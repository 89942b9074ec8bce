#!/bin/sh
# Renamed outputs are synced, the file before it replaces the old one and its folder after
# (issue 15), checked through an LD_PRELOAD shim (syncs.c) that logs fsync and rename: the fit
# JSON and its replicates file, and a figure. Then a disk whose fsync fails (EIO): exit 1 with the
# cause, the old files byte-identical, no temporary file left.
set -u
EFFCOMP=${1:?usage: syncs.sh EFFCOMP SHIM.so}
SHIM=${2:?usage: syncs.sh EFFCOMP SHIM.so}
here=$(cd "$(dirname "$0")" && pwd)
DATA="$here/../../data/epoch_chinchilla_svg_extracted_data.csv"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
cd "$T" || exit 1
T=$(pwd -P)
fail=0
fit() { "$EFFCOMP" fit --data "$DATA" --columns 'N=Model Size,C=Training FLOP,L=loss' --starts single --bootstrap 5 \
    -o f.json --replicates-out f.csv --plot f.png -q "$@"; }
fit || { echo "FAIL: the first fit"; exit 1; }
# In the log, for each output: fsync of its temporary file, then the rename over it, then the folder.
EC_SYNC_LOG="$T/log" LD_PRELOAD="$SHIM" fit || { echo "FAIL: the logged fit"; fail=1; }
for out in f.csv f.json f.png; do
    awk -v dir="$T" -v out="$out" '
        function rel(p) { if (index(p, dir "/") == 1) p = substr(p, length(dir) + 2); return p }
        $1 == "fsync" && index(rel($2), out ".tmp") == 1 { synced[rel($2)] = NR }
        $1 == "rename" && rel($3) == out { if (synced[rel($2)]) ok_file = 1; renamed = NR }
        $1 == "fsync-folder" && $2 == dir && renamed { ok_dir = 1 }
        END { exit !(ok_file && ok_dir) }' "$T/log" ||
        { echo "FAIL: $out is not synced before its rename and its folder after:"; sed 's/^/    /' "$T/log"; fail=1; }
done
sha256sum f.json f.csv f.png > before
EC_SYNC_FAIL=1 LD_PRELOAD="$SHIM" fit --seed 9 2>err
code=$?
[ $code = 1 ] || { echo "FAIL: exit $code with a failing fsync, expected 1"; fail=1; }
grep -q "Input/output error" err || { echo "FAIL: the message does not give the cause:"; cat err; fail=1; }
sha256sum f.json f.csv f.png | cmp -s - before || { echo "FAIL: an earlier output changed"; fail=1; }
ls | grep -q tmp && { echo "FAIL: temporary files left: $(ls)"; fail=1; }
[ $fail = 0 ] && echo "syncs: outputs and figure synced before their rename, folder after; a failing fsync keeps the old files"
exit $fail
