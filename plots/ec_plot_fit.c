/*
 * ec_plot_fit.c — the fit-related report figures of ec_plot_kinds.h: "fit",
 * "residuals", "bootstrap", "contour" and "frontier".
 *
 * Choices shared by the five builders:
 *   - every caller-supplied string (axis labels, names, the parameter box) is
 *     written by ec_plot_put_string() as a gnuplot double-quoted string with
 *     `noenhanced`, so '_', '^' or '@' in a parameter name print as typed;
 *     '`' and '@' become octal escapes, so text can never run a command or
 *     form an @@name data token;
 *   - points that cannot be drawn (non-finite, or ≤ 0 on a log axis) are
 *     left out of the tables; a figure with nothing left to draw is EC_EINVAL;
 *   - keys sit outside the data: below the plot (fit, residuals, contour,
 *     frontier) or not at all (bootstrap: its title says what the lines are);
 *   - gnuplot 5.4 joins lines across NaN rows, so a curve's solid (inside the
 *     data range) and dashed (extrapolated) parts are separate tables, joined
 *     by points interpolated exactly at the ends of the data range;
 *   - the box with the fit's parameters goes in whichever corner of the plot
 *     holds the fewest points and curve samples;
 *   - log axes that span less than a decade get plain %g tick labels (a 10^{n}
 *     label would show at most one tick there);
 *   - histograms (bootstrap) and the loss grid (contour) are computed here,
 *     deterministically, and written as tables: nothing depends on gnuplot's
 *     binning or sampling.
 * The contour follows Hoffmann et al. (2022), Figure 4: a heat map and iso-loss
 * contours of L(N, C/(6N)) over a 60×60 grid in (log C, log N), coloured by
 * log(L − E) so that the colours spread evenly along the frontier (the colour
 * bar is labelled with loss values at the contour levels), with the
 * compute-optimal frontier N*(C) and the data points on top.
 */
#include "ec_plot_kinds.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_sort.h>

#include "ec_efficiency.h"
#include "ec_interval.h"

/* ------------------------------------------------------------- helpers */

#define TRY(expr)                                                                                                      \
    do {                                                                                                               \
        int rc_ = (expr);                                                                                              \
        if (rc_) return rc_;                                                                                           \
    } while (0)

/* A growing list of rows of `ncol` doubles. */
typedef struct rows {
    double *v;
    size_t n, cap, ncol;
} rows;

static int rows_add(rows *r, const double *row)
{
    if (r->n == r->cap) {
        size_t cap = r->cap ? 2 * r->cap : 64;
        double *v = realloc(r->v, sizeof *v * cap * r->ncol);
        if (!v) return EC_ENOMEM;
        r->v = v;
        r->cap = cap;
    }
    memcpy(r->v + r->n * r->ncol, row, sizeof *row * r->ncol);
    r->n++;
    return EC_OK;
}

static int rows_add2(rows *r, double a, double b)
{
    double row[2] = {a, b};
    return rows_add(r, row);
}

/* Can v be drawn on an axis (log when lg)? */
static int drawable(double v, int lg)
{
    return isfinite(v) && (!lg || v > 0);
}

/* v in axis space: log10 on a log axis. */
static double axis_value(double v, int lg)
{
    return lg ? log10(v) : v;
}


/* Log axis with 10^{n} labels, or %g labels when the values span less than a decade. */
static int log_axis(ec_plot *p, const char *axis, double lo, double hi)
{
    TRY(ec_plot_log_axis(p, axis));
    if (lo > 0 && hi > 0 && log10(hi) - log10(lo) < 1.0) TRY(ec_plot_printf(p, "set format %s '%%g'\n", axis));
    return EC_OK;
}

/* `set xrange` to [lo, hi] widened by frac of its span (in axis space) each way: log autoscaling would widen it to whole decades. */
static int padded_xrange(ec_plot *p, double lo, double hi, int lg, double frac)
{
    if (!(lo <= hi)) return EC_OK;
    double a = axis_value(lo, lg), b = axis_value(hi, lg), pad = b > a ? frac * (b - a) : (lg ? 0.5 : fabs(a) * 0.1 + 1);
    a -= pad;
    b += pad;
    return ec_plot_printf(p, "set xrange [%.10g:%.10g]\n", lg ? pow(10.0, a) : a, lg ? pow(10.0, b) : b);
}

/* The key, outside the plot on the right: it never covers data or collides with the x label. */
static int key_right(ec_plot *p)
{
    return ec_plot_printf(p, "set key outside right top vertical Left reverse samplen 2.5 nobox\n");
}

static void extend(double v, double *lo, double *hi)
{
    if (v < *lo) *lo = v;
    if (v > *hi) *hi = v;
}

static const char *or_default(const char *s, const char *def)
{
    return s && s[0] ? s : def;
}

/* Lines of s, and the longest one's length in characters (UTF-8 continuation bytes not counted). */
static size_t count_lines(const char *s, size_t *longest)
{
    size_t n = 1, len = 0;
    *longest = 0;
    for (; *s; s++) {
        if (*s == '\n') {
            n++;
            len = 0;
        } else if (((unsigned char)*s & 0xC0) != 0x80 && ++len > *longest) {
            *longest = len;
        }
    }
    return n;
}

