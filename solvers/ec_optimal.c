/*
 * ec_optimal.c — `optimal` and `multiplier` on a fitted law, with bootstrap
 * intervals (see ec_optimal.h; the formulas are in ec_efficiency.h).
 *
 * Cost. One row of `optimal` over the demo's 4000 replicates is 4000
 * allocations in closed form (two exp() each, with the per-replicate
 * constants of ec_law.h computed once when the replicates were set) and
 * four percentile intervals by selection (ec_interval.h; the quantity given
 * is the same in every replicate): about 0.15 ms on one core, spread over
 * threads when asked. The closed forms agree with ec_optimal_allocation()
 * and ec_chin_law_loss() to rounding (tests/test_optimal.c: 1e-13), and a
 * loss target is inverted exactly instead of by root finding.
 */
#include "ec_optimal.h"

#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ec_efficiency.h"
#include "ec_interval.h"

const char *ec_optimal_given_name(ec_optimal_given g)
{
    static const char *const names[3] = {"compute", "N", "loss"};
    return (unsigned)g < 3 ? names[g] : "?";
}

void ec_optimal_clear(ec_optimal_result *res)
{
    if (!res) return;
    free(res->rows);
    memset(res, 0, sizeof *res);
}

/*
 * The allocation for `given`/`value` under the law with constants c, in closed form (x = C/6, so that
 * N·D = x under C = 6ND):
 *     N* = G x^eN,   D* = x / N*,   L* = E + K x^(−γ)          (ec_law.h: K = A G^−α + B G^β, γ = αβ/(α+β));
 * a size N gives x = (N/G)^(1/eN), a loss target L gives x = (K/(L − E))^(1/γ) — exact, where the root
 * finding of ec_reference_compute() stops at its tolerance. A target at or below E, or one that needs more than
 * 1e45 FLOP, is never reached (*reach EC_REACH_UNBOUNDED); one already passed below 1 FLOP is EC_REACH_BELOW.
 * Returns EC_OK or EC_EINVAL (with *reach) and, when err is not NULL, a message.
 */
static int point(const ec_chin_const *c, ec_optimal_given given, double value, double lv, double *C, double *N,
                 double *D, double *L, double *X, ec_reach *reach, ec_error *err)
{
    *reach = EC_REACH_OK;
    *C = *N = *D = *L = *X = NAN;
    if (!(c->G > 0) || !(c->K > 0) || !(c->gamma > 0) || !isfinite(c->G) || !isfinite(c->K) || !isfinite(c->E)) {
        /* Not a law whose loss falls with compute (a negative exponent, a non-finite parameter). */
        *reach = EC_REACH_FAILED;
        return ec_error_set(err, EC_EINVAL, "the chinchilla law has unusable parameters (no finite, falling frontier)");
    }
    double lx; /* log(C/6); lv is log(value / 6) for a compute, log(value) for a size */
    if (given == EC_GIVEN_COMPUTE) {
        lx = lv;
    } else if (given == EC_GIVEN_SIZE) {
        lx = (lv - c->lG) / c->eN;
    } else {
        double gap = value - c->E;
        lx = gap > 0 ? (c->lK - log(gap)) / c->gamma : INFINITY;
        if (!(lx <= log(1e45 / 6.0))) {
            *reach = EC_REACH_UNBOUNDED;
            return ec_error_set(err, EC_EINVAL,
                                "the chinchilla law never reaches %g between 1 and 1e45 FLOP (its loss falls towards E = "
                                "%g; %s)",
                                value, c->E,
                                value <= c->E ? "a loss target must be above E"
                                              : "the target is above E but needs more than 1e45 FLOP");
        }
        if (lx < log(1.0 / 6.0)) {
            *reach = EC_REACH_BELOW;
            return ec_error_set(err, EC_EINVAL,
                                "a loss of %g is above the chinchilla law's loss at 1 FLOP (the smallest compute "
                                "considered): every compute-optimal run of 1 FLOP or more has a lower loss; give a loss "
                                "target between E = %g and %g",
                                value, c->E, c->E + c->K * pow(1.0 / 6.0, -c->gamma));
        }
    }
    double x = exp(lx);
    *X = x;
    *C = given == EC_GIVEN_COMPUTE ? value : 6.0 * x;
    *N = given == EC_GIVEN_SIZE ? value : c->G * exp(c->eN * lx);
    *D = x / *N;
    *L = given == EC_GIVEN_LOSS ? value : c->E + c->K * exp(-c->gamma * lx);
    return EC_OK;
}

