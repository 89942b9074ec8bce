/* test_interval.c — quantiles by selection and the intervals built on them
 * (model/ec_interval.h): bit-identical to GSL's sorted-data quantile, the
 * unbounded (infinite) cases, normal z values, column summaries. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "ec_test.h"
#include "ec_test_simd.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ec_chinchilla.h"
#include "ec_error.h"
#include "ec_interval.h"

/* Selection gives exactly GSL's interpolated quantile of the sorted values, for every n and q tried. */
static void test_matches_sorted_gsl(void **state)
{
    (void)state;
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    static double v[4001], s[4001], w[4001];
    const double qs[] = {0, 0.025, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.975, 1};
    const size_t ns[] = {1, 2, 3, 7, 40, 41, 200, 1000, 4000, 4001};
    for (size_t a = 0; a < sizeof ns / sizeof ns[0]; a++) {
        size_t n = ns[a];
        for (size_t i = 0; i < n; i++) v[i] = gsl_ran_gaussian_ziggurat(r, 1.0) * (i % 7 == 0 ? 1e3 : 1.0);
        memcpy(s, v, sizeof(double) * n);
        gsl_sort(s, 1, n);
        for (size_t b = 0; b < sizeof qs / sizeof qs[0]; b++) {
            memcpy(w, v, sizeof(double) * n);
            double got = ec_quantile(w, n, qs[b]), want = gsl_stats_quantile_from_sorted_data(s, 1, n, qs[b]);
            if (got != want) fail_msg("n = %zu, q = %g: %.17g, GSL %.17g", n, qs[b], got, want);
        }
        /* Several at once (the sorted path) agrees too. */
        double out[11];
        memcpy(w, v, sizeof(double) * n);
        ec_quantiles(w, n, qs, 11, out);
        for (size_t b = 0; b < 11; b++) assert_true(out[b] == gsl_stats_quantile_from_sorted_data(s, 1, n, qs[b]));
        memcpy(w, v, sizeof(double) * n);
        ec_quantiles(w, n, qs + 1, 1, out);
        assert_true(out[0] == gsl_stats_quantile_from_sorted_data(s, 1, n, qs[1]));
        /* The 95% interval uses exactly q = 0.025 and 0.975 (not 0.5 * (1 - 0.95) = 0.025000000000000022). */
        if (n >= 2) {
            double ci[2];
            memcpy(w, v, sizeof(double) * n);
            ec_interval_percentile(w, n, 0.95, ci);
            assert_true(ci[0] == gsl_stats_quantile_from_sorted_data(s, 1, n, 0.025));
            assert_true(ci[1] == gsl_stats_quantile_from_sorted_data(s, 1, n, 0.975));
            memcpy(w, v, sizeof(double) * n);
            ec_interval_percentile(w, n, 0.9, ci);
            assert_true(ci[0] == gsl_stats_quantile_from_sorted_data(s, 1, n, 0.05));
            assert_true(ci[1] == gsl_stats_quantile_from_sorted_data(s, 1, n, 0.95));
        }
    }
    gsl_rng_free(r);
}

