/*
 * ec_step_project.c — the project step: projections of larger models from a
 * fitted law (solvers/ec_project.h), rows from lists or a CSV, efficiency
 * factors from numbers or from a claims ledger (an earlier claims step, or
 * the JSON `effcomp claims -o` writes).
 *
 * Lists are checked item by item when they are set, so that a bad size or
 * policy in a scenario file is reported at its key's line.
 */
#include "ec_step_impl.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ec_csv.h"
#include "ec_interval.h"
#include "ec_kv.h"
#include "ec_law_json.h"
#include "ec_steps.h"
#include "ec_text.h"

typedef struct project_step {
    law_opts law;
    char params[512];
    char sizes[2048];
    char policies[1024];
    char efficiency[2048];
    char claims[1024];
    char rows[1024];
    double k;
    char max_tokens[64];
    int law_at;
    int baseline;
    unsigned long long seed;
    int threads;
    int replicate_losses;
    char plot[1024];
} project_step;

/* ------------------------------------------------------------ the lists */

typedef int (*item_fn)(void *user, const char *item, ec_error *err);

/* Calls fn for each item of text, split at any of `seps`, spaces around an item dropped; empty items skipped. */
static int each_item(const char *text, const char *seps, item_fn fn, void *user, ec_error *err)
{
    for (const char *p = text; *p;) {
        p += strspn(p, seps);
        while (*p == ' ' || *p == '\t') p++;
        size_t n = strcspn(p, seps);
        size_t m = n;
        while (m && (p[m - 1] == ' ' || p[m - 1] == '\t')) m--;
        if (m) {
            char item[512];
            if (m >= sizeof item) return ec_error_set(err, EC_EINVAL, "item '%.40s...' is too long", p);
            memcpy(item, p, m);
            item[m] = '\0';
            int rc = fn(user, item, err);
            if (rc) return rc;
        }
        p += n;
    }
    return EC_OK;
}

/* Sizes: ';' separates items; an item without '=' may hold several dense sizes separated by ','. */
typedef struct size_list {
    ec_model_size *v;
    size_t n, cap;
} size_list;

static int size_one(void *user, const char *item, ec_error *err)
{
    size_list *l = user;
    ec_model_size s;
    int rc = ec_model_size_parse(item, &s, err);
    if (rc || !l) return rc;
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 8;
        ec_model_size *v = realloc(l->v, cap * sizeof *v);
        if (!v) return ec_error_set(err, EC_ENOMEM, "out of memory");
        l->v = v;
        l->cap = cap;
    }
    l->v[l->n++] = s;
    return EC_OK;
}

static int size_chunk(void *user, const char *chunk, ec_error *err)
{
    if (strchr(chunk, '=')) return size_one(user, chunk, err);
    return each_item(chunk, ",", size_one, user, err);
}

static int parse_sizes(const char *text, size_list *l, ec_error *err)
{
    return each_item(text, ";", size_chunk, l, err);
}

static int check_sizes(const char *value, ec_error *err)
{
    return parse_sizes(value, NULL, err);
}

typedef struct policy_list {
    ec_policy *v;
    size_t n, cap;
} policy_list;

static int policy_one(void *user, const char *item, ec_error *err)
{
    policy_list *l = user;
    ec_policy p;
    int rc = ec_policy_parse(item, &p, err);
    if (rc || !l) return rc;
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 8;
        ec_policy *v = realloc(l->v, cap * sizeof *v);
        if (!v) return ec_error_set(err, EC_ENOMEM, "out of memory");
        l->v = v;
        l->cap = cap;
    }
    l->v[l->n++] = p;
    return EC_OK;
}

static int check_policies(const char *value, ec_error *err)
{
    return each_item(value, ",;", policy_one, NULL, err);
}

/*
 * An efficiency item: a factor (> 0, e.g. 3.4), or a model of a claims ledger: "claims:MODEL" (the step's claims
 * input) or "@ID:MODEL" (the claims step ID of the scenario). *model gets MODEL ("" for a number).
 */
