/*
 * ec_dataset.c — loading scaling-law datasets from CSV (see ec_dataset.h).
 *
 * Approach:
 *   - The file is read record by record with ec_csv_read() (ec_csv.h), which
 *     feeds libcsv in strict mode, skips comment and blank lines outside
 *     quoted fields and the BOM, gives the physical line on which each record
 *     starts (every error message names it) and the SHA-256 of the file's
 *     bytes; its own errors (malformed CSV, unclosed quotes) end the load.
 *     It also skips a record whose fields are all empty (",,,").
 *   - A record shorter than the header has empty trailing cells; one longer
 *     than the header is an error only if an extra field is non-empty (the
 *     usual sign of an unquoted comma that would shift every column).
 *   - The first record is the header. Mapped header names are looked up once;
 *     each later record is converted with ec_parse_decimal (exact, strtod's
 *     value bit for bit) or, for what it does not take, strtod (in the "C"
 *     locale, so a host program's setlocale() cannot turn '.' into a
 *     non-decimal point)
 *     and appended to growable column arrays.
 *   - Row filters (--where) are resolved against the header with the mapped
 *     columns and applied to each record before anything else is checked, so
 *     a filter can remove rows whose mapped cells are empty or invalid. A
 *     filter value is parsed once; a cell is compared as a number when both
 *     parse as numbers, else as a decimal year when both parse as dates or
 *     one is a date and the other a number, else as exact text (= and != only).
 * Nothing here prints, exits or aborts; all failures go through ec_error_set.
 */
#include "ec_dataset.h"

#include "ec_csv.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- roles */

static const char *const role_names[EC_ROLE_COUNT] = {
    "N", "D", "C", "L", "date", "weight", "x", "y", "name"
};

#define VALID_ROLES "N, D, C, L, date, weight, x, y, name"
#define MAP_SYNTAX "expected ROLE=HEADER[,ROLE=HEADER...], e.g. " \
    "\"N=Model Size,C=Training FLOP,L=loss\" (quote a header that contains " \
    "a comma: name=\"Size, B\")"

const char *ec_role_name(ec_role role)
{
    if ((int)role < 0 || role >= EC_ROLE_COUNT)
        return NULL;
    return role_names[role];
}

int ec_role_from_name(const char *name)
{
    if (!name)
        return -1;
    for (int r = 0; r < EC_ROLE_COUNT; r++)
        if (strcmp(name, role_names[r]) == 0)
            return r;
    return -1;
}

/* Roles that must be strictly positive. */
static int role_positive(int r)
{
    return r == EC_ROLE_N || r == EC_ROLE_D || r == EC_ROLE_C || r == EC_ROLE_L;
}

/* ----------------------------------------------------------- column map */

void ec_column_map_clear(ec_column_map *map)
{
    if (!map)
        return;
    for (int r = 0; r < EC_ROLE_COUNT; r++) {
        free(map->column[r]);
        map->column[r] = NULL;
    }
}

static int is_blank_char(char c)
{
    return c == ' ' || c == '\t';
}

/* Case-insensitive role lookup, used only to suggest a spelling. */
static int role_from_name_nocase(const char *name)
{
    for (int r = 0; r < EC_ROLE_COUNT; r++) {
        const char *a = name, *b = role_names[r];
        while (*a && *b && tolower((unsigned char)*a) == tolower((unsigned char)*b)) {
            a++;
            b++;
        }
        if (!*a && !*b)
            return r;
    }
    return -1;
}

static char *dup_range(const char *s, size_t len)
{
    char *d = malloc(len + 1);
    if (d) {
        memcpy(d, s, len);
        d[len] = '\0';
    }
    return d;
}

/*
 * Parses one "ROLE=HEADER" item starting at *pp; on success stores the role
 * and a malloc'ed header name and leaves *pp at the ',' or '\0' after it.
 */
static int parse_map_item(const char **pp, int item, int *role_out, char **name_out,
                          ec_error *err)
{
    const char *p = *pp;
    while (is_blank_char(*p))
        p++;
    const char *role_start = p;
    while (*p && *p != '=' && *p != ',')
        p++;
    if (*p != '=') {
        size_t len = (size_t)(p - role_start);
        if (len == 0)
            return ec_error_set(err, EC_EINVAL, "column map: item %d is empty; %s",
                                item, MAP_SYNTAX);
        return ec_error_set(err, EC_EINVAL, "column map: item %d '%.*s' has no '='; %s",
                            item, (int)len, role_start, MAP_SYNTAX);
    }
    const char *role_end = p;
    while (role_end > role_start && is_blank_char(role_end[-1]))
        role_end--;
    size_t role_len = (size_t)(role_end - role_start);
    char role_buf[32];
    if (role_len == 0)
        return ec_error_set(err, EC_EINVAL, "column map: item %d has no role before '='; %s",
                            item, MAP_SYNTAX);
    int role = -1;
    if (role_len < sizeof role_buf) {
        memcpy(role_buf, role_start, role_len);
        role_buf[role_len] = '\0';
        role = ec_role_from_name(role_buf);
    }
    if (role < 0) {
        int guess = role_len < sizeof role_buf ? role_from_name_nocase(role_buf) : -1;
        if (guess >= 0)
            return ec_error_set(err, EC_EINVAL,
                                "column map: unknown role '%.*s' (roles are case-sensitive: "
                                "did you mean '%s'?); valid roles: " VALID_ROLES,
                                (int)role_len, role_start, role_names[guess]);
        return ec_error_set(err, EC_EINVAL,
                            "column map: unknown role '%.*s'; valid roles: " VALID_ROLES,
                            (int)role_len, role_start);
    }

    p++; /* past '=' */
    while (is_blank_char(*p))
        p++;
    char *name = NULL;
    int quoted = *p == '"';
    if (quoted) {
        /* Quoted header name: kept verbatim, "" stands for one quote. */
        size_t cap = strlen(p) + 1, len = 0;
        name = malloc(cap);
        if (!name)
            return ec_error_set(err, EC_ENOMEM, "column map: out of memory");
        p++;
        for (;;) {
            if (*p == '\0') {
                free(name);
                return ec_error_set(err, EC_EINVAL,
                                    "column map: role %s: quoted header name is not closed; "
                                    "add the closing '\"'", role_names[role]);
            }
            if (*p == '"') {
                if (p[1] == '"') {
                    name[len++] = '"';
                    p += 2;
                    continue;
                }
                p++;
                break;
            }
            name[len++] = *p++;
        }
        name[len] = '\0';
        while (is_blank_char(*p))
            p++;
        if (*p != ',' && *p != '\0') {
            free(name);
            return ec_error_set(err, EC_EINVAL,
                                "column map: role %s: unexpected text after the closing quote; "
                                "%s", role_names[role], MAP_SYNTAX);
        }
    } else {
        const char *start = p;
        while (*p && *p != ',')
            p++;
        const char *end = p;
        while (end > start && is_blank_char(end[-1]))
            end--;
        name = dup_range(start, (size_t)(end - start));
        if (!name)
            return ec_error_set(err, EC_ENOMEM, "column map: out of memory");
    }
    if (name[0] == '\0' && !quoted) { /* x="" maps a column whose header is empty */
        free(name);
        return ec_error_set(err, EC_EINVAL,
                            "column map: role %s has an empty header name (write %s=\"\" for a "
                            "column whose header is empty); %s",
                            role_names[role], role_names[role], MAP_SYNTAX);
    }
    *role_out = role;
    *name_out = name;
    *pp = p;
    return EC_OK;
}

