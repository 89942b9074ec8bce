/* cmd_predict.c — `effcomp predict`: its usage and its CSV (from the
 * result in memory, or from a saved result's JSON for `effcomp report`). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cli_args.h"
#include "commands.h"
#include "ec_data.h"
#include "ec_steps.h"
#include "ec_version.h"

void cmd_predict_usage(FILE *out)
{
    fputs("usage: effcomp predict (--fit FIT.json | --form F --params 'k=v,...')\n"
          "                       (--at SPEC ... | --data FILE [--columns MAP]) [-o FILE.csv]\n"
          "\n"
          "Evaluates a fitted law. With bootstrap replicates (fit --bootstrap R\n"
          "--replicates-out FILE), adds the 2.5% and 97.5% percentiles of the replicate\n"
          "predictions at every point; without replicates, a fit's covariance gives a 95%\n"
          "band by the delta method (the header comment says which). With --data, also\n"
          "prints the observed y and the log ratio log(y_hat/y) when the file has the form's\n"
          "y column.\n"
          "\nOptions:\n", out);
    cli_print_option_table(out, ec_predict_option_table());
    fputs("  --data, --columns, --where, --drop-highest, --skip-short-rows: as for 'effcomp fit'\n"
          "  --output, -o FILE  write the CSV here instead of stdout\n"
          "  --replicates-out, --plot  not taken here (exit status 2): predict reads replicates with --replicates\n"
          "                     and draws no figure\n"
          "\nExample:\n"
          "  effcomp predict --fit out/chinchilla_fit.json --at 'N=70e9,D=1.4e12' --at 'N=1e13,D=2e14'\n", out);
    cli_print_common_flags(out);
}

/* The CSV's header lines. */
static void header(FILE *fp, const ec_form *f, const char *band, size_t reps, int has_band, int has_y)
{
    fprintf(fp, "# effcomp %s predict: %s, %s\n", EC_VERSION_STRING, f->name, f->formula);
    if (has_band) {
        if (reps) fprintf(fp, "# band: 95%% %s (%zu replicates)\n", band, reps);
        else fprintf(fp, "# band: 95%% %s (the fit's covariance)\n", band);
    }
    for (int v = 0; v < f->n_vars; v++) fprintf(fp, "%s%s", v ? "," : "", ec_role_name(f->var_roles[v]));
    fprintf(fp, ",%s_hat", ec_role_name(f->y_role));
    if (has_band) fputs(",lo95,hi95", fp);
    if (has_y) fprintf(fp, ",%s,log_ratio", ec_role_name(f->y_role));
    fputc('\n', fp);
}

static void row(FILE *fp, const ec_form *f, const double *x, double yh, int has_band, double lo, double hi, int has_y,
                double y)
{
    for (int v = 0; v < f->n_vars; v++) fprintf(fp, "%s%.10g", v ? "," : "", x[v]);
    fprintf(fp, ",%.10g", yh);
    if (has_band) fprintf(fp, ",%.10g,%.10g", lo, hi);
    if (has_y) fprintf(fp, ",%.10g,%.6g", y, yh > 0 && y > 0 ? log(yh / y) : NAN);
    fputc('\n', fp);
}

int cmd_predict_write(FILE *fp, const ec_result *r)
{
    const ec_predict_output *po = ec_result_predict(r);
    const ec_predict_result *p = &po->r;
    const ec_form *f = p->form;
    int has_band = p->band.method != EC_BAND_NONE;
    header(fp, f, ec_band_method_name(p->band.method), p->band.replicates, has_band, p->y_obs != NULL);
    for (size_t i = 0; i < p->n; i++)
        row(fp, f, p->x + i * (size_t)f->n_vars, p->y_hat[i], has_band, p->lo[i], p->hi[i], p->y_obs != NULL,
            p->y_obs ? p->y_obs[i] : NAN);
    return EXIT_OK;
}

void cmd_predict_report(FILE *fp, const cJSON *root)
{
    const ec_form *f = ec_form_find(cli_jstr(root, "form"));
    if (!f) return;
    const char *band = cli_jstr(root, "band_method");
    int has_band = band[0] && strcmp(band, "none") != 0;
    const cJSON *pts = cli_jobj(root, "points");
    const cJSON *first = cJSON_GetArrayItem(pts, 0);
    const char *yname = ec_role_name(f->y_role);
    int has_y = first && cli_jobj(first, yname) != NULL;
    header(fp, f, band, (size_t)(cli_jnum(root, "replicates") > 0 ? cli_jnum(root, "replicates") : 0), has_band, has_y);
    char key[32];
    snprintf(key, sizeof key, "%s_hat", yname);
    const cJSON *it;
    cJSON_ArrayForEach(it, pts)
    {
        double x[EC_FORM_MAX_VARS], ci[2];
        for (int v = 0; v < f->n_vars; v++) x[v] = cli_jnum(it, ec_role_name(f->var_roles[v]));
        cli_jci(it, "ci95", ci);
        row(fp, f, x, cli_jnum(it, key), has_band, ci[0], ci[1], has_y, cli_jnum(it, yname));
    }
}
