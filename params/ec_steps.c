/*
 * ec_steps.c — the step types of the registry (ec_step.h): fit, predict,
 * optimal, multiplier, isoflop, claims, trend, compare, backtest (the plot
 * step is in ec_step_plot.c).
 *
 * Each type is one const entry: its options struct and groups (the option
 * tables users see in --help and parameter files), its inputs (options that
 * take an earlier result), its named outputs, a check (everything that can
 * be known before running: required options, combinations, lists and
 * specifications, the existence of input files) and a run. A run reads its
 * inputs (an earlier result bound in memory, or the file the option names),
 * calls the library's analysis and returns a result; it records every file
 * it read for the manifest, and puts its warnings and its "finished, but
 * not as asked" problems in the result instead of printing them.
 *
 * The messages are the commands' own: a step behind `effcomp optimal` and
 * the same step in a scenario file fail with the same words.
 */
#include "ec_step_impl.h"
#include "ec_fitcheck.h"
#include "ec_input_cache.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ec_kv.h"
#include "ec_interval.h"
#include "ec_law_json.h"
#include "ec_steps.h"
#include "ec_text.h"

/* ---------------------------------------------------------------- shared */

int ec_step_need_file(const char *path, int json, ec_error *err)
{
    struct stat st;
    if (stat(path, &st) != 0) return ec_error_set(err, EC_EIO, "cannot open '%s': %s", path, strerror(errno));
    if (S_ISDIR(st.st_mode)) return ec_error_set(err, EC_EIO, "'%s' is a folder, not a %sfile", path, json ? "JSON " : "");
    return EC_OK;
}

static int is_ref(const char *v)
{
    return v[0] == '@';
}

int ec_step_need_input(const char *path, ec_error *err)
{
    if (!path[0] || is_ref(path)) return EC_OK;
    return ec_step_need_file(path, 0, err);
}

int ec_step_need_json(const char *path, ec_error *err)
{
    if (!path[0] || is_ref(path)) return EC_OK;
    return ec_step_need_file(path, 1, err);
}

/* The fit options' progress, forwarded to the step's callback with the phase. */
typedef struct progress_ctx {
    ec_step_progress_fn fn;
    void *user;
    const char *phase;
} progress_ctx;

static void progress_tramp(size_t done, size_t total, void *user)
{
    progress_ctx *c = user;
    c->fn(c->phase, done, total, c->user);
}

static void fit_progress(ec_step *st, ec_fit_options *opt, progress_ctx *ctx, const char *phase)
{
    ctx->fn = ec_step_progress(st, &ctx->user);
    ctx->phase = phase;
    opt->progress = ctx->fn ? progress_tramp : NULL;
    opt->progress_user = ctx->fn ? ctx : NULL;
}

static void record_dataset(ec_step *st, const ec_dataset *ds)
{
    ec_step_record_file(st, ds->path, ds->sha256);
}

static void record_fit_inputs(ec_step *st, const ec_fit_options *opt)
{
    if (strncmp(opt->starts, "file:", 5) == 0) ec_step_record_file(st, opt->starts + 5, NULL);
}

/* ------------------------------------------------------------------- fit */

typedef struct fit_step {
    ec_data_options in;
    ec_fit_options fit;
} fit_step;

static void fit_init(void *o)
{
    fit_step *s = o;
    ec_data_options_init(&s->in, NULL);
    s->fit = ec_fit_default_options();
}

static const ec_option_table *fit_table(void)
{
    return ec_fit_option_table();
}

static const ec_step_group fit_groups[] = {{ec_data_option_table, offsetof(fit_step, in)},
                                           {fit_table, offsetof(fit_step, fit)}};

/* The checks shared by steps with data options: --data given and there; --bootstrap 0 or >= 2;
 * --replicates-out only with a bootstrap. */
static int check_data_args(const char *cmd, const ec_data_options *in, int bootstrap, ec_error *err)
{
    if (!in->data[0])
        return ec_error_set(err, EC_EINVAL, "%s: --data FILE is required (see 'effcomp %s --help')", cmd, cmd);
    if (bootstrap == 1)
        return ec_error_set(err, EC_EINVAL, "%s: --bootstrap needs at least 2 replicates (or 0 for none)", cmd);
    if (in->replicates_out[0] && bootstrap == 0)
        return ec_error_set(err, EC_EINVAL, "%s: --replicates-out needs --bootstrap R", cmd);
    return ec_step_need_input(in->data, err);
}

static int fit_check(ec_step *st, ec_error *err)
{
    fit_step *s = ec_step_options(st);
    int rc = check_data_args("fit", &s->in, s->fit.bootstrap, err);
    if (rc) return rc;
    if (strncmp(s->fit.starts, "file:", 5) == 0) return ec_step_need_input(s->fit.starts + 5, err);
    return EC_OK;
}

/* The largest value of a role's column (NAN when absent): how far projections reach beyond the data. Compute
 * without a C column is the x column, else 6 N D. */
static double column_max(const ec_dataset *ds, ec_role r)
{
    const double *c = ds->col[r] ? ds->col[r] : r == EC_ROLE_C ? ds->col[EC_ROLE_X] : NULL;
    int six_nd = !c && r == EC_ROLE_C && ds->col[EC_ROLE_N] && ds->col[EC_ROLE_D];
    double m = NAN;
    for (size_t i = 0; i < ds->n && (c || six_nd); i++) {
        double v = c ? c[i] : 6 * ds->col[EC_ROLE_N][i] * ds->col[EC_ROLE_D][i];
        if (isnan(m) || v > m) m = v;
    }
    return m;
}

static void fit_output_free(void *p)
{
    ec_fit_output *f = p;
    ec_law_free(f->law);
    ec_boot_free(f->boot);
    ec_dataset_free(f->ds);
}

static int fit_run(ec_step *st, ec_result **out, ec_error *err)
{
    fit_step *s = ec_step_options(st);
    ec_fit_output *fo = calloc(1, sizeof *fo);
    if (!fo) return ec_error_set(err, EC_ENOMEM, "out of memory");
    fo->in = s->in;
    fo->opt = s->fit;
    ec_result *r = ec_result_new(EC_RESULT_FIT, fo, fit_output_free);
    if (!r) return ec_error_set(err, EC_ENOMEM, "out of memory");
    int rc = EC_OK;
    fo->ds = ec_data_load(&s->in, s->fit.form, &fo->rows_read, err);
    if (!fo->ds) {
        rc = err ? err->code : EC_EDATA;
        goto fail;
    }
    record_dataset(st, fo->ds);
    record_fit_inputs(st, &s->fit);
    progress_ctx pc;
    fit_progress(st, &fo->opt, &pc, "fit: starts");
    rc = ec_nlfit(fo->ds, &fo->opt, &fo->fit, err);
    if (rc == EC_OK) { /* default bounds the fit widened hold for its bootstrap and its record too */
        ec_fit_options wide;
        if (!(rc = ec_fitcheck_options(&fo->opt, &fo->fit, &wide, err))) fo->opt = wide;
    }
    int few_replicates = 0;
    if (rc == EC_OK && fo->opt.bootstrap > 0) {
        pc.phase = "bootstrap: replicates";
        rc = ec_nlfit_bootstrap(fo->ds, &fo->opt, &fo->fit, &fo->boot, err);
        /* Fewer than 2 replicates converged: the fit is written, without intervals, and says why. */
        if (rc == EC_ENOCONV && fo->boot) few_replicates = 1, rc = EC_OK;
    }
    fo->opt.progress = NULL;
    fo->opt.progress_user = NULL;
    if (rc) goto fail;
    fo->law = ec_law_new(fo->fit.form, fo->fit.params, err);
    if (!fo->law) {
        rc = err ? err->code : EC_ENOMEM;
        goto fail;
    }
    fo->law->converged = fo->fit.converged;
    fo->law->data_max_C = column_max(fo->ds, EC_ROLE_C);
    fo->law->data_max_N = column_max(fo->ds, EC_ROLE_N);
    fo->law->has_seed = 1;
    fo->law->seed = fo->opt.seed;
    if (fo->fit.se_available) ec_law_set_covariance(fo->law, fo->fit.cov, NULL);
    if (fo->boot && (rc = ec_law_set_replicates(fo->law, fo->boot->samples, fo->boot->replicates,
                                                fo->boot->converged, err)))
        goto fail;
    if (!fo->fit.converged)
        ec_result_add_problem(r, "%s: %s", ec_fitcheck_kind_of(fo->fit.status) ? "fit" : "fit did not converge",
                              fo->fit.status);
    if (few_replicates)
        ec_result_add_problem(r, "bootstrap: only %zu of %zu replicates converged, so the fit is written without "
                              "intervals",
                              fo->boot->replicates - fo->boot->failed, fo->boot->replicates);
    *out = r;
    return EC_OK;
fail:
    ec_result_free(r);
    return rc;
}

