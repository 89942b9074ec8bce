/*
 * ec_nlfit.c — the general fitting engine for the form catalogue.
 *
 * Problem
 * -------
 * Given a form ŷ = f(x; p) and points (x_i, y_i, w_i), minimise
 *     F(p) = Σ_i w_i ρ(r_i),   r_i = t(ŷ_i) − t(y_i),
 * with t = log for the losses ls-log and huber (scaling data spans orders of
 * magnitude, and relative errors are what matter) and t = identity for ls;
 * ρ(r) = r²/2 for least squares and Huber's ρ_δ for huber (Huber 1964).
 *
 * Bounds and fixed parameters
 * ---------------------------
 * Fixed parameters are removed from the problem. Each free parameter is
 * fitted in an unconstrained coordinate q: p = q without bounds,
 * p = lo + e^q with only a lower bound, p = hi − e^q with only an upper
 * one, and p = lo + (hi − lo)/(1 + e^−q) with both (the idea of MINUIT's
 * and lmfit's bounded parameters, which use sine and square-root maps
 * instead). Estimates then never leave the box; a parameter that wants to
 * sit on a bound drifts towards it, is reported there, and is flagged
 * "at bound" (its standard error then means little).
 *
 * Local search
 * ------------
 * Levenberg–Marquardt on the iteratively-reweighted Gauss–Newton model
 *     m(s) = F + gᵀs + ½ sᵀ(Σ w_i W_i J_i J_iᵀ)s,  W_i = ψ(r_i)/r_i,
 * where J_i = ∂r_i/∂q and ψ = ρ′ (W = 1 for least squares). For Huber's ρ
 * this quadratic majorises ρ around each residual (the IRLS majoriser of
 * Huber 1981, §7.8), so the model is safe far from the optimum; damping and
 * the acceptance ratio follow Nielsen (1999), with Moré's (1978) running
 * diagonal scaling, as in the specialised chinchilla fitter (ec_fit.c), here
 * capped at D_CAP times the current diagonal.
 * Near-L1 Huber problems converge only linearly this way (at a rate near
 * 1): after every accepted step the next uses the Gauss–Newton matrix of ρ
 * itself (ψ′ weights: the residuals in the quadratic zone alone, the model of
 * scipy's trf), whose steps go much further, and goes back to IRLS's when its
 * step is rejected. The chinchilla fitter, which has the exact Hessian, is the
 * fast path for that form.
 *
 * Starts
 * ------
 * grid: the Cartesian product of the form's default values for the free
 * parameters (values on or outside a bound are moved just inside it); single: the form's start, updated
 * by opt->start; file:PATH: the rows of a CSV named by parameter; random:N: a Sobol sequence (GSL's gsl_qrng_sobol, Bratley &
 * Fox 1988) over the bounds, shifted by a random vector drawn from opt->seed
 * (Cranley–Patterson rotation), where an infinite bound is replaced by the
 * range of the form's grid, and a positive range spanning more than two
 * decades is sampled log-uniformly. Starts run in parallel; the best is the lowest
 * objective, ties to the lowest start index.
 *
 * Statistics
 * ----------
 * Covariance: s²(JᵀJ)⁻¹ with s² = Σ w r²/(n − k) for least squares; Huber's
 * asymptotic formula K²[Σψ²/(n−k)]/(Σψ′/n)² (JᵀJ)⁻¹ for huber (Huber 1981,
 * §7.6), J taken with respect to p at the optimum. R² and AIC/BIC are
 * computed from the residuals in the fit space (Gaussian likelihood up to a
 * constant: AIC = n log(RSS/n) + 2k, BIC = n log(RSS/n) + k log n), with
 * k the number of free parameters; for robust fits they are indicative.
 */
#include "ec_nlfit.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_qrng.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <limits.h>
#include <math.h>
#include <omp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ec_chinchilla.h" /* ec_vlog_each */
#include "ec_fitcheck.h"
#include "ec_interval.h"
#include "ec_rng.h"
#include "ec_table.h"

/* ---------- options → problem ---------- */

int ec_nlfit_uses_fast_path(const ec_fit_options *opt)
{
    int kind;
    size_t count;
    return strcmp(opt->form, "chinchilla") == 0 &&
           (opt->loss == EC_LOSS_HUBER || opt->loss == EC_LOSS_LS_LOG) && !opt->fix[0] &&
           !opt->bound[0] && !opt->tie[0] && ec_starts_parse(opt->starts, &kind, &count, NULL) == EC_OK &&
           kind != EC_STARTS_RANDOM && kind != EC_STARTS_FILE;
}

typedef struct problem {
    const ec_form *form;
    size_t n;
    double *x;        /* n × n_vars */
    double *lx;       /* their logs, for a form with eval_pre (ec_form.h), else NULL */
    double *y;        /* raw y */
    double *ty;       /* t(y) */
    const double *w;  /* weights or NULL */
    int logspace;
    double delta;     /* INFINITY for least squares */
    int nfree;
    int idx[EC_MAXP];       /* free parameter → form parameter */
    double p0[EC_MAXP];     /* full parameter vector: fixed values and the start */
    double lo[EC_MAXP], hi[EC_MAXP];
    unsigned char fixed[EC_MAXP];
    int tie[EC_MAXP];       /* -1, or the parameter whose value this one takes */
    int mle;                /* huber-mle: the scale s = log sigma is the last coordinate */
    int ndim;               /* coordinates the optimiser moves: nfree (+1 with mle) */
    const size_t *line;     /* source line of each point (for messages), or NULL */
    const char *path;       /* the data file, for messages */
} problem;

#define NLMAX (EC_MAXP + 1)

static void trim(char **s)
{
    while (**s == ' ') (*s)++;
    char *e = *s + strlen(*s);
    while (e > *s && e[-1] == ' ') *--e = '\0';
}

static int kv_start(problem *pb, int j, const char *value, const char *what, ec_error *err);
static int parse_number(const char *text, double *v);

/* Parses "name=value,..." for the form: calls back with the parameter index and text. */
typedef int (*kv_fn)(problem *pb, int j, const char *value, const char *what, ec_error *err);

static int parse_kv(problem *pb, const char *spec, const char *what, kv_fn fn, ec_error *err)
{
    char buf[600];
    if (!spec[0]) return EC_OK;
    if (strlen(spec) >= sizeof buf) return ec_error_set(err, EC_EINVAL, "%s: specification too long", what);
    strcpy(buf, spec);
    for (char *save = NULL, *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        char *eq = strchr(tok, '=');
        if (!eq) return ec_error_set(err, EC_EINVAL, "%s: '%s' is not name=value", what, tok);
        *eq = '\0';
        char *name = tok, *value = eq + 1;
        trim(&name);
        trim(&value);
        int j = ec_form_param_index(pb->form, name);
        char logged[64];
        if (j < 0 && strcmp(pb->form->name, "chinchilla") == 0 && fn == kv_start && strlen(name) == 1 &&
            strchr("abe", name[0])) {
            /* Chinchilla starts may be given in log space, as the specialised fitter takes them. */
            double lv;
            if (parse_number(value, &lv)) return ec_error_set(err, EC_EINVAL, "%s: value of '%s' is not a number", what, name);
            snprintf(logged, sizeof logged, "%.17g", exp(lv));
            value = logged;
            j = ec_form_param_index(pb->form, name[0] == 'a' ? "A" : name[0] == 'b' ? "B" : "E");
        }
        if (j < 0) {
            char list[200];
            size_t used = 0;
            list[0] = '\0';
            for (int k = 0; k < pb->form->n_params && used < sizeof list; k++)
                used += (size_t)snprintf(list + used, sizeof list - used, "%s%s", k ? ", " : "",
                                         pb->form->param_names[k]);
            return ec_error_set(err, EC_EINVAL, "%s: the %s form has no parameter '%s' (parameters: %s)", what,
                                pb->form->name, name, list);
        }
        int rc = fn(pb, j, value, what, err);
        if (rc) return rc;
    }
    return EC_OK;
}

static int parse_number(const char *text, double *v)
{
    char *end;
    *v = strtod(text, &end);
    return end != text && *end == '\0' && isfinite(*v) ? 0 : -1;
}

static int kv_start(problem *pb, int j, const char *value, const char *what, ec_error *err)
{
    double v;
    if (parse_number(value, &v)) return ec_error_set(err, EC_EINVAL, "%s: value of '%s' is not a number", what, pb->form->param_names[j]);
    if (pb->fixed[j] == 1)
        return ec_error_set(err, EC_EINVAL, "%s: '%s' is fixed (by --fix or by the form); change its value with --fix %s=VALUE",
                            what, pb->form->param_names[j], pb->form->param_names[j]);
    if (v < pb->lo[j] || v > pb->hi[j])
        return ec_error_set(err, EC_EINVAL,
                            "%s: %s = %g is outside its bounds [%g, %g] (the form's or --bound's); give a start "
                            "inside them, or widen them with --bound %s=LO:HI",
                            what, pb->form->param_names[j], v, pb->lo[j], pb->hi[j], pb->form->param_names[j]);
    pb->p0[j] = v;
    return EC_OK;
}

static int kv_fix(problem *pb, int j, const char *value, const char *what, ec_error *err)
{
    double v;
    if (parse_number(value, &v)) return ec_error_set(err, EC_EINVAL, "%s: value of '%s' is not a number", what, pb->form->param_names[j]);
    pb->p0[j] = v;
    pb->fixed[j] = 1;
    return EC_OK;
}

