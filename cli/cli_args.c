/* cli_args.c — argv onto a step's options (see cli_args.h). */
#include "cli_args.h"

#include <string.h>

#include "cli_util.h"
#include "ec_form.h"

/* Options every command takes, settable by name like the others (`-q` is quiet=1). */
static const ec_option_desc common_rows[] = {
    {"quiet", EC_OPT_INT, 0, 0, 0, 1, NULL, "0", "1: no notes on stderr, errors only (alias -q)", NULL, 0},
};
static const ec_option_table common_table = {"common", common_rows, sizeof common_rows / sizeof common_rows[0]};

int cli_set_quiet(const char *value, ec_error *err)
{
    int v = cli_quiet;
    int rc = ec_option_set(&common_table, &v, "quiet", value, err);
    if (rc == EC_OK) cli_quiet = v;
    return rc;
}

void cli_print_option_table(FILE *out, const ec_option_table *t)
{
    for (size_t i = 0; i < t->n; i++) {
        const ec_option_desc *d = &t->rows[i];
        char flag[64];
        snprintf(flag, sizeof flag, "--%s", d->name);
        for (char *c = flag + 2; *c; c++)
            if (*c == '_') *c = '-';
        fprintf(out, "  %-18s %s", flag, d->help);
        if (d->type == EC_OPT_CHOICE) {
            fputs(" (", out);
            for (int k = 0; d->choices[k]; k++) fprintf(out, "%s%s", k ? "|" : "", d->choices[k]);
            fputc(')', out);
        }
        if (d->default_text && *d->default_text) fprintf(out, " [%s]", d->default_text);
        fputc('\n', out);
    }
}

/* The length of the flag part of an option line's body ("-o, --output FILE   help" -> "-o, --output FILE"). */
size_t cli_flag_len(const char *body)
{
    /* cli_print_option_table pads a flag to 18 columns and adds one space: a flag that fills them is followed
     * by a single space; hand-written lines put two or more. */
    const char *sp = strchr(body, ' ');
    const char *gap = sp && sp - body >= 18 ? sp : strstr(body, "  ");
    return gap ? (size_t)(gap - body) : strlen(body);
}

int cli_text_has_flag(const char *text, const char *name)
{
    char flag[128];
    size_t k = (size_t)snprintf(flag, sizeof flag, "--%s", name);
    if (k >= sizeof flag) return 0;
    for (char *c = flag + 2; *c; c++)
        if (*c == '_') *c = '-';
    for (const char *line = text; *line; line += strcspn(line, "\n") + (line[strcspn(line, "\n")] != '\0')) {
        if (strncmp(line, "  -", 3) != 0) continue;
        const char *body = line + 2, *end = body + cli_flag_len(body);
        for (const char *p = strstr(body, flag); p && p < end; p = strstr(p + 1, flag)) {
            char next = p[k];
            if (!((next >= 'a' && next <= 'z') || (next >= '0' && next <= '9') || next == '-')) return 1;
        }
    }
    return 0;
}

void cli_print_other_rows(FILE *out, const char *text, const ec_step_type *t)
{
    int heading = 0;
    for (size_t g = 0; g < t->n_groups; g++) {
        const ec_option_table *tab = t->groups[g].table();
        for (size_t r = 0; r < tab->n; r++) {
            if (cli_text_has_flag(text, tab->rows[r].name)) continue;
            if (!heading)
                fputs("\nAlso settable by name (see docs/parameters.md):\n",
                      out);
            heading = 1;
            ec_option_table one = {tab->section, &tab->rows[r], 1};
            cli_print_option_table(out, &one);
        }
    }
}

void cli_list_forms(FILE *out)
{
    for (size_t i = 0; i < ec_form_count(); i++) {
        const ec_form *f = ec_form_at(i);
        fprintf(out, "%-17s %s\n", f->name, f->formula);
        fprintf(out, "%-17s parameters:", "");
        for (int j = 0; j < f->n_params; j++)
            fprintf(out, " %s%s", f->param_names[j], (f->fixed >> j) & 1u ? " (fixed by default)" : "");
        fprintf(out, "; data:");
        for (int v = 0; v < f->n_vars; v++) fprintf(out, " %s", ec_role_name(f->var_roles[v]));
        fprintf(out, " -> %s\n%-17s %s\n\n", ec_role_name(f->y_role), "", f->description);
    }
}

#define MAX_SEEN 64

typedef struct seen_set {
    const ec_option_desc *d[MAX_SEEN];
    const char *as[MAX_SEEN];
    size_t n;
} seen_set;

