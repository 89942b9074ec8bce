/* test_steps.c — the step API (params/ec_step.h) and scenario files run in
 * memory (params/ec_scenario.h): the registry, options by name, results by
 * reference, named outputs, the checks made before anything runs, steps on
 * threads, and the manifest. Runs from tests/ (fixtures in tests/data,
 * the bundled data in ../data). */
#define _XOPEN_SOURCE 700 /* realpath */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "ec_test.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ec_optimal.h"
#include "ec_scenario.h"
#include "ec_step.h"

#define CHIN "../data/epoch_chinchilla_svg_extracted_data.csv"
#define COLS "N=Model Size,C=Training FLOP,L=loss"

#define ASSERT_CONTAINS(s, sub)                                                                                        \
    do {                                                                                                             \
        if (!strstr((s), (sub))) fail_msg("'%s' does not contain '%s'", (s), (sub));                                  \
    } while (0)

static void set_ok(ec_step *st, const char *k, const char *v)
{
    ec_error err;
    if (ec_step_set(st, k, v, &err) != EC_OK) fail_msg("%s = %s: %s", k, v, err.message);
}

/* A single-start fit of the bundled data with a small bootstrap (fast). */
static ec_result *run_fit(int bootstrap)
{
    ec_error err;
    ec_step *st = ec_step_new("fit", &err);
    assert_non_null(st);
    set_ok(st, "data", CHIN);
    set_ok(st, "columns", COLS);
    set_ok(st, "drop-highest", "5");
    set_ok(st, "starts", "single");
    char b[16];
    snprintf(b, sizeof b, "%d", bootstrap);
    set_ok(st, "bootstrap", b);
    ec_result *r;
    if (ec_step_run(st, &r, &err) != EC_OK) fail_msg("%s", err.message);
    ec_step_free(st);
    return r;
}

static void test_registry(void **state)
{
    (void)state;
    static const char *const names[] = {"fit",   "predict", "optimal",  "multiplier", "isoflop", "claims",
                                        "trend", "compare", "backtest", "project",    "simulate", "plot"};
    assert_int_equal(ec_step_type_count(), sizeof names / sizeof names[0]);
    for (size_t i = 0; i < ec_step_type_count(); i++) {
        const ec_step_type *t = ec_step_type_at(i);
        assert_string_equal(t->name, names[i]);
        assert_ptr_equal(ec_step_type_find(t->name), t);
        assert_true(t->run && t->n_groups > 0 && t->summary && t->summary[0]);
        assert_string_equal(ec_result_kind_name(t->kind), strcmp(t->name, "plot") == 0 ? "plot" : t->name);
        for (size_t g = 0; g < t->n_groups; g++) assert_true(t->groups[g].table()->n > 0);
    }
    ec_error err;
    assert_null(ec_step_new("fitt", &err));
    ASSERT_CONTAINS(err.message, "unknown step 'fitt'");
    ASSERT_CONTAINS(err.message, "optimal");
}

static void test_options_by_name(void **state)
{
    (void)state;
    ec_error err;
    ec_step *st = ec_step_new("fit", &err);
    /* Any group, '-' and '_' alike; a list option appends; values checked as they are set. */
    set_ok(st, "drop-highest", "5");
    set_ok(st, "where", "loss<4");
    set_ok(st, "where", "Model Size>1e8");
    char buf[256];
    assert_int_equal(ec_step_get(st, "where", buf, sizeof buf, &err), EC_OK);
    assert_string_equal(buf, "loss<4;Model Size>1e8");
    assert_int_equal(ec_step_get(st, "drop_highest", buf, sizeof buf, &err), EC_OK);
    assert_string_equal(buf, "5");
    assert_int_equal(ec_step_set(st, "delta", "-1", &err), EC_EINVAL);
    ASSERT_CONTAINS(err.message, "outside its range");
    assert_int_equal(ec_step_set(st, "bogus", "1", &err), EC_EINVAL);
    ASSERT_CONTAINS(err.message, "unknown option '--bogus' for 'effcomp fit'");
    const ec_option_table *t;
    assert_non_null(ec_step_find_option(st, "replicates_out", &t));
    assert_string_equal(t->section, "input");
    /* The checks before running: a required option, a combination, a missing input file. */
    ec_step *o = ec_step_new("optimal", &err);
    assert_int_equal(ec_step_check(o, &err), EC_EINVAL);
    ASSERT_CONTAINS(err.message, "give --compute, --sizes or --loss-target");
    set_ok(o, "compute", "1e24");
    assert_int_equal(ec_step_check(o, &err), EC_EINVAL);
    ASSERT_CONTAINS(err.message, "give either --fit FIT.json or --form F");
    set_ok(o, "fit", "no/such/fit.json");
    assert_int_equal(ec_step_check(o, &err), EC_EIO);
    ASSERT_CONTAINS(err.message, "cannot open 'no/such/fit.json'");
    set_ok(o, "fit", "");
    set_ok(o, "compute", "1e24,,2");
    set_ok(o, "form", "chinchilla");
    assert_int_equal(ec_step_check(o, &err), EC_EINVAL);
    ASSERT_CONTAINS(err.message, "empty item");
    ec_step_free(o);
    ec_step_free(st);
}