/* A replicate that never reaches a loss target: compute, N* and D* grow without bound as the target
 * approaches the floor E; D/N = (C/6)^((α−β)/(α+β)) / G² tends to infinity, 0 or 1/G² as α > β, α < β or
 * α = β; the loss is the target given. */
static double unreachable_tpp(const ec_chin_const *c)
{
    if (c->alpha > c->beta) return INFINITY;
    if (c->alpha < c->beta) return 0.0;
    ec_chin_law l = {c->E, c->A, c->B, c->alpha, c->beta};
    double N, D;
    ec_optimal_allocation(&l, 6.0, &N, &D); /* C/6 = 1: D/N = 1/G^2 */
    return D / N;
}

static int positive_finite(double v)
{
    return isfinite(v) && v > 0;
}

/* Replicate slot q of a row: the five quantities, or NAN (failed) / outcome flags. */
enum { Q_C, Q_N, Q_D, Q_TPP, Q_L, Q_X, NQ };

static void row_replicates(const ec_law *law, ec_optimal_row *row, double level, int threads, double *slot,
                           unsigned char *outcome)
{
    const size_t R = law->n_reps;
    int nt = threads > 0 ? threads : omp_get_max_threads();
    if (R < 1000) nt = 1;
    const double lv = row->given == EC_GIVEN_COMPUTE ? log(row->value / 6.0) : log(row->value);
#pragma omp parallel for schedule(static) num_threads(nt) if (nt > 1)
    for (size_t q = 0; q < R; q++) {
        const ec_chin_const *c = &law->reps_chin[q];
        double C, N, D, L, tpp, X;
        ec_reach reach;
        double *s = slot + q * NQ;
        if (point(c, row->given, row->value, lv, &C, &N, &D, &L, &X, &reach, NULL) == EC_OK) {
            tpp = D / N;
            if (!isfinite(C) || !isfinite(N) || !isfinite(D) || !isfinite(tpp) || !isfinite(L)) {
                outcome[q] = 2; /* failed */
                continue;
            }
            outcome[q] = 0;
        } else if (reach == EC_REACH_UNBOUNDED) {
            C = N = D = X = INFINITY;
            L = row->value;
            tpp = unreachable_tpp(c);
            outcome[q] = 1;
        } else {
            outcome[q] = 2;
            continue;
        }
        s[Q_C] = C;
        s[Q_N] = N;
        s[Q_D] = D;
        s[Q_TPP] = tpp;
        s[Q_L] = L;
        s[Q_X] = X;
    }
    /* Compact in replicate order, one column per quantity; percentiles do not depend on the order. */
    size_t m = 0;
    double *col[NQ];
    for (int j = 0; j < NQ; j++) col[j] = slot + (size_t)NQ * R + (size_t)j * R;
    for (size_t q = 0; q < R; q++) {
        if (outcome[q] == 2) {
            row->failed++;
            continue;
        }
        row->unreachable += outcome[q] == 1;
        for (int j = 0; j < NQ; j++) col[j][m] = slot[q * NQ + (size_t)j];
        m++;
    }
    double *ci[NQ] = {row->ci_compute, row->ci_N, row->ci_D, row->ci_tpp, row->ci_loss, NULL};
    if (row->given != EC_GIVEN_LOSS && m >= 2) {
        /*
         * A compute C given: every replicate has the same x = C/6, so D* = x / N* and the tokens per parameter (x / N*) / N* fall as N*
         * rises, and their order statistics are those of N*, backwards; a size N given: C = 6x, D* = x / N and D* / N are all
         * rising in the replicate's x. One selection then serves three quantities (ec_interval_from_stats), with
         * the values point() computes, so the intervals are those of selecting on each, bit for bit.
         */
        const int by_compute = row->given == EC_GIVEN_COMPUTE;
        double given_v = row->value, x = by_compute ? exp(lv) : NAN;
        ec_interval_stats st, sl;
#pragma omp parallel sections num_threads(nt) if (nt > 1)
        {
#pragma omp section
            ec_interval_stats_of(col[by_compute ? Q_N : Q_X], m, level, &st);
#pragma omp section
            ec_interval_stats_of(col[Q_L], m, level, &sl);
        }
        double fa[4], fb[4], fc[4];
        for (int k = 0; k < 4; k++) {
            double v = st.val[k];
            if (by_compute) {
                fa[k] = x / v;         /* D* */
                fb[k] = (x / v) / v;   /* tokens per parameter */
            } else {
                fa[k] = 6.0 * v;       /* C */
                fb[k] = v / given_v;   /* D* */
                fc[k] = (v / given_v) / given_v;
            }
        }
        if (by_compute) {
            row->ci_compute[0] = row->ci_compute[1] = given_v;
            ec_interval_from_stats(&st, NULL, 0, row->ci_N);
            ec_interval_from_stats(&st, fa, 1, row->ci_D);
            ec_interval_from_stats(&st, fb, 1, row->ci_tpp);
        } else {
            row->ci_N[0] = row->ci_N[1] = given_v;
            ec_interval_from_stats(&st, fa, 0, row->ci_compute);
            ec_interval_from_stats(&st, fb, 0, row->ci_D);
            ec_interval_from_stats(&st, fc, 0, row->ci_tpp);
        }
        ec_interval_from_stats(&sl, NULL, 0, row->ci_loss);
        return;
    }
    /* A loss target: compute, N* and D* of each replicate, a selection each (the loss is the one given). */
#pragma omp parallel for schedule(static) num_threads(nt) if (nt > 1)
    for (int j = 0; j < Q_L; j++) ec_interval_percentile(col[j], m, level, ci[j]);
    if (m >= 2) row->ci_loss[0] = row->ci_loss[1] = row->value;
    else row->ci_loss[0] = row->ci_loss[1] = NAN;
}