static int kv_bound(problem *pb, int j, const char *value, const char *what, ec_error *err)
{
    const char *colon = strchr(value, ':');
    if (!colon) return ec_error_set(err, EC_EINVAL, "%s: '%s=%s' needs lo:hi (either side may be empty)", what, pb->form->param_names[j], value);
    char lo[64], hi[64];
    size_t ll = (size_t)(colon - value);
    if (ll >= sizeof lo || strlen(colon + 1) >= sizeof hi) return ec_error_set(err, EC_EINVAL, "%s: bound too long", what);
    memcpy(lo, value, ll);
    lo[ll] = '\0';
    strcpy(hi, colon + 1);
    double l = -INFINITY, h = INFINITY;
    if (lo[0] && parse_number(lo, &l)) return ec_error_set(err, EC_EINVAL, "%s: lower bound of '%s' is not a number", what, pb->form->param_names[j]);
    if (hi[0] && parse_number(hi, &h)) return ec_error_set(err, EC_EINVAL, "%s: upper bound of '%s' is not a number", what, pb->form->param_names[j]);
    if (!(l < h)) return ec_error_set(err, EC_EINVAL, "%s: infeasible bounds for '%s': %g is not below %g", what, pb->form->param_names[j], l, h);
    pb->lo[j] = l;
    pb->hi[j] = h;
    return EC_OK;
}

static int kv_tie(problem *pb, int j, const char *value, const char *what, ec_error *err)
{
    int t = ec_form_param_index(pb->form, value);
    if (t < 0)
        return ec_error_set(err, EC_EINVAL, "%s: the %s form has no parameter '%s' to tie '%s' to", what, pb->form->name,
                            value, pb->form->param_names[j]);
    if (t == j) return ec_error_set(err, EC_EINVAL, "%s: '%s' cannot be tied to itself", what, value);
    pb->tie[j] = t;
    return EC_OK;
}

static void free_problem(problem *pb)
{
    free(pb->x);
    free(pb->lx);
    free(pb->y);
    free(pb->ty);
    memset(pb, 0, sizeof *pb);
}

static const char *role_label(ec_role r)
{
    return ec_role_name(r) ? ec_role_name(r) : "?";
}

/* Column for a role, with the documented fallbacks: x ← C, y ← L. */
static const double *role_column(const ec_dataset *ds, ec_role r)
{
    if (ds->col[r]) return ds->col[r];
    if (r == EC_ROLE_X) return ds->col[EC_ROLE_C];
    if (r == EC_ROLE_Y) return ds->col[EC_ROLE_L];
    return NULL;
}

static int make_problem(const ec_dataset *ds, const ec_fit_options *opt, problem *pb, ec_error *err)
{
    memset(pb, 0, sizeof *pb);
    const ec_form *f = ec_form_find(opt->form);
    if (!f) return ec_error_set(err, EC_EINVAL, "unknown form '%s' (see --list-forms)", opt->form);
    pb->form = f;
    pb->logspace = opt->loss != EC_LOSS_LS;
    pb->mle = opt->loss == EC_LOSS_HUBER_MLE;
    pb->delta = opt->loss == EC_LOSS_HUBER || pb->mle ? opt->delta : INFINITY;
    for (int j = 0; j < f->n_params; j++) {
        pb->p0[j] = f->start[j];
        pb->lo[j] = f->lower[j];
        pb->hi[j] = f->upper[j];
        pb->fixed[j] = (unsigned char)((f->fixed >> j) & 1u);
        pb->tie[j] = -1;
    }
    int rc;
    if ((rc = parse_kv(pb, opt->fix, "--fix", kv_fix, err))) return rc;
    if ((rc = parse_kv(pb, opt->bound, "--bound", kv_bound, err))) return rc;
    if ((rc = parse_kv(pb, opt->tie, "--tie", kv_tie, err))) return rc;
    for (int j = 0; j < f->n_params; j++) {
        int t = pb->tie[j];
        if (t < 0) continue;
        if (pb->tie[t] >= 0)
            return ec_error_set(err, EC_EINVAL, "--tie: '%s' is tied to '%s', which is itself tied; tie both to one parameter",
                                f->param_names[j], f->param_names[t]);
        if (pb->fixed[j])
            return ec_error_set(err, EC_EINVAL, "--tie: '%s' is also fixed; use one of --fix and --tie", f->param_names[j]);
        pb->fixed[j] = 2; /* not free: follows its target */
    }
    /* The specialised chinchilla fitter reads 'start' itself (it also takes a, b, e). */
    if (!ec_nlfit_uses_fast_path(opt) && (rc = parse_kv(pb, opt->start, "--start", kv_start, err))) return rc;
    for (int j = 0; j < f->n_params; j++)
        if (!pb->fixed[j]) pb->idx[pb->nfree++] = j;
    for (int j = 0; j < f->n_params; j++)
        if (pb->tie[j] >= 0) pb->p0[j] = pb->p0[pb->tie[j]];
    if (pb->nfree == 0) return ec_error_set(err, EC_EINVAL, "every parameter of the %s form is fixed: nothing to fit", f->name);
    pb->ndim = pb->nfree + pb->mle;

    /* Data. */
    const double *cols[EC_FORM_MAX_VARS];
    for (int v = 0; v < f->n_vars; v++) {
        cols[v] = role_column(ds, f->var_roles[v]);
        if (!cols[v])
            return ec_error_set(err, EC_EINVAL, "the %s form needs the %s column: map it with --columns '%s=HEADER'%s",
                                f->name, role_label(f->var_roles[v]), role_label(f->var_roles[v]),
                                f->var_roles[v] == EC_ROLE_X ? " (or map C)" : "");
    }
    const double *ycol = role_column(ds, f->y_role);
    if (!ycol)
        return ec_error_set(err, EC_EINVAL, "the %s form needs the %s column: map it with --columns '%s=HEADER'%s", f->name,
                            role_label(f->y_role), role_label(f->y_role), f->y_role == EC_ROLE_Y ? " (or map L)" : "");
    if (ds->n < (size_t)pb->nfree + 1)
        return ec_error_set(err, EC_EDATA, "%s: only %zu usable points; the %s form has %d free parameters and needs at least %d",
                            ds->path ? ds->path : "data", ds->n, f->name, pb->nfree, pb->nfree + 1);
    pb->n = ds->n;
    pb->x = malloc(sizeof(double) * ds->n * (size_t)f->n_vars);
    pb->y = malloc(sizeof(double) * ds->n);
    pb->ty = malloc(sizeof(double) * ds->n);
    if (f->eval_pre) pb->lx = malloc(sizeof(double) * ds->n * (size_t)f->n_vars);
    if (!pb->x || !pb->y || !pb->ty || (f->eval_pre && !pb->lx)) {
        free_problem(pb);
        return ec_error_set(err, EC_ENOMEM, "out of memory");
    }
    pb->line = ds->line;
    pb->path = ds->path ? ds->path : "data";
    for (size_t i = 0; i < ds->n; i++) {
        for (int v = 0; v < f->n_vars; v++) pb->x[i * (size_t)f->n_vars + (size_t)v] = cols[v][i];
        if (pb->lx) /* log of a value <= 0 is NaN or -inf; eval_pre checks x first */
            for (int v = 0; v < f->n_vars; v++) pb->lx[i * (size_t)f->n_vars + (size_t)v] = log(cols[v][i]);
        pb->y[i] = ycol[i];
        if (pb->logspace && !(ycol[i] > 0)) {
            double bad = ycol[i];
            size_t line = ds->line ? ds->line[i] : i + 1;
            free_problem(pb);
            return ec_error_set(err, EC_EDATA, "%s:%zu: %s = %g is not positive, which loss %s needs (log residuals); use --loss ls or remove the row",
                                ds->path ? ds->path : "data", line, role_label(f->y_role), bad,
                                opt->loss == EC_LOSS_HUBER ? "huber" : "ls-log");
        }
        pb->ty[i] = pb->logspace ? log(ycol[i]) : ycol[i];
    }
    pb->w = ds->col[EC_ROLE_WEIGHT];
    /* A variable that never changes leaves the form's parameters unidentified. */
    for (int v = 0; v < f->n_vars; v++) {
        size_t i = 1;
        while (i < pb->n && pb->x[i * (size_t)f->n_vars + (size_t)v] == pb->x[(size_t)v]) i++;
        if (i == pb->n) {
            double x0 = pb->x[(size_t)v];
            const char *path = ds->path ? ds->path : "data";
            free_problem(pb);
            return ec_error_set(err, EC_EDATA,
                                "%s: every point has the same %s (%g), so the %s form's parameters cannot be identified; "
                                "fit points that vary in %s",
                                path, role_label(f->var_roles[v]), x0, f->name, role_label(f->var_roles[v]));
        }
    }
    return EC_OK;
}

/* ---------- coordinates ---------- */

static double to_p(double q, double lo, double hi, double *dpdq)
{
    if (isinf(lo) && isinf(hi)) {
        *dpdq = 1.0;
        return q;
    }
    if (isinf(hi)) {
        double e = exp(q);
        *dpdq = e;
        return lo + e;
    }
    if (isinf(lo)) {
        double e = exp(q);
        *dpdq = -e;
        return hi - e;
    }
    double s = 1.0 / (1.0 + exp(-q));
    *dpdq = (hi - lo) * s * (1.0 - s);
    return lo + (hi - lo) * s;
}

