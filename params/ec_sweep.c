/*
 * ec_sweep.c — a cartesian grid of scenario keys, every cell the whole
 * scenario run in process with its own scenario object (ec_scenario), named
 * outputs recorded per cell (ec_result_value). See ec_sweep.h.
 */
#include "ec_sweep.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <omp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ec_csv.h"
#include "ec_dist.h"
#include "ec_interval.h"
#include "ec_kv.h"
#include "ec_random.h"
#include "ec_result.h"
#include "ec_sobol.h"
#include "ec_scenario.h"
#include "ec_step.h"
#include "ec_text.h"

enum { MAX_VALUES = 1000000 };

unsigned long long ec_sweep_cell_seed(unsigned long long seed, size_t cell)
{
    /* splitmix64 of the seed and the cell id (Steele, Lea and Flood 2014), kept below 2^63 */
    uint64_t z = (uint64_t)seed + 0x9E3779B97F4A7C15ULL * ((uint64_t)cell + 1);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    z ^= z >> 31;
    return (unsigned long long)(z >> 1);
}

ec_sweep_options ec_sweep_default_options(void)
{
    ec_sweep_options o;
    memset(&o, 0, sizeof o);
    o.n_shards = 1;
    o.baseline = -1;
    return o;
}

void ec_sweep_axis_clear(ec_sweep_axis *a)
{
    for (size_t i = 0; a && a->values && i < a->n; i++) free(a->values[i]);
    if (a) free(a->values);
    if (a) memset(a, 0, sizeof *a);
}

static char *trimmed(const char *s, size_t n)
{
    while (n && isspace((unsigned char)*s)) s++, n--;
    while (n && isspace((unsigned char)s[n - 1])) n--;
    char *d = malloc(n + 1);
    if (d) memcpy(d, s, n), d[n] = '\0';
    return d;
}

/* Appends v (taken) to an axis that ec_sweep_axis_parse is filling: its room doubles when n reaches 8, 16, 32...
 * (a realloc per value made a million-value range quadratic: 20 s under AddressSanitizer, found by fuzz_sweep). */
static int add_value(ec_sweep_axis *a, char *v, ec_error *err)
{
    if (!v) return ec_error_set(err, EC_ENOMEM, "out of memory");
    if (a->n == 0 || (a->n >= 8 && (a->n & (a->n - 1)) == 0)) {
        char **nv = realloc(a->values, sizeof *nv * (a->n ? 2 * a->n : 8));
        if (!nv) {
            free(v);
            return ec_error_set(err, EC_ENOMEM, "out of memory");
        }
        a->values = nv;
    }
    a->values[a->n++] = v;
    return EC_OK;
}

/* 1 when k is ID.KEY (a step's id, a dot, a key) and fits an axis's key. */
static int is_id_key(const char *k)
{
    const char *dot = strchr(k, '.');
    return dot && dot != k && dot[1] && strlen(k) < sizeof ((ec_sweep_axis *)0)->key;
}

int ec_sweep_axis_parse(const char *spec, ec_sweep_axis *a, ec_error *err)
{
    memset(a, 0, sizeof *a);
    const char *eq = strchr(spec, '=');
    if (!eq)
        return ec_error_set(err, EC_EINVAL, "--vary '%s': write ID.KEY=v1,v2,... or ID.KEY=START:STOP:COUNT[:log]", spec);
    char *key = trimmed(spec, (size_t)(eq - spec));
    if (!key) return ec_error_set(err, EC_ENOMEM, "out of memory");
    if (!is_id_key(key)) {
        ec_error_set(err, EC_EINVAL, "--vary '%s': '%s' is not ID.KEY (a step's id, e.g. project.sizes or fit.delta)",
                     spec, key);
        free(key);
        return EC_EINVAL;
    }
    snprintf(a->key, sizeof a->key, "%s", key);
    free(key);
    const char *val = eq + 1;
    /* START:STOP:COUNT[:log], when the parts are numbers */
    char parts[4][128];
    int np = 0;
    for (const char *p = val; np < 4;) {
        const char *c = strchr(p, ':');
        size_t len = c ? (size_t)(c - p) : strlen(p);
        if (len >= sizeof parts[0]) break;
        memcpy(parts[np], p, len);
        parts[np++][len] = '\0';
        if (!c) break;
        p = c + 1;
        if (np == 4) np = 5; /* too many parts: not a range */
    }
    double lo, hi, cnt;
    int is_range = (np == 3 || np == 4) && ec_parse_finite(parts[0], &lo) == EC_OK && ec_parse_finite(parts[1], &hi) == EC_OK;
    if (is_range) {
        int lg = np == 4;
        if (lg && strcmp(parts[3], "log") != 0) {
            ec_error_set(err, EC_EINVAL, "--vary '%s': the fourth part of a range is 'log', not '%s'", spec, parts[3]);
            return EC_EINVAL;
        }
        if (ec_parse_finite(parts[2], &cnt) != EC_OK || cnt != floor(cnt) || cnt < 2 || cnt > MAX_VALUES) {
            ec_error_set(err, EC_EINVAL, "--vary '%s': COUNT '%s' is not a whole number from 2 to %d", spec, parts[2],
                         MAX_VALUES);
            return EC_EINVAL;
        }
        if (lg && !(lo > 0 && hi > 0)) {
            ec_error_set(err, EC_EINVAL, "--vary '%s': a :log range needs START and STOP above 0; give positive ends, or drop :log",
                         spec);
            return EC_EINVAL;
        }
        size_t n = (size_t)cnt;
        for (size_t i = 0; i < n; i++) {
            double f = (double)i / (double)(n - 1);
            double x = i == n - 1 ? hi : lg ? pow(10.0, log10(lo) + f * (log10(hi) - log10(lo))) : lo + f * (hi - lo);
            if (i == 0) x = lo;
            char buf[64];
            ec_text_g(buf, sizeof buf, 15, x); /* "%.15g", without printf (ec_text.h) */
            int rc = add_value(a, trimmed(buf, strlen(buf)), err);
            if (rc) {
                ec_sweep_axis_clear(a);
                return rc;
            }
        }
        return EC_OK;
    }
    /* a list: ';' between values when there is one, else ',' */
    const char sep = strchr(val, ';') ? ';' : ',';
    for (const char *p = val;;) {
        const char *c = strchr(p, sep);
        size_t len = c ? (size_t)(c - p) : strlen(p);
        char *v = trimmed(p, len);
        if (v && !v[0]) {
            free(v);
            ec_sweep_axis_clear(a);
            return ec_error_set(err, EC_EINVAL, "--vary '%s': an empty value (two '%c' in a row, or none after '='); remove it", spec,
                                sep);
        }
        int rc = add_value(a, v, err);
        if (!rc && a->n > MAX_VALUES) rc = ec_error_set(err, EC_EINVAL, "--vary '%s': more than %d values", spec, MAX_VALUES);
        if (rc) {
            ec_sweep_axis_clear(a);
            return rc;
        }
        if (!c) break;
        p = c + 1;
    }
    return EC_OK;
}

void ec_sweep_result_clear(ec_sweep_result *r)
{
    for (size_t i = 0; r && r->cells && i < r->n; i++) {
        free(r->cells[i].value);
        free(r->cells[i].record);
        free(r->cells[i].error);
        free(r->cells[i].d_lo);
        free(r->cells[i].d_hi);
    }
    if (r) free(r->cells);
    if (r) free(r->baseline);
    if (r) free(r->paired);
    if (r) memset(r, 0, sizeof *r);
}

/* The step index of id (or SIZE_MAX). */
static size_t step_of(ec_scenario *sc, const char *id, size_t len)
{
    for (size_t i = 0; i < ec_scenario_n_steps(sc); i++) {
        const char *s = ec_scenario_id(sc, i);
        if (strlen(s) == len && strncmp(s, id, len) == 0) return i;
    }
    return SIZE_MAX;
}

/* The scenario file as read once (o->loaded's copy when the caller has read it), with the --set values: every
 * cell's scenario is a copy of it. */
static int load_template(const ec_sweep_options *o, ec_input_cache *cache, ec_scenario **out, ec_error *err)
{
    ec_scenario *sc = NULL;
    int rc = EC_OK;
    if (o->loaded) {
        if (!(sc = ec_scenario_copy(o->loaded, err))) return err ? err->code : EC_ENOMEM;
    } else if ((rc = ec_scenario_load(o->scenario, &sc, err))) {
        return rc;
    }
    ec_scenario_set_input_cache(sc, cache); /* every cell's copy: a fit file its steps read is read once */
    for (size_t k = 0; k < o->n_sets; k++) {
        const char *eq = strchr(o->sets[k], '=');
        char key[512];
        if (!eq || (size_t)(eq - o->sets[k]) >= sizeof key) {
            ec_scenario_free(sc);
            return ec_error_set(err, EC_EINVAL, "--set needs ID.KEY=VALUE, got '%s'", o->sets[k]);
        }
        snprintf(key, sizeof key, "%.*s", (int)(eq - o->sets[k]), o->sets[k]);
        if ((rc = ec_scenario_override(sc, key, eq + 1, err))) {
            ec_scenario_free(sc);
            return rc;
        }
    }
    *out = sc;
    return EC_OK;
}

/* The steps every cell takes as they are: made, checked and run once, in `prepared`, the first cell's scenario. */
typedef struct cell_share {
    const ec_scenario *prepared;
    const unsigned char *reuse; /* per step: borrowed from prepared (no varied key reaches it) */
    int plain;                  /* every varied key is plain (ec_scenario_plain_key): cells may run on cell_slots */
} cell_share;

/* v in decimal, as "%llu" writes it, without printf (ec_text.h); buf needs 21 bytes. */
static char *u64_text(unsigned long long v, char *buf)
{
    ec_text_u64(buf, v);
    return buf;
}

/* Cell c's values of the varied keys set on sc, and with a baseline the replicate values to pair asked for: what
 * cell_scenario and slot_scenario both do before the seeds. */
