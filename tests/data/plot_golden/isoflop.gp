set terminal pngcairo size 1000,700 enhanced font 'Sans,12' linewidth 1.5
set output 'isoflop.png'
set encoding utf8
set datafile missing 'NaN'
set style line 1 lc rgb '#1f4e79' pt 7 ps 0.8
set style line 2 lc rgb '#c0392b' lw 2
set style line 3 lc rgb '#c0392b' lw 2 dt 2
set style line 4 lc rgb '#117a65' lw 2
set style line 5 lc rgb '#117a65' lw 2 dt 2
set style line 6 lc rgb '#7f8c8d' lw 1 dt 3
set style fill transparent solid 0.35 noborder
set grid lc rgb '#dddddd'
set border lc rgb '#444444'
set key box opaque
set title "isoFLOP test"
unset title
set multiplot title "isoFLOP test"
set tmargin 2.5
set bmargin 3.5
set lmargin 9
set rmargin 12
set origin 0, 0
set size 0.55, 0.93
set title "Loss at fixed compute"
set logscale x 10
set format x '10^{%L}'
set mxtics 10
set xrange [199526231.5:3.16227766e+10]
set xlabel "training tokens" noenhanced
set ylabel "loss"
set palette defined (0 '#440154', 1 '#3b528b', 2 '#21908d', 3 '#5dc963', 4 '#c2a01d')
set style fill solid 1.0 noborder
set cbrange [18:20]
set cblabel "log10 compute (FLOP)"
set format cb '%g'
set colorbox vertical user origin graph 1.04, graph 0 size character 1.5, graph 1
set key inside top right opaque samplen 2
set offsets 0, 0, graph 0.21, graph 0.03
plot @@points using 1:2:3 with points pt 7 ps 0.7 lc palette notitle, \
     for [k=0:0] @@extensions every ::(k*41)::(k*41+40) using 1:2:3 with lines lw 2 dt 2 lc palette notitle, \
     for [k=0:2] @@parabolas every ::(k*41)::(k*41+40) using 1:2:3 with lines lw 2 lc palette notitle, \
     @@minima using 1:2:3 with points pt 13 ps 2.2 lc palette notitle, \
     @@minima using 1:2 with points pt 12 ps 2.2 lc rgb '#222222' notitle, \
     NaN with points pt 7 ps 0.7 lc rgb '#666666' title "runs", \
     NaN with lines lw 2 lc rgb '#666666' title "parabola fit", \
     NaN with lines lw 2 dt 2 lc rgb '#666666' title "extended to vertex", \
     NaN with points pt 12 ps 2.2 lc rgb '#222222' title "minimum"
set title "Compute-optimal frontier"
unset colorbox
set offsets 0, 0, 0, 0
set lmargin 10
set rmargin 2
set origin 0.55, 0
set size 0.45, 0.93
set logscale x 10
set format x '10^{%L}'
set mxtics 10
set logscale y 10
set format y '10^{%L}'
set mytics 10
set xlabel "compute C (FLOP)"
set ylabel "optimal training tokens D*" noenhanced
set key inside bottom right opaque samplen 2
set xrange [2.511886432e+17:3.981071706e+20]
set yrange [119432151.2:3.548133892e+10]
plot @@frontier_ext using 1:2 with lines ls 3 notitle, \
     @@frontier using 1:2 with lines ls 2 title "D* = 0.3·C^{0.5}", \
     @@optima using 1:2 with points ls 1 pt 13 ps 1.6 title "optimum"
unset multiplot
