/**
 * ec_nlfit.h — fitting any form of the catalogue (ec_form.h): losses,
 * fixed parameters, bounds, multi-start, fit statistics and the bootstrap.
 *
 *     ec_fit_options opt = ec_fit_default_options();
 *     ec_option_set(ec_fit_option_table(), &opt, "form", "saturating-power", &err);
 *     ec_nlfit_result res;
 *     ec_nlfit(ds, &opt, &res, &err);
 *
 * The chinchilla form with loss huber or ls-log, no fixed parameters or
 * bounds and grid or single starts goes to the specialised fitter
 * (ec_fit.h), which this layer wraps; everything else uses the general
 * engine described at the top of ec_nlfit.c.
 */
#ifndef EC_NLFIT_H
#define EC_NLFIT_H

#include "ec_export.h"

#include "ec_dataset.h"
#include "ec_error.h"
#include "ec_fit.h"
#include "ec_form.h"

#ifdef __cplusplus
extern "C" {
#endif

#define EC_MAXP EC_FORM_MAX_PARAMS

/** Result of a fit, parameters in the form's order. */
typedef struct ec_nlfit_result {
    const ec_form *form;
    int n_params;                      /**< form->n_params */
    int n_free;                        /**< parameters actually fitted */
    double params[EC_MAXP];
    unsigned char fixed[EC_MAXP];      /**< 1 for parameters held fixed */
    int tied[EC_MAXP];                 /**< -1, or the parameter this one follows (--tie) */
    unsigned char at_bound[EC_MAXP];   /**< 1 when the estimate sits on a bound (its SE means little) */
    int se_available;
    char se_method[64];                /**< "asymptotic", "huber-asymptotic" */
    double se[EC_MAXP];                /**< 0 for fixed parameters */
    double cov[EC_MAXP * EC_MAXP];     /**< covariance of params (fixed rows/cols 0) */
    double corr[EC_MAXP * EC_MAXP];    /**< correlation (1 on the diagonal of free params) */
    double objective;                  /**< Σ w ρ(r) at the best start */
    char fit_space[8];                 /**< "log" or "linear": where residuals r live */
    size_t n_points;
    int dof;                           /**< n_points − n_free */
    double r2;                         /**< 1 − Σw r² / Σw (t − mean t)² in fit space */
    double rmse;                       /**< root mean square of ŷ − y */
    double rmse_log;                   /**< root mean square of log ŷ − log y (NAN if not positive) */
    double aic, bic;                   /**< Gaussian on fit-space residuals: n log(RSS/n) + 2k, + k log n */
    size_t n_quadratic;                /**< points with |r| ≤ δ (Huber) */
    size_t starts_total, starts_converged, starts_at_best, evaluations;
    size_t approach_evaluations, approach_points; /**< chinchilla fitter's approach phase (0 without) */
    size_t approach_retried;           /**< starts run again without the approach (did not converge with it) */
    int converged;
    char status[256];                  /**< the solver's, or a degeneracy's name and reason (ec_fitcheck.h) */
    char widened[256];                 /**< default bounds the fit widened, as a --bound list ("" = none) */
    const char *engine;                /**< "chinchilla-newton" or "general-lm" */
    int mle;                           /**< loss huber-mle: sigma and log_likelihood are set */
    double sigma;                      /**< fitted scale of the Huber density (huber-mle) */
    double log_likelihood;             /**< maximised log-likelihood (huber-mle) */
    size_t starts_run_on;              /**< general engine: unconverged starts below the best, run on */
    size_t starts_stopped;             /**< chinchilla fitter: last-resort runs stopped above the best objective */
} ec_nlfit_result;

/**
 * Fits opt->form to `ds`, then runs the checks of ec_fitcheck.h (a degenerate fit has converged = 0 and a
 * status naming the degeneracy). Errors as ec_fit_chinchilla(), plus bad fix/bound/start specifications.
 */
EC_API int ec_nlfit(const ec_dataset *ds, const ec_fit_options *opt, ec_nlfit_result *res, ec_error *err);

/**
 * Refits opt->bootstrap resamples (ec_bootstrap.h). EC_ENOCONV (fewer than 2 replicates converged) still
 * sets *out: the replicates, with the summary arrays NAN; other errors leave it untouched.
 */
EC_API int ec_nlfit_bootstrap(const ec_dataset *ds, const ec_fit_options *opt, const ec_nlfit_result *fit,
                       ec_boot **out, ec_error *err);

/** Prediction of a fitted form at one point x[form->n_vars]. */
EC_API double ec_nlfit_predict(const ec_nlfit_result *fit, const double *x);

/** 1 when the options select the specialised chinchilla fitter. */
EC_API int ec_nlfit_uses_fast_path(const ec_fit_options *opt);

#ifdef __cplusplus
}
#endif
#endif
