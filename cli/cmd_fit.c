/* cmd_fit.c — `effcomp fit`: load a CSV, fit a scaling law, optionally
 * bootstrap it, and write JSON (-o) or a readable report (stdout). */
#include <cjson/cJSON.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_util.h"
#include "commands.h"
#include "ec_dataset.h"
#include "ec_fit.h"
#include "ec_form.h"
#include "ec_nlfit.h"
#include "ec_version.h"

/* Settings of the command itself (input and output), settable by name like the fit's. */
typedef struct fit_cli {
    char data[1024];
    char columns[1024];
    int drop_highest;
    char where[2048];
    char output[1024];
    char replicates_out[1024];
} fit_cli;

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
};
#undef OFF
#undef SZ
static const ec_option_table cli_table = {"fit", cli_rows, sizeof cli_rows / sizeof cli_rows[0]};

static void print_table(FILE *out, const ec_option_table *t, const char *skip)
{
    for (size_t i = 0; i < t->n; i++) {
        const ec_option_desc *d = &t->rows[i];
        if (skip && strcmp(d->name, skip) == 0) continue;
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

void cmd_fit_usage(FILE *out)
{
    fputs("usage: effcomp fit --data FILE [--columns MAP] [--form F] [options] [-o FILE.json]\n"
          "       effcomp fit --list-forms\n"
          "\n"
          "Fits a scaling law to CSV points. The default form is Chinchilla's\n"
          "L(N, D) = E + A/N^alpha + B/D^beta, fitted as Besiroglu et al. (2024) do: the sum\n"
          "of Huber_delta(log L - log Lhat) minimised from each start of Hoffmann et al.'s\n"
          "4500-point grid, keeping the best. D = C/(6N) when only C is mapped. One-variable\n"
          "forms take x and y (x defaults to C and y to L when those are mapped instead).\n"
          "With --bootstrap R, refits R resamples (chinchilla: from Hoffmann's start).\n"
          "\n"
          "Input and output:\n", out);
    print_table(out, &cli_table, NULL);
    fputs("  -o FILE            same as --output\n"
          "  --list-forms       list the forms with their formulas and parameters\n"
          "  -q, --quiet        no notes on stderr\n"
          "\nFit options:\n", out);
    print_table(out, ec_fit_option_table(), NULL);
    fputs("\nEvery option can also be given as --set name=value (e.g. --set max_iter=1000).\n"
          "\nExample (Epoch AI's replication of Chinchilla Approach 3):\n"
          "  effcomp fit --data data/epoch_chinchilla_svg_extracted_data.csv \\\n"
          "    --columns 'N=Model Size,C=Training FLOP,L=loss' --drop-highest 5 \\\n"
          "    --loss huber --delta 1e-3 --bootstrap 4000 --seed 42 -o fit.json\n"
          "\nExit status: 0 success, 2 bad input or options, 3 fit did not converge\n"
          "(results still written), 1 other failure.\n", out);
}

/* Routes name=value to the command's table or the fit's table. */
static int set_option(fit_cli *cli, ec_fit_options *opt, const char *name, const char *value)
{
    ec_error err;
    if (ec_option_find(&cli_table, name))
        return ec_option_set(&cli_table, cli, name, value, &err) == EC_OK ? 0 : (cli_error("%s", err.message), -1);
    if (ec_option_find(ec_fit_option_table(), name))
        return ec_option_set(ec_fit_option_table(), opt, name, value, &err) == EC_OK ? 0 : (cli_error("%s", err.message), -1);
    cli_error("unknown option '--%s' for 'effcomp fit' (see 'effcomp fit --help')", name);
    return -1;
}

static int parse_args(int argc, char **argv, fit_cli *cli, ec_fit_options *opt, int *help)
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
        if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0) {
            cli_quiet = 1;
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
            if (set_option(cli, opt, buf, eq + 1)) return -1;
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
            cli_error("unexpected argument '%s' (see 'effcomp fit --help')", a);
            return -1;
        }
        if (!value) {
            if (i + 1 >= argc) {
                cli_error("option '%s' needs a value", a);
                return -1;
            }
            value = argv[++i];
        }
        if (set_option(cli, opt, name, value)) return -1;
    }
    return 0;
}

/* ---------- output ---------- */

static void list_forms(FILE *out)
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

static void add_number(cJSON *o, const char *key, double v)
{
    if (isfinite(v)) cJSON_AddNumberToObject(o, key, v);
    else cJSON_AddNullToObject(o, key);
}

