# One plot step draws one result.
$EFFCOMP run tests/data/run_plot_two_results.ini --dry-run
