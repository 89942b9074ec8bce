/*
 * ec_law.c — the fitted law and its bands (see ec_law.h).
 *
 * Set up once, read many times. A sweep or a Monte Carlo simulation asks a
 * law for the same derived quantities millions of times, so what does not
 * depend on the point is computed when the law is set up: for a chinchilla
 * law the constants of the compute-optimal allocation of its parameters and
 * of every replicate (G, the exponents, and the closed form of the frontier
 * loss L*(C) = E + K (C/6)^(−γ)). N* and D* are then computed with exactly
 * the operations of ec_optimal_allocation(), so they are the same to the
 * last bit; K and γ serve the simulation, where one exp per draw matters.
 *
 * The delta method. Without replicates, the band of q(p) is the normal
 * approximation var q ≈ gᵀΣg, g = ∇_p q (Oehlert 1992). For the form's own
 * prediction g is the form's analytic gradient; for the derived quantities
 * (L*(C), N*, D*) it is a central difference with step 1e−5 of each free
 * parameter's scale. Scaling quantities are positive and span decades, so
 * a positive q gets the interval of log q, q·exp(∓z sd(q)/q).
 */
#include "ec_law.h"

#include <gsl/gsl_statistics_float.h>
#include <math.h>
#include <omp.h>
#include <stdlib.h>
#include <string.h>

#include "ec_chinchilla.h"
#include "ec_efficiency.h"
#include "ec_interval.h"

#define MAXP EC_FORM_MAX_PARAMS

void ec_chin_const_of(const double *p, ec_chin_const *c)
{
    c->E = p[0];
    c->A = p[1];
    c->B = p[2];
    c->alpha = p[3];
    c->beta = p[4];
    double s = c->alpha + c->beta;
    /* As ec_optimal_allocation() computes them. */
    c->G = pow(c->alpha * c->A / (c->beta * c->B), 1.0 / s);
    c->eN = c->beta / s;
    c->eD = c->alpha / s;
    c->gamma = c->alpha * c->beta / s;
    c->K = c->A * pow(c->G, -c->alpha) + c->B * pow(c->G, c->beta);
    c->lG = log(c->G);
    c->lK = log(c->K);
    c->lA = log(c->A);
    c->lB = log(c->B);
    c->lbeta = log(c->beta);
    c->lalpha = log(c->alpha);
}

static int is_chin(const ec_form *f)
{
    return strcmp(f->name, "chinchilla") == 0;
}

ec_law *ec_law_new(const ec_form *f, const double *p, ec_error *err)
{
    if (!f) {
        ec_error_set(err, EC_EINVAL, "law: no form");
        return NULL;
    }
    for (int j = 0; j < f->n_params; j++)
        if (!isfinite(p[j])) {
            ec_error_set(err, EC_EINVAL, "law: parameter %s = %g of the %s form is not a finite number",
                         f->param_names[j], p[j], f->name);
            return NULL;
        }
    ec_law *law = calloc(1, sizeof *law);
    if (!law) {
        ec_error_set(err, EC_ENOMEM, "out of memory");
        return NULL;
    }
    law->form = f;
    memcpy(law->p, p, sizeof(double) * (size_t)f->n_params);
    law->converged = 1;
    law->data_max_C = law->data_max_N = NAN;
    if (is_chin(f)) ec_chin_const_of(law->p, &law->chin);
    return law;
}

/* ec_law.cache: the term tables, once asked for often enough (ec_law_terms_of). */
struct ec_law_cache {
    ec_law_terms *terms;
    unsigned asked;
    int state; /* 0 not made yet, 1 made, -1 not to be made */
};

/* The squares of ec_law_terms_square: per step square of the grids (j (gy − 1) + k) what was made (none: could not
 * be), and how often it was asked for; the bytes made, for EC_LAW_SQUARES_BYTES. */
struct ec_law_squares {
    size_t n;
    ec_law_square **slot;
    unsigned *asked;
    size_t bytes;
};
static ec_law_square none;

static void squares_free(struct ec_law_squares *q)
{
    if (!q) return;
    for (size_t i = 0; q->slot && i < q->n; i++)
        if (q->slot[i] != &none) free(q->slot[i]);
    free(q->slot);
    free(q->asked);
    free(q);
}

static void cache_free(struct ec_law_cache *c)
{
    if (!c) return;
    if (c->terms) free(c->terms->t1), squares_free(c->terms->squares);
    free(c->terms);
    free(c);
}

