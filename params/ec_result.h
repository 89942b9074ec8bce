/**
 * ec_result.h — what a step produces: a result of one kind (a fit, an
 * allocation table, a ledger, a figure...), held in memory, handed to later
 * steps by reference, written as JSON by whoever drives the steps.
 *
 *     ec_result *r;  ... from ec_step_run() ...
 *     const ec_fit_output *fit = ec_result_fit(r);        // NULL unless kind EC_RESULT_FIT
 *     const ec_law *law = ec_result_law(r);               // a fit's law (with its replicates)
 *     double loss;
 *     ec_result_value(r, "loss", &loss, &err);            // a named output (sweeps record these)
 *     char *json = ec_result_json_text(r, &err);          // the result's JSON schema (free())
 *     ec_result_free(r);
 *
 * The JSON of each kind (its keys are documented in docs/user-guide.md) is
 * the library's: the command-line program writes it to files and prints its
 * text reports from it, and `effcomp report` prints the same report from a
 * saved file.
 */
#ifndef EC_RESULT_H
#define EC_RESULT_H

#include "ec_export.h"

#include <stddef.h>

#include "ec_backtest.h"
#include "ec_bootstrap.h"
#include "ec_claims.h"
#include "ec_compare.h"
#include "ec_data.h"
#include "ec_dataset.h"
#include "ec_error.h"
#include "ec_fit.h"
#include "ec_isoflop.h"
#include "ec_law.h"
#include "ec_nlfit.h"
#include "ec_optimal.h"
#include "ec_predict.h"
#include "ec_project.h"
#include "ec_simulate.h"
#include "ec_trend.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum ec_result_kind {
    EC_RESULT_FIT = 0,
    EC_RESULT_PREDICT,
    EC_RESULT_OPTIMAL,
    EC_RESULT_MULTIPLIER,
    EC_RESULT_ISOFLOP,
    EC_RESULT_CLAIMS,
    EC_RESULT_TREND,
    EC_RESULT_COMPARE,
    EC_RESULT_BACKTEST,
    EC_RESULT_PLOT,
    EC_RESULT_PROJECT,
    EC_RESULT_SIMULATE,
    EC_RESULT_KIND_COUNT
} ec_result_kind;

/** "fit", "predict", ... (the JSON's "result" key); NULL for an unknown kind. */
EC_API const char *ec_result_kind_name(ec_result_kind k);

/** Where a law came from when a step read one (provenance recorded in its result). */
typedef struct ec_law_input {
    char fit[1024];            /**< the fit JSON read, "" when the law was inline or in memory */
    char fit_ref[128];         /**< "@step" when the law came from an earlier step in memory */
} ec_law_input;

/** EC_RESULT_FIT. */
typedef struct ec_fit_output {
    ec_data_options in;
    ec_fit_options opt;
    ec_dataset *ds;
    size_t rows_read;
    ec_nlfit_result fit;
    ec_boot *boot;             /**< NULL without a bootstrap */
    ec_law *law;               /**< the fitted law, with the bootstrap's replicates */
} ec_fit_output;

/** EC_RESULT_PREDICT. */
typedef struct ec_predict_output {
    const ec_law *law;         /**< the law used (an earlier fit's, or law_owned) */
    ec_law *law_owned;         /**< the law read from a file or given inline, owned by the result */
    ec_law_input from;
    ec_predict_result r;
} ec_predict_output;

/** EC_RESULT_OPTIMAL. */
typedef struct ec_optimal_output {
    const ec_law *law;
    ec_law *law_owned;
    ec_law_input from;
    ec_optimal_result r;
} ec_optimal_output;

/** EC_RESULT_MULTIPLIER. */
typedef struct ec_multiplier_output {
    const ec_law *law;
    ec_law *law_owned;
    ec_law_input from;
    ec_multiplier_result r;
} ec_multiplier_output;

/** EC_RESULT_ISOFLOP. */
typedef struct ec_isoflop_output {
    ec_data_options in;
    ec_isoflop_options opt;
    ec_dataset *ds;
    size_t rows_read;
    ec_isoflop_result r;
} ec_isoflop_output;

/** EC_RESULT_CLAIMS. */
typedef struct ec_claims_output {
    char claims_path[1024];
    double default_log_sd;
    ec_claims *claims;
    ec_model_compute *compute; /**< NULL without a compute file */
    ec_ledger ledger;
} ec_claims_output;

/** EC_RESULT_TREND. */
typedef struct ec_trend_output {
    ec_data_options in;
    ec_fit_options opt;
    ec_dataset *ds;
    size_t rows_read;
    ec_trend_result r;
} ec_trend_output;

/** EC_RESULT_COMPARE. */
typedef struct ec_compare_output {
    ec_data_options in;
    ec_fit_options opt;
    ec_dataset *ds;
    size_t rows_read;
    ec_compare_result r;
} ec_compare_output;

/** EC_RESULT_BACKTEST. */
typedef struct ec_backtest_output {
    ec_data_options in;
    ec_fit_options opt;
    ec_dataset *ds;
    size_t rows_read;
    ec_backtest_result r;
} ec_backtest_output;

