/*
 * test_fit.c — unit tests for the Chinchilla fit (ec_fit.h): reproduction of
 * Epoch AI's replication (Besiroglu et al. 2024, arXiv:2404.10102) on their
 * extracted data, determinism across thread counts, single starts, recovery
 * of a known law, the bootstrap, bad input and the random streams.
 *
 * Reference values (Epoch's published fit on the 240 points left after
 * dropping the 5 highest losses, Huber δ = 1e-3, Hoffmann's 4500-start grid):
 *   A = 477.8, B = 2143, E = 1.8172, α = 0.34731, β = 0.36717;
 *   bootstrap SEs 124.5, 1293, 0.0257, 0.0154, 0.0206;
 *   95% intervals A 285–744, B 1042–5810, E 1.769–1.871, α 0.317–0.373,
 *   β 0.331–0.415.
 */
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

#include "ec_dataset.h"
#include "ec_fit.h"
#include "ec_rng.h"

#define P EC_CHIN_NPARAM
#define CHINCHILLA "../data/epoch_chinchilla_svg_extracted_data.csv"

static const double epoch_params[P] = {477.8, 2143, 1.8172, 0.34731, 0.36717};
static const double epoch_se[P] = {124.5, 1293, 0.0257, 0.0154, 0.0206};
static const double epoch_ci_lo[P] = {285, 1042, 1.769, 0.317, 0.331};
static const double epoch_ci_hi[P] = {744, 5810, 1.871, 0.373, 0.415};
static const double epoch_objective = 1.0182740178e-3;

/* ------------------------------------------------------------- helpers */


static void assert_contains(const char *hay, const char *needle, int line)
{
    if (!strstr(hay, needle))
        fail_msg("line %d: message \"%s\" does not contain \"%s\"", line, hay, needle);
}
#define ASSERT_CONTAINS(hay, needle) assert_contains((hay), (needle), __LINE__)

/* A file of Epoch's columns (Model Size, Training FLOP, loss) with `rows` rows, without its 5 highest losses. */
static ec_dataset *load_points(const char *path, size_t rows)
{
    ec_column_map map = {{NULL}};
    ec_error err;
    ec_error_clear(&err);
    if (ec_column_map_parse(&map, "N=Model Size,C=Training FLOP,L=loss", &err) != EC_OK)
        fail_msg("column map: %s", err.message);
    ec_dataset *ds = ec_dataset_load_csv(path, &map, &err);
    ec_column_map_clear(&map);
    if (!ds) fail_msg("load %s: %s", path, err.message);
    assert_int_equal(ds->n, rows);
    if (ec_dataset_drop_highest(ds, EC_ROLE_L, 5, &err) != EC_OK) fail_msg("drop_highest: %s", err.message);
    assert_int_equal(ds->n, rows - 5);
    assert_non_null(ds->col[EC_ROLE_D]); /* derived from C */
    return ds;
}

/* Epoch's 240 points: the extracted data without the 5 highest losses. */
static ec_dataset *load_chinchilla(void) { return load_points(CHINCHILLA, 245); }

static void fit_ok(const ec_dataset *ds, const ec_fit_options *opt, ec_fit_result *res, int line)
{
    ec_error err;
    ec_error_clear(&err);
    int rc = ec_fit_chinchilla(ds, opt, res, &err);
    if (rc != EC_OK) fail_msg("line %d: ec_fit_chinchilla returned %d: %s", line, rc, err.message);
}
#define FIT_OK(ds, opt, res) fit_ok((ds), (opt), (res), __LINE__)

static ec_boot *boot_ok(const ec_dataset *ds, const ec_fit_options *opt, int line)
{
    ec_error err;
    ec_error_clear(&err);
    ec_boot *b = NULL;
    int rc = ec_bootstrap_chinchilla(ds, opt, &b, &err);
    if (rc != EC_OK || !b) fail_msg("line %d: ec_bootstrap_chinchilla returned %d: %s", line, rc, err.message);
    return b;
}
#define BOOT_OK(ds, opt) boot_ok((ds), (opt), __LINE__)

static void set_opt(ec_fit_options *o, const char *name, const char *value)
{
    ec_error err;
    ec_error_clear(&err);
    if (ec_option_set(ec_fit_option_table(), o, name, value, &err) != EC_OK)
        fail_msg("option %s=%s: %s", name, value, err.message);
}

/* Synthetic data without noise from a known law on a log grid of N × D. */
#define SYN_NN 9
#define SYN_ND 8
#define SYN_N (SYN_NN * SYN_ND)
typedef struct synth_ds {
    double N[SYN_N], D[SYN_N], L[SYN_N];
    ec_dataset ds;
} synth_ds;

static char synth_path[] = "synthetic";

static void make_synth(synth_ds *s, const double params[P])
{
    memset(s, 0, sizeof *s);
    size_t k = 0;
    for (int i = 0; i < SYN_NN; i++)
        for (int j = 0; j < SYN_ND; j++, k++) {
            s->N[k] = 1e7 * pow(1e3, i / (double)(SYN_NN - 1));
            s->D[k] = 1e8 * pow(1e3, j / (double)(SYN_ND - 1));
            s->L[k] = params[2] + params[0] / pow(s->N[k], params[3]) + params[1] / pow(s->D[k], params[4]);
        }
    s->ds.n = SYN_N;
    s->ds.col[EC_ROLE_N] = s->N;
    s->ds.col[EC_ROLE_D] = s->D;
    s->ds.col[EC_ROLE_L] = s->L;
    s->ds.path = synth_path;
}

/* --------------------------------------------------------------- tests */

static size_t progress_calls, progress_last, progress_total;
static void on_progress(size_t done, size_t total, void *user)
{
    (void)user;
    progress_calls++;
    if (done > progress_last) progress_last = done;
    progress_total = total;
}

/* (a) Epoch's fit, with the default options. */
/* Hoffmann's grid, enumerated independently in itertools.product(alpha, beta, e, a, b) order. */
static void test_grid_starts(void **state)
{
    (void)state;
    size_t k = 0;
    for (int ial = 0; ial < 5; ial++)
        for (int ibe = 0; ibe < 5; ibe++)
            for (int ie = 0; ie < 5; ie++)
                for (int ia = 0; ia < 6; ia++)
                    for (int ib = 0; ib < 6; ib++, k++) {
                        double th[5];
                        ec_chin_grid_start(k, th);
                        assert_true(th[EC_CHIN_ALPHA] == 0.5 * ial && th[EC_CHIN_BETA] == 0.5 * ibe);
                        assert_true(th[EC_CHIN_E] == -1.0 + 0.5 * ie);
                        assert_true(th[EC_CHIN_A] == 5.0 * ia && th[EC_CHIN_B] == 5.0 * ib);
                    }
    assert_int_equal(k, EC_CHIN_GRID_SIZE);
    /* Corners, as in Epoch's np.arange ranges: alpha, beta in [0, 2], e in [-1, 1], a, b in [0, 25]. */
    double th[5];
    ec_chin_grid_start(EC_CHIN_GRID_SIZE - 1, th);
    assert_true(th[EC_CHIN_ALPHA] == 2.0 && th[EC_CHIN_BETA] == 2.0 && th[EC_CHIN_E] == 1.0 && th[EC_CHIN_A] == 25.0 &&
                th[EC_CHIN_B] == 25.0);
}

