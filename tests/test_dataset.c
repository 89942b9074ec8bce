/*
 * test_dataset.c — unit tests for ec_dataset (CSV loading, column maps,
 * derived columns, drop_highest, row filters). Runs from tests/ with fixtures in
 * tests/data/; EC_SOURCE_DIR points at the source tree.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "ec_test.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ec_dataset.h"

#define CHINCHILLA "../data/epoch_chinchilla_svg_extracted_data.csv"
#define CHINCHILLA_SHA256 "193478df4e90f040016431996c45682659306840ecdadf83cfb9cd5ca0aa1b30"

/* ------------------------------------------------------------- helpers */


static void assert_contains(const char *hay, const char *needle, int line)
{
    if (!strstr(hay, needle))
        fail_msg("line %d: message \"%s\" does not contain \"%s\"", line, hay, needle);
}
#define ASSERT_CONTAINS(hay, needle) assert_contains((hay), (needle), __LINE__)

/* Parses a column map or fails the test. */
static void map_or_fail(ec_column_map *map, const char *spec)
{
    ec_error err;
    ec_error_clear(&err);
    int rc = ec_column_map_parse(map, spec, &err);
    if (rc != EC_OK)
        fail_msg("ec_column_map_parse(\"%s\"): %s", spec, err.message);
}

/* Loads `path` with `spec`, failing the test on error. */
static ec_dataset *load_ok(const char *path, const char *spec)
{
    ec_column_map map = { { NULL } };
    ec_error err;
    ec_error_clear(&err);
    map_or_fail(&map, spec);
    ec_dataset *ds = ec_dataset_load_csv(path, &map, &err);
    ec_column_map_clear(&map);
    if (!ds)
        fail_msg("load %s: %s", path, err.message);
    return ds;
}

/* Loads `path` with `spec` expecting failure with `code`; the message is left in *err. */
static void load_fail(const char *path, const char *spec, int code, ec_error *err)
{
    ec_column_map map = { { NULL } };
    ec_error_clear(err);
    map_or_fail(&map, spec);
    ec_dataset *ds = ec_dataset_load_csv(path, &map, err);
    ec_column_map_clear(&map);
    if (ds) {
        ec_dataset_free(ds);
        fail_msg("load %s with \"%s\" succeeded, expected %s", path, spec, ec_status_name(code));
    }
    assert_int_equal(err->code, code);
}

