/*
 * ec_chinchilla.c — objective, gradient and Hessian of the robust Chinchilla fit.
 *
 * For one point with t1 = a − α log N, t2 = b − β log D, t3 = e,
 * s = e^t1 + e^t2 + e^t3, the prediction is log s and its gradient is
 *     J = (p1, p2, p3, −p1 log N, −p2 log D),  p_k = e^{t_k} / s,
 * and its Hessian is Σ_k p_k v_k v_kᵀ − J Jᵀ, where v_k = ∂t_k/∂θ
 * (v1 = (1,0,0,−log N,0), v2 = (0,1,0,0,−log D), v3 = (0,0,1,0,0)).
 * With residual r = log s − log L, ψ = ρ′ and ψ′ = ρ″, the objective's
 * Hessian is therefore
 *     H = Σ_i w_i [(ψ′_i − ψ_i) J_i J_iᵀ + ψ_i Σ_k p_ik v_ik v_ikᵀ],
 * which needs 15 weighted products for the first term and only seven sums
 * for the second (v_k has at most two non-zero entries).
 *
 * Evaluation proceeds block by block: phase A computes log s and the p_k
 * for the block, phase B adds the block's contributions into four-lane
 * accumulators (eight-lane on AVX-512, folded into four at the end). Phase A has two paths. The fast one computes e^t1 and e^t2
 * without the usual max-shift of log-sum-exp, exponents clamped below at
 * −700; it is taken when, from the ranges of log N and log D, no exponent
 * can exceed 700 for any point, and the largest exponent of every point in
 * the block is above −600, so nothing overflows and s never underflows.
 * Otherwise the block takes the shifted path: each point's exponents less
 * their maximum, clamped at −700, through three vector exps and one log.
 */
#include "ec_chinchilla.h"

#include <math.h>
#include <string.h>

#include "ec_error.h"

#define BLK 64      /* points per block (multiple of 4) */
#define LANES 4
#define SAFE_EXP 700.0
/* Branch-free maximum the compiler vectorises (fmax is a libm call unless NaNs are ruled out). */
#define MAX2(x, y) ((x) > (y) ? (x) : (y))
/* x raised to lo; a NaN x stays NaN (so a non-finite θ is still reported). */
#define CLAMP_LO(x, lo) ((x) < (lo) ? (lo) : (x))

/* Accumulator slots. */
enum {
    S_F, S_CP1, S_CP2, S_CP3, S_CP1N, S_CP2D, S_CP1NN, S_CP2DD,
    S_11, S_12, S_13, S_1Q1, S_1Q2, S_22, S_23, S_2Q1, S_2Q2, S_33, S_3Q1, S_3Q2,
    S_Q1Q1, S_Q1Q2, S_Q2Q2, S_COUNT
};

/* ---------- vector exp/log: glibc libmvec on AVX2, scalar libm otherwise ---------- */

typedef void (*vec_fn)(double *y, const double *x, size_t n);

static void vexp_scalar(double *y, const double *x, size_t n)
{
    for (size_t i = 0; i < n; i++) y[i] = exp(x[i]);
}

static void vlog_scalar(double *y, const double *x, size_t n)
{
    for (size_t i = 0; i < n; i++) y[i] = log(x[i]);
}

static void vlog1p_scalar(double *y, const double *x, size_t n)
{
    for (size_t i = 0; i < n; i++) y[i] = log1p(x[i]);
}

/* The single-precision losses of ec_vlossf, and the largest magnitude sum, by bits (m >= 0: its bits order as
 * integers, a NaN above +inf). */
typedef uint32_t (*lossf_fn)(const float *E, const float *A, const float *B, const float *al, const float *be,
                             float lN, float lD, size_t n, float *est);

static uint32_t vlossf_scalar(const float *E, const float *A, const float *B, const float *al, const float *be,
                              float lN, float lD, size_t n, float *est)
{
    uint32_t smax = 0;
    for (size_t i = 0; i < n; i++) {
        const float ta = A[i] * expf(-al[i] * lN), tb = B[i] * expf(-be[i] * lD);
        const float m = fabsf(E[i]) + fabsf(ta) + fabsf(tb);
        uint32_t mb;
        memcpy(&mb, &m, sizeof mb);
        est[i] = E[i] + ta + tb;
        smax = mb > smax ? mb : smax;
    }
    return smax;
}

/* y[i] = t[idx[i]], i < n: the per-size values of ec_chin_data_levels put at their points; t has nl values,
 * and at least 16 entries readable (set). */
typedef void (*gather_fn)(double *y, const double *t, size_t nl, const uint16_t *idx, size_t n);

static void gather_scalar(double *y, const double *t, size_t nl, const uint16_t *idx, size_t n)
{
    (void)nl;
    for (size_t i = 0; i < n; i++) y[i] = t[idx[i]];
}

#if defined(__x86_64__) && defined(__GNUC__) && defined(EC_HAVE_LIBMVEC)
#include <immintrin.h>
/* The AVX2 variants of exp and log in glibc's vector ABI (libmvec). They take
 * and return vectors in registers, so they are declared with the target that
 * has those registers: clang refuses a call whose caller and callee disagree
 * on it ("AVX vector argument ... changes the ABI"); gcc accepts either. */
__attribute__((target("avx2"))) extern __m256d _ZGVdN4v_exp(__m256d x);
__attribute__((target("avx2"))) extern __m256d _ZGVdN4v_log(__m256d x);

/* Below EXP_ZERO e^x is +0 and above EXP_INF +inf, in libm and in libmvec alike; libmvec gets there by calling
 * libm's scalar exp for each such lane, which raises the underflow through errno (about 16% of a bnsl bootstrap,
 * whose f1 -> 0 puts most of a block's exps at -1e10). The vector routines give those lanes the same +0 and +inf
 * themselves and pass libmvec a 0 in their place; every other lane, NaN included, is libmvec's as before. */
#define EXP_ZERO (-746.0) /* e^-745.1332... is half the least subnormal */
#define EXP_INF 710.0     /* ln(DBL_MAX) = 709.78... */

