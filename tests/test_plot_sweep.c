/*
 * test_plot_sweep.c — the figures of sweeps and sensitivity analyses
 * (plots/ec_plot_sweep.c: kinds "sweep-line", "heatmap", "sensitivity") and
 * their recipes from a sweep result (params/ec_sweep_plot.c).
 *
 * As in test_plot_sim.c the checks read what gnuplot would read (the inline
 * rendering: its tables parsed back into numbers, the plot commands into
 * which table and columns each element uses), and each kind is rendered by
 * gnuplot to png and svg when gnuplot is on PATH (stderr empty, image
 * well-formed). The recipe is checked on a real sweep: a grid of efficiency
 * factors over a fixed Chinchilla law, whose loss has the closed form
 * E + A (sqrt(phi) N)^-alpha + B (sqrt(phi) D)^-beta at 20 tokens per parameter.
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

#include "ec_plot.h"
#include "ec_plot_kinds.h"
#include "ec_steps.h"
#include "ec_sweep.h"
#include "ec_sweep_plot.h"
#include "ec_test.h"
#include "ec_test_plot.h"

/* Rows of a datablock parsed back: numbers (NaN included), row-major; returns the row count. */
static size_t get_table(const char *text, const char *name, size_t ncol, double *v, size_t cap)
{
    char head[96];
    snprintf(head, sizeof head, "$%s << EOD\n", name);
    const char *s = strstr(text, head);
    if (!s) return 0;
    s += strlen(head);
    size_t nv = 0, rows = 0;
    while (*s && strncmp(s, "EOD\n", 4) != 0) {
        const char *eol = strchr(s, '\n');
        assert_non_null(eol);
        if (*s != '#' && eol > s) {
            const char *c = s;
            for (size_t j = 0; j < ncol; j++) {
                char *end;
                double x = strtod(c, &end);
                if (end == c) fail_msg("table %s: cannot read '%.*s'", name, (int)(eol - s), s);
                assert_true(nv < cap);
                v[nv++] = x;
                c = end;
            }
            rows++;
        }
        s = eol + 1;
    }
    return rows;
}

static int has(const char *text, const char *what)
{
    return strstr(text, what) != NULL;
}

static ec_plot *new_plot(void)
{
    ec_plot_options o = ec_plot_default_options();
    ec_plot *p = ec_plot_new(&o, "out.png");
    assert_non_null(p);
    return p;
}

static const double X[5] = {1, 2, 4, 8, 16}, Y[5] = {2.0, 1.9, NAN, 1.8, 1.75}, LO[5] = {1.9, 1.8, NAN, 1.7, 1.6},
                    HI[5] = {2.1, 2.0, NAN, 1.9, 1.85}, DY[5] = {0, -0.1, NAN, -0.2, -0.25},
                    DLO[5] = {0, -0.12, NAN, -0.23, -0.3}, DHI[5] = {0, -0.08, NAN, -0.17, -0.2};

/* A line over numbers: the table holds x, y, the band and the paired difference (a failed cell as NaN), two
 * panels (multiplot), the band and the paired interval drawn from their columns, the log x axis asked for. */
