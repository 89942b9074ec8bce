/* test_sweep.c — parameter sweeps (params/ec_sweep.h): the value syntax
 * (lists, linear and log ranges, their errors), cell seeds, and sweeps of a
 * projection scenario against the closed form of Epoch's Chinchilla fit
 * (L = E + A N^-alpha + B (M N)^-beta at M tokens per parameter, compute
 * 6 N M N: 10T at 20 tokens per parameter is 1.2e28 FLOP and L 1.8436), the
 * same records for 1 and 3 threads and for any shard split, a failing cell
 * recorded while the others go on, and errors found before any cell runs. */
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

#include "ec_csv.h"
#include "ec_result.h"
#include "ec_scenario.h"
#include "ec_step.h"
#include "ec_sweep.h"

static const double mle[5] = {1.81686, 482.0057, 2085.434, 0.347813, 0.365854};

static void axis_ok(const char *spec, ec_sweep_axis *a)
{
    ec_error err;
    if (ec_sweep_axis_parse(spec, a, &err) != EC_OK) fail_msg("'%s': %s", spec, err.message);
}

static void test_axis_syntax(void **state)
{
    (void)state;
    ec_sweep_axis a;
    axis_ok("project.sizes=1T, 2T,10T", &a);
    assert_string_equal(a.key, "project.sizes");
    assert_int_equal(a.n, 3);
    assert_string_equal(a.values[1], "2T");
    ec_sweep_axis_clear(&a);
    axis_ok("simulate.compute_growth=lognormal(median=4, sigma=0.2); fixed(3)", &a); /* ';' when values hold commas */
    assert_int_equal(a.n, 2);
    assert_string_equal(a.values[0], "lognormal(median=4, sigma=0.2)");
    ec_sweep_axis_clear(&a);
    axis_ok("fit.delta=0:1:5", &a);
    assert_int_equal(a.n, 5);
    const char *lin[5] = {"0", "0.25", "0.5", "0.75", "1"};
    for (int i = 0; i < 5; i++) assert_string_equal(a.values[i], lin[i]);
    ec_sweep_axis_clear(&a);
    axis_ok("project.max_tokens=1e13:1e15:3:log", &a);
    assert_int_equal(a.n, 3);
    ASSERT_REL(atof(a.values[0]), 1e13, 0);
    ASSERT_REL(atof(a.values[1]), 1e14, 1e-14);
    ASSERT_REL(atof(a.values[2]), 1e15, 0);
    ec_sweep_axis_clear(&a);
    axis_ok("claims.reference=claims:Muse Spark", &a); /* a colon in a value that is not a range */
    assert_int_equal(a.n, 1);
    ec_sweep_axis_clear(&a);
    static const struct {
        const char *spec, *msg;
    } bad[] = {
        {"project.sizes", "write ID.KEY=v1,v2"},          {"sizes=1T", "is not ID.KEY"},
        {".sizes=1T", "is not ID.KEY"},                   {"project.sizes=1T,,2T", "an empty value"},
        {"project.sizes=", "an empty value"},             {"fit.delta=0:1:1", "COUNT '1' is not a whole number"},
        {"fit.delta=0:1:2.5", "COUNT '2.5'"},             {"fit.delta=0:1:3:lin", "the fourth part of a range is 'log'"},
        {"project.max_tokens=0:1e15:3:log", "above 0"},   {"fit.delta=0:1:2000000", "from 2 to 1000000"},
    };
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        ec_error err;
        if (ec_sweep_axis_parse(bad[k].spec, &a, &err) != EC_EINVAL) fail_msg("'%s' accepted", bad[k].spec);
        if (!strstr(err.message, bad[k].msg)) fail_msg("'%s': '%s' lacks '%s'", bad[k].spec, err.message, bad[k].msg);
        assert_int_equal(a.n, 0);
    }
}

static void test_cell_seed(void **state)
{
    (void)state;
    assert_true(ec_sweep_cell_seed(42, 0) == ec_sweep_cell_seed(42, 0));
    assert_true(ec_sweep_cell_seed(42, 0) != ec_sweep_cell_seed(42, 1));
    assert_true(ec_sweep_cell_seed(42, 7) != ec_sweep_cell_seed(43, 7));
    for (size_t c = 0; c < 1000; c++) assert_true(ec_sweep_cell_seed(1, c) < (1ULL << 63));
}

/* A scenario file in a fresh folder; its path (static). */
static const char *scenario(const char *text)
{
    static char dir[64], path[128];
    snprintf(dir, sizeof dir, "/tmp/ec_sweep_XXXXXX");
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/s.ini", dir);
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fputs(text, fp);
    fclose(fp);
    return path;
}

static void drop(const char *path)
{
    unlink(path);
    char dir[128];
    snprintf(dir, sizeof dir, "%s", path);
    *strrchr(dir, '/') = '\0';
    rmdir(dir);
}

static const char *PROJECT = "[project]\n"
                             "form = chinchilla\n"
                             "params = E=1.81686,A=482.0057,B=2085.434,alpha=0.347813,beta=0.365854\n"
                             "sizes = 1T\n"
                             "policies = compute-optimal\n";

static ec_sweep_options options_for(const char *path, ec_sweep_axis *ax, size_t na, const char *const *rec, size_t nr,
                                    int threads, size_t shard, size_t nsh)
{
    ec_sweep_options o = ec_sweep_default_options();
    o.scenario = path;
    o.axes = ax;
    o.n_axes = na;
    o.records = rec;
    o.n_records = nr;
    o.threads = threads;
    o.shard = shard;
    o.n_shards = nsh;
    return o;
}

