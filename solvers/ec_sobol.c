/*
 * ec_sobol.c — Saltelli's design (GSL's Sobol' sequence) and the Sobol'
 * indices with bootstrap confidence intervals, as SALib computes them. See
 * ec_sobol.h.
 */
#include "ec_sobol.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_qrng.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ec_random.h"


size_t ec_saltelli_rows(size_t D, size_t N, int second_order)
{
    return N * (second_order ? 2 * D + 2 : D + 2);
}

int ec_saltelli_design(size_t D, size_t N, int second_order, double *U, ec_error *err)
{
    if (D == 0 || D > 20)
        return ec_error_set(err, EC_EINVAL, "a Sobol' design takes 1 to 20 inputs (GSL's sequence has 40 dimensions), not %zu",
                            D);
    if (N == 0 || N > 100000000)
        return ec_error_set(err, EC_EINVAL, "a Sobol' design needs 1 to 1e8 base points, not %zu", N);
    gsl_qrng *q = gsl_qrng_alloc(gsl_qrng_sobol, (unsigned)(2 * D));
    if (!q) return ec_error_set(err, EC_ENOMEM, "out of memory");
    double x[40];
    gsl_qrng_get(q, x); /* GSL's first point, (1/2, ..., 1/2) (it has no origin): skipped */
    const size_t per = second_order ? 2 * D + 2 : D + 2;
    for (size_t i = 0; i < N; i++) {
        gsl_qrng_get(q, x);
        const double *A = x, *B = x + D;
        double *row = U + i * per * D;
        memcpy(row, A, sizeof(double) * D); /* A */
        for (size_t j = 0; j < D; j++) {    /* AB^(j) */
            double *r = row + (1 + j) * D;
            memcpy(r, A, sizeof(double) * D);
            r[j] = B[j];
        }
        if (second_order)
            for (size_t j = 0; j < D; j++) { /* BA^(j) */
                double *r = row + (1 + D + j) * D;
                memcpy(r, B, sizeof(double) * D);
                r[j] = A[j];
            }
        memcpy(row + (per - 1) * D, B, sizeof(double) * D); /* B */
    }
    gsl_qrng_free(q);
    return EC_OK;
}

void ec_sobol_result_clear(ec_sobol_result *r)
{
    if (!r) return;
    free(r->S1), free(r->S1_conf), free(r->ST), free(r->ST_conf), free(r->S2), free(r->S2_conf);
    memset(r, 0, sizeof *r);
}

/* A resample's rows are scattered over the outputs (1 MB at N = 2^14 with second order, about L2's size here):
 * each row's first and last values are fetched PREFETCH rows ahead (8% at that size, nothing at 640 KB). */
#define PREFETCH 8
#if defined(__GNUC__) || defined(__clang__)
#define PREFETCH_ROW(p, n) (__builtin_prefetch(p), __builtin_prefetch((p) + (n) - 1))
#else
#define PREFETCH_ROW(p, n) ((void)(p), (void)(n))
#endif

/* The indices over base points idx[0..N-1] (a resample, or 0..N-1). Two passes over the rows: the mean of
 * [f_A, f_B], then every other sum (the variance, each S1_j, ST_j, S2_jk) from one read of each row. Each sum
 * still takes its terms in the order t = 0..N-1, so the results are those of one loop per index, bit for bit;
 * reading a resample's rows (scattered) once instead of 2 + 2D + D(D-1)/2 times is what the fusion saves. */
static void indices(const double *Y, size_t D, size_t N, int so, const size_t *idx, double *S1, double *ST, double *S2)
{
    const size_t per = so ? 2 * D + 2 : D + 2;
    double m = 0, m2 = 0;
    for (size_t t = 0; t < N; t++) {
        if (t + PREFETCH < N) PREFETCH_ROW(Y + idx[t + PREFETCH] * per, per);
        const double *y = Y + idx[t] * per;
        m += y[0] + y[per - 1];
    }
    m /= (double)(2 * N);
    double s1[20] = {0}, st[20] = {0}, s2[20 * 20] = {0}; /* D <= 20 (ec_saltelli_design) */
    for (size_t t = 0; t < N; t++) {
        if (t + PREFETCH < N) PREFETCH_ROW(Y + idx[t + PREFETCH] * per, per);
        const double *y = Y + idx[t] * per;
        const double fA = y[0], fB = y[per - 1];
        m2 += (fA - m) * (fA - m) + (fB - m) * (fB - m);
        for (size_t j = 0; j < D; j++) {
            const double fAB = y[1 + j];
            s1[j] += fB * (fAB - fA);
            st[j] += (fA - fAB) * (fA - fAB);
        }
        if (so) {
            const double ab = fA * fB;
            for (size_t j = 0; j < D; j++)
                for (size_t k = j + 1; k < D; k++) s2[j * D + k] += y[1 + D + j] * y[1 + k] - ab;
        }
    }
    const double V = m2 / (double)(2 * N); /* numpy's var of [A, B] (ddof 0), as SALib */
    for (size_t j = 0; j < D; j++) {
        S1[j] = s1[j] / (double)N / V;
        ST[j] = 0.5 * st[j] / (double)N / V;
    }
    if (!so) return;
    for (size_t j = 0; j < D; j++)
        for (size_t k = 0; k < D; k++)
            S2[j * D + k] = k <= j ? NAN : s2[j * D + k] / (double)N / V - S1[j] - S1[k];
}

