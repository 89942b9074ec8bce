/*
 * ec_plot.c — figures as gnuplot script text plus named data tables.
 *
 * The script is accumulated in a growing buffer; every data table is kept
 * as formatted text. Data sources are referred to in the script as @@name,
 * which becomes $name (an inline datablock, gnuplot >= 5.0) when the figure
 * is piped into gnuplot, or 'PREFIX.name.dat' when it is saved for a report
 * author to restyle. Numbers are written with %.10g: enough for a figure,
 * and deterministic, so scripts can be compared in golden tests.
 */
#include "ec_plot.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "ec_kv.h"

typedef struct buf {
    char *s;
    size_t len, cap;
} buf;

/* The format attributes let the compiler check every caller's format string
 * (and keep clang's -Wformat-nonliteral quiet on the va_list pass-through). */
__attribute__((format(printf, 2, 0))) static int buf_vprintf(buf *b, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0) return EC_EINVAL;
    if (b->len + (size_t)n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 1024;
        while (cap < b->len + (size_t)n + 1) cap *= 2;
        char *s = realloc(b->s, cap);
        if (!s) return EC_ENOMEM;
        b->s = s;
        b->cap = cap;
    }
    vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
    return EC_OK;
}

__attribute__((format(printf, 2, 3))) static int buf_printf(buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = buf_vprintf(b, fmt, ap);
    va_end(ap);
    return rc;
}

typedef struct table {
    char name[64];
    buf text;
} table;

struct ec_plot {
    ec_plot_options opt;
    char *output;
    buf script;
    table *tables;
    size_t n_tables;
};

static const char *const format_choices[] = {"png", "svg", "pdf", "dumb", NULL};

/* One end of a range: empty, or a finite number. */
static int range_end(const char *a, size_t n, double *v)
{
    char tmp[64];
    while (n && (*a == ' ' || *a == '\t')) a++, n--;
    while (n && (a[n - 1] == ' ' || a[n - 1] == '\t')) n--;
    if (n == 0) return 1;
    if (n >= sizeof tmp) return -1;
    memcpy(tmp, a, n);
    tmp[n] = '\0';
    return ec_parse_finite(tmp, v) == EC_OK ? 0 : -1;
}

/* "LO:HI": numbers or empty ends, LO < HI when both are given. */
static int check_range(const char *value, ec_error *err)
{
    if (!value[0]) return EC_OK;
    const char *colon = strchr(value, ':');
    double lo = 0, hi = 0;
    int a = colon ? range_end(value, (size_t)(colon - value), &lo) : -1;
    int b = colon ? range_end(colon + 1, strlen(colon + 1), &hi) : -1;
    if (a < 0 || b < 0 || strchr(colon + 1, ':'))
        return ec_error_set(err, EC_EINVAL, "range '%s': write LO:HI with numbers, e.g. 1e24:1e30, 2025:2030 or 1.7: "
                            "(an empty end keeps the figure's own)", value);
    if (a == 0 && b == 0 && !(lo < hi)) return ec_error_set(err, EC_EINVAL, "range '%s': LO must be below HI", value);
    return EC_OK;
}

#define OFF(field) offsetof(ec_plot_options, field)
static const ec_option_desc plot_rows[] = {
    {"format", EC_OPT_CHOICE, OFF(format), 0, 0, 0, format_choices, "png",
     "image format (by default from -o's extension, else png)", NULL, 0},
    {"width", EC_OPT_INT, OFF(width), 0, 200, 10000, NULL, "1000", "width in pixels (pdf: /100 inches)", NULL, 0},
    {"height", EC_OPT_INT, OFF(height), 0, 150, 10000, NULL, "700", "height in pixels (pdf: /100 inches)", NULL, 0},
    {"font_size", EC_OPT_INT, OFF(font_size), 0, 6, 40, NULL, "12", "font size in points", NULL, 0},
    {"title", EC_OPT_STRING, OFF(title), sizeof(((ec_plot_options *)0)->title), 0, 0, NULL, "the kind's",
     "figure title", NULL, 0},
    {"xrange", EC_OPT_STRING, OFF(xrange), sizeof(((ec_plot_options *)0)->xrange), 0, 0, NULL, "the kind's",
     "x axis range LO:HI, e.g. 1e24:1e30 or 2025: (an empty end keeps the figure's own)", check_range, 0},
    {"yrange", EC_OPT_STRING, OFF(yrange), sizeof(((ec_plot_options *)0)->yrange), 0, 0, NULL, "the kind's",
     "y axis range LO:HI, e.g. 1.7:2.1", check_range, 0},
};
#undef OFF
static const ec_option_table plot_table = {"plot", plot_rows, sizeof plot_rows / sizeof plot_rows[0]};

