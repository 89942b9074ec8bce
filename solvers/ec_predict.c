/* ec_predict.c — a law at points with bands (see ec_predict.h). */
#include "ec_predict.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ec_kv.h"

void ec_predict_clear(ec_predict_result *res)
{
    if (!res) return;
    free(res->x);
    free(res->y_hat);
    free(res->lo);
    free(res->hi);
    free(res->y_obs);
    memset(res, 0, sizeof *res);
}

int ec_predict_parse_at(const ec_form *f, const char *at, double **xs, size_t *np, ec_error *err)
{
    if (ec_list_has_empty_item(at))
        return ec_error_set(err, EC_EINVAL,
                            "--at: '%s' has an empty item (two separators in a row, or one at an end); remove it", at);
    size_t len = strlen(at);
    char *buf = malloc(len + 1);
    if (!buf) return ec_error_set(err, EC_ENOMEM, "out of memory");
    memcpy(buf, at, len + 1);
    int rc = EC_OK;
    const size_t nv = (size_t)f->n_vars;
    double *vals[EC_FORM_MAX_VARS] = {NULL};
    size_t cap[EC_FORM_MAX_VARS] = {0};
    for (char *s1 = NULL, *spec = strtok_r(buf, ";", &s1); spec && rc == EC_OK; spec = strtok_r(NULL, ";", &s1)) {
        size_t counts[EC_FORM_MAX_VARS] = {0};
        int cur = -1;
        for (char *s2 = NULL, *tok = strtok_r(spec, ",", &s2); tok; tok = strtok_r(NULL, ",", &s2)) {
            while (*tok == ' ') tok++;
            char *eq = strchr(tok, '=');
            const char *num = tok;
            if (eq) {
                *eq = '\0';
                cur = -1;
                for (int v = 0; v < f->n_vars; v++) {
                    const char *rn = ec_role_name(f->var_roles[v]);
                    if (strcmp(tok, rn) == 0 || (f->var_roles[v] == EC_ROLE_X && strcmp(tok, "C") == 0)) cur = v;
                }
                if (cur < 0) {
                    rc = ec_error_set(err, EC_EINVAL, "--at: the %s form takes %s%s%s, not '%s'", f->name,
                                      ec_role_name(f->var_roles[0]), f->n_vars > 1 ? " and " : "",
                                      f->n_vars > 1 ? ec_role_name(f->var_roles[1]) : "", tok);
                    break;
                }
                num = eq + 1;
            } else if (cur < 0) {
                rc = ec_error_set(err, EC_EINVAL, "--at: '%s' needs a role, e.g. 'x=1e24'", tok);
                break;
            }
            double v;
            if (ec_parse_double(num, &v) != EC_OK || !isfinite(v)) {
                rc = ec_error_set(err, EC_EINVAL, "--at: '%s' is not a number", num);
                break;
            }
            ec_role rr = f->var_roles[cur];
            if ((rr == EC_ROLE_N || rr == EC_ROLE_D || rr == EC_ROLE_C) && !(v > 0)) {
                rc = ec_error_set(err, EC_EINVAL, "--at: %s must be positive (got %s)", ec_role_name(rr), num);
                break;
            }
            if (counts[cur] == cap[cur]) {
                size_t nc = cap[cur] ? 2 * cap[cur] : 64;
                double *nvals = realloc(vals[cur], sizeof(double) * nc);
                if (!nvals) {
                    rc = ec_error_set(err, EC_ENOMEM, "out of memory");
                    break;
                }
                vals[cur] = nvals;
                cap[cur] = nc;
            }
            vals[cur][counts[cur]++] = v;
        }
        if (rc) break;
        size_t npts = counts[0];
        for (int v = 1; v < f->n_vars; v++)
            if (counts[v] != npts) {
                const char *r0 = ec_role_name(f->var_roles[0]), *rv = ec_role_name(f->var_roles[v]);
                if (counts[v] == 0 || npts == 0) /* a role left out: name it */
                    rc = ec_error_set(err, EC_EINVAL, "--at: no value for %s; the %s form needs %s and %s at each point, e.g. '%s=1e9,%s=2e10'",
                                      npts ? rv : r0, f->name, r0, rv, r0, rv);
                else
                    rc = ec_error_set(err, EC_EINVAL, "--at: %s has %zu values but %s has %zu; give the %s form's %s and %s the same number of values",
                                      rv, counts[v], r0, npts, f->name, r0, rv);
                break;
            }
        if (rc) break;
        if (npts == 0) {
            rc = ec_error_set(err, EC_EINVAL, "--at: no values");
            break;
        }
        double *nx = realloc(*xs, sizeof(double) * (*np + npts) * nv);
        if (!nx) {
            rc = ec_error_set(err, EC_ENOMEM, "out of memory");
            break;
        }
        *xs = nx;
        for (size_t k = 0; k < npts; k++)
            for (size_t v = 0; v < nv; v++) (*xs)[(*np + k) * nv + v] = vals[v][k];
        *np += npts;
    }
    for (size_t v = 0; v < nv; v++) free(vals[v]);
    free(buf);
    return rc;
}