static int set_cell_values(const ec_sweep_options *o, ec_scenario *sc, size_t c, ec_error *err)
{
    int rc;
    size_t rest = c;
    for (size_t j = o->n_axes; j-- > 0;) { /* the first axis varies slowest (zip: the design's row c) */
        const ec_sweep_axis *a = &o->axes[j];
        const char *v = o->zip ? a->values[c] : a->values[rest % a->n];
        rest /= a->n;
        if ((rc = ec_scenario_override(sc, a->key, v, err))) return rc;
    }
    for (size_t i = 0; o->baseline >= 0 && i < ec_scenario_n_steps(sc); i++) { /* replicate values to pair */
        ec_step *st = ec_scenario_step(sc, i); /* NULL: borrowed, not run here */
        if (st && ec_step_find_option(st, "replicate_losses", NULL) &&
            (rc = ec_step_set(st, "replicate_losses", "1", err)))
            return rc;
    }
    return EC_OK;
}

/* A copy of the template with cell c's values and seeds (mixed with c unless same_seed or !mix) set, checked; with
 * sh, the steps it flags borrowed from its prepared scenario (with their results once they have run). */
static int cell_scenario(const ec_sweep_options *o, const ec_scenario *tmpl, const cell_share *sh, size_t c, int mix,
                         ec_scenario **out, ec_error *err)
{
    int rc;
    /* with sh: the steps of its prepared scenario cloned (the varied values set on them below), or borrowed */
    ec_scenario *sc = sh ? ec_scenario_copy_prepared(sh->prepared, sh->reuse, err) : ec_scenario_copy(tmpl, err);
    if (!sc) return err->code ? err->code : EC_ENOMEM;
    if ((rc = set_cell_values(o, sc, c, err))) {
        ec_scenario_free(sc);
        return rc;
    }
    if (!o->same_seed && mix)
        for (size_t i = 0; i < ec_scenario_n_steps(sc); i++) {
            ec_step *st = ec_scenario_step(sc, i);
            char sv[64];
            if (!st || !ec_step_find_option(st, "seed", NULL) || ec_step_get(st, "seed", sv, sizeof sv, NULL) != EC_OK)
                continue;
            char buf[32];
            u64_text(ec_sweep_cell_seed(strtoull(sv, NULL, 10), c), buf);
            if ((rc = ec_step_set(st, "seed", buf, err))) {
                ec_scenario_free(sc);
                return rc;
            }
        }
    if ((rc = ec_scenario_prepare(sc, err))) {
        ec_scenario_free(sc);
        return rc;
    }
    *out = sc;
    return EC_OK;
}

/*
 * One thread's cell scenario, run again for each of its cells when every varied key is plain (cell_share.plain):
 * made once as cell_scenario makes it, then per cell only what a cell changes set again, the varied keys (each
 * replaces its value whole: the scenario is then the one cell_scenario would make for the cell) and the seeds
 * (mixed with the cell id from the seed before mixing, prepared's, or the one an axis set); checked as then. A
 * cell that fails takes the scenario with it: the next one makes it anew.
 */
typedef struct cell_slot {
    ec_scenario *sc;
    size_t n;
    unsigned long long *seed; /* per step: its seed before mixing, when no axis sets it */
    unsigned char *has_seed;  /* per step: 0 no seed (or borrowed), 1 seed[] mixed, 2 the axis's value mixed */
} cell_slot;

static void slot_clear(cell_slot *s)
{
    ec_scenario_free(s->sc);
    free(s->seed);
    free(s->has_seed);
    memset(s, 0, sizeof *s);
}

/* Cell c's scenario on slot s (made first when it has none): as cell_scenario(o, tmpl, sh, c, 1, ...) makes it. */
static int slot_scenario(const ec_sweep_options *o, const cell_share *sh, cell_slot *s, size_t c, ec_scenario **out,
                         ec_error *err)
{
    int rc;
    if (!s->sc) {
        ec_scenario *sc = ec_scenario_copy_prepared(sh->prepared, sh->reuse, err);
        if (!sc) return err->code ? err->code : EC_ENOMEM;
        const size_t n = ec_scenario_n_steps(sc);
        if (s->n != n) {
            free(s->seed), free(s->has_seed);
            s->seed = calloc(n ? n : 1, sizeof *s->seed);
            s->has_seed = calloc(n ? n : 1, 1);
            s->n = n;
            if (!s->seed || !s->has_seed) {
                ec_scenario_free(sc);
                slot_clear(s);
                return ec_error_set(err, EC_ENOMEM, "out of memory");
            }
        }
        for (size_t i = 0; i < n; i++) {
            ec_step *st = ec_scenario_step(sc, i);
            char sv[64];
            s->has_seed[i] = 0;
            if (!st || !ec_step_find_option(st, "seed", NULL) || ec_step_get(st, "seed", sv, sizeof sv, NULL) != EC_OK)
                continue;
            s->seed[i] = strtoull(sv, NULL, 10);
            s->has_seed[i] = 1;
            for (size_t j = 0; j < o->n_axes; j++) { /* an axis that sets the seed: its value is mixed */
                const char *key = o->axes[j].key, *dot = strrchr(key, '.');
                if (dot && step_of(sc, key, (size_t)(dot - key)) == i &&
                    ec_step_find_option(st, dot + 1, NULL) == ec_step_find_option(st, "seed", NULL))
                    s->has_seed[i] = 2;
            }
        }
        s->sc = sc;
    }
    ec_scenario *sc = s->sc;
    if ((rc = set_cell_values(o, sc, c, err))) goto fail;
    for (size_t i = 0; !o->same_seed && i < s->n; i++) {
        if (!s->has_seed[i]) continue;
        ec_step *st = ec_scenario_step(sc, i);
        unsigned long long base = s->seed[i];
        char sv[64], buf[32];
        if (s->has_seed[i] == 2) {
            if (ec_step_get(st, "seed", sv, sizeof sv, NULL) != EC_OK) continue;
            base = strtoull(sv, NULL, 10);
        }
        if ((rc = ec_step_set(st, "seed", u64_text(ec_sweep_cell_seed(base, c), buf), err))) goto fail;
    }
    for (size_t i = 0; i < s->n; i++) { /* no input bound, as in a new copy: checked as that copy is */
        ec_step *st = ec_scenario_step(sc, i);
        const ec_step_type *t = st ? ec_step_type_of(st) : NULL;
        for (size_t k = 0; t && k < t->n_inputs; k++) ec_step_bind(st, t->inputs[k].key, NULL, NULL, NULL);
    }
    if ((rc = ec_scenario_prepare(sc, err))) goto fail;
    *out = sc;
    return EC_OK;
fail:
    ec_scenario_free(s->sc);
    s->sc = NULL;
    return rc;
}

/* The baseline's replicate values per record, for paired intervals (capture: the baseline's own run fills them). */
typedef struct paired_reps {
    double **v;
    size_t *n;
    int capture;
} paired_reps;

/* d_lo/d_hi of record k: the 95% interval of the replicate-by-replicate difference from the baseline's values. */
static void pair_record(const paired_reps *p, size_t k, const double *v, size_t n, ec_sweep_cell *cell)
{
    if (p->capture) {
        if (v && (p->v[k] = malloc(sizeof(double) * n))) {
            memcpy(p->v[k], v, sizeof(double) * n);
            p->n[k] = n;
        }
        return;
    }
    if (!v || !p->v[k] || p->n[k] != n || !cell->d_lo) return;
    double *d = malloc(sizeof(double) * n);
    if (!d) return;
    size_t m = 0;
    for (size_t r = 0; r < n; r++)
        if (isfinite(v[r]) && isfinite(p->v[k][r])) d[m++] = v[r] - p->v[k][r];
    double ci[2];
    ec_interval_percentile(d, m, EC_INTERVAL_LEVEL, ci);
    cell->d_lo[k] = ci[0];
    cell->d_hi[k] = ci[1];
    free(d);
}

/* Runs cell c into *cell, the steps sh flags taken as they are (borrowed), with paired intervals against the
 * baseline's replicate values when pr is given; EC_OK or the cell's error (also in cell->error). */
static int run_cell(const ec_sweep_options *o, const ec_scenario *tmpl, const cell_share *sh, size_t c,
                    ec_sweep_cell *cell, const paired_reps *pr, cell_slot *slot, ec_error *err)
{
    ec_scenario *sc = NULL;
    int rc = slot ? slot_scenario(o, sh, slot, c, &sc, err) : cell_scenario(o, tmpl, sh, c, 1, &sc, err);
    size_t n = sc ? ec_scenario_n_steps(sc) : 0;
    const ec_result **res = rc ? NULL : calloc(n ? n : 1, sizeof *res);
    if (!rc && !res) rc = ec_error_set(err, EC_ENOMEM, "out of memory");
    for (size_t i = 0; !rc && i < n; i++) {
        if (strcmp(ec_scenario_step_type(sc, i)->name, "plot") == 0) continue;
        ec_error e;
        if ((rc = ec_scenario_run_step(sc, i, &res[i], &e)))
            ec_error_set(err, rc, "step %zu [%s]: %s", i + 1, ec_scenario_section(sc, i), e.message);
    }
    for (size_t k = 0; !rc && k < o->n_records; k++) {
        const char *r = o->records[k], *dot = strchr(r, '.');
        size_t si = dot ? step_of(sc, r, (size_t)(dot - r)) : SIZE_MAX;
        if (si == SIZE_MAX || !res[si]) {
            rc = ec_error_set(err, EC_EINVAL, "record '%s': no step result with that id", r);
            break;
        }
        ec_error e;
        if ((rc = ec_result_value(res[si], dot + 1, &cell->record[k], &e))) {
            ec_error_set(err, rc, "record '%s': %s", r, e.message);
        } else if (pr) {
            const double *v;
            size_t nv;
            ec_result_replicate_values(res[si], dot + 1, &v, &nv);
            pair_record(pr, k, v, nv, cell);
        }
    }
    free(res);
    if (!slot) ec_scenario_free(sc);
    else if (rc && slot->sc) ec_scenario_free(slot->sc), slot->sc = NULL; /* made anew for the next cell */
    cell->ok = rc == EC_OK;
    if (rc) {
        for (size_t k = 0; k < o->n_records; k++) cell->record[k] = NAN;
        size_t len = strlen(err->message) + 1;
        if ((cell->error = malloc(len))) memcpy(cell->error, err->message, len);
    }
    return rc;
}

