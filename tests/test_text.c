/* test_text.c — text without printf (model/ec_text.h) gives snprintf's bytes: strings and spans cut short at
 * the buffer's end, integers as %llu, doubles as %.15g, %.17g and %a (random bit patterns, subnormals, zeros,
 * signs, powers of two), and the lengths snprintf returns. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ec_text.h"

static void test_strings(void **state)
{
    (void)state;
    char a[8], b[8];
    static const char *const s[] = {"", "abc", "1234567", "12345678", "a much longer text"};
    for (size_t i = 0; i < sizeof s / sizeof s[0]; i++)
        for (size_t cap = 1; cap <= sizeof a; cap++) {
            memset(a, 'x', sizeof a), memset(b, 'x', sizeof b);
            snprintf(a, cap, "%s", s[i]);
            ec_text_copy(b, cap, s[i]);
            assert_memory_equal(a, b, cap);
            for (int n = 0; n < 10; n++) {
                snprintf(a, cap, "%.*s", n, s[i]);
                ec_text_span(b, cap, s[i], (size_t)n);
                assert_string_equal(a, b);
            }
        }
    static const unsigned long long u[] = {0, 1, 9, 10, 42, 18446744073709551615ULL, 9223372036854775807ULL};
    char c[32], d[32];
    for (size_t i = 0; i < sizeof u / sizeof u[0]; i++) {
        int n = snprintf(c, sizeof c, "%llu", u[i]);
        assert_int_equal(ec_text_u64(d, u[i]), (size_t)n);
        assert_string_equal(c, d);
    }
}

static void same_double(double x)
{
    char a[64], b[64];
    int n = snprintf(a, sizeof a, "%a", x), m = ec_text_a(b, sizeof b, x);
    if (n != m || strcmp(a, b) != 0) fail_msg("%%a: '%s' (%d) where snprintf writes '%s' (%d)", b, m, a, n);
    for (int p = 15; p <= 17; p += 2) {
        n = snprintf(a, sizeof a, "%.*g", p, x), m = ec_text_g(b, sizeof b, p, x);
        if (n != m || strcmp(a, b) != 0) fail_msg("%%.%dg: '%s' where snprintf writes '%s'", p, b, a);
    }
}

static void test_doubles(void **state)
{
    (void)state;
    static const double special[] = {0.0, -0.0, 1.0, -1.0, 1.5, 2.0, 0.1, 3.0, 1e-310, -4.9e-324, 2.2250738585072014e-308,
                                     1.7976931348623157e308, 1e11, 1e13, 1.9736176057497792};
    for (size_t i = 0; i < sizeof special / sizeof special[0]; i++) same_double(special[i]);
    uint64_t s = 88172645463325252ULL;
    for (long i = 0; i < 300000; i++) { /* xorshift bit patterns: any exponent, subnormals, short fractions */
        s ^= s << 13, s ^= s >> 7, s ^= s << 17;
        uint64_t bits = s;
        if (i % 7 == 0) bits &= 0x800fffffffffffffULL;
        if (i % 11 == 0) bits &= 0xffffff0000000000ULL;
        double x;
        memcpy(&x, &bits, sizeof x);
        if (isfinite(x)) same_double(x);
    }
    for (size_t cap = 1; cap <= 24; cap++) { /* cut short as snprintf cuts */
        char a[24], b[24];
        int n = snprintf(a, cap, "%a", -1.0 / 3), m = ec_text_a(b, cap, -1.0 / 3);
        assert_int_equal(n, m);
        assert_string_equal(a, b);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_strings), cmocka_unit_test(test_doubles)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
