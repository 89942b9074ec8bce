/**
 * ec_option.h — options settable by name (in the manner of NLopt's
 * nlopt_set_param and zstd's parameter bounds).
 *
 * Every options struct in libeffcomp (ec_fit_options, ...) is described by a
 * static table of ec_option_desc: name, type, offset of the field, bounds or
 * choices, default and help text. One generic setter then serves the command
 * line (`--delta 1e-3`), parameter files (`delta = 1e-3`) and sweeps, with
 * the same validation and the same error messages; adding an option needs
 * one table row and no new parsing code.
 */
#ifndef EC_OPTION_H
#define EC_OPTION_H

#include "ec_export.h"

#include <stddef.h>

#include "ec_error.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum ec_option_type {
    EC_OPT_DOUBLE,  /**< double; bounds [min, max] */
    EC_OPT_INT,     /**< int; bounds [min, max] */
    EC_OPT_U64,     /**< unsigned long long (seeds); bounds [min, max] */
    EC_OPT_CHOICE,  /**< int index into the NULL-terminated `choices` */
    EC_OPT_STRING,  /**< char[size] buffer */
    EC_OPT_LIST     /**< char[size] buffer of items: each set appends (joined by choices[0], default ","), "" clears */
} ec_option_type;

/** What a string option names, for layers that rebase paths (scenario files) or read inputs. */
enum {
    EC_OPT_PATH_IN = 1u << 0,  /**< an input file */
    EC_OPT_PATH_OUT = 1u << 1, /**< an output file */
    EC_OPT_PATH_FILE = 1u << 2 /**< with EC_OPT_PATH_IN: only a value "file:PATH" names a file, PATH */
};

typedef struct ec_option_desc {
    const char *name;             /**< key, e.g. "delta" */
    ec_option_type type;
    size_t offset;                /**< offsetof(struct, field) */
    size_t size;                  /**< buffer size for EC_OPT_STRING */
    double min, max;              /**< inclusive bounds for numbers */
    const char *const *choices;   /**< for EC_OPT_CHOICE */
    const char *default_text;     /**< default as text, for help */
    const char *help;             /**< one line */
    int (*check)(const char *value, ec_error *err); /**< extra validation of the text, or NULL */
    unsigned flags;               /**< EC_OPT_PATH_IN, EC_OPT_PATH_OUT or 0 */
} ec_option_desc;

/** A table of options: its rows and their number. */
typedef struct ec_option_table {
    const char *section;          /**< group name, e.g. "fit" */
    const ec_option_desc *rows;
    size_t n;
} ec_option_table;

/** Row for `name` (exact match), or NULL. '-' and '_' are treated alike. */
EC_API const ec_option_desc *ec_option_find(const ec_option_table *t, const char *name);

/**
 * Parses `value` for option `name` and stores it in `obj`, the struct the
 * table describes. Errors (EC_EINVAL): unknown name (the message lists the
 * valid names), unparsable value, value out of bounds (the message gives the
 * bounds), unknown choice (the message lists the choices), string too long.
 */
EC_API int ec_option_set(const ec_option_table *t, void *obj, const char *name, const char *value,
                  ec_error *err);

/** The same for the row d of the table (ec_option_find's), not looked up again by name. */
EC_API int ec_option_set_row(const ec_option_desc *d, void *obj, const char *value, ec_error *err);

/** Writes the current value of `name` as text into buf (a choice whose index is -1, not given, as ""). */
EC_API int ec_option_get(const ec_option_table *t, const void *obj, const char *name, char *buf,
                  size_t len, ec_error *err);

/** Index of `text` in a NULL-terminated list of choices, or -1. */
EC_API int ec_choice_index(const char *const *choices, const char *text);

#ifdef __cplusplus
}
#endif
#endif
