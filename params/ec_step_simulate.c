/*
 * ec_step_simulate.c — the simulate step: Monte Carlo trajectories of
 * frontier compute and loss over years (solvers/ec_simulate.h).
 *
 * Its inputs: a fitted law (for the loss; optional), trends for the growth
 * rates (compute_growth = @trend in a scenario, or --growth-trend
 * TREND.json), a claims ledger for the starting efficiency
 * (start_efficiency = claims:MODEL). Distributions are checked when they are
 * set, so a scenario's bad distribution is reported at its key's line.
 */
#include "ec_step_impl.h"

#include <gsl/gsl_sort.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ec_dist.h"
#include "ec_interval.h"
#include "ec_kv.h"
#include "ec_steps.h"

typedef struct simulate_step {
    law_opts law;
    char params[512];
    double start_year;
    char start_compute[512];
    char start_data[1024];
    char start_columns[512];
    char start_where[1024];
    char start_efficiency[512];
    char claims[1024];
    double end_year;
    int growth_mode;
    char compute_growth[512];
    char growth_trend[1024];
    int growth_unit;
    char schedule[1024];
    char slowdown_year[512];
    char slowdown_growth[512];
    char algo_growth[512];
    char algo_trend[1024];
    int algo_unit;
    int algo_mode;
    char correlations[1024];
    double k;
    int draws;
    unsigned long long seed;
    int threads;
    char percentiles[512];
    char thresholds[1024];
    char loss_thresholds[512];
    char draws_out[1024];
    char plot[1024];
} simulate_step;

/* ----------------------------------------------------------- checks */

static int is_ref_or_model(const char *v)
{
    return v[0] == '@' || strncmp(v, "claims:", 7) == 0;
}

static int check_dist(const char *value, ec_error *err)
{
    if (!value[0] || value[0] == '@' || strncmp(value, "replicates(", 11) == 0) return EC_OK; /* a file: at run */
    ec_dist d;
    int rc = ec_dist_parse(value, &d, err);
    ec_dist_clear(&d);
    return rc;
}

static int check_efficiency_dist(const char *value, ec_error *err)
{
    if (is_ref_or_model(value)) {
        const char *c = strchr(value, ':');
        if (!c || !c[1])
            return ec_error_set(err, EC_EINVAL, "start_efficiency '%s': write claims:MODEL or @STEP:MODEL", value);
        return EC_OK;
    }
    return check_dist(value, err);
}

static int check_percentiles(const char *value, ec_error *err)
{
    double *v;
    size_t n;
    int rc = ec_parse_list("percentiles", value, 0, &v, &n, err);
    if (rc) return rc; /* nothing allocated */
    for (size_t i = 0; !rc && i < n; i++)
        if (!(v[i] > 0 && v[i] < 100))
            rc = ec_error_set(err, EC_EINVAL, "percentiles: %g is not in (0, 100) (e.g. 5,50,95)", v[i]);
    free(v);
    return rc;
}

/* A list of positive numbers for option `name` (empty: none). */
static int positive_list(const char *name, const char *value, ec_error *err)
{
    if (!value[0]) return EC_OK;
    double *v;
    size_t n;
    int rc = ec_parse_list(name, value, EC_LIST_POSITIVE, &v, &n, err);
    if (!rc) free(v);
    return rc;
}

static int check_positive_list(const char *value, ec_error *err)
{
    return positive_list("thresholds", value, err);
}

static int check_loss_list(const char *value, ec_error *err)
{
    return positive_list("loss_thresholds", value, err);
}

/* schedule: [[year, rate], ...] (JSON). */
static int parse_schedule(const char *text, double **years, double **rates, size_t *n, ec_error *err)
{
    *years = *rates = NULL;
    *n = 0;
    cJSON *a = cJSON_Parse(text);
    int rc = EC_OK;
    if (!cJSON_IsArray(a) || cJSON_GetArraySize(a) == 0) {
        rc = ec_error_set(err, EC_EINVAL, "schedule '%s': write [[year, rate], ...], e.g. [[2026, 4], [2028, 2.5]]", text);
        goto done;
    }
    size_t m = (size_t)cJSON_GetArraySize(a);
    *years = malloc(sizeof(double) * m);
    *rates = malloc(sizeof(double) * m);
    if (!*years || !*rates) {
        rc = ec_error_set(err, EC_ENOMEM, "out of memory");
        goto done;
    }
    const cJSON *p;
    cJSON_ArrayForEach(p, a)
    {
        const cJSON *y = cJSON_GetArrayItem(p, 0), *r = cJSON_GetArrayItem(p, 1);
        if (!cJSON_IsArray(p) || cJSON_GetArraySize(p) != 2 || !cJSON_IsNumber(y) || !cJSON_IsNumber(r)) {
            rc = ec_error_set(err, EC_EINVAL, "schedule: item %zu is not [year, rate] (write [[2026, 4], [2028, 2.5]])",
                              *n + 1);
            goto done;
        }
        if (*n && !(y->valuedouble > (*years)[*n - 1])) {
            rc = ec_error_set(err, EC_EINVAL, "schedule: the years must increase (%g after %g)", y->valuedouble,
                              (*years)[*n - 1]);
            goto done;
        }
        (*years)[*n] = y->valuedouble;
        (*rates)[*n] = r->valuedouble;
        (*n)++;
    }
done:
    cJSON_Delete(a);
    if (rc) {
        free(*years);
        free(*rates);
        *years = *rates = NULL;
        *n = 0;
    }
    return rc;
}

