/**
 * ec_project.h — projections of larger models from a fitted chinchilla law
 * (`project`): compute, tokens and loss of models of given sizes under token
 * policies and efficiency factors, with bands from the law's joint bootstrap
 * replicates (or the delta method), paired differences against a baseline
 * row, and how far each row lies beyond the fitted data.
 *
 * Rows are sizes × policies × efficiencies, in that order (the size varies
 * slowest), or explicit rows. For a row:
 *   - parameters: dense (N), or mixture-of-experts with active and total
 *     parameters; compute C = k · N_active · D (k = 6 by default); the law
 *     is evaluated at the active parameters (or the total, when asked);
 *   - policy: compute-optimal (the D that makes N_law compute-optimal,
 *     x = (N/G)^(1/eN), D = x/N), tokens-per-param=M (D = M · N_active),
 *     tokens=D, loss=L (the compute-optimal model reaching loss L), or
 *     inference=D_inf (Sardana et al. 2024, "Beyond Chinchilla-Optimal":
 *     the N, D that minimise training plus inference compute
 *     k N D + 2 N D_inf at the quality the compute-optimal model of the
 *     row's size reaches); then D is capped at max_tokens (a data stock);
 *   - efficiency φ (a recipe φ times as compute-efficient as the law's):
 *     effective compute φ C; the loss is the law's at the effective scale,
 *     L*(φ N D) on the frontier for a compute-optimal row (L*(x) = E + K
 *     x^−γ, ec_law.h), L(√φ N, √φ D) — the same allocation at φ times the
 *     N·D — for the other policies. A factor with an uncertainty (from a
 *     claims ledger: se of log φ) is drawn per replicate, log-normally, from
 *     a counter-based stream (ec_random.h) so that every row with that
 *     factor sees the same draws.
 */
#ifndef EC_PROJECT_H
#define EC_PROJECT_H

#include "ec_export.h"

#include <stddef.h>

#include "ec_error.h"
#include "ec_law.h"