static void test_reference_fit(void **state)
{
    (void)state;
    ec_dataset *ds = load_chinchilla();
    ec_fit_options opt = ec_fit_default_options();
    opt.progress = on_progress;
    progress_calls = progress_last = progress_total = 0;
    ec_fit_result res;
    FIT_OK(ds, &opt, &res);
    printf("# objective %.12g  A %.6g B %.6g E %.6g alpha %.6g beta %.6g  starts %zu/%zu/%zu  %s\n",
           res.objective, res.params[0], res.params[1], res.params[2], res.params[3], res.params[4],
           res.starts_at_best, res.starts_converged, res.starts_total, res.status);
    assert_true(res.objective <= 1.0182741e-3);
    ASSERT_REL(res.objective, epoch_objective, 1e-6);
    for (int j = 0; j < P; j++) {
        char what[32];
        snprintf(what, sizeof what, "%s", ec_chin_param_names[j]);
        ASSERT_REL_WHAT(res.params[j], epoch_params[j], 1e-3, what);
    }
    /* θ is the log of A, B, E. */
    for (int j = 0; j < 3; j++) ASSERT_REL(exp(res.theta[j]), res.params[j], 1e-15);
    assert_true(res.theta[3] == res.params[3] && res.theta[4] == res.params[4]);
    assert_int_equal(res.n_points, 240);
    assert_int_equal(res.starts_total, 4500);
    assert_true(res.starts_converged > 0);
    assert_true(res.starts_at_best > 0);
    assert_true(res.starts_at_best <= res.starts_converged);
    assert_true(res.starts_converged <= res.starts_total);
    assert_true(res.best_start < res.starts_total);
    assert_true(res.evaluations >= res.starts_total);
    assert_int_equal(res.converged, 1);
    assert_int_equal(strncmp(res.status, "converged", 9), 0);
    /* With δ = 1e-3 a few points sit in the quadratic zone. */
    assert_true(res.n_quadratic > 0 && res.n_quadratic < res.n_points);
    assert_true(res.rmse_log > 0 && res.rmse_log < 0.1);
    assert_string_equal(res.se_method, "huber-asymptotic");
    if (res.se_available)
        for (int j = 0; j < P; j++) assert_true(res.se[j] > 0 && isfinite(res.se[j]));
    /* The objective at the reported θ, evaluated directly. */
    double f = 0;
    for (size_t i = 0; i < ds->n; i++) {
        double r = ec_chin_logpred(res.theta, log(ds->col[EC_ROLE_N][i]), log(ds->col[EC_ROLE_D][i])) -
                   log(ds->col[EC_ROLE_L][i]);
        f += ec_huber(r, opt.delta);
    }
    ASSERT_REL(f, res.objective, 1e-12);
    /* Progress: once per start, ending at the total. */
    assert_int_equal(progress_calls, 4500);
    assert_int_equal(progress_last, 4500);
    assert_int_equal(progress_total, 4500);
    ec_dataset_free(ds);
}

/* Fits the bundled data with the default options (*def), then with option `name` set to
 * `value` by name (*other, with those options in *set), after checking that `bad` is refused
 * for it; both must reproduce Epoch's objective and reach the same optimum (objective to 1e-9,
 * parameters to 1e-5). */
static void fit_default_and(ec_dataset *ds, const char *name, const char *value, const char *bad,
                            ec_fit_result *def, ec_fit_result *other, ec_fit_options *set)
{
    ec_fit_options opt = ec_fit_default_options();
    ec_error err;
    FIT_OK(ds, &opt, def);
    assert_int_equal(ec_option_set(ec_fit_option_table(), &opt, name, value, &err), EC_OK);
    assert_int_not_equal(ec_option_set(ec_fit_option_table(), &opt, name, bad, &err), EC_OK);
    *set = opt;
    FIT_OK(ds, &opt, other);
    assert_true(def->objective <= 1.0182741e-3 && other->objective <= 1.0182741e-3);
    ASSERT_REL(other->objective, def->objective, 1e-9);
    for (int j = 0; j < P; j++) ASSERT_REL_WHAT(other->params[j], def->params[j], 1e-5, ec_chin_param_names[j]);
}

/* precision=double (every evaluation in double) reaches the same optimum as
 * the default mixed precision, and the option is set by name. */
static void test_precision_double(void **state)
{
    (void)state;
    ec_dataset *ds = load_chinchilla();
    assert_int_equal(ec_fit_default_options().precision, EC_PRECISION_MIXED);
    ec_fit_result rd, rm;
    ec_fit_options set;
    fit_default_and(ds, "precision", "double", "single", &rm, &rd, &set);
    assert_int_equal(set.precision, EC_PRECISION_DOUBLE);
    /* Most starts find the best optimum either way. */
    assert_true(rd.starts_at_best > rd.starts_total / 2 && rm.starts_at_best > rm.starts_total / 2);
    assert_int_equal(rd.converged, 1);
    assert_int_equal(rm.converged, 1);
    ec_dataset_free(ds);
}

/* The approach phase (approach=subsample, the default for several starts):
 * every start first fits log least squares to 32 points spread over the
 * compute range, then the Huber loss on all points. It must reach the same
 * optimum as approach=none, converge from every start, and bring far more
 * starts to the best optimum (4473 of 4500 against 3382 on this machine). */
static void test_approach(void **state)
{
    (void)state;
    ec_dataset *ds = load_chinchilla();
    assert_int_equal(ec_fit_default_options().approach, EC_APPROACH_SUBSAMPLE);
    ec_fit_result ra, rn;
    ec_fit_options set;
    fit_default_and(ds, "approach", "none", "coarse", &ra, &rn, &set);
    assert_int_equal(set.approach, EC_APPROACH_NONE);
    assert_int_equal(ra.approach_points, 32);
    assert_true(ra.approach_evaluations >= ra.starts_total);
    assert_int_equal(rn.approach_points, 0);
    assert_int_equal(rn.approach_evaluations, 0);
    assert_int_equal(ra.starts_converged, ra.starts_total);
    assert_true(ra.starts_at_best > 9 * ra.starts_total / 10);
    assert_true(ra.starts_at_best > rn.starts_at_best);
    /* Fewer full-data evaluations: the approach does most of the way on 32 points. */
    assert_true(ra.evaluations < rn.evaluations / 2);
    /* A single start has no approach. */
    ec_fit_options opt = ec_fit_default_options();
    snprintf(opt.starts, sizeof opt.starts, "single");
    ec_fit_result rs;
    FIT_OK(ds, &opt, &rs);
    assert_int_equal(rs.approach_points, 0);
    assert_int_equal(rs.approach_evaluations, 0);
    ec_dataset_free(ds);
}

