/*
 * ec_project.c — projections of larger models (see ec_project.h for the
 * model of a row).
 *
 * Every row is one function of the law's parameters p and the efficiency φ:
 * row(p, φ) = (N_law, D, C, φ C, L). Its band evaluates that function at each
 * bootstrap replicate p_r (joint draws of all parameters) with φ_r drawn for
 * the row's efficiency from stream (seed, efficiency index) at counter r, and
 * takes percentile intervals (ec_interval.h). A paired difference against
 * the baseline row evaluates both rows at the same (p_r, φ_r) and takes the
 * interval of the differences: the parameters' common uncertainty cancels,
 * which a difference of two marginal intervals cannot show. Without
 * replicates the delta method applies to each quantity (central differences
 * of row() in each parameter, the covariance of p, and var(log φ)).
 *
 * The inference-aware policy (Sardana et al. 2024) minimises
 * T(N) = k N D(N) + 2 N D_inf with D(N) = (B / (L − E − A N^−α))^(1/β), the
 * tokens that bring a model of N parameters to the quality L: the one root
 * of its first-order condition, by Newton's method in ln(L − E − A N^−α)
 * safeguarded by bisection (inference_size), capped at the row's size.
 */
#include "ec_project.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_float.h>
#include <math.h>
#include <omp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ec_chinchilla.h"
#include "ec_interval.h"
#include "ec_interval_impl.h"
#include "ec_kv.h"
#include "ec_option.h"
#include "ec_random.h"
#include "ec_text.h"

ec_project_options ec_project_default_options(void)
{
    ec_project_options o;
    memset(&o, 0, sizeof o);
    o.k = 6;
    o.max_tokens = INFINITY;
    o.level = 0.95;
    o.seed = 42;
    return o;
}

void ec_project_clear(ec_project_result *res)
{
    if (!res) return;
    for (size_t i = 0; res->rows && i < res->n_rows; i++) free(res->rows[i].rep_loss);
    free(res->rows);
    memset(res, 0, sizeof *res);
}

/* ------------------------------------------------------------- parsing */

typedef struct size_kv {
    double active, total, fraction, compute;
    int seen_a, seen_t, seen_f, seen_c;
} size_kv;

static int size_item(void *user, const char *key, const char *value, ec_error *err)
{
    size_kv *s = user;
    double v;
    if (strcmp(key, "compute") == 0) {
        if (ec_parse_size(value, &v) != EC_OK)
            return ec_error_set(err, EC_EINVAL, "size: compute '%s' is not a positive number of FLOP", value);
        s->compute = v;
        s->seen_c = 1;
        return EC_OK;
    }
    if (strcmp(key, "active_fraction") == 0 && !s->seen_f) {
        if (ec_parse_finite(value, &v) != EC_OK || !(v > 0 && v <= 1))
            return ec_error_set(err, EC_EINVAL, "size: active_fraction '%s' is not a number in (0, 1]", value);
        s->fraction = v;
        s->seen_f = 1;
        return EC_OK;
    }
    if (ec_parse_size(value, &v) != EC_OK)
        return ec_error_set(err, EC_EINVAL, "size: %s '%s' is not a positive number (suffixes K, M, B, T, P)", key,
                            value);
    if (strcmp(key, "active") == 0 && !s->seen_a) s->active = v, s->seen_a = 1;
    else if (strcmp(key, "total") == 0 && !s->seen_t) s->total = v, s->seen_t = 1;
    else
        return ec_error_set(err, EC_EINVAL,
                            "size: '%s=' is unknown or given twice (write active=..,total=.. or "
                            "total=..,active_fraction=..)",
                            key);
    return EC_OK;
}

/* The last size this thread parsed well and its text: a sweep cell parses its size when the value is set (the
 * option's check) and again when the step runs, the same text (strtod of 15 digits costs more than the rest of
 * the parse). */
static _Thread_local struct {
    int ok;
    ec_model_size s;
} last_size;

static int size_parse(const char *text, ec_model_size *s, ec_error *err);

int ec_model_size_parse(const char *text, ec_model_size *s, ec_error *err)
{
    const size_t len = strlen(text);
    if (last_size.ok && len < sizeof s->text && memcmp(last_size.s.text, text, len + 1) == 0) {
        *s = last_size.s;
        return EC_OK;
    }
    int rc = size_parse(text, s, err);
    last_size.ok = rc == EC_OK && len < sizeof s->text; /* its text whole: compared above */
    if (last_size.ok) last_size.s = *s;
    return rc;
}

static int size_parse(const char *text, ec_model_size *s, ec_error *err)
{
    memset(s, 0, sizeof *s);
    ec_text_copy(s->text, sizeof s->text, text); /* "%s" without printf: a sweep parses sizes per cell */
    if (!strchr(text, '=')) {
        if (ec_parse_size(text, &s->active) != EC_OK)
            return ec_error_set(err, EC_EINVAL,
                                "size '%s' is not a number of parameters: write e.g. 70B, 1.5T, 4e11 (suffixes K, M, B, "
                                "T, P), active=17B,total=400B or compute=1e27",
                                text);
        s->total = s->active;
        return EC_OK;
    }
    size_kv kv;
    memset(&kv, 0, sizeof kv);
    int rc = ec_kv_parse("size", text, size_item, &kv, err);
    if (rc) return rc;
    if (kv.seen_c) {
        if (kv.seen_a || kv.seen_t || kv.seen_f)
            return ec_error_set(err, EC_EINVAL,
                                "size '%s': a compute budget sets a dense model; give compute= alone", text);
        s->compute = kv.compute;
        return EC_OK;
    }
    if (kv.seen_f && kv.seen_a)
        return ec_error_set(err, EC_EINVAL, "size '%s': give active= or active_fraction=, not both", text);
    if (kv.seen_f && kv.seen_t) kv.active = kv.fraction * kv.total, kv.seen_a = 1;
    if (!kv.seen_a || !kv.seen_t)
        return ec_error_set(err, EC_EINVAL,
                            "size '%s': a mixture-of-experts size needs total= and active= (or active_fraction=)", text);
    if (kv.total < kv.active)
        return ec_error_set(err, EC_EINVAL, "size '%s': total parameters %g below the active ones %g", text, kv.total,
                            kv.active);
    s->active = kv.active;
    s->total = kv.total;
    return EC_OK;
}

