/*
 * ec_isoflop.c — isoFLOP analysis ("Approach 2" of Hoffmann et al. 2022).
 *
 * Method
 * ------
 * Hoffmann et al. (2022, §3.2) train models of several sizes at each of a
 * few fixed compute budgets and read off, per budget, the size that reaches
 * the lowest final loss. They fit a parabola to loss against log model size
 * at each budget ("isoFLOP profile"), take its minimum as the optimum, and
 * fit power laws N*(C) ∝ C^a and D*(C) ∝ C^b through the optima. The Llama 3
 * report (Dubey et al. 2024, §3.2.1) does the same with the number of
 * training tokens on the horizontal axis and reports
 * D*(C) = A·C^α with (α, A) = (0.53, 0.29).
 *
 * Per budget, with u = log10 x (x = tokens D or parameters N, whichever was
 * measured), ordinary least squares fits
 *     L ≈ a + b·t + c·t²,   t = u − ū,
 * where ū is the mean of the budget's u. Centring changes neither c nor the
 * vertex but keeps the 3-column design well conditioned (u is about 10,
 * u² about 100 without it). GSL's gsl_multifit_linear solves the problem
 * by SVD. The vertex is at u* = ū − b/(2c), with L* = a − b²/(4c), and
 * x* = 10^u*. Only c > 0 gives a minimum. When c <= 0 (or c is so small
 * that c·h², h half the sampled range of u, is below 1e-12 of the loss:
 * rounding on points that lie on a line) the budget's points do not
 * bracket one, and the analysis stops with an error naming the
 * budget. A vertex outside the sampled range of u is reported as
 * extrapolated (`inside` = 0): the parabola's shape then decides where the
 * minimum is, and the parabola is only a local model of the curve.
 *
 * The other coordinate of the optimum follows from the usual approximation
 * C = 6ND (Kaplan et al. 2020): N* = C/(6D*) or D* = C/(6N*).
 *
 * Frontier
 * --------
 * log10 D* = log10 k + e·log10 C is fitted by ordinary least squares over
 * the budgets (gsl_fit_linear), so D*(C) = k·C^e and
 * N*(C) = C/(6 D*(C)) = (1/(6k))·C^(1−e). Because log10 N* = log10 C −
 * log10 6 − log10 D* exactly, fitting N* instead would give the same line.
 * The exponents of the two laws therefore always add up to 1. Tokens per
 * parameter on the frontier are D* / N* = 6 D*²/C = 6k²·C^(2e−1).
 *
 * Bootstrap
 * ---------
 * The budgets are fixed by design, so the resampling is stratified: replicate
 * r draws n_b points with replacement from the n_b points of each budget b
 * (the stratified bootstrap: Davison & Hinkley 1997, ch. 3). It refits every
 * parabola and the frontier. The 95% intervals are the 2.5% and 97.5%
 * percentiles of the successful replicates (linear interpolation between
 * order statistics, as numpy.percentile does). A replicate fails when a
 * resampled budget has fewer than 3 distinct x values or a non-convex
 * parabola. Failed replicates are counted and excluded. This conditions the
 * intervals on a convex fit in every budget, so when many replicates fail
 * they understate the uncertainty of the weak budgets. Failures are also
 * counted per budget, to show which budget causes them (a replicate goes on
 * through all budgets after a failure, so one replicate may count in
 * several).
 *
 * The replicates run on the bootstrap engine (ec_bootstrap.h): replicate r
 * draws from its own MT19937 stream seeded from (seed, r) (ec_rng.h), budgets in increasing compute and points in sequence. It
 * writes only its own row of the sample matrix and the summary is computed
 * afterwards in replicate order, and the per-budget failure counts are sums
 * of integers, so the result is bitwise the same for any number of threads.
 */
#include "ec_isoflop.h"

#include <gsl/gsl_errno.h>
#include <gsl/gsl_fit.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_multifit.h>
#include <gsl/gsl_statistics_double.h>
#include <gsl/gsl_vector.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ec_bootstrap.h"
#include "ec_interval.h"
#include "ec_rng.h"

/* Points with C within this relative distance of a budget's first (smallest) C belong to it. */
#define EC_ISOFLOP_RTOL 1e-9

