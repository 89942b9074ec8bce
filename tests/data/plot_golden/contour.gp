set terminal pngcairo size 1000,700 enhanced font 'Sans,12' linewidth 1.5
set output 'contour.png'
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
set title "Iso-loss contours, D = C/(6N)"
set xlabel "training compute C (FLOP)" noenhanced
set ylabel "parameters N" noenhanced
set cblabel "loss" noenhanced
set logscale x 10
set format x '10^{%L}'
set mxtics 10
set logscale y 10
set format y '10^{%L}'
set mytics 10
set xrange [1e+18:1e+23]
set yrange [10000000:1e+11]
set cbrange [-0.6692619726:0.4775125861]
set view map
set pm3d explicit corners2color c1
set style fill solid 1 noborder
set grid front
set lmargin at screen 0.1
set rmargin at screen 0.83
set bmargin at screen 0.17
set tmargin at screen 0.9
set colorbox user origin screen 0.86, screen 0.17 size screen 0.025, screen 0.73
set palette defined (0 '#fff7bc', 0.35 '#c2e699', 0.7 '#78c6c0', 1 '#4a8cc2')
set contour base
set cntrparam linear
set cntrparam levels discrete 2.07,2.15,2.26,2.42,2.62,2.89,3.26,3.75,4.41
set cbtics ("2.07" -0.5972229304, "2.15" -0.4778166824, "2.26" -0.3537923878, "2.42" -0.2198267564, "2.62" -0.09539263618, "2.89" 0.03051876484, "3.26" 0.1592061336, "3.75" 0.2861869169, "4.41" 0.413769018)
set cntrlabel onecolor format '%.3g' font ',9' start 15 interval 45
set style textbox opaque fillcolor rgb '#ffffff' noborder margins 1,1
set key at screen 0.465, screen 0.06 center center horizontal maxrows 1 nobox
splot @@contour_heat matrix using (10**(18+0.08474576271*$1)):(10**(7+0.06779661017*$2)):3 with pm3d nocontours notitle, \
      @@contour_loss matrix using (10**(18+0.08474576271*$1)):(10**(7+0.06779661017*$2)):3 with lines nosurface lc rgb '#555555' lw 0.8 notitle, \
      @@contour_loss matrix using (10**(18+0.08474576271*$1)):(10**(7+0.06779661017*$2)):3 with labels boxed nosurface notitle, \
      @@contour_front using 1:2:(0) with lines ls 2 lw 3 nocontours title 'compute-optimal N^*(C)', \
      @@contour_data using 1:2:(0) with points ls 1 nocontours title 'data'
