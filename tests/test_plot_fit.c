/*
 * test_plot_fit.c — the fit-result figures of plots/ec_plot_fit.c (fit,
 * residuals, bootstrap, contour, frontier):
 *   - golden files: for each kind, ec_plot_script() is compared with
 *     tests/data/plot_golden/KIND.gp and the inline rendering
 *     (ec_plot_write_inline) with KIND.inline.gp, byte for byte, so any
 *     change to a script fails here. After an intended change, regenerate
 *     them with `EC_BLESS=1 ../build/tests/test_plot_fit` (from tests/) and
 *     read the diff before committing;
 *   - real renders when gnuplot is on PATH: png, svg and pdf, checked for a
 *     well-formed file (PNG signature and IHDR size equal to the options, an
 *     <svg element, a %PDF- header) and for a silent gnuplot (anything on its
 *     stderr — a warning — means a broken script);
 *   - bad input: no finite point is EC_EINVAL.
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
#include "ec_test_plot.h"
#include "ec_plot_kinds.h"

/* ------------------------------------------------------------ inputs */

static const double chin[5] = {1.8172, 477.8, 2143.0, 0.34731, 0.36717};
#define NPT 12
#define NCV 30
#define NREP 60
static double px[NPT], py[NPT], pn[NPT], pr[NPT];
static double cx[NCV], cy[NCV], clo[NCV], chi[NCV];
static double fn[NCV], fd[NCV], fnlo[NCV], fnhi[NCV], fdlo[NCV], fdhi[NCV];
static double samples[NREP * 3];

static void make_inputs(void)
{
    for (int i = 0; i < NPT; i++) {
        px[i] = pow(10.0, 19 + 0.25 * i);
        py[i] = 1.735 + 1543 * pow(px[i], -0.1634) * (1 + 0.01 * sin(3.0 * i));
        pn[i] = pow(10.0, 8 + 0.15 * i + 0.3 * cos(i));
        pr[i] = 0.02 * sin(1.7 * i);
    }
    for (int i = 0; i < NCV; i++) {
        cx[i] = pow(10.0, 18 + 0.2 * i);
        cy[i] = 1.735 + 1543 * pow(cx[i], -0.1634);
        clo[i] = cy[i] - 0.03;
        chi[i] = cy[i] + 0.03;
        fn[i] = 0.1 * pow(cx[i], 0.5);
        fd[i] = 1.6 * pow(cx[i], 0.5);
        fnlo[i] = fn[i] / 1.3;
        fnhi[i] = fn[i] * 1.3;
        fdlo[i] = fd[i] / 1.3;
        fdhi[i] = fd[i] * 1.3;
    }
    for (int r = 0; r < NREP; r++)
        for (int j = 0; j < 3; j++) samples[r * 3 + j] = chin[j] * (1 + 0.05 * sin(0.37 * r * (j + 1) + j));
    samples[5] = NAN; /* a failed replicate of the third parameter */
}

typedef enum kind { FIT, RESIDUALS, BOOTSTRAP, CONTOUR, FRONTIER, NKINDS } kind;
static const char *const kind_names[NKINDS] = {"fit", "residuals", "bootstrap", "contour", "frontier"};

