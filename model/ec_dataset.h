/**
 * ec_dataset.h — tabular data for scaling-law fits, loaded from CSV.
 *
 * A dataset is a set of rows with numeric columns in named *roles*:
 * N (parameters), D (tokens), C (training compute, FLOP), L (loss or metric),
 * date (decimal year), weight, and the generic x and y of one-variable forms,
 * plus an optional text `name` per row. A column map says which CSV header
 * feeds which role (`"N=Model Size,C=Training FLOP,L=loss"`).
 *
 * CSV rules (read by ec_csv_read(), ec_csv.h, with libcsv): the first
 * non-comment record is the header; fields may be quoted and quoted fields
 * may contain commas, doubled quotes and newlines; LF, CRLF and CR-only line
 * ends; a UTF-8 byte-order mark is skipped; a physical line whose first
 * character is '#' outside a quoted field is a comment. Blank lines are
 * ignored. A read error, running out of memory included, is an error naming
 * the line, never the end of the file.
 *
 * Derived columns: when D is missing but N and C are mapped, D = C / (6 N);
 * when C is missing but N and D are mapped, C = 6 N D. The `derived` bitmask
 * records which roles were computed, so that a report can say so.
 *
 * Errors (status EC_EIO or EC_EDATA, message in ec_error) name the file and,
 * where there is one, the line (1-based physical line where the record
 * starts) and column (1-based field index and header name):
 *   - the file cannot be opened;
 *   - a mapped column is not in the header (the message lists the header);
 *   - a cell in a numeric role is not a number ("file:12: column 3 'loss':
 *     'abc' is not a number");
 *   - N, D, C or L is zero or negative, or any numeric cell is not finite
 *     (`nan`, `inf`, `infinity` in any case, or a value that overflows a
 *     double such as `1e400`), or is nonzero but below about 1e-308;
 *   - a row longer than the header with a non-empty extra field;
 *   - a short row (fewer fields than the header) that lacks the cell of a
 *     mapped column or of a filter's column, unless skip_short_rows is set
 *     (ec_dataset_load_options): "file:7: the row has 2 fields but the
 *     header (line 1) has 4: column 3 'flop' (role C) is missing; ...";
 *   - no data rows.
 * Rows whose mapped numeric cells are empty are skipped and counted in
 * `n_skipped_empty`. Short rows are counted in `n_short` whatever becomes of
 * them; one that lacks only unmapped cells is read as usual. Rows whose weight (role `weight`) is 0 are left out and
 * counted in `n_zero_weight`: a weight-0 point is absent, so it counts in no
 * n, degrees of freedom, AIC/BIC or RMSE.
 */
#ifndef EC_DATASET_H
#define EC_DATASET_H

#include "ec_export.h"

#include <stddef.h>

#include "ec_error.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Column roles. The numeric roles index ec_dataset.col. */
typedef enum ec_role {
    EC_ROLE_N = 0,   /**< parameters */
    EC_ROLE_D,       /**< training tokens */
    EC_ROLE_C,       /**< training compute (FLOP) */
    EC_ROLE_L,       /**< loss or metric */
    EC_ROLE_DATE,    /**< date as decimal year (YYYY, YYYY-MM, YYYY-MM-DD or a number) */
    EC_ROLE_WEIGHT,  /**< observation weight (>= 0) */
    EC_ROLE_X,       /**< generic independent variable (a number, or a date read as a decimal year) */
    EC_ROLE_Y,       /**< generic dependent variable */
    EC_ROLE_NAME,    /**< row label (text, not numeric) */
    EC_ROLE_COUNT
} ec_role;

/** Role name as written in a column map ("N", "D", "C", "L", "date", "weight", "x", "y", "name"). */
EC_API const char *ec_role_name(ec_role role);

/** Role from its name (case-sensitive as above); returns -1 when unknown. */
EC_API int ec_role_from_name(const char *name);

/** Which CSV header feeds each role; NULL entries are unmapped. */
typedef struct ec_column_map {
    char *column[EC_ROLE_COUNT];
} ec_column_map;

/**
 * Parses a map such as "N=Model Size,C=Training FLOP,L=loss" into `map`
 * (which is first cleared). Header names may contain spaces and parentheses;
 * a name containing a comma can be written in double quotes
 * (`name="Size, B"`). Unknown roles, a role given twice and one header for
 * two numeric roles (except x with C and y with L, which alias) are errors
 * (EC_EINVAL). `map` must be zero-initialised ({0}) or hold an earlier map.
 * Release with ec_column_map_clear().
 */
EC_API int ec_column_map_parse(ec_column_map *map, const char *spec, ec_error *err);

/** Frees the strings of a map and sets every entry to NULL. NULL is allowed. */
EC_API void ec_column_map_clear(ec_column_map *map);

/** A loaded dataset. Read its fields freely; modify only through the functions here. */
typedef struct ec_dataset {
    size_t n;                    /**< number of rows kept */
    double *col[EC_ROLE_NAME];   /**< numeric role columns (length n); NULL when absent */
    char **name;                 /**< row labels (length n) or NULL */
    size_t *line;                /**< 1-based source line where each kept row starts */
    unsigned derived;            /**< bit (1u << role) set for roles derived (D or C) */
    size_t n_skipped_empty;      /**< rows skipped because a mapped numeric cell was empty, or
                                      missing from a short row skipped by skip_short_rows (those
                                      are also in n_skipped_short) */
    size_t n_zero_weight;        /**< rows left out because their weight is 0 */
    size_t n_dropped;            /**< rows removed by ec_dataset_drop_highest() */
    size_t n_filtered;           /**< rows removed by filters (ec_dataset_load_csv_filtered) */
    size_t n_short;              /**< data rows with fewer fields than the header (kept, skipped
                                      or filtered) */
    size_t n_skipped_short;      /**< short rows skipped because a needed cell was missing
                                      (only with skip_short_rows; included in n_skipped_empty) */
    char *path;                  /**< source file path as given */
    char sha256[65];             /**< hex SHA-256 of the file's bytes */
} ec_dataset;

