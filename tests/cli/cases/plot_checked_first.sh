# --plot is checked before the work: a file name that is no image format (exit 2) or a
# folder that does not exist (exit 1) stops the command before it writes anything.
cd "$T"
$EFFCOMP isoflop --data "$DATA/llama3_isoflops_points.csv" \
  --columns 'C=compute_budget,D=training_tokens,L=validation_loss' -o i.json --plot i.txt
echo "exit $?"
$EFFCOMP fit --data "$DATA/epoch_chinchilla_svg_extracted_data.csv" --columns 'N=Model Size,C=Training FLOP,L=loss' \
  --starts single -o f.json --plot no/such/folder/f.png
echo "exit $?"
$EFFCOMP claims --claims "$DATA/claims_example.csv" --reference NewModel --plot m.gif -o c.json
echo "exit $?"
ls
