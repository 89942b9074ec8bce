/* test_law.c — the fitted law (model/ec_law.h) and the analyses on it
 * (solvers/ec_optimal.h, ec_predict.h): closed forms against the
 * allocation formulas and an independent minimisation, bands against
 * percentiles computed here by sorting, the delta method against its
 * closed form for a one-parameter-linear law, replicate outcomes. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "ec_test.h"

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ec_efficiency.h"
#include "ec_interval.h"
#include "ec_law.h"
#include "ec_optimal.h"
#include "ec_predict.h"

/* Epoch AI's refit (Besiroglu et al. 2024), catalogue order E, A, B, alpha, beta. */
static const double epoch[5] = {1.8172181, 477.82591, 2143.4172, 0.3473105, 0.36717243};
/* Epoch's MLE fit (their headline numbers), for issue 11's visible check. */
static const double epoch_mle[5] = {1.81686, 482.0057, 2085.434, 0.347813, 0.365854};

/* R replicates scattered around p (lognormal in A, B; normal in the rest), deterministic. */
static double *scatter(const double *p, size_t R, unsigned long seed)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, seed);
    double *m = malloc(sizeof(double) * R * 5);
    for (size_t k = 0; k < R; k++) {
        m[k * 5 + 0] = p[0] + gsl_ran_gaussian(r, 0.02);
        m[k * 5 + 1] = p[1] * exp(gsl_ran_gaussian(r, 0.2));
        m[k * 5 + 2] = p[2] * exp(gsl_ran_gaussian(r, 0.2));
        m[k * 5 + 3] = p[3] + gsl_ran_gaussian(r, 0.01);
        m[k * 5 + 4] = p[4] + gsl_ran_gaussian(r, 0.01);
    }
    gsl_rng_free(r);
    return m;
}

static ec_law *chin_law(const double *p)
{
    ec_error err;
    ec_law *law = ec_law_new(ec_form_find("chinchilla"), p, &err);
    assert_non_null(law);
    return law;
}

/* The frontier constants: N* and D* as ec_optimal_allocation, L* = E + K x^-gamma as ec_chin_law_loss(N*, D*). */
static void test_constants(void **state)
{
    (void)state;
    ec_chin_const c;
    ec_chin_const_of(epoch, &c);
    ec_chin_law l = ec_chin_law_from(epoch);
    for (double C = 1e18; C <= 1e30; C *= 10) {
        double N, D;
        ec_optimal_allocation(&l, C, &N, &D);
        double x = C / 6;
        ASSERT_REL(c.G * pow(x, c.eN), N, 1e-15);
        ASSERT_REL(c.E + c.K * pow(x, -c.gamma), ec_chin_law_loss(&l, N, D), 1e-14);
        ASSERT_REL(exp(c.lK), c.K, 1e-15);
        const ec_form *f = ec_form_find("chinchilla");
        assert_true(ec_law_quantity_at(f, epoch, &c, EC_LAW_NSTAR, &C) == N);
        assert_true(ec_law_quantity_at(f, epoch, &c, EC_LAW_DSTAR, &C) == D);
        assert_true(ec_law_quantity_at(f, epoch, NULL, EC_LAW_CURVE, &C) == ec_reference_curve(f, epoch, C));
    }
}

/* Issue 11's visible check on Epoch's MLE fit: N*, D*, L at 1e27 and 1e28 FLOP; 10T at 20 tokens per parameter. */
static void test_visible_check(void **state)
{
    (void)state;
    ec_law *law = chin_law(epoch_mle);
    ec_optimal_given g[2] = {EC_GIVEN_COMPUTE, EC_GIVEN_COMPUTE};
    double v[2] = {1e27, 1e28};
    ec_optimal_result r;
    ec_error err;
    assert_int_equal(ec_optimal(law, g, v, 2, 0.95, 1, &r, &err), EC_OK);
    ASSERT_REL(r.rows[0].N, 3.313e12, 5e-4);
    ASSERT_REL(r.rows[0].D, 5.031e13, 5e-4);
    ASSERT_REL(r.rows[0].loss, 1.8584, 5e-5);
    ASSERT_REL(r.rows[1].N, 1.079e13, 5e-4);
    ASSERT_REL(r.rows[1].D, 1.545e14, 5e-4);
    ASSERT_REL(r.rows[1].loss, 1.8444, 5e-5);
    ec_optimal_clear(&r);
    ec_chin_law l = ec_chin_law_from(epoch_mle);
    ASSERT_REL(6 * 10e12 * 20 * 10e12, 1.2e28, 1e-15);
    ASSERT_REL(ec_chin_law_loss(&l, 10e12, 20 * 10e12), 1.8436, 5e-5);
    ec_law_free(law);
}

