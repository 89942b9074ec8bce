/*
 * ec_bootstrap.c — nonparametric bootstrap of the Chinchilla fit.
 *
 * Efron's case resampling (Efron & Tibshirani 1993, ch. 6), as Besiroglu et
 * al. (2024) use it for their standard errors: each replicate draws n
 * points with replacement, refits from one fixed start (Hoffmann et al.'s
 * unrounded estimate by default), and the replicate estimates give standard
 * errors (sample SD, n−1) and 95% percentile intervals (linear
 * interpolation between order statistics, as numpy.percentile does).
 *
 * A resample of n points with replacement is the same as integer weights
 * c_i (how often point i was drawn) on the original points, and the
 * weighted objective Σ c_i ρ(r_i) needs only the ~63% of points drawn at
 * least once. Replicates therefore keep the compacted weighted points,
 * not copies.
 *
 * Replicate k draws from its own MT19937 stream seeded from (seed, k)
 * (ec_rng.h), and writes only its own row of the output, so the result is
 * the same for any number of threads. Replicates whose refit does not
 * converge are kept in the sample file, flagged, and excluded from the
 * summary statistics; their number is reported.
 */
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <omp.h>
#include <stdlib.h>
#include <string.h>

#include "ec_fit.h"
#include "ec_rng.h"

#define P EC_CHIN_NPARAM

void ec_bootstrap_free(ec_bootstrap_result *b)
{
    if (!b) return;
    free(b->samples);
    free(b->objective);
    free(b->converged);
    free(b);
}

static int summarise(ec_bootstrap_result *b, ec_error *err)
{
    size_t ok = b->replicates - b->failed;
    if (ok < 2)
        return ec_error_set(err, EC_ENOCONV, "bootstrap: only %zu of %zu replicates converged", ok,
                            b->replicates);
    double *col = malloc(sizeof(double) * ok);
    if (!col) return ec_error_set(err, EC_ENOMEM, "out of memory");
    for (int j = 0; j < P; j++) {
        size_t m = 0;
        for (size_t k = 0; k < b->replicates; k++)
            if (b->converged[k]) col[m++] = b->samples[k * P + j];
        b->mean[j] = gsl_stats_mean(col, 1, m);
        b->se[j] = gsl_stats_sd_m(col, 1, m, b->mean[j]);
        gsl_sort(col, 1, m);
        b->ci_lo[j] = gsl_stats_quantile_from_sorted_data(col, 1, m, 0.025);
        b->ci_hi[j] = gsl_stats_quantile_from_sorted_data(col, 1, m, 0.975);
    }
    free(col);
    return EC_OK;
}

int ec_bootstrap_chinchilla(const ec_dataset *ds, const ec_fit_options *opt,
                            ec_bootstrap_result **out, ec_error *err)
{
    ec_gsl_quiet();
    *out = NULL;
    if (opt->bootstrap < 2)
        return ec_error_set(err, EC_EINVAL, "bootstrap: need at least 2 replicates (got %d)", opt->bootstrap);
    if (!ds->col[EC_ROLE_N] || !ds->col[EC_ROLE_D] || !ds->col[EC_ROLE_L])
        return ec_error_set(err, EC_EINVAL, "bootstrap: the chinchilla form needs N, D (or C) and L columns");
    const size_t n = ds->n;
    if (n < P + 1)
        return ec_error_set(err, EC_EDATA, "bootstrap: only %zu usable points, need at least %d", n, P + 1);

    ec_bootstrap_result *b = calloc(1, sizeof *b);
    if (!b) return ec_error_set(err, EC_ENOMEM, "out of memory");
    int rc = ec_chin_parse_start(opt->start, b->start, err);
    if (rc) {
        free(b);
        return rc;
    }
    const size_t R = (size_t)opt->bootstrap;
    b->replicates = R;
    b->seed = opt->seed;
    b->samples = malloc(sizeof(double) * R * P);
    b->objective = malloc(sizeof(double) * R);
    b->converged = calloc(R, 1);
    double *lN = malloc(sizeof(double) * n), *lD = malloc(sizeof(double) * n), *lL = malloc(sizeof(double) * n);
    if (!b->samples || !b->objective || !b->converged || !lN || !lD || !lL) {
        free(lN);
        free(lD);
        free(lL);
        ec_bootstrap_free(b);
        return ec_error_set(err, EC_ENOMEM, "out of memory");
    }
    const double *uw = ds->col[EC_ROLE_WEIGHT];
    for (size_t i = 0; i < n; i++) {
        lN[i] = log(ds->col[EC_ROLE_N][i]);
        lD[i] = log(ds->col[EC_ROLE_D][i]);
        lL[i] = log(ds->col[EC_ROLE_L][i]);
    }

    int threads = opt->threads > 0 ? opt->threads : omp_get_max_threads();
    int alloc_failed = 0;
    size_t done = 0;
#pragma omp parallel num_threads(threads)
    {
        gsl_rng *rng = ec_rng_alloc();
        unsigned *count = malloc(sizeof(unsigned) * n);
        double *buf = malloc(sizeof(double) * 4 * n);
        if (!rng || !count || !buf) {
#pragma omp atomic write
            alloc_failed = 1;
        }
#pragma omp barrier
        if (!alloc_failed) {
#pragma omp for schedule(dynamic, 16)
            for (size_t k = 0; k < R; k++) {
                ec_rng_resample_counts(rng, opt->seed, k, n, count);
                double *bN = buf, *bD = buf + n, *bL = buf + 2 * n, *bw = buf + 3 * n;
                size_t m = 0;
                for (size_t i = 0; i < n; i++)
                    if (count[i]) {
                        bN[m] = lN[i];
                        bD[m] = lD[i];
                        bL[m] = lL[i];
                        bw[m] = (double)count[i] * (uw ? uw[i] : 1.0);
                        m++;
                    }
                ec_chin_data cd;
                ec_chin_data_init(&cd, m, bN, bD, bL, bw);
                double th[P], f;
                memcpy(th, b->start, sizeof th);
                b->converged[k] = (unsigned char)ec_chin_minimise(&cd, opt, th, &f, NULL, NULL);
                b->objective[k] = f;
                for (int j = 0; j < P; j++) b->samples[k * P + j] = j < 3 ? exp(th[j]) : th[j];
                if (!isfinite(f)) b->converged[k] = 0;
                if (opt->progress) {
#pragma omp critical(ec_boot_progress)
                    opt->progress(++done, R, opt->progress_user);
                }
            }
        }
        gsl_rng_free(rng);
        free(count);
        free(buf);
    }
    free(lN);
    free(lD);
    free(lL);
    if (alloc_failed) {
        ec_bootstrap_free(b);
        return ec_error_set(err, EC_ENOMEM, "out of memory");
    }
    for (size_t k = 0; k < R; k++) b->failed += !b->converged[k];
    if ((rc = summarise(b, err))) {
        ec_bootstrap_free(b);
        return rc;
    }
    *out = b;
    return EC_OK;
}
