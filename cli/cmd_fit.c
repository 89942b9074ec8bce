/* realpath() is X/Open. */
#define _XOPEN_SOURCE 700
/* cmd_fit.c — `effcomp fit`: load a CSV, fit a scaling law, optionally
 * bootstrap it, and write JSON (-o) or a readable report (stdout). */
#include <cjson/cJSON.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <limits.h>
#include <string.h>

#include "cli_util.h"
#include "commands.h"
#include "ec_dataset.h"
#include "ec_fit.h"
#include "ec_form.h"
#include "ec_nlfit.h"
#include "ec_version.h"
#include "fitcommon.h"

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
    cli_print_option_table(out, &fit_cli_table);
    fputs("  -o FILE            same as --output\n"
          "  --list-forms       list the forms with their formulas and parameters\n"
          "  -q, --quiet        no notes on stderr\n"
          "\nFit options:\n", out);
    cli_print_option_table(out, ec_fit_option_table());
    fputs("\nEvery option can also be given as --set name=value (e.g. --set max_iter=1000).\n"
          "\nExample (Epoch AI's replication of Chinchilla Approach 3):\n"
          "  effcomp fit --data data/epoch_chinchilla_svg_extracted_data.csv \\\n"
          "    --columns 'N=Model Size,C=Training FLOP,L=loss' --drop-highest 5 \\\n"
          "    --loss huber --delta 1e-3 --bootstrap 4000 --seed 42 -o fit.json\n"
          "\nExit status: 0 success, 2 bad input or options, 3 fit did not converge\n"
          "(results still written), 1 other failure.\n", out);
}

/* ---------- output ---------- */

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
            if (is_free(r, j)) cli_json_number(row, r->form->param_names[j], m[i * EC_MAXP + j]);
    }
    return o;
}

static const char *loss_text(const ec_fit_options *opt, char *buf, size_t len)
{
    if (opt->loss == EC_LOSS_HUBER) snprintf(buf, len, "Huber (delta = %g) on log residuals", opt->delta);
    else if (opt->loss == EC_LOSS_HUBER_MLE)
        snprintf(buf, len, "maximum likelihood, Huber density (delta = %g) of log residuals with a fitted scale", opt->delta);
    else if (opt->loss == EC_LOSS_LS_LOG) snprintf(buf, len, "least squares on log residuals");
    else snprintf(buf, len, "least squares");
    return buf;
}

