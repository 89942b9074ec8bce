/*
 * ec_plot_recipes.c — figures from results in memory (see ec_plot_recipes.h).
 *
 * The fit figures sample the law on a grid: 200 points over the data's
 * range, half a decade before it and two decades beyond it (15% on linear
 * axes), and the frontier 60 points from a decade below to four decades
 * above the data's compute. Bands come from ec_law_band(), so a figure and
 * `predict` agree on what a band is.
 */
#include "ec_plot_recipes.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ec_efficiency.h"
#include "ec_interval.h"
#include "ec_plot_kinds.h"

int ec_plot_is_law_kind(const char *kind)
{
    static const char *const k[] = {"fit", "residuals", "bootstrap", "contour", "frontier", NULL};
    return ec_choice_index(k, kind) >= 0;
}

const char *ec_plot_law_default_kind(const ec_law *law)
{
    const ec_form *f = law->form;
    return f->n_vars > 1 && strcmp(f->name, "chinchilla") != 0 ? "residuals" : "fit";
}

static const double *col_of(const ec_dataset *ds, ec_role r)
{
    if (ds->col[r]) return ds->col[r];
    if (r == EC_ROLE_X) return ds->col[EC_ROLE_C];
    if (r == EC_ROLE_Y) return ds->col[EC_ROLE_L];
    return NULL;
}

static int span_decades(const double *v, size_t n, double *lo, double *hi)
{
    *lo = INFINITY;
    *hi = -INFINITY;
    for (size_t i = 0; i < n; i++)
        if (isfinite(v[i])) {
            *lo = fmin(*lo, v[i]);
            *hi = fmax(*hi, v[i]);
        }
    return *lo > 0 && *hi / *lo > 30.0;
}

static const char *axis_label(ec_role r, const char *form)
{
    switch (r) {
    case EC_ROLE_C: return "training compute C (FLOP)";
    case EC_ROLE_N: return "parameters N";
    case EC_ROLE_D: return "training tokens D";
    case EC_ROLE_L: return "loss";
    case EC_ROLE_DATE: return "date (year)";
    case EC_ROLE_X: return strcmp(form, "loglinear-time") == 0 ? "date (year)" : "x";
    default: return "y";
    }
}

static const char *band_words(ec_band_method m)
{
    return m == EC_BAND_REPLICATES ? " (95% bootstrap band)" : m == EC_BAND_DELTA ? " (95% delta-method band)" : "";
}

static const char *bands_words(ec_band_method m)
{
    return m == EC_BAND_REPLICATES ? " (95% bootstrap bands)" : m == EC_BAND_DELTA ? " (95% delta-method bands)" : "";
}

static int fail(ec_error *err, int code, const char *msg, const char *kind)
{
    return ec_error_set(err, code, "%s plot: %s", kind, msg);
}