static double to_q(double p, double lo, double hi)
{
    /* Starts on or outside a bound are moved just inside it. */
    double span = isinf(lo) || isinf(hi) ? fmax(1.0, fabs(p)) : hi - lo;
    double eps = 1e-6 * span;
    if (!isinf(lo) && p < lo + eps) p = lo + eps;
    if (!isinf(hi) && p > hi - eps) p = hi - eps;
    if (isinf(lo) && isinf(hi)) return p;
    if (isinf(hi)) return log(p - lo);
    if (isinf(lo)) return log(hi - p);
    double u = (p - lo) / (hi - lo);
    return log(u / (1.0 - u));
}

static void q_to_params(const problem *pb, const double *q, double *p, double *dpdq)
{
    memcpy(p, pb->p0, sizeof(double) * EC_MAXP);
    for (int k = 0; k < pb->nfree; k++) {
        int j = pb->idx[k];
        p[j] = to_p(q[k], pb->lo[j], pb->hi[j], &dpdq[k]);
    }
    for (int j = 0; j < pb->form->n_params; j++)
        if (pb->tie[j] >= 0) p[j] = p[pb->tie[j]];
}

/* Adds the gradient of tied parameters onto their targets (chain rule). */
static void fold_ties(const problem *pb, double *grad)
{
    for (int j = 0; j < pb->form->n_params; j++)
        if (pb->tie[j] >= 0) grad[pb->tie[j]] += grad[j];
}

/* ---------- objective and model ---------- */

static double rho_psi_w(double r, double delta, double *psi, double *wirls, int *quad)
{
    double ar = fabs(r);
    if (ar <= delta) {
        *psi = r;
        *wirls = 1.0;
        *quad = 1;
        return 0.5 * r * r;
    }
    *psi = copysign(delta, r);
    *wirls = delta / ar;
    *quad = 0;
    return delta * (ar - 0.5 * delta);
}

/* log Z(δ) of the Huber density exp(−ρ_δ(z))/Z: Z = √(2π)(1 − 2Φ̄(δ)) + 2e^(−δ²/2)/δ. */
static double huber_log_z(double delta)
{
    return log(sqrt(2 * 3.14159265358979323846) * (1 - 2 * gsl_cdf_ugaussian_Q(delta)) + 2 * exp(-0.5 * delta * delta) / delta);
}

/* Σ u[i]·v[i], i < m (m a multiple of 4), in four lanes added (0 + 1) + (2 + 3) at the end: the same bits on
 * every machine, two or four lanes per instruction where the compiler has them. */
static inline __attribute__((always_inline)) double lanes_dot(const double *u, const double *v, size_t m)
{
    double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    for (size_t i = 0; i < m; i += 4) {
        s0 += u[i] * v[i];
        s1 += u[i + 1] * v[i + 1];
        s2 += u[i + 2] * v[i + 2];
        s3 += u[i + 3] * v[i + 3];
    }
    return (s0 + s1) + (s2 + s3);
}

/* The points' sums of nl_eval, with kp free parameters and k = ndim (inlined with constant kp = k for the common
 * sizes, so the loops over a and b unroll). Returns EC_OK or EC_ENUMERIC; the sums in f, gs, As, Hs. */
static inline __attribute__((always_inline)) int nl_points(const problem *pb, const double *q, const double *w,
                                                           const double *p, const double *pc, const double *dpdq,
                                                           const int kp, const int k, const int want_g,
                                                           const int want_h, double *fo, double *gs, double *As,
                                                           double *Hs)
{
    const ec_form *form = pb->form;
    const int nv = form->n_vars;
    const double sigma = pb->mle ? exp(q[kp]) : 1.0, logz = pb->mle ? huber_log_z(pb->delta) : 0.0;
    int tied = 0;
    for (int j = 0; j < form->n_params; j++) tied |= pb->tie[j] >= 0;
    double f = 0, grad[EC_MAXP], J[NLMAX];
    /* The predictions a block at a time: by the form's eval_block where it has one (its exps and logs by the
     * vector routines), else point by point; the logs of log space likewise. */
    double yb[EC_FORM_BLOCK], ly[EC_FORM_BLOCK], gb[EC_MAXP * EC_FORM_BLOCK];
    /* Without huber-mle's scale, the gradient's and the matrices' sums go by the block: each point's J row and
     * weights (wᵢψ, wᵢW, and wᵢ in the quadratic zone) into columns, then Σ (c·J_a)·J_b over the block in four
     * lanes (the products as the per-point sums form them, wᵢ·W·J[a]·J[b], the additions in lanes). */
    double Jb[NLMAX * EC_FORM_BLOCK], cg[EC_FORM_BLOCK], cA[EC_FORM_BLOCK], cH[EC_FORM_BLOCK], wa[EC_FORM_BLOCK];
    const int cols = want_g && !pb->mle;
    /* A column that adds nothing: a point of weight 0, or the padding of a block to a multiple of 4. */
#define CLEAR_COLUMN(ib)                                                                                         \
    do {                                                                                                         \
        cg[ib] = cA[ib] = cH[ib] = 0.0;                                                                          \
        for (int a_ = 0; a_ < kp; a_++) Jb[(size_t)a_ * EC_FORM_BLOCK + (ib)] = 0.0;                              \
    } while (0)
    const int np = form->n_params;
    const int block = form->eval_block && pb->lx;
    for (size_t i0 = 0; i0 < pb->n; i0 += EC_FORM_BLOCK) {
        const size_t m = pb->n - i0 < EC_FORM_BLOCK ? pb->n - i0 : EC_FORM_BLOCK;
        const double *xb = pb->x + i0 * (size_t)nv, *lxb = pb->lx ? pb->lx + i0 * (size_t)nv : NULL;
        if (block)
            form->eval_block(p, pc, m, xb, lxb, yb, want_g ? gb : NULL);
        else
            for (size_t i = 0; i < m; i++) {
                if (w && w[i0 + i] == 0.0) {
                    yb[i] = 1.0; /* not used */
                    continue;
                }
                double *gr = want_g ? grad : NULL;
                const double *xi = xb + i * (size_t)nv;
                yb[i] = lxb ? form->eval_pre(p, pc, xi, lxb + i * (size_t)nv, gr) : form->eval(p, xi, gr);
                if (want_g)
                    for (int j = 0; j < np; j++) gb[(size_t)j * EC_FORM_BLOCK + i] = grad[j];
            }
        if (pb->logspace) ec_vlog_each(ly, yb, m);
        for (size_t ib = 0; ib < m; ib++) {
            const size_t i = i0 + ib;
            double wi = w ? w[i] : 1.0;
            if (wi == 0.0) {
                if (cols) CLEAR_COLUMN(ib); /* nothing from it, whatever its gradient (NaN included) */
                continue;
            }
            double yhat = yb[ib];
            if (!isfinite(yhat) || (pb->logspace && !(yhat > 0))) return EC_ENUMERIC;
            double r = pb->logspace ? ly[ib] - pb->ty[i] : yhat - pb->ty[i];
            double z = r / sigma, psi, wr;
            int quad;
            f += wi * (rho_psi_w(z, pb->delta, &psi, &wr, &quad) + (pb->mle ? q[kp] + logz : 0.0));
            if (!want_g) continue;
            for (int j = 0; j < np; j++) grad[j] = gb[(size_t)j * EC_FORM_BLOCK + ib];
            if (tied) fold_ties(pb, grad);
            double scale = pb->logspace ? 1.0 / yhat : 1.0;
            if (cols) {
                for (int a = 0; a < kp; a++) Jb[(size_t)a * EC_FORM_BLOCK + ib] = grad[pb->idx[a]] * scale * dpdq[a];
                cg[ib] = wi * psi;
                cA[ib] = wi * wr;
                cH[ib] = quad ? wi : 0.0;
                continue;
            }
            for (int a = 0; a < kp; a++) J[a] = grad[pb->idx[a]] * scale * dpdq[a] / sigma;
            const double wp = wi * psi, ww = wi * wr;
            for (int a = 0; a < kp; a++) {
                gs[a] += wp * J[a];
                const double wj = ww * J[a];
                for (int b = 0; b <= a; b++) As[a * k + b] += wj * J[b];
            }
            if (want_h && quad) /* Gauss–Newton with ψ′: the residuals in the quadratic zone alone */
                for (int a = 0; a < kp; a++) {
                    const double wj = wi * J[a];
                    for (int b = 0; b <= a; b++) Hs[a * k + b] += wj * J[b];
                }
            if (pb->mle) {
                gs[kp] += wi * (1.0 - psi * z);
                As[kp * k + kp] += wi * ((quad ? z * z : 0.0) + psi * z);
                for (int a = 0; a < kp; a++) As[kp * k + a] -= wi * ((quad ? z : 0.0) + psi) * J[a];
            }
        }
        if (!cols) continue;
        const size_t m4 = (m + 3) & ~(size_t)3;
        for (size_t ib = m; ib < m4; ib++) CLEAR_COLUMN(ib);
        for (int a = 0; a < kp; a++) {
            const double *ja = Jb + (size_t)a * EC_FORM_BLOCK;
            gs[a] += lanes_dot(cg, ja, m4);
            for (size_t ib = 0; ib < m4; ib++) wa[ib] = cA[ib] * ja[ib];
            for (int b = 0; b <= a; b++) As[a * k + b] += lanes_dot(wa, Jb + (size_t)b * EC_FORM_BLOCK, m4);
            if (!want_h) continue;
            for (size_t ib = 0; ib < m4; ib++) wa[ib] = cH[ib] * ja[ib];
            for (int b = 0; b <= a; b++) Hs[a * k + b] += lanes_dot(wa, Jb + (size_t)b * EC_FORM_BLOCK, m4);
        }
    }
#undef CLEAR_COLUMN
    *fo = f;
    return EC_OK;
}

