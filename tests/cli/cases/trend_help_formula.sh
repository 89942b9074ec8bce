# The help gives the doubling time the code computes: 12 log10(2)/g months.
$EFFCOMP trend --help | grep -E 'log10\(2\)|significant'
