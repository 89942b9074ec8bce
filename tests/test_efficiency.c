/* test_efficiency.c — compute-optimal allocation, reference-compute
 * inversion and allocation efficiency against closed forms and independent
 * computations. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "ec_test.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ec_efficiency.h"
#include "ec_form.h"


/* Epoch AI's refit (Besiroglu et al. 2024) in the catalogue order E, A, B, alpha, beta. */
static const double epoch[5] = {1.8172, 477.8, 2143.0, 0.34731, 0.36717};

/* Independent optimum: minimise L(N, C/(6N)) over log N by golden-section search. */
static double argmin_N(const ec_chin_law *c, double C)
{
    double lo = log(1e3), hi = log(1e16);
    const double phi = 0.6180339887498949;
    for (int it = 0; it < 300; it++) {
        double a = hi - phi * (hi - lo), b = lo + phi * (hi - lo);
        double La = ec_chin_law_loss(c, exp(a), C / (6 * exp(a))), Lb = ec_chin_law_loss(c, exp(b), C / (6 * exp(b)));
        if (La < Lb) hi = b;
        else lo = a;
    }
    return exp(0.5 * (lo + hi));
}

static void test_allocation_closed_form(void **state)
{
    (void)state;
    ec_chin_law c = ec_chin_law_from(epoch);
    for (double C = 1e20; C <= 1e28; C *= 100) {
        double N, D;
        ec_optimal_allocation(&c, C, &N, &D);
        ASSERT_REL(6 * N * D, C, 1e-12);
        /* The formula from ../shared/data/README.md, written out again here. */
        double G = pow(c.alpha * c.A / (c.beta * c.B), 1 / (c.alpha + c.beta));
        ASSERT_REL(N, G * pow(C / 6, c.beta / (c.alpha + c.beta)), 1e-12);
        ASSERT_REL(D, pow(C / 6, c.alpha / (c.alpha + c.beta)) / G, 1e-12);
        ASSERT_REL(N, argmin_N(&c, C), 1e-6);
        ASSERT_REL(ec_optimal_compute_for_size(&c, N), C, 1e-10);
    }
}

static void test_hoffmann_5_76e23(void **state)
{
    (void)state;
    /* Hoffmann et al.'s own Approach 3 fit at Chinchilla's budget (5.76e23 FLOP). */
    const double h[5] = {1.69, 406.4, 410.7, 0.34, 0.28};
    ec_chin_law c = ec_chin_law_from(h);
    double N, D;
    ec_optimal_allocation(&c, 5.76e23, &N, &D);
    /* Independent: N* minimises L along C = 6ND. */
    ASSERT_REL(N, argmin_N(&c, 5.76e23), 1e-6);
    /* Approach 3 famously gives a smaller model than 70B at this budget (their Table 3: 40B for 1.5e24 ... ). */
    assert_true(N > 2e10 && N < 7e10);
}

static void test_reference_round_trip(void **state)
{
    (void)state;
    const ec_form *chin = ec_form_find("chinchilla");
    ec_chin_law c = ec_chin_law_from(epoch);
    for (double C0 = 1e19; C0 <= 1e27; C0 *= 10) {
        double N, D, C;
        ec_optimal_allocation(&c, C0, &N, &D);
        double L = ec_chin_law_loss(&c, N, D);
        ASSERT_REL(ec_reference_curve(chin, epoch, C0), L, 1e-14);
        assert_int_equal(ec_reference_compute(chin, epoch, L, &C, NULL), EC_OK);
        ASSERT_REL(C, C0, 1e-9);
    }
    /* One-variable laws of compute, decreasing and increasing. */
    const ec_form *sp = ec_form_find("saturating-power");
    const double psp[3] = {1.7, 1543.0, 0.163};
    double C;
    assert_int_equal(ec_reference_compute(sp, psp, sp->eval(psp, &(double){3e22}, NULL), &C, NULL), EC_OK);
    ASSERT_REL(C, 3e22, 1e-9);
    const ec_form *sg = ec_form_find("sigmoid-logc");
    const double psg[4] = {0.25, 0.86, 1.53, 23.43};
    assert_int_equal(ec_reference_compute(sg, psg, sg->eval(psg, &(double){4e24}, NULL), &C, NULL), EC_OK);
    ASSERT_REL(C, 4e24, 1e-9);
}

