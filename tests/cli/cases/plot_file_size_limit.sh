# Past a file-size limit (ulimit -f, 12 KiB here) gnuplot's image is cut short and gnuplot still
# exits 0: plot and fit --plot refuse the incomplete image (exit 1) with the cause the file
# system gives (File too large), the earlier image is byte-identical and no temporary file is
# left (issue 14, the same checks as tests/fault/full_disk.sh on a full tmpfs, without root).
# Our own outputs past the limit: the same, with the file named.
cd "$T" || exit 1
$EFFCOMP fit --data $DATA/epoch_chinchilla_svg_extracted_data.csv --columns 'N=Model Size,C=Training FLOP,L=loss' \
  --starts single --bootstrap 20 -o f.json --replicates-out f.csv -q || exit 1
for fmt in png svg pdf; do $EFFCOMP plot f.json --kind fit -o good.$fmt -q || exit 1; done
cp f.json old.json
sha256sum good.* old.json > before
(
  ulimit -f 24
  for fmt in png svg pdf; do
    { $EFFCOMP plot f.json --kind fit -o good.$fmt 2>&1; echo "plot $fmt: exit $?"; }
  done
  { $EFFCOMP fit --data $DATA/epoch_chinchilla_svg_extracted_data.csv --columns 'N=Model Size,C=Training FLOP,L=loss' \
      --starts single -o f2.json --plot good.png -q 2>&1; echo "fit --plot: exit $?"; }
  { $EFFCOMP fit --data $DATA/epoch_chinchilla_svg_extracted_data.csv --columns 'N=Model Size,C=Training FLOP,L=loss' \
      --starts single --bootstrap 300 -o old.json --replicates-out r.csv -q 2>&1; echo "fit -o --replicates-out: exit $?"; }
)
sha256sum good.* old.json | cmp -s - before && echo "earlier files byte-identical"
ls
