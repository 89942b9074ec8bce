/**
 * ec_plot.h — report figures as gnuplot scripts.
 *
 * The plot layer writes gnuplot script text and data; it never starts a
 * process (cli/ pipes the script into gnuplot). A figure is an `ec_plot`:
 * script lines that refer to data sources by name with the token `@@name`,
 * plus the named data tables. It can be rendered two ways:
 *   - inline (ec_plot_write_inline): datablocks `$name << EOD ... EOD`
 *     followed by the script with every `@@name` replaced by `$name`, for a
 *     pipe into gnuplot;
 *   - saved (ec_plot_save): the script to PREFIX.gp and each table to
 *     PREFIX.NAME.dat, with `@@name` replaced by the quoted .dat file name,
 *     so a report author can restyle and rerun `gnuplot PREFIX.gp`.
 * Builders for each kind of figure (ec_plot_kinds.h) fill an ec_plot from
 * plain numbers, so scenario files, Monte Carlo fans and sweeps can add
 * kinds without touching this file.
 *
 * Styling is shared by every kind (ec_plot_begin): the terminal for the
 * format, font, size, a consistent colour palette (EC_PLOT_COLOR_*), grid,
 * and log axes with 10^{n} tick labels on demand.
 */
#ifndef EC_PLOT_H
#define EC_PLOT_H

#include "ec_export.h"

#include <stddef.h>
#include <stdio.h>

#include "ec_error.h"
#include "ec_option.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum ec_plot_format { EC_PLOT_PNG = 0, EC_PLOT_SVG, EC_PLOT_PDF, EC_PLOT_DUMB } ec_plot_format;

/** Figure settings, settable by name (ec_plot_option_table()). */
typedef struct ec_plot_options {
    int format;        /**< "format": png | svg | pdf | dumb */
    int width;         /**< "width": pixels (png, svg); pdf uses width/100 inches */
    int height;        /**< "height" */
    int font_size;     /**< "font_size": points */
    char title[256];   /**< "title": overrides the kind's title when set */
    char xrange[64];   /**< "xrange": "LO:HI" (either end may be empty: gnuplot's own), overrides the kind's */
    char yrange[64];   /**< "yrange" */
} ec_plot_options;

EC_API ec_plot_options ec_plot_default_options(void);
EC_API const ec_option_table *ec_plot_option_table(void);

/** File extension of a format ("png", "svg", "pdf", "txt"). */
EC_API const char *ec_plot_extension(int format);

/* The palette: one colour per role, the same in every kind. */
#define EC_PLOT_COLOR_DATA "#1f4e79"     /* observed points */
#define EC_PLOT_COLOR_FIT "#c0392b"      /* fitted curve */
#define EC_PLOT_COLOR_BAND "#f1948a"     /* its uncertainty band */
#define EC_PLOT_COLOR_ALT "#117a65"      /* a second series (e.g. D* next to N*) */
#define EC_PLOT_COLOR_ALT_BAND "#a9dfbf" /* its band */
#define EC_PLOT_COLOR_MUTED "#7f8c8d"    /* reference lines */

typedef struct ec_plot ec_plot;

/** A new, empty figure for output file `output` (may be NULL for dumb). NULL when out of memory. */
EC_API ec_plot *ec_plot_new(const ec_plot_options *opt, const char *output);
EC_API void ec_plot_free(ec_plot *p);

/**
 * Appends s as a gnuplot double-quoted string. Every caller-supplied text (titles, labels,
 * model names) goes through this: '"' and '\' are escaped, '\n' becomes a line break, a
 * carriage return is dropped and other control characters become spaces, and '`' and '@' are
 * written as the octal escapes \140 and \100. gnuplot substitutes `command` (running it in a
 * shell) and @macro anywhere on a line outside single quotes, before parsing strings, so a
 * backquote in a model name must never reach it as such. EC_OK or EC_ENOMEM.
 */
EC_API int ec_plot_put_string(ec_plot *p, const char *s);

/** `set NAME "text" noenhanced` (NAME e.g. "xlabel", "ylabel"; the text through ec_plot_put_string). EC_OK or
 * EC_ENOMEM. */
EC_API int ec_plot_set_text(ec_plot *p, const char *name, const char *text);

/** Appends printf-style text to the script. Returns 0 or EC_ENOMEM. */
EC_API int ec_plot_printf(ec_plot *p, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/**
 * Adds a data table `name` (letters, digits, '_') with `ncol` columns and
 * `nrow` rows (row-major values); `header` is a comment line naming the
 * columns. Non-finite values are written as NaN (gnuplot skips them).
 */
EC_API int ec_plot_table(ec_plot *p, const char *name, const char *header, size_t nrow, size_t ncol,
                         const double *values);

/**
 * As ec_plot_table, with a blank line after every `scan` rows: the scan
 * lines gnuplot's splot needs for a grid (pm3d, contours).
 */
EC_API int ec_plot_table_scans(ec_plot *p, const char *name, const char *header, size_t nrow, size_t ncol,
                        const double *values, size_t scan);

/**
 * Terminal, output, font, palette and grid for the figure, and its title
 * (opt->title wins over `title`). Call first.
 */
EC_API int ec_plot_begin(ec_plot *p, const char *title);

/** Log scale on axis "x" or "y" with 10^{n} labels. */
EC_API int ec_plot_log_axis(ec_plot *p, const char *axis);

/** Writes the figure for a gnuplot pipe: datablocks, then the script. */
EC_API int ec_plot_write_inline(const ec_plot *p, FILE *out);

/**
 * Writes PREFIX.gp and PREFIX.NAME.dat files (the script refers to the .dat
 * files by their base names, so run it from their folder). Errors: EC_EIO.
 */
EC_API int ec_plot_save(const ec_plot *p, const char *prefix, ec_error *err);

/**
 * The pieces of ec_plot_save, for a caller that writes each file its own way (the CLI: to a temporary file
 * renamed when complete): the number of tables; the path of file i into `path` (PREFIX.NAME.dat for table i <
 * n_tables, PREFIX.gp for i = n_tables; EC_EINVAL past them or when it does not fit in cap); table i's data, the
 * content of PREFIX.NAME.dat; the script, the content of PREFIX.gp, naming the .dat files by PREFIX's base name.
 * EC_OK, EC_EIO when `out` has an error, EC_ENOMEM, EC_EINVAL (no table i).
 */
EC_API size_t ec_plot_n_tables(const ec_plot *p);
EC_API int ec_plot_saved_path(const ec_plot *p, const char *prefix, size_t i, char *path, size_t cap);
EC_API int ec_plot_write_table(const ec_plot *p, size_t i, FILE *out);
EC_API int ec_plot_write_saved_script(const ec_plot *p, const char *prefix, FILE *out);

/** The script text as it is (with `@@name` tokens), for golden tests. */
EC_API const char *ec_plot_script(const ec_plot *p);

#ifdef __cplusplus
}
#endif
#endif
