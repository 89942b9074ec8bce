/**
 * ec_data.h — the data options every step that reads points shares (the
 * "input" option group: --data, --columns, --where, --drop-highest, and the
 * output files --output, --replicates-out, --plot), and loading a dataset
 * from them with the messages users see.
 */
#ifndef EC_DATA_H
#define EC_DATA_H

#include "ec_export.h"

#include <stddef.h>

#include "ec_dataset.h"
#include "ec_error.h"
#include "ec_option.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The "input" option group. */
typedef struct ec_data_options {
    char data[1024];           /**< "data": CSV file of points */
    char columns[1024];        /**< "columns": role map, e.g. "N=Model Size,C=Training FLOP,L=loss" */
    int drop_highest;          /**< "drop_highest": drop the K highest-loss points */
    char where[2048];          /**< "where": filters joined by ';' */
    int skip_short_rows;       /**< "skip_short_rows": 1 skips rows shorter than the header that lack a used cell
                                    (0: such a row is an error naming its line) */
    char output[1024];         /**< "output": JSON result file (written by the caller, not the library) */
    char replicates_out[1024]; /**< "replicates_out": bootstrap replicates CSV (written by the caller) */
    char plot[1024];           /**< "plot": a figure of the result (drawn by the caller) */
} ec_data_options;

/** Defaults: columns `default_columns` (NULL: "N=N,D=D,L=L"; "" for none), everything else empty or 0. */
EC_API void ec_data_options_init(ec_data_options *o, const char *default_columns);

/** The table of the "input" group (its help text is what `--help` prints). */
EC_API const ec_option_table *ec_data_option_table(void);

/**
 * Loads o->data with the column map and the filters of o->where, then drops
 * the o->drop_highest highest values of the y role of `form` (L when the
 * form is NULL or its y role is unmapped). *rows_read is the number of rows
 * kept by the loader before dropping. Errors name the file, line and option:
 * no --data, a bad --columns or --where, the loader's errors, a bad drop.
 */
EC_API ec_dataset *ec_data_load(const ec_data_options *o, const char *form, size_t *rows_read, ec_error *err);

#ifdef __cplusplus
}
#endif
#endif
