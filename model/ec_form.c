/*
 * ec_form.c — the catalogue of scaling-law forms (see ec_form.h).
 *
 * The catalogue is one static const array of ec_form entries, in a fixed
 * order: power, saturating-power, chinchilla, kaplan-nd, sigmoid-logc, bnsl,
 * loglinear-time, exp-error. Each entry has a name, an ASCII formula, a
 * one-line description with its reference, named parameters, the roles of
 * its independent variables, a default start, default bounds, a small
 * default start grid (one list of values per parameter; the engine takes the
 * Cartesian product), a `positive` flag and a mask of parameters held fixed
 * by default. Each eval returns the prediction and, when asked, its analytic
 * gradient with respect to the parameters (checked against central finite
 * differences in tests/test_form.c).
 *
 * Conventions
 *   - Parameters are in natural units (A, not log A). The Chinchilla start
 *     and grid are Hoffmann et al.'s log-space values (as used by Besiroglu
 *     et al. 2024 and ec_chinchilla.h) exponentiated; the literals below are
 *     e^v to 17 significant digits.
 *   - One-variable forms take the generic role x (EC_ROLE_X) and predict y
 *     (EC_ROLE_Y); the caller maps a data column (e.g. C, a date, a loss) to
 *     x. The meaning of x each form assumes: power, saturating-power: any
 *     positive quantity; sigmoid-logc: training compute in FLOP (the
 *     midpoint x0 is log10 FLOP); bnsl: any positive quantity (dataset size,
 *     compute, ...); loglinear-time: date as decimal year; exp-error: a loss.
 *     The two-variable forms take N (parameters) and D (tokens) and predict
 *     the loss L.
 *   - A lower bound of 0 on a scale parameter (A, b, Nc, d1, ...) is meant
 *     as open, (0, inf): the form may be undefined or degenerate at 0 and an
 *     engine should keep such parameters strictly positive (e.g. by fitting
 *     their logarithm).
 *   - "Undefined" means NAN: every eval returns NAN (and fills grad, when
 *     given, with NAN) where a logarithm or a real power of a non-positive
 *     number would be needed, or a division by zero. NaN inputs propagate.
 *   - Large and small intermediate values are kept in log space where the
 *     direct formula would overflow: kaplan-nd through a two-term
 *     log-sum-exp, bnsl through a stable softplus log(1 + e^z), sigmoid-logc
 *     through a logistic that never evaluates e^z for z > 0.
 *
 * References
 *   - Hoffmann et al. 2022, "Training Compute-Optimal Large Language
 *     Models", arXiv:2203.15556 (chinchilla, Approach 3).
 *   - Besiroglu, Erdil, Barnett & You 2024, "Chinchilla Scaling: A
 *     replication attempt", arXiv:2404.10102 (start and start grid).
 *   - Kaplan et al. 2020, "Scaling Laws for Neural Language Models",
 *     arXiv:2001.08361, eq. (1.5) (kaplan-nd).
 *   - Caballero, Gupta, Rish & Krueger 2023, "Broken Neural Scaling Laws",
 *     ICLR 2023, arXiv:2210.14891 (bnsl, one break).
 *   - Gadre et al. 2024, "Language models scale reliably with over-training
 *     and on downstream tasks", arXiv:2403.08540 (exp-error).
 */
#include "ec_form.h"

#include <math.h>
#include <string.h>

#include "ec_chinchilla.h" /* ec_vexp_each, ec_vlog1p_each: the blocks' exps and logs */

#define LN10 2.30258509299404568402
#define COUNT(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* ------------------------------------------------------------- helpers */

/* Undefined prediction: NAN, and a NAN gradient when one is asked for. */
static double undefined(double *grad, int n)
{
    if (grad)
        for (int j = 0; j < n; j++) grad[j] = NAN;
    return NAN;
}

/*
 * Softplus and logistic without overflow: returns log(1 + e^z) and sets
 * *sig = σ(z) = 1/(1 + e^−z), *sigc = 1 − σ(z) and *tail = |z|·min(σ, 1−σ),
 * the last so that log(1 + e^z) − z·σ(z) = log1p(e^−|z|) + tail can be
 * formed without cancellation. Only e^−|z| ≤ 1 is evaluated. NaN in, NaN out
 * (through t).
 */
static double softplus_l(double z, double *sig, double *sigc, double *tail, double *l1p)
{
    double t = exp(-fabs(z)); /* in (0, 1], or NaN */
    double big = 1.0 / (1.0 + t), small = t / (1.0 + t);
    if (z >= 0) {
        *sig = big;
        *sigc = small;
    } else {
        *sig = small;
        *sigc = big;
    }
    *tail = fabs(z) * small;
    *l1p = log1p(t); /* log1p(e^−|z|) */
    return fmax(z, 0.0) + *l1p; /* a NaN z gives t = NaN */
}

static double softplus(double z, double *sig, double *sigc, double *tail)
{
    double l1p;
    return softplus_l(z, sig, sigc, tail, &l1p);
}

/* Point i of a block undefined: y NAN and its k gradients NAN. */
static void block_undefined(double *y, double *g, size_t i, int k)
{
    y[i] = NAN;
    if (g)
        for (int j = 0; j < k; j++) g[(size_t)j * EC_FORM_BLOCK + i] = NAN;
}