int ec_column_map_parse(ec_column_map *map, const char *spec, ec_error *err)
{
    if (!map)
        return ec_error_set(err, EC_EINVAL, "column map: no map to fill (NULL)");
    ec_column_map_clear(map);

    const char *p = spec;
    if (p)
        while (is_blank_char(*p))
            p++;
    if (!p || *p == '\0')
        return ec_error_set(err, EC_EINVAL, "column map is empty; %s", MAP_SYNTAX);

    for (int item = 1;; item++) {
        int role = -1;
        char *name = NULL;
        int rc = parse_map_item(&p, item, &role, &name, err);
        if (rc) {
            ec_column_map_clear(map);
            return rc;
        }
        if (map->column[role]) {
            rc = ec_error_set(err, EC_EINVAL,
                              "column map: role %s is given twice ('%s' and '%s'); "
                              "map each role once", role_names[role], map->column[role], name);
            free(name);
            ec_column_map_clear(map);
            return rc;
        }
        /* One column for two numeric roles makes a meaningless fit (N and C from one column
         * gives D = 1/6 everywhere); x may share C's column and y L's, which they alias. */
        for (int r = 0; r < EC_ROLE_NAME; r++) {
            if (r == (int)role || !map->column[r] || strcmp(map->column[r], name) != 0 ||
                (int)role == EC_ROLE_NAME)
                continue;
            int alias = (r == EC_ROLE_X && role == EC_ROLE_C) || (r == EC_ROLE_C && role == EC_ROLE_X) ||
                        (r == EC_ROLE_Y && role == EC_ROLE_L) || (r == EC_ROLE_L && role == EC_ROLE_Y);
            if (alias)
                continue;
            rc = ec_error_set(err, EC_EINVAL,
                              "column map: header '%s' is mapped to both %s and %s; map each role to its own "
                              "column (D and C are derived from each other when only one is mapped)",
                              name, role_names[r], role_names[role]);
            free(name);
            ec_column_map_clear(map);
            return rc;
        }
        map->column[role] = name;
        if (*p == '\0')
            break;
        p++; /* past ',' */
    }
    return EC_OK;
}

/* --------------------------------------------------------------- filters */

static const char *const filter_ops[] = { "=", "!=", "<", "<=", ">", ">=" };
#define N_FILTER_OPS (sizeof filter_ops / sizeof filter_ops[0])

#define WHERE_SYNTAX "write COL=VALUE, COL!=VALUE, COL<VALUE, COL<=VALUE, COL>VALUE, " \
    "COL>=VALUE or COL!= (not empty)"

static int filter_op_valid(ec_filter_op op)
{
    return (int)op >= 0 && (size_t)op < N_FILTER_OPS;
}

static int filter_op_ordering(ec_filter_op op)
{
    return op == EC_FILTER_LT || op == EC_FILTER_LE || op == EC_FILTER_GT || op == EC_FILTER_GE;
}

void ec_filter_list_clear(ec_filter_list *list)
{
    if (!list)
        return;
    for (size_t i = 0; i < list->n; i++) {
        free(list->items[i].column);
        free(list->items[i].value);
    }
    free(list->items);
    list->items = NULL;
    list->n = 0;
}

static int parse_number_text(const char *s, size_t len, double *out);
static int parse_date_text(const char *s, size_t len, double *out);