const ec_option_table *ec_plot_option_table(void) { return &plot_table; }

ec_plot_options ec_plot_default_options(void)
{
    ec_plot_options o;
    memset(&o, 0, sizeof o);
    o.format = EC_PLOT_PNG;
    o.width = 1000;
    o.height = 700;
    o.font_size = 12;
    return o;
}

const char *ec_plot_extension(int format)
{
    static const char *const ext[] = {"png", "svg", "pdf", "txt"};
    return format >= 0 && format <= EC_PLOT_DUMB ? ext[format] : "out";
}

ec_plot *ec_plot_new(const ec_plot_options *opt, const char *output)
{
    ec_plot *p = calloc(1, sizeof *p);
    if (!p) return NULL;
    p->opt = *opt;
    if (output && !(p->output = strdup(output))) {
        free(p);
        return NULL;
    }
    return p;
}

void ec_plot_free(ec_plot *p)
{
    if (!p) return;
    for (size_t i = 0; i < p->n_tables; i++) free(p->tables[i].text.s);
    free(p->tables);
    free(p->script.s);
    free(p->output);
    free(p);
}

int ec_plot_printf(ec_plot *p, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = buf_vprintf(&p->script, fmt, ap);
    va_end(ap);
    return rc;
}

int ec_plot_table(ec_plot *p, const char *name, const char *header, size_t nrow, size_t ncol, const double *values)
{
    return ec_plot_table_scans(p, name, header, nrow, ncol, values, 0);
}

int ec_plot_table_scans(ec_plot *p, const char *name, const char *header, size_t nrow, size_t ncol,
                        const double *values, size_t scan)
{
    if (!name[0] || strlen(name) >= sizeof p->tables[0].name || strspn(name, "abcdefghijklmnopqrstuvwxyz"
                                                                             "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") != strlen(name))
        return EC_EINVAL;
    table *t = realloc(p->tables, sizeof *t * (p->n_tables + 1));
    if (!t) return EC_ENOMEM;
    p->tables = t;
    table *tb = &p->tables[p->n_tables];
    memset(tb, 0, sizeof *tb);
    snprintf(tb->name, sizeof tb->name, "%s", name);
    p->n_tables++;
    int rc = buf_printf(&tb->text, "# %s\n", header ? header : "");
    for (size_t i = 0; i < nrow && !rc; i++) {
        for (size_t j = 0; j < ncol && !rc; j++) {
            double v = values[i * ncol + j];
            rc = isfinite(v) ? buf_printf(&tb->text, "%s%.10g", j ? " " : "", v) : buf_printf(&tb->text, "%sNaN", j ? " " : "");
        }
        if (!rc) rc = buf_printf(&tb->text, "\n");
        if (!rc && scan && (i + 1) % scan == 0 && i + 1 < nrow) rc = buf_printf(&tb->text, "\n");
    }
    return rc;
}

