/* test_project.c — projections of larger models (solvers/ec_project.h):
 * issue 11's visible check against Epoch's MLE fit, closed forms of every
 * policy, the inference-aware optimum against its first-order condition,
 * mixture-of-experts accounting (Llama 4 Maverick's 2.244e24 FLOP),
 * efficiency factors, bands against percentiles computed here from the
 * replicates, paired differences, the delta method against a band from
 * normal replicates, and bad specifications. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "ec_test.h"
#include "ec_test_simd.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ec_interval.h"
#include "ec_chinchilla.h"
#include "ec_law.h"
#include "ec_project.h"
#include "ec_random.h"

/* Epoch's MLE fit (Besiroglu et al. 2024, their headline numbers), order E, A, B, alpha, beta. */
static const double mle[5] = {1.81686, 482.0057, 2085.434, 0.347813, 0.365854};

static ec_law *chin_law(const double *p)
{
    ec_error err;
    ec_law *law = ec_law_new(ec_form_find("chinchilla"), p, &err);
    assert_non_null(law);
    return law;
}

static double L(const double *p, double N, double D)
{
    return p[0] + p[1] * pow(N, -p[3]) + p[2] * pow(D, -p[4]);
}

/* The compute-optimal N at budget C (k = 6) by the closed form of Hoffmann et al. 2022. */
static double n_opt(const double *p, double C)
{
    double a = p[3], b = p[4], G = pow(a * p[1] / (b * p[2]), 1 / (a + b));
    return G * pow(C / 6, b / (a + b));
}

static ec_model_size size_of(const char *text)
{
    ec_model_size s;
    ec_error err;
    if (ec_model_size_parse(text, &s, &err) != EC_OK) fail_msg("size '%s': %s", text, err.message);
    return s;
}

static ec_policy policy_of(const char *text)
{
    ec_policy p;
    ec_error err;
    if (ec_policy_parse(text, &p, &err) != EC_OK) fail_msg("policy '%s': %s", text, err.message);
    return p;
}

static void run(const ec_law *law, const char *const *sizes, size_t ns, const char *const *pols, size_t np,
                const ec_efficiency *effs, size_t ne, const ec_project_options *opt, ec_project_result *res)
{
    ec_model_size s[16];
    ec_policy p[16];
    for (size_t i = 0; i < ns; i++) s[i] = size_of(sizes[i]);
    for (size_t i = 0; i < np; i++) p[i] = policy_of(pols[i]);
    ec_error err;
    if (ec_project(law, s, ns, p, np, effs, ne, opt, res, &err) != EC_OK) fail_msg("ec_project: %s", err.message);
}

/* Issue 11's visible check: the numbers it quotes, to their printed digits, and the closed forms to 1e-12. */
static void test_visible_check(void **state)
{
    (void)state;
    ec_law *law = chin_law(mle);
    const char *sizes[] = {"compute=1e27", "compute=1e28", "10T"};
    const char *pols[] = {"compute-optimal", "tokens-per-param=20"};
    ec_project_result r;
    run(law, sizes, 3, pols, 2, NULL, 0, NULL, &r);
    assert_int_equal(r.n_rows, 6);
    assert_int_equal(r.band, EC_BAND_NONE);
    /* 1e27 FLOP compute-optimal: N* 3.313e12, D* 5.031e13, L 1.8584 */
    ASSERT_REL(r.rows[0].N_law, 3.313e12, 5e-4);
    ASSERT_REL(r.rows[0].D, 5.031e13, 5e-4);
    ASSERT_REL(r.rows[0].loss, 1.8584, 5e-5);
    ASSERT_REL(r.rows[0].compute, 1e27, 1e-12);
    ASSERT_REL(r.rows[0].N_law, n_opt(mle, 1e27), 1e-12);
    ASSERT_REL(r.rows[0].loss, L(mle, r.rows[0].N_law, r.rows[0].D), 1e-12);
    /* 1e28: N* 1.079e13, D* 1.545e14, L 1.8444 */
    ASSERT_REL(r.rows[2].N_law, 1.079e13, 5e-4);
    ASSERT_REL(r.rows[2].D, 1.545e14, 5e-4);
    ASSERT_REL(r.rows[2].loss, 1.8444, 5e-5);
    /* 10T at 20 tokens per parameter: 1.2e28 FLOP, L 1.8436 */
    ASSERT_REL(r.rows[5].compute, 1.2e28, 1e-12);
    ASSERT_REL(r.rows[5].D, 2e14, 1e-12);
    ASSERT_REL(r.rows[5].loss, 1.8436, 5e-5);
    ASSERT_REL(r.rows[5].loss, L(mle, 1e13, 2e14), 1e-12);
    /* A budget with tokens-per-param: N = sqrt(C / (6 M)). */
    ASSERT_REL(r.rows[1].N_law, sqrt(1e27 / 120), 1e-12);
    ASSERT_REL(r.rows[1].compute, 1e27, 1e-12);
    /* A size, compute-optimal: the budget at which 10T is optimal, and its loss. */
    ASSERT_REL(n_opt(mle, r.rows[4].compute), 1e13, 1e-10);
    /* No data range on an inline law: no trust figure. */
    assert_true(isnan(r.rows[0].beyond_compute));
    ec_project_clear(&r);
    ec_law_free(law);
}

/* tokens=D and the data cap; loss=L inverts the frontier; beyond the data as log10 ratios. */
static void test_policies(void **state)
{
    (void)state;
    ec_law *law = chin_law(mle);
    law->data_max_C = 1.3e22;
    law->data_max_N = 1.6e10;
    const char *sizes[] = {"70B", "1T"};
    const char *pols[] = {"tokens=15T", "loss=1.9", "tokens-per-param=200"};
    ec_project_options opt = ec_project_default_options();
    opt.max_tokens = 1e14;
    ec_project_result r;
    run(law, sizes, 2, pols, 3, NULL, 0, &opt, &r);
    assert_int_equal(r.n_rows, 5); /* the loss row once */
    ASSERT_REL(r.rows[0].D, 15e12, 1e-15);
    ASSERT_REL(r.rows[0].compute, 6 * 70e9 * 15e12, 1e-12);
    ASSERT_REL(r.rows[0].loss, L(mle, 70e9, 15e12), 1e-12);
    ASSERT_REL(r.rows[0].beyond_compute, log10(6 * 70e9 * 15e12 / 1.3e22), 1e-12);
    ASSERT_REL(r.rows[0].beyond_size, log10(70e9 / 1.6e10), 1e-12);
    /* loss=1.9: the compute-optimal model reaching it. */
    assert_string_equal(r.rows[1].size.text, "-");
    ASSERT_REL(r.rows[1].loss, 1.9, 1e-15);
    ASSERT_REL(L(mle, r.rows[1].N_law, r.rows[1].D), 1.9, 1e-10);
    ASSERT_REL(r.rows[1].N_law, n_opt(mle, r.rows[1].compute), 1e-10);
    /* 70B at 200 tokens/param: 1.4e13 tokens, under the cap. 1T at 200: 2e14, capped at 1e14. */
    assert_int_equal(r.rows[2].capped, 0);
    ASSERT_REL(r.rows[2].D, 1.4e13, 1e-15);
    assert_int_equal(r.rows[4].capped, 1);
    ASSERT_REL(r.rows[4].D, 1e14, 1e-15);
    ASSERT_REL(r.rows[4].tokens_per_param, 100, 1e-15);
    ASSERT_REL(r.rows[4].loss, L(mle, 1e12, 1e14), 1e-12);
    ec_project_clear(&r);
    ec_law_free(law);
}

