/**
 * ec_isoflop.h — isoFLOP analysis: compute-optimal model size and data from
 * loss curves at fixed compute (Hoffmann et al. 2022, §3.2, "Approach 2";
 * Llama 3 Herd paper, Dubey et al. 2024, §3.2.1).
 *
 * Input: points (C, x, L) where C is the compute budget of an isoFLOP curve,
 * x the number of training tokens D or of parameters N of a run at that
 * budget, and L its loss. Per budget a parabola L = a + b·u + c·u² in
 * u = log10 x is fitted by ordinary least squares; its vertex gives the
 * optimum x* = 10^(−b/2c) and L*. With C = 6ND the other optimum follows
 * (N* = C/(6D*) or D* = C/(6N*)). A power law D*(C) = k·C^e is then fitted
 * by least squares in log10 over the budgets, and N*(C) = C/(6 D*(C)) =
 * (1/(6k))·C^(1−e).
 *
 * With opt->bootstrap = R > 0, each replicate resamples the points with
 * replacement within each budget (a stratified bootstrap), refits every
 * parabola and the frontier, and 95% percentile intervals are taken over
 * the replicates. Replicate r draws from stream (seed, r) (ec_rng.h), so the
 * result does not depend on the number of threads.
 *
 * Example:
 *
 *     ec_isoflop_options opt = ec_isoflop_default_options();
 *     ec_option_set(ec_isoflop_option_table(), &opt, "bootstrap", "1000", &err);
 *     ec_isoflop_result res;
 *     if (ec_isoflop_dataset(ds, &opt, &res, &err) == EC_OK) {
 *         printf("D*(C) = %g C^%g\n", res.D_coef, res.D_exp);
 *         ec_isoflop_clear(&res);
 *     }
 */
#ifndef EC_ISOFLOP_H
#define EC_ISOFLOP_H

#include "ec_export.h"

#include <stddef.h>

#include "ec_dataset.h"
#include "ec_error.h"
#include "ec_option.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Settings of an isoFLOP analysis; every field is settable by name (ec_isoflop_option_table()). */
typedef struct ec_isoflop_options {
    int bootstrap;              /**< bootstrap replicates (0 = none, else >= 2) */
    unsigned long long seed;    /**< master seed of the replicate streams */
    int threads;                /**< OpenMP threads for the bootstrap (0 = OpenMP default) */
} ec_isoflop_options;

/** Defaults: no bootstrap, seed 42, threads 0. */
EC_API ec_isoflop_options ec_isoflop_default_options(void);

/** The options table (names "bootstrap", "seed", "threads"), for ec_option_set(). */
EC_API const ec_option_table *ec_isoflop_option_table(void);

/** The optimum of one compute budget. */
typedef struct ec_isoflop_budget {
    double compute;       /**< the budget C (FLOP): the smallest C of its points */
    double opt_x;         /**< vertex 10^u* of the parabola in the fitted variable (D or N) */
    double D, N;          /**< optimal tokens and parameters (the other one from C = 6ND) */
    double loss;          /**< loss at the vertex */
    double curvature;     /**< c, the coefficient of u² (loss per decade²); > 0 */
    double rmse;          /**< root-mean-square residual of the parabola */
    double x_min, x_max;  /**< sampled range of the fitted variable */
    size_t n_points;
    size_t n_failed;      /**< bootstrap replicates in which this budget's parabola failed */
    int inside;           /**< 1 when x_min <= opt_x <= x_max; 0: an extrapolated optimum */
    double ci_D[2], ci_N[2], ci_loss[2];  /**< 95% percentile intervals (NAN without bootstrap) */
} ec_isoflop_budget;

/** Result of ec_isoflop(); release with ec_isoflop_clear(). */
typedef struct ec_isoflop_result {
    int x_is_tokens;              /**< 1: parabolas in log10 D; 0: in log10 N */
    size_t n_points;
    size_t n_budgets;
    ec_isoflop_budget *budgets;   /**< n_budgets, by increasing compute */
    double D_coef, D_exp;         /**< D*(C) = D_coef · C^D_exp */
    double N_coef, N_exp;         /**< N*(C) = N_coef · C^N_exp = C / (6 D*(C)) */
    double frontier_r2;           /**< R² of the frontier fit in log10 (NAN when it is exact with 2 budgets) */
    double ci_D_coef[2], ci_D_exp[2], ci_N_coef[2], ci_N_exp[2];  /**< 95% intervals (NAN without bootstrap) */
    size_t replicates;            /**< bootstrap replicates run (0 = none) */
    size_t failed;                /**< replicates with an underdetermined or non-convex parabola, excluded */
    unsigned long long seed;
    /**
     * Bootstrap replicates, `replicates` rows of EC_ISOFLOP_STRIDE(n_budgets)
     * values: D_coef, D_exp, N_coef, N_exp, then D, N, loss of each budget.
     * Rows of failed replicates hold NAN. NULL without bootstrap.
     */
    double *samples;
    unsigned char *ok;            /**< per replicate: 1 when it succeeded */
} ec_isoflop_result;

#define EC_ISOFLOP_STRIDE(n_budgets) (4 + 3 * (n_budgets))

/**
 * isoFLOP analysis of n points (C[i], x[i], L[i]); x is tokens when
 * x_is_tokens is non-zero, parameters otherwise. Points are grouped by
 * budget: equal C to a relative 1e-9. `opt` may be NULL (defaults).
 *
 * Errors (EC_EDATA, the message names the budget): a non-positive or
 * non-finite C or x, a non-finite L; fewer than 2 budgets; a budget with
 * fewer than 3 points or fewer than 3 distinct x; a budget whose parabola
 * is concave or flat (c <= 0: its points do not bracket a minimum).
 * EC_EINVAL: bootstrap of 1 replicate. EC_ENOMEM. On error `res` is left
 * empty (safe to clear).
 *
 * With a bootstrap, fewer than 2 successful replicates is not an error:
 * the intervals are then NAN.
 */
EC_API int ec_isoflop(const double *C, const double *x, const double *L, size_t n, int x_is_tokens,
               const ec_isoflop_options *opt, ec_isoflop_result *res, ec_error *err);

/**
 * As ec_isoflop() on a dataset. C and L must be mapped and exactly one of
 * D (tokens) and N (parameters): when the loader derived D = C/(6N), the
 * parabolas are fitted in N, the variable that was measured. Errors
 * (EC_EINVAL): C unmapped or derived, L unmapped, both or neither of D and
 * N mapped, a weight column (the fits are ordinary least squares).
 */
EC_API int ec_isoflop_dataset(const ec_dataset *ds, const ec_isoflop_options *opt, ec_isoflop_result *res,
                       ec_error *err);

/**
 * Tokens per parameter on the frontier at compute C: D* / N* = 6 D*(C)²/C =
 * 6 k² C^(2e−1). With bootstrap replicates, ci95 gets the 95% percentile
 * interval over the successful replicates (NAN otherwise). Returns the ratio;
 * NAN when C is not positive.
 */
EC_API double ec_isoflop_tokens_per_parameter(const ec_isoflop_result *res, double C, double ci95[2]);

/** Frees the arrays of a result and empties it (not the struct itself). NULL is allowed. */
EC_API void ec_isoflop_clear(ec_isoflop_result *res);

#ifdef __cplusplus
}
#endif
#endif