/* Percentile intervals with unbounded (infinite) replicates. */
static void test_unbounded(void **state)
{
    (void)state;
    double v[200], ci[2];
    /* 1..200 reversed: 0.025*199 = 4.975 -> 5.975. */
    for (int i = 0; i < 200; i++) v[i] = 200 - i;
    ec_interval_percentile(v, 200, 0.95, ci);
    ASSERT_REL(ci[0], 5.975, 1e-14);
    ASSERT_REL(ci[1], 195.025, 1e-14);
    /* 18 of 200 unbounded (the 18 largest): the upper end is unbounded, the lower one unchanged. */
    for (int i = 0; i < 200; i++) v[i] = i < 18 ? INFINITY : i + 1;
    ec_interval_percentile(v, 200, 0.95, ci);
    assert_true(isinf(ci[1]) && ci[1] > 0);
    ASSERT_REL(ci[0], 23.975, 1e-14); /* sorted: 19..200 then inf; v[4] = 23, v[5] = 24 */
    /* 5 of 200: 0.975*199 = 194.025 falls between the last finite value and the first infinite one. */
    for (int i = 0; i < 200; i++) v[i] = i < 5 ? INFINITY : i;
    ec_interval_percentile(v, 200, 0.95, ci);
    assert_true(isinf(ci[1]));
    /* 1 of 41: 0.975*40 = 39 is exactly the 40th value, finite (GSL's formula would give 0*inf = NaN). */
    for (int i = 0; i < 41; i++) v[i] = i == 0 ? INFINITY : i;
    ec_interval_percentile(v, 41, 0.95, ci);
    assert_true(ci[1] == 40.0);
    ASSERT_REL(ci[0], 2.0, 1e-14);
    /* Unbounded below (a quantity that falls without bound). */
    for (int i = 0; i < 200; i++) v[i] = i < 10 ? -INFINITY : i;
    ec_interval_percentile(v, 200, 0.95, ci);
    assert_true(isinf(ci[0]) && ci[0] < 0);
    ASSERT_REL(ci[1], 194.025, 1e-14);
    /* Both neighbours infinite: the nearer one. */
    for (int i = 0; i < 200; i++) v[i] = i < 100 ? -INFINITY : INFINITY;
    assert_true(isinf(ec_quantile(v, 200, 0.4)) && ec_quantile(v, 200, 0.4) < 0);
    /* Too few values, bad arguments. */
    v[0] = 1;
    ec_interval_percentile(v, 1, 0.95, ci);
    assert_true(isnan(ci[0]) && isnan(ci[1]));
    ec_interval_percentile(v, 200, 1.5, ci);
    assert_true(isnan(ci[0]) && isnan(ci[1]));
    assert_true(isnan(ec_quantile(v, 0, 0.5)));
    assert_true(isnan(ec_quantile(v, 10, -0.1)));
    assert_true(ec_quantile(v, 1, 0.7) == 1.0);
}

/* z of a two-sided normal interval: Φ(z) = (1 + level)/2. */
static void test_z(void **state)
{
    (void)state;
    /* 1.959963984540054 is Φ⁻¹(0.975) = 1.95996398454005423552... correctly rounded. */
    assert_true(ec_interval_z(0.95) == 1.959963984540054);
    ASSERT_REL(ec_interval_z(0.9), 1.6448536269514722, 1e-14);
    ASSERT_REL(ec_interval_z(0.99), 2.5758293035489004, 1e-14);
    ASSERT_REL(gsl_cdf_ugaussian_P(ec_interval_z(0.8)), 0.9, 1e-14);
    assert_true(isnan(ec_interval_z(1.0)));
}

/* Column summaries: only the rows used, SD of skipped columns exactly 0. */
static void test_summarise(void **state)
{
    (void)state;
    /* 5 rows × 2 columns; row 2 not used. Column 0: 1,2,(100),4,5 -> 1,2,4,5. */
    const double m[10] = {1, 7, 2, 7, 100, 7, 4, 7, 5, 7};
    const unsigned char use[5] = {1, 1, 0, 1, 1}, skip[2] = {0, 1};
    double mean[2], sd[2], lo[2], hi[2];
    int oom;
    assert_int_equal(ec_interval_summarise(m, 5, 2, use, skip, 0.95, mean, sd, lo, hi, &oom), 4);
    ASSERT_REL(mean[0], 3.0, 1e-15);
    ASSERT_REL(sd[0], sqrt(10.0 / 3.0), 1e-15); /* deviations -2,-1,1,2: 10/(4-1) */
    ASSERT_REL(lo[0], 1 + 0.075, 1e-14);        /* h = 0.075 */
    ASSERT_REL(hi[0], 4 + 0.925, 1e-14);        /* h = 2.925 */
    assert_true(sd[1] == 0.0 && mean[1] == 7.0);
    ASSERT_REL(lo[1], 7.0, 1e-15); /* (1 - h) 7 + h 7, rounded, as GSL interpolates */
    ASSERT_REL(hi[1], 7.0, 1e-15);
    const unsigned char one[5] = {0, 0, 1, 0, 0};
    assert_int_equal(ec_interval_summarise(m, 5, 2, one, NULL, 0.95, mean, sd, lo, hi, &oom), 0);
    assert_true(isnan(mean[0]) && isnan(hi[1]));
}

