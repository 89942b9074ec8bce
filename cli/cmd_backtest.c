/* cmd_backtest.c — `effcomp backtest` (fit on the smaller-scale points, score
 * the held-out larger ones) and `effcomp compare` (rank forms by AIC/BIC and
 * backtest error on the same data). */
#include <cjson/cJSON.h>
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "cli_util.h"
#include "commands.h"
#include "ec_backtest.h"
#include "ec_version.h"
#include "fitcommon.h"

typedef struct holdout_opts {
    char above[64];
    double fraction;
    char by[16];
    char forms[512];
} holdout_opts;

/* Checked when the option is set (so `effcomp run` checks them before any step runs). */
static int check_above(const char *value, ec_error *err)
{
    char *end;
    double v = strtod(value, &end);
    if (end == value || *end || !isfinite(v))
        return ec_error_set(err, EC_EINVAL, "--holdout-above: '%s' is not a number (e.g. 1e21, or 2023.5 for a date)", value);
    return EC_OK;
}

static int check_by(const char *value, ec_error *err)
{
    int r = ec_role_from_name(value);
    if (r < 0 || r == EC_ROLE_NAME || r == EC_ROLE_WEIGHT)
        return ec_error_set(err, EC_EINVAL, "--holdout-by: '%s' is not a numeric role (C, N, D, x, date, L, y)", value);
    return EC_OK;
}

#define OFF(field) offsetof(holdout_opts, field)
#define SZ(field) sizeof(((holdout_opts *)0)->field)
static const ec_option_desc holdout_rows[] = {
    {"holdout_above", EC_OPT_STRING, OFF(above), SZ(above), 0, 0, NULL, "",
     "hold out the points whose ordering value is above this (e.g. 1e21 FLOP)", check_above},
    {"holdout_fraction", EC_OPT_DOUBLE, OFF(fraction), 0, 0, 0.99, NULL, "",
     "hold out this fraction of the points, the largest by the ordering value", NULL},
    {"holdout_by", EC_OPT_STRING, OFF(by), SZ(by), 0, 0, NULL, "C or x",
     "ordering role: C (compute; 6ND when only N and D are given), N, D, x, date, L, y", check_by},
};
static const ec_option_desc compare_rows[] = {
    {"forms", EC_OPT_STRING, OFF(forms), SZ(forms), 0, 0, NULL, "",
     "comma-separated forms to compare (see 'effcomp fit --list-forms')", NULL},
};
#undef OFF
#undef SZ
static const ec_option_table holdout_table = {"holdout", holdout_rows, sizeof holdout_rows / sizeof holdout_rows[0]};
static const ec_option_table compare_table = {"compare", compare_rows, 1};

void cmd_backtest_usage(FILE *out)
{
    fputs("usage: effcomp backtest --data FILE --columns MAP --form F\n"
          "                        (--holdout-above VALUE | --holdout-fraction F) [fit options] [-o FILE.json]\n"
          "\n"
          "Fits the form on the smaller-scale points only and reports the extrapolation\n"
          "error on the held-out larger-scale ones: per point and as RMSLE, mean log\n"
          "ratio (bias), MAE and MAPE. Points are ordered by compute C by default.\n"
          "\nHoldout options:\n", out);
    cli_print_option_table(out, &holdout_table);
    fputs("\nData options and fit options: as for 'effcomp fit' (see 'effcomp fit --help').\n"
          "\nExample:\n"
          "  effcomp backtest --data data/epoch_chinchilla_svg_extracted_data.csv \\\n"
          "    --columns 'N=Model Size,C=Training FLOP,L=loss' --drop-highest 5 --holdout-above 1e21\n", out);
    cli_print_common_flags(out);
}