static void test_sweep_line(void **state)
{
    (void)state;
    ec_plot *p = new_plot();
    assert_int_equal(ec_plot_sweep_line(p, NULL, "efficiency", "loss", 5, X, NULL, 1, Y, LO, HI, DY, DLO, DHI, "dloss"),
                     EC_OK);
    char *s = ec_test_inline_text(p);
    double v[64];
    assert_int_equal(get_table(s, "sweep", 7, v, 64), 5);
    for (size_t i = 0; i < 5; i++) {
        assert_true(v[7 * i] == X[i]);
        if (i == 2) {
            for (int j = 1; j < 7; j++) assert_true(isnan(v[7 * i + j]));
            continue;
        }
        assert_true(v[7 * i + 1] == Y[i] && v[7 * i + 2] == LO[i] && v[7 * i + 3] == HI[i]);
        assert_true(v[7 * i + 4] == DY[i] && v[7 * i + 5] == DLO[i] && v[7 * i + 6] == DHI[i]);
    }
    assert_true(has(s, "set multiplot layout 2,1"));
    assert_true(has(s, "unset multiplot"));
    assert_true(has(s, "$sweep using 1:3:4 with filledcurves"));
    assert_true(has(s, "$sweep using 1:6:7 with filledcurves"));
    assert_true(has(s, "$sweep using 1:5 with linespoints"));
    assert_true(has(s, "set logscale x"));
    /* x from 1 to 16, padded by 16^0.03 on each side, not rounded out to decades */
    assert_true(has(s, "set xrange [0.9201876506:17.3877578]"));
    /* the line ends lower than it starts: the key at the top right, away from it */
    assert_true(has(s, "set key top right"));
    free(s);
    ec_plot_free(p);

    /* categories instead of numbers, no band, no difference: one panel, the labels as tics at 0..n-1 */
    const char *cats[3] = {"compute-optimal", "tokens-per-param=20", "loss=1.9"};
    const double y3[3] = {1.84, 1.85, 1.9};
    p = new_plot();
    assert_int_equal(ec_plot_sweep_line(p, "t", "policy", "loss", 3, NULL, cats, 0, y3, NULL, NULL, NULL, NULL, NULL, NULL),
                     EC_OK);
    s = ec_test_inline_text(p);
    assert_true(has(s, "\"compute-optimal\" 0, \"tokens-per-param=20\" 1, \"loss=1.9\" 2)"));
    assert_true(has(s, "set xrange [-0.5:2.5]"));
    assert_false(has(s, "multiplot"));
    assert_false(has(s, "filledcurves"));
    assert_true(has(s, "set key bottom right")); /* it ends higher */
    free(s);
    ec_plot_free(p);

    /* nothing drawable: every y NaN, or x <= 0 on a log axis */
    const double nan3[3] = {NAN, NAN, NAN}, xneg[3] = {-1, 0, -2};
    p = new_plot();
    assert_int_equal(ec_plot_sweep_line(p, NULL, "x", "y", 3, X, NULL, 0, nan3, NULL, NULL, NULL, NULL, NULL, NULL),
                     EC_EINVAL);
    assert_int_equal(ec_plot_sweep_line(p, NULL, "x", "y", 3, xneg, NULL, 1, y3, NULL, NULL, NULL, NULL, NULL, NULL),
                     EC_EINVAL);
    assert_int_equal(ec_plot_sweep_line(p, NULL, "x", "y", 3, NULL, NULL, 0, y3, NULL, NULL, NULL, NULL, NULL, NULL),
                     EC_EINVAL);
    ec_plot_free(p);
}

/* The heatmap's grid: x index slowest, a blank line after each x (gnuplot's scans), z at [i * ny + j]; labels on
 * both axes; values in the cells for a small grid; a constant z gets a colour range around it. */
