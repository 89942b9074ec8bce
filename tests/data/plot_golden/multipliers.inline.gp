$factors << EOD
# factor row lo95 hi95
3.42 3 2.7 4.3
0.342 1 0.27 0.43
EOD
$reference << EOD
# factor row
1 2
EOD
$unity << EOD
# x y: the vertical line at factor 1
1 0.4
1 3.6
EOD
set terminal pngcairo size 1000,700 enhanced font 'Sans,12' linewidth 1.5
set output 'multipliers.png'
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
set title "Efficiency factors test"
set logscale x 10
set format x '10^{%L}'
set mxtics 10
set format x '%g'
set xtics (0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000)
set xrange [0.2163691748:14.94223515]
set yrange [0.4:3.6]
set xlabel "efficiency factor, relative to the reference"
set ytics scale 0 noenhanced ("NewModel" 3, "Llama 3.1-405B" 2, "Llama 4 Maverick" 1)
set grid noytics
set bmargin 5.5
set key at screen 0.5, character 0.5 center bottom horizontal samplen 3
set style textbox opaque fillcolor rgb '#ffffff' noborder margins 0.5, 0.5
set label 1 "3.42  [2.7, 4.3]" at first 4.3, first 3 left offset character 1.2, 0 boxed noenhanced front
set label 2 "1 (reference)" at first 1, first 2 left offset character 1.2, 0 boxed noenhanced front
set label 3 "0.342  [0.27, 0.43]" at first 0.43, first 1 left offset character 1.2, 0 boxed noenhanced front
plot $unity using 1:2 with lines ls 6 lw 2 title "reference: Llama 3.1-405B" noenhanced, \
     $factors using 1:2:3:4 with xerrorbars ls 1 pt 7 ps 1.4 lw 1.5 title "factor, 95% interval", \
     $reference using 1:2 with points pt 13 ps 1.8 lc rgb '#7f8c8d' notitle