/* The approach subsample itself: of 240 points, the middle one of each of
 * 32 slices in order of compute (log N + log D), i.e. the ⌊(2j + 1)·240/64⌋-th
 * smallest for j = 0..31 (3, 11, 18, 26, ..., 236), their weights carried;
 * all points, in compute order, when there are fewer than 64. */
static void test_approach_subsample(void **state)
{
    (void)state;
    enum { N = 240 };
    double lN[N], lD[N], lL[N], w[N], buf[4 * N];
    size_t order[N];
    for (size_t i = 0; i < N; i++) { /* compute order is the reverse of the index order */
        lN[i] = 20.0 + 0.01 * (double)(N - i);
        lD[i] = 22.0 + 0.02 * (double)(N - i);
        lL[i] = 1.0 + 1e-3 * (double)i;
        w[i] = (double)(i % 5);
    }
    static const size_t rank[32] = {3,   11,  18,  26,  33,  41,  48,  56,  63,  71,  78,
                                    86,  93,  101, 108, 116, 123, 131, 138, 146, 153, 161,
                                    168, 176, 183, 191, 198, 206, 213, 221, 228, 236};
    ec_chin_data cd, sub;
    ec_chin_data_init(&cd, N, lN, lD, lL, w);
    assert_int_equal(ec_chin_approach_subsample(&cd, buf, order, &sub), 32);
    assert_int_equal(sub.n, 32);
    for (size_t m = 0; m < sub.n; m++) {
        size_t i = N - 1 - rank[m]; /* the rank[m]-th smallest compute */
        assert_true(sub.lN[m] == lN[i] && sub.lD[m] == lD[i] && sub.lL[m] == lL[i]);
        assert_true(sub.w[m] == w[i]);
    }
    ec_chin_data_init(&cd, N, lN, lD, lL, NULL);
    ec_chin_approach_subsample(&cd, buf, order, &sub);
    for (size_t m = 0; m < sub.n; m++) assert_true(sub.w[m] == 1.0);
    ec_chin_data_init(&cd, 63, lN, lD, lL, w);
    assert_int_equal(ec_chin_approach_subsample(&cd, buf, order, &sub), 63);
    for (size_t m = 0; m < sub.n; m++) assert_true(sub.lN[m] == lN[62 - m] && sub.w[m] == w[62 - m]);
    ec_chin_data_init(&cd, 64, lN, lD, lL, w);
    assert_int_equal(ec_chin_approach_subsample(&cd, buf, order, &sub), 32); /* points 1, 3, ..., 63 */
    for (size_t m = 0; m < sub.n; m++) assert_true(sub.lN[m] == lN[63 - (2 * m + 1)]);
    /* Ties in compute keep the points' order: with every compute equal, the subsample is
     * points 3, 11, 18, ... of the file (and lL tells them apart). */
    for (size_t i = 0; i < N; i++) {
        lN[i] = 20.0;
        lD[i] = 22.0;
    }
    ec_chin_data_init(&cd, N, lN, lD, lL, w);
    assert_int_equal(ec_chin_approach_subsample(&cd, buf, order, &sub), 32);
    for (size_t m = 0; m < sub.n; m++) assert_true(sub.lL[m] == lL[rank[m]] && sub.w[m] == w[rank[m]]);
}

/* On larger data the subsample grows: 32 points up to n = 1023, then n/16 rounded down to a
 * multiple of 16 (144 of 2395, 1248/16 = 78 -> 64 of 1248), at most 512 (of 24,000); the
 * points are still the middle ones of equal slices in compute order, ⌊(2j + 1)·n/(2m)⌋. */
static void test_approach_subsample_size(void **state)
{
    (void)state;
    enum { N = 24000 };
    double *lN = malloc(sizeof(double) * N), *lD = malloc(sizeof(double) * N), *lL = malloc(sizeof(double) * N);
    double *buf = malloc(sizeof(double) * 4 * N);
    size_t *order = malloc(sizeof(size_t) * N);
    assert_non_null(lN && lD && lL && buf && order);
    for (size_t i = 0; i < N; i++) { /* compute rises with the index */
        lN[i] = 18.0 + 1e-4 * (double)i;
        lD[i] = 20.0 + 2e-4 * (double)i;
        lL[i] = 1.0;
    }
    static const struct { size_t n, m; } cases[] = {{1023, 32}, {1024, 64}, {1248, 64}, {2395, 144}, {8191, 496},
                                                    {8192, 512}, {24000, 512}};
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        ec_chin_data cd, sub;
        ec_chin_data_init(&cd, cases[c].n, lN, lD, lL, NULL);
        size_t m = ec_chin_approach_subsample(&cd, buf, order, &sub);
        if (m != cases[c].m) fail_msg("n = %zu: %zu approach points, expected %zu", cases[c].n, m, cases[c].m);
        for (size_t j = 0; j < m; j++) assert_true(sub.lN[j] == lN[(2 * j + 1) * cases[c].n / (2 * m)]);
    }
    free(lN);
    free(lD);
    free(lL);
    free(buf);
    free(order);
}

/* The log-space arrays of the bundled data, for calling ec_chin_minimise directly. */
typedef struct chin_arrays {
    double lN[240], lD[240], lL[240];
    ec_chin_data cd;
} chin_arrays;

static void chin_arrays_load(chin_arrays *a)
{
    ec_dataset *ds = load_chinchilla();
    for (size_t i = 0; i < ds->n; i++) {
        a->lN[i] = log(ds->col[EC_ROLE_N][i]);
        a->lD[i] = log(ds->col[EC_ROLE_D][i]);
        a->lL[i] = log(ds->col[EC_ROLE_L][i]);
    }
    ec_chin_data_init(&a->cd, ds->n, a->lN, a->lD, a->lL, NULL);
    ec_dataset_free(ds);
}