static cJSON *param_object(const ec_form *f, const double *v)
{
    cJSON *o = cJSON_CreateObject();
    for (int j = 0; j < f->n_params; j++) add_number(o, f->param_names[j], v[j]);
    return o;
}

/* Parameters estimated in their own right (not fixed, not tied to another). */
static int is_free(const ec_nlfit_result *r, int j)
{
    return !r->fixed[j] && r->tied[j] < 0;
}

static cJSON *matrix_object(const ec_nlfit_result *r, const double *m)
{
    cJSON *o = cJSON_CreateObject();
    for (int i = 0; i < r->n_params; i++) {
        if (!is_free(r, i)) continue;
        cJSON *row = cJSON_AddObjectToObject(o, r->form->param_names[i]);
        for (int j = 0; j < r->n_params; j++)
            if (is_free(r, j)) add_number(row, r->form->param_names[j], m[i * EC_MAXP + j]);
    }
    return o;
}

static void add_seed(cJSON *o, const char *key, unsigned long long seed)
{
    if (seed <= (1ULL << 53)) {
        cJSON_AddNumberToObject(o, key, (double)seed);
    } else {
        char buf[32];
        snprintf(buf, sizeof buf, "%llu", seed);
        cJSON_AddStringToObject(o, key, buf);
    }
}

static cJSON *options_object(const ec_fit_options *opt)
{
    const ec_option_table *t = ec_fit_option_table();
    cJSON *o = cJSON_CreateObject();
    for (size_t i = 0; i < t->n; i++) {
        const ec_option_desc *d = &t->rows[i];
        if (strcmp(d->name, "threads") == 0) continue; /* results do not depend on it */
        char buf[600];
        ec_option_get(t, opt, d->name, buf, sizeof buf, NULL);
        if (d->type == EC_OPT_DOUBLE || d->type == EC_OPT_INT) cJSON_AddNumberToObject(o, d->name, strtod(buf, NULL));
        else if (d->type == EC_OPT_U64) add_seed(o, d->name, opt->seed);
        else cJSON_AddStringToObject(o, d->name, buf);
    }
    return o;
}

static const char *loss_text(const ec_fit_options *opt, char *buf, size_t len)
{
    if (opt->loss == EC_LOSS_HUBER) snprintf(buf, len, "Huber (delta = %g) on log residuals", opt->delta);
    else if (opt->loss == EC_LOSS_LS_LOG) snprintf(buf, len, "least squares on log residuals");
    else snprintf(buf, len, "least squares");
    return buf;
}

