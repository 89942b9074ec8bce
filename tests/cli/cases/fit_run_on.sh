# bnsl's least squares on the Chinchilla points: before 2026-12-08 the fit reported a converged 0.39373 (f1 = 0.3,
# its grid value, unmoved) while 30 of its 324 starts had stopped at max_iter lower. Now the 8 lowest run on for 4
# times --max-iter (starts.run_on), the fit ends at 0.35964 with the break sharp (f1 -> 0; without the run-on
# 0.35970), and it says so: exit 3, "parameter at infinity", the JSON written. The objective's last digits vary with
# the machine's vector exp: only its bounds are shown.
cd "$T"
{ $EFFCOMP fit --data "$DATA/epoch_chinchilla_svg_extracted_data.csv" --columns 'x=Training FLOP,y=loss' \
    --drop-highest 5 --form bnsl --loss ls -o b.json 2>&1; echo "exit $?"; } |
  sed -E 's/(f1 = )[0-9.e+-]+/\1F1/; s/\(solver: .*\)$/(solver: ...)/'
$EFFCOMP report b.json | grep -E '^(starts| +the [0-9]+ lowest|status)' | sed -E 's/(f1 = )[0-9.e+-]+/\1F1/; s/\(solver: .*\)$/(solver: ...)/; s/[0-9]+ converged, [0-9]+ at/N converged, M at/'
/usr/bin/python3 -c "
import json
j = json.load(open('b.json'))
print('run_on', j['starts']['run_on'], 'objective in (0.3590, 0.35967)', 0.3590 < j['objective'] < 0.35967, 'converged', j['converged'], 'f1 below 1e-6', j['params']['f1'] < 1e-6)"