/* ½ gᵀ(H + 1e-10·diag|H|)⁻¹g by Cholesky, or -1 when that matrix is not positive definite. */
static double newton_decrement(const double H[P * P], const double g[P])
{
    double L[P][P], y[P], dec = 0;
    for (int i = 0; i < P; i++)
        for (int j = 0; j <= i; j++) {
            double v = H[i * P + j] + (i == j ? 1e-10 * fabs(H[i * P + i]) : 0.0);
            for (int k = 0; k < j; k++) v -= L[i][k] * L[j][k];
            if (i == j) {
                if (!(v > 0)) return -1;
                L[i][i] = sqrt(v);
            } else {
                L[i][j] = v / L[j][j];
            }
        }
    for (int i = 0; i < P; i++) {
        double v = g[i];
        for (int k = 0; k < i; k++) v -= L[i][k] * y[k];
        y[i] = v / L[i][i];
        dec += 0.5 * y[i] * y[i];
    }
    return dec;
}

/* Every start of the grid, with no approach (the harder case) and in both
 * precisions: a start reported as converged is a minimum, and its objective
 * is the double-precision objective at the returned θ. Before the fix, heavy
 * damping after failed factorisations made steps so small that "rounding
 * level" or "objective decrease below ftol" ended 604 starts far from any
 * minimum (up to 955 times the best objective) in mixed precision, 66 in
 * double. Check: the Newton decrement at the returned θ is below 1e-9·F,
 * except where a vanished term leaves H singular to within 1e-10 (those
 * starts end at a degenerate minimum where the term's parameters no longer
 * matter; its diagonal entries of H are below 1e-12 of the largest). */
static void test_converged_means_minimum(void **state)
{
    (void)state;
    static chin_arrays a;
    chin_arrays_load(&a);
    for (int prec = 0; prec < 2; prec++) {
        ec_fit_options opt = ec_fit_default_options();
        opt.precision = prec == 0 ? EC_PRECISION_MIXED : EC_PRECISION_DOUBLE;
        size_t converged = 0, degenerate = 0;
        for (size_t k = 0; k < EC_CHIN_GRID_SIZE; k++) {
            double th[P], f, fd, g[P], H[P * P];
            const char *why;
            ec_chin_grid_start(k, th);
            int ok = ec_chin_minimise(&a.cd, &opt, th, &f, NULL, &why);
            if (!ok) continue;
            converged++;
            assert_int_equal(ec_chin_eval(&a.cd, th, opt.delta, &fd, g, H), EC_OK);
            if (memcmp(&f, &fd, sizeof f) != 0)
                fail_msg("start %zu: returned objective %.17g is not the double objective %.17g", k, f, fd);
            double dec = newton_decrement(H, g);
            if (dec < 0) {
                double tiny = INFINITY, big = 0;
                for (int j = 0; j < P; j++) {
                    tiny = fmin(tiny, fabs(H[j * P + j]));
                    big = fmax(big, fabs(H[j * P + j]));
                }
                if (!(tiny < 1e-12 * big))
                    fail_msg("start %zu (%s, F = %g): H is not positive definite", k, why, f);
                degenerate++;
                continue;
            }
            if (!(dec <= 1e-9 * f))
                fail_msg("start %zu (%s, F = %g): Newton decrement %.3g of F: not a minimum", k, why, f, dec / f);
        }
        printf("# precision %s: %zu converged, %zu at degenerate minima\n", prec ? "double" : "mixed", converged,
               degenerate);
        assert_true(converged > EC_CHIN_GRID_SIZE - 10);
    }
}

/* When max_iter runs out, the objective returned is still a double one, and
 * where the single evaluator is not single precision (here forced onto the
 * AVX2 path) mixed precision is exactly double precision. */
static void test_mixed_precision_edges(void **state)
{
    (void)state;
    static chin_arrays a;
    chin_arrays_load(&a);
    ec_fit_options opt = ec_fit_default_options();
    for (int iters = 1; iters <= 9; iters += 4) {
        opt.max_iter = iters;
        for (size_t k = 0; k < EC_CHIN_GRID_SIZE; k += 97) {
            double th[P], f, fd;
            ec_chin_grid_start(k, th);
            ec_chin_minimise(&a.cd, &opt, th, &f, NULL, NULL);
            if (isfinite(f)) {
                assert_int_equal(ec_chin_eval(&a.cd, th, opt.delta, &fd, NULL, NULL), EC_OK);
                assert_memory_equal(&f, &fd, sizeof f);
            }
        }
    }
    const char *widest = ec_chin_simd_path();
    if (ec_chin_simd_limit("avx2-libmvec") == EC_OK) {
        assert_int_equal(ec_chin_single_is_native(), 0);
        ec_fit_options om = ec_fit_default_options(), od = om;
        od.precision = EC_PRECISION_DOUBLE;
        for (size_t k = 0; k < EC_CHIN_GRID_SIZE; k += 211) {
            double tm[P], td[P], fm, fdd;
            size_t em = 0, ed = 0;
            ec_chin_grid_start(k, tm);
            memcpy(td, tm, sizeof td);
            ec_chin_minimise(&a.cd, &om, tm, &fm, &em, NULL);
            ec_chin_minimise(&a.cd, &od, td, &fdd, &ed, NULL);
            assert_memory_equal(tm, td, sizeof tm);
            assert_int_equal(em, ed);
        }
        assert_int_equal(ec_chin_simd_limit(widest), EC_OK);
    }
}

/* Fits on 1 and then 2 threads, asserts the same bits and counts, and returns the 2-thread fit. */
static ec_fit_result fit_on_1_and_2_threads(const ec_dataset *ds, ec_fit_options opt)
{
    ec_fit_result r1, r2;
    opt.threads = 1;
    FIT_OK(ds, &opt, &r1);
    opt.threads = 2;
    FIT_OK(ds, &opt, &r2);
    assert_memory_equal(r1.params, r2.params, sizeof r1.params);
    assert_memory_equal(r1.theta, r2.theta, sizeof r1.theta);
    assert_memory_equal(&r1.objective, &r2.objective, sizeof r1.objective);
    assert_int_equal(r1.starts_total, r2.starts_total);
    assert_int_equal(r1.starts_converged, r2.starts_converged);
    assert_int_equal(r1.starts_at_best, r2.starts_at_best);
    assert_int_equal(r1.best_start, r2.best_start);
    assert_int_equal(r1.evaluations, r2.evaluations);
    assert_string_equal(r1.status, r2.status);
    assert_int_equal(r1.se_available, r2.se_available);
    assert_memory_equal(r1.se, r2.se, sizeof r1.se);
    assert_int_equal(r1.starts_stopped, r2.starts_stopped);
    return r2;
}

/* (b) Same bits for any number of threads. */
static void test_grid_thread_determinism(void **state)
{
    (void)state;
    ec_dataset *ds = load_chinchilla();
    fit_on_1_and_2_threads(ds, ec_fit_default_options());
    ec_dataset_free(ds);
}