static const ec_step_output fit_outputs[] = {
    {"objective", "the fit's objective"},     {"r2", "R^2 in the fit space"},
    {"aic", "Akaike's information criterion"}, {"bic", "the Bayesian information criterion"},
    {"p.NAME", "parameter NAME (e.g. p.alpha)"}, {"se.NAME", "its standard error (bootstrap when run, else asymptotic)"},
};

/* --------------------------------------------------- law inputs (shared) */

/*
 * A law from a degenerate fit (ec_fitcheck.h) whose parameters the data do not determine (not identifiable,
 * parameter at infinity) is refused; `status` is the fit's, NULL or "" when unknown.
 */
static int refuse_degenerate(const char *what, const char *status, ec_error *err)
{
    int kind = ec_fitcheck_kind_of(status);
    if (kind != EC_FITCHECK_NOT_IDENTIFIABLE && kind != EC_FITCHECK_AT_INFINITY) return EC_OK;
    return ec_error_set(err, EC_EDATA,
                        "%s is a degenerate fit (%s), so its parameters mean nothing and its law is not used; refit "
                        "with data that determine them",
                        what, status);
}


int ec_step_check_law(const law_opts *lo, ec_error *err)
{
    if (!lo->fit[0] == !lo->form[0])
        return ec_error_set(err, EC_EINVAL, "give either --fit FIT.json or --form F --params 'k=v,...'");
    int rc = ec_step_need_json(lo->fit, err);
    return rc ? rc : ec_step_need_input(lo->replicates, err);
}

/*
 * The law of a step: the fit result bound to input "fit", the fit JSON it names (with its replicates:
 * --replicates or the recorded file), or the inline form and params. *own gets what the caller frees. Notes
 * from reading it go to `r`.
 */
int ec_step_get_law(ec_step *st, const law_opts *lo, const char *params, ec_result *r, const ec_law **law,
                    ec_law **own, ec_law_input *from, ec_error *err)
{
    *own = NULL;
    memset(from, 0, sizeof *from);
    const char *ref = NULL;
    const ec_result *b = ec_step_bound(st, "fit", &ref);
    if (b) {
        const ec_fit_output *bf = ec_result_fit(b);
        int rd = bf ? refuse_degenerate(ref && ref[0] ? ref : "@fit", bf->fit.status, err) : EC_OK;
        if (rd) return rd;
        *law = ec_result_law(b);
        ec_text_copy(from->fit_ref, sizeof from->fit_ref, ref && ref[0] ? ref : "@fit"); /* per sweep cell */
        if (lo->replicates[0]) { /* other replicates than the fit's own: a copy of the law with them */
            ec_law *c = ec_law_copy(*law, err);
            if (!c) return EC_ENOMEM;
            ec_table *t = ec_table_load_csv(lo->replicates, err);
            int rc = t ? ec_law_replicates_from_table(c, t, lo->replicates, "", 0, err) : (err ? err->code : EC_EIO);
            ec_table_free(t);
            if (rc) {
                ec_law_free(c);
                return rc == EC_ENOMEM ? rc : EC_EDATA;
            }
            ec_step_record_file(st, lo->replicates, c->reps_sha256);
            *law = *own = c;
        }
        if (!(*law)->converged && r)
            ec_result_add_note(r, "warning: the fit %s did not converge, so its parameters may not be an optimum",
                               from->fit_ref);
        return EC_OK;
    }
    if (is_ref(lo->fit)) return ec_error_set(err, EC_EINVAL, "fit = %s: no such earlier step was run", lo->fit);
    int rc;
    if (lo->fit[0]) {
        ec_law_load_info info;
        const ec_law *got = NULL;
        ec_input_cache *cache = ec_step_input_cache(st); /* many copies of a scenario: the files read once */
        if (cache) rc = ec_input_cache_law(cache, lo->fit, lo->replicates, &got, &info, err);
        else rc = ec_law_load(lo->fit, lo->replicates, 1, 0, own, &info, err), got = *own;
        if (rc) return rc;
        /* The loader's note quotes the fit's status: "... (status: STATUS)". */
        char fst[sizeof info.note] = "";
        const char *q = strstr(info.note, "(status: ");
        if (q) snprintf(fst, sizeof fst, "%.*s", (int)strlen(q + 9) - 1, q + 9);
        if ((rc = refuse_degenerate(lo->fit, fst, err))) {
            ec_law_free(*own);
            *own = NULL;
            return rc;
        }
        snprintf(from->fit, sizeof from->fit, "%s", lo->fit);
        if (info.note[0] && r) ec_result_add_note(r, "%s", info.note);
        ec_step_record_file(st, lo->fit, got->source_sha256);
        if (got->reps_file[0]) ec_step_record_file(st, got->reps_file, got->reps_sha256);
        *law = got;
        return EC_OK;
    } else {
        rc = ec_law_inline(lo->form, params, own, err);
        if (rc) return rc;
        if (lo->replicates[0]) {
            ec_table *t = ec_table_load_csv(lo->replicates, err);
            rc = t ? ec_law_replicates_from_table(*own, t, lo->replicates, "", 0, err) : (err ? err->code : EC_EIO);
            ec_table_free(t);
            if (rc) {
                ec_law_free(*own);
                *own = NULL;
                return rc == EC_ENOMEM ? rc : EC_EDATA;
            }
            ec_step_record_file(st, lo->replicates, (*own)->reps_sha256);
        }
    }
    *law = *own;
    return EC_OK;
}

static const ec_step_input law_inputs[] = {{"fit", 1u << EC_RESULT_FIT, "a fit result", NULL}};

/* --------------------------------------------------------------- predict */

typedef struct predict_step {
    law_opts law;
    char params[512];
    char at[2048];
    ec_data_options in;
} predict_step;

#define OFF(field) offsetof(predict_step, field)
#define SZ(field) sizeof(((predict_step *)0)->field)
static const char *const at_sep[] = {";", NULL};
static const ec_option_desc predict_rows[] = {
    {"fit", EC_OPT_STRING, OFF(law.fit), SZ(law.fit), 0, 0, NULL, "", "fit JSON written by 'effcomp fit -o'", NULL,
     EC_OPT_PATH_IN},
    {"form", EC_OPT_STRING, OFF(law.form), SZ(law.form), 0, 0, NULL, "", "inline form instead of --fit (with --params)",
     NULL, 0},
    {"params", EC_OPT_STRING, OFF(params), SZ(params), 0, 0, NULL, "", "inline parameters 'name=value,...'", NULL, 0},
    {"at", EC_OPT_LIST, OFF(at), SZ(at), 0, 0, at_sep, "",
     "points: 'x=1e24,1e25' (one role, several values) or 'N=70e9,D=1.4e12' (one point); repeatable", NULL, 0},
    {"replicates", EC_OPT_STRING, OFF(law.replicates), SZ(law.replicates), 0, 0, NULL, "the fit's",
     "bootstrap replicates CSV for 95% bands (default: the one recorded in the fit JSON)", NULL, EC_OPT_PATH_IN},
};
#undef OFF
#undef SZ
static const ec_option_table predict_table = {"predict", predict_rows, sizeof predict_rows / sizeof predict_rows[0]};
const ec_option_table *ec_predict_option_table(void)
{
    return &predict_table;
}

