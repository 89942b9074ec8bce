/* realpath() is X/Open. */
#define _XOPEN_SOURCE 700
/* fitcommon.c — shared pieces of the commands that fit data (see fitcommon.h). */
#include "fitcommon.h"

#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "cli_util.h"
#include "ec_version.h"
#include "commands.h"
#include "ec_csv.h"
#include "ec_table.h"
#include <libgen.h>
#include <sys/stat.h>
#include <unistd.h>

#define OFF(field) offsetof(fit_cli, field)
#define SZ(field) sizeof(((fit_cli *)0)->field)
static const char *const where_sep[] = {";", NULL};
static const ec_option_desc cli_rows[] = {
    {"data", EC_OPT_STRING, OFF(data), SZ(data), 0, 0, NULL, "", "CSV file of points (required)", NULL},
    {"columns", EC_OPT_STRING, OFF(columns), SZ(columns), 0, 0, NULL, "N=N,D=D,L=L",
     "roles to CSV headers, e.g. 'N=Model Size,C=Training FLOP,L=loss' (roles: N D C L date weight x y name)", NULL},
    {"drop_highest", EC_OPT_INT, OFF(drop_highest), 0, 0, 1e9, NULL, "0",
     "drop the K highest-loss points (Epoch drops 5)", NULL},
    {"where", EC_OPT_LIST, OFF(where), SZ(where), 0, 0, where_sep, "",
     "keep rows where COL=V, COL!=V, COL<V, COL<=V, COL>V, COL>=V or COL!= (not empty); repeatable, dates as YYYY[-MM[-DD]]", NULL},
    {"output", EC_OPT_STRING, OFF(output), SZ(output), 0, 0, NULL, "", "write JSON here (alias -o); else a report on stdout", NULL},
    {"replicates_out", EC_OPT_STRING, OFF(replicates_out), SZ(replicates_out), 0, 0, NULL, "",
     "write the bootstrap replicates' parameters to this CSV", NULL},
    {"plot", EC_OPT_STRING, OFF(plot), SZ(plot), 0, 0, NULL, "",
     "also draw the result's figure to this .png, .svg or .pdf, checked before the work (see 'effcomp plot')", NULL},
};
#undef OFF
#undef SZ
const ec_option_table fit_cli_table = {"input", cli_rows, sizeof cli_rows / sizeof cli_rows[0]};

void fit_cli_init(fit_cli *cli)
{
    memset(cli, 0, sizeof *cli);
    strcpy(cli->columns, "N=N,D=D,L=L");
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

/* Options every command takes, settable by name like the others (`-q` is quiet=1). */
static const ec_option_desc common_rows[] = {
    {"quiet", EC_OPT_INT, 0, 0, 0, 1, NULL, "0", "1: no notes on stderr, errors only (alias -q)", NULL},
};
static const ec_option_table common_table = {"common", common_rows, sizeof common_rows / sizeof common_rows[0]};

int cli_set_quiet(const char *value, ec_error *err)
{
    int v = cli_quiet;
    int rc = ec_option_set(&common_table, &v, "quiet", value, err);
    if (rc == EC_OK) cli_quiet = v;
    return rc;
}

/* Routes name=value to the first table that knows the name. */
static int set_option(const char *cmd, cli_optset *sets, int nsets, const char *name, const char *value)
{
    ec_error err;
    if (value && !value[0] && (strcmp(name, "output") == 0 || strcmp(name, "replicates_out") == 0 ||
                               strcmp(name, "replicates-out") == 0 || strcmp(name, "plot") == 0)) {
        cli_error("%s: --%s needs a file name (leave the option out for none)", cmd, name);
        return -1;
    }
    for (int k = 0; k < nsets; k++)
        if (ec_option_find(sets[k].table, name)) {
            if (ec_option_set(sets[k].table, sets[k].obj, name, value, &err) == EC_OK) return 0;
            cli_error("%s", err.message);
            return -1;
        }
    if (ec_option_find(&common_table, name)) {
        if (ec_option_set(&common_table, &cli_quiet, name, value, &err) == EC_OK) return 0;
        cli_error("%s", err.message);
        return -1;
    }
    cli_error("unknown option '--%s' for 'effcomp %s' (see 'effcomp %s --help')", name, cmd, cmd);
    return -1;
}

int cli_parse_options(int argc, char **argv, const char *cmd, cli_optset *sets, int nsets, int *help)
{
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            *help = 1;
            return 0;
        }
        if (strcmp(a, "--list-forms") == 0) {
            *help = 2;
            return 0;
        }
        if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0) { /* the flag form of quiet=1 */
            cli_quiet = 1;
            /* `--quiet 0`, `--quiet yes`, ... also take a value (scenario files write it so):
             * whatever the option quiet accepts. */
            /* A following word that is not an option and not a path (no '.' or '/') is taken
             * as the value, and a bad one is refused as such. */
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
            if (set_option(cmd, sets, nsets, buf, eq + 1)) return -1;
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
            int known = 0;
            for (int k = 0; k < nsets; k++) known |= ec_option_find(sets[k].table, name) != NULL;
            if (!known) {
                cli_error("unknown option '--%s' for 'effcomp %s' (see 'effcomp %s --help')", name, cmd, cmd);
                return -1;
            }
            if (i + 1 >= argc) {
                cli_error("option '%s' needs a value", a);
                return -1;
            }
            value = argv[++i];
        }
        if (set_option(cmd, sets, nsets, name, value)) return -1;
    }
    return 0;
}

