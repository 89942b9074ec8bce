/*
 * test_plot_sim.c — the figures of projections and simulations
 * (plots/ec_plot_sim.c: kinds "projection", "fan" and "crossing"), the
 * recipe ec_plot_projection_figure (plots/ec_plot_recipes.c) and the
 * xrange/yrange options of every figure (plots/ec_plot.c).
 *
 * The checks read what gnuplot would read: the inline rendering
 * (ec_plot_write_inline: datablocks, then the script) is parsed back, tables
 * into numbers and the plot command into its elements, so that the
 * assertions are about the figure (which table is solid, which dashed, which
 * columns a band uses, what range an axis gets) and not about formatting.
 * The projection's curve is compared with the closed form of Chinchilla's
 * compute-optimal loss, L*(C) = E + K (C/6)^-gamma, from Epoch's fit.
 *
 * Rendering: when gnuplot is on PATH, each kind is rendered to png, svg and
 * pdf in a temporary folder (and one saved script is run from its folder);
 * the outputs must be well-formed and gnuplot's stderr empty. Without
 * gnuplot that test is skipped.
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

#include "ec_form.h"
#include "ec_law.h"
#include "ec_option.h"
#include "ec_plot.h"
#include "ec_test_plot.h"
#include "ec_plot_kinds.h"
#include "ec_plot_recipes.h"
#include "ec_test.h"

/* Epoch's refit of Chinchilla (Besiroglu et al. 2024): E, A, B, alpha, beta. */
static const double EPOCH[5] = {1.81686, 482.0057, 2085.434, 0.347813, 0.365854};
#define DATA_MAX 1e22

/* ------------------------------------------------------------- helpers */


static int has(const char *hay, const char *needle)
{
    return strstr(hay, needle) != NULL;
}

static size_t count(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *s = strstr(hay, needle); s; s = strstr(s + 1, needle)) n++;
    return n;
}

/* Offset of needle in hay; fails when absent. */
static size_t pos(const char *hay, const char *needle)
{
    const char *s = strstr(hay, needle);
    if (!s) fail_msg("'%s' not found in:\n%s", needle, hay);
    return (size_t)(s - hay);
}

/* Lines starting with `start`. */
static size_t count_lines(const char *text, const char *start)
{
    size_t n = 0, len = strlen(start);
    for (const char *l = text; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL)
        n += strncmp(l, start, len) == 0;
    return n;
}

/* A data table parsed back from the inline rendering ("$name << EOD" ... "EOD"). */
typedef struct table {
    size_t nrow, ncol;
    double v[4096];
} table;

static int get_table(const char *text, const char *name, table *t)
{
    char head[96];
    snprintf(head, sizeof head, "$%s << EOD\n", name);
    const char *s = strstr(text, head);
    if (!s) return 0;
    s += strlen(head);
    t->nrow = t->ncol = 0;
    size_t nv = 0;
    while (*s && strncmp(s, "EOD\n", 4) != 0) {
        const char *eol = strchr(s, '\n');
        assert_non_null(eol);
        if (*s != '#' && eol > s) {
            size_t nc = 0;
            const char *c = s;
            while (c < eol) {
                char *end;
                double v = strtod(c, &end);
                if (end == c) fail_msg("table %s: cannot read '%.*s'", name, (int)(eol - s), s);
                assert_true(nv < sizeof t->v / sizeof t->v[0]);
                t->v[nv++] = v;
                nc++;
                c = end;
                while (c < eol && *c == ' ') c++;
            }
            if (t->nrow == 0) t->ncol = nc;
            else if (nc != t->ncol) fail_msg("table %s: row %zu has %zu columns, not %zu", name, t->nrow, nc, t->ncol);
            t->nrow++;
        }
        s = eol + 1;
    }
    return 1;
}

#define AT(t, i, j) ((t)->v[(i) * (t)->ncol + (j)])

/* The plot command (from the first line starting with "plot " to its last continuation line), malloc'ed. */
static char *plot_command(const char *text)
{
    const char *s = NULL;
    for (const char *l = text; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL)
        if (strncmp(l, "plot ", 5) == 0) {
            s = l;
            break;
        }
    if (!s) fail_msg("no plot command in:\n%s", text);
    const char *e = s;
    for (;;) {
        const char *nl = strchr(e, '\n');
        if (!nl) {
            e += strlen(e);
            break;
        }
        if (nl > s && nl[-1] == '\\') e = nl + 1;
        else {
            e = nl;
            break;
        }
    }
    char *c = malloc((size_t)(e - s) + 1);
    assert_non_null(c);
    memcpy(c, s, (size_t)(e - s));
    c[e - s] = '\0';
    return c;
}

/* The element of a plot command that draws source `src` (e.g. "$law_out"), malloc'ed; NULL when absent. */
static char *element(const char *cmd, const char *src)
{
    char key[80];
    snprintf(key, sizeof key, "%s using", src);
    const char *s = strstr(cmd, key);
    if (!s) return NULL;
    const char *e = strstr(s, ", \\\n");
    if (!e) e = s + strlen(s);
    char *c = malloc((size_t)(e - s) + 1);
    assert_non_null(c);
    memcpy(c, s, (size_t)(e - s));
    c[e - s] = '\0';
    return c;
}

/* The last `set AXISrange [lo:hi]` of the text (both ends numbers). */
static void get_range(const char *text, const char *axis, double *lo, double *hi)
{
    char key[32];
    snprintf(key, sizeof key, "set %srange [", axis);
    const char *last = NULL;
    for (const char *s = strstr(text, key); s; s = strstr(s + 1, key)) last = s;
    if (!last) fail_msg("no %s in:\n%s", key, text);
    assert_int_equal(sscanf(last + strlen(key), "%lf:%lf]", lo, hi), 2);
}

/* Chinchilla's compute-optimal loss in closed form. */
static double lstar(const double *p, double C)
{
    double E = p[0], A = p[1], B = p[2], a = p[3], b = p[4];
    double G = pow(a * A / (b * B), 1.0 / (a + b));
    double K = A * pow(G, -a) + B * pow(G, b);
    double gamma = a * b / (a + b);
    return E + K * pow(C / 6.0, -gamma);
}

static ec_law *chinchilla_law(double data_max)
{
    ec_error err;
    ec_law *law = ec_law_new(ec_form_find("chinchilla"), EPOCH, &err);
    if (!law) fail_msg("ec_law_new: %s", err.message);
    law->data_max_C = data_max;
    return law;
}

/* ------------------------------------------------------ the inputs */

/* Six rows in three token policies, interleaved; the policies are numbered by first appearance. */
#define PR_N 6
static const double pr_x[PR_N] = {3e21, 1e23, 4e23, 2e24, 1e25, 5e25};
static const size_t pr_group[PR_N] = {0, 1, 0, 2, 1, 2};
static const char *const pr_names[3] = {"Chinchilla 20 tokens/param", "Llama-style 200 tokens/param",
                                        "fixed \"15T\" tokens"};
