/**
 * ec_bootstrap.h — the bootstrap engine: replicates on threads, one random
 * stream per replicate, one result type for every bootstrap in effcomp
 * (the Chinchilla fast path, the general fitting engine, the isoFLOP
 * analysis).
 *
 *     ec_boot_plan plan = {.replicates = 4000, .seed = 42, .n_cols = 5,
 *                          .replicate = refit, .user = &data};
 *     ec_boot *b;
 *     if (ec_boot_run(&plan, &b, &err) == EC_OK && ec_boot_summarise(b, NULL, 0.95, &err) == EC_OK)
 *         ... b->se[j], b->ci_lo[j], b->samples[k * b->n_params + j] ...
 *     ec_boot_free(b);
 *
 * Replicate k is computed by plan->replicate with a generator seeded for
 * stream (seed, k) (ec_rng.h) and writes only its own row, so the result is
 * the same for any number of threads and any schedule.
 */
#ifndef EC_BOOTSTRAP_H
#define EC_BOOTSTRAP_H

#include "ec_export.h"

#include <gsl/gsl_rng.h>
#include <stddef.h>

#include "ec_error.h"
#include "ec_form.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Bootstrap replicates and their summary. Arrays are owned (ec_boot_free). */
typedef struct ec_boot {
    int n_params;                      /**< values per replicate (columns of samples) */
    size_t replicates;                 /**< requested */
    size_t failed;                     /**< replicates that did not converge (kept, flagged, left out of the summary) */
    size_t retried;                    /**< replicates whose first refit failed and that were refitted from other starts (converged or not) */
    unsigned long long seed;
    double start[EC_FORM_MAX_PARAMS];  /**< where every refit started (fit bootstraps; form order) */
    double *mean, *se, *ci_lo, *ci_hi; /**< per column, over the converged replicates (ec_boot_summarise) */
    double *samples;                   /**< replicates × n_params, row-major */
    double *objective;                 /**< per replicate (NAN when the replicate has none) */
    unsigned char *converged;          /**< per replicate: 1 converged, 0 not */
} ec_boot;

/**
 * One replicate: fill row[0..n_cols-1] and *objective from the generator
 * `rng`, already seeded for stream (seed, k). `scratch` is the calling
 * thread's (plan->scratch_new), or NULL. Returns 1 when the replicate
 * converged, 0 when not (the row is kept and flagged); a replicate function
 * that retries a failed refit from other starts returns 2 when a retry
 * (or a continuation of one) converged and -1 when none did (counted in
 * ec_boot.retried).
 */
typedef int (*ec_boot_replicate_fn)(void *user, void *scratch, size_t k, gsl_rng *rng, double *row,
                                    double *objective);

/** What to run. */
typedef struct ec_boot_plan {
    size_t replicates;               /**< >= 2 */
    unsigned long long seed;
    int threads;                     /**< 0: OpenMP's default */
    size_t n_cols;                   /**< values per replicate, >= 1 */
    size_t chunk;                    /**< replicates handed to a thread at a time (0: 8) */
    ec_boot_replicate_fn replicate;
    void *user;
    void *(*scratch_new)(void *user); /**< per-thread work space, or NULL (then scratch is NULL); NULL return = out of memory */
    void (*scratch_free)(void *scratch);
    ec_progress_fn progress;         /**< called after each replicate, serialised; may be NULL */
    void *progress_user;
} ec_boot_plan;

/**
 * Runs every replicate and counts the failed ones. The summary arrays are
 * allocated and NAN until ec_boot_summarise(). Errors: EC_EINVAL (fewer
 * than 2 replicates, no columns or no replicate function), EC_ENOMEM.
 */
EC_API int ec_boot_run(const ec_boot_plan *plan, ec_boot **out, ec_error *err);

/**
 * Mean, standard error (sample SD, n − 1) and percentile interval at
 * `level` of each column over the converged replicates (ec_interval.h);
 * columns with skip[j] != 0 (fixed parameters) get an SE of 0. EC_ENOCONV
 * when fewer than 2 replicates converged (the arrays stay NAN), EC_ENOMEM.
 */
EC_API int ec_boot_summarise(ec_boot *b, const unsigned char *skip, double level, ec_error *err);

/** Frees a bootstrap result. NULL is allowed. */
EC_API void ec_boot_free(ec_boot *b);

#ifdef __cplusplus
}
#endif
#endif
