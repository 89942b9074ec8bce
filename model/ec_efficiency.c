/* ec_efficiency.c — compute-optimal allocation and reference-compute
 * inversion (see ec_efficiency.h for the formulas and references). */
#include "ec_efficiency.h"

#include <gsl/gsl_errno.h>
#include <gsl/gsl_roots.h>
#include <math.h>
#include <string.h>

ec_chin_law ec_chin_law_from(const double *p)
{
    ec_chin_law c = {p[0], p[1], p[2], p[3], p[4]};
    return c;
}

int ec_chin_law_check(const ec_chin_law *c, ec_error *err)
{
    const char *names[5] = {"E", "A", "B", "alpha", "beta"};
    const double v[5] = {c->E, c->A, c->B, c->alpha, c->beta};
    for (int k = 0; k < 5; k++) {
        if (!isfinite(v[k]))
            return ec_error_set(err, EC_EINVAL, "chinchilla law: %s = %g is not a finite number", names[k], v[k]);
        if (k == 0 ? v[k] < 0 : !(v[k] > 0))
            return ec_error_set(err, EC_EINVAL,
                                "chinchilla law: %s = %g must be %s for a loss that falls with N and D towards E",
                                names[k], v[k], k == 0 ? "zero or more" : "positive");
    }
    return EC_OK;
}

double ec_chin_law_loss(const ec_chin_law *c, double N, double D)
{
    return c->E + c->A / pow(N, c->alpha) + c->B / pow(D, c->beta);
}

static double G_of(const ec_chin_law *c)
{
    return pow(c->alpha * c->A / (c->beta * c->B), 1.0 / (c->alpha + c->beta));
}

void ec_optimal_allocation(const ec_chin_law *c, double C, double *N, double *D)
{
    double G = G_of(c), s = c->alpha + c->beta;
    *N = G * pow(C / 6.0, c->beta / s);
    *D = pow(C / 6.0, c->alpha / s) / G;
}

double ec_optimal_compute_for_size(const ec_chin_law *c, double N)
{
    return 6.0 * pow(N / G_of(c), (c->alpha + c->beta) / c->beta);
}

double ec_reference_curve(const ec_form *f, const double *p, double C)
{
    if (strcmp(f->name, "chinchilla") == 0) {
        ec_chin_law c = ec_chin_law_from(p);
        double N, D;
        ec_optimal_allocation(&c, C, &N, &D);
        return ec_chin_law_loss(&c, N, D);
    }
    if (f->n_vars == 1 && f->var_roles[0] == EC_ROLE_X && strcmp(f->name, "loglinear-time") != 0 &&
        strcmp(f->name, "exp-error") != 0)
        return f->eval(p, &C, NULL);
    return NAN;
}

typedef struct curve_arg {
    const ec_form *f;
    const double *p;
    double target;
} curve_arg;

static double curve_minus_target(double u, void *arg)
{
    const curve_arg *a = arg;
    return ec_reference_curve(a->f, a->p, pow(10.0, u)) - a->target;
}

int ec_reference_compute(const ec_form *f, const double *p, double target, double *C, ec_error *err)
{
    ec_reach reach;
    return ec_reference_compute_reach(f, p, target, C, &reach, err);
}