__attribute__((target("avx2"))) static void vexp_avx2(double *y, const double *x, size_t n)
{
    const __m256d lo = _mm256_set1_pd(EXP_ZERO), hi = _mm256_set1_pd(EXP_INF), inf = _mm256_set1_pd(INFINITY);
    for (size_t i = 0; i < n; i += 4) {
        const __m256d v = _mm256_loadu_pd(x + i), under = _mm256_cmp_pd(v, lo, _CMP_LT_OQ),
                      over = _mm256_cmp_pd(v, hi, _CMP_GT_OQ), out = _mm256_or_pd(under, over);
        const __m256d r = _ZGVdN4v_exp(_mm256_andnot_pd(out, v));
        _mm256_storeu_pd(y + i, _mm256_or_pd(_mm256_andnot_pd(out, r), _mm256_and_pd(over, inf)));
    }
}

__attribute__((target("avx2"))) static void vlog_avx2(double *y, const double *x, size_t n)
{
    for (size_t i = 0; i < n; i += 4) _mm256_storeu_pd(y + i, _ZGVdN4v_log(_mm256_loadu_pd(x + i)));
}

/* log1p, in libmvec since glibc 2.35 (EC_HAVE_LIBMVEC_LOG1P, found by CMake); libm's before */
#ifdef EC_HAVE_LIBMVEC_LOG1P
__attribute__((target("avx2"))) extern __m256d _ZGVdN4v_log1p(__m256d x);

__attribute__((target("avx2"))) static void vlog1p_avx2(double *y, const double *x, size_t n)
{
    for (size_t i = 0; i < n; i += 4) _mm256_storeu_pd(y + i, _ZGVdN4v_log1p(_mm256_loadu_pd(x + i)));
}
#else
#define vlog1p_avx2 vlog1p_scalar
#endif

/* Four values by one gather (the indices widened from 16 to 32 bits). */
__attribute__((target("avx2"))) static void gather_avx2(double *y, const double *t, size_t nl, const uint16_t *idx,
                                                        size_t n)
{
    (void)nl;
    size_t i = 0;
    for (; i + 4 <= n; i += 4) {
        const __m128i k = _mm_cvtepu16_epi32(_mm_loadl_epi64((const __m128i *)(const void *)(idx + i)));
        _mm256_storeu_pd(y + i, _mm256_i32gather_pd(t, k, 8));
    }
    for (; i < n; i++) y[i] = t[idx[i]];
}

/* Single precision, eight per call: ec_vlossf, for estimates that are checked against a bound. */
__attribute__((target("avx2"))) extern __m256 _ZGVdN8v_expf(__m256 x);

/* ec_vlossf eight at a time: the same operations in the same order (−α lN as α (−lN), which is exact), the
 * exps by libmvec; the rest as vlossf_scalar does it. */
__attribute__((target("avx2"))) static uint32_t vlossf_avx2(const float *E, const float *A, const float *B,
                                                            const float *al, const float *be, float lN, float lD,
                                                            size_t n, float *est)
{
    const __m256 nlN = _mm256_set1_ps(-lN), nlD = _mm256_set1_ps(-lD), sign = _mm256_set1_ps(-0.0f);
    __m256i mx = _mm256_setzero_si256();
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        const __m256 e = _mm256_loadu_ps(E + i);
        const __m256 x1 = _mm256_mul_ps(_mm256_loadu_ps(al + i), nlN), x2 = _mm256_mul_ps(_mm256_loadu_ps(be + i), nlD);
        const __m256 ta = _mm256_mul_ps(_mm256_loadu_ps(A + i), _ZGVdN8v_expf(x1));
        const __m256 tb = _mm256_mul_ps(_mm256_loadu_ps(B + i), _ZGVdN8v_expf(x2));
        const __m256 m = _mm256_add_ps(_mm256_add_ps(_mm256_andnot_ps(sign, e), _mm256_andnot_ps(sign, ta)),
                                       _mm256_andnot_ps(sign, tb));
        _mm256_storeu_ps(est + i, _mm256_add_ps(_mm256_add_ps(e, ta), tb));
        mx = _mm256_max_epi32(mx, _mm256_castps_si256(m));
    }
    uint32_t lanes[8], smax = vlossf_scalar(E + i, A + i, B + i, al + i, be + i, lN, lD, n - i, est + i);
    _mm256_storeu_si256((__m256i *)(void *)lanes, mx);
    for (int k = 0; k < 8; k++) smax = lanes[k] > smax ? lanes[k] : smax;
    return smax;
}

/* The AVX-512 variants (8 doubles per call), used for the exp and log of a
 * block when the machine has AVX-512F: about 1.5x faster per value. */
__attribute__((target("avx512f"))) extern __m512d _ZGVeN8v_exp(__m512d x);
__attribute__((target("avx512f"))) extern __m512d _ZGVeN8v_log(__m512d x);

__attribute__((target("avx512f"))) static void vexp_avx512(double *y, const double *x, size_t n)
{
    size_t i = 0;
    const __m512d lo = _mm512_set1_pd(EXP_ZERO), hi = _mm512_set1_pd(EXP_INF), inf = _mm512_set1_pd(INFINITY);
    for (; i + 8 <= n; i += 8) {
        const __m512d v = _mm512_loadu_pd(x + i);
        const __mmask8 under = _mm512_cmp_pd_mask(v, lo, _CMP_LT_OQ), over = _mm512_cmp_pd_mask(v, hi, _CMP_GT_OQ);
        const __m512d r = _ZGVeN8v_exp(_mm512_maskz_mov_pd((__mmask8)~(under | over), v));
        _mm512_storeu_pd(y + i, _mm512_mask_mov_pd(_mm512_maskz_mov_pd((__mmask8)~under, r), over, inf));
    }
    if (i < n) vexp_avx2(y + i, x + i, n - i);
}

__attribute__((target("avx512f"))) static void vlog_avx512(double *y, const double *x, size_t n)
{
    size_t i = 0;
    for (; i + 8 <= n; i += 8) _mm512_storeu_pd(y + i, _ZGVeN8v_log(_mm512_loadu_pd(x + i)));
    for (; i < n; i += 4) _mm256_storeu_pd(y + i, _ZGVdN4v_log(_mm256_loadu_pd(x + i)));
}

/* Eight values by one permutation of a register (up to 8 sizes) or of two (up to 16): a gather from memory was 5.6%
 * of a grid fit on 2395 points of 5 sizes (perf, 2026-12-08). More sizes: AVX2's gather. The same values. */