static void run(const char *path, ec_sweep_axis *ax, size_t na, const char *const *rec, size_t nr, int threads,
                size_t shard, size_t nsh, ec_sweep_result *r)
{
    ec_sweep_options o = options_for(path, ax, na, rec, nr, threads, shard, nsh);
    ec_error err;
    if (ec_sweep_run(&o, r, &err) != EC_OK) fail_msg("ec_sweep_run: %s", err.message);
}

/* sizes x tokens per parameter against the closed form; 1 and 3 threads; shards. */
static void test_grid_closed_form(void **state)
{
    (void)state;
    const char *path = scenario(PROJECT);
    ec_sweep_axis ax[2];
    axis_ok("project.sizes=1T,2T,10T", &ax[0]);
    axis_ok("project.policies=tokens-per-param=10;tokens-per-param=20;tokens-per-param=40", &ax[1]);
    const char *rec[] = {"project.loss", "project.compute", "project.tokens_per_param"};
    ec_sweep_result r1, r3;
    run(path, ax, 2, rec, 3, 1, 0, 1, &r1);
    assert_int_equal(r1.n_total, 9);
    assert_int_equal(r1.n, 9);
    assert_int_equal(r1.n_failed, 0);
    const double Ns[3] = {1e12, 2e12, 1e13}, Ms[3] = {10, 20, 40};
    for (size_t c = 0; c < 9; c++) {
        const ec_sweep_cell *cl = &r1.cells[c];
        assert_int_equal(cl->id, c);
        assert_true(cl->ok);
        double N = Ns[c / 3], M = Ms[c % 3], D = M * N;
        static const char *const sizes[3] = {"1T", "2T", "10T"};
        assert_string_equal(cl->value[0], sizes[c / 3]);
        ASSERT_REL(cl->record[0], mle[0] + mle[1] * pow(N, -mle[3]) + mle[2] * pow(D, -mle[4]), 1e-12);
        ASSERT_REL(cl->record[1], 6 * N * D, 1e-12);
        ASSERT_REL(cl->record[2], M, 1e-12);
    }
    /* issue 11's visible check: 10T at 20 tokens per parameter, 1.2e28 FLOP and L 1.8436 */
    ASSERT_REL(r1.cells[7].record[1], 1.2e28, 1e-12);
    ASSERT_REL(r1.cells[7].record[0], 1.8436, 5e-5);
    run(path, ax, 2, rec, 3, 3, 0, 1, &r3);
    for (size_t c = 0; c < 9; c++) assert_memory_equal(r1.cells[c].record, r3.cells[c].record, 3 * sizeof(double));
    /* shards: contiguous blocks whose union, in order, is the whole */
    size_t next = 0;
    for (size_t s = 0; s < 4; s++) {
        ec_sweep_result rs;
        run(path, ax, 2, rec, 3, 2, s, 4, &rs);
        assert_int_equal(rs.first, next);
        for (size_t i = 0; i < rs.n; i++) {
            assert_int_equal(rs.cells[i].id, next + i);
            assert_memory_equal(rs.cells[i].record, r1.cells[next + i].record, 3 * sizeof(double));
        }
        next += rs.n;
        ec_sweep_result_clear(&rs);
    }
    assert_int_equal(next, 9);
    /* a baseline cell: its records for every shard, run there when another shard holds it */
    for (size_t s = 0; s < 3; s++) {
        ec_sweep_options o = ec_sweep_default_options();
        o.scenario = path, o.axes = ax, o.n_axes = 2, o.records = rec, o.n_records = 3, o.shard = s, o.n_shards = 3;
        o.baseline = 4;
        ec_sweep_result rb;
        ec_error err;
        if (ec_sweep_run(&o, &rb, &err) != EC_OK) fail_msg("%s", err.message);
        assert_non_null(rb.baseline);
        assert_true(rb.baseline_ok);
        assert_memory_equal(rb.baseline, r1.cells[4].record, 3 * sizeof(double));
        ec_sweep_result_clear(&rb);
    }
    ec_sweep_result_clear(&r1);
    ec_sweep_result_clear(&r3);
    ec_sweep_axis_clear(&ax[0]);
    ec_sweep_axis_clear(&ax[1]);
    drop(path);
}

/* A scenario the caller has read (o.loaded) is the one the cells run: the file is not read again, so its removal
 * or a change to it after the read changes nothing; the records are those of a sweep that reads the file. */
