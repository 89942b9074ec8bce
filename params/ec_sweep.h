/**
 * ec_sweep.h — parameter sweeps over a scenario, in process (`effcomp
 * sweep`): a cartesian grid of values for any scenario keys, every cell the
 * whole scenario run with those values (its own scenario object, so cells
 * run on OpenMP threads), and named outputs of its steps recorded per cell.
 *
 *     ec_sweep_axis ax[2];
 *     ec_sweep_axis_parse("project.sizes=1T,2T,10T", &ax[0], &err);
 *     ec_sweep_axis_parse("project.max_tokens=1e13:1e15:3:log", &ax[1], &err);
 *     const char *rec[] = {"project.loss", "project.compute"};
 *     ec_sweep_options o = ec_sweep_default_options();
 *     o.scenario = "s.ini"; o.axes = ax; o.n_axes = 2; o.records = rec; o.n_records = 2;
 *     ec_sweep_result r;
 *     ec_sweep_run(&o, &r, &err);     // r.cells[c].values[j], .ok, .error
 *
 * A cell's random streams: every step's seed (its own key, else the
 * scenario's) mixed with the cell id (splitmix64), unless same_seed (the
 * same streams in every cell: common random numbers, for paired
 * comparisons between cells). Either way a cell's numbers depend only on
 * the scenario, its values and its id: the same for any thread count and
 * shard split. A step that no varied key reaches (not varied itself, and no
 * input from a varied step) runs once, with its own seed, and every cell
 * takes its result as it is. Plot steps are not run in a sweep.
 */
#ifndef EC_SWEEP_H
#define EC_SWEEP_H

#include "ec_export.h"

#include <stddef.h>

#include "ec_error.h"
#include "ec_scenario.h"

