/* test_simulate.c — Monte Carlo trajectories (solvers/ec_simulate.h) against
 * closed forms: issue 11's certified tests (the quantiles of the year a
 * threshold is crossed when log10 C grows at a normal rate per draw; the fan
 * with a constant rate per draw, normal(L0 + mu tau, (sigma tau)^2), and with
 * yearly shocks, variance sigma^2 tau; the same bytes for 1 and 2 threads),
 * P(crossed by Y), schedules and slowdowns, effective compute with
 * algorithmic progress, the compute-optimal loss against Epoch's fit (issue
 * 11's visible check) and against a law's replicates, loss thresholds,
 * censoring, rank correlations through the copula, and bad models. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "ec_test.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ec_law.h"
#include "ec_simulate.h"

static const double Q7[] = {0.05, 0.10, 0.25, 0.50, 0.75, 0.90, 0.95};

/* Epoch's MLE fit (Besiroglu et al. 2024), order E, A, B, alpha, beta. */
static const double mle[5] = {1.81686, 482.0057, 2085.434, 0.347813, 0.365854};

static void set_dist(ec_dist *d, const char *text)
{
    ec_error err;
    ec_dist_clear(d);
    if (ec_dist_parse(text, d, &err) != EC_OK) fail_msg("'%s': %s", text, err.message);
}

/* A model starting at t0 with C0 FLOP, growth `g` (OOM per year when oom), no algorithmic progress. */
static void model(ec_sim_model *m, double t0, const char *c0, const char *g, int oom)
{
    ec_sim_model_init(m);
    m->start_year = t0;
    set_dist(&m->start_compute, c0);
    set_dist(&m->growth, g);
    m->growth_oom = oom;
}

static ec_sim_options options(size_t draws, double end)
{
    ec_sim_options o = ec_sim_default_options();
    o.draws = draws;
    o.end_year = end;
    o.q = Q7;
    o.nq = 7;
    o.seed = 42;
    return o;
}

static void run(const ec_sim_model *m, const ec_sim_options *o, ec_sim_result *r)
{
    ec_error err;
    if (ec_simulate(m, o, r, &err) != EC_OK) fail_msg("ec_simulate: %s", err.message);
}

/* |got - want| <= k se, and se itself sensible (positive, not huge). */
static void within_se(double got, double se, double want, double k, const char *what)
{
    if (!(se > 0 && isfinite(se))) fail_msg("%s: se %g", what, se);
    if (!(fabs(got - want) <= k * se)) fail_msg("%s: got %.10g, want %.10g, se %.3g (%.1f se off)", what, got, want, se,
                                               fabs(got - want) / se);
}

/* (1) With log10 C(t) = L0 + g (t - t0), g ~ normal(mu, sigma) per draw, the q-quantile of the year C crosses T is
 * t0 + Delta / (mu + sigma Phi^-1(1 - q)), Delta = log10(T / C0); P(crossed by Y) = P(g >= Delta / (Y - t0)). */
static void test_crossing_quantiles(void **state)
{
    (void)state;
    const double t0 = 2025.13, mu = 0.5, sigma = 0.1, Delta = 2;
    ec_sim_model m;
    model(&m, t0, "fixed(5e26)", "normal(0.5, 0.1)", 1);
    ec_sim_options o = options(400000, 2045);
    const double thr = 5e28;
    o.thr_compute = &thr;
    o.n_thr_compute = 1;
    ec_sim_result r;
    run(&m, &o, &r);
    assert_int_equal(r.n_thr, 1);
    for (size_t j = 0; j < 7; j++) {
        double want = t0 + Delta / (mu + sigma * gsl_cdf_ugaussian_Pinv(1 - Q7[j]));
        within_se(r.thr[0].year[j], r.thr[0].year_se[j], want, 4, "crossing year quantile");
        ASSERT_REL(r.thr[0].year[j], want, 2e-4);
    }
    assert_true(r.thr[0].never < 1e-4); /* P(t0 + Delta/g > 2045) = Phi((0.1005 - 0.5)/0.1) ~ 3e-5 */
    assert_true(r.thr[0].already == 0);
    assert_int_equal(r.n_by, 20); /* 1 January 2026 ... 2045 */
    ASSERT_REL(r.by_year[0], 2026, 0);
    for (size_t y = 0; y < r.n_by; y++) {
        double Y = r.by_year[y], p = 1 - gsl_cdf_ugaussian_P((Delta / (Y - t0) - mu) / sigma);
        double se = sqrt(p * (1 - p) / 400000.0) + 1e-12;
        if (!(fabs(r.thr[0].p_by[y] - p) <= 5 * se + 1e-9))
            fail_msg("P(crossed by %g) = %g, want %g (se %g)", Y, r.thr[0].p_by[y], p, se);
    }
    ec_sim_result_clear(&r);
    ec_sim_model_clear(&m);
}

