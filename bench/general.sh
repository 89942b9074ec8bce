#!/bin/sh
# bench/general.sh EFFCOMP — the general fit engine against MINPACK's Levenberg–Marquardt and
# scipy's trust-region reflective method (issue 13), in one run on the same data:
#
#   data:   Epoch AI's Chinchilla points (data/epoch_chinchilla_svg_extracted_data.csv, the 5
#           highest losses dropped): loss against C for power, saturating-power and bnsl,
#           against N and D = C/(6N) for kaplan-nd (the catalogue forms that describe these data;
#           chinchilla itself has its own fitter, bench/chinchilla.sh); for exp-error, Gadre et
#           al.'s 104 models (data/gadre2024_overtrain_104_models.csv): the 17-task average error
#           against the C4 validation loss, every row (the issue's loss -> error map, 36 starts);
#           for sigmoid-logc, Epoch's open-model benchmarks (data/epoch_benchmarks_with_compute_2024.csv):
#           MMLU against training compute, the 83 rows with both; for loglinear-time (y0 fixed at 2020), the
#           841 frontier models of data/frontier_models.csv: training compute against the publication date;
#           for effective-compute-time (E fixed at 0, its lower bound, where the fit puts it on these data;
#           y0 at 2020), Epoch's perplexity sheet (data/epoch_lm_perplexity_dataset_2024-06.csv): WikiText-103
#           perplexity against training compute and publication date, the 68 rows with all three;
#   losses: ls, ls-log and huber (delta 1e-3 on log residuals);
#   fit:    every start of the form's default grid, the lowest objective kept;
#   boot:   BOOT (default 1000) case resamples, each refitted from the best fit.
#   peers:  bench/general_scipy.py (scipy least_squares: lm in effcomp's unbounded coordinates,
#           trf with the bounds, trf-q: trf in effcomp's coordinates; huber as loss='huber',
#           f_scale=delta) and bench/general_nlslm.R (R minpack.lm::nlsLM in the same
#           coordinates; ls and ls-log), same starts. Each peer also counts the starts that end at
#           effcomp's best objective (within 1e-9 relative, or below it): a stopping test met far
#           from the optimum (trf on kaplan-nd's natural Nc ~ 1e13 never moves) is not an optimum.
#
# Set-up: installs python3-scipy, r-base-core and r-cran-minpack.lm with apt-get when they are
# missing (as root; otherwise the missing peer is skipped). effcomp's times are whole-process
# wall clock, best of 3; the peers' are their own in-process times (imports and data loading
# excluded), which favours them; bench_nlfit (bench/nlfit.c) times effcomp the peers' way too (one thread).
# FORMS, LOSSES, BOOT and PEERS (default "lm trf trf-q nlsLM") narrow the run.
# Exit status: 0 when every effcomp command ran and each peer that converged found an objective
# within 1e-9 relative of effcomp's or above it; 1 otherwise.
set -eu

