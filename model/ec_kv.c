/* ec_kv.c — numbers, lists and key=value items (see ec_kv.h). */
#define _GNU_SOURCE /* newlocale, uselocale, strtod_l */
#include "ec_kv.h"

#include <locale.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static locale_t c_locale;
static pthread_once_t c_locale_once = PTHREAD_ONCE_INIT;

static void make_c_locale(void)
{
    c_locale = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
}

double ec_strtod(const char *s, char **end)
{
    pthread_once(&c_locale_once, make_c_locale);
    if (c_locale) return strtod_l(s, end, c_locale);
    return strtod(s, end);
}

char *ec_format_double(double x, char *buf, size_t cap)
{
    pthread_once(&c_locale_once, make_c_locale);
    locale_t old = c_locale ? uselocale(c_locale) : (locale_t)0;
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(buf, cap, "%.*g", prec, x);
        if (prec == 17 || ec_strtod(buf, NULL) == x) break;
    }
    if (old) uselocale(old);
    return buf;
}

static int is_space(char c)
{
    return c == ' ' || c == '\t';
}

int ec_parse_double(const char *text, double *v)
{
    if (!text) return EC_EINVAL;
    while (is_space(*text)) text++;
    char *end;
    double x = ec_strtod(text, &end);
    if (end == text) return EC_EINVAL;
    while (is_space(*end)) end++;
    if (*end) return EC_EINVAL;
    *v = x;
    return EC_OK;
}

int ec_parse_finite(const char *text, double *v)
{
    double x;
    if (ec_parse_double(text, &x) != EC_OK || !isfinite(x)) return EC_EINVAL;
    *v = x;
    return EC_OK;
}

int ec_parse_size(const char *text, double *v)
{
    if (!text) return EC_EINVAL;
    while (is_space(*text)) text++;
    char *end;
    double x = ec_strtod(text, &end);
    if (end == text) return EC_EINVAL;
    double m = 1;
    switch (*end) {
    case 'k': case 'K': m = 1e3; end++; break;
    case 'm': case 'M': m = 1e6; end++; break;
    case 'b': case 'B': case 'g': case 'G': m = 1e9; end++; break;
    case 't': case 'T': m = 1e12; end++; break;
    case 'p': case 'P': m = 1e15; end++; break;
    default: break;
    }
    while (is_space(*end)) end++;
    if (*end) return EC_EINVAL;
    x *= m;
    if (!isfinite(x) || !(x > 0)) return EC_EINVAL;
    *v = x;
    return EC_OK;
}

int ec_list_has_empty_item(const char *s)
{
    if (!s || !*s) return 0;
    const char *p = s;
    int at_start = 1;
    for (; *p; p++) {
        if (*p == ',' || *p == ';') {
            if (at_start) return 1;
            at_start = 1;
        } else if (*p != ' ') {
            at_start = 0;
        }
    }
    return at_start;
}

int ec_parse_list(const char *what, const char *text, unsigned flags, double **out, size_t *n, ec_error *err)
{
    *out = NULL;
    *n = 0;
    if (ec_list_has_empty_item(text))
        return ec_error_set(err, EC_EINVAL, "%s: '%s' has an empty item (two commas in a row, or one at an end); remove it",
                            what, text);
    size_t len = strlen(text), cap = 1;
    for (const char *c = text; *c; c++) cap += *c == ',';
    char *buf = malloc(len + 1);
    double *v = malloc(sizeof(double) * cap);
    if (!buf || !v) {
        free(buf);
        free(v);
        return ec_error_set(err, EC_ENOMEM, "out of memory");
    }
    memcpy(buf, text, len + 1);
    size_t k = 0;
    int rc = EC_OK;
    for (char *save = NULL, *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        while (is_space(*tok)) tok++;
        double x;
        int bad = (flags & EC_LIST_SIZES) ? ec_parse_size(tok, &x) : ec_parse_finite(tok, &x);
        if (!bad && (flags & EC_LIST_POSITIVE) && !(x > 0)) bad = 1;
        if (bad) {
            rc = ec_error_set(err, EC_EINVAL, "%s: '%s' is not a %s%s", what, tok,
                              (flags & EC_LIST_POSITIVE) ? "positive number" : "number",
                              (flags & EC_LIST_SIZES) ? " (suffixes: K, M, B, T)" : "");
            break;
        }
        v[k++] = x;
    }
    free(buf);
    if (rc == EC_OK && k == 0) rc = ec_error_set(err, EC_EINVAL, "%s: no values", what);
    if (rc) {
        free(v);
        return rc;
    }
    *out = v;
    *n = k;
    return EC_OK;
}

int ec_kv_parse(const char *what, const char *text, ec_kv_fn fn, void *user, ec_error *err)
{
    if (ec_list_has_empty_item(text))
        return ec_error_set(err, EC_EINVAL, "%s: '%s' has an empty item (two commas in a row, or one at an end); remove it",
                            what, text);
    size_t len = strlen(text);
    char *buf = malloc(len + 1);
    if (!buf) return ec_error_set(err, EC_ENOMEM, "out of memory");
    int rc = EC_OK;
    const char *p = text;
    while (*p && rc == EC_OK) {
        /* One item: up to a comma outside double quotes. */
        size_t k = 0;
        int quoted = 0;
        for (; *p && (quoted || *p != ','); p++) {
            if (*p == '"') {
                quoted = !quoted;
                continue;
            }
            buf[k++] = *p;
        }
        buf[k] = '\0';
        if (*p == ',') p++;
        char *eq = strchr(buf, '=');
        char *key = buf;
        while (is_space(*key)) key++;
        if (!eq) {
            rc = ec_error_set(err, EC_EINVAL, "%s: '%s' is not name=value", what, key);
            break;
        }
        *eq = '\0';
        char *value = eq + 1, *e = eq;
        while (e > key && is_space(e[-1])) *--e = '\0';
        while (is_space(*value)) value++;
        e = value + strlen(value);
        while (e > value && is_space(e[-1])) *--e = '\0';
        if (!*key) {
            rc = ec_error_set(err, EC_EINVAL, "%s: '=%s' has no name before '='", what, value);
            break;
        }
        rc = fn(user, key, value, err);
    }
    free(buf);
    return rc;
}
