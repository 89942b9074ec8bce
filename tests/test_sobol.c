/* test_sobol.c — Saltelli's design and Sobol' indices (solvers/ec_sobol.h)
 * against issue 12's certified case: the Ishigami function (a = 7, b = 0.1,
 * inputs uniform on [-pi, pi]) has first-order indices S = (0.313905,
 * 0.442411, 0) and total indices ST = (0.557589, 0.442411, 0.243684); at
 * N = 2^14 base points the estimates lie within their 95% bootstrap
 * intervals (and within 0.02). The second-order S13 = ST1 - S1 = 0.243684,
 * S12 = S23 = 0. Also the design's structure and bad inputs. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "ec_test.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ec_random.h"
#include "ec_sobol.h"

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

static double ishigami(const double *u)
{
    double x1 = -M_PI + 2 * M_PI * u[0], x2 = -M_PI + 2 * M_PI * u[1], x3 = -M_PI + 2 * M_PI * u[2];
    return sin(x1) + 7 * sin(x2) * sin(x2) + 0.1 * pow(x3, 4) * sin(x1);
}

static void within(double got, double conf, double want, const char *what)
{
    if (!(conf > 0 && conf < 0.1)) fail_msg("%s: conf %g", what, conf);
    if (!(fabs(got - want) <= conf)) fail_msg("%s: %g, want %g within its interval +-%g", what, got, want, conf);
    if (!(fabs(got - want) <= 0.02)) fail_msg("%s: %g, want %g within 0.02", what, got, want);
}

static void test_ishigami(void **state)
{
    (void)state;
    const size_t D = 3, N = 16384;
    for (int so = 0; so < 2; so++) {
        size_t rows = ec_saltelli_rows(D, N, so);
        assert_int_equal(rows, N * (so ? 8 : 5));
        double *U = malloc(sizeof(double) * rows * D), *Y = malloc(sizeof(double) * rows);
        ec_error err;
        assert_int_equal(ec_saltelli_design(D, N, so, U, &err), EC_OK);
        for (size_t i = 0; i < rows; i++) Y[i] = ishigami(U + i * D);
        ec_sobol_result r;
        assert_int_equal(ec_sobol_analyze(Y, D, N, so, 100, 42, &r, &err), EC_OK);
        const double S[3] = {0.313905, 0.442411, 0}, ST[3] = {0.557589, 0.442411, 0.243684};
        for (size_t j = 0; j < D; j++) {
            within(r.S1[j], r.S1_conf[j], S[j], "S1");
            within(r.ST[j], r.ST_conf[j], ST[j], "ST");
        }
        /* V = a^2/8 + b pi^4/5 + b^2 pi^8/18 + 1/2 */
        ASSERT_REL(r.variance, 49.0 / 8 + 0.1 * pow(M_PI, 4) / 5 + 0.01 * pow(M_PI, 8) / 18 + 0.5, 0.02);
        if (so) {
            within(r.S2[0 * 3 + 1], r.S2_conf[1], 0, "S12");
            within(r.S2[0 * 3 + 2], r.S2_conf[2], 0.243684, "S13");
            within(r.S2[1 * 3 + 2], r.S2_conf[5], 0, "S23");
            assert_true(isnan(r.S2[1 * 3 + 0]));
        } else {
            assert_null(r.S2);
        }
        /* the same seed, the same intervals */
        ec_sobol_result r2;
        assert_int_equal(ec_sobol_analyze(Y, D, N, so, 100, 42, &r2, &err), EC_OK);
        assert_memory_equal(r.S1_conf, r2.S1_conf, sizeof(double) * D);
        ec_sobol_result_clear(&r2);
        ec_sobol_result_clear(&r);
        free(U), free(Y);
    }
}

/* The reference for test_bootstrap_reference: SALib's estimators written out one index at a time over base points
 * idx (the outputs z already centred and scaled), as the formulas in ec_sobol.h read. */
static void reference_indices(const double *z, size_t D, size_t N, int so, const size_t *idx, double *S1, double *ST,
                              double *S2)
{
    const size_t per = so ? 2 * D + 2 : D + 2;
    double mean = 0, var = 0;
    for (size_t t = 0; t < N; t++) mean += z[idx[t] * per] + z[idx[t] * per + per - 1];
    mean /= 2.0 * (double)N;
    for (size_t t = 0; t < N; t++) {
        double a = z[idx[t] * per] - mean, b = z[idx[t] * per + per - 1] - mean;
        var += a * a + b * b;
    }
    var /= 2.0 * (double)N;
    for (size_t j = 0; j < D; j++) {
        double first = 0, total = 0;
        for (size_t t = 0; t < N; t++) {
            const double *row = z + idx[t] * per;
            first += row[per - 1] * (row[1 + j] - row[0]);
            total += (row[0] - row[1 + j]) * (row[0] - row[1 + j]);
        }
        S1[j] = first / (double)N / var;
        ST[j] = 0.5 * total / (double)N / var;
    }
    for (size_t j = 0; so && j < D; j++)
        for (size_t k = j + 1; k < D; k++) {
            double c = 0;
            for (size_t t = 0; t < N; t++) {
                const double *row = z + idx[t] * per;
                c += row[1 + D + j] * row[1 + k] - row[0] * row[per - 1];
            }
            S2[j * D + k] = c / (double)N / var - S1[j] - S1[k];
        }
}

