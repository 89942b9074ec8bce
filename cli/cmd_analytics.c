/* cmd_analytics.c — `effcomp optimal`, `effcomp multiplier` and
 * `effcomp trend`: compute-efficiency analytics on a fitted law, with 95%
 * percentile intervals from the fit's bootstrap replicates. */
#include <cjson/cJSON.h>
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "cli_util.h"
#include "ec_csv.h"
#include "commands.h"
#include "ec_efficiency.h"
#include "ec_interval.h"
#include "ec_table.h"
#include "ec_version.h"
#include "fitcommon.h"

/* ---------- shared: the law, its replicates, intervals ---------- */

typedef struct law_opts {
    char fit[1024];
    char form[64];
    char params[512];
    char replicates[1024];
    char output[1024];
} law_opts;

#define LAW_ROWS(T)                                                                                                  \
    {"fit", EC_OPT_STRING, offsetof(T, law.fit), sizeof(((T *)0)->law.fit), 0, 0, NULL, "",                        \
     "fit JSON written by 'effcomp fit -o'", NULL},                                                                   \
        {"form", EC_OPT_STRING, offsetof(T, law.form), sizeof(((T *)0)->law.form), 0, 0, NULL, "",                  \
         "inline form instead of --fit (with --params)", NULL},                                                       \
        {"replicates", EC_OPT_STRING, offsetof(T, law.replicates), sizeof(((T *)0)->law.replicates), 0, 0, NULL,     \
         "the fit's", "bootstrap replicates CSV for 95% intervals (default: the one recorded in the fit JSON)", NULL}, \
        {"output", EC_OPT_STRING, offsetof(T, law.output), sizeof(((T *)0)->law.output), 0, 0, NULL, "",             \
         "write JSON here (alias -o); else a report on stdout", NULL}

/* Loads the law (fit JSON or inline) and its replicates, after checking that no output
 * (--output, and `plot` when not NULL) is one of the inputs; prints errors. Returns 0 or an
 * exit status. */
static int load_law(const char *cmd, const law_opts *lo, const char *plot, cli_law *lw)
{
    memset(lw, 0, sizeof *lw);
    if (!lo->fit[0] == !lo->form[0]) {
        cli_error("give either --fit FIT.json or --form F --params 'k=v,...'");
        return EXIT_BAD_INPUT;
    }
    char reps_path[1024];
    snprintf(reps_path, sizeof reps_path, "%s", lo->replicates);
    if (lo->fit[0] ? cli_law_load_json(lo->fit, lw, reps_path, sizeof reps_path) : cli_law_inline(lo->form, lo->params, lw))
        return EXIT_BAD_INPUT;
    const cli_path in[2] = {{"--fit", lo->fit}, {"--replicates", reps_path}};
    const cli_path out[2] = {{"--output", lo->output}, {"--plot", plot}};
    if (cli_check_paths(cmd, in, 2, out, plot ? 2 : 1)) return EXIT_BAD_INPUT;
    int bad = cli_plot_check(plot);
    if (bad) return bad;
    if (reps_path[0]) {
        ec_error err;
        lw->reps = ec_table_load_csv(reps_path, &err);
        if (!lw->reps) {
            if (!lo->replicates[0] && lw->reps_searched[0]) cli_law_reps_missing(lw, lo->fit);
            else cli_error("%s", err.message);
            return EXIT_BAD_INPUT;
        }
        snprintf(lw->reps_file, sizeof lw->reps_file, "%s", reps_path);
        if (cli_law_check_reps(lw, lw->reps, reps_path)) {
            ec_table_free(lw->reps);
            lw->reps = NULL;
            return EXIT_BAD_INPUT;
        }
        for (int j = 0; j < lw->form->n_params; j++) {
            lw->rep_col[j] = ec_table_column(lw->reps, lw->form->param_names[j]);
            if (lw->rep_col[j] < 0) {
                cli_error("%s: no column '%s' for the %s form", reps_path, lw->form->param_names[j], lw->form->name);
                ec_table_free(lw->reps);
                lw->reps = NULL;
                return EXIT_BAD_INPUT;
            }
        }
    }
    return 0;
}

/* Number of usable replicates and their parameter vectors (converged rows only; *skipped counts the others). */
static size_t replicate_params(const cli_law *lw, double **out, size_t *skipped)
{
    *out = NULL;
    *skipped = 0;
    if (!lw->reps) return 0;
    const ec_table *t = lw->reps;
    int conv = ec_table_column(t, "converged");
    size_t k = (size_t)lw->form->n_params, m = 0;
    double *p = malloc(sizeof(double) * t->n_rows * k);
    if (!p) return 0;
    for (size_t r = 0; r < t->n_rows; r++) {
        const double *row = t->values + r * t->n_cols;
        if (conv >= 0 && row[conv] != 1.0) {
            (*skipped)++;
            continue;
        }
        for (size_t j = 0; j < k; j++) p[m * k + j] = row[lw->rep_col[j]];
        m++;
    }
    *out = p;
    return m;
}

/* A 95% interval: [lo, hi]; an infinite end (unbounded) is null, and KEY_unbounded says which end
 * ("upper", "lower" or "both"); null when the interval is unknown (NaN: too few replicates). */
static void json_ci(cJSON *o, const char *key, const double ci[2])
{
    if (isnan(ci[0]) || isnan(ci[1])) {
        cJSON_AddNullToObject(o, key);
        return;
    }
    cJSON *a = cJSON_AddArrayToObject(o, key);
    for (int k = 0; k < 2; k++)
        cJSON_AddItemToArray(a, isfinite(ci[k]) ? cJSON_CreateNumber(ci[k]) : cJSON_CreateNull());
    if (isinf(ci[0]) || isinf(ci[1])) {
        char name[128];
        snprintf(name, sizeof name, "%s_unbounded", key);
        cJSON_AddStringToObject(o, name, isinf(ci[0]) && isinf(ci[1]) ? "both" : isinf(ci[1]) ? "upper" : "lower");
    }
}

/* x as %.PRECg, or "unbounded" / "-unbounded" / "unavailable" (NaN) for a non-finite x. */
static const char *fmt_num(char *buf, size_t n, int prec, double x)
{
    if (isnan(x)) snprintf(buf, n, "unavailable");
    else if (isinf(x)) snprintf(buf, n, "%sunbounded", x < 0 ? "-" : "");
    else snprintf(buf, n, "%.*g", prec, x);
    return buf;
}