/* ------------------------------------------------------------------ fit */

typedef struct sample {
    double x, y;
    size_t i; /* original index, so that the sort is deterministic on ties */
} sample;

static int cmp_sample(const void *a, const void *b)
{
    const sample *s = a, *t = b;
    if (s->x != t->x) return s->x < t->x ? -1 : 1;
    return s->i < t->i ? -1 : s->i > t->i;
}

/* y at x = b on the segment (a0 → a1), interpolated in axis space. */
static double interp(const sample *a0, const sample *a1, double b, int logx, int logy)
{
    double u0 = axis_value(a0->x, logx), u1 = axis_value(a1->x, logx), ub = axis_value(b, logx);
    double v0 = axis_value(a0->y, logy), v1 = axis_value(a1->y, logy);
    double v = v0 + (v1 - v0) * (ub - u0) / (u1 - u0);
    return logy ? pow(10.0, v) : v;
}

/* Adds a table only when *rc is 0 and the table has a line's worth of rows; returns whether it did. */
static int table_if(ec_plot *p, const char *name, const char *header, const rows *r, int *rc)
{
    if (*rc || r->n < 2) return 0;
    *rc = ec_plot_table(p, name, header, r->n, r->ncol, r->v);
    return !*rc;
}

/* Splits the curve into the parts below, inside and above [dmin, dmax]. */
static int split_curve(const ec_plot_curve *c, double dmin, double dmax, int logx, int logy, rows *lo, rows *in,
                       rows *hi, rows *band)
{
    sample *s = malloc(sizeof *s * (c->n ? c->n : 1));
    if (!s) return EC_ENOMEM;
    size_t m = 0;
    int rc = EC_OK;
    for (size_t k = 0; k < c->n; k++)
        if (drawable(c->x[k], logx) && drawable(c->y[k], logy)) s[m++] = (sample){c->x[k], c->y[k], k};
    qsort(s, m, sizeof *s, cmp_sample);
    for (size_t k = 0; k < m && !rc; k++) {
        if (k > 0 && s[k - 1].x < dmin && s[k].x > dmin) {
            double yb = interp(&s[k - 1], &s[k], dmin, logx, logy);
            rc = rows_add2(lo, dmin, yb);
            if (!rc) rc = rows_add2(in, dmin, yb);
        }
        if (!rc && k > 0 && s[k - 1].x < dmax && s[k].x > dmax) {
            double yb = interp(&s[k - 1], &s[k], dmax, logx, logy);
            if (dmin < dmax) rc = rows_add2(in, dmax, yb);
            if (!rc) rc = rows_add2(hi, dmax, yb);
        }
        if (!rc && s[k].x <= dmin) rc = rows_add2(lo, s[k].x, s[k].y);
        if (!rc && s[k].x >= dmin && s[k].x <= dmax) rc = rows_add2(in, s[k].x, s[k].y);
        if (!rc && s[k].x >= dmax) rc = rows_add2(hi, s[k].x, s[k].y);
    }
    /* The band, over the whole curve. */
    for (size_t k = 0; k < c->n && !rc && c->lo && c->hi; k++)
        if (drawable(c->x[k], logx) && drawable(c->lo[k], logy) && drawable(c->hi[k], logy)) {
            double row[3] = {c->x[k], c->lo[k], c->hi[k]};
            rc = rows_add(band, row);
        }
    if (!rc && band->n > 1) { /* in x order, for filledcurves */
        sample *b = malloc(sizeof *b * band->n);
        double *v = malloc(sizeof *v * band->n * 3);
        if (!b || !v) {
            rc = EC_ENOMEM;
        } else {
            for (size_t k = 0; k < band->n; k++) b[k] = (sample){band->v[3 * k], 0, k};
            qsort(b, band->n, sizeof *b, cmp_sample);
            for (size_t k = 0; k < band->n; k++) memcpy(v + 3 * k, band->v + 3 * b[k].i, sizeof *v * 3);
            memcpy(band->v, v, sizeof *v * band->n * 3);
        }
        free(b);
        free(v);
    }
    free(s);
    return rc;
}

/*
 * Corners of the plot: 0 bottom-left, 1 top-right, 2 bottom-right, 3 top-left.
 * counts[c] is how many of the given values (column 0 against each other
 * column, in axis space, over their bounding box) fall in corner c's box of
 * wfrac × hfrac of the plot.
 */