/* (2) The fan: a constant rate per draw gives log10 C(t0 + tau) ~ normal(L0 + mu tau, (sigma tau)^2); yearly shocks
 * give variance sigma^2 tau. Percentiles within 4 Monte Carlo se, the sample sd within 1%. */
static void test_fan(void **state)
{
    (void)state;
    const double L0 = log10(3e26), mu = 0.6, sigma = 0.15;
    for (int shocks = 0; shocks < 2; shocks++) {
        ec_sim_model m;
        model(&m, 2025, "fixed(3e26)", "normal(0.6, 0.15)", 1);
        m.mode = shocks ? EC_GROWTH_SHOCKS : EC_GROWTH_CONSTANT;
        ec_sim_options o = options(200000, 2033);
        ec_sim_result r;
        run(&m, &o, &r);
        assert_int_equal(r.n_times, 9); /* 2025, 2026, ..., 2033 */
        for (size_t k = 0; k < r.n_times; k++) {
            double tau = r.t[k] - 2025, sd = shocks ? sigma * sqrt(tau) : sigma * tau;
            ASSERT_REL(r.t[k], 2025 + (double)k, 0);
            for (size_t j = 0; j < 7; j++) {
                double want = L0 + mu * tau + sd * gsl_cdf_ugaussian_Pinv(Q7[j]);
                if (k == 0) {
                    ASSERT_REL(r.log_physical[j], L0, 1e-14);
                    ASSERT_REL(r.log_effective[j], L0, 1e-14);
                    continue;
                }
                within_se(r.log_physical[k * 7 + j], r.log_physical_se[k * 7 + j], want, 4, "fan percentile");
                /* no algorithmic progress: effective = physical */
                ASSERT_REL(r.log_effective[k * 7 + j], r.log_physical[k * 7 + j], 1e-14);
            }
            ASSERT_REL(r.mean_log_physical[k], L0 + mu * tau, 1e-3);
            if (k) ASSERT_REL(r.sd_log_physical[k], sd, 0.01);
            else assert_true(r.sd_log_physical[0] < 1e-12); /* a fixed start: 0 to rounding (was 9e-6 by cancellation) */
        }
        assert_false(r.has_loss);
        assert_true(isnan(r.loss[3]));
        ec_sim_result_clear(&r);
        ec_sim_model_clear(&m);
    }
}

/* A model with every kind of input: a log-normal start and growth correlated 0.4, algorithmic progress with yearly
 * shocks, the loss through `law`'s replicates. */
static void rich_model(ec_sim_model *m, const ec_law *law)
{
    model(m, 2025.4, "lognormal(ci90=[3e26, 8e26])", "lognormal(median=4, ci90=[2.5, 6.4])", 0);
    set_dist(&m->algo, "lognormal(median=3, ci90=[1.5, 6])");
    m->algo_oom = 0;
    m->algo_shocks = 1;
    m->rho[EC_SIM_START_COMPUTE * EC_SIM_N_INPUTS + EC_SIM_GROWTH] = 0.4;
    m->rho[EC_SIM_GROWTH * EC_SIM_N_INPUTS + EC_SIM_START_COMPUTE] = 0.4;
    m->law = law;
}