/* A fit in memory feeds optimal and predict by reference; their numbers are the library's on the same law. */
static void test_results_by_reference(void **state)
{
    (void)state;
    ec_result *fr = run_fit(200);
    const ec_law *law = ec_result_law(fr);
    assert_non_null(law);
    assert_int_equal(law->n_reps + law->reps_skipped, 200);
    assert_true(law->has_cov);
    double alpha, se;
    ec_error err;
    assert_int_equal(ec_result_value(fr, "p.alpha", &alpha, &err), EC_OK);
    assert_true(alpha == law->p[3]);
    assert_int_equal(ec_result_value(fr, "se.alpha", &se, &err), EC_OK);
    assert_true(se == ec_result_fit(fr)->boot->se[3]);
    assert_int_equal(ec_result_value(fr, "loss", &se, &err), EC_EINVAL);
    ASSERT_CONTAINS(err.message, "outputs: objective");

    ec_step *o = ec_step_new("optimal", &err);
    assert_int_equal(ec_step_bind(o, "fit", fr, "@fit", &err), EC_OK);
    set_ok(o, "compute", "1e25");
    set_ok(o, "sizes", "70e9");
    ec_result *or;
    assert_int_equal(ec_step_run(o, &or, &err), EC_OK);
    const ec_optimal_output *oo = ec_result_optimal(or);
    assert_ptr_equal(oo->law, law);
    ec_optimal_given g[2] = {EC_GIVEN_COMPUTE, EC_GIVEN_SIZE};
    double v[2] = {1e25, 70e9};
    ec_optimal_result direct;
    assert_int_equal(ec_optimal(law, g, v, 2, 0.95, 1, &direct, &err), EC_OK);
    assert_memory_equal(oo->r.rows, direct.rows, 2 * sizeof(ec_optimal_row));
    double nhi;
    assert_int_equal(ec_result_value(or, "row.1.D_hi95", &nhi, &err), EC_OK);
    assert_true(nhi == direct.rows[1].ci_D[1]);
    assert_int_equal(ec_result_value(or, "N", &nhi, &err), EC_OK);
    assert_true(nhi == direct.rows[0].N);
    ec_optimal_clear(&direct);
    /* Its JSON names where the law came from. */
    char *json = ec_result_json_text(or, &err);
    assert_non_null(json);
    ASSERT_CONTAINS(json, "\"result\":\t\"optimal\"");
    ASSERT_CONTAINS(json, "\"fit\":\t\"@fit\"");
    free(json);
    /* A result of another kind is refused for the input. */
    assert_int_equal(ec_step_bind(o, "fit", or, "@optimal", &err), EC_EINVAL);
    ASSERT_CONTAINS(err.message, "a optimal result");
    ec_result_free(or);

    ec_step *p = ec_step_new("predict", &err);
    assert_int_equal(ec_step_bind(p, "fit", fr, "@fit", &err), EC_OK);
    set_ok(p, "at", "N=70e9,D=1.4e12");
    ec_result *pr;
    assert_int_equal(ec_step_run(p, &pr, &err), EC_OK);
    const ec_predict_output *po = ec_result_predict(pr);
    assert_int_equal(po->r.band.method, EC_BAND_REPLICATES);
    double x[2] = {70e9, 1.4e12};
    ASSERT_REL(po->r.y_hat[0], ec_law_eval(law, x), 1e-15);
    assert_true(po->r.lo[0] < po->r.y_hat[0] && po->r.y_hat[0] < po->r.hi[0]);
    ec_result_free(pr);
    ec_step_free(p);
    ec_step_free(o);
    ec_result_free(fr);
}

