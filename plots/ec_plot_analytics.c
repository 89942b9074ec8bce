/*
 * ec_plot_analytics.c — the analytics figures of ec_plot_kinds.h:
 *
 *   isoflop      two panels side by side (a multiplot placed by hand so that
 *                the left panel, which carries the colour bar, is wider).
 *                Left: loss against x (log) at each compute budget — the
 *                runs as small points, the fitted parabolas and their minima
 *                (large diamonds with a dark outline), all coloured by
 *                log10 C through one palette (a truncated viridis) with a
 *                colour bar, so ten budgets stay readable and close budgets
 *                get close colours; the key, in neutral grey, sits top right
 *                in headroom added above the data. A parabola is solid over
 *                its runs and dashed where it is extended to a vertex outside
 *                them. Right: the optima x*(C) on log-log axes with the
 *                frontier coef·C^exp (solid over the budgets, dashed half a
 *                decade beyond), its formula in the key (bottom right, below
 *                the rising frontier). The isoFLOP result stores the vertex
 *                and the curvature c; callers pass a = L* + c·u*², b = −2c·u*.
 *   multipliers  a dot-and-whisker chart: one row per model (the first on
 *                top, names as y tick labels), the factor and its 95%
 *                interval on a log x axis (1-2-5 ticks when it spans less than
 *                three decades), the value printed beside each whisker, the
 *                reference model as a grey diamond on the dotted line at 1.
 *   trend        the points (t, y) on a log y axis with years on x, the
 *                fitted line (solid over the data, dashed beyond) and its
 *                band, and the label (e.g. the growth rate) in a box in the
 *                upper corner the line leaves free (left when it rises).
 *
 * Keys never sit on data: below the plot in a reserved margin, or in a
 * corner the data cannot reach. Margins are in character units, so labels
 * do not collide at small sizes. Names and labels from the caller are
 * printed literally (noenhanced), so '_' or '^' in a model name is not read
 * as markup. Unusable points (non-finite, or non-positive on a log axis) are
 * skipped; no usable point at all is EC_EINVAL, and nothing is written then.
 */
#include "ec_plot_kinds.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHECK(expr)                                                                                               \
    do {                                                                                                          \
        int rc_ = (expr);                                                                                         \
        if (rc_) return rc_;                                                                                      \
    } while (0)


/*
 * A number for enhanced text: %.4g, with the exponent as 10^{n} ("2.5×10^{-5}")
 * rather than "2.5e-05".
 */
static void format_number(char *out, size_t size, double v)
{
    char tmp[64];
    snprintf(tmp, sizeof tmp, "%.4g", v);
    char *e = strchr(tmp, 'e');
    if (!e) {
        snprintf(out, size, "%s", tmp);
        return;
    }
    *e = '\0';
    int ex = atoi(e + 1);
    if (strcmp(tmp, "1") == 0)
        snprintf(out, size, "10^{%d}", ex);
    else
        snprintf(out, size, "%s×10^{%d}", tmp, ex);
}

/*
 * The figure's title as ec_plot_begin wrote it (the quoted string of the last
 * "set title" line), so that a multiplot can carry it above both panels.
 * Empty when there is none.
 */
static void begun_title(const ec_plot *p, char *out, size_t size)
{
    const char *s = ec_plot_script(p), *found = NULL;
    for (const char *at = s; (at = strstr(at, "set title \"")) != NULL; at++)
        if (at == s || at[-1] == '\n') found = at + strlen("set title ");
    out[0] = '\0';
    if (!found) return;
    size_t len = strcspn(found, "\n");
    if (len >= size) len = 0;
    memcpy(out, found, len);
    out[len] = '\0';
}

static int positive(double v)
{
    return isfinite(v) && v > 0;
}

/* ------------------------------------------------------------------ isoflop */

#define ISO_SAMPLES 41 /* points per sampled parabola */