/* Writes `text` to a fresh temporary file; its name goes into path[32]. */
static void write_tmp(char path[32], const char *text)
{
    strcpy(path, "/tmp/ec_dsXXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *fp = fdopen(fd, "wb");
    assert_non_null(fp);
    assert_int_equal(fputs(text, fp) >= 0, 1);
    assert_int_equal(fclose(fp), 0);
}

/* Loads CSV text from a temp file expecting failure; message in *err. */
static void tmp_fail(const char *text, const char *spec, int code, ec_error *err, char path[32])
{
    write_tmp(path, text);
    load_fail(path, spec, code, err);
    remove(path);
}

static ec_dataset *tmp_ok(const char *text, const char *spec)
{
    char path[32];
    write_tmp(path, text);
    ec_dataset *ds = load_ok(path, spec);
    remove(path);
    return ds;
}

/* -------------------------------------------------- the real data file */

static void test_chinchilla_file(void **state)
{
    (void)state;
    ec_dataset *ds = load_ok(CHINCHILLA, "N=Model Size,C=Training FLOP,L=loss");
    assert_int_equal(ds->n, 245);
    assert_int_equal(ds->n_skipped_empty, 0);
    assert_int_equal(ds->n_dropped, 0);
    assert_string_equal(ds->path, CHINCHILLA);
    assert_string_equal(ds->sha256, CHINCHILLA_SHA256);
    assert_int_equal(ds->derived, 1u << EC_ROLE_D);
    assert_non_null(ds->col[EC_ROLE_D]);
    assert_null(ds->col[EC_ROLE_DATE]);
    assert_null(ds->col[EC_ROLE_X]);
    assert_null(ds->name);
    ASSERT_REL(ds->col[EC_ROLE_N][0], 6795600349.289497, 1e-15);
    ASSERT_REL(ds->col[EC_ROLE_C][0], 9.993852799709755e+18, 1e-15);
    ASSERT_REL(ds->col[EC_ROLE_L][0], 5.005581996196243, 1e-15);
    for (size_t i = 0; i < ds->n; i++)
        ASSERT_REL(ds->col[EC_ROLE_D][i],
                   ds->col[EC_ROLE_C][i] / (6.0 * ds->col[EC_ROLE_N][i]), 1e-12);
    ASSERT_REL(ds->col[EC_ROLE_D][0], 9.993852799709755e+18 / (6.0 * 6795600349.289497), 1e-12);
    assert_int_equal(ds->line[0], 2);
    assert_int_equal(ds->line[244], 246);
    ec_dataset_free(ds);
}

static void test_chinchilla_drop_highest(void **state)
{
    (void)state;
    ec_error err;
    ec_dataset *ds = load_ok(CHINCHILLA, "N=Model Size,C=Training FLOP,L=loss");
    ec_dataset *orig = load_ok(CHINCHILLA, "N=Model Size,C=Training FLOP,L=loss");

    /* The 5th largest loss, found by repeated maximum search. */
    double v5 = INFINITY;
    for (int k = 0; k < 5; k++) {
        double best = -INFINITY;
        for (size_t i = 0; i < orig->n; i++)
            if (orig->col[EC_ROLE_L][i] < v5 && orig->col[EC_ROLE_L][i] > best)
                best = orig->col[EC_ROLE_L][i];
        v5 = best;
    }

    ec_error_clear(&err);
    assert_int_equal(ec_dataset_drop_highest(ds, EC_ROLE_L, 5, &err), EC_OK);
    assert_int_equal(ds->n, 240);
    assert_int_equal(ds->n_dropped, 5);
    double maxl = -INFINITY;
    for (size_t i = 0; i < ds->n; i++)
        if (ds->col[EC_ROLE_L][i] > maxl)
            maxl = ds->col[EC_ROLE_L][i];
    assert_true(maxl < v5);

    /* Every kept row still matches its source row in all columns. */
    for (size_t i = 0; i < ds->n; i++) {
        size_t j = ds->line[i] - 2; /* one row per line after the header */
        assert_true(j < orig->n);
        assert_int_equal(orig->line[j], ds->line[i]);
        for (int r = 0; r < EC_ROLE_NAME; r++)
            if (ds->col[r])
                assert_true(ds->col[r][i] == orig->col[r][j]);
    }
    ec_dataset_free(ds);
    ec_dataset_free(orig);
}

/* ------------------------------------------------------- CSV features */

static void test_quoted_fields(void **state)
{
    (void)state;
    ec_dataset *ds = load_ok("data/quoted.csv", "name=name,N=N,L=L");
    assert_int_equal(ds->n, 3);
    assert_non_null(ds->name);
    assert_string_equal(ds->name[0], "Alpha, the first");
    assert_string_equal(ds->name[1], "Beta\nspans \"two\" lines, with comma");
    assert_string_equal(ds->name[2], "Gamma");
    assert_int_equal(ds->line[0], 2);
    assert_int_equal(ds->line[1], 3);
    assert_int_equal(ds->line[2], 5);
    ASSERT_REL(ds->col[EC_ROLE_N][1], 2e9, 1e-15);
    ASSERT_REL(ds->col[EC_ROLE_L][1], 3.25, 1e-15);
    assert_int_equal(ds->derived, 0);
    assert_null(ds->col[EC_ROLE_D]);
    ec_dataset_free(ds);
}

static void test_crlf(void **state)
{
    (void)state;
    ec_dataset *ds = load_ok("data/crlf.csv", "name=name,N=N,L=L");
    assert_int_equal(ds->n, 3);
    assert_string_equal(ds->name[0], "crlf\r\nmodel");
    assert_string_equal(ds->name[1], "plain");
    assert_string_equal(ds->name[2], "last"); /* no line end after the last record */
    assert_int_equal(ds->line[0], 2);
    assert_int_equal(ds->line[1], 4);
    assert_int_equal(ds->line[2], 6);
    ASSERT_REL(ds->col[EC_ROLE_N][1], 2.5e9, 1e-15); /* "2.5e9 " */
    ASSERT_REL(ds->col[EC_ROLE_L][2], 2.0, 1e-15);
    ec_dataset_free(ds);
}

static void test_bom(void **state)
{
    (void)state;
    ec_dataset *ds = load_ok("data/bom.csv", "N=N,L=L");
    assert_int_equal(ds->n, 2);
    ASSERT_REL(ds->col[EC_ROLE_N][0], 100, 1e-15);
    ASSERT_REL(ds->col[EC_ROLE_L][1], 1.5, 1e-15);
    /* The hash covers the BOM too. */
    assert_string_equal(ds->sha256,
                        "10b80dd2925f90ed3f5456a5956aca70f1751ce04aef497e0a57f14c29af5e82");
    ec_dataset_free(ds);
}

static void test_comments_and_blank_lines(void **state)
{
    (void)state;
    ec_dataset *ds = load_ok("data/comments.csv", "name=name,N=N,L=L");
    assert_int_equal(ds->n, 3);
    assert_int_equal(ds->n_skipped_empty, 0);
    assert_string_equal(ds->name[0], "first");
    assert_string_equal(ds->name[1], "second\n# not a comment: data inside quotes\nend");
    assert_string_equal(ds->name[2], "third");
    assert_int_equal(ds->line[0], 5);
    assert_int_equal(ds->line[1], 8);
    assert_int_equal(ds->line[2], 12);
    ASSERT_REL(ds->col[EC_ROLE_N][2], 30, 1e-15);
    ec_dataset_free(ds);
}

/* A bad cell on line 5 is named as line 5 with LF, CRLF and CR-only line ends (issue 14:
 * a CR-only file reported line 1), and kept rows carry their own lines. */
static void test_line_ends(void **state)
{
    (void)state;
    static const char *const eol[] = { "\n", "\r\n", "\r" };
    for (int k = 0; k < 3; k++) {
        const char *e = eol[k];
        char text[256], path[32];
        ec_error err;
        snprintf(text, sizeof text, "N,L%s1e9,3%s# c%s%s2e9,2.9%sx,2.8%s", e, e, e, e, e, e);
        tmp_fail(text, "N=N,L=L", EC_EDATA, &err, path);
        ASSERT_CONTAINS(err.message, ":6: column 1 'N': 'x' is not a number");
        snprintf(text, sizeof text, "N,L%s1e9,3%s%s2e9,2.9%sabc,2.8%s", e, e, e, e, e);
        tmp_fail(text, "N=N,L=L", EC_EDATA, &err, path);
        ASSERT_CONTAINS(err.message, ":5: column 1 'N': 'abc' is not a number");
        snprintf(text, sizeof text, "N,L%s1e9,3%s%s2e9,\"2.9%s\"%s3e9,2.8", e, e, e, e, e);
        ec_dataset *ds = tmp_ok(text, "N=N,L=L");
        assert_int_equal(ds->n, 3);
        assert_int_equal(ds->line[0], 2);
        assert_int_equal(ds->line[1], 4);
        assert_int_equal(ds->line[2], 6);
        ec_dataset_free(ds);
    }
}

/* Loads `path` with `spec` and skip_short_rows = `skip`, failing the test on error. */
static ec_dataset *load_opts_ok(const char *path, const char *spec, int skip)
{
    ec_column_map map = { { NULL } };
    ec_error err;
    ec_error_clear(&err);
    map_or_fail(&map, spec);
    ec_dataset_load_options o = ec_dataset_load_default_options();
    o.skip_short_rows = skip;
    ec_dataset *ds = ec_dataset_load_csv_opts(path, &map, &o, &err);
    ec_column_map_clear(&map);
    if (!ds)
        fail_msg("load %s: %s", path, err.message);
    return ds;
}

static void test_empty_cells_skipped(void **state)
{
    (void)state;
    /* Row d (line 5) is short: "d,3e9" has no C and no L cell. By default that is an
     * error (it was read as empty cells and skipped silently); skip_short_rows skips it. */
    ec_error err;
    load_fail("data/empty_cells.csv", "name=name,N=N,C=C,L=L", EC_EDATA, &err);
    ASSERT_CONTAINS(err.message, "data/empty_cells.csv:5: the row has 2 fields but the header (line 1) "
                                 "has 4: column 3 'C' (role C) is missing (and 1 more column used)");
    ASSERT_CONTAINS(err.message, "skip_short_rows");
    ec_dataset *ds = load_opts_ok("data/empty_cells.csv", "name=name,N=N,C=C,L=L", 1);
    assert_int_equal(ds->n, 3);
    assert_int_equal(ds->n_skipped_empty, 3);
    assert_int_equal(ds->n_short, 1);
    assert_int_equal(ds->n_skipped_short, 1);
    assert_string_equal(ds->name[0], "a");
    assert_string_equal(ds->name[1], "e");
    assert_string_equal(ds->name[2], "f");
    assert_int_equal(ds->line[1], 6);
    ASSERT_REL(ds->col[EC_ROLE_C][2], 3e19, 1e-15);
    ec_dataset_free(ds);

    /* Unmapped empty cells do not matter, nor does a short row that has every mapped cell
     * (counted as short all the same). */
    ds = load_ok("data/empty_cells.csv", "N=N");
    assert_int_equal(ds->n, 5);
    assert_int_equal(ds->n_skipped_empty, 1);
    assert_int_equal(ds->n_short, 1);
    assert_int_equal(ds->n_skipped_short, 0);
    ec_dataset_free(ds);
}

/* Short rows (issue 14): refused by default when a mapped cell is missing, naming the file,
 * line and column; skipped and counted with skip_short_rows; the old functions are strict. */
static void test_short_rows(void **state)
{
    (void)state;
    ec_error err;
    char path[32];
    const char *text = "model,params,flop,loss\n"
                       "a,1e9,6e18,3.0\n"
                       "b,2e9,1.2e19,2.8\n"
                       "c,3e9\n"            /* line 4: flop and loss missing */
                       "d,4e9,2.4e19\n"     /* line 5: loss missing */
                       "e,5e9,3e19,2.5\n";
    tmp_fail(text, "N=params,C=flop,L=loss", EC_EDATA, &err, path);
    ASSERT_CONTAINS(err.message, ":4: the row has 2 fields but the header (line 1) has 4: column 3 "
                                 "'flop' (role C) is missing (and 1 more column used); is the file "
                                 "truncated?");
    write_tmp(path, text);
    ec_dataset *ds = load_opts_ok(path, "N=params,C=flop,L=loss", 1);
    assert_int_equal(ds->n, 3);
    assert_int_equal(ds->n_short, 2);
    assert_int_equal(ds->n_skipped_short, 2);
    assert_int_equal(ds->n_skipped_empty, 2);
    assert_int_equal(ds->line[2], 6);
    ec_dataset_free(ds);
    /* Only N mapped: no short row lacks it. */
    ds = load_opts_ok(path, "N=params", 0);
    assert_int_equal(ds->n, 5);
    assert_int_equal(ds->n_short, 2);
    ec_dataset_free(ds);
    /* The name role counts as mapped. */
    ec_column_map map = { { NULL } };
    map_or_fail(&map, "name=loss,N=params");
    assert_null(ec_dataset_load_csv(path, &map, &err));
    ASSERT_CONTAINS(err.message, ":4: the row has 2 fields but the header (line 1) has 4: column 4 "
                                 "'loss' (role name) is missing;");
    /* NULL options are the defaults (strict); ec_dataset_load_csv_filtered is strict too. */
    assert_null(ec_dataset_load_csv_opts(path, &map, NULL, &err));
    ASSERT_CONTAINS(err.message, ":4: the row has 2 fields");
    ec_column_map_clear(&map);
    remove(path);
}


static void test_derived_c(void **state)
{
    (void)state;
    ec_dataset *ds = tmp_ok("N,D,L\n1e9,2e10,2.5\n2e9,4e10,2.2\n", "N=N,D=D,L=L");
    assert_int_equal(ds->derived, 1u << EC_ROLE_C);
    ASSERT_REL(ds->col[EC_ROLE_C][0], 6.0 * 1e9 * 2e10, 1e-15);
    ASSERT_REL(ds->col[EC_ROLE_C][1], 6.0 * 2e9 * 4e10, 1e-15);
    ec_dataset_free(ds);

    /* Both mapped: nothing is derived. */
    ds = tmp_ok("N,D,C\n1e9,2e10,5e19\n", "N=N,D=D,C=C");
    assert_int_equal(ds->derived, 0);
    ASSERT_REL(ds->col[EC_ROLE_C][0], 5e19, 1e-15);
    ec_dataset_free(ds);
}

static void test_dates_and_weights(void **state)
{
    (void)state;
    ec_dataset *ds = load_ok("data/dates.csv", "name=name,date=date,x=x");
    assert_int_equal(ds->n, 6);
    const double *d = ds->col[EC_ROLE_DATE];
    ASSERT_REL(d[0], 2020.0, 1e-15);
    ASSERT_REL(d[1], 2021.0 + 31.0 / 365.0, 1e-15);
    ASSERT_REL(d[2], 2024.0 + 60.0 / 366.0, 1e-15);
    ASSERT_REL(d[3], 2023.0 + 364.0 / 365.0, 1e-15);
    ASSERT_REL(d[4], 2019.5, 1e-15);
    ASSERT_REL(d[5], 2022.0 + 184.0 / 365.0, 1e-15);
    ec_dataset_free(ds);

    ec_error err;
    char path[32];
    tmp_fail("date\n2023-02-29\n", "date=date", EC_EDATA, &err, path);
    ASSERT_CONTAINS(err.message, ":2: column 1 'date': '2023-02-29' is not a valid date");
    tmp_fail("x,date\n1,2023-01-01\n2,04/05/2023\n", "date=date", EC_EDATA, &err, path);
    ASSERT_CONTAINS(err.message, ":3: column 2 'date': '04/05/2023' is not a date");
    ASSERT_CONTAINS(err.message, "YYYY-MM-DD");

    /* A weight-0 row is absent: left out and counted, so it is in no n or dof. */
    ds = tmp_ok("x,w\n1,0\n2,0.5\n3,2\n", "x=x,weight=w");
    assert_int_equal(ds->n, 2);
    assert_int_equal(ds->n_zero_weight, 1);
    ASSERT_REL(ds->col[EC_ROLE_X][0], 2.0, 0);
    ASSERT_REL(ds->col[EC_ROLE_WEIGHT][0], 0.5, 1e-15);
    assert_int_equal(ds->line[0], 3);
    ec_dataset_free(ds);
    ds = tmp_ok("x,w\n1,0\n", "x=x"); /* unmapped, the column is not a weight */
    assert_int_equal(ds->n, 1);
    assert_int_equal(ds->n_zero_weight, 0);
    ec_dataset_free(ds);
    tmp_fail("x,w\n1,0\n2,0\n", "x=x,weight=w", EC_EDATA, &err, path);
    ASSERT_CONTAINS(err.message, "all 2 rows have weight 0");
    tmp_fail("x,w\n1,0\n2,\n", "x=x,weight=w", EC_EDATA, &err, path);
    ASSERT_CONTAINS(err.message, "1 of 2 rows have weight 0");
    tmp_fail("x,w\n1,1\n2,-0.5\n", "x=x,weight=w", EC_EDATA, &err, path);
    ASSERT_CONTAINS(err.message, ":3: column 2 'w': weight '-0.5' must not be negative");

    /* x and y may be zero or negative. */
    ds = tmp_ok("x,y\n-1,0\n", "x=x,y=y");
    ASSERT_REL(ds->col[EC_ROLE_X][0], -1.0, 1e-15);
    ec_dataset_free(ds);
}

/* ---------------------------------------------------------------- errors */

static void test_missing_file(void **state)
{
    (void)state;
    ec_error err;
    load_fail("data/no_such_file.csv", "N=N", EC_EIO, &err);
    ASSERT_CONTAINS(err.message, "data/no_such_file.csv");
    ASSERT_CONTAINS(err.message, "No such file or directory");
}

static void test_missing_column(void **state)
{
    (void)state;
    ec_error err;
    load_fail(CHINCHILLA, "N=Model Sz,C=Training FLOP,L=Loss", EC_EDATA, &err);
    ASSERT_CONTAINS(err.message, CHINCHILLA ":1:");
    ASSERT_CONTAINS(err.message, "'Model Sz' (role N)");
    ASSERT_CONTAINS(err.message, "'Loss' (role L)");
    ASSERT_CONTAINS(err.message,
                    "'x', 'y', 'color', 'Model Size', 'Training FLOP', 'hex_color', 'loss'");

    char path[32];
    tmp_fail("N,L,N\n1,2,3\n", "N=N", EC_EDATA, &err, path);
    ASSERT_CONTAINS(err.message, "header 'N' (role N) appears twice, as columns 1 and 3");
}

static void test_not_a_number(void **state)
{
    (void)state;
    ec_error err;
    load_fail("data/bad_number.csv", "name=name,N=N,L=loss", EC_EDATA, &err);
    ASSERT_CONTAINS(err.message, "data/bad_number.csv:6:");
    ASSERT_CONTAINS(err.message, "column 3 'loss'");
    ASSERT_CONTAINS(err.message, "'abc' is not a number");

    char path[32];
    tmp_fail("N,L\n1e9,3.0x\n", "N=N,L=L", EC_EDATA, &err, path);
    ASSERT_CONTAINS(err.message, ":2: column 2 'L': '3.0x' is not a number");
    tmp_fail("N,L\n1e9,nan\n", "N=N,L=L", EC_EDATA, &err, path);
    ASSERT_CONTAINS(err.message, "'nan' is not a finite number");
    tmp_fail("N,L\n1e9, inf\n", "N=N,L=L", EC_EDATA, &err, path);
    ASSERT_CONTAINS(err.message, "'inf' is not a finite number");
    tmp_fail("N,L\n1e999,1\n", "N=N,L=L", EC_EDATA, &err, path);
    ASSERT_CONTAINS(err.message, "column 1 'N': '1e999' is not a finite number");
    /* Every non-finite literal strtod knows, and overflow (issue 14); each says what to do. */
    static const char *const poisoned[] = { "1e400", "-1e400", "1.8e308", "-inf", "+Inf", "INFINITY",
                                            "NaN", "-nan", "nan(123)", "1e99999", NULL };
    for (int i = 0; poisoned[i]; i++) {
        char text[64], want[96];
        snprintf(text, sizeof text, "N,x\n1e9,1\n2e9,%s\n", poisoned[i]);
        tmp_fail(text, "N=N,x=x", EC_EDATA, &err, path);
        snprintf(want, sizeof want, ":3: column 2 'x': '%s' is not a finite number", poisoned[i]);
        ASSERT_CONTAINS(err.message, want);
        ASSERT_CONTAINS(err.message, "fix the cell, or leave it empty to skip the row");
    }
    /* The largest finite double is a number. */
    ec_dataset *big = tmp_ok("N,x\n1e9,1.7976931348623157e308\n", "N=N,x=x");
    ASSERT_REL(big->col[EC_ROLE_X][0], 1.7976931348623157e308, 0);
    ec_dataset_free(big);
    tmp_fail("N,L\n\"1,000\",1\n", "N=N,L=L", EC_EDATA, &err, path);
    ASSERT_CONTAINS(err.message, "'1,000' is not a number");

    /* A NUL byte at the end of a cell (or anywhere in it) is refused, not read as a blank. */
    static const char with_nul[] = "N,L\n1e9,2.9\0\n2e9,2.8\n";
    strcpy(path, "/tmp/ec_dsXXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, with_nul, sizeof with_nul - 1), (ssize_t)(sizeof with_nul - 1));
    assert_int_equal(close(fd), 0);
    load_fail(path, "N=N,L=L", EC_EDATA, &err);
    ASSERT_CONTAINS(err.message, ":2: column 2 'L': the cell contains a NUL byte");
    remove(path);
}

static void test_non_positive(void **state)
{
    (void)state;
    ec_error err;
    char path[32];
    tmp_fail("N,L\n1e9,2\n0,2\n", "N=N,L=L", EC_EDATA, &err, path);
    ASSERT_CONTAINS(err.message, path);
    ASSERT_CONTAINS(err.message, ":3: column 1 'N': value '0' must be positive");
    tmp_fail("a,N,L\nx,1e9,-2.5\n", "N=N,L=L", EC_EDATA, &err, path);
    ASSERT_CONTAINS(err.message, ":2: column 3 'L': value '-2.5' must be positive");
    tmp_fail("N,C\n1e9,-1\n", "N=N,C=C", EC_EDATA, &err, path);
    ASSERT_CONTAINS(err.message, "column 2 'C'");
    ASSERT_CONTAINS(err.message, "must be positive");
}

static void test_malformed_csv(void **state)
{
    (void)state;
    ec_error err;
    char path[32];
    /* A stray quote in an unquoted field is a libcsv (strict mode) error. */
    tmp_fail("name,N\nok,1\nbad \"x\",2\n", "N=N", EC_EDATA, &err, path);
    ASSERT_CONTAINS(err.message, ":3: malformed CSV");
    /* Unclosed quote at end of file. */
    tmp_fail("name,N\nok,1\n\"open,2\nmore\n", "N=N", EC_EDATA, &err, path);
    ASSERT_CONTAINS(err.message, ":3: quoted field is not closed");
    /* More non-empty fields than the header has. */
    tmp_fail("name,N\nok,1\nLlama 3, 8B,8e9\n", "N=N", EC_EDATA, &err, path);
    ASSERT_CONTAINS(err.message, ":3: record has 3 fields but the header (line 1) has 2");
    /* Extra empty fields are fine. */
    ec_dataset *ds = tmp_ok("name,N\nok,1,,\n", "N=N");
    assert_int_equal(ds->n, 1);
    ec_dataset_free(ds);
}

static void test_no_rows(void **state)
{
    (void)state;
    ec_error err;
    char path[32];
    tmp_fail("N,L\n", "N=N", EC_EDATA, &err, path);
    ASSERT_CONTAINS(err.message, "no data rows in ");
    ASSERT_CONTAINS(err.message, path);
    tmp_fail("", "N=N", EC_EDATA, &err, path);
    ASSERT_CONTAINS(err.message, "no data rows in ");
    tmp_fail("# only a comment\n\n", "N=N", EC_EDATA, &err, path);
    ASSERT_CONTAINS(err.message, "no data rows in ");
    tmp_fail("N,L\n,1\n2,\n", "N=N,L=L", EC_EDATA, &err, path);
    ASSERT_CONTAINS(err.message, "no data rows in ");
    ASSERT_CONTAINS(err.message, "all 2 rows have an empty cell");
}

static void test_bad_arguments(void **state)
{
    (void)state;
    ec_error err;
    ec_column_map map = { { NULL } };
    map_or_fail(&map, "name=Model Size");
    ec_error_clear(&err);
    assert_null(ec_dataset_load_csv(CHINCHILLA, &map, &err));
    assert_int_equal(err.code, EC_EINVAL);
    ASSERT_CONTAINS(err.message, "no numeric role");
    ec_column_map_clear(&map);
    assert_null(ec_dataset_load_csv(CHINCHILLA, NULL, &err));
    assert_int_equal(err.code, EC_EINVAL);
    assert_null(ec_dataset_load_csv(NULL, &map, NULL));

    ec_dataset_free(NULL);
    ec_column_map_clear(NULL);
}

/* ------------------------------------------------------------ column map */

static void test_column_map_parse(void **state)
{
    (void)state;
    ec_column_map map = { { NULL } };
    map_or_fail(&map, "N=Model Size,C=Training FLOP,L=loss");
    assert_string_equal(map.column[EC_ROLE_N], "Model Size");
    assert_string_equal(map.column[EC_ROLE_C], "Training FLOP");
    assert_string_equal(map.column[EC_ROLE_L], "loss");
    assert_null(map.column[EC_ROLE_D]);

    /* Parsing again replaces the previous contents (no leak, old entries gone). */
    map_or_fail(&map, "  N = Parameters (B) ,name=\"Size, B\" , date=\" Publication \"\"date\"\"\"");
    assert_string_equal(map.column[EC_ROLE_N], "Parameters (B)");
    assert_string_equal(map.column[EC_ROLE_NAME], "Size, B");
    assert_string_equal(map.column[EC_ROLE_DATE], " Publication \"date\"");
    assert_null(map.column[EC_ROLE_C]);
    assert_null(map.column[EC_ROLE_L]);
    ec_column_map_clear(&map);
    for (int r = 0; r < EC_ROLE_COUNT; r++)
        assert_null(map.column[r]);

    map_or_fail(&map, "x=a=b");
    assert_string_equal(map.column[EC_ROLE_X], "a=b");
    ec_column_map_clear(&map);

    /* x="" maps a column with an empty header (e.g. a pandas index column). */
    map_or_fail(&map, "x=\"\",y=b");
    assert_string_equal(map.column[EC_ROLE_X], "");
    ec_column_map_clear(&map);
    ec_dataset *ds = tmp_ok(",b\n0,7\n1,8\n", "x=\"\",y=b");
    assert_int_equal(ds->n, 2);
    ASSERT_REL(ds->col[EC_ROLE_X][1], 1.0, 0);
    ASSERT_REL(ds->col[EC_ROLE_Y][1], 8.0, 1e-15);
    ec_dataset_free(ds);
}

static void parse_err(const char *spec, const char *needle, int line)
{
    ec_column_map map = { { NULL } };
    ec_error err;
    ec_error_clear(&err);
    map_or_fail(&map, "N=old"); /* must be cleared on failure too */
    int rc = ec_column_map_parse(&map, spec, &err);
    if (rc != EC_EINVAL || err.code != EC_EINVAL)
        fail_msg("line %d: parse \"%s\" returned %d", line, spec ? spec : "(null)", rc);
    assert_contains(err.message, needle, line);
    for (int r = 0; r < EC_ROLE_COUNT; r++)
        assert_null(map.column[r]);
}
#define PARSE_ERR(spec, needle) parse_err((spec), (needle), __LINE__)

static void test_column_map_errors(void **state)
{
    (void)state;
    PARSE_ERR("", "column map is empty; expected ROLE=HEADER");
    PARSE_ERR("   ", "column map is empty");
    PARSE_ERR(NULL, "column map is empty");
    PARSE_ERR("N=a,Model Size", "item 2 'Model Size' has no '='; expected ROLE=HEADER");
    PARSE_ERR("N=a,,L=b", "item 2 is empty");
    PARSE_ERR("N=a,", "item 2 is empty");
    PARSE_ERR("Q=a", "unknown role 'Q'; valid roles: N, D, C, L, date, weight, x, y, name");
    PARSE_ERR("N=a,Date=b", "did you mean 'date'?");
    PARSE_ERR("N=a,C=b,N=c", "role N is given twice ('a' and 'c')");
    PARSE_ERR("N=Model Size,C=Model Size,L=loss", "header 'Model Size' is mapped to both N and C");
    PARSE_ERR("N=a,C=b,L=loss,D=loss", "header 'loss' is mapped to both L and D");
    {
        /* x may share C's column and y L's (they alias each other); name may reuse any. */
        ec_column_map m = {0};
        ec_error e;
        assert_int_equal(ec_column_map_parse(&m, "x=flop,C=flop,y=loss,L=loss,name=loss", &e), EC_OK);
        ec_column_map_clear(&m);
    }
    PARSE_ERR("=a", "no role before '='");
    PARSE_ERR("N=", "role N has an empty header name");
    PARSE_ERR("N=\"a,b", "quoted header name is not closed");
    PARSE_ERR("N=\"a\"b", "unexpected text after the closing quote");
    assert_int_equal(ec_column_map_parse(NULL, "N=a", NULL), EC_EINVAL);
}

static void test_role_names(void **state)
{
    (void)state;
    static const char *const names[EC_ROLE_COUNT] = {
        "N", "D", "C", "L", "date", "weight", "x", "y", "name"
    };
    for (int r = 0; r < EC_ROLE_COUNT; r++) {
        assert_string_equal(ec_role_name((ec_role)r), names[r]);
        assert_int_equal(ec_role_from_name(names[r]), r);
        assert_int_equal(ec_role_from_name(ec_role_name((ec_role)r)), r);
    }
    assert_int_equal(ec_role_from_name("n"), -1);
    assert_int_equal(ec_role_from_name("Date"), -1);
    assert_int_equal(ec_role_from_name(""), -1);
    assert_int_equal(ec_role_from_name(NULL), -1);
    assert_null(ec_role_name(EC_ROLE_COUNT));
}

/* ---------------------------------------------------------- drop_highest */

static void test_drop_highest_ties(void **state)
{
    (void)state;
    ec_error err;
    const char *csv = "name,x,L\na,1,5\nb,2,4\nc,3,4\nd,4,3\ne,5,2\nf,6,1\n";
    ec_dataset *ds = tmp_ok(csv, "name=name,x=x,L=L");
    assert_int_equal(ds->n, 6);

    assert_int_equal(ec_dataset_drop_highest(ds, EC_ROLE_L, 0, &err), EC_OK);
    assert_int_equal(ds->n, 6);
    assert_int_equal(ds->n_dropped, 0);

    /* v_2 = 4 and both rows at 4 go, so three rows are removed. */
    assert_int_equal(ec_dataset_drop_highest(ds, EC_ROLE_L, 2, &err), EC_OK);
    assert_int_equal(ds->n, 3);
    assert_int_equal(ds->n_dropped, 3);
    const char *want[] = { "d", "e", "f" };
    for (size_t i = 0; i < 3; i++) {
        assert_string_equal(ds->name[i], want[i]);
        ASSERT_REL(ds->col[EC_ROLE_X][i], (double)(i + 4), 0);
        ASSERT_REL(ds->col[EC_ROLE_L][i], (double)(3 - i), 0);
        assert_int_equal(ds->line[i], i + 5);
    }

    /* k >= n, absent role, non-numeric role: EC_EINVAL and nothing changes. */
    ec_error_clear(&err);
    assert_int_equal(ec_dataset_drop_highest(ds, EC_ROLE_L, 3, &err), EC_EINVAL);
    ASSERT_CONTAINS(err.message, "cannot drop 3 of 3 rows");
    assert_int_equal(ec_dataset_drop_highest(ds, EC_ROLE_L, 10, &err), EC_EINVAL);
    assert_int_equal(ec_dataset_drop_highest(ds, EC_ROLE_N, 1, &err), EC_EINVAL);
    ASSERT_CONTAINS(err.message, "role N is not in the dataset");
    assert_int_equal(ec_dataset_drop_highest(ds, EC_ROLE_NAME, 1, &err), EC_EINVAL);
    assert_int_equal(ec_dataset_drop_highest(NULL, EC_ROLE_L, 1, &err), EC_EINVAL);
    assert_int_equal(ds->n, 3);
    assert_int_equal(ds->n_dropped, 3);

    /* Drop by another column afterwards: x = 6 goes. */
    assert_int_equal(ec_dataset_drop_highest(ds, EC_ROLE_X, 1, NULL), EC_OK);
    assert_int_equal(ds->n, 2);
    assert_int_equal(ds->n_dropped, 4);
    assert_string_equal(ds->name[1], "e");
    ec_dataset_free(ds);

    /* All tied: nothing would remain, so it is refused and nothing changes. */
    ds = tmp_ok("L\n2\n2\n2\n", "L=L");
    assert_int_equal(ec_dataset_drop_highest(ds, EC_ROLE_L, 1, &err), EC_EDATA);
    ASSERT_CONTAINS(err.message, "none would be left");
    assert_int_equal(ds->n, 3);
    assert_int_equal(ds->n_dropped, 0);
    ec_dataset_free(ds);
}

/* ------------------------------------------- big Epoch AI file, if present */

static void test_epoch_all_ml_systems(void **state)
{
    (void)state;
    const char *src = getenv("EC_SOURCE_DIR");
    char path[4096];
    snprintf(path, sizeof path, "%s/../shared/data/epoch_all_ml_systems_2025-08.csv",
             src ? src : "..");
    if (access(path, R_OK) != 0) {
        skip();
        return;
    }
    ec_dataset *ds = load_ok(path, "C=Training compute (FLOP),N=Parameters,"
                                   "date=Publication date,name=Model");
    /* 1892 records; 867 have both compute and parameters (checked with Python's csv). */
    assert_int_equal(ds->n, 867);
    assert_int_equal(ds->n_skipped_empty, 1892 - 867);
    assert_int_equal(ds->derived, 1u << EC_ROLE_D);
    size_t found = ds->n;
    for (size_t i = 0; i < ds->n; i++)
        if (strcmp(ds->name[i], "Llama 4 Maverick") == 0)
            found = i;
    assert_true(found < ds->n);
    ASSERT_REL(ds->col[EC_ROLE_C][found], 2.244e24, 1e-9);
    ASSERT_REL(ds->col[EC_ROLE_N][found], 4e11, 1e-12);
    ASSERT_REL(ds->col[EC_ROLE_DATE][found], 2025.0 + 94.0 / 365.0, 1e-12); /* 2025-04-05 */
    ec_dataset_free(ds);
}

/* ----------------------------------------------------------- row filters */

#define WHERE_MODELS "data/where_models.csv"

/* Parses the NULL-terminated expressions into `fl` or fails the test. */
static void filters_or_fail(ec_filter_list *fl, const char *const *exprs)
{
    for (size_t i = 0; exprs && exprs[i]; i++) {
        ec_error err;
        ec_error_clear(&err);
        if (ec_filter_parse(fl, exprs[i], &err) != EC_OK)
            fail_msg("ec_filter_parse(\"%s\"): %s", exprs[i], err.message);
    }
}

/* Loads `path` with `spec` and the filters; returns the dataset or NULL with *err filled. */
static ec_dataset *where_load(const char *path, const char *spec, const char *const *exprs,
                              ec_error *err)
{
    ec_column_map map = { { NULL } };
    ec_filter_list fl = { NULL, 0 };
    ec_error_clear(err);
    map_or_fail(&map, spec);
    filters_or_fail(&fl, exprs);
    ec_dataset *ds = ec_dataset_load_csv_filtered(path, &map, &fl, err);
    ec_column_map_clear(&map);
    ec_filter_list_clear(&fl);
    return ds;
}

/* Loads with filters expecting success; checks the kept names (joined by ','). */
static ec_dataset *where_ok(const char *path, const char *spec, const char *const *exprs,
                            const char *names, int line)
{
    ec_error err;
    ec_dataset *ds = where_load(path, spec, exprs, &err);
    if (!ds)
        fail_msg("line %d: load %s: %s", line, path, err.message);
    if (names) {
        char got[256] = "";
        size_t used = 0;
        for (size_t i = 0; i < ds->n && used < sizeof got; i++)
            used += (size_t)snprintf(got + used, sizeof got - used, "%s%s", i ? "," : "",
                                     ds->name ? ds->name[i] : "?");
        if (strcmp(got, names) != 0)
            fail_msg("line %d: kept rows '%s', want '%s'", line, got, names);
    }
    return ds;
}

/* Loads with filters expecting failure `code`; the message is left in *err. */
static void where_fail(const char *path, const char *spec, const char *const *exprs, int code,
                       ec_error *err, int line)
{
    ec_dataset *ds = where_load(path, spec, exprs, err);
    if (ds) {
        ec_dataset_free(ds);
        fail_msg("line %d: load %s succeeded, expected %s", line, path, ec_status_name(code));
    }
    if (err->code != code)
        fail_msg("line %d: got %s (%s), expected %s", line, ec_status_name(err->code),
                 err->message, ec_status_name(code));
}

/* Expects the filters to keep exactly `names` (comma-separated) and to filter `nf` rows. */
static void where_keeps(const char *path, const char *spec, const char *const *exprs,
                        const char *names, size_t nf, int line)
{
    ec_dataset *ds = where_ok(path, spec, exprs, names, line);
    if (ds->n_filtered != nf)
        fail_msg("line %d: n_filtered %zu, want %zu", line, ds->n_filtered, nf);
    ec_dataset_free(ds);
}
#define F(...) ((const char *const[]){ __VA_ARGS__, NULL })
#define KEEPS(path, spec, exprs, names, nf) where_keeps((path), (spec), (exprs), (names), (nf), \
                                                        __LINE__)

static void test_filter_parse(void **state)
{
    (void)state;
    ec_filter_list fl = { NULL, 0 };
    ec_error err;
    static const struct {
        const char *expr, *column;
        ec_filter_op op;
        const char *value;
    } ok[] = {
        { " Publication date >= 2020 ", "Publication date", EC_FILTER_GE, "2020" },
        { "x<=3", "x", EC_FILTER_LE, "3" },
        { "x!=a b", "x", EC_FILTER_NE, "a b" },
        { "x=3", "x", EC_FILTER_EQ, "3" },
        { "x<3", "x", EC_FILTER_LT, "3" },
        { "x>3", "x", EC_FILTER_GT, "3" },
        { "Model!=", "Model", EC_FILTER_NE, "" },
        { "Model=", "Model", EC_FILTER_EQ, "" },
        { "a==b", "a", EC_FILTER_EQ, "=b" },       /* operator at the first operator char */
        { "a<=-3", "a", EC_FILTER_LE, "-3" },
        { "a=b<c", "a", EC_FILTER_EQ, "b<c" },
        { "a >= 2021-03-04", "a", EC_FILTER_GE, "2021-03-04" },
    };
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        ec_error_clear(&err);
        if (ec_filter_parse(&fl, ok[i].expr, &err) != EC_OK)
            fail_msg("ec_filter_parse(\"%s\"): %s", ok[i].expr, err.message);
        assert_int_equal(fl.n, i + 1);
        assert_string_equal(fl.items[i].column, ok[i].column);
        assert_int_equal(fl.items[i].op, ok[i].op);
        assert_string_equal(fl.items[i].value, ok[i].value);
    }

    static const struct {
        const char *expr, *needle;
    } bad[] = {
        { "Model", "--where 'Model': no operator; write COL=VALUE, COL!=VALUE, COL<VALUE, "
                   "COL<=VALUE, COL>VALUE, COL>=VALUE or COL!= (not empty)" },
        { "", "--where '': no operator" },
        { "=5", "--where '=5': no column name before '='; write COL=VALUE" },
        { "  <= 3", "no column name before '<='" },
        { "x<", "--where 'x<': '<' needs a value after it; write COL=VALUE" },
        { "x >=  ", "'>=' needs a value" },
        { "x>", "'>' needs a value" },
        { "x<=", "'<=' needs a value" },
        { "x!", "--where 'x!': '!' is not an operator (did you mean '!='?); write COL=VALUE" },
        { "a!b=c", "'!' is not an operator" },
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        ec_error_clear(&err);
        int rc = ec_filter_parse(&fl, bad[i].expr, &err);
        if (rc != EC_EINVAL || err.code != EC_EINVAL)
            fail_msg("ec_filter_parse(\"%s\") returned %d", bad[i].expr, rc);
        ASSERT_CONTAINS(err.message, bad[i].needle);
        assert_int_equal(fl.n, sizeof ok / sizeof ok[0]); /* list unchanged */
    }
    assert_int_equal(ec_filter_parse(NULL, "x=1", &err), EC_EINVAL);
    assert_int_equal(ec_filter_parse(&fl, NULL, NULL), EC_EINVAL);

    ec_filter_list_clear(&fl);
    assert_null(fl.items);
    assert_int_equal(fl.n, 0);
    ec_filter_list_clear(&fl);
    ec_filter_list_clear(NULL);
}

