# A scenario whose [simulate] takes its inputs from earlier steps in memory: compute_growth
# = @trend (the trend's rate with its standard error, drawn per draw, in OOM/year) and
# start_efficiency = @claims:NewModel (the ledger's factor 10, log-normal with its se 0.1);
# the start is the largest run in the data (Grok-3); the seed is the scenario's.
cat >$T/s.ini <<INI
[scenario]
seed = 7
[trend]
data = $DATA/frontier_models.csv
x = Publication date
y = Training compute (FLOP)
[claims]
claims = $DATA/claims_example.csv
reference = Llama 4 Maverick
[simulate]
form = chinchilla
params = E=1.8172181,A=477.82591,B=2143.4172,alpha=0.3473105,beta=0.36717243
replicates = $FIX/epoch_reps_400.csv
start_data = $DATA/frontier_models.csv
end_year = 2030
compute_growth = @trend
algo_growth = lognormal(median=3, ci90=[1.5, 6])
start_efficiency = @claims:NewModel
thresholds = 1e28, 1e29, 1e30
loss_thresholds = 1.8
draws = 20000
INI
$EFFCOMP run $T/s.ini -o $T/out 2>$T/err | sed "s|$T|T|"
sed "s|$T|T|" $T/err >&2
ls $T/out
