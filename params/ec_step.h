/**
 * ec_step.h — steps: every analysis effcomp can run, as objects created
 * from a const table of step types, set by name, run in memory.
 *
 *     ec_error err;
 *     ec_step *fit = ec_step_new("fit", &err);
 *     ec_step_set(fit, "data", "data/epoch_chinchilla_svg_extracted_data.csv", &err);
 *     ec_step_set(fit, "columns", "N=Model Size,C=Training FLOP,L=loss", &err);
 *     ec_step_set(fit, "drop_highest", "5", &err);
 *     ec_step_set(fit, "bootstrap", "4000", &err);
 *     ec_result *fr;
 *     if (ec_step_run(fit, &fr, &err) != EC_OK) ... err.message ...
 *
 *     ec_step *opt = ec_step_new("optimal", &err);
 *     ec_step_bind(opt, "fit", fr, &err);              // an earlier result, in memory
 *     ec_step_set(opt, "compute", "1e25,1e26", &err);
 *     ec_result *or;
 *     ec_step_run(opt, &or, &err);
 *     const ec_optimal_output *o = ec_result_optimal(or);   // o->r.rows[0].N, .ci_N ...
 *
 * A step type (ec_step_type) is a name, its option groups (each an
 * ec_option_table over a part of the step's options struct, the same rows
 * that `--help`, `--set key=value` and scenario files use), its inputs
 * (options that take an earlier result: `fit = @fit` in a scenario, a file
 * path otherwise) and its named outputs (the numbers a sweep can record).
 *
 * ec_step_check() makes every check that can be made before running:
 * required options, options that exclude each other, values, and the
 * existence of every input file; ec_step_run() checks again and runs. A step
 * may be run any number of times (results are independent), and steps
 * built from the same settings on different threads run independently:
 * the library keeps no global state. Options and inputs may be changed
 * between runs (a sweep sets one key and runs again).
 *
 * The library never prints: a step's notes and problems are in its result
 * (ec_result.h), its files are written by the caller (options "output",
 * "replicates_out", "plot" are recorded, not acted on).
 */
#ifndef EC_STEP_H
#define EC_STEP_H

#include "ec_export.h"

#include <stddef.h>

#include "ec_error.h"
#include "ec_option.h"
#include "ec_result.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ec_step ec_step;

/** An option group: a table over the part of the options struct at `offset`. */
typedef struct ec_step_group {
    const ec_option_table *(*table)(void);
    size_t offset;
} ec_step_group;

/** An input: an option that takes an earlier result (kinds: bits 1u << ec_result_kind) or a file. */
typedef struct ec_step_input {
    const char *key;           /**< the option, e.g. "fit" */
    unsigned kinds;            /**< accepted result kinds */
    const char *help;
    const char *ref_option;    /**< NULL, or an option whose items may name this input's step: "@ID:ITEM" in it
                                    binds the input to step ID when the input itself is not given */
} ec_step_input;

/** A named output: a number of the result (ec_result_value), for sweeps. */
typedef struct ec_step_output {
    const char *name;          /**< e.g. "loss" (the first row's), "N_ci_hi" */
    const char *help;
} ec_step_output;

/** A step type: one const entry of the registry. */
typedef struct ec_step_type {
    const char *name;                  /**< "fit", "optimal", ... */
    const char *summary;               /**< one line */
    ec_result_kind kind;               /**< what it produces */
    size_t options_size;               /**< bytes of its options struct */
    void (*init)(void *options);       /**< defaults */
    const ec_step_group *groups;
    size_t n_groups;
    const ec_step_input *inputs;
    size_t n_inputs;
    const ec_step_output *outputs;
    size_t n_outputs;
    int (*check)(ec_step *st, ec_error *err);
    int (*run)(ec_step *st, ec_result **out, ec_error *err);
} ec_step_type;

/** The registry, in a fixed order. */
EC_API size_t ec_step_type_count(void);
EC_API const ec_step_type *ec_step_type_at(size_t i);
/** A type by name, or NULL. */
EC_API const ec_step_type *ec_step_type_find(const char *name);

/** A new step of type `name` with its defaults. NULL with EC_EINVAL (unknown type, listing them) or EC_ENOMEM. */
EC_API ec_step *ec_step_new(const char *name, ec_error *err);

/** A step of type t (for callers that hold the type). */
EC_API ec_step *ec_step_new_of(const ec_step_type *t, ec_error *err);

