# A closed standard output (>&-): a command whose result goes to stdout fails (exit 1) with
# a message, never exit 0; with -o the file is written and stdout is not needed.
. faults/lib.inc
check() { # WANT MESSAGE-SUBSTRING COMMAND...
    want=$1 sub=$2
    shift 2
    (cd "$T" && "$EFFCOMP" "$@" >&- 2>"$T/err")
    code=$?
    [ "$code" = "$want" ] || fail "$*: exit $code, expected $want ($(cat "$T/err"))"
    [ -z "$sub" ] || grep -q "$sub" "$T/err" || fail "$*: the message lacks '$sub': $(cat "$T/err")"
}
D="$DATA/epoch_chinchilla_svg_extracted_data.csv"
check 1 "cannot write the standard output" fit --data "$D" --columns 'N=Model Size,C=Training FLOP,L=loss' --starts single
check 1 "cannot write the standard output" predict --form power --params 'A=2,alpha=0.5' --at 'x=1,2'
check 1 "stdout" sweep "$IN/s.ini" --vary project.sizes=1T --record project.loss
check 1 "cannot write the standard output" simulate --start-year 2025 --start-compute 1e26 --end-year 2028 --compute-growth 4 --draws 100
check 1 "cannot write the standard output" report "$IN/fit.json"
check 1 "cannot write the standard output" merge "$IN/shard0.csv" "$IN/shard1.csv"
check 1 "cannot write the standard output" analyze sobol "$IN/sobol.csv" --output project.loss
check 0 "" fit --data "$D" --columns 'N=Model Size,C=Training FLOP,L=loss' --starts single -o "$T/c.json"
[ -s "$T/c.json" ] || fail "with -o and stdout closed, no c.json"
echo "closed stdout: exit 1 with a message for every result on stdout; with -o the file is written"
