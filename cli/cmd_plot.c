/* cmd_plot.c — `effcomp plot RESULT.json --kind KIND`: report figures from
 * the JSON any command wrote, drawn by gnuplot through a pipe. The plots/
 * layer writes the script and data; this file reads the JSON (and reloads
 * the data points the JSON names), pipes the figure into gnuplot, and
 * handles everything that can go wrong with an external program: gnuplot
 * missing, gnuplot failing (its own error text is shown), and no partial
 * image left behind (gnuplot draws to a temporary file renamed on success). */
#include <cjson/cJSON.h>
#include <errno.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <libgen.h>
#include <math.h>
#include <signal.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli_util.h"
#include "commands.h"
#include "ec_efficiency.h"
#include "ec_plot.h"
#include "ec_plot_kinds.h"
#include "ec_table.h"
#include "fitcommon.h"

typedef struct plot_cli {
    char kind[32];
    int save_script;
    char output[1024];
    char replicates[1024];
} plot_cli;

static const char *const kinds[] = {"fit", "residuals", "bootstrap", "contour", "frontier",
                                    "isoflop", "multipliers", "trend", NULL};

static int check_kind(const char *value, ec_error *err)
{
    if (ec_choice_index(kinds, value) >= 0) return EC_OK;
    return ec_error_set(err, EC_EINVAL,
                        "unknown plot kind '%s' (kinds: fit, residuals, bootstrap, contour, frontier, isoflop, "
                        "multipliers, trend)",
                        value);
}

#define OFF(field) offsetof(plot_cli, field)
#define SZ(field) sizeof(((plot_cli *)0)->field)
static const ec_option_desc plot_rows[] = {
    {"kind", EC_OPT_STRING, OFF(kind), SZ(kind), 0, 0, NULL, "from the result",
     "fit, residuals, bootstrap, contour, frontier (fit results); isoflop; multipliers (claims); trend", check_kind},
    {"save_script", EC_OPT_INT, OFF(save_script), 0, 0, 1, NULL, "0",
     "1: keep the gnuplot script (.gp) and data (.dat) beside the image", NULL},
    {"output", EC_OPT_STRING, OFF(output), SZ(output), 0, 0, NULL, "RESULT.KIND.png", "image file (alias -o)", NULL},
    {"replicates", EC_OPT_STRING, OFF(replicates), SZ(replicates), 0, 0, NULL, "the fit's",
     "bootstrap replicates CSV for bands (default: the one recorded in the fit JSON)", NULL},
};
#undef OFF
#undef SZ
static const ec_option_table plot_table = {"plot", plot_rows, sizeof plot_rows / sizeof plot_rows[0]};

void cmd_plot_usage(FILE *out)
{
    fputs("usage: effcomp plot RESULT.json [--kind KIND] [--format png|svg|pdf|dumb] [-o FILE] [--save-script 1]\n"
          "\n"
          "Draws a report figure from the JSON a command wrote, through gnuplot (gnuplot-nox).\n"
          "Kinds: fit (points, fitted curve, bootstrap band; solid inside the data, dashed\n"
          "beyond), residuals, bootstrap (parameter histograms), contour (iso-loss contours of\n"
          "a Chinchilla fit over compute and parameters, with the compute-optimal frontier),\n"
          "frontier (N*(C) and D*(C) with bands) — from 'effcomp fit' results; isoflop (from\n"
          "'effcomp isoflop'); multipliers (from 'effcomp claims'); trend (from 'effcomp trend').\n"
          "Data points are reloaded from the input recorded in the JSON. --format dumb draws\n"
          "in the terminal.\n"
          "\nOptions:\n", out);
    cli_print_option_table(out, &plot_table);
    cli_print_option_table(out, ec_plot_option_table());
    fputs("\nIf gnuplot is missing or fails, the message says so (with gnuplot's own error\n"
          "text), the exit status is 1, and no partial image is left.\n"
          "\nExample:\n"
          "  effcomp plot out/chinchilla_fit.json --kind contour -o out/chinchilla_contour.png\n", out);
    cli_print_common_flags(out);
}

/* ---------- JSON helpers ---------- */

static double jnum(const cJSON *o, const char *key)
{
    const cJSON *v = o ? cJSON_GetObjectItemCaseSensitive(o, key) : NULL;
    return cJSON_IsNumber(v) ? v->valuedouble : NAN;
}

static const char *jstr(const cJSON *o, const char *key)
{
    const cJSON *v = o ? cJSON_GetObjectItemCaseSensitive(o, key) : NULL;
    return cJSON_IsString(v) ? v->valuestring : "";
}

