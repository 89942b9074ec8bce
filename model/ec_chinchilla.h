/**
 * ec_chinchilla.h — the Chinchilla scaling law L(N, D) = E + A/N^α + B/D^β
 * (Hoffmann et al. 2022, "Training Compute-Optimal Large Language Models",
 * arXiv:2203.15556) in the log-space parameterisation of Besiroglu et al.
 * 2024 ("Chinchilla Scaling: A replication attempt", arXiv:2404.10102):
 *
 *     θ = (a, b, e, α, β),  A = e^a, B = e^b, E = e^e,
 *     log L̂(N, D) = logsumexp(a − α log N, b − β log D, e).
 *
 * This file evaluates the robust objective
 *
 *     F(θ) = Σ_i w_i ρ_δ(log L̂_i − log L_i),
 *     ρ_δ(r) = r²/2 for |r| ≤ δ,  δ(|r| − δ/2) otherwise   (Huber),
 *
 * with its exact gradient and its exact (piecewise) Hessian, in one pass
 * over the points. δ = +∞ gives ordinary least squares in log space.
 *
 * Speed: the points are processed in blocks; the exp and log of a block go
 * through glibc's vector math library (libmvec: 8 doubles per call on
 * AVX-512 machines, 4 on AVX2 machines, chosen at run time) and the sums
 * use four (AVX2, scalar) or eight (AVX-512) independent lanes. The order of
 * every sum is fixed for a given path, so a given (data, θ) always gives the
 * same bits on a given machine; the paths differ from one another in the
 * last bits (libmvec's exp and log are not correctly rounded).
 */
#ifndef EC_CHINCHILLA_H
#define EC_CHINCHILLA_H

#include "ec_export.h"

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Number of parameters of the Chinchilla law. */
#define EC_CHIN_NPARAM 5

/** Indices into θ. */
enum { EC_CHIN_A = 0, EC_CHIN_B = 1, EC_CHIN_E = 2, EC_CHIN_ALPHA = 3, EC_CHIN_BETA = 4 };

/**
 * Points in log space. `w` are non-negative weights (bootstrap counts, or
 * user weights); NULL means all 1. The min/max fields are filled by
 * ec_chin_data_init() and let the evaluator decide, in O(1), whether the
 * fast unshifted log-sum-exp is safe for a given θ.
 */
typedef struct ec_chin_data {
    size_t n;
    const double *lN, *lD, *lL, *w;
    double lN_min, lN_max, lD_min, lD_max;
    double w_max; /**< largest weight (1 when w is NULL), for the single-precision evaluator's scaling */
    /** Optional (ec_chin_data_levels): point i's log N is lN_level[level[i]], one of n_level
     * distinct values, so the evaluator takes e^(a − α log N) once per value; 0 and NULL when
     * not set. */
    size_t n_level;
    const uint16_t *level;
    const double *lN_level;
} ec_chin_data;

/** Fills `d` to point at the given arrays (not copied) and computes the ranges and w_max. */
EC_API void ec_chin_data_init(ec_chin_data *d, size_t n, const double *lN, const double *lD,
                       const double *lL, const double *w);

/** Most distinct model sizes ec_chin_data_levels() keeps. */
#define EC_CHIN_LEVELS_MAX 64

/**
 * Finds the distinct values of d->lN (bitwise). When there are at most EC_CHIN_LEVELS_MAX of
 * them and at most a quarter as many as points, writes point i's index into level[i] (n
 * entries) and the values into lN_level (EC_CHIN_LEVELS_MAX entries), points `d` at both and
 * returns their count; otherwise leaves `d` as it was and returns 0. The evaluators give the
 * same bits either way (the same exp of the same number); with few sizes (a grid of model
 * sizes, as in most scaling studies) one exp per point fewer.
 */
EC_API size_t ec_chin_data_levels(ec_chin_data *d, uint16_t *level, double *lN_level);

/** Huber ρ_δ(r); δ may be INFINITY (then r²/2). */
EC_API double ec_huber(double r, double delta);

/** log L̂ for one point (numerically safe for any θ). */
EC_API double ec_chin_logpred(const double theta[EC_CHIN_NPARAM], double lN, double lD);

/**
 * Objective F(θ) (into *f), and when non-NULL its gradient g[5] and its
 * Hessian H[25] (row-major, symmetric, full). Returns 0, or EC_ENUMERIC when
 * a value is not finite (θ far outside any sensible range).
 */