static void test_filter_numbers(void **state)
{
    (void)state;
    char path[32];
    write_tmp(path, "name,x,y\na,1,10\nb,2,20\nc,3,30\nd,2.0,40\ne, 2 ,50\n");
    const char *spec = "name=name,y=y";
    KEEPS(path, spec, F("x=2"), "b,d,e", 2);
    KEEPS(path, spec, F("x = 2e0"), "b,d,e", 2);
    KEEPS(path, spec, F("x!=2"), "a,c", 3);
    KEEPS(path, spec, F("x<2"), "a", 4);
    KEEPS(path, spec, F("x<=2"), "a,b,d,e", 1);
    KEEPS(path, spec, F("x>2"), "c", 4);
    KEEPS(path, spec, F("x>=2"), "b,c,d,e", 1);
    KEEPS(path, spec, F("x>=1.5", "x<2.5", "y>20"), "d,e", 3); /* all must pass */
    KEEPS(path, spec, F("y>-1e3"), "a,b,c,d,e", 0);
    remove(path);

    /* Cells that are not numbers: ordering excludes them, = and != compare text. */
    write_tmp(path, "name,x,y\na,1,1\nb,ten,2\nc,nan,3\nd,1e999,4\n");
    KEEPS(path, spec, F("x>0"), "a", 3);
    KEEPS(path, spec, F("x<=1e300"), "a", 3);
    KEEPS(path, spec, F("x!=1"), "b,c,d", 1);
    KEEPS(path, spec, F("x=ten"), "b", 3);
    KEEPS(path, spec, F("x=nan"), "c", 3);       /* not finite: compared as text */
    KEEPS(path, spec, F("x!=Ten"), "a,b,c,d", 0); /* text is case-sensitive */
    remove(path);
}

