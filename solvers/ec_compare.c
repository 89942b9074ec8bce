/* ec_compare.c — forms ranked on the same data (see ec_compare.h). */
#include "ec_compare.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void ec_compare_clear(ec_compare_result *res)
{
    if (!res) return;
    for (size_t r = 0; r < res->n; r++) ec_backtest_clear(&res->rows[r].bt);
    memset(res, 0, sizeof *res);
}

static int cmp_aic(const void *a, const void *b)
{
    const ec_compare_row *x = a, *y = b;
    if (x->failed != y->failed) return x->failed - y->failed;
    return (x->fit.aic > y->fit.aic) - (x->fit.aic < y->fit.aic);
}

int ec_compare(const ec_dataset *ds, const ec_fit_options *opt, const ec_form *const *forms, size_t n,
               const ec_holdout *h, ec_compare_result *res, ec_error *err)
{
    memset(res, 0, sizeof *res);
    if (n == 0) return ec_error_set(err, EC_EINVAL, "compare: --forms needs at least one form (e.g. 'chinchilla,kaplan-nd')");
    if (n > EC_COMPARE_MAX_FORMS) return ec_error_set(err, EC_EINVAL, "compare: at most %d forms", EC_COMPARE_MAX_FORMS);
    res->n = n;
    res->with_backtest = h != NULL;
    res->holdout_fraction = h && h->fraction > 0;
    for (size_t r = 0; r < n; r++) {
        ec_compare_row *row = &res->rows[r];
        row->form = forms[r];
        ec_fit_options o = *opt;
        snprintf(o.form, sizeof o.form, "%s", forms[r]->name);
        ec_error e;
        if (ec_nlfit(ds, &o, &row->fit, &e) != EC_OK) {
            row->failed = 1;
            snprintf(row->error, sizeof row->error, "%s", e.message);
            continue;
        }
        if (h) {
            if (ec_backtest(ds, &o, h, &row->bt, &e) == EC_OK) row->have_bt = 1;
            else
                snprintf(row->error, sizeof row->error, "%s%s", strncmp(e.message, "backtest", 8) == 0 ? "" : "backtest: ",
                         e.message);
        }
    }
    size_t fitted = 0, tested = 0;
    for (size_t r = 0; r < n; r++) {
        fitted += !res->rows[r].failed;
        tested += (size_t)res->rows[r].have_bt;
    }
    if (!fitted || (h && !tested))
        return ec_error_set(err, EC_EDATA, "compare: %s, so there is nothing to compare; nothing written",
                            !fitted ? "no form could be fitted to these points" : "no form could be backtested");
    qsort(res->rows, n, sizeof res->rows[0], cmp_aic);
    res->best_aic = res->rows[0].failed ? NAN : res->rows[0].fit.aic;
    return EC_OK;
}