int ec_policy_parse(const char *text, ec_policy *p, ec_error *err)
{
    memset(p, 0, sizeof *p);
    ec_text_copy(p->text, sizeof p->text, text); /* without printf, as sizes */
    const char *eq = strchr(text, '=');
    char name[48];
    ec_text_span(name, sizeof name, text, eq ? (size_t)(eq - text) : strlen(text));
    static const char *const names[] = {"compute-optimal", "tokens-per-param", "tokens", "inference", "loss", NULL};
    int k = ec_choice_index(names, name);
    if (k < 0)
        return ec_error_set(err, EC_EINVAL,
                            "unknown token policy '%s' (policies: compute-optimal, tokens-per-param=M, tokens=D, "
                            "inference=D_inf, loss=L)",
                            text);
    p->kind = (ec_policy_kind)k;
    if (k == EC_POLICY_OPTIMAL) {
        if (eq) return ec_error_set(err, EC_EINVAL, "policy '%s': compute-optimal takes no value", text);
        return EC_OK;
    }
    if (!eq) return ec_error_set(err, EC_EINVAL, "policy '%s' needs a value: write %s=VALUE", text, name);
    int bad = k == EC_POLICY_LOSS ? ec_parse_finite(eq + 1, &p->value) || !(p->value > 0)
                                  : ec_parse_size(eq + 1, &p->value) != EC_OK;
    if (bad && k == EC_POLICY_INFERENCE && ec_parse_finite(eq + 1, &p->value) == EC_OK && p->value == 0)
        bad = 0; /* no inference: the compute-optimal model */
    if (bad)
        return ec_error_set(err, EC_EINVAL, "policy '%s': '%s' is not a positive number%s", text, eq + 1,
                            k == EC_POLICY_INFERENCE ? " of inference tokens (or 0)" : "");
    return EC_OK;
}

/* --------------------------------------------------------------- a row */

enum { R_N, R_D, R_C, R_CEFF, R_L, NR };

typedef struct row_in {
    const ec_model_size *size;
    const ec_policy *policy;
    const ec_project_options *opt;
    /* the last log(N) and log(D) of law_loss: a row's replicates mostly evaluate the same N and D */
    double memo_N, memo_lN, memo_D, memo_lD;
} row_in;

#define ROW_IN(size, policy, opt) {(size), (policy), (opt), NAN, NAN, NAN, NAN}

static double law_loss(const ec_chin_const *c, row_in *in, double N, double D)
{
    if (!(N == in->memo_N)) in->memo_N = N, in->memo_lN = log(N);
    if (!(D == in->memo_D)) in->memo_D = D, in->memo_lD = log(D);
    return c->E + c->A * exp(-c->alpha * in->memo_lN) + c->B * exp(-c->beta * in->memo_lD);
}

/*
 * The N (of the law) and D minimising training plus inference compute at the loss of N_hi at its compute-optimal
 * allocation (N <= N_hi); -1 when not finite.
 * At the target, D(N) = (B / (g − A N^−α))^(1/β) with g = target − E, and the total k r N D + 2 r N D_inf
 * (Sardana et al. 2024) has d/d ln N = r N φ, where with w = g − A N^−α (in (0, g), increasing in N)
 *     φ = (k B^(1/β) / β) w^(−1/β−1) ((α+β) w − α g) + 2 D_inf.
 * φ < 0 below w* and > 0 above it: the one minimum is the root, w* < α g / (α+β) (the compute-optimal
 * point, reached when D_inf = 0). In t = ln w the root solves
 *     G(t) = −(1/β + 1) t + ln(α g − (α+β) e^t) − ln R = 0,   R = 2 D_inf β / (k B^(1/β)),
 * G decreasing: Newton's method safeguarded by bisection, to 1e-14 in t (a few steps).
 */
static int inference_size(const ec_chin_const *c, double lN_hi, double k, double Dinf, double *N_out, double *D_out)
{
    /* The target is the loss of the compute-optimal allocation of N_hi, where B D^-β = (α/β) A N^-α: so
     * g = (1 + α/β) A N_hi^-α, known in logs without evaluating the law. */
    const double al = c->alpha, be = c->beta, ab = al + be, lab = log(ab);
    const double ls_hi = c->lA - al * lN_hi;                  /* ln(A N_hi^-α) */
    const double lg = ls_hi + lab - c->lbeta, g = exp(lg);    /* ln(target − E) = ln((1 + α/β) A N_hi^-α) */
    const double lwmax = lg + c->lalpha - lab;                /* ln(α g / (α+β)): the point N_hi itself */
    double t;
    if (!(Dinf > 0)) {
        t = lwmax;
    } else {
        /* Newton from the root of the leading terms, t0 (the root when (α+β) w << α g); G > 0 left of the
         * root, < 0 right of it: the bracket [lo, hi] narrows with each sign, and a step out of it bisects (or,
         * with no left end yet, moves one unit left). */
        const double lR = log(2 * Dinf / k) + c->lbeta - c->lB / be, p = 1 / be + 1;
        double lo = -INFINITY, hi = lwmax;
        t = (c->lalpha + lg - lR) / p;
        if (!(t < hi)) t = hi - 1;
        for (int it = 0; it < 200; it++) {
            double et = exp(t), rest = al * g - ab * et;
            double G = -p * t + log(rest) - lR, dG = -p - ab * et / rest;
            if (G > 0) lo = t;
            else hi = t;
            double step = -G / dG, tol = 1e-14 * (1 + fabs(t));
            if (fabs(step) <= tol) { /* converged (a zero step would otherwise leave the bracket's edge) */
                t += step;
                break;
            }
            double nt = t + step;
            if (!(nt > lo && nt < hi)) nt = isfinite(lo) ? 0.5 * (lo + hi) : t - 1;
            t = nt;
            if (hi - lo <= tol) break;
        }
    }
    /* N from s = A N^-α = g − w, capped at N_hi; D from the gap g − s at the target (= w below the cap) */
    double w = exp(t), s_hi = exp(ls_hi), sN = g - w;
    if (!(sN > s_hi)) { /* at or beyond the row's size: N_hi, the compute-optimal point itself */
        sN = s_hi;
        w = g - s_hi;
        t = log(w);
    }
    *N_out = exp((c->lA - log(sN)) / al);
    *D_out = exp((c->lB - t) / be);
    return isfinite(*N_out) && isfinite(*D_out) ? 0 : -1;
}