static cJSON *law_json(const law_opts *lo, const cli_law *lw, size_t nrep, size_t skipped)
{
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "form", lw->form->name);
    cJSON_AddItemToObject(root, "params", cli_json_params(lw->form, lw->p));
    cJSON_AddStringToObject(root, "fit", lo->fit);
    cJSON_AddNumberToObject(root, "replicates", (double)nrep);
    if (lw->reps) cJSON_AddNumberToObject(root, "replicates_not_converged", (double)skipped);
    cJSON_AddStringToObject(root, "version", EC_VERSION_STRING);
    /* Provenance: the fit's seed (it drew the replicates; kept when the fit JSON was read), and
     * the checksums of what was read, each file hashed once. */
    if (lw->seed_json[0]) cJSON_AddRawToObject(root, "seed", lw->seed_json);
    else cJSON_AddNullToObject(root, "seed");
    char fit_sha[65] = "", reps_sha[65] = "";
    if (lo->fit[0] && ec_file_sha256(lo->fit, fit_sha, NULL) != EC_OK) fit_sha[0] = '\0';
    if (lw->reps_file[0] && ec_file_sha256(lw->reps_file, reps_sha, NULL) != EC_OK) reps_sha[0] = '\0';
    cJSON *in = cJSON_AddObjectToObject(root, "input");
    const char *main_sha = lo->fit[0] ? fit_sha : reps_sha;
    if (main_sha[0]) cJSON_AddStringToObject(root, "input_sha256", main_sha);
    else cJSON_AddNullToObject(root, "input_sha256");
    if (lo->fit[0]) {
        cJSON_AddStringToObject(in, "fit", lo->fit);
        if (fit_sha[0]) cJSON_AddStringToObject(in, "fit_sha256", fit_sha);
    }
    if (lw->reps_file[0]) {
        cJSON_AddStringToObject(in, "replicates", lw->reps_file);
        if (reps_sha[0]) cJSON_AddStringToObject(in, "replicates_sha256", reps_sha);
    }
    return root;
}

/* The report's line on the replicates used (and those the fit's bootstrap could not use). */
static void print_replicates_line(size_t nrep, size_t skipped)
{
    if (nrep) printf("95%% intervals from %zu bootstrap replicates", nrep);
    else if (skipped) printf("no 95%% intervals: no bootstrap replicate converged");
    if (skipped) printf(" (left out: %zu that did not converge in the fit)", skipped);
    if (nrep || skipped) printf("\n");
}

/* Parses a comma-separated list of positive numbers; prints errors. */
static int parse_list(const char *what, const char *text, double *v, size_t cap, size_t *n)
{
    char buf[1024];
    snprintf(buf, sizeof buf, "%s", text);
    *n = 0;
    if (cli_list_has_empty_item(text)) {
        cli_error("%s: '%s' has an empty item (two commas in a row, or one at an end); remove it", what, text);
        return -1;
    }
    for (char *save = NULL, *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        char *end;
        double x = strtod(tok, &end);
        while (*end == ' ') end++;
        if (end == tok || *end || !(x > 0) || !isfinite(x)) {
            cli_error("%s: '%s' is not a positive number", what, tok);
            return -1;
        }
        if (*n == cap) {
            cli_error("%s: at most %zu values", what, cap);
            return -1;
        }
        v[(*n)++] = x;
    }
    if (*n == 0) {
        cli_error("%s: no values", what);
        return -1;
    }
    return 0;
}

/* ---------- optimal ---------- */

typedef struct optimal_opts {
    law_opts law;
    char compute[1024];
    char sizes[1024];
    char params[512];
    char loss_target[256];
    char plot[1024];
} optimal_opts;

static const ec_option_desc optimal_rows[] = {
    LAW_ROWS(optimal_opts),
    {"params", EC_OPT_STRING, offsetof(optimal_opts, params), sizeof(((optimal_opts *)0)->params), 0, 0, NULL, "",
     "inline parameters 'E=..,A=..,B=..,alpha=..,beta=..' with --form; or, without '=', model sizes as --sizes", NULL},
    {"compute", EC_OPT_STRING, offsetof(optimal_opts, compute), sizeof(((optimal_opts *)0)->compute), 0, 0, NULL, "",
     "compute budgets in FLOP, e.g. '5.76e23,1e26': N*, D*, tokens per parameter, loss", NULL},
    {"sizes", EC_OPT_STRING, offsetof(optimal_opts, sizes), sizeof(((optimal_opts *)0)->sizes), 0, 0, NULL, "",
     "model sizes in parameters, e.g. '70e9,1e12': the compute and tokens for which they are optimal", NULL},
    {"loss_target", EC_OPT_STRING, offsetof(optimal_opts, loss_target), sizeof(((optimal_opts *)0)->loss_target), 0, 0,
     NULL, "", "target losses, e.g. '1.9': the compute a compute-optimal run needs", NULL},
    {"plot", EC_OPT_STRING, offsetof(optimal_opts, plot), sizeof(((optimal_opts *)0)->plot), 0, 0, NULL, "",
     "also draw N*(C) and D*(C) with bands (needs --fit) to this .png, .svg or .pdf", NULL},
};
static const ec_option_table optimal_table = {"optimal", optimal_rows, sizeof optimal_rows / sizeof optimal_rows[0]};

void cmd_optimal_usage(FILE *out)
{
    fputs("usage: effcomp optimal (--fit FIT.json | --form chinchilla --params 'E=..,A=..,B=..,alpha=..,beta=..')\n"
          "                       [--compute C1,C2,...] [--sizes N1,N2,...] [--loss-target L1,...] [-o FILE.json]\n"
          "\n"
          "Compute-optimal allocation of a Chinchilla law under C = 6ND (Hoffmann et al. 2022):\n"
          "N*(C) = G (C/6)^(beta/(alpha+beta)), D*(C) = (C/6)^(alpha/(alpha+beta)) / G,\n"
          "G = (alpha A / (beta B))^(1/(alpha+beta)). With the fit's bootstrap replicates, every\n"
          "number gets a 95% percentile interval (columns *_ci95).\n"
          "\nOptions:\n", stdout == out ? out : out);
    cli_print_option_table(out, &optimal_table);
    fputs("  -o FILE            same as --output\n"
          "\nExample (Hoffmann et al.'s Table 3 rows, with Epoch's refit):\n"
          "  effcomp optimal --fit out/chinchilla_fit.json --sizes 400e6,1e9,10e9,67e9,175e9,280e9,520e9,1e12,10e12\n",
          out);
    cli_print_common_flags(out);
}