/*
 * F(q) and, when g != NULL, its gradient and the IRLS Gauss–Newton matrix A
 * (ndim²). With huber-mle, F is the negative log-likelihood
 * Σ w [ρ_δ(r/σ) + log σ + log Z(δ)], σ = e^s the last coordinate; for z = r/σ
 * the model uses ψ(z)/z weights for the parameter block, and the exact
 * second derivatives ψ′z² + ψz (scale) and −(ψ′z + ψ)/σ·J (cross terms).
 */
__attribute__((target_clones("avx2", "default"))) static int nl_eval(const problem *pb, const double *q,
                                                                   const double *w, double *fout, double *g, double *A,
                   double *H)
{
    const int k = pb->ndim, kp = pb->nfree;
    double p[EC_MAXP], dpdq[EC_MAXP], pc[EC_FORM_PREP_MAX];
    q_to_params(pb, q, p, dpdq);
    if (pb->lx && pb->form->prep) pb->form->prep(p, pc); /* the parameters' logs once, not per point */
    /* The sums in local arrays (no stores through g, A, H per point), each product formed as the plain
     * expressions wᵢ·ψ·J[a], wᵢ·W·J[a]·J[b] and wᵢ·J[a]·J[b] form it, left to right, so the same bits. */
    double f = 0, gs[NLMAX] = {0}, As[NLMAX * NLMAX] = {0}, Hs[NLMAX * NLMAX] = {0};
    const int want_g = g != NULL, want_h = H != NULL;
    int rc;
#define NL_POINTS(kp_, k_) nl_points(pb, q, w, p, pc, dpdq, kp_, k_, want_g, want_h, &f, gs, As, Hs)
    switch (pb->mle ? 0 : kp) {
    case 1: rc = NL_POINTS(1, 1); break;
    case 2: rc = NL_POINTS(2, 2); break;
    case 3: rc = NL_POINTS(3, 3); break;
    case 4: rc = NL_POINTS(4, 4); break;
    case 5: rc = NL_POINTS(5, 5); break;
    case 6: rc = NL_POINTS(6, 6); break;
    default: rc = NL_POINTS(kp, k); break;
    }
#undef NL_POINTS
    if (rc != EC_OK) {
        *fout = INFINITY;
        return rc;
    }
    if (g) {
        for (int a = 0; a < k; a++) {
            g[a] = gs[a];
            for (int b = 0; b <= a; b++) {
                A[a * k + b] = A[b * k + a] = As[a * k + b];
                if (H) H[a * k + b] = H[b * k + a] = Hs[a * k + b];
            }
        }
    }
    *fout = f;
    return isfinite(f) ? EC_OK : EC_ENUMERIC;
}

/* Initial scale for huber-mle: the root mean square residual at q. */
static void init_scale(const problem *pb, double *q)
{
    if (!pb->mle) return;
    double p[EC_MAXP], dpdq[EC_MAXP], ss = 0;
    size_t m = 0;
    q_to_params(pb, q, p, dpdq);
    for (size_t i = 0; i < pb->n; i++) {
        double yhat = pb->form->eval(p, pb->x + i * (size_t)pb->form->n_vars, NULL);
        double r = pb->logspace ? log(yhat) - pb->ty[i] : yhat - pb->ty[i];
        if (isfinite(r)) {
            ss += r * r;
            m++;
        }
    }
    double rms = m ? sqrt(ss / (double)m) : 1.0;
    q[pb->nfree] = log(rms > 1e-12 ? rms : 1e-12);
}

static int solve_damped(const double *A, const double *D, double mu, const double *g, double *s, int k)
{
    double M[NLMAX * NLMAX], rhs[NLMAX];
    for (int a = 0; a < k; a++) {
        for (int b = 0; b < k; b++) M[a * k + b] = A[a * k + b];
        M[a * k + a] += mu * D[a];
        rhs[a] = -g[a];
    }
    gsl_matrix_view Mv = gsl_matrix_view_array(M, (size_t)k, (size_t)k);
    gsl_vector_view bv = gsl_vector_view_array(rhs, (size_t)k), sv = gsl_vector_view_array(s, (size_t)k);
    if (gsl_linalg_cholesky_decomp1(&Mv.matrix) != GSL_SUCCESS) return -1;
    if (gsl_linalg_cholesky_solve(&Mv.matrix, &bv.vector, &sv.vector) != GSL_SUCCESS) return -1;
    for (int a = 0; a < k; a++)
        if (!isfinite(s[a])) return -1;
    return 0;
}

/* Levenberg–Marquardt from q (in place). Returns 1 when converged. */
/* The most D (the damping's scale) may exceed the current diagonal of A by, in nl_minimise. */
#define D_CAP 1e4

/* Accepted steps over which a bootstrap refit's stall (opt->boot_stall) is measured. */
#define STALL_STEPS 20

/* nl_minimise's reason when the objective cannot be evaluated at its start (compared by address). */
static const char UNDEFINED_AT_START[] = "prediction undefined at the start";

/* stall > 0 (bootstrap refits): also converged once F fell by at most stall·F over the last STALL_STEPS accepted
 * steps. */
static int nl_minimise(const problem *pb, const ec_fit_options *opt, double stall, const double *w, double *q,
                       double *fout, size_t *nfev, const char **why)
{
    const int k = pb->ndim;
    /* Huber: the first step from IRLS's majoriser A; after every accepted step, the Gauss–Newton matrix of ρ
     * itself (H: the residuals in the quadratic zone alone, trf's model), whose steps go much further than
     * A's, which converge only linearly; a rejected or singular step of H is taken again with A. (Waiting
     * for the quadratic zone to settle before using H, as before 2026-12-07, cost 10-40% more evaluations
     * on power, saturating-power and kaplan-nd: bench/README.md.) */
    const int hybrid = !pb->mle && isfinite(pb->delta);
    double f, g[NLMAX], A[NLMAX * NLMAX], D[NLMAX], H[NLMAX * NLMAX];
    int newton = 0;
    size_t evals = 1;
    *why = "maximum iterations reached";
    if (nl_eval(pb, q, w, &f, g, A, hybrid ? H : NULL) != EC_OK) {
        *fout = INFINITY;
        *nfev += evals;
        *why = UNDEFINED_AT_START;
        return 0;
    }
    for (int a = 0; a < k; a++) D[a] = fmax(A[a * k + a], 1e-12);
    double mu = 1e-3, nu = 2.0, hist[STALL_STEPS]; /* hist[i % STALL_STEPS]: F after accepted step i */
    int ok = 0, accepted = 0;
    for (int it = 0; it < opt->max_iter; it++) {
        double s[NLMAX], qn[NLMAX], fn, gn[NLMAX], An[NLMAX * NLMAX], Hn[NLMAX * NLMAX];
        const double *M = newton ? H : A; /* the model's matrix */
        if (solve_damped(M, D, mu, g, s, k)) {
            if (newton) {
                newton = 0;
                continue;
            }
            mu *= nu;
            nu *= 2;
            if (mu > 1e30) {
                *why = "singular model (parameters not identified by the data?)";
                break;
            }
            continue;
        }
        double qn_max = 0, s_max = 0, gs = 0, sAs = 0;
        for (int a = 0; a < k; a++) {
            qn[a] = q[a] + s[a];
            qn_max = fmax(qn_max, fabs(q[a]));
            s_max = fmax(s_max, fabs(s[a]));
            gs += g[a] * s[a];
            for (int b = 0; b < k; b++) sAs += s[a] * M[a * k + b] * s[b];
        }
        double step_rel = s_max / (qn_max + opt->xtol);
        if (step_rel <= opt->xtol && mu < 1e-2) {
            ok = 1;
            *why = "step below xtol";
            break;
        }
        double pred = -(gs + 0.5 * sAs);
        if (pred <= 1e-2 * opt->ftol * f && mu < 1e-2) {
            ok = 1;
            *why = "predicted decrease below ftol";
            break;
        }
        int rc = nl_eval(pb, qn, w, &fn, gn, An, hybrid ? Hn : NULL);
        evals++;
        double rho = rc == EC_OK && pred > 0 ? (f - fn) / pred : -1;
        if (rho > 1e-4) {
            double df = f - fn;
            memcpy(q, qn, sizeof(double) * (size_t)k);
            memcpy(g, gn, sizeof(double) * (size_t)k);
            memcpy(A, An, sizeof(double) * (size_t)(k * k));
            if (hybrid) {
                memcpy(H, Hn, sizeof(double) * (size_t)(k * k));
                newton = 1;
            }
            f = fn;
            /* Moré's running maximum, but at most D_CAP times the current diagonal: from a start far off (a
             * grid corner predicting 1e9 times the data) the diagonal falls by orders of magnitude, and the
             * first scale kept would make μD throttle every later step (bench/README.md). */
            for (int a = 0; a < k; a++) D[a] = fmax(fmin(D[a], D_CAP * fmax(A[a * k + a], 1e-12)), A[a * k + a]);
            double t = 2 * rho - 1;
            mu *= fmax(1.0 / 3.0, 1 - t * t * t);
            nu = 2;
            if (df <= fmax(opt->ftol, 1e-15) * f && step_rel <= sqrt(opt->xtol)) {
                ok = 1;
                *why = "objective decrease below ftol";
                break;
            }
            if (f == 0) {
                ok = 1;
                *why = "exact fit";
                break;
            }
            if (stall > 0) {
                const int slot = accepted % STALL_STEPS;
                if (accepted >= STALL_STEPS && hist[slot] - f <= stall * f) {
                    ok = 1;
                    *why = "objective stalled (boot_stall)";
                    break;
                }
                hist[slot] = f;
                accepted++;
            }
        } else {
            if (newton) { /* the majoriser's step from here instead */
                newton = 0;
                continue;
            }
            if (step_rel <= opt->xtol) {
                ok = 1;
                *why = "no decrease possible (rounding level)";
                break;
            }
            mu *= nu;
            nu *= 2;
            if (mu > 1e30) {
                ok = step_rel <= 1e-8;
                *why = ok ? "no further decrease possible (rounding level)" : "stalled: no decrease along the damped step";
                break;
            }
        }
    }
    *fout = f;
    *nfev += evals;
    return ok;
}

