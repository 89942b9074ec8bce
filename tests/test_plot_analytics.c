/*
 * test_plot_analytics.c — the isoflop, multipliers and trend figures
 * (ec_plot_kinds.h, plots/ec_plot_analytics.c).
 *
 * Golden files: each kind is built from small deterministic inputs with the
 * default options, and both its script (ec_plot_script(), with @@name tokens)
 * and its inline rendering (ec_plot_write_inline(): datablocks + script) are
 * compared byte for byte with tests/data/plot_golden/KIND.gp and
 * KIND.inline.gp. After an intended change to a figure, regenerate them with
 *
 *     cd tests && EC_BLESS=1 ../build/tests/test_plot_analytics
 *
 * and review the diff (git diff tests/data/plot_golden/) before committing.
 *
 * Rendering: when gnuplot is on PATH, each kind (and the Llama 3 isoFLOP
 * points and the example claims ledger, as realistic inputs) is rendered to
 * png, svg and pdf in a temporary folder; the outputs must be well-formed
 * (PNG signature and IHDR size equal to the options, "<svg", "%PDF-") and
 * gnuplot must write nothing on stderr (no warning). Without gnuplot those
 * tests are skipped. Bad input (no usable point) is EC_EINVAL.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ec_claims.h"
#include "ec_isoflop.h"
#include "ec_plot.h"
#include "ec_test_plot.h"
#include "ec_plot_kinds.h"

#define GOLDEN_DIR "data/plot_golden/"
#define LLAMA3 "../data/llama3_isoflops_points.csv"
#define CLAIMS "../data/claims_example.csv"

/* ------------------------------------------------------------- helpers */

/* The whole of a file, NUL-terminated (NULL when it cannot be read); *len its size. */

/* Compares text with the golden file NAME (or writes it when EC_BLESS=1). */
static void check_golden(const char *name, const char *text)
{
    char path[256];
    snprintf(path, sizeof path, GOLDEN_DIR "%s", name);
    const char *bless = getenv("EC_BLESS");
    if (bless && strcmp(bless, "1") == 0) {
        FILE *fp = fopen(path, "wb");
        if (!fp) fail_msg("cannot write golden file %s", path);
        fputs(text, fp);
        fclose(fp);
        return;
    }
    char *want = ec_test_slurp(path, NULL);
    if (!want) fail_msg("golden file %s missing: run with EC_BLESS=1 to create it", path);
    if (strcmp(want, text) != 0) {
        /* The first differing line, for the message. */
        size_t line = 1, i = 0;
        while (want[i] && want[i] == text[i]) {
            if (want[i] == '\n') line++;
            i++;
        }
        size_t a = i, b = i;
        while (a > 0 && want[a - 1] != '\n') a--;
        while (want[b] && want[b] != '\n') b++;
        size_t c = i;
        while (text[c] && text[c] != '\n') c++;
        char msg[600];
        snprintf(msg, sizeof msg, "%s differs at line %zu:\n  want: %.*s\n  got:  %.*s\n(EC_BLESS=1 regenerates it)", path,
                 line, (int)(b - a > 200 ? 200 : b - a), want + a, (int)(c - a > 200 ? 200 : c - a), text + a);
        free(want);
        fail_msg("%s", msg);
    }
    free(want);
}

static void check_both(const ec_plot *p, const char *kind)
{
    char name[64];
    snprintf(name, sizeof name, "%s.gp", kind);
    check_golden(name, ec_plot_script(p));
    char *s = ec_test_inline_text(p);
    snprintf(name, sizeof name, "%s.inline.gp", kind);
    check_golden(name, s);
    free(s);
}

static int has(const char *hay, const char *needle)
{
    return strstr(hay, needle) != NULL;
}

/* -------------------------------------------------------- the inputs */

/* isoFLOP: three budgets of five runs on exact parabolas; the last vertex lies beyond its runs. */
#define ISO_NB 3
#define ISO_NP 5
typedef struct iso_input {
    ec_plot_budget b[ISO_NB];
    double C[ISO_NB * ISO_NP], x[ISO_NB * ISO_NP], L[ISO_NB * ISO_NP];
} iso_input;