/* Routes name=value to the step (or to the common option quiet). */
static int set_option(const char *cmd, ec_step *st, seen_set *seen, const char *name, const char *value,
                      const char *shown)
{
    ec_error err;
    if (value && !value[0] &&
        (strcmp(name, "output") == 0 || strcmp(name, "replicates_out") == 0 || strcmp(name, "replicates-out") == 0 ||
         strcmp(name, "plot") == 0)) {
        cli_error("%s: --%s needs a file name (leave the option out for none)", cmd, name);
        return -1;
    }
    const ec_option_desc *d = ec_step_find_option(st, name, NULL);
    if (d) {
        if (d->type != EC_OPT_LIST) {
            for (size_t k = 0; k < seen->n; k++)
                if (seen->d[k] == d) {
                    cli_error("%s: option '%s' given twice (as '%s' and '%s'); give it once", cmd, d->name, seen->as[k],
                              shown);
                    return -1;
                }
            if (seen->n < MAX_SEEN) {
                seen->d[seen->n] = d;
                seen->as[seen->n++] = shown;
            }
        }
        if (ec_step_set(st, name, value, &err) == EC_OK) return 0;
        cli_error("%s", err.message);
        return -1;
    }
    if (ec_option_find(&common_table, name)) {
        if (cli_set_quiet(value, &err) == EC_OK) return 0;
        cli_error("%s", err.message);
        return -1;
    }
    cli_error("unknown option '--%s' for 'effcomp %s' (see 'effcomp %s --help')", name, cmd, cmd);
    return -1;
}

int cli_parse_step_args(int argc, char **argv, const char *cmd, ec_step *st, const char *positional, int *what)
{
    seen_set seen = {{0}, {0}, 0};
    *what = CLI_ARGS_RUN;
    int i0 = 0;
    /* -q may come before a positional argument too. */
    while (positional && i0 < argc && (strcmp(argv[i0], "-q") == 0 || strcmp(argv[i0], "--quiet") == 0)) {
        cli_quiet = 1;
        i0++;
    }
    if (positional && i0 < argc && argv[i0][0] != '-') {
        if (set_option(cmd, st, &seen, positional, argv[i0], argv[i0])) return -1;
        i0++;
    }
    for (int i = i0; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            *what = CLI_ARGS_HELP;
            return 0;
        }
        if (strcmp(a, "--list-forms") == 0) {
            *what = CLI_ARGS_LIST_FORMS;
            return 0;
        }
        if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0) { /* the flag form of quiet=1 */
            cli_quiet = 1;
            /* A following word that is not an option and not a path (no '.' or '/') is taken as the value
             * (`--quiet 0`, `--quiet yes`), and a bad one is refused as such. */
            const char *nx = i + 1 < argc ? argv[i + 1] : NULL;
            if (nx && nx[0] != '-' && !strchr(nx, '.') && !strchr(nx, '/')) {
                ec_error e;
                if (cli_set_quiet(nx, &e) != EC_OK) {
                    cli_error("%s (see 'effcomp %s --help')", e.message, cmd);
                    return -1;
                }
                i++;
            }
            continue;
        }
        const char *name = NULL, *value = NULL;
        char buf[256];
        if (strcmp(a, "-o") == 0) {
            name = "output";
        } else if (strcmp(a, "--set") == 0) {
            if (i + 1 >= argc) {
                cli_error("--set needs name=value");
                return -1;
            }
            const char *kv = argv[++i], *eq = strchr(kv, '=');
            if (!eq || eq == kv || (size_t)(eq - kv) >= sizeof buf) {
                cli_error("--set needs name=value, got '%s'", kv);
                return -1;
            }
            memcpy(buf, kv, (size_t)(eq - kv));
            buf[eq - kv] = '\0';
            if (set_option(cmd, st, &seen, buf, eq + 1, kv)) return -1;
            continue;
        } else if (strncmp(a, "--", 2) == 0 && a[2]) {
            const char *eq = strchr(a + 2, '=');
            size_t len = eq ? (size_t)(eq - a - 2) : strlen(a + 2);
            if (len >= sizeof buf) {
                cli_error("option '%s' is too long", a);
                return -1;
            }
            memcpy(buf, a + 2, len);
            buf[len] = '\0';
            name = buf;
            if (eq) value = eq + 1;
        } else {
            cli_error("unexpected argument '%s' (see 'effcomp %s --help')", a, cmd);
            return -1;
        }
        if (!value) {
            if (!ec_step_find_option(st, name, NULL) && !ec_option_find(&common_table, name)) {
                cli_error("unknown option '--%s' for 'effcomp %s' (see 'effcomp %s --help')", name, cmd, cmd);
                return -1;
            }
            if (i + 1 >= argc) {
                cli_error("option '%s' needs a value", a);
                return -1;
            }
            value = argv[++i];
        }
        if (set_option(cmd, st, &seen, name, value, a)) return -1;
    }
    return 0;
}