/* Splits the ';'-joined --where list into filters. */
static int parse_where(const char *where, ec_filter_list *list)
{
    char buf[2048];
    if (!where[0]) return 0;
    snprintf(buf, sizeof buf, "%s", where);
    for (char *save = NULL, *tok = strtok_r(buf, ";", &save); tok; tok = strtok_r(NULL, ";", &save)) {
        ec_error err;
        if (ec_filter_parse(list, tok, &err) != EC_OK) {
            cli_error("%s", err.message);
            return -1;
        }
    }
    return 0;
}

ec_dataset *cli_load_dataset(const fit_cli *cli, const char *form, size_t *rows_read, int *exit_status)
{
    ec_error err;
    *exit_status = EXIT_BAD_INPUT;
    if (!cli->data[0]) {
        cli_error("--data FILE is required");
        return NULL;
    }
    ec_column_map map = {{0}};
    if (ec_column_map_parse(&map, cli->columns, &err) != EC_OK) {
        cli_error("--columns: %s", err.message);
        return NULL;
    }
    ec_filter_list filters = {0};
    if (parse_where(cli->where, &filters)) {
        ec_column_map_clear(&map);
        ec_filter_list_clear(&filters);
        return NULL;
    }
    ec_dataset *ds = ec_dataset_load_csv_filtered(cli->data, &map, &filters, &err);
    ec_column_map_clear(&map);
    ec_filter_list_clear(&filters);
    if (!ds) {
        cli_error("%s", err.message);
        *exit_status = cli_exit_for(err.code);
        return NULL;
    }
    *rows_read = ds->n;
    if (cli->drop_highest > 0) {
        const ec_form *f = form ? ec_form_find(form) : NULL;
        ec_role yr = f ? f->y_role : EC_ROLE_L;
        if (yr == EC_ROLE_Y && !ds->col[EC_ROLE_Y]) yr = EC_ROLE_L;
        if (ec_dataset_drop_highest(ds, yr, (size_t)cli->drop_highest, &err) != EC_OK) {
            cli_error("%s", err.message);
            ec_dataset_free(ds);
            return NULL;
        }
    }
    *exit_status = EXIT_OK;
    return ds;
}

void cli_json_number(cJSON *o, const char *key, double v)
{
    if (isfinite(v)) cJSON_AddNumberToObject(o, key, v);
    else cJSON_AddNullToObject(o, key);
}

void cli_json_seed(cJSON *o, const char *key, unsigned long long seed)
{
    /* A number only below 10^15: cJSON prints 15 significant digits when they round-trip to
     * within its tolerance, which for larger integers can be off by one or two. */
    if (seed < 1000000000000000ULL) {
        cJSON_AddNumberToObject(o, key, (double)seed);
    } else {
        char buf[32];
        snprintf(buf, sizeof buf, "%llu", seed);
        cJSON_AddStringToObject(o, key, buf);
    }
}

cJSON *cli_json_params(const ec_form *f, const double *v)
{
    cJSON *o = cJSON_CreateObject();
    for (int j = 0; j < f->n_params; j++) cli_json_number(o, f->param_names[j], v[j]);
    return o;
}

