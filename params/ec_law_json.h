/**
 * ec_law_json.h — reading what effcomp wrote: JSON result files, and a
 * fitted law from a fit's JSON with its bootstrap replicates file.
 */
#ifndef EC_LAW_JSON_H
#define EC_LAW_JSON_H

#include "ec_export.h"

#include <cjson/cJSON.h>
#include <stddef.h>

#include "ec_error.h"
#include "ec_law.h"
#include "ec_table.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Reads and parses a JSON file (pipes too). Errors (EC_EDATA, EC_EIO) name
 * the file and say what to do: a folder, a file that cannot be opened, an
 * empty file, NUL bytes, invalid JSON (with line:column, and whether it
 * ends too early).
 */
EC_API cJSON *ec_json_read_file(const char *path, ec_error *err);

/** What ec_law_load() found besides the law. */
typedef struct ec_law_load_info {
    char note[1400];           /**< a warning to pass on ("" when none): the fit did not converge */
    int reps_recorded;         /**< 1 when the fit JSON names a replicates file */
    size_t expected_reps;      /**< replicates the fit JSON says it wrote (0: unknown) */
} ec_law_load_info;

/** EC_OK when a fit JSON's bootstrap.replicates, if there, is a whole number from 1 to 1e12; else EC_EDATA naming
 * the file and the value (ec_law_load checks it too; `report` reads the JSON without loading the law). */
EC_API int ec_law_json_check_counts(const cJSON *root, const char *path, ec_error *err);

/**
 * Reads the fit JSON `path` ('effcomp fit -o') into a new law. Replicates:
 * from `reps_path` when not empty, else the file the fit recorded (tried at
 * its recorded absolute path, then beside the JSON, then as recorded);
 * `want_reps` 0 skips them. Every replicate file is checked against the
 * fit (its header's form and seed, its row count, its `converged` column,
 * a column per parameter, every value finite); a missing recorded file is
 * an error saying where it was looked for and what to do. With
 * `reps_soft`, a recorded replicates file that is not there is not an
 * error: the law is returned without replicates and info->note says why
 * ("no bands: ..."); a replicates file that is there but fails a check is
 * an error even then (file:line named).
 * Errors: EC_EDATA/EC_EIO with the file named.
 */
EC_API int ec_law_load(const char *path, const char *reps_path, int want_reps, int reps_soft, ec_law **out,
                ec_law_load_info *info, ec_error *err);

/**
 * The replicates file a fit JSON records, as ec_law_load() would find it (the recorded absolute path, beside the
 * JSON, as recorded): 1 and the path in `out` when there is one that exists, else 0.
 */
EC_API int ec_law_json_replicates_path(const char *fit_path, char *out, size_t cap);

/**
 * An inline law: form name and "name=value,..." parameters (each once, all
 * of them). EC_EINVAL naming the bad item.
 */
EC_API int ec_law_inline(const char *form, const char *params, ec_law **out, ec_error *err);

/**
 * Sets a law's replicates from a table read from `path` (header check
 * against the law's form and, when `seed_text` is not "", the seed; row
 * count against `expected` when not 0).
 */
EC_API int ec_law_replicates_from_table(ec_law *law, const ec_table *t, const char *path, const char *seed_text,
                                 size_t expected, ec_error *err);

#ifdef __cplusplus
}
#endif
#endif