static void predict_init(void *o)
{
    predict_step *s = o;
    memset(s, 0, sizeof *s);
    ec_data_options_init(&s->in, "");
}

static const ec_step_group predict_groups[] = {{ec_predict_option_table, 0},
                                               {ec_data_option_table, offsetof(predict_step, in)}};

static int predict_check(ec_step *st, ec_error *err)
{
    predict_step *s = ec_step_options(st);
    if (s->in.plot[0])
        return ec_error_set(err, EC_EINVAL,
                            "predict: --plot is not available here (see docs/plots.md for the commands that draw)");
    if (s->in.replicates_out[0])
        return ec_error_set(err, EC_EINVAL,
                            "predict: --replicates-out is not used here (predict reads replicates with --replicates)");
    if (!s->law.fit[0] == !s->law.form[0])
        return ec_error_set(err, EC_EINVAL, "predict: give either --fit FIT.json or --form F --params 'k=v,...'");
    if (!s->at[0] == !s->in.data[0])
        return ec_error_set(err, EC_EINVAL, "predict: give either --at SPEC or --data FILE");
    int rc = ec_step_need_json(s->law.fit, err);
    if (!rc) rc = ec_step_need_input(s->law.replicates, err);
    if (!rc) rc = ec_step_need_input(s->in.data, err);
    return rc;
}

static void predict_output_free(void *p)
{
    ec_predict_output *o = p;
    ec_predict_clear(&o->r);
    ec_law_free((ec_law *)o->law_owned);
}

static int predict_run(ec_step *st, ec_result **out, ec_error *err)
{
    predict_step *s = ec_step_options(st);
    ec_predict_output *po = calloc(1, sizeof *po);
    if (!po) return ec_error_set(err, EC_ENOMEM, "out of memory");
    ec_result *r = ec_result_new(EC_RESULT_PREDICT, po, predict_output_free);
    if (!r) return ec_error_set(err, EC_ENOMEM, "out of memory");
    ec_law *own;
    int rc = ec_step_get_law(st, &s->law, s->params, r, &po->law, &own, &po->from, err);
    po->law_owned = own;
    if (rc) goto fail;
    const ec_form *f = po->law->form;
    double *xs = NULL;
    size_t n = 0;
    const double *yobs = NULL;
    ec_dataset *ds = NULL;
    if (s->at[0]) {
        rc = ec_predict_parse_at(f, s->at, &xs, &n, err);
    } else if (!s->in.columns[0]) {
        rc = ec_error_set(err, EC_EINVAL, "predict: --data needs --columns mapping the %s form's variables", f->name);
    } else {
        size_t rows_read;
        ds = ec_data_load(&s->in, f->name, &rows_read, err);
        if (!ds) rc = err ? err->code : EC_EDATA;
        else {
            record_dataset(st, ds);
            rc = ec_predict_points_of(f, ds, &xs, &yobs, err);
        }
    }
    if (!rc) rc = ec_predict(po->law, xs, n ? n : (ds ? ds->n : 0), yobs, ds, EC_INTERVAL_LEVEL, 0, &po->r, err);
    free(xs);
    ec_dataset_free(ds);
    if (rc) goto fail;
    *out = r;
    return EC_OK;
fail:
    ec_result_free(r);
    return rc;
}

static const ec_step_output predict_outputs[] = {
    {"y_hat", "the prediction at the first point"}, {"lo95", "its band's lower end"}, {"hi95", "its band's upper end"}};

/* --------------------------------------------------------------- optimal */

typedef struct optimal_step {
    law_opts law;
    char compute[1024];
    char sizes[1024];
    char params[512];
    char loss_target[256];
    char plot[1024];
    /* resolved by the check: --params as inline parameters or as sizes */
    char inline_params[512];
    char sizes_eff[1024];
} optimal_step;

static const ec_option_desc optimal_rows[] = {
    LAW_ROWS(optimal_step),
    {"params", EC_OPT_STRING, offsetof(optimal_step, params), sizeof(((optimal_step *)0)->params), 0, 0, NULL, "",
     "inline parameters 'E=..,A=..,B=..,alpha=..,beta=..' with --form; or, without '=', model sizes as --sizes", NULL,
     0},
    {"compute", EC_OPT_STRING, offsetof(optimal_step, compute), sizeof(((optimal_step *)0)->compute), 0, 0, NULL, "",
     "compute budgets in FLOP, e.g. '5.76e23,1e26': N*, D*, tokens per parameter, loss", NULL, 0},
    {"sizes", EC_OPT_STRING, offsetof(optimal_step, sizes), sizeof(((optimal_step *)0)->sizes), 0, 0, NULL, "",
     "model sizes in parameters, e.g. '70e9,1e12': the compute and tokens for which they are optimal", NULL, 0},
    {"loss_target", EC_OPT_STRING, offsetof(optimal_step, loss_target), sizeof(((optimal_step *)0)->loss_target), 0, 0,
     NULL, "", "target losses, e.g. '1.9': the compute a compute-optimal run needs", NULL, 0},
    {"plot", EC_OPT_STRING, offsetof(optimal_step, plot), sizeof(((optimal_step *)0)->plot), 0, 0, NULL, "",
     "also draw N*(C) and D*(C) with bands (needs --fit) to this .png, .svg or .pdf", NULL, EC_OPT_PATH_OUT},
};
static const ec_option_table optimal_table = {"optimal", optimal_rows, sizeof optimal_rows / sizeof optimal_rows[0]};
const ec_option_table *ec_optimal_option_table(void)
{
    return &optimal_table;
}

static void zero_init(void *o)
{
    (void)o; /* calloc'd: every option empty or 0 */
}

static const ec_step_group optimal_groups[] = {{ec_optimal_option_table, 0}};

/* The three lists of an optimal step, parsed (each NULL when not given). */
typedef struct opt_lists {
    double *v[3];
    size_t n[3];
} opt_lists;

/* Leaves the lists empty, so that a second call (optimal_check after optimal_lists failed) frees nothing twice. */
static void opt_lists_free(opt_lists *l)
{
    for (int k = 0; k < 3; k++) free(l->v[k]), l->v[k] = NULL;
}

static int optimal_lists(optimal_step *s, opt_lists *l, ec_error *err)
{
    memset(l, 0, sizeof *l);
    const char *texts[3] = {s->compute, s->sizes_eff, s->loss_target};
    const char *names[3] = {"--compute", "--sizes", "--loss-target"};
    for (int k = 0; k < 3; k++)
        if (texts[k][0]) {
            int rc = ec_parse_list(names[k], texts[k], EC_LIST_POSITIVE, &l->v[k], &l->n[k], err);
            if (rc) {
                opt_lists_free(l);
                return rc;
            }
        }
    return EC_OK;
}

static int optimal_check(ec_step *st, ec_error *err)
{
    optimal_step *s = ec_step_options(st);
    /* --params is inline parameters with '=', model sizes without. */
    s->inline_params[0] = '\0';
    snprintf(s->sizes_eff, sizeof s->sizes_eff, "%s", s->sizes);
    if (s->params[0]) {
        if (strchr(s->params, '=')) snprintf(s->inline_params, sizeof s->inline_params, "%s", s->params);
        else if (s->sizes[0]) return ec_error_set(err, EC_EINVAL, "optimal: give model sizes once (--sizes or --params)");
        else snprintf(s->sizes_eff, sizeof s->sizes_eff, "%s", s->params);
    }
    if (!s->compute[0] && !s->sizes_eff[0] && !s->loss_target[0])
        return ec_error_set(err, EC_EINVAL, "optimal: give --compute, --sizes or --loss-target (see 'effcomp optimal --help')");
    if (s->plot[0] && !s->law.fit[0])
        return ec_error_set(err, EC_EINVAL,
                            "optimal --plot: draws from the fit's data and replicates, so it needs --fit FIT.json");
    int rc = ec_step_check_law(&s->law, err);
    if (rc) return rc;
    opt_lists l;
    rc = optimal_lists(s, &l, err);
    opt_lists_free(&l);
    return rc;
}