/* (c) One start from Hoffmann's estimate reaches the grid's optimum. */
static void test_single_start(void **state)
{
    (void)state;
    ec_dataset *ds = load_chinchilla();
    ec_fit_options opt = ec_fit_default_options();
    set_opt(&opt, "starts", "single");
    ec_fit_options gopt = ec_fit_default_options();
    ec_fit_result grid, one;
    FIT_OK(ds, &gopt, &grid);
    FIT_OK(ds, &opt, &one);
    assert_int_equal(one.starts_total, 1);
    assert_int_equal(one.converged, 1);
    assert_int_equal(one.starts_converged, 1);
    assert_int_equal(one.starts_at_best, 1);
    assert_int_equal(one.best_start, 0);
    ASSERT_REL(one.objective, grid.objective, 1e-6);
    ASSERT_REL(one.objective, epoch_objective, 1e-6);
    for (int j = 0; j < P; j++) {
        char what[32];
        snprintf(what, sizeof what, "single-start %s", ec_chin_param_names[j]);
        ASSERT_REL_WHAT(one.params[j], grid.params[j], 1e-6, what);
    }
    /* An explicit start equal to Hoffmann's gives the same bits as the default. */
    ec_fit_result expl;
    set_opt(&opt, "start", "a=6.0073404,b=6.0179186,e=0.5267228,alpha=0.33917084,beta=0.2849083");
    FIT_OK(ds, &opt, &expl);
    assert_memory_equal(expl.theta, one.theta, sizeof one.theta);
    /* A poor start (the grid corner) also gets there or reports why not. */
    set_opt(&opt, "start", "a=5,b=10,e=0,alpha=0.5,beta=0.5");
    ec_fit_result far;
    FIT_OK(ds, &opt, &far);
    assert_true(far.converged == 1 || strncmp(far.status, "not converged", 13) == 0);
    assert_true(far.objective >= grid.objective * (1 - 1e-12));
    ec_dataset_free(ds);
}

/* (d) Exact data from a known law: both losses recover it. */
static void test_synthetic_recovery(void **state)
{
    (void)state;
    const double truth[P] = {400, 1000, 1.7, 0.34, 0.30};
    synth_ds *s = malloc(sizeof *s);
    assert_non_null(s);
    make_synth(s, truth);
    const char *losses[] = {"ls-log", "huber"};
    const char *starts[] = {"single", "grid"};
    for (int l = 0; l < 2; l++)
        for (int k = 0; k < 2; k++) {
            ec_fit_options opt = ec_fit_default_options();
            set_opt(&opt, "loss", losses[l]);
            set_opt(&opt, "starts", starts[k]);
            ec_fit_result res;
            FIT_OK(&s->ds, &opt, &res);
            if (!res.converged) fail_msg("%s/%s: %s", losses[l], starts[k], res.status);
            assert_int_equal(res.n_points, SYN_N);
            assert_true(res.objective < 1e-20);
            for (int j = 0; j < P; j++) {
                char what[64];
                snprintf(what, sizeof what, "%s/%s %s", losses[l], starts[k], ec_chin_param_names[j]);
                ASSERT_REL_WHAT(res.params[j], truth[j], 1e-6, what);
            }
            assert_true(res.rmse_log < 1e-10);
            if (l == 0) assert_string_equal(res.se_method, "asymptotic");
        }
    /* Weights that are all 2 give the same optimum. */
    double w[SYN_N];
    for (size_t i = 0; i < SYN_N; i++) w[i] = 2.0;
    s->ds.col[EC_ROLE_WEIGHT] = w;
    ec_fit_options opt = ec_fit_default_options();
    set_opt(&opt, "starts", "single");
    ec_fit_result res;
    FIT_OK(&s->ds, &opt, &res);
    for (int j = 0; j < P; j++) ASSERT_REL(res.params[j], truth[j], 1e-6);
    free(s);
}

/* Bootstrap results are in the catalogue's order (E, A, B, alpha, beta); the checks below index by
 * ec_chin_param_names (A, B, E, alpha, beta). */
static int F(int j)
{
    static const int form_of[P] = {1, 2, 0, 3, 4};
    return form_of[j];
}

static void check_boot_sane(const ec_boot *b, size_t R, unsigned long long seed)
{
    assert_int_equal(b->replicates, R);
    assert_true(b->seed == seed);
    assert_true(b->failed <= R / 20);
    size_t nconv = 0;
    for (size_t k = 0; k < R; k++) {
        nconv += b->converged[k] != 0;
        if (b->converged[k]) {
            assert_true(isfinite(b->objective[k]) && b->objective[k] > 0);
            for (int j = 0; j < P; j++) assert_true(isfinite(b->samples[k * P + j]));
        }
    }
    assert_int_equal(nconv + b->failed, R);
    for (int j = 0; j < P; j++) {
        assert_true(b->se[F(j)] > 0);
        assert_true(b->ci_lo[F(j)] < b->mean[F(j)] && b->mean[F(j)] < b->ci_hi[F(j)]);
    }
    /* Every replicate started from Hoffmann's estimate (θ = a, b, e, α, β; the result is in form order). */
    for (int j = 0; j < P; j++) {
        double want = j < 3 ? exp(ec_chin_hoffmann_start[j]) : ec_chin_hoffmann_start[j];
        assert_true(b->start[F(j)] == want);
    }
}

