/*
 * ec_step_plot.c — the plot step: the figure of a result, either an earlier
 * step's result in memory (`result = @fit`) or a JSON file a command wrote
 * (its data points reloaded from the input the JSON records). The step
 * prepares what to draw (a "figure": the law and its data, the isoFLOP
 * budgets, the ledger's factors, the trend line) and ec_plot_output_build()
 * writes the gnuplot script for a given image file: the caller draws it to
 * a temporary file and renames it, and may build it again to save the
 * script for the final name. Nothing here starts a process.
 */
#include "ec_step_impl.h"

#include <libgen.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ec_law_json.h"
#include "ec_plot.h"
#include "ec_plot_kinds.h"
#include "ec_plot_recipes.h"
#include "ec_steps.h"
#include "ec_sweep.h"
#include "ec_sweep_plot.h"

const char *const ec_plot_kinds[] = {"fit",   "residuals",  "bootstrap", "contour",  "frontier", "isoflop",
                                     "multipliers", "trend", "projection", "fan", "fan-loss", "crossing", NULL};

typedef struct plot_step {
    char result[1024];
    char kind[32];
    int save_script;
    char output[1024];
    char replicates[1024];
    char record[512];
    ec_plot_options po;
} plot_step;

static int check_kind(const char *value, ec_error *err)
{
    if (ec_choice_index(ec_plot_kinds, value) >= 0) return EC_OK;
    return ec_error_set(err, EC_EINVAL,
                        "unknown plot kind '%s' (kinds: fit, residuals, bootstrap, contour, frontier, isoflop, "
                        "multipliers, trend, projection, fan, fan-loss, crossing)",
                        value);
}

#define OFF(field) offsetof(plot_step, field)
#define SZ(field) sizeof(((plot_step *)0)->field)
static const ec_option_desc plot_rows[] = {
    {"kind", EC_OPT_STRING, OFF(kind), SZ(kind), 0, 0, NULL, "from the result",
     "fit, residuals, bootstrap, contour, frontier (fit results); isoflop; multipliers (claims); trend; projection "
     "(project); fan, fan-loss, crossing (simulate)",
     check_kind, 0},
    {"save_script", EC_OPT_INT, OFF(save_script), 0, 0, 1, NULL, "0",
     "1: keep the gnuplot script (.gp) and data (.dat) beside the image", NULL, 0},
    {"output", EC_OPT_STRING, OFF(output), SZ(output), 0, 0, NULL, "RESULT.KIND.png", "image file (alias -o)", NULL,
     EC_OPT_PATH_OUT},
    {"replicates", EC_OPT_STRING, OFF(replicates), SZ(replicates), 0, 0, NULL, "the fit's",
     "bootstrap replicates CSV for bands (default: the one recorded in the fit JSON)", NULL, EC_OPT_PATH_IN},
    {"record", EC_OPT_STRING, OFF(record), SZ(record), 0, 0, NULL, "the first",
     "for a sweep's CSV: the recorded output to draw (its band: REC_lo95 and REC_hi95 when recorded too)", NULL, 0},
};
static const ec_option_desc result_rows[] = {
    {"result", EC_OPT_STRING, OFF(result), SZ(result), 0, 0, NULL, "",
     "the result to draw: a JSON file a command wrote, a sweep's CSV, or @STEP in a scenario", NULL, EC_OPT_PATH_IN},
};
#undef OFF
#undef SZ
static const ec_option_table plot_table = {"plot", plot_rows, sizeof plot_rows / sizeof plot_rows[0]};
static const ec_option_table result_table = {"plot", result_rows, 1};

const ec_option_table *ec_plot_step_option_table(void)
{
    return &plot_table;
}

static const ec_option_table *result_table_fn(void)
{
    return &result_table;
}

static void plot_init(void *o)
{
    plot_step *s = o;
    s->po = ec_plot_default_options();
    s->po.format = -1; /* not given: from the output's extension, else png */
}

static const ec_step_group plot_groups[] = {{ec_plot_step_option_table, 0},
                                            {ec_plot_option_table, offsetof(plot_step, po)},
                                            {result_table_fn, 0}};

static const ec_step_input plot_inputs[] = {
    {"result",
     (1u << EC_RESULT_FIT) | (1u << EC_RESULT_ISOFLOP) | (1u << EC_RESULT_CLAIMS) | (1u << EC_RESULT_TREND) |
         (1u << EC_RESULT_PROJECT) | (1u << EC_RESULT_SIMULATE),
     "a fit, isoflop, claims, trend, project or simulate result", NULL}};

/* Image format from a file name's extension (png, svg, pdf); -1 when none of them. */
static int format_of(const char *path)
{
    const char *dot = strrchr(path, '.'), *slash = strrchr(path, '/');
    static const char *const fmts[] = {"png", "svg", "pdf", NULL};
    return dot && (!slash || dot > slash) ? ec_choice_index(fmts, dot + 1) : -1;
}

static int plot_check(ec_step *st, ec_error *err)
{
    plot_step *s = ec_step_options(st);
    if (!s->result[0])
        return ec_error_set(err, EC_EINVAL, "plot: give the RESULT.json to draw first (see 'effcomp plot --help')");
    if (s->output[0] && s->po.format == EC_PLOT_DUMB)
        return ec_error_set(err, EC_EINVAL,
                            "plot: --format dumb draws in the terminal, so -o is not used; drop -o, or redirect: "
                            "effcomp plot RESULT.json --format dumb > FILE.txt");
    if (s->output[0]) {
        /* The image's extension names its format; a --format given must agree with it. */
        int ext = format_of(s->output);
        if (ext < 0) return ec_error_set(err, EC_EINVAL, "plot: '%s' should end in .png, .svg or .pdf", s->output);
        if (s->po.format >= 0 && s->po.format != ext)
            return ec_error_set(err, EC_EINVAL, "plot: --format %s does not match the extension of '%s'",
                                ec_plot_extension(s->po.format), s->output);
    } else if (s->result[0] == '@' && s->po.format != EC_PLOT_DUMB) {
        return ec_error_set(err, EC_EINVAL,
                            "plot: give output = FILE.png (or .svg, .pdf): the figure of %s has no file name to "
                            "derive one from",
                            s->result);
    }
    if (s->result[0] != '@') {
        int rc = ec_step_need_file(s->result, 1, err);
        if (rc) return rc;
    }
    if (s->replicates[0]) return ec_step_need_file(s->replicates, 0, err);
    return EC_OK;
}

/* ------------------------------------------------------------- figures */