static void test_heatmap(void **state)
{
    (void)state;
    const char *xl[3] = {"1", "2", "4"}, *yl[2] = {"tpp=20", "tpp=40"};
    const double z[6] = {1.84, 1.83, 1.82, 1.81, NAN, 1.79};
    ec_plot *p = new_plot();
    assert_int_equal(ec_plot_heatmap(p, NULL, "eff", "policy", "loss", 3, xl, 2, yl, z), EC_OK);
    char *s = ec_test_inline_text(p);
    double v[64];
    assert_int_equal(get_table(s, "grid", 3, v, 64), 6);
    for (size_t i = 0; i < 3; i++)
        for (size_t j = 0; j < 2; j++) {
            const double *r = v + 3 * (i * 2 + j);
            assert_true(r[0] == (double)i && r[1] == (double)j);
            if (i == 2 && j == 0) assert_true(isnan(r[2]));
            else assert_true(r[2] == z[i * 2 + j]);
        }
    assert_true(has(s, "0.84 1\n\n") || has(s, "1.83\n\n")); /* a blank line closes each x's scan */
    assert_true(has(s, "unset datafile missing\nplot $grid using 1:2:3 with image"));
    assert_true(has(s, "with labels"));
    assert_true(has(s, "\"tpp=20\" 0, \"tpp=40\" 1)"));
    assert_true(has(s, "set yrange [-0.5:1.5]"));
    free(s);
    ec_plot_free(p);
    const double zc[2] = {3, 3};
    p = new_plot();
    assert_int_equal(ec_plot_heatmap(p, NULL, "a", "b", "z", 1, xl, 2, yl, zc), EC_OK);
    s = ec_test_inline_text(p);
    assert_true(has(s, "set cbrange [2.97:3.03]")); /* one value: 1% around it */
    free(s);
    ec_plot_free(p);
    const double zb[2] = {1.2e28, 1.2e28}, z0[2] = {0, 0}; /* (±0.5 would vanish at 1.2e28) */
    p = new_plot();
    assert_int_equal(ec_plot_heatmap(p, NULL, "a", "b", "z", 1, xl, 2, yl, zb), EC_OK);
    s = ec_test_inline_text(p);
    assert_true(has(s, "set cbrange [1.188e+28:1.212e+28]"));
    free(s);
    ec_plot_free(p);
    p = new_plot();
    assert_int_equal(ec_plot_heatmap(p, NULL, "a", "b", "z", 1, xl, 2, yl, z0), EC_OK);
    s = ec_test_inline_text(p);
    assert_true(has(s, "set cbrange [-0.5:0.5]"));
    free(s);
    ec_plot_free(p);
    const double zn[2] = {NAN, NAN};
    p = new_plot();
    assert_int_equal(ec_plot_heatmap(p, NULL, "a", "b", "z", 1, xl, 2, yl, zn), EC_EINVAL);
    ec_plot_free(p);
}

/* Bars from 0 to each value (boxxyerror centred at v/2, half-width |v|/2), inputs top to bottom, error bars only
 * for the series that has intervals. */
static void test_sensitivity(void **state)
{
    (void)state;
    const char *names[3] = {"efficiency", "max_tokens", "k"}, *series[2] = {"S1", "ST"};
    const double v[6] = {0.9, 0.95, 0.05, 0.06, 0, 0}, conf[6] = {0.1, 0.08, 0.02, NAN, 0, NAN};
    ec_plot *p = new_plot();
    assert_int_equal(ec_plot_sensitivity(p, NULL, "share", 3, names, 2, series, v, conf), EC_OK);
    char *s = ec_test_inline_text(p);
    double t[64];
    assert_int_equal(get_table(s, "bars", 5, t, 64), 6);
    /* series 0 first: efficiency on top (y near 3), then max_tokens, then k */
    assert_true(t[0] == 0.9 && t[1] > 2.5 && t[1] < 3.5 && fabs(t[3] - 0.8) < 1e-12 && fabs(t[4] - 1.0) < 1e-12);
    assert_true(t[5] == 0.05 && t[6] > 1.5 && t[6] < 2.5);
    assert_true(t[15] == 0.95 && t[16] < t[1]); /* series 1 below series 0 within a block */
    assert_true(isnan(t[5 * 4 + 3])); /* max_tokens' ST has no interval */
    assert_true(has(s, "every ::0::2 using ($1/2):2:(abs($1)/2):3 with boxxyerror"));
    assert_true(has(s, "every ::0::2 using 1:2:4:5 with xerrorbars"));
    assert_true(has(s, "every ::3::5 using 1:2:4:5 with xerrorbars"));
    assert_true(has(s, "\"efficiency\" 3, \"max_tokens\" 2, \"k\" 1)"));
    free(s);
    ec_plot_free(p);
    /* no interval anywhere in a series: no error bars for it (gnuplot warns about a table with no valid point) */
    p = new_plot();
    assert_int_equal(ec_plot_sensitivity(p, NULL, "x", 3, names, 2, series, v, NULL), EC_OK);
    s = ec_test_inline_text(p);
    assert_false(has(s, "xerrorbars"));
    free(s);
    assert_int_equal(ec_plot_sensitivity(p, NULL, "x", 3, names, 5, series, v, NULL), EC_EINVAL);
    ec_plot_free(p);
}

