/*
 * ec_simulate.c — Monte Carlo trajectories (see ec_simulate.h for the model).
 *
 * Draw i's numbers come from the counter (i, variable block, year), so any
 * thread may take any draw. With few times and many draws (run_fused) each
 * block of draws goes through every time in cache and no value is stored:
 * the percentiles' buckets are counted as the values are made, and a second
 * pass remakes the values and keeps those of the buckets holding the wanted
 * ranks (exact order statistics). Otherwise (run_batched) the draws advance
 * year by year in state arrays and the values of a batch of years are kept
 * for ec_quantiles_se. Sums for the mean and sd go over fixed blocks of
 * draws in a fixed order, so every number is the same for any thread count.
 */
#include "ec_simulate.h"

#include <math.h>
#include <omp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ec_chinchilla.h"
#include "ec_interval.h"
#include "ec_interval_impl.h"
#include "ec_random.h"

const char *const ec_sim_input_names[EC_SIM_N_INPUTS] = {"start_compute",  "start_efficiency", "compute_growth",
                                                         "algo_growth",    "slowdown_year",    "slowdown_growth"};

/* Counter blocks of a draw's uniforms. */
enum { CTR_INPUTS = 0, CTR_INPUTS2 = 1, CTR_YEAR = 2 };
/* Stream id of the simulation (other ids serve other uses of the seed). */
#define SIM_STREAM 0x53494dULL /* "SIM" */
#define EC_LN10 2.302585092994045684017991454684364208

void ec_sim_model_init(ec_sim_model *m)
{
    memset(m, 0, sizeof *m);
    ec_error err;
    ec_dist_parse("fixed(1)", &m->start_efficiency, &err);
    ec_dist_parse("fixed(0)", &m->algo, &err);
    m->algo_oom = 1;
    ec_dist_parse("fixed(1)", &m->start_compute, &err);
    ec_dist_parse("fixed(1)", &m->growth, &err);
    ec_dist_parse("fixed(1)", &m->slowdown_year, &err);
    ec_dist_parse("fixed(1)", &m->slowdown_growth, &err);
    for (int a = 0; a < EC_SIM_N_INPUTS; a++) m->rho[a * EC_SIM_N_INPUTS + a] = 1;
    m->k = 6;
}

void ec_sim_model_clear(ec_sim_model *m)
{
    if (!m) return;
    ec_dist_clear(&m->start_compute);
    ec_dist_clear(&m->start_efficiency);
    ec_dist_clear(&m->growth);
    ec_dist_clear(&m->slowdown_year);
    ec_dist_clear(&m->slowdown_growth);
    ec_dist_clear(&m->algo);
}

ec_sim_options ec_sim_default_options(void)
{
    static const double q[7] = {0.05, 0.10, 0.25, 0.50, 0.75, 0.90, 0.95};
    ec_sim_options o;
    memset(&o, 0, sizeof o);
    o.draws = 100000;
    o.seed = 42;
    o.q = q;
    o.nq = 7;
    return o;
}

void ec_sim_result_clear(ec_sim_result *r)
{
    if (!r) return;
    free(r->t);
    free(r->q);
    free(r->log_physical);
    free(r->log_physical_se);
    free(r->log_effective);
    free(r->log_effective_se);
    free(r->loss);
    free(r->loss_se);
    free(r->mean_log_physical);
    free(r->sd_log_physical);
    free(r->by_year);
    for (size_t j = 0; r->thr && j < r->n_thr; j++) {
        free(r->thr[j].year);
        free(r->thr[j].year_se);
        free(r->thr[j].p_by);
    }
    free(r->thr);
    free(r->draw_start);
    free(r->draw_eff0);
    free(r->draw_growth);
    free(r->draw_algo);
    free(r->draw_slow_year);
    free(r->draw_slow_growth);
    free(r->draw_log_physical_end);
    free(r->draw_log_effective_end);
    free(r->draw_loss_end);
    free(r->draw_replicate);
    free(r->draw_cross);
    memset(r, 0, sizeof *r);
}

/* ------------------------------------------------------------- checks */

/* The smallest value a distribution can take (its quantile near 0). */
static double dist_min(const ec_dist *d)
{
    return ec_dist_quantile(d, 1e-15);
}

int ec_sim_check_rate(const ec_dist *d, int oom, const char *name, ec_error *err)
{
    if (oom) return EC_OK;
    double lo = dist_min(d);
    if (!(lo > 0))
        return ec_error_set(err, EC_EINVAL,
                            "%s = %s: a growth factor per year must be positive, but this distribution reaches %g "
                            "(truncate it, e.g. lo=1, use a lognormal, or give rates in orders of magnitude per year)",
                            name, d->text, lo);
    return EC_OK;
}

/* log10 of a draw of a positive quantity at u (in log space: ec_dist_log_quantile). */
static inline double log10_draw(const ec_dist *d, double u)
{
    return ec_dist_log_quantile(d, u) / EC_LN10;
}

/* log10 of a rate draw at u: a factor per year, or already orders of magnitude per year. */
static inline double rate_log10(const ec_dist *d, double u, int oom)
{
    return oom ? ec_dist_quantile(d, u) : log10_draw(d, u);
}

/* ∫ of the schedule's rate over (a, b] (log10 per year). */
static double schedule_integral(const ec_sim_model *m, const double *lrate, double a, double b)
{
    double s = 0;
    size_t n = m->n_schedule;
    for (size_t j = 0; j < n; j++) {
        double lo = j == 0 ? -INFINITY : m->schedule_year[j], hi = j + 1 < n ? m->schedule_year[j + 1] : INFINITY;
        double x0 = a > lo ? a : lo, x1 = b < hi ? b : hi;
        if (x1 > x0) s += lrate[j] * (x1 - x0);
    }
    return s;
}

/* ------------------------------------------------------------------ run */

typedef struct sim_state {
    double *lthr_loss;     /* per replicate (or 1) × loss thresholds: log10 effective compute that reaches it */
    double *lthr_c;        /* log10 of the compute thresholds, ascending */
    size_t *ord;           /* the thresholds in the order they are reached (compute, then loss) */
} sim_state;

static void state_free(sim_state *s)
{
    free(s->lthr_loss);
    free(s->lthr_c);
    free(s->ord);
}

