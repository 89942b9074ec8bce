/*
 * test_fitcheck.c — the statuses of ec_fitcheck.h on the fits that used to
 * be reported as converged: a constant loss (chinchilla and kaplan-nd),
 * inputs on one line, a default bound that holds the optimum (widened and
 * refitted, or reported), a parameter that runs to infinity on the Llama 3
 * isoFLOP points, and a bootstrap whose replicates all fail.
 *
 * The widened power fit is checked against its closed form (exact data
 * y = 3 x^-12: alpha = 12, A = 3); the other references are the kinds and
 * the parameters the statuses name.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "ec_test.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ec_dataset.h"
#include "ec_fitcheck.h"
#include "ec_nlfit.h"

#define NPT 16

static void set_opt(ec_fit_options *o, const char *name, const char *value)
{
    ec_error err;
    ec_error_clear(&err);
    if (ec_option_set(ec_fit_option_table(), o, name, value, &err) != EC_OK)
        fail_msg("option %s=%s: %s", name, value, err.message);
}

static void fit_ok(const ec_dataset *ds, const ec_fit_options *opt, ec_nlfit_result *res, int line)
{
    ec_error err;
    ec_error_clear(&err);
    int rc = ec_nlfit(ds, opt, res, &err);
    if (rc != EC_OK) fail_msg("line %d: ec_nlfit(%s) returned %d: %s", line, opt->form, rc, err.message);
}
#define FIT_OK(ds, opt, res) fit_ok((ds), (opt), (res), __LINE__)

/* Fits and checks the status's kind and the converged flag (1 exactly when the kind is EC_FITCHECK_OK). */
static void fit_kind(const ec_dataset *ds, const ec_fit_options *opt, ec_nlfit_result *res, int kind, int line)
{
    fit_ok(ds, opt, res, line);
    if ((int)ec_fitcheck_kind_of(res->status) != kind || res->converged != (kind == EC_FITCHECK_OK))
        fail_msg("line %d: status \"%s\" (converged %d), expected kind %d", line, res->status, res->converged, kind);
}
#define FIT_KIND(ds, opt, res, kind) fit_kind((ds), (opt), (res), (kind), __LINE__)

static void contains(const char *hay, const char *needle, int line)
{
    if (!strstr(hay, needle)) fail_msg("line %d: \"%s\" does not contain \"%s\"", line, hay, needle);
}
#define CONTAINS(hay, needle) contains((hay), (needle), __LINE__)

static int pidx(const ec_nlfit_result *r, const char *name)
{
    int j = ec_form_param_index(r->form, name);
    if (j < 0) fail_msg("no parameter %s", name);
    return j;
}

typedef struct pts {
    ec_dataset ds;
    double a[NPT], b[NPT], y[NPT];
} pts;

static ec_fit_options opts(const char *form)
{
    ec_fit_options o = ec_fit_default_options();
    set_opt(&o, "form", form);
    return o;
}

static void test_names(void **state)
{
    (void)state;
    assert_string_equal(ec_fitcheck_name(EC_FITCHECK_NOT_IDENTIFIABLE), "not identifiable");
    assert_string_equal(ec_fitcheck_name(EC_FITCHECK_COLLINEAR), "collinear inputs");
    assert_string_equal(ec_fitcheck_name(EC_FITCHECK_AT_INFINITY), "parameter at infinity");
    assert_string_equal(ec_fitcheck_name(EC_FITCHECK_AT_BOUND), "at default bound");
    assert_int_equal(ec_fitcheck_kind_of("collinear inputs: N and D ..."), EC_FITCHECK_COLLINEAR);
    assert_int_equal(ec_fitcheck_kind_of("parameter at infinity: Nc ..."), EC_FITCHECK_AT_INFINITY);
    assert_int_equal(ec_fitcheck_kind_of("not identifiable"), EC_FITCHECK_OK); /* the name alone is no status */
    assert_int_equal(ec_fitcheck_kind_of("converged (step below xtol)"), EC_FITCHECK_OK);
    assert_int_equal(ec_fitcheck_kind_of(NULL), EC_FITCHECK_OK);
}

/* A constant loss on a 5 x 3 grid of N and D: chinchilla used to "converge" with R^2 = 0.87 from rounding
 * noise, kaplan-nd with Nc = 1.8e308 and R^2 = -1e26. */
