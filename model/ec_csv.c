/*
 * ec_csv.c — the CSV record reader (see ec_csv.h).
 *
 * Approach:
 *   - The file is read one physical line at a time with getline(). Every byte
 *     read goes into a SHA-256 (nettle) before anything else, so the digest
 *     covers the file exactly as stored (BOM, comments and all).
 *   - Each line is then fed to libcsv (strict mode), which handles quoting,
 *     doubled quotes, embedded commas/newlines and CR/LF line ends, and calls
 *     back once per field (into a growing cell buffer) and once per record
 *     (into the user's callback).
 *   - Comment lines ('#' as the first character) and blank lines must be
 *     recognised *before* libcsv sees them, but only outside quoted fields: a
 *     continuation line of a multi-line quoted field that happens to start
 *     with '#' is data. libcsv does not expose "am I inside quotes" through
 *     its API, so we track quote parity ourselves: in strict mode a '"' can
 *     only open a field, close it, or appear doubled inside it, so the number
 *     of '"' characters seen so far is odd exactly when we are inside a
 *     quoted field (anything else is a libcsv parse error, reported with the
 *     line number). The same parity gives the physical line on which each
 *     record starts.
 *   - A UTF-8 byte-order mark at the very start of the file is dropped.
 *   - Cell buffers are kept across records and only grow, so a file costs a
 *     handful of allocations however many records it has.
 * Nothing here prints, exits or aborts; all failures go through ec_error_set.
 */
#include "ec_csv.h"

#include <csv.h>
#include <nettle/sha2.h>

#include <errno.h>
#include <locale.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

typedef struct reader {
    const char *path;
    unsigned flags;
    ec_csv_record_fn fn;
    void *user;
    ec_error *err;
    int status;            /* first error, EC_OK while fine */

    size_t line;           /* current physical line (1-based) */
    size_t rec_line;       /* physical line where the current record started */

    ec_csv_cell *cells;    /* fields of the current record */
    size_t *cell_cap;      /* allocated bytes of each cells[i].s */
    size_t ncells, cells_cap;
} reader;

static int reader_nomem(reader *r)
{
    r->status = ec_error_set(r->err, EC_ENOMEM, "%s:%zu: out of memory", r->path, r->rec_line);
    return r->status;
}

static void on_field(void *s, size_t len, void *data)
{
    reader *r = data;
    if (r->status)
        return;
    if (r->ncells == r->cells_cap) {
        size_t ncap = r->cells_cap ? 2 * r->cells_cap : 16;
        ec_csv_cell *nc = realloc(r->cells, ncap * sizeof *nc);
        if (nc)
            r->cells = nc;
        size_t *nk = nc ? realloc(r->cell_cap, ncap * sizeof *nk) : NULL;
        if (!nk) {
            reader_nomem(r);
            return;
        }
        r->cell_cap = nk;
        memset(nc + r->cells_cap, 0, (ncap - r->cells_cap) * sizeof *nc);
        memset(nk + r->cells_cap, 0, (ncap - r->cells_cap) * sizeof *nk);
        r->cells_cap = ncap;
    }
    ec_csv_cell *f = &r->cells[r->ncells];
    size_t *cap = &r->cell_cap[r->ncells];
    if (len + 1 > *cap) {
        size_t ncap = len + 1 < 32 ? 32 : len + 1;
        char *ns = realloc(f->s, ncap);
        if (!ns) {
            reader_nomem(r);
            return;
        }
        f->s = ns;
        *cap = ncap;
    }
    if (len)
        memcpy(f->s, s, len);
    f->s[len] = '\0';
    f->len = len;
    r->ncells++;
}

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Trims blanks from both ends of a cell in place. */
static void trim_cell(ec_csv_cell *f)
{
    size_t a = 0, n = f->len;
    while (n && is_space(f->s[n - 1]))
        n--;
    while (a < n && is_space(f->s[a]))
        a++;
    if (a)
        memmove(f->s, f->s + a, n - a);
    f->len = n - a;
    f->s[f->len] = '\0';
}

static void on_record(int term, void *data)
{
    reader *r = data;
    (void)term;
    if (r->status == EC_OK) {
        int any = 0;
        for (size_t i = 0; i < r->ncells; i++) {
            if (r->flags & EC_CSV_TRIM)
                trim_cell(&r->cells[i]);
            any |= r->cells[i].len > 0;
        }
        if (any) { /* a record of empty fields (",,,") counts as a blank line */
            ec_csv_record rec = { r->path, r->rec_line, r->ncells, r->cells };
            r->status = r->fn(r->user, &rec, r->err);
        }
    }
    r->ncells = 0;
}

/* True if the line holds nothing but spaces, tabs, CR and LF. */
static int line_is_blank(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (!is_space(s[i]))
            return 0;
    return 1;
}