void ec_law_free(ec_law *law)
{
    if (!law) return;
    cache_free(law->cache);
    free(law->reps);
    free(law->reps_chin);
    free(law->reps_cols);
    free(law);
}

/* The float columns of ec_law.reps_colsf: E, A, B, alpha, beta. */
enum { N_COLSF = 5 };

/* reps_cols from reps_chin (n of them), with reps_colsf after them in the same allocation and the largest |alpha|
 * and |beta| in mx; NULL when out of memory. */
static double *chin_columns(const ec_chin_const *cc, size_t n, const float **colsf, double mx[2])
{
    double *col = malloc(sizeof(double) * n * EC_N_COLS + sizeof(float) * n * N_COLSF);
    if (!col) return NULL;
    float *f = (float *)(col + n * EC_N_COLS);
    mx[0] = mx[1] = 0;
    for (size_t r = 0; r < n; r++) {
        const ec_chin_const *c = &cc[r];
        const double v[EC_N_COLS] = {c->E, c->A, c->B, c->alpha, c->beta, c->lG, c->eN, c->K, c->gamma};
        for (int j = 0; j < EC_N_COLS; j++) col[(size_t)j * n + r] = v[j];
        for (int j = 0; j < N_COLSF; j++) f[(size_t)j * n + r] = (float)v[j];
        mx[0] = fmax(mx[0], fabs(c->alpha));
        mx[1] = fmax(mx[1], fabs(c->beta));
    }
    *colsf = f;
    return col;
}

ec_law *ec_law_copy(const ec_law *law, ec_error *err)
{
    ec_law *c = malloc(sizeof *c);
    if (!c) goto oom;
    *c = *law;
    c->cache = NULL;
    c->reps = NULL;
    c->reps_chin = NULL;
    c->reps_cols = NULL;
    c->reps_colsf = NULL;
    size_t k = (size_t)law->form->n_params;
    if (law->reps) {
        c->reps = malloc(sizeof(double) * law->n_reps * k);
        if (!c->reps) goto oom;
        memcpy(c->reps, law->reps, sizeof(double) * law->n_reps * k);
    }
    if (law->reps_chin) {
        c->reps_chin = malloc(sizeof(ec_chin_const) * law->n_reps);
        if (!c->reps_chin) goto oom;
        memcpy(c->reps_chin, law->reps_chin, sizeof(ec_chin_const) * law->n_reps);
        double mx[2];
        if (!(c->reps_cols = chin_columns(c->reps_chin, c->n_reps, &c->reps_colsf, mx))) goto oom;
        if (!(c->cache = calloc(1, sizeof *c->cache))) goto oom;
    }
    return c;
oom:
    ec_law_free(c);
    ec_error_set(err, EC_ENOMEM, "out of memory");
    return NULL;
}

int ec_law_set_covariance(ec_law *law, const double *cov, ec_error *err)
{
    int k = law->form->n_params;
    for (int i = 0; i < k; i++)
        for (int j = 0; j < k; j++)
            if (!isfinite(cov[i * MAXP + j]))
                return ec_error_set(err, EC_EINVAL, "law: covariance of %s and %s is not a finite number",
                                    law->form->param_names[i], law->form->param_names[j]);
    memset(law->cov, 0, sizeof law->cov);
    for (int i = 0; i < k; i++)
        for (int j = 0; j < k; j++) law->cov[i * MAXP + j] = cov[i * MAXP + j];
    law->has_cov = 1;
    return EC_OK;
}