/* Many quantiles of a large set: exact (the sorted values'), for smooth, heavy-tailed, tied and infinite data. */
static void test_many_quantiles(void **state)
{
    (void)state;
    const size_t n = 300001;
    double *v = malloc(sizeof(double) * n), *w = malloc(sizeof(double) * n), *s = malloc(sizeof(double) * n);
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    const double q[] = {0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.999, 0.0};
    const size_t nq = sizeof q / sizeof q[0];
    /* Normal; heavy-tailed (a bucket of the range holds most values: the buckets are split again); heavy ties;
     * +inf among them; -inf and +inf, 40% of them (ranks in the end buckets); a spike of 60% equal values. */
    for (int kind = 0; kind < 6; kind++) {
        for (size_t i = 0; i < n; i++) {
            double z = gsl_ran_gaussian_ziggurat(r, 1.0);
            v[i] = kind == 0   ? z
                   : kind == 1 ? exp(8 * z)
                   : kind == 2 ? floor(3 * z)
                   : kind == 3 ? (i % 97 == 0 ? INFINITY : z)
                   : kind == 4 ? (i % 5 == 0 ? -INFINITY : i % 5 == 1 ? INFINITY : z)
                               : (i % 5 < 3 ? 1.0 : z);
        }
        memcpy(s, v, sizeof(double) * n);
        gsl_sort(s, 1, n);
        memcpy(w, v, sizeof(double) * n);
        double out[16], se[16];
        ec_quantiles(w, n, q, nq, out);
        for (size_t k = 0; k < nq; k++) {
            double want = gsl_stats_quantile_from_sorted_data(s, 1, n, q[k]);
            if (isnan(want)) want = INFINITY; /* GSL's 0 * inf next to an infinite value; effcomp's rule: unbounded */
            if (!(out[k] == want || (isinf(out[k]) && isinf(want))))
                fail_msg("kind %d, q = %g: %.17g, sorted %.17g", kind, q[k], out[k], want);
        }
        memcpy(w, v, sizeof(double) * n);
        ec_quantiles_se(w, n, q, nq, out, se);
        for (size_t k = 0; k + 1 < nq; k++) {
            double want = gsl_stats_quantile_from_sorted_data(s, 1, n, q[k]);
            if (isnan(want)) want = INFINITY;
            assert_true(out[k] == want || (isinf(out[k]) && isinf(want)));
            /* The order statistics one binomial sd of rank away, from the sorted values. */
            double h = q[k] * (double)(n - 1), sd = sqrt((double)n * q[k] * (1 - q[k]));
            double lo = s[(size_t)floor(h - sd)], hi = s[(size_t)ceil(h + sd)];
            if (isfinite(hi - lo)) ASSERT_REL(se[k], 0.5 * (hi - lo), 1e-15);
        }
        /* Arbitrary ranks, repeated and out of order. */
        size_t ranks[5] = {n - 1, 0, 150000, 150000, 7};
        memcpy(w, v, sizeof(double) * n);
        ec_order_stats(w, n, ranks, 5, out);
        for (int k = 0; k < 5; k++) assert_true(out[k] == s[ranks[k]] || (isinf(out[k]) && isinf(s[ranks[k]])));
    }
    /* A span beyond double's range (-1e308 .. 1e308) and one below its resolution (0 .. 1e-310): exact still. */
    for (int kind = 0; kind < 2; kind++) {
        for (size_t i = 0; i < n; i++) {
            double z = gsl_ran_gaussian_ziggurat(r, 1.0);
            v[i] = kind == 0 ? (z < 0 ? -1e308 : 1e308) * fabs(z) / (1 + fabs(z)) : (z < 0 ? 0.0 : 1e-310);
        }
        memcpy(s, v, sizeof(double) * n);
        gsl_sort(s, 1, n);
        size_t rk[4] = {0, n / 10, n / 2, n - 1};
        double got[4];
        memcpy(w, v, sizeof(double) * n);
        ec_order_stats(w, n, rk, 4, got);
        for (int k = 0; k < 4; k++)
            if (!(got[k] == s[rk[k]])) fail_msg("extreme range %d, rank %zu: %g, sorted %g", kind, rk[k], got[k], s[rk[k]]);
    }
    /* The normal quantile's standard error against its large-sample value sqrt(q(1-q)/n)/phi(x_q). */
    for (size_t i = 0; i < n; i++) v[i] = gsl_ran_gaussian_ziggurat(r, 1.0);
    double med, se;
    const double half = 0.5;
    ec_quantiles_se(v, n, &half, 1, &med, &se);
    ASSERT_REL(se, sqrt(0.25 / (double)n) / gsl_ran_ugaussian_pdf(0.0), 0.1);
    gsl_rng_free(r);
    free(v);
    free(w);
    free(s);
}

