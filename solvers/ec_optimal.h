/**
 * ec_optimal.h — analyses on a fitted chinchilla law with intervals from its
 * bootstrap replicates: the compute-optimal allocation (`optimal`) and the
 * effective-compute multiplier and allocation efficiency (`multiplier`).
 *
 *     ec_optimal_result res;
 *     ec_optimal_given given[1] = {EC_GIVEN_COMPUTE};
 *     double value[1] = {1e25};
 *     if (ec_optimal(law, given, value, 1, 0.95, 0, &res, &err) == EC_OK) {
 *         ... res.rows[0].N, res.rows[0].ci_N[0], res.rows[0].ci_N[1] ...
 *         ec_optimal_clear(&res);
 *     }
 *
 * Formulas in ec_efficiency.h. Every replicate of the law is evaluated the
 * same way as the law itself; a replicate that never reaches a loss target
 * (its floor E is at or above it, or it needs more than 1e45 FLOP) counts
 * as an unbounded compute, N* and D* — the interval's end is then
 * unbounded — rather than being dropped; a replicate that fails otherwise
 * (no finite result) is left out and counted.
 */
#ifndef EC_OPTIMAL_H
#define EC_OPTIMAL_H

#include "ec_export.h"

#include <stddef.h>

#include "ec_error.h"
#include "ec_law.h"

#ifdef __cplusplus
extern "C" {
#endif

/** What a row of `optimal` is given. */
typedef enum ec_optimal_given {
    EC_GIVEN_COMPUTE = 0, /**< a compute budget C (FLOP) */
    EC_GIVEN_SIZE = 1,    /**< a model size N: the compute for which N is optimal */
    EC_GIVEN_LOSS = 2     /**< a loss target: the compute a compute-optimal run needs to reach it */
} ec_optimal_given;

/** "compute", "N" or "loss" (the JSON's `given`). */
EC_API const char *ec_optimal_given_name(ec_optimal_given g);

typedef struct ec_optimal_row {
    ec_optimal_given given;
    double value;                      /**< what was given */
    double compute, N, D, tokens_per_param, loss;
    double ci_compute[2], ci_N[2], ci_D[2], ci_tpp[2], ci_loss[2]; /**< NAN without replicates */
    size_t unreachable;                /**< replicates that never reach a loss target (counted as unbounded) */
    size_t failed;                     /**< replicates left out (no finite result) */
} ec_optimal_row;

typedef struct ec_optimal_result {
    size_t n_rows;
    ec_optimal_row *rows;
    size_t replicates;                 /**< the law's usable replicates (0: no intervals) */
    size_t replicates_skipped;         /**< the law's replicates that did not converge */
    double level;
} ec_optimal_result;

/**
 * One row per given value, in order. Errors (EC_EINVAL, "optimal: ..."): a
 * law that is not chinchilla or has unusable parameters (ec_chin_law_check),
 * a value that is not a positive finite number, a loss target the law
 * itself does not reach (the message says why, ec_reference_compute).
 * `threads` spreads the replicates of each row over OpenMP threads (0:
 * OpenMP's default, 1: none); the result does not depend on it.
 */
EC_API int ec_optimal(const ec_law *law, const ec_optimal_given *given, const double *values, size_t n, double level,
               int threads, ec_optimal_result *res, ec_error *err);

/** Frees the rows and empties the result. NULL is allowed. */
EC_API void ec_optimal_clear(ec_optimal_result *res);

/** Result of ec_multiplier_model() or ec_multiplier_point(). */
typedef struct ec_multiplier_result {
    int model;               /**< 1: allocation efficiency of (N, D); 0: multiplier of a model at (C, quality) */
    double N, D;             /**< the model (model = 1) */
    double compute;          /**< 6ND (model = 1) or C (model = 0) */
    double quality;          /**< the quality given (model = 0) or the law's L(N, D) (model = 1) */
    double value;            /**< allocation efficiency (≤ 1) or multiplier */
    double reference_compute;
    double ci[2], ci_reference[2]; /**< NAN without replicates */
    size_t replicates, replicates_skipped;
    size_t unreachable;      /**< replicates that never reach the quality (unbounded reference compute) */
    size_t failed;           /**< replicates left out */
    double level;
} ec_multiplier_result;

/**
 * Allocation efficiency of a model with N parameters trained on D tokens:
 * the compute a compute-optimal run needs to reach L(N, D), over 6ND.
 * Errors (EC_EINVAL): not a chinchilla law, N or D not positive, a failed
 * inversion (message from ec_reference_compute).
 */
EC_API int ec_multiplier_model(const ec_law *law, double N, double D, double level, ec_multiplier_result *res,
                        ec_error *err);

/**
 * Effective-compute multiplier of a model that reached `quality` (a loss,
 * or a score for a rising law) with compute C: the law's reference compute
 * for that quality over C. Errors (EC_EINVAL): C not positive, quality not
 * finite, a law without a reference curve, a quality the law does not reach.
 */
EC_API int ec_multiplier_point(const ec_law *law, double C, double quality, double level, ec_multiplier_result *res,
                        ec_error *err);

#ifdef __cplusplus
}
#endif
#endif
