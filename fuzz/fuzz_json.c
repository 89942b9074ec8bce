/**
 * fuzz_json.c — libFuzzer target of the result readers (params/ec_law_json.h):
 * ec_json_read_file() on any text, and ec_law_load() reading a fit's JSON
 * and, when given, its bootstrap replicates file.
 *
 * Input: the JSON file, optionally followed by a line "--- replicates" and
 * the replicates CSV (effcomp's own format: "# effcomp ... seed S", a header
 * replicate,E,A,B,alpha,beta,objective,converged, a row per replicate). The
 * replicates are read strictly and then softly (the two modes ec_law_load
 * has); without them nothing is looked up on disk (want_reps 0), so the
 * target never reads a file the input names. A law that loads is evaluated
 * with its band at two points.
 */
#include <stdlib.h>

#include "ec_law.h"
#include "ec_law_json.h"
#include "fuzz_io.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void use_law(const ec_law *law)
{
    double xs[4] = {1e9, 2e10, 1e10, 4e11}, y[2], lo[2], hi[2];
    ec_band band;
    ec_error err;
    /* Two points: xs holds 2 x n_vars values for either kind of form. */
    ec_law_band(law, EC_LAW_VALUE, xs, 2, 0.9, 1, y, lo, hi, &band, &err);
    ec_law_band(law, EC_LAW_CURVE, xs, 2, 0.9, 1, y, lo, hi, &band, &err);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t json_n = size, reps_n = 0;
    const uint8_t *reps = NULL;
    int has_reps = fuzz_split(data, size, "--- replicates", &json_n, &reps, &reps_n);
    const char *json = fuzz_file(0, data, json_n);
    const char *reps_path = has_reps ? fuzz_file(1, reps, reps_n) : NULL;
    if (!json || (has_reps && !reps_path)) return 0;
    ec_error err;
    cJSON *root = ec_json_read_file(json, &err);
    cJSON_Delete(root);
    for (int soft = 0; soft <= has_reps; soft++) {
        ec_law *law = NULL;
        ec_law_load_info info;
        if (ec_law_load(json, reps_path, has_reps, soft, &law, &info, &err) == EC_OK) {
            use_law(law);
            ec_law_free(law);
        }
    }
    return 0;
}