/* Resample b of the N base points: idx[t] = floor(u N) with u = ec_random_u01(st, b, t, 0), drawn a block at a time
 * (ec_random_u01_run: a library call per draw took about 24 ms of ec_sobol_analyze's 33 at N = 2^14 and 100
 * resamples). tests/test_sobol.c checks the intervals against resamples drawn with ec_random_u01 itself. */
static void resample(const ec_stream *st, size_t b, size_t N, size_t *idx)
{
    enum { RUN = 256 };
    double u[RUN];
    for (size_t t0 = 0; t0 < N; t0 += RUN) {
        const size_t m = N - t0 < RUN ? N - t0 : RUN;
        ec_random_u01_run(st, b, t0, m, u);
        for (size_t i = 0; i < m; i++) {
            const size_t k = (size_t)(u[i] * (double)N);
            idx[t0 + i] = k < N ? k : N - 1;
        }
    }
}

int ec_sobol_analyze(const double *Y, size_t D, size_t N, int so, size_t resamples, unsigned long long seed,
                     ec_sobol_result *r, ec_error *err)
{
    memset(r, 0, sizeof *r);
    if (D == 0 || N < 2) return ec_error_set(err, EC_EINVAL, "Sobol' indices need D >= 1 inputs and N >= 2 base points");
    if (D > 20)
        return ec_error_set(err, EC_EINVAL, "Sobol' indices of %zu inputs: at most 20 (the inputs of a Saltelli design)", D);
    const size_t rows = ec_saltelli_rows(D, N, so);
    for (size_t i = 0; i < rows; i++)
        if (!isfinite(Y[i]))
            return ec_error_set(err, EC_EINVAL, "output of design row %zu is not a finite number (%g)", i, Y[i]);
    r->D = D;
    r->S1 = calloc(D, sizeof(double)), r->S1_conf = calloc(D, sizeof(double));
    r->ST = calloc(D, sizeof(double)), r->ST_conf = calloc(D, sizeof(double));
    if (so) r->S2 = calloc(D * D, sizeof(double)), r->S2_conf = calloc(D * D, sizeof(double));
    size_t *idx = malloc(sizeof(size_t) * N);
    const size_t B = resamples;
    double *bs1 = malloc(sizeof(double) * (B ? B : 1) * D), *bst = malloc(sizeof(double) * (B ? B : 1) * D);
    double *bs2 = so ? malloc(sizeof(double) * (B ? B : 1) * D * D) : NULL;
    if (!r->S1 || !r->S1_conf || !r->ST || !r->ST_conf || (so && (!r->S2 || !r->S2_conf)) || !idx || !bs1 || !bst ||
        (so && !bs2)) {
        free(idx), free(bs1), free(bst), free(bs2);
        ec_sobol_result_clear(r);
        return ec_error_set(err, EC_ENOMEM, "out of memory");
    }
    /* the outputs centred and scaled (as SALib does): the indices are ratios, unchanged in exact arithmetic,
     * and the estimators' products lose no digits to a large mean (a loss of 1.84 varying by 0.007) */
    double *Yc = malloc(sizeof(double) * rows);
    if (!Yc) {
        free(idx), free(bs1), free(bst), free(bs2);
        ec_sobol_result_clear(r);
        return ec_error_set(err, EC_ENOMEM, "out of memory");
    }
    {
        double mu = 0, q = 0;
        for (size_t i = 0; i < rows; i++) mu += Y[i];
        mu /= (double)rows;
        for (size_t i = 0; i < rows; i++) q += (Y[i] - mu) * (Y[i] - mu);
        double sd = sqrt(q / (double)rows);
        for (size_t i = 0; i < rows; i++) Yc[i] = sd > 0 ? (Y[i] - mu) / sd : 0;
    }
    const double *Yo = Y;
    Y = Yc;
    for (size_t t = 0; t < N; t++) idx[t] = t;
    indices(Y, D, N, so, idx, r->S1, r->ST, r->S2);
    {
        const size_t per = so ? 2 * D + 2 : D + 2;
        double m = 0, m2 = 0;
        for (size_t t = 0; t < N; t++) m += Yo[t * per] + Yo[t * per + per - 1];
        m /= (double)(2 * N);
        for (size_t t = 0; t < N; t++)
            m2 += (Yo[t * per] - m) * (Yo[t * per] - m) + (Yo[t * per + per - 1] - m) * (Yo[t * per + per - 1] - m);
        r->variance = m2 / (double)(2 * N);
    }
    if (!(r->variance > 0)) {
        free(idx), free(bs1), free(bst), free(bs2), free(Yc);
        ec_sobol_result_clear(r);
        return ec_error_set(err, EC_EINVAL, "the outputs do not vary (variance 0): no indices");
    }
    /* bootstrap: resample b's base points from counters (seed, b, t) */
    const ec_stream st = ec_stream_of(seed, 0x534f42ULL /* "SOB" */);
    for (size_t b = 0; b < B; b++) {
        resample(&st, b, N, idx);
        indices(Y, D, N, so, idx, bs1 + b * D, bst + b * D, so ? bs2 + b * D * D : NULL);
    }
    const double z = gsl_cdf_ugaussian_Pinv(0.975);
    for (size_t j = 0; j < D; j++) {
        double s[2] = {0, 0}, q[2] = {0, 0};
        for (size_t b = 0; b < B; b++) s[0] += bs1[b * D + j], s[1] += bst[b * D + j];
        for (int w = 0; w < 2; w++) s[w] /= (double)(B ? B : 1);
        for (size_t b = 0; b < B; b++) {
            q[0] += (bs1[b * D + j] - s[0]) * (bs1[b * D + j] - s[0]);
            q[1] += (bst[b * D + j] - s[1]) * (bst[b * D + j] - s[1]);
        }
        r->S1_conf[j] = B > 1 ? z * sqrt(q[0] / (double)(B - 1)) : NAN;
        r->ST_conf[j] = B > 1 ? z * sqrt(q[1] / (double)(B - 1)) : NAN;
        for (size_t k = 0; so && k < D; k++) {
            if (k <= j) {
                r->S2_conf[j * D + k] = NAN;
                continue;
            }
            double a = 0, aq = 0;
            for (size_t b = 0; b < B; b++) a += bs2[b * D * D + j * D + k];
            a /= (double)(B ? B : 1);
            for (size_t b = 0; b < B; b++) aq += (bs2[b * D * D + j * D + k] - a) * (bs2[b * D * D + j * D + k] - a);
            r->S2_conf[j * D + k] = B > 1 ? z * sqrt(aq / (double)(B - 1)) : NAN;
        }
    }
    free(idx), free(bs1), free(bst), free(bs2), free(Yc);
    return EC_OK;
}

