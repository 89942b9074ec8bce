# A JSON input that is empty, a folder, binary, truncated or malformed: the message says which,
# with line:column for a parse error; exit 2.
cd "$T" && : > empty.json && mkdir dir.json && printf '{"a"\0: 1}' > nul.json
printf '{"form": "chinchilla", "params": {' > trunc.json && printf '{\n "a": 1,\n "b": x\n}' > bad.json
for f in empty.json dir.json nul.json trunc.json bad.json; do
  $EFFCOMP optimal --fit $f --compute 1e24; echo "exit $?"
done