static const char *const pr_labels[PR_N] = {"7B", "70B", "405B", "1T", "2T", "5T"};

static void pr_rows(double *y, double *lo, double *hi)
{
    for (int i = 0; i < PR_N; i++) {
        y[i] = lstar(EPOCH, pr_x[i]) + 0.01 * (i % 3);
        lo[i] = y[i] - 0.02 - 0.001 * i;
        hi[i] = y[i] + 0.03 + 0.001 * i;
    }
}

static int build_projection(ec_plot *p)
{
    double y[PR_N], lo[PR_N], hi[PR_N];
    pr_rows(y, lo, hi);
    ec_law *law = chinchilla_law(DATA_MAX);
    ec_error err;
    int rc = ec_plot_projection_figure(p, law, PR_N, pr_x, y, lo, hi, pr_group, 3, pr_names, pr_labels, &err);
    ec_law_free(law);
    return rc;
}

#define FAN_NT 5
#define FAN_NQ 7
static const double fan_t[FAN_NT] = {2025, 2026, 2027, 2028, 2029};
static const double fan_q[FAN_NQ] = {.05, .1, .25, .5, .75, .9, .95};
static const double fan_thr[2] = {1e26, 3e26};
static const char *const fan_thr_labels[2] = {"10^26 FLOP", "3x10^26 FLOP"};

/* log10 of effective compute: 25 in 2025, +0.4 a year, quantiles 0.3 apart. */
static double fan_v(size_t k, size_t j)
{
    return 25.0 + 0.4 * (double)k + 0.3 * ((double)j - 3.0) + 0.01 * (double)(j * j);
}

static void fan_make(double *v, double *m2)
{
    for (size_t k = 0; k < FAN_NT; k++) {
        for (size_t j = 0; j < FAN_NQ; j++) v[k * FAN_NQ + j] = fan_v(k, j);
        m2[k] = 24.5 + 0.35 * (double)k;
    }
}

static int build_fan(ec_plot *p)
{
    double v[FAN_NT * FAN_NQ], m2[FAN_NT];
    fan_make(v, m2);
    return ec_plot_fan(p, "Effective compute of the frontier model", "effective training compute (FLOP)", FAN_NT, fan_t,
                       FAN_NQ, fan_q, v, 1, m2, "physical compute (median)", 2, fan_thr, fan_thr_labels);
}

#define CR_NY 5
#define CR_NT 3
static const double cr_years[CR_NY] = {2026, 2027, 2028, 2029, 2030};
static const char *const cr_labels[CR_NT] = {"1e26 FLOP", "1e27 FLOP", "1e28 FLOP"};

static double cr_p(size_t j, size_t y)
{
    return 0.9 - 0.3 * (double)j + 0.02 * (double)y - 0.2 * (double)j * (j == 2) + 0.001 * (double)(y * y);
}

static int build_crossing(ec_plot *p)
{
    double p_by[CR_NT * CR_NY];
    for (size_t j = 0; j < CR_NT; j++)
        for (size_t y = 0; y < CR_NY; y++) p_by[j * CR_NY + y] = cr_p(j, y);
    return ec_plot_crossing(p, "When each threshold is crossed", CR_NY, cr_years, CR_NT, p_by, cr_labels);
}

typedef int (*builder)(ec_plot *p);

/* ---------------------------------------------------------- projection */

static void test_projection_recipe(void **state)
{
    (void)state;
    ec_plot_options opt = ec_plot_default_options();
    ec_plot *p = ec_plot_new(&opt, "projection.png");
    assert_non_null(p);
    assert_int_equal(build_projection(p), EC_OK);
    char *s = ec_test_inline_text(p);
    const char *script = ec_plot_script(p);

    /* The law: solid up to the largest fitted compute, dashed beyond, joined there. */
    static table in, out;
    assert_true(get_table(s, "law_in", &in));
    assert_true(get_table(s, "law_out", &out));
    assert_int_equal(in.ncol, 2);
    assert_int_equal(out.ncol, 2);
    assert_true(in.nrow > 10 && out.nrow > 10);
    for (size_t i = 0; i < in.nrow; i++) {
        assert_true(AT(&in, i, 0) <= DATA_MAX);
        if (i) assert_true(AT(&in, i, 0) > AT(&in, i - 1, 0));
    }
    for (size_t i = 0; i < out.nrow; i++) {
        assert_true(AT(&out, i, 0) >= DATA_MAX);
        if (i) assert_true(AT(&out, i, 0) > AT(&out, i - 1, 0));
    }
    /* No gap and no overlap between the two pieces: the solid one ends where the dashed one starts. */
    ASSERT_REL(AT(&in, in.nrow - 1, 0), AT(&out, 0, 0), 1e-12);
    ASSERT_REL(AT(&in, in.nrow - 1, 1), AT(&out, 0, 1), 1e-12);
    ASSERT_REL(AT(&out, 0, 0), DATA_MAX, 1e-9);
    /* The values are the closed form L*(C) (the junction, interpolated between two samples, to 1e-5). */
    for (size_t i = 0; i < in.nrow; i++)
        ASSERT_REL_WHAT(AT(&in, i, 1), lstar(EPOCH, AT(&in, i, 0)), i + 1 < in.nrow ? 1e-9 : 1e-5, "law_in L*(C)");
    for (size_t i = 0; i < out.nrow; i++)
        ASSERT_REL_WHAT(AT(&out, i, 1), lstar(EPOCH, AT(&out, i, 0)), i ? 1e-9 : 1e-5, "law_out L*(C)");
    /* The curve runs over the rows and the data's largest compute, a factor 3 beyond each end. */
    ASSERT_REL(AT(&in, 0, 0), pr_x[0] / 3, 1e-9);
    ASSERT_REL(AT(&out, out.nrow - 1, 0), pr_x[PR_N - 1] * 3, 1e-9);
    /* No covariance, no replicates: no band, and the title says so. */
    assert_false(has(s, "$law_band"));
    assert_false(has(s, "filledcurves"));
    assert_true(has(script, "set title \"Projected loss against effective compute (bands: none)\""));

    /* A dotted line at the largest fitted compute. */
    assert_true(has(script, "set arrow from 1e+22, graph 0 to 1e+22, graph 1 nohead dt 3"));
    assert_true(has(script, "set logscale x 10"));

    /* The plot command: law_in solid, law_out dashed, then one series of error bars per policy. */
    char *cmd = plot_command(s);
    char *e_in = element(cmd, "$law_in"), *e_out = element(cmd, "$law_out");
    assert_non_null(e_in);
    assert_non_null(e_out);
    assert_false(has(e_in, " dt "));
    assert_true(has(e_out, " dt 2 "));
    assert_true(has(e_in, "lc rgb '" EC_PLOT_COLOR_FIT "'"));
    assert_true(has(e_out, "lc rgb '" EC_PLOT_COLOR_FIT "'"));
    assert_true(pos(cmd, "$law_out") > pos(cmd, "$law_in"));
    free(e_in), free(e_out);
    assert_int_equal(count(cmd, "yerrorbars"), 3);

    /* One table per policy, in the order of first appearance, each with its rows in input order. */
    double y[PR_N], lo[PR_N], hi[PR_N];
    pr_rows(y, lo, hi);
    static const char *const expect_title[3] = {"title \"Chinchilla 20 tokens/param\" noenhanced",
                                                "title \"Llama-style 200 tokens/param\" noenhanced",
                                                "title \"fixed \\\"15T\\\" tokens\" noenhanced"};
    size_t prev_tab = 0, prev_elem = 0;
    for (size_t g = 0; g < 3; g++) {
        char name[16], src[16];
        snprintf(name, sizeof name, "rows_%zu", g);
        snprintf(src, sizeof src, "$rows_%zu", g);
        static table t;
        assert_true(get_table(s, name, &t));
        assert_int_equal(t.ncol, 4);
        assert_int_equal(t.nrow, 2);
        size_t m = 0;
        for (size_t i = 0; i < PR_N; i++)
            if (pr_group[i] == g) {
                ASSERT_REL(AT(&t, m, 0), pr_x[i], 1e-9);
                ASSERT_REL(AT(&t, m, 1), y[i], 1e-9);
                ASSERT_REL(AT(&t, m, 2), lo[i], 1e-9);
                ASSERT_REL(AT(&t, m, 3), hi[i], 1e-9);
                m++;
            }
        char head[32];
        snprintf(head, sizeof head, "$%s << EOD", name);
        size_t at = pos(s, head);
        if (g) assert_true(at > prev_tab);
        prev_tab = at;
        char *e = element(cmd, src);
        assert_non_null(e);
        assert_true(has(e, "with yerrorbars"));
        assert_true(has(e, "using 1:2:3:4"));
        assert_true(has(e, expect_title[g]));
        free(e);
        size_t ep = pos(cmd, src);
        if (g) assert_true(ep > prev_elem);
        prev_elem = ep;
    }
    assert_false(has(s, "rows_3"));

    /* The x range covers every row and the whole curve; the y range every row's band and the curve. */
    double x0, x1, y0, y1;
    get_range(script, "x", &x0, &x1);
    get_range(script, "y", &y0, &y1);
    assert_true(x0 > 0);
    for (size_t i = 0; i < PR_N; i++) {
        assert_true(x0 < pr_x[i] && pr_x[i] < x1);
        assert_true(y0 < lo[i] && hi[i] < y1);
    }
    assert_true(x0 <= AT(&in, 0, 0) && AT(&out, out.nrow - 1, 0) <= x1);
    for (size_t i = 0; i < in.nrow; i++) assert_true(y0 <= AT(&in, i, 1) && AT(&in, i, 1) <= y1);
    for (size_t i = 0; i < out.nrow; i++) assert_true(y0 <= AT(&out, i, 1) && AT(&out, i, 1) <= y1);

    /* Labels beside each row (6 <= 8), at the row. */
    assert_int_equal(count_lines(script, "set label \""), PR_N);
    for (size_t i = 0; i < PR_N; i++) {
        char want[96];
        snprintf(want, sizeof want, "set label \"%s\" at %.10g, %.10g left", pr_labels[i], pr_x[i], y[i]);
        assert_true(has(script, want));
    }
    free(cmd);
    free(s);
    ec_plot_free(p);
}

