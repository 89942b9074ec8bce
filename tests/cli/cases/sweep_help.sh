# The sweep command's help.
$EFFCOMP sweep --help