/* t[i] = e^t[i], i < n, by ec_vexp_each. Not inlined: gcc 12 cannot see that the loops before it fill t[0..n)
 * and warns (-Wmaybe-uninitialized) at the const argument; one call per block costs nothing. */
__attribute__((noinline)) static void vexp_in_place(double *t, size_t n) { ec_vexp_each(t, t, n); }

/* g[j·EC_FORM_BLOCK + i]: parameter j's row of a block's gradients. */
#define G(j, i) g[(size_t)(j) * EC_FORM_BLOCK + (i)]

/* The logs a form's eval takes in place and its eval_pre is given (ec_form.h): lx[j] when
 * the caller has them, else log x[j]; pc[j] likewise for a parameter's log. */
#define LOG_OF(arr, j, v) ((arr) ? (arr)[j] : log(v))

/* ------------------------------------------------------------- power */

static const char *const power_names[] = {"A", "alpha"};
static const ec_role x_roles[] = {EC_ROLE_X};
static const ec_role nd_roles[] = {EC_ROLE_N, EC_ROLE_D};

/* y = A·x^(−alpha) */
static double power_pre(const double *p, const double *pc, const double *x, const double *lx, double *grad)
{
    (void)pc;
    double A = p[0], alpha = p[1], xv = x[0];
    if (!(xv > 0)) return undefined(grad, 2);
    double t = pow(xv, -alpha), y = A * t;
    if (grad) {
        grad[0] = t;
        grad[1] = -y * LOG_OF(lx, 0, xv);
    }
    return y;
}

static double power_eval(const double *p, const double *x, double *grad) { return power_pre(p, NULL, x, NULL, grad); }

/* A block of power_pre (floor = 0) or satpow_pre (floor = 1, E = p[0]): x^(−alpha) as e^(−alpha·log x); A and
 * alpha are p[floor] and p[floor + 1]. */
static void powerlaw_block(int floor, const double *p, size_t n, const double *x, const double *lx, double *y,
                           double *g)
{
    const double A = p[floor], alpha = p[floor + 1];
    double t[EC_FORM_BLOCK];
    for (size_t i = 0; i < n; i++) t[i] = -alpha * lx[i];
    vexp_in_place(t, n);
    for (size_t i = 0; i < n; i++) {
        if (!(x[i] > 0)) {
            block_undefined(y, g, i, 2 + floor);
            continue;
        }
        const double at = A * t[i];
        y[i] = floor ? p[0] + at : at;
        if (g) {
            if (floor) G(0, i) = 1.0;
            G(floor, i) = t[i];
            G(floor + 1, i) = -at * lx[i];
        }
    }
}

static void power_block(const double *p, const double *pc, size_t n, const double *x, const double *lx, double *y,
                        double *g)
{
    (void)pc;
    powerlaw_block(0, p, n, x, lx, y, g);
}

static const double power_start[] = {1.0, 0.1};
static const double power_lower[] = {0.0, -10.0};
static const double power_upper[] = {INFINITY, 10.0};
static const double power_gA[] = {1e-2, 1.0, 1e2, 1e4};
static const double power_galpha[] = {-1.0, -0.5, 0.05, 0.2, 0.5};
static const double *const power_grid[] = {power_gA, power_galpha};
static const int power_gcount[] = {COUNT(power_gA), COUNT(power_galpha)};

/* ---------------------------------------------------- saturating-power */

static const char *const satpow_names[] = {"E", "A", "alpha"};

/* y = E + A·x^(−alpha) */
static double satpow_pre(const double *p, const double *pc, const double *x, const double *lx, double *grad)
{
    (void)pc;
    double E = p[0], A = p[1], alpha = p[2], xv = x[0];
    if (!(xv > 0)) return undefined(grad, 3);
    double t = pow(xv, -alpha), at = A * t;
    if (grad) {
        grad[0] = 1.0;
        grad[1] = t;
        grad[2] = -at * LOG_OF(lx, 0, xv);
    }
    return E + at;
}

static double satpow_eval(const double *p, const double *x, double *grad) { return satpow_pre(p, NULL, x, NULL, grad); }

static void satpow_block(const double *p, const double *pc, size_t n, const double *x, const double *lx, double *y,
                         double *g)
{
    (void)pc;
    powerlaw_block(1, p, n, x, lx, y, g);
}

static const double satpow_start[] = {1.0, 10.0, 0.1};
static const double satpow_lower[] = {0.0, 0.0, 0.0};
static const double satpow_upper[] = {INFINITY, INFINITY, 10.0};
static const double satpow_gE[] = {0.0, 1.0, 2.0};
static const double satpow_gA[] = {1.0, 10.0, 1e3, 1e6, 1e10};
static const double satpow_galpha[] = {0.05, 0.1, 0.2, 0.3, 0.5};
static const double *const satpow_grid[] = {satpow_gE, satpow_gA, satpow_galpha};
static const int satpow_gcount[] = {COUNT(satpow_gE), COUNT(satpow_gA), COUNT(satpow_galpha)};

/* ---------------------------------------------------------- chinchilla */

static const char *const chin_names[] = {"E", "A", "B", "alpha", "beta"};