static int efficiency_item(const char *item, double *factor, const char **model, ec_error *err)
{
    *model = "";
    if (strncmp(item, "claims:", 7) == 0) *model = item + 7;
    else if (item[0] == '@') {
        const char *colon = strchr(item, ':');
        if (!colon || colon == item + 1)
            return ec_error_set(err, EC_EINVAL, "efficiency '%s': write @STEP:MODEL, e.g. @claims:Muse Spark", item);
        *model = colon + 1;
    }
    if (item[0] == '@' || strncmp(item, "claims:", 7) == 0) {
        if (!**model) return ec_error_set(err, EC_EINVAL, "efficiency '%s': the model's name is missing", item);
        return EC_OK;
    }
    if (ec_parse_finite(item, factor) != EC_OK || !(*factor > 0))
        return ec_error_set(err, EC_EINVAL,
                            "efficiency '%s' is not a positive factor or a model of a claims ledger (write e.g. 3.4, "
                            "claims:MODEL with --claims FILE, or @STEP:MODEL in a scenario)",
                            item);
    return EC_OK;
}

static int efficiency_check_one(void *user, const char *item, ec_error *err)
{
    (void)user;
    double f;
    const char *m;
    return efficiency_item(item, &f, &m, err);
}

static int check_efficiency(const char *value, ec_error *err)
{
    return each_item(value, ",;", efficiency_check_one, NULL, err);
}

static int check_max_tokens(const char *value, ec_error *err)
{
    double v;
    if (!value[0]) return EC_OK;
    if (ec_parse_size(value, &v) != EC_OK)
        return ec_error_set(err, EC_EINVAL, "max_tokens '%s' is not a positive number of tokens (e.g. 30T, 3e13)", value);
    return EC_OK;
}

/* ----------------------------------------------------------- the options */

static const char *const list_sep[] = {";", NULL};
static const char *const law_at_choices[] = {"active", "total", NULL};

#define OFF(field) offsetof(project_step, field)
#define SZ(field) sizeof(((project_step *)0)->field)
static const ec_option_desc project_rows[] = {
    LAW_ROWS(project_step),
    {"params", EC_OPT_STRING, OFF(params), SZ(params), 0, 0, NULL, "",
     "inline parameters 'E=..,A=..,B=..,alpha=..,beta=..' with --form chinchilla", NULL, 0},
    {"sizes", EC_OPT_LIST, OFF(sizes), SZ(sizes), 0, 0, list_sep, "",
     "model sizes: '1T,2T,10T' (suffixes K M B T P), mixture-of-experts 'active=17B,total=400B' or "
     "'total=2T,active_fraction=0.1', or a compute budget 'compute=1e27'; ';' between items; repeatable",
     check_sizes, 0},
    {"policies", EC_OPT_LIST, OFF(policies), SZ(policies), 0, 0, list_sep, "compute-optimal",
     "token policies: compute-optimal, tokens-per-param=M, tokens=D, inference=D_INF, loss=L; repeatable",
     check_policies, 0},
    {"efficiency", EC_OPT_LIST, OFF(efficiency), SZ(efficiency), 0, 0, list_sep, "1",
     "efficiency factors: numbers, claims:MODEL (from --claims) or @STEP:MODEL (a scenario's claims step); "
     "repeatable",
     check_efficiency, 0},
    {"claims", EC_OPT_STRING, OFF(claims), SZ(claims), 0, 0, NULL, "",
     "claims ledger JSON written by 'effcomp claims -o' (for claims:MODEL factors, with their intervals)", NULL,
     EC_OPT_PATH_IN},
    {"rows", EC_OPT_STRING, OFF(rows), SZ(rows), 0, 0, NULL, "",
     "CSV of rows instead of the lists: columns size, policy and optionally efficiency", NULL, EC_OPT_PATH_IN},
    {"k", EC_OPT_DOUBLE, OFF(k), 0, 1e-300, 1e300, NULL, "6",
     "training FLOP per active parameter and token: C = k N_active D", NULL, 0},
    {"max_tokens", EC_OPT_STRING, OFF(max_tokens), SZ(max_tokens), 0, 0, NULL, "none",
     "cap on training tokens (a data stock), e.g. 30T: rows above it are capped and say so", check_max_tokens, 0},
    {"law_at", EC_OPT_CHOICE, OFF(law_at), 0, 0, 0, law_at_choices, "active",
     "which parameters of a mixture-of-experts size the loss law takes", NULL, 0},
    {"baseline", EC_OPT_INT, OFF(baseline), 0, 0, 1e9, NULL, "0",
     "row (1-based) the others are compared with, paired over the same replicates: dloss and its interval", NULL,
     0},
    {"seed", EC_OPT_U64, OFF(seed), 0, 0, 1.8446744073709552e19, NULL, "42",
     "seed of the efficiency factors' draws (one stream per factor)", NULL, 0},
    {"threads", EC_OPT_INT, OFF(threads), 0, 0, 4096, NULL, "0", "threads (0 = OpenMP default)", NULL, 0},
    {"replicate_losses", EC_OPT_INT, OFF(replicate_losses), 0, 0, 1, NULL, "0",
     "keep each row's loss per replicate in memory (sweep --baseline sets it: intervals of paired differences "
     "between cells)", NULL, 0},
    {"plot", EC_OPT_STRING, OFF(plot), SZ(plot), 0, 0, NULL, "",
     "also draw loss against compute with the rows to this .png, .svg or .pdf", NULL, EC_OPT_PATH_OUT},
};
#undef OFF
#undef SZ
static const ec_option_table project_table = {"project", project_rows, sizeof project_rows / sizeof project_rows[0]};
const ec_option_table *ec_project_option_table(void)
{
    return &project_table;
}

