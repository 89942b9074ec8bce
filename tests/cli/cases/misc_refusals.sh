# Refused before any work: --form for trend (it chooses its form, even the default name),
# a form listed twice or an empty item in compare's --forms, a default log_sd whose weight
# overflows.
cd "$T" && printf 'model,date,flop\na,2020.0,1e21\nb,2020.5,2e21\nc,2021.0,4e21\n' > t.csv
$EFFCOMP trend --data t.csv --x date --y flop --form chinchilla; echo "exit $?"
$EFFCOMP compare --data "$DATA/epoch_chinchilla_svg_extracted_data.csv" --columns 'N=Model Size,C=Training FLOP,L=loss' \
  --forms chinchilla,chinchilla; echo "exit $?"
$EFFCOMP compare --data "$DATA/epoch_chinchilla_svg_extracted_data.csv" --columns 'N=Model Size,C=Training FLOP,L=loss' \
  --forms chinchilla,; echo "exit $?"
$EFFCOMP claims --claims "$DATA/claims_example.csv" --reference NewModel --default-log-sd 1e-200; echo "exit $?"
$EFFCOMP fit --data "$DATA/epoch_chinchilla_svg_extracted_data.csv" --columns 'N=Model Size,C=Training FLOP,L=loss' \
  --starts single -o ''; echo "exit $?"
