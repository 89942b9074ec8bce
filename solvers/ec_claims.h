/**
 * ec_claims.h — the claims ledger: reconciling statements of the form
 * "model S reaches comparable quality at a fraction f of model B's compute"
 * into one efficiency factor per model.
 *
 *     ec_claims *c = ec_claims_load_csv("claims.csv", 0.1, &err);
 *     ec_ledger led;
 *     ec_ledger_solve(c, "Llama 3.1-405B", &led, &err);
 *     ... led.factor[k], led.ci_lo[k], led.ci_hi[k], led.chi2, led.p_value ...
 *     ec_ledger_clear(&led);
 *     ec_claims_free(c);
 *
 * Model. Each model m has an efficiency factor φ_m: its training compute
 * counts as φ_m times as much "reference compute" (effective compute =
 * physical compute × φ_m), with φ_ref = 1 for the chosen reference model.
 * The claim "S matches B using fraction f of B's compute" says
 * φ_S · f = φ_B, i.e. log φ_S − log φ_B = −log f. The ledger solves all
 * claims together by weighted least squares in log φ, each claim weighted
 * by 1/log_sd² (log_sd: the claim's uncertainty as a standard deviation of
 * log f), and tests their mutual consistency with a χ² statistic. The
 * method is described at the top of ec_claims.c and in docs/claims.md.
 *
 * The library never prints or exits; failures return a status and fill
 * the optional ec_error (messages name the file and line).
 */
#ifndef EC_CLAIMS_H
#define EC_CLAIMS_H

#include "ec_export.h"

#include <stddef.h>

#include "ec_error.h"

