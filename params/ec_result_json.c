/*
 * ec_result_json.c — the JSON of every result kind: the library's schema
 * (docs/user-guide.md lists the keys). The command-line program writes
 * these trees to files and prints its reports from them, so a saved result
 * prints the same report (`effcomp report`) as the command did.
 *
 * Conventions: a number that is not finite is null; an interval is
 * [lo, hi] with an unbounded end null and KEY_unbounded saying which end;
 * seeds below 10^15 are numbers, larger ones strings (cJSON prints 15
 * significant digits); every result has "result" (its kind) and "version".
 */
#define _XOPEN_SOURCE 700 /* realpath */
#include "ec_step_impl.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ec_csv.h"
#include "ec_interval.h"
#include "ec_kv.h"
#include "ec_plot.h"
#include "ec_version.h"

/* A number as the shortest text that reads back as exactly the same double (cJSON's own printing keeps 15
 * digits whenever they come within DBL_EPSILON, so a law read back from a fit's JSON lost its last bits);
 * null when not finite. */
cJSON *ec_json_num(double v)
{
    if (!isfinite(v)) return cJSON_CreateNull();
    char buf[40];
    return cJSON_CreateRaw(ec_format_double(v, buf, sizeof buf));
}

void ec_json_number(cJSON *o, const char *key, double v)
{
    cJSON_AddItemToObject(o, key, ec_json_num(v));
}

void ec_json_seed(cJSON *o, const char *key, unsigned long long seed)
{
    /* A number only below 10^15: cJSON prints 15 significant digits when they round-trip to
     * within its tolerance, which for larger integers can be off by one or two. */
    if (seed < 1000000000000000ULL) {
        ec_json_number(o, key, (double)seed);
    } else {
        char buf[32];
        snprintf(buf, sizeof buf, "%llu", seed);
        cJSON_AddStringToObject(o, key, buf);
    }
}

static cJSON *params_object(const ec_form *f, const double *v)
{
    cJSON *o = cJSON_CreateObject();
    for (int j = 0; j < f->n_params; j++) ec_json_number(o, f->param_names[j], v[j]);
    return o;
}

/* A 95% interval: [lo, hi]; an infinite end (unbounded) is null, and KEY_unbounded says which end
 * ("upper", "lower" or "both"); null when the interval is unknown (NaN: too few replicates). */
static void json_ci(cJSON *o, const char *key, const double ci[2])
{
    if (isnan(ci[0]) || isnan(ci[1])) {
        cJSON_AddNullToObject(o, key);
        return;
    }
    cJSON *a = cJSON_AddArrayToObject(o, key);
    for (int k = 0; k < 2; k++) cJSON_AddItemToArray(a, isfinite(ci[k]) ? ec_json_num(ci[k]) : cJSON_CreateNull());
    if (isinf(ci[0]) || isinf(ci[1])) {
        char name[128];
        snprintf(name, sizeof name, "%s_unbounded", key);
        cJSON_AddStringToObject(o, name, isinf(ci[0]) && isinf(ci[1]) ? "both" : isinf(ci[1]) ? "upper" : "lower");
    }
}

/* [lo, hi] with non-finite ends as null (no _unbounded marker: isoflop's intervals). */
static cJSON *json_pair(const double v[2])
{
    cJSON *a = cJSON_CreateArray();
    for (int i = 0; i < 2; i++) cJSON_AddItemToArray(a, isfinite(v[i]) ? ec_json_num(v[i]) : cJSON_CreateNull());
    return a;
}

static cJSON *fit_options_object(const ec_fit_options *opt)
{
    const ec_option_table *t = ec_fit_option_table();
    cJSON *o = cJSON_CreateObject();
    for (size_t i = 0; i < t->n; i++) {
        const ec_option_desc *d = &t->rows[i];
        if (strcmp(d->name, "threads") == 0) continue; /* results do not depend on it */
        char buf[1200];
        ec_option_get(t, opt, d->name, buf, sizeof buf, NULL);
        if (d->type == EC_OPT_DOUBLE || d->type == EC_OPT_INT) ec_json_number(o, d->name, strtod(buf, NULL));
        else if (d->type == EC_OPT_U64) ec_json_seed(o, d->name, opt->seed);
        else cJSON_AddStringToObject(o, d->name, buf);
    }
    if (strncmp(opt->starts, "file:", 5) == 0) { /* the starts file shapes the result too */
        char sha[65];
        if (ec_file_sha256(opt->starts + 5, sha, NULL) == EC_OK) cJSON_AddStringToObject(o, "starts_sha256", sha);
        else cJSON_AddNullToObject(o, "starts_sha256");
    }
    return o;
}

/* "input" object: path, columns, where, drop_highest, row counts, derived columns. */
static cJSON *input_object(const ec_data_options *in, const ec_dataset *ds, size_t rows_read)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "path", in->data);
    char *abs = realpath(in->data, NULL); /* lets 'effcomp plot' reload the data from anywhere */
    if (abs) cJSON_AddStringToObject(o, "absolute_path", abs);
    free(abs);
    cJSON_AddStringToObject(o, "columns", in->columns);
    cJSON_AddStringToObject(o, "where", in->where);
    ec_json_number(o, "drop_highest", in->drop_highest);
    ec_json_number(o, "rows_read",
                            (double)(rows_read + ds->n_filtered + ds->n_skipped_empty + ds->n_zero_weight));
    ec_json_number(o, "rows_filtered", (double)ds->n_filtered);
    ec_json_number(o, "rows_skipped_empty", (double)ds->n_skipped_empty);
    ec_json_number(o, "rows_short", (double)ds->n_short);
    ec_json_number(o, "rows_skipped_short", (double)ds->n_skipped_short);
    ec_json_number(o, "skip_short_rows", in->skip_short_rows);
    ec_json_number(o, "rows_zero_weight", (double)ds->n_zero_weight);
    ec_json_number(o, "rows_dropped_highest", (double)ds->n_dropped);
    cJSON *der = cJSON_AddArrayToObject(o, "derived");
    if (ds->derived & (1u << EC_ROLE_D)) cJSON_AddItemToArray(der, cJSON_CreateString("D = C/(6N)"));
    if (ds->derived & (1u << EC_ROLE_C)) cJSON_AddItemToArray(der, cJSON_CreateString("C = 6ND"));
    return o;
}

