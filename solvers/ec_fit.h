/**
 * ec_fit.h — fitting the Chinchilla law to data: robust loss, multi-start,
 * bootstrap.
 *
 * Usage:
 *     ec_fit_options opt = ec_fit_default_options();
 *     ec_option_set(ec_fit_option_table(), &opt, "delta", "1e-3", &err);
 *     ec_fit_result res;
 *     if (ec_fit_chinchilla(ds, &opt, &res, &err) != EC_OK) ... err.message ...
 *
 * The algorithm (a damped Newton method on the exact Huber Hessian) is
 * described at the top of ec_fit.c.
 */
#ifndef EC_FIT_H
#define EC_FIT_H

#include "ec_export.h"

#include <stddef.h>

#include "ec_bootstrap.h"
#include "ec_chinchilla.h"
#include "ec_dataset.h"
#include "ec_error.h"
#include "ec_option.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum ec_loss { EC_LOSS_HUBER = 0, EC_LOSS_LS_LOG = 1, EC_LOSS_LS = 2, EC_LOSS_HUBER_MLE = 3 } ec_loss;
typedef enum ec_precision { EC_PRECISION_MIXED = 0, EC_PRECISION_DOUBLE = 1 } ec_precision;
typedef enum ec_approach { EC_APPROACH_SUBSAMPLE = 0, EC_APPROACH_NONE = 1 } ec_approach;
typedef enum ec_starts { EC_STARTS_GRID = 0, EC_STARTS_SINGLE = 1, EC_STARTS_RANDOM = 2, EC_STARTS_FILE = 3 } ec_starts;

/** Settings of a fit; every field except the callback is settable by name (ec_fit_option_table()). */
typedef struct ec_fit_options {
    char form[64];           /**< "form": a name from the catalogue (ec_form.h) */
    int loss;                /**< "loss": huber | ls-log | ls | huber-mle */
    double delta;            /**< "delta": Huber threshold in log space */
    char starts[1100];       /**< "starts": grid | single | random:N | file:PATH */
    char start[256];         /**< "start": "name=value,..." (chinchilla also a, b, e in log space); empty = the form's */
    char fix[512];           /**< "fix": list of name=value held fixed */
    char bound[512];         /**< "bound": list of name=lo:hi */
    char tie[256];           /**< "tie": list of name=other (name takes other's value, e.g. beta=alpha) */
    int max_iter;            /**< "max_iter": iterations per start */
    double xtol;             /**< "xtol": relative step tolerance */
    double ftol;             /**< "ftol": relative objective-decrease tolerance */
    double best_rtol;        /**< "best_rtol": a start is "at best" within this relative objective */
    int precision;           /**< "precision": mixed | double (chinchilla's evaluations, see ec_fit.c) */
    int approach;            /**< "approach": subsample | none (chinchilla's multi-start, see ec_fit.c) */
    int threads;             /**< "threads": 0 = OpenMP's default */
    int bootstrap;           /**< "bootstrap": replicates (0 = none) */
    double boot_stall;       /**< "boot_stall": general engine's bootstrap refits end once F fell by less than this
                                  (relative) over 20 accepted steps; 0 = off */
    unsigned long long seed; /**< "seed" */
    ec_progress_fn progress; /**< not settable by name; NULL = none */
    void *progress_user;
} ec_fit_options;

/**
 * Parses a "starts" value: grid, single, random:N (N ≥ 1) or file:PATH (a
 * CSV whose columns are named after the form's parameters, one start per
 * row; parameters without a column take their single start value). Fills
 * *kind (ec_starts) and *count (N for random, else 0).
 */
EC_API int ec_starts_parse(const char *text, int *kind, size_t *count, ec_error *err);

/** Number of starts in Hoffmann et al.'s grid (4500). */
#define EC_CHIN_GRID_SIZE 4500
/**
 * Start k (0 ≤ k < 4500) of Hoffmann et al.'s grid as θ = (a, b, e, α, β): α, β ∈ {0, 0.5, …, 2},
 * e ∈ {−1, −0.5, …, 1}, a, b ∈ {0, 5, …, 25}, in the order of Python's
 * itertools.product(α, β, e, a, b) (the last varies fastest), as Epoch's code enumerates it.
 */
EC_API void ec_chin_grid_start(size_t k, double theta[EC_CHIN_NPARAM]);

/** Defaults: chinchilla, huber, δ = 1e-3, grid, the form's start, seed 42. */
EC_API ec_fit_options ec_fit_default_options(void);

/** The table describing ec_fit_options, for ec_option_set()/ec_option_get(). */
EC_API const ec_option_table *ec_fit_option_table(void);

/** Names of the reported parameters, in order: A, B, E, alpha, beta. */
extern EC_API const char *const ec_chin_param_names[EC_CHIN_NPARAM];

/**
 * Parses a start specification into θ = (a, b, e, α, β). Keys a, b, e (log
 * space) or A, B, E (linear, > 0), alpha, beta; all five must be given.
 */
EC_API int ec_chin_parse_start(const char *spec, double theta[EC_CHIN_NPARAM], ec_error *err);

/** Hoffmann et al.'s unrounded fit, Epoch's bootstrap start: (a, b, e, α, β). */
extern EC_API const double ec_chin_hoffmann_start[EC_CHIN_NPARAM];

