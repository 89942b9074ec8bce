/*
 * ec_step.c — the step object: options by name over a type's groups, bound
 * inputs, the files a run read (see ec_step.h). The step types themselves
 * are in ec_steps.c.
 */
#include "ec_step_impl.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ec_csv.h"
#include "ec_text.h"

typedef struct file_rec {
    char *path;
    char sha256[65];
} file_rec;

struct ec_step {
    const ec_step_type *type;
    void *opts;
    const ec_result *bound[EC_STEP_MAX_INPUTS];
    char bound_ref[EC_STEP_MAX_INPUTS][128];
    file_rec *files;
    size_t n_files;
    ec_step_progress_fn progress;
    void *progress_user;
    ec_input_cache *cache;
};

void ec_step_set_input_cache(ec_step *st, ec_input_cache *c)
{
    st->cache = c;
}

ec_input_cache *ec_step_input_cache(const ec_step *st)
{
    return st->cache;
}

void ec_step_set_progress(ec_step *st, ec_step_progress_fn fn, void *user)
{
    st->progress = fn;
    st->progress_user = user;
}

ec_step_progress_fn ec_step_progress(const ec_step *st, void **user)
{
    if (user) *user = st->progress_user;
    return st->progress;
}

ec_step *ec_step_new_of(const ec_step_type *t, ec_error *err)
{
    ec_step *st = calloc(1, sizeof *st);
    if (st) st->opts = calloc(1, t->options_size ? t->options_size : 1);
    if (!st || !st->opts) {
        free(st);
        ec_error_set(err, EC_ENOMEM, "out of memory");
        return NULL;
    }
    st->type = t;
    if (t->init) t->init(st->opts);
    return st;
}

ec_step *ec_step_clone(const ec_step *src, ec_error *err)
{
    const size_t size = src->type->options_size ? src->type->options_size : 1;
    ec_step *st = calloc(1, sizeof *st);
    if (st) st->opts = malloc(size);
    if (!st || !st->opts) {
        free(st);
        ec_error_set(err, EC_ENOMEM, "out of memory");
        return NULL;
    }
    st->type = src->type;
    memcpy(st->opts, src->opts, size); /* options are plain values (char arrays and numbers): no init, no parsing */
    st->progress = src->progress;
    st->progress_user = src->progress_user;
    st->cache = src->cache;
    return st;
}

ec_step *ec_step_new(const char *name, ec_error *err)
{
    const ec_step_type *t = ec_step_type_find(name);
    if (!t) {
        char list[512];
        size_t used = 0;
        for (size_t i = 0; i < ec_step_type_count() && used < sizeof list; i++)
            used += (size_t)snprintf(list + used, sizeof list - used, "%s%s", i ? ", " : "", ec_step_type_at(i)->name);
        ec_error_set(err, EC_EINVAL, "unknown step '%s' (steps: %s)", name, list);
        return NULL;
    }
    return ec_step_new_of(t, err);
}

void ec_step_clear_files(ec_step *st)
{
    for (size_t i = 0; i < st->n_files; i++) free(st->files[i].path);
    free(st->files);
    st->files = NULL;
    st->n_files = 0;
}

void ec_step_free(ec_step *st)
{
    if (!st) return;
    ec_step_clear_files(st);
    free(st->opts);
    free(st);
}

const ec_step_type *ec_step_type_of(const ec_step *st)
{
    return st->type;
}

void *ec_step_options(ec_step *st)
{
    return st->opts;
}

const void *ec_step_options_const(const ec_step *st)
{
    return st->opts;
}

const ec_option_desc *ec_step_find_option(const ec_step *st, const char *key, const ec_option_table **table)
{
    for (size_t g = 0; g < st->type->n_groups; g++) {
        const ec_option_table *t = st->type->groups[g].table();
        const ec_option_desc *d = ec_option_find(t, key);
        if (d) {
            if (table) *table = t;
            return d;
        }
    }
    return NULL;
}

static void *group_obj(const ec_step *st, const ec_option_table *t)
{
    for (size_t g = 0; g < st->type->n_groups; g++)
        if (st->type->groups[g].table() == t) return (char *)st->opts + st->type->groups[g].offset;
    return NULL;
}

static int input_index(const ec_step *st, const char *key)
{
    for (size_t i = 0; i < st->type->n_inputs; i++)
        if (strcmp(st->type->inputs[i].key, key) == 0) return (int)i;
    return -1;
}

int ec_step_set(ec_step *st, const char *key, const char *value, ec_error *err)
{
    const ec_option_table *t;
    const ec_option_desc *d = ec_step_find_option(st, key, &t);
    if (!d)
        return ec_error_set(err, EC_EINVAL, "unknown option '--%s' for 'effcomp %s' (see 'effcomp %s --help')", key,
                            st->type->name, st->type->name);
    int rc = ec_option_set_row(d, group_obj(st, t), value, err); /* the row found: not looked up again */
    if (rc == EC_OK) {
        /* A file given for an input replaces an earlier binding. */
        int k = input_index(st, d->name);
        if (k >= 0 && value && value[0] != '@') {
            st->bound[k] = NULL;
            st->bound_ref[k][0] = '\0';
        }
    }
    return rc;
}

