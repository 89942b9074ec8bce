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
ec_chin_law ec_chin_law_from(const double *p);

/** L(N, D) = E + A/N^α + B/D^β. */
double ec_chin_law_loss(const ec_chin_law *c, double N, double D);

/** Compute-optimal N* and D* for compute C (C = 6ND). */
void ec_optimal_allocation(const ec_chin_law *c, double C, double *N, double *D);

/** The compute for which N is the compute-optimal size: C = 6 (N/G)^((α+β)/β). */
double ec_optimal_compute_for_size(const ec_chin_law *c, double N);

/**
 * Value of the reference curve at compute C: L*(C) for the chinchilla form,
 * y(C) for a one-variable form of compute. NAN for forms of two other
 * variables (kaplan-nd is handled by numerical minimisation over N: not
 * supported yet, an error in ec_reference_compute).
 */
double ec_reference_curve(const ec_form *f, const double *p, double C);

/**
 * Compute C at which the reference curve reaches `target`. Errors (EC_EINVAL)
 * name the problem: an unsupported form, or a target the curve never reaches
 * (e.g. a loss at or below the asymptote E, or a score above the ceiling),
 * with the curve's range.
 */
int ec_reference_compute(const ec_form *f, const double *p, double target, double *C, ec_error *err);

/**
 * Allocation efficiency of a Chinchilla model (N, D): the compute a
 * compute-optimal run needs to reach L(N, D), divided by 6ND (≤ 1; 1 for a
 * compute-optimal model).
 */
int ec_allocation_efficiency(const ec_chin_law *c, double N, double D, double *efficiency, double *ref_compute,
                             ec_error *err);

#ifdef __cplusplus
}
#endif
#endif
