/* test_plot_basic.c — the fit-result figures (fit, residuals, bootstrap,
 * contour, frontier): golden scripts, and real renders through gnuplot in
 * png, svg and pdf checked for well-formed files and a silent gnuplot.
 *
 * Goldens live in tests/data/plot_golden/basic_KIND.gp (the inline
 * rendering: datablocks and script). To regenerate them after an intended
 * change, run this test with EC_BLESS=1 and review the diff. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ec_plot.h"
#include "ec_plot_kinds.h"

#define GOLDEN "data/plot_golden/"

/* Small deterministic inputs. */
static const double chin[5] = {1.8172, 477.8, 2143.0, 0.34731, 0.36717};
static double px[20], py[20], cx[40], cy[40], clo[40], chi[40], samples[50 * 3];

static void make_inputs(void)
{
    for (int i = 0; i < 20; i++) {
        px[i] = pow(10.0, 18 + 0.2 * i);
        py[i] = 1.8 + 1500 * pow(px[i], -0.16) * (1 + 0.01 * sin(i));
    }
    for (int i = 0; i < 40; i++) {
        cx[i] = pow(10.0, 17.5 + 0.2 * i);
        cy[i] = 1.8 + 1500 * pow(cx[i], -0.16);
        clo[i] = cy[i] * 0.98;
        chi[i] = cy[i] * 1.02;
    }
    for (int r = 0; r < 50; r++)
        for (int j = 0; j < 3; j++) samples[r * 3 + j] = (j + 1) * (1 + 0.1 * sin(r * (j + 1.3)));
}

/* Builds one kind into p (output path `out`, may be NULL). */
static int build(const char *kind, ec_plot *p)
{
    ec_plot_curve c = {40, cx, cy, clo, chi};
    if (strcmp(kind, "fit") == 0)
        return ec_plot_fit(p, "Fit", "compute C (FLOP)", "loss", 20, px, py, &c, px[0], px[19], 1, 0, "E = 1.8\\nA = 1500");
    if (strcmp(kind, "residuals") == 0) {
        double r[20];
        for (int i = 0; i < 20; i++) r[i] = 0.01 * sin(i);
        return ec_plot_residuals(p, "Residuals", "compute C (FLOP)", "log ratio", 20, px, r, 1);
    }
    if (strcmp(kind, "bootstrap") == 0) {
        static const char *const names[3] = {"a", "b", "c"};
        const double est[3] = {1, 2, 3};
        return ec_plot_bootstrap(p, "Bootstrap", 3, names, 50, samples, est);
    }
    if (strcmp(kind, "contour") == 0) {
        const double C[3] = {1e19, 1e20, 1e21}, N[3] = {1e8, 5e8, 2e9};
        return ec_plot_contour(p, "Contours", chin, 3, C, N, 1e18, 1e24, 1e7, 1e12);
    }
    ec_plot_curve n = {40, cx, cy, clo, chi}, d = {40, cx, chi, NULL, NULL};
    return ec_plot_frontier(p, "Frontier", &n, &d);
}

static char *inline_text(const ec_plot *p)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&buf, &len);
    assert_non_null(fp);
    assert_int_equal(ec_plot_write_inline(p, fp), EC_OK);
    fclose(fp);
    return buf;
}

static char *read_file(const char *path)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) return NULL;
    fseek(fp, 0, SEEK_END);
    long n = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    char *s = malloc((size_t)n + 1);
    if (s && fread(s, 1, (size_t)n, fp) != (size_t)n) n = 0;
    if (s) s[n] = '\0';
    fclose(fp);
    return s;
}

static void golden(const char *kind)
{
    ec_plot_options o = ec_plot_default_options();
    ec_plot *p = ec_plot_new(&o, "figure.png");
    assert_non_null(p);
    assert_int_equal(build(kind, p), EC_OK);
    char *text = inline_text(p);
    assert_non_null(strstr(ec_plot_script(p), "@@")); /* data referred to by name */
    char path[256];
    snprintf(path, sizeof path, GOLDEN "basic_%s.gp", kind);
    if (getenv("EC_BLESS")) {
        FILE *fp = fopen(path, "w");
        assert_non_null(fp);
        fputs(text, fp);
        fclose(fp);
    }
    char *want = read_file(path);
    if (!want) fail_msg("missing golden %s (run with EC_BLESS=1 to create it)", path);
    if (strcmp(want, text) != 0) fail_msg("%s: the %s script changed (EC_BLESS=1 regenerates; review the diff)", path, kind);
    free(want);
    free(text);
    ec_plot_free(p);
}

