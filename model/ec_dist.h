/**
 * ec_dist.h — uncertain inputs as distributions, one syntax everywhere
 * (simulate's inputs, sweep designs):
 *
 *     fixed(3) or 3                     a constant
 *     normal(mean, sd)                  normal(ci90=[lo, hi]): mean and sd from a central interval
 *     lognormal(median=m, ci90=[lo, hi])  ln X normal; the interval level is always written:
 *                                       ci80, ci90 or ci95 (median defaults to sqrt(lo hi))
 *     lognormal(median=m, sigma=s)      ln X normal with sd s
 *     uniform(lo, hi)   loguniform(lo, hi)   triangular(lo, mode, hi)
 *     choice(v1, v2, ...)               each value with equal probability
 *     replicates(FILE, COLUMN)          the values of a column of a replicates file (a fit's
 *                                       or a trend's bootstrap), each with equal probability
 *
 * Any continuous one may be truncated: `normal(0.5, 0.2, lo=0, hi=1)`. A
 * truncated distribution is renormalised (its quantile function maps (0, 1)
 * onto [F(lo), F(hi)]), never clipped into point masses at the bounds.
 *
 * A draw is the quantile function at a uniform number u in (0, 1), so that
 * correlated inputs come from correlated uniforms (ec_copula) and a draw
 * depends only on its counter (ec_random.h).
 */
#ifndef EC_DIST_H
#define EC_DIST_H

#include "ec_export.h"

#include <stddef.h>

#include "ec_error.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum ec_dist_kind {
    EC_DIST_FIXED = 0,
    EC_DIST_NORMAL,
    EC_DIST_LOGNORMAL,
    EC_DIST_UNIFORM,
    EC_DIST_LOGUNIFORM,
    EC_DIST_TRIANGULAR,
    EC_DIST_CHOICE,
    EC_DIST_EMPIRICAL
} ec_dist_kind;

typedef struct ec_dist {
    ec_dist_kind kind;
    double a, b, c;       /**< normal: mean, sd; lognormal: mu, sigma of ln X; uniform: lo, hi; loguniform:
                               ln lo, ln hi; triangular: lo, mode, hi; fixed: the value */
    double *values;       /**< choice and replicates: the values (sorted for replicates), n of them */
    size_t n;
    double lo, hi;        /**< truncation bounds (-INFINITY, INFINITY when none) */
    double F_lo, F_hi;    /**< the CDF at the bounds (0 and 1 when none) */
    char text[512];       /**< as written, for messages */
} ec_dist;

/**
 * Parses a distribution. Errors (EC_EINVAL, EC_EIO for a replicates file),
 * each saying what is wrong and what to write: an unknown name (listing
 * them), a missing or unknown interval level ("ci=" instead of "ci90="), a
 * value that is not a number, lo > hi, sd <= 0, a lognormal or loguniform
 * bound <= 0, a median outside its interval, truncation bounds that leave
 * no probability, an empty choice, a replicates column that does not
 * exist. `d` is zeroed first and holds nothing after a failure; release a
 * parsed one with ec_dist_clear().
 */
EC_API int ec_dist_parse(const char *text, ec_dist *d, ec_error *err);

/** The quantile function at u in (0, 1) (renormalised when truncated). */
EC_API double ec_dist_quantile(const ec_dist *d, double u);

/**
 * ln of the quantile at u: for lognormal and loguniform computed in log
 * space (no exp and log, and exact where the quantile would overflow);
 * -inf or NAN where the quantile is 0 or negative.
 */
EC_API double ec_dist_log_quantile(const ec_dist *d, double u);

/** The median (the quantile at 1/2). */
EC_API double ec_dist_median(const ec_dist *d);

/** 1 when the distribution is a constant (fixed, or a choice of one value). */
EC_API int ec_dist_is_fixed(const ec_dist *d);

/** Frees the values of a distribution. NULL is allowed. */
EC_API void ec_dist_clear(ec_dist *d);

/**
 * A Gaussian copula over k inputs: rank (Spearman) correlations ρ_ij turned
 * into the normal correlations r = 2 sin(π ρ / 6) (Pearson 1907) and
 * factored by Cholesky (GSL). ec_copula_apply() maps k independent uniforms
 * to k uniforms with those rank correlations, so each input keeps its own
 * distribution.
 */
typedef struct ec_copula {
    size_t k;
    double *L;            /**< k × k lower Cholesky factor of the normal correlations */
} ec_copula;

/**
 * Builds the copula of rank correlations rho (k × k, row-major, symmetric,
 * 1 on the diagonal). EC_EINVAL when an entry is outside [-1, 1], the
 * matrix is not symmetric, or it is not positive definite (the message
 * names the matrix and what to do: lower the correlations).
 */
EC_API int ec_copula_init(ec_copula *c, const double *rho, size_t k, ec_error *err);

/** u[0..k-1]: independent uniforms in, correlated uniforms out. */
EC_API void ec_copula_apply(const ec_copula *c, double *u);

EC_API void ec_copula_clear(ec_copula *c);

#ifdef __cplusplus
}
#endif
#endif