void cmd_compare_usage(FILE *out)
{
    fputs("usage: effcomp compare --data FILE --columns MAP --forms F1,F2,...\n"
          "                       [--holdout-above VALUE | --holdout-fraction F] [fit options] [-o FILE.json]\n"
          "\n"
          "Fits each form to the same points with the same loss and ranks them by AIC\n"
          "(with BIC, R^2 and RMSE), and, with a holdout, by backtest RMSLE. AIC and BIC\n"
          "use the residuals in the fit space (log for huber and ls-log); with huber\n"
          "they are indicative only.\n"
          "\nCompare options:\n", out);
    cli_print_option_table(out, &compare_table);
    cli_print_option_table(out, &holdout_table);
    fputs("\nData options and fit options: as for 'effcomp fit'.\n"
          "\nExample:\n"
          "  effcomp compare --data data/epoch_chinchilla_svg_extracted_data.csv \\\n"
          "    --columns 'N=Model Size,C=Training FLOP,L=loss' --drop-highest 5 \\\n"
          "    --forms chinchilla,kaplan-nd,saturating-power --loss ls-log --holdout-fraction 0.2\n"
          "\nExit status: 0 every form fitted and converged; 2 bad input or options;\n"
          "3 some form failed or did not converge (the table and JSON still list every form,\n"
          "the failed ones with their error, and stderr names them).\n", out);
    cli_print_common_flags(out);
}

/* Options of the shared tables that backtest and compare have no use for: refused, not ignored. */
static int refuse_unused_options(const char *cmd, const fit_cli *cli, const ec_fit_options *opt)
{
    if (cli->plot[0]) {
        cli_error("%s: --plot is not available here (see docs/plots.md for the commands that draw)", cmd);
        return -1;
    }
    if (opt->bootstrap || cli->replicates_out[0]) {
        cli_error("%s: --bootstrap and --replicates-out are not used here; bootstrap with 'effcomp fit'", cmd);
        return -1;
    }
    return 0;
}

static int make_holdout(const holdout_opts *ho, ec_holdout *h, int required)
{
    h->by = EC_ROLE_COUNT;
    h->fraction = ho->fraction;
    h->above = NAN;
    if (ho->by[0]) {
        int r = ec_role_from_name(ho->by);
        if (r < 0 || r == EC_ROLE_NAME || r == EC_ROLE_WEIGHT) {
            cli_error("--holdout-by: '%s' is not a numeric role (C, N, D, x, date, L, y)", ho->by);
            return -1;
        }
        h->by = (ec_role)r;
    }
    if (ho->above[0]) {
        char *end;
        h->above = strtod(ho->above, &end);
        if (end == ho->above || *end || !isfinite(h->above)) {
            cli_error("--holdout-above: '%s' is not a number", ho->above);
            return -1;
        }
    }
    int have_above = ho->above[0] != 0, have_frac = ho->fraction > 0;
    if (have_above && have_frac) {
        cli_error("give one of --holdout-above and --holdout-fraction, not both");
        return -1;
    }
    if (required && !have_above && !have_frac) {
        cli_error("backtest: give --holdout-above VALUE or --holdout-fraction F with 0 < F <= 0.99 (0 means none; see 'effcomp backtest --help')");
        return -1;
    }
    return have_above || have_frac;
}

static cJSON *backtest_json(const ec_backtest_result *bt)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "holdout_by", ec_role_name(bt->by));
    cli_json_number(o, "threshold", bt->threshold);
    cJSON_AddNumberToObject(o, "n_train", (double)bt->n_train);
    cJSON_AddNumberToObject(o, "n_test", (double)bt->n_test);
    cli_json_number(o, "rmsle", bt->rmsle);
    cli_json_number(o, "mean_log_ratio", bt->mean_log_ratio);
    cli_json_number(o, "mae", bt->mae);
    cli_json_number(o, "mape", bt->mape);
    return o;
}

