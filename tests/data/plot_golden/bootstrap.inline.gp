$boot_hist1 << EOD
# bin_centre count
1.73808893 12
1.760721771 6
1.783354613 3
1.805987454 4
1.828620295 7
1.851253137 4
1.873885978 8
1.896518819 16
EOD
$boot_marks1 << EOD
# x y dx dy: estimate, 2.5% and 97.5% percentiles
1.8172 0 0 17.92
1.726866605 0 0 17.92
1.907765938 0 0 17.92
EOD
$boot_hist2 << EOD
# bin_centre count
456.8755634 11
462.8066535 7
468.7377436 6
474.6688337 8
480.5999238 0
486.5310138 6
492.4621039 8
498.393194 14
EOD
$boot_marks2 << EOD
# x y dx dy: estimate, 2.5% and 97.5% percentiles
477.8 0 0 15.68
453.9122171 0 0 15.68
501.3268323 0 0 15.68
EOD
$boot_hist3 << EOD
# bin_centre count
2049.373736 15
2076.106028 6
2102.838321 4
2129.570613 5
2156.302905 5
2183.035198 3
2209.76749 7
2236.499783 14
EOD
$boot_marks3 << EOD
# x y dx dy: estimate, 2.5% and 97.5% percentiles
2143 0 0 16.8
2036.232301 0 0 16.8
2249.58236 0 0 16.8
EOD
set terminal pngcairo size 1000,700 enhanced font 'Sans,12' linewidth 1.5
set output 'bootstrap.png'
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
set title "Bootstrap distributions of the parameters"
unset title
unset key
set ylabel 'replicates'
set xtics nomirror
unset mxtics
set multiplot layout 2,2 title "Bootstrap distributions of the parameters\n{/*0.8 60 replicates; solid line: point estimate; dashed lines: 2.5% and 97.5% percentiles}"
set xrange [1.71953:1.915077749]
set yrange [0:18.88]
set xtics 0.05
set title "E = 1.817\n95% interval [1.727, 1.908]" noenhanced
plot $boot_hist1 using 1:2:(0.02263284129) with boxes fc rgb '#1f4e79' fs solid 0.55 border lc rgb '#ffffff' notitle, \
     $boot_marks1 using 1:2:3:4 every ::1::2 with vectors nohead ls 3 notitle, \
     $boot_marks1 using 1:2:3:4 every ::0::0 with vectors nohead ls 2 notitle
set xrange [452.0120696:503.2566879]
set yrange [0:16.52]
set xtics 10
set title "A = 477.8\n95% interval [453.9, 501.3]" noenhanced
plot $boot_hist2 using 1:2:(5.931090083) with boxes fc rgb '#1f4e79' fs solid 0.55 border lc rgb '#ffffff' notitle, \
     $boot_marks2 using 1:2:3:4 every ::1::2 with vectors nohead ls 3 notitle, \
     $boot_marks2 using 1:2:3:4 every ::0::0 with vectors nohead ls 2 notitle
set xrange [2027.453256:2258.420262]
set yrange [0:17.7]
set xtics 50
set title "B_\"x\" = 2143\n95% interval [2036, 2250]" noenhanced
plot $boot_hist3 using 1:2:(26.73229238) with boxes fc rgb '#1f4e79' fs solid 0.55 border lc rgb '#ffffff' notitle, \
     $boot_marks3 using 1:2:3:4 every ::1::2 with vectors nohead ls 3 notitle, \
     $boot_marks3 using 1:2:3:4 every ::0::0 with vectors nohead ls 2 notitle
unset multiplot