/* What every fit-based result records to be reproducible: version, seed, input_sha256, input and options. */
static void provenance(cJSON *root, const ec_data_options *in, const ec_dataset *ds, size_t rows_read,
                       const ec_fit_options *opt)
{
    cJSON_AddStringToObject(root, "version", EC_VERSION_STRING);
    ec_json_seed(root, "seed", opt->seed);
    cJSON_AddStringToObject(root, "input_sha256", ds->sha256);
    cJSON_AddItemToObject(root, "input", input_object(in, ds, rows_read));
    cJSON_AddItemToObject(root, "options", fit_options_object(opt));
}

/* ------------------------------------------------------------------- fit */

/* Parameters estimated in their own right (not fixed, not tied to another). */
static int is_free(const ec_nlfit_result *r, int j)
{
    return !r->fixed[j] && r->tied[j] < 0;
}

static cJSON *matrix_object(const ec_nlfit_result *r, const double *m)
{
    cJSON *o = cJSON_CreateObject();
    for (int i = 0; i < r->n_params; i++) {
        if (!is_free(r, i)) continue;
        cJSON *row = cJSON_AddObjectToObject(o, r->form->param_names[i]);
        for (int j = 0; j < r->n_params; j++)
            if (is_free(r, j)) ec_json_number(row, r->form->param_names[j], m[i * EC_MAXP + j]);
    }
    return o;
}

/* Appends text to a growing buffer (doubling); 0, or -1 when out of memory (the buffer is kept). */
static int text_put(char **buf, size_t *len, size_t *cap, const char *s)
{
    size_t n = strlen(s);
    if (*len + n + 1 > *cap) {
        size_t c = *cap ? *cap : 4096;
        while (c < *len + n + 1) c *= 2;
        char *b = realloc(*buf, c);
        if (!b) return -1;
        *buf = b;
        *cap = c;
    }
    memcpy(*buf + *len, s, n + 1);
    *len += n;
    return 0;
}

/* The replicates CSV of a fit (see ec_fit_replicates_text). */
static char *fit_replicates_text(const ec_fit_output *fo, ec_error *err)
{
    const ec_boot *b = fo ? fo->boot : NULL;
    if (!b) {
        ec_error_set(err, EC_EINVAL, "the result is not a fit with bootstrap replicates");
        return NULL;
    }
    const ec_form *f = fo->fit.form;
    char *buf = NULL, cell[64];
    size_t len = 0, cap = 0;
    int bad = 0;
    snprintf(cell, sizeof cell, "# effcomp %s bootstrap replicates: form ", EC_VERSION_STRING);
    bad |= text_put(&buf, &len, &cap, cell) | text_put(&buf, &len, &cap, f->name);
    snprintf(cell, sizeof cell, ", %zu replicates, seed %llu\nreplicate", b->replicates, b->seed);
    bad |= text_put(&buf, &len, &cap, cell);
    for (int j = 0; j < f->n_params; j++)
        bad |= text_put(&buf, &len, &cap, ",") | text_put(&buf, &len, &cap, f->param_names[j]);
    bad |= text_put(&buf, &len, &cap, ",objective,converged\n");
    for (size_t k = 0; k < b->replicates && !bad; k++) {
        snprintf(cell, sizeof cell, "%zu", k);
        bad |= text_put(&buf, &len, &cap, cell);
        /* A non-finite value (a replicate that failed) is an empty cell: every reader takes it as missing. */
        for (int j = 0; j <= f->n_params; j++) {
            double v = j < f->n_params ? b->samples[k * (size_t)b->n_params + (size_t)j] : b->objective[k];
            bad |= text_put(&buf, &len, &cap, ",");
            if (isfinite(v)) bad |= text_put(&buf, &len, &cap, ec_format_double(v, cell, sizeof cell));
        }
        snprintf(cell, sizeof cell, ",%d\n", b->converged[k]);
        bad |= text_put(&buf, &len, &cap, cell);
    }
    if (bad) {
        free(buf);
        ec_error_set(err, EC_ENOMEM, "out of memory writing the bootstrap replicates");
        return NULL;
    }
    return buf;
}

char *ec_fit_replicates_text(const ec_result *r, ec_error *err)
{
    return fit_replicates_text(ec_result_fit(r), err);
}

