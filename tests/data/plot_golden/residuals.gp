set terminal pngcairo size 1000,700 enhanced font 'Sans,12' linewidth 1.5
set output 'residuals.png'
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
set title "Residuals of the fit"
set xlabel "training compute C (FLOP)" noenhanced
set ylabel "residual" noenhanced
set logscale x 10
set format x '10^{%L}'
set mxtics 10
set xrange [8.269895086e+18:6.79986045e+21]
set yrange [-0.02280829064:0.02280829064]
set key outside right top vertical Left reverse samplen 2.5 nobox
set arrow 1 from graph 0, first 0 to graph 1, first 0 nohead ls 6 back
plot @@res_data using 1:2 with points ls 1 title 'residuals (n = 12, RMS 0.0135)'
