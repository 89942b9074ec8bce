/*
 * test_table.c — unit tests for the all-numeric table reader (ec_table.h), which
 * reads bootstrap replicates and starts files through ec_csv_read(): header,
 * comment lines (the first kept), empty cells as NAN, the errors with their
 * file:line:column, poisoned numbers refused (issue 14: nan, inf, 1e400), line
 * numbers with LF, CRLF and CR-only line ends, and the duplicate-header check on
 * a header of a million columns (issue 15: it compared every pair, 38 min).
 *
 * Files are written to temporary files (mkstemp) and removed.
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

#include "ec_table.h"

static void write_tmp(char path[32], const char *text, size_t len)
{
    strcpy(path, "/tmp/ec_tabXXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *fp = fdopen(fd, "wb");
    assert_non_null(fp);
    assert_int_equal(fwrite(text, 1, len, fp), len);
    assert_int_equal(fclose(fp), 0);
}

static ec_table *load_text(const char *text, ec_error *err)
{
    char path[32];
    write_tmp(path, text, strlen(text));
    ec_table *t = ec_table_load_csv(path, err);
    unlink(path);
    return t;
}

/* Expects `text` to be refused with `code` and a message containing `want` (after the path). */
static void refused(const char *text, int code, const char *want, int line)
{
    ec_error err;
    ec_table *t = load_text(text, &err);
    if (t) {
        ec_table_free(t);
        fail_msg("line %d: loaded, expected an error containing \"%s\"", line, want);
    }
    if (err.code != code || !strstr(err.message, want))
        fail_msg("line %d: got %d \"%s\", expected %d with \"%s\"", line, err.code, err.message, code, want);
    if (strncmp(err.message, "/tmp/ec_tab", 11) != 0)
        fail_msg("line %d: \"%s\" does not start with the path", line, err.message);
}
#define REFUSED(text, code, want) refused((text), (code), (want), __LINE__)

static void test_read(void **state)
{
    (void)state;
    ec_error err;
    ec_table *t = load_text("# effcomp 0.1.0 bootstrap replicates: seed 7\n"
                            "replicate,E,\"A\",objective\n"
                            "0,1.5, 2 ,1e-3\n"
                            "\n"
                            "# a later comment\n"
                            "1,,\"3.25\",\n"
                            ",,,\n" /* all empty: a blank record, skipped */
                            "2,-4,5e2,1e-320\n", &err);
    assert_non_null(t);
    assert_string_equal(t->comment, "# effcomp 0.1.0 bootstrap replicates: seed 7");
    assert_int_equal(t->n_cols, 4);
    assert_int_equal(t->n_rows, 3);
    assert_string_equal(t->names[2], "A");
    assert_int_equal(ec_table_column(t, "objective"), 3);
    assert_int_equal(ec_table_column(t, "B"), -1);
    const double *v = t->values;
    assert_true(v[0] == 0 && v[1] == 1.5 && v[2] == 2 && v[3] == 1e-3);
    assert_true(v[4] == 1 && isnan(v[5]) && v[6] == 3.25 && isnan(v[7]));
    assert_true(v[8] == 2 && v[9] == -4 && v[10] == 500);
    assert_true(v[11] > 0 && v[11] < 1e-300); /* an underflow keeps strtod's (subnormal) value */
    ec_table_free(t);
    /* A BOM before the comment: still the first line's comment. */
    t = load_text("\xEF\xBB\xBF# c\r\na\r\n1\r\n", &err);
    assert_non_null(t);
    assert_string_equal(t->comment, "# c");
    assert_int_equal(t->n_rows, 1);
    ec_table_free(t);
}

static void test_errors(void **state)
{
    (void)state;
    REFUSED("a,b,a\n1,2,3\n", EC_EDATA, ":1: column 'a' appears twice in the header; a table names each column once");
    REFUSED("a,b\n1,2\n3\n", EC_EDATA, ":3: 1 fields where the header has 2; is the file truncated?");
    REFUSED("a,b\n1,2\n3,4,\n", EC_EDATA, ":3: more fields than the header's 2");
    REFUSED("a,b\n1,x\n", EC_EDATA, ":2: column 2 'b': 'x' is not a number");
    REFUSED("a,b\n1,\"1\"x\n", EC_EDATA, ":2: malformed CSV");
    REFUSED("a,b\n1,\"2\n", EC_EDATA, ":2: quoted field is not closed at the end of the file");
    REFUSED("a,b\n", EC_EDATA, ": no data rows");
    REFUSED("# only a comment\n", EC_EDATA, ": no data rows");
    REFUSED("a\n1234567890123456789012345678901234567890123456789012345678901234567890\n", EC_EDATA,
            ":2: column 1 'a': cell too long for a number");
    static const char nul[] = "a,b\n1,2\0\n";
    char path[32];
    write_tmp(path, nul, sizeof nul - 1);
    ec_error err;
    assert_null(ec_table_load_csv(path, &err));
    assert_non_null(strstr(err.message, ":2: column 2 'b': the cell contains a NUL byte"));
    unlink(path);
    assert_null(ec_table_load_csv("/nonexistent/t.csv", &err));
    assert_int_equal(err.code, EC_EIO);
    assert_null(ec_table_load_csv(NULL, &err));
    assert_int_equal(err.code, EC_EINVAL);
}

