/**
 * fuzz_sweep.c — libFuzzer target of the sweep parsers (params/ec_sweep.h):
 * the `--vary` and `--param` specs, and the CSVs a sweep writes as read back
 * by `analyze` (ec_sweep_read_design), `merge` (ec_sweep_merge) and `plot`
 * (ec_sweep_read_grid).
 *
 * Input, by its first line:
 *   - "design COLUMN": the rest is a sweep's CSV, optionally cut into shards
 *     by lines "--- shard" (at most 3); the first is read for COLUMN and as a
 *     grid, and all are merged;
 *   - anything else: every line "vary SPEC" is parsed as --vary
 *     ("project.sizes=1T,2T" or "ID.KEY=START:STOP:COUNT[:log]"), and the
 *     lines "param ID.KEY=DISTRIBUTION" (at most 20) make small Sobol',
 *     Morris, random and Latin-hypercube designs.
 */
#include <stdlib.h>
#include <string.h>

#include "ec_sweep.h"
#include "fuzz_io.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_PARAMS 20

static void designs(const char *const *params, size_t D)
{
    ec_sweep_axis axes[MAX_PARAMS];
    ec_error err;
    memset(axes, 0, sizeof axes);
    if (ec_sweep_design_sobol(params, D, 2, 1, axes, &err) == EC_OK)
        for (size_t j = 0; j < D; j++) ec_sweep_axis_clear(&axes[j]);
    if (ec_sweep_design_morris(params, D, 2, 4, 7, axes, &err) == EC_OK)
        for (size_t j = 0; j < D; j++) ec_sweep_axis_clear(&axes[j]);
    if (ec_sweep_design_sample("lhs", params, D, 3, 7, axes, &err) == EC_OK)
        for (size_t j = 0; j < D; j++) ec_sweep_axis_clear(&axes[j]);
    if (ec_sweep_design_sample("random", params, D, 2, 7, axes, &err) == EC_OK)
        for (size_t j = 0; j < D; j++) ec_sweep_axis_clear(&axes[j]);
}

static void specs(char *text)
{
    const char *params[MAX_PARAMS];
    size_t D = 0;
    for (char *line = text; line;) {
        char *next = strchr(line, '\n');
        if (next) *next++ = '\0';
        if (strncmp(line, "vary ", 5) == 0) {
            ec_sweep_axis a;
            ec_error err;
            memset(&a, 0, sizeof a);
            if (ec_sweep_axis_parse(line + 5, &a, &err) == EC_OK) ec_sweep_axis_clear(&a);
        } else if (strncmp(line, "param ", 6) == 0 && D < MAX_PARAMS) {
            params[D++] = line + 6;
        }
        line = next;
    }
    if (D) designs(params, D);
}

static void design_csv(const char *column, const uint8_t *data, size_t size)
{
    const char *paths[3];
    size_t n = 0;
    while (n < 3) {
        size_t head = size, rest_n = 0;
        const uint8_t *rest = NULL;
        int more = n < 2 && fuzz_split(data, size, "--- shard", &head, &rest, &rest_n);
        if (!(paths[n] = fuzz_file((int)n, data, head))) return;
        n++;
        if (!more) break;
        data = rest, size = rest_n;
    }
    ec_sweep_design_info info;
    double *y = NULL, *x = NULL;
    ec_error err;
    if (ec_sweep_read_design(paths[0], column, &info, &y, &x, &err) == EC_OK) {
        free(y);
        free(x);
    }
    ec_sweep_grid g;
    if (ec_sweep_read_grid(paths[0], &g, &err) == EC_OK) ec_sweep_grid_clear(&g);
    char *merged = NULL;
    if (ec_sweep_merge(paths, n, &merged, &err) == EC_OK) free(merged);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *nl = memchr(data, '\n', size);
    if (size > 7 && memcmp(data, "design ", 7) == 0 && nl) {
        char *column = fuzz_text(data + 7, (size_t)(nl - data) - 7);
        if (column) design_csv(column, nl + 1, size - (size_t)(nl + 1 - data));
        free(column);
        return 0;
    }
    char *text = fuzz_text(data, size);
    if (text) specs(text);
    free(text);
    return 0;
}