static void test_loaded_scenario(void **state)
{
    (void)state;
    char path[128];
    snprintf(path, sizeof path, "%s", scenario(PROJECT));
    ec_sweep_axis ax;
    axis_ok("project.sizes=1T,10T", &ax);
    const char *rec[] = {"project.loss", "project.compute"};
    ec_sweep_result from_file, from_loaded;
    run(path, &ax, 1, rec, 2, 1, 0, 1, &from_file);
    ec_scenario *sc = NULL;
    ec_error err;
    if (ec_scenario_load(path, &sc, &err) != EC_OK) fail_msg("%s", err.message);
    char sha[65];
    if (ec_file_sha256(path, sha, &err) != EC_OK) fail_msg("%s", err.message);
    assert_string_equal(ec_scenario_sha256(sc), sha);
    FILE *fp = fopen(path, "w"); /* the file changed after the read: a model twice as large */
    assert_non_null(fp);
    fputs("[project]\nform = chinchilla\nparams = E=2,A=482.0057,B=2085.434,alpha=0.347813,beta=0.365854\n"
          "sizes = 1T\npolicies = compute-optimal\n", fp);
    fclose(fp);
    ec_sweep_options o = options_for(path, &ax, 1, rec, 2, 2, 0, 1);
    o.loaded = sc;
    if (ec_sweep_run(&o, &from_loaded, &err) != EC_OK) fail_msg("%s", err.message);
    assert_int_equal(from_loaded.n, 2);
    for (size_t c = 0; c < 2; c++) {
        assert_true(from_loaded.cells[c].ok);
        assert_memory_equal(from_loaded.cells[c].record, from_file.cells[c].record, 2 * sizeof(double));
    }
    ec_sweep_result_clear(&from_loaded);
    unlink(path); /* and gone */
    if (ec_sweep_run(&o, &from_loaded, &err) != EC_OK) fail_msg("%s", err.message);
    assert_memory_equal(from_loaded.cells[1].record, from_file.cells[1].record, 2 * sizeof(double));
    ec_sweep_result_clear(&from_loaded);
    o.loaded = NULL; /* read here: the file is missing */
    assert_int_equal(ec_sweep_run(&o, &from_loaded, &err), EC_EIO);
    ec_scenario_free(sc);
    ec_sweep_result_clear(&from_file);
    ec_sweep_axis_clear(&ax);
    drop(path);
}

/* A cell that fails records its error and the others go on; errors found before any cell runs. */
static void test_failures(void **state)
{
    (void)state;
    const char *path = scenario(PROJECT);
    ec_sweep_axis ax;
    axis_ok("project.policies=compute-optimal;loss=1.7;tokens=30T", &ax);
    const char *rec[] = {"project.loss"};
    ec_sweep_result r;
    run(path, &ax, 1, rec, 1, 2, 0, 1, &r);
    assert_int_equal(r.n_failed, 1);
    assert_true(r.cells[0].ok && !r.cells[1].ok && r.cells[2].ok);
    assert_true(isnan(r.cells[1].record[0]));
    assert_non_null(strstr(r.cells[1].error, "at or below the law's floor E"));
    ec_sweep_result_clear(&r);
    ec_sweep_axis_clear(&ax);
    static const struct {
        const char *axis, *record, *msg;
    } bad[] = {
        {"project.bogus=1,2", "project.loss", "unknown option '--bogus'"},
        {"project.sizes=1T,10Z", "project.loss", "size '10Z'"}, /* in the second cell: found before the first runs */
        {"project.sizes=1T,2T", "fit.loss", "write ID.OUTPUT with ID a step"},
        {"project.sizes=1T,2T", "project.nosuch", "has no output 'nosuch'"},
        {"nosuch.sizes=1T", "project.loss", "nosuch"},
    };
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        axis_ok(bad[k].axis, &ax);
        ec_sweep_options o = ec_sweep_default_options();
        o.scenario = path;
        o.axes = &ax;
        o.n_axes = 1;
        o.records = &bad[k].record;
        o.n_records = 1;
        ec_error err;
        if (ec_sweep_run(&o, &r, &err) != EC_EINVAL) fail_msg("case %zu accepted", k);
        if (!strstr(err.message, bad[k].msg)) fail_msg("case %zu: '%s' lacks '%s'", k, err.message, bad[k].msg);
        ec_sweep_axis_clear(&ax);
    }
    /* the same key twice, a shard out of range */
    ec_sweep_axis two[2];
    axis_ok("project.sizes=1T", &two[0]);
    axis_ok("project.sizes=2T", &two[1]);
    ec_sweep_options o = ec_sweep_default_options();
    o.scenario = path;
    o.axes = two;
    o.n_axes = 2;
    o.records = rec;
    o.n_records = 1;
    ec_error err;
    assert_int_equal(ec_sweep_run(&o, &r, &err), EC_EINVAL);
    assert_non_null(strstr(err.message, "varied twice"));
    o.n_axes = 1;
    o.shard = 2;
    o.n_shards = 2;
    assert_int_equal(ec_sweep_run(&o, &r, &err), EC_EINVAL);
    ec_sweep_axis_clear(&two[0]);
    ec_sweep_axis_clear(&two[1]);
    drop(path);
}

/* Monte Carlo cells: streams mixed with the cell id (cells differ), or the same in every cell (same_seed: cells
 * with the same values agree exactly); either way the same for 1 and 2 threads. */
static void test_seeds(void **state)
{
    (void)state;
    const char *path = scenario("[scenario]\nseed = 7\n[simulate]\nstart_year = 2025\nstart_compute = 1e26\n"
                                "end_year = 2030\ncompute_growth = lognormal(median=4, sigma=0.3)\n"
                                "thresholds = 1e28\ndraws = 20000\n");
    ec_sweep_axis ax;
    axis_ok("simulate.end_year=2030,2030", &ax); /* two cells with the same values */
    const char *rec[] = {"simulate.crossing.0.q50"};
    for (int same = 0; same < 2; same++) {
        ec_sweep_result r[2];
        for (int t = 0; t < 2; t++) {
            ec_sweep_options o = ec_sweep_default_options();
            o.scenario = path;
            o.axes = &ax;
            o.n_axes = 1;
            o.records = rec;
            o.n_records = 1;
            o.threads = t + 1;
            o.same_seed = same;
            ec_error err;
            if (ec_sweep_run(&o, &r[t], &err) != EC_OK) fail_msg("%s", err.message);
        }
        assert_true(r[0].cells[0].record[0] == r[1].cells[0].record[0]);
        assert_true(r[0].cells[1].record[0] == r[1].cells[1].record[0]);
        if (same) assert_true(r[0].cells[0].record[0] == r[0].cells[1].record[0]);
        else assert_true(r[0].cells[0].record[0] != r[0].cells[1].record[0]);
        /* the median crossing year near the closed form 2025 + 2 / log10(4) */
        ASSERT_REL(r[0].cells[0].record[0], 2025 + 2 / log10(4.0), 1e-3);
        ec_sweep_result_clear(&r[0]);
        ec_sweep_result_clear(&r[1]);
    }
    ec_sweep_axis_clear(&ax);
    drop(path);
}

