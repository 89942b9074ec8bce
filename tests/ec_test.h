/*
 * ec_test.h — what the cmocka tests share: relative comparisons in the style
 * of GSL's certified answers, with the expression, both values and the line
 * in the failure message.
 *
 *     ASSERT_REL(res.params[0], 1.8172181, 1e-6);   // |got - want| <= tol * |want|
 *
 * A reference of 0 is compared absolutely (|got| <= tol). Include after
 * <cmocka.h>.
 */
#ifndef EC_TEST_H
#define EC_TEST_H

#include <math.h>

static inline void ec_assert_rel(double got, double want, double tol, const char *what, const char *file, int line)
{
    double scale = fabs(want) > 0 ? fabs(want) : 1.0;
    if (!(fabs(got - want) <= tol * scale))
        fail_msg("%s:%d: %s: got %.17g, want %.17g (relative tolerance %g, off by %.3g)", file, line, what, got, want,
                 tol, fabs(got - want) / scale);
}

#define ASSERT_REL(got, want, tol) ec_assert_rel((got), (want), (tol), #got, __FILE__, __LINE__)

/* As ASSERT_REL with a description of the value compared instead of the expression. */
#define ASSERT_REL_WHAT(got, want, tol, what) ec_assert_rel((got), (want), (tol), (what), __FILE__, __LINE__)

#endif
