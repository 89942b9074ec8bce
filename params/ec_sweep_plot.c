/*
 * ec_sweep_plot.c — what to draw from a sweep (ec_sweep_plot.h): over one key
 * the recorded output against it with its band and its paired difference,
 * over two keys a heatmap; and the bars of sensitivity indices. The kinds
 * themselves are plots/ec_plot_sweep.c; this file picks the numbers.
 */
#include "ec_sweep_plot.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ec_kv.h"
#include "ec_plot_kinds.h"

/* What the sweep figures draw, copied out of the result (the figure outlives nothing it points to). */
typedef struct sweep_fig {
    int heatmap;
    size_t n, nx, ny;
    char **labels;          /* n (line) or nx + ny (heatmap) category labels */
    double *x;              /* line: numeric x, or NULL for categories */
    int logx;
    double *y, *lo, *hi, *dy, *dlo, *dhi;
    char title[600], xlabel[300], ylabel[300], zlabel[300], dlabel[300];
} sweep_fig;

static void sweep_fig_free(void *data)
{
    sweep_fig *f = data;
    if (!f) return;
    for (size_t i = 0; f->labels && i < (f->heatmap ? f->nx + f->ny : f->n); i++) free(f->labels[i]);
    free(f->labels);
    free(f->x), free(f->y), free(f->lo), free(f->hi), free(f->dy), free(f->dlo), free(f->dhi);
    free(f);
}

static int sweep_fig_build(ec_plot *p, const void *data, ec_error *err)
{
    const sweep_fig *f = data;
    int rc = f->heatmap ? ec_plot_heatmap(p, f->title, f->xlabel, f->ylabel, f->zlabel, f->nx,
                                          (const char *const *)f->labels, f->ny,
                                          (const char *const *)f->labels + f->nx, f->y)
                        : ec_plot_sweep_line(p, f->title, f->xlabel, f->ylabel, f->n, f->x,
                                             (const char *const *)f->labels, f->logx, f->y, f->lo, f->hi, f->dy,
                                             f->dlo, f->dhi, f->dlabel);
    if (rc)
        ec_error_set(err, rc, "sweep figure: %s",
                     rc == EC_ENOMEM ? "out of memory" : "nothing to draw (no cell has a finite value of the record)");
    return rc;
}

static char *dup_text(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d) memcpy(d, s, n);
    return d;
}

/* Index of the record named `name`, or -1. */
static long record_index(const ec_sweep_options *o, const char *name)
{
    for (size_t k = 0; k < o->n_records; k++)
        if (strcmp(o->records[k], name) == 0) return (long)k;
    return -1;
}