static void iso_make(iso_input *in)
{
    static const double ustar[ISO_NB] = {9.0, 9.5, 10.4};
    static const double lstar[ISO_NB] = {3.0, 2.8, 2.6};
    static const double curv[ISO_NB] = {0.3, 0.25, 0.2};
    static const double off[ISO_NP] = {-0.6, -0.3, 0.0, 0.3, 0.6};
    for (int j = 0; j < ISO_NB; j++) {
        double C = 1e18 * pow(10.0, j), centre = j == 2 ? 9.6 : ustar[j];
        double c = curv[j], us = ustar[j];
        in->b[j] = (ec_plot_budget){C, lstar[j] + c * us * us, -2 * c * us, c, centre - 0.6, centre + 0.6,
                                    pow(10.0, us), lstar[j]};
        for (int i = 0; i < ISO_NP; i++) {
            double u = centre + off[i];
            in->C[j * ISO_NP + i] = C;
            in->x[j * ISO_NP + i] = pow(10.0, u);
            in->L[j * ISO_NP + i] = lstar[j] + c * (u - us) * (u - us) + 0.002 * ((i % 2) ? 1 : -1);
        }
    }
}

static int build_isoflop(ec_plot *p)
{
    iso_input in;
    iso_make(&in);
    return ec_plot_isoflop(p, "isoFLOP test", "training tokens", ISO_NB, in.b, ISO_NB * ISO_NP, in.C, in.x, in.L, 0.3,
                           0.5);
}

static const char *const mult_names[] = {"NewModel", "Llama 3.1-405B", "Llama 4 Maverick"};
static const double mult_factor[] = {3.42, 1.0, 0.342}, mult_lo[] = {2.7, 1.0, 0.27}, mult_hi[] = {4.3, 1.0, 0.43};

static int build_multipliers(ec_plot *p)
{
    return ec_plot_multipliers(p, "Efficiency factors test", 3, mult_names, mult_factor, mult_lo, mult_hi,
                               "Llama 3.1-405B");
}

/* Trend: 3x a year from 2015 with a deterministic wiggle; the line runs a year beyond the data each side. */
#define TR_N 8
#define TR_L 5
static int build_trend(ec_plot *p)
{
    double t[TR_N], y[TR_N], lx[TR_L], ly[TR_L], lo[TR_L], hi[TR_L];
    for (int i = 0; i < TR_N; i++) {
        t[i] = 2015.0 + i + 0.25 * (i % 3);
        y[i] = 1e18 * pow(3.0, t[i] - 2015.0) * ((i % 2) ? 4.0 : 0.25);
    }
    for (int i = 0; i < TR_L; i++) {
        lx[i] = 2014.0 + 2.5 * i;
        ly[i] = 1e18 * pow(3.0, lx[i] - 2015.0);
        lo[i] = ly[i] / 2;
        hi[i] = ly[i] * 2;
    }
    ec_plot_curve line = {TR_L, lx, ly, lo, hi};
    return ec_plot_trend(p, "Trend test", "training compute (FLOP)", TR_N, t, y, &line,
                         "3x/year, doubling 7.6 months");
}

typedef int (*builder)(ec_plot *p);

/* -------------------------------------------------------------- golden */

static void test_isoflop_golden(void **state)
{
    (void)state;
    ec_plot_options opt = ec_plot_default_options();
    ec_plot *p = ec_plot_new(&opt, "isoflop.png");
    assert_non_null(p);
    assert_int_equal(build_isoflop(p), EC_OK);
    const char *s = ec_plot_script(p);
    /* The essentials, so that a blessed golden file cannot hide their loss. */
    assert_true(has(s, "set multiplot title \"isoFLOP test\""));
    assert_true(has(s, "set cblabel \"log10 compute (FLOP)\""));
    assert_true(has(s, "lc palette"));
    assert_true(has(s, "@@extensions")); /* the third vertex lies beyond its runs */
    assert_true(has(s, "D* = 0.3·C^{0.5}"));
    assert_true(has(s, "set xlabel \"compute C (FLOP)\""));
    assert_true(has(s, "unset multiplot"));
    check_both(p, "isoflop");
    ec_plot_free(p);
}

static void test_multipliers_golden(void **state)
{
    (void)state;
    ec_plot_options opt = ec_plot_default_options();
    ec_plot *p = ec_plot_new(&opt, "multipliers.png");
    assert_non_null(p);
    assert_int_equal(build_multipliers(p), EC_OK);
    const char *s = ec_plot_script(p);
    assert_true(has(s, "with xerrorbars ls 1"));
    assert_true(has(s, "(\"NewModel\" 3, \"Llama 3.1-405B\" 2, \"Llama 4 Maverick\" 1)"));
    assert_true(has(s, "@@unity using 1:2 with lines ls 6"));
    assert_true(has(s, "set logscale x 10"));
    check_both(p, "multipliers");
    ec_plot_free(p);
}

