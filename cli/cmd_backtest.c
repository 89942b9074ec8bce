/* cmd_backtest.c — `effcomp backtest` and `effcomp compare`: usage and
 * reports (from the results' JSON). The analyses are the library's
 * (solvers/ec_backtest.c, solvers/ec_compare.c). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cli_args.h"
#include "commands.h"
#include "ec_steps.h"
#include "ec_version.h"

void cmd_backtest_usage(FILE *out)
{
    fputs("usage: effcomp backtest --data FILE --columns MAP --form F\n"
          "                        (--holdout-above VALUE | --holdout-fraction F) [fit options] [-o FILE.json]\n"
          "\n"
          "Fits the form on the smaller-scale points only and reports the extrapolation\n"
          "error on the held-out larger-scale ones: per point and as RMSLE, mean log\n"
          "ratio (bias), MAE and MAPE. Points are ordered by compute C by default.\n"
          "\nHoldout options:\n", out);
    cli_print_option_table(out, ec_holdout_option_table());
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
    cli_print_option_table(out, ec_compare_option_table());
    cli_print_option_table(out, ec_holdout_option_table());
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

void cmd_backtest_report(FILE *out, const cJSON *root)
{
    const ec_form *f = ec_form_find(cli_jstr(root, "form"));
    if (!f) return;
    const cJSON *bt = cli_jobj(root, "backtest"), *params = cli_jobj(root, "params"), *pts = cli_jobj(root, "points"), *p;
    const char *by = cli_jstr(bt, "holdout_by");
    fprintf(out, "effcomp %s: backtest of %s, %s\n", EC_VERSION_STRING, f->name, f->formula);
    fprintf(out, "split:     %zu training points with %s <= %.6g; %zu held out above\n", (size_t)cli_jnum(bt, "n_train"),
            by, cli_jnum(bt, "threshold"), (size_t)cli_jnum(bt, "n_test"));
    fprintf(out, "fit:       %s\n", cli_jstr(root, "status"));
    fprintf(out, "params:   ");
    for (int j = 0; j < f->n_params; j++) fprintf(out, " %s=%.6g", f->param_names[j], cli_jnum(params, f->param_names[j]));
    fprintf(out, "\n\nheld-out points (line: %s, y, predicted, log ratio):\n", by);
    cJSON_ArrayForEach(p, pts)
    {
        double y = cli_jnum(p, "y"), yh = cli_jnum(p, "y_hat");
        fprintf(out, "  %5zu: %-12.6g %-12.6g %-12.6g %+.4f\n", (size_t)cli_jnum(p, "line"), cli_jnum(p, by), y, yh,
                yh > 0 && y > 0 ? log(yh / y) : NAN);
    }
    fprintf(out, "\nRMSLE %.6g   mean log ratio %+.6g (positive: over-predicts)   MAE %.6g   MAPE %.4g%%\n",
            cli_jnum(bt, "rmsle"), cli_jnum(bt, "mean_log_ratio"), cli_jnum(bt, "mae"), 100 * cli_jnum(bt, "mape"));
}

void cmd_compare_report(FILE *out, const cJSON *root)
{
    int with_bt = cJSON_IsTrue(cli_jobj(root, "with_backtest"));
    const char *space = cli_jstr(root, "fit_space");
    const cJSON *forms = cli_jobj(root, "forms"), *r;
    fprintf(out, "effcomp %s: compare on %s (%zu points, fit space %s)\n\n", EC_VERSION_STRING,
            cli_jstr(cli_jobj(root, "input"), "path"), (size_t)cli_jnum(root, "n_points"), space);
    fprintf(out, "%-17s %3s %12s %10s %10s %10s %9s", "form", "k", "objective", "R^2", "AIC", "BIC", "dAIC");
    if (with_bt) fprintf(out, " %10s %10s", "bt RMSLE", "bt bias");
    fprintf(out, "\n");
    cJSON_ArrayForEach(r, forms)
    {
        const char *name = cli_jstr(r, "form");
        if (!cli_jobj(r, "params")) {
            fprintf(out, "%-17s failed: %s\n", name, cli_jstr(r, "error"));
            continue;
        }
        fprintf(out, "%-17s %3d %12.6g %10.6f %10.2f %10.2f %9.2f", name, (int)cli_jnum(r, "k"), cli_jnum(r, "objective"),
                cli_jnum(r, "r2"), cli_jnum(r, "aic"), cli_jnum(r, "bic"), cli_jnum(r, "delta_aic"));
        const cJSON *bt = cli_jobj(r, "backtest");
        if (bt) fprintf(out, " %10.4g %+10.4g", cli_jnum(bt, "rmsle"), cli_jnum(bt, "mean_log_ratio"));
        else if (with_bt) fprintf(out, " %10s %10s", "-", "-");
        fprintf(out, "%s\n", cJSON_IsFalse(cli_jobj(r, "converged")) ? "   (not converged)" : "");
    }
    if (with_bt && cJSON_GetArraySize(forms))
        fprintf(out, "\nbacktest: fit below the holdout threshold, scored above it (%s).\n",
                cJSON_IsTrue(cli_jobj(root, "holdout_fraction")) ? "largest fraction held out" : "--holdout-above");
}