#define OFF(field) offsetof(ec_isoflop_options, field)
static const ec_option_desc isoflop_rows[] = {
    {"bootstrap", EC_OPT_INT, OFF(bootstrap), 0, 0, 1e7, NULL, "0",
     "bootstrap replicates, resampling within each budget (0 = none)", NULL, 0},
    {"seed", EC_OPT_U64, OFF(seed), 0, 0, 1.8446744073709552e19, NULL, "42", "random seed", NULL, 0},
    {"threads", EC_OPT_INT, OFF(threads), 0, 0, 4096, NULL, "0", "threads (0 = OpenMP default)", NULL, 0},
};
#undef OFF
static const ec_option_table isoflop_table = {"isoflop", isoflop_rows, sizeof isoflop_rows / sizeof isoflop_rows[0]};

const ec_option_table *ec_isoflop_option_table(void)
{
    return &isoflop_table;
}

ec_isoflop_options ec_isoflop_default_options(void)
{
    ec_isoflop_options o;
    memset(&o, 0, sizeof o);
    o.seed = 42;
    return o;
}

void ec_isoflop_clear(ec_isoflop_result *res)
{
    if (!res) return;
    free(res->budgets);
    free(res->samples);
    free(res->ok);
    memset(res, 0, sizeof *res);
}

/* ------------------------------------------------------------ parabola */

/* Workspace for parabola fits of up to nmax points (one per thread). */
typedef struct parab_work {
    gsl_multifit_linear_workspace *ws;
    gsl_matrix *X, *cov;
    gsl_vector *y, *coef;
} parab_work;

static void parab_work_free(parab_work *w)
{
    if (w->ws) gsl_multifit_linear_free(w->ws);
    if (w->X) gsl_matrix_free(w->X);
    if (w->cov) gsl_matrix_free(w->cov);
    if (w->y) gsl_vector_free(w->y);
    if (w->coef) gsl_vector_free(w->coef);
    memset(w, 0, sizeof *w);
}

static int parab_work_alloc(parab_work *w, size_t nmax)
{
    memset(w, 0, sizeof *w);
    w->ws = gsl_multifit_linear_alloc(nmax, 3);
    w->X = gsl_matrix_alloc(nmax, 3);
    w->cov = gsl_matrix_alloc(3, 3);
    w->y = gsl_vector_alloc(nmax);
    w->coef = gsl_vector_alloc(3);
    if (!w->ws || !w->X || !w->cov || !w->y || !w->coef) {
        parab_work_free(w);
        return -1;
    }
    return 0;
}

typedef struct parab {
    double u_star, L_star, c, rmse, u_min, u_max;
} parab;

enum { PARAB_OK = 0, PARAB_FEW, PARAB_NOT_CONVEX, PARAB_NUMERIC };

/* Fits L = a + b t + c t², t = u − mean(u), to m >= 3 points and locates the vertex. */
static int parabola(const double *u, const double *L, size_t m, parab_work *w, parab *out)
{
    size_t distinct = 1;
    for (size_t i = 1; i < m && distinct < 3; i++) {
        int seen = 0;
        for (size_t j = 0; j < i && !seen; j++) seen = u[j] == u[i];
        distinct += !seen;
    }
    if (m < 3 || distinct < 3) return PARAB_FEW;
    double ubar = 0, umin = u[0], umax = u[0], Lscale = 0;
    for (size_t i = 0; i < m; i++) {
        ubar += u[i];
        if (u[i] < umin) umin = u[i];
        if (u[i] > umax) umax = u[i];
        if (fabs(L[i]) > Lscale) Lscale = fabs(L[i]);
    }
    ubar /= (double)m;
    gsl_matrix_view X = gsl_matrix_submatrix(w->X, 0, 0, m, 3);
    gsl_vector_view y = gsl_vector_subvector(w->y, 0, m);
    for (size_t i = 0; i < m; i++) {
        double t = u[i] - ubar;
        gsl_matrix_set(&X.matrix, i, 0, 1.0);
        gsl_matrix_set(&X.matrix, i, 1, t);
        gsl_matrix_set(&X.matrix, i, 2, t * t);
        gsl_vector_set(&y.vector, i, L[i]);
    }
    double chisq;
    if (gsl_multifit_linear(&X.matrix, &y.vector, w->coef, w->cov, &chisq, w->ws) != GSL_SUCCESS)
        return PARAB_NUMERIC;
    double a = gsl_vector_get(w->coef, 0), b = gsl_vector_get(w->coef, 1), c = gsl_vector_get(w->coef, 2);
    out->c = c;
    out->rmse = sqrt(chisq / (double)m);
    out->u_min = umin;
    out->u_max = umax;
    if (!isfinite(a) || !isfinite(b) || !isfinite(c)) return PARAB_NUMERIC;
    /* Flat: the curvature moves L by less than 1e-12 of its size across the
     * sampled range (rounding, for points that lie on a line). */
    const double h = (umax - umin) / 2;
    if (!(c > 0) || !(c * h * h > 1e-12 * Lscale)) return PARAB_NOT_CONVEX;
    out->u_star = ubar - b / (2 * c);
    out->L_star = a - b * b / (4 * c);
    if (!isfinite(out->u_star) || !isfinite(out->L_star) || fabs(out->u_star) > 300) return PARAB_NUMERIC;
    return PARAB_OK;
}