static void test_reference_errors(void **state)
{
    (void)state;
    ec_error err;
    double C;
    const ec_form *chin = ec_form_find("chinchilla");
    assert_int_equal(ec_reference_compute(chin, epoch, 1.80, &C, &err), EC_EINVAL); /* below E = 1.8172 */
    assert_non_null(strstr(err.message, "above E"));
    assert_true(isnan(C));
    const ec_form *sg = ec_form_find("sigmoid-logc");
    const double psg[4] = {0.25, 0.86, 1.53, 23.43};
    assert_int_equal(ec_reference_compute(sg, psg, 0.9, &C, &err), EC_EINVAL); /* above the ceiling */
    assert_non_null(strstr(err.message, "never reaches"));
    const ec_form *kap = ec_form_find("kaplan-nd");
    assert_int_equal(ec_reference_compute(kap, kap->start, 2.0, &C, &err), EC_EINVAL);
    assert_non_null(strstr(err.message, "not a reference curve"));
    const ec_form *lt = ec_form_find("loglinear-time");
    assert_int_equal(ec_reference_compute(lt, lt->start, 2.0, &C, &err), EC_EINVAL);
}

static void test_allocation_efficiency(void **state)
{
    (void)state;
    ec_chin_law c = ec_chin_law_from(epoch);
    double N, D, eff, ref;
    ec_optimal_allocation(&c, 1e24, &N, &D);
    assert_int_equal(ec_allocation_efficiency(&c, N, D, &eff, &ref, NULL), EC_OK);
    ASSERT_REL(eff, 1.0, 1e-8);
    ASSERT_REL(ref, 1e24, 1e-8);
    /* Gopher: 280B parameters on 300B tokens is over-sized for its compute. */
    assert_int_equal(ec_allocation_efficiency(&c, 280e9, 300e9, &eff, &ref, NULL), EC_OK);
    assert_true(eff < 1.0 && eff > 0.1);
    /* Independent check: bisection on log C for L*(C) = L(280e9, 300e9). */
    double target = ec_chin_law_loss(&c, 280e9, 300e9), lo = 18, hi = 30;
    for (int it = 0; it < 200; it++) {
        double mid = 0.5 * (lo + hi), Nm, Dm;
        ec_optimal_allocation(&c, pow(10, mid), &Nm, &Dm);
        if (ec_chin_law_loss(&c, Nm, Dm) > target) lo = mid;
        else hi = mid;
    }
    ASSERT_REL(ref, pow(10, 0.5 * (lo + hi)), 1e-9);
    ASSERT_REL(eff, ref / (6 * 280e9 * 300e9), 1e-12);
}

