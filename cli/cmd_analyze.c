/* cmd_analyze.c — `effcomp analyze sobol|morris SWEEP.csv --output COLUMN`:
 * Sobol' indices or Morris's elementary effects (solvers/ec_sobol.h) of one
 * recorded output of a sweep over a Saltelli or Morris design (`effcomp
 * sweep --design sobol|morris`), read by cell id (params/ec_sweep.c). Here:
 * the command line, the report under SALib's names, the warnings and exit
 * statuses. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_gnuplot.h"
#include "cli_util.h"
#include "commands.h"
#include "ec_sobol.h"
#include "ec_sweep.h"
#include "ec_sweep_plot.h"
#include "ec_version.h"

void cmd_analyze_usage(FILE *out)
{
    fputs("usage: effcomp analyze sobol|morris SWEEP.csv --output COLUMN [--plot FILE.png] [--resamples R] [--seed S] [-q]\n"
          "\n"
          "Sobol' indices of one recorded output of a sweep over Saltelli's design (written by\n"
          "'effcomp sweep --design sobol --samples N --param ID.KEY=DIST ... --record ...'), as SALib's\n"
          "analyze.sobol computes them: first-order S1 (Saltelli et al. 2010), total ST (Jansen 1999),\n"
          "second-order S2 when the design has its BA rows (--second-order), each with a 95% bootstrap\n"
          "interval half-width *_conf over R resamples of the base points. Rows are read by cell id, so\n"
          "their order does not matter; every cell must be there and ok (concatenate every shard).\n"
          "Warns when N is not a power of 2, and when the indices from the first N/2 base points differ\n"
          "from those of all N by more than their intervals (not converged: more samples).\n"
          "morris: Morris's elementary effects of a sweep over his design ('--design morris --samples R'):\n"
          "mu, mu_star, sigma and mu_star_conf (95% bootstrap half-width, at least 1000 resamples) per\n"
          "input, as SALib's analyze.morris names them.\n"
          "\nOptions:\n"
          "  --output COLUMN   the recorded output to analyse (a column of the sweep, e.g. project.loss)\n"
          "  --plot FILE.png   also draw the indices as bars with their intervals (.png, .svg, .pdf): S1 and ST,\n"
          "                    or mu* and sigma, the input with the largest ST (mu*) on top\n"
          "  --resamples R     bootstrap resamples for the intervals [100]\n"
          "  --seed S          the resamples' random stream [42]\n"
          "  -q, --quiet       no warnings on stderr\n"
          "\nExample:\n"
          "  effcomp sweep s.ini --design sobol --samples 1024 --param 'project.efficiency=loguniform(1, 10)' \\\n"
          "    --param 'project.max_tokens=loguniform(1e13, 1e15)' --record project.loss -o sweep.csv\n"
          "  effcomp analyze sobol sweep.csv --output project.loss\n",
          out);
}

/* The indices' bars (params/ec_sweep_plot.h) drawn through gnuplot; an exit status. */
static int draw_indices(const char *title, const char *xlabel, size_t D, const char *const *names,
                        const char *const series[2], const double *a, const double *a_conf, const double *b,
                        const double *b_conf, int by_b, const char *plot)
{
    ec_plot_output *po = NULL;
    ec_error err;
    if (ec_sensitivity_plot(title, xlabel, D, names, series, a, a_conf, b, b_conf, by_b, plot, NULL, &po, &err) != EC_OK) {
        cli_error("analyze: %s", err.message);
        return cli_exit_for(err.code);
    }
    int st = cli_draw(po); /* it says what it wrote */
    ec_plot_output_free(po);
    return st;
}

