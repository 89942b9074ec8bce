/* nlfit.c — the general fit engine in process (issue 13), timed as bench/general.sh's peers time themselves:
 * after the data are read, a multi-start fit from the form's grid and then BOOT bootstrap refits from its best
 * fit (with the bounds the fit widened, as `effcomp fit` uses them), best of ROUNDS each, on THREADS threads.
 * Prints one JSON line. Usage: bench_nlfit CSV COLUMNS FORM LOSS [BOOT] [ROUNDS] [THREADS] [DROP] [FIX]
 * (DROP: the highest targets dropped, as --drop-highest; default 5, the Chinchilla points' outliers; FIX:
 * parameters held, as --fix, e.g. E=0; default none). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "ec_bootstrap.h"
#include "ec_data.h"
#include "ec_fitcheck.h"
#include "ec_nlfit.h"
#include "ec_option.h"

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static int set(const ec_option_table *t, void *o, const char *name, const char *value)
{
    ec_error err;
    if (ec_option_set(t, o, name, value, &err) == EC_OK) return 0;
    fprintf(stderr, "bench_nlfit: %s=%s: %s\n", name, value, err.message);
    return 1;
}

int main(int argc, char **argv)
{
    if (argc < 5) {
        fprintf(stderr, "usage: bench_nlfit CSV COLUMNS FORM LOSS [BOOT] [ROUNDS] [THREADS] [DROP] [FIX]\n");
        return 2;
    }
    const char *boot = argc > 5 ? argv[5] : "0";
    int rounds = argc > 6 ? atoi(argv[6]) : 3, threads = argc > 7 ? atoi(argv[7]) : 1;
    ec_data_options d;
    ec_data_options_init(&d, "");
    ec_fit_options opt = ec_fit_default_options();
    if (set(ec_data_option_table(), &d, "data", argv[1]) || set(ec_data_option_table(), &d, "columns", argv[2]) ||
        set(ec_data_option_table(), &d, "drop_highest", argc > 8 ? argv[8] : "5") || set(ec_fit_option_table(), &opt, "form", argv[3]) ||
        set(ec_fit_option_table(), &opt, "loss", argv[4]) ||
        (argc > 9 && argv[9][0] && set(ec_fit_option_table(), &opt, "fix", argv[9])))
        return 2;
    opt.threads = threads;
    ec_error err;
    size_t rows;
    ec_dataset *ds = ec_data_load(&d, opt.form, &rows, &err);
    if (!ds) return fprintf(stderr, "bench_nlfit: %s\n", err.message), 1;
    double t_fit = INFINITY, t_boot = INFINITY;
    ec_nlfit_result fit;
    for (int r = 0; r < rounds; r++) {
        double t0 = now();
        if (ec_nlfit(ds, &opt, &fit, &err) != EC_OK) return fprintf(stderr, "bench_nlfit: %s\n", err.message), 1;
        t_fit = fmin(t_fit, now() - t0);
    }
    ec_fit_options wide;
    if (ec_fitcheck_options(&opt, &fit, &wide, &err) != EC_OK || set(ec_fit_option_table(), &wide, "bootstrap", boot))
        return fprintf(stderr, "bench_nlfit: %s\n", err.message), 1;
    size_t failed = 0, retried = 0;
    for (int r = 0; wide.bootstrap > 0 && r < rounds; r++) {
        ec_boot *b = NULL;
        double t0 = now();
        int rc = ec_nlfit_bootstrap(ds, &wide, &fit, &b, &err);
        t_boot = fmin(t_boot, now() - t0);
        if (rc != EC_OK && rc != EC_ENOCONV) return fprintf(stderr, "bench_nlfit: %s\n", err.message), 1;
        failed = b->failed, retried = b->retried;
        ec_boot_free(b);
    }
    printf("{\"form\": \"%s\", \"loss\": \"%s\", \"points\": %zu, \"threads\": %d, \"fit_seconds\": %.6f, "
           "\"starts\": %zu, \"converged\": %zu, \"evaluations\": %zu, \"objective\": %.17g, \"boot\": %d, "
           "\"boot_seconds\": %.6f, \"boot_failed\": %zu, \"boot_retried\": %zu}\n",
           opt.form, argv[4], ds->n, threads, t_fit, fit.starts_total, fit.starts_converged, fit.evaluations,
           fit.objective, wide.bootstrap, wide.bootstrap > 0 ? t_boot : 0.0, failed, retried);
    ec_dataset_free(ds);
    return 0;
}