static void test_filter_dates(void **state)
{
    (void)state;
    const char *spec = "name=name,L=L";
    /* dates: a 2019-06-15, b 2020-01-01, c 2021-03-04, d 2021, e 2022-12-31, f 2023-07,
     * g empty, h 2020.5 (a number, not a date form). */
    KEEPS(WHERE_MODELS, spec, F("date>=2020"), "b,c,d,e,f,h", 2);
    KEEPS(WHERE_MODELS, spec, F("date<2020"), "a", 7);
    /* YYYY-MM-DD cell vs YYYY value: dates, so 2021-03-04 (2021.17) > 2021 (2021.0). */
    KEEPS(WHERE_MODELS, spec, F("date>2021"), "c,e,f", 5);
    KEEPS(WHERE_MODELS, spec, F("date=2021"), "d", 7);
    KEEPS(WHERE_MODELS, spec, F("date<=2021"), "a,b,d,h", 4);
    /* A date-only value: "2021" cells compare as 2021.0 and the number cell "2020.5" as the
     * decimal year it is. */
    KEEPS(WHERE_MODELS, spec, F("date<=2021-03-04"), "a,b,c,d,h", 3);
    KEEPS(WHERE_MODELS, spec, F("date>=2021-01"), "c,d,e,f", 4);
    KEEPS(WHERE_MODELS, spec, F("date=2020-01-01"), "b", 7);
    KEEPS(WHERE_MODELS, spec, F("date>=2020-01", "date<2021"), "b,h", 6);
    /* A number value: number cells compare as numbers, date cells as decimal years
     * (a 2019.45 and b 2020.0 fall below 2020.25; c 2021.17, e and f pass). */
    KEEPS(WHERE_MODELS, spec, F("date>2020.25"), "c,d,e,f,h", 3);
    KEEPS(WHERE_MODELS, spec, F("date<2020.5"), "a,b", 6);
    KEEPS(WHERE_MODELS, spec, F("date=2020.5"), "h", 7);
    KEEPS(WHERE_MODELS, spec, F("date>=2023.49", "date<2023.5"), "f", 7); /* 2023-07 = 2023 + 181/365 */

    /* Mapped as the date role too: the values loaded are the decimal years, and the filter
     * compares the same decimal years (h, 2020.5, is after 2020-06-01 = 2020.41). */
    ec_dataset *ds = where_ok(WHERE_MODELS, "name=name,date=date",
                              F("date>=2020-06", "date<2022"), "c,d,h", __LINE__);
    ASSERT_REL(ds->col[EC_ROLE_DATE][0], 2021.0 + 62.0 / 365.0, 1e-15);
    ASSERT_REL(ds->col[EC_ROLE_DATE][1], 2021.0, 1e-15);
    ASSERT_REL(ds->col[EC_ROLE_DATE][2], 2020.5, 1e-15);
    assert_int_equal(ds->n_filtered, 5); /* g (empty date) fails the filter first */
    assert_int_equal(ds->n_skipped_empty, 0);
    ec_dataset_free(ds);
    /* Conversely a decimal-year value keeps the date-form cells in range (c, 2021.17). */
    ds = where_ok(WHERE_MODELS, "name=name,date=date", F("date>=2020.4", "date<2022"), "c,d,h",
                  __LINE__);
    ASSERT_REL(ds->col[EC_ROLE_DATE][0], 2021.0 + 62.0 / 365.0, 1e-15);
    ASSERT_REL(ds->col[EC_ROLE_DATE][2], 2020.5, 1e-15);
    ec_dataset_free(ds);
}