/*
 * nl_minimise from a start where a log loss may be undefined: a prediction <= 0 at some point (exp-error's
 * eps - k*e^(-gamma*x) from a grid corner with a large k, sigmoid-logc's likewise), where log(yhat) has no value
 * and the objective none. Such a start is first moved by least squares on the data's own scale, which is defined
 * there (as far as it goes: to convergence or max_iter), and the log loss then starts from where that ended. An
 * end that still predicts a value <= 0 somewhere, or a start the least squares cannot evaluate either, stays
 * "prediction undefined at the start". (scipy's peers instead replace the undefined residuals with 1e10 and take
 * the first step on that.) The evaluations of both count.
 */
static int nl_minimise_start(const problem *pb, const ec_fit_options *opt, double stall, const double *w, double *q,
                             double *fout, size_t *nfev, const char **why)
{
    int ok = nl_minimise(pb, opt, stall, w, q, fout, nfev, why);
    if (ok || *why != UNDEFINED_AT_START || !pb->logspace) return ok;
    problem lin = *pb;
    lin.logspace = 0;
    lin.ty = pb->y;
    lin.delta = INFINITY;
    lin.mle = 0;
    lin.ndim = pb->nfree;
    double ql[NLMAX], fl;
    const char *whyl;
    memcpy(ql, q, sizeof ql);
    nl_minimise(&lin, opt, 0.0, w, ql, &fl, nfev, &whyl);
    if (!isfinite(fl)) return 0;
    memcpy(q, ql, sizeof(double) * (size_t)pb->nfree); /* huber-mle's scale, q[nfree], is set again below */
    init_scale(pb, q);
    return nl_minimise(pb, opt, stall, w, q, fout, nfev, why);
}

/* ---------- starts ---------- */

static double grid_lo(const ec_form *f, int j)
{
    double m = INFINITY;
    for (int t = 0; t < f->grid_count[j]; t++) m = fmin(m, f->grid[j][t]);
    return m;
}

static double grid_hi(const ec_form *f, int j)
{
    double m = -INFINITY;
    for (int t = 0; t < f->grid_count[j]; t++) m = fmax(m, f->grid[j][t]);
    return m;
}

/* Start number s (of the kind) in q coordinates. */
static void make_start(const problem *pb, int kind, size_t s, const double *sobol_row, double *q)
{
    const ec_form *f = pb->form;
    size_t rest = s;
    for (int a = pb->nfree - 1; a >= 0; a--) {
        int j = pb->idx[a];
        double p = pb->p0[j];
        if (kind == EC_STARTS_GRID) {
            size_t c = (size_t)f->grid_count[j];
            p = f->grid[j][rest % c];
            rest /= c;
        } else if (kind == EC_STARTS_FILE) {
            p = sobol_row[a];
        } else if (kind == EC_STARTS_RANDOM) {
            double lo = pb->lo[j], hi = pb->hi[j];
            if (isinf(lo)) lo = grid_lo(f, j);
            if (isinf(hi)) hi = grid_hi(f, j);
            if (!(hi > lo)) {
                lo = p - 1;
                hi = p + 1;
            }
            /* Scales spanning decades (A up to e^25) are sampled log-uniformly. */
            double glo = grid_lo(f, j) > 0 ? grid_lo(f, j) : lo;
            if (glo > 0 && lo >= 0 && hi / glo > 100.0)
                p = exp(log(glo) + (log(hi) - log(glo)) * sobol_row[a]);
            else
                p = lo + (hi - lo) * sobol_row[a];
        }
        q[a] = to_q(p, pb->lo[j], pb->hi[j]);
    }
}

/* ---------- statistics ---------- */

static void statistics(const problem *pb, const ec_fit_options *opt, ec_nlfit_result *res)
{
    const ec_form *f = pb->form;
    const int k = pb->nfree, nv = f->n_vars;
    const size_t n = pb->n;
    double JtJ[EC_MAXP * EC_MAXP] = {0}, grad[EC_MAXP];
    double sw = 0, swt = 0, rss = 0, sum_psi2 = 0, sum_dpsi = 0, se_lin = 0, se_log = 0;
    int log_ok = 1;
    size_t nq = 0;
    for (size_t i = 0; i < n; i++) {
        double wi = pb->w ? pb->w[i] : 1.0;
        sw += wi;
        swt += wi * pb->ty[i];
    }
    double tmean = sw > 0 ? swt / sw : 0, sst = 0;
    for (size_t i = 0; i < n; i++) {
        double wi = pb->w ? pb->w[i] : 1.0;
        double yhat = f->eval(res->params, pb->x + i * (size_t)nv, grad);
        fold_ties(pb, grad);
        double r = pb->logspace ? log(yhat) - pb->ty[i] : yhat - pb->ty[i];
        double psi, wr;
        int quad;
        rho_psi_w(pb->mle ? r / res->sigma : r, pb->delta, &psi, &wr, &quad);
        nq += (size_t)quad;
        sum_psi2 += wi * psi * psi;
        sum_dpsi += wi * quad;
        rss += wi * r * r;
        sst += wi * (pb->ty[i] - tmean) * (pb->ty[i] - tmean);
        se_lin += (yhat - pb->y[i]) * (yhat - pb->y[i]);
        if (yhat > 0 && pb->y[i] > 0) se_log += (log(yhat) - log(pb->y[i])) * (log(yhat) - log(pb->y[i]));
        else log_ok = 0;
        double scale = pb->logspace ? 1.0 / yhat : 1.0;
        for (int a = 0; a < k; a++)
            for (int b = 0; b < k; b++)
                JtJ[a * k + b] += wi * grad[pb->idx[a]] * scale * grad[pb->idx[b]] * scale;
    }
    res->n_quadratic = isinf(pb->delta) ? n : nq;
    for (int a = 0; a < k; a++) {
        int j = pb->idx[a];
        double v = res->params[j], tol = 1e-5 * fmax(1.0, fabs(v));
        res->at_bound[j] = (!isinf(pb->lo[j]) && v - pb->lo[j] <= tol) || (!isinf(pb->hi[j]) && pb->hi[j] - v <= tol);
    }
    res->r2 = sst > 0 ? 1 - rss / sst : NAN;
    res->rmse = sqrt(se_lin / (double)n);
    res->rmse_log = log_ok ? sqrt(se_log / (double)n) : NAN;
    double nn = (double)n;
    res->aic = rss > 0 ? nn * log(rss / nn) + 2.0 * k : -INFINITY;
    res->bic = rss > 0 ? nn * log(rss / nn) + k * log(nn) : -INFINITY;
    if (pb->mle) { /* the likelihood is known: AIC = 2k − 2 log L with k counting the scale too */
        res->aic = 2.0 * (k + 1) - 2.0 * res->log_likelihood;
        res->bic = (k + 1) * log(nn) - 2.0 * res->log_likelihood;
    }
    res->se_available = 0;
    snprintf(res->se_method, sizeof res->se_method, "%s", isinf(pb->delta) ? "asymptotic" : "huber-asymptotic");
    if (pb->mle) res->n_quadratic = nq;
    if (res->dof <= 0) return;
    if (pb->mle) {
        /* With a small delta the Huber density is nearly Laplace and almost no residual lies in its
         * quadratic zone, so no asymptotic formula is reliable: the bootstrap is the estimate. */
        snprintf(res->se_method, sizeof res->se_method, "%s", "none for huber-mle (use --bootstrap)");
        return;
    }
    double scale;
    if (isinf(pb->delta)) {
        scale = rss / (double)res->dof;
    } else {
        if (sum_dpsi <= 0) return;
        double m = sum_dpsi / sw;
        double K = 1.0 + (double)k / nn * (m * (1.0 - m)) / (m * m);
        scale = K * K * (sum_psi2 / (double)res->dof) / (m * m);
    }
    gsl_matrix_view Jv = gsl_matrix_view_array(JtJ, (size_t)k, (size_t)k);
    if (gsl_linalg_cholesky_decomp1(&Jv.matrix) != GSL_SUCCESS) return;
    if (gsl_linalg_cholesky_invert(&Jv.matrix) != GSL_SUCCESS) return;
    for (int a = 0; a < k; a++)
        for (int b = 0; b < k; b++) res->cov[pb->idx[a] * EC_MAXP + pb->idx[b]] = scale * JtJ[a * k + b];
    for (int a = 0; a < k; a++) res->se[pb->idx[a]] = sqrt(res->cov[pb->idx[a] * (EC_MAXP + 1)]);
    for (int j = 0; j < f->n_params; j++)
        if (pb->tie[j] >= 0) res->se[j] = res->se[pb->tie[j]];
    for (int a = 0; a < k; a++)
        for (int b = 0; b < k; b++) {
            int i = pb->idx[a], j = pb->idx[b];
            double d = res->se[i] * res->se[j];
            res->corr[i * EC_MAXP + j] = d > 0 ? res->cov[i * EC_MAXP + j] / d : NAN;
        }
    (void)opt;
    res->se_available = 1;
}

