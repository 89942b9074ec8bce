/**
 * ec_backtest.h — extrapolation backtests: fit on the smaller-scale points,
 * predict the larger-scale ones, and measure the error. This is how a user
 * learns whether a projection from a fitted law is worth trusting.
 */
#ifndef EC_BACKTEST_H
#define EC_BACKTEST_H

#include "ec_export.h"

#include "ec_dataset.h"
#include "ec_error.h"
#include "ec_fit.h"
#include "ec_nlfit.h"

#ifdef __cplusplus
extern "C" {
#endif

/** How to split: hold out the points with `by` above `above`, or the top `fraction` of them by `by`. */
typedef struct ec_holdout {
    ec_role by;        /**< ordering role; EC_ROLE_COUNT = the form's default (x, or C for N-D forms) */
    double above;      /**< used when fraction is 0 */
    double fraction;   /**< in (0, 1): the largest ceil(fraction·n) points are held out */
} ec_holdout;

typedef struct ec_backtest_result {
    ec_nlfit_result fit;       /**< the fit on the training points */
    ec_role by;                /**< the ordering role used */
    double threshold;          /**< held-out points have by > threshold */
    size_t n_train, n_test;
    double *by_value, *y, *y_hat;   /**< per held-out point (n_test each) */
    size_t *line;              /**< source line of each held-out point */
    double rmsle;              /**< sqrt(mean (log ŷ − log y)²) over held-out points (NAN if not positive) */
    double mean_log_ratio;     /**< mean log(ŷ/y): > 0 means the law over-predicts */
    double mae;                /**< mean |ŷ − y| */
    double mape;               /**< mean |ŷ − y|/|y| */
} ec_backtest_result;

/**
 * Splits `ds`, fits opt->form on the training part and scores the held-out
 * part. Errors: no such ordering column, a split with fewer training points
 * than free parameters + 1 or with no held-out point (EC_EDATA), and the
 * fit's own errors.
 */
EC_API int ec_backtest(const ec_dataset *ds, const ec_fit_options *opt, const ec_holdout *h, ec_backtest_result *res,
                ec_error *err);

/** Frees the arrays of a result (not the struct). */
EC_API void ec_backtest_clear(ec_backtest_result *res);

#ifdef __cplusplus
}
#endif
#endif
