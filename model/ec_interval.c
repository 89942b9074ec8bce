/*
 * ec_interval.c — quantiles by selection and the intervals built on them
 * (see ec_interval.h).
 *
 * Why selection. Every band point of a figure, every row of `optimal` and
 * `project` and every year of a `simulate` fan takes a few quantiles of
 * thousands of values. Sorting them costs O(n log n) per quantity; the two
 * order statistics a type-7 quantile needs cost two selections, each an
 * expected O(n) pass (GSL's gsl_stats_select, a quickselect). The values are
 * exactly the sorted ones', so the results are bit-identical to sorting and
 * interpolating with gsl_stats_quantile_from_sorted_data. For many
 * quantiles of one set of values (a fan's 5..95% at once) one sort is
 * cheaper, and ec_quantiles() switches.
 */
#include "ec_interval.h"
#include "ec_interval_impl.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "ec_chinchilla.h"
#include "ec_error.h"

/* Interpolates between the order statistics a = x_(lhs) and b = x_(lhs+1) at fraction delta, with the
 * infinite cases of ec_interval.h. */
static double interpolate(double a, double b, double delta)
{
    if (delta == 0) return a;
    if (isfinite(a) && isfinite(b)) return (1 - delta) * a + delta * b;
    if (isinf(a) && isinf(b)) return delta < 0.5 ? a : b;
    return isinf(a) ? a : b;
}

/* The order statistic just above position k, once k holds the k-th smallest value: the minimum of v[k+1..n)
 * when the selection left v partitioned around k (checked in the same pass: nothing before k above v[k],
 * nothing after below it), else another selection. Either way the exact (k+1)-th smallest value. */
static double next_order_stat(double *v, size_t n, size_t k)
{
    double pivot = v[k], hi_min = INFINITY;
    int ok = 1;
    for (size_t i = 0; i < k; i++)
        if (v[i] > pivot) ok = 0;
    for (size_t i = k + 1; i < n; i++) {
        if (v[i] < pivot) ok = 0;
        if (v[i] < hi_min) hi_min = v[i];
    }
    if (ok) return hi_min;
    return gsl_stats_select(v, 1, n, k + 1);
}

/* The q-quantile of v[0..n-1] (n >= 1, q in [0, 1]), reordering v. */
static double quantile_select(double *v, size_t n, double q)
{
    double h = q * (double)(n - 1);
    size_t lhs = (size_t)h;
    double delta = h - (double)lhs;
    double a = gsl_stats_select(v, 1, n, lhs);
    if (lhs == n - 1 || delta == 0) return a;
    return interpolate(a, next_order_stat(v, n, lhs), delta);
}

double ec_quantile(double *v, size_t n, double q)
{
    if (n == 0 || !(q >= 0 && q <= 1)) return NAN;
    ec_gsl_quiet();
    return quantile_select(v, n, q);
}

/* The q-quantile of sorted values (gsl_stats_quantile_from_sorted_data with the infinite cases). */
static double quantile_sorted(const double *v, size_t n, double q)
{
    if (n == 0 || !(q >= 0 && q <= 1)) return NAN;
    double h = q * (double)(n - 1);
    size_t lhs = (size_t)h;
    double delta = h - (double)lhs;
    if (lhs == n - 1 || delta == 0) return v[lhs];
    return interpolate(v[lhs], v[lhs + 1], delta);
}

/* ------------------------------------------------- many order statistics */

/*
 * Order statistics at several ranks of a large set, exactly, in two passes: bucket selection. A sample
 * gives the range; one pass counts the values in NB equal buckets over it (what lies beyond, infinities
 * included, in a bucket at each end), and the running counts say which bucket holds each target rank; a
 * second collects the values of those buckets only (a few per rank: about n/NB each for a smooth
 * distribution), and a sort of each gives the value. A bucket that holds too many values (a spike, a
 * heavy tail) is treated the same way on its own values, whose range is narrower, down to the case where
 * they are all equal. No sample, no probability of a retry: the values are the exact order statistics.
 * The bucket of a value is computed without branches (clamped to the end buckets), so the cost does not
 * depend on how the values are ordered.
 */
enum { NB = 65536, SMALL = 4096, SAMPLE = 4096 };

static int cmp_size(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return (x > y) - (x < y);
}

enum { IDX_BLOCK = 1024 };

/* idx[i] = the bucket of v[i], i < m. Bucket 0: below lo (and -inf); 1..nb: [lo, hi] in equal parts (and a little
 * above); nb + 1: beyond (and +inf). Non-decreasing in x, which is all the selection needs. A loop the compiler
 * vectorises, built also for wider vectors and used where the machine has them (the same bits on each; an index is
 * at most NB + 1, an int). */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && !defined(__SANITIZE_ADDRESS__)
__attribute__((target_clones("arch=x86-64-v4", "avx2", "default")))
#endif
static void bucket_block(const double *v, size_t m, double lo, double scale, double nb, uint32_t *idx)
{
    for (size_t i = 0; i < m; i++) {
        double t = (v[i] - lo) * scale;
        t = t < -1 ? -1 : t;
        t = t > nb ? nb : t;
        idx[i] = (uint32_t)(int32_t)(t + 1);
    }
}

void ec_finite_range(const double *v, size_t n, size_t step, double *lo, double *hi)
{
    double l = INFINITY, h = -INFINITY;
    for (size_t i = 0; i < n; i += step) {
        double x = v[i];
        double a = x == -INFINITY ? INFINITY : x, b = x == INFINITY ? -INFINITY : x;
        l = a < l ? a : l;
        h = b > h ? b : h;
    }
    *lo = l, *hi = h;
}

