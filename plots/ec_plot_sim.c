/*
 * ec_plot_sim.c — the figures of projections and Monte Carlo trajectories:
 * "projection" (loss against effective compute: the fitted law's
 * compute-optimal curve, solid inside the fitted data and dashed beyond, with
 * its band, and the projected rows with their 95% bands, one colour per token
 * policy), "fan" (percentile bands of a trajectory per year, thresholds as
 * lines) and "crossing" (P(a threshold is crossed by 1 January of each year)).
 * Plain numbers in, script text out (ec_plot.h); no process is started.
 */
#include "ec_plot_kinds.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TRY(x)                                                                                                        \
    do {                                                                                                              \
        int rc_ = (x);                                                                                                \
        if (rc_) return rc_;                                                                                          \
    } while (0)

/* Series colours after the palette's own: policies, thresholds. */
static const char *const series_color[] = {EC_PLOT_COLOR_DATA, EC_PLOT_COLOR_ALT, "#b9770e", "#6c3483",
                                           "#2e86c1",          "#a04000",         "#1e8449", "#7b241c"};
#define N_SERIES_COLOR (sizeof series_color / sizeof series_color[0])

static void widen(double v, double *lo, double *hi)
{
    if (!isfinite(v)) return;
    if (v < *lo) *lo = v;
    if (v > *hi) *hi = v;
}

/* `set xrange`/`yrange` over [lo, hi] padded by frac of the span, in log10 space when lg. */
static int padded_range(ec_plot *p, const char *axis, double lo, double hi, int lg, double frac)
{
    if (!(lo <= hi)) return EC_OK;
    double a = lg ? log10(lo) : lo, b = lg ? log10(hi) : hi;
    double pad = b > a ? frac * (b - a) : (lg ? 0.5 : fabs(a) * 0.05 + 0.01);
    a -= pad;
    b += pad;
    return ec_plot_printf(p, "set %srange [%.10g:%.10g]\n", axis, lg ? pow(10.0, a) : a, lg ? pow(10.0, b) : b);
}