static cJSON *build_json(const fit_cli *cli, const ec_fit_options *opt, const ec_dataset *ds, size_t rows_read,
                         const ec_nlfit_result *res, const ec_nlboot *boot)
{
    const ec_form *f = res->form;
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "form", f->name);
    cJSON_AddStringToObject(root, "formula", f->formula);
    cJSON_AddItemToObject(root, "params", param_object(f, res->params));
    cJSON *fixed = cJSON_AddArrayToObject(root, "fixed");
    for (int j = 0; j < f->n_params; j++)
        if (res->fixed[j]) cJSON_AddItemToArray(fixed, cJSON_CreateString(f->param_names[j]));
    cJSON *tied = cJSON_AddObjectToObject(root, "tied");
    for (int j = 0; j < f->n_params; j++)
        if (res->tied[j] >= 0) cJSON_AddStringToObject(tied, f->param_names[j], f->param_names[res->tied[j]]);
    if (res->se_available) {
        cJSON_AddItemToObject(root, "se", param_object(f, res->se));
        cJSON_AddStringToObject(root, "se_method", res->se_method);
        cJSON_AddItemToObject(root, "covariance", matrix_object(res, res->cov));
        cJSON_AddItemToObject(root, "correlation", matrix_object(res, res->corr));
    } else {
        cJSON_AddNullToObject(root, "se");
        cJSON_AddStringToObject(root, "se_method", "unavailable (no residual in the quadratic zone, or too few points); use --bootstrap");
    }
    add_number(root, "objective", res->objective);
    cJSON_AddStringToObject(root, "loss", ec_fit_option_table()->rows[1].choices[opt->loss]);
    cJSON_AddStringToObject(root, "fit_space", res->fit_space);
    cJSON_AddNumberToObject(root, "n_points", (double)res->n_points);
    cJSON_AddNumberToObject(root, "dof", res->dof);
    add_number(root, "r2", res->r2);
    add_number(root, "rmse", res->rmse);
    add_number(root, "rmse_log", res->rmse_log);
    add_number(root, "aic", res->aic);
    add_number(root, "bic", res->bic);
    if (opt->loss == EC_LOSS_HUBER) cJSON_AddNumberToObject(root, "n_quadratic_zone", (double)res->n_quadratic);
    cJSON *st = cJSON_AddObjectToObject(root, "starts");
    cJSON_AddNumberToObject(st, "total", (double)res->starts_total);
    cJSON_AddNumberToObject(st, "converged", (double)res->starts_converged);
    cJSON_AddNumberToObject(st, "at_best", (double)res->starts_at_best);
    cJSON_AddNumberToObject(st, "evaluations", (double)res->evaluations);
    cJSON_AddStringToObject(root, "status", res->status);
    cJSON_AddBoolToObject(root, "converged", res->converged);
    cJSON_AddStringToObject(root, "engine", res->engine);
    cJSON_AddStringToObject(root, "version", EC_VERSION_STRING);
    add_seed(root, "seed", opt->seed);
    cJSON_AddStringToObject(root, "input_sha256", ds->sha256);
    cJSON *in = cJSON_AddObjectToObject(root, "input");
    cJSON_AddStringToObject(in, "path", cli->data);
    cJSON_AddStringToObject(in, "columns", cli->columns);
    cJSON_AddStringToObject(in, "where", cli->where);
    cJSON_AddNumberToObject(in, "drop_highest", cli->drop_highest);
    cJSON_AddNumberToObject(in, "rows_read", (double)(rows_read + ds->n_filtered + ds->n_skipped_empty));
    cJSON_AddNumberToObject(in, "rows_filtered", (double)ds->n_filtered);
    cJSON_AddNumberToObject(in, "rows_skipped_empty", (double)ds->n_skipped_empty);
    cJSON_AddNumberToObject(in, "rows_dropped_highest", (double)ds->n_dropped);
    cJSON *der = cJSON_AddArrayToObject(in, "derived");
    if (ds->derived & (1u << EC_ROLE_D)) cJSON_AddItemToArray(der, cJSON_CreateString("D = C/(6N)"));
    if (ds->derived & (1u << EC_ROLE_C)) cJSON_AddItemToArray(der, cJSON_CreateString("C = 6ND"));
    cJSON_AddItemToObject(root, "options", options_object(opt));
    if (boot) {
        cJSON *b = cJSON_AddObjectToObject(root, "bootstrap");
        cJSON_AddNumberToObject(b, "replicates", (double)boot->replicates);
        add_seed(b, "seed", boot->seed);
        cJSON_AddNumberToObject(b, "failed", (double)boot->failed);
        cJSON_AddItemToObject(b, "start", param_object(f, boot->start));
        cJSON_AddItemToObject(b, "mean", param_object(f, boot->mean));
        cJSON_AddItemToObject(b, "se", param_object(f, boot->se));
        cJSON *ci = cJSON_AddObjectToObject(b, "ci95");
        for (int j = 0; j < f->n_params; j++) {
            double pair[2] = {boot->ci_lo[j], boot->ci_hi[j]};
            cJSON_AddItemToObject(ci, f->param_names[j], cJSON_CreateDoubleArray(pair, 2));
        }
        if (cli->replicates_out[0]) cJSON_AddStringToObject(b, "replicates_file", cli->replicates_out);
    }
    return root;
}