static void optimal_output_free(void *p)
{
    ec_optimal_output *o = p;
    ec_optimal_clear(&o->r);
    ec_law_free((ec_law *)o->law_owned);
}

static int optimal_run(ec_step *st, ec_result **out, ec_error *err)
{
    optimal_step *s = ec_step_options(st);
    ec_optimal_output *oo = calloc(1, sizeof *oo);
    if (!oo) return ec_error_set(err, EC_ENOMEM, "out of memory");
    ec_result *r = ec_result_new(EC_RESULT_OPTIMAL, oo, optimal_output_free);
    if (!r) return ec_error_set(err, EC_ENOMEM, "out of memory");
    opt_lists l = {{NULL}, {0}};
    ec_optimal_given *given = NULL;
    double *values = NULL;
    ec_law *own;
    int rc = ec_step_get_law(st, &s->law, s->inline_params, r, &oo->law, &own, &oo->from, err);
    oo->law_owned = own;
    if (rc) goto done;
    if (strcmp(oo->law->form->name, "chinchilla") != 0) {
        rc = ec_error_set(err, EC_EINVAL, "optimal: needs a chinchilla law (got %s)", oo->law->form->name);
        goto done;
    }
    if ((rc = optimal_lists(s, &l, err))) goto done;
    size_t n = l.n[0] + l.n[1] + l.n[2], i = 0;
    given = malloc(sizeof *given * (n ? n : 1));
    values = malloc(sizeof *values * (n ? n : 1));
    if (!given || !values) {
        rc = ec_error_set(err, EC_ENOMEM, "out of memory");
        goto done;
    }
    for (int k = 0; k < 3; k++)
        for (size_t j = 0; j < l.n[k]; j++, i++) {
            given[i] = (ec_optimal_given)k;
            values[i] = l.v[k][j];
        }
    rc = ec_optimal(oo->law, given, values, n, EC_INTERVAL_LEVEL, 0, &oo->r, err);
done:
    opt_lists_free(&l);
    free(given);
    free(values);
    if (rc) {
        ec_result_free(r);
        return rc;
    }
    *out = r;
    return EC_OK;
}

static const ec_step_output optimal_outputs[] = {
    {"compute", "the first row's compute (FLOP)"}, {"N", "its N*"}, {"D", "its D*"},
    {"tokens_per_param", "its D*/N*"},             {"loss", "its loss"},
    {"N_lo95", "the lower end of N*'s interval (also D_, compute_, loss_, tokens_per_param_; _hi95)"},
    {"row.K.NAME", "NAME of row K (0-based), e.g. row.2.N"}};

/* ------------------------------------------------------------ multiplier */

typedef struct multiplier_step {
    law_opts law;
    char params[512];
    char model[256];
    char point[256];
} multiplier_step;

static const ec_option_desc multiplier_rows[] = {
    LAW_ROWS(multiplier_step),
    {"params", EC_OPT_STRING, offsetof(multiplier_step, params), sizeof(((multiplier_step *)0)->params), 0, 0, NULL,
     "", "inline parameters 'k=v,...' with --form", NULL, 0},
    {"model", EC_OPT_STRING, offsetof(multiplier_step, model), sizeof(((multiplier_step *)0)->model), 0, 0, NULL, "",
     "'N=280e9,D=300e9': allocation efficiency of this model under a chinchilla law", NULL, 0},
    {"point", EC_OPT_STRING, offsetof(multiplier_step, point), sizeof(((multiplier_step *)0)->point), 0, 0, NULL, "",
     "'C=2.2e23,L=2.05' (or y= for a score): effective-compute multiplier of a model with this compute and quality",
     NULL, 0},
};
static const ec_option_table multiplier_table = {"multiplier", multiplier_rows,
                                                 sizeof multiplier_rows / sizeof multiplier_rows[0]};
const ec_option_table *ec_multiplier_option_table(void)
{
    return &multiplier_table;
}

static const ec_step_group multiplier_groups[] = {{ec_multiplier_option_table, 0}};

typedef struct point_ctx {
    const char *what;
    double N, D, C, Q;
} point_ctx;

static int point_item(void *user, const char *key, const char *value, ec_error *err)
{
    point_ctx *p = user;
    double v;
    if (ec_parse_finite(value, &v) != EC_OK)
        return ec_error_set(err, EC_EINVAL, "%s: value of '%s' is not a number", p->what, key);
    double *slot = strcmp(key, "N") == 0                            ? &p->N
                   : strcmp(key, "D") == 0                            ? &p->D
                   : strcmp(key, "C") == 0                            ? &p->C
                   : strcmp(key, "L") == 0 || strcmp(key, "y") == 0 ? &p->Q
                                                                      : NULL;
    if (!slot)
        return ec_error_set(err, EC_EINVAL, "%s: unknown key '%s' (use N and D for --model, C and L or y for --point)",
                            p->what, key);
    if (!isnan(*slot)) return ec_error_set(err, EC_EINVAL, "%s: '%s' given twice; give each key once", p->what, key);
    *slot = v;
    return EC_OK;
}

static int multiplier_point(const multiplier_step *s, point_ctx *p, ec_error *err)
{
    p->what = s->model[0] ? "--model" : "--point";
    p->N = p->D = p->C = p->Q = NAN;
    int rc = ec_kv_parse(p->what, s->model[0] ? s->model : s->point, point_item, p, err);
    if (rc) return rc;
    if (s->model[0]) {
        if (!(p->N > 0) || !(p->D > 0))
            return ec_error_set(err, EC_EINVAL, "--model: give positive N and D, e.g. 'N=280e9,D=300e9'");
    } else if (!(p->C > 0) || !isfinite(p->Q)) {
        return ec_error_set(err, EC_EINVAL,
                            "--point: give positive compute C and the quality L (loss) or y (score), e.g. "
                            "'C=2.2e23,L=2.05'");
    }
    return EC_OK;
}

static int multiplier_check(ec_step *st, ec_error *err)
{
    multiplier_step *s = ec_step_options(st);
    if (!s->model[0] == !s->point[0])
        return ec_error_set(err, EC_EINVAL, "multiplier: give either --model 'N=..,D=..' or --point 'C=..,L=..'");
    point_ctx p;
    int rc = multiplier_point(s, &p, err);
    return rc ? rc : ec_step_check_law(&s->law, err);
}

static void multiplier_output_free(void *p)
{
    ec_multiplier_output *o = p;
    ec_law_free((ec_law *)o->law_owned);
}

static int multiplier_run(ec_step *st, ec_result **out, ec_error *err)
{
    multiplier_step *s = ec_step_options(st);
    ec_multiplier_output *mo = calloc(1, sizeof *mo);
    if (!mo) return ec_error_set(err, EC_ENOMEM, "out of memory");
    ec_result *r = ec_result_new(EC_RESULT_MULTIPLIER, mo, multiplier_output_free);
    if (!r) return ec_error_set(err, EC_ENOMEM, "out of memory");
    point_ctx p;
    ec_law *own;
    int rc = multiplier_point(s, &p, err);
    if (!rc) {
        rc = ec_step_get_law(st, &s->law, s->params, r, &mo->law, &own, &mo->from, err);
        mo->law_owned = own;
    }
    if (!rc)
        rc = s->model[0] ? ec_multiplier_model(mo->law, p.N, p.D, EC_INTERVAL_LEVEL, &mo->r, err)
                         : ec_multiplier_point(mo->law, p.C, p.Q, EC_INTERVAL_LEVEL, &mo->r, err);
    if (rc) {
        ec_result_free(r);
        return rc;
    }
    *out = r;
    return EC_OK;
}

