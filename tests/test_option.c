/*
 * test_option.c — unit tests for the generic option setter (ec_option.h)
 * on the fit options table (ec_fit_option_table()).
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

#include "ec_fit.h"
#include "ec_option.h"

/* ------------------------------------------------------------- helpers */

static void assert_contains(const char *hay, const char *needle, int line)
{
    if (!strstr(hay, needle))
        fail_msg("line %d: message \"%s\" does not contain \"%s\"", line, hay, needle);
}
#define ASSERT_CONTAINS(hay, needle) assert_contains((hay), (needle), __LINE__)

static void set_ok(ec_fit_options *o, const char *name, const char *value, int line)
{
    ec_error err;
    ec_error_clear(&err);
    int rc = ec_option_set(ec_fit_option_table(), o, name, value, &err);
    if (rc != EC_OK) fail_msg("line %d: set %s=%s: %s", line, name, value, err.message);
}
#define SET_OK(o, name, value) set_ok((o), (name), (value), __LINE__)

/* Sets name=value expecting EC_EINVAL and a message containing each needle
 * (NULL-terminated list); the options must be left unchanged. */
static void set_err(const char *name, const char *value, int line, ...)
{
    ec_fit_options o = ec_fit_default_options(), before = o;
    ec_error err;
    ec_error_clear(&err);
    int rc = ec_option_set(ec_fit_option_table(), &o, name, value, &err);
    if (rc != EC_EINVAL || err.code != EC_EINVAL)
        fail_msg("line %d: set %s=%s returned %d (%s), expected EC_EINVAL", line, name,
                 value ? value : "(null)", rc, err.message);
    va_list ap;
    va_start(ap, line);
    for (const char *needle = va_arg(ap, const char *); needle; needle = va_arg(ap, const char *))
        assert_contains(err.message, needle, line);
    va_end(ap);
    if (memcmp(&o, &before, sizeof o) != 0)
        fail_msg("line %d: failed set of %s modified the options", line, name);
}
#define SET_ERR(name, value, ...) set_err((name), (value), __LINE__, __VA_ARGS__, (const char *)NULL)

static void get_eq(const ec_fit_options *o, const char *name, const char *want, int line)
{
    char buf[300];
    ec_error err;
    ec_error_clear(&err);
    int rc = ec_option_get(ec_fit_option_table(), o, name, buf, sizeof buf, &err);
    if (rc != EC_OK) fail_msg("line %d: get %s: %s", line, name, err.message);
    if (strcmp(buf, want) != 0) fail_msg("line %d: get %s = \"%s\", want \"%s\"", line, name, buf, want);
}
#define GET_EQ(o, name, want) get_eq((o), (name), (want), __LINE__)

/* --------------------------------------------------------------- tests */

static void test_defaults(void **state)
{
    (void)state;
    ec_fit_options o = ec_fit_default_options();
    assert_true(o.delta == 1e-3);
    assert_int_equal(o.loss, EC_LOSS_HUBER);
    assert_string_equal(o.starts, "grid");
    assert_string_equal(o.form, "chinchilla");
    assert_true(o.seed == 42ULL);
    assert_string_equal(o.start, "");
    assert_int_equal(o.bootstrap, 0);
    assert_null(o.progress);
    GET_EQ(&o, "delta", "0.001");
    GET_EQ(&o, "loss", "huber");
    GET_EQ(&o, "starts", "grid");
    GET_EQ(&o, "seed", "42");
    GET_EQ(&o, "form", "chinchilla");
    GET_EQ(&o, "start", "");
    /* The documented default text agrees with the value of every numeric row. */
    const ec_option_table *t = ec_fit_option_table();
    assert_string_equal(t->section, "fit");
    assert_true(t->n >= 12);
    for (size_t i = 0; i < t->n; i++) {
        const ec_option_desc *d = &t->rows[i];
        assert_non_null(d->help);
        assert_ptr_equal(ec_option_find(t, d->name), d);
        if (d->type != EC_OPT_DOUBLE && d->type != EC_OPT_INT && d->type != EC_OPT_U64) continue;
        char buf[64];
        assert_int_equal(ec_option_get(t, &o, d->name, buf, sizeof buf, NULL), EC_OK);
        if (strtod(buf, NULL) != strtod(d->default_text, NULL))
            fail_msg("option %s: default %s but help says %s", d->name, buf, d->default_text);
    }
}

