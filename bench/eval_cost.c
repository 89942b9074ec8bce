/* eval_cost.c — cost per data point of the Chinchilla objective with its
 * gradient (and with its Hessian) on Epoch's 240 points, as used by the
 * fitter. Prints one JSON line. Usage: bench_eval CSV [repeats] */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "ec_chinchilla.h"
#include "ec_dataset.h"

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bench_eval CSV [repeats]\n");
        return 2;
    }
    long reps = argc > 2 ? atol(argv[2]) : 200000;
    ec_error err;
    ec_column_map map = {{0}};
    if (ec_column_map_parse(&map, "N=Model Size,C=Training FLOP,L=loss", &err)) {
        fprintf(stderr, "%s\n", err.message);
        return 2;
    }
    ec_dataset *ds = ec_dataset_load_csv(argv[1], &map, &err);
    ec_column_map_clear(&map);
    if (!ds || ec_dataset_drop_highest(ds, EC_ROLE_L, 5, &err)) {
        fprintf(stderr, "%s\n", err.message);
        ec_dataset_free(ds);
        return 2;
    }
    size_t n = ds->n;
    double *lN = malloc(n * sizeof *lN), *lD = malloc(n * sizeof *lD), *lL = malloc(n * sizeof *lL);
    if (!lN || !lD || !lL) return 1;
    for (size_t i = 0; i < n; i++) {
        lN[i] = log(ds->col[EC_ROLE_N][i]);
        lD[i] = log(ds->col[EC_ROLE_D][i]);
        lL[i] = log(ds->col[EC_ROLE_L][i]);
    }
    ec_chin_data d;
    ec_chin_data_init(&d, n, lN, lD, lL, NULL);
    const double th[EC_CHIN_NPARAM] = {6.0073404, 6.0179186, 0.5267228, 0.33917084, 0.2849083};
    double f, g[EC_CHIN_NPARAM], H[EC_CHIN_NPARAM * EC_CHIN_NPARAM], sink = 0;
    double best_g = INFINITY, best_h = INFINITY;
    for (int round = 0; round < 3; round++) { /* best of three rounds */
        double t0 = now();
        for (long k = 0; k < reps; k++) {
            ec_chin_eval(&d, th, 1e-3, &f, g, NULL);
            sink += f;
        }
        double t1 = now();
        for (long k = 0; k < reps; k++) {
            ec_chin_eval(&d, th, 1e-3, &f, g, H);
            sink += f;
        }
        double t2 = now();
        best_g = fmin(best_g, (t1 - t0) / (double)reps / (double)n * 1e9);
        best_h = fmin(best_h, (t2 - t1) / (double)reps / (double)n * 1e9);
    }
    printf("{\"points\": %zu, \"simd\": \"%s\", \"ns_per_point_f_grad\": %.2f, "
           "\"ns_per_point_f_grad_hess\": %.2f, \"checksum\": %.6g}\n",
           n, ec_chin_simd_path(), best_g, best_h, sink);
    free(lN);
    free(lD);
    free(lL);
    ec_dataset_free(ds);
    return 0;
}
