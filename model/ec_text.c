/*
 * ec_text.c — doubles as text (see ec_text.h): "%g" through strfromd, where the C library has it; "%a" from
 * the bits.
 */
#define __STDC_WANT_IEC_60559_BFP_EXT__ 1 /* strfromd (ISO/IEC TS 18661-1, C23) */
#include "ec_text.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 25))
#define EC_HAVE_STRFROMD 1
#endif

int ec_text_g(char *buf, size_t cap, int precision, double x)
{
#ifdef EC_HAVE_STRFROMD
    /* strfromd takes "%.<precision>g" as text: precision is a number here, not a '*' argument */
    char fmt[16] = "%.";
    size_t n = 2 + ec_text_u64(fmt + 2, (unsigned long long)(precision < 0 ? 0 : precision));
    fmt[n++] = 'g';
    fmt[n] = '\0';
    return strfromd(buf, cap, fmt, x);
#else
    return snprintf(buf, cap, "%.*g", precision, x);
#endif
}

/* "%a" is no decimal conversion but the double's bits in hex: written here as glibc writes them (test_text
 * compares with snprintf), "[-]0x1.HHHp+E" with the trailing zero digits of the fraction dropped (no '.' when
 * none is left), "0x0.HHHp-1022" below the normal range, "0x0p+0" for zero; a finite x. */
int ec_text_a(char *buf, size_t cap, double x)
{
    uint64_t b;
    memcpy(&b, &x, sizeof b);
    const int e = (int)((b >> 52) & 0x7ff);
    uint64_t f = b & 0xfffffffffffffULL;
    const int ex = e ? e - 1023 : f ? -1022 : 0;
    char t[40];
    size_t n = 0;
    if (b >> 63) t[n++] = '-';
    t[n++] = '0', t[n++] = 'x', t[n++] = e ? '1' : '0';
    if (f) {
        t[n++] = '.';
        for (int k = 12; k >= 0 && f; k--) { /* 13 hex digits of 52 bits, up to the last nonzero one */
            t[n++] = "0123456789abcdef"[(f >> (4 * k)) & 0xf];
            f &= (1ULL << (4 * k)) - 1;
        }
    }
    t[n++] = 'p';
    t[n++] = ex < 0 ? '-' : '+';
    n += ec_text_u64(t + n, (unsigned long long)(ex < 0 ? -ex : ex));
    ec_text_span(buf, cap, t, n);
    return (int)n;
}
