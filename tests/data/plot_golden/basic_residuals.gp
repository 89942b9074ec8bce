$residuals << EOD
# x residual
1e+18 0
1.584893192e+18 0.008414709848
2.511886432e+18 0.009092974268
3.981071706e+18 0.001411200081
6.309573445e+18 -0.007568024953
1e+19 -0.009589242747
1.584893192e+19 -0.002794154982
2.511886432e+19 0.006569865987
3.981071706e+19 0.009893582466
6.309573445e+19 0.004121184852
1e+20 -0.005440211109
1.584893192e+20 -0.009999902066
2.511886432e+20 -0.00536572918
3.981071706e+20 0.004201670368
6.309573445e+20 0.009906073557
1e+21 0.006502878402
1.584893192e+21 -0.002879033167
2.511886432e+21 -0.009613974919
3.981071706e+21 -0.007509872468
6.309573445e+21 0.001498772097
EOD
set terminal pngcairo size 1000,700 enhanced font 'Sans,12' linewidth 1.5
set output 'figure.png'
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
set title "Residuals"
set xlabel "compute C (FLOP)"
set ylabel "log ratio"
unset key
set logscale x 10
set format x '10^{%L}'
set mxtics 10
plot $residuals using 1:2 with points ls 1, 0 with lines ls 6