int ec_filter_parse(ec_filter_list *list, const char *expr, ec_error *err)
{
    if (!list)
        return ec_error_set(err, EC_EINVAL, "--where: no filter list to fill (NULL)");
    if (!expr)
        return ec_error_set(err, EC_EINVAL, "--where: no expression (NULL); " WHERE_SYNTAX);

    /* Operators are looked for at the first operator character only, longest first. */
    static const struct { const char *text; ec_filter_op op; } ops[] = {
        { "<=", EC_FILTER_LE }, { ">=", EC_FILTER_GE }, { "!=", EC_FILTER_NE },
        { "=", EC_FILTER_EQ },  { "<", EC_FILTER_LT },  { ">", EC_FILTER_GT },
    };
    const char *at = strpbrk(expr, "<>=!");
    size_t k = sizeof ops / sizeof ops[0];
    if (at)
        for (k = 0; k < sizeof ops / sizeof ops[0]; k++)
            if (strncmp(at, ops[k].text, strlen(ops[k].text)) == 0)
                break;
    if (!at)
        return ec_error_set(err, EC_EINVAL, "--where '%s': no operator; " WHERE_SYNTAX, expr);
    if (k == sizeof ops / sizeof ops[0]) /* a lone '!' */
        return ec_error_set(err, EC_EINVAL,
                            "--where '%s': '!' is not an operator (did you mean '!='?); "
                            WHERE_SYNTAX, expr);
    ec_filter_op op = ops[k].op;

    const char *cs = expr, *ce = at;
    while (cs < ce && is_blank_char(*cs))
        cs++;
    while (ce > cs && is_blank_char(ce[-1]))
        ce--;
    if (ce == cs)
        return ec_error_set(err, EC_EINVAL,
                            "--where '%s': no column name before '%s'; " WHERE_SYNTAX, expr,
                            ops[k].text);

    const char *vs = at + strlen(ops[k].text), *ve = vs + strlen(vs);
    while (vs < ve && is_blank_char(*vs))
        vs++;
    while (ve > vs && is_blank_char(ve[-1]))
        ve--;
    if (ve == vs && filter_op_ordering(op))
        return ec_error_set(err, EC_EINVAL,
                            "--where '%s': '%s' needs a value after it; " WHERE_SYNTAX, expr,
                            ops[k].text);

    if (filter_op_ordering(op)) {
        /* <, <=, >, >= compare numbers or dates only: text here is a mistake, not a filter. */
        char tmp[128];
        size_t vl = (size_t)(ve - vs);
        double dummy;
        if (vl < sizeof tmp) {
            memcpy(tmp, vs, vl);
            tmp[vl] = '\0';
        }
        if (vl >= sizeof tmp || (!parse_number_text(tmp, vl, &dummy) && !parse_date_text(tmp, vl, &dummy)))
            return ec_error_set(err, EC_EINVAL,
                                "--where '%s': '%.*s' is not a number or a date (YYYY, YYYY-MM, YYYY-MM-DD); '%s' "
                                "compares numbers or dates",
                                expr, (int)(vl < 60 ? vl : 60), vs, ops[k].text);
    }
    char *column = dup_range(cs, (size_t)(ce - cs));
    char *value = dup_range(vs, (size_t)(ve - vs));
    ec_filter *items = column && value ? realloc(list->items, (list->n + 1) * sizeof *items)
                                       : NULL;
    if (!items) {
        free(column);
        free(value);
        return ec_error_set(err, EC_ENOMEM, "--where '%s': out of memory", expr);
    }
    list->items = items;
    list->items[list->n].column = column;
    list->items[list->n].op = op;
    list->items[list->n].value = value;
    list->n++;
    return EC_OK;
}

/* Writes "COLUMN OP VALUE" (as the filter would be written) into buf. */
static void filter_expr(const ec_filter *f, char *buf, size_t cap)
{
    snprintf(buf, cap, "%s%s%s", f->column ? f->column : "",
             filter_op_valid(f->op) ? filter_ops[f->op] : "?", f->value ? f->value : "");
}

/* Writes "'A', 'B', ..." for the filters into buf, ending with a count of those that did not fit. */
static void list_filters(const ec_filter_list *fl, char *buf, size_t cap)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < fl->n; i++) {
        char expr[256], more[48];
        filter_expr(&fl->items[i], expr, sizeof expr);
        size_t need = strlen(expr) + 4;
        snprintf(more, sizeof more, ", ... (%zu more)", fl->n - i);
        if (used + need + sizeof more >= cap) {
            snprintf(buf + used, cap - used, "%s", i ? more : more + 2);
            return;
        }
        used += (size_t)snprintf(buf + used, cap - used, "%s'%s'", i ? ", " : "", expr);
    }
}

/* A filter as used while loading: header index and the value pre-parsed. */
typedef struct filter_rt {
    int col;               /* header index */
    int has_num, has_date; /* the value parses as a number / a date */
    double num, date;
    size_t vlen;
} filter_rt;

static void filter_rt_init(filter_rt *rt, const ec_filter *f);

/* -------------------------------------------------------------- dataset */

void ec_dataset_free(ec_dataset *ds)
{
    if (!ds)
        return;
    for (int r = 0; r < EC_ROLE_NAME; r++)
        free(ds->col[r]);
    if (ds->name)
        for (size_t i = 0; i < ds->n; i++)
            free(ds->name[i]);
    free(ds->name);
    free(ds->line);
    free(ds->path);
    free(ds);
}

typedef struct load_ctx {
    const char *path;
    const ec_column_map *map;
    ec_error *err;
    int status;            /* first error, EC_OK while fine */

    /* The record being processed (set by on_record, valid during the call only). */
    size_t rec_line;       /* physical line where it starts */
    ec_csv_cell *cells;    /* its fields */
    size_t ncells;

    char **header;         /* header names, once read */
    size_t nheader;
    size_t header_line;
    int idx[EC_ROLE_COUNT]; /* header index per mapped role, -1 if unmapped */
    int derive_d, derive_c;

    const ec_filter_list *filters; /* NULL when there are none */
    struct filter_rt *frt; /* per filter: header index and parsed value */
    char *scratch;         /* trimmed copy of a filtered cell */
    size_t scratch_cap;

    int skip_short;        /* skip (1) or refuse (0) a short row missing a needed cell */
    size_t need_filter;    /* 1 + highest header index a filter reads (0: none) */
    size_t need_map;       /* 1 + highest header index a mapped role reads */

    ec_dataset *ds;
    size_t cap;            /* allocated rows in ds arrays */
    size_t n_records;      /* data records seen (kept, skipped or filtered) */
} load_ctx;

#define SHOW_MAX 80 /* longest cell text quoted in a message */

static int fail_nomem(load_ctx *c)
{
    c->status = ec_error_set(c->err, EC_ENOMEM, "%s:%zu: out of memory", c->path, c->rec_line);
    return c->status;
}

/* Appends "'a', 'b', ..." to buf (size cap), ending with a count of names that did not fit. */
static void list_header(const load_ctx *c, char *buf, size_t cap)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < c->nheader; i++) {
        char more[48];
        size_t need = strlen(c->header[i]) + 4;
        snprintf(more, sizeof more, ", ... (%zu more)", c->nheader - i);
        if (used + need + sizeof more >= cap) {
            snprintf(buf + used, cap - used, "%s", i ? more : more + 2);
            return;
        }
        used += (size_t)snprintf(buf + used, cap - used, "%s'%s'", i ? ", " : "", c->header[i]);
    }
}