int ec_plot_begin(ec_plot *p, const char *title)
{
    const ec_plot_options *o = &p->opt;
    int rc = EC_OK;
    switch (o->format) {
    case EC_PLOT_PNG:
        rc = ec_plot_printf(p, "set terminal pngcairo size %d,%d enhanced font 'Sans,%d' linewidth 1.5\n", o->width,
                            o->height, o->font_size);
        break;
    case EC_PLOT_SVG:
        rc = ec_plot_printf(p, "set terminal svg size %d,%d enhanced font 'Sans,%d' linewidth 1.5 background '#ffffff'\n",
                            o->width, o->height, o->font_size);
        break;
    case EC_PLOT_PDF:
        rc = ec_plot_printf(p, "set terminal pdfcairo size %.2fin,%.2fin enhanced font 'Sans,%d' linewidth 1.5\n",
                            o->width / 100.0, o->height / 100.0, o->font_size > 4 ? o->font_size - 2 : o->font_size);
        break;
    default:
        rc = ec_plot_printf(p, "set terminal dumb size 100,32\n");
    }
    if (!rc && p->output) {
        /* Single quotes in a path are doubled inside a gnuplot single-quoted string. */
        rc = ec_plot_printf(p, "set output '");
        for (const char *c = p->output; !rc && *c; c++) rc = ec_plot_printf(p, *c == '\'' ? "''" : "%c", *c);
        if (!rc) rc = ec_plot_printf(p, "'\n");
    }
    if (!rc) rc = ec_plot_printf(p, "set encoding utf8\nset datafile missing 'NaN'\n");
    if (!rc)
        rc = ec_plot_printf(p, "set style line 1 lc rgb '%s' pt 7 ps 0.8\n"    /* data */
                               "set style line 2 lc rgb '%s' lw 2\n"           /* fit */
                               "set style line 3 lc rgb '%s' lw 2 dt 2\n"      /* fit, extrapolated */
                               "set style line 4 lc rgb '%s' lw 2\n"           /* second series */
                               "set style line 5 lc rgb '%s' lw 2 dt 2\n"      /* second, extrapolated */
                               "set style line 6 lc rgb '%s' lw 1 dt 3\n"      /* reference */
                               "set style fill transparent solid 0.35 noborder\n",
                            EC_PLOT_COLOR_DATA, EC_PLOT_COLOR_FIT, EC_PLOT_COLOR_FIT, EC_PLOT_COLOR_ALT, EC_PLOT_COLOR_ALT,
                            EC_PLOT_COLOR_MUTED);
    if (!rc) rc = ec_plot_printf(p, "set grid lc rgb '#dddddd'\nset border lc rgb '#444444'\nset key box opaque\n");
    const char *t = o->title[0] ? o->title : title;
    if (!rc && t && t[0]) {
        rc = ec_plot_printf(p, "set title ");
        if (!rc) rc = ec_plot_put_string(p, t);
        if (!rc) rc = ec_plot_printf(p, "\n");
    }
    return rc;
}

int ec_plot_put_string(ec_plot *p, const char *s)
{
    int rc = ec_plot_printf(p, "\"");
    for (const char *c = s ? s : ""; !rc && *c; c++) {
        if (*c == '"' || *c == '\\') rc = ec_plot_printf(p, "\\%c", *c);
        else if (*c == '\n') rc = ec_plot_printf(p, "\\n");
        else if (*c == '`') rc = ec_plot_printf(p, "\\140");
        else if (*c == '@') rc = ec_plot_printf(p, "\\100");
        else if (*c == '\r') continue;
        else if ((unsigned char)*c < 0x20) rc = ec_plot_printf(p, " ");
        else rc = ec_plot_printf(p, "%c", *c);
    }
    return rc ? rc : ec_plot_printf(p, "\"");
}

int ec_plot_set_text(ec_plot *p, const char *name, const char *text)
{
    int rc = ec_plot_printf(p, "set %s ", name);
    if (!rc) rc = ec_plot_put_string(p, text);
    if (!rc) rc = ec_plot_printf(p, " noenhanced\n");
    return rc;
}

int ec_plot_log_axis(ec_plot *p, const char *axis)
{
    return ec_plot_printf(p, "set logscale %s 10\nset format %s '10^{%%L}'\nset m%stics 10\n", axis, axis, axis);
}

/* The user's axis ranges, written just before the first plot command so that they win over the kind's. */
static void write_ranges(const ec_plot *p, FILE *out)
{
    const char *r[2] = {p->opt.xrange, p->opt.yrange}, *ax[2] = {"x", "y"};
    for (int k = 0; k < 2; k++)
        if (r[k][0]) {
            const char *c = strchr(r[k], ':');
            if (!c) continue; /* not LO:HI (the option setter refuses it; a field set directly may not be) */
            fprintf(out, "set %srange [%.*s:%s]\n", ax[k], (int)(c - r[k]), r[k], c + 1);
        }
}

