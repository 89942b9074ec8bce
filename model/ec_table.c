/* ec_table.c — all-numeric CSV tables through libcsv (see ec_table.h). */
#include "ec_table.h"

#include <csv.h>
#include <sys/types.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct loader {
    ec_table *t;
    const char *path;
    size_t line, col, cap;
    int header_done, status;
    ec_error *err;
} loader;

static void on_field(void *s, size_t len, void *data)
{
    loader *L = data;
    ec_table *t = L->t;
    if (L->status) return;
    if (!L->header_done) {
        char **names = realloc(t->names, sizeof(char *) * (t->n_cols + 1));
        char *name = malloc(len + 1);
        if (!names || !name) {
            if (names) t->names = names;
            free(name);
            L->status = ec_error_set(L->err, EC_ENOMEM, "out of memory");
            return;
        }
        t->names = names;
        memcpy(name, s, len);
        name[len] = '\0';
        for (size_t j = 0; j < t->n_cols; j++)
            if (strcmp(t->names[j], name) == 0) {
                L->status = ec_error_set(L->err, EC_EDATA, "%s:%zu: column '%s' appears twice in the header; "
                                         "a table names each column once", L->path, L->line, name);
                free(name);
                return;
            }
        t->names[t->n_cols++] = name;
        return;
    }
    if (L->col >= t->n_cols) {
        L->status = ec_error_set(L->err, EC_EDATA, "%s:%zu: more fields than the header's %zu", L->path, L->line, t->n_cols);
        return;
    }
    size_t need = (t->n_rows + 1) * t->n_cols;
    if (need > L->cap) {
        size_t cap = L->cap ? 2 * L->cap : 64 * t->n_cols;
        while (cap < need) cap *= 2;
        double *v = realloc(t->values, sizeof(double) * cap);
        if (!v) {
            L->status = ec_error_set(L->err, EC_ENOMEM, "out of memory");
            return;
        }
        t->values = v;
        L->cap = cap;
    }
    double x = NAN;
    if (len > 0) {
        char buf[64], *end;
        if (len >= sizeof buf) {
            L->status = ec_error_set(L->err, EC_EDATA, "%s:%zu: column %zu '%s': cell too long for a number", L->path,
                                     L->line, L->col + 1, t->names[L->col]);
            return;
        }
        if (memchr(s, '\0', len)) {
            L->status = ec_error_set(L->err, EC_EDATA,
                                     "%s:%zu: column %zu '%s': the cell contains a NUL byte; is the file binary or "
                                     "UTF-16? Save it as UTF-8 or ASCII text",
                                     L->path, L->line, L->col + 1, t->names[L->col]);
            return;
        }
        memcpy(buf, s, len);
        buf[len] = '\0';
        errno = 0;
        x = strtod(buf, &end);
        if (end == buf || end != buf + len) { /* also an embedded NUL byte */
            L->status = ec_error_set(L->err, EC_EDATA, "%s:%zu: column %zu '%s': '%s' is not a number", L->path, L->line,
                                     L->col + 1, t->names[L->col], buf);
            return;
        }
    }
    t->values[t->n_rows * t->n_cols + L->col++] = x;
}

static void on_row(int c, void *data)
{
    loader *L = data;
    (void)c;
    if (L->status) return;
    if (!L->header_done) {
        L->header_done = 1;
    } else if (L->col > 0) {
        if (L->col < L->t->n_cols) { /* empty cells are written as such: a short row is damage */
            L->status = ec_error_set(L->err, EC_EDATA, "%s:%zu: %zu fields where the header has %zu; is the file "
                                     "truncated?", L->path, L->line, L->col, L->t->n_cols);
            return;
        }
        L->t->n_rows++;
    }
    L->col = 0;
    L->line++;
}

ec_table *ec_table_load_csv(const char *path, ec_error *err)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        ec_error_set(err, EC_EIO, "cannot open '%s': %s", path, strerror(errno));
        return NULL;
    }
    ec_table *t = calloc(1, sizeof *t);
    struct csv_parser p;
    if (!t || csv_init(&p, CSV_APPEND_NULL) != 0) {
        free(t);
        fclose(fp);
        ec_error_set(err, EC_ENOMEM, "out of memory");
        return NULL;
    }
    loader L = {t, path, 1, 0, 0, 0, 0, err};
    /* Line by line, so that whole-line '#' comments (version, seed) can be skipped. */
    char *line = NULL;
    size_t linecap = 0;
    ssize_t got;
    while (!L.status && (got = getline(&line, &linecap, fp)) > 0) {
        if (line[0] == '#') {
            if (L.line == 1 && !(t->comment = strndup(line, strcspn(line, "\r\n")))) {
                L.status = ec_error_set(err, EC_ENOMEM, "out of memory");
                break;
            }
            L.line++;
            continue;
        }
        if (csv_parse(&p, line, (size_t)got, on_field, on_row, &L) != (size_t)got && !L.status)
            L.status = ec_error_set(err, EC_EDATA, "%s:%zu: %s", path, L.line, csv_strerror(csv_error(&p)));
    }
    free(line);
    if (!L.status) csv_fini(&p, on_field, on_row, &L);
    csv_free(&p);
    if (!L.status && ferror(fp)) L.status = ec_error_set(err, EC_EIO, "error reading '%s'", path);
    fclose(fp);
    if (!L.status && (t->n_cols == 0 || t->n_rows == 0)) L.status = ec_error_set(err, EC_EDATA, "%s: no data rows", path);
    if (L.status) {
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
    free(t->comment);
    free(t);
}