static void test_filter_text_and_empty(void **state)
{
    (void)state;
    const char *spec = "name=name,L=L";
    KEEPS(WHERE_MODELS, spec, F("org=OpenAI"), "a,c", 6);
    KEEPS(WHERE_MODELS, spec, F("org = Open AI, Inc"), "h", 7);
    /* != keeps the empty org of f (empty differs from "OpenAI"). */
    KEEPS(WHERE_MODELS, spec, F("org!=OpenAI"), "b,d,e,f,g,h", 2);
    KEEPS(WHERE_MODELS, spec, F("org!=OpenAI", "org!=Google"), "d,e,f,h", 4);
    /* COL!= keeps non-empty cells. */
    KEEPS(WHERE_MODELS, spec, F("org!="), "a,b,c,d,e,g,h", 1);
    KEEPS(WHERE_MODELS, spec, F("note!="), "b,c,e,f,h", 3);
    KEEPS(WHERE_MODELS, spec, F("note!=bad"), "a,b,c,d,g,h", 2);
    /* Empty cells fail =, < and the rest. */
    KEEPS(WHERE_MODELS, spec, F("date!=2019-06-15"), "b,c,d,e,f,g,h", 1);
    KEEPS(WHERE_MODELS, spec, F("date<3000"), "a,b,c,d,e,f,h", 1);
    KEEPS(WHERE_MODELS, spec, F("date!="), "a,b,c,d,e,f,h", 1);

    /* A filter on the name column compares trimmed text but keeps the name verbatim. */
    char path[32];
    write_tmp(path, "name,y\n\" a \",1\nb,2\n");
    ec_dataset *ds = where_ok(path, "name=name,y=y", F("name=a"), " a ", __LINE__);
    assert_int_equal(ds->n_filtered, 1);
    ec_dataset_free(ds);
    /* A short record: the missing cell is empty. */
    ds = where_ok(path, "y=y", F("y>0"), NULL, __LINE__);
    assert_int_equal(ds->n, 2);
    ec_dataset_free(ds);
    remove(path);
    /* A short record that lacks the filter's column is refused (a filter would decide on a
     * cell that is not there); with skip_short_rows it is skipped, before the filters. */
    write_tmp(path, "y,z\n1,5\n2\n");
    ec_error err;
    where_fail(path, "y=y", F("z!=7"), EC_EDATA, &err, __LINE__);
    ASSERT_CONTAINS(err.message, ":3: the row has 1 fields but the header (line 1) has 2: column 2 "
                                 "'z' (--where 'z!=7') is missing;");
    ec_column_map map = { { NULL } };
    ec_filter_list fl = { NULL, 0 };
    map_or_fail(&map, "y=y");
    filters_or_fail(&fl, F("z<7"));
    ec_dataset_load_options o = ec_dataset_load_default_options();
    o.filters = &fl;
    o.skip_short_rows = 1;
    ds = ec_dataset_load_csv_opts(path, &map, &o, &err);
    assert_non_null(ds);
    assert_int_equal(ds->n, 1);
    assert_int_equal(ds->n_filtered, 0);
    assert_int_equal(ds->n_skipped_short, 1);
    ec_dataset_free(ds);
    remove(path);
    /* A short row the filters remove is never refused for its mapped cells. */
    write_tmp(path, "y,z,w\n1,5,3\n2,9\n");
    ec_filter_list_clear(&fl);
    filters_or_fail(&fl, F("z<7"));
    ec_column_map_clear(&map);
    map_or_fail(&map, "y=y,x=w");
    ds = ec_dataset_load_csv_filtered(path, &map, &fl, &err);
    if (!ds)
        fail_msg("%s", err.message);
    assert_int_equal(ds->n, 1);
    assert_int_equal(ds->n_filtered, 1);
    assert_int_equal(ds->n_short, 1);
    ec_dataset_free(ds);
    ec_filter_list_clear(&fl);
    ec_column_map_clear(&map);
    remove(path);
}

