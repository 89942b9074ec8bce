/*
 * test_csv.c — unit tests for the shared CSV record reader (ec_csv.h): the
 * records and their starting physical lines through comments, blank lines,
 * a BOM, CRLF and quoted fields spanning lines; verbatim cells versus
 * EC_CSV_TRIM; the SHA-256 of the bytes as stored; a callback's status
 * stopping the reading; and the reader's own errors with their file:line.
 *
 * Files are written to temporary files (mkstemp) and removed.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <nettle/sha2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ec_csv.h"
#include "ec_table.h"

/* Writes `len` bytes of `text` to a fresh temporary file; its name goes into path[32]. */
static void write_tmp(char path[32], const char *text, size_t len)
{
    strcpy(path, "/tmp/ec_csvXXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *fp = fdopen(fd, "wb");
    assert_non_null(fp);
    assert_int_equal(fwrite(text, 1, len, fp), len);
    assert_int_equal(fclose(fp), 0);
}

/* The records seen, one line each: "LINE: [cell]|[cell]...". */
typedef struct seen {
    char log[2048];
    size_t used;
    size_t stop_at;   /* record number (1-based) whose callback fails; 0 = never */
    size_t nrec;
} seen;

static int collect(void *user, const ec_csv_record *rec, ec_error *err)
{
    seen *s = user;
    s->nrec++;
    if (s->nrec == s->stop_at)
        return ec_error_set(err, EC_EDATA, "%s:%zu: stopped by the callback", rec->path, rec->line);
    s->used += (size_t)snprintf(s->log + s->used, sizeof s->log - s->used, "%zu:", rec->line);
    for (size_t i = 0; i < rec->ncells; i++) {
        assert_int_equal(rec->cells[i].s[rec->cells[i].len], '\0');
        s->used += (size_t)snprintf(s->log + s->used, sizeof s->log - s->used, " [%s]", rec->cells[i].s);
    }
    s->used += (size_t)snprintf(s->log + s->used, sizeof s->log - s->used, "\n");
    return EC_OK;
}

/* Reads `text` with `flags`; returns the status and fills the log, sha and err. */
static int read_text(const char *text, unsigned flags, seen *s, char sha[65], ec_error *err)
{
    char path[32];
    write_tmp(path, text, strlen(text));
    int rc = ec_csv_read(path, flags, collect, s, sha, err);
    unlink(path);
    return rc;
}

static void sha_hex(const char *text, char hex[65])
{
    struct sha256_ctx sha;
    uint8_t dg[SHA256_DIGEST_SIZE];
    sha256_init(&sha);
    sha256_update(&sha, strlen(text), (const uint8_t *)text);
    sha256_digest(&sha, SHA256_DIGEST_SIZE, dg);
    for (int i = 0; i < SHA256_DIGEST_SIZE; i++) snprintf(hex + 2 * i, 3, "%02x", (unsigned)dg[i]);
}

/* Comments, blank lines, BOM, CRLF and multi-line quoted fields; lines as stored. */
static void test_records_and_lines(void **state)
{
    (void)state;
    const char *text = "\xEF\xBB\xBF# version 1\r\n"
                       "a,b\r\n"
                       "\r\n"
                       "  \t\r\n"
                       ",,\r\n"
                       "1,\"two\r\n# not a comment\r\n\"\r\n"
                       "# a comment\r\n"
                       " 3 ,\"x,\"\"y\"\"\"\r\n"
                       "4,5";
    seen s = { .used = 0 };
    char sha[65] = "", want[65];
    ec_error err;
    assert_int_equal(read_text(text, 0, &s, sha, &err), EC_OK);
    assert_string_equal(s.log, "2: [a] [b]\n"
                               "6: [1] [two\r\n# not a comment\r\n]\n"
                               "10: [3] [x,\"y\"]\n"
                               "11: [4] [5]\n");
    sha_hex(text, want);
    assert_string_equal(sha, want);
}

/*
 * libcsv drops blanks around unquoted fields; quoted ones come verbatim
 * unless EC_CSV_TRIM, which also skips records it leaves all empty.
 */
static void test_trim(void **state)
{
    (void)state;
    const char *text = " a ,\" b\t\"\n\" \",\"\"\n\"\r\n1\r\n\",2\n";
    seen s = { .used = 0 };
    ec_error err;
    assert_int_equal(read_text(text, 0, &s, NULL, &err), EC_OK);
    assert_string_equal(s.log, "1: [a] [ b\t]\n2: [ ] []\n3: [\r\n1\r\n] [2]\n");
    memset(&s, 0, sizeof s);
    assert_int_equal(read_text(text, EC_CSV_TRIM, &s, NULL, &err), EC_OK);
    assert_string_equal(s.log, "1: [a] [b]\n3: [1] [2]\n");
}

/* The first failing callback ends the reading with its status and message. */
static void test_callback_stops(void **state)
{
    (void)state;
    seen s = { .stop_at = 2 };
    char sha[65] = "untouched";
    ec_error err;
    assert_int_equal(read_text("a\n#c\nb\nc\n", 0, &s, sha, &err), EC_EDATA);
    assert_int_equal(s.nrec, 2);
    assert_non_null(strstr(err.message, ":3: stopped by the callback"));
    assert_string_equal(sha, "untouched");
}

/* The reader's own errors, each naming the file and line. */
static void test_errors(void **state)
{
    (void)state;
    ec_error err;
    seen s = { .used = 0 };
    assert_int_equal(read_text("a,b\n1,x\"y\"\n", 0, &s, NULL, &err), EC_EDATA);
    assert_non_null(strstr(err.message, ":2: malformed CSV ("));
    memset(&s, 0, sizeof s);
    assert_int_equal(read_text("a,b\n1,\"open\n2,3\n", 0, &s, NULL, &err), EC_EDATA);
    assert_non_null(strstr(err.message, ":2: quoted field is not closed at the end of the file"));
    assert_int_equal(ec_csv_read("/nonexistent/ec_csv.csv", 0, collect, &s, NULL, &err), EC_EIO);
    assert_string_equal(err.message,
                        "cannot open '/nonexistent/ec_csv.csv': No such file or directory");
    assert_int_equal(ec_csv_read(NULL, 0, collect, &s, NULL, &err), EC_EINVAL);
    assert_int_equal(ec_csv_read("x.csv", 0, NULL, &s, NULL, &err), EC_EINVAL);
}

/* ec_table keeps the file's first line when it is a '#' comment (the header effcomp writes
 * on replicates files, read back to check the form and seed), without its line end; a
 * comment further down is skipped and not kept. */
static void test_table_comment(void **state)
{
    (void)state;
    char path[32];
    ec_error err;
    const char *with = "# effcomp 0.1.0 bootstrap replicates: form chinchilla, 2 replicates, seed 7\r\na,b\n1,2\n3,4\n";
    write_tmp(path, with, strlen(with));
    ec_table *t = ec_table_load_csv(path, &err);
    assert_non_null(t);
    assert_string_equal(t->comment, "# effcomp 0.1.0 bootstrap replicates: form chinchilla, 2 replicates, seed 7");
    assert_int_equal(t->n_rows, 2);
    ec_table_free(t);
    unlink(path);
    const char *later = "a,b\n# not the first line\n1,2\n";
    write_tmp(path, later, strlen(later));
    t = ec_table_load_csv(path, &err);
    assert_non_null(t);
    assert_null(t->comment);
    assert_int_equal(t->n_rows, 1);
    ec_table_free(t);
    unlink(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_records_and_lines),
        cmocka_unit_test(test_trim),
        cmocka_unit_test(test_callback_stops),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_table_comment),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