double ec_bucket_scale(double nb, double lo, double hi)
{
    return (nb - 0.5) / (hi / 2 - lo / 2) / 2;
}

/* bucket_block for the rest of the library (ec_interval_impl.h); a function of its own because the ifunc of
 * target_clones would be exported whatever the visibility. */
void ec_bucket_block(const double *v, size_t m, double lo, double scale, double nb, uint32_t *idx)
{
    bucket_block(v, m, lo, scale, nb, idx);
}

/* out[k] = the value of rank ranks[k] (sorted ascending, each < n) of v[0..n-1]; 0, or -1 out of memory. */
static int order_stats_sorted(double *v, size_t n, const size_t *ranks, size_t nr, double *out)
{
    if (n <= SMALL) {
        gsl_sort(v, 1, n);
        for (size_t k = 0; k < nr; k++) out[k] = v[ranks[k]];
        return 0;
    }
    /* The buckets span the finite values of a sample (every (n/SAMPLE)-th): any monotone bucketing gives the
     * exact order statistics, and one from a sample saves a pass over the data; values beyond the sample's
     * range fall in the end buckets (a few, for a sample of 4096). When the sample's finite values are all
     * equal, the whole set's range instead. */
    double lo, hi;
    ec_finite_range(v, n, n / SAMPLE, &lo, &hi);
    if (!(lo < hi)) ec_finite_range(v, n, 1, &lo, &hi);
    if (!(lo < hi)) { /* at most one finite value, and infinities: one pass counts them */
        size_t neg = 0, pos = 0;
        for (size_t i = 0; i < n; i++) neg += v[i] == -INFINITY, pos += v[i] == INFINITY;
        for (size_t k = 0; k < nr; k++) out[k] = ranks[k] < neg ? -INFINITY : ranks[k] >= n - pos ? INFINITY : lo;
        return 0;
    }
    const size_t nb = n / 16 < NB ? n / 16 : NB;
    const double fnb = (double)nb, scale = ec_bucket_scale(fnb, lo, hi);
    if (!(isfinite(scale) && scale > 0)) { /* a span beyond double's range, or below its resolution: sort */
        gsl_sort(v, 1, n);
        for (size_t k = 0; k < nr; k++) out[k] = v[ranks[k]];
        return 0;
    }
    uint32_t *count = calloc(nb + 2, sizeof *count);
    uint16_t *slot = calloc(nb + 2, sizeof *slot);
    size_t *start = malloc(sizeof(size_t) * (nb + 2));
    size_t *bk = malloc(sizeof(size_t) * nr);
    if (!count || !slot || !start || !bk) goto oom;
    if (n > UINT32_MAX) goto oom; /* the counts are 32-bit */
    uint32_t idx[IDX_BLOCK];
    for (size_t i0 = 0; i0 < n; i0 += IDX_BLOCK) {
        const size_t m = n - i0 < IDX_BLOCK ? n - i0 : IDX_BLOCK;
        bucket_block(v + i0, m, lo, scale, fnb, idx);
        for (size_t i = 0; i < m; i++) count[idx[i]]++;
    }
    /* The bucket of each rank, and a slot (1-based) for each bucket needed. */
    size_t cum = 0, b = 0, nslots = 0, total = 0;
    for (size_t k = 0; k < nr; k++) {
        while (cum + count[b] <= ranks[k]) cum += count[b++];
        bk[k] = b;
        start[b] = cum;
        if (!slot[b]) {
            if (nslots == UINT16_MAX) goto oom;
            slot[b] = (uint16_t)++nslots;
            total += count[b];
        }
    }
    {
        double *buf = malloc(sizeof(double) * (total ? total : 1));
        size_t *off = malloc(sizeof(size_t) * (nslots + 1)), *fill = malloc(sizeof(size_t) * (nslots + 1));
        size_t *sub = malloc(sizeof(size_t) * nr);
        if (!buf || !off || !fill || !sub) {
            free(buf), free(off), free(fill), free(sub);
            goto oom;
        }
        size_t o = 0;
        for (size_t k = 0; k < nr; k++)
            if (k == 0 || bk[k] != bk[k - 1]) {
                off[slot[bk[k]]] = fill[slot[bk[k]]] = o;
                o += count[bk[k]];
            }
        for (size_t i0 = 0; i0 < n; i0 += IDX_BLOCK) {
            const size_t m = n - i0 < IDX_BLOCK ? n - i0 : IDX_BLOCK;
            bucket_block(v + i0, m, lo, scale, fnb, idx);
            for (size_t i = 0; i < m; i++) {
                unsigned sl = slot[idx[i]];
                if (sl) buf[fill[sl]++] = v[i0 + i];
            }
        }
        int rc = 0;
        for (size_t k = 0; k < nr && !rc;) {
            size_t k1 = k;
            while (k1 < nr && bk[k1] == bk[k]) k1++;
            size_t bb = bk[k], m = count[bb];
            double *w = buf + off[slot[bb]];
            /* the end buckets too: what lies beyond the sample's range, infinities included */
            for (size_t j = k; j < k1; j++) sub[j] = ranks[j] - start[bb];
            rc = order_stats_sorted(w, m, sub + k, k1 - k, out + k);
            k = k1;
        }
        free(buf), free(off), free(fill), free(sub);
        free(count), free(slot), free(start), free(bk);
        return rc;
    }
oom:
    free(count), free(slot), free(start), free(bk);
    return -1;
}