static int same(const double *a, const double *b, size_t n)
{
    return memcmp(a, b, sizeof(double) * n) == 0;
}

/* (3) Same seed: the same bytes for 1 and 2 threads (shocks, correlations, a law with replicates, thresholds,
 * kept draws); another seed: other numbers. */
static void test_threads_identical(void **state)
{
    (void)state;
    ec_error err;
    ec_law *law = ec_law_new(ec_form_find("chinchilla"), mle, &err);
    assert_non_null(law);
    double reps[50 * 5];
    for (size_t i = 0; i < 50; i++)
        for (size_t p = 0; p < 5; p++) reps[i * 5 + p] = mle[p] * (1 + 0.01 * sin((double)(i * 5 + p)));
    assert_int_equal(ec_law_set_replicates(law, reps, 50, NULL, &err), EC_OK);
    ec_sim_result r[3];
    for (int v = 0; v < 3; v++) {
        ec_sim_model m;
        rich_model(&m, law);
        ec_sim_options o = options(70001, 2031.5);
        double thr[2] = {1e28, 1e30}, lthr[1] = {1.83};
        o.thr_compute = thr;
        o.n_thr_compute = 2;
        o.thr_loss = lthr;
        o.n_thr_loss = 1;
        o.keep_draws = 1;
        o.threads = v == 1 ? 2 : 1;
        o.seed = v == 2 ? 43 : 42;
        run(&m, &o, &r[v]);
        ec_sim_model_clear(&m);
    }
    const size_t nk = r[0].n_times * 7, n = r[0].draws;
    assert_int_equal(r[0].n_times, 8); /* 2025.4, 2026, ..., 2031, 2031.5 */
    ASSERT_REL(r[0].t[7], 2031.5, 0);
    assert_true(same(r[0].log_physical, r[1].log_physical, nk) && same(r[0].log_physical_se, r[1].log_physical_se, nk));
    assert_true(same(r[0].log_effective, r[1].log_effective, nk) && same(r[0].loss, r[1].loss, nk));
    assert_true(same(r[0].loss_se, r[1].loss_se, nk));
    assert_true(same(r[0].mean_log_physical, r[1].mean_log_physical, r[0].n_times));
    assert_true(same(r[0].sd_log_physical, r[1].sd_log_physical, r[0].n_times));
    for (size_t j = 0; j < 3; j++) {
        assert_true(same(r[0].thr[j].year, r[1].thr[j].year, 7) && same(r[0].thr[j].p_by, r[1].thr[j].p_by, r[0].n_by));
        assert_true(r[0].thr[j].never == r[1].thr[j].never);
    }
    assert_true(same(r[0].draw_cross, r[1].draw_cross, 3 * n) && same(r[0].draw_loss_end, r[1].draw_loss_end, n));
    assert_true(same(r[0].draw_growth, r[1].draw_growth, n));
    assert_memory_equal(r[0].draw_replicate, r[1].draw_replicate, sizeof(size_t) * n);
    assert_false(same(r[0].log_effective, r[2].log_effective, nk));
    assert_false(same(r[0].draw_start, r[2].draw_start, n));
    /* Every replicate is drawn, and only those. */
    size_t seen[50] = {0};
    for (size_t i = 0; i < n; i++) {
        assert_true(r[0].draw_replicate[i] < 50);
        seen[r[0].draw_replicate[i]]++;
    }
    for (size_t i = 0; i < 50; i++) assert_true(seen[i] > 1000 && seen[i] < 1800); /* 1400 expected */
    for (int v = 0; v < 3; v++) ec_sim_result_clear(&r[v]);
    ec_law_free(law);
}

/* The fused run (at most 16 times, at least 65,536 draws: no value stored, percentiles from bucket counts made as
 * the draws advance) and the year-by-year run (more times) give the same bytes for the times they share: a
 * horizon of 2032 (8 times, fused) against 2045 (21 times), with shocks, correlation and a law's replicates. */