static const char *scenario(void)
{
    static char path[64];
    snprintf(path, sizeof path, "/tmp/ec_plot_sweep_XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *fp = fdopen(fd, "w");
    assert_non_null(fp);
    fputs("[project]\nform = chinchilla\nparams = E=1.81686,A=482.0057,B=2085.434,alpha=0.347813,beta=0.365854\n"
          "sizes = 10T\npolicies = tokens-per-param=20\n",
          fp);
    fclose(fp);
    return path;
}

/* The recipe on a real sweep: one axis of efficiency factors gives a sweep-line whose y are the closed-form
 * losses and whose x axis is log (the factors are evenly spaced in log); two axes give a heatmap; designs,
 * three axes, a shard and an unknown record are refused. */
static void test_recipe(void **state)
{
    (void)state;
    const char *path = scenario();
    ec_sweep_axis ax[3];
    assert_int_equal(ec_sweep_axis_parse("project.efficiency=1:100:5:log", &ax[0], NULL), EC_OK);
    assert_int_equal(ec_sweep_axis_parse("project.policies=tokens-per-param=20;tokens-per-param=40", &ax[1], NULL), EC_OK);
    assert_int_equal(ec_sweep_axis_parse("project.k=6,7", &ax[2], NULL), EC_OK);
    const char *rec[] = {"project.loss", "project.compute"};
    ec_sweep_options o = ec_sweep_default_options();
    o.scenario = path;
    o.axes = ax;
    o.n_axes = 1;
    o.records = rec;
    o.n_records = 2;
    ec_sweep_result r;
    ec_error err;
    assert_int_equal(ec_sweep_run(&o, &r, &err), EC_OK);
    ec_plot_output *po = NULL;
    assert_int_equal(ec_sweep_plot(&o, &r, NULL, "line.svg", NULL, &po, &err), EC_OK);
    assert_string_equal(po->kind, "sweep-line");
    assert_int_equal(po->format, EC_PLOT_SVG);
    ec_plot *p = ec_plot_output_build(po, "line.svg", &err);
    assert_non_null(p);
    char *s = ec_test_inline_text(p);
    double v[64];
    assert_int_equal(get_table(s, "sweep", 4, v, 64), 5);
    const double N = 1e13, D = 2e14;
    for (size_t c = 0; c < 5; c++) {
        double phi = pow(10.0, 0.5 * (double)c);
        ASSERT_REL(v[4 * c], phi, 1e-9);
        /* a factor phi is L(sqrt(phi) N, sqrt(phi) D) for a fixed policy (effcomp project --help) */
        const double sq = sqrt(phi);
        ASSERT_REL(v[4 * c + 1], 1.81686 + 482.0057 * pow(sq * N, -0.347813) + 2085.434 * pow(sq * D, -0.365854),
                   1e-9); /* tables carry 10 digits */
    }
    assert_true(has(s, "set logscale x"));
    assert_true(has(s, "project.loss against project.efficiency"));
    free(s);
    ec_plot_free(p);
    ec_plot_output_free(po);
    /* the second record, by name */
    assert_int_equal(ec_sweep_plot(&o, &r, "project.compute", "c.png", NULL, &po, &err), EC_OK);
    ec_plot_output_free(po);
    assert_int_equal(ec_sweep_plot(&o, &r, "project.nosuch", "c.png", NULL, &po, &err), EC_EINVAL);
    assert_true(strstr(err.message, "project.nosuch") != NULL);
    assert_int_equal(ec_sweep_plot(&o, &r, NULL, "c.gif", NULL, &po, &err), EC_EINVAL);
    assert_null(po);
    ec_sweep_result_clear(&r);

    o.n_axes = 2;
    assert_int_equal(ec_sweep_run(&o, &r, &err), EC_OK);
    assert_int_equal(ec_sweep_plot(&o, &r, NULL, "h.png", NULL, &po, &err), EC_OK);
    assert_string_equal(po->kind, "heatmap");
    p = ec_plot_output_build(po, "h.png", &err);
    assert_non_null(p);
    s = ec_test_inline_text(p);
    assert_int_equal(get_table(s, "grid", 3, v, 64), 10);
    for (size_t c = 0; c < 10; c++) ASSERT_REL(v[3 * c + 2], r.cells[c].record[0], 1e-9); /* cell i*2+j at (i, j) */
    free(s);
    ec_plot_free(p);
    ec_plot_output_free(po);
    ec_sweep_result_clear(&r);

    o.n_axes = 3;
    assert_int_equal(ec_sweep_run(&o, &r, &err), EC_OK);
    assert_int_equal(ec_sweep_plot(&o, &r, NULL, "x.png", NULL, &po, &err), EC_EINVAL);
    ec_sweep_result_clear(&r);
    o.n_axes = 1;
    o.shard = 1;
    o.n_shards = 2;
    assert_int_equal(ec_sweep_run(&o, &r, &err), EC_OK);
    assert_int_equal(ec_sweep_plot(&o, &r, NULL, "x.png", NULL, &po, &err), EC_EINVAL);
    assert_true(strstr(err.message, "shard") != NULL);
    ec_sweep_result_clear(&r);
    for (int j = 0; j < 3; j++) ec_sweep_axis_clear(&ax[j]);
    unlink(path);
}

/* Sensitivity recipe: inputs in tornado order by the chosen series. */
static void test_sensitivity_recipe(void **state)
{
    (void)state;
    const char *names[3] = {"a", "b", "c"}, *series[2] = {"S1", "ST"};
    const double s1[3] = {0.1, 0.6, 0.2}, st[3] = {0.5, 0.65, 0.1};
    ec_plot_output *po = NULL;
    ec_error err;
    for (int by_b = 0; by_b < 2; by_b++) {
        assert_int_equal(ec_sensitivity_plot("t", "x", 3, names, series, s1, NULL, st, NULL, by_b, "s.pdf", NULL, &po, &err),
                         EC_OK);
        ec_plot *p = ec_plot_output_build(po, "s.pdf", &err);
        assert_non_null(p);
        char *s = ec_test_inline_text(p);
        assert_true(has(s, by_b ? "\"b\" 3, \"a\" 2, \"c\" 1)" : "\"b\" 3, \"c\" 2, \"a\" 1)"));
        free(s);
        ec_plot_free(p);
        ec_plot_output_free(po);
    }
}

/* ------------------------------------------------------------ rendering */

static int build_line(ec_plot *p)
{
    return ec_plot_sweep_line(p, NULL, "efficiency", "loss", 5, X, NULL, 1, Y, LO, HI, DY, DLO, DHI, "dloss");
}

static int build_heatmap(ec_plot *p)
{
    const char *xl[3] = {"1", "2", "4"}, *yl[2] = {"tpp=20", "tpp=40"};
    const double z[6] = {1.84, 1.83, 1.82, 1.81, NAN, 1.79};
    return ec_plot_heatmap(p, NULL, "eff", "policy", "loss", 3, xl, 2, yl, z);
}

static int build_bars(ec_plot *p)
{
    const char *names[3] = {"efficiency", "max_tokens", "k"}, *series[2] = {"S1", "ST"};
    const double v[6] = {0.9, 0.95, 0.05, 0.06, 0, 0}, conf[6] = {0.1, 0.08, 0.02, NAN, 0, NAN};
    return ec_plot_sensitivity(p, NULL, "share", 3, names, 2, series, v, conf);
}

static void test_render(void **state)
{
    (void)state;
    if (!ec_test_have_gnuplot()) skip();
    char dir[] = "/tmp/ec_plot_sweep_render_XXXXXX";
    assert_non_null(mkdtemp(dir));
    const struct {
        const char *kind;
        int (*build)(ec_plot *);
    } kinds[] = {{"sweep-line", build_line}, {"heatmap", build_heatmap}, {"sensitivity", build_bars}};
    const int formats[] = {EC_PLOT_PNG, EC_PLOT_SVG};
    for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++)
        for (size_t f = 0; f < 2; f++) {
            ec_plot_options opt = ec_plot_default_options();
            opt.format = formats[f];
            ec_test_render(dir, kinds[k].kind, kinds[k].build, &opt);
        }
    rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sweep_line), cmocka_unit_test(test_heatmap),          cmocka_unit_test(test_sensitivity),
        cmocka_unit_test(test_recipe),     cmocka_unit_test(test_sensitivity_recipe), cmocka_unit_test(test_render),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
