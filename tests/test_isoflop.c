/*
 * test_isoflop.c — unit tests for the isoFLOP analysis (ec_isoflop.h):
 * exact recovery of per-budget vertices and of the frontier from synthetic
 * parabolas in log10 D (and in log10 N) whose vertices lie on an exact power
 * law; grouping of budgets; extrapolated vertices; the stratified bootstrap
 * (identical for 1 and 2 threads, intervals around the estimate); bad input;
 * the choice of variable from a dataset's column map; and the Llama 3
 * isoFLOP points against the published frontier.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "ec_test.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ec_dataset.h"
#include "ec_isoflop.h"

#define LLAMA3 "../data/llama3_isoflops_points.csv"
#define PARAMS_CSV "data/isoflop_params.csv"

/* ------------------------------------------------------------- helpers */


static void assert_contains(const char *hay, const char *needle, int line)
{
    if (!strstr(hay, needle)) fail_msg("line %d: message \"%s\" does not contain \"%s\"", line, hay, needle);
}
#define ASSERT_CONTAINS(hay, needle) assert_contains((hay), (needle), __LINE__)

/* The synthetic truth: D*(C) = K C^E, per-budget parabolas in log10 x around x*. */
#define K 0.31
#define E 0.52
#define NB 6
#define NP 7
static const double offsets[NP] = {-0.6, -0.35, -0.1, 0.05, 0.2, 0.45, 0.7}; /* u − u*, asymmetric */

static double budget_C(int j)
{
    return 1e18 * pow(10.0, 0.5 * j);
}
static double budget_Lstar(int j)
{
    return 3.0 - 0.11 * j;
}
static double budget_curv(int j)
{
    return 0.06 + 0.01 * j;
}

/*
 * NB budgets × NP points, interleaved across budgets (point i belongs to
 * budget i % NB) so that grouping is exercised, and with C perturbed by a
 * relative 1e-12 on every other point of each budget (still the same budget).
 */
static void synth(int x_is_tokens, double *C, double *x, double *L)
{
    for (int i = 0; i < NB * NP; i++) {
        int j = i % NB, p = i / NB;
        double Cj = budget_C(j), Dstar = K * pow(Cj, E);
        double xstar = x_is_tokens ? Dstar : Cj / (6 * Dstar);
        double d = offsets[p];
        C[i] = Cj * (p % 2 ? 1 + 1e-12 : 1.0);
        x[i] = pow(10.0, log10(xstar) + d);
        L[i] = budget_Lstar(j) + budget_curv(j) * d * d;
    }
}

static void run_ok(const double *C, const double *x, const double *L, size_t n, int tokens,
                   const ec_isoflop_options *opt, ec_isoflop_result *res, int line)
{
    ec_error err;
    ec_error_clear(&err);
    int rc = ec_isoflop(C, x, L, n, tokens, opt, res, &err);
    if (rc != EC_OK) fail_msg("line %d: ec_isoflop failed (%d): %s", line, rc, err.message);
}
#define RUN_OK(C, x, L, n, tokens, opt, res) run_ok((C), (x), (L), (n), (tokens), (opt), (res), __LINE__)

static int run_err(const double *C, const double *x, const double *L, size_t n, ec_error *err)
{
    ec_isoflop_result res;
    ec_error_clear(err);
    int rc = ec_isoflop(C, x, L, n, 1, NULL, &res, err);
    assert_int_not_equal(rc, EC_OK);
    assert_int_equal(err->code, rc);
    assert_null(res.budgets); /* left empty */
    ec_isoflop_clear(&res);
    return rc;
}

/* --------------------------------------------------------------- exact */

