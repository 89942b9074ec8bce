/* cmd_predict.c — `effcomp predict`: evaluate a fitted law at given points
 * or at the rows of a CSV, with percentile bands from bootstrap replicates. */
#include <cjson/cJSON.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "cli_util.h"
#include "commands.h"
#include "ec_table.h"
#include "ec_version.h"
#include "fitcommon.h"

typedef struct predict_opts {
    char fit[1024];
    char form[64];
    char params[512];
    char at[2048];
    char replicates[1024];
} predict_opts;

#define OFF(field) offsetof(predict_opts, field)
#define SZ(field) sizeof(((predict_opts *)0)->field)
static const char *const at_sep[] = {";", NULL};
static const ec_option_desc predict_rows[] = {
    {"fit", EC_OPT_STRING, OFF(fit), SZ(fit), 0, 0, NULL, "", "fit JSON written by 'effcomp fit -o'", NULL},
    {"form", EC_OPT_STRING, OFF(form), SZ(form), 0, 0, NULL, "", "inline form instead of --fit (with --params)", NULL},
    {"params", EC_OPT_STRING, OFF(params), SZ(params), 0, 0, NULL, "", "inline parameters 'name=value,...'", NULL},
    {"at", EC_OPT_LIST, OFF(at), SZ(at), 0, 0, at_sep, "",
     "points: 'x=1e24,1e25' (one role, several values) or 'N=70e9,D=1.4e12' (one point); repeatable", NULL},
    {"replicates", EC_OPT_STRING, OFF(replicates), SZ(replicates), 0, 0, NULL, "the fit's",
     "bootstrap replicates CSV for 95% bands (default: the one recorded in the fit JSON)", NULL},
};
#undef OFF
#undef SZ
static const ec_option_table predict_table = {"predict", predict_rows, sizeof predict_rows / sizeof predict_rows[0]};

void cmd_predict_usage(FILE *out)
{
    fputs("usage: effcomp predict (--fit FIT.json | --form F --params 'k=v,...')\n"
          "                       (--at SPEC ... | --data FILE [--columns MAP]) [-o FILE.csv]\n"
          "\n"
          "Evaluates a fitted law. With bootstrap replicates (fit --bootstrap R\n"
          "--replicates-out FILE), adds the 2.5% and 97.5% percentiles of the replicate\n"
          "predictions at every point. With --data, also prints the observed y and the\n"
          "log ratio log(y_hat/y) when the file has the form's y column.\n"
          "\nOptions:\n", out);
    cli_print_option_table(out, &predict_table);
    fputs("  --data, --columns, --where: as for 'effcomp fit'\n"
          "  -o FILE            write the CSV here instead of stdout\n"
          "\nExample:\n"
          "  effcomp predict --fit out/chinchilla_fit.json --at 'N=70e9,D=1.4e12' --at 'N=1e13,D=2e14'\n", out);
    cli_print_common_flags(out);
}

/* Points from --at: returns the number of points written into xs (max cap). */
static int parse_at(const char *at, const ec_form *f, double *xs, size_t cap, size_t *np)
{
    if (cli_list_has_empty_item(at)) {
        cli_error("--at: '%s' has an empty item (two separators in a row, or one at an end); remove it", at);
        return -1;
    }
    char buf[2048];
    snprintf(buf, sizeof buf, "%s", at);
    *np = 0;
    for (char *s1 = NULL, *spec = strtok_r(buf, ";", &s1); spec; spec = strtok_r(NULL, ";", &s1)) {
        /* Split "role=v,v,..." or "r1=v,r2=v". */
        double vals[EC_FORM_MAX_VARS][256];
        size_t counts[EC_FORM_MAX_VARS] = {0};
        int cur = -1;
        for (char *s2 = NULL, *tok = strtok_r(spec, ",", &s2); tok; tok = strtok_r(NULL, ",", &s2)) {
            while (*tok == ' ') tok++;
            char *eq = strchr(tok, '=');
            const char *num = tok;
            if (eq) {
                *eq = '\0';
                cur = -1;
                for (int v = 0; v < f->n_vars; v++) {
                    const char *rn = ec_role_name(f->var_roles[v]);
                    if (strcmp(tok, rn) == 0 || (f->var_roles[v] == EC_ROLE_X && strcmp(tok, "C") == 0)) cur = v;
                }
                if (cur < 0) {
                    cli_error("--at: the %s form takes %s%s%s, not '%s'", f->name, ec_role_name(f->var_roles[0]),
                              f->n_vars > 1 ? " and " : "", f->n_vars > 1 ? ec_role_name(f->var_roles[1]) : "", tok);
                    return -1;
                }
                num = eq + 1;
            } else if (cur < 0) {
                cli_error("--at: '%s' needs a role, e.g. 'x=1e24'", tok);
                return -1;
            }
            char *end;
            double v = strtod(num, &end);
            if (counts[cur] >= 256) {
                cli_error("--at: more than 256 values for %s in one --at; split them over several --at options "
                          "or use --data FILE", ec_role_name(f->var_roles[cur]));
                return -1;
            }
            if (end == num || *end || !isfinite(v)) {
                cli_error("--at: '%s' is not a number", num);
                return -1;
            }
            ec_role rr = f->var_roles[cur];
            if ((rr == EC_ROLE_N || rr == EC_ROLE_D || rr == EC_ROLE_C) && !(v > 0)) {
                cli_error("--at: %s must be positive (got %s)", ec_role_name(rr), num);
                return -1;
            }
            vals[cur][counts[cur]++] = v;
        }
        size_t npts = counts[0];
        for (int v = 1; v < f->n_vars; v++)
            if (counts[v] != npts) {
                cli_error("--at: give each of the form's variables the same number of values");
                return -1;
            }
        if (npts == 0) {
            cli_error("--at: no values");
            return -1;
        }
        for (size_t k = 0; k < npts; k++) {
            if (*np >= cap) {
                cli_error("--at: too many points");
                return -1;
            }
            for (int v = 0; v < f->n_vars; v++) xs[*np * (size_t)f->n_vars + (size_t)v] = vals[v][k];
            (*np)++;
        }
    }
    return 0;
}