static const ec_step_output multiplier_outputs[] = {
    {"value", "the multiplier (or allocation efficiency)"}, {"reference_compute", "the reference compute (FLOP)"},
    {"lo95", "the lower end of the value's interval"},      {"hi95", "its upper end"}};

/* --------------------------------------------------------------- isoflop */

typedef struct isoflop_step {
    ec_isoflop_options iso;
    ec_data_options in;
} isoflop_step;

static void isoflop_init(void *o)
{
    isoflop_step *s = o;
    s->iso = ec_isoflop_default_options();
    ec_data_options_init(&s->in, "C=C,D=D,L=L");
}

static const ec_step_group isoflop_groups[] = {{ec_isoflop_option_table, offsetof(isoflop_step, iso)},
                                               {ec_data_option_table, offsetof(isoflop_step, in)}};

static int isoflop_check(ec_step *st, ec_error *err)
{
    isoflop_step *s = ec_step_options(st);
    return check_data_args("isoflop", &s->in, s->iso.bootstrap, err);
}

static void isoflop_output_free(void *p)
{
    ec_isoflop_output *o = p;
    ec_isoflop_clear(&o->r);
    ec_dataset_free(o->ds);
}

static int isoflop_run(ec_step *st, ec_result **out, ec_error *err)
{
    isoflop_step *s = ec_step_options(st);
    ec_isoflop_output *io = calloc(1, sizeof *io);
    if (!io) return ec_error_set(err, EC_ENOMEM, "out of memory");
    io->in = s->in;
    io->opt = s->iso;
    ec_result *r = ec_result_new(EC_RESULT_ISOFLOP, io, isoflop_output_free);
    if (!r) return ec_error_set(err, EC_ENOMEM, "out of memory");
    int rc;
    io->ds = ec_data_load(&s->in, NULL, &io->rows_read, err);
    if (!io->ds) {
        rc = err ? err->code : EC_EDATA;
        goto fail;
    }
    record_dataset(st, io->ds);
    if ((rc = ec_isoflop_dataset(io->ds, &s->iso, &io->r, err))) goto fail;
    const ec_isoflop_result *res = &io->r;
    const char *xn = res->x_is_tokens ? "D" : "N";
    for (size_t b = 0; b < res->n_budgets; b++) {
        const ec_isoflop_budget *bd = &res->budgets[b];
        if (!bd->inside)
            ec_result_add_note(r,
                               "warning: budget C = %g: the optimum %s* = %.4g lies outside the sampled range [%.4g, "
                               "%.4g]; it is extrapolated from the parabola",
                               bd->compute, xn, bd->opt_x, bd->x_min, bd->x_max);
    }
    if (res->replicates > 0 && res->replicates - res->failed < 2) {
        ec_result_add_note(r, "warning: only %zu of %zu bootstrap replicates succeeded; no intervals",
                           res->replicates - res->failed, res->replicates);
        /* Asked for intervals and got none: written, but not what was asked (as fit's bootstrap). */
        ec_result_add_problem(r, "%s", "");
    } else if (res->failed > 0) {
        ec_result_add_note(r, "%zu of %zu bootstrap replicates failed and are excluded from the intervals", res->failed,
                           res->replicates);
    }
    for (size_t b = 0; b < res->n_budgets; b++) {
        const ec_isoflop_budget *bd = &res->budgets[b];
        if (bd->n_failed)
            ec_result_add_note(r,
                               "  budget C = %g (%zu points): %zu of %zu resamples had fewer than 3 distinct %s or a "
                               "non-convex parabola",
                               bd->compute, bd->n_points, bd->n_failed, res->replicates, xn);
    }
    *out = r;
    return EC_OK;
fail:
    ec_result_free(r);
    return rc;
}

static const ec_step_output isoflop_outputs[] = {
    {"D_coef", "the frontier D*(C) = k C^e: k"}, {"D_exp", "e"}, {"N_coef", "N*(C)'s coefficient"}, {"N_exp", "its exponent"}};

/* ---------------------------------------------------------------- claims */

typedef struct claims_step {
    char claims[1024];
    char reference[256];
    char compute_file[1024];
    double default_log_sd;
    char output[1024];
    char plot[1024];
} claims_step;

static int check_positive_sd(const char *value, ec_error *err)
{
    double v;
    if (ec_parse_finite(value, &v) != EC_OK)
        return ec_error_set(err, EC_EINVAL, "option 'default_log_sd': '%s' is not a number", value);
    if (!(v > 0))
        return ec_error_set(err, EC_EINVAL,
                            "option 'default_log_sd': %s must be positive (> 0): it is the standard "
                            "deviation of log(compute_fraction), e.g. 0.1",
                            value);
    return EC_OK;
}

#define OFF(field) offsetof(claims_step, field)
#define SZ(field) sizeof(((claims_step *)0)->field)
static const ec_option_desc claims_rows[] = {
    {"claims", EC_OPT_STRING, OFF(claims), SZ(claims), 0, 0, NULL, "",
     "CSV of claims: subject,baseline,compute_fraction[,log_sd][,source] (required)", NULL, EC_OPT_PATH_IN},
    {"reference", EC_OPT_STRING, OFF(reference), SZ(reference), 0, 0, NULL, "",
     "model whose efficiency factor is 1 (required; must appear in the claims)", NULL, 0},
    {"compute_file", EC_OPT_STRING, OFF(compute_file), SZ(compute_file), 0, 0, NULL, "",
     "CSV name,compute of physical training compute (FLOP): adds effective compute", NULL, EC_OPT_PATH_IN},
    {"default_log_sd", EC_OPT_DOUBLE, OFF(default_log_sd), 0, 0, 1e300, NULL, "0.1",
     "uncertainty (sd of log fraction) of claims with no log_sd cell", check_positive_sd, 0},
    {"output", EC_OPT_STRING, OFF(output), SZ(output), 0, 0, NULL, "",
     "write JSON here (alias -o); else a report on stdout", NULL, EC_OPT_PATH_OUT},
    {"plot", EC_OPT_STRING, OFF(plot), SZ(plot), 0, 0, NULL, "",
     "also draw the factors with their intervals to this .png, .svg or .pdf", NULL, EC_OPT_PATH_OUT},
};
#undef OFF
#undef SZ
static const ec_option_table claims_table = {"claims", claims_rows, sizeof claims_rows / sizeof claims_rows[0]};
const ec_option_table *ec_claims_option_table(void)
{
    return &claims_table;
}

static void claims_init(void *o)
{
    claims_step *s = o;
    s->default_log_sd = 0.1;
}

static const ec_step_group claims_groups[] = {{ec_claims_option_table, 0}};

static int claims_check(ec_step *st, ec_error *err)
{
    claims_step *s = ec_step_options(st);
    if (!s->claims[0]) return ec_error_set(err, EC_EINVAL, "claims: --claims FILE is required (see 'effcomp claims --help')");
    if (!s->reference[0])
        return ec_error_set(err, EC_EINVAL, "claims: --reference NAME is required: the model whose efficiency factor is 1");
    int rc = ec_step_need_input(s->claims, err);
    return rc ? rc : ec_step_need_input(s->compute_file, err);
}

static void claims_output_free(void *p)
{
    ec_claims_output *o = p;
    ec_ledger_clear(&o->ledger);
    ec_model_compute_free(o->compute);
    ec_claims_free(o->claims);
}

