/**
 * ec_trend.h — growth over time (`trend`): the growth factor per year and
 * the doubling (or halving) time of a quantity, with intervals; or, with
 * `algorithmic`, the rate at which the compute needed for a fixed loss falls.
 *
 * The plain trend fits log10 y = c + g (year − 2020) by least squares in log
 * space (form loglinear-time); `algorithmic` fits L = E + A (C 10^(g (year −
 * 2020)))^−alpha (form effective-compute-time, Ho et al. 2024). Either way g
 * is in orders of magnitude per year, the growth factor is 10^g and the time
 * for a factor 2 is 12 log10(2)/|g| months (ec_doubling_time). Intervals of
 * g are the bootstrap's percentile interval when opt->bootstrap > 1, else
 * g ∓ z·se (asymptotic); times and factors are g's interval mapped through
 * their (monotone) formulas.
 */
#ifndef EC_TREND_H
#define EC_TREND_H

#include "ec_export.h"

#include "ec_bootstrap.h"
#include "ec_dataset.h"
#include "ec_efficiency.h"
#include "ec_error.h"
#include "ec_fit.h"
#include "ec_nlfit.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ec_trend_result {
    int algorithmic;
    ec_nlfit_result fit;
    ec_boot *boot;            /**< NULL without a bootstrap */
    double g, se;             /**< se NAN when unavailable */
    double g_ci[2], growth, growth_ci[2];
    ec_doubling dt;
    int y_constant;           /**< every y the same: g = 0 exactly, exact intervals */
    const char *trend;        /**< "growth", "decline", "not significant", "none" (y constant), NULL (unknown) */
    const char *interval_method; /**< "exact (y is constant)", "bootstrap percentile", "asymptotic (normal, delta method)" */
} ec_trend_result;

/**
 * Fits the trend of `ds` (x = date and y mapped; for `algorithmic`, C, date
 * and L) with opt (whose form is set here: loglinear-time or
 * effective-compute-time). Errors: those of ec_nlfit() and the bootstrap.
 * A fit that did not converge is EC_OK with res->fit.converged = 0.
 */
EC_API int ec_trend(const ec_dataset *ds, const ec_fit_options *opt, int algorithmic, ec_trend_result *res,
                    ec_error *err);

/** Frees the bootstrap and empties the result. NULL is allowed. */
EC_API void ec_trend_clear(ec_trend_result *res);

#ifdef __cplusplus
}
#endif
#endif