void ec_order_stats(double *v, size_t n, const size_t *ranks_in, size_t nr, double *out)
{
    ec_gsl_quiet();
    if (n == 0 || nr == 0) return;
    if (n <= SMALL || nr == 1) {
        for (size_t k = 0; k < nr; k++) out[k] = gsl_stats_select(v, 1, n, ranks_in[k] < n ? ranks_in[k] : n - 1);
        return;
    }
    /* The ranks in increasing order (clamped to n - 1), and back. */
    size_t *pair = malloc(sizeof(size_t) * 2 * nr);
    size_t *ranks = malloc(sizeof(size_t) * nr);
    double *vals = malloc(sizeof(double) * nr);
    if (pair && ranks && vals) {
        for (size_t k = 0; k < nr; k++) {
            pair[2 * k] = ranks_in[k] < n ? ranks_in[k] : n - 1;
            pair[2 * k + 1] = k;
        }
        qsort(pair, nr, 2 * sizeof(size_t), cmp_size); /* by rank (the first member) */
        for (size_t k = 0; k < nr; k++) ranks[k] = pair[2 * k];
        if (order_stats_sorted(v, n, ranks, nr, vals) == 0) {
            for (size_t k = 0; k < nr; k++) out[pair[2 * k + 1]] = vals[k];
            free(pair), free(ranks), free(vals);
            return;
        }
    }
    free(pair), free(ranks), free(vals);
    for (size_t k = 0; k < nr; k++) out[k] = gsl_stats_select(v, 1, n, ranks_in[k] < n ? ranks_in[k] : n - 1);
}

void ec_quantiles(double *v, size_t n, const double *q, size_t nq, double *out)
{
    if (n == 0) {
        for (size_t k = 0; k < nq; k++) out[k] = NAN;
        return;
    }
    if (n < 4096 && 2.0 * (double)nq > log2((double)n)) {
        /* Small sets: one sort serves every quantile. */
        gsl_sort(v, 1, n);
        for (size_t k = 0; k < nq; k++) out[k] = quantile_sorted(v, n, q[k]);
        return;
    }
    size_t *ranks = calloc(2 * (nq ? nq : 1), sizeof(size_t));
    double *stats = malloc(sizeof(double) * 2 * (nq ? nq : 1));
    if (!ranks || !stats) {
        free(ranks);
        free(stats);
        for (size_t k = 0; k < nq; k++) out[k] = ec_quantile(v, n, q[k]);
        return;
    }
    for (size_t k = 0; k < nq; k++) {
        double h = q[k] * (double)(n - 1);
        size_t lhs = (size_t)h;
        ranks[2 * k] = lhs;
        ranks[2 * k + 1] = lhs + 1 < n ? lhs + 1 : lhs;
    }
    ec_order_stats(v, n, ranks, 2 * nq, stats);
    for (size_t k = 0; k < nq; k++) {
        if (!(q[k] >= 0 && q[k] <= 1)) {
            out[k] = NAN;
            continue;
        }
        double h = q[k] * (double)(n - 1);
        size_t lhs = (size_t)h;
        double delta = h - (double)lhs;
        out[k] = lhs == n - 1 || delta == 0 ? stats[2 * k] : interpolate(stats[2 * k], stats[2 * k + 1], delta);
    }
    free(ranks);
    free(stats);
}

void ec_quantiles_se_ranks(size_t n, const double *q, size_t nq, size_t *ranks)
{
    for (size_t k = 0; k < nq; k++) {
        double p = q[k] >= 0 && q[k] <= 1 ? q[k] : 0.5;
        double h = p * (double)(n - 1), s = sqrt((double)n * p * (1 - p));
        size_t lhs = (size_t)h;
        double a = floor(h - s), b = ceil(h + s);
        ranks[4 * k] = lhs;
        ranks[4 * k + 1] = lhs + 1 < n ? lhs + 1 : lhs;
        ranks[4 * k + 2] = a < 0 ? 0 : (size_t)a;
        ranks[4 * k + 3] = b > (double)(n - 1) ? n - 1 : (size_t)b;
    }
}

void ec_quantiles_se_finish(size_t n, const double *q, size_t nq, const double *stats, double *out, double *se)
{
    for (size_t k = 0; k < nq; k++) {
        if (!(q[k] >= 0 && q[k] <= 1)) {
            out[k] = se[k] = NAN;
            continue;
        }
        double h = q[k] * (double)(n - 1);
        size_t lhs = (size_t)h;
        double delta = h - (double)lhs;
        out[k] = lhs == n - 1 || delta == 0 ? stats[4 * k] : interpolate(stats[4 * k], stats[4 * k + 1], delta);
        double d = stats[4 * k + 3] - stats[4 * k + 2];
        se[k] = isfinite(d) ? 0.5 * d : INFINITY;
    }
}

void ec_quantiles_se(double *v, size_t n, const double *q, size_t nq, double *out, double *se)
{
    /* The quantile, and the order statistics one binomial sd of rank away on each side: half their
     * distance estimates the Monte Carlo standard error of the quantile, without assuming a density
     * (the order-statistic interval of a quantile; David & Nagaraja 2003, §7.1). */
    if (n < 2) {
        for (size_t k = 0; k < nq; k++) out[k] = se[k] = NAN;
        return;
    }
    size_t *ranks = calloc(4 * (nq ? nq : 1), sizeof(size_t));
    double *stats = malloc(sizeof(double) * 4 * (nq ? nq : 1));
    if (!ranks || !stats) {
        free(ranks);
        free(stats);
        ec_quantiles(v, n, q, nq, out);
        for (size_t k = 0; k < nq; k++) se[k] = NAN;
        return;
    }
    ec_quantiles_se_ranks(n, q, nq, ranks);
    ec_order_stats(v, n, ranks, 4 * nq, stats);
    ec_quantiles_se_finish(n, q, nq, stats, out, se);
    free(ranks);
    free(stats);
}