/* ----------------------------------------------------------------- Morris */

size_t ec_morris_rows(size_t D, size_t r)
{
    return r * (D + 1);
}

int ec_morris_design(size_t D, size_t r, int levels, unsigned long long seed, double *U, ec_error *err)
{
    if (D == 0 || D > 1000) return ec_error_set(err, EC_EINVAL, "a Morris design takes 1 to 1000 inputs, not %zu", D);
    if (r < 2 || r > 100000000) return ec_error_set(err, EC_EINVAL, "a Morris design needs 2 to 1e8 trajectories, not %zu", r);
    if (levels < 2 || levels % 2 || levels > 1000)
        return ec_error_set(err, EC_EINVAL, "Morris levels %d: an even number from 2 to 1000 (SALib's default is 4)", levels);
    const double step = 1.0 / (levels - 1), delta = levels / (2.0 * (levels - 1));
    const int half = levels / 2; /* start levels 0 .. half-1 going up, half .. levels-1 going down */
    size_t *perm = malloc(sizeof(size_t) * D);
    double *x = malloc(sizeof(double) * D), *sgn = malloc(sizeof(double) * D);
    if (!perm || !x || !sgn) {
        free(perm), free(x), free(sgn);
        return ec_error_set(err, EC_ENOMEM, "out of memory");
    }
    const ec_stream st = ec_stream_of(seed, 0x4d4f52ULL /* "MOR" */);
    for (size_t t = 0; t < r; t++) {
        for (size_t j = 0; j < D; j++) {
            double u[4];
            ec_random_u01x4(&st, t, j, 0, 0, u);
            int up = u[0] < 0.5, lv = (int)(u[1] * half);
            if (lv >= half) lv = half - 1;
            sgn[j] = up ? 1 : -1;
            x[j] = up ? lv * step : 1 - lv * step;
            perm[j] = j;
        }
        for (size_t j = D; j-- > 1;) { /* Fisher-Yates from the trajectory's counters */
            size_t k = (size_t)(ec_random_u01(&st, t, D + j, 1) * (double)(j + 1));
            if (k > j) k = j;
            size_t tmp = perm[j];
            perm[j] = perm[k];
            perm[k] = tmp;
        }
        double *row = U + t * (D + 1) * D;
        memcpy(row, x, sizeof(double) * D);
        for (size_t s = 0; s < D; s++) {
            size_t j = perm[s];
            x[j] += sgn[j] * delta;
            if (x[j] < 0) x[j] = 0; /* rounding only */
            if (x[j] > 1) x[j] = 1;
            memcpy(row + (s + 1) * D, x, sizeof(double) * D);
        }
    }
    free(perm), free(x), free(sgn);
    return EC_OK;
}