static int check_schedule(const char *value, ec_error *err)
{
    if (!value[0]) return EC_OK;
    double *y, *r;
    size_t n;
    int rc = parse_schedule(value, &y, &r, &n, err);
    if (!rc) {
        free(y);
        free(r);
    }
    return rc;
}

typedef struct corr_ctx {
    double *rho;
} corr_ctx;

static int input_index(const char *name)
{
    for (int i = 0; i < EC_SIM_N_INPUTS; i++)
        if (strcmp(ec_sim_input_names[i], name) == 0) return i;
    return -1;
}

static int corr_item(void *user, const char *key, const char *value, ec_error *err)
{
    corr_ctx *c = user;
    char a[64], b[64];
    const char *colon = strchr(key, ':');
    if (!colon || (size_t)(colon - key) >= sizeof a || strlen(colon + 1) >= sizeof b)
        return ec_error_set(err, EC_EINVAL, "correlations: '%s' is not INPUT:INPUT=RHO (e.g. compute_growth:algo_growth=0.3)",
                            key);
    snprintf(a, sizeof a, "%.*s", (int)(colon - key), key);
    snprintf(b, sizeof b, "%s", colon + 1);
    int ia = input_index(a), ib = input_index(b);
    if (ia < 0 || ib < 0)
        return ec_error_set(err, EC_EINVAL,
                            "correlations: unknown input '%s' (inputs: start_compute, start_efficiency, compute_growth, "
                            "algo_growth, slowdown_year, slowdown_growth)",
                            ia < 0 ? a : b);
    if (ia == ib) return ec_error_set(err, EC_EINVAL, "correlations: '%s' pairs an input with itself", key);
    double v;
    if (ec_parse_finite(value, &v) != EC_OK || !(v >= -1 && v <= 1))
        return ec_error_set(err, EC_EINVAL, "correlations: %s = '%s' is not a rank correlation; give a number from -1 to 1",
                            key, value);
    if (c->rho) c->rho[ia * EC_SIM_N_INPUTS + ib] = c->rho[ib * EC_SIM_N_INPUTS + ia] = v;
    return EC_OK;
}

static int check_correlations(const char *value, ec_error *err)
{
    if (!value[0]) return EC_OK;
    corr_ctx c = {NULL};
    return ec_kv_parse("correlations", value, corr_item, &c, err);
}

/* ----------------------------------------------------------- the options */

static const char *const mode_choices[] = {"constant", "shocks", "schedule", "slowdown", NULL};
static const char *const unit_choices[] = {"x", "oom", NULL};
static const char *const algo_mode_choices[] = {"constant", "shocks", NULL};