int ec_sweep_plot(const ec_sweep_options *o, const ec_sweep_result *r, const char *record, const char *image,
                  const ec_plot_options *po, ec_plot_output **out, ec_error *err)
{
    *out = NULL;
    if (o->zip)
        return ec_error_set(err, EC_EINVAL, "--plot: a design's cells are samples, not a grid; draw the indices with "
                                            "'effcomp analyze ... --plot FILE.png'");
    if (o->n_axes < 1 || o->n_axes > 2)
        return ec_error_set(err, EC_EINVAL, "--plot draws a sweep over one key (a line) or two (a heatmap), not %zu; "
                                            "fix the others with --set",
                            o->n_axes);
    if (r->n != r->n_total)
        return ec_error_set(err, EC_EINVAL, "--plot draws the whole sweep, not one shard (this one has %zu of %zu cells)",
                            r->n, r->n_total);
    long k = record ? record_index(o, record) : 0;
    if (k < 0) return ec_error_set(err, EC_EINVAL, "--plot-record '%s' is not one of the --record outputs", record);
    const char *rec = o->records[k];
    sweep_fig *f = calloc(1, sizeof *f);
    if (!f) return ec_error_set(err, EC_ENOMEM, "out of memory");
    const size_t n = r->n;
    f->n = n;
    f->y = malloc(sizeof(double) * n);
    int rc = f->y ? EC_OK : EC_ENOMEM;
    for (size_t c = 0; !rc && c < n; c++) f->y[c] = r->cells[c].ok ? r->cells[c].record[k] : NAN;
    if (!rc && o->n_axes == 2) {
        const ec_sweep_axis *ax = &o->axes[0], *ay = &o->axes[1];
        f->heatmap = 1;
        f->nx = ax->n;
        f->ny = ay->n;
        f->labels = calloc(f->nx + f->ny, sizeof *f->labels);
        for (size_t i = 0; f->labels && i < f->nx + f->ny; i++)
            if (!(f->labels[i] = dup_text(i < f->nx ? ax->values[i] : ay->values[i - f->nx]))) rc = EC_ENOMEM;
        if (!f->labels) rc = EC_ENOMEM;
        snprintf(f->title, sizeof f->title, "%s over %s and %s", rec, ax->key, ay->key);
        snprintf(f->xlabel, sizeof f->xlabel, "%s", ax->key);
        snprintf(f->ylabel, sizeof f->ylabel, "%s", ay->key);
        snprintf(f->zlabel, sizeof f->zlabel, "%s", rec);
    } else if (!rc) {
        const ec_sweep_axis *ax = &o->axes[0];
        /* numbers when every value is one (log x when they are positive over two decades), else categories */
        f->x = malloc(sizeof(double) * n);
        int numeric = f->x != NULL;
        double mn = INFINITY, mx = -INFINITY;
        for (size_t c = 0; numeric && c < n; c++) {
            if (ec_parse_finite(ax->values[c], &f->x[c]) != EC_OK) numeric = 0;
            else mn = fmin(mn, f->x[c]), mx = fmax(mx, f->x[c]);
        }
        if (!f->x) rc = EC_ENOMEM;
        if (!rc && numeric) {
            /* log x: positive values over two decades, or evenly spaced in log (START:STOP:COUNT:log) */
            int geometric = n >= 3 && mn > 0, arithmetic = n >= 3;
            for (size_t c = 2; c < n && (geometric || arithmetic); c++) {
                double r0 = f->x[1] / f->x[0], r1 = f->x[c] / f->x[c - 1];
                double d0 = f->x[1] - f->x[0], d1 = f->x[c] - f->x[c - 1];
                geometric = geometric && fabs(r1 - r0) <= 1e-9 * fabs(r0);
                arithmetic = arithmetic && fabs(d1 - d0) <= 1e-9 * fabs(d0);
            }
            f->logx = mn > 0 && (mx >= 100 * mn || (geometric && !arithmetic));
        } else if (!rc) {
            free(f->x);
            f->x = NULL;
            f->labels = calloc(n, sizeof *f->labels);
            for (size_t c = 0; f->labels && c < n; c++)
                if (!(f->labels[c] = dup_text(ax->values[c]))) rc = EC_ENOMEM;
            if (!f->labels) rc = EC_ENOMEM;
        }
        /* the band: the record's own _lo95/_hi95 when they were recorded too */
        char name[600];
        snprintf(name, sizeof name, "%s_lo95", rec);
        long klo = record_index(o, name);
        snprintf(name, sizeof name, "%s_hi95", rec);
        long khi = record_index(o, name);
        if (!rc && klo >= 0 && khi >= 0) {
            f->lo = malloc(sizeof(double) * n);
            f->hi = malloc(sizeof(double) * n);
            if (!f->lo || !f->hi) rc = EC_ENOMEM;
            for (size_t c = 0; !rc && c < n; c++) {
                f->lo[c] = r->cells[c].ok ? r->cells[c].record[klo] : NAN;
                f->hi[c] = r->cells[c].ok ? r->cells[c].record[khi] : NAN;
            }
        }
        /* the paired difference from the baseline cell, with its interval where the cells have one */
        if (!rc && r->baseline && r->baseline_ok) {
            f->dy = malloc(sizeof(double) * n);
            if (!f->dy) rc = EC_ENOMEM;
            for (size_t c = 0; !rc && c < n; c++)
                f->dy[c] = r->cells[c].ok ? r->cells[c].record[k] - r->baseline[k] : NAN;
            if (!rc && r->paired && r->paired[k]) {
                f->dlo = malloc(sizeof(double) * n);
                f->dhi = malloc(sizeof(double) * n);
                if (!f->dlo || !f->dhi) rc = EC_ENOMEM;
                for (size_t c = 0; !rc && c < n; c++) {
                    f->dlo[c] = r->cells[c].ok ? r->cells[c].d_lo[k] : NAN;
                    f->dhi[c] = r->cells[c].ok ? r->cells[c].d_hi[k] : NAN;
                }
            }
            snprintf(f->dlabel, sizeof f->dlabel, "%s − cell %lld's", rec, o->baseline);
        }
        snprintf(f->title, sizeof f->title, "%s against %s", rec, ax->key);
        snprintf(f->xlabel, sizeof f->xlabel, "%s", ax->key);
        snprintf(f->ylabel, sizeof f->ylabel, "%s", rec);
    }
    if (rc) {
        sweep_fig_free(f);
        return ec_error_set(err, rc, "out of memory");
    }
    return ec_plot_output_custom(f->heatmap ? "heatmap" : "sweep-line", image, po, sweep_fig_build, f, sweep_fig_free,
                                 out, err);
}