/* row(p, φ): q[R_N..R_L]. Returns 0, 1 (a loss target at or below E: never reached), 2 (no finite row). */
static int row_eval(const ec_chin_const *c, row_in *in, double phi, double *q, int *capped)
{
    const ec_project_options *o = in->opt;
    const ec_model_size *s = in->size;
    double N_law = o->law_at_total ? s->total : s->active, ratio = s->active / (o->law_at_total ? s->total : s->active);
    double D = NAN, L = NAN;
    if (s->compute > 0) { /* the dense model this budget trains under the policy */
        double x = s->compute / o->k;
        ratio = 1;
        switch (in->policy->kind) {
        case EC_POLICY_OPTIMAL:
        case EC_POLICY_INFERENCE: N_law = c->G * exp(c->eN * log(x)); break;
        case EC_POLICY_TPP: N_law = sqrt(x / in->policy->value); break;
        case EC_POLICY_TOKENS: N_law = x / in->policy->value; break;
        case EC_POLICY_LOSS: break;
        }
    }
    int optimal = 0;
    double lx = NAN; /* log(N D) at the compute-optimal allocation */
    *capped = 0;
    switch (in->policy->kind) {
    case EC_POLICY_OPTIMAL: {
        lx = (log(N_law) - c->lG) / c->eN;
        D = exp(lx) / N_law;
        optimal = 1;
        break;
    }
    case EC_POLICY_TPP: D = in->policy->value * N_law * ratio; break; /* M tokens per active parameter */
    case EC_POLICY_TOKENS: D = in->policy->value; break;
    case EC_POLICY_INFERENCE: {
        double N, Dn;
        if (inference_size(c, log(N_law), o->k, in->policy->value, &N, &Dn)) return 2;
        N_law = N;
        D = Dn;
        break;
    }
    case EC_POLICY_LOSS: {
        double gap = in->policy->value - c->E;
        if (!(gap > 0)) return 1;
        double lxe = (c->lK - log(gap)) / c->gamma; /* effective x = N D of the law's model reaching L */
        double s_phi = sqrt(phi);
        N_law = c->G * exp(c->eN * lxe) / s_phi;
        D = exp(lxe) / (c->G * exp(c->eN * lxe)) / s_phi;
        ratio = 1;
        L = in->policy->value;
        break;
    }
    }
    if (D > o->max_tokens) {
        D = o->max_tokens;
        *capped = 1;
        optimal = 0;
    }
    double N_act = N_law * ratio, C = o->k * N_act * D;
    if (in->policy->kind != EC_POLICY_LOSS) {
        double sp = sqrt(phi);
        L = optimal ? c->E + c->K * exp(-c->gamma * (log(phi) + lx)) : law_loss(c, in, sp * N_law, sp * D);
    }
    q[R_N] = N_law;
    q[R_D] = D;
    q[R_C] = C;
    q[R_CEFF] = phi * C;
    q[R_L] = L;
    for (int j = 0; j < NR; j++)
        if (!isfinite(q[j])) return 2;
    return 0;
}

/* φ_r of efficiency e at replicate r: log-normal around φ with sd se_log of log φ. */
static double phi_draw(const ec_efficiency *e, const ec_stream *st, size_t r)
{
    if (!(e->se_log > 0)) return e->factor;
    double u = ec_random_u01(st, (uint64_t)r, 0, 0);
    return e->factor * exp(e->se_log * gsl_cdf_ugaussian_Pinv(u));
}

/* ------------------------------------------------- a row's replicates */

/* The logs of N and D at a fixed efficiency φ (both scaled by its square root), as every replicate evaluates them. */
static void fixed_logs(double phi, double N, double D, double *lN, double *lD)
{
    double sp = sqrt(phi);
    *lN = log(sp * N);
    *lD = log(sp * D);
}

/* A replicate's loss from its constants and the two powers N^-α = e1, D^-β = e2: one expression for every path. */
static inline double loss_of(double E, double A, double B, double e1, double e2)
{
    return E + A * e1 + B * e2;
}

enum { BLOCK = 256 };

/* 1 when every one of v[0..n) is finite: its exponent bits are not all ones (shifts, adds and ors the compiler
 * vectorises, where isfinite per value is a branch). */
static int all_finite(const double *v, size_t n)
{
    uint64_t bad = 0;
    for (size_t i = 0; i < n; i++) {
        uint64_t b;
        memcpy(&b, &v[i], sizeof b);
        bad |= (((b >> 52) & 0x7ff) + 1) >> 11; /* 1 for the exponent 0x7ff (inf, NaN) alone */
    }
    return bad == 0;
}

/* What row_replicates needs of a row before its replicates: the law's N, the active share, the fixed tokens, the
 * active N, the efficiency when it is fixed (else NAN), and whether its loss is in closed form with exp alone. */
typedef struct row_plan {
    double N_law, ratio, D_fix, N_act, fixed_phi;
    int batch;
} row_plan;

static row_plan plan_of(const row_in *in, const ec_efficiency *eff)
{
    const ec_project_options *o = in->opt;
    const ec_model_size *s = in->size;
    const int kind = in->policy->kind;
    row_plan p;
    p.N_law = o->law_at_total ? s->total : s->active;
    p.ratio = s->active / p.N_law;
    p.D_fix = kind == EC_POLICY_TPP ? in->policy->value * p.N_law * p.ratio : in->policy->value;
    p.batch = !(s->compute > 0) && (kind == EC_POLICY_OPTIMAL || kind == EC_POLICY_TPP || kind == EC_POLICY_TOKENS);
    if (kind != EC_POLICY_OPTIMAL && !(p.D_fix <= o->max_tokens)) p.batch = 0;
    p.N_act = p.N_law * p.ratio;
    p.fixed_phi = eff->se_log > 0 ? NAN : eff->factor;
    return p;
}

/* The quantities of a batch row that are the same for every replicate (konst[j] = 1, the value in kval[j]; the
 * others left as they are): N, and with a fixed token count D and C, and with a fixed efficiency φC too. */
static void plan_konst(const row_plan *p, const ec_project_options *o, int optimal, int konst[NR], double kval[NR])
{
    konst[R_N] = 1, kval[R_N] = p->N_law;
    if (optimal) return;
    konst[R_D] = konst[R_C] = 1;
    kval[R_D] = p->D_fix;
    kval[R_C] = o->k * p->N_act * p->D_fix;
    if (isfinite(p->fixed_phi)) konst[R_CEFF] = 1, kval[R_CEFF] = p->fixed_phi * kval[R_C];
}

/*
 * Every replicate r < R of a row: its quantities q_j in out[j * R + r] (j < NR) and st[r] = row_eval's status,
 * except the quantities that are the same for every replicate: konst[j] = 1 and their value in kval[j] (out not
 * written). A row given by its size (not a compute budget) under compute-optimal, tokens-per-param or tokens (below
 * the token cap) has its loss in closed form with exp alone: those go in blocks through ec_vexp (glibc's libmvec
 * where the machine has it), the same arithmetic as row_eval with exp's last bit perhaps another; a replicate the
 * token cap reaches, and every other row, through row_eval itself. Built also for wider vectors, used where the
 * machine has them: the same bits on each (IEEE products and sums, no contraction).
 */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && !defined(__SANITIZE_ADDRESS__)