static void test_projection_labels_and_band(void **state)
{
    (void)state;
    ec_plot_options opt = ec_plot_default_options();
    ec_error err;

    /* Nine rows: no labels beside them (the key still names the policies). */
    enum { N9 = 9 };
    double x[N9], y[N9];
    size_t g[N9];
    const char *lab[N9];
    static const char *const names[2] = {"a", "b"};
    for (int i = 0; i < N9; i++) {
        x[i] = 1e21 * pow(3.0, i);
        y[i] = lstar(EPOCH, x[i]);
        g[i] = (size_t)(i % 2);
        lab[i] = "row";
    }
    ec_law *law = chinchilla_law(DATA_MAX);
    ec_plot *p = ec_plot_new(&opt, NULL);
    assert_int_equal(ec_plot_projection_figure(p, law, N9, x, y, NULL, NULL, g, 2, names, lab, &err), EC_OK);
    const char *script = ec_plot_script(p);
    assert_int_equal(count_lines(script, "set label \""), 0);
    assert_true(has(script, "set label 'largest fitted compute'"));
    assert_true(has(script, "title \"a\" noenhanced"));
    assert_true(has(script, "title \"b\" noenhanced"));
    /* Without lo/hi the bars collapse onto the point. */
    char *s = ec_test_inline_text(p);
    static table t;
    assert_true(get_table(s, "rows_1", &t));
    assert_int_equal(t.nrow, 4);
    for (size_t i = 0; i < t.nrow; i++) {
        ASSERT_REL(AT(&t, i, 2), AT(&t, i, 1), 1e-15);
        ASSERT_REL(AT(&t, i, 3), AT(&t, i, 1), 1e-15);
    }
    free(s);
    ec_plot_free(p);

    /* Eight rows: labelled. */
    p = ec_plot_new(&opt, NULL);
    assert_int_equal(ec_plot_projection_figure(p, law, 8, x, y, NULL, NULL, g, 2, names, lab, &err), EC_OK);
    assert_int_equal(count_lines(ec_plot_script(p), "set label \"row\" at "), 8);
    ec_plot_free(p);

    /* With a covariance: the delta-method band under the curve, drawn first. */
    double cov[EC_FORM_MAX_PARAMS * EC_FORM_MAX_PARAMS] = {0};
    const double sd[5] = {0.02, 20, 100, 0.005, 0.005};
    for (int j = 0; j < 5; j++) cov[j * EC_FORM_MAX_PARAMS + j] = sd[j] * sd[j];
    assert_int_equal(ec_law_set_covariance(law, cov, &err), EC_OK);
    p = ec_plot_new(&opt, NULL);
    assert_int_equal(ec_plot_projection_figure(p, law, 3, x, y, NULL, NULL, g, 2, names, NULL, &err), EC_OK);
    s = ec_test_inline_text(p);
    assert_true(has(s, "(bands: delta method)"));
    assert_true(get_table(s, "law_band", &t));
    assert_int_equal(t.ncol, 3);
    for (size_t i = 0; i < t.nrow; i++) {
        double L = lstar(EPOCH, AT(&t, i, 0));
        assert_true(AT(&t, i, 1) < L && L < AT(&t, i, 2));
    }
    char *cmd = plot_command(s);
    char *e = element(cmd, "$law_band");
    assert_non_null(e);
    assert_true(has(e, "using 1:2:3 with filledcurves"));
    assert_true(pos(cmd, "$law_band") < pos(cmd, "$law_in"));
    double y0, y1;
    get_range(s, "y", &y0, &y1);
    for (size_t i = 0; i < t.nrow; i++) assert_true(y0 <= AT(&t, i, 1) && AT(&t, i, 2) <= y1);
    /* No labels given: none drawn. */
    assert_int_equal(count_lines(s, "set label \""), 0);
    free(e), free(cmd), free(s);
    ec_plot_free(p);

    /* Unknown data range: the whole curve solid, no dotted line. */
    law->data_max_C = NAN;
    p = ec_plot_new(&opt, NULL);
    assert_int_equal(ec_plot_projection_figure(p, law, 3, x, y, NULL, NULL, g, 2, names, NULL, &err), EC_OK);
    s = ec_test_inline_text(p);
    assert_true(has(s, "$law_in << EOD"));
    assert_false(has(s, "law_out"));
    assert_false(has(s, "set arrow"));
    assert_false(has(s, "largest fitted compute"));
    free(s);
    ec_plot_free(p);
    ec_law_free(law);
}