int ec_plot_law_figure(ec_plot *p, const char *kind, const ec_law *law, const ec_dataset *ds, int log_space,
                       ec_error *err)
{
    const ec_form *f = law->form;
    int chin = strcmp(f->name, "chinchilla") == 0;
    int rc = EC_OK;
    char title[300], label[600];
    size_t used = 0;
    label[0] = '\0';
    for (int j = 0; j < f->n_params && used < sizeof label; j++)
        used += (size_t)snprintf(label + used, sizeof label - used, "%s%s = %.4g", j ? "\n" : "", f->param_names[j],
                                 law->p[j]);
    if (strcmp(kind, "bootstrap") == 0) {
        if (!law->n_reps)
            return ec_error_set(err, EC_EINVAL,
                                "bootstrap plot: no replicates (fit with --bootstrap R --replicates-out FILE)");
        snprintf(title, sizeof title, "Bootstrap distributions (%zu replicates), %s fit", law->n_reps, f->name);
        rc = ec_plot_bootstrap(p, title, (size_t)f->n_params, f->param_names, law->n_reps, law->reps, law->p);
    } else if (!ds) {
        return ec_error_set(err, EC_EINVAL, "%s plot: needs the fit's data points", kind);
    } else if (strcmp(kind, "contour") == 0 || strcmp(kind, "frontier") == 0) {
        if (!chin) return ec_error_set(err, EC_EINVAL, "%s plot: needs a chinchilla fit (got %s)", kind, f->name);
        double Cmin, Cmax, Nmin, Nmax;
        span_decades(ds->col[EC_ROLE_C], ds->n, &Cmin, &Cmax);
        span_decades(ds->col[EC_ROLE_N], ds->n, &Nmin, &Nmax);
        if (strcmp(kind, "contour") == 0) {
            snprintf(title, sizeof title, "Iso-loss contours of the fitted law, with the compute-optimal frontier");
            rc = ec_plot_contour(p, title, law->p, ds->n, ds->col[EC_ROLE_C], ds->col[EC_ROLE_N], Cmin / 10, Cmax * 1000,
                                 Nmin / 10, Nmax * 100);
        } else {
            enum { K = 60 };
            double C[K], N[K], D[K], Nl[K], Nh[K], Dl[K], Dh[K];
            for (int i = 0; i < K; i++)
                C[i] = pow(10.0, log10(Cmin) - 1 + (log10(Cmax) + 4 - log10(Cmin) + 1) * i / (K - 1));
            ec_band bn, bd;
            if ((rc = ec_law_band(law, EC_LAW_NSTAR, C, K, EC_INTERVAL_LEVEL, 1, N, Nl, Nh, &bn, err)) ||
                (rc = ec_law_band(law, EC_LAW_DSTAR, C, K, EC_INTERVAL_LEVEL, 1, D, Dl, Dh, &bd, err)))
                return rc;
            int band = bn.method != EC_BAND_NONE;
            ec_plot_curve Nc = {K, C, N, band ? Nl : NULL, band ? Nh : NULL};
            ec_plot_curve Dc = {K, C, D, band ? Dl : NULL, band ? Dh : NULL};
            snprintf(title, sizeof title, "Compute-optimal allocation under C = 6ND%s", bands_words(bn.method));
            rc = ec_plot_frontier(p, title, &Nc, &Dc);
        }
    } else {
        /* fit and residuals: x is the form's variable, or compute for two-variable laws. */
        ec_role xr = f->n_vars == 1 ? f->var_roles[0] : EC_ROLE_C;
        const double *xs = col_of(ds, xr), *ys = col_of(ds, f->y_role);
        if (!xs || !ys)
            return ec_error_set(err, EC_EINVAL, "%s plot: the reloaded data lacks the %s or %s column", kind,
                                ec_role_name(xr), ec_role_name(f->y_role));
        double xmin, xmax, ymin, ymax;
        int logx = span_decades(xs, ds->n, &xmin, &xmax);
        int logy = span_decades(ys, ds->n, &ymin, &ymax);
        if (strcmp(kind, "residuals") == 0) {
            double *r = malloc(sizeof(double) * (ds->n ? ds->n : 1));
            for (size_t i = 0; r && i < ds->n; i++) {
                double x[EC_FORM_MAX_VARS];
                for (int v = 0; v < f->n_vars; v++) x[v] = col_of(ds, f->var_roles[v])[i];
                double yh = f->eval(law->p, x, NULL);
                r[i] = log_space ? log(yh / ys[i]) : yh - ys[i];
            }
            snprintf(title, sizeof title, "Residuals of the %s fit (%s)", f->name,
                     log_space ? "log predicted / observed" : "predicted - observed");
            rc = r ? ec_plot_residuals(p, title, axis_label(xr, f->name),
                                       log_space ? "log(predicted / observed)" : "predicted - observed", ds->n, xs, r, logx)
                   : EC_ENOMEM;
            free(r);
        } else {
            if (f->n_vars != 1 && !chin)
                return ec_error_set(err, EC_EINVAL,
                                    "fit plot: not available for the %s form (two variables); use --kind residuals",
                                    f->name);
            enum { K = 200 };
            double cx[K], cy[K], lo[K], hi[K];
            double a = logx ? log10(xmin) : xmin, b = logx ? log10(xmax) : xmax;
            double ext = logx ? 2.0 : 0.15 * (b - a); /* two decades (or 15%) beyond the data */
            for (int i = 0; i < K; i++) {
                double t = (a - (logx ? 0.5 : 0.05 * (b - a))) + (b - a + ext + (logx ? 0.5 : 0.05 * (b - a))) * i / (K - 1);
                cx[i] = logx ? pow(10.0, t) : t;
            }
            ec_band band;
            if ((rc = ec_law_band(law, chin ? EC_LAW_CURVE : EC_LAW_VALUE, cx, K, EC_INTERVAL_LEVEL, 1, cy, lo, hi, &band,
                                  err)))
                return rc;
            /* The curve of a one-variable form is its prediction; for chinchilla the loss along the frontier. */
            int has_band = band.method != EC_BAND_NONE;
            ec_plot_curve c = {K, cx, cy, has_band ? lo : NULL, has_band ? hi : NULL};
            if (chin)
                snprintf(title, sizeof title, "Chinchilla fit: loss at the compute-optimal allocation%s",
                         band_words(band.method));
            else
                snprintf(title, sizeof title, "%s fit: %s%s", f->name, f->formula, band_words(band.method));
            rc = ec_plot_fit(p, title, axis_label(xr, f->name), chin ? "loss" : axis_label(f->y_role, f->name), ds->n,
                             xs, ys, &c, xmin, xmax, logx, logy && !chin, label);
        }
    }
    if (rc) return fail(err, rc, rc == EC_ENOMEM ? "out of memory" : "nothing to draw (no finite point)", kind);
    return EC_OK;
}