static void test_fused_matches_batched(void **state)
{
    (void)state;
    ec_error err;
    ec_law *law = ec_law_new(ec_form_find("chinchilla"), mle, &err);
    assert_non_null(law);
    double reps[40 * 5];
    for (size_t i = 0; i < 40; i++)
        for (size_t p = 0; p < 5; p++) reps[i * 5 + p] = mle[p] * (1 + 0.01 * cos((double)(i * 5 + p)));
    assert_int_equal(ec_law_set_replicates(law, reps, 40, NULL, &err), EC_OK);
    ec_sim_result r[2];
    for (int v = 0; v < 2; v++) {
        ec_sim_model m;
        rich_model(&m, law);
        ec_sim_options o = options(80000, v ? 2045 : 2032);
        o.threads = 2;
        run(&m, &o, &r[v]);
        ec_sim_model_clear(&m);
    }
    assert_int_equal(r[0].n_times, 8);
    assert_int_equal(r[1].n_times, 21);
    const size_t nk = 8 * 7;
    assert_true(same(r[0].t, r[1].t, 8));
    assert_true(same(r[0].log_physical, r[1].log_physical, nk) && same(r[0].log_physical_se, r[1].log_physical_se, nk));
    assert_true(same(r[0].log_effective, r[1].log_effective, nk) && same(r[0].log_effective_se, r[1].log_effective_se, nk));
    assert_true(same(r[0].loss, r[1].loss, nk) && same(r[0].loss_se, r[1].loss_se, nk));
    assert_true(same(r[0].mean_log_physical, r[1].mean_log_physical, 8));
    for (int v = 0; v < 2; v++) ec_sim_result_clear(&r[v]);
    ec_law_free(law);
}

/* A schedule [[2025, 10], [2027, 100]] x/year from a mid-year start: closed forms, every draw alike. */
static void test_schedule(void **state)
{
    (void)state;
    ec_sim_model m;
    model(&m, 2025.5, "fixed(1e26)", "fixed(1)", 0);
    m.mode = EC_GROWTH_SCHEDULE;
    const double years[2] = {2025, 2027}, rates[2] = {10, 100};
    m.schedule_year = years;
    m.schedule_rate = rates;
    m.n_schedule = 2;
    ec_sim_options o = options(1000, 2029.25);
    ec_sim_result r;
    run(&m, &o, &r);
    /* times 2025.5, 2026, 2027, 2028, 2029, 2029.25 */
    const double want[6] = {26, 26.5, 27.5, 29.5, 31.5, 32};
    assert_int_equal(r.n_times, 6);
    for (size_t k = 0; k < 6; k++)
        for (size_t j = 0; j < 7; j++) {
            ASSERT_REL(r.log_physical[k * 7 + j], want[k], 1e-13);
            assert_true(r.log_physical_se[k * 7 + j] == 0);
        }
    ec_sim_result_clear(&r);
    /* In orders of magnitude per year, the same. */
    const double oom_rates[2] = {1, 2};
    m.schedule_rate = oom_rates;
    m.growth_oom = 1;
    run(&m, &o, &r);
    for (size_t k = 0; k < 6; k++) ASSERT_REL(r.log_physical[k * 7 + 3], want[k], 1e-13);
    ec_sim_result_clear(&r);
    ec_sim_model_clear(&m);
}

/* A slowdown: 10x/year until 2027.5, then 2x/year; and with the slowdown year uniform(2026, 2028), the median at 2028
 * is that of the year's median, L0 + 2 + 0.5 log10 2 + ... (linear in Y: L(2028) = L0 + (Y - 2025) + (2028 - Y) log10 2). */