/* The kind on its own: the split at data_max of any sampled curve. */
static void test_projection_kind_split(void **state)
{
    (void)state;
    ec_plot_options opt = ec_plot_default_options();
    enum { K = 7 };
    /* Samples a decade apart, data_max between two of them. */
    double cx[K], cy[K];
    for (int k = 0; k < K; k++) cx[k] = pow(10.0, 19 + k), cy[k] = 3.0 - 0.1 * k;
    ec_plot_curve c = {K, cx, cy, NULL, NULL};
    double x[1] = {1e24}, y[1] = {2.5};
    size_t g[1] = {0};
    const char *names[1] = {"p"};
    double dm = pow(10.0, 21.5);
    ec_plot *p = ec_plot_new(&opt, NULL);
    assert_int_equal(ec_plot_projection(p, NULL, &c, dm, 1, x, y, NULL, NULL, g, 1, names, NULL), EC_OK);
    char *s = ec_test_inline_text(p);
    static table in, out;
    assert_true(get_table(s, "law_in", &in));
    assert_true(get_table(s, "law_out", &out));
    /* 1e19, 1e20, 1e21 and the junction; the junction, 1e22 ... 1e25. */
    assert_int_equal(in.nrow, 4);
    assert_int_equal(out.nrow, 5);
    /* (the table holds 10 digits: dm to 1e-10) */
    for (size_t i = 0; i < in.nrow; i++) assert_true(AT(&in, i, 0) <= dm * (1 + 1e-10));
    for (size_t i = 0; i < out.nrow; i++) assert_true(AT(&out, i, 0) >= dm * (1 - 1e-10));
    ASSERT_REL(AT(&in, 3, 0), dm, 1e-9);
    ASSERT_REL(AT(&out, 0, 0), dm, 1e-9);
    /* Halfway in log x between 2.8 and 2.7. */
    ASSERT_REL(AT(&in, 3, 1), 2.75, 1e-9);
    ASSERT_REL(AT(&out, 0, 1), 2.75, 1e-9);
    ASSERT_REL(AT(&out, 1, 0), 1e22, 1e-12);
    free(s);
    ec_plot_free(p);

    /* data_max on a sample: that sample ends one piece and starts the other. */
    p = ec_plot_new(&opt, NULL);
    assert_int_equal(ec_plot_projection(p, NULL, &c, 1e22, 1, x, y, NULL, NULL, g, 1, names, NULL), EC_OK);
    s = ec_test_inline_text(p);
    assert_true(get_table(s, "law_in", &in));
    assert_true(get_table(s, "law_out", &out));
    assert_int_equal(in.nrow, 4);
    assert_int_equal(out.nrow, 4);
    ASSERT_REL(AT(&in, 3, 0), 1e22, 1e-12);
    ASSERT_REL(AT(&out, 0, 0), 1e22, 1e-12);
    ASSERT_REL(AT(&out, 0, 1), 2.7, 1e-12);
    free(s);
    ec_plot_free(p);

    /* data_max beyond the curve: all solid; below it: all dashed. */
    p = ec_plot_new(&opt, NULL);
    assert_int_equal(ec_plot_projection(p, NULL, &c, 1e30, 1, x, y, NULL, NULL, g, 1, names, NULL), EC_OK);
    assert_true(has(ec_plot_script(p), "@@law_in"));
    assert_false(has(ec_plot_script(p), "@@law_out"));
    ec_plot_free(p);
    p = ec_plot_new(&opt, NULL);
    assert_int_equal(ec_plot_projection(p, NULL, &c, 1e10, 1, x, y, NULL, NULL, g, 1, names, NULL), EC_OK);
    assert_false(has(ec_plot_script(p), "@@law_in"));
    assert_true(has(ec_plot_script(p), "@@law_out"));
    ec_plot_free(p);

    /* Samples that cannot be drawn on the log axis (C <= 0, a non-finite loss) are left out of the x range too. */
    {
        double bx[4] = {0, 1e20, 1e23, 1e40}, by[4] = {3.0, 2.9, 2.6, NAN};
        ec_plot_curve bc = {4, bx, by, NULL, NULL};
        p = ec_plot_new(&opt, NULL);
        assert_int_equal(ec_plot_projection(p, NULL, &bc, 1e22, 1, x, y, NULL, NULL, g, 1, names, NULL), EC_OK);
        double x0, x1;
        get_range(ec_plot_script(p), "x", &x0, &x1);
        assert_true(x0 > 1e19 && x0 < 1e20);
        assert_true(x1 > 1e24 && x1 < 1e25);
        ec_plot_free(p);
    }

    /* No curve at all: the rows alone. */
    p = ec_plot_new(&opt, NULL);
    assert_int_equal(ec_plot_projection(p, "rows only", NULL, NAN, 1, x, y, NULL, NULL, g, 1, names, NULL), EC_OK);
    s = ec_test_inline_text(p);
    assert_false(has(s, "law_"));
    assert_true(has(s, "plot $rows_0 using 1:2:3:4 with yerrorbars"));
    free(s);
    ec_plot_free(p);
}