static void test_golden_fit(void **s) { (void)s; golden("fit"); }
static void test_golden_residuals(void **s) { (void)s; golden("residuals"); }
static void test_golden_bootstrap(void **s) { (void)s; golden("bootstrap"); }
static void test_golden_contour(void **s) { (void)s; golden("contour"); }
static void test_golden_frontier(void **s) { (void)s; golden("frontier"); }

static int have_gnuplot(void)
{
    return system("gnuplot --version > /dev/null 2>&1") == 0;
}

/* Renders a kind in a format through gnuplot and checks the file. */
static void render(const char *kind, int format)
{
    ec_plot_options o = ec_plot_default_options();
    o.format = format;
    char img[128], gp[128], err[128], cmd[512];
    snprintf(img, sizeof img, "/tmp/ec_test_plot_basic_%s.%s", kind, ec_plot_extension(format));
    snprintf(gp, sizeof gp, "/tmp/ec_test_plot_basic_%s.gp", kind);
    snprintf(err, sizeof err, "/tmp/ec_test_plot_basic_%s.err", kind);
    remove(img);
    ec_plot *p = ec_plot_new(&o, img);
    assert_int_equal(build(kind, p), EC_OK);
    FILE *fp = fopen(gp, "w");
    assert_non_null(fp);
    assert_int_equal(ec_plot_write_inline(p, fp), EC_OK);
    fclose(fp);
    ec_plot_free(p);
    snprintf(cmd, sizeof cmd, "gnuplot %s 2> %s", gp, err);
    assert_int_equal(system(cmd), 0);
    char *e = read_file(err);
    if (e && e[0]) fail_msg("%s (%s): gnuplot said: %s", kind, ec_plot_extension(format), e);
    free(e);
    char *data = read_file(img);
    assert_non_null(data);
    if (format == EC_PLOT_PNG) {
        FILE *f = fopen(img, "rb");
        unsigned char h[24];
        assert_int_equal(fread(h, 1, 24, f), 24);
        fclose(f);
        assert_memory_equal(h, "\x89PNG\r\n\x1a\n", 8);
        unsigned w = (unsigned)h[16] << 24 | (unsigned)h[17] << 16 | (unsigned)h[18] << 8 | h[19];
        unsigned ht = (unsigned)h[20] << 24 | (unsigned)h[21] << 16 | (unsigned)h[22] << 8 | h[23];
        assert_int_equal(w, (unsigned)o.width);
        assert_int_equal(ht, (unsigned)o.height);
    } else if (format == EC_PLOT_SVG) {
        assert_non_null(strstr(data, "<svg"));
        assert_non_null(strstr(data, "</svg>"));
    } else {
        assert_memory_equal(data, "%PDF-", 5);
    }
    free(data);
    remove(img);
    remove(gp);
    remove(err);
}

static void test_render_all(void **s)
{
    (void)s;
    if (!have_gnuplot()) {
        print_message("gnuplot not on PATH: render test skipped\n");
        skip();
    }
    static const char *const kinds[] = {"fit", "residuals", "bootstrap", "contour", "frontier"};
    for (size_t k = 0; k < 5; k++)
        for (int f = EC_PLOT_PNG; f <= EC_PLOT_PDF; f++) render(kinds[k], f);
}

static void test_bad_input(void **s)
{
    (void)s;
    ec_plot_options o = ec_plot_default_options();
    ec_plot *p = ec_plot_new(&o, NULL);
    const double nan2[2] = {NAN, NAN};
    ec_plot_curve c = {2, nan2, nan2, NULL, NULL};
    assert_int_equal(ec_plot_fit(p, "t", "x", "y", 2, nan2, nan2, &c, 1, 2, 0, 0, NULL), EC_EINVAL);
    assert_int_equal(ec_plot_residuals(p, "t", "x", "r", 2, nan2, nan2, 0), EC_EINVAL);
    assert_int_equal(ec_plot_contour(p, "t", chin, 0, NULL, NULL, 1e20, 1e19, 1e7, 1e8), EC_EINVAL);
    assert_int_equal(ec_plot_frontier(p, "t", &c, &c), EC_EINVAL);
    static const char *const names[1] = {"a"};
    assert_int_equal(ec_plot_bootstrap(p, "t", 1, names, 1, nan2, nan2), EC_EINVAL);
    assert_int_equal(ec_plot_table(p, "bad name", "h", 0, 1, NULL), EC_EINVAL);
    ec_plot_free(p);
}

int main(void)
{
    make_inputs();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_golden_fit),      cmocka_unit_test(test_golden_residuals),
        cmocka_unit_test(test_golden_bootstrap), cmocka_unit_test(test_golden_contour),
        cmocka_unit_test(test_golden_frontier), cmocka_unit_test(test_render_all),
        cmocka_unit_test(test_bad_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
