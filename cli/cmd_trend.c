/* cmd_trend.c — `effcomp trend`: usage and report (from the result's JSON).
 * The analysis is the library's (solvers/ec_trend.c). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cli_args.h"
#include "commands.h"
#include "ec_steps.h"
#include "ec_version.h"

void cmd_trend_usage(FILE *out)
{
    fputs("usage: effcomp trend --data FILE --x DATECOL --y COL [--where ...] [--bootstrap R] [-o FILE.json]\n"
          "       effcomp trend --algorithmic 1 --data FILE --columns 'C=..,date=..,L=..' [...]\n"
          "\n"
          "Growth over time: fits log10 y = c + g (year - 2020) by least squares in log space\n"
          "(form loglinear-time) and reports the growth factor 10^g per year and the doubling\n"
          "time 12 log10(2)/g in months (for g < 0, the halving time 12 log10(2)/|g|), with\n"
          "intervals (asymptotic, or bootstrap percentiles with --bootstrap R). The time's\n"
          "interval is g's mapped through that formula; when g's interval contains 0 there is\n"
          "no significant trend and the time's interval is unbounded.\n"
          "--algorithmic 1 fits L = E + A (C 10^(g (year - 2020)))^-alpha (form\n"
          "effective-compute-time): at fixed loss, the compute needed falls 10^g-fold a year;\n"
          "reported as the compute-halving time 12 log10(2)/g in months (Ho et al. 2024 style).\n"
          "\nTrend options:\n", out);
    cli_print_option_table(out, ec_trend_option_table());
    fputs("\nData options and fit options: as for 'effcomp fit' (loss defaults to ls-log here),\n"
          "including --plot FILE.png for the trend figure (not with --algorithmic).\n"
          "\nExample (frontier training compute since 2012, Epoch's database):\n"
          "  effcomp trend --data ../shared/data/epoch_all_ml_systems_2025-08.csv \\\n"
          "    --x 'Publication date' --y 'Training compute (FLOP)' --where 'Publication date>=2012'\n", out);
    cli_print_common_flags(out);
}

/* x as %.PRECg, or "unbounded" / "-unbounded" / "unavailable" (NaN) for a non-finite x. */
static const char *fmt_num(char *buf, size_t n, int prec, double x)
{
    if (isnan(x)) snprintf(buf, n, "unavailable");
    else if (isinf(x)) snprintf(buf, n, "%sunbounded", x < 0 ? "-" : "");
    else snprintf(buf, n, "%.*g", prec, x);
    return buf;
}

void cmd_trend_report(FILE *out, const cJSON *root)
{
    int algorithmic = cJSON_IsTrue(cli_jobj(root, "algorithmic"));
    int y_constant = cJSON_IsTrue(cli_jobj(root, "y_constant"));
    const ec_form *f = ec_form_find(cli_jstr(root, "form"));
    const cJSON *ci = cli_jobj(root, "ci95");
    const char *up_key = algorithmic ? "compute_halving_months" : "doubling_months";
    const char *down_key = algorithmic ? "compute_doubling_months" : "halving_months";
    double g = cli_jnum(root, "g"), se = cli_jnum(root, "g_se"), r2 = cli_jnum(root, "r2");
    double growth = cli_jnum(root, "growth_per_year"), growth_ci[2], g_ci[2], dci[2], hci[2];
    cli_jci(ci, "growth_per_year", growth_ci);
    cli_jci(ci, "g", g_ci);
    cli_jci(ci, up_key, dci);
    cli_jci(ci, down_key, hci);
    int sign = g > 0 ? 1 : g < 0 ? -1 : 0;
    double months = sign > 0 ? cli_jnum(root, up_key) : cli_jnum(root, down_key);
    const char *trend = cli_jstr(root, "trend");
    fprintf(out, "effcomp %s: %s on %s (%zu points)\n", EC_VERSION_STRING,
            algorithmic ? "algorithmic progress" : "growth over time", cli_jstr(cli_jobj(root, "input"), "path"),
            (size_t)cli_jnum(root, "n_points"));
    fprintf(out, "fit:       %s, %s; %s\n", f ? f->name : "?", f ? f->formula : "?", cli_jstr(root, "status"));
    fprintf(out, "           g = %.5g per year", g);
    if (cli_jobj(root, "se")) fprintf(out, " +/- %.3g (asymptotic SE)", se);
    if (isfinite(r2)) fprintf(out, ", R^2 (log space) %.4f\n", r2);
    else fprintf(out, ", R^2 undefined (%s)\n", y_constant ? "y does not vary" : "not computable");
    char b0[32], b1[32];
    if (algorithmic)
        fprintf(out, "effective compute grows %.4gx per year from algorithms (95%%: %.4g - %.4g)\n", growth, growth_ci[0],
                growth_ci[1]);
    else
        fprintf(out, "growth:    %.4gx per year (95%%: %.4g - %.4g)\n", growth, growth_ci[0], growth_ci[1]);
    const char *up = algorithmic ? "compute needed for a fixed loss halves" : "doubling: ";
    const char *down = algorithmic ? "compute needed for a fixed loss doubles" : "halving:  ";
    if (sign == 0) {
        fprintf(out, "%s none: g = 0%s\n", algorithmic ? "compute needed for a fixed loss:" : "doubling: ",
                y_constant ? " (y is the same at every date)" : "");
    } else {
        const double *tci = sign > 0 ? dci : hci;
        fprintf(out, "%s every %.3g months (95%%: %s - %s)\n", sign > 0 ? up : down, months,
                fmt_num(b0, sizeof b0, 3, tci[0]), fmt_num(b1, sizeof b1, 3, tci[1]));
    }
    if (trend[0] && strcmp(trend, "not significant") == 0 && !y_constant) {
        fprintf(out, "trend:     not significant: g's 95%% interval [%.3g, %.3g] contains 0", g_ci[0], g_ci[1]);
        /* The times of the other direction that the interval allows too. */
        if (sign >= 0 && isfinite(hci[0]))
            fprintf(out, "; it also allows %s every %.3g months or more", algorithmic ? "the compute needed doubling" : "y halving",
                    hci[0]);
        if (sign < 0 && isfinite(dci[0]))
            fprintf(out, "; it also allows %s every %.3g months or more", algorithmic ? "the compute needed halving" : "y doubling",
                    dci[0]);
        fprintf(out, "\n");
    }
    const char *im = cli_jstr(root, "interval_method");
    fprintf(out, "intervals: %s\n", y_constant                          ? "exact (y is constant: every resample is too)"
                                    : strcmp(im, "bootstrap percentile") == 0 ? "bootstrap percentiles"
                                                                              : "asymptotic (normal approximation for g)");
}