[ $# -ge 1 ] || { echo "usage: sh bench/general.sh PATH/TO/effcomp" >&2; exit 2; }
EFFCOMP=$(realpath -e "$1" 2>/dev/null) && [ -x "$EFFCOMP" ] || { echo "bench: '$1' is not an executable" >&2; exit 2; }
here=$(realpath "$(dirname "$0")")
CHIN=$(realpath "$here/../data/epoch_chinchilla_svg_extracted_data.csv")
GADRE=$(realpath "$here/../data/gadre2024_overtrain_104_models.csv")
BENCHMARKS=$(realpath "$here/../data/epoch_benchmarks_with_compute_2024.csv")
FRONTIER=$(realpath "$here/../data/frontier_models.csv")
PERPLEXITY=$(realpath "$here/../data/epoch_lm_perplexity_dataset_2024-06.csv")
FORMS=${FORMS:-"power saturating-power kaplan-nd bnsl sigmoid-logc loglinear-time exp-error effective-compute-time"}
LOSSES=${LOSSES:-"ls ls-log huber"}
BOOT=${BOOT:-1000} PEERS=${PEERS:-"lm trf trf-q nlsLM"}
NLFIT="$(dirname "$EFFCOMP")/bench/bench_nlfit"
[ -x "$NLFIT" ] || { echo "bench: $NLFIT not built (cmake --build build)" >&2; exit 2; }
TOL=1e-9

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

# ---------- set-up: the peers' Debian packages ----------
PY=/usr/bin/python3
need=""
"$PY" -c 'import numpy, scipy' >/dev/null 2>&1 || need="$need python3-scipy"
command -v Rscript >/dev/null 2>&1 || need="$need r-base-core"
if ! Rscript -e 'suppressPackageStartupMessages(library(minpack.lm))' >/dev/null 2>&1; then need="$need r-cran-minpack.lm"; fi
if [ -n "$need" ]; then
    if [ "$(id -u)" = 0 ]; then
        echo "bench: installing$need ..." >&2
        DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $need >"$tmp/apt.log" 2>&1 ||
            { echo "bench: apt-get install$need failed (see below); the peers that need them are skipped" >&2; tail -5 "$tmp/apt.log" >&2; }
    else
        echo "bench: missing$need (not root: not installed); the peers that need them are skipped" >&2
    fi
fi
have_scipy=0 have_r=0
"$PY" -c 'import numpy, scipy' >/dev/null 2>&1 && have_scipy=1
Rscript -e 'suppressPackageStartupMessages(library(minpack.lm))' >/dev/null 2>&1 && have_r=1

# Best of 3 runs of a command (exit status 0 or 3): "WALL CPU" seconds (general_scipy.py time).
best_of_3() { "$PY" "$here/general_scipy.py" time "$@" 2>"$tmp/last.err" || { cat "$tmp/last.err" >&2; exit 1; }; }
# A number from a JSON file: jget FILE EXPR (EXPR in Python over j, e.g. j["objective"]).
jget() { "$PY" -c 'import json, sys; j = json.load(open(sys.argv[1])); v = eval(sys.argv[2]); print("" if v is None else v)' "$1" "$2" 2>/dev/null || true; }

rows="$tmp/rows.tsv"
: >"$rows"
status=0
for form in $FORMS; do
    # the data: Epoch's Chinchilla points without their 5 highest losses; for exp-error, Gadre et al.'s 104
    # models, their C4 validation loss against the 17-task average error, every row
    DATA=$CHIN drop=5 fix=""
    case "$form" in
        kaplan-nd) cols='N=Model Size,C=Training FLOP,L=loss' ;;
        exp-error) cols='x=loss_c4_val,y=err_avg_subset' DATA=$GADRE drop=0 ;;
        sigmoid-logc) cols='x=Training compute (FLOP),y=MMLU' DATA=$BENCHMARKS drop=0 ;;
        loglinear-time) cols='x=Publication date,y=Training compute (FLOP)' DATA=$FRONTIER drop=0 ;;
        effective-compute-time) cols='C=Training Compute,date=Publication date,L=Perplexity (WT103)' DATA=$PERPLEXITY drop=0 fix=E=0 ;;
        *) cols='x=Training FLOP,y=loss' ;;
    esac
    for loss in $LOSSES; do
        echo "bench: $form $loss ..." >&2
        fit="$tmp/fit.json"
        ec=$(best_of_3 "$EFFCOMP" fit --data "$DATA" --columns "$cols" --drop-highest "$drop" --form "$form" \
            --loss "$loss" ${fix:+--fix "$fix"} --best-rtol "$TOL" -o "$fit" -q)
        obj=$(jget "$fit" 'repr(j["objective"])')
        conv=$(jget "$fit" 'j["starts"]["converged"]')
        total=$(jget "$fit" 'j["starts"]["total"]')
        evals=$(jget "$fit" 'round(j["starts"]["evaluations"] / j["starts"]["total"])')
        atbest=$(jget "$fit" 'j["starts"]["at_best"]')
        start=$(jget "$fit" '",".join("%s=%.17g" % kv for kv in j["params"].items() if kv[0] not in j.get("fixed", []))')
        # the bounds the fit widened (a default bound that held its optimum), so that its end is a valid start
        bound=$(jget "$fit" 'j["options"].get("bound", "")')
        ecb=$(best_of_3 "$EFFCOMP" fit --data "$DATA" --columns "$cols" --drop-highest "$drop" --form "$form" \
            --loss "$loss" ${fix:+--fix "$fix"} --starts single --start "$start" ${bound:+--bound "$bound"} --bootstrap "$BOOT" --seed 42 \
            -o "$tmp/boot.json" -q)
        ecfail=$(jget "$tmp/boot.json" 'j["bootstrap"]["failed"]')
        ecretry=$(jget "$tmp/boot.json" 'j["bootstrap"].get("retried", "-")')
        line="$form	$loss	${ec% *}	${ec#* }	$conv/$total	$evals	$obj	${ecb% *}	${ecb#* }	$ecfail	$ecretry	$atbest"
        for peer in $PEERS; do
            out="$tmp/peer.json"
            : >"$out"
            ran=0
            case "$peer" in
                lm|trf|trf-q)
                    if [ "$have_scipy" = 1 ] && ! { [ "$peer" = lm ] && [ "$loss" = huber ]; }; then
                        ran=1
                        "$PY" "$here/general_scipy.py" "$DATA" "$form" "$loss" "$peer" "$BOOT" "$obj" >"$out" 2>"$tmp/peer.err" || true
                    fi ;;
                nlsLM)
                    if [ "$have_r" = 1 ] && [ "$loss" != huber ]; then
                        ran=1
                        Rscript "$here/general_nlslm.R" "$DATA" "$form" "$loss" "$BOOT" "$obj" >"$out" 2>"$tmp/peer.err" || true
                    fi ;;
            esac
            if [ "$ran" = 1 ] && [ -z "$(jget "$out" 'j.get("seconds")')" ]; then
                # it ran and gave no result (nothing, a crash, or output that is not JSON): say so, not a silent "-"
                echo "bench: $peer on $form $loss gave no result: $(head -c 300 "$out") $(tail -n 2 "$tmp/peer.err" 2>/dev/null)" >&2
            fi
            if [ -s "$out" ] && [ -n "$(jget "$out" 'j.get("seconds")')" ]; then
                line="$line	$(jget "$out" '"%.4f" % j["seconds"]')	$(jget "$out" 'repr(j["objective"])')	$(jget "$out" '"%d/%d" % (j["converged"], j["starts"])')	$(jget "$out" '"%.4f" % j.get("boot_seconds", float("nan"))')	$(jget "$out" 'j.get("boot_failed", "-")')	$(jget "$out" 'round(j["evaluations"] / j["starts"]) if "evaluations" in j else "-"')	$(jget "$out" 'j.get("at_ref", "-")')"
            else
                line="$line	-	-	-	-	-	-	-"
            fi
        done
        # effcomp in process, on one thread, after the data are read (as the peers are timed): bench_nlfit
        ip=$("$NLFIT" "$DATA" "$cols" "$form" "$loss" "$BOOT" 3 1 "$drop" "$fix" 2>"$tmp/ip.err") || { cat "$tmp/ip.err" >&2; exit 1; }
        echo "$ip" >"$tmp/ip.json"
        line="$line	$(jget "$tmp/ip.json" '"%.4f" % j["fit_seconds"]')	$(jget "$tmp/ip.json" '"%.4f" % j["boot_seconds"]')"
        echo "$line" >>"$rows"
    done