int ec_law_set_replicates(ec_law *law, const double *samples, size_t rows, const unsigned char *converged,
                          ec_error *err)
{
    const size_t k = (size_t)law->form->n_params;
    size_t m = 0, skipped = 0;
    for (size_t r = 0; r < rows; r++) {
        if (converged && !converged[r]) {
            skipped++;
            continue;
        }
        for (size_t j = 0; j < k; j++)
            if (!isfinite(samples[r * k + j]))
                return ec_error_set(err, EC_EDATA,
                                    "replicate %zu: parameter %s = %g is not a finite number (mark a replicate that "
                                    "failed with converged = 0)",
                                    r + 1, law->form->param_names[j], samples[r * k + j]);
        m++;
    }
    double *reps = m ? malloc(sizeof(double) * m * k) : NULL;
    ec_chin_const *cc = m && is_chin(law->form) ? malloc(sizeof(ec_chin_const) * m) : NULL;
    if (m && (!reps || (is_chin(law->form) && !cc))) {
        free(reps);
        free(cc);
        return ec_error_set(err, EC_ENOMEM, "out of memory");
    }
    size_t q = 0;
    for (size_t r = 0; r < rows; r++) {
        if (converged && !converged[r]) continue;
        memcpy(reps + q * k, samples + r * k, sizeof(double) * k);
        if (cc) ec_chin_const_of(reps + q * k, &cc[q]);
        q++;
    }
    const float *colsf = NULL;
    double mx[2] = {0, 0};
    double *cols = cc ? chin_columns(cc, m, &colsf, mx) : NULL;
    struct ec_law_cache *cache = cc ? calloc(1, sizeof *cache) : NULL;
    if (cc && (!cols || !cache)) {
        free(reps);
        free(cc);
        free(cols);
        free(cache);
        return ec_error_set(err, EC_ENOMEM, "out of memory");
    }
    free(law->reps);
    free(law->reps_chin);
    free(law->reps_cols);
    cache_free(law->cache);
    law->cache = cache;
    law->reps = reps;
    law->reps_chin = cc;
    law->reps_cols = cols;
    law->reps_colsf = colsf;
    law->reps_alpha_max = mx[0];
    law->reps_beta_max = mx[1];
    law->n_reps = m;
    law->reps_skipped = skipped;
    return EC_OK;
}

/* The grids of ec_law_terms: ln N from 13.75 (N about 9.4e5) to 39.25 (1.1e17), ln D from 16 (8.9e6) to 44 (1.3e19),
 * in steps of 1/4 (every grid point exact in binary). */
#define TERMS_H 0.25
#define TERMS_X0 13.75
#define TERMS_GX 103
#define TERMS_Y0 16.0
#define TERMS_GY 113
/* At most 16384 replicates: 14 MB of tables (218 floats a replicate) */
#define TERMS_MAX_REPS 16384

/* One term's table: rows j < g of coef[r] e^(−ex[r] (z0 + j h)), by ec_vexp (the same exp as the losses' own); 0
 * when one is not finite or a coefficient is below 0 (no tables for that law). */
static int term_table(float *t, const double *coef, const double *ex, size_t n, double z0, size_t g, double *tmp)
{
    for (size_t j = 0; j < g; j++) {
        const double z = z0 + (double)j * TERMS_H;
        for (size_t r = 0; r < n; r++) tmp[r] = -ex[r] * z;
        ec_vexp(tmp, tmp, n);
        for (size_t r = 0; r < n; r++) {
            if (!(coef[r] >= 0)) return 0; /* convex in z only with a coefficient >= 0 */
            const double v = coef[r] * tmp[r];
            const float f = (float)v;
            if (!isfinite(f)) return 0;
            t[j * n + r] = f;
        }
    }
    return 1;
}

static ec_law_terms *terms_make(const ec_law *law)
{
    const size_t n = law->n_reps;
    if (!law->reps_cols || n < 256 || n > TERMS_MAX_REPS) return NULL;
    ec_law_terms *t = malloc(sizeof *t);
    double *tmp = malloc(sizeof(double) * n);
    float *tab = malloc(sizeof(float) * n * (TERMS_GX + TERMS_GY + 2));
    struct ec_law_squares *q = calloc(1, sizeof *q);
    if (q) {
        q->n = (TERMS_GX - 1) * (TERMS_GY - 1);
        q->slot = calloc(q->n, sizeof *q->slot);
        q->asked = calloc(q->n, sizeof *q->asked);
    }
    if (!t || !tmp || !tab || !q || !q->slot || !q->asked) goto fail;
    float *g = tab + n * (TERMS_GX + TERMS_GY);
    *t = (ec_law_terms){TERMS_X0, TERMS_Y0, TERMS_H, TERMS_GX, TERMS_GY, n, tab, tab + n * TERMS_GX, g, g + n, q};
    const double *c = law->reps_cols;
    for (size_t r = 0; r < n; r++) { /* rounded up past float's rounding */
        const double al = c[EC_COL_ALPHA * n + r], be = c[EC_COL_BETA * n + r];
        t->g1[r] = (float)(al * al * TERMS_H * TERMS_H / 8 * (1 + 0x1p-20));
        t->g2[r] = (float)(be * be * TERMS_H * TERMS_H / 8 * (1 + 0x1p-20));
    }
    if (!term_table(t->t1, c + EC_COL_A * n, c + EC_COL_ALPHA * n, n, TERMS_X0, TERMS_GX, tmp) ||
        !term_table(t->t2, c + EC_COL_B * n, c + EC_COL_BETA * n, n, TERMS_Y0, TERMS_GY, tmp))
        goto fail;
    free(tmp);
    return t;
fail:
    squares_free(q);
    free(t);
    free(tmp);
    free(tab);
    return NULL;
}