static void check_exact(int tokens)
{
    double C[NB * NP], x[NB * NP], L[NB * NP];
    synth(tokens, C, x, L);
    ec_isoflop_result res;
    RUN_OK(C, x, L, NB * NP, tokens, NULL, &res);
    assert_int_equal(res.x_is_tokens, tokens);
    assert_int_equal(res.n_points, NB * NP);
    assert_int_equal(res.n_budgets, NB);
    for (int j = 0; j < NB; j++) {
        const ec_isoflop_budget *b = &res.budgets[j];
        double Cj = budget_C(j), Dstar = K * pow(Cj, E), Nstar = Cj / (6 * Dstar);
        assert_true(b->compute == Cj); /* the smallest C of the group, exact */
        assert_int_equal(b->n_points, NP);
        ASSERT_REL(b->D, Dstar, 1e-10);
        ASSERT_REL(b->N, Nstar, 1e-10);
        ASSERT_REL(b->opt_x, tokens ? Dstar : Nstar, 1e-10);
        ASSERT_REL(b->loss, budget_Lstar(j), 1e-10);
        ASSERT_REL(b->curvature, budget_curv(j), 1e-8);
        assert_true(b->rmse < 1e-12);
        assert_true(b->inside);
        ASSERT_REL(log10(b->x_min), log10(tokens ? Dstar : Nstar) + offsets[0], 1e-12);
        ASSERT_REL(log10(b->x_max), log10(tokens ? Dstar : Nstar) + offsets[NP - 1], 1e-12);
        assert_true(isnan(b->ci_D[0]) && isnan(b->ci_loss[1]));
    }
    ASSERT_REL(res.D_coef, K, 1e-10);
    ASSERT_REL(res.D_exp, E, 1e-10);
    ASSERT_REL(res.N_coef, 1 / (6 * K), 1e-10);
    ASSERT_REL(res.N_exp, 1 - E, 1e-10);
    ASSERT_REL(res.frontier_r2, 1.0, 1e-12);
    assert_int_equal(res.replicates, 0);
    assert_null(res.samples);
    assert_true(isnan(res.ci_D_exp[0]));
    /* Tokens per parameter D* / N* = 6 k² C^(2e−1), from the frontier. */
    double ci[2];
    ASSERT_REL(ec_isoflop_tokens_per_parameter(&res, 1e24, ci), 6 * K * K * pow(1e24, 2 * E - 1), 1e-9);
    assert_true(isnan(ci[0]) && isnan(ci[1]));
    ec_isoflop_clear(&res);
    assert_null(res.budgets);
}

static void test_exact_tokens(void **state)
{
    (void)state;
    check_exact(1);
}

static void test_exact_parameters(void **state)
{
    (void)state;
    check_exact(0);
}

/* A budget sampled on one side of its optimum: the vertex is extrapolated. */
static void test_extrapolated_vertex(void **state)
{
    (void)state;
    double C[NB * NP], x[NB * NP], L[NB * NP];
    synth(1, C, x, L);
    for (int i = 0; i < NB * NP; i++)
        if (i % NB == 2) { /* budget 2: shift all its points to the right of the vertex */
            int p = i / NB;
            double d = 0.1 + 0.1 * p, Dstar = K * pow(budget_C(2), E);
            x[i] = pow(10.0, log10(Dstar) + d);
            L[i] = budget_Lstar(2) + budget_curv(2) * d * d;
        }
    ec_isoflop_result res;
    RUN_OK(C, x, L, NB * NP, 1, NULL, &res);
    for (int j = 0; j < NB; j++) assert_int_equal(res.budgets[j].inside, j != 2);
    ASSERT_REL(res.budgets[2].D, K * pow(budget_C(2), E), 1e-9); /* still exact on an exact parabola */
    assert_true(res.budgets[2].x_min > res.budgets[2].D);
    ec_isoflop_clear(&res);
}