static void test_constant_loss(void **state)
{
    (void)state;
    static const double N[5] = {1e8, 3e8, 1e9, 3e9, 1e10}, D[3] = {2e9, 2e10, 2e11};
    pts p = {0};
    size_t n = 0;
    for (int i = 0; i < 5; i++)
        for (int k = 0; k < 3; k++, n++) {
            p.a[n] = N[i];
            p.b[n] = D[k];
            p.y[n] = 3.0;
        }
    p.ds.n = n;
    p.ds.col[EC_ROLE_N] = p.a;
    p.ds.col[EC_ROLE_D] = p.b;
    p.ds.col[EC_ROLE_L] = p.y;
    const char *forms[] = {"chinchilla", "kaplan-nd"};
    for (int f = 0; f < 2; f++) {
        ec_fit_options o = opts(forms[f]);
        ec_nlfit_result r;
        FIT_KIND(&p.ds, &o, &r, EC_FITCHECK_NOT_IDENTIFIABLE);
        CONTAINS(r.status, "L = 3 at every point");
        assert_true(isnan(r.r2)); /* undefined, not rounding noise */
        assert_int_equal(r.se_available, 0);
    }
    /* power fits a constant exactly with a zero exponent: identifiable, converged. */
    p.ds.col[EC_ROLE_X] = p.a;
    p.ds.col[EC_ROLE_Y] = p.y;
    ec_fit_options o = opts("power");
    ec_nlfit_result r;
    FIT_KIND(&p.ds, &o, &r, EC_FITCHECK_OK);
    ASSERT_REL(r.params[pidx(&r, "A")], 3.0, 1e-9);
    ASSERT_REL(r.params[pidx(&r, "alpha")], 0.0, 1e-9);
}

/* One compute budget: D = C/(6N), so log N + log D is constant (correlation -1 to rounding). */
static void test_collinear(void **state)
{
    (void)state;
    pts p = {0};
    for (int i = 0; i < 8; i++) {
        p.a[i] = 1e8 * pow(2.0, i);
        p.b[i] = 1e20 / (6.0 * p.a[i]);
        p.y[i] = 1.8 + 400.0 / pow(p.a[i], 0.34) + 410.0 / pow(p.b[i], 0.28);
    }
    p.ds.n = 8;
    p.ds.col[EC_ROLE_N] = p.a;
    p.ds.col[EC_ROLE_D] = p.b;
    p.ds.col[EC_ROLE_L] = p.y;
    ec_fit_options o = opts("chinchilla");
    ec_nlfit_result r;
    FIT_KIND(&p.ds, &o, &r, EC_FITCHECK_COLLINEAR);
    CONTAINS(r.status, "N and D lie on one line");
    /* Two budgets (every other point at 10x the compute): off the line, converged. */
    for (int i = 1; i < 8; i += 2) {
        p.b[i] *= 10.0;
        p.y[i] = 1.8 + 400.0 / pow(p.a[i], 0.34) + 410.0 / pow(p.b[i], 0.28);
    }
    FIT_KIND(&p.ds, &o, &r, EC_FITCHECK_OK);
    ASSERT_REL(r.params[pidx(&r, "alpha")], 0.34, 1e-5);
}

/* Exact y = 3 x^-12 on [1, 2]: power's default alpha <= 10 holds the optimum. The fit widens it to
 * [-10, 50] (span tripled), refits, and recovers the closed form; a bound the user gives stays. */
static void test_widened_bound(void **state)
{
    (void)state;
    pts p = {0};
    for (int i = 0; i < 10; i++) {
        p.a[i] = 1.0 + i / 9.0;
        p.y[i] = 3.0 * pow(p.a[i], -12.0);
    }
    p.ds.n = 10;
    p.ds.col[EC_ROLE_X] = p.a;
    p.ds.col[EC_ROLE_Y] = p.y;
    ec_fit_options o = opts("power");
    ec_nlfit_result r, user;
    FIT_KIND(&p.ds, &o, &r, EC_FITCHECK_OK);
    assert_string_equal(r.widened, "alpha=-10:50");
    CONTAINS(r.status, "default bounds widened: alpha=-10:50");
    ASSERT_REL(r.params[pidx(&r, "alpha")], 12.0, 1e-7);
    ASSERT_REL(r.params[pidx(&r, "A")], 3.0, 1e-7);
    assert_int_equal(r.at_bound[pidx(&r, "alpha")], 0);
    /* The options a bootstrap gets carry the widened bound. */
    ec_fit_options w;
    assert_int_equal(ec_fitcheck_options(&o, &r, &w, NULL), EC_OK);
    assert_string_equal(w.bound, "alpha=-10:50");
    /* The user's own bound at 10: reported at the bound as before, not widened, and a worse objective. */
    set_opt(&o, "bound", "alpha=-10:10");
    FIT_KIND(&p.ds, &o, &user, EC_FITCHECK_OK);
    assert_string_equal(user.widened, "");
    assert_int_equal(user.at_bound[pidx(&user, "alpha")], 1);
    assert_true(user.objective > 1e6 * r.objective + 1e-20);
}

