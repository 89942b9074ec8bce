/* cmd_isoflop.c — `effcomp isoflop`: usage, report (from the result's JSON)
 * and the replicates file. The analysis is the library's isoflop step. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cli_args.h"
#include "commands.h"
#include "ec_isoflop.h"
#include "ec_version.h"

/* Compute budgets at which the report gives tokens per parameter (the JSON's tokens_per_parameter). */
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

static size_t znum(const cJSON *o, const char *key)
{
    double v = cli_jnum(o, key);
    return v >= 0 ? (size_t)v : 0;
}

/* [a, b] of a JSON pair (null ends NAN). */
static void pair(const cJSON *o, const char *key, double v[2])
{
    const cJSON *a = cli_jobj(o, key);
    for (int k = 0; k < 2; k++) {
        const cJSON *x = cJSON_GetArrayItem(a, k);
        v[k] = cJSON_IsNumber(x) ? x->valuedouble : NAN;
    }
}

void cmd_isoflop_report(FILE *out, const cJSON *root)
{
    const cJSON *bs = cli_jobj(root, "budgets"), *in = cli_jobj(root, "input"), *b;
    const cJSON *boot = cli_jobj(root, "bootstrap"), *fr = cli_jobj(root, "frontier");
    size_t R = znum(boot, "replicates"), failed = znum(boot, "failed");
    const int withci = R > 0 && R - failed >= 2;
    const int tokens = strcmp(cli_jstr(root, "x"), "parameters") != 0;
    const char *xn = tokens ? "D" : "N";
    size_t nb = (size_t)cJSON_GetArraySize(bs);
    fprintf(out, "effcomp %s: isoFLOP analysis of %s\n", EC_VERSION_STRING, cli_jstr(in, "path"));
    fprintf(out, "points:   %zu in %zu compute budgets", znum(root, "n_points"), nb);
    size_t nf = znum(in, "rows_filtered"), nd = znum(in, "rows_dropped_highest"), ne = znum(in, "rows_skipped_empty"),
           nz = znum(in, "rows_zero_weight");
    if (nf || nd || ne || nz)
        fprintf(out, " (%zu filtered out, %zu dropped, %zu with empty cells, %zu with weight 0)", nf, nd, ne, nz);
    fprintf(out, "\nmethod:   per budget, least-squares parabola of L in log10 %s (%s); %s* = C/(6 %s*)\n", xn,
            tokens ? "tokens" : "parameters", tokens ? "N" : "D", xn);
    fprintf(out, "\n%-10s %6s %12s %12s %9s %9s %8s  %s\n", "budget C", "points", "D* tokens", "N* params", "loss*",
            "curvature", "rmse", "in range");
    cJSON_ArrayForEach(b, bs)
    fprintf(out, "%-10.4g %6zu %12.4g %12.4g %9.5f %9.4f %8.5f  %s\n", cli_jnum(b, "compute"), znum(b, "n_points"),
            cli_jnum(b, "D"), cli_jnum(b, "N"), cli_jnum(b, "loss"), cli_jnum(b, "curvature"), cli_jnum(b, "rmse"),
            cJSON_IsTrue(cli_jobj(b, "inside_range")) ? "yes" : "NO (extrapolated)");
    if (withci) {
        const cJSON *seed = cli_jobj(boot, "seed");
        char seedtxt[32];
        if (cJSON_IsString(seed)) snprintf(seedtxt, sizeof seedtxt, "%s", seed->valuestring);
        else snprintf(seedtxt, sizeof seedtxt, "%.0f", cli_jnum(boot, "seed"));
        fprintf(out, "\nbootstrap 95%% intervals (%zu replicates resampled within budgets, seed %s, %zu failed):\n", R,
                seedtxt, failed);
        fprintf(out, "%-10s %25s %25s %21s %7s\n", "budget C", "D* tokens", "N* params", "loss*", "failed");
        cJSON_ArrayForEach(b, bs)
        {
            double d[2], n[2], l[2];
            pair(b, "D_ci95", d);
            pair(b, "N_ci95", n);
            pair(b, "loss_ci95", l);
            fprintf(out, "%-10.4g   [%10.4g, %10.4g]   [%10.4g, %10.4g]   [%8.5f, %8.5f] %7zu\n", cli_jnum(b, "compute"),
                    d[0], d[1], n[0], n[1], l[0], l[1], znum(b, "bootstrap_failed"));
        }
    }
    const cJSON *fd = cli_jobj(fr, "D"), *fn = cli_jobj(fr, "N");
    fprintf(out, "\nfrontier (least squares in log10 over %zu budgets", nb);
    if (isfinite(cli_jnum(fr, "r2_log10"))) fprintf(out, ", R^2 %.4f", cli_jnum(fr, "r2_log10"));
    fprintf(out, "):\n");
    double Dk = cli_jnum(fd, "coefficient"), De = cli_jnum(fd, "exponent");
    fprintf(out, "  D*(C) = %.4g * C^%.4f\n", Dk, De);
    double c[2], e[2];
    if (withci) {
        pair(fd, "coefficient_ci95", c);
        pair(fd, "exponent_ci95", e);
        fprintf(out, "          95%% CI: coefficient [%.4g, %.4g], exponent [%.4f, %.4f]\n", c[0], c[1], e[0], e[1]);
    }
    fprintf(out, "  N*(C) = C/(6 D*(C)) = %.4g * C^%.4f\n", cli_jnum(fn, "coefficient"), cli_jnum(fn, "exponent"));
    if (withci) {
        pair(fn, "coefficient_ci95", c);
        pair(fn, "exponent_ci95", e);
        fprintf(out, "          95%% CI: coefficient [%.4g, %.4g], exponent [%.4f, %.4f]\n", c[0], c[1], e[0], e[1]);
    }
    fprintf(out, "\ncompute-optimal allocation from the frontier (D*/N* = 6 k^2 C^(2e-1)):\n");
    fprintf(out, "%-10s %12s %12s %10s%s\n", "C (FLOP)", "D* tokens", "N* params", "D*/N*", withci ? "   95% CI" : "");
    const cJSON *tpp = cli_jobj(root, "tokens_per_parameter"), *t;
    double last_C = 0;
    cJSON_ArrayForEach(t, tpp)
    {
        double C = cli_jnum(t, "compute"), D = Dk * pow(C, De), ci[2];
        fprintf(out, "%-10.4g %12.4g %12.4g %10.2f", C, D, C / (6 * D), cli_jnum(t, "ratio"));
        if (withci) {
            pair(t, "ci95", ci);
            fprintf(out, "   [%.2f, %.2f]", ci[0], ci[1]);
        }
        fputc('\n', out);
        last_C = C;
    }
    double hi = cli_jnum(cJSON_GetArrayItem(bs, (int)nb - 1), "compute");
    if (hi < last_C) fprintf(out, "(beyond C = %.4g these are extrapolations of the frontier)\n", hi);
}

void cmd_isoflop_write_replicates(FILE *fp, const ec_result *res)
{
    const ec_isoflop_output *io = ec_result_isoflop(res);
    const ec_isoflop_result *r = &io->r;
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
            fputc(',', fp);
            if (isfinite(v)) cli_fprint_double(fp, v);
        }
        fputc('\n', fp);
    }
}