__attribute__((target_clones("arch=x86-64-v4", "avx2", "default")))
#endif
static void row_replicates(const ec_law *law, row_in *in, const ec_efficiency *eff, const ec_stream *stream,
                           size_t R, double *out, unsigned char *st, int konst[NR], double kval[NR])
{
    const ec_project_options *o = in->opt;
    const int kind = in->policy->kind;
    const row_plan p = plan_of(in, eff);
    const double N_law = p.N_law, D_fix = p.D_fix, lNl = log(N_law);
    for (int j = 0; j < NR; j++) konst[j] = 0, kval[j] = NAN;
    if (!p.batch) {
        for (size_t r = 0; r < R; r++) {
            double q[NR];
            int capped;
            st[r] = (unsigned char)row_eval(&law->reps_chin[r], in, phi_draw(eff, stream, r), q, &capped);
            for (int j = 0; j < NR; j++) out[(size_t)j * R + r] = q[j];
        }
        return;
    }
    const double N_act = p.N_act, fixed_phi = p.fixed_phi;
    const int opt = kind == EC_POLICY_OPTIMAL;
    double *qD = out + (size_t)R_D * R, *qC = out + (size_t)R_C * R, *qE = out + (size_t)R_CEFF * R,
           *qL = out + (size_t)R_L * R;
    plan_konst(&p, o, opt, konst, kval);
    double t1[BLOCK], t2[BLOCK], phi[BLOCK];
    const double *col = law->reps_cols; /* by column: the loops below run over contiguous values */
    for (size_t r0 = 0; r0 < R; r0 += BLOCK) {
        const size_t nb = R - r0 < BLOCK ? R - r0 : BLOCK;
        const ec_chin_const *c = &law->reps_chin[r0];
        const double *cE = col + EC_COL_E * R + r0, *cA = col + EC_COL_A * R + r0, *cB = col + EC_COL_B * R + r0,
                     *cal = col + EC_COL_ALPHA * R + r0, *cbe = col + EC_COL_BETA * R + r0;
        for (size_t i = 0; !konst[R_CEFF] && i < nb; i++)
            phi[i] = isfinite(fixed_phi) ? fixed_phi : phi_draw(eff, stream, r0 + i);
        if (opt) {
            const double lphi = log(fixed_phi);
            const double *clG = col + EC_COL_LG * R + r0, *ceN = col + EC_COL_EN * R + r0,
                         *cK = col + EC_COL_K * R + r0, *cga = col + EC_COL_GAMMA * R + r0;
            for (size_t i = 0; i < nb; i++) t1[i] = (lNl - clG[i]) / ceN[i]; /* lx = log(N D) */
            ec_vexp(t2, t1, nb);
            for (size_t i = 0; i < nb; i++) {
                qD[r0 + i] = t2[i] / N_law;
                t2[i] = -cga[i] * ((isfinite(fixed_phi) ? lphi : log(phi[i])) + t1[i]);
            }
            ec_vexp(t2, t2, nb);
            for (size_t i = 0; i < nb; i++) qL[r0 + i] = cE[i] + cK[i] * t2[i];
        } else {
            if (konst[R_CEFF]) { /* one N and D for every replicate: their logs once */
                double lN, lD;
                fixed_logs(fixed_phi, N_law, D_fix, &lN, &lD);
                for (size_t i = 0; i < nb; i++) {
                    t1[i] = -cal[i] * lN;
                    t2[i] = -cbe[i] * lD;
                }
            } else { /* a factor drawn per replicate */
                for (size_t i = 0; i < nb; i++) {
                    double sp = sqrt(phi[i]), Nx = sp * N_law, Dx = sp * D_fix;
                    if (!(Nx == in->memo_N)) in->memo_N = Nx, in->memo_lN = log(Nx);
                    if (!(Dx == in->memo_D)) in->memo_D = Dx, in->memo_lD = log(Dx);
                    t1[i] = -cal[i] * in->memo_lN;
                    t2[i] = -cbe[i] * in->memo_lD;
                }
            }
            ec_vexp_each(t1, t1, nb);
            ec_vexp_each(t2, t2, nb);
            for (size_t i = 0; i < nb; i++) qL[r0 + i] = loss_of(cE[i], cA[i], cB[i], t1[i], t2[i]);
            if (konst[R_CEFF]) { /* only the loss varies: every replicate of the block ok unless one is not finite */
                if (all_finite(qL + r0, nb)) memset(st + r0, 0, nb);
                else
                    for (size_t i = 0; i < nb; i++) st[r0 + i] = isfinite(qL[r0 + i]) ? 0 : 2;
                continue;
            }
        }
        for (size_t i = 0; i < nb; i++) {
            const size_t r = r0 + i;
            if (opt) {
                if (qD[r] > o->max_tokens) { /* the cap: row_eval's own arithmetic */
                    double q[NR];
                    int capped;
                    st[r] = (unsigned char)row_eval(&c[i], in, phi[i], q, &capped);
                    for (int j = R_D; j < NR; j++) out[(size_t)j * R + r] = q[j];
                    continue;
                }
                qC[r] = o->k * N_act * qD[r];
            }
            if (!konst[R_CEFF]) qE[r] = phi[i] * (opt ? qC[r] : kval[R_C]);
            st[r] = isfinite(qL[r]) && (konst[R_D] || (isfinite(qD[r]) && isfinite(qC[r]))) &&
                    (konst[R_CEFF] || isfinite(qE[r])) ? 0 : 2;
        }
    }
    for (int j = 0; j < NR; j++) /* a constant that is not finite fails every replicate, as row_eval would */
        if (konst[j] && !isfinite(kval[j]))
            for (size_t r = 0; r < R; r++) st[r] = 2;
}

enum { TAILS_MIN = 256, TAILS_CAP = 512 };

/* The losses of replicates ix[0..n) in double into out, as row_replicates computes them (the exps by ec_vexp_each:
 * the same bits wherever a value sits); tmp: room for n. -1 when one is not finite. */
static int exact_losses(const double *col, size_t R, double lN, double lD, const size_t *ix, size_t n, double *out,
                        double *tmp)
{
    for (size_t c = 0; c < n; c++) {
        out[c] = -col[EC_COL_ALPHA * R + ix[c]] * lN;
        tmp[c] = -col[EC_COL_BETA * R + ix[c]] * lD;
    }
    ec_vexp_each(out, out, n);
    ec_vexp_each(tmp, tmp, n);
    for (size_t c = 0; c < n; c++) {
        const size_t r = ix[c];
        out[c] = loss_of(col[EC_COL_E * R + r], col[EC_COL_A * R + r], col[EC_COL_B * R + r], out[c], tmp[c]);
        if (!isfinite(out[c])) return -1;
    }
    return 0;
}

/*
 * loss_tails by bounds: lo_r <= loss_r <= hi_r for every replicate with no exp (ec_law_terms_bounds), where loss_r
 * is the double the full path computes. Then
 * ec_tails_index_bounds keeps, per end, a set that holds the a + 2 smallest (b..R-1 largest) losses; only those
 * are computed in double, as row_replicates computes them (ec_vexp_each, loss_of), and the statistics selected among
 * them: the same bits. -1 when the row is off the grids, a value is not finite, or the kept sets are too large.
 */