/* L = E + A/N^alpha + B/D^beta */
static double chin_pre(const double *p, const double *pc, const double *x, const double *lx, double *grad)
{
    (void)pc;
    double E = p[0], A = p[1], B = p[2], alpha = p[3], beta = p[4], N = x[0], D = x[1];
    if (!(N > 0) || !(D > 0)) return undefined(grad, 5);
    double tN = pow(N, -alpha), tD = pow(D, -beta);
    double aN = A * tN, bD = B * tD;
    if (grad) {
        grad[0] = 1.0;
        grad[1] = tN;
        grad[2] = tD;
        grad[3] = -aN * LOG_OF(lx, 0, N);
        grad[4] = -bD * LOG_OF(lx, 1, D);
    }
    return E + aN + bD;
}

static double chin_eval(const double *p, const double *x, double *grad) { return chin_pre(p, NULL, x, NULL, grad); }

static void chin_block(const double *p, const double *pc, size_t n, const double *x, const double *lx, double *y,
                       double *g)
{
    (void)pc;
    const double E = p[0], A = p[1], B = p[2], alpha = p[3], beta = p[4];
    double tN[EC_FORM_BLOCK], tD[EC_FORM_BLOCK];
    for (size_t i = 0; i < n; i++) {
        tN[i] = -alpha * lx[2 * i];
        tD[i] = -beta * lx[2 * i + 1];
    }
    vexp_in_place(tN, n);
    vexp_in_place(tD, n);
    for (size_t i = 0; i < n; i++) {
        if (!(x[2 * i] > 0) || !(x[2 * i + 1] > 0)) {
            block_undefined(y, g, i, 5);
            continue;
        }
        const double aN = A * tN[i], bD = B * tD[i];
        y[i] = E + aN + bD;
        if (g) {
            G(0, i) = 1.0;
            G(1, i) = tN[i];
            G(2, i) = tD[i];
            G(3, i) = -aN * lx[2 * i];
            G(4, i) = -bD * lx[2 * i + 1];
        }
    }
}

/* Hoffmann et al.'s unrounded Approach-3 estimate (a, b, e, alpha, beta) =
 * (6.0073404, 6.0179186, 0.5267228, 0.33917084, 0.2849083), exponentiated. */
static const double chin_start[] = {1.6933736809989527 /* e^0.5267228 */,
                                    406.40101751947360 /* e^6.0073404 */,
                                    410.72282694503989 /* e^6.0179186 */, 0.33917084, 0.2849083};
static const double chin_lower[] = {0.0, 0.0, 0.0, 0.0, 0.0};
static const double chin_upper[] = {INFINITY, INFINITY, INFINITY, 5.0, 5.0};
/* Hoffmann's grid: e ∈ {−1, −0.5, …, 1}, a, b ∈ {0, 5, …, 25},
 * alpha, beta ∈ {0, 0.5, …, 2}. */
static const double chin_gE[] = {0.36787944117144233 /* e^-1 */, 0.60653065971263342 /* e^-0.5 */, 1.0,
                                 1.6487212707001281 /* e^0.5 */, 2.7182818284590452 /* e^1 */};
static const double chin_gAB[] = {1.0,
                                  148.41315910257660 /* e^5 */,
                                  22026.465794806717 /* e^10 */,
                                  3269017.3724721106 /* e^15 */,
                                  485165195.40979028 /* e^20 */,
                                  72004899337.385873 /* e^25 */};
static const double chin_gexp[] = {0.0, 0.5, 1.0, 1.5, 2.0};
static const double *const chin_grid[] = {chin_gE, chin_gAB, chin_gAB, chin_gexp, chin_gexp};
static const int chin_gcount[] = {COUNT(chin_gE), COUNT(chin_gAB), COUNT(chin_gAB), COUNT(chin_gexp),
                                  COUNT(chin_gexp)};

/* ----------------------------------------------------------- kaplan-nd */

static const char *const kaplan_names[] = {"Nc", "Dc", "alphaN", "alphaD"};

/*
 * L = [(Nc/N)^(alphaN/alphaD) + Dc/D]^alphaD, in log space:
 *   u = (alphaN/alphaD)·(log Nc − log N),  v = log Dc − log D,
 *   s = log(e^u + e^v),  L = e^(alphaD·s).
 * With p = e^(u−s), q = e^(v−s) = 1 − p:
 *   ∂L/∂Nc = L·alphaN·p/Nc,  ∂L/∂Dc = L·alphaD·q/Dc,
 *   ∂L/∂alphaN = L·p·(log Nc − log N),  ∂L/∂alphaD = L·(s − p·u).
 */
static void kaplan_prep(const double *p, double pc[EC_FORM_PREP_MAX])
{
    pc[0] = log(p[0]);
    pc[1] = log(p[1]);
}

