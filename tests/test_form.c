/*
 * test_form.c — unit tests for the catalogue of scaling-law forms (ec_form.h):
 * catalogue sanity (names, lookup, bounds, grids), analytic gradients of
 * every form against central finite differences over each form's natural
 * range of x, known values computed independently with plain libm calls,
 * agreement of `chinchilla` with ec_chin_logpred, limits and overflow
 * behaviour (kaplan-nd, sigmoid-logc, bnsl), the doubling time of
 * loglinear-time, and NAN where a form is undefined.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "ec_test.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ec_form.h"
#include "ec_test_simd.h"

#define MAXP EC_FORM_MAX_PARAMS
#define NX 8 /* sample values per variable */

/* ------------------------------------------------------------- helpers */


static const ec_form *form_named(const char *name)
{
    const ec_form *f = ec_form_find(name);
    if (!f) fail_msg("form '%s' is not in the catalogue", name);
    return f;
}

/* Evaluates form `name` at parameters p and one point (x0, x1). */
static double eval_at(const char *name, const double *p, double x0, double x1, double *grad)
{
    const double x[2] = {x0, x1};
    return form_named(name)->eval(p, x, grad);
}

/* ------------------------------------------------------ per-form ranges */

/* Natural ranges of the independent variables, log-spaced or linear. */
typedef struct range {
    double lo, hi;
    int logscale;
} range;

typedef struct form_spec {
    const char *name;
    range r[EC_FORM_MAX_VARS];
    double other[2][MAXP]; /* two parameter points besides the default start */
} form_spec;

/* Initializers, not const objects: C11 does not count a const object as a constant
 * expression in a static initializer (gcc accepts it as an extension, clang refuses). */
#define COMPUTE {1e18, 1e25, 1}
#define PARAMS {1e7, 1e11, 1}
#define TOKENS {1e9, 1e12, 1}
#define DATES {2015, 2025, 0}
#define LOSSES {1.5, 4, 0}
#define BNSL_X {1e2, 1e6, 1}

static const form_spec specs[] = {
    {"power", {COMPUTE, {0, 0, 0}}, {{3.0, 0.05}, {1e-3, -0.7}}},
    {"saturating-power", {COMPUTE, {0, 0, 0}}, {{1.7, 400.0, 0.3}, {0.0, 2e3, 0.15}}},
    {"chinchilla",
     {PARAMS, TOKENS},
     {{1.8172, 477.8, 2143.0, 0.34731, 0.36717}, {2.7, 1e3, 1e4, 0.5, 0.6}}},
    {"kaplan-nd", {PARAMS, TOKENS}, {{1e12, 1e15, 0.3, 0.1}, {5e14, 2e11, 0.05, 0.3}}},
    {"sigmoid-logc", {COMPUTE, {0, 0, 0}}, {{0.1, 0.9, 3.0, 21.0}, {0.25, 0.6, 0.5, 30.0}}},
    {"bnsl", {BNSL_X, {0, 0, 0}}, {{0.1, 2.0, -0.2, 1.2, 1e4, 0.3}, {0.5, 0.5, 0.3, -0.4, 50.0, 3.0}}},
    {"loglinear-time", {DATES, {0, 0, 0}}, {{25.0, 0.3, 2020.0}, {-3.0, -0.8, 2018.5}}},
    {"exp-error", {LOSSES, {0, 0, 0}}, {{0.85, 200.0, 1.5}, {1.2, 0.5, 0.2}}},
    {"effective-compute-time", {COMPUTE, DATES}, {{1.8, 400.0, 0.2, 0.4, 2020.0}, {0.5, 30.0, 0.05, -0.2, 2015.5}}},
};
#define NSPECS (sizeof specs / sizeof specs[0])

static const form_spec *spec_of(const ec_form *f)
{
    for (size_t i = 0; i < NSPECS; i++)
        if (strcmp(specs[i].name, f->name) == 0) return &specs[i];
    fail_msg("form '%s' has no test spec in test_form.c: add its natural x range", f->name);
    return NULL;
}

/* Sample k of NX in a range (k = 0 and NX − 1 are its ends). */
static double sample(range r, int k)
{
    double t = (double)k / (NX - 1);
    return r.logscale ? exp(log(r.lo) + t * (log(r.hi) - log(r.lo))) : r.lo + t * (r.hi - r.lo);
}

/* The points of a form's natural range: NX values, or NX x NX pairs (N, D). Returns the count. */
static int sample_points(const ec_form *f, double pts[][EC_FORM_MAX_VARS])
{
    const form_spec *s = spec_of(f);
    int n = 0;
    if (f->n_vars == 1) {
        for (int k = 0; k < NX; k++, n++) pts[n][0] = sample(s->r[0], k), pts[n][1] = 0;
    } else {
        for (int k = 0; k < NX; k++)
            for (int m = 0; m < NX; m++, n++) pts[n][0] = sample(s->r[0], k), pts[n][1] = sample(s->r[1], m);
    }
    return n;
}

/* ------------------------------------------------------------- tests */