cJSON *cli_json_fit_options(const ec_fit_options *opt)
{
    const ec_option_table *t = ec_fit_option_table();
    cJSON *o = cJSON_CreateObject();
    for (size_t i = 0; i < t->n; i++) {
        const ec_option_desc *d = &t->rows[i];
        if (strcmp(d->name, "threads") == 0) continue; /* results do not depend on it */
        char buf[1200];
        ec_option_get(t, opt, d->name, buf, sizeof buf, NULL);
        if (d->type == EC_OPT_DOUBLE || d->type == EC_OPT_INT) cJSON_AddNumberToObject(o, d->name, strtod(buf, NULL));
        else if (d->type == EC_OPT_U64) cli_json_seed(o, d->name, opt->seed);
        else cJSON_AddStringToObject(o, d->name, buf);
    }
    if (strncmp(opt->starts, "file:", 5) == 0) { /* the starts file shapes the result too */
        char sha[65];
        if (ec_file_sha256(opt->starts + 5, sha, NULL) == EC_OK) cJSON_AddStringToObject(o, "starts_sha256", sha);
        else cJSON_AddNullToObject(o, "starts_sha256");
    }
    return o;
}

cJSON *cli_json_input(const fit_cli *cli, const ec_dataset *ds, size_t rows_read)
{
    cJSON *in = cJSON_CreateObject();
    cJSON_AddStringToObject(in, "path", cli->data);
    char *abs = realpath(cli->data, NULL); /* lets 'effcomp plot' reload the data from anywhere */
    if (abs) cJSON_AddStringToObject(in, "absolute_path", abs);
    free(abs);
    cJSON_AddStringToObject(in, "columns", cli->columns);
    cJSON_AddStringToObject(in, "where", cli->where);
    cJSON_AddNumberToObject(in, "drop_highest", cli->drop_highest);
    cJSON_AddNumberToObject(in, "rows_read",
                            (double)(rows_read + ds->n_filtered + ds->n_skipped_empty + ds->n_zero_weight));
    cJSON_AddNumberToObject(in, "rows_filtered", (double)ds->n_filtered);
    cJSON_AddNumberToObject(in, "rows_skipped_empty", (double)ds->n_skipped_empty);
    cJSON_AddNumberToObject(in, "rows_zero_weight", (double)ds->n_zero_weight);
    cJSON_AddNumberToObject(in, "rows_dropped_highest", (double)ds->n_dropped);
    cJSON *der = cJSON_AddArrayToObject(in, "derived");
    if (ds->derived & (1u << EC_ROLE_D)) cJSON_AddItemToArray(der, cJSON_CreateString("D = C/(6N)"));
    if (ds->derived & (1u << EC_ROLE_C)) cJSON_AddItemToArray(der, cJSON_CreateString("C = 6ND"));
    return in;
}

void cli_json_provenance(cJSON *root, const fit_cli *cli, const ec_dataset *ds, size_t rows_read,
                         const ec_fit_options *opt)
{
    cJSON_AddStringToObject(root, "version", EC_VERSION_STRING);
    cli_json_seed(root, "seed", opt->seed);
    cJSON_AddStringToObject(root, "input_sha256", ds->sha256);
    cJSON_AddItemToObject(root, "input", cli_json_input(cli, ds, rows_read));
    cJSON_AddItemToObject(root, "options", cli_json_fit_options(opt));
}

int cli_out_json_text(cli_outfile *o, const cJSON *root)
{
    char *text = cJSON_Print(root);
    if (!text) {
        cli_error("out of memory");
        cli_out_abort(o);
        return EXIT_FAILURE_RUN;
    }
    fputs(text, o->fp);
    fputc('\n', o->fp);
    cJSON_free(text);
    return EXIT_OK;
}

int cli_out_json(cli_outfile *o, const cJSON *root)
{
    int ws = cli_out_json_text(o, root);
    if (ws != EXIT_OK) return ws;
    return cli_out_commit(o) ? EXIT_FAILURE_RUN : EXIT_OK;
}

int cli_outs_open(const fit_cli *cli, cli_outfile *json, cli_outfile *reps)
{
    memset(json, 0, sizeof *json);
    memset(reps, 0, sizeof *reps);
    if (cli->output[0] && cli_out_open(json, cli->output)) return -1;
    if (cli->replicates_out[0] && cli_out_open(reps, cli->replicates_out)) {
        if (json->fp) cli_out_abort(json);
        return -1;
    }
    return 0;
}

