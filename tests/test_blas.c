/*
 * test_blas.c — checks at run time that GSL's CBLAS calls bind to OpenBLAS
 * and not to GSL's reference gslcblas (see the GSL/OpenBLAS note in the top
 * CMakeLists.txt). Debian's libgsl.so records libgslcblas.so.0 as a
 * dependency, so both libraries are loaded; the one that comes first in the
 * global symbol search order provides cblas_ddot for libgsl.
 */
#undef _POSIX_C_SOURCE
#define _GNU_SOURCE

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dlfcn.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_blas.h>
#include <gsl/gsl_vector.h>

#include "ec_error.h"

/* Resolved path (symlinks followed) of the shared object that provides `sym`
 * in the global scope, or fails the test. */
static void provider_of(const char *sym, char resolved[PATH_MAX])
{
    void *addr = dlsym(RTLD_DEFAULT, sym);
    if (!addr) fail_msg("dlsym(RTLD_DEFAULT, \"%s\") found nothing: %s", sym, dlerror());
    Dl_info info;
    memset(&info, 0, sizeof info);
    if (!dladdr(addr, &info) || !info.dli_fname)
        fail_msg("dladdr on %s (%p) gave no object", sym, addr);
    if (!realpath(info.dli_fname, resolved))
        fail_msg("realpath(\"%s\") failed", info.dli_fname);
    printf("# %s -> %s (%s)\n", sym, info.dli_fname, resolved);
}

static void test_cblas_binds_to_openblas(void **state)
{
    (void)state;
    char path[PATH_MAX];
    provider_of("cblas_ddot", path);
    if (!strstr(path, "openblas"))
        fail_msg("cblas_ddot comes from %s, not OpenBLAS", path);
    assert_null(strstr(path, "gslcblas"));
    /* A level-2 routine GSL uses for the covariance (via cholesky_invert). */
    provider_of("cblas_dtrmv", path);
    if (!strstr(path, "openblas"))
        fail_msg("cblas_dtrmv comes from %s, not OpenBLAS", path);
}

static void test_gsl_ddot(void **state)
{
    (void)state;
    ec_gsl_quiet();
    double x[5] = {1, 2, 3, 4, 5}, y[5] = {0.5, -1, 2, 0.25, 3};
    gsl_vector_view xv = gsl_vector_view_array(x, 5), yv = gsl_vector_view_array(y, 5);
    double r = 0;
    assert_int_equal(gsl_blas_ddot(&xv.vector, &yv.vector, &r), GSL_SUCCESS);
    /* 0.5 - 2 + 6 + 1 + 15 = 20.5, exact in binary. */
    assert_true(r == 20.5);
    /* gsl_blas_ddot goes through the cblas_ddot the loader bound for libgsl;
     * the global one must be the same function. */
    void *sym = dlsym(RTLD_DEFAULT, "cblas_ddot");
    assert_non_null(sym);
    double (*ddot)(int, const double *, int, const double *, int);
    memcpy(&ddot, &sym, sizeof ddot); /* object to function pointer, as POSIX allows */
    assert_true(ddot(5, x, 1, y, 1) == 20.5);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cblas_binds_to_openblas),
        cmocka_unit_test(test_gsl_ddot),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
