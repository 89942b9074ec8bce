/**
 * ec_sobol.h — variance-based sensitivity analysis: Saltelli's design and
 * Sobol' indices, as SALib defines them (sample.saltelli / analyze.sobol).
 *
 * Design: N base points of a Sobol' sequence in [0, 1)^(2D) (GSL's
 * gsl_qrng_sobol, at most 40 dimensions: D <= 20), its first D coordinates
 * the matrix A, the last D the matrix B; per base point i the rows
 *     A_i, AB_i^(1..D), [BA_i^(1..D)], B_i
 * (AB^(j): A with column j from B; BA^(j): B with column j from A, only for
 * second-order indices), N (D + 2) or N (2D + 2) rows in all, mapped to the
 * inputs through their quantile functions by the caller.
 *
 * Indices, with f_A, f_B, f_AB^(j), f_BA^(j) the outputs and V the variance
 * of [f_A, f_B] (Saltelli et al. 2010, Jansen 1999, as in SALib):
 *     S1_j  = mean(f_B (f_AB^(j) − f_A)) / V
 *     ST_j  = mean((f_A − f_AB^(j))^2) / (2 V)
 *     S2_jk = mean(f_BA^(j) f_AB^(k) − f_A f_B) / V − S1_j − S1_k
 * Confidence: each index recomputed on `resamples` bootstrap resamples of
 * the N base points; *_conf = Φ^-1(0.975) × their standard deviation (95%).
 */
#ifndef EC_SOBOL_H
#define EC_SOBOL_H

#include "ec_export.h"

#include <stddef.h>

#include "ec_error.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Rows of Saltelli's design for D inputs and N base points. */
EC_API size_t ec_saltelli_rows(size_t D, size_t N, int second_order);

/**
 * The design's points in [0, 1)^D, row-major into U (ec_saltelli_rows × D
 * values). GSL's Sobol' sequence has no origin: its first point is (1/2, ...,
 * 1/2), and the design skips that one too (the base points are GSL's points 2
 * to N + 1; OpenTURNS' SobolIndicesExperiment keeps (1/2, ...)). EC_EINVAL
 * when D is 0 or above 20, N is 0; EC_ENOMEM.
 */
EC_API int ec_saltelli_design(size_t D, size_t N, int second_order, double *U, ec_error *err);

typedef struct ec_sobol_result {
    size_t D;
    double *S1, *S1_conf, *ST, *ST_conf; /**< D each */
    double *S2, *S2_conf;                /**< D × D (upper triangle; NAN elsewhere), NULL without second order */
    double variance;                     /**< V */
} ec_sobol_result;

/**
 * Sobol' indices from the outputs Y of the design (in its row order).
 * Bootstrap resamples drawn from a counter-based stream of `seed`.
 * EC_EINVAL: D above 20 (no design has more), a non-finite output, a zero
 * variance, N < 2; EC_ENOMEM.
 */
EC_API int ec_sobol_analyze(const double *Y, size_t D, size_t N, int second_order, size_t resamples,
                            unsigned long long seed,
                     ec_sobol_result *r, ec_error *err);

EC_API void ec_sobol_result_clear(ec_sobol_result *r);

/**
 * Morris's elementary effects (Morris 1991; SALib's sample.morris /
 * analyze.morris): r trajectories of D + 1 points on a grid of `levels`
 * levels (even, >= 2) in [0, 1]^D, step Δ = levels / (2 (levels − 1));
 * each trajectory starts at a random grid point and moves one input at a
 * time, in a random order, by ±Δ (every point on the grid). Rows: r (D + 1),
 * trajectory t's points at rows t (D + 1) .. t (D + 1) + D. Random numbers
 * from Philox counters of `seed`.
 */
EC_API size_t ec_morris_rows(size_t D, size_t r);
EC_API int ec_morris_design(size_t D, size_t r, int levels, unsigned long long seed, double *U, ec_error *err);

typedef struct ec_morris_result {
    size_t D;
    double *mu, *mu_star, *sigma, *mu_star_conf; /**< D each; sigma with ddof 1 */
} ec_morris_result;

/**
 * The elementary effects of the design's outputs Y (its row order; U the
 * design, to find which input each step moved and by how much): per input
 * mu (mean effect), mu_star (mean absolute effect), sigma (their standard
 * deviation) and mu_star_conf (95% half-width of mu_star from `resamples`
 * bootstrap resamples of the trajectories). EC_EINVAL: r < 2, a non-finite
 * output, a design whose steps do not move one input each; EC_ENOMEM.
 */
EC_API int ec_morris_analyze(const double *U, const double *Y, size_t D, size_t r, size_t resamples,
                             unsigned long long seed,
                      ec_morris_result *res, ec_error *err);

EC_API void ec_morris_result_clear(ec_morris_result *res);

#ifdef __cplusplus
}
#endif
#endif
