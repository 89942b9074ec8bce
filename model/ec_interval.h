/**
 * ec_interval.h — quantiles and intervals: the one implementation every
 * interval in effcomp goes through (bootstrap summaries, prediction bands,
 * the intervals of optimal, multiplier, trend, project and simulate).
 *
 * Quantiles are of type 7 in Hyndman & Fan's (1996) list, the definition of
 * GSL's gsl_stats_quantile_from_sorted_data, numpy's default and R's
 * default: with the values sorted, x_(0) ≤ … ≤ x_(n−1), the q-quantile is
 *
 *     h = (n − 1) q,   Q(q) = x_(⌊h⌋) + (h − ⌊h⌋) (x_(⌊h⌋+1) − x_(⌊h⌋)).
 *
 * The two order statistics are found by selection (GSL's gsl_stats_select,
 * expected O(n)), not by sorting, so a band over 4000 bootstrap replicates
 * costs a few passes over the values instead of a sort. The values may
 * include ±INFINITY (a replicate whose quantity grows without bound): a
 * quantile on an infinite order statistic, or between a finite and an
 * infinite one, is that infinity (no 0 · ∞ = NaN), so an interval end reads
 * as unbounded. NaN is not allowed: leave failed replicates out, and count
 * them.
 *
 * Normal intervals (the delta method, asymptotic standard errors) use
 * z = Φ⁻¹((1 + level)/2).
 */
#ifndef EC_INTERVAL_H
#define EC_INTERVAL_H

#include "ec_export.h"

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/** The level of every interval effcomp reports unless told otherwise. */
#define EC_INTERVAL_LEVEL 0.95

/**
 * The q-quantile (0 ≤ q ≤ 1, type 7) of v[0..n-1]. v is reordered (not
 * sorted). NAN when n = 0 or q is outside [0, 1].
 */
EC_API double ec_quantile(double *v, size_t n, double q);

/**
 * Several quantiles q[0..nq-1] (each in [0, 1]) of v[0..n-1] into out; v is
 * reordered. Exact (the same values as sorting), in about two passes over
 * large sets (ec_order_stats), one sort for small ones.
 */
EC_API void ec_quantiles(double *v, size_t n, const double *q, size_t nq, double *out);

/**
 * The order statistics of v[0..n-1] at the 0-based ranks[0..nr-1] (any
 * order, repeats allowed) into out; v may be reordered (it is not for
 * n > 4096). Exact: bucket selection for large n — a sample gives the range,
 * one pass counts the values in 65536 equal buckets, a second collects the
 * buckets that hold a rank, a sort of each gives the value (split again when
 * one holds too many) — and plain selection otherwise.
 */
EC_API void ec_order_stats(double *v, size_t n, const size_t *ranks, size_t nr, double *out);

/**
 * ec_quantiles() with a Monte Carlo standard error of each quantile: half
 * the distance between the order statistics one binomial standard
 * deviation of rank, sqrt(n q (1 − q)), below and above it (an
 * order-statistic interval, free of any density estimate). NAN when n < 2,
 * INFINITY when one of them is unbounded.
 */
EC_API void ec_quantiles_se(double *v, size_t n, const double *q, size_t nq, double *out, double *se);

/**
 * Two-sided percentile interval at `level` (0 < level < 1): the
 * (1 − level)/2 and (1 + level)/2 quantiles of v[0..n-1] into ci[0], ci[1];
 * v is reordered. With n < 2, ci = {NAN, NAN}.
 */
EC_API void ec_interval_percentile(double *v, size_t n, double level, double ci[2]);

/**
 * The order statistics behind a percentile interval: with a = ⌊q_lo (n−1)⌋
 * and b = ⌊q_hi (n−1)⌋, the values at sorted positions a, a+1, b, b+1
 * (clamped to n−1). A quantity that is a monotone function of another over
 * the same replicates (D* = x/N* for a given compute) has its interval from
 * the other's statistics, without a selection of its own: apply the
 * function to val[] (ec_interval_from_stats). Its results are those of
 * selecting on the function's values, bit for bit.
 */
typedef struct ec_interval_stats {
    size_t n;
    double q[2];      /**< the lower and upper quantile levels */
    size_t pos[4];    /**< a, a+1, b, b+1 */
    double val[4];    /**< the order statistics there */
} ec_interval_stats;

/** Fills st from v[0..n-1] (reordered). -1 (st empty) when n < 2 or level is outside (0, 1). */
EC_API int ec_interval_stats_of(double *v, size_t n, double level, ec_interval_stats *st);

/** Fills st as ec_interval_stats_of would for n values that are all x, without looking at them. */
EC_API int ec_interval_stats_const(double x, size_t n, double level, ec_interval_stats *st);

/**
 * The interval from the statistics: of the values themselves (f NULL), or of
 * f(v) where f[i] is the function at val[i] and the function is increasing
 * (decreasing = 0) or decreasing (1) in v. NAN ends when n < 2.
 */
EC_API void ec_interval_from_stats(const ec_interval_stats *st, const double *f, int decreasing, double ci[2]);

/**
 * z = Φ⁻¹((1 + level)/2) of a two-sided normal interval at `level`
 * (GSL's gsl_cdf_ugaussian_Pinv; for level 0.95 the correctly rounded
 * 1.959963984540054, GSL's being two units in the last place below).
 */
EC_API double ec_interval_z(double level);

/**
 * Summary of the columns of a replicate matrix (`rows` × `ncol`, row-major),
 * using only rows with use[r] != 0 (all rows when use is NULL): per column j
 * the mean, the sample standard deviation (n − 1) and the percentile
 * interval at `level` (GSL's gsl_stats_mean and gsl_stats_sd_m). Columns
 * with skip[j] != 0 (fixed parameters) get an SD of exactly 0. Non-finite
 * values are not expected (they propagate into the mean). Needs at least 2
 * used rows; returns the number used, or 0 (outputs NAN) when fewer or out
 * of memory (*oom set).
 */
EC_API size_t ec_interval_summarise(const double *samples, size_t rows, size_t ncol, const unsigned char *use,
                             const unsigned char *skip, double level, double *mean, double *sd, double *lo,
                             double *hi, int *oom);

#ifdef __cplusplus
}
#endif
#endif