static void test_projection_bad_input(void **state)
{
    (void)state;
    ec_plot_options opt = ec_plot_default_options();
    ec_error err;
    ec_law *law = chinchilla_law(DATA_MAX);
    double x[3] = {1e22, 1e23, 1e24}, bad_x[3] = {NAN, 0, -1e22}, nan_y[3] = {NAN, NAN, NAN}, y[3] = {2, 2.1, 2.2};
    size_t g[3] = {0, 0, 0};
    const char *names[1] = {"p"};

    ec_plot *p = ec_plot_new(&opt, NULL);
    /* No row with a drawable compute: refused by the recipe, nothing written. */
    ec_error_clear(&err);
    assert_int_equal(ec_plot_projection_figure(p, law, 3, bad_x, y, NULL, NULL, g, 1, names, NULL, &err), EC_EINVAL);
    assert_int_equal(err.code, EC_EINVAL);
    assert_true(has(err.message, "projection plot"));
    /* Finite compute but no finite loss: refused by the kind. */
    ec_error_clear(&err);
    assert_int_equal(ec_plot_projection_figure(p, law, 3, x, nan_y, NULL, NULL, g, 1, names, NULL, &err), EC_EINVAL);
    assert_true(has(err.message, "nothing to draw"));
    ec_error_clear(&err);
    assert_int_equal(ec_plot_projection_figure(p, law, 0, x, y, NULL, NULL, g, 1, names, NULL, &err), EC_EINVAL);
    assert_string_equal(ec_plot_script(p), "");

    /* The kind directly. */
    assert_int_equal(ec_plot_projection(p, NULL, NULL, NAN, 3, bad_x, y, NULL, NULL, g, 1, names, NULL), EC_EINVAL);
    assert_int_equal(ec_plot_projection(p, NULL, NULL, NAN, 3, x, nan_y, NULL, NULL, g, 1, names, NULL), EC_EINVAL);
    assert_int_equal(ec_plot_projection(p, NULL, NULL, NAN, 0, x, y, NULL, NULL, g, 1, names, NULL), EC_EINVAL);
    assert_int_equal(ec_plot_projection(p, NULL, NULL, NAN, 3, x, y, NULL, NULL, NULL, 1, names, NULL), EC_EINVAL);
    assert_int_equal(ec_plot_projection(p, NULL, NULL, NAN, 3, x, y, NULL, NULL, g, 0, names, NULL), EC_EINVAL);
    assert_string_equal(ec_plot_script(p), "");

    /* Not a chinchilla law: there is no compute-optimal curve to draw. */
    const double kp[4] = {8.8e13, 5.4e13, 0.076, 0.095};
    ec_law *kap = ec_law_new(ec_form_find("kaplan-nd"), kp, &err);
    assert_non_null(kap);
    ec_error_clear(&err);
    assert_int_equal(ec_plot_projection_figure(p, kap, 3, x, y, NULL, NULL, g, 1, names, NULL, &err), EC_EINVAL);
    assert_int_equal(err.code, EC_EINVAL);
    assert_true(has(err.message, "chinchilla"));
    assert_int_equal(ec_plot_projection_figure(p, NULL, 3, x, y, NULL, NULL, g, 1, names, NULL, &err), EC_EINVAL);
    assert_string_equal(ec_plot_script(p), "");
    ec_law_free(kap);
    ec_plot_free(p);
    ec_law_free(law);
}

/* ----------------------------------------------------------------- fan */

static void test_fan(void **state)
{
    (void)state;
    ec_plot_options opt = ec_plot_default_options();
    ec_plot *p = ec_plot_new(&opt, "fan.png");
    assert_int_equal(build_fan(p), EC_OK);
    char *s = ec_test_inline_text(p);
    const char *script = ec_plot_script(p);

    /* year, the pairs widest first (5-95, 10-90, 25-75), the median and the second median; values 10^v. */
    static table t;
    assert_true(get_table(s, "fan", &t));
    assert_int_equal(t.nrow, FAN_NT);
    assert_int_equal(t.ncol, 9);
    assert_true(has(s, "# year p5 p95 p10 p90 p25 p75 p50 median2\n"));
    static const size_t col_q[7] = {0, 6, 1, 5, 2, 4, 3};
    double v[FAN_NT * FAN_NQ], m2[FAN_NT];
    fan_make(v, m2);
    for (size_t k = 0; k < FAN_NT; k++) {
        ASSERT_REL(AT(&t, k, 0), fan_t[k], 1e-12);
        for (size_t c = 0; c < 7; c++) ASSERT_REL(AT(&t, k, 1 + c), pow(10.0, fan_v(k, col_q[c])), 1e-9);
        ASSERT_REL(AT(&t, k, 8), pow(10.0, m2[k]), 1e-9);
    }

    /* Three nested bands, 5-95% first; the median over them; the second median dashed. */
    char *cmd = plot_command(s);
    assert_int_equal(count(cmd, "filledcurves"), 3);
    assert_true(pos(cmd, "using 1:2:3 with filledcurves") < pos(cmd, "using 1:4:5 with filledcurves"));
    assert_true(pos(cmd, "using 1:4:5 with filledcurves") < pos(cmd, "using 1:6:7 with filledcurves"));
    assert_true(pos(cmd, "using 1:2:3 with filledcurves") < pos(cmd, "title '5-95%'"));
    assert_true(pos(cmd, "title '5-95%'") < pos(cmd, "using 1:4:5"));
    assert_true(pos(cmd, "using 1:4:5") < pos(cmd, "title '10-90%'"));
    assert_true(pos(cmd, "title '10-90%'") < pos(cmd, "using 1:6:7"));
    assert_true(pos(cmd, "using 1:6:7") < pos(cmd, "title '25-75%'"));
    assert_true(has(cmd, "$fan using 1:8 with lines lw 2 lc rgb '" EC_PLOT_COLOR_FIT "' title 'median'"));
    assert_true(pos(cmd, "title '25-75%'") < pos(cmd, "using 1:8 "));
    assert_true(has(cmd, "$fan using 1:9 with lines lw 2 dt 2 "));
    assert_true(has(cmd, "title \"physical compute (median)\" noenhanced"));
    free(cmd);

    /* Log y axis; a range over every value and threshold; the years on x. */
    assert_true(has(script, "set logscale y 10"));
    assert_true(has(script, "set xrange [2025:2029]"));
    double y0, y1;
    get_range(script, "y", &y0, &y1);
    assert_true(y0 > 0);
    for (size_t i = 0; i < t.nrow; i++)
        for (size_t c = 1; c < t.ncol; c++) assert_true(y0 < AT(&t, i, c) && AT(&t, i, c) < y1);
    /* Thresholds: dashed horizontal arrows at the values (not their log10), labelled. */
    for (int j = 0; j < 2; j++) {
        char want[160];
        snprintf(want, sizeof want, "set arrow from graph 0, first %.10g to graph 1, first %.10g nohead dt 2", fan_thr[j],
                 fan_thr[j]);
        assert_true(has(script, want));
        snprintf(want, sizeof want, "set label \"%s\" at graph 0.99, first %.10g right", fan_thr_labels[j], fan_thr[j]);
        assert_true(has(script, want));
        assert_true(y0 < fan_thr[j] && fan_thr[j] < y1);
    }
    assert_int_equal(count_lines(script, "set arrow "), 2);
    free(s);
    ec_plot_free(p);

    /* Linear values: drawn as they are, no log axis, no thresholds, no second median. */
    p = ec_plot_new(&opt, NULL);
    double lv[2 * 3] = {2.0, 2.2, 2.4, 1.9, 2.1, 2.3};
    const double q3[3] = {.1, .5, .9}, tt[2] = {2030, 2031};
    assert_int_equal(ec_plot_fan(p, NULL, "loss", 2, tt, 3, q3, lv, 0, NULL, NULL, 0, NULL, NULL), EC_OK);
    s = ec_test_inline_text(p);
    assert_false(has(s, "logscale"));
    assert_false(has(s, "set arrow"));
    assert_true(has(s, "set ylabel \"loss\""));
    assert_true(get_table(s, "fan", &t));
    assert_int_equal(t.ncol, 5);
    ASSERT_REL(AT(&t, 1, 1), 1.9, 1e-12);
    ASSERT_REL(AT(&t, 1, 2), 2.3, 1e-12);
    ASSERT_REL(AT(&t, 1, 3), 2.1, 1e-12);
    assert_true(isnan(AT(&t, 1, 4)));
    cmd = plot_command(s);
    assert_int_equal(count(cmd, "filledcurves"), 1);
    assert_true(has(cmd, "title '10-90%'"));
    assert_true(has(cmd, "using 1:4 with lines lw 2"));
    assert_false(has(cmd, "using 1:5"));
    free(cmd), free(s);
    ec_plot_free(p);

    /* A median alone, and pairs without a median, are enough. */
    p = ec_plot_new(&opt, NULL);
    const double qm[1] = {.5}, mv[2] = {1, 2};
    assert_int_equal(ec_plot_fan(p, NULL, NULL, 2, tt, 1, qm, mv, 0, NULL, NULL, 0, NULL, NULL), EC_OK);
    assert_false(has(ec_plot_script(p), "filledcurves"));
    assert_true(has(ec_plot_script(p), "plot @@fan using 1:2 with lines lw 2"));
    ec_plot_free(p);
    p = ec_plot_new(&opt, NULL);
    const double qp[2] = {.25, .75}, pv[4] = {1, 2, 1.5, 2.5};
    assert_int_equal(ec_plot_fan(p, NULL, NULL, 2, tt, 2, qp, pv, 0, NULL, NULL, 0, NULL, NULL), EC_OK);
    assert_int_equal(count(ec_plot_script(p), "filledcurves"), 1);
    assert_false(has(ec_plot_script(p), "'median'"));
    ec_plot_free(p);
}

