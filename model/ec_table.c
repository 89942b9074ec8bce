/*
 * ec_table.c — all-numeric CSV tables (see ec_table.h).
 *
 * The file is read by ec_csv_read() (ec_csv.h), the one CSV reader of the
 * library: libcsv in strict mode, LF, CRLF and CR-only line ends, physical
 * line numbers, a thread-local "C" locale while cells are converted, and
 * read errors (out of memory included) reported as errors. Comment lines are
 * asked for (EC_CSV_COMMENTS) so that the first line of the file can be kept
 * when it is one. The first record is the header; its names are checked for
 * duplicates by sorting them (O(n log n): a header of a million columns is
 * checked in well under a second, where comparing every pair took 38 min).
 * Each later record must have as many fields as the header; each cell is
 * empty (NAN) or a finite number (ec_parse_decimal, else strtod).
 * Nothing here prints, exits or aborts; all failures go through ec_error_set.
 */
#include "ec_table.h"

#include "ec_csv.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct loader {
    ec_table *t;
    const char *path;
    ec_error *err;
    size_t cap;        /* allocated doubles in t->values */
    int header_done;
    size_t lines_cap; /* allocated entries in t->lines */
} loader;

#define SHOW_MAX 60 /* longest cell text quoted in a message */

static int nomem(loader *L, size_t line)
{
    return ec_error_set(L->err, EC_ENOMEM, "%s:%zu: out of memory", L->path, line);
}

/* Order of header indices by name, then by position (so the first repeat is found). */
static int cmp_name(size_t i, size_t j, char **names)
{
    int c = strcmp(names[i], names[j]);
    return c ? c : (i > j) - (i < j);
}

/* Sorts idx[0..n) by cmp_name: a merge sort (qsort_r is a GNU extension). */
static void sort_by_name(size_t *idx, size_t *tmp, size_t n, char **names)
{
    if (n < 2)
        return;
    size_t h = n / 2;
    sort_by_name(idx, tmp, h, names);
    sort_by_name(idx + h, tmp, n - h, names);
    size_t a = 0, b = h, k = 0;
    while (a < h && b < n)
        tmp[k++] = cmp_name(idx[a], idx[b], names) <= 0 ? idx[a++] : idx[b++];
    while (a < h)
        tmp[k++] = idx[a++];
    while (b < n)
        tmp[k++] = idx[b++];
    memcpy(idx, tmp, n * sizeof *idx);
}

static int read_header(loader *L, const ec_csv_record *rec)
{
    ec_table *t = L->t;
    size_t n = rec->ncells;
    t->names = calloc(n, sizeof *t->names);
    if (!t->names)
        return nomem(L, rec->line);
    for (size_t j = 0; j < n; j++) {
        if (!(t->names[j] = malloc(rec->cells[j].len + 1)))
            return nomem(L, rec->line);
        memcpy(t->names[j], rec->cells[j].s, rec->cells[j].len + 1);
        t->n_cols = j + 1;
    }
    /* A column named twice: sort the names and compare neighbours. The repeat reported
     * is the earliest second occurrence, as a scan from the left would find it. */
    size_t *idx = malloc(2 * n * sizeof *idx);
    if (!idx)
        return nomem(L, rec->line);
    for (size_t j = 0; j < n; j++)
        idx[j] = j;
    sort_by_name(idx, idx + n, n, t->names);
    size_t dup = SIZE_MAX;
    for (size_t k = 1; k < n; k++)
        if (strcmp(t->names[idx[k - 1]], t->names[idx[k]]) == 0 && idx[k] < dup)
            dup = idx[k];
    free(idx);
    if (dup != SIZE_MAX)
        return ec_error_set(L->err, EC_EDATA,
                            "%s:%zu: column '%s' appears twice in the header; a table names each "
                            "column once", L->path, rec->line, t->names[dup]);
    L->header_done = 1;
    return EC_OK;
}