static void project_init(void *o)
{
    project_step *s = o;
    s->k = 6;
    s->seed = 42;
}

static const ec_step_group project_groups[] = {{ec_project_option_table, 0}};

static const ec_step_input project_inputs[] = {
    {"fit", 1u << EC_RESULT_FIT, "a fit result", NULL},
    {"claims", 1u << EC_RESULT_CLAIMS, "a claims result", "efficiency"}};

/* Which kinds of efficiency items a list has: bit 1 claims:MODEL, bit 2 @STEP:MODEL. */
static int eff_kind_one(void *user, const char *item, ec_error *err)
{
    (void)err;
    int *k = user;
    if (strncmp(item, "claims:", 7) == 0) *k |= 1;
    else if (item[0] == '@') *k |= 2;
    return EC_OK;
}

static int efficiency_kinds(const char *efficiency)
{
    int k = 0;
    each_item(efficiency, ",;", eff_kind_one, &k, NULL);
    return k;
}

static int project_check(ec_step *st, ec_error *err)
{
    project_step *s = ec_step_options(st);
    int rc = ec_step_check_law(&s->law, err);
    if (rc) return rc;
    if (s->law.form[0]) { /* inline params are read here, before any step or sweep cell runs (issue 14) */
        ec_law *l = NULL;
        if ((rc = ec_law_inline(s->law.form, s->params, &l, err))) return rc;
        ec_law_free(l);
    }
    if (s->rows[0] && (s->sizes[0] || s->policies[0] || s->efficiency[0]))
        return ec_error_set(err, EC_EINVAL,
                            "project: give the rows either as --rows FILE or as --sizes/--policies/--efficiency lists");
    if (!s->rows[0] && !s->sizes[0])
        return ec_error_set(err, EC_EINVAL, "project: give --sizes (e.g. 1T,10T) or --rows FILE (see 'effcomp project --help')");
    if ((rc = ec_step_need_input(s->rows, err))) return rc;
    int kinds = efficiency_kinds(s->efficiency);
    if (kinds && !s->claims[0] && !ec_step_bound(st, "claims", NULL))
        return ec_error_set(err, EC_EINVAL,
                            "project: efficiency claims:MODEL needs --claims CLAIMS.json (written by 'effcomp claims -o'), "
                            "or @STEP:MODEL in a scenario");
    if ((kinds & 2) && !ec_step_bound(st, "claims", NULL) && s->claims[0] != '@')
        return ec_error_set(err, EC_EINVAL,
                            "project: efficiency @STEP:MODEL names a step of a scenario; on the command line write "
                            "claims:MODEL with --claims CLAIMS.json");
    return ec_step_need_json(s->claims, err);
}

/* ----------------------------------------------------- efficiency factors */

/* ---------------------------------------------- result JSON and ledgers */