int ec_plot_projection(ec_plot *p, const char *title, const ec_plot_curve *curve, double data_max, size_t nrows,
                       const double *x, const double *y, const double *lo, const double *hi, const size_t *group,
                       size_t ngroups, const char *const *group_names, const char *const *labels)
{
    if (!p || !nrows || !x || !y || !group || !ngroups || !group_names) return EC_EINVAL;
    double xmin = INFINITY, xmax = -INFINITY, ymin = INFINITY, ymax = -INFINITY;
    size_t drawn = 0;
    for (size_t i = 0; i < nrows; i++)
        if (x[i] > 0 && isfinite(x[i]) && isfinite(y[i])) {
            drawn++;
            widen(x[i], &xmin, &xmax);
            widen(y[i], &ymin, &ymax);
            if (lo && hi) widen(lo[i], &ymin, &ymax), widen(hi[i], &ymin, &ymax);
        }
    if (!drawn) return EC_EINVAL;
    /* The curve over the rows' range and the data's largest compute, split there. */
    size_t nc = curve ? curve->n : 0, n_in = 0, n_out = 0, n_band = 0;
    double *in = malloc(sizeof(double) * 2 * (nc + 1)), *out = malloc(sizeof(double) * 2 * (nc + 1));
    double *band = malloc(sizeof(double) * 3 * (nc + 1));
    if (!in || !out || !band) {
        free(in), free(out), free(band);
        return EC_ENOMEM;
    }
    /* Solid for C <= data_max, dashed for C >= data_max; samples on either side of data_max get a point at
     * data_max (interpolated in log C) that ends the one and starts the other. */
    int split = isfinite(data_max) && data_max > 0;
    double px = NAN, py = NAN, cx0 = xmin, cx1 = xmax;
    for (size_t k = 0; k < nc; k++) {
        double cx = curve->x[k], cy = curve->y[k];
        if (!(cx > 0) || !isfinite(cx) || !isfinite(cy)) continue;
        if (split && px < data_max && cx > data_max) {
            double w = (log10(data_max) - log10(px)) / (log10(cx) - log10(px)), yb = py + w * (cy - py);
            in[2 * n_in] = data_max, in[2 * n_in + 1] = yb, n_in++;
            out[2 * n_out] = data_max, out[2 * n_out + 1] = yb, n_out++;
        }
        if (!split || cx <= data_max) in[2 * n_in] = cx, in[2 * n_in + 1] = cy, n_in++;
        if (split && cx >= data_max) out[2 * n_out] = cx, out[2 * n_out + 1] = cy, n_out++;
        px = cx, py = cy;
        if (curve->lo && curve->hi && isfinite(curve->lo[k]) && isfinite(curve->hi[k])) {
            band[3 * n_band] = cx, band[3 * n_band + 1] = curve->lo[k], band[3 * n_band + 2] = curve->hi[k];
            n_band++;
            widen(curve->lo[k], &ymin, &ymax);
            widen(curve->hi[k], &ymin, &ymax);
        }
        widen(cx, &cx0, &cx1);
        widen(cy, &ymin, &ymax);
    }
    int rc = ec_plot_begin(p, title && title[0] ? title : "Projected loss against effective compute");
    if (!rc) rc = ec_plot_set_text(p, "xlabel", "effective training compute (FLOP)");
    if (!rc) rc = ec_plot_set_text(p, "ylabel", "loss at the row's allocation");
    if (!rc) rc = ec_plot_log_axis(p, "x");
    if (!rc) rc = padded_range(p, "x", cx0, cx1, 1, 0.04);
    if (!rc) rc = padded_range(p, "y", ymin, ymax, 0, 0.08);
    if (!rc) rc = ec_plot_printf(p, "set key outside right top vertical Left reverse samplen 2.5 nobox\n");
    if (!rc && isfinite(data_max) && data_max > 0)
        rc = ec_plot_printf(p,
                            "set arrow from %.10g, graph 0 to %.10g, graph 1 nohead dt 3 lc rgb '%s'\n"
                            "set label 'largest fitted compute' at %.10g, graph 0.97 right offset -0.5,0 "
                            "textcolor rgb '%s' font ',9'\n",
                            data_max, data_max, EC_PLOT_COLOR_MUTED, data_max, EC_PLOT_COLOR_MUTED);
    if (!rc && n_band) rc = ec_plot_table(p, "law_band", "C lo hi (95% band of the law's compute-optimal loss)", n_band, 3, band);
    if (!rc && n_in) rc = ec_plot_table(p, "law_in", "C L (inside the fitted data)", n_in, 2, in);
    if (!rc && n_out) rc = ec_plot_table(p, "law_out", "C L (beyond the fitted data)", n_out, 2, out);
    free(in), free(out), free(band);
    /* One table per policy: x y lo hi, and the labels. */
    for (size_t g = 0; g < ngroups && !rc; g++) {
        double *t = malloc(sizeof(double) * 4 * nrows);
        if (!t) return EC_ENOMEM;
        size_t m = 0;
        for (size_t i = 0; i < nrows; i++)
            if (group[i] == g && x[i] > 0 && isfinite(x[i]) && isfinite(y[i])) {
                t[4 * m] = x[i], t[4 * m + 1] = y[i];
                t[4 * m + 2] = lo ? lo[i] : y[i], t[4 * m + 3] = hi ? hi[i] : y[i];
                m++;
            }
        char name[32];
        snprintf(name, sizeof name, "rows_%zu", g);
        rc = m ? ec_plot_table(p, name, "C_effective L lo hi", m, 4, t) : EC_OK;
        free(t);
    }
    if (!rc && labels && nrows <= 8) /* beside each row while they stay legible; the key names the policies */
        for (size_t i = 0; i < nrows && !rc; i++) {
            if (!labels[i] || !labels[i][0] || !(x[i] > 0) || !isfinite(y[i])) continue;
            rc = ec_plot_printf(p, "set label ");
            if (!rc) rc = ec_plot_put_string(p, labels[i]);
            if (!rc) rc = ec_plot_printf(p, " at %.10g, %.10g left offset 0.8,0.5 font ',8' noenhanced\n", x[i], y[i]);
        }
    if (!rc) rc = ec_plot_printf(p, "plot ");
    const char *sep = "";
    if (!rc && n_band) {
        rc = ec_plot_printf(p, "@@law_band using 1:2:3 with filledcurves fc rgb '%s' fs transparent solid 0.5 "
                               "title 'law: 95%% band'", EC_PLOT_COLOR_BAND);
        sep = ", \\\n     ";
    }
    if (!rc && n_in) {
        rc = ec_plot_printf(p, "%s@@law_in using 1:2 with lines lw 2 lc rgb '%s' title 'law: compute-optimal (fitted range)'",
                            sep, EC_PLOT_COLOR_FIT);
        sep = ", \\\n     ";
    }
    if (!rc && n_out) {
        rc = ec_plot_printf(p, "%s@@law_out using 1:2 with lines lw 2 dt 2 lc rgb '%s' title 'law: extrapolated'", sep,
                            EC_PLOT_COLOR_FIT);
        sep = ", \\\n     ";
    }
    for (size_t g = 0; g < ngroups && !rc; g++) {
        size_t m = 0;
        for (size_t i = 0; i < nrows; i++) m += group[i] == g && x[i] > 0 && isfinite(x[i]) && isfinite(y[i]);
        if (!m) continue;
        const char *col = series_color[g % N_SERIES_COLOR];
        rc = ec_plot_printf(p, "%s@@rows_%zu using 1:2:3:4 with yerrorbars pt 7 ps 1.2 lc rgb '%s' title ", sep, g, col);
        if (!rc) rc = ec_plot_put_string(p, group_names[g] ? group_names[g] : "");
        if (!rc) rc = ec_plot_printf(p, " noenhanced");
        sep = ", \\\n     ";
    }
    if (!rc) rc = ec_plot_printf(p, "\n");
    return rc;
}