static void test_catalogue(void **state)
{
    (void)state;
    size_t n = ec_form_count();
    assert_int_equal(n, 9);
    static const char *const order[] = {"power",        "saturating-power", "chinchilla",     "kaplan-nd",
                                        "sigmoid-logc", "bnsl",             "loglinear-time", "exp-error",
                                        "effective-compute-time"};
    for (size_t i = 0; i < n; i++) {
        const ec_form *f = ec_form_at(i);
        assert_non_null(f);
        assert_string_equal(f->name, order[i]);
        assert_ptr_equal(ec_form_find(f->name), f);
        for (size_t k = 0; k < i; k++) assert_string_not_equal(ec_form_at(k)->name, f->name);
        assert_true(f->formula && strlen(f->formula) > 4);
        assert_true(f->description && strlen(f->description) > 10 && !strchr(f->description, '\n'));
        for (const char *c = f->formula; *c; c++) assert_true((unsigned char)*c < 128); /* ASCII */
        assert_true(f->n_params >= 1 && f->n_params <= EC_FORM_MAX_PARAMS);
        assert_true(f->n_vars >= 1 && f->n_vars <= EC_FORM_MAX_VARS);
        assert_non_null(f->eval);
        assert_true(f->y_role == EC_ROLE_Y || f->y_role == EC_ROLE_L);
        if (f->n_vars == 1) {
            assert_int_equal(f->var_roles[0], EC_ROLE_X);
            assert_int_equal(f->y_role, EC_ROLE_Y);
        } else {
            /* Loss against (N, D), or against (C, date) for algorithmic progress. */
            assert_true((f->var_roles[0] == EC_ROLE_N && f->var_roles[1] == EC_ROLE_D) ||
                        (f->var_roles[0] == EC_ROLE_C && f->var_roles[1] == EC_ROLE_DATE));
            assert_int_equal(f->y_role, EC_ROLE_L);
        }
        assert_true(f->positive == 0 || f->positive == 1);
        assert_int_equal(f->fixed >> f->n_params, 0);
        double starts = 1;
        for (int j = 0; j < f->n_params; j++) {
            const char *pn = f->param_names[j];
            assert_true(pn && *pn);
            assert_int_equal(ec_form_param_index(f, pn), j); /* also: names unique within the form */
            assert_true(f->lower[j] < f->upper[j]);
            assert_false(isnan(f->lower[j]) || isnan(f->upper[j]));
            if (!(f->start[j] >= f->lower[j] && f->start[j] <= f->upper[j] && isfinite(f->start[j])))
                fail_msg("%s: start %s = %g outside [%g, %g]", f->name, pn, f->start[j], f->lower[j],
                         f->upper[j]);
            assert_true(f->grid_count[j] >= 1 && f->grid_count[j] <= 6);
            for (int k = 0; k < f->grid_count[j]; k++) {
                double v = f->grid[j][k];
                if (!(v >= f->lower[j] && v <= f->upper[j] && isfinite(v)))
                    fail_msg("%s: grid value %s = %g outside [%g, %g]", f->name, pn, v, f->lower[j],
                             f->upper[j]);
                if (k > 0) assert_true(v > f->grid[j][k - 1]); /* increasing, no duplicates */
            }
            starts *= f->grid_count[j];
        }
        if (strcmp(f->name, "chinchilla") == 0)
            assert_true(starts == 4500);
        else
            assert_true(starts >= 2 && starts <= 500);
        assert_int_equal(ec_form_param_index(f, "no-such-parameter"), -1);
        assert_int_equal(ec_form_param_index(f, NULL), -1);
        /* The default start is a valid point of the natural range. */
        double pts[NX * NX][EC_FORM_MAX_VARS];
        int np = sample_points(f, pts);
        for (int k = 0; k < np; k++) assert_true(isfinite(f->eval(f->start, pts[k], NULL)));
    }
    assert_null(ec_form_at(n));
    assert_null(ec_form_at((size_t)-1));
    assert_null(ec_form_find("no-such-form"));
    assert_null(ec_form_find("Chinchilla"));
    assert_null(ec_form_find("chinchilla "));
    assert_null(ec_form_find(""));
    assert_null(ec_form_find(NULL));
    assert_int_equal(ec_form_param_index(NULL, "A"), -1);

    const ec_form *c = form_named("chinchilla");
    assert_int_equal(ec_form_param_index(c, "E"), 0);
    assert_int_equal(ec_form_param_index(c, "A"), 1);
    assert_int_equal(ec_form_param_index(c, "B"), 2);
    assert_int_equal(ec_form_param_index(c, "alpha"), 3);
    assert_int_equal(ec_form_param_index(c, "beta"), 4);
    assert_int_equal(ec_form_param_index(c, "a"), -1); /* case-sensitive */
    assert_int_equal(ec_form_param_index(form_named("bnsl"), "f1"), 5);
    assert_int_equal(ec_form_param_index(form_named("kaplan-nd"), "alphaD"), 3);
}

/* The Chinchilla start and grid are Hoffmann's log-space values exponentiated. */
static void test_chinchilla_defaults(void **state)
{
    (void)state;
    const ec_form *f = form_named("chinchilla");
    ASSERT_REL(f->start[0], exp(0.5267228), 1e-15);
    ASSERT_REL(f->start[1], exp(6.0073404), 1e-15);
    ASSERT_REL(f->start[2], exp(6.0179186), 1e-15);
    ASSERT_REL(f->start[3], 0.33917084, 1e-15);
    ASSERT_REL(f->start[4], 0.2849083, 1e-15);
    assert_int_equal(f->grid_count[0], 5);
    for (int k = 0; k < 5; k++) ASSERT_REL(f->grid[0][k], exp(-1.0 + 0.5 * k), 1e-15);
    for (int j = 1; j <= 2; j++) {
        assert_int_equal(f->grid_count[j], 6);
        for (int k = 0; k < 6; k++) ASSERT_REL(f->grid[j][k], exp(5.0 * k), 1e-15);
    }
    for (int j = 3; j <= 4; j++) {
        assert_int_equal(f->grid_count[j], 5);
        for (int k = 0; k < 5; k++) assert_true(f->grid[j][k] == 0.5 * k);
    }
    const ec_form *kap = form_named("kaplan-nd");
    assert_true(kap->start[0] == 8.8e13 && kap->start[1] == 5.4e13);
    assert_true(kap->start[2] == 0.076 && kap->start[3] == 0.095);
}