__attribute__((target("avx512f"))) static void gather_avx512(double *y, const double *t, size_t nl,
                                                            const uint16_t *idx, size_t n)
{
    if (nl > 16) {
        gather_avx2(y, t, nl, idx, n);
        return;
    }
    const __m512d t0 = _mm512_loadu_pd(t), t1 = _mm512_loadu_pd(t + 8);
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        const __m512i k = _mm512_cvtepu16_epi64(_mm_loadu_si128((const __m128i *)(const void *)(idx + i)));
        _mm512_storeu_pd(y + i, nl <= 8 ? _mm512_permutexvar_pd(k, t0) : _mm512_permutex2var_pd(t0, k, t1));
    }
    for (; i < n; i++) y[i] = t[idx[i]];
}

#ifdef EC_HAVE_LIBMVEC_LOG1P
__attribute__((target("avx512f"))) extern __m512d _ZGVeN8v_log1p(__m512d x);

__attribute__((target("avx512f"))) static void vlog1p_avx512(double *y, const double *x, size_t n)
{
    size_t i = 0;
    for (; i + 8 <= n; i += 8) _mm512_storeu_pd(y + i, _ZGVeN8v_log1p(_mm512_loadu_pd(x + i)));
    for (; i < n; i += 4) _mm256_storeu_pd(y + i, _ZGVdN4v_log1p(_mm256_loadu_pd(x + i)));
}
#else
#define vlog1p_avx512 vlog1p_scalar
#endif

/* Widest path allowed (ec_chin_simd_limit): 2 AVX-512, 1 AVX2, 0 scalar. */
static int simd_limit = 2;

static int cpu_avx512(void)
{
    static int cached = -1;
    if (cached < 0) {
        __builtin_cpu_init();
        cached = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") ? 1 : 0;
    }
    return cached;
}

static int have_avx512(void) { return simd_limit >= 2 && cpu_avx512(); }

static int cpu_avx2(void)
{
    static int cached = -1;
    if (cached < 0) {
        __builtin_cpu_init();
        cached = __builtin_cpu_supports("avx2") ? 1 : 0;
    }
    return cached;
}

static int have_avx2(void) { return simd_limit >= 1 && cpu_avx2(); }

/* Phase B on AVX2 (four lanes) and AVX-512 (eight lanes, a last half-vector
 * loaded masked as zeros at weight 0, 32 registers so the 23 accumulators
 * stay in registers): one template, ec_chin_phase_b.inc. The AVX2 path
 * multiplies and adds separately, as the portable loops do; the AVX-512
 * path accumulates with fused multiply-adds (every AVX-512 machine has
 * them), which saves a third of phase B's instructions and rounds once
 * instead of twice. Explicit intrinsics, so the result does not depend on
 * the compiler (-ffp-contract=off still holds everywhere else). */
#define PB_NAME phase_b_avx2
#define PB_TARGET "avx2"
#define PB_W 4
#define PB_T double
#define PB_R(i) V_SUB(V_LOAD(ls + (i)), V_LOAD(ll + (i)))
#define V __m256d
#define M __m256d
#define V_SET1 _mm256_set1_pd
#define V_LOAD(p) _mm256_loadu_pd(p)
#define PB_ACC_W 4
#define PB_ACC_IN(j) _mm256_loadu_pd(acc[j])
#define PB_ACC_OUT(j) _mm256_storeu_pd(acc[j], a[j])
#define V_ADD _mm256_add_pd
#define V_SUB _mm256_sub_pd
#define V_MUL _mm256_mul_pd
#define V_AND _mm256_and_pd
#define V_ANDNOT _mm256_andnot_pd
#define V_OR _mm256_or_pd
#define V_XOR _mm256_xor_pd
#define PB_ITER_MASK (void)0
#define V_CMPLE(a, b) _mm256_cmp_pd(a, b, _CMP_LE_OQ)
#define V_SEL(m, f, t) _mm256_blendv_pd(f, t, m)
#define V_ONEIF(m, one) _mm256_and_pd(m, one)
#define V_MADD(x, y, a) _mm256_add_pd(a, _mm256_mul_pd(x, y))
#include "ec_chin_phase_b.inc"

#define PB_NAME phase_b_avx512
#define PB_TARGET "avx512f,avx512dq"
#define PB_W 8
#define PB_T double
#define PB_R(i) V_SUB(V_LOAD(ls + (i)), V_LOAD(ll + (i)))
#define V __m512d
#define M __mmask8
#define V_SET1 _mm512_set1_pd
#define V_LOAD(p) _mm512_maskz_loadu_pd(k, p)
#define PB_ACC_W 8
#define PB_ACC_IN(j) _mm512_loadu_pd(acc[j])
#define PB_ACC_OUT(j) _mm512_storeu_pd(acc[j], a[j])
#define V_ADD _mm512_add_pd
#define V_SUB _mm512_sub_pd
#define V_MUL _mm512_mul_pd
#define V_AND _mm512_and_pd
#define V_ANDNOT _mm512_andnot_pd
#define V_OR _mm512_or_pd
#define V_XOR _mm512_xor_pd
#define PB_ITER_MASK const __mmask8 k = i + 8 <= mp ? 0xFF : 0x0F
#define V_CMPLE(a, b) _mm512_cmp_pd_mask(a, b, _CMP_LE_OQ)
#define V_SEL(m, f, t) _mm512_mask_blend_pd(m, f, t)
#define V_ONEIF(m, one) _mm512_maskz_mov_pd(m, one)
#define V_MADD(x, y, a) _mm512_fmadd_pd(x, y, a)
#include "ec_chin_phase_b.inc"

/* And in single precision for ec_chin_eval_single: sixteen float lanes with fused
 * multiply-adds; the residuals come ready-made (ls), groups are always full (padded). */
#define PB_NAME phase_b_single
#define PB_TARGET "avx512f,avx512dq"
#define PB_W 16
#define PB_T float
#define PB_R(i) ((void)ll, V_LOAD(ls + (i)))
#define V __m512
#define M __mmask16
#define V_SET1(x) _mm512_set1_ps((float)fmin((x), 1e30))
#define V_LOAD(p) _mm512_loadu_ps(p)
/* Accumulators start at zero for each block and go into the caller's double rows (eight
 * lanes: float lanes l and l + 8 into lane l) at its end, in a fixed order. */
#define PB_ACC_W 8
#define PB_ACC_IN(j) _mm512_setzero_ps()
#define PB_ACC_OUT(j)                                                                              \
    _mm512_storeu_pd(acc[j], _mm512_add_pd(_mm512_loadu_pd(acc[j]),                                \
                                           _mm512_add_pd(_mm512_cvtps_pd(_mm512_castps512_ps256(a[j])), \
                                                         _mm512_cvtps_pd(_mm512_extractf32x8_ps(a[j], 1)))))
