/*
 * ec_plot_sweep.c — the figures of a sweep and of a sensitivity analysis
 * (ec_plot_kinds.h): a recorded output against one varied key with its band
 * and the paired difference against a baseline cell; a heatmap over two
 * keys; bars of sensitivity indices with their intervals (tornado style).
 * Like every kind it only writes gnuplot text and data (ec_plot.h).
 */
#include "ec_plot_kinds.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const bar_color[] = {EC_PLOT_COLOR_DATA, EC_PLOT_COLOR_FIT, EC_PLOT_COLOR_ALT, "#b9770e"};

/* "set NAME (" "label" at, ...) ")": category tics, every `step`-th one labelled (rotated when many). */
static int category_tics(ec_plot *p, const char *axis, size_t n, const char *const *labels, int rotate)
{
    size_t step = n > 24 ? (n + 23) / 24 : 1;
    int rc = ec_plot_printf(p, "set %stics scale 0 noenhanced %s(", axis, rotate ? "rotate by 30 right " : "");
    for (size_t i = 0, k = 0; !rc && i < n; i += step, k++) {
        rc = ec_plot_printf(p, "%s", k ? ", " : "");
        if (!rc) rc = ec_plot_put_string(p, labels[i] ? labels[i] : "");
        if (!rc) rc = ec_plot_printf(p, " %zu", i);
    }
    if (!rc) rc = ec_plot_printf(p, ")\n");
    return rc;
}

static double finite_or_nan(const double *v, size_t i)
{
    return v && isfinite(v[i]) ? v[i] : NAN;
}

int ec_plot_sweep_line(ec_plot *p, const char *title, const char *xlabel, const char *ylabel, size_t n,
                       const double *x, const char *const *xlabels, int logx, const double *y, const double *lo,
                       const double *hi, const double *dy, const double *dlo, const double *dhi, const char *dlabel)
{
    if (!p || n < 1 || !y || (!x && !xlabels)) return EC_EINVAL;
    size_t finite = 0;
    for (size_t i = 0; i < n; i++) finite += isfinite(y[i]) && (!x || isfinite(x[i])) && (!logx || !x || x[i] > 0);
    if (!finite) return EC_EINVAL;
    const int cat = x == NULL, diff = dy != NULL;
    const size_t nc = diff ? 7 : 4;
    double *t = malloc(sizeof(double) * n * nc);
    if (!t) return EC_ENOMEM;
    int band = 0, dband = 0;
    for (size_t i = 0; i < n; i++) {
        double *r = t + i * nc;
        r[0] = cat ? (double)i : x[i];
        r[1] = finite_or_nan(y, i);
        r[2] = finite_or_nan(lo, i);
        r[3] = finite_or_nan(hi, i);
        band |= isfinite(r[2]) && isfinite(r[3]);
        if (diff) {
            r[4] = finite_or_nan(dy, i);
            r[5] = finite_or_nan(dlo, i);
            r[6] = finite_or_nan(dhi, i);
            dband |= isfinite(r[5]) && isfinite(r[6]);
        }
    }
    int rc = ec_plot_table(p, "sweep", diff ? "x y lo95 hi95 dy dlo95 dhi95" : "x y lo95 hi95", n, nc, t);
    free(t);
    if (!rc) rc = ec_plot_begin(p, title && title[0] ? title : "Sweep");
    if (!rc && logx && !cat) rc = ec_plot_log_axis(p, "x");
    if (!rc && cat) rc = category_tics(p, "x", n, xlabels, n > 6);
    if (!rc && cat) rc = ec_plot_printf(p, "set xrange [-0.5:%zu.5]\n", n - 1);
    if (!rc && !cat) { /* the values' range, a little padded (gnuplot's own would round a log axis out to decades) */
        double a = INFINITY, b = -INFINITY;
        for (size_t i = 0; i < n; i++)
            if (isfinite(x[i]) && (!logx || x[i] > 0)) a = fmin(a, x[i]), b = fmax(b, x[i]);
        if (logx && b > a) rc = ec_plot_printf(p, "set xrange [%.10g:%.10g]\n", a / pow(b / a, 0.03), b * pow(b / a, 0.03));
        else if (b > a) rc = ec_plot_printf(p, "set xrange [%.10g:%.10g]\n", a - 0.03 * (b - a), b + 0.03 * (b - a));
    }
    /* the key where the line is not: top right when it ends lower than it starts, else bottom right */
    double y0 = NAN, y1 = NAN;
    for (size_t i = 0; i < n; i++)
        if (isfinite(y[i])) y1 = y[i], y0 = isfinite(y0) ? y0 : y[i];
    if (!rc) rc = ec_plot_printf(p, "set key %s right Left reverse samplen 2.5\n", y1 < y0 ? "top" : "bottom");
    if (!rc && diff) rc = ec_plot_printf(p, "set multiplot layout 2,1 margins 0.12, 0.95, 0.1, 0.9 spacing 0, 0.08\n");
    if (!rc) rc = ec_plot_set_text(p, "xlabel", diff ? "" : xlabel);
    if (!rc) rc = ec_plot_set_text(p, "ylabel", ylabel);
    if (!rc) rc = ec_plot_printf(p, "plot ");
    if (!rc && band)
        rc = ec_plot_printf(p, "@@sweep using 1:3:4 with filledcurves lc rgb '%s' title '95%% band', \\\n     ",
                            EC_PLOT_COLOR_BAND);
    if (!rc) rc = ec_plot_printf(p, "@@sweep using 1:2 with linespoints ls 2 pt 7 title ");
    if (!rc) rc = ec_plot_put_string(p, ylabel);
    if (!rc) rc = ec_plot_printf(p, " noenhanced\n");
    if (!rc && diff) {
        rc = ec_plot_set_text(p, "xlabel", xlabel);
        if (!rc) rc = ec_plot_set_text(p, "ylabel", dlabel && dlabel[0] ? dlabel : "difference from the baseline");
        if (!rc) rc = ec_plot_printf(p, "unset title\nplot ");
        if (!rc && dband)
            rc = ec_plot_printf(p, "@@sweep using 1:6:7 with filledcurves lc rgb '%s' title 'paired 95%% interval', \\\n     ",
                                EC_PLOT_COLOR_ALT_BAND);
        if (!rc) rc = ec_plot_printf(p, "@@sweep using 1:5 with linespoints ls 4 pt 7 title 'paired difference', \\\n"
                                        "     0 with lines ls 6 notitle\n");
        if (!rc) rc = ec_plot_printf(p, "unset multiplot\n");
    }
    return rc;
}

