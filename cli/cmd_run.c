/* cmd_run.c — `effcomp run SCENARIO.ini`: a scenario file run in this
 * process (params/ec_scenario.c reads, checks and runs the steps; see
 * params/README.md). Here: the command line, the folders and files of each
 * step (the same code as the commands, cli_command.c), notes, exit
 * statuses and the manifest. */
#define _XOPEN_SOURCE 700 /* strdup */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli_args.h"
#include "cli_command.h"
#include "cli_gnuplot.h"
#include "commands.h"
#include "ec_scenario.h"

void cmd_run_usage(FILE *out)
{
    fputs("usage: effcomp run SCENARIO.ini [-o DIR] [--set ID.KEY=VALUE ...] [--manifest FILE] [--dry-run] [-q]\n"
          "\n"
          "Runs the steps of a scenario file in order, in this process. Each section is one\n"
          "step: [command] or [command label]; its id (how later steps refer to it) is the\n"
          "label, or the command. Its keys are that command's option names, exactly as for\n"
          "--name value, so any option can be set; a single-valued key given twice is an\n"
          "error, a list option (where, fix, bound, tie, at) is given once per item. A key\n"
          "`fit = @fit` or `result = @fit` takes an earlier step's result in memory, and so\n"
          "does a file an earlier step writes: nothing is read back. A plot section takes\n"
          "`result = ...`. An optional first section [scenario] sets `seed` for every step.\n"
          "Input paths are relative to the scenario file, output paths to the output folder\n"
          "(-o DIR, else the scenario's folder), whose folders are created. Lines starting\n"
          "with ; or # are comments; lines must not be indented. Every step is checked,\n"
          "input files included, before the first step runs; the run stops at the first step\n"
          "that fails and names it. At the end the run writes a manifest (results.json in\n"
          "the output folder): version, scenario and input SHA-256s, every step's options,\n"
          "result and output files; the same scenario and inputs give the same bytes.\n"
          "\nOptions:\n"
          "  -o, --output DIR    folder for the steps' output paths and the manifest\n"
          "  --set ID.KEY=VALUE  override a key of step ID (repeatable), e.g. --set fit.bootstrap=200\n"
          "  --manifest FILE     write the manifest here [DIR/results.json]\n"
          "  --dry-run           check the file and print the command line of each step instead\n"
          "                      of running it\n"
          "  -q, --quiet         no notes on stderr from run, and quiet the default of every step\n"
          "                      (--quiet=0|1|yes|no|...; a step's own quiet key wins)\n"
          "\nExample: effcomp run params/examples/chinchilla.ini -o out (what `make demo` runs).\n", out);
}

/* mkdir -p of the folder of `path`; 0 or -1 (message printed). */
static int make_parent(const char *path)
{
    char dir[2100];
    const char *slash = strrchr(path, '/');
    if (!slash || slash == path) return 0;
    snprintf(dir, sizeof dir, "%.*s", (int)(slash - path), path);
    for (char *p = dir + 1;; p++) {
        if (*p == '/' || *p == '\0') {
            char c = *p;
            *p = '\0';
            struct stat st;
            if (stat(dir, &st) != 0) {
                if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
                    cli_error("cannot create the folder '%s': %s", dir, strerror(errno));
                    return -1;
                }
            } else if (!S_ISDIR(st.st_mode)) {
                cli_error("cannot create the folder '%s': a file of that name is in the way", dir);
                return -1;
            }
            *p = c;
            if (!c) break;
        }
    }
    return 0;
}

static void print_dry(const ec_scenario *sc, size_t i, ec_step *st)
{
    const char *section = ec_scenario_section(sc, i);
    const char *cmd = ec_step_type_of(st)->name;
    int plot = strcmp(cmd, "plot") == 0;
    (void)section;
    printf("effcomp %s", cmd);
    char v[2200];
    if (plot && ec_step_get(st, "result", v, sizeof v, NULL) == EC_OK) printf(" '%s'", v);
    const char *value;
    for (size_t k = 0; k < ec_scenario_n_keys(sc, i); k++) {
        const char *name = ec_scenario_key(sc, i, k, &value, NULL);
        if (plot && strcmp(name, "result") == 0) continue;
        if (strcmp(name, "quiet") == 0) {
            printf(" '--quiet=%s'", value);
            continue;
        }
        const ec_option_desc *d = ec_step_find_option(st, name, NULL);
        /* Paths as they will be used (rebased, or the earlier step that makes them); other values as written. */
        if (d && d->type == EC_OPT_STRING && (d->flags & (EC_OPT_PATH_IN | EC_OPT_PATH_OUT)) &&
            ec_step_get(st, name, v, sizeof v, NULL) == EC_OK)
            value = v;
        printf(" '--%s' '%s'", name, value);
    }
    printf("\n");
}