static int alloc_result(ec_sim_result *r, size_t n_times, size_t nq, size_t n_by, size_t n_thr, size_t draws,
                        int keep)
{
    size_t m = n_times * nq;
    r->t = malloc(sizeof(double) * n_times);
    r->q = malloc(sizeof(double) * (nq ? nq : 1));
    r->log_physical = malloc(sizeof(double) * m);
    r->log_physical_se = malloc(sizeof(double) * m);
    r->log_effective = malloc(sizeof(double) * m);
    r->log_effective_se = malloc(sizeof(double) * m);
    r->loss = malloc(sizeof(double) * m);
    r->loss_se = malloc(sizeof(double) * m);
    r->mean_log_physical = malloc(sizeof(double) * n_times);
    r->sd_log_physical = malloc(sizeof(double) * n_times);
    r->by_year = malloc(sizeof(double) * (n_by ? n_by : 1));
    r->thr = calloc(n_thr ? n_thr : 1, sizeof *r->thr);
    if (!r->t || !r->q || !r->log_physical || !r->log_physical_se || !r->log_effective || !r->log_effective_se ||
        !r->loss || !r->loss_se || !r->mean_log_physical || !r->sd_log_physical || !r->by_year || !r->thr)
        return EC_ENOMEM;
    r->n_thr = n_thr;
    for (size_t j = 0; j < n_thr; j++) {
        r->thr[j].year = malloc(sizeof(double) * (nq ? nq : 1));
        r->thr[j].year_se = malloc(sizeof(double) * (nq ? nq : 1));
        r->thr[j].p_by = malloc(sizeof(double) * (n_by ? n_by : 1));
        if (!r->thr[j].year || !r->thr[j].year_se || !r->thr[j].p_by) return EC_ENOMEM;
    }
    if (keep) {
        r->draw_start = malloc(sizeof(double) * draws);
        r->draw_eff0 = malloc(sizeof(double) * draws);
        r->draw_growth = malloc(sizeof(double) * draws);
        r->draw_algo = malloc(sizeof(double) * draws);
        r->draw_slow_year = malloc(sizeof(double) * draws);
        r->draw_slow_growth = malloc(sizeof(double) * draws);
        r->draw_log_physical_end = malloc(sizeof(double) * draws);
        r->draw_log_effective_end = malloc(sizeof(double) * draws);
        r->draw_loss_end = malloc(sizeof(double) * draws);
        r->draw_replicate = malloc(sizeof(size_t) * draws);
        r->draw_cross = malloc(sizeof(double) * draws * (n_thr ? n_thr : 1));
        if (!r->draw_start || !r->draw_eff0 || !r->draw_growth || !r->draw_algo || !r->draw_slow_year ||
            !r->draw_slow_growth || !r->draw_log_physical_end || !r->draw_log_effective_end || !r->draw_loss_end ||
            !r->draw_replicate || !r->draw_cross)
            return EC_ENOMEM;
    }
    return EC_OK;
}

/* Per replicate, what the loss needs, side by side: a draw's gather touches one line (two of ec_chin_const). */
typedef struct rep_loss {
    double gamma, E, K, pad;
} rep_loss;

/* What every draw's computation reads: the model, the options and what was derived from them once. */
typedef struct sim_ctx {
    const ec_sim_model *m;
    const ec_sim_options *opt;
    ec_sim_result *res;
    size_t n, nt, R, nC, nl, n_thr, n_by;
    int oom, slow, per_draw_g, second, correlated, has_law, nthreads;
    const ec_copula *cop;
    ec_stream st;
    double t0, lk, fix_lc, fix_la;
    const double *lrate, *Tcs, *lthr_loss;
    const size_t *ord;
    const rep_loss *rl;
} sim_ctx;

/* Draw i's inputs (through the copula), its replicate and its state at t0; its draws into res when keep.
 * Uniforms: counter (i, CTR_INPUTS) gives the slots 0-3 (growth, algo, replicate, start compute), (i,
 * CTR_INPUTS2) the slots 4-7 (start efficiency, slowdown year, slowdown growth), drawn only when one of those
 * varies or the copula mixes them. A fixed input is computed once (fix_lc, fix_la). */
static void draw_inputs(const sim_ctx *c, size_t i, double *lc, double *la, double *g, double *a, double *ys,
                        double *g2, uint32_t *rep, int keep)
{
    static const int slot[EC_SIM_N_INPUTS] = {3, 4, 0, 1, 5, 6}; /* by ec_sim_input */
    const ec_sim_model *m = c->m;
    double w[8], u[EC_SIM_N_INPUTS];
    ec_random_u01x4(&c->st, i, CTR_INPUTS, 0, 0, w);
    if (c->second) ec_random_u01x4(&c->st, i, CTR_INPUTS2, 0, 0, w + 4);
    for (int v = 0; v < EC_SIM_N_INPUTS; v++) u[v] = slot[v] < 4 || c->second ? w[slot[v]] : 0.5;
    if (c->correlated) ec_copula_apply(c->cop, u);
    const int vary_c = c->correlated || isnan(c->fix_lc), vary_a = c->correlated || isnan(c->fix_la);
    *lc = vary_c ? log10_draw(&m->start_compute, u[EC_SIM_START_COMPUTE]) : c->fix_lc;
    *la = vary_a ? log10_draw(&m->start_efficiency, u[EC_SIM_START_EFFICIENCY]) : c->fix_la;
    *g = c->per_draw_g ? rate_log10(&m->growth, u[EC_SIM_GROWTH], c->oom) : NAN;
    *a = m->algo_shocks ? NAN : rate_log10(&m->algo, u[EC_SIM_ALGO], m->algo_oom);
    if (c->slow) {
        *ys = ec_dist_quantile(&m->slowdown_year, u[EC_SIM_SLOWDOWN_YEAR]);
        *g2 = rate_log10(&m->slowdown_growth, u[EC_SIM_SLOWDOWN_GROWTH], c->oom);
    }
    const size_t R = c->R;
    size_t r = R ? (size_t)(w[2] * (double)R) : 0;
    *rep = (uint32_t)(r < R ? r : R ? R - 1 : 0);
    if (keep) {
        ec_sim_result *res = c->res;
        /* the draws themselves (not 10^log10, which moves the last digits of a fixed 4.64e26) */
        res->draw_start[i] = ec_dist_quantile(&m->start_compute, vary_c ? u[EC_SIM_START_COMPUTE] : 0.5);
        res->draw_eff0[i] = ec_dist_quantile(&m->start_efficiency, vary_a ? u[EC_SIM_START_EFFICIENCY] : 0.5);
        res->draw_growth[i] = *g;
        res->draw_algo[i] = *a;
        res->draw_slow_year[i] = c->slow ? *ys : NAN;
        res->draw_slow_growth[i] = c->slow ? *g2 : NAN;
        res->draw_replicate[i] = *rep;
    }
}

/* Time k of draws i0 .. i0 + cnt - 1, whose state lc, la (and inputs g, a, ys, g2, rep) start at index 0 of
 * these arrays: advances the state from time k - 1 (at k = 0 it is the start) and writes prev (log10 effective
 * compute before the step), phys, eff and loss; sums[0..1] the block's sum of phys and its sum of squares
 * about its own mean, when sums is not NULL. The same numbers for a draw whatever the block, as long as the
 * block's bounds are (exp of a block: vectors of 4, the rest one by one). */
