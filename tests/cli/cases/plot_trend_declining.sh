# The trend figure's label names a halving time for a declining series (there is no doubling
# time), and says when the trend is not significant.
cd "$T" && printf 'model,date,flop\na,2020.0,4e21\nb,2020.5,1e21\nc,2021.0,2e21\nd,2021.5,1e21\ne,2022.0,1e21\nf,2022.5,0.9e21\n' > decl.csv
$EFFCOMP trend --data decl.csv --x date --y flop -o decl.json -q || exit 1
$EFFCOMP plot decl.json --format dumb | grep -o '[0-9.]*x per year[^+|]*' | sed 's/ *$//'
printf 'model,date,flop\na,2020.0,1e21\nb,2020.5,3e21\nc,2021.0,1e21\nd,2021.5,2e21\ne,2022.0,1e21\nf,2022.5,2.5e21\n' > noisy.csv
$EFFCOMP trend --data noisy.csv --x date --y flop -o noisy.json -q || exit 1
$EFFCOMP plot noisy.json --format dumb --width 1200 | grep -o '[0-9.]*x per year[^+|]*' | sed 's/ *$//'