static double kaplan_pre(const double *p, const double *pc, const double *x, const double *lx, double *grad)
{
    double Nc = p[0], Dc = p[1], aN = p[2], aD = p[3], N = x[0], D = x[1];
    if (!(N > 0) || !(D > 0) || !(Nc > 0) || !(Dc > 0) || aD == 0) return undefined(grad, 4);
    double r = LOG_OF(pc, 0, Nc) - LOG_OF(lx, 0, N);
    double u = (aN / aD) * r, v = LOG_OF(pc, 1, Dc) - LOG_OF(lx, 1, D);
    double t = exp(-fabs(u - v)), big = 1.0 / (1.0 + t), small = t / (1.0 + t);
    double s, pu, qv, ds; /* ds = s − p·u, formed without cancellation */
    if (u >= v) {
        s = u + log1p(t);
        pu = big;
        qv = small;
        ds = log1p(t) + small * u;
    } else {
        s = v + log1p(t); /* a NaN u or v lands here, with t = NaN */
        pu = small;
        qv = big;
        ds = s - small * u;
    }
    double L = exp(aD * s);
    if (grad) {
        grad[0] = L * aN * pu / Nc;
        grad[1] = L * aD * qv / Dc;
        grad[2] = L * pu * r;
        grad[3] = L * ds;
    }
    return L;
}

static double kaplan_eval(const double *p, const double *x, double *grad) { return kaplan_pre(p, NULL, x, NULL, grad); }

/* A block of kaplan_pre in three passes: t = e^(−|u − v|), then log1p(t), then L = e^(alphaD·s). */
static void kaplan_block(const double *p, const double *pc, size_t n, const double *x, const double *lx, double *y,
                         double *g)
{
    const double Nc = p[0], Dc = p[1], aN = p[2], aD = p[3];
    if (!(Nc > 0) || !(Dc > 0) || aD == 0) {
        for (size_t i = 0; i < n; i++) block_undefined(y, g, i, 4);
        return;
    }
    const double ratio = aN / aD; /* kaplan_pre's u = (alphaN/alphaD)·r */
    double t[EC_FORM_BLOCK], l[EC_FORM_BLOCK], e[EC_FORM_BLOCK];
    for (size_t i = 0; i < n; i++) {
        const double u = ratio * (pc[0] - lx[2 * i]), v = pc[1] - lx[2 * i + 1];
        t[i] = -fabs(u - v);
    }
    vexp_in_place(t, n);
    ec_vlog1p_each(l, t, n);
    for (size_t i = 0; i < n; i++) {
        const double u = ratio * (pc[0] - lx[2 * i]), v = pc[1] - lx[2 * i + 1];
        e[i] = aD * ((u >= v ? u : v) + l[i]); /* a NaN u or v takes v, with t = NaN */
    }
    vexp_in_place(e, n);
    for (size_t i = 0; i < n; i++) {
        if (!(x[2 * i] > 0) || !(x[2 * i + 1] > 0)) {
            block_undefined(y, g, i, 4);
            continue;
        }
        const double L = e[i];
        y[i] = L;
        if (!g) continue;
        const double r = pc[0] - lx[2 * i], u = ratio * r, v = pc[1] - lx[2 * i + 1];
        const double big = 1.0 / (1.0 + t[i]), small = t[i] / (1.0 + t[i]);
        double pu, qv, ds; /* as kaplan_pre forms them */
        if (u >= v) {
            pu = big;
            qv = small;
            ds = l[i] + small * u;
        } else {
            pu = small;
            qv = big;
            ds = (v + l[i]) - small * u;
        }
        G(0, i) = L * aN * pu / Nc;
        G(1, i) = L * aD * qv / Dc;
        G(2, i) = L * pu * r;
        G(3, i) = L * ds;
    }
}

static const double kaplan_start[] = {8.8e13, 5.4e13, 0.076, 0.095};
static const double kaplan_lower[] = {0.0, 0.0, 0.0, 0.0};
static const double kaplan_upper[] = {INFINITY, INFINITY, 5.0, 5.0};
static const double kaplan_gNc[] = {1e10, 1e12, 1e14, 1e16};
static const double kaplan_gDc[] = {1e10, 1e12, 1e14};
static const double kaplan_gexp[] = {0.05, 0.1, 0.3};
static const double *const kaplan_grid[] = {kaplan_gNc, kaplan_gDc, kaplan_gexp, kaplan_gexp};
static const int kaplan_gcount[] = {COUNT(kaplan_gNc), COUNT(kaplan_gDc), COUNT(kaplan_gexp),
                                    COUNT(kaplan_gexp)};

/* -------------------------------------------------------- sigmoid-logc */

static const char *const sigmoid_names[] = {"lo", "hi", "k", "x0"};

/*
 * y = lo + (hi − lo)·σ(z),  z = k·(log10 x − x0),  σ(z) = 1/(1 + e^−z).
 * ∂y/∂lo = 1 − σ, ∂y/∂hi = σ, ∂y/∂k = (hi − lo)·σ(1 − σ)·(log10 x − x0),
 * ∂y/∂x0 = −(hi − lo)·σ(1 − σ)·k.
 */
static double sigmoid_pre(const double *p, const double *pc, const double *x, const double *lx, double *grad)
{
    (void)pc, (void)lx; /* log10 x, not log x / ln 10: eval's bits */
    double lo = p[0], hi = p[1], k = p[2], x0 = p[3], xv = x[0];
    if (!(xv > 0)) return undefined(grad, 4);
    double dl = log10(xv) - x0, z = k * dl, sig, sigc, tail;
    (void)softplus(z, &sig, &sigc, &tail);
    double w = hi - lo;
    if (grad) {
        double ss = w * sig * sigc;
        grad[0] = sigc;
        grad[1] = sig;
        grad[2] = ss * dl;
        grad[3] = -ss * k;
    }
    /* lo + w·σ near the low plateau, hi − w·(1 − σ) near the high one. */
    return z >= 0 ? hi - w * sigc : lo + w * sig;
}