/* A step no varied key reaches runs once and every cell shares its result: a bootstrapped fit feeding an optimal
 * step varied in its compute gives the same bootstrap interval in two cells with the same compute (its replicates
 * would differ with a seed per cell), and the sweep says one step was shared. */
static void test_shared_steps(void **state)
{
    (void)state;
    const char *src = getenv("EC_SOURCE_DIR");
    char text[1024];
    snprintf(text, sizeof text,
             "[scenario]\nseed = 3\n[fit]\ndata = %s/data/epoch_chinchilla_svg_extracted_data.csv\n"
             "columns = N=Model Size,C=Training FLOP,L=loss\ndrop_highest = 5\nbootstrap = 40\nquiet = 1\n"
             "[optimal]\nfit = @fit\ncompute = 1e24\n",
             src ? src : "..");
    const char *path = scenario(text);
    ec_sweep_axis ax;
    axis_ok("optimal.compute=1e24,1e24,1e25", &ax);
    const char *rec[] = {"optimal.N", "optimal.N_hi95"};
    ec_sweep_result r;
    run(path, &ax, 1, rec, 2, 2, 0, 1, &r);
    assert_int_equal(r.n_failed, 0);
    assert_int_equal(r.n_shared, 1); /* the fit */
    assert_true(r.cells[0].record[1] == r.cells[1].record[1]);
    assert_true(isfinite(r.cells[0].record[1]) && r.cells[0].record[1] > r.cells[0].record[0]);
    assert_true(r.cells[2].record[0] > r.cells[0].record[0]); /* more compute, a larger N* */
    ec_sweep_result_clear(&r);
    ec_sweep_axis_clear(&ax);
    drop(path);
}

/* Latin hypercube: every input has exactly one sample in each of the N strata; random: uniforms in (0, 1) that are
 * not a hypercube; both the same for the same seed; an unknown method and an unbounded Morris input refused. */
static void test_sample_designs(void **state)
{
    (void)state;
    const char *params[2] = {"project.efficiency=uniform(0, 1)", "project.k=uniform(0, 1)"};
    enum { N = 200 };
    ec_sweep_axis ax[2], bx[2];
    ec_error err;
    assert_int_equal(ec_sweep_design_sample("lhs", params, 2, N, 42, ax, &err), EC_OK);
    assert_int_equal(ec_sweep_design_sample("lhs", params, 2, N, 42, bx, &err), EC_OK);
    for (size_t j = 0; j < 2; j++) {
        int seen[N] = {0};
        assert_int_equal(ax[j].n, N);
        for (size_t r = 0; r < N; r++) {
            double v = atof(ax[j].values[r]);
            assert_true(v > 0 && v < 1);
            seen[(int)(v * N)]++;
            assert_string_equal(ax[j].values[r], bx[j].values[r]);
        }
        for (size_t k = 0; k < N; k++) assert_int_equal(seen[k], 1);
        ec_sweep_axis_clear(&ax[j]);
        ec_sweep_axis_clear(&bx[j]);
    }
    assert_int_equal(ec_sweep_design_sample("random", params, 2, N, 42, ax, &err), EC_OK);
    int empty = 0, seen[N] = {0};
    for (size_t r = 0; r < N; r++) seen[(int)(atof(ax[0].values[r]) * N)]++;
    for (size_t k = 0; k < N; k++) empty += seen[k] == 0;
    assert_true(empty > N / 5); /* about N/e strata empty: not a hypercube */
    ec_sweep_axis_clear(&ax[0]);
    ec_sweep_axis_clear(&ax[1]);
    assert_int_equal(ec_sweep_design_sample("sobol", params, 2, N, 42, ax, &err), EC_EINVAL);
    const char *unb[1] = {"project.k=normal(6, 1)"};
    assert_int_equal(ec_sweep_design_morris(unb, 1, 10, 4, 1, ax, &err), EC_EINVAL);
    assert_non_null(strstr(err.message, "unbounded"));
}

/* A design file next to a scenario (the scenario's folder): its path (static). */
static const char *design_beside(const char *ini, const char *text)
{
    static char path[160];
    snprintf(path, sizeof path, "%s", ini);
    snprintf(strrchr(path, '/') + 1, 32, "design.csv");
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fputs(text, fp);
    fclose(fp);
    return path;
}

/* A design file (ec_sweep_design_file): rows in any order, quoted and padded values as written, value c of every
 * axis is cell c; run zipped, each cell's loss is the closed form's at its size and policy; every malformed file is
 * refused with its line, and leaves no axis filled. */