static void step_block(const sim_ctx *c, size_t k, size_t i0, size_t cnt, double *lc, double *la, const double *g,
                       const double *a, const double *ys, const double *g2, const uint32_t *rep, double *prev,
                       double *phys, double *eff, double *loss, double *sums)
{
    const ec_sim_model *m = c->m;
    const double *t = c->res->t;
    const double ta = k ? t[k - 1] : c->t0, tb = t[k], dt = tb - ta;
    const int oom = c->oom;
    for (size_t i = 0; i < cnt; i++) prev[i] = lc[i] + la[i];
    if (k) { /* advance physical compute, then algorithmic efficiency, over (ta, tb] */
        switch (m->mode) {
        case EC_GROWTH_SHOCKS:
            for (size_t i = 0; i < cnt; i++) {
                double u[4];
                ec_random_u01x4(&c->st, i0 + i, CTR_YEAR, k, 0, u);
                lc[i] += dt * rate_log10(&m->growth, u[0], oom);
                if (m->algo_shocks) la[i] += dt * rate_log10(&m->algo, u[1], m->algo_oom);
            }
            break;
        case EC_GROWTH_SCHEDULE: {
            const double sched = schedule_integral(m, c->lrate, ta, tb);
            for (size_t i = 0; i < cnt; i++) lc[i] += sched;
            break;
        }
        case EC_GROWTH_SLOWDOWN:
            for (size_t i = 0; i < cnt; i++) {
                double y = ys[i], before = y <= ta ? 0 : y >= tb ? dt : y - ta;
                lc[i] += g[i] * before + g2[i] * (dt - before);
            }
            break;
        default:
            for (size_t i = 0; i < cnt; i++) lc[i] += dt * g[i];
            break;
        }
        if (!m->algo_shocks) {
            for (size_t i = 0; i < cnt; i++) la[i] += dt * a[i];
        } else if (m->mode != EC_GROWTH_SHOCKS) {
            for (size_t i = 0; i < cnt; i++) {
                double u[4];
                ec_random_u01x4(&c->st, i0 + i, CTR_YEAR, k, 0, u);
                la[i] += dt * rate_log10(&m->algo, u[1], m->algo_oom);
            }
        }
    }
    double s1 = 0, s2 = 0;
    for (size_t i = 0; i < cnt; i++) {
        double x = lc[i];
        phys[i] = x;
        eff[i] = x + la[i];
        s1 += x;
    }
    if (sums) {
        /* the block's sum of squares about its own mean (the block is in cache): merged without cancellation (a
         * fixed start has sd 0, not 1e-5) */
        const double mb = s1 / (double)cnt;
        for (size_t i = 0; i < cnt; i++) s2 += (phys[i] - mb) * (phys[i] - mb);
        sums[0] = s1;
        sums[1] = s2;
    }
    if (c->has_law) { /* L = E + K exp(-gamma ln(E_eff / k)), the exps of a block at once */
        const rep_loss *rl = c->rl;
        const double lk = c->lk;
        for (size_t i = 0; i < cnt; i++) loss[i] = -rl[rep[i]].gamma * (eff[i] * EC_LN10 - lk);
        ec_vexp(loss, loss, cnt);
        for (size_t i = 0; i < cnt; i++) {
            const rep_loss *r = &rl[rep[i]];
            loss[i] = r->E + r->K * loss[i];
        }
    } else {
        for (size_t i = 0; i < cnt; i++) loss[i] = NAN;
    }
}

/* First crossings at time k of cnt draws (prev, eff from step_block), linear in log10 within the step, into
 * cross[ord[j] * cs + i] (+inf until crossed). The thresholds of each kind in the order they are reached
 * (compute ascending; loss descending, the same order in every replicate), and per draw the next one not yet
 * reached (nxc, nxl): one comparison per draw and step, whatever their number. A threshold reached to within
 * rounding (1e-12 of its log10: a schedule that lands on 1e29 exactly sums to 28.999999999999996) counts as
 * reached, at most at the step's end. */
static inline double clamp01(double x)
{
    double f = x > 0 ? x : 0;
    return f < 1 ? f : 1;
}

static void cross_block(const sim_ctx *c, size_t k, size_t cnt, const double *prev, const double *eff,
                        const uint32_t *rep, uint8_t *nxc, uint8_t *nxl, double *cross, size_t cs)
{
    const double *t = c->res->t;
    const double t0 = c->t0, ta = k ? t[k - 1] : t0, dt = t[k] - ta;
    const size_t nC = c->nC, nl = c->nl, *ord = c->ord;
    const double *Tcs = c->Tcs;
#define REACHED(T) (isfinite(T) && le >= (T) - 1e-12 * (1 + fabs(T)))
/* the step's share clamped to [0, 1] as fmin(1, fmax(0, x)) does (NaN, from 0/0, to 0), without libm's calls */
#define AT(T) (k == 0 ? t0 : ta + dt * clamp01(((T) - lp) / (le - lp)))
    for (size_t i = 0; i < cnt; i++) {
        const double le = eff[i], lp = prev[i];
        unsigned j = nxc[i];
        if (j < nC && REACHED(Tcs[j])) {
            do {
                cross[ord[j] * cs + i] = AT(Tcs[j]);
                j++;
            } while (j < nC && REACHED(Tcs[j]));
            nxc[i] = (uint8_t)j;
        }
        if (nl) {
            const double *Tl = c->lthr_loss + (size_t)rep[i] * nl;
            j = nxl[i];
            if (j < nl && REACHED(Tl[j])) {
                do {
                    cross[ord[nC + j] * cs + i] = AT(Tl[j]);
                    j++;
                } while (j < nl && REACHED(Tl[j]));
                nxl[i] = (uint8_t)j;
            }
        }
    }
#undef REACHED
#undef AT
}

/* mean and sd of log10 physical compute at each time from the blocks' sums (sums[2 (k nblk + b)]): Chan, Golub
 * and LeVeque's merge of the blocks' sums of squares, in block order. */
static void merge_sums(const sim_ctx *c, const double *sums, size_t nblk, size_t blk)
{
    const size_t n = c->n;
    for (size_t k = 0; k < c->nt; k++) {
        const double *sk = sums + 2 * k * nblk;
        double s1 = 0;
        for (size_t b = 0; b < nblk; b++) s1 += sk[2 * b];
        const double mean = s1 / (double)n;
        double s2 = 0;
        for (size_t b = 0; b < nblk; b++) {
            size_t nb_ = ((b + 1) * blk < n ? (b + 1) * blk : n) - b * blk;
            double d = sk[2 * b] / (double)nb_ - mean;
            s2 += sk[2 * b + 1] + (double)nb_ * d * d;
        }
        double var = s2 / (double)(n - 1);
        c->res->mean_log_physical[k] = mean;
        c->res->sd_log_physical[k] = var > 0 ? sqrt(var) : 0;
    }
}

/* P(crossed by whole year Y), the share never crossed and crossed at the start, from counts over the draws:
 * hist[0..n_by] (crossed by every whole year from ceil(c) on, the last one beyond), never, already. */
static void cross_count(const sim_ctx *c, const double *cross, size_t cnt, size_t *hist, size_t *never,
                        size_t *already)
{
    const double t0 = c->t0, y1 = floor(t0) + 1;
    const size_t n_by = c->n_by;
    for (size_t i = 0; i < cnt; i++) {
        double x = cross[i];
        *never += isinf(x);
        *already += x == t0;
        if (!isinf(x)) {
            double y = ceil(x) < y1 ? y1 : ceil(x);
            size_t b = (size_t)(y - y1);
            hist[b < n_by ? b : n_by]++;
        }
    }
}

static void cross_finish(const sim_ctx *c, ec_sim_threshold *th, const size_t *hist, size_t never, size_t already)
{
    const double n = (double)c->n;
    th->never = (double)never / n;
    th->already = (double)already / n;
    size_t cum = 0;
    for (size_t y = 0; y < c->n_by; y++) {
        cum += hist[y];
        th->p_by[y] = (double)cum / n;
    }
}

enum { BLK = 4096 };

/* The run with every draw's state in arrays, year by year: the values of a batch of years are kept, then their
 * exact percentiles taken one (year, quantity) per job (ec_quantiles_se). For long horizons and few draws. */