/* (e) The bootstrap: thread independence, seeds, and Epoch's SEs. */
static void test_bootstrap_200(void **state)
{
    (void)state;
    ec_dataset *ds = load_chinchilla();
    ec_fit_options opt = ec_fit_default_options();
    set_opt(&opt, "bootstrap", "200");
    set_opt(&opt, "seed", "42");
    opt.threads = 1;
    opt.progress = on_progress;
    progress_calls = progress_last = progress_total = 0;
    ec_boot *b1 = BOOT_OK(ds, &opt);
    assert_int_equal(progress_calls, 200);
    assert_int_equal(progress_last, 200);
    opt.progress = NULL;
    opt.threads = 2;
    ec_boot *b2 = BOOT_OK(ds, &opt);
    check_boot_sane(b1, 200, 42);
    assert_memory_equal(b1->samples, b2->samples, sizeof(double) * 200 * P);
    assert_memory_equal(b1->objective, b2->objective, sizeof(double) * 200);
    assert_memory_equal(b1->converged, b2->converged, 200);
    assert_memory_equal(b1->se, b2->se, sizeof(double) * P);
    assert_memory_equal(b1->mean, b2->mean, sizeof(double) * P);
    assert_memory_equal(b1->ci_lo, b2->ci_lo, sizeof(double) * P);
    assert_memory_equal(b1->ci_hi, b2->ci_hi, sizeof(double) * P);
    assert_int_equal(b1->failed, b2->failed);

    /* Another seed, other resamples. */
    set_opt(&opt, "seed", "43");
    ec_boot *b3 = BOOT_OK(ds, &opt);
    check_boot_sane(b3, 200, 43);
    size_t same_rows = 0;
    for (size_t k = 0; k < 200; k++) same_rows += memcmp(b1->samples + k * P, b3->samples + k * P, sizeof(double) * P) == 0;
    assert_true(same_rows < 5);
    assert_true(memcmp(b1->se, b3->se, sizeof(double) * P) != 0);

    /*
     * SEs near Epoch's. With 200 replicates the SEs of A, E, alpha and beta
     * vary by about ±13% between disjoint sets of replicates (measured on 20
     * sets of 200 from the 4000 of seed 42), so 30% is safe. B's bootstrap
     * distribution has a long right tail (the largest of 4000 replicates is
     * B ≈ 25000), and its SE from 200 replicates ranged from 1018 to 2105
     * over the same 20 sets: a 30% band would be a coin toss, so B is held
     * to within a factor 2 here and to 15% in test_bootstrap_4000.
     */
    ec_fit_options fo = ec_fit_default_options();
    set_opt(&fo, "starts", "single");
    ec_fit_result fit;
    FIT_OK(ds, &fo, &fit);
    for (int j = 0; j < P; j++) {
        char what[32];
        snprintf(what, sizeof what, "SE %s", ec_chin_param_names[j]);
        printf("# SE %-5s seed 42: %.5g  seed 43: %.5g  (Epoch %.5g)\n", ec_chin_param_names[j], b1->se[F(j)],
               b3->se[F(j)], epoch_se[j]);
        double tol = j == EC_CHIN_B ? 1.0 : 0.30;
        ASSERT_REL_WHAT(b1->se[F(j)], epoch_se[j], tol, what);
        ASSERT_REL_WHAT(b3->se[F(j)], epoch_se[j], tol, what);
        if (j == EC_CHIN_B) assert_true(b1->se[F(j)] > 0.5 * epoch_se[j] && b3->se[F(j)] > 0.5 * epoch_se[j]);
    }
    for (int j = 2; j < P; j++) { /* E, alpha, beta */
        assert_true(b1->ci_lo[F(j)] < fit.params[j] && fit.params[j] < b1->ci_hi[F(j)]);
        assert_true(b3->ci_lo[F(j)] < fit.params[j] && fit.params[j] < b3->ci_hi[F(j)]);
    }
    /* The summary agrees with the samples. */
    for (int j = 0; j < P; j++) {
        double m = 0;
        size_t c = 0;
        for (size_t k = 0; k < 200; k++)
            if (b1->converged[k]) {
                m += b1->samples[k * P + F(j)];
                c++;
            }
        ASSERT_REL(b1->mean[F(j)], m / (double)c, 1e-12);
    }
    ec_boot_free(b1);
    ec_boot_free(b2);
    ec_boot_free(b3);
    ec_dataset_free(ds);
}

static void test_bootstrap_4000(void **state)
{
    (void)state;
    ec_dataset *ds = load_chinchilla();
    ec_fit_options opt = ec_fit_default_options();
    set_opt(&opt, "bootstrap", "4000");
    set_opt(&opt, "seed", "42");
    ec_boot *b = BOOT_OK(ds, &opt);
    check_boot_sane(b, 4000, 42);
    printf("# 4000 replicates, %zu failed\n", b->failed);
    for (int j = 0; j < P; j++) {
        printf("# %-5s se %.5g  ci %.5g .. %.5g\n", ec_chin_param_names[j], b->se[F(j)], b->ci_lo[F(j)], b->ci_hi[F(j)]);
        char what[48];
        snprintf(what, sizeof what, "SE %s", ec_chin_param_names[j]);
        ASSERT_REL_WHAT(b->se[F(j)], epoch_se[j], j == 1 ? 0.15 : 0.10, what);
        snprintf(what, sizeof what, "2.5%% %s", ec_chin_param_names[j]);
        ASSERT_REL_WHAT(b->ci_lo[F(j)], epoch_ci_lo[j], 0.10, what);
        snprintf(what, sizeof what, "97.5%% %s", ec_chin_param_names[j]);
        ASSERT_REL_WHAT(b->ci_hi[F(j)], epoch_ci_hi[j], 0.10, what);
    }
    ec_boot_free(b);
    ec_dataset_free(ds);
}

/* (f) Bad input. */
static void test_bad_data(void **state)
{
    (void)state;
    synth_ds *s = malloc(sizeof *s);
    assert_non_null(s);
    const double truth[P] = {400, 1000, 1.7, 0.34, 0.30};
    make_synth(s, truth);
    ec_fit_options opt = ec_fit_default_options();
    ec_fit_result res;
    ec_error err;

    /* Five points for five parameters: too few. */
    s->ds.n = 5;
    ec_error_clear(&err);
    assert_int_equal(ec_fit_chinchilla(&s->ds, &opt, &res, &err), EC_EDATA);
    assert_int_equal(err.code, EC_EDATA);
    ASSERT_CONTAINS(err.message, "points");
    ASSERT_CONTAINS(err.message, "synthetic");
    ec_boot dummy, *b = &dummy; /* must be reset to NULL */
    set_opt(&opt, "bootstrap", "10");
    ec_error_clear(&err);
    assert_int_equal(ec_bootstrap_chinchilla(&s->ds, &opt, &b, &err), EC_EDATA);
    assert_null(b);
    ASSERT_CONTAINS(err.message, "points");
    /* Six points that all have the same N leave A and alpha unidentified: an error, not a fit. */
    s->ds.n = 6;
    set_opt(&opt, "starts", "single");
    ec_error_clear(&err);
    assert_int_equal(ec_fit_chinchilla(&s->ds, &opt, &res, &err), EC_EDATA);
    ASSERT_CONTAINS(err.message, "same N");
    /* Six points that vary in N and D are enough (one from every ninth of the grid, staggered in D). */
    for (int k = 0; k < 6; k++) {
        int src = k * SYN_ND + (k % SYN_ND);
        s->N[k] = s->N[src];
        s->D[k] = s->D[src];
        s->L[k] = s->L[src];
    }
    ec_error_clear(&err);
    assert_int_equal(ec_fit_chinchilla(&s->ds, &opt, &res, &err), EC_OK);
    make_synth(s, truth);

    /* Missing L (or N, or D). */
    for (int role = 0; role < 3; role++) {
        const ec_role roles[] = {EC_ROLE_L, EC_ROLE_N, EC_ROLE_D};
        double *keep = s->ds.col[roles[role]];
        s->ds.col[roles[role]] = NULL;
        ec_error_clear(&err);
        assert_int_equal(ec_fit_chinchilla(&s->ds, &opt, &res, &err), EC_EINVAL);
        assert_int_equal(err.code, EC_EINVAL);
        ASSERT_CONTAINS(err.message, "L (loss)");
        ec_error_clear(&err);
        assert_int_equal(ec_bootstrap_chinchilla(&s->ds, &opt, &b, &err), EC_EINVAL);
        s->ds.col[roles[role]] = keep;
    }

    /* Invalid options reaching the fit directly (not through the table). */
    ec_fit_options bad = opt;
    bad.delta = 0;
    ec_error_clear(&err);
    assert_int_equal(ec_fit_chinchilla(&s->ds, &bad, &res, &err), EC_EINVAL);
    ASSERT_CONTAINS(err.message, "delta");
    bad = opt;
    bad.max_iter = 0;
    ec_error_clear(&err);
    assert_int_equal(ec_fit_chinchilla(&s->ds, &bad, &res, &err), EC_EINVAL);
    ASSERT_CONTAINS(err.message, "max_iter");
    bad = opt;
    set_opt(&bad, "start", "a=1,b=2");
    ec_error_clear(&err);
    assert_int_equal(ec_fit_chinchilla(&s->ds, &bad, &res, &err), EC_EINVAL);
    ASSERT_CONTAINS(err.message, "missing");
    bad = opt;
    bad.bootstrap = 1;
    ec_error_clear(&err);
    assert_int_equal(ec_bootstrap_chinchilla(&s->ds, &bad, &b, &err), EC_EINVAL);
    ASSERT_CONTAINS(err.message, "at least 2 replicates");
    free(s);
}