/* The project step on a fit and a claims ledger in memory: the rows are ec_project's, the claims factor is the
 * ledger's, named outputs read them. */
static void test_project_step(void **state)
{
    (void)state;
    ec_result *fr = run_fit(200);
    ec_error err;
    ec_step *c = ec_step_new("claims", &err);
    set_ok(c, "claims", "../data/claims_example.csv");
    set_ok(c, "reference", "Llama 4 Maverick");
    ec_result *cr;
    if (ec_step_run(c, &cr, &err) != EC_OK) fail_msg("%s", err.message);
    ec_step *p = ec_step_new("project", &err);
    assert_int_equal(ec_step_bind(p, "fit", fr, "@fit", &err), EC_OK);
    assert_int_equal(ec_step_bind(p, "claims", cr, "@claims", &err), EC_OK);
    set_ok(p, "sizes", "1T");
    set_ok(p, "policies", "tokens=20T");
    set_ok(p, "efficiency", "1;claims:NewModel");
    set_ok(p, "baseline", "1");
    assert_int_equal(ec_step_set(p, "sizes", "3Q", &err), EC_EINVAL);
    ASSERT_CONTAINS(err.message, "size '3Q' is not a number of parameters");
    ec_result *pr;
    if (ec_step_run(p, &pr, &err) != EC_OK) fail_msg("%s", err.message);
    const ec_project_output *po = ec_result_project(pr);
    assert_non_null(po);
    assert_int_equal(po->r.n_rows, 2);
    const ec_ledger *l = &ec_result_claims(cr)->ledger;
    int k = ec_ledger_model_index(l, "NewModel");
    assert_true(po->r.rows[1].eff.factor == l->factor[k] && po->r.rows[1].eff.se_log == l->se_log[k]);
    ec_model_size sz;
    ec_policy pol;
    assert_int_equal(ec_model_size_parse("1T", &sz, &err), EC_OK);
    assert_int_equal(ec_policy_parse("tokens=20T", &pol, &err), EC_OK);
    ec_efficiency effs[2] = {{1, 0, "1"}, {l->factor[k], l->se_log[k], "claims:NewModel"}};
    ec_project_options opt = ec_project_default_options();
    opt.baseline = 1;
    ec_project_result direct;
    assert_int_equal(ec_project(ec_result_law(fr), &sz, 1, &pol, 1, effs, 2, &opt, &direct, &err), EC_OK);
    for (int i = 0; i < 2; i++) {
        assert_true(po->r.rows[i].loss == direct.rows[i].loss);
        assert_true(po->r.rows[i].ci_loss[0] == direct.rows[i].ci_loss[0]);
        assert_true(po->r.rows[i].ci_dloss[1] == direct.rows[i].ci_dloss[1]);
    }
    double v;
    assert_int_equal(ec_result_value(pr, "row.1.dloss_hi95", &v, &err), EC_OK);
    assert_true(v == direct.rows[1].ci_dloss[1]);
    assert_int_equal(ec_result_value(pr, "effective_compute", &v, &err), EC_OK);
    ASSERT_REL(v, 1.2e26, 1e-15);
    assert_int_equal(ec_result_value(pr, "row.2.loss", &v, &err), EC_EINVAL);
    ASSERT_CONTAINS(err.message, "outputs: loss");
    char *json = ec_result_json_text(pr, &err);
    ASSERT_CONTAINS(json, "\"result\":\t\"project\"");
    ASSERT_CONTAINS(json, "\"claims\":\t\"@claims\"");
    ASSERT_CONTAINS(json, "\"efficiency\":\t\"claims:NewModel\"");
    free(json);
    ec_project_clear(&direct);
    ec_result_free(pr);
    ec_step_free(p);
    ec_result_free(cr);
    ec_step_free(c);
    ec_result_free(fr);
}