/* Reads and parses the open file; returns EC_OK or the error status. */
static int parse_stream(reader *r, FILE *fp, struct sha256_ctx *sha)
{
    struct csv_parser parser;
    if (csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
        return ec_error_set(r->err, EC_ENOMEM, "%s: cannot initialise the CSV parser", r->path);

    char *buf = NULL;
    size_t bufcap = 0;
    ssize_t got;
    int in_quote = 0;
    int rc = EC_OK;
    while ((got = getline(&buf, &bufcap, fp)) > 0) {
        size_t len = (size_t)got;
        const char *s = buf;
        sha256_update(sha, len, (const uint8_t *)buf);
        r->line++;
        if (r->line == 1 && len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
            s += 3;
            len -= 3;
        }
        if (r->line == 1 && ((len >= 2 && ((unsigned char)s[0] == 0xFF && (unsigned char)s[1] == 0xFE)) ||
                             (len >= 2 && ((unsigned char)s[0] == 0xFE && (unsigned char)s[1] == 0xFF)) ||
                             memchr(s, '\0', len))) {
            rc = ec_error_set(r->err, EC_EDATA,
                              "%s:1: the file is UTF-16 or binary, not a text CSV; save it as UTF-8 (or ASCII) CSV",
                              r->path);
            goto done;
        }
        if (!in_quote) {
            if ((len && s[0] == '#') || line_is_blank(s, len))
                continue;
            r->rec_line = r->line;
        }
        for (size_t i = 0; i < len; i++)
            if (s[i] == '"')
                in_quote = !in_quote;
        if (csv_parse(&parser, s, len, on_field, on_record, r) != len && r->status == EC_OK) {
            int e = csv_error(&parser);
            if (e == CSV_ENOMEM || e == CSV_ETOOBIG)
                r->status = ec_error_set(r->err, EC_ENOMEM, "%s:%zu: %s", r->path, r->line,
                                         csv_strerror(e));
            else
                r->status = ec_error_set(r->err, EC_EDATA,
                                         "%s:%zu: malformed CSV (%s): a '\"' may only enclose "
                                         "a whole field; quote the field and double any '\"' "
                                         "inside it",
                                         r->path, r->line, csv_strerror(e));
        }
        if (r->status) {
            rc = r->status;
            goto done;
        }
    }
    if (ferror(fp)) {
        int e = errno ? errno : EIO;
        rc = ec_error_set(r->err, EC_EIO, "%s: read error after line %zu: %s", r->path, r->line,
                          strerror(e));
        goto done;
    }
    if (in_quote) {
        rc = ec_error_set(r->err, EC_EDATA,
                          "%s:%zu: quoted field is not closed at the end of the file; add the "
                          "closing '\"'", r->path, r->rec_line);
        goto done;
    }
    if (csv_fini(&parser, on_field, on_record, r) != 0 && r->status == EC_OK)
        r->status = ec_error_set(r->err, EC_EDATA, "%s:%zu: malformed CSV at end of file (%s)",
                                 r->path, r->line, csv_strerror(csv_error(&parser)));
    rc = r->status;
done:
    free(buf);
    csv_free(&parser);
    return rc;
}

static void sha256_hex_of(struct sha256_ctx *sha, char hex[65])
{
    uint8_t digest[SHA256_DIGEST_SIZE];
    sha256_digest(sha, SHA256_DIGEST_SIZE, digest);
    for (int i = 0; i < SHA256_DIGEST_SIZE; i++)
        snprintf(hex + 2 * i, 3, "%02x", (unsigned)digest[i]);
}

int ec_file_sha256(const char *path, char sha256_hex[65], ec_error *err)
{
    FILE *fp = path ? fopen(path, "rb") : NULL;
    if (!fp)
        return ec_error_set(err, EC_EIO, "cannot open '%s': %s", path ? path : "(null)",
                            path ? strerror(errno) : "no path");
    struct sha256_ctx sha;
    sha256_init(&sha);
    char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, fp)) > 0)
        sha256_update(&sha, n, (const uint8_t *)buf);
    int bad = ferror(fp);
    fclose(fp);
    if (bad)
        return ec_error_set(err, EC_EIO, "cannot read '%s'", path);
    sha256_hex_of(&sha, sha256_hex);
    return EC_OK;
}

int ec_csv_read(const char *path, unsigned flags, ec_csv_record_fn fn, void *user,
                char sha256_hex[65], ec_error *err)
{
    if (!path || !fn)
        return ec_error_set(err, EC_EINVAL, "ec_csv_read: %s", path ? "no record callback"
                                                                    : "no CSV path given");
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return ec_error_set(err, EC_EIO, "cannot open '%s': %s", path, strerror(errno));

    reader r = { .path = path, .flags = flags, .fn = fn, .user = user, .err = err };
    struct sha256_ctx sha;
    sha256_init(&sha);

    /* Callbacks parse numbers in the "C" locale whatever the host program set. */
    locale_t cloc = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
    locale_t old = cloc ? uselocale(cloc) : (locale_t)0;
    int rc = parse_stream(&r, fp, &sha);
    if (cloc) {
        uselocale(old);
        freelocale(cloc);
    }
    fclose(fp);
    for (size_t i = 0; i < r.cells_cap; i++)
        free(r.cells[i].s);
    free(r.cells);
    free(r.cell_cap);

    if (rc == EC_OK && sha256_hex)
        sha256_hex_of(&sha, sha256_hex);
    return rc;
}
