# Gadre et al.'s loss -> error map (exp-error, the 17-task average error against the C4 validation loss). 11 of
# the 36 grid starts predict an error <= 0 at some points, where the log losses are undefined: they are moved by
# least squares first, so every start converges (25 of 36 did before), to scipy's optimum (huber
# 0.0021283357658049753, trf; ls-log 0.03858042481725126, lm).
# The solver's stopping reason and gamma's eighth digit differ between the vector exp's paths (AVX2, AVX-512):
# shown as (...) and cut to 6 decimals.
{ $EFFCOMP fit --data "$DATA/gadre2024_overtrain_104_models.csv" --columns 'x=loss_c4_val,y=err_avg_subset' \
    --form exp-error; echo "exit $?"; } | sed -E 's/^(status: +converged) \(.*\)$/\1 (...)/; s/^(gamma += [0-9]\.[0-9]{6})[0-9]*/\1/'
$EFFCOMP fit --data "$DATA/gadre2024_overtrain_104_models.csv" --columns 'x=loss_c4_val,y=err_avg_subset' \
    --form exp-error --loss ls-log | grep -E '^(starts|objective|eps|k |gamma)'
echo "exit $?"