/*
 * Gradient against central differences, step h_j = 1e-7·max(|p_j|, 1).
 * Allowed error: 1e-6 relative, plus the rounding floor 64·eps·S/h_j, where
 * S = |y| + Σ_j |p_j ∂y/∂p_j| bounds the magnitude of the terms (and of the
 * exponents, through p·∂y/∂p for exponent parameters) whose rounding the
 * difference y(p + h) − y(p − h) sees. Truncation error h²/6·∂³y is below
 * 1e-9 relative for every range here.
 */
static double worst_ratio; /* largest |analytic − fd| / allowed seen */

static void check_gradient(const ec_form *f, const double *p, const double *x, const char *label)
{
    int n = f->n_params;
    double g[MAXP];
    double y = f->eval(p, x, g);
    if (!isfinite(y)) fail_msg("%s %s: y = %g at x = (%g, %g)", f->name, label, y, x[0], x[1]);
    double S = fabs(y);
    for (int j = 0; j < n; j++) {
        if (!isfinite(g[j])) fail_msg("%s %s: grad[%d] = %g", f->name, label, j, g[j]);
        S += fabs(p[j] * g[j]);
    }
    /* The value without the gradient is the same number. */
    double y2 = f->eval(p, x, NULL);
    assert_memory_equal(&y, &y2, sizeof y);
    for (int j = 0; j < n; j++) {
        double pp[MAXP], pm[MAXP];
        memcpy(pp, p, sizeof(double) * (size_t)n);
        memcpy(pm, p, sizeof(double) * (size_t)n);
        double h = 1e-7 * fmax(fabs(p[j]), 1.0);
        pp[j] += h;
        pm[j] -= h;
        h = 0.5 * (pp[j] - pm[j]);
        double fd = (f->eval(pp, x, NULL) - f->eval(pm, x, NULL)) / (2 * h);
        double allowed = 1e-6 * fabs(fd) + 64 * DBL_EPSILON * S / h;
        double err = fabs(g[j] - fd);
        if (err / allowed > worst_ratio) worst_ratio = err / allowed;
        if (!(err <= allowed))
            fail_msg("%s %s at x = (%.6g, %.6g): d/d%s analytic %.15g, finite difference %.15g "
                     "(allowed %.3g)",
                     f->name, label, x[0], x[1], f->param_names[j], g[j], fd, allowed);
    }
}

static void test_gradients(void **state)
{
    (void)state;
    int checked = 0;
    for (size_t i = 0; i < ec_form_count(); i++) {
        const ec_form *f = ec_form_at(i);
        const form_spec *s = spec_of(f);
        const double *points[3] = {f->start, s->other[0], s->other[1]};
        const char *labels[3] = {"start", "point 1", "point 2"};
        double pts[NX * NX][EC_FORM_MAX_VARS];
        int np = sample_points(f, pts);
        for (int k = 0; k < 3; k++) {
            for (int j = 0; j < f->n_params; j++)
                if (!(points[k][j] >= f->lower[j] && points[k][j] <= f->upper[j]))
                    fail_msg("%s %s: parameter %d outside the bounds", f->name, labels[k], j);
            for (int m = 0; m < np; m++, checked++) check_gradient(f, points[k], pts[m], labels[k]);
        }
    }
    assert_true(checked > 0);
    print_message("gradient checks: %d points, worst error %.3g of the allowed\n", checked, worst_ratio);
}

