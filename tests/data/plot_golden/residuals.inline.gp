$res_data << EOD
# x residual
1e+19 0
1.77827941e+19 0.01983329621
3.16227766e+19 -0.005110822041
5.623413252e+19 -0.01851629365
1e+20 0.009882267023
1.77827941e+20 0.01596974225
3.16227766e+20 -0.01399749375
5.623413252e+20 -0.01236274224
1e+21 0.0171832363
1.77827941e+21 0.007934811463
3.16227766e+21 -0.01922794984
5.623413252e+21 -0.002979980516
EOD
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
plot $res_data using 1:2 with points ls 1 title 'residuals (n = 12, RMS 0.0135)'
