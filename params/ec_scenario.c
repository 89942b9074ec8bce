/*
 * ec_scenario.c — scenario files read, checked and run in memory (see
 * ec_scenario.h).
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
 * the user does not expect are refused with FILE:LINE: indented lines,
 * which inih reads as more of the previous value (multi-line values), and
 * lines too long for inih's line buffer, which it would silently cut in two.
 *
 * Checking. Each key is set on its step as it is read (the option's own
 * validation); a single-valued key given twice is refused with both lines.
 * ec_scenario_prepare() then rebases the paths, resolves references and
 * runs every step's own check, so that a typo in step 3 is reported, with
 * its FILE:LINE, before a long bootstrap in step 1 starts.
 *
 * Running. Steps run in file order, in this process: a reference is the
 * earlier result itself, and an input file that an earlier step writes is
 * taken from that step in memory (a scenario never reads its own outputs).
 */
#define _XOPEN_SOURCE 700 /* realpath, strdup, strndup */
#include "ec_scenario.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <errno.h>
#include <ini.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "ec_csv.h"
#include "ec_dataset.h"
#include "ec_step_impl.h"
#include "ec_text.h"
#include "ec_version.h"

typedef struct sc_key {
    char *name;
    char *value;
    int line;
} sc_key;

typedef struct sc_step {
    char *section;   /* as written between the brackets, trimmed, e.g. "plot contour" */
    char *command;   /* its first word */
    char *id;        /* its label, or the command */
    int line;        /* line of the [section] header */
    sc_key *keys;    /* in file order */
    size_t nkeys;
    sc_key *over;    /* --set overrides, applied after the file's keys */
    size_t nover;
    int quiet;       /* -1: not given */
    size_t bind_from[EC_STEP_MAX_INPUTS]; /* per input of the type: the earlier step it takes (SIZE_MAX: none) */
    ec_step *step;
    ec_result *result;
    const ec_result *shared; /* another scenario's result (ec_scenario_share_result): not run, not freed */
    int borrowed;            /* step, strings and result another scenario's (ec_scenario_copy_sharing): read only */
    int ready;               /* a clone of a prepared step (ec_scenario_copy_prepared): paths rebased and inputs
                              * resolved there; prepare checks it again, no more */
    char *inputs_checked;    /* inputs_key() of the inputs check_inputs() found good, or NULL */
    int inputs_as_checked;   /* a clone whose inputs are those its prepared step's check_inputs() found good (no
                              * override since reached them): not even their key made again */
    char **outputs;
    size_t n_outputs;
} sc_step;

struct ec_scenario {
    char *path;
    char *dir;       /* the scenario file's folder */
    char *out_dir;   /* "" = dir */
    char sha256[65];
    int has_seed;
    unsigned long long seed;
    int seed_line;
    sc_step *steps;
    size_t n;
    ec_input_cache *cache; /* given to every step made (ec_scenario_set_input_cache); not owned */
    /* reading */
    FILE *fp;
    int lineno;
    int err_line;
    int in_scenario_section;
    int in_sweep_section;
    int sweep_line;  /* the [sweep] header's line (0: none) */
    sc_key *sweep;   /* its keys, in file order (for 'effcomp sweep'; no step reads them) */
    size_t n_sweep;
    char error[1024];
};

static char *dup_str(const char *s)
{
    return strdup(s ? s : "");
}

/* keys[0..n) and the array. */
static void free_keys(sc_key *keys, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        free(keys[k].name);
        free(keys[k].value);
    }
    free(keys);
}

static void free_step(sc_step *s)
{
    if (s->borrowed) return;
    free_keys(s->keys, s->nkeys);
    free_keys(s->over, s->nover);
    for (size_t k = 0; k < s->n_outputs; k++) free(s->outputs[k]);
    free(s->outputs);
    free(s->section);
    free(s->command);
    free(s->id);
    free(s->inputs_checked);
    ec_step_free(s->step);
    ec_result_free(s->result);
}

void ec_scenario_free(ec_scenario *sc)
{
    if (!sc) return;
    for (size_t i = 0; i < sc->n; i++) free_step(&sc->steps[i]);
    free(sc->steps);
    free_keys(sc->sweep, sc->n_sweep);
    free(sc->path);
    free(sc->dir);
    free(sc->out_dir);
    free(sc);
}

/* ---------------------------------------------------------------- reading */

/* Records the first error only; the reader then ends the file for inih. */
static void fail_at(ec_scenario *sc, int line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void fail_at(ec_scenario *sc, int line, const char *fmt, ...)
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

/* A `[section]` line: starts a new step (or the [scenario] section). Returns 0 or -1 (error recorded). */
static int start_step(ec_scenario *sc, const char *line)
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
    if ((size_t)(e - b) == 8 && strncmp(b, "scenario", 8) == 0) {
        if (sc->n > 0) {
            fail_at(sc, sc->lineno, "[scenario] must come before the first step");
            return -1;
        }
        sc->in_scenario_section = 1;
        sc->in_sweep_section = 0;
        return 0;
    }
    sc->in_scenario_section = 0;
    if ((size_t)(e - b) == 5 && strncmp(b, "sweep", 5) == 0) { /* what 'effcomp sweep' varies and records */
        if (sc->sweep_line) {
            fail_at(sc, sc->lineno, "[sweep] is given twice (line %d and line %d); give one", sc->sweep_line,
                    sc->lineno);
            return -1;
        }
        sc->in_sweep_section = 1;
        sc->sweep_line = sc->lineno;
        return 0;
    }
    sc->in_sweep_section = 0;
    sc_step *s = realloc(sc->steps, sizeof *s * (sc->n + 1));
    if (!s) {
        fail_at(sc, sc->lineno, "out of memory");
        return -1;
    }
    sc->steps = s;
    sc_step *st = &sc->steps[sc->n++];
    memset(st, 0, sizeof *st);
    st->quiet = -1;
    for (int k = 0; k < EC_STEP_MAX_INPUTS; k++) st->bind_from[k] = SIZE_MAX;
    st->line = sc->lineno;
    st->section = strndup(b, (size_t)(e - b));
    st->command = st->section ? strndup(st->section, strcspn(st->section, " \t.")) : NULL;
    if (st->section) {
        const char *lab = st->section + strcspn(st->section, " \t");
        while (*lab == ' ' || *lab == '\t') lab++;
        st->id = strdup(*lab ? lab : st->command ? st->command : "");
    }
    if (!st->section || !st->command || !st->id) {
        fail_at(sc, sc->lineno, "out of memory");
        return -1;
    }
    return 0;
}

/* inih's line reader (fgets-like; see the top). */
static char *read_line(char *str, int num, void *stream)
{
    ec_scenario *sc = stream;
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
        if (ferror(sc->fp)) fail_at(sc, sc->lineno + 1, "read error: %s", strerror(errno));
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
        fail_at(sc, sc->lineno, "line longer than %d characters (the limit of the INI reader): shorten it", num - 3);
        return NULL;
    }
    const char *p = str;
    while (is_blank((unsigned char)*p)) p++;
    if (p > str && *p && *p != ';' && *p != '#') {
        fail_at(sc, sc->lineno,
                "indented line: remove the indentation (an indented line would continue the value of the line "
                "before; multi-line values are not supported, give a list option once per item)");
        return NULL;
    }
    if (*p == '[' && start_step(sc, p)) return NULL;
    return str;
}

static int parse_quiet(const char *v);

/* Appends name = value (line) to keys[0..*n): 1, or 0 with the error recorded (out of memory). */
static int add_key(ec_scenario *sc, sc_key **keys, size_t *n, int line, const char *name, const char *value)
{
    sc_key *k = realloc(*keys, sizeof *k * (*n + 1));
    if (!k) {
        fail_at(sc, line, "out of memory");
        return 0;
    }
    *keys = k;
    k = &k[(*n)++];
    k->name = strdup(name);
    k->value = strdup(value);
    k->line = line;
    if (!k->name || !k->value) {
        fail_at(sc, line, "out of memory");
        return 0;
    }
    return 1;
}

