/* cmd_optimal.c — `effcomp optimal` and `effcomp multiplier`: usage and
 * text reports (from the result's JSON). The analyses are the library's
 * (solvers/ec_optimal.c), run by the optimal and multiplier steps. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cli_args.h"
#include "commands.h"
#include "ec_steps.h"
#include "ec_version.h"

void cmd_optimal_usage(FILE *out)
{
    fputs("usage: effcomp optimal (--fit FIT.json | --form chinchilla --params 'E=..,A=..,B=..,alpha=..,beta=..')\n"
          "                       [--compute C1,C2,...] [--sizes N1,N2,...] [--loss-target L1,...] [-o FILE.json]\n"
          "\n"
          "Compute-optimal allocation of a Chinchilla law under C = 6ND (Hoffmann et al. 2022):\n"
          "N*(C) = G (C/6)^(beta/(alpha+beta)), D*(C) = (C/6)^(alpha/(alpha+beta)) / G,\n"
          "G = (alpha A / (beta B))^(1/(alpha+beta)). With the fit's bootstrap replicates, every\n"
          "number gets a 95% percentile interval (columns *_ci95).\n"
          "\nOptions:\n", out);
    cli_print_option_table(out, ec_optimal_option_table());
    fputs("  -o FILE            same as --output\n"
          "\nExample (Hoffmann et al.'s Table 3 rows, with Epoch's refit):\n"
          "  effcomp optimal --fit out/chinchilla_fit.json --sizes 400e6,1e9,10e9,67e9,175e9,280e9,520e9,1e12,10e12\n",
          out);
    cli_print_common_flags(out);
}

/* The report's line on the replicates used (and those the fit's bootstrap could not use). */
static void replicates_line(FILE *out, size_t nrep, size_t skipped)
{
    if (nrep) fprintf(out, "95%% intervals from %zu bootstrap replicates", nrep);
    else if (skipped) fprintf(out, "no 95%% intervals: no bootstrap replicate converged");
    if (skipped) fprintf(out, " (left out: %zu that did not converge in the fit)", skipped);
    if (nrep || skipped) fprintf(out, "\n");
}

static size_t znum(const cJSON *o, const char *key)
{
    double v = cli_jnum(o, key);
    return v >= 0 ? (size_t)v : 0;
}

/* x as %.PRECg, or "unbounded" / "-unbounded" / "unavailable" (NaN) for a non-finite x. */
static const char *fmt_num(char *buf, size_t n, int prec, double x)
{
    if (isnan(x)) snprintf(buf, n, "unavailable");
    else if (isinf(x)) snprintf(buf, n, "%sunbounded", x < 0 ? "-" : "");
    else snprintf(buf, n, "%.*g", prec, x);
    return buf;
}

void cmd_optimal_report(FILE *out, const cJSON *root)
{
    const cJSON *p = cli_jobj(root, "params");
    size_t nrep = znum(root, "replicates"), skipped = znum(root, "replicates_not_converged");
    fprintf(out,
            "effcomp %s: compute-optimal allocation under C = 6ND (%s law: E=%.6g A=%.6g B=%.6g alpha=%.6g beta=%.6g)\n",
            EC_VERSION_STRING, cli_jstr(root, "form"), cli_jnum(p, "E"), cli_jnum(p, "A"), cli_jnum(p, "B"),
            cli_jnum(p, "alpha"), cli_jnum(p, "beta"));
    replicates_line(out, nrep, skipped);
    fprintf(out, "\n%-12s %-12s %-12s %-10s %-9s", "compute", "N*", "D*", "D*/N*", "loss");
    if (nrep) fprintf(out, "  %-21s %-21s %-21s", "compute 95%", "N* 95%", "D* 95%");
    fprintf(out, "\n");
    const cJSON *rows = cli_jobj(root, "rows"), *r;
    cJSON_ArrayForEach(r, rows)
    {
        double C = cli_jnum(r, "compute"), N = cli_jnum(r, "N"), D = cli_jnum(r, "D");
        fprintf(out, "%-12.4g %-12.4g %-12.4g %-10.4g %-9.5g", C, N, D, D / N, cli_jnum(r, "loss"));
        if (nrep) {
            double c1[2], c2[2], c3[2];
            cli_jci(r, "compute_ci95", c1);
            cli_jci(r, "N_ci95", c2);
            cli_jci(r, "D_ci95", c3);
            fprintf(out, "  [%8.3g, %8.3g]  [%8.3g, %8.3g]  [%8.3g, %8.3g]", c1[0], c1[1], c2[0], c2[1], c3[0], c3[1]);
        }
        fprintf(out, "\n");
    }
    if (!nrep) return;
    fprintf(out, "\n(an interval of zero width is the quantity you gave)\n");
    int any_inf = 0;
    cJSON_ArrayForEach(r, rows)
    {
        size_t unreachable = znum(r, "replicates_unreachable"), failed = znum(r, "replicates_failed");
        if (unreachable)
            fprintf(out,
                    "loss %.5g: never reached by %zu of the %zu replicates (their floor E is at or above it, or it needs "
                    "more than 1e45 FLOP), counted as unbounded compute, N* and D*\n",
                    cli_jnum(r, "loss"), unreachable, nrep);
        static const char *const keys[3] = {"compute_ci95", "N_ci95", "D_ci95"};
        for (int c = 0; c < 3; c++) {
            double ci[2];
            cli_jci(r, keys[c], ci);
            if (isinf(ci[0]) || isinf(ci[1])) any_inf = 1;
        }
        if (failed) {
            const char *given = cli_jstr(r, "given");
            double value = strcmp(given, "compute") == 0 ? cli_jnum(r, "compute")
                           : strcmp(given, "N") == 0     ? cli_jnum(r, "N")
                                                         : cli_jnum(r, "loss");
            fprintf(out, "%s %.5g: %zu of the %zu replicates left out of its intervals (failed: no finite result%s)\n",
                    given, value, failed, nrep, strcmp(given, "loss") == 0 ? ", or the target is above their loss at 1 FLOP" : "");
        }
    }
    if (any_inf) fprintf(out, "(inf: the interval is unbounded on that side)\n");
}

