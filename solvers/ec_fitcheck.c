/*
 * ec_fitcheck.c — statuses that never call a degenerate fit converged (see
 * ec_fitcheck.h).
 *
 * A least-squares or Huber solver stops when its step or its decrease is
 * small; it cannot tell that the minimum it found says nothing. Three cases
 * are common in scaling-law data and easy to test after the fact:
 *
 *   - no spread in the target: a constant loss "fits" any law whose
 *     prediction is constant (E = L, A or alpha at 0, or Nc at infinity),
 *     and the residuals are rounding noise, so R^2 = 1 − RSS/SST divides
 *     noise by noise (0.87 on one file, −1e26 on another);
 *   - inputs on one line: with one compute budget, log N + log D = const,
 *     and N's term and D's term are told apart only by the curvature the
 *     form assumes — the design matrix of the two variables has rank one
 *     (Belsley, Kuh & Welsch 1980 call this exact collinearity);
 *   - a parameter that runs away: the optimum is at infinity (kaplan-nd's
 *     Nc on a constant loss reached 1.8e308) or on a bound chosen for
 *     convenience (an exponent's 5), which then decides the fit.
 *
 * Convenience bounds are handled as optimisers with box constraints
 * recommend (e.g. lmfit's advice to check parameters "stuck" at bounds):
 * widen and refit, and say so; a parameter still pushing against a bound
 * three times as wide is reported at infinity. Bounds of the form's domain
 * (0 for a scale, a floor or a rate that must not change sign) are not
 * widened: a fit on one ends "at default bound" and the user decides (a
 * --bound of their own accepts it).
 */
#include "ec_fitcheck.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define WIDEN_ROUNDS 3
#define HUGE_PARAM 1e150
#define COLLINEAR_TOL 1e-8
#define CONSTANT_RTOL 1e-12
#define WIDENED_NOTE "; default bounds widened: "

static const char *const kind_names[] = {"", "not identifiable", "collinear inputs", "parameter at infinity",
                                         "at default bound"};

const char *ec_fitcheck_name(ec_fitcheck_kind kind)
{
    return (unsigned)kind < sizeof kind_names / sizeof kind_names[0] ? kind_names[kind] : "";
}

ec_fitcheck_kind ec_fitcheck_kind_of(const char *status)
{
    if (!status) return EC_FITCHECK_OK;
    for (int k = 1; k < (int)(sizeof kind_names / sizeof kind_names[0]); k++) {
        size_t len = strlen(kind_names[k]);
        if (strncmp(status, kind_names[k], len) == 0 && status[len] == ':') return (ec_fitcheck_kind)k;
    }
    return EC_FITCHECK_OK;
}

/* The column of a role, with the fitter's fallbacks (x <- C, y <- L). */
static const double *column(const ec_dataset *ds, ec_role r)
{
    if (ds->col[r]) return ds->col[r];
    if (r == EC_ROLE_X) return ds->col[EC_ROLE_C];
    if (r == EC_ROLE_Y) return ds->col[EC_ROLE_L];
    return NULL;
}