#define OFF(field) offsetof(simulate_step, field)
#define SZ(field) sizeof(((simulate_step *)0)->field)
static const ec_option_desc simulate_rows[] = {
    LAW_ROWS(simulate_step),
    {"params", EC_OPT_STRING, OFF(params), SZ(params), 0, 0, NULL, "",
     "inline parameters 'E=..,A=..,B=..,alpha=..,beta=..' with --form chinchilla", NULL, 0},
    {"start_year", EC_OPT_DOUBLE, OFF(start_year), 0, -1e6, 1e6, NULL, "from start_data",
     "the year of the starting frontier (a decimal year, e.g. 2025.13)", NULL, 0},
    {"start_compute", EC_OPT_STRING, OFF(start_compute), SZ(start_compute), 0, 0, NULL, "from start_data",
     "physical training compute of the starting frontier, FLOP: a number or a distribution, e.g. "
     "lognormal(median=5e26, ci90=[3e26, 8.33e26])",
     check_dist, 0},
    {"start_data", EC_OPT_STRING, OFF(start_data), SZ(start_data), 0, 0, NULL, "",
     "CSV of models: the start is the one with the largest compute (its compute and date)", NULL, EC_OPT_PATH_IN},
    {"start_columns", EC_OPT_STRING, OFF(start_columns), SZ(start_columns), 0, 0, NULL,
     "C=Training compute (FLOP),date=Publication date,name=Model", "roles of start_data's columns: C, date, name",
     NULL, 0},
    {"start_where", EC_OPT_STRING, OFF(start_where), SZ(start_where), 0, 0, NULL, "",
     "keep only these rows of start_data (as --where, ';' between filters)", NULL, 0},
    {"start_efficiency", EC_OPT_STRING, OFF(start_efficiency), SZ(start_efficiency), 0, 0, NULL, "1",
     "efficiency factor at the start (effective = physical x factor): a distribution, claims:MODEL (with --claims) "
     "or @STEP:MODEL (log-normal with the ledger's se)",
     check_efficiency_dist, 0},
    {"claims", EC_OPT_STRING, OFF(claims), SZ(claims), 0, 0, NULL, "",
     "claims ledger JSON for start_efficiency = claims:MODEL", NULL, EC_OPT_PATH_IN},
    {"end_year", EC_OPT_DOUBLE, OFF(end_year), 0, -1e6, 1e6, NULL, "", "the last year simulated (required)", NULL, 0},
    {"growth_mode", EC_OPT_CHOICE, OFF(growth_mode), 0, 0, 0, mode_choices, "constant",
     "physical compute growth: one rate per draw, yearly shocks, a schedule of rates, or a slowdown", NULL, 0},
    {"compute_growth", EC_OPT_STRING, OFF(compute_growth), SZ(compute_growth), 0, 0, NULL, "",
     "physical compute growth per year (growth_unit): a distribution, e.g. lognormal(median=4.2, ci90=[3, 5.88]), or "
     "@STEP of a trend",
     check_dist, 0},
    {"growth_trend", EC_OPT_STRING, OFF(growth_trend), SZ(growth_trend), 0, 0, NULL, "",
     "trend JSON ('effcomp trend -o') whose growth rate is compute_growth, drawn normal(g, se) (a scenario's "
     "@trend step: its bootstrap values when it has them)", NULL,
     EC_OPT_PATH_IN},
    {"growth_unit", EC_OPT_CHOICE, OFF(growth_unit), 0, 0, 0, unit_choices, "x",
     "unit of compute_growth, slowdown_growth and the schedule: x per year, or oom (orders of magnitude) per year",
     NULL, 0},
    {"schedule", EC_OPT_STRING, OFF(schedule), SZ(schedule), 0, 0, NULL, "",
     "growth_mode schedule: [[year, rate], ...], each rate from its year on (the first also before)", check_schedule,
     0},
    {"slowdown_year", EC_OPT_STRING, OFF(slowdown_year), SZ(slowdown_year), 0, 0, NULL, "",
     "growth_mode slowdown: the year growth slows, a number or a distribution, e.g. uniform(2027, 2030)", check_dist,
     0},
    {"slowdown_growth", EC_OPT_STRING, OFF(slowdown_growth), SZ(slowdown_growth), 0, 0, NULL, "",
     "growth_mode slowdown: the growth per year after it (growth_unit)", check_dist, 0},
    {"algo_growth", EC_OPT_STRING, OFF(algo_growth), SZ(algo_growth), 0, 0, NULL, "none",
     "algorithmic efficiency growth per year (algo_unit): a distribution, or @STEP of an algorithmic trend",
     check_dist, 0},
    {"algo_trend", EC_OPT_STRING, OFF(algo_trend), SZ(algo_trend), 0, 0, NULL, "",
     "trend JSON ('effcomp trend --algorithmic -o') whose rate is algo_growth", NULL, EC_OPT_PATH_IN},
    {"algo_unit", EC_OPT_CHOICE, OFF(algo_unit), 0, 0, 0, unit_choices, "x", "unit of algo_growth", NULL, 0},
    {"algo_mode", EC_OPT_CHOICE, OFF(algo_mode), 0, 0, 0, algo_mode_choices, "constant",
     "algorithmic growth: one rate per draw, or yearly shocks", NULL, 0},
    {"correlations", EC_OPT_STRING, OFF(correlations), SZ(correlations), 0, 0, NULL, "",
     "rank correlations of per-draw inputs, e.g. 'compute_growth:algo_growth=0.3' (a Gaussian copula)",
     check_correlations, 0},
    {"k", EC_OPT_DOUBLE, OFF(k), 0, 1e-300, 1e300, NULL, "6", "FLOP per parameter and token for the loss: C = k N D",
     NULL, 0},
    {"draws", EC_OPT_INT, OFF(draws), 0, 2, 2e9, NULL, "100000", "Monte Carlo draws", NULL, 0},
    {"seed", EC_OPT_U64, OFF(seed), 0, 0, 1.8446744073709552e19, NULL, "42",
     "random seed (draw i's numbers depend only on seed and i)", NULL, 0},
    {"threads", EC_OPT_INT, OFF(threads), 0, 0, 4096, NULL, "0", "threads (0 = OpenMP default; results do not change)",
     NULL, 0},
    {"percentiles", EC_OPT_STRING, OFF(percentiles), SZ(percentiles), 0, 0, NULL, "5,10,25,50,75,90,95",
     "percentiles reported per year and for crossing years", check_percentiles, 0},
    {"thresholds", EC_OPT_STRING, OFF(thresholds), SZ(thresholds), 0, 0, NULL, "",
     "effective compute thresholds (FLOP), e.g. 1e27,1e28,1e29: the distribution of the year each is crossed",
     check_positive_list, 0},
    {"loss_thresholds", EC_OPT_STRING, OFF(loss_thresholds), SZ(loss_thresholds), 0, 0, NULL, "",
     "loss thresholds (needs a law): the year the compute-optimal loss falls to each", check_loss_list, 0},
    {"draws_out", EC_OPT_STRING, OFF(draws_out), SZ(draws_out), 0, 0, NULL, "",
     "write one CSV row per draw (its inputs, end values and crossing years)", NULL, EC_OPT_PATH_OUT},
    {"plot", EC_OPT_STRING, OFF(plot), SZ(plot), 0, 0, NULL, "",
     "also draw the fan chart of effective compute to this .png, .svg or .pdf", NULL, EC_OPT_PATH_OUT},
};
#undef OFF
#undef SZ
static const ec_option_table simulate_table = {"simulate", simulate_rows,
                                               sizeof simulate_rows / sizeof simulate_rows[0]};
