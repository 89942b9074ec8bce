/* test_efficiency.c — compute-optimal allocation, reference-compute
 * inversion and allocation efficiency against closed forms and independent
 * computations. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "ec_efficiency.h"
#include "ec_form.h"

#define ASSERT_REL(x, ref, tol)                                                                      \
    do {                                                                                             \
        double x_ = (x), r_ = (ref);                                                                 \
        if (!(fabs(x_ - r_) <= (tol) * fabs(r_)))                                                    \
            fail_msg("%s = %.17g, expected %.17g (rel tol %g)", #x, x_, r_, (double)(tol));          \
    } while (0)

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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_allocation_closed_form), cmocka_unit_test(test_hoffmann_5_76e23),
        cmocka_unit_test(test_reference_round_trip),   cmocka_unit_test(test_reference_errors),
        cmocka_unit_test(test_allocation_efficiency),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
