/**
 * ec_simulate.h — Monte Carlo trajectories of frontier compute over years
 * (`simulate`): physical training compute growing from a starting frontier,
 * algorithmic efficiency multiplying it into effective compute, and the loss
 * a fitted chinchilla law reaches at the compute-optimal allocation of that
 * effective compute; per year the percentiles of each with their Monte
 * Carlo standard errors, and for thresholds the distribution of the year
 * each is crossed.
 *
 * Times are decimal years (2026.0 is 1 January 2026). The draws are
 * followed at the start t0, at every whole year after it up to the end, and
 * at the end when it is not a whole year. The model of draw i:
 *
 *   log10 C(t0) = log10 C0_i                   C0 ~ start_compute
 *   log10 C(t_k) = log10 C(t_{k−1}) + ∫ g_i(t) dt over (t_{k−1}, t_k]
 *       constant:  g_i(t) = g_i, one draw of `growth` per draw
 *       shocks:    g_i(t) = g_ik on (t_{k−1}, t_k], independent draws per step
 *                  (a part year takes its part of its rate)
 *       schedule:  g(t) = the rate of the schedule's last year <= t (the first rate before it)
 *       slowdown:  g_i until the draw's slowdown year Y_i, then g2_i
 *   log10 A(t_k) = log10 A0_i + (t_k − t0) log10 a_i   (or yearly shocks of a)
 *   effective compute E = C · A
 *   loss L = E_r + K_r (E / k)^(−γ_r), the compute-optimal loss of replicate
 *       r_i of the law (drawn uniformly per draw: the parameters jointly), or
 *       of the law itself without replicates.
 *
 * Growth rates are given per year either as factors (×/year, whose log10 is
 * taken) or in orders of magnitude per year. Crossing a threshold T of
 * effective compute: the first time log10 E reaches log10 T, interpolated
 * linearly in log10 E within the year (exact for growth that is constant
 * within a year); a loss threshold is the effective compute at which the
 * draw's law reaches it (never when it is at or below the replicate's E).
 * A draw that does not cross within the horizon is censored: its crossing
 * year is +∞, so a quantile that falls among them is "after the horizon".
 *
 * Random numbers: draw i's uniforms are functions of (seed, i, variable,
 * year) (ec_random.h), so results do not depend on the thread count or the
 * order of the draws. Rank correlations between the per-draw inputs go
 * through a Gaussian copula (ec_dist.h).
 */
#ifndef EC_SIMULATE_H
#define EC_SIMULATE_H

#include "ec_export.h"

#include <stddef.h>

#include "ec_dist.h"
#include "ec_error.h"
#include "ec_law.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum ec_growth_mode {
    EC_GROWTH_CONSTANT = 0, /**< one rate per draw */
    EC_GROWTH_SHOCKS,       /**< an independent rate each year */
    EC_GROWTH_SCHEDULE,     /**< rates by year, the same for every draw */
    EC_GROWTH_SLOWDOWN      /**< one rate until a slowdown year, a second after it */
} ec_growth_mode;

/** The per-draw inputs (the copula's order). */
typedef enum ec_sim_input {
    EC_SIM_START_COMPUTE = 0,
    EC_SIM_START_EFFICIENCY,
    EC_SIM_GROWTH,
    EC_SIM_ALGO,
    EC_SIM_SLOWDOWN_YEAR,
    EC_SIM_SLOWDOWN_GROWTH,
    EC_SIM_N_INPUTS
} ec_sim_input;

/** The names of the inputs, as options and in correlations: "start_compute", ... */
extern EC_API const char *const ec_sim_input_names[EC_SIM_N_INPUTS];

typedef struct ec_sim_model {
    double start_year;
    ec_dist start_compute;     /**< FLOP */
    ec_dist start_efficiency;  /**< factor at the start (1: the law's own recipe) */
    ec_growth_mode mode;
    ec_dist growth;            /**< physical compute growth per year (constant, shocks, before a slowdown) */
    int growth_oom;            /**< 1: growth rates in orders of magnitude per year; 0: factors per year */
    const double *schedule_year, *schedule_rate;
    size_t n_schedule;         /**< schedule: from schedule_year[j] on, schedule_rate[j] (years increasing) */
    ec_dist slowdown_year, slowdown_growth;
    ec_dist algo;              /**< algorithmic efficiency growth per year */
    int algo_oom;              /**< 1: algo in orders of magnitude per year (the default, with algo fixed(0): none) */
    int algo_shocks;           /**< 1: an independent algorithmic rate each year */
    double rho[EC_SIM_N_INPUTS * EC_SIM_N_INPUTS]; /**< rank correlations of the inputs (identity: none) */
    const ec_law *law;         /**< a chinchilla law (replicates used when it has them); NULL: no loss */
    double k;                  /**< FLOP per parameter and token, C = k N D (6) */
} ec_sim_model;