/* Two budgets are enough; budgets come out sorted by compute whatever the input order. */
static void test_two_budgets_sorted(void **state)
{
    (void)state;
    const double C[] = {1e20, 1e19, 1e20, 1e19, 1e20, 1e19};
    const double x[] = {1e10, 1e9, 2e10, 2e9, 4e10, 4e9};
    const double L[] = {2.6, 3.0, 2.5, 2.9, 2.55, 2.95};
    ec_isoflop_result res;
    RUN_OK(C, x, L, 6, 1, NULL, &res);
    assert_int_equal(res.n_budgets, 2);
    assert_true(res.budgets[0].compute == 1e19 && res.budgets[1].compute == 1e20);
    assert_true(isnan(res.frontier_r2)); /* a line through 2 points */
    /* Both parabolas have the same shape one decade apart, so the exponent is exactly 1. */
    ASSERT_REL(res.D_exp, 1.0, 1e-10);
    ec_isoflop_clear(&res);
}

/* ----------------------------------------------------------- bootstrap */

/* Synthetic data with deterministic pseudo-noise on the loss. */
static void noisy(double *C, double *x, double *L)
{
    synth(1, C, x, L);
    for (int i = 0; i < NB * NP; i++) L[i] += 0.004 * sin(12.9898 * i + 78.233);
}

static void test_bootstrap_threads(void **state)
{
    (void)state;
    double C[NB * NP], x[NB * NP], L[NB * NP];
    noisy(C, x, L);
    ec_isoflop_options opt = ec_isoflop_default_options();
    ec_error err;
    assert_int_equal(ec_option_set(ec_isoflop_option_table(), &opt, "bootstrap", "300", &err), EC_OK);
    assert_int_equal(ec_option_set(ec_isoflop_option_table(), &opt, "seed", "7", &err), EC_OK);
    ec_isoflop_result r1, r2;
    opt.threads = 1;
    RUN_OK(C, x, L, NB * NP, 1, &opt, &r1);
    opt.threads = 2;
    RUN_OK(C, x, L, NB * NP, 1, &opt, &r2);
    assert_int_equal(r1.replicates, 300);
    assert_true(r1.seed == 7);
    assert_int_equal(r1.failed, r2.failed);
    const size_t S = EC_ISOFLOP_STRIDE(r1.n_budgets);
    assert_memory_equal(r1.ok, r2.ok, r1.replicates);
    assert_memory_equal(r1.samples, r2.samples, sizeof(double) * r1.replicates * S);
    assert_memory_equal(r1.ci_D_coef, r2.ci_D_coef, sizeof r1.ci_D_coef);
    assert_memory_equal(r1.ci_D_exp, r2.ci_D_exp, sizeof r1.ci_D_exp);
    assert_memory_equal(r1.ci_N_coef, r2.ci_N_coef, sizeof r1.ci_N_coef);
    assert_memory_equal(r1.ci_N_exp, r2.ci_N_exp, sizeof r1.ci_N_exp);
    for (size_t b = 0; b < r1.n_budgets; b++) {
        const ec_isoflop_budget *b1 = &r1.budgets[b], *b2 = &r2.budgets[b];
        assert_memory_equal(b1->ci_D, b2->ci_D, sizeof b1->ci_D);
        assert_memory_equal(b1->ci_N, b2->ci_N, sizeof b1->ci_N);
        assert_memory_equal(b1->ci_loss, b2->ci_loss, sizeof b1->ci_loss);
        assert_int_equal(b1->n_failed, b2->n_failed);
        /* Intervals are ordered and (for this mild noise) contain the estimate. */
        assert_true(b1->ci_D[0] <= b1->D && b1->D <= b1->ci_D[1]);
        assert_true(b1->ci_N[0] <= b1->N && b1->N <= b1->ci_N[1]);
        assert_true(b1->ci_loss[0] <= b1->loss && b1->loss <= b1->ci_loss[1]);
    }
    assert_true(r1.ci_D_exp[0] < r1.D_exp && r1.D_exp < r1.ci_D_exp[1]);
    assert_true(r1.ci_D_coef[0] < r1.D_coef && r1.D_coef < r1.ci_D_coef[1]);
    ASSERT_REL(r1.ci_N_exp[0], 1 - r1.ci_D_exp[1], 1e-12); /* N_exp = 1 − D_exp, a monotone map */
    /* Successful rows satisfy the frontier identities; failed rows are NAN. */
    for (size_t r = 0; r < r1.replicates; r++) {
        const double *row = r1.samples + r * S;
        if (r1.ok[r]) {
            ASSERT_REL(row[2], 1 / (6 * row[0]), 1e-14);
            ASSERT_REL(row[3], 1 - row[1], 1e-14);
        } else {
            assert_true(isnan(row[0]));
        }
    }
    double ci1[2], ci2[2];
    ec_isoflop_tokens_per_parameter(&r1, 1e24, ci1);
    ec_isoflop_tokens_per_parameter(&r2, 1e24, ci2);
    assert_memory_equal(ci1, ci2, sizeof ci1);
    assert_true(ci1[0] < ci1[1]);
    /* Another seed gives other draws. */
    opt.seed = 8;
    ec_isoflop_result r3;
    RUN_OK(C, x, L, NB * NP, 1, &opt, &r3);
    assert_true(memcmp(r1.samples, r3.samples, sizeof(double) * S) != 0 || r1.ok[0] != r3.ok[0]);
    ec_isoflop_clear(&r1);
    ec_isoflop_clear(&r2);
    ec_isoflop_clear(&r3);
}

