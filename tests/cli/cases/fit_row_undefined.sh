# One row the law cannot take (x = -5 for a power law) is named with its file and line.
cd "$T" && printf 'x,y\n1,1\n2,0.7\n3,0.58\n-5,0.5\n5,0.45\n' > pw.csv
$EFFCOMP fit --form power --data pw.csv --columns 'x=x,y=y'
