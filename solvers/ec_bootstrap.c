/*
 * ec_bootstrap.c — the bootstrap engine (ec_bootstrap.h) and the
 * nonparametric bootstrap of the Chinchilla fit on it.
 *
 * The engine
 * ----------
 * A bootstrap is R independent replicates of one computation on resampled
 * data. The engine owns what every bootstrap shares: the result arrays, the
 * threads (OpenMP, dynamic schedule, per-thread scratch space), the random
 * stream of each replicate — replicate k's generator is seeded for stream
 * (seed, k) (ec_rng.h) before the replicate function runs — the failure
 * count and the summary (mean, SE, percentile interval; ec_interval.h).
 * A replicate writes only its own row, so the result does not depend on the
 * number of threads or on the schedule. What a replicate computes (case
 * resampling and a refit, a stratified resample of isoFLOP budgets) is the
 * caller's function.
 *
 * The Chinchilla bootstrap
 * ------------------------
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
 * not copies. Replicates whose refit does not converge are kept in the
 * sample file, flagged, and excluded from the summary statistics; their
 * number is reported.
 */
#include "ec_bootstrap.h"

#include <math.h>
#include <omp.h>
#include <stdlib.h>
#include <string.h>

#include "ec_fit.h"
#include "ec_interval.h"
#include "ec_rng.h"

/* ---------------------------------------------------------------- engine */

void ec_boot_free(ec_boot *b)
{
    if (!b) return;
    free(b->mean);
    free(b->se);
    free(b->ci_lo);
    free(b->ci_hi);
    free(b->samples);
    free(b->objective);
    free(b->converged);
    free(b);
}

static ec_boot *boot_alloc(size_t ncol, size_t R)
{
    ec_boot *b = calloc(1, sizeof *b);
    if (!b) return NULL;
    b->n_params = (int)ncol;
    b->replicates = R;
    b->samples = malloc(sizeof(double) * R * ncol);
    b->objective = malloc(sizeof(double) * R);
    b->converged = calloc(R, 1);
    b->mean = malloc(sizeof(double) * ncol);
    b->se = malloc(sizeof(double) * ncol);
    b->ci_lo = malloc(sizeof(double) * ncol);
    b->ci_hi = malloc(sizeof(double) * ncol);
    if (!b->samples || !b->objective || !b->converged || !b->mean || !b->se || !b->ci_lo || !b->ci_hi) {
        ec_boot_free(b);
        return NULL;
    }
    for (size_t j = 0; j < ncol; j++) b->mean[j] = b->se[j] = b->ci_lo[j] = b->ci_hi[j] = NAN;
    for (size_t j = 0; j < EC_FORM_MAX_PARAMS; j++) b->start[j] = NAN;
    return b;
}

int ec_boot_run(const ec_boot_plan *plan, ec_boot **out, ec_error *err)
{
    ec_gsl_quiet();
    *out = NULL;
    if (plan->replicates < 2)
        return ec_error_set(err, EC_EINVAL, "bootstrap: need at least 2 replicates (got %zu)", plan->replicates);
    if (plan->n_cols == 0 || !plan->replicate)
        return ec_error_set(err, EC_EINVAL, "bootstrap: no replicate function or no columns");
    const size_t R = plan->replicates, ncol = plan->n_cols;
    ec_boot *b = boot_alloc(ncol, R);
    if (!b) return ec_error_set(err, EC_ENOMEM, "out of memory");
    b->seed = plan->seed;
    int threads = plan->threads > 0 ? plan->threads : omp_get_max_threads();
    int chunk = plan->chunk > 0 ? (int)plan->chunk : 8;
    int alloc_failed = 0;
    size_t done = 0;
#pragma omp parallel num_threads(threads)
    {
        gsl_rng *rng = ec_rng_alloc();
        void *scratch = plan->scratch_new ? plan->scratch_new(plan->user) : NULL;
        if (!rng || (plan->scratch_new && !scratch)) {
#pragma omp atomic write
            alloc_failed = 1;
        }
#pragma omp barrier
        int stop;
#pragma omp atomic read
        stop = alloc_failed;
        if (!stop) {
#pragma omp for schedule(dynamic, chunk)
            for (size_t k = 0; k < R; k++) {
                ec_rng_seed_stream(rng, plan->seed, k);
                double *row = b->samples + k * ncol;
                b->objective[k] = NAN;
                int rc = plan->replicate(plan->user, scratch, k, rng, row, &b->objective[k]);
                b->converged[k] = (unsigned char)(rc >= 1);
                if (rc == 2 || rc == -1) {
#pragma omp atomic
                    b->retried++;
                }
                if (plan->progress) {
#pragma omp critical(ec_boot_progress)
                    plan->progress(++done, R, plan->progress_user);
                }
            }
        }
        if (scratch && plan->scratch_free) plan->scratch_free(scratch);
        gsl_rng_free(rng);
    }
    if (alloc_failed) {
        ec_boot_free(b);
        return ec_error_set(err, EC_ENOMEM, "out of memory");
    }
    for (size_t k = 0; k < R; k++) b->failed += !b->converged[k];
    *out = b;
    return EC_OK;
}