static int claims_run(ec_step *st, ec_result **out, ec_error *err)
{
    claims_step *s = ec_step_options(st);
    ec_claims_output *co = calloc(1, sizeof *co);
    if (!co) return ec_error_set(err, EC_ENOMEM, "out of memory");
    snprintf(co->claims_path, sizeof co->claims_path, "%s", s->claims);
    co->default_log_sd = s->default_log_sd;
    ec_result *r = ec_result_new(EC_RESULT_CLAIMS, co, claims_output_free);
    if (!r) return ec_error_set(err, EC_ENOMEM, "out of memory");
    int rc;
    co->claims = ec_claims_load_csv(s->claims, s->default_log_sd, err);
    if (!co->claims) {
        rc = err ? err->code : EC_EDATA;
        goto fail;
    }
    ec_step_record_file(st, s->claims, co->claims->sha256);
    if ((rc = ec_ledger_solve(co->claims, s->reference, &co->ledger, err))) goto fail;
    if (s->compute_file[0]) {
        co->compute = ec_model_compute_load_csv(s->compute_file, err);
        if (!co->compute) {
            rc = err ? err->code : EC_EDATA;
            goto fail;
        }
        ec_step_record_file(st, s->compute_file, co->compute->sha256);
        if ((rc = ec_ledger_apply_compute(&co->ledger, co->compute, err))) goto fail;
    }
    *out = r;
    return EC_OK;
fail:
    ec_result_free(r);
    return rc;
}

static const ec_step_output claims_outputs[] = {
    {"factor.MODEL", "the efficiency factor of MODEL"}, {"lo95.MODEL", "its interval's lower end"},
    {"hi95.MODEL", "its upper end"},                   {"chi2", "the consistency statistic"}, {"p_value", "its p-value"}};

/* ----------------------------------------------------------------- trend */

typedef struct trend_step {
    char x[256];
    char y[256];
    int algorithmic;
    ec_data_options in;
    ec_fit_options fit;
} trend_step;

static const ec_option_desc trend_rows[] = {
    {"x", EC_OPT_STRING, offsetof(trend_step, x), sizeof(((trend_step *)0)->x), 0, 0, NULL, "",
     "date column (YYYY-MM-DD, YYYY-MM, YYYY or a decimal year)", NULL, 0},
    {"y", EC_OPT_STRING, offsetof(trend_step, y), sizeof(((trend_step *)0)->y), 0, 0, NULL, "",
     "the quantity that grows, e.g. 'Training compute (FLOP)'", NULL, 0},
    {"algorithmic", EC_OPT_INT, offsetof(trend_step, algorithmic), 0, 0, 1, NULL, "0",
     "1: algorithmic progress from dated (C, L) points (map C, date and L with --columns)", NULL, 0},
};
static const ec_option_table trend_table = {"trend", trend_rows, sizeof trend_rows / sizeof trend_rows[0]};
const ec_option_table *ec_trend_option_table(void)
{
    return &trend_table;
}

static void trend_init(void *o)
{
    trend_step *s = o;
    ec_data_options_init(&s->in, "");
    s->fit = ec_fit_default_options();
    s->fit.loss = EC_LOSS_LS_LOG;
    s->fit.form[0] = '\0'; /* trend chooses its form: any --form given is refused */
}

static const ec_step_group trend_groups[] = {{ec_trend_option_table, 0},
                                             {ec_data_option_table, offsetof(trend_step, in)},
                                             {fit_table, offsetof(trend_step, fit)}};

/* The data options of a trend: --x and --y become the column map. */
static int trend_columns(const trend_step *s, ec_data_options *in, ec_error *err)
{
    *in = s->in;
    if (s->algorithmic) {
        if (!in->columns[0])
            return ec_error_set(err, EC_EINVAL, "trend --algorithmic: map the columns with --columns 'C=..,date=..,L=..'");
        return EC_OK;
    }
    if (!s->x[0] || !s->y[0])
        return ec_error_set(err, EC_EINVAL, "trend: give --x DATECOL and --y COL (see 'effcomp trend --help')");
    if (in->columns[0]) return ec_error_set(err, EC_EINVAL, "trend: use --x and --y instead of --columns");
    if (strchr(s->x, '"') || strchr(s->y, '"'))
        return ec_error_set(err, EC_EINVAL, "trend: column names with double quotes are not supported");
    snprintf(in->columns, sizeof in->columns, "x=\"%s\",y=\"%s\"", s->x, s->y);
    return EC_OK;
}

static int trend_check(ec_step *st, ec_error *err)
{
    trend_step *s = ec_step_options(st);
    if (s->fit.form[0])
        return ec_error_set(err, EC_EINVAL,
                            "trend: --form is not used: trend fits loglinear-time (effective-compute-time with --algorithmic)");
    if (s->in.replicates_out[0])
        return ec_error_set(err, EC_EINVAL,
                            "trend: --replicates-out is not used here (the bootstrap's growth rates are summarised in "
                            "the output's ci95)");
    if (s->in.plot[0] && s->algorithmic)
        return ec_error_set(err, EC_EINVAL, "trend --plot: only for growth trends, not --algorithmic");
    ec_data_options in;
    int rc = trend_columns(s, &in, err);
    if (rc) return rc;
    if (s->fit.bootstrap == 1) return ec_error_set(err, EC_EINVAL, "trend: --bootstrap needs at least 2 replicates");
    if (!s->in.data[0]) return ec_error_set(err, EC_EINVAL, "--data FILE is required");
    return ec_step_need_input(s->in.data, err);
}

static void trend_output_free(void *p)
{
    ec_trend_output *o = p;
    ec_trend_clear(&o->r);
    ec_dataset_free(o->ds);
}

static int trend_run(ec_step *st, ec_result **out, ec_error *err)
{
    trend_step *s = ec_step_options(st);
    ec_trend_output *to = calloc(1, sizeof *to);
    if (!to) return ec_error_set(err, EC_ENOMEM, "out of memory");
    ec_result *r = ec_result_new(EC_RESULT_TREND, to, trend_output_free);
    if (!r) return ec_error_set(err, EC_ENOMEM, "out of memory");
    int rc = trend_columns(s, &to->in, err);
    if (rc) goto fail;
    to->opt = s->fit;
    snprintf(to->opt.form, sizeof to->opt.form, "%s", s->algorithmic ? "effective-compute-time" : "loglinear-time");
    to->ds = ec_data_load(&to->in, to->opt.form, &to->rows_read, err);
    if (!to->ds) {
        rc = err ? err->code : EC_EDATA;
        goto fail;
    }
    record_dataset(st, to->ds);
    if ((rc = ec_trend(to->ds, &to->opt, s->algorithmic, &to->r, err))) goto fail;
    if (!to->r.fit.converged)
        ec_result_add_problem(r, "trend: %s (%s); the numbers above are not reliable",
                              ec_fitcheck_kind_of(to->r.fit.status) ? "the fit is degenerate" : "the fit did not converge",
                              to->r.fit.status);
    *out = r;
    return EC_OK;
fail:
    ec_result_free(r);
    return rc;
}

static const ec_step_output trend_outputs[] = {{"g", "orders of magnitude per year"},
                                               {"growth_per_year", "10^g"},
                                               {"months", "the doubling (or halving) time in months"},
                                               {"g_lo95", "the lower end of g's interval"},
                                               {"g_hi95", "its upper end"}};

/* ---------------------------------------------------- compare, backtest */

typedef struct holdout_opts {
    char above[64];
    double fraction;
    char by[16];
} holdout_opts;

/* Checked when the option is set (so scenario files are checked before any step runs). */
static int check_above(const char *value, ec_error *err)
{
    double v;
    if (ec_parse_finite(value, &v) != EC_OK)
        return ec_error_set(err, EC_EINVAL, "--holdout-above: '%s' is not a number (e.g. 1e21, or 2023.5 for a date)", value);
    return EC_OK;
}