static cJSON *fit_json(const ec_fit_output *fo)
{
    const ec_nlfit_result *res = &fo->fit;
    const ec_fit_options *opt = &fo->opt;
    const ec_boot *boot = fo->boot;
    const ec_form *f = res->form;
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "result", "fit");
    cJSON_AddStringToObject(root, "form", f->name);
    cJSON_AddStringToObject(root, "formula", f->formula);
    cJSON_AddItemToObject(root, "params", params_object(f, res->params));
    cJSON *fixed = cJSON_AddArrayToObject(root, "fixed");
    for (int j = 0; j < f->n_params; j++)
        if (res->fixed[j]) cJSON_AddItemToArray(fixed, cJSON_CreateString(f->param_names[j]));
    cJSON *atb = cJSON_AddArrayToObject(root, "at_bound");
    for (int j = 0; j < f->n_params; j++)
        if (res->at_bound[j]) cJSON_AddItemToArray(atb, cJSON_CreateString(f->param_names[j]));
    cJSON *tied = cJSON_AddObjectToObject(root, "tied");
    for (int j = 0; j < f->n_params; j++)
        if (res->tied[j] >= 0) cJSON_AddStringToObject(tied, f->param_names[j], f->param_names[res->tied[j]]);
    if (res->se_available) {
        cJSON_AddItemToObject(root, "se", params_object(f, res->se));
        cJSON_AddStringToObject(root, "se_method", res->se_method);
        cJSON_AddItemToObject(root, "covariance", matrix_object(res, res->cov));
        cJSON_AddItemToObject(root, "correlation", matrix_object(res, res->corr));
    } else {
        cJSON_AddNullToObject(root, "se");
        cJSON_AddStringToObject(root, "se_method",
                                "unavailable (no residual in the quadratic zone, or too few points); use --bootstrap");
    }
    ec_json_number(root, "objective", res->objective);
    cJSON_AddStringToObject(root, "loss", ec_fit_option_table()->rows[1].choices[opt->loss]);
    cJSON_AddStringToObject(root, "fit_space", res->fit_space);
    ec_json_number(root, "n_points", (double)res->n_points);
    ec_json_number(root, "dof", res->dof);
    ec_json_number(root, "r2", res->r2);
    ec_json_number(root, "rmse", res->rmse);
    ec_json_number(root, "rmse_log", res->rmse_log);
    ec_json_number(root, "aic", res->aic);
    ec_json_number(root, "bic", res->bic);
    if (opt->loss == EC_LOSS_HUBER) ec_json_number(root, "n_quadratic_zone", (double)res->n_quadratic);
    if (res->mle) {
        cJSON *sc = cJSON_AddObjectToObject(root, "scale");
        ec_json_number(sc, "sigma", res->sigma);
        ec_json_number(sc, "log_likelihood", res->log_likelihood);
    }
    cJSON *st = cJSON_AddObjectToObject(root, "starts");
    ec_json_number(st, "total", (double)res->starts_total);
    ec_json_number(st, "converged", (double)res->starts_converged);
    ec_json_number(st, "at_best", (double)res->starts_at_best);
    ec_json_number(st, "evaluations", (double)res->evaluations);
    ec_json_number(st, "approach_points", (double)res->approach_points);
    ec_json_number(st, "approach_evaluations", (double)res->approach_evaluations);
    ec_json_number(st, "approach_retried", (double)res->approach_retried);
    ec_json_number(st, "run_on", (double)res->starts_run_on);
    ec_json_number(st, "stopped_above_best", (double)res->starts_stopped);
    cJSON_AddStringToObject(root, "status", res->status);
    cJSON_AddBoolToObject(root, "converged", res->converged);
    cJSON_AddStringToObject(root, "engine", res->engine);
    /* The fitted points' range, for how far a projection from the law reaches beyond them. */
    cJSON *dr = cJSON_AddObjectToObject(root, "data_range");
    static const ec_role roles[] = {EC_ROLE_N, EC_ROLE_D, EC_ROLE_C, EC_ROLE_X};
    for (int k = 0; k < 4; k++) {
        const double *c = fo->ds->col[roles[k]];
        if (!c || !fo->ds->n) continue;
        double lo = c[0], hi = c[0];
        for (size_t i = 1; i < fo->ds->n; i++) {
            if (c[i] < lo) lo = c[i];
            if (c[i] > hi) hi = c[i];
        }
        cJSON *a = cJSON_AddArrayToObject(dr, ec_role_name(roles[k]));
        cJSON_AddItemToArray(a, ec_json_num(lo));
        cJSON_AddItemToArray(a, ec_json_num(hi));
    }
    provenance(root, &fo->in, fo->ds, fo->rows_read, opt);
    if (boot) {
        cJSON *b = cJSON_AddObjectToObject(root, "bootstrap");
        ec_json_number(b, "replicates", (double)boot->replicates);
        ec_json_seed(b, "seed", boot->seed);
        ec_json_number(b, "failed", (double)boot->failed), ec_json_number(b, "retried", (double)boot->retried);
        cJSON_AddItemToObject(b, "start", params_object(f, boot->start));
        /* Fewer than 2 converged replicates have no summary: say why instead of writing NaN. */
        const int summary = boot->replicates - boot->failed >= 2;
        if (!summary) cJSON_AddStringToObject(b, "intervals", "unavailable: fewer than 2 replicates converged");
        if (summary) cJSON_AddItemToObject(b, "mean", params_object(f, boot->mean));
        if (summary) cJSON_AddItemToObject(b, "se", params_object(f, boot->se));
        cJSON *ci = summary ? cJSON_AddObjectToObject(b, "ci95") : NULL;
        for (int j = 0; ci && j < f->n_params; j++) {
            cJSON *pair = cJSON_AddArrayToObject(ci, f->param_names[j]);
            cJSON_AddItemToArray(pair, ec_json_num(boot->ci_lo[j]));
            cJSON_AddItemToArray(pair, ec_json_num(boot->ci_hi[j]));
        }
        if (fo->in.replicates_out[0]) {
            cJSON_AddStringToObject(b, "replicates_file", fo->in.replicates_out);
            /* The two files belong together: the JSON names the replicates text's SHA-256, which every
             * reader checks (ec_law_load), so a replicates file from another run is refused. */
            char *text = fit_replicates_text(fo, NULL), sha[65];
            if (text) {
                ec_sha256_hex(text, strlen(text), sha);
                cJSON_AddStringToObject(b, "replicates_sha256", sha);
            } else {
                cJSON_AddNullToObject(b, "replicates_sha256");
            }
            free(text);
            /* The file is renamed into place after this JSON is built: resolve its folder. */
            const char *path = fo->in.replicates_out, *slash = strrchr(path, '/');
            char dir[PATH_MAX], real[PATH_MAX], abs[PATH_MAX + 256];
            snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash == path ? 1 : slash - path) : 1, slash ? path : ".");
            if (realpath(dir, real) && snprintf(abs, sizeof abs, "%s/%s", real, slash ? slash + 1 : path) < (int)sizeof abs)
                cJSON_AddStringToObject(b, "replicates_file_absolute", abs);
        }
    }
    return root;
}

/* -------------------------------------------------------- law consumers */

/* What optimal, multiplier and predict record of the law they used. */
static cJSON *law_json(const char *kind, const ec_law *law, const ec_law_input *from)
{
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "result", kind);
    cJSON_AddStringToObject(root, "form", law->form->name);
    cJSON_AddItemToObject(root, "params", params_object(law->form, law->p));
    cJSON_AddStringToObject(root, "fit", from->fit_ref[0] ? from->fit_ref : from->fit);
    ec_json_number(root, "replicates", (double)law->n_reps);
    if (law->n_reps || law->reps_skipped) ec_json_number(root, "replicates_not_converged", (double)law->reps_skipped);
    cJSON_AddStringToObject(root, "version", EC_VERSION_STRING);
    /* Provenance: the fit's seed (it drew the replicates), and the checksums of what was read. */
    if (law->has_seed) ec_json_seed(root, "seed", law->seed);
    else cJSON_AddNullToObject(root, "seed");
    const char *main_sha = from->fit[0] ? law->source_sha256 : law->reps_sha256;
    if (main_sha[0]) cJSON_AddStringToObject(root, "input_sha256", main_sha);
    else cJSON_AddNullToObject(root, "input_sha256");
    cJSON *in = cJSON_AddObjectToObject(root, "input");
    if (from->fit[0]) {
        cJSON_AddStringToObject(in, "fit", from->fit);
        if (law->source_sha256[0]) cJSON_AddStringToObject(in, "fit_sha256", law->source_sha256);
    }
    if (from->fit_ref[0]) cJSON_AddStringToObject(in, "fit_step", from->fit_ref);
    if (law->reps_file[0]) {
        cJSON_AddStringToObject(in, "replicates", law->reps_file);
        if (law->reps_sha256[0]) cJSON_AddStringToObject(in, "replicates_sha256", law->reps_sha256);
    }
    return root;
}