/* Reloads the data the result was computed from (path tried as recorded, then beside the JSON). */
static ec_dataset *reload_data(const cJSON *root, const char *json_path, const char *form)
{
    const cJSON *in = cJSON_GetObjectItemCaseSensitive(root, "input");
    if (!cJSON_IsObject(in)) {
        cli_error("%s: no \"input\" recorded, so the data points cannot be reloaded", json_path);
        return NULL;
    }
    fit_cli cli;
    fit_cli_init(&cli);
    snprintf(cli.data, sizeof cli.data, "%s", jstr(in, "path"));
    snprintf(cli.columns, sizeof cli.columns, "%s", jstr(in, "columns"));
    snprintf(cli.where, sizeof cli.where, "%s", jstr(in, "where"));
    double dh = jnum(in, "drop_highest");
    cli.drop_highest = isfinite(dh) ? (int)dh : 0;
    if (access(cli.data, R_OK) != 0 && cli.data[0] != '/') {
        char dir[1024];
        snprintf(dir, sizeof dir, "%s", json_path);
        char *d = dirname(dir);
        char tmp[2100];
        snprintf(tmp, sizeof tmp, "%s/%s", d, cli.data);
        if (access(tmp, R_OK) == 0 && strlen(tmp) < sizeof cli.data) memcpy(cli.data, tmp, strlen(tmp) + 1);
    }
    const char *abs = jstr(in, "absolute_path");
    if (access(cli.data, R_OK) != 0 && abs[0] && access(abs, R_OK) == 0) snprintf(cli.data, sizeof cli.data, "%s", abs);
    size_t rows;
    int status;
    return cli_load_dataset(&cli, form, &rows, &status);
}

/* ---------- rendering ---------- */

/* Pipes the figure into gnuplot; the image goes to a temporary file renamed to `output` on success. */
static int render(ec_plot *(*make)(void *, const ec_plot_options *, const char *), void *arg, const ec_plot_options *po,
                  const char *output_given, int save_script)
{
    /* Through a link to an image the image is replaced, not the link (as for every output). */
    char resolved[1100];
    const char *output = cli_out_target(output_given, resolved, sizeof resolved);
    char tmp_img[1100] = "", errfile[1100];
    const char *tmpdir = getenv("TMPDIR");
    snprintf(errfile, sizeof errfile, "%s/effcomp-gnuplot-XXXXXX", tmpdir && tmpdir[0] ? tmpdir : "/tmp");
    int dumb = po->format == EC_PLOT_DUMB;
    if (!dumb) {
        snprintf(tmp_img, sizeof tmp_img, "%s.tmpXXXXXX", output);
        int fd = mkstemp(tmp_img);
        if (fd < 0) {
            cli_error("cannot write '%s': %s", output, strerror(errno));
            return EXIT_FAILURE_RUN;
        }
        cli_temp_register(tmp_img);
        cli_temp_mode(fd, output); /* the image keeps the permissions of the one it replaces */
        close(fd);
    }
    ec_plot *p = make(arg, po, dumb ? NULL : tmp_img);
    if (!p) {
        if (!dumb) remove(tmp_img);
        cli_temp_forget(tmp_img);
        return EXIT_BAD_INPUT; /* the builder printed why */
    }
    int status = EXIT_OK;
    int efd = mkstemp(errfile);
    if (efd >= 0) {
        close(efd);
        cli_temp_register(errfile);
    }
    char cmd[1200];
    /* The scripts are UTF-8 (Greek letters, the minus sign): gnuplot reads them in a UTF-8
     * locale whatever the user's, or it warns (and a warning counts as a failure below). */
    /* errfile comes from TMPDIR: quoted for the shell, a ' written as '\'' */
    size_t at = (size_t)snprintf(cmd, sizeof cmd, "LC_ALL=C.UTF-8 gnuplot 2>'");
    for (const char *c = efd >= 0 ? errfile : "/dev/null"; *c && at + 6 < sizeof cmd; c++) {
        if (*c == '\'') {
            memcpy(cmd + at, "'\\''", 4);
            at += 4;
        } else {
            cmd[at++] = *c;
        }
    }
    snprintf(cmd + at, sizeof cmd - at, "'");
    fflush(stdout);
    void (*old_pipe)(int) = signal(SIGPIPE, SIG_IGN); /* a missing gnuplot must not kill us mid-write */
    FILE *gp = popen(cmd, "w");
    int rc = -1;
    if (gp) {
        ec_plot_write_inline(p, gp);
        rc = pclose(gp);
    }
    signal(SIGPIPE, old_pipe);
    ec_plot_free(p);
    char gperr[2048] = "";
    if (efd >= 0) {
        FILE *ef = fopen(errfile, "r");
        if (ef) {
            size_t n = fread(gperr, 1, sizeof gperr - 1, ef);
            gperr[n] = '\0';
            fclose(ef);
        }
        remove(errfile);
        cli_temp_forget(errfile);
    }
    int code = rc == -1 ? -1 : (WIFEXITED(rc) ? WEXITSTATUS(rc) : 128);
    struct stat st;
    if (code == 127 || !gp) {
        cli_error("gnuplot not found on PATH: install it (Debian: gnuplot-nox; 'make' does it via "
                  "scripts/install-deps.sh); the numeric results are unaffected");
        status = EXIT_FAILURE_RUN;
    } else if (code != 0 || gperr[0]) {
        /* gnuplot prints warnings and errors on stderr; any of them means the figure is not right. */
        size_t l = strlen(gperr);
        while (l && (gperr[l - 1] == '\n' || gperr[l - 1] == ' ')) gperr[--l] = '\0';
        cli_error("gnuplot failed (exit status %d): %s", code, gperr[0] ? gperr : "(no message)");
        status = EXIT_FAILURE_RUN;
    } else if (!dumb && (stat(tmp_img, &st) != 0 || st.st_size == 0)) {
        cli_error("gnuplot wrote no image for '%s'", output);
        status = EXIT_FAILURE_RUN;
    }
    if (!dumb) {
        if (status == EXIT_OK && rename(tmp_img, output) != 0) {
            cli_error("cannot write '%s': %s", output, strerror(errno));
            status = EXIT_FAILURE_RUN;
        }
        if (status != EXIT_OK) remove(tmp_img);
        else cli_note("wrote %s", output);
        cli_temp_forget(tmp_img);
    }
    if (status == EXIT_OK && save_script && !dumb) {
        /* Saved once the image is drawn, so a failed run leaves earlier scripts alone. The
         * saved script draws to the final name, not the temporary one, and like its .dat
         * files it names it without the folder: it is run from its own folder. */
        const char *slash_out = strrchr(output_given, '/');
        ec_plot *q = make(arg, po, slash_out ? slash_out + 1 : output_given);
        char prefix[1100];
        snprintf(prefix, sizeof prefix, "%s", output_given); /* beside the path given, link or not */
        char *dot = strrchr(prefix, '.'), *slash = strrchr(prefix, '/');
        if (dot && (!slash || dot > slash)) *dot = '\0';
        ec_error err;
        if (!q || ec_plot_save(q, prefix, &err) != EC_OK) {
            cli_error("%s", q ? err.message : "out of memory");
            status = EXIT_FAILURE_RUN;
        } else {
            cli_note("wrote %s.gp and its .dat files", prefix);
        }
        ec_plot_free(q);
    }
    return status;
}

