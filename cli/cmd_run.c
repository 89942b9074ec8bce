/* cmd_run.c — `effcomp run SCENARIO.ini`: a scenario file drives the
 * commands. Each section is one step, `[command]` or `[command label]`; its
 * keys are the command's option names (the same as `--name value` and
 * `--set name=value`, so every option is available without new code), and
 * a key given twice is given twice (list options such as `where` append).
 * The special key `result` of a `plot` section is the JSON to draw. Steps
 * run in file order and the run stops at the first step that fails, naming
 * it. The file is read with inih. */
#include <ini.h>
#include <stdlib.h>
#include <string.h>

#include "cli_util.h"
#include "commands.h"

typedef struct step {
    char *section;   /* as written, e.g. "plot contour" */
    char *command;   /* its first word */
    int argc;
    char **argv;     /* "--name", "value", ... (plot: the result first) */
} step;

typedef struct scenario {
    step *steps;
    size_t n;
    char error[512];
} scenario;

static void free_scenario(scenario *sc)
{
    for (size_t i = 0; i < sc->n; i++) {
        for (int k = 0; k < sc->steps[i].argc; k++) free(sc->steps[i].argv[k]);
        free(sc->steps[i].argv);
        free(sc->steps[i].section);
        free(sc->steps[i].command);
    }
    free(sc->steps);
    memset(sc, 0, sizeof *sc);
}

static int push_arg(step *st, const char *text, int front)
{
    char **a = realloc(st->argv, sizeof(char *) * (size_t)(st->argc + 1));
    char *dup = strdup(text);
    if (!a || !dup) {
        if (a) st->argv = a;
        free(dup);
        return -1;
    }
    st->argv = a;
    if (front) {
        memmove(st->argv + 1, st->argv, sizeof(char *) * (size_t)st->argc);
        st->argv[0] = dup;
    } else {
        st->argv[st->argc] = dup;
    }
    st->argc++;
    return 0;
}

/* inih callback: one name=value of one section. Returns 0 (an error at this line) or 1. */
static int on_value(void *user, const char *section, const char *name, const char *value)
{
    scenario *sc = user;
    if (!section[0]) {
        snprintf(sc->error, sizeof sc->error, "'%s' comes before any [command] section", name);
        return 0;
    }
    step *st = sc->n ? &sc->steps[sc->n - 1] : NULL;
    if (!st || strcmp(st->section, section) != 0) {
        step *s = realloc(sc->steps, sizeof *s * (sc->n + 1));
        if (!s) {
            snprintf(sc->error, sizeof sc->error, "out of memory");
            return 0;
        }
        sc->steps = s;
        st = &sc->steps[sc->n++];
        memset(st, 0, sizeof *st);
        st->section = strdup(section);
        size_t len = strcspn(section, " \t.");
        st->command = strndup(section, len);
        if (!st->section || !st->command) {
            snprintf(sc->error, sizeof sc->error, "out of memory");
            return 0;
        }
        if (strcmp(st->command, "run") == 0) {
            snprintf(sc->error, sizeof sc->error, "[%s]: a scenario cannot run another scenario", section);
            return 0;
        }
    }
    if (strcmp(st->command, "plot") == 0 && strcmp(name, "result") == 0) {
        if (push_arg(st, value, 1)) goto oom;
        return 1;
    }
    if (strcmp(name, "quiet") == 0) { /* a flag on the command line */
        if (strcmp(value, "1") == 0 || strcmp(value, "true") == 0 || strcmp(value, "yes") == 0) {
            if (push_arg(st, "--quiet", 0)) goto oom;
        } else if (strcmp(value, "0") && strcmp(value, "false") && strcmp(value, "no")) {
            snprintf(sc->error, sizeof sc->error, "[%s]: quiet = %s: use 1 or 0", section, value);
            return 0;
        }
        return 1;
    }
    char flag[300];
    snprintf(flag, sizeof flag, "--%s", name);
    if (push_arg(st, flag, 0) || push_arg(st, value, 0)) goto oom;
    return 1;
oom:
    snprintf(sc->error, sizeof sc->error, "out of memory");
    return 0;
}

void cmd_run_usage(FILE *out)
{
    fputs("usage: effcomp run SCENARIO.ini [--dry-run]\n"
          "\n"
          "Runs the steps of a scenario file in order. Each section is one step:\n"
          "[command] or [command label] (labels tell apart two steps of one command); its\n"
          "keys are that command's option names, exactly as for --name value, so any\n"
          "option can be set. Give a list option (where, fix, bound, tie, at) once per\n"
          "item. A plot section takes `result = FILE.json`. Lines starting with ; or #\n"
          "are comments. The run stops at the first step that fails and names it.\n"
          "\nOptions:\n"
          "  --dry-run   print the command line of each step instead of running it\n"
          "\nExample: params/examples/chinchilla.ini (what `make demo` runs).\n", out);
}

int cmd_run(int argc, char **argv)
{
    const char *path = NULL;
    int dry = 0;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            cmd_run_usage(stdout);
            return EXIT_OK;
        } else if (strcmp(argv[i], "--dry-run") == 0) {
            dry = 1;
        } else if (argv[i][0] == '-' || path) {
            cli_error("run: unexpected argument '%s' (see 'effcomp run --help')", argv[i]);
            return EXIT_BAD_INPUT;
        } else {
            path = argv[i];
        }
    }
    if (!path) {
        cli_error("run: give the scenario file (see 'effcomp run --help')");
        return EXIT_BAD_INPUT;
    }
    scenario sc;
    memset(&sc, 0, sizeof sc);
    int line = ini_parse(path, on_value, &sc);
    if (line != 0) {
        if (line == -1) cli_error("cannot open '%s': check the path", path);
        else if (line == -2) cli_error("out of memory");
        else cli_error("%s:%d: %s", path, line, sc.error[0] ? sc.error : "not a name = value line or a [section]");
        free_scenario(&sc);
        return EXIT_BAD_INPUT;
    }
    if (sc.n == 0) {
        cli_error("%s: no steps (no [command] section with options)", path);
        free_scenario(&sc);
        return EXIT_BAD_INPUT;
    }
    /* Check every command name before running anything. */
    for (size_t i = 0; i < sc.n; i++)
        if (!cli_command_exists(sc.steps[i].command) || strcmp(sc.steps[i].command, "run") == 0) {
            cli_error("%s: [%s]: unknown command '%s' (see 'effcomp --help')", path, sc.steps[i].section,
                      sc.steps[i].command);
            free_scenario(&sc);
            return EXIT_BAD_INPUT;
        }
    int status = EXIT_OK;
    for (size_t i = 0; i < sc.n && status == EXIT_OK; i++) {
        step *st = &sc.steps[i];
        if (dry) {
            printf("effcomp %s", st->command);
            for (int k = 0; k < st->argc; k++) printf(" '%s'", st->argv[k]);
            printf("\n");
            continue;
        }
        cli_note("step %zu of %zu: [%s]", i + 1, sc.n, st->section);
        fflush(stdout);
        int found, quiet = cli_quiet;
        status = cli_dispatch(st->command, st->argc, st->argv, &found);
        cli_quiet = quiet; /* a step's --quiet is its own */
        if (status != EXIT_OK) {
            cli_error("%s: step %zu [%s] failed (exit status %d); later steps not run", path, i + 1, st->section,
                      status);
        }
    }
    free_scenario(&sc);
    return status;
}