/* Each form at a hand-picked point, against the formula written out with libm. */
static void test_known_values(void **state)
{
    (void)state;
    const double pw[] = {3.0, 0.5};
    ASSERT_REL(eval_at("power", pw, 16.0, 0, NULL), 0.75, 1e-12);
    const double pw2[] = {20.0, 0.05};
    ASSERT_REL(eval_at("power", pw2, 3e21, 0, NULL), 20.0 * pow(3e21, -0.05), 1e-12);

    const double sp[] = {1.5, 8.0, 0.5};
    ASSERT_REL(eval_at("saturating-power", sp, 64.0, 0, NULL), 2.5, 1e-12);

    const double ch[] = {1.69, 406.4, 410.7, 0.34, 0.28};
    double want = 1.69 + 406.4 / pow(70e9, 0.34) + 410.7 / pow(1.4e12, 0.28);
    ASSERT_REL(eval_at("chinchilla", ch, 70e9, 1.4e12, NULL), want, 1e-12);
    assert_true(want > 1.93 && want < 1.94); /* ≈ 1.9367, as quoted for Chinchilla-70B */

    const double kp[] = {3e9, 1e10, 0.5, 0.5};
    ASSERT_REL(eval_at("kaplan-nd", kp, 1e9, 1e10, NULL), 2.0, 1e-12); /* (3 + 1)^0.5 */
    const double kp2[] = {8.8e13, 5.4e13, 0.076, 0.095};
    ASSERT_REL(eval_at("kaplan-nd", kp2, 1e9, 2e10, NULL),
               pow(pow(8.8e13 / 1e9, 0.076 / 0.095) + 5.4e13 / 2e10, 0.095), 1e-12);

    const double sg[] = {0.25, 1.0, 2.0, 24.0};
    ASSERT_REL(eval_at("sigmoid-logc", sg, 1e25, 0, NULL), 0.25 + 0.75 / (1 + exp(-2.0)), 1e-12);
    ASSERT_REL(eval_at("sigmoid-logc", sg, 1e22, 0, NULL), 0.25 + 0.75 / (1 + exp(4.0)), 1e-12);

    const double bn[] = {0.1, 2.0, 0.3, 0.5, 1e3, 0.5};
    ASSERT_REL(eval_at("bnsl", bn, 1e4, 0, NULL), 0.1 + 2.0 * pow(1e4, -0.3) * pow(1 + pow(10.0, 2.0), -0.25),
               1e-12);
    const double bn2[] = {0.0, 1.0, 0.1, 0.5, 1e3, 1.0};
    ASSERT_REL(eval_at("bnsl", bn2, 250.0, 0, NULL), pow(250.0, -0.1) * pow(1.25, -0.5), 1e-12);

    const double ll[] = {1.0, 0.5, 2020.0};
    ASSERT_REL(eval_at("loglinear-time", ll, 2024.0, 0, NULL), 1000.0, 1e-12);
    ASSERT_REL(eval_at("loglinear-time", ll, 2017.5, 0, NULL), pow(10.0, 1.0 - 1.25), 1e-12);

    const double ee[] = {0.9, 1.0, 1.0};
    ASSERT_REL(eval_at("exp-error", ee, 2.0, 0, NULL), 0.9 - exp(-2.0), 1e-12);
    const double ee2[] = {0.85, 200.0, 1.5};
    ASSERT_REL(eval_at("exp-error", ee2, 3.1, 0, NULL), 0.85 - 200.0 * exp(-1.5 * 3.1), 1e-12);
}

/* `chinchilla` in natural units equals exp(ec_chin_logpred) for θ = the logs. */
static void test_chinchilla_vs_logpred(void **state)
{
    (void)state;
    const ec_form *f = form_named("chinchilla");
    const double nat[][5] = {{1.69, 406.4, 410.7, 0.34, 0.28},
                             {1.8172, 477.8, 2143.0, 0.34731, 0.36717},
                             {0.5, 1e5, 3e3, 0.7, 0.45}};
    const double N[] = {1e7, 4e8, 70e9, 1e11, 5e12}, D[] = {1e9, 1.4e12, 2e10, 1e13};
    for (size_t i = 0; i < sizeof nat / sizeof nat[0]; i++) {
        const double *p = nat[i];
        double th[EC_CHIN_NPARAM];
        th[EC_CHIN_A] = log(p[1]);
        th[EC_CHIN_B] = log(p[2]);
        th[EC_CHIN_E] = log(p[0]);
        th[EC_CHIN_ALPHA] = p[3];
        th[EC_CHIN_BETA] = p[4];
        for (size_t a = 0; a < sizeof N / sizeof N[0]; a++)
            for (size_t b = 0; b < sizeof D / sizeof D[0]; b++) {
                double x[2] = {N[a], D[b]};
                ASSERT_REL(f->eval(p, x, NULL), exp(ec_chin_logpred(th, log(N[a]), log(D[b]))), 1e-12);
            }
    }
}

static void test_kaplan_limits(void **state)
{
    (void)state;
    const double p[] = {8.8e13, 5.4e13, 0.076, 0.095};
    /* D → ∞: L → (Nc/N)^alphaN; the gap shrinks like alphaD·(Dc/D)/(Nc/N)^(alphaN/alphaD). */
    const double Ns[] = {1e6, 1e8, 1e10, 1e12};
    for (size_t i = 0; i < sizeof Ns / sizeof Ns[0]; i++) {
        double lim = pow(8.8e13 / Ns[i], 0.076), prev = INFINITY;
        for (double D = 1e12; D <= 1e300; D *= 1e12) {
            double L = eval_at("kaplan-nd", p, Ns[i], D, NULL);
            double gap = (L - lim) / lim;
            assert_true(gap >= -1e-14);          /* the D term only adds */
            assert_true(gap <= prev || gap < 1e-14); /* and shrinks as D grows */
            prev = gap;
        }
        ASSERT_REL(eval_at("kaplan-nd", p, Ns[i], 1e300, NULL), lim, 1e-12);
    }
    /* Small N: finite. */
    double g[4];
    double L = eval_at("kaplan-nd", p, 1e6, 1e9, g);
    assert_true(isfinite(L) && L > 1);
    for (int j = 0; j < 4; j++) assert_true(isfinite(g[j]));
    ASSERT_REL(L, pow(pow(8.8e7, 0.8) + 5.4e4, 0.095), 1e-12);
    /* A ratio whose direct power overflows: (Nc/N)^(alphaN/alphaD) = (1e8)^500 = 1e4000. */
    const double q[] = {1e14, 1e12, 5.0, 0.01};
    assert_true(isinf(pow(1e14 / 1e6, 5.0 / 0.01)));
    L = eval_at("kaplan-nd", q, 1e6, 1e9, g);
    ASSERT_REL(L, pow(1e8, 5.0), 1e-12); /* = ((Nc/N)^500 + 1e3)^0.01 to double precision */
    for (int j = 0; j < 4; j++) assert_true(isfinite(g[j]));
}