typedef struct opt_row {
    double compute, N, D, loss;
    double ci_compute[2], ci_N[2], ci_D[2], ci_tpp[2], ci_loss[2];
    size_t unreachable, failed; /* replicates that never reach a loss target; that failed otherwise */
} opt_row;

/* Fills a row for a given kind (0 compute, 1 size, 2 loss target) and value, for parameters p; *reach says
 * why a loss target failed. */
static int opt_point(const ec_form *f, const double *p, int kind, double value, opt_row *r, ec_reach *reach,
                     ec_error *err)
{
    ec_chin_law c = ec_chin_law_from(p);
    *reach = EC_REACH_OK;
    if (kind == 0) {
        r->compute = value;
    } else if (kind == 1) {
        r->compute = ec_optimal_compute_for_size(&c, value);
    } else {
        int rc = ec_reference_compute_reach(f, p, value, &r->compute, reach, err);
        if (rc) return rc;
    }
    ec_optimal_allocation(&c, r->compute, &r->N, &r->D);
    r->loss = ec_chin_law_loss(&c, r->N, r->D);
    return EC_OK;
}

/* A replicate's row for a loss target it never reaches: the compute, N* and D* grow without bound as the
 * target approaches the floor E; D/N = (C/6)^((alpha-beta)/(alpha+beta)) / G^2 tends to infinity, 0 or
 * 1/G^2 as alpha > beta, alpha < beta or alpha = beta; the loss is the target given. */
static void opt_unreachable(const double *p, double target, opt_row *r, double *tpp)
{
    ec_chin_law c = ec_chin_law_from(p);
    r->compute = r->N = r->D = INFINITY;
    r->loss = target;
    if (c.alpha > c.beta) *tpp = INFINITY;
    else if (c.alpha < c.beta) *tpp = 0.0;
    else {
        double N, D;
        ec_optimal_allocation(&c, 6.0, &N, &D); /* C/6 = 1: D/N = 1/G^2 */
        *tpp = D / N;
    }
}