int ec_boot_summarise(ec_boot *b, const unsigned char *skip, double level, ec_error *err)
{
    size_t ok = b->replicates - b->failed;
    if (ok < 2)
        return ec_error_set(err, EC_ENOCONV, "bootstrap: only %zu of %zu replicates converged", ok, b->replicates);
    int oom = 0;
    ec_interval_summarise(b->samples, b->replicates, (size_t)b->n_params, b->converged, skip, level, b->mean, b->se,
                          b->ci_lo, b->ci_hi, &oom);
    if (oom) return ec_error_set(err, EC_ENOMEM, "out of memory");
    return EC_OK;
}

/* ------------------------------------------------------ chinchilla refits */

/* The catalogue's chinchilla form orders its parameters E, A, B, alpha, beta; θ is (a, b, e, α, β). */
static const int theta_of_param[EC_CHIN_NPARAM] = {EC_CHIN_E, EC_CHIN_A, EC_CHIN_B, EC_CHIN_ALPHA, EC_CHIN_BETA};

typedef struct chin_boot {
    size_t n;
    const double *lN, *lD, *lL, *uw;
    const ec_fit_options *opt;
    double start[EC_CHIN_NPARAM]; /* θ */
    /* The data's distinct model sizes (ec_chin_data_levels; n_level 0 when not kept), which a
     * replicate's points keep. */
    size_t n_level;
    const uint16_t *level;
    const double *lN_level;
} chin_boot;

typedef struct chin_scratch {
    unsigned *count;
    double *buf;
    uint16_t *level;
} chin_scratch;

static void *chin_scratch_new(void *user)
{
    const chin_boot *cb = user;
    chin_scratch *s = calloc(1, sizeof *s);
    if (!s) return NULL;
    s->count = malloc(sizeof(unsigned) * cb->n);
    s->buf = malloc(sizeof(double) * 4 * cb->n);
    s->level = malloc(sizeof *s->level * cb->n);
    if (!s->count || !s->buf || !s->level) {
        free(s->count);
        free(s->buf);
        free(s->level);
        free(s);
        return NULL;
    }
    return s;
}

static void chin_scratch_free(void *p)
{
    chin_scratch *s = p;
    free(s->count);
    free(s->buf);
    free(s->level);
    free(s);
}