static void band(const cli_law *lw, const double *x, double *lo, double *hi, double *work)
{
    size_t m = 0, k = (size_t)lw->form->n_params;
    const ec_table *t = lw->reps;
    int conv = ec_table_column(t, "converged");
    for (size_t r = 0; r < t->n_rows; r++) {
        const double *row = t->values + r * t->n_cols;
        if (conv >= 0 && row[conv] != 1.0) continue;
        double p[EC_MAXP];
        for (size_t j = 0; j < k; j++) p[j] = row[lw->rep_col[j]];
        double y = lw->form->eval(p, x, NULL);
        if (isfinite(y)) work[m++] = y;
    }
    if (m < 2) {
        *lo = *hi = NAN;
        return;
    }
    gsl_sort(work, 1, m);
    *lo = gsl_stats_quantile_from_sorted_data(work, 1, m, 0.025);
    *hi = gsl_stats_quantile_from_sorted_data(work, 1, m, 0.975);
}

int cmd_predict(int argc, char **argv)
{
    fit_cli cli;
    fit_cli_init(&cli);
    cli.columns[0] = '\0';
    predict_opts po;
    memset(&po, 0, sizeof po);
    cli_optset sets[] = {{&predict_table, &po}, {&fit_cli_table, &cli}};
    int help = 0;
    if (cli_parse_options(argc, argv, "predict", sets, 2, &help)) return EXIT_BAD_INPUT;
    if (help) {
        cmd_predict_usage(stdout);
        return EXIT_OK;
    }
    if (cli.plot[0]) {
        cli_error("predict: --plot is not available here (see docs/plots.md for the commands that draw)");
        return EXIT_BAD_INPUT;
    }
    if (cli.replicates_out[0]) {
        cli_error("predict: --replicates-out is not used here (predict reads replicates with --replicates)");
        return EXIT_BAD_INPUT;
    }
    cli_law lw;
    memset(&lw, 0, sizeof lw);
    if (!po.fit[0] == !po.form[0]) {
        cli_error("predict: give either --fit FIT.json or --form F --params 'k=v,...'");
        return EXIT_BAD_INPUT;
    }
    if (!po.at[0] == !cli.data[0]) {
        cli_error("predict: give either --at SPEC or --data FILE");
        return EXIT_BAD_INPUT;
    }
    char reps_path[1024];
    snprintf(reps_path, sizeof reps_path, "%s", po.replicates);
    if (po.fit[0] ? cli_law_load_json(po.fit, &lw, reps_path, sizeof reps_path) : cli_law_inline(po.form, po.params, &lw))
        return EXIT_BAD_INPUT;
    {
        const cli_path in[3] = {{"--fit", po.fit}, {"--replicates", reps_path}, {"--data", cli.data}};
        const cli_path out[1] = {{"--output", cli.output}};
        if (cli_check_paths("predict", in, 3, out, 1)) return EXIT_BAD_INPUT;
    }
    const ec_form *f = lw.form;

    /* Points. */
    size_t np = 0, cap = 4096;
    double *xs = NULL, *yobs = NULL;
    ec_dataset *ds = NULL;
    int status = EXIT_OK;
    if (po.at[0]) {
        xs = malloc(sizeof(double) * cap * (size_t)f->n_vars);
        if (!xs || parse_at(po.at, f, xs, cap, &np)) {
            free(xs);
            return EXIT_BAD_INPUT;
        }
    } else {
        if (!cli.columns[0]) {
            cli_error("predict: --data needs --columns mapping the %s form's variables", f->name);
            return EXIT_BAD_INPUT;
        }
        size_t rows_read;
        ds = cli_load_dataset(&cli, f->name, &rows_read, &status);
        if (!ds) return status;
        np = ds->n;
        xs = malloc(sizeof(double) * np * (size_t)f->n_vars);
        if (!xs) {
            ec_dataset_free(ds);
            cli_error("out of memory");
            return EXIT_FAILURE_RUN;
        }
        for (int v = 0; v < f->n_vars; v++) {
            ec_role r = f->var_roles[v];
            const double *col = ds->col[r] ? ds->col[r] : (r == EC_ROLE_X ? ds->col[EC_ROLE_C] : NULL);
            if (!col) {
                cli_error("predict: the %s form needs the %s column: map it with --columns", f->name, ec_role_name(r));
                free(xs);
                ec_dataset_free(ds);
                return EXIT_BAD_INPUT;
            }
            for (size_t i = 0; i < np; i++) xs[i * (size_t)f->n_vars + (size_t)v] = col[i];
        }
        yobs = ds->col[f->y_role] ? ds->col[f->y_role] : (f->y_role == EC_ROLE_Y ? ds->col[EC_ROLE_L] : NULL);
    }

    /* Replicates for bands. */
    double *work = NULL;
    if (reps_path[0]) {
        ec_error err;
        lw.reps = ec_table_load_csv(reps_path, &err);
        if (!lw.reps) {
            if (!po.replicates[0] && lw.reps_searched[0]) cli_law_reps_missing(&lw, po.fit);
            else cli_error("%s", err.message);
            status = EXIT_BAD_INPUT;
            goto done;
        }
        if (cli_law_check_reps(&lw, lw.reps, reps_path)) {
            status = EXIT_BAD_INPUT;
            goto done;
        }
        for (int j = 0; j < f->n_params; j++) {
            lw.rep_col[j] = ec_table_column(lw.reps, f->param_names[j]);
            if (lw.rep_col[j] < 0) {
                cli_error("%s: no column '%s' for the %s form's parameters", reps_path, f->param_names[j], f->name);
                status = EXIT_BAD_INPUT;
                goto done;
            }
        }
        work = malloc(sizeof(double) * lw.reps->n_rows);
        if (!work) {
            cli_error("out of memory");
            status = EXIT_FAILURE_RUN;
            goto done;
        }
    }

    /* A point where the law is undefined is refused, from --at or from a data row alike. */
    for (size_t i = 0; i < np; i++) {
        const double *x = xs + i * (size_t)f->n_vars;
        if (!isfinite(f->eval(lw.p, x, NULL))) {
            if (ds)
                cli_error("predict: %s:%zu: the %s law is undefined at %s = %g%s; remove or filter out the row "
                          "(--where)",
                          ds->path, ds->line[i], f->name, ec_role_name(f->var_roles[0]), x[0],
                          f->n_vars > 1 ? " (and the row's other variable)" : "");
            else
                cli_error("predict: the %s law is undefined at %s = %g%s", f->name, ec_role_name(f->var_roles[0]),
                          x[0], f->n_vars > 1 ? " (and the other variable given)" : "");
            status = EXIT_BAD_INPUT;
            goto done;
        }
    }
    cli_outfile out = {0};
    FILE *fp = stdout;
    if (cli.output[0]) {
        if (cli_out_open(&out, cli.output)) {
            status = EXIT_FAILURE_RUN;
            goto done;
        }
        fp = out.fp;
    }
    fprintf(fp, "# effcomp %s predict: %s, %s\n", EC_VERSION_STRING, f->name, f->formula);
    for (int v = 0; v < f->n_vars; v++) fprintf(fp, "%s%s", v ? "," : "", ec_role_name(f->var_roles[v]));
    fprintf(fp, ",%s_hat", ec_role_name(f->y_role));
    if (lw.reps) fputs(",lo95,hi95", fp);
    if (yobs) fprintf(fp, ",%s,log_ratio", ec_role_name(f->y_role));
    fputc('\n', fp);
    for (size_t i = 0; i < np; i++) {
        const double *x = xs + i * (size_t)f->n_vars;
        for (int v = 0; v < f->n_vars; v++) fprintf(fp, "%s%.10g", v ? "," : "", x[v]);
        double yh = f->eval(lw.p, x, NULL);
        fprintf(fp, ",%.10g", yh);
        if (lw.reps) {
            double lo, hi;
            band(&lw, x, &lo, &hi, work);
            fprintf(fp, ",%.10g,%.10g", lo, hi);
        }
        if (yobs) fprintf(fp, ",%.10g,%.6g", yobs[i], yh > 0 && yobs[i] > 0 ? log(yh / yobs[i]) : NAN);
        fputc('\n', fp);
    }
    if (cli.output[0] && cli_out_commit(&out)) status = EXIT_FAILURE_RUN;
done:
    free(work);
    free(xs);
    ec_table_free(lw.reps);
    ec_dataset_free(ds);
    return status;
}