int cmd_optimal(int argc, char **argv)
{
    optimal_opts o;
    memset(&o, 0, sizeof o);
    cli_optset sets[] = {{&optimal_table, &o}};
    int help = 0;
    if (cli_parse_options(argc, argv, "optimal", sets, 1, &help)) return EXIT_BAD_INPUT;
    if (help) {
        cmd_optimal_usage(stdout);
        return EXIT_OK;
    }
    /* --params is inline parameters with '=', model sizes without. */
    char inline_params[512] = "";
    if (o.params[0]) {
        if (strchr(o.params, '=')) snprintf(inline_params, sizeof inline_params, "%s", o.params);
        else if (o.sizes[0]) {
            cli_error("optimal: give model sizes once (--sizes or --params)");
            return EXIT_BAD_INPUT;
        } else snprintf(o.sizes, sizeof o.sizes, "%s", o.params);
    }
    snprintf(o.law.params, sizeof o.law.params, "%s", inline_params);
    if (!o.compute[0] && !o.sizes[0] && !o.loss_target[0]) {
        cli_error("optimal: give --compute, --sizes or --loss-target (see 'effcomp optimal --help')");
        return EXIT_BAD_INPUT;
    }
    if (o.plot[0] && !o.law.fit[0]) {
        cli_error("optimal --plot: draws from the fit's data and replicates, so it needs --fit FIT.json");
        return EXIT_BAD_INPUT;
    }
    cli_law lw;
    int lbad = load_law("optimal", &o.law, o.plot, &lw);
    if (lbad) return lbad;
    if (strcmp(lw.form->name, "chinchilla") != 0) {
        cli_error("optimal: needs a chinchilla law (got %s)", lw.form->name);
        ec_table_free(lw.reps);
        return EXIT_BAD_INPUT;
    }
    {
        ec_chin_law c = ec_chin_law_from(lw.p);
        ec_error err;
        if (ec_chin_law_check(&c, &err)) {
            cli_error("optimal: %s%s%s", o.law.fit[0] ? o.law.fit : "--params", ": ", err.message);
            ec_table_free(lw.reps);
            return EXIT_BAD_INPUT;
        }
    }
    double vals[3][64];
    size_t nv[3] = {0, 0, 0};
    const char *texts[3] = {o.compute, o.sizes, o.loss_target};
    const char *names[3] = {"--compute", "--sizes", "--loss-target"};
    for (int k = 0; k < 3; k++)
        if (texts[k][0] && parse_list(names[k], texts[k], vals[k], 64, &nv[k])) {
            ec_table_free(lw.reps);
            return EXIT_BAD_INPUT;
        }
    double *reps;
    size_t skipped, nrep = replicate_params(&lw, &reps, &skipped);
    double *work = nrep ? malloc(sizeof(double) * nrep * 5) : NULL;
    size_t nrows = nv[0] + nv[1] + nv[2];
    opt_row *rows = calloc(nrows, sizeof *rows);
    int *kinds = calloc(nrows, sizeof *kinds);
    int status = EXIT_OK;
    if (!rows || !kinds || (nrep && !work)) {
        cli_error("out of memory");
        status = EXIT_FAILURE_RUN;
        goto done;
    }
    size_t r = 0;
    for (int k = 0; k < 3; k++)
        for (size_t i = 0; i < nv[k]; i++, r++) {
            ec_error err;
            ec_reach reach;
            kinds[r] = k;
            if (opt_point(lw.form, lw.p, k, vals[k][i], &rows[r], &reach, &err)) {
                cli_error("optimal: %s", err.message);
                status = EXIT_BAD_INPUT;
                goto done;
            }
            double *w[5] = {work, work + nrep, work + 2 * nrep, work + 3 * nrep, work + 4 * nrep};
            size_t m = 0; /* replicates kept: reached, or never reaching (unbounded) */
            for (size_t q = 0; q < nrep; q++) {
                const double *pq = reps + q * 5;
                opt_row rr;
                double tpp;
                if (opt_point(lw.form, pq, k, vals[k][i], &rr, &reach, NULL) == EC_OK) {
                    tpp = rr.D / rr.N;
                    if (!isfinite(rr.compute) || !isfinite(rr.N) || !isfinite(rr.D) || !isfinite(tpp) ||
                        !isfinite(rr.loss)) {
                        rows[r].failed++;
                        continue;
                    }
                } else if (reach == EC_REACH_UNBOUNDED) {
                    opt_unreachable(pq, vals[k][i], &rr, &tpp);
                    rows[r].unreachable++;
                } else {
                    rows[r].failed++;
                    continue;
                }
                w[0][m] = rr.compute;
                w[1][m] = rr.N;
                w[2][m] = rr.D;
                w[3][m] = tpp;
                w[4][m] = rr.loss;
                m++;
            }
            if (nrep) {
                ec_interval_percentile(w[0], m, EC_INTERVAL_LEVEL, rows[r].ci_compute);
                ec_interval_percentile(w[1], m, EC_INTERVAL_LEVEL, rows[r].ci_N);
                ec_interval_percentile(w[2], m, EC_INTERVAL_LEVEL, rows[r].ci_D);
                ec_interval_percentile(w[3], m, EC_INTERVAL_LEVEL, rows[r].ci_tpp);
                ec_interval_percentile(w[4], m, EC_INTERVAL_LEVEL, rows[r].ci_loss);
            }
        }
    if (o.law.output[0]) {
        cJSON *root = law_json(&o.law, &lw, nrep, skipped);
        cJSON *arr = cJSON_AddArrayToObject(root, "rows");
        static const char *const given[3] = {"compute", "N", "loss"};
        for (r = 0; r < nrows; r++) {
            cJSON *j = cJSON_CreateObject();
            cJSON_AddStringToObject(j, "given", given[kinds[r]]);
            cli_json_number(j, "compute", rows[r].compute);
            cli_json_number(j, "N", rows[r].N);
            cli_json_number(j, "D", rows[r].D);
            cli_json_number(j, "tokens_per_param", rows[r].D / rows[r].N);
            cli_json_number(j, "loss", rows[r].loss);
            if (nrep) {
                json_ci(j, "compute_ci95", rows[r].ci_compute);
                json_ci(j, "N_ci95", rows[r].ci_N);
                json_ci(j, "D_ci95", rows[r].ci_D);
                json_ci(j, "tokens_per_param_ci95", rows[r].ci_tpp);
                json_ci(j, "loss_ci95", rows[r].ci_loss);
                cJSON_AddNumberToObject(j, "replicates_unreachable", (double)rows[r].unreachable);
                cJSON_AddNumberToObject(j, "replicates_failed", (double)rows[r].failed);
            }
            cJSON_AddItemToArray(arr, j);
        }
        status = cli_write_json(o.law.output, root);
        cJSON_Delete(root);
    } else {
        printf("effcomp %s: compute-optimal allocation under C = 6ND (%s law: E=%.6g A=%.6g B=%.6g alpha=%.6g "
               "beta=%.6g)\n",
               EC_VERSION_STRING, lw.form->name, lw.p[0], lw.p[1], lw.p[2], lw.p[3], lw.p[4]);
        print_replicates_line(nrep, skipped);
        printf("\n%-12s %-12s %-12s %-10s %-9s", "compute", "N*", "D*", "D*/N*", "loss");
        if (nrep) printf("  %-21s %-21s %-21s", "compute 95%", "N* 95%", "D* 95%");
        printf("\n");
        for (r = 0; r < nrows; r++) {
            printf("%-12.4g %-12.4g %-12.4g %-10.4g %-9.5g", rows[r].compute, rows[r].N, rows[r].D, rows[r].D / rows[r].N,
                   rows[r].loss);
            if (nrep)
                printf("  [%8.3g, %8.3g]  [%8.3g, %8.3g]  [%8.3g, %8.3g]", rows[r].ci_compute[0], rows[r].ci_compute[1],
                       rows[r].ci_N[0], rows[r].ci_N[1], rows[r].ci_D[0], rows[r].ci_D[1]);
            printf("\n");
        }
        if (nrep) {
            printf("\n(an interval of zero width is the quantity you gave)\n");
            int any_inf = 0;
            for (r = 0; r < nrows; r++) {
                if (rows[r].unreachable) {
                    printf("loss %.5g: never reached by %zu of the %zu replicates (their floor E is at or above it, "
                           "or it needs more than 1e45 FLOP), counted as unbounded compute, N* and D*\n",
                           rows[r].loss, rows[r].unreachable, nrep);
                }
                const double *shown[3] = {rows[r].ci_compute, rows[r].ci_N, rows[r].ci_D};
                for (int c = 0; c < 3; c++)
                    if (isinf(shown[c][0]) || isinf(shown[c][1])) any_inf = 1;
                if (rows[r].failed) {
                    static const char *const what[3] = {"compute", "N", "loss"};
                    double given = kinds[r] == 0 ? rows[r].compute : kinds[r] == 1 ? rows[r].N : rows[r].loss;
                    printf("%s %.5g: %zu of the %zu replicates left out of its intervals (failed: no finite "
                           "result%s)\n",
                           what[kinds[r]], given, rows[r].failed, nrep,
                           kinds[r] == 2 ? ", or the target is above their loss at 1 FLOP" : "");
                }
            }
            if (any_inf) printf("(inf: the interval is unbounded on that side)\n");
        }
    }
    if (status == EXIT_OK && o.plot[0]) status = cli_plot_option(NULL, o.law.fit, o.plot, "frontier", o.law.replicates);
done:
    free(rows);
    free(kinds);
    free(work);
    free(reps);
    ec_table_free(lw.reps);
    return status;
}

/* ---------- multiplier ---------- */

typedef struct multiplier_opts {
    law_opts law;
    char params[512];
    char model[256];
    char point[256];
} multiplier_opts;

