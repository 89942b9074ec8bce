/* cli_command.c — the one driver of every step command (see cli_command.h). */
#include "cli_command.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli_args.h"
#include "cli_gnuplot.h"
#include "ec_law_json.h"
#include "ec_scenario.h"
#include "ec_steps.h"

double cli_jnum(const cJSON *o, const char *key)
{
    const cJSON *v = o ? cJSON_GetObjectItemCaseSensitive(o, key) : NULL;
    return cJSON_IsNumber(v) ? v->valuedouble : NAN;
}

const char *cli_jstr(const cJSON *o, const char *key)
{
    const cJSON *v = o ? cJSON_GetObjectItemCaseSensitive(o, key) : NULL;
    return cJSON_IsString(v) ? v->valuestring : "";
}

const cJSON *cli_jobj(const cJSON *o, const char *key)
{
    return o ? cJSON_GetObjectItemCaseSensitive(o, key) : NULL;
}

void cli_jci(const cJSON *o, const char *key, double ci[2])
{
    const cJSON *a = cli_jobj(o, key);
    ci[0] = ci[1] = NAN;
    if (!cJSON_IsArray(a) || cJSON_GetArraySize(a) != 2) return;
    char name[128];
    snprintf(name, sizeof name, "%s_unbounded", key);
    const char *ub = cli_jstr(o, name);
    for (int k = 0; k < 2; k++) {
        const cJSON *v = cJSON_GetArrayItem(a, k);
        if (cJSON_IsNumber(v)) ci[k] = v->valuedouble;
        else if (strcmp(ub, "both") == 0 || (k == 1 && strcmp(ub, "upper") == 0) || (k == 0 && strcmp(ub, "lower") == 0))
            ci[k] = k ? INFINITY : -INFINITY;
    }
}

/* Option names as the person typed them: --name with '-' for '_'. */
static void flag_name(const char *name, char *out, size_t cap)
{
    snprintf(out, cap, "--%s", name);
    for (char *c = out + 2; *c; c++)
        if (*c == '_') *c = '-';
}

int cli_step_check_paths(const char *cmd, const ec_step *st)
{
    enum { MAXP = 12 };
    char in_v[MAXP][1100], out_v[MAXP][1100], in_n[MAXP][64], out_n[MAXP][64];
    cli_path in[MAXP], out[MAXP];
    int ni = 0, no = 0;
    const ec_step_type *t = ec_step_type_of(st);
    for (size_t g = 0; g < t->n_groups; g++) {
        const ec_option_table *tab = t->groups[g].table();
        for (size_t r = 0; r < tab->n; r++) {
            const ec_option_desc *d = &tab->rows[r];
            if (!(d->flags & (EC_OPT_PATH_IN | EC_OPT_PATH_OUT))) continue;
            char v[1100];
            if (ec_step_get(st, d->name, v, sizeof v, NULL) != EC_OK || !v[0] || v[0] == '@') continue;
            if ((d->flags & EC_OPT_PATH_FILE) && strncmp(v, "file:", 5) != 0) continue;
            if (d->flags & EC_OPT_PATH_IN && ni < MAXP) {
                const char *p = strncmp(v, "file:", 5) == 0 ? v + 5 : v;
                snprintf(in_v[ni], sizeof in_v[ni], "%s", p);
                if (strcmp(t->name, "plot") == 0 && strcmp(d->name, "result") == 0) snprintf(in_n[ni], sizeof in_n[ni], "the result JSON");
                else if (p != v) snprintf(in_n[ni], sizeof in_n[ni], "--%s file:", d->name);
                else flag_name(d->name, in_n[ni], sizeof in_n[ni]);
                in[ni].option = in_n[ni];
                in[ni].path = in_v[ni];
                ni++;
            } else if (d->flags & EC_OPT_PATH_OUT && no < MAXP) {
                snprintf(out_v[no], sizeof out_v[no], "%s", v);
                flag_name(d->name, out_n[no], sizeof out_n[no]);
                out[no].option = out_n[no];
                out[no].path = out_v[no];
                no++;
            }
        }
    }
    /* The replicates a fit JSON records are an input too, when no --replicates is given. */
    char fit[1100], reps[1100], rec[1100];
    if (ni < MAXP && ec_step_find_option(st, "replicates", NULL) && ec_step_get(st, "replicates", reps, sizeof reps, NULL) == EC_OK &&
        !reps[0] && ec_step_get(st, "fit", fit, sizeof fit, NULL) == EC_OK && fit[0] && fit[0] != '@' &&
        ec_law_json_replicates_path(fit, rec, sizeof rec)) {
        snprintf(in_v[ni], sizeof in_v[ni], "%s", rec);
        snprintf(in_n[ni], sizeof in_n[ni], "--replicates");
        in[ni].option = in_n[ni];
        in[ni].path = in_v[ni];
        ni++;
    }
    if (cli_check_paths(cmd, in, ni, out, no)) return EXIT_BAD_INPUT;
    char plot[1100];
    if (strcmp(t->name, "plot") != 0 && ec_step_get(st, "plot", plot, sizeof plot, NULL) == EC_OK && plot[0])
        return cli_plot_check(plot);
    return EXIT_OK;
}