static void test_design_file(void **state)
{
    (void)state;
    const char *ini = scenario(PROJECT);
    const char *csv = design_beside(ini, "# a design written by hand\n"
                                         "cell,project.sizes,project.policies\n"
                                         "2, 10T ,tokens-per-param=20\n"
                                         "0,1T,compute-optimal\n"
                                         "1,\"1T\",\"tokens-per-param=20\"\n");
    ec_sweep_axis ax[4];
    size_t na = 9;
    char sha[65];
    ec_error err;
    if (ec_sweep_design_file(csv, ax, 4, &na, sha, &err) != EC_OK) fail_msg("%s", err.message);
    assert_int_equal(na, 2);
    assert_string_equal(ax[0].key, "project.sizes");
    assert_string_equal(ax[1].key, "project.policies");
    assert_int_equal(ax[0].n, 3);
    assert_int_equal(ax[1].n, 3);
    const char *want0[3] = {"1T", "1T", "10T"}, *want1[3] = {"compute-optimal", "tokens-per-param=20", "tokens-per-param=20"};
    for (int c = 0; c < 3; c++) {
        assert_string_equal(ax[0].values[c], want0[c]);
        assert_string_equal(ax[1].values[c], want1[c]);
    }
    assert_int_equal(strlen(sha), 64);
    const char *rec[2] = {"project.loss", "project.tokens_per_param"};
    ec_sweep_options o = options_for(ini, ax, na, rec, 2, 0, 0, 1);
    o.zip = 1; /* value c of every axis is cell c */
    ec_sweep_result r;
    if (ec_sweep_run(&o, &r, &err) != EC_OK) fail_msg("%s", err.message);
    assert_int_equal(r.n_total, 3);
    const double N = 1e13, L = mle[0] + mle[1] * pow(N, -mle[3]) + mle[2] * pow(20 * N, -mle[4]);
    ASSERT_REL(r.cells[2].record[0], L, 1e-12);
    ASSERT_REL(r.cells[2].record[0], 1.8436, 1e-4); /* the published 10T row at 20 tokens per parameter */
    ASSERT_REL(r.cells[1].record[1], 20, 1e-12);
    assert_true(r.cells[0].record[1] != 20); /* compute-optimal: its own ratio */
    ec_sweep_result_clear(&r);
    for (size_t j = 0; j < na; j++) ec_sweep_axis_clear(&ax[j]);
    static const struct {
        const char *text, *want;
    } bad[] = {
        {"id,project.sizes\n0,1T\n", "design.csv:1: a design file's header starts with 'cell'"},
        {"cell\n0\n", "design.csv:1: the header names no input"},
        {"cell,sizes\n0,1T\n", "design.csv:1: column 2 'sizes' is not ID.KEY"},
        {"cell,project.sizes,project.sizes\n0,1T,2T\n", "column 'project.sizes' is named twice (columns 2 and 3)"},
        {"cell,a.b,c.d,e.f,g.h,i.j\n0,1,2,3,4,5\n", "design.csv:1: 5 inputs; a design takes at most 4"},
        {"cell,project.sizes\n0,1T,2\n", "design.csv:2: 3 fields; the header has 2"},
        {"cell,project.sizes\n-1,1T\n", "design.csv:2: cell '-1' is not a cell id"},
        {"cell,project.sizes\n1.0,1T\n", "design.csv:2: cell '1.0' is not a cell id"},
        {"cell,project.sizes\n0,1T\n\n0,2T\n", "design.csv:4: cell 0 again (first on line 2)"},
        {"cell,project.sizes\n0,1T\n2,2T\n", "design.csv: cell 1 is missing: the 2 rows must be the cells 0 to 1"},
        {"cell,project.sizes\n0, \n", "design.csv:2: cell 0 has no value for project.sizes"},
        {"cell,project.sizes\n0,\"1T\n2T\"\n", "design.csv:2: the value of project.sizes holds a line break"},
        {"cell,project.sizes\n", "design.csv: no cells after the header"},
        {"# only a comment\n", "design.csv: empty"},
    };
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        design_beside(ini, bad[k].text);
        na = 7;
        int rc = ec_sweep_design_file(csv, ax, 4, &na, sha, &err);
        if (rc != EC_EDATA) fail_msg("case %zu: status %d", k, rc);
        if (!strstr(err.message, bad[k].want)) fail_msg("case %zu: '%s' lacks '%s'", k, err.message, bad[k].want);
        assert_int_equal(na, 0);
        for (int j = 0; j < 4; j++) assert_null(ax[j].values);
    }
    unlink(csv);
    assert_int_equal(ec_sweep_design_file(csv, ax, 4, &na, sha, &err), EC_EIO);
    drop(ini);
}

/* The scenario's [sweep] section: its entries in file order with their lines, not a step (anywhere in the file),
 * absent from a copy. */
static void test_sweep_section(void **state)
{
    (void)state;
    char text[1024];
    snprintf(text, sizeof text,
             "[sweep]\nvary = project.sizes=1T,10T\nrecord = project.loss\nsame_seed = 1\n%s"
             "vary = project.k=6,7\n", PROJECT);
    const char *ini = scenario(text);
    ec_scenario *sc = NULL;
    ec_error err;
    /* a key after the [project] section belongs to it: 'vary' is not a project option */
    assert_int_equal(ec_scenario_load(ini, &sc, &err), EC_EINVAL);
    assert_non_null(strstr(err.message, "s.ini:10: step 1 [project]: unknown option '--vary'"));
    snprintf(text, sizeof text, "%s\n[sweep]\nvary = project.sizes=1T,10T\nrecord = project.loss\nvary = project.k=6,7\n"
             "same_seed = 1\n", PROJECT);
    drop(ini);
    ini = scenario(text);
    if (ec_scenario_load(ini, &sc, &err) != EC_OK) fail_msg("%s", err.message);
    assert_int_equal(ec_scenario_n_steps(sc), 1);
    assert_int_equal(ec_scenario_sweep_n(sc), 4);
    const char *keys[4] = {"vary", "record", "vary", "same_seed"}, *vals[4] = {"project.sizes=1T,10T", "project.loss",
                                                                               "project.k=6,7", "1"};
    for (size_t k = 0; k < 4; k++) {
        const char *v;
        int line;
        assert_string_equal(ec_scenario_sweep_entry(sc, k, &v, &line), keys[k]);
        assert_string_equal(v, vals[k]);
        assert_int_equal(line, (int)k + 8);
    }
    assert_null(ec_scenario_sweep_entry(sc, 4, NULL, NULL));
    ec_scenario *cp = ec_scenario_copy(sc, &err);
    assert_non_null(cp);
    assert_int_equal(ec_scenario_sweep_n(cp), 0);
    assert_int_equal(ec_scenario_n_steps(cp), 1);
    ec_scenario_free(cp);
    ec_scenario_free(sc);
    drop(ini);
}