static const ec_option_desc multiplier_rows[] = {
    LAW_ROWS(multiplier_opts),
    {"params", EC_OPT_STRING, offsetof(multiplier_opts, params), sizeof(((multiplier_opts *)0)->params), 0, 0, NULL,
     "", "inline parameters 'k=v,...' with --form", NULL},
    {"model", EC_OPT_STRING, offsetof(multiplier_opts, model), sizeof(((multiplier_opts *)0)->model), 0, 0, NULL, "",
     "'N=280e9,D=300e9': allocation efficiency of this model under a chinchilla law", NULL},
    {"point", EC_OPT_STRING, offsetof(multiplier_opts, point), sizeof(((multiplier_opts *)0)->point), 0, 0, NULL, "",
     "'C=2.2e23,L=2.05' (or y= for a score): effective-compute multiplier of a model with this compute and quality",
     NULL},
};
static const ec_option_table multiplier_table = {"multiplier", multiplier_rows,
                                                 sizeof multiplier_rows / sizeof multiplier_rows[0]};

void cmd_multiplier_usage(FILE *out)
{
    fputs("usage: effcomp multiplier (--fit FIT.json | --form F --params 'k=v,...')\n"
          "                          (--model 'N=..,D=..' | --point 'C=..,L=..') [-o FILE.json]\n"
          "\n"
          "--point: the compute the reference law needs to reach the model's quality,\n"
          "divided by the model's compute: the effective-compute multiplier (> 1: the model\n"
          "is more compute-efficient than the reference). The reference curve is the loss\n"
          "at the compute-optimal allocation for a chinchilla law, or y(C) for a\n"
          "one-variable law of compute (power, saturating-power, sigmoid-logc, bnsl); it is\n"
          "inverted by bracketed root finding (GSL Brent).\n"
          "--model: how efficient an allocation is: the compute a compute-optimal run needs\n"
          "to reach L(N, D), divided by 6ND (allocation_efficiency, <= 1).\n"
          "With the fit's bootstrap replicates, a 95% percentile interval is added.\n"
          "\nOptions:\n", out);
    cli_print_option_table(out, &multiplier_table);
    fputs("  -o FILE            same as --output\n"
          "\nExample (Gopher, 280B parameters on 300B tokens, against Epoch's Chinchilla refit):\n"
          "  effcomp multiplier --fit out/chinchilla_fit.json --model 'N=280e9,D=300e9'\n", out);
    cli_print_common_flags(out);
}

/* Parses 'k=v,...' with keys N, D, C and L or y into the matching values; prints errors. */
static int parse_point(const char *what, const char *text, double *N, double *D, double *C, double *Q)
{
    char buf[256];
    snprintf(buf, sizeof buf, "%s", text);
    if (cli_list_has_empty_item(text)) {
        cli_error("%s: '%s' has an empty item (two commas in a row, or one at an end); remove it", what, text);
        return -1;
    }
    for (char *save = NULL, *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        char *eq = strchr(tok, '='), *end;
        if (!eq) {
            cli_error("%s: '%s' is not key=value", what, tok);
            return -1;
        }
        *eq = '\0';
        while (*tok == ' ') tok++;
        double v = strtod(eq + 1, &end);
        if (end == eq + 1 || *end || !isfinite(v)) {
            cli_error("%s: value of '%s' is not a number", what, tok);
            return -1;
        }
        double *slot = strcmp(tok, "N") == 0                            ? N
                       : strcmp(tok, "D") == 0                            ? D
                       : strcmp(tok, "C") == 0                            ? C
                       : strcmp(tok, "L") == 0 || strcmp(tok, "y") == 0 ? Q
                                                                          : NULL;
        if (!slot) {
            cli_error("%s: unknown key '%s' (use N and D for --model, C and L or y for --point)", what, tok);
            return -1;
        }
        if (!isnan(*slot)) {
            cli_error("%s: '%s' given twice; give each key once", what, tok);
            return -1;
        }
        *slot = v;
    }
    return 0;
}

