/*
 * test_law_json.c — reading what effcomp wrote (params/ec_law_json): the checks on numbers of a
 * JSON input (issue 14: 1e400 was read as inf; issue 15: a replicate count of -5 was cast to
 * size_t) and on the pair of a fit JSON and its replicates file (the recorded SHA-256).
 * References: the SHA-256 of "abc" is FIPS 180-2's first example (appendix B.1).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ec_csv.h"
#include "ec_law_json.h"

static char dir[64];

static const char *path_of(const char *name)
{
    static char p[4][128];
    static int k;
    k = (k + 1) % 4;
    snprintf(p[k], sizeof p[k], "%s/%s", dir, name);
    return p[k];
}

static void put(const char *name, const char *text)
{
    FILE *fp = fopen(path_of(name), "w");
    assert_non_null(fp);
    fputs(text, fp);
    assert_int_equal(fclose(fp), 0);
}

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/ec_test_law_json_XXXXXX");
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

static void test_sha256_reference(void **state)
{
    (void)state;
    char hex[65];
    ec_sha256_hex("abc", 3, hex);
    assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

/* A number beyond double's range is refused at its line:column; the same text in a string, after an
 * escaped quote, is data; an underflow (1e-400) is finite and read. */
static void test_overflow_located(void **state)
{
    (void)state;
    ec_error err;
    put("o.json", "{\n  \"a\": \"1e400 \\\" 1e400\",\n  \"b\": [1, 2,\n        -1e999]\n}\n");
    assert_null(ec_json_read_file(path_of("o.json"), &err));
    assert_int_equal(err.code, EC_EDATA);
    assert_non_null(strstr(err.message, "o.json:4:9: the number '-1e999' is beyond the range of a double"));
    put("s.json", "{\"a\": \"1e400\", \"b\\\"1e999\": 1e-400, \"c\": 1.7976931348623157e308}");
    cJSON *root = ec_json_read_file(path_of("s.json"), &err);
    assert_non_null(root);
    cJSON_Delete(root);
}

#define FIT_HEAD "{\"result\": \"fit\", \"form\": \"chinchilla\", \"objective\": 0.1, \"params\": " \
                 "{\"E\": 1.69, \"A\": 406.4, \"B\": 410.7, \"alpha\": 0.34, \"beta\": 0.28}"

static int load(const char *json, const char *reps, ec_error *err)
{
    put("f.json", json);
    ec_law *law = NULL;
    int rc = ec_law_load(path_of("f.json"), reps ? path_of(reps) : NULL, 1, 0, &law, NULL, err);
    ec_law_free(law);
    return rc;
}

/* bootstrap.replicates is converted only when it is a whole number from 1 to 1e12. */
static void test_replicate_count(void **state)
{
    (void)state;
    ec_error err;
    const char *bad[] = {"-5", "2.5", "0", "1e13", "\"20\""};
    for (size_t k = 0; k < sizeof bad / sizeof *bad; k++) {
        char json[512];
        snprintf(json, sizeof json, FIT_HEAD ", \"bootstrap\": {\"replicates\": %s}}", bad[k]);
        assert_int_equal(load(json, NULL, &err), EC_EDATA);
        assert_non_null(strstr(err.message, "not a count of replicates"));
    }
    assert_int_equal(load(FIT_HEAD ", \"bootstrap\": {\"replicates\": 20}}", NULL, &err), EC_OK);
    assert_int_equal(load(FIT_HEAD ", \"seed\": 1}", NULL, &err), EC_OK);
    assert_int_equal(load(FIT_HEAD ", \"seed\": -3}", NULL, &err), EC_EDATA);
    assert_non_null(strstr(err.message, "is not a seed"));
    assert_int_equal(load(FIT_HEAD ", \"seed\": 1.5}", NULL, &err), EC_EDATA);
}

/* The pair: the recorded digest must be the replicates file's; a file without effcomp's header
 * line given by hand is not checked; a digest that is not one is refused. */
static void test_pair_digest(void **state)
{
    (void)state;
    const char *reps = "# effcomp 0.1.0 bootstrap replicates: form chinchilla, 2 replicates, seed 1\n"
                       "replicate,E,A,B,alpha,beta,objective,converged\n"
                       "0,1.7,400,400,0.33,0.29,0.1,1\n1,1.68,410,420,0.35,0.27,0.1,1\n";
    put("r.csv", reps);
    put("plain.csv", strchr(reps, '\n') + 1);
    char sha[65], json[1024];
    ec_sha256_hex(reps, strlen(reps), sha);
    ec_error err;
    snprintf(json, sizeof json, FIT_HEAD ", \"bootstrap\": {\"replicates\": 2, \"replicates_file\": \"r.csv\", "
             "\"replicates_sha256\": \"%s\"}, \"seed\": 1}", sha);
    assert_int_equal(load(json, NULL, &err), EC_OK);
    sha[0] = sha[0] == '0' ? '1' : '0';
    snprintf(json, sizeof json, FIT_HEAD ", \"bootstrap\": {\"replicates\": 2, \"replicates_file\": \"r.csv\", "
             "\"replicates_sha256\": \"%s\"}, \"seed\": 1}", sha);
    assert_int_equal(load(json, NULL, &err), EC_EDATA);
    assert_non_null(strstr(err.message, "f.json records replicates with SHA-256"));
    assert_non_null(strstr(err.message, "r.csv has SHA-256"));
    assert_int_equal(load(json, "r.csv", &err), EC_EDATA);     /* given, with effcomp's header line */
    assert_int_equal(load(json, "plain.csv", &err), EC_OK);    /* made by hand: nothing to agree with */
    assert_int_equal(load(FIT_HEAD ", \"bootstrap\": {\"replicates\": 2, \"replicates_sha256\": \"abc\"}}", NULL, &err),
                     EC_EDATA);
    assert_non_null(strstr(err.message, "is not a SHA-256"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sha256_reference), cmocka_unit_test(test_overflow_located),
        cmocka_unit_test(test_replicate_count), cmocka_unit_test(test_pair_digest),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