/* Issue 14: a replicates or starts file with nan, inf or an overflow was read and used. */
static void test_poisoned_numbers(void **state)
{
    (void)state;
    static const char *const bad[] = { "nan", "NaN", "-nan", "inf", "-inf", "Infinity", "1e400",
                                       "-1e400", "1e99999", "nan(12)", NULL };
    for (int i = 0; bad[i]; i++) {
        char text[128], want[128];
        snprintf(text, sizeof text, "# seed 1\nreplicate,E,alpha\n0,1.7,0.3\n1,1.8,%s\n", bad[i]);
        snprintf(want, sizeof want, ":4: column 3 'alpha': '%s' is not a finite number", bad[i]);
        REFUSED(text, EC_EDATA, want);
        REFUSED(text, EC_EDATA, "write a finite value, or leave the cell empty for a missing value");
    }
    ec_error err;
    ec_table *t = load_text("x\n1.7976931348623157e308\n-4.9406564584124654e-324\n", &err);
    assert_non_null(t);
    assert_true(t->values[0] == 1.7976931348623157e308);
    ec_table_free(t);
}

/* Issue 14: a bad cell on line 5 of a CR-only file was reported on line 1. */
static void test_line_ends(void **state)
{
    (void)state;
    static const char *const eol[] = { "\n", "\r\n", "\r" };
    for (int k = 0; k < 3; k++) {
        char text[128];
        const char *e = eol[k];
        snprintf(text, sizeof text, "# c%sa,b%s1,2%s%s3,oops%s5,6%s", e, e, e, e, e, e);
        REFUSED(text, EC_EDATA, ":5: column 2 'b': 'oops' is not a number");
        snprintf(text, sizeof text, "a,b%s1,2%s%s3,4%s5,6%s", e, e, e, e, e);
        ec_error err;
        ec_table *t = load_text(text, &err);
        assert_non_null(t);
        assert_int_equal(t->n_rows, 3);
        assert_null(t->comment);
        ec_table_free(t);
    }
}

/* Writes a header of n columns c0..c{n-1} (column `dup_at`, when < n, named like column 0)
 * and one row of ones; returns the file's path in path[32]. */
static void wide_file(char path[32], size_t n, size_t dup_at)
{
    strcpy(path, "/tmp/ec_tabXXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *fp = fdopen(fd, "wb");
    assert_non_null(fp);
    for (size_t j = 0; j < n; j++)
        fprintf(fp, "%sc%zu", j ? "," : "", j == dup_at ? (size_t)0 : j);
    fputc('\n', fp);
    for (size_t j = 0; j < n; j++)
        fputs(j ? ",1" : "1", fp);
    fputc('\n', fp);
    assert_int_equal(fclose(fp), 0);
}

/* Issue 15: a million columns took about 38 minutes (every pair compared); now sorted. */
static void test_wide_header(void **state)
{
    (void)state;
    const size_t n = 1000000;
    char path[32];
    ec_error err;
    wide_file(path, n, n);
    ec_table *t = ec_table_load_csv(path, &err);
    unlink(path);
    if (!t)
        fail_msg("%s", err.message);
    assert_int_equal(t->n_cols, n);
    assert_int_equal(t->n_rows, 1);
    assert_string_equal(t->names[n - 1], "c999999");
    assert_true(t->values[n - 1] == 1);
    ec_table_free(t);
    /* The last column repeats the first: named, at line 1. */
    wide_file(path, n, n - 1);
    assert_null(ec_table_load_csv(path, &err));
    unlink(path);
    assert_non_null(strstr(err.message, ":1: column 'c0' appears twice in the header"));
    /* With several repeats, the one reported is the earliest second occurrence. */
    assert_null(load_text("b,a,c,a,b\n1,2,3,4,5\n", &err));
    assert_non_null(strstr(err.message, ":1: column 'a' appears twice"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_read),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_poisoned_numbers),
        cmocka_unit_test(test_line_ends),
        cmocka_unit_test(test_wide_header),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