int cli_outs_commit(const fit_cli *cli, cli_outfile *json, const cJSON *root, cli_outfile *reps)
{
    if (json->fp) {
        int ws = cli_out_json_text(json, root);
        if (ws != EXIT_OK) {
            cli_out_abort(reps);
            return ws;
        }
    }
    /* Both files are completed before either replaces an earlier one. */
    if (cli_out_commit_pair(json, reps)) return EXIT_FAILURE_RUN;
    if (cli->output[0])
        cli_note("wrote %s%s%s", cli->output, cli->replicates_out[0] ? " and " : "", cli->replicates_out);
    return EXIT_OK;
}

int cli_check_fit_args(const char *cmd, const fit_cli *cli, int bootstrap)
{
    if (!cli->data[0]) {
        cli_error("%s: --data FILE is required (see 'effcomp %s --help')", cmd, cmd);
        return EXIT_BAD_INPUT;
    }
    if (bootstrap == 1) {
        cli_error("%s: --bootstrap needs at least 2 replicates (or 0 for none)", cmd);
        return EXIT_BAD_INPUT;
    }
    if (cli->replicates_out[0] && bootstrap == 0) {
        cli_error("%s: --replicates-out needs --bootstrap R", cmd);
        return EXIT_BAD_INPUT;
    }
    return cli_check_fit_paths(cmd, cli, NULL, NULL);
}

int cli_check_fit_paths(const char *cmd, const fit_cli *cli, const char *extra_option, const char *extra)
{
    const cli_path in[2] = {{"--data", cli->data}, {extra_option, extra}};
    const cli_path out[3] = {{"--output", cli->output}, {"--replicates-out", cli->replicates_out}, {"--plot", cli->plot}};
    int bad = cli_check_paths(cmd, in, extra ? 2 : 1, out, 3);
    return bad ? bad : cli_plot_check(cli->plot);
}

int cli_write_json(const char *path, cJSON *root)
{
    char *text = cJSON_Print(root);
    if (!text) {
        cli_error("out of memory");
        return EXIT_FAILURE_RUN;
    }
    int status = EXIT_OK;
    if (!path || !path[0]) {
        fputs(text, stdout);
        fputc('\n', stdout);
    } else {
        cli_outfile o;
        if (cli_out_open(&o, path)) {
            status = EXIT_FAILURE_RUN;
        } else {
            fputs(text, o.fp);
            fputc('\n', o.fp);
            if (cli_out_commit(&o)) status = EXIT_FAILURE_RUN;
        }
    }
    cJSON_free(text);
    return status;
}

cJSON *cli_read_json(const char *path)
{
    struct stat st;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
        cli_error("'%s' is a folder, not a JSON file", path);
        return NULL;
    }
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        cli_error("cannot open '%s': %s", path, strerror(errno));
        return NULL;
    }
    /* Read it whole (pipes and devices too: no seeking). */
    size_t len = 0, cap = 0;
    char *text = NULL;
    for (;;) {
        if (len + 65536 + 1 > cap) {
            cap = 2 * cap + 65536 + 1;
            char *nt = realloc(text, cap);
            if (!nt) {
                free(text);
                fclose(fp);
                cli_error("'%s': out of memory", path);
                return NULL;
            }
            text = nt;
        }
        size_t got = fread(text + len, 1, cap - len - 1, fp);
        len += got;
        if (got == 0) break;
    }
    int bad = ferror(fp);
    fclose(fp);
    if (bad) {
        free(text);
        cli_error("cannot read '%s': %s", path, strerror(errno));
        return NULL;
    }
    text[len] = '\0';
    if (len == 0) {
        free(text);
        cli_error("'%s' is empty: give the JSON a command wrote with -o", path);
        return NULL;
    }
    if (memchr(text, '\0', len)) {
        free(text);
        cli_error("'%s' contains NUL bytes: is it binary or UTF-16? effcomp writes its JSON as UTF-8", path);
        return NULL;
    }
    cJSON *root = cJSON_ParseWithLength(text, len);
    if (!root) {
        /* Where the parser stopped, as line:column. */
        const char *at = cJSON_GetErrorPtr();
        size_t line = 1, col = 1;
        if (at && at >= text && at <= text + len)
            for (const char *c = text; c < at; c++) {
                if (*c == '\n') {
                    line++;
                    col = 1;
                } else {
                    col++;
                }
            }
        cli_error("%s:%zu:%zu: not valid JSON%s; give the JSON a command wrote with -o", path, line, col,
                  at && at + 1 >= text + len ? " (it ends too early: truncated?)" : "");
    }
    free(text);
    return root;
}