/* Large samples take their statistics from the tails alone (a threshold from every 16th value, one pass): exactly
 * the sorted values' quantiles, whatever the order (sorted, reversed, clustered outliers first), with ties, infinite
 * values, and levels whose tails are too wide for it (it steps aside). */
static void tails_exact_on_this_path(void **state)
{
    (void)state;
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    const size_t ns[] = {1024, 1025, 4000, 4001, 20000};
    const double levels[] = {0.95, 0.9, 0.99, 0.5, 0.8};
    double *v = malloc(sizeof(double) * 20000), *s = malloc(sizeof(double) * 20000), *w = malloc(sizeof(double) * 20000);
    assert_non_null(v), assert_non_null(s), assert_non_null(w);
    for (int kind = 0; kind < 6; kind++)
        for (size_t a = 0; a < sizeof ns / sizeof ns[0]; a++) {
            const size_t n = ns[a];
            for (size_t i = 0; i < n; i++) {
                double z = gsl_ran_gaussian_ziggurat(r, 1.0);
                v[i] = kind == 2 ? (double)(gsl_rng_uniform_int(r, 3)) /* three values, many ties */
                     : kind == 3 ? (i < n / 20 ? 1e6 + z : z)       /* the outliers together, first */
                     : kind == 4 ? (i % 97 == 0 ? INFINITY : i % 89 == 0 ? -INFINITY : z)
                     : kind == 5 ? 1.0 + 1e-16 * (double)(i % 2)     /* two neighbouring doubles */
                                 : z;
            }
            if (kind == 0) gsl_sort(v, 1, n);
            if (kind == 1)
                for (size_t i = 0; i < n; i++) v[i] = -(double)i;
            memcpy(s, v, sizeof(double) * n);
            gsl_sort(s, 1, n);
            for (size_t b = 0; b < sizeof levels / sizeof levels[0]; b++) {
                double lo = 0.5 * (1 - levels[b]), hi = 0.5 * (1 + levels[b]), ci[2];
                lo = round(lo * 1e12) / 1e12, hi = round(hi * 1e12) / 1e12;
                memcpy(w, v, sizeof(double) * n);
                ec_interval_percentile(w, n, levels[b], ci);
                double want_lo = gsl_stats_quantile_from_sorted_data(s, 1, n, lo),
                       want_hi = gsl_stats_quantile_from_sorted_data(s, 1, n, hi);
                if (kind == 4 && !(isfinite(want_lo) && isfinite(want_hi))) continue; /* an infinity: test_unbounded */
                if (!(ci[0] == want_lo) || !(ci[1] == want_hi))
                    fail_msg("kind %d, n = %zu, level %g: [%.17g, %.17g], sorted [%.17g, %.17g]", kind, n, levels[b], ci[0],
                             ci[1], want_lo, want_hi);
                /* the statistics of a constant column, without looking at it, are those of selecting on it (to the
                 * bit: the interpolation between two equal values need not give that value back) */
                ec_interval_stats st;
                double cc[2], x = s[n / 2] * 1.1;
                assert_int_equal(ec_interval_stats_const(x, n, levels[b], &st), 0);
                ec_interval_from_stats(&st, NULL, 0, cc);
                for (size_t i = 0; i < n; i++) w[i] = x;
                ec_interval_percentile(w, n, levels[b], ci);
                assert_true(!memcmp(ci, cc, sizeof ci));
            }
        }
    ec_interval_stats st;
    assert_int_equal(ec_interval_stats_const(1.0, 1, 0.95, &st), -1);
    assert_int_equal(ec_interval_stats_const(1.0, 100, 1.5, &st), -1);
    free(v), free(s), free(w);
    gsl_rng_free(r);
}

/* ... on each vector path the machine has (the tails' masks: AVX-512, AVX2, else SSE2) */
static void test_tails_exact(void **state)
{
    ec_test_each_simd_path(tails_exact_on_this_path, state);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_matches_sorted_gsl),
        cmocka_unit_test(test_unbounded),
        cmocka_unit_test(test_z),
        cmocka_unit_test(test_summarise),
        cmocka_unit_test(test_many_quantiles),
        cmocka_unit_test(test_tails_exact),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