/** EC_RESULT_PROJECT. */
typedef struct ec_project_output {
    const ec_law *law;
    ec_law *law_owned;
    ec_law_input from;
    char claims[1024];         /**< where efficiency factors from a ledger came from: a claims JSON or "@step" ("" none) */
    char claims_sha256[65];
    ec_project_result r;
} ec_project_output;

/** EC_RESULT_SIMULATE. */
typedef struct ec_simulate_output {
    const ec_law *law;         /**< NULL: no loss */
    ec_law *law_owned;
    ec_law_input from;
    double start_year;
    char start_source[1024];   /**< start_data, or "" when start_compute was given */
    char start_model[256];     /**< the run start_data's largest compute is (its name column) */
    double start_compute;      /**< its compute (NAN when start_compute was given) */
    size_t start_line;
    char start_sha256[65];     /**< of start_data ("" when start_compute was given) */
    char input_text[EC_SIM_N_INPUTS][512]; /**< each input's distribution as used */
    char growth_source[1200], algo_source[1200]; /**< how a rate from a trend was drawn ("" when given) */
    char claims[1024];
    char claims_sha256[65];
    int mode, growth_oom, algo_oom, algo_shocks;
    char schedule[1024];
    char correlations[1024];
    double k;
    ec_sim_result r;
} ec_simulate_output;

struct ec_plot;

/** EC_RESULT_PLOT: a figure ready to be drawn (the caller runs gnuplot). */
typedef struct ec_plot_output {
    char kind[32];             /**< the figure's kind, e.g. "contour" */
    char image[1024];          /**< the image file the script draws to ("" for the terminal) */
    int format;                /**< ec_plot_format */
    int save_script;           /**< 1: keep the .gp and .dat files beside the image */
    char source[1024];         /**< the result drawn: a JSON file or "@step" */
    struct ec_figure *figure;  /**< what to draw (ec_plot_output_build in ec_steps.h) */
} ec_plot_output;

typedef struct ec_result ec_result;

EC_API ec_result_kind ec_result_kind_of(const ec_result *r);

/** The payload of each kind; NULL when r is of another kind. */
EC_API const ec_fit_output *ec_result_fit(const ec_result *r);
EC_API const ec_predict_output *ec_result_predict(const ec_result *r);
EC_API const ec_optimal_output *ec_result_optimal(const ec_result *r);
EC_API const ec_multiplier_output *ec_result_multiplier(const ec_result *r);
EC_API const ec_isoflop_output *ec_result_isoflop(const ec_result *r);
EC_API const ec_claims_output *ec_result_claims(const ec_result *r);
EC_API const ec_trend_output *ec_result_trend(const ec_result *r);
EC_API const ec_compare_output *ec_result_compare(const ec_result *r);
EC_API const ec_backtest_output *ec_result_backtest(const ec_result *r);
EC_API const ec_plot_output *ec_result_plot(const ec_result *r);
EC_API const ec_project_output *ec_result_project(const ec_result *r);
EC_API const ec_simulate_output *ec_result_simulate(const ec_result *r);

/** The law of a fit result (its parameters and bootstrap replicates), or NULL. */
EC_API const ec_law *ec_result_law(const ec_result *r);

/**
 * Notes the step made for the person running it (warnings that do not stop
 * it: "budget C = 3e21: the optimum is extrapolated", "the fit behind this
 * law did not converge"), in order; n_notes of them.
 */
EC_API size_t ec_result_n_notes(const ec_result *r);
EC_API const char *ec_result_note(const ec_result *r, size_t i);

/**
 * Why the step finished but not as asked (a fit that did not converge, a
 * bootstrap with too few usable replicates, a form of `compare` that
 * failed): one message per problem; none when it did what was asked. The
 * command-line program exits with status 3 when there is any.
 */
EC_API size_t ec_result_n_problems(const ec_result *r);
EC_API const char *ec_result_problem(const ec_result *r, size_t i);

/**
 * A named output of the result as a number (what `sweep --record` takes):
 * see the step's outputs (ec_step.h). EC_EINVAL naming the valid names.
 */
EC_API int ec_result_value(const ec_result *r, const char *name, double *v, ec_error *err);

/**
 * The values per bootstrap replicate of a named output, where the result kept them (a project step with
 * replicate_losses = 1: loss and row.K.loss): *v (n values, owned by the result; NAN for a replicate without
 * one) and *n; *v = NULL and *n = 0 when it kept none for that name. Two results over the same replicates (a
 * shared fit) give paired differences replicate by replicate.
 */
EC_API void ec_result_replicate_values(const ec_result *r, const char *name, const double **v, size_t *n);
/** A fit's bootstrap replicates as the CSV effcomp writes (--replicates-out; its SHA-256 is the fit JSON's
 * bootstrap.replicates_sha256); free() it. NULL with err set (no bootstrap, out of memory). */
EC_API char *ec_fit_replicates_text(const ec_result *r, ec_error *err);

/** The result as JSON text (cJSON's formatted print, with a final newline); free() it. NULL with err set. */
EC_API char *ec_result_json_text(const ec_result *r, ec_error *err);

/** Frees a result. NULL is allowed. */
EC_API void ec_result_free(ec_result *r);

#ifdef __cplusplus
}
#endif
#endif