struct ec_figure {
    char kind[32];
    ec_plot_options po;
    /* law kinds */
    const ec_law *law;
    ec_law *own_law;
    const ec_dataset *ds;
    ec_dataset *own_ds;
    int log_space;
    /* isoflop */
    ec_plot_budget *budgets;
    size_t nb;
    double coef, expo;
    int tokens;
    /* multipliers */
    char **names;
    double *fac, *lo, *hi;
    size_t nm;
    char reference[256];
    /* trend */
    ec_plot_trend_line tl;
    char ylabel[300];
    /* projection: rows (effective compute, loss and band), by policy */
    size_t nrows, ngroups;
    double *px, *py, *plo, *phi;
    size_t *group;
    char **group_names, **row_labels;
    /* fan, fan-loss, crossing: a simulation's percentiles per time, thresholds */
    size_t nt, nq, nthr, nthr_c, n_by;
    double *t, *q, *eff, *phys, *loss, *phys_med, *thr, *by_year, *p_by;
    char **thr_labels;
    /* a figure from outside the plot step (ec_plot_output_custom) */
    ec_figure_builder build;
    void *data;
    ec_figure_data_free data_free;
};

static void figure_free(struct ec_figure *f)
{
    if (!f) return;
    ec_law_free(f->own_law);
    ec_dataset_free(f->own_ds);
    free(f->budgets);
    for (size_t i = 0; i < f->nm; i++) free(f->names ? f->names[i] : NULL);
    free(f->names);
    free(f->fac);
    free(f->lo);
    free(f->hi);
    free(f->px), free(f->py), free(f->plo), free(f->phi), free(f->group);
    for (size_t i = 0; f->group_names && i < f->ngroups; i++) free(f->group_names[i]);
    for (size_t i = 0; f->row_labels && i < f->nrows; i++) free(f->row_labels[i]);
    free(f->group_names), free(f->row_labels);
    free(f->t), free(f->q), free(f->eff), free(f->phys), free(f->loss), free(f->phys_med), free(f->thr);
    free(f->by_year), free(f->p_by);
    for (size_t i = 0; f->thr_labels && i < f->nthr; i++) free(f->thr_labels[i]);
    free(f->thr_labels);
    if (f->data_free) f->data_free(f->data);
    free(f);
}

static void plot_output_free(void *p)
{
    ec_plot_output *o = p;
    figure_free(o->figure);
}

ec_plot *ec_plot_output_build(const ec_plot_output *o, const char *image, ec_error *err)
{
    const struct ec_figure *f = o->figure;
    ec_plot *p = ec_plot_new(&f->po, image);
    if (!p) {
        ec_error_set(err, EC_ENOMEM, "out of memory");
        return NULL;
    }
    int rc;
    if (f->build) {
        rc = f->build(p, f->data, err);
    } else if (ec_plot_is_law_kind(f->kind)) {
        rc = ec_plot_law_figure(p, f->kind, f->law, f->ds, f->log_space, err);
    } else if (strcmp(f->kind, "isoflop") == 0) {
        const ec_dataset *ds = f->ds;
        const double *x = f->tokens ? ds->col[EC_ROLE_D] : ds->col[EC_ROLE_N];
        rc = x ? ec_plot_isoflop(p, "isoFLOP profiles and the compute-optimal frontier",
                                 f->tokens ? "training tokens" : "parameters", f->nb, f->budgets, ds->n,
                                 ds->col[EC_ROLE_C], x, ds->col[EC_ROLE_L], f->coef, f->expo)
               : EC_EINVAL;
        if (rc) ec_error_set(err, rc, "isoflop plot: %s", rc == EC_ENOMEM ? "out of memory" : "nothing to draw (unusable result)");
    } else if (strcmp(f->kind, "multipliers") == 0) {
        rc = ec_plot_multipliers(p, "Efficiency factors from the claims ledger (95% intervals)", f->nm,
                                 (const char *const *)f->names, f->fac, f->lo, f->hi, f->reference);
        if (rc)
            ec_error_set(err, rc, "multipliers plot: %s",
                         rc == EC_ENOMEM ? "out of memory" : "nothing to draw (unusable result)");
    } else if (strcmp(f->kind, "projection") == 0) {
        rc = ec_plot_projection_figure(p, f->law, f->nrows, f->px, f->py, f->plo, f->phi, f->group, f->ngroups,
                                       (const char *const *)f->group_names, (const char *const *)f->row_labels, err);
    } else if (strcmp(f->kind, "fan") == 0 || strcmp(f->kind, "fan-loss") == 0) {
        int is_loss = strcmp(f->kind, "fan-loss") == 0;
        if (is_loss && !f->loss) {
            rc = ec_error_set(err, EC_EINVAL, "fan-loss plot: the simulation has no loss (it was run without a law)");
        } else {
            char title[160];
            snprintf(title, sizeof title, "%s: Monte Carlo percentiles per year",
                     is_loss ? "Compute-optimal loss" : "Frontier effective compute");
            rc = ec_plot_fan(p, title, is_loss ? "loss" : "effective training compute (FLOP)", f->nt, f->t, f->nq, f->q,
                             is_loss ? f->loss : f->eff, !is_loss, is_loss ? NULL : f->phys_med,
                             "physical compute (median)", is_loss ? 0 : f->nthr_c, f->thr,
                             (const char *const *)f->thr_labels);
            if (rc)
                ec_error_set(err, rc, "fan plot: %s",
                             rc == EC_ENOMEM ? "out of memory" : "nothing to draw (fewer than two times, or no median)");
        }
    } else if (strcmp(f->kind, "crossing") == 0) {
        rc = f->nthr && f->n_by ? ec_plot_crossing(p, "When each threshold is crossed (Monte Carlo)", f->n_by, f->by_year,
                                                   f->nthr, f->p_by, (const char *const *)f->thr_labels)
                                : EC_EINVAL;
        if (rc)
            ec_error_set(err, rc, "crossing plot: %s",
                         rc == EC_ENOMEM ? "out of memory" : "no thresholds (give thresholds or loss_thresholds to simulate)");
    } else {
        rc = ec_plot_trend_figure(p, f->ds, &f->tl, err);
    }
    if (rc) {
        ec_plot_free(p);
        return NULL;
    }
    return p;
}