#define V_ADD _mm512_add_ps
#define V_SUB _mm512_sub_ps
#define V_MUL _mm512_mul_ps
#define V_AND _mm512_and_ps
#define V_ANDNOT _mm512_andnot_ps
#define V_OR _mm512_or_ps
#define V_XOR _mm512_xor_ps
#define PB_ITER_MASK (void)0
#define V_CMPLE(a, b) _mm512_cmp_ps_mask(a, b, _CMP_LE_OQ)
#define V_SEL(m, f, t) _mm512_mask_blend_ps(m, f, t)
#define V_ONEIF(m, one) _mm512_maskz_mov_ps(m, one)
#define V_MADD(x, y, a) _mm512_fmadd_ps(x, y, a)
#include "ec_chin_phase_b.inc"
#define HAVE_PHASE_B_AVX2 1
#define VEXP (have_avx512() ? vexp_avx512 : have_avx2() ? vexp_avx2 : vexp_scalar)
/* the values per call of VEXP (ec_vexp_each: every value through that one routine) */
#define VEXP_LANES (have_avx512() ? 8 : have_avx2() ? 4 : 1)
#define VLOSSF (have_avx2() ? vlossf_avx2 : vlossf_scalar)
#define VLOG (have_avx512() ? vlog_avx512 : have_avx2() ? vlog_avx2 : vlog_scalar)
#define VLOG1P (have_avx512() ? vlog1p_avx512 : have_avx2() ? vlog1p_avx2 : vlog1p_scalar)
#define GATHER (have_avx512() ? gather_avx512 : have_avx2() ? gather_avx2 : gather_scalar)
const char *ec_chin_simd_path(void)
{
    return have_avx512() ? "avx512-libmvec" : have_avx2() ? "avx2-libmvec" : "scalar";
}

int ec_chin_simd_limit(const char *path)
{
    int level = strcmp(path, "scalar") == 0 ? 0 : strcmp(path, "avx2-libmvec") == 0 ? 1
              : strcmp(path, "avx512-libmvec") == 0 ? 2 : -1;
    if (level < 0 || (level >= 1 && !cpu_avx2()) || (level >= 2 && !cpu_avx512())) return EC_EINVAL;
    simd_limit = level;
    return EC_OK;
}
#else
#define VEXP vexp_scalar
#define VEXP_LANES 1
#define VLOSSF vlossf_scalar
#define VLOG vlog_scalar
#define VLOG1P vlog1p_scalar
#define GATHER gather_scalar
const char *ec_chin_simd_path(void) { return "scalar"; }
int ec_chin_simd_limit(const char *path) { return strcmp(path, "scalar") == 0 ? EC_OK : EC_EINVAL; }
#endif

void ec_vexp(double *y, const double *x, size_t n)
{
    size_t m = n & ~(size_t)3;
    vec_fn f = VEXP;
    if (m) f(y, x, m);
    for (size_t i = m; i < n; i++) y[i] = exp(x[i]);
}

/* y[i] = f(x[i]) with every value through f's one routine: the last n mod lanes in one more call, padded with
 * `pad`. */
static void each(vec_fn f, double pad, double *y, const double *x, size_t n)
{
    const size_t lanes = (size_t)VEXP_LANES, m = n - n % lanes;
    if (m) f(y, x, m);
    if (m < n) {
        double bx[8] = {pad, pad, pad, pad, pad, pad, pad, pad}, by[8];
        memcpy(bx, x + m, sizeof(double) * (n - m));
        f(by, bx, lanes);
        memcpy(y + m, by, sizeof(double) * (n - m));
    }
}

void ec_vexp_each(double *y, const double *x, size_t n) { each(VEXP, 0.0, y, x, n); }

void ec_vlog_each(double *y, const double *x, size_t n) { each(VLOG, 1.0, y, x, n); }

void ec_vlog1p_each(double *y, const double *x, size_t n) { each(VLOG1P, 0.0, y, x, n); }

float ec_vlossf(const float *E, const float *A, const float *B, const float *al, const float *be, float lN, float lD,
                size_t n, float *est)
{
    const lossf_fn f = VLOSSF;
    const uint32_t smax = f(E, A, B, al, be, lN, lD, n, est);
    float m;
    memcpy(&m, &smax, sizeof m);
    return m;
}

/* ---------- data ---------- */

void ec_chin_data_init(ec_chin_data *d, size_t n, const double *lN, const double *lD,
                       const double *lL, const double *w)
{
    d->n = n;
    d->lN = lN;
    d->lD = lD;
    d->lL = lL;
    d->w = w;
    d->lN_min = d->lD_min = INFINITY;
    d->lN_max = d->lD_max = -INFINITY;
    d->w_max = w ? 0.0 : 1.0;
    d->n_level = 0;
    d->level = NULL;
    d->lN_level = NULL;
    for (size_t i = 0; w && i < n; i++)
        if (w[i] > d->w_max) d->w_max = w[i];
    for (size_t i = 0; i < n; i++) {
        if (lN[i] < d->lN_min) d->lN_min = lN[i];
        if (lN[i] > d->lN_max) d->lN_max = lN[i];
        if (lD[i] < d->lD_min) d->lD_min = lD[i];
        if (lD[i] > d->lD_max) d->lD_max = lD[i];
    }
}

size_t ec_chin_data_levels(ec_chin_data *d, uint16_t *level, double *lN_level)
{
    size_t nl = 0, cap = d->n / 4 < EC_CHIN_LEVELS_MAX ? d->n / 4 : EC_CHIN_LEVELS_MAX, k = 0;
    uint64_t bits[EC_CHIN_LEVELS_MAX]; /* the values' bits: equal bits, one level (and -0 is not 0) */
    for (size_t i = 0; i < d->n; i++) {
        uint64_t b;
        memcpy(&b, &d->lN[i], sizeof b);
        if (k >= nl || bits[k] != b) { /* the previous point's level first: data sorted by size hit it */
            k = 0;
            while (k < nl && bits[k] != b) k++;
            if (k == nl) {
                if (nl == cap) return 0;
                bits[nl] = b;
                lN_level[nl++] = d->lN[i];
            }
        }
        level[i] = (uint16_t)k;
    }
    if (!nl) return 0;
    d->n_level = nl;
    d->level = level;
    d->lN_level = lN_level;
    return nl;
}