int ec_step_reset_option(ec_step *st, const ec_step *from, const char *key)
{
    const ec_option_table *t;
    const ec_option_desc *d = ec_step_find_option(st, key, &t);
    if (!d || from->type != st->type) return EC_EINVAL;
    char *dst = (char *)group_obj(st, t) + d->offset;
    const char *src = (const char *)group_obj(from, t) + d->offset;
    switch (d->type) {
    case EC_OPT_DOUBLE: memcpy(dst, src, sizeof(double)); break;
    case EC_OPT_INT:
    case EC_OPT_CHOICE: memcpy(dst, src, sizeof(int)); break;
    case EC_OPT_U64: memcpy(dst, src, sizeof(unsigned long long)); break;
    case EC_OPT_STRING:
    case EC_OPT_LIST: memcpy(dst, src, d->size); break; /* the whole field: the clone's bytes again */
    }
    return EC_OK;
}

int ec_step_get(const ec_step *st, const char *key, char *buf, size_t len, ec_error *err)
{
    const ec_option_table *t;
    const ec_option_desc *d = ec_step_find_option(st, key, &t);
    if (!d) return ec_error_set(err, EC_EINVAL, "unknown option '%s' of step '%s'", key, st->type->name);
    return ec_option_get(t, group_obj(st, t), d->name, buf, len, err);
}

int ec_step_bind(ec_step *st, const char *key, const ec_result *r, const char *ref, ec_error *err)
{
    int k = input_index(st, key);
    if (k < 0) return ec_error_set(err, EC_EINVAL, "step '%s' has no input '%s'", st->type->name, key);
    if (r && !(st->type->inputs[k].kinds & (1u << ec_result_kind_of(r))))
        return ec_error_set(err, EC_EINVAL, "%s = %s: a %s result, but '%s' of step '%s' takes %s", key,
                            ref && ref[0] ? ref : "(result)", ec_result_kind_name(ec_result_kind_of(r)), key,
                            st->type->name, st->type->inputs[k].help);
    st->bound[k] = r;
    ec_text_copy(st->bound_ref[k], sizeof st->bound_ref[k], ref ? ref : ""); /* without printf: per sweep cell */
    if (ref && ref[0]) {
        /* The option records the reference, so that results say where their input came from. */
        const ec_option_table *t;
        const ec_option_desc *d = ec_step_find_option(st, key, &t);
        if (d) ec_option_set_row(d, group_obj(st, t), ref, NULL);
    }
    return EC_OK;
}

const ec_result *ec_step_bound(const ec_step *st, const char *key, const char **ref)
{
    int k = input_index(st, key);
    if (k < 0) return NULL;
    if (ref) *ref = st->bound_ref[k];
    return st->bound[k];
}

int ec_step_check(ec_step *st, ec_error *err)
{
    ec_error_clear(err);
    return st->type->check ? st->type->check(st, err) : EC_OK;
}

int ec_step_run(ec_step *st, ec_result **out, ec_error *err)
{
    *out = NULL;
    ec_error_clear(err);
    ec_step_clear_files(st);
    int rc = ec_step_check(st, err);
    if (rc) return rc;
    return st->type->run(st, out, err);
}

int ec_step_record_file(ec_step *st, const char *path, const char *sha256)
{
    for (size_t i = 0; i < st->n_files; i++)
        if (strcmp(st->files[i].path, path) == 0) return EC_OK;
    file_rec *f = realloc(st->files, sizeof *f * (st->n_files + 1));
    if (!f) return EC_ENOMEM;
    st->files = f;
    file_rec *r = &st->files[st->n_files];
    size_t len = strlen(path);
    r->path = malloc(len + 1);
    if (!r->path) return EC_ENOMEM;
    memcpy(r->path, path, len + 1);
    if (sha256) snprintf(r->sha256, sizeof r->sha256, "%s", sha256);
    else if (ec_file_sha256(path, r->sha256, NULL) != EC_OK) r->sha256[0] = '\0';
    st->n_files++;
    return EC_OK;
}

size_t ec_step_n_files(const ec_step *st)
{
    return st->n_files;
}

const char *ec_step_file(const ec_step *st, size_t i, const char **sha256)
{
    if (i >= st->n_files) return NULL;
    if (sha256) *sha256 = st->files[i].sha256;
    return st->files[i].path;
}

/* ---------------------------------------------------------------- results */

static const char *const kind_names[EC_RESULT_KIND_COUNT] = {
    "fit", "predict", "optimal", "multiplier", "isoflop", "claims", "trend", "compare", "backtest", "plot", "project", "simulate"};