/* Where a target lies: reached, unbounded (at or beyond the asymptote), or passed below 1 FLOP. */
static void test_reference_reach(void **state)
{
    (void)state;
    ec_error err;
    ec_reach reach;
    double C, C2;
    const ec_form *chin = ec_form_find("chinchilla");
    const double h[5] = {1.69, 406.4, 410.7, 0.34, 0.28};
    /* Closed form of the frontier loss: L*(C) = E + (A G^-alpha + B G^beta) (C/6)^(-alpha beta/(alpha+beta)). */
    double s = h[3] + h[4], G = pow(h[3] * h[1] / (h[4] * h[2]), 1 / s), K = h[1] * pow(G, -h[3]) + h[2] * pow(G, h[4]);
    double L1 = h[0] + K * pow(1.0 / 6, -h[3] * h[4] / s), L45 = h[0] + K * pow(1e45 / 6, -h[3] * h[4] / s);
    /* Reached: same C as ec_reference_compute, and the closed form inverted. */
    assert_int_equal(ec_reference_compute_reach(chin, h, 2.0, &C, &reach, &err), EC_OK);
    assert_int_equal(reach, EC_REACH_OK);
    assert_int_equal(ec_reference_compute(chin, h, 2.0, &C2, NULL), EC_OK);
    assert_true(C == C2);
    ASSERT_REL(C, 6 * pow((2.0 - h[0]) / K, -s / (h[3] * h[4])), 1e-9);
    /* At or below E: unbounded. */
    assert_int_equal(ec_reference_compute_reach(chin, h, 1.5, &C, &reach, &err), EC_EINVAL);
    assert_int_equal(reach, EC_REACH_UNBOUNDED);
    assert_true(isnan(C));
    assert_non_null(strstr(err.message, "must be above E"));
    assert_int_equal(ec_reference_compute_reach(chin, h, 1.69, &C, &reach, &err), EC_EINVAL);
    assert_int_equal(reach, EC_REACH_UNBOUNDED);
    /* Above E but below L*(1e45) (closed form): unbounded too, and the message says why. */
    assert_true(1.69001 < L45);
    assert_int_equal(ec_reference_compute_reach(chin, h, 1.69001, &C, &reach, &err), EC_EINVAL);
    assert_int_equal(reach, EC_REACH_UNBOUNDED);
    assert_non_null(strstr(err.message, "above E but needs more than 1e45 FLOP"));
    /* Above the loss at 1 FLOP (the largest the search considers): not "must be above E". */
    assert_int_equal(ec_reference_compute_reach(chin, h, 1e6, &C, &reach, &err), EC_EINVAL);
    assert_int_equal(reach, EC_REACH_BELOW);
    assert_null(strstr(err.message, "must be above E"));
    assert_non_null(strstr(err.message, "above the chinchilla law's largest loss in the range searched, 1073.05 at 1 FLOP"));
    assert_non_null(strstr(err.message, "between E = 1.69 and 1073.05"));
    char at1[32];
    snprintf(at1, sizeof at1, "%g at 1 FLOP", L1); /* the message's number is the closed form's */
    assert_non_null(strstr(err.message, at1));
    /* Just under the loss at 1 FLOP: reached, near 1 FLOP. */
    assert_int_equal(ec_reference_compute_reach(chin, h, 0.999 * L1, &C, &reach, &err), EC_OK);
    assert_int_equal(reach, EC_REACH_OK);
    ASSERT_REL(C, 6 * pow((0.999 * L1 - h[0]) / K, -s / (h[3] * h[4])), 1e-6);
    /* A rising score: above the ceiling is unbounded, below the floor at 1 FLOP is passed already. */
    const ec_form *sg = ec_form_find("sigmoid-logc");
    const double psg[4] = {0.25, 0.86, 1.53, 23.43};
    assert_int_equal(ec_reference_compute_reach(sg, psg, 0.9, &C, &reach, &err), EC_EINVAL);
    assert_int_equal(reach, EC_REACH_UNBOUNDED);
    assert_int_equal(ec_reference_compute_reach(sg, psg, 0.1, &C, &reach, &err), EC_EINVAL);
    assert_int_equal(reach, EC_REACH_BELOW);
    /* A falling power law y = 2 C^-0.1: 3 is above y(1 FLOP) = 2; 1e-5 is below y(1e45) = 2e-4.5. */
    const ec_form *pw = ec_form_find("power");
    const double ppw[2] = {2.0, 0.1};
    assert_int_equal(ec_reference_compute_reach(pw, ppw, 3.0, &C, &reach, &err), EC_EINVAL);
    assert_int_equal(reach, EC_REACH_BELOW);
    assert_int_equal(ec_reference_compute_reach(pw, ppw, 1e-5, &C, &reach, &err), EC_EINVAL);
    assert_int_equal(reach, EC_REACH_UNBOUNDED);
    assert_int_equal(ec_reference_compute_reach(pw, ppw, 0.02, &C, &reach, &err), EC_OK);
    ASSERT_REL(C, 1e20, 1e-9); /* 2 (1e20)^-0.1 = 0.02 */
    /* Not a reference curve, or no finite values: failed. */
    const ec_form *kap = ec_form_find("kaplan-nd");
    assert_int_equal(ec_reference_compute_reach(kap, kap->start, 2.0, &C, &reach, &err), EC_EINVAL);
    assert_int_equal(reach, EC_REACH_FAILED);
    const double bad[5] = {NAN, 406.4, 410.7, 0.34, 0.28};
    assert_int_equal(ec_reference_compute_reach(chin, bad, 2.0, &C, &reach, &err), EC_EINVAL);
    assert_int_equal(reach, EC_REACH_FAILED);
}