static void test_slowdown(void **state)
{
    (void)state;
    ec_sim_model m;
    model(&m, 2025, "fixed(1e25)", "fixed(10)", 0);
    m.mode = EC_GROWTH_SLOWDOWN;
    set_dist(&m.slowdown_year, "fixed(2027.5)");
    set_dist(&m.slowdown_growth, "fixed(2)");
    ec_sim_options o = options(100, 2029);
    ec_sim_result r;
    run(&m, &o, &r);
    const double l2 = log10(2.0), want[5] = {25, 26, 27, 27.5 + 0.5 * l2, 27.5 + 1.5 * l2};
    for (size_t k = 0; k < 5; k++) ASSERT_REL(r.log_physical[k * 7 + 3], want[k], 1e-13);
    ec_sim_result_clear(&r);
    set_dist(&m.slowdown_year, "uniform(2026, 2028)");
    o.draws = 100000;
    run(&m, &o, &r);
    /* at 2028: L0 + (Y - 2025) + (2028 - Y) log10 2, increasing in Y: its quantiles are those of Y */
    for (size_t j = 0; j < 7; j++) {
        double Y = 2026 + 2 * Q7[j], w = 25 + (Y - 2025) + (2028 - Y) * l2;
        within_se(r.log_physical[3 * 7 + j], r.log_physical_se[3 * 7 + j], w, 4, "slowdown quantile");
    }
    ec_sim_result_clear(&r);
    ec_sim_model_clear(&m);
}

/* Effective = physical x efficiency: a start factor 2 and 3x/year algorithmic progress, exactly. */
static void test_algorithmic(void **state)
{
    (void)state;
    ec_sim_model m;
    model(&m, 2025, "lognormal(median=1e26, ci90=[5e25, 2e26])", "lognormal(ci90=[3, 5])", 0);
    set_dist(&m.start_efficiency, "fixed(2)");
    set_dist(&m.algo, "fixed(3)");
    m.algo_oom = 0;
    ec_sim_options o = options(5000, 2030);
    o.keep_draws = 1;
    ec_sim_result r;
    run(&m, &o, &r);
    for (size_t k = 0; k < r.n_times; k++) {
        double shift = log10(2.0) + (r.t[k] - 2025) * log10(3.0);
        for (size_t j = 0; j < 7; j++)
            assert_true(fabs(r.log_effective[k * 7 + j] - r.log_physical[k * 7 + j] - shift) < 1e-12);
    }
    for (size_t i = 0; i < r.draws; i++) {
        assert_true(fabs(r.draw_log_effective_end[i] - r.draw_log_physical_end[i] - (log10(2.0) + 5 * log10(3.0))) < 1e-12);
        assert_true(fabs(r.draw_log_physical_end[i] - log10(r.draw_start[i]) - 5 * r.draw_growth[i]) < 1e-10);
        ASSERT_REL(r.draw_eff0[i], 2, 1e-14);
    }
    /* the start's median: the lognormal's */
    ASSERT_REL(r.log_physical[3], 26, 1e-3);
    ec_sim_result_clear(&r);
    ec_sim_model_clear(&m);
}

/* The compute-optimal loss of Epoch's fit: issue 11's visible check (1e27 FLOP: 1.8584, 1e28: 1.8444), a loss
 * threshold's crossing year by the closed form, and a threshold at or below E never crossed. */