/* ---------- general engine ---------- */

typedef struct start_result {
    double q[NLMAX];
    double f;
    size_t nfev;
    int ok;
    const char *why;
} start_result;

/*
 * The starts of opt->starts for the problem: *kind, *nstarts and, for random
 * and file starts, *rows (nstarts × nfree parameter values, to free) that
 * make_start reads; *rows is NULL for grid and single starts.
 */
static int prepare_starts(const problem *pb, const ec_fit_options *opt, int *kind_out, size_t *nstarts_out,
                          double **rows_out, ec_error *err)
{
    int kind;
    size_t nrandom;
    *rows_out = NULL;
    int rc = ec_starts_parse(opt->starts, &kind, &nrandom, err);
    if (rc) return rc;
    size_t nstarts = 1;
    ec_table *file_starts = NULL;
    if (kind == EC_STARTS_FILE) {
        file_starts = ec_table_load_csv(opt->starts + 5, err);
        if (!file_starts) return err ? err->code : EC_EIO;
        for (size_t c = 0; c < file_starts->n_cols; c++)
            if (ec_form_param_index(pb->form, file_starts->names[c]) < 0) {
                ec_error_set(err, EC_EDATA, "%s: column '%s' is not a parameter of the %s form", opt->starts + 5,
                             file_starts->names[c], pb->form->name);
                ec_table_free(file_starts);
                return EC_EDATA;
            }
        int any = 0;
        for (int a = 0; a < pb->nfree; a++) any |= ec_table_column(file_starts, pb->form->param_names[pb->idx[a]]) >= 0;
        if (!any) {
            ec_table_free(file_starts);
            return ec_error_set(err, EC_EDATA, "%s: no column is named after a free parameter of the %s form", opt->starts + 5,
                                pb->form->name);
        }
        nstarts = file_starts->n_rows;
    }
    if (kind == EC_STARTS_GRID) {
        for (int a = 0; a < pb->nfree; a++) nstarts *= (size_t)pb->form->grid_count[pb->idx[a]];
    } else if (kind == EC_STARTS_RANDOM) {
        nstarts = nrandom;
    }
    int rows_needed = kind == EC_STARTS_RANDOM || kind == EC_STARTS_FILE;
    double *sob = rows_needed ? malloc(sizeof(double) * nstarts * (size_t)pb->nfree) : NULL;
    if (rows_needed && !sob) {
        ec_table_free(file_starts);
        return ec_error_set(err, EC_ENOMEM, "out of memory");
    }
    if (file_starts) {
        /* Rows of the file, as parameter values (empty cells and missing columns: the single start). */
        for (size_t r = 0; r < nstarts; r++)
            for (int a = 0; a < pb->nfree; a++) {
                int c = ec_table_column(file_starts, pb->form->param_names[pb->idx[a]]);
                double v = c >= 0 ? file_starts->values[r * file_starts->n_cols + (size_t)c] : NAN;
                int j = pb->idx[a];
                if (isfinite(v) && (v < pb->lo[j] || v > pb->hi[j])) {
                    ec_error_set(err, EC_EDATA,
                                 "%s: data row %zu: %s = %g is outside its bounds [%g, %g] (the form's or "
                                 "--bound's); give starts inside them, or widen them with --bound %s=LO:HI",
                                 opt->starts + 5, r + 1, pb->form->param_names[j], v, pb->lo[j], pb->hi[j],
                                 pb->form->param_names[j]);
                    ec_table_free(file_starts);
                    free(sob);
                    return EC_EDATA;
                }
                sob[r * (size_t)pb->nfree + (size_t)a] = isfinite(v) ? v : pb->p0[pb->idx[a]];
            }
        ec_table_free(file_starts);
    }
    if (sob && kind == EC_STARTS_RANDOM) {
        /* Sobol points with a Cranley–Patterson shift drawn from the seed. */
        gsl_qrng *qr = gsl_qrng_alloc(gsl_qrng_sobol, (unsigned)pb->nfree);
        gsl_rng *rng = ec_rng_alloc();
        if (!qr || !rng) {
            gsl_qrng_free(qr);
            gsl_rng_free(rng);
            free(sob);
            return ec_error_set(err, EC_ENOMEM, "out of memory");
        }
        ec_rng_seed_stream(rng, opt->seed, 0x5eedULL);
        double shift[EC_MAXP];
        for (int a = 0; a < pb->nfree; a++) shift[a] = gsl_rng_uniform(rng);
        for (size_t s = 0; s < nstarts; s++) {
            double *row = sob + s * (size_t)pb->nfree;
            gsl_qrng_get(qr, row);
            for (int a = 0; a < pb->nfree; a++) row[a] = fmod(row[a] + shift[a], 1.0);
        }
        gsl_qrng_free(qr);
        gsl_rng_free(rng);
    }
    *kind_out = kind;
    *nstarts_out = nstarts;
    *rows_out = sob;
    return EC_OK;
}

/* Starts that ended not converged below the best converged one by more than RUN_ON_RTOL of it (a fixed 1e-6, not
 * best_rtol, which only counts starts at the best), run on (general_fit), and for how many times max_iter. */
#define RUN_ON_STARTS 8
#define RUN_ON_ITER 4
#define RUN_ON_RTOL 1e-6

/* opt with `times` times its max_iter, for a run that goes on from where one stopped (general_fit's run-on and a
 * bootstrap refit's, nl_replicate); a caller may set max_iter in the struct past its option's range (1e6), so the
 * product saturates at INT_MAX. */
static ec_fit_options times_max_iter(const ec_fit_options *opt, int times)
{
    ec_fit_options longer = *opt;
    longer.max_iter = opt->max_iter > INT_MAX / times ? INT_MAX : opt->max_iter * times;
    return longer;
}

/* The lowest finite objective among converged starts, else among all; ties to the lowest index; nstarts if none. */
static size_t pick_best(const start_result *out, size_t nstarts)
{
    size_t best = nstarts;
    for (int pass = 0; pass < 2 && best == nstarts; pass++)
        for (size_t s = 0; s < nstarts; s++)
            if ((pass == 1 || out[s].ok) && isfinite(out[s].f) && (best == nstarts || out[s].f < out[best].f)) best = s;
    return best;
}

