#!/bin/sh
# Seeds for the fuzz targets from the project's own files: data/, tests/data/,
# params/examples/, and results written by the effcomp program given (a fit
# JSON and its replicates, other results, sweeps over a grid and over
# designs). Writes OUT/NAME/ for each target; fuzz/run.sh --merge minimises
# them into fuzz/corpus/NAME/ (what is committed).
# Usage: sh fuzz/seed.sh PATH/TO/effcomp OUT
set -eu
EFFCOMP=$1 OUT=$2
case "$EFFCOMP" in /*) ;; *) EFFCOMP="$(pwd)/$EFFCOMP" ;; esac
case "$OUT" in /*) ;; *) OUT="$(pwd)/$OUT" ;; esac
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
for t in csv json scenario dist sweep; do mkdir -p "$OUT/$t"; done
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT

# csv: a column map line (chosen from the header), then the first 40 lines of the file.
for f in data/*.csv tests/data/*.csv; do
    hdr=$(grep -v '^#' "$f" | head -1 | tr -d '\r' | sed 's/^\xef\xbb\xbf//')
    has() { printf ',%s,' "$hdr" | grep -q ",$1,"; }
    if has 'Model Size'; then map='N=Model Size,C=Training FLOP,L=loss|loss<3'
    elif has N && has L; then map='N=N,L=L'; has D && map="$map,D=D"; has C && map="$map,C=C"; has date && map="$map,date=date"
    elif has params && has flop; then map='N=params,C=flop,L=loss,name=model'
    elif has flop && has tokens; then map='C=flop,D=tokens,L=loss'
    elif has compute && has params; then map='C=compute,N=params,L=loss'
    elif has compute_budget; then map='C=compute_budget,D=training_tokens,L=validation_loss'
    elif has date; then map='x=date,name=name'; has compute && map='x=date,y=compute,name=model'
    elif has Parameters; then map='N=Parameters,C=Training compute (FLOP),date=Publication date|skip|Domain=Language'
    elif has x && has y; then map='x=x,y=y|group!='
    else map="y=${hdr%%,*}"
    fi
    { echo "$map"; head -40 "$f"; } >"$OUT/csv/$(basename "$f" .csv)"
done

# scenario: every INI file of the project.
for f in params/examples/*.ini tests/data/*.ini; do cp "$f" "$OUT/scenario/$(basename "$f")"; done

# dist: the distributions written in tests, docs and the examples, one per file.
grep -rhoE "(fixed|normal|lognormal|uniform|loguniform|triangular|choice|replicates)\([^)]*\)" \
    tests/test_dist.c tests/cli/cases/*.sh params/examples/*.ini docs/*.md | sort -u |
    awk -v d="$OUT/dist" '{ f = sprintf("%s/d%03d", d, NR); printf "%s", $0 > f; close(f) }'

# json: a fit with replicates (and the same JSON without), results that are not fits, and a broken replicates file.
D="data/epoch_chinchilla_svg_extracted_data.csv"
"$EFFCOMP" fit --data "$D" --columns 'N=Model Size,C=Training FLOP,L=loss' --bootstrap 20 --seed 1 \
    -o "$W/fit.json" --replicates-out "$W/reps.csv" -q
{ cat "$W/fit.json"; echo "--- replicates"; head -12 "$W/reps.csv"; } >"$OUT/json/fit_reps"
{ cat "$W/fit.json"; echo "--- replicates"; cat tests/data/replicate_outcomes.csv; } >"$OUT/json/fit_outcomes"
cp "$W/fit.json" "$OUT/json/fit"
"$EFFCOMP" optimal --fit "$W/fit.json" --compute 1e24 -o "$W/opt.json" -q
cp "$W/opt.json" "$OUT/json/optimal"
"$EFFCOMP" fit --data data/llama3_isoflops_points.csv --form saturating-power \
    --columns 'x=compute_budget,y=validation_loss' -o "$W/satpow.json" -q
cp "$W/satpow.json" "$OUT/json/saturating_power"

# sweep: --vary and --param lines, and sweep CSVs over a grid (two shards) and over designs.
{
    grep -hoE -- "--vary +'?[a-z_]+\.[a-z_]+=[^ '\"]*" tests/cli/cases/*.sh | sed -E "s/--vary +'?/vary /"
    grep -hoE -- "--param +'?[a-z_]+\.[a-z_]+=[^ '\"]*" tests/cli/cases/*.sh | sed -E "s/--param +'?/param /"
} | sort -u | awk -v d="$OUT/sweep" '{ f = sprintf("%s/spec%03d", d, NR); print > f; close(f) }'
printf 'param project.efficiency=loguniform(1, 10)\nparam project.k=uniform(5.5,6.5)\nvary project.sizes=1T,2T\n' \
    >"$OUT/sweep/specs"
cat >"$W/s.ini" <<INI
[project]
form = chinchilla
params = E=1.81686,A=482.0057,B=2085.434,alpha=0.347813,beta=0.365854
sizes = 1T
INI
(
    cd "$W"
    "$EFFCOMP" sweep -q s.ini --vary 'project.sizes=1T,2T,10T' --record project.loss --shard 0/2 -o g0.csv
    "$EFFCOMP" sweep -q s.ini --vary 'project.sizes=1T,2T,10T' --record project.loss --shard 1/2 -o g1.csv
    "$EFFCOMP" sweep -q s.ini --design sobol --samples 2 --param 'project.efficiency=loguniform(1,10)' \
        --param 'project.k=uniform(5,7)' --record project.loss -o sobol.csv
    "$EFFCOMP" sweep -q s.ini --design morris --samples 2 --param 'project.efficiency=uniform(1,10)' \
        --param 'project.k=uniform(5,7)' --record project.loss -o morris.csv
)
{ echo "design project.loss"; cat "$W/g0.csv"; echo "--- shard"; cat "$W/g1.csv"; } >"$OUT/sweep/grid"
{ echo "design project.loss"; cat "$W/sobol.csv"; } >"$OUT/sweep/sobol"
{ echo "design project.loss"; cat "$W/morris.csv"; } >"$OUT/sweep/morris"
for t in csv json scenario dist sweep; do echo "seed.sh: $(ls "$OUT/$t" | wc -l) seeds for $t"; done