int ec_plot_output_custom(const char *kind, const char *image, const ec_plot_options *po, ec_figure_builder build,
                          void *data, ec_figure_data_free data_free, ec_plot_output **out, ec_error *err)
{
    *out = NULL;
    int fmt = image ? format_of(image) : -1;
    ec_plot_output *o = fmt >= 0 ? calloc(1, sizeof *o) : NULL;
    struct ec_figure *f = o ? calloc(1, sizeof *f) : NULL;
    if (!f) {
        free(o);
        if (data_free) data_free(data);
        return fmt < 0 ? ec_error_set(err, EC_EINVAL, "figure '%s': name a .png, .svg or .pdf image", image ? image : "")
                       : ec_error_set(err, EC_ENOMEM, "out of memory");
    }
    o->figure = f;
    snprintf(f->kind, sizeof f->kind, "%s", kind);
    snprintf(o->kind, sizeof o->kind, "%s", kind);
    f->po = po ? *po : ec_plot_default_options();
    f->po.format = o->format = fmt;
    snprintf(o->image, sizeof o->image, "%s", image);
    f->build = build;
    f->data = data;
    f->data_free = data_free;
    *out = o;
    return EC_OK;
}

void ec_plot_output_free(ec_plot_output *o)
{
    if (!o) return;
    figure_free(o->figure);
    free(o);
}

/* ---------------------------------------------- projection and simulation */

static char *dup_str(const char *s)
{
    size_t n = strlen(s ? s : "") + 1;
    char *d = malloc(n);
    if (d) memcpy(d, s ? s : "", n);
    return d;
}

static int proj_alloc(struct ec_figure *f, size_t n, ec_error *err)
{
    f->nrows = n;
    f->px = calloc(n ? n : 1, sizeof(double));
    f->py = calloc(n ? n : 1, sizeof(double));
    f->plo = calloc(n ? n : 1, sizeof(double));
    f->phi = calloc(n ? n : 1, sizeof(double));
    f->group = calloc(n ? n : 1, sizeof(size_t));
    f->group_names = calloc(n ? n : 1, sizeof(char *));
    f->row_labels = calloc(n ? n : 1, sizeof(char *));
    if (!f->px || !f->py || !f->plo || !f->phi || !f->group || !f->group_names || !f->row_labels)
        return ec_error_set(err, EC_ENOMEM, "out of memory");
    return EC_OK;
}

/* Row i: its policy's group (a new one for a policy not seen yet) and its label (size, and the efficiency when not
 * 1). */
static int proj_row(struct ec_figure *f, size_t i, const char *size, const char *policy, const char *eff, double x,
                    double y, double lo, double hi, ec_error *err)
{
    size_t g = 0;
    while (g < f->ngroups && strcmp(f->group_names[g], policy) != 0) g++;
    if (g == f->ngroups && !(f->group_names[f->ngroups++] = dup_str(policy)))
        return ec_error_set(err, EC_ENOMEM, "out of memory");
    char label[300];
    if (eff && eff[0] && strcmp(eff, "1") != 0) snprintf(label, sizeof label, "%s, %s", size, eff);
    else snprintf(label, sizeof label, "%s", size);
    if (!(f->row_labels[i] = dup_str(label))) return ec_error_set(err, EC_ENOMEM, "out of memory");
    f->group[i] = g;
    f->px[i] = x, f->py[i] = y, f->plo[i] = lo, f->phi[i] = hi;
    return EC_OK;
}

static int sim_alloc(struct ec_figure *f, size_t nt, size_t nq, size_t nthr, size_t n_by, int loss, ec_error *err)
{
    f->nt = nt, f->nq = nq, f->nthr = nthr, f->n_by = n_by;
    f->t = calloc(nt ? nt : 1, sizeof(double));
    f->q = calloc(nq ? nq : 1, sizeof(double));
    f->eff = calloc(nt * nq + 1, sizeof(double));
    f->phys = calloc(nt * nq + 1, sizeof(double));
    f->loss = loss ? calloc(nt * nq + 1, sizeof(double)) : NULL;
    f->phys_med = calloc(nt + 1, sizeof(double));
    f->thr = calloc(nthr + 1, sizeof(double));
    f->thr_labels = calloc(nthr + 1, sizeof(char *));
    f->by_year = calloc(n_by + 1, sizeof(double));
    f->p_by = calloc(nthr * n_by + 1, sizeof(double));
    if (!f->t || !f->q || !f->eff || !f->phys || (loss && !f->loss) || !f->phys_med || !f->thr || !f->thr_labels ||
        !f->by_year || !f->p_by)
        return ec_error_set(err, EC_ENOMEM, "out of memory");
    return EC_OK;
}

static int thr_label(struct ec_figure *f, size_t j, int loss, double value, ec_error *err)
{
    char label[64];
    snprintf(label, sizeof label, loss ? "loss %g" : "%g FLOP", value);
    if (!(f->thr_labels[j] = dup_str(label))) return ec_error_set(err, EC_ENOMEM, "out of memory");
    return EC_OK;
}

/* The physical median per time, when 0.5 is among the quantiles (else none). */
static void sim_phys_median(struct ec_figure *f)
{
    size_t med = f->nq;
    for (size_t j = 0; j < f->nq; j++)
        if (fabs(f->q[j] - 0.5) < 1e-9) med = j;
    if (med == f->nq) {
        free(f->phys_med);
        f->phys_med = NULL;
        return;
    }
    for (size_t k = 0; k < f->nt; k++) f->phys_med[k] = f->phys[k * f->nq + med];
}

static double jnum(const cJSON *o, const char *key)
{
    const cJSON *v = o ? cJSON_GetObjectItemCaseSensitive(o, key) : NULL;
    return cJSON_IsNumber(v) ? v->valuedouble : NAN;
}

static const char *jstr(const cJSON *o, const char *key)
{
    const cJSON *v = o ? cJSON_GetObjectItemCaseSensitive(o, key) : NULL;
    return cJSON_IsString(v) ? v->valuestring : "";
}

/* Reloads the data a result was computed from (path as recorded, then beside the JSON, then absolute). */
static ec_dataset *reload_data(const cJSON *root, const char *json_path, const char *form, ec_step *st, ec_error *err)
{
    const cJSON *in = cJSON_GetObjectItemCaseSensitive(root, "input");
    if (!cJSON_IsObject(in)) {
        ec_error_set(err, EC_EDATA, "%s: no \"input\" recorded, so the data points cannot be reloaded", json_path);
        return NULL;
    }
    ec_data_options d;
    ec_data_options_init(&d, "");
    snprintf(d.data, sizeof d.data, "%s", jstr(in, "path"));
    snprintf(d.columns, sizeof d.columns, "%s", jstr(in, "columns"));
    snprintf(d.where, sizeof d.where, "%s", jstr(in, "where"));
    double dh = jnum(in, "drop_highest");
    d.drop_highest = isfinite(dh) && dh >= 0 && dh < 1e9 ? (int)dh : 0;
    if (access(d.data, R_OK) != 0 && d.data[0] != '/') {
        char dir[1024], tmp[2100];
        snprintf(dir, sizeof dir, "%s", json_path);
        snprintf(tmp, sizeof tmp, "%s/%s", dirname(dir), d.data);
        if (access(tmp, R_OK) == 0 && strlen(tmp) < sizeof d.data) memcpy(d.data, tmp, strlen(tmp) + 1);
    }
    const char *abs = jstr(in, "absolute_path");
    if (access(d.data, R_OK) != 0 && abs[0] && access(abs, R_OK) == 0) snprintf(d.data, sizeof d.data, "%s", abs);
    size_t rows;
    ec_dataset *ds = ec_data_load(&d, form, &rows, err);
    if (ds) ec_step_record_file(st, ds->path, ds->sha256);
    return ds;
}

