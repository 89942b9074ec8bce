/* eval_cost.c — cost per data point of the Chinchilla objective with its
 * gradient (and with its Hessian) on a data file's points (columns Model Size, Training FLOP,
 * loss; Epoch's 240 by default in bench/chinchilla.sh), as used by the fitter, and with the
 * Hessian again through the distinct model sizes when the data have few
 * (ec_chin_data_levels). Prints one JSON line. Usage: bench_eval CSV [repeats] */
#include <math.h>
#include <stdio.h>
#include <stdint.h>
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
    /* the same data with its distinct model sizes (ec_chin_data_levels), when it has few */
    ec_chin_data dl = d;
    uint16_t *level = malloc(n * sizeof *level);
    double lN_level[EC_CHIN_LEVELS_MAX];
    if (!level) return 1;
    size_t n_level = ec_chin_data_levels(&dl, level, lN_level);
    double best_g = INFINITY, best_h = INFINITY, best_l = INFINITY;
    for (int round = 0; round < 3; round++) { /* best of three rounds, interleaved */
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
        for (long k = 0; n_level && k < reps; k++) {
            ec_chin_eval(&dl, th, 1e-3, &f, g, H);
            sink += f;
        }
        double t3 = now();
        best_g = fmin(best_g, (t1 - t0) / (double)reps / (double)n * 1e9);
        best_h = fmin(best_h, (t2 - t1) / (double)reps / (double)n * 1e9);
        best_l = fmin(best_l, (t3 - t2) / (double)reps / (double)n * 1e9);
    }
    printf("{\"points\": %zu, \"simd\": \"%s\", \"ns_per_point_f_grad\": %.2f, "
           "\"ns_per_point_f_grad_hess\": %.2f, \"model_sizes\": %zu, ",
           n, ec_chin_simd_path(), best_g, best_h, n_level);
    if (n_level) printf("\"ns_per_point_f_grad_hess_by_size\": %.2f, ", best_l);
    printf("\"checksum\": %.6g}\n", sink);
    free(level);
    free(lN);
    free(lD);
    free(lL);
    ec_dataset_free(ds);
    return 0;
}