/* Budgets of 3 points: resamples often have fewer than 3 distinct x and fail. */
static void test_bootstrap_failures_counted(void **state)
{
    (void)state;
    const double C[] = {1e19, 1e19, 1e19, 1e20, 1e20, 1e20};
    const double x[] = {1e9, 2e9, 4e9, 1e10, 2e10, 4e10};
    const double L[] = {3.0, 2.9, 2.95, 2.6, 2.5, 2.55};
    ec_isoflop_options opt = ec_isoflop_default_options();
    opt.bootstrap = 100;
    ec_isoflop_result res;
    RUN_OK(C, x, L, 6, 1, &opt, &res);
    /* P(3 distinct of 3 draws) = 6/27 per budget, so about 95% of replicates fail. */
    assert_true(res.failed > 80 && res.failed < 100);
    assert_true(res.budgets[0].n_failed > 60 && res.budgets[1].n_failed > 60);
    assert_true(res.budgets[0].n_failed + res.budgets[1].n_failed >= res.failed);
    size_t ok = 0;
    for (size_t r = 0; r < res.replicates; r++) ok += res.ok[r];
    assert_int_equal(ok, res.replicates - res.failed);
    ec_isoflop_clear(&res);
}

/* ----------------------------------------------------------- bad input */

static void test_budget_with_two_points(void **state)
{
    (void)state;
    const double C[] = {1e19, 1e19, 1e19, 1e20, 1e20};
    const double x[] = {1e9, 2e9, 4e9, 3e9, 6e9};
    const double L[] = {3.0, 2.9, 2.95, 2.6, 2.55};
    ec_error err;
    assert_int_equal(run_err(C, x, L, 5, &err), EC_EDATA);
    ASSERT_CONTAINS(err.message, "budget C = 1e+20 has only 2 points");
    ASSERT_CONTAINS(err.message, "at least 3");
}

static void test_concave_budget(void **state)
{
    (void)state;
    const double C[] = {1e19, 1e19, 1e19, 1e20, 1e20, 1e20};
    const double x[] = {1e9, 2e9, 4e9, 3e9, 6e9, 1.2e10};
    const double L[] = {3.0, 2.9, 2.95, 2.6, 2.55, 2.4};
    ec_error err;
    assert_int_equal(run_err(C, x, L, 6, &err), EC_EDATA);
    ASSERT_CONTAINS(err.message, "budget C = 1e+20");
    ASSERT_CONTAINS(err.message, "concave or flat");
    ASSERT_CONTAINS(err.message, "do not bracket a minimum");
    /* A flat budget (c = 0) too. */
    const double Lflat[] = {3.0, 2.9, 2.95, 2.6, 2.6, 2.6};
    assert_int_equal(run_err(C, x, Lflat, 6, &err), EC_EDATA);
    ASSERT_CONTAINS(err.message, "concave or flat");
}