static int process_header(load_ctx *c)
{
    c->header = calloc(c->ncells ? c->ncells : 1, sizeof *c->header);
    if (!c->header)
        return fail_nomem(c);
    c->nheader = c->ncells;
    c->header_line = c->rec_line;
    for (size_t i = 0; i < c->ncells; i++) {
        c->header[i] = dup_range(c->cells[i].s, c->cells[i].len);
        if (!c->header[i])
            return fail_nomem(c);
    }

    char missing[512];
    size_t used = 0, nmissing = 0;
    missing[0] = '\0';
    for (int r = 0; r < EC_ROLE_COUNT; r++) {
        const char *want = c->map->column[r];
        c->idx[r] = -1;
        if (!want)
            continue;
        for (size_t i = 0; i < c->nheader; i++) {
            if (strcmp(c->header[i], want) != 0)
                continue;
            if (c->idx[r] >= 0) {
                c->status = ec_error_set(c->err, EC_EDATA,
                                         "%s:%zu: header '%s' (role %s) appears twice, as "
                                         "columns %d and %zu; rename one of them",
                                         c->path, c->header_line, want, role_names[r],
                                         c->idx[r] + 1, i + 1);
                return c->status;
            }
            c->idx[r] = (int)i;
        }
        if (c->idx[r] < 0) {
            if (used < sizeof missing)
                used += (size_t)snprintf(missing + used, sizeof missing - used, "%s'%s' (role %s)",
                                         nmissing ? ", " : "", want, role_names[r]);
            nmissing++;
        }
    }
    size_t nmissing_map = nmissing;
    size_t nfilters = c->filters ? c->filters->n : 0;
    for (size_t k = 0; k < nfilters; k++) {
        const ec_filter *f = &c->filters->items[k];
        char expr[256];
        filter_expr(f, expr, sizeof expr);
        filter_rt_init(&c->frt[k], f); /* in the "C" locale of the reader's callback */
        for (size_t i = 0; i < c->nheader; i++) {
            if (strcmp(c->header[i], f->column) != 0)
                continue;
            if (c->frt[k].col >= 0) {
                c->status = ec_error_set(c->err, EC_EDATA,
                                         "%s:%zu: header '%s' (--where '%s') appears twice, as "
                                         "columns %d and %zu; rename one of them",
                                         c->path, c->header_line, f->column, expr,
                                         c->frt[k].col + 1, i + 1);
                return c->status;
            }
            c->frt[k].col = (int)i;
        }
        if (c->frt[k].col < 0) {
            if (used < sizeof missing)
                used += (size_t)snprintf(missing + used, sizeof missing - used,
                                         "%s'%s' (--where '%s')", nmissing ? ", " : "",
                                         f->column, expr);
            nmissing++;
        }
    }
    if (nmissing) {
        /* Size the header list to what is left of the message, so that a long
         * header ends in "... (K more)" rather than being cut mid-name. */
        char prefix[sizeof missing + 256], have[sizeof c->err->message];
        const char *what = nmissing_map == 0        ? "--where filters"
                           : nmissing_map < nmissing ? "column map and --where filters"
                                                     : "column map";
        int plen = snprintf(prefix, sizeof prefix,
                            "%s:%zu: column%s %s not found in the header; check the %s "
                            "against the header names: ",
                            c->path, c->header_line, nmissing > 1 ? "s" : "", missing, what);
        size_t room = sizeof have;
        if (plen > 0 && (size_t)plen + 64 < room)
            room -= (size_t)plen;
        else
            room = 64;
        list_header(c, have, room);
        c->status = ec_error_set(c->err, EC_EDATA, "%s%s", prefix, have);
        return c->status;
    }
    for (int r = 0; r < EC_ROLE_COUNT; r++)
        if (c->idx[r] >= 0 && (size_t)c->idx[r] + 1 > c->need_map)
            c->need_map = (size_t)c->idx[r] + 1;
    for (size_t k = 0; k < nfilters; k++)
        if ((size_t)c->frt[k].col + 1 > c->need_filter)
            c->need_filter = (size_t)c->frt[k].col + 1;
    c->derive_d = !c->map->column[EC_ROLE_D] && c->map->column[EC_ROLE_N] &&
                  c->map->column[EC_ROLE_C];
    c->derive_c = !c->map->column[EC_ROLE_C] && c->map->column[EC_ROLE_N] &&
                  c->map->column[EC_ROLE_D];
    if (c->derive_d)
        c->ds->derived |= 1u << EC_ROLE_D;
    if (c->derive_c)
        c->ds->derived |= 1u << EC_ROLE_C;
    return EC_OK;
}

/* Trims spaces, tabs, CR and LF from both ends of a cell in place; returns the start. */
/* Blank for trimming; not strchr(" \t\r\n", c), which also matches the NUL byte. */
static int is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static char *trim_cell(char *s, size_t *len)
{
    size_t n = *len;
    while (n && is_blank(s[n - 1]))
        n--;
    s[n] = '\0';
    while (*s && is_blank(*s)) {
        s++;
        n--;
    }
    *len = n;
    return s;
}

