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
#include "ec_version.h"

/* Settings of the command itself (input and output), settable by name like the fit's. */
typedef struct fit_cli {
    char data[1024];
    char columns[1024];
    int drop_highest;
    char output[1024];
    char replicates_out[1024];
} fit_cli;

#define OFF(field) offsetof(fit_cli, field)
#define SZ(field) sizeof(((fit_cli *)0)->field)
static const ec_option_desc cli_rows[] = {
    {"data", EC_OPT_STRING, OFF(data), SZ(data), 0, 0, NULL, "", "CSV file of points (required)"},
    {"columns", EC_OPT_STRING, OFF(columns), SZ(columns), 0, 0, NULL, "N=N,D=D,L=L",
     "roles to CSV headers, e.g. 'N=Model Size,C=Training FLOP,L=loss' (roles: N D C L date weight x y name)"},
    {"drop_highest", EC_OPT_INT, OFF(drop_highest), 0, 0, 1e9, NULL, "0",
     "drop the K highest-loss points (Epoch drops 5)"},
    {"output", EC_OPT_STRING, OFF(output), SZ(output), 0, 0, NULL, "", "write JSON here (alias -o); else a report on stdout"},
    {"replicates_out", EC_OPT_STRING, OFF(replicates_out), SZ(replicates_out), 0, 0, NULL, "",
     "write the bootstrap replicates' parameters to this CSV"},
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
    fputs("usage: effcomp fit --data FILE [--columns MAP] [options] [-o FILE.json]\n"
          "\n"
          "Fits L(N, D) = E + A/N^alpha + B/D^beta in log space (Besiroglu et al. 2024):\n"
          "minimises the sum of Huber_delta(log L - log Lhat) from each start of\n"
          "Hoffmann et al.'s 4500-point grid and keeps the best. D = C/(6N) when only\n"
          "C is mapped. With --bootstrap R, refits R resamples from Hoffmann's start.\n"
          "\n"
          "Input and output:\n", out);
    print_table(out, &cli_table, NULL);
    fputs("  -o FILE            same as --output\n"
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

static cJSON *param_object(const double v[EC_CHIN_NPARAM])
{
    cJSON *o = cJSON_CreateObject();
    /* Reported in the order of the formula: E, A, B, alpha, beta. */
    static const int order[EC_CHIN_NPARAM] = {EC_CHIN_E, EC_CHIN_A, EC_CHIN_B, EC_CHIN_ALPHA, EC_CHIN_BETA};
    for (int k = 0; k < EC_CHIN_NPARAM; k++) {
        int j = order[k];
        if (isfinite(v[j])) cJSON_AddNumberToObject(o, ec_chin_param_names[j], v[j]);
        else cJSON_AddNullToObject(o, ec_chin_param_names[j]);
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
        char buf[300];
        ec_option_get(t, opt, d->name, buf, sizeof buf, NULL);
        if (d->type == EC_OPT_DOUBLE || d->type == EC_OPT_INT) cJSON_AddNumberToObject(o, d->name, strtod(buf, NULL));
        else if (d->type == EC_OPT_U64) add_seed(o, d->name, opt->seed);
        else cJSON_AddStringToObject(o, d->name, buf);
    }
    return o;
}

static cJSON *build_json(const fit_cli *cli, const ec_fit_options *opt, const ec_dataset *ds,
                         size_t rows_read, const ec_fit_result *res, const ec_bootstrap_result *boot)
{
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "form", "chinchilla");
    cJSON_AddStringToObject(root, "formula", "L = E + A/N^alpha + B/D^beta");
    cJSON_AddItemToObject(root, "params", param_object(res->params));
    if (res->se_available) {
        cJSON_AddItemToObject(root, "se", param_object(res->se));
        cJSON_AddStringToObject(root, "se_method", res->se_method);
    } else {
        cJSON_AddNullToObject(root, "se");
        cJSON_AddStringToObject(root, "se_method", "unavailable (no residual in the quadratic zone); use --bootstrap");
    }
    if (isfinite(res->objective)) cJSON_AddNumberToObject(root, "objective", res->objective);
    else cJSON_AddNullToObject(root, "objective");
    cJSON_AddNumberToObject(root, "n_points", (double)res->n_points);
    cJSON *st = cJSON_AddObjectToObject(root, "starts");
    cJSON_AddNumberToObject(st, "total", (double)res->starts_total);
    cJSON_AddNumberToObject(st, "converged", (double)res->starts_converged);
    cJSON_AddNumberToObject(st, "at_best", (double)res->starts_at_best);
    cJSON_AddNumberToObject(st, "evaluations", (double)res->evaluations);
    cJSON_AddStringToObject(root, "status", res->status);
    cJSON_AddBoolToObject(root, "converged", res->converged);
    cJSON_AddNumberToObject(root, "rmse_log", res->rmse_log);
    cJSON_AddNumberToObject(root, "n_quadratic_zone", (double)res->n_quadratic);
    cJSON_AddStringToObject(root, "version", EC_VERSION_STRING);
    add_seed(root, "seed", opt->seed);
    cJSON_AddStringToObject(root, "input_sha256", ds->sha256);
    cJSON *in = cJSON_AddObjectToObject(root, "input");
    cJSON_AddStringToObject(in, "path", cli->data);
    cJSON_AddStringToObject(in, "columns", cli->columns);
    cJSON_AddNumberToObject(in, "rows_read", (double)rows_read);
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
        double start[EC_CHIN_NPARAM];
        for (int j = 0; j < EC_CHIN_NPARAM; j++) start[j] = j < 3 ? exp(boot->start[j]) : boot->start[j];
        cJSON_AddItemToObject(b, "start", param_object(start));
        cJSON_AddItemToObject(b, "mean", param_object(boot->mean));
        cJSON_AddItemToObject(b, "se", param_object(boot->se));
        cJSON *ci = cJSON_AddObjectToObject(b, "ci95");
        static const int order[EC_CHIN_NPARAM] = {EC_CHIN_E, EC_CHIN_A, EC_CHIN_B, EC_CHIN_ALPHA, EC_CHIN_BETA};
        for (int k = 0; k < EC_CHIN_NPARAM; k++) {
            int j = order[k];
            double pair[2] = {boot->ci_lo[j], boot->ci_hi[j]};
            cJSON_AddItemToObject(ci, ec_chin_param_names[j], cJSON_CreateDoubleArray(pair, 2));
        }
        if (cli->replicates_out[0]) cJSON_AddStringToObject(b, "replicates_file", cli->replicates_out);
    }
    return root;
}