static void corner_counts(const rows *const *sets, size_t nsets, int logx, int logy, double wfrac, double hfrac,
                          size_t counts[4])
{
    double x0 = INFINITY, x1 = -INFINITY, y0 = INFINITY, y1 = -INFINITY;
    for (size_t s = 0; s < nsets; s++)
        for (size_t k = 0; k < sets[s]->n; k++) {
            const double *r = sets[s]->v + k * sets[s]->ncol;
            extend(axis_value(r[0], logx), &x0, &x1);
            for (size_t j = 1; j < sets[s]->ncol; j++) extend(axis_value(r[j], logy), &y0, &y1);
        }
    for (int c = 0; c < 4; c++) counts[c] = 0;
    if (!(x1 > x0) || !(y1 > y0)) {
        for (int c = 0; c < 4; c++) counts[c] = 1; /* degenerate: nothing is known to be empty */
        return;
    }
    for (size_t s = 0; s < nsets; s++)
        for (size_t k = 0; k < sets[s]->n; k++) {
            const double *r = sets[s]->v + k * sets[s]->ncol;
            double u = (axis_value(r[0], logx) - x0) / (x1 - x0);
            for (size_t j = 1; j < sets[s]->ncol; j++) {
                double v = (axis_value(r[j], logy) - y0) / (y1 - y0);
                int left = u <= wfrac, right = u >= 1 - wfrac, bottom = v <= hfrac, top = v >= 1 - hfrac;
                counts[0] += left && bottom;
                counts[1] += right && top;
                counts[2] += right && bottom;
                counts[3] += left && top;
            }
        }
}

/* Box size, as fractions of the plot, of `lines` lines of `width` characters. */
static double box_w(size_t width)
{
    return 0.04 + 0.016 * (double)width;
}
static double box_h(size_t lines)
{
    return 0.05 + 0.05 * (double)lines;
}

/*
 * The key: inside, in a corner other than `avoid` that holds none of the
 * values, when there is one (top corners first); else outside on the right.
 */
static int place_key(ec_plot *p, const rows *const *sets, size_t nsets, int logx, int logy, size_t entries,
                     size_t widest, int avoid)
{
    static const int order[4] = {1, 3, 2, 0};
    static const char *const where[4] = {"left bottom", "right top", "right bottom", "left top"};
    size_t counts[4];
    corner_counts(sets, nsets, logx, logy, box_w(widest + 4), box_h(entries), counts);
    for (int k = 0; k < 4; k++)
        if (order[k] != avoid && counts[order[k]] == 0)
            return ec_plot_printf(p, "set key inside %s vertical samplen 2.5\n", where[order[k]]);
    return key_right(p);
}

int ec_plot_fit(ec_plot *p, const char *title, const char *xlabel, const char *ylabel, size_t npts, const double *px,
                const double *py, const ec_plot_curve *curve, double data_min, double data_max, int logx, int logy,
                const char *label)
{
    if (!p || (npts && (!px || !py))) return EC_EINVAL;
    if (curve && curve->n && (!curve->x || !curve->y)) return EC_EINVAL;
    rows data = {NULL, 0, 0, 2}, lo = {NULL, 0, 0, 2}, in = {NULL, 0, 0, 2}, hi = {NULL, 0, 0, 2},
         band = {NULL, 0, 0, 3};
    int rc = EC_OK;
    double xmin = INFINITY, xmax = -INFINITY, ymin = INFINITY, ymax = -INFINITY;
    for (size_t i = 0; i < npts && !rc; i++)
        if (drawable(px[i], logx) && drawable(py[i], logy)) {
            rc = rows_add2(&data, px[i], py[i]);
            extend(px[i], &xmin, &xmax);
            extend(py[i], &ymin, &ymax);
        }
    if (!rc && data.n == 0) rc = EC_EINVAL;
    if (!rc) {
        /* The data range: the caller's, or the points' when it is not usable. */
        double dmin = data_min, dmax = data_max;
        if (!drawable(dmin, logx)) dmin = xmin;
        if (!drawable(dmax, logx)) dmax = xmax;
        if (dmin > dmax) {
            double t = dmin;
            dmin = dmax;
            dmax = t;
        }
        if (curve && curve->n) rc = split_curve(curve, dmin, dmax, logx, logy, &lo, &in, &hi, &band);
    }
    {
        const rows *all[4] = {&lo, &in, &hi, &band};
        for (int t = 0; t < 4; t++)
            for (size_t k = 0; k < all[t]->n; k++) {
                const double *r = all[t]->v + k * all[t]->ncol;
                extend(r[0], &xmin, &xmax);
                for (size_t j = 1; j < all[t]->ncol; j++) extend(r[j], &ymin, &ymax);
            }
    }

    if (!rc) rc = ec_plot_begin(p, or_default(title, "Scaling-law fit"));
    if (!rc) rc = ec_plot_set_text(p, "xlabel", or_default(xlabel, "training compute C (FLOP)"));
    if (!rc) rc = ec_plot_set_text(p, "ylabel", or_default(ylabel, "loss"));
    if (!rc && logx) rc = log_axis(p, "x", xmin, xmax);
    if (!rc && logy) rc = log_axis(p, "y", ymin, ymax);
    if (!rc) rc = padded_xrange(p, xmin, xmax, logx, 0.02);
    const rows *sets[5] = {&data, &lo, &in, &hi, &band};
    int corner = -1;
    if (!rc && label && label[0]) {
        size_t width, nl = count_lines(label, &width), counts[4];
        corner_counts(sets, 5, logx, logy, box_w(width), box_h(nl), counts);
        corner = 0;
        for (int c = 1; c < 4; c++)
            if (counts[c] < counts[corner]) corner = c;
        int right = corner == 1 || corner == 2, top = corner == 1 || corner == 3;
        rc = ec_plot_printf(p, "set style textbox opaque fillcolor rgb '#ffffff' border lc rgb '#444444' margins 4,3\n");
        if (!rc) rc = ec_plot_printf(p, "set label 1 ");
        if (!rc) rc = ec_plot_put_string(p, label);
        /*
         * Lines left-aligned in every corner: a box on the right starts about its
         * width (in characters) left of the border. A label's first line sits at its
         * position and the others go down: boxes at the bottom are shifted up.
         */
        if (!rc)
            rc = ec_plot_printf(p, " at graph %s,%s left front boxed noenhanced offset character %g,%g\n",
                                right ? "1" : "0", top ? "1" : "0", right ? -1.5 - (double)width : 1.0,
                                top ? -1.2 : 1.0 + 1.1 * (double)(nl - 1));
    }
    size_t entries = 1 + (in.n > 1) + (lo.n > 1 || hi.n > 1) + (band.n > 1);
    if (!rc) rc = place_key(p, sets, 5, logx, logy, entries, band.n > 1 ? 16 : lo.n > 1 || hi.n > 1 ? 18 : 4, corner);
    if (!rc) rc = ec_plot_printf(p, "set key invert\n");
    int has_band = table_if(p, "fit_band", "x lo hi", &band, &rc);
    int has_lo = table_if(p, "fit_lo", "x y (extrapolated below the data)", &lo, &rc);
    int has_in = table_if(p, "fit_in", "x y (inside the data range)", &in, &rc);
    int has_hi = table_if(p, "fit_hi", "x y (extrapolated above the data)", &hi, &rc);
    if (!rc) rc = ec_plot_table(p, "fit_data", "x y", data.n, 2, data.v);
    /* Drawn band, extrapolation, fit, data (points on top); listed in reverse by `invert`. */
    if (!rc) rc = ec_plot_printf(p, "plot ");
    if (!rc && has_band)
        rc = ec_plot_printf(p, "@@fit_band using 1:2:3 with filledcurves fc rgb '%s' title 'uncertainty band', \\\n     ",
                            EC_PLOT_COLOR_BAND);
    if (!rc && has_lo)
        rc = ec_plot_printf(p, "@@fit_lo using 1:2 with lines ls 3 title 'fit (extrapolated)', \\\n     ");
    if (!rc && has_hi)
        rc = ec_plot_printf(p, "@@fit_hi using 1:2 with lines ls 3 %s, \\\n     ",
                            has_lo ? "notitle" : "title 'fit (extrapolated)'");
    if (!rc && has_in) rc = ec_plot_printf(p, "@@fit_in using 1:2 with lines ls 2 title 'fit', \\\n     ");
    if (!rc) rc = ec_plot_printf(p, "@@fit_data using 1:2 with points ls 1 title 'data'\n");
    free(data.v);
    free(lo.v);
    free(in.v);
    free(hi.v);
    free(band.v);
    return rc;
}