static int general_fit(problem *pb, const ec_fit_options *opt, ec_nlfit_result *res, ec_error *err)
{
    int kind;
    size_t nstarts;
    double *sob;
    int rc = prepare_starts(pb, opt, &kind, &nstarts, &sob, err);
    if (rc) return rc;
    start_result *out = calloc(nstarts, sizeof *out);
    if (!out) {
        free(sob);
        return ec_error_set(err, EC_ENOMEM, "out of memory");
    }
    int threads = opt->threads > 0 ? opt->threads : omp_get_max_threads();
    size_t done = 0;
#pragma omp parallel for schedule(dynamic, 4) num_threads(threads)
    for (size_t s = 0; s < nstarts; s++) {
        make_start(pb, kind, s, sob ? sob + s * (size_t)pb->nfree : NULL, out[s].q);
        init_scale(pb, out[s].q);
        out[s].ok = nl_minimise_start(pb, opt, 0.0, pb->w, out[s].q, &out[s].f, &out[s].nfev, &out[s].why);
        if (opt->progress) {
#pragma omp critical(ec_nlfit_progress)
            opt->progress(++done, nstarts, opt->progress_user);
        }
    }
    size_t best = pick_best(out, nstarts);
    if (best < nstarts && out[best].ok) {
        /* Starts that ended not converged (at max_iter, most often) below the best converged minimum: the lowest
         * RUN_ON_STARTS run on for RUN_ON_ITER times max_iter (chosen by objective, then start index, so the
         * result does not depend on threads). Before 2026-12-08 they were passed over, and bnsl's least squares
         * on the Chinchilla points reported a converged 0.39373 where 30 starts had stopped lower, down to
         * 0.35970 (bench/README.md). */
        size_t run[RUN_ON_STARTS], nrun = 0;
        const double below = out[best].f - RUN_ON_RTOL * fabs(out[best].f);
        for (size_t s = 0; s < nstarts; s++) {
            if (out[s].ok || !isfinite(out[s].f) || !(out[s].f < below)) continue;
            size_t at = nrun < RUN_ON_STARTS ? nrun++ : RUN_ON_STARTS; /* insert by objective, then index */
            while (at > 0 && out[run[at - 1]].f > out[s].f) {
                if (at < RUN_ON_STARTS) run[at] = run[at - 1];
                at--;
            }
            if (at < RUN_ON_STARTS) run[at] = s;
        }
        if (nrun > 0) {
            const ec_fit_options longer = times_max_iter(opt, RUN_ON_ITER);
#pragma omp parallel for schedule(dynamic, 1) num_threads(threads)
            for (size_t r = 0; r < nrun; r++) {
                start_result *o = &out[run[r]];
                size_t nfev = 0;
                o->ok = nl_minimise(pb, &longer, 0.0, pb->w, o->q, &o->f, &nfev, &o->why);
                o->nfev += nfev;
            }
            res->starts_run_on = nrun;
            best = pick_best(out, nstarts);
        }
        /* Still lower than every converged end after that: the fit is not settled, and says so (the lowest end,
         * not converged) rather than report a higher minimum as the answer. */
        const double floor_f = out[best].f - RUN_ON_RTOL * fabs(out[best].f);
        for (size_t s = 0; s < nstarts; s++)
            if (!out[s].ok && isfinite(out[s].f) && out[s].f < floor_f && (out[best].ok || out[s].f < out[best].f))
                best = s;
    }
    res->starts_total = nstarts;
    for (size_t s = 0; s < nstarts; s++) {
        res->evaluations += out[s].nfev;
        res->starts_converged += (size_t)out[s].ok;
    }
    res->engine = "general-lm";
    if (best == nstarts) {
        free(out);
        free(sob);
        /* One row the law cannot take (x <= 0 for a power law, say) sinks every start: name it. */
        for (size_t i = 0; i < pb->n; i++) {
            const double *xi = pb->x + i * (size_t)pb->form->n_vars;
            double yh = pb->form->eval(pb->p0, xi, NULL);
            if (!isfinite(yh) || (pb->logspace && !(yh > 0)))
                return ec_error_set(err, EC_EDATA,
                                    "%s:%zu: the %s form's prediction is undefined%s at %s = %g, so no start "
                                    "can fit this row; remove or filter out the row (--where)",
                                    pb->path, pb->line ? pb->line[i] : i + 1, pb->form->name,
                                    pb->logspace ? " (or not positive, for log losses)" : "",
                                    role_label(pb->form->var_roles[0]), xi[0]);
        }
        return ec_error_set(err, EC_EDATA,
                            "the %s form's prediction is undefined (or not positive, for log losses) at every start; "
                            "check the column map and try --starts random:200 or --start",
                            pb->form->name);
    }
    for (size_t s = 0; s < nstarts; s++) /* objectives may be negative (huber-mle) */
        if (out[s].ok && out[s].f - out[best].f <= opt->best_rtol * fabs(out[best].f) + 1e-300) res->starts_at_best++;
    double dpdq[EC_MAXP];
    q_to_params(pb, out[best].q, res->params, dpdq);
    res->objective = out[best].f;
    if (pb->mle) {
        res->mle = 1;
        res->sigma = exp(out[best].q[pb->nfree]);
        res->log_likelihood = -out[best].f;
    }
    res->converged = out[best].ok;
    snprintf(res->status, sizeof res->status, "%s (%s)", out[best].ok ? "converged" : "not converged", out[best].why);
    free(out);
    free(sob);
    statistics(pb, opt, res);
    return EC_OK;
}

/* ---------- fast path adapter ---------- */

/* Catalogue order E, A, B, alpha, beta ← chinchilla order A, B, E, alpha, beta. */
static const int chin_from_form[5] = {EC_CHIN_E, EC_CHIN_A, EC_CHIN_B, EC_CHIN_ALPHA, EC_CHIN_BETA};

/*
 * True when the fit (not its bootstrap) can run on the specialised fitter
 * under a plan (ec_fit.h) although ec_nlfit_uses_fast_path() says no: the
 * chinchilla form with loss huber or ls-log and no --bound, whatever the
 * starts, with --fix values that θ can take (A, B, E > 0) and --tie only
 * within {A, B, E} or within {alpha, beta} (the ties that are linear in θ:
 * A = B is a = b, but E = alpha is not e = alpha).
 */
static int plan_applies(const problem *pb, const ec_fit_options *opt)
{
    if (strcmp(pb->form->name, "chinchilla") != 0 || pb->mle || opt->bound[0] ||
        (opt->loss != EC_LOSS_HUBER && opt->loss != EC_LOSS_LS_LOG && opt->loss != EC_LOSS_LS))
        return 0;
    for (int j = 0; j < 5; j++) {
        int scale = j < 3; /* E, A, B: fitted in log space */
        if (pb->fixed[j] == 1 && scale && !(pb->p0[j] > 0 && isfinite(log(pb->p0[j])))) return 0;
        if (pb->tie[j] >= 0 && (pb->tie[j] < 3) != scale) return 0;
    }
    return 1;
}

/* θ = (a, b, e, alpha, beta) of catalogue parameters (E, A, B, alpha, beta). */
static void chin_theta(const double *p, double *th)
{
    for (int j = 0; j < 5; j++) th[chin_from_form[j]] = j < 3 ? log(p[j]) : p[j];
}

static int fast_fit(const ec_dataset *ds, problem *pb, const ec_fit_options *opt, ec_nlfit_result *res, ec_error *err)
{
    ec_fit_result fr;
    int rc;
    if (ec_nlfit_uses_fast_path(opt)) {
        rc = ec_fit_chinchilla(ds, opt, &fr, err);
    } else {
        /* The general engine's starts, fixed values and ties, in θ. */
        ec_chin_plan plan;
        memset(&plan, 0, sizeof plan);
        for (int j = 0; j < 5; j++) {
            plan.fixed[chin_from_form[j]] = pb->fixed[j] == 1;
            plan.tie[chin_from_form[j]] = (signed char)(pb->tie[j] >= 0 ? chin_from_form[pb->tie[j]] : -1);
        }
        int kind;
        size_t nstarts;
        double *sob, *rows = NULL;
        if ((rc = prepare_starts(pb, opt, &kind, &nstarts, &sob, err))) return rc;
        if (!(rows = malloc(sizeof(double) * 5 * nstarts))) {
            free(sob);
            return ec_error_set(err, EC_ENOMEM, "out of memory");
        }
        for (size_t s = 0; s < nstarts; s++) {
            double q[NLMAX], p[EC_MAXP], dpdq[EC_MAXP];
            make_start(pb, kind, s, sob ? sob + s * (size_t)pb->nfree : NULL, q);
            q_to_params(pb, q, p, dpdq);
            chin_theta(p, rows + 5 * s);
        }
        free(sob);
        plan.starts = rows;
        plan.n_starts = nstarts;
        ec_fit_options o = *opt;
        o.fix[0] = o.tie[0] = '\0'; /* said by the plan */
        rc = ec_fit_chinchilla_plan(ds, &o, &plan, &fr, err);
        free(rows);
    }
    if (rc) return rc;
    for (int j = 0; j < 5; j++) res->params[j] = fr.params[chin_from_form[j]];
    for (int j = 0; j < 5; j++) /* fixed values as given (exp(log(1.69)) need not be 1.69), ties exact */
        if (pb->fixed[j] == 1) res->params[j] = pb->p0[j];
    for (int j = 0; j < 5; j++)
        if (pb->tie[j] >= 0) res->params[j] = res->params[pb->tie[j]];
    res->objective = fr.objective;
    res->starts_total = fr.starts_total;
    res->starts_converged = fr.starts_converged;
    res->starts_at_best = fr.starts_at_best;
    res->evaluations = fr.evaluations;
    res->approach_evaluations = fr.approach_evaluations;
    res->approach_points = fr.approach_points;
    res->approach_retried = fr.approach_retried;
    res->starts_stopped = fr.starts_stopped;
    res->converged = fr.converged;
    snprintf(res->status, sizeof res->status, "%s", fr.status);
    res->engine = "chinchilla-newton";
    statistics(pb, opt, res);
    /* The fast fitter's covariance is in (a, b, e, α, β); map to (E, A, B, α, β)
     * by the delta method (∂A/∂a = A, ...), replacing the generic one so the two
     * paths agree with the specialised estimate. */
    if (fr.se_available) {
        for (int i = 0; i < 5; i++)
            for (int j = 0; j < 5; j++) {
                int ci = chin_from_form[i], cj = chin_from_form[j];
                double si = ci < 3 ? fr.params[ci] : 1.0, sj = cj < 3 ? fr.params[cj] : 1.0;
                res->cov[i * EC_MAXP + j] = si * sj * fr.cov_theta[ci * 5 + cj];
            }
        for (int i = 0; i < 5; i++) res->se[i] = sqrt(res->cov[i * (EC_MAXP + 1)]);
        for (int i = 0; i < 5; i++)
            for (int j = 0; j < 5; j++) res->corr[i * EC_MAXP + j] = res->cov[i * EC_MAXP + j] / (res->se[i] * res->se[j]);
        res->se_available = 1;
        snprintf(res->se_method, sizeof res->se_method, "%s", fr.se_method);
    }
    return EC_OK;
}