/* The quantiles in any order: the same pairs, widest first, the same values. */
static void test_fan_quantile_order(void **state)
{
    (void)state;
    static const size_t perm[FAN_NQ] = {6, 5, 4, 3, 2, 1, 0}, perm2[FAN_NQ] = {3, 4, 0, 6, 1, 2, 5};
    const size_t *perms[2] = {perm, perm2};
    double v[FAN_NT * FAN_NQ], m2[FAN_NT];
    fan_make(v, m2);
    ec_plot_options opt = ec_plot_default_options();
    ec_plot *p = ec_plot_new(&opt, NULL);
    assert_int_equal(build_fan(p), EC_OK);
    char *want = ec_test_inline_text(p);
    ec_plot_free(p);
    for (int k = 0; k < 2; k++) {
        double q[FAN_NQ], w[FAN_NT * FAN_NQ];
        for (size_t j = 0; j < FAN_NQ; j++) {
            q[j] = fan_q[perms[k][j]];
            for (size_t t = 0; t < FAN_NT; t++) w[t * FAN_NQ + j] = v[t * FAN_NQ + perms[k][j]];
        }
        p = ec_plot_new(&opt, NULL);
        assert_int_equal(ec_plot_fan(p, "Effective compute of the frontier model", "effective training compute (FLOP)",
                                     FAN_NT, fan_t, FAN_NQ, q, w, 1, m2, "physical compute (median)", 2, fan_thr,
                                     fan_thr_labels),
                         EC_OK);
        char *got = ec_test_inline_text(p);
        assert_string_equal(got, want);
        free(got);
        ec_plot_free(p);
    }
    free(want);
}

static void test_fan_bad_input(void **state)
{
    (void)state;
    ec_plot_options opt = ec_plot_default_options();
    ec_plot *p = ec_plot_new(&opt, NULL);
    double v[FAN_NT * FAN_NQ], m2[FAN_NT];
    fan_make(v, m2);
    /* Fewer than two times. */
    assert_int_equal(ec_plot_fan(p, NULL, NULL, 1, fan_t, FAN_NQ, fan_q, v, 1, NULL, NULL, 0, NULL, NULL), EC_EINVAL);
    assert_int_equal(ec_plot_fan(p, NULL, NULL, 0, fan_t, FAN_NQ, fan_q, v, 1, NULL, NULL, 0, NULL, NULL), EC_EINVAL);
    /* Neither a symmetric pair nor a median. */
    const double q_none[3] = {.1, .2, .3}, q_one[1] = {.3};
    assert_int_equal(ec_plot_fan(p, NULL, NULL, 2, fan_t, 3, q_none, v, 1, NULL, NULL, 0, NULL, NULL), EC_EINVAL);
    assert_int_equal(ec_plot_fan(p, NULL, NULL, 2, fan_t, 1, q_one, v, 1, NULL, NULL, 0, NULL, NULL), EC_EINVAL);
    assert_int_equal(ec_plot_fan(p, NULL, NULL, 2, fan_t, 0, fan_q, v, 1, NULL, NULL, 0, NULL, NULL), EC_EINVAL);
    assert_int_equal(ec_plot_fan(p, NULL, NULL, 2, fan_t, FAN_NQ, fan_q, NULL, 1, NULL, NULL, 0, NULL, NULL), EC_EINVAL);
    assert_string_equal(ec_plot_script(p), "");
    ec_plot_free(p);
}

/* ------------------------------------------------------------ crossing */

static void test_crossing(void **state)
{
    (void)state;
    ec_plot_options opt = ec_plot_default_options();
    ec_plot *p = ec_plot_new(&opt, "crossing.png");
    assert_int_equal(build_crossing(p), EC_OK);
    char *s = ec_test_inline_text(p);
    const char *script = ec_plot_script(p);

    /* One row per year: the year, then P for each threshold (p_by is threshold-major). */
    static table t;
    assert_true(get_table(s, "crossing", &t));
    assert_int_equal(t.nrow, CR_NY);
    assert_int_equal(t.ncol, 1 + CR_NT);
    for (size_t y = 0; y < CR_NY; y++) {
        ASSERT_REL(AT(&t, y, 0), cr_years[y], 1e-12);
        for (size_t j = 0; j < CR_NT; j++) ASSERT_REL(AT(&t, y, 1 + j), cr_p(j, y), 1e-9);
    }
    assert_true(has(script, "set yrange [0:1.02]\n"));
    double x0, x1;
    get_range(script, "x", &x0, &x1);
    assert_true(x0 < cr_years[0] && cr_years[CR_NY - 1] < x1);
    assert_true(has(script, "set format x '%.0f'"));

    char *cmd = plot_command(s);
    assert_int_equal(count(cmd, "with linespoints"), CR_NT);
    size_t prev = 0;
    for (size_t j = 0; j < CR_NT; j++) {
        char want[160];
        snprintf(want, sizeof want, "$crossing using 1:%zu with linespoints", 2 + j);
        size_t at = pos(cmd, want);
        if (j) assert_true(at > prev);
        prev = at;
        snprintf(want, sizeof want, "title \"%s\" noenhanced", cr_labels[j]);
        assert_true(pos(cmd, want) > at);
    }
    free(cmd), free(s);
    ec_plot_free(p);

    /* Nothing to draw. */
    p = ec_plot_new(&opt, NULL);
    double pb[2] = {0.5, 0.6};
    assert_int_equal(ec_plot_crossing(p, NULL, 0, cr_years, 1, pb, NULL), EC_EINVAL);
    assert_int_equal(ec_plot_crossing(p, NULL, 2, cr_years, 0, pb, NULL), EC_EINVAL);
    assert_int_equal(ec_plot_crossing(p, NULL, 2, NULL, 1, pb, NULL), EC_EINVAL);
    assert_int_equal(ec_plot_crossing(p, NULL, 2, cr_years, 1, NULL, NULL), EC_EINVAL);
    assert_string_equal(ec_plot_script(p), "");
    /* Without labels: untitled lines, still one per threshold. */
    assert_int_equal(ec_plot_crossing(p, NULL, 2, cr_years, 1, pb, NULL), EC_OK);
    assert_int_equal(count(ec_plot_script(p), "with linespoints"), 1);
    ec_plot_free(p);
}