int cli_law_load_json(const char *path, cli_law *lw, char *reps_path, size_t reps_len)
{
    cJSON *root = cli_read_json(path);
    if (!root) return -1;
    int rc = -1;
    const cJSON *form = root ? cJSON_GetObjectItemCaseSensitive(root, "form") : NULL;
    const cJSON *params = root ? cJSON_GetObjectItemCaseSensitive(root, "params") : NULL;
    if (!cJSON_IsString(form) || !cJSON_IsObject(params)) {
        cli_error("%s: not a fit JSON from 'effcomp fit -o' (needs \"form\" and \"params\")", path);
        goto done;
    }
    /* Other results carry a form and parameters too: only a fit of all its points will do. */
    const char *other = cJSON_GetObjectItemCaseSensitive(root, "backtest") ? "a backtest result (its fit used only the "
                                                                              "training points)"
                        : cJSON_GetObjectItemCaseSensitive(root, "rows") ? "an optimal result"
                        : !cJSON_GetObjectItemCaseSensitive(root, "objective") ? "not a fit result"
                                                                                : NULL;
    if (other) {
        cli_error("%s: %s, not the JSON of 'effcomp fit -o'; give a fit's JSON", path, other);
        goto done;
    }
    const cJSON *seed = cJSON_GetObjectItemCaseSensitive(root, "seed");
    char *seed_text = seed ? cJSON_PrintUnformatted(seed) : NULL;
    if (seed_text && strlen(seed_text) < sizeof lw->seed_json) memcpy(lw->seed_json, seed_text, strlen(seed_text) + 1);
    cJSON_free(seed_text);
    const cJSON *conv = cJSON_GetObjectItemCaseSensitive(root, "converged");
    if (cJSON_IsFalse(conv)) {
        const cJSON *st = cJSON_GetObjectItemCaseSensitive(root, "status");
        cli_note("warning: %s is a fit that did not converge, so its parameters may not be an optimum (status: %s)", path,
                 cJSON_IsString(st) ? st->valuestring : "status unknown");
    }
    lw->form = ec_form_find(form->valuestring);
    if (!lw->form) {
        cli_error("%s: unknown form '%s'", path, form->valuestring);
        goto done;
    }
    for (int j = 0; j < lw->form->n_params; j++) {
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(params, lw->form->param_names[j]);
        if (!cJSON_IsNumber(v)) {
            cli_error("%s: parameter '%s' missing or not a number", path, lw->form->param_names[j]);
            goto done;
        }
        lw->p[j] = v->valuedouble;
    }
    const cJSON *boot = cJSON_GetObjectItemCaseSensitive(root, "bootstrap");
    const cJSON *file = boot ? cJSON_GetObjectItemCaseSensitive(boot, "replicates_file") : NULL;
    const cJSON *nrep = boot ? cJSON_GetObjectItemCaseSensitive(boot, "replicates") : NULL;
    lw->expected_reps = cJSON_IsNumber(nrep) ? (size_t)nrep->valuedouble : 0;
    if (cJSON_IsString(file) && reps_len && !reps_path[0]) {
        /* The file the fit wrote: its absolute path as recorded, then beside the JSON
         * (the results folder may have moved), then the recorded path as given. */
        const cJSON *absf = cJSON_GetObjectItemCaseSensitive(boot, "replicates_file_absolute");
        char dir[1024], base[1024], cand[3][2100];
        snprintf(dir, sizeof dir, "%s", path);
        snprintf(base, sizeof base, "%s", file->valuestring);
        snprintf(cand[0], sizeof cand[0], "%s", cJSON_IsString(absf) ? absf->valuestring : "");
        snprintf(cand[1], sizeof cand[1], "%s/%s", dirname(dir), basename(base));
        snprintf(cand[2], sizeof cand[2], "%s", file->valuestring);
        for (int k = 0; k < 3; k++)
            if (cand[k][0] && access(cand[k], R_OK) == 0 && strlen(cand[k]) < reps_len) {
                memcpy(reps_path, cand[k], strlen(cand[k]) + 1);
                break;
            }
        if (!reps_path[0]) { /* reported as missing when a command needs it */
            snprintf(reps_path, reps_len, "%s", file->valuestring);
            size_t at = 0;
            for (int k = 0; k < 3; k++)
                if (cand[k][0] && at < sizeof lw->reps_searched && (k < 2 || strcmp(cand[2], cand[1]) != 0) &&
                    (k < 1 || strcmp(cand[k], cand[0]) != 0))
                    at += (size_t)snprintf(lw->reps_searched + at, sizeof lw->reps_searched - at, "%s'%s'",
                                           at ? ", " : "", cand[k]);
        }
    }
    rc = 0;
done:
    cJSON_Delete(root);
    return rc;
}