const ec_option_table *ec_simulate_option_table(void)
{
    return &simulate_table;
}

static void simulate_init(void *o)
{
    simulate_step *s = o;
    s->start_year = NAN;
    s->end_year = NAN;
    s->k = 6;
    s->draws = 100000;
    s->seed = 42;
    snprintf(s->start_columns, sizeof s->start_columns, "C=Training compute (FLOP),date=Publication date,name=Model");
    snprintf(s->percentiles, sizeof s->percentiles, "5,10,25,50,75,90,95");
}

static const ec_step_group simulate_groups[] = {{ec_simulate_option_table, 0}};

static const ec_step_input simulate_inputs[] = {
    {"fit", 1u << EC_RESULT_FIT, "a fit result", NULL},
    {"growth_trend", 1u << EC_RESULT_TREND, "a trend result", "compute_growth"},
    {"algo_trend", 1u << EC_RESULT_TREND, "a trend result", "algo_growth"},
    {"claims", 1u << EC_RESULT_CLAIMS, "a claims result", "start_efficiency"}};

static int simulate_check(ec_step *st, ec_error *err)
{
    simulate_step *s = ec_step_options(st);
    int rc;
    if (!isfinite(s->end_year))
        return ec_error_set(err, EC_EINVAL, "simulate: --end-year YEAR is required (see 'effcomp simulate --help')");
    if (s->start_data[0] && (s->start_compute[0] || isfinite(s->start_year)))
        return ec_error_set(err, EC_EINVAL,
                            "simulate: give the start either as --start-data FILE or as --start-year and --start-compute");
    if (!s->start_data[0] && (!s->start_compute[0] || !isfinite(s->start_year)))
        return ec_error_set(err, EC_EINVAL,
                            "simulate: give --start-year and --start-compute (or --start-data FILE: its largest run)");
    if (isfinite(s->start_year) && !(s->end_year > s->start_year))
        return ec_error_set(err, EC_EINVAL, "simulate: end_year %g is not after start_year %g; give an end year after the start",
                            s->end_year,
                            s->start_year);
    if (s->law.fit[0] || s->law.form[0]) {
        if ((rc = ec_step_check_law(&s->law, err))) return rc;
    } else if (s->loss_thresholds[0]) {
        return ec_error_set(err, EC_EINVAL, "simulate: --loss-thresholds needs a law (--fit FIT.json)");
    }
    const int from_trend = s->growth_trend[0] || s->compute_growth[0] == '@';
    if (s->growth_mode == EC_GROWTH_SCHEDULE) {
        if (!s->schedule[0])
            return ec_error_set(err, EC_EINVAL, "simulate: growth_mode schedule needs --schedule '[[year, rate], ...]'");
        if (s->compute_growth[0] || s->growth_trend[0])
            return ec_error_set(err, EC_EINVAL,
                                "simulate: compute_growth = %s is not used with growth_mode schedule (the schedule's rates "
                                "are); remove it", s->compute_growth[0] ? s->compute_growth : s->growth_trend);
    } else if (!s->compute_growth[0] && !from_trend) {
        return ec_error_set(err, EC_EINVAL,
                            "simulate: give --compute-growth (a factor per year or a distribution) or --growth-trend "
                            "TREND.json");
    }
    if (s->growth_trend[0] && s->compute_growth[0] && s->compute_growth[0] != '@')
        return ec_error_set(err, EC_EINVAL, "simulate: give compute_growth or growth_trend, not both");
    if (s->algo_trend[0] && s->algo_growth[0] && s->algo_growth[0] != '@')
        return ec_error_set(err, EC_EINVAL, "simulate: give algo_growth or algo_trend, not both");
    if (s->growth_mode == EC_GROWTH_SLOWDOWN && (!s->slowdown_year[0] || !s->slowdown_growth[0]))
        return ec_error_set(err, EC_EINVAL, "simulate: growth_mode slowdown needs --slowdown-year and --slowdown-growth");
    if (s->growth_mode != EC_GROWTH_SCHEDULE && s->schedule[0])
        return ec_error_set(err, EC_EINVAL, "simulate: --schedule is used only with --growth-mode schedule");
    if (s->growth_mode != EC_GROWTH_SLOWDOWN && (s->slowdown_year[0] || s->slowdown_growth[0]))
        return ec_error_set(err, EC_EINVAL, "simulate: --slowdown-year/--slowdown-growth need --growth-mode slowdown");
    if (strncmp(s->start_efficiency, "claims:", 7) == 0 && !s->claims[0] && !ec_step_bound(st, "claims", NULL))
        return ec_error_set(err, EC_EINVAL, "simulate: start_efficiency claims:MODEL needs --claims CLAIMS.json");
    if (s->start_efficiency[0] == '@' && s->claims[0] != '@' && !ec_step_bound(st, "claims", NULL))
        return ec_error_set(err, EC_EINVAL,
                            "simulate: start_efficiency @STEP:MODEL names a step of a scenario; on the command line "
                            "write claims:MODEL with --claims CLAIMS.json");
    if ((s->compute_growth[0] == '@' && s->growth_trend[0] != '@' && !ec_step_bound(st, "growth_trend", NULL)) ||
        (s->algo_growth[0] == '@' && s->algo_trend[0] != '@' && !ec_step_bound(st, "algo_trend", NULL)))
        return ec_error_set(err, EC_EINVAL,
                            "simulate: a growth of @STEP names a trend step of a scenario; on the command line give "
                            "--growth-trend/--algo-trend TREND.json");
    /* A factor per year that can be <= 0: found here, before any step of a scenario runs. */
    const struct {
        const char *name, *text;
        int x;
    } rates[] = {{"compute_growth", s->compute_growth, s->growth_unit == 0 && s->growth_mode != EC_GROWTH_SCHEDULE},
                 {"slowdown_growth", s->slowdown_growth, s->growth_unit == 0},
                 {"algo_growth", s->algo_growth, s->algo_unit == 0}};
    for (size_t k = 0; k < sizeof rates / sizeof rates[0]; k++) {
        if (!rates[k].x || !rates[k].text[0] || rates[k].text[0] == '@') continue;
        ec_dist d;
        ec_error e;
        if (ec_dist_parse(rates[k].text, &d, &e) != EC_OK) return ec_error_set(err, e.code, "%s: %s", rates[k].name, e.message);
        rc = ec_sim_check_rate(&d, 0, rates[k].name, err); /* the library's own check, before anything runs */
        ec_dist_clear(&d);
        if (rc) return rc;
    }
    if ((rc = ec_step_need_input(s->start_data, err))) return rc;
    if ((rc = ec_step_need_json(s->claims, err))) return rc;
    if ((rc = ec_step_need_json(s->growth_trend, err))) return rc;
    return ec_step_need_json(s->algo_trend, err);
}