/*
 * Each term, a coefficient >= 0 times e^(−α x), is convex with second derivative α² times itself, largest at an end
 * of the grid step: so it lies below the chord of the step's ends and above the chord less g = α² h²/8 times the
 * larger end. The margin: the tables' floats are within 2^-24 of the terms, and the bounds' own float arithmetic
 * (the chords, θ as a float, g, the sums) adds at most about ten such roundings of S = |E| + the two larger ends;
 * the double loss the full path computes is within 2^-50 S of the true one: 2^-16 S on each side is some 25 times
 * all of them. Below float's normal range (2^-126) those errors are absolute, up to 2^-149 each: the margin adds
 * 2^-100 (a loss that small gets bounds too wide to keep few replicates, and the full path).
 */
/* The bounds of n replicates from their tables' values at the step's ends (a0, a1: t1 at j, j+1; b0, b1: t2 at k, k+1)
 * at fractions th1, th2 of the steps: what ec_law_terms_bounds and ec_law_square_bounds compute. */
static inline __attribute__((always_inline)) void bounds_of(const float *a0, const float *a1, const float *b0,
                                                            const float *b1, const float *fE, const float *g1,
                                                            const float *g2, size_t n, float th1, float th2,
                                                            float *restrict lo, float *restrict hi)
{
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC ivdep /* lo and hi apart from the tables (without it gcc does not vectorise the loop) */
#endif
    for (size_t r = 0; r < n; r++) {
        const float m1 = a0[r] > a1[r] ? a0[r] : a1[r], m2 = b0[r] > b1[r] ? b0[r] : b1[r];
        const float c = fE[r] + (a0[r] + th1 * (a1[r] - a0[r])) + (b0[r] + th2 * (b1[r] - b0[r]));
        const float m = (fabsf(fE[r]) + m1 + m2) * 0x1p-16f + 0x1p-100f; /* and absolute: float's subnormals */
        lo[r] = c - (g1[r] * m1 + g2[r] * m2) - m;
        hi[r] = c + m;
    }
}

/* The step square of (lN, lD) on T's grids, and the fractions of its steps; 0 when off the grids. */
static int square_of(const ec_law_terms *T, double lN, double lD, size_t *j, size_t *k, float *th1, float *th2)
{
    const double u = (lN - T->x0) / T->h, v = (lD - T->y0) / T->h;
    if (!(u >= 0 && u < (double)(T->gx - 1) && v >= 0 && v < (double)(T->gy - 1))) return 0;
    *j = (size_t)u, *k = (size_t)v;
    *th1 = (float)(u - (double)*j), *th2 = (float)(v - (double)*k);
    return 1;
}

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && !defined(__SANITIZE_ADDRESS__)
__attribute__((target_clones("arch=x86-64-v4", "avx2", "default")))
#endif
int ec_law_terms_bounds(const ec_law *law, const ec_law_terms *T, double lN, double lD, float *lo, float *hi)
{
    const size_t R = T->n;
    size_t j, k;
    float th1, th2;
    if (R != law->n_reps || !law->reps_colsf || !square_of(T, lN, lD, &j, &k, &th1, &th2)) return -1;
    const float *a0 = T->t1 + j * R, *b0 = T->t2 + k * R;
    bounds_of(a0, a0 + R, b0, b0 + R, law->reps_colsf, T->g1, T->g2, R, th1, th2, lo, hi);
    return 0;
}

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && !defined(__SANITIZE_ADDRESS__)
__attribute__((target_clones("arch=x86-64-v4", "avx2", "default")))
#endif
int ec_law_square_bounds(const ec_law_square *S, const ec_law_terms *T, double lN, double lD, float *lo, float *hi)
{
    size_t j, k;
    float th1, th2;
    if (!square_of(T, lN, lD, &j, &k, &th1, &th2) || j != S->j || k != S->k) return -1;
    bounds_of(S->a0, S->a1, S->b0, S->b1, S->fE, S->g1, S->g2, S->n_lo + S->n_hi, th1, th2, lo, hi);
    return 0;
}