static int chin_replicate(void *user, void *scratch, size_t k, gsl_rng *rng, double *row, double *objective)
{
    (void)k;
    const chin_boot *cb = user;
    chin_scratch *s = scratch;
    const size_t n = cb->n;
    ec_rng_counts(rng, n, s->count);
    double *bN = s->buf, *bD = s->buf + n, *bL = s->buf + 2 * n, *bw = s->buf + 3 * n;
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (s->count[i]) {
            bN[m] = cb->lN[i];
            bD[m] = cb->lD[i];
            bL[m] = cb->lL[i];
            bw[m] = (double)s->count[i] * (cb->uw ? cb->uw[i] : 1.0);
            if (cb->n_level) s->level[m] = cb->level[i];
            m++;
        }
    ec_chin_data cd;
    ec_chin_data_init(&cd, m, bN, bD, bL, bw);
    if (cb->n_level) {
        cd.n_level = cb->n_level;
        cd.level = s->level;
        cd.lN_level = cb->lN_level;
    }
    double th[EC_CHIN_NPARAM], f;
    memcpy(th, cb->start, sizeof th);
    int conv = ec_chin_minimise(&cd, cb->opt, th, &f, NULL, NULL);
    *objective = f;
    /* A refit can converge where a scale overflows (b beyond log DBL_MAX: B/D^β's B is
     * then infinite although B/D^β is not, as on a valley β → 0): that replicate has no
     * parameters to report, so it counts as failed. */
    int finite = isfinite(f);
    for (int j = 0; j < EC_CHIN_NPARAM; j++) {
        int t = theta_of_param[j];
        row[j] = t < 3 ? exp(th[t]) : th[t];
        finite &= isfinite(row[j]);
    }
    return conv && finite;
}

int ec_bootstrap_chinchilla(const ec_dataset *ds, const ec_fit_options *opt, ec_boot **out, ec_error *err)
{
    ec_gsl_quiet();
    *out = NULL;
    if (opt->bootstrap < 2)
        return ec_error_set(err, EC_EINVAL, "bootstrap: need at least 2 replicates (got %d)", opt->bootstrap);
    if (!ds->col[EC_ROLE_N] || !ds->col[EC_ROLE_D] || !ds->col[EC_ROLE_L])
        return ec_error_set(err, EC_EINVAL, "bootstrap: the chinchilla form needs N, D (or C) and L columns");
    const size_t n = ds->n;
    if (n < EC_CHIN_NPARAM + 1)
        return ec_error_set(err, EC_EDATA, "bootstrap: only %zu usable points, need at least %d", n,
                            EC_CHIN_NPARAM + 1);
    chin_boot cb = {.n = n, .uw = ds->col[EC_ROLE_WEIGHT], .opt = opt};
    int rc = ec_chin_parse_start(opt->start, cb.start, err);
    if (rc) return rc;
    double *lN = malloc(sizeof(double) * n), *lD = malloc(sizeof(double) * n), *lL = malloc(sizeof(double) * n);
    uint16_t *level = malloc(sizeof *level * n);
    double lN_level[EC_CHIN_LEVELS_MAX];
    if (!lN || !lD || !lL || !level) {
        free(lN);
        free(lD);
        free(lL);
        free(level);
        return ec_error_set(err, EC_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < n; i++) {
        lN[i] = log(ds->col[EC_ROLE_N][i]);
        lD[i] = log(ds->col[EC_ROLE_D][i]);
        lL[i] = log(ds->col[EC_ROLE_L][i]);
    }
    cb.lN = lN;
    cb.lD = lD;
    cb.lL = lL;
    ec_chin_data all;
    ec_chin_data_init(&all, n, lN, lD, lL, NULL);
    cb.n_level = ec_chin_data_levels(&all, level, lN_level);
    cb.level = level;
    cb.lN_level = lN_level;
    ec_boot_plan plan = {.replicates = (size_t)opt->bootstrap,
                         .seed = opt->seed,
                         .threads = opt->threads,
                         .n_cols = EC_CHIN_NPARAM,
                         .chunk = 16,
                         .replicate = chin_replicate,
                         .user = &cb,
                         .scratch_new = chin_scratch_new,
                         .scratch_free = chin_scratch_free,
                         .progress = opt->progress,
                         .progress_user = opt->progress_user};
    ec_boot *b;
    rc = ec_boot_run(&plan, &b, err);
    free(lN);
    free(lD);
    free(lL);
    free(level);
    if (rc) return rc;
    for (int j = 0; j < EC_CHIN_NPARAM; j++) {
        int t = theta_of_param[j];
        b->start[j] = t < 3 ? exp(cb.start[t]) : cb.start[t];
    }
    if ((rc = ec_boot_summarise(b, NULL, EC_INTERVAL_LEVEL, err)) && rc != EC_ENOCONV) {
        ec_boot_free(b);
        return rc;
    }
    *out = b; /* also with EC_ENOCONV: the replicates, without a summary */
    return rc;
}