static int budget_usable(const ec_plot_budget *b)
{
    return positive(b->compute) && isfinite(b->a) && isfinite(b->b) && isfinite(b->c) && isfinite(b->umin) &&
           isfinite(b->umax) && b->umin <= b->umax;
}

/* The vertex (u*, L*) of a budget: from x_opt/loss_opt, else from the coefficients. */
static int budget_vertex(const ec_plot_budget *b, double *u, double *L)
{
    if (positive(b->x_opt) && isfinite(b->loss_opt)) {
        *u = log10(b->x_opt);
        *L = b->loss_opt;
        return 1;
    }
    if (b->c > 0) {
        *u = -b->b / (2 * b->c);
        *L = b->a + b->b * *u + b->c * *u * *u;
        return isfinite(*u) && isfinite(*L);
    }
    return 0;
}

/* Samples a + b u + c u² at ISO_SAMPLES points of [u0, u1] into rows (x, L, log10 C). */
static void sample_parabola(const ec_plot_budget *b, double u0, double u1, double *rows)
{
    for (int i = 0; i < ISO_SAMPLES; i++) {
        double u = u0 + (u1 - u0) * i / (ISO_SAMPLES - 1);
        rows[3 * i] = pow(10.0, u);
        rows[3 * i + 1] = b->a + b->b * u + b->c * u * u;
        rows[3 * i + 2] = log10(b->compute);
    }
}

/* The left panel's tables: points, parabolas (solid), their extensions (dashed), minima. */
static int isoflop_tables(ec_plot *p, size_t nbudget, const ec_plot_budget *budgets, size_t npts, const double *C,
                          const double *x, const double *L, size_t *n_fit, size_t *n_ext, size_t *n_min,
                          double cb[2], double xr[2])
{
    size_t rows = npts > 0 ? npts : 1, brow = nbudget > 0 ? nbudget : 1;
    double *pts = malloc(sizeof *pts * 3 * rows);
    double *fit = malloc(sizeof *fit * 3 * ISO_SAMPLES * brow);
    double *ext = malloc(sizeof *ext * 3 * ISO_SAMPLES * brow);
    double *mins = malloc(sizeof *mins * 3 * brow);
    int rc = EC_OK;
    if (!pts || !fit || !ext || !mins) rc = EC_ENOMEM;
    size_t np = 0;
    cb[0] = xr[0] = INFINITY;
    cb[1] = xr[1] = -INFINITY;
    *n_fit = *n_ext = *n_min = 0;
    for (size_t i = 0; !rc && i < npts; i++) {
        if (!positive(C[i]) || !positive(x[i]) || !isfinite(L[i])) continue;
        pts[3 * np] = x[i];
        pts[3 * np + 1] = L[i];
        pts[3 * np + 2] = log10(C[i]);
        cb[0] = fmin(cb[0], pts[3 * np + 2]);
        cb[1] = fmax(cb[1], pts[3 * np + 2]);
        xr[0] = fmin(xr[0], x[i]);
        xr[1] = fmax(xr[1], x[i]);
        np++;
    }
    if (!rc && np == 0) rc = EC_EINVAL;
    for (size_t j = 0; !rc && j < nbudget; j++) {
        const ec_plot_budget *b = &budgets[j];
        if (!budget_usable(b)) continue;
        double lc = log10(b->compute), u, Lv;
        cb[0] = fmin(cb[0], lc);
        cb[1] = fmax(cb[1], lc);
        sample_parabola(b, b->umin, b->umax, fit + 3 * ISO_SAMPLES * *n_fit);
        (*n_fit)++;
        xr[0] = fmin(xr[0], pow(10.0, b->umin));
        xr[1] = fmax(xr[1], pow(10.0, b->umax));
        if (!budget_vertex(b, &u, &Lv)) continue;
        mins[3 * *n_min] = pow(10.0, u);
        mins[3 * *n_min + 1] = Lv;
        mins[3 * *n_min + 2] = lc;
        (*n_min)++;
        /* A vertex outside the runs: the parabola is extended to it, dashed (at most 2 decades). */
        if (u < b->umin && u >= b->umin - 2)
            sample_parabola(b, u, b->umin, ext + 3 * ISO_SAMPLES * (*n_ext)++);
        else if (u > b->umax && u <= b->umax + 2)
            sample_parabola(b, b->umax, u, ext + 3 * ISO_SAMPLES * (*n_ext)++);
        if (u >= b->umin - 2 && u <= b->umax + 2) {
            xr[0] = fmin(xr[0], pow(10.0, u));
            xr[1] = fmax(xr[1], pow(10.0, u));
        }
    }
    if (!rc) rc = ec_plot_table(p, "points", "x L log10(C)", np, 3, pts);
    if (!rc && *n_fit) rc = ec_plot_table(p, "parabolas", "x L log10(C), 41 rows per budget", ISO_SAMPLES * *n_fit, 3, fit);
    if (!rc && *n_ext)
        rc = ec_plot_table(p, "extensions", "x L log10(C), 41 rows per extended parabola", ISO_SAMPLES * *n_ext, 3, ext);
    if (!rc && *n_min) rc = ec_plot_table(p, "minima", "x_opt L_opt log10(C)", *n_min, 3, mins);
    free(pts);
    free(fit);
    free(ext);
    free(mins);
    return rc;
}