static const char *json_default_kind(const cJSON *root)
{
    if (cJSON_GetObjectItemCaseSensitive(root, "budgets")) return "isoflop";
    if (cJSON_GetObjectItemCaseSensitive(root, "models")) return "multipliers";
    if (cJSON_GetObjectItemCaseSensitive(root, "growth_per_year")) return "trend";
    if (cJSON_GetObjectItemCaseSensitive(root, "rows") && cJSON_GetObjectItemCaseSensitive(root, "band_method"))
        return "projection";
    if (cJSON_GetObjectItemCaseSensitive(root, "effective_compute") && cJSON_GetObjectItemCaseSensitive(root, "years"))
        return "fan";
    /* A fit: the law against its variable, or, for a two-variable form other than chinchilla
     * (no single axis to draw the law on), its residuals. */
    const cJSON *form = cJSON_GetObjectItemCaseSensitive(root, "form");
    const ec_form *f = cJSON_IsString(form) ? ec_form_find(form->valuestring) : NULL;
    if (f && f->n_vars > 1 && strcmp(f->name, "chinchilla") != 0) return "residuals";
    return "fit";
}

static int budgets_alloc(struct ec_figure *fig, size_t nb, ec_error *err)
{
    fig->budgets = calloc(nb ? nb : 1, sizeof *fig->budgets);
    fig->nb = nb;
    return fig->budgets ? EC_OK : ec_error_set(err, EC_ENOMEM, "out of memory");
}

static int models_alloc(struct ec_figure *fig, size_t n, ec_error *err)
{
    fig->names = calloc(n ? n : 1, sizeof *fig->names);
    fig->fac = calloc(n ? n : 1, sizeof *fig->fac);
    fig->lo = calloc(n ? n : 1, sizeof *fig->lo);
    fig->hi = calloc(n ? n : 1, sizeof *fig->hi);
    fig->nm = n;
    if (!fig->names || !fig->fac || !fig->lo || !fig->hi) return ec_error_set(err, EC_ENOMEM, "out of memory");
    return EC_OK;
}


/* The trend line of a trend's parameters and covariance (NAN where unknown). */
static void trend_line_of(ec_plot_trend_line *tl, double c, double g, double y0, double vcc, double vgg, double vcg,
                          double growth, double up, double down, int not_significant)
{
    tl->c = c;
    tl->g = g;
    tl->y0 = y0;
    tl->var_c = vcc;
    tl->var_g = vgg;
    tl->cov_cg = vcg;
    tl->growth_per_year = growth;
    tl->doubling_months = up;
    tl->halving_months = down;
    tl->not_significant = not_significant;
}

/* The y label of a trend: the y column of its map (x="...",y="..."). */
static void trend_ylabel(const char *cols, char *out, size_t cap)
{
    snprintf(out, cap, "y");
    const char *yq = strstr(cols, "y=\"");
    if (yq) {
        snprintf(out, cap, "%s", yq + 3);
        char *q = strchr(out, '"');
        if (q) *q = '\0';
    }
}