/* ------------------------------------------------------------ frontier */

/* OLS of log10 D* on log10 C: D* = 10^a · C^e. Returns 0, or -1 when not finite. */
static int frontier(const double *lc, const double *ld, size_t nb, double *a, double *e, double *r2)
{
    double c0, c1, cov00, cov01, cov11, sumsq;
    gsl_fit_linear(lc, 1, ld, 1, nb, &c0, &c1, &cov00, &cov01, &cov11, &sumsq);
    *a = c0;
    *e = c1;
    if (r2) {
        double tss = gsl_stats_tss(ld, 1, nb);
        *r2 = nb > 2 && tss > 0 ? 1 - sumsq / tss : NAN;
    }
    return isfinite(c0) && isfinite(c1) ? 0 : -1;
}

/* Optimum (D, N) of a budget from the vertex u* of the fitted variable. */
static void optimum(double C, double u_star, int x_is_tokens, double *D, double *N)
{
    double x = pow(10.0, u_star);
    if (x_is_tokens) {
        *D = x;
        *N = C / (6 * x);
    } else {
        *N = x;
        *D = C / (6 * x);
    }
}

/* ------------------------------------------------------------- grouping */

typedef struct keyed {
    double c;
    size_t i;
} keyed;

static int cmp_keyed(const void *pa, const void *pb)
{
    const keyed *a = pa, *b = pb;
    if (a->c != b->c) return a->c < b->c ? -1 : 1;
    return (a->i > b->i) - (a->i < b->i);
}

/* ------------------------------------------------------------ bootstrap */

static void summarise(ec_isoflop_result *res, double *col)
{
    const size_t S = EC_ISOFLOP_STRIDE(res->n_budgets), R = res->replicates;
    if (R - res->failed < 2) return;
    for (size_t j = 0; j < S; j++) {
        size_t m = 0;
        for (size_t r = 0; r < R; r++)
            if (res->ok[r]) col[m++] = res->samples[r * S + j];
        double ci[2];
        ec_interval_percentile(col, m, EC_INTERVAL_LEVEL, ci);
        double *dst;
        switch (j) {
        case 0: dst = res->ci_D_coef; break;
        case 1: dst = res->ci_D_exp; break;
        case 2: dst = res->ci_N_coef; break;
        case 3: dst = res->ci_N_exp; break;
        default: {
            ec_isoflop_budget *bd = &res->budgets[(j - 4) / 3];
            dst = (j - 4) % 3 == 0 ? bd->ci_D : (j - 4) % 3 == 1 ? bd->ci_N : bd->ci_loss;
        }
        }
        dst[0] = ci[0];
        dst[1] = ci[1];
    }
}

/* What every replicate shares: the points grouped by budget, and the result (for the budgets' computes and
 * failure counts). */
typedef struct iso_boot {
    ec_isoflop_result *res;
    const double *u, *L, *lc;
    const size_t *start, *count;
    size_t nmax;
} iso_boot;

typedef struct iso_scratch {
    parab_work w;
    double *bu, *bL, *ld;
} iso_scratch;

static void iso_scratch_free(void *p)
{
    iso_scratch *s = p;
    parab_work_free(&s->w);
    free(s->bu);
    free(s->bL);
    free(s->ld);
    free(s);
}