/*
 * The right panel's tables: optima (C, x*) and the frontier, solid over the
 * budgets and dashed half a decade beyond. rng gets the panel's ranges
 * (C min, C max, x min, x max).
 */
static int frontier_tables(ec_plot *p, size_t nbudget, const ec_plot_budget *budgets, double coef, double expo,
                           size_t *n_opt, int *has_frontier, double rng[4])
{
    size_t brow = nbudget > 0 ? nbudget : 1;
    double *opt = malloc(sizeof *opt * 2 * brow);
    if (!opt) return EC_ENOMEM;
    rng[0] = rng[2] = INFINITY;
    rng[1] = rng[3] = -INFINITY;
    *n_opt = 0;
    for (size_t j = 0; j < nbudget; j++) {
        const ec_plot_budget *b = &budgets[j];
        double u, Lv;
        if (!budget_usable(b) || !budget_vertex(b, &u, &Lv)) continue;
        opt[2 * *n_opt] = b->compute;
        opt[2 * *n_opt + 1] = pow(10.0, u);
        rng[0] = fmin(rng[0], b->compute);
        rng[1] = fmax(rng[1], b->compute);
        rng[2] = fmin(rng[2], opt[2 * *n_opt + 1]);
        rng[3] = fmax(rng[3], opt[2 * *n_opt + 1]);
        (*n_opt)++;
    }
    int rc = ec_plot_table(p, "optima", "C x_opt", *n_opt, 2, opt);
    free(opt);
    *has_frontier = !rc && *n_opt > 0 && positive(coef) && isfinite(expo);
    if (*has_frontier) {
        double line[2 * 2 * 2], lo = log10(rng[0]), hi = log10(rng[1]);
        double ends[4] = {lo - 0.5, hi + 0.5, lo, hi};
        for (int i = 0; i < 4; i++) {
            line[2 * i] = pow(10.0, ends[i]);
            line[2 * i + 1] = coef * pow(line[2 * i], expo);
            if (positive(line[2 * i + 1])) {
                rng[2] = fmin(rng[2], line[2 * i + 1]);
                rng[3] = fmax(rng[3], line[2 * i + 1]);
            }
        }
        rng[0] = line[0];
        rng[1] = line[2];
        rc = ec_plot_table(p, "frontier_ext", "C x*, the frontier half a decade beyond the budgets", 2, 2, line);
        if (!rc) rc = ec_plot_table(p, "frontier", "C x*, the frontier over the budgets", 2, 2, line + 4);
    }
    return rc;
}

