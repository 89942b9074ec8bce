/* steps.c — the in-process cost of analysis steps on a fitted law with its
 * bootstrap replicates (printed by bench/steps.sh beside the command-line
 * path). Fits the demo's law once in process (4500-start grid, a 4000-
 * replicate bootstrap, seed 42), then times, each best of 5 rounds of
 * `iters` runs:
 *   optimal_step  an optimal step bound to the fit in memory, one compute
 *                 budget per run (the value set by name, as a sweep does),
 *                 with its five 95% intervals over the 4000 replicates;
 *   optimal_lib   ec_optimal() on the law directly (the same cell);
 *   predict_step  a predict step, one point (N, D) per run, with its band;
 *   predict_lib   ec_law_band() at one point.
 * Prints one JSON line (microseconds per cell). Usage: bench_steps CSV [iters] [threads] */
#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "ec_optimal.h"
#include "ec_result.h"
#include "ec_step.h"

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static int set(ec_step *st, const char *k, const char *v)
{
    ec_error err;
    if (ec_step_set(st, k, v, &err) == EC_OK) return 0;
    fprintf(stderr, "bench_steps: %s\n", err.message);
    return 1;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bench_steps CSV [iters] [threads]\n");
        return 2;
    }
    int iters = argc > 2 ? atoi(argv[2]) : 200;
    int threads = argc > 3 ? atoi(argv[3]) : 0;
    if (threads > 0) omp_set_num_threads(threads);
    ec_error err;
    ec_step *fit = ec_step_new("fit", &err);
    if (!fit || set(fit, "data", argv[1]) || set(fit, "columns", "N=Model Size,C=Training FLOP,L=loss") ||
        set(fit, "drop_highest", "5") || set(fit, "bootstrap", "4000") || set(fit, "seed", "42"))
        return 2;
    ec_result *fr;
    double t0 = now();
    if (ec_step_run(fit, &fr, &err) != EC_OK) {
        fprintf(stderr, "bench_steps: %s\n", err.message);
        return 2;
    }
    double t_fit = now() - t0;
    const ec_law *law = ec_result_law(fr);

    ec_step *opt = ec_step_new("optimal", &err), *pred = ec_step_new("predict", &err);
    if (!opt || !pred || ec_step_bind(opt, "fit", fr, "@fit", &err) || ec_step_bind(pred, "fit", fr, "@fit", &err)) {
        fprintf(stderr, "bench_steps: %s\n", err.message);
        return 2;
    }
    double best[4] = {INFINITY, INFINITY, INFINITY, INFINITY}, check = 0;
    for (int round = 0; round < 5; round++) {
        double t = now();
        for (int i = 0; i < iters; i++) {
            char c[32];
            snprintf(c, sizeof c, "%.6g", 1e24 * (1 + i % 97));
            ec_result *r;
            if (set(opt, "compute", c) || ec_step_run(opt, &r, &err) != EC_OK) {
                fprintf(stderr, "bench_steps: %s\n", err.message);
                return 2;
            }
            double v;
            ec_result_value(r, "N_hi95", &v, NULL);
            check += v;
            ec_result_free(r);
        }
        double dt = (now() - t) / iters;
        if (dt < best[0]) best[0] = dt;

        t = now();
        for (int i = 0; i < iters; i++) {
            ec_optimal_given g = EC_GIVEN_COMPUTE;
            double c = 1e24 * (1 + i % 97);
            ec_optimal_result res;
            if (ec_optimal(law, &g, &c, 1, 0.95, 0, &res, &err) != EC_OK) return 2;
            check += res.rows[0].ci_N[1];
            ec_optimal_clear(&res);
        }
        dt = (now() - t) / iters;
        if (dt < best[1]) best[1] = dt;

        t = now();
        for (int i = 0; i < iters; i++) {
            char at[64];
            snprintf(at, sizeof at, "N=%.6g,D=%.6g", 1e10 * (1 + i % 31), 2e11 * (1 + i % 17));
            ec_result *r;
            ec_step_set(pred, "at", "", NULL); /* a list option: clear, then one point */
            if (set(pred, "at", at) || ec_step_run(pred, &r, &err) != EC_OK) {
                fprintf(stderr, "bench_steps: %s\n", err.message);
                return 2;
            }
            double v;
            ec_result_value(r, "hi95", &v, NULL);
            check += v;
            ec_result_free(r);
        }
        dt = (now() - t) / iters;
        if (dt < best[2]) best[2] = dt;

        t = now();
        for (int i = 0; i < iters; i++) {
            double x[2] = {1e10 * (1 + i % 31), 2e11 * (1 + i % 17)}, y, lo, hi;
            ec_band b;
            if (ec_law_band(law, EC_LAW_VALUE, x, 1, 0.95, 0, &y, &lo, &hi, &b, &err) != EC_OK) return 2;
            check += hi;
        }
        dt = (now() - t) / iters;
        if (dt < best[3]) best[3] = dt;
    }
    printf("{\"replicates\": %zu, \"threads\": %d, \"fit_s\": %.4f, \"optimal_step_us\": %.2f, \"optimal_lib_us\": %.2f, "
           "\"predict_step_us\": %.2f, \"predict_lib_us\": %.2f, \"check\": %.6g}\n",
           law->n_reps, threads > 0 ? threads : omp_get_max_threads(), t_fit, 1e6 * best[0], 1e6 * best[1],
           1e6 * best[2], 1e6 * best[3], check);
    ec_step_free(opt);
    ec_step_free(pred);
    ec_result_free(fr);
    ec_step_free(fit);
    return 0;
}