/* Sardana et al. 2024: D_inf = 0 is the compute-optimal model; with inference the total k N D + 2 N D_inf is
 * least at the N found (first-order condition) and the quality is the compute-optimal model's. */
static void test_inference(void **state)
{
    (void)state;
    ec_law *law = chin_law(mle);
    const char *sizes[] = {"compute=1e26", "2T"};
    const char *pols[] = {"compute-optimal", "inference=0", "inference=1e15"};
    ec_project_result r;
    run(law, sizes, 2, pols, 3, NULL, 0, NULL, &r);
    for (int s = 0; s < 2; s++) {
        const ec_project_row *opt = &r.rows[3 * s], *zero = &r.rows[3 * s + 1], *inf = &r.rows[3 * s + 2];
        ASSERT_REL(zero->N_law, opt->N_law, 1e-9);
        ASSERT_REL(zero->D, opt->D, 1e-9);
        ASSERT_REL(zero->loss, opt->loss, 1e-12);
        ASSERT_REL(inf->loss, opt->loss, 1e-10);          /* the same quality */
        assert_true(inf->N_law < 0.7 * opt->N_law);       /* smaller, trained longer */
        assert_true(inf->tokens_per_param > 2 * opt->tokens_per_param);
        double best = 6 * inf->N_law * inf->D + 2 * inf->N_law * 1e15;
        for (int sgn = -1; sgn <= 1; sgn += 2) {
            double N = inf->N_law * (1 + sgn * 1e-3);
            double gap = opt->loss - mle[0] - mle[1] * pow(N, -mle[3]);
            double D = pow(mle[2] / gap, 1 / mle[4]);
            assert_true(6 * N * D + 2 * N * 1e15 >= best * (1 - 1e-12));
        }
        /* the first-order condition itself: d total / d ln N = 0 at N (central difference, h = 1e-4) */
        double h = 1e-4, f[2];
        for (int sgn = 0; sgn < 2; sgn++) {
            double N = inf->N_law * exp(sgn ? h : -h);
            double gap = opt->loss - mle[0] - mle[1] * pow(N, -mle[3]);
            f[sgn] = 6 * N * pow(mle[2] / gap, 1 / mle[4]) + 2 * N * 1e15;
        }
        assert_true(fabs((f[1] - f[0]) / (2 * h)) < 1e-6 * best);
        /* and less total compute than the compute-optimal model serving the same inference */
        assert_true(best < 6 * opt->N_law * opt->D + 2 * opt->N_law * 1e15);
    }
    ec_project_clear(&r);
    ec_law_free(law);
}

/* Mixture-of-experts: C = k N_active D (Llama 4 Maverick: 6 x 17e9 x 22e12 = 2.244e24); the law at the active
 * parameters by default, at the total when asked; an active fraction; k settable. */
static void test_moe(void **state)
{
    (void)state;
    ec_law *law = chin_law(mle);
    const char *sizes[] = {"active=17B,total=400B", "total=2T,active_fraction=0.1"};
    const char *pols[] = {"tokens=22T"};
    ec_project_result r;
    run(law, sizes, 2, pols, 1, NULL, 0, NULL, &r);
    ASSERT_REL(r.rows[0].compute, 2.244e24, 1e-12);
    ASSERT_REL(r.rows[0].N_active, 17e9, 1e-15);
    ASSERT_REL(r.rows[0].N_total, 400e9, 1e-15);
    ASSERT_REL(r.rows[0].loss, L(mle, 17e9, 22e12), 1e-12);
    ASSERT_REL(r.rows[0].tokens_per_param, 22e12 / 17e9, 1e-12);
    ASSERT_REL(r.rows[1].N_active, 2e11, 1e-15);
    ASSERT_REL(r.rows[1].compute, 6 * 2e11 * 22e12, 1e-12);
    ec_project_clear(&r);
    ec_project_options opt = ec_project_default_options();
    opt.law_at_total = 1;
    opt.k = 8;
    run(law, sizes, 1, pols, 1, NULL, 0, &opt, &r);
    ASSERT_REL(r.rows[0].loss, L(mle, 400e9, 22e12), 1e-12);
    ASSERT_REL(r.rows[0].compute, 8 * 17e9 * 22e12, 1e-12);
    ASSERT_REL(r.rows[0].N_law, 400e9, 1e-15);
    ec_project_clear(&r);
    ec_law_free(law);
}

/* An exact factor phi: effective compute phi C; a compute-optimal row's loss is the frontier's at phi C, another
 * policy's L(sqrt(phi) N, sqrt(phi) D). */
static void test_efficiency_exact(void **state)
{
    (void)state;
    ec_law *law = chin_law(mle);
    const char *sizes[] = {"1T"};
    const char *pols[] = {"compute-optimal", "tokens=20T"};
    ec_efficiency effs[2] = {{1, 0, "1"}, {10, 0, "10"}};
    ec_project_result r;
    run(law, sizes, 1, pols, 2, effs, 2, NULL, &r);
    assert_int_equal(r.n_rows, 4);
    const ec_project_row *o1 = &r.rows[0], *o10 = &r.rows[1], *t10 = &r.rows[3];
    ASSERT_REL(o10->compute, o1->compute, 1e-15);
    ASSERT_REL(o10->effective_compute, 10 * o1->compute, 1e-15);
    /* frontier at 10 C: N*(10C) D*(10C) = 10 C / 6 */
    double C10 = 10 * o1->compute, N = n_opt(mle, C10);
    ASSERT_REL(o10->loss, L(mle, N, C10 / 6 / N), 1e-10);
    ASSERT_REL(t10->loss, L(mle, sqrt(10) * 1e12, sqrt(10) * 20e12), 1e-12);
    ec_project_clear(&r);
    ec_law_free(law);
}

