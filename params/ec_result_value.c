/*
 * ec_result_value.c — named outputs of results, as numbers (see the
 * outputs of each step type in ec_steps.c; `sweep --record` takes them).
 * Names that index (row.K.NAME, p.NAME, factor.MODEL) are parsed here.
 */
#include "ec_step_impl.h"
#include "ec_text.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int unknown(const ec_result *r, const char *name, ec_error *err)
{
    const ec_step_type *t = NULL;
    for (size_t i = 0; i < ec_step_type_count(); i++)
        if (ec_step_type_at(i)->kind == r->kind) t = ec_step_type_at(i);
    char list[600] = "";
    size_t used = 0;
    for (size_t i = 0; t && i < t->n_outputs && used < sizeof list; i++)
        used += (size_t)snprintf(list + used, sizeof list - used, "%s%s", i ? ", " : "", t->outputs[i].name);
    return ec_error_set(err, EC_EINVAL, "a %s result has no output '%s' (outputs: %s)", ec_result_kind_name(r->kind), name,
                        list[0] ? list : "none");
}

/* "lo95"/"hi95" suffixes: 0 for the value, 1 lower end, 2 upper end; *base is the name without it. */
static int split_end(const char *name, char *base, size_t cap)
{
    size_t n = strlen(name);
    int end = 0;
    if (n > 5 && strcmp(name + n - 5, "_lo95") == 0) end = 1;
    else if (n > 5 && strcmp(name + n - 5, "_hi95") == 0) end = 2;
    ec_text_span(base, cap, name, end ? n - 5 : n); /* "%.*s" without printf: per sweep cell and record */
    return end;
}

static int optimal_value(const ec_optimal_output *o, const char *name, double *v)
{
    size_t row = 0;
    const char *q = name;
    if (strncmp(name, "row.", 4) == 0) {
        char *end;
        row = strtoul(name + 4, &end, 10);
        if (end == name + 4 || *end != '.') return -1;
        q = end + 1;
    }
    if (row >= o->r.n_rows) return -1;
    const ec_optimal_row *r = &o->r.rows[row];
    char base[64];
    int end = split_end(q, base, sizeof base);
    const double *val, *ci;
    if (strcmp(base, "compute") == 0) val = &r->compute, ci = r->ci_compute;
    else if (strcmp(base, "N") == 0) val = &r->N, ci = r->ci_N;
    else if (strcmp(base, "D") == 0) val = &r->D, ci = r->ci_D;
    else if (strcmp(base, "tokens_per_param") == 0) val = &r->tokens_per_param, ci = r->ci_tpp;
    else if (strcmp(base, "loss") == 0) val = &r->loss, ci = r->ci_loss;
    else return -1;
    *v = end ? ci[end - 1] : *val;
    return 0;
}

static int project_value(const ec_project_output *o, const char *name, double *v)
{
    size_t row = 0;
    const char *q = name;
    if (strncmp(name, "row.", 4) == 0) {
        char *end;
        row = strtoul(name + 4, &end, 10);
        if (end == name + 4 || *end != '.') return -1;
        q = end + 1;
    }
    if (row >= o->r.n_rows) return -1;
    const ec_project_row *r = &o->r.rows[row];
    char base[64];
    int end = split_end(q, base, sizeof base);
    static const double none[2] = {NAN, NAN};
    const double *val, *ci = none;
    if (strcmp(base, "loss") == 0) val = &r->loss, ci = r->ci_loss;
    else if (strcmp(base, "compute") == 0) val = &r->compute, ci = r->ci_compute;
    else if (strcmp(base, "effective_compute") == 0) val = &r->effective_compute, ci = r->ci_effective;
    else if (strcmp(base, "N") == 0) val = &r->N_law, ci = r->ci_N;
    else if (strcmp(base, "D") == 0) val = &r->D, ci = r->ci_D;
    else if (strcmp(base, "tokens_per_param") == 0) val = &r->tokens_per_param;
    else if (strcmp(base, "dloss") == 0) val = &r->dloss, ci = r->ci_dloss;
    else if (strcmp(base, "beyond_compute") == 0) val = &r->beyond_compute;
    else return -1;
    *v = end ? ci[end - 1] : *val;
    return 0;
}