static int run_batched(const sim_ctx *c)
{
    const ec_sim_options *opt = c->opt;
    ec_sim_result *res = c->res;
    const size_t n = c->n, nt = c->nt, nq = opt->nq, n_thr = c->n_thr, nblk = (n + BLK - 1) / BLK;
    const int nthreads = c->nthreads, law = c->has_law;
    /* Values of a batch of years, for their percentiles: a few years at a time, enough for one (year, quantity)
     * job per thread, in ~64 MB that is reused (a larger buffer costs more in first-touch page faults than the
     * percentile jobs gain). */
    size_t batch = (size_t)(64e6 / (3.0 * 8.0 * (double)n));
    /* two years at least when they fit in 128 MB (six jobs: two threads kept busy); never more, whatever the
     * thread count */
    if (batch < 2 && 2.0 * 3.0 * 8.0 * (double)n <= 128e6) batch = 2;
    if (batch < 1) batch = 1;
    if (batch > nt) batch = nt;
    const size_t ns = c->slow ? n : 1;
    double *lc = malloc(sizeof(double) * n), *la = malloc(sizeof(double) * n), *g = malloc(sizeof(double) * n),
           *a = malloc(sizeof(double) * n), *ys = malloc(sizeof(double) * ns), *g2 = malloc(sizeof(double) * ns);
    double *cross = malloc(sizeof(double) * n * (n_thr ? n_thr : 1));
    uint32_t *rep = malloc(sizeof(uint32_t) * n);
    uint8_t *nxc = calloc(n, 1), *nxl = calloc(n, 1);
    double *vals = malloc(sizeof(double) * 3 * n * batch), *sums = malloc(sizeof(double) * 2 * nblk * nt);
    int rc = EC_OK;
    if (!lc || !la || !g || !a || !ys || !g2 || !cross || !rep || !nxc || !nxl || !vals || !sums) {
        rc = EC_ENOMEM;
        goto done;
    }
#pragma omp parallel for num_threads(nthreads) schedule(static)
    for (size_t i = 0; i < n; i++) {
        const size_t is = c->slow ? i : 0;
        draw_inputs(c, i, lc + i, la + i, g + i, a + i, ys + is, g2 + is, rep + i, opt->keep_draws);
        for (size_t j = 0; j < n_thr; j++) cross[j * n + i] = INFINITY;
    }
    for (size_t k0 = 0; k0 < nt; k0 += batch) {
        size_t kb = nt - k0 < batch ? nt - k0 : batch;
        for (size_t kk = 0; kk < kb; kk++) {
            const size_t k = k0 + kk;
            double *phys = vals + (3 * kk) * n, *eff = phys + n, *loss = eff + n;
#pragma omp parallel for num_threads(nthreads) schedule(static)
            for (size_t b = 0; b < nblk; b++) {
                const size_t i0 = b * BLK, cnt = ((b + 1) * BLK < n ? (b + 1) * BLK : n) - i0, is = c->slow ? i0 : 0;
                double prev[BLK];
                step_block(c, k, i0, cnt, lc + i0, la + i0, g + i0, a + i0, ys + is, g2 + is, rep + i0, prev,
                           phys + i0, eff + i0, loss + i0, sums + 2 * (k * nblk + b));
                cross_block(c, k, cnt, prev, eff + i0, rep + i0, nxc + i0, nxl + i0, cross + i0, n);
            }
            if (opt->keep_draws && k == nt - 1) {
                memcpy(res->draw_log_physical_end, phys, sizeof(double) * n);
                memcpy(res->draw_log_effective_end, eff, sizeof(double) * n);
                memcpy(res->draw_loss_end, loss, sizeof(double) * n);
            }
        }
        /* The percentiles of the batch: one (year, quantity) per job. */
        const size_t jobs = 3 * kb - (law ? 0 : kb);
#pragma omp parallel for num_threads(nthreads) schedule(dynamic, 1)
        for (size_t jb = 0; jb < jobs; jb++) {
            size_t kk = jb / (law ? 3 : 2), which = jb % (law ? 3 : 2), k = k0 + kk;
            double *v = vals + (3 * kk + which) * n;
            double *out = which == 0 ? res->log_physical : which == 1 ? res->log_effective : res->loss;
            double *se = which == 0 ? res->log_physical_se : which == 1 ? res->log_effective_se : res->loss_se;
            ec_quantiles_se(v, n, opt->q, nq, out + k * nq, se + k * nq);
        }
    }
    merge_sums(c, sums, nblk, BLK);
    /* The crossings: quantiles of the crossing year (after the horizon: +inf), P(crossed by whole year Y). */
    int oom_thr = 0;
#pragma omp parallel num_threads(nthreads)
    {
        size_t *hist = malloc(sizeof(size_t) * (c->n_by + 1));
        if (!hist) {
#pragma omp atomic write
            oom_thr = 1;
        }
#pragma omp for schedule(dynamic, 1)
        for (size_t j = 0; j < n_thr; j++) {
            if (!hist) continue;
            size_t never = 0, already = 0;
            memset(hist, 0, sizeof(size_t) * (c->n_by + 1));
            cross_count(c, cross + j * n, n, hist, &never, &already);
            cross_finish(c, &res->thr[j], hist, never, already);
            for (size_t i = 0; opt->keep_draws && i < n; i++) res->draw_cross[i * n_thr + j] = cross[j * n + i];
            ec_quantiles_se(cross + j * n, n, opt->q, nq, res->thr[j].year, res->thr[j].year_se); /* may reorder */
        }
        free(hist);
    }
    if (oom_thr) rc = EC_ENOMEM;
done:
    free(lc), free(la), free(g), free(a), free(ys), free(g2), free(cross), free(rep), free(nxc), free(nxl);
    free(vals), free(sums);
    return rc;
}

/*
 * The fused run, for up to FUSED_TIMES times and at least FUSED_DRAWS draws: no value is stored. Each thread
 * takes a contiguous range of blocks of draws and runs each block through every time with its state in
 * cache. The percentiles are exact order statistics by bucket selection (as ec_order_stats), with the
 * buckets' range of each (time, quantity) set beforehand by a pilot of PILOT draws: the first pass counts each
 * value's bucket as it is made (per thread), the counts say which buckets hold the ranks wanted, and a second
 * pass makes the values again from the stored inputs and keeps those of these buckets only, each thread in
 * its own part of each bucket's space (so the same values whatever the thread count; their order within a
 * bucket does not matter to a selection). A quantity whose pilot values are all one value is checked in the
 * first pass (every value the same bits: its order statistics are that value) and otherwise, like one whose
 * range cannot be bucketed, kept whole in the second pass for ec_quantiles_se (as the batched run does).
 */
enum { FUSED_TIMES = 16, FUSED_DRAWS = 65536, FUSED_NB = 8192, PILOT = 4096 };
enum { JOB_NONE, JOB_HIST, JOB_CONST, JOB_ALL };

typedef struct fused_job {
    int kind;
    double lo, scale, value;     /* JOB_HIST: the buckets; JOB_CONST: the value */
    size_t nslot;                /* JOB_HIST: buckets holding a wanted rank */
    uint16_t *slot;              /* JOB_HIST: per bucket, its slot (1-based) or 0 */
    size_t *bucket, *region;     /* per slot: its bucket, and where its values start in the job's space */
    double *buf;                 /* the values kept (JOB_HIST: by slot; JOB_ALL: every draw's, in draw order) */
} fused_job;

static uint64_t bits_of(double x)
{
    uint64_t u;
    memcpy(&u, &x, sizeof u);
    return u;
}

static int cmp_pair(const void *x, const void *y)
{
    const size_t *a = x, *b = y;
    return (a[0] > b[0]) - (a[0] < b[0]);
}

/* The first pass's count of a block of job jo's values: into its buckets hj, or (a constant) the values that are
 * not its value into *mis. */
static void first_pass_count(const fused_job *jo, const double *v, size_t cnt, uint32_t *hj, double fnb, uint32_t *idx,
                             size_t *mis)
{
    if (jo->kind == JOB_HIST) {
        ec_bucket_block(v, cnt, jo->lo, jo->scale, fnb, idx);
        for (size_t i = 0; i < cnt; i++) hj[idx[i]]++;
    } else if (jo->kind == JOB_CONST) {
        const uint64_t cb = bits_of(jo->value);
        size_t d = 0;
        for (size_t i = 0; i < cnt; i++) d += bits_of(v[i]) != cb;
        *mis += d;
    }
}

