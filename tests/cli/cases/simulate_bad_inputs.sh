# Bad simulate inputs, each a message and exit 2, and no output file: an interval without its
# level, lo > hi, an unknown distribution, rank correlations that contradict each other (no
# positive definite matrix), a correlation on a rate drawn anew each year (shocks), a growth
# factor that can be <= 0, an end year before the start, an unknown growth_mode, loss
# thresholds without a law.
start="--start-year 2025.13 --start-compute 4.64e26 --end-year 2030 --draws 1000"
$EFFCOMP simulate $start --compute-growth 'lognormal(median=4, ci=[3,6])' -o $T/out.json
echo "exit $?"
$EFFCOMP simulate $start --compute-growth 'uniform(5, 3)' -o $T/out.json
echo "exit $?"
$EFFCOMP simulate $start --compute-growth 'gamma(2, 3)' -o $T/out.json
echo "exit $?"
$EFFCOMP simulate --start-year 2025.13 --start-compute 'lognormal(median=4.64e26, sigma=0.2)' --end-year 2030 \
  --draws 1000 --compute-growth 'lognormal(median=4, sigma=0.2)' --algo-growth 'lognormal(median=3, sigma=0.3)' \
  --correlations 'start_compute:compute_growth=0.9,start_compute:algo_growth=0.9,compute_growth:algo_growth=-0.9' \
  -o $T/out.json
echo "exit $?"
$EFFCOMP simulate $start --growth-mode shocks --compute-growth 'lognormal(median=4, sigma=0.2)' \
  --algo-growth 'lognormal(median=3, sigma=0.3)' --correlations 'compute_growth:algo_growth=0.3' -o $T/out.json
echo "exit $?"
$EFFCOMP simulate $start --compute-growth 'normal(1.5, 1)' --growth-unit x -o $T/out.json
echo "exit $?"
$EFFCOMP simulate --start-year 2025.13 --start-compute 4.64e26 --end-year 2024 --compute-growth 4 -o $T/out.json
echo "exit $?"
$EFFCOMP simulate $start --compute-growth 4 --growth-mode exponential -o $T/out.json
echo "exit $?"
$EFFCOMP simulate $start --compute-growth 4 --thresholds 1e28 --loss-thresholds 1.8 -o $T/out.json
echo "exit $?"
ls $T
