/* cmd_claims.c — `effcomp claims`: reconcile claims of the form "S reaches
 * comparable quality at a fraction f of B's compute" into one efficiency
 * factor per model, relative to a reference model, with a χ² test of the
 * claims' consistency (the ledger of solvers/ec_claims.h). */
#include <cjson/cJSON.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_util.h"
#include "commands.h"
#include "ec_claims.h"
#include "ec_option.h"
#include "ec_version.h"
#include "fitcommon.h"

typedef struct claims_opts {
    char claims[1024];
    char reference[256];
    char compute_file[1024];
    double default_log_sd;
    char output[1024];
    char plot[1024];
} claims_opts;

static int check_positive(const char *value, ec_error *err)
{
    char *end;
    double v = strtod(value, &end);
    if (end == value || *end || !isfinite(v))
        return ec_error_set(err, EC_EINVAL, "option 'default_log_sd': '%s' is not a number", value);
    if (!(v > 0))
        return ec_error_set(err, EC_EINVAL,
                            "option 'default_log_sd': %s must be positive (> 0): it is the standard "
                            "deviation of log(compute_fraction), e.g. 0.1", value);
    return EC_OK;
}

#define OFF(field) offsetof(claims_opts, field)
#define SZ(field) sizeof(((claims_opts *)0)->field)
static const ec_option_desc claims_rows[] = {
    {"claims", EC_OPT_STRING, OFF(claims), SZ(claims), 0, 0, NULL, "",
     "CSV of claims: subject,baseline,compute_fraction[,log_sd][,source] (required)", NULL},
    {"reference", EC_OPT_STRING, OFF(reference), SZ(reference), 0, 0, NULL, "",
     "model whose efficiency factor is 1 (required; must appear in the claims)", NULL},
    {"compute_file", EC_OPT_STRING, OFF(compute_file), SZ(compute_file), 0, 0, NULL, "",
     "CSV name,compute of physical training compute (FLOP): adds effective compute", NULL},
    {"default_log_sd", EC_OPT_DOUBLE, OFF(default_log_sd), 0, 0, 1e300, NULL, "0.1",
     "uncertainty (sd of log fraction) of claims with no log_sd cell", check_positive},
    {"output", EC_OPT_STRING, OFF(output), SZ(output), 0, 0, NULL, "",
     "write JSON here (alias -o); else a report on stdout", NULL},
    {"plot", EC_OPT_STRING, OFF(plot), SZ(plot), 0, 0, NULL, "",
     "also draw the factors with their intervals to this .png, .svg or .pdf", NULL},
};
#undef OFF
#undef SZ
static const ec_option_table claims_table = {"claims", claims_rows,
                                             sizeof claims_rows / sizeof claims_rows[0]};

void cmd_claims_usage(FILE *out)
{
    fputs("usage: effcomp claims --claims FILE --reference NAME [--compute-file FILE]\n"
          "                      [--default-log-sd X] [-o FILE.json]\n"
          "\n"
          "Reads claims \"SUBJECT reaches comparable quality at a fraction F of BASELINE's\n"
          "compute\" and solves them together for one efficiency factor per model\n"
          "(effective compute = physical compute x factor; the reference's factor is 1):\n"
          "weighted least squares in log factor, weights 1/log_sd^2. Reports each\n"
          "factor with a 95% interval, each claim's residual, and a chi^2 test of\n"
          "whether the claims agree within their stated log_sd. See docs/claims.md.\n"
          "\nOptions (also --set name=value):\n", out);
    cli_print_option_table(out, &claims_table);
    fputs("\nExample:\n"
          "  effcomp claims --claims data/claims_example.csv --reference 'Llama 3.1-405B' \\\n"
          "    --compute-file data/claims_example_compute.csv\n", out);
    cli_print_common_flags(out);
}

/* Values within rounding of zero print as 0 (no "-0" that depends on the BLAS kernel). */
static double clean(double x)
{
    return fabs(x) < 1e-12 ? 0.0 : x;
}

static const char *reading(const ec_ledger *l, char *buf, size_t len)
{
    if (l->dof <= 0)
        snprintf(buf, len, "no redundant claims: consistency cannot be tested");
    else if (l->p_value >= 0.05)
        snprintf(buf, len, "claims are consistent at the 5%% level (chi2 = %.4g, p = %.4g)",
                 clean(l->chi2), l->p_value);
    else
        snprintf(buf, len, "inconsistent: chi2 = %.4g, p = %.4g (the claims disagree more than "
                 "their log_sd allow)", clean(l->chi2), l->p_value);
    return buf;
}