#ifdef __cplusplus
extern "C" {
#endif

/** One claim: `subject` matches `baseline` using `fraction` of the baseline's compute. */
typedef struct ec_claim {
    char *subject, *baseline;
    char *source;      /**< free text, "" when the file has none */
    double fraction;   /**< compute fraction f > 0 */
    double log_sd;     /**< standard deviation of log f (> 0): the file's, or the default */
    size_t line;       /**< physical line (1-based) where the record starts */
} ec_claim;

/** The claims of one file. */
typedef struct ec_claims {
    ec_claim *items;
    size_t n;
    char *path;
    char sha256[65];   /**< of the file's bytes, lowercase hex */
} ec_claims;

/**
 * Loads a claims CSV: a header with the columns subject, baseline,
 * compute_fraction and optionally log_sd and source (other columns are
 * ignored), then one claim per record. Parsed with libcsv (quoted fields,
 * CRLF, a UTF-8 BOM); lines starting with '#' are comments; blank lines are
 * skipped; cells are trimmed of surrounding blanks. An empty log_sd cell
 * takes `default_log_sd`.
 *
 * Errors: EC_EINVAL for default_log_sd not finite and positive; EC_EIO for a
 * file that cannot be opened or read; EC_EDATA (with file:line) for missing
 * columns (the message lists the header), an empty subject or baseline, a
 * claim whose subject is its own baseline, a compute_fraction or log_sd that
 * is not a finite positive number, malformed CSV, and a file with no claims.
 */
EC_API ec_claims *ec_claims_load_csv(const char *path, double default_log_sd, ec_error *err);

/** Frees claims. NULL is allowed. */
EC_API void ec_claims_free(ec_claims *c);

/**
 * Largest ledger (models, the reference included) for which ec_ledger_solve()
 * fills cov_log; above it cov_log is NULL (it would take n_models² doubles and
 * n_models sparse solves). The standard errors se_log are always given.
 */
#define EC_LEDGER_COV_MAX_MODELS 500

/** Solution of a claims ledger. Arrays are owned by the struct (ec_ledger_clear). */
typedef struct ec_ledger {
    size_t n_models;
    char **model;          /**< names: the reference first, then by first appearance in the claims */
    double *log_factor;    /**< log φ (0 for the reference) */
    double *se_log;        /**< standard error of log φ, log_sd taken as known (0 for the reference) */
    double *factor;        /**< φ = exp(log φ) */
    double *ci_lo, *ci_hi; /**< 95% interval exp(log φ ∓ z se_log), z = Φ⁻¹(0.975) = 1.959963984540054 */
    double *cov_log;       /**< n_models × n_models covariance of log φ, row-major (reference row/column 0);
                                NULL when n_models > EC_LEDGER_COV_MAX_MODELS */
    double *compute;       /**< physical compute, NAN unless set by ec_ledger_apply_compute() */
    double *effective_compute; /**< compute × φ, NAN when compute is unknown */
    size_t n_claims;       /**< the claims, in file order */
    double *residual;      /**< −log f − (log φ_subject − log φ_baseline) */
    double *std_residual;  /**< residual / log_sd */
    size_t *subject, *baseline; /**< per claim: the model indices of its subject and baseline */
    double *fitted_se;     /**< per claim: standard error of the fitted log(φ_subject/φ_baseline), from the covariance
                                of the two factors (selected inversion: the pair is on the factor's pattern) */
    double *implied_compute;   /**< per claim: the subject's physical compute implied by its baseline's known compute,
                                    C_B φ_B/φ_S (the same effective compute: the same quality); NAN unless the
                                    baseline's compute is known (ec_ledger_apply_compute) */
    double *implied_lo, *implied_hi; /**< its 95% interval, exp(∓z fitted_se) around it */
    double *effective_lo, *effective_hi; /**< per model: 95% interval of effective_compute (compute × ci of φ) */
    double chi2;           /**< Σ std_residual² */
    int dof;               /**< n_claims − (n_models − 1) */
    double chi2_reduced;   /**< chi2 / dof, NAN when dof = 0 */
    double p_value;        /**< P(χ²_dof ≥ chi2), NAN when dof = 0 (no redundant claims) */
    char *reference;
} ec_ledger;

/**
 * Solves the ledger of claims `c` with `reference` as the unit (φ = 1).
 * `out` is overwritten (call ec_ledger_clear() on it afterwards, also after
 * a failure, which leaves it empty). Sparse: time and memory follow the
 * claims and the fill of the normal equations' Cholesky factor, not
 * n_models × n_claims (solvers/ec_claims.c says how, with measurements).
 * The factorisation's dense blocks go through the BLAS: a threaded BLAS
 * (OpenBLAS's default) sums them in an order set by its thread count, so the
 * last bits then depend on the machine's cores; the effcomp program runs
 * OpenBLAS on one thread for that reason, and a caller that wants the same
 * bits everywhere does the same with ec_blas_one_thread().
 *
 * Errors: EC_EINVAL for no claims or no reference; EC_EINVAL when the
 * reference is not among the models of the claims (the message lists them);
 * EC_EDATA when some models are not linked to the reference by any chain of
 * claims (the message names all of them); EC_EDATA when the weighted least
 * squares problem is numerically singular, which only a spread of log_sd
 * over many orders of magnitude can cause (the message names the model
 * where the factorisation lost its rank and says to raise the smallest
 * log_sd); EC_ENUMERIC if the sparse factorisation fails otherwise;
 * EC_ENOMEM.
 */
EC_API int ec_ledger_solve(const ec_claims *c, const char *reference, ec_ledger *out, ec_error *err);

/**
 * Runs OpenBLAS on one thread and stops the worker pool it started when it
 * was loaded, for the whole process; OpenMP's thread count is left as it
 * was (OpenBLAS's OpenMP build would set it to 1). Nothing with another
 * BLAS. The effcomp program calls it first thing (cli/main.c says why).
 */
EC_API void ec_blas_one_thread(void);

/** Frees the arrays of a ledger (not the struct) and zeroes it. NULL is allowed. */
EC_API void ec_ledger_clear(ec_ledger *l);

/** Physical compute per model, from a CSV `name,compute`. */
typedef struct ec_model_compute {
    size_t n;
    char **name;
    double *compute;       /**< FLOP, > 0 */
    size_t *line;
    char *path;
    char sha256[65];
} ec_model_compute;

/**
 * Loads a compute file: header with the columns `name` and `compute` (others
 * ignored), one model per record; CSV rules as ec_claims_load_csv(). Errors
 * (EC_EIO, EC_EDATA with file:line): missing columns (the header is listed),
 * an empty name, a name given twice, compute not a finite positive number,
 * no rows.
 */
EC_API ec_model_compute *ec_model_compute_load_csv(const char *path, ec_error *err);

/** Frees a compute table. NULL is allowed. */
EC_API void ec_model_compute_free(ec_model_compute *mc);

/**
 * Sets l->compute and l->effective_compute = compute × φ (with its
 * interval) for the models listed in `mc`, and for every claim whose
 * baseline's compute is known the subject's implied physical compute
 * C_B φ_B/φ_S with its interval (Muse Spark at 10% of Maverick's 2.244e24
 * FLOP: 2.244e23 when that is the only claim); the others keep NAN. Error EC_EDATA, naming all of them,
 * when `mc` lists models that are not in the ledger (nothing is changed).
 */
EC_API int ec_ledger_apply_compute(ec_ledger *l, const ec_model_compute *mc, ec_error *err);

/** Index of `name` among l->model, or -1. */
EC_API int ec_ledger_model_index(const ec_ledger *l, const char *name);

#ifdef __cplusplus
}
#endif
#endif
