/*
 * ec_test_plot.h — what the figure tests share: reading a file whole, whether
 * gnuplot is there, a figure's inline text, and the check that an image gnuplot wrote is well-formed
 * (a PNG of the given size, an SVG document, a PDF). Include after <cmocka.h>.
 */
#ifndef EC_TEST_PLOT_H
#define EC_TEST_PLOT_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ec_plot.h"

/* The file's bytes with a '\0' after them (its length in *len when not NULL); NULL when it cannot be read. */
static inline char *ec_test_slurp(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) return NULL;
    size_t cap = 4096, n = 0, got;
    char *s = malloc(cap);
    while (s && (got = fread(s + n, 1, cap - n - 1, fp)) > 0) {
        n += got;
        if (n + 1 == cap) {
            char *t = realloc(s, cap * 2);
            if (!t) {
                free(s);
                s = NULL;
                break;
            }
            s = t;
            cap *= 2;
        }
    }
    fclose(fp);
    if (!s) return NULL;
    s[n] = '\0';
    if (len) *len = n;
    return s;
}

/* The inline rendering of a figure (ec_plot_write_inline) as a string (caller frees). Not inlined: gcc's
 * -Wdangling-pointer takes the text for the local whose address open_memstream gets. */
__attribute__((noinline, unused)) static char *ec_test_inline_text(const ec_plot *p)
{
    char *s = NULL;
    size_t len = 0;
    FILE *ms = open_memstream(&s, &len);
    assert_non_null(ms);
    assert_int_equal(ec_plot_write_inline(p, ms), EC_OK);
    assert_int_equal(fclose(ms), 0);
    return s;
}

static inline int ec_test_have_gnuplot(void)
{
    return system("command -v gnuplot >/dev/null 2>&1") == 0;
}

static inline uint32_t ec_test_be32(const unsigned char *b)
{
    return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | (uint32_t)b[3];
}

/* The image at `path` in format fmt is well-formed: a PNG of width x height, an SVG document, or a PDF. */
static inline void ec_test_check_image(const char *what, const char *path, int fmt, uint32_t width, uint32_t height)
{
    size_t len = 0;
    char *data = ec_test_slurp(path, &len);
    if (!data || len == 0) fail_msg("%s: %s missing or empty", what, path);
    const unsigned char *u = (const unsigned char *)data;
    if (fmt == EC_PLOT_PNG) {
        static const unsigned char sig[8] = {0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A};
        assert_true(len > 24);
        assert_memory_equal(u, sig, 8);
        assert_memory_equal(u + 12, "IHDR", 4);
        assert_int_equal(ec_test_be32(u + 16), width);
        assert_int_equal(ec_test_be32(u + 20), height);
    } else if (fmt == EC_PLOT_SVG) {
        assert_non_null(strstr(data, "<svg"));
        assert_non_null(strstr(data, "</svg>"));
    } else {
        assert_true(len > 5);
        assert_memory_equal(u, "%PDF-", 5);
    }
    free(data);
}

/* Runs `cmd` (a gnuplot command line whose stderr goes to err_path): it must exit 0 and write nothing there. */
static inline void ec_test_run_gnuplot(const char *what, const char *cmd, const char *err_path)
{
    int rc = system(cmd);
    size_t elen = 0;
    char *etext = ec_test_slurp(err_path, &elen);
    if (rc != 0 || !etext || elen != 0) fail_msg("%s: gnuplot exit %d, stderr: %s", what, rc, etext ? etext : "(none)");
    free(etext);
}

/* Builds a figure with `opt` (its format, 900 x 600), renders its inline script with gnuplot in `dir` and checks
 * the image; removes what it wrote. */
static inline void ec_test_render(const char *dir, const char *kind, int (*build)(ec_plot *), const ec_plot_options *opt_in)
{
    ec_plot_options opt = *opt_in;
    opt.width = 900;
    opt.height = 600;
    const char *ext = ec_plot_extension(opt.format);
    char out[512], gp[512], err[512], cmd[1600], what[600];
    snprintf(out, sizeof out, "%s/%s.%s", dir, kind, ext);
    snprintf(gp, sizeof gp, "%s/%s.%s.gp", dir, kind, ext);
    snprintf(err, sizeof err, "%s/%s.%s.err", dir, kind, ext);
    snprintf(what, sizeof what, "%s (%s)", kind, ext);
    ec_plot *p = ec_plot_new(&opt, out);
    assert_non_null(p);
    assert_int_equal(build(p), EC_OK);
    FILE *fp = fopen(gp, "w");
    assert_non_null(fp);
    assert_int_equal(ec_plot_write_inline(p, fp), EC_OK);
    assert_int_equal(fclose(fp), 0);
    ec_plot_free(p);
    snprintf(cmd, sizeof cmd, "gnuplot '%s' 2>'%s'", gp, err);
    ec_test_run_gnuplot(what, cmd, err);
    ec_test_check_image(what, out, opt.format, 900, 600);
    remove(out);
    remove(gp);
    remove(err);
}

#endif