int ec_plot_heatmap(ec_plot *p, const char *title, const char *xlabel, const char *ylabel, const char *zlabel,
                    size_t nx, const char *const *xlabels, size_t ny, const char *const *ylabels, const double *z)
{
    if (!p || nx < 1 || ny < 1 || !xlabels || !ylabels || !z) return EC_EINVAL;
    size_t finite = 0;
    double zmin = INFINITY, zmax = -INFINITY;
    for (size_t k = 0; k < nx * ny; k++)
        if (isfinite(z[k])) finite++, zmin = fmin(zmin, z[k]), zmax = fmax(zmax, z[k]);
    if (!finite) return EC_EINVAL;
    double *t = malloc(sizeof(double) * nx * ny * 3);
    if (!t) return EC_ENOMEM;
    for (size_t i = 0; i < nx; i++)
        for (size_t j = 0; j < ny; j++) {
            double *r = t + (i * ny + j) * 3;
            r[0] = (double)i;
            r[1] = (double)j;
            r[2] = isfinite(z[i * ny + j]) ? z[i * ny + j] : NAN;
        }
    /* rows of one x per block, blank lines between them: gnuplot's grid order for `with image` */
    int rc = ec_plot_table_scans(p, "grid", "xi yj value (a blank line after each xi)", nx * ny, 3, t, ny);
    free(t);
    if (!rc) rc = ec_plot_begin(p, title && title[0] ? title : "Sweep over two keys");
    if (!rc) rc = category_tics(p, "x", nx, xlabels, nx > 6);
    if (!rc) rc = category_tics(p, "y", ny, ylabels, 0);
    if (!rc) rc = ec_plot_printf(p, "set xrange [-0.5:%zu.5]\nset yrange [-0.5:%zu.5]\nunset grid\nunset key\n", nx - 1, ny - 1);
    if (!rc) rc = ec_plot_set_text(p, "xlabel", xlabel);
    if (!rc) rc = ec_plot_set_text(p, "ylabel", ylabel);
    if (!rc) rc = ec_plot_set_text(p, "cblabel", zlabel);
    /* low blue to high red through pale yellow (ColorBrewer's RdYlBu, reversed): black values stay readable on every
     * colour; the colour box opaque (ec_plot_begin's fill style is transparent) */
    if (!rc)
        rc = ec_plot_printf(p, "set palette defined (0 '#2c7bb6', 1 '#abd9e9', 2 '#ffffbf', 3 '#fdae61', 4 '#d7191c')\n"
                               "set style fill solid 1.0 noborder\n");
    if (!rc && zmin == zmax) { /* one value: a range around it (±0.5 would vanish in the rounding of 1e28) */
        double h = zmin != 0 ? 0.01 * fabs(zmin) : 0.5;
        rc = ec_plot_printf(p, "set cbrange [%.10g:%.10g]\n", zmin - h, zmax + h);
    }
    /* a failed cell's NaN is a transparent pixel; as a "missing" value (ec_plot_begin's) it would break the grid */
    if (!rc) rc = ec_plot_printf(p, "unset datafile missing\nplot @@grid using 1:2:3 with image");
    /* the values in the cells when they fit (white, on the dark half of the palette) */
    if (!rc && nx * ny <= 80 && nx <= 12)
        rc = ec_plot_printf(p, ", \\\n     @@grid using 1:2:(sprintf('%%.4g', $3)) with labels font ',9' tc rgb '#000000'");
    if (!rc) rc = ec_plot_printf(p, "\n");
    return rc;
}

