/* ec_data.c — the "input" option group and dataset loading (see ec_data.h). */
#include "ec_data.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ec_form.h"

#define OFF(field) offsetof(ec_data_options, field)
#define SZ(field) sizeof(((ec_data_options *)0)->field)
static const char *const where_sep[] = {";", NULL};
static const ec_option_desc data_rows[] = {
    {"data", EC_OPT_STRING, OFF(data), SZ(data), 0, 0, NULL, "", "CSV file of points (required)", NULL, EC_OPT_PATH_IN},
    {"columns", EC_OPT_STRING, OFF(columns), SZ(columns), 0, 0, NULL, "N=N,D=D,L=L",
     "roles to CSV headers, e.g. 'N=Model Size,C=Training FLOP,L=loss' (roles: N D C L date weight x y name)", NULL, 0},
    {"drop_highest", EC_OPT_INT, OFF(drop_highest), 0, 0, 1e9, NULL, "0",
     "drop the K highest-loss points (Epoch drops 5)", NULL, 0},
    {"where", EC_OPT_LIST, OFF(where), SZ(where), 0, 0, where_sep, "",
     "keep rows where COL=V, COL!=V, COL<V, COL<=V, COL>V, COL>=V or COL!= (not empty); repeatable, dates as YYYY[-MM[-DD]]",
     NULL, 0},
    {"skip_short_rows", EC_OPT_INT, OFF(skip_short_rows), 0, 0, 1, NULL, "0",
     "1: skip rows with fewer fields than the header that lack a used cell (0: refuse the file, naming the line)",
     NULL, 0},
    {"output", EC_OPT_STRING, OFF(output), SZ(output), 0, 0, NULL, "", "write JSON here (alias -o); else a report on stdout",
     NULL, EC_OPT_PATH_OUT},
    {"replicates_out", EC_OPT_STRING, OFF(replicates_out), SZ(replicates_out), 0, 0, NULL, "",
     "write the bootstrap replicates' parameters to this CSV", NULL, EC_OPT_PATH_OUT},
    {"plot", EC_OPT_STRING, OFF(plot), SZ(plot), 0, 0, NULL, "",
     "also draw the result's figure to this .png, .svg or .pdf, checked before the work (see 'effcomp plot')", NULL,
     EC_OPT_PATH_OUT},
};
#undef OFF
#undef SZ
static const ec_option_table data_table = {"input", data_rows, sizeof data_rows / sizeof data_rows[0]};

const ec_option_table *ec_data_option_table(void)
{
    return &data_table;
}

void ec_data_options_init(ec_data_options *o, const char *default_columns)
{
    memset(o, 0, sizeof *o);
    snprintf(o->columns, sizeof o->columns, "%s", default_columns ? default_columns : "N=N,D=D,L=L");
}

/* Splits the ';'-joined --where list into filters. */
static int parse_where(const char *where, ec_filter_list *list, ec_error *err)
{
    if (!where[0]) return EC_OK;
    size_t len = strlen(where);
    char *buf = malloc(len + 1);
    if (!buf) return ec_error_set(err, EC_ENOMEM, "out of memory");
    memcpy(buf, where, len + 1);
    int rc = EC_OK;
    for (char *save = NULL, *tok = strtok_r(buf, ";", &save); tok && rc == EC_OK; tok = strtok_r(NULL, ";", &save))
        rc = ec_filter_parse(list, tok, err);
    free(buf);
    return rc;
}

ec_dataset *ec_data_load(const ec_data_options *o, const char *form, size_t *rows_read, ec_error *err)
{
    if (!o->data[0]) {
        ec_error_set(err, EC_EINVAL, "--data FILE is required");
        return NULL;
    }
    ec_column_map map = {{0}};
    ec_error e;
    if (ec_column_map_parse(&map, o->columns, &e) != EC_OK) {
        ec_error_set(err, e.code, "--columns: %s", e.message);
        return NULL;
    }
    ec_filter_list filters = {0};
    if (parse_where(o->where, &filters, err)) {
        ec_column_map_clear(&map);
        ec_filter_list_clear(&filters);
        return NULL;
    }
    ec_dataset_load_options lo = ec_dataset_load_default_options();
    lo.filters = &filters;
    lo.skip_short_rows = o->skip_short_rows;
    ec_dataset *ds = ec_dataset_load_csv_opts(o->data, &map, &lo, err);
    ec_column_map_clear(&map);
    ec_filter_list_clear(&filters);
    if (!ds) return NULL;
    *rows_read = ds->n;
    if (o->drop_highest > 0) {
        const ec_form *f = form ? ec_form_find(form) : NULL;
        ec_role yr = f ? f->y_role : EC_ROLE_L;
        if (yr == EC_ROLE_Y && !ds->col[EC_ROLE_Y]) yr = EC_ROLE_L;
        if (ec_dataset_drop_highest(ds, yr, (size_t)o->drop_highest, err) != EC_OK) {
            ec_dataset_free(ds);
            return NULL;
        }
    }
    return ds;
}
