$hist0 << EOD
# bin_centre count
0.9037544822 4
0.9104020564 3
0.9170496307 2
0.9236972049 2
0.9303447792 2
0.9369923535 2
0.9436399277 0
0.950287502 1
0.9569350762 2
0.9635826505 0
0.9702302248 1
0.976877799 1
0.9835253733 0
0.9901729475 2
0.9968205218 2
1.003468096 0
1.01011567 2
1.016763245 0
1.023410819 2
1.030058393 2
1.036705967 0
1.043353542 2
1.050001116 2
1.05664869 0
1.063296264 2
1.069943839 1
1.076591413 2
1.083238987 1
1.089886561 3
1.096534136 5
EOD
$hist1 << EOD
# bin_centre count
1.806966273 4
1.820266979 3
1.833567686 2
1.846868392 2
1.860169098 1
1.873469805 1
1.886770511 1
1.900071217 1
1.913371924 2
1.92667263 2
1.939973336 2
1.953274043 0
1.966574749 0
1.979875455 2
1.993176162 0
2.006476868 3
2.019777574 0
2.033078281 2
2.046378987 1
2.059679693 1
2.0729804 1
2.086281106 0
2.099581812 2
2.112882519 1
2.126183225 2
2.139483931 2
2.152784638 1
2.166085344 2
2.17938605 2
2.192686757 5
EOD
$hist2 << EOD
# bin_centre count
2.710473519 5
2.730439296 3
2.750405072 1
2.770370849 2
2.790336625 2
2.810302402 1
2.830268179 1
2.850233955 1
2.870199732 2
2.890165508 1
2.910131285 0
2.930097061 2
2.950062838 1
2.970028614 1
2.989994391 1
3.009960167 2
3.029925944 1
3.04989172 1
3.069857497 0
3.089823274 2
3.10978905 1
3.129754827 1
3.149720603 1
3.16968638 2
3.189652156 1
3.209617933 2
3.229583709 1
3.249549486 2
3.269515262 2
3.289481039 5
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
set multiplot layout 1,3 title "Bootstrap"
unset key
set ylabel 'replicates'
set style fill solid 0.6 border lc rgb '#ffffff'
set label 1 "solid: estimate; dotted: 95% interval" at screen 0.99, screen 0.02 right
unset arrow
set title "a"
unset xlabel
set boxwidth 0.00664757426
set xtics 0.05 rotate by 30 right
set format x '%.3g'
set yrange [0:*]
set arrow 1 from 1, graph 0 to 1, graph 1 nohead front ls 2
set arrow 2 from 0.901297376, graph 0 to 0.901297376, graph 1 nohead front ls 6
set arrow 3 from 1.099589478, graph 0 to 1.099589478, graph 1 nohead front ls 6
plot $hist0 using 1:2 with boxes fc rgb '#1f4e79'
unset arrow
set title "b"
unset xlabel
set boxwidth 0.01330070632
set xtics 0.1 rotate by 30 right
set format x '%.3g'
set yrange [0:*]
set arrow 1 from 2, graph 0 to 2, graph 1 nohead front ls 2
set arrow 2 from 1.80056439, graph 0 to 1.80056439, graph 1 nohead front ls 6
set arrow 3 from 2.197256792, graph 0 to 2.197256792, graph 1 nohead front ls 6
plot $hist1 using 1:2 with boxes fc rgb '#1f4e79'
unset arrow
set title "c"
unset xlabel
set boxwidth 0.01996577654
set xtics 0.1 rotate by 30 right
set format x '%.3g'
set yrange [0:*]
set arrow 1 from 3, graph 0 to 3, graph 1 nohead front ls 2
set arrow 2 from 2.701693331, graph 0 to 2.701693331, graph 1 nohead front ls 6
set arrow 3 from 3.29704542, graph 0 to 3.29704542, graph 1 nohead front ls 6
plot $hist2 using 1:2 with boxes fc rgb '#1f4e79'
unset multiplot
