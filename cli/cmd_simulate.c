/* cmd_simulate.c — `effcomp simulate`: usage, report (from the result's
 * JSON) and the per-draw CSV (--draws-out). The Monte Carlo is the
 * library's (solvers/ec_simulate.c), run by the simulate step
 * (params/ec_step_simulate.c). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cli_args.h"
#include "cli_util.h"
#include "commands.h"
#include "ec_steps.h"
#include "ec_version.h"

void cmd_simulate_usage(FILE *out)
{
    fputs("usage: effcomp simulate (--start-year Y --start-compute C | --start-data FILE.csv) --end-year Y\n"
          "                        (--compute-growth DIST | --growth-trend TREND.json) [--algo-growth DIST]\n"
          "                        [--fit FIT.json] [--thresholds 1e27,1e28] [--draws N] [-o FILE.json]\n"
          "\n"
          "Monte Carlo trajectories of the frontier: physical training compute grows from the\n"
          "start year by a rate drawn per draw (growth_mode constant), or anew each year (shocks),\n"
          "or by a schedule, or with a slowdown; algorithmic efficiency multiplies it into effective\n"
          "compute; with a fitted law, the loss at the compute-optimal allocation of that effective\n"
          "compute, each draw taking one of the law's bootstrap replicates (all parameters jointly).\n"
          "Per year: percentiles of physical and effective compute and loss, each with its Monte\n"
          "Carlo standard error; per threshold: the distribution of the year it is crossed, the\n"
          "probability it is crossed by each year, and the share never crossed within the horizon\n"
          "(a percentile among those prints as '>END', never as a made-up year).\n"
          "\nDistributions: fixed(x) or x, normal(mean, sd), lognormal(median=m, ci90=[lo, hi]) (ci80,\n"
          "ci90 or ci95: the level is always written) or lognormal(median=m, sigma=s), uniform(lo, hi),\n"
          "loguniform(lo, hi), triangular(lo, mode, hi), choice(v1, v2, ...), replicates(FILE, COLUMN);\n"
          "truncate a continuous one with lo=, hi= (renormalised). Draw i's numbers depend only on --seed and i\n"
          "(Random123 Philox counters): the same for any --threads. See docs/simulate.md.\n"
          "\nOptions (also --set name=value):\n", out);
    cli_print_option_table(out, ec_simulate_option_table());
    fputs("  -o FILE            same as --output\n"
          "\nExamples:\n"
          "  effcomp simulate --start-year 2025.13 --start-compute 4.64e26 --end-year 2030 \\\n"
          "    --compute-growth 'lognormal(median=4.2, ci90=[3, 5.88])' --algo-growth 'lognormal(median=3, ci90=[1.5, 6])' \\\n"
          "    --thresholds 1e27,1e28,1e29 --fit out/chinchilla_fit.json\n"
          "  effcomp simulate --start-data data/frontier_models.csv --end-year 2030 --growth-mode shocks \\\n"
          "    --compute-growth 'normal(0.6, 0.15)' --growth-unit oom --thresholds 1e28\n", out);
    cli_print_common_flags(out);
}

static double item(const cJSON *a, size_t i)
{
    const cJSON *v = cJSON_GetArrayItem(a, (int)i);
    return cJSON_IsNumber(v) ? v->valuedouble : NAN;
}

/* A year label: whole years as 2026, others with two decimals. */
static void year_text(char *buf, size_t n, double y)
{
    if (fabs(y - round(y)) < 1e-9) snprintf(buf, n, "%.0f", y);
    else snprintf(buf, n, "%.2f", y);
}

/* One table of a quantity per year: log10 values shown as FLOP (pow10) or plain. */
static void table(FILE *out, const cJSON *root, const char *title, const cJSON *vals, const cJSON *ses, int pow10)
{
    const cJSON *pc = cli_jobj(root, "percentiles"), *years = cli_jobj(root, "years");
    size_t nq = (size_t)cJSON_GetArraySize(pc), nt = (size_t)cJSON_GetArraySize(years);
    fprintf(out, "\n%s\n%-8s", title, "year");
    for (size_t j = 0; j < nq; j++) {
        char h[16];
        snprintf(h, sizeof h, "p%g", item(pc, j));
        fprintf(out, " %10s", h);
    }
    fprintf(out, "\n");
    double se_max = 0;
    for (size_t k = 0; k < nt; k++) {
        char y[16];
        year_text(y, sizeof y, item(years, k));
        fprintf(out, "%-8s", y);
        const cJSON *row = cJSON_GetArrayItem(vals, (int)k), *srow = cJSON_GetArrayItem(ses, (int)k);
        for (size_t j = 0; j < nq; j++) {
            double v = item(row, j), s = item(srow, j);
            if (pow10) fprintf(out, " %10.4g", pow(10, v));
            else fprintf(out, " %10.5g", v);
            if (isfinite(s) && s > se_max) se_max = s;
        }
        fprintf(out, "\n");
    }
    if (pow10) fprintf(out, "Monte Carlo standard errors: at most %.2g orders of magnitude (%.2g%%)\n", se_max,
                       100 * (pow(10, se_max) - 1));
    else fprintf(out, "Monte Carlo standard errors: at most %.2g\n", se_max);
}