int cmd_multiplier(int argc, char **argv)
{
    multiplier_opts o;
    memset(&o, 0, sizeof o);
    cli_optset sets[] = {{&multiplier_table, &o}};
    int help = 0;
    if (cli_parse_options(argc, argv, "multiplier", sets, 1, &help)) return EXIT_BAD_INPUT;
    if (help) {
        cmd_multiplier_usage(stdout);
        return EXIT_OK;
    }
    if (!o.model[0] == !o.point[0]) {
        cli_error("multiplier: give either --model 'N=..,D=..' or --point 'C=..,L=..'");
        return EXIT_BAD_INPUT;
    }
    snprintf(o.law.params, sizeof o.law.params, "%s", o.params);
    double N = NAN, D = NAN, C = NAN, Q = NAN;
    if (parse_point(o.model[0] ? "--model" : "--point", o.model[0] ? o.model : o.point, &N, &D, &C, &Q))
        return EXIT_BAD_INPUT;
    if (o.model[0]) {
        if (!(N > 0) || !(D > 0)) {
            cli_error("--model: give positive N and D, e.g. 'N=280e9,D=300e9'");
            return EXIT_BAD_INPUT;
        }
    } else if (!(C > 0) || !isfinite(Q)) {
        cli_error("--point: give positive compute C and the quality L (loss) or y (score), e.g. 'C=2.2e23,L=2.05'");
        return EXIT_BAD_INPUT;
    }
    cli_law lw;
    int lbad = load_law("multiplier", &o.law, NULL, &lw);
    if (lbad) return lbad;
    if (o.model[0] && strcmp(lw.form->name, "chinchilla") != 0) {
        cli_error("multiplier --model needs a chinchilla law (got %s); use --point for other laws", lw.form->name);
        ec_table_free(lw.reps);
        return EXIT_BAD_INPUT;
    }
    ec_error err;
    double value, ref;
    int rc;
    if (o.model[0]) {
        ec_chin_law c = ec_chin_law_from(lw.p);
        rc = ec_allocation_efficiency(&c, N, D, &value, &ref, &err);
    } else {
        rc = ec_reference_compute(lw.form, lw.p, Q, &ref, &err);
        value = ref / C;
    }
    if (rc) {
        cli_error("multiplier: %s", err.message);
        ec_table_free(lw.reps);
        return EXIT_BAD_INPUT;
    }
    double *reps, ci_v[2] = {NAN, NAN}, ci_ref[2] = {NAN, NAN};
    size_t skipped, nrep = replicate_params(&lw, &reps, &skipped), unreachable = 0, failed = 0;
    if (nrep) {
        double *wv = malloc(sizeof(double) * nrep), *wr = malloc(sizeof(double) * nrep);
        if (!wv || !wr) {
            free(wv);
            free(wr);
            free(reps);
            ec_table_free(lw.reps);
            cli_error("out of memory");
            return EXIT_FAILURE_RUN;
        }
        size_t k = (size_t)lw.form->n_params, m = 0;
        for (size_t q = 0; q < nrep; q++) {
            double v = NAN, rr = NAN;
            ec_reach reach = EC_REACH_OK;
            int rq;
            if (o.model[0]) {
                ec_chin_law c = ec_chin_law_from(reps + q * k);
                rq = ec_allocation_efficiency(&c, N, D, &v, &rr, NULL);
            } else {
                rq = ec_reference_compute_reach(lw.form, reps + q * k, Q, &rr, &reach, NULL);
                v = rr / C;
            }
            if (rq == EC_OK && isfinite(v) && isfinite(rr)) {
                /* reached */
            } else if (rq && o.point[0] && reach == EC_REACH_UNBOUNDED) {
                /* Never reaches the quality: the reference compute, and the multiplier, grow without bound. */
                v = rr = INFINITY;
                unreachable++;
            } else {
                failed++;
                continue;
            }
            wv[m] = v;
            wr[m] = rr;
            m++;
        }
        ec_interval_percentile(wv, m, EC_INTERVAL_LEVEL, ci_v);
        ec_interval_percentile(wr, m, EC_INTERVAL_LEVEL, ci_ref);
        free(wv);
        free(wr);
    }
    const char *key = o.model[0] ? "allocation_efficiency" : "multiplier";
    int status = EXIT_OK;
    if (o.law.output[0]) {
        cJSON *root = law_json(&o.law, &lw, nrep, skipped);
        cJSON *in = cJSON_AddObjectToObject(root, o.model[0] ? "model" : "point");
        if (o.model[0]) {
            cJSON_AddNumberToObject(in, "N", N);
            cJSON_AddNumberToObject(in, "D", D);
            cJSON_AddNumberToObject(in, "compute", 6 * N * D);
        } else {
            cJSON_AddNumberToObject(in, "compute", C);
            cJSON_AddNumberToObject(in, "quality", Q);
        }
        cli_json_number(root, key, value);
        cli_json_number(root, "reference_compute", ref);
        if (nrep) {
            json_ci(root, "ci95", ci_v);
            json_ci(root, "reference_compute_ci95", ci_ref);
            cJSON_AddNumberToObject(root, "replicates_unreachable", (double)unreachable);
            cJSON_AddNumberToObject(root, "replicates_failed", (double)failed);
        }
        status = cli_write_json(o.law.output, root);
        cJSON_Delete(root);
    } else {
        printf("effcomp %s: %s against the %s law\n", EC_VERSION_STRING, key, lw.form->name);
        if (o.model[0]) {
            printf("model:             N = %.4g parameters, D = %.4g tokens, 6ND = %.4g FLOP, predicted loss %.5g\n", N,
                   D, 6 * N * D, ec_chin_law_loss(&(ec_chin_law){lw.p[0], lw.p[1], lw.p[2], lw.p[3], lw.p[4]}, N, D));
            printf("reference compute: %.4g FLOP (a compute-optimal run reaching the same loss)\n", ref);
        } else {
            printf("model:             C = %.4g FLOP, quality %.5g\n", C, Q);
            printf("reference compute: %.4g FLOP (the law's compute for that quality)\n", ref);
        }
        printf("%s: %.4g", key, value);
        if (nrep) {
            char b0[32], b1[32];
            printf("   95%% interval [%s, %s] from %zu replicates", fmt_num(b0, sizeof b0, 4, ci_v[0]),
                   fmt_num(b1, sizeof b1, 4, ci_v[1]), nrep - failed); /* the failed ones are left out */
        }
        printf("\n");
        if (unreachable)
            printf("quality %.5g: never reached by %zu of the %zu replicates (at or beyond their law's asymptote, "
                   "or beyond 1e45 FLOP), counted as an unbounded reference compute and %s\n",
                   Q, unreachable, nrep, key);
        if (failed)
            printf("%zu of the %zu replicates left out of the interval (failed: no finite result%s)\n", failed, nrep,
                   o.point[0] ? ", or the quality is already passed at 1 FLOP" : "");
        if (skipped) printf("left out of the interval: %zu replicate(s) that did not converge in the fit\n", skipped);
    }
    free(reps);
    ec_table_free(lw.reps);
    return status;
}

/* ---------- trend ---------- */

typedef struct trend_opts {
    char x[256];
    char y[256];
    int algorithmic;
} trend_opts;

static const ec_option_desc trend_rows[] = {
    {"x", EC_OPT_STRING, offsetof(trend_opts, x), sizeof(((trend_opts *)0)->x), 0, 0, NULL, "",
     "date column (YYYY-MM-DD, YYYY-MM, YYYY or a decimal year)", NULL},
    {"y", EC_OPT_STRING, offsetof(trend_opts, y), sizeof(((trend_opts *)0)->y), 0, 0, NULL, "",
     "the quantity that grows, e.g. 'Training compute (FLOP)'", NULL},
    {"algorithmic", EC_OPT_INT, offsetof(trend_opts, algorithmic), 0, 0, 1, NULL, "0",
     "1: algorithmic progress from dated (C, L) points (map C, date and L with --columns)", NULL},
};
static const ec_option_table trend_table = {"trend", trend_rows, sizeof trend_rows / sizeof trend_rows[0]};

void cmd_trend_usage(FILE *out)
{
    fputs("usage: effcomp trend --data FILE --x DATECOL --y COL [--where ...] [--bootstrap R] [-o FILE.json]\n"
          "       effcomp trend --algorithmic 1 --data FILE --columns 'C=..,date=..,L=..' [...]\n"
          "\n"
          "Growth over time: fits log10 y = c + g (year - 2020) by least squares in log space\n"
          "(form loglinear-time) and reports the growth factor 10^g per year and the doubling\n"
          "time 12 log10(2)/g in months (for g < 0, the halving time 12 log10(2)/|g|), with\n"
          "intervals (asymptotic, or bootstrap percentiles with --bootstrap R). The time's\n"
          "interval is g's mapped through that formula; when g's interval contains 0 there is\n"
          "no significant trend and the time's interval is unbounded.\n"
          "--algorithmic 1 fits L = E + A (C 10^(g (year - 2020)))^-alpha (form\n"
          "effective-compute-time): at fixed loss, the compute needed falls 10^g-fold a year;\n"
          "reported as the compute-halving time 12 log10(2)/g in months (Ho et al. 2024 style).\n"
          "\nTrend options:\n", out);
    cli_print_option_table(out, &trend_table);
    fputs("\nData options and fit options: as for 'effcomp fit' (loss defaults to ls-log here),\n"
          "including --plot FILE.png for the trend figure (not with --algorithmic).\n"
          "\nExample (frontier training compute since 2012, Epoch's database):\n"
          "  effcomp trend --data ../shared/data/epoch_all_ml_systems_2025-08.csv \\\n"
          "    --x 'Publication date' --y 'Training compute (FLOP)' --where 'Publication date>=2012'\n", out);
    cli_print_common_flags(out);
}

