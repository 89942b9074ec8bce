# The Chinchilla fitter from 1024 points: a last-resort run (phase 5, from the grid point on all points) that stays
# above the best converged objective and closes on it too slowly to reach it within --max-iter is stopped
# (starts.stopped_above_best), and the report says how many. bench/synthetic.sh's set (seed 11, 2395 points after
# --drop-highest 5): about 85 stopped, the optimum 0.017999239041895397 as before the cut (to 1e-12). The counts
# vary with the evaluator's vector path: shown as N in the report line.
cd "$T"
$EFFCOMP fit --data "$FIX/synthetic_seed11_2400.csv" --columns 'N=Model Size,C=Training FLOP,L=loss' \
    --drop-highest 5 -o s.json -q; echo "exit $?"
$EFFCOMP report s.json | grep -E '^ +each first fitted' | sed -E 's/[0-9]+/N/g'
/usr/bin/python3 -c "
import json
j = json.load(open('s.json'))
s = j['starts']
print('stopped at least 20:', s['stopped_above_best'] >= 20, 'evaluations at most 60000:', s['evaluations'] <= 60000,
      'optimum as before:', abs(j['objective'] - 0.017999239041895397) <= 1e-12 * 0.018, 'run_on', s['run_on'])"
