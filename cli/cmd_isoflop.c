/* cmd_isoflop.c — `effcomp isoflop`: isoFLOP analysis (Chinchilla Approach 2):
 * a parabola per compute budget, the optimum of each, a power-law frontier
 * through the optima, optionally with stratified bootstrap intervals; JSON
 * (-o) or a readable report (stdout). */
#include <cjson/cJSON.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_util.h"
#include "commands.h"
#include "ec_dataset.h"
#include "ec_isoflop.h"
#include "ec_version.h"
#include "fitcommon.h"

/* Compute budgets at which the report and the JSON give tokens per parameter. */
static const double ratio_at[] = {1e22, 1e24, 1e26};
#define N_RATIO (sizeof ratio_at / sizeof ratio_at[0])

void cmd_isoflop_usage(FILE *out)
{
    fputs("usage: effcomp isoflop --data FILE --columns 'C=...,D=...,L=...' [--bootstrap R] [--seed S]\n"
          "                       [--threads N] [-o FILE.json]\n"
          "\n"
          "isoFLOP analysis (Hoffmann et al. 2022, Approach 2; Llama 3, Dubey et al. 2024):\n"
          "groups the runs by compute budget C, fits per budget a parabola of the loss L in\n"
          "log10 of the tokens D (or of the parameters N, when N is mapped instead of D),\n"
          "takes its vertex as the budget's optimum (the other of N and D from C = 6ND),\n"
          "and fits the frontier D*(C) = k*C^e by least squares in log10, with\n"
          "N*(C) = C/(6 D*(C)) = (1/(6k))*C^(1-e). Each budget needs at least 3 points\n"
          "whose parabola is convex; at least 2 budgets are needed. With --bootstrap R,\n"
          "points are resampled within each budget and 95% percentile intervals reported.\n"
          "\n"
          "Input and output:\n"
          "  --data             CSV file of points (required)\n"
          "  --columns          roles to CSV headers: C, L and exactly one of D (tokens) or N\n"
          "                     (parameters) [C=C,D=D,L=L]\n"
          "  --where            keep rows where COL=V, COL!=V, COL<V, COL<=V, COL>V, COL>=V or COL!=\n"
          "                     (not empty); repeatable\n"
          "  --drop-highest     drop the K highest-loss points [0]\n"
          "  --output, -o FILE  write JSON here; else a report on stdout\n"
          "  --replicates-out   write the bootstrap replicates' frontiers and optima to this CSV\n"
          "  -q, --quiet        no notes or warnings on stderr\n"
          "\nAnalysis options:\n", out);
    cli_print_option_table(out, ec_isoflop_option_table());
    fputs("\nEvery option can also be given as --set name=value (e.g. --set bootstrap=1000).\n"
          "\nExample (the Llama 3 isoFLOP points):\n"
          "  effcomp isoflop --data data/llama3_isoflops_points.csv \\\n"
          "    --columns 'C=compute_budget,D=training_tokens,L=validation_loss' --bootstrap 1000\n"
          "\nExit status: 0 success, 1 other failure (e.g. an output cannot be written), 2 bad input or options,\n"
          "3 --bootstrap left fewer than 2 usable replicates (the result is written without intervals).\n", out);
}

/* ---------- output ---------- */

static cJSON *json_pair(const double v[2])
{
    cJSON *a = cJSON_CreateArray();
    for (int i = 0; i < 2; i++) cJSON_AddItemToArray(a, isfinite(v[i]) ? cJSON_CreateNumber(v[i]) : cJSON_CreateNull());
    return a;
}

static cJSON *json_law(double coef, double exp_, const double ci_coef[2], const double ci_exp[2], int with_ci)
{
    cJSON *o = cJSON_CreateObject();
    cli_json_number(o, "coefficient", coef);
    cli_json_number(o, "exponent", exp_);
    if (with_ci) {
        cJSON_AddItemToObject(o, "coefficient_ci95", json_pair(ci_coef));
        cJSON_AddItemToObject(o, "exponent_ci95", json_pair(ci_exp));
    }
    return o;
}