int cli_law_inline(const char *form, const char *params, cli_law *lw)
{
    lw->form = ec_form_find(form);
    if (!lw->form) {
        cli_error("unknown form '%s' (see 'effcomp fit --list-forms')", form);
        return -1;
    }
    int seen[EC_MAXP] = {0};
    char buf[512];
    snprintf(buf, sizeof buf, "%s", params);
    for (char *save = NULL, *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        char *eq = strchr(tok, '=');
        if (!eq) {
            cli_error("--params: '%s' is not name=value", tok);
            return -1;
        }
        *eq = '\0';
        while (*tok == ' ') tok++;
        int j = ec_form_param_index(lw->form, tok);
        char *end;
        double v = strtod(eq + 1, &end);
        if (j < 0 || end == eq + 1 || *end || !isfinite(v)) {
            cli_error("--params: %s '%s' for the %s form", j < 0 ? "unknown parameter" : "bad value for", tok, lw->form->name);
            return -1;
        }
        if (seen[j]) {
            cli_error("--params: parameter '%s' given twice; give each parameter once", tok);
            return -1;
        }
        lw->p[j] = v;
        seen[j] = 1;
    }
    for (int j = 0; j < lw->form->n_params; j++)
        if (!seen[j]) {
            cli_error("--params: parameter '%s' of the %s form missing", lw->form->param_names[j], lw->form->name);
            return -1;
        }
    return 0;
}


void cli_law_reps_missing(const cli_law *lw, const char *fit_path)
{
    cli_error("%s records bootstrap replicates, but the file is not there (looked for %s); give it with "
              "--replicates FILE, or refit with --bootstrap R --replicates-out FILE",
              fit_path, lw->reps_searched[0] ? lw->reps_searched : "its recorded path");
}

/* The seed in lw->seed_json without the quotes of a string seed ("" when none). */
static void law_seed_digits(const cli_law *lw, char *out, size_t cap)
{
    size_t k = 0;
    for (const char *c = lw->seed_json; *c && k + 1 < cap; c++)
        if (*c != '"') out[k++] = *c;
    out[k] = '\0';
}

int cli_law_check_reps(const cli_law *lw, const struct ec_table *t, const char *path)
{
    /* The header line 'effcomp fit' writes names the form and the seed: a file from another
     * run (another form, or replicates drawn with another seed) is refused. Files without
     * that line (made by hand or by other tools) are not checked here. */
    const char *line = t->comment;
    if (line && strncmp(line, "# effcomp ", 10) == 0) {
        const char *tag = strstr(line, " bootstrap replicates: form ");
        const char *sp = strstr(line, ", seed ");
        if (tag && sp) {
            char form[64] = "", seed[32] = "", want[48];
            sscanf(tag + strlen(" bootstrap replicates: form "), "%63[^,]", form);
            sscanf(sp + strlen(", seed "), "%31[0-9]", seed);
            law_seed_digits(lw, want, sizeof want);
            if (lw->form && form[0] && strcmp(form, lw->form->name) != 0) {
                cli_error("%s holds replicates of the %s form, but the fit is of the %s form: it belongs to "
                          "another fit (give the right file with --replicates)",
                          path, form, lw->form->name);
                return -1;
            }
            if (want[0] && seed[0] && strcmp(seed, want) != 0) {
                cli_error("%s was drawn with seed %s, but the fit records seed %s: it belongs to another run "
                          "(give the right file with --replicates, or refit with --seed %s --replicates-out FILE)",
                          path, seed, want, want);
                return -1;
            }
        }
    }
    if (lw->expected_reps && t->n_rows != lw->expected_reps) {
        cli_error("%s has %zu rows but the fit recorded %zu bootstrap replicates: it belongs to another fit "
                  "(give the right file with --replicates)",
                  path, t->n_rows, lw->expected_reps);
        return -1;
    }
    int conv = ec_table_column(t, "converged");
    for (size_t r = 0; conv >= 0 && r < t->n_rows; r++) {
        double v = t->values[r * t->n_cols + (size_t)conv];
        if (v != 0.0 && v != 1.0) {
            cli_error("%s: data row %zu: converged = %g; the column holds 1 (converged) or 0", path, r + 1, v);
            return -1;
        }
    }
    return 0;
}