static cJSON *build_json(const fit_cli *cli, const ec_fit_options *opt, const ec_dataset *ds, size_t rows_read,
                         const ec_nlfit_result *res, const ec_boot *boot)
{
    const ec_form *f = res->form;
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "form", f->name);
    cJSON_AddStringToObject(root, "formula", f->formula);
    cJSON_AddItemToObject(root, "params", cli_json_params(f, res->params));
    cJSON *fixed = cJSON_AddArrayToObject(root, "fixed");
    for (int j = 0; j < f->n_params; j++)
        if (res->fixed[j]) cJSON_AddItemToArray(fixed, cJSON_CreateString(f->param_names[j]));
    cJSON *atb = cJSON_AddArrayToObject(root, "at_bound");
    for (int j = 0; j < f->n_params; j++)
        if (res->at_bound[j]) cJSON_AddItemToArray(atb, cJSON_CreateString(f->param_names[j]));
    cJSON *tied = cJSON_AddObjectToObject(root, "tied");
    for (int j = 0; j < f->n_params; j++)
        if (res->tied[j] >= 0) cJSON_AddStringToObject(tied, f->param_names[j], f->param_names[res->tied[j]]);
    if (res->se_available) {
        cJSON_AddItemToObject(root, "se", cli_json_params(f, res->se));
        cJSON_AddStringToObject(root, "se_method", res->se_method);
        cJSON_AddItemToObject(root, "covariance", matrix_object(res, res->cov));
        cJSON_AddItemToObject(root, "correlation", matrix_object(res, res->corr));
    } else {
        cJSON_AddNullToObject(root, "se");
        cJSON_AddStringToObject(root, "se_method", "unavailable (no residual in the quadratic zone, or too few points); use --bootstrap");
    }
    cli_json_number(root, "objective", res->objective);
    cJSON_AddStringToObject(root, "loss", ec_fit_option_table()->rows[1].choices[opt->loss]);
    cJSON_AddStringToObject(root, "fit_space", res->fit_space);
    cJSON_AddNumberToObject(root, "n_points", (double)res->n_points);
    cJSON_AddNumberToObject(root, "dof", res->dof);
    cli_json_number(root, "r2", res->r2);
    cli_json_number(root, "rmse", res->rmse);
    cli_json_number(root, "rmse_log", res->rmse_log);
    cli_json_number(root, "aic", res->aic);
    cli_json_number(root, "bic", res->bic);
    if (opt->loss == EC_LOSS_HUBER) cJSON_AddNumberToObject(root, "n_quadratic_zone", (double)res->n_quadratic);
    if (res->mle) {
        cJSON *sc = cJSON_AddObjectToObject(root, "scale");
        cli_json_number(sc, "sigma", res->sigma);
        cli_json_number(sc, "log_likelihood", res->log_likelihood);
    }
    cJSON *st = cJSON_AddObjectToObject(root, "starts");
    cJSON_AddNumberToObject(st, "total", (double)res->starts_total);
    cJSON_AddNumberToObject(st, "converged", (double)res->starts_converged);
    cJSON_AddNumberToObject(st, "at_best", (double)res->starts_at_best);
    cJSON_AddNumberToObject(st, "evaluations", (double)res->evaluations);
    cJSON_AddNumberToObject(st, "approach_points", (double)res->approach_points);
    cJSON_AddNumberToObject(st, "approach_evaluations", (double)res->approach_evaluations);
    cJSON_AddNumberToObject(st, "approach_retried", (double)res->approach_retried);
    cJSON_AddStringToObject(root, "status", res->status);
    cJSON_AddBoolToObject(root, "converged", res->converged);
    cJSON_AddStringToObject(root, "engine", res->engine);
    cJSON_AddStringToObject(root, "version", EC_VERSION_STRING);
    cli_json_seed(root, "seed", opt->seed);
    cJSON_AddStringToObject(root, "input_sha256", ds->sha256);
    cJSON_AddItemToObject(root, "input", cli_json_input(cli, ds, rows_read));
    cJSON_AddItemToObject(root, "options", cli_json_fit_options(opt));
    if (boot) {
        cJSON *b = cJSON_AddObjectToObject(root, "bootstrap");
        cJSON_AddNumberToObject(b, "replicates", (double)boot->replicates);
        cli_json_seed(b, "seed", boot->seed);
        cJSON_AddNumberToObject(b, "failed", (double)boot->failed);
        cJSON_AddItemToObject(b, "start", cli_json_params(f, boot->start));
        cJSON_AddItemToObject(b, "mean", cli_json_params(f, boot->mean));
        cJSON_AddItemToObject(b, "se", cli_json_params(f, boot->se));
        cJSON *ci = cJSON_AddObjectToObject(b, "ci95");
        for (int j = 0; j < f->n_params; j++) {
            double pair[2] = {boot->ci_lo[j], boot->ci_hi[j]};
            cJSON_AddItemToObject(ci, f->param_names[j], cJSON_CreateDoubleArray(pair, 2));
        }
        if (cli->replicates_out[0]) {
            cJSON_AddStringToObject(b, "replicates_file", cli->replicates_out);
            /* The file is renamed into place after this JSON is built: resolve its folder. */
            char abs[PATH_MAX + 256];
            if (cli_canonical_path(cli->replicates_out, abs, sizeof abs))
                cJSON_AddStringToObject(b, "replicates_file_absolute", abs);
        }
    }
    return root;
}