static void test_single_budget(void **state)
{
    (void)state;
    const double C[] = {1e19, 1e19 * (1 + 1e-10), 1e19, 1e19};
    const double x[] = {1e9, 2e9, 4e9, 8e9};
    const double L[] = {3.0, 2.9, 2.95, 3.1};
    ec_error err;
    assert_int_equal(run_err(C, x, L, 4, &err), EC_EDATA);
    ASSERT_CONTAINS(err.message, "only 1 compute budget");
    ASSERT_CONTAINS(err.message, "at least 2 budgets");
}

static void test_other_bad_input(void **state)
{
    (void)state;
    const double C[] = {1e19, 1e19, 1e19, 1e20, 1e20, 1e20};
    const double x[] = {1e9, 2e9, 4e9, 3e9, 6e9, 1.2e10};
    const double L[] = {3.0, 2.9, 2.95, 2.6, 2.5, 2.55};
    ec_error err;
    /* Fewer than 3 distinct x. */
    const double xdup[] = {1e9, 2e9, 2e9, 3e9, 6e9, 1.2e10};
    assert_int_equal(run_err(C, xdup, L, 6, &err), EC_EDATA);
    ASSERT_CONTAINS(err.message, "fewer than 3 distinct values of D");
    /* Non-positive values. */
    const double xneg[] = {1e9, 2e9, 4e9, 3e9, -6e9, 1.2e10};
    assert_int_equal(run_err(C, xneg, L, 6, &err), EC_EDATA);
    ASSERT_CONTAINS(err.message, "point 5: D = -6e+09 is not a positive number");
    const double Czero[] = {1e19, 0, 1e19, 1e20, 1e20, 1e20};
    assert_int_equal(run_err(Czero, x, L, 6, &err), EC_EDATA);
    ASSERT_CONTAINS(err.message, "point 2: compute C");
    assert_int_equal(run_err(C, x, L, 0, &err), EC_EDATA);
    /* One bootstrap replicate. */
    ec_isoflop_options opt = ec_isoflop_default_options();
    opt.bootstrap = 1;
    ec_isoflop_result res;
    assert_int_equal(ec_isoflop(C, x, L, 6, 1, &opt, &res, &err), EC_EINVAL);
    ASSERT_CONTAINS(err.message, "at least 2 replicates");
    /* The option table validates too. */
    assert_int_equal(ec_option_set(ec_isoflop_option_table(), &opt, "bootstrap", "-3", &err), EC_EINVAL);
    assert_int_equal(ec_option_set(ec_isoflop_option_table(), &opt, "nonsense", "1", &err), EC_EINVAL);
}

/* ------------------------------------------------------------- datasets */

static ec_dataset *load(const char *path, const char *spec)
{
    ec_column_map map = {{0}};
    ec_error err;
    if (ec_column_map_parse(&map, spec, &err) != EC_OK) fail_msg("map %s: %s", spec, err.message);
    ec_dataset *ds = ec_dataset_load_csv(path, &map, &err);
    ec_column_map_clear(&map);
    if (!ds) fail_msg("%s: %s", path, err.message);
    return ds;
}