int ec_plot_sensitivity(ec_plot *p, const char *title, const char *xlabel, size_t n, const char *const *names,
                        size_t nseries, const char *const *series_names, const double *v, const double *conf)
{
    if (!p || n < 1 || !names || nseries < 1 || nseries > sizeof bar_color / sizeof bar_color[0] || !series_names || !v)
        return EC_EINVAL;
    /* one block of bars per input, the first input on top; series side by side within it */
    const double h = 0.8 / (double)nseries;
    int has_conf[4] = {0, 0, 0, 0}; /* error bars only for a series that has an interval (gnuplot warns otherwise) */
    for (size_t i = 0; conf && i < n; i++)
        for (size_t s = 0; s < nseries; s++) has_conf[s] |= isfinite(v[i * nseries + s]) && isfinite(conf[i * nseries + s]);
    double *t = malloc(sizeof(double) * n * nseries * 5);
    if (!t) return EC_ENOMEM;
    double xmin = 0, xmax = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t s = 0; s < nseries; s++) {
            double *r = t + (s * n + i) * 5, val = v[i * nseries + s], c = conf ? conf[i * nseries + s] : NAN;
            r[0] = isfinite(val) ? val : NAN;
            r[1] = (double)(n - i) + 0.4 - h * ((double)s + 0.5);
            r[2] = h * 0.45;
            r[3] = isfinite(val) && isfinite(c) ? val - c : NAN;
            r[4] = isfinite(val) && isfinite(c) ? val + c : NAN;
            if (isfinite(r[3])) xmin = fmin(xmin, r[3]), xmax = fmax(xmax, r[4]);
            if (isfinite(val)) xmin = fmin(xmin, val), xmax = fmax(xmax, val);
        }
    int rc = ec_plot_table(p, "bars", "value y half_height lo95 hi95 (series after series)", n * nseries, 5, t);
    free(t);
    if (!rc) rc = ec_plot_begin(p, title && title[0] ? title : "Sensitivity");
    double pad = 0.05 * (xmax > xmin ? xmax - xmin : 1);
    if (!rc) rc = ec_plot_printf(p, "set xrange [%.10g:%.10g]\nset yrange [0.5:%zu.5]\n", xmin - pad, xmax + pad, n);
    if (!rc) rc = ec_plot_printf(p, "set ytics scale 0 noenhanced (");
    for (size_t i = 0; !rc && i < n; i++) {
        rc = ec_plot_printf(p, "%s", i ? ", " : "");
        if (!rc) rc = ec_plot_put_string(p, names[i]);
        if (!rc) rc = ec_plot_printf(p, " %zu", n - i);
    }
    if (!rc) rc = ec_plot_printf(p, ")\nset grid noytics\nset key outside right top vertical Left reverse samplen 2 nobox\n");
    if (!rc) rc = ec_plot_set_text(p, "xlabel", xlabel);
    if (!rc) rc = ec_plot_printf(p, "set arrow from 0, graph 0 to 0, graph 1 nohead ls 6\n"
                                    "set style fill solid 0.75 noborder\nplot ");
    for (size_t s = 0; !rc && s < nseries; s++) {
        size_t a = s * n, b = s * n + n - 1;
        rc = ec_plot_printf(p, "%s@@bars every ::%zu::%zu using ($1/2):2:(abs($1)/2):3 with boxxyerror lc rgb '%s' title ",
                            s ? ", \\\n     " : "", a, b, bar_color[s]);
        if (!rc) rc = ec_plot_put_string(p, series_names[s]);
        if (!rc) rc = ec_plot_printf(p, " noenhanced");
        if (!rc && has_conf[s])
            rc = ec_plot_printf(p, ", \\\n     @@bars every ::%zu::%zu using 1:2:4:5 with xerrorbars lc rgb '#333333' "
                                   "pt -1 notitle",
                                a, b);
    }
    if (!rc) rc = ec_plot_printf(p, "\n");
    return rc;
}