/* "set Xrange [lo/pad:hi*pad]" for a log axis, pad in decades. */
static int log_range(ec_plot *p, const char *axis, double lo, double hi, double pad)
{
    if (!positive(lo) || !positive(hi)) return EC_OK;
    if (hi / lo < 10.0) pad = fmax(pad, 0.5 * (1.0 - log10(hi / lo))); /* at least a decade shown */
    return ec_plot_printf(p, "set %srange [%.10g:%.10g]\n", axis, lo / pow(10.0, pad), hi * pow(10.0, pad));
}

int ec_plot_isoflop(ec_plot *p, const char *title, const char *xlabel, size_t nbudget, const ec_plot_budget *budgets,
                    size_t npts, const double *C, const double *x, const double *L, double coef, double expo)
{
    if (!p || (npts && (!C || !x || !L)) || (nbudget && !budgets)) return EC_EINVAL;
    const char *xl = xlabel && xlabel[0] ? xlabel : "x";
    const char *sym = strstr(xl, "token") ? "D*" : strstr(xl, "param") ? "N*" : "x*";
    size_t n_fit, n_ext, n_min, n_opt;
    int has_frontier;
    double cb[2], xr[2], rng[4];
    /* Tables first: the input is checked before any script is written. */
    CHECK(isoflop_tables(p, nbudget, budgets, npts, C, x, L, &n_fit, &n_ext, &n_min, cb, xr));
    CHECK(frontier_tables(p, nbudget, budgets, coef, expo, &n_opt, &has_frontier, rng));
    if (cb[1] - cb[0] < 0.5) {
        double mid = 0.5 * (cb[0] + cb[1]);
        cb[0] = mid - 0.25;
        cb[1] = mid + 0.25;
    }

    CHECK(ec_plot_begin(p, title && title[0] ? title : "isoFLOP analysis"));
    char main_title[512];
    begun_title(p, main_title, sizeof main_title);
    /*
     * Two panels side by side (a 1×2 multiplot placed by hand rather than by
     * "layout", so that the left one, which carries the colour bar, can be
     * wider). Margins are in character units so that labels never collide,
     * whatever the size and font; equal top and bottom margins line the axes up.
     */
    CHECK(ec_plot_printf(p, "unset title\nset multiplot%s%s\n", main_title[0] ? " title " : "", main_title));
    CHECK(ec_plot_printf(p, "set tmargin 2.5\nset bmargin 3.5\nset lmargin 9\nset rmargin 12\n"
                            "set origin 0, 0\nset size 0.55, %s\n", main_title[0] ? "0.93" : "1"));

    /* Left panel: loss at fixed compute. */
    CHECK(ec_plot_printf(p, "set title \"Loss at fixed compute\"\n"));
    CHECK(ec_plot_log_axis(p, "x"));
    CHECK(log_range(p, "x", xr[0], xr[1], 0.1));
    CHECK(ec_plot_printf(p, "set xlabel "));
    CHECK(ec_plot_put_string(p, xl));
    CHECK(ec_plot_printf(p, " noenhanced\nset ylabel \"loss\"\n"));
    /* A truncated viridis (its pale yellow end is hard to see on white), opaque. */
    CHECK(ec_plot_printf(p, "set palette defined (0 '#440154', 1 '#3b528b', 2 '#21908d', 3 '#5dc963', 4 '#c2a01d')\n"
                            "set style fill solid 1.0 noborder\n"
                            "set cbrange [%.10g:%.10g]\nset cblabel \"log10 compute (FLOP)\"\nset format cb '%%g'\n"
                            "set colorbox vertical user origin graph 1.04, graph 0 size character 1.5, graph 1\n"
                            "set key inside top right opaque samplen 2\n"
                            /* headroom for the key: the smallest budget's curve rises to the top */
                            "set offsets 0, 0, graph %.2f, graph 0.03\n",
                         cb[0], cb[1], 0.03 + 0.045 * (double)(1 + (n_fit > 0) + (n_ext > 0) + (n_min > 0))));
    CHECK(ec_plot_printf(p, "plot @@points using 1:2:3 with points pt 7 ps 0.7 lc palette notitle"));
    if (n_ext)
        CHECK(ec_plot_printf(p, ", \\\n     for [k=0:%zu] @@extensions every ::(k*%d)::(k*%d+%d) using 1:2:3 with lines lw 2 dt 2 "
                                "lc palette notitle",
                             n_ext - 1, ISO_SAMPLES, ISO_SAMPLES, ISO_SAMPLES - 1));
    if (n_fit)
        CHECK(ec_plot_printf(p, ", \\\n     for [k=0:%zu] @@parabolas every ::(k*%d)::(k*%d+%d) using 1:2:3 with lines lw 2 "
                                "lc palette notitle",
                             n_fit - 1, ISO_SAMPLES, ISO_SAMPLES, ISO_SAMPLES - 1));
    if (n_min)
        CHECK(ec_plot_printf(p, ", \\\n     @@minima using 1:2:3 with points pt 13 ps 2.2 lc palette notitle"
                                ", \\\n     @@minima using 1:2 with points pt 12 ps 2.2 lc rgb '#222222' notitle"));
    /* Key entries in neutral grey: the colour is the budget's. */
    CHECK(ec_plot_printf(p, ", \\\n     NaN with points pt 7 ps 0.7 lc rgb '#666666' title \"runs\""));
    if (n_fit) CHECK(ec_plot_printf(p, ", \\\n     NaN with lines lw 2 lc rgb '#666666' title \"parabola fit\""));
    if (n_ext) CHECK(ec_plot_printf(p, ", \\\n     NaN with lines lw 2 dt 2 lc rgb '#666666' title \"extended to vertex\""));
    if (n_min) CHECK(ec_plot_printf(p, ", \\\n     NaN with points pt 12 ps 2.2 lc rgb '#222222' title \"minimum\""));
    CHECK(ec_plot_printf(p, "\n"));

    /* Right panel: the optima and the frontier. */
    CHECK(ec_plot_printf(p, "set title \"Compute-optimal frontier\"\nunset colorbox\nset offsets 0, 0, 0, 0\n"
                            "set lmargin 10\nset rmargin 2\nset origin 0.55, 0\nset size 0.45, %s\n",
                         main_title[0] ? "0.93" : "1"));
    CHECK(ec_plot_log_axis(p, "x"));
    CHECK(ec_plot_log_axis(p, "y"));
    CHECK(ec_plot_printf(p, "set xlabel \"compute C (FLOP)\"\nset ylabel "));
    char yl[320];
    snprintf(yl, sizeof yl, "optimal %s %s", xl, sym);
    CHECK(ec_plot_put_string(p, yl));
    CHECK(ec_plot_printf(p, " noenhanced\nset key inside bottom right opaque samplen 2\n"));
    if (!n_opt) {
        /* No usable budget: an empty panel, still valid gnuplot. */
        CHECK(ec_plot_printf(p, "set xrange [1:10]\nset yrange [1:10]\nplot NaN notitle\nunset multiplot\n"));
        return EC_OK;
    }
    CHECK(log_range(p, "x", rng[0], rng[1], 0.1));
    CHECK(log_range(p, "y", rng[2], rng[3], 0.15));
    CHECK(ec_plot_printf(p, "plot "));
    if (has_frontier) {
        char k[96], e[96];
        format_number(k, sizeof k, coef);
        format_number(e, sizeof e, expo);
        CHECK(ec_plot_printf(p, "@@frontier_ext using 1:2 with lines ls 3 notitle, \\\n     "
                                "@@frontier using 1:2 with lines ls 2 title \"%s = %s·C^{%s}\", \\\n     ",
                             sym, k, e));
    }
    CHECK(ec_plot_printf(p, "@@optima using 1:2 with points ls 1 pt 13 ps 1.6 title \"optimum\"\n"
                            "unset multiplot\n"));
    return EC_OK;
}

