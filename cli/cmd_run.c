/* dup(), dup2(), fileno(), strdup(), strndup(). */
#define _XOPEN_SOURCE 700
/* cmd_run.c — `effcomp run SCENARIO.ini`: a scenario file drives the
 * commands. Each section is one step, `[command]` or `[command label]`; its
 * keys are the command's option names (the same as `--name value` and
 * `--set name=value`, so every option is available without new code), and
 * a key given twice is given twice (list options such as `where` append).
 * The special key `result` of a `plot` section is the JSON to draw.
 *
 * The whole file is read and every step is checked (command name, option
 * names and values) before the first step runs, so a typo in step 3 is
 * reported, with its FILE:LINE, before a long bootstrap in step 1 starts.
 * Steps then run in file order and the run stops at the first step that
 * fails, naming it.
 *
 * Reading. The file is read with inih, which splits `name = value` lines,
 * strips comments and calls on_value() for each key with the name of the
 * current section. Two things inih does not give us through that callback:
 *   - where a section starts: two sections with the same name look alike
 *     (INI_CALL_HANDLER_ON_NEW_SECTION is a compile-time option of the
 *     library and is off in Debian's libinih);
 *   - the line number of a key (INI_HANDLER_LINENO also changes the
 *     library's own compile-time callback type, so a program cannot turn it
 *     on against the shared library).
 * So inih reads the file through ini_parse_stream() with our own line
 * reader, read_line(). inih asks for one line, handles it completely (calls
 * on_value() for a key) and only then asks for the next, so the reader's
 * line count is the line of the key being handled. The reader also looks at
 * each raw line before inih does: a line starting with '[' starts a new
 * step (however often its name repeats), and lines inih would take in a way
 * the user does not expect are refused with FILE:LINE (see read_line()):
 * indented lines, which inih reads as more of the previous value
 * (multi-line values), and lines too long for inih's line buffer, which it
 * would silently cut in two.
 *
 * Checking. Every command parses all its options with cli_parse_options()
 * (fitcommon.c) before doing anything, and stops with status 0 at --help
 * after the options before it were parsed and checked. check_step() uses
 * this: it runs the step's command with its options followed by --help,
 * with stdout sent to /dev/null and stderr captured, so the options are
 * checked by the command's own tables and messages, and nothing else runs.
 * When that fails, the first failing prefix of the keys names the key and
 * its line. Checks a command makes after parsing (e.g. a required --data)
 * still happen only when the step runs; its failure then names the line of
 * the step's section. */
#include <fcntl.h>
#include <ini.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli_util.h"
#include "commands.h"
#include "fitcommon.h"

typedef struct key {
    char *name;
    char *value;
    int line;
} key;

typedef struct step {
    char *section;   /* as written between the brackets, trimmed, e.g. "plot contour" */
    char *command;   /* its first word */
    int line;        /* line of the [section] header */
    key *keys;       /* in file order */
    size_t nkeys;
} step;

typedef struct scenario {
    FILE *fp;
    int lineno;      /* line last handed to inih */
    step *steps;
    size_t n;
    int err_line;    /* first error found by the reader or on_value(), 0 = none */
    char error[512];
} scenario;

static void free_scenario(scenario *sc)
{
    for (size_t i = 0; i < sc->n; i++) {
        for (size_t k = 0; k < sc->steps[i].nkeys; k++) {
            free(sc->steps[i].keys[k].name);
            free(sc->steps[i].keys[k].value);
        }
        free(sc->steps[i].keys);
        free(sc->steps[i].section);
        free(sc->steps[i].command);
    }
    free(sc->steps);
    memset(sc, 0, sizeof *sc);
}