/* EC_OK when cell c's values are known to be accepted without making its scenario (ec_scenario_trial_values on
 * the prepared one: each value set on its thread's clone of its step); else nonzero (refused, or not told that way,
 * or no trial: out of memory). */
static int try_cell(const ec_sweep_options *o, ec_scenario_trial *trial, size_t c)
{
    enum { MAX_AXES = 64 };
    const char *keys[MAX_AXES], *values[MAX_AXES];
    if (o->n_axes > MAX_AXES) return EC_EINVAL;
    size_t rest = c, n = 0;
    for (size_t j = o->n_axes; j-- > 0; n++) { /* in cell_scenario's order */
        const ec_sweep_axis *a = &o->axes[j];
        keys[n] = a->key;
        values[n] = o->zip ? a->values[c] : a->values[rest % a->n];
        rest /= a->n;
    }
    int decided = 0, rc = trial ? ec_scenario_trial_values(trial, keys, values, n, &decided) : EC_OK;
    return decided ? rc : EC_EINVAL;
}

/* The cell of check q of a grid's values: axis j's value v (v >= 1, counted over the axes in order) with every other
 * axis at its first value. */
static size_t check_cell(const ec_sweep_options *o, size_t N, size_t q)
{
    size_t j = 0, v = q + 1, stride = N / o->axes[0].n;
    while (v >= o->axes[j].n) v -= o->axes[j].n - 1, j++, stride /= o->axes[j].n;
    return v * stride;
}

