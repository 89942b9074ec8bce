/*
 * ec_dist.c — distributions of uncertain inputs (see ec_dist.h).
 *
 * Every distribution is drawn by inversion: X = F⁻¹(u). GSL gives the
 * normal quantile (gsl_cdf_gaussian_Pinv) and CDF; the others are closed
 * forms. A truncated distribution on [lo, hi] draws F⁻¹(F(lo) + u (F(hi) −
 * F(lo))), the conditional distribution, so probability is renormalised,
 * not piled on the bounds.
 *
 * A lognormal given by its median m and a central interval [lo, hi] at
 * level λ has μ = ln m and σ = ln(hi/lo) / (2 z), z = Φ⁻¹((1+λ)/2); the
 * interval must be symmetric about m in log space to within 1% (else the
 * message gives the symmetric interval implied).
 */
#include "ec_dist.h"

#include <ctype.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_sort.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ec_interval.h"
#include "ec_kv.h"
#include "ec_option.h"
#include "ec_table.h"

void ec_dist_clear(ec_dist *d)
{
    if (!d) return;
    free(d->values);
    d->values = NULL;
    d->n = 0;
}

static const char *const names[] = {"fixed", "normal", "lognormal", "uniform", "loguniform", "triangular", "choice",
                                     "replicates", NULL};

/* The CDF at x of the untruncated distribution (continuous kinds). */
static double cdf(const ec_dist *d, double x)
{
    switch (d->kind) {
    case EC_DIST_NORMAL: return gsl_cdf_gaussian_P(x - d->a, d->b);
    case EC_DIST_LOGNORMAL: return x <= 0 ? 0 : gsl_cdf_gaussian_P(log(x) - d->a, d->b);
    case EC_DIST_UNIFORM: return x <= d->a ? 0 : x >= d->b ? 1 : (x - d->a) / (d->b - d->a);
    case EC_DIST_LOGUNIFORM:
        return x <= 0 ? 0 : log(x) <= d->a ? 0 : log(x) >= d->b ? 1 : (log(x) - d->a) / (d->b - d->a);
    case EC_DIST_TRIANGULAR: {
        double lo = d->a, m = d->b, hi = d->c;
        if (x <= lo) return 0;
        if (x >= hi) return 1;
        if (x <= m) return (x - lo) * (x - lo) / ((hi - lo) * (m - lo));
        return 1 - (hi - x) * (hi - x) / ((hi - lo) * (hi - m));
    }
    default: return x < d->a ? 0 : 1;
    }
}

/* The untruncated quantile at p in [0, 1]. */
static double raw_quantile(const ec_dist *d, double p)
{
    switch (d->kind) {
    case EC_DIST_FIXED: return d->a;
    case EC_DIST_NORMAL: return d->a + gsl_cdf_gaussian_Pinv(p, d->b);
    case EC_DIST_LOGNORMAL: return exp(d->a + gsl_cdf_gaussian_Pinv(p, d->b));
    case EC_DIST_UNIFORM: return d->a + p * (d->b - d->a);
    case EC_DIST_LOGUNIFORM: return exp(d->a + p * (d->b - d->a));
    case EC_DIST_TRIANGULAR: {
        double lo = d->a, m = d->b, hi = d->c, Fm = (m - lo) / (hi - lo);
        return p < Fm ? lo + sqrt(p * (hi - lo) * (m - lo)) : hi - sqrt((1 - p) * (hi - lo) * (hi - m));
    }
    case EC_DIST_CHOICE:
    case EC_DIST_EMPIRICAL: {
        size_t i = (size_t)(p * (double)d->n);
        return d->values[i < d->n ? i : d->n - 1];
    }
    }
    return NAN;
}

double ec_dist_quantile(const ec_dist *d, double u)
{
    double x = raw_quantile(d, d->F_lo + u * (d->F_hi - d->F_lo));
    /* F and its inverse round: F⁻¹(F(lo)) can be an ulp below lo (or above hi). */
    return x < d->lo ? d->lo : x > d->hi ? d->hi : x;
}