/* ------------------------------------------------------------ residuals */

int ec_plot_residuals(ec_plot *p, const char *title, const char *xlabel, const char *rlabel, size_t n, const double *x,
                      const double *r, int logx)
{
    if (!p || (n && (!x || !r))) return EC_EINVAL;
    rows data = {NULL, 0, 0, 2};
    int rc = EC_OK;
    double xmin = INFINITY, xmax = -INFINITY, rmax = 0, ss = 0;
    for (size_t i = 0; i < n && !rc; i++)
        if (drawable(x[i], logx) && isfinite(r[i])) {
            rc = rows_add2(&data, x[i], r[i]);
            extend(x[i], &xmin, &xmax);
            if (fabs(r[i]) > rmax) rmax = fabs(r[i]);
            ss += r[i] * r[i];
        }
    if (!rc && data.n == 0) rc = EC_EINVAL;
    if (!rc) rc = ec_plot_begin(p, or_default(title, "Residuals of the fit"));
    if (!rc) rc = ec_plot_set_text(p, "xlabel", or_default(xlabel, "training compute C (FLOP)"));
    if (!rc) rc = ec_plot_set_text(p, "ylabel", or_default(rlabel, "residual (observed − fitted)"));
    if (!rc && logx) rc = log_axis(p, "x", xmin, xmax);
    /* A symmetric y range, so that a bias shows as an imbalance about the zero line. */
    double m = rmax > 0 ? 1.15 * rmax : 1.0;
    if (!rc) rc = padded_xrange(p, xmin, xmax, logx, 0.03);
    if (!rc) rc = ec_plot_printf(p, "set yrange [%.10g:%.10g]\n", -m, m);
    {
        /* The key may go in a corner of the symmetric range [-m, m] that holds no residual. */
        double corners[4] = {xmin, -m, xmax, m};
        rows frame = {corners, 2, 2, 2};
        const rows *sets[2] = {&data, &frame};
        if (!rc) rc = place_key(p, sets, 2, logx, 0, 2, 24, -1);
    }
    if (!rc) rc = ec_plot_printf(p, "set arrow 1 from graph 0, first 0 to graph 1, first 0 nohead ls 6 back\n");
    if (!rc) rc = ec_plot_table(p, "res_data", "x residual", data.n, 2, data.v);
    if (!rc)
        rc = ec_plot_printf(p, "plot @@res_data using 1:2 with points ls 1 title 'residuals (n = %zu, RMS %.3g)'\n", data.n,
                            sqrt(ss / (double)data.n));
    free(data.v);
    return rc;
}