EC_API int ec_chin_eval(const ec_chin_data *d, const double theta[EC_CHIN_NPARAM], double delta,
                 double *f, double g[EC_CHIN_NPARAM], double H[EC_CHIN_NPARAM * EC_CHIN_NPARAM]);

/**
 * Least squares on the loss itself: F(θ) = Σ_i w_i (L̂_i − L_i)²/2 with its
 * exact gradient and Hessian (the fit's loss "ls"), in double precision
 * through the same log-sum-exp pass as ec_chin_eval() (L_i = exp(log L_i)
 * to within an ulp). Returns 0, or EC_ENUMERIC when a value is not finite.
 */
EC_API int ec_chin_eval_linear(const ec_chin_data *d, const double theta[EC_CHIN_NPARAM], double *f,
                               double g[EC_CHIN_NPARAM], double H[EC_CHIN_NPARAM * EC_CHIN_NPARAM]);

/**
 * ec_chin_eval() in single precision: the same objective, gradient and
 * Hessian with relative errors of about 1e-6 (residuals to about 1e-7
 * absolute). On AVX-512 machines it is about twice as fast; elsewhere it is
 * ec_chin_eval() itself. For the steps of a fit that promise large
 * decreases (ec_fit.c), never for convergence tests or reported values.
 */
EC_API int ec_chin_eval_single(const ec_chin_data *d, const double theta[EC_CHIN_NPARAM], double delta,
                        double *f, double g[EC_CHIN_NPARAM], double H[EC_CHIN_NPARAM * EC_CHIN_NPARAM]);

/** 1 when ec_chin_eval_single() really computes in single precision here (AVX-512), 0 when it is ec_chin_eval(). */
EC_API int ec_chin_single_is_native(void);

/**
 * Per-point quantities for covariance estimates: for every point the
 * residual r_i and the Jacobian row J_i = ∂ log L̂_i / ∂θ (n × 5, row-major).
 */
EC_API void ec_chin_residuals(const ec_chin_data *d, const double theta[EC_CHIN_NPARAM],
                       double *r, double *J);

/**
 * y[i] = exp(x[i]), i < n (y == x allowed), through the evaluator's SIMD path
 * (glibc's libmvec exp on AVX-512 or AVX2, libm's exp otherwise; the last
 * n mod 4 values by libm). Within an ulp of libm, and the same bits for the
 * same machine and position mod 4: for bulk work such as the simulate step's
 * losses.
 */
EC_API void ec_vexp(double *y, const double *x, size_t n);

/**
 * ec_vexp with every y[i] a function of x[i] alone, wherever it sits in x: each value through the one routine of
 * the machine's path (the last n mod 4, or mod 8, padded into one more call), so that a value computed again on
 * its own, or among others, has the same bits.
 */
EC_API void ec_vexp_each(double *y, const double *x, size_t n);

/** log and log1p as ec_vexp_each computes exp: each y[i] a function of x[i] alone, through libmvec on AVX2 or
 * AVX-512 (within an ulp or two of libm's log and log1p; log1p only from glibc 2.35, libm's before) and libm's
 * otherwise. y == x allowed. */
EC_API void ec_vlog_each(double *y, const double *x, size_t n);
EC_API void ec_vlog1p_each(double *y, const double *x, size_t n);

/**
 * est[i] = E[i] + A[i] e^(−al[i] lN) + B[i] e^(−be[i] lD) in single precision, the exps by libmvec's
 * expf eight at a time where the machine has AVX2 (libm's expf for the rest), the sums left to right: estimates
 * whose error the caller bounds and checks (a few ulps of float).
 * Returns the largest |E[i]| + |A[i] e^…| + |B[i] e^…| (a NaN when one is NaN), for the caller's error bound.
 */
EC_API float ec_vlossf(const float *E, const float *A, const float *B, const float *al, const float *be, float lN,
                       float lD, size_t n, float *est);

/** Name of the SIMD path the evaluator uses on this machine ("avx512-libmvec", "avx2-libmvec" or "scalar"). */
EC_API const char *ec_chin_simd_path(void);

/**
 * Restricts the evaluator to `path` ("avx512-libmvec", "avx2-libmvec" or
 * "scalar"), so that tests can check every path; EC_EINVAL (and no change)
 * if the machine lacks it or the name is unknown. Process-wide and not thread-safe:
 * for tests and benchmarks, not for library users.
 */
EC_API int ec_chin_simd_limit(const char *path);

#ifdef __cplusplus
}
#endif
#endif
