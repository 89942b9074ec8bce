/**
 * ec_fitcheck.h — what a fit that "converged" may still not have found:
 * checks run on every fit of the catalogue (ec_nlfit() calls them, so every
 * command and step that fits gets them) and the statuses they set.
 *
 * A check that fails sets res->converged = 0 and a status beginning with the
 * degeneracy's name, then a colon and the reason:
 *
 *     not identifiable       the target (L or y) has no spread: every point
 *                            has the same value to rounding, and the form
 *                            reaches a constant along a curve of parameters
 *                            (all but power and loglinear-time, which fit it
 *                            exactly with a zero slope); R^2 is undefined (NAN)
 *     collinear inputs       a two-variable form whose inputs lie on one line
 *                            (|corr(log N, log D)| within 1e-8 of 1), so the
 *                            data cannot separate the two terms
 *     parameter at infinity  a free parameter is not finite or |p| > 1e150,
 *                            or still on a default bound after widening it
 *     at default bound       a free parameter on a default bound of 0 (a
 *                            bound of the form's domain, not widened) or on
 *                            a default bound whose widening did not lower
 *                            the objective
 *
 * A free parameter on any other default bound (one the user did not give
 * with --bound) is not left there silently: the bound is widened (its span
 * tripled, or a positive lower bound divided by 1000) and the fit rerun, up
 * to three times; a better fit inside the wider bounds is kept, its status
 * says which bound was widened, and res->widened holds the bounds used (a
 * --bound list), so that a bootstrap or a rerun uses the same ones. Bounds
 * the user gave are the user's: a parameter on one is flagged at_bound only.
 */
#ifndef EC_FITCHECK_H
#define EC_FITCHECK_H

#include "ec_dataset.h"
#include "ec_error.h"
#include "ec_fit.h"
#include "ec_nlfit.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum ec_fitcheck_kind {
    EC_FITCHECK_OK = 0,
    EC_FITCHECK_NOT_IDENTIFIABLE = 1,
    EC_FITCHECK_COLLINEAR = 2,
    EC_FITCHECK_AT_INFINITY = 3,
    EC_FITCHECK_AT_BOUND = 4
} ec_fitcheck_kind;

/** "not identifiable", "collinear inputs", "parameter at infinity", "at default bound"; "" for EC_FITCHECK_OK. */
const char *ec_fitcheck_name(ec_fitcheck_kind kind);

/** The degeneracy a status text names (its prefix), EC_FITCHECK_OK when none. NULL is allowed. */
ec_fitcheck_kind ec_fitcheck_kind_of(const char *status);

/** One fit of opt->form to ds, without these checks (ec_nlfit's own engine). */
typedef int (*ec_fitcheck_refit_fn)(const ec_dataset *ds, const ec_fit_options *opt, ec_nlfit_result *res,
                                    ec_error *err);

/**
 * Runs the checks on a fit `res` of `ds` with `opt` and applies them (status,
 * converged, r2, se_available, widened); `refit` reruns the fit with widened
 * bounds. Returns the kind found, or a negative ec_error code when a refit
 * failed for lack of memory (other refit errors keep the first fit).
 */
int ec_fitcheck(const ec_dataset *ds, const ec_fit_options *opt, ec_nlfit_result *res, ec_fitcheck_refit_fn refit,
                ec_error *err);

/**
 * The options a fit's bootstrap or rerun needs: *out = *opt with the bounds
 * a widening chose (res->widened) added to out->bound. EC_EINVAL when the
 * list does not fit.
 */
int ec_fitcheck_options(const ec_fit_options *opt, const ec_nlfit_result *res, ec_fit_options *out, ec_error *err);

#ifdef __cplusplus
}
#endif
#endif