static double sigmoid_eval(const double *p, const double *x, double *grad) { return sigmoid_pre(p, NULL, x, NULL, grad); }

/* A block of sigmoid_pre, e^−|z| by the vector exp. log10 x stays libm's (log x / ln 10 would put a rounding
 * error of about 10⁻¹⁵ into log10 x − x0, which is the whole of it where x is near 10^x0). */
static void sigmoid_block(const double *p, const double *pc, size_t n, const double *x, const double *lx, double *y,
                          double *g)
{
    (void)pc, (void)lx;
    const double lo = p[0], hi = p[1], k = p[2], x0 = p[3], w = hi - lo;
    double dl[EC_FORM_BLOCK], t[EC_FORM_BLOCK];
    for (size_t i = 0; i < n; i++) {
        dl[i] = log10(x[i]) - x0;
        t[i] = -fabs(k * dl[i]);
    }
    vexp_in_place(t, n);
    for (size_t i = 0; i < n; i++) {
        if (!(x[i] > 0)) {
            block_undefined(y, g, i, 4);
            continue;
        }
        const double z = k * dl[i], big = 1.0 / (1.0 + t[i]), small = t[i] / (1.0 + t[i]);
        const double sig = z >= 0 ? big : small, sigc = z >= 0 ? small : big;
        y[i] = z >= 0 ? hi - w * sigc : lo + w * sig;
        if (!g) continue;
        const double ss = w * sig * sigc;
        G(0, i) = sigc;
        G(1, i) = sig;
        G(2, i) = ss * dl[i];
        G(3, i) = -ss * k;
    }
}

static const double sigmoid_start[] = {0.25, 1.0, 1.0, 24.0};
static const double sigmoid_lower[] = {-INFINITY, -INFINITY, 0.0, 0.0};
static const double sigmoid_upper[] = {INFINITY, INFINITY, 100.0, 40.0};
static const double sigmoid_glo[] = {0.0, 0.25};
static const double sigmoid_ghi[] = {0.8, 1.0};
static const double sigmoid_gk[] = {0.5, 1.0, 2.0, 4.0};
static const double sigmoid_gx0[] = {20.0, 22.0, 24.0, 26.0};
static const double *const sigmoid_grid[] = {sigmoid_glo, sigmoid_ghi, sigmoid_gk, sigmoid_gx0};
static const int sigmoid_gcount[] = {COUNT(sigmoid_glo), COUNT(sigmoid_ghi), COUNT(sigmoid_gk),
                                     COUNT(sigmoid_gx0)};

/* ---------------------------------------------------------------- bnsl */

static const char *const bnsl_names[] = {"a", "b", "c0", "c1", "d1", "f1"};

/*
 * y = a + b·x^(−c0)·(1 + (x/d1)^(1/f1))^(−c1·f1) = a + b·g,
 *   g = exp(−c0·log x − c1·f1·sp),  sp = log(1 + e^z),  z = (log x − log d1)/f1.
 * With σ = σ(z):
 *   ∂y/∂a = 1, ∂y/∂b = g, ∂y/∂c0 = −b·g·log x, ∂y/∂c1 = −b·g·f1·sp,
 *   ∂y/∂d1 = b·g·c1·σ/d1,  ∂y/∂f1 = −b·g·c1·(sp − z·σ).
 */
static void bnsl_prep(const double *p, double pc[EC_FORM_PREP_MAX]) { pc[0] = log(p[4]); }

static double bnsl_pre(const double *p, const double *pc, const double *x, const double *lxs, double *grad)
{
    double a = p[0], b = p[1], c0 = p[2], c1 = p[3], d1 = p[4], f1 = p[5], xv = x[0];
    if (!(xv > 0) || !(d1 > 0) || f1 == 0) return undefined(grad, 6);
    double lx = LOG_OF(lxs, 0, xv), z = (lx - LOG_OF(pc, 0, d1)) / f1, sig, sigc, tail, l1p;
    double sp = softplus_l(z, &sig, &sigc, &tail, &l1p);
    double g = exp(-c0 * lx - c1 * f1 * sp), bg = b * g;
    if (grad) {
        grad[0] = 1.0;
        grad[1] = g;
        grad[2] = -bg * lx;
        grad[3] = -bg * f1 * sp;
        grad[4] = bg * c1 * sig / d1;
        grad[5] = -bg * c1 * (l1p + tail); /* l1p = log1p(e^−|z|), softplus's own */
    }
    return a + bg;
}

static double bnsl_eval(const double *p, const double *x, double *grad) { return bnsl_pre(p, NULL, x, NULL, grad); }

