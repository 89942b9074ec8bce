/*
 * test_dataset.c — unit tests for ec_dataset (CSV loading, column maps,
 * derived columns, drop_highest). Runs from tests/ with fixtures in
 * tests/data/; EC_SOURCE_DIR points at the source tree.
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

#include "ec_dataset.h"

#define CHINCHILLA "../data/epoch_chinchilla_svg_extracted_data.csv"
#define CHINCHILLA_SHA256 "193478df4e90f040016431996c45682659306840ecdadf83cfb9cd5ca0aa1b30"

/* ------------------------------------------------------------- helpers */

static void assert_rel(double got, double want, double tol, int line)
{
    double scale = fabs(want) > 0 ? fabs(want) : 1.0;
    if (!(fabs(got - want) <= tol * scale))
        fail_msg("line %d: got %.17g, want %.17g (relative tolerance %g)", line, got, want, tol);
}
#define ASSERT_REL(got, want, tol) assert_rel((got), (want), (tol), __LINE__)

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

static void test_empty_cells_skipped(void **state)
{
    (void)state;
    ec_dataset *ds = load_ok("data/empty_cells.csv", "name=name,N=N,C=C,L=L");
    assert_int_equal(ds->n, 3);
    assert_int_equal(ds->n_skipped_empty, 3);
    assert_string_equal(ds->name[0], "a");
    assert_string_equal(ds->name[1], "e");
    assert_string_equal(ds->name[2], "f");
    assert_int_equal(ds->line[1], 6);
    ASSERT_REL(ds->col[EC_ROLE_C][2], 3e19, 1e-15);
    ec_dataset_free(ds);

    /* Unmapped empty cells do not matter. */
    ds = load_ok("data/empty_cells.csv", "N=N");
    assert_int_equal(ds->n, 5);
    assert_int_equal(ds->n_skipped_empty, 1);
    ec_dataset_free(ds);
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

    ds = tmp_ok("x,w\n1,0\n2,0.5\n", "x=x,weight=w");
    ASSERT_REL(ds->col[EC_ROLE_WEIGHT][0], 0.0, 0);
    ASSERT_REL(ds->col[EC_ROLE_WEIGHT][1], 0.5, 1e-15);
    ec_dataset_free(ds);
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
    tmp_fail("N,L\n\"1,000\",1\n", "N=N,L=L", EC_EDATA, &err, path);
    ASSERT_CONTAINS(err.message, "'1,000' is not a number");
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
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