/* ------------------------------------------------------------ bootstrap */

/* 1, 2 or 5 × 10^k, about range/target. */
static double nice_step(double range, double target)
{
    double raw = range / target, mag = pow(10.0, floor(log10(raw))), f = raw / mag;
    return (f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10) * mag;
}

/*
 * The title ec_plot_begin wrote (the caller's, or opt->title), as escaped
 * text, read back from the script: ec_plot.h has no getter for the options.
 */
static char *begun_title(const ec_plot *p)
{
    const char *s = ec_plot_script(p), *t = NULL;
    for (const char *q = strstr(s, "set title \""); q; q = strstr(q + 1, "set title \"")) t = q + 11;
    if (!t) return NULL;
    const char *e = t;
    while (*e && *e != '"' && *e != '\n') e += (*e == '\\' && e[1]) ? 2 : 1;
    char *out = malloc((size_t)(e - t) + 1);
    if (out) {
        memcpy(out, t, (size_t)(e - t));
        out[e - t] = '\0';
    }
    return out;
}

/* One panel: the histogram of the finite samples of one parameter. */
static int bootstrap_panel(ec_plot *p, size_t j, const char *name, double *v, size_t n, double est)
{
    char tname[32], mname[32];
    snprintf(tname, sizeof tname, "boot_hist%zu", j + 1);
    snprintf(mname, sizeof mname, "boot_marks%zu", j + 1);
    if (n == 0) {
        TRY(ec_plot_set_text(p, "title", name));
        TRY(ec_plot_printf(p, "set multiplot next\n"));
        return EC_OK;
    }
    double ci[2];
    ec_interval_percentile(v, n, EC_INTERVAL_LEVEL, ci);
    double q_lo = ci[0], q_hi = ci[1];
    gsl_sort(v, 1, n); /* for the bins */
    /* Rice's rule for the number of bins, within [5, 40]. */
    size_t k = (size_t)ceil(2.0 * cbrt((double)n));
    k = k < 5 ? 5 : k > 40 ? 40 : k;
    double lo = v[0], hi = v[n - 1], w;
    if (hi > lo) {
        w = (hi - lo) / (double)k;
    } else {
        k = 1;
        w = lo != 0 ? fabs(lo) * 0.02 : 1.0;
        lo -= w / 2;
    }
    double *h = calloc(2 * k, sizeof *h);
    if (!h) return EC_ENOMEM;
    for (size_t b = 0; b < k; b++) h[2 * b] = lo + ((double)b + 0.5) * w;
    for (size_t i = 0; i < n; i++) {
        size_t b = (size_t)((v[i] - lo) / w);
        h[2 * (b < k ? b : k - 1) + 1] += 1;
    }
    double cmax = 0;
    for (size_t b = 0; b < k; b++)
        if (h[2 * b + 1] > cmax) cmax = h[2 * b + 1];
    int rc = ec_plot_table(p, tname, "bin_centre count", k, 2, h);
    free(h);
    TRY(rc);
    /* The estimate and the interval as vertical segments (x, 0) → (x, top). */
    double top = 1.12 * cmax, marks[12] = {est, 0, 0, top, q_lo, 0, 0, top, q_hi, 0, 0, top};
    TRY(ec_plot_table(p, mname, "x y dx dy: estimate, 2.5% and 97.5% percentiles", 3, 4, marks));
    double x0 = lo, x1 = lo + (double)k * w;
    if (isfinite(est)) extend(est, &x0, &x1);
    double pad = 0.04 * (x1 - x0);
    x0 -= pad;
    x1 += pad;
    TRY(ec_plot_printf(p, "set xrange [%.10g:%.10g]\nset yrange [0:%.10g]\n", x0, x1, 1.18 * cmax));
    TRY(ec_plot_printf(p, "set xtics %.10g\n", nice_step(x1 - x0, 4)));
    /* The panel's title: the name, then the estimate and the interval. */
    size_t len = strlen(name) + 160;
    char *t = malloc(len);
    if (!t) return EC_ENOMEM;
    if (isfinite(est))
        snprintf(t, len, "%s = %.4g\n95%% interval [%.4g, %.4g]", name, est, q_lo, q_hi);
    else
        snprintf(t, len, "%s\n95%% interval [%.4g, %.4g]", name, q_lo, q_hi);
    rc = ec_plot_set_text(p, "title", t);
    free(t);
    TRY(rc);
    TRY(ec_plot_printf(p, "plot @@%s using 1:2:(%.10g) with boxes fc rgb '%s' fs solid 0.55 border lc rgb '#ffffff' "
                          "notitle, \\\n     ",
                       tname, w, EC_PLOT_COLOR_DATA));
    TRY(ec_plot_printf(p, "@@%s using 1:2:3:4 every ::1::2 with vectors nohead ls 3 notitle", mname));
    if (isfinite(est)) TRY(ec_plot_printf(p, ", \\\n     @@%s using 1:2:3:4 every ::0::0 with vectors nohead ls 2 notitle", mname));
    return ec_plot_printf(p, "\n");
}

