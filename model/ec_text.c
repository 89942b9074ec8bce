/*
 * ec_text.c — doubles as text (see ec_text.h): "%g" and "%a" through strfromd, where the C library has it.
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
    const int m = strfromd(buf, cap, fmt, x);
    /* cut short: as snprintf cuts (strfromd does not) */
    return (size_t)m < cap ? m : snprintf(buf, cap, "%.*g", precision < 0 ? 0 : precision, x);
#else
    return snprintf(buf, cap, "%.*g", precision, x);
#endif
}

/* glibc's own "%a" by strfromd, as for "%g" (about 80 ns a number here, against 115 by snprintf with libquadmath's
 * printf hooks loaded; a hand-written one was quicker still, but glibc already has it). */
int ec_text_a(char *buf, size_t cap, double x)
{
#ifdef EC_HAVE_STRFROMD
    int n = strfromd(buf, cap, "%a", x);
    return (size_t)n < cap ? n : snprintf(buf, cap, "%a", x); /* cut short: as snprintf cuts */
#else
    return snprintf(buf, cap, "%a", x);
#endif
}