static cJSON *optimal_json(const ec_optimal_output *o)
{
    const ec_optimal_result *r = &o->r;
    cJSON *root = law_json("optimal", o->law, &o->from);
    cJSON *arr = cJSON_AddArrayToObject(root, "rows");
    const int nrep = r->replicates > 0;
    for (size_t i = 0; i < r->n_rows; i++) {
        const ec_optimal_row *row = &r->rows[i];
        cJSON *j = cJSON_CreateObject();
        cJSON_AddStringToObject(j, "given", ec_optimal_given_name(row->given));
        ec_json_number(j, "compute", row->compute);
        ec_json_number(j, "N", row->N);
        ec_json_number(j, "D", row->D);
        ec_json_number(j, "tokens_per_param", row->D / row->N);
        ec_json_number(j, "loss", row->loss);
        if (nrep) {
            json_ci(j, "compute_ci95", row->ci_compute);
            json_ci(j, "N_ci95", row->ci_N);
            json_ci(j, "D_ci95", row->ci_D);
            json_ci(j, "tokens_per_param_ci95", row->ci_tpp);
            json_ci(j, "loss_ci95", row->ci_loss);
            ec_json_number(j, "replicates_unreachable", (double)row->unreachable);
            ec_json_number(j, "replicates_failed", (double)row->failed);
        }
        cJSON_AddItemToArray(arr, j);
    }
    return root;
}

static cJSON *multiplier_json(const ec_multiplier_output *o)
{
    const ec_multiplier_result *r = &o->r;
    cJSON *root = law_json("multiplier", o->law, &o->from);
    cJSON *in = cJSON_AddObjectToObject(root, r->model ? "model" : "point");
    if (r->model) {
        ec_json_number(in, "N", r->N);
        ec_json_number(in, "D", r->D);
        ec_json_number(in, "compute", r->compute);
    } else {
        ec_json_number(in, "compute", r->compute);
        ec_json_number(in, "quality", r->quality);
    }
    const char *key = r->model ? "allocation_efficiency" : "multiplier";
    ec_json_number(root, key, r->value);
    ec_json_number(root, "reference_compute", r->reference_compute);
    if (r->replicates) {
        json_ci(root, "ci95", r->ci);
        json_ci(root, "reference_compute_ci95", r->ci_reference);
        ec_json_number(root, "replicates_unreachable", (double)r->unreachable);
        ec_json_number(root, "replicates_failed", (double)r->failed);
    }
    if (r->model) ec_json_number(root, "predicted_loss", r->quality);
    return root;
}

static cJSON *predict_json(const ec_predict_output *o)
{
    const ec_predict_result *r = &o->r;
    const ec_form *f = r->form;
    cJSON *root = law_json("predict", o->law, &o->from);
    cJSON_AddStringToObject(root, "formula", f->formula);
    cJSON_AddStringToObject(root, "band_method", ec_band_method_name(r->band.method));
    cJSON *pts = cJSON_AddArrayToObject(root, "points");
    for (size_t i = 0; i < r->n; i++) {
        cJSON *p = cJSON_CreateObject();
        for (int v = 0; v < f->n_vars; v++)
            ec_json_number(p, ec_role_name(f->var_roles[v]), r->x[i * (size_t)f->n_vars + (size_t)v]);
        char key[32];
        snprintf(key, sizeof key, "%s_hat", ec_role_name(f->y_role));
        ec_json_number(p, key, r->y_hat[i]);
        if (r->band.method != EC_BAND_NONE) {
            double ci[2] = {r->lo[i], r->hi[i]};
            json_ci(p, "ci95", ci);
        }
        if (r->y_obs) ec_json_number(p, ec_role_name(f->y_role), r->y_obs[i]);
        cJSON_AddItemToArray(pts, p);
    }
    return root;
}

/* --------------------------------------------------------------- isoflop */

/* Compute budgets at which the report and the JSON give tokens per parameter. */
static const double ratio_at[] = {1e22, 1e24, 1e26};
#define N_RATIO (sizeof ratio_at / sizeof ratio_at[0])

static cJSON *json_law_fr(double coef, double exp_, const double ci_coef[2], const double ci_exp[2], int with_ci)
{
    cJSON *o = cJSON_CreateObject();
    ec_json_number(o, "coefficient", coef);
    ec_json_number(o, "exponent", exp_);
    if (with_ci) {
        cJSON_AddItemToObject(o, "coefficient_ci95", json_pair(ci_coef));
        cJSON_AddItemToObject(o, "exponent_ci95", json_pair(ci_exp));
    }
    return o;
}

static cJSON *isoflop_json(const ec_isoflop_output *o)
{
    const ec_isoflop_result *r = &o->r;
    const int boot = r->replicates > 0;
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "result", "isoflop");
    cJSON_AddStringToObject(root, "analysis", "isoflop");
    cJSON_AddStringToObject(root, "x", r->x_is_tokens ? "tokens" : "parameters");
    ec_json_number(root, "n_points", (double)r->n_points);
    cJSON *arr = cJSON_AddArrayToObject(root, "budgets");
    for (size_t b = 0; b < r->n_budgets; b++) {
        const ec_isoflop_budget *bd = &r->budgets[b];
        cJSON *j = cJSON_CreateObject();
        ec_json_number(j, "compute", bd->compute);
        ec_json_number(j, "D", bd->D);
        ec_json_number(j, "N", bd->N);
        ec_json_number(j, "loss", bd->loss);
        ec_json_number(j, "n_points", (double)bd->n_points);
        ec_json_number(j, "curvature", bd->curvature);
        ec_json_number(j, "rmse", bd->rmse);
        double range[2] = {bd->x_min, bd->x_max};
        cJSON_AddItemToObject(j, "x_range", json_pair(range));
        cJSON_AddBoolToObject(j, "inside_range", bd->inside);
        if (boot) {
            cJSON_AddItemToObject(j, "D_ci95", json_pair(bd->ci_D));
            cJSON_AddItemToObject(j, "N_ci95", json_pair(bd->ci_N));
            cJSON_AddItemToObject(j, "loss_ci95", json_pair(bd->ci_loss));
            ec_json_number(j, "bootstrap_failed", (double)bd->n_failed);
        }
        cJSON_AddItemToArray(arr, j);
    }
    cJSON *fr = cJSON_AddObjectToObject(root, "frontier");
    cJSON_AddItemToObject(fr, "D", json_law_fr(r->D_coef, r->D_exp, r->ci_D_coef, r->ci_D_exp, boot));
    cJSON_AddItemToObject(fr, "N", json_law_fr(r->N_coef, r->N_exp, r->ci_N_coef, r->ci_N_exp, boot));
    ec_json_number(fr, "r2_log10", r->frontier_r2);
    cJSON *tpp = cJSON_AddArrayToObject(root, "tokens_per_parameter");
    for (size_t i = 0; i < N_RATIO; i++) {
        double ci[2], ratio = ec_isoflop_tokens_per_parameter(r, ratio_at[i], ci);
        cJSON *j = cJSON_CreateObject();
        ec_json_number(j, "compute", ratio_at[i]);
        ec_json_number(j, "ratio", ratio);
        if (boot) cJSON_AddItemToObject(j, "ci95", json_pair(ci));
        cJSON_AddItemToArray(tpp, j);
    }
    cJSON *b = cJSON_AddObjectToObject(root, "bootstrap");
    ec_json_number(b, "replicates", (double)r->replicates);
    ec_json_seed(b, "seed", r->seed);
    ec_json_number(b, "failed", (double)r->failed);
    cJSON_AddStringToObject(root, "version", EC_VERSION_STRING);
    ec_json_seed(root, "seed", r->seed);
    cJSON_AddStringToObject(root, "input_sha256", o->ds->sha256);
    cJSON_AddItemToObject(root, "input", input_object(&o->in, o->ds, o->rows_read));
    return root;
}

