/**
 * fuzz_csv.c — libFuzzer target of the CSV readers: ec_csv_read() (with and
 * without trimming and comment records), ec_table_load_csv() and
 * ec_dataset_load_csv_opts().
 *
 * Input: a first line "MAP[|ITEM]...", then the CSV file. MAP is a column
 * map ("N=Model Size,C=Training FLOP,L=loss", ec_column_map_parse); each
 * ITEM is `skip` (skip_short_rows) or a row filter ("loss<3",
 * ec_filter_parse). The CSV goes to all three readers; the dataset loader
 * runs when the map parses. Every record's cells are read to their length,
 * so that a cell the reader gets wrong is a sanitizer report.
 */
#include <stdlib.h>
#include <string.h>

#include "ec_csv.h"
#include "ec_dataset.h"
#include "ec_table.h"
#include "fuzz_io.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int touch_record(void *user, const ec_csv_record *rec, ec_error *err)
{
    (void)err;
    size_t *sum = user;
    for (size_t i = 0; i < rec->ncells; i++) {
        const ec_csv_cell *c = &rec->cells[i];
        for (size_t k = 0; k <= c->len; k++) *sum += (unsigned char)c->s[k];  /* s[len] is the NUL */
        double v;
        if (ec_parse_decimal(c->s, c->len, &v)) *sum += v > 0;
    }
    *sum += rec->line;
    return EC_OK;
}

static void load_dataset(const char *head, const char *path)
{
    ec_column_map map = {0};
    ec_filter_list filters = {0};
    ec_dataset_load_options opt = ec_dataset_load_default_options();
    ec_error err;
    char *items = strdup(head);
    if (!items) return;
    char *bar = strchr(items, '|');
    if (bar) *bar = '\0';
    int ok = ec_column_map_parse(&map, items, &err) == EC_OK;
    for (char *it = bar ? bar + 1 : NULL; ok && it;) {
        char *next = strchr(it, '|');
        if (next) *next++ = '\0';
        if (strcmp(it, "skip") == 0) opt.skip_short_rows = 1;
        else if (ec_filter_parse(&filters, it, &err) != EC_OK) ok = 0;
        it = next;
    }
    if (ok) {
        opt.filters = &filters;
        ec_dataset *ds = ec_dataset_load_csv_opts(path, &map, &opt, &err);
        if (ds) {
            size_t drop = ds->n > 2 ? 1 : 0;
            for (int r = 0; r < EC_ROLE_NAME && drop; r++)
                if (ds->col[r] && ec_dataset_drop_highest(ds, (ec_role)r, drop, &err) == EC_OK) break;
        }
        ec_dataset_free(ds);
    }
    ec_filter_list_clear(&filters);
    ec_column_map_clear(&map);
    free(items);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *nl = memchr(data, '\n', size);
    size_t head_n = nl ? (size_t)(nl - data) : size;
    const uint8_t *csv = nl ? nl + 1 : data + size;
    size_t csv_n = size - (size_t)(csv - data);
    const char *path = fuzz_file(0, csv, csv_n);
    char *head = fuzz_text(data, head_n);
    if (!path || !head) {
        free(head);
        return 0;
    }
    ec_error err;
    size_t sum = 0;
    char sha[65];
    ec_csv_read(path, 0, touch_record, &sum, sha, &err);
    ec_csv_read(path, EC_CSV_TRIM | EC_CSV_COMMENTS, touch_record, &sum, NULL, &err);
    ec_table *t = ec_table_load_csv(path, &err);
    if (t && t->n_cols) (void)ec_table_column(t, t->names[t->n_cols - 1]);
    ec_table_free(t);
    if (strlen(head) == head_n) load_dataset(head, path);
    free(head);
    return 0;
}