int cli_step_open(const cli_command *c, const ec_step *st, cli_step_io *io)
{
    memset(io, 0, sizeof *io);
    if (ec_step_get(st, "output", io->output, sizeof io->output, NULL) != EC_OK) io->output[0] = '\0';
    /* The per-replicate (or per-draw) CSV: replicates_out, or simulate's draws_out. */
    if (!c->write_replicates || (ec_step_get(st, "replicates_out", io->reps_out, sizeof io->reps_out, NULL) != EC_OK &&
                                 ec_step_get(st, "draws_out", io->reps_out, sizeof io->reps_out, NULL) != EC_OK))
        io->reps_out[0] = '\0';
    if (ec_step_get(st, "plot", io->plot, sizeof io->plot, NULL) != EC_OK) io->plot[0] = '\0';
    if (io->output[0] && cli_out_open(&io->json, io->output)) return EXIT_FAILURE_RUN;
    if (io->reps_out[0] && cli_out_open(&io->reps, io->reps_out)) {
        if (io->json.fp) cli_out_abort(&io->json);
        return EXIT_FAILURE_RUN;
    }
    return EXIT_OK;
}

void cli_step_abort(cli_step_io *io)
{
    if (io->json.fp) cli_out_abort(&io->json);
    if (io->reps.fp) cli_out_abort(&io->reps);
}

void cli_print_notes(const ec_result *r)
{
    for (size_t k = 0; k < ec_result_n_notes(r); k++) cli_note("%s", ec_result_note(r, k));
}

int cli_print_problems(const ec_result *r)
{
    int status = EXIT_OK;
    for (size_t k = 0; k < ec_result_n_problems(r); k++) {
        const char *m = ec_result_problem(r, k);
        if (m[0]) cli_error_lines(m); /* an empty problem: the notes said why */
        status = EXIT_NO_CONVERGE;
    }
    return status;
}

/* The figure --plot asks for: a plot step bound to the result (or, for a law read from a file, to that file). */
static int draw_option(const cli_command *c, ec_step *st, const ec_result *r, const char *plot)
{
    ec_error err;
    ec_step *ps = ec_step_new("plot", &err);
    if (!ps) {
        cli_error("%s", err.message);
        return EXIT_FAILURE_RUN;
    }
    int rc = EC_OK;
    const ec_result *bound = NULL;
    const char *ref = NULL;
    if (ec_step_find_option(st, "fit", NULL)) bound = ec_step_bound(st, "fit", &ref); /* optimal: the fit's figure */
    if (ec_result_kind_of(r) != EC_RESULT_OPTIMAL) bound = r;
    if (bound) {
        rc = ec_step_bind(ps, "result", bound, "@result", &err);
    } else {
        char fit[1100], reps[1100];
        ec_step_get(st, "fit", fit, sizeof fit, NULL);
        rc = ec_step_set(ps, "result", fit, &err);
        if (!rc && ec_step_get(st, "replicates", reps, sizeof reps, NULL) == EC_OK && reps[0])
            rc = ec_step_set(ps, "replicates", reps, &err);
    }
    if (!rc && c->plot_kind && c->plot_kind[0]) rc = ec_step_set(ps, "kind", c->plot_kind, &err);
    if (!rc) rc = ec_step_set(ps, "output", plot, &err);
    ec_result *pr = NULL;
    if (!rc) rc = ec_step_run(ps, &pr, &err);
    int status;
    if (rc) {
        cli_error("%s", err.message);
        status = cli_exit_for(rc);
    } else {
        cli_print_notes(pr);
        status = cli_draw(ec_result_plot(pr));
    }
    ec_result_free(pr);
    ec_step_free(ps);
    return status;
}

