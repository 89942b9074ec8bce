/*
 * test_csv.c — unit tests for the shared CSV record reader (ec_csv.h): the
 * records and their starting physical lines through comments, blank lines,
 * a BOM, CRLF and quoted fields spanning lines; verbatim cells versus
 * EC_CSV_TRIM; the SHA-256 of the bytes as stored; a callback's status
 * stopping the reading; and the reader's own errors with their file:line.
 * Then the robustness of issues 14 and 15: LF, CRLF and CR-only line ends
 * (also across the reader's 1 MiB blocks), a read error and running out of
 * memory in a long line reported as errors (not as the end of the file), a
 * 10 MB cell read with a handful of reallocations (geometric growth, not one
 * per 128 bytes), and ec_parse_decimal against strtod bit for bit.
 *
 * Files are written to temporary files (mkstemp) and removed.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <nettle/sha2.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ec_csv.h"
#include "ec_dataset.h"
#include "ec_table.h"

#if defined(__SANITIZE_ADDRESS__)
#define EC_TEST_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define EC_TEST_ASAN 1
#endif
#endif

#ifndef EC_TEST_ASAN
/*
 * Counts calls to realloc while `counting` is set: this program's realloc comes first in
 * symbol lookup, for the library and for libcsv alike, and hands over to glibc's. (Not
 * under AddressSanitizer, whose own realloc must stay in place.)
 */
extern void *__libc_realloc(void *p, size_t n);
static int counting;
static size_t n_realloc;
void *realloc(void *p, size_t n)
{
    if (counting)
        n_realloc++;
    return __libc_realloc(p, n);
}
#endif

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

/* Line ends: LF, CRLF and a lone CR each end one physical line, mixed in one file too. */
static void test_line_ends(void **state)
{
    (void)state;
    static const char *const eol[] = { "\n", "\r\n", "\r" };
    for (int k = 0; k < 3; k++) {
        char text[256];
        const char *e = eol[k];
        snprintf(text, sizeof text, "a,b%s# c%s%s1,\"x%sy\"%s2,3%s", e, e, e, e, e, e);
        seen s = { .used = 0 };
        ec_error err;
        assert_int_equal(read_text(text, 0, &s, NULL, &err), EC_OK);
        char want[128];
        snprintf(want, sizeof want, "1: [a] [b]\n4: [1] [x%sy]\n6: [2] [3]\n", e);
        assert_string_equal(s.log, want);
    }
    seen s = { .used = 0 };
    ec_error err;
    assert_int_equal(read_text("a\rb\r\nc\nd\r\re", 0, &s, NULL, &err), EC_OK);
    assert_string_equal(s.log, "1: [a]\n2: [b]\n3: [c]\n4: [d]\n6: [e]\n");
}

static int count_lines(void *user, const ec_csv_record *rec, ec_error *err)
{
    (void)err;
    size_t *last = user;
    if (rec->ncells != 2 || strcmp(rec->cells[1].s, "z") != 0)
        return ec_error_set(err, EC_EDATA, "line %zu: bad record", rec->line);
    last[0]++;
    last[1] = rec->line;
    return EC_OK;
}

/* A line end that straddles the reader's 1 MiB blocks (CR last in one, LF first in the next)
 * is one line end; a CR-only end there is one too. */
static void test_line_ends_across_blocks(void **state)
{
    (void)state;
    const size_t block = (size_t)1 << 20;
    for (int crlf = 0; crlf < 2; crlf++) {
        for (int shift = -2; shift <= 2; shift++) {
            /* lines "xxxx...,z" + eol, the first long enough that its CR is at block - 1 + shift */
            size_t cap = 3 * block, n = 0;
            char *text = malloc(cap);
            assert_non_null(text);
            size_t first = block - 1 + (size_t)(ptrdiff_t)shift - 2; /* bytes before ",z" */
            memset(text, 'x', first);
            n = first;
            memcpy(text + n, ",z", 2);
            n += 2;
            size_t lines = 1;
            text[n++] = '\r';
            if (crlf)
                text[n++] = '\n';
            while (n + 16 < cap - block) {
                memcpy(text + n, "y,z", 3);
                n += 3;
                text[n++] = '\r';
                if (crlf)
                    text[n++] = '\n';
                lines++;
            }
            char path[32];
            write_tmp(path, text, n);
            free(text);
            size_t got[2] = { 0, 0 };
            ec_error err;
            int rc = ec_csv_read(path, 0, count_lines, got, NULL, &err);
            unlink(path);
            if (rc != EC_OK)
                fail_msg("crlf %d shift %d: %s", crlf, shift, err.message);
            assert_int_equal(got[0], lines);
            assert_int_equal(got[1], lines);
        }
    }
}