static cJSON *build_json(const fit_cli *cli, const ec_dataset *ds, size_t rows_read, const ec_isoflop_result *r)
{
    const int boot = r->replicates > 0;
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "analysis", "isoflop");
    cJSON_AddStringToObject(root, "x", r->x_is_tokens ? "tokens" : "parameters");
    cJSON_AddNumberToObject(root, "n_points", (double)r->n_points);
    cJSON *arr = cJSON_AddArrayToObject(root, "budgets");
    for (size_t b = 0; b < r->n_budgets; b++) {
        const ec_isoflop_budget *bd = &r->budgets[b];
        cJSON *o = cJSON_CreateObject();
        cli_json_number(o, "compute", bd->compute);
        cli_json_number(o, "D", bd->D);
        cli_json_number(o, "N", bd->N);
        cli_json_number(o, "loss", bd->loss);
        cJSON_AddNumberToObject(o, "n_points", (double)bd->n_points);
        cli_json_number(o, "curvature", bd->curvature);
        cli_json_number(o, "rmse", bd->rmse);
        double range[2] = {bd->x_min, bd->x_max};
        cJSON_AddItemToObject(o, "x_range", json_pair(range));
        cJSON_AddBoolToObject(o, "inside_range", bd->inside);
        if (boot) {
            cJSON_AddItemToObject(o, "D_ci95", json_pair(bd->ci_D));
            cJSON_AddItemToObject(o, "N_ci95", json_pair(bd->ci_N));
            cJSON_AddItemToObject(o, "loss_ci95", json_pair(bd->ci_loss));
            cJSON_AddNumberToObject(o, "bootstrap_failed", (double)bd->n_failed);
        }
        cJSON_AddItemToArray(arr, o);
    }
    cJSON *fr = cJSON_AddObjectToObject(root, "frontier");
    cJSON_AddItemToObject(fr, "D", json_law(r->D_coef, r->D_exp, r->ci_D_coef, r->ci_D_exp, boot));
    cJSON_AddItemToObject(fr, "N", json_law(r->N_coef, r->N_exp, r->ci_N_coef, r->ci_N_exp, boot));
    cli_json_number(fr, "r2_log10", r->frontier_r2);
    cJSON *tpp = cJSON_AddArrayToObject(root, "tokens_per_parameter");
    for (size_t i = 0; i < N_RATIO; i++) {
        double ci[2], ratio = ec_isoflop_tokens_per_parameter(r, ratio_at[i], ci);
        cJSON *o = cJSON_CreateObject();
        cli_json_number(o, "compute", ratio_at[i]);
        cli_json_number(o, "ratio", ratio);
        if (boot) cJSON_AddItemToObject(o, "ci95", json_pair(ci));
        cJSON_AddItemToArray(tpp, o);
    }
    cJSON *b = cJSON_AddObjectToObject(root, "bootstrap");
    cJSON_AddNumberToObject(b, "replicates", (double)r->replicates);
    cli_json_seed(b, "seed", r->seed);
    cJSON_AddNumberToObject(b, "failed", (double)r->failed);
    cJSON_AddStringToObject(root, "version", EC_VERSION_STRING);
    cli_json_seed(root, "seed", r->seed);
    cJSON_AddStringToObject(root, "input_sha256", ds->sha256);
    cJSON_AddItemToObject(root, "input", cli_json_input(cli, ds, rows_read));
    return root;
}

