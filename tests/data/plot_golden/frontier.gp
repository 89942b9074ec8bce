set terminal pngcairo size 1000,700 enhanced font 'Sans,12' linewidth 1.5
set output 'frontier.png'
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
set title "Compute-optimal allocation"
set xlabel "training compute C (FLOP)" noenhanced
set ylabel "parameters / tokens" noenhanced
set logscale x 10
set format x '10^{%L}'
set mxtics 10
set logscale y 10
set format y '10^{%L}'
set mytics 10
set xrange [1e+18:6.309573445e+23]
set key inside left top vertical samplen 2.5
plot @@frontier_nband using 1:2:3 with filledcurves fc rgb '#f1948a' title 'N^* band', \
     @@frontier_dband using 1:2:3 with filledcurves fc rgb '#a9dfbf' title 'D^* band', \
     @@frontier_n using 1:2 with lines ls 2 title 'N^*(C), parameters', \
     @@frontier_d using 1:2 with lines ls 4 title 'D^*(C), training tokens'