static int loss_tails_bounds(const ec_law *law, const ec_law_terms *T, double lN, double lD, size_t R,
                             const ec_interval_stats *ast, double *w, ec_interval_stats *st)
{
    float *lo = (float *)w, *hi = lo + R; /* R floats each: the first R doubles of w */
    if (T->n != R || ec_law_terms_bounds(law, T, lN, lD, lo, hi)) return -1;
    const size_t a = ast->pos[0], b = ast->pos[2], room = ec_tails_room(R), ns = ec_tails_sample(R);
    size_t *keep[2] = {(size_t *)(w + R + 2 * ns), (size_t *)(w + R + 2 * ns) + room}, nk[2];
    double *t1 = (double *)(keep[1] + room), *t2 = t1 + room;
    if (ec_tails_index_bounds(lo, hi, R, a + 2, R - b, R / 4, w + R, keep[0], &nk[0], keep[1], &nk[1])) return -1;
    *st = *ast;
    for (int e = 0; e < 2; e++) {
        const size_t n = nk[e];
        if (exact_losses(law->reps_cols, R, lN, lD, keep[e], n, t1, t2)) return -1;
        /* the low end's positions a, a+1 are the kept set's own; the high end's b, b+1 sit n - R below */
        const size_t p0 = e == 0 ? a : b - (R - n);
        double x[2];
        ec_two_smallest_at(t1, n, p0, x);
        st->val[2 * e] = x[0];
        st->val[2 * e + 1] = x[1];
    }
    /* replicates all alike at the band's ends: band_row's full path, as loss_tails leaves them */
    return st->val[0] < st->val[3] ? 0 : -1;
}

/*
 * loss_tails_bounds on the law's square of (lN, lD) (ec_law_terms_square): the replicates that can hold a tail
 * anywhere in the square, some 300 per end of 4000, are all that is bounded. Per end the threshold is the need-th
 * bound among the square's entries (the a + 2 smallest upper bounds, the R − b largest lower ones), the entries past
 * it are out (every one of them is beyond need others), and the rest are computed in double and selected as
 * there: the same bits. -1 when the square is not made (yet) or a value is not finite.
 */
static int loss_tails_square(const ec_law *law, const ec_law_terms *T, double lN, double lD, size_t R,
                             const ec_interval_stats *ast, double *w, ec_interval_stats *st)
{
    const size_t a = ast->pos[0], b = ast->pos[2];
    const ec_law_square *S = ec_law_terms_square(law, T, lN, lD, a + 2, R - b);
    if (!S) return -1;
    const size_t n = S->n_lo + S->n_hi; /* at most R/2 */
    float *lo = (float *)w, *hi = lo + n; /* 2n floats in the first R doubles */
    size_t *ix = (size_t *)(w + R);
    double *t1 = (double *)(ix + R / 4), *t2 = t1 + R / 4;
    if (ec_law_square_bounds(S, T, lN, lD, lo, hi)) return -1;
    *st = *ast;
    for (int e = 0; e < 2; e++) {
        const size_t i0 = e ? S->n_lo : 0, m = e ? S->n_hi : S->n_lo;
        const size_t need = e ? R - b : a + 2;
        float t = e ? lo[i0] : hi[i0];
        for (size_t i = i0 + 1; i < i0 + need; i++) t = e ? (lo[i] < t ? lo[i] : t) : (hi[i] > t ? hi[i] : t);
        if (!(t == t)) return -1;
        size_t nk = 0;
        for (size_t i = i0; i < i0 + m; i++) {
            ix[nk] = S->rep[i];
            nk += e ? hi[i] >= t : lo[i] <= t;
        }
        if (nk < need || exact_losses(law->reps_cols, R, lN, lD, ix, nk, t1, t2)) return -1; /* nk: need at least */
        const size_t p0 = e == 0 ? a : b - (R - nk); /* as in loss_tails_bounds */
        double x[2];
        ec_two_smallest_at(t1, nk, p0, x);
        st->val[2 * e] = x[0];
        st->val[2 * e + 1] = x[1];
    }
    return st->val[0] < st->val[3] ? 0 : -1;
}

/*
 * The loss's order statistics at a row's interval ends (st: what ec_interval_stats_of gives from the losses
 * row_replicates computes, the same bits), without every replicate's loss in double, for a row whose replicates
 * differ in their loss alone (a size under tokens-per-param or tokens below the cap, a fixed efficiency). Each loss
 * is first estimated in single precision (libmvec's expf, eight per call, over float copies of the constants),
 * within a bound Δ of its double value (below); the estimates' order statistics u then lie within Δ of the exact
 * ones, so the exact ones at sorted positions a, a+1 can only be replicates whose estimate is in
 * [u_a − 2Δ, u_a+1 + 2Δ] (every estimate below that window is a loss below them, every one above it a loss above):
 * those few are computed in double as row_replicates computes them (fixed_logs, ec_vexp_each, loss_of), sorted, and
 * the statistics read off at a − (the estimates below the window); the same for b, b+1. Δ: with u = 2^-24 and
 * |t| <= xmax for the exponents t = −α ln N, −β ln D, the estimate of A e^t is off by at most (3|t| + 10) u of
 * itself (the roundings of α, ln N, their product, A, the product, and 8 ulps for expf, which glibc bounds by
 * one), the sums by 3 u of |E| + |A e^t1| + |B e^t2| (S), the double loss by 2^-50 S: Δ = (4 xmax + 16) 2^-21 S,
 * over four times that, plus 2^-100 for values below float's normal range, where the errors are absolute. konst and kval as row_replicates sets them. -1 (nothing reliable set) when it does not
 * apply or cannot tell (too few replicates, exponents beyond ±80, a value not finite, estimates too close to
 * separate, too many candidates): the caller then takes row_replicates.
 */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && !defined(__SANITIZE_ADDRESS__)