static int is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* The cell as a number (NAN when empty); on failure sets the error. */
static int read_cell(loader *L, const ec_csv_record *rec, size_t j, double *out)
{
    const char *s = rec->cells[j].s, *name = L->t->names[j];
    size_t len = rec->cells[j].len;
    while (len && is_blank(s[len - 1]))
        len--;
    while (len && is_blank(*s)) {
        s++;
        len--;
    }
    if (len == 0) {
        *out = NAN;
        return EC_OK;
    }
    if (ec_parse_decimal(s, len, out))
        return EC_OK;
    int show = len > SHOW_MAX ? SHOW_MAX : (int)len;
    const char *ell = len > SHOW_MAX ? "..." : "";
    if (memchr(s, '\0', len))
        return ec_error_set(L->err, EC_EDATA,
                            "%s:%zu: column %zu '%s': the cell contains a NUL byte; is the file "
                            "binary or UTF-16? Save it as UTF-8 or ASCII text",
                            L->path, rec->line, j + 1, name);
    if (len >= 64)
        return ec_error_set(L->err, EC_EDATA,
                            "%s:%zu: column %zu '%s': cell too long for a number ('%.*s%s')",
                            L->path, rec->line, j + 1, name, show, s, ell);
    char buf[64], *end;
    memcpy(buf, s, len);
    buf[len] = '\0';
    errno = 0;
    double x = strtod(buf, &end);
    if (end == buf || end != buf + len)
        return ec_error_set(L->err, EC_EDATA,
                            "%s:%zu: column %zu '%s': '%s' is not a number; write a number (e.g. 1.5e9), or leave "
                            "the cell empty for a missing value",
                            L->path, rec->line, j + 1, name, buf);
    if (!isfinite(x))
        return ec_error_set(L->err, EC_EDATA,
                            "%s:%zu: column %zu '%s': '%s' is not a finite number (nan, inf and "
                            "values beyond about 1.8e308 are refused); write a finite value, or "
                            "leave the cell empty for a missing value",
                            L->path, rec->line, j + 1, name, buf);
    *out = x; /* an underflow (e.g. 1e-320) keeps strtod's value: finite and what was written */
    return EC_OK;
}

static int on_record(void *user, const ec_csv_record *rec, ec_error *err)
{
    loader *L = user;
    ec_table *t = L->t;
    (void)err; /* the same pointer as L->err */
    if (rec->comment) {
        if (rec->line == 1 && !(t->comment = strdup(rec->cells[0].s)))
            return nomem(L, rec->line);
        return EC_OK;
    }
    if (!L->header_done)
        return read_header(L, rec);
    if (rec->ncells > t->n_cols)
        return ec_error_set(L->err, EC_EDATA, "%s:%zu: more fields than the header's %zu",
                            L->path, rec->line, t->n_cols);
    if (rec->ncells < t->n_cols) /* empty cells are written as such: a short row is damage */
        return ec_error_set(L->err, EC_EDATA,
                            "%s:%zu: %zu fields where the header has %zu; is the file truncated?",
                            L->path, rec->line, rec->ncells, t->n_cols);
    size_t need = (t->n_rows + 1) * t->n_cols;
    if (need > L->cap) {
        size_t cap = L->cap ? L->cap : 64 * t->n_cols;
        while (cap < need)
            cap *= 2;
        double *v = realloc(t->values, sizeof(double) * cap);
        if (!v)
            return nomem(L, rec->line);
        t->values = v;
        L->cap = cap;
    }
    if (t->n_rows + 1 > L->lines_cap) {
        size_t cap = L->lines_cap ? 2 * L->lines_cap : 64;
        size_t *ln = realloc(t->lines, sizeof(size_t) * cap);
        if (!ln)
            return nomem(L, rec->line);
        t->lines = ln;
        L->lines_cap = cap;
    }
    t->lines[t->n_rows] = rec->line;
    double *row = t->values + t->n_rows * t->n_cols;
    for (size_t j = 0; j < t->n_cols; j++) {
        int rc = read_cell(L, rec, j, &row[j]);
        if (rc)
            return rc;
    }
    t->n_rows++;
    return EC_OK;
}

ec_table *ec_table_load_csv(const char *path, ec_error *err)
{
    if (!path) {
        ec_error_set(err, EC_EINVAL, "no table path given");
        return NULL;
    }
    ec_table *t = calloc(1, sizeof *t);
    if (!t) {
        ec_error_set(err, EC_ENOMEM, "%s: out of memory", path);
        return NULL;
    }
    loader L = { t, path, err, 0, 0, 0 };
    int rc = ec_csv_read(path, EC_CSV_COMMENTS, on_record, &L, t->sha256, err);
    if (rc == EC_OK && (t->n_cols == 0 || t->n_rows == 0))
        rc = ec_error_set(err, EC_EDATA, "%s: no data rows", path);
    if (rc) {
        ec_table_free(t);
        return NULL;
    }
    return t;
}

int ec_table_column(const ec_table *t, const char *name)
{
    for (size_t j = 0; j < t->n_cols; j++)
        if (strcmp(t->names[j], name) == 0) return (int)j;
    return -1;
}

void ec_table_free(ec_table *t)
{
    if (!t) return;
    for (size_t j = 0; j < t->n_cols; j++) free(t->names[j]);
    free(t->names);
    free(t->values);
    free(t->lines);
    free(t->comment);
    free(t);
}
