# An output that is a symbolic link to an earlier result: a failed run leaves the result as
# it was, a successful one rewrites it and keeps the link (for -o and for images alike).
cd "$T" && echo OLD > old.json && ln -s old.json link.json
$EFFCOMP isoflop --data "$FIX/isoflop_concave.csv" --columns 'C=C,N=N,L=L' -o link.json 2>/dev/null
echo "exit $? (failed run): old.json says $(cat old.json)"
$EFFCOMP fit --data "$DATA/epoch_chinchilla_svg_extracted_data.csv" --columns 'N=Model Size,C=Training FLOP,L=loss' \
  --starts single -o link.json -q
echo "exit $?: link.json is a link: $(test -L link.json && echo yes); old.json is JSON: $(head -c 1 old.json)"
echo OLD > old.png && ln -s old.png pic.png
$EFFCOMP plot link.json --kind residuals -o pic.png -q
echo "exit $?: pic.png is a link: $(test -L pic.png && echo yes); old.png is a PNG: $(head -c 4 old.png | tail -c 3)"
ls
# The rewritten file keeps its permissions (a private 0600 result stays private).
chmod 600 old.json
$EFFCOMP fit --data "$DATA/epoch_chinchilla_svg_extracted_data.csv" --columns 'N=Model Size,C=Training FLOP,L=loss' \
  --starts single -o link.json -q
echo "exit $?: old.json mode $(stat -c %a old.json)"