__attribute__((target_clones("arch=x86-64-v4", "avx2", "default")))
#endif
static int loss_tails(const ec_law *law, const row_in *in, const ec_efficiency *eff, size_t R, double level,
                      double *w, int konst[NR], double kval[NR], ec_interval_stats *st, int *by_bounds)
{
    const row_plan p = plan_of(in, eff);
    if (!p.batch || in->policy->kind == EC_POLICY_OPTIMAL || !isfinite(p.fixed_phi) || !law->reps_colsf ||
        R < TAILS_MIN)
        return -1;
    double lN, lD;
    fixed_logs(p.fixed_phi, p.N_law, p.D_fix, &lN, &lD);
    const double xmax = fmax(law->reps_alpha_max * fabs(lN), law->reps_beta_max * fabs(lD));
    if (!(xmax <= 80)) return -1;
    for (int j = 0; j < NR; j++) konst[j] = 0, kval[j] = NAN;
    plan_konst(&p, in->opt, 0, konst, kval); /* every quantity but the loss */
    for (int j = 0; j < R_L; j++)
        if (!isfinite(kval[j])) return -1;
    /* the band's positions, and whether its tails are within the quarter the kept lists hold, before any estimate */
    ec_interval_stats ast; /* its values set below */
    if (ec_interval_stats_const(0, R, level, &ast)) return -1;
    const size_t a = ast.pos[0], b = ast.pos[2], room = ec_tails_room(R);
    if (a + 2 > b || b + 1 >= R || a + 2 > R / 4 || R - b > R / 4) return -1;
    /* by bounds, once the law has its term tables (a sweep's cells, after the first few) */
    const ec_law_terms *T = ec_law_terms_of(law);
    if (T && loss_tails_square(law, T, lN, lD, R, &ast, w, st) == 0) {
        *by_bounds = 2;
        return 0;
    }
    if (T && loss_tails_bounds(law, T, lN, lD, R, &ast, w, st) == 0) {
        *by_bounds = 1;
        return 0;
    }
    *by_bounds = 0;
    const float *f = law->reps_colsf, lNf = (float)lN, lDf = (float)lD;
    float *est = (float *)w; /* R floats in the first R doubles of w */
    const float smaxf = ec_vlossf(f, f + R, f + 2 * R, f + 3 * R, f + 4 * R, lNf, lDf, R, est);
    /* relative, and absolute below float's normal range (errors up to 2^-149 each there) */
    const double delta = ldexp(4 * xmax + 16, -21) * (double)smaxf + 0x1p-100;
    if (!isfinite(delta)) return -1;
    /* the estimates' tails (a NaN among them refused there), up to a quarter each: w holds est (R floats, in R
     * doubles), the sample (R/4 at most), the two lists and their values (R/4 and a little each) */
    const size_t ns = ec_tails_sample(R);
    size_t *kept[2] = {(size_t *)(w + R + ns), (size_t *)(w + R + ns) + room}, n_kept[2];
    double *tmp = (double *)(kept[1] + room), t[2];
    /* per end k: the estimates' order statistics u at its two positions (among the kept ones, which hold sorted
     * positions off.. of all), the window of 2Δ around them (within the kept ones'), the kept estimates below it;
     * once more with thresholds further out when a window reaches beyond them */
    size_t off[2], below[2], nc[2], idx[2][TAILS_CAP];
    double win[2][2];
    for (int loose = 0;; loose++) {
        if (ec_tails_index_f(est, R, a + 2, R - b, R / 4, loose, w + R, kept[0], &n_kept[0], kept[1], &n_kept[1],
                             &t[0], &t[1]))
            return -1;
        off[0] = 0, off[1] = R - n_kept[1];
        int fits = 1;
        for (int k = 0; k < 2 && fits; k++) {
            const size_t p0 = ast.pos[2 * k] - off[k], nk = n_kept[k];
            for (size_t i = 0; i < nk; i++) tmp[i] = est[kept[k][i]];
            double u[2];
            ec_two_smallest_at(tmp, nk, p0, u);
            win[k][0] = u[0] - 2 * delta;
            win[k][1] = u[1] + 2 * delta;
            fits = k == 0 ? win[0][1] <= t[0] : win[1][0] >= t[1];
        }
        if (fits) break;
        if (loose) return -1;
    }
    for (int k = 0; k < 2; k++) {
        const size_t nk = n_kept[k];
        below[k] = off[k], nc[k] = 0;
        for (size_t i = 0; i < nk; i++) {
            const size_t r = kept[k][i];
            below[k] += est[r] < win[k][0];
            if (est[r] >= win[k][0] && est[r] <= win[k][1]) {
                if (nc[k] == TAILS_CAP) return -1;
                idx[k][nc[k]++] = r;
            }
        }
    }
    /* estimates this close could all stand for one value, which band_row treats apart */
    if (!(win[1][1] - win[0][0] > 8 * delta)) return -1;
    const double *col = law->reps_cols;
    double t1[TAILS_CAP], t2[TAILS_CAP];
    *st = ast;
    for (int k = 0; k < 2; k++) {
        const size_t n = nc[k];
        if (exact_losses(col, R, lN, lD, idx[k], n, t1, t2)) return -1;
        gsl_sort(t1, 1, n);
        for (int i = 2 * k; i < 2 * k + 2; i++) {
            if (ast.pos[i] < below[k] || ast.pos[i] - below[k] >= n) return -1; /* cannot happen: Δ holds */
            st->val[i] = t1[ast.pos[i] - below[k]];
        }
    }
    return 0;
}

/* ------------------------------------------------------------ the rows */

static int chin_usable(const ec_chin_const *c)
{
    return c->G > 0 && c->K > 0 && c->gamma > 0 && isfinite(c->G) && isfinite(c->K) && isfinite(c->E);
}

int ec_project(const ec_law *law, const ec_model_size *sizes, size_t n_sizes, const ec_policy *policies,
               size_t n_policies, const ec_efficiency *effs, size_t n_effs, const ec_project_options *opt,
               ec_project_result *res, ec_error *err)
{
    size_t ne = n_effs ? n_effs : 1, n = n_sizes * n_policies * ne;
    memset(res, 0, sizeof *res);
    if (n == 0) return ec_error_set(err, EC_EINVAL, "project: no rows (give sizes and policies)");
    ec_project_spec *specs = malloc(n * sizeof *specs);
    if (!specs) return ec_error_set(err, EC_ENOMEM, "out of memory");
    size_t i = 0;
    for (size_t a = 0; a < n_sizes; a++)
        for (size_t b = 0; b < n_policies; b++)
            for (size_t e = 0; e < ne; e++) {
                if (policies[b].kind == EC_POLICY_LOSS && a > 0) continue; /* a loss target sets the size */
                specs[i].size = sizes[a];
                if (policies[b].kind == EC_POLICY_LOSS) snprintf(specs[i].size.text, sizeof specs[i].size.text, "-");
                specs[i].policy = policies[b];
                specs[i].eff = e;
                i++;
            }
    int rc = ec_project_rows(law, specs, i, effs, n_effs, opt, res, err);
    free(specs);
    return rc;
}

/* Row k's band (w and wst: scratch of R * (NR + 1) values and R statuses; base: the baseline's replicate losses
 * or NULL). */