int ec_optimal(const ec_law *law, const ec_optimal_given *given, const double *values, size_t n, double level,
               int threads, ec_optimal_result *res, ec_error *err)
{
    memset(res, 0, sizeof *res);
    if (strcmp(law->form->name, "chinchilla") != 0)
        return ec_error_set(err, EC_EINVAL, "optimal: needs a chinchilla law (got %s)", law->form->name);
    ec_chin_law cl = ec_chin_law_from(law->p);
    ec_error e2;
    if (ec_chin_law_check(&cl, &e2))
        return ec_error_set(err, EC_EINVAL, "optimal: %s%s%s", law->source[0] ? law->source : "--params", ": ",
                            e2.message);
    for (size_t i = 0; i < n; i++)
        if (!positive_finite(values[i]) || (unsigned)given[i] > 2)
            return ec_error_set(err, EC_EINVAL, "optimal: %s %g is not a positive number",
                                ec_optimal_given_name(given[i]), values[i]);
    res->rows = calloc(n ? n : 1, sizeof *res->rows);
    const size_t R = law->n_reps;
    double *slot = R ? malloc(sizeof(double) * R * NQ * 2) : NULL;
    unsigned char *outcome = R ? malloc(R) : NULL;
    if (!res->rows || (R && (!slot || !outcome))) {
        free(slot);
        free(outcome);
        ec_optimal_clear(res);
        return ec_error_set(err, EC_ENOMEM, "out of memory");
    }
    res->n_rows = n;
    res->replicates = R;
    res->replicates_skipped = law->reps_skipped;
    res->level = level;
    int rc = EC_OK;
    for (size_t i = 0; i < n && rc == EC_OK; i++) {
        ec_optimal_row *row = &res->rows[i];
        row->given = given[i];
        row->value = values[i];
        ec_reach reach;
        double C, N, D, L;
        double lv = given[i] == EC_GIVEN_COMPUTE ? log(values[i] / 6.0) : log(values[i]), X;
        rc = point(&law->chin, given[i], values[i], lv, &C, &N, &D, &L, &X, &reach, &e2);
        if (rc) {
            /* The message of the root finder, which says where the law's loss ranges. */
            double Cr;
            if (given[i] == EC_GIVEN_LOSS && ec_reference_compute(law->form, law->p, values[i], &Cr, &e2) == EC_OK)
                snprintf(e2.message, sizeof e2.message, "the loss target %g is not reached between 1 and 1e45 FLOP",
                         values[i]);
            rc = ec_error_set(err, EC_EINVAL, "optimal: %s", e2.message);
            break;
        }
        if (!(isfinite(C) && isfinite(N) && isfinite(D) && isfinite(D / N) && isfinite(L) && N > 0 && D > 0)) {
            /* e.g. --sizes 1e200: C = 6 N D overflows (it printed nan, null in JSON, exit 0) */
            rc = ec_error_set(err, EC_EINVAL,
                              "optimal: %s %g: the compute-optimal run's compute, N* or D* is beyond the range of a "
                              "double (1.8e308) or zero; give a smaller %s",
                              ec_optimal_given_name(given[i]), values[i],
                              given[i] == EC_GIVEN_COMPUTE ? "compute" : given[i] == EC_GIVEN_SIZE ? "size" : "loss target");
            break;
        }
        row->compute = C;
        row->N = N;
        row->D = D;
        row->tokens_per_param = D / N;
        row->loss = L;
        double *ci[NQ] = {row->ci_compute, row->ci_N, row->ci_D, row->ci_tpp, row->ci_loss};
        for (int j = 0; j <= Q_L; j++) ci[j][0] = ci[j][1] = NAN;
        if (R) row_replicates(law, row, level, threads, slot, outcome);
    }
    free(slot);
    free(outcome);
    if (rc) ec_optimal_clear(res);
    return rc;
}