double ec_dist_log_quantile(const ec_dist *d, double u)
{
    double p = d->F_lo + u * (d->F_hi - d->F_lo), x;
    switch (d->kind) {
    case EC_DIST_LOGNORMAL: x = d->a + gsl_cdf_gaussian_Pinv(p, d->b); break;
    case EC_DIST_LOGUNIFORM: x = d->a + p * (d->b - d->a); break;
    default: return log(ec_dist_quantile(d, u));
    }
    /* within the truncation bounds, as ec_dist_quantile (a rounding step outside them otherwise) */
    if (d->lo > 0 && x < log(d->lo)) x = log(d->lo);
    if (d->hi < INFINITY && x > log(d->hi)) x = log(d->hi);
    return x;
}

double ec_dist_median(const ec_dist *d)
{
    return ec_dist_quantile(d, 0.5);
}

int ec_dist_is_fixed(const ec_dist *d)
{
    return d->kind == EC_DIST_FIXED || (d->kind == EC_DIST_CHOICE && d->n == 1);
}

/* ---------------------------------------------------------------- parsing */

typedef struct args {
    char *pos[16];        /* positional arguments */
    size_t npos;
    char *key[8], *val[8];
    size_t nkw;
} args;

static char *trim(char *s)
{
    while (isspace((unsigned char)*s)) s++;
    char *e = s + strlen(s);
    while (e > s && isspace((unsigned char)e[-1])) *--e = '\0';
    return s;
}

/* Splits "a, b, k=v, k=[x, y]" at top-level commas. */
static int split_args(char *s, args *a, const char *text, ec_error *err)
{
    memset(a, 0, sizeof *a);
    char *p = s;
    while (*p) {
        char *start = p;
        int depth = 0;
        for (; *p && (depth || *p != ','); p++) {
            if (*p == '[' || *p == '(') depth++;
            if (*p == ']' || *p == ')') depth--;
        }
        if (*p == ',') *p++ = '\0';
        char *item = trim(start);
        if (!*item) return ec_error_set(err, EC_EINVAL, "'%s': an empty argument (two commas in a row?)", text);
        char *eq = strchr(item, '=');
        if (eq && (!strchr(item, '[') || eq < strchr(item, '['))) {
            *eq = '\0';
            if (a->nkw == 8) return ec_error_set(err, EC_EINVAL, "'%s': too many named arguments", text);
            a->key[a->nkw] = trim(item);
            a->val[a->nkw++] = trim(eq + 1);
        } else {
            if (a->nkw) return ec_error_set(err, EC_EINVAL, "'%s': a plain argument after named ones ('%s')", text, item);
            if (a->npos == 16) return ec_error_set(err, EC_EINVAL, "'%s': too many arguments (at most 16)", text);
            a->pos[a->npos++] = item;
        }
    }
    return EC_OK;
}

static int number(const char *s, double *v, const char *what, const char *text, ec_error *err)
{
    if (ec_parse_finite(s, v) != EC_OK)
    {
        char *end;
        double x = strtod(s, &end); /* nan, inf, 1e400: a number, but not a finite one */
        return ec_error_set(err, EC_EINVAL, "'%s': %s '%s' is not a %snumber%s; write a number, e.g. 0.2", text, what, s,
                            end != s && !*end && !isfinite(x) ? "finite " : "",
                            end != s && !*end && !isfinite(x) ? " (nan, inf and values beyond about 1.8e308 are refused)" : "");
    }
    return EC_OK;
}

/* "[lo, hi]" into two numbers. */
static int pair(char *s, double *lo, double *hi, const char *what, const char *text, ec_error *err)
{
    char *p = trim(s);
    size_t n = strlen(p);
    if (n < 2 || p[0] != '[' || p[n - 1] != ']')
        return ec_error_set(err, EC_EINVAL, "'%s': %s must be an interval [lo, hi]", text, what);
    p[n - 1] = '\0';
    char *comma = strchr(p + 1, ',');
    if (!comma) return ec_error_set(err, EC_EINVAL, "'%s': %s must be an interval [lo, hi]", text, what);
    *comma = '\0';
    int rc = number(trim(p + 1), lo, what, text, err);
    if (!rc) rc = number(trim(comma + 1), hi, what, text, err);
    if (!rc && !(*lo < *hi))
        rc = ec_error_set(err, EC_EINVAL, "'%s': %s [%g, %g] has lo >= hi; write [lo, hi] with lo < hi", text, what, *lo,
                          *hi);
    return rc;
}

