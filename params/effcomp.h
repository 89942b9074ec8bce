/**
 * effcomp.h — the public interface of libeffcomp, in one header.
 *
 *     #include <effcomp.h>
 *
 *     ec_error err;
 *     ec_step *fit = ec_step_new("fit", &err);
 *     ec_step_set(fit, "data", "chinchilla.csv", &err);
 *     ec_step_set(fit, "columns", "N=Model Size,C=Training FLOP,L=loss", &err);
 *     ec_step_set(fit, "bootstrap", "4000", &err);
 *     ec_result *fr;
 *     ec_step_run(fit, &fr, &err);                   // 0 = EC_OK, else err.message
 *
 *     ec_step *opt = ec_step_new("optimal", &err);
 *     ec_step_bind(opt, "fit", fr, "@fit", &err);     // the fit in memory
 *     ec_step_set(opt, "compute", "1e25", &err);
 *     ec_result *or;
 *     ec_step_run(opt, &or, &err);
 *     double N, hi;
 *     ec_result_value(or, "N", &N, &err);            // named outputs
 *     ec_result_value(or, "N_hi95", &hi, &err);
 *     char *json = ec_result_json_text(or, &err);    // the result's JSON (free())
 *
 * The layers, each usable on its own: model/ (forms, datasets, the fitted
 * law, intervals, the efficiency formulas), solvers/ (fitting, the
 * bootstrap, isoFLOP, the claims ledger, optimal/multiplier, predict,
 * trend, compare, backtest), plots/ (gnuplot scripts of every figure), and
 * params/ (steps, results and their JSON, scenario files, sweeps). Every
 * function returns an ec_status and fills an ec_error; none prints, exits
 * or aborts. Every option is set by name: ec_step_set() takes the names of
 * the command-line options and scenario files (docs/parameters.md).
 *
 * Installed (cmake --install), this header and the ones it includes are in
 * PREFIX/include/effcomp; link with `pkg-config --cflags --libs effcomp` or
 * find_package(effcomp) and effcomp::effcomp (docs/library.md). They need
 * C99 and no feature macros; what they declare (marked EC_API,
 * ec_export.h) is what libeffcomp.so exports, and nothing else.
 */
#ifndef EFFCOMP_H
#define EFFCOMP_H

#include "ec_error.h"
#include "ec_option.h"
#include "ec_kv.h"
#include "ec_form.h"
#include "ec_dataset.h"
#include "ec_table.h"
#include "ec_law.h"
#include "ec_interval.h"
#include "ec_efficiency.h"
#include "ec_chinchilla.h"
#include "ec_fit.h"
#include "ec_nlfit.h"
#include "ec_bootstrap.h"
#include "ec_backtest.h"
#include "ec_isoflop.h"
#include "ec_claims.h"
#include "ec_optimal.h"
#include "ec_predict.h"
#include "ec_trend.h"
#include "ec_compare.h"
#include "ec_dist.h"
#include "ec_project.h"
#include "ec_simulate.h"
#include "ec_sobol.h"
#include "ec_plot.h"
#include "ec_plot_kinds.h"
#include "ec_plot_recipes.h"
#include "ec_data.h"
#include "ec_result.h"
#include "ec_step.h"
#include "ec_steps.h"
#include "ec_law_json.h"
#include "ec_scenario.h"
#include "ec_sweep.h"
#include "ec_sweep_plot.h"

#endif