done

echo
echo "effcomp $("$EFFCOMP" --version | sed 's/^effcomp //') general engine on Epoch's Chinchilla points (240; sigmoid-logc: Epoch's benchmarks, 83; loglinear-time: frontier models, 841; exp-error: Gadre et al.'s 104 models; effective-compute-time: Epoch's perplexity sheet, 68), $(date -u +%Y-%m-%d); bootstrap $BOOT replicates"
echo "machine: nproc $(nproc), CPU $(sed -n 's/^model name[[:space:]]*:[[:space:]]*//p' /proc/cpuinfo | head -n 1)"
[ "$have_scipy" = 1 ] && echo "scipy $("$PY" -c 'import scipy; print(scipy.__version__)')" || echo "scipy: missing"
[ "$have_r" = 1 ] && echo "$(Rscript -e 'cat(R.version.string, "; minpack.lm", as.character(packageVersion("minpack.lm")))' 2>/dev/null)" || echo "R minpack.lm: missing"
up=$(best_of_3 "$EFFCOMP" --version)
echo "effcomp start-up (effcomp --version, best of 3): ${up% *} s wall, included in every effcomp time"
echo
awk -F '\t' -v peers="$PEERS" -v tol="$TOL" '
function rel(a, b) { d = a - b; if (d < 0) d = -d; return d / (b < 0 ? -b : b) }
function x(a, b) { return (a == "" || b <= 0) ? "-" : sprintf("%.1fx", a / b) }
BEGIN {
    np = split(peers, pn, " ")
    printf "%-16s %-6s %7s %7s %7s %4s %5s", "form", "loss", "effcomp", "cpu", "conv", "best", "ev/st"
    for (i = 1; i <= np; i++) printf " %8s %4s %5s", pn[i], "best", "ev/st"
    printf " %6s %6s %-5s | %7s %7s %4s %5s", "x fit", "x opt", "same", "boot", "cpu", "fail", "retry"
    for (i = 1; i <= np; i++) printf " %8s %4s", pn[i], "fail"
    printf " %6s | %7s %6s %6s %7s %6s\n", "x boot", "ip fit", "x ip", "x opt", "ip boot", "x ip"
}
{
    printf "%-16s %-6s %7.3f %7.3f %7s %4s %5s", $1, $2, $3, $4, $5, $12, $6
    fastest = ""; fasto = ""; fastb = ""; same = "yes"
    for (i = 1; i <= np; i++) {
        c = 13 + 7 * (i - 1)
        s = $c; o = $(c + 1); bs = $(c + 3); ev = $(c + 5); at = $(c + 6)
        printf " %8s %4s %5s", s, at, ev
        if (s != "-") {
            if (fastest == "" || s + 0 < fastest) fastest = s + 0
            if (at != "-" && at + 0 > 0 && (fasto == "" || s + 0 < fasto)) fasto = s + 0
            if (o + 0 < $7 + 0 && rel(o + 0, $7 + 0) > tol) same = "NO"
            else if (o + 0 > $7 + 0 && rel(o + 0, $7 + 0) > tol && same == "yes") same = "below"
            if (bs != "nan" && bs != "-" && (fastb == "" || bs + 0 < fastb)) fastb = bs + 0
        }
    }
    printf " %6s %6s %-5s | %7.3f %7.3f %4s %5s", x(fastest, $3), x(fasto, $3), same, $8, $9, $10, $11
    for (i = 1; i <= np; i++) { c = 13 + 7 * (i - 1); printf " %8s %4s", $(c + 3), $(c + 4) }
    ipf = $(13 + 7 * np); ipb = $(14 + 7 * np)
    printf " %6s | %7.4f %6s %6s %7.4f %6s\n", x(fastb, $8), ipf, x(fastest, ipf), x(fasto, ipf), ipb, x(fastb, ipb)
    if (same == "NO") bad = 1
}
END { exit bad }' "$rows" || status=1
echo
echo "effcomp: whole process, best of 3, wall (start-up, CSV, fit, JSON) and cpu (user + system, all threads);"
echo "  conv: converged starts / starts; best: starts within $TOL relative of effcomp's best objective (each"
echo "  peer's: of its converged starts, within that of effcomp's best or below it); ev/st: evaluations per start."
echo "peers: in-process seconds; x fit, x boot: the fastest peer's time / effcomp's (above 1: effcomp faster);"
echo "  x opt: the same against the fastest peer with a start at effcomp's optimum (best > 0; - when none)."
echo "ip fit, ip boot: effcomp in process on one thread (bench_nlfit: after reading the data, best of 3, as the"
echo "  peers are timed); x ip, x opt: the fastest peer's time / that."
echo "same: yes when every peer's best objective is within $TOL relative of effcomp's; below: effcomp's is lower"
echo "  than some peer's by more than that; NO: a peer found a lower one (the exit status is then 1)."
echo "boot: the bootstrap command (a single fit from the best parameters + $BOOT refits); fail: refits that failed"
echo "  (effcomp: after retries; retry: effcomp's replicates refitted from other starts)."
exit $status