/* "qQQ": the index of percentile QQ among the result's, or -1. */
static int pct_index(const ec_sim_result *r, const char *s)
{
    if (s[0] != 'q') return -1;
    char *end;
    double p = strtod(s + 1, &end);
    if (end == s + 1 || *end) return -1;
    for (size_t j = 0; j < r->nq; j++)
        if (fabs(100 * r->q[j] - p) < 1e-9) return (int)j;
    return -1;
}

static int simulate_value(const ec_simulate_output *o, const char *name, double *v)
{
    const ec_sim_result *r = &o->r;
    const size_t last = (r->n_times - 1) * r->nq;
    const char *dot = strchr(name, '.');
    if (!dot) return -1;
    size_t pre = (size_t)(dot - name);
    int j;
    if (pre == 17 && strncmp(name, "effective_compute", 17) == 0 && (j = pct_index(r, dot + 1)) >= 0)
        *v = pow(10, r->log_effective[last + (size_t)j]);
    else if (pre == 16 && strncmp(name, "physical_compute", 16) == 0 && (j = pct_index(r, dot + 1)) >= 0)
        *v = pow(10, r->log_physical[last + (size_t)j]);
    else if (pre == 4 && strncmp(name, "loss", 4) == 0 && r->has_loss && (j = pct_index(r, dot + 1)) >= 0)
        *v = r->loss[last + (size_t)j];
    else {
        char *end;
        size_t K = strtoul(dot + 1, &end, 10);
        if (end == dot + 1 || K >= r->n_thr) return -1;
        const ec_sim_threshold *t = &r->thr[K];
        if (pre == 7 && strncmp(name, "p_never", 7) == 0 && !*end) *v = t->never;
        else if (pre == 8 && strncmp(name, "crossing", 8) == 0 && *end == '.' && (j = pct_index(r, end + 1)) >= 0)
            *v = t->year[j];
        else if (pre == 4 && strncmp(name, "p_by", 4) == 0 && *end == '.') {
            char *e2;
            double Y = strtod(end + 1, &e2);
            if (*e2) return -1;
            int found = -1;
            for (size_t y = 0; y < r->n_by; y++)
                if (r->by_year[y] == Y) found = (int)y;
            if (found < 0) return -1;
            *v = t->p_by[found];
        } else return -1;
    }
    return 0;
}