/* Steps from the same settings on several threads, on one law: the same results as one after the other. */
static void test_threads(void **state)
{
    (void)state;
    ec_result *fr = run_fit(100);
    enum { K = 16 };
    double got[K], want[K];
    for (int pass = 0; pass < 2; pass++) {
#pragma omp parallel for num_threads(pass ? 2 : 1) schedule(dynamic, 1)
        for (int i = 0; i < K; i++) {
            ec_error err;
            ec_step *o = ec_step_new("optimal", &err);
            ec_step_bind(o, "fit", fr, "@fit", &err);
            char c[32];
            snprintf(c, sizeof c, "%g", 1e23 * (i + 1));
            ec_step_set(o, "compute", c, &err);
            ec_result *r = NULL;
            double v = NAN;
            if (ec_step_run(o, &r, &err) == EC_OK) ec_result_value(r, "loss_hi95", &v, &err);
            (pass ? got : want)[i] = v;
            ec_result_free(r);
            ec_step_free(o);
        }
    }
    for (int i = 0; i < K; i++) assert_true(isfinite(want[i]) && got[i] == want[i]);
    ec_result_free(fr);
}

/* Writes text to a file in the temporary folder; returns its path. */
static const char *write_file(const char *dir, const char *name, const char *text)
{
    static char path[4][512];
    static int k;
    char *p = path[k++ % 4];
    snprintf(p, 512, "%s/%s", dir, name);
    FILE *fp = fopen(p, "w");
    assert_non_null(fp);
    fputs(text, fp);
    fclose(fp);
    return p;
}

static char *make_tmp(void)
{
    char *d = malloc(64);
    snprintf(d, 64, "/tmp/ec_steps_XXXXXX");
    assert_non_null(mkdtemp(d));
    return d;
}

static void test_scenario_run(void **state)
{
    (void)state;
    char *dir = make_tmp(), data[1024], text[4096];
    assert_non_null(realpath(CHIN, data));
    snprintf(text, sizeof text,
             "[scenario]\nseed = 7\n\n[fit]\ndata = %s\ncolumns = " COLS "\ndrop_highest = 5\nstarts = single\n"
             "bootstrap = 50\noutput = fit.json\n\n[optimal]\nfit = fit.json\ncompute = 1e24,1e25\n\n"
             "[optimal twice]\nfit = @fit\ncompute = 1e24\n",
             data);
    const char *ini = write_file(dir, "s.ini", text);
    ec_error err;
    ec_scenario *sc;
    assert_int_equal(ec_scenario_load(ini, &sc, &err), EC_OK);
    assert_int_equal(ec_scenario_n_steps(sc), 3);
    assert_string_equal(ec_scenario_id(sc, 2), "twice");
    assert_int_equal(ec_scenario_override(sc, "twice.compute", "3e24", &err), EC_OK);
    assert_int_equal(ec_scenario_override(sc, "nope.compute", "1", &err), EC_EINVAL);
    ASSERT_CONTAINS(err.message, "no step 'nope'");
    assert_int_equal(ec_scenario_prepare(sc, &err), EC_OK);
    /* The seed of [scenario] is the fit's; the output path is relative to the scenario's folder; the optimal
     * step takes the fit's result in memory instead of its file (which does not exist yet). */
    char buf[1024];
    ec_step_get(ec_scenario_step(sc, 0), "seed", buf, sizeof buf, NULL);
    assert_string_equal(buf, "7");
    ec_step_get(ec_scenario_step(sc, 0), "output", buf, sizeof buf, NULL);
    char want[1024];
    snprintf(want, sizeof want, "%s/fit.json", dir);
    assert_string_equal(buf, want);
    ec_step_get(ec_scenario_step(sc, 1), "fit", buf, sizeof buf, NULL);
    assert_string_equal(buf, "@fit");
    const ec_result *r[3];
    for (size_t i = 0; i < 3; i++)
        if (ec_scenario_run_step(sc, i, &r[i], &err) != EC_OK) fail_msg("step %zu: %s", i + 1, err.message);
    assert_ptr_equal(ec_result_optimal(r[1])->law, ec_result_law(r[0]));
    double a, b;
    ec_result_value(r[2], "loss", &a, NULL);
    ec_optimal_given g = EC_GIVEN_COMPUTE;
    double c = 3e24;
    ec_optimal_result direct;
    ec_optimal(ec_result_law(r[0]), &g, &c, 1, 0.95, 1, &direct, NULL);
    b = direct.rows[0].loss;
    ec_optimal_clear(&direct);
    assert_true(a == b);
    char *m1 = ec_scenario_manifest(sc, &err);
    assert_non_null(m1);
    ASSERT_CONTAINS(m1, "\"scenario_sha256\"");
    ASSERT_CONTAINS(m1, "193478df4e90f040016431996c45682659306840ecdadf83cfb9cd5ca0aa1b30"); /* the data's */
    ASSERT_CONTAINS(m1, "\"seed\":\t7");
    ec_scenario_free(sc);
    /* The same scenario and inputs: the same manifest, byte for byte. */
    assert_int_equal(ec_scenario_load(ini, &sc, &err), EC_OK);
    assert_int_equal(ec_scenario_override(sc, "twice.compute", "3e24", &err), EC_OK);
    assert_int_equal(ec_scenario_prepare(sc, &err), EC_OK);
    for (size_t i = 0; i < 3; i++) assert_int_equal(ec_scenario_run_step(sc, i, &r[i], &err), EC_OK);
    char *m2 = ec_scenario_manifest(sc, &err);
    assert_string_equal(m1, m2);
    free(m1);
    free(m2);
    ec_scenario_free(sc);
    unlink(ini);
    rmdir(dir);
    free(dir);
}