/* ------------------------------------------------------------------ run */

static void simulate_output_free(void *p)
{
    ec_simulate_output *o = p;
    ec_sim_result_clear(&o->r);
    ec_law_free(o->law_owned);
}

/* A distribution from text, with the option named in its error. */
static int dist_of(const char *name, const char *text, ec_dist *d, ec_error *err)
{
    ec_error e;
    ec_dist_clear(d);
    if (ec_dist_parse(text, d, &e) != EC_OK) return ec_error_set(err, e.code, "%s: %s", name, e.message);
    return EC_OK;
}

/*
 * A rate from a trend (in memory or a trend JSON): its bootstrap values of g when it has them, else normal(g,
 * se), in orders of magnitude per year; written in the unit of the option (factors: 10^g). *text gets how.
 */
static int dist_of_trend(ec_step *st, const char *key, const char *file, int oom, ec_dist *d, char *text, size_t cap,
                         ec_error *err)
{
    const char *ref = NULL;
    const ec_result *b = ec_step_bound(st, key, &ref);
    double g = NAN, se = NAN;
    const double *reps = NULL;
    size_t nrep = 0, stride = 0;
    int gi = -1;
    char src[1100];
    cJSON *root = NULL;
    if (b) {
        const ec_trend_output *t = ec_result_trend(b);
        g = t->r.g;
        se = t->r.se;
        if (t->r.boot) {
            gi = ec_form_param_index(t->r.fit.form, "g");
            reps = t->r.boot->samples;
            nrep = t->r.boot->replicates;
            stride = (size_t)t->r.boot->n_params;
        }
        snprintf(src, sizeof src, "%s", ref && ref[0] ? ref : "@trend");
    } else {
        char sha[65];
        if (!(root = ec_step_read_json(file, "trend", sha, err))) return err ? err->code : EC_EDATA;
        ec_step_record_file(st, file, sha);
        const cJSON *jg = cJSON_GetObjectItemCaseSensitive(root, "g"), *js = cJSON_GetObjectItemCaseSensitive(root, "g_se");
        g = cJSON_IsNumber(jg) ? jg->valuedouble : NAN;
        se = cJSON_IsNumber(js) ? js->valuedouble : NAN;
        /* A number the file holds must be usable (issue 14): 1e400 reads as inf, and an se of inf
         * would otherwise pass for "no uncertainty". The trend's writer never writes one. */
        const char *bad = cJSON_IsNumber(jg) && !isfinite(g)                ? "g"
                          : cJSON_IsNumber(js) && (!isfinite(se) || se < 0) ? "g_se"
                                                                            : NULL;
        if (bad) {
            ec_error_set(err, EC_EDATA, "%s %s: \"%s\" = %g is not a finite%s number; give the JSON 'effcomp trend -o' "
                         "wrote", key, file, bad, bad[1] ? se : g, bad[1] ? ", non-negative" : "");
            cJSON_Delete(root);
            return EC_EDATA;
        }
        snprintf(src, sizeof src, "%s (sha256 %s)", file, sha);
    }
    cJSON_Delete(root);
    if (!isfinite(g)) return ec_error_set(err, EC_EDATA, "%s %s: the trend has no growth rate g", key, src);
    ec_dist_clear(d);
    memset(d, 0, sizeof *d);
    d->lo = -INFINITY;
    d->hi = INFINITY;
    d->F_hi = 1;
    size_t finite_reps = 0;
    for (size_t r = 0; reps && gi >= 0 && r < nrep; r++) finite_reps += isfinite(reps[r * stride + (size_t)gi]) != 0;
    if (reps && gi >= 0 && finite_reps >= 2) {
        d->kind = EC_DIST_EMPIRICAL;
        d->values = malloc(sizeof(double) * nrep);
        if (!d->values) return ec_error_set(err, EC_ENOMEM, "out of memory");
        size_t m = 0;
        for (size_t r = 0; r < nrep; r++) {
            double v = reps[r * stride + (size_t)gi];
            if (isfinite(v)) d->values[m++] = oom ? v : pow(10, v);
        }
        d->n = m;
        gsl_sort(d->values, 1, m);
        snprintf(text, cap, "the %zu bootstrap values of the growth rate of trend %s (g = %.4g OOM/year)", m, src, g);
    } else if (isfinite(se) && se > 0) {
        d->kind = oom ? EC_DIST_NORMAL : EC_DIST_LOGNORMAL;
        d->a = oom ? g : g * log(10);
        d->b = oom ? se : se * log(10);
        snprintf(text, cap, "normal(%.6g, %.6g) OOM/year from trend %s", g, se, src);
    } else {
        d->kind = EC_DIST_FIXED;
        d->a = oom ? g : pow(10, g);
        snprintf(text, cap, "%.6g OOM/year from trend %s (no uncertainty)", g, src);
    }
    snprintf(d->text, sizeof d->text, "%s", text);
    return EC_OK;
}

