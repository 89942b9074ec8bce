# An image named after a result whose path is near the limit: refused (exit 2) with the way out,
# rather than written under a name cut short (it was: 'fitxx.residuals.pn'); with -o it is drawn.
$EFFCOMP fit --data $DATA/epoch_chinchilla_svg_extracted_data.csv \
  --columns 'N=Model Size,C=Training FLOP,L=loss' --drop-highest 5 --starts single -o $T/fit.json -q || exit 1
cd $T && d=$(awk 'BEGIN { s = ""; for (i = 0; i < 200; i++) s = s "d"; print s "/" s "/" s "/" s "/" s }')
mkdir -p "$d" && cp fit.json "$d/fitxx.json"
echo "path of $(printf '%s' "$d/fitxx.json" | wc -c) bytes"
{ $EFFCOMP plot "$d/fitxx.json" --kind residuals 2>&1; echo "exit $?"; } | sed "s|$T|T|"
ls "$d"
$EFFCOMP plot "$d/fitxx.json" --kind residuals -o short.png -q && ls short.png