typedef struct mid_key {
    float key;
    unsigned r;
} mid_key;

static int mid_cmp(const void *x, const void *y)
{
    const mid_key *a = x, *b = y;
    return a->key < b->key ? -1 : a->key > b->key ? 1 : (a->r > b->r) - (a->r < b->r);
}

/* Square (j, k) of T for the need_lo smallest and need_hi largest losses (ec_law_square): each term is monotone in
 * its log, so over the square it lies between its table values at the two ends of its step, and each replicate's
 * loss between LO_r = E + the smaller ends and HI_r = E + the larger ones, widened by bounds_of's margin (which
 * covers these sums' roundings as it covers that function's); the thresholds selected, the entries copied. &none
 * when an end would hold more than a quarter of the replicates or a bound is not finite, NULL out of memory. */
static ec_law_square *square_make(const ec_law *law, const ec_law_terms *T, size_t j, size_t k, size_t need_lo,
                                  size_t need_hi)
{
    const size_t R = T->n;
    if (need_lo < 1 || need_hi < 1 || need_lo > R / 4 || need_hi > R / 4) return &none;
    float *LO = malloc(sizeof(float) * 3 * R), *HI = LO + R, *w = HI + R;
    if (!LO) return NULL;
    const float *a0 = T->t1 + j * R, *a1 = a0 + R, *b0 = T->t2 + k * R, *b1 = b0 + R, *fE = law->reps_colsf;
    int nan = 0;
    for (size_t r = 0; r < R; r++) {
        const float m1 = a0[r] > a1[r] ? a0[r] : a1[r], m2 = b0[r] > b1[r] ? b0[r] : b1[r];
        const float n1 = a0[r] > a1[r] ? a1[r] : a0[r], n2 = b0[r] > b1[r] ? b1[r] : b0[r];
        const float m = (fabsf(fE[r]) + m1 + m2) * 0x1p-16f + 0x1p-100f; /* as bounds_of's */
        LO[r] = fE[r] + n1 + n2 - m;
        HI[r] = fE[r] + m1 + m2 + m;
        nan |= !isfinite(LO[r]) || !isfinite(HI[r]);
    }
    if (nan) {
        free(LO);
        return &none;
    }
    memcpy(w, HI, sizeof(float) * R);
    const float t_lo = gsl_stats_float_select(w, 1, R, need_lo - 1);
    memcpy(w, LO, sizeof(float) * R);
    const float t_hi = gsl_stats_float_select(w, 1, R, R - need_hi);
    size_t n_lo = 0, n_hi = 0;
    for (size_t r = 0; r < R; r++) n_lo += LO[r] <= t_lo, n_hi += HI[r] >= t_hi;
    if (n_lo > R / 4 || n_hi > R / 4) {
        free(LO);
        return &none;
    }
    const size_t n = n_lo + n_hi;
    ec_law_square *S = malloc(sizeof *S + n * (sizeof(unsigned) + 7 * sizeof(float)));
    if (!S) {
        free(LO);
        return NULL;
    }
    float *f = (float *)(S + 1);
    *S = (ec_law_square){j, k, need_lo, need_hi, n_lo, n_hi, (unsigned *)(f + 7 * n), f, f + n, f + 2 * n, f + 3 * n,
                         f + 4 * n, f + 5 * n, f + 6 * n};
    /* each end's entries ordered by the middle of their bounds, the likeliest first (low: ascending) */
    size_t e = 0;
    mid_key *o = malloc(sizeof *o * (n_lo > n_hi ? n_lo : n_hi));
    if (!o) {
        free(LO), free(S);
        return NULL;
    }
    for (int end = 0; end < 2; end++) {
        size_t m = 0;
        for (size_t r = 0; r < R; r++)
            if (end == 0 ? LO[r] <= t_lo : HI[r] >= t_hi)
                o[m++] = (mid_key){(end ? -0.5f : 0.5f) * (LO[r] + HI[r]), (unsigned)r};
        qsort(o, m, sizeof *o, mid_cmp);
        for (size_t i = 0; i < m; i++, e++) {
            const size_t r = o[i].r;
            S->rep[e] = (unsigned)r;
            S->a0[e] = a0[r], S->a1[e] = a1[r], S->b0[e] = b0[r], S->b1[e] = b1[r];
            S->fE[e] = fE[r], S->g1[e] = T->g1[r], S->g2[e] = T->g2[r];
        }
    }
    free(o);
    free(LO);
    return S;
}