/** A new step of src's type with src's option values (as set and checked so far); no inputs bound, no files. */
EC_API ec_step *ec_step_clone(const ec_step *src, ec_error *err);

/** Frees a step (results it produced stay valid; bound inputs are not freed). NULL is allowed. */
EC_API void ec_step_free(ec_step *st);

EC_API const ec_step_type *ec_step_type_of(const ec_step *st);

/**
 * Sets option `key` (in any of the step's groups; '-' and '_' alike) from
 * text, with the option's own validation (ec_option_set). A list option
 * appends. EC_EINVAL: unknown key (the message names the step and says
 * where to look), bad value.
 */
EC_API int ec_step_set(ec_step *st, const char *key, const char *value, ec_error *err);

/**
 * Option `key` of st set back to its value in `from`, a step of the same type (st a clone of it, say): as if st
 * were cloned from `from` again for that option alone. EC_EINVAL for an unknown key or another type.
 */
EC_API int ec_step_reset_option(ec_step *st, const ec_step *from, const char *key);

/** The option row of `key` and the table it is in, or NULL. */
EC_API const ec_option_desc *ec_step_find_option(const ec_step *st, const char *key, const ec_option_table **table);

/** Writes the current value of `key` as text. EC_EINVAL for an unknown key. */
EC_API int ec_step_get(const ec_step *st, const char *key, char *buf, size_t len, ec_error *err);

/**
 * Binds input `key` to an earlier result (not copied: it must outlive the
 * step's runs and results). Replaces a file given for that input. EC_EINVAL
 * when the step has no such input or the result's kind is not accepted.
 */
EC_API int ec_step_bind(ec_step *st, const char *key, const ec_result *r, const char *ref, ec_error *err);

/** Every check that can be made before running (see the top). */
EC_API int ec_step_check(ec_step *st, ec_error *err);

/** Runs the step (after checking); *out gets a new result (ec_result_free). */
EC_API int ec_step_run(ec_step *st, ec_result **out, ec_error *err);

/**
 * The input files the last run read, with their SHA-256 (for a run's
 * manifest): n of them, valid until the next run or ec_step_free.
 */
EC_API size_t ec_step_n_files(const ec_step *st);
EC_API const char *ec_step_file(const ec_step *st, size_t i, const char **sha256);

/** Progress of a long step: `phase` ("fit: starts", "bootstrap: replicates", ...), done of total. Called from
 *  worker threads, one call at a time. */
typedef void (*ec_step_progress_fn)(const char *phase, size_t done, size_t total, void *user);

/** Sets (or clears, with NULL) the step's progress callback. */
EC_API void ec_step_set_progress(ec_step *st, ec_step_progress_fn fn, void *user);

/** The step's progress callback and its user pointer. */
EC_API ec_step_progress_fn ec_step_progress(const ec_step *st, void **user);

/** The step's options struct (of type t->options_size), for step implementations. */
EC_API void *ec_step_options(ec_step *st);
EC_API const void *ec_step_options_const(const ec_step *st);

/** The result bound to input `key`, or NULL. */
EC_API const ec_result *ec_step_bound(const ec_step *st, const char *key, const char **ref);

/**
 * A cache of the input files that steps read, for the many copies of one
 * scenario that a sweep runs: a fit JSON with its replicates is read and
 * checked once, by the first step given the cache that needs it, and every
 * later step with the same files (the same `fit` and `replicates` values)
 * uses that law, read only, on any thread. A file that fails to load is not
 * kept (each step reports its own error). Files are not read again while
 * the cache lives: it is for runs over which the files do not change.
 */
typedef struct ec_input_cache ec_input_cache;

/** A new, empty cache; NULL with EC_ENOMEM. */
EC_API ec_input_cache *ec_input_cache_new(ec_error *err);

/** Frees the cache and the laws it read, which the results of steps given it point to: after those results are
 *  freed. NULL is allowed. */
EC_API void ec_input_cache_free(ec_input_cache *c);

/** How many files the cache has read (a fit JSON and its replicates count once). */
EC_API size_t ec_input_cache_loads(const ec_input_cache *c);

/** The step reads its inputs through c (NULL: from the files, each run). Clones share it. */
EC_API void ec_step_set_input_cache(ec_step *st, ec_input_cache *c);

#ifdef __cplusplus
}
#endif
#endif