static void *iso_scratch_new(void *user)
{
    const iso_boot *ib = user;
    iso_scratch *s = calloc(1, sizeof *s);
    if (!s) return NULL;
    int wfail = parab_work_alloc(&s->w, ib->nmax);
    s->bu = malloc(sizeof(double) * ib->nmax);
    s->bL = malloc(sizeof(double) * ib->nmax);
    s->ld = malloc(sizeof(double) * ib->res->n_budgets);
    if (wfail || !s->bu || !s->bL || !s->ld) {
        if (!wfail) parab_work_free(&s->w);
        free(s->bu);
        free(s->bL);
        free(s->ld);
        free(s);
        return NULL;
    }
    return s;
}

/* One stratified replicate: n_b draws with replacement within each budget b, in increasing compute. */
static int iso_replicate(void *user, void *scratch, size_t k, gsl_rng *rng, double *row, double *objective)
{
    (void)k;
    (void)objective;
    const iso_boot *ib = user;
    iso_scratch *s = scratch;
    ec_isoflop_result *res = ib->res;
    const size_t nb = res->n_budgets, S = EC_ISOFLOP_STRIDE(nb);
    int good = 1;
    for (size_t b = 0; b < nb; b++) {
        const size_t m = ib->count[b], s0 = ib->start[b];
        for (size_t j = 0; j < m; j++) {
            size_t q = s0 + (size_t)gsl_rng_uniform_int(rng, m);
            s->bu[j] = ib->u[q];
            s->bL[j] = ib->L[q];
        }
        parab p;
        if (parabola(s->bu, s->bL, m, &s->w, &p) != PARAB_OK) {
            /* Carry on with the other budgets: their failures are counted too (a sum of integers). */
            good = 0;
#pragma omp atomic
            res->budgets[b].n_failed++;
            continue;
        }
        const double C = res->budgets[b].compute;
        double D, N;
        optimum(C, p.u_star, res->x_is_tokens, &D, &N);
        row[4 + 3 * b] = D;
        row[4 + 3 * b + 1] = N;
        row[4 + 3 * b + 2] = p.L_star;
        s->ld[b] = log10(D);
    }
    double a, e;
    if (good && frontier(ib->lc, s->ld, nb, &a, &e, NULL) == 0) {
        double kc = pow(10.0, a);
        row[0] = kc;
        row[1] = e;
        row[2] = 1 / (6 * kc);
        row[3] = 1 - e;
    } else {
        good = 0;
    }
    if (!good)
        for (size_t j = 0; j < S; j++) row[j] = NAN;
    return good;
}

static int bootstrap(ec_isoflop_result *res, const double *u, const double *L, const size_t *start,
                     const size_t *count, size_t nmax, const double *lc, int threads, ec_error *err)
{
    iso_boot ib = {res, u, L, lc, start, count, nmax};
    ec_boot_plan plan = {.replicates = res->replicates,
                         .seed = res->seed,
                         .threads = threads,
                         .n_cols = EC_ISOFLOP_STRIDE(res->n_budgets),
                         .chunk = 16,
                         .replicate = iso_replicate,
                         .user = &ib,
                         .scratch_new = iso_scratch_new,
                         .scratch_free = iso_scratch_free};
    ec_boot *b;
    int rc = ec_boot_run(&plan, &b, err);
    if (rc) return rc;
    /* The result keeps the rows and the flags; the engine's own summary is not used (intervals per budget). */
    res->samples = b->samples;
    res->ok = b->converged;
    res->failed = b->failed;
    b->samples = NULL;
    b->converged = NULL;
    ec_boot_free(b);
    double *col = malloc(sizeof(double) * res->replicates);
    if (!col) return ec_error_set(err, EC_ENOMEM, "out of memory");
    summarise(res, col);
    free(col);
    return EC_OK;
}

/* ------------------------------------------------------------- analysis */

static void set_nan2(double v[2])
{
    v[0] = v[1] = NAN;
}

