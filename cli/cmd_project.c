/* cmd_project.c — `effcomp project`: usage and report (from the result's
 * JSON). The projections are the library's (solvers/ec_project.c), run by
 * the project step (params/ec_step_project.c). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cli_args.h"
#include "commands.h"
#include "ec_steps.h"
#include "ec_version.h"

void cmd_project_usage(FILE *out)
{
    fputs("usage: effcomp project (--fit FIT.json | --form chinchilla --params 'E=..,A=..,B=..,alpha=..,beta=..')\n"
          "                       (--sizes LIST [--policies LIST] [--efficiency LIST] | --rows FILE.csv)\n"
          "                       [--claims CLAIMS.json] [--baseline ROW] [-o FILE.json] [--plot FILE.png]\n"
          "\n"
          "Projects larger models from a fitted Chinchilla law: for each size x token policy x\n"
          "efficiency factor, the training compute C = k N_active D (k = 6), the effective compute\n"
          "(factor x C), the tokens, and the loss with a 95% band from the law's joint bootstrap\n"
          "replicates (the delta method from its covariance when there are none). A factor\n"
          "phi means a recipe phi times as compute-efficient: a compute-optimal row's loss is\n"
          "the frontier's at phi x C; another policy's is L(sqrt(phi) N, sqrt(phi) D). Factors\n"
          "from a claims ledger carry their interval into the band. --baseline R adds each row's\n"
          "loss difference to row R, paired over the same replicates (the common uncertainty\n"
          "of the law cancels). Each row says how many orders of magnitude it lies beyond the\n"
          "fitted data's largest compute.\n"
          "\nPolicies: compute-optimal; tokens-per-param=M; tokens=D; inference=D_INF (train for\n"
          "the least training plus inference compute k N D + 2 N D_INF at the quality the\n"
          "compute-optimal model of that size reaches: Sardana et al. 2024); loss=L (the\n"
          "compute-optimal model that reaches loss L; sizes are not used).\n"
          "\nOptions (also --set name=value):\n", out);
    cli_print_option_table(out, ec_project_option_table());
    fputs("  -o FILE            same as --output\n"
          "\nExamples:\n"
          "  effcomp project --fit out/chinchilla_fit.json --sizes 1T,2T,10T \\\n"
          "    --policies 'compute-optimal;tokens-per-param=20' --baseline 1\n"
          "  effcomp project --fit out/chinchilla_fit.json --sizes 'active=17B,total=400B' \\\n"
          "    --policies tokens=22T --claims out/muse-spark/claims.json --efficiency '1;claims:Muse Spark'\n", out);
    cli_print_common_flags(out);
}

static void ci_text(char *buf, size_t n, const cJSON *row, const char *key)
{
    double ci[2];
    cli_jci(row, key, ci);
    if (isnan(ci[0]) || isnan(ci[1])) snprintf(buf, n, "-");
    else snprintf(buf, n, "[%.5g, %.5g]", ci[0], ci[1]);
}

static void ci_text3(char *buf, size_t n, const cJSON *row, const char *key)
{
    double ci[2];
    cli_jci(row, key, ci);
    if (isnan(ci[0]) || isnan(ci[1])) snprintf(buf, n, "-");
    else snprintf(buf, n, "[%.3g, %.3g]", ci[0], ci[1]);
}

static int width(const cJSON *rows, const char *key, int w)
{
    const cJSON *r;
    cJSON_ArrayForEach(r, rows)
    {
        int n = (int)strlen(cli_jstr(r, key));
        if (n > w) w = n;
    }
    return w;
}

void cmd_project_report(FILE *out, const cJSON *root)
{
    const cJSON *p = cli_jobj(root, "params"), *rows = cli_jobj(root, "rows"), *r;
    const char *band = cli_jstr(root, "band_method");
    double reps = cli_jnum(root, "replicates"), k = cli_jnum(root, "k"), mt = cli_jnum(root, "max_tokens");
    double base = cli_jnum(root, "baseline");
    fprintf(out, "effcomp %s: projections (%s law: E=%.6g A=%.6g B=%.6g alpha=%.6g beta=%.6g)\n", EC_VERSION_STRING,
            cli_jstr(root, "form"), cli_jnum(p, "E"), cli_jnum(p, "A"), cli_jnum(p, "B"), cli_jnum(p, "alpha"),
            cli_jnum(p, "beta"));
    fprintf(out, "compute C = %g x N_active x D; the loss law takes the %s parameters", k, cli_jstr(root, "law_at"));
    if (isfinite(mt)) fprintf(out, "; tokens capped at %.4g", mt);
    fprintf(out, "\n");
    if (strcmp(band, "bootstrap percentile") == 0)
        fprintf(out, "95%% bands from %.0f bootstrap replicates of the law (joint draws of all its parameters)\n", reps);
    else if (strcmp(band, "delta method") == 0)
        fprintf(out, "95%% bands by the delta method from the law's covariance (no bootstrap replicates)\n");
    else fprintf(out, "no bands: the law has neither bootstrap replicates nor a covariance\n");
    const char *claims = cli_jstr(root, "claims");
    if (claims[0]) fprintf(out, "efficiency factors from the claims ledger %s, drawn log-normally with their se_log\n", claims);
    double dmC = cli_jnum(root, "data_max_compute"), dmN = cli_jnum(root, "data_max_N");
    if (isfinite(dmC)) fprintf(out, "the fitted data reach %.4g FLOP and %.4g parameters\n", dmC, dmN);

    int ws = width(rows, "size", 4), wp = width(rows, "policy", 6), we = width(rows, "efficiency", 10);
    fprintf(out, "\n%3s  %-*s  %-*s  %-*s  %10s  %10s  %7s  %10s  %10s  %8s  %-19s  %6s\n", "row", ws, "size", wp,
            "policy", we, "efficiency", "N", "D", "D/N", "compute", "effective", "loss", "loss 95%", "beyond");
    size_t i = 0;
    int any_capped = 0, any_moe = 0;
    cJSON_ArrayForEach(r, rows)
    {
        char ci[64];
        ci_text(ci, sizeof ci, r, "loss_ci95");
        double oom = cli_jnum(r, "beyond_compute_oom");
        char beyond[16];
        if (isfinite(oom)) snprintf(beyond, sizeof beyond, "%+.1f", oom);
        else snprintf(beyond, sizeof beyond, "-");
        int capped = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(r, "capped"));
        any_capped |= capped;
        any_moe |= strcmp(cli_jstr(r, "kind"), "moe") == 0;
        fprintf(out, "%3zu  %-*s  %-*s  %-*s  %10.4g  %10.4g%s %7.4g  %10.4g  %10.4g  %8.5g  %-19s  %6s\n", ++i, ws,
                cli_jstr(r, "size"), wp, cli_jstr(r, "policy"), we, cli_jstr(r, "efficiency"), cli_jnum(r, "N_law"),
                cli_jnum(r, "D"), capped ? "*" : " ", cli_jnum(r, "tokens_per_param"), cli_jnum(r, "compute"),
                cli_jnum(r, "effective_compute"), cli_jnum(r, "loss"), ci, beyond);
    }
    fprintf(out, "\nN: the parameters the law takes; D/N: tokens per active parameter; beyond: orders of magnitude\n"
                 "above the fitted data's largest compute (extrapolation)\n");
    if (any_capped) fprintf(out, "*: tokens capped at max_tokens (the row is no longer on its policy)\n");
    if (any_moe) {
        fprintf(out, "\nmixture-of-experts rows (C counts the active parameters):\n");
        i = 0;
        cJSON_ArrayForEach(r, rows)
        {
            i++;
            if (strcmp(cli_jstr(r, "kind"), "moe") == 0)
                fprintf(out, "%3zu  active %.4g, total %.4g parameters\n", i, cli_jnum(r, "N_active"), cli_jnum(r, "N_total"));
        }
    }
    if (strcmp(band, "none") != 0) {
        fprintf(out, "\n95%% intervals:\n%3s  %-21s  %-21s  %-21s  %s\n", "row", "N", "D", "compute", "effective");
        i = 0;
        cJSON_ArrayForEach(r, rows)
        {
            char a[64], b[64], c[64], d[64];
            ci_text3(a, sizeof a, r, "N_law_ci95");
            ci_text3(b, sizeof b, r, "D_ci95");
            ci_text3(c, sizeof c, r, "compute_ci95");
            ci_text3(d, sizeof d, r, "effective_compute_ci95");
            fprintf(out, "%3zu  %-21s  %-21s  %-21s  %s\n", ++i, a, b, c, d);
        }
    }
    if (isfinite(base)) {
        fprintf(out, "\nloss against row %.0f, paired over the same %s:\n%3s  %10s  %-23s  %s\n", base,
                strcmp(band, "bootstrap percentile") == 0 ? "replicates" : "parameters (delta method)", "row", "dloss",
                "paired 95%", "marginal 95% of the loss");
        i = 0;
        cJSON_ArrayForEach(r, rows)
        {
            char a[64], b[64];
            double ci[2];
            cli_jci(r, "dloss_ci95", ci);
            if (isnan(ci[0])) snprintf(a, sizeof a, "-");
            else snprintf(a, sizeof a, "[%+.4g, %+.4g]", ci[0], ci[1]);
            ci_text(b, sizeof b, r, "loss_ci95");
            fprintf(out, "%3zu  %+10.4g  %-23s  %s\n", ++i, cli_jnum(r, "dloss"), a, b);
        }
    }
}