/* The figure of kind k for options o, written to `output`. */
static ec_plot *build(kind k, const ec_plot_options *o, const char *output)
{
    ec_plot *p = ec_plot_new(o, output);
    assert_non_null(p);
    static const char *const names[3] = {"E", "A", "B_\"x\""};
    ec_plot_curve curve = {NCV, cx, cy, clo, chi};
    ec_plot_curve nstar = {NCV, cx, fn, fnlo, fnhi}, dstar = {NCV, cx, fd, fdlo, fdhi};
    int rc = -100;
    switch (k) {
    case FIT:
        rc = ec_plot_fit(p, "Fit: L = E + a C^{-b}", "training compute C (FLOP)", "loss", NPT, px, py, &curve, px[0],
                         px[NPT - 1], 1, 0, "E = 1.735\na = 1543\nb = 0.1634 @@x");
        break;
    case RESIDUALS:
        rc = ec_plot_residuals(p, NULL, "training compute C (FLOP)", "residual", NPT, px, pr, 1);
        break;
    case BOOTSTRAP:
        rc = ec_plot_bootstrap(p, NULL, 3, names, NREP, samples, chin);
        break;
    case CONTOUR:
        rc = ec_plot_contour(p, NULL, chin, NPT, px, pn, 1e18, 1e23, 1e7, 1e11);
        break;
    default:
        rc = ec_plot_frontier(p, NULL, &nstar, &dstar);
    }
    assert_int_equal(rc, EC_OK);
    return p;
}

/* ------------------------------------------------------------ goldens */

static char *golden_path(const char *name)
{
    const char *src = getenv("EC_SOURCE_DIR");
    size_t len = (src ? strlen(src) : 0) + strlen(name) + 64;
    char *path = malloc(len);
    assert_non_null(path);
    snprintf(path, len, "%s%sdata/plot_golden/%s", src ? src : "", src ? "/tests/" : "", name);
    return path;
}


/* Compares text with the golden file `name` (or writes it when EC_BLESS=1). */
static void check_golden(const char *name, const char *text, size_t len)
{
    char *path = golden_path(name);
    const char *bless = getenv("EC_BLESS");
    if (bless && strcmp(bless, "1") == 0) {
        FILE *f = fopen(path, "wb");
        if (!f) fail_msg("cannot write golden %s", path);
        fwrite(text, 1, len, f);
        fclose(f);
        free(path);
        return;
    }
    size_t glen = 0;
    char *want = ec_test_slurp(path, &glen);
    if (!want) fail_msg("missing golden %s (run with EC_BLESS=1 to create it)", path);
    if (glen != len || memcmp(want, text, len) != 0) {
        size_t i = 0;
        while (i < len && i < glen && want[i] == text[i]) i++;
        size_t line = 1;
        for (size_t k = 0; k < i; k++) line += text[k] == '\n';
        free(want);
        fail_msg("%s differs from the golden file at line %zu (EC_BLESS=1 regenerates it after an intended change)",
                 path, line);
    }
    free(want);
    free(path);
}

static void test_goldens(void **state)
{
    (void)state;
    ec_plot_options o = ec_plot_default_options();
    for (int k = 0; k < NKINDS; k++) {
        char out[64], name[64];
        snprintf(out, sizeof out, "%s.png", kind_names[k]);
        ec_plot *p = build((kind)k, &o, out);
        /* This test is for plots/ec_plot_fit.c: its table names, not another file's. */
        if (k == FIT && !strstr(ec_plot_script(p), "@@fit_data"))
            fail_msg("ec_plot_fit is not plots/ec_plot_fit.c's (another file defines the same functions?)");
        const char *script = ec_plot_script(p);
        snprintf(name, sizeof name, "%s.gp", kind_names[k]);
        check_golden(name, script, strlen(script));
        char *buf = NULL;
        size_t len = 0;
        FILE *m = open_memstream(&buf, &len);
        assert_non_null(m);
        assert_int_equal(ec_plot_write_inline(p, m), EC_OK);
        fclose(m);
        snprintf(name, sizeof name, "%s.inline.gp", kind_names[k]);
        check_golden(name, buf, len);
        free(buf);
        ec_plot_free(p);
    }
}