static void test_loss_visible_check(void **state)
{
    (void)state;
    ec_error err;
    ec_law *law = ec_law_new(ec_form_find("chinchilla"), mle, &err);
    assert_non_null(law);
    ec_sim_model m;
    model(&m, 2026, "fixed(1e27)", "fixed(1)", 1); /* one order of magnitude per year */
    m.law = law;
    ec_sim_options o = options(1000, 2028);
    const double lthr[2] = {1.85, 1.80};
    o.thr_loss = lthr;
    o.n_thr_loss = 2;
    ec_sim_result r;
    run(&m, &o, &r);
    assert_true(r.has_loss);
    ASSERT_REL(r.loss[3], 1.8584, 5e-5);
    ASSERT_REL(r.loss[7 + 3], 1.8444, 5e-5);
    /* closed form: L*(C) = E + K (C/6)^-gamma, K = A G^-alpha + B G^beta, G = (alpha A/(beta B))^(1/(alpha+beta)) */
    const double E = mle[0], A = mle[1], B = mle[2], a = mle[3], b = mle[4];
    const double G = pow(a * A / (b * B), 1 / (a + b)), K = A * pow(G, -a) + B * pow(G, b), g = a * b / (a + b);
    for (size_t k = 0; k < 3; k++) ASSERT_REL(r.loss[k * 7 + 3], E + K * pow(pow(10, 27 + (double)k) / 6, -g), 1e-12);
    double C = 6 * pow((1.85 - E) / K, -1 / g);
    ASSERT_REL(r.thr[0].year[3], 2026 + log10(C / 1e27), 1e-12);
    assert_true(r.thr[0].loss && r.thr[0].value == 1.85);
    assert_true(r.thr[0].never == 0);
    assert_true(isinf(r.thr[1].year[3]) && r.thr[1].never == 1); /* 1.80 < E: never */
    ec_sim_result_clear(&r);
    /* loss thresholds without a law: refused */
    m.law = NULL;
    assert_int_equal(ec_simulate(&m, &o, &r, &err), EC_EINVAL);
    assert_non_null(strstr(err.message, "need a fitted law"));
    ec_sim_model_clear(&m);
    ec_law_free(law);
}

/* With replicates, each draw takes one replicate's law: at a fixed compute the loss quantiles are those of the
 * replicates' losses (within Monte Carlo error), not of the point fit. */
static void test_loss_replicates(void **state)
{
    (void)state;
    ec_error err;
    enum { R = 400 };
    ec_law *law = ec_law_new(ec_form_find("chinchilla"), mle, &err);
    assert_non_null(law);
    double *reps = malloc(sizeof(double) * R * 5), Ls[R];
    gsl_rng *g = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(g, 7);
    for (size_t i = 0; i < R; i++) {
        double *p = reps + i * 5;
        p[0] = mle[0] + gsl_ran_gaussian(g, 0.02);
        p[1] = mle[1] * exp(gsl_ran_gaussian(g, 0.2));
        p[2] = mle[2] * exp(gsl_ran_gaussian(g, 0.2));
        p[3] = mle[3] + gsl_ran_gaussian(g, 0.01);
        p[4] = mle[4] + gsl_ran_gaussian(g, 0.01);
        double G = pow(p[3] * p[1] / (p[4] * p[2]), 1 / (p[3] + p[4]));
        double K = p[1] * pow(G, -p[3]) + p[2] * pow(G, p[4]), gm = p[3] * p[4] / (p[3] + p[4]);
        Ls[i] = p[0] + K * pow(1e28 / 6, -gm);
    }
    gsl_rng_free(g);
    assert_int_equal(ec_law_set_replicates(law, reps, R, NULL, &err), EC_OK);
    ec_sim_model m;
    model(&m, 2026, "fixed(1e28)", "fixed(1)", 1);
    m.law = law;
    ec_sim_options o = options(200000, 2027);
    ec_sim_result r;
    run(&m, &o, &r);
    assert_int_equal(r.replicates, R);
    gsl_sort(Ls, 1, R);
    for (size_t j = 0; j < 7; j++) {
        /* the draws' quantile against the replicates' (a discrete distribution): between its neighbours */
        double h = Q7[j] * (R - 1);
        size_t lo = (size_t)floor(h);
        double a = Ls[lo > 2 ? lo - 2 : 0], b = Ls[lo + 3 < R ? lo + 3 : R - 1];
        if (!(r.loss[j] >= a && r.loss[j] <= b)) fail_msg("q %g: loss %g not in [%g, %g]", Q7[j], r.loss[j], a, b);
    }
    ec_sim_result_clear(&r);
    ec_sim_model_clear(&m);
    ec_law_free(law);
    free(reps);
}

/* Censoring: a threshold most draws do not reach is +inf above the share crossed, never a made-up year; one below
 * the start is crossed at the start. */