/* ---------------------------------------------------------------- claims */

/* Values within rounding of zero print as 0 (no "-0" that depends on the BLAS kernel). */
static double clean0(double x)
{
    return fabs(x) < 1e-12 ? 0.0 : x;
}

static const char *reading(const ec_ledger *l, char *buf, size_t len)
{
    if (l->dof <= 0)
        snprintf(buf, len, "no redundant claims: consistency cannot be tested");
    else if (l->p_value >= 0.05)
        snprintf(buf, len, "claims are consistent at the 5%% level (chi2 = %.4g, p = %.4g)", clean0(l->chi2), l->p_value);
    else
        snprintf(buf, len, "inconsistent: chi2 = %.4g, p = %.4g (the claims disagree more than their log_sd allow)",
                 clean0(l->chi2), l->p_value);
    return buf;
}

static cJSON *claims_json(const ec_claims_output *o)
{
    const ec_ledger *l = &o->ledger;
    const ec_claims *c = o->claims;
    const ec_model_compute *mc = o->compute;
    char buf[256];
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "result", "claims");
    cJSON_AddStringToObject(root, "reference", l->reference);
    cJSON *models = cJSON_AddObjectToObject(root, "models");
    for (size_t k = 0; k < l->n_models; k++) {
        cJSON *m = cJSON_CreateObject();
        ec_json_number(m, "factor", l->factor[k]);
        cJSON *ci = cJSON_AddArrayToObject(m, "ci95");
        cJSON_AddItemToArray(ci, ec_json_num(l->ci_lo[k]));
        cJSON_AddItemToArray(ci, ec_json_num(l->ci_hi[k]));
        ec_json_number(m, "se_log", l->se_log[k]);
        ec_json_number(m, "log_factor", l->log_factor[k]);
        ec_json_number(m, "compute", l->compute[k]);
        ec_json_number(m, "effective_compute", l->effective_compute[k]);
        cJSON *eci = cJSON_AddArrayToObject(m, "effective_compute_ci95");
        cJSON_AddItemToArray(eci, ec_json_num(l->effective_lo[k]));
        cJSON_AddItemToArray(eci, ec_json_num(l->effective_hi[k]));
        cJSON_AddItemToObject(models, l->model[k], m);
    }
    cJSON *claims = cJSON_AddArrayToObject(root, "claims");
    for (size_t i = 0; i < c->n; i++) {
        const ec_claim *cl = &c->items[i];
        cJSON *j = cJSON_CreateObject();
        ec_json_number(j, "line", (double)cl->line);
        cJSON_AddStringToObject(j, "subject", cl->subject);
        cJSON_AddStringToObject(j, "baseline", cl->baseline);
        ec_json_number(j, "compute_fraction", cl->fraction);
        ec_json_number(j, "log_sd", cl->log_sd);
        ec_json_number(j, "residual", l->residual[i]);
        ec_json_number(j, "std_residual", l->std_residual[i]);
        {
            /* The ledger's fraction for this pair, φ_B/φ_S, and the subject's compute it implies. */
            double fitted = exp(l->log_factor[l->baseline[i]] - l->log_factor[l->subject[i]]);
            const double z = ec_interval_z(EC_INTERVAL_LEVEL);
            ec_json_number(j, "fitted_fraction", fitted);
            cJSON *fci = cJSON_AddArrayToObject(j, "fitted_fraction_ci95");
            cJSON_AddItemToArray(fci, ec_json_num(fitted * exp(-z * l->fitted_se[i])));
            cJSON_AddItemToArray(fci, ec_json_num(fitted * exp(z * l->fitted_se[i])));
            ec_json_number(j, "fitted_se_log", l->fitted_se[i]);
            ec_json_number(j, "implied_compute", l->implied_compute[i]);
            cJSON *ici = cJSON_AddArrayToObject(j, "implied_compute_ci95");
            cJSON_AddItemToArray(ici, ec_json_num(l->implied_lo[i]));
            cJSON_AddItemToArray(ici, ec_json_num(l->implied_hi[i]));
            size_t b = l->baseline[i];
            ec_json_number(j, "implied_effective_compute", l->effective_compute[b]);
            cJSON *eci = cJSON_AddArrayToObject(j, "implied_effective_compute_ci95");
            cJSON_AddItemToArray(eci, ec_json_num(l->effective_lo[b]));
            cJSON_AddItemToArray(eci, ec_json_num(l->effective_hi[b]));
        }
        if (cl->source[0]) cJSON_AddStringToObject(j, "source", cl->source);
        else cJSON_AddNullToObject(j, "source");
        cJSON_AddItemToArray(claims, j);
    }
    ec_json_number(root, "chi2", l->chi2);
    ec_json_number(root, "dof", l->dof);
    ec_json_number(root, "chi2_reduced", l->chi2_reduced);
    ec_json_number(root, "p_value", l->p_value);
    cJSON_AddStringToObject(root, "reading", reading(l, buf, sizeof buf));
    cJSON_AddStringToObject(root, "se_method", "log_sd known (not scaled by the reduced chi2)");
    ec_json_number(root, "n_models", (double)l->n_models);
    ec_json_number(root, "n_claims", (double)l->n_claims);
    cJSON_AddStringToObject(root, "version", EC_VERSION_STRING);
    cJSON_AddStringToObject(root, "input", o->claims_path);
    cJSON_AddStringToObject(root, "input_sha256", c->sha256);
    if (mc) {
        cJSON_AddStringToObject(root, "compute_file", mc->path);
        cJSON_AddStringToObject(root, "compute_sha256", mc->sha256);
    } else {
        cJSON_AddNullToObject(root, "compute_file");
        cJSON_AddNullToObject(root, "compute_sha256");
    }
    ec_json_number(root, "default_log_sd", o->default_log_sd);
    return root;
}