/* ------------------------------------------------------ xrange, yrange */

static void set_opt(ec_plot_options *opt, const char *name, const char *value)
{
    ec_error err;
    ec_error_clear(&err);
    int rc = ec_option_set(ec_plot_option_table(), opt, name, value, &err);
    if (rc) fail_msg("setting %s = '%s': %s", name, value, err.message);
}

/* The user's ranges come after the kind's own and immediately before the first plot command. */
static void check_ranges(const char *text, const char *kind, const char *user)
{
    size_t plot = pos(text, "\nplot ") + 1;
    size_t u = pos(text, user);
    if (u + strlen(user) != plot) fail_msg("%s: '%s' is not right before the plot command:\n%s", kind, user, text);
    assert_int_equal(count(text, user), 1);
    /* The kind's own ranges (when it sets one) precede the user's. */
    const char *own = strstr(text, "set xrange [");
    assert_non_null(own);
    assert_true((size_t)(own - text) <= u);
}

static void test_ranges(void **state)
{
    (void)state;
    static const struct {
        const char *kind;
        builder build;
    } kinds[] = {{"projection", build_projection}, {"fan", build_fan}, {"crossing", build_crossing}};
    char dir[] = "/tmp/ec_plot_sim_XXXXXX";
    assert_non_null(mkdtemp(dir));
    for (size_t k = 0; k < 3; k++)
        for (int both = 0; both < 2; both++) {
            ec_plot_options opt = ec_plot_default_options();
            set_opt(&opt, "xrange", "1e24:1e30");
            if (both) set_opt(&opt, "yrange", "1.7:");
            assert_string_equal(opt.xrange, "1e24:1e30");
            const char *user = both ? "set xrange [1e24:1e30]\nset yrange [1.7:]\n" : "set xrange [1e24:1e30]\n";
            ec_plot *p = ec_plot_new(&opt, NULL);
            assert_int_equal(kinds[k].build(p), EC_OK);
            /* The kind's own script is untouched; the ranges are added when it is written. */
            assert_false(has(ec_plot_script(p), "1e24:1e30"));
            char *s = ec_test_inline_text(p);
            check_ranges(s, kinds[k].kind, user);
            /* The kind's own xrange is there, before the user's. */
            assert_true(pos(s, "set xrange [") < pos(s, "set xrange [1e24"));
            if (both) assert_true(pos(s, "set yrange [") < pos(s, "set yrange [1.7:]"));

            /* The saved script: the same place, and the data files it names. */
            char prefix[600], path[700];
            snprintf(prefix, sizeof prefix, "%s/%s", dir, kinds[k].kind);
            ec_error err;
            assert_int_equal(ec_plot_save(p, prefix, &err), EC_OK);
            snprintf(path, sizeof path, "%s.gp", prefix);
            char *gp = ec_test_slurp(path, NULL);
            assert_non_null(gp);
            check_ranges(gp, kinds[k].kind, user);
            assert_true(has(gp, "# gnuplot script written by effcomp"));
            assert_false(has(gp, "@@"));
            /* Each table: its file holds what the inline datablock holds, and the script names it. */
            for (const char *b = strstr(s, "$"); b; b = strstr(b + 1, "\n$")) {
                if (*b == '\n') b++;
                const char *sp = strstr(b, " << EOD\n");
                if (!sp) break;
                char name[64];
                snprintf(name, sizeof name, "%.*s", (int)(sp - b - 1), b + 1);
                char ref[200];
                snprintf(ref, sizeof ref, "'%s.%s.dat'", kinds[k].kind, name);
                assert_true(has(gp, ref));
                snprintf(path, sizeof path, "%s.%s.dat", prefix, name);
                char *dat = ec_test_slurp(path, NULL);
                assert_non_null(dat);
                const char *body = sp + strlen(" << EOD\n"), *end = strstr(body, "EOD\n");
                assert_non_null(end);
                assert_int_equal(strlen(dat), (size_t)(end - body));
                assert_memory_equal(dat, body, (size_t)(end - body));
                free(dat);
                assert_int_equal(unlink(path), 0);
            }
            snprintf(path, sizeof path, "%s.gp", prefix);
            assert_int_equal(unlink(path), 0);
            free(gp);
            free(s);
            ec_plot_free(p);
        }
    assert_int_equal(rmdir(dir), 0);

    /* Without user ranges nothing is added. */
    ec_plot_options opt = ec_plot_default_options();
    ec_plot *p = ec_plot_new(&opt, NULL);
    assert_int_equal(build_crossing(p), EC_OK);
    char *s = ec_test_inline_text(p);
    assert_int_equal(count(s, "set xrange"), 1);
    assert_int_equal(count(s, "set yrange"), 1);
    free(s);
    ec_plot_free(p);

    /* A y range alone. */
    set_opt(&opt, "yrange", ":2.1");
    p = ec_plot_new(&opt, NULL);
    assert_int_equal(build_crossing(p), EC_OK);
    s = ec_test_inline_text(p);
    check_ranges(s, "crossing", "set yrange [:2.1]\n");
    assert_int_equal(count(s, "set xrange"), 1);
    free(s);
    ec_plot_free(p);
}

