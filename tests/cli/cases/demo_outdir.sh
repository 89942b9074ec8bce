# The demo (scripts/demo.sh, what `make demo OUT=DIR` runs) writes every result, figure
# and the manifest to the folder given, in one in-process run of each bundled scenario:
# chinchilla.ini into DIR, the seed story muse-spark.ini into DIR/muse-spark.
sh scripts/demo.sh $EFFCOMP $T/demo > $T/demo.txt 2>&1 || { cat $T/demo.txt; exit 1; }
ls $T/demo
grep -c '' $T/demo/chinchilla_report.txt
/usr/bin/python3 -c "
import json; m = json.load(open('$T/demo/results.json'))
print([s['section'] for s in m['steps']], m['seed'], [len(s['outputs']) for s in m['steps']])"
ls $T/demo/muse-spark
/usr/bin/python3 -c "
import json
d = '$T/demo/muse-spark/'
m = json.load(open(d + 'results.json'))
print([s['section'] for s in m['steps']], m['seed'])
c = json.load(open(d + 'claims.json'))['models']['Muse Spark']
print('Muse Spark factor %.4g [%.4g, %.4g]' % (c['factor'], c['ci95'][0], c['ci95'][1]))
rows = json.load(open(d + 'project.json'))['rows']
r = rows[10]
print('row 11: %s %s: compute %.4g, loss %.4f' % (r['size'], r['policy'], r['compute'], r['loss']))
s = json.load(open(d + 'simulate.json'))
print('simulate: %d draws, start %s %.4g in %.2f, %d thresholds' % (s['draws'], s['start']['model'], s['start']['compute'], s['start']['year'], len(s['thresholds'])))"