/* ---------- figures from a fit result ---------- */

typedef struct fit_fig {
    const char *kind;
    const char *json_path;
    cJSON *root;
    cli_law lw;
    ec_dataset *ds;
    double *reps;   /* converged replicate parameters */
    size_t nrep;
} fit_fig;

static size_t load_reps(cli_law *lw, const char *path, double **out)
{
    *out = NULL;
    if (!path[0]) return 0;
    ec_error err;
    ec_table *t = ec_table_load_csv(path, &err);
    if (!t) {
        cli_note("no bands: %s", err.message);
        return 0;
    }
    if (lw->expected_reps && t->n_rows != lw->expected_reps) { /* the figure goes on, without a band */
        cli_note("no bands: %s has %zu rows but the fit recorded %zu bootstrap replicates (another fit's file?)",
                 path, t->n_rows, lw->expected_reps);
        ec_table_free(t);
        return 0;
    }
    if (cli_law_check_reps(lw, t, path)) {
        ec_table_free(t);
        return 0;
    }
    size_t k = (size_t)lw->form->n_params, m = 0;
    int cols[EC_MAXP], conv = ec_table_column(t, "converged");
    for (size_t j = 0; j < k; j++)
        if ((cols[j] = ec_table_column(t, lw->form->param_names[j])) < 0) {
            cli_note("no bands: %s has no column '%s'", path, lw->form->param_names[j]);
            ec_table_free(t);
            return 0;
        }
    double *p = malloc(sizeof(double) * t->n_rows * k);
    for (size_t r = 0; p && r < t->n_rows; r++) {
        const double *row = t->values + r * t->n_cols;
        if (conv >= 0 && row[conv] != 1.0) continue;
        for (size_t j = 0; j < k; j++) p[m * k + j] = row[cols[j]];
        m++;
    }
    ec_table_free(t);
    *out = p;
    return p ? m : 0;
}

/* 95% band of f(params, x) over the replicates at one x. */
typedef double (*eval_fn)(const ec_form *f, const double *p, double x);