int cmd_backtest(int argc, char **argv)
{
    fit_cli cli;
    fit_cli_init(&cli);
    ec_fit_options opt = ec_fit_default_options();
    holdout_opts ho;
    memset(&ho, 0, sizeof ho);
    cli_optset sets[] = {{&holdout_table, &ho}, {&fit_cli_table, &cli}, {ec_fit_option_table(), &opt}};
    int help = 0;
    if (cli_parse_options(argc, argv, "backtest", sets, 3, &help)) return EXIT_BAD_INPUT;
    if (help) {
        cmd_backtest_usage(stdout);
        return EXIT_OK;
    }
    if (refuse_unused_options("backtest", &cli, &opt)) return EXIT_BAD_INPUT;
    if (cli_check_fit_paths("backtest", &cli, NULL, NULL)) return EXIT_BAD_INPUT;
    ec_holdout h;
    if (make_holdout(&ho, &h, 1) < 0) return EXIT_BAD_INPUT;
    size_t rows_read;
    int status;
    ec_dataset *ds = cli_load_dataset(&cli, opt.form, &rows_read, &status);
    if (!ds) return status;
    ec_backtest_result bt;
    ec_error err;
    int rc = ec_backtest(ds, &opt, &h, &bt, &err);
    if (rc) {
        cli_error("%s", err.message);
        ec_dataset_free(ds);
        return cli_exit_for(rc);
    }
    const ec_form *f = bt.fit.form;
    if (cli.output[0]) {
        cJSON *root = cJSON_CreateObject();
        cJSON_AddStringToObject(root, "form", f->name);
        cJSON_AddStringToObject(root, "formula", f->formula);
        cJSON_AddItemToObject(root, "params", cli_json_params(f, bt.fit.params));
        cJSON_AddStringToObject(root, "status", bt.fit.status);
        cJSON_AddItemToObject(root, "backtest", backtest_json(&bt));
        cJSON *pts = cJSON_AddArrayToObject(root, "points");
        for (size_t i = 0; i < bt.n_test; i++) {
            cJSON *p = cJSON_CreateObject();
            cJSON_AddNumberToObject(p, "line", (double)bt.line[i]);
            cli_json_number(p, ec_role_name(bt.by), bt.by_value[i]);
            cli_json_number(p, "y", bt.y[i]);
            cli_json_number(p, "y_hat", bt.y_hat[i]);
            cli_json_number(p, "log_ratio", bt.y_hat[i] > 0 && bt.y[i] > 0 ? log(bt.y_hat[i] / bt.y[i]) : NAN);
            cJSON_AddItemToArray(pts, p);
        }
        cli_json_provenance(root, &cli, ds, rows_read, &opt);
        status = cli_write_json(cli.output, root);
        cJSON_Delete(root);
    } else {
        printf("effcomp %s: backtest of %s, %s\n", EC_VERSION_STRING, f->name, f->formula);
        printf("split:     %zu training points with %s <= %.6g; %zu held out above\n", bt.n_train, ec_role_name(bt.by),
               bt.threshold, bt.n_test);
        printf("fit:       %s\n", bt.fit.status);
        printf("params:   ");
        for (int j = 0; j < f->n_params; j++) printf(" %s=%.6g", f->param_names[j], bt.fit.params[j]);
        printf("\n\nheld-out points (line: %s, y, predicted, log ratio):\n", ec_role_name(bt.by));
        for (size_t i = 0; i < bt.n_test; i++)
            printf("  %5zu: %-12.6g %-12.6g %-12.6g %+.4f\n", bt.line[i], bt.by_value[i], bt.y[i], bt.y_hat[i],
                   bt.y_hat[i] > 0 && bt.y[i] > 0 ? log(bt.y_hat[i] / bt.y[i]) : NAN);
        printf("\nRMSLE %.6g   mean log ratio %+.6g (positive: over-predicts)   MAE %.6g   MAPE %.4g%%\n", bt.rmsle,
               bt.mean_log_ratio, bt.mae, 100 * bt.mape);
    }
    if (status == EXIT_OK && !bt.fit.converged) {
        cli_error("the fit on the training points did not converge: %s", bt.fit.status);
        status = EXIT_NO_CONVERGE;
    }
    ec_backtest_clear(&bt);
    ec_dataset_free(ds);
    return status;
}

typedef struct compare_row {
    const ec_form *form;
    ec_nlfit_result fit;
    ec_backtest_result bt;
    int have_bt;
    int failed;
    char error[1100];
} compare_row;

static int cmp_aic(const void *a, const void *b)
{
    const compare_row *x = a, *y = b;
    if (x->failed != y->failed) return x->failed - y->failed;
    return (x->fit.aic > y->fit.aic) - (x->fit.aic < y->fit.aic);
}