/* R replicates scattered around p, deterministic (lognormal in A and B, normal in the rest). */
static double *scatter(const double *p, size_t R, unsigned long seed, double s)
{
    gsl_rng *g = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(g, seed);
    double *m = malloc(sizeof(double) * R * 5);
    for (size_t k = 0; k < R; k++) {
        m[k * 5 + 0] = p[0] + gsl_ran_gaussian(g, 0.02 * s);
        m[k * 5 + 1] = p[1] * exp(gsl_ran_gaussian(g, 0.2 * s));
        m[k * 5 + 2] = p[2] * exp(gsl_ran_gaussian(g, 0.2 * s));
        m[k * 5 + 3] = p[3] + gsl_ran_gaussian(g, 0.01 * s);
        m[k * 5 + 4] = p[4] + gsl_ran_gaussian(g, 0.01 * s);
    }
    gsl_rng_free(g);
    return m;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* The type-7 quantile of sorted v[0..n-1]. */
static double q7(const double *v, size_t n, double q)
{
    double h = (double)(n - 1) * q;
    size_t lo = (size_t)floor(h);
    return lo + 1 < n ? v[lo] + (h - (double)lo) * (v[lo + 1] - v[lo]) : v[lo];
}

/* Bands are percentiles of the row over the replicates (computed here by sorting); paired differences over the
 * same replicates are much narrower than the marginal bands, and a row against itself is exactly 0. */
static void test_bands_paired(void **state)
{
    (void)state;
    const size_t R = 2000;
    ec_law *law = chin_law(mle);
    double *m = scatter(mle, R, 11, 1);
    ec_error err;
    assert_int_equal(ec_law_set_replicates(law, m, R, NULL, &err), EC_OK);
    const char *sizes[] = {"1T"};
    const char *pols[] = {"tokens=20T", "tokens=21T"};
    ec_project_options opt = ec_project_default_options();
    opt.baseline = 1;
    ec_project_result r;
    run(law, sizes, 1, pols, 2, NULL, 0, &opt, &r);
    assert_int_equal(r.band, EC_BAND_REPLICATES);
    assert_int_equal(r.replicates, R);
    double *l1 = malloc(sizeof(double) * R), *d = malloc(sizeof(double) * R);
    for (size_t k = 0; k < R; k++) {
        l1[k] = L(m + 5 * k, 1e12, 20e12);
        d[k] = L(m + 5 * k, 1e12, 21e12) - l1[k];
    }
    qsort(l1, R, sizeof *l1, cmp_double);
    qsort(d, R, sizeof *d, cmp_double);
    ASSERT_REL(r.rows[0].ci_loss[0], q7(l1, R, 0.025), 1e-12);
    ASSERT_REL(r.rows[0].ci_loss[1], q7(l1, R, 0.975), 1e-12);
    ASSERT_REL(r.rows[1].ci_dloss[0], q7(d, R, 0.025), 1e-9);
    ASSERT_REL(r.rows[1].ci_dloss[1], q7(d, R, 0.975), 1e-9);
    assert_true(r.rows[0].ci_dloss[0] == 0 && r.rows[0].ci_dloss[1] == 0);
    double paired = r.rows[1].ci_dloss[1] - r.rows[1].ci_dloss[0];
    double marginal = r.rows[1].ci_loss[1] - r.rows[1].ci_loss[0];
    assert_true(paired < 0.05 * marginal);
    assert_true(r.rows[1].ci_dloss[1] < 0); /* more tokens: lower loss in every replicate */
    free(l1);
    free(d);
    free(m);
    ec_project_clear(&r);
    ec_law_free(law);
}

/* The replicates of rows with closed forms go in blocks through the vector exp: the same bands as the scalar path
 * (to an ulp of exp), and both the percentiles of the closed forms per replicate; with a factor drawn per replicate,
 * a token cap that some replicates of the compute-optimal row reach, and a compute budget (the per-replicate path). */
static void test_blocked_replicates(void **state)
{
    (void)state;
    const size_t R = 1500; /* not a multiple of the block */
    ec_law *law = chin_law(mle);
    double *m = scatter(mle, R, 23, 1);
    ec_error err;
    assert_int_equal(ec_law_set_replicates(law, m, R, NULL, &err), EC_OK);
    const char *sizes[] = {"1T", "30B", "compute=1e25"};
    const char *pols[] = {"compute-optimal", "tokens-per-param=20", "tokens=20T"};
    ec_efficiency effs[2] = {{1, 0, "1"}, {3, 0.3, "claims:X"}};
    ec_project_options opt = ec_project_default_options();
    opt.seed = 5;
    opt.max_tokens = 2.2e13; /* below some replicates' compute-optimal D for 1T */
    ec_project_result rv, rs;
    run(law, sizes, 3, pols, 3, effs, 2, &opt, &rv);
    assert_int_equal(ec_chin_simd_limit("scalar"), EC_OK);
    run(law, sizes, 3, pols, 3, effs, 2, &opt, &rs);
    if (ec_chin_simd_limit("avx512-libmvec") != EC_OK && ec_chin_simd_limit("avx2-libmvec") != EC_OK)
        assert_int_equal(ec_chin_simd_limit("scalar"), EC_OK); /* back to the widest the machine has */
    assert_int_equal(rv.n_rows, 18);
    int capped_some = 0;
    double *l = malloc(sizeof(double) * R), *dd = malloc(sizeof(double) * R);
    for (size_t i = 0; i < rv.n_rows; i++) {
        const ec_project_row *a = &rv.rows[i], *b = &rs.rows[i];
        for (int e = 0; e < 2; e++) {
            ASSERT_REL(a->ci_loss[e], b->ci_loss[e], 1e-14);
            ASSERT_REL(a->ci_D[e], b->ci_D[e], 1e-14);
            ASSERT_REL(a->ci_compute[e], b->ci_compute[e], 1e-14);
            ASSERT_REL(a->ci_effective[e], b->ci_effective[e], 1e-14);
            ASSERT_REL(a->ci_N[e], b->ci_N[e], 1e-14);
        }
        if (a->size.compute > 0) continue;
        /* the closed forms per replicate, sorted */
        const double N = a->N_law;
        ec_stream st = ec_stream_of(opt.seed, a->eff_index);
        size_t n = 0;
        int capped = 0;
        for (size_t k = 0; k < R; k++) {
            const double *q = m + 5 * k;
            double phi = a->eff.se_log > 0 ? a->eff.factor * exp(a->eff.se_log * gsl_cdf_ugaussian_Pinv(ec_random_u01(&st, k, 0, 0)))
                                           : a->eff.factor;
            double D = a->policy.kind == EC_POLICY_TOKENS ? 20e12 : 20 * N, loss = NAN;
            if (a->policy.kind == EC_POLICY_OPTIMAL) {
                /* on the frontier at the effective compute: E + K (phi x)^-gamma (Hoffmann et al.'s L*) */
                double al = q[3], be = q[4], G = pow(al * q[1] / (be * q[2]), 1 / (al + be)), x = pow(N / G, (al + be) / be);
                double K = q[1] * pow(G, -al) + q[2] * pow(G, be);
                D = x / N;
                loss = q[0] + K * pow(phi * x, -al * be / (al + be));
            }
            if (D > opt.max_tokens) D = opt.max_tokens, capped = 1, loss = NAN;
            l[n] = isnan(loss) ? L(q, sqrt(phi) * N, sqrt(phi) * D) : loss;
            dd[n++] = D;
        }
        capped_some |= capped && a->policy.kind == EC_POLICY_OPTIMAL;
        qsort(l, n, sizeof *l, cmp_double);
        qsort(dd, n, sizeof *dd, cmp_double);
        ASSERT_REL(b->ci_loss[0], q7(l, n, 0.025), 1e-11);
        ASSERT_REL(b->ci_loss[1], q7(l, n, 0.975), 1e-11);
        ASSERT_REL(b->ci_D[0], q7(dd, n, 0.025), 1e-11);
        ASSERT_REL(b->ci_D[1], q7(dd, n, 0.975), 1e-11);
    }
    assert_true(capped_some);
    free(l);
    free(dd);
    free(m);
    ec_project_clear(&rv);
    ec_project_clear(&rs);
    ec_law_free(law);
}

/* The loss band read off single-precision estimates (loss_tails), then bounds from the law's term tables, then
 * those on its squares' entries alone, against every replicate's loss in double (the path keep_losses takes): the
 * same bits at every end, for replicates wide and narrow, counts that are and are not multiples of a vector or
 * block, several levels, sizes from 10M to 1e15 and one (1e100) whose exponents leave float's range; replicates
 * all alike, and tails wider than an eighth, fall back to the full path. */
static void loss_tails_on_this_path(void **state)
{
    (void)state;
    const size_t counts[] = {4000, 1003, 257, 255, 1024};
    const double spreads[] = {1, 3e-2, 1, 1, 0};
    const double levels[] = {0.95, 0.8, 0.5, 0.99, 0.95, 0.95, 0.95, 0.95}; /* 95% again: the squares' counts */
    char text[41][32];
    const char *sizes[41];
    for (int i = 0; i < 40; i++) {
        /* two of them on the term tables' grid points (ln N a multiple of 1/4: an end of a chord) */
        if (i == 10 || i == 20) snprintf(text[i], sizeof text[i], "%.17g", exp(i == 10 ? 26.0 : 30.25));
        else snprintf(text[i], sizeof text[i], "%.6g", pow(10, 7 + 8 * i / 39.0));
        sizes[i] = text[i];
    }
    sizes[40] = "1e100";
    ec_efficiency eff = {2, 0, "2"};
    size_t by_bounds = 0, by_square = 0;
    for (size_t c = 0; c < sizeof counts / sizeof *counts; c++) {
        const size_t R = counts[c];
        ec_law *law = chin_law(mle);
        double *m = scatter(mle, R, 31 + c, spreads[c]);
        ec_error err;
        assert_int_equal(ec_law_set_replicates(law, m, R, NULL, &err), EC_OK);
        for (size_t l = 0; l < sizeof levels / sizeof *levels; l++) {
            ec_model_size s[41];
            ec_policy p[2] = {policy_of("tokens-per-param=20"), policy_of("tokens=5T")};
            for (int i = 0; i < 41; i++) s[i] = size_of(sizes[i]);
            ec_project_options opt = ec_project_default_options();
            opt.level = levels[l];
            ec_project_result rt, rf;
            assert_int_equal(ec_project(law, s, 41, p, 2, &eff, 1, &opt, &rt, &err), EC_OK);
            opt.keep_losses = 1;
            assert_int_equal(ec_project(law, s, 41, p, 2, &eff, 1, &opt, &rf, &err), EC_OK);
            assert_int_equal(rt.n_rows, 82);
            size_t by_tails = 0;
            if (l == 0) by_bounds = 0, by_square = 0;
            for (size_t i = 0; i < rt.n_rows; i++) {
                const ec_project_row *a = &rt.rows[i], *b = &rf.rows[i];
                assert_int_equal(b->loss_by_tails, 0);
                by_tails += a->loss_by_tails != 0;
                by_bounds += a->loss_by_tails >= 2;
                by_square += a->loss_by_tails == 3;
                if (strcmp(a->size.text, "1e100") == 0) assert_int_equal(a->loss_by_tails, 0); /* beyond float */
                if (memcmp(a->ci_loss, b->ci_loss, sizeof a->ci_loss) || memcmp(a->ci_N, b->ci_N, sizeof a->ci_N) ||
                    memcmp(a->ci_D, b->ci_D, sizeof a->ci_D) || memcmp(a->ci_compute, b->ci_compute, sizeof a->ci_compute) ||
                    memcmp(a->ci_effective, b->ci_effective, sizeof a->ci_effective))
                    fail_msg("R %zu level %g row %zu (%s, %s): loss band [%.17g, %.17g] by tails, [%.17g, %.17g] in full",
                             R, levels[l], i, a->size.text, a->policy.kind == EC_POLICY_TPP ? "tpp" : "tokens",
                             a->ci_loss[0], a->ci_loss[1], b->ci_loss[0], b->ci_loss[1]);
                if (!(a->ci_loss[0] <= a->ci_loss[1] * (1 + 1e-15))) /* alike: interpolated to the last bit */
                    fail_msg("R %zu level %g %s: [%g, %g]", R, levels[l], a->size.text, a->ci_loss[0], a->ci_loss[1]);
            }
            /* at 95% and 99% of a thousand replicates and more, every row but 1e100's; at 50% the tails are beyond a
             * quarter, as are 255 replicates beyond the path's reach, and replicates alike: the full path */
            size_t want = levels[l] > 0.9 && R >= 1000 && spreads[c] > 0 ? rt.n_rows - 2 : 0;
            if ((want || levels[l] == 0.5 || R < 256 || spreads[c] == 0) && by_tails != want)
                fail_msg("R %zu spread %g level %g: %zu rows of %zu by tails, not %zu", R, spreads[c], levels[l],
                         by_tails, rt.n_rows, want);
            ec_project_clear(&rt);
            ec_project_clear(&rf);
        }
        /* the law's term tables from its EC_LAW_TERMS_AFTER-th band on: bounds for most of the rows after that */
        if (R >= 1000 && spreads[c] > 0 && by_bounds < 100)
            fail_msg("R %zu spread %g: %zu rows by bounds", R, spreads[c], by_bounds);
        if ((R < 256 || spreads[c] == 0) && by_bounds) fail_msg("R %zu: %zu rows by bounds", R, by_bounds);
        /* the squares from their EC_LAW_SQUARE_AFTER-th band on (the last rounds at 95%): most rows of those */
        if (R >= 256 && spreads[c] > 0 && by_square < (spreads[c] >= 1 ? 200 : 1))
            fail_msg("R %zu spread %g: %zu rows by squares", R, spreads[c], by_square);
        free(m);
        ec_law_free(law);
    }
}

/* The term tables' bounds (ec_law_terms_bounds) hold every replicate's loss, as the full path computes it, between
 * them, on and between the grid points, and are tight (within 1e-3 of the loss); the tables come at the
 * EC_LAW_TERMS_AFTER-th call, not before, not for fewer than 256 replicates, and not in a copy; off the grids, -1. */
static void test_term_bounds(void **state)
{
    (void)state;
    const size_t R = 1003;
    ec_law *law = chin_law(mle);
    double *m = scatter(mle, R, 77, 1);
    ec_error err;
    assert_int_equal(ec_law_set_replicates(law, m, 255, NULL, &err), EC_OK);
    for (int i = 0; i < 2 * EC_LAW_TERMS_AFTER; i++) assert_null(ec_law_terms_of(law));
    assert_int_equal(ec_law_set_replicates(law, m, R, NULL, &err), EC_OK);
    for (int i = 1; i < EC_LAW_TERMS_AFTER; i++) assert_null(ec_law_terms_of(law));
    const ec_law_terms *T = ec_law_terms_of(law);
    assert_non_null(T);
    assert_ptr_equal(ec_law_terms_of(law), T);
    ec_law *cp = ec_law_copy(law, &err);
    assert_null(ec_law_terms_of(cp)); /* its own, made when it is asked often enough */
    ec_law_free(cp);
    float *lo = malloc(sizeof(float) * R), *hi = malloc(sizeof(float) * R);
    const double *col = law->reps_cols;
    size_t checked = 0;
    double widest = 0;
    /* ln N from 14 to 39 in steps of 1/40 (every tenth a grid point), ln D = ln N + ln 20 and ln N + 3.1 */
    for (int i = 0; i <= 1000; i++) {
        for (int d = 0; d < 2; d++) {
            const double lN = 14 + i / 40.0, lD = lN + (d ? 3.1 : log(20));
            if (ec_law_terms_bounds(law, T, lN, lD, lo, hi)) fail_msg("ln N %g, ln D %g: off the grids", lN, lD);
            for (size_t r = 0; r < R; r++) {
                const double t1 = exp(-col[EC_COL_ALPHA * R + r] * lN), t2 = exp(-col[EC_COL_BETA * R + r] * lD);
                const double x = col[EC_COL_E * R + r] + col[EC_COL_A * R + r] * t1 + col[EC_COL_B * R + r] * t2;
                if (!(lo[r] <= x && x <= hi[r]))
                    fail_msg("ln N %g, ln D %g, replicate %zu: %.9g not in [%.9g, %.9g]", lN, lD, r, x, lo[r], hi[r]);
                widest = fmax(widest, (hi[r] - lo[r]) / x);
                checked++;
            }
        }
    }
    assert_int_equal(checked, 2002 * R);
    assert_true(widest < 1e-3);
    assert_true(widest > 0);
    assert_int_equal(ec_law_terms_bounds(law, T, 13, 20, lo, hi), -1);  /* N below the grid */
    assert_int_equal(ec_law_terms_bounds(law, T, 20, 44.5, lo, hi), -1); /* D above it */
    free(lo), free(hi), free(m);
    ec_law_free(law);
}

/* The law's squares (ec_law_terms_square): made at the EC_LAW_SQUARE_AFTER-th call for a square, the same one after,
 * none for other counts, off the grids or without the tables; at points all over a square (its corners among them),
 * the need_lo smallest and need_hi largest losses, as the full path computes them, are its entries' (counted with
 * ties), and ec_law_square_bounds gives an entry's replicate the bounds ec_law_terms_bounds gives it. */
static void test_term_squares(void **state)
{
    (void)state;
    const size_t R = 4000, need_lo = 102, need_hi = 101;
    ec_law *law = chin_law(mle);
    double *m = scatter(mle, R, 78, 1);
    ec_error err;
    assert_int_equal(ec_law_set_replicates(law, m, R, NULL, &err), EC_OK);
    for (int i = 0; i < EC_LAW_TERMS_AFTER; i++) ec_law_terms_of(law);
    const ec_law_terms *T = ec_law_terms_of(law);
    assert_non_null(T);
    float *lo = malloc(sizeof(float) * R), *hi = malloc(sizeof(float) * R), *slo = malloc(sizeof(float) * R),
          *shi = malloc(sizeof(float) * R);
    double *x = malloc(sizeof(double) * R), *sorted = malloc(sizeof(double) * R);
    unsigned char *in = malloc(R);
    const double *col = law->reps_cols;
    size_t points = 0, entries = 0;
    /* squares along ln D = ln N + ln 20 and one with ln D = ln N + 3.1 */
    for (int q = 0; q < 9; q++) {
        const double lN0 = 20 + 2 * q * T->h, dl = q == 8 ? 3.1 : log(20);
        const double j = floor((lN0 - T->x0) / T->h), k = floor((lN0 + dl - T->y0) / T->h);
        const double x0 = T->x0 + j * T->h, y0 = T->y0 + k * T->h; /* the square's corner */
        for (int i = 1; i < EC_LAW_SQUARE_AFTER; i++)
            assert_null(ec_law_terms_square(law, T, x0, y0, need_lo, need_hi));
        const ec_law_square *S = ec_law_terms_square(law, T, x0, y0, need_lo, need_hi);
        assert_non_null(S);
        assert_ptr_equal(ec_law_terms_square(law, T, x0 + 0.1 * T->h, y0 + 0.9 * T->h, need_lo, need_hi), S);
        assert_null(ec_law_terms_square(law, T, x0, y0, need_lo + 1, need_hi)); /* made for other counts */
        assert_true(S->n_lo >= need_lo && S->n_lo <= R / 4 && S->n_hi >= need_hi && S->n_hi <= R / 4);
        assert_int_equal(ec_law_square_bounds(S, T, x0 + T->h, y0, lo, hi), -1); /* the next square's */
        entries += S->n_lo + S->n_hi;
        for (int a = 0; a <= 6; a++)
            for (int b = 0; b <= 6; b++) {
                /* 0 and 6/6 less an ulp: the square's edges */
                const double lN = a == 6 ? nextafter(x0 + T->h, 0) : x0 + a * T->h / 6,
                             lD = b == 6 ? nextafter(y0 + T->h, 0) : y0 + b * T->h / 6;
                assert_int_equal(ec_law_terms_bounds(law, T, lN, lD, lo, hi), 0);
                assert_int_equal(ec_law_square_bounds(S, T, lN, lD, slo, shi), 0);
                for (size_t r = 0; r < R; r++) {
                    const double t1 = exp(-col[EC_COL_ALPHA * R + r] * lN), t2 = exp(-col[EC_COL_BETA * R + r] * lD);
                    x[r] = col[EC_COL_E * R + r] + col[EC_COL_A * R + r] * t1 + col[EC_COL_B * R + r] * t2;
                }
                memcpy(sorted, x, sizeof(double) * R);
                gsl_sort(sorted, 1, R);
                for (int e = 0; e < 2; e++) {
                    memset(in, 0, R);
                    const size_t i0 = e ? S->n_lo : 0, n = e ? S->n_hi : S->n_lo;
                    for (size_t i = i0; i < i0 + n; i++) {
                        const unsigned r = S->rep[i];
                        in[r] = 1;
                        if (slo[i] != lo[r] || shi[i] != hi[r] || !(slo[i] <= x[r] && x[r] <= shi[i]))
                            fail_msg("square %d, entry %zu (replicate %u): [%.9g, %.9g] against [%.9g, %.9g], loss %.9g",
                                     q, i, r, slo[i], shi[i], lo[r], hi[r], x[r]);
                    }
                    /* every loss beyond the need-th smallest (largest) outside the entries */
                    const double edge = e ? sorted[R - need_hi] : sorted[need_lo - 1];
                    size_t held = 0;
                    for (size_t r = 0; r < R; r++) {
                        const int tail = e ? x[r] >= edge : x[r] <= edge;
                        if (tail && !in[r])
                            fail_msg("square %d, point (%d, %d): replicate %zu (%.17g) in the %s tail, not held", q,
                                     a, b, r, x[r], e ? "high" : "low");
                        held += tail;
                    }
                    assert_true(held >= (e ? need_hi : need_lo));
                }
                points++;
            }
    }
    assert_int_equal(points, 9 * 49);
    assert_true(entries < 9 * R / 4); /* some 300 an end of 4000, not a quarter */
    assert_null(ec_law_terms_square(law, T, 13.0, 20.0, need_lo, need_hi)); /* N below the grid */
    assert_null(ec_law_terms_square(law, T, 20.0, 44.5, need_lo, need_hi)); /* D above it */
    for (int i = 0; i < EC_LAW_SQUARE_AFTER + 1; i++) /* an end past a quarter: refused when it is made, and for good */
        assert_null(ec_law_terms_square(law, T, 25.0, 28.0, R / 4 + 1, need_hi));
    for (int i = 0; i < EC_LAW_SQUARE_AFTER; i++) assert_null(ec_law_terms_square(law, T, 25.0, 28.0, need_lo, need_hi));
    ec_law_free(law);
    /* replicates apart (E steps of 0.02, in shuffled order, the rest alike): no bounds overlap, so each end holds
     * exactly its count, the smallest (largest) E */
    for (size_t r = 0; r < R; r++) {
        memcpy(m + 5 * r, mle, sizeof(double) * 5);
        m[5 * r] = 1 + 0.02 * (double)((r * 7919) % R);
    }
    law = chin_law(mle);
    assert_int_equal(ec_law_set_replicates(law, m, R, NULL, &err), EC_OK);
    for (int i = 0; i < EC_LAW_TERMS_AFTER; i++) ec_law_terms_of(law);
    T = ec_law_terms_of(law);
    assert_non_null(T);
    const ec_law_square *S = NULL;
    for (int i = 0; i < EC_LAW_SQUARE_AFTER; i++) S = ec_law_terms_square(law, T, 27.0, 30.0, need_lo, need_hi);
    assert_non_null(S);
    assert_int_equal(S->n_lo, need_lo);
    assert_int_equal(S->n_hi, need_hi);
    for (size_t i = 0; i < S->n_lo + S->n_hi; i++) {
        const size_t rank = (S->rep[i] * (size_t)7919) % R; /* its E's rank */
        if (i < S->n_lo ? rank >= need_lo : rank < R - need_hi) fail_msg("entry %zu: E's rank %zu", i, rank);
    }
    free(lo), free(hi), free(slo), free(shi), free(x), free(sorted), free(in), free(m);
    ec_law_free(law);
}

/* Losses below float's normal range (E = 0, A = B = 1e-38: terms of 1e-43 and less): the bounds still hold, and the
 * band by estimates or bounds is the full path's to the bit (both margins have an absolute part for float's
 * subnormals; found by a review: with relative margins alone 7 of 80 rows differed). */
static void test_tiny_losses(void **state)
{
    (void)state;
    const size_t R = 1003;
    const double tiny[5] = {0, 1e-38, 1e-38, 0.347813, 0.365854};
    double *m = malloc(sizeof(double) * R * 5);
    gsl_rng *g = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(g, 7);
    for (size_t k = 0; k < R; k++) {
        m[k * 5 + 0] = 0;
        m[k * 5 + 1] = tiny[1] * exp(gsl_ran_gaussian(g, 3e-3));
        m[k * 5 + 2] = tiny[2] * exp(gsl_ran_gaussian(g, 3e-3));
        m[k * 5 + 3] = tiny[3] + gsl_ran_gaussian(g, 1.5e-4);
        m[k * 5 + 4] = tiny[4] + gsl_ran_gaussian(g, 1.5e-4);
    }
    gsl_rng_free(g);
    ec_law *law = chin_law(tiny);
    ec_error err;
    assert_int_equal(ec_law_set_replicates(law, m, R, NULL, &err), EC_OK);
    for (int i = 0; i < EC_LAW_TERMS_AFTER; i++) ec_law_terms_of(law);
    const ec_law_terms *T = ec_law_terms_of(law);
    assert_non_null(T);
    float *lo = malloc(sizeof(float) * R), *hi = malloc(sizeof(float) * R);
    const double *col = law->reps_cols;
    for (int i = 0; i <= 400; i++) {
        const double lN = 14 + i / 16.0, lD = lN + log(20);
        assert_int_equal(ec_law_terms_bounds(law, T, lN, lD, lo, hi), 0);
        for (size_t r = 0; r < R; r++) {
            const double x = col[EC_COL_A * R + r] * exp(-col[EC_COL_ALPHA * R + r] * lN) +
                             col[EC_COL_B * R + r] * exp(-col[EC_COL_BETA * R + r] * lD);
            if (!(lo[r] <= x && x <= hi[r])) fail_msg("ln N %g, replicate %zu: %g not in [%g, %g]", lN, r, x, lo[r], hi[r]);
        }
    }
    free(lo), free(hi);
    char text[40][32];
    ec_model_size s[40];
    for (int i = 0; i < 40; i++) {
        snprintf(text[i], sizeof text[i], "%.6g", pow(10, 7 + 8 * i / 39.0));
        s[i] = size_of(text[i]);
    }
    ec_policy p[2] = {policy_of("tokens-per-param=20"), policy_of("tokens=5T")};
    ec_efficiency eff = {2, 0, "2"};
    for (int pass = 0; pass < 2; pass++) { /* the law's tables made by now either way */
        ec_project_options opt = ec_project_default_options();
        ec_project_result rt, rf;
        assert_int_equal(ec_project(law, s, 40, p, 2, &eff, 1, &opt, &rt, &err), EC_OK);
        opt.keep_losses = 1;
        assert_int_equal(ec_project(law, s, 40, p, 2, &eff, 1, &opt, &rf, &err), EC_OK);
        for (size_t i = 0; i < rt.n_rows; i++)
            if (memcmp(rt.rows[i].ci_loss, rf.rows[i].ci_loss, sizeof rt.rows[i].ci_loss))
                fail_msg("row %zu (%s, by %d): [%.17g, %.17g], in full [%.17g, %.17g]", i, rt.rows[i].size.text,
                         rt.rows[i].loss_by_tails, rt.rows[i].ci_loss[0], rt.rows[i].ci_loss[1], rf.rows[i].ci_loss[0],
                         rf.rows[i].ci_loss[1]);
        ec_project_clear(&rt);
        ec_project_clear(&rf);
    }
    free(m);
    ec_law_free(law);
}

/* ... on each vector path the machine has (the estimates: libmvec's expf eight at a time, else libm's; the tails'
 * masks: AVX-512, AVX2, else SSE2) */
static void test_loss_tails(void **state)
{
    ec_test_each_simd_path(loss_tails_on_this_path, state);
}

/* A factor with se_log: draws log-normal per replicate from the counter-based stream (seed, efficiency index), the
 * same draws in every row of that factor; with the law's replicates all equal to its point, the effective compute
 * band is the draws' percentiles, near phi exp(-+z se). */
static void test_efficiency_draws(void **state)
{
    (void)state;
    const size_t R = 4000;
    ec_law *law = chin_law(mle);
    double *m = malloc(sizeof(double) * R * 5);
    for (size_t k = 0; k < R; k++) memcpy(m + 5 * k, mle, sizeof mle);
    ec_error err;
    assert_int_equal(ec_law_set_replicates(law, m, R, NULL, &err), EC_OK);
    const char *sizes[] = {"1T", "2T"};
    const char *pols[] = {"tokens=20T"};
    ec_efficiency effs[1] = {{10, 0.2, "claims:X"}};
    ec_project_options opt = ec_project_default_options();
    opt.seed = 7;
    ec_project_result r;
    run(law, sizes, 2, pols, 1, effs, 1, &opt, &r);
    const double z = ec_interval_z(0.95);
    double C = 6e12 * 20e12;
    /* Exactly the draws' percentiles: phi_r = 10 exp(0.2 Phi^-1(u_r)), u_r from stream (7, 0) at counter r. */
    double *e = malloc(sizeof(double) * R);
    ec_stream st = ec_stream_of(7, 0);
    for (size_t k = 0; k < R; k++) e[k] = C * 10 * exp(0.2 * gsl_cdf_ugaussian_Pinv(ec_random_u01(&st, k, 0, 0)));
    qsort(e, R, sizeof *e, cmp_double);
    ASSERT_REL(r.rows[0].ci_effective[0], q7(e, R, 0.025), 1e-12);
    ASSERT_REL(r.rows[0].ci_effective[1], q7(e, R, 0.975), 1e-12);
    /* and near the log-normal's: the MC error of a 2.5% quantile of 4000 draws is about 2.5% */
    ASSERT_REL(r.rows[0].ci_effective[0], C * 10 * exp(-z * 0.2), 0.04);
    ASSERT_REL(r.rows[0].ci_effective[1], C * 10 * exp(z * 0.2), 0.04);
    /* The physical compute is exact. */
    ASSERT_REL(r.rows[0].ci_compute[0], C, 1e-15);
    /* The same factor in another row: the same draws (the loss band moves with the size, its width in log phi is
     * the same). Another seed: other draws. */
    ASSERT_REL(r.rows[1].ci_effective[0] / r.rows[1].compute, r.rows[0].ci_effective[0] / r.rows[0].compute, 1e-12);
    ec_project_result r2;
    opt.seed = 8;
    run(law, sizes, 1, pols, 1, effs, 1, &opt, &r2);
    assert_true(r2.rows[0].ci_effective[0] != r.rows[0].ci_effective[0]);
    ec_project_clear(&r2);
    /* Threads do not change anything. */
    opt.seed = 7;
    opt.threads = 2;
    run(law, sizes, 2, pols, 1, effs, 1, &opt, &r2);
    for (size_t i = 0; i < 2; i++) {
        assert_true(r2.rows[i].ci_loss[0] == r.rows[i].ci_loss[0] && r2.rows[i].ci_loss[1] == r.rows[i].ci_loss[1]);
        assert_true(r2.rows[i].ci_effective[0] == r.rows[i].ci_effective[0]);
    }
    ec_project_clear(&r2);
    free(e);
    free(m);
    ec_project_clear(&r);
    ec_law_free(law);
}

/* Without replicates, the delta method from the covariance; against percentiles of many replicates drawn from
 * the normal with that covariance, the intervals agree to a few percent of their width. */
static void test_delta_method(void **state)
{
    (void)state;
    const size_t R = 20000;
    double sd[5] = {0.01, 20, 80, 0.004, 0.004};
    double corr[5][5] = {{1, 0.3, 0.3, 0.2, 0.2},
                         {0.3, 1, 0.1, 0.6, 0.1},
                         {0.3, 0.1, 1, 0.1, 0.6},
                         {0.2, 0.6, 0.1, 1, 0.1},
                         {0.2, 0.1, 0.6, 0.1, 1}};
    double cov[EC_FORM_MAX_PARAMS * EC_FORM_MAX_PARAMS] = {0};
    gsl_matrix *Lc = gsl_matrix_alloc(5, 5);
    for (int a = 0; a < 5; a++)
        for (int b = 0; b < 5; b++) {
            cov[a * EC_FORM_MAX_PARAMS + b] = corr[a][b] * sd[a] * sd[b];
            gsl_matrix_set(Lc, (size_t)a, (size_t)b, corr[a][b] * sd[a] * sd[b]);
        }
    assert_int_equal(gsl_linalg_cholesky_decomp1(Lc), 0);
    ec_law *dl = chin_law(mle), *rl = chin_law(mle);
    ec_error err;
    assert_int_equal(ec_law_set_covariance(dl, cov, &err), EC_OK);
    gsl_rng *g = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(g, 5);
    double *m = malloc(sizeof(double) * R * 5);
    for (size_t k = 0; k < R; k++) {
        double zz[5];
        for (int a = 0; a < 5; a++) zz[a] = gsl_ran_ugaussian(g);
        for (int a = 0; a < 5; a++) {
            double v = mle[a];
            for (int b = 0; b <= a; b++) v += gsl_matrix_get(Lc, (size_t)a, (size_t)b) * zz[b];
            m[k * 5 + a] = v;
        }
    }
    assert_int_equal(ec_law_set_replicates(rl, m, R, NULL, &err), EC_OK);
    const char *sizes[] = {"1T"};
    const char *pols[] = {"tokens=20T", "tokens=40T", "compute-optimal"};
    ec_project_options opt = ec_project_default_options();
    opt.baseline = 1;
    ec_project_result d, p;
    run(dl, sizes, 1, pols, 3, NULL, 0, &opt, &d);
    run(rl, sizes, 1, pols, 3, NULL, 0, &opt, &p);
    assert_int_equal(d.band, EC_BAND_DELTA);
    for (int i = 0; i < 3; i++) {
        double w = p.rows[i].ci_loss[1] - p.rows[i].ci_loss[0];
        assert_true(fabs(d.rows[i].ci_loss[0] - p.rows[i].ci_loss[0]) < 0.05 * w);
        assert_true(fabs(d.rows[i].ci_loss[1] - p.rows[i].ci_loss[1]) < 0.05 * w);
    }
    double wd = p.rows[1].ci_dloss[1] - p.rows[1].ci_dloss[0];
    assert_true(fabs(d.rows[1].ci_dloss[0] - p.rows[1].ci_dloss[0]) < 0.05 * wd);
    assert_true(fabs(d.rows[1].ci_dloss[1] - p.rows[1].ci_dloss[1]) < 0.05 * wd);
    /* The compute-optimal row's D band (log-normal from the delta method) against the percentiles. */
    ASSERT_REL(d.rows[2].ci_D[0], p.rows[2].ci_D[0], 0.05);
    ASSERT_REL(d.rows[2].ci_D[1], p.rows[2].ci_D[1], 0.05);
    ec_project_clear(&d);
    ec_project_clear(&p);
    gsl_matrix_free(Lc);
    gsl_rng_free(g);
    free(m);
    ec_law_free(dl);
    ec_law_free(rl);
}

/* A loss target some replicates never reach (at or below their E): counted, unbounded there. */
static void test_unreachable(void **state)
{
    (void)state;
    const size_t R = 1000;
    ec_law *law = chin_law(mle);
    double *m = scatter(mle, R, 3, 1);
    ec_error err;
    assert_int_equal(ec_law_set_replicates(law, m, R, NULL, &err), EC_OK);
    size_t below = 0;
    for (size_t k = 0; k < R; k++) below += m[k * 5] >= 1.83;
    assert_true(below > 0 && below < R / 2);
    const char *sizes[] = {"1T"};
    const char *pols[] = {"loss=1.83"};
    ec_project_result r;
    run(law, sizes, 1, pols, 1, NULL, 0, NULL, &r);
    assert_int_equal(r.rows[0].unreachable, below);
    if ((double)below / R > 0.025) assert_true(isinf(r.rows[0].ci_compute[1]));
    ec_project_clear(&r);
    /* At or below the law's own E: an error naming the row. */
    ec_model_size s = size_of("1T");
    ec_policy p = policy_of("loss=1.8");
    assert_int_equal(ec_project(law, &s, 1, &p, 1, NULL, 0, NULL, &r, &err), EC_EINVAL);
    assert_non_null(strstr(err.message, "row 1"));
    assert_non_null(strstr(err.message, "at or below the law's floor E"));
    free(m);
    ec_law_free(law);
}

static void bad_size(const char *text, const char *want)
{
    ec_model_size s;
    ec_error err;
    assert_int_equal(ec_model_size_parse(text, &s, &err), EC_EINVAL);
    if (!strstr(err.message, want)) fail_msg("size '%s': message '%s' lacks '%s'", text, err.message, want);
}

static void bad_policy(const char *text, const char *want)
{
    ec_policy p;
    ec_error err;
    assert_int_equal(ec_policy_parse(text, &p, &err), EC_EINVAL);
    if (!strstr(err.message, want)) fail_msg("policy '%s': message '%s' lacks '%s'", text, err.message, want);
}

static void test_parse(void **state)
{
    (void)state;
    ec_model_size s = size_of("1.5T");
    ASSERT_REL(s.active, 1.5e12, 1e-15);
    s = size_of("70B");
    ASSERT_REL(s.total, 70e9, 1e-15);
    s = size_of("4e11");
    ASSERT_REL(s.active, 4e11, 1e-15);
    s = size_of("compute=2.5e26");
    ASSERT_REL(s.compute, 2.5e26, 1e-15);
    bad_size("10X", "is not a number of parameters");
    bad_size("", "is not a number of parameters");
    bad_size("-1T", "is not a number of parameters");
    bad_size("active=17B", "needs total= and active=");
    bad_size("active=400B,total=17B", "below the active ones");
    bad_size("active=17B,total=400B,depth=3", "'depth=' is unknown");
    bad_size("total=2T,active_fraction=1.5", "not a number in (0, 1]");
    bad_size("compute=1e27,total=1T", "give compute= alone");
    ec_policy p = policy_of("tokens-per-param=20");
    assert_int_equal(p.kind, EC_POLICY_TPP);
    ASSERT_REL(p.value, 20, 0);
    p = policy_of("tokens=15T");
    ASSERT_REL(p.value, 15e12, 1e-15);
    p = policy_of("inference=0");
    assert_int_equal(p.kind, EC_POLICY_INFERENCE);
    bad_policy("chinchilla", "unknown token policy 'chinchilla'");
    bad_policy("tokens", "needs a value");
    bad_policy("compute-optimal=3", "takes no value");
    bad_policy("tokens=lots", "is not a positive number");
    bad_policy("loss=-1", "is not a positive number");
    /* Not a chinchilla law; baseline outside the rows. */
    ec_error err;
    double pw[3] = {1, 2, 0.1};
    ec_law *law = ec_law_new(ec_form_find("power"), pw, &err);
    assert_non_null(law);
    ec_project_result r;
    assert_int_equal(ec_project(law, &s, 1, &p, 1, NULL, 0, NULL, &r, &err), EC_EINVAL);
    assert_non_null(strstr(err.message, "needs a chinchilla law"));
    ec_law_free(law);
    law = chin_law(mle);
    ec_project_options opt = ec_project_default_options();
    opt.baseline = 3;
    s = size_of("1T");
    assert_int_equal(ec_project(law, &s, 1, &p, 1, NULL, 0, &opt, &r, &err), EC_EINVAL);
    assert_non_null(strstr(err.message, "baseline row 3, but there are 1 rows"));
    ec_law_free(law);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_visible_check), cmocka_unit_test(test_policies),   cmocka_unit_test(test_inference),
        cmocka_unit_test(test_moe),           cmocka_unit_test(test_efficiency_exact),
        cmocka_unit_test(test_bands_paired),  cmocka_unit_test(test_efficiency_draws),
        cmocka_unit_test(test_blocked_replicates), cmocka_unit_test(test_loss_tails), cmocka_unit_test(test_term_bounds), cmocka_unit_test(test_term_squares), cmocka_unit_test(test_tiny_losses),
        cmocka_unit_test(test_delta_method),  cmocka_unit_test(test_unreachable), cmocka_unit_test(test_parse),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