/* A block of bnsl_pre in three passes: softplus's e^(−|z|), its log1p, then g. */
static void bnsl_block(const double *p, const double *pc, size_t n, const double *x, const double *lx, double *y,
                       double *g)
{
    const double a = p[0], b = p[1], c0 = p[2], c1 = p[3], d1 = p[4], f1 = p[5];
    if (!(d1 > 0) || f1 == 0) {
        for (size_t i = 0; i < n; i++) block_undefined(y, g, i, 6);
        return;
    }
    double z[EC_FORM_BLOCK], t[EC_FORM_BLOCK], l[EC_FORM_BLOCK], e[EC_FORM_BLOCK];
    for (size_t i = 0; i < n; i++) {
        z[i] = (lx[i] - pc[0]) / f1;
        t[i] = -fabs(z[i]);
    }
    vexp_in_place(t, n);
    ec_vlog1p_each(l, t, n);
    /* max(z, 0) as softplus_l's fmax, inline (a NaN z gives 0 there and here; l is then NaN) */
    for (size_t i = 0; i < n; i++) e[i] = -c0 * lx[i] - c1 * f1 * ((z[i] > 0 ? z[i] : 0.0) + l[i]);
    vexp_in_place(e, n);
    for (size_t i = 0; i < n; i++) {
        if (!(x[i] > 0)) {
            block_undefined(y, g, i, 6);
            continue;
        }
        const double bg = b * e[i];
        y[i] = a + bg;
        if (!g) continue;
        const double sp = (z[i] > 0 ? z[i] : 0.0) + l[i];
        const double big = 1.0 / (1.0 + t[i]), small = t[i] / (1.0 + t[i]), sig = z[i] >= 0 ? big : small;
        const double tail = fabs(z[i]) * small;
        G(0, i) = 1.0;
        G(1, i) = e[i];
        G(2, i) = -bg * lx[i];
        G(3, i) = -bg * f1 * sp;
        G(4, i) = bg * c1 * sig / d1;
        G(5, i) = -bg * c1 * (l[i] + tail);
    }
}

/* d1 = 1e3: the middle of typical dataset-size ranges (10^2–10^6 examples). */
static const double bnsl_start[] = {0.0, 1.0, 0.1, 0.5, 1e3, 1.0};
static const double bnsl_lower[] = {0.0, 0.0, -5.0, -5.0, 0.0, 1e-3};
static const double bnsl_upper[] = {INFINITY, INFINITY, 5.0, 5.0, INFINITY, 10.0};
static const double bnsl_ga[] = {0.0};
static const double bnsl_gb[] = {0.1, 1.0, 10.0};
static const double bnsl_gc0[] = {0.0, 0.2, 0.5};
static const double bnsl_gc1[] = {0.2, 0.5, 1.0};
static const double bnsl_gd1[] = {1e2, 1e3, 1e4, 1e5};
static const double bnsl_gf1[] = {0.3, 1.0, 3.0};
static const double *const bnsl_grid[] = {bnsl_ga, bnsl_gb, bnsl_gc0, bnsl_gc1, bnsl_gd1, bnsl_gf1};
static const int bnsl_gcount[] = {COUNT(bnsl_ga),  COUNT(bnsl_gb),  COUNT(bnsl_gc0),
                                  COUNT(bnsl_gc1), COUNT(bnsl_gd1), COUNT(bnsl_gf1)};

/* ------------------------------------------------------ loglinear-time */

static const char *const loglin_names[] = {"c", "g", "y0"};

/* y = 10^(c + g·(x − y0)); ∂y/∂(c, g, y0) = ln 10·y·(1, x − y0, −g). */
static double loglin_pre(const double *p, const double *pc, const double *x, const double *lx, double *grad)
{
    (void)pc, (void)lx; /* the log of a date is not used */
    double c = p[0], g = p[1], y0 = p[2], dx = x[0] - y0;
    double y = pow(10.0, c + g * dx), ly = LN10 * y;
    if (grad) {
        grad[0] = ly;
        grad[1] = ly * dx;
        grad[2] = -ly * g;
    }
    return y;
}

static double loglin_eval(const double *p, const double *x, double *grad) { return loglin_pre(p, NULL, x, NULL, grad); }

/* A block of loglin_pre: 10^u as e^(u·ln 10) by the vector exp. */
static void loglin_block(const double *p, const double *pc, size_t n, const double *x, const double *lx, double *y,
                         double *g)
{
    (void)pc, (void)lx;
    const double c = p[0], gg = p[1], y0 = p[2];
    for (size_t i = 0; i < n; i++) y[i] = LN10 * (c + gg * (x[i] - y0));
    vexp_in_place(y, n);
    if (g)
        for (size_t i = 0; i < n; i++) {
            const double ly = LN10 * y[i];
            G(0, i) = ly;
            G(1, i) = ly * (x[i] - y0);
            G(2, i) = -ly * gg;
        }
}

static const double loglin_start[] = {0.0, 0.5, 2020.0};
static const double loglin_lower[] = {-INFINITY, -INFINITY, -INFINITY};
static const double loglin_upper[] = {INFINITY, INFINITY, INFINITY};
static const double loglin_gc[] = {-10.0, 0.0, 10.0, 20.0, 25.0};
static const double loglin_gg[] = {-1.0, -0.3, 0.3, 1.0};
static const double loglin_gy0[] = {2020.0};
static const double *const loglin_grid[] = {loglin_gc, loglin_gg, loglin_gy0};
static const int loglin_gcount[] = {COUNT(loglin_gc), COUNT(loglin_gg), COUNT(loglin_gy0)};

/* ----------------------------------------------------------- exp-error */

static const char *const experr_names[] = {"eps", "k", "gamma"};

