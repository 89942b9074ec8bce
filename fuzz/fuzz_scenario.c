/**
 * fuzz_scenario.c — libFuzzer target of the scenario reader
 * (params/ec_scenario.h): the input is a scenario file's INI text. It is
 * loaded (every key set through the steps' option tables), a `--set`
 * override applied, prepared (paths rebased, `@ID` references resolved,
 * every step checked; nothing runs) and its manifest written. The file is
 * in a fresh temporary folder, so that relative input paths name nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ec_scenario.h"
#include "fuzz_io.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_file(0, data, size);
    if (!path) return 0;
    ec_scenario *sc = NULL;
    ec_error err;
    if (ec_scenario_load(path, &sc, &err) != EC_OK) return 0;
    if (ec_scenario_n_steps(sc) > 0) {
        char key[300];
        snprintf(key, sizeof key, "%s.quiet", ec_scenario_id(sc, 0));
        ec_scenario_override(sc, key, "1", &err);
    }
    ec_scenario_set_output_dir(sc, "/nonexistent-effcomp-fuzz-out");
    if (ec_scenario_prepare(sc, &err) == EC_OK) {
        char *m = ec_scenario_manifest(sc, &err);
        free(m);
    }
    ec_scenario_free(sc);
    return 0;
}