double ec_huber(double r, double delta)
{
    double ar = fabs(r);
    return ar <= delta ? 0.5 * r * r : delta * (ar - 0.5 * delta);
}

double ec_chin_logpred(const double th[EC_CHIN_NPARAM], double lN, double lD)
{
    double t1 = th[EC_CHIN_A] - th[EC_CHIN_ALPHA] * lN;
    double t2 = th[EC_CHIN_B] - th[EC_CHIN_BETA] * lD;
    double t3 = th[EC_CHIN_E];
    double m = fmax(t1, fmax(t2, t3));
    return m + log(exp(t1 - m) + exp(t2 - m) + exp(t3 - m));
}

/* Largest value of c − k·x over x in [lo, hi]. */
static double max_affine(double c, double k, double lo, double hi)
{
    return k >= 0 ? c - k * lo : c - k * hi;
}

/* ---------- evaluation ---------- */

/* A ragged group of m points made `width` long: copies into the pad arrays,
 * the last point repeated at weight 0, and the pointers moved onto them. */
static void pad_points(size_t m, size_t width, const double **ln, const double **ld, const double **ll,
                       const double **wt, double *pn, double *pd, double *pl, double *pw)
{
    for (size_t i = 0; i < width; i++) {
        size_t k = i < m ? i : m - 1;
        pn[i] = (*ln)[k];
        pd[i] = (*ld)[k];
        pl[i] = (*ll)[k];
        pw[i] = i < m ? (*wt)[i] : 0.0;
    }
    *ln = pn;
    *ld = pd;
    *ll = pl;
    *wt = pw;
}

static int assemble(const double sum[S_COUNT], double *f, double g[EC_CHIN_NPARAM],
                    double H[EC_CHIN_NPARAM * EC_CHIN_NPARAM]);


/* On x86-64 the evaluator is compiled three times, for x86-64-v4 (AVX-512),
 * for AVX2 and for the baseline, and the loader picks one (GCC function
 * multi-versioning). The clones perform the same operations in the same
 * order (no FMA contraction); the wider ones just do more lanes per
 * instruction in phase A. Which exp/log and phase B run is decided at run
 * time (have_avx512, have_avx2). */
/* The body of ec_chin_eval (linear = 0) and ec_chin_eval_linear (linear = 1), inlined into
 * each of their clones. */