/* -------------------------------------------------------------- multipliers */

int ec_plot_multipliers(ec_plot *p, const char *title, size_t n, const char *const *names, const double *factor,
                        const double *lo, const double *hi, const char *reference)
{
    if (!p || (n && (!names || !factor))) return EC_EINVAL;
    size_t rows = n > 0 ? n : 1, nv = 0;
    for (size_t i = 0; i < n; i++)
        if (names[i] && positive(factor[i])) nv++;
    if (nv == 0) return EC_EINVAL;
    double *f = malloc(sizeof *f * 4 * rows), *r = malloc(sizeof *r * 2 * rows);
    size_t nf = 0, nr = 0, row = 0;
    double xmin = 1, xmax = 1;
    const char *ref_name = NULL;
    int rc = f && r ? EC_OK : EC_ENOMEM;
    for (size_t i = 0; !rc && i < n; i++) {
        if (!names[i] || !positive(factor[i])) continue;
        double y = (double)(nv - row++); /* the first model on top */
        double l = lo && positive(lo[i]) && lo[i] <= factor[i] ? lo[i] : factor[i];
        double h = hi && positive(hi[i]) && hi[i] >= factor[i] ? hi[i] : factor[i];
        xmin = fmin(xmin, l);
        xmax = fmax(xmax, h);
        if (reference && strcmp(names[i], reference) == 0) {
            ref_name = names[i];
            r[2 * nr] = factor[i];
            r[2 * nr++ + 1] = y;
        } else {
            f[4 * nf] = factor[i];
            f[4 * nf + 1] = y;
            f[4 * nf + 2] = l;
            f[4 * nf++ + 3] = h;
        }
    }
    double span = log10(xmax / xmin) > 0.5 ? log10(xmax / xmin) : 0.5;
    double x0 = xmin / pow(10.0, 0.08 * span), x1 = xmax * pow(10.0, 0.45 * span); /* room for the values */
    double unity[4] = {1, 0.4, 1, nv + 0.6};
    if (!rc && nf) rc = ec_plot_table(p, "factors", "factor row lo95 hi95", nf, 4, f);
    if (!rc && nr) rc = ec_plot_table(p, "reference", "factor row", nr, 2, r);
    if (!rc) rc = ec_plot_table(p, "unity", "x y: the vertical line at factor 1", 2, 2, unity);
    if (!rc) rc = ec_plot_begin(p, title && title[0] ? title : "Compute-efficiency factors");
    if (!rc) rc = ec_plot_log_axis(p, "x");
    /* Less than three decades: label 1-2-5 steps, 10^{n} alone gives too few ticks. */
    if (!rc && log10(x1 / x0) < 3)
        rc = ec_plot_printf(p, "set format x '%%g'\nset xtics (0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, "
                               "5, 10, 20, 50, 100, 200, 500, 1000)\n");
    if (!rc)
        rc = ec_plot_printf(p, "set xrange [%.10g:%.10g]\nset yrange [0.4:%.10g]\n"
                               "set xlabel \"efficiency factor, relative to the reference\"\n"
                               "set ytics scale 0 noenhanced (",
                            x0, x1, nv + 0.6);
    row = 0;
    for (size_t i = 0; !rc && i < n; i++) {
        if (!names[i] || !positive(factor[i])) continue;
        rc = ec_plot_printf(p, "%s", row ? ", " : "");
        if (!rc) rc = ec_plot_put_string(p, names[i]);
        if (!rc) rc = ec_plot_printf(p, " %zu", nv - row++);
    }
    if (!rc) rc = ec_plot_printf(p, ")\nset grid noytics\nset bmargin 5.5\nset key at screen 0.5, character 0.5 center bottom horizontal samplen 3\n");
    /* The values beside the whiskers, on white so that the reference line does not cross them. */
    if (!rc) rc = ec_plot_printf(p, "set style textbox opaque fillcolor rgb '#ffffff' noborder margins 0.5, 0.5\n");
    row = 0;
    for (size_t i = 0; !rc && i < n; i++) {
        if (!names[i] || !positive(factor[i])) continue;
        size_t y = nv - row++;
        char text[160];
        double h = hi && positive(hi[i]) && hi[i] >= factor[i] ? hi[i] : factor[i];
        if (reference && strcmp(names[i], reference) == 0)
            snprintf(text, sizeof text, "%.3g (reference)", factor[i]);
        else if (lo && hi && positive(lo[i]) && positive(hi[i]) && lo[i] <= factor[i] && hi[i] >= factor[i])
            snprintf(text, sizeof text, "%.3g  [%.3g, %.3g]", factor[i], lo[i], hi[i]);
        else
            snprintf(text, sizeof text, "%.3g", factor[i]);
        rc = ec_plot_printf(p, "set label %zu \"%s\" at first %.10g, first %zu left offset character 1.2, 0 boxed noenhanced front\n",
                            row, text, h, y);
    }
    if (!rc) {
        char key[320];
        snprintf(key, sizeof key, "reference: %s", ref_name ? ref_name : reference ? reference : "factor 1");
        rc = ec_plot_printf(p, "plot @@unity using 1:2 with lines ls 6 lw 2 title ");
        if (!rc) rc = ec_plot_put_string(p, key);
        if (!rc) rc = ec_plot_printf(p, " noenhanced");
        if (!rc && nf)
            rc = ec_plot_printf(p, ", \\\n     @@factors using 1:2:3:4 with xerrorbars ls 1 pt 7 ps 1.4 lw 1.5 "
                                   "title \"factor, 95%% interval\"");
        if (!rc && nr)
            rc = ec_plot_printf(p, ", \\\n     @@reference using 1:2 with points pt 13 ps 1.8 lc rgb '%s' notitle",
                                EC_PLOT_COLOR_MUTED);
        if (!rc) rc = ec_plot_printf(p, "\n");
    }
    free(f);
    free(r);
    return rc;
}

