# A size with a bad suffix, an unknown policy, a MoE size without total, an efficiency
# that is neither a number nor a ledger's model, claims:MODEL without --claims,
# @STEP:MODEL outside a scenario: each a message, exit 2.
for args in "--sizes 10X" "--sizes 1T --policies chinchilla-optimal" "--sizes active=17B" \
            "--sizes 1T --efficiency fast" "--sizes 1T --efficiency claims:NewModel" \
            "--sizes 1T --efficiency @claims:NewModel --claims $T/none.json" "--sizes 1T --policies loss=1.5"; do
  $EFFCOMP project --form chinchilla --params 'E=1.8172181,A=477.82591,B=2143.4172,alpha=0.3473105,beta=0.36717243' $args -o $T/out.json
  echo "exit $?"
done
ls $T