static void test_range_option_values(void **state)
{
    (void)state;
    const ec_option_table *t = ec_plot_option_table();
    const ec_option_desc *dx = ec_option_find(t, "xrange"), *dy = ec_option_find(t, "yrange");
    assert_non_null(dx);
    assert_non_null(dy);
    assert_int_equal(dx->type, EC_OPT_STRING);
    assert_int_equal(dy->type, EC_OPT_STRING);

    ec_plot_options opt = ec_plot_default_options();
    assert_string_equal(opt.xrange, "");
    assert_string_equal(opt.yrange, "");
    static const char *const good[] = {"1e24:1e30", "1.7:", ":2.1", ":", "-3:-1", " 2025 : 2030 ", "0:1e-3"};
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        for (int ax = 0; ax < 2; ax++) {
            ec_error err;
            ec_error_clear(&err);
            const char *name = ax ? "yrange" : "xrange";
            if (ec_option_set(t, &opt, name, good[i], &err) != EC_OK)
                fail_msg("%s = '%s' refused: %s", name, good[i], err.message);
            assert_string_equal(ax ? opt.yrange : opt.xrange, good[i]);
        }
    }
    /* ec_option_get gives it back. */
    char buf[64];
    ec_error err;
    assert_int_equal(ec_option_get(t, &opt, "xrange", buf, sizeof buf, &err), EC_OK);
    assert_string_equal(buf, good[sizeof good / sizeof good[0] - 1]);

    set_opt(&opt, "xrange", "1e24:1e30");
    set_opt(&opt, "yrange", "1.7:2.1");
    static const char *const bad[] = {"abc", "3:1", "1:2:3", "1e24", "1:1", "nan:1", "1:inf", "1e24:x", "a:", ":b",
                                      "1e400:1e401", "1,2", "[1:2]"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        for (int ax = 0; ax < 2; ax++) {
            const char *name = ax ? "yrange" : "xrange";
            ec_error_clear(&err);
            int rc = ec_option_set(t, &opt, name, bad[i], &err);
            if (rc != EC_EINVAL) fail_msg("%s = '%s': got %d, want EC_EINVAL", name, bad[i], rc);
            assert_int_equal(err.code, EC_EINVAL);
            assert_true(strlen(err.message) > 0);
            /* The message quotes the value and says what is wanted. */
            char q[64];
            snprintf(q, sizeof q, "'%s'", bad[i]);
            if (!has(err.message, q) || !has(err.message, "LO")) fail_msg("%s = '%s': message '%s'", name, bad[i], err.message);
            /* A refused value leaves the option as it was. */
            assert_string_equal(opt.xrange, "1e24:1e30");
            assert_string_equal(opt.yrange, "1.7:2.1");
        }
    ec_error_clear(&err);
    assert_int_equal(ec_option_set(t, &opt, "xrange", "3:1", &err), EC_EINVAL);
    assert_true(has(err.message, "below"));
    /* Too long for the buffer. */
    char longv[100];
    memset(longv, '1', sizeof longv - 1);
    longv[sizeof longv - 1] = '\0';
    longv[40] = ':';
    assert_int_equal(ec_option_set(t, &opt, "xrange", longv, &err), EC_EINVAL);
    assert_string_equal(opt.xrange, "1e24:1e30");
    /* "" clears it (the kind's own again). */
    set_opt(&opt, "xrange", "");
    assert_string_equal(opt.xrange, "");
    /* '-' and '_' alike, as for every option; an unknown name lists the valid ones. */
    ec_error_clear(&err);
    assert_int_equal(ec_option_set(t, &opt, "zrange", "1:2", &err), EC_EINVAL);
    assert_true(has(err.message, "xrange"));
    assert_true(has(err.message, "yrange"));
}

/* ----------------------------------------------------------- rendering */





/* Builds a figure in format `fmt` (with the options' ranges), renders it inline with gnuplot in `dir`, checks it. */
static void render_check(const char *dir, const char *kind, builder build, int fmt, const char *xrange)
{
    ec_plot_options opt = ec_plot_default_options();
    opt.format = fmt;
    if (xrange) set_opt(&opt, "xrange", xrange);
    ec_test_render(dir, kind, build, &opt);
}

static void test_render(void **state)
{
    (void)state;
    if (!ec_test_have_gnuplot()) skip();
    char dir[] = "/tmp/ec_plot_sim_render_XXXXXX";
    assert_non_null(mkdtemp(dir));
    static const struct {
        const char *kind;
        builder build;
    } kinds[] = {{"projection", build_projection}, {"fan", build_fan}, {"crossing", build_crossing}};
    static const int formats[] = {EC_PLOT_PNG, EC_PLOT_SVG, EC_PLOT_PDF};
    for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++)
        for (size_t f = 0; f < sizeof formats / sizeof formats[0]; f++)
            render_check(dir, kinds[k].kind, kinds[k].build, formats[f], NULL);
    /* With user ranges too. */
    render_check(dir, "projection_xrange", build_projection, EC_PLOT_PNG, "1e21:1e27");
    render_check(dir, "crossing_xrange", build_crossing, EC_PLOT_SVG, "2027:");

    /* A saved script, run from its folder as a report author would. */
    ec_plot_options opt = ec_plot_default_options();
    opt.width = 900;
    opt.height = 600;
    set_opt(&opt, "yrange", "1.7:2.6");
    char out[512], prefix[512], err[600], cmd[1800];
    snprintf(out, sizeof out, "%s/saved.png", dir);
    snprintf(prefix, sizeof prefix, "%s/saved", dir);
    snprintf(err, sizeof err, "%s/saved.err", dir);
    ec_plot *p = ec_plot_new(&opt, out);
    assert_int_equal(build_projection(p), EC_OK);
    ec_error e;
    assert_int_equal(ec_plot_save(p, prefix, &e), EC_OK);
    /* the files' paths as ec_plot_save wrote them: the tables, then the script; none past them, none cut short */
    const size_t nt = ec_plot_n_tables(p);
    assert_int_equal(nt, 5);
    char sp[700], want[700];
    assert_int_equal(ec_plot_saved_path(p, prefix, 0, sp, sizeof sp), EC_OK);
    snprintf(want, sizeof want, "%s.law_in.dat", prefix);
    assert_string_equal(sp, want);
    assert_int_equal(ec_plot_saved_path(p, prefix, nt, sp, sizeof sp), EC_OK);
    snprintf(want, sizeof want, "%s.gp", prefix);
    assert_string_equal(sp, want);
    assert_int_equal(ec_plot_saved_path(p, prefix, nt + 1, sp, sizeof sp), EC_EINVAL);
    assert_int_equal(ec_plot_saved_path(p, prefix, nt, sp, strlen(prefix) + 3), EC_EINVAL); /* no room for the NUL */
    ec_plot_free(p);
    snprintf(cmd, sizeof cmd, "cd '%s' && gnuplot saved.gp 2>'%s'", dir, err);
    ec_test_run_gnuplot("saved projection", cmd, err);
    ec_test_check_image("saved projection", out, EC_PLOT_PNG, 900, 600);
    static const char *const files[] = {"saved.png", "saved.err", "saved.gp", "saved.law_in.dat", "saved.law_out.dat",
                                        "saved.rows_0.dat", "saved.rows_1.dat", "saved.rows_2.dat"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        char path[700];
        snprintf(path, sizeof path, "%s/%s", dir, files[i]);
        assert_int_equal(unlink(path), 0);
    }
    assert_int_equal(rmdir(dir), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_projection_recipe),
        cmocka_unit_test(test_projection_labels_and_band),
        cmocka_unit_test(test_projection_kind_split),
        cmocka_unit_test(test_projection_bad_input),
        cmocka_unit_test(test_fan),
        cmocka_unit_test(test_fan_quantile_order),
        cmocka_unit_test(test_fan_bad_input),
        cmocka_unit_test(test_crossing),
        cmocka_unit_test(test_ranges),
        cmocka_unit_test(test_range_option_values),
        cmocka_unit_test(test_render),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