/* (1 ∓ level)/2 rounded to 12 decimals, so that level 0.95 gives exactly the doubles 0.025 and 0.975
 * (0.5 * (1 − 0.95) is 0.025000000000000022, which moves h = q(n − 1) and the last bits of the result). */
static double tail(double level, int upper)
{
    double q = 0.5 * (upper ? 1 + level : 1 - level);
    return round(q * 1e12) / 1e12;
}

/* 1 when v is partitioned around position k: nothing before it above v[k], nothing after it below. */
static int partitioned(const double *v, size_t n, size_t k)
{
    for (size_t i = 0; i < k; i++)
        if (v[i] > v[k]) return 0;
    for (size_t i = k + 1; i < n; i++)
        if (v[i] < v[k]) return 0;
    return 1;
}

/* st's n, levels and positions for n values at `level`; -1 (st empty) when n < 2 or level is outside (0, 1). */
static int stats_positions(size_t n, double level, ec_interval_stats *st)
{
    memset(st, 0, sizeof *st);
    if (n < 2 || !(level > 0 && level < 1)) return -1;
    st->n = n;
    st->q[0] = tail(level, 0);
    st->q[1] = tail(level, 1);
    size_t a = (size_t)(st->q[0] * (double)(n - 1)), b = (size_t)(st->q[1] * (double)(n - 1));
    st->pos[0] = a;
    st->pos[1] = a + 1 < n ? a + 1 : n - 1;
    st->pos[2] = b;
    st->pos[3] = b + 1 < n ? b + 1 : n - 1;
    return 0;
}

void ec_two_smallest_at(double *w, size_t m, size_t k, double out[2])
{
    out[0] = gsl_stats_select(w, 1, m, k);
    out[1] = next_order_stat(w, m, k);
}

#ifdef __SSE2__
/* Of the 64 values at v: bit k of m[0] set when v[k] <= t_lo, of m[1] when v[k] >= t_hi; nonzero when one is NaN. */
static int chunk_masks_sse2(const double *v, double t_lo, double t_hi, uint64_t m[2])
{
    const __m128d vlo = _mm_set1_pd(t_lo), vhi = _mm_set1_pd(t_hi);
    uint64_t a = 0, b = 0;
    int nan = 0;
    for (unsigned k = 0; k < 64; k += 2) {
        const __m128d x = _mm_loadu_pd(v + k);
        a |= (uint64_t)_mm_movemask_pd(_mm_cmple_pd(x, vlo)) << k;
        b |= (uint64_t)_mm_movemask_pd(_mm_cmpge_pd(x, vhi)) << k;
        nan |= _mm_movemask_pd(_mm_cmpunord_pd(x, x));
    }
    m[0] = a, m[1] = b;
    return nan;
}
/* The same for 64 floats (the thresholds floats too: they are sample values), four compares at once. */
static int chunk_masks_f_sse2(const float *v, float t_lo, float t_hi, uint64_t m[2])
{
    const __m128 vlo = _mm_set1_ps(t_lo), vhi = _mm_set1_ps(t_hi);
    uint64_t a = 0, b = 0;
    int nan = 0;
    for (unsigned k = 0; k < 64; k += 4) {
        const __m128 x = _mm_loadu_ps(v + k);
        a |= (uint64_t)_mm_movemask_ps(_mm_cmple_ps(x, vlo)) << k;
        b |= (uint64_t)_mm_movemask_ps(_mm_cmpge_ps(x, vhi)) << k;
        nan |= _mm_movemask_ps(_mm_cmpunord_ps(x, x));
    }
    m[0] = a, m[1] = b;
    return nan;
}
#endif

#if defined(__SSE2__) && defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define EC_TAILS_WIDE 1 /* the AVX-512 and AVX2 masks below, picked at run time */
#include <immintrin.h>
/* The same on AVX-512: eight compares into a mask register at once. */
__attribute__((target("avx512f"))) static int chunk_masks_avx512(const double *v, double t_lo, double t_hi,
                                                                 uint64_t m[2])
{
    const __m512d vlo = _mm512_set1_pd(t_lo), vhi = _mm512_set1_pd(t_hi);
    uint64_t a = 0, b = 0;
    unsigned nan = 0;
    for (unsigned k = 0; k < 64; k += 8) {
        const __m512d x = _mm512_loadu_pd(v + k);
        a |= (uint64_t)_mm512_cmp_pd_mask(x, vlo, _CMP_LE_OQ) << k;
        b |= (uint64_t)_mm512_cmp_pd_mask(x, vhi, _CMP_GE_OQ) << k;
        nan |= _mm512_cmp_pd_mask(x, x, _CMP_UNORD_Q);
    }
    m[0] = a, m[1] = b;
    return nan != 0;
}
/* The same on AVX2: four compares at once, a bit each by movemask. */
__attribute__((target("avx2"))) static int chunk_masks_avx2(const double *v, double t_lo, double t_hi, uint64_t m[2])
{
    const __m256d vlo = _mm256_set1_pd(t_lo), vhi = _mm256_set1_pd(t_hi);
    uint64_t a = 0, b = 0;
    int nan = 0;
    for (unsigned k = 0; k < 64; k += 4) {
        const __m256d x = _mm256_loadu_pd(v + k);
        a |= (uint64_t)_mm256_movemask_pd(_mm256_cmp_pd(x, vlo, _CMP_LE_OQ)) << k;
        b |= (uint64_t)_mm256_movemask_pd(_mm256_cmp_pd(x, vhi, _CMP_GE_OQ)) << k;
        nan |= _mm256_movemask_pd(_mm256_cmp_pd(x, x, _CMP_UNORD_Q));
    }
    m[0] = a, m[1] = b;
    return nan;
}
/* The float masks on AVX-512 (sixteen at once) and AVX2 (eight). */
__attribute__((target("avx512f"))) static int chunk_masks_f_avx512(const float *v, float t_lo, float t_hi,
                                                                   uint64_t m[2])
{
    const __m512 vlo = _mm512_set1_ps(t_lo), vhi = _mm512_set1_ps(t_hi);
    uint64_t a = 0, b = 0;
    unsigned nan = 0;
    for (unsigned k = 0; k < 64; k += 16) {
        const __m512 x = _mm512_loadu_ps(v + k);
        a |= (uint64_t)_mm512_cmp_ps_mask(x, vlo, _CMP_LE_OQ) << k;
        b |= (uint64_t)_mm512_cmp_ps_mask(x, vhi, _CMP_GE_OQ) << k;
        nan |= _mm512_cmp_ps_mask(x, x, _CMP_UNORD_Q);
    }
    m[0] = a, m[1] = b;
    return nan != 0;
}
__attribute__((target("avx2"))) static int chunk_masks_f_avx2(const float *v, float t_lo, float t_hi, uint64_t m[2])
{
    const __m256 vlo = _mm256_set1_ps(t_lo), vhi = _mm256_set1_ps(t_hi);
    uint64_t a = 0, b = 0;
    int nan = 0;
    for (unsigned k = 0; k < 64; k += 8) {
        const __m256 x = _mm256_loadu_ps(v + k);
        a |= (uint64_t)_mm256_movemask_ps(_mm256_cmp_ps(x, vlo, _CMP_LE_OQ)) << k;
        b |= (uint64_t)_mm256_movemask_ps(_mm256_cmp_ps(x, vhi, _CMP_GE_OQ)) << k;
        nan |= _mm256_movemask_ps(_mm256_cmp_ps(x, x, _CMP_UNORD_Q));
    }
    m[0] = a, m[1] = b;
    return nan;
}
#else
#define EC_TAILS_WIDE 0
#endif