static void band_at(const fit_fig *ff, eval_fn fn, double x, double *work, double *lo, double *hi)
{
    size_t k = (size_t)ff->lw.form->n_params, m = 0;
    for (size_t r = 0; r < ff->nrep; r++) {
        double y = fn(ff->lw.form, ff->reps + r * k, x);
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

static double eval_curve(const ec_form *f, const double *p, double x)
{
    return strcmp(f->name, "chinchilla") == 0 ? ec_reference_curve(f, p, x) : f->eval(p, &x, NULL);
}

/* N* (which = 0) or D* (which = 1) of the compute-optimal allocation at C. */
static double optimal_part(const double *p, double C, int which)
{
    ec_chin_law c = ec_chin_law_from(p);
    double ND[2];
    ec_optimal_allocation(&c, C, &ND[0], &ND[1]);
    return ND[which];
}

static double eval_Nstar(const ec_form *f, const double *p, double C)
{
    (void)f;
    return optimal_part(p, C, 0);
}

static double eval_Dstar(const ec_form *f, const double *p, double C)
{
    (void)f;
    return optimal_part(p, C, 1);
}

static const double *col_of(const ec_dataset *ds, ec_role r)
{
    if (ds->col[r]) return ds->col[r];
    if (r == EC_ROLE_X) return ds->col[EC_ROLE_C];
    if (r == EC_ROLE_Y) return ds->col[EC_ROLE_L];
    return NULL;
}

static int span_decades(const double *v, size_t n, double *lo, double *hi)
{
    *lo = INFINITY;
    *hi = -INFINITY;
    for (size_t i = 0; i < n; i++)
        if (isfinite(v[i])) {
            *lo = fmin(*lo, v[i]);
            *hi = fmax(*hi, v[i]);
        }
    return *lo > 0 && *hi / *lo > 30.0;
}

static const char *axis_label(ec_role r, const char *form)
{
    switch (r) {
    case EC_ROLE_C: return "training compute C (FLOP)";
    case EC_ROLE_N: return "parameters N";
    case EC_ROLE_D: return "training tokens D";
    case EC_ROLE_L: return "loss";
    case EC_ROLE_DATE: return "date (year)";
    case EC_ROLE_X: return strcmp(form, "loglinear-time") == 0 ? "date (year)" : "x";
    default: return "y";
    }
}

static ec_plot *make_fit_figure(void *arg, const ec_plot_options *po, const char *out)
{
    fit_fig *ff = arg;
    const ec_form *f = ff->lw.form;
    ec_plot *p = ec_plot_new(po, out);
    if (!p) {
        cli_error("out of memory");
        return NULL;
    }
    const ec_dataset *ds = ff->ds;
    int chin = strcmp(f->name, "chinchilla") == 0;
    int rc = EC_OK;
    char title[300], label[600];
    size_t used = 0;
    label[0] = '\0';
    for (int j = 0; j < f->n_params && used < sizeof label; j++)
        used += (size_t)snprintf(label + used, sizeof label - used, "%s%s = %.4g", j ? "\n" : "", f->param_names[j],
                                 ff->lw.p[j]);
    if (strcmp(ff->kind, "bootstrap") == 0) {
        if (!ff->nrep) {
            cli_error("bootstrap plot: no replicates (fit with --bootstrap R --replicates-out FILE)");
            ec_plot_free(p);
            return NULL;
        }
        snprintf(title, sizeof title, "Bootstrap distributions (%zu replicates), %s fit", ff->nrep, f->name);
        rc = ec_plot_bootstrap(p, title, (size_t)f->n_params, f->param_names, ff->nrep, ff->reps, ff->lw.p);
    } else if (strcmp(ff->kind, "contour") == 0 || strcmp(ff->kind, "frontier") == 0) {
        if (!chin) {
            cli_error("%s plot: needs a chinchilla fit (got %s)", ff->kind, f->name);
            ec_plot_free(p);
            return NULL;
        }
        double Cmin, Cmax, Nmin, Nmax;
        span_decades(ds->col[EC_ROLE_C], ds->n, &Cmin, &Cmax);
        span_decades(ds->col[EC_ROLE_N], ds->n, &Nmin, &Nmax);
        if (strcmp(ff->kind, "contour") == 0) {
            snprintf(title, sizeof title, "Iso-loss contours of the fitted law, with the compute-optimal frontier");
            rc = ec_plot_contour(p, title, ff->lw.p, ds->n, ds->col[EC_ROLE_C], ds->col[EC_ROLE_N], Cmin / 10,
                                 Cmax * 1000, Nmin / 10, Nmax * 100);
        } else {
            enum { K = 60 };
            double C[K], N[K], D[K], Nl[K], Nh[K], Dl[K], Dh[K];
            double *work = ff->nrep ? malloc(sizeof(double) * ff->nrep) : NULL;
            for (int i = 0; i < K; i++) {
                C[i] = pow(10.0, log10(Cmin) - 1 + (log10(Cmax) + 4 - log10(Cmin) + 1) * i / (K - 1));
                N[i] = eval_Nstar(f, ff->lw.p, C[i]);
                D[i] = eval_Dstar(f, ff->lw.p, C[i]);
                Nl[i] = Nh[i] = Dl[i] = Dh[i] = NAN;
                if (work) {
                    band_at(ff, eval_Nstar, C[i], work, &Nl[i], &Nh[i]);
                    band_at(ff, eval_Dstar, C[i], work, &Dl[i], &Dh[i]);
                }
            }
            free(work);
            ec_plot_curve Nc = {K, C, N, ff->nrep ? Nl : NULL, ff->nrep ? Nh : NULL};
            ec_plot_curve Dc = {K, C, D, ff->nrep ? Dl : NULL, ff->nrep ? Dh : NULL};
            snprintf(title, sizeof title, "Compute-optimal allocation under C = 6ND%s",
                     ff->nrep ? " (95% bootstrap bands)" : "");
            rc = ec_plot_frontier(p, title, &Nc, &Dc);
        }
    } else {
        /* fit and residuals: x is the form's variable, or compute for two-variable laws. */
        ec_role xr = f->n_vars == 1 ? f->var_roles[0] : EC_ROLE_C;
        const double *xs = col_of(ds, xr), *ys = col_of(ds, f->y_role);
        if (!xs || !ys) {
            cli_error("%s plot: the reloaded data lacks the %s or %s column", ff->kind, ec_role_name(xr),
                      ec_role_name(f->y_role));
            ec_plot_free(p);
            return NULL;
        }
        double xmin, xmax, ymin, ymax;
        int logx = span_decades(xs, ds->n, &xmin, &xmax);
        int logy = span_decades(ys, ds->n, &ymin, &ymax);
        if (strcmp(ff->kind, "residuals") == 0) {
            int logspace = strcmp(jstr(ff->root, "fit_space"), "linear") != 0;
            double *r = malloc(sizeof(double) * ds->n);
            for (size_t i = 0; r && i < ds->n; i++) {
                double x[EC_FORM_MAX_VARS];
                for (int v = 0; v < f->n_vars; v++) x[v] = col_of(ds, f->var_roles[v])[i];
                double yh = f->eval(ff->lw.p, x, NULL);
                r[i] = logspace ? log(yh / ys[i]) : yh - ys[i];
            }
            snprintf(title, sizeof title, "Residuals of the %s fit (%s)", f->name,
                     logspace ? "log predicted / observed" : "predicted - observed");
            rc = r ? ec_plot_residuals(p, title, axis_label(xr, f->name), logspace ? "log(predicted / observed)" : "predicted - observed",
                                       ds->n, xs, r, logx)
                   : EC_ENOMEM;
            free(r);
        } else {
            if (f->n_vars != 1 && !chin) {
                cli_error("fit plot: not available for the %s form (two variables); use --kind residuals", f->name);
                ec_plot_free(p);
                return NULL;
            }
            enum { K = 200 };
            double cx[K], cy[K], lo[K], hi[K];
            double a = logx ? log10(xmin) : xmin, b = logx ? log10(xmax) : xmax;
            double ext = logx ? 2.0 : 0.15 * (b - a); /* two decades (or 15%) beyond the data */
            double *work = ff->nrep ? malloc(sizeof(double) * ff->nrep) : NULL;
            for (int i = 0; i < K; i++) {
                double t = (a - (logx ? 0.5 : 0.05 * (b - a))) + (b - a + ext + (logx ? 0.5 : 0.05 * (b - a))) * i / (K - 1);
                cx[i] = logx ? pow(10.0, t) : t;
                cy[i] = eval_curve(f, ff->lw.p, cx[i]);
                lo[i] = hi[i] = NAN;
                if (work) band_at(ff, eval_curve, cx[i], work, &lo[i], &hi[i]);
            }
            free(work);
            ec_plot_curve c = {K, cx, cy, ff->nrep ? lo : NULL, ff->nrep ? hi : NULL};
            if (chin)
                snprintf(title, sizeof title, "Chinchilla fit: loss at the compute-optimal allocation%s",
                         ff->nrep ? " (95% bootstrap band)" : "");
            else
                snprintf(title, sizeof title, "%s fit: %s%s", f->name, f->formula, ff->nrep ? " (95% bootstrap band)" : "");
            rc = ec_plot_fit(p, title, axis_label(xr, f->name), chin ? "loss" : axis_label(f->y_role, f->name), ds->n, xs,
                             ys, &c, xmin, xmax, logx, logy && !chin, label);
        }
    }
    if (rc) {
        cli_error("%s plot: %s", ff->kind, rc == EC_ENOMEM ? "out of memory" : "nothing to draw (no finite point)");
        ec_plot_free(p);
        return NULL;
    }
    return p;
}

/* ---------- isoflop, multipliers, trend ---------- */

typedef struct other_fig {
    const char *kind;
    cJSON *root;
    ec_dataset *ds;
} other_fig;

static ec_plot *make_other_figure(void *arg, const ec_plot_options *po, const char *out)
{
    other_fig *of = arg;
    ec_plot *p = ec_plot_new(po, out);
    if (!p) {
        cli_error("out of memory");
        return NULL;
    }
    int rc = EC_EINVAL;
    if (strcmp(of->kind, "isoflop") == 0) {
        const cJSON *bs = cJSON_GetObjectItemCaseSensitive(of->root, "budgets");
        int tokens = strcmp(jstr(of->root, "x"), "parameters") != 0;
        size_t nb = (size_t)cJSON_GetArraySize(bs);
        ec_plot_budget *b = calloc(nb ? nb : 1, sizeof *b);
        size_t k = 0;
        const cJSON *it;
        cJSON_ArrayForEach(it, bs)
        {
            double xo = jnum(it, tokens ? "D" : "N"), c = jnum(it, "curvature"), L = jnum(it, "loss");
            const cJSON *xr = cJSON_GetObjectItemCaseSensitive(it, "x_range");
            double u = log10(xo);
            b[k].compute = jnum(it, "compute");
            b[k].c = c;
            b[k].b = -2 * c * u;
            b[k].a = L + c * u * u;
            b[k].umin = cJSON_GetArraySize(xr) == 2 ? log10(cJSON_GetArrayItem(xr, 0)->valuedouble) : u - 0.5;
            b[k].umax = cJSON_GetArraySize(xr) == 2 ? log10(cJSON_GetArrayItem(xr, 1)->valuedouble) : u + 0.5;
            b[k].x_opt = xo;
            b[k].loss_opt = L;
            k++;
        }
        const cJSON *fr = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(of->root, "frontier"),
                                                          tokens ? "D" : "N");
        const ec_dataset *ds = of->ds;
        const double *x = tokens ? ds->col[EC_ROLE_D] : ds->col[EC_ROLE_N];
        if (b && x)
            rc = ec_plot_isoflop(p, "isoFLOP profiles and the compute-optimal frontier",
                                 tokens ? "training tokens" : "parameters", k, b, ds->n, ds->col[EC_ROLE_C], x,
                                 ds->col[EC_ROLE_L], jnum(fr, "coefficient"), jnum(fr, "exponent"));
        free(b);
    } else if (strcmp(of->kind, "multipliers") == 0) {
        const cJSON *ms = cJSON_GetObjectItemCaseSensitive(of->root, "models");
        size_t n = (size_t)cJSON_GetArraySize(ms);
        const char **names = calloc(n ? n : 1, sizeof *names);
        double *fac = calloc(n ? n : 1, sizeof *fac), *lo = calloc(n ? n : 1, sizeof *lo), *hi = calloc(n ? n : 1, sizeof *hi);
        size_t k = 0;
        const cJSON *it;
        if (names && fac && lo && hi) {
            cJSON_ArrayForEach(it, ms)
            {
                const cJSON *ci = cJSON_GetObjectItemCaseSensitive(it, "ci95");
                names[k] = it->string;
                fac[k] = jnum(it, "factor");
                lo[k] = cJSON_GetArraySize(ci) == 2 ? cJSON_GetArrayItem(ci, 0)->valuedouble : NAN;
                hi[k] = cJSON_GetArraySize(ci) == 2 ? cJSON_GetArrayItem(ci, 1)->valuedouble : NAN;
                k++;
            }
            rc = ec_plot_multipliers(p, "Efficiency factors from the claims ledger (95% intervals)", k, names, fac, lo, hi,
                                     jstr(of->root, "reference"));
        }
        free(names);
        free(fac);
        free(lo);
        free(hi);
    } else { /* trend */
        const cJSON *pr = cJSON_GetObjectItemCaseSensitive(of->root, "params");
        const cJSON *cov = cJSON_GetObjectItemCaseSensitive(of->root, "covariance");
        double c = jnum(pr, "c"), g = jnum(pr, "g"), y0 = jnum(pr, "y0");
        const cJSON *cc = cJSON_GetObjectItemCaseSensitive(cov, "c");
        double vcc = jnum(cc, "c"), vgg = jnum(cJSON_GetObjectItemCaseSensitive(cov, "g"), "g"), vcg = jnum(cc, "g");
        const ec_dataset *ds = of->ds;
        const double *t = ds->col[EC_ROLE_X], *y = ds->col[EC_ROLE_Y];
        if (!isfinite(c) || !t || !y) {
            cli_error("trend plot: needs the JSON of 'effcomp trend' (not --algorithmic)");
            ec_plot_free(p);
            return NULL;
        }
        double tmin, tmax;
        span_decades(t, ds->n, &tmin, &tmax);
        enum { K = 100 };
        double tx[K], ty[K], lo[K], hi[K];
        for (int i = 0; i < K; i++) {
            tx[i] = tmin + (tmax - tmin) * i / (K - 1);
            double d = tx[i] - y0, sd = sqrt(vcc + d * d * vgg + 2 * d * vcg);
            ty[i] = pow(10.0, c + g * d);
            lo[i] = isfinite(sd) ? pow(10.0, c + g * d - 1.959963984540054 * sd) : NAN;
            hi[i] = isfinite(sd) ? pow(10.0, c + g * d + 1.959963984540054 * sd) : NAN;
        }
        ec_plot_curve line = {K, tx, ty, lo, hi};
        char label[200];
        double up = jnum(of->root, "doubling_months"), down = jnum(of->root, "halving_months");
        const char *sig = jstr(of->root, "trend");
        int n = isfinite(up) ? snprintf(label, sizeof label, "%.3gx per year, doubling every %.3g months",
                                        jnum(of->root, "growth_per_year"), up)
                : isfinite(down) ? snprintf(label, sizeof label, "%.3gx per year, halving every %.3g months",
                                            jnum(of->root, "growth_per_year"), down)
                                 : snprintf(label, sizeof label, "%.3gx per year, no change",
                                            jnum(of->root, "growth_per_year"));
        if (sig && strcmp(sig, "not significant") == 0 && n > 0 && (size_t)n < sizeof label)
            snprintf(label + n, sizeof label - (size_t)n, " (not significant)");
        const cJSON *in = cJSON_GetObjectItemCaseSensitive(of->root, "input");
        const char *cols = jstr(in, "columns");
        char ylabel[300] = "y";
        const char *yq = strstr(cols, "y=\"");
        if (yq) {
            snprintf(ylabel, sizeof ylabel, "%s", yq + 3);
            char *q = strchr(ylabel, '"');
            if (q) *q = '\0';
        }
        rc = ec_plot_trend(p, "Growth over time (fit with 95% band)", ylabel, ds->n, t, y, &line, label);
    }
    if (rc) {
        cli_error("%s plot: %s", of->kind, rc == EC_ENOMEM ? "out of memory" : "nothing to draw (unusable result)");
        ec_plot_free(p);
        return NULL;
    }
    return p;
}

/* ---------- the command ---------- */

static const char *default_kind(const cJSON *root)
{
    if (cJSON_GetObjectItemCaseSensitive(root, "budgets")) return "isoflop";
    if (cJSON_GetObjectItemCaseSensitive(root, "models")) return "multipliers";
    if (cJSON_GetObjectItemCaseSensitive(root, "growth_per_year")) return "trend";
    /* A fit: the law against its variable, or, for a two-variable form other than chinchilla
     * (no single axis to draw the law on), its residuals. */
    const cJSON *form = cJSON_GetObjectItemCaseSensitive(root, "form");
    const ec_form *f = cJSON_IsString(form) ? ec_form_find(form->valuestring) : NULL;
    if (f && f->n_vars > 1 && strcmp(f->name, "chinchilla") != 0) return "residuals";
    return "fit";
}

int cli_plot_result(const char *json_path, const char *kind_in, const ec_plot_options *po, const char *output_in,
                    int save_script, const char *replicates)
{
    cJSON *root = cli_read_json(json_path);
    if (!root) return EXIT_BAD_INPUT;
    const char *kind = kind_in && kind_in[0] ? kind_in : default_kind(root);
    char output[1100];
    if (output_in && output_in[0]) {
        snprintf(output, sizeof output, "%s", output_in);
    } else {
        snprintf(output, sizeof output, "%s", json_path);
        char *dot = strrchr(output, '.'), *slash = strrchr(output, '/');
        if (dot && (!slash || dot > slash)) *dot = '\0';
        size_t l = strlen(output);
        snprintf(output + l, sizeof output - l, ".%s.%s", kind, ec_plot_extension(po->format));
    }
    int status;
    int is_fit_kind = strcmp(kind, "fit") == 0 || strcmp(kind, "residuals") == 0 || strcmp(kind, "bootstrap") == 0 ||
                      strcmp(kind, "contour") == 0 || strcmp(kind, "frontier") == 0;
    if (is_fit_kind && cJSON_GetObjectItemCaseSensitive(root, "backtest")) {
        cli_error("%s: backtest results have no figure yet; plot the fit of all the points instead", json_path);
        cJSON_Delete(root);
        return EXIT_BAD_INPUT;
    }
    if (is_fit_kind) {
        fit_fig ff;
        memset(&ff, 0, sizeof ff);
        ff.kind = kind;
        ff.json_path = json_path;
        ff.root = root;
        char reps_path[1024];
        snprintf(reps_path, sizeof reps_path, "%s", replicates ? replicates : "");
        if (!cJSON_GetObjectItemCaseSensitive(root, "formula") || cli_law_load_json(json_path, &ff.lw, reps_path, sizeof reps_path)) {
            if (!cJSON_GetObjectItemCaseSensitive(root, "formula"))
                cli_error("%s: the %s kind needs the JSON of 'effcomp fit'", json_path, kind);
            cJSON_Delete(root);
            return EXIT_BAD_INPUT;
        }
        ff.ds = strcmp(kind, "bootstrap") == 0 ? NULL : reload_data(root, json_path, ff.lw.form->name);
        if (!ff.ds && strcmp(kind, "bootstrap") != 0) {
            cJSON_Delete(root);
            return EXIT_BAD_INPUT;
        }
        ff.nrep = load_reps(&ff.lw, reps_path, &ff.reps);
        status = render(make_fit_figure, &ff, po, output, save_script);
        free(ff.reps);
        ec_dataset_free(ff.ds);
    } else {
        other_fig of = {kind, root, NULL};
        int need_data = strcmp(kind, "multipliers") != 0;
        const char *want = strcmp(kind, "isoflop") == 0 ? "budgets" : strcmp(kind, "trend") == 0 ? "growth_per_year" : "models";
        if (!cJSON_GetObjectItemCaseSensitive(root, want)) {
            cli_error("%s: the %s kind needs the JSON of 'effcomp %s'", json_path, kind,
                      strcmp(kind, "multipliers") == 0 ? "claims" : kind);
            cJSON_Delete(root);
            return EXIT_BAD_INPUT;
        }
        if (need_data && !(of.ds = reload_data(root, json_path, strcmp(kind, "trend") == 0 ? "loglinear-time" : NULL))) {
            cJSON_Delete(root);
            return EXIT_BAD_INPUT;
        }
        status = render(make_other_figure, &of, po, output, save_script);
        ec_dataset_free(of.ds);
    }
    cJSON_Delete(root);
    return status;
}

/* Image format from a file name's extension (png, svg, pdf); prints an error and returns -1. */
static int plot_format_of(const char *path, const char *what)
{
    const char *dot = strrchr(path, '.'), *slash = strrchr(path, '/');
    int fmt = dot && (!slash || dot > slash) ? ec_choice_index((const char *const[]){"png", "svg", "pdf", NULL}, dot + 1)
                                            : -1;
    if (fmt < 0) cli_error("%s: '%s' should end in .png, .svg or .pdf", what, path);
    return fmt;
}

int cmd_plot(int argc, char **argv)
{
    plot_cli pc;
    memset(&pc, 0, sizeof pc);
    ec_plot_options po = ec_plot_default_options();
    const char *json = NULL;
    /* -q may come before the result file too. */
    while (argc > 0 && (strcmp(argv[0], "-q") == 0 || strcmp(argv[0], "--quiet") == 0)) {
        cli_quiet = 1;
        argc--;
        argv++;
    }
    if (argc > 0 && argv[0][0] != '-') {
        json = argv[0];
        argc--;
        argv++;
    }
    cli_optset sets[] = {{&plot_table, &pc}, {ec_plot_option_table(), &po}};
    int help = 0;
    po.format = -1; /* not given: from -o's extension, else png */
    if (cli_parse_options(argc, argv, "plot", sets, 2, &help)) return EXIT_BAD_INPUT;
    int format_given = po.format >= 0;
    if (!format_given) po.format = EC_PLOT_PNG;
    if (help) {
        cmd_plot_usage(stdout);
        return EXIT_OK;
    }
    if (!json) {
        cli_error("plot: give the RESULT.json to draw first (see 'effcomp plot --help')");
        return EXIT_BAD_INPUT;
    }
    {
        const cli_path in[2] = {{"the result JSON", json}, {"--replicates", pc.replicates}};
        const cli_path out[1] = {{"--output", pc.output}};
        if (cli_check_paths("plot", in, 2, out, 1)) return EXIT_BAD_INPUT;
    }
    if (pc.output[0] && po.format == EC_PLOT_DUMB) {
        cli_error("plot: --format dumb draws in the terminal, so -o is not used; drop -o, or redirect: "
                  "effcomp plot RESULT.json --format dumb > FILE.txt");
        return EXIT_BAD_INPUT;
    }
    if (pc.output[0]) {
        /* The image's extension names its format; a --format given must agree with it. */
        int ext = plot_format_of(pc.output, "plot");
        if (ext < 0) return EXIT_BAD_INPUT;
        if (format_given && po.format != ext) {
            cli_error("plot: --format %s does not match the extension of '%s'", ec_plot_extension(po.format), pc.output);
            return EXIT_BAD_INPUT;
        }
        po.format = ext;
    }
    return cli_plot_result(json, pc.kind, &po, pc.output, pc.save_script, pc.replicates);
}

int cli_plot_check(const char *plot_path)
{
    if (!plot_path || !plot_path[0]) return EXIT_OK;
    if (plot_format_of(plot_path, "--plot") < 0) return EXIT_BAD_INPUT;
    char dir[1100];
    const char *slash = strrchr(plot_path, '/');
    if (!slash) snprintf(dir, sizeof dir, ".");
    else snprintf(dir, sizeof dir, "%.*s", slash == plot_path ? 1 : (int)(slash - plot_path), plot_path);
    if (access(dir, W_OK) != 0) {
        cli_error("--plot: cannot write '%s': %s (folder '%s')", plot_path, strerror(errno), dir);
        return EXIT_FAILURE_RUN;
    }
    return EXIT_OK;
}

int cli_plot_option(cJSON *root, const char *json_path, const char *plot_path, const char *kind,
                    const char *replicates)
{
    ec_plot_options po = ec_plot_default_options();
    int fmt = plot_format_of(plot_path, "--plot");
    if (fmt < 0) return EXIT_BAD_INPUT;
    po.format = fmt;
    if (json_path && json_path[0]) return cli_plot_result(json_path, kind, &po, plot_path, 0, replicates);
    /* No -o: the figure is drawn from a temporary copy of the JSON. */
    char tmp[1100];
    snprintf(tmp, sizeof tmp, "%s.json.tmpXXXXXX", plot_path);
    int fd = mkstemp(tmp);
    if (fd >= 0) cli_temp_register(tmp);
    char *text = cJSON_Print(root);
    FILE *fp = fd >= 0 ? fdopen(fd, "w") : NULL;
    int bad = !fp || !text || fputs(text, fp) == EOF;
    if (fp && fclose(fp) != 0) bad = 1;
    else if (!fp && fd >= 0) close(fd);
    cJSON_free(text);
    if (bad) {
        cli_error("--plot: cannot write a temporary file beside '%s': %s", plot_path, strerror(errno));
        if (fd >= 0) remove(tmp);
        cli_temp_forget(tmp);
        return EXIT_FAILURE_RUN;
    }
    int status = cli_plot_result(tmp, kind, &po, plot_path, 0, replicates);
    remove(tmp);
    cli_temp_forget(tmp);
    return status;
}