/* A central interval argument ciNN=[lo, hi]: *level 0.8, 0.9 or 0.95. 0 = none; error for "ci=" or another level. */
static int interval_arg(const args *a, double *level, double *lo, double *hi, const char *text, ec_error *err)
{
    *level = 0;
    for (size_t k = 0; k < a->nkw; k++) {
        const char *key = a->key[k];
        if (strncmp(key, "ci", 2) != 0) continue;
        if (strcmp(key, "ci80") == 0) *level = 0.8;
        else if (strcmp(key, "ci90") == 0) *level = 0.9;
        else if (strcmp(key, "ci95") == 0) *level = 0.95;
        else
            return ec_error_set(err, EC_EINVAL,
                                "'%s': '%s=' has no interval level; write ci80=[lo, hi], ci90=[lo, hi] or ci95=[lo, hi]",
                                text, key);
        return pair(a->val[k], lo, hi, key, text, err);
    }
    return EC_OK;
}

static const char *kwarg(const args *a, const char *key)
{
    for (size_t k = 0; k < a->nkw; k++)
        if (strcmp(a->key[k], key) == 0) return a->val[k];
    return NULL;
}

/* Refuses named arguments other than those allowed (NULL-terminated). */
static int only_keys(const args *a, const char *const *allowed, const char *text, ec_error *err)
{
    for (size_t k = 0; k < a->nkw; k++) {
        int ok = strncmp(a->key[k], "ci", 2) == 0 && ec_choice_index(allowed, "ci") >= 0;
        for (int i = 0; allowed[i] && !ok; i++) ok = strcmp(a->key[k], allowed[i]) == 0;
        if (!ok) return ec_error_set(err, EC_EINVAL, "'%s': unknown argument '%s='", text, a->key[k]);
    }
    return EC_OK;
}

static int need(const args *a, size_t n, const char *form, const char *text, ec_error *err)
{
    if (a->npos != n) return ec_error_set(err, EC_EINVAL, "'%s': write %s", text, form);
    return EC_OK;
}

static int parse_empirical(ec_dist *d, args *a, const char *text, ec_error *err)
{
    if (a->npos != 2) return ec_error_set(err, EC_EINVAL, "'%s': write replicates(FILE, COLUMN)", text);
    ec_error e;
    ec_table *t = ec_table_load_csv(a->pos[0], &e);
    if (!t) return ec_error_set(err, e.code, "'%s': %s", text, e.message);
    int col = ec_table_column(t, a->pos[1]), conv = ec_table_column(t, "converged");
    if (col < 0) {
        ec_table_free(t);
        return ec_error_set(err, EC_EINVAL, "'%s': %s has no column '%s'", text, a->pos[0], a->pos[1]);
    }
    d->values = malloc(sizeof(double) * (t->n_rows ? t->n_rows : 1));
    if (!d->values) {
        ec_table_free(t);
        return ec_error_set(err, EC_ENOMEM, "out of memory");
    }
    for (size_t r = 0; r < t->n_rows; r++) {
        const double *row = t->values + r * t->n_cols;
        if (conv >= 0 && row[conv] != 1.0) continue;
        if (!isfinite(row[col])) {
            ec_table_free(t);
            return ec_error_set(err, EC_EINVAL, "'%s': %s: data row %zu of column '%s' is not a finite number", text,
                                a->pos[0], r + 1, a->pos[1]);
        }
        d->values[d->n++] = row[col];
    }
    ec_table_free(t);
    if (d->n == 0) return ec_error_set(err, EC_EINVAL, "'%s': %s has no usable values in '%s'", text, a->pos[0], a->pos[1]);
    gsl_sort(d->values, 1, d->n);
    d->kind = EC_DIST_EMPIRICAL;
    return EC_OK;
}

