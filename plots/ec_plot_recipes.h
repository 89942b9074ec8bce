/**
 * ec_plot_recipes.h — what to draw from a result: the recipes that turn a
 * fitted law and its data, or a trend, into a figure (ec_plot_kinds.h does
 * the drawing itself). They read results in memory; a result read back from
 * a JSON file is drawn by the same recipe.
 */
#ifndef EC_PLOT_RECIPES_H
#define EC_PLOT_RECIPES_H

#include "ec_export.h"

#include <stddef.h>

#include "ec_dataset.h"
#include "ec_error.h"
#include "ec_law.h"
#include "ec_plot.h"

#ifdef __cplusplus
extern "C" {
#endif

/** 1 when `kind` is one of the figures of a fitted law: fit, residuals, bootstrap, contour, frontier. */
EC_API int ec_plot_is_law_kind(const char *kind);

/** The natural figure of a law: "fit", or "residuals" for a two-variable form other than chinchilla. */
EC_API const char *ec_plot_law_default_kind(const ec_law *law);

/**
 * A figure of `law` over its data `ds` (may be NULL for kind "bootstrap"),
 * for kind:
 *   fit        the data, the law (solid inside the data's range, dashed beyond) and its band
 *              (bootstrap percentiles, else the delta method, else none; the title says which);
 *              chinchilla: the loss at the compute-optimal allocation against compute;
 *   residuals  log(predicted / observed) (log_space) or predicted − observed against x or compute;
 *   bootstrap  a histogram of each parameter's replicates;
 *   contour    iso-loss contours over compute and parameters with the frontier (chinchilla);
 *   frontier   N*(C) and D*(C) with bands (chinchilla).
 * EC_EINVAL with what is missing (no replicates for bootstrap, not a chinchilla law, data without
 * the law's columns, nothing finite to draw), EC_ENOMEM.
 */
EC_API int ec_plot_law_figure(ec_plot *p, const char *kind, const ec_law *law, const ec_dataset *ds, int log_space,
                       ec_error *err);

/** A growth trend, log10 y = c + g (t − y0), with the covariance of (c, g) for its band. */
typedef struct ec_plot_trend_line {
    double c, g, y0;
    double var_c, var_g, cov_cg;   /**< NAN when unknown: no band */
    double growth_per_year;
    double doubling_months, halving_months; /**< NAN when not that direction */
    int not_significant;
    const char *ylabel;
} ec_plot_trend_line;

/** The trend figure: the data (x = date, y) and the fitted line with its 95% band. */
EC_API int ec_plot_trend_figure(ec_plot *p, const ec_dataset *ds, const ec_plot_trend_line *t, ec_error *err);

/**
 * The projection figure of rows computed from `law` (a chinchilla law): its
 * compute-optimal loss curve over the rows' compute range and the fitted
 * data's, with its band (bootstrap percentiles, else the delta method),
 * solid inside the data and dashed beyond, and the rows (effective compute
 * x, loss y with band [lo, hi]) by group. EC_EINVAL (not chinchilla, no
 * drawable row), EC_ENOMEM.
 */
EC_API int ec_plot_projection_figure(ec_plot *p, const ec_law *law, size_t nrows, const double *x, const double *y,
                              const double *lo, const double *hi, const size_t *group, size_t ngroups,
                              const char *const *group_names, const char *const *labels, ec_error *err);

#ifdef __cplusplus
}
#endif
#endif