static int width_of(const char *s, int w)
{
    int n = (int)strlen(s);
    return n > w ? n : w;
}

static void print_report(const claims_opts *o, const ec_claims *c, const ec_ledger *l,
                         const ec_model_compute *mc)
{
    printf("effcomp %s: claims ledger of %s (%zu claims, %zu models)\n", EC_VERSION_STRING,
           o->claims, l->n_claims, l->n_models);
    printf("reference: %s (factor 1 by definition)\n", l->reference);
    if (mc) printf("compute:   %s (effective compute = compute x factor, in reference FLOP)\n", mc->path);

    int wm = 5;
    for (size_t k = 0; k < l->n_models; k++) wm = width_of(l->model[k], wm);
    printf("\n%-*s  %10s  %-21s  %8s", wm, "model", "factor", "95% CI", "se(log)");
    if (mc) printf("  %11s  %11s", "compute", "effective");
    printf("\n");
    for (size_t k = 0; k < l->n_models; k++) {
        char ci[64];
        snprintf(ci, sizeof ci, "[%.4g, %.4g]", l->ci_lo[k], l->ci_hi[k]);
        printf("%-*s  %10.4g  %-21s  %8.4g", wm, l->model[k], l->factor[k], ci, clean(l->se_log[k]));
        if (mc) {
            if (isfinite(l->compute[k])) printf("  %11.4g  %11.4g", l->compute[k], l->effective_compute[k]);
            else printf("  %11s  %11s", "-", "-");
        }
        printf("\n");
    }

    int ws = 7, wb = 8, any_source = 0;
    for (size_t i = 0; i < c->n; i++) {
        ws = width_of(c->items[i].subject, ws);
        wb = width_of(c->items[i].baseline, wb);
        any_source |= c->items[i].source[0] != '\0';
    }
    printf("\nclaims (residual = -log(fraction) minus the fitted log-factor difference):\n");
    printf("%5s  %-*s  %-*s  %8s  %7s  %9s  %8s%s\n", "line", ws, "subject", wb, "baseline", "fraction",
           "log_sd", "residual", "std.res", any_source ? "  source" : "");
    for (size_t i = 0; i < c->n; i++) {
        const ec_claim *cl = &c->items[i];
        printf("%5zu  %-*s  %-*s  %8.4g  %7.4g  %+9.4f  %+8.3f%s%s\n", cl->line, ws, cl->subject, wb, cl->baseline,
               cl->fraction, cl->log_sd, clean(l->residual[i]), clean(l->std_residual[i]), cl->source[0] ? "  " : "",
               cl->source);
    }

    char buf[256];
    printf("\nchi2 = %.4g on %d dof", clean(l->chi2), l->dof);
    if (l->dof > 0) printf(" (reduced chi2 %.4g), p-value = %.4g\n", clean(l->chi2_reduced), l->p_value);
    else printf(", p-value = n/a\nnote: %s\n", reading(l, buf, sizeof buf));
    printf("se(log) takes each claim's log_sd as known (not scaled by the reduced chi2)\n");
    if (l->dof > 0) printf("reading: %s\n", reading(l, buf, sizeof buf));
}