static int dist_parse(const char *text_in, ec_dist *d, ec_error *err)
{
    memset(d, 0, sizeof *d);
    d->lo = -INFINITY;
    d->hi = INFINITY;
    d->F_hi = 1;
    snprintf(d->text, sizeof d->text, "%s", text_in);
    const char *text = d->text;
    char buf[512];
    snprintf(buf, sizeof buf, "%s", text_in);
    char *s = trim(buf);
    double v;
    if (!*s) return ec_error_set(err, EC_EINVAL, "an empty distribution: write a number or e.g. normal(0.5, 0.1)");
    if (ec_parse_finite(s, &v) == EC_OK) {
        d->kind = EC_DIST_FIXED;
        d->a = v;
        return EC_OK;
    }
    char *open = strchr(s, '(');
    size_t len = strlen(s);
    if (!open || s[len - 1] != ')')
        return ec_error_set(err, EC_EINVAL,
                            "'%s' is not a number or a distribution NAME(ARGS) (names: fixed, normal, lognormal, "
                            "uniform, loguniform, triangular, choice, replicates)",
                            text);
    *open = '\0';
    s[len - 1] = '\0';
    char *name = trim(s);
    int kind = ec_choice_index(names, name);
    if (kind < 0)
        return ec_error_set(err, EC_EINVAL,
                            "'%s': unknown distribution '%s' (names: fixed, normal, lognormal, uniform, loguniform, "
                            "triangular, choice, replicates)",
                            text, name);
    args a;
    int rc = split_args(trim(open + 1), &a, text, err); /* "choice( )" has no arguments, not an empty one */
    if (rc) return rc;
    static const char *const trunc_keys[] = {"lo", "hi", NULL};
    switch (kind) {
    case 0: /* fixed */
        if ((rc = need(&a, 1, "fixed(x)", text, err)) || (rc = only_keys(&a, (const char *const[]){NULL}, text, err)) ||
            (rc = number(a.pos[0], &d->a, "the value", text, err)))
            return rc;
        d->kind = EC_DIST_FIXED;
        return EC_OK;
    case 1: { /* normal */
        static const char *const keys[] = {"mean", "sd", "ci", "lo", "hi", NULL};
        if ((rc = only_keys(&a, keys, text, err))) return rc;
        double level, clo, chi;
        if ((rc = interval_arg(&a, &level, &clo, &chi, text, err))) return rc;
        const char *m = kwarg(&a, "mean"), *sd = kwarg(&a, "sd");
        if (a.npos == 2 && !m && !sd && !level) {
            m = a.pos[0];
            sd = a.pos[1];
        } else if (a.npos) {
            return ec_error_set(err, EC_EINVAL, "'%s': write normal(mean, sd) or normal(ci90=[lo, hi])", text);
        }
        if (level) {
            if (sd) return ec_error_set(err, EC_EINVAL, "'%s': write normal(mean, sd) or normal(ci90=[lo, hi]), not both", text);
            d->a = 0.5 * (clo + chi);
            d->b = (chi - clo) / (2 * ec_interval_z(level));
            if (m && ((rc = number(m, &v, "mean", text, err)) || fabs(v - d->a) > 1e-9 * (fabs(d->a) + d->b)))
                return rc ? rc
                          : ec_error_set(err, EC_EINVAL, "'%s': the mean %g is not the middle of the interval (%g)", text,
                                         v, d->a);
        } else {
            if (!m || !sd) return ec_error_set(err, EC_EINVAL, "'%s': write normal(mean, sd) or normal(ci90=[lo, hi])", text);
            if ((rc = number(m, &d->a, "mean", text, err)) || (rc = number(sd, &d->b, "sd", text, err))) return rc;
        }
        if (!(d->b > 0)) return ec_error_set(err, EC_EINVAL, "'%s': sd %g must be positive", text, d->b);
        d->kind = EC_DIST_NORMAL;
        break;
    }
    case 2: { /* lognormal */
        static const char *const keys[] = {"median", "ci", "lo", "hi", "sigma", NULL};
        if ((rc = only_keys(&a, keys, text, err))) return rc;
        double level, clo, chi;
        if ((rc = interval_arg(&a, &level, &clo, &chi, text, err))) return rc;
        const char *sg = kwarg(&a, "sigma"), *md = kwarg(&a, "median");
        if (sg && !level && !a.npos && md) { /* lognormal(median=M, sigma=S): S the sd of ln X */
            double med, sig;
            if ((rc = number(md, &med, "median", text, err)) || (rc = number(sg, &sig, "sigma", text, err))) return rc;
            if (!(med > 0)) return ec_error_set(err, EC_EINVAL, "'%s': a lognormal's median must be positive", text);
            if (!(sig > 0)) return ec_error_set(err, EC_EINVAL, "'%s': sigma %g must be positive", text, sig);
            d->a = log(med);
            d->b = sig;
            d->kind = EC_DIST_LOGNORMAL;
            break;
        }
        if (sg && !md && !level)
            return ec_error_set(err, EC_EINVAL, "'%s': lognormal(sigma=S) needs its median: write lognormal(median=M, sigma=S)",
                                text);
        if (sg)
            return ec_error_set(err, EC_EINVAL,
                                "'%s': write lognormal(median=M, sigma=S) or lognormal(median=M, ci90=[lo, hi]), not both",
                                text);
        if (a.npos || !level)
            return ec_error_set(err, EC_EINVAL,
                                "'%s': write lognormal(median=M, ci90=[lo, hi]) (the interval's level is part of its "
                                "name: ci80, ci90 or ci95) or lognormal(median=M, sigma=S)",
                                text);
        if (!(clo > 0)) return ec_error_set(err, EC_EINVAL, "'%s': a lognormal interval needs lo > 0", text);
        double med = sqrt(clo * chi);
        const char *m = kwarg(&a, "median");
        if (m) {
            if ((rc = number(m, &med, "median", text, err))) return rc;
            if (!(med > clo && med < chi))
                return ec_error_set(err, EC_EINVAL, "'%s': the median %g lies outside its interval [%g, %g]", text, med,
                                    clo, chi);
            double r = log(med / clo) / log(chi / med);
            if (fabs(r - 1) > 0.01)
                return ec_error_set(err, EC_EINVAL,
                                    "'%s': a lognormal's interval is symmetric about its median in log scale; median %g "
                                    "with lo %g means hi %.4g (or give median=%.4g)",
                                    text, med, clo, med * med / clo, sqrt(clo * chi));
        }
        d->a = log(med);
        d->b = log(chi / clo) / (2 * ec_interval_z(level));
        d->kind = EC_DIST_LOGNORMAL;
        break;
    }
    case 3: /* uniform */
    case 4: /* loguniform */
    {
        const char *form = kind == 3 ? "uniform(lo, hi)" : "loguniform(lo, hi)";
        if ((rc = need(&a, 2, form, text, err)) || (rc = only_keys(&a, trunc_keys, text, err)) ||
            (rc = number(a.pos[0], &d->a, "lo", text, err)) || (rc = number(a.pos[1], &d->b, "hi", text, err)))
            return rc;
        if (!(d->a < d->b)) return ec_error_set(err, EC_EINVAL, "'%s': lo %g >= hi %g; write %s with lo < hi", text, d->a, d->b, form);
        if (kind == 4) {
            if (!(d->a > 0)) return ec_error_set(err, EC_EINVAL, "'%s': loguniform needs lo > 0", text);
            d->a = log(d->a);
            d->b = log(d->b);
        }
        d->kind = kind == 3 ? EC_DIST_UNIFORM : EC_DIST_LOGUNIFORM;
        break;
    }
    case 5: /* triangular */
        if ((rc = need(&a, 3, "triangular(lo, mode, hi)", text, err)) || (rc = only_keys(&a, trunc_keys, text, err)) ||
            (rc = number(a.pos[0], &d->a, "lo", text, err)) || (rc = number(a.pos[1], &d->b, "mode", text, err)) ||
            (rc = number(a.pos[2], &d->c, "hi", text, err)))
            return rc;
        if (!(d->a < d->c) || d->b < d->a || d->b > d->c)
            return ec_error_set(err, EC_EINVAL, "'%s': write triangular(lo, mode, hi) with lo <= mode <= hi and lo < hi", text);
        d->kind = EC_DIST_TRIANGULAR;
        break;
    case 6: /* choice */
        if (a.npos == 0) return ec_error_set(err, EC_EINVAL, "'%s': an empty choice; write choice(v1, v2, ...)", text);
        if ((rc = only_keys(&a, (const char *const[]){NULL}, text, err))) return rc;
        d->values = malloc(sizeof(double) * a.npos);
        if (!d->values) return ec_error_set(err, EC_ENOMEM, "out of memory");
        for (size_t k = 0; k < a.npos; k++)
            if ((rc = number(a.pos[k], &d->values[d->n++], "a value", text, err))) return rc;
        gsl_sort(d->values, 1, d->n); /* so that the quantile function is nondecreasing (copula ranks, the median) */
        d->kind = EC_DIST_CHOICE;
        return EC_OK;
    default: /* replicates: its values as they are (no truncation of a file's values) */
        if (a.nkw)
            return ec_error_set(err, EC_EINVAL,
                                "'%s': replicates(FILE, COLUMN) takes no keyword ('%s=' here): it draws the file's values "
                                "as they are; filter the file instead",
                                text, a.key[0]);
        return parse_empirical(d, &a, text, err);
    }
    /* Truncation of the continuous kinds. */
    const char *lo = kwarg(&a, "lo"), *hi = kwarg(&a, "hi");
    if (lo && (rc = number(lo, &d->lo, "lo", text, err))) return rc;
    if (hi && (rc = number(hi, &d->hi, "hi", text, err))) return rc;
    if (!(d->lo < d->hi)) return ec_error_set(err, EC_EINVAL, "'%s': truncation lo %g >= hi %g", text, d->lo, d->hi);
    d->F_lo = isfinite(d->lo) ? cdf(d, d->lo) : 0;
    d->F_hi = isfinite(d->hi) ? cdf(d, d->hi) : 1;
    if (!(d->F_hi - d->F_lo > 1e-12))
        return ec_error_set(err, EC_EINVAL,
                            "'%s': the truncation [%g, %g] leaves no probability (it lies in the far tail); widen it or "
                            "move the distribution",
                            text, d->lo, d->hi);
    return EC_OK;
}