/* 1 when the n >= 2 values of y are all the same (NULL: 0). */
static int constant_column(const double *y, size_t n)
{
    if (!y || n < 2) return 0;
    for (size_t i = 1; i < n; i++)
        if (y[i] != y[0]) return 0;
    return 1;
}

int cmd_trend(int argc, char **argv)
{
    fit_cli cli;
    fit_cli_init(&cli);
    cli.columns[0] = '\0';
    ec_fit_options opt = ec_fit_default_options();
    opt.loss = EC_LOSS_LS_LOG;
    opt.form[0] = '\0'; /* trend chooses its form: any --form given is refused below */
    trend_opts to;
    memset(&to, 0, sizeof to);
    cli_optset sets[] = {{&trend_table, &to}, {&fit_cli_table, &cli}, {ec_fit_option_table(), &opt}};
    int help = 0;
    if (cli_parse_options(argc, argv, "trend", sets, 3, &help)) return EXIT_BAD_INPUT;
    if (help) {
        cmd_trend_usage(stdout);
        return EXIT_OK;
    }
    if (opt.form[0]) {
        cli_error("trend: --form is not used: trend fits loglinear-time (effective-compute-time with --algorithmic)");
        return EXIT_BAD_INPUT;
    }
    if (cli.replicates_out[0]) {
        cli_error("trend: --replicates-out is not used here (the bootstrap's growth rates are summarised in the "
                  "output's ci95)");
        return EXIT_BAD_INPUT;
    }
    if (cli.plot[0] && to.algorithmic) {
        cli_error("trend --plot: only for growth trends, not --algorithmic");
        return EXIT_BAD_INPUT;
    }
    int pbad = cli_check_fit_paths("trend", &cli, NULL, NULL);
    if (pbad) return pbad;
    if (to.algorithmic) {
        snprintf(opt.form, sizeof opt.form, "effective-compute-time");
        if (!cli.columns[0]) {
            cli_error("trend --algorithmic: map the columns with --columns 'C=..,date=..,L=..'");
            return EXIT_BAD_INPUT;
        }
    } else {
        snprintf(opt.form, sizeof opt.form, "loglinear-time");
        if (!to.x[0] || !to.y[0]) {
            cli_error("trend: give --x DATECOL and --y COL (see 'effcomp trend --help')");
            return EXIT_BAD_INPUT;
        }
        if (cli.columns[0]) {
            cli_error("trend: use --x and --y instead of --columns");
            return EXIT_BAD_INPUT;
        }
        if (strchr(to.x, '"') || strchr(to.y, '"')) {
            cli_error("trend: column names with double quotes are not supported");
            return EXIT_BAD_INPUT;
        }
        snprintf(cli.columns, sizeof cli.columns, "x=\"%s\",y=\"%s\"", to.x, to.y);
    }
    if (opt.bootstrap == 1) {
        cli_error("trend: --bootstrap needs at least 2 replicates");
        return EXIT_BAD_INPUT;
    }
    size_t rows_read;
    int status;
    ec_dataset *ds = cli_load_dataset(&cli, opt.form, &rows_read, &status);
    if (!ds) return status;
    ec_nlfit_result res;
    ec_boot *boot = NULL;
    ec_error err;
    int rc = ec_nlfit(ds, &opt, &res, &err);
    if (rc == EC_OK && opt.bootstrap > 1) rc = ec_nlfit_bootstrap(ds, &opt, &res, &boot, &err);
    if (rc) {
        cli_error("%s", err.message);
        ec_dataset_free(ds);
        return cli_exit_for(rc);
    }
    int gi = ec_form_param_index(res.form, "g");
    /* Every y the same (a flat series): the exact least-squares fit is g = 0, c = log10 y with zero residuals;
     * report that rather than the solver's rounding residue (g ~ 1e-13, of either sign). */
    int ci_c = ec_form_param_index(res.form, "c");
    int y_constant = !to.algorithmic && ci_c >= 0 && !res.fixed[gi] && !res.fixed[ci_c] &&
                     constant_column(ds->col[EC_ROLE_Y], ds->n);
    if (y_constant) {
        res.params[gi] = 0.0;
        res.params[ci_c] = log10(ds->col[EC_ROLE_Y][0]);
        for (int j = 0; j < res.n_params; j++) {
            res.cov[gi * EC_MAXP + j] = res.cov[j * EC_MAXP + gi] = 0.0;
            res.cov[ci_c * EC_MAXP + j] = res.cov[j * EC_MAXP + ci_c] = 0.0;
        }
        res.se[gi] = res.se[ci_c] = 0.0;
        res.r2 = NAN; /* undefined: y does not vary */
    }
    double g = res.params[gi], se = res.se_available ? res.se[gi] : NAN;
    double g_ci[2];
    if (y_constant) {
        g_ci[0] = g_ci[1] = 0.0; /* every resample of a constant series is constant */
    } else if (boot) {
        g_ci[0] = boot->ci_lo[gi];
        g_ci[1] = boot->ci_hi[gi];
    } else {
        g_ci[0] = g - 1.959963984540054 * se;
        g_ci[1] = g + 1.959963984540054 * se;
    }
    double growth = pow(10.0, g), growth_ci[2] = {pow(10.0, g_ci[0]), pow(10.0, g_ci[1])};
    ec_doubling dt;
    ec_doubling_time(g, g_ci, &dt);
    /* Names of the time for a 2x rise (g > 0) and a 2x fall (g < 0): of y, or (--algorithmic) of the compute
     * needed for a fixed loss, which falls as effective compute rises. */
    const char *up_key = to.algorithmic ? "compute_halving_months" : "doubling_months";
    const char *down_key = to.algorithmic ? "compute_doubling_months" : "halving_months";
    const char *trend_word = dt.significant > 0 ? "growth" : dt.significant < 0 ? "decline" : "not significant";
    if (y_constant) trend_word = "none";
    if (isnan(g_ci[0]) || isnan(g_ci[1])) trend_word = NULL;
    if (cli.output[0] || cli.plot[0]) {
        cJSON *root = cJSON_CreateObject();
        cJSON_AddStringToObject(root, "form", res.form->name);
        cJSON_AddItemToObject(root, "params", cli_json_params(res.form, res.params));
        if (res.se_available) {
            cJSON_AddItemToObject(root, "se", cli_json_params(res.form, res.se));
            /* Covariance of c and g (loglinear-time) for the band of the fitted line. */
            cJSON *cov = cJSON_AddObjectToObject(root, "covariance");
            for (int i = 0; i < res.n_params; i++) {
                if (res.fixed[i]) continue;
                cJSON *row = cJSON_AddObjectToObject(cov, res.form->param_names[i]);
                for (int j = 0; j < res.n_params; j++)
                    if (!res.fixed[j]) cli_json_number(row, res.form->param_names[j], res.cov[i * EC_MAXP + j]);
            }
        }
        cli_json_number(root, "growth_per_year", growth);
        /* The time for the direction of the point estimate; null for the other one (and both when g = 0). */
        cli_json_number(root, up_key, dt.sign > 0 ? dt.months : NAN);
        cli_json_number(root, down_key, dt.sign < 0 ? dt.months : NAN);
        if (to.algorithmic) { /* effective compute doubles (halves) as fast as the compute needed halves (doubles) */
            cli_json_number(root, "doubling_months", dt.sign > 0 ? dt.months : NAN);
            cli_json_number(root, "halving_months", dt.sign < 0 ? dt.months : NAN);
        }
        if (trend_word) cJSON_AddStringToObject(root, "trend", trend_word);
        else cJSON_AddNullToObject(root, "trend");
        if (y_constant) cJSON_AddTrueToObject(root, "y_constant");
        cJSON *ci = cJSON_AddObjectToObject(root, "ci95");
        json_ci(ci, "g", g_ci);
        json_ci(ci, "growth_per_year", growth_ci);
        /* Times consistent with g's interval: null when the interval has no g of that sign. */
        json_ci(ci, up_key, dt.doubling_ci);
        json_ci(ci, down_key, dt.halving_ci);
        cJSON_AddStringToObject(root, "interval_method",
                                y_constant ? "exact (y is constant)"
                                : boot     ? "bootstrap percentile"
                                           : "asymptotic (normal, delta method)");
        cJSON_AddNumberToObject(root, "n_points", (double)res.n_points);
        cli_json_number(root, "r2", res.r2);
        cJSON_AddStringToObject(root, "status", res.status);
        if (boot) cJSON_AddNumberToObject(root, "bootstrap_replicates", (double)boot->replicates);
        cli_json_provenance(root, &cli, ds, rows_read, &opt);
        if (cli.output[0]) status = cli_write_json(cli.output, root);
        if (cli.plot[0] && status == EXIT_OK)
            status = cli_plot_option(cli.output[0] ? NULL : root, cli.output, cli.plot, "", NULL);
        cJSON_Delete(root);
    }
    if (!cli.output[0]) {
        printf("effcomp %s: %s on %s (%zu points)\n", EC_VERSION_STRING,
               to.algorithmic ? "algorithmic progress" : "growth over time", cli.data, res.n_points);
        printf("fit:       %s, %s; %s\n", res.form->name, res.form->formula, res.status);
        printf("           g = %.5g per year", g);
        if (res.se_available) printf(" +/- %.3g (asymptotic SE)", se);
        if (isfinite(res.r2)) printf(", R^2 (log space) %.4f\n", res.r2);
        else printf(", R^2 undefined (%s)\n", y_constant ? "y does not vary" : "not computable");
        char b0[32], b1[32];
        if (to.algorithmic)
            printf("effective compute grows %.4gx per year from algorithms (95%%: %.4g - %.4g)\n", growth, growth_ci[0],
                   growth_ci[1]);
        else
            printf("growth:    %.4gx per year (95%%: %.4g - %.4g)\n", growth, growth_ci[0], growth_ci[1]);
        const char *up = to.algorithmic ? "compute needed for a fixed loss halves" : "doubling: ";
        const char *down = to.algorithmic ? "compute needed for a fixed loss doubles" : "halving:  ";
        if (dt.sign == 0) {
            printf("%s none: g = 0%s\n", to.algorithmic ? "compute needed for a fixed loss:" : "doubling: ",
                   y_constant ? " (y is the same at every date)" : "");
        } else {
            const double *tci = dt.sign > 0 ? dt.doubling_ci : dt.halving_ci;
            printf("%s every %.3g months (95%%: %s - %s)\n", dt.sign > 0 ? up : down, dt.months,
                   fmt_num(b0, sizeof b0, 3, tci[0]), fmt_num(b1, sizeof b1, 3, tci[1]));
        }
        if (trend_word && dt.significant == 0 && !y_constant) {
            printf("trend:     not significant: g's 95%% interval [%.3g, %.3g] contains 0", g_ci[0], g_ci[1]);
            /* The times of the other direction that the interval allows too. */
            if (dt.sign >= 0 && isfinite(dt.halving_ci[0]))
                printf("; it also allows %s every %.3g months or more",
                       to.algorithmic ? "the compute needed doubling" : "y halving", dt.halving_ci[0]);
            if (dt.sign < 0 && isfinite(dt.doubling_ci[0]))
                printf("; it also allows %s every %.3g months or more",
                       to.algorithmic ? "the compute needed halving" : "y doubling", dt.doubling_ci[0]);
            printf("\n");
        }
        printf("intervals: %s\n", y_constant ? "exact (y is constant: every resample is too)"
                                  : boot     ? "bootstrap percentiles"
                                             : "asymptotic (normal approximation for g)");
    }
    if (status == EXIT_OK && !res.converged) {
        cli_error("trend: the fit did not converge (%s); the numbers above are not reliable", res.status);
        status = EXIT_NO_CONVERGE;
    }
    ec_boot_free(boot);
    ec_dataset_free(ds);
    return status;
}