/* The keys of [sweep]: 'effcomp sweep's options without their dashes (lists one item per line). */
static const char *const sweep_lists[] = {"vary", "record", "set", "param", NULL};
static const char *const sweep_singles[] = {"design", "samples", "levels", "second_order", "baseline", "same_seed",
                                            NULL};

/* One name=value of [sweep]: a known key, a single one once, a switch 0 or 1 (kept as "0" or "1"; the rest as
 * written). */
static int sweep_value(ec_scenario *sc, int line, const char *name, const char *value)
{
    int list = 0, single = 0;
    for (int k = 0; sweep_lists[k]; k++) list |= strcmp(name, sweep_lists[k]) == 0;
    for (int k = 0; sweep_singles[k]; k++) single |= strcmp(name, sweep_singles[k]) == 0;
    if (!list && !single) {
        fail_at(sc, line,
                "[sweep]: unknown key '%s' (the section takes vary, record, set and param, one item per line, and "
                "design, samples, levels, second_order, baseline and same_seed: 'effcomp sweep's options without "
                "their dashes)",
                name);
        return 0;
    }
    if (!value[0]) {
        fail_at(sc, line, "[sweep]: '%s' has no value", name);
        return 0;
    }
    for (size_t k = 0; single && k < sc->n_sweep; k++)
        if (strcmp(sc->sweep[k].name, name) == 0) {
            fail_at(sc, line, "[sweep]: '%s' is given twice (line %d and line %d); give it once", name,
                    sc->sweep[k].line, line);
            return 0;
        }
    if (strcmp(name, "second_order") == 0 || strcmp(name, "same_seed") == 0) { /* kept as "1" or "0" */
        const int on = parse_quiet(value);
        if (on < 0) {
            fail_at(sc, line, "[sweep]: %s '%s': write 1 or 0 (or true/false, yes/no, on/off)", name, value);
            return 0;
        }
        value = on ? "1" : "0";
    }
    return add_key(sc, &sc->sweep, &sc->n_sweep, line, name, value);
}

size_t ec_scenario_sweep_n(const ec_scenario *sc) { return sc ? sc->n_sweep : 0; }

const char *ec_scenario_sweep_entry(const ec_scenario *sc, size_t k, const char **value, int *line)
{
    if (!sc || k >= sc->n_sweep) return NULL;
    if (value) *value = sc->sweep[k].value;
    if (line) *line = sc->sweep[k].line;
    return sc->sweep[k].name;
}

/* inih callback: one name=value of the current step (the line is sc->lineno). */
static int on_value(void *user, const char *section, const char *name, const char *value)
{
    ec_scenario *sc = user;
    (void)section; /* the step is the one read_line() started: section names may repeat */
    int line = sc->lineno;
    if (!name[0]) {
        fail_at(sc, line, "a key without a name: write name = value");
        return 0;
    }
    if (sc->in_scenario_section) {
        if (strcmp(name, "seed") != 0) {
            fail_at(sc, line, "[scenario]: unknown key '%s' (the section takes: seed)", name);
            return 0;
        }
        char *end;
        errno = 0;
        unsigned long long v = strtoull(value, &end, 10);
        if (errno || end == value || *end || value[0] == '-') {
            fail_at(sc, line, "[scenario]: seed '%s' is not a non-negative integer", value);
            return 0;
        }
        if (sc->has_seed) {
            fail_at(sc, line, "[scenario]: 'seed' is given twice (line %d and line %d); give it once", sc->seed_line, line);
            return 0;
        }
        sc->has_seed = 1;
        sc->seed = v;
        sc->seed_line = line;
        return 1;
    }
    if (sc->in_sweep_section) return sweep_value(sc, line, name, value);
    if (sc->n == 0) {
        fail_at(sc, line, "'%s' comes before any [command] section", name);
        return 0;
    }
    sc_step *st = &sc->steps[sc->n - 1];
    if (strcmp(name, "help") == 0 || strcmp(name, "list-forms") == 0 || strcmp(name, "list_forms") == 0) {
        fail_at(sc, line, "step %zu [%s]: '%s' is not an option of a step; remove it (see 'effcomp %s --help')", sc->n,
                st->section, name, st->command);
        return 0;
    }
    if (strcmp(st->command, "plot") == 0 && strcmp(name, "result") == 0) {
        for (size_t k = 0; k < st->nkeys; k++)
            if (strcmp(st->keys[k].name, "result") == 0) {
                fail_at(sc, line,
                        "step %zu [%s]: a second 'result' (line %d has one): one plot step draws one result, start "
                        "another [plot label] section for the next",
                        sc->n, st->section, st->keys[k].line);
                return 0;
            }
    }
    return add_key(sc, &st->keys, &st->nkeys, line, name, value);
}

/* 0/1 and the usual words for them (the option quiet). */
static int parse_quiet(const char *v)
{
    static const char *const on[] = {"1", "true", "yes", "on", NULL}, *const off[] = {"0", "false", "no", "off", NULL};
    for (int k = 0; on[k]; k++) {
        if (strcasecmp(v, on[k]) == 0) return 1;
        if (strcasecmp(v, off[k]) == 0) return 0;
    }
    return -1;
}

/* Sets the keys of step i on its new step object; the first bad key is an error at its line. */
static int make_step(ec_scenario *sc, size_t i, ec_error *err)
{
    sc_step *st = &sc->steps[i];
    if (strcmp(st->command, "run") == 0)
        return ec_error_set(err, EC_EINVAL, "%s:%d: step %zu [%s]: a scenario cannot run another scenario; nothing was run",
                            sc->path, st->line, i + 1, st->section);
    const ec_step_type *t = ec_step_type_find(st->command);
    if (!t)
        return ec_error_set(err, EC_EINVAL, "%s:%d: step %zu [%s]: unknown command '%s' (see 'effcomp --help'); nothing was run",
                            sc->path, st->line, i + 1, st->section, st->command);
    st->step = ec_step_new_of(t, err);
    if (!st->step) return EC_ENOMEM;
    ec_step_set_input_cache(st->step, sc->cache);
    /* The scenario's seed is every step's default; the step's own key wins. */
    if (sc->has_seed && ec_step_find_option(st->step, "seed", NULL)) {
        char buf[32];
        snprintf(buf, sizeof buf, "%llu", sc->seed);
        ec_step_set(st->step, "seed", buf, NULL);
    }
    int has_result = strcmp(st->command, "plot") != 0;
    for (size_t k = 0; k < st->nkeys; k++) {
        const sc_key *ky = &st->keys[k];
        if (strcmp(ky->name, "quiet") == 0) {
            int q = parse_quiet(ky->value);
            if (q < 0)
                return ec_error_set(err, EC_EINVAL,
                                    "%s:%d: step %zu [%s]: option 'quiet': '%s' is not 0 or 1 (or yes/no, true/false, "
                                    "on/off); fix this line, nothing was run",
                                    sc->path, ky->line, i + 1, st->section, ky->value);
            st->quiet = q;
            continue;
        }
        has_result |= strcmp(ky->name, "result") == 0;
        const ec_option_desc *d = ec_step_find_option(st->step, ky->name, NULL);
        if (d && d->type != EC_OPT_LIST)
            for (size_t j = 0; j < k; j++)
                if (ec_step_find_option(st->step, st->keys[j].name, NULL) == d)
                    return ec_error_set(err, EC_EINVAL,
                                        "%s:%d: step %zu [%s]: '%s' is given twice (line %d and line %d); give it once "
                                        "(only list options take several lines); nothing was run",
                                        sc->path, ky->line, i + 1, st->section, ky->name, st->keys[j].line, ky->line);
        ec_error e;
        if (ec_step_set(st->step, ky->name, ky->value, &e) != EC_OK)
            return ec_error_set(err, e.code, "%s:%d: step %zu [%s]: %s; fix this line, nothing was run", sc->path, ky->line,
                                i + 1, st->section, e.message);
    }
    if (!has_result)
        return ec_error_set(err, EC_EINVAL,
                            "%s:%d: step %zu [%s]: a plot step needs 'result = FILE.json', the result to draw; nothing "
                            "was run",
                            sc->path, st->line, i + 1, st->section);
    return EC_OK;
}

