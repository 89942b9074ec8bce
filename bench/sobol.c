/* bench/sobol.c — issue 12's Sobol' speed floor, effcomp's side: Saltelli's
 * design (ec_saltelli_design, D = 3), the Ishigami function on it (a = 7,
 * b = 0.1, inputs uniform on [-pi, pi]) and the indices with their bootstrap
 * intervals (ec_sobol_analyze), each part timed in process, best of `rounds`.
 *
 *     bench_sobol N ROUNDS RESAMPLES SECOND_ORDER OUT_PREFIX
 *
 * Writes OUT_PREFIX.x (the design's points mapped to [-pi, pi]^3, row-major in
 * effcomp's row order: per base point A, AB^(1..3), [BA^(1..3)], B) and
 * OUT_PREFIX.y (the outputs), both raw native doubles, for the peer
 * (bench/sobol_openturns.py) to read; prints one JSON line with the times
 * and the indices. Exit 1 when a library call fails, 2 on bad arguments. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ec_sobol.h"

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* Ishigami (1990): sin x1 + a sin^2 x2 + b x3^4 sin x1, a = 7, b = 0.1 */
static double ishigami(const double *x)
{
    double s1 = sin(x[0]), s2 = sin(x[1]), x3 = x[2] * x[2];
    return s1 + 7 * s2 * s2 + 0.1 * x3 * x3 * s1;
}

static int write_doubles(const char *prefix, const char *ext, const double *v, size_t n)
{
    char path[4096];
    snprintf(path, sizeof path, "%s.%s", prefix, ext);
    FILE *f = fopen(path, "wb");
    if (!f) return fprintf(stderr, "bench_sobol: cannot write %s\n", path), 1;
    size_t w = fwrite(v, sizeof(double), n, f);
    if (fclose(f) != 0 || w != n) return fprintf(stderr, "bench_sobol: writing %s failed\n", path), 1;
    return 0;
}

static void print_array(const char *name, const double *v, size_t n)
{
    printf(", \"%s\": [", name);
    for (size_t i = 0; i < n; i++) {
        if (isnan(v[i])) printf("%sNaN", i ? ", " : "");
        else printf("%s%.17g", i ? ", " : "", v[i]);
    }
    printf("]");
}

int main(int argc, char **argv)
{
    if (argc != 6) {
        fprintf(stderr, "usage: bench_sobol N ROUNDS RESAMPLES SECOND_ORDER(0|1) OUT_PREFIX\n");
        return 2;
    }
    const size_t D = 3, N = strtoul(argv[1], NULL, 10), B = strtoul(argv[3], NULL, 10);
    const int rounds = atoi(argv[2]), so = atoi(argv[4]) != 0;
    if (N < 2 || rounds < 1) return fprintf(stderr, "bench_sobol: N >= 2 and ROUNDS >= 1\n"), 2;
    const size_t rows = ec_saltelli_rows(D, N, so);
    double *U = malloc(sizeof(double) * rows * D), *X = malloc(sizeof(double) * rows * D);
    double *Y = malloc(sizeof(double) * rows);
    if (!U || !X || !Y) return fprintf(stderr, "bench_sobol: out of memory\n"), 1;
    ec_error err;
    ec_sobol_result r = {0};
    double t_design = INFINITY, t_eval = INFINITY, t_analyze = INFINITY;
    for (int k = 0; k < rounds; k++) {
        double t0 = now();
        if (ec_saltelli_design(D, N, so, U, &err) != EC_OK) return fprintf(stderr, "bench_sobol: %s\n", err.message), 1;
        double t1 = now();
        for (size_t i = 0; i < rows * D; i++) X[i] = -M_PI + 2 * M_PI * U[i];
        for (size_t i = 0; i < rows; i++) Y[i] = ishigami(X + i * D);
        double t2 = now();
        ec_sobol_result_clear(&r);
        if (ec_sobol_analyze(Y, D, N, so, B, 42, &r, &err) != EC_OK) return fprintf(stderr, "bench_sobol: %s\n", err.message), 1;
        double t3 = now();
        if (t1 - t0 < t_design) t_design = t1 - t0;
        if (t2 - t1 < t_eval) t_eval = t2 - t1;
        if (t3 - t2 < t_analyze) t_analyze = t3 - t2;
    }
    if (write_doubles(argv[5], "x", X, rows * D) || write_doubles(argv[5], "y", Y, rows)) return 1;
    printf("{\"N\": %zu, \"D\": %zu, \"second_order\": %d, \"rows\": %zu, \"resamples\": %zu, \"rounds\": %d, "
           "\"t_design\": %.6g, \"t_eval\": %.6g, \"t_analyze\": %.6g, \"variance\": %.17g",
           N, D, so, rows, B, rounds, t_design, t_eval, t_analyze, r.variance);
    print_array("S1", r.S1, D), print_array("S1_conf", r.S1_conf, D);
    print_array("ST", r.ST, D), print_array("ST_conf", r.ST_conf, D);
    if (so) print_array("S2", r.S2, D * D), print_array("S2_conf", r.S2_conf, D * D);
    printf("}\n");
    ec_sobol_result_clear(&r);
    free(U), free(X), free(Y);
    return 0;
}