static void print_report(FILE *out, const fit_cli *cli, const ec_fit_options *opt, const ec_dataset *ds,
                         size_t rows_read, const ec_nlfit_result *res, const ec_boot *boot)
{
    const ec_form *f = res->form;
    char buf[128];
    fprintf(out, "effcomp %s: %s fit, %s\n", EC_VERSION_STRING, f->name, f->formula);
    fprintf(out, "data:      %s (sha256 %.16s...)\n", cli->data, ds->sha256);
    fprintf(out, "points:    %zu used of %zu rows", res->n_points,
            rows_read + ds->n_filtered + ds->n_skipped_empty + ds->n_zero_weight);
    if (ds->n_filtered) fprintf(out, "; %zu removed by --where", ds->n_filtered);
    if (ds->n_skipped_empty) fprintf(out, "; %zu with empty cells skipped", ds->n_skipped_empty);
    if (ds->n_zero_weight) fprintf(out, "; %zu with weight 0 left out", ds->n_zero_weight);
    if (ds->n_dropped) fprintf(out, "; %zu highest-loss dropped", ds->n_dropped);
    fputc('\n', out);
    if (ds->derived & (1u << EC_ROLE_D)) fputs("derived:   D = C/(6N) (no token column mapped)\n", out);
    if (ds->derived & (1u << EC_ROLE_C)) fputs("derived:   C = 6ND (no compute column mapped)\n", out);
    fprintf(out, "loss:      %s\n", loss_text(opt, buf, sizeof buf));
    fprintf(out, "starts:    %zu total, %zu converged, %zu at the best objective\n", res->starts_total,
            res->starts_converged, res->starts_at_best);
    if (res->approach_points) {
        fprintf(out, "           each first fitted by log least squares to %zu points (--approach)", res->approach_points);
        if (res->approach_retried) fprintf(out, "; %zu run again without it", res->approach_retried);
        fputc('\n', out);
    }
    fprintf(out, "status:    %s\n", res->status);
    fprintf(out, "objective: %.10e   R^2 (%s space): %.6g   RMSE: %.4g", res->objective, res->fit_space, res->r2,
            res->rmse);
    if (isfinite(res->rmse_log)) fprintf(out, "   RMSE of log: %.4g", res->rmse_log);
    fprintf(out, "\n           n = %zu, dof = %d, AIC = %.6g, BIC = %.6g", res->n_points, res->dof, res->aic, res->bic);
    if (opt->loss == EC_LOSS_HUBER) fprintf(out, ", %zu points within delta", res->n_quadratic);
    if (res->mle) fprintf(out, "\n           scale sigma = %.6g, log-likelihood = %.8g", res->sigma, res->log_likelihood);
    fputs("\n\n", out);
    fprintf(out, "Final set of parameters     %s standard error\n", res->se_available ? res->se_method : "no");
    fputs("=======================     ==============================\n", out);
    for (int j = 0; j < f->n_params; j++) {
        fprintf(out, "%-6s = %-18.8g", f->param_names[j], res->params[j]);
        if (res->fixed[j]) fputs("  (fixed)", out);
        else if (res->tied[j] >= 0) fprintf(out, "  (tied to %s)", f->param_names[res->tied[j]]);
        else if (res->se_available)
            fprintf(out, "  +/- %-12.4g (%.3g%%)", res->se[j], 100.0 * res->se[j] / fabs(res->params[j]));
        if (res->at_bound[j]) fputs("  (at bound)", out);
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

static void write_replicates(FILE *fp, const ec_form *f, const ec_boot *b)
{
    fprintf(fp, "# effcomp %s bootstrap replicates: form %s, %zu replicates, seed %llu\n", EC_VERSION_STRING, f->name,
            b->replicates, b->seed);
    fputs("replicate", fp);
    for (int j = 0; j < f->n_params; j++) fprintf(fp, ",%s", f->param_names[j]);
    fputs(",objective,converged\n", fp);
    for (size_t k = 0; k < b->replicates; k++) {
        fprintf(fp, "%zu", k);
        for (int j = 0; j < f->n_params; j++) {
            fputc(',', fp);
            cli_fprint_double(fp, b->samples[k * (size_t)b->n_params + (size_t)j]);
        }
        fputc(',', fp);
        cli_fprint_double(fp, b->objective[k]);
        fprintf(fp, ",%d\n", b->converged[k]);
    }
}

int cmd_fit(int argc, char **argv)
{
    fit_cli cli;
    fit_cli_init(&cli);
    ec_fit_options opt = ec_fit_default_options();
    cli_optset sets[] = {{&fit_cli_table, &cli}, {ec_fit_option_table(), &opt}};
    int help = 0;
    if (cli_parse_options(argc, argv, "fit", sets, 2, &help)) return EXIT_BAD_INPUT;
    if (help == 1) {
        cmd_fit_usage(stdout);
        return EXIT_OK;
    }
    if (help == 2) {
        cli_list_forms(stdout);
        return EXIT_OK;
    }
    int bad = cli_check_fit_args("fit", &cli, opt.bootstrap);
    if (!bad && strncmp(opt.starts, "file:", 5) == 0) bad = cli_check_fit_paths("fit", &cli, "--starts file:", opt.starts + 5);
    if (bad) return bad;
    ec_error err;
    size_t rows_read;
    int load_status;
    ec_dataset *ds = cli_load_dataset(&cli, opt.form, &rows_read, &load_status);
    if (!ds) return load_status;

    int status = EXIT_OK;
    ec_nlfit_result res;
    ec_boot *boot = NULL;
    cli_outfile json_out, rep_out;
    if (cli_outs_open(&cli, &json_out, &rep_out)) {
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

    if (rep_out.fp) write_replicates(rep_out.fp, res.form, boot);
    cJSON *result = json_out.fp ? build_json(&cli, &opt, ds, rows_read, &res, boot) : NULL;
    int ws = cli_outs_commit(&cli, &json_out, result, &rep_out);
    cJSON_Delete(result);
    if (ws != EXIT_OK) {
        status = ws;
        goto fail;
    }
    if (!cli.output[0]) print_report(stdout, &cli, &opt, ds, rows_read, &res, boot);
    if (status == EXIT_NO_CONVERGE) cli_error("fit did not converge: %s", res.status);
    if (cli.plot[0]) {
        /* Numbers first, then the figure: a plotting failure loses no result. */
        cJSON *root = cli.output[0] ? NULL : build_json(&cli, &opt, ds, rows_read, &res, boot);
        int ps = cli_plot_option(root, cli.output, cli.plot, "", NULL);
        cJSON_Delete(root);
        if (ps != EXIT_OK && status == EXIT_OK) status = ps;
    }
    ec_boot_free(boot);
    ec_dataset_free(ds);
    return status;

fail:
    if (json_out.fp) cli_out_abort(&json_out);
    if (rep_out.fp) cli_out_abort(&rep_out);
    ec_boot_free(boot);
    ec_dataset_free(ds);
    return status;
}