int ec_plot_bootstrap(ec_plot *p, const char *title, size_t nparam, const char *const *names, size_t nrep,
                      const double *samples, const double *estimates)
{
    if (!p || nparam == 0 || nrep == 0 || !samples) return EC_EINVAL;
    size_t total = 0;
    for (size_t i = 0; i < nparam * nrep; i++) total += isfinite(samples[i]) != 0;
    if (total == 0) return EC_EINVAL;
    double *v = malloc(sizeof *v * nrep);
    if (!v) return EC_ENOMEM;
    int rc = ec_plot_begin(p, or_default(title, "Bootstrap distributions of the parameters"));
    char *t = rc ? NULL : begun_title(p);
    size_t cols = (size_t)ceil(sqrt((double)nparam)), nrows = (nparam + cols - 1) / cols;
    if (!rc) rc = ec_plot_printf(p, "unset title\nunset key\nset ylabel 'replicates'\nset xtics nomirror\nunset mxtics\n");
    if (!rc)
        rc = ec_plot_printf(p,
                            "set multiplot layout %zu,%zu title \"%s\\n{/*0.8 %zu replicates; solid line: point "
                            "estimate; dashed lines: 2.5%% and 97.5%% percentiles}\"\n",
                            nrows, cols, t ? t : "", nrep);
    for (size_t j = 0; j < nparam && !rc; j++) {
        size_t n = 0;
        for (size_t r = 0; r < nrep; r++)
            if (isfinite(samples[r * nparam + j])) v[n++] = samples[r * nparam + j];
        char fallback[32];
        snprintf(fallback, sizeof fallback, "parameter %zu", j + 1);
        const char *name = names && names[j] ? names[j] : fallback;
        rc = bootstrap_panel(p, j, name, v, n, estimates ? estimates[j] : NAN);
    }
    if (!rc) rc = ec_plot_printf(p, "unset multiplot\n");
    free(t);
    free(v);
    return rc;
}

/* -------------------------------------------------------------- contour */

#define GRID 60

/* v rounded to 3 significant digits. */
static double round3(double v)
{
    double mag = pow(10.0, floor(log10(fabs(v))) - 2);
    return round(v / mag) * mag;
}

/* [lo, hi] from the finite positive values, widened by half a decade each way. */
static int auto_range(size_t n, const double *v, double *lo, double *hi)
{
    if (drawable(*lo, 1) && drawable(*hi, 1) && *lo < *hi) return EC_OK;
    double a = INFINITY, b = -INFINITY;
    for (size_t i = 0; i < n; i++)
        if (drawable(v[i], 1)) extend(v[i], &a, &b);
    if (!(a <= b)) return EC_EINVAL;
    *lo = a / sqrt(10.0);
    *hi = b * sqrt(10.0);
    return EC_OK;
}

