/*
 * ec_test_simd.h — running a test's checks on every SIMD path the machine has (ec_chin_simd_limit: AVX-512, AVX2,
 * scalar), since the other tests exercise only the widest. Include after <cmocka.h>.
 */
#ifndef EC_TEST_SIMD_H
#define EC_TEST_SIMD_H

#include <stdio.h>

#include "ec_chinchilla.h"
#include "ec_error.h"

/* run(state) once per path the machine has, widest first, each set and checked; the widest set again after. */
static inline void ec_test_each_simd_path(void (*run)(void **), void **state)
{
    static const char *const paths[] = {"avx512-libmvec", "avx2-libmvec", "scalar"};
    const char *widest = ec_chin_simd_path();
    int ran = 0;
    for (size_t k = 0; k < sizeof paths / sizeof paths[0]; k++) {
        if (ec_chin_simd_limit(paths[k]) != EC_OK) continue;
        assert_string_equal(ec_chin_simd_path(), paths[k]);
        printf("# checking the %s path\n", paths[k]);
        run(state);
        ran++;
    }
    assert_int_equal(ec_chin_simd_limit(widest), EC_OK);
    assert_string_equal(ec_chin_simd_path(), widest);
    assert_true(ran >= 1); /* scalar is always there */
}

#endif
