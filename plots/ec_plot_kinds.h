/**
 * ec_plot_kinds.h — builders for each kind of report figure. Each fills an
 * ec_plot (after nothing else: it calls ec_plot_begin itself) from plain
 * arrays, so that the CLI can feed it from a command's results or from the
 * JSON a command wrote. All return 0 or an ec_status (EC_EINVAL for
 * unusable input, e.g. no finite point; EC_ENOMEM).
 *
 * Conventions shared by every kind: axes labelled with units (FLOP,
 * parameters, tokens), log axes with 10^{n} tick labels where the quantity
 * spans decades, the palette of ec_plot.h (data, fit, band, second series),
 * fitted curves solid inside the data range and dashed beyond it, keys
 * placed where they do not cover data (outside the plot area on the right
 * when in doubt).
 */
#ifndef EC_PLOT_KINDS_H
#define EC_PLOT_KINDS_H

#include "ec_export.h"

#include <stddef.h>

#include "ec_plot.h"

#ifdef __cplusplus
extern "C" {
#endif

/** A fitted curve sampled at n points, with an optional band (lo, hi may be NULL). */
typedef struct ec_plot_curve {
    size_t n;
    const double *x, *y, *lo, *hi;
} ec_plot_curve;

/**
 * kind "fit": data points (px, py), the fitted curve (solid for
 * data_min ≤ x ≤ data_max, dashed beyond), its band (filledcurves) when
 * given, and `label` (e.g. the parameters, one per line separated by '\n')
 * in a box. logx/logy select log axes.
 */
EC_API int ec_plot_fit(ec_plot *p, const char *title, const char *xlabel, const char *ylabel, size_t npts,
                       const double *px,
                const double *py, const ec_plot_curve *curve, double data_min, double data_max, int logx, int logy,
                const char *label);

/** kind "residuals": residuals r against x (log x when logx), with a zero line. */
EC_API int ec_plot_residuals(ec_plot *p, const char *title, const char *xlabel, const char *rlabel, size_t n,
                             const double *x,
                      const double *r, int logx);

/**
 * kind "bootstrap": one histogram per parameter (a multiplot grid) of
 * samples[r * nparam + j] over nrep replicates (non-finite skipped), with
 * the point estimate estimates[j] and the 95% interval marked.
 */
EC_API int ec_plot_bootstrap(ec_plot *p, const char *title, size_t nparam, const char *const *names, size_t nrep,
                      const double *samples, const double *estimates);

/**
 * kind "contour": iso-loss contours of a Chinchilla law (params E, A, B,
 * alpha, beta) over compute C (x, FLOP, log) and parameters N (y, log) with
 * D = C/(6N), the compute-optimal frontier N*(C), and the data points
 * (C, N) when npts > 0 — as in Hoffmann et al.'s Figure 4.
 */
EC_API int ec_plot_contour(ec_plot *p, const char *title, const double chin[5], size_t npts, const double *C,
                           const double *N,
                    double Cmin, double Cmax, double Nmin, double Nmax);

/** kind "frontier": N*(C) and D*(C) on log axes, with bands when lo/hi are given. */
EC_API int ec_plot_frontier(ec_plot *p, const char *title, const ec_plot_curve *Nstar, const ec_plot_curve *Dstar);

/** One isoFLOP budget: the parabola L = a + b u + c u² in u = log10 x over [umin, umax], and its vertex. */
typedef struct ec_plot_budget {
    double compute, a, b, c, umin, umax, x_opt, loss_opt;
} ec_plot_budget;

/**
 * kind "isoflop": points (C, x, L) coloured by budget, the per-budget
 * parabolas and their minima; a second panel with the optima x*(C) and the
 * frontier x* = coef·C^exp. `xlabel` names x ("training tokens" or
 * "parameters").
 */
EC_API int ec_plot_isoflop(ec_plot *p, const char *title, const char *xlabel, size_t nbudget,
                           const ec_plot_budget *budgets,
                    size_t npts, const double *C, const double *x, const double *L, double coef, double expo);

/** kind "multipliers": factors with 95% intervals on a log axis, one row per model; reference marked at 1. */
EC_API int ec_plot_multipliers(ec_plot *p, const char *title, size_t n, const char *const *names, const double *factor,
                        const double *lo, const double *hi, const char *reference);

/** kind "trend": points (t, y) on a log y axis with the fitted growth line and band. */
EC_API int ec_plot_trend(ec_plot *p, const char *title, const char *ylabel, size_t n, const double *t, const double *y,
                  const ec_plot_curve *line, const char *label);

/**
 * kind "projection": loss against effective compute (log x). `curve` (may be
 * NULL) is the law's compute-optimal loss, solid up to data_max (the largest
 * fitted compute; NAN: unknown, all solid), dashed beyond, with its band when
 * lo/hi are given; a dotted line marks data_max. The rows (x, y) with their
 * band [lo, hi] (lo, hi may be NULL) in one colour per group (a token
 * policy), named group_names[group[i]]; labels[i] (may be NULL) beside each
 * row. EC_EINVAL when no row is drawable.
 */
EC_API int ec_plot_projection(ec_plot *p, const char *title, const ec_plot_curve *curve, double data_max, size_t nrows,
                       const double *x, const double *y, const double *lo, const double *hi, const size_t *group,
                       size_t ngroups, const char *const *group_names, const char *const *labels);

/**
 * kind "fan": a trajectory's percentiles per time t[0..nt-1]: v (nt × nq, at
 * [k * nq + j] the quantile q[j]) as nested bands between the symmetric pairs
 * (q, 1 − q) and a median line; log10_values: v holds log10 of the values,
 * drawn on a log axis. median2 (nt values, same scale, may be NULL) a second
 * median as a dashed line (e.g. physical beside effective compute); nthr
 * thresholds (in the values' units, not log10) as horizontal dashed lines
 * with labels. EC_EINVAL when nt < 2 or neither a pair nor a median.
 */
EC_API int ec_plot_fan(ec_plot *p, const char *title, const char *ylabel, size_t nt, const double *t, size_t nq,
                const double *q, const double *v, int log10_values, const double *median2, const char *median2_title,
                size_t nthr, const double *thr, const char *const *thr_labels);

/**
 * kind "crossing": P(threshold j crossed by 1 January of years[y]) =
 * p_by[j * ny + y], one line per threshold, named labels[j].
 */
EC_API int ec_plot_crossing(ec_plot *p, const char *title, size_t ny, const double *years, size_t nthr,
                            const double *p_by,
                     const char *const *labels);

/**
 * kind "sweep-line": a recorded output y against one varied key, x numeric
 * (log when logx) or, with x NULL, the categories xlabels[0..n-1] in order;
 * its 95% band [lo, hi] when given (NULL: none); with dy, a second panel of
 * the paired difference from the baseline cell with its interval [dlo, dhi]
 * (labelled dlabel) and a zero line. Non-finite values (failed cells) are
 * gaps. EC_EINVAL when no point is drawable.
 */
EC_API int ec_plot_sweep_line(ec_plot *p, const char *title, const char *xlabel, const char *ylabel, size_t n,
                       const double *x, const char *const *xlabels, int logx, const double *y, const double *lo,
                       const double *hi, const double *dy, const double *dlo, const double *dhi, const char *dlabel);

/**
 * kind "heatmap": z[i * ny + j] over the categories xlabels[i] (x) and
 * ylabels[j] (y), colour bar labelled zlabel, values written in the cells
 * when at most 80 fit; non-finite cells blank. EC_EINVAL when none is finite.
 */
EC_API int ec_plot_heatmap(ec_plot *p, const char *title, const char *xlabel, const char *ylabel, const char *zlabel,
                    size_t nx, const char *const *xlabels, size_t ny, const char *const *ylabels, const double *z);

/**
 * kind "sensitivity": horizontal bars, one block per input names[i] (the
 * first on top), nseries (1 to 4) bars side by side, v[i * nseries + s],
 * with error bars ± conf[i * nseries + s] when conf is given: Sobol' S1 and
 * ST, or Morris mu* and sigma (tornado style when the caller sorts).
 */
EC_API int ec_plot_sensitivity(ec_plot *p, const char *title, const char *xlabel, size_t n, const char *const *names,
                        size_t nseries, const char *const *series_names, const double *v, const double *conf);

#ifdef __cplusplus
}
#endif
#endif