int ec_result_value(const ec_result *r, const char *name, double *v, ec_error *err)
{
    int bad = 0;
    switch (r->kind) {
    case EC_RESULT_FIT: {
        const ec_fit_output *f = r->payload;
        if (strcmp(name, "objective") == 0) *v = f->fit.objective;
        else if (strcmp(name, "r2") == 0) *v = f->fit.r2;
        else if (strcmp(name, "aic") == 0) *v = f->fit.aic;
        else if (strcmp(name, "bic") == 0) *v = f->fit.bic;
        else if (strncmp(name, "p.", 2) == 0 || strncmp(name, "se.", 3) == 0) {
            int se = name[0] == 's';
            int j = ec_form_param_index(f->fit.form, name + (se ? 3 : 2));
            if (j < 0) bad = 1;
            else *v = se ? (f->boot ? f->boot->se[j] : f->fit.se_available ? f->fit.se[j] : NAN) : f->fit.params[j];
        } else bad = 1;
        break;
    }
    case EC_RESULT_PREDICT: {
        const ec_predict_output *p = r->payload;
        if (!p->r.n) bad = 1;
        else if (strcmp(name, "y_hat") == 0) *v = p->r.y_hat[0];
        else if (strcmp(name, "lo95") == 0) *v = p->r.lo[0];
        else if (strcmp(name, "hi95") == 0) *v = p->r.hi[0];
        else bad = 1;
        break;
    }
    case EC_RESULT_OPTIMAL: bad = optimal_value(r->payload, name, v) != 0; break;
    case EC_RESULT_PROJECT: bad = project_value(r->payload, name, v) != 0; break;
    case EC_RESULT_SIMULATE: bad = simulate_value(r->payload, name, v) != 0; break;
    case EC_RESULT_MULTIPLIER: {
        const ec_multiplier_output *m = r->payload;
        if (strcmp(name, "value") == 0) *v = m->r.value;
        else if (strcmp(name, "reference_compute") == 0) *v = m->r.reference_compute;
        else if (strcmp(name, "lo95") == 0) *v = m->r.ci[0];
        else if (strcmp(name, "hi95") == 0) *v = m->r.ci[1];
        else bad = 1;
        break;
    }
    case EC_RESULT_ISOFLOP: {
        const ec_isoflop_output *o = r->payload;
        if (strcmp(name, "D_coef") == 0) *v = o->r.D_coef;
        else if (strcmp(name, "D_exp") == 0) *v = o->r.D_exp;
        else if (strcmp(name, "N_coef") == 0) *v = o->r.N_coef;
        else if (strcmp(name, "N_exp") == 0) *v = o->r.N_exp;
        else bad = 1;
        break;
    }
    case EC_RESULT_CLAIMS: {
        const ec_claims_output *c = r->payload;
        const ec_ledger *l = &c->ledger;
        const char *dot = strchr(name, '.');
        if (strcmp(name, "chi2") == 0) *v = l->chi2;
        else if (strcmp(name, "p_value") == 0) *v = l->p_value;
        else if (dot) {
            int k = ec_ledger_model_index(l, dot + 1);
            size_t pre = (size_t)(dot - name);
            if (k < 0) bad = 1;
            else if (pre == 6 && strncmp(name, "factor", 6) == 0) *v = l->factor[k];
            else if (pre == 4 && strncmp(name, "lo95", 4) == 0) *v = l->ci_lo[k];
            else if (pre == 4 && strncmp(name, "hi95", 4) == 0) *v = l->ci_hi[k];
            else bad = 1;
        } else bad = 1;
        break;
    }
    case EC_RESULT_TREND: {
        const ec_trend_output *t = r->payload;
        if (strcmp(name, "g") == 0) *v = t->r.g;
        else if (strcmp(name, "growth_per_year") == 0) *v = t->r.growth;
        else if (strcmp(name, "months") == 0) *v = t->r.dt.months;
        else if (strcmp(name, "g_lo95") == 0) *v = t->r.g_ci[0];
        else if (strcmp(name, "g_hi95") == 0) *v = t->r.g_ci[1];
        else bad = 1;
        break;
    }
    case EC_RESULT_COMPARE: {
        const ec_compare_output *c = r->payload;
        if (strcmp(name, "best_aic") == 0) *v = c->r.best_aic;
        else if (strncmp(name, "aic.", 4) == 0 || strncmp(name, "rmsle.", 6) == 0) {
            int aic = name[0] == 'a';
            const char *form = name + (aic ? 4 : 6);
            bad = 1;
            for (size_t k = 0; k < c->r.n; k++)
                if (strcmp(c->r.rows[k].form->name, form) == 0 && !c->r.rows[k].failed) {
                    *v = aic ? c->r.rows[k].fit.aic : c->r.rows[k].have_bt ? c->r.rows[k].bt.rmsle : NAN;
                    bad = 0;
                }
        } else bad = 1;
        break;
    }
    case EC_RESULT_BACKTEST: {
        const ec_backtest_output *b = r->payload;
        if (strcmp(name, "rmsle") == 0) *v = b->r.rmsle;
        else if (strcmp(name, "mean_log_ratio") == 0) *v = b->r.mean_log_ratio;
        else bad = 1;
        break;
    }
    default: bad = 1;
    }
    return bad ? unknown(r, name, err) : EC_OK;
}

void ec_result_replicate_values(const ec_result *r, const char *name, const double **v, size_t *n)
{
    *v = NULL;
    *n = 0;
    const ec_project_output *o = ec_result_project(r);
    if (!o || !o->r.replicates) return;
    size_t row = 0;
    const char *q = name;
    if (strncmp(name, "row.", 4) == 0) {
        char *end;
        row = strtoul(name + 4, &end, 10);
        if (end == name + 4 || *end != '.') return;
        q = end + 1;
    }
    if (row >= o->r.n_rows || strcmp(q, "loss") != 0 || !o->r.rows[row].rep_loss) return;
    *v = o->r.rows[row].rep_loss;
    *n = o->r.replicates;
}