/* A read that fails is an error naming the line, not the end of the file. */
static void test_read_error(void **state)
{
    (void)state;
    seen s = { .used = 0 };
    ec_error err;
    /* a directory opens for reading, and every read of it fails (EISDIR) */
    assert_int_equal(ec_csv_read("/", 0, collect, &s, NULL, &err), EC_EIO);
    assert_string_equal(err.message, "/:1: read error: Is a directory");
    assert_null(ec_table_load_csv("/", &err));
    assert_string_equal(err.message, "/:1: read error: Is a directory");
}

/*
 * Out of memory while reading a long line (issue 15): a dataset of 120 rows whose
 * line 52 is 40 MB, read under an address-space limit 16 MB above what the process
 * uses, is refused with EC_ENOMEM naming line 52. It was read as a file that ends at
 * line 51 ("50 used of 50 rows"). Run in a child process, so that the limit stays
 * there; not under AddressSanitizer, which cannot run under such a limit.
 */
static void test_out_of_memory_is_an_error(void **state)
{
    (void)state;
#ifdef EC_TEST_ASAN
    skip();
#else
    const size_t huge = 40u << 20;
    char path[32];
    strcpy(path, "/tmp/ec_csvXXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *fp = fdopen(fd, "wb");
    assert_non_null(fp);
    fputs("N,L\n", fp);
    for (int i = 1; i <= 120; i++) {
        if (i == 51) {
            fputs("1e9,", fp);
            for (size_t k = 0; k < huge; k += 64)
                fputs("1111111111111111111111111111111111111111111111111111111111111111", fp);
            fputs("\n", fp);
        } else
            fprintf(fp, "%de9,2.5\n", i);
    }
    assert_int_equal(fclose(fp), 0);

    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        long pages = 0, page = sysconf(_SC_PAGESIZE);
        FILE *st = fopen("/proc/self/statm", "r");
        if (!st || fscanf(st, "%ld", &pages) != 1)
            _exit(3);
        fclose(st);
        struct rlimit lim;
        lim.rlim_cur = lim.rlim_max = (rlim_t)pages * (rlim_t)page + (16u << 20);
        if (setrlimit(RLIMIT_AS, &lim) != 0)
            _exit(3);
        ec_column_map map = { { NULL } };
        ec_error err;
        if (ec_column_map_parse(&map, "N=N,L=L", &err))
            _exit(3);
        ec_dataset *ds = ec_dataset_load_csv(path, &map, &err);
        if (ds) {
            fprintf(stderr, "loaded %zu rows: a failed read was taken as the end of the file\n", ds->n);
            _exit(1);
        }
        char want[64];
        snprintf(want, sizeof want, "%s:52: out of memory", path);
        if (err.code != EC_ENOMEM || !strstr(err.message, want)) {
            fprintf(stderr, "unexpected error: %s\n", err.message);
            _exit(2);
        }
        _exit(0);
    }
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    unlink(path);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
#endif
}

static int one_big_cell(void *user, const ec_csv_record *rec, ec_error *err)
{
    (void)err;
    size_t *len = user;
    if (rec->ncells == 2 && rec->line == 2)
        *len = rec->cells[1].len;
    return EC_OK;
}

/* A 10 MB cell (issue 15): read whole, with a few reallocations (geometric growth) where
 * libcsv's fixed 128-byte blocks took 78,000, each a copy under allocators that move. */
static void test_big_cell(void **state)
{
    (void)state;
    const size_t big = 10u << 20;
    for (int quoted = 0; quoted < 2; quoted++) {
        char *text = malloc(big + 64);
        assert_non_null(text);
        size_t n = (size_t)sprintf(text, "a,b\n1,%s", quoted ? "\"" : "");
        for (size_t k = 0; k < big; k++)
            text[n++] = quoted && k % 1000 == 999 ? '\n' : 'v'; /* quoted: 10,000 lines */
        n += (size_t)sprintf(text + n, "%s\n2,3\n", quoted ? "\"" : "");
        char path[32];
        write_tmp(path, text, n);
        free(text);
        size_t len = 0;
        ec_error err;
#ifndef EC_TEST_ASAN
        n_realloc = 0;
        counting = 1;
#endif
        int rc = ec_csv_read(path, 0, one_big_cell, &len, NULL, &err);
#ifndef EC_TEST_ASAN
        counting = 0;
        if (n_realloc > 100)
            fail_msg("%zu reallocations to read a 10 MB cell", n_realloc);
#endif
        unlink(path);
        assert_int_equal(rc, EC_OK);
        assert_int_equal(len, big);
    }
}

/* EC_CSV_COMMENTS hands comment lines over, without their line end. */
static void test_comment_records(void **state)
{
    (void)state;
    char path[32];
    const char *text = "\xEF\xBB\xBF# first\r\na\n#second\r1\n\"#x\n#y\"\n";
    write_tmp(path, text, strlen(text));
    seen s = { .used = 0 };
    ec_error err;
    assert_int_equal(ec_csv_read(path, EC_CSV_COMMENTS, collect, &s, NULL, &err), EC_OK);
    assert_string_equal(s.log, "1: [# first]\n2: [a]\n3: [#second]\n4: [1]\n5: [#x\n#y]\n");
    memset(&s, 0, sizeof s);
    assert_int_equal(ec_csv_read(path, 0, collect, &s, NULL, &err), EC_OK);
    assert_string_equal(s.log, "2: [a]\n4: [1]\n5: [#x\n#y]\n");
    unlink(path);
}

