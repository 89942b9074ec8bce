# The simulate command's help: usage, the distributions, every option with its default.
$EFFCOMP simulate --help
