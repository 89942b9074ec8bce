# Indented comments and blank lines are fine.
$EFFCOMP run tests/data/run_indented_comment.ini --dry-run