static void test_sigmoid(void **state)
{
    (void)state;
    const double ps[][4] = {{0.25, 1.0, 1.0, 24.0}, {0.1, 0.9, 3.0, 21.3}, {0.0, 0.6, 100.0, 26.0},
                            {0.25, 0.95, 0.5, 33.0}};
    for (size_t i = 0; i < sizeof ps / sizeof ps[0]; i++) {
        const double *p = ps[i];
        double lo = p[0], hi = p[1], k = p[2], x0 = p[3];
        ASSERT_REL(eval_at("sigmoid-logc", p, pow(10.0, x0), 0, NULL), 0.5 * (lo + hi), 1e-12);
        /* Monotone in x for k > 0, strictly where not saturated. */
        double prev = -INFINITY;
        for (double e = 10.0; e <= 40.0; e += 0.1) {
            double y = eval_at("sigmoid-logc", p, pow(10.0, e), 0, NULL);
            assert_true(y >= prev);
            if (fabs(k * (e - x0)) < 5 && e > 10.0) assert_true(y > prev);
            prev = y;
        }
        /* Extreme x: finite, within [lo, hi], finite gradient. */
        const double xs[] = {DBL_MIN, 1e-300, 1e-30, 1.0, 1e60, 1e300, DBL_MAX};
        for (size_t m = 0; m < sizeof xs / sizeof xs[0]; m++) {
            double g[4];
            double y = eval_at("sigmoid-logc", p, xs[m], 0, g);
            if (!(isfinite(y) && y >= lo && y <= hi))
                fail_msg("sigmoid-logc at x = %g: %g not in [%g, %g]", xs[m], y, lo, hi);
            for (int j = 0; j < 4; j++) assert_true(isfinite(g[j]));
        }
    }
    /* The plateaus: chance level far below x0, the ceiling far above. */
    const double p[] = {0.25, 1.0, 2.0, 24.0};
    ASSERT_REL(eval_at("sigmoid-logc", p, 1e-30, 0, NULL), 0.25, 1e-12);
    ASSERT_REL(eval_at("sigmoid-logc", p, 1e60, 0, NULL), 1.0, 1e-12);
}

static void test_bnsl_asymptotes(void **state)
{
    (void)state;
    const double f1s[] = {0.25, 0.5, 1.0};
    const double d1s[] = {50.0, 1e3, 3e5};
    for (size_t i = 0; i < sizeof f1s / sizeof f1s[0]; i++)
        for (size_t m = 0; m < sizeof d1s / sizeof d1s[0]; m++) {
            double a = 0.2, b = 3.0, c0 = 0.15, c1 = 0.6, d1 = d1s[m], f1 = f1s[i];
            const double p[] = {a, b, c0, c1, d1, f1};
            /* x ≪ d1: (1 + (x/d1)^(1/f1))^(−c1 f1) → 1. */
            double x = d1 * 1e-6;
            ASSERT_REL(eval_at("bnsl", p, x, 0, NULL), a + b * pow(x, -c0), 1e-3);
            /* x ≫ d1: (1 + (x/d1)^(1/f1))^(−c1 f1) → ((x/d1)^(1/f1))^(−c1 f1) = (x/d1)^(−c1),
             * so y → a + b·x^(−c0−c1)·d1^c1 (relative gap ≈ c1 f1 (d1/x)^(1/f1)). */
            x = d1 * 1e6;
            ASSERT_REL(eval_at("bnsl", p, x, 0, NULL), a + b * pow(x, -c0 - c1) * pow(d1, c1), 1e-3);
        }
    /* Far past the break with a tiny f1: (x/d1)^(1/f1) overflows, the form does not. */
    const double p[] = {0.0, 1.0, 0.1, -0.01, 1e-300, 1e-3};
    assert_true(isinf(pow(1e300 / 1e-300, 1.0 / 1e-3)));
    double g[6];
    double y = eval_at("bnsl", p, 1e300, 0, g);
    double lx = log(1e300), ld = log(1e-300);
    ASSERT_REL(y, exp(-(0.1 - 0.01) * lx - 0.01 * ld), 1e-12);
    for (int j = 0; j < 6; j++) assert_true(isfinite(g[j]));
}

static void test_loglinear(void **state)
{
    (void)state;
    const ec_form *f = form_named("loglinear-time");
    int iy0 = ec_form_param_index(f, "y0");
    assert_int_equal(iy0, 2);
    assert_int_equal(f->fixed, 1u << iy0);
    assert_true(f->start[iy0] == 2020.0);
    /* Only the reference years are fixed by default. */
    const ec_form *ect = form_named("effective-compute-time");
    assert_int_equal(ect->fixed, 1u << ec_form_param_index(ect, "y0"));
    for (size_t i = 0; i < ec_form_count(); i++)
        if (ec_form_at(i) != f && ec_form_at(i) != ect) assert_int_equal(ec_form_at(i)->fixed, 0);
    const double gs[] = {0.5, 0.25, 1.3, -0.4};
    for (size_t i = 0; i < sizeof gs / sizeof gs[0]; i++) {
        const double p[] = {3.0, gs[i], 2020.0};
        double dt = log10(2.0) / gs[i]; /* doubling time in years (halving when g < 0) */
        for (double x = 2015.0; x <= 2025.0; x += 0.75)
            ASSERT_REL(eval_at("loglinear-time", p, x + dt, 0, NULL),
                       2 * eval_at("loglinear-time", p, x, 0, NULL), 1e-12);
    }
    /* At x = y0 the value is 10^c. */
    const double p[] = {25.5, 0.7, 2021.25};
    ASSERT_REL(eval_at("loglinear-time", p, 2021.25, 0, NULL), pow(10.0, 25.5), 1e-14);
}