/* ----------------------------------------------------------------- trend */

static cJSON *trend_json(const ec_trend_output *o)
{
    const ec_trend_result *t = &o->r;
    const ec_nlfit_result *res = &t->fit;
    const char *up_key = t->algorithmic ? "compute_halving_months" : "doubling_months";
    const char *down_key = t->algorithmic ? "compute_doubling_months" : "halving_months";
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "result", "trend");
    cJSON_AddStringToObject(root, "form", res->form->name);
    cJSON_AddItemToObject(root, "params", params_object(res->form, res->params));
    if (res->se_available) {
        cJSON_AddItemToObject(root, "se", params_object(res->form, res->se));
        /* Covariance of the free parameters (c and g of loglinear-time) for the band of the fitted line. */
        cJSON *cov = cJSON_AddObjectToObject(root, "covariance");
        for (int i = 0; i < res->n_params; i++) {
            if (res->fixed[i]) continue;
            cJSON *row = cJSON_AddObjectToObject(cov, res->form->param_names[i]);
            for (int j = 0; j < res->n_params; j++)
                if (!res->fixed[j]) ec_json_number(row, res->form->param_names[j], res->cov[i * EC_MAXP + j]);
        }
    }
    ec_json_number(root, "growth_per_year", t->growth);
    /* The time for the direction of the point estimate; null for the other one (and both when g = 0). */
    ec_json_number(root, up_key, t->dt.sign > 0 ? t->dt.months : NAN);
    ec_json_number(root, down_key, t->dt.sign < 0 ? t->dt.months : NAN);
    if (t->algorithmic) { /* effective compute doubles (halves) as fast as the compute needed halves (doubles) */
        ec_json_number(root, "doubling_months", t->dt.sign > 0 ? t->dt.months : NAN);
        ec_json_number(root, "halving_months", t->dt.sign < 0 ? t->dt.months : NAN);
    }
    if (t->trend) cJSON_AddStringToObject(root, "trend", t->trend);
    else cJSON_AddNullToObject(root, "trend");
    if (t->y_constant) cJSON_AddTrueToObject(root, "y_constant");
    cJSON *ci = cJSON_AddObjectToObject(root, "ci95");
    json_ci(ci, "g", t->g_ci);
    json_ci(ci, "growth_per_year", t->growth_ci);
    /* Times consistent with g's interval: null when the interval has no g of that sign. */
    json_ci(ci, up_key, t->dt.doubling_ci);
    json_ci(ci, down_key, t->dt.halving_ci);
    cJSON_AddStringToObject(root, "interval_method", t->interval_method);
    ec_json_number(root, "n_points", (double)res->n_points);
    ec_json_number(root, "r2", res->r2);
    cJSON_AddStringToObject(root, "status", res->status);
    if (t->boot) ec_json_number(root, "bootstrap_replicates", (double)t->boot->replicates);
    /* For the report: the g estimate and its SE, whether the fit converged, the kind of trend. */
    ec_json_number(root, "g", t->g);
    ec_json_number(root, "g_se", t->se);
    cJSON_AddBoolToObject(root, "converged", res->converged);
    cJSON_AddBoolToObject(root, "algorithmic", t->algorithmic);
    provenance(root, &o->in, o->ds, o->rows_read, &o->opt);
    return root;
}

/* --------------------------------------------------- compare and backtest */

static cJSON *backtest_object(const ec_backtest_result *bt)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "holdout_by", ec_role_name(bt->by));
    ec_json_number(o, "threshold", bt->threshold);
    ec_json_number(o, "n_train", (double)bt->n_train);
    ec_json_number(o, "n_test", (double)bt->n_test);
    ec_json_number(o, "rmsle", bt->rmsle);
    ec_json_number(o, "mean_log_ratio", bt->mean_log_ratio);
    ec_json_number(o, "mae", bt->mae);
    ec_json_number(o, "mape", bt->mape);
    return o;
}

static cJSON *compare_json(const ec_compare_output *o)
{
    const ec_compare_result *r = &o->r;
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "result", "compare");
    cJSON *arr = cJSON_AddArrayToObject(root, "forms");
    for (size_t k = 0; k < r->n; k++) {
        const ec_compare_row *row = &r->rows[k];
        cJSON *j = cJSON_CreateObject();
        cJSON_AddStringToObject(j, "form", row->form->name);
        if (row->failed) {
            cJSON_AddStringToObject(j, "error", row->error);
        } else {
            const ec_nlfit_result *fr = &row->fit;
            cJSON_AddItemToObject(j, "params", params_object(fr->form, fr->params));
            ec_json_number(j, "k", fr->n_free);
            ec_json_number(j, "objective", fr->objective);
            ec_json_number(j, "r2", fr->r2);
            ec_json_number(j, "rmse", fr->rmse);
            ec_json_number(j, "rmse_log", fr->rmse_log);
            ec_json_number(j, "aic", fr->aic);
            ec_json_number(j, "delta_aic", fr->aic - r->best_aic);
            ec_json_number(j, "bic", fr->bic);
            cJSON_AddStringToObject(j, "status", fr->status);
            if (row->have_bt) cJSON_AddItemToObject(j, "backtest", backtest_object(&row->bt));
            else if (row->error[0]) cJSON_AddStringToObject(j, "error", row->error);
            cJSON_AddBoolToObject(j, "converged", fr->converged);
        }
        cJSON_AddItemToArray(arr, j);
    }
    cJSON_AddStringToObject(root, "fit_space", o->opt.loss == EC_LOSS_LS ? "linear" : "log");
    cJSON_AddBoolToObject(root, "with_backtest", r->with_backtest);
    cJSON_AddBoolToObject(root, "holdout_fraction", r->holdout_fraction);
    ec_json_number(root, "n_points", (double)o->ds->n);
    provenance(root, &o->in, o->ds, o->rows_read, &o->opt);
    return root;
}

