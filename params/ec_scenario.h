/**
 * ec_scenario.h — scenario files: a list of steps described in INI, checked
 * whole before anything runs, then run in memory, one result handed to the
 * next by reference (`fit = @fit`), with a manifest of everything the run
 * read, did and wrote.
 *
 *     ec_scenario *sc;
 *     if (ec_scenario_load("params/examples/chinchilla.ini", &sc, &err)) ... // FILE:LINE: ...
 *     ec_scenario_override(sc, "fit.bootstrap", "200", &err);               // --set
 *     ec_scenario_set_output_dir(sc, "out");                                // -o DIR
 *     if (ec_scenario_prepare(sc, &err)) ...                                 // every check, nothing run
 *     for (size_t i = 0; i < ec_scenario_n_steps(sc); i++) {
 *         ec_result *r;
 *         if (ec_scenario_run_step(sc, i, &r, &err)) ...   // r stays owned by the scenario
 *         ... write the step's output files, ec_scenario_add_output(sc, i, path) ...
 *     }
 *     char *manifest = ec_scenario_manifest(sc, &err);
 *     ec_scenario_free(sc);
 *
 * The file. Each `[section]` is one step, `[command]` or `[command label]`;
 * the step's id, by which later steps refer to it, is its label, or its
 * command when it has none (ids are unique). Keys are the step's option
 * names (ec_step.h), the same as `--name value` on the command line. A key
 * given twice is an error naming both lines, except list options (where,
 * fix, bound, tie, at), which take one item per line. `quiet = 1` quiets a
 * step's notes. An optional first section `[scenario]` sets `seed`, the
 * default seed of every step that has one. An optional `[sweep]` section
 * (anywhere, once) is for `effcomp sweep`: its keys are that command's
 * options without their dashes (vary, record, set and param one item per
 * line; design, samples, levels, second_order, baseline, same_seed once),
 * checked by name here and kept as written, the switches as "1" or "0"
 * (ec_scenario_sweep_entry); no
 * step reads them, so `effcomp run` runs the steps once. Lines starting with ';' or '#'
 * are comments; lines must not be indented (inih would read them as more
 * of the previous value) and may have at most 197 characters.
 *
 * Values. `@ID` (an input option such as `fit` or `result`) is the result
 * of the earlier step ID, in memory. An input file that an earlier step
 * writes (its output or replicates_out) is that step's result in memory
 * too, so a scenario never reads back its own files. Input paths are
 * relative to the scenario file's folder, output paths to the output folder
 * (ec_scenario_set_output_dir; the scenario's folder by default); absolute
 * paths are kept.
 */
#ifndef EC_SCENARIO_H
#define EC_SCENARIO_H

#include "ec_export.h"

#include <stddef.h>

#include "ec_error.h"
#include "ec_result.h"
#include "ec_step.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ec_scenario ec_scenario;

/**
 * Reads a scenario file and sets every key of every step (option names
 * and values checked as they are set). Errors (EC_EINVAL, EC_EIO,
 * EC_ENOMEM) are "FILE:LINE: what is wrong" (with the step for a bad key),
 * and nothing is kept.
 */
EC_API int ec_scenario_load(const char *path, ec_scenario **out, ec_error *err);

/**
 * A copy of a scenario as loaded and overridden, not yet prepared (no results, no shared steps), made
 * without reading any file: for sweeps, which load the file once and set each cell's values on a copy.
 * NULL on error (err says why).
 */
EC_API ec_scenario *ec_scenario_copy(const ec_scenario *src, ec_error *err);

/**
 * The same, except that each step i with reuse[i] set is `prepared`'s own step i (a prepared scenario copied from
 * the same source), borrowed read only: not made again, not prepared, not run (its result, if any, is prepared's)
 * and never changed through the copy (ec_scenario_step gives NULL for it). For sweeps: the steps no varied key
 * reaches are made, checked and run once. `prepared` must outlive the copy.
 */
EC_API ec_scenario *ec_scenario_copy_sharing(const ec_scenario *src, const ec_scenario *prepared,
                                             const unsigned char *reuse, ec_error *err);

/**
 * A copy of a prepared scenario, for the cells of a sweep: the steps with reuse[i] set borrowed as by
 * ec_scenario_copy_sharing, the others clones of `prepared`'s steps (their option values as set, rebased and
 * resolved there: nothing parsed again). ec_scenario_override on a clone sets the value; when the option is a
 * path or an input, the step is made again from its keys first, to be prepared in full. ec_scenario_prepare then
 * checks each clone's options again. `prepared` must outlive the copy.
 */
EC_API ec_scenario *ec_scenario_copy_prepared(const ec_scenario *prepared, const unsigned char *reuse, ec_error *err);

/**
 * Whether ec_scenario_override of each keys[j] = values[j] (in that order) on a copy of `prepared`
 * (ec_scenario_copy_prepared), then ec_scenario_prepare, would accept them, told without the copy: each
 * value set on a clone of its step alone, then the step's own check. *decided is 1 when that tells (the result
 * EC_OK, or the code of the refusal, with no message: make the copy for it), 0 when it cannot (a key of no
 * step or of two, a path or an input, a borrowed step): make the copy to know.
 */
EC_API int ec_scenario_try_values(const ec_scenario *prepared, const char *const *keys, const char *const *values,
                                  size_t n, int *decided);

/**
 * The same told for many cells' values, each on the clones of an ec_scenario_trial made once (of `prepared`, which
 * must outlive it; one per thread): each clone's options are prepared's again after every trial, so that a trial
 * tells what ec_scenario_try_values tells, without a copy of a step per trial. NULL when out of memory.
 */
