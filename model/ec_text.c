/*
 * ec_text.c — doubles as text through strfromd (see ec_text.h), where the C library has it.
 */
#define __STDC_WANT_IEC_60559_BFP_EXT__ 1 /* strfromd (ISO/IEC TS 18661-1, C23) */
#include "ec_text.h"

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

int ec_text_a(char *buf, size_t cap, double x)
{
#ifdef EC_HAVE_STRFROMD
    return strfromd(buf, cap, "%a", x);
#else
    return snprintf(buf, cap, "%a", x);
#endif
}
