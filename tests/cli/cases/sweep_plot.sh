# sweep --plot and analyze --plot: the figures of issue 12. A sweep over one key draws the record
# against it (with its band and, with --baseline, the paired difference); over two keys a
# heatmap; analyze draws the indices as bars. Each image is a well-formed PNG/SVG/PDF. Refused
# before any cell runs (exit 2, nothing written): a design, three axes, a shard, an unknown or
# lone --plot-record, a non-image name, --plot twice; analyze's --plot with a bad name.
cat >$T/s.ini <<INI
[project]
form = chinchilla
params = E=1.81686,A=482.0057,B=2085.434,alpha=0.347813,beta=0.365854
sizes = 10T
policies = tokens-per-param=20
INI
magic() { head -c 4 "$1" | tail -c 3; }
{ $EFFCOMP sweep $T/s.ini --vary 'project.efficiency=1:10:6:log' --record project.loss,project.compute --baseline 0 \
  -o $T/l.csv --plot $T/line.png 2>&1; echo "exit $?"; } | sed "s|$T|T|"
echo "line.png: $(magic $T/line.png)"
{ $EFFCOMP sweep -q $T/s.ini --vary 'project.efficiency=1,2,4' --vary 'project.policies=tokens-per-param=20;loss=1.8' \
  --record project.loss --plot $T/heat.svg >/dev/null 2>&1; echo "exit $?"; }
grep -c '<svg' $T/heat.svg
# the second record, as a pdf
$EFFCOMP sweep -q $T/s.ini --vary 'project.policies=tokens-per-param=10;tokens-per-param=20;compute-optimal' \
  --record project.loss,project.compute --plot-record project.compute --plot $T/c.pdf >/dev/null
echo "c.pdf: $(head -c 4 $T/c.pdf)"
V='project.efficiency=1,2'
for a in "--design sobol --samples 8 --param project.k=uniform(5,7) --record project.loss --plot $T/x.png" \
         "--vary $V --vary project.k=6,7 --vary project.max_tokens=1e14,1e15 --record project.loss --plot $T/x.png" \
         "--vary $V --record project.loss --shard 0/2 --plot $T/x.png" \
         "--vary $V --record project.loss --plot-record project.compute --plot $T/x.png" \
         "--vary $V --record project.loss --plot-record project.loss" \
         "--vary $V --record project.loss --plot $T/x.gif" \
         "--vary $V --record project.loss --plot $T/x.png --plot $T/y.png"; do
  { $EFFCOMP sweep $T/s.ini $a -o $T/x.csv 2>&1; echo "exit $?"; } | sed "s|$T|T|g"
done
ls $T/x.* 2>/dev/null | wc -l
# analyze: bars of the indices
$EFFCOMP sweep -q $T/s.ini --design sobol --samples 64 --param 'project.efficiency=loguniform(1, 10)' \
  --param 'project.k=uniform(5.5,6.5)' --record project.loss -o $T/sob.csv
{ $EFFCOMP analyze sobol $T/sob.csv --output project.loss --plot $T/sob.png >/dev/null 2>$T/err; echo "exit $?"; }
sed "s|$T|T|" $T/err
echo "sob.png: $(magic $T/sob.png)"
{ $EFFCOMP analyze sobol $T/sob.csv --output project.loss --plot $T/sob.bmp 2>&1; echo "exit $?"; } | sed "s|$T|T|"