static void print_report(FILE *out, const fit_cli *cli, const ec_fit_options *opt, const ec_dataset *ds,
                         size_t rows_read, const ec_fit_result *res, const ec_bootstrap_result *boot)
{
    static const int order[EC_CHIN_NPARAM] = {EC_CHIN_E, EC_CHIN_A, EC_CHIN_B, EC_CHIN_ALPHA, EC_CHIN_BETA};
    fprintf(out, "effcomp %s: chinchilla fit, L = E + A/N^alpha + B/D^beta\n", EC_VERSION_STRING);
    fprintf(out, "data:      %s (sha256 %.16s...)\n", cli->data, ds->sha256);
    fprintf(out, "points:    %zu used of %zu rows", res->n_points, rows_read);
    if (ds->n_dropped) fprintf(out, "; %zu highest-loss dropped", ds->n_dropped);
    if (ds->n_skipped_empty) fprintf(out, "; %zu with empty cells skipped", ds->n_skipped_empty);
    fputc('\n', out);
    if (ds->derived & (1u << EC_ROLE_D)) fputs("derived:   D = C/(6N) (no token column mapped)\n", out);
    if (ds->derived & (1u << EC_ROLE_C)) fputs("derived:   C = 6ND (no compute column mapped)\n", out);
    if (opt->loss == EC_LOSS_HUBER) fprintf(out, "loss:      Huber (delta = %g) on log L\n", opt->delta);
    else fputs("loss:      least squares on log L\n", out);
    fprintf(out, "starts:    %zu total, %zu converged, %zu at the best objective\n", res->starts_total,
            res->starts_converged, res->starts_at_best);
    fprintf(out, "status:    %s\n", res->status);
    fprintf(out, "objective: %.10e   (RMSE of log L: %.4g; %zu points within delta)\n\n", res->objective,
            res->rmse_log, res->n_quadratic);
    fprintf(out, "Final set of parameters     %s standard error\n", res->se_available ? res->se_method : "no");
    fputs("=======================     ==============================\n", out);
    for (int k = 0; k < EC_CHIN_NPARAM; k++) {
        int j = order[k];
        fprintf(out, "%-6s = %-18.8g", ec_chin_param_names[j], res->params[j]);
        if (res->se_available)
            fprintf(out, "  +/- %-12.4g (%.3g%%)", res->se[j], 100.0 * res->se[j] / fabs(res->params[j]));
        fputc('\n', out);
    }
    if (boot) {
        fprintf(out, "\nBootstrap: %zu replicates (seed %llu, %zu did not converge), refit from ",
                boot->replicates, boot->seed, boot->failed);
        fprintf(out, "%s\n", opt->start[0] ? opt->start : "Hoffmann et al.'s estimate");
        fputs("param          SE            95% percentile interval\n", out);
        for (int k = 0; k < EC_CHIN_NPARAM; k++) {
            int j = order[k];
            fprintf(out, "%-6s  %12.4g    [%.6g, %.6g]\n", ec_chin_param_names[j], boot->se[j], boot->ci_lo[j],
                    boot->ci_hi[j]);
        }
    }
}