/* ------------------------------------------------------------ multiplier */

static int multiplier_common(const ec_law *law, ec_multiplier_result *res, double level, int model, double N,
                             double D, double C, double Q, ec_error *err)
{
    const ec_form *f = law->form;
    int rc;
    ec_error e2;
    if (model) {
        ec_chin_law c = ec_chin_law_from(law->p);
        rc = ec_allocation_efficiency(&c, N, D, &res->value, &res->reference_compute, &e2);
        res->quality = ec_chin_law_loss(&c, N, D);
    } else {
        rc = ec_reference_compute(f, law->p, Q, &res->reference_compute, &e2);
        res->value = res->reference_compute / C;
    }
    if (rc) return ec_error_set(err, EC_EINVAL, "multiplier: %s", e2.message);
    res->ci[0] = res->ci[1] = res->ci_reference[0] = res->ci_reference[1] = NAN;
    const size_t R = law->n_reps, k = (size_t)f->n_params;
    res->replicates = R;
    res->replicates_skipped = law->reps_skipped;
    if (!R) return EC_OK;
    double *wv = malloc(sizeof(double) * R), *wr = malloc(sizeof(double) * R);
    if (!wv || !wr) {
        free(wv);
        free(wr);
        return ec_error_set(err, EC_ENOMEM, "out of memory");
    }
    size_t m = 0;
    for (size_t q = 0; q < R; q++) {
        double v = NAN, rr = NAN;
        ec_reach reach = EC_REACH_OK;
        int rq;
        if (model) {
            ec_chin_law c = ec_chin_law_from(law->reps + q * k);
            rq = ec_allocation_efficiency(&c, N, D, &v, &rr, NULL);
        } else {
            rq = ec_reference_compute_reach(f, law->reps + q * k, Q, &rr, &reach, NULL);
            v = rr / C;
        }
        if (rq == EC_OK && isfinite(v) && isfinite(rr)) {
            /* reached */
        } else if (rq && !model && reach == EC_REACH_UNBOUNDED) {
            /* Never reaches the quality: the reference compute, and the multiplier, grow without bound. */
            v = rr = INFINITY;
            res->unreachable++;
        } else {
            res->failed++;
            continue;
        }
        wv[m] = v;
        wr[m] = rr;
        m++;
    }
    ec_interval_percentile(wv, m, level, res->ci);
    ec_interval_percentile(wr, m, level, res->ci_reference);
    free(wv);
    free(wr);
    return EC_OK;
}

int ec_multiplier_model(const ec_law *law, double N, double D, double level, ec_multiplier_result *res,
                        ec_error *err)
{
    memset(res, 0, sizeof *res);
    res->model = 1;
    res->level = level;
    if (strcmp(law->form->name, "chinchilla") != 0)
        return ec_error_set(err, EC_EINVAL,
                            "multiplier --model needs a chinchilla law (got %s); use --point for other laws",
                            law->form->name);
    if (!positive_finite(N) || !positive_finite(D))
        return ec_error_set(err, EC_EINVAL, "--model: give positive N and D, e.g. 'N=280e9,D=300e9'");
    res->N = N;
    res->D = D;
    res->compute = 6 * N * D;
    return multiplier_common(law, res, level, 1, N, D, NAN, NAN, err);
}

int ec_multiplier_point(const ec_law *law, double C, double quality, double level, ec_multiplier_result *res,
                        ec_error *err)
{
    memset(res, 0, sizeof *res);
    res->level = level;
    if (!(C > 0) || !isfinite(quality))
        return ec_error_set(err, EC_EINVAL,
                            "--point: give positive compute C and the quality L (loss) or y (score), e.g. "
                            "'C=2.2e23,L=2.05'");
    res->compute = C;
    res->quality = quality;
    res->N = res->D = NAN;
    return multiplier_common(law, res, level, 0, NAN, NAN, C, quality, err);
}