static int sweep_run(const ec_sweep_options *o, ec_input_cache *cache, ec_sweep_result *r, ec_error *err)
{
    if (!o->scenario || !o->scenario[0]) return ec_error_set(err, EC_EINVAL, "sweep: no scenario file");
    if (o->n_axes == 0)
        return ec_error_set(err, EC_EINVAL,
                            "sweep: nothing varies (give --vary ID.KEY=VALUES, or vary = in the scenario's [sweep] section)");
    if (o->n_records == 0)
        return ec_error_set(err, EC_EINVAL,
                            "sweep: nothing recorded (give --record ID.OUTPUT, or record = in the scenario's [sweep] section)");
    if (o->n_shards < 1 || o->shard >= o->n_shards)
        return ec_error_set(err, EC_EINVAL, "sweep: shard %zu of %zu (shards count from 0)", o->shard, o->n_shards);
    double total = 1;
    for (size_t j = 0; j < o->n_axes; j++) {
        if (o->axes[j].n == 0) return ec_error_set(err, EC_EINVAL, "sweep: %s has no values", o->axes[j].key);
        if (o->zip && o->axes[j].n != o->axes[0].n)
            return ec_error_set(err, EC_EINVAL, "sweep: a design's columns have %zu and %zu values", o->axes[0].n,
                                o->axes[j].n);
        for (size_t i = 0; i < j; i++)
            if (strcmp(o->axes[i].key, o->axes[j].key) == 0)
                return ec_error_set(err, EC_EINVAL, "sweep: %s is varied twice; give its values once", o->axes[j].key);
        total *= (double)o->axes[j].n;
    }
    if (o->zip) total = (double)o->axes[0].n;
    if (total > 1e9) return ec_error_set(err, EC_EINVAL, "sweep: %.3g cells are more than 1e9", total);
    const size_t N = (size_t)total, first = N * o->shard / o->n_shards, last = N * (o->shard + 1) / o->n_shards;
    if (o->baseline >= 0 && (size_t)o->baseline >= N)
        return ec_error_set(err, EC_EINVAL, "--baseline %lld: the sweep has cells 0 to %zu", o->baseline, N - 1);
    /* Checked before any cell runs: the scenario with the first cell's values, and the records' steps. */
    ec_scenario *tmpl = NULL, *sc = NULL;
    int rc = load_template(o, cache, &tmpl, err);
    if (rc) return rc;
    if ((rc = cell_scenario(o, tmpl, NULL, first < N ? first : 0, 0, &sc, err))) {
        ec_scenario_free(tmpl);
        return rc;
    }
    for (size_t k = 0; k < o->n_records; k++) {
        const char *dot = strchr(o->records[k], '.');
        if (!dot || dot == o->records[k] || !dot[1] || step_of(sc, o->records[k], (size_t)(dot - o->records[k])) == SIZE_MAX) {
            ec_error_set(err, EC_EINVAL, "--record '%s': write ID.OUTPUT with ID a step of %s (e.g. simulate.crossing.0.q50)",
                         o->records[k], o->scenario);
            ec_scenario_free(sc), ec_scenario_free(tmpl);
            return EC_EINVAL;
        }
        size_t si = step_of(sc, o->records[k], (size_t)(dot - o->records[k]));
        if (strcmp(ec_scenario_step_type(sc, si)->name, "plot") == 0) {
            ec_error_set(err, EC_EINVAL, "--record '%s': a plot step has no outputs to record", o->records[k]);
            ec_scenario_free(sc), ec_scenario_free(tmpl);
            return EC_EINVAL;
        }
    }

    /* The steps no varied key reaches (not varied themselves, no input from a varied step): every cell borrows
     * them from sc, where they run once (below), with their own seeds. */
    const size_t ns = ec_scenario_n_steps(sc);
    unsigned char *reuse = calloc(ns ? ns : 1, 1);
    if (!reuse) {
        ec_scenario_free(sc), ec_scenario_free(tmpl);
        return ec_error_set(err, EC_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < ns; i++) {
        const char *id = ec_scenario_id(sc, i);
        size_t il = strlen(id);
        int varied = 0;
        for (size_t j = 0; j < o->n_axes && !varied; j++)
            varied = strncmp(o->axes[j].key, id, il) == 0 && o->axes[j].key[il] == '.';
        for (size_t j = 0; j < i && !varied; j++) varied = !reuse[j] && ec_scenario_uses(sc, i, j);
        reuse[i] = !varied;
    }
    int plain = 1;
    for (size_t j = 0; j < o->n_axes && plain; j++) plain = ec_scenario_plain_key(sc, o->axes[j].key);
    const cell_share share = {sc, reuse, plain};
    /* every value of every axis, with the others at their first: a value the option refuses stops the sweep
     * here, whichever cell it is in */
    /* (on the sweep's threads: as many checks as values, each a cell's set-up; the first refused value in axis
     * order is the one reported, whatever the threads) */
    size_t n_checks = 0;
    for (size_t j = 0; j < o->n_axes && !o->zip; j++) n_checks += o->axes[j].n - 1;
    size_t bad = SIZE_MAX;
    const int check_threads = o->threads > 0 ? o->threads : omp_get_max_threads();
#pragma omp parallel num_threads(check_threads) reduction(min : bad)
    {
        ec_scenario_trial *trial = n_checks ? ec_scenario_trial_new(sc) : NULL; /* one per thread */
#pragma omp for schedule(dynamic, 64)
        for (size_t q = 0; q < n_checks; q++) {
            if (try_cell(o, trial, check_cell(o, N, q)) == EC_OK) continue;
            ec_scenario *chk = NULL;
            ec_error e;
            if (cell_scenario(o, tmpl, &share, check_cell(o, N, q), 0, &chk, &e)) bad = q < bad ? q : bad;
            else ec_scenario_free(chk);
        }
        ec_scenario_trial_free(trial);
    }
    if (bad != SIZE_MAX) { /* that one again, for its message */
        ec_scenario *chk = NULL;
        rc = cell_scenario(o, tmpl, &share, check_cell(o, N, bad), 0, &chk, err);
        ec_scenario_free(chk);
        free(reuse);
        ec_scenario_free(sc), ec_scenario_free(tmpl);
        return rc ? rc : ec_error_set(err, EC_EINVAL, "sweep: a value was refused once and then accepted");
    }
    r->n_shared = 0;
    for (size_t i = 0; i < ns; i++) {
        if (!reuse[i] || strcmp(ec_scenario_step_type(sc, i)->name, "plot") == 0) continue;
        ec_error e;
        const ec_result *res;
        if ((rc = ec_scenario_run_step(sc, i, &res, &e))) {
            ec_error_set(err, rc, "step %zu [%s] (the same in every cell): %s", i + 1, ec_scenario_section(sc, i),
                         e.message);
            free(reuse);
            ec_scenario_free(sc), ec_scenario_free(tmpl);
            return rc;
        }
        r->n_shared++;
    }
    r->n_total = N;
    r->first = first;
    r->n = last - first;
    r->cells = calloc(r->n ? r->n : 1, sizeof *r->cells);
    if (!r->cells) {
        free(reuse);
        ec_scenario_free(sc), ec_scenario_free(tmpl);
        return ec_error_set(err, EC_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < r->n; i++) {
        ec_sweep_cell *cl = &r->cells[i];
        cl->id = first + i;
        cl->value = malloc(sizeof *cl->value * o->n_axes);
        cl->record = malloc(sizeof(double) * o->n_records);
        if (o->baseline >= 0) {
            cl->d_lo = malloc(sizeof(double) * o->n_records);
            cl->d_hi = malloc(sizeof(double) * o->n_records);
        }
        if (!cl->value || !cl->record || (o->baseline >= 0 && (!cl->d_lo || !cl->d_hi))) {
            ec_sweep_result_clear(r);
            free(reuse);
            ec_scenario_free(sc), ec_scenario_free(tmpl);
            return ec_error_set(err, EC_ENOMEM, "out of memory");
        }
        size_t rest = cl->id;
        for (size_t j = o->n_axes; j-- > 0;) {
            cl->value[j] = o->zip ? o->axes[j].values[cl->id] : o->axes[j].values[rest % o->axes[j].n];
            rest /= o->axes[j].n;
        }
        for (size_t k = 0; cl->d_lo && k < o->n_records; k++) cl->d_lo[k] = cl->d_hi[k] = NAN;
    }
    rc = EC_OK;
    /* The baseline first, alone (wherever it is): its records, and the replicate values to pair with. */
    paired_reps pr = {NULL, NULL, 1};
    if (o->baseline >= 0) {
        pr.v = calloc(o->n_records, sizeof *pr.v);
        pr.n = calloc(o->n_records, sizeof *pr.n);
        r->baseline = malloc(sizeof(double) * o->n_records);
        r->paired = calloc(o->n_records, 1);
        ec_sweep_cell bc = {(size_t)o->baseline, NULL, malloc(sizeof(double) * o->n_records), 0, NULL, 0, NULL, NULL};
        ec_error eb;
        if (!pr.v || !pr.n || !r->baseline || !r->paired || !bc.record) {
            rc = ec_error_set(err, EC_ENOMEM, "out of memory");
        } else if (run_cell(o, tmpl, &share, bc.id, &bc, &pr, NULL, &eb) && strncmp(eb.message, "record '", 8) == 0) {
            rc = ec_error_set(err, EC_EINVAL, "--%s (in the baseline cell %zu; nothing else was run)", eb.message, bc.id);
        } else {
            memcpy(r->baseline, bc.record, sizeof(double) * o->n_records);
            r->baseline_ok = bc.ok;
            for (size_t k = 0; k < o->n_records; k++) r->paired[k] = pr.v[k] != NULL;
        }
        free(bc.record);
        free(bc.error);
        pr.capture = 0;
        if (rc) {
            for (size_t k = 0; pr.v && k < o->n_records; k++) free(pr.v[k]);
            free(pr.v), free(pr.n);
            ec_sweep_result_clear(r);
            free(reuse);
            ec_scenario_free(sc), ec_scenario_free(tmpl);
            return rc;
        }
    }
    const paired_reps *prp = o->baseline >= 0 ? &pr : NULL;
    size_t first_run = 0; /* the first cell to run here (o->skip: finished before) */
    for (size_t i = 0; i < r->n; i++)
        if (o->skip && o->skip[first + i]) {
            r->cells[i].skipped = 1;
            for (size_t k = 0; k < o->n_records; k++) r->cells[i].record[k] = NAN;
            if (first_run == i) first_run = i + 1;
        }
    /* The first cell to run, alone: a record its step does not have stops the sweep here. */
    ec_error e0;
    if (first_run < r->n && run_cell(o, tmpl, &share, first + first_run, &r->cells[first_run], prp, NULL, &e0) &&
        strncmp(e0.message, "record '", 8) == 0) {
        ec_error_set(err, EC_EINVAL, "--%s (in cell %zu; nothing else was run)", e0.message, first + first_run);
        ec_sweep_result_clear(r);
        rc = EC_EINVAL;
    } else {
        if (first_run < r->n && o->on_cell) o->on_cell(o->ctx, &r->cells[first_run]);
        const int nthreads = o->threads > 0 ? o->threads : omp_get_max_threads();
        /* one cell scenario per thread, run again for each of its cells (without: one made per cell) */
        cell_slot *slots = share.plain ? calloc((size_t)nthreads, sizeof *slots) : NULL;
#pragma omp parallel for num_threads(nthreads) schedule(dynamic, 1)
        for (size_t i = first_run + 1; i < r->n; i++) {
            if (r->cells[i].skipped) continue;
            ec_error e;
            (void)run_cell(o, tmpl, &share, first + i, &r->cells[i], prp, slots ? &slots[omp_get_thread_num()] : NULL,
                           &e);
            if (o->on_cell) {
#pragma omp critical(ec_sweep_on_cell)
                o->on_cell(o->ctx, &r->cells[i]);
            }
        }
        for (int t = 0; slots && t < nthreads; t++) slot_clear(&slots[t]);
        free(slots);
        for (size_t i = 0; i < r->n; i++) r->n_failed += !r->cells[i].ok && !r->cells[i].skipped;
    }
    for (size_t k = 0; pr.v && k < o->n_records; k++) free(pr.v[k]);
    free(pr.v), free(pr.n);
    free(reuse);
    ec_scenario_free(sc), ec_scenario_free(tmpl); /* the shared results with it, after every cell */
    return rc;
}

int ec_sweep_run(const ec_sweep_options *o, ec_sweep_result *r, ec_error *err)
{
    memset(r, 0, sizeof *r);
    ec_input_cache *cache = ec_input_cache_new(err);
    if (!cache) return EC_ENOMEM;
    int rc = sweep_run(o, cache, r, err);
    r->n_loads = ec_input_cache_loads(cache);
    ec_input_cache_free(cache); /* after every cell's scenario */
    return rc;
}

/* The design's axes: each --param's distribution at the design's unit points (morris: the grid's ends included,
 * so the distributions must be bounded). */
static int design_axes(const char *method, const char *const *params, size_t D, size_t N, int arg,
                       unsigned long long seed, ec_sweep_axis *axes, ec_error *err)
{
    memset(axes, 0, sizeof *axes * D);
    const int morris = strcmp(method, "morris") == 0, plain = strcmp(method, "random") == 0 || strcmp(method, "lhs") == 0;
    if (D == 0) return ec_error_set(err, EC_EINVAL, "--design %s needs --param ID.KEY=DISTRIBUTION (one per input)", method);
    if (D > 20) return ec_error_set(err, EC_EINVAL, "--design %s: at most 20 inputs, not %zu", method, D);
    const size_t rows =
        N <= MAX_VALUES ? (plain ? N : morris ? ec_morris_rows(D, N) : ec_saltelli_rows(D, N, arg)) : SIZE_MAX;
    if (N == 0 || rows > MAX_VALUES)
        return ec_error_set(err, EC_EINVAL, "--samples %zu: a %s design of %zu rows; at most %d", N, method, rows, MAX_VALUES);
    ec_dist *d = calloc(D, sizeof *d);
    double *U = malloc(sizeof(double) * rows * D);
    int rc = d && U ? EC_OK : ec_error_set(err, EC_ENOMEM, "out of memory");
    for (size_t j = 0; !rc && j < D; j++) {
        const char *eq = strchr(params[j], '=');
        char *key = eq ? trimmed(params[j], (size_t)(eq - params[j])) : NULL;
        const char *dot = key ? strchr(key, '.') : NULL;
        if (!eq || !key || !dot || dot == key || !dot[1] || strlen(key) >= sizeof axes[j].key) {
            rc = ec_error_set(err, EC_EINVAL, "--param '%s': write ID.KEY=DISTRIBUTION, e.g. project.efficiency=loguniform(1, 10)",
                              params[j]);
        } else {
            snprintf(axes[j].key, sizeof axes[j].key, "%s", key);
            ec_error e;
            if ((rc = ec_dist_parse(eq + 1, &d[j], &e))) rc = ec_error_set(err, rc, "--param %s: %s", key, e.message);
            if (!rc && morris && !(isfinite(ec_dist_quantile(&d[j], 0)) && isfinite(ec_dist_quantile(&d[j], 1))))
                rc = ec_error_set(err, EC_EINVAL,
                                  "--param %s: a Morris design visits the ends of each input's range; %s is unbounded "
                                  "(truncate it with lo=, hi=, or use uniform, loguniform or triangular)",
                                  key, eq + 1);
        }
        free(key);
        for (size_t i = 0; !rc && i < j; i++)
            if (strcmp(axes[i].key, axes[j].key) == 0)
                rc = ec_error_set(err, EC_EINVAL, "--param %s is given twice; give it once", axes[j].key);
    }
    if (!rc && plain) { /* random: independent uniforms; lhs: one point in each of N strata of every input */
        const ec_stream st = ec_stream_of(seed, strcmp(method, "lhs") == 0 ? 0x4c4853ULL : 0x524e44ULL);
        for (size_t r = 0; r < N; r++)
            for (size_t j = 0; j < D; j++) U[r * D + j] = ec_random_u01(&st, r, j, 0);
        if (strcmp(method, "lhs") == 0) {
            size_t *perm = malloc(sizeof(size_t) * N);
            if (!perm) rc = ec_error_set(err, EC_ENOMEM, "out of memory");
            for (size_t j = 0; !rc && j < D; j++) {
                for (size_t r = 0; r < N; r++) perm[r] = r;
                for (size_t r = N; r-- > 1;) { /* Fisher-Yates from the input's counters */
                    size_t k = (size_t)(ec_random_u01(&st, r, j, 1) * (double)(r + 1));
                    if (k > r) k = r;
                    size_t t = perm[r];
                    perm[r] = perm[k];
                    perm[k] = t;
                }
                for (size_t r = 0; r < N; r++) U[r * D + j] = ((double)perm[r] + U[r * D + j]) / (double)N;
            }
            free(perm);
        }
    } else if (!rc) {
        rc = morris ? ec_morris_design(D, N, arg, seed, U, err) : ec_saltelli_design(D, N, arg, U, err);
    }
    for (size_t j = 0; !rc && j < D; j++) {
        axes[j].values = calloc(rows, sizeof(char *));
        if (!axes[j].values) {
            rc = ec_error_set(err, EC_ENOMEM, "out of memory");
            break;
        }
        for (size_t r = 0; !rc && r < rows; r++) {
            char buf[40];
            double u = U[r * D + j];
            if (!morris) u = u > 0 ? u : 0.5 / (double)(rows + 1); /* never 0 (a quantile there may be infinite) */
            ec_text_g(buf, sizeof buf, 17, ec_dist_quantile(&d[j], u)); /* "%.17g" */
            if (!(axes[j].values[r] = trimmed(buf, strlen(buf)))) rc = ec_error_set(err, EC_ENOMEM, "out of memory");
            axes[j].n = r + 1;
        }
    }
    for (size_t j = 0; d && j < D; j++) ec_dist_clear(&d[j]);
    free(d);
    free(U);
    if (rc)
        for (size_t j = 0; j < D; j++) ec_sweep_axis_clear(&axes[j]);
    return rc;
}

int ec_sweep_design_sobol(const char *const *params, size_t D, size_t N, int second_order, ec_sweep_axis *axes,
                          ec_error *err)
{
    return design_axes("sobol", params, D, N, second_order, 0, axes, err);
}

int ec_sweep_design_morris(const char *const *params, size_t D, size_t r, int levels, unsigned long long seed,
                           ec_sweep_axis *axes, ec_error *err)
{
    return design_axes("morris", params, D, r, levels, seed, axes, err);
}

int ec_sweep_design_sample(const char *method, const char *const *params, size_t D, size_t N, unsigned long long seed,
                           ec_sweep_axis *axes, ec_error *err)
{
    if (strcmp(method, "random") != 0 && strcmp(method, "lhs") != 0)
        return ec_error_set(err, EC_EINVAL, "design '%s': random or lhs", method);
    return design_axes(method, params, D, N, 0, seed, axes, err);
}

/* ---------------------------------------------------------- a design file */

typedef struct dfile_ctx {
    ec_sweep_axis *axes;
    size_t max_axes, n_axes, cap, n_rows;
    int have_header;
    size_t *line_of;        /* line_of[c]: the line of cell c (0: not seen yet), cap entries */
    char ***row_values;     /* row_values[c][j], cap entries */
} dfile_ctx;

static int dfile_record(void *user, const ec_csv_record *rec, ec_error *err)
{
    dfile_ctx *x = user;
    if (!x->have_header) { /* the header: cell, then ID.KEY per input */
        if (strcmp(rec->cells[0].s, "cell") != 0)
            return ec_error_set(err, EC_EDATA, "%s:%zu: a design file's header starts with 'cell' (then one column per "
                                "input, named ID.KEY as --vary names it), not '%s'", rec->path, rec->line, rec->cells[0].s);
        if (rec->ncells < 2)
            return ec_error_set(err, EC_EDATA, "%s:%zu: the header names no input after 'cell' (add a column per input, "
                                "named ID.KEY)", rec->path, rec->line);
        if (rec->ncells - 1 > x->max_axes)
            return ec_error_set(err, EC_EDATA, "%s:%zu: %zu inputs; a design takes at most %zu", rec->path, rec->line,
                                rec->ncells - 1, x->max_axes);
        for (size_t j = 1; j < rec->ncells; j++) {
            const char *k = rec->cells[j].s;
            if (!is_id_key(k) || strpbrk(k, " \t=,;"))
                return ec_error_set(err, EC_EDATA, "%s:%zu: column %zu '%s' is not ID.KEY (a step's id and one of its "
                                    "keys, e.g. project.efficiency)", rec->path, rec->line, j + 1, k);
            for (size_t i = 1; i < j; i++)
                if (strcmp(rec->cells[i].s, k) == 0)
                    return ec_error_set(err, EC_EDATA, "%s:%zu: column '%s' is named twice (columns %zu and %zu)",
                                        rec->path, rec->line, k, i + 1, j + 1);
            snprintf(x->axes[j - 1].key, sizeof x->axes[0].key, "%s", k);
        }
        x->n_axes = rec->ncells - 1;
        x->have_header = 1;
        return EC_OK;
    }
    if (rec->ncells != x->n_axes + 1)
        return ec_error_set(err, EC_EDATA, "%s:%zu: %zu fields; the header has %zu (cell and %zu input%s)", rec->path,
                            rec->line, rec->ncells, x->n_axes + 1, x->n_axes, x->n_axes == 1 ? "" : "s");
    char *end;
    const char *cs = rec->cells[0].s;
    errno = 0;
    unsigned long long c = strtoull(cs, &end, 10);
    if (!isdigit((unsigned char)cs[0]) || *end || errno || c >= MAX_VALUES)
        return ec_error_set(err, EC_EDATA, "%s:%zu: cell '%s' is not a cell id (a whole number from 0 to %d)", rec->path,
                            rec->line, cs, MAX_VALUES - 1);
    if (c >= x->cap) {
        size_t cap = x->cap ? x->cap : 64;
        while (cap <= c) cap *= 2;
        size_t *l = realloc(x->line_of, sizeof *l * cap);
        if (l) x->line_of = l;
        char ***v = l ? realloc(x->row_values, sizeof *v * cap) : NULL;
        if (!l || !v) return ec_error_set(err, EC_ENOMEM, "out of memory");
        x->row_values = v;
        memset(x->line_of + x->cap, 0, sizeof *l * (cap - x->cap));
        memset(x->row_values + x->cap, 0, sizeof *v * (cap - x->cap));
        x->cap = cap;
    }
    if (x->line_of[c])
        return ec_error_set(err, EC_EDATA, "%s:%zu: cell %llu again (first on line %zu): give each cell once", rec->path,
                            rec->line, c, x->line_of[c]);
    char **vals = calloc(x->n_axes, sizeof *vals);
    if (!vals) return ec_error_set(err, EC_ENOMEM, "out of memory");
    x->row_values[c] = vals;
    x->line_of[c] = rec->line;
    x->n_rows++;
    for (size_t j = 0; j < x->n_axes; j++) {
        const ec_csv_cell *f = &rec->cells[j + 1];
        if (!f->len)
            return ec_error_set(err, EC_EDATA, "%s:%zu: cell %llu has no value for %s: give one", rec->path, rec->line, c,
                                x->axes[j].key);
        if (strlen(f->s) != f->len || strpbrk(f->s, "\r\n"))
            return ec_error_set(err, EC_EDATA, "%s:%zu: the value of %s holds a line break or a NUL byte: give it on "
                                "one line", rec->path, rec->line, x->axes[j].key);
        if (!(vals[j] = trimmed(f->s, f->len))) return ec_error_set(err, EC_ENOMEM, "out of memory");
    }
    return EC_OK;
}

int ec_sweep_design_file(const char *path, ec_sweep_axis *axes, size_t max_axes, size_t *n_axes, char sha256[65],
                         ec_error *err)
{
    *n_axes = 0;
    if (!path || !axes || max_axes == 0) return ec_error_set(err, EC_EINVAL, "ec_sweep_design_file: no path or no axes");
    memset(axes, 0, sizeof *axes * max_axes);
    dfile_ctx x = {.axes = axes, .max_axes = max_axes};
    int rc = ec_csv_read(path, EC_CSV_TRIM, dfile_record, &x, sha256, err);
    if (!rc && !x.have_header)
        rc = ec_error_set(err, EC_EDATA, "%s: empty: a design file has a header (cell, then ID.KEY per input) and a row "
                          "per cell", path);
    if (!rc && !x.n_rows)
        rc = ec_error_set(err, EC_EDATA, "%s: no cells after the header: give a row per cell (cell id, then the inputs' "
                          "values)", path);
    for (size_t c = 0; !rc && c < x.n_rows; c++) /* ids 0 to n-1, each once, in any order */
        if (c >= x.cap || !x.line_of[c])
            rc = ec_error_set(err, EC_EDATA, "%s: cell %zu is missing: the %zu rows must be the cells 0 to %zu, each once",
                              path, c, x.n_rows, x.n_rows - 1);
    for (size_t j = 0; !rc && j < x.n_axes; j++) {
        if (!(axes[j].values = calloc(x.n_rows, sizeof(char *)))) {
            rc = ec_error_set(err, EC_ENOMEM, "out of memory");
            break;
        }
        for (size_t c = 0; c < x.n_rows; c++) { /* moved, not copied */
            axes[j].values[c] = x.row_values[c][j];
            x.row_values[c][j] = NULL;
        }
        axes[j].n = x.n_rows;
    }
    for (size_t c = 0; c < x.cap; c++) {
        for (size_t j = 0; x.row_values && x.row_values[c] && j < x.n_axes; j++) free(x.row_values[c][j]);
        if (x.row_values) free(x.row_values[c]);
    }
    free(x.row_values);
    free(x.line_of);
    if (rc) {
        for (size_t j = 0; j < max_axes; j++) ec_sweep_axis_clear(&axes[j]);
        return rc;
    }
    *n_axes = x.n_axes;
    return EC_OK;
}

/* ------------------------------------------------------- reading a sweep */

typedef struct read_ctx {
    const char *column;
    int col;                /* index of the column, -1 until the header */
    int have_header;
    int design_file;        /* a "# design file" line: a design of the user's, with no indices' structure */
    ec_sweep_design_info *info;
    double *y;
    unsigned char *seen;
    size_t rows;
    double *values;         /* morris: each cell's input values (rows x D) */
} read_ctx;

static int read_record(void *user, const ec_csv_record *rec, ec_error *err)
{
    read_ctx *x = user;
    if (rec->comment) {
        const char *d = strstr(rec->cells[0].s, "design sobol D="), *dm = strstr(rec->cells[0].s, "design morris D=");
        size_t D, N;
        int so, lv;
        if (dm && !x->info->D && sscanf(dm, "design morris D=%zu r=%zu levels=%d", &D, &N, &lv) == 3 && D >= 1 &&
            D <= 20 && N >= 2 && N <= 1000000 && ec_morris_rows(D, N) <= MAX_VALUES && lv >= 2) {
            x->info->morris = 1, x->info->D = D, x->info->N = N, x->info->levels = lv;
            x->rows = ec_morris_rows(D, N);
            x->y = malloc(sizeof(double) * x->rows);
            x->seen = calloc(x->rows, 1);
            x->values = malloc(sizeof(double) * x->rows * D);
            if (!x->y || !x->seen || !x->values) return ec_error_set(err, EC_ENOMEM, "out of memory");
        }
        if (strncmp(rec->cells[0].s, "# design file ", 14) == 0) x->design_file = 1;
        if (d && !x->info->D) {
            if (sscanf(d, "design sobol D=%zu N=%zu second_order=%d", &D, &N, &so) == 3 && D >= 1 && D <= 20 && N >= 1 &&
                N <= 1000000 && ec_saltelli_rows(D, N, so) <= MAX_VALUES) {
                x->info->D = D, x->info->N = N, x->info->second_order = so != 0;
                x->rows = ec_saltelli_rows(D, N, so);
                x->y = malloc(sizeof(double) * x->rows);
                x->seen = calloc(x->rows, 1);
                if (!x->y || !x->seen) return ec_error_set(err, EC_ENOMEM, "out of memory");
            }
        }
        return EC_OK;
    }
    if (!x->have_header) {
        x->have_header = 1;
        if (!x->info->D && x->design_file)
            return ec_error_set(err, EC_EDATA, "%s: a sweep over a design file: Sobol' and Morris indices need the "
                                "designs they are estimated on ('effcomp sweep --design sobol|morris')", rec->path);
        if (!x->info->D)
            return ec_error_set(err, EC_EDATA, "%s: not a sweep over a design ('effcomp sweep --design sobol|morris': no "
                                "design line before the header)", rec->path);
        if (rec->ncells < x->info->D + 2 || strcmp(rec->cells[0].s, "cell") != 0)
            return ec_error_set(err, EC_EDATA, "%s:%zu: the header does not start with cell and the %zu inputs", rec->path,
                                rec->line, x->info->D);
        for (size_t j = 0; j < x->info->D; j++)
            snprintf(x->info->names[j], sizeof x->info->names[j], "%s", rec->cells[1 + j].s);
        for (size_t k = 1 + x->info->D; k + 1 < rec->ncells; k++) /* a record: not cell, an input or status */
            if (strcmp(rec->cells[k].s, x->column) == 0) x->col = (int)k;
        if (x->col < 0) {
            char cols[1024] = "";
            size_t at = 0;
            for (size_t k = 1 + x->info->D; k + 1 < rec->ncells && at < sizeof cols - 2; k++)
                at += (size_t)snprintf(cols + at, sizeof cols - at, "%s%s", at ? ", " : "", rec->cells[k].s);
            return ec_error_set(err, EC_EINVAL, "%s: no column '%s' (the records: %s)", rec->path, x->column, cols);
        }
        return EC_OK;
    }
    char *end;
    unsigned long long c = strtoull(rec->cells[0].s, &end, 10);
    if (*end || end == rec->cells[0].s || c >= x->rows)
        return ec_error_set(err, EC_EDATA, "%s:%zu: cell '%s' is not a cell of the design (0 to %zu)", rec->path, rec->line,
                            rec->cells[0].s, x->rows - 1);
    if ((size_t)x->col >= rec->ncells) return ec_error_set(err, EC_EDATA, "%s:%zu: a short row (no '%s' field); is the file truncated? Give the CSV as 'effcomp sweep' wrote it",
                            rec->path, rec->line, x->column);
    const char *status = rec->cells[rec->ncells - 1].s;
    if (strcmp(status, "ok") != 0)
        return ec_error_set(err, EC_EDATA, "%s:%zu: cell %llu failed (%s): the indices need every cell", rec->path, rec->line,
                            c, status);
    double v = strtod(rec->cells[x->col].s, &end);
    if (*end || end == rec->cells[x->col].s || !isfinite(v))
        return ec_error_set(err, EC_EDATA, "%s:%zu: cell %llu's %s '%s' is not a finite number; the indices need a number "
                            "from every cell (rerun the sweep, or record another output)", rec->path, rec->line, c,
                            x->column, rec->cells[x->col].s);
    if (x->seen[c]) return ec_error_set(err, EC_EDATA, "%s:%zu: cell %llu appears twice; give each cell once (a shard given twice?)",
                                         rec->path, rec->line, c);
    x->seen[c] = 1;
    x->y[c] = v;
    for (size_t j = 0; x->values && j < x->info->D; j++) { /* Morris needs the inputs' values */
        double xv = strtod(rec->cells[1 + j].s, &end);
        if (*end || end == rec->cells[1 + j].s || !isfinite(xv))
            return ec_error_set(err, EC_EDATA, "%s:%zu: cell %llu's %s '%s' is not a number", rec->path, rec->line, c,
                                x->info->names[j], rec->cells[1 + j].s);
        x->values[c * x->info->D + j] = xv;
    }
    return EC_OK;
}

int ec_sweep_read_design(const char *path, const char *column, ec_sweep_design_info *info, double **y, double **x_out,
                         ec_error *err)
{
    memset(info, 0, sizeof *info);
    *y = NULL;
    if (x_out) *x_out = NULL;
    read_ctx x = {.column = column, .col = -1, .info = info};
    int rc = ec_csv_read(path, EC_CSV_TRIM | EC_CSV_COMMENTS, read_record, &x, NULL, err);
    if (!rc && !x.have_header)
        rc = ec_error_set(err, EC_EDATA, "%s: no header (not a sweep of 'effcomp sweep --design sobol')", path);
    for (size_t c = 0; !rc && c < x.rows; c++)
        if (!x.seen[c])
            rc = ec_error_set(err, EC_EDATA, "%s: cell %zu of the design is missing (%zu rows expected: concatenate every "
                              "shard)", path, c, x.rows);
    free(x.seen);
    if (rc) {
        free(x.y);
        free(x.values);
        return rc;
    }
    *y = x.y;
    if (x_out) *x_out = x.values;
    else free(x.values);
    return EC_OK;
}

/* The counts of a sweep CSV's first line, parsed from its end (the scenario's path may hold anything): "... (sha256
 * HEX): N cells, shard I of M (cells A to B), REST" up to `end` (NULL: the string's end). 0 with *num at N's first
 * digit and *sd at " cells, shard "; -1 when the line is not one (or N > 1e9, M < 1, I >= M). */
static int first_line_counts(const char *t, const char *end, const char **num, const char **sd, unsigned long long *n,
                             unsigned long long *shard, unsigned long long *n_shards)
{
    /* The counts follow the scenario's "(sha256 <64 hex digits>): " (the last such, should the path hold one): the
     * step labels after them (the seeds) may hold anything. Without that mark, the last " cells, shard ". */
    const char *last = NULL, *d = NULL;
    for (const char *q = t; (q = strstr(q, "(sha256 ")) && (!end || q < end); q++) {
        size_t h = 0;
        while (h < 64 && isxdigit((unsigned char)q[8 + h])) h++;
        if (h == 64 && strncmp(q + 72, "): ", 3) == 0) d = q + 75;
    }
    if (d) {
        const char *c = d;
        while (isdigit((unsigned char)*c)) c++;
        if (strncmp(c, " cells, shard ", 14) == 0) last = c;
    } else {
        for (const char *q = t; (q = strstr(q, " cells, shard ")) && (!end || q < end); q++) last = q;
        if (!last) return -1;
        d = last;
        while (d > t && isdigit((unsigned char)d[-1])) d--;
    }
    if (!last) return -1;
    if (sscanf(d, "%llu cells, shard %llu of %llu", n, shard, n_shards) != 3 || *n > 1000000000ULL || *n_shards < 1 ||
        *shard >= *n_shards)
        return -1;
    *num = d, *sd = last;
    return 0;
}

/* --------------------------------------------------- reading a grid back */

typedef struct grid_ctx {
    ec_sweep_grid *g;
    int first_seen, have_grid, have_header;
    size_t n_total, *len;        /* the grid's line: the axes' lengths */
    long long baseline;
    size_t n_d;                  /* header columns after the records: d.REC, d.REC.lo95, d.REC.hi95 */
    long *col_d, *col_lo, *col_hi; /* per record: its difference columns (-1: none) */
    unsigned char *seen;
    char ***raw;                 /* per cell: its keys' values as written (set on the axes once all are read) */
    size_t *line;                /* per cell: its line */
} grid_ctx;

static int grid_number(const ec_csv_record *rec, size_t k, double *v, ec_error *err)
{
    const char *t = rec->cells[k].s;
    if (!t[0]) return *v = NAN, EC_OK;
    if (strcmp(t, "inf") == 0 || strcmp(t, "-inf") == 0) return *v = t[0] == '-' ? -INFINITY : INFINITY, EC_OK;
    char *end;
    *v = strtod(t, &end);
    if (*end || !isfinite(*v))
        return ec_error_set(err, EC_EDATA, "%s:%zu: '%s' is not a number (give the CSV as 'effcomp sweep' wrote it)",
                            rec->path, rec->line, t);
    return EC_OK;
}

static int grid_record(void *user, const ec_csv_record *rec, ec_error *err)
{
    grid_ctx *x = user;
    ec_sweep_grid *g = x->g;
    if (rec->comment) {
        const char *t = rec->cells[0].s;
        if (!x->first_seen) { /* "... (sha256 HEX): N cells, shard I of M (cells A to B), ..." */
            x->first_seen = 1;
            const char *num, *sd;
            unsigned long long n = 0, a = 0, b = 0;
            if (!strstr(t, "effcomp ") || first_line_counts(t, NULL, &num, &sd, &n, &a, &b) || n < 1)
                return ec_error_set(err, EC_EDATA, "%s:%zu: not the CSV of 'effcomp sweep' (its first line names the sweep)",
                                    rec->path, rec->line);
            x->n_total = (size_t)n;
            return EC_OK;
        }
        if (strstr(t, "design ") == t || strstr(t, " design ")) g->o.zip = 1;
        const char *gr = strstr(t, "grid: ");
        if (gr && !x->have_grid) {
            x->have_grid = 1;
            const char *q = gr + 6;
            size_t prod = 1;
            while (isdigit((unsigned char)*q) && g->o.n_axes < 16) {
                char *end;
                unsigned long long v = strtoull(q, &end, 10);
                if (v < 1 || v > 1000000000ULL) break;
                size_t *l = realloc(x->len, sizeof *l * (g->o.n_axes + 1));
                if (!l) return ec_error_set(err, EC_ENOMEM, "out of memory");
                x->len = l;
                x->len[g->o.n_axes++] = (size_t)v;
                prod *= (size_t)v;
                q = end;
                if (strncmp(q, " x ", 3) != 0) break;
                q += 3;
            }
            if (!g->o.n_axes || strncmp(q, " values of", 10) != 0 || prod != x->n_total)
                return ec_error_set(err, EC_EDATA, "%s:%zu: a grid line that does not describe the %zu cells", rec->path,
                                    rec->line, x->n_total);
            const char *b = strstr(q, "; baseline cell ");
            if (b) x->baseline = strtoll(b + 16, NULL, 10);
        }
        return EC_OK;
    }
    if (!x->have_header) {
        x->have_header = 1;
        if (!x->first_seen)
            return ec_error_set(err, EC_EDATA, "%s: not the CSV of 'effcomp sweep' (no first line naming the sweep)",
                                rec->path);
        if (g->o.zip)
            return ec_error_set(err, EC_EINVAL, "%s: a sweep over a design: its cells are samples, not a grid (draw its "
                                "indices with 'effcomp analyze ... --plot FILE.png')", rec->path);
        if (!x->have_grid)
            return ec_error_set(err, EC_EDATA, "%s: no '# grid:' line (a sweep CSV of an older effcomp? run the sweep again)",
                                rec->path);
        const size_t A = g->o.n_axes;
        if (rec->ncells < A + 3 || strcmp(rec->cells[0].s, "cell") != 0 || strcmp(rec->cells[rec->ncells - 1].s, "status") != 0)
            return ec_error_set(err, EC_EDATA, "%s:%zu: the header is not cell, the %zu keys, the records and status",
                                rec->path, rec->line, A);
        g->axes = calloc(A, sizeof *g->axes);
        if (!g->axes) return ec_error_set(err, EC_ENOMEM, "out of memory");
        for (size_t j = 0; j < A; j++) {
            snprintf(g->axes[j].key, sizeof g->axes[j].key, "%s", rec->cells[1 + j].s);
            g->axes[j].n = x->len[j];
            if (!(g->axes[j].values = calloc(x->len[j], sizeof(char *)))) return ec_error_set(err, EC_ENOMEM, "out of memory");
        }
        g->o.axes = g->axes;
        /* the records, then (with a baseline) d.REC, d.REC.lo95, d.REC.hi95 per record: the records end where the
         * first record's difference column starts */
        size_t end = rec->ncells - 1;
        for (size_t k = 2 + A; k < rec->ncells - 1 && end == rec->ncells - 1; k++)
            if (strncmp(rec->cells[k].s, "d.", 2) == 0 && strcmp(rec->cells[k].s + 2, rec->cells[1 + A].s) == 0) end = k;
        const size_t nr = end - (1 + A);
        g->records = calloc(nr, sizeof *g->records);
        x->col_d = malloc(sizeof(long) * nr);
        x->col_lo = malloc(sizeof(long) * nr);
        x->col_hi = malloc(sizeof(long) * nr);
        if (!g->records || !x->col_d || !x->col_lo || !x->col_hi) return ec_error_set(err, EC_ENOMEM, "out of memory");
        for (size_t i = 0; i < nr; i++, g->o.n_records++) {
            if (!(g->records[i] = strdup(rec->cells[1 + A + i].s))) return ec_error_set(err, EC_ENOMEM, "out of memory");
            x->col_d[i] = x->col_lo[i] = x->col_hi[i] = -1;
        }
        g->o.records = (const char *const *)g->records;
        for (size_t k = end, i = 0; k < rec->ncells - 1 && i < nr; i++) {
            char want[600];
            snprintf(want, sizeof want, "d.%s", g->records[i]);
            if (strcmp(rec->cells[k].s, want) != 0)
                return ec_error_set(err, EC_EDATA, "%s:%zu: column %zu is '%s' where the sweep writes '%s'", rec->path,
                                    rec->line, k + 1, rec->cells[k].s, want);
            x->col_d[i] = (long)k++;
            snprintf(want, sizeof want, "d.%s.lo95", g->records[i]);
            if (k + 1 < rec->ncells - 1 && strcmp(rec->cells[k].s, want) == 0) {
                x->col_lo[i] = (long)k++;
                x->col_hi[i] = (long)k++;
            }
        }
        g->r.n_total = g->r.n = x->n_total;
        g->r.cells = calloc(x->n_total, sizeof *g->r.cells);
        x->seen = calloc(x->n_total, 1);
        x->raw = calloc(x->n_total, sizeof *x->raw);
        x->line = calloc(x->n_total, sizeof *x->line);
        if (!g->r.cells || !x->seen || !x->raw || !x->line) return ec_error_set(err, EC_ENOMEM, "out of memory");
        x->n_d = rec->ncells;
        return EC_OK;
    }
    char *end;
    unsigned long long c = strtoull(rec->cells[0].s, &end, 10);
    if (*end || end == rec->cells[0].s || c >= x->n_total)
        return ec_error_set(err, EC_EDATA, "%s:%zu: cell '%s' is not a cell of the sweep (0 to %zu)", rec->path, rec->line,
                            rec->cells[0].s, x->n_total - 1);
    if (rec->ncells != x->n_d)
        return ec_error_set(err, EC_EDATA, "%s:%zu: %zu fields where the header has %zu; is the file truncated? Give the CSV "
                            "as 'effcomp sweep' wrote it", rec->path, rec->line, rec->ncells, x->n_d);
    if (x->seen[c])
        return ec_error_set(err, EC_EDATA, "%s:%zu: cell %llu appears twice; give each cell once", rec->path, rec->line, c);
    x->seen[c] = 1;
    ec_sweep_cell *cl = &g->r.cells[c];
    cl->id = (size_t)c;
    const size_t A = g->o.n_axes, nr = g->o.n_records;
    cl->value = malloc(sizeof *cl->value * A);
    cl->record = malloc(sizeof(double) * (nr ? nr : 1));
    if (!cl->value || !cl->record) return ec_error_set(err, EC_ENOMEM, "out of memory");
    x->line[c] = rec->line;
    if (!(x->raw[c] = calloc(A, sizeof(char *)))) return ec_error_set(err, EC_ENOMEM, "out of memory");
    for (size_t j = 0; j < A; j++)
        if (!(x->raw[c][j] = strdup(rec->cells[1 + j].s))) return ec_error_set(err, EC_ENOMEM, "out of memory");
    const char *status = rec->cells[rec->ncells - 1].s;
    cl->ok = strcmp(status, "ok") == 0;
    if (!cl->ok && !(cl->error = strdup(status))) return ec_error_set(err, EC_ENOMEM, "out of memory");
    int has_d = x->baseline >= 0;
    if (has_d) {
        cl->d_lo = malloc(sizeof(double) * (nr ? nr : 1));
        cl->d_hi = malloc(sizeof(double) * (nr ? nr : 1));
        if (!cl->d_lo || !cl->d_hi) return ec_error_set(err, EC_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < nr; i++) {
        int rc = grid_number(rec, 1 + A + i, &cl->record[i], err);
        if (rc) return rc;
    }
    for (size_t i = 0; has_d && i < nr; i++) {
        cl->d_lo[i] = cl->d_hi[i] = NAN;
        int rc = x->col_lo[i] >= 0 ? grid_number(rec, (size_t)x->col_lo[i], &cl->d_lo[i], err) : EC_OK;
        if (!rc && x->col_hi[i] >= 0) rc = grid_number(rec, (size_t)x->col_hi[i], &cl->d_hi[i], err);
        if (rc) return rc;
    }
    return EC_OK;
}

int ec_sweep_read_grid(const char *path, ec_sweep_grid *g, ec_error *err)
{
    memset(g, 0, sizeof *g);
    g->o = ec_sweep_default_options();
    g->o.scenario = path;
    grid_ctx x = {g, 0, 0, 0, 0, NULL, -1, 0, NULL, NULL, NULL, NULL, NULL, NULL};
    int rc = ec_csv_read(path, EC_CSV_TRIM | EC_CSV_COMMENTS, grid_record, &x, NULL, err);
    if (!rc && !x.have_header) rc = ec_error_set(err, EC_EDATA, "%s: no header (not the CSV of 'effcomp sweep')", path);
    for (size_t c = 0; !rc && c < x.n_total; c++)
        if (!x.seen[c])
            rc = ec_error_set(err, EC_EDATA, "%s: cell %zu of %zu is missing (a shard? 'effcomp merge' the shards first)", path,
                              c, x.n_total);
    /* each key's values from the cells where the others are at their first, then every cell on that grid */
    for (size_t j = 0, stride = x.n_total; !rc && j < g->o.n_axes; j++) {
        ec_sweep_axis *a = &g->axes[j];
        stride /= a->n;
        for (size_t i = 0; !rc && i < a->n; i++)
            if (!(a->values[i] = strdup(x.raw[i * stride][j]))) rc = ec_error_set(err, EC_ENOMEM, "out of memory");
        for (size_t c = 0; !rc && c < x.n_total; c++) {
            size_t i = (c / stride) % a->n;
            if (strcmp(x.raw[c][j], a->values[i]) != 0)
                rc = ec_error_set(err, EC_EDATA, "%s:%zu: cell %zu has %s = '%s' where cell %zu (line %zu), on the same "
                                  "row of the grid, has '%s'; give the CSV as 'effcomp sweep' wrote it", path, x.line[c], c,
                                  a->key, x.raw[c][j], i * stride, x.line[i * stride], a->values[i]);
            else g->r.cells[c].value[j] = a->values[i];
        }
    }
    if (!rc && x.baseline >= 0) {
        if ((size_t)x.baseline >= x.n_total) {
            rc = ec_error_set(err, EC_EDATA, "%s: baseline cell %lld is not a cell of the sweep", path, x.baseline);
        } else {
            const ec_sweep_cell *b = &g->r.cells[x.baseline];
            g->o.baseline = x.baseline;
            g->r.baseline = malloc(sizeof(double) * (g->o.n_records ? g->o.n_records : 1));
            g->r.paired = calloc(g->o.n_records ? g->o.n_records : 1, 1);
            if (!g->r.baseline || !g->r.paired) rc = ec_error_set(err, EC_ENOMEM, "out of memory");
            for (size_t k = 0; !rc && k < g->o.n_records; k++) {
                g->r.baseline[k] = b->record[k];
                g->r.paired[k] = x.col_lo[k] >= 0 && x.col_hi[k] >= 0;
            }
            g->r.baseline_ok = b->ok;
        }
    }
    for (size_t c = 0; x.seen && c < x.n_total; c++) g->r.n_failed += x.seen[c] && !g->r.cells[c].ok;
    for (size_t c = 0; x.raw && c < x.n_total; c++) {
        for (size_t j = 0; x.raw[c] && j < g->o.n_axes; j++) free(x.raw[c][j]);
        free(x.raw[c]);
    }
    free(x.raw), free(x.line);
    free(x.len), free(x.col_d), free(x.col_lo), free(x.col_hi), free(x.seen);
    if (rc) ec_sweep_grid_clear(g);
    return rc;
}

void ec_sweep_grid_clear(ec_sweep_grid *g)
{
    if (!g) return;
    if (!g->r.cells) g->r.n = 0;
    ec_sweep_result_clear(&g->r);
    for (size_t j = 0; g->axes && j < g->o.n_axes; j++) ec_sweep_axis_clear(&g->axes[j]);
    free(g->axes);
    for (size_t k = 0; g->records && k < g->o.n_records; k++) free(g->records[k]);
    free(g->records);
    memset(g, 0, sizeof *g);
}

/* ------------------------------------------------------------- merging */

typedef struct shard_file {
    char *text;
    char *head;          /* the comment lines and the header, as written */
    char sha[65];
    size_t cells, shard, n_shards;
    const char *rest;    /* the first comment line after "shard I of N (cells A to B), " */
    const char *sd;      /* where " cells, shard " is in the first line */
} shard_file;

int ec_sweep_merge(const char *const *paths, size_t n, char **out, ec_error *err)
{
    *out = NULL;
    if (n == 0) return ec_error_set(err, EC_EINVAL, "merge: no shard files");
    shard_file *f = calloc(n, sizeof *f);
    char **row = NULL, *res = NULL;
    size_t total = 0;
    int rc = f ? EC_OK : ec_error_set(err, EC_ENOMEM, "out of memory");
    for (size_t i = 0; !rc && i < n; i++) {
        if (!(f[i].text = ec_file_read(paths[i], NULL, err))) {
            rc = err->code;
            break;
        }
        char *t = f[i].text;
        /* line ends: CR LF read as LF */
        {
            char *w = t;
            for (const char *q = t; *q; q++)
                if (!(q[0] == '\r' && q[1] == '\n')) *w++ = *q;
            *w = '\0';
        }
        /* the first line: "... (sha256 HEX): N cells, shard I of M (cells A to B), REST" */
        const char *nl = strchr(t, '\n'), *sd = NULL, *num = NULL;
        unsigned long long cells = 0, a = 0, b = 0;
        if (strncmp(t, "# effcomp ", 10) != 0 || !nl || first_line_counts(t, nl, &num, &sd, &cells, &a, &b) ||
            num - t < 3 + 64 + 8 || memcmp(num - 3, "): ", 3) != 0 || memcmp(num - 3 - 64 - 8, "(sha256 ", 8) != 0) {
            rc = ec_error_set(err, EC_EDATA, "%s: not a shard of 'effcomp sweep' (its first line names the sweep); give the CSVs "
                              "that 'effcomp sweep --shard I/N' wrote", paths[i]);
            break;
        }
        snprintf(f[i].sha, sizeof f[i].sha, "%.64s", num - 3 - 64);
        f[i].cells = (size_t)cells, f[i].shard = (size_t)a, f[i].n_shards = (size_t)b;
        f[i].sd = sd;
        const char *afterc = strstr(sd, "), ");
        f[i].rest = afterc && afterc < nl ? afterc + 3 : NULL;
        /* the head: the comment lines and the header line */
        char *p = t;
        while (*p == '#') p = strchr(p, '\n') ? strchr(p, '\n') + 1 : p + strlen(p);
        char *hdr_end = strchr(p, '\n');
        if (!hdr_end || strncmp(p, "cell,", 5) != 0 || !f[i].rest) {
            rc = ec_error_set(err, EC_EDATA, "%s: not a shard of 'effcomp sweep' (no header line after its comments)", paths[i]);
            break;
        }
        f[i].head = p; /* the header line starts here; the comments before it */
        if (i && (strcmp(f[i].sha, f[0].sha) != 0 || f[i].cells != f[0].cells || f[i].n_shards != f[0].n_shards)) {
            rc = ec_error_set(err, EC_EDATA, "%s: a foreign shard (scenario sha256 %.12s..., %zu cells, %zu shards) beside %s "
                              "(%.12s..., %zu cells, %zu shards); merge the shards of one sweep", paths[i], f[i].sha, f[i].cells,
                              f[i].n_shards, paths[0],
                              f[0].sha, f[0].cells, f[0].n_shards);
            break;
        }
        /* the same design line, header and rule after the shard, as the first's */
        size_t hl = (size_t)(strchr(f[i].head, '\n') - f[i].head), hl0 = i ? (size_t)(strchr(f[0].head, '\n') - f[0].head) : hl;
        const char *d1 = strstr(t, "\n# design"), *d0 = strstr(f[0].text, "\n# design");
        size_t dl1 = d1 ? strcspn(d1 + 1, "\n") : 0, dl0 = d0 ? strcspn(d0 + 1, "\n") : 0;
        size_t rl = strcspn(f[i].rest, "\n"), rl0 = strcspn(f[0].rest, "\n");
        if (i && (hl != hl0 || strncmp(f[i].head, f[0].head, hl) != 0 || dl1 != dl0 || (d1 && strncmp(d1, d0, dl1 + 1) != 0) ||
                  rl != rl0 || strncmp(f[i].rest, f[0].rest, rl) != 0)) {
            rc = ec_error_set(err, EC_EDATA, "%s: a foreign shard (another design, records or seed rule than %s); merge the shards "
                              "of one sweep", paths[i],
                              paths[0]);
            break;
        }
    }
    if (!rc) {
        total = f[0].cells;
        row = calloc(total ? total : 1, sizeof *row);
        if (!row) rc = ec_error_set(err, EC_ENOMEM, "out of memory");
    }
    for (size_t i = 0; !rc && i < n; i++) {
        char *p = strchr(f[i].head, '\n') + 1;
        size_t line = 2; /* of the row at p: the header's line plus one */
        for (const char *q = f[i].text; q < f[i].head; q++) line += *q == '\n';
        for (; *p; line++) {
            char *e = strchr(p, '\n');
            if (e) *e = '\0';
            if (*p) {
                char *end;
                unsigned long long c = strtoull(p, &end, 10);
                if (end == p || *end != ',' || c >= total) {
                    rc = ec_error_set(err, EC_EDATA, "%s:%zu: a row that is not a cell of the sweep (0 to %zu): '%.60s'; "
                                      "give the CSVs as 'effcomp sweep' wrote them", paths[i], line, total - 1, p);
                    break;
                }
                if (row[c]) {
                    rc = ec_error_set(err, EC_EDATA, "%s:%zu: cell %llu appears twice (a shard given twice?)", paths[i],
                                      line, c);
                    break;
                }
                row[c] = p;
            }
            if (!e) break;
            p = e + 1;
        }
    }
    size_t missing = 0, first_missing = 0;
    for (size_t c = 0; !rc && c < total; c++)
        if (!row[c] && !missing++) first_missing = c;
    if (!rc && missing)
        rc = ec_error_set(err, EC_EDATA, "merge: %zu of %zu cells are missing, from cell %zu (a shard of %zu not given?)",
                          missing, total, first_missing, f[0].n_shards);
    if (!rc) {
        /* the single process's first line: shard 0 of 1, cells 0 to N-1 */
        size_t len = 0, cap = 1 << 16;
        res = malloc(cap);
        const char *t0 = f[0].text, *sd = f[0].sd;
        const size_t line_cap = (size_t)(sd - t0) + strcspn(f[0].rest, "\n") + 96;
        char *line = malloc(line_cap);
        int k = line ? snprintf(line, line_cap, "%.*s cells, shard 0 of 1 (cells 0 to %zu), %.*s\n", (int)(sd - t0),
                                t0, total ? total - 1 : 0, (int)strcspn(f[0].rest, "\n"), f[0].rest)
                     : -1;
        if (k < 0 || (size_t)k >= line_cap) {
            free(res);
            res = NULL;
        }
        const char *rest_comments = strchr(t0, '\n') + 1; /* the design line, when there is one, and the header */
        size_t rcl = (size_t)(strchr(f[0].head, '\n') + 1 - rest_comments);
        for (int pass = 0; res && pass < 2 + (int)total; pass++) {
            const char *src = pass == 0 ? line : pass == 1 ? rest_comments : row[pass - 2];
            size_t sl = pass == 0 ? (size_t)k : pass == 1 ? rcl : strlen(src) + 1;
            if (len + sl + 1 > cap) {
                while (len + sl + 1 > cap) cap *= 2;
                char *nr = realloc(res, cap);
                if (!nr) {
                    free(res);
                    res = NULL;
                    break;
                }
                res = nr;
            }
            memcpy(res + len, src, sl);
            if (pass >= 2) res[len + sl - 1] = '\n';
            len += sl;
        }
        free(line);
        if (!res) rc = ec_error_set(err, EC_ENOMEM, "out of memory");
        else res[len] = '\0';
    }
    for (size_t i = 0; f && i < n; i++) free(f[i].text);
    free(f);
    free(row);
    if (rc) {
        free(res);
        return rc;
    }
    *out = res;
    return EC_OK;
}