static void start_err(const char *spec, const char *needle, int line)
{
    double th[P];
    ec_error err;
    ec_error_clear(&err);
    int rc = ec_chin_parse_start(spec, th, &err);
    if (rc != EC_EINVAL || err.code != EC_EINVAL)
        fail_msg("line %d: parse_start(\"%s\") returned %d, expected EC_EINVAL", line, spec, rc);
    assert_contains(err.message, needle, line);
}
#define START_ERR(spec, needle) start_err((spec), (needle), __LINE__)

static void test_parse_start(void **state)
{
    (void)state;
    double th[P];
    ec_error err;
    ec_error_clear(&err);
    /* Linear A, B, E are stored as logs. */
    assert_int_equal(ec_chin_parse_start("A=400,B=1000,E=1.7,alpha=0.34,beta=0.3", th, &err), EC_OK);
    ASSERT_REL(th[EC_CHIN_A], log(400.0), 1e-15);
    ASSERT_REL(th[EC_CHIN_B], log(1000.0), 1e-15);
    ASSERT_REL(th[EC_CHIN_E], log(1.7), 1e-15);
    assert_true(th[EC_CHIN_ALPHA] == 0.34 && th[EC_CHIN_BETA] == 0.3);
    /* Log-space keys as given, any order, spaces around keys and values. */
    assert_int_equal(ec_chin_parse_start(" beta = 0.28 , alpha=0.33, e=-0.5,b=6.5, a = 6", th, &err), EC_OK);
    assert_true(th[0] == 6 && th[1] == 6.5 && th[2] == -0.5 && th[3] == 0.33 && th[4] == 0.28);
    /* Mixed. */
    assert_int_equal(ec_chin_parse_start("a=6,B=2143,e=0.5,alpha=0.3,beta=0.3", th, &err), EC_OK);
    ASSERT_REL(th[1], log(2143.0), 1e-15);
    /* Empty or NULL: Hoffmann's start. */
    assert_int_equal(ec_chin_parse_start("", th, &err), EC_OK);
    assert_memory_equal(th, ec_chin_hoffmann_start, sizeof th);
    memset(th, 0, sizeof th);
    assert_int_equal(ec_chin_parse_start(NULL, th, &err), EC_OK);
    assert_memory_equal(th, ec_chin_hoffmann_start, sizeof th);

    START_ERR("a=6,b=6,e=0.5,alpha=0.3,gamma=0.3", "unknown parameter 'gamma'");
    START_ERR("a=6,b=6,e=0.5,alpha=0.3,Alpha=0.3", "unknown parameter 'Alpha'");
    START_ERR("a=6,b=6,e=0.5,alpha=0.3", "parameter 'beta' missing");
    START_ERR("b=6,e=0.5,alpha=0.3,beta=0.3", "parameter 'a' missing");
    START_ERR("a=6,b=6,e=0.5,alpha=0.3,beta=0.3,alpha=0.4", "parameter 'alpha' given twice");
    START_ERR("a=6,A=400,b=6,e=0.5,alpha=0.3,beta=0.3", "parameter 'A' given twice");
    START_ERR("A=0,b=6,e=0.5,alpha=0.3,beta=0.3", "A must be positive");
    START_ERR("a=6,B=-3,e=0.5,alpha=0.3,beta=0.3", "B must be positive");
    START_ERR("a=6,b=6,E=0,alpha=0.3,beta=0.3", "E must be positive");
    START_ERR("a=6,b=x,e=0.5,alpha=0.3,beta=0.3", "value of 'b' is not a number");
    START_ERR("a=6,b=,e=0.5,alpha=0.3,beta=0.3", "value of 'b' is not a number");
    START_ERR("a=6,b=6 7,e=0.5,alpha=0.3,beta=0.3", "value of 'b' is not a number");
    START_ERR("a=inf,b=6,e=0.5,alpha=0.3,beta=0.3", "value of 'a' is not a number");
    START_ERR("a=6,b=6,e=0.5,alpha=0.3,beta", "'beta' is not key=value");
    char longspec[300];
    memset(longspec, 'a', sizeof longspec - 1);
    longspec[sizeof longspec - 1] = '\0';
    START_ERR(longspec, "too long");
}