static void seed_text(const cJSON *root, char *buf, size_t n)
{
    const cJSON *seed = cli_jobj(root, "seed");
    if (cJSON_IsString(seed)) snprintf(buf, n, "%s", seed->valuestring);
    else snprintf(buf, n, "%.0f", cli_jnum(root, "seed"));
}

void cmd_simulate_report(FILE *out, const cJSON *root)
{
    const cJSON *start = cli_jobj(root, "start"), *in = cli_jobj(root, "inputs"), *law = cli_jobj(root, "law");
    char y0[16], y1[16], seed[32];
    year_text(y0, sizeof y0, cli_jnum(start, "year"));
    year_text(y1, sizeof y1, cli_jnum(root, "end_year"));
    seed_text(root, seed, sizeof seed);
    fprintf(out, "effcomp %s: Monte Carlo of frontier compute, %.0f draws, seed %s, %s to %s\n", EC_VERSION_STRING,
            cli_jnum(root, "draws"), seed, y0, y1);
    const char *data = cli_jstr(start, "data");
    if (data[0])
        fprintf(out, "start:        %.4g FLOP in %s (%s, the largest run in %s, line %.0f)\n", cli_jnum(start, "compute"), y0,
                cli_jstr(start, "model"), data, cli_jnum(start, "line"));
    else fprintf(out, "start:        %s FLOP in %s\n", cli_jstr(in, "start_compute"), y0);
    const char *mode = cli_jstr(root, "growth_mode"), *unit = strcmp(cli_jstr(root, "growth_unit"), "oom") == 0 ? "OOM/year" : "x/year";
    const char *gsrc = cli_jstr(root, "growth_source");
    if (strcmp(mode, "schedule") == 0) fprintf(out, "growth:       schedule %s (%s)\n", cli_jstr(root, "schedule"), unit);
    else {
        fprintf(out, "growth:       %s, %s%s%s", strcmp(mode, "shocks") == 0 ? "a new rate each year" : "one rate per draw",
                gsrc[0] ? gsrc : cli_jstr(in, "compute_growth"), gsrc[0] ? "" : " ", gsrc[0] ? "" : unit);
        if (strcmp(mode, "slowdown") == 0)
            fprintf(out, ", until %s, then %s %s", cli_jstr(in, "slowdown_year"), cli_jstr(in, "slowdown_growth"), unit);
        fprintf(out, "\n");
    }
    const char *asrc = cli_jstr(root, "algo_source");
    fprintf(out, "algorithmic:  %s, %s%s%s\n", strcmp(cli_jstr(root, "algo_mode"), "shocks") == 0 ? "a new rate each year" : "one rate per draw",
            asrc[0] ? asrc : cli_jstr(in, "algo_growth"), asrc[0] ? "" : " ",
            asrc[0] ? "" : strcmp(cli_jstr(root, "algo_unit"), "oom") == 0 ? "OOM/year" : "x/year");
    fprintf(out, "efficiency:   %s at the start (effective = physical x efficiency)", cli_jstr(in, "start_efficiency"));
    const char *claims = cli_jstr(root, "claims");
    if (claims[0]) fprintf(out, ", from the claims ledger %s", claims);
    fprintf(out, "\n");
    if (cli_jstr(root, "correlations")[0]) fprintf(out, "correlations: %s (rank, Gaussian copula)\n", cli_jstr(root, "correlations"));
    if (cJSON_IsObject(law)) {
        const cJSON *p = cli_jobj(law, "params");
        double nrep = cli_jnum(law, "replicates");
        fprintf(out, "loss:         compute-optimal loss of the %s law (E=%.6g A=%.6g B=%.6g alpha=%.6g beta=%.6g)", cli_jstr(law, "form"),
                cli_jnum(p, "E"), cli_jnum(p, "A"), cli_jnum(p, "B"), cli_jnum(p, "alpha"), cli_jnum(p, "beta"));
        if (nrep > 0) fprintf(out, ",\n              each draw one of its %.0f bootstrap replicates (all parameters jointly)\n", nrep);
        else fprintf(out, " (no replicates: the law's own parameters)\n");
    }
    table(out, root, "effective compute (FLOP):", cli_jobj(cli_jobj(root, "effective_compute"), "log10"),
          cli_jobj(cli_jobj(root, "effective_compute"), "log10_se"), 1);
    table(out, root, "physical compute (FLOP):", cli_jobj(cli_jobj(root, "physical_compute"), "log10"),
          cli_jobj(cli_jobj(root, "physical_compute"), "log10_se"), 1);
    if (cJSON_IsObject(cli_jobj(root, "loss")))
        table(out, root, "loss:", cli_jobj(cli_jobj(root, "loss"), "value"), cli_jobj(cli_jobj(root, "loss"), "se"), 0);
    const cJSON *thr = cli_jobj(root, "thresholds"), *t;
    if (cJSON_GetArraySize(thr) == 0) return;
    const cJSON *pc = cli_jobj(root, "percentiles"), *by = cli_jobj(root, "by_years");
    size_t nq = (size_t)cJSON_GetArraySize(pc), nb = (size_t)cJSON_GetArraySize(by);
    fprintf(out, "\ncrossing year (censored at %s: '>%s' means after the horizon):\n%-22s", y1, y1, "threshold");
    for (size_t j = 0; j < nq; j++) {
        char h[16];
        snprintf(h, sizeof h, "p%g", item(pc, j));
        fprintf(out, " %8s", h);
    }
    fprintf(out, "  %8s\n", "never");
    cJSON_ArrayForEach(t, thr)
    {
        char name[64];
        int loss = strcmp(cli_jstr(t, "kind"), "loss") == 0;
        if (loss) snprintf(name, sizeof name, "loss %.5g", cli_jnum(t, "value"));
        else snprintf(name, sizeof name, "effective %.3g FLOP", cli_jnum(t, "value"));
        fprintf(out, "%-22s", name);
        const cJSON *yr = cli_jobj(t, "crossing_year");
        for (size_t j = 0; j < nq; j++) {
            double v = item(yr, j);
            char c[24];
            if (isfinite(v)) snprintf(c, sizeof c, "%.2f", v);
            else snprintf(c, sizeof c, ">%s", y1);
            fprintf(out, " %8s", c);
        }
        fprintf(out, "  %7.2f%%\n", 100 * cli_jnum(t, "p_never"));
    }
    fprintf(out, "\nP(crossed by 1 January of):\n%-22s", "threshold");
    for (size_t y = 0; y < nb; y++) fprintf(out, " %7.0f", item(by, y));
    fprintf(out, "\n");
    cJSON_ArrayForEach(t, thr)
    {
        char name[64];
        if (strcmp(cli_jstr(t, "kind"), "loss") == 0) snprintf(name, sizeof name, "loss %.5g", cli_jnum(t, "value"));
        else snprintf(name, sizeof name, "effective %.3g FLOP", cli_jnum(t, "value"));
        fprintf(out, "%-22s", name);
        const cJSON *p = cli_jobj(t, "p_by_year");
        for (size_t y = 0; y < nb; y++) fprintf(out, " %7.4f", item(p, y));
        fprintf(out, "\n");
    }
}