/* ec_scenario_prepare's status on a copy of the prepared sc with key = value set (the copy freed). */
static int prepared_copy_with(const ec_scenario *sc, const unsigned char *reuse, const char *key, const char *value,
                              ec_error *err)
{
    ec_scenario *pc = ec_scenario_copy_prepared(sc, reuse, err);
    assert_non_null(pc);
    assert_int_equal(ec_scenario_override(pc, key, value, err), EC_OK);
    int rc = ec_scenario_prepare(pc, err);
    ec_scenario_free(pc);
    return rc;
}

/* A copy made without reading the file runs as the original does; a copy sharing the fit borrows the prepared
 * scenario's step and result (not made, checked or run again, not reachable for changes) and its optimal step
 * takes that result. */
static void test_scenario_copies(void **state)
{
    (void)state;
    char *dir = make_tmp(), data[1024], text[4096];
    assert_non_null(realpath(CHIN, data));
    snprintf(text, sizeof text,
             "[fit]\ndata = %s\ncolumns = " COLS "\ndrop_highest = 5\nstarts = single\nbootstrap = 30\n"
             "seed = 3\n\n[optimal]\nfit = @fit\ncompute = 1e24\n",
             data);
    const char *ini = write_file(dir, "s.ini", text);
    ec_error err;
    ec_scenario *tmpl, *sc;
    assert_int_equal(ec_scenario_load(ini, &tmpl, &err), EC_OK);
    assert_int_equal(ec_scenario_override(tmpl, "optimal.compute", "1e25", &err), EC_OK);
    unlink(ini); /* the copies read no file */
    sc = ec_scenario_copy(tmpl, &err);
    assert_non_null(sc);
    assert_int_equal(ec_scenario_prepare(sc, &err), EC_OK);
    const ec_result *r[2];
    for (size_t i = 0; i < 2; i++) assert_int_equal(ec_scenario_run_step(sc, i, &r[i], &err), EC_OK);
    double loss25, loss26;
    assert_int_equal(ec_result_value(r[1], "loss", &loss25, &err), EC_OK); /* the override came with the copy */
    const unsigned char reuse[2] = {1, 0};
    ec_scenario *cp = ec_scenario_copy_sharing(tmpl, sc, reuse, &err);
    assert_non_null(cp);
    assert_null(ec_scenario_step(cp, 0));
    assert_string_equal(ec_scenario_step_type(cp, 0)->name, "fit");
    assert_true(ec_scenario_borrowed(cp, 0) && !ec_scenario_borrowed(cp, 1));
    assert_int_equal(ec_scenario_override(cp, "optimal.compute", "1e26", &err), EC_OK);
    assert_int_equal(ec_scenario_prepare(cp, &err), EC_OK);
    const ec_result *c0, *c1;
    assert_int_equal(ec_scenario_run_step(cp, 0, &c0, &err), EC_OK);
    assert_ptr_equal(c0, r[0]); /* the prepared scenario's result, not run again */
    assert_int_equal(ec_scenario_run_step(cp, 1, &c1, &err), EC_OK);
    assert_ptr_equal(ec_result_optimal(c1)->law, ec_result_law(r[0]));
    assert_int_equal(ec_result_value(c1, "loss", &loss26, &err), EC_OK);
    ec_optimal_given g = EC_GIVEN_COMPUTE;
    double c = 1e26;
    ec_optimal_result direct;
    ec_optimal(ec_result_law(r[0]), &g, &c, 1, 0.95, 1, &direct, NULL);
    assert_true(loss26 == direct.rows[0].loss);
    ec_optimal_clear(&direct);
    assert_true(loss25 > loss26);
    /* a copy of the prepared scenario itself: its optimal step a clone (options as set and prepared there, not
     * parsed again), the new value set on it; the same loss */
    ec_scenario *pc = ec_scenario_copy_prepared(sc, reuse, &err);
    assert_non_null(pc);
    assert_null(ec_scenario_step(pc, 0));
    assert_non_null(ec_scenario_step(pc, 1));
    assert_ptr_not_equal(ec_scenario_step(pc, 1), ec_scenario_step(sc, 1));
    assert_int_equal(ec_scenario_override(pc, "optimal.compute", "1e26", &err), EC_OK);
    assert_int_equal(ec_scenario_prepare(pc, &err), EC_OK);
    const ec_result *p1;
    double ploss;
    assert_int_equal(ec_scenario_run_step(pc, 1, &p1, &err), EC_OK);
    assert_int_equal(ec_result_value(p1, "loss", &ploss, &err), EC_OK);
    assert_true(ploss == loss26);
    ec_scenario_free(pc);
    /* an output path and an input set on a clone: the step made again and prepared in full, the path rebased
     * (as on a copy from the file's keys) and the input bound */
    ec_scenario *pa = ec_scenario_copy_prepared(sc, reuse, &err), *pb = ec_scenario_copy_sharing(tmpl, sc, reuse, &err);
    assert_non_null(pa), assert_non_null(pb);
    for (int k = 0; k < 2; k++) {
        ec_scenario *x = k ? pb : pa;
        assert_int_equal(ec_scenario_override(x, "optimal.output", "sub/o.json", &err), EC_OK);
        assert_int_equal(ec_scenario_override(x, "optimal.fit", "@fit", &err), EC_OK);
        assert_int_equal(ec_scenario_override(x, "optimal.compute", "1e26", &err), EC_OK);
        assert_int_equal(ec_scenario_prepare(x, &err), EC_OK);
    }
    char oa[2100], ob[2100];
    assert_int_equal(ec_step_get(ec_scenario_step(pa, 1), "output", oa, sizeof oa, &err), EC_OK);
    assert_int_equal(ec_step_get(ec_scenario_step(pb, 1), "output", ob, sizeof ob, &err), EC_OK);
    assert_string_equal(oa, ob);
    ASSERT_CONTAINS(oa, "sub/o.json");
    assert_string_not_equal(oa, "sub/o.json"); /* against the scenario's folder */
    assert_int_equal(ec_scenario_run_step(pa, 1, &p1, &err), EC_OK);
    assert_int_equal(ec_result_value(p1, "loss", &ploss, &err), EC_OK);
    assert_true(ploss == loss26);
    ec_scenario_free(pa), ec_scenario_free(pb);
    /* a clone's inputs are not read again, unless a value they depend on is set: a column the data lacks is
     * refused when prepared */
    const unsigned char none[2] = {0, 0};
    assert_int_not_equal(prepared_copy_with(sc, none, "fit.columns", "N=Model Size,C=Training FLOP,L=nosuch", &err),
                         EC_OK);
    ASSERT_CONTAINS(err.message, "'nosuch'");
    assert_int_equal(prepared_copy_with(sc, none, "fit.drop_highest", "4", &err), EC_OK);
    /* a bad value on a clone is refused when it is prepared (its options checked again), as on any copy */
    assert_int_not_equal(prepared_copy_with(sc, reuse, "optimal.compute", "-1", &err), EC_OK);
    ASSERT_CONTAINS(err.message, "nothing was run");
    ec_scenario_free(cp); /* the borrowed step and result stay */
    assert_int_equal(ec_result_value(r[0], "p.E", &loss26, &err), EC_OK);
    /* a prepared scenario of another shape is refused */
    ec_scenario *one = NULL;
    snprintf(text, sizeof text, "[optimal]\nfit = x.json\ncompute = 1e24\n");
    const char *ini1 = write_file(dir, "one.ini", text);
    assert_int_equal(ec_scenario_load(ini1, &one, &err), EC_OK);
    assert_null(ec_scenario_copy_sharing(one, sc, reuse, &err));
    ASSERT_CONTAINS(err.message, "copy of itself");
    ec_scenario_free(one);
    unlink(ini1);
    ec_scenario_free(sc);
    ec_scenario_free(tmpl);
    rmdir(dir);
    free(dir);
}