/** Defaults: start_efficiency 1, no algorithmic progress (0 OOM/year), no correlations, k = 6; set start_year,
 * start_compute and growth (and the end year in the options). */
EC_API void ec_sim_model_init(ec_sim_model *m);

/** Frees the model's distributions (not the schedule or the law). */
EC_API void ec_sim_model_clear(ec_sim_model *m);

typedef struct ec_sim_options {
    size_t draws;
    double end_year;
    unsigned long long seed;
    int threads;               /**< 0: OpenMP's default */
    const double *q;           /**< quantiles in (0, 1) */
    size_t nq;
    const double *thr_compute; /**< effective-compute thresholds (FLOP) */
    size_t n_thr_compute;
    const double *thr_loss;    /**< loss thresholds */
    size_t n_thr_loss;
    int keep_draws;            /**< 1: keep one row per draw (ec_sim_result.draw_*) */
} ec_sim_options;

EC_API ec_sim_options ec_sim_default_options(void);

/** The crossing of one threshold. */
typedef struct ec_sim_threshold {
    int loss;                  /**< 0: effective compute (FLOP), 1: loss */
    double value;
    double *year;              /**< quantiles of the crossing year (nq), INFINITY: after the horizon */
    double *year_se;           /**< their Monte Carlo standard errors (INFINITY when censored) */
    double *p_by;              /**< P(crossed by whole year Y) for each of res->by_year */
    double never;              /**< the share of draws not crossed by the end of the horizon */
    double already;            /**< the share crossed at the start */
} ec_sim_threshold;

typedef struct ec_sim_result {
    size_t draws, n_times, nq;
    double *t;                 /**< the times: t0, the whole years after it, the end */
    double *q;                 /**< the quantiles */
    /* per time k and quantile j at [k * nq + j]: log10 physical and effective compute, loss; and MC se */
    double *log_physical, *log_physical_se, *log_effective, *log_effective_se, *loss, *loss_se;
    double *mean_log_physical, *sd_log_physical; /**< per time: the sample mean and sd of log10 C */
    size_t n_by;
    double *by_year;           /**< the whole years Y in (t0, end]: p_by is P(crossed by 1 January of Y) */
    size_t n_thr;
    ec_sim_threshold *thr;     /**< effective-compute thresholds first, then loss */
    int has_loss;
    size_t replicates;         /**< the law's replicates drawn from (0: the law itself) */
    unsigned long long seed;
    /* keep_draws: per draw i (draws values each) */
    double *draw_start, *draw_eff0, *draw_growth, *draw_algo, *draw_slow_year, *draw_slow_growth;
    double *draw_log_physical_end, *draw_log_effective_end, *draw_loss_end;
    size_t *draw_replicate;
    double *draw_cross;        /**< draws × n_thr crossing years (INFINITY: not crossed) */
} ec_sim_result;

/**
 * Runs the simulation. Errors (EC_EINVAL): no draws; an end year not after
 * the start; a quantile outside (0, 1); a threshold that is not positive
 * (compute) or finite (loss); a schedule that is empty or not increasing in
 * year; a growth distribution in factors per year that can be <= 0; a
 * correlation matrix that is not positive definite (the message names the
 * inputs), or a correlation with an input drawn each year (shocks); a law
 * that is not chinchilla, or loss thresholds without a law. EC_ENOMEM.
 */
EC_API int ec_simulate(const ec_sim_model *m, const ec_sim_options *opt, ec_sim_result *res, ec_error *err);

/**
 * The check ec_simulate makes of a growth rate `name`: in factors per year (oom 0) the distribution must stay
 * above 0 (its quantile at 1e-15); EC_EINVAL saying what to do. For checking a model before it runs.
 */
EC_API int ec_sim_check_rate(const ec_dist *d, int oom, const char *name, ec_error *err);

EC_API void ec_sim_result_clear(ec_sim_result *res);

#ifdef __cplusplus
}
#endif
#endif