/* Cells flagged in skip are not run (skipped = 1, no records) and on_cell sees every other cell once, with the
 * records a full run gives; a skipped baseline cell is run for its records. */
typedef struct seen_cells {
    int calls[12];
    double rec[12];
} seen_cells;

static void count_cell(void *ctx, const ec_sweep_cell *c)
{
    seen_cells *s = ctx;
    s->calls[c->id]++;
    s->rec[c->id] = c->record[0];
}

static void test_skip_and_on_cell(void **state)
{
    (void)state;
    const char *path = scenario(PROJECT);
    ec_sweep_axis ax;
    axis_ok("project.sizes=1e11:1e13:12:log", &ax);
    const char *rec[] = {"project.loss"};
    ec_sweep_result full, part;
    run(path, &ax, 1, rec, 1, 2, 0, 1, &full);
    unsigned char skip[12] = {1, 0, 0, 1, 1, 0, 0, 0, 0, 0, 1, 1}; /* the first, a run of two, the last two */
    for (int threads = 1; threads <= 2; threads++) {
        seen_cells seen;
        memset(&seen, 0, sizeof seen);
        ec_sweep_options o = ec_sweep_default_options();
        o.scenario = path;
        o.axes = &ax;
        o.n_axes = 1;
        o.records = rec;
        o.n_records = 1;
        o.threads = threads;
        o.skip = skip;
        o.on_cell = count_cell;
        o.ctx = &seen;
        o.baseline = 0; /* skipped: run for its records */
        ec_error err;
        if (ec_sweep_run(&o, &part, &err) != EC_OK) fail_msg("%s", err.message);
        assert_int_equal(part.n, 12);
        for (size_t c = 0; c < 12; c++) {
            assert_int_equal(part.cells[c].skipped, skip[c]);
            assert_int_equal(seen.calls[c], !skip[c]);
            if (skip[c]) {
                assert_false(part.cells[c].ok);
                assert_true(isnan(part.cells[c].record[0]));
            } else {
                assert_true(part.cells[c].ok);
                assert_true(part.cells[c].record[0] == full.cells[c].record[0]);
                assert_true(seen.rec[c] == full.cells[c].record[0]);
            }
        }
        assert_int_equal(part.n_failed, 0);
        assert_non_null(part.baseline);
        assert_true(part.baseline_ok);
        assert_true(part.baseline[0] == full.cells[0].record[0]);
        ec_sweep_result_clear(&part);
    }
    ec_sweep_result_clear(&full);
    ec_sweep_axis_clear(&ax);
    drop(path);
}

/* A text file at path. */
static void write_text(const char *path, const char *text)
{
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fputs(text, fp);
    fclose(fp);
}

/* A project step whose law is a fit file: the cells share one reading of it (ec_input_cache), with the same records
 * as the fit run in the scenario itself; a sweep over two fit files reads each once. */
