# The project command's help: usage, the policies, every option with its default.
$EFFCOMP project --help