static void band_row(const ec_law *law, const ec_project_options *opt, ec_project_result *res, size_t k, size_t R,
                     const double *base, double *w, unsigned char *wst)
{
    ec_project_row *row = &res->rows[k];
    row_in in = ROW_IN(&row->size, &row->policy, opt);
    double *ci[NR] = {row->ci_N, row->ci_D, row->ci_compute, row->ci_effective, row->ci_loss};
    int konst[NR];
    double kval[NR];
    ec_interval_stats lst;
    int by_bounds = 0;
    if (res->band == EC_BAND_REPLICATES && w && !base && !row->rep_loss &&
        loss_tails(law, &in, &row->eff, R, opt->level, w, konst, kval, &lst, &by_bounds) == 0) {
        /* every replicate has a row and only the loss varies: its ends from loss_tails, the rest constants */
        row->loss_by_tails = 1 + by_bounds;
        for (int j = 0; j < NR; j++) {
            ec_interval_stats cst;
            if (j != R_L) ec_interval_stats_const(kval[j], R, opt->level, &cst);
            ec_interval_from_stats(j == R_L ? &lst : &cst, NULL, 0, ci[j]);
        }
    } else if (res->band == EC_BAND_REPLICATES && w) {
        ec_stream st = ec_stream_of(opt->seed, row->eff_index);
        size_t m = 0, md = 0;
        double *col[NR + 1];
        for (int j = 0; j <= NR; j++) col[j] = w + (size_t)j * R;
        row_replicates(law, &in, &row->eff, &st, R, w, wst, konst, kval);
        /* compacted in place (m <= r): the replicates with a row, in order; most often every one has */
        int all_ok = memchr(wst, 1, R) == NULL && memchr(wst, 2, R) == NULL;
        if (all_ok) {
            m = R;
            if (row->rep_loss) memcpy(row->rep_loss, col[R_L], sizeof(double) * R);
            for (size_t r = 0; base && r < R; r++)
                if (isfinite(base[r])) col[NR][md++] = col[R_L][r] - base[r];
        }
        for (size_t r = 0; !all_ok && r < R; r++) {
            double q[NR];
            int rc = wst[r];
            for (int j = 0; j < NR; j++) q[j] = konst[j] ? kval[j] : col[j][r];
            if (rc == 1) {
                /* A loss target this replicate never reaches: unbounded compute and size. */
                row->unreachable++;
                for (int j = 0; j < R_L; j++) q[j] = INFINITY;
                q[R_L] = row->policy.value;
            } else if (rc) {
                row->failed++;
                if (row->rep_loss) row->rep_loss[r] = NAN;
                continue;
            }
            if (row->rep_loss) row->rep_loss[r] = q[R_L];
            for (int j = 0; j < NR; j++)
                if (!konst[j]) col[j][m] = q[j];
            m++;
            if (base && isfinite(base[r]) && rc == 0) col[NR][md++] = q[R_L] - base[r];
        }
        for (int j = 0; j < NR; j++) {
            int same = konst[j]; /* every replicate's value the same bits (most often known) */
            for (size_t r = 1; !same && r <= m; r++)
                if (r == m) same = 1;
                else if (memcmp(&col[j][r], &col[j][0], sizeof(double))) break;
            if (same && m >= 2) { /* every order statistic is that value: no selection */
                ec_interval_stats cst;
                ec_interval_stats_const(konst[j] ? kval[j] : col[j][0], m, opt->level, &cst);
                ec_interval_from_stats(&cst, NULL, 0, ci[j]);
            } else {
                ec_interval_percentile(col[j], m, opt->level, ci[j]);
            }
        }
        if (base) {
            row->dloss = row->loss - res->rows[opt->baseline - 1].loss;
            ec_interval_percentile(col[NR], md, opt->level, row->ci_dloss);
        }
    } else if (res->band == EC_BAND_DELTA) {
        /* Central differences of row() in each free parameter and in log φ (index P); the baseline's
         * loss likewise, for the paired difference. */
        const int P = law->form->n_params;
        double g[EC_FORM_MAX_PARAMS + 1][NR], gb[EC_FORM_MAX_PARAMS + 1], q0[NR];
        int capped;
        row_eval(&law->chin, &in, row->eff.factor, q0, &capped);
        const ec_project_row *br = opt->baseline ? &res->rows[opt->baseline - 1] : NULL;
        row_in bin = ROW_IN(br ? &br->size : NULL, br ? &br->policy : NULL, opt);
        for (int j = 0; j <= P; j++) {
            for (int t = 0; t < NR; t++) g[j][t] = 0;
            gb[j] = 0;
            double h, pp[EC_FORM_MAX_PARAMS], pm[EC_FORM_MAX_PARAMS], fp[NR], fm[NR];
            double phip = row->eff.factor, phim = row->eff.factor;
            double bphip = br ? br->eff.factor : 1, bphim = bphip;
            memcpy(pp, law->p, sizeof pp);
            memcpy(pm, law->p, sizeof pm);
            if (j < P) {
                double var = law->cov[j * EC_FORM_MAX_PARAMS + j];
                if (!(var > 0)) continue;
                h = 1e-5 * fmax(fabs(law->p[j]), sqrt(var));
                pp[j] += h;
                pm[j] -= h;
            } else {
                h = 1e-5;
                phip *= exp(h);
                phim *= exp(-h);
                bphip *= exp(h);
                bphim *= exp(-h);
            }
            ec_chin_const cp, cm;
            ec_chin_const_of(pp, &cp);
            ec_chin_const_of(pm, &cm);
            if (!row_eval(&cp, &in, phip, fp, &capped) && !row_eval(&cm, &in, phim, fm, &capped))
                for (int t = 0; t < NR; t++) g[j][t] = (fp[t] - fm[t]) / (2 * h);
            double bp[NR], bm[NR];
            if (br && !row_eval(&cp, &bin, bphip, bp, &capped) && !row_eval(&cm, &bin, bphim, bm, &capped))
                gb[j] = (bp[R_L] - bm[R_L]) / (2 * h);
        }
        const double z = ec_interval_z(opt->level), se = row->eff.se_log;
        for (int t = 0; t < NR; t++) {
            double v = 0;
            for (int a = 0; a < P; a++)
                for (int b = 0; b < P; b++) v += g[a][t] * law->cov[a * EC_FORM_MAX_PARAMS + b] * g[b][t];
            v += g[P][t] * g[P][t] * se * se;
            double sd = sqrt(v), x = q0[t];
            if (!isfinite(sd)) continue;
            if (t != R_L && x > 0) { /* a scale: normal in log x */
                ci[t][0] = x * exp(-z * sd / x);
                ci[t][1] = x * exp(z * sd / x);
            } else {
                ci[t][0] = x - z * sd;
                ci[t][1] = x + z * sd;
            }
        }
        if (br) {
            /* The same law for both rows; the same φ draw when they share the efficiency. */
            double v = 0, d[EC_FORM_MAX_PARAMS];
            for (int a = 0; a < P; a++) d[a] = g[a][R_L] - gb[a];
            for (int a = 0; a < P; a++)
                for (int b = 0; b < P; b++) v += d[a] * law->cov[a * EC_FORM_MAX_PARAMS + b] * d[b];
            double bse = br->eff.se_log;
            if (row->eff_index == br->eff_index) v += (g[P][R_L] - gb[P]) * (g[P][R_L] - gb[P]) * se * se;
            else v += g[P][R_L] * g[P][R_L] * se * se + gb[P] * gb[P] * bse * bse;
            row->dloss = row->loss - br->loss;
            double sd = sqrt(v);
            row->ci_dloss[0] = row->dloss - z * sd;
            row->ci_dloss[1] = row->dloss + z * sd;
        }
    }
}

/* The bands of rows 0..n-1, on the calling thread's share of them (team: inside a parallel region, the rows
 * shared out; else all of them); 1 when its scratch could not be had (its rows then have no band). */