/* Appends a message line to err (several bad steps are all reported). */
static void append_error(ec_error *all, const ec_error *one, int *first)
{
    if (*first) {
        *all = *one;
        *first = 0;
        return;
    }
    size_t used = strlen(all->message);
    snprintf(all->message + used, sizeof all->message - used, "\n%s", one->message);
}

int ec_scenario_load(const char *path, ec_scenario **out, ec_error *err)
{
    *out = NULL;
    ec_scenario *sc = calloc(1, sizeof *sc);
    if (!sc) return ec_error_set(err, EC_ENOMEM, "out of memory");
    sc->path = dup_str(path);
    char dir[PATH_MAX];
    const char *slash = strrchr(path, '/');
    snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash == path ? 1 : slash - path) : 1, slash ? path : ".");
    sc->dir = dup_str(dir);
    sc->out_dir = dup_str("");
    if (!sc->path || !sc->dir || !sc->out_dir) {
        ec_scenario_free(sc);
        return ec_error_set(err, EC_ENOMEM, "out of memory");
    }
    struct stat stt;
    if (stat(path, &stt) == 0 && S_ISDIR(stt.st_mode)) {
        ec_scenario_free(sc);
        return ec_error_set(err, EC_EIO, "'%s' is a folder: give the scenario file (.ini)", path);
    }
    sc->fp = fopen(path, "rb");
    if (!sc->fp) {
        ec_scenario_free(sc);
        return ec_error_set(err, EC_EIO, "cannot open '%s': check the path", path);
    }
    int line = ini_parse_stream(read_line, sc, on_value, sc);
    fclose(sc->fp);
    sc->fp = NULL;
    if (line == -2) {
        ec_scenario_free(sc);
        return ec_error_set(err, EC_ENOMEM, "out of memory");
    }
    if (sc->err_line || line > 0) {
        /* The first error: ours (reader or on_value) or a line inih could not read. */
        if (sc->err_line && (line <= 0 || sc->err_line <= line))
            ec_error_set(err, EC_EINVAL, "%s:%d: %s", path, sc->err_line, sc->error);
        else
            ec_error_set(err, EC_EINVAL, "%s:%d: not a name = value line or a [section]", path, line);
        ec_scenario_free(sc);
        return EC_EINVAL;
    }
    if (sc->n == 0) {
        ec_scenario_free(sc);
        return ec_error_set(err, EC_EINVAL, "%s: no steps (no [command] section)", path);
    }
    if (ec_file_sha256(path, sc->sha256, err) != EC_OK) {
        ec_scenario_free(sc);
        return EC_EIO;
    }
    /* Every step is made, and every bad one reported, before anything else. */
    int first = 1;
    for (size_t i = 0; i < sc->n; i++) {
        ec_error e;
        if (make_step(sc, i, &e) != EC_OK) append_error(err, &e, &first);
    }
    if (!first) {
        ec_scenario_free(sc);
        return EC_EINVAL;
    }
    *out = sc;
    return EC_OK;
}

ec_scenario *ec_scenario_copy(const ec_scenario *src, ec_error *err)
{
    return ec_scenario_copy_sharing(src, NULL, NULL, err);
}

/* Step i made again from its keys (the file's, then the overrides), as ec_scenario_load and ec_scenario_override
 * made it: no file is read. */
static int remake_step(ec_scenario *sc, size_t i, ec_error *err)
{
    sc_step *t = &sc->steps[i];
    ec_step_free(t->step);
    t->step = NULL;
    t->ready = 0;
    t->inputs_as_checked = 0;
    for (int k = 0; k < EC_STEP_MAX_INPUTS; k++) t->bind_from[k] = SIZE_MAX;
    int rc = make_step(sc, i, err);
    for (size_t k = 0; !rc && k < t->nover; k++) {
        const ec_option_desc *d = ec_step_find_option(t->step, t->over[k].name, NULL);
        if (d && d->type == EC_OPT_LIST) ec_step_set(t->step, t->over[k].name, "", NULL);
        rc = ec_step_set(t->step, t->over[k].name, t->over[k].value, err);
    }
    return rc;
}

/* ec_scenario_copy_sharing, and with clone set ec_scenario_copy_prepared (src is then `prepared`). */
static ec_scenario *copy_impl(const ec_scenario *src, const ec_scenario *prepared, const unsigned char *reuse,
                              int clone, ec_error *err)
{
    if (prepared && prepared->n != src->n) {
        ec_error_set(err, EC_EINVAL, "a scenario shares steps only with a copy of itself");
        return NULL;
    }
    ec_scenario *sc = calloc(1, sizeof *sc);
    if (!sc) {
        ec_error_set(err, EC_ENOMEM, "out of memory");
        return NULL;
    }
    sc->path = dup_str(src->path);
    sc->dir = dup_str(src->dir);
    sc->out_dir = dup_str(src->out_dir);
    memcpy(sc->sha256, src->sha256, sizeof sc->sha256);
    sc->has_seed = src->has_seed;
    sc->seed = src->seed;
    sc->seed_line = src->seed_line;
    sc->cache = src->cache;
    sc->steps = calloc(src->n ? src->n : 1, sizeof *sc->steps);
    int oom = !sc->path || !sc->dir || !sc->out_dir || !sc->steps;
    for (size_t i = 0; !oom && i < src->n; i++, sc->n++) {
        sc_step *t = &sc->steps[i];
        if (prepared && reuse && reuse[i]) { /* the prepared step itself, and its result */
            const sc_step *f = &prepared->steps[i];
            *t = *f;
            t->result = NULL;
            t->shared = f->shared ? f->shared : f->result;
            t->outputs = NULL;
            t->n_outputs = 0;
            t->borrowed = 1;
            continue;
        }
        const sc_step *f = &src->steps[i];
        t->quiet = f->quiet;
        t->line = f->line;
        for (int k = 0; k < EC_STEP_MAX_INPUTS; k++) t->bind_from[k] = clone ? f->bind_from[k] : SIZE_MAX;
        t->section = dup_str(f->section);
        t->command = dup_str(f->command);
        t->id = dup_str(f->id);
        /* inputs the scenario copied from has checked need not be read again (a sweep's cells) */
        const sc_step *ck = prepared ? &prepared->steps[i] : f;
        t->inputs_checked = ck->inputs_checked ? dup_str(ck->inputs_checked) : NULL;
        t->keys = calloc(f->nkeys ? f->nkeys : 1, sizeof *t->keys);
        t->over = calloc(f->nover ? f->nover : 1, sizeof *t->over);
        oom = !t->section || !t->command || !t->id || !t->keys || !t->over;
        for (size_t k = 0; !oom && k < f->nkeys; k++, t->nkeys++) {
            t->keys[k] = (sc_key){dup_str(f->keys[k].name), dup_str(f->keys[k].value), f->keys[k].line};
            oom = !t->keys[k].name || !t->keys[k].value;
        }
        for (size_t k = 0; !oom && k < f->nover; k++, t->nover++) {
            t->over[k] = (sc_key){dup_str(f->over[k].name), dup_str(f->over[k].value), f->over[k].line};
            oom = !t->over[k].name || !t->over[k].value;
        }
    }
    if (oom) {
        ec_scenario_free(sc);
        ec_error_set(err, EC_ENOMEM, "out of memory");
        return NULL;
    }
    /* The other steps: clones of the prepared ones, or made again from their keys. */
    for (size_t i = 0; i < sc->n; i++) {
        sc_step *t = &sc->steps[i];
        if (t->borrowed) continue;
        int rc = EC_OK;
        if (clone && src->steps[i].step) {
            if ((t->step = ec_step_clone(src->steps[i].step, err))) {
                t->ready = 1;
                t->inputs_as_checked = src->steps[i].inputs_checked != NULL;
            }
            else rc = EC_ENOMEM;
        } else {
            rc = remake_step(sc, i, err);
        }
        if (rc) {
            ec_scenario_free(sc);
            return NULL;
        }
    }
    return sc;
}

ec_scenario *ec_scenario_copy_sharing(const ec_scenario *src, const ec_scenario *prepared, const unsigned char *reuse,
                                      ec_error *err)
{
    return copy_impl(src, prepared, reuse, 0, err);
}

ec_scenario *ec_scenario_copy_prepared(const ec_scenario *prepared, const unsigned char *reuse, ec_error *err)
{
    return copy_impl(prepared, prepared, reuse, 1, err);
}