static void expect_nan(const char *name, const double *p, double x0, double x1, int line)
{
    const ec_form *f = form_named(name);
    double g[MAXP];
    for (int j = 0; j < MAXP; j++) g[j] = 0;
    double y = eval_at(name, p, x0, x1, g);
    if (!isnan(y)) fail_msg("line %d: %s at x = (%g, %g): %g, want NAN", line, name, x0, x1, y);
    for (int j = 0; j < f->n_params; j++)
        if (!isnan(g[j])) fail_msg("line %d: %s: grad[%d] = %g, want NAN", line, name, j, g[j]);
    if (!isnan(eval_at(name, p, x0, x1, NULL))) fail_msg("line %d: %s without grad: not NAN", line, name);
}
#define EXPECT_NAN(name, p, x0, x1) expect_nan((name), (p), (x0), (x1), __LINE__)

static void test_undefined(void **state)
{
    (void)state;
    const double pw[] = {2.0, 0.5};
    EXPECT_NAN("power", pw, 0.0, 0);
    EXPECT_NAN("power", pw, -4.0, 0);
    const double pwi[] = {2.0, -2.0}; /* even an integer power: x must be > 0 */
    EXPECT_NAN("power", pwi, -3.0, 0);
    const double sp[] = {1.0, 2.0, 0.5};
    EXPECT_NAN("saturating-power", sp, 0.0, 0);
    EXPECT_NAN("saturating-power", sp, -1e20, 0);
    const double ch[] = {1.69, 406.4, 410.7, 0.34, 0.28};
    EXPECT_NAN("chinchilla", ch, 0.0, 1e10);
    EXPECT_NAN("chinchilla", ch, 1e9, -1e10);
    const double kp[] = {8.8e13, 5.4e13, 0.076, 0.095};
    EXPECT_NAN("kaplan-nd", kp, 0.0, 1e10);
    EXPECT_NAN("kaplan-nd", kp, 1e9, 0.0);
    const double kp_nc[] = {0.0, 5.4e13, 0.076, 0.095};
    EXPECT_NAN("kaplan-nd", kp_nc, 1e9, 1e10);
    const double kp_dc[] = {8.8e13, -1.0, 0.076, 0.095};
    EXPECT_NAN("kaplan-nd", kp_dc, 1e9, 1e10);
    const double kp_ad[] = {8.8e13, 5.4e13, 0.076, 0.0};
    EXPECT_NAN("kaplan-nd", kp_ad, 1e9, 1e10);
    const double sg[] = {0.25, 1.0, 1.0, 24.0};
    EXPECT_NAN("sigmoid-logc", sg, 0.0, 0);
    EXPECT_NAN("sigmoid-logc", sg, -1e24, 0);
    const double bn[] = {0.0, 1.0, 0.1, 0.5, 1e3, 1.0};
    EXPECT_NAN("bnsl", bn, 0.0, 0);
    EXPECT_NAN("bnsl", bn, -5.0, 0);
    const double bn_d[] = {0.0, 1.0, 0.1, 0.5, 0.0, 1.0};
    EXPECT_NAN("bnsl", bn_d, 100.0, 0);
    const double bn_f[] = {0.0, 1.0, 0.1, 0.5, 1e3, 0.0};
    EXPECT_NAN("bnsl", bn_f, 100.0, 0);

    /* NaN in any parameter or any variable gives NaN, in every form. */
    for (size_t i = 0; i < ec_form_count(); i++) {
        const ec_form *f = ec_form_at(i);
        double pts[NX * NX][EC_FORM_MAX_VARS];
        sample_points(f, pts);
        for (int j = 0; j < f->n_params; j++) {
            double p[MAXP], g[MAXP];
            memcpy(p, f->start, sizeof(double) * (size_t)f->n_params);
            p[j] = NAN;
            if (!isnan(f->eval(p, pts[3], g)))
                fail_msg("%s: NaN %s does not give NaN", f->name, f->param_names[j]);
        }
        for (int v = 0; v < f->n_vars; v++) {
            double x[EC_FORM_MAX_VARS] = {pts[3][0], pts[3][1]};
            x[v] = NAN;
            if (!isnan(f->eval(f->start, x, NULL))) fail_msg("%s: NaN x[%d] does not give NaN", f->name, v);
        }
    }
}