int ec_plot_contour(ec_plot *p, const char *title, const double chin[5], size_t npts, const double *C, const double *N,
                    double Cmin, double Cmax, double Nmin, double Nmax)
{
    if (!p || !chin || (npts && (!C || !N))) return EC_EINVAL;
    ec_chin_law law = ec_chin_law_from(chin);
    if (!isfinite(law.E) || !drawable(law.A, 1) || !drawable(law.B, 1) || !drawable(law.alpha, 1) ||
        !drawable(law.beta, 1))
        return EC_EINVAL;
    size_t nfinite = 0;
    for (size_t i = 0; i < npts; i++) nfinite += drawable(C[i], 1) && drawable(N[i], 1);
    if (npts && nfinite == 0) return EC_EINVAL;
    /* A range that is not usable (≤ 0, NaN, empty) comes from the data. */
    if (auto_range(npts, C, &Cmin, &Cmax) || auto_range(npts, N, &Nmin, &Nmax)) return EC_EINVAL;

    double lc0 = log10(Cmin), lc1 = log10(Cmax), ln0 = log10(Nmin), ln1 = log10(Nmax);
    double dc = (lc1 - lc0) / (GRID - 1), dn = (ln1 - ln0) / (GRID - 1);
    double *heat = malloc(sizeof *heat * GRID * GRID), *loss = malloc(sizeof *loss * GRID * GRID);
    rows front = {NULL, 0, 0, 2}, data = {NULL, 0, 0, 2};
    int rc = heat && loss ? EC_OK : EC_ENOMEM;
    for (int j = 0; j < GRID && !rc; j++) {
        double n = pow(10.0, ln0 + dn * j);
        for (int i = 0; i < GRID; i++) {
            double c = pow(10.0, lc0 + dc * i), l = ec_chin_law_loss(&law, n, c / (6.0 * n));
            loss[j * GRID + i] = l;
            heat[j * GRID + i] = log10(l - law.E);
        }
    }
    /* The frontier N*(C), within the N range. */
    double fc0 = Cmin, fc1 = Cmax;
    double ca = ec_optimal_compute_for_size(&law, Nmin), cb = ec_optimal_compute_for_size(&law, Nmax);
    if (ca > fc0) fc0 = ca;
    if (cb < fc1) fc1 = cb;
    for (int k = 0; k <= 100 && !rc && fc0 < fc1; k++) {
        double c = pow(10.0, log10(fc0) + (log10(fc1) - log10(fc0)) * k / 100.0), n, d;
        ec_optimal_allocation(&law, c, &n, &d);
        rc = rows_add2(&front, c, n);
    }
    for (size_t i = 0; i < npts && !rc; i++)
        if (drawable(C[i], 1) && drawable(N[i], 1)) rc = rows_add2(&data, C[i], N[i]);

    /* Levels evenly spaced in log(L − E) between the frontier's losses at Cmax and Cmin, and a few above. */
    double nopt, dopt, lmin, lmax, levels[16];
    ec_optimal_allocation(&law, Cmax, &nopt, &dopt);
    lmin = ec_chin_law_loss(&law, nopt, dopt) - law.E;
    ec_optimal_allocation(&law, Cmin, &nopt, &dopt);
    lmax = ec_chin_law_loss(&law, nopt, dopt) - law.E;
    size_t nlev = 0;
    double step = (log10(lmax) - log10(lmin)) / 7.0;
    for (int k = 0; k < 9 && step > 0; k++) {
        double lv = round3(law.E + pow(10.0, log10(lmin) + step * (k + 0.5)));
        if (nlev == 0 || lv > levels[nlev - 1]) levels[nlev++] = lv;
    }
    if (nlev == 0) levels[nlev++] = round3(law.E + lmin * 1.5);
    double cb0 = log10(lmin), cb1 = log10(levels[nlev - 1] - law.E) + (step > 0 ? step / 2 : 0.1);

    if (!rc) rc = ec_plot_begin(p, or_default(title, "Iso-loss contours, D = C/(6N)"));
    if (!rc) rc = ec_plot_set_text(p, "xlabel", "training compute C (FLOP)");
    if (!rc) rc = ec_plot_set_text(p, "ylabel", "parameters N");
    if (!rc) rc = ec_plot_set_text(p, "cblabel", "loss");
    if (!rc) rc = log_axis(p, "x", Cmin, Cmax);
    if (!rc) rc = log_axis(p, "y", Nmin, Nmax);
    if (!rc)
        rc = ec_plot_printf(p,
                            "set xrange [%.10g:%.10g]\nset yrange [%.10g:%.10g]\nset cbrange [%.10g:%.10g]\n"
                            "set view map\nset pm3d explicit corners2color c1\nset style fill solid 1 noborder\nset grid front\n"
                            "set lmargin at screen 0.1\nset rmargin at screen 0.83\n"
                            "set bmargin at screen 0.17\nset tmargin at screen 0.9\n"
                            "set colorbox user origin screen 0.86, screen 0.17 size screen 0.025, screen 0.73\n"
                            "set palette defined (0 '#fff7bc', 0.35 '#c2e699', 0.7 '#78c6c0', 1 '#4a8cc2')\n"
                            "set contour base\nset cntrparam linear\nset cntrparam levels discrete ",
                            Cmin, Cmax, Nmin, Nmax, cb0, cb1);
    for (size_t k = 0; k < nlev && !rc; k++) rc = ec_plot_printf(p, "%s%.10g", k ? "," : "", levels[k]);
    if (!rc) rc = ec_plot_printf(p, "\nset cbtics (");
    for (size_t k = 0; k < nlev && !rc; k++)
        rc = ec_plot_printf(p, "%s\"%.3g\" %.10g", k ? ", " : "", levels[k], log10(levels[k] - law.E));
    if (!rc)
        rc = ec_plot_printf(p, ")\nset cntrlabel onecolor format '%%.3g' font ',9' start 15 interval 45\n"
                               "set style textbox opaque fillcolor rgb '#ffffff' noborder margins 1,1\n"
                               "set key at screen 0.465, screen 0.06 center center horizontal maxrows 1 nobox\n");
    if (!rc) rc = ec_plot_table(p, "contour_heat", "log10(loss - E); rows: N, columns: C", GRID, GRID, heat);
    if (!rc) rc = ec_plot_table(p, "contour_loss", "loss; rows: N, columns: C", GRID, GRID, loss);
    int has_front = table_if(p, "contour_front", "C N*(C)", &front, &rc);
    if (!rc && data.n) rc = ec_plot_table(p, "contour_data", "C N", data.n, 2, data.v);
    char grid_using[160];
    snprintf(grid_using, sizeof grid_using, "using (10**(%.10g+%.10g*$1)):(10**(%.10g+%.10g*$2)):3", lc0, dc, ln0, dn);
    if (!rc)
        rc = ec_plot_printf(p,
                            "splot @@contour_heat matrix %s with pm3d nocontours notitle, \\\n"
                            "      @@contour_loss matrix %s with lines nosurface lc rgb '#555555' lw 0.8 notitle, \\\n"
                            "      @@contour_loss matrix %s with labels boxed nosurface notitle",
                            grid_using, grid_using, grid_using);
    if (!rc && has_front)
        rc = ec_plot_printf(p, ", \\\n      @@contour_front using 1:2:(0) with lines ls 2 lw 3 nocontours "
                               "title 'compute-optimal N^*(C)'");
    if (!rc && data.n)
        rc = ec_plot_printf(p, ", \\\n      @@contour_data using 1:2:(0) with points ls 1 nocontours title 'data'");
    if (!rc) rc = ec_plot_printf(p, "\n");
    free(heat);
    free(loss);
    free(front.v);
    free(data.v);
    return rc;
}