int cmd_compare(int argc, char **argv)
{
    fit_cli cli;
    fit_cli_init(&cli);
    ec_fit_options opt = ec_fit_default_options();
    holdout_opts ho;
    memset(&ho, 0, sizeof ho);
    cli_optset sets[] = {{&compare_table, &ho}, {&holdout_table, &ho}, {&fit_cli_table, &cli}, {ec_fit_option_table(), &opt}};
    int help = 0;
    if (cli_parse_options(argc, argv, "compare", sets, 4, &help)) return EXIT_BAD_INPUT;
    if (help) {
        cmd_compare_usage(stdout);
        return EXIT_OK;
    }
    if (refuse_unused_options("compare", &cli, &opt)) return EXIT_BAD_INPUT;
    if (cli_check_fit_paths("compare", &cli, NULL, NULL)) return EXIT_BAD_INPUT;
    if (!ho.forms[0]) {
        cli_error("compare: --forms F1,F2,... is required (see 'effcomp fit --list-forms')");
        return EXIT_BAD_INPUT;
    }
    ec_holdout h;
    int with_bt = make_holdout(&ho, &h, 0);
    if (with_bt < 0) return EXIT_BAD_INPUT;
    compare_row rows[16];
    int nrows = 0;
    char buf[512];
    snprintf(buf, sizeof buf, "%s", ho.forms);
    for (char *save = NULL, *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        while (*tok == ' ') tok++;
        const ec_form *f = ec_form_find(tok);
        if (!f) {
            cli_error("compare: unknown form '%s' (see 'effcomp fit --list-forms')", tok);
            return EXIT_BAD_INPUT;
        }
        if (nrows == 16) {
            cli_error("compare: at most 16 forms");
            return EXIT_BAD_INPUT;
        }
        for (int r = 0; r < nrows; r++)
            if (rows[r].form == f) {
                cli_error("compare: form '%s' is listed twice in --forms; list each form once", f->name);
                return EXIT_BAD_INPUT;
            }
        memset(&rows[nrows], 0, sizeof rows[nrows]);
        rows[nrows++].form = f;
    }
    if (nrows > 0 && cli_list_has_empty_item(ho.forms)) {
        cli_error("compare: --forms '%s' has an empty item (two commas in a row, or one at an end); remove it",
                  ho.forms);
        return EXIT_BAD_INPUT;
    }
    if (nrows == 0) {
        cli_error("compare: --forms needs at least one form (e.g. 'chinchilla,kaplan-nd')");
        return EXIT_BAD_INPUT;
    }
    size_t rows_read;
    int status;
    ec_dataset *ds = cli_load_dataset(&cli, rows[0].form->name, &rows_read, &status);
    if (!ds) return status;
    for (int r = 0; r < nrows; r++) {
        ec_fit_options o = opt;
        snprintf(o.form, sizeof o.form, "%s", rows[r].form->name);
        ec_error err;
        if (ec_nlfit(ds, &o, &rows[r].fit, &err) != EC_OK) {
            rows[r].failed = 1;
            snprintf(rows[r].error, sizeof rows[r].error, "%s", err.message);
            continue;
        }
        if (with_bt) {
            if (ec_backtest(ds, &o, &h, &rows[r].bt, &err) == EC_OK) rows[r].have_bt = 1;
            else
                snprintf(rows[r].error, sizeof rows[r].error, "%s%s",
                         strncmp(err.message, "backtest", 8) == 0 ? "" : "backtest: ", err.message);
        }
    }
    /* Nothing to compare is bad input, not a result: no form could be fitted, or (with a
     * holdout) no form could be backtested, e.g. nothing held out. Nothing is written. */
    int fitted = 0, tested = 0;
    for (int r = 0; r < nrows; r++) {
        fitted += !rows[r].failed;
        tested += rows[r].have_bt;
    }
    if (!fitted || (with_bt && !tested)) {
        for (int r = 0; r < nrows; r++)
            cli_error("compare: form %s: %s", rows[r].form->name,
                      rows[r].error[0] ? rows[r].error : "no backtest");
        cli_error("compare: %s, so there is nothing to compare; nothing written",
                  !fitted ? "no form could be fitted to these points" : "no form could be backtested");
        for (int r = 0; r < nrows; r++) ec_backtest_clear(&rows[r].bt);
        ec_dataset_free(ds);
        return EXIT_BAD_INPUT;
    }
    qsort(rows, (size_t)nrows, sizeof rows[0], cmp_aic);
    double best_aic = rows[0].failed ? NAN : rows[0].fit.aic;
    if (cli.output[0]) {
        cJSON *root = cJSON_CreateObject();
        cJSON *arr = cJSON_AddArrayToObject(root, "forms");
        for (int r = 0; r < nrows; r++) {
            cJSON *o = cJSON_CreateObject();
            cJSON_AddStringToObject(o, "form", rows[r].form->name);
            if (rows[r].failed) {
                cJSON_AddStringToObject(o, "error", rows[r].error);
            } else {
                const ec_nlfit_result *fr = &rows[r].fit;
                cJSON_AddItemToObject(o, "params", cli_json_params(fr->form, fr->params));
                cJSON_AddNumberToObject(o, "k", fr->n_free);
                cli_json_number(o, "objective", fr->objective);
                cli_json_number(o, "r2", fr->r2);
                cli_json_number(o, "rmse", fr->rmse);
                cli_json_number(o, "rmse_log", fr->rmse_log);
                cli_json_number(o, "aic", fr->aic);
                cli_json_number(o, "delta_aic", fr->aic - best_aic);
                cli_json_number(o, "bic", fr->bic);
                cJSON_AddStringToObject(o, "status", fr->status);
                if (rows[r].have_bt) cJSON_AddItemToObject(o, "backtest", backtest_json(&rows[r].bt));
                else if (rows[r].error[0]) cJSON_AddStringToObject(o, "error", rows[r].error);
            }
            cJSON_AddItemToArray(arr, o);
        }
        cJSON_AddStringToObject(root, "fit_space", opt.loss == EC_LOSS_LS ? "linear" : "log");
        cli_json_provenance(root, &cli, ds, rows_read, &opt);
        status = cli_write_json(cli.output, root);
        cJSON_Delete(root);
    } else {
        printf("effcomp %s: compare on %s (%zu points, fit space %s)\n\n", EC_VERSION_STRING, cli.data, ds->n,
               opt.loss == EC_LOSS_LS ? "linear" : "log");
        printf("%-17s %3s %12s %10s %10s %10s %9s", "form", "k", "objective", "R^2", "AIC", "BIC", "dAIC");
        if (with_bt) printf(" %10s %10s", "bt RMSLE", "bt bias");
        printf("\n");
        for (int r = 0; r < nrows; r++) {
            if (rows[r].failed) {
                printf("%-17s failed: %s\n", rows[r].form->name, rows[r].error);
                continue;
            }
            const ec_nlfit_result *fr = &rows[r].fit;
            printf("%-17s %3d %12.6g %10.6f %10.2f %10.2f %9.2f", rows[r].form->name, fr->n_free, fr->objective, fr->r2,
                   fr->aic, fr->bic, fr->aic - best_aic);
            if (rows[r].have_bt) printf(" %10.4g %+10.4g", rows[r].bt.rmsle, rows[r].bt.mean_log_ratio);
            else if (with_bt) printf(" %10s %10s", "-", "-");
            printf("%s\n", fr->converged ? "" : "   (not converged)");
        }
        if (with_bt && nrows)
            printf("\nbacktest: fit below the holdout threshold, scored above it (%s).\n",
                   ho.fraction > 0 ? "largest fraction held out" : "--holdout-above");
    }
    /* The table and the JSON are complete either way; the exit status says whether every form made it. */
    int bad = 0;
    for (int r = 0; r < nrows; r++) {
        if (rows[r].failed)
            cli_error("compare: form %s failed: %s", rows[r].form->name, rows[r].error);
        else if (!rows[r].fit.converged)
            cli_error("compare: form %s did not converge: %s", rows[r].form->name, rows[r].fit.status);
        else
            continue;
        bad++;
    }
    if (status == EXIT_OK && bad) status = EXIT_NO_CONVERGE;
    for (int r = 0; r < nrows; r++) ec_backtest_clear(&rows[r].bt);
    ec_dataset_free(ds);
    return status;
}