static inline __attribute__((always_inline)) int chin_eval_body(const ec_chin_data *d, const double th[EC_CHIN_NPARAM],
                                                                double delta, int linear, double *f,
                                                                double g[EC_CHIN_NPARAM],
                                                                double H[EC_CHIN_NPARAM * EC_CHIN_NPARAM])
{
    const double a = th[EC_CHIN_A], b = th[EC_CHIN_B], e = th[EC_CHIN_E];
    const double al = th[EC_CHIN_ALPHA], be = th[EC_CHIN_BETA];
    /* No exponent can overflow anywhere (checked once from the data ranges). */
    const int no_overflow = max_affine(a, al, d->lN_min, d->lN_max) < SAFE_EXP &&
                            max_affine(b, be, d->lD_min, d->lD_max) < SAFE_EXP && e < SAFE_EXP;
    const int want_g = g != NULL || H != NULL, want_h = H != NULL;
    /* Clamped below: e^-700 ≈ 1e-304 is nothing next to the block's largest term. */
    const double E = exp(fmax(e, -SAFE_EXP));
    vec_fn vexp = VEXP, vlog = VLOG;
    gather_fn gather = GATHER;

    double acc[S_COUNT][LANES], acc8[S_COUNT][8];
    memset(acc, 0, sizeof acc);
    memset(acc8, 0, sizeof acc8);

    double t1[BLK], t2[BLK], w1[BLK], w2[BLK], s[BLK], ls[BLK];
    double pad_n[BLK], pad_d[BLK], pad_l[BLK], pad_w[BLK], ones[BLK];
    double p1[BLK], p2[BLK], p3[BLK], q1[BLK], q2[BLK], c[BLK], u[BLK], rho[BLK];
    if (!d->w)
        for (size_t i = 0; i < BLK; i++) ones[i] = 1.0;
    /* With few distinct model sizes, e^(a − α log N) of the fast path once per size: the
     * same expression as the block's below, through the same exp, so the same bits. */
    double lev_w[EC_CHIN_LEVELS_MAX + 16];
    const int by_level = no_overflow && d->n_level > 0;
    if (by_level) {
        size_t nl = d->n_level, np = (nl + LANES - 1) / LANES * LANES;
        double lev_t[EC_CHIN_LEVELS_MAX + LANES];
        for (size_t k = 0; k < np; k++) lev_t[k] = MAX2(a - al * d->lN_level[k < nl ? k : nl - 1], -SAFE_EXP);
        vexp(lev_w, lev_t, np);
        for (size_t k = np; k < 16; k++) lev_w[k] = 0.0; /* the gathers may read 16 */
    }

    for (size_t start = 0; start < d->n; start += BLK) {
        size_t m = d->n - start < BLK ? d->n - start : BLK;
        size_t mp = (m + LANES - 1) / LANES * LANES;
        /* Full lanes read the caller's arrays in place; a ragged last block
         * is copied and padded with copies of its last point at weight 0. */
        const double *ln = d->lN + start, *ld = d->lD + start, *ll = d->lL + start;
        const double *wt = d->w ? d->w + start : ones;
        if (mp != m) pad_points(m, mp, &ln, &ld, &ll, &wt, pad_n, pad_d, pad_l, pad_w);

        /* Phase A: log s and the softmax weights p_k. */
        for (size_t i = 0; i < mp; i++) {
            t1[i] = a - al * ln[i];
            t2[i] = b - be * ld[i];
        }
        /* The fast path needs the largest of the three exponents to be far
         * from underflow at every point; then clamping the others at −700
         * changes log s by less than 1e-260 relative and avoids libm's slow
         * underflow handling. */
        int fast = no_overflow;
        if (fast) {
            int low = 0;
            for (size_t i = 0; i < mp; i++) {
                double mx = MAX2(t1[i], t2[i]);
                mx = MAX2(mx, e);
                low |= mx <= -SAFE_EXP + 100.0;
            }
            fast = !low;
        }
        if (fast) {
            for (size_t i = 0; i < mp; i++) {
                t1[i] = MAX2(t1[i], -SAFE_EXP);
                t2[i] = MAX2(t2[i], -SAFE_EXP);
            }
            if (by_level) {
                gather(w1, lev_w, d->n_level, d->level + start, m);
                for (size_t i = m; i < mp; i++) w1[i] = w1[m - 1]; /* the padding repeats the last point */
            } else {
                vexp(w1, t1, mp);
            }
            vexp(w2, t2, mp);
            for (size_t i = 0; i < mp; i++) s[i] = w1[i] + w2[i] + E;
            vlog(ls, s, mp);
            for (size_t i = 0; i < mp; i++) {
                double inv = 1.0 / s[i];
                p1[i] = w1[i] * inv;
                p2[i] = w2[i] * inv;
                p3[i] = E * inv;
            }
        } else {
            /* Shifted by the largest exponent mx of each point, so the
             * largest term is 1; the others are clamped at e^-700, which
             * changes neither log s nor any p_k that is not already below
             * 1e-300. Still three vector exps and one vector log. */
            double x3[BLK], mx[BLK];
            for (size_t i = 0; i < mp; i++) {
                double m1 = MAX2(t1[i], t2[i]);
                mx[i] = MAX2(m1, e);
                t1[i] = CLAMP_LO(t1[i] - mx[i], -SAFE_EXP);
                t2[i] = CLAMP_LO(t2[i] - mx[i], -SAFE_EXP);
                x3[i] = CLAMP_LO(e - mx[i], -SAFE_EXP);
            }
            vexp(w1, t1, mp);
            vexp(w2, t2, mp);
            vexp(x3, x3, mp);
            for (size_t i = 0; i < mp; i++) s[i] = w1[i] + w2[i] + x3[i];
            vlog(ls, s, mp);
            for (size_t i = 0; i < mp; i++) {
                double inv = 1.0 / s[i];
                ls[i] += mx[i];
                p1[i] = w1[i] * inv;
                p2[i] = w2[i] * inv;
                p3[i] = x3[i] * inv;
            }
            if (linear) vexp(s, ls, mp); /* the prediction itself, unshifted */
        }

        if (linear) {
            /* Least squares on L̂ − L: with r = s − L, ρ = r²/2, the gradient is Σ w r ∂s/∂θ =
             * Σ w (r s) J and the Hessian Σ w [s² J Jᵀ + r s Σ_k p_k v_k v_kᵀ], the sums of the log
             * objective with c = w r s and u = w s². */
            vexp(u, ll, mp);
            for (size_t i = 0; i < mp; i++) {
                double r = s[i] - u[i];
                rho[i] = wt[i] * (0.5 * r * r);
                c[i] = wt[i] * r * s[i];
                u[i] = wt[i] * s[i] * s[i];
                q1[i] = -p1[i] * ln[i];
                q2[i] = -p2[i] * ld[i];
            }
            goto sums;
        }

#ifdef HAVE_PHASE_B_AVX2
        if (have_avx512()) {
            phase_b_avx512(mp, delta, ls, ll, wt, ln, ld, p1, p2, p3, want_g, want_h, acc8);
            continue;
        }
        if (have_avx2()) {
            phase_b_avx2(mp, delta, ls, ll, wt, ln, ld, p1, p2, p3, want_g, want_h, acc);
            continue;
        }
#endif
        /* Portable phase B: residuals and Huber pieces, then the sums. */
        for (size_t i = 0; i < mp; i++) {
            double r = ls[i] - ll[i];
            double ar = fabs(r);
            int quad = ar <= delta;
            rho[i] = wt[i] * (quad ? 0.5 * r * r : delta * (ar - 0.5 * delta));
            double psi = quad ? r : copysign(delta, r);
            c[i] = wt[i] * psi;
            u[i] = wt[i] * ((quad ? 1.0 : 0.0) - psi);
            q1[i] = -p1[i] * ln[i];
            q2[i] = -p2[i] * ld[i];
        }

        /* Phase B: sums in four fixed lanes. */
    sums:;
#define RED(slot, expr)                                                   \
    for (size_t i = 0; i < mp; i += LANES)                                \
        for (size_t l = 0; l < LANES; l++) {                              \
            size_t k = i + l;                                             \
            acc[slot][l] += (expr);                                       \
        }
        RED(S_F, rho[k]);
        if (want_g) {
            RED(S_CP1, c[k] * p1[k]);
            RED(S_CP2, c[k] * p2[k]);
            RED(S_CP3, c[k] * p3[k]);
            RED(S_CP1N, c[k] * q1[k]);
            RED(S_CP2D, c[k] * q2[k]);
        }
        if (want_h) {
            RED(S_CP1NN, c[k] * -q1[k] * ln[k]);
            RED(S_CP2DD, c[k] * -q2[k] * ld[k]);
            RED(S_11, u[k] * p1[k] * p1[k]);
            RED(S_12, u[k] * p1[k] * p2[k]);
            RED(S_13, u[k] * p1[k] * p3[k]);
            RED(S_1Q1, u[k] * p1[k] * q1[k]);
            RED(S_1Q2, u[k] * p1[k] * q2[k]);
            RED(S_22, u[k] * p2[k] * p2[k]);
            RED(S_23, u[k] * p2[k] * p3[k]);
            RED(S_2Q1, u[k] * p2[k] * q1[k]);
            RED(S_2Q2, u[k] * p2[k] * q2[k]);
            RED(S_33, u[k] * p3[k] * p3[k]);
            RED(S_3Q1, u[k] * p3[k] * q1[k]);
            RED(S_3Q2, u[k] * p3[k] * q2[k]);
            RED(S_Q1Q1, u[k] * q1[k] * q1[k]);
            RED(S_Q1Q2, u[k] * q1[k] * q2[k]);
            RED(S_Q2Q2, u[k] * q2[k] * q2[k]);
        }
#undef RED
    }

    /* The AVX-512 path's eight lanes are folded into four first (lane l + 4 into l; the
     * others left acc8 at zero, which leaves their four lanes unchanged). */
    double sum[S_COUNT];
    for (int k = 0; k < S_COUNT; k++) {
        for (int l = 0; l < LANES; l++) acc[k][l] += acc8[k][l] + acc8[k][l + LANES];
        sum[k] = (acc[k][0] + acc[k][1]) + (acc[k][2] + acc[k][3]);
    }
    return assemble(sum, f, g, H);
}

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && !defined(__SANITIZE_ADDRESS__)
__attribute__((target_clones("arch=x86-64-v4", "avx2", "default")))
#endif
int ec_chin_eval(const ec_chin_data *d, const double th[EC_CHIN_NPARAM], double delta,
                 double *f, double g[EC_CHIN_NPARAM], double H[EC_CHIN_NPARAM * EC_CHIN_NPARAM])
{
    return chin_eval_body(d, th, delta, 0, f, g, H);
}

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && !defined(__SANITIZE_ADDRESS__)
__attribute__((target_clones("arch=x86-64-v4", "avx2", "default")))
#endif
int ec_chin_eval_linear(const ec_chin_data *d, const double th[EC_CHIN_NPARAM], double *f,
                        double g[EC_CHIN_NPARAM], double H[EC_CHIN_NPARAM * EC_CHIN_NPARAM])
{
    return chin_eval_body(d, th, INFINITY, 1, f, g, H);
}