static int write_replicates(cli_outfile *o, const ec_bootstrap_result *b)
{
    FILE *fp = o->fp;
    fputs("replicate,A,B,E,alpha,beta,objective,converged\n", fp);
    for (size_t k = 0; k < b->replicates; k++) {
        const double *p = b->samples + k * EC_CHIN_NPARAM;
        fprintf(fp, "%zu,%.17g,%.17g,%.17g,%.17g,%.17g,%.17g,%d\n", k, p[0], p[1], p[2], p[3], p[4],
                b->objective[k], b->converged[k]);
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
    if (help) {
        cmd_fit_usage(stdout);
        return EXIT_OK;
    }
    if (!cli.data[0]) {
        cli_error("fit: --data FILE is required (see 'effcomp fit --help')");
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
    ec_dataset *ds = ec_dataset_load_csv(cli.data, &map, &err);
    ec_column_map_clear(&map);
    if (!ds) {
        cli_error("%s", err.message);
        return cli_exit_for(err.code);
    }
    size_t rows_read = ds->n;
    if (cli.drop_highest > 0 && ec_dataset_drop_highest(ds, EC_ROLE_L, (size_t)cli.drop_highest, &err) != EC_OK) {
        cli_error("%s", err.message);
        ec_dataset_free(ds);
        return EXIT_BAD_INPUT;
    }

    int status = EXIT_OK;
    ec_fit_result res;
    ec_bootstrap_result *boot = NULL;
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
    int rc = ec_fit_chinchilla(ds, &opt, &res, &err);
    if (rc == EC_OK && opt.bootstrap > 0) {
        opt.progress_user = (void *)"bootstrap: replicates";
        rc = ec_bootstrap_chinchilla(ds, &opt, &boot, &err);
    }
    if (rc != EC_OK) {
        cli_error("%s", err.message);
        status = cli_exit_for(rc);
        goto fail;
    }
    if (!res.converged) status = EXIT_NO_CONVERGE;

    if (rep_out.fp) {
        write_replicates(&rep_out, boot);
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
    ec_bootstrap_free(boot);
    ec_dataset_free(ds);
    return status;

fail:
    if (json_out.fp) cli_out_abort(&json_out);
    if (rep_out.fp) cli_out_abort(&rep_out);
    ec_bootstrap_free(boot);
    ec_dataset_free(ds);
    return status;
}