static int run_fused(const sim_ctx *c)
{
    const ec_sim_options *opt = c->opt;
    ec_sim_result *res = c->res;
    const size_t n = c->n, nt = c->nt, nq = opt->nq, n_thr = c->n_thr, nblk = (n + BLK - 1) / BLK, nr = 4 * nq;
    const size_t J = 3 * nt + n_thr, T = (size_t)c->nthreads, n_by = c->n_by;
    const size_t nb = n / 16 < FUSED_NB ? n / 16 : FUSED_NB, nb2 = nb + 2;
    const double fnb = (double)nb;
    const int slow = c->slow, keep = opt->keep_draws;
    const int vary_c = c->correlated || isnan(c->fix_lc), vary_a = c->correlated || isnan(c->fix_la);
    const size_t ns = slow ? n : 1, S = PILOT, step = n / PILOT;
    /* per thread: the block's state and values (lc la g a ys g2 prev phys eff loss, the crossings), its
     * replicates, bucket indices, next thresholds */
    const size_t wd = (10 + n_thr) * BLK;
    fused_job *job = calloc(J, sizeof *job);
    double *g = malloc(sizeof(double) * n), *a = malloc(sizeof(double) * n), *ys = malloc(sizeof(double) * ns),
           *g2 = malloc(sizeof(double) * ns), *lc0 = vary_c ? malloc(sizeof(double) * n) : NULL,
           *la0 = vary_a ? malloc(sizeof(double) * n) : NULL;
    uint32_t *rep = malloc(sizeof(uint32_t) * n);
    double *sums = malloc(sizeof(double) * 2 * nblk * nt), *work = malloc(sizeof(double) * wd * T);
    uint32_t *iwork = malloc(sizeof(uint32_t) * 2 * BLK * T);
    uint8_t *nx = malloc(2 * BLK * T);
    double *pilot = malloc(sizeof(double) * J * S);
    uint32_t *hist = calloc(T * J * nb2, sizeof(uint32_t));
    size_t *mism = calloc(T * J, sizeof(size_t)), *wpos = malloc(sizeof(size_t) * T * J * (nr ? nr : 1));
    size_t *chist = calloc(T * n_thr * (n_by + 1) + 2 * T * n_thr + 1, sizeof(size_t));
    int rc = EC_OK, oom = 0;
    if (!job || !g || !a || !ys || !g2 || (vary_c && !lc0) || (vary_a && !la0) || !rep || !sums || !work || !iwork ||
        !nx || !pilot || !hist || !mism || !wpos || !chist || nr > UINT16_MAX) {
        rc = EC_ENOMEM;
        goto done;
    }
#pragma omp parallel num_threads(c->nthreads)
    {
        const size_t tid = (size_t)omp_get_thread_num(), nth = (size_t)omp_get_num_threads();
        double *w = work + wd * tid;
        double *lc = w, *la = w + BLK, *gb = w + 2 * BLK, *ab = w + 3 * BLK, *ysb = w + 4 * BLK, *g2b = w + 5 * BLK;
        double *prev = w + 6 * BLK, *val = w + 7 * BLK, *cross = w + 10 * BLK; /* val: phys, eff, loss */
        uint32_t *repb = iwork + 2 * BLK * tid, *idx = repb + BLK;
        uint8_t *nxc = nx + 2 * BLK * tid, *nxl = nxc + BLK;
        uint32_t *h = hist + tid * J * nb2;
        size_t *mis = mism + tid * J, *wp = wpos + tid * J * nr;
        size_t *ch = chist + tid * n_thr * (n_by + 1), *never = chist + T * n_thr * (n_by + 1) + 2 * tid * n_thr,
               *already = never + n_thr;
        const size_t b0 = nblk * tid / nth, b1 = nblk * (tid + 1) / nth;

        /* The pilot: draws 0, step, 2 step, ... (their values need only be near the others: a block of its own) */
#pragma omp for schedule(static)
        for (size_t p0 = 0; p0 < S; p0 += BLK / 4) {
            const size_t cnt = S - p0 < BLK / 4 ? S - p0 : BLK / 4;
            for (size_t i = 0; i < cnt; i++) {
                draw_inputs(c, (p0 + i) * step, lc + i, la + i, gb + i, ab + i, ysb + i, g2b + i, repb + i, 0);
                nxc[i] = nxl[i] = 0;
            }
            for (size_t j = 0; j < n_thr * BLK; j++) cross[j] = INFINITY;
            for (size_t k = 0; k < nt; k++) {
                step_block(c, k, p0 * step, cnt, lc, la, gb, ab, ysb, g2b, repb, prev, val, val + BLK,
                           val + 2 * BLK, NULL);
                cross_block(c, k, cnt, prev, val + BLK, repb, nxc, nxl, cross, BLK);
                for (size_t q = 0; q < 3; q++) memcpy(pilot + (3 * k + q) * S + p0, val + q * BLK, sizeof(double) * cnt);
            }
            for (size_t j = 0; j < n_thr; j++) memcpy(pilot + (3 * nt + j) * S + p0, cross + j * BLK, sizeof(double) * cnt);
        }
        /* Each quantity's buckets: over its pilot's finite range, as ec_order_stats' over its sample's. */
#pragma omp for schedule(static)
        for (size_t jb = 0; jb < J; jb++) {
            fused_job *jo = &job[jb];
            if (jb < 3 * nt && jb % 3 == 2 && !c->has_law) {
                jo->kind = JOB_NONE;
                continue;
            }
            const double *v = pilot + jb * S;
            double lo, hi;
            ec_finite_range(v, S, 1, &lo, &hi);
            int same = 1;
            for (size_t i = 0; i < S; i++) same &= bits_of(v[i]) == bits_of(v[0]);
            const double scale = ec_bucket_scale(fnb, lo, hi);
            if (same) {
                jo->kind = JOB_CONST;
                jo->value = v[0];
            } else if (lo < hi && isfinite(scale) && scale > 0) {
                jo->kind = JOB_HIST;
                jo->lo = lo;
                jo->scale = scale;
            } else {
                jo->kind = JOB_ALL;
            }
        }
        /* Pass 1: inputs (stored for pass 2), every time of each block, the buckets counted. */
        for (size_t b = b0; b < b1; b++) {
            const size_t i0 = b * BLK, cnt = ((b + 1) * BLK < n ? (b + 1) * BLK : n) - i0;
            for (size_t i = 0; i < cnt; i++) {
                const size_t is = slow ? i0 + i : 0;
                draw_inputs(c, i0 + i, lc + i, la + i, g + i0 + i, a + i0 + i, ys + is, g2 + is, rep + i0 + i, keep);
                if (vary_c) lc0[i0 + i] = lc[i];
                if (vary_a) la0[i0 + i] = la[i];
                nxc[i] = nxl[i] = 0;
            }
            for (size_t j = 0; j < n_thr * BLK; j++) cross[j] = INFINITY;
            const size_t is = slow ? i0 : 0;
            for (size_t k = 0; k < nt; k++) {
                step_block(c, k, i0, cnt, lc, la, g + i0, a + i0, ys + is, g2 + is, rep + i0, prev, val, val + BLK,
                           val + 2 * BLK, sums + 2 * (k * nblk + b));
                cross_block(c, k, cnt, prev, val + BLK, rep + i0, nxc, nxl, cross, BLK);
                if (keep && k == nt - 1) {
                    memcpy(res->draw_log_physical_end + i0, val, sizeof(double) * cnt);
                    memcpy(res->draw_log_effective_end + i0, val + BLK, sizeof(double) * cnt);
                    memcpy(res->draw_loss_end + i0, val + 2 * BLK, sizeof(double) * cnt);
                }
                for (size_t q = 0; q < 3; q++) {
                    const size_t jb = 3 * k + q;
                    const fused_job *jo = &job[jb];
                    const double *v = val + q * BLK;
                    first_pass_count(jo, v, cnt, h + jb * nb2, fnb, idx, &mis[jb]);
                }
            }
            for (size_t j = 0; j < n_thr; j++) {
                const size_t jb = 3 * nt + j;
                const fused_job *jo = &job[jb];
                const double *v = cross + j * BLK;
                cross_count(c, v, cnt, ch + j * (n_by + 1), never + j, already + j);
                for (size_t i = 0; keep && i < cnt; i++) res->draw_cross[(i0 + i) * n_thr + j] = v[i];
                first_pass_count(jo, v, cnt, h + jb * nb2, fnb, idx, &mis[jb]);
            }
        }
#pragma omp barrier
        /* The buckets that hold the wanted ranks, and each thread's part of their space. */
#pragma omp for schedule(dynamic, 1)
        for (size_t jb = 0; jb < J; jb++) {
            fused_job *jo = &job[jb];
            size_t d = 0;
            for (size_t t = 0; t < nth; t++) d += mism[t * J + jb];
            if (jo->kind == JOB_CONST && d) jo->kind = JOB_ALL;
            if (jo->kind == JOB_ALL) {
                jo->buf = malloc(sizeof(double) * n);
                if (!jo->buf) {
#pragma omp atomic write
                    oom = 1;
                }
                continue;
            }
            if (jo->kind != JOB_HIST) continue;
            size_t *ranks = malloc(sizeof(size_t) * 2 * nr);
            jo->slot = calloc(nb2, sizeof *jo->slot);
            jo->bucket = malloc(sizeof(size_t) * nr);
            jo->region = malloc(sizeof(size_t) * (nr + 1));
            if (!ranks || !jo->slot || !jo->bucket || !jo->region) {
                free(ranks);
#pragma omp atomic write
                oom = 1;
                continue;
            }
            ec_quantiles_se_ranks(n, opt->q, nq, ranks);
            size_t cum = 0, bk = 0, o = 0;
            uint32_t cb = 0;
            for (size_t t = 0; t < nth; t++) cb += hist[(t * J + jb) * nb2];
            /* the ranks in increasing order: each one's bucket */
            for (size_t r = nr; r-- > 0;) ranks[2 * r] = ranks[r], ranks[2 * r + 1] = r;
            qsort(ranks, nr, 2 * sizeof(size_t), cmp_pair);
            for (size_t r = 0; r < nr; r++) {
                while (cum + cb <= ranks[2 * r]) {
                    cum += cb, bk++;
                    cb = 0;
                    for (size_t t = 0; t < nth; t++) cb += hist[(t * J + jb) * nb2 + bk];
                }
                if (!jo->slot[bk]) {
                    jo->bucket[jo->nslot] = bk;
                    jo->region[jo->nslot] = o;
                    for (size_t t = 0; t < nth; t++) {
                        wpos[(t * J + jb) * nr + jo->nslot] = o;
                        o += hist[(t * J + jb) * nb2 + bk];
                    }
                    jo->slot[bk] = (uint16_t)++jo->nslot;
                }
            }
            jo->region[jo->nslot] = o;
            free(ranks);
            jo->buf = malloc(sizeof(double) * (o ? o : 1));
            if (!jo->buf) {
#pragma omp atomic write
                oom = 1;
            }
        }
        int collect_cross = 0;
        for (size_t j = 0; j < n_thr; j++) collect_cross |= job[3 * nt + j].kind == JOB_HIST || job[3 * nt + j].kind == JOB_ALL;
        /* Pass 2: the same values again from the stored inputs, those of the wanted buckets kept. */
        for (size_t b = b0; b < b1 && !oom; b++) {
            const size_t i0 = b * BLK, cnt = ((b + 1) * BLK < n ? (b + 1) * BLK : n) - i0, is = slow ? i0 : 0;
            for (size_t i = 0; i < cnt; i++) {
                lc[i] = vary_c ? lc0[i0 + i] : c->fix_lc;
                la[i] = vary_a ? la0[i0 + i] : c->fix_la;
                nxc[i] = nxl[i] = 0;
            }
            if (collect_cross)
                for (size_t j = 0; j < n_thr * BLK; j++) cross[j] = INFINITY;
            for (size_t k = 0; k < nt; k++) {
                step_block(c, k, i0, cnt, lc, la, g + i0, a + i0, ys + is, g2 + is, rep + i0, prev, val, val + BLK,
                           val + 2 * BLK, NULL);
                if (collect_cross) cross_block(c, k, cnt, prev, val + BLK, rep + i0, nxc, nxl, cross, BLK);
                for (size_t q = 0; q < 3 + (k == nt - 1 ? n_thr : 0); q++) {
                    const size_t jb = q < 3 ? 3 * k + q : 3 * nt + (q - 3);
                    const fused_job *jo = &job[jb];
                    const double *v = q < 3 ? val + q * BLK : cross + (q - 3) * BLK;
                    if (jo->kind == JOB_HIST) {
                        size_t *wj = wp + jb * nr;
                        ec_bucket_block(v, cnt, jo->lo, jo->scale, fnb, idx);
                        for (size_t i = 0; i < cnt; i++) {
                            unsigned sl = jo->slot[idx[i]];
                            if (sl) jo->buf[wj[sl - 1]++] = v[i];
                        }
                    } else if (jo->kind == JOB_ALL) {
                        memcpy(jo->buf + i0, v, sizeof(double) * cnt);
                    }
                }
            }
        }
#pragma omp barrier
        /* Each quantity's order statistics, quantiles and standard errors. */
#pragma omp for schedule(dynamic, 1)
        for (size_t jb = 0; jb < J; jb++) {
            fused_job *jo = &job[jb];
            double *out, *se;
            if (jb < 3 * nt) {
                const size_t k = jb / 3, q = jb % 3;
                out = (q == 0 ? res->log_physical : q == 1 ? res->log_effective : res->loss) + k * nq;
                se = (q == 0 ? res->log_physical_se : q == 1 ? res->log_effective_se : res->loss_se) + k * nq;
            } else {
                out = res->thr[jb - 3 * nt].year;
                se = res->thr[jb - 3 * nt].year_se;
            }
            if (jo->kind == JOB_NONE || oom) {
                for (size_t j = 0; j < nq; j++) out[j] = se[j] = NAN;
                continue;
            }
            if (jo->kind == JOB_ALL) {
                ec_quantiles_se(jo->buf, n, opt->q, nq, out, se);
                continue;
            }
            double *stats = malloc(sizeof(double) * (nr ? nr : 1));
            size_t *ranks = malloc(sizeof(size_t) * 3 * (nr ? nr : 1));
            if (!stats || !ranks) {
                free(stats), free(ranks);
#pragma omp atomic write
                oom = 1;
                continue;
            }
            if (jo->kind == JOB_CONST) {
                for (size_t r = 0; r < nr; r++) stats[r] = jo->value;
            } else {
                /* per slot, the ranks it holds (less the count below its bucket) */
                ec_quantiles_se_ranks(n, opt->q, nq, ranks);
                size_t *sub = ranks + nr, *pos = ranks + 2 * nr;
                size_t cum = 0, bk = 0;
                uint32_t cb = 0;
                for (size_t t = 0; t < nth; t++) cb += hist[(t * J + jb) * nb2];
                for (size_t r = nr; r-- > 0;) sub[r] = ranks[r];
                /* the ranks sorted, with where each came from */
                for (size_t r = 0; r < nr; r++) pos[r] = r;
                for (size_t r = 1; r < nr; r++) /* insertion sort: a few dozen ranks */
                    for (size_t s = r; s > 0 && ranks[pos[s - 1]] > ranks[pos[s]]; s--) {
                        size_t tmp = pos[s];
                        pos[s] = pos[s - 1], pos[s - 1] = tmp;
                    }
                for (size_t r = 0; r < nr; r++) {
                    const size_t rk = ranks[pos[r]];
                    while (cum + cb <= rk) {
                        cum += cb, bk++;
                        cb = 0;
                        for (size_t t = 0; t < nth; t++) cb += hist[(t * J + jb) * nb2 + bk];
                    }
                    sub[pos[r]] = rk - cum;
                    ranks[pos[r]] = bk; /* now the bucket */
                }
                double got;
                for (size_t r = 0; r < nr; r++) {
                    const size_t sl = jo->slot[ranks[r]] - 1;
                    double *v = jo->buf + jo->region[sl];
                    ec_order_stats(v, jo->region[sl + 1] - jo->region[sl], sub + r, 1, &got);
                    stats[r] = got;
                }
            }
            ec_quantiles_se_finish(n, opt->q, nq, stats, out, se);
            free(stats), free(ranks);
        }
    }
    if (oom) {
        rc = EC_ENOMEM;
        goto done;
    }
    merge_sums(c, sums, nblk, BLK);
    for (size_t j = 0; j < n_thr; j++) {
        size_t never = 0, already = 0;
        size_t *sum = malloc(sizeof(size_t) * (n_by + 1));
        if (!sum) {
            rc = EC_ENOMEM;
            break;
        }
        for (size_t y = 0; y <= n_by; y++) {
            sum[y] = 0;
            for (size_t t = 0; t < T; t++) sum[y] += chist[(t * n_thr + j) * (n_by + 1) + y];
        }
        for (size_t t = 0; t < T; t++) {
            never += chist[T * n_thr * (n_by + 1) + 2 * t * n_thr + j];
            already += chist[T * n_thr * (n_by + 1) + 2 * t * n_thr + n_thr + j];
        }
        cross_finish(c, &res->thr[j], sum, never, already);
        free(sum);
    }
done:
    for (size_t jb = 0; job && jb < J; jb++) free(job[jb].slot), free(job[jb].bucket), free(job[jb].region), free(job[jb].buf);
    free(job), free(g), free(a), free(ys), free(g2), free(lc0), free(la0), free(rep), free(sums), free(work);
    free(iwork), free(nx), free(pilot), free(hist), free(mism), free(wpos), free(chist);
    return rc;
}

