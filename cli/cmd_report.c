/* cmd_report.c — `effcomp report RESULT.json`: the text report of a saved
 * result, the same the command printed (reports are printed from the
 * result's JSON in both cases). A run's manifest gives every step's. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_args.h"
#include "commands.h"
#include "ec_csv.h"
#include "ec_law_json.h"

void cmd_report_usage(FILE *out)
{
    fputs("usage: effcomp report RESULT.json\n"
          "\n"
          "Prints the text report of a result JSON that a command (fit, predict, optimal,\n"
          "multiplier, isoflop, claims, trend, compare, backtest) wrote with -o: the same\n"
          "report the command prints without -o. For a run's manifest (results.json), the\n"
          "report of every step in order, each after a line naming the step.\n"
          "\nExample:\n"
          "  effcomp report out/chinchilla_fit.json\n", out);
    cli_print_common_flags(out);
}

/*
 * The line of the first number of a JSON text that is not finite (1e400 reads as inf; effcomp
 * writes null for a number it does not have, never such a literal), or 0 when there is none.
 * The text has parsed, so strings are well formed; their contents are skipped.
 */
static size_t first_overflow_line(const char *t, char *num, size_t cap)
{
    size_t line = 1;
    for (const char *p = t; *p; p++) {
        if (*p == '\n') {
            line++;
        } else if (*p == '"') {
            for (p++; *p && *p != '"'; p++)
                if (*p == '\\' && p[1]) p++;
            if (!*p) break;
        } else if (*p == '-' || isdigit((unsigned char)*p)) {
            char *end;
            double x = strtod(p, &end);
            if (end > p && !isfinite(x)) {
                snprintf(num, cap, "%.*s", (int)(end - p < 40 ? end - p : 40), p);
                return line;
            }
            if (end > p) p = end - 1;
        }
    }
    return 0;
}

/* The kind of a result JSON: its "result" key, or (files of earlier versions) its keys. */
static const char *kind_of(const cJSON *root)
{
    const char *k = cli_jstr(root, "result");
    if (k[0]) return k;
    if (cli_jobj(root, "budgets")) return "isoflop";
    if (cli_jobj(root, "models") && cli_jobj(root, "claims")) return "claims";
    if (cli_jobj(root, "growth_per_year")) return "trend";
    if (cli_jobj(root, "backtest")) return "backtest";
    if (cli_jobj(root, "forms")) return "compare";
    if (cli_jobj(root, "rows")) return "optimal";
    if (cli_jobj(root, "multiplier") || cli_jobj(root, "allocation_efficiency")) return "multiplier";
    if (cli_jobj(root, "objective")) return "fit";
    return "";
}

static int report_one(const char *path, const cJSON *root)
{
    const char *kind = kind_of(root);
    const cli_command *c = kind[0] ? cli_command_find(kind) : NULL;
    if (!c || !c->report) {
        cli_error("%s: %s; give the JSON of fit, predict, optimal, multiplier, isoflop, claims, trend, compare or "
                  "backtest (written with -o), or a run's results.json",
                  path, kind[0] ? "a plot result has no report" : "not a result effcomp wrote");
        return EXIT_BAD_INPUT;
    }
    ec_error err;
    /* a fit's replicate count the report would print as if it were one */
    if (strcmp(kind, "fit") == 0 && ec_law_json_check_counts(root, path, &err)) {
        cli_error("%s", err.message);
        return EXIT_BAD_INPUT;
    }
    c->report(stdout, root);
    return EXIT_OK;
}

int cmd_report(int argc, char **argv)
{
    const char *path = NULL;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            cmd_report_usage(stdout);
            return EXIT_OK;
        }
        if (strcmp(argv[i], "-q") == 0 || strcmp(argv[i], "--quiet") == 0) {
            cli_quiet = 1;
        } else if (argv[i][0] == '-' || path) {
            cli_error("report: unexpected argument '%s' (see 'effcomp report --help')", argv[i]);
            return EXIT_BAD_INPUT;
        } else {
            path = argv[i];
        }
    }
    if (!path) {
        cli_error("report: give the RESULT.json to report (see 'effcomp report --help')");
        return EXIT_BAD_INPUT;
    }
    ec_error err;
    cJSON *root = ec_json_read_file(path, &err);
    if (!root) {
        cli_error("%s", err.message);
        return EXIT_BAD_INPUT;
    }
    /* A report of a poisoned number would print inf as if it were a result (issue 14). */
    char *text = ec_file_read(path, NULL, NULL), num[48];
    size_t bad = text ? first_overflow_line(text, num, sizeof num) : 0;
    free(text);
    if (bad) {
        cli_error("%s:%zu: the number %s is not finite (beyond about 1.8e308); give the JSON a command wrote with -o",
                  path, bad, num);
        cJSON_Delete(root);
        return EXIT_BAD_INPUT;
    }
    int status = EXIT_OK;
    const cJSON *steps = cli_jobj(root, "steps");
    if (cli_jobj(root, "scenario_sha256") && cJSON_IsArray(steps)) {
        const cJSON *s;
        int first = 1;
        cJSON_ArrayForEach(s, steps)
        {
            const cJSON *r = cli_jobj(s, "result");
            if (!cJSON_IsObject(r) || !strcmp(cli_jstr(r, "result"), "plot")) continue;
            printf("%s== step [%s] (line %d of %s)\n", first ? "" : "\n", cli_jstr(s, "section"), (int)cli_jnum(s, "line"),
                   cli_jstr(root, "scenario"));
            first = 0;
            int st = report_one(path, r);
            if (st != EXIT_OK) status = st;
        }
    } else {
        status = report_one(path, root);
    }
    cJSON_Delete(root);
    return status;
}
