/**
 * ec_steps.h — the option tables of the step types, for programs that
 * describe them (the command-line help prints these rows). The step types
 * themselves are reached through ec_step.h.
 */
#ifndef EC_STEPS_H
#define EC_STEPS_H

#include "ec_export.h"

#include "ec_option.h"
#include "ec_plot.h"
#include "ec_result.h"

#ifdef __cplusplus
extern "C" {
#endif

EC_API const ec_option_table *ec_predict_option_table(void);    /**< fit, form, params, at, replicates */
EC_API const ec_option_table *ec_optimal_option_table(void);    /**< fit, form, replicates, output, params, compute, sizes, loss_target, plot */
EC_API const ec_option_table *ec_multiplier_option_table(void); /**< fit, form, replicates, output, params, model, point */
EC_API const ec_option_table *ec_claims_option_table(void);     /**< claims, reference, compute_file, default_log_sd, output, plot */
EC_API const ec_option_table *ec_trend_option_table(void);      /**< x, y, algorithmic */
EC_API const ec_option_table *ec_holdout_option_table(void);    /**< holdout_above, holdout_fraction, holdout_by */
EC_API const ec_option_table *ec_compare_option_table(void);    /**< forms */
EC_API const ec_option_table *ec_plot_step_option_table(void);  /**< kind, save_script, output, replicates */
EC_API const ec_option_table *ec_simulate_option_table(void);   /**< the simulate step's options */
EC_API const ec_option_table *ec_project_option_table(void);    /**< fit, form, replicates, output, params, sizes, policies,
                                                              efficiency, claims, rows, k, max_tokens, law_at, baseline,
                                                              seed, threads, plot */

/** The kinds of figure the plot step draws, NULL-terminated. */
extern EC_API const char *const ec_plot_kinds[];

/**
 * Builds the figure of a plot result, drawing to `image` (NULL: the
 * terminal, format dumb). Called once per image (the caller may draw to a
 * temporary file first and save the script for the final name after).
 */
EC_API struct ec_plot *ec_plot_output_build(const ec_plot_output *o, const char *image, ec_error *err);

/** Fills a figure from `data` (what a figure outside the plot step draws, e.g. a sweep's): EC_OK or an error. */
typedef int (*ec_figure_builder)(struct ec_plot *p, const void *data, ec_error *err);

/** Frees what an ec_figure_builder draws from. */
typedef void (*ec_figure_data_free)(void *data);

/**
 * A figure drawn by `build` from `data` (owned: data_free(data) when the output is freed, also on failure;
 * data_free may be NULL) to `image` (its extension gives the format: png, svg, pdf; EC_EINVAL otherwise), with
 * the figure settings `po` (NULL: the defaults), for cli_draw like a plot step's. *out, ec_plot_output_free it.
 */
EC_API int ec_plot_output_custom(const char *kind, const char *image, const ec_plot_options *po, ec_figure_builder build,
                                 void *data, ec_figure_data_free data_free, ec_plot_output **out, ec_error *err);
EC_API void ec_plot_output_free(ec_plot_output *o);

#ifdef __cplusplus
}
#endif
#endif