void cmd_multiplier_usage(FILE *out)
{
    fputs("usage: effcomp multiplier (--fit FIT.json | --form F --params 'k=v,...')\n"
          "                          (--model 'N=..,D=..' | --point 'C=..,L=..') [-o FILE.json]\n"
          "\n"
          "--point: the compute the reference law needs to reach the model's quality,\n"
          "divided by the model's compute: the effective-compute multiplier (> 1: the model\n"
          "is more compute-efficient than the reference). The reference curve is the loss\n"
          "at the compute-optimal allocation for a chinchilla law, or y(C) for a\n"
          "one-variable law of compute (power, saturating-power, sigmoid-logc, bnsl); it is\n"
          "inverted by bracketed root finding (GSL Brent).\n"
          "--model: how efficient an allocation is: the compute a compute-optimal run needs\n"
          "to reach L(N, D), divided by 6ND (allocation_efficiency, <= 1).\n"
          "With the fit's bootstrap replicates, a 95% percentile interval is added.\n"
          "\nOptions:\n", out);
    cli_print_option_table(out, ec_multiplier_option_table());
    fputs("  -o FILE            same as --output\n"
          "\nExample (Gopher, 280B parameters on 300B tokens, against Epoch's Chinchilla refit):\n"
          "  effcomp multiplier --fit out/chinchilla_fit.json --model 'N=280e9,D=300e9'\n", out);
    cli_print_common_flags(out);
}

void cmd_multiplier_report(FILE *out, const cJSON *root)
{
    const cJSON *model = cli_jobj(root, "model"), *point = cli_jobj(root, "point");
    const char *key = model ? "allocation_efficiency" : "multiplier";
    size_t nrep = znum(root, "replicates"), skipped = znum(root, "replicates_not_converged");
    size_t unreachable = znum(root, "replicates_unreachable"), failed = znum(root, "replicates_failed");
    double ref = cli_jnum(root, "reference_compute");
    fprintf(out, "effcomp %s: %s against the %s law\n", EC_VERSION_STRING, key, cli_jstr(root, "form"));
    double Q;
    if (model) {
        double N = cli_jnum(model, "N"), D = cli_jnum(model, "D");
        Q = cli_jnum(root, "predicted_loss");
        fprintf(out, "model:             N = %.4g parameters, D = %.4g tokens, 6ND = %.4g FLOP, predicted loss %.5g\n", N,
                D, 6 * N * D, Q);
        fprintf(out, "reference compute: %.4g FLOP (a compute-optimal run reaching the same loss)\n", ref);
    } else {
        Q = cli_jnum(point, "quality");
        fprintf(out, "model:             C = %.4g FLOP, quality %.5g\n", cli_jnum(point, "compute"), Q);
        fprintf(out, "reference compute: %.4g FLOP (the law's compute for that quality)\n", ref);
    }
    fprintf(out, "%s: %.4g", key, cli_jnum(root, key));
    if (nrep) {
        char b0[32], b1[32];
        double ci[2];
        cli_jci(root, "ci95", ci);
        fprintf(out, "   95%% interval [%s, %s] from %zu replicates", fmt_num(b0, sizeof b0, 4, ci[0]),
                fmt_num(b1, sizeof b1, 4, ci[1]), nrep - failed); /* the failed ones are left out */
    }
    fprintf(out, "\n");
    if (unreachable)
        fprintf(out,
                "quality %.5g: never reached by %zu of the %zu replicates (at or beyond their law's asymptote, or "
                "beyond 1e45 FLOP), counted as an unbounded reference compute and %s\n",
                Q, unreachable, nrep, key);
    if (failed)
        fprintf(out, "%zu of the %zu replicates left out of the interval (failed: no finite result%s)\n", failed, nrep,
                point ? ", or the quality is already passed at 1 FLOP" : "");
    if (skipped) fprintf(out, "left out of the interval: %zu replicate(s) that did not converge in the fit\n", skipped);
}