/* Records the first error only; the reader then ends the file for inih. */
static void fail_at(scenario *sc, int line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void fail_at(scenario *sc, int line, const char *fmt, ...)
{
    if (sc->err_line) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(sc->error, sizeof sc->error, fmt, ap);
    va_end(ap);
    sc->err_line = line;
}

static int is_blank(int c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

/* A `[section]` line: starts a new step. Returns 0 or -1 (error recorded). */
static int start_step(scenario *sc, const char *line)
{
    const char *close = strchr(line, ']');
    if (!close) {
        fail_at(sc, sc->lineno, "section header without ']'");
        return -1;
    }
    const char *b = line + 1, *e = close;
    while (b < e && is_blank((unsigned char)*b)) b++;
    while (e > b && is_blank((unsigned char)e[-1])) e--;
    if (b == e) {
        fail_at(sc, sc->lineno, "empty section name: write [command] or [command label]");
        return -1;
    }
    step *s = realloc(sc->steps, sizeof *s * (sc->n + 1));
    if (!s) {
        fail_at(sc, sc->lineno, "out of memory");
        return -1;
    }
    sc->steps = s;
    step *st = &sc->steps[sc->n++];
    memset(st, 0, sizeof *st);
    st->line = sc->lineno;
    st->section = strndup(b, (size_t)(e - b));
    st->command = st->section ? strndup(st->section, strcspn(st->section, " \t.")) : NULL;
    if (!st->section || !st->command) {
        fail_at(sc, sc->lineno, "out of memory");
        return -1;
    }
    return 0;
}

/* inih's line reader (fgets-like; see the comment at the top). Reads one
 * physical line, counts it, starts a step at a [section] line and refuses
 * what inih would misread. Returns NULL at the end of the file or after the
 * first error, which makes inih stop. */
static char *read_line(char *str, int num, void *stream)
{
    scenario *sc = stream;
    if (sc->err_line || num < 4) return NULL;
    int c = 0, len = 0, too_long = 0, nul = 0, any = 0;
    while ((c = getc(sc->fp)) != EOF) {
        any = 1;
        if (c == '\n') break;
        if (c == '\0') nul = 1;
        if (len < num - 2) str[len++] = (char)c;
        else too_long = 1;
    }
    if (!any) {
        if (ferror(sc->fp)) fail_at(sc, sc->lineno + 1, "read error");
        return NULL;
    }
    sc->lineno++;
    size_t content = (size_t)len;
    if (content && str[content - 1] == '\r') content--;
    str[len++] = '\n';
    str[len] = '\0';
    if (sc->lineno == 1 && strncmp(str, "\xEF\xBB\xBF", 3) == 0) { /* UTF-8 byte order mark */
        memmove(str, str + 3, (size_t)len - 2);
        content -= 3;
    }
    if (nul) {
        fail_at(sc, sc->lineno, "the line contains a NUL byte: is this a text file?");
        return NULL;
    }
    if (too_long || content > (size_t)num - 3) {
        fail_at(sc, sc->lineno, "line longer than %d characters (the limit of the INI reader): shorten it",
                num - 3);
        return NULL;
    }
    const char *p = str;
    while (is_blank((unsigned char)*p)) p++;
    if (p > str && *p && *p != ';' && *p != '#') {
        /* inih would take this line as more of the previous key's value (or, after a
         * [section], as a key while the next indented line would continue it). */
        fail_at(sc, sc->lineno,
                "indented line: remove the indentation (an indented line would continue the value of the line "
                "before; multi-line values are not supported, give a list option once per item)");
        return NULL;
    }
    if (*p == '[' && start_step(sc, p)) return NULL;
    return str;
}

/* inih callback: one name=value of the current step (the line is sc->lineno). Returns 0 (an error at
 * this line) or 1. */
static int on_value(void *user, const char *section, const char *name, const char *value)
{
    scenario *sc = user;
    (void)section; /* the step is the one read_line() started: section names may repeat */
    int line = sc->lineno;
    if (sc->n == 0) {
        fail_at(sc, line, "'%s' comes before any [command] section", name);
        return 0;
    }
    step *st = &sc->steps[sc->n - 1];
    if (!name[0]) {
        fail_at(sc, line, "a key without a name: write name = value");
        return 0;
    }
    if (strcmp(name, "help") == 0 || strcmp(name, "list-forms") == 0 || strcmp(name, "list_forms") == 0) {
        fail_at(sc, line, "step %zu [%s]: '%s' is not an option of a step; remove it (see 'effcomp %s --help')",
                sc->n, st->section, name, st->command);
        return 0;
    }
    if (strcmp(st->command, "plot") == 0 && strcmp(name, "result") == 0) {
        for (size_t k = 0; k < st->nkeys; k++)
            if (strcmp(st->keys[k].name, "result") == 0) {
                fail_at(sc, line, "step %zu [%s]: a second 'result' (line %d has one): one plot step draws one "
                        "result, start another [plot label] section for the next", sc->n, st->section, st->keys[k].line);
                return 0;
            }
    }
    key *k = realloc(st->keys, sizeof *k * (st->nkeys + 1));
    if (!k) {
        fail_at(sc, line, "out of memory");
        return 0;
    }
    st->keys = k;
    k = &st->keys[st->nkeys++];
    k->name = strdup(name);
    k->value = strdup(value);
    k->line = line;
    if (!k->name || !k->value) {
        fail_at(sc, line, "out of memory");
        return 0;
    }
    return 1;
}

static void free_argv(char **argv, int argc);

/* The command line of a step from its first `nkeys` keys: "--name", "value", ...; a plot's result
 * first; with `help`, --help at the end. Free with
 * free_argv(); NULL when out of memory. */
static char **step_args(const step *st, size_t nkeys, int help, int *argc)
{
    char **argv = calloc(2 * nkeys + 2, sizeof(char *));
    int n = 0, plot = strcmp(st->command, "plot") == 0;
    if (!argv) return NULL;
    for (size_t k = 0; plot && k < nkeys; k++)
        if (strcmp(st->keys[k].name, "result") == 0 && !(argv[n++] = strdup(st->keys[k].value))) goto oom;
    for (size_t k = 0; k < nkeys; k++) {
        const key *ky = &st->keys[k];
        if (plot && strcmp(ky->name, "result") == 0) continue;
        size_t len = strlen(ky->name);
        if (strcmp(ky->name, "quiet") == 0) { /* one argument, so that a bad value is named as such */
            size_t lv = strlen(ky->value);
            if (!(argv[n++] = malloc(len + lv + 4))) goto oom;
            snprintf(argv[n - 1], len + lv + 4, "--%s=%s", ky->name, ky->value);
            continue;
        }
        if (!(argv[n++] = malloc(len + 3))) goto oom;
        memcpy(argv[n - 1], "--", 2);
        memcpy(argv[n - 1] + 2, ky->name, len + 1);
        if (!(argv[n++] = strdup(ky->value))) goto oom;
    }
    if (help && !(argv[n++] = strdup("--help"))) goto oom;
    *argc = n;
    return argv;
oom:
    free_argv(argv, n);
    return NULL;
}

static void free_argv(char **argv, int argc)
{
    if (!argv) return;
    for (int i = 0; i < argc; i++) free(argv[i]);
    free(argv);
}

/* Runs the step's command on its first `nkeys` options followed by --help (see the top): the
 * command checks the options and stops. Its usage text goes to /dev/null and its error message,
 * without the "effcomp: error: " prefixes, into msg (when it cannot be captured it goes to
 * stderr as usual and msg is empty). Returns the command's exit status. */
static int check_options(const step *st, size_t nkeys, char *msg, size_t msglen)
{
    msg[0] = '\0';
    int argc;
    char **argv = step_args(st, nkeys, 1, &argc);
    if (!argv) {
        snprintf(msg, msglen, "out of memory");
        return EXIT_FAILURE_RUN;
    }
    fflush(stdout);
    fflush(stderr);
    /* A closed stdout (effcomp run ... >&-) would let dup() hand out descriptor 1 below: put
     * /dev/null there first, and keep the saved descriptors above 2. */
    if (fcntl(STDOUT_FILENO, F_GETFD) == -1) {
        int nul = open("/dev/null", O_WRONLY);
        if (nul >= 0 && nul != STDOUT_FILENO) {
            dup2(nul, STDOUT_FILENO);
            close(nul);
        }
    }
    int saved_out = fcntl(STDOUT_FILENO, F_DUPFD, 3), saved_err = fcntl(STDERR_FILENO, F_DUPFD, 3);
    int devnull = open("/dev/null", O_WRONLY);
    FILE *cap = tmpfile();
    int redirected = saved_out >= 0 && saved_err >= 0 && devnull >= 0 && cap &&
                     dup2(devnull, STDOUT_FILENO) >= 0;
    int captured = redirected && dup2(fileno(cap), STDERR_FILENO) >= 0;
    if (devnull >= 0) close(devnull);

    int found, quiet = cli_quiet;
    int status = cli_dispatch(st->command, argc, argv, &found);
    cli_quiet = quiet; /* a step's --quiet is its own */

    fflush(stdout);
    fflush(stderr);
    if (redirected) dup2(saved_out, STDOUT_FILENO);
    if (captured) dup2(saved_err, STDERR_FILENO);
    if (saved_out >= 0) close(saved_out);
    if (saved_err >= 0) close(saved_err);
    if (captured) {
        char line[1024];
        size_t used = 0;
        rewind(cap);
        while (fgets(line, sizeof line, cap) && used + 1 < msglen) {
            line[strcspn(line, "\n")] = '\0';
            const char *text = line;
            if (strncmp(text, "effcomp: error: ", 16) == 0) text += 16;
            else if (strncmp(text, "effcomp: ", 9) == 0) text += 9;
            if (!*text) continue;
            used += (size_t)snprintf(msg + used, msglen - used, "%s%s", used ? "; " : "", text);
        }
        if (used >= msglen) used = msglen - 1;
    }
    if (cap) fclose(cap);
    free_argv(argv, argc);
    return status;
}

/* Checks step i before anything runs: the command, and each option by the command's own parser.
 * Prints "FILE:LINE: step I [section]: what is wrong" and returns -1 when the step is bad. */
static int check_step(const char *path, size_t i, const step *st)
{
    if (strcmp(st->command, "run") == 0) {
        cli_error("%s:%d: step %zu [%s]: a scenario cannot run another scenario; nothing was run", path, st->line,
                  i + 1, st->section);
        return -1;
    }
    if (!cli_command_exists(st->command)) {
        cli_error("%s:%d: step %zu [%s]: unknown command '%s' (see 'effcomp --help'); nothing was run", path,
                  st->line, i + 1, st->section, st->command);
        return -1;
    }
    if (strcmp(st->command, "plot") == 0) {
        int has_result = 0;
        for (size_t k = 0; k < st->nkeys; k++) has_result |= strcmp(st->keys[k].name, "result") == 0;
        if (!has_result) {
            cli_error("%s:%d: step %zu [%s]: a plot step needs 'result = FILE.json', the result to draw; "
                      "nothing was run", path, st->line, i + 1, st->section);
            return -1;
        }
    }
    char msg[1024];
    if (check_options(st, st->nkeys, msg, sizeof msg) == EXIT_OK) return 0;
    /* The options are parsed in order: the shortest failing prefix ends with the bad key. */
    size_t bad = st->nkeys;
    for (size_t k = 1; k < st->nkeys; k++)
        if (check_options(st, k, msg, sizeof msg) != EXIT_OK) {
            bad = k;
            break;
        }
    if (bad == st->nkeys) check_options(st, bad, msg, sizeof msg); /* msg of the whole step again */
    int line = bad ? st->keys[bad - 1].line : st->line;
    cli_error("%s:%d: step %zu [%s]: %s; fix this line, nothing was run", path, line, i + 1, st->section,
              msg[0] ? msg : "bad option (see the message above)");
    return -1;
}

void cmd_run_usage(FILE *out)
{
    fputs("usage: effcomp run SCENARIO.ini [--dry-run] [-q]\n"
          "\n"
          "Runs the steps of a scenario file in order. Each section is one step:\n"
          "[command] or [command label] (labels tell apart two steps of one command; a\n"
          "repeated section name is another step); its keys are that command's option\n"
          "names, exactly as for --name value, so any option can be set. Give a list\n"
          "option (where, fix, bound, tie, at) once per item. A plot section takes\n"
          "`result = FILE.json`. Lines starting with ; or # are comments. Lines must not\n"
          "be indented (no multi-line values). Every step's command and options are\n"
          "checked before the first step runs; the run stops at the first step that\n"
          "fails and names it.\n"
          "\nOptions:\n"
          "  --dry-run   check the file and print the command line of each step instead\n"
          "              of running it\n"
          "  -q, --quiet no notes on stderr from run, and quiet the default of every step\n"
          "              (--quiet=0|1|yes|no|...; a step's own quiet key wins)\n"
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
        } else if (strcmp(argv[i], "-q") == 0 || strcmp(argv[i], "--quiet") == 0) {
            cli_quiet = 1; /* no notes from run, and the steps' default */
        } else if (strncmp(argv[i], "--quiet=", 8) == 0) {
            ec_error e;
            if (cli_set_quiet(argv[i] + 8, &e) != EC_OK) {
                cli_error("run: %s (see 'effcomp run --help')", e.message);
                return EXIT_BAD_INPUT;
            }
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
    sc.fp = fopen(path, "rb");
    if (!sc.fp) {
        cli_error("cannot open '%s': check the path", path);
        return EXIT_BAD_INPUT;
    }
    int line = ini_parse_stream(read_line, &sc, on_value, &sc);
    fclose(sc.fp);
    sc.fp = NULL;
    if (line == -2) {
        cli_error("out of memory");
        free_scenario(&sc);
        return EXIT_FAILURE_RUN;
    }
    if (sc.err_line || line > 0) {
        /* The first error: ours (reader or on_value) or a line inih could not read. */
        if (sc.err_line && (line <= 0 || sc.err_line <= line))
            cli_error("%s:%d: %s", path, sc.err_line, sc.error);
        else
            cli_error("%s:%d: not a name = value line or a [section]", path, line);
        free_scenario(&sc);
        return EXIT_BAD_INPUT;
    }
    if (sc.n == 0) {
        cli_error("%s: no steps (no [command] section)", path);
        free_scenario(&sc);
        return EXIT_BAD_INPUT;
    }
    /* Check every step before running anything; report each bad step. */
    int bad = 0;
    for (size_t i = 0; i < sc.n; i++) bad |= check_step(path, i, &sc.steps[i]) != 0;
    if (bad) {
        free_scenario(&sc);
        return EXIT_BAD_INPUT;
    }
    int status = EXIT_OK;
    for (size_t i = 0; i < sc.n && status == EXIT_OK; i++) {
        step *st = &sc.steps[i];
        int sargc;
        char **sargv = step_args(st, st->nkeys, 0, &sargc);
        if (!sargv) {
            cli_error("out of memory");
            status = EXIT_FAILURE_RUN;
            break;
        }
        if (dry) {
            printf("effcomp %s", st->command);
            for (int k = 0; k < sargc; k++) printf(" '%s'", sargv[k]);
            printf("\n");
            free_argv(sargv, sargc);
            continue;
        }
        cli_note("step %zu of %zu: [%s]", i + 1, sc.n, st->section);
        fflush(stdout);
        int found, quiet = cli_quiet;
        status = cli_dispatch(st->command, sargc, sargv, &found);
        cli_quiet = quiet; /* a step's --quiet is its own */
        free_argv(sargv, sargc);
        if (status != EXIT_OK) {
            cli_error("%s:%d: step %zu [%s] failed (exit status %d); later steps not run", path, st->line, i + 1,
                      st->section, status);
        }
    }
    free_scenario(&sc);
    return status;
}