typedef struct ec_scenario_trial ec_scenario_trial;
EC_API ec_scenario_trial *ec_scenario_trial_new(const ec_scenario *prepared);
EC_API int ec_scenario_trial_values(ec_scenario_trial *t, const char *const *keys, const char *const *values,
                                    size_t n, int *decided);
EC_API void ec_scenario_trial_free(ec_scenario_trial *t);

/**
 * 1 when ec_scenario_override of id_key on a copy of `prepared` (ec_scenario_copy_prepared) sets one option of one
 * step that is neither a path nor an input (or the step's quiet key): nothing is made again or checked against a
 * file, and the option's value replaces whatever was there. A copy set again with other values of such keys, every
 * key set each time, is then the copy made anew with them: a sweep runs its cells on one copy per thread.
 */
EC_API int ec_scenario_plain_key(const ec_scenario *prepared, const char *id_key);

/** Every step of sc, those made later and those of its copies read their input files through c (ec_step.h), which
 *  must outlive them; NULL: from the files, each run. */
EC_API void ec_scenario_set_input_cache(ec_scenario *sc, ec_input_cache *c);

/** 1 when step i is borrowed from another scenario (ec_scenario_copy_sharing). */
EC_API int ec_scenario_borrowed(const ec_scenario *sc, size_t i);

/** `--set ID.KEY=VALUE` after loading: replaces the file's value (a list option: the file's items). */
EC_API int ec_scenario_override(ec_scenario *sc, const char *id_key, const char *value, ec_error *err);

/** Output paths are relative to `dir` (NULL or "": the scenario file's folder). */
EC_API void ec_scenario_set_output_dir(ec_scenario *sc, const char *dir);

/**
 * Rebases the paths, resolves every `@ID` and every input that an earlier
 * step writes, and checks every step (ec_step_check): nothing runs. Errors
 * are "FILE:LINE: step N [SECTION]: what is wrong; fix this line, nothing
 * was run", each bad step once (all of them are checked).
 */
EC_API int ec_scenario_prepare(ec_scenario *sc, ec_error *err);

EC_API size_t ec_scenario_n_steps(const ec_scenario *sc);
EC_API ec_step *ec_scenario_step(ec_scenario *sc, size_t i);
/** The type of step i (also of a borrowed step, for which ec_scenario_step is NULL). */
EC_API const ec_step_type *ec_scenario_step_type(const ec_scenario *sc, size_t i);
/** The section as written (e.g. "plot contour"), the step's id, its line, and its quiet key (-1 when not given). */
EC_API const char *ec_scenario_section(const ec_scenario *sc, size_t i);
EC_API const char *ec_scenario_id(const ec_scenario *sc, size_t i);
EC_API int ec_scenario_line(const ec_scenario *sc, size_t i);
/** The line of the key of step i that `message` names first (as a whole word, e.g. "end_year 2020 is not after
 * start_year"), else the section's line: where an error about step i is located. */
EC_API int ec_scenario_error_line(const ec_scenario *sc, size_t i, const char *message);
EC_API int ec_scenario_quiet(const ec_scenario *sc, size_t i);
EC_API const char *ec_scenario_path(const ec_scenario *sc);
/** The SHA-256 of the scenario file (64 hex digits), taken by ec_scenario_load right after it parsed the file. */
EC_API const char *ec_scenario_sha256(const ec_scenario *sc);
/** The keys of step i as written in the file: name (NULL past the end), value, line. */
EC_API size_t ec_scenario_n_keys(const ec_scenario *sc, size_t i);
EC_API const char *ec_scenario_key(const ec_scenario *sc, size_t i, size_t k, const char **value, int *line);

/**
 * Runs step i (steps run in order: the results it refers to must exist). The
 * result stays owned by the scenario (freed with it) and is returned in
 * *out. Errors are the step's.
 */
EC_API int ec_scenario_run_step(ec_scenario *sc, size_t i, const ec_result **out, ec_error *err);

/** Records a file the caller wrote for step i (for the manifest). */
EC_API int ec_scenario_add_output(ec_scenario *sc, size_t i, const char *path, ec_error *err);

/**
 * The manifest of the run so far as JSON text (free()): effcomp's version,
 * the scenario's path and SHA-256, the default seed, every input file read
 * with its SHA-256, and per step its id, command, line, options as set,
 * result (the result's JSON) and the files written. The same scenario and
 * inputs give the same bytes.
 */
EC_API char *ec_scenario_manifest(const ec_scenario *sc, ec_error *err);

/**
 * Step i's result is `r`, another scenario's (read only; it must outlive this one): step i is not run
 * (ec_scenario_run_step returns r) and r is not freed; given before ec_scenario_prepare, its inputs are not
 * resolved and its options not checked either. For sweeps: a step no varied key reaches runs once.
 */
EC_API int ec_scenario_share_result(ec_scenario *sc, size_t i, const ec_result *r);

/** 1 when step i takes an input from step j's result (after ec_scenario_prepare). */
EC_API int ec_scenario_uses(const ec_scenario *sc, size_t i, size_t j);

/** The loaded file's `[sweep]` entries, in file order (0 when it has none; a copy has none). */
EC_API size_t ec_scenario_sweep_n(const ec_scenario *sc);
/** Entry k's key (NULL past the end), its value and its line. */
EC_API const char *ec_scenario_sweep_entry(const ec_scenario *sc, size_t k, const char **value, int *line);

EC_API void ec_scenario_free(ec_scenario *sc);

#ifdef __cplusplus
}
#endif
#endif
