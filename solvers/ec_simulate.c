/*
 * ec_simulate.c — Monte Carlo trajectories (see ec_simulate.h for the model).
 *
 * The draws advance year by year in state arrays (log10 C, log10 A and the
 * per-draw rates), in parallel over draws: draw i's numbers come from the
 * counter (i, variable block, year), so any thread may take any draw. The
 * values of a batch of years are kept (physical, effective, loss), then
 * their exact percentiles are taken one (year, quantity) per job in
 * parallel (ec_quantiles_se: bucket selection, no sort). Sums for the
 * mean and sd go over fixed blocks of draws in a fixed order, so every
 * number is the same for any thread count.
 */
#include "ec_simulate.h"

#include <math.h>
#include <omp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ec_chinchilla.h"
#include "ec_interval.h"
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
    double *lc, *la, *g, *a, *ys, *g2, *cross;
    uint32_t *rep;
    double *lthr_loss;     /* per replicate (or 1) × loss thresholds: log10 effective compute that reaches it */
    double *lthr_c;        /* log10 of the compute thresholds, ascending */
    size_t *ord;           /* the thresholds in the order they are reached (compute, then loss) */
    uint8_t *nxc, *nxl;    /* per draw: the next compute and loss threshold (in that order) not yet reached */
} sim_state;