static void test_filter_bad_rows_removed(void **state)
{
    (void)state;
    ec_error err;
    const char *spec = "name=name,N=N,C=C,L=L";
    /* Unfiltered, row e ('abc') is an error, and so is f (N = -5). */
    load_fail(WHERE_MODELS, spec, EC_EDATA, &err);
    ASSERT_CONTAINS(err.message, WHERE_MODELS ":6: column 2 'N': 'abc' is not a number");
    where_fail(WHERE_MODELS, spec, F("name!=e"), EC_EDATA, &err, __LINE__);
    ASSERT_CONTAINS(err.message, ":7: column 2 'N': value '-5' must be positive");

    /* Filtered out, they are never checked. d (empty C) is skipped, not filtered. */
    ec_dataset *ds = where_ok(WHERE_MODELS, spec, F("note!=bad"), "a,b,c,g,h", __LINE__);
    assert_int_equal(ds->n_filtered, 2);
    assert_int_equal(ds->n_skipped_empty, 1);
    assert_int_equal(ds->line[4], 9);
    ASSERT_REL(ds->col[EC_ROLE_N][4], 3.2e10, 1e-15);
    assert_int_equal(ds->derived, 1u << EC_ROLE_D);
    ASSERT_REL(ds->col[EC_ROLE_D][0], 6e18 / (6.0 * 1e9), 1e-15);
    ec_dataset_free(ds);

    /* A row failing a filter counts in n_filtered even when a mapped cell is empty. */
    ds = where_ok(WHERE_MODELS, spec, F("note!=bad", "name!=d"), "a,b,c,g,h", __LINE__);
    assert_int_equal(ds->n_filtered, 3);
    assert_int_equal(ds->n_skipped_empty, 0);
    ec_dataset_free(ds);
    ds = where_ok(WHERE_MODELS, spec, F("N>0"), "a,b,c,g,h", __LINE__);
    assert_int_equal(ds->n_filtered, 2); /* e and f; d passes N>0, then is skipped (empty C) */
    assert_int_equal(ds->n_skipped_empty, 1);
    ec_dataset_free(ds);

    /* No filters (NULL or an empty list) behaves as ec_dataset_load_csv. */
    ec_column_map map = { { NULL } };
    ec_filter_list none = { NULL, 0 };
    map_or_fail(&map, "name=name,L=L");
    ds = ec_dataset_load_csv_filtered(WHERE_MODELS, &map, NULL, &err);
    assert_non_null(ds);
    assert_int_equal(ds->n, 8);
    assert_int_equal(ds->n_filtered, 0);
    ec_dataset_free(ds);
    ds = ec_dataset_load_csv_filtered(WHERE_MODELS, &map, &none, &err);
    assert_non_null(ds);
    assert_int_equal(ds->n, 8);
    ec_dataset_free(ds);
    ds = ec_dataset_load_csv(WHERE_MODELS, &map, &err);
    assert_non_null(ds);
    assert_int_equal(ds->n_filtered, 0);
    ec_dataset_free(ds);
    ec_column_map_clear(&map);
}