int ec_predict_points_of(const ec_form *f, const ec_dataset *ds, double **xs, const double **y_obs, ec_error *err)
{
    const size_t nv = (size_t)f->n_vars;
    *xs = malloc(sizeof(double) * (ds->n ? ds->n : 1) * nv);
    if (!*xs) return ec_error_set(err, EC_ENOMEM, "out of memory");
    for (size_t v = 0; v < nv; v++) {
        ec_role r = f->var_roles[v];
        const double *col = ds->col[r] ? ds->col[r] : (r == EC_ROLE_X ? ds->col[EC_ROLE_C] : NULL);
        if (!col) {
            free(*xs);
            *xs = NULL;
            return ec_error_set(err, EC_EINVAL, "predict: the %s form needs the %s column: map it with --columns",
                                f->name, ec_role_name(r));
        }
        for (size_t i = 0; i < ds->n; i++) (*xs)[i * nv + v] = col[i];
    }
    *y_obs = ds->col[f->y_role] ? ds->col[f->y_role] : (f->y_role == EC_ROLE_Y ? ds->col[EC_ROLE_L] : NULL);
    return EC_OK;
}

int ec_predict(const ec_law *law, const double *xs, size_t n, const double *y_obs, const ec_dataset *ds,
               double level, int threads, ec_predict_result *res, ec_error *err)
{
    memset(res, 0, sizeof *res);
    const ec_form *f = law->form;
    const size_t nv = (size_t)f->n_vars;
    /* A point where the law is undefined is refused, from --at or from a data row alike. */
    for (size_t i = 0; i < n; i++) {
        const double *x = xs + i * nv;
        if (!isfinite(ec_law_eval(law, x))) {
            if (ds && ds->line)
                return ec_error_set(err, EC_EINVAL,
                                    "predict: %s:%zu: the %s law is undefined at %s = %g%s; remove or filter out the "
                                    "row (--where)",
                                    ds->path, ds->line[i], f->name, ec_role_name(f->var_roles[0]), x[0],
                                    f->n_vars > 1 ? " (and the row's other variable)" : "");
            return ec_error_set(err, EC_EINVAL, "predict: the %s law is undefined at %s = %g%s", f->name,
                                ec_role_name(f->var_roles[0]), x[0],
                                f->n_vars > 1 ? " (and the other variable given)" : "");
        }
    }
    res->form = f;
    res->n = n;
    res->level = level;
    size_t m = n ? n : 1;
    res->x = malloc(sizeof(double) * m * nv);
    res->y_hat = malloc(sizeof(double) * m);
    res->lo = malloc(sizeof(double) * m);
    res->hi = malloc(sizeof(double) * m);
    res->y_obs = y_obs ? malloc(sizeof(double) * m) : NULL;
    if (!res->x || !res->y_hat || !res->lo || !res->hi || (y_obs && !res->y_obs)) {
        ec_predict_clear(res);
        return ec_error_set(err, EC_ENOMEM, "out of memory");
    }
    memcpy(res->x, xs, sizeof(double) * n * nv);
    if (y_obs) memcpy(res->y_obs, y_obs, sizeof(double) * n);
    int rc = ec_law_band(law, EC_LAW_VALUE, xs, n, level, threads, res->y_hat, res->lo, res->hi, &res->band, err);
    if (rc) ec_predict_clear(res);
    return rc;
}