void ec_morris_result_clear(ec_morris_result *res)
{
    if (!res) return;
    free(res->mu), free(res->mu_star), free(res->sigma), free(res->mu_star_conf);
    memset(res, 0, sizeof *res);
}

int ec_morris_analyze(const double *U, const double *Y, size_t D, size_t r, size_t resamples, unsigned long long seed,
                      ec_morris_result *res, ec_error *err)
{
    memset(res, 0, sizeof *res);
    if (D == 0 || r < 2) return ec_error_set(err, EC_EINVAL, "Morris effects need D >= 1 inputs and r >= 2 trajectories");
    const size_t rows = ec_morris_rows(D, r);
    for (size_t i = 0; i < rows; i++)
        if (!isfinite(Y[i])) return ec_error_set(err, EC_EINVAL, "output of design row %zu is not a finite number (%g)", i, Y[i]);
    double *ee = calloc(r * D, sizeof(double));
    unsigned char *once = calloc(D, 1);
    res->D = D;
    res->mu = calloc(D, sizeof(double)), res->mu_star = calloc(D, sizeof(double));
    res->sigma = calloc(D, sizeof(double)), res->mu_star_conf = calloc(D, sizeof(double));
    if (!ee || !once || !res->mu || !res->mu_star || !res->sigma || !res->mu_star_conf) {
        free(ee), free(once);
        ec_morris_result_clear(res);
        return ec_error_set(err, EC_ENOMEM, "out of memory");
    }
    for (size_t t = 0; t < r; t++) {
        memset(once, 0, D);
        for (size_t s = 0; s < D; s++) {
            const double *a = U + (t * (D + 1) + s) * D, *b = a + D;
            size_t moved = D, n_moved = 0;
            for (size_t j = 0; j < D; j++)
                if (a[j] != b[j]) moved = j, n_moved++;
            if (n_moved != 1 || once[moved]) {
                free(ee), free(once);
                ec_morris_result_clear(res);
                return n_moved != 1 ? ec_error_set(err, EC_EINVAL, "Morris design row %zu: a step that moves %zu inputs, "
                                                   "not one", t * (D + 1) + s + 1, n_moved)
                                    : ec_error_set(err, EC_EINVAL, "Morris trajectory %zu moves input %zu twice (each input "
                                                   "once per trajectory)", t, moved);
            }
            once[moved] = 1;
            ee[t * D + moved] = (Y[t * (D + 1) + s + 1] - Y[t * (D + 1) + s]) / (b[moved] - a[moved]);
        }
    }
    const double z = gsl_cdf_ugaussian_Pinv(0.975);
    const ec_stream st = ec_stream_of(seed, 0x4d4f42ULL /* "MOB" */);
    for (size_t j = 0; j < D; j++) {
        double m = 0, ma = 0, q = 0;
        for (size_t t = 0; t < r; t++) m += ee[t * D + j], ma += fabs(ee[t * D + j]);
        m /= (double)r, ma /= (double)r;
        for (size_t t = 0; t < r; t++) q += (ee[t * D + j] - m) * (ee[t * D + j] - m);
        res->mu[j] = m, res->mu_star[j] = ma, res->sigma[j] = sqrt(q / (double)(r - 1));
        double bm = 0, bq = 0;
        for (size_t b = 0; b < resamples; b++) {
            double s = 0;
            for (size_t t = 0; t < r; t++) {
                size_t k = (size_t)(ec_random_u01(&st, j, b, t) * (double)r);
                s += fabs(ee[(k < r ? k : r - 1) * D + j]);
            }
            s /= (double)r;
            double d = s - bm;
            bm += d / (double)(b + 1);
            bq += d * (s - bm);
        }
        res->mu_star_conf[j] = resamples > 1 ? z * sqrt(bq / (double)(resamples - 1)) : NAN;
    }
    free(ee), free(once);
    return EC_OK;
}