/* The k_lo-th smallest of wl[0..m) and the k_hi-th largest of wh[0..m) (0-based, k_lo and k_hi < KEEP <= m; wl and
 * wh may be one array), the values gsl_stats_select would give, in one pass: the k + 1 smallest (largest) so far
 * kept sorted, each value that beats the last kept one inserted (few do: about k ln(m / k) of m). Neither array is
 * changed. */
enum { KEEP = 48 };
static void sample_thresholds(const double *wl, const double *wh, size_t m, size_t k_lo, size_t k_hi, double *t_lo,
                              double *t_hi)
{
    double lo[KEEP], hi[KEEP];
    const size_t nl = k_lo + 1, nh = k_hi + 1;
    size_t cl = 0, ch = 0;
    for (size_t i = 0; i < m; i++) {
        double x = wl[i];
        if (cl < nl || x < lo[nl - 1]) { /* ascending: lo[0] the smallest */
            size_t j = cl < nl ? cl++ : nl - 1;
            while (j > 0 && lo[j - 1] > x) lo[j] = lo[j - 1], j--;
            lo[j] = x;
        }
        x = wh[i];
        if (ch < nh || x > hi[nh - 1]) { /* descending: hi[0] the largest */
            size_t j = ch < nh ? ch++ : nh - 1;
            while (j > 0 && hi[j - 1] < x) hi[j] = hi[j - 1], j--;
            hi[j] = x;
        }
    }
    *t_lo = lo[nl - 1], *t_hi = hi[nh - 1];
}

enum { TAILS_CHUNK = 64 };

/* The sample's stride: every 16th value; below 2048 values every 4th, for thresholds that keep fewer than n/8 values
 * (every 16th of a thousand keeps some 15% beyond a 2.5% tail). */
static size_t tails_stride(size_t n)
{
    return n < 2048 ? 4 : 16;
}

size_t ec_tails_sample(size_t n)
{
    return n / tails_stride(n);
}

size_t ec_tails_room(size_t n)
{
    return n / 4 + TAILS_CHUNK + 1;
}

/* A chunk's masks (TAILS_CHUNK values from i0) of doubles (vd) or floats (vf), by the widest path allowed. */
#ifdef __SSE2__
static int chunk_masks(const double *vd, const float *vf, size_t i0, int wide, double t_lo, double t_hi, uint64_t mk[2])
{
#if EC_TAILS_WIDE
    if (vf)
        return wide == 2   ? chunk_masks_f_avx512(vf + i0, (float)t_lo, (float)t_hi, mk)
               : wide == 1 ? chunk_masks_f_avx2(vf + i0, (float)t_lo, (float)t_hi, mk)
                           : chunk_masks_f_sse2(vf + i0, (float)t_lo, (float)t_hi, mk);
    return wide == 2   ? chunk_masks_avx512(vd + i0, t_lo, t_hi, mk)
           : wide == 1 ? chunk_masks_avx2(vd + i0, t_lo, t_hi, mk)
                       : chunk_masks_sse2(vd + i0, t_lo, t_hi, mk);
#else
    (void)wide;
    return vf ? chunk_masks_f_sse2(vf + i0, (float)t_lo, (float)t_hi, mk) : chunk_masks_sse2(vd + i0, t_lo, t_hi, mk);
#endif
}
#endif

/* The pass of tails_index at thresholds t_lo < t_hi: *c_lo and *c_hi the counts kept (beyond cap: stopped there);
 * nonzero for a NaN. */