int ec_simulate(const ec_sim_model *m, const ec_sim_options *opt_in, ec_sim_result *res, ec_error *err)
{
    memset(res, 0, sizeof *res);
    ec_sim_options opt = opt_in ? *opt_in : ec_sim_default_options();
    const size_t n = opt.draws;
    if (n < 2) return ec_error_set(err, EC_EINVAL, "simulate: draws must be at least 2 (percentiles need two)");
    if (n > UINT32_MAX) return ec_error_set(err, EC_EINVAL, "simulate: %zu draws are more than 2^32 - 1", n);
    if (!isfinite(m->start_year)) return ec_error_set(err, EC_EINVAL, "simulate: the start year is not set");
    if (!(opt.end_year > m->start_year))
        return ec_error_set(err, EC_EINVAL, "simulate: the end year %g is not after the start year %g", opt.end_year,
                            m->start_year);
    if (opt.end_year - m->start_year < 1e-6)
        return ec_error_set(err, EC_EINVAL, "simulate: the end year %.10g is too close to the start year %.10g",
                            opt.end_year, m->start_year);
    if (opt.end_year - m->start_year > 1000)
        return ec_error_set(err, EC_EINVAL, "simulate: a horizon of %g years is more than 1000", opt.end_year - m->start_year);
    for (size_t j = 0; j < opt.nq; j++)
        if (!(opt.q[j] > 0 && opt.q[j] < 1))
            return ec_error_set(err, EC_EINVAL, "simulate: quantile %g is not in (0, 1) (write percentiles as 5,50,95)",
                                opt.q[j]);
    for (size_t j = 0; j < opt.n_thr_compute; j++)
        if (!(opt.thr_compute[j] > 0) || !isfinite(opt.thr_compute[j]))
            return ec_error_set(err, EC_EINVAL, "simulate: compute threshold %g is not a positive number of FLOP",
                                opt.thr_compute[j]);
    for (size_t j = 0; j < opt.n_thr_loss; j++)
        if (!isfinite(opt.thr_loss[j]))
            return ec_error_set(err, EC_EINVAL, "simulate: loss threshold %g is not a number", opt.thr_loss[j]);
    const ec_law *law = m->law;
    if (law && strcmp(law->form->name, "chinchilla") != 0)
        return ec_error_set(err, EC_EINVAL, "simulate: the loss needs a chinchilla law (got %s)", law->form->name);
    if (opt.n_thr_compute > 255 || opt.n_thr_loss > 255)
        return ec_error_set(err, EC_EINVAL, "simulate: at most 255 thresholds of each kind (got %zu compute, %zu loss)",
                            opt.n_thr_compute, opt.n_thr_loss);
    if (!law && opt.n_thr_loss)
        return ec_error_set(err, EC_EINVAL, "simulate: loss thresholds need a fitted law (--fit)");
    if (!(m->k > 0)) return ec_error_set(err, EC_EINVAL, "simulate: k = %g must be positive", m->k);
    int rc;
    const int oom = m->growth_oom;
    if (m->mode == EC_GROWTH_SCHEDULE) {
        if (m->n_schedule == 0)
            return ec_error_set(err, EC_EINVAL, "simulate: growth mode schedule needs a schedule [[year, rate], ...]");
        for (size_t j = 0; j < m->n_schedule; j++) {
            if (j && !(m->schedule_year[j] > m->schedule_year[j - 1]))
                return ec_error_set(err, EC_EINVAL, "simulate: schedule years must increase (%g after %g)",
                                    m->schedule_year[j], m->schedule_year[j - 1]);
            if (!oom && !(m->schedule_rate[j] > 0))
                return ec_error_set(err, EC_EINVAL, "simulate: schedule rate %g is not a positive factor per year",
                                    m->schedule_rate[j]);
        }
    } else if ((rc = ec_sim_check_rate(&m->growth, oom, "compute_growth", err))) {
        return rc;
    }
    if (m->mode == EC_GROWTH_SLOWDOWN && (rc = ec_sim_check_rate(&m->slowdown_growth, oom, "slowdown_growth", err))) return rc;
    if ((rc = ec_sim_check_rate(&m->algo, m->algo_oom, "algo_growth", err))) return rc;
    if (!(dist_min(&m->start_compute) > 0))
        return ec_error_set(err, EC_EINVAL, "start_compute = %s: compute must be positive", m->start_compute.text);
    if (!(dist_min(&m->start_efficiency) > 0))
        return ec_error_set(err, EC_EINVAL, "start_efficiency = %s: an efficiency factor must be positive",
                            m->start_efficiency.text);
    /* The copula, when any correlation is set. */
    int correlated = 0;
    for (int a = 0; a < EC_SIM_N_INPUTS; a++)
        for (int b = 0; b < EC_SIM_N_INPUTS; b++)
            if (a != b && m->rho[a * EC_SIM_N_INPUTS + b] != 0) {
                correlated = 1;
                if ((m->mode == EC_GROWTH_SHOCKS && (a == EC_SIM_GROWTH || b == EC_SIM_GROWTH)) ||
                    (m->algo_shocks && (a == EC_SIM_ALGO || b == EC_SIM_ALGO)))
                    return ec_error_set(err, EC_EINVAL,
                                        "simulate: correlation %s:%s: %s is drawn anew each year (shocks); "
                                        "correlations are between inputs drawn once per draw",
                                        ec_sim_input_names[a], ec_sim_input_names[b],
                                        (m->mode == EC_GROWTH_SHOCKS && (a == EC_SIM_GROWTH || b == EC_SIM_GROWTH))
                                            ? "compute_growth"
                                            : "algo_growth");
            }
    ec_copula cop = {0, NULL};
    if (correlated && (rc = ec_copula_init(&cop, m->rho, EC_SIM_N_INPUTS, err))) return rc;

    const double t0 = m->start_year;
    /* Times: the start, the whole years after it up to the end, and the end when it is not whole. */
    const double yfirst = floor(t0) + 1, ylast = floor(opt.end_year + 1e-9);
    const size_t nwhole = ylast >= yfirst ? (size_t)(ylast - yfirst) + 1 : 0;
    const int frac_end = opt.end_year - ylast > 1e-9;
    const size_t nt = 1 + nwhole + (size_t)frac_end, nq = opt.nq;
    size_t n_by = 0;
    for (double Y = floor(t0) + 1; Y <= opt.end_year + 1e-9; Y++) n_by++;
    const size_t n_thr = opt.n_thr_compute + opt.n_thr_loss;
    const size_t R = law ? law->n_reps : 0;
    sim_state s;
    memset(&s, 0, sizeof s);
    const int nthreads = opt.threads > 0 ? opt.threads : omp_get_max_threads();
    rc = alloc_result(res, nt, nq, n_by, n_thr, n, opt.keep_draws);
    if (!rc) {
        s.lthr_loss = malloc(sizeof(double) * (R ? R : 1) * (opt.n_thr_loss ? opt.n_thr_loss : 1));
        s.lthr_c = malloc(sizeof(double) * (opt.n_thr_compute ? opt.n_thr_compute : 1));
        s.ord = malloc(sizeof(size_t) * (n_thr ? n_thr : 1));
        if (!s.lthr_loss || !s.lthr_c || !s.ord) rc = EC_ENOMEM;
    }
    if (rc) {
        state_free(&s);
        ec_copula_clear(&cop);
        ec_sim_result_clear(res);
        return ec_error_set(err, EC_ENOMEM, "simulate: out of memory (%zu draws)", n);
    }
    res->draws = n;
    res->n_times = nt;
    res->nq = nq;
    res->n_by = n_by;
    res->has_loss = law != NULL;
    res->replicates = R;
    res->seed = opt.seed;
    memcpy(res->q, opt.q, sizeof(double) * nq);
    res->t[0] = t0;
    for (size_t k = 0; k < nwhole; k++) res->t[1 + k] = yfirst + (double)k;
    if (frac_end) res->t[nt - 1] = opt.end_year;
    for (size_t j = 0; j < n_by; j++) res->by_year[j] = floor(t0) + 1 + (double)j;
    for (size_t j = 0; j < n_thr; j++) {
        res->thr[j].loss = j >= opt.n_thr_compute;
        res->thr[j].value = j < opt.n_thr_compute ? opt.thr_compute[j] : opt.thr_loss[j - opt.n_thr_compute];
    }
    /* ord[j]: the threshold (result index) of the j-th compute threshold by value, then of the j-th loss
     * threshold by value descending; Tcs the sorted log10 compute thresholds, lthr_loss sorted likewise. */
    const size_t nC = opt.n_thr_compute;
    for (size_t j = 0; j < n_thr; j++) s.ord[j] = j;
    for (size_t a = 1; a < nC; a++) /* insertion sorts: a handful of thresholds */
        for (size_t b = a; b > 0 && opt.thr_compute[s.ord[b - 1]] > opt.thr_compute[s.ord[b]]; b--) {
            size_t t = s.ord[b]; s.ord[b] = s.ord[b - 1]; s.ord[b - 1] = t;
        }
    for (size_t a = nC + 1; a < n_thr; a++)
        for (size_t b = a; b > nC && opt.thr_loss[s.ord[b - 1] - nC] < opt.thr_loss[s.ord[b] - nC]; b--) {
            size_t t = s.ord[b]; s.ord[b] = s.ord[b - 1]; s.ord[b - 1] = t;
        }
    for (size_t j = 0; j < nC; j++) s.lthr_c[j] = log10(opt.thr_compute[s.ord[j]]);
    /* Loss thresholds as log10 effective compute, per replicate: L = E + K (C/k)^-γ reaches T at
     * C = k ((T − E)/K)^(−1/γ); never when T <= E. */
    const ec_chin_const *chin = law ? (R ? law->reps_chin : &law->chin) : NULL;
    const size_t nc = R ? R : 1, nl = opt.n_thr_loss;
    for (size_t r = 0; law && r < nc; r++)
        for (size_t j = 0; j < nl; j++) {
            double gap = opt.thr_loss[s.ord[nC + j] - nC] - chin[r].E;
            s.lthr_loss[r * nl + j] =
                gap > 0 ? (log(m->k) + (chin[r].lK - log(gap)) / chin[r].gamma) / EC_LN10 : INFINITY;
        }
    double *lrate = NULL;
    if (m->mode == EC_GROWTH_SCHEDULE) {
        lrate = malloc(sizeof(double) * m->n_schedule);
        if (!lrate) rc = EC_ENOMEM;
        for (size_t j = 0; lrate && j < m->n_schedule; j++) lrate[j] = oom ? m->schedule_rate[j] : log10(m->schedule_rate[j]);
    }
    const size_t nr_ = law ? (R ? R : 1) : 0;
    rep_loss *rl = malloc(sizeof(rep_loss) * (nr_ ? nr_ : 1));
    if (!rl) rc = EC_ENOMEM;
    for (size_t r = 0; rl && r < nr_; r++) rl[r] = (rep_loss){chin[r].gamma, chin[r].E, chin[r].K, 0};
    const int slow = m->mode == EC_GROWTH_SLOWDOWN;
    sim_ctx c = {
        .m = m, .opt = &opt, .res = res, .n = n, .nt = nt, .R = R, .nC = nC, .nl = nl, .n_thr = n_thr, .n_by = n_by,
        .oom = oom, .slow = slow, .per_draw_g = m->mode == EC_GROWTH_CONSTANT || slow,
        .second = correlated || !ec_dist_is_fixed(&m->start_efficiency) || slow, .correlated = correlated,
        .has_law = law != NULL, .nthreads = nthreads, .cop = &cop, .st = ec_stream_of(opt.seed, SIM_STREAM),
        .t0 = t0, .lk = log(m->k),
        .fix_lc = ec_dist_is_fixed(&m->start_compute) ? log10_draw(&m->start_compute, 0.5) : NAN,
        .fix_la = ec_dist_is_fixed(&m->start_efficiency) ? log10_draw(&m->start_efficiency, 0.5) : NAN,
        .lrate = lrate, .Tcs = s.lthr_c, .lthr_loss = s.lthr_loss, .ord = s.ord, .rl = rl,
    };
    /* The fused run (no value stored) when the times are few and the draws many, else year by year. */
    if (!rc)
        rc = nt <= FUSED_TIMES && n >= FUSED_DRAWS && 4 * nq <= UINT16_MAX ? run_fused(&c) : run_batched(&c);
    free(rl);
    free(lrate);
    state_free(&s);
    ec_copula_clear(&cop);
    if (rc) {
        ec_sim_result_clear(res);
        return ec_error_set(err, EC_ENOMEM, "simulate: out of memory");
    }
    return EC_OK;
}