#ifdef __cplusplus
extern "C" {
#endif

/** One varied key: "ID.KEY" (as --set takes it) and its values as text. */
typedef struct ec_sweep_axis {
    char key[256];
    char **values;
    size_t n;
} ec_sweep_axis;

/**
 * Parses "ID.KEY=v1,v2,..." (values as written; ';' between them when a
 * value holds commas) or "ID.KEY=START:STOP:COUNT[:log]" (COUNT >= 2
 * numbers from START to STOP, evenly spaced, or evenly in log10 with
 * :log, both ends positive). EC_EINVAL naming the offending text: no '=',
 * no ID.KEY, an empty value, a range that is not numeric, COUNT < 2 or not
 * a whole number, :log with an end <= 0, more than 1e6 values.
 */
EC_API int ec_sweep_axis_parse(const char *spec, ec_sweep_axis *a, ec_error *err);
EC_API void ec_sweep_axis_clear(ec_sweep_axis *a);

typedef struct ec_sweep_cell {
    size_t id;
    const char **value;            /**< the axes' values (pointers into the axes) */
    double *record;                /**< n_records numbers (NAN where the cell failed) */
    int ok;
    char *error;                   /**< when !ok: what went wrong */
    int skipped;                   /**< 1: not run (ec_sweep_options.skip); ok = 0 and record NAN */
    double *d_lo, *d_hi;           /**< with a baseline: the 95% interval of record k minus the baseline's, paired
                                        replicate by replicate, where both results kept replicate values
                                        (ec_result_replicate_values; the sweep asks every step that can); else NAN.
                                        NULL without a baseline */
} ec_sweep_cell;

typedef struct ec_sweep_options {
    const char *scenario;          /**< the scenario file */
    const ec_sweep_axis *axes;     /**< the grid: the first axis varies slowest */
    size_t n_axes;
    const char *const *records;    /**< "ID.OUTPUT" named outputs, e.g. "simulate.crossing.0.q50" */
    size_t n_records;
    int threads;                   /**< cells in parallel (0: OpenMP's default) */
    size_t shard, n_shards;        /**< run the cells of shard `shard` of `n_shards` (contiguous, 0-based) */
    int same_seed;                 /**< 1: the same streams in every cell */
    const char *const *sets;       /**< "ID.KEY=VALUE" set in every cell before the axes' values (as run --set) */
    size_t n_sets;
    int zip;                       /**< 1: cell c takes value c of every axis (a design's rows), not the product */
    long long baseline;            /**< a cell id: its records, for differences against it (-1: none) */
    const unsigned char *skip;     /**< n_total flags, or NULL: cells not to run (finished before: --resume); their
                                        cells come back with skipped = 1 and no records */
    /** Called once per cell that ran, as it finishes (any thread, one call at a time), e.g. to save it or to show
     *  progress; NULL: none. */
    void (*on_cell)(void *ctx, const ec_sweep_cell *cell);
    void *ctx;
    const ec_scenario *loaded;     /**< the scenario file as the caller has loaded it (ec_scenario_load), or NULL:
                                        loaded here. Not changed; the cells start from copies of it, so they run
                                        what the caller read even if the file has changed since */
} ec_sweep_options;

EC_API ec_sweep_options ec_sweep_default_options(void);

typedef struct ec_sweep_result {
    size_t n_total;                /**< cells in the whole grid */
    size_t first;                  /**< the shard's first cell id */
    size_t n;                      /**< cells run here */
    ec_sweep_cell *cells;
    size_t n_failed;
    size_t n_shared;               /**< steps no varied key reaches: run once, their results shared by every cell */
    size_t n_loads;                /**< fit files the cells' steps read, each once for every cell (ec_input_cache) */
    double *baseline;              /**< the baseline cell's records (run here, first); NULL: none */
    int baseline_ok;
    unsigned char *paired;         /**< with a baseline: 1 for each record whose baseline value has replicate values,
                                        so that cells have d_lo/d_hi for it */
} ec_sweep_result;

/**
 * Runs the cells of the shard. Before any cell runs: the scenario is loaded
 * and the first cell's values are set and checked (an unknown key, a value
 * the option refuses: the scenario's FILE:LINE or the key named), and every
 * record names a step of the scenario (EC_EINVAL). The first cell then runs
 * alone; a record that is not an output of its step is an error (EC_EINVAL,
 * nothing else runs). After that a failing cell records its error and the
 * others go on. Cells flagged in o->skip are not run (the first check then runs on the first cell that is not
 * skipped). With a baseline, its cell runs first, alone (also when another shard has it, or it is skipped): its
 * records, and the replicate values of those that have them, for every cell's paired intervals; a step with the
 * option replicate_losses gets it set to 1 in every cell. EC_ENOMEM.
 */
EC_API int ec_sweep_run(const ec_sweep_options *o, ec_sweep_result *r, ec_error *err);

EC_API void ec_sweep_result_clear(ec_sweep_result *r);

/** A sweep's CSV read back (ec_sweep_read_grid): its grid as options and its cells as a result, for figures. */
typedef struct ec_sweep_grid {
    ec_sweep_options o;            /**< axes (each value once, as written), records, baseline (-1: none) */
    ec_sweep_result r;             /**< every cell, by id (records NAN where empty), the baseline's records */
    ec_sweep_axis *axes;           /**< owned */
    char **records;                /**< owned */
} ec_sweep_grid;

/**
 * Reads the CSV of a sweep over a grid (its first line, the '# grid: N1 x N2 values of K1, K2' line, the header,
 * a row per cell in any order). Errors name the file and line: not a sweep's CSV, a design (its cells are samples),
 * a row whose keys do not sit on the grid, a short row, a cell twice, a number that is not one, a missing cell (a
 * shard: merge first). EC_EDATA, EC_EINVAL, EC_EIO, EC_ENOMEM; *g is empty after an error.
 */
EC_API int ec_sweep_read_grid(const char *path, ec_sweep_grid *g, ec_error *err);
EC_API void ec_sweep_grid_clear(ec_sweep_grid *g);

/**
 * Saltelli's design (ec_sobol.h) over D inputs "ID.KEY=DISTRIBUTION" (the
 * syntax of ec_dist.h): D axes of ec_saltelli_rows(D, N, second_order)
 * values each, the quantiles of each distribution at the design's points,
 * to run with zip = 1 (row c of the design is cell c). EC_EINVAL naming the
 * bad --param or a design of more than 1e6 rows; EC_ENOMEM.
 */
EC_API int ec_sweep_design_sobol(const char *const *params, size_t D, size_t N, int second_order, ec_sweep_axis *axes,
                          ec_error *err);

/** What the first comment line of a sweep over a Sobol' design records, and its inputs' names. */
typedef struct ec_sweep_design_info {
    size_t D, N;                   /**< inputs; Sobol' base points, or Morris trajectories */
    int second_order;
    int morris, levels;            /**< a Morris design and its grid */
    char names[20][256];
} ec_sweep_design_info;

/**
 * Reads the CSV of a sweep over a Sobol' design (its comment line "design
 * sobol D=.. N=.. second_order=..", the header, a row per cell in any
 * order) and the values of `column`, by cell id, into *y (malloc'ed, a
 * value per cell), and for a Morris design ("design morris D=.. r=..
 * levels=..") the inputs' values into *x (cells x D; x may be NULL). Errors name the file and line: not such a
 * sweep, no such column (listing the records), a cell failed, missing
 * (shards not all concatenated), twice, or not a finite number.
 */
EC_API int ec_sweep_read_design(const char *path, const char *column, ec_sweep_design_info *info, double **y,
                                double **x,
                         ec_error *err);

/**
 * Merges the CSVs of the shards of one sweep into the CSV a single process
 * would have written (*out, malloc'ed): every file from the same scenario
 * (SHA-256), grid or design, records and seed rule, each cell once, sorted by
 * cell id. EC_EDATA naming the file: not a shard, a foreign shard, a cell
 * twice, cells missing (how many, from which); EC_EIO, EC_ENOMEM.
 */
EC_API int ec_sweep_merge(const char *const *paths, size_t n, char **out, ec_error *err);

/** Morris's design (ec_sobol.h) over D bounded inputs, r trajectories on `levels` levels, as ec_sweep_design_sobol. */
EC_API int ec_sweep_design_morris(const char *const *params, size_t D, size_t r, int levels, unsigned long long seed,
                           ec_sweep_axis *axes, ec_error *err);

/**
 * N samples of D inputs, as ec_sweep_design_sobol: `random` (independent uniforms, mapped through each
 * distribution's quantile function) or `lhs` (Latin hypercube: for each input exactly one sample in each of N
 * equal-probability strata, the strata in a random order), from Philox counters of `seed`.
 */
EC_API int ec_sweep_design_sample(const char *method, const char *const *params, size_t D, size_t N,
                                  unsigned long long seed,
                           ec_sweep_axis *axes, ec_error *err);

/**
 * A design written as a CSV file (by a user or another tool): the header `cell`, then one column
 * per input named ID.KEY (as --vary names it); a row per cell, its id (0 to n-1, each once, rows
 * in any order) and the inputs' values as text, each given to the scenario as `--set ID.KEY=VALUE`
 * would give it. Fills axes[0..*n_axes) (value c of every axis is cell c: run it with zip = 1)
 * and the file's SHA-256. EC_EDATA naming the file and line: a header not starting with `cell`,
 * no input, a column that is not ID.KEY or named twice, more than max_axes inputs, a row with too
 * many or too few fields, a cell id that is not a whole number below 1e6, a cell given twice
 * (with the line of the first), an empty value, no rows, a cell missing from 0..n-1; EC_EIO (the
 * file cannot be read), EC_ENOMEM. On error no axis is left filled.
 */
EC_API int ec_sweep_design_file(const char *path, ec_sweep_axis *axes, size_t max_axes, size_t *n_axes,
                                char sha256[65], ec_error *err);

/** The seed of a cell: splitmix64 of (seed, cell id). */
EC_API unsigned long long ec_sweep_cell_seed(unsigned long long seed, size_t cell);

#ifdef __cplusplus
}
#endif
#endif
