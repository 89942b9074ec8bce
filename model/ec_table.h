/**
 * ec_table.h — a small all-numeric CSV table (header + rows of numbers),
 * read with libcsv: the bootstrap replicate files effcomp writes, and other
 * machine-written tables. Empty cells read as NAN; whole lines starting with
 * '#' are comments (effcomp writes its version and seed there). A column named
 * twice, a row with more or fewer fields than the header, a non-number or a
 * NUL byte are errors naming the file and line. For data with text,
 * dates and column roles use ec_dataset.h.
 */
#ifndef EC_TABLE_H
#define EC_TABLE_H

#include <stddef.h>

#include "ec_error.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ec_table {
    size_t n_cols, n_rows;
    char **names;    /**< n_cols header names */
    double *values;  /**< n_rows × n_cols, row-major */
    char *comment;   /**< the file's first line when it is a '#' comment (e.g. effcomp's
                          "# effcomp VERSION ... seed S" header), without the line end; else NULL */
} ec_table;

/** Loads `path`; errors name file, line and column (EC_EIO, EC_EDATA). */
ec_table *ec_table_load_csv(const char *path, ec_error *err);

/** Index of a column by header name, or -1. */
int ec_table_column(const ec_table *t, const char *name);

/** Frees a table. NULL is allowed. */
void ec_table_free(ec_table *t);

#ifdef __cplusplus
}
#endif
#endif