static cJSON *backtest_json(const ec_backtest_output *o)
{
    const ec_backtest_result *bt = &o->r;
    const ec_form *f = bt->fit.form;
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "result", "backtest");
    cJSON_AddStringToObject(root, "form", f->name);
    cJSON_AddStringToObject(root, "formula", f->formula);
    cJSON_AddItemToObject(root, "params", params_object(f, bt->fit.params));
    cJSON_AddStringToObject(root, "status", bt->fit.status);
    cJSON_AddBoolToObject(root, "converged", bt->fit.converged);
    cJSON_AddItemToObject(root, "backtest", backtest_object(bt));
    cJSON *pts = cJSON_AddArrayToObject(root, "points");
    for (size_t i = 0; i < bt->n_test; i++) {
        cJSON *p = cJSON_CreateObject();
        ec_json_number(p, "line", (double)bt->line[i]);
        ec_json_number(p, ec_role_name(bt->by), bt->by_value[i]);
        ec_json_number(p, "y", bt->y[i]);
        ec_json_number(p, "y_hat", bt->y_hat[i]);
        ec_json_number(p, "log_ratio", bt->y_hat[i] > 0 && bt->y[i] > 0 ? log(bt->y_hat[i] / bt->y[i]) : NAN);
        cJSON_AddItemToArray(pts, p);
    }
    provenance(root, &o->in, o->ds, o->rows_read, &o->opt);
    return root;
}

/* --------------------------------------------------------------- project */

static const char *policy_name(ec_policy_kind k)
{
    static const char *const names[] = {"compute-optimal", "tokens-per-param", "tokens", "inference", "loss"};
    return (unsigned)k < sizeof names / sizeof names[0] ? names[k] : "?";
}

static cJSON *project_json(const ec_project_output *o)
{
    const ec_project_result *r = &o->r;
    cJSON *root = law_json("project", o->law, &o->from);
    cJSON_AddStringToObject(root, "band_method", ec_band_method_name(r->band));
    ec_json_number(root, "level", r->level);
    ec_json_number(root, "k", r->k);
    ec_json_number(root, "max_tokens", r->max_tokens); /* null: no cap */
    cJSON_AddStringToObject(root, "law_at", r->law_at_total ? "total" : "active");
    if (r->baseline) ec_json_number(root, "baseline", (double)r->baseline);
    else cJSON_AddNullToObject(root, "baseline");
    ec_json_seed(root, "efficiency_seed", r->seed);
    if (o->claims[0]) cJSON_AddStringToObject(root, "claims", o->claims);
    else cJSON_AddNullToObject(root, "claims");
    if (o->claims_sha256[0]) cJSON_AddStringToObject(root, "claims_sha256", o->claims_sha256);
    ec_json_number(root, "data_max_compute", o->law->data_max_C);
    ec_json_number(root, "data_max_N", o->law->data_max_N);
    cJSON *arr = cJSON_AddArrayToObject(root, "rows");
    for (size_t i = 0; i < r->n_rows; i++) {
        const ec_project_row *row = &r->rows[i];
        cJSON *j = cJSON_CreateObject();
        cJSON_AddStringToObject(j, "size", row->size.text);
        cJSON_AddStringToObject(j, "kind", row->size.total > row->size.active ? "moe" : "dense");
        cJSON_AddStringToObject(j, "policy", row->policy.text);
        cJSON_AddStringToObject(j, "policy_kind", policy_name(row->policy.kind));
        if (row->policy.kind != EC_POLICY_OPTIMAL) ec_json_number(j, "policy_value", row->policy.value);
        cJSON_AddStringToObject(j, "efficiency", row->eff.label);
        ec_json_number(j, "factor", row->eff.factor);
        ec_json_number(j, "factor_se_log", row->eff.se_log);
        ec_json_number(j, "N_active", row->N_active);
        ec_json_number(j, "N_total", row->N_total);
        ec_json_number(j, "N_law", row->N_law);
        json_ci(j, "N_law_ci95", row->ci_N);
        ec_json_number(j, "D", row->D);
        json_ci(j, "D_ci95", row->ci_D);
        ec_json_number(j, "tokens_per_param", row->tokens_per_param);
        ec_json_number(j, "compute", row->compute);
        json_ci(j, "compute_ci95", row->ci_compute);
        ec_json_number(j, "effective_compute", row->effective_compute);
        json_ci(j, "effective_compute_ci95", row->ci_effective);
        ec_json_number(j, "loss", row->loss);
        json_ci(j, "loss_ci95", row->ci_loss);
        cJSON_AddBoolToObject(j, "capped", row->capped);
        ec_json_number(j, "dloss", row->dloss);
        json_ci(j, "dloss_ci95", row->ci_dloss);
        ec_json_number(j, "beyond_compute_oom", row->beyond_compute);
        ec_json_number(j, "beyond_size_oom", row->beyond_size);
        ec_json_number(j, "replicates_unreachable", (double)row->unreachable);
        ec_json_number(j, "replicates_failed", (double)row->failed);
        cJSON_AddItemToArray(arr, j);
    }
    return root;
}

/* -------------------------------------------------------------- simulate */

/* rows[k][j] = v[k * nq + j] (null when not finite), scaled by `pow10` (1: 10^v). */
static cJSON *matrix_json(const double *v, size_t nt, size_t nq)
{
    cJSON *a = cJSON_CreateArray();
    for (size_t k = 0; k < nt; k++) {
        cJSON *row = cJSON_CreateArray();
        for (size_t j = 0; j < nq; j++) {
            double x = v[k * nq + j];
            cJSON_AddItemToArray(row, isfinite(x) ? ec_json_num(x) : cJSON_CreateNull());
        }
        cJSON_AddItemToArray(a, row);
    }
    return a;
}

static cJSON *vector_json(const double *v, size_t n)
{
    cJSON *a = cJSON_CreateArray();
    for (size_t k = 0; k < n; k++) cJSON_AddItemToArray(a, isfinite(v[k]) ? ec_json_num(v[k]) : cJSON_CreateNull());
    return a;
}

