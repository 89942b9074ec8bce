/* cmd_claims.c — `effcomp claims`: usage and report (from the result's
 * JSON). The ledger is the library's (solvers/ec_claims.c). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cli_args.h"
#include "commands.h"
#include "ec_steps.h"
#include "ec_version.h"

void cmd_claims_usage(FILE *out)
{
    fputs("usage: effcomp claims --claims FILE --reference NAME [--compute-file FILE]\n"
          "                      [--default-log-sd X] [-o FILE.json]\n"
          "\n"
          "Reads claims \"SUBJECT reaches comparable quality at a fraction F of BASELINE's\n"
          "compute\" and solves them together for one efficiency factor per model\n"
          "(effective compute = physical compute x factor; the reference's factor is 1):\n"
          "weighted least squares in log factor, weights 1/log_sd^2. Reports each\n"
          "factor with a 95% interval, each claim's residual, and a chi^2 test of\n"
          "whether the claims agree within their stated log_sd. See docs/claims.md.\n"
          "\nOptions (also --set name=value):\n", out);
    cli_print_option_table(out, ec_claims_option_table());
    fputs("\nExample:\n"
          "  effcomp claims --claims data/claims_example.csv --reference 'Llama 3.1-405B' \\\n"
          "    --compute-file data/claims_example_compute.csv\n", out);
    cli_print_common_flags(out);
}

/* Values within rounding of zero print as 0 (no "-0" that depends on the BLAS kernel). */
static double clean(double x)
{
    return fabs(x) < 1e-12 ? 0.0 : x;
}

static int width_of(const char *s, int w)
{
    int n = (int)strlen(s);
    return n > w ? n : w;
}

void cmd_claims_report(FILE *out, const cJSON *root)
{
    const cJSON *models = cli_jobj(root, "models"), *claims = cli_jobj(root, "claims"), *m, *c;
    const char *compute_file = cli_jstr(root, "compute_file");
    int mc = compute_file[0] != '\0';
    fprintf(out, "effcomp %s: claims ledger of %s (%zu claims, %zu models)\n", EC_VERSION_STRING, cli_jstr(root, "input"),
            (size_t)cli_jnum(root, "n_claims"), (size_t)cli_jnum(root, "n_models"));
    fprintf(out, "reference: %s (factor 1 by definition)\n", cli_jstr(root, "reference"));
    if (mc) fprintf(out, "compute:   %s (effective compute = compute x factor, in reference FLOP)\n", compute_file);
    int wm = 5;
    cJSON_ArrayForEach(m, models) wm = width_of(m->string, wm);
    fprintf(out, "\n%-*s  %10s  %-21s  %8s", wm, "model", "factor", "95% CI", "se(log)");
    if (mc) fprintf(out, "  %11s  %11s", "compute", "effective");
    fprintf(out, "\n");
    cJSON_ArrayForEach(m, models)
    {
        char ci[64];
        const cJSON *a = cli_jobj(m, "ci95");
        snprintf(ci, sizeof ci, "[%.4g, %.4g]", cJSON_GetArrayItem(a, 0) ? cJSON_GetArrayItem(a, 0)->valuedouble : NAN,
                 cJSON_GetArrayItem(a, 1) ? cJSON_GetArrayItem(a, 1)->valuedouble : NAN);
        fprintf(out, "%-*s  %10.4g  %-21s  %8.4g", wm, m->string, cli_jnum(m, "factor"), ci, clean(cli_jnum(m, "se_log")));
        if (mc) {
            double C = cli_jnum(m, "compute");
            if (isfinite(C)) fprintf(out, "  %11.4g  %11.4g", C, cli_jnum(m, "effective_compute"));
            else fprintf(out, "  %11s  %11s", "-", "-");
        }
        fprintf(out, "\n");
    }
    int ws = 7, wb = 8, any_source = 0;
    cJSON_ArrayForEach(c, claims)
    {
        ws = width_of(cli_jstr(c, "subject"), ws);
        wb = width_of(cli_jstr(c, "baseline"), wb);
        any_source |= cli_jstr(c, "source")[0] != '\0';
    }
    fprintf(out, "\nclaims (residual = -log(fraction) minus the fitted log-factor difference):\n");
    fprintf(out, "%5s  %-*s  %-*s  %8s  %7s  %9s  %8s%s\n", "line", ws, "subject", wb, "baseline", "fraction", "log_sd",
            "residual", "std.res", any_source ? "  source" : "");
    cJSON_ArrayForEach(c, claims)
    {
        const char *src = cli_jstr(c, "source");
        fprintf(out, "%5zu  %-*s  %-*s  %8.4g  %7.4g  %+9.4f  %+8.3f%s%s\n", (size_t)cli_jnum(c, "line"), ws,
                cli_jstr(c, "subject"), wb, cli_jstr(c, "baseline"), cli_jnum(c, "compute_fraction"), cli_jnum(c, "log_sd"),
                clean(cli_jnum(c, "residual")), clean(cli_jnum(c, "std_residual")), src[0] ? "  " : "", src);
    }
    int any_implied = 0;
    cJSON_ArrayForEach(c, claims) any_implied |= isfinite(cli_jnum(c, "implied_compute"));
    if (any_implied) {
        fprintf(out, "\nimplied compute (a subject at its baseline's quality: the baseline's compute x the fitted fraction;\n"
                     "its effective compute is the baseline's):\n");
        fprintf(out, "%-*s  %-*s  %8s  %-21s  %10s  %-23s  %10s  %s\n", ws, "subject", wb, "baseline", "fraction",
                "95% CI", "compute", "95% CI", "effective", "95% CI");
        cJSON_ArrayForEach(c, claims)
        {
            if (!isfinite(cli_jnum(c, "implied_compute"))) continue;
            char f[64], ic[64], ec[64];
            double a[2], b[2], e[2];
            cli_jci(c, "fitted_fraction_ci95", a);
            cli_jci(c, "implied_compute_ci95", b);
            cli_jci(c, "implied_effective_compute_ci95", e);
            snprintf(f, sizeof f, "[%.4g, %.4g]", a[0], a[1]);
            snprintf(ic, sizeof ic, "[%.4g, %.4g]", b[0], b[1]);
            snprintf(ec, sizeof ec, "[%.4g, %.4g]", e[0], e[1]);
            fprintf(out, "%-*s  %-*s  %8.4g  %-21s  %10.4g  %-23s  %10.4g  %s\n", ws, cli_jstr(c, "subject"), wb,
                    cli_jstr(c, "baseline"), cli_jnum(c, "fitted_fraction"), f, cli_jnum(c, "implied_compute"), ic,
                    cli_jnum(c, "implied_effective_compute"), ec);
        }
    }
    int dof = (int)cli_jnum(root, "dof");
    fprintf(out, "\nchi2 = %.4g on %d dof", clean(cli_jnum(root, "chi2")), dof);
    if (dof > 0)
        fprintf(out, " (reduced chi2 %.4g), p-value = %.4g\n", clean(cli_jnum(root, "chi2_reduced")), cli_jnum(root, "p_value"));
    else
        fprintf(out, ", p-value = n/a\nnote: %s\n", cli_jstr(root, "reading"));
    fprintf(out, "se(log) takes each claim's log_sd as known (not scaled by the reduced chi2)\n");
    if (dof > 0) fprintf(out, "reading: %s\n", cli_jstr(root, "reading"));
}