/* optimal's rows against the allocation formulas, and its intervals against sorting the replicate values. */
static void test_optimal_rows(void **state)
{
    (void)state;
    const size_t R = 1999;
    double *m = scatter(epoch, R, 7);
    ec_law *law = chin_law(epoch);
    ec_error err;
    assert_int_equal(ec_law_set_replicates(law, m, R, NULL, &err), EC_OK);
    ec_optimal_given g[3] = {EC_GIVEN_COMPUTE, EC_GIVEN_SIZE, EC_GIVEN_LOSS};
    double v[3] = {1e25, 70e9, 1.95};
    for (int threads = 1; threads <= 2; threads++) {
        ec_optimal_result r;
        assert_int_equal(ec_optimal(law, g, v, 3, 0.95, threads, &r, &err), EC_OK);
        ec_chin_law l = ec_chin_law_from(epoch);
        double N, D;
        ec_optimal_allocation(&l, 1e25, &N, &D);
        ASSERT_REL(r.rows[0].N, N, 1e-13);
        ASSERT_REL(r.rows[0].D, D, 1e-13);
        ASSERT_REL(r.rows[0].loss, ec_chin_law_loss(&l, N, D), 1e-14);
        ASSERT_REL(r.rows[1].compute, ec_optimal_compute_for_size(&l, 70e9), 1e-13);
        double Cref;
        assert_int_equal(ec_reference_compute(ec_form_find("chinchilla"), epoch, 1.95, &Cref, &err), EC_OK);
        ASSERT_REL(r.rows[2].compute, Cref, 1e-8); /* exact inversion against root finding */
        /* Intervals: type-7 percentiles of each quantity over the replicates, by sorting. */
        for (int row = 0; row < 3; row++) {
            double *q[5];
            for (int j = 0; j < 5; j++) q[j] = malloc(sizeof(double) * R);
            size_t n = 0;
            for (size_t k = 0; k < R; k++) {
                ec_chin_law lk = ec_chin_law_from(m + k * 5);
                double C = row == 0 ? 1e25 : row == 1 ? ec_optimal_compute_for_size(&lk, 70e9) : NAN;
                if (row == 2 && ec_reference_compute(ec_form_find("chinchilla"), m + k * 5, 1.95, &C, NULL) != EC_OK)
                    continue; /* never reached: counted as unbounded, tested below */
                double Nk, Dk;
                ec_optimal_allocation(&lk, C, &Nk, &Dk);
                q[0][n] = C, q[1][n] = Nk, q[2][n] = Dk, q[3][n] = Dk / Nk, q[4][n] = ec_chin_law_loss(&lk, Nk, Dk);
                n++;
            }
            if (row == 2) assert_int_equal(n + r.rows[2].unreachable, R);
            const double *ci[5] = {r.rows[row].ci_compute, r.rows[row].ci_N, r.rows[row].ci_D, r.rows[row].ci_tpp,
                                   r.rows[row].ci_loss};
            for (int j = 0; j < 5; j++) {
                if (row == 2 && r.rows[2].unreachable) break; /* the sorted check holds without unbounded ones */
                gsl_sort(q[j], 1, n);
                ASSERT_REL(ci[j][0], gsl_stats_quantile_from_sorted_data(q[j], 1, n, 0.025), 1e-11);
                ASSERT_REL(ci[j][1], gsl_stats_quantile_from_sorted_data(q[j], 1, n, 0.975), 1e-11);
            }
            for (int j = 0; j < 5; j++) free(q[j]);
        }
        assert_true(r.rows[0].ci_compute[0] == 1e25 && r.rows[0].ci_compute[1] == 1e25);
        assert_true(r.rows[1].ci_N[0] == 70e9 && r.rows[1].ci_N[1] == 70e9);
        ec_optimal_clear(&r);
    }
    free(m);
    ec_law_free(law);
}

