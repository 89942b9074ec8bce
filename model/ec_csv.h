/**
 * ec_csv.h — the CSV record reader behind effcomp's loaders (datasets,
 * claims and compute files): one file in, one callback per record out.
 *
 *     static int on_rec(void *user, const ec_csv_record *rec, ec_error *err)
 *     {
 *         ... rec->cells[0].s ... rec->line ...
 *         return EC_OK;  // or ec_error_set(err, ...) to stop
 *     }
 *     char sha[65];
 *     if (ec_csv_read("data.csv", 0, on_rec, &ctx, sha, &err) != EC_OK) ...
 *
 * CSV rules (parsed with libcsv in strict mode): fields may be quoted and
 * quoted fields may contain commas, doubled quotes and newlines; LF, CRLF and
 * CR-only line ends (any of them, mixed or not, ends a physical line); a
 * UTF-8 byte-order mark at the start of the file is skipped; a
 * physical line whose first character is '#' outside a quoted field is a
 * comment; a line of nothing but spaces, tabs, CR and LF outside a quoted
 * field is blank. Comments and blank lines are skipped, and so is a record
 * whose fields are all empty (",,,"). Every other record goes to the
 * callback, header included: the reader gives no meaning to any record.
 *
 * Line numbers are 1-based physical lines of the file as stored (comments,
 * blank lines and the continuation lines of quoted fields count; LF, CRLF and
 * a lone CR each end one), so a record's `line` is where an editor shows its
 * first field.
 *
 * Memory: the reader keeps one line (and one record) in memory at a time, in
 * buffers that grow geometrically, so a file of any size costs a handful of
 * allocations and a 10 MB cell is copied a few times, not once per 128 bytes.
 *
 * The SHA-256 covers every byte of the file as stored (BOM, comments and
 * line ends included), so two files with the same digest load the same.
 *
 * Errors (the status is returned and `err` filled; messages name the path
 * and, where there is one, the line as "PATH:LINE: ..."):
 *   - EC_EINVAL: no path or no callback;
 *   - EC_EIO: the file cannot be opened ("cannot open 'PATH': REASON") or
 *     a read fails ("PATH:LINE: read error: REASON", LINE the line being
 *     read): a failed read is never taken as the end of the file;
 *   - EC_EDATA: a '"' that does not enclose a whole field (named by the
 *     physical line where libcsv stopped); a quoted field still open at the
 *     end of the file (named by the line where its record starts);
 *   - EC_ENOMEM: out of memory, including while reading a line longer than
 *     memory allows ("PATH:LINE: out of memory ..."), or a field too large for
 *     libcsv;
 *   - whatever status the callback returns: the first non-EC_OK return
 *     stops the reading and is returned as it is, with `err` as the
 *     callback left it.
 * The reader never prints.
 */
#ifndef EC_CSV_H
#define EC_CSV_H

#include <stddef.h>

#include "ec_error.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Options of ec_csv_read(), or-ed together. */
typedef enum ec_csv_flags {
    /** Trim spaces, tabs, CR and LF from both ends of every cell before the
     *  callback sees it; a record is then skipped when all its cells are
     *  empty after trimming. Without it cells come as libcsv gives them:
     *  spaces and tabs around an unquoted field dropped, a quoted field's
     *  text verbatim. */
    EC_CSV_TRIM = 1u << 0,
    /** Also hand each comment line to the callback, as a record with `comment`
     *  set and one cell: the line without its line end (and without the BOM on
     *  line 1). Without it comment lines are skipped silently. */
    EC_CSV_COMMENTS = 1u << 1
} ec_csv_flags;

/**
 * One field of a record. `s` is NUL-terminated at `len` (the field itself
 * may hold NUL bytes: compare `strlen(s)` with `len` to find them). The
 * bytes s[0..len] belong to the reader and are reused for the next record;
 * the callback may change them in place (e.g. to trim) but not keep them.
 */
typedef struct ec_csv_cell {
    char *s;
    size_t len;
} ec_csv_cell;

/** A record as handed to the callback; valid only during the call. */
typedef struct ec_csv_record {
    const char *path;     /**< the file, as given to ec_csv_read() */
    size_t line;          /**< 1-based physical line where the record starts */
    size_t ncells;        /**< number of fields (>= 1, at least one non-empty unless a comment) */
    ec_csv_cell *cells;   /**< the fields, in file order */
    int comment;          /**< 1 for a comment line (only with EC_CSV_COMMENTS), else 0 */
} ec_csv_record;

/**
 * Called once per record, in file order. Returns EC_OK to go on; any other
 * status stops the reading and becomes ec_csv_read()'s return value (fill
 * `err` before returning it, e.g. `return ec_error_set(err, ...)`).
 */
typedef int (*ec_csv_record_fn)(void *user, const ec_csv_record *rec, ec_error *err);

/**
 * Reads the CSV file `path` and calls `fn(user, rec, err)` for each record
 * (see the rules above). `flags` is 0 or EC_CSV_TRIM. The callback runs
 * with LC_NUMERIC set to "C" for the calling thread (uselocale), so strtod
 * reads '.' as the decimal point whatever the host program's locale.
 *
 * On success returns EC_OK and, when `sha256_hex` is not NULL, writes the
 * lowercase hex SHA-256 of the file's bytes there (64 digits and a NUL);
 * on failure `sha256_hex` is left untouched.
 */
int ec_csv_read(const char *path, unsigned flags, ec_csv_record_fn fn, void *user,
                char sha256_hex[65], ec_error *err);

/**
 * The lowercase hex SHA-256 of every byte of the file at `path` (any file, not only CSV),
 * into `sha256_hex` (64 digits and a NUL). EC_OK, or EC_EIO naming the file.
 */
int ec_file_sha256(const char *path, char sha256_hex[65], ec_error *err);

/** The SHA-256 of len bytes at data as 64 lowercase hex digits and a NUL (nettle). */
void ec_sha256_hex(const void *data, size_t len, char sha256_hex[65]);

/**
 * The whole file at `path` (pipes and devices too: no seeking), with a NUL after its
 * `*len` bytes; the caller frees it. NULL with EC_EIO ("cannot open 'P': why", "cannot
 * read 'P': why") or EC_ENOMEM.
 */
char *ec_file_read(const char *path, size_t *len, ec_error *err);

/**
 * The fast path of numeric cells: returns 1 when s[0..len) is, as a whole, a
 * plain decimal (an optional sign, digits with an optional '.', an optional
 * exponent of at most 4 digits) of at most 19 significant digits d whose
 * value is d * 10^q with |q| <= 27 (e.g. 9.993852799709755e+18 is
 * 9993852799709755 * 10^3), and stores in *out the value strtod() gives for
 * it in the "C" locale, bit for bit (correctly rounded, to nearest, ties to
 * even; always finite and normal, so strtod would set no errno). That covers
 * most data and most numbers effcomp writes, converted by exact integer
 * arithmetic in a fraction of strtod's time. Returns 0 for anything else,
 * leaving *out alone: the text may still be a number for strtod (more
 * digits, a larger exponent, inf, nan, hexadecimal, leading blanks) or not a
 * number at all, so the caller then asks strtod. `s` need not be
 * NUL-terminated; the decimal point is always '.'.
 */
int ec_parse_decimal(const char *s, size_t len, double *out);

#ifdef __cplusplus
}
#endif
#endif