static void print_report(FILE *out, const fit_cli *cli, const ec_fit_options *opt, const ec_dataset *ds,
                         size_t rows_read, const ec_nlfit_result *res, const ec_nlboot *boot)
{
    const ec_form *f = res->form;
    char buf[128];
    fprintf(out, "effcomp %s: %s fit, %s\n", EC_VERSION_STRING, f->name, f->formula);
    fprintf(out, "data:      %s (sha256 %.16s...)\n", cli->data, ds->sha256);
    fprintf(out, "points:    %zu used of %zu rows", res->n_points, rows_read + ds->n_filtered + ds->n_skipped_empty);
    if (ds->n_filtered) fprintf(out, "; %zu removed by --where", ds->n_filtered);
    if (ds->n_skipped_empty) fprintf(out, "; %zu with empty cells skipped", ds->n_skipped_empty);
    if (ds->n_dropped) fprintf(out, "; %zu highest-loss dropped", ds->n_dropped);
    fputc('\n', out);
    if (ds->derived & (1u << EC_ROLE_D)) fputs("derived:   D = C/(6N) (no token column mapped)\n", out);
    if (ds->derived & (1u << EC_ROLE_C)) fputs("derived:   C = 6ND (no compute column mapped)\n", out);
    fprintf(out, "loss:      %s\n", loss_text(opt, buf, sizeof buf));
    fprintf(out, "starts:    %zu total, %zu converged, %zu at the best objective\n", res->starts_total,
            res->starts_converged, res->starts_at_best);
    fprintf(out, "status:    %s\n", res->status);
    fprintf(out, "objective: %.10e   R^2 (%s space): %.6g   RMSE: %.4g", res->objective, res->fit_space, res->r2,
            res->rmse);
    if (isfinite(res->rmse_log)) fprintf(out, "   RMSE of log: %.4g", res->rmse_log);
    fprintf(out, "\n           n = %zu, dof = %d, AIC = %.6g, BIC = %.6g", res->n_points, res->dof, res->aic, res->bic);
    if (opt->loss == EC_LOSS_HUBER) fprintf(out, ", %zu points within delta", res->n_quadratic);
    fputs("\n\n", out);
    fprintf(out, "Final set of parameters     %s standard error\n", res->se_available ? res->se_method : "no");
    fputs("=======================     ==============================\n", out);
    for (int j = 0; j < f->n_params; j++) {
        fprintf(out, "%-6s = %-18.8g", f->param_names[j], res->params[j]);
        if (res->fixed[j]) fputs("  (fixed)", out);
        else if (res->tied[j] >= 0) fprintf(out, "  (tied to %s)", f->param_names[res->tied[j]]);
        else if (res->se_available)
            fprintf(out, "  +/- %-12.4g (%.3g%%)", res->se[j], 100.0 * res->se[j] / fabs(res->params[j]));
        fputc('\n', out);
    }
    if (res->se_available && res->n_free > 1) {
        fputs("\nCorrelation matrix of the fitted parameters:\n       ", out);
        for (int j = 0; j < f->n_params; j++)
            if (is_free(res, j)) fprintf(out, " %7.7s", f->param_names[j]);
        fputc('\n', out);
        for (int i = 0; i < f->n_params; i++) {
            if (!is_free(res, i)) continue;
            fprintf(out, "%-7.7s", f->param_names[i]);
            for (int j = 0; j <= i; j++)
                if (is_free(res, j)) fprintf(out, " %7.3f", res->corr[i * EC_MAXP + j]);
            fputc('\n', out);
        }
    }
    if (boot) {
        fprintf(out, "\nBootstrap: %zu replicates (seed %llu, %zu did not converge), refit from ", boot->replicates,
                boot->seed, boot->failed);
        if (opt->start[0]) fprintf(out, "%s\n", opt->start);
        else if (ec_nlfit_uses_fast_path(opt)) fputs("Hoffmann et al.'s estimate\n", out);
        else fputs("the fitted parameters\n", out);
        fputs("param          SE            95% percentile interval\n", out);
        for (int j = 0; j < f->n_params; j++) {
            if (res->fixed[j]) continue;
            fprintf(out, "%-6s  %12.4g    [%.6g, %.6g]\n", f->param_names[j], boot->se[j], boot->ci_lo[j], boot->ci_hi[j]);
        }
    }
}