static void test_fit_file_read_once(void **state)
{
    (void)state;
    const char *src = getenv("EC_SOURCE_DIR");
    char data[512];
    snprintf(data, sizeof data, "%s/data/epoch_chinchilla_svg_extracted_data.csv", src ? src : "..");
    ec_error err;
    ec_step *fit = ec_step_new("fit", &err);
    assert_non_null(fit);
    assert_int_equal(ec_step_set(fit, "data", data, &err), EC_OK);
    assert_int_equal(ec_step_set(fit, "columns", "N=Model Size,C=Training FLOP,L=loss", &err), EC_OK);
    assert_int_equal(ec_step_set(fit, "drop_highest", "5", &err), EC_OK);
    assert_int_equal(ec_step_set(fit, "bootstrap", "60", &err), EC_OK);
    assert_int_equal(ec_step_set(fit, "seed", "5", &err), EC_OK);
    ec_result *fr = NULL;
    if (ec_step_run(fit, &fr, &err) != EC_OK) fail_msg("fit: %s", err.message);
    char dir[64], p_json[128], p_json2[128], p_reps[128], p_a[128], p_b[128], text[2048];
    snprintf(dir, sizeof dir, "/tmp/ec_sweep_XXXXXX");
    assert_non_null(mkdtemp(dir));
    snprintf(p_json, sizeof p_json, "%s/fit.json", dir);
    snprintf(p_json2, sizeof p_json2, "%s/fit2.json", dir);
    snprintf(p_reps, sizeof p_reps, "%s/reps.csv", dir);
    snprintf(p_a, sizeof p_a, "%s/a.ini", dir);
    snprintf(p_b, sizeof p_b, "%s/b.ini", dir);
    char *js = ec_result_json_text(fr, &err), *reps = ec_fit_replicates_text(fr, &err);
    assert_non_null(js);
    assert_non_null(reps);
    write_text(p_json, js);
    write_text(p_json2, js);
    write_text(p_reps, reps);
    free(js), free(reps);
    ec_result_free(fr);
    ec_step_free(fit);
    /* a: the same fit as a step of the scenario; b: its file */
    snprintf(text, sizeof text,
             "[fit]\ndata = %s\ncolumns = N=Model Size,C=Training FLOP,L=loss\ndrop_highest = 5\nbootstrap = 60\n"
             "seed = 5\nquiet = 1\n[project]\nfit = @fit\nsizes = 1T\npolicies = tokens-per-param=20\n",
             data);
    write_text(p_a, text);
    write_text(p_b, "[project]\nfit = fit.json\nreplicates = reps.csv\nsizes = 1T\npolicies = tokens-per-param=20\n");
    ec_sweep_axis ax;
    axis_ok("project.sizes=1e11:1e13:40:log", &ax);
    const char *rec[] = {"project.loss", "project.loss_lo95", "project.loss_hi95"};
    ec_sweep_result ra, rb, rc;
    run(p_a, &ax, 1, rec, 3, 2, 0, 1, &ra);
    run(p_b, &ax, 1, rec, 3, 2, 0, 1, &rb);
    assert_int_equal(ra.n_loads, 0);
    assert_int_equal(rb.n_loads, 1); /* 40 cells, one reading */
    assert_int_equal(rb.n_failed, 0);
    for (size_t c = 0; c < 40; c++)
        for (size_t k = 0; k < 3; k++) {
            assert_true(isfinite(rb.cells[c].record[k]));
            assert_memory_equal(&ra.cells[c].record[k], &rb.cells[c].record[k], sizeof(double));
        }
    assert_true(rb.cells[0].record[1] < rb.cells[0].record[0] && rb.cells[0].record[0] < rb.cells[0].record[2]);
    ec_sweep_axis ax2[2];
    axis_ok("project.fit=fit.json,fit2.json", &ax2[0]); /* a path varied: the step made again, still cached */
    axis_ok("project.sizes=1e11,1e12,1e13", &ax2[1]);
    run(p_b, ax2, 2, rec, 1, 2, 0, 1, &rc);
    assert_int_equal(rc.n_loads, 2);
    assert_int_equal(rc.n_failed, 0);
    for (size_t c = 0; c < 3; c++) assert_true(rc.cells[c].record[0] == rc.cells[c + 3].record[0]);
    ec_sweep_result_clear(&ra), ec_sweep_result_clear(&rb), ec_sweep_result_clear(&rc);
    ec_sweep_axis_clear(&ax), ec_sweep_axis_clear(&ax2[0]), ec_sweep_axis_clear(&ax2[1]);
    unlink(p_json), unlink(p_json2), unlink(p_reps), unlink(p_a), unlink(p_b);
    rmdir(dir);
}

/* The PROJECT scenario written to *path, loaded and prepared. */
static ec_scenario *prepared_project(const char **path)
{
    *path = scenario(PROJECT);
    ec_scenario *sc = NULL;
    ec_error err;
    assert_int_equal(ec_scenario_load(*path, &sc, &err), EC_OK);
    assert_int_equal(ec_scenario_prepare(sc, &err), EC_OK);
    return sc;
}

/* The pre-check without a scenario copy: a refused and an accepted value told on a clone of the step; a path, a
 * quiet key and a key of no step as documented. */
static void test_try_values(void **state)
{
    (void)state;
    const char *path;
    ec_scenario *sc = prepared_project(&path);
    static const struct {
        const char *key, *value;
        int rc, decided;
    } cases[] = {
        {"project.sizes", "2T", EC_OK, 1},          {"project.sizes", "10Z", EC_EINVAL, 1},
        {"project.policies", "bogus", EC_EINVAL, 1}, {"project.policies", "tokens-per-param=20", EC_OK, 1},
        {"project.quiet", "maybe", EC_EINVAL, 1},    {"project.fit", "x.json", EC_OK, 0},
        {"nosuch.sizes", "1T", EC_OK, 0},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        int decided = -1, rc = ec_scenario_try_values(sc, &cases[k].key, &cases[k].value, 1, &decided);
        if (rc != cases[k].rc || decided != cases[k].decided)
            fail_msg("%s=%s: rc %d decided %d", cases[k].key, cases[k].value, rc, decided);
    }
    /* two keys of one step, set in order on one clone: the list replaced, then checked together */
    const char *keys[] = {"project.sizes", "project.policies"}, *vals[] = {"1T,2T", "compute-optimal"};
    int decided;
    assert_int_equal(ec_scenario_try_values(sc, keys, vals, 2, &decided), EC_OK);
    assert_int_equal(decided, 1);
    ec_scenario_free(sc);
    drop(path);
}

/* The same cells on one trial, in turn: refused values between accepted ones leave nothing behind (each trial
 * tells what ec_scenario_try_values tells alone). */
static void test_trial_reused(void **state)
{
    (void)state;
    const char *path;
    ec_scenario *sc = prepared_project(&path);
    ec_scenario_trial *t = ec_scenario_trial_new(sc);
    assert_non_null(t);
    const char *keys[] = {"project.sizes", "project.policies"};
    static const char *const vals[][2] = {{"1T", "bogus"}, {"1T,2T", "tokens-per-param=20"}, {"10Z", "compute-optimal"},
                                          {"2T", "compute-optimal"}, {"3T", "loss=1.9;tokens=bad"}, {"3T", "loss=1.9"}};
    for (int pass = 0; pass < 2; pass++)
        for (size_t k = 0; k < sizeof vals / sizeof vals[0]; k++) {
            int d1 = -1, d2 = -1;
            int r1 = ec_scenario_trial_values(t, keys, vals[k], 2, &d1), r2 = ec_scenario_try_values(sc, keys, vals[k], 2, &d2);
            if (r1 != r2 || d1 != d2 || d1 != 1) fail_msg("case %zu: trial rc %d decided %d, alone rc %d decided %d", k, r1, d1, r2, d2);
        }
    ec_scenario_trial_free(t);
    ec_scenario_free(sc);
    drop(path);
}