static void test_censoring(void **state)
{
    (void)state;
    ec_sim_model m;
    model(&m, 2025, "fixed(1e26)", "normal(0.5, 0.25)", 1);
    ec_sim_options o = options(100000, 2030);
    const double thr[2] = {1e29, 1e25}; /* 3 OOM in 5 years: g >= 0.6, P = 1 - Phi(0.4) = 0.3446 */
    o.thr_compute = thr;
    o.n_thr_compute = 2;
    ec_sim_result r;
    run(&m, &o, &r);
    double p = 1 - gsl_cdf_ugaussian_P(0.4);
    assert_true(fabs((1 - r.thr[0].never) - p) < 5 * sqrt(p * (1 - p) / 1e5));
    for (size_t j = 0; j < 7; j++) {
        if (Q7[j] < p - 0.01) {
            double want = 2025 + 3 / (0.5 + 0.25 * gsl_cdf_ugaussian_Pinv(1 - Q7[j]));
            within_se(r.thr[0].year[j], r.thr[0].year_se[j], want, 4, "censored threshold's early quantile");
        } else if (Q7[j] > p + 0.01) {
            assert_true(isinf(r.thr[0].year[j]) && r.thr[0].year[j] > 0);
        }
    }
    assert_true(fabs(r.thr[0].p_by[r.n_by - 1] - (1 - r.thr[0].never)) < 1e-12); /* by 2030 = within the horizon */
    assert_true(r.thr[1].already == 1 && r.thr[1].never == 0);
    for (size_t j = 0; j < 7; j++) ASSERT_REL(r.thr[1].year[j], 2025, 0);
    ec_sim_result_clear(&r);
    ec_sim_model_clear(&m);
}

/* Rank correlations through the copula: Spearman's rho of the kept draws near the one asked; the margins unchanged. */
static void test_correlation(void **state)
{
    (void)state;
    ec_sim_model m;
    model(&m, 2025, "fixed(1e26)", "lognormal(median=4, ci90=[2.5, 6.4])", 0);
    set_dist(&m.algo, "uniform(1, 5)");
    m.algo_oom = 0;
    m.rho[EC_SIM_GROWTH * EC_SIM_N_INPUTS + EC_SIM_ALGO] = m.rho[EC_SIM_ALGO * EC_SIM_N_INPUTS + EC_SIM_GROWTH] = 0.6;
    ec_sim_options o = options(100000, 2026);
    o.keep_draws = 1;
    ec_sim_result r;
    run(&m, &o, &r);
    const size_t n = r.draws;
    double *x = malloc(sizeof(double) * n), *y = malloc(sizeof(double) * n), *work = malloc(sizeof(double) * 2 * n);
    memcpy(x, r.draw_growth, sizeof(double) * n);
    memcpy(y, r.draw_algo, sizeof(double) * n);
    double rho = gsl_stats_spearman(x, 1, y, 1, n, work);
    assert_true(fabs(rho - 0.6) < 0.01);
    /* margins: the median growth log10 4, the algo rate's median log10 3 (uniform(1, 5) x/year) */
    memcpy(x, r.draw_growth, sizeof(double) * n);
    gsl_sort(x, 1, n);
    ASSERT_REL(gsl_stats_median_from_sorted_data(x, 1, n), log10(4.0), 0.01);
    memcpy(y, r.draw_algo, sizeof(double) * n);
    gsl_sort(y, 1, n);
    ASSERT_REL(gsl_stats_median_from_sorted_data(y, 1, n), log10(3.0), 0.01);
    free(x), free(y), free(work);
    ec_sim_result_clear(&r);
    ec_sim_model_clear(&m);
}

static void expect_error(const ec_sim_model *m, const ec_sim_options *o, const char *msg)
{
    ec_error err;
    ec_sim_result r;
    memset(&err, 0, sizeof err);
    assert_int_equal(ec_simulate(m, o, &r, &err), EC_EINVAL);
    if (!strstr(err.message, msg)) fail_msg("message '%s' lacks '%s'", err.message, msg);
}