/* trend --algorithmic's five points (tests/cli/cases/plot_option_unavailable_first.sh): E ends at its
 * domain bound 0 (3.8e-17 or so), which is not widened but named; the user's --bound E=0: accepts it. */
static void test_domain_bound(void **state)
{
    (void)state;
    pts p = {0};
    static const double C[5] = {1e20, 1e21, 3e21, 1e22, 5e22}, t[5] = {2019.5, 2020.0, 2021.0, 2022.0, 2023.0},
                        L[5] = {2.9, 2.7, 2.5, 2.3, 2.1};
    memcpy(p.a, C, sizeof C);
    memcpy(p.b, t, sizeof t);
    memcpy(p.y, L, sizeof L);
    p.ds.n = 5;
    p.ds.col[EC_ROLE_C] = p.a;
    p.ds.col[EC_ROLE_DATE] = p.b;
    p.ds.col[EC_ROLE_L] = p.y;
    ec_fit_options o = opts("effective-compute-time");
    set_opt(&o, "loss", "ls-log");
    ec_nlfit_result r;
    FIT_KIND(&p.ds, &o, &r, EC_FITCHECK_AT_BOUND);
    CONTAINS(r.status, "E = ");
    CONTAINS(r.status, "lower bound 0");
    assert_true(r.params[pidx(&r, "E")] < 1e-6);
    set_opt(&o, "bound", "E=0:");
    FIT_KIND(&p.ds, &o, &r, EC_FITCHECK_OK);
    assert_int_equal(r.at_bound[pidx(&r, "E")], 1);
}

static ec_dataset *load(const char *path, const char *columns)
{
    ec_column_map map = {{NULL}};
    ec_error err;
    ec_error_clear(&err);
    if (ec_column_map_parse(&map, columns, &err) != EC_OK) fail_msg("%s", err.message);
    ec_dataset *ds = ec_dataset_load_csv(path, &map, &err);
    ec_column_map_clear(&map);
    if (!ds) fail_msg("%s: %s", path, err.message);
    return ds;
}

/* The Llama 3 isoFLOP points with bnsl and ls-log: c1 sits on its default upper bound 5; widening it three
 * times (25, 85, 265) lowers the objective each time and c1 follows the bound: at infinity. */
static void test_llama3_bnsl_at_infinity(void **state)
{
    (void)state;
    ec_dataset *ds = load("../data/llama3_isoflops_points.csv", "C=compute_budget,D=training_tokens,L=validation_loss");
    ec_fit_options o = opts("bnsl");
    set_opt(&o, "loss", "ls-log");
    ec_nlfit_result r, def;
    FIT_KIND(ds, &o, &r, EC_FITCHECK_AT_INFINITY);
    CONTAINS(r.status, "c1 = 265");
    assert_string_equal(r.widened, "c1=-5:265");
    set_opt(&o, "bound", "c1=-5:5"); /* the default bound, given by the user: kept, flagged */
    FIT_OK(ds, &o, &def);
    assert_int_equal(def.at_bound[pidx(&def, "c1")], 1);
    assert_int_equal(def.converged, 1);
    assert_true(r.objective < def.objective);
    ec_dataset_free(ds);
}

/* Every bootstrap replicate fails (10 iterations): EC_ENOCONV, and the replicates are still returned. */
static void test_bootstrap_none_converged(void **state)
{
    (void)state;
    ec_dataset *ds = load("../data/epoch_chinchilla_svg_extracted_data.csv", "N=Model Size,C=Training FLOP,L=loss");
    ec_error e0;
    if (ec_dataset_drop_highest(ds, EC_ROLE_L, 5, &e0) != EC_OK) fail_msg("%s", e0.message);
    ec_fit_options o = opts("chinchilla");
    set_opt(&o, "max_iter", "10");
    set_opt(&o, "bootstrap", "20");
    ec_nlfit_result r;
    FIT_OK(ds, &o, &r);
    ec_boot *b = NULL;
    ec_error err;
    assert_int_equal(ec_nlfit_bootstrap(ds, &o, &r, &b, &err), EC_ENOCONV);
    assert_non_null(b);
    assert_int_equal(b->replicates, 20);
    assert_int_equal(b->failed, 20);
    CONTAINS(err.message, "only 0 of 20 replicates converged");
    ec_boot_free(b);
    ec_dataset_free(ds);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_constant_loss),
        cmocka_unit_test(test_collinear),
        cmocka_unit_test(test_widened_bound),
        cmocka_unit_test(test_domain_bound),
        cmocka_unit_test(test_llama3_bnsl_at_infinity),
        cmocka_unit_test(test_bootstrap_none_converged),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