/* Writes the script with @@name replaced by prefix name suffix. */
static int write_script(const ec_plot *p, FILE *out, const char *prefix, const char *suffix)
{
    const char *s = p->script.s ? p->script.s : "";
    /* the first line that starts with "plot " or "splot " */
    const char *first = NULL;
    for (const char *l = s; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL)
        if (strncmp(l, "plot ", 5) == 0 || strncmp(l, "splot ", 6) == 0) {
            first = l;
            break;
        }
    if (first && (p->opt.xrange[0] || p->opt.yrange[0])) {
        fwrite(s, 1, (size_t)(first - s), out);
        write_ranges(p, out);
        s = first;
    }
    while (*s) {
        const char *at = strstr(s, "@@");
        if (!at) {
            fputs(s, out);
            break;
        }
        fwrite(s, 1, (size_t)(at - s), out);
        const char *name = at + 2;
        size_t len = strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_");
        fprintf(out, "%s%.*s%s", prefix, (int)len, name, suffix);
        s = name + len;
    }
    return ferror(out) ? EC_EIO : EC_OK;
}

int ec_plot_write_inline(const ec_plot *p, FILE *out)
{
    for (size_t i = 0; i < p->n_tables; i++)
        fprintf(out, "$%s << EOD\n%sEOD\n", p->tables[i].name, p->tables[i].text.s ? p->tables[i].text.s : "");
    return write_script(p, out, "$", "");
}

size_t ec_plot_n_tables(const ec_plot *p)
{
    return p->n_tables;
}

int ec_plot_saved_path(const ec_plot *p, const char *prefix, size_t i, char *path, size_t cap)
{
    if (i > p->n_tables) return EC_EINVAL;
    int n = i < p->n_tables ? snprintf(path, cap, "%s.%s.dat", prefix, p->tables[i].name)
                            : snprintf(path, cap, "%s.gp", prefix);
    return n < 0 || (size_t)n >= cap ? EC_EINVAL : EC_OK;
}

int ec_plot_write_table(const ec_plot *p, size_t i, FILE *out)
{
    if (i >= p->n_tables) return EC_EINVAL;
    const char *t = p->tables[i].text.s;
    return (t && fputs(t, out) == EOF) || ferror(out) ? EC_EIO : EC_OK;
}

int ec_plot_write_saved_script(const ec_plot *p, const char *prefix, FILE *out)
{
    const char *base = strrchr(prefix, '/');
    base = base ? base + 1 : prefix;
    /* The data files' names in single quotes, a quote in the name doubled. */
    char *pre = malloc(2 * strlen(base) + 3);
    if (!pre) return EC_ENOMEM;
    char *w = pre;
    *w++ = '\'';
    for (const char *c = base; *c; c++) {
        if (*c == '\'') *w++ = '\'';
        *w++ = *c;
    }
    *w++ = '.';
    *w = '\0';
    fprintf(out, "# gnuplot script written by effcomp; run it from this folder: gnuplot %s.gp\n", base);
    int rc = write_script(p, out, pre, ".dat'");
    free(pre);
    return rc;
}

int ec_plot_save(const ec_plot *p, const char *prefix, ec_error *err)
{
    size_t len = strlen(prefix) + 256;
    char *path = malloc(len);
    if (!path) return ec_error_set(err, EC_ENOMEM, "out of memory");
    int rc = EC_OK;
    for (size_t i = 0; i <= p->n_tables && !rc; i++) { /* the tables, then the script */
        if (ec_plot_saved_path(p, prefix, i, path, len) != EC_OK) {
            rc = ec_error_set(err, EC_EINVAL, "a saved figure's file name from '%s' is too long", prefix);
            break;
        }
        FILE *fp = fopen(path, "w");
        if (!fp) {
            rc = ec_error_set(err, EC_EIO, "cannot write '%s': %s", path, strerror(errno));
            break;
        }
        rc = i < p->n_tables ? ec_plot_write_table(p, i, fp) : ec_plot_write_saved_script(p, prefix, fp);
        if (rc == EC_ENOMEM) ec_error_set(err, rc, "out of memory");
        else if (rc) ec_error_set(err, rc, "cannot write '%s': %s", path, strerror(errno));
        if (fclose(fp) != 0 && !rc) rc = ec_error_set(err, EC_EIO, "cannot write '%s': %s", path, strerror(errno));
    }
    free(path);
    return rc;
}

const char *ec_plot_script(const ec_plot *p)
{
    return p->script.s ? p->script.s : "";
}