/* -------------------------------------------------------------------- trend */

int ec_plot_trend(ec_plot *p, const char *title, const char *ylabel, size_t n, const double *t, const double *y,
                  const ec_plot_curve *line, const char *label)
{
    if (!p || (n && (!t || !y))) return EC_EINVAL;
    size_t rows = n > 0 ? n : 1, np = 0;
    size_t nl = line && line->x && line->y ? line->n : 0, lrows = nl > 0 ? nl + 2 : 1;
    int band = nl && line->lo && line->hi;
    double *pts = malloc(sizeof *pts * 2 * rows), *all = malloc(sizeof *all * 4 * lrows);
    double *in = malloc(sizeof *in * 4 * lrows);
    if (!pts || !all || !in) {
        free(pts);
        free(all);
        free(in);
        return EC_ENOMEM;
    }
    double tmin = INFINITY, tmax = -INFINITY;
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(t[i]) || !positive(y[i])) continue;
        pts[2 * np] = t[i];
        pts[2 * np++ + 1] = y[i];
        tmin = fmin(tmin, t[i]);
        tmax = fmax(tmax, t[i]);
    }
    /* The line: all its samples (dashed), and the part over the data (solid), cut at tmin and tmax. */
    size_t na = 0, ni = 0;
    for (size_t i = 0; np && i < nl; i++) {
        if (!isfinite(line->x[i]) || !positive(line->y[i])) continue;
        double *row = all + 4 * na++;
        row[0] = line->x[i];
        row[1] = line->y[i];
        row[2] = band && positive(line->lo[i]) ? line->lo[i] : NAN;
        row[3] = band && positive(line->hi[i]) ? line->hi[i] : NAN;
    }
    for (size_t i = 0; i < na; i++) {
        const double *a = all + 4 * i, *b = i + 1 < na ? all + 4 * (i + 1) : NULL;
        if (a[0] >= tmin && a[0] <= tmax) memcpy(in + 4 * ni++, a, sizeof *a * 4);
        if (!b) break;
        /* A segment crossing tmin or tmax: its crossing point, interpolated in log y. */
        for (int k = 0; k < 2; k++) {
            double edge = k ? tmax : tmin;
            if ((a[0] - edge) * (b[0] - edge) < 0 && ni < na + 2) {
                double w = (edge - a[0]) / (b[0] - a[0]), *o = in + 4 * ni++;
                o[0] = edge;
                for (int j = 1; j < 4; j++) o[j] = pow(10.0, (1 - w) * log10(a[j]) + w * log10(b[j]));
            }
        }
    }
    int extrapolated = na > 0 && (all[0] < tmin || all[4 * (na - 1)] > tmax);
    int rc = np ? EC_OK : EC_EINVAL;
    if (!rc) rc = ec_plot_table(p, "points", "t y", np, 2, pts);
    if (!rc && na) rc = ec_plot_table(p, "line", "t y lo95 hi95", na, 4, all);
    if (!rc && ni) rc = ec_plot_table(p, "line_data", "t y lo95 hi95, over the data", ni, 4, in);
    int rising = na < 2 || all[4 * (na - 1) + 1] >= all[1];
    double lo_t = na ? fmin(tmin, all[0]) : tmin, hi_t = na ? fmax(tmax, all[4 * (na - 1)]) : tmax;
    free(pts);
    free(all);
    free(in);
    if (rc) return rc;

    double span = hi_t - lo_t;
    double step = span <= 8 ? 1 : span <= 20 ? 2 : span <= 50 ? 5 : 10;
    CHECK(ec_plot_begin(p, title && title[0] ? title : "Trend"));
    CHECK(ec_plot_log_axis(p, "y"));
    CHECK(ec_plot_printf(p, "set xlabel \"date (year)\"\nset ylabel "));
    CHECK(ec_plot_put_string(p, ylabel && ylabel[0] ? ylabel : "y"));
    CHECK(ec_plot_printf(p, " noenhanced\nset format x '%%.0f'\nset xtics %g\nset mxtics %d\n"
                            "set bmargin 6.5\nset key at screen 0.5, character 0.5 center bottom horizontal samplen 3\n",
                         step, step == 1 ? 4 : step == 2 ? 2 : 5));
    if (span > 0) CHECK(ec_plot_printf(p, "set xrange [%.10g:%.10g]\n", lo_t - 0.03 * span, hi_t + 0.03 * span));
    if (label && label[0]) {
        CHECK(ec_plot_printf(p, "set style textbox opaque fillcolor rgb '#ffffff' border lc rgb '#444444' margins 1.5, 1.2\n"
                                "set label 1 "));
        CHECK(ec_plot_put_string(p, label));
        CHECK(ec_plot_printf(p, rising ? " at graph 0.03, graph 0.93 left boxed front noenhanced\n"
                                       : " at graph 0.97, graph 0.93 right boxed front noenhanced\n"));
    }
    CHECK(ec_plot_printf(p, "plot "));
    if (band && ni)
        CHECK(ec_plot_printf(p, "@@line_data using 1:3:4 with filledcurves fc rgb '%s' title \"95%% band\", \\\n     ",
                             EC_PLOT_COLOR_BAND));
    if (band && extrapolated)
        CHECK(ec_plot_printf(p, "@@line using 1:3:4 with filledcurves fc rgb '%s' fs transparent solid 0.15 notitle, \\\n     ",
                             EC_PLOT_COLOR_BAND));
    CHECK(ec_plot_printf(p, "@@points using 1:2 with points ls 1 pt 7 ps 0.6 title \"data\""));
    if (extrapolated) CHECK(ec_plot_printf(p, ", \\\n     @@line using 1:2 with lines ls 3 title \"fit, extrapolated\""));
    if (ni) CHECK(ec_plot_printf(p, ", \\\n     @@line_data using 1:2 with lines ls 2 title \"fit\""));
    return ec_plot_printf(p, "\n");
}
