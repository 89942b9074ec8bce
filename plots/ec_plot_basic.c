/*
 * ec_plot_basic.c — figures of a fitted law: fit, residuals, bootstrap
 * histograms, Chinchilla iso-loss contours and the compute-optimal frontier.
 *
 * Choices made for report use:
 * - keys and the parameter box sit in the right margin (outside the data
 *   area), so they never cover a point;
 * - a fitted curve is one table drawn twice, solid where x lies inside the
 *   data's range and dashed outside, so extrapolation is visible at once;
 * - bands are filled between the 2.5% and 97.5% replicate curves;
 * - the contour plot works in log10 coordinates (x = log10 C, y = log10 N)
 *   with tick labels written as 10^{n}, which keeps pm3d, contour lines and
 *   overlays in one coordinate system; iso-loss levels are spaced evenly
 *   between the 5th and 95th percentiles of the loss over the grid;
 * - bootstrap histograms use 30 bins between the 0.5% and 99.5% quantiles
 *   (heavy tails, as B's, would otherwise squeeze the bulk into one bin), with
 *   the estimate (solid) and the 95% interval (dotted) marked.
 */
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ec_efficiency.h"
#include "ec_plot_kinds.h"

#define TRY(call)                  \
    do {                           \
        int rc_ = (call);          \
        if (rc_) return rc_;       \
    } while (0)

static size_t count_finite2(size_t n, const double *x, const double *y)
{
    size_t m = 0;
    for (size_t i = 0; i < n; i++) m += isfinite(x[i]) && isfinite(y[i]);
    return m;
}

/* Two-column table of finite pairs. */
static int pair_table(ec_plot *p, const char *name, const char *header, size_t n, const double *x, const double *y)
{
    double *v = malloc(sizeof(double) * 2 * (n ? n : 1));
    if (!v) return EC_ENOMEM;
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (isfinite(x[i]) && isfinite(y[i])) {
            v[2 * m] = x[i];
            v[2 * m + 1] = y[i];
            m++;
        }
    int rc = ec_plot_table(p, name, header, m, 2, v);
    free(v);
    return rc;
}

/* Curve table x, y, lo, hi (lo, hi NaN without a band). */
static int curve_table(ec_plot *p, const char *name, const ec_plot_curve *c)
{
    double *v = malloc(sizeof(double) * 4 * (c->n ? c->n : 1));
    if (!v) return EC_ENOMEM;
    for (size_t i = 0; i < c->n; i++) {
        v[4 * i] = c->x[i];
        v[4 * i + 1] = c->y[i];
        v[4 * i + 2] = c->lo ? c->lo[i] : NAN;
        v[4 * i + 3] = c->hi ? c->hi[i] : NAN;
    }
    int rc = ec_plot_table(p, name, "x y lo95 hi95", c->n, 4, v);
    free(v);
    return rc;
}

/* A gnuplot double-quoted string: quotes and backslashes escaped, "\n" (two chars) kept as a newline escape. */
static int quoted(ec_plot *p, const char *s)
{
    TRY(ec_plot_printf(p, "\""));
    for (const char *c = s ? s : ""; *c; c++) {
        if (c[0] == '\\' && c[1] == 'n') {
            TRY(ec_plot_printf(p, "\\n"));
            c++;
        } else if (*c == '"' || *c == '\\') {
            TRY(ec_plot_printf(p, "\\%c", *c));
        } else if (*c == '^' || *c == '_' || *c == '@' || *c == '&' || *c == '{' || *c == '}') {
            TRY(ec_plot_printf(p, "\\\\%c", *c)); /* literal in enhanced text mode */
        } else {
            TRY(ec_plot_printf(p, "%c", *c));
        }
    }
    return ec_plot_printf(p, "\"");
}

static int right_margin_key(ec_plot *p)
{
    return ec_plot_printf(p, "set rmargin at screen 0.72\n"
                             "set key at screen 0.74, graph 1 left top vertical Left reverse box opaque spacing 1.2\n"
                             "set style textbox opaque border lc rgb '#888888'\n");
}

