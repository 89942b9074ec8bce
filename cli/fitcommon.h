/* fitcommon.h — what the commands that fit data share: the input options
 * (--data, --columns, --where, --drop-highest, output files), option
 * parsing by name over several tables, dataset loading with messages, and
 * JSON helpers. */
#ifndef CLI_FITCOMMON_H
#define CLI_FITCOMMON_H

#include <cjson/cJSON.h>
#include <stdio.h>

#include "ec_dataset.h"
#include "ec_fit.h"
#include "ec_form.h"
#include "ec_nlfit.h"
#include "ec_option.h"

/* Settings of the command itself (input and output), settable by name like the fit's. */
typedef struct fit_cli {
    char data[1024];
    char columns[1024];
    int drop_highest;
    char where[2048];
    char output[1024];
    char replicates_out[1024];
    char plot[1024];
} fit_cli;

extern const ec_option_table fit_cli_table;

/* Defaults: columns "N=N,D=D,L=L", everything else empty or 0. */
void fit_cli_init(fit_cli *cli);

/* An options table and the struct it describes. */
typedef struct cli_optset {
    const ec_option_table *table;
    void *obj;
} cli_optset;

/*
 * Parses argv: --name value, --name=value, --set name=value, -o FILE (output),
 * -q/--quiet, -h/--help (*help = 1), --list-forms (*help = 2). Each name goes to
 * the first table that has it. Prints the error and returns -1 on bad input.
 */
int cli_parse_options(int argc, char **argv, const char *cmd, cli_optset *sets, int nsets, int *help);

/* Sets cli_quiet from the text of the option quiet (0, 1, yes, no, ...); EC_OK, or an error
 * in *err with cli_quiet unchanged. */
int cli_set_quiet(const char *value, ec_error *err);

/* One line per option: --name, help, choices, [default]. */
void cli_print_option_table(FILE *out, const ec_option_table *t);

/* The form catalogue, for --list-forms. */
void cli_list_forms(FILE *out);

/*
 * Loads cli->data with the column map and --where filters and applies
 * --drop-highest on the y role of `form` (L when unmapped). On failure
 * prints the message and returns NULL with *exit_status set.
 */
ec_dataset *cli_load_dataset(const fit_cli *cli, const char *form, size_t *rows_read, int *exit_status);

/* What every fit-based result records to be reproducible: version, seed, input_sha256, input
 * (path, columns, filters, row counts) and options. */
void cli_json_provenance(cJSON *root, const fit_cli *cli, const ec_dataset *ds, size_t rows_read,
                         const ec_fit_options *opt);

/* Reads and parses a JSON file; prints the error and returns NULL. */
cJSON *cli_read_json(const char *path);

/* JSON helpers. */
void cli_json_number(cJSON *o, const char *key, double v);
void cli_json_seed(cJSON *o, const char *key, unsigned long long seed);
cJSON *cli_json_params(const ec_form *f, const double *v);
cJSON *cli_json_fit_options(const ec_fit_options *opt);
/* "input" object: path, columns, where, drop_highest, row counts, derived columns. */
cJSON *cli_json_input(const fit_cli *cli, const ec_dataset *ds, size_t rows_read);

/* Writes `root` into an output file opened with cli_out_open and commits it; returns an exit status
 * (on failure the temporary file is removed). */
#include "cli_util.h"
int cli_out_json(cli_outfile *o, const cJSON *root);
/* Writes the JSON text to o without committing it (cli_out_commit_pair does that); on failure
 * the file is aborted. Returns an exit status. */
int cli_out_json_text(cli_outfile *o, const cJSON *root);

/* Opens --output and --replicates-out (those given) before the work, so that an unwritable
 * path fails fast; on failure prints why, leaves nothing open and returns -1. */
int cli_outs_open(const fit_cli *cli, cli_outfile *json, cli_outfile *reps);

/* The other end of cli_outs_open, once the replicates (if any) are written to reps: writes
 * `root` (built only when json is open; may be NULL otherwise) to json and commits both
 * together, then notes "wrote ..." when --output was given. On failure prints why, aborts
 * both and returns an exit status; EXIT_OK otherwise. */
int cli_outs_commit(const fit_cli *cli, cli_outfile *json, const cJSON *root, cli_outfile *reps);

/* The checks shared by commands with data options: --data given; --bootstrap 0 or >= 2;
 * --replicates-out only with a bootstrap. Prints the error; returns an exit status. */
int cli_check_fit_args(const char *cmd, const fit_cli *cli, int bootstrap);

/* Refuses outputs (--output, --replicates-out, --plot) that are the same file as --data, as
 * `extra` (another input, e.g. a starts file, named by `extra_option`; may be NULL) or as each
 * other (see cli_check_paths). Prints the error; returns an exit status. */
int cli_check_fit_paths(const char *cmd, const fit_cli *cli, const char *extra_option, const char *extra);

/* Writes `root` to an output file atomically (or stdout when path is empty); returns an exit status. */
int cli_write_json(const char *path, cJSON *root);

/* A fitted law: a form, its parameters, and optionally bootstrap replicates. */
typedef struct cli_law {
    const ec_form *form;
    double p[EC_MAXP];
    struct ec_table *reps;
    int rep_col[EC_MAXP];
    size_t expected_reps;   /* replicates the fit JSON says it wrote (0: unknown) */
    char reps_searched[2400]; /* when the recorded replicates file was not found: where it was looked for */
    char reps_file[1024];     /* the replicates file read, "" when none */
    char seed_json[48];       /* the fit JSON's "seed" as JSON text, "" when none (provenance) */
} cli_law;

/* Prints why the replicates file the fit `fit_path` recorded cannot be read (not found in any
 * of lw->reps_searched) and what to do; use when loading reps_path failed and it came from the
 * fit JSON rather than --replicates. */
void cli_law_reps_missing(const cli_law *lw, const char *fit_path);

/* Checks that a replicates table belongs to the law: one row per replicate the fit recorded.
 * Prints the mismatch and returns -1. */
int cli_law_check_reps(const cli_law *lw, const struct ec_table *t, const char *path);

/*
 * Reads a fit JSON written by 'effcomp fit -o' into lw; when reps_path is
 * empty and the fit recorded a replicates file, its path goes there (tried
 * as recorded, then beside the JSON). Prints the error and returns -1.
 */
int cli_law_load_json(const char *path, cli_law *lw, char *reps_path, size_t reps_len);

/* Inline law from --form F --params 'k=v,...'. Prints the error and returns -1. */
int cli_law_inline(const char *form, const char *params, cli_law *lw);

#endif