static void print_report(FILE *out, const fit_cli *cli, const ec_dataset *ds, const ec_isoflop_result *r)
{
    const int boot = r->replicates > 0 && r->replicates - r->failed >= 2;
    const char *xn = r->x_is_tokens ? "D" : "N";
    fprintf(out, "effcomp %s: isoFLOP analysis of %s\n", EC_VERSION_STRING, cli->data);
    fprintf(out, "points:   %zu in %zu compute budgets", r->n_points, r->n_budgets);
    if (ds->n_filtered || ds->n_dropped || ds->n_skipped_empty || ds->n_zero_weight)
        fprintf(out, " (%zu filtered out, %zu dropped, %zu with empty cells, %zu with weight 0)", ds->n_filtered,
                ds->n_dropped, ds->n_skipped_empty, ds->n_zero_weight);
    fprintf(out, "\nmethod:   per budget, least-squares parabola of L in log10 %s (%s); %s* = C/(6 %s*)\n", xn,
            r->x_is_tokens ? "tokens" : "parameters", r->x_is_tokens ? "N" : "D", xn);
    fprintf(out, "\n%-10s %6s %12s %12s %9s %9s %8s  %s\n", "budget C", "points", "D* tokens", "N* params", "loss*",
            "curvature", "rmse", "in range");
    for (size_t b = 0; b < r->n_budgets; b++) {
        const ec_isoflop_budget *bd = &r->budgets[b];
        fprintf(out, "%-10.4g %6zu %12.4g %12.4g %9.5f %9.4f %8.5f  %s\n", bd->compute, bd->n_points, bd->D, bd->N,
                bd->loss, bd->curvature, bd->rmse, bd->inside ? "yes" : "NO (extrapolated)");
    }
    if (boot) {
        fprintf(out, "\nbootstrap 95%% intervals (%zu replicates resampled within budgets, seed %llu, %zu failed):\n",
                r->replicates, r->seed, r->failed);
        fprintf(out, "%-10s %25s %25s %21s %7s\n", "budget C", "D* tokens", "N* params", "loss*", "failed");
        for (size_t b = 0; b < r->n_budgets; b++) {
            const ec_isoflop_budget *bd = &r->budgets[b];
            fprintf(out, "%-10.4g   [%10.4g, %10.4g]   [%10.4g, %10.4g]   [%8.5f, %8.5f] %7zu\n", bd->compute,
                    bd->ci_D[0], bd->ci_D[1], bd->ci_N[0], bd->ci_N[1], bd->ci_loss[0], bd->ci_loss[1], bd->n_failed);
        }
    }
    fprintf(out, "\nfrontier (least squares in log10 over %zu budgets", r->n_budgets);
    if (isfinite(r->frontier_r2)) fprintf(out, ", R^2 %.4f", r->frontier_r2);
    fprintf(out, "):\n");
    fprintf(out, "  D*(C) = %.4g * C^%.4f\n", r->D_coef, r->D_exp);
    if (boot)
        fprintf(out, "          95%% CI: coefficient [%.4g, %.4g], exponent [%.4f, %.4f]\n", r->ci_D_coef[0],
                r->ci_D_coef[1], r->ci_D_exp[0], r->ci_D_exp[1]);
    fprintf(out, "  N*(C) = C/(6 D*(C)) = %.4g * C^%.4f\n", r->N_coef, r->N_exp);
    if (boot)
        fprintf(out, "          95%% CI: coefficient [%.4g, %.4g], exponent [%.4f, %.4f]\n", r->ci_N_coef[0],
                r->ci_N_coef[1], r->ci_N_exp[0], r->ci_N_exp[1]);
    fprintf(out, "\ncompute-optimal allocation from the frontier (D*/N* = 6 k^2 C^(2e-1)):\n");
    fprintf(out, "%-10s %12s %12s %10s%s\n", "C (FLOP)", "D* tokens", "N* params", "D*/N*", boot ? "   95% CI" : "");
    for (size_t i = 0; i < N_RATIO; i++) {
        double ci[2], C = ratio_at[i], D = r->D_coef * pow(C, r->D_exp);
        double ratio = ec_isoflop_tokens_per_parameter(r, C, ci);
        fprintf(out, "%-10.4g %12.4g %12.4g %10.2f", C, D, C / (6 * D), ratio);
        if (boot) fprintf(out, "   [%.2f, %.2f]", ci[0], ci[1]);
        fputc('\n', out);
    }
    double hi = r->budgets[r->n_budgets - 1].compute;
    if (hi < ratio_at[N_RATIO - 1])
        fprintf(out, "(beyond C = %.4g these are extrapolations of the frontier)\n", hi);
}

static void write_replicates(FILE *fp, const ec_isoflop_result *r)
{
    const size_t S = EC_ISOFLOP_STRIDE(r->n_budgets);
    fprintf(fp, "# effcomp %s isoflop bootstrap replicates: %zu replicates, seed %llu, parabolas in log10 %s\n",
            EC_VERSION_STRING, r->replicates, r->seed, r->x_is_tokens ? "D" : "N");
    fputs("replicate,ok,D_coef,D_exp,N_coef,N_exp", fp);
    for (size_t b = 0; b < r->n_budgets; b++) {
        double C = r->budgets[b].compute;
        fprintf(fp, ",D@%.6g,N@%.6g,loss@%.6g", C, C, C);
    }
    fputc('\n', fp);
    for (size_t k = 0; k < r->replicates; k++) {
        fprintf(fp, "%zu,%d", k, r->ok[k]);
        for (size_t j = 0; j < S; j++) {
            double v = r->samples[k * S + j];
            if (isfinite(v)) {
                fputc(',', fp);
                cli_fprint_double(fp, v);
            }
            else fputs(",", fp);
        }
        fputc('\n', fp);
    }
}