/* What the goldens must say, whatever they are: escaping, styles, structure. */
static void test_script_content(void **state)
{
    (void)state;
    ec_plot_options o = ec_plot_default_options();
    ec_plot *p = build(FIT, &o, "fit.png");
    const char *s = ec_plot_script(p);
    assert_non_null(strstr(s, "\"E = 1.735\\na = 1543\\nb = 0.1634 \\100\\100x\""));   /* '\n' and '@' escaped */
    assert_non_null(strstr(s, "@@fit_in using 1:2 with lines ls 2"));                  /* solid inside */
    assert_non_null(strstr(s, "@@fit_lo using 1:2 with lines ls 3"));                  /* dashed below */
    assert_non_null(strstr(s, "@@fit_hi using 1:2 with lines ls 3"));                  /* and above */
    assert_non_null(strstr(s, "with filledcurves fc rgb '" EC_PLOT_COLOR_BAND "'"));
    assert_non_null(strstr(s, "set format x '10^{%L}'"));
    ec_plot_free(p);
    p = build(BOOTSTRAP, &o, "b.png");
    s = ec_plot_script(p);
    assert_non_null(strstr(s, "set multiplot layout 2,2"));
    assert_non_null(strstr(s, "\"B_\\\"x\\\" = 2143\\n95% interval"));
    assert_null(strstr(s, "set multiplot next")); /* every parameter has finite samples */
    ec_plot_free(p);
    p = build(CONTOUR, &o, "c.png");
    s = ec_plot_script(p);
    assert_non_null(strstr(s, "set contour base"));
    assert_non_null(strstr(s, "with pm3d"));
    assert_non_null(strstr(s, "set cblabel \"loss\""));
    assert_non_null(strstr(s, "compute-optimal N^*(C)"));
    ec_plot_free(p);
}

/* ------------------------------------------------------------ renders */


static void check_png(const char *path, int width, int height)
{
    size_t len = 0;
    char *b = ec_test_slurp(path, &len);
    assert_non_null(b);
    static const unsigned char sig[8] = {0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A};
    assert_true(len > 33);
    assert_memory_equal(b, sig, 8);
    assert_memory_equal(b + 12, "IHDR", 4);
    const unsigned char *u = (const unsigned char *)b;
    unsigned long w = (unsigned long)u[16] << 24 | (unsigned long)u[17] << 16 | (unsigned long)u[18] << 8 | u[19];
    unsigned long h = (unsigned long)u[20] << 24 | (unsigned long)u[21] << 16 | (unsigned long)u[22] << 8 | u[23];
    assert_int_equal(w, (unsigned long)width);
    assert_int_equal(h, (unsigned long)height);
    free(b);
}

static void test_renders(void **state)
{
    (void)state;
    if (!ec_test_have_gnuplot()) skip();
    char dir[] = "/tmp/ec_plot_fit_XXXXXX";
    assert_non_null(mkdtemp(dir));
    static const int formats[3] = {EC_PLOT_PNG, EC_PLOT_SVG, EC_PLOT_PDF};
    for (int k = 0; k < NKINDS; k++)
        for (int f = 0; f < 3; f++) {
            ec_plot_options o = ec_plot_default_options();
            o.format = formats[f];
            o.width = 900;
            o.height = 640;
            char out[256], gp[256], err[256], cmd[1024];
            snprintf(out, sizeof out, "%s/%s.%s", dir, kind_names[k], ec_plot_extension(o.format));
            snprintf(gp, sizeof gp, "%s/%s.%s.gp", dir, kind_names[k], ec_plot_extension(o.format));
            snprintf(err, sizeof err, "%s/%s.%s.err", dir, kind_names[k], ec_plot_extension(o.format));
            ec_plot *p = build((kind)k, &o, out);
            FILE *fp = fopen(gp, "w");
            assert_non_null(fp);
            assert_int_equal(ec_plot_write_inline(p, fp), EC_OK);
            fclose(fp);
            ec_plot_free(p);
            snprintf(cmd, sizeof cmd, "gnuplot '%s' 2>'%s'", gp, err);
            int status = system(cmd);
            size_t elen = 0, olen = 0;
            char *etext = ec_test_slurp(err, &elen);
            assert_non_null(etext);
            if (status != 0 || elen != 0) fail_msg("%s: gnuplot status %d, stderr:\n%s", gp, status, etext);
            free(etext);
            char *o_text = ec_test_slurp(out, &olen);
            if (!o_text || olen == 0) fail_msg("%s: no output", out);
            if (o.format == EC_PLOT_PNG) check_png(out, o.width, o.height);
            if (o.format == EC_PLOT_SVG) assert_non_null(strstr(o_text, "<svg"));
            if (o.format == EC_PLOT_PDF) assert_memory_equal(o_text, "%PDF-", 5);
            free(o_text);
            remove(out);
            remove(gp);
            remove(err);
        }
    rmdir(dir);
}