static void test_set_get_each_type(void **state)
{
    (void)state;
    ec_fit_options o = ec_fit_default_options();

    SET_OK(&o, "delta", "2.5e-4");
    assert_true(o.delta == 2.5e-4);
    GET_EQ(&o, "delta", "0.00025000000000000001");
    SET_OK(&o, "delta", " 0.125\t"); /* leading and trailing blanks are accepted */
    assert_true(o.delta == 0.125);

    SET_OK(&o, "max_iter", "1234");
    assert_int_equal(o.max_iter, 1234);
    GET_EQ(&o, "max_iter", "1234");
    SET_OK(&o, "max_iter", "1e3"); /* a whole number written in exponent form */
    assert_int_equal(o.max_iter, 1000);

    SET_OK(&o, "seed", "18446744073709551615");
    assert_true(o.seed == 18446744073709551615ULL);
    GET_EQ(&o, "seed", "18446744073709551615");
    SET_OK(&o, "seed", "9007199254740993"); /* 2^53 + 1: not representable as a double */
    assert_true(o.seed == 9007199254740993ULL);
    GET_EQ(&o, "seed", "9007199254740993");
    SET_OK(&o, "seed", "0");
    assert_true(o.seed == 0);
    SET_OK(&o, "seed", "9223372036854775807"); /* 19 digits (a sweep cell's seeds are below 2^63): read exactly */
    assert_true(o.seed == 9223372036854775807ULL);
    SET_OK(&o, "seed", "0000000000000000007");
    assert_true(o.seed == 7);

    SET_OK(&o, "loss", "ls-log");
    assert_int_equal(o.loss, EC_LOSS_LS_LOG);
    GET_EQ(&o, "loss", "ls-log");
    SET_OK(&o, "loss", "huber");
    assert_int_equal(o.loss, EC_LOSS_HUBER);
    SET_OK(&o, "starts", "single");
    assert_string_equal(o.starts, "single");
    SET_OK(&o, "starts", "random:250");
    {
        int kind;
        size_t count;
        assert_int_equal(ec_starts_parse(o.starts, &kind, &count, NULL), EC_OK);
        assert_int_equal(kind, EC_STARTS_RANDOM);
        assert_int_equal(count, 250);
    }
    SET_OK(&o, "form", "saturating-power");
    assert_string_equal(o.form, "saturating-power");
    /* List options append; an empty value clears. */
    SET_OK(&o, "fix", "alpha=0.3");
    SET_OK(&o, "fix", "E=1.7");
    assert_string_equal(o.fix, "alpha=0.3,E=1.7");
    SET_OK(&o, "fix", "");
    assert_string_equal(o.fix, "");

    const char *spec = "a=6,b=6,e=0.5,alpha=0.3,beta=0.3";
    SET_OK(&o, "start", spec);
    assert_string_equal(o.start, spec);
    GET_EQ(&o, "start", spec);
    SET_OK(&o, "start", "");
    assert_string_equal(o.start, "");

    /* Longest string that fits: size - 1 characters. */
    char longest[sizeof o.start];
    memset(longest, 'x', sizeof longest - 1);
    longest[sizeof longest - 1] = '\0';
    SET_OK(&o, "start", longest);
    assert_int_equal(strlen(o.start), sizeof o.start - 1);

    /* Bounds are inclusive. */
    SET_OK(&o, "delta", "1e-12");
    SET_OK(&o, "delta", "1000");
    SET_OK(&o, "max_iter", "1");
    SET_OK(&o, "threads", "0");
    assert_int_equal(o.threads, 0);
    SET_OK(&o, "bootstrap", "4000");
    assert_int_equal(o.bootstrap, 4000);
}