static void test_bad_models(void **state)
{
    (void)state;
    ec_sim_model m;
    model(&m, 2025, "fixed(1e26)", "lognormal(median=4, ci90=[2.5, 6.4])", 0);
    set_dist(&m.algo, "lognormal(median=3, ci90=[2, 4.5])");
    m.algo_oom = 0;
    ec_sim_options o = options(1000, 2030);
    /* a correlation matrix that is not positive definite */
    const int a = EC_SIM_START_COMPUTE, b = EC_SIM_GROWTH, c = EC_SIM_ALGO, K = EC_SIM_N_INPUTS;
    m.rho[a * K + b] = m.rho[b * K + a] = 0.9;
    m.rho[a * K + c] = m.rho[c * K + a] = 0.9;
    m.rho[b * K + c] = m.rho[c * K + b] = -0.9;
    expect_error(&m, &o, "positive definite");
    memset(m.rho, 0, sizeof m.rho);
    for (int i = 0; i < K; i++) m.rho[i * K + i] = 1;
    /* a correlation with a rate drawn anew each year */
    m.mode = EC_GROWTH_SHOCKS;
    m.rho[b * K + c] = m.rho[c * K + b] = 0.3;
    expect_error(&m, &o, "drawn anew each year");
    m.rho[b * K + c] = m.rho[c * K + b] = 0;
    m.mode = EC_GROWTH_CONSTANT;
    /* a factor per year that can be <= 0 */
    set_dist(&m.growth, "normal(1.5, 1)");
    expect_error(&m, &o, "must be positive");
    set_dist(&m.growth, "fixed(4)");
    /* horizon, quantiles, thresholds */
    o.end_year = 2025;
    expect_error(&m, &o, "is not after the start year");
    o.end_year = 2030;
    const double badq[1] = {1.5};
    o.q = badq;
    o.nq = 1;
    expect_error(&m, &o, "not in (0, 1)");
    o.q = Q7;
    o.nq = 7;
    const double badt[1] = {-1e27};
    o.thr_compute = badt;
    o.n_thr_compute = 1;
    expect_error(&m, &o, "not a positive number of FLOP");
    o.n_thr_compute = 0;
    o.draws = 0;
    expect_error(&m, &o, "at least 2");
    o.draws = 1; /* one draw has no percentiles */
    expect_error(&m, &o, "at least 2");
    o.draws = 1000;
    o.end_year = 2025 + 1e-9;
    expect_error(&m, &o, "too close to the start year");
    o.end_year = 2030;
    /* a schedule that goes back in time, an empty one */
    m.mode = EC_GROWTH_SCHEDULE;
    const double ys[2] = {2027, 2026}, rs[2] = {3, 4};
    m.schedule_year = ys;
    m.schedule_rate = rs;
    m.n_schedule = 2;
    expect_error(&m, &o, "must increase");
    m.n_schedule = 0;
    expect_error(&m, &o, "needs a schedule");
    m.mode = EC_GROWTH_CONSTANT;
    /* a start compute that can be <= 0, a law that is not chinchilla */
    set_dist(&m.start_compute, "normal(1e26, 1e26)");
    expect_error(&m, &o, "compute must be positive");
    set_dist(&m.start_compute, "fixed(1e26)");
    ec_error err;
    const double kp[4] = {8.8e13, 5.4e13, 0.076, 0.095}; /* Kaplan et al.'s Nc, Dc, alphaN, alphaD */
    ec_law *law = ec_law_new(ec_form_find("kaplan-nd"), kp, &err);
    assert_non_null(law);
    m.law = law;
    expect_error(&m, &o, "needs a chinchilla law");
    ec_law_free(law);
    ec_sim_model_clear(&m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_crossing_quantiles), cmocka_unit_test(test_fan),
        cmocka_unit_test(test_threads_identical), cmocka_unit_test(test_fused_matches_batched),  cmocka_unit_test(test_schedule),
        cmocka_unit_test(test_slowdown),           cmocka_unit_test(test_algorithmic),
        cmocka_unit_test(test_loss_visible_check), cmocka_unit_test(test_loss_replicates),
        cmocka_unit_test(test_censoring),          cmocka_unit_test(test_correlation),
        cmocka_unit_test(test_bad_models),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