static int is_leap(long y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Reads exactly `lo`..`hi` digits; returns the number of digits read or 0. */
static int read_digits(const char *s, int lo, int hi, long *v)
{
    int n = 0;
    *v = 0;
    while (n < hi && isdigit((unsigned char)s[n]))
        *v = *v * 10 + (s[n++] - '0');
    return n >= lo ? n : 0;
}

/*
 * Date cell to decimal year. YYYY-MM-DD gives year + (day_of_year - 1) /
 * days_in_year; YYYY-MM means the 1st of that month; YYYY alone (or any
 * plain number) is taken as is, i.e. YYYY means 1 January (YYYY.0), not
 * mid-year. Returns 1 if parsed as a calendar date, 0 if the text is not in
 * date form (caller tries a plain number), -1 if it is a date form with an
 * impossible month or day.
 */
static int parse_date(const char *s, double *out)
{
    static const int mdays[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    long y, m, d = 1;
    int k = read_digits(s, 4, 4, &y);
    if (!k || s[k] != '-')
        return 0;
    s += k + 1;
    k = read_digits(s, 1, 2, &m);
    if (!k)
        return 0;
    s += k;
    if (*s == '-') {
        k = read_digits(s + 1, 1, 2, &d);
        if (!k)
            return 0;
        s += k + 1;
    }
    if (*s != '\0')
        return 0;
    if (m < 1 || m > 12)
        return -1;
    int dim = mdays[m - 1] + (m == 2 && is_leap(y));
    if (d < 1 || d > dim)
        return -1;
    long doy = d;
    for (long i = 1; i < m; i++)
        doy += mdays[i - 1] + (i == 2 && is_leap(y));
    *out = (double)y + (double)(doy - 1) / (is_leap(y) ? 366.0 : 365.0);
    return 1;
}

/* Converts the cell of role r in field index col; on failure sets the error. */
static int convert_cell(load_ctx *c, int r, int col, const char *text, size_t tlen,
                        double *out)
{
    const char *hdr = c->header[col];
    int show = tlen > SHOW_MAX ? SHOW_MAX : (int)tlen;
    const char *ell = tlen > SHOW_MAX ? "..." : "";

    if (r == EC_ROLE_DATE || r == EC_ROLE_X) { /* x may be a date too (time trends) */
        int dr = parse_date(text, out);
        if (dr == 1)
            return EC_OK;
        if (dr < 0) {
            c->status = ec_error_set(c->err, EC_EDATA,
                                     "%s:%zu: column %d '%s': '%.*s%s' is not a valid date "
                                     "(month or day out of range)",
                                     c->path, c->rec_line, col + 1, hdr, show, text, ell);
            return c->status;
        }
    }

    double v;
    if (ec_parse_decimal(text, tlen, &v)) /* a plain decimal: finite, no range error */
        goto check_domain;
    if (memchr(text, '\0', tlen)) {
        c->status = ec_error_set(c->err, EC_EDATA,
                                 "%s:%zu: column %d '%s': the cell contains a NUL byte; is the file "
                                 "binary or UTF-16? Save it as UTF-8 or ASCII text",
                                 c->path, c->rec_line, col + 1, hdr);
        return c->status;
    }
    char *end;
    errno = 0;
    v = strtod(text, &end);
    /* strtod also reads hexadecimal ("0x10"): not a decimal number, so refused below. */
    int hex = memchr(text, 'x', tlen) != NULL || memchr(text, 'X', tlen) != NULL;
    if (end == text || end != text + tlen || hex) { /* also catches an embedded NUL byte */
        c->status = ec_error_set(c->err, EC_EDATA,
                                 "%s:%zu: column %d '%s': '%.*s%s' is not a %s; fix the cell, "
                                 "or leave it empty to skip the row",
                                 c->path, c->rec_line, col + 1, hdr, show, text, ell,
                                 r == EC_ROLE_DATE
                                     ? "date (use YYYY, YYYY-MM, YYYY-MM-DD or a decimal year)"
                                     : r == EC_ROLE_X ? "number or date (YYYY-MM-DD)" : "number");
        return c->status;
    }
    if (!isfinite(v)) {
        c->status = ec_error_set(c->err, EC_EDATA,
                                 "%s:%zu: column %d '%s': '%.*s%s' is not a finite number (nan, "
                                 "inf and values beyond about 1.8e308 are refused); fix the cell, "
                                 "or leave it empty to skip the row",
                                 c->path, c->rec_line, col + 1, hdr, show, text, ell);
        return c->status;
    }
    if (errno == ERANGE) { /* underflow: too small for a double (e.g. 1e-400) */
        c->status = ec_error_set(c->err, EC_EDATA,
                                 "%s:%zu: column %d '%s': '%.*s%s' is too small for double precision "
                                 "(below about 1e-308); rescale the column",
                                 c->path, c->rec_line, col + 1, hdr, show, text, ell);
        return c->status;
    }
check_domain:
    if (role_positive(r) && !(v > 0)) {
        c->status = ec_error_set(c->err, EC_EDATA,
                                 "%s:%zu: column %d '%s': value '%.*s%s' must be positive "
                                 "(> 0) for role %s; fix or remove the row",
                                 c->path, c->rec_line, col + 1, hdr, show, text, ell,
                                 role_names[r]);
        return c->status;
    }
    if (r == EC_ROLE_WEIGHT && !(v >= 0)) {
        c->status = ec_error_set(c->err, EC_EDATA,
                                 "%s:%zu: column %d '%s': weight '%.*s%s' must not be negative",
                                 c->path, c->rec_line, col + 1, hdr, show, text, ell);
        return c->status;
    }
    *out = v;
    return EC_OK;
}

/* ------------------------------------------------------- filter matching */

/* The whole of s[0..len) as a finite number (s is NUL-terminated at len). */
static int parse_number_text(const char *s, size_t len, double *out)
{
    if (len == 0)
        return 0;
    double v;
    if (ec_parse_decimal(s, len, &v)) {
        *out = v;
        return 1;
    }
    char *end;
    v = strtod(s, &end);
    if (end != s + len || !isfinite(v))
        return 0;
    *out = v;
    return 1;
}

/* The text as a date (YYYY, YYYY-MM or YYYY-MM-DD) in decimal years. */
static int parse_date_text(const char *s, size_t len, double *out)
{
    long y;
    if (len == 4 && read_digits(s, 4, 4, &y) == 4) {
        *out = (double)y;
        return 1;
    }
    return strlen(s) == len && parse_date(s, out) == 1;
}

/* Pre-parses the filter values (after the header has given each its column). */
static void filter_rt_init(filter_rt *rt, const ec_filter *f)
{
    const char *v = f->value ? f->value : "";
    rt->col = -1;
    rt->vlen = strlen(v);
    rt->has_num = parse_number_text(v, rt->vlen, &rt->num);
    rt->has_date = parse_date_text(v, rt->vlen, &rt->date);
}

static int compare_op(ec_filter_op op, double a, double b)
{
    switch (op) {
    case EC_FILTER_EQ: return a == b;
    case EC_FILTER_NE: return a != b;
    case EC_FILTER_LT: return a < b;
    case EC_FILTER_LE: return a <= b;
    case EC_FILTER_GT: return a > b;
    case EC_FILTER_GE: return a >= b;
    }
    return 0;
}

/* Whether the trimmed cell text s[0..len) passes the filter. */
static int filter_pass(const filter_rt *rt, const ec_filter *f, const char *s, size_t len)
{
    if (len == 0) /* empty differs from a non-empty value, and fails everything else */
        return f->op == EC_FILTER_NE && rt->vlen > 0;
    if (f->op == EC_FILTER_NE && rt->vlen == 0) /* COL!= : not empty */
        return 1;
    double a;
    if (rt->has_num && parse_number_text(s, len, &a))
        return compare_op(f->op, a, rt->num);
    if (rt->has_date && parse_date_text(s, len, &a))
        return compare_op(f->op, a, rt->date);
    /* One side a number, the other a date: both as decimal years, as the date role reads a
     * column that mixes the two (a cell 2021-06-01 is 2021.41, below a value 2021.5). */
    if (rt->has_num && parse_date_text(s, len, &a))
        return compare_op(f->op, a, rt->num);
    if (rt->has_date && parse_number_text(s, len, &a))
        return compare_op(f->op, a, rt->date);
    int same = len == rt->vlen && memcmp(s, f->value, len) == 0;
    if (f->op == EC_FILTER_EQ)
        return same;
    if (f->op == EC_FILTER_NE)
        return !same;
    return 0; /* ordering against text */
}

/* Whether the current record passes every filter; -1 on out of memory. */
static int row_passes(load_ctx *c)
{
    size_t nf = c->filters ? c->filters->n : 0;
    for (size_t k = 0; k < nf; k++) {
        int col = c->frt[k].col;
        size_t len = (size_t)col < c->ncells ? c->cells[col].len : 0;
        /* Trim a copy: the cell itself may still be needed verbatim (name role). */
        if (len + 1 > c->scratch_cap) {
            char *ns = realloc(c->scratch, len + 1);
            if (!ns) {
                fail_nomem(c);
                return -1;
            }
            c->scratch = ns;
            c->scratch_cap = len + 1;
        }
        if (len)
            memcpy(c->scratch, c->cells[col].s, len);
        c->scratch[len] = '\0';
        const char *s = trim_cell(c->scratch, &len);
        if (!filter_pass(&c->frt[k], &c->filters->items[k], s, len))
            return 0;
    }
    return 1;
}

static int grow_dataset(load_ctx *c)
{
    ec_dataset *ds = c->ds;
    size_t ncap = c->cap ? 2 * c->cap : 64;
    for (int r = 0; r < EC_ROLE_NAME; r++) {
        int present = c->idx[r] >= 0 || (r == EC_ROLE_D && c->derive_d) ||
                      (r == EC_ROLE_C && c->derive_c);
        if (!present)
            continue;
        double *p = realloc(ds->col[r], ncap * sizeof *p);
        if (!p)
            return fail_nomem(c);
        ds->col[r] = p;
    }
    if (c->idx[EC_ROLE_NAME] >= 0) {
        char **p = realloc(ds->name, ncap * sizeof *p);
        if (!p)
            return fail_nomem(c);
        ds->name = p;
    }
    size_t *l = realloc(ds->line, ncap * sizeof *l);
    if (!l)
        return fail_nomem(c);
    ds->line = l;
    c->cap = ncap;
    return EC_OK;
}

/*
 * A row with fewer fields than the header that lacks a cell some mapped column or
 * filter needs: skipped and counted with skip_short_rows, else refused, naming the
 * first such column.
 */
static int short_row(load_ctx *c)
{
    if (c->skip_short) {
        c->ds->n_skipped_short++;
        c->ds->n_skipped_empty++; /* its mapped cell is missing: counted with the empty ones */
        return EC_OK;
    }
    size_t first = SIZE_MAX, more = 0;
    char what[300] = "";
    for (int r = 0; r < EC_ROLE_COUNT; r++) {
        if (c->idx[r] < 0 || (size_t)c->idx[r] < c->ncells)
            continue;
        more++;
        if ((size_t)c->idx[r] < first) {
            first = (size_t)c->idx[r];
            snprintf(what, sizeof what, "role %s", role_names[r]);
        }
    }
    size_t nf = c->filters ? c->filters->n : 0;
    for (size_t k = 0; k < nf; k++) {
        if ((size_t)c->frt[k].col < c->ncells)
            continue;
        more++;
        if ((size_t)c->frt[k].col < first) {
            char expr[256];
            filter_expr(&c->filters->items[k], expr, sizeof expr);
            first = (size_t)c->frt[k].col;
            snprintf(what, sizeof what, "--where '%.200s'", expr);
        }
    }
    /* roles or filters sharing the first column are one column, not more */
    size_t same = 0;
    for (int r = 0; r < EC_ROLE_COUNT; r++)
        same += c->idx[r] >= 0 && (size_t)c->idx[r] == first;
    for (size_t k = 0; k < nf; k++)
        same += (size_t)c->frt[k].col == first;
    more -= same;
    char tail[64] = "";
    if (more)
        snprintf(tail, sizeof tail, " (and %zu more column%s used)", more, more > 1 ? "s" : "");
    c->status = ec_error_set(c->err, EC_EDATA,
                             "%s:%zu: the row has %zu fields but the header (line %zu) has %zu: "
                             "column %zu '%s' (%s) is missing%s; is the file truncated? Complete "
                             "the row (write an empty cell as ',,'), or skip short rows "
                             "(skip_short_rows)",
                             c->path, c->rec_line, c->ncells, c->header_line, c->nheader,
                             first + 1, c->header[first], what, tail);
    return c->status;
}

static int process_row(load_ctx *c)
{
    for (size_t i = c->nheader; i < c->ncells; i++) {
        size_t len = c->cells[i].len;
        if (*trim_cell(c->cells[i].s, &len)) {
            c->status = ec_error_set(c->err, EC_EDATA,
                                     "%s:%zu: record has %zu fields but the header (line %zu) "
                                     "has %zu; quote fields that contain commas",
                                     c->path, c->rec_line, c->ncells, c->header_line, c->nheader);
            return c->status;
        }
    }
    c->n_records++;
    int is_short = c->ncells < c->nheader;
    if (is_short)
        c->ds->n_short++;
    /* A short row is refused (or skipped) when a cell that a filter reads is missing... */
    if (is_short && c->ncells < c->need_filter)
        return short_row(c);

    /* Filters first: a row they exclude is never checked further. */
    int pass = row_passes(c);
    if (pass < 0)
        return c->status;
    if (!pass) {
        c->ds->n_filtered++;
        return EC_OK;
    }
    /* ... or, once it passes the filters, a cell of a mapped column. */
    if (is_short && c->ncells < c->need_map)
        return short_row(c);

    char *text[EC_ROLE_NAME];
    size_t tlen[EC_ROLE_NAME];
    for (int r = 0; r < EC_ROLE_NAME; r++) {
        text[r] = NULL;
        tlen[r] = 0;
        int col = c->idx[r];
        if (col < 0)
            continue;
        size_t len = c->cells[col].len;
        text[r] = trim_cell(c->cells[col].s, &len);
        tlen[r] = len;
        if (len == 0) {
            c->ds->n_skipped_empty++;
            return EC_OK;
        }
    }

    double v[EC_ROLE_NAME] = { 0 };
    for (int r = 0; r < EC_ROLE_NAME; r++)
        if (text[r] && convert_cell(c, r, c->idx[r], text[r], tlen[r], &v[r]))
            return c->status;
    if (c->derive_d)
        v[EC_ROLE_D] = v[EC_ROLE_C] / (6.0 * v[EC_ROLE_N]);
    if (c->derive_c)
        v[EC_ROLE_C] = 6.0 * v[EC_ROLE_N] * v[EC_ROLE_D];
    if ((c->derive_d && !(isfinite(v[EC_ROLE_D]) && v[EC_ROLE_D] > 0)) ||
        (c->derive_c && !(isfinite(v[EC_ROLE_C]) && v[EC_ROLE_C] > 0))) {
        c->status = ec_error_set(c->err, EC_EDATA,
                                 "%s:%zu: derived %s is not a finite positive number; check "
                                 "the N and %s cells",
                                 c->path, c->rec_line, c->derive_d ? "D = C/(6N)" : "C = 6ND",
                                 c->derive_d ? "C" : "D");
        return c->status;
    }

    if (c->idx[EC_ROLE_WEIGHT] >= 0 && v[EC_ROLE_WEIGHT] == 0.0) {
        c->ds->n_zero_weight++; /* a weight-0 point is absent */
        return EC_OK;
    }

    ec_dataset *ds = c->ds;
    if (ds->n == c->cap && grow_dataset(c))
        return c->status;
    if (c->idx[EC_ROLE_NAME] >= 0) {
        int col = c->idx[EC_ROLE_NAME];
        char *nm = dup_range(c->cells[col].s, c->cells[col].len); /* col < ncells: see short_row */
        if (!nm)
            return fail_nomem(c);
        ds->name[ds->n] = nm;
    }
    for (int r = 0; r < EC_ROLE_NAME; r++)
        if (ds->col[r])
            ds->col[r][ds->n] = v[r];
    ds->line[ds->n] = c->rec_line;
    ds->n++;
    return EC_OK;
}

/* Record callback: the first record is the header, the others are data rows. */
static int on_record(void *user, const ec_csv_record *rec, ec_error *err)
{
    load_ctx *c = user;
    (void)err; /* the same pointer as c->err */
    c->rec_line = rec->line;
    c->cells = rec->cells;
    c->ncells = rec->ncells;
    int rc = c->header ? process_row(c) : process_header(c);
    c->cells = NULL;
    c->ncells = 0;
    return rc;
}

static void load_ctx_free(load_ctx *c)
{
    if (c->header)
        for (size_t i = 0; i < c->nheader; i++)
            free(c->header[i]);
    free(c->header);
    free(c->frt);
    free(c->scratch);
}

static ec_dataset *load_csv(const char *path, const ec_column_map *map,
                            const ec_filter_list *filters, int skip_short, ec_error *err)
{
    if (!path) {
        ec_error_set(err, EC_EINVAL, "no CSV path given");
        return NULL;
    }
    if (!map) {
        ec_error_set(err, EC_EINVAL, "%s: no column map given", path);
        return NULL;
    }
    int numeric = 0;
    for (int r = 0; r < EC_ROLE_NAME; r++)
        numeric |= map->column[r] != NULL;
    if (!numeric) {
        ec_error_set(err, EC_EINVAL,
                     "%s: the column map has no numeric role; map at least one of "
                     "N, D, C, L, date, weight, x, y", path);
        return NULL;
    }
    if (filters && filters->n == 0)
        filters = NULL;
    if (filters) {
        if (!filters->items) {
            ec_error_set(err, EC_EINVAL, "%s: filter list has %zu filters but no items", path,
                         filters->n);
            return NULL;
        }
        for (size_t k = 0; k < filters->n; k++) {
            const ec_filter *f = &filters->items[k];
            if (!f->column || !filter_op_valid(f->op) ||
                (filter_op_ordering(f->op) && (!f->value || !f->value[0]))) {
                ec_error_set(err, EC_EINVAL,
                             "%s: filter %zu is incomplete (no column, an unknown operator, or "
                             "an ordering operator without a value); build filters with "
                             "ec_filter_parse()", path, k + 1);
                return NULL;
            }
        }
    }

    load_ctx c;
    memset(&c, 0, sizeof c);
    c.path = path;
    c.map = map;
    c.err = err;
    c.filters = filters;
    c.skip_short = skip_short != 0;
    if (filters)
        c.frt = calloc(filters->n, sizeof *c.frt);
    c.ds = calloc(1, sizeof *c.ds);
    if (c.ds)
        c.ds->path = dup_range(path, strlen(path));
    if (!c.ds || !c.ds->path || (filters && !c.frt)) {
        ec_error_set(err, EC_ENOMEM, "%s: out of memory", path);
        goto fail;
    }

    if (ec_csv_read(path, 0, on_record, &c, c.ds->sha256, err))
        goto fail;

    if (c.ds->n == 0) {
        if (!c.header)
            ec_error_set(err, EC_EDATA,
                         "no data rows in %s: the file has no header and no rows (only "
                         "comments or blank lines)", path);
        else if (c.n_records == 0)
            ec_error_set(err, EC_EDATA,
                         "no data rows in %s: nothing follows the header on line %zu",
                         path, c.header_line);
        else if (c.ds->n_zero_weight == c.n_records)
            ec_error_set(err, EC_EDATA,
                         "no data rows in %s: all %zu rows have weight 0 (a weight-0 row is left out); "
                         "check the weight column",
                         path, c.n_records);
        else if (c.ds->n_zero_weight > 0)
            ec_error_set(err, EC_EDATA,
                         "no data rows in %s: %zu of %zu rows have weight 0 (a weight-0 row is left "
                         "out) and the other %zu were filtered out or have an empty mapped cell; "
                         "check the weight column",
                         path, c.ds->n_zero_weight, c.n_records, c.n_records - c.ds->n_zero_weight);
        else if (c.ds->n_filtered > 0) {
            char list[640];
            list_filters(filters, list, sizeof list);
            if (c.ds->n_filtered == c.n_records)
                ec_error_set(err, EC_EDATA,
                             "%s: no rows match --where %s (all %zu data rows were filtered "
                             "out); check the filter values against the data",
                             path, list, c.n_records);
            else
                ec_error_set(err, EC_EDATA,
                             "no data rows in %s: %zu of %zu rows do not match --where %s and "
                             "the other %zu have an empty cell in a mapped numeric column",
                             path, c.ds->n_filtered, c.n_records, list,
                             c.n_records - c.ds->n_filtered);
        } else
            ec_error_set(err, EC_EDATA,
                         "no data rows in %s: all %zu rows have an empty cell in a mapped "
                         "numeric column", path, c.n_records);
        goto fail;
    }

    load_ctx_free(&c);
    return c.ds;

fail:
    load_ctx_free(&c);
    ec_dataset_free(c.ds);
    return NULL;
}

ec_dataset_load_options ec_dataset_load_default_options(void)
{
    ec_dataset_load_options o = { NULL, 0 };
    return o;
}

ec_dataset *ec_dataset_load_csv(const char *path, const ec_column_map *map, ec_error *err)
{
    return load_csv(path, map, NULL, 0, err);
}

ec_dataset *ec_dataset_load_csv_filtered(const char *path, const ec_column_map *map,
                                         const ec_filter_list *filters, ec_error *err)
{
    return load_csv(path, map, filters, 0, err);
}

ec_dataset *ec_dataset_load_csv_opts(const char *path, const ec_column_map *map,
                                     const ec_dataset_load_options *opt, ec_error *err)
{
    /* Numbers (cells and filter values) are parsed in ec_csv_read()'s callback,
     * in the "C" locale whatever the host program set. */
    ec_dataset_load_options def = ec_dataset_load_default_options();
    if (!opt)
        opt = &def;
    return load_csv(path, map, opt->filters, opt->skip_short_rows, err);
}

/* ---------------------------------------------------------- drop_highest */

static int cmp_desc(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x < y) - (x > y);
}

int ec_dataset_drop_highest(ec_dataset *ds, ec_role role, size_t k, ec_error *err)
{
    if (!ds)
        return ec_error_set(err, EC_EINVAL, "drop_highest: no dataset (NULL)");
    if ((int)role < 0 || role >= EC_ROLE_NAME)
        return ec_error_set(err, EC_EINVAL, "drop_highest: role %d is not a numeric role",
                            (int)role);
    if (!ds->col[role])
        return ec_error_set(err, EC_EINVAL, "drop_highest: role %s is not in the dataset%s%s",
                            role_names[role], ds->path ? " " : "", ds->path ? ds->path : "");
    if (k == 0)
        return EC_OK;
    if (k >= ds->n)
        return ec_error_set(err, EC_EINVAL,
                            "drop_highest: cannot drop %zu of %zu rows; k must be less than "
                            "the number of rows", k, ds->n);

    double *sorted = malloc(ds->n * sizeof *sorted);
    if (!sorted)
        return ec_error_set(err, EC_ENOMEM, "drop_highest: out of memory");
    memcpy(sorted, ds->col[role], ds->n * sizeof *sorted);
    qsort(sorted, ds->n, sizeof *sorted, cmp_desc);
    double vk = sorted[k - 1];
    free(sorted);

    const double *val = ds->col[role];
    size_t keep = 0;
    for (size_t i = 0; i < ds->n; i++)
        keep += val[i] < vk;
    if (keep == 0)
        return ec_error_set(err, EC_EDATA,
                            "drop_highest: all %zu rows have %s >= %g (the %zu-th largest "
                            "value), so none would be left; use a smaller k",
                            ds->n, role_names[role], vk, k);

    size_t j = 0;
    for (size_t i = 0; i < ds->n; i++) {
        if (!(val[i] < vk)) {
            if (ds->name)
                free(ds->name[i]);
            continue;
        }
        if (j != i) {
            for (int r = 0; r < EC_ROLE_NAME; r++)
                if (ds->col[r])
                    ds->col[r][j] = ds->col[r][i];
            if (ds->name)
                ds->name[j] = ds->name[i];
            ds->line[j] = ds->line[i];
        }
        j++;
    }
    ds->n_dropped += ds->n - j;
    ds->n = j;
    return EC_OK;
}

ec_dataset *ec_dataset_select(const ec_dataset *ds, const unsigned char *keep, ec_error *err)
{
    size_t m = 0;
    for (size_t i = 0; i < ds->n; i++)
        m += keep[i] != 0;
    ec_dataset *out = calloc(1, sizeof *out);
    if (!out)
        goto oom;
    *out = *ds;
    memset(out->col, 0, sizeof out->col);
    out->name = NULL;
    out->line = NULL;
    out->path = NULL;
    out->n = 0;
    if (ds->path && !(out->path = strdup(ds->path)))
        goto oom;
    out->line = malloc((m ? m : 1) * sizeof *out->line);
    if (!out->line)
        goto oom;
    for (int r = 0; r < EC_ROLE_NAME; r++)
        if (ds->col[r] && !(out->col[r] = malloc((m ? m : 1) * sizeof(double))))
            goto oom;
    if (ds->name && !(out->name = calloc(m ? m : 1, sizeof(char *))))
        goto oom;
    for (size_t i = 0; i < ds->n; i++) {
        if (!keep[i])
            continue;
        for (int r = 0; r < EC_ROLE_NAME; r++)
            if (ds->col[r])
                out->col[r][out->n] = ds->col[r][i];
        out->line[out->n] = ds->line[i];
        if (ds->name && !(out->name[out->n] = strdup(ds->name[i] ? ds->name[i] : "")))
            goto oom;
        out->n++;
    }
    return out;
oom:
    ec_dataset_free(out);
    ec_error_set(err, EC_ENOMEM, "out of memory");
    return NULL;
}