/* Objective, gradient and Hessian from the 23 sums. */
static int assemble(const double sum[S_COUNT], double *f, double g[EC_CHIN_NPARAM],
                    double H[EC_CHIN_NPARAM * EC_CHIN_NPARAM])
{
    *f = sum[S_F];
    if (!isfinite(*f)) return EC_ENUMERIC;
    if (g) {
        /* ∂t1/∂α = −log N is already folded into q1 = −p1 log N. */
        g[EC_CHIN_A] = sum[S_CP1];
        g[EC_CHIN_B] = sum[S_CP2];
        g[EC_CHIN_E] = sum[S_CP3];
        g[EC_CHIN_ALPHA] = sum[S_CP1N];
        g[EC_CHIN_BETA] = sum[S_CP2D];
        for (int j = 0; j < EC_CHIN_NPARAM; j++)
            if (!isfinite(g[j])) return EC_ENUMERIC;
    }
    if (H) {
        enum { A = EC_CHIN_A, B = EC_CHIN_B, EE = EC_CHIN_E, AL = EC_CHIN_ALPHA, BE = EC_CHIN_BETA };
        double h[EC_CHIN_NPARAM][EC_CHIN_NPARAM];
        /* First term Σ u J Jᵀ. */
        h[A][A] = sum[S_11];   h[A][B] = sum[S_12];   h[A][EE] = sum[S_13];
        h[A][AL] = sum[S_1Q1]; h[A][BE] = sum[S_1Q2];
        h[B][B] = sum[S_22];   h[B][EE] = sum[S_23];  h[B][AL] = sum[S_2Q1]; h[B][BE] = sum[S_2Q2];
        h[EE][EE] = sum[S_33]; h[EE][AL] = sum[S_3Q1]; h[EE][BE] = sum[S_3Q2];
        h[AL][AL] = sum[S_Q1Q1]; h[AL][BE] = sum[S_Q1Q2]; h[BE][BE] = sum[S_Q2Q2];
        /* Second term Σ ψ Σ_k p_k v_k v_kᵀ. */
        h[A][A] += sum[S_CP1];
        h[A][AL] += sum[S_CP1N];        /* c p1 · (−log N) */
        h[AL][AL] += sum[S_CP1NN];      /* c p1 · log² N   */
        h[B][B] += sum[S_CP2];
        h[B][BE] += sum[S_CP2D];
        h[BE][BE] += sum[S_CP2DD];
        h[EE][EE] += sum[S_CP3];
        for (int i = 0; i < EC_CHIN_NPARAM; i++)
            for (int j = i; j < EC_CHIN_NPARAM; j++) {
                if (!isfinite(h[i][j])) return EC_ENUMERIC;
                H[i * EC_CHIN_NPARAM + j] = H[j * EC_CHIN_NPARAM + i] = h[i][j];
            }
    }
    return EC_OK;
}

/* ---------- single-precision evaluation ---------- */

#ifdef HAVE_PHASE_B_AVX2
__attribute__((target("avx512f"))) extern __m512 _ZGVeN16v_expf(__m512 x);
__attribute__((target("avx512f"))) extern __m512 _ZGVeN16v_logf(__m512 x);

/* Sixteen doubles as one vector of floats. */
__attribute__((target("avx512f,avx512dq"))) static inline __m512 cvt16(__m512d lo, __m512d hi)
{
    return _mm512_insertf32x8(_mm512_castps256_ps512(_mm512_cvtpd_ps(lo)), _mm512_cvtpd_ps(hi), 1);
}

/*
 * The objective, gradient and Hessian in single precision, sixteen points
 * per AVX-512 instruction. Per point, the exponents t_k and their maximum m
 * are formed in double and only t_k − m (≤ 0; below −80 its term is 0) and
 * m − log L are rounded to float, so the residual r = (m − log L) + log Σ
 * e^{t_k − m} has an absolute error of about 1e-7 whatever the size of the
 * exponents, and nothing overflows. Weights are divided by the largest
 * (d->w_max) before rounding, so any positive weights fit float's range, and
 * the sums are multiplied back. The 23 sums run in sixteen float lanes over
 * a block of at most 64 points and are added into double after each block,
 * so their rounding does not grow with n.
 */