/* The figure of a result in memory. */
static int figure_of_result(struct ec_figure *fig, const ec_result *res, const char *ref, ec_error *err)
{
    const char *kind = fig->kind;
    if (ec_plot_is_law_kind(kind)) {
        const ec_fit_output *fo = ec_result_fit(res);
        if (!fo) return ec_error_set(err, EC_EINVAL, "%s: the %s kind needs a fit result", ref, kind);
        fig->law = fo->law;
        fig->ds = fo->ds;
        fig->log_space = strcmp(fo->fit.fit_space, "linear") != 0;
        return EC_OK;
    }
    if (strcmp(kind, "isoflop") == 0) {
        const ec_isoflop_output *io = ec_result_isoflop(res);
        if (!io) return ec_error_set(err, EC_EINVAL, "%s: the isoflop kind needs an isoflop result", ref);
        const ec_isoflop_result *r = &io->r;
        int rc = budgets_alloc(fig, r->n_budgets, err);
        if (rc) return rc;
        for (size_t k = 0; k < r->n_budgets; k++) {
            const ec_isoflop_budget *bd = &r->budgets[k];
            double xo = r->x_is_tokens ? bd->D : bd->N, u = log10(xo), c = bd->curvature;
            ec_plot_budget *b = &fig->budgets[k];
            b->compute = bd->compute;
            b->c = c;
            b->b = -2 * c * u;
            b->a = bd->loss + c * u * u;
            b->umin = log10(bd->x_min);
            b->umax = log10(bd->x_max);
            b->x_opt = xo;
            b->loss_opt = bd->loss;
        }
        fig->tokens = r->x_is_tokens;
        fig->coef = r->x_is_tokens ? r->D_coef : r->N_coef;
        fig->expo = r->x_is_tokens ? r->D_exp : r->N_exp;
        fig->ds = io->ds;
        return EC_OK;
    }
    if (strcmp(kind, "multipliers") == 0) {
        const ec_claims_output *co = ec_result_claims(res);
        if (!co) return ec_error_set(err, EC_EINVAL, "%s: the multipliers kind needs a claims result", ref);
        const ec_ledger *l = &co->ledger;
        int rc = models_alloc(fig, l->n_models, err);
        if (rc) return rc;
        for (size_t k = 0; k < l->n_models; k++) {
            if (!(fig->names[k] = dup_str(l->model[k]))) return ec_error_set(err, EC_ENOMEM, "out of memory");
            fig->fac[k] = l->factor[k];
            fig->lo[k] = l->ci_lo[k];
            fig->hi[k] = l->ci_hi[k];
        }
        snprintf(fig->reference, sizeof fig->reference, "%s", l->reference);
        return EC_OK;
    }
    if (strcmp(kind, "projection") == 0) {
        const ec_project_output *po = ec_result_project(res);
        if (!po) return ec_error_set(err, EC_EINVAL, "%s: the projection kind needs a project result", ref);
        const ec_project_result *r = &po->r;
        int rc = proj_alloc(fig, r->n_rows, err);
        for (size_t i = 0; !rc && i < r->n_rows; i++) {
            const ec_project_row *row = &r->rows[i];
            rc = proj_row(fig, i, row->size.text, row->policy.text, row->eff.label, row->effective_compute, row->loss,
                          row->ci_loss[0], row->ci_loss[1], err);
        }
        fig->law = po->law;
        return rc;
    }
    if (strcmp(kind, "fan") == 0 || strcmp(kind, "fan-loss") == 0 || strcmp(kind, "crossing") == 0) {
        const ec_simulate_output *so = ec_result_simulate(res);
        if (!so) return ec_error_set(err, EC_EINVAL, "%s: the %s kind needs a simulate result", ref, kind);
        const ec_sim_result *r = &so->r;
        int rc = sim_alloc(fig, r->n_times, r->nq, r->n_thr, r->n_by, r->has_loss, err);
        if (rc) return rc;
        memcpy(fig->t, r->t, sizeof(double) * r->n_times);
        memcpy(fig->q, r->q, sizeof(double) * r->nq);
        memcpy(fig->eff, r->log_effective, sizeof(double) * r->n_times * r->nq);
        memcpy(fig->phys, r->log_physical, sizeof(double) * r->n_times * r->nq);
        if (r->has_loss) memcpy(fig->loss, r->loss, sizeof(double) * r->n_times * r->nq);
        memcpy(fig->by_year, r->by_year, sizeof(double) * r->n_by);
        for (size_t j = 0; j < r->n_thr && !rc; j++) {
            fig->thr[j] = r->thr[j].value;
            fig->nthr_c += !r->thr[j].loss;
            memcpy(fig->p_by + j * r->n_by, r->thr[j].p_by, sizeof(double) * r->n_by);
            rc = thr_label(fig, j, r->thr[j].loss, r->thr[j].value, err);
        }
        sim_phys_median(fig);
        return rc;
    }
    const ec_trend_output *to = ec_result_trend(res);
    if (!to || to->r.algorithmic)
        return ec_error_set(err, EC_EINVAL, "trend plot: needs the JSON of 'effcomp trend' (not --algorithmic)");
    const ec_nlfit_result *fr = &to->r.fit;
    int ic = ec_form_param_index(fr->form, "c"), ig = ec_form_param_index(fr->form, "g"),
        iy = ec_form_param_index(fr->form, "y0");
    const double *cv = fr->cov;
    int se = fr->se_available;
    trend_line_of(&fig->tl, fr->params[ic], fr->params[ig], fr->params[iy], se ? cv[ic * EC_MAXP + ic] : NAN,
                  se ? cv[ig * EC_MAXP + ig] : NAN, se ? cv[ic * EC_MAXP + ig] : NAN, to->r.growth,
                  to->r.dt.sign > 0 ? to->r.dt.months : NAN, to->r.dt.sign < 0 ? to->r.dt.months : NAN,
                  to->r.trend && strcmp(to->r.trend, "not significant") == 0);
    trend_ylabel(to->in.columns, fig->ylabel, sizeof fig->ylabel);
    fig->tl.ylabel = fig->ylabel;
    fig->ds = to->ds;
    return EC_OK;
}

