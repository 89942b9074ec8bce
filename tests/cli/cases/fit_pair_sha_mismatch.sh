# A fit JSON names its replicates file's SHA-256 (bootstrap.replicates_sha256); every reader of the
# pair refuses a replicates file that is not the one written with it, exit 2, both files named
# (issue 15: two runs writing the same -o and replicates file left a mismatched pair in 2 of 30
# trials). b.csv has the same form, seed and length as a.csv, so only the digest tells them apart.
cd "$T" || exit 1
fit() { $EFFCOMP fit --data $DATA/epoch_chinchilla_svg_extracted_data.csv --columns 'N=Model Size,C=Training FLOP,L=loss' \
  --starts single --bootstrap 20 --seed 1 -q "$@" || exit 1; }
fit -o a.json --replicates-out a.csv
fit --drop-highest 5 -o b.json --replicates-out b.csv
want=$(sha256sum a.csv | cut -c1-64)
grep -q "\"replicates_sha256\":	\"$want\"" a.json && echo "a.json names a.csv's SHA-256"
$EFFCOMP predict --fit a.json --at 'N=70e9,D=1.4e12' > /dev/null; echo "matching pair: $?"
cp b.csv a.csv # the recorded file, replaced by another run's
# digests differ between machines (libm's last digits): masked
run() { name=$1; shift; { "$@" 2>&1 >/dev/null; echo "$name: exit $?"; } | sed -e "s|$T|T|g" -e "s/[0-9a-f]\{16\}[.][.][.]/HASH.../g"; }
run predict $EFFCOMP predict --fit a.json --at 'N=70e9,D=1.4e12'
run optimal $EFFCOMP optimal --fit a.json --compute 1e24 -o opt.json
run multiplier $EFFCOMP multiplier --fit a.json --model 'N=70e9,D=1.4e12'
run plot $EFFCOMP plot a.json --kind frontier -o f.png
run project $EFFCOMP project --fit a.json --sizes 1T -o p.json
run simulate $EFFCOMP simulate --fit a.json --start-year 2025 --start-compute 1e26 --end-year 2030 \
  --compute-growth 'lognormal(median=3, ci90=[1.5, 6])' --loss-thresholds 1.9 --draws 1000 -o s.json
printf '[optimal]\nfit = a.json\ncompute = 1e24\noutput = o2.json\n' > s.ini
run run $EFFCOMP run s.ini
# given with --replicates: an effcomp file of another run is refused; a hand-made one (no header line)
# has no digest to agree with and is read as before; the fit's own file is accepted
run "--replicates b.csv" $EFFCOMP predict --fit a.json --replicates b.csv --at 'N=70e9,D=1.4e12'
grep -v '^#' b.csv > plain.csv
run "--replicates plain.csv" $EFFCOMP predict --fit a.json --replicates plain.csv --at 'N=70e9,D=1.4e12'
run "b.json --replicates b.csv" $EFFCOMP predict --fit b.json --replicates b.csv --at 'N=70e9,D=1.4e12'
ls