/* Cells run on one scenario per thread (every varied key plain) give what each cell run alone on a scenario made
 * for it gives (a shard of one cell, whose only cell runs on its own copy): the same records to the bit, the same
 * errors, with failing cells between good ones (the scenario made anew after them), seeds mixed per cell (also
 * when an axis sets the seed) and paired intervals against a baseline. */
static void same_as_alone(const char *path, ec_sweep_axis *ax, size_t na, const char *const *rec, size_t nr,
                          long long baseline, size_t want_failed)
{
    ec_sweep_options o = ec_sweep_default_options();
    o.scenario = path, o.axes = ax, o.n_axes = na, o.records = rec, o.n_records = nr, o.baseline = baseline;
    ec_error err;
    for (int threads = 1; threads <= 2; threads++) {
        ec_sweep_result all;
        o.threads = threads, o.shard = 0, o.n_shards = 1;
        if (ec_sweep_run(&o, &all, &err) != EC_OK) fail_msg("%s", err.message);
        assert_int_equal(all.n_failed, want_failed);
        for (size_t c = 0; c < all.n; c++) {
            ec_sweep_result one;
            o.threads = 1, o.shard = c, o.n_shards = all.n;
            if (ec_sweep_run(&o, &one, &err) != EC_OK) fail_msg("%s", err.message);
            assert_int_equal(one.n, 1);
            const ec_sweep_cell *a = &all.cells[c], *b = &one.cells[0];
            assert_int_equal(b->id, c);
            assert_int_equal(a->ok, b->ok);
            assert_memory_equal(a->record, b->record, nr * sizeof(double));
            if (!a->ok) assert_string_equal(a->error, b->error);
            if (baseline >= 0) {
                assert_memory_equal(a->d_lo, b->d_lo, nr * sizeof(double));
                assert_memory_equal(a->d_hi, b->d_hi, nr * sizeof(double));
            }
            ec_sweep_result_clear(&one);
        }
        ec_sweep_result_clear(&all);
    }
}

static void test_reused_cells(void **state)
{
    (void)state;
    /* failing cells (a loss below the floor E) between good ones */
    const char *path = scenario(PROJECT);
    ec_sweep_axis ax[2];
    axis_ok("project.sizes=1T,2T,10T", &ax[0]);
    axis_ok("project.policies=compute-optimal;loss=1.7;tokens=30T", &ax[1]);
    const char *rec[] = {"project.loss", "project.compute"};
    same_as_alone(path, ax, 2, rec, 2, -1, 3);
    ec_sweep_axis_clear(&ax[0]), ec_sweep_axis_clear(&ax[1]);
    drop(path);
    /* Monte Carlo cells, their seeds mixed with the cell id: from the file's, and from an axis's */
    path = scenario("[scenario]\nseed = 7\n[simulate]\nstart_year = 2025\nstart_compute = 1e26\n"
                    "end_year = 2030\ncompute_growth = lognormal(median=4, sigma=0.3)\nthresholds = 1e28\n"
                    "draws = 2000\n");
    const char *srec[] = {"simulate.crossing.0.q50"};
    axis_ok("simulate.end_year=2030,2031,2030", &ax[0]);
    axis_ok("simulate.seed=5,6", &ax[1]);
    same_as_alone(path, ax, 1, srec, 1, -1, 0);
    same_as_alone(path, ax, 2, srec, 1, -1, 0);
    ec_sweep_axis_clear(&ax[0]), ec_sweep_axis_clear(&ax[1]);
    drop(path);
    /* a bootstrapped fit shared by every cell, a baseline cell and paired intervals */
    const char *src = getenv("EC_SOURCE_DIR");
    char text[1024];
    snprintf(text, sizeof text,
             "[fit]\ndata = %s/data/epoch_chinchilla_svg_extracted_data.csv\n"
             "columns = N=Model Size,C=Training FLOP,L=loss\ndrop_highest = 5\nbootstrap = 8\nquiet = 1\n"
             "[project]\nfit = @fit\nsizes = 1T\npolicies = tokens-per-param=20\n",
             src ? src : "..");
    path = scenario(text);
    axis_ok("project.sizes=1T,2T,5T,10T", &ax[0]);
    const char *prec[] = {"project.loss", "project.loss_lo95"};
    same_as_alone(path, ax, 1, prec, 2, 1, 0);
    ec_sweep_axis_clear(&ax[0]);
    drop(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_axis_syntax),      cmocka_unit_test(test_cell_seed), cmocka_unit_test(test_grid_closed_form),
        cmocka_unit_test(test_failures),         cmocka_unit_test(test_seeds), cmocka_unit_test(test_shared_steps), cmocka_unit_test(test_sample_designs),
        cmocka_unit_test(test_skip_and_on_cell), cmocka_unit_test(test_fit_file_read_once),
        cmocka_unit_test(test_try_values),       cmocka_unit_test(test_trial_reused), cmocka_unit_test(test_reused_cells),
        cmocka_unit_test(test_design_file),      cmocka_unit_test(test_sweep_section),
        cmocka_unit_test(test_loaded_scenario),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