static void test_filter_errors(void **state)
{
    (void)state;
    ec_error err;
    /* Unknown column: named with its filter, and the header is listed. */
    where_fail(WHERE_MODELS, "L=L", F("org=OpenAI", "Org=OpenAI"), EC_EDATA, &err, __LINE__);
    ASSERT_CONTAINS(err.message, WHERE_MODELS ":1: column 'Org' (--where 'Org=OpenAI') not found "
                                 "in the header; check the --where filters against the header "
                                 "names: 'name', 'N', 'C', 'L', 'date', 'org', 'note'");
    where_fail(WHERE_MODELS, "L=loss", F(" x >= 3 "), EC_EDATA, &err, __LINE__);
    ASSERT_CONTAINS(err.message, "columns 'loss' (role L), 'x' (--where 'x>=3') not found");
    ASSERT_CONTAINS(err.message, "check the column map and --where filters");
    where_fail(WHERE_MODELS, "L=loss", F("org=x"), EC_EDATA, &err, __LINE__);
    ASSERT_CONTAINS(err.message, "column 'loss' (role L) not found in the header; check the "
                                 "column map against");
    char path[32];
    write_tmp(path, "a,L,a\n1,2,3\n");
    where_fail(path, "L=L", F("a>0"), EC_EDATA, &err, __LINE__);
    ASSERT_CONTAINS(err.message, ":1: header 'a' (--where 'a>0') appears twice, as columns 1 "
                                 "and 3");
    remove(path);

    /* Nothing passes: the filters are named as written. */
    where_fail(WHERE_MODELS, "L=L", F(" org = Nobody ", "N>1"), EC_EDATA, &err, __LINE__);
    ASSERT_CONTAINS(err.message, WHERE_MODELS ": no rows match --where 'org=Nobody', 'N>1'");
    ASSERT_CONTAINS(err.message, "all 8 data rows were filtered out");
    /* An ordering comparison with text is refused when it is parsed. */
    {
        ec_filter_list tl = {0};
        ec_error_clear(&err);
        assert_int_equal(ec_filter_parse(&tl, "org>M", &err), EC_EINVAL);
        ASSERT_CONTAINS(err.message, "'M' is not a number or a date");
        assert_int_equal(ec_filter_parse(&tl, "a<=>b", &err), EC_EINVAL); /* '<=' then '>b' */
        ASSERT_CONTAINS(err.message, "'>b' is not a number or a date");
        assert_int_equal(tl.n, 0);
        ec_filter_list_clear(&tl);
    }
    where_fail(WHERE_MODELS, "L=L", F("org="), EC_EDATA, &err, __LINE__); /* = empty: none */
    ASSERT_CONTAINS(err.message, "no rows match --where 'org='");
    /* Some rows pass the filters but all of those have an empty mapped cell. */
    where_fail(WHERE_MODELS, "name=name,C=C", F("name=d"), EC_EDATA, &err, __LINE__);
    ASSERT_CONTAINS(err.message, "no data rows in " WHERE_MODELS ": 7 of 8 rows do not match "
                                 "--where 'name=d' and the other 1 have an empty cell");
    /* Nothing after the header: the usual message. */
    write_tmp(path, "L,x\n");
    where_fail(path, "L=L", F("x>0"), EC_EDATA, &err, __LINE__);
    ASSERT_CONTAINS(err.message, "nothing follows the header");
    remove(path);

    /* Hand-built filters are checked. */
    ec_column_map map = { { NULL } };
    map_or_fail(&map, "L=L");
    ec_filter bad = { (char *)"x", EC_FILTER_LT, (char *)"" };
    ec_filter_list fl = { &bad, 1 };
    assert_null(ec_dataset_load_csv_filtered(WHERE_MODELS, &map, &fl, &err));
    assert_int_equal(err.code, EC_EINVAL);
    ASSERT_CONTAINS(err.message, "filter 1 is incomplete");
    fl.items = NULL;
    assert_null(ec_dataset_load_csv_filtered(WHERE_MODELS, &map, &fl, &err));
    assert_int_equal(err.code, EC_EINVAL);
    ec_column_map_clear(&map);
}

