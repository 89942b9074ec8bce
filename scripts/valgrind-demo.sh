#!/bin/sh
# The demo (scripts/demo.sh, both bundled scenarios and every report it
# prints) with each effcomp command run under valgrind's memcheck: any
# invalid read or write, use of an uninitialised value, or definitely or
# possibly lost block fails it. `make valgrind-demo` installs valgrind first.
# Usage: sh scripts/valgrind-demo.sh [PATH/TO/effcomp [OUT]]
# Prints one line per command and a summary; exit 1 when valgrind reported
# anything (its reports are in OUT/valgrind/), or the demo failed.
set -eu
EFFCOMP=${1:-build/effcomp}
OUT=${2:-out-valgrind}
case "$EFFCOMP" in /*) ;; *) EFFCOMP="$(pwd)/$EFFCOMP" ;; esac
command -v valgrind >/dev/null 2>&1 || { echo "valgrind-demo: valgrind is not installed (sh scripts/install-deps.sh valgrind)" >&2; exit 2; }
rm -rf "$OUT"
mkdir -p "$OUT/valgrind"
LOGS=$(cd "$OUT/valgrind" && pwd)
# demo.sh runs "$EFFCOMP" for every command: give it a wrapper that runs the program under valgrind.
# Child processes (gnuplot) are not traced; scripts/valgrind.supp holds the one record that is not effcomp's.
supp="$(pwd)/scripts/valgrind.supp"
wrap="$LOGS/effcomp"
cat >"$wrap" <<WRAP
#!/bin/sh
n=\$(ls "$LOGS" | grep -c '\.log\$' || true)
log="$LOGS/\$(printf '%02d' \$((n + 1)))-\$1.log"
printf '%s\n' "effcomp \$*" >"\$log.cmd"
exec valgrind -q --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite,possible \\
    --show-leak-kinds=definite,possible --track-origins=yes --suppressions="$supp" --log-file="\$log" "$EFFCOMP" "\$@"
WRAP
chmod +x "$wrap"
status=0
sh scripts/demo.sh "$wrap" "$OUT" >"$OUT/demo.txt" 2>&1 || status=$?
bad=0
for log in "$LOGS"/*.log; do
    [ -e "$log" ] || continue
    if [ -s "$log" ]; then
        echo "REPORT $(cat "$log.cmd") (see $log)"
        bad=$((bad + 1))
    else
        echo "clean  $(cat "$log.cmd")"
    fi
done
n=$(ls "$LOGS" | grep -c '\.log$' || true)
echo "valgrind-demo: $n commands, $bad with reports; the demo exited $status"
[ "$bad" = 0 ] && [ "$status" = 0 ]