__attribute__((target("avx512f,avx512dq"))) static int eval_single_avx512(const ec_chin_data *d,
                                                                         const double th[EC_CHIN_NPARAM],
                                                                         double delta, double *f,
                                                                         double g[EC_CHIN_NPARAM],
                                                                         double H[EC_CHIN_NPARAM * EC_CHIN_NPARAM])
{
    const __m512d va = _mm512_set1_pd(th[EC_CHIN_A]), vb = _mm512_set1_pd(th[EC_CHIN_B]);
    const __m512d ve = _mm512_set1_pd(th[EC_CHIN_E]), val = _mm512_set1_pd(th[EC_CHIN_ALPHA]);
    const __m512d vbe = _mm512_set1_pd(th[EC_CHIN_BETA]), lo = _mm512_set1_pd(-80.0);
    const double wmax = d->w && d->w_max > 0 && isfinite(d->w_max) ? d->w_max : 1.0;
    const __m512d wscale = _mm512_set1_pd(1.0 / wmax);
    const __m512 one = _mm512_set1_ps(1.0f), flo = _mm512_set1_ps(-80.0f);
    const int want_g = g != NULL || H != NULL, want_h = H != NULL;
    static const double ones[16] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
    /* A block of up to 64 points: phase A (the library calls, which clobber every vector
     * register) for all of it, then phase B (phase_b_single) with the 23 accumulators in
     * registers. */
    float fp1[64], fp2[64], fp3[64], fr[64], fln[64], fld[64], fw[64];
    double pn[16], pd[16], pl[16], pw[16], accd[S_COUNT][8];
    memset(accd, 0, sizeof accd);
    for (size_t block = 0; block < d->n; block += 64) {
        size_t groups = 0;
        for (size_t start = block; start < d->n && start < block + 64; start += 16, groups++) {
            const double *ln = d->lN + start, *ld = d->lD + start, *ll = d->lL + start;
            const double *wt = d->w ? d->w + start : ones;
            size_t m = d->n - start < 16 ? d->n - start : 16, o = start - block;
            if (m < 16) pad_points(m, 16, &ln, &ld, &ll, &wt, pn, pd, pl, pw); /* a ragged last group */
            __m512d LNd[2] = {_mm512_loadu_pd(ln), _mm512_loadu_pd(ln + 8)};
            __m512d LDd[2] = {_mm512_loadu_pd(ld), _mm512_loadu_pd(ld + 8)};
            __m512d x1[2], x2[2], x3[2], xr[2];
            for (int h = 0; h < 2; h++) {
                __m512d t1 = _mm512_sub_pd(va, _mm512_mul_pd(val, LNd[h]));
                __m512d t2 = _mm512_sub_pd(vb, _mm512_mul_pd(vbe, LDd[h]));
                __m512d mx = _mm512_max_pd(_mm512_max_pd(t1, t2), ve);
                /* max_pd(lo, x) returns x when x is NaN, so a NaN θ stays NaN. */
                x1[h] = _mm512_max_pd(lo, _mm512_sub_pd(t1, mx));
                x2[h] = _mm512_max_pd(lo, _mm512_sub_pd(t2, mx));
                x3[h] = _mm512_max_pd(lo, _mm512_sub_pd(ve, mx));
                xr[h] = _mm512_sub_pd(mx, _mm512_loadu_pd(ll + 8 * h));
            }
            _mm512_storeu_ps(fln + o, cvt16(LNd[0], LNd[1]));
            _mm512_storeu_ps(fld + o, cvt16(LDd[0], LDd[1]));
            _mm512_storeu_ps(fw + o, cvt16(_mm512_mul_pd(_mm512_loadu_pd(wt), wscale),
                                           _mm512_mul_pd(_mm512_loadu_pd(wt + 8), wscale)));
            _mm512_storeu_ps(fr + o, cvt16(xr[0], xr[1]));
            /* A clamped exponent (−80) stands for a term below float's resolution next to
             * the largest (which is 1): it becomes 0, as in double. NaN stays NaN (the
             * comparison is unordered-true). */
            __m512 X1 = cvt16(x1[0], x1[1]), X2 = cvt16(x2[0], x2[1]), X3 = cvt16(x3[0], x3[1]);
            __m512 E1 = _mm512_maskz_mov_ps(_mm512_cmp_ps_mask(X1, flo, _CMP_NLE_UQ), _ZGVeN16v_expf(X1));
            _mm512_storeu_ps(fp1 + o, E1);
            __m512 E2 = _mm512_maskz_mov_ps(_mm512_cmp_ps_mask(X2, flo, _CMP_NLE_UQ), _ZGVeN16v_expf(X2));
            _mm512_storeu_ps(fp2 + o, E2);
            __m512 E3 = _mm512_maskz_mov_ps(_mm512_cmp_ps_mask(X3, flo, _CMP_NLE_UQ), _ZGVeN16v_expf(X3));
            __m512 S = _mm512_add_ps(_mm512_add_ps(_mm512_loadu_ps(fp1 + o), E2), E3);
            _mm512_storeu_ps(fp3 + o, E3);
            __m512 L = _ZGVeN16v_logf(S);
            __m512 inv = _mm512_div_ps(one, S);
            _mm512_storeu_ps(fr + o, _mm512_add_ps(_mm512_loadu_ps(fr + o), L));
            _mm512_storeu_ps(fp1 + o, _mm512_mul_ps(_mm512_loadu_ps(fp1 + o), inv));
            _mm512_storeu_ps(fp2 + o, _mm512_mul_ps(_mm512_loadu_ps(fp2 + o), inv));
            _mm512_storeu_ps(fp3 + o, _mm512_mul_ps(E3, inv));
        }
        phase_b_single(16 * groups, delta, fr, NULL, fw, fln, fld, fp1, fp2, fp3, want_g, want_h, accd);
    }
    double sum[S_COUNT];
    for (int j = 0; j < S_COUNT; j++) sum[j] = wmax * _mm512_reduce_add_pd(_mm512_loadu_pd(accd[j]));
    return assemble(sum, f, g, H);
}
#endif

int ec_chin_single_is_native(void)
{
#ifdef HAVE_PHASE_B_AVX2
    return have_avx512();
#else
    return 0;
#endif
}

int ec_chin_eval_single(const ec_chin_data *d, const double theta[EC_CHIN_NPARAM], double delta, double *f,
                        double g[EC_CHIN_NPARAM], double H[EC_CHIN_NPARAM * EC_CHIN_NPARAM])
{
#ifdef HAVE_PHASE_B_AVX2
    if (have_avx512()) return eval_single_avx512(d, theta, delta, f, g, H);
#endif
    return ec_chin_eval(d, theta, delta, f, g, H);
}

void ec_chin_residuals(const ec_chin_data *d, const double th[EC_CHIN_NPARAM], double *r, double *J)
{
    for (size_t i = 0; i < d->n; i++) {
        double t1 = th[EC_CHIN_A] - th[EC_CHIN_ALPHA] * d->lN[i];
        double t2 = th[EC_CHIN_B] - th[EC_CHIN_BETA] * d->lD[i];
        double t3 = th[EC_CHIN_E];
        double m = fmax(t1, fmax(t2, t3));
        double x1 = exp(t1 - m), x2 = exp(t2 - m), x3 = exp(t3 - m), s = x1 + x2 + x3;
        r[i] = m + log(s) - d->lL[i];
        if (J) {
            double *row = J + i * EC_CHIN_NPARAM;
            row[EC_CHIN_A] = x1 / s;
            row[EC_CHIN_B] = x2 / s;
            row[EC_CHIN_E] = x3 / s;
            row[EC_CHIN_ALPHA] = -x1 / s * d->lN[i];
            row[EC_CHIN_BETA] = -x2 / s * d->lD[i];
        }
    }
}
