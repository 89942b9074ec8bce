/*
 * test_dist.c — distributions written as text (model/ec_dist.h) and the
 * counter-based random numbers they are drawn with (model/ec_random.h):
 *
 *   - parse errors, each refused with EC_EINVAL (EC_EIO for a missing
 *     replicates file) and a message saying what is wrong;
 *   - quantile functions against GSL's gsl_cdf_*_Pinv (relative 1e-12) or
 *     closed forms, and the parameters implied by ci80/ci90/ci95 intervals;
 *   - moments of 200000 draws within 5 standard errors of closed forms;
 *     truncated distributions renormalised (truncated-normal mean and
 *     variance, no draw outside [lo, hi] even at u = 1e-300, no point mass at
 *     the bounds);
 *   - Philox4x64-10 streams: Random123's published known answers, the
 *     53-bit mapping of each 64-bit word into (0, 1) (the extreme words
 *     reached by inverting Philox), determinism and independence of seeds,
 *     streams and counters;
 *   - the Gaussian copula: Spearman correlations of 100000 draws within
 *     0.01 of the targets, uniform margins, contradictory matrices refused.
 *
 * Replicates files are written to temporary files (mkstemp) and removed.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "ec_test.h"

#include <Random123/philox.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ec_dist.h"
#include "ec_random.h"

#define Z90 1.6448536269514722 /* Φ⁻¹(0.95) */
#define Z80 1.2815515655446004 /* Φ⁻¹(0.90) */
#define Z95 1.959963984540054  /* Φ⁻¹(0.975) */
#define PI 3.14159265358979323846

static const double probs[] = {1e-9, 1e-4, 0.01, 0.05, 0.1, 0.25, 0.4, 0.5, 0.6, 0.75, 0.9, 0.95, 0.99, 0.9999, 1 - 1e-9};
#define NPROBS (sizeof probs / sizeof probs[0])

static ec_dist parse_ok(const char *text)
{
    ec_dist d;
    ec_error e = {0, ""};
    int rc = ec_dist_parse(text, &d, &e);
    if (rc != EC_OK) fail_msg("'%s' refused (%d): %s", text, rc, e.message);
    return d;
}

/* ------------------------------------------------------------- parse errors */

static void expect_refused(const char *text, int code, const char *want)
{
    ec_dist d;
    ec_error e = {0, ""};
    int rc = ec_dist_parse(text, &d, &e);
    /* A refused text keeps nothing (fuzz_dist found choice(1, x, 3) keeping its first value). */
    int kept = d.values != NULL || d.n != 0;
    ec_dist_clear(&d);
    if (kept) fail_msg("'%s': refused but kept %s", text, "values (nothing may be kept on failure)");
    if (rc != code) fail_msg("'%s': status %d, want %d (message: %s)", text, rc, code, e.message);
    if (e.code != code) fail_msg("'%s': error record code %d, want %d", text, e.code, code);
    if (!strstr(e.message, want)) fail_msg("'%s': message \"%s\" lacks \"%s\"", text, e.message, want);
}