/* The figure of a result read from a JSON file. */
static int figure_of_json(struct ec_figure *fig, ec_step *st, const char *path, const char *replicates,
                          ec_result *out, ec_error *err)
{
    cJSON *root = ec_json_read_file(path, err);
    if (!root) return err ? err->code : EC_EDATA;
    int rc = EC_OK;
    const char *kind = fig->kind;
    ec_step_record_file(st, path, NULL);
    if (ec_plot_is_law_kind(kind)) {
        if (cJSON_GetObjectItemCaseSensitive(root, "backtest")) {
            rc = ec_error_set(err, EC_EDATA, "%s: backtest results have no figure yet; plot the fit of all the points instead",
                              path);
            goto done;
        }
        if (!cJSON_GetObjectItemCaseSensitive(root, "formula")) {
            rc = ec_error_set(err, EC_EDATA, "%s: the %s kind needs the JSON of 'effcomp fit'", path, kind);
            goto done;
        }
        ec_law_load_info info;
        if ((rc = ec_law_load(path, replicates, 1, 1, &fig->own_law, &info, err))) goto done;
        fig->law = fig->own_law;
        if (info.note[0]) ec_result_add_note(out, "%s", info.note);
        if (fig->own_law->reps_file[0]) ec_step_record_file(st, fig->own_law->reps_file, fig->own_law->reps_sha256);
        fig->log_space = strcmp(jstr(root, "fit_space"), "linear") != 0;
        if (strcmp(kind, "bootstrap") != 0) {
            fig->own_ds = reload_data(root, path, fig->law->form->name, st, err);
            if (!fig->own_ds) {
                rc = err ? err->code : EC_EDATA;
                goto done;
            }
            fig->ds = fig->own_ds;
        }
        goto done;
    }
    if (strcmp(kind, "projection") == 0) {
        const cJSON *rows = cJSON_GetObjectItemCaseSensitive(root, "rows");
        if (!cJSON_IsArray(rows) || !cJSON_GetObjectItemCaseSensitive(root, "params")) {
            rc = ec_error_set(err, EC_EDATA, "%s: the projection kind needs the JSON of 'effcomp project'", path);
            goto done;
        }
        /* The law: from the fit the projection recorded (with its replicates, for the band), else its form and
         * parameters alone (no band). */
        const cJSON *in = cJSON_GetObjectItemCaseSensitive(root, "input");
        const char *fit = jstr(in, "fit"), *reps = replicates && replicates[0] ? replicates : jstr(in, "replicates");
        ec_law_load_info info;
        if (fit[0] && access(fit, R_OK) == 0) {
            if ((rc = ec_law_load(fit, reps[0] ? reps : NULL, 1, 1, &fig->own_law, &info, err))) goto done;
            ec_step_record_file(st, fit, NULL);
            if (info.note[0]) ec_result_add_note(out, "%s", info.note);
        } else {
            const ec_form *f = ec_form_find(jstr(root, "form"));
            const cJSON *pr = cJSON_GetObjectItemCaseSensitive(root, "params");
            double pv[EC_FORM_MAX_PARAMS];
            for (int j = 0; f && j < f->n_params; j++) pv[j] = jnum(pr, f->param_names[j]);
            if (!f || !(fig->own_law = ec_law_new(f, pv, err))) {
                rc = ec_error_set(err, EC_EDATA, "%s: its law (\"form\" and \"params\") is not usable", path);
                goto done;
            }
            ec_result_add_note(out, "%s: the fit it used (%s) is not there: the law is drawn without its band", path,
                               fit[0] ? fit : "none recorded");
        }
        fig->law = fig->own_law;
        if (fig->own_law->reps_file[0]) ec_step_record_file(st, fig->own_law->reps_file, fig->own_law->reps_sha256);
        fig->own_law->data_max_C = jnum(root, "data_max_compute");
        fig->own_law->data_max_N = jnum(root, "data_max_N");
        if ((rc = proj_alloc(fig, (size_t)cJSON_GetArraySize(rows), err))) goto done;
        size_t i = 0;
        const cJSON *it;
        cJSON_ArrayForEach(it, rows)
        {
            const cJSON *ci = cJSON_GetObjectItemCaseSensitive(it, "loss_ci95");
            const cJSON *a = cJSON_GetArrayItem(ci, 0), *b = cJSON_GetArrayItem(ci, 1);
            if ((rc = proj_row(fig, i++, jstr(it, "size"), jstr(it, "policy"), jstr(it, "efficiency"),
                               jnum(it, "effective_compute"), jnum(it, "loss"), cJSON_IsNumber(a) ? a->valuedouble : NAN,
                               cJSON_IsNumber(b) ? b->valuedouble : NAN, err)))
                goto done;
        }
        goto done;
    }
    if (strcmp(kind, "fan") == 0 || strcmp(kind, "fan-loss") == 0 || strcmp(kind, "crossing") == 0) {
        const cJSON *years = cJSON_GetObjectItemCaseSensitive(root, "years");
        const cJSON *pc = cJSON_GetObjectItemCaseSensitive(root, "percentiles");
        const cJSON *ef = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(root, "effective_compute"), "log10");
        const cJSON *ph = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(root, "physical_compute"), "log10");
        const cJSON *lo = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(root, "loss"), "value");
        const cJSON *th = cJSON_GetObjectItemCaseSensitive(root, "thresholds");
        const cJSON *by = cJSON_GetObjectItemCaseSensitive(root, "by_years");
        size_t nt = (size_t)cJSON_GetArraySize(years), nq = (size_t)cJSON_GetArraySize(pc);
        if (!cJSON_IsArray(years) || !cJSON_IsArray(pc) || !cJSON_IsArray(ef) || !cJSON_IsArray(ph) ||
            (size_t)cJSON_GetArraySize(ef) != nt || (size_t)cJSON_GetArraySize(ph) != nt) {
            rc = ec_error_set(err, EC_EDATA, "%s: the %s kind needs the JSON of 'effcomp simulate'", path, kind);
            goto done;
        }
        /* years finite and increasing, one row of nq per year, thresholds a list: else not a simulate result */
        int ok = nt >= 2 && nq >= 1 && (!th || cJSON_IsArray(th));
        for (size_t k = 0; ok && k < nt; k++) {
            const cJSON *y = cJSON_GetArrayItem(years, (int)k), *py = k ? cJSON_GetArrayItem(years, (int)k - 1) : NULL;
            ok = cJSON_IsNumber(y) && isfinite(y->valuedouble) && (!py || y->valuedouble > py->valuedouble) &&
                 cJSON_GetArraySize(cJSON_GetArrayItem(ef, (int)k)) == (int)nq &&
                 cJSON_GetArraySize(cJSON_GetArrayItem(ph, (int)k)) == (int)nq;
        }
        if (!ok) {
            rc = ec_error_set(err, EC_EDATA,
                              "%s: not a usable 'effcomp simulate' result (years finite and increasing, one row of "
                              "percentiles per year, thresholds a list)", path);
            goto done;
        }
        int has_loss = cJSON_IsArray(lo) && (size_t)cJSON_GetArraySize(lo) == nt;
        size_t nthr = (size_t)cJSON_GetArraySize(th), n_by = (size_t)cJSON_GetArraySize(by);
        if ((rc = sim_alloc(fig, nt, nq, nthr, n_by, has_loss, err))) goto done;
        for (size_t j = 0; j < nq; j++) {
            const cJSON *v = cJSON_GetArrayItem(pc, (int)j);
            fig->q[j] = cJSON_IsNumber(v) ? v->valuedouble / 100 : NAN;
        }
        for (size_t k = 0; k < nt; k++) {
            const cJSON *v = cJSON_GetArrayItem(years, (int)k);
            fig->t[k] = cJSON_IsNumber(v) ? v->valuedouble : NAN;
            const cJSON *re = cJSON_GetArrayItem(ef, (int)k), *rp = cJSON_GetArrayItem(ph, (int)k);
            const cJSON *rl = has_loss ? cJSON_GetArrayItem(lo, (int)k) : NULL;
            for (size_t j = 0; j < nq; j++) {
                const cJSON *a = cJSON_GetArrayItem(re, (int)j), *b = cJSON_GetArrayItem(rp, (int)j);
                fig->eff[k * nq + j] = cJSON_IsNumber(a) ? a->valuedouble : NAN;
                fig->phys[k * nq + j] = cJSON_IsNumber(b) ? b->valuedouble : NAN;
                if (rl) {
                    const cJSON *c = cJSON_GetArrayItem(rl, (int)j);
                    fig->loss[k * nq + j] = cJSON_IsNumber(c) ? c->valuedouble : NAN;
                }
            }
        }
        for (size_t y = 0; y < n_by; y++) {
            const cJSON *v = cJSON_GetArrayItem(by, (int)y);
            fig->by_year[y] = cJSON_IsNumber(v) ? v->valuedouble : NAN;
        }
        size_t j = 0;
        const cJSON *it;
        cJSON_ArrayForEach(it, th)
        {
            int is_loss = strcmp(jstr(it, "kind"), "loss") == 0;
            fig->thr[j] = jnum(it, "value");
            fig->nthr_c += !is_loss;
            const cJSON *pb = cJSON_GetObjectItemCaseSensitive(it, "p_by_year");
            for (size_t y = 0; y < n_by; y++) {
                const cJSON *v = cJSON_GetArrayItem(pb, (int)y);
                fig->p_by[j * n_by + y] = cJSON_IsNumber(v) ? v->valuedouble : NAN;
            }
            if ((rc = thr_label(fig, j, is_loss, fig->thr[j], err))) goto done;
            j++;
        }
        sim_phys_median(fig);
        goto done;
    }
    const char *want = strcmp(kind, "isoflop") == 0 ? "budgets" : strcmp(kind, "trend") == 0 ? "growth_per_year" : "models";
    if (!cJSON_GetObjectItemCaseSensitive(root, want)) {
        rc = ec_error_set(err, EC_EDATA, "%s: the %s kind needs the JSON of 'effcomp %s'", path, kind,
                          strcmp(kind, "multipliers") == 0 ? "claims" : kind);
        goto done;
    }
    if (strcmp(kind, "multipliers") != 0) {
        fig->own_ds = reload_data(root, path, strcmp(kind, "trend") == 0 ? "loglinear-time" : NULL, st, err);
        if (!fig->own_ds) {
            rc = err ? err->code : EC_EDATA;
            goto done;
        }
        fig->ds = fig->own_ds;
    }
    if (strcmp(kind, "isoflop") == 0) {
        const cJSON *bs = cJSON_GetObjectItemCaseSensitive(root, "budgets");
        int tokens = strcmp(jstr(root, "x"), "parameters") != 0;
        if ((rc = budgets_alloc(fig, (size_t)cJSON_GetArraySize(bs), err))) goto done;
        size_t k = 0;
        const cJSON *it;
        cJSON_ArrayForEach(it, bs)
        {
            double xo = jnum(it, tokens ? "D" : "N"), c = jnum(it, "curvature"), L = jnum(it, "loss");
            const cJSON *xr = cJSON_GetObjectItemCaseSensitive(it, "x_range");
            double u = log10(xo);
            ec_plot_budget *b = &fig->budgets[k++];
            b->compute = jnum(it, "compute");
            b->c = c;
            b->b = -2 * c * u;
            b->a = L + c * u * u;
            b->umin = cJSON_GetArraySize(xr) == 2 ? log10(cJSON_GetArrayItem(xr, 0)->valuedouble) : u - 0.5;
            b->umax = cJSON_GetArraySize(xr) == 2 ? log10(cJSON_GetArrayItem(xr, 1)->valuedouble) : u + 0.5;
            b->x_opt = xo;
            b->loss_opt = L;
        }
        const cJSON *fr = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(root, "frontier"),
                                                          tokens ? "D" : "N");
        fig->tokens = tokens;
        fig->coef = jnum(fr, "coefficient");
        fig->expo = jnum(fr, "exponent");
    } else if (strcmp(kind, "multipliers") == 0) {
        const cJSON *ms = cJSON_GetObjectItemCaseSensitive(root, "models");
        if ((rc = models_alloc(fig, (size_t)cJSON_GetArraySize(ms), err))) goto done;
        size_t k = 0;
        const cJSON *it;
        cJSON_ArrayForEach(it, ms)
        {
            const cJSON *ci = cJSON_GetObjectItemCaseSensitive(it, "ci95");
            if (!(fig->names[k] = dup_str(it->string ? it->string : ""))) {
                rc = ec_error_set(err, EC_ENOMEM, "out of memory");
                goto done;
            }
            fig->fac[k] = jnum(it, "factor");
            fig->lo[k] = cJSON_GetArraySize(ci) == 2 && cJSON_IsNumber(cJSON_GetArrayItem(ci, 0))
                             ? cJSON_GetArrayItem(ci, 0)->valuedouble
                             : NAN;
            fig->hi[k] = cJSON_GetArraySize(ci) == 2 && cJSON_IsNumber(cJSON_GetArrayItem(ci, 1))
                             ? cJSON_GetArrayItem(ci, 1)->valuedouble
                             : NAN;
            k++;
        }
        snprintf(fig->reference, sizeof fig->reference, "%s", jstr(root, "reference"));
    } else {
        const cJSON *pr = cJSON_GetObjectItemCaseSensitive(root, "params");
        const cJSON *cov = cJSON_GetObjectItemCaseSensitive(root, "covariance");
        const cJSON *cc = cJSON_GetObjectItemCaseSensitive(cov, "c");
        const char *sig = jstr(root, "trend");
        trend_line_of(&fig->tl, jnum(pr, "c"), jnum(pr, "g"), jnum(pr, "y0"), jnum(cc, "c"),
                      jnum(cJSON_GetObjectItemCaseSensitive(cov, "g"), "g"), jnum(cc, "g"), jnum(root, "growth_per_year"),
                      jnum(root, "doubling_months"), jnum(root, "halving_months"), strcmp(sig, "not significant") == 0);
        trend_ylabel(jstr(cJSON_GetObjectItemCaseSensitive(root, "input"), "columns"), fig->ylabel, sizeof fig->ylabel);
        fig->tl.ylabel = fig->ylabel;
        if (!isfinite(fig->tl.c) || !fig->ds->col[EC_ROLE_X] || !fig->ds->col[EC_ROLE_Y])
            rc = ec_error_set(err, EC_EINVAL, "trend plot: needs the JSON of 'effcomp trend' (not --algorithmic)");
    }