void ec_scenario_set_input_cache(ec_scenario *sc, ec_input_cache *c)
{
    sc->cache = c;
    for (size_t i = 0; i < sc->n; i++)
        if (!sc->steps[i].borrowed && sc->steps[i].step) ec_step_set_input_cache(sc->steps[i].step, c);
}

int ec_scenario_borrowed(const ec_scenario *sc, size_t i)
{
    return i < sc->n && sc->steps[i].borrowed;
}

/* ------------------------------------------------------- overrides, paths */

/* The steps with this id (count, and the index of the last before `before`), of a kind in `kinds` (~0u: any). */
static size_t find_id_of(const ec_scenario *sc, const char *id, size_t before, unsigned kinds, size_t *index,
                         size_t *other)
{
    size_t count = 0;
    for (size_t i = 0; i < before && i < sc->n; i++)
        if (strcmp(sc->steps[i].id, id) == 0 && sc->steps[i].step &&
            (kinds & (1u << ec_step_type_of(sc->steps[i].step)->kind))) {
            if (count) *other = *index;
            *index = i;
            count++;
        }
    return count;
}

/* The steps with this id (count, and the index of the last before `before`). */
static size_t find_id(const ec_scenario *sc, const char *id, size_t before, size_t *index, size_t *other)
{
    size_t count = 0;
    for (size_t i = 0; i < before && i < sc->n; i++)
        if (strcmp(sc->steps[i].id, id) == 0) {
            if (count) *other = *index;
            *index = i;
            count++;
        }
    return count;
}

/* What check_inputs reads besides the input paths. */
static const char *const inputs_extra[] = {"columns", "where", "x", "y"};

/* 1 when option d is one check_inputs reads. */
static int input_option(const ec_option_desc *d)
{
    if (d->flags & EC_OPT_PATH_IN) return 1;
    for (size_t k = 0; k < sizeof inputs_extra / sizeof inputs_extra[0]; k++)
        if (strcmp(d->name, inputs_extra[k]) == 0) return 1;
    return 0;
}

/* 1 when option d of step st is one that prepare rebases (a path) or resolves (an input, or the option naming it). */
static int needs_prepare(const ec_step *st, const ec_option_desc *d)
{
    if (d->flags & (EC_OPT_PATH_IN | EC_OPT_PATH_OUT)) return 1;
    const ec_step_type *t = ec_step_type_of(st);
    for (size_t k = 0; k < t->n_inputs; k++)
        if (strcmp(t->inputs[k].key, d->name) == 0 ||
            (t->inputs[k].ref_option && strcmp(t->inputs[k].ref_option, d->name) == 0))
            return 1;
    return 0;
}

int ec_scenario_override(ec_scenario *sc, const char *id_key, const char *value, ec_error *err)
{
    /* The id is everything before the last '.' (labels may not contain one). */
    const char *dot = strrchr(id_key, '.');
    if (!dot || dot == id_key || !dot[1])
        return ec_error_set(err, EC_EINVAL, "--set '%s': write ID.KEY=VALUE, e.g. fit.bootstrap=200 (ID is a step's label or command)",
                            id_key);
    char id[256];
    ec_text_span(id, sizeof id, id_key, (size_t)(dot - id_key)); /* "%.*s" without printf: once per cell and key */
    const char *key = dot + 1;
    size_t idx = 0, other = 0, n = find_id(sc, id, sc->n, &idx, &other);
    if (n == 0) {
        char list[600] = "";
        size_t used = 0;
        for (size_t i = 0; i < sc->n && used < sizeof list; i++)
            used += (size_t)snprintf(list + used, sizeof list - used, "%s%s", i ? ", " : "", sc->steps[i].id);
        return ec_error_set(err, EC_EINVAL, "--set %s: no step '%s' in %s (steps: %s)", id_key, id, sc->path, list);
    }
    if (n > 1)
        return ec_error_set(err, EC_EINVAL, "--set %s: steps %zu and %zu are both '%s'; give them labels ([%s LABEL])", id_key,
                            other + 1, idx + 1, id, sc->steps[idx].command);
    sc_step *st = &sc->steps[idx];
    if (strcmp(key, "quiet") == 0) {
        int q = parse_quiet(value);
        if (q < 0) return ec_error_set(err, EC_EINVAL, "--set %s: '%s' is not 0 or 1", id_key, value);
        st->quiet = q;
        return EC_OK;
    }
    const ec_option_desc *d = ec_step_find_option(st->step, key, NULL);
    if (!d)
        return ec_error_set(err, EC_EINVAL, "--set %s: unknown option '--%s' for 'effcomp %s' (see 'effcomp %s --help')",
                            id_key, key, st->command, st->command);
    if (input_option(d)) st->inputs_as_checked = 0; /* checked again when prepared */
    if (st->ready && needs_prepare(st->step, d)) { /* a path or an input: the clone made again, to prepare it */
        int rc = remake_step(sc, idx, err);
        if (rc) return rc;
        d = ec_step_find_option(st->step, key, NULL);
    }
    ec_error e;
    if (d->type == EC_OPT_LIST) ec_step_set(st->step, key, "", NULL); /* replaces the file's items */
    if (ec_step_set(st->step, key, value, &e) != EC_OK)
        return ec_error_set(err, e.code, "--set %s: %s", id_key, e.message);
    /* An earlier override of the option is replaced where it is: a step made again from its keys (remake_step)
     * gets the same values, each option's last (setting one option never changes another), and a sweep's cell
     * scenario, set again for every cell it runs, keeps one entry per varied key. */
    for (size_t j = 0; j < st->nover; j++)
        if (strcmp(st->over[j].name, d->name) == 0) {
            if (strcmp(st->over[j].value, value) == 0) return EC_OK;
            char *v = dup_str(value);
            if (!v) return ec_error_set(err, EC_ENOMEM, "out of memory");
            free(st->over[j].value);
            st->over[j].value = v;
            return EC_OK;
        }
    sc_key *k = realloc(st->over, sizeof *k * (st->nover + 1));
    if (!k) return ec_error_set(err, EC_ENOMEM, "out of memory");
    st->over = k;
    k = &st->over[st->nover++];
    k->name = dup_str(d->name);
    k->value = dup_str(value);
    k->line = 0;
    return EC_OK;
}

/* What setting id_key on a copy of `prepared` (ec_scenario_copy_prepared) does: 1 when it sets an option of one
 * step that is neither a path nor an input (*idx that step), 2 for its quiet key, 0 otherwise (a key of no step
 * or of two, a path or an input, a borrowed or shared step). */
static int plain_key(const ec_scenario *prepared, const char *id_key, size_t *idx)
{
    const char *dot = strrchr(id_key, '.');
    char id[256];
    if (!dot || dot == id_key || !dot[1] || (size_t)(dot - id_key) >= sizeof id) return 0;
    memcpy(id, id_key, (size_t)(dot - id_key));
    id[dot - id_key] = '\0';
    size_t other = 0;
    if (find_id(prepared, id, prepared->n, idx, &other) != 1) return 0;
    const sc_step *st = &prepared->steps[*idx];
    if (st->borrowed || st->shared || !st->step) return 0;
    if (strcmp(dot + 1, "quiet") == 0) return 2;
    const ec_option_desc *d = ec_step_find_option(st->step, dot + 1, NULL);
    return d && !input_option(d) && !needs_prepare(st->step, d);
}

int ec_scenario_plain_key(const ec_scenario *prepared, const char *id_key)
{
    size_t idx;
    return plain_key(prepared, id_key, &idx) != 0;
}

struct ec_scenario_trial {
    const ec_scenario *prepared;
    ec_step **clone; /* per step: a clone of prepared's, made when first needed, its options prepared's again
                      * after each trial */
};

ec_scenario_trial *ec_scenario_trial_new(const ec_scenario *prepared)
{
    ec_scenario_trial *t = calloc(1, sizeof *t);
    if (t && !(t->clone = calloc(prepared->n ? prepared->n : 1, sizeof *t->clone))) {
        free(t);
        return NULL;
    }
    if (t) t->prepared = prepared;
    return t;
}