int ec_plot_fit(ec_plot *p, const char *title, const char *xlabel, const char *ylabel, size_t npts, const double *px,
                const double *py, const ec_plot_curve *curve, double data_min, double data_max, int logx, int logy,
                const char *label)
{
    if (count_finite2(npts, px, py) == 0 && (!curve || count_finite2(curve->n, curve->x, curve->y) == 0))
        return EC_EINVAL;
    TRY(ec_plot_begin(p, title));
    TRY(pair_table(p, "points", "x y", npts, px, py));
    if (curve) TRY(curve_table(p, "curve", curve));
    TRY(ec_plot_printf(p, "set xlabel "));
    TRY(quoted(p, xlabel));
    TRY(ec_plot_printf(p, "\nset ylabel "));
    TRY(quoted(p, ylabel));
    TRY(ec_plot_printf(p, "\n"));
    if (logx) TRY(ec_plot_log_axis(p, "x"));
    if (logy) TRY(ec_plot_log_axis(p, "y"));
    TRY(right_margin_key(p));
    if (label && label[0]) {
        TRY(ec_plot_printf(p, "set label 1 "));
        TRY(quoted(p, label));
        TRY(ec_plot_printf(p, " at screen 0.75, graph 0.45 left front boxed\n"));
    }
    /* The curve in three pieces (gnuplot joins a line across undefined points): below, inside
     * and above the data's range; the pieces share their end points so the line is continuous. */
    size_t nseg[3] = {0, 0, 0};
    if (curve) {
        static const char *const seg_name[3] = {"below", "inside", "above"};
        double *seg = malloc(sizeof(double) * 2 * (curve->n + 2));
        if (!seg) return EC_ENOMEM;
        for (int sgm = 0; sgm < 3; sgm++) {
            size_t m = 0;
            for (size_t i = 0; i < curve->n; i++) {
                double x = curve->x[i];
                int where = x < data_min ? 0 : x > data_max ? 2 : 1;
                int next = i + 1 < curve->n ? (curve->x[i + 1] < data_min ? 0 : curve->x[i + 1] > data_max ? 2 : 1) : where;
                int prev = i > 0 ? (curve->x[i - 1] < data_min ? 0 : curve->x[i - 1] > data_max ? 2 : 1) : where;
                if (where == sgm || (next == sgm && where != sgm) || (prev == sgm && where != sgm)) {
                    seg[2 * m] = x;
                    seg[2 * m + 1] = curve->y[i];
                    m++;
                }
            }
            nseg[sgm] = m;
            int rc = ec_plot_table(p, seg_name[sgm], "x y", m, 2, seg);
            if (rc) {
                free(seg);
                return rc;
            }
        }
        free(seg);
    }
    TRY(ec_plot_printf(p, "plot "));
    if (curve && curve->lo && curve->hi)
        TRY(ec_plot_printf(p, "@@curve using 1:3:4 with filledcurves fc rgb '%s' title '95%% band', \\\n     ",
                           EC_PLOT_COLOR_BAND));
    TRY(ec_plot_printf(p, "@@points using 1:2 with points ls 1 title 'data'"));
    if (curve) {
        if (nseg[1]) TRY(ec_plot_printf(p, ", \\\n     @@inside using 1:2 with lines ls 2 title 'fit'"));
        int titled = 0;
        for (int sgm = 0; sgm < 3; sgm += 2)
            if (nseg[sgm]) {
                TRY(ec_plot_printf(p, ", \\\n     @@%s using 1:2 with lines ls 3 %s", sgm ? "above" : "below",
                                   titled ? "notitle" : "title 'extrapolated'"));
                titled = 1;
            }
    }
    return ec_plot_printf(p, "\n");
}

int ec_plot_residuals(ec_plot *p, const char *title, const char *xlabel, const char *rlabel, size_t n, const double *x,
                      const double *r, int logx)
{
    if (count_finite2(n, x, r) == 0) return EC_EINVAL;
    TRY(ec_plot_begin(p, title));
    TRY(pair_table(p, "residuals", "x residual", n, x, r));
    TRY(ec_plot_printf(p, "set xlabel "));
    TRY(quoted(p, xlabel));
    TRY(ec_plot_printf(p, "\nset ylabel "));
    TRY(quoted(p, rlabel));
    TRY(ec_plot_printf(p, "\nunset key\n"));
    if (logx) TRY(ec_plot_log_axis(p, "x"));
    return ec_plot_printf(p, "plot @@residuals using 1:2 with points ls 1, 0 with lines ls 6\n");
}

/* 1, 2 or 5 times a power of ten, near x: readable tick spacing. */
static double nice_step(double x)
{
    if (!(x > 0)) return 1;
    double e = pow(10.0, floor(log10(x))), f = x / e;
    return (f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10) * e;
}

