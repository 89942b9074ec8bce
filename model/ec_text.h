/*
 * ec_text.h — text written without printf, for the per-cell paths of a sweep: a string copied (cut short as
 * snprintf cuts it), an integer in decimal, a double through glibc's own float formatter or in hex.
 *
 * Why: once libquadmath is loaded (libgfortran brings it with LAPACK), it registers printf hooks, and glibc then
 * takes its slow positional path for every snprintf call, whatever the format: about 0.2 us for "%s" or "%zu",
 * which a sweep cell pays dozens of times. These give the same bytes. Not installed.
 */
#ifndef EC_TEXT_H
#define EC_TEXT_H

#include <stddef.h>
#include <string.h>

/* As snprintf(dst, cap, "%.*s", (int)n, src) writes it: at most n bytes of src, up to its NUL, cut at cap - 1. */
static inline void ec_text_span(char *dst, size_t cap, const char *src, size_t n)
{
    if (!cap) return;
    const char *nul = memchr(src, '\0', n);
    size_t len = nul ? (size_t)(nul - src) : n;
    if (len > cap - 1) len = cap - 1;
    memmove(dst, src, len);
    dst[len] = '\0';
}

/* As snprintf(dst, cap, "%s", src) writes it. */
static inline void ec_text_copy(char *dst, size_t cap, const char *src)
{
    ec_text_span(dst, cap, src, strlen(src));
}

/* v in decimal, as "%llu" writes it, into buf (21 bytes); its length. */
static inline size_t ec_text_u64(char *buf, unsigned long long v)
{
    char tmp[20];
    size_t n = 0;
    do tmp[n++] = (char)('0' + v % 10), v /= 10;
    while (v);
    for (size_t i = 0; i < n; i++) buf[i] = tmp[n - 1 - i];
    buf[n] = '\0';
    return n;
}

/* x as "%.*g" with this precision writes it (the same glibc formatter: strfromd, without printf's format
 * machinery), and a finite x as "%a" writes it (strfromd too); the length of the
 * whole text, as snprintf returns it. */
int ec_text_g(char *buf, size_t cap, int precision, double x);
int ec_text_a(char *buf, size_t cap, double x);

#endif