int ec_reference_compute_reach(const ec_form *f, const double *p, double target, double *C, ec_reach *reach,
                               ec_error *err)
{
    ec_gsl_quiet();
    *C = NAN;
    *reach = EC_REACH_FAILED;
    if (strcmp(f->name, "chinchilla") == 0) {
        ec_chin_law c = ec_chin_law_from(p);
        int rc = ec_chin_law_check(&c, err);
        if (rc) return rc;
    }
    if (!isfinite(ec_reference_curve(f, p, 1e20)))
        return ec_error_set(err, EC_EINVAL,
                            "the %s form is not a reference curve in compute: use chinchilla (loss at the compute-optimal "
                            "allocation) or a one-variable law of compute (power, saturating-power, sigmoid-logc, bnsl)",
                            f->name);
    /* Scan log10 C over a wide range for a sign change. */
    curve_arg a = {f, p, target};
    const double lo = 0.0, hi = 45.0, step = 0.5;
    double u0 = lo, g0 = curve_minus_target(lo, &a), gmin = g0, gmax = g0;
    /* The curve's first and last finite values (at the smallest and largest compute) give its direction. */
    double first = g0, last = g0;
    for (double u = lo + step; u <= hi + 1e-9; u += step) {
        double g = curve_minus_target(u, &a);
        if (!isfinite(g)) continue;
        if (!isfinite(first)) first = g;
        last = g;
        gmin = fmin(gmin, g);
        gmax = fmax(gmax, g);
        if (isfinite(g0) && ((g0 <= 0 && g >= 0) || (g0 >= 0 && g <= 0))) {
            gsl_function F = {curve_minus_target, &a};
            gsl_root_fsolver *s = gsl_root_fsolver_alloc(gsl_root_fsolver_brent);
            if (!s) return ec_error_set(err, EC_ENOMEM, "out of memory");
            double x_lo = u0, x_hi = u;
            if (g0 == 0) {
                x_hi = x_lo;
            } else if (g == 0) {
                x_lo = x_hi;
            }
            double root = 0.5 * (x_lo + x_hi);
            if (x_lo < x_hi && gsl_root_fsolver_set(s, &F, x_lo, x_hi) == GSL_SUCCESS) {
                for (int it = 0; it < 200; it++) {
                    if (gsl_root_fsolver_iterate(s) != GSL_SUCCESS) break;
                    root = gsl_root_fsolver_root(s);
                    x_lo = gsl_root_fsolver_x_lower(s);
                    x_hi = gsl_root_fsolver_x_upper(s);
                    if (gsl_root_test_interval(x_lo, x_hi, 0, 1e-13) == GSL_SUCCESS) break;
                }
            }
            gsl_root_fsolver_free(s);
            *C = pow(10.0, root);
            *reach = EC_REACH_OK;
            return EC_OK;
        }
        u0 = u;
        g0 = g;
    }
    /* Not reached between 1 and 1e45 FLOP: on which side? (Values below are of the curve, not minus the target.) */
    double v_small = first + target, v_large = last + target, vmin = gmin + target, vmax = gmax + target;
    int chin = strcmp(f->name, "chinchilla") == 0;
    if (!isfinite(first) || !isfinite(last) || first == last)
        return ec_error_set(err, EC_EINVAL, "the %s law has no usable values between 1 and 1e45 FLOP (%s)", f->name,
                            isfinite(first) ? "it is constant" : "they are not finite");
    int decreasing = v_large < v_small;
    /* The side the curve tends to as compute grows: below the minimum of a falling curve, above the maximum of a rising one. */
    if (decreasing ? target < vmin : target > vmax) {
        *reach = EC_REACH_UNBOUNDED;
        if (chin)
            return ec_error_set(err, EC_EINVAL,
                                "the chinchilla law never reaches %g between 1 and 1e45 FLOP (it ranges over [%g, %g] "
                                "there; %s)",
                                target, vmin, vmax,
                                target <= p[0] ? "a loss target must be above E"
                                               : "the target is above E but needs more than 1e45 FLOP");
        return ec_error_set(err, EC_EINVAL,
                            "the %s law never reaches %g between 1 and 1e45 FLOP (it ranges over [%g, %g] there, "
                            "tending to %g as compute grows: the target is at or beyond its asymptote, or needs more "
                            "than 1e45 FLOP)",
                            f->name, target, vmin, vmax, v_large);
    }
    *reach = EC_REACH_BELOW;
    if (chin)
        return ec_error_set(err, EC_EINVAL,
                            "a loss of %g is above the chinchilla law's largest loss in the range searched, %g at 1 FLOP "
                            "(the smallest compute considered): every compute-optimal run of 1 FLOP or more has a "
                            "lower loss; give a loss target between E = %g and %g",
                            target, v_small, p[0], v_small);
    return ec_error_set(err, EC_EINVAL,
                        "the %s law is already %s %g at 1 FLOP, the smallest compute considered (its value there is %g, "
                        "its %s over 1 to 1e45 FLOP): the target is %s the curve's whole range; give a target between %g "
                        "and %g",
                        f->name, decreasing ? "below" : "above", target, v_small, decreasing ? "maximum" : "minimum",
                        decreasing ? "above" : "below", vmin, vmax);
}

void ec_doubling_time(double g, const double g_ci[2], ec_doubling *out)
{
    const double k = 12.0 * log10(2.0);
    double lo = g_ci[0], hi = g_ci[1];
    out->sign = g > 0 ? 1 : g < 0 ? -1 : 0;
    out->months = g != 0 ? k / fabs(g) : INFINITY;
    if (isnan(g)) out->months = NAN;
    out->doubling_ci[0] = out->doubling_ci[1] = out->halving_ci[0] = out->halving_ci[1] = NAN;
    out->significant = 0;
    if (isnan(lo) || isnan(hi)) return;
    out->significant = lo > 0 ? 1 : hi < 0 ? -1 : 0;
    if (hi > 0) {
        out->doubling_ci[0] = k / hi;
        out->doubling_ci[1] = lo > 0 ? k / lo : INFINITY;
    }
    if (lo < 0) {
        out->halving_ci[0] = k / -lo;
        out->halving_ci[1] = hi < 0 ? k / -hi : INFINITY;
    }
}

int ec_allocation_efficiency(const ec_chin_law *c, double N, double D, double *efficiency, double *ref_compute,
                             ec_error *err)
{
    const ec_form *chin = ec_form_find("chinchilla");
    double p[5] = {c->E, c->A, c->B, c->alpha, c->beta};
    double L = ec_chin_law_loss(c, N, D);
    int rc = ec_reference_compute(chin, p, L, ref_compute, err);
    if (rc) return rc;
    *efficiency = *ref_compute / (6.0 * N * D);
    return EC_OK;
}