typedef struct on_file_ctx {
    ec_scenario *sc;
    size_t i;
} on_file_ctx;

static void on_file(void *user, const char *path)
{
    on_file_ctx *c = user;
    ec_scenario_add_output(c->sc, c->i, path, NULL);
}

int cmd_run(int argc, char **argv)
{
    const char *path = NULL, *out_dir = NULL, *manifest = NULL;
    int dry = 0;
    const char *sets[64];
    int nsets = 0;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            cmd_run_usage(stdout);
            return EXIT_OK;
        } else if (strcmp(a, "--dry-run") == 0) {
            dry = 1;
        } else if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0) {
            cli_quiet = 1; /* no notes from run, and the steps' default */
        } else if (strncmp(a, "--quiet=", 8) == 0) {
            ec_error e;
            if (cli_set_quiet(a + 8, &e) != EC_OK) {
                cli_error("run: %s (see 'effcomp run --help')", e.message);
                return EXIT_BAD_INPUT;
            }
        } else if (strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0 || strcmp(a, "--set") == 0 ||
                   strcmp(a, "--manifest") == 0) {
            if (i + 1 >= argc) {
                cli_error("run: %s needs a value (see 'effcomp run --help')", a);
                return EXIT_BAD_INPUT;
            }
            const char *v = argv[++i];
            if (strcmp(a, "--set") == 0) {
                if (nsets == 64) {
                    cli_error("run: at most 64 --set options");
                    return EXIT_BAD_INPUT;
                }
                sets[nsets++] = v;
            } else if (strcmp(a, "--manifest") == 0) {
                if (manifest) {
                    cli_error("run: --manifest given twice; give it once");
                    return EXIT_BAD_INPUT;
                }
                manifest = v;
            } else {
                if (out_dir) {
                    cli_error("run: -o given twice ('%s' and '%s'); give one output folder", out_dir, v);
                    return EXIT_BAD_INPUT;
                }
                out_dir = v;
            }
        } else if (a[0] == '-' || path) {
            cli_error("run: unexpected argument '%s' (see 'effcomp run --help')", a);
            return EXIT_BAD_INPUT;
        } else {
            path = a;
        }
    }
    if (!path) {
        cli_error("run: give the scenario file (see 'effcomp run --help')");
        return EXIT_BAD_INPUT;
    }
    ec_error err;
    ec_scenario *sc;
    if (ec_scenario_load(path, &sc, &err) != EC_OK) {
        cli_error_lines(err.message);
        return cli_exit_for(err.code) == EXIT_FAILURE_RUN ? EXIT_FAILURE_RUN : EXIT_BAD_INPUT;
    }
    for (int k = 0; k < nsets; k++) {
        const char *eq = strchr(sets[k], '=');
        char key[512];
        if (!eq || (size_t)(eq - sets[k]) >= sizeof key) {
            cli_error("run: --set needs ID.KEY=VALUE, got '%s'", sets[k]);
            ec_scenario_free(sc);
            return EXIT_BAD_INPUT;
        }
        snprintf(key, sizeof key, "%.*s", (int)(eq - sets[k]), sets[k]);
        if (ec_scenario_override(sc, key, eq + 1, &err) != EC_OK) {
            cli_error("run: %s", err.message);
            ec_scenario_free(sc);
            return EXIT_BAD_INPUT;
        }
    }
    if (out_dir) ec_scenario_set_output_dir(sc, out_dir);
    if (ec_scenario_prepare(sc, &err) != EC_OK) {
        cli_error_lines(err.message);
        ec_scenario_free(sc);
        return EXIT_BAD_INPUT;
    }
    const size_t n = ec_scenario_n_steps(sc);
    /* The command-line checks of every step's files, before anything runs. */
    int bad = 0;
    for (size_t i = 0; i < n; i++) {
        ec_step *st = ec_scenario_step(sc, i);
        const char *cmd = ec_step_type_of(st)->name;
        if (cli_step_check_paths(cmd, st) != EXIT_OK) {
            cli_error("%s:%d: step %zu [%s]: fix the paths of this step; nothing was run", path, ec_scenario_line(sc, i),
                      i + 1, ec_scenario_section(sc, i));
            bad = 1;
        }
    }
    if (bad) {
        ec_scenario_free(sc);
        return EXIT_BAD_INPUT;
    }
    if (dry) {
        for (size_t i = 0; i < n; i++) print_dry(sc, i, ec_scenario_step(sc, i));
        ec_scenario_free(sc);
        return EXIT_OK;
    }
    /* The folders of every output (and the manifest), created now that everything is checked. */
    char manifest_path[2100];
    if (manifest) snprintf(manifest_path, sizeof manifest_path, "%s", manifest);
    else {
        const char *slash = strrchr(path, '/');
        if (out_dir) snprintf(manifest_path, sizeof manifest_path, "%s/results.json", out_dir);
        else if (slash) snprintf(manifest_path, sizeof manifest_path, "%.*s/results.json", (int)(slash - path), path);
        else snprintf(manifest_path, sizeof manifest_path, "results.json");
    }
    if (make_parent(manifest_path)) {
        ec_scenario_free(sc);
        return EXIT_FAILURE_RUN;
    }
    for (size_t i = 0; i < n; i++) {
        static const char *const keys[] = {"output", "replicates_out", "plot"};
        for (int k = 0; k < 3; k++) {
            char v[2100];
            if (ec_step_get(ec_scenario_step(sc, i), keys[k], v, sizeof v, NULL) == EC_OK && v[0] && make_parent(v)) {
                ec_scenario_free(sc);
                return EXIT_FAILURE_RUN;
            }
        }
    }
    int status = EXIT_OK, run_quiet = cli_quiet;
    for (size_t i = 0; i < n && status == EXIT_OK; i++) {
        ec_step *st = ec_scenario_step(sc, i);
        const char *cmd = ec_step_type_of(st)->name;
        const cli_command *c = cli_command_find(cmd);
        cli_quiet = run_quiet;
        cli_note("step %zu of %zu: [%s]", i + 1, n, ec_scenario_section(sc, i));
        fflush(stdout);
        if (ec_scenario_quiet(sc, i) >= 0) cli_quiet = ec_scenario_quiet(sc, i); /* a step's quiet is its own */
        ec_step_set_progress(st, cli_progress, NULL);
        const ec_result *r = NULL;
        cli_step_io io;
        int plot = strcmp(cmd, "plot") == 0;
        if (!plot && (status = cli_step_open(c, st, &io)) != EXIT_OK) break;
        if (ec_scenario_run_step(sc, i, &r, &err) != EC_OK) {
            int kl = ec_scenario_error_line(sc, i, err.message);
            if (kl != ec_scenario_line(sc, i)) cli_error("%s:%d: %s", path, kl, err.message); /* the key's line */
            else cli_error_lines(err.message);
            status = cli_exit_for(err.code);
            if (!plot) cli_step_abort(&io);
        } else if (plot) {
            cli_print_notes(r);
            const ec_plot_output *po = ec_result_plot(r);
            status = cli_draw(po);
            if (status == EXIT_OK && po->image[0]) ec_scenario_add_output(sc, i, po->image, NULL);
        } else {
            on_file_ctx ctx = {sc, i};
            status = cli_step_finish(c, st, r, &io, on_file, &ctx);
        }
        cli_quiet = run_quiet;
        if (status != EXIT_OK)
            cli_error("%s:%d: step %zu [%s] failed (exit status %d); later steps not run", path, ec_scenario_line(sc, i),
                      i + 1, ec_scenario_section(sc, i), status);
    }
    if (status == EXIT_OK) {
        char *text = ec_scenario_manifest(sc, &err);
        cli_outfile o;
        if (!text) {
            cli_error("%s", err.message);
            status = EXIT_FAILURE_RUN;
        } else if (cli_out_open(&o, manifest_path)) {
            status = EXIT_FAILURE_RUN;
        } else {
            fputs(text, o.fp);
            if (cli_out_commit(&o)) status = EXIT_FAILURE_RUN;
            else cli_note("wrote %s", manifest_path);
        }
        free(text);
    }
    ec_scenario_free(sc);
    return status;
}
