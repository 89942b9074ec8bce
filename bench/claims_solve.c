/*
 * claims_solve.c — the in-process time of ec_ledger_solve() for bench/claims.sh, to set
 * beside the peers' in-process times (the CLI's whole-process time also counts reading the
 * CSV and writing the JSON).
 *
 *     claims_solve CLAIMS.csv REFERENCE OUT.csv
 *
 * Loads the claims (ec_claims_load_csv), times ec_ledger_solve() alone (CLOCK_MONOTONIC),
 * writes OUT.csv (name,log_factor,se_log with 17 significant digits) and prints one JSON
 * line: seconds, read_seconds, and the growth of the peak resident set during the solve
 * (solve_peak_kb: getrusage's ru_maxrss after the solve minus before it).
 * bench/claims.sh compiles it against build/libeffcomp.a.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

#include "ec_claims.h"

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static long peak_kb(void)
{
    struct rusage u;
    getrusage(RUSAGE_SELF, &u);
    return u.ru_maxrss;
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: claims_solve CLAIMS.csv REFERENCE OUT.csv\n");
        return 2;
    }
    ec_blas_one_thread(); /* as the program does: OpenBLAS on one thread, its idle pool stopped */
    ec_error err;
    ec_error_clear(&err);
    double t0 = now();
    ec_claims *c = ec_claims_load_csv(argv[1], 0.1, &err);
    if (!c) {
        fprintf(stderr, "claims_solve: %s\n", err.message);
        return 2;
    }
    long kb0 = peak_kb();
    double t1 = now();
    ec_ledger l;
    int rc = ec_ledger_solve(c, argv[2], &l, &err);
    double t2 = now();
    long kb1 = peak_kb();
    if (rc != EC_OK) {
        fprintf(stderr, "claims_solve: %s\n", err.message);
        ec_ledger_clear(&l);
        ec_claims_free(c);
        return 1;
    }
    FILE *out = fopen(argv[3], "w");
    if (!out) {
        perror(argv[3]);
        return 1;
    }
    fprintf(out, "name,log_factor,se_log\n");
    for (size_t k = 0; k < l.n_models; k++)
        fprintf(out, "%s,%.17g,%.17g\n", l.model[k], l.log_factor[k], l.se_log[k]);
    if (fclose(out) != 0) {
        perror(argv[3]);
        return 1;
    }
    printf("{\"seconds\": %.6f, \"read_seconds\": %.6f, \"solve_peak_kb\": %ld, \"n_models\": %zu, "
           "\"n_claims\": %zu}\n", t2 - t1, t1 - t0, kb1 - kb0, l.n_models, l.n_claims);
    ec_ledger_clear(&l);
    ec_claims_free(c);
    return 0;
}
