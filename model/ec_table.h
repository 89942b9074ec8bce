/**
 * ec_table.h — a small all-numeric CSV table (header + rows of numbers),
 * read with ec_csv_read() (ec_csv.h: libcsv in strict mode, quoted fields, LF,
 * CRLF or CR-only line ends, a UTF-8 BOM skipped, physical line numbers): the
 * bootstrap replicate files effcomp writes, starts files, and other
 * machine-written tables. The first record is the header. Empty cells (or
 * cells of blanks) read as NAN; spaces and tabs around a number are ignored;
 * whole lines starting with '#' are comments (effcomp writes its version and
 * seed there) and so are blank lines and records whose cells are all empty.
 * Errors name the file and line, and the column where there is one:
 *   - a column named twice in the header (checked in O(n log n), so a header of
 *     any width is checked at once);
 *   - a row with more or fewer fields than the header;
 *   - a cell that is not a number, holds a NUL byte, or is not finite: `nan`,
 *     `inf` and overflowing values such as `1e400` are refused (write a finite
 *     value, or leave the cell empty for a missing one);
 *   - malformed quoting, and read errors (out of memory included), as ec_csv_read.
 * Numbers are read in the "C" locale whatever the host program set. For data
 * with text, dates and column roles use ec_dataset.h.
 */
#ifndef EC_TABLE_H
#define EC_TABLE_H

#include "ec_export.h"

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
    char sha256[65]; /**< SHA-256 of the file's bytes as read (lowercase hex), from the same read */
    size_t *lines;   /**< n_rows physical line numbers (1-based) of the data rows, for messages */
} ec_table;

/** Loads `path`; errors name file, line and column (EC_EIO, EC_EDATA, EC_ENOMEM). */
EC_API ec_table *ec_table_load_csv(const char *path, ec_error *err);

/** Index of a column by header name, or -1. */
EC_API int ec_table_column(const ec_table *t, const char *name);

/** Frees a table. NULL is allowed. */
EC_API void ec_table_free(ec_table *t);

#ifdef __cplusplus
}
#endif
#endif