static int check_by(const char *value, ec_error *err)
{
    int r = ec_role_from_name(value);
    if (r < 0 || r == EC_ROLE_NAME || r == EC_ROLE_WEIGHT)
        return ec_error_set(err, EC_EINVAL, "--holdout-by: '%s' is not a numeric role (C, N, D, x, date, L, y)", value);
    return EC_OK;
}

#define OFF(field) offsetof(holdout_opts, field)
#define SZ(field) sizeof(((holdout_opts *)0)->field)
static const ec_option_desc holdout_rows[] = {
    {"holdout_above", EC_OPT_STRING, OFF(above), SZ(above), 0, 0, NULL, "",
     "hold out the points whose ordering value is above this (e.g. 1e21 FLOP)", check_above, 0},
    {"holdout_fraction", EC_OPT_DOUBLE, OFF(fraction), 0, 0, 0.99, NULL, "",
     "hold out this fraction of the points, the largest by the ordering value", NULL, 0},
    {"holdout_by", EC_OPT_STRING, OFF(by), SZ(by), 0, 0, NULL, "C or x",
     "ordering role: C (compute; 6ND when only N and D are given), N, D, x, date, L, y", check_by, 0},
};
#undef OFF
#undef SZ
static const ec_option_table holdout_table = {"holdout", holdout_rows, sizeof holdout_rows / sizeof holdout_rows[0]};
const ec_option_table *ec_holdout_option_table(void)
{
    return &holdout_table;
}

typedef struct compare_step {
    char forms[512];
    holdout_opts ho;
    ec_data_options in;
    ec_fit_options fit;
} compare_step;

static const ec_option_desc compare_rows[] = {
    {"forms", EC_OPT_STRING, offsetof(compare_step, forms), sizeof(((compare_step *)0)->forms), 0, 0, NULL, "",
     "comma-separated forms to compare (see 'effcomp fit --list-forms')", NULL, 0},
};
static const ec_option_table compare_table = {"compare", compare_rows, 1};
const ec_option_table *ec_compare_option_table(void)
{
    return &compare_table;
}

/* Fills h; returns 1 with a holdout, 0 without (allowed unless `required`), or a negative status. */
static int make_holdout(const holdout_opts *ho, ec_holdout *h, int required, ec_error *err)
{
    h->by = EC_ROLE_COUNT;
    h->fraction = ho->fraction;
    h->above = NAN;
    if (ho->by[0]) {
        int r = ec_role_from_name(ho->by);
        if (r < 0 || r == EC_ROLE_NAME || r == EC_ROLE_WEIGHT)
            return ec_error_set(err, EC_EINVAL, "--holdout-by: '%s' is not a numeric role (C, N, D, x, date, L, y)", ho->by);
        h->by = (ec_role)r;
    }
    if (ho->above[0] && ec_parse_finite(ho->above, &h->above) != EC_OK)
        return ec_error_set(err, EC_EINVAL, "--holdout-above: '%s' is not a number", ho->above);
    int have_above = ho->above[0] != 0, have_frac = ho->fraction > 0;
    if (have_above && have_frac)
        return ec_error_set(err, EC_EINVAL, "give one of --holdout-above and --holdout-fraction, not both");
    if (required && !have_above && !have_frac)
        return ec_error_set(err, EC_EINVAL,
                            "backtest: give --holdout-above VALUE or --holdout-fraction F with 0 < F <= 0.99 (0 means "
                            "none; see 'effcomp backtest --help')");
    return have_above || have_frac;
}

/* Options of the shared tables that backtest and compare have no use for: refused, not ignored. */
static int refuse_unused(const char *cmd, const ec_data_options *in, const ec_fit_options *opt, ec_error *err)
{
    if (in->plot[0])
        return ec_error_set(err, EC_EINVAL, "%s: --plot is not available here (see docs/plots.md for the commands that draw)",
                            cmd);
    if (opt->bootstrap || in->replicates_out[0])
        return ec_error_set(err, EC_EINVAL,
                            "%s: --bootstrap and --replicates-out are not used here; bootstrap with 'effcomp fit'", cmd);
    return EC_OK;
}

static void compare_init(void *o)
{
    compare_step *s = o;
    ec_data_options_init(&s->in, NULL);
    s->fit = ec_fit_default_options();
}

static const ec_step_group compare_groups[] = {{ec_compare_option_table, 0},
                                               {ec_holdout_option_table, offsetof(compare_step, ho)},
                                               {ec_data_option_table, offsetof(compare_step, in)},
                                               {fit_table, offsetof(compare_step, fit)}};

/* The forms of --forms; EC_EINVAL naming an unknown, repeated or empty one. */
static int compare_forms(const char *text, const ec_form **forms, size_t *n, ec_error *err)
{
    *n = 0;
    if (!text[0]) return ec_error_set(err, EC_EINVAL, "compare: --forms F1,F2,... is required (see 'effcomp fit --list-forms')");
    char buf[512];
    snprintf(buf, sizeof buf, "%s", text);
    for (char *save = NULL, *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        while (*tok == ' ') tok++;
        const ec_form *f = ec_form_find(tok);
        if (!f) return ec_error_set(err, EC_EINVAL, "compare: unknown form '%s' (see 'effcomp fit --list-forms')", tok);
        if (*n == EC_COMPARE_MAX_FORMS) return ec_error_set(err, EC_EINVAL, "compare: at most %d forms", EC_COMPARE_MAX_FORMS);
        for (size_t r = 0; r < *n; r++)
            if (forms[r] == f)
                return ec_error_set(err, EC_EINVAL, "compare: form '%s' is listed twice in --forms; list each form once",
                                    f->name);
        forms[(*n)++] = f;
    }
    if (*n > 0 && ec_list_has_empty_item(text))
        return ec_error_set(err, EC_EINVAL,
                            "compare: --forms '%s' has an empty item (two commas in a row, or one at an end); remove it",
                            text);
    if (*n == 0) return ec_error_set(err, EC_EINVAL, "compare: --forms needs at least one form (e.g. 'chinchilla,kaplan-nd')");
    return EC_OK;
}

static int compare_check(ec_step *st, ec_error *err)
{
    compare_step *s = ec_step_options(st);
    int rc = refuse_unused("compare", &s->in, &s->fit, err);
    if (rc) return rc;
    const ec_form *forms[EC_COMPARE_MAX_FORMS];
    size_t n;
    if ((rc = compare_forms(s->forms, forms, &n, err))) return rc;
    ec_holdout h;
    if ((rc = make_holdout(&s->ho, &h, 0, err)) < 0) return rc;
    if (!s->in.data[0]) return ec_error_set(err, EC_EINVAL, "--data FILE is required");
    return ec_step_need_input(s->in.data, err);
}

static void compare_output_free(void *p)
{
    ec_compare_output *o = p;
    ec_compare_clear(&o->r);
    ec_dataset_free(o->ds);
}