/* Forms flagged positive predict > 0 at the start and at every grid start, over their natural range. */
static void test_positive(void **state)
{
    (void)state;
    for (size_t i = 0; i < ec_form_count(); i++) {
        const ec_form *f = ec_form_at(i);
        if (!f->positive) continue;
        double pts[NX * NX][EC_FORM_MAX_VARS];
        int np = sample_points(f, pts);
        int idx[MAXP] = {0};
        for (;;) {
            double p[MAXP];
            for (int j = 0; j < f->n_params; j++) p[j] = f->grid[j][idx[j]];
            for (int m = 0; m < np; m++) {
                double y = f->eval(p, pts[m], NULL);
                if (!(y > 0))
                    fail_msg("%s: y = %g at a grid start, x = (%g, %g)", f->name, y, pts[m][0], pts[m][1]);
            }
            int j = 0;
            while (j < f->n_params && ++idx[j] == f->grid_count[j]) idx[j++] = 0;
            if (j == f->n_params) break;
        }
    }
    /* The two non-positive forms do go to zero or below inside their bounds. */
    const double ee[] = {0.1, 1.0, 0.1};
    assert_true(eval_at("exp-error", ee, 1.5, 0, NULL) < 0);
    const double sg[] = {-0.5, 1.0, 1.0, 24.0};
    assert_true(eval_at("sigmoid-logc", sg, 1e18, 0, NULL) < 0);
}

/*
 * eval_pre (the fitter's entry, with log x and the parameters' quantities taken once) gives the same bits as
 * eval, value and gradient, at every grid start and the forms' other points, over the sample points and at
 * points where the prediction is undefined (x <= 0: NaN from both, the logs NaN or -inf unused).
 */
static void test_eval_pre(void **state)
{
    (void)state;
    int with = 0, checked = 0;
    for (size_t i = 0; i < ec_form_count(); i++) {
        const ec_form *f = ec_form_at(i);
        if (!f->eval_pre) continue;
        with++;
        double pts[NX * NX + 2][EC_FORM_MAX_VARS];
        int np = sample_points(f, pts);
        for (int v = 0; v < f->n_vars; v++) pts[np][v] = pts[np + 1][v] = pts[0][v];
        pts[np++][0] = 0.0;
        pts[np++][0] = -3.0;
        const form_spec *sp = spec_of(f);
        const double *fixed_points[3] = {f->start, sp->other[0], sp->other[1]};
        int idx[MAXP] = {0};
        for (int round = 0;; round++) {
            double p[MAXP];
            if (round < 3) memcpy(p, fixed_points[round], sizeof(double) * (size_t)f->n_params);
            else for (int j = 0; j < f->n_params; j++) p[j] = f->grid[j][idx[j]];
            double pc[EC_FORM_PREP_MAX] = {0};
            if (f->prep) f->prep(p, pc);
            for (int m = 0; m < np; m++, checked++) {
                double lx[EC_FORM_MAX_VARS], g0[MAXP], g1[MAXP];
                for (int v = 0; v < f->n_vars; v++) lx[v] = log(pts[m][v]);
                double y0 = f->eval(p, pts[m], g0), y1 = f->eval_pre(p, pc, pts[m], lx, g1);
                double n0 = f->eval(p, pts[m], NULL), n1 = f->eval_pre(p, pc, pts[m], lx, NULL);
                int same = memcmp(&y0, &y1, sizeof y0) == 0 && memcmp(&n0, &n1, sizeof n0) == 0 &&
                           memcmp(&y0, &n0, sizeof y0) == 0;
                for (int j = 0; j < f->n_params; j++) same &= memcmp(&g0[j], &g1[j], sizeof g0[j]) == 0;
                if (!same)
                    fail_msg("%s at x = (%g, %g): eval %.17g, eval_pre %.17g (or a gradient differs)", f->name,
                             pts[m][0], pts[m][1], y0, y1);
            }
            if (round < 3) continue;
            int j = 0;
            while (j < f->n_params && ++idx[j] == f->grid_count[j]) idx[j++] = 0;
            if (j == f->n_params) break;
        }
    }
    assert_true(with == (int)ec_form_count()); /* every form of the catalogue */
    print_message("eval_pre against eval: %d forms, %d points\n", with, checked);
}

/* Within rel of b, or both NaN, or both the same infinity. */
static int close_to(double a, double b, double rel)
{
    if (isnan(a) || isnan(b)) return isnan(a) && isnan(b);
    if (isinf(a) || isinf(b)) return a == b;
    return fabs(a - b) <= rel * fabs(b);
}

/*
 * eval_block (the fitter's blocks, with libmvec's exps and logs) against eval at the sample points, two
 * undefined ones and every point of the start grid: values and gradients within 1e-12 relative, NaN where eval
 * gives NaN; and each point's bits its own: the same values in reverse order, after one more point, and with no
 * gradient asked.
 */