void ec_scenario_trial_free(ec_scenario_trial *t)
{
    if (!t) return;
    for (size_t i = 0; i < t->prepared->n; i++) ec_step_free(t->clone[i]);
    free(t->clone);
    free(t);
}

int ec_scenario_trial_values(ec_scenario_trial *t, const char *const *keys, const char *const *values, size_t n,
                             int *decided)
{
    const ec_scenario *prepared = t->prepared;
    *decided = 0;
    enum { MAX_TRY = 64 };
    size_t step_of[MAX_TRY];
    if (n > MAX_TRY) return EC_OK;
    for (size_t j = 0; j < n; j++) { /* each key's step: one clone of a prepared step, an option that is not a path */
        size_t idx = 0;
        int kind = plain_key(prepared, keys[j], &idx);
        if (!kind) return EC_OK;
        if (kind == 2) {
            if (parse_quiet(values[j]) < 0) return *decided = 1, EC_EINVAL;
            step_of[j] = SIZE_MAX;
            continue;
        }
        step_of[j] = idx;
    }
    for (size_t j = 0; j < n; j++) { /* per step, its keys in order on its clone, then the step's own check */
        if (step_of[j] == SIZE_MAX) continue;
        size_t idx = step_of[j];
        int seen = 0;
        for (size_t i = 0; i < j && !seen; i++) seen = step_of[i] == idx;
        if (seen) continue;
        const ec_step *from = prepared->steps[idx].step;
        ec_step *c = t->clone[idx] ? t->clone[idx] : (t->clone[idx] = ec_step_clone(from, NULL));
        if (!c) return EC_OK;
        int rc = EC_OK;
        size_t last = j; /* the keys set (or tried) so far */
        for (size_t i = j; i < n && rc == EC_OK; i++) {
            if (step_of[i] != idx) continue;
            const char *key = strrchr(keys[i], '.') + 1;
            const ec_option_desc *d = ec_step_find_option(c, key, NULL);
            if (d->type == EC_OPT_LIST) ec_step_set(c, key, "", NULL);
            rc = ec_step_set(c, key, values[i], NULL);
            last = i;
        }
        if (rc == EC_OK) rc = ec_step_check(c, NULL);
        /* the options set back to prepared's: the next trial starts from the clone as made (a check writes
         * nothing but what it derives from the options, again each time) */
        for (size_t i = j; i <= last; i++)
            if (step_of[i] == idx) ec_step_reset_option(c, from, strrchr(keys[i], '.') + 1);
        if (rc) return *decided = 1, rc;
    }
    *decided = 1;
    return EC_OK;
}

int ec_scenario_try_values(const ec_scenario *prepared, const char *const *keys, const char *const *values, size_t n,
                           int *decided)
{
    *decided = 0;
    ec_scenario_trial *t = ec_scenario_trial_new(prepared);
    if (!t) return EC_OK;
    int rc = ec_scenario_trial_values(t, keys, values, n, decided);
    ec_scenario_trial_free(t);
    return rc;
}

void ec_scenario_set_output_dir(ec_scenario *sc, const char *dir)
{
    char *d = dup_str(dir);
    if (!d) return;
    free(sc->out_dir);
    sc->out_dir = d;
}

/* Collapses "./" and "NAME/../" (NAME not "..") in a relative path, lexically. */
static void tidy(char *p)
{
    char *seg[256];
    size_t n = 0;
    int abs = p[0] == '/';
    char buf[2200];
    snprintf(buf, sizeof buf, "%s", p);
    for (char *save = NULL, *t = strtok_r(buf, "/", &save); t && n < 256; t = strtok_r(NULL, "/", &save)) {
        if (strcmp(t, ".") == 0) continue;
        if (strcmp(t, "..") == 0 && n > 0 && strcmp(seg[n - 1], "..") != 0) {
            n--;
            continue;
        }
        seg[n++] = t;
    }
    size_t at = 0, cap = strlen(p) + 1;
    char out[2200];
    out[0] = '\0';
    if (abs) at += (size_t)snprintf(out + at, sizeof out - at, "/");
    for (size_t k = 0; k < n; k++) at += (size_t)snprintf(out + at, sizeof out - at, "%s%s", k ? "/" : "", seg[k]);
    if (!n && !abs) snprintf(out, sizeof out, ".");
    snprintf(p, cap, "%s", out);
}

/* base/rel (tidied), or rel itself when absolute, empty or a reference. */
static void rebase(const char *base, const char *rel, char *out, size_t cap)
{
    if (!rel[0] || rel[0] == '/' || rel[0] == '@' || !base[0] || strcmp(base, ".") == 0) {
        snprintf(out, cap, "%s", rel);
        return;
    }
    snprintf(out, cap, "%s/%s", base, rel);
    tidy(out);
}

/* The canonical form of a path whose last component may not exist yet ("" when its folder does not). */
static void canonical(const char *path, char *out, size_t cap)
{
    const char *slash = strrchr(path, '/');
    char dir[PATH_MAX], real[PATH_MAX];
    snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash == path ? 1 : slash - path) : 1, slash ? path : ".");
    if (!realpath(dir, real)) {
        snprintf(out, cap, "%s", path);
        return;
    }
    snprintf(out, cap, "%s/%s", real, slash ? slash + 1 : path);
}

/* Rebases the step's path options (inputs against the scenario's folder, outputs against the output folder). */
static int rebase_step(ec_scenario *sc, sc_step *st, ec_error *err)
{
    const ec_step_type *t = ec_step_type_of(st->step);
    const char *out_base = sc->out_dir[0] ? sc->out_dir : sc->dir;
    for (size_t g = 0; g < t->n_groups; g++) {
        const ec_option_table *tab = t->groups[g].table();
        for (size_t r = 0; r < tab->n; r++) {
            const ec_option_desc *d = &tab->rows[r];
            if (!(d->flags & (EC_OPT_PATH_IN | EC_OPT_PATH_OUT)) || d->type != EC_OPT_STRING) continue;
            char val[2100], nv[2200];
            if (ec_step_get(st->step, d->name, val, sizeof val, NULL) != EC_OK || !val[0]) continue;
            if (d->flags & EC_OPT_PATH_IN) {
                if (d->flags & EC_OPT_PATH_FILE) {
                    if (strncmp(val, "file:", 5) != 0) continue; /* grid, single, ...: not a file */
                    char p[2150];
                    rebase(sc->dir, val + 5, p, sizeof p);
                    snprintf(nv, sizeof nv, "file:%s", p);
                } else if (strncmp(val, "file:", 5) == 0) {
                    char p[2150];
                    rebase(sc->dir, val + 5, p, sizeof p);
                    snprintf(nv, sizeof nv, "file:%s", p);
                } else {
                    rebase(sc->dir, val, nv, sizeof nv);
                }
            } else {
                rebase(out_base, val, nv, sizeof nv);
            }
            if (strcmp(nv, val) != 0 && ec_step_set(st->step, d->name, nv, err) != EC_OK) return EC_EINVAL;
        }
    }
    return EC_OK;
}

/* The output files step j declares (output, replicates_out): is `path` one of them? */
static int writes(sc_step *st, const char *canon_path)
{
    static const char *const keys[] = {"output", "replicates_out"};
    for (int k = 0; k < 2; k++) {
        char v[2100], c[PATH_MAX + 256];
        if (ec_step_get(st->step, keys[k], v, sizeof v, NULL) != EC_OK || !v[0]) continue;
        canonical(v, c, sizeof c);
        if (strcmp(c, canon_path) == 0) return 1;
    }
    return 0;
}

/* The step an option's items name as "@ID:ITEM" or "@ID" (e.g. efficiency = @claims:Muse Spark, compute_growth =
 * @trend): "@ID" in v, "" when none; two different IDs are an error. */