void cmd_simulate_write_draws(FILE *fp, const ec_result *r)
{
    const ec_simulate_output *o = ec_result_simulate(r);
    if (!o || !o->r.draw_start) return;
    const ec_sim_result *s = &o->r;
    fprintf(fp, "# effcomp %s simulate draws: %zu draws, seed %llu; growth and algo in log10 per year\n",
            EC_VERSION_STRING, s->draws, s->seed);
    fputs("draw,start_compute,start_efficiency,compute_growth_oom,algo_growth_oom,slowdown_year,slowdown_growth_oom,"
          "replicate,log10_physical_end,log10_effective_end,loss_end", fp);
    for (size_t j = 0; j < s->n_thr; j++) fprintf(fp, ",crossing_%zu", j);
    fputc('\n', fp);
    for (size_t i = 0; i < s->draws; i++) {
        double v[10] = {s->draw_start[i],     s->draw_eff0[i],        s->draw_growth[i],           s->draw_algo[i],
                        s->draw_slow_year[i], s->draw_slow_growth[i], (double)s->draw_replicate[i],
                        s->draw_log_physical_end[i], s->draw_log_effective_end[i], s->draw_loss_end[i]};
        fprintf(fp, "%zu", i);
        for (int c = 0; c < 10; c++) {
            fputc(',', fp);
            if (c == 6 && !o->law) continue;
            if (isfinite(v[c])) cli_fprint_double(fp, v[c]);
        }
        for (size_t j = 0; j < s->n_thr; j++) {
            fputc(',', fp);
            double c = s->draw_cross[i * s->n_thr + j];
            if (isfinite(c)) cli_fprint_double(fp, c);
        }
        fputc('\n', fp);
    }
}