int cmd_analyze(int argc, char **argv)
{
    const char *method = NULL, *path = NULL, *column = NULL;
    const char *plot = NULL;
    size_t resamples = 100;
    unsigned long long seed = 42;
    const char *given[4] = {NULL, NULL, NULL, NULL};
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            cmd_analyze_usage(stdout);
            return EXIT_OK;
        } else if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0) {
            cli_quiet = 1;
        } else if (strcmp(a, "--output") == 0 || strcmp(a, "--resamples") == 0 || strcmp(a, "--seed") == 0 ||
                   strcmp(a, "--plot") == 0) {
            if (i + 1 >= argc) {
                cli_error("analyze: %s needs a value (see 'effcomp analyze --help')", a);
                return EXIT_BAD_INPUT;
            }
            const char *v = argv[++i];
            char *end;
            const int k = a[2] == 'o' ? 0 : a[2] == 'r' ? 1 : a[2] == 's' ? 2 : 3; /* --output, --resamples, --seed, --plot */
            if (given[k]) { /* no silent last-wins (issue 14) */
                cli_error("analyze: option '%s' given twice ('%s' and '%s'); give it once", a, given[k], v);
                return EXIT_BAD_INPUT;
            }
            given[k] = v;
            if (strcmp(a, "--output") == 0 || strcmp(a, "--plot") == 0) {
                *(k == 0 ? &column : &plot) = v;
            } else if (strcmp(a, "--resamples") == 0) {
                unsigned long long r = strtoull(v, &end, 10);
                if (*end || end == v || r < 2 || r > 100000) {
                    cli_error("analyze: --resamples '%s' is not a whole number from 2 to 100000", v);
                    return EXIT_BAD_INPUT;
                }
                resamples = (size_t)r;
            } else {
                seed = strtoull(v, &end, 10);
                if (*end || end == v || v[0] == '-') {
                    cli_error("analyze: --seed '%s' is not a non-negative integer", v);
                    return EXIT_BAD_INPUT;
                }
            }
        } else if (a[0] == '-' || (method && path)) {
            cli_error("analyze: unexpected argument '%s' (see 'effcomp analyze --help')", a);
            return EXIT_BAD_INPUT;
        } else if (!method) {
            method = a;
        } else {
            path = a;
        }
    }
    if (method && strcmp(method, "sobol") != 0 && strcmp(method, "morris") != 0) {
        cli_error("analyze: unknown method '%s'; give sobol or morris: analyze sobol|morris SWEEP.csv --output COLUMN",
                  method);
        return EXIT_BAD_INPUT;
    }
    if (!method) {
        cli_error("analyze: give the method and the sweep: analyze sobol|morris SWEEP.csv --output COLUMN");
        return EXIT_BAD_INPUT;
    }
    const int morris = strcmp(method, "morris") == 0;
    if (!path || !column) {
        cli_error("analyze: give the sweep file and --output COLUMN (see 'effcomp analyze --help')");
        return EXIT_BAD_INPUT;
    }
    int ps = cli_plot_check(plot);
    if (ps != EXIT_OK) return ps;
    ec_error err;
    ec_sweep_design_info info;
    double *y = NULL, *xv = NULL;
    if (ec_sweep_read_design(path, column, &info, &y, &xv, &err) != EC_OK) {
        cli_error_lines(err.message);
        return cli_exit_for(err.code);
    }
    if (morris != info.morris) {
        cli_error("analyze: %s is a sweep over a %s design; analyze it with '%s'", path, info.morris ? "Morris" : "Sobol'",
                  info.morris ? "analyze morris" : "analyze sobol");
        free(y), free(xv);
        return EXIT_BAD_INPUT;
    }
    if (morris) {
        /* the steps in unit space: which input each step moved (the one whose value changed) and which way (the
         * quantile functions increase), by Delta = levels / (2 (levels - 1)) from a base at 1/2 */
        const size_t D = info.D, r = info.N, rows = (D + 1) * r;
        const double delta = info.levels / (2.0 * (info.levels - 1));
        double *U = malloc(sizeof(double) * rows * D);
        int bad = !U;
        for (size_t t = 0; !bad && t < r; t++) {
            double *u = U + t * (D + 1) * D;
            for (size_t j = 0; j < D; j++) u[j] = 0.5;
            for (size_t st = 0; st < D; st++) {
                const double *a = xv + (t * (D + 1) + st) * D, *b = a + D;
                memcpy(u + (st + 1) * D, u + st * D, sizeof(double) * D);
                size_t moved = D, n = 0;
                for (size_t j = 0; j < D; j++)
                    if (a[j] != b[j]) moved = j, n++;
                if (n != 1) {
                    cli_error("analyze: %s: cells %zu and %zu differ in %zu inputs, not one: not a Morris trajectory", path,
                              t * (D + 1) + st, t * (D + 1) + st + 1, n);
                    bad = 2;
                    break;
                }
                u[(st + 1) * D + moved] += b[moved] > a[moved] ? delta : -delta;
            }
        }
        ec_morris_result m;
        if (!bad && ec_morris_analyze(U, y, D, r, resamples < 1000 ? 1000 : resamples, seed, &m, &err) != EC_OK) {
            cli_error("analyze: %s: %s", path, err.message);
            bad = 2;
        }
        free(U), free(y), free(xv);
        if (bad) return bad == 2 ? EXIT_BAD_INPUT : EXIT_FAILURE_RUN;
        printf("effcomp %s: Morris elementary effects of %s in %s\n", EC_VERSION_STRING, column, path);
        printf("design:   %zu inputs, r = %zu trajectories (%zu cells), %d levels (Delta %.4g of each range); %zu "
               "bootstrap resamples, seed %llu\n\n",
               D, r, rows, info.levels, delta, resamples < 1000 ? (size_t)1000 : resamples, seed);
        size_t w = 5;
        for (size_t j = 0; j < D; j++) w = strlen(info.names[j]) > w ? strlen(info.names[j]) : w;
        printf("%-*s  %12s  %12s  %12s  %12s\n", (int)w, "input", "mu", "mu_star", "sigma", "mu_star_conf");
        for (size_t j = 0; j < D; j++)
            printf("%-*s  %12.6g  %12.6g  %12.6g  %12.6g\n", (int)w, info.names[j], m.mu[j], m.mu_star[j], m.sigma[j],
                   m.mu_star_conf[j]);
        printf("\n(effects per unit of each input's range in the design's unit space: the output's change over a step of "
               "Delta, divided by Delta)\n");
        int st = EXIT_OK;
        if (plot) {
            const char *series[2] = {"mu*", "sigma"}, *names[20];
            for (size_t j = 0; j < D; j++) names[j] = info.names[j];
            char title[400];
            snprintf(title, sizeof title, "Morris screening of %s (%zu trajectories)", column, r);
            st = draw_indices(title, "elementary effect per unit of the input's range", D, names, series, m.mu_star,
                              m.mu_star_conf, m.sigma, NULL, 0, plot);
        }
        ec_morris_result_clear(&m);
        return st;
    }
    free(xv);
    ec_sobol_result r, half;
    if (ec_sobol_analyze(y, info.D, info.N, info.second_order, resamples, seed, &r, &err) != EC_OK) {
        free(y);
        cli_error("analyze: %s: %s", path, err.message);
        return cli_exit_for(err.code);
    }
    /* convergence: the first N/2 base points against all N */
    int converged = 1;
    if (info.N >= 4 && ec_sobol_analyze(y, info.D, info.N / 2, info.second_order, resamples, seed, &half, &err) == EC_OK) {
        for (size_t j = 0; j < info.D; j++)
            if (fabs(half.S1[j] - r.S1[j]) > r.S1_conf[j] || fabs(half.ST[j] - r.ST[j]) > r.ST_conf[j]) converged = 0;
        ec_sobol_result_clear(&half);
    }
    printf("effcomp %s: Sobol' indices of %s in %s\n", EC_VERSION_STRING, column, path);
    printf("design:   Saltelli, %zu inputs, N = %zu base points (%zu cells)%s; %zu bootstrap resamples, seed %llu\n",
           info.D, info.N, ec_saltelli_rows(info.D, info.N, info.second_order),
           info.second_order ? ", with second order" : "", resamples, seed);
    printf("variance: %.6g\n\n", r.variance);
    size_t w = 5;
    for (size_t j = 0; j < info.D; j++) w = strlen(info.names[j]) > w ? strlen(info.names[j]) : w;
    printf("%-*s  %10s  %10s  %10s  %10s\n", (int)w, "input", "S1", "S1_conf", "ST", "ST_conf");
    for (size_t j = 0; j < info.D; j++)
        printf("%-*s  %10.6f  %10.6f  %10.6f  %10.6f\n", (int)w, info.names[j], r.S1[j], r.S1_conf[j], r.ST[j], r.ST_conf[j]);
    if (info.second_order) {
        printf("\nsecond order:\n%-*s  %-*s  %10s  %10s\n", (int)w, "input", (int)w, "and", "S2", "S2_conf");
        for (size_t j = 0; j < info.D; j++)
            for (size_t k = j + 1; k < info.D; k++)
                printf("%-*s  %-*s  %10.6f  %10.6f\n", (int)w, info.names[j], (int)w, info.names[k], r.S2[j * info.D + k],
                       r.S2_conf[j * info.D + k]);
    }
    if (info.N & (info.N - 1)) cli_note("warning: N = %zu is not a power of 2 (Sobol' sequences balance best at 2^k)", info.N);
    if (!converged)
        cli_note("warning: the indices from the first %zu base points differ from those of all %zu by more than their "
                 "intervals: not converged, give more --samples",
                 info.N / 2, info.N);
    int st = EXIT_OK;
    if (plot) {
        const char *series[2] = {"S1 (first order)", "ST (total)"}, *names[20];
        for (size_t j = 0; j < info.D; j++) names[j] = info.names[j];
        char title[400];
        snprintf(title, sizeof title, "Sobol' indices of %s (N = %zu, 95%% intervals)", column, info.N);
        st = draw_indices(title, "share of the output's variance", info.D, names, series, r.S1, r.S1_conf, r.ST,
                          r.ST_conf, 1, plot);
    }
    ec_sobol_result_clear(&r);
    free(y);
    return st;
}