/* ec_sobol_analyze against that reference on Ishigami (N = 256, 50 resamples, with and without second order): the
 * indices, and the intervals from resamples drawn with ec_random_u01 itself (stream (seed, "SOB"), counter (b, t, 0),
 * base point floor(u N)) -- the library draws them with Random123 inline, and must draw these numbers. A different
 * counter, lane or map changes the intervals by percents; the sums in another order by 1e-15. */
static void test_bootstrap_reference(void **state)
{
    (void)state;
    const size_t D = 3, N = 256, B = 50;
    const unsigned long long seed = 7;
    for (int so = 0; so < 2; so++) {
        const size_t rows = ec_saltelli_rows(D, N, so);
        double *U = malloc(sizeof(double) * rows * D), *Y = malloc(sizeof(double) * rows), *z = malloc(sizeof(double) * rows);
        double *bs = malloc(sizeof(double) * B * (2 * D + D * D));
        size_t idx[256];
        ec_error err;
        assert_int_equal(ec_saltelli_design(D, N, so, U, &err), EC_OK);
        double mu = 0, sq = 0;
        for (size_t i = 0; i < rows; i++) Y[i] = ishigami(U + i * D), mu += Y[i];
        mu /= (double)rows;
        for (size_t i = 0; i < rows; i++) sq += (Y[i] - mu) * (Y[i] - mu);
        for (size_t i = 0; i < rows; i++) z[i] = (Y[i] - mu) / sqrt(sq / (double)rows);
        ec_sobol_result r;
        assert_int_equal(ec_sobol_analyze(Y, D, N, so, B, seed, &r, &err), EC_OK);
        double S1[3], ST[3], S2[9];
        for (size_t t = 0; t < N; t++) idx[t] = t;
        reference_indices(z, D, N, so, idx, S1, ST, S2);
        for (size_t j = 0; j < D; j++) ASSERT_REL(r.S1[j], S1[j], 1e-12), ASSERT_REL(r.ST[j], ST[j], 1e-12);
        const ec_stream st = ec_stream_of(seed, 0x534f42ULL);
        for (size_t b = 0; b < B; b++) {
            for (size_t t = 0; t < N; t++) {
                size_t k = (size_t)(ec_random_u01(&st, b, t, 0) * (double)N);
                idx[t] = k < N ? k : N - 1;
            }
            double *o = bs + b * (2 * D + D * D);
            reference_indices(z, D, N, so, idx, o, o + D, o + 2 * D);
        }
        const size_t nq = so ? 2 * D + D * D : 2 * D;
        for (size_t q = 0; q < nq; q++) {
            const size_t j = q < 2 * D ? q % D : (q - 2 * D) / D, k = q < 2 * D ? 0 : (q - 2 * D) % D;
            if (q >= 2 * D && k <= j) continue;
            double m = 0, v = 0;
            for (size_t b = 0; b < B; b++) m += bs[b * (2 * D + D * D) + q];
            m /= (double)B;
            for (size_t b = 0; b < B; b++) v += pow(bs[b * (2 * D + D * D) + q] - m, 2);
            const double conf = 1.959963984540054 * sqrt(v / (double)(B - 1)); /* Phi^-1(0.975) */
            const double got = q < D ? r.S1_conf[j] : q < 2 * D ? r.ST_conf[j] : r.S2_conf[j * D + k];
            ASSERT_REL(got, conf, 1e-9);
            if (q >= 2 * D) ASSERT_REL(r.S2[j * D + k], S2[j * D + k], 1e-9);
        }
        ec_sobol_result_clear(&r);
        free(U), free(Y), free(z), free(bs);
    }
}

/* Rows per base point: A, AB^(j) (A with column j from B), [BA^(j)], B. */
static void test_design_structure(void **state)
{
    (void)state;
    const size_t D = 4, N = 8;
    double U[8 * 10 * 4];
    ec_error err;
    assert_int_equal(ec_saltelli_design(D, N, 1, U, &err), EC_OK);
    for (size_t i = 0; i < N; i++) {
        const double *row = U + i * 10 * D, *A = row, *B = row + 9 * D;
        for (size_t j = 0; j < D; j++) {
            assert_true(A[j] >= 0 && A[j] < 1 && B[j] >= 0 && B[j] < 1);
            for (size_t c = 0; c < D; c++) {
                assert_true(row[(1 + j) * D + c] == (c == j ? B[c] : A[c]));
                assert_true(row[(1 + D + j) * D + c] == (c == j ? A[c] : B[c]));
            }
        }
    }
    assert_int_equal(ec_saltelli_design(0, N, 0, U, &err), EC_EINVAL);
    assert_int_equal(ec_saltelli_design(21, N, 0, U, &err), EC_EINVAL);
    assert_non_null(strstr(err.message, "1 to 20 inputs"));
    double Y[3 * 5] = {0};
    ec_sobol_result r;
    assert_int_equal(ec_sobol_analyze(Y, 3, 3, 0, 10, 1, &r, &err), EC_EINVAL); /* no variance */
    assert_non_null(strstr(err.message, "do not vary"));
    Y[4] = NAN;
    assert_int_equal(ec_sobol_analyze(Y, 3, 3, 0, 10, 1, &r, &err), EC_EINVAL);
    assert_non_null(strstr(err.message, "row 4"));
    assert_int_equal(ec_sobol_analyze(Y, 21, 3, 0, 10, 1, &r, &err), EC_EINVAL); /* more inputs than a design has */
    assert_non_null(strstr(err.message, "at most 20"));
}