/* ------------------------------------------------------------ sensitivity */

typedef struct sens_fig {
    size_t n, ns;
    char **names;
    char series[2][32];
    double *v, *conf;
    char title[600], xlabel[200];
} sens_fig;

static void sens_fig_free(void *data)
{
    sens_fig *f = data;
    if (!f) return;
    for (size_t i = 0; f->names && i < f->n; i++) free(f->names[i]);
    free(f->names), free(f->v), free(f->conf);
    free(f);
}

static int sens_fig_build(ec_plot *p, const void *data, ec_error *err)
{
    const sens_fig *f = data;
    const char *series[2] = {f->series[0], f->series[1]};
    int rc = ec_plot_sensitivity(p, f->title, f->xlabel, f->n, (const char *const *)f->names, f->ns, series, f->v,
                                 f->conf);
    if (rc) ec_error_set(err, rc, "sensitivity figure: %s", rc == EC_ENOMEM ? "out of memory" : "nothing to draw");
    return rc;
}

int ec_sensitivity_plot(const char *title, const char *xlabel, size_t n, const char *const *names,
                        const char *const series[2], const double *a, const double *a_conf, const double *b,
                        const double *b_conf, int by_b, const char *image, const ec_plot_options *po,
                        ec_plot_output **out, ec_error *err)
{
    const double *key = by_b ? b : a;
    *out = NULL;
    sens_fig *f = calloc(1, sizeof *f);
    size_t *order = malloc(sizeof *order * (n ? n : 1));
    if (!f || !order) {
        free(f), free(order);
        return ec_error_set(err, EC_ENOMEM, "out of memory");
    }
    f->n = n;
    f->ns = 2;
    snprintf(f->series[0], sizeof f->series[0], "%s", series[0]);
    snprintf(f->series[1], sizeof f->series[1], "%s", series[1]);
    snprintf(f->title, sizeof f->title, "%s", title);
    snprintf(f->xlabel, sizeof f->xlabel, "%s", xlabel);
    f->names = calloc(n ? n : 1, sizeof *f->names);
    f->v = malloc(sizeof(double) * 2 * (n ? n : 1));
    f->conf = malloc(sizeof(double) * 2 * (n ? n : 1));
    int rc = f->names && f->v && f->conf ? EC_OK : EC_ENOMEM;
    /* tornado order: the largest key (a, or b with by_b) first; ties in the inputs' order */
    for (size_t i = 0; i < n; i++) order[i] = i;
    for (size_t i = 1; i < n; i++)
        for (size_t j = i; j > 0; j--) {
            double bj = isfinite(key[order[j]]) ? key[order[j]] : -INFINITY;
            double bp = isfinite(key[order[j - 1]]) ? key[order[j - 1]] : -INFINITY;
            if (bj <= bp) break;
            size_t t = order[j];
            order[j] = order[j - 1];
            order[j - 1] = t;
        }
    for (size_t i = 0; !rc && i < n; i++) {
        size_t s = order[i];
        if (!(f->names[i] = dup_text(names[s]))) rc = EC_ENOMEM;
        f->v[2 * i] = a[s];
        f->v[2 * i + 1] = b[s];
        f->conf[2 * i] = a_conf ? a_conf[s] : NAN;
        f->conf[2 * i + 1] = b_conf ? b_conf[s] : NAN;
    }
    free(order);
    if (rc) {
        sens_fig_free(f);
        return ec_error_set(err, rc, "out of memory");
    }
    return ec_plot_output_custom("sensitivity", image, po, sens_fig_build, f, sens_fig_free, out, err);
}
