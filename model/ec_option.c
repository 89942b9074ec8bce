#include "ec_option.h"

#include "ec_kv.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int same_key(const char *a, const char *b)
{
    for (; *a && *b; a++, b++) {
        char ca = *a == '-' ? '_' : *a, cb = *b == '-' ? '_' : *b;
        if (ca != cb) return 0;
    }
    return *a == *b;
}

const ec_option_desc *ec_option_find(const ec_option_table *t, const char *name)
{
    /* the first characters compared here first: a sweep looks options up by name several times per cell */
    const char c0 = name[0] == '-' ? '_' : name[0];
    for (size_t i = 0; i < t->n; i++) {
        const char r0 = t->rows[i].name[0] == '-' ? '_' : t->rows[i].name[0];
        if (r0 == c0 && same_key(t->rows[i].name, name)) return &t->rows[i];
    }
    return NULL;
}

int ec_choice_index(const char *const *choices, const char *text)
{
    for (int i = 0; choices && choices[i]; i++)
        if (strcmp(choices[i], text) == 0) return i;
    return -1;
}

static void join_choices(char *buf, size_t len, const char *const *choices)
{
    size_t used = 0;
    buf[0] = '\0';
    for (int i = 0; choices && choices[i] && used < len; i++)
        used += (size_t)snprintf(buf + used, len - used, "%s%s", i ? ", " : "", choices[i]);
}

static void join_names(char *buf, size_t len, const ec_option_table *t)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < t->n && used < len; i++)
        used += (size_t)snprintf(buf + used, len - used, "%s%s", i ? ", " : "", t->rows[i].name);
}

static int parse_double(const char *s, double *out)
{
    char *end;
    errno = 0;
    double v = ec_strtod(s, &end);
    if (end == s) return -1;
    const int range = errno == ERANGE || !isfinite(v);
    while (*end == ' ' || *end == '\t') end++;
    if (*end != '\0') return -1;
    if (range) return -2; /* a number, but nan, inf or beyond what a double holds */
    *out = v;
    return 0;
}

/* 1 when s is 1 to 19 decimal digits: a whole number below 10^19 < 2^64, which strtoull reads exactly and strtod
 * reads as (double) of it (both round the exact value to the nearest double). */
static int short_digits(const char *s)
{
    size_t n = 0;
    while (s[n] >= '0' && s[n] <= '9') n++;
    return n >= 1 && n <= 19 && s[n] == '\0';
}

int ec_option_set(const ec_option_table *t, void *obj, const char *name, const char *value,
                  ec_error *err)
{
    const ec_option_desc *d = ec_option_find(t, name);
    if (!d) {
        char names[700];
        join_names(names, sizeof names, t);
        return ec_error_set(err, EC_EINVAL, "unknown %s option '%s' (valid: %s)", t->section,
                            name, names);
    }
    return ec_option_set_row(d, obj, value, err);
}

