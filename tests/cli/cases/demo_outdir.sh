# The demo (scripts/demo.sh, what `make demo OUT=DIR` runs) writes every result, figure
# and the manifest to the folder given, in one in-process run of the bundled scenario.
sh scripts/demo.sh $EFFCOMP $T/demo > $T/demo.txt 2>&1 || { cat $T/demo.txt; exit 1; }
ls $T/demo
grep -c '' $T/demo/chinchilla_report.txt
/usr/bin/python3 -c "
import json; m = json.load(open('$T/demo/results.json'))
print([s['section'] for s in m['steps']], m['seed'], [len(s['outputs']) for s in m['steps']])"