/* One fit without the checks of ec_fitcheck.h (which refit through it with widened bounds). */
static int nlfit_once(const ec_dataset *ds, const ec_fit_options *opt, ec_nlfit_result *res, ec_error *err)
{
    ec_gsl_quiet();
    memset(res, 0, sizeof *res);
    problem pb;
    int rc = make_problem(ds, opt, &pb, err);
    if (rc) {
        free_problem(&pb);
        return rc;
    }
    res->form = pb.form;
    res->n_params = pb.form->n_params;
    res->n_free = pb.nfree;
    res->n_points = pb.n;
    res->dof = (int)pb.n - pb.nfree;
    snprintf(res->fit_space, sizeof res->fit_space, "%s", pb.logspace ? "log" : "linear");
    for (int j = 0; j < pb.form->n_params; j++) {
        res->fixed[j] = pb.fixed[j] == 1;
        res->tied[j] = pb.tie[j];
        res->params[j] = pb.p0[j];
    }
    if (pb.mle && !opt->start[0]) {
        /* huber-mle starts from the best huber fit (fast path for chinchilla). */
        ec_fit_options h = *opt;
        h.loss = EC_LOSS_HUBER;
        h.progress = NULL;
        ec_nlfit_result hr;
        rc = nlfit_once(ds, &h, &hr, err);
        if (rc) {
            free_problem(&pb);
            return rc;
        }
        for (int j = 0; j < pb.form->n_params; j++) pb.p0[j] = hr.params[j];
        ec_fit_options m = *opt;
        snprintf(m.starts, sizeof m.starts, "single");
        rc = general_fit(&pb, &m, res, err);
        if (!rc) {
            char st[sizeof res->status];
            snprintf(st, sizeof st, "%s", res->status);
            snprintf(res->status, sizeof res->status, "%.100s; started from the huber fit (objective %.10g)", st, hr.objective);
        }
        free_problem(&pb);
        return rc;
    }
    rc = ec_nlfit_uses_fast_path(opt) || plan_applies(&pb, opt) ? fast_fit(ds, &pb, opt, res, err)
                                                                  : general_fit(&pb, opt, res, err);
    free_problem(&pb);
    return rc;
}

int ec_nlfit(const ec_dataset *ds, const ec_fit_options *opt, ec_nlfit_result *res, ec_error *err)
{
    int rc = nlfit_once(ds, opt, res, err);
    if (rc == EC_OK && (rc = ec_fitcheck(ds, opt, res, nlfit_once, err)) > 0) rc = EC_OK;
    return rc;
}

double ec_nlfit_predict(const ec_nlfit_result *fit, const double *x)
{
    return fit->form->eval(fit->params, x, NULL);
}

/* ---------- bootstrap ---------- */

/* A general-engine replicate: case resampling as integer weights, then a refit from q0. */
typedef struct nl_boot {
    const problem *pb;
    const ec_fit_options *opt;
    double q0[NLMAX];
    size_t n_grid; /* starts in the form's grid over the free parameters (the retries') */
} nl_boot;

/* Grid starts a failed bootstrap refit is retried from, and the iterations (times max_iter) the lowest
 * unconverged end runs on when none converges (see nl_replicate). */
#define BOOT_RETRY_STARTS 8
#define BOOT_CONTINUE 4

typedef struct nl_scratch {
    double *w;
    unsigned *count;
} nl_scratch;

static void *nl_scratch_new(void *user)
{
    const nl_boot *nb = user;
    nl_scratch *s = calloc(1, sizeof *s);
    if (!s) return NULL;
    s->w = malloc(sizeof(double) * nb->pb->n);
    s->count = malloc(sizeof(unsigned) * nb->pb->n);
    if (!s->w || !s->count) {
        free(s->w);
        free(s->count);
        free(s);
        return NULL;
    }
    return s;
}

static void nl_scratch_free(void *p)
{
    nl_scratch *s = p;
    free(s->w);
    free(s->count);
    free(s);
}

static int nl_replicate(void *user, void *scratch, size_t k, gsl_rng *rng, double *row, double *objective)
{
    (void)k;
    const nl_boot *nb = user;
    const problem *pb = nb->pb;
    nl_scratch *s = scratch;
    ec_rng_counts(rng, pb->n, s->count);
    for (size_t i = 0; i < pb->n; i++) s->w[i] = (double)s->count[i] * (pb->w ? pb->w[i] : 1.0);
    double q[NLMAX], f, p[EC_MAXP], dpdq[EC_MAXP];
    size_t nfev = 0;
    const char *why;
    memcpy(q, nb->q0, sizeof q);
    /* not with huber-mle: its F, a negative log-likelihood, has no scale for a relative decrease */
    const double stall = pb->mle ? 0.0 : nb->opt->boot_stall;
    int conv = nl_minimise_start(pb, nb->opt, stall, s->w, q, &f, &nfev, &why) && isfinite(f);
    int rc = conv;
    if (!conv && nb->n_grid > 0) {
        /* A refit that fails is retried from BOOT_RETRY_STARTS starts of the form's grid (all of
         * them if it has fewer), spread evenly over it; the lowest converged minimum is kept (the
         * first of equals, in the starts' fixed order), so the replicate does not depend on threads.
         * Dropping failed replicates biases the intervals towards the easy resamples, and keeping
         * the first retry that converges kept a worse minimum where the resample has two. */
        rc = -1;
        size_t tries = nb->n_grid < BOOT_RETRY_STARTS ? nb->n_grid : BOOT_RETRY_STARTS;
        double qlow[NLMAX], flow = isfinite(f) ? f : INFINITY; /* the lowest end that did not converge */
        memcpy(qlow, q, sizeof qlow);
        for (size_t t = 0; t < tries; t++) {
            double qr[NLMAX], fr;
            make_start(pb, EC_STARTS_GRID, t * nb->n_grid / tries, NULL, qr);
            if (pb->mle) qr[pb->nfree] = nb->q0[pb->nfree];
            int ok = nl_minimise_start(pb, nb->opt, stall, s->w, qr, &fr, &nfev, &why) && isfinite(fr);
            if (ok && (rc != 2 || fr < f)) {
                memcpy(q, qr, sizeof q);
                f = fr;
                rc = 2;
            } else if (!ok && isfinite(fr) && fr < flow) {
                memcpy(qlow, qr, sizeof qlow);
                flow = fr;
            }
        }
        /* None converged: most often every run crawled to max_iter towards one minimum (Huber's IRLS steps
         * converge linearly where few residuals are in the quadratic zone: sigmoid-logc on the benchmark
         * points, bench/README.md). The lowest end is run on for BOOT_CONTINUE times max_iter before the
         * replicate is dropped; dropped, it keeps that lowest end. */
        if (rc == -1 && isfinite(flow)) {
            const ec_fit_options longer = times_max_iter(nb->opt, BOOT_CONTINUE);
            if (nl_minimise(pb, &longer, stall, s->w, qlow, &flow, &nfev, &why) && isfinite(flow)) rc = 2;
            memcpy(q, qlow, sizeof q);
            f = flow;
        }
    }
    q_to_params(pb, q, p, dpdq); /* fills EC_MAXP entries */
    memcpy(row, p, sizeof(double) * (size_t)pb->form->n_params);
    *objective = f;
    return rc;
}

int ec_nlfit_bootstrap(const ec_dataset *ds, const ec_fit_options *opt, const ec_nlfit_result *fit, ec_boot **out,
                       ec_error *err)
{
    ec_gsl_quiet();
    *out = NULL;
    if (opt->bootstrap < 2)
        return ec_error_set(err, EC_EINVAL, "bootstrap: need at least 2 replicates (got %d)", opt->bootstrap);
    if (ec_nlfit_uses_fast_path(opt)) return ec_bootstrap_chinchilla(ds, opt, out, err);

    problem pb;
    int rc = make_problem(ds, opt, &pb, err);
    if (rc) {
        free_problem(&pb);
        return rc;
    }
    /* Refit from the given start, or from the fitted parameters. */
    if (!opt->start[0])
        for (int j = 0; j < pb.form->n_params; j++)
            if (!pb.fixed[j]) pb.p0[j] = fit->params[j];
    for (int j = 0; j < pb.form->n_params; j++) /* a tied parameter starts where its target does */
        if (pb.tie[j] >= 0) pb.p0[j] = pb.p0[pb.tie[j]];
    const int k = pb.form->n_params;
    nl_boot nb = {.pb = &pb, .opt = opt, .n_grid = 1};
    for (int a = 0; a < pb.nfree; a++) nb.n_grid *= (size_t)pb.form->grid_count[pb.idx[a]];
    for (int a = 0; a < pb.nfree; a++) nb.q0[a] = to_q(pb.p0[pb.idx[a]], pb.lo[pb.idx[a]], pb.hi[pb.idx[a]]);
    if (pb.mle) nb.q0[pb.nfree] = fit->mle && fit->sigma > 0 ? log(fit->sigma) : 0.0;
    if (pb.mle && !(fit->mle && fit->sigma > 0)) init_scale(&pb, nb.q0);
    ec_boot_plan plan = {.replicates = (size_t)opt->bootstrap,
                         .seed = opt->seed,
                         .threads = opt->threads,
                         .n_cols = (size_t)k,
                         .chunk = 8,
                         .replicate = nl_replicate,
                         .user = &nb,
                         .scratch_new = nl_scratch_new,
                         .scratch_free = nl_scratch_free,
                         .progress = opt->progress,
                         .progress_user = opt->progress_user};
    ec_boot *b;
    rc = ec_boot_run(&plan, &b, err);
    if (rc == EC_OK) {
        memcpy(b->start, pb.p0, sizeof(double) * (size_t)k);
        unsigned char skip[EC_MAXP];
        for (int j = 0; j < k; j++) skip[j] = pb.fixed[j] == 1;
        rc = ec_boot_summarise(b, skip, EC_INTERVAL_LEVEL, err);
        if (rc && rc != EC_ENOCONV) { /* EC_ENOCONV keeps the replicates (ec_fitcheck.h) */
            ec_boot_free(b);
            b = NULL;
        }
    }
    free_problem(&pb);
    if (b) *out = b;
    return rc;
}