/* Every bad step reported with its FILE:LINE before anything runs. */
static void test_scenario_errors(void **state)
{
    (void)state;
    char *dir = make_tmp();
    static const struct {
        const char *text, *want;
    } cases[] = {
        {"[fit]\ndata = x.csv\noutput = a.json\noutput = b.json\n", "s.ini:4: step 1 [fit]: 'output' is given twice (line 3 and line 4)"},
        {"[optimal]\nfit = @fit\ncompute = 1e24\n", "s.ini:2: step 1 [optimal]: fit = @fit: no step with that id"},
        /* located at the key the message names first, not the section's header */
        {"[simulate]\nstart_year = 2025\nstart_compute = 1e26\ncompute_growth = 4\nend_year = 2020\n",
         "s.ini:5: step 1 [simulate]: simulate: end_year 2020 is not after start_year 2025"},
        {"[simulate]\nstart_year = 2025\nstart_compute = 1e26\nend_year = 2030\n\ncompute_growth = normal(1.5, 1)\n",
         "s.ini:6: step 1 [simulate]: compute_growth = normal(1.5, 1): a growth factor per year must be positive"},
        {"[simulate]\nstart_year = 2025\nstart_compute = 1e26\nend_year = 2030\ncompute_growth = @trend\n",
         "s.ini:5: step 1 [simulate]: compute_growth = @trend: no step with that id"},
        {"[optimal]\nfit = @later\ncompute = 1e24\n[fit later]\ndata = x.csv\n", "that step comes later"},
        {"[claims]\nclaims = c.csv\nreference = R\n[optimal]\nfit = @claims\ncompute = 1\n",
         "step 2 [optimal]: fit = @claims: step 1 [claims] makes a claims result, but 'fit' takes a fit result"},
        {"[fit]\ndata = no_such.csv\n", "step 1 [fit]: cannot open"},
        {"[scenario]\nsteps = 3\n[fit]\n", "s.ini:2: [scenario]: unknown key 'steps'"},
        {"[fit]\nbogus = 1\n", "s.ini:2: step 1 [fit]: unknown option '--bogus'"},
        {"[sweep]\nvarry = project.k=1,2\n", "s.ini:2: [sweep]: unknown key 'varry' (the section takes vary"},
        {"[sweep]\nsamples = 4\nsamples = 8\n", "s.ini:3: [sweep]: 'samples' is given twice (line 2 and line 3)"},
        {"[sweep]\nsame_seed = maybe\n", "s.ini:2: [sweep]: same_seed 'maybe': write 1 or 0 (or true"},
        {"[sweep]\nrecord =\n", "s.ini:2: [sweep]: 'record' has no value"},
        {"[sweep]\nvary = a.b=1,2\n[sweep]\n", "s.ini:3: [sweep] is given twice (line 1 and line 3)"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        const char *ini = write_file(dir, "s.ini", cases[k].text);
        ec_error err;
        ec_scenario *sc = NULL;
        int rc = ec_scenario_load(ini, &sc, &err);
        if (rc == EC_OK) rc = ec_scenario_prepare(sc, &err);
        if (rc == EC_OK) fail_msg("case %zu: accepted", k);
        if (!strstr(err.message, cases[k].want)) fail_msg("case %zu: '%s' lacks '%s'", k, err.message, cases[k].want);
        ec_scenario_free(sc);
        unlink(ini);
    }
    rmdir(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_registry),          cmocka_unit_test(test_options_by_name),
        cmocka_unit_test(test_results_by_reference), cmocka_unit_test(test_project_step), cmocka_unit_test(test_threads),
        cmocka_unit_test(test_scenario_run), cmocka_unit_test(test_scenario_copies),      cmocka_unit_test(test_scenario_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
