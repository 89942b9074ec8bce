/* ec_trend.c — growth over time and algorithmic progress (see ec_trend.h). */
#include "ec_trend.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ec_fitcheck.h"
#include "ec_interval.h"

void ec_trend_clear(ec_trend_result *res)
{
    if (!res) return;
    ec_boot_free(res->boot);
    memset(res, 0, sizeof *res);
}

/* 1 when the n >= 2 values of y are all the same (NULL: 0). */
static int constant_column(const double *y, size_t n)
{
    if (!y || n < 2) return 0;
    for (size_t i = 1; i < n; i++)
        if (y[i] != y[0]) return 0;
    return 1;
}

int ec_trend(const ec_dataset *ds, const ec_fit_options *opt_in, int algorithmic, ec_trend_result *res, ec_error *err)
{
    memset(res, 0, sizeof *res);
    res->algorithmic = algorithmic != 0;
    ec_fit_options opt = *opt_in;
    snprintf(opt.form, sizeof opt.form, "%s", algorithmic ? "effective-compute-time" : "loglinear-time");
    if (opt.bootstrap == 1) return ec_error_set(err, EC_EINVAL, "trend: --bootstrap needs at least 2 replicates");
    int rc = ec_nlfit(ds, &opt, &res->fit, err);
    if (rc == EC_OK) rc = ec_fitcheck_options(opt_in, &res->fit, &opt, err) ? EC_EINVAL : EC_OK; /* widened bounds */
    snprintf(opt.form, sizeof opt.form, "%s", algorithmic ? "effective-compute-time" : "loglinear-time");
    if (rc == EC_OK && opt.bootstrap > 1) rc = ec_nlfit_bootstrap(ds, &opt, &res->fit, &res->boot, err);
    if (rc) {
        ec_trend_clear(res);
        return rc;
    }
    ec_nlfit_result *fr = &res->fit;
    int gi = ec_form_param_index(fr->form, "g");
    /* Every y the same (a flat series): the exact least-squares fit is g = 0, c = log10 y with zero residuals;
     * report that rather than the solver's rounding residue (g ~ 1e-13, of either sign). */
    int ci_c = ec_form_param_index(fr->form, "c");
    res->y_constant = !algorithmic && ci_c >= 0 && !fr->fixed[gi] && !fr->fixed[ci_c] &&
                      constant_column(ds->col[EC_ROLE_Y], ds->n);
    if (res->y_constant) {
        fr->params[gi] = 0.0;
        fr->params[ci_c] = log10(ds->col[EC_ROLE_Y][0]);
        for (int j = 0; j < fr->n_params; j++) {
            fr->cov[gi * EC_MAXP + j] = fr->cov[j * EC_MAXP + gi] = 0.0;
            fr->cov[ci_c * EC_MAXP + j] = fr->cov[j * EC_MAXP + ci_c] = 0.0;
        }
        fr->se[gi] = fr->se[ci_c] = 0.0;
        fr->r2 = NAN; /* undefined: y does not vary */
    }
    res->g = fr->params[gi];
    res->se = fr->se_available ? fr->se[gi] : NAN;
    if (res->y_constant) {
        res->g_ci[0] = res->g_ci[1] = 0.0; /* every resample of a constant series is constant */
    } else if (res->boot) {
        res->g_ci[0] = res->boot->ci_lo[gi];
        res->g_ci[1] = res->boot->ci_hi[gi];
    } else {
        double z = ec_interval_z(EC_INTERVAL_LEVEL);
        res->g_ci[0] = res->g - z * res->se;
        res->g_ci[1] = res->g + z * res->se;
    }
    res->growth = pow(10.0, res->g);
    res->growth_ci[0] = pow(10.0, res->g_ci[0]);
    res->growth_ci[1] = pow(10.0, res->g_ci[1]);
    ec_doubling_time(res->g, res->g_ci, &res->dt);
    res->trend = res->dt.significant > 0 ? "growth" : res->dt.significant < 0 ? "decline" : "not significant";
    if (res->y_constant) res->trend = "none";
    if (isnan(res->g_ci[0]) || isnan(res->g_ci[1])) res->trend = NULL;
    res->interval_method = res->y_constant ? "exact (y is constant)"
                           : res->boot     ? "bootstrap percentile"
                                           : "asymptotic (normal, delta method)";
    return EC_OK;
}
