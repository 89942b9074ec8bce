set terminal pngcairo size 1000,700 enhanced font 'Sans,12' linewidth 1.5
set output 'fit.png'
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
set title "Fit: L = E + a C^{-b}"
set xlabel "training compute C (FLOP)" noenhanced
set ylabel "loss" noenhanced
set logscale x 10
set format x '10^{%L}'
set mxtics 10
set xrange [7.655966069e+17:8.24138115e+23]
set style textbox opaque fillcolor rgb '#ffffff' border lc rgb '#444444' margins 4,3
set label 1 "E = 1.735\na = 1543\nb = 0.1634 \100\100x" at graph 0,0 left front boxed noenhanced offset character 1,3.2
set key inside right top vertical samplen 2.5
set key invert
plot @@fit_band using 1:2:3 with filledcurves fc rgb '#f1948a' title 'uncertainty band', \
     @@fit_lo using 1:2 with lines ls 3 title 'fit (extrapolated)', \
     @@fit_hi using 1:2 with lines ls 3 notitle, \
     @@fit_in using 1:2 with lines ls 2 title 'fit', \
     @@fit_data using 1:2 with points ls 1 title 'data'