static int ref_from_option(ec_step *step, const char *option, const char *key, char *v, size_t cap, ec_error *err)
{
    char val[4096];
    v[0] = '\0';
    if (ec_step_get(step, option, val, sizeof val, NULL) != EC_OK) return EC_OK;
    for (const char *p = val; *p;) {
        p += strspn(p, " \t,;");
        const char *end = p + strcspn(p, ",;");
        const char *colon = memchr(p, ':', (size_t)(end - p)), *stop = colon ? colon : end;
        while (stop > p && (stop[-1] == ' ' || stop[-1] == '\t')) stop--;
        if (*p == '@' && stop > p + 1) {
            char id[300];
            snprintf(id, sizeof id, "@%.*s", (int)(stop - p - 1), p + 1);
            if (v[0] && strcmp(v, id) != 0)
                return ec_error_set(err, EC_EINVAL, "%s: items name two steps, %s and %s; one %s input per step (give %s = @ID)",
                                    option, v, id, key, key);
            snprintf(v, cap, "%s", id);
        }
        p = end;
    }
    return EC_OK;
}

/* Resolves the inputs of step i: @ID references, and files an earlier step writes. The bindings are made
 * when the step runs (the results do not exist yet): recorded here as "@ID" in the option. */
static int resolve_step(ec_scenario *sc, size_t i, ec_error *err)
{
    sc_step *st = &sc->steps[i];
    const ec_step_type *t = ec_step_type_of(st->step);
    for (size_t k = 0; k < t->n_inputs; k++) {
        const char *key = t->inputs[k].key, *shown = key;
        char v[2100];
        if (ec_step_get(st->step, key, v, sizeof v, NULL) != EC_OK) continue;
        if (!v[0] && t->inputs[k].ref_option) {
            int rc = ref_from_option(st->step, t->inputs[k].ref_option, key, v, sizeof v, err);
            if (rc) return rc;
            if (v[0]) shown = t->inputs[k].ref_option; /* messages name the key the user wrote */
        }
        if (!v[0]) continue;
        size_t from = 0, other = 0;
        if (v[0] == '@') {
            /* Of the earlier steps with that id, those whose results the input takes. */
            size_t n = find_id_of(sc, v + 1, i, t->inputs[k].kinds, &from, &other);
            if (n == 0) n = find_id(sc, v + 1, i, &from, &other); /* none of them: say why below */
            if (n == 0) {
                size_t later = 0, o2;
                int exists = find_id(sc, v + 1, sc->n, &later, &o2) > 0;
                return ec_error_set(err, EC_EINVAL, "%s = %s: %s", shown, v,
                                    exists ? "that step comes later; a step can only use the results of earlier steps"
                                           : "no step with that id (a step's id is its label, or its command)");
            }
            if (n > 1)
                return ec_error_set(err, EC_EINVAL, "%s = %s: steps %zu and %zu are both '%s'; give them labels ([%s LABEL])",
                                    shown, v, other + 1, from + 1, v + 1, sc->steps[from].command);
        } else {
            /* A file an earlier step writes: that step's result, in memory. */
            char c[PATH_MAX + 256];
            canonical(v, c, sizeof c);
            int found = 0;
            for (size_t j = i; j-- > 0;)
                if (writes(&sc->steps[j], c)) {
                    from = j;
                    found = 1;
                    break;
                }
            if (!found) continue;
            /* Replicates a command would read back with the fit JSON come with the result in memory. */
        }
        const ec_step_type *ft = ec_step_type_of(sc->steps[from].step);
        if (!(t->inputs[k].kinds & (1u << ft->kind)))
            return ec_error_set(err, EC_EINVAL, "%s = %s: step %zu [%s] makes a %s result, but '%s' takes %s", shown, v,
                                from + 1, sc->steps[from].section, ec_result_kind_name(ft->kind), shown,
                                t->inputs[k].help);
        char ref[300];
        snprintf(ref, sizeof ref, "@%s", sc->steps[from].id);
        if (ec_step_set(st->step, key, ref, err) != EC_OK) return EC_EINVAL;
        if (k < EC_STEP_MAX_INPUTS) st->bind_from[k] = from;
        /* Replicates that step writes come with its result in memory: not read back from the file. */
        char rv[2100], c[PATH_MAX + 256];
        if (ec_step_get(st->step, "replicates", rv, sizeof rv, NULL) == EC_OK && rv[0]) {
            canonical(rv, c, sizeof c);
            if (writes(&sc->steps[from], c)) ec_step_set(st->step, "replicates", "", NULL);
        }
    }
    return EC_OK;
}

/* ---------------------------------------------------- inputs, checked before any step runs */

/* The header of a CSV file: its first record (ec_csv_read is stopped there). */
typedef struct csv_header {
    char **names;
    size_t n;
    size_t line;
    int got;
} csv_header;

static int take_header(void *user, const ec_csv_record *rec, ec_error *err)
{
    csv_header *h = user;
    h->names = calloc(rec->ncells ? rec->ncells : 1, sizeof *h->names);
    if (!h->names) return ec_error_set(err, EC_ENOMEM, "out of memory");
    for (size_t k = 0; k < rec->ncells; k++, h->n++)
        if (!(h->names[k] = strndup(rec->cells[k].s, rec->cells[k].len)))
            return ec_error_set(err, EC_ENOMEM, "out of memory");
    h->line = rec->line;
    h->got = 1;
    return EC_EDATA; /* the header is all this needs: stop reading */
}

/* Adds "'NAME' (WHAT)" to `missing` when the header lacks `name` (compared as the loader does: verbatim); 1 when
 * it does. */
static int need_column(const csv_header *h, const char *name, const char *what, char *missing, size_t cap,
                       size_t n_missing)
{
    for (size_t k = 0; k < h->n; k++)
        if (strcmp(h->names[k], name) == 0) return 0;
    size_t used = strlen(missing);
    if (used < cap) snprintf(missing + used, cap - used, "%s'%s' (%s)", n_missing ? ", " : "", name, what);
    return 1;
}

/*
 * Step st's data file against the columns the step maps (columns, or trend's x and y) and filters on (where):
 * what the loader would refuse when the step runs, found by reading the file's first record. The message starts
 * with the key at fault, which locates it on that key's line. A map or filter that does not parse is left to the
 * step's own check.
 */
static int check_data_header(ec_step *st, ec_error *err)
{
    char data[2100], columns[1100], where[2100], x[300], y[300];
    if (ec_step_get(st, "data", data, sizeof data, NULL) != EC_OK || !data[0] || data[0] == '@') return EC_OK;
    if (ec_step_get(st, "columns", columns, sizeof columns, NULL) != EC_OK) columns[0] = '\0';
    if (ec_step_get(st, "where", where, sizeof where, NULL) != EC_OK) where[0] = '\0';
    if (ec_step_get(st, "x", x, sizeof x, NULL) != EC_OK) x[0] = '\0';
    if (ec_step_get(st, "y", y, sizeof y, NULL) != EC_OK) y[0] = '\0';
    ec_column_map map = {{0}};
    ec_filter_list filters = {0};
    ec_error e;
    if (columns[0] && ec_column_map_parse(&map, columns, &e) != EC_OK) ec_column_map_clear(&map);
    const char *expr[64]; /* each filter as written, for the message */
    for (char *save = NULL, *tok = strtok_r(where, ";", &save); tok && filters.n < 64; tok = strtok_r(NULL, ";", &save))
        if (ec_filter_parse(&filters, tok, &e) == EC_OK) expr[filters.n - 1] = tok;
    csv_header h = {0};
    int rc = ec_csv_read(data, 0, take_header, &h, NULL, &e);
    if (!h.got) {
        rc = rc == EC_OK ? ec_error_set(err, EC_EDATA, "data: '%s' has no header line; give a CSV file whose first "
                                                        "line names its columns", data)
                         : ec_error_set(err, rc, "data: %s", e.message);
    } else {
        char missing[1024] = "";
        size_t n_map = 0, n_where = 0;
        const char *key = "where"; /* the first key at fault */
        for (int r = 0; r < EC_ROLE_COUNT; r++) {
            if (!map.column[r]) continue;
            char what[32];
            snprintf(what, sizeof what, "role %s", ec_role_name((ec_role)r));
            if (need_column(&h, map.column[r], what, missing, sizeof missing, n_map) && !n_map++) key = "columns";
        }
        if (!columns[0] && x[0] && need_column(&h, x, "x", missing, sizeof missing, n_map) && !n_map++) key = "x";
        if (!columns[0] && y[0] && need_column(&h, y, "y", missing, sizeof missing, n_map) && !n_map++) key = "y";
        for (size_t k = 0; k < filters.n; k++) {
            char what[300];
            snprintf(what, sizeof what, "where %s", expr[k]);
            n_where += (size_t)need_column(&h, filters.items[k].column, what, missing, sizeof missing, n_map + n_where);
        }
        rc = EC_OK;
        if (n_map + n_where) {
            char names[600] = "";
            size_t k = 0;
            for (; k < h.n && strlen(names) + 80 < sizeof names; k++) {
                size_t used = strlen(names);
                snprintf(names + used, sizeof names - used, "%s'%s'", k ? ", " : "", h.names[k]);
            }
            rc = ec_error_set(err, EC_EDATA,
                              "%s: column%s %s not in the header of %s (line %zu); check the %s against the header "
                              "names: %s%s",
                              key, n_map + n_where > 1 ? "s" : "", missing, data, h.line,
                              !n_where ? "column map" : n_map ? "column map and where filters" : "where filters",
                              names, k < h.n ? ", ..." : "");
        }
    }
    for (size_t k = 0; k < h.n; k++) free(h.names[k]);
    free(h.names);
    ec_column_map_clear(&map);
    ec_filter_list_clear(&filters);
    return rc;
}

