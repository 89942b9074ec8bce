/**
 * ec_compare.h — several forms fitted to the same points with the same
 * loss, ranked by AIC (with BIC, R², RMSE) and, with a holdout, by the
 * backtest error of their extrapolation (`compare`).
 */
#ifndef EC_COMPARE_H
#define EC_COMPARE_H

#include "ec_export.h"

#include "ec_backtest.h"
#include "ec_dataset.h"
#include "ec_error.h"
#include "ec_fit.h"
#include "ec_nlfit.h"

#ifdef __cplusplus
extern "C" {
#endif

#define EC_COMPARE_MAX_FORMS 16

typedef struct ec_compare_row {
    const ec_form *form;
    ec_nlfit_result fit;
    ec_backtest_result bt;
    int have_bt;              /**< 1 when the backtest ran */
    int failed;               /**< 1 when the fit failed (error says why) */
    char error[1100];         /**< the fit's or the backtest's error, "" when none */
} ec_compare_row;

typedef struct ec_compare_result {
    size_t n;
    ec_compare_row rows[EC_COMPARE_MAX_FORMS]; /**< by increasing AIC, failed forms last */
    int with_backtest;
    double best_aic;          /**< of the first row, NAN when it failed */
    int holdout_fraction;     /**< 1: the holdout was a fraction, 0: a threshold */
} ec_compare_result;

/**
 * Fits each of the n forms (distinct, at most EC_COMPARE_MAX_FORMS) with
 * opt (its form ignored) and, when h is not NULL, backtests each. A form
 * that fails is a row with its error. When no form could be fitted (or,
 * with a holdout, none backtested) there is nothing to compare: EC_EDATA,
 * and `res` keeps the rows with their errors (clear it).
 */
EC_API int ec_compare(const ec_dataset *ds, const ec_fit_options *opt, const ec_form *const *forms, size_t n,
               const ec_holdout *h, ec_compare_result *res, ec_error *err);

EC_API void ec_compare_clear(ec_compare_result *res);

#ifdef __cplusplus
}
#endif
#endif