int ec_plot_fan(ec_plot *p, const char *title, const char *ylabel, size_t nt, const double *t, size_t nq,
                const double *q, const double *v, int log10_values, const double *median2, const char *median2_title,
                size_t nthr, const double *thr, const char *const *thr_labels)
{
    if (!p || nt < 2 || !t || !nq || !q || !v) return EC_EINVAL;
    /* Central bands from the symmetric pairs of quantiles (q, 1 - q), widest first; the median line. */
    size_t pairs[16][2], np = 0, med = nq;
    for (size_t a = 0; a < nq; a++) {
        if (fabs(q[a] - 0.5) < 1e-9) med = a;
        for (size_t b = 0; b < nq && q[a] < 0.5 && np < 16; b++) /* the quantiles in any order */
            if (b != a && fabs(q[a] + q[b] - 1) < 1e-9) {
                pairs[np][0] = a, pairs[np][1] = b, np++;
                break;
            }
    }
    for (size_t i = 1; i < np; i++) /* widest first */
        for (size_t j = i; j > 0 && q[pairs[j][0]] < q[pairs[j - 1][0]]; j--) {
            size_t a = pairs[j][0], b = pairs[j][1];
            pairs[j][0] = pairs[j - 1][0], pairs[j][1] = pairs[j - 1][1];
            pairs[j - 1][0] = a, pairs[j - 1][1] = b;
        }
    if (!np && med == nq) return EC_EINVAL;
    const size_t ncol = 1 + 2 * np + 2;
    double *tab = malloc(sizeof(double) * ncol * nt);
    if (!tab) return EC_ENOMEM;
    double ymin = INFINITY, ymax = -INFINITY;
#define VAL(k, j) (log10_values ? pow(10.0, v[(k) * nq + (j)]) : v[(k) * nq + (j)])
    for (size_t k = 0; k < nt; k++) {
        double *r = tab + k * ncol;
        r[0] = t[k];
        for (size_t b = 0; b < np; b++) r[1 + 2 * b] = VAL(k, pairs[b][0]), r[2 + 2 * b] = VAL(k, pairs[b][1]);
        r[1 + 2 * np] = med < nq ? VAL(k, med) : NAN;
        r[2 + 2 * np] = median2 ? (log10_values ? pow(10.0, median2[k]) : median2[k]) : NAN;
        for (size_t c = 1; c < ncol; c++) widen(r[c], &ymin, &ymax);
    }
#undef VAL
    for (size_t j = 0; j < nthr; j++) widen(thr[j], &ymin, &ymax);
    int rc = ec_plot_begin(p, title && title[0] ? title : "Monte Carlo trajectory: percentiles per year");
    if (!rc) rc = ec_plot_set_text(p, "xlabel", "year");
    if (!rc) rc = ec_plot_set_text(p, "ylabel", ylabel && ylabel[0] ? ylabel : "value");
    if (!rc && log10_values) rc = ec_plot_log_axis(p, "y");
    if (!rc) rc = ec_plot_printf(p, "set xrange [%.10g:%.10g]\nset format x '%%.0f'\nset xtics 1\n", t[0], t[nt - 1]);
    if (!rc) rc = padded_range(p, "y", ymin, ymax, log10_values && ymin > 0, 0.03);
    if (!rc) rc = ec_plot_printf(p, "set key outside right top vertical Left reverse samplen 2.5 nobox\n");
    for (size_t j = 0; j < nthr && !rc; j++) {
        if (!isfinite(thr[j]) || (log10_values && !(thr[j] > 0))) continue;
        rc = ec_plot_printf(p, "set arrow from graph 0, first %.10g to graph 1, first %.10g nohead dt 2 lw 1.5 lc rgb '%s'\n",
                            thr[j], thr[j], series_color[(j + 2) % N_SERIES_COLOR]);
        if (!rc && thr_labels && thr_labels[j]) {
            rc = ec_plot_printf(p, "set label ");
            if (!rc) rc = ec_plot_put_string(p, thr_labels[j]);
            if (!rc)
                rc = ec_plot_printf(p, " at graph 0.99, first %.10g right offset 0,0.6 font ',9' textcolor rgb '%s' noenhanced\n",
                                    thr[j], series_color[(j + 2) % N_SERIES_COLOR]);
        }
    }
    char header[512];
    int h = snprintf(header, sizeof header, "year");
    for (size_t b = 0; b < np && h < (int)sizeof header - 40; b++)
        h += snprintf(header + h, sizeof header - (size_t)h, " p%g p%g", 100 * q[pairs[b][0]], 100 * q[pairs[b][1]]);
    snprintf(header + h, sizeof header - (size_t)h, " p50 %s", median2 ? "median2" : "-");
    if (!rc) rc = ec_plot_table(p, "fan", header, nt, ncol, tab);
    free(tab);
    if (!rc) rc = ec_plot_printf(p, "plot ");
    for (size_t b = 0; b < np && !rc; b++) {
        double shade = 0.25 + 0.5 * (double)b / (double)(np > 1 ? np - 1 : 1);
        rc = ec_plot_printf(p, "%s@@fan using 1:%zu:%zu with filledcurves fc rgb '%s' fs transparent solid %.2f "
                               "title '%g-%g%%'", b ? ", \\\n     " : "", 2 + 2 * b, 3 + 2 * b, EC_PLOT_COLOR_BAND, shade,
                            100 * q[pairs[b][0]], 100 * q[pairs[b][1]]);
    }
    if (!rc && med < nq)
        rc = ec_plot_printf(p, "%s@@fan using 1:%zu with lines lw 2 lc rgb '%s' title 'median'", np ? ", \\\n     " : "",
                            2 + 2 * np, EC_PLOT_COLOR_FIT);
    if (!rc && median2) {
        rc = ec_plot_printf(p, ", \\\n     @@fan using 1:%zu with lines lw 2 dt 2 lc rgb '%s' title ", 3 + 2 * np,
                            EC_PLOT_COLOR_ALT);
        if (!rc) rc = ec_plot_put_string(p, median2_title ? median2_title : "median (second series)");
        if (!rc) rc = ec_plot_printf(p, " noenhanced");
    }
    if (!rc) rc = ec_plot_printf(p, "\n");
    return rc;
}