/* The intervals do not depend on the thread count, to the bit. */
static void test_optimal_threads(void **state)
{
    (void)state;
    const size_t R = 4000;
    double *m = scatter(epoch, R, 11);
    ec_law *law = chin_law(epoch);
    assert_int_equal(ec_law_set_replicates(law, m, R, NULL, NULL), EC_OK);
    ec_optimal_given g[3] = {EC_GIVEN_COMPUTE, EC_GIVEN_SIZE, EC_GIVEN_LOSS};
    double v[3] = {3e24, 1e12, 1.9};
    ec_optimal_result a, b;
    assert_int_equal(ec_optimal(law, g, v, 3, 0.95, 1, &a, NULL), EC_OK);
    assert_int_equal(ec_optimal(law, g, v, 3, 0.95, 2, &b, NULL), EC_OK);
    assert_memory_equal(a.rows, b.rows, sizeof(ec_optimal_row) * 3);
    ec_optimal_clear(&a);
    ec_optimal_clear(&b);
    free(m);
    ec_law_free(law);
}

/* Replicate outcomes: reached, never reaching a loss target (unbounded), failing, not converged. */
static void test_optimal_outcomes(void **state)
{
    (void)state;
    const double h[5] = {1.69, 406.4, 410.7, 0.34, 0.28};
    const double reps[5 * 5] = {1.69, 406.4, 410.7, 0.34, 0.28, 1.75, 406.4, 410.7, 0.34, 0.28,
                                2.0,  406.4, 410.7, 0.30, 0.28, 1.69, 406.4, 410.7, -0.34, 0.28,
                                1.69, 406.4, 410.7, 0.34, 0.28};
    const unsigned char conv[5] = {1, 1, 1, 1, 0};
    ec_law *law = chin_law(h);
    ec_error err;
    assert_int_equal(ec_law_set_replicates(law, reps, 5, conv, &err), EC_OK);
    assert_int_equal(law->n_reps, 4);
    assert_int_equal(law->reps_skipped, 1);
    ec_optimal_given g[2] = {EC_GIVEN_COMPUTE, EC_GIVEN_LOSS};
    double v[2] = {1e24, 1.9};
    ec_optimal_result r;
    assert_int_equal(ec_optimal(law, g, v, 2, 0.95, 1, &r, &err), EC_OK);
    assert_int_equal(r.rows[0].failed, 1);
    assert_int_equal(r.rows[0].unreachable, 0);
    assert_int_equal(r.rows[1].failed, 1);
    assert_int_equal(r.rows[1].unreachable, 1);
    assert_true(isinf(r.rows[1].ci_compute[1]) && isfinite(r.rows[1].ci_compute[0]));
    assert_true(isinf(r.rows[1].ci_tpp[1])); /* alpha > beta: tokens per parameter grow without bound */
    ec_optimal_clear(&r);
    /* The law's own target at or below E, or beyond its range: an error that says so. */
    double below = 1.5;
    ec_optimal_given gl = EC_GIVEN_LOSS;
    assert_int_equal(ec_optimal(law, &gl, &below, 1, 0.95, 1, &r, &err), EC_EINVAL);
    assert_non_null(strstr(err.message, "must be above E"));
    /* Bad values and other forms. */
    double neg = -1;
    ec_optimal_given gc = EC_GIVEN_COMPUTE;
    assert_int_equal(ec_optimal(law, &gc, &neg, 1, 0.95, 1, &r, &err), EC_EINVAL);
    const double pw[3] = {1, 2, 0.1};
    ec_law *other = ec_law_new(ec_form_find("saturating-power"), pw, &err);
    assert_non_null(other);
    assert_int_equal(ec_optimal(other, &gc, v, 1, 0.95, 1, &r, &err), EC_EINVAL);
    assert_non_null(strstr(err.message, "chinchilla"));
    ec_law_free(other);
    /* A replicate with a non-finite value is refused, naming it. */
    double bad[5] = {1.69, NAN, 410.7, 0.34, 0.28};
    assert_int_equal(ec_law_set_replicates(law, bad, 1, NULL, &err), EC_EDATA);
    assert_non_null(strstr(err.message, "replicate 1"));
    ec_law_free(law);
}

