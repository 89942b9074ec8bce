/*
 * ec_interval_impl.h — internal to libeffcomp (not installed, not in effcomp.h): the pieces of
 * ec_quantiles_se() and ec_order_stats(), for callers that find the order statistics themselves
 * (ec_simulate counts the buckets of its values while it makes them, instead of storing them).
 */
#ifndef EC_INTERVAL_IMPL_H
#define EC_INTERVAL_IMPL_H

#include <stddef.h>
#include <stdint.h>

/* ranks[0..4 nq): the 0-based ranks (each < n, not sorted) whose values ec_quantiles_se_finish() turns into
 * the quantiles q[0..nq) and their standard errors, as ec_quantiles_se() does (n >= 2). */
void ec_quantiles_se_ranks(size_t n, const double *q, size_t nq, size_t *ranks);

/* out[k], se[k] from stats[j] = the value of rank ranks[j] of ec_quantiles_se_ranks(). */
void ec_quantiles_se_finish(size_t n, const double *q, size_t nq, const double *stats, double *out, double *se);

/* *lo, *hi: the smallest and largest finite values of v[0], v[step], v[2 step], ... (i < n); lo > hi when there are
 * none (infinities and NaN are passed over). */
void ec_finite_range(const double *v, size_t n, size_t step, double *lo, double *hi);

/* The scale of ec_bucket_block's nb buckets over [lo, hi] (halved terms: no overflow for any finite lo < hi);
 * not finite or not above 0 when the span is beyond double's range or below its resolution. */
double ec_bucket_scale(double nb, double lo, double hi);

/* idx[i] = the bucket of v[i], i < m: 0 below lo (and -inf); 1..nb: [lo, lo + nb / scale) in equal parts;
 * nb + 1 beyond (and +inf). Non-decreasing in v, which is all a bucket selection needs (ec_order_stats'). */
void ec_bucket_block(const double *v, size_t m, double lo, double scale, double nb, uint32_t *idx);

/* The k-th and (k+1)-th smallest of w[0..m) (k + 1 < m), reordering w: one selection and a pass for the next. */
void ec_two_smallest_at(double *w, size_t m, size_t k, double out[2]);

/* The room each list of ec_tails_index needs for n values. */
size_t ec_tails_room(size_t n);

/* The room the sample of ec_tails_index needs for n values (n/16; for fewer than 2048, n/4). */
size_t ec_tails_sample(size_t n);

/* The tails of v[0..n) (n >= 256; need_lo, need_hi at most cap, cap at most n/4): thresholds *t_lo < *t_hi from a
 * sample of every 16th value or so (smp: room for ec_tails_sample(n)), and the indices, ascending, of the values at
 * or below *t_lo in lo[0..*n_lo) and of those at or above *t_hi in hi[0..*n_hi), at least need_lo and need_hi of
 * them and at most cap (lo, hi: room for ec_tails_room(n) each). Those are v's n_lo smallest and n_hi largest (ties
 * at a threshold all in). 0, or -1 (nothing reliable set) when the thresholds do not keep enough or keep too many,
 * or for a NaN. */
int ec_tails_index(const double *v, size_t n, size_t need_lo, size_t need_hi, size_t cap, double *smp, size_t *lo,
                   size_t *n_lo, size_t *hi, size_t *n_hi, double *t_lo, double *t_hi);

/* For values known only by bounds lo[i] <= v[i] <= hi[i] (floats, n >= 256, need_lo and need_hi at most cap, cap at
 * most n/4): indices, ascending, of a set ilo[0..*n_lo) that holds the need_lo smallest values, and of a set
 * ihi[0..*n_hi) that holds the need_hi largest (at most cap each; lists with room for ec_tails_room(n)). From
 * thresholds t_lo, t_hi (sampled, as ec_tails_index's, from the upper bounds for the low end and the lower for the
 * high end): ilo the i with lo[i] <= t_lo, which holds every value at or below t_lo, and at least need_lo values
 * are, counted as the upper bounds at or below it; ihi alike. smp: room for 2 ec_tails_sample(n). 0, or -1 (nothing
 * reliable set) when the thresholds do not keep enough or keep too many, or for a NaN. */
int ec_tails_index_bounds(const float *lo, const float *hi, size_t n, size_t need_lo, size_t need_hi, size_t cap,
                          double *smp, size_t *ilo, size_t *n_lo, size_t *ihi, size_t *n_hi);

/* The same for floats (thresholds and comparisons in single precision, exactly: the thresholds are sample values);
 * loose: thresholds further out from the start (ec_tails_index tries nearer ones first), for a caller that needs
 * room beyond the ranks it asks for. */
int ec_tails_index_f(const float *v, size_t n, size_t need_lo, size_t need_hi, size_t cap, int loose, double *smp,
                     size_t *lo, size_t *n_lo, size_t *hi, size_t *n_hi, double *t_lo, double *t_hi);

#endif