int cli_step_finish(const cli_command *c, ec_step *st, const ec_result *r, cli_step_io *io,
                    void (*on_file)(void *user, const char *path), void *user)
{
    cli_print_notes(r);
    ec_error err;
    int status = EXIT_OK;
    if (io->reps.fp) c->write_replicates(io->reps.fp, r);
    if (io->json.fp) {
        if (c->write_output) {
            status = c->write_output(io->json.fp, r);
        } else {
            char *text = ec_result_json_text(r, &err);
            if (!text) {
                cli_error("%s", err.message);
                status = EXIT_FAILURE_RUN;
            } else {
                cli_out_write(&io->json, text);
                free(text);
            }
        }
        if (status != EXIT_OK) {
            cli_step_abort(io);
            return status;
        }
    }
    /* Both files are completed before either replaces an earlier one. */
    if ((io->json.fp || io->reps.fp) && cli_out_commit_pair(&io->json, &io->reps)) return EXIT_FAILURE_RUN;
    if (io->output[0]) {
        cli_note("wrote %s%s%s", io->output, io->reps_out[0] ? " and " : "", io->reps_out);
        if (on_file) on_file(user, io->output);
    }
    if (io->reps_out[0] && on_file) on_file(user, io->reps_out);
    if (!io->output[0]) {
        if (c->write_output) {
            status = c->write_output(stdout, r);
        } else if (c->report) {
            char *text = ec_result_json_text(r, &err);
            cJSON *root = text ? cJSON_Parse(text) : NULL;
            free(text);
            if (!root) {
                cli_error("out of memory");
                return EXIT_FAILURE_RUN;
            }
            c->report(stdout, root);
            cJSON_Delete(root);
        }
        if (io->reps_out[0]) cli_note("wrote %s", io->reps_out);
    }
    int ps = cli_print_problems(r);
    if (status == EXIT_OK) status = ps;
    if (io->plot[0]) {
        /* Numbers first, then the figure: a plotting failure loses no result. */
        int fs = draw_option(c, st, r, io->plot);
        if (fs == EXIT_OK && on_file) on_file(user, io->plot);
        if (fs != EXIT_OK && status == EXIT_OK) status = fs;
    }
    return status;
}

void cli_usage(const cli_command *c, FILE *out)
{
    const ec_step_type *t = ec_step_type_find(c->name);
    char *text = NULL;
    size_t size = 0;
    FILE *mem = t ? open_memstream(&text, &size) : NULL;
    if (!mem) { /* not a step (run, sweep, ...), or out of memory: the usage alone */
        c->usage(out);
        return;
    }
    c->usage(mem);
    if (fclose(mem) != 0) {
        free(text);
        c->usage(out);
        return;
    }
    fputs(text, out);
    cli_print_other_rows(out, text, t);
    free(text);
}

int cli_run_command(const cli_command *c, int argc, char **argv)
{
    ec_error err;
    ec_step *st = ec_step_new(c->name, &err);
    if (!st) {
        cli_error("%s", err.message);
        return EXIT_FAILURE_RUN;
    }
    int what, status;
    if (cli_parse_step_args(argc, argv, c->name, st, NULL, &what)) {
        ec_step_free(st);
        return EXIT_BAD_INPUT;
    }
    if (what == CLI_ARGS_HELP || (what == CLI_ARGS_LIST_FORMS && strcmp(c->name, "fit") != 0)) {
        cli_usage(c, stdout);
        ec_step_free(st);
        return EXIT_OK;
    }
    if (what == CLI_ARGS_LIST_FORMS) {
        cli_list_forms(stdout);
        ec_step_free(st);
        return EXIT_OK;
    }
    if (ec_step_check(st, &err) != EC_OK) {
        cli_error_lines(err.message);
        ec_step_free(st);
        return cli_exit_for(err.code);
    }
    if ((status = cli_step_check_paths(c->name, st)) != EXIT_OK) {
        ec_step_free(st);
        return status;
    }
    cli_step_io io;
    if ((status = cli_step_open(c, st, &io)) != EXIT_OK) {
        ec_step_free(st);
        return status;
    }
    ec_step_set_progress(st, cli_progress, NULL);
    ec_result *r = NULL;
    if (ec_step_run(st, &r, &err) != EC_OK) {
        cli_error_lines(err.message);
        cli_step_abort(&io);
        ec_step_free(st);
        return cli_exit_for(err.code);
    }
    status = cli_step_finish(c, st, r, &io, NULL, NULL);
    ec_result_free(r);
    ec_step_free(st);
    return status;
}