int ec_option_set_row(const ec_option_desc *d, void *obj, const char *value, ec_error *err)
{
    if (!value) value = "";
    if (d->type == EC_OPT_U64 && !d->check && short_digits(value)) {
        /* A seed as a sweep writes one per cell: what the general path below decides, without strtod's slow
         * path for 19 digits (the same checks on the same double; every error below needs another text). */
        unsigned long long u = strtoull(value, NULL, 10);
        const double v = (double)u;
        if (v < d->min || v > d->max)
            return ec_error_set(err, EC_EINVAL, "option '%s': %s is outside its range [%g, %g]",
                                d->name, value, d->min, d->max);
        *(unsigned long long *)((char *)obj + d->offset) = u;
        return EC_OK;
    }
    char *field = (char *)obj + d->offset;
    if (d->check && !(d->type == EC_OPT_LIST && value[0] == '\0')) {
        int rc = d->check(value, err);
        if (rc) {
            /* name the option, as every other message here does (once) */
            if (!err) return rc;
            const char *msg = err->message;
            size_t nl = strlen(d->name);
            int named = strncmp(msg, "option '", 8) == 0 || (msg[0] == '-' && msg[1] == '-') ||
                        (strncmp(msg, d->name, nl) == 0 && msg[nl] && strchr(": =", msg[nl]));
            if (!named) {
                char text[sizeof err->message];
                snprintf(text, sizeof text, "%s", msg);
                ec_error_set(err, rc, "option '%s': %s", d->name, text);
            }
            return rc;
        }
    }
    switch (d->type) {
    case EC_OPT_DOUBLE:
    case EC_OPT_INT:
    case EC_OPT_U64: {
        double v;
        const int flag = d->type == EC_OPT_INT && d->min == 0 && d->max == 1;
        if (flag) { /* a 0/1 switch also takes the usual words for them */
            static const char *const on[] = {"true", "yes", "on", NULL}, *const off[] = {"false", "no", "off", NULL};
            for (int k = 0; on[k]; k++) {
                if (strcasecmp(value, on[k]) == 0) {
                    *(int *)field = 1;
                    return EC_OK;
                }
                if (strcasecmp(value, off[k]) == 0) {
                    *(int *)field = 0;
                    return EC_OK;
                }
            }
        }
        const int bad = parse_double(value, &v);
        if (bad == -2 && !flag)
            return ec_error_set(err, EC_EINVAL,
                                "option '%s': '%s' is not a finite number (nan, inf and values beyond about 1e308 or "
                                "below about 1e-308 are refused); give a finite value in [%g, %g]",
                                d->name, value, d->min, d->max);
        if (bad != 0)
            return ec_error_set(err, EC_EINVAL, flag ? "option '%s': '%s' is not 0 or 1 (or yes/no, true/false, on/off)"
                                                     : "option '%s': '%s' is not a number",
                                d->name, value);
        if (d->type != EC_OPT_DOUBLE && v != floor(v))
            return ec_error_set(err, EC_EINVAL, "option '%s': '%s' is not a whole number", d->name,
                                value);
        if (v < d->min || v > d->max)
            return ec_error_set(err, EC_EINVAL, "option '%s': %s is outside its range [%g, %g]",
                                d->name, value, d->min, d->max);
        if (d->type == EC_OPT_DOUBLE) {
            *(double *)field = v;
        } else if (d->type == EC_OPT_INT) {
            *(int *)field = (int)v;
        } else {
            /* Seeds can exceed 2^53: parse them as integers, not through double. */
            char *end;
            errno = 0;
            unsigned long long u = strtoull(value, &end, 10);
            if (errno || *end != '\0' || value[0] == '-')
                return ec_error_set(err, EC_EINVAL, "option '%s': '%s' is not a non-negative integer",
                                    d->name, value);
            *(unsigned long long *)field = u;
        }
        return EC_OK;
    }
    case EC_OPT_CHOICE: {
        int k = ec_choice_index(d->choices, value);
        if (k < 0) {
            char list[400];
            join_choices(list, sizeof list, d->choices);
            return ec_error_set(err, EC_EINVAL, "option '%s': unknown value '%s' (choose one of: %s)",
                                d->name, value, list);
        }
        *(int *)field = k;
        return EC_OK;
    }
    case EC_OPT_LIST: {
        size_t have = strlen(field), add = strlen(value);
        if (add == 0) {
            field[0] = '\0';
            return EC_OK;
        }
        const char *sep = d->choices && d->choices[0] ? d->choices[0] : ",";
        size_t seplen = strlen(sep);
        if (have + (have ? seplen : 0) + add >= d->size)
            return ec_error_set(err, EC_EINVAL, "option '%s': list longer than %zu characters",
                                d->name, d->size - 1);
        if (have) {
            memcpy(field + have, sep, seplen);
            have += seplen;
        }
        memcpy(field + have, value, add + 1);
        return EC_OK;
    }
    case EC_OPT_STRING:
        if (strlen(value) >= d->size)
            return ec_error_set(err, EC_EINVAL, "option '%s': value longer than %zu characters",
                                d->name, d->size - 1);
        memcpy(field, value, strlen(value) + 1);
        return EC_OK;
    }
    return ec_error_set(err, EC_EINVAL, "option '%s': unsupported type", d->name);
}

int ec_option_get(const ec_option_table *t, const void *obj, const char *name, char *buf,
                  size_t len, ec_error *err)
{
    const ec_option_desc *d = ec_option_find(t, name);
    if (!d) return ec_error_set(err, EC_EINVAL, "unknown %s option '%s'", t->section, name);
    const char *field = (const char *)obj + d->offset;
    switch (d->type) {
    case EC_OPT_DOUBLE: snprintf(buf, len, "%.17g", *(const double *)field); break;
    case EC_OPT_INT: snprintf(buf, len, "%d", *(const int *)field); break;
    case EC_OPT_U64: snprintf(buf, len, "%llu", *(const unsigned long long *)field); break;
    case EC_OPT_CHOICE: /* -1: not given (plot's format: from the output's extension), read as "" */
        snprintf(buf, len, "%s", *(const int *)field >= 0 ? d->choices[*(const int *)field] : ""); break;
    case EC_OPT_STRING:
    case EC_OPT_LIST: snprintf(buf, len, "%s", field); break;
    }
    return EC_OK;
}