static void write_replicates(FILE *fp, const ec_form *f, const ec_nlboot *b)
{
    fputs("replicate", fp);
    for (int j = 0; j < f->n_params; j++) fprintf(fp, ",%s", f->param_names[j]);
    fputs(",objective,converged\n", fp);
    for (size_t k = 0; k < b->replicates; k++) {
        fprintf(fp, "%zu", k);
        for (int j = 0; j < f->n_params; j++) fprintf(fp, ",%.17g", b->samples[k * (size_t)b->n_params + (size_t)j]);
        fprintf(fp, ",%.17g,%d\n", b->objective[k], b->converged[k]);
    }
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

int cmd_fit(int argc, char **argv)
{
    fit_cli cli;
    memset(&cli, 0, sizeof cli);
    strcpy(cli.columns, "N=N,D=D,L=L");
    ec_fit_options opt = ec_fit_default_options();
    int help = 0;
    if (parse_args(argc, argv, &cli, &opt, &help)) return EXIT_BAD_INPUT;
    if (help == 1) {
        cmd_fit_usage(stdout);
        return EXIT_OK;
    }
    if (help == 2) {
        list_forms(stdout);
        return EXIT_OK;
    }
    if (!cli.data[0]) {
        cli_error("fit: --data FILE is required (see 'effcomp fit --help')");
        return EXIT_BAD_INPUT;
    }
    if (opt.bootstrap == 1) {
        cli_error("fit: --bootstrap needs at least 2 replicates (or 0 for none)");
        return EXIT_BAD_INPUT;
    }
    if (cli.replicates_out[0] && opt.bootstrap == 0) {
        cli_error("fit: --replicates-out needs --bootstrap R");
        return EXIT_BAD_INPUT;
    }

    ec_error err;
    ec_column_map map = {{0}};
    if (ec_column_map_parse(&map, cli.columns, &err) != EC_OK) {
        cli_error("--columns: %s", err.message);
        return EXIT_BAD_INPUT;
    }
    ec_filter_list filters = {0};
    if (parse_where(cli.where, &filters)) {
        ec_column_map_clear(&map);
        ec_filter_list_clear(&filters);
        return EXIT_BAD_INPUT;
    }
    ec_dataset *ds = ec_dataset_load_csv_filtered(cli.data, &map, &filters, &err);
    ec_column_map_clear(&map);
    ec_filter_list_clear(&filters);
    if (!ds) {
        cli_error("%s", err.message);
        return cli_exit_for(err.code);
    }
    size_t rows_read = ds->n;
    if (cli.drop_highest > 0) {
        const ec_form *f = ec_form_find(opt.form);
        ec_role yr = f ? f->y_role : EC_ROLE_L;
        if (yr == EC_ROLE_Y && !ds->col[EC_ROLE_Y]) yr = EC_ROLE_L;
        if (ec_dataset_drop_highest(ds, yr, (size_t)cli.drop_highest, &err) != EC_OK) {
            cli_error("%s", err.message);
            ec_dataset_free(ds);
            return EXIT_BAD_INPUT;
        }
    }

    int status = EXIT_OK;
    ec_nlfit_result res;
    ec_nlboot *boot = NULL;
    cli_outfile json_out = {0}, rep_out = {0};
    /* Open outputs before the work so that an unwritable path fails fast. */
    if (cli.output[0] && cli_out_open(&json_out, cli.output)) {
        ec_dataset_free(ds);
        return EXIT_FAILURE_RUN;
    }
    if (cli.replicates_out[0] && cli_out_open(&rep_out, cli.replicates_out)) {
        if (json_out.fp) cli_out_abort(&json_out);
        ec_dataset_free(ds);
        return EXIT_FAILURE_RUN;
    }

    opt.progress = cli_progress;
    opt.progress_user = (void *)"fit: starts";
    int rc = ec_nlfit(ds, &opt, &res, &err);
    if (rc == EC_OK && opt.bootstrap > 0) {
        opt.progress_user = (void *)"bootstrap: replicates";
        rc = ec_nlfit_bootstrap(ds, &opt, &res, &boot, &err);
    }
    if (rc != EC_OK) {
        cli_error("%s", err.message);
        status = cli_exit_for(rc);
        goto fail;
    }
    if (!res.converged) status = EXIT_NO_CONVERGE;

    if (rep_out.fp) {
        write_replicates(rep_out.fp, res.form, boot);
        if (cli_out_commit(&rep_out)) {
            status = EXIT_FAILURE_RUN;
            goto fail;
        }
    }
    if (json_out.fp) {
        cJSON *root = build_json(&cli, &opt, ds, rows_read, &res, boot);
        char *text = cJSON_Print(root);
        cJSON_Delete(root);
        if (!text) {
            cli_error("out of memory");
            status = EXIT_FAILURE_RUN;
            goto fail;
        }
        fputs(text, json_out.fp);
        fputc('\n', json_out.fp);
        cJSON_free(text);
        if (cli_out_commit(&json_out)) {
            status = EXIT_FAILURE_RUN;
            goto fail;
        }
        cli_note("wrote %s%s%s", cli.output, cli.replicates_out[0] ? " and " : "", cli.replicates_out);
    } else {
        print_report(stdout, &cli, &opt, ds, rows_read, &res, boot);
    }
    if (status == EXIT_NO_CONVERGE) cli_error("fit did not converge: %s", res.status);
    ec_nlboot_free(boot);
    ec_dataset_free(ds);
    return status;

fail:
    if (json_out.fp) cli_out_abort(&json_out);
    if (rep_out.fp) cli_out_abort(&rep_out);
    ec_nlboot_free(boot);
    ec_dataset_free(ds);
    return status;
}