/* Multiplier: allocation efficiency 1 on the frontier; a point's multiplier is its reference compute over C. */
static void test_multiplier(void **state)
{
    (void)state;
    ec_law *law = chin_law(epoch);
    ec_chin_law l = ec_chin_law_from(epoch);
    double N, D;
    ec_optimal_allocation(&l, 1e24, &N, &D);
    ec_multiplier_result r;
    ec_error err;
    assert_int_equal(ec_multiplier_model(law, N, D, 0.95, &r, &err), EC_OK);
    ASSERT_REL(r.value, 1.0, 1e-8);
    assert_int_equal(ec_multiplier_model(law, 10 * N, D / 10, 0.95, &r, &err), EC_OK);
    assert_true(r.value < 1);
    double L = ec_chin_law_loss(&l, N, D);
    assert_int_equal(ec_multiplier_point(law, 1e23, L, 0.95, &r, &err), EC_OK);
    ASSERT_REL(r.value, 10.0, 1e-8); /* reaches 1e24's loss with a tenth of the compute */
    assert_true(isnan(r.ci[0]));
    assert_int_equal(ec_multiplier_point(law, -1, L, 0.95, &r, &err), EC_EINVAL);
    ec_law_free(law);
}

/* Bands: percentiles of the prediction over the replicates; the delta method's closed form without them. */
static void test_bands(void **state)
{
    (void)state;
    /* power: y = A x^(-alpha)... use the catalogue's "power" form, whose parameters are (A, alpha). */
    const ec_form *f = ec_form_find("power");
    assert_non_null(f);
    double p[EC_FORM_MAX_PARAMS];
    for (int j = 0; j < f->n_params; j++) p[j] = f->start[j];
    ec_error err;
    ec_law *law = ec_law_new(f, p, &err);
    assert_non_null(law);
    double x[3] = {1e20, 1e22, 1e24}, y[3], lo[3], hi[3];
    ec_band b;
    assert_int_equal(ec_law_band(law, EC_LAW_VALUE, x, 3, 0.95, 1, y, lo, hi, &b, &err), EC_OK);
    assert_int_equal(b.method, EC_BAND_NONE);
    assert_true(isnan(lo[0]) && isnan(hi[2]));
    /* Delta method with a covariance: var y = g' S g, g the form's analytic gradient; a positive y gets
     * y exp(-+ z sd/y). */
    double cov[EC_FORM_MAX_PARAMS * EC_FORM_MAX_PARAMS] = {0};
    for (int j = 0; j < f->n_params; j++) cov[j * EC_FORM_MAX_PARAMS + j] = pow(0.05 * fabs(p[j]) + 1e-3, 2);
    cov[0 * EC_FORM_MAX_PARAMS + 1] = cov[1 * EC_FORM_MAX_PARAMS + 0] = 0.3 * sqrt(cov[0] * cov[EC_FORM_MAX_PARAMS + 1]);
    assert_int_equal(ec_law_set_covariance(law, cov, &err), EC_OK);
    assert_int_equal(ec_law_band(law, EC_LAW_VALUE, x, 3, 0.95, 1, y, lo, hi, &b, &err), EC_OK);
    assert_int_equal(b.method, EC_BAND_DELTA);
    for (int i = 0; i < 3; i++) {
        double g[EC_FORM_MAX_PARAMS];
        double yy = f->eval(p, &x[i], g), v = 0;
        for (int a = 0; a < f->n_params; a++)
            for (int c = 0; c < f->n_params; c++) v += g[a] * cov[a * EC_FORM_MAX_PARAMS + c] * g[c];
        double sd = sqrt(v), z = 1.959963984540054;
        ASSERT_REL(y[i], yy, 1e-15);
        ASSERT_REL(lo[i], yy * exp(-z * sd / yy), 1e-12);
        ASSERT_REL(hi[i], yy * exp(z * sd / yy), 1e-12);
    }
    /* Replicates win over the covariance: percentiles by sorting, 1 and 2 threads alike. */
    const size_t R = 801;
    double *m = malloc(sizeof(double) * R * (size_t)f->n_params);
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    for (size_t k = 0; k < R; k++)
        for (int j = 0; j < f->n_params; j++) m[k * (size_t)f->n_params + (size_t)j] = p[j] * (1 + gsl_ran_gaussian(r, 0.05));
    gsl_rng_free(r);
    assert_int_equal(ec_law_set_replicates(law, m, R, NULL, &err), EC_OK);
    double lo2[3], hi2[3];
    assert_int_equal(ec_law_band(law, EC_LAW_VALUE, x, 3, 0.95, 1, y, lo, hi, &b, &err), EC_OK);
    assert_int_equal(b.method, EC_BAND_REPLICATES);
    assert_int_equal(b.replicates, R);
    assert_int_equal(ec_law_band(law, EC_LAW_VALUE, x, 3, 0.95, 2, y, lo2, hi2, &b, &err), EC_OK);
    assert_memory_equal(lo, lo2, sizeof lo);
    assert_memory_equal(hi, hi2, sizeof hi);
    for (int i = 0; i < 3; i++) {
        double *v = malloc(sizeof(double) * R);
        size_t n = 0;
        for (size_t k = 0; k < R; k++) {
            double yy = f->eval(m + k * (size_t)f->n_params, &x[i], NULL);
            if (isfinite(yy)) v[n++] = yy;
        }
        gsl_sort(v, 1, n);
        assert_true(lo[i] == gsl_stats_quantile_from_sorted_data(v, 1, n, 0.025));
        assert_true(hi[i] == gsl_stats_quantile_from_sorted_data(v, 1, n, 0.975));
        free(v);
    }
    /* N* and D* need a chinchilla law. */
    assert_int_equal(ec_law_band(law, EC_LAW_NSTAR, x, 1, 0.95, 1, y, lo, hi, &b, &err), EC_EINVAL);
    free(m);
    ec_law_free(law);
}

