$points << EOD
# t y
2015 2.5e+17
2016.25 1.579288816e+19
2017.5 3.897114317e+18
2018 1.08e+20
2019.25 2.665049876e+19
2020.5 1.683553385e+21
2021 1.8225e+20
2022.25 1.151301547e+22
EOD
$line << EOD
# t y lo95 hi95
2014 3.333333333e+17 1.666666667e+17 6.666666667e+17
2016.5 5.196152423e+18 2.598076211e+18 1.039230485e+19
2019 8.1e+19 4.05e+19 1.62e+20
2021.5 1.262665039e+21 6.313325194e+20 2.525330077e+21
2024 1.9683e+22 9.8415e+21 3.9366e+22
EOD
$line_data << EOD
# t y lo95 hi95, over the data
2015 1e+18 5e+17 2e+18
2016.5 5.196152423e+18 2.598076211e+18 1.039230485e+19
2019 8.1e+19 4.05e+19 1.62e+20
2021.5 1.262665039e+21 6.313325194e+20 2.525330077e+21
2022.25 2.878253866e+21 1.439126933e+21 5.756507733e+21
EOD
set terminal pngcairo size 1000,700 enhanced font 'Sans,12' linewidth 1.5
set output 'trend.png'
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
set title "Trend test"
set logscale y 10
set format y '10^{%L}'
set mytics 10
set xlabel "date (year)"
set ylabel "training compute (FLOP)" noenhanced
set format x '%.0f'
set xtics 2
set mxtics 2
set bmargin 6.5
set key at screen 0.5, character 0.5 center bottom horizontal samplen 3
set xrange [2013.7:2024.3]
set style textbox opaque fillcolor rgb '#ffffff' border lc rgb '#444444' margins 1.5, 1.2
set label 1 "3x/year, doubling 7.6 months" at graph 0.03, graph 0.93 left boxed front noenhanced
plot $line_data using 1:3:4 with filledcurves fc rgb '#f1948a' title "95% band", \
     $line using 1:3:4 with filledcurves fc rgb '#f1948a' fs transparent solid 0.15 notitle, \
     $points using 1:2 with points ls 1 pt 7 ps 0.6 title "data", \
     $line using 1:2 with lines ls 3 title "fit, extrapolated", \
     $line_data using 1:2 with lines ls 2 title "fit"