/* Every input file step st names (not an earlier step's result) opens for reading (stat found them: a file
 * without read permission is refused here, before any step runs). */
static int check_readable(ec_step *st, ec_error *err)
{
    const ec_step_type *t = ec_step_type_of(st);
    for (size_t g = 0; g < t->n_groups; g++) {
        const ec_option_table *tab = t->groups[g].table();
        for (size_t r = 0; r < tab->n; r++) {
            const ec_option_desc *d = &tab->rows[r];
            if (!(d->flags & EC_OPT_PATH_IN) || d->type != EC_OPT_STRING) continue;
            char v[2100];
            if (ec_step_get(st, d->name, v, sizeof v, NULL) != EC_OK || !v[0] || v[0] == '@') continue;
            const char *path = strncmp(v, "file:", 5) == 0 ? v + 5 : v;
            if ((d->flags & EC_OPT_PATH_FILE) && path == v) continue; /* grid, single, ...: not a file */
            if (strcmp(d->name, "data") == 0) continue;               /* check_data_header reads it */
            struct stat sb;
            if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode)) continue; /* the step's check says it is a folder */
            FILE *fp = fopen(path, "rb");
            if (!fp) return ec_error_set(err, EC_EIO, "%s: cannot read '%s': %s", d->name, path, strerror(errno));
            fclose(fp);
        }
    }
    return EC_OK;
}

/* What check_inputs looked at for step st: its input paths, column map, filters, x and y (free()); NULL when out
 * of memory. Two steps with the same text need the same files read once. */
static char *inputs_key(ec_step *st)
{
    const char *const *extra = inputs_extra;
    const ec_step_type *t = ec_step_type_of(st);
    size_t len = 0, cap = 256;
    char *s = malloc(cap);
    for (size_t g = 0; g <= t->n_groups; g++) { /* the groups' input paths, then the extra keys */
        const ec_option_table *tab = g < t->n_groups ? t->groups[g].table() : NULL;
        size_t n = tab ? tab->n : sizeof inputs_extra / sizeof inputs_extra[0];
        for (size_t r = 0; s && r < n; r++) {
            if (tab && !(tab->rows[r].flags & EC_OPT_PATH_IN)) continue;
            const char *name = tab ? tab->rows[r].name : extra[r];
            char v[2200];
            if (ec_step_get(st, name, v, sizeof v, NULL) != EC_OK) continue;
            size_t need = strlen(name) + strlen(v) + 3;
            if (len + need > cap) {
                char *bigger = realloc(s, cap = 2 * (len + need));
                if (!bigger) free(s);
                s = bigger;
                if (!s) return NULL;
            }
            len += (size_t)snprintf(s + len, cap - len, "%s=%s\n", name, v);
        }
    }
    if (s) s[len] = '\0';
    return s;
}

/* The inputs of step i as the scenario resolved them: files there and readable, the data file's header holding
 * the columns the step uses. Skipped when the step names the inputs that the scenario it was copied from has
 * already checked (a sweep's cells: the data file is not read again per cell). */
static int check_inputs(ec_scenario *sc, size_t i, ec_error *err)
{
    sc_step *st = &sc->steps[i];
    char *key = inputs_key(st->step);
    if (!key) return ec_error_set(err, EC_ENOMEM, "out of memory");
    if (st->inputs_checked && strcmp(st->inputs_checked, key) == 0) {
        free(key);
        return EC_OK;
    }
    int rc = check_readable(st->step, err);
    if (!rc) rc = check_data_header(st->step, err);
    free(st->inputs_checked);
    st->inputs_checked = rc ? NULL : key;
    if (rc) free(key);
    return rc;
}

int ec_scenario_prepare(ec_scenario *sc, ec_error *err)
{
    int first = 1;
    for (size_t i = 0; i < sc->n; i++) {
        sc_step *st = &sc->steps[i];
        if (st->borrowed) continue; /* prepared in its own scenario */
        ec_error e;
        /* a clone of a prepared step was rebased and resolved there */
        int rc = st->ready ? EC_OK : rebase_step(sc, st, &e);
        /* a shared step does not run here: its inputs are not bound, its options not checked again */
        if (!rc && !st->shared && !st->ready) rc = resolve_step(sc, i, &e);
        if (!rc && !st->shared) rc = ec_step_check(st->step, &e);
        if (!rc && !st->shared && !st->inputs_as_checked) rc = check_inputs(sc, i, &e);
        if (rc) {
            ec_error m;
            ec_error_set(&m, e.code, "%s:%d: step %zu [%s]: %s; fix this line, nothing was run", sc->path,
                         ec_scenario_error_line(sc, i, e.message), i + 1, st->section, e.message);
            append_error(err, &m, &first);
        }
    }
    return first ? EC_OK : EC_EINVAL;
}

/* ------------------------------------------------------------------- run */

size_t ec_scenario_n_steps(const ec_scenario *sc)
{
    return sc->n;
}

ec_step *ec_scenario_step(ec_scenario *sc, size_t i)
{
    return i < sc->n && !sc->steps[i].borrowed ? sc->steps[i].step : NULL;
}

const ec_step_type *ec_scenario_step_type(const ec_scenario *sc, size_t i)
{
    return i < sc->n ? ec_step_type_of(sc->steps[i].step) : NULL;
}

const char *ec_scenario_section(const ec_scenario *sc, size_t i)
{
    return i < sc->n ? sc->steps[i].section : NULL;
}

const char *ec_scenario_id(const ec_scenario *sc, size_t i)
{
    return i < sc->n ? sc->steps[i].id : NULL;
}

int ec_scenario_line(const ec_scenario *sc, size_t i)
{
    return i < sc->n ? sc->steps[i].line : 0;
}

/* Where `name` (a key, '_' or '-' between words) first appears in msg as a whole word; NULL when nowhere. */
static const char *word_in(const char *msg, const char *name)
{
    size_t n = strlen(name);
    if (!n) return NULL;
    for (const char *p = msg; *p; p++) {
        size_t k = 0;
        while (k < n && p[k] && (p[k] == name[k] || ((p[k] == '-' || p[k] == '_') && (name[k] == '-' || name[k] == '_'))))
            k++;
        if (k < n) continue;
        int before = p > msg && (isalnum((unsigned char)p[-1]) || p[-1] == '_');
        int after = isalnum((unsigned char)p[n]) || p[n] == '_';
        if (!before && !after) return p;
    }
    return NULL;
}

int ec_scenario_error_line(const ec_scenario *sc, size_t i, const char *message)
{
    if (i >= sc->n) return 0;
    const sc_step *st = &sc->steps[i];
    const char *best = NULL;
    int line = st->line;
    int best_value = 0;
    for (size_t k = 0; message && k < st->nkeys; k++) {
        const char *at = word_in(message, st->keys[k].name);
        /* of a list's lines (where, fix, ...), the one whose item the message quotes */
        int value = at && st->keys[k].value[0] && strstr(message, st->keys[k].value) != NULL;
        if (at && (!best || at < best || (at == best && value && !best_value)))
            best = at, line = st->keys[k].line, best_value = value;
    }
    return line;
}