/* --at specifications: one role with several values, points of two variables, and each bad one. */
static void test_parse_at(void **state)
{
    (void)state;
    const ec_form *chin = ec_form_find("chinchilla"), *pw = ec_form_find("power");
    double *xs = NULL;
    size_t n = 0;
    ec_error err;
    assert_int_equal(ec_predict_parse_at(chin, "N=70e9,D=1.4e12;N=1e13,D=2e14", &xs, &n, &err), EC_OK);
    assert_int_equal(n, 2);
    assert_true(xs[0] == 70e9 && xs[1] == 1.4e12 && xs[2] == 1e13 && xs[3] == 2e14);
    free(xs);
    xs = NULL;
    n = 0;
    assert_int_equal(ec_predict_parse_at(pw, "x=1e20,1e21,1e22", &xs, &n, &err), EC_OK);
    assert_int_equal(n, 3);
    free(xs);
    static const struct {
        const char *spec, *want;
    } bad[] = {{"N=70e9,,D=1", "empty item"},     {"Q=1", "takes N and D, not 'Q'"}, {"1e20", "needs a role"},
               {"N=abc,D=1", "is not a number"}, {"N=-1,D=1", "must be positive"}, {"N=1,2,D=1", "same number"}};
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        xs = NULL;
        n = 0;
        assert_int_equal(ec_predict_parse_at(chin, bad[k].spec, &xs, &n, &err), EC_EINVAL);
        if (!strstr(err.message, bad[k].want)) fail_msg("'%s': %s", bad[k].spec, err.message);
        free(xs);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_constants),      cmocka_unit_test(test_visible_check),
        cmocka_unit_test(test_optimal_rows),   cmocka_unit_test(test_optimal_threads),
        cmocka_unit_test(test_optimal_outcomes), cmocka_unit_test(test_multiplier),
        cmocka_unit_test(test_bands),          cmocka_unit_test(test_parse_at),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
