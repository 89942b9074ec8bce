# A data row where the law is undefined (x = 0 for a power law) is refused like the
# same point given with --at: exit 2, the file and line named, no output written.
cd "$T" && printf 'x,y\n1,1\n2,2\n0,3\n' > pz.csv
$EFFCOMP predict --form power --params 'A=2,alpha=0.5' --data pz.csv --columns 'x=x,y=y' -o keep.csv
echo "exit $?"
ls