/* ------------------------------------------------------------ bad input */

static void test_bad_input(void **state)
{
    (void)state;
    ec_plot_options o = ec_plot_default_options();
    double nan3[3] = {NAN, NAN, NAN}, x3[3] = {1e20, 1e21, 1e22}, neg3[3] = {-1, 0, -5};
    ec_plot_curve curve = {NCV, cx, cy, NULL, NULL}, empty = {3, x3, nan3, NULL, NULL};
    ec_plot *p = ec_plot_new(&o, "x.png");
    assert_int_equal(ec_plot_fit(p, NULL, NULL, NULL, 3, x3, nan3, &curve, NAN, NAN, 1, 0, NULL), EC_EINVAL);
    ec_plot_free(p);
    p = ec_plot_new(&o, "x.png"); /* x ≤ 0 on a log axis cannot be drawn */
    assert_int_equal(ec_plot_fit(p, NULL, NULL, NULL, 3, neg3, x3, &curve, NAN, NAN, 1, 0, NULL), EC_EINVAL);
    ec_plot_free(p);
    p = ec_plot_new(&o, "x.png");
    assert_int_equal(ec_plot_fit(p, NULL, NULL, NULL, 0, NULL, NULL, &curve, NAN, NAN, 1, 0, NULL), EC_EINVAL);
    ec_plot_free(p);
    p = ec_plot_new(&o, "x.png");
    assert_int_equal(ec_plot_residuals(p, NULL, NULL, NULL, 3, x3, nan3, 1), EC_EINVAL);
    ec_plot_free(p);
    p = ec_plot_new(&o, "x.png");
    assert_int_equal(ec_plot_bootstrap(p, NULL, 3, NULL, 1, nan3, NULL), EC_EINVAL);
    ec_plot_free(p);
    p = ec_plot_new(&o, "x.png");
    assert_int_equal(ec_plot_contour(p, NULL, chin, 3, nan3, nan3, 1e18, 1e23, 1e7, 1e11), EC_EINVAL);
    ec_plot_free(p);
    p = ec_plot_new(&o, "x.png"); /* no usable range and no point to take one from */
    assert_int_equal(ec_plot_contour(p, NULL, chin, 0, NULL, NULL, 0, 0, 0, 0), EC_EINVAL);
    ec_plot_free(p);
    double bad_law[5] = {1.8, -1, 2000, 0.3, 0.3};
    p = ec_plot_new(&o, "x.png");
    assert_int_equal(ec_plot_contour(p, NULL, bad_law, 0, NULL, NULL, 1e18, 1e23, 1e7, 1e11), EC_EINVAL);
    ec_plot_free(p);
    p = ec_plot_new(&o, "x.png");
    assert_int_equal(ec_plot_frontier(p, NULL, &empty, &empty), EC_EINVAL);
    ec_plot_free(p);
    p = ec_plot_new(&o, "x.png");
    assert_int_equal(ec_plot_frontier(p, NULL, NULL, NULL), EC_EINVAL);
    ec_plot_free(p);
}

int main(void)
{
    make_inputs();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_goldens),
        cmocka_unit_test(test_script_content),
        cmocka_unit_test(test_renders),
        cmocka_unit_test(test_bad_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