static int compare_run(ec_step *st, ec_result **out, ec_error *err)
{
    compare_step *s = ec_step_options(st);
    ec_compare_output *co = calloc(1, sizeof *co);
    if (!co) return ec_error_set(err, EC_ENOMEM, "out of memory");
    co->in = s->in;
    co->opt = s->fit;
    ec_result *r = ec_result_new(EC_RESULT_COMPARE, co, compare_output_free);
    if (!r) return ec_error_set(err, EC_ENOMEM, "out of memory");
    const ec_form *forms[EC_COMPARE_MAX_FORMS];
    size_t n;
    ec_holdout h;
    int rc = compare_forms(s->forms, forms, &n, err), with_bt = 0;
    if (!rc && (with_bt = make_holdout(&s->ho, &h, 0, err)) < 0) rc = with_bt;
    if (rc) goto fail;
    co->ds = ec_data_load(&s->in, forms[0]->name, &co->rows_read, err);
    if (!co->ds) {
        rc = err ? err->code : EC_EDATA;
        goto fail;
    }
    record_dataset(st, co->ds);
    rc = ec_compare(co->ds, &s->fit, forms, n, with_bt ? &h : NULL, &co->r, err);
    if (rc) {
        /* Nothing to compare: each form's error, then why, is the message. */
        if (rc == EC_EDATA && co->r.n) {
            char msg[sizeof err->message];
            size_t used = 0;
            for (size_t k = 0; k < co->r.n && used < sizeof msg; k++)
                used += (size_t)snprintf(msg + used, sizeof msg - used, "compare: form %s: %s\n", co->r.rows[k].form->name,
                                         co->r.rows[k].error[0] ? co->r.rows[k].error : "no backtest");
            if (used < sizeof msg) snprintf(msg + used, sizeof msg - used, "%s", err ? err->message : "");
            if (err) snprintf(err->message, sizeof err->message, "%s", msg);
        }
        goto fail;
    }
    for (size_t k = 0; k < co->r.n; k++) {
        const ec_compare_row *row = &co->r.rows[k];
        if (row->failed) ec_result_add_problem(r, "compare: form %s failed: %s", row->form->name, row->error);
        else if (!row->fit.converged)
            ec_result_add_problem(r, "compare: form %s did not converge: %s", row->form->name, row->fit.status);
    }
    *out = r;
    return EC_OK;
fail:
    ec_result_free(r);
    return rc;
}

static const ec_step_output compare_outputs[] = {{"best_aic", "the lowest AIC"}, {"aic.FORM", "the AIC of FORM"},
                                                 {"rmsle.FORM", "its backtest RMSLE"}};

typedef struct backtest_step {
    holdout_opts ho;
    ec_data_options in;
    ec_fit_options fit;
} backtest_step;

static void backtest_init(void *o)
{
    backtest_step *s = o;
    ec_data_options_init(&s->in, NULL);
    s->fit = ec_fit_default_options();
}

static const ec_step_group backtest_groups[] = {{ec_holdout_option_table, offsetof(backtest_step, ho)},
                                                {ec_data_option_table, offsetof(backtest_step, in)},
                                                {fit_table, offsetof(backtest_step, fit)}};

static int backtest_check(ec_step *st, ec_error *err)
{
    backtest_step *s = ec_step_options(st);
    int rc = refuse_unused("backtest", &s->in, &s->fit, err);
    if (rc) return rc;
    ec_holdout h;
    if ((rc = make_holdout(&s->ho, &h, 1, err)) < 0) return rc;
    if (!s->in.data[0]) return ec_error_set(err, EC_EINVAL, "--data FILE is required");
    return ec_step_need_input(s->in.data, err);
}

static void backtest_output_free(void *p)
{
    ec_backtest_output *o = p;
    ec_backtest_clear(&o->r);
    ec_dataset_free(o->ds);
}

static int backtest_run(ec_step *st, ec_result **out, ec_error *err)
{
    backtest_step *s = ec_step_options(st);
    ec_backtest_output *bo = calloc(1, sizeof *bo);
    if (!bo) return ec_error_set(err, EC_ENOMEM, "out of memory");
    bo->in = s->in;
    bo->opt = s->fit;
    ec_result *r = ec_result_new(EC_RESULT_BACKTEST, bo, backtest_output_free);
    if (!r) return ec_error_set(err, EC_ENOMEM, "out of memory");
    ec_holdout h;
    int rc = make_holdout(&s->ho, &h, 1, err);
    if (rc < 0) goto fail;
    bo->ds = ec_data_load(&s->in, s->fit.form, &bo->rows_read, err);
    if (!bo->ds) {
        rc = err ? err->code : EC_EDATA;
        goto fail;
    }
    record_dataset(st, bo->ds);
    if ((rc = ec_backtest(bo->ds, &s->fit, &h, &bo->r, err))) goto fail;
    if (!bo->r.fit.converged)
        ec_result_add_problem(r, "the fit on the training points did not converge: %s", bo->r.fit.status);
    *out = r;
    return EC_OK;
fail:
    ec_result_free(r);
    return rc;
}

static const ec_step_output backtest_outputs[] = {{"rmsle", "root mean square log error on the held-out points"},
                                                  {"mean_log_ratio", "their mean log(predicted/observed)"}};

/* -------------------------------------------------------------- registry */

#define N_(a) (sizeof a / sizeof a[0])
extern const ec_step_type ec_step_type_plot;
extern const ec_step_type ec_step_type_project;
extern const ec_step_type ec_step_type_simulate;

static const ec_step_type step_types[] = {
    {"fit", "fit a scaling law to points, with a bootstrap", EC_RESULT_FIT, sizeof(fit_step), fit_init, fit_groups,
     N_(fit_groups), NULL, 0, fit_outputs, N_(fit_outputs), fit_check, fit_run},
    {"predict", "evaluate a fitted law at points or CSV rows, with bands", EC_RESULT_PREDICT, sizeof(predict_step),
     predict_init, predict_groups, N_(predict_groups), law_inputs, N_(law_inputs), predict_outputs,
     N_(predict_outputs), predict_check, predict_run},
    {"optimal", "compute-optimal N*, D* under C = 6ND, with intervals", EC_RESULT_OPTIMAL, sizeof(optimal_step),
     zero_init, optimal_groups, N_(optimal_groups), law_inputs, N_(law_inputs), optimal_outputs,
     N_(optimal_outputs), optimal_check, optimal_run},
    {"multiplier", "effective-compute multiplier or allocation efficiency", EC_RESULT_MULTIPLIER,
     sizeof(multiplier_step), zero_init, multiplier_groups, N_(multiplier_groups), law_inputs, N_(law_inputs),
     multiplier_outputs, N_(multiplier_outputs), multiplier_check, multiplier_run},
    {"isoflop", "isoFLOP analysis: optima and frontier", EC_RESULT_ISOFLOP, sizeof(isoflop_step), isoflop_init,
     isoflop_groups, N_(isoflop_groups), NULL, 0, isoflop_outputs, N_(isoflop_outputs), isoflop_check, isoflop_run},
    {"claims", "reconcile compute-fraction claims into efficiency factors", EC_RESULT_CLAIMS, sizeof(claims_step),
     claims_init, claims_groups, N_(claims_groups), NULL, 0, claims_outputs, N_(claims_outputs), claims_check,
     claims_run},
    {"trend", "growth over time, doubling time, algorithmic progress", EC_RESULT_TREND, sizeof(trend_step),
     trend_init, trend_groups, N_(trend_groups), NULL, 0, trend_outputs, N_(trend_outputs), trend_check, trend_run},
    {"compare", "rank forms by AIC and backtest error", EC_RESULT_COMPARE, sizeof(compare_step), compare_init,
     compare_groups, N_(compare_groups), NULL, 0, compare_outputs, N_(compare_outputs), compare_check, compare_run},
    {"backtest", "fit the smaller points, score the larger", EC_RESULT_BACKTEST, sizeof(backtest_step),
     backtest_init, backtest_groups, N_(backtest_groups), NULL, 0, backtest_outputs, N_(backtest_outputs),
     backtest_check, backtest_run},
};

/* The step types defined in files of their own (ec_step_project.c, ec_step_simulate.c, ec_step_plot.c). */
static const ec_step_type *const more_types[] = {&ec_step_type_project, &ec_step_type_simulate, &ec_step_type_plot};

size_t ec_step_type_count(void)
{
    return N_(step_types) + N_(more_types);
}

const ec_step_type *ec_step_type_at(size_t i)
{
    if (i < N_(step_types)) return &step_types[i];
    return i < ec_step_type_count() ? more_types[i - N_(step_types)] : NULL;
}

const ec_step_type *ec_step_type_find(const char *name)
{
    for (size_t i = 0; i < ec_step_type_count(); i++)
        if (strcmp(ec_step_type_at(i)->name, name) == 0) return ec_step_type_at(i);
    return NULL;
}