done:
    cJSON_Delete(root);
    return rc;
}

/* The natural kind of a result in memory. */
static const char *result_default_kind(const ec_result *r)
{
    switch (ec_result_kind_of(r)) {
    case EC_RESULT_ISOFLOP: return "isoflop";
    case EC_RESULT_CLAIMS: return "multipliers";
    case EC_RESULT_TREND: return "trend";
    case EC_RESULT_PROJECT: return "projection";
    case EC_RESULT_SIMULATE: return "fan";
    default: return ec_result_law(r) ? ec_plot_law_default_kind(ec_result_law(r)) : "fit";
    }
}

/* 1 when the file starts as the CSV of 'effcomp sweep' does ("# effcomp VERSION sweep of ..."). */
static int is_sweep_csv(const char *path)
{
    char head[256] = "";
    FILE *fp = fopen(path, "rb");
    if (!fp) return 0;
    size_t n = fread(head, 1, sizeof head - 1, fp);
    fclose(fp);
    head[n] = '\0';
    char *nl = strchr(head, '\n');
    if (nl) *nl = '\0';
    return strncmp(head, "# effcomp ", 10) == 0 && strstr(head, " sweep of ") != NULL;
}

/* The figure of a sweep's CSV: the record against the key (one key), or a heatmap (two), as 'sweep --plot' draws it. */
static int plot_sweep_csv(const plot_step *s, ec_result **out, ec_error *err)
{
    if (s->kind[0])
        return ec_error_set(err, EC_EINVAL, "plot: %s is a sweep's CSV, drawn as a line (one key) or a heatmap (two): "
                            "drop --kind %s", s->result, s->kind);
    if (s->po.format == EC_PLOT_DUMB)
        return ec_error_set(err, EC_EINVAL, "plot: a sweep's figure is an image: give -o FILE.png (or .svg, .pdf)");
    if (s->replicates[0]) return ec_error_set(err, EC_EINVAL, "plot: --replicates is for fit results, not a sweep's CSV");
    char image[1100];
    if (s->output[0]) {
        snprintf(image, sizeof image, "%s", s->output);
    } else { /* SWEEP.sweep.EXT beside the CSV */
        snprintf(image, sizeof image, "%s", s->result);
        char *dot = strrchr(image, '.'), *slash = strrchr(image, '/');
        if (dot && (!slash || dot > slash)) *dot = '\0';
        size_t l = strlen(image);
        snprintf(image + l, sizeof image - l, ".sweep.%s", ec_plot_extension(s->po.format >= 0 ? s->po.format : EC_PLOT_PNG));
    }
    ec_sweep_grid g;
    int rc = ec_sweep_read_grid(s->result, &g, err);
    if (rc) return rc;
    ec_plot_output *po = NULL;
    rc = ec_sweep_plot(&g.o, &g.r, s->record[0] ? s->record : NULL, image, &s->po, &po, err);
    if (rc && strstr(err->message, "--plot-record")) {
        char list[512] = "";
        for (size_t k = 0, at = 0; k < g.o.n_records && at < sizeof list; k++)
            at += (size_t)snprintf(list + at, sizeof list - at, "%s%s", k ? ", " : "", g.o.records[k]);
        ec_error_set(err, rc, "plot: --record '%s' is not a record of %s (its records: %s)", s->record, s->result, list);
    } else if (rc) {
        ec_error e = *err;
        ec_error_set(err, rc, "plot: %s: %s", s->result, e.message);
    }
    ec_sweep_grid_clear(&g);
    if (rc) return rc;
    po->save_script = s->save_script;
    snprintf(po->source, sizeof po->source, "%s", s->result);
    ec_result *r = ec_result_new(EC_RESULT_PLOT, po, plot_output_free);
    if (!r) {
        ec_plot_output_free(po);
        return ec_error_set(err, EC_ENOMEM, "out of memory");
    }
    *out = r;
    return EC_OK;
}

