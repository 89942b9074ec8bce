/**
 * ec_predict.h — a fitted law evaluated at points, with bands (`predict`).
 *
 * Bands come from the law's bootstrap replicates when it has them, from its
 * covariance by the delta method when it has none, and are absent when it
 * has neither; the result says which (ec_law.h).
 */
#ifndef EC_PREDICT_H
#define EC_PREDICT_H

#include "ec_export.h"

#include <stddef.h>

#include "ec_dataset.h"
#include "ec_error.h"
#include "ec_law.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ec_predict_result {
    const ec_form *form;
    size_t n;                 /**< points */
    double *x;                /**< n × form->n_vars */
    double *y_hat, *lo, *hi;  /**< n each; lo/hi NAN without a band */
    double *y_obs;            /**< n observed values (from a dataset with the form's y column), or NULL */
    ec_band band;             /**< how the band was obtained */
    double level;
} ec_predict_result;

/**
 * Parses points written as in `--at`: items separated by ';', each either
 * 'ROLE=v1,v2,...' (one variable, several values; x also answers to C) or
 * 'R1=v,R2=v' (one point of a two-variable form, equal counts per role).
 * Appends to *xs (n × n_vars, realloc'd) and *n. EC_EINVAL with the
 * offending text: an empty item, an unknown role, a value that is not a
 * number, a non-positive N, D or C, unequal counts, no values.
 */
EC_API int ec_predict_parse_at(const ec_form *f, const char *spec, double **xs, size_t *n, ec_error *err);

/**
 * Evaluates `law` at the n points xs (copied) with a band at `level`;
 * y_obs (may be NULL) is copied into the result. A point where the law is
 * undefined is an error (EC_EINVAL) naming it — by ds->path and the row's
 * line when `ds` gave the points (ds may be NULL).
 */
EC_API int ec_predict(const ec_law *law, const double *xs, size_t n, const double *y_obs, const ec_dataset *ds,
               double level, int threads, ec_predict_result *res, ec_error *err);

/** The points and observed values of a dataset for the law's form (x defaults to C, y to L). */
EC_API int ec_predict_points_of(const ec_form *f, const ec_dataset *ds, double **xs, const double **y_obs,
                                ec_error *err);

EC_API void ec_predict_clear(ec_predict_result *res);

#ifdef __cplusplus
}
#endif
#endif