/**
 * Loads `path` with column map `map`. Returns a new dataset or NULL with
 * `err` filled. At least one numeric role must be mapped.
 */
EC_API ec_dataset *ec_dataset_load_csv(const char *path, const ec_column_map *map, ec_error *err);

/** Comparison of a row filter. */
typedef enum ec_filter_op {
    EC_FILTER_EQ,      /**< COL=VALUE */
    EC_FILTER_NE,      /**< COL!=VALUE; with an empty VALUE: the cell is not empty */
    EC_FILTER_LT,      /**< COL<VALUE */
    EC_FILTER_LE,      /**< COL<=VALUE */
    EC_FILTER_GT,      /**< COL>VALUE */
    EC_FILTER_GE       /**< COL>=VALUE */
} ec_filter_op;

/**
 * One row filter, parsed from `--where 'COL<op>VALUE'`. VALUE is compared as
 * a number when both it and the cell parse as numbers, as a decimal year when
 * both parse as dates (YYYY, YYYY-MM, YYYY-MM-DD), and otherwise as exact text
 * (only = and != allow text). A row whose cell is empty fails every filter on
 * that column except `COL!=VALUE` with a non-empty VALUE.
 */
typedef struct ec_filter {
    char *column;
    ec_filter_op op;
    char *value;
} ec_filter;

/** A list of filters; a row is kept when it passes all of them. Zero-initialise before use. */
typedef struct ec_filter_list {
    ec_filter *items;
    size_t n;
} ec_filter_list;

/**
 * Parses one expression and appends it to `list`. The column name is the text
 * before the first operator (trimmed); operators are tried longest first
 * (`<=`, `>=`, `!=`, then `=`, `<`, `>`). Errors (EC_EINVAL): no operator, empty
 * column name, an ordering operator with an empty value.
 */
EC_API int ec_filter_parse(ec_filter_list *list, const char *expr, ec_error *err);

/** Frees the filters and empties the list. NULL is allowed. */
EC_API void ec_filter_list_clear(ec_filter_list *list);

/**
 * As ec_dataset_load_csv(), keeping only rows that pass every filter in
 * `filters` (NULL or empty = all rows). Filters may name any column of the
 * file, mapped or not; a filter on a column that is not in the header is an
 * error listing the header. Ordering comparisons (<, <=, >, >=) against a
 * cell that is neither a number nor a date exclude the row. When no row
 * passes, the error (EC_EDATA) says so and names the filters. Rows removed
 * are counted in `n_filtered`.
 */
EC_API ec_dataset *ec_dataset_load_csv_filtered(const char *path, const ec_column_map *map,
                                         const ec_filter_list *filters, ec_error *err);

/** Options of ec_dataset_load_csv_opts(); start from ec_dataset_load_default_options(). */
typedef struct ec_dataset_load_options {
    /** Row filters: a row is kept when it passes all of them (NULL or empty: every row),
     *  as in ec_dataset_load_csv_filtered(). Not owned. Default NULL. */
    const ec_filter_list *filters;
    /** What to do with a short row (fewer fields than the header) that lacks the cell
     *  of a mapped column or of a filter's column. 0 (the default, and what
     *  ec_dataset_load_csv() and ec_dataset_load_csv_filtered() do): refuse the file,
     *  EC_EDATA naming the file, line and missing column. 1: skip the row, counted in
     *  n_skipped_short and n_skipped_empty. A short row lacking only unmapped cells is
     *  read either way. A filter's column is checked before the filters run, a mapped
     *  one after, so a row the filters remove is never refused for a mapped cell. */
    int skip_short_rows;
} ec_dataset_load_options;

/** The defaults: no filters, short rows refused. */
EC_API ec_dataset_load_options ec_dataset_load_default_options(void);

/**
 * As ec_dataset_load_csv_filtered() with the filters and short-row rule of `opt`
 * (NULL: the defaults).
 */
EC_API ec_dataset *ec_dataset_load_csv_opts(const char *path, const ec_column_map *map,
                                     const ec_dataset_load_options *opt, ec_error *err);

/**
 * Drops the `k` rows with the highest values in `role`, as Epoch AI's
 * Chinchilla replication does: with v_k the k-th largest value, keeps only
 * rows with value < v_k (ties at the cut are dropped too). k = 0 is a no-op.
 * Requires k < n and the role to be present (EC_EINVAL otherwise).
 */
EC_API int ec_dataset_drop_highest(ec_dataset *ds, ec_role role, size_t k, ec_error *err);

/**
 * A new dataset with the rows i for which keep[i] is non-zero, in order
 * (all columns, labels and line numbers; path, checksum and counts copied).
 * NULL with EC_ENOMEM when out of memory.
 */
EC_API ec_dataset *ec_dataset_select(const ec_dataset *ds, const unsigned char *keep, ec_error *err);

/** Frees a dataset. NULL is allowed. */
EC_API void ec_dataset_free(ec_dataset *ds);

#ifdef __cplusplus
}
#endif
#endif