/* Doubling and halving times from g's interval, in all three cases. */
static void test_doubling_time(void **state)
{
    (void)state;
    const double k = 12 * 0.30102999566398120; /* 12 log10(2) */
    ec_doubling d;
    /* Growth 4x a year, interval 2x..8x a year: doubling 6 months in [4, 12]. */
    ec_doubling_time(log10(4.0), (double[2]){log10(2.0), log10(8.0)}, &d);
    assert_int_equal(d.sign, 1);
    assert_int_equal(d.significant, 1);
    ASSERT_REL(d.months, 6.0, 1e-12);
    ASSERT_REL(d.doubling_ci[0], 4.0, 1e-12);
    ASSERT_REL(d.doubling_ci[1], 12.0, 1e-12);
    assert_true(isnan(d.halving_ci[0]) && isnan(d.halving_ci[1]));
    /* The declining series of the review: g = -0.2023, interval [-0.386, -0.0186]: halving 17.9 months in [9.36, 194]. */
    ec_doubling_time(-0.20229242313428028, (double[2]){-0.38594497143312634, -0.01863987483543425}, &d);
    assert_int_equal(d.sign, -1);
    assert_int_equal(d.significant, -1);
    ASSERT_REL(d.months, k / 0.20229242313428028, 1e-12);    /* 17.86 */
    ASSERT_REL(d.halving_ci[0], k / 0.38594497143312634, 1e-12); /* 9.36 */
    ASSERT_REL(d.halving_ci[1], k / 0.01863987483543425, 1e-12); /* 193.8 */
    assert_true(d.months >= d.halving_ci[0] && d.months <= d.halving_ci[1]);
    assert_true(isnan(d.doubling_ci[0]) && isnan(d.doubling_ci[1]));
    /* Interval containing 0: no significant trend, both times unbounded above. */
    ec_doubling_time(0.05, (double[2]){-0.2, 0.25}, &d);
    assert_int_equal(d.sign, 1);
    assert_int_equal(d.significant, 0);
    ASSERT_REL(d.months, k / 0.05, 1e-12);
    ASSERT_REL(d.doubling_ci[0], k / 0.25, 1e-12);
    assert_true(isinf(d.doubling_ci[1]));
    ASSERT_REL(d.halving_ci[0], k / 0.2, 1e-12);
    assert_true(isinf(d.halving_ci[1]));
    /* An interval ending at 0: a doubling time, but no bound above. */
    ec_doubling_time(0.1, (double[2]){0.0, 0.2}, &d);
    assert_int_equal(d.significant, 0);
    ASSERT_REL(d.doubling_ci[0], k / 0.2, 1e-12);
    assert_true(isinf(d.doubling_ci[1]));
    assert_true(isnan(d.halving_ci[0]));
    /* A flat series: g = 0 exactly. */
    ec_doubling_time(0.0, (double[2]){0.0, 0.0}, &d);
    assert_int_equal(d.sign, 0);
    assert_int_equal(d.significant, 0);
    assert_true(isinf(d.months));
    assert_true(isnan(d.doubling_ci[0]) && isnan(d.halving_ci[0]));
    /* Unknown interval. */
    ec_doubling_time(0.3, (double[2]){NAN, NAN}, &d);
    assert_int_equal(d.significant, 0);
    ASSERT_REL(d.months, k / 0.3, 1e-12);
    assert_true(isnan(d.doubling_ci[0]) && isnan(d.doubling_ci[1]));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_allocation_closed_form), cmocka_unit_test(test_hoffmann_5_76e23),
        cmocka_unit_test(test_reference_round_trip),   cmocka_unit_test(test_reference_errors),
        cmocka_unit_test(test_allocation_efficiency), cmocka_unit_test(test_reference_reach),
               cmocka_unit_test(test_doubling_time),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