static cJSON *ledger_json(const claims_opts *o, const ec_claims *c, const ec_ledger *l,
                          const ec_model_compute *mc)
{
    char buf[256];
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "reference", l->reference);
    cJSON *models = cJSON_AddObjectToObject(root, "models");
    for (size_t k = 0; k < l->n_models; k++) {
        cJSON *m = cJSON_CreateObject();
        cli_json_number(m, "factor", l->factor[k]);
        cJSON *ci = cJSON_AddArrayToObject(m, "ci95");
        cJSON_AddItemToArray(ci, cJSON_CreateNumber(l->ci_lo[k]));
        cJSON_AddItemToArray(ci, cJSON_CreateNumber(l->ci_hi[k]));
        cli_json_number(m, "se_log", l->se_log[k]);
        cli_json_number(m, "log_factor", l->log_factor[k]);
        cli_json_number(m, "compute", l->compute[k]);
        cli_json_number(m, "effective_compute", l->effective_compute[k]);
        cJSON_AddItemToObject(models, l->model[k], m);
    }
    cJSON *claims = cJSON_AddArrayToObject(root, "claims");
    for (size_t i = 0; i < c->n; i++) {
        const ec_claim *cl = &c->items[i];
        cJSON *j = cJSON_CreateObject();
        cJSON_AddNumberToObject(j, "line", (double)cl->line);
        cJSON_AddStringToObject(j, "subject", cl->subject);
        cJSON_AddStringToObject(j, "baseline", cl->baseline);
        cli_json_number(j, "compute_fraction", cl->fraction);
        cli_json_number(j, "log_sd", cl->log_sd);
        cli_json_number(j, "residual", l->residual[i]);
        cli_json_number(j, "std_residual", l->std_residual[i]);
        if (cl->source[0]) cJSON_AddStringToObject(j, "source", cl->source);
        else cJSON_AddNullToObject(j, "source");
        cJSON_AddItemToArray(claims, j);
    }
    cli_json_number(root, "chi2", l->chi2);
    cJSON_AddNumberToObject(root, "dof", l->dof);
    cli_json_number(root, "chi2_reduced", l->chi2_reduced);
    cli_json_number(root, "p_value", l->p_value);
    cJSON_AddStringToObject(root, "reading", reading(l, buf, sizeof buf));
    cJSON_AddStringToObject(root, "se_method", "log_sd known (not scaled by the reduced chi2)");
    cJSON_AddNumberToObject(root, "n_models", (double)l->n_models);
    cJSON_AddNumberToObject(root, "n_claims", (double)l->n_claims);
    cJSON_AddStringToObject(root, "version", EC_VERSION_STRING);
    cJSON_AddStringToObject(root, "input", o->claims);
    cJSON_AddStringToObject(root, "input_sha256", c->sha256);
    if (mc) {
        cJSON_AddStringToObject(root, "compute_file", mc->path);
        cJSON_AddStringToObject(root, "compute_sha256", mc->sha256);
    } else {
        cJSON_AddNullToObject(root, "compute_file");
        cJSON_AddNullToObject(root, "compute_sha256");
    }
    cJSON_AddNumberToObject(root, "default_log_sd", o->default_log_sd);
    return root;
}

int cmd_claims(int argc, char **argv)
{
    claims_opts o;
    memset(&o, 0, sizeof o);
    o.default_log_sd = 0.1;
    cli_optset sets[] = {{&claims_table, &o}};
    int help = 0;
    if (cli_parse_options(argc, argv, "claims", sets, 1, &help)) return EXIT_BAD_INPUT;
    if (help) {
        cmd_claims_usage(stdout);
        return EXIT_OK;
    }
    if (!o.claims[0]) {
        cli_error("claims: --claims FILE is required (see 'effcomp claims --help')");
        return EXIT_BAD_INPUT;
    }
    if (!o.reference[0]) {
        cli_error("claims: --reference NAME is required: the model whose efficiency factor is 1");
        return EXIT_BAD_INPUT;
    }
    {
        const cli_path in[2] = {{"--claims", o.claims}, {"--compute-file", o.compute_file}};
        const cli_path out[2] = {{"--output", o.output}, {"--plot", o.plot}};
        if (cli_check_paths("claims", in, 2, out, 2)) return EXIT_BAD_INPUT;
        int bad = cli_plot_check(o.plot);
        if (bad) return bad;
    }
    ec_error err;
    ec_error_clear(&err);
    ec_claims *c = ec_claims_load_csv(o.claims, o.default_log_sd, &err);
    if (!c) {
        cli_error("%s", err.message);
        return cli_exit_for(err.code);
    }
    ec_model_compute *mc = NULL;
    ec_ledger l;
    int rc = ec_ledger_solve(c, o.reference, &l, &err);
    if (rc == EC_OK && o.compute_file[0]) {
        mc = ec_model_compute_load_csv(o.compute_file, &err);
        rc = mc ? ec_ledger_apply_compute(&l, mc, &err) : err.code;
    }
    int status;
    if (rc != EC_OK) {
        cli_error("%s", err.message);
        status = cli_exit_for(rc);
    } else if (o.output[0]) {
        cJSON *root = ledger_json(&o, c, &l, mc);
        status = root ? cli_write_json(o.output, root) : EXIT_FAILURE_RUN;
        cJSON_Delete(root);
    } else {
        print_report(&o, c, &l, mc);
        status = EXIT_OK;
    }
    if (rc == EC_OK && o.plot[0]) {
        /* Numbers first, then the figure. */
        cJSON *root = o.output[0] ? NULL : ledger_json(&o, c, &l, mc);
        int ps = cli_plot_option(root, o.output, o.plot, "", NULL);
        cJSON_Delete(root);
        if (ps != EXIT_OK && status == EXIT_OK) status = ps;
    }
    ec_ledger_clear(&l);
    ec_model_compute_free(mc);
    ec_claims_free(c);
    return status;
}