static void state_free(sim_state *s)
{
    free(s->lc);
    free(s->la);
    free(s->g);
    free(s->a);
    free(s->ys);
    free(s->g2);
    free(s->cross);
    free(s->rep);
    free(s->lthr_loss);
    free(s->lthr_c);
    free(s->ord);
    free(s->nxc);
    free(s->nxl);
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
    /* Values of a batch of years, for their percentiles: a few years at a time, enough for one (year, quantity)
     * job per thread, in ~64 MB that is reused (a larger buffer costs more in first-touch page faults than the
     * percentile jobs gain). */
    size_t batch = (size_t)(64e6 / (3.0 * 8.0 * (double)n));
    /* two years at least when they fit in 128 MB (six jobs: two threads kept busy); never more, whatever the
     * thread count */
    if (batch < 2 && 2.0 * 3.0 * 8.0 * (double)n <= 128e6) batch = 2;
    if (batch < 1) batch = 1;
    if (batch > nt) batch = nt;
    double *vals = NULL, *sums = NULL;
    enum { BLK = 4096 };
    const size_t nblk = (n + BLK - 1) / BLK;
    rc = alloc_result(res, nt, nq, n_by, n_thr, n, opt.keep_draws);
    if (!rc) {
        s.lc = malloc(sizeof(double) * n);
        s.la = malloc(sizeof(double) * n);
        s.g = malloc(sizeof(double) * n);
        s.a = malloc(sizeof(double) * n);
        s.ys = malloc(sizeof(double) * (m->mode == EC_GROWTH_SLOWDOWN ? n : 1));
        s.g2 = malloc(sizeof(double) * (m->mode == EC_GROWTH_SLOWDOWN ? n : 1));
        s.rep = malloc(sizeof(uint32_t) * n);
        s.cross = malloc(sizeof(double) * n * (n_thr ? n_thr : 1));
        s.lthr_loss = malloc(sizeof(double) * (R ? R : 1) * (opt.n_thr_loss ? opt.n_thr_loss : 1));
        s.lthr_c = malloc(sizeof(double) * (opt.n_thr_compute ? opt.n_thr_compute : 1));
        s.ord = malloc(sizeof(size_t) * (n_thr ? n_thr : 1));
        s.nxc = calloc(n, 1);
        s.nxl = calloc(n, 1);
        vals = malloc(sizeof(double) * 3 * n * batch);
        sums = malloc(sizeof(double) * 2 * nblk);
        if (!s.lc || !s.la || !s.g || !s.a || !s.ys || !s.g2 || !s.rep || !s.cross || !s.lthr_loss || !s.lthr_c || !s.ord || !s.nxc || !s.nxl || !vals || !sums)
            rc = EC_ENOMEM;
    }
    if (rc) {
        free(vals);
        free(sums);
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
    const double *Tcs = s.lthr_c;
    const size_t *ord = s.ord;
    uint8_t *nxc = s.nxc, *nxl = s.nxl;
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
    const ec_stream st = ec_stream_of(opt.seed, SIM_STREAM);
    const double lk = log(m->k);

    /* Per draw: its inputs (through the copula), its replicate, its state at t0. */
    /* Uniforms: counter (i, CTR_INPUTS) gives the slots 0-3 (growth, algo, replicate, start compute), (i,
     * CTR_INPUTS2) the slots 4-7 (start efficiency, slowdown year, slowdown growth), drawn only when one of those
     * varies or the copula mixes them. A fixed input is computed once. */
    static const int slot[EC_SIM_N_INPUTS] = {3, 4, 0, 1, 5, 6}; /* by ec_sim_input */
    const int slow = m->mode == EC_GROWTH_SLOWDOWN, per_draw_g = m->mode == EC_GROWTH_CONSTANT || slow;
    const int second = correlated || !ec_dist_is_fixed(&m->start_efficiency) || slow;
    const double fix_lc = ec_dist_is_fixed(&m->start_compute) ? log10_draw(&m->start_compute, 0.5) : NAN;
    const double fix_la = ec_dist_is_fixed(&m->start_efficiency) ? log10_draw(&m->start_efficiency, 0.5) : NAN;
#pragma omp parallel for num_threads(nthreads) schedule(static)
    for (size_t i = 0; i < n; i++) {
        double w[8], u[EC_SIM_N_INPUTS];
        ec_random_u01x4(&st, i, CTR_INPUTS, 0, 0, w);
        if (second) ec_random_u01x4(&st, i, CTR_INPUTS2, 0, 0, w + 4);
        for (int v = 0; v < EC_SIM_N_INPUTS; v++) u[v] = slot[v] < 4 || second ? w[slot[v]] : 0.5;
        if (correlated) ec_copula_apply(&cop, u);
        s.lc[i] = correlated || isnan(fix_lc) ? log10_draw(&m->start_compute, u[EC_SIM_START_COMPUTE]) : fix_lc;
        s.la[i] = correlated || isnan(fix_la) ? log10_draw(&m->start_efficiency, u[EC_SIM_START_EFFICIENCY]) : fix_la;
        s.g[i] = per_draw_g ? rate_log10(&m->growth, u[EC_SIM_GROWTH], oom) : NAN;
        s.a[i] = m->algo_shocks ? NAN : rate_log10(&m->algo, u[EC_SIM_ALGO], m->algo_oom);
        if (slow) {
            s.ys[i] = ec_dist_quantile(&m->slowdown_year, u[EC_SIM_SLOWDOWN_YEAR]);
            s.g2[i] = rate_log10(&m->slowdown_growth, u[EC_SIM_SLOWDOWN_GROWTH], oom);
        }
        size_t r = R ? (size_t)(w[2] * (double)R) : 0;
        s.rep[i] = (uint32_t)(r < R ? r : R ? R - 1 : 0);
        for (size_t j = 0; j < n_thr; j++) s.cross[j * n + i] = INFINITY;
        if (opt.keep_draws) {
            /* the draws themselves (not 10^log10, which moves the last digits of a fixed 4.64e26) */
            res->draw_start[i] = ec_dist_quantile(&m->start_compute, correlated || isnan(fix_lc) ? u[EC_SIM_START_COMPUTE] : 0.5);
            res->draw_eff0[i] = ec_dist_quantile(&m->start_efficiency, correlated || isnan(fix_la) ? u[EC_SIM_START_EFFICIENCY] : 0.5);
            res->draw_growth[i] = s.g[i];
            res->draw_algo[i] = s.a[i];
            res->draw_slow_year[i] = slow ? s.ys[i] : NAN;
            res->draw_slow_growth[i] = slow ? s.g2[i] : NAN;
            res->draw_replicate[i] = s.rep[i];
        }
    }

    /* Year by year, in batches whose values are kept for the percentiles. */
    for (size_t k0 = 0; k0 < nt && !rc; k0 += batch) {
        size_t kb = nt - k0 < batch ? nt - k0 : batch;
        for (size_t kk = 0; kk < kb; kk++) {
            const size_t k = k0 + kk;
            const double ta = k ? res->t[k - 1] : t0, tb = res->t[k];
            const double sched = m->mode == EC_GROWTH_SCHEDULE && k ? schedule_integral(m, lrate, ta, tb) : 0;
            double *phys = vals + (3 * kk) * n, *eff = phys + n, *loss = eff + n;
#pragma omp parallel for num_threads(nthreads) schedule(static)
            for (size_t b = 0; b < nblk; b++) {
                const size_t i0 = b * BLK, i1 = (b + 1) * BLK < n ? (b + 1) * BLK : n;
                double prev[BLK];
                double *lc = s.lc, *la = s.la;
                const double dt = tb - ta;
                for (size_t i = i0; i < i1; i++) prev[i - i0] = lc[i] + la[i];
                if (k) { /* advance physical compute, then algorithmic efficiency, over (ta, tb] */
                    switch (m->mode) {
                    case EC_GROWTH_SHOCKS:
                        for (size_t i = i0; i < i1; i++) {
                            double u[4];
                            ec_random_u01x4(&st, i, CTR_YEAR, k, 0, u);
                            lc[i] += dt * rate_log10(&m->growth, u[0], oom);
                            if (m->algo_shocks) la[i] += dt * rate_log10(&m->algo, u[1], m->algo_oom);
                        }
                        break;
                    case EC_GROWTH_SCHEDULE:
                        for (size_t i = i0; i < i1; i++) lc[i] += sched;
                        break;
                    case EC_GROWTH_SLOWDOWN:
                        for (size_t i = i0; i < i1; i++) {
                            double y = s.ys[i], before = y <= ta ? 0 : y >= tb ? dt : y - ta;
                            lc[i] += s.g[i] * before + s.g2[i] * (dt - before);
                        }
                        break;
                    default:
                        for (size_t i = i0; i < i1; i++) lc[i] += dt * s.g[i];
                        break;
                    }
                    if (!m->algo_shocks) {
                        for (size_t i = i0; i < i1; i++) la[i] += dt * s.a[i];
                    } else if (m->mode != EC_GROWTH_SHOCKS) {
                        for (size_t i = i0; i < i1; i++) {
                            double u[4];
                            ec_random_u01x4(&st, i, CTR_YEAR, k, 0, u);
                            la[i] += dt * rate_log10(&m->algo, u[1], m->algo_oom);
                        }
                    }
                }
                double s1 = 0, s2 = 0;
                for (size_t i = i0; i < i1; i++) {
                    double x = lc[i];
                    phys[i] = x;
                    eff[i] = x + la[i];
                    s1 += x;
                }
                /* the block's sum of squares about its own mean (the block is in cache): merged below without
                 * cancellation (a fixed start has sd 0, not 1e-5) */
                const double mb = s1 / (double)(i1 - i0);
                for (size_t i = i0; i < i1; i++) s2 += (phys[i] - mb) * (phys[i] - mb);
                if (law) { /* L = E + K exp(-gamma ln(E_eff / k)), the exps of a block at once */
                    double *arg = loss + i0;
                    for (size_t i = i0; i < i1; i++) arg[i - i0] = -chin[s.rep[i]].gamma * (eff[i] * EC_LN10 - lk);
                    ec_vexp(arg, arg, i1 - i0);
                    for (size_t i = i0; i < i1; i++) {
                        const ec_chin_const *c = &chin[s.rep[i]];
                        loss[i] = c->E + c->K * loss[i];
                    }
                } else {
                    for (size_t i = i0; i < i1; i++) loss[i] = NAN;
                }
                /* First crossings, linear in log10 within the step. The thresholds of each kind in the order they
                 * are reached (compute ascending; loss descending, the same order in every replicate), and per
                 * draw the next one not yet reached: one comparison per draw and step, whatever their number. */
                /* A threshold reached to within rounding (1e-12 of its log10: a schedule that lands on 1e29
                 * exactly sums to 28.999999999999996) counts as reached, at most at the step's end. */
#define REACHED(T) (isfinite(T) && le >= (T) - 1e-12 * (1 + fabs(T)))
#define AT(T) (k == 0 ? t0 : ta + dt * fmin(1, fmax(0, ((T) - lp) / (le - lp))))
                for (size_t i = i0; i < i1; i++) {
                    const double le = eff[i], lp = prev[i - i0];
                    unsigned j = nxc[i];
                    if (j < nC && REACHED(Tcs[j])) {
                        do {
                            s.cross[ord[j] * n + i] = AT(Tcs[j]);
                            j++;
                        } while (j < nC && REACHED(Tcs[j]));
                        nxc[i] = (uint8_t)j;
                    }
                    if (nl) {
                        const double *Tl = s.lthr_loss + (size_t)s.rep[i] * nl;
                        j = nxl[i];
                        if (j < nl && REACHED(Tl[j])) {
                            do {
                                s.cross[ord[nC + j] * n + i] = AT(Tl[j]);
                                j++;
                            } while (j < nl && REACHED(Tl[j]));
                            nxl[i] = (uint8_t)j;
                        }
                    }
                }
#undef REACHED
#undef AT
                sums[2 * b] = s1;
                sums[2 * b + 1] = s2;
            }
            double s1 = 0;
            for (size_t b = 0; b < nblk; b++) s1 += sums[2 * b];
            const double mean = s1 / (double)n;
            /* Chan, Golub and LeVeque's merge of the blocks' sums of squares, in block order */
            double s2 = 0;
            for (size_t b = 0; b < nblk; b++) {
                size_t nb_ = ((b + 1) * BLK < n ? (b + 1) * BLK : n) - b * BLK;
                double d = sums[2 * b] / (double)nb_ - mean;
                s2 += sums[2 * b + 1] + (double)nb_ * d * d;
            }
            double var = s2 / (double)(n - 1);
            res->mean_log_physical[k] = mean;
            res->sd_log_physical[k] = var > 0 ? sqrt(var) : 0;
            if (opt.keep_draws && k == nt - 1) {
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
            ec_quantiles_se(v, n, opt.q, nq, out + k * nq, se + k * nq);
        }
        if (!law)
            for (size_t kk = 0; kk < kb; kk++)
                for (size_t j = 0; j < nq; j++) res->loss[(k0 + kk) * nq + j] = res->loss_se[(k0 + kk) * nq + j] = NAN;
    }
    /* The crossings: quantiles of the crossing year (after the horizon: +inf), P(crossed by whole year Y). */
    int oom_thr = 0;
#pragma omp parallel num_threads(nthreads)
    {
        size_t *hist = malloc(sizeof(size_t) * (n_by + 1));
        if (!hist) {
#pragma omp atomic write
            oom_thr = 1;
        }
#pragma omp for schedule(dynamic, 1)
        for (size_t j = 0; j < n_thr; j++) {
            if (!hist) continue;
            ec_sim_threshold *th = &res->thr[j];
            size_t never = 0, already = 0;
            memset(hist, 0, sizeof(size_t) * (n_by + 1));
            const double y1 = floor(t0) + 1;
            for (size_t i = 0; i < n; i++) {
                double c = s.cross[j * n + i];
                never += isinf(c);
                already += c == t0;
                if (!isinf(c)) { /* crossed by every whole year from ceil(c) on */
                    double y = ceil(c) < y1 ? y1 : ceil(c);
                    size_t b = (size_t)(y - y1);
                    hist[b < n_by ? b : n_by]++;
                }
                if (opt.keep_draws) res->draw_cross[i * n_thr + j] = c;
            }
            th->never = (double)never / (double)n;
            th->already = (double)already / (double)n;
            size_t cum = 0;
            for (size_t y = 0; y < n_by; y++) {
                cum += hist[y];
                th->p_by[y] = (double)cum / (double)n;
            }
            ec_quantiles_se(s.cross + j * n, n, opt.q, nq, th->year, th->year_se); /* last use: may reorder */
        }
        free(hist);
    }
    if (oom_thr) rc = EC_ENOMEM;
    free(lrate);
    free(vals);
    free(sums);
    state_free(&s);
    ec_copula_clear(&cop);
    if (rc) {
        ec_sim_result_clear(res);
        return ec_error_set(err, EC_ENOMEM, "simulate: out of memory");
    }
    return EC_OK;
}