/** Result of one fit. */
typedef struct ec_fit_result {
    int converged;                     /**< 1 when the best start converged */
    char status[128];                  /**< "converged (...)" or the reason it did not */
    double theta[EC_CHIN_NPARAM];      /**< a, b, e, alpha, beta */
    double params[EC_CHIN_NPARAM];     /**< A, B, E, alpha, beta */
    double objective;                  /**< Σ w ρ_δ(r) at the best start */
    size_t n_points;
    size_t starts_total, starts_converged, starts_at_best;
    size_t best_start;                 /**< index of the best start in the grid */
    size_t evaluations;                /**< objective evaluations over all starts */
    size_t approach_evaluations;       /**< evaluations of the approach objective (approach subsample) */
    size_t approach_points;            /**< points of the approach subsample (0: no approach) */
    size_t approach_retried;           /**< starts run again without the approach (they did not converge with it) */
    int se_available;                  /**< 0 when the covariance could not be formed */
    char se_method[64];                /**< e.g. "huber-asymptotic" */
    double se[EC_CHIN_NPARAM];         /**< standard errors of params (delta method for A, B, E) */
    double cov_theta[EC_CHIN_NPARAM * EC_CHIN_NPARAM];  /**< covariance of θ */
    double rmse_log;                   /**< root mean square residual in log space */
    size_t n_quadratic;                /**< points with |r| ≤ δ at the optimum */
    size_t starts_stopped;             /**< last-resort runs stopped above the best objective (from 1024 points) */
} ec_fit_result;

/**
 * Fits the Chinchilla law to the N, D and L columns of `ds` (D may have been
 * derived from C). Errors: missing columns, fewer points than parameters,
 * invalid options (EC_EINVAL/EC_EDATA). A fit that ran but did not converge
 * returns EC_OK with res->converged = 0 and the reason in res->status.
 */
EC_API int ec_fit_chinchilla(const ec_dataset *ds, const ec_fit_options *opt, ec_fit_result *res,
                      ec_error *err);

/**
 * Fixed and tied parameters and explicit starts for the fast fitter, in θ's
 * coordinates (the general engine's --fix, --tie and random or file starts,
 * translated by ec_nlfit.c). A fixed θ_j keeps the value it has in each
 * start; a tied θ_j (tie[j] = t ≥ 0, t itself free) moves with θ_t: the
 * minimiser works on the reduced gradient Pᵀg and Hessian PᵀHP of the linear
 * map θ = P u, so each start is the same damped Newton method on fewer
 * coordinates. Ties are linear in θ only within {a, b, e} or within {α, β}.
 */
typedef struct ec_chin_plan {
    unsigned char fixed[EC_CHIN_NPARAM]; /**< 1: held at the start's value */
    signed char tie[EC_CHIN_NPARAM];     /**< -1, or the θ index this coordinate follows */
    const double *starts;                /**< n_starts rows of θ (fixed and tied entries set), or NULL: opt->starts */
    size_t n_starts;
} ec_chin_plan;

/**
 * ec_fit_chinchilla() with a plan (NULL: the same as ec_fit_chinchilla). With
 * a plan, opt->fix, opt->tie and opt->starts are not read (the plan says them),
 * and the asymptotic covariance is left to the caller when a parameter is
 * fixed or tied (res->se_available = 0).
 */
EC_API int ec_fit_chinchilla_plan(const ec_dataset *ds, const ec_fit_options *opt, const ec_chin_plan *plan,
                           ec_fit_result *res, ec_error *err);

/** ec_chin_minimise() under a plan's fixed and tied coordinates (its starts are not used; NULL: none). */
EC_API int ec_chin_minimise_plan(const ec_chin_data *data, const ec_fit_options *opt, const ec_chin_plan *plan,
                          double theta[EC_CHIN_NPARAM], double *f, size_t *nfev, const char **status);

/**
 * Lower level: minimises the objective over `data` from one start θ (in
 * place). Returns 1 when converged, 0 when not (reason in status, which may
 * be NULL), and counts evaluations in *nfev.
 */
EC_API int ec_chin_minimise(const ec_chin_data *data, const ec_fit_options *opt,
                     double theta[EC_CHIN_NPARAM], double *f, size_t *nfev, const char **status);

/**
 * The subsample on which each of several starts first approaches (option
 * "approach"): m = 32 points (n/16 rounded down to a multiple of 16 for n ≥ 1024, at most
 * 512), the middle one of each of m equal slices of the
 * points in order of log N + log D (point ⌊(2j + 1)·n/(2m)⌋ for j = 0..m−1),
 * with their weights (1 when cd->w is NULL); all points in that order when
 * n < 64. Ties in compute keep the points' order. `buf` holds 4·m doubles
 * (m = n when n < 64) and `order` n indices (scratch); `sub`
 * points into `buf`. Returns m.
 */
EC_API size_t ec_chin_approach_subsample(const ec_chin_data *cd, double *buf, size_t *order, ec_chin_data *sub);

/**
 * Resamples the points with replacement `opt->bootstrap` times and refits
 * each replicate from `opt->start` (Hoffmann's start when empty), on the
 * engine of ec_bootstrap.h. Replicate k draws from its own random stream,
 * derived from (opt->seed, k), so the result does not depend on the number
 * of threads. Parameters in the catalogue's order (E, A, B, alpha, beta).
 * EC_ENOCONV (fewer than 2 replicates converged) still sets *out: the
 * replicates, with the summary arrays NAN.
 */
EC_API int ec_bootstrap_chinchilla(const ec_dataset *ds, const ec_fit_options *opt, ec_boot **out, ec_error *err);

#ifdef __cplusplus
}
#endif
#endif