static void test_trend_golden(void **state)
{
    (void)state;
    ec_plot_options opt = ec_plot_default_options();
    ec_plot *p = ec_plot_new(&opt, "trend.png");
    assert_non_null(p);
    assert_int_equal(build_trend(p), EC_OK);
    const char *s = ec_plot_script(p);
    assert_true(has(s, "set logscale y 10"));
    assert_true(has(s, "with filledcurves fc rgb '" EC_PLOT_COLOR_BAND "'"));
    assert_true(has(s, "\"3x/year, doubling 7.6 months\""));
    assert_true(has(s, "with lines ls 2 title \"fit\""));
    assert_true(has(s, "with lines ls 3")); /* extrapolated both sides */
    check_both(p, "trend");
    ec_plot_free(p);
}

/* ----------------------------------------------------- other behaviour */

static void test_title_option_and_quoting(void **state)
{
    (void)state;
    ec_plot_options opt = ec_plot_default_options();
    snprintf(opt.title, sizeof opt.title, "%s", "Custom \"title\"");
    ec_plot *p = ec_plot_new(&opt, NULL);
    assert_int_equal(build_isoflop(p), EC_OK);
    assert_true(has(ec_plot_script(p), "set multiplot title \"Custom \\\"title\\\"\"\n"));
    /* The panels have their own titles, not the figure's. */
    assert_true(has(ec_plot_script(p), "unset title\n"));
    ec_plot_free(p);

    opt = ec_plot_default_options();
    p = ec_plot_new(&opt, NULL);
    const char *names[] = {"ref", "a_\"b\"\\c", "bad"};
    double f[] = {1, 2, NAN};
    assert_int_equal(ec_plot_multipliers(p, NULL, 3, names, f, NULL, NULL, "ref"), EC_OK);
    const char *s = ec_plot_script(p);
    assert_true(has(s, "noenhanced (\"ref\" 2, \"a_\\\"b\\\"\\\\c\" 1)"));
    assert_false(has(s, "\"bad\""));
    assert_true(has(s, "set label 1 \"1 (reference)\""));
    assert_true(has(s, "set label 2 \"2\""));
    ec_plot_free(p);

    /* Trend without a line, a falling series: the label goes top right. */
    p = ec_plot_new(&opt, NULL);
    double t[] = {2020, 2021, 2022}, y[] = {100, 10, -1};
    double lx[] = {2020, 2021}, ly[] = {100, 10};
    ec_plot_curve line = {2, lx, ly, NULL, NULL};
    assert_int_equal(ec_plot_trend(p, NULL, NULL, 3, t, y, &line, "falling\nfast"), EC_OK);
    s = ec_plot_script(p);
    assert_true(has(s, "\"falling\\nfast\" at graph 0.97, graph 0.93 right"));
    assert_false(has(s, "filledcurves"));
    assert_false(has(s, "ls 3"));
    ec_plot_free(p);
}

static void test_bad_input(void **state)
{
    (void)state;
    ec_plot_options opt = ec_plot_default_options();
    ec_plot *p = ec_plot_new(&opt, NULL);
    double nan3[3] = {NAN, NAN, NAN}, one3[3] = {1, 1, 1}, neg3[3] = {-1, 0, -2};
    const char *names[3] = {"a", "b", "c"};
    ec_plot_budget b = {1e18, 3, -0.5, 0.1, 8, 9, 1e9, 2.5};

    assert_int_equal(ec_plot_isoflop(p, NULL, "tokens", 1, &b, 0, NULL, NULL, NULL, 1, 0.5), EC_EINVAL);
    assert_int_equal(ec_plot_isoflop(p, NULL, "tokens", 1, &b, 3, one3, nan3, one3, 1, 0.5), EC_EINVAL);
    assert_int_equal(ec_plot_isoflop(p, NULL, "tokens", 1, &b, 3, neg3, one3, one3, 1, 0.5), EC_EINVAL);
    assert_int_equal(ec_plot_multipliers(p, NULL, 0, names, one3, NULL, NULL, NULL), EC_EINVAL);
    assert_int_equal(ec_plot_multipliers(p, NULL, 3, names, nan3, NULL, NULL, NULL), EC_EINVAL);
    assert_int_equal(ec_plot_multipliers(p, NULL, 3, names, neg3, NULL, NULL, NULL), EC_EINVAL);
    assert_int_equal(ec_plot_trend(p, NULL, NULL, 0, NULL, NULL, NULL, NULL), EC_EINVAL);
    assert_int_equal(ec_plot_trend(p, NULL, NULL, 3, one3, nan3, NULL, NULL), EC_EINVAL);
    assert_int_equal(ec_plot_trend(p, NULL, NULL, 3, nan3, one3, NULL, NULL), EC_EINVAL);
    assert_int_equal(ec_plot_trend(p, NULL, NULL, 3, one3, neg3, NULL, NULL), EC_EINVAL);
    /* Nothing was written for rejected input. */
    assert_string_equal(ec_plot_script(p), "");
    ec_plot_free(p);
}