int ec_plot_bootstrap(ec_plot *p, const char *title, size_t nparam, const char *const *names, size_t nrep,
                      const double *samples, const double *estimates)
{
    enum { BINS = 30 };
    if (nparam == 0 || nrep < 2) return EC_EINVAL;
    double *col = malloc(sizeof(double) * nrep);
    if (!col) return EC_ENOMEM;
    size_t cols = nparam < 3 ? nparam : 3, rows = (nparam + cols - 1) / cols;
    int rc = ec_plot_begin(p, NULL);
    if (!rc)
        rc = ec_plot_printf(p, "set multiplot layout %zu,%zu title \"%s\"\nunset key\nset ylabel 'replicates'\n"
                               "set style fill solid 0.6 border lc rgb '#ffffff'\nset label 1 \"solid: estimate; dotted: 95%% interval\" at screen 0.99, screen 0.02 right\n",
                            rows, cols, title ? title : "");
    for (size_t j = 0; j < nparam && !rc; j++) {
        size_t m = 0;
        for (size_t r = 0; r < nrep; r++)
            if (isfinite(samples[r * nparam + j])) col[m++] = samples[r * nparam + j];
        if (m < 2) {
            rc = EC_EINVAL;
            break;
        }
        gsl_sort(col, 1, m);
        double lo = gsl_stats_quantile_from_sorted_data(col, 1, m, 0.005);
        double hi = gsl_stats_quantile_from_sorted_data(col, 1, m, 0.995);
        double c_lo = gsl_stats_quantile_from_sorted_data(col, 1, m, 0.025);
        double c_hi = gsl_stats_quantile_from_sorted_data(col, 1, m, 0.975);
        if (!(hi > lo)) hi = lo + 1e-12 * fmax(1.0, fabs(lo));
        double w = (hi - lo) / BINS, hist[2 * BINS];
        for (int b = 0; b < BINS; b++) {
            hist[2 * b] = lo + (b + 0.5) * w;
            hist[2 * b + 1] = 0;
        }
        for (size_t i = 0; i < m; i++) {
            if (col[i] < lo || col[i] > hi) continue;
            int b = (int)((col[i] - lo) / w);
            hist[2 * (b < BINS ? b : BINS - 1) + 1] += 1;
        }
        char name[32];
        snprintf(name, sizeof name, "hist%zu", j);
        rc = ec_plot_table(p, name, "bin_centre count", BINS, 2, hist);
        if (!rc)
            rc = ec_plot_printf(p,
                                "unset arrow\nset title \"%s\"\nunset xlabel\nset boxwidth %.10g\n"
                                "set xtics %.10g rotate by 30 right\nset format x '%%.3g'\nset yrange [0:*]\n"
                                "set arrow 1 from %.10g, graph 0 to %.10g, graph 1 nohead front ls 2\n"
                                "set arrow 2 from %.10g, graph 0 to %.10g, graph 1 nohead front ls 6\n"
                                "set arrow 3 from %.10g, graph 0 to %.10g, graph 1 nohead front ls 6\n"
                                "plot @@%s using 1:2 with boxes fc rgb '%s'\n",
                                names[j], w, nice_step((hi - lo) / 4), estimates[j], estimates[j], c_lo, c_lo, c_hi,
                                c_hi, name, EC_PLOT_COLOR_DATA);
    }
    free(col);
    if (!rc) rc = ec_plot_printf(p, "unset multiplot\n");
    return rc;
}