const char *ec_result_kind_name(ec_result_kind k)
{
    return (unsigned)k < EC_RESULT_KIND_COUNT ? kind_names[k] : NULL;
}

ec_result *ec_result_new(ec_result_kind kind, void *payload, void (*free_payload)(void *))
{
    ec_result *r = calloc(1, sizeof *r);
    if (!r) {
        if (free_payload) free_payload(payload);
        free(payload);
        return NULL;
    }
    r->kind = kind;
    r->payload = payload;
    r->free_payload = free_payload;
    return r;
}

void ec_result_free(ec_result *r)
{
    if (!r) return;
    if (r->free_payload) r->free_payload(r->payload);
    free(r->payload);
    for (size_t i = 0; i < r->n_notes; i++) free(r->notes[i]);
    for (size_t i = 0; i < r->n_problems; i++) free(r->problems[i]);
    free(r->notes);
    free(r->problems);
    free(r);
}

/* format(printf, 3, 0): fmt is checked where the callers take it (clang's
 * -Wformat-nonliteral wants the attribute on a function that passes a va_list on). */
__attribute__((format(printf, 3, 0))) static int add_text(char ***list, size_t *n, const char *fmt, va_list ap)
{
    char buf[2048];
    vsnprintf(buf, sizeof buf, fmt, ap);
    char **l = realloc(*list, sizeof *l * (*n + 1));
    if (!l) return EC_ENOMEM;
    *list = l;
    size_t len = strlen(buf);
    l[*n] = malloc(len + 1);
    if (!l[*n]) return EC_ENOMEM;
    memcpy(l[*n], buf, len + 1);
    (*n)++;
    return EC_OK;
}

int ec_result_add_note(ec_result *r, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = add_text(&r->notes, &r->n_notes, fmt, ap);
    va_end(ap);
    return rc;
}

int ec_result_add_problem(ec_result *r, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = add_text(&r->problems, &r->n_problems, fmt, ap);
    va_end(ap);
    return rc;
}

ec_result_kind ec_result_kind_of(const ec_result *r)
{
    return r->kind;
}

#define PAYLOAD(fn, type, k)                                                                                          \
    const type *fn(const ec_result *r) { return r && r->kind == k ? (const type *)r->payload : NULL; }
PAYLOAD(ec_result_fit, ec_fit_output, EC_RESULT_FIT)
PAYLOAD(ec_result_predict, ec_predict_output, EC_RESULT_PREDICT)
PAYLOAD(ec_result_optimal, ec_optimal_output, EC_RESULT_OPTIMAL)
PAYLOAD(ec_result_multiplier, ec_multiplier_output, EC_RESULT_MULTIPLIER)
PAYLOAD(ec_result_isoflop, ec_isoflop_output, EC_RESULT_ISOFLOP)
PAYLOAD(ec_result_claims, ec_claims_output, EC_RESULT_CLAIMS)
PAYLOAD(ec_result_trend, ec_trend_output, EC_RESULT_TREND)
PAYLOAD(ec_result_compare, ec_compare_output, EC_RESULT_COMPARE)
PAYLOAD(ec_result_backtest, ec_backtest_output, EC_RESULT_BACKTEST)
PAYLOAD(ec_result_plot, ec_plot_output, EC_RESULT_PLOT)
PAYLOAD(ec_result_project, ec_project_output, EC_RESULT_PROJECT)
PAYLOAD(ec_result_simulate, ec_simulate_output, EC_RESULT_SIMULATE)
#undef PAYLOAD

const ec_law *ec_result_law(const ec_result *r)
{
    const ec_fit_output *f = ec_result_fit(r);
    return f ? f->law : NULL;
}

size_t ec_result_n_notes(const ec_result *r)
{
    return r->n_notes;
}

const char *ec_result_note(const ec_result *r, size_t i)
{
    return i < r->n_notes ? r->notes[i] : NULL;
}

size_t ec_result_n_problems(const ec_result *r)
{
    return r->n_problems;
}

const char *ec_result_problem(const ec_result *r, size_t i)
{
    return i < r->n_problems ? r->problems[i] : NULL;
}

char *ec_result_json_text(const ec_result *r, ec_error *err)
{
    cJSON *root = ec_result_json(r, err);
    if (!root) return NULL;
    char *text = cJSON_Print(root);
    cJSON_Delete(root);
    if (!text) {
        ec_error_set(err, EC_ENOMEM, "out of memory");
        return NULL;
    }
    size_t len = strlen(text);
    char *out = malloc(len + 2);
    if (!out) {
        cJSON_free(text);
        ec_error_set(err, EC_ENOMEM, "out of memory");
        return NULL;
    }
    memcpy(out, text, len);
    out[len] = '\n';
    out[len + 1] = '\0';
    cJSON_free(text);
    return out;
}