/* y = eps − k·e^(−gamma·x); ∂y/∂(eps, k, gamma) = (1, −e^(−gamma·x), k·x·e^(−gamma·x)). */
static double experr_pre(const double *p, const double *pc, const double *x, const double *lx, double *grad)
{
    (void)pc, (void)lx;
    double eps = p[0], k = p[1], gamma = p[2], xv = x[0];
    double e = exp(-gamma * xv), ke = k * e;
    if (grad) {
        grad[0] = 1.0;
        grad[1] = -e;
        grad[2] = ke * xv;
    }
    return eps - ke;
}

static double experr_eval(const double *p, const double *x, double *grad) { return experr_pre(p, NULL, x, NULL, grad); }

/* A block of experr_pre, e^(−gamma·x) by the vector exp. */
static void experr_block(const double *p, const double *pc, size_t n, const double *x, const double *lx, double *y,
                         double *g)
{
    (void)pc, (void)lx;
    const double eps = p[0], k = p[1], gamma = p[2];
    double e[EC_FORM_BLOCK];
    for (size_t i = 0; i < n; i++) e[i] = -gamma * x[i];
    vexp_in_place(e, n);
    for (size_t i = 0; i < n; i++) {
        const double ke = k * e[i];
        y[i] = eps - ke;
        if (!g) continue;
        G(0, i) = 1.0;
        G(1, i) = -e[i];
        G(2, i) = ke * x[i];
    }
}

static const double experr_start[] = {0.9, 1.0, 1.0};
static const double experr_lower[] = {0.0, 0.0, 0.0};
static const double experr_upper[] = {1.5, INFINITY, INFINITY};
static const double experr_geps[] = {0.6, 0.9, 1.2};
static const double experr_gk[] = {0.1, 1.0, 10.0, 100.0};
static const double experr_ggamma[] = {0.3, 1.0, 3.0};
static const double *const experr_grid[] = {experr_geps, experr_gk, experr_ggamma};
static const int experr_gcount[] = {COUNT(experr_geps), COUNT(experr_gk), COUNT(experr_ggamma)};

/* ------------------------------------------------ effective-compute-time */

static const ec_role ct_roles[] = {EC_ROLE_C, EC_ROLE_DATE};
static const char *const ect_names[] = {"E", "A", "alpha", "g", "y0"};

/*
 * y = E + A·z^(−alpha) with effective compute z = C·10^(g·(t − y0)): at a
 * fixed y, the compute needed falls 10^g-fold per year (algorithmic
 * progress, in the spirit of Ho et al. 2024, arXiv:2403.05812). With
 * ln z = ln C + g·(t − y0)·ln 10 and u = A·z^(−alpha):
 * ∂y/∂(E, A, alpha, g, y0) = (1, z^(−alpha), −u ln z, −alpha u (t − y0) ln 10, alpha u g ln 10).
 */
static double ect_pre(const double *p, const double *pc, const double *x, const double *lx, double *grad)
{
    (void)pc;
    double E = p[0], A = p[1], alpha = p[2], g = p[3], y0 = p[4], C = x[0], t = x[1];
    if (!(C > 0) || !isfinite(t)) {
        if (grad)
            for (int j = 0; j < 5; j++) grad[j] = NAN;
        return NAN;
    }
    const double ln10 = 2.302585092994045684;
    double lnz = LOG_OF(lx, 0, C) + g * (t - y0) * ln10; /* lx[1], the log of a date, is not used */
    double zp = exp(-alpha * lnz), u = A * zp;
    if (grad) {
        grad[0] = 1.0;
        grad[1] = zp;
        grad[2] = -u * lnz;
        grad[3] = -alpha * u * (t - y0) * ln10;
        grad[4] = alpha * u * g * ln10;
    }
    return E + u;
}

static double ect_eval(const double *p, const double *x, double *grad) { return ect_pre(p, NULL, x, NULL, grad); }

static void ect_block(const double *p, const double *pc, size_t n, const double *x, const double *lx, double *y,
                      double *g)
{
    (void)pc;
    const double E = p[0], A = p[1], alpha = p[2], gg = p[3], y0 = p[4], ln10 = 2.302585092994045684;
    double zp[EC_FORM_BLOCK];
    for (size_t i = 0; i < n; i++) zp[i] = -alpha * (lx[2 * i] + gg * (x[2 * i + 1] - y0) * ln10);
    vexp_in_place(zp, n);
    for (size_t i = 0; i < n; i++) {
        const double C = x[2 * i], t = x[2 * i + 1];
        if (!(C > 0) || !isfinite(t)) {
            block_undefined(y, g, i, 5);
            continue;
        }
        const double lnz = lx[2 * i] + gg * (t - y0) * ln10, u = A * zp[i];
        y[i] = E + u;
        if (g) {
            G(0, i) = 1.0;
            G(1, i) = zp[i];
            G(2, i) = -u * lnz;
            G(3, i) = -alpha * u * (t - y0) * ln10;
            G(4, i) = alpha * u * gg * ln10;
        }
    }
}