static int plot_run(ec_step *st, ec_result **out, ec_error *err)
{
    plot_step *s = ec_step_options(st);
    if (!ec_step_bound(st, "result", NULL) && s->result[0] != '@' && is_sweep_csv(s->result))
        return plot_sweep_csv(s, out, err);
    if (s->record[0])
        return ec_error_set(err, EC_EINVAL, "plot: --record is for a sweep's CSV; %s is a result JSON", s->result);
    ec_plot_output *po = calloc(1, sizeof *po);
    if (!po) return ec_error_set(err, EC_ENOMEM, "out of memory");
    ec_result *r = ec_result_new(EC_RESULT_PLOT, po, plot_output_free);
    if (!r) return ec_error_set(err, EC_ENOMEM, "out of memory");
    struct ec_figure *fig = calloc(1, sizeof *fig);
    int rc = EC_OK;
    if (!fig) {
        rc = ec_error_set(err, EC_ENOMEM, "out of memory");
        goto fail;
    }
    po->figure = fig;
    const char *ref = NULL;
    const ec_result *bound = ec_step_bound(st, "result", &ref);
    cJSON *root = NULL;
    const char *kind = s->kind;
    if (!kind[0]) {
        if (bound) {
            kind = result_default_kind(bound);
        } else {
            root = ec_json_read_file(s->result, err);
            if (!root) {
                rc = err ? err->code : EC_EDATA;
                goto fail;
            }
            kind = json_default_kind(root);
        }
    }
    snprintf(fig->kind, sizeof fig->kind, "%s", kind);
    snprintf(po->kind, sizeof po->kind, "%s", kind);
    cJSON_Delete(root);
    fig->po = s->po;
    if (s->output[0]) fig->po.format = format_of(s->output);
    else if (fig->po.format < 0) fig->po.format = EC_PLOT_PNG;
    po->format = fig->po.format;
    po->save_script = s->save_script;
    snprintf(po->source, sizeof po->source, "%s", bound ? (ref && ref[0] ? ref : "@result") : s->result);
    if (s->output[0]) {
        snprintf(po->image, sizeof po->image, "%s", s->output);
    } else if (po->format != EC_PLOT_DUMB) {
        /* RESULT.KIND.EXT beside the result. */
        char o[1100];
        snprintf(o, sizeof o, "%s", s->result);
        char *dot = strrchr(o, '.'), *slash = strrchr(o, '/');
        if (dot && (!slash || dot > slash)) *dot = '\0';
        size_t l = strlen(o);
        snprintf(o + l, sizeof o - l, ".%s.%s", kind, ec_plot_extension(po->format));
        if (strlen(o) >= sizeof po->image) {
            rc = ec_error_set(err, EC_EINVAL, "plot: the image's name made from the result's (%zu bytes) is longer "
                              "than %zu; give output (-o) a shorter path", strlen(o), sizeof po->image - 1);
            goto fail;
        }
        memcpy(po->image, o, strlen(o) + 1);
    }
    if (bound) {
        rc = figure_of_result(fig, bound, po->source, err);
        if (!rc && s->replicates[0] && ec_plot_is_law_kind(kind)) { /* bands from other replicates */
            ec_law *c = ec_law_copy(fig->law, err);
            ec_table *t = c ? ec_table_load_csv(s->replicates, err) : NULL;
            rc = !c ? EC_ENOMEM : t ? ec_law_replicates_from_table(c, t, s->replicates, "", 0, err) : EC_EDATA;
            ec_table_free(t);
            if (c && rc) ec_law_free(c);
            else if (c) {
                fig->own_law = c;
                fig->law = c;
            }
        }
    } else {
        rc = figure_of_json(fig, st, s->result, s->replicates, r, err);
    }
    if (rc) goto fail;
    *out = r;
    return EC_OK;
fail:
    ec_result_free(r);
    return rc;
}

const ec_step_type ec_step_type_plot = {"plot",
                                        "a report figure of a result (drawn by the caller through gnuplot)",
                                        EC_RESULT_PLOT,
                                        sizeof(plot_step),
                                        plot_init,
                                        plot_groups,
                                        sizeof plot_groups / sizeof plot_groups[0],
                                        plot_inputs,
                                        1,
                                        NULL,
                                        0,
                                        plot_check,
                                        plot_run};