static void test_dash_underscore(void **state)
{
    (void)state;
    ec_fit_options o = ec_fit_default_options();
    const ec_option_table *t = ec_fit_option_table();
    const ec_option_desc *d = ec_option_find(t, "max-iter");
    assert_non_null(d);
    assert_string_equal(d->name, "max_iter");
    assert_ptr_equal(ec_option_find(t, "max_iter"), d);
    assert_ptr_equal(ec_option_find(t, "best-rtol"), ec_option_find(t, "best_rtol"));
    assert_null(ec_option_find(t, "max"));      /* no prefix matching */
    assert_null(ec_option_find(t, "max_iterx"));
    assert_null(ec_option_find(t, "Delta"));    /* case matters */
    SET_OK(&o, "max-iter", "77");
    assert_int_equal(o.max_iter, 77);
    GET_EQ(&o, "max-iter", "77");
    GET_EQ(&o, "max_iter", "77");
}

static void test_errors(void **state)
{
    (void)state;
    /* Unknown option: the message lists the valid names. */
    SET_ERR("detla", "1", "unknown fit option 'detla'", "valid:", "delta", "max_iter", "seed",
            "bootstrap", "loss");
    /* Unparsable numbers. */
    SET_ERR("delta", "abc", "option 'delta': 'abc' is not a number");
    SET_ERR("delta", "", "is not a number");
    SET_ERR("delta", NULL, "is not a number");
    SET_ERR("delta", "1e-3x", "'1e-3x' is not a number");
    /* Numbers beyond a double: said so, with what to give instead (issue 14). */
    SET_ERR("delta", "nan", "'nan' is not a finite number", "give a finite value in [1e-12, 1000]");
    SET_ERR("delta", "inf", "is not a finite number", "give a finite value");
    SET_ERR("delta", "1e999", "'1e999' is not a finite number", "give a finite value in [1e-12, 1000]");
    SET_ERR("max_iter", "ten", "option 'max_iter': 'ten' is not a number");
    /* Integers must be whole. */
    SET_ERR("max_iter", "2.5", "option 'max_iter': '2.5' is not a whole number");
    SET_ERR("threads", "0.5", "not a whole number");
    SET_ERR("seed", "1.5", "option 'seed': '1.5' is not a whole number");
    /* Out of range: the message gives the range. */
    SET_ERR("delta", "0", "option 'delta': 0 is outside its range [1e-12, 1000]");
    SET_ERR("delta", "-1", "outside its range [1e-12, 1000]");
    SET_ERR("delta", "1001", "outside its range [1e-12, 1000]");
    SET_ERR("max_iter", "0", "option 'max_iter': 0 is outside its range [1, 1e+06]");
    SET_ERR("max_iter", "1000001", "outside its range [1, 1e+06]");
    SET_ERR("threads", "-1", "option 'threads'", "outside its range [0, 4096]");
    SET_ERR("bootstrap", "-2", "option 'bootstrap'", "outside its range");
    SET_ERR("seed", "-1", "option 'seed'", "-1");
    SET_ERR("seed", "18446744073709551616", "option 'seed'");     /* 2^64 */
    SET_ERR("seed", "99999999999999999999", "option 'seed'");
    /* Unknown choice: the message lists the choices. */
    SET_ERR("loss", "l2", "option 'loss': unknown value 'l2' (choose one of: huber, ls-log, ls, huber-mle)");
    SET_ERR("loss", "Huber", "unknown value 'Huber'");
    SET_ERR("starts", "random", "not grid, single, random:N (N >= 1) or file:PATH");
    SET_ERR("starts", "random:0", "not grid, single, random:N (N >= 1) or file:PATH");
    SET_ERR("form", "chinchila", "unknown form 'chinchila'");
    SET_ERR("form", "chinchila", "saturating-power");
    SET_ERR("form", "kaplan", "unknown form 'kaplan' (forms: power, saturating-power, chinchilla, kaplan-nd");
    /* String too long. */
    ec_fit_options o = ec_fit_default_options();
    char toolong[sizeof o.start + 1];
    memset(toolong, 'y', sizeof toolong - 1);
    toolong[sizeof toolong - 1] = '\0';
    char want[64];
    snprintf(want, sizeof want, "option 'start': value longer than %zu characters", sizeof o.start - 1);
    SET_ERR("start", toolong, want);

    /* ec_option_get on an unknown name. */
    char buf[32];
    ec_error err;
    ec_error_clear(&err);
    assert_int_equal(ec_option_get(ec_fit_option_table(), &o, "nope", buf, sizeof buf, &err), EC_EINVAL);
    ASSERT_CONTAINS(err.message, "unknown fit option 'nope'");
    /* A NULL error pointer is allowed; the code is still returned. */
    assert_int_equal(ec_option_set(ec_fit_option_table(), &o, "delta", "x", NULL), EC_EINVAL);
}