static int band_rows(const ec_law *law, const ec_project_options *opt, ec_project_result *res, size_t n, size_t R,
                     const double *base, int team)
{
    const int reps = res->band == EC_BAND_REPLICATES;
    double *w = reps ? malloc(sizeof(double) * R * (NR + 1)) : NULL;
    unsigned char *wst = reps ? malloc(R) : NULL;
    int oom = reps && (!w || !wst);
    if (oom) { /* every thread still meets the loop below */
        free(w);
        free(wst);
        w = NULL;
        wst = NULL;
    }
    if (team) {
#pragma omp for schedule(dynamic, 1)
        for (size_t k = 0; k < n; k++) band_row(law, opt, res, k, R, base, w, wst);
    } else {
        for (size_t k = 0; k < n; k++) band_row(law, opt, res, k, R, base, w, wst);
    }
    free(w);
    free(wst);
    return oom;
}

int ec_project_rows(const ec_law *law, const ec_project_spec *specs, size_t n, const ec_efficiency *effs,
                    size_t n_effs, const ec_project_options *opt_in, ec_project_result *res, ec_error *err)
{
    memset(res, 0, sizeof *res);
    ec_project_options opt = opt_in ? *opt_in : ec_project_default_options();
    if (strcmp(law->form->name, "chinchilla") != 0)
        return ec_error_set(err, EC_EINVAL, "project: needs a chinchilla law (got %s)", law->form->name);
    if (!chin_usable(&law->chin))
        return ec_error_set(err, EC_EINVAL, "project: the chinchilla law's parameters give no falling frontier");
    if (!(opt.k > 0) || !isfinite(opt.k)) return ec_error_set(err, EC_EINVAL, "project: k = %g must be positive", opt.k);
    ec_efficiency one = {1, 0, "1"};
    if (n_effs == 0) {
        effs = &one;
        n_effs = 1;
    }
    if (n == 0) return ec_error_set(err, EC_EINVAL, "project: no rows (give sizes and policies)");
    for (size_t i = 0; i < n; i++)
        if (specs[i].eff >= n_effs)
            return ec_error_set(err, EC_EINVAL, "project: row %zu: efficiency %zu of %zu", i + 1, specs[i].eff + 1,
                                n_effs);
    if (opt.baseline > n)
        return ec_error_set(err, EC_EINVAL, "project: baseline row %zu, but there are %zu rows", opt.baseline, n);
    res->rows = calloc(n, sizeof *res->rows);
    if (!res->rows) return ec_error_set(err, EC_ENOMEM, "out of memory");
    res->n_rows = n;
    res->k = opt.k;
    res->max_tokens = opt.max_tokens;
    res->level = opt.level;
    res->law_at_total = opt.law_at_total;
    res->baseline = opt.baseline;
    res->seed = opt.seed;
    const size_t R = law->n_reps;
    res->band = R >= 2 ? EC_BAND_REPLICATES : law->has_cov ? EC_BAND_DELTA : EC_BAND_NONE;
    res->replicates = res->band == EC_BAND_REPLICATES ? R : 0;
    for (size_t i = 0; i < n; i++) {
        ec_project_row *row = &res->rows[i];
        const ec_model_size *size = &specs[i].size;
        row->size = *size;
        row->policy = specs[i].policy;
        row->eff = effs[specs[i].eff];
        row->eff_index = specs[i].eff;
        row_in in = ROW_IN(&row->size, &row->policy, &opt);
        double q[NR];
        int rc = row_eval(&law->chin, &in, row->eff.factor, q, &row->capped);
        if (rc) { /* the message first: it names the row, which the clear frees */
            ec_error_set(err, EC_EINVAL, "project: row %zu (%s, %s): %s", i + 1, specs[i].size.text,
                         specs[i].policy.text,
                         rc == 1 ? "the loss target is at or below the law's floor E: never reached"
                                 : "no finite allocation (the quality cannot be reached)");
            ec_project_clear(res);
            return EC_EINVAL;
        }
        row->N_law = q[R_N];
        int dense_set = row->policy.kind == EC_POLICY_LOSS || size->compute > 0; /* N from the row, not the size */
        row->N_active = dense_set ? q[R_N] : q[R_N] * size->active / (opt.law_at_total ? size->total : size->active);
        row->N_total = dense_set ? q[R_N] : row->N_active * size->total / size->active;
        row->D = q[R_D];
        row->tokens_per_param = q[R_D] / row->N_active;
        row->compute = q[R_C];
        row->effective_compute = q[R_CEFF];
        row->loss = q[R_L];
        row->beyond_compute = log10(row->compute / law->data_max_C);
        row->beyond_size = log10(row->N_law / law->data_max_N);
        double *ci[NR] = {row->ci_N, row->ci_D, row->ci_compute, row->ci_effective, row->ci_loss};
        for (int j = 0; j < NR; j++) ci[j][0] = ci[j][1] = NAN;
        row->dloss = row->ci_dloss[0] = row->ci_dloss[1] = NAN;
    }
    if (res->band == EC_BAND_NONE) return EC_OK;
    for (size_t i = 0; opt.keep_losses && res->band == EC_BAND_REPLICATES && i < n; i++)
        if (!(res->rows[i].rep_loss = malloc(sizeof(double) * R))) {
            ec_project_clear(res);
            return ec_error_set(err, EC_ENOMEM, "out of memory");
        }

    /* Per replicate: every row's quantities (the baseline's losses first, for the paired differences). */
    double *base = NULL;
    int oom = 0;
    if (res->band == EC_BAND_REPLICATES && opt.baseline) {
        base = malloc(sizeof(double) * R);
        if (!base) {
            ec_project_clear(res);
            return ec_error_set(err, EC_ENOMEM, "out of memory");
        }
        ec_project_row *br = &res->rows[opt.baseline - 1];
        row_in in = ROW_IN(&br->size, &br->policy, &opt);
        ec_stream st = ec_stream_of(opt.seed, br->eff_index);
        double *bq = malloc(sizeof(double) * R * NR);
        unsigned char *bs = malloc(R);
        if (bq && bs) {
            int bk[NR];
            double bv[NR];
            row_replicates(law, &in, &br->eff, &st, R, bq, bs, bk, bv);
            for (size_t r = 0; r < R; r++) base[r] = bs[r] == 0 ? bq[(size_t)R_L * R + r] : NAN;
        }
        free(bs);
        free(bq);
        if (!bq || !bs) {
            free(base);
            ec_project_clear(res);
            return ec_error_set(err, EC_ENOMEM, "out of memory");
        }
    }
    int nt = opt.threads > 0 ? opt.threads : omp_get_max_threads();
    if (n < 2) nt = 1;
    if (nt > 1) {
#pragma omp parallel num_threads(nt)
        {
            if (band_rows(law, &opt, res, n, R, base, 1)) {
#pragma omp atomic write
                oom = 1;
            }
        }
    } else { /* no OpenMP team: a team of one inside a sweep's threads costs more than a row */
        oom = band_rows(law, &opt, res, n, R, base, 0);
    }
    free(base);
    if (oom) {
        ec_project_clear(res);
        return ec_error_set(err, EC_ENOMEM, "out of memory");
    }
    return EC_OK;
}