/* The start: the run with the largest compute of start_data. */
static int start_from_data(ec_step *st, const simulate_step *s, ec_simulate_output *so, ec_sim_model *m, ec_error *err)
{
    ec_data_options in;
    ec_data_options_init(&in, s->start_columns);
    snprintf(in.data, sizeof in.data, "%s", s->start_data);
    snprintf(in.where, sizeof in.where, "%s", s->start_where);
    size_t rows;
    ec_error e;
    ec_dataset *ds = ec_data_load(&in, NULL, &rows, &e);
    if (!ds) return ec_error_set(err, e.code, "start_data: %s", e.message);
    ec_step_record_file(st, ds->path, ds->sha256);
    snprintf(so->start_sha256, sizeof so->start_sha256, "%s", ds->sha256);
    if (!ds->col[EC_ROLE_C] || !ds->col[EC_ROLE_DATE]) {
        ec_dataset_free(ds);
        return ec_error_set(err, EC_EINVAL, "start_data: start_columns must map C (compute) and date");
    }
    size_t best = 0;
    for (size_t i = 1; i < ds->n; i++)
        if (ds->col[EC_ROLE_C][i] > ds->col[EC_ROLE_C][best]) best = i;
    m->start_year = ds->col[EC_ROLE_DATE][best];
    so->start_compute = ds->col[EC_ROLE_C][best];
    so->start_line = ds->line[best];
    snprintf(so->start_model, sizeof so->start_model, "%s", ds->name ? ds->name[best] : "");
    char t[64];
    snprintf(t, sizeof t, "fixed(%.17g)", so->start_compute);
    ec_dataset_free(ds);
    return dist_of("start_compute", t, &m->start_compute, err);
}

