# Input paths are relative to the scenario file, output paths to -o DIR (created, with
# the folders of each output); --set overrides a key of a step by its id.
cd "$T" || exit 1
mkdir -p sc/inputs
cp "$DATA/epoch_chinchilla_svg_extracted_data.csv" sc/inputs/points.csv
cat > sc/s.ini <<INI
[fit small]
data = inputs/points.csv
columns = N=Model Size,C=Training FLOP,L=loss
starts = single
output = fits/small.json
INI
cd /
$EFFCOMP run "$T/sc/s.ini" -o "$T/out/deep" --set small.drop_highest=5 -q || exit 1
cd "$T" && find out -type f | sort
/usr/bin/python3 -c "import json; j = json.load(open('out/deep/fits/small.json')); print(j['input']['drop_highest'], j['input']['path'].endswith('sc/inputs/points.csv'))"
$EFFCOMP run sc/s.ini --set small.delta=-1
echo "exit $?"
$EFFCOMP run sc/s.ini --set big.delta=1
echo "exit $?"
$EFFCOMP run sc/s.ini --set delta=1
echo "exit $?"