static int keep_tails(const double *vd, const float *vf, size_t n, size_t cap, double t_lo, double t_hi, size_t *lo,
                      size_t *c_lo_out, size_t *hi, size_t *c_hi_out)
{
    size_t c_lo = 0, c_hi = 0, i0 = 0;
    int nan = 0;
#ifdef __SSE2__
    /* whole chunks by masks (a bit per value: at or below t_lo, at or above t_hi), then only the kept values (a
     * few in a hundred) written down, in order */
#if EC_TAILS_WIDE
    const char *path = ec_chin_simd_path(); /* the machine has it, tests allow it */
    const int wide = strcmp(path, "avx512-libmvec") == 0 ? 2 : strcmp(path, "avx2-libmvec") == 0;
#else
    const int wide = 0;
#endif
    for (; i0 + TAILS_CHUNK <= n && c_lo <= cap && c_hi <= cap; i0 += TAILS_CHUNK) {
        uint64_t mk[2]; /* TAILS_CHUNK is 64: a bit per value */
        nan |= chunk_masks(vd, vf, i0, wide, t_lo, t_hi, mk);
        for (uint64_t bits = mk[0]; bits; bits &= bits - 1) lo[c_lo++] = i0 + (size_t)__builtin_ctzll(bits);
        for (uint64_t bits = mk[1]; bits; bits &= bits - 1) hi[c_hi++] = i0 + (size_t)__builtin_ctzll(bits);
    }
#endif
    /* the rest (all of it without SSE2), without branches: every index written at the end of each list and
     * counted in when its value belongs */
    for (; i0 < n && c_lo <= cap && c_hi <= cap; i0 += TAILS_CHUNK) {
        const size_t i1 = n - i0 < TAILS_CHUNK ? n : i0 + TAILS_CHUNK;
        for (size_t i = i0; i < i1; i++) {
            const double x = vf ? (double)vf[i] : vd[i];
            lo[c_lo] = i;
            c_lo += x <= t_lo;
            hi[c_hi] = i;
            c_hi += x >= t_hi;
            nan |= x != x;
        }
    }
    *c_lo_out = c_lo, *c_hi_out = c_hi;
    return nan;
}

/* Pass 0 (near) or 1 (further out) of the tails' thresholds: the sample's order statistics at e + 2 sqrt(e) + 1 or
 * e + 3.5 sqrt(e) + 3, from the low end of sl and the high end of sh (m values each; one array or two), e the
 * sample's expected count within the ranks wanted at each end. -1 when the sample is too small for them. */
static int pass_thresholds(double *sl, double *sh, size_t m, double e_lo, double e_hi, int pass, double *t_lo,
                           double *t_hi)
{
    const double z = pass ? 3.5 : 2, c = pass ? 3 : 1;
    const size_t k_lo = (size_t)(e_lo + z * sqrt(e_lo) + c), k_hi = (size_t)(e_hi + z * sqrt(e_hi) + c);
    if (k_lo >= m || k_hi >= m) return -1;
    if (k_lo < KEEP && k_hi < KEEP) sample_thresholds(sl, sh, m, k_lo, k_hi, t_lo, t_hi);
    else *t_lo = gsl_stats_select(sl, 1, m, k_lo), *t_hi = gsl_stats_select(sh, 1, m, m - 1 - k_hi);
    return 0;
}

/*
 * The tails of a large sample (ec_interval_impl.h) of doubles (vd) or floats (vf, the other NULL): thresholds from a
 * sample of every 16th value or so, then one pass keeping the indices of the values at or below the low one and at
 * or above the high one (at most cap each, a chunk's worth of room beyond so that a chunk runs unchecked), in order.
 * The thresholds are pass_thresholds': the sample's count within the ranks wanted is about Poisson with mean e, so
 * the near ones keep enough but for about one time in a hundred (fewer for small e), the further ones (where loose
 * starts) but for one in tens of thousands. For floats the thresholds are floats (sample values), so comparing in
 * single precision is exact.
 */
static int tails_index(const double *vd, const float *vf, size_t n, size_t need_lo, size_t need_hi, size_t cap,
                       int loose, double *smp, size_t *lo, size_t *n_lo, size_t *hi, size_t *n_hi, double *t_lo_out,
                       double *t_hi_out)
{
    const size_t stride = tails_stride(n), m = n / stride;
    if (n < 256 || cap > n / 4 || need_lo > cap || need_hi > cap) return -1;
    for (size_t i = 0; i < m; i++) smp[i] = vf ? (double)vf[i * stride] : vd[i * stride];
    const double e_lo = (double)need_lo / (double)stride, e_hi = (double)need_hi / (double)stride;
    for (int pass = loose != 0;; pass++) {
        double t_lo, t_hi;
        if (pass_thresholds(smp, smp, m, e_lo, e_hi, pass, &t_lo, &t_hi) || !(t_lo < t_hi)) return -1;
        size_t c_lo, c_hi;
        if (keep_tails(vd, vf, n, cap, t_lo, t_hi, lo, &c_lo, hi, &c_hi) || c_lo > cap || c_hi > cap) return -1;
        if (c_lo >= need_lo && c_hi >= need_hi) {
            *n_lo = c_lo, *n_hi = c_hi, *t_lo_out = t_lo, *t_hi_out = t_hi;
            return 0;
        }
        if (pass) return -1;
    }
}

#if EC_TAILS_WIDE
/* Of the 64 bounds lo[k] <= hi[k]: bit k of m[0] when lo[k] <= t_lo, of m[1] when hi[k] >= t_hi; the counts of
 * hi[k] <= t_lo and of lo[k] >= t_hi added to c[0], c[1]; nonzero for a NaN. */
