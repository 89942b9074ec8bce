/* cmd_fit.c — `effcomp fit`: its usage, its text report (from the result's
 * JSON, so that `effcomp report FIT.json` prints the same) and its
 * replicates file. The fit itself is the library's fit step. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_args.h"
#include "commands.h"
#include "ec_data.h"
#include "ec_fit.h"
#include "ec_nlfit.h"
#include "ec_version.h"

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
    cli_print_option_table(out, ec_data_option_table());
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
          "\nExit status: 0 success, 2 bad input or options, 3 fit did not converge, is\n"
          "degenerate (status: not identifiable, collinear inputs, parameter at infinity,\n"
          "at default bound) or fewer than 2 bootstrap replicates converged (results\n"
          "still written), 1 other failure.\n", out);
}

/* The fit options a result recorded, set by name (for the report's wording). */
static ec_fit_options options_of(const cJSON *root)
{
    ec_fit_options opt = ec_fit_default_options();
    const cJSON *o = cli_jobj(root, "options"), *it;
    cJSON_ArrayForEach(it, o)
    {
        char buf[1200];
        if (cJSON_IsString(it)) snprintf(buf, sizeof buf, "%s", it->valuestring);
        else if (cJSON_IsNumber(it)) snprintf(buf, sizeof buf, "%.17g", it->valuedouble);
        else continue;
        if (ec_option_find(ec_fit_option_table(), it->string))
            ec_option_set(ec_fit_option_table(), &opt, it->string, buf, NULL);
    }
    return opt;
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

static int in_array(const cJSON *a, const char *name)
{
    const cJSON *it;
    cJSON_ArrayForEach(it, a) if (cJSON_IsString(it) && strcmp(it->valuestring, name) == 0) return 1;
    return 0;
}

static size_t znum(const cJSON *o, const char *key)
{
    double v = cli_jnum(o, key);
    return v >= 0 ? (size_t)v : 0;
}

void cmd_fit_report(FILE *out, const cJSON *root)
{
    const ec_form *f = ec_form_find(cli_jstr(root, "form"));
    if (!f) return;
    ec_fit_options opt = options_of(root);
    const cJSON *in = cli_jobj(root, "input"), *params = cli_jobj(root, "params");
    const cJSON *fixed = cli_jobj(root, "fixed"), *tied = cli_jobj(root, "tied"), *atb = cli_jobj(root, "at_bound");
    const cJSON *se = cli_jobj(root, "se"), *corr = cli_jobj(root, "correlation"), *st = cli_jobj(root, "starts");
    const int se_available = cJSON_IsObject(se);
    const char *fit_space = cli_jstr(root, "fit_space");
    char buf[160];
    fprintf(out, "effcomp %s: %s fit, %s\n", EC_VERSION_STRING, f->name, f->formula);
    fprintf(out, "data:      %s (sha256 %.16s...)\n", cli_jstr(in, "path"), cli_jstr(root, "input_sha256"));
    size_t n_points = znum(root, "n_points"), n_filtered = znum(in, "rows_filtered"),
           n_empty = znum(in, "rows_skipped_empty"), n_zero = znum(in, "rows_zero_weight"),
           n_dropped = znum(in, "rows_dropped_highest");
    fprintf(out, "points:    %zu used of %zu rows", n_points, znum(in, "rows_read"));
    if (n_filtered) fprintf(out, "; %zu removed by --where", n_filtered);
    size_t n_short = znum(in, "rows_skipped_short");
    if (n_empty > n_short) fprintf(out, "; %zu with empty cells skipped", n_empty - n_short);
    if (n_short) fprintf(out, "; %zu short row%s skipped (skip_short_rows)", n_short, n_short == 1 ? "" : "s");
    if (n_zero) fprintf(out, "; %zu with weight 0 left out", n_zero);
    if (n_dropped) fprintf(out, "; %zu highest-loss dropped", n_dropped);
    fputc('\n', out);
    const cJSON *der = cli_jobj(in, "derived");
    if (in_array(der, "D = C/(6N)")) fputs("derived:   D = C/(6N) (no token column mapped)\n", out);
    if (in_array(der, "C = 6ND")) fputs("derived:   C = 6ND (no compute column mapped)\n", out);
    fprintf(out, "loss:      %s\n", loss_text(&opt, buf, sizeof buf));
    fprintf(out, "starts:    %zu total, %zu converged, %zu at the best objective\n", znum(st, "total"),
            znum(st, "converged"), znum(st, "at_best"));
    if (znum(st, "approach_points")) {
        fprintf(out, "           each first fitted by log least squares to %zu points (--approach)",
                znum(st, "approach_points"));
        if (znum(st, "approach_retried")) fprintf(out, "; %zu run again without it", znum(st, "approach_retried"));
        if (znum(st, "stopped_above_best"))
            fprintf(out, ", %zu of those stopped above the best objective", znum(st, "stopped_above_best"));
        fputc('\n', out);
    }
    if (znum(st, "run_on"))
        fprintf(out, "           the %zu lowest of the starts that ended not converged below the best converged end ran on "
                "(4 times --max-iter)\n", znum(st, "run_on"));
    fprintf(out, "status:    %s\n", cli_jstr(root, "status"));
    fprintf(out, "objective: %.10e   R^2 (%s space): ", cli_jnum(root, "objective"), fit_space);
    if (isfinite(cli_jnum(root, "r2"))) fprintf(out, "%.6g", cli_jnum(root, "r2"));
    else fputs("undefined", out); /* a target without spread (not identifiable) */
    fprintf(out, "   RMSE: %.4g", cli_jnum(root, "rmse"));
    if (isfinite(cli_jnum(root, "rmse_log"))) fprintf(out, "   RMSE of log: %.4g", cli_jnum(root, "rmse_log"));
    fprintf(out, "\n           n = %zu, dof = %d, AIC = %.6g, BIC = %.6g", n_points, (int)cli_jnum(root, "dof"),
            cli_jnum(root, "aic"), cli_jnum(root, "bic"));
    if (opt.loss == EC_LOSS_HUBER) fprintf(out, ", %zu points within delta", znum(root, "n_quadratic_zone"));
    const cJSON *scale = cli_jobj(root, "scale");
    if (scale)
        fprintf(out, "\n           scale sigma = %.6g, log-likelihood = %.8g", cli_jnum(scale, "sigma"),
                cli_jnum(scale, "log_likelihood"));
    fputs("\n\n", out);
    fprintf(out, "Final set of parameters     %s standard error\n", se_available ? cli_jstr(root, "se_method") : "no");
    fputs("=======================     ==============================\n", out);
    int n_free = 0;
    for (int j = 0; j < f->n_params; j++) {
        const char *name = f->param_names[j];
        double p = cli_jnum(params, name);
        int is_fixed = in_array(fixed, name);
        const char *tie = cli_jstr(tied, name);
        fprintf(out, "%-6s = %-18.8g", name, p);
        if (is_fixed) fputs("  (fixed)", out);
        else if (tie[0]) fprintf(out, "  (tied to %s)", tie);
        else if (se_available) {
            double s = cli_jnum(se, name);
            fprintf(out, "  +/- %-12.4g (%.3g%%)", s, 100.0 * s / fabs(p));
        }
        if (in_array(atb, name)) fputs("  (at bound)", out);
        fputc('\n', out);
        n_free += !is_fixed && !tie[0];
    }
    if (se_available && n_free > 1) {
        fputs("\nCorrelation matrix of the fitted parameters:\n       ", out);
        for (int j = 0; j < f->n_params; j++)
            if (cli_jobj(corr, f->param_names[j])) fprintf(out, " %7.7s", f->param_names[j]);
        fputc('\n', out);
        for (int i = 0; i < f->n_params; i++) {
            const cJSON *row = cli_jobj(corr, f->param_names[i]);
            if (!row) continue;
            fprintf(out, "%-7.7s", f->param_names[i]);
            for (int j = 0; j <= i; j++)
                if (cli_jobj(corr, f->param_names[j])) fprintf(out, " %7.3f", cli_jnum(row, f->param_names[j]));
            fputc('\n', out);
        }
    }
    const cJSON *boot = cli_jobj(root, "bootstrap");
    if (boot) {
        const cJSON *bse = cli_jobj(boot, "se"), *ci = cli_jobj(boot, "ci95");
        const cJSON *seed = cli_jobj(boot, "seed");
        char seedtxt[32];
        if (cJSON_IsString(seed)) snprintf(seedtxt, sizeof seedtxt, "%s", seed->valuestring);
        else snprintf(seedtxt, sizeof seedtxt, "%.0f", cli_jnum(boot, "seed"));
        char retried[64] = "";
        if (znum(boot, "retried")) snprintf(retried, sizeof retried, ", %zu retried from other starts", znum(boot, "retried"));
        fprintf(out, "\nBootstrap: %zu replicates (seed %s, %zu did not converge%s), refit from ", znum(boot, "replicates"),
                seedtxt, znum(boot, "failed"), retried);
        if (opt.start[0]) fprintf(out, "%s\n", opt.start);
        else if (ec_nlfit_uses_fast_path(&opt)) fputs("Hoffmann et al.'s estimate\n", out);
        else fputs("the fitted parameters\n", out);
        const char *why = cli_jstr(boot, "intervals");
        if (why[0]) fprintf(out, "intervals: %s\n", why);
        else fputs("param          SE            95% percentile interval\n", out);
        for (int j = 0; j < f->n_params && !why[0]; j++) {
            const char *name = f->param_names[j];
            if (in_array(fixed, name)) continue;
            const cJSON *pair = cli_jobj(ci, name);
            double lo = cJSON_GetArraySize(pair) == 2 ? cJSON_GetArrayItem(pair, 0)->valuedouble : NAN;
            double hi = cJSON_GetArraySize(pair) == 2 ? cJSON_GetArrayItem(pair, 1)->valuedouble : NAN;
            fprintf(out, "%-6s  %12.4g    [%.6g, %.6g]\n", name, cli_jnum(bse, name), lo, hi);
        }
    }
}

void cmd_fit_write_replicates(FILE *fp, const ec_result *r)
{
    char *text = ec_fit_replicates_text(r, NULL); /* the text whose SHA-256 the fit JSON records */
    if (text) fputs(text, fp);
    free(text);
}