#ifdef __cplusplus
extern "C" {
#endif

/** A model size: dense (active = total) or mixture-of-experts. */
typedef struct ec_model_size {
    double active, total;
    double compute;    /**< > 0: a dense model set by this training compute budget under the row's policy (active,
                            total 0) */
    char text[96];     /**< as written, e.g. "10T", "active=17B,total=400B" or "total=2T,active_fraction=0.1" */
} ec_model_size;

/**
 * Parses a size: "70B", "1.5T", "4e11" (dense), or "active=17B,total=400B"
 * or "total=2T,active_fraction=0.1" (mixture-of-experts; total >= active),
 * or "compute=1e27" (the dense model the row's policy trains with that many
 * FLOP: compute-optimal N = G (C/k)^eN, tokens-per-param=M N = √(C/(kM)),
 * tokens=D N = C/(kD)). Suffixes K, M, B, T, P.
 */
EC_API int ec_model_size_parse(const char *text, ec_model_size *s, ec_error *err);

typedef enum ec_policy_kind {
    EC_POLICY_OPTIMAL = 0, /**< compute-optimal */
    EC_POLICY_TPP,         /**< tokens-per-param=M */
    EC_POLICY_TOKENS,      /**< tokens=D */
    EC_POLICY_INFERENCE,   /**< inference=D_inf */
    EC_POLICY_LOSS         /**< loss=L: the compute-optimal model that reaches L (the row's size is not used) */
} ec_policy_kind;

typedef struct ec_policy {
    ec_policy_kind kind;
    double value;
    char text[64];
} ec_policy;

/** Parses "compute-optimal", "tokens-per-param=20", "tokens=15T", "inference=1e13", "loss=1.9". */
EC_API int ec_policy_parse(const char *text, ec_policy *p, ec_error *err);

/** An efficiency factor: φ, with the standard error of log φ (0: exact), and where it came from. */
typedef struct ec_efficiency {
    double factor, se_log;
    char label[128];   /**< "1", "claims:Muse Spark" */
} ec_efficiency;

typedef struct ec_project_options {
    double k;                 /**< training FLOP per active parameter and token (6) */
    double max_tokens;        /**< cap on D (INFINITY: none) */
    int law_at_total;         /**< 1: the law takes the total parameters of a mixture-of-experts size */
    size_t baseline;          /**< 1-based row index of the paired baseline (0: none) */
    double level;             /**< interval level (0.95) */
    unsigned long long seed;  /**< the efficiency draws' stream */
    int threads;
    int keep_losses;          /**< 1: keep every row's loss per replicate (ec_project_row.rep_loss), e.g. for paired
                                   differences between the rows of two results over the same replicates */
} ec_project_options;

EC_API ec_project_options ec_project_default_options(void);

/** One row. Intervals are NAN without a band; *_ci of an exact quantity is [value, value]. */
typedef struct ec_project_row {
    ec_model_size size;
    ec_policy policy;
    ec_efficiency eff;
    size_t eff_index;          /**< which efficiency (shared draws) */
    double N_active, N_total, N_law, D, tokens_per_param, compute, effective_compute, loss;
    double ci_N[2], ci_D[2], ci_compute[2], ci_effective[2], ci_loss[2];
    int capped;                /**< D was capped at max_tokens */
    double dloss, ci_dloss[2]; /**< loss − the baseline row's loss, paired over replicates (NAN without a baseline) */
    double beyond_compute;     /**< log10(compute / the data's largest compute): orders of magnitude beyond the data */
    double beyond_size;        /**< log10(N_law / the data's largest size) */
    size_t unreachable;        /**< replicates for which a loss target is at or below their E (counted as unbounded) */
    size_t failed;             /**< replicates left out (no finite row) */
    int loss_by_tails;         /**< 1 when the loss band was read off single-precision estimates of every
                                    replicate's loss and the few near its ends in double, 2 when off bounds on every
                                    replicate's loss from the law's term tables and the kept ones in double, 3 when
                                    off those bounds on the replicates that can hold a tail in the tables' square
                                    of the row (ec_law_terms_square) only (the same values every way); 0: every
                                    replicate's loss in double */
    double *rep_loss;          /**< with keep_losses and a replicate band: the loss per replicate (NAN where the
                                    replicate gives no finite row); else NULL */
} ec_project_row;

typedef struct ec_project_result {
    size_t n_rows;
    ec_project_row *rows;
    int band;                  /**< ec_band_method */
    size_t replicates;
    double k, max_tokens, level;
    int law_at_total;
    size_t baseline;
    unsigned long long seed;
} ec_project_result;

/** One row asked for: a size, a policy and the index of its efficiency. */
typedef struct ec_project_spec {
    ec_model_size size;
    ec_policy policy;
    size_t eff;
} ec_project_spec;

/**
 * The rows `specs` (each spec's eff indexes effs; n_effs may be 0: φ = 1
 * for every row). Errors as ec_project(), and EC_EINVAL for an efficiency
 * index out of range.
 */
EC_API int ec_project_rows(const ec_law *law, const ec_project_spec *specs, size_t n, const ec_efficiency *effs,
                    size_t n_effs, const ec_project_options *opt, ec_project_result *res, ec_error *err);

/**
 * The rows sizes × policies × efficiencies (n_eff may be 0: φ = 1); a
 * loss=L policy, which sets its own size, gives one row per efficiency
 * (with the first size, its text "-"). Errors
 * (EC_EINVAL): not a chinchilla law or unusable parameters, a loss target
 * the law itself does not reach, a baseline outside the rows, an inference
 * policy whose quality cannot be reached. EC_ENOMEM.
 */
EC_API int ec_project(const ec_law *law, const ec_model_size *sizes, size_t n_sizes, const ec_policy *policies,
               size_t n_policies, const ec_efficiency *effs, size_t n_effs, const ec_project_options *opt,
               ec_project_result *res, ec_error *err);

EC_API void ec_project_clear(ec_project_result *res);

#ifdef __cplusplus
}
#endif
#endif