__attribute__((target("avx2,popcnt"))) static int bound_masks_avx2(const float *lo, const float *hi, float t_lo,
                                                                   float t_hi, uint64_t m[2], size_t c[2])
{
    const __m256 vlo = _mm256_set1_ps(t_lo), vhi = _mm256_set1_ps(t_hi);
    uint64_t a = 0, b = 0, ca = 0, cb = 0;
    int nan = 0;
    for (unsigned k = 0; k < 64; k += 8) {
        const __m256 l = _mm256_loadu_ps(lo + k), h = _mm256_loadu_ps(hi + k);
        a |= (uint64_t)_mm256_movemask_ps(_mm256_cmp_ps(l, vlo, _CMP_LE_OQ)) << k;
        b |= (uint64_t)_mm256_movemask_ps(_mm256_cmp_ps(h, vhi, _CMP_GE_OQ)) << k;
        ca |= (uint64_t)_mm256_movemask_ps(_mm256_cmp_ps(h, vlo, _CMP_LE_OQ)) << k;
        cb |= (uint64_t)_mm256_movemask_ps(_mm256_cmp_ps(l, vhi, _CMP_GE_OQ)) << k;
        nan |= _mm256_movemask_ps(_mm256_cmp_ps(l, h, _CMP_UNORD_Q));
    }
    m[0] = a, m[1] = b;
    c[0] += (size_t)__builtin_popcountll(ca), c[1] += (size_t)__builtin_popcountll(cb);
    return nan;
}
#endif

int ec_tails_index_bounds(const float *lo, const float *hi, size_t n, size_t need_lo, size_t need_hi, size_t cap,
                          double *smp, size_t *ilo, size_t *n_lo, size_t *ihi, size_t *n_hi)
{
    const size_t stride = tails_stride(n), m = n / stride;
    if (n < 256 || cap > n / 4 || need_lo > cap || need_hi > cap) return -1;
    double *sl = smp, *sh = smp + m; /* the upper bounds' sample for the low end, the lower bounds' for the high */
    for (size_t i = 0; i < m; i++) sl[i] = hi[i * stride], sh[i] = lo[i * stride];
    const double e_lo = (double)need_lo / (double)stride, e_hi = (double)need_hi / (double)stride;
#if EC_TAILS_WIDE
    const int wide = strcmp(ec_chin_simd_path(), "scalar") != 0; /* AVX2 at least */
#endif
    for (int pass = 0;; pass++) {
        double t_lo, t_hi;
        if (pass_thresholds(sl, sh, m, e_lo, e_hi, pass, &t_lo, &t_hi)) return -1;
        const float fl = (float)t_lo, fh = (float)t_hi; /* sample values: floats */
        size_t c_lo = 0, c_hi = 0, i0 = 0, cnt[2] = {0, 0};
        int nan = 0;
#if EC_TAILS_WIDE
        for (; wide && i0 + TAILS_CHUNK <= n && c_lo <= cap && c_hi <= cap; i0 += TAILS_CHUNK) {
            uint64_t mk[2];
            nan |= bound_masks_avx2(lo + i0, hi + i0, fl, fh, mk, cnt);
            for (uint64_t bits = mk[0]; bits; bits &= bits - 1) ilo[c_lo++] = i0 + (size_t)__builtin_ctzll(bits);
            for (uint64_t bits = mk[1]; bits; bits &= bits - 1) ihi[c_hi++] = i0 + (size_t)__builtin_ctzll(bits);
        }
#endif
        for (; i0 < n && c_lo <= cap && c_hi <= cap; i0 += TAILS_CHUNK) { /* the rest, or all: as keep_tails */
            const size_t i1 = n - i0 < TAILS_CHUNK ? n : i0 + TAILS_CHUNK;
            for (size_t i = i0; i < i1; i++) {
                const float l = lo[i], h = hi[i];
                ilo[c_lo] = i;
                c_lo += l <= fl;
                ihi[c_hi] = i;
                c_hi += h >= fh;
                cnt[0] += h <= fl;
                cnt[1] += l >= fh;
                nan |= l != l || h != h;
            }
        }
        if (nan || c_lo > cap || c_hi > cap) return -1;
        if (cnt[0] >= need_lo && cnt[1] >= need_hi) {
            *n_lo = c_lo, *n_hi = c_hi;
            return 0;
        }
        if (pass) return -1;
    }
}

int ec_tails_index(const double *v, size_t n, size_t need_lo, size_t need_hi, size_t cap, double *smp, size_t *lo,
                   size_t *n_lo, size_t *hi, size_t *n_hi, double *t_lo, double *t_hi)
{
    return tails_index(v, NULL, n, need_lo, need_hi, cap, 0, smp, lo, n_lo, hi, n_hi, t_lo, t_hi);
}

int ec_tails_index_f(const float *v, size_t n, size_t need_lo, size_t need_hi, size_t cap, int loose, double *smp,
                     size_t *lo, size_t *n_lo, size_t *hi, size_t *n_hi, double *t_lo, double *t_hi)
{
    return tails_index(NULL, v, n, need_lo, need_hi, cap, loose, smp, lo, n_lo, hi, n_hi, t_lo, t_hi);
}

/*
 * The four statistics of a large sample by its tails alone (ec_tails_index), and the selections among the kept
 * values. Exact whenever the kept values hold positions 0..a+1 and b..n-1 (counted); 0 then, -1 (nothing set, v
 * unchanged) when they do not, when more than n/8 are kept, or for a NaN.
 */