int ec_plot_contour(ec_plot *p, const char *title, const double chin[5], size_t npts, const double *C, const double *N,
                    double Cmin, double Cmax, double Nmin, double Nmax)
{
    enum { G = 60, F = 80 };
    if (!(Cmin > 0 && Cmax > Cmin && Nmin > 0 && Nmax > Nmin)) return EC_EINVAL;
    ec_chin_law law = ec_chin_law_from(chin);
    double *grid = malloc(sizeof(double) * G * G * 3), *ls = malloc(sizeof(double) * G * G);
    if (!grid || !ls) {
        free(grid);
        free(ls);
        return EC_ENOMEM;
    }
    const double u0 = log10(Cmin), u1 = log10(Cmax), v0 = log10(Nmin), v1 = log10(Nmax);
    size_t k = 0;
    for (int i = 0; i < G; i++)
        for (int j = 0; j < G; j++, k++) {
            double u = u0 + (u1 - u0) * i / (G - 1), v = v0 + (v1 - v0) * j / (G - 1);
            double L = ec_chin_law_loss(&law, pow(10.0, v), pow(10.0, u) / (6.0 * pow(10.0, v)));
            grid[3 * k] = u;
            grid[3 * k + 1] = v;
            grid[3 * k + 2] = L;
            ls[k] = L;
        }
    gsl_sort(ls, 1, (size_t)G * G);
    double l5 = gsl_stats_quantile_from_sorted_data(ls, 1, (size_t)G * G, 0.05);
    double l95 = gsl_stats_quantile_from_sorted_data(ls, 1, (size_t)G * G, 0.60);
    free(ls);
    int rc = ec_plot_begin(p, title);
    if (!rc) rc = ec_plot_table_scans(p, "grid", "log10_C log10_N loss", (size_t)G * G, 3, grid, G);
    free(grid);
    double fr[3 * F];
    for (int i = 0; i < F && !rc; i++) {
        double u = u0 + (u1 - u0) * i / (F - 1), Ns, Ds;
        ec_optimal_allocation(&law, pow(10.0, u), &Ns, &Ds);
        fr[3 * i] = u;
        fr[3 * i + 1] = log10(Ns);
        fr[3 * i + 2] = ec_chin_law_loss(&law, Ns, Ds);
    }
    if (!rc) rc = ec_plot_table(p, "frontier", "log10_C log10_Nstar loss", F, 3, fr);
    double *pts = malloc(sizeof(double) * 3 * (npts ? npts : 1));
    size_t m = 0;
    for (size_t i = 0; pts && i < npts; i++)
        if (C[i] > 0 && N[i] > 0) {
            pts[3 * m] = log10(C[i]);
            pts[3 * m + 1] = log10(N[i]);
            pts[3 * m + 2] = 0;
            m++;
        }
    if (!rc) rc = pts ? ec_plot_table(p, "points", "log10_C log10_N 0", m, 3, pts) : EC_ENOMEM;
    free(pts);
    if (rc) return rc;
    TRY(ec_plot_printf(p, "set view map\nset pm3d map implicit\nset contour base\nset cntrparam linear\n"
                          "set cntrparam levels incremental %.4g, %.4g, %.4g\n"
                          "unset clabel\nset xrange [%.10g:%.10g]\nset yrange [%.10g:%.10g]\n"
                          "set format x '10^{%%g}'\nset format y '10^{%%g}'\nset xtics 1\nset ytics 1\n"
                          "set xlabel 'training compute C (FLOP)'\nset ylabel 'parameters N'\n"
                          "set cblabel 'loss'\nset cbrange [%.6g:%.6g]\n"
                          "set palette defined (0 '#fde725', 0.35 '#5ec962', 0.65 '#21918c', 1 '#3b528b')\n"
                          "set key inside left top vertical Left reverse box opaque\n"
                          "set style fill solid 1.0 noborder\n"
                          "set colorbox vertical user origin screen 0.87, screen 0.2 size screen 0.025, screen 0.66\n"
                          "set rmargin at screen 0.84\n",
                          l5, (l95 - l5) / 10.0, l95, u0, u1, v0, v1, chin[0], l95));
    return ec_plot_printf(p, "splot @@grid using 1:2:3 with pm3d notitle, \\\n"
                             "      @@grid using 1:2:3 nosurface with lines lc rgb '#ffffff' lw 0.8 notitle, \\\n"
                             "      @@frontier using 1:2:3 nocontour with lines lc rgb '%s' lw 3 title 'compute-optimal N*(C)', \\\n"
                             "      @@points using 1:2:3 nocontour with points pt 7 ps 0.9 lc rgb '#000000' notitle, \\\n"
                             "      @@points using 1:2:3 nocontour with points pt 7 ps 0.55 lc rgb '#ffffff' title 'training runs'\n",
                          EC_PLOT_COLOR_FIT);
}

int ec_plot_frontier(ec_plot *p, const char *title, const ec_plot_curve *Nstar, const ec_plot_curve *Dstar)
{
    if (count_finite2(Nstar->n, Nstar->x, Nstar->y) == 0 || count_finite2(Dstar->n, Dstar->x, Dstar->y) == 0)
        return EC_EINVAL;
    TRY(ec_plot_begin(p, title));
    TRY(curve_table(p, "nstar", Nstar));
    TRY(curve_table(p, "dstar", Dstar));
    TRY(ec_plot_printf(p, "set xlabel 'training compute C (FLOP)'\nset ylabel 'parameters N* and tokens D*'\n"));
    TRY(ec_plot_log_axis(p, "x"));
    TRY(ec_plot_log_axis(p, "y"));
    TRY(right_margin_key(p));
    TRY(ec_plot_printf(p, "plot "));
    if (Nstar->lo && Nstar->hi)
        TRY(ec_plot_printf(p, "@@nstar using 1:3:4 with filledcurves fc rgb '%s' title 'N* 95%%', ", EC_PLOT_COLOR_BAND));
    if (Dstar->lo && Dstar->hi)
        TRY(ec_plot_printf(p, "@@dstar using 1:3:4 with filledcurves fc rgb '%s' title 'D* 95%%', ",
                           EC_PLOT_COLOR_ALT_BAND));
    return ec_plot_printf(p, "\\\n     @@nstar using 1:2 with lines ls 2 title 'parameters N*(C)', \\\n"
                             "     @@dstar using 1:2 with lines ls 4 title 'tokens D*(C)'\n");
}