static void test_parse_errors(void **state)
{
    (void)state;
    static const struct {
        const char *text, *want;
    } cases[] = {
        /* the interval level is always written */
        {"lognormal(median=3, ci=[1, 9])", "'ci=' has no interval level; write ci80=[lo, hi], ci90=[lo, hi] or ci95"},
        {"lognormal(median=3, ci99=[1, 9])", "'ci99=' has no interval level"},
        {"normal(ci=[0, 1])", "'ci=' has no interval level"},
        {"lognormal(1, 9)", "the interval's level is part of its name: ci80, ci90 or ci95"},
        {"lognormal(median=3)", "write lognormal(median=M, ci90=[lo, hi])"},
        /* lo > hi (and lo = hi) */
        {"uniform(2, 1)", "lo 2 >= hi 1; write uniform(lo, hi) with lo < hi"},
        {"uniform(1, 1)", "lo 1 >= hi 1"},
        {"loguniform(10, 1)", "lo 10 >= hi 1; write loguniform(lo, hi)"},
        {"lognormal(ci90=[9, 1])", "ci90 [9, 1] has lo >= hi"},
        {"normal(ci95=[3, 3])", "ci95 [3, 3] has lo >= hi"},
        {"triangular(0, 2, 1)", "lo <= mode <= hi"},
        {"triangular(1, 1, 1)", "lo < hi"},
        /* unknown names and shapes */
        {"gamma(1, 2)", "unknown distribution 'gamma' (names: fixed, normal, lognormal, uniform"},
        {"Normal(0, 1)", "unknown distribution 'Normal'"},
        {"normal 0 1", "is not a number or a distribution NAME(ARGS)"},
        {"normal(0, 1", "is not a number or a distribution NAME(ARGS)"},
        {"", "an empty distribution"},
        {"   ", "an empty distribution"},
        {"normal(0, 1, foo=2)", "unknown argument 'foo='"},
        {"uniform(0, 1, sd=2)", "unknown argument 'sd='"},
        {"normal(mean=0, 1)", "a plain argument after named ones ('1')"},
        {"normal(0, , 1)", "an empty argument"},
        {"normal(0)", "write normal(mean, sd) or normal(ci90=[lo, hi])"},
        {"normal(0, 1, 2)", "write normal(mean, sd)"},
        {"normal(0.5, 0.2, ci90=[0, 1])", "write normal(mean, sd) or normal(ci90=[lo, hi])"},
        {"fixed(1, 2)", "write fixed(x)"},
        {"uniform(1)", "write uniform(lo, hi)"},
        {"triangular(0, 1)", "write triangular(lo, mode, hi)"},
        {"normal(ci90=0.5)", "ci90 must be an interval [lo, hi]"},
        {"normal(ci90=[0.5])", "ci90 must be an interval [lo, hi]"},
        /* numbers */
        {"normal(abc, 1)", "mean 'abc' is not a number; write a number"},
        {"normal(0, 1x)", "sd '1x' is not a number"},
        {"normal(0, 1e400)", "sd '1e400' is not a finite number"},
        {"uniform(0, nan)", "hi 'nan' is not a finite number"},
        {"uniform(-inf, 0)", "lo '-inf' is not a finite number"},
        {"fixed(two)", "the value 'two' is not a number"},
        {"choice(1, x, 3)", "a value 'x' is not a number"},
        {"lognormal(ci90=[1, q])", "ci90 'q' is not a number"},
        {"lognormal(median=m, sigma=1)", "median 'm' is not a number"},
        {"normal(0, 1, lo=z)", "lo 'z' is not a number"},
        /* sd, sigma and supports */
        {"normal(0, -1)", "sd -1 must be positive"},
        {"normal(0, 0)", "sd 0 must be positive"},
        {"normal(mean=0, sd=-2)", "sd -2 must be positive"},
        {"lognormal(median=2, sigma=-0.5)", "sigma -0.5 must be positive"},
        {"lognormal(median=2, sigma=0)", "sigma 0 must be positive"},
        {"lognormal(median=0, sigma=1)", "a lognormal's median must be positive"},
        {"lognormal(median=-1, sigma=1)", "a lognormal's median must be positive"},
        {"lognormal(ci90=[0, 9])", "a lognormal interval needs lo > 0"},
        {"lognormal(ci90=[-1, 9])", "a lognormal interval needs lo > 0"},
        {"loguniform(0, 1)", "loguniform needs lo > 0"},
        {"loguniform(-1, 1)", "loguniform needs lo > 0"},
        {"lognormal(median=20, ci90=[1, 9])", "the median 20 lies outside its interval [1, 9]"},
        {"lognormal(median=4, ci90=[1, 9])", "symmetric about its median in log scale; median 4 with lo 1 means hi 16"},
        {"normal(mean=0.4, ci90=[0, 1])", "the mean 0.4 is not the middle of the interval (0.5)"},
        /* an empty choice */
        {"choice()", "an empty choice; write choice(v1, v2, ...)"},
        {"choice( )", "an empty choice"},
        /* sigma and an interval together */
        {"lognormal(median=3, sigma=0.5, ci90=[1, 9])", "or lognormal(median=M, ci90=[lo, hi]), not both"},
        {"lognormal(sigma=0.5, ci80=[1, 9])", "not both"},
        {"normal(sd=2, ci90=[0, 1])", "not both"},
        {"normal(mean=0.5, sd=2, ci90=[0, 1])", "not both"},
        /* truncation: lo >= hi, or bounds that leave no probability */
        {"normal(0, 1, lo=2, hi=1)", "truncation lo 2 >= hi 1"},
        {"normal(0, 1, lo=1, hi=1)", "truncation lo 1 >= hi 1"},
        {"lognormal(median=2, sigma=1, lo=5, hi=3)", "truncation lo 5 >= hi 3"},
        {"normal(0, 1, lo=40)", "the truncation [40, inf] leaves no probability"},
        {"normal(0, 1, hi=-40)", "leaves no probability"},
        {"normal(0, 1, lo=10, hi=11)", "leaves no probability"},
        {"lognormal(median=1, sigma=1, lo=-2, hi=-1)", "leaves no probability"},
        {"lognormal(median=1, sigma=1, hi=0)", "leaves no probability"},
        {"uniform(0, 1, lo=2)", "leaves no probability"},
        {"uniform(0, 1, hi=-1)", "leaves no probability"},
        {"uniform(0, 1, lo=1, hi=2)", "leaves no probability"},
        {"loguniform(1, 10, lo=20, hi=30)", "leaves no probability"},
        {"triangular(0, 1, 2, lo=3, hi=4)", "leaves no probability"},
        {"uniform(0, 1, lo=0.6, hi=0.5)", "truncation lo 0.6 >= hi 0.5"},
        /* no truncation of discrete inputs */
        {"choice(1, 2, lo=1)", "unknown argument 'lo='"},
        {"fixed(1, hi=2)", "unknown argument 'hi='"},
        /* replicates */
        {"replicates(only_a_file.csv)", "write replicates(FILE, COLUMN)"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) expect_refused(cases[i].text, EC_EINVAL, cases[i].want);

    /* The message quotes the text as written. */
    ec_dist d;
    ec_error e = {0, ""};
    assert_int_equal(ec_dist_parse("normal(0, -1)", &d, &e), EC_EINVAL);
    assert_non_null(strstr(e.message, "'normal(0, -1)'"));
    ec_dist_clear(&d);
    /* A NULL error record is allowed. */
    assert_int_equal(ec_dist_parse("gamma(1)", &d, NULL), EC_EINVAL);
    ec_dist_clear(&d);
    ec_dist_clear(NULL);
}

/* ------------------------------------------------------ quantiles and parameters */

static void test_normal_quantiles(void **state)
{
    (void)state;
    ec_dist d = parse_ok("normal(2, 3)");
    assert_int_equal(d.kind, EC_DIST_NORMAL);
    assert_false(ec_dist_is_fixed(&d));
    for (size_t i = 0; i < NPROBS; i++)
        ASSERT_REL_WHAT(ec_dist_quantile(&d, probs[i]), 2 + gsl_cdf_gaussian_Pinv(probs[i], 3), 1e-12, "normal(2, 3)");
    ASSERT_REL(ec_dist_median(&d), 2.0, 1e-15);
    assert_true(isinf(d.lo) && d.lo < 0 && isinf(d.hi) && d.hi > 0);
    assert_true(d.F_lo == 0 && d.F_hi == 1);

    /* Named arguments and surrounding blanks give the same distribution. */
    ec_dist n = parse_ok("  normal( mean = 2 , sd = 3 )  ");
    assert_true(n.a == 2 && n.b == 3);
    for (size_t i = 0; i < NPROBS; i++) assert_true(ec_dist_quantile(&n, probs[i]) == ec_dist_quantile(&d, probs[i]));

    /* normal(ciNN=[lo, hi]): the mean is the middle, sd = (hi - lo) / (2 z); the interval's ends are its quantiles. */
    static const struct {
        const char *text;
        double lo, hi, level, z;
    } ci[] = {
        {"normal(ci90=[1, 5])", 1, 5, 0.9, Z90},
        {"normal(ci80=[-3, 0.5])", -3, 0.5, 0.8, Z80},
        {"normal(ci95=[10, 30])", 10, 30, 0.95, Z95},
        {"normal(mean=3, ci90=[1, 5])", 1, 5, 0.9, Z90},
    };
    for (size_t k = 0; k < sizeof ci / sizeof ci[0]; k++) {
        ec_dist c = parse_ok(ci[k].text);
        assert_int_equal(c.kind, EC_DIST_NORMAL);
        ASSERT_REL_WHAT(c.a, 0.5 * (ci[k].lo + ci[k].hi), 1e-14, ci[k].text);
        ASSERT_REL_WHAT(c.b, (ci[k].hi - ci[k].lo) / (2 * ci[k].z), 1e-12, ci[k].text);
        ASSERT_REL_WHAT(ec_dist_quantile(&c, 0.5 * (1 - ci[k].level)), ci[k].lo, 1e-12, ci[k].text);
        ASSERT_REL_WHAT(ec_dist_quantile(&c, 0.5 * (1 + ci[k].level)), ci[k].hi, 1e-12, ci[k].text);
        ec_dist_clear(&c);
    }
    ec_dist_clear(&d);
    ec_dist_clear(&n);
}

static void test_lognormal_quantiles(void **state)
{
    (void)state;
    /* ci90: median sqrt(lo hi), sigma = ln(hi / lo) / (2 z90). */
    ec_dist d = parse_ok("lognormal(ci90=[2, 50])");
    assert_int_equal(d.kind, EC_DIST_LOGNORMAL);
    double mu = log(sqrt(2.0 * 50.0)), sigma = log(50.0 / 2.0) / (2 * Z90);
    ASSERT_REL(d.a, mu, 1e-14);
    ASSERT_REL(d.b, sigma, 1e-12);
    ASSERT_REL(ec_dist_median(&d), sqrt(2.0 * 50.0), 1e-14);
    ASSERT_REL(ec_dist_quantile(&d, 0.05), 2.0, 1e-12);
    ASSERT_REL(ec_dist_quantile(&d, 0.95), 50.0, 1e-12);
    for (size_t i = 0; i < NPROBS; i++)
        ASSERT_REL_WHAT(ec_dist_quantile(&d, probs[i]), gsl_cdf_lognormal_Pinv(probs[i], mu, sigma), 1e-12,
                        "lognormal(ci90=[2, 50])");
    ec_dist_clear(&d);

    /* The median written out (exactly sqrt(lo hi), or within the 1% symmetry tolerance) is the median used. */
    d = parse_ok("lognormal(median=3, ci90=[1, 9])");
    ASSERT_REL(ec_dist_median(&d), 3.0, 1e-14);
    ASSERT_REL(d.b, log(9.0) / (2 * Z90), 1e-12);
    ec_dist_clear(&d);
    d = parse_ok("lognormal(median=3.01, ci90=[1, 9])");
    ASSERT_REL(ec_dist_median(&d), 3.01, 1e-14);
    ec_dist_clear(&d);

    /* ci80 and ci95. */
    d = parse_ok("lognormal(median=10, ci80=[5, 20])");
    ASSERT_REL(d.b, log(4.0) / (2 * Z80), 1e-12);
    ASSERT_REL(ec_dist_quantile(&d, 0.1), 5.0, 1e-12);
    ASSERT_REL(ec_dist_quantile(&d, 0.9), 20.0, 1e-12);
    ec_dist_clear(&d);
    d = parse_ok("lognormal(ci95=[0.001, 0.1])");
    ASSERT_REL(d.b, log(100.0) / (2 * Z95), 1e-12);
    ASSERT_REL(ec_dist_median(&d), 0.01, 1e-13);
    ASSERT_REL(ec_dist_quantile(&d, 0.025), 0.001, 1e-12);
    ASSERT_REL(ec_dist_quantile(&d, 0.975), 0.1, 1e-12);
    ec_dist_clear(&d);

    /* lognormal(median=M, sigma=S): ln X ~ N(ln M, S). */
    d = parse_ok("lognormal(median=4.5, sigma=0.7)");
    assert_int_equal(d.kind, EC_DIST_LOGNORMAL);
    ASSERT_REL(d.a, log(4.5), 1e-15);
    assert_true(d.b == 0.7);
    for (size_t i = 0; i < NPROBS; i++)
        ASSERT_REL_WHAT(ec_dist_quantile(&d, probs[i]), gsl_cdf_lognormal_Pinv(probs[i], log(4.5), 0.7), 1e-12,
                        "lognormal(median=4.5, sigma=0.7)");
    ASSERT_REL(ec_dist_median(&d), 4.5, 1e-14);
    ec_dist_clear(&d);
    d = parse_ok("lognormal(sigma=0.7, median=4.5)");
    ASSERT_REL(ec_dist_quantile(&d, 0.3), gsl_cdf_lognormal_Pinv(0.3, log(4.5), 0.7), 1e-12);
    ec_dist_clear(&d);
}

/* The triangular CDF, written from its density. */
static double tri_cdf(double x, double a, double m, double b)
{
    if (x <= a) return 0;
    if (x >= b) return 1;
    return x <= m ? (x - a) * (x - a) / ((b - a) * (m - a)) : 1 - (b - x) * (b - x) / ((b - a) * (b - m));
}

static void test_other_quantiles(void **state)
{
    (void)state;
    ec_dist d = parse_ok("uniform(-1, 3)");
    assert_int_equal(d.kind, EC_DIST_UNIFORM);
    for (size_t i = 0; i < NPROBS; i++)
        ASSERT_REL_WHAT(ec_dist_quantile(&d, probs[i]), gsl_cdf_flat_Pinv(probs[i], -1, 3), 1e-12, "uniform(-1, 3)");
    ec_dist_clear(&d);

    /* loguniform: ln X uniform on [ln lo, ln hi]. */
    d = parse_ok("loguniform(0.01, 100)");
    assert_int_equal(d.kind, EC_DIST_LOGUNIFORM);
    for (size_t i = 0; i < NPROBS; i++)
        ASSERT_REL_WHAT(ec_dist_quantile(&d, probs[i]), exp(gsl_cdf_flat_Pinv(probs[i], log(0.01), log(100))), 1e-12,
                        "loguniform(0.01, 100)");
    ASSERT_REL(ec_dist_median(&d), 1.0, 1e-14);
    ec_dist_clear(&d);

    /* triangular: F(Q(p)) = p, the mode at F = (m - a) / (b - a), and the degenerate modes at either end. */
    static const double tri[][3] = {{0, 1, 4}, {-2, -2, 3}, {5, 9, 9}, {1, 1.5, 2}};
    for (size_t k = 0; k < 4; k++) {
        char text[96];
        snprintf(text, sizeof text, "triangular(%g, %g, %g)", tri[k][0], tri[k][1], tri[k][2]);
        d = parse_ok(text);
        assert_int_equal(d.kind, EC_DIST_TRIANGULAR);
        for (size_t i = 0; i < NPROBS; i++) {
            double x = ec_dist_quantile(&d, probs[i]);
            assert_true(x >= tri[k][0] && x <= tri[k][2]);
            double F = tri_cdf(x, tri[k][0], tri[k][1], tri[k][2]);
            if (!(fabs(F - probs[i]) <= 1e-12)) fail_msg("%s: F(Q(%g)) = %.17g", text, probs[i], F);
        }
        double Fm = (tri[k][1] - tri[k][0]) / (tri[k][2] - tri[k][0]);
        if (Fm > 0 && Fm < 1) ASSERT_REL_WHAT(ec_dist_quantile(&d, Fm), tri[k][1], 1e-12, text);
        ec_dist_clear(&d);
    }
    /* The symmetric triangle's median is its mode. */
    d = parse_ok("triangular(0, 1, 2)");
    ASSERT_REL(ec_dist_median(&d), 1.0, 1e-15);
    ec_dist_clear(&d);

    /* fixed: a plain number and fixed(x) are constants. */
    const char *fixed[] = {"3.25", " 3.25 ", "fixed(3.25)", "fixed( 3.25 )", "choice(3.25)"};
    for (size_t k = 0; k < 5; k++) {
        d = parse_ok(fixed[k]);
        assert_true(ec_dist_is_fixed(&d));
        for (size_t i = 0; i < NPROBS; i++) assert_true(ec_dist_quantile(&d, probs[i]) == 3.25);
        ec_dist_clear(&d);
    }
    d = parse_ok("-1e-3");
    assert_int_equal(d.kind, EC_DIST_FIXED);
    assert_true(ec_dist_median(&d) == -1e-3);
    ec_dist_clear(&d);
}

/* choice: each value with probability 1/n; the quantile function is nondecreasing (so the median is the middle
 * value and correlated uniforms give correlated choices). */
static void test_choice(void **state)
{
    (void)state;
    ec_dist d = parse_ok("choice(30, 10, 20, 40)");
    assert_int_equal(d.kind, EC_DIST_CHOICE);
    assert_int_equal(d.n, 4);
    assert_false(ec_dist_is_fixed(&d));
    double prev = -INFINITY;
    size_t count[4] = {0};
    const size_t n = 100000;
    for (size_t i = 0; i < n; i++) {
        double u = (i + 0.5) / (double)n, x = ec_dist_quantile(&d, u);
        assert_true(x >= prev);
        prev = x;
        assert_true(x == 10 || x == 20 || x == 30 || x == 40);
        count[(size_t)(x / 10) - 1]++;
    }
    for (size_t k = 0; k < 4; k++) assert_int_equal(count[k], n / 4);
    assert_true(ec_dist_quantile(&d, 0.1) == 10 && ec_dist_quantile(&d, 0.9) == 40);
    assert_true(ec_dist_median(&d) == 30); /* the quantile at 1/2 of 4 equally likely values: the third */
    ec_dist_clear(&d);
    d = parse_ok("choice(3, 1, 2)");
    assert_true(ec_dist_median(&d) == 2);
    assert_true(ec_dist_quantile(&d, 0.2) == 1 && ec_dist_quantile(&d, 0.8) == 3);
    ec_dist_clear(&d);
}

/* ------------------------------------------------------------------ replicates */

static void write_tmp(char path[40], const char *text)
{
    strcpy(path, "/tmp/ec_test_distXXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *fp = fdopen(fd, "wb");
    assert_non_null(fp);
    assert_int_equal(fputs(text, fp) >= 0, 1);
    assert_int_equal(fclose(fp), 0);
}

static void test_replicates(void **state)
{
    (void)state;
    char path[40], text[128];
    /* Rows that did not converge are left out; the values are sorted; each is equally likely. */
    write_tmp(path, "# effcomp replicates\nreplicate,alpha,converged\n0,0.5,1\n1,0.1,1\n2,99,0\n3,0.3,1\n4,0.2,1\n");
    snprintf(text, sizeof text, "replicates(%s, alpha)", path);
    ec_dist d = parse_ok(text);
    assert_int_equal(d.kind, EC_DIST_EMPIRICAL);
    assert_int_equal(d.n, 4);
    const double want[4] = {0.1, 0.2, 0.3, 0.5};
    for (size_t i = 0; i < 4; i++) assert_true(d.values[i] == want[i]);
    for (size_t i = 0; i < 4; i++) assert_true(ec_dist_quantile(&d, (i + 0.5) / 4) == want[i]);
    assert_true(ec_dist_quantile(&d, 1e-300) == 0.1 && ec_dist_quantile(&d, 1 - 0x1p-53) == 0.5);
    assert_false(ec_dist_is_fixed(&d));
    ec_dist_clear(&d);
    assert_null(d.values);

    /* A column that does not exist, and a converged row with an empty (non-finite) cell. */
    snprintf(text, sizeof text, "replicates(%s, beta)", path);
    char want_msg[96];
    snprintf(want_msg, sizeof want_msg, "%s has no column 'beta'", path);
    expect_refused(text, EC_EINVAL, want_msg);
    unlink(path);
    write_tmp(path, "alpha,converged\n0.5,1\n,1\n");
    snprintf(text, sizeof text, "replicates(%s, alpha)", path);
    expect_refused(text, EC_EINVAL, "data row 2 of column 'alpha' is not a finite number");
    unlink(path);
    /* No converged row at all. */
    write_tmp(path, "alpha,converged\n0.5,0\n0.6,0\n");
    snprintf(text, sizeof text, "replicates(%s, alpha)", path);
    expect_refused(text, EC_EINVAL, "has no usable values in 'alpha'");
    unlink(path);
    /* Without a converged column every row counts. */
    write_tmp(path, "x\n3\n1\n2\n");
    snprintf(text, sizeof text, "replicates(%s, x)", path);
    d = parse_ok(text);
    assert_int_equal(d.n, 3);
    assert_true(ec_dist_median(&d) == 2);
    ec_dist_clear(&d);
    unlink(path);
    /* A file that cannot be read. */
    expect_refused("replicates(/nonexistent/ec_test_dist.csv, x)", EC_EIO, "/nonexistent/ec_test_dist.csv");
}

/* ---------------------------------------------------------------------- moments */

enum { NDRAW = 200000 };
static double draws[NDRAW];

/* Draws NDRAW values of d from stream (seed, id); returns mean, variance and the sample's fourth central moment. */
static void draw_moments(const ec_dist *d, uint64_t seed, double *mean, double *var, double *m4)
{
    ec_stream s = ec_stream_of(seed, 3);
    for (size_t i = 0; i < NDRAW; i++) draws[i] = ec_dist_quantile(d, ec_random_u01(&s, i, 0, 0));
    *mean = gsl_stats_mean(draws, 1, NDRAW);
    *var = gsl_stats_variance_m(draws, 1, NDRAW, *mean);
    double s4 = 0;
    for (size_t i = 0; i < NDRAW; i++) s4 += pow(draws[i] - *mean, 4);
    *m4 = s4 / NDRAW;
}

/* The sample mean and variance within 5 standard errors of the closed forms (the variance's error from the
 * sample's fourth moment). */
static void check_moments(const char *text, double mean, double var)
{
    ec_dist d = parse_ok(text);
    double m, v, m4;
    draw_moments(&d, 20240611, &m, &v, &m4);
    double se_m = sqrt(var / NDRAW), se_v = sqrt((m4 - v * v) / NDRAW);
    if (!(fabs(m - mean) <= 5 * se_m)) fail_msg("%s: mean %.8g, want %.8g (%.2f standard errors)", text, m, mean, (m - mean) / se_m);
    if (!(fabs(v - var) <= 5 * se_v))
        fail_msg("%s: variance %.8g, want %.8g (%.2f standard errors)", text, v, var, (v - var) / se_v);
    ec_dist_clear(&d);
}

/* A run of uniforms drawn in one loop: the numbers of ec_random_u01, counter by counter, to the bit. */
static void test_u01_run(void **state)
{
    (void)state;
    const ec_stream s = ec_stream_of(7, 3);
    double u[300];
    ec_random_u01_run(&s, 5, 1000, 300, u);
    for (size_t t = 0; t < 300; t++) {
        const double one = ec_random_u01(&s, 5, 1000 + t, 0);
        assert_memory_equal(&u[t], &one, sizeof one);
        assert_true(u[t] > 0 && u[t] < 1);
    }
    ec_random_u01_run(&s, 5, 1000, 0, NULL); /* none asked, none written */
}

static void test_moments(void **state)
{
    (void)state;
    check_moments("normal(2, 3)", 2, 9);
    check_moments("normal(ci90=[-1, 1])", 0, pow(1 / Z90, 2));
    check_moments("uniform(1, 5)", 3, 16.0 / 12);
    check_moments("triangular(0, 1, 4)", 5.0 / 3, (0 + 1 + 16 - 0 - 0 - 4) / 18.0);
    check_moments("triangular(-1, -1, 2)", 0, 9.0 / 18);
    double a = 1, b = 100, L = log(b / a);
    check_moments("loguniform(1, 100)", (b - a) / L, (b * b - a * a) / (2 * L) - pow((b - a) / L, 2));
    double mu = log(2), s = 0.5;
    check_moments("lognormal(median=2, sigma=0.5)", exp(mu + s * s / 2), (exp(s * s) - 1) * exp(2 * mu + s * s));
    check_moments("choice(1, 2, 6)", 3, (4 + 1 + 9) / 3.0);

    /* The lognormal's sample median within 5 standard errors, 1 / (2 f(M) sqrt(n)). */
    ec_dist d = parse_ok("lognormal(ci90=[1, 16])");
    double m, v, m4;
    draw_moments(&d, 7, &m, &v, &m4);
    gsl_sort(draws, 1, NDRAW);
    double med = gsl_stats_median_from_sorted_data(draws, 1, NDRAW), M = 4, sig = log(16.0) / (2 * Z90);
    double se = 1 / (2 * gsl_ran_lognormal_pdf(M, log(M), sig) * sqrt(NDRAW));
    if (!(fabs(med - M) <= 5 * se)) fail_msg("lognormal sample median %.8g, want 4 (%.2f standard errors)", med, (med - M) / se);
    ASSERT_REL(ec_dist_median(&d), M, 1e-14);
    ec_dist_clear(&d);
}

/* -------------------------------------------------------------------- truncation */

/* Mean and variance of N(mu, sd) truncated to [lo, hi] (closed forms; infinite bounds allowed). */
static void truncnorm_moments(double mu, double sd, double lo, double hi, double *mean, double *var)
{
    double al = (lo - mu) / sd, be = (hi - mu) / sd;
    double pa = isinf(al) ? 0 : gsl_ran_gaussian_pdf(al, 1), pb = isinf(be) ? 0 : gsl_ran_gaussian_pdf(be, 1);
    double Z = gsl_cdf_ugaussian_P(be) - gsl_cdf_ugaussian_P(al);
    double apa = isinf(al) ? 0 : al * pa, bpb = isinf(be) ? 0 : be * pb;
    *mean = mu + sd * (pa - pb) / Z;
    *var = sd * sd * (1 + (apa - bpb) / Z - pow((pa - pb) / Z, 2));
}

static void check_truncnorm(const char *text, double mu, double sd, double lo, double hi)
{
    ec_dist d = parse_ok(text);
    assert_int_equal(d.kind, EC_DIST_NORMAL);
    assert_true(d.lo == lo && d.hi == hi);
    double m, v, m4, mean, var;
    draw_moments(&d, 99, &m, &v, &m4);
    truncnorm_moments(mu, sd, lo, hi, &mean, &var);
    size_t at_bounds = 0, near_lo = 0;
    double eps = 1e-3 * sd;
    for (size_t i = 0; i < NDRAW; i++) {
        if (!(draws[i] >= lo && draws[i] <= hi)) fail_msg("%s: draw %zu = %.17g outside [%g, %g]", text, i, draws[i], lo, hi);
        at_bounds += draws[i] == lo || draws[i] == hi;
        near_lo += draws[i] < lo + eps;
    }
    /* Renormalised, not clipped: no point mass at the bounds, and the draws just above lo are as many as the
     * density says (a clipped normal would pile F(lo) of them there). */
    assert_int_equal(at_bounds, 0);
    if (isfinite(lo)) {
        double Z = gsl_cdf_ugaussian_P((hi - mu) / sd) - gsl_cdf_ugaussian_P((lo - mu) / sd);
        double p = (gsl_cdf_ugaussian_P((lo + eps - mu) / sd) - gsl_cdf_ugaussian_P((lo - mu) / sd)) / Z;
        double sd_count = sqrt(NDRAW * p * (1 - p));
        if (!(fabs((double)near_lo - NDRAW * p) <= 5 * sd_count + 1))
            fail_msg("%s: %zu draws in [lo, lo + %g], want %.1f", text, near_lo, eps, NDRAW * p);
    }
    double se_m = sqrt(var / NDRAW), se_v = sqrt((m4 - v * v) / NDRAW);
    if (!(fabs(m - mean) <= 5 * se_m))
        fail_msg("%s: mean %.8g, truncated normal %.8g (%.2f standard errors)", text, m, mean, (m - mean) / se_m);
    if (!(fabs(v - var) <= 5 * se_v))
        fail_msg("%s: variance %.8g, truncated normal %.8g (%.2f standard errors)", text, v, var, (v - var) / se_v);
    /* Its quantile function is the conditional one: F_trunc(Q(u)) = u. */
    double Fa = gsl_cdf_ugaussian_P((lo - mu) / sd), Z = gsl_cdf_ugaussian_P((hi - mu) / sd) - Fa;
    for (size_t i = 0; i < NPROBS; i++) {
        double x = ec_dist_quantile(&d, probs[i]);
        double F = (gsl_cdf_ugaussian_P((x - mu) / sd) - Fa) / Z;
        if (!(fabs(F - probs[i]) <= 1e-9)) fail_msg("%s: F(Q(%g)) = %.17g", text, probs[i], F);
    }
    ec_dist_clear(&d);
}

static void test_truncated_normal(void **state)
{
    (void)state;
    check_truncnorm("normal(0.5, 0.2, lo=0, hi=1)", 0.5, 0.2, 0, 1);
    check_truncnorm("normal(0, 1, lo=0)", 0, 1, 0, INFINITY);       /* the half-normal: mean sqrt(2/pi), not 0.399 */
    check_truncnorm("normal(0, 1, hi=-1)", 0, 1, -INFINITY, -1);
    check_truncnorm("normal(1, 2, lo=1.5, hi=6)", 1, 2, 1.5, 6);
    check_truncnorm("normal(ci90=[0, 10], lo=6)", 5, 5 / Z90, 6, INFINITY);
    check_truncnorm("normal(0, 1, lo=3, hi=3.5)", 0, 1, 3, 3.5); /* in the tail */
    /* The half-normal's mean is sqrt(2/pi) (the closed form used above, checked here independently). */
    double mean, var;
    truncnorm_moments(0, 1, 0, INFINITY, &mean, &var);
    ASSERT_REL(mean, sqrt(2 / PI), 1e-14);
    ASSERT_REL(var, 1 - 2 / PI, 1e-14);
}

static void test_truncated_other(void **state)
{
    (void)state;
    /* A truncated lognormal: E[X | X < h] = exp(mu + s^2/2) Phi((ln h - mu - s^2)/s) / Phi((ln h - mu)/s). */
    ec_dist d = parse_ok("lognormal(median=2, sigma=1, hi=5)");
    double mu = log(2), s = 1, h = 5, m, v, m4;
    draw_moments(&d, 5, &m, &v, &m4);
    double mean = exp(mu + s * s / 2) * gsl_cdf_ugaussian_P((log(h) - mu - s * s) / s) / gsl_cdf_ugaussian_P((log(h) - mu) / s);
    double Ex2 = exp(2 * mu + 2 * s * s) * gsl_cdf_ugaussian_P((log(h) - mu - 2 * s * s) / s) /
                 gsl_cdf_ugaussian_P((log(h) - mu) / s);
    double se = sqrt((Ex2 - mean * mean) / NDRAW);
    if (!(fabs(m - mean) <= 5 * se)) fail_msg("truncated lognormal mean %.8g, want %.8g", m, mean);
    for (size_t i = 0; i < NDRAW; i++) assert_true(draws[i] > 0 && draws[i] <= 5 && draws[i] != 5);
    ec_dist_clear(&d);

    /* A lower bound below the support changes nothing. */
    d = parse_ok("lognormal(median=2, sigma=1, lo=-3)");
    assert_true(d.F_lo == 0);
    for (size_t i = 0; i < NPROBS; i++) ASSERT_REL(ec_dist_quantile(&d, probs[i]), gsl_cdf_lognormal_Pinv(probs[i], mu, s), 1e-12);
    ec_dist_clear(&d);

    /* Truncated uniform and loguniform are the uniform and loguniform on the narrower range. */
    d = parse_ok("uniform(0, 10, lo=2, hi=5)");
    for (size_t i = 0; i < NPROBS; i++) ASSERT_REL(ec_dist_quantile(&d, probs[i]), 2 + 3 * probs[i], 1e-12);
    ec_dist_clear(&d);
    d = parse_ok("uniform(0, 10, lo=-5, hi=20)");
    for (size_t i = 0; i < NPROBS; i++) ASSERT_REL(ec_dist_quantile(&d, probs[i]), 10 * probs[i], 1e-12);
    ec_dist_clear(&d);
    d = parse_ok("loguniform(1, 1000, lo=10)");
    for (size_t i = 0; i < NPROBS; i++) ASSERT_REL(ec_dist_quantile(&d, probs[i]), exp(log(10) + probs[i] * log(100)), 1e-12);
    ec_dist_clear(&d);

    /* A truncated triangle: F_trunc(Q(u)) = u with the closed-form CDF, and its mean by the density. */
    d = parse_ok("triangular(0, 1, 4, lo=0.5, hi=3)");
    double Fa = tri_cdf(0.5, 0, 1, 4), Z = tri_cdf(3, 0, 1, 4) - Fa;
    for (size_t i = 0; i < NPROBS; i++) {
        double x = ec_dist_quantile(&d, probs[i]);
        assert_true(x >= 0.5 && x <= 3);
        assert_true(fabs((tri_cdf(x, 0, 1, 4) - Fa) / Z - probs[i]) <= 1e-12);
    }
    /* mean = ∫ x f(x) dx / Z over [0.5, 3]: f = x/2 on [0, 1], (4 - x)/6 on [1, 4]. */
    double num = (1.0 - 0.125) / 6 + (2 * (9 - 1) - (27 - 1) / 3.0) / 6;
    mean = num / Z;
    draw_moments(&d, 11, &m, &v, &m4);
    se = sqrt(v / NDRAW);
    if (!(fabs(m - mean) <= 5 * se)) fail_msg("truncated triangular mean %.8g, want %.8g", m, mean);
    ec_dist_clear(&d);
}

/* No draw of a truncated distribution falls outside [lo, hi], even at the extreme uniforms (1e-300 is what the
 * copula gives for a uniform that underflows, 2^-54 and 1 - 2^-53 the ends of ec_random's range). */
static void test_truncation_bounds(void **state)
{
    (void)state;
    const double us[] = {1e-300, 0x1p-54, 1e-17, 1e-15, 0.5, 1 - 1e-15, 1 - 0x1p-53};
    char text[128];
    size_t outside = 0;
    for (int k = 0; k < 2000; k++) {
        double lo = -3 + 0.0025 * k, hi = lo + 0.01 + 0.001 * (k % 997);
        const char *name[] = {"normal(0, 1", "normal(0.3, 0.01", "lognormal(median=1, sigma=0.8", "triangular(-4, 0, 6"};
        for (int f = 0; f < 4; f++) {
            double l = f == 2 ? exp(lo) : lo, h = f == 2 ? exp(hi) : hi;
            snprintf(text, sizeof text, "%s, lo=%.17g, hi=%.17g)", name[f], l, h);
            ec_dist d;
            ec_error e;
            if (ec_dist_parse(text, &d, &e) != EC_OK) {
                assert_non_null(strstr(e.message, "leaves no probability")); /* far tails of normal(0.3, 0.01) */
                continue;
            }
            for (size_t i = 0; i < sizeof us / sizeof us[0]; i++) {
                double x = ec_dist_quantile(&d, us[i]);
                if (!(x >= d.lo && x <= d.hi)) {
                    if (outside++ < 5) print_message("%s at u = %g: %.17g outside\n", text, us[i], x);
                }
            }
            ec_dist_clear(&d);
        }
    }
    assert_int_equal(outside, 0);
    /* One-sided truncation: the open side is unbounded as before. */
    ec_dist d = parse_ok("normal(0, 1, lo=-0.7)");
    assert_true(ec_dist_quantile(&d, 1e-300) >= -0.7);
    assert_true(ec_dist_quantile(&d, 1 - 0x1p-53) > 8);
    ec_dist_clear(&d);
}

/* ------------------------------------------------------------------- ec_random */

static uint64_t hex(const char *s)
{
    return strtoull(s, NULL, 16);
}

/* u is the 64-bit word x at 53-bit resolution: inside [k 2^-53, (k + 1) 2^-53] for k = x >> 11, and in (0, 1). */
static void check_word(double u, uint64_t x)
{
    double k = (double)(x >> 11);
    if (!(u > 0 && u < 1)) fail_msg("word %016llx gave %.17g, not in (0, 1)", (unsigned long long)x, u);
    if (!(u >= k * 0x1p-53 && u <= (k + 1) * 0x1p-53))
        fail_msg("word %016llx gave %.17g, not in [%.17g, %.17g]", (unsigned long long)x, u, k * 0x1p-53, (k + 1) * 0x1p-53);
}

/* Random123's known answers for Philox4x64-10 (kat_vectors: counter, key, result). */
static void test_random_known_answers(void **state)
{
    (void)state;
    static const char *const kat[3][10] = {
        {"0000000000000000", "0000000000000000", "0000000000000000", "0000000000000000", "0000000000000000",
         "0000000000000000", "16554d9eca36314c", "db20fe9d672d0fdc", "d7e772cee186176b", "7e68b68aec7ba23b"},
        {"ffffffffffffffff", "ffffffffffffffff", "ffffffffffffffff", "ffffffffffffffff", "ffffffffffffffff",
         "ffffffffffffffff", "87b092c3013fe90b", "438c3c67be8d0224", "9cc7d7c69cd777b6", "a09caebf594f0ba0"},
        {"243f6a8885a308d3", "13198a2e03707344", "a4093822299f31d0", "082efa98ec4e6c89", "452821e638d01377",
         "be5466cf34e90c6c", "a528f45403e61d95", "38c72dbd566e9788", "a5a1610e72fd18b5", "57bd43b5e52b7fe6"},
    };
    for (int t = 0; t < 3; t++) {
        uint64_t c[4], r[4];
        for (int i = 0; i < 4; i++) c[i] = hex(kat[t][i]), r[i] = hex(kat[t][6 + i]);
        ec_stream s = ec_stream_of(hex(kat[t][4]), hex(kat[t][5]));
        assert_true(s.key[0] == hex(kat[t][4]) && s.key[1] == hex(kat[t][5]));
        /* The installed Random123 is the published generator ... */
        philox4x64_ctr_t pc = {{c[0], c[1], c[2], c[3]}};
        philox4x64_key_t pk = {{s.key[0], s.key[1]}};
        philox4x64_ctr_t pr = philox4x64(pc, pk);
        for (int i = 0; i < 4; i++) assert_true(pr.v[i] == r[i]);
        /* ... and ec_random_u01x4 is its four words at 53-bit resolution. */
        double u[4];
        ec_random_u01x4(&s, c[0], c[1], c[2], c[3], u);
        for (int i = 0; i < 4; i++) check_word(u[i], r[i]);
        if (c[3] == 0) assert_true(ec_random_u01(&s, c[0], c[1], c[2]) == u[0]);
    }
    /* Many counters and keys: the same mapping, and ec_random_u01 is the first of the four. */
    for (uint64_t i = 0; i < 20000; i++) {
        uint64_t seed = i * 0x9E3779B97F4A7C15u, id = i % 7, c0 = i, c1 = i * i, c2 = ~i;
        ec_stream s = ec_stream_of(seed, id);
        philox4x64_ctr_t pc = {{c0, c1, c2, i % 3}};
        philox4x64_key_t pk = {{seed, id}};
        philox4x64_ctr_t pr = philox4x64(pc, pk);
        double u[4];
        ec_random_u01x4(&s, c0, c1, c2, i % 3, u);
        for (int k = 0; k < 4; k++) check_word(u[k], pr.v[k]);
        if (i % 3 == 0) assert_true(ec_random_u01(&s, c0, c1, c2) == u[0]);
    }
}

/* Philox4x64-10 inverted (each round is invertible: the multipliers are odd), to reach chosen output words. */
__extension__ typedef unsigned __int128 u128;

static uint64_t mulhi64(uint64_t a, uint64_t b)
{
    return (uint64_t)(((u128)a * b) >> 64);
}

static uint64_t inverse_odd(uint64_t m)
{
    uint64_t x = m; /* correct to 3 bits; each Newton step doubles them */
    for (int i = 0; i < 6; i++) x *= 2 - m * x;
    return x;
}

static philox4x64_ctr_t philox_inverse(philox4x64_ctr_t y, philox4x64_key_t key)
{
    const uint64_t M0 = PHILOX_M4x64_0, M1 = PHILOX_M4x64_1, i0 = inverse_odd(M0), i1 = inverse_odd(M1);
    for (int r = 9; r >= 0; r--) {
        uint64_t k0 = key.v[0] + (uint64_t)r * PHILOX_W64_0, k1 = key.v[1] + (uint64_t)r * PHILOX_W64_1;
        uint64_t x0 = y.v[3] * i0, x2 = y.v[1] * i1;
        philox4x64_ctr_t x = {{x0, y.v[0] ^ mulhi64(M1, x2) ^ k0, x2, y.v[2] ^ mulhi64(M0, x0) ^ k1}};
        y = x;
    }
    return y;
}

/* The extreme words: all ones must give a number below 1, zero one above 0 (the header's "never 0 or 1"). */
static void test_random_extremes(void **state)
{
    (void)state;
    philox4x64_key_t key = {{12345, 6}};
    ec_stream s = ec_stream_of(12345, 6);
    /* The inverse is right: it round-trips through Random123. */
    for (uint64_t i = 0; i < 1000; i++) {
        philox4x64_ctr_t c = {{i, ~i, i * 0x9E3779B97F4A7C15u, i << 40}};
        philox4x64_ctr_t back = philox_inverse(philox4x64(c, key), key);
        for (int k = 0; k < 4; k++) assert_true(back.v[k] == c.v[k]);
    }
    const uint64_t words[][4] = {
        {UINT64_MAX, 0, (1u << 11) - 1, UINT64_MAX - 2047},
        {UINT64_MAX - 2048, 1ull << 11, 1ull << 63, (1ull << 63) - 1},
        {0x7fffffffffffffffull, 0xfffffffffffff800ull, 0xfffffffffffff7ffull, 0x8000000000000800ull},
    };
    for (size_t t = 0; t < sizeof words / sizeof words[0]; t++) {
        philox4x64_ctr_t y = {{words[t][0], words[t][1], words[t][2], words[t][3]}};
        philox4x64_ctr_t c = philox_inverse(y, key);
        philox4x64_ctr_t check = philox4x64(c, key);
        for (int k = 0; k < 4; k++) assert_true(check.v[k] == words[t][k]);
        double u[4];
        ec_random_u01x4(&s, c.v[0], c.v[1], c.v[2], c.v[3], u);
        for (int k = 0; k < 4; k++) check_word(u[k], words[t][k]);
        if (t == 0) {
            assert_true(u[0] < 1 && u[0] >= 1 - 0x1p-53);
            assert_true(u[1] > 0 && u[1] <= 0x1p-53);
            assert_true(u[2] == u[1]); /* the low 11 bits are dropped */
        }
    }
}

static void test_random_determinism(void **state)
{
    (void)state;
    ec_stream a = ec_stream_of(42, 0), a2 = ec_stream_of(42, 0), b = ec_stream_of(43, 0), c = ec_stream_of(42, 1);
    double u[4], v[4], w[4];
    size_t differ_seed = 0, differ_id = 0;
    for (uint64_t i = 0; i < 1000; i++) {
        ec_random_u01x4(&a, i, 5, 6, 7, u);
        ec_random_u01x4(&a2, i, 5, 6, 7, v);
        assert_memory_equal(u, v, sizeof u); /* the same (seed, stream, counter): the same numbers */
        ec_random_u01x4(&a, i, 5, 6, 7, v);
        assert_memory_equal(u, v, sizeof u); /* no hidden state */
        ec_random_u01x4(&b, i, 5, 6, 7, v);
        ec_random_u01x4(&c, i, 5, 6, 7, w);
        for (int k = 0; k < 4; k++) differ_seed += u[k] != v[k], differ_id += u[k] != w[k];
    }
    assert_int_equal(differ_seed, 4000);
    assert_int_equal(differ_id, 4000);
    /* Each counter word matters. */
    double base[4];
    ec_random_u01x4(&a, 1, 2, 3, 4, base);
    const uint64_t ctr[4][4] = {{2, 2, 3, 4}, {1, 3, 3, 4}, {1, 2, 4, 4}, {1, 2, 3, 5}};
    for (int t = 0; t < 4; t++) {
        ec_random_u01x4(&a, ctr[t][0], ctr[t][1], ctr[t][2], ctr[t][3], v);
        for (int k = 0; k < 4; k++) assert_true(v[k] != base[k]);
    }
    /* Order does not matter: a backward pass gives the forward numbers. */
    static double fwd[1000];
    for (uint64_t i = 0; i < 1000; i++) fwd[i] = ec_random_u01(&a, i, 9, 0);
    for (uint64_t i = 1000; i-- > 0;) assert_true(ec_random_u01(&a, i, 9, 0) == fwd[i]);
}

/* A million numbers: all in (0, 1), each lane uniform (mean, variance, tenths), lanes uncorrelated. */
static void test_random_uniformity(void **state)
{
    (void)state;
    ec_stream s = ec_stream_of(2025, 17);
    const size_t n = 250000;
    double sum[4] = {0}, sum2[4] = {0}, cross = 0, lo = 1, hi = 0;
    size_t bins[4][10] = {{0}};
    for (size_t i = 0; i < n; i++) {
        double u[4];
        ec_random_u01x4(&s, i, 0, 0, 0, u);
        for (int k = 0; k < 4; k++) {
            assert_true(u[k] > 0 && u[k] < 1);
            lo = fmin(lo, u[k]);
            hi = fmax(hi, u[k]);
            sum[k] += u[k];
            sum2[k] += u[k] * u[k];
            bins[k][(int)(u[k] * 10)]++;
        }
        cross += (u[0] - 0.5) * (u[1] - 0.5);
    }
    for (int k = 0; k < 4; k++) {
        double m = sum[k] / n, v = sum2[k] / n - m * m;
        assert_true(fabs(m - 0.5) <= 5 * sqrt(1.0 / 12 / n));
        assert_true(fabs(v - 1.0 / 12) <= 5 * sqrt(1.0 / 180 / n));
        for (int b = 0; b < 10; b++) assert_true(fabs((double)bins[k][b] - n / 10.0) <= 5 * sqrt(n * 0.09));
    }
    assert_true(fabs(cross / n) <= 5 * (1.0 / 12) / sqrt((double)n));
    assert_true(lo < 1e-5 && hi > 1 - 1e-5);
    /* ec_random_u01 values likewise. */
    for (size_t i = 0; i < 100000; i++) {
        double x = ec_random_u01(&s, i, 1, 2);
        assert_true(x > 0 && x < 1);
    }
}

/* ---------------------------------------------------------------------- copula */

static void test_copula_spearman(void **state)
{
    (void)state;
    enum { K = 4, N = 100000 };
    const double rho[K * K] = {1, 0.6, -0.3, 0.8, 0.6, 1, 0.2, 0.5, -0.3, 0.2, 1, -0.1, 0.8, 0.5, -0.1, 1};
    ec_copula c;
    ec_error e = {0, ""};
    if (ec_copula_init(&c, rho, K, &e) != EC_OK) fail_msg("copula refused: %s", e.message);
    assert_int_equal(c.k, K);
    /* L L^T is the normal correlation 2 sin(pi rho / 6), L lower triangular. */
    for (size_t i = 0; i < K; i++)
        for (size_t j = 0; j < K; j++) {
            double s = 0;
            for (size_t l = 0; l < K; l++) s += c.L[i * K + l] * c.L[j * K + l];
            ASSERT_REL(s, i == j ? 1 : 2 * sin(PI * rho[i * K + j] / 6), 1e-12);
            if (j > i) assert_true(c.L[i * K + j] == 0);
        }
    static double x[K][N], work[2 * N];
    ec_stream s = ec_stream_of(77, 1);
    /* Distinct margins: the rank correlations survive each input's own quantile function. */
    const char *margins[K] = {"normal(0, 1)", "lognormal(median=2, ci90=[1, 4])", "uniform(3, 4)", "triangular(0, 1, 4, lo=0.5)"};
    ec_dist d[K];
    for (int k = 0; k < K; k++) d[k] = parse_ok(margins[k]);
    double usum[K] = {0}, usum2[K] = {0};
    for (size_t i = 0; i < N; i++) {
        double u[K];
        ec_random_u01x4(&s, i, 0, 0, 0, u);
        ec_copula_apply(&c, u);
        for (int k = 0; k < K; k++) {
            assert_true(u[k] > 0 && u[k] < 1);
            usum[k] += u[k];
            usum2[k] += u[k] * u[k];
            x[k][i] = ec_dist_quantile(&d[k], u[k]);
        }
    }
    for (int k = 0; k < K; k++) {
        double m = usum[k] / N, v = usum2[k] / N - m * m;
        if (!(fabs(m - 0.5) <= 5 * sqrt(1.0 / 12 / N))) fail_msg("margin %d: mean of the uniforms %.6f", k, m);
        if (!(fabs(v - 1.0 / 12) <= 5 * sqrt(1.0 / 180 / N))) fail_msg("margin %d: variance of the uniforms %.6f", k, v);
    }
    for (int i = 0; i < K; i++)
        for (int j = i + 1; j < K; j++) {
            double r = gsl_stats_spearman(x[i], 1, x[j], 1, N, work);
            if (!(fabs(r - rho[i * K + j]) <= 0.01))
                fail_msg("inputs %d and %d: Spearman %.4f, want %.4f within 0.01", i, j, r, rho[i * K + j]);
        }
    for (int k = 0; k < K; k++) ec_dist_clear(&d[k]);
    ec_copula_clear(&c);
    assert_null(c.L);
    ec_copula_clear(NULL);

    /* The identity leaves the uniforms as they are; k = 0 is allowed and does nothing. */
    const double id[9] = {1, 0, 0, 0, 1, 0, 0, 0, 1};
    assert_int_equal(ec_copula_init(&c, id, 3, &e), EC_OK);
    for (size_t i = 0; i < 1000; i++) {
        double u[4], v[4];
        ec_random_u01x4(&s, i, 1, 0, 0, u);
        memcpy(v, u, sizeof u);
        ec_copula_apply(&c, v);
        for (int k = 0; k < 3; k++) ASSERT_REL(v[k], u[k], 1e-12);
    }
    ec_copula_clear(&c);
    assert_int_equal(ec_copula_init(&c, NULL, 0, &e), EC_OK);
    double u1 = 0.3;
    ec_copula_apply(&c, &u1);
    assert_true(u1 == 0.3);
    ec_copula_clear(&c);
}

static void expect_copula_refused(const double *rho, size_t k, const char *want)
{
    ec_copula c;
    ec_error e = {0, ""};
    int rc = ec_copula_init(&c, rho, k, &e);
    if (rc != EC_EINVAL) fail_msg("status %d, want EC_EINVAL (message: %s)", rc, e.message);
    if (!strstr(e.message, want)) fail_msg("message \"%s\" lacks \"%s\"", e.message, want);
    assert_null(c.L);
    ec_copula_clear(&c);
}

static void test_copula_refused(void **state)
{
    (void)state;
    const double contradictory[9] = {1, 0.9, 0.9, 0.9, 1, -0.9, 0.9, -0.9, 1};
    expect_copula_refused(contradictory, 3, "the rank correlations do not form a valid correlation matrix (not positive definite)");
    expect_copula_refused(contradictory, 3, "lower them");
    const double asym[4] = {1, 0.5, 0.4, 1};
    expect_copula_refused(asym, 2, "the correlation matrix is not symmetric");
    const double outside[4] = {1, 1.5, 1.5, 1};
    expect_copula_refused(outside, 2, "correlation 1.5 is outside [-1, 1]");
    const double nan_entry[4] = {1, NAN, NAN, 1};
    expect_copula_refused(nan_entry, 2, "is outside [-1, 1]");
    const double diag[4] = {0.9, 0.2, 0.2, 1};
    expect_copula_refused(diag, 2, "the correlation matrix needs 1 on its diagonal");
    /* Perfectly (anti)correlated pairs are singular. */
    const double one[4] = {1, 1, 1, 1};
    ec_copula c;
    ec_error e;
    int rc = ec_copula_init(&c, one, 2, &e);
    if (rc == EC_OK) { /* a zero pivot that Cholesky accepted: then both uniforms agree */
        double u[2] = {0.3, 0.8};
        ec_copula_apply(&c, u);
        ASSERT_REL(u[1], u[0], 1e-6);
        ec_copula_clear(&c);
    } else {
        assert_int_equal(rc, EC_EINVAL);
    }
    /* More inputs than ec_copula_apply handles are refused rather than left uncorrelated. */
    enum { BIG = 65 };
    static double big[BIG * BIG];
    for (size_t i = 0; i < BIG; i++)
        for (size_t j = 0; j < BIG; j++) big[i * BIG + j] = i == j ? 1 : 0.1;
    expect_copula_refused(big, BIG, "at most 64");
    /* 64 are fine, and the 64th is correlated like the first. */
    for (size_t i = 0; i < 64; i++)
        for (size_t j = 0; j < 64; j++) big[i * 64 + j] = i == j ? 1 : 0.1;
    assert_int_equal(ec_copula_init(&c, big, 64, &e), EC_OK);
    ec_copula_clear(&c);
}

/* ec_dist_log_quantile: ln of the quantile, computed in log space for lognormal and loguniform (no overflow where
 * the quantile itself would: median 1e300 with sigma 10), within the truncation bounds like the quantile. */
static void test_log_quantile(void **state)
{
    (void)state;
    const char *texts[] = {"lognormal(median=4, ci90=[2, 8])", "loguniform(1e20, 1e30)", "lognormal(median=3, sigma=0.5, lo=2, hi=5)",
                           "loguniform(2, 50, lo=3, hi=40)", "uniform(1, 9)", "triangular(1, 2, 6)", "fixed(7)"};
    const double us[] = {1e-300, 1e-9, 0.01, 0.3, 0.5, 0.77, 0.999, 1 - 1e-16};
    for (size_t t = 0; t < sizeof texts / sizeof texts[0]; t++) {
        ec_dist d = parse_ok(texts[t]);
        for (size_t k = 0; k < sizeof us / sizeof us[0]; k++) {
            double lq = ec_dist_log_quantile(&d, us[k]), q = ec_dist_quantile(&d, us[k]);
            if (!(fabs(lq - log(q)) <= 1e-13 * fabs(log(q)) + 1e-15))
                fail_msg("%s at u = %g: log quantile %.17g, log of quantile %.17g", texts[t], us[k], lq, log(q));
            if (d.lo > 0) assert_true(lq >= log(d.lo));
            if (d.hi < INFINITY) assert_true(lq <= log(d.hi));
        }
        ec_dist_clear(&d);
    }
    ec_dist d = parse_ok("lognormal(median=1e300, sigma=10)");
    double lq = ec_dist_log_quantile(&d, 0.99);
    ASSERT_REL(lq, log(1e300) + 10 * gsl_cdf_ugaussian_Pinv(0.99), 1e-14);
    assert_true(isinf(ec_dist_quantile(&d, 0.99)));
    ec_dist_clear(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_errors),
        cmocka_unit_test(test_log_quantile),
        cmocka_unit_test(test_normal_quantiles),
        cmocka_unit_test(test_lognormal_quantiles),
        cmocka_unit_test(test_other_quantiles),
        cmocka_unit_test(test_choice),
        cmocka_unit_test(test_replicates),
        cmocka_unit_test(test_u01_run),
        cmocka_unit_test(test_moments),
        cmocka_unit_test(test_truncated_normal),
        cmocka_unit_test(test_truncated_other),
        cmocka_unit_test(test_truncation_bounds),
        cmocka_unit_test(test_random_known_answers),
        cmocka_unit_test(test_random_extremes),
        cmocka_unit_test(test_random_determinism),
        cmocka_unit_test(test_random_uniformity),
        cmocka_unit_test(test_copula_spearman),
        cmocka_unit_test(test_copula_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
