# predict --help lists every option of its tables (the data options it shares with fit too).
$EFFCOMP predict --help