static int simulate_run(ec_step *st, ec_result **out, ec_error *err)
{
    simulate_step *s = ec_step_options(st);
    ec_simulate_output *so = calloc(1, sizeof *so);
    if (!so) return ec_error_set(err, EC_ENOMEM, "out of memory");
    ec_result *r = ec_result_new(EC_RESULT_SIMULATE, so, simulate_output_free);
    if (!r) return ec_error_set(err, EC_ENOMEM, "out of memory");
    ec_sim_model m;
    ec_sim_model_init(&m);
    ec_claims_src cs;
    memset(&cs, 0, sizeof cs);
    double *q = NULL, *thr = NULL, *lthr = NULL, *sy = NULL, *sr = NULL;
    size_t nq = 0, nthr = 0, nlthr = 0, ns = 0;
    int rc = EC_OK;
    /* The law, when there is one. */
    if (s->law.fit[0] || s->law.form[0] || ec_step_bound(st, "fit", NULL)) {
        ec_law *own;
        rc = ec_step_get_law(st, &s->law, s->params, r, &so->law, &own, &so->from, err);
        so->law_owned = own;
        if (rc) goto done;
        m.law = so->law;
    }
    /* The start. */
    if (s->start_data[0]) {
        if ((rc = start_from_data(st, s, so, &m, err))) goto done;
        snprintf(so->start_source, sizeof so->start_source, "%s", s->start_data);
    } else {
        m.start_year = s->start_year;
        if ((rc = dist_of("start_compute", s->start_compute, &m.start_compute, err))) goto done;
    }
    if (!(s->end_year > m.start_year)) {
        rc = ec_error_set(err, EC_EINVAL, "simulate: end_year %g is not after the start %g%s%s", s->end_year,
                          m.start_year, so->start_model[0] ? " of " : "", so->start_model);
        goto done;
    }
    /* The starting efficiency: a distribution, or a ledger's factor (log-normal with its se). */
    const char *se_text = s->start_efficiency[0] ? s->start_efficiency : "1";
    if (is_ref_or_model(se_text)) {
        if ((rc = ec_claims_src_open(st, s->claims, &cs, err))) goto done;
        double f, sl;
        ec_error e;
        if ((rc = ec_claims_src_factor(&cs, strchr(se_text, ':') + 1, &f, &sl, &e))) {
            rc = ec_error_set(err, rc, "start_efficiency: %s", e.message);
            goto done;
        }
        char t[128];
        if (sl > 0) snprintf(t, sizeof t, "lognormal(median=%.17g, sigma=%.17g)", f, sl);
        else snprintf(t, sizeof t, "fixed(%.17g)", f);
        if ((rc = dist_of("start_efficiency", t, &m.start_efficiency, err))) goto done;
        /* shown with 6 digits (the draws use the ledger's numbers in full) */
        if (sl > 0) snprintf(m.start_efficiency.text, sizeof m.start_efficiency.text, "lognormal(median=%.6g, sigma=%.4g)", f, sl);
        else snprintf(m.start_efficiency.text, sizeof m.start_efficiency.text, "fixed(%.6g)", f);
        snprintf(so->claims, sizeof so->claims, "%s", cs.path);
        snprintf(so->claims_sha256, sizeof so->claims_sha256, "%s", cs.sha256);
    } else if ((rc = dist_of("start_efficiency", se_text, &m.start_efficiency, err))) {
        goto done;
    }
    /* Physical growth. */
    m.mode = (ec_growth_mode)s->growth_mode;
    m.growth_oom = s->growth_unit == 1;
    if (m.mode == EC_GROWTH_SCHEDULE) {
        if ((rc = parse_schedule(s->schedule, &sy, &sr, &ns, err))) goto done;
        m.schedule_year = sy;
        m.schedule_rate = sr;
        m.n_schedule = ns;
    } else if (s->growth_trend[0] || s->compute_growth[0] == '@' || ec_step_bound(st, "growth_trend", NULL)) {
        if ((rc = dist_of_trend(st, "growth_trend", s->growth_trend, m.growth_oom, &m.growth, so->growth_source,
                                sizeof so->growth_source, err)))
            goto done;
    } else if ((rc = dist_of("compute_growth", s->compute_growth, &m.growth, err))) {
        goto done;
    }
    if (m.mode == EC_GROWTH_SLOWDOWN &&
        ((rc = dist_of("slowdown_year", s->slowdown_year, &m.slowdown_year, err)) ||
         (rc = dist_of("slowdown_growth", s->slowdown_growth, &m.slowdown_growth, err))))
        goto done;
    /* Algorithmic growth. */
    m.algo_oom = s->algo_unit == 1;
    m.algo_shocks = s->algo_mode == 1;
    if (s->algo_trend[0] || s->algo_growth[0] == '@' || ec_step_bound(st, "algo_trend", NULL)) {
        if ((rc = dist_of_trend(st, "algo_trend", s->algo_trend, m.algo_oom, &m.algo, so->algo_source,
                                sizeof so->algo_source, err)))
            goto done;
    } else if (s->algo_growth[0]) {
        if ((rc = dist_of("algo_growth", s->algo_growth, &m.algo, err))) goto done;
    } else {
        m.algo_oom = 1; /* none: 0 orders of magnitude a year */
    }
    if (s->correlations[0]) {
        corr_ctx c = {m.rho};
        if ((rc = ec_kv_parse("correlations", s->correlations, corr_item, &c, err))) goto done;
    }
    m.k = s->k;
    /* The outputs asked for. */
    if ((rc = ec_parse_list("percentiles", s->percentiles, 0, &q, &nq, err))) goto done;
    for (size_t j = 0; j < nq; j++) q[j] /= 100;
    if (s->thresholds[0] && (rc = ec_parse_list("thresholds", s->thresholds, EC_LIST_POSITIVE, &thr, &nthr, err)))
        goto done;
    if (s->loss_thresholds[0] &&
        (rc = ec_parse_list("loss_thresholds", s->loss_thresholds, EC_LIST_POSITIVE, &lthr, &nlthr, err)))
        goto done;
    ec_sim_options opt = ec_sim_default_options();
    opt.draws = (size_t)s->draws;
    opt.end_year = s->end_year;
    opt.seed = s->seed;
    opt.threads = s->threads;
    opt.q = q;
    opt.nq = nq;
    opt.thr_compute = thr;
    opt.n_thr_compute = nthr;
    opt.thr_loss = lthr;
    opt.n_thr_loss = nlthr;
    opt.keep_draws = s->draws_out[0] != '\0';
    for (int i = 0; i < EC_SIM_N_INPUTS; i++) {
        const ec_dist *d = i == EC_SIM_START_COMPUTE      ? &m.start_compute
                           : i == EC_SIM_START_EFFICIENCY ? &m.start_efficiency
                           : i == EC_SIM_GROWTH           ? &m.growth
                           : i == EC_SIM_ALGO             ? &m.algo
                           : i == EC_SIM_SLOWDOWN_YEAR    ? &m.slowdown_year
                                                          : &m.slowdown_growth;
        snprintf(so->input_text[i], sizeof so->input_text[i], "%s", d->text);
    }
    so->start_year = m.start_year;
    so->mode = (int)m.mode;
    so->growth_oom = m.growth_oom;
    so->algo_oom = m.algo_oom;
    so->algo_shocks = m.algo_shocks;
    so->k = m.k;
    snprintf(so->schedule, sizeof so->schedule, "%s", s->schedule);
    snprintf(so->correlations, sizeof so->correlations, "%s", s->correlations);
    if ((rc = ec_simulate(&m, &opt, &so->r, err))) goto done;
    for (size_t j = 0; j < so->r.n_thr; j++)
        if (so->r.thr[j].never > 0 && so->r.thr[j].never < 1 && so->r.thr[j].never * 2 > 1)
            ec_result_add_note(r, "threshold %g: most draws (%.1f%%) do not cross it by %g: its median is after the horizon",
                               so->r.thr[j].value, 100 * so->r.thr[j].never, s->end_year);
done:
    free(q);
    free(thr);
    free(lthr);
    free(sy);
    free(sr);
    ec_claims_src_close(&cs);
    ec_sim_model_clear(&m);
    if (rc) {
        ec_result_free(r);
        return rc;
    }
    *out = r;
    return EC_OK;
}

static const ec_step_output simulate_outputs[] = {
    {"effective_compute.qQQ", "effective compute (FLOP) at the end year, percentile QQ (e.g. effective_compute.q50)"},
    {"physical_compute.qQQ", "physical compute (FLOP) at the end year"},
    {"loss.qQQ", "loss at the end year"},
    {"crossing.K.qQQ", "threshold K's (from 0) crossing year at percentile QQ (INFINITY: after the horizon)"},
    {"p_never.K", "the share of draws that never cross threshold K"},
    {"p_by.K.YEAR", "the probability threshold K is crossed by YEAR"},
};

const ec_step_type ec_step_type_simulate = {
    "simulate", "Monte Carlo trajectories of frontier compute and loss over years", EC_RESULT_SIMULATE,
    sizeof(simulate_step), simulate_init, simulate_groups, 1, simulate_inputs, 4, simulate_outputs,
    sizeof simulate_outputs / sizeof simulate_outputs[0], simulate_check, simulate_run};