const ec_law_square *ec_law_terms_square(const ec_law *law, const ec_law_terms *T, double lN, double lD,
                                         size_t need_lo, size_t need_hi)
{
    struct ec_law_squares *q = T->squares;
    size_t j, k;
    float th1, th2;
    if (!q || T->n != law->n_reps || !law->reps_colsf || !square_of(T, lN, lD, &j, &k, &th1, &th2)) return NULL;
    const size_t i = j * (T->gy - 1) + k;
    ec_law_square *S = __atomic_load_n(&q->slot[i], __ATOMIC_ACQUIRE);
    if (!S) {
        if (__atomic_add_fetch(&q->asked[i], 1, __ATOMIC_RELAXED) != EC_LAW_SQUARE_AFTER) return NULL;
        if (__atomic_load_n(&q->bytes, __ATOMIC_RELAXED) >= EC_LAW_SQUARES_BYTES) S = &none; /* full: not made */
        else if (!(S = square_make(law, T, j, k, need_lo, need_hi))) S = &none; /* out of memory */
        if (S != &none) {
            const size_t b = sizeof *S + (S->n_lo + S->n_hi) * (sizeof(unsigned) + 7 * sizeof(float));
            if (__atomic_add_fetch(&q->bytes, b, __ATOMIC_RELAXED) > EC_LAW_SQUARES_BYTES) {
                __atomic_sub_fetch(&q->bytes, b, __ATOMIC_RELAXED);
                free(S);
                S = &none;
            }
        }
        ec_law_square *expect = NULL; /* made once: the only thread whose count reached it stores it */
        if (!__atomic_compare_exchange_n(&q->slot[i], &expect, S, 0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
            if (S != &none) free(S);
            S = expect;
        }
    }
    return S == &none || S->need_lo != need_lo || S->need_hi != need_hi ? NULL : S;
}

const ec_law_terms *ec_law_terms_of(const ec_law *law)
{
    struct ec_law_cache *c = law->cache; /* made once, then only read */
    if (!c || !law->reps_cols || law->n_reps < 256) return NULL;
    const int st = __atomic_load_n(&c->state, __ATOMIC_ACQUIRE);
    if (st) return st > 0 ? c->terms : NULL;
    if (__atomic_add_fetch(&c->asked, 1, __ATOMIC_RELAXED) < EC_LAW_TERMS_AFTER) return NULL;
#pragma omp critical(ec_law_terms)
    {
        if (!__atomic_load_n(&c->state, __ATOMIC_ACQUIRE)) {
            c->terms = terms_make(law);
            __atomic_store_n(&c->state, c->terms ? 1 : -1, __ATOMIC_RELEASE);
        }
    }
    return __atomic_load_n(&c->state, __ATOMIC_ACQUIRE) > 0 ? c->terms : NULL;
}

double ec_law_eval(const ec_law *law, const double *x)
{
    return law->form->eval(law->p, x, NULL);
}

const char *ec_band_method_name(ec_band_method m)
{
    switch (m) {
    case EC_BAND_REPLICATES: return "bootstrap percentile";
    case EC_BAND_DELTA: return "delta method";
    default: return "none";
    }
}

double ec_law_quantity_at(const ec_form *f, const double *p, const ec_chin_const *c, ec_law_quantity q,
                          const double *x)
{
    ec_chin_const own;
    if (q == EC_LAW_VALUE) return f->eval(p, x, NULL);
    if (q == EC_LAW_CURVE && !is_chin(f)) return ec_reference_curve(f, p, x[0]);
    if (!is_chin(f)) return NAN;
    if (!c) {
        ec_chin_const_of(p, &own);
        c = &own;
    }
    double C6 = x[0] / 6.0;
    double N = c->G * pow(C6, c->eN), D = pow(C6, c->eD) / c->G;
    if (q == EC_LAW_NSTAR) return N;
    if (q == EC_LAW_DSTAR) return D;
    return c->E + c->A / pow(N, c->alpha) + c->B / pow(D, c->beta);
}

/* sd of q at x by the delta method; NAN when it cannot be formed. */
static double delta_sd(const ec_law *law, ec_law_quantity q, const double *x)
{
    const ec_form *f = law->form;
    const int k = f->n_params;
    double g[MAXP];
    if (q == EC_LAW_VALUE) {
        double y = f->eval(law->p, x, g);
        if (!isfinite(y)) return NAN;
    } else {
        for (int j = 0; j < k; j++) {
            double var = law->cov[j * MAXP + j];
            g[j] = 0;
            if (!(var > 0)) continue;
            double h = 1e-5 * fmax(fabs(law->p[j]), sqrt(var));
            double pp[MAXP], pm[MAXP];
            memcpy(pp, law->p, sizeof pp);
            memcpy(pm, law->p, sizeof pm);
            pp[j] += h;
            pm[j] -= h;
            double fp = ec_law_quantity_at(f, pp, NULL, q, x), fm = ec_law_quantity_at(f, pm, NULL, q, x);
            g[j] = (fp - fm) / (2 * h);
        }
    }
    double v = 0;
    for (int i = 0; i < k; i++)
        for (int j = 0; j < k; j++) v += g[i] * law->cov[i * MAXP + j] * g[j];
    return v >= 0 && isfinite(v) ? sqrt(v) : NAN;
}

int ec_law_band(const ec_law *law, ec_law_quantity q, const double *xs, size_t n, double level, int threads,
                double *y, double *lo, double *hi, ec_band *band, ec_error *err)
{
    const ec_form *f = law->form;
    if (q != EC_LAW_VALUE && q != EC_LAW_CURVE && !is_chin(f))
        return ec_error_set(err, EC_EINVAL, "N* and D* need a chinchilla law (got %s)", f->name);
    const size_t stride = q == EC_LAW_VALUE ? (size_t)f->n_vars : 1;
    const size_t k = (size_t)f->n_params, R = law->n_reps;
    ec_band b = {EC_BAND_NONE, 0, 0};
    if (lo && hi) b.method = R >= 2 ? EC_BAND_REPLICATES : law->has_cov ? EC_BAND_DELTA : EC_BAND_NONE;
    if (b.method == EC_BAND_REPLICATES) b.replicates = R;
    const ec_chin_const *cp = is_chin(f) ? &law->chin : NULL;
    const double z = ec_interval_z(level);
    int nt = threads > 0 ? threads : omp_get_max_threads();
    if (n < 2 || (b.method != EC_BAND_REPLICATES && n < 64)) nt = 1;
    int oom = 0;
    size_t failed_max = 0;
#pragma omp parallel num_threads(nt) reduction(max : failed_max) if (nt > 1)
    {
        double *work = b.method == EC_BAND_REPLICATES ? malloc(sizeof(double) * R) : NULL;
        if (b.method == EC_BAND_REPLICATES && !work) {
#pragma omp atomic write
            oom = 1;
        }
#pragma omp for schedule(static)
        for (size_t i = 0; i < n; i++) {
            const double *x = xs + i * stride;
            double v = ec_law_quantity_at(f, law->p, cp, q, x);
            if (y) y[i] = v;
            if (!lo || !hi) continue;
            lo[i] = hi[i] = NAN;
            if (b.method == EC_BAND_REPLICATES && work) {
                size_t m = 0;
                for (size_t r = 0; r < R; r++) {
                    double u = ec_law_quantity_at(f, law->reps + r * k, law->reps_chin ? &law->reps_chin[r] : NULL, q, x);
                    if (isfinite(u)) work[m++] = u;
                }
                if (R - m > failed_max) failed_max = R - m;
                double ci[2];
                ec_interval_percentile(work, m, level, ci);
                lo[i] = ci[0];
                hi[i] = ci[1];
            } else if (b.method == EC_BAND_DELTA && isfinite(v)) {
                double sd = delta_sd(law, q, x);
                if (isfinite(sd)) {
                    if (v > 0) {
                        lo[i] = v * exp(-z * sd / v);
                        hi[i] = v * exp(z * sd / v);
                    } else {
                        lo[i] = v - z * sd;
                        hi[i] = v + z * sd;
                    }
                }
            }
        }
        free(work);
    }
    if (oom) return ec_error_set(err, EC_ENOMEM, "out of memory");
    b.failed_max = failed_max;
    if (band) *band = b;
    return EC_OK;
}