/* Morris: on a linear function the elementary effects are the coefficients exactly (mu, mu_star = |a|, sigma 0);
 * on x1 x2 + x3 the effect of x1 is x2 (it varies: sigma > 0) and that of x3 is 1. The design stays on the grid and
 * each step moves one input by +-Delta = 2/3 (4 levels). */
static void test_morris(void **state)
{
    (void)state;
    const size_t D = 3, r = 40;
    const size_t rows = ec_morris_rows(D, r);
    assert_int_equal(rows, 160);
    double *U = malloc(sizeof(double) * rows * D), *Y = malloc(sizeof(double) * rows);
    ec_error err;
    assert_int_equal(ec_morris_design(D, r, 4, 7, U, &err), EC_OK);
    for (size_t i = 0; i < rows * D; i++) {
        double lv = U[i] * 3;
        assert_true(fabs(lv - round(lv)) < 1e-12 && U[i] >= 0 && U[i] <= 1);
    }
    for (size_t t = 0; t < r; t++)
        for (size_t s = 0; s < D; s++) {
            const double *a = U + (t * (D + 1) + s) * D, *b = a + D;
            int moved = 0;
            for (size_t j = 0; j < D; j++)
                if (a[j] != b[j]) moved++, ASSERT_REL(fabs(b[j] - a[j]), 2.0 / 3, 1e-12);
            assert_int_equal(moved, 1);
        }
    const double a[3] = {2, -3, 0.5};
    for (size_t i = 0; i < rows; i++) Y[i] = a[0] * U[i * D] + a[1] * U[i * D + 1] + a[2] * U[i * D + 2];
    ec_morris_result m;
    assert_int_equal(ec_morris_analyze(U, Y, D, r, 1000, 1, &m, &err), EC_OK);
    for (size_t j = 0; j < D; j++) {
        ASSERT_REL(m.mu[j], a[j], 1e-12);
        ASSERT_REL(m.mu_star[j], fabs(a[j]), 1e-12);
        assert_true(m.sigma[j] < 1e-12 && m.mu_star_conf[j] < 1e-12);
    }
    ec_morris_result_clear(&m);
    for (size_t i = 0; i < rows; i++) Y[i] = U[i * D] * U[i * D + 1] + U[i * D + 2];
    assert_int_equal(ec_morris_analyze(U, Y, D, r, 1000, 1, &m, &err), EC_OK);
    assert_true(m.sigma[0] > 0.1 && m.sigma[1] > 0.1 && m.mu_star_conf[0] > 0);
    ASSERT_REL(m.mu[2], 1, 1e-12);
    assert_true(m.sigma[2] < 1e-12);
    ec_morris_result_clear(&m);
    /* refusals: an odd number of levels, one trajectory, a design whose step moves two inputs */
    assert_int_equal(ec_morris_design(D, r, 3, 7, U, &err), EC_EINVAL);
    assert_int_equal(ec_morris_design(D, 1, 4, 7, U, &err), EC_EINVAL);
    /* a trajectory that moves one input twice (its last step undoes the first's input): refused, never an effect
     * read from memory no step wrote */
    assert_int_equal(ec_morris_design(D, r, 4, 7, U, &err), EC_OK);
    {
        double *t0 = U; /* trajectory 0: rows 0..D */
        size_t first = D;
        for (size_t j = 0; j < D; j++)
            if (t0[j] != t0[D + j]) first = j;
        double *last = t0 + D * D, *prev = t0 + (D - 1) * D;
        memcpy(last, prev, sizeof(double) * D);
        last[first] = prev[first] == 0 ? 2.0 / 3 : prev[first] - 2.0 / 3; /* move the first step's input again */
        if (last[first] < 0) last[first] = prev[first] + 2.0 / 3;
    }
    for (size_t i = 0; i < rows; i++) Y[i] = U[i * D];
    assert_int_equal(ec_morris_analyze(U, Y, D, r, 10, 1, &m, &err), EC_EINVAL);
    assert_non_null(strstr(err.message, "twice"));
    U[D] += 0.1, U[D + 1] += 0.1;
    assert_int_equal(ec_morris_analyze(U, Y, D, r, 10, 1, &m, &err), EC_EINVAL);
    assert_non_null(strstr(err.message, "inputs, not one"));
    free(U), free(Y);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_ishigami), cmocka_unit_test(test_design_structure),
                                       cmocka_unit_test(test_bootstrap_reference),
                                       cmocka_unit_test(test_morris)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
