/*
 * test_help_options.c — `effcomp CMD --help` lists every option of CMD's
 * option tables (issue 14: --help, the man page and the tables cannot drift).
 *
 * The options come from the library's registry (ec_step_type_at, each type's
 * groups and their rows), not from the help text, so a row the help leaves
 * out is found; the text comes from the program built beside this test
 * ($EC_BINARY_DIR/effcomp). A row "drop_highest" counts as listed when
 * "--drop-highest" is a whole word among the flags that start one of the
 * help's option lines: the words after the two-space indent that start with
 * '-' ("  --data, --columns: as for ..." lists both; a mention in the prose
 * or in an example does not count). `effcomp help CMD` prints the same text.
 */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ec_step.h"

/* What `effcomp ARGS` printed on stdout (malloc'd); fails the test when it cannot run or exits non-zero. */
static char *effcomp_output(const char *args)
{
    const char *bin = getenv("EC_BINARY_DIR");
    assert_non_null(bin);
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "'%s/effcomp' %s 2>/dev/null", bin, args);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    assert_non_null(buf);
    for (size_t got; (got = fread(buf + n, 1, cap - n - 1, p)) > 0;) {
        n += got;
        if (n + 1 == cap) {
            buf = realloc(buf, cap *= 2);
            assert_non_null(buf);
        }
    }
    buf[n] = '\0';
    assert_int_equal(pclose(p), 0);
    return buf;
}

/* Whether one of text's option lines starts with a flag list holding "--name" ('_' written '-'). */
static int lists_flag(const char *text, const char *name)
{
    char flag[128];
    int k = snprintf(flag, sizeof flag, "--%s", name);
    for (char *c = flag; *c; c++)
        if (*c == '_') *c = '-';
    for (const char *line = text; *line;) {
        const char *eol = strchr(line, '\n');
        if (!eol) eol = line + strlen(line);
        if (strncmp(line, "  -", 3) == 0) {
            for (const char *w = line + 2; w < eol && *w == '-';) { /* the words that are flags */
                size_t wl = strcspn(w, " \n");
                size_t fl = strcspn(w, " ,:=\n");
                if (fl == (size_t)k && strncmp(w, flag, (size_t)k) == 0) return 1;
                w += wl;
                while (w < eol && *w == ' ') w++;
            }
        }
        line = *eol ? eol + 1 : eol;
    }
    return 0;
}

static void test_lists_flag_itself(void **state)
{
    (void)state;
    const char *text = "usage: x --where\n"
                       "  --data, --columns: as for fit\n"
                       "  --output, -o FILE  write --plot here\n"
                       "  --holdout-fraction hold out\n"
                       "prose --seed\n";
    assert_true(lists_flag(text, "data"));
    assert_true(lists_flag(text, "columns"));
    assert_true(lists_flag(text, "output"));
    assert_true(lists_flag(text, "holdout_fraction"));
    assert_false(lists_flag(text, "holdout"));
    assert_false(lists_flag(text, "where")); /* in the usage line only */
    assert_false(lists_flag(text, "plot"));  /* in an option's help */
    assert_false(lists_flag(text, "seed"));  /* in prose */
}

static void test_every_option_in_help(void **state)
{
    (void)state;
    size_t checked = 0, missing = 0;
    for (size_t i = 0; i < ec_step_type_count(); i++) {
        const ec_step_type *t = ec_step_type_at(i);
        char args[128];
        snprintf(args, sizeof args, "%s --help", t->name);
        char *text = effcomp_output(args);
        snprintf(args, sizeof args, "help %s", t->name);
        char *same = effcomp_output(args);
        assert_string_equal(text, same);
        free(same);
        for (size_t g = 0; g < t->n_groups; g++) {
            const ec_option_table *tab = t->groups[g].table();
            for (size_t r = 0; r < tab->n; r++, checked++)
                if (!lists_flag(text, tab->rows[r].name)) {
                    print_error("effcomp %s --help does not list --%s (table %s)\n", t->name, tab->rows[r].name,
                                tab->section);
                    missing++;
                }
        }
        free(text);
    }
    assert_true(checked > 100); /* every step type's tables were read */
    assert_int_equal(missing, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lists_flag_itself),
        cmocka_unit_test(test_every_option_in_help),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