/* ----------------------------------------------------------- rendering */



/* Builds a figure in format `fmt`, renders it with gnuplot in `dir` and checks the output. */
static void render_check(const char *dir, const char *kind, builder build, int fmt)
{
    ec_plot_options opt = ec_plot_default_options();
    opt.format = fmt;
    ec_test_render(dir, kind, build, &opt);
}

/* Realistic inputs: the Llama 3 isoFLOP points (parabolas from ec_isoflop) and the example claims. */
static int build_llama3(ec_plot *p)
{
    FILE *fp = fopen(LLAMA3, "r");
    assert_non_null(fp);
    static double C[400], D[400], L[400];
    size_t n = 0;
    char line[512];
    assert_non_null(fgets(line, sizeof line, fp));
    while (n < 400 && fgets(line, sizeof line, fp))
        if (sscanf(line, "%lf,%lf,%lf", &C[n], &D[n], &L[n]) == 3) n++;
    fclose(fp);
    ec_isoflop_result res;
    ec_error err;
    assert_int_equal(ec_isoflop(C, D, L, n, 1, NULL, &res, &err), EC_OK);
    ec_plot_budget b[32];
    assert_true(res.n_budgets <= 32);
    for (size_t j = 0; j < res.n_budgets; j++) {
        const ec_isoflop_budget *r = &res.budgets[j];
        /* The result exposes the vertex and the curvature c: L = L* + c (u − u*)². */
        double us = log10(r->opt_x), c = r->curvature;
        b[j] = (ec_plot_budget){r->compute, r->loss + c * us * us, -2 * c * us, c, log10(r->x_min), log10(r->x_max),
                                r->opt_x, r->loss};
    }
    int rc = ec_plot_isoflop(p, "Llama 3 isoFLOP curves", "training tokens", res.n_budgets, b, n, C, D, L, res.D_coef,
                             res.D_exp);
    ec_isoflop_clear(&res);
    return rc;
}

static int build_claims(ec_plot *p)
{
    ec_error err;
    ec_claims *c = ec_claims_load_csv(CLAIMS, 0.1, &err);
    assert_non_null(c);
    ec_ledger led;
    assert_int_equal(ec_ledger_solve(c, "Llama 3.1-405B", &led, &err), EC_OK);
    int rc = ec_plot_multipliers(p, "Compute-efficiency factors", led.n_models, (const char *const *)led.model,
                                 led.factor, led.ci_lo, led.ci_hi, led.reference);
    ec_ledger_clear(&led);
    ec_claims_free(c);
    return rc;
}

static void test_render(void **state)
{
    (void)state;
    if (!ec_test_have_gnuplot()) skip();
    char dir[] = "/tmp/ec_plot_analytics_XXXXXX";
    assert_non_null(mkdtemp(dir));
    static const struct {
        const char *kind;
        builder build;
    } kinds[] = {{"isoflop", build_isoflop},
                 {"multipliers", build_multipliers},
                 {"trend", build_trend},
                 {"llama3_isoflop", build_llama3},
                 {"claims", build_claims}};
    static const int formats[] = {EC_PLOT_PNG, EC_PLOT_SVG, EC_PLOT_PDF};
    for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++)
        for (size_t f = 0; f < sizeof formats / sizeof formats[0]; f++) render_check(dir, kinds[k].kind, kinds[k].build, formats[f]);
    assert_int_equal(rmdir(dir), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_isoflop_golden),
        cmocka_unit_test(test_multipliers_golden),
        cmocka_unit_test(test_trend_golden),
        cmocka_unit_test(test_title_option_and_quoting),
        cmocka_unit_test(test_bad_input),
        cmocka_unit_test(test_render),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