static void test_filter_epoch_all_ml_systems(void **state)
{
    (void)state;
    const char *src = getenv("EC_SOURCE_DIR");
    char path[4096];
    snprintf(path, sizeof path, "%s/../shared/data/epoch_all_ml_systems_2025-08.csv",
             src ? src : "..");
    if (access(path, R_OK) != 0) {
        skip();
        return;
    }
    ec_error err;
    ec_dataset *ds = where_load(path, "C=Training compute (FLOP),date=Publication date,name=Model",
                                F("Publication date>=2020", "Training compute (FLOP)!="), &err);
    if (!ds)
        fail_msg("load %s: %s", path, err.message);
    /* Reference (Python 3 csv module, encoding utf-8-sig): of the 1892 data records, those
     * whose stripped 'Publication date' (all YYYY-MM-DD), as year + (day_of_year - 1) /
     * days_in_year, is >= 2020.0 and whose stripped 'Training compute (FLOP)' is non-empty:
     * 746 rows. */
    assert_int_equal(ds->n, 746);
    assert_int_equal(ds->n_filtered, 1892 - 746);
    assert_int_equal(ds->n_skipped_empty, 0);
    for (size_t i = 0; i < ds->n; i++) {
        assert_true(ds->col[EC_ROLE_DATE][i] >= 2020.0);
        assert_true(ds->col[EC_ROLE_C][i] > 0);
    }
    ec_dataset_free(ds);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_chinchilla_file),
        cmocka_unit_test(test_chinchilla_drop_highest),
        cmocka_unit_test(test_quoted_fields),
        cmocka_unit_test(test_crlf),
        cmocka_unit_test(test_bom),
        cmocka_unit_test(test_comments_and_blank_lines),
        cmocka_unit_test(test_empty_cells_skipped),
        cmocka_unit_test(test_short_rows),
        cmocka_unit_test(test_line_ends),
        cmocka_unit_test(test_derived_c),
        cmocka_unit_test(test_dates_and_weights),
        cmocka_unit_test(test_missing_file),
        cmocka_unit_test(test_missing_column),
        cmocka_unit_test(test_not_a_number),
        cmocka_unit_test(test_non_positive),
        cmocka_unit_test(test_malformed_csv),
        cmocka_unit_test(test_no_rows),
        cmocka_unit_test(test_bad_arguments),
        cmocka_unit_test(test_column_map_parse),
        cmocka_unit_test(test_column_map_errors),
        cmocka_unit_test(test_role_names),
        cmocka_unit_test(test_drop_highest_ties),
        cmocka_unit_test(test_epoch_all_ml_systems),
        cmocka_unit_test(test_filter_parse),
        cmocka_unit_test(test_filter_numbers),
        cmocka_unit_test(test_filter_dates),
        cmocka_unit_test(test_filter_text_and_empty),
        cmocka_unit_test(test_filter_bad_rows_removed),
        cmocka_unit_test(test_filter_errors),
        cmocka_unit_test(test_filter_epoch_all_ml_systems),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