/* Sets "NAME: reason (solver: previous status)", and marks the fit as not what was asked. */
static void set_status(ec_nlfit_result *res, ec_fitcheck_kind kind, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void set_status(ec_nlfit_result *res, ec_fitcheck_kind kind, const char *fmt, ...)
{
    char reason[200], solver[sizeof res->status];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(reason, sizeof reason, fmt, ap);
    va_end(ap);
    snprintf(solver, sizeof solver, "%s", res->status);
    char *w = strstr(solver, WIDENED_NOTE);
    if (w) *w = '\0';
    snprintf(res->status, sizeof res->status, "%s: %.150s (solver: %.60s)", ec_fitcheck_name(kind), reason, solver);
    res->converged = 0;
}

/* 1 when every y is the same to CONSTANT_RTOL (the value in *v). */
static int constant_target(const double *y, size_t n, double *v)
{
    *v = n ? y[0] : NAN;
    for (size_t i = 1; i < n; i++)
        if (fabs(y[i] - y[0]) > CONSTANT_RTOL * fabs(y[0])) return 0;
    return n > 0;
}

/* Pearson correlation of u and v (logs when every value is positive), two-pass; NAN without spread. */
static double correlation(const double *a, const double *b, size_t n)
{
    int la = 1, lb = 1;
    for (size_t i = 0; i < n; i++) {
        la &= a[i] > 0;
        lb &= b[i] > 0;
    }
    double ma = 0, mb = 0;
    for (size_t i = 0; i < n; i++) {
        ma += la ? log(a[i]) : a[i];
        mb += lb ? log(b[i]) : b[i];
    }
    ma /= (double)n;
    mb /= (double)n;
    double saa = 0, sbb = 0, sab = 0;
    for (size_t i = 0; i < n; i++) {
        double da = (la ? log(a[i]) : a[i]) - ma, db = (lb ? log(b[i]) : b[i]) - mb;
        saa += da * da;
        sbb += db * db;
        sab += da * db;
    }
    return saa > 0 && sbb > 0 ? sab / sqrt(saa * sbb) : NAN;
}

/* 1 when the user's --bound list names parameter `name`. */
static int user_bound(const char *list, const char *name)
{
    size_t len = strlen(name);
    for (const char *p = list; p && *p;) {
        while (*p == ' ' || *p == ',') p++;
        const char *q = p;
        while (*q == ' ') q++;
        if (strncmp(q, name, len) == 0) {
            const char *r = q + len;
            while (*r == ' ') r++;
            if (*r == '=') return 1;
        }
        p = strchr(p, ',');
    }
    return 0;
}

static int is_free(const ec_nlfit_result *res, int j)
{
    return !res->fixed[j] && res->tied[j] < 0;
}

/* Which side of [lo, hi] the estimate v sits on (the fitter's at_bound test): -1 lower, 1 upper, 0 neither. */
static int side(double v, double lo, double hi)
{
    double tol = 1e-5 * fmax(1.0, fabs(v));
    if (!isinf(lo) && v - lo <= tol) return -1;
    if (!isinf(hi) && hi - v <= tol) return 1;
    return 0;
}

/* Appends "name=lo:hi" (an infinite side empty) to list. Returns 0, or -1 when it does not fit. */
static int append_bound(char *list, size_t size, const char *name, double lo, double hi)
{
    size_t used = strlen(list);
    char l[32] = "", h[32] = "";
    if (!isinf(lo)) snprintf(l, sizeof l, "%.17g", lo);
    if (!isinf(hi)) snprintf(h, sizeof h, "%.17g", hi);
    int w = snprintf(list + used, size - used, "%s%s=%s:%s", used ? "," : "", name, l, h);
    return w < 0 || (size_t)w >= size - used ? -1 : 0;
}

int ec_fitcheck_options(const ec_fit_options *opt, const ec_nlfit_result *res, ec_fit_options *out, ec_error *err)
{
    *out = *opt;
    if (!res->widened[0]) return EC_OK;
    size_t used = strlen(out->bound);
    int w = snprintf(out->bound + used, sizeof out->bound - used, "%s%s", used ? "," : "", res->widened);
    if (w < 0 || (size_t)w >= sizeof out->bound - used)
        return ec_error_set(err, EC_EINVAL, "--bound: the list with the widened default bounds (%s) is too long",
                            res->widened);
    return EC_OK;
}

/*
 * Widens the default bounds the estimate sits on and refits, up to WIDEN_ROUNDS times (see the top of the
 * file). Sets the status and returns the kind, or a negative code (out of memory in a refit).
 */
static int widen_bounds(const ec_dataset *ds, const ec_fit_options *opt, ec_nlfit_result *res,
                        ec_fitcheck_refit_fn refit, ec_error *err)
{
    const ec_form *f = res->form;
    double lo[EC_MAXP], hi[EC_MAXP], first[EC_MAXP];
    unsigned char widened[EC_MAXP] = {0};
    for (int j = 0; j < f->n_params; j++) {
        lo[j] = f->lower[j];
        hi[j] = f->upper[j];
        first[j] = NAN;
    }
    for (int round = 0;; round++) {
        int domain = -1, wide = 0;
        double nlo[EC_MAXP], nhi[EC_MAXP];
        for (int j = 0; j < f->n_params; j++) {
            nlo[j] = lo[j];
            nhi[j] = hi[j];
            if (!is_free(res, j) || user_bound(opt->bound, f->param_names[j])) continue;
            int s = side(res->params[j], lo[j], hi[j]);
            if (!s) continue;
            double b = s < 0 ? lo[j] : hi[j];
            if (b == 0.0) {
                if (domain < 0) domain = j;
                continue;
            }
            if (isnan(first[j])) first[j] = b;
            double span = !isinf(lo[j]) && !isinf(hi[j]) ? hi[j] - lo[j] : fmax(1.0, fabs(b));
            if (s > 0) nhi[j] = hi[j] + 2.0 * span;
            else nlo[j] = lo[j] > 0 ? lo[j] / 1000.0 : lo[j] - 2.0 * span;
            wide++;
        }
        if (wide && round == WIDEN_ROUNDS) {
            /* Still pushing after WIDEN_ROUNDS widenings: at infinity; a bound reached only now is reported as such. */
            int jn = -1;
            for (int j = 0; j < f->n_params; j++)
                if (nlo[j] != lo[j] || nhi[j] != hi[j]) {
                    if (!widened[j]) {
                        if (jn < 0) jn = j;
                        continue;
                    }
                    set_status(res, EC_FITCHECK_AT_INFINITY,
                               "%s = %.6g is on its bound after widening the default %.6g %d times; fix it or give "
                               "--bound",
                               f->param_names[j], res->params[j], first[j], WIDEN_ROUNDS);
                    res->se_available = 0;
                    return EC_FITCHECK_AT_INFINITY;
                }
            set_status(res, EC_FITCHECK_AT_BOUND, "%s = %.6g is on its default bound %.6g; give --bound %s=LO:HI or fix it",
                       f->param_names[jn], res->params[jn], first[jn], f->param_names[jn]);
            return EC_FITCHECK_AT_BOUND;
        }
        if (!wide) {
            if (domain < 0) return EC_FITCHECK_OK;
            int s = side(res->params[domain], lo[domain], hi[domain]);
            set_status(res, EC_FITCHECK_AT_BOUND,
                       "%s = %.6g is on its %s bound 0; accept it with --bound %s=%s or fix %s", f->param_names[domain],
                       res->params[domain], s < 0 ? "lower" : "upper", f->param_names[domain],
                       s < 0 ? "0:" : ":0", f->param_names[domain]);
            return EC_FITCHECK_AT_BOUND;
        }
        /* Refit with every bound the fit has widened so far. */
        ec_fit_options o = *opt;
        char list[sizeof res->widened] = "";
        int fits = 1;
        for (int j = 0; j < f->n_params && fits; j++)
            if (widened[j] || nlo[j] != lo[j] || nhi[j] != hi[j])
                fits = append_bound(list, sizeof list, f->param_names[j], nlo[j], nhi[j]) == 0;
        size_t used = strlen(o.bound);
        if (fits) fits = (size_t)snprintf(o.bound + used, sizeof o.bound - used, "%s%s", used ? "," : "", list) <
                         sizeof o.bound - used;
        /* From the optimum found, now inside the wider box: one start, which can only go downhill. */
        snprintf(o.starts, sizeof o.starts, "single");
        o.start[0] = '\0';
        for (int j = 0, used2 = 0; j < f->n_params && fits; j++)
            if (is_free(res, j)) {
                int w = snprintf(o.start + used2, sizeof o.start - (size_t)used2, "%s%s=%.17g", used2 ? "," : "",
                                 f->param_names[j], res->params[j]);
                fits = w > 0 && (size_t)w < sizeof o.start - (size_t)used2;
                used2 += fits ? w : 0;
            }
        ec_nlfit_result r2;
        memset(&r2, 0, sizeof r2);
        ec_error e2;
        int rc = fits ? refit(ds, &o, &r2, &e2) : EC_EINVAL;
        if (rc == EC_ENOMEM) return ec_error_set(err, rc, "%s", e2.message);
        if (rc || !(r2.objective <= res->objective * (1 + 1e-12) + 1e-300)) {
            /* No better fit inside wider bounds: the fit stands, on its bound (at infinity when widened before). */
            for (int j = 0; j < f->n_params; j++)
                if (nlo[j] != lo[j] || nhi[j] != hi[j]) {
                    int s = side(res->params[j], lo[j], hi[j]);
                    if (widened[j]) {
                        set_status(res, EC_FITCHECK_AT_INFINITY,
                                   "%s = %.6g follows its bound, widened from the default %.6g, and wider bounds fit "
                                   "no better; fix it or give --bound",
                                   f->param_names[j], res->params[j], first[j]);
                        res->se_available = 0;
                        return EC_FITCHECK_AT_INFINITY;
                    }
                    set_status(res, EC_FITCHECK_AT_BOUND,
                               "%s = %.6g is on its default %s bound %.6g (widening it gave no better fit); give "
                               "--bound %s=LO:HI or fix it",
                               f->param_names[j], res->params[j], s < 0 ? "lower" : "upper", s < 0 ? lo[j] : hi[j],
                               f->param_names[j]);
                    return EC_FITCHECK_AT_BOUND;
                }
        }
        /* The search that found the optimum is the first fit's: keep its counts, add the refit's evaluations. */
        r2.starts_total = res->starts_total;
        r2.starts_converged = res->starts_converged;
        r2.starts_at_best = res->starts_at_best;
        r2.evaluations += res->evaluations;
        r2.approach_points = res->approach_points;
        r2.approach_evaluations = res->approach_evaluations;
        r2.approach_retried = res->approach_retried;
        r2.starts_run_on = res->starts_run_on;
        r2.starts_stopped = res->starts_stopped;
        *res = r2;
        for (int j = 0; j < f->n_params; j++) {
            widened[j] |= nlo[j] != lo[j] || nhi[j] != hi[j];
            lo[j] = nlo[j];
            hi[j] = nhi[j];
        }
        snprintf(res->widened, sizeof res->widened, "%s", list);
        char st[sizeof res->status];
        snprintf(st, sizeof st, "%s", res->status);
        snprintf(res->status, sizeof res->status, "%.120s" WIDENED_NOTE "%s", st, list);
    }
}

/*
 * 1 when a constant target still has one best fit: the forms whose log prediction is linear in their
 * parameters (log y = log A − α log x; log10 y = c + g (x − y0)) fit it exactly with a zero slope. Every
 * other form reaches a constant along a curve of parameters (A → 0, α → 0, E = y, Nc → ∞, lo = hi, ...).
 */
static int constant_identifiable(const ec_form *f)
{
    return strcmp(f->name, "power") == 0 || strcmp(f->name, "loglinear-time") == 0;
}

int ec_fitcheck(const ec_dataset *ds, const ec_fit_options *opt, ec_nlfit_result *res, ec_fitcheck_refit_fn refit,
                ec_error *err)
{
    const ec_form *f = res->form;
    const double *y = column(ds, f->y_role);
    double v;
    if (y && !constant_identifiable(f) && constant_target(y, ds->n, &v)) {
        set_status(res, EC_FITCHECK_NOT_IDENTIFIABLE,
                   "%s = %.6g at every point; a constant cannot identify the %s form's parameters",
                   ec_role_name(ds->col[f->y_role] ? f->y_role : EC_ROLE_L), v, f->name);
        res->r2 = NAN;
        res->se_available = 0;
        return EC_FITCHECK_NOT_IDENTIFIABLE;
    }
    if (f->n_vars == 2) {
        const double *a = column(ds, f->var_roles[0]), *b = column(ds, f->var_roles[1]);
        double r = a && b ? correlation(a, b, ds->n) : NAN;
        if (fabs(r) >= 1.0 - COLLINEAR_TOL) {
            const char *na = ec_role_name(f->var_roles[0]), *nb = ec_role_name(f->var_roles[1]);
            set_status(res, EC_FITCHECK_COLLINEAR,
                       "%s and %s lie on one line (correlation %.11f), so the %s and %s terms cannot be told apart; "
                       "add points off that line",
                       na, nb, r, na, nb);
            return EC_FITCHECK_COLLINEAR;
        }
    }
    int kind = widen_bounds(ds, opt, res, refit, err);
    if (kind) return kind;
    for (int j = 0; j < f->n_params; j++)
        if (is_free(res, j) && !(fabs(res->params[j]) <= HUGE_PARAM)) {
            set_status(res, EC_FITCHECK_AT_INFINITY,
                       "%s = %.6g ran off towards infinity; the data do not determine it (fix it or give --bound)",
                       f->param_names[j], res->params[j]);
            res->se_available = 0;
            return EC_FITCHECK_AT_INFINITY;
        }
    return EC_FITCHECK_OK;
}