cJSON *ec_step_read_json(const char *path, const char *kind, char sha256[65], ec_error *err)
{
    ec_error e;
    cJSON *root = ec_json_read_file(path, &e);
    if (!root) { /* cannot open, read or parse it (the reader names the line): as it is */
        if (err) *err = e;
        return NULL;
    }
    const cJSON *k = cJSON_GetObjectItemCaseSensitive(root, "result");
    if (!root || !cJSON_IsString(k) || strcmp(k->valuestring, kind) != 0) {
        ec_error_set(err, EC_EDATA, "%s: not a %s result JSON (write one with 'effcomp %s -o FILE.json')", path, kind,
                     kind);
        cJSON_Delete(root);
        return NULL;
    }
    if (sha256) ec_file_sha256(path, sha256, NULL);
    return root;
}

int ec_claims_src_open(ec_step *st, const char *value, ec_claims_src *cs, ec_error *err)
{
    memset(cs, 0, sizeof *cs);
    const char *ref = NULL;
    const ec_result *cb = ec_step_bound(st, "claims", &ref);
    if (cb) {
        cs->ledger = &ec_result_claims(cb)->ledger;
        snprintf(cs->path, sizeof cs->path, "%s", ref && ref[0] ? ref : "@claims");
        return EC_OK;
    }
    if (!value[0]) return EC_OK;
    if (value[0] == '@') return ec_error_set(err, EC_EINVAL, "claims = %s: no such earlier step was run", value);
    if (!(cs->json = ec_step_read_json(value, "claims", cs->sha256, err))) return err ? err->code : EC_EDATA;
    snprintf(cs->path, sizeof cs->path, "%s", value);
    ec_step_record_file(st, value, cs->sha256);
    return EC_OK;
}

void ec_claims_src_close(ec_claims_src *cs)
{
    cJSON_Delete(cs->json);
    memset(cs, 0, sizeof *cs);
}

int ec_claims_src_factor(const ec_claims_src *c, const char *model, double *factor, double *se_log, ec_error *err)
{
    if (c->ledger) {
        int k = ec_ledger_model_index(c->ledger, model);
        if (k >= 0) {
            *factor = c->ledger->factor[k];
            *se_log = c->ledger->se_log[k];
            return EC_OK;
        }
    } else if (c->json) {
        const cJSON *m = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(c->json, "models"), model);
        const cJSON *f = cJSON_GetObjectItemCaseSensitive(m, "factor"), *se = cJSON_GetObjectItemCaseSensitive(m, "se_log");
        if (m) {
            if (!cJSON_IsNumber(f) || !(f->valuedouble > 0) || !cJSON_IsNumber(se) || !(se->valuedouble >= 0))
                return ec_error_set(err, EC_EDATA, "%s: model '%s' has no usable factor and se_log", c->path, model);
            *factor = f->valuedouble;
            *se_log = se->valuedouble;
            return EC_OK;
        }
    } else {
        return ec_error_set(err, EC_EINVAL, "model '%s': no claims ledger given (--claims)", model);
    }
    /* Unknown: list the models. */
    char list[512] = "";
    size_t used = 0, n = 0;
    if (c->ledger) {
        n = c->ledger->n_models;
        for (size_t k = 0; k < n && used < sizeof list - 40; k++)
            used += (size_t)snprintf(list + used, sizeof list - used, "%s'%s'", k ? ", " : "", c->ledger->model[k]);
    } else {
        const cJSON *m;
        cJSON_ArrayForEach(m, cJSON_GetObjectItemCaseSensitive(c->json, "models"))
        {
            if (used < sizeof list - 40)
                used += (size_t)snprintf(list + used, sizeof list - used, "%s'%s'", n ? ", " : "", m->string);
            n++;
        }
    }
    return ec_error_set(err, EC_EINVAL, "model '%s' is not in the claims ledger %s (its models: %s%s)", model, c->path,
                        list, used >= sizeof list - 40 ? ", ..." : "");
}

typedef struct eff_list {
    ec_efficiency *v;
    size_t n, cap;
    const ec_claims_src *claims;
} eff_list;