/* (g) Random streams. */
static void test_rng_streams(void **state)
{
    (void)state;
    unsigned long prev = ec_rng_stream_seed(42, 0);
    for (unsigned long long k = 1; k < 100000; k++) {
        unsigned long s = ec_rng_stream_seed(42, k);
        if (s == prev) fail_msg("stream seeds %llu and %llu of seed 42 are equal", k - 1, k);
        assert_true(s != 0 && s <= 0xffffffffUL);
        prev = s;
    }
    for (unsigned long long k = 0; k < 1000; k++) {
        assert_true(ec_rng_stream_seed(42, k) == ec_rng_stream_seed(42, k));
        assert_true(ec_rng_stream_seed(42, k) != ec_rng_stream_seed(43, k));
        assert_true(ec_rng_stream_seed(0, k) != ec_rng_stream_seed(1, k));
    }
    /* Seed and index are not interchangeable. */
    assert_true(ec_rng_stream_seed(1, 2) != ec_rng_stream_seed(2, 1));
    /* Large seeds use all 64 bits. */
    assert_true(ec_rng_stream_seed(18446744073709551615ULL, 0) != ec_rng_stream_seed(4294967295ULL, 0));
    assert_true(ec_rng_stream_seed(1ULL << 40, 0) != ec_rng_stream_seed(0, 0));
    /* A re-seeded generator repeats its draws. */
    gsl_rng *r1 = ec_rng_alloc(), *r2 = ec_rng_alloc();
    assert_non_null(r1);
    assert_non_null(r2);
    ec_rng_seed_stream(r1, 42, 7);
    ec_rng_seed_stream(r2, 42, 7);
    for (int i = 0; i < 100; i++) assert_true(gsl_rng_get(r1) == gsl_rng_get(r2));
    ec_rng_seed_stream(r2, 42, 8);
    int same = 0;
    for (int i = 0; i < 100; i++) same += gsl_rng_get(r1) == gsl_rng_get(r2);
    assert_true(same < 3);
    gsl_rng_free(r1);
    gsl_rng_free(r2);
}

/* Large data (n >= 1024): each start's end on the approach subsample keys a full-data polish that starts ending
 * alike share. 1200 points of the Chinchilla law (Epoch's MLE parameters) with 1% noise, 5 model sizes, the
 * 4500-start grid: the same optimum as approach=none (which polishes every start on all points, objective to
 * 1e-9 and parameters to 1e-5), near the generating parameters, in fewer full-data evaluations. */
static void test_approach_large_shared(void **state)
{
    (void)state;
    enum { SIZES = 5, PER = 240 };
    const double E = 1.81686, A = 482.0057, B = 2085.434, al = 0.347813, be = 0.365854;
    char path[] = "/tmp/ec_fit_large_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *fp = fdopen(fd, "w");
    assert_non_null(fp);
    fprintf(fp, "N,D,L\n");
    gsl_rng *r = ec_rng_alloc();
    gsl_rng_set(r, 11);
    for (int i = 0; i < SIZES; i++)
        for (int k = 0; k < PER; k++) {
            double N = 1e8 * pow(10.0, 0.5 * i), D = N * pow(10.0, 0.2 + 2.0 * k / (PER - 1));
            double L = (E + A * pow(N, -al) + B * pow(D, -be)) * (1 + 0.01 * (2 * gsl_rng_uniform(r) - 1));
            fprintf(fp, "%.17g,%.17g,%.17g\n", N, D, L);
        }
    gsl_rng_free(r);
    fclose(fp);
    ec_column_map map = {{NULL}};
    ec_error err;
    assert_int_equal(ec_column_map_parse(&map, "N=N,D=D,L=L", &err), EC_OK);
    ec_dataset *ds = ec_dataset_load_csv(path, &map, &err);
    ec_column_map_clear(&map);
    unlink(path);
    if (!ds) fail_msg("%s", err.message);
    assert_int_equal(ds->n, SIZES * PER);
    ec_fit_options opt = ec_fit_default_options();
    ec_fit_result rs, rn;
    FIT_OK(ds, &opt, &rs);
    assert_int_equal(ec_option_set(ec_fit_option_table(), &opt, "approach", "none", &err), EC_OK);
    FIT_OK(ds, &opt, &rn);
    assert_true(rs.converged && rn.converged);
    assert_true(rs.approach_points > 32 && rn.approach_points == 0);
    ASSERT_REL(rs.objective, rn.objective, 1e-9);
    for (int j = 0; j < P; j++) ASSERT_REL_WHAT(rs.params[j], rn.params[j], 1e-5, ec_chin_param_names[j]);
    ASSERT_REL(rs.params[3], al, 0.1); /* alpha and beta of the law the points came from */
    ASSERT_REL(rs.params[4], be, 0.1);
    assert_true(rs.evaluations < rn.evaluations);
    ec_dataset_free(ds);
}

/* Phase 5 of the shared starts (n >= 1024): a start still not converged is run from its grid point on all points,
 * and such a run stops once it stays above the best converged end and closes on it too slowly to reach it within
 * max_iter. On bench/synthetic.sh's set (tests/data/synthetic_seed11_2400.csv) 94 of these runs crawled along the
 * valley beta -> 0 for all 500 iterations, 45,882 of the fit's 74,220 full-data evaluations (74,497 on AVX2); the
 * optimum before the cut was 0.017999239041895397 (AVX2) and ...404 (AVX-512), the same to 4e-16. The cut must
 * keep it, save at least 19% of the evaluations (39% measured), stop some runs, and not depend on the thread
 * count. */
static void test_phase5_cut(void **state)
{
    (void)state;
    ec_dataset *ds = load_points("data/synthetic_seed11_2400.csv", 2400);
    const ec_fit_result r2 = fit_on_1_and_2_threads(ds, ec_fit_default_options());
    printf("# seed 11, 2395 points: %zu/%zu converged, %zu at the best, %zu stopped above it, %zu full-data evaluations, "
           "F %.17g\n", r2.starts_converged, r2.starts_total, r2.starts_at_best, r2.starts_stopped, r2.evaluations,
           r2.objective);
    assert_true(r2.converged);
    ASSERT_REL(r2.objective, 0.017999239041895397, 1e-12);
    assert_true(r2.starts_stopped >= 20);
    assert_true(r2.evaluations <= 60000);
    assert_true(r2.starts_at_best >= 3500);
    ec_dataset_free(ds);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_grid_starts), cmocka_unit_test(test_reference_fit),
        cmocka_unit_test(test_grid_thread_determinism),
        cmocka_unit_test(test_precision_double),
        cmocka_unit_test(test_approach),
        cmocka_unit_test(test_approach_large_shared),
        cmocka_unit_test(test_phase5_cut),
        cmocka_unit_test(test_approach_subsample),
        cmocka_unit_test(test_approach_subsample_size),
        cmocka_unit_test(test_converged_means_minimum),
        cmocka_unit_test(test_mixed_precision_edges),
        cmocka_unit_test(test_single_start),
        cmocka_unit_test(test_synthetic_recovery),
        cmocka_unit_test(test_bootstrap_200),
        cmocka_unit_test(test_bootstrap_4000),
        cmocka_unit_test(test_bad_data),
        cmocka_unit_test(test_parse_start),
        cmocka_unit_test(test_rng_streams),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