/* ec_parse_decimal gives strtod's double bit for bit where it answers, answers for the
 * plain decimals it promises, and declines the rest. */
static void check_decimal(const char *t, int must_take)
{
    double a, b = -12345.0;
    char *end;
    errno = 0;
    a = strtod(t, &end);
    int took = ec_parse_decimal(t, strlen(t), &b);
    if (must_take >= 0 && took != must_take)
        fail_msg("'%s': ec_parse_decimal returned %d, expected %d", t, took, must_take);
    if (took) {
        if (*end != '\0' || errno != 0)
            fail_msg("'%s': taken, but strtod stops at %td with errno %d", t, end - t, errno);
        if (memcmp(&a, &b, sizeof a) != 0)
            fail_msg("'%s': %.17g (%a), strtod %.17g (%a)", t, b, b, a, a);
    } else if (b != -12345.0)
        fail_msg("'%s': declined but *out was written", t);
}

static uint64_t xorshift(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

static void test_parse_decimal(void **state)
{
    (void)state;
    /* Taken: ties to even at 2^53 (9007199254740993 lies halfway between 2^53 and
     * 2^53 + 2, and rounds down to the even one; ...995 rounds up), exact powers, the
     * extremes of the range, signs, zeros, leading zeros. */
    static const char *const take[] = {
        "0", "-0", "+0", "0.0", "000", ".5", "5.", "-.5e-3", "1e0000", "0e9999",
        "9007199254740993", "9007199254740995", "9007199254740992", "18014398509481986",
        "9999999999999999999", "9999999999999999999e27", "9999999999999999999e-27", "1e-27",
        "1e27", "0.000000000000000000000000001", "00000000000000000000001.5",
        "9.993852799709755e+18", "6795600349.289497", "2.610877420810266", "4503599627370496.5",
        "4503599627370497.5", "1.000000000000000000", "123456789012345678.9e-5", "2.5E-3",
        NULL };
    for (int i = 0; take[i]; i++)
        check_decimal(take[i], 1);
    /* Declined: more digits, larger exponents, and everything strtod reads otherwise or not. */
    static const char *const leave[] = {
        "", "-", "+", ".", "e5", "1e", "1e+", "1.5x", " 1.5", "1.5 ", "0x10", "inf", "nan",
        "-inf", "1e400", "1e-400", "1e28", "1e-28", "12345678901234567890", "1e10000",
        "1.7976931348623157e308", "4.9406564584124654e-324", "1.0000000000000000000", "1,5", "1..5", "--1", NULL };
    for (int i = 0; leave[i]; i++)
        check_decimal(leave[i], 0);
    char nul[] = "1.5\0" "7";
    double v = 0;
    assert_int_equal(ec_parse_decimal(nul, 5, &v), 0); /* an embedded NUL byte */
    assert_int_equal(ec_parse_decimal("1.25", 3, &v), 1); /* only `len` bytes are read */
    assert_true(v == 1.2);

    /* Random decimals of every shape (1 to 19 digits, a point anywhere, exponents within
     * and beyond the fast range) and the shortest and 17-digit forms of random doubles. */
    uint64_t st = 88172645463325252u;
    char t[80];
    for (long i = 0; i < 300000; i++) {
        int nd = 1 + (int)(xorshift(&st) % 19), pt = (int)(xorshift(&st) % (uint64_t)(nd + 1));
        char *p = t;
        if (xorshift(&st) & 1)
            *p++ = '-';
        for (int k = 0; k < nd; k++) {
            if (k == pt)
                *p++ = '.';
            *p++ = (char)('0' + xorshift(&st) % 10);
        }
        if (xorshift(&st) & 1)
            p += sprintf(p, "e%d", (int)(xorshift(&st) % 80) - 40);
        *p = '\0';
        check_decimal(t, -1);
        double d;
        uint64_t bits = (xorshift(&st) & UINT64_C(0x800FFFFFFFFFFFFF)) |
                        ((UINT64_C(1023) - 90 + xorshift(&st) % 180) << 52);
        memcpy(&d, &bits, sizeof d);
        snprintf(t, sizeof t, "%.*g", 15 + (int)(i % 3), d);
        check_decimal(t, -1);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_records_and_lines),
        cmocka_unit_test(test_trim),
        cmocka_unit_test(test_callback_stops),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_table_comment),
        cmocka_unit_test(test_line_ends),
        cmocka_unit_test(test_line_ends_across_blocks),
        cmocka_unit_test(test_read_error),
        cmocka_unit_test(test_out_of_memory_is_an_error),
        cmocka_unit_test(test_big_cell),
        cmocka_unit_test(test_comment_records),
        cmocka_unit_test(test_parse_decimal),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