/* The index of an efficiency given as text (the same text: the same factor and the same draws). */
static int eff_add(eff_list *l, const char *item, size_t *index, ec_error *err)
{
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->v[i].label, item) == 0) {
            if (index) *index = i;
            return EC_OK;
        }
    ec_efficiency e;
    memset(&e, 0, sizeof e);
    ec_text_copy(e.label, sizeof e.label, item); /* without printf: per sweep cell */
    const char *model;
    int rc = efficiency_item(item, &e.factor, &model, err);
    if (rc) return rc;
    ec_error e2;
    if (model[0] && (rc = ec_claims_src_factor(l->claims, model, &e.factor, &e.se_log, &e2)))
        return ec_error_set(err, rc, "efficiency: %s", e2.message);
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 8;
        ec_efficiency *v = realloc(l->v, cap * sizeof *v);
        if (!v) return ec_error_set(err, EC_ENOMEM, "out of memory");
        l->v = v;
        l->cap = cap;
    }
    if (index) *index = l->n;
    l->v[l->n++] = e;
    return EC_OK;
}

static int eff_one(void *user, const char *item, ec_error *err)
{
    return eff_add(user, item, NULL, err);
}

/* ------------------------------------------------------------- CSV rows */

typedef struct rows_ctx {
    ec_project_spec *v;
    size_t n, cap;
    int col[3];                /* size, policy, efficiency (-1: absent) */
    int header_done;
    eff_list *effs;
} rows_ctx;

static int rows_record(void *user, const ec_csv_record *r, ec_error *err)
{
    rows_ctx *c = user;
    if (r->cells[0].s[0] == '#') return EC_OK;
    if (!c->header_done) {
        static const char *const names[3] = {"size", "policy", "efficiency"};
        for (int k = 0; k < 3; k++) {
            c->col[k] = -1;
            for (size_t j = 0; j < r->ncells; j++)
                if (strcmp(r->cells[j].s, names[k]) == 0) c->col[k] = (int)j;
        }
        if (c->col[0] < 0 || c->col[1] < 0)
            return ec_error_set(err, EC_EDATA, "%s:%zu: the header needs the columns size and policy (and optionally "
                                "efficiency)", r->path, r->line);
        c->header_done = 1;
        return EC_OK;
    }
    if (c->n == c->cap) {
        size_t cap = c->cap ? 2 * c->cap : 16;
        ec_project_spec *v = realloc(c->v, cap * sizeof *v);
        if (!v) return ec_error_set(err, EC_ENOMEM, "out of memory");
        c->v = v;
        c->cap = cap;
    }
    ec_project_spec *sp = &c->v[c->n];
    const char *cell[3];
    for (int k = 0; k < 3; k++)
        cell[k] = c->col[k] >= 0 && (size_t)c->col[k] < r->ncells ? r->cells[c->col[k]].s : "";
    ec_error e;
    int rc = ec_model_size_parse(cell[0], &sp->size, &e);
    if (!rc) rc = ec_policy_parse(cell[1][0] ? cell[1] : "compute-optimal", &sp->policy, &e);
    if (!rc) rc = eff_add(c->effs, cell[2][0] ? cell[2] : "1", &sp->eff, &e);
    if (rc) return ec_error_set(err, rc == EC_ENOMEM ? rc : EC_EDATA, "%s:%zu: %s", r->path, r->line, e.message);
    c->n++;
    return EC_OK;
}

/* ------------------------------------------------------------------ run */

static void project_output_free(void *p)
{
    ec_project_output *o = p;
    ec_project_clear(&o->r);
    ec_law_free((ec_law *)o->law_owned);
}