static void warn_extrapolated(const ec_isoflop_result *r)
{
    const char *xn = r->x_is_tokens ? "D" : "N";
    for (size_t b = 0; b < r->n_budgets; b++) {
        const ec_isoflop_budget *bd = &r->budgets[b];
        if (!bd->inside)
            cli_note("warning: budget C = %g: the optimum %s* = %.4g lies outside the sampled range [%.4g, %.4g]; it "
                     "is extrapolated from the parabola",
                     bd->compute, xn, bd->opt_x, bd->x_min, bd->x_max);
    }
    if (r->replicates > 0 && r->replicates - r->failed < 2)
        cli_note("warning: only %zu of %zu bootstrap replicates succeeded; no intervals", r->replicates - r->failed,
                 r->replicates);
    else if (r->failed > 0)
        cli_note("%zu of %zu bootstrap replicates failed and are excluded from the intervals", r->failed, r->replicates);
    for (size_t b = 0; b < r->n_budgets; b++) {
        const ec_isoflop_budget *bd = &r->budgets[b];
        if (bd->n_failed)
            cli_note("  budget C = %g (%zu points): %zu of %zu resamples had fewer than 3 distinct %s or a non-convex "
                     "parabola",
                     bd->compute, bd->n_points, bd->n_failed, r->replicates, xn);
    }
}

int cmd_isoflop(int argc, char **argv)
{
    fit_cli cli;
    fit_cli_init(&cli);
    strcpy(cli.columns, "C=C,D=D,L=L");
    ec_isoflop_options opt = ec_isoflop_default_options();
    cli_optset sets[] = {{ec_isoflop_option_table(), &opt}, {&fit_cli_table, &cli}};
    int help = 0;
    if (cli_parse_options(argc, argv, "isoflop", sets, 2, &help)) return EXIT_BAD_INPUT;
    if (help) {
        cmd_isoflop_usage(stdout);
        return EXIT_OK;
    }
    int bad = cli_check_fit_args("isoflop", &cli, opt.bootstrap);
    if (bad) return bad;
    size_t rows_read;
    int status;
    ec_dataset *ds = cli_load_dataset(&cli, NULL, &rows_read, &status);
    if (!ds) return status;

    cli_outfile json_out, rep_out;
    if (cli_outs_open(&cli, &json_out, &rep_out)) {
        ec_dataset_free(ds);
        return EXIT_FAILURE_RUN;
    }
    ec_isoflop_result res;
    ec_error err;
    int rc = ec_isoflop_dataset(ds, &opt, &res, &err);
    if (rc != EC_OK) {
        cli_error("%s", err.message);
        status = cli_exit_for(rc);
        goto fail;
    }
    warn_extrapolated(&res);
    /* Asked for intervals and got none: the run is written, but did not do what was asked (as
     * fit's bootstrap, status 3). */
    if (res.replicates > 0 && res.replicates - res.failed < 2) status = EXIT_NO_CONVERGE;
    if (rep_out.fp) write_replicates(rep_out.fp, &res);
    cJSON *result = json_out.fp ? build_json(&cli, ds, rows_read, &res) : NULL;
    int ws = cli_outs_commit(&cli, &json_out, result, &rep_out);
    cJSON_Delete(result);
    if (ws != EXIT_OK) {
        status = ws;
        goto fail;
    }
    if (!cli.output[0]) {
        print_report(stdout, &cli, ds, &res);
        if (cli.replicates_out[0]) cli_note("wrote %s", cli.replicates_out);
    }
    if (cli.plot[0]) {
        cJSON *root = cli.output[0] ? NULL : build_json(&cli, ds, rows_read, &res);
        int ps = cli_plot_option(root, cli.output, cli.plot, "", NULL);
        cJSON_Delete(root);
        if (ps != EXIT_OK && status == EXIT_OK) status = ps;
    }
    ec_isoflop_clear(&res);
    ec_dataset_free(ds);
    return status;
fail:
    if (json_out.fp) cli_out_abort(&json_out);
    if (rep_out.fp) cli_out_abort(&rep_out);
    ec_isoflop_clear(&res);
    ec_dataset_free(ds);
    return status;
}