/* A 0/1 integer option (a switch such as quiet) also takes yes/no, true/false and on/off in
 * any case, as scenario files write them; other integers do not, and a bad word is refused
 * with the accepted forms named. */
typedef struct switches {
    int flag, count;
} switches;
static const ec_option_desc switch_rows[] = {
    {"flag", EC_OPT_INT, offsetof(switches, flag), 0, 0, 1, NULL, "0", "a switch", NULL, 0},
    {"count", EC_OPT_INT, offsetof(switches, count), 0, 0, 5, NULL, "0", "a count", NULL, 0},
};
static const ec_option_table switch_table = {"test", switch_rows, 2};

static void test_switch_words(void **state)
{
    (void)state;
    switches o = {0, 0};
    ec_error err;
    static const char *const on[] = {"yes", "TRUE", "On", "1"}, *const off[] = {"no", "false", "OFF", "0"};
    for (int k = 0; k < 4; k++) {
        assert_int_equal(ec_option_set(&switch_table, &o, "flag", on[k], &err), EC_OK);
        assert_int_equal(o.flag, 1);
        assert_int_equal(ec_option_set(&switch_table, &o, "flag", off[k], &err), EC_OK);
        assert_int_equal(o.flag, 0);
    }
    assert_int_equal(ec_option_set(&switch_table, &o, "flag", "maybe", &err), EC_EINVAL);
    assert_non_null(strstr(err.message, "'maybe' is not 0 or 1 (or yes/no, true/false, on/off)"));
    assert_int_equal(ec_option_set(&switch_table, &o, "flag", "2", &err), EC_EINVAL);
    assert_int_equal(ec_option_set(&switch_table, &o, "count", "yes", &err), EC_EINVAL);
    assert_non_null(strstr(err.message, "is not a number"));
    assert_int_equal(o.count, 0);
}

/* A choice left at -1 ("not given": plot's format, taken from the output's extension) reads as "",
 * never as the word before the table (found by make test-asan: the run manifest of the demo read
 * plot's format_choices[-1]). The word before the choices makes the overread visible without ASan. */
typedef struct picked {
    int format;
} picked;
static const char *const picked_words[] = {"before", "png", "svg", NULL};
static const ec_option_desc picked_rows[] = {
    {"format", EC_OPT_CHOICE, offsetof(picked, format), 0, 0, 0, picked_words + 1, "png", "format", NULL, 0},
};
static const ec_option_table picked_table = {"test", picked_rows, 1};

static void test_choice_not_given(void **state)
{
    (void)state;
    picked o = {-1};
    char buf[32];
    ec_error err;
    assert_int_equal(ec_option_get(&picked_table, &o, "format", buf, sizeof buf, &err), EC_OK);
    assert_string_equal(buf, "");
    assert_int_equal(ec_option_set(&picked_table, &o, "format", "svg", &err), EC_OK);
    assert_int_equal(ec_option_get(&picked_table, &o, "format", buf, sizeof buf, &err), EC_OK);
    assert_string_equal(buf, "svg");
}

static void test_choice_index(void **state)
{
    (void)state;
    static const char *const c[] = {"one", "two", "three", NULL};
    assert_int_equal(ec_choice_index(c, "one"), 0);
    assert_int_equal(ec_choice_index(c, "three"), 2);
    assert_int_equal(ec_choice_index(c, "four"), -1);
    assert_int_equal(ec_choice_index(c, "thre"), -1);
    assert_int_equal(ec_choice_index(NULL, "one"), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_set_get_each_type),
        cmocka_unit_test(test_dash_underscore),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_choice_index),
        cmocka_unit_test(test_choice_not_given),
        cmocka_unit_test(test_switch_words),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