int ec_scenario_quiet(const ec_scenario *sc, size_t i)
{
    return i < sc->n ? sc->steps[i].quiet : -1;
}

size_t ec_scenario_n_keys(const ec_scenario *sc, size_t i)
{
    return i < sc->n ? sc->steps[i].nkeys : 0;
}

const char *ec_scenario_key(const ec_scenario *sc, size_t i, size_t k, const char **value, int *line)
{
    if (i >= sc->n || k >= sc->steps[i].nkeys) return NULL;
    if (value) *value = sc->steps[i].keys[k].value;
    if (line) *line = sc->steps[i].keys[k].line;
    return sc->steps[i].keys[k].name;
}

const char *ec_scenario_path(const ec_scenario *sc)
{
    return sc->path;
}

const char *ec_scenario_sha256(const ec_scenario *sc)
{
    return sc->sha256;
}

int ec_scenario_run_step(ec_scenario *sc, size_t i, const ec_result **out, ec_error *err)
{
    *out = NULL;
    if (i >= sc->n) return ec_error_set(err, EC_EINVAL, "no step %zu", i + 1);
    sc_step *st = &sc->steps[i];
    if (st->shared || st->borrowed) { /* another scenario's: already run (its inputs not bound here) */
        *out = st->shared;
        return st->shared ? EC_OK : ec_error_set(err, EC_EINVAL, "step %zu is another scenario's and has no result", i + 1);
    }
    const ec_step_type *t = ec_step_type_of(st->step);
    for (size_t k = 0; k < t->n_inputs && k < EC_STEP_MAX_INPUTS; k++) {
        size_t from = st->bind_from[k];
        if (from == SIZE_MAX) continue;
        const ec_result *fr = from < i ? (sc->steps[from].shared ? sc->steps[from].shared : sc->steps[from].result) : NULL;
        if (!fr)
            return ec_error_set(err, EC_EINVAL, "%s = @%s: that step has no result", t->inputs[k].key, sc->steps[from].id);
        char ref[300] = "@"; /* "@%s" without printf: once per sweep cell */
        ec_text_copy(ref + 1, sizeof ref - 1, sc->steps[from].id);
        int rc = ec_step_bind(st->step, t->inputs[k].key, fr, ref, err);
        if (rc) return rc;
    }
    ec_result_free(st->result);
    st->result = NULL;
    int rc = ec_step_run(st->step, &st->result, err);
    if (rc) return rc;
    *out = st->result;
    return EC_OK;
}

int ec_scenario_share_result(ec_scenario *sc, size_t i, const ec_result *r)
{
    if (i >= sc->n || !r) return EC_EINVAL;
    sc_step *st = &sc->steps[i];
    ec_result_free(st->result);
    st->result = NULL;
    st->shared = r; /* read only: the scenario never changes or frees it */
    return EC_OK;
}

int ec_scenario_uses(const ec_scenario *sc, size_t i, size_t j)
{
    if (i >= sc->n || j >= sc->n) return 0;
    const ec_step_type *t = ec_step_type_of(sc->steps[i].step);
    for (size_t k = 0; k < t->n_inputs && k < EC_STEP_MAX_INPUTS; k++)
        if (sc->steps[i].bind_from[k] == j) return 1;
    return 0;
}

int ec_scenario_add_output(ec_scenario *sc, size_t i, const char *path, ec_error *err)
{
    if (i >= sc->n) return ec_error_set(err, EC_EINVAL, "no step %zu", i + 1);
    sc_step *st = &sc->steps[i];
    char **o = realloc(st->outputs, sizeof *o * (st->n_outputs + 1));
    if (!o) return ec_error_set(err, EC_ENOMEM, "out of memory");
    st->outputs = o;
    if (!(o[st->n_outputs] = dup_str(path))) return ec_error_set(err, EC_ENOMEM, "out of memory");
    st->n_outputs++;
    return EC_OK;
}

/* The options of a step as set (every option of every group, as text). */
static cJSON *options_json(const ec_step *step)
{
    const ec_step_type *t = ec_step_type_of(step);
    cJSON *o = cJSON_CreateObject();
    for (size_t g = 0; g < t->n_groups; g++) {
        const ec_option_table *tab = t->groups[g].table();
        for (size_t r = 0; r < tab->n; r++) {
            const char *name = tab->rows[r].name;
            if (strcmp(name, "threads") == 0 || cJSON_GetObjectItemCaseSensitive(o, name)) continue;
            char buf[2200];
            if (ec_step_get(step, name, buf, sizeof buf, NULL) == EC_OK) cJSON_AddStringToObject(o, name, buf);
        }
    }
    return o;
}

char *ec_scenario_manifest(const ec_scenario *sc, ec_error *err)
{
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "effcomp", EC_VERSION_STRING);
    cJSON_AddStringToObject(root, "scenario", sc->path);
    cJSON_AddStringToObject(root, "scenario_sha256", sc->sha256);
    if (sc->has_seed) ec_json_seed(root, "seed", sc->seed);
    else cJSON_AddNullToObject(root, "seed");
    cJSON *inputs = cJSON_AddArrayToObject(root, "inputs");
    cJSON *steps = cJSON_AddArrayToObject(root, "steps");
    for (size_t i = 0; i < sc->n; i++) {
        const sc_step *st = &sc->steps[i];
        for (size_t f = 0; f < ec_step_n_files(st->step); f++) {
            const char *sha, *path = ec_step_file(st->step, f, &sha);
            int seen = 0;
            const cJSON *it;
            cJSON_ArrayForEach(it, inputs)
            {
                const cJSON *p = cJSON_GetObjectItemCaseSensitive(it, "path");
                if (cJSON_IsString(p) && strcmp(p->valuestring, path) == 0) seen = 1;
            }
            if (seen) continue;
            cJSON *in = cJSON_CreateObject();
            cJSON_AddStringToObject(in, "path", path);
            if (sha[0]) cJSON_AddStringToObject(in, "sha256", sha);
            else cJSON_AddNullToObject(in, "sha256");
            cJSON_AddItemToArray(inputs, in);
        }
        cJSON *s = cJSON_CreateObject();
        cJSON_AddStringToObject(s, "id", st->id);
        cJSON_AddStringToObject(s, "section", st->section);
        cJSON_AddStringToObject(s, "command", st->command);
        ec_json_number(s, "line", st->line);
        cJSON_AddItemToObject(s, "options", options_json(st->step));
        if (st->result) {
            cJSON *rj = ec_result_json(st->result, err);
            if (!rj) {
                cJSON_Delete(root);
                return NULL;
            }
            cJSON_AddItemToObject(s, "result", rj);
            cJSON *pr = cJSON_AddArrayToObject(s, "problems");
            for (size_t k = 0; k < ec_result_n_problems(st->result); k++)
                if (ec_result_problem(st->result, k)[0])
                    cJSON_AddItemToArray(pr, cJSON_CreateString(ec_result_problem(st->result, k)));
        } else {
            cJSON_AddNullToObject(s, "result");
        }
        cJSON *outs = cJSON_AddArrayToObject(s, "outputs");
        for (size_t k = 0; k < st->n_outputs; k++) {
            cJSON *o = cJSON_CreateObject();
            cJSON_AddStringToObject(o, "path", st->outputs[k]);
            char sha[65];
            if (ec_file_sha256(st->outputs[k], sha, NULL) == EC_OK) cJSON_AddStringToObject(o, "sha256", sha);
            else cJSON_AddNullToObject(o, "sha256");
            cJSON_AddItemToArray(outs, o);
        }
        cJSON_AddItemToArray(steps, s);
    }
    char *text = cJSON_Print(root);
    cJSON_Delete(root);
    if (!text) {
        ec_error_set(err, EC_ENOMEM, "out of memory");
        return NULL;
    }
    size_t len = strlen(text);
    char *outp = malloc(len + 2);
    if (outp) {
        memcpy(outp, text, len);
        outp[len] = '\n';
        outp[len + 1] = '\0';
    } else {
        ec_error_set(err, EC_ENOMEM, "out of memory");
    }
    cJSON_free(text);
    return outp;
}