static int project_run(ec_step *st, ec_result **out, ec_error *err)
{
    project_step *s = ec_step_options(st);
    ec_project_output *po = calloc(1, sizeof *po);
    if (!po) return ec_error_set(err, EC_ENOMEM, "out of memory");
    ec_result *r = ec_result_new(EC_RESULT_PROJECT, po, project_output_free);
    if (!r) return ec_error_set(err, EC_ENOMEM, "out of memory");
    size_list sizes = {NULL, 0, 0};
    policy_list pols = {NULL, 0, 0};
    ec_claims_src cs;
    memset(&cs, 0, sizeof cs);
    eff_list effs = {NULL, 0, 0, &cs};
    rows_ctx rows;
    memset(&rows, 0, sizeof rows);
    rows.effs = &effs;
    ec_law *own;
    int rc = ec_step_get_law(st, &s->law, s->params, r, &po->law, &own, &po->from, err);
    po->law_owned = own;
    if (rc) goto done;
    /* The claims ledger, when a factor names one. */
    if ((rc = ec_claims_src_open(st, s->claims, &cs, err))) goto done;
    ec_text_copy(po->claims, sizeof po->claims, cs.path);
    ec_text_copy(po->claims_sha256, sizeof po->claims_sha256, cs.sha256);
    ec_project_options opt = ec_project_default_options();
    opt.k = s->k;
    opt.law_at_total = s->law_at == 1;
    opt.baseline = (size_t)s->baseline;
    opt.seed = s->seed;
    opt.threads = s->threads;
    opt.keep_losses = s->replicate_losses;
    opt.level = EC_INTERVAL_LEVEL;
    if (s->max_tokens[0] && ec_parse_size(s->max_tokens, &opt.max_tokens) != EC_OK) {
        rc = ec_error_set(err, EC_EINVAL, "max_tokens '%s' is not a number of tokens", s->max_tokens);
        goto done;
    }
    if (s->rows[0]) {
        char sha[65];
        rc = ec_csv_read(s->rows, EC_CSV_TRIM, rows_record, &rows, sha, err);
        if (!rc && rows.n == 0) rc = ec_error_set(err, EC_EDATA, "%s: no rows (a header size,policy[,efficiency] and rows)", s->rows);
        if (rc) goto done;
        ec_step_record_file(st, s->rows, sha);
        rc = ec_project_rows(po->law, rows.v, rows.n, effs.v, effs.n, &opt, &po->r, err);
    } else {
        rc = parse_sizes(s->sizes, &sizes, err);
        if (!rc) rc = each_item(s->policies[0] ? s->policies : "compute-optimal", ",;", policy_one, &pols, err);
        if (!rc) rc = each_item(s->efficiency[0] ? s->efficiency : "1", ",;", eff_one, &effs, err);
        if (!rc)
            rc = ec_project(po->law, sizes.v, sizes.n, pols.v, pols.n, effs.v, effs.n, &opt, &po->r, err);
    }
    if (rc) goto done;
    for (size_t i = 0; i < po->r.n_rows; i++) {
        const ec_project_row *row = &po->r.rows[i];
        if (row->unreachable)
            ec_result_add_note(r, "row %zu (%s): the loss target is at or below the floor E of %zu of the %zu replicates: "
                               "unbounded there", i + 1, row->policy.text, row->unreachable, po->r.replicates);
        if (row->failed)
            ec_result_add_note(r, "row %zu: %zu of the %zu replicates gave no finite row and are left out of its band",
                               i + 1, row->failed, po->r.replicates);
    }
done:
    free(sizes.v);
    free(pols.v);
    free(effs.v);
    free(rows.v);
    ec_claims_src_close(&cs);
    if (rc) {
        ec_result_free(r);
        return rc;
    }
    *out = r;
    return EC_OK;
}

static const ec_step_output project_outputs[] = {
    {"loss", "the first row's loss (row.K.loss: row K, from 0)"},
    {"loss_lo95", "its band's lower end (_hi95: the upper)"},
    {"compute", "the first row's physical training compute (FLOP)"},
    {"effective_compute", "its effective compute, efficiency x compute"},
    {"N", "its parameters the law takes"},
    {"D", "its training tokens"},
    {"tokens_per_param", "D / N_active"},
    {"dloss", "loss minus the baseline row's, paired (row.K.dloss; _lo95/_hi95)"},
    {"beyond_compute", "orders of magnitude beyond the fitted data's largest compute"},
};

const ec_step_type ec_step_type_project = {
    "project", "project larger models: compute, tokens and loss with bands, paired differences", EC_RESULT_PROJECT,
    sizeof(project_step), project_init, project_groups, 1, project_inputs, 2, project_outputs,
    sizeof project_outputs / sizeof project_outputs[0], project_check, project_run};