int ec_plot_trend_figure(ec_plot *p, const ec_dataset *ds, const ec_plot_trend_line *tl, ec_error *err)
{
    const double *t = ds->col[EC_ROLE_X], *y = ds->col[EC_ROLE_Y];
    if (!isfinite(tl->c) || !t || !y)
        return ec_error_set(err, EC_EINVAL, "trend plot: needs the JSON of 'effcomp trend' (not --algorithmic)");
    double tmin, tmax;
    span_decades(t, ds->n, &tmin, &tmax);
    enum { K = 100 };
    double tx[K], ty[K], lo[K], hi[K];
    const double z = ec_interval_z(EC_INTERVAL_LEVEL);
    for (int i = 0; i < K; i++) {
        tx[i] = tmin + (tmax - tmin) * i / (K - 1);
        double d = tx[i] - tl->y0, sd = sqrt(tl->var_c + d * d * tl->var_g + 2 * d * tl->cov_cg);
        ty[i] = pow(10.0, tl->c + tl->g * d);
        lo[i] = isfinite(sd) ? pow(10.0, tl->c + tl->g * d - z * sd) : NAN;
        hi[i] = isfinite(sd) ? pow(10.0, tl->c + tl->g * d + z * sd) : NAN;
    }
    ec_plot_curve line = {K, tx, ty, lo, hi};
    char label[200];
    int n = isfinite(tl->doubling_months)
                ? snprintf(label, sizeof label, "%.3gx per year, doubling every %.3g months", tl->growth_per_year,
                           tl->doubling_months)
            : isfinite(tl->halving_months)
                ? snprintf(label, sizeof label, "%.3gx per year, halving every %.3g months", tl->growth_per_year,
                           tl->halving_months)
                : snprintf(label, sizeof label, "%.3gx per year, no change", tl->growth_per_year);
    if (tl->not_significant && n > 0 && (size_t)n < sizeof label)
        snprintf(label + n, sizeof label - (size_t)n, " (not significant)");
    int rc = ec_plot_trend(p, "Growth over time (fit with 95% band)", tl->ylabel ? tl->ylabel : "y", ds->n, t, y, &line,
                           label);
    if (rc)
        return ec_error_set(err, rc, "trend plot: %s", rc == EC_ENOMEM ? "out of memory" : "nothing to draw (unusable result)");
    return EC_OK;
}

int ec_plot_projection_figure(ec_plot *p, const ec_law *law, size_t nrows, const double *x, const double *y,
                              const double *lo, const double *hi, const size_t *group, size_t ngroups,
                              const char *const *group_names, const char *const *labels, ec_error *err)
{
    if (!law || strcmp(law->form->name, "chinchilla") != 0)
        return ec_error_set(err, EC_EINVAL, "projection plot: needs a chinchilla law (the compute-optimal curve)");
    /* The curve from just below the smaller of the data's largest compute and the rows' to a bit beyond the rows'
     * (the fitted range itself is the fit figure's: here the rows' losses keep the scale). */
    double cmin = INFINITY, cmax = -INFINITY;
    for (size_t i = 0; i < nrows; i++)
        if (x[i] > 0 && isfinite(x[i])) cmin = x[i] < cmin ? x[i] : cmin, cmax = x[i] > cmax ? x[i] : cmax;
    if (!(cmin <= cmax)) return ec_error_set(err, EC_EINVAL, "projection plot: no row with a finite compute to draw");
    if (isfinite(law->data_max_C) && law->data_max_C > 0) {
        cmin = law->data_max_C < cmin ? law->data_max_C : cmin;
        cmax = law->data_max_C > cmax ? law->data_max_C : cmax;
    }
    cmin /= 3, cmax *= 3;
    enum { K = 160 };
    double cx[K], cy[K], clo[K], chi[K];
    for (int i = 0; i < K; i++) cx[i] = pow(10.0, log10(cmin) + (log10(cmax) - log10(cmin)) * i / (K - 1));
    ec_band band;
    int rc = ec_law_band(law, EC_LAW_CURVE, cx, K, EC_INTERVAL_LEVEL, 0, cy, clo, chi, &band, err);
    if (rc) return rc;
    ec_plot_curve curve = {K, cx, cy, band.method == EC_BAND_NONE ? NULL : clo, band.method == EC_BAND_NONE ? NULL : chi};
    char title[200];
    snprintf(title, sizeof title, "Projected loss against effective compute (bands: %s)", ec_band_method_name(band.method));
    rc = ec_plot_projection(p, title, &curve, law->data_max_C, nrows, x, y, lo, hi, group, ngroups, group_names, labels);
    if (rc)
        return ec_error_set(err, rc, "projection plot: %s",
                            rc == EC_ENOMEM ? "out of memory" : "nothing to draw (no row with a finite loss)");
    return EC_OK;
}
