/**
 * ec_kv.h — the small text parsers every option shares: numbers (in the "C"
 * locale whatever the program's), number lists, `key=value,...` lists and
 * sizes with suffixes (70B, 1T). One implementation, one set of messages.
 */
#ifndef EC_KV_H
#define EC_KV_H

#include "ec_export.h"

#include <stddef.h>

#include "ec_error.h"

#ifdef __cplusplus
extern "C" {
#endif

/** strtod() in the "C" locale, for any thread and whatever the program's locale. */
EC_API double ec_strtod(const char *s, char **end);

/**
 * Writes x with the fewest significant digits (15 to 17) that read back as
 * exactly x, in the "C" locale ('.' as the decimal point): 1.69 is "1.69",
 * not "1.6899999999999999". buf needs 32 bytes. Returns buf.
 */
EC_API char *ec_format_double(double x, char *buf, size_t cap);

/**
 * Parses a whole number: strtod's syntax in the "C" locale, spaces allowed
 * around it, nothing else. EC_EINVAL when the text is empty or has anything
 * else; ±inf and nan parse (callers decide whether they are allowed), and so
 * does an overflow (±HUGE_VAL, with *overflow set when not NULL).
 */
EC_API int ec_parse_double(const char *text, double *v);

/** As ec_parse_double(), and the value must be finite. */
EC_API int ec_parse_finite(const char *text, double *v);

/**
 * A size with an optional suffix: K (1e3), M (1e6), B or G (1e9), T (1e12),
 * P (1e15), upper or lower case, after a number: "70B" = 7e10, "1.5T",
 * "400e9". Must be finite and positive. EC_EINVAL otherwise.
 */
EC_API int ec_parse_size(const char *text, double *v);

/** 1 when a ','- or ';'-separated list has an empty item ("1,,2", "1,", ",1"). */
EC_API int ec_list_has_empty_item(const char *s);

/** Flags of ec_parse_list(). */
enum {
    EC_LIST_POSITIVE = 1u << 0, /**< every value > 0 */
    EC_LIST_SIZES = 1u << 1     /**< values may carry size suffixes (ec_parse_size) */
};

/**
 * Parses a comma-separated list of finite numbers into a new array *out
 * (free() it) of *n values. `what` names the option in messages ("--compute:
 * '1e,2' ..."). EC_EINVAL: an empty item, a value that is not a number (or
 * not positive with EC_LIST_POSITIVE), no values; EC_ENOMEM.
 */
EC_API int ec_parse_list(const char *what, const char *text, unsigned flags, double **out, size_t *n, ec_error *err);

/**
 * Splits "k1=v1,k2=v2,..." and calls fn(user, key, value, err) for each
 * item, keys and values trimmed of spaces; stops at the first non-EC_OK
 * return. A value may be double-quoted to hold commas ("name=\"a, b\"").
 * `what` names the option in messages. EC_EINVAL: an empty item, an item
 * without '=', an empty key.
 */
typedef int (*ec_kv_fn)(void *user, const char *key, const char *value, ec_error *err);
EC_API int ec_kv_parse(const char *what, const char *text, ec_kv_fn fn, void *user, ec_error *err);

#ifdef __cplusplus
}
#endif
#endif