static int stats_by_tails(const double *v, size_t n, ec_interval_stats *st)
{
    const size_t a = st->pos[0], b = st->pos[2];
    const size_t need_lo = a + 2, need_hi = n - b; /* values at positions 0..a+1 and b..n-1 */
    if (n < 1024 || b + 1 >= n || a + 2 > b) return -1;
    /* one block: the sample, the two lists of indices, then of their values */
    const size_t room = ec_tails_room(n), m = ec_tails_sample(n);
    double *smp = malloc(sizeof(double) * (m + 2 * room) + sizeof(size_t) * 2 * room);
    if (!smp) return -1;
    double *lo = smp + m, *hi = lo + room;
    size_t *ilo = (size_t *)(hi + room), *ihi = ilo + room, c_lo, c_hi;
    double t_lo, t_hi;
    if (ec_tails_index(v, n, need_lo, need_hi, n / 8, smp, ilo, &c_lo, ihi, &c_hi, &t_lo, &t_hi)) {
        free(smp);
        return -1;
    }
    for (size_t i = 0; i < c_lo; i++) lo[i] = v[ilo[i]];
    for (size_t i = 0; i < c_hi; i++) hi[i] = v[ihi[i]];
    double x[2];
    ec_two_smallest_at(lo, c_lo, a, x); /* the smallest values of v are the smallest of lo */
    st->val[0] = x[0];
    st->val[1] = st->pos[1] == a ? x[0] : x[1];
    const size_t off = n - c_hi; /* hi holds v's sorted positions off..n-1 */
    ec_two_smallest_at(hi, c_hi, b - off, x);
    st->val[2] = x[0];
    st->val[3] = st->pos[3] == b ? x[0] : x[1];
    free(smp);
    return 0;
}

int ec_interval_stats_of(double *v, size_t n, double level, ec_interval_stats *st)
{
    if (stats_positions(n, level, st)) return -1;
    ec_gsl_quiet();
    if (stats_by_tails(v, n, st) == 0) return 0;
    const size_t a = st->pos[0], b = st->pos[2];
    st->val[0] = gsl_stats_select(v, 1, n, a);
    st->val[1] = st->pos[1] == a ? st->val[0] : next_order_stat(v, n, a);
    if (b == st->pos[0]) st->val[2] = st->val[0];
    else if (b == st->pos[1]) st->val[2] = st->val[1];
    else {
        /* The upper statistics lie above the lower ones: select among the values after them, which the first
         * selection left there when it partitioned v (checked; else among all). */
        size_t off = st->pos[1] + 1;
        if (off <= b && partitioned(v, n, off - 1)) st->val[2] = gsl_stats_select(v + off, 1, n - off, b - off);
        else st->val[2] = gsl_stats_select(v, 1, n, b), off = 0;
        st->val[3] = st->pos[3] == b ? st->val[2] : next_order_stat(v + off, n - off, b - off);
        return 0;
    }
    st->val[3] = st->pos[3] == b ? st->val[2] : next_order_stat(v, n, b);
    return 0;
}

int ec_interval_stats_const(double x, size_t n, double level, ec_interval_stats *st)
{
    if (stats_positions(n, level, st)) return -1;
    for (int i = 0; i < 4; i++) st->val[i] = x;
    return 0;
}

/* The statistic at sorted position k: f[i] (or val[i]) for the pos[i] that is k; NAN when none is. */
static double stat_at(const ec_interval_stats *st, const double *f, size_t k)
{
    for (int i = 0; i < 4; i++)
        if (st->pos[i] == k) return f ? f[i] : st->val[i];
    return NAN;
}

void ec_interval_from_stats(const ec_interval_stats *st, const double *f, int decreasing, double ci[2])
{
    const size_t n = st->n;
    for (int e = 0; e < 2; e++) {
        if (n < 2) {
            ci[e] = NAN;
            continue;
        }
        double h = st->q[e] * (double)(n - 1);
        size_t lhs = (size_t)h;
        double delta = h - (double)lhs;
        int single = lhs == n - 1 || delta == 0;
        /* f(v) sorted is v sorted backwards when f is decreasing: its k-th value is f(v_(n−1−k)). */
        double x0 = stat_at(st, f, decreasing ? n - 1 - lhs : lhs);
        ci[e] = single ? x0 : interpolate(x0, stat_at(st, f, decreasing ? n - 2 - lhs : lhs + 1), delta);
    }
}

void ec_interval_percentile(double *v, size_t n, double level, double ci[2])
{
    ec_interval_stats st;
    if (ec_interval_stats_of(v, n, level, &st)) {
        ci[0] = ci[1] = NAN;
        return;
    }
    ec_interval_from_stats(&st, NULL, 0, ci);
}

double ec_interval_z(double level)
{
    if (level == 0.95) return 1.959963984540054;
    if (!(level > 0 && level < 1)) return NAN;
    return gsl_cdf_ugaussian_Pinv(0.5 * (1 + level));
}

size_t ec_interval_summarise(const double *samples, size_t rows, size_t ncol, const unsigned char *use,
                             const unsigned char *skip, double level, double *mean, double *sd, double *lo,
                             double *hi, int *oom)
{
    size_t m = 0;
    if (oom) *oom = 0;
    for (size_t r = 0; r < rows; r++) m += !use || use[r];
    for (size_t j = 0; j < ncol; j++) mean[j] = sd[j] = lo[j] = hi[j] = NAN;
    if (m < 2) return 0;
    double *col = malloc(sizeof(double) * m);
    if (!col) {
        if (oom) *oom = 1;
        return 0;
    }
    for (size_t j = 0; j < ncol; j++) {
        size_t k = 0;
        for (size_t r = 0; r < rows; r++)
            if (!use || use[r]) col[k++] = samples[r * ncol + j];
        mean[j] = gsl_stats_mean(col, 1, m);
        sd[j] = skip && skip[j] ? 0.0 : gsl_stats_sd_m(col, 1, m, mean[j]);
        double ci[2];
        ec_interval_percentile(col, m, level, ci);
        lo[j] = ci[0];
        hi[j] = ci[1];
    }
    free(col);
    return m;
}