/* Nothing is kept on failure: a choice refused at its second value frees its first. */
int ec_dist_parse(const char *text, ec_dist *d, ec_error *err)
{
    int rc = dist_parse(text, d, err);
    if (rc) ec_dist_clear(d);
    return rc;
}

/* ----------------------------------------------------------------- copula */

int ec_copula_init(ec_copula *c, const double *rho, size_t k, ec_error *err)
{
    memset(c, 0, sizeof *c);
    if (k == 0) return EC_OK;
    if (k > 64) /* ec_copula_apply's workspace */
        return ec_error_set(err, EC_EINVAL, "a copula of %zu inputs: at most 64 inputs can be correlated", k);
    for (size_t i = 0; i < k; i++)
        for (size_t j = 0; j < k; j++) {
            double r = rho[i * k + j];
            if (!(r >= -1 && r <= 1)) return ec_error_set(err, EC_EINVAL, "correlation %g is outside [-1, 1]", r);
            if (rho[j * k + i] != r) return ec_error_set(err, EC_EINVAL, "the correlation matrix is not symmetric");
            if (i == j && r != 1) return ec_error_set(err, EC_EINVAL, "the correlation matrix needs 1 on its diagonal");
        }
    c->L = calloc(k * k, sizeof(double));
    if (!c->L) return ec_error_set(err, EC_ENOMEM, "out of memory");
    for (size_t i = 0; i < k; i++)
        for (size_t j = 0; j < k; j++) c->L[i * k + j] = i == j ? 1 : 2 * sin(M_PI * rho[i * k + j] / 6);
    ec_gsl_quiet();
    gsl_matrix_view m = gsl_matrix_view_array(c->L, k, k);
    if (gsl_linalg_cholesky_decomp1(&m.matrix) != 0) {
        free(c->L);
        c->L = NULL;
        return ec_error_set(err, EC_EINVAL,
                            "the rank correlations do not form a valid correlation matrix (not positive definite): "
                            "some correlations contradict each other (e.g. a~b = 0.9, b~c = 0.9, a~c = -0.9); lower them");
    }
    for (size_t i = 0; i < k; i++)
        for (size_t j = i + 1; j < k; j++) c->L[i * k + j] = 0;
    c->k = k;
    return EC_OK;
}

void ec_copula_apply(const ec_copula *c, double *u)
{
    if (c->k == 0) return;
    double z[64];
    size_t k = c->k < 64 ? c->k : 64;
    for (size_t i = 0; i < k; i++) z[i] = gsl_cdf_ugaussian_Pinv(u[i]);
    for (size_t i = 0; i < k; i++) {
        double s = 0;
        for (size_t j = 0; j <= i; j++) s += c->L[i * c->k + j] * z[j];
        double p = gsl_cdf_ugaussian_P(s);
        /* Keep the uniforms inside (0, 1): a quantile at 0 or 1 would be infinite. */
        u[i] = p <= 0 ? 1e-300 : p >= 1 ? 1 - 1.1102230246251565e-16 : p;
    }
}

void ec_copula_clear(ec_copula *c)
{
    if (!c) return;
    free(c->L);
    c->L = NULL;
    c->k = 0;
}
