/**
 * ec_efficiency.h — compute-efficiency analytics on a fitted law.
 *
 * Compute-optimal allocation of a Chinchilla law under C = 6ND (Hoffmann et
 * al. 2022, eq. 4; Besiroglu et al. 2024, eq. 2):
 *     G = (αA / (βB))^(1/(α+β)),
 *     N*(C) = G (C/6)^(β/(α+β)),   D*(C) = G⁻¹ (C/6)^(α/(α+β)),
 * and the loss along that frontier, L*(C) = L(N*(C), D*(C)), which falls
 * monotonically towards E.
 *
 * Reference compute: the compute a reference law needs to reach a given
 * quality — for a Chinchilla law, the C with L*(C) = target; for a
 * one-variable law of compute (power, saturating-power, sigmoid-logc, ...),
 * the C with y(C) = target. It is found by bracketed root finding in log C
 * (GSL's Brent solver); any law monotone in C works. The effective-compute
 * multiplier of a model that reached that quality with compute C_model is
 * reference_compute / C_model.
 */
#ifndef EC_EFFICIENCY_H
#define EC_EFFICIENCY_H

#include "ec_export.h"

#include <stddef.h>

#include "ec_error.h"
#include "ec_form.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Chinchilla parameters in the catalogue's order (E, A, B, alpha, beta). */
typedef struct ec_chin_law {
    double E, A, B, alpha, beta;
} ec_chin_law;

/** From a parameter vector of the chinchilla form (E, A, B, alpha, beta). */
EC_API ec_chin_law ec_chin_law_from(const double *p);

/**
 * Checks that a chinchilla law can be used for allocations: every parameter finite, A, B,
 * alpha and beta positive, E not negative. EC_OK, or EC_EINVAL naming the first bad one.
 */
EC_API int ec_chin_law_check(const ec_chin_law *c, ec_error *err);

/** L(N, D) = E + A/N^α + B/D^β. */
EC_API double ec_chin_law_loss(const ec_chin_law *c, double N, double D);

/** Compute-optimal N* and D* for compute C (C = 6ND). */
EC_API void ec_optimal_allocation(const ec_chin_law *c, double C, double *N, double *D);

/** The compute for which N is the compute-optimal size: C = 6 (N/G)^((α+β)/β). */
EC_API double ec_optimal_compute_for_size(const ec_chin_law *c, double N);

/**
 * Value of the reference curve at compute C: L*(C) for the chinchilla form,
 * y(C) for a one-variable form of compute. NAN for forms of two other
 * variables (kaplan-nd is handled by numerical minimisation over N: not
 * supported yet, an error in ec_reference_compute).
 */
EC_API double ec_reference_curve(const ec_form *f, const double *p, double C);

/**
 * Compute C at which the reference curve reaches `target`. Errors (EC_EINVAL)
 * name the problem: an unsupported form, or a target the curve does not reach
 * between 1 and 1e45 FLOP — on the side the curve tends to as compute grows
 * (a loss at or below the asymptote E, a score above the ceiling: no finite
 * compute, or more than 1e45 FLOP), or on the other side (a loss above the
 * curve's value at 1 FLOP, the smallest compute considered) — with the
 * curve's range and what to give instead.
 */
EC_API int ec_reference_compute(const ec_form *f, const double *p, double target, double *C, ec_error *err);

/** Where a target lies for the reference curve (ec_reference_compute_reach). */
typedef enum ec_reach {
    EC_REACH_OK = 0,        /**< reached at a compute between 1 and 1e45 FLOP (*C set) */
    EC_REACH_UNBOUNDED = 1, /**< not reached by 1e45 FLOP on the side the curve tends to as compute grows
                                 (at or beyond its asymptote: a loss at or below E, a score above the
                                 ceiling): the compute needed grows without bound */
    EC_REACH_BELOW = 2,     /**< already passed at 1 FLOP, the smallest compute considered (a loss above
                                 the curve's value there): reached, if at all, below 1 FLOP */
    EC_REACH_FAILED = 3     /**< not a reference curve, or no usable (finite, non-constant) values */
} ec_reach;

/**
 * ec_reference_compute() that also says where the target lies: EC_OK with
 * *reach = EC_REACH_OK, or EC_EINVAL (EC_ENOMEM) with *reach one of the other
 * values and the same message in `err`. Bootstrap intervals use it to count
 * a replicate that never reaches the target as an unbounded compute rather
 * than a failure.
 */
EC_API int ec_reference_compute_reach(const ec_form *f, const double *p, double target, double *C, ec_reach *reach,
                               ec_error *err);

/** Doubling or halving time of a log-linear trend y = 10^(c + g t), t in years (ec_doubling_time). */
typedef struct ec_doubling {
    int sign;               /**< +1: g > 0 (y doubles), −1: g < 0 (y halves), 0: g = 0 (no change) */
    int significant;        /**< +1: g's interval lies above 0, −1: below 0, 0: it contains 0 (no
                                 significant trend) or is unknown (NaN) */
    double months;          /**< 12 log10(2) / |g|: the doubling (sign +1) or halving (sign −1) time;
                                 INFINITY when g = 0 */
    double doubling_ci[2];  /**< doubling times consistent with g's interval [lo, hi]: [12 log10 2/hi,
                                 12 log10 2/lo], the upper end INFINITY when lo <= 0; {NAN, NAN} when
                                 hi <= 0 (no growth in the interval) */
    double halving_ci[2];   /**< halving times likewise: [12 log10 2/|lo|, 12 log10 2/|hi|], upper end
                                 INFINITY when hi >= 0; {NAN, NAN} when lo >= 0 */
} ec_doubling;

/**
 * Doubling/halving time, in months, of a trend with slope g (orders of
 * magnitude per year) and its 95% interval g_ci. T(g) = 12 log10(2)/g is
 * monotone on each side of 0, so an interval of g above 0 maps to
 * [T(hi), T(lo)] (doubling), one below 0 to halving times
 * [12 log10 2/|lo|, 12 log10 2/|hi|], and one containing 0 to unbounded
 * doubling and halving times (no significant trend).
 */
EC_API void ec_doubling_time(double g, const double g_ci[2], ec_doubling *out);

/**
 * Allocation efficiency of a Chinchilla model (N, D): the compute a
 * compute-optimal run needs to reach L(N, D), divided by 6ND (≤ 1; 1 for a
 * compute-optimal model).
 */
EC_API int ec_allocation_efficiency(const ec_chin_law *c, double N, double D, double *efficiency, double *ref_compute,
                             ec_error *err);

#ifdef __cplusplus
}
#endif
#endif