/* N mapped with C: the loader derives D, and the parabolas are fitted in N. */
static void test_dataset_variable(void **state)
{
    (void)state;
    ec_dataset *ds = load(PARAMS_CSV, "C=compute,N=params,L=loss");
    assert_true(ds->derived & (1u << EC_ROLE_D));
    ec_isoflop_result res;
    ec_error err;
    assert_int_equal(ec_isoflop_dataset(ds, NULL, &res, &err), EC_OK);
    assert_int_equal(res.x_is_tokens, 0);
    assert_int_equal(res.n_budgets, 4);
    /* The fixture is exact to 12 significant digits: N*(C) = C/(6·0.29·C^0.53). */
    ASSERT_REL(res.D_exp, 0.53, 1e-9);
    ASSERT_REL(res.D_coef, 0.29, 1e-8);
    ASSERT_REL(res.N_exp, 0.47, 1e-9);
    ASSERT_REL(res.budgets[1].N, 1e19 / (6 * 0.29 * pow(1e19, 0.53)), 1e-9);
    ASSERT_REL(res.budgets[3].loss, 3.2 - 0.75, 1e-10);
    ec_isoflop_clear(&res);
    ec_dataset_free(ds);

    /* Both N and D given by the user. */
    ds = load("data/isoflop_params_tokens.csv", "C=compute,N=params,D=tokens,L=loss");
    assert_int_equal(ec_isoflop_dataset(ds, NULL, &res, &err), EC_EINVAL);
    ASSERT_CONTAINS(err.message, "map D (tokens) or N (parameters)");
    ec_dataset_free(ds);
    /* Neither. */
    ds = load(PARAMS_CSV, "C=compute,L=loss");
    assert_int_equal(ec_isoflop_dataset(ds, NULL, &res, &err), EC_EINVAL);
    ASSERT_CONTAINS(err.message, "map D (tokens) or N (parameters)");
    ec_dataset_free(ds);
    /* No budget column: C would be derived from N and D. */
    ds = load(PARAMS_CSV, "N=params,D=compute,L=loss");
    assert_int_equal(ec_isoflop_dataset(ds, NULL, &res, &err), EC_EINVAL);
    ASSERT_CONTAINS(err.message, "map C");
    ec_dataset_free(ds);
    /* No loss. */
    ds = load(PARAMS_CSV, "C=compute,D=params");
    assert_int_equal(ec_isoflop_dataset(ds, NULL, &res, &err), EC_EINVAL);
    ASSERT_CONTAINS(err.message, "map L");
    ec_dataset_free(ds);
}

/*
 * The Llama 3 isoFLOP points (Dubey et al. 2024, Fig. 2, extracted by
 * eric-czech/llama3_isoflop_extraction). The paper reports D*(C) = A·C^α
 * with (α, A) = (0.53, 0.29). We get α = 0.5368 and A = 0.2994 (10 budgets,
 * 133 points, every vertex inside its sampled range).
 */
static void test_llama3(void **state)
{
    (void)state;
    ec_dataset *ds = load(LLAMA3, "C=compute_budget,D=training_tokens,L=validation_loss");
    ec_isoflop_result res;
    ec_error err;
    assert_int_equal(ec_isoflop_dataset(ds, NULL, &res, &err), EC_OK);
    assert_int_equal(res.x_is_tokens, 1);
    assert_int_equal(res.n_points, 133);
    assert_int_equal(res.n_budgets, 10);
    assert_true(res.budgets[0].compute == 6e18 && res.budgets[9].compute == 1e22);
    for (size_t b = 0; b < res.n_budgets; b++) assert_true(res.budgets[b].inside);
    assert_true(fabs(res.D_exp - 0.53) <= 0.03);
    assert_true(res.D_coef >= 0.29 / 2 && res.D_coef <= 0.29 * 2);
    ASSERT_REL(res.D_exp, 0.5368, 1e-3);   /* our value, recorded above */
    ASSERT_REL(res.D_coef, 0.2994, 1e-3);
    ec_isoflop_clear(&res);
    ec_dataset_free(ds);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_exact_tokens),
        cmocka_unit_test(test_exact_parameters),
        cmocka_unit_test(test_extrapolated_vertex),
        cmocka_unit_test(test_two_budgets_sorted),
        cmocka_unit_test(test_bootstrap_threads),
        cmocka_unit_test(test_bootstrap_failures_counted),
        cmocka_unit_test(test_budget_with_two_points),
        cmocka_unit_test(test_concave_budget),
        cmocka_unit_test(test_single_budget),
        cmocka_unit_test(test_other_bad_input),
        cmocka_unit_test(test_dataset_variable),
        cmocka_unit_test(test_llama3),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
