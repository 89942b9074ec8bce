/*
 * ec_backtest.c — out-of-sample extrapolation error of a fitted law.
 *
 * Scaling laws are used to extrapolate, and in-sample fit statistics say
 * little about extrapolation: several forms can fit the small-scale points
 * equally well and disagree by large factors at the frontier (Caballero et
 * al. 2023; Besiroglu et al. 2024 show how much Chinchilla's own fits
 * disagree). The honest check is the one forecasters use: hold out the
 * largest-scale points, fit on the rest, and score the predictions. The
 * ordering variable is compute by default (C, or 6ND when only N and D are
 * known), or the form's x.
 */
#include "ec_backtest.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void ec_backtest_clear(ec_backtest_result *res)
{
    free(res->by_value);
    free(res->y);
    free(res->y_hat);
    free(res->line);
    res->by_value = res->y = res->y_hat = NULL;
    res->line = NULL;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int ec_backtest(const ec_dataset *ds, const ec_fit_options *opt, const ec_holdout *h, ec_backtest_result *res,
                ec_error *err)
{
    memset(res, 0, sizeof *res);
    const ec_form *f = ec_form_find(opt->form);
    if (!f) return ec_error_set(err, EC_EINVAL, "unknown form '%s'", opt->form);
    ec_role by = h->by;
    if (by == EC_ROLE_COUNT) by = f->n_vars == 1 ? (ds->col[EC_ROLE_X] ? EC_ROLE_X : EC_ROLE_C) : EC_ROLE_C;
    const double *v = ds->col[by];
    if (!v && by == EC_ROLE_X) v = ds->col[EC_ROLE_C];
    if (!v)
        return ec_error_set(err, EC_EINVAL, "backtest: no %s column to order the points by; map it with --columns or choose --holdout-by",
                            ec_role_name(by));
    res->by = by;
    const size_t n = ds->n;
    if (h->fraction > 0) {
        if (!(h->fraction < 1)) return ec_error_set(err, EC_EINVAL, "backtest: the holdout fraction must be in (0, 1)");
        size_t k = (size_t)ceil(h->fraction * (double)n);
        if (k == 0 || k >= n) return ec_error_set(err, EC_EDATA, "backtest: holding out %zu of %zu points leaves nothing to fit or to test", k, n);
        double *s = malloc(sizeof(double) * n);
        if (!s) return ec_error_set(err, EC_ENOMEM, "out of memory");
        memcpy(s, v, sizeof(double) * n);
        qsort(s, n, sizeof(double), cmp_double);
        res->threshold = s[n - k - 1]; /* held out: strictly above the largest training value */
        free(s);
    } else {
        res->threshold = h->above;
    }
    unsigned char *train = malloc(n);
    if (!train) return ec_error_set(err, EC_ENOMEM, "out of memory");
    for (size_t i = 0; i < n; i++) {
        train[i] = !(v[i] > res->threshold);
        res->n_train += train[i];
    }
    res->n_test = n - res->n_train;
    if (res->n_test == 0) {
        free(train);
        return ec_error_set(err, EC_EDATA, "backtest: no point has %s above %g; lower --holdout-above", ec_role_name(by),
                            res->threshold);
    }
    ec_dataset *tr = ec_dataset_select(ds, train, err);
    if (!tr) {
        free(train);
        return EC_ENOMEM;
    }
    int rc = ec_nlfit(tr, opt, &res->fit, err);
    ec_dataset_free(tr);
    if (rc == EC_EDATA && err) {
        /* Name the split, which is what the user controls. */
        char msg[sizeof err->message];
        snprintf(msg, sizeof msg, "%s", err->message);
        ec_error_set(err, EC_EDATA,
                     "backtest: the training split (%zu points with %s <= %g) is too small or degenerate: %.700s; "
                     "raise --holdout-above or lower --holdout-fraction",
                     res->n_train, ec_role_name(by), res->threshold, msg);
    }
    if (rc) {
        free(train);
        return rc;
    }
    res->by_value = malloc(sizeof(double) * res->n_test);
    res->y = malloc(sizeof(double) * res->n_test);
    res->y_hat = malloc(sizeof(double) * res->n_test);
    res->line = malloc(sizeof(size_t) * res->n_test);
    if (!res->by_value || !res->y || !res->y_hat || !res->line) {
        free(train);
        ec_backtest_clear(res);
        return ec_error_set(err, EC_ENOMEM, "out of memory");
    }
    const double *ycol = ds->col[f->y_role] ? ds->col[f->y_role] : (f->y_role == EC_ROLE_Y ? ds->col[EC_ROLE_L] : NULL);
    size_t t = 0, nlog = 0;
    double sl = 0, sl2 = 0, sae = 0, sape = 0;
    for (size_t i = 0; i < n; i++) {
        if (train[i]) continue;
        double x[EC_FORM_MAX_VARS];
        for (int k = 0; k < f->n_vars; k++) {
            ec_role r = f->var_roles[k];
            const double *c = ds->col[r] ? ds->col[r] : (r == EC_ROLE_X ? ds->col[EC_ROLE_C] : NULL);
            x[k] = c[i];
        }
        double yh = ec_nlfit_predict(&res->fit, x);
        res->by_value[t] = v[i];
        res->y[t] = ycol[i];
        res->y_hat[t] = yh;
        res->line[t] = ds->line ? ds->line[i] : i + 1;
        if (yh > 0 && ycol[i] > 0) {
            double lr = log(yh / ycol[i]);
            sl += lr;
            sl2 += lr * lr;
            nlog++;
        }
        sae += fabs(yh - ycol[i]);
        sape += fabs(yh - ycol[i]) / fabs(ycol[i]);
        t++;
    }
    free(train);
    res->rmsle = nlog == res->n_test ? sqrt(sl2 / (double)nlog) : NAN;
    res->mean_log_ratio = nlog == res->n_test ? sl / (double)nlog : NAN;
    res->mae = sae / (double)res->n_test;
    res->mape = sape / (double)res->n_test;
    return EC_OK;
}