static const double ect_start[] = {1.5, 100.0, 0.1, 0.3, 2020.0};
static const double ect_lower[] = {0.0, 0.0, 0.0, -5.0, -INFINITY};
static const double ect_upper[] = {INFINITY, INFINITY, 3.0, 5.0, INFINITY};
static const double ect_gE[] = {0.0, 1.0, 2.0};
static const double ect_gA[] = {10.0, 1e3, 1e5};
static const double ect_galpha[] = {0.05, 0.15, 0.3};
static const double ect_gg[] = {0.0, 0.3, 1.0};
static const double ect_gy0[] = {2020.0};
static const double *const ect_grid[] = {ect_gE, ect_gA, ect_galpha, ect_gg, ect_gy0};
static const int ect_gcount[] = {COUNT(ect_gE), COUNT(ect_gA), COUNT(ect_galpha), COUNT(ect_gg), COUNT(ect_gy0)};

/* ----------------------------------------------------------- catalogue */

static const ec_form catalogue[] = {
    {"power", "y = A*x^(-alpha)", "Power law in x (alpha < 0 for growth)", 2, power_names, 1, x_roles,
     EC_ROLE_Y, power_eval, power_start, power_lower, power_upper, power_gcount, power_grid, 1, 0u, NULL, power_pre,
     power_block},
    {"saturating-power", "y = E + A*x^(-alpha)",
     "Power law with an irreducible floor E (e.g. loss against compute)", 3, satpow_names, 1, x_roles,
     EC_ROLE_Y, satpow_eval, satpow_start, satpow_lower, satpow_upper, satpow_gcount, satpow_grid, 1,
     0u, NULL, satpow_pre, satpow_block},
    {"chinchilla", "L = E + A/N^alpha + B/D^beta",
     "Loss against parameters N and tokens D (Hoffmann et al. 2022, arXiv:2203.15556, Approach 3)", 5,
     chin_names, 2, nd_roles, EC_ROLE_L, chin_eval, chin_start, chin_lower, chin_upper, chin_gcount,
     chin_grid, 1, 0u, NULL, chin_pre, chin_block},
    {"kaplan-nd", "L = ((Nc/N)^(alphaN/alphaD) + Dc/D)^alphaD",
     "Loss against parameters N and tokens D (Kaplan et al. 2020, arXiv:2001.08361, eq. 1.5)", 4,
     kaplan_names, 2, nd_roles, EC_ROLE_L, kaplan_eval, kaplan_start, kaplan_lower, kaplan_upper,
     kaplan_gcount, kaplan_grid, 1, 0u, kaplan_prep, kaplan_pre, kaplan_block},
    {"sigmoid-logc", "y = lo + (hi - lo)/(1 + exp(-k*(log10(x) - x0)))",
     "Logistic in log10 compute (x in FLOP): benchmark score from chance lo to ceiling hi", 4,
     sigmoid_names, 1, x_roles, EC_ROLE_Y, sigmoid_eval, sigmoid_start, sigmoid_lower, sigmoid_upper,
     sigmoid_gcount, sigmoid_grid, 0, 0u, NULL, sigmoid_pre, sigmoid_block},
    {"bnsl", "y = a + b*x^(-c0)*(1 + (x/d1)^(1/f1))^(-c1*f1)",
     "Broken power law with one break (Caballero et al. 2023, ICLR, arXiv:2210.14891)", 6, bnsl_names, 1,
     x_roles, EC_ROLE_Y, bnsl_eval, bnsl_start, bnsl_lower, bnsl_upper, bnsl_gcount, bnsl_grid, 1, 0u, bnsl_prep,
     bnsl_pre, bnsl_block},
    {"loglinear-time", "y = 10^(c + g*(x - y0))",
     "Exponential trend in time (x = decimal year; g in orders of magnitude per year; y0 held fixed)", 3,
     loglin_names, 1, x_roles, EC_ROLE_Y, loglin_eval, loglin_start, loglin_lower, loglin_upper,
     loglin_gcount, loglin_grid, 1, 1u << 2, NULL, loglin_pre, loglin_block},
    {"exp-error", "y = eps - k*exp(-gamma*x)",
     "Downstream error against loss x (Gadre et al. 2024, arXiv:2403.08540)", 3, experr_names, 1, x_roles,
     EC_ROLE_Y, experr_eval, experr_start, experr_lower, experr_upper, experr_gcount, experr_grid, 0, 0u, NULL,
     experr_pre, experr_block},
    {"effective-compute-time", "L = E + A*(C*10^(g*(date - y0)))^(-alpha)",
     "Loss against compute and date: algorithmic progress multiplies effective compute 10^g-fold a year (y0 held fixed)",
     5, ect_names, 2, ct_roles, EC_ROLE_L, ect_eval, ect_start, ect_lower, ect_upper, ect_gcount, ect_grid, 1,
     1u << 4, NULL, ect_pre, ect_block},
};

size_t ec_form_count(void) { return sizeof catalogue / sizeof catalogue[0]; }

const ec_form *ec_form_at(size_t i) { return i < ec_form_count() ? &catalogue[i] : NULL; }

const ec_form *ec_form_find(const char *name)
{
    if (!name) return NULL;
    for (size_t i = 0; i < ec_form_count(); i++)
        if (strcmp(catalogue[i].name, name) == 0) return &catalogue[i];
    return NULL;
}

int ec_form_param_index(const ec_form *f, const char *name)
{
    if (!f || !name) return -1;
    for (int j = 0; j < f->n_params; j++)
        if (strcmp(f->param_names[j], name) == 0) return j;
    return -1;
}