static cJSON *simulate_json(const ec_simulate_output *o)
{
    const ec_sim_result *r = &o->r;
    static const char *const modes[] = {"constant", "shocks", "schedule", "slowdown"};
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "result", "simulate");
    cJSON_AddStringToObject(root, "version", EC_VERSION_STRING);
    ec_json_seed(root, "seed", r->seed);
    ec_json_number(root, "draws", (double)r->draws);
    cJSON *st = cJSON_AddObjectToObject(root, "start");
    ec_json_number(st, "year", o->start_year);
    if (o->start_source[0]) {
        cJSON_AddStringToObject(st, "data", o->start_source);
        if (o->start_sha256[0]) cJSON_AddStringToObject(st, "data_sha256", o->start_sha256);
        cJSON_AddStringToObject(st, "model", o->start_model);
        ec_json_number(st, "compute", o->start_compute);
        ec_json_number(st, "line", (double)o->start_line);
    }
    ec_json_number(root, "end_year", r->t[r->n_times - 1]);
    cJSON *in = cJSON_AddObjectToObject(root, "inputs");
    for (int i = 0; i < EC_SIM_N_INPUTS; i++) {
        int used = !((i == EC_SIM_SLOWDOWN_YEAR || i == EC_SIM_SLOWDOWN_GROWTH) && o->mode != EC_GROWTH_SLOWDOWN) &&
                   !(i == EC_SIM_GROWTH && o->mode == EC_GROWTH_SCHEDULE);
        if (used) cJSON_AddStringToObject(in, ec_sim_input_names[i], o->input_text[i]);
        else cJSON_AddNullToObject(in, ec_sim_input_names[i]);
    }
    cJSON_AddStringToObject(root, "growth_mode", modes[o->mode]);
    cJSON_AddStringToObject(root, "growth_unit", o->growth_oom ? "oom" : "x");
    cJSON_AddStringToObject(root, "algo_unit", o->algo_oom ? "oom" : "x");
    cJSON_AddStringToObject(root, "algo_mode", o->algo_shocks ? "shocks" : "constant");
    if (o->schedule[0]) cJSON_AddStringToObject(root, "schedule", o->schedule);
    if (o->correlations[0]) cJSON_AddStringToObject(root, "correlations", o->correlations);
    if (o->growth_source[0]) cJSON_AddStringToObject(root, "growth_source", o->growth_source);
    if (o->algo_source[0]) cJSON_AddStringToObject(root, "algo_source", o->algo_source);
    if (o->claims[0]) cJSON_AddStringToObject(root, "claims", o->claims);
    if (o->claims_sha256[0]) cJSON_AddStringToObject(root, "claims_sha256", o->claims_sha256);
    ec_json_number(root, "k", o->k);
    if (o->law) {
        cJSON *law = law_json("law", o->law, &o->from);
        cJSON_DeleteItemFromObject(law, "result");
        cJSON_DeleteItemFromObject(law, "version");
        cJSON_AddItemToObject(root, "law", law);
    } else {
        cJSON_AddNullToObject(root, "law");
    }
    cJSON *pc = cJSON_AddArrayToObject(root, "percentiles");
    for (size_t j = 0; j < r->nq; j++) cJSON_AddItemToArray(pc, ec_json_num(100 * r->q[j]));
    cJSON_AddItemToObject(root, "years", vector_json(r->t, r->n_times));
    cJSON *ph = cJSON_AddObjectToObject(root, "physical_compute");
    cJSON_AddItemToObject(ph, "log10", matrix_json(r->log_physical, r->n_times, r->nq));
    cJSON_AddItemToObject(ph, "log10_se", matrix_json(r->log_physical_se, r->n_times, r->nq));
    cJSON_AddItemToObject(ph, "mean_log10", vector_json(r->mean_log_physical, r->n_times));
    cJSON_AddItemToObject(ph, "sd_log10", vector_json(r->sd_log_physical, r->n_times));
    cJSON *ef = cJSON_AddObjectToObject(root, "effective_compute");
    cJSON_AddItemToObject(ef, "log10", matrix_json(r->log_effective, r->n_times, r->nq));
    cJSON_AddItemToObject(ef, "log10_se", matrix_json(r->log_effective_se, r->n_times, r->nq));
    if (r->has_loss) {
        cJSON *lo = cJSON_AddObjectToObject(root, "loss");
        cJSON_AddItemToObject(lo, "value", matrix_json(r->loss, r->n_times, r->nq));
        cJSON_AddItemToObject(lo, "se", matrix_json(r->loss_se, r->n_times, r->nq));
    } else {
        cJSON_AddNullToObject(root, "loss");
    }
    cJSON_AddItemToObject(root, "by_years", vector_json(r->by_year, r->n_by));
    cJSON *th = cJSON_AddArrayToObject(root, "thresholds");
    for (size_t j = 0; j < r->n_thr; j++) {
        const ec_sim_threshold *t = &r->thr[j];
        cJSON *o2 = cJSON_CreateObject();
        cJSON_AddStringToObject(o2, "kind", t->loss ? "loss" : "effective_compute");
        ec_json_number(o2, "value", t->value);
        cJSON *y = cJSON_AddArrayToObject(o2, "crossing_year"), *c = cJSON_AddArrayToObject(o2, "censored");
        for (size_t q = 0; q < r->nq; q++) {
            cJSON_AddItemToArray(y, isfinite(t->year[q]) ? ec_json_num(t->year[q]) : cJSON_CreateNull());
            cJSON_AddItemToArray(c, cJSON_CreateBool(isinf(t->year[q])));
        }
        cJSON_AddItemToObject(o2, "crossing_year_se", vector_json(t->year_se, r->nq));
        cJSON_AddItemToObject(o2, "p_by_year", vector_json(t->p_by, r->n_by));
        ec_json_number(o2, "p_never", t->never);
        ec_json_number(o2, "p_at_start", t->already);
        cJSON_AddItemToArray(th, o2);
    }
    return root;
}

static cJSON *plot_json(const ec_plot_output *o)
{
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "result", "plot");
    cJSON_AddStringToObject(root, "kind", o->kind);
    cJSON_AddStringToObject(root, "image", o->image);
    cJSON_AddStringToObject(root, "format", ec_plot_extension(o->format));
    cJSON_AddStringToObject(root, "source", o->source);
    cJSON_AddStringToObject(root, "version", EC_VERSION_STRING);
    return root;
}

cJSON *ec_result_json(const ec_result *r, ec_error *err)
{
    cJSON *root = NULL;
    switch (r->kind) {
    case EC_RESULT_FIT: root = fit_json(r->payload); break;
    case EC_RESULT_PREDICT: root = predict_json(r->payload); break;
    case EC_RESULT_OPTIMAL: root = optimal_json(r->payload); break;
    case EC_RESULT_MULTIPLIER: root = multiplier_json(r->payload); break;
    case EC_RESULT_ISOFLOP: root = isoflop_json(r->payload); break;
    case EC_RESULT_CLAIMS: root = claims_json(r->payload); break;
    case EC_RESULT_TREND: root = trend_json(r->payload); break;
    case EC_RESULT_COMPARE: root = compare_json(r->payload); break;
    case EC_RESULT_BACKTEST: root = backtest_json(r->payload); break;
    case EC_RESULT_PLOT: root = plot_json(r->payload); break;
    case EC_RESULT_PROJECT: root = project_json(r->payload); break;
    case EC_RESULT_SIMULATE: root = simulate_json(r->payload); break;
    default: break;
    }
    if (!root) ec_error_set(err, EC_ENOMEM, "out of memory (JSON of a %s result)", ec_result_kind_name(r->kind));
    return root;
}