/* ------------------------------------------------------------- frontier */

int ec_plot_frontier(ec_plot *p, const char *title, const ec_plot_curve *Nstar, const ec_plot_curve *Dstar)
{
    if (!p) return EC_EINVAL;
    if ((Nstar && Nstar->n && (!Nstar->x || !Nstar->y)) || (Dstar && Dstar->n && (!Dstar->x || !Dstar->y)))
        return EC_EINVAL;
    rows nl = {NULL, 0, 0, 2}, nb = {NULL, 0, 0, 3}, dl = {NULL, 0, 0, 2}, db = {NULL, 0, 0, 3};
    rows none1 = {NULL, 0, 0, 2}, none2 = {NULL, 0, 0, 2}, none3 = {NULL, 0, 0, 2}, none4 = {NULL, 0, 0, 2};
    int rc = EC_OK;
    if (Nstar && Nstar->n) rc = split_curve(Nstar, -INFINITY, INFINITY, 1, 1, &none1, &nl, &none2, &nb);
    if (!rc && Dstar && Dstar->n) rc = split_curve(Dstar, -INFINITY, INFINITY, 1, 1, &none3, &dl, &none4, &db);
    if (!rc && nl.n == 0 && dl.n == 0) rc = EC_EINVAL;
    double xmin = INFINITY, xmax = -INFINITY, ymin = INFINITY, ymax = -INFINITY;
    const rows *all[4] = {&nl, &nb, &dl, &db};
    size_t has_nb_rows = nb.n > 1, has_db_rows = db.n > 1;
    for (int t = 0; t < 4; t++)
        for (size_t k = 0; k < all[t]->n; k++) {
            const double *r = all[t]->v + k * all[t]->ncol;
            extend(r[0], &xmin, &xmax);
            for (size_t j = 1; j < all[t]->ncol; j++) extend(r[j], &ymin, &ymax);
        }
    if (!rc) rc = ec_plot_begin(p, or_default(title, "Compute-optimal allocation"));
    if (!rc) rc = ec_plot_set_text(p, "xlabel", "training compute C (FLOP)");
    if (!rc) rc = ec_plot_set_text(p, "ylabel", "parameters / tokens");
    if (!rc) rc = log_axis(p, "x", xmin, xmax);
    if (!rc) rc = log_axis(p, "y", ymin, ymax);
    if (!rc) rc = padded_xrange(p, xmin, xmax, 1, 0.0);
    if (!rc) rc = place_key(p, all, 4, 1, 1, (size_t)(nl.n > 0) + (dl.n > 0) + has_nb_rows + has_db_rows, 24, -1);
    int has_nb = table_if(p, "frontier_nband", "C lo hi", &nb, &rc);
    int has_db = table_if(p, "frontier_dband", "C lo hi", &db, &rc);
    /* A one-point curve is still drawn, as a point. */
    if (!rc && nl.n) rc = ec_plot_table(p, "frontier_n", "C N*(C)", nl.n, 2, nl.v);
    if (!rc && dl.n) rc = ec_plot_table(p, "frontier_d", "C D*(C)", dl.n, 2, dl.v);
    const char *sep = "plot ";
    if (!rc && has_nb) {
        rc = ec_plot_printf(p, "%s@@frontier_nband using 1:2:3 with filledcurves fc rgb '%s' title 'N^* band'", sep,
                            EC_PLOT_COLOR_BAND);
        sep = ", \\\n     ";
    }
    if (!rc && has_db) {
        rc = ec_plot_printf(p, "%s@@frontier_dband using 1:2:3 with filledcurves fc rgb '%s' title 'D^* band'", sep,
                            EC_PLOT_COLOR_ALT_BAND);
        sep = ", \\\n     ";
    }
    if (!rc && nl.n) {
        rc = ec_plot_printf(p, "%s@@frontier_n using 1:2 with %s ls 2 title 'N^*(C), parameters'", sep,
                            nl.n > 1 ? "lines" : "points pt 7");
        sep = ", \\\n     ";
    }
    if (!rc && dl.n)
        rc = ec_plot_printf(p, "%s@@frontier_d using 1:2 with %s ls 4 title 'D^*(C), training tokens'", sep,
                            dl.n > 1 ? "lines" : "points pt 7");
    if (!rc) rc = ec_plot_printf(p, "\n");
    free(nl.v);
    free(nb.v);
    free(dl.v);
    free(db.v);
    return rc;
}