static void eval_block_on_this_path(void **state)
{
    (void)state;
    int with = 0, checked = 0;
    for (size_t i = 0; i < ec_form_count(); i++) {
        const ec_form *f = ec_form_at(i);
        if (!f->eval_block) continue;
        assert_non_null(f->eval_pre); /* the block takes the data's logs, which the fitter keeps for eval_pre */
        with++;
        const int nv = f->n_vars, k = f->n_params;
        double pts[NX * NX + 4][EC_FORM_MAX_VARS];
        int np = sample_points(f, pts);
        for (int v = 0; v < nv; v++) pts[np][v] = pts[np + 1][v] = pts[np + 2][v] = pts[np + 3][v] = pts[0][v];
        pts[np++][0] = 0.0;
        pts[np++][0] = -3.0;
        if (nv == 2) { /* D (or the date) zero and NaN */
            pts[np++][1] = 0.0;
            pts[np++][1] = NAN;
        }
        assert_true(np + 1 <= EC_FORM_BLOCK);
        /* x and lx as the fitter lays them out: forwards from slot 1 (slot 0 is the extra point), and reversed */
        double x[EC_FORM_BLOCK * EC_FORM_MAX_VARS], lx[EC_FORM_BLOCK * EC_FORM_MAX_VARS];
        double xr[EC_FORM_BLOCK * EC_FORM_MAX_VARS], lxr[EC_FORM_BLOCK * EC_FORM_MAX_VARS];
        for (int v = 0; v < nv; v++) x[v] = lx[v] = 0.5 + v; /* any point: checked for not changing the others */
        for (int v = 0; v < nv; v++) lx[v] = log(x[v]);
        for (int m = 0; m < np; m++)
            for (int v = 0; v < nv; v++) {
                x[(m + 1) * nv + v] = xr[(np - 1 - m) * nv + v] = pts[m][v];
                lx[(m + 1) * nv + v] = lxr[(np - 1 - m) * nv + v] = log(pts[m][v]);
            }
        const form_spec *sp = spec_of(f);
        const double *fixed_points[3] = {f->start, sp->other[0], sp->other[1]};
        int idx[MAXP] = {0};
        static double g[MAXP * EC_FORM_BLOCK], gr[MAXP * EC_FORM_BLOCK], gx[MAXP * EC_FORM_BLOCK];
        /* rounds: the start and the two other points, then the start with each parameter 0 and -1 in turn
         * (undefined for some: kaplan-nd's Nc, Dc, alphaD; bnsl's d1, f1), then every grid start */
        const int nfixed = 3 + 2 * k;
        for (int round = 0;; round++) {
            double p[MAXP];
            if (round < 3) memcpy(p, fixed_points[round], sizeof(double) * (size_t)k);
            else if (round < nfixed) {
                memcpy(p, f->start, sizeof(double) * (size_t)k);
                p[(round - 3) / 2] = (round - 3) % 2 ? -1.0 : 0.0;
            } else for (int j = 0; j < k; j++) p[j] = f->grid[j][idx[j]];
            double pc[EC_FORM_PREP_MAX] = {0};
            if (f->prep) f->prep(p, pc);
            double y[EC_FORM_BLOCK], yr[EC_FORM_BLOCK], yx[EC_FORM_BLOCK], yn[EC_FORM_BLOCK];
            f->eval_block(p, pc, (size_t)np, x + nv, lx + nv, y, g);           /* the points alone */
            f->eval_block(p, pc, (size_t)np, xr, lxr, yr, gr);                /* reversed */
            f->eval_block(p, pc, (size_t)np + 1, x, lx, yx, gx);              /* after one more */
            f->eval_block(p, pc, (size_t)np, x + nv, lx + nv, yn, NULL);      /* no gradient */
            for (int m = 0; m < np; m++, checked++) {
                double g0[MAXP];
                const double y0 = f->eval(p, pts[m], g0);
                const int r = np - 1 - m;
                int ok = close_to(y[m], y0, 1e-12);
                for (int j = 0; j < k; j++) ok &= close_to(g[(size_t)j * EC_FORM_BLOCK + m], g0[j], 1e-12);
                if (!ok)
                    fail_msg("%s at x = (%g, %g): eval %.17g, eval_block %.17g (or a gradient differs by more than "
                             "1e-12)", f->name, pts[m][0], pts[m][1], y0, y[m]);
                int same = memcmp(&y[m], &yr[r], sizeof y[m]) == 0 && memcmp(&y[m], &yx[m + 1], sizeof y[m]) == 0 &&
                           memcmp(&y[m], &yn[m], sizeof y[m]) == 0;
                for (int j = 0; j < k; j++) {
                    const double a = g[(size_t)j * EC_FORM_BLOCK + m];
                    same &= memcmp(&a, &gr[(size_t)j * EC_FORM_BLOCK + r], sizeof a) == 0 &&
                            memcmp(&a, &gx[(size_t)j * EC_FORM_BLOCK + m + 1], sizeof a) == 0;
                }
                if (!same) fail_msg("%s at x = (%g, %g): a block's bits depend on the point's place", f->name,
                                    pts[m][0], pts[m][1]);
            }
            if (round < nfixed) continue;
            int j = 0;
            while (j < k && ++idx[j] == f->grid_count[j]) idx[j++] = 0;
            if (j == k) break;
        }
    }
    assert_true(with == (int)ec_form_count()); /* every form of the catalogue */
    print_message("eval_block against eval: %d forms, %d points\n", with, checked);
}

/* The blocks on every SIMD path the machine has (their exps and logs differ by path). */
static void test_eval_block(void **state) { ec_test_each_simd_path(eval_block_on_this_path, state); }

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_catalogue),
        cmocka_unit_test(test_chinchilla_defaults),
        cmocka_unit_test(test_gradients),
        cmocka_unit_test(test_known_values),
        cmocka_unit_test(test_chinchilla_vs_logpred),
        cmocka_unit_test(test_kaplan_limits),
        cmocka_unit_test(test_sigmoid),
        cmocka_unit_test(test_bnsl_asymptotes),
        cmocka_unit_test(test_loglinear),
        cmocka_unit_test(test_undefined),
        cmocka_unit_test(test_positive),
        cmocka_unit_test(test_eval_pre),
        cmocka_unit_test(test_eval_block),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