int ec_plot_crossing(ec_plot *p, const char *title, size_t ny, const double *years, size_t nthr, const double *p_by,
                     const char *const *labels)
{
    if (!p || !ny || !years || !nthr || !p_by) return EC_EINVAL;
    double *tab = malloc(sizeof(double) * (1 + nthr) * ny);
    if (!tab) return EC_ENOMEM;
    for (size_t y = 0; y < ny; y++) {
        tab[y * (1 + nthr)] = years[y];
        for (size_t j = 0; j < nthr; j++) tab[y * (1 + nthr) + 1 + j] = p_by[j * ny + y];
    }
    int rc = ec_plot_begin(p, title && title[0] ? title : "When each threshold is crossed");
    if (!rc) rc = ec_plot_set_text(p, "xlabel", "1 January of year");
    if (!rc) rc = ec_plot_set_text(p, "ylabel", "P(crossed by then)");
    if (!rc) rc = ec_plot_printf(p, "set yrange [0:1.02]\nset format x '%%.0f'\nset xtics 1\n");
    if (!rc) rc = padded_range(p, "x", years[0], years[ny - 1], 0, 0.03);
    if (!rc) rc = ec_plot_printf(p, "set key outside right top vertical Left reverse samplen 2.5 nobox\n");
    if (!rc) rc = ec_plot_table(p, "crossing", "year P(crossed by 1 January) per threshold", ny, 1 + nthr, tab);
    free(tab);
    if (!rc) rc = ec_plot_printf(p, "plot ");
    for (size_t j = 0; j < nthr && !rc; j++) {
        rc = ec_plot_printf(p, "%s@@crossing using 1:%zu with linespoints lw 2 pt 7 lc rgb '%s' title ", j ? ", \\\n     " : "",
                            2 + j, series_color[(j + 2) % N_SERIES_COLOR]);
        if (!rc) rc = ec_plot_put_string(p, labels && labels[j] ? labels[j] : "");
        if (!rc) rc = ec_plot_printf(p, " noenhanced");
    }
    if (!rc) rc = ec_plot_printf(p, "\n");
    return rc;
}