int ec_isoflop(const double *C, const double *x, const double *L, size_t n, int x_is_tokens,
               const ec_isoflop_options *opt, ec_isoflop_result *res, ec_error *err)
{
    ec_gsl_quiet();
    memset(res, 0, sizeof *res);
    ec_isoflop_options defaults = ec_isoflop_default_options();
    if (!opt) opt = &defaults;
    const char *xname = x_is_tokens ? "D" : "N";
    if (opt->bootstrap < 0 || opt->bootstrap == 1)
        return ec_error_set(err, EC_EINVAL, "isoflop: the bootstrap needs at least 2 replicates (got %d; 0 for none)",
                            opt->bootstrap);
    for (size_t i = 0; i < n; i++) {
        if (!(C[i] > 0) || !isfinite(C[i]))
            return ec_error_set(err, EC_EDATA, "isoflop: point %zu: compute C = %g is not a positive number", i + 1, C[i]);
        if (!(x[i] > 0) || !isfinite(x[i]))
            return ec_error_set(err, EC_EDATA, "isoflop: point %zu: %s = %g is not a positive number", i + 1, xname, x[i]);
        if (!isfinite(L[i]))
            return ec_error_set(err, EC_EDATA, "isoflop: point %zu: loss L = %g is not finite", i + 1, L[i]);
    }
    if (n == 0) return ec_error_set(err, EC_EDATA, "isoflop: no points");

    int rc = EC_OK;
    keyed *key = malloc(sizeof(keyed) * n);
    double *u = malloc(sizeof(double) * n), *Ls = malloc(sizeof(double) * n);
    size_t *start = malloc(sizeof(size_t) * n), *count = malloc(sizeof(size_t) * n);
    double *lc = malloc(sizeof(double) * n), *ld = malloc(sizeof(double) * n);
    parab_work w = {0};
    int have_work = 0;
    if (!key || !u || !Ls || !start || !count || !lc || !ld) {
        rc = ec_error_set(err, EC_ENOMEM, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        key[i].c = C[i];
        key[i].i = i;
    }
    qsort(key, n, sizeof *key, cmp_keyed);
    size_t nb = 0, nmax = 0;
    for (size_t i = 0; i < n; i++) {
        if (nb == 0 || fabs(key[i].c - key[start[nb - 1]].c) > EC_ISOFLOP_RTOL * key[start[nb - 1]].c) {
            start[nb] = i;
            count[nb++] = 0;
        }
        count[nb - 1]++;
        u[i] = log10(x[key[i].i]);
        Ls[i] = L[key[i].i];
    }
    for (size_t b = 0; b < nb; b++) {
        if (count[b] > nmax) nmax = count[b];
        if (count[b] < 3) {
            rc = ec_error_set(err, EC_EDATA, "isoflop: budget C = %g has only %zu point%s; a parabola needs at least 3",
                              key[start[b]].c, count[b], count[b] == 1 ? "" : "s");
            goto done;
        }
    }
    if (nb < 2) {
        rc = ec_error_set(err, EC_EDATA,
                          "isoflop: only 1 compute budget (C = %g, %zu points); fitting the frontier D*(C) needs at "
                          "least 2 budgets",
                          key[0].c, n);
        goto done;
    }
    res->budgets = calloc(nb, sizeof *res->budgets);
    if (!res->budgets || parab_work_alloc(&w, nmax)) {
        rc = ec_error_set(err, EC_ENOMEM, "out of memory");
        goto done;
    }
    have_work = 1;
    res->x_is_tokens = x_is_tokens != 0;
    res->n_points = n;
    res->n_budgets = nb;
    res->seed = opt->seed;
    for (size_t b = 0; b < nb; b++) {
        ec_isoflop_budget *bd = &res->budgets[b];
        const double Cb = key[start[b]].c;
        parab p;
        int pr = parabola(u + start[b], Ls + start[b], count[b], &w, &p);
        if (pr == PARAB_FEW) {
            rc = ec_error_set(err, EC_EDATA,
                              "isoflop: budget C = %g has fewer than 3 distinct values of %s among its %zu points; a "
                              "parabola needs at least 3",
                              Cb, xname, count[b]);
            goto done;
        }
        if (pr == PARAB_NOT_CONVEX) {
            rc = ec_error_set(err, EC_EDATA,
                              "isoflop: budget C = %g (%zu points): the parabola of L in log10 %s is concave or flat "
                              "(curvature %.3g <= 0), so the points do not bracket a minimum; add runs on both sides "
                              "of the optimum or leave this budget out",
                              Cb, count[b], xname, p.c);
            goto done;
        }
        if (pr != PARAB_OK) {
            rc = ec_error_set(err, EC_ENUMERIC, "isoflop: budget C = %g: the parabola fit failed (non-finite values)", Cb);
            goto done;
        }
        bd->compute = Cb;
        bd->opt_x = pow(10.0, p.u_star);
        optimum(Cb, p.u_star, res->x_is_tokens, &bd->D, &bd->N);
        bd->loss = p.L_star;
        bd->curvature = p.c;
        bd->rmse = p.rmse;
        bd->x_min = pow(10.0, p.u_min);
        bd->x_max = pow(10.0, p.u_max);
        bd->n_points = count[b];
        bd->inside = p.u_star >= p.u_min && p.u_star <= p.u_max;
        set_nan2(bd->ci_D);
        set_nan2(bd->ci_N);
        set_nan2(bd->ci_loss);
        lc[b] = log10(Cb);
        ld[b] = log10(bd->D);
    }
    double a, e;
    if (frontier(lc, ld, nb, &a, &e, &res->frontier_r2)) {
        rc = ec_error_set(err, EC_ENUMERIC, "isoflop: the frontier fit failed (non-finite values)");
        goto done;
    }
    res->D_coef = pow(10.0, a);
    res->D_exp = e;
    res->N_coef = 1 / (6 * res->D_coef);
    res->N_exp = 1 - e;
    set_nan2(res->ci_D_coef);
    set_nan2(res->ci_D_exp);
    set_nan2(res->ci_N_coef);
    set_nan2(res->ci_N_exp);
    if (opt->bootstrap > 0) {
        res->replicates = (size_t)opt->bootstrap;
            rc = bootstrap(res, u, Ls, start, count, nmax, lc, opt->threads, err);
    }
done:
    if (have_work) parab_work_free(&w);
    free(key);
    free(u);
    free(Ls);
    free(start);
    free(count);
    free(lc);
    free(ld);
    if (rc) ec_isoflop_clear(res);
    return rc;
}

int ec_isoflop_dataset(const ec_dataset *ds, const ec_isoflop_options *opt, ec_isoflop_result *res, ec_error *err)
{
    memset(res, 0, sizeof *res);
    const unsigned derived = ds->derived;
    const int have_C = ds->col[EC_ROLE_C] && !(derived & (1u << EC_ROLE_C));
    const int have_D = ds->col[EC_ROLE_D] && !(derived & (1u << EC_ROLE_D));
    const int have_N = ds->col[EC_ROLE_N] != NULL;
    if (!have_C)
        return ec_error_set(err, EC_EINVAL,
                            "isoflop: map C, the compute budget of each isoFLOP curve%s, together with L and one of D "
                            "(tokens) or N (parameters)",
                            ds->col[EC_ROLE_C] ? " (C = 6ND computed per point does not group runs into budgets)" : "");
    if (!ds->col[EC_ROLE_L])
        return ec_error_set(err, EC_EINVAL, "isoflop: map L, the loss of each run");
    if (have_D && have_N)
        return ec_error_set(err, EC_EINVAL,
                            "isoflop: both D and N are mapped; map D (tokens) or N (parameters), not both: the "
                            "parabolas are fitted in log10 of the one given");
    if (!have_D && !have_N)
        return ec_error_set(err, EC_EINVAL, "isoflop: map D (tokens) or N (parameters) as well as C and L");
    if (ds->col[EC_ROLE_WEIGHT])
        return ec_error_set(err, EC_EINVAL,
                            "isoflop: a weight column is not supported (the parabolas are ordinary least squares)");
    return ec_isoflop(ds->col[EC_ROLE_C], have_D ? ds->col[EC_ROLE_D] : ds->col[EC_ROLE_N], ds->col[EC_ROLE_L], ds->n,
                      have_D, opt, res, err);
}

double ec_isoflop_tokens_per_parameter(const ec_isoflop_result *res, double C, double ci95[2])
{
    if (ci95) set_nan2(ci95);
    if (!(C > 0)) return NAN;
    double D = res->D_coef * pow(C, res->D_exp);
    double ratio = 6 * D * (D / C);
    const size_t R = res->replicates, S = EC_ISOFLOP_STRIDE(res->n_budgets);
    if (!ci95 || !res->samples || R - res->failed < 2) return ratio;
    double *col = malloc(sizeof(double) * (R - res->failed));
    if (!col) return ratio;
    size_t m = 0;
    for (size_t r = 0; r < R; r++)
        if (res->ok[r]) {
            double Dr = res->samples[r * S] * pow(C, res->samples[r * S + 1]);
            col[m++] = 6 * Dr * (Dr / C);
        }
    ec_interval_percentile(col, m, EC_INTERVAL_LEVEL, ci95);
    free(col);
    return ratio;
}
