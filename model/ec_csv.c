/*
 * ec_csv.c — the CSV record reader (see ec_csv.h).
 *
 * Approach:
 *   - The file is read in blocks of 1 MiB into one buffer. Every byte read
 *     goes into a SHA-256 (nettle) before anything else, so the digest covers
 *     the file exactly as stored (BOM, comments and all). A failed read is an
 *     error naming the line being read, never the end of the file.
 *   - The buffer is cut into physical lines at LF, CRLF or a lone CR (memchr
 *     for each, with the position already searched remembered, so that a file
 *     with CR-only line ends, or one long line, is scanned once). A line that
 *     does not fit is kept whole: the buffer doubles, so a 10 MB cell costs a
 *     few copies, and running out of memory there is an error naming the line.
 *   - Each line is then fed to libcsv (strict mode), which handles quoting,
 *     doubled quotes, embedded commas/newlines and CR/LF line ends, and calls
 *     back once per field (into a growing cell buffer) and once per record
 *     (into the user's callback). libcsv grows its field buffer by a fixed
 *     block (128 bytes by default: 78,000 reallocations for a 10 MB cell, each
 *     a copy under allocators that move on realloc); before each line we set
 *     that block to at least the line's length and the buffer's current size,
 *     so it grows geometrically and at most once per line.
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
 *   - Cell buffers are kept across records and only grow (geometrically), so
 *     a file costs a handful of allocations however many records it has.
 *   - ec_parse_decimal: most numeric cells are plain decimals of at most 19
 *     significant digits, d * 10^q with small |q|. Their correctly rounded
 *     double follows from exact 128-bit integer arithmetic: for q >= 0,
 *     d * 5^q * 2^q is an integer times a power of two; for q < 0,
 *     d * 2^s / 5^-q is a quotient of at least 63 bits and a remainder that
 *     says whether anything is left below it. Rounding that to 53 bits (to
 *     nearest, ties to even) is what strtod does with its big-number code, at
 *     a few times the cost. The rest goes to strtod.
 * Nothing here prints, exits or aborts; all failures go through ec_error_set.
 */
#include "ec_csv.h"

#include <csv.h>
#include <nettle/sha2.h>

#include <errno.h>
#include <float.h>
#include <stddef.h>
#include <locale.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define READ_BLOCK ((size_t)1 << 20)

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

    /* The input: buf[beg, end) is read and not yet cut into lines. No '\n' is
     * in buf[beg, lf_scan) and no '\r' in buf[beg, cr_scan) (when >= beg). */
    FILE *fp;
    struct sha256_ctx *sha;
    char *buf;
    size_t cap, beg, end, lf_scan, cr_scan;
    int eof;
} reader;

static int reader_nomem(reader *r)
{
    r->status = ec_error_set(r->err, EC_ENOMEM, "%s:%zu: out of memory", r->path, r->rec_line);
    return r->status;
}

/* Grows *cap to at least need, doubling; returns the new block or NULL (block kept). */
static void *grow(void *p, size_t *cap, size_t need, size_t elem, size_t floor)
{
    size_t n = *cap ? *cap : floor;
    while (n < need) {
        if (n > (size_t)PTRDIFF_MAX / 2 / elem)
            return NULL;
        n *= 2;
    }
    if (n > (size_t)PTRDIFF_MAX / elem)
        return NULL;
    void *q = realloc(p, n * elem);
    if (q)
        *cap = n;
    return q;
}

static void on_field(void *s, size_t len, void *data)
{
    reader *r = data;
    if (r->status)
        return;
    if (r->ncells == r->cells_cap) {
        size_t old = r->cells_cap, ncap = old;
        ec_csv_cell *nc = grow(r->cells, &ncap, old + 1, sizeof *nc, 16);
        if (nc)
            r->cells = nc;
        size_t kcap = old;
        size_t *nk = nc ? grow(r->cell_cap, &kcap, old + 1, sizeof *nk, 16) : NULL;
        if (!nk) {
            reader_nomem(r);
            return;
        }
        r->cell_cap = nk;
        memset(nc + old, 0, (ncap - old) * sizeof *nc);
        memset(nk + old, 0, (ncap - old) * sizeof *nk);
        r->cells_cap = ncap;
    }
    ec_csv_cell *f = &r->cells[r->ncells];
    size_t *cap = &r->cell_cap[r->ncells];
    if (len + 1 > *cap) {
        char *ns = grow(f->s, cap, len + 1, 1, 32);
        if (!ns) {
            reader_nomem(r);
            return;
        }
        f->s = ns;
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
            ec_csv_record rec = { r->path, r->rec_line, r->ncells, r->cells, 0 };
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

/* Hands a comment line (without its line end) to the callback (EC_CSV_COMMENTS). */
static int deliver_comment(reader *r, const char *s, size_t len)
{
    while (len && (s[len - 1] == '\n' || s[len - 1] == '\r'))
        len--;
    r->ncells = 0; /* outside a quoted field no record is open */
    on_field((void *)(uintptr_t)s, len, r); /* copies into cells[0] */
    r->ncells = 0;
    if (r->status)
        return r->status;
    ec_csv_record rec = { r->path, r->line, 1, r->cells, 1 };
    r->status = r->fn(r->user, &rec, r->err);
    return r->status;
}

/*
 * Reads more of the file into the buffer, keeping the unread part. Returns EC_OK
 * (r->eof set at the end of the file) or the error, naming the line being read.
 */
static int refill(reader *r)
{
    if (r->beg > 0) {
        size_t keep = r->end - r->beg;
        memmove(r->buf, r->buf + r->beg, keep);
        r->lf_scan = r->lf_scan > r->beg ? r->lf_scan - r->beg : 0;
        r->cr_scan = r->cr_scan > r->beg ? r->cr_scan - r->beg : 0;
        r->beg = 0;
        r->end = keep;
    }
    if (r->end == r->cap) { /* one line fills the buffer: double it */
        size_t ncap = r->cap;
        char *nb = grow(r->buf, &ncap, r->cap + 1, 1, READ_BLOCK);
        if (!nb)
            return r->status = ec_error_set(r->err, EC_ENOMEM,
                                            "%s:%zu: out of memory reading the line (%zu bytes "
                                            "so far): it is longer than the memory available",
                                            r->path, r->line + 1, r->end);
        r->buf = nb;
        r->cap = ncap;
    }
    size_t want = r->cap - r->end;
    if (want > 16 * READ_BLOCK)
        want = 16 * READ_BLOCK;
    errno = 0;
    size_t got = fread(r->buf + r->end, 1, want, r->fp);
    if (got > 0) {
        sha256_update(r->sha, got, (const uint8_t *)r->buf + r->end);
        r->end += got;
        return EC_OK;
    }
    if (ferror(r->fp)) {
        int e = errno ? errno : EIO;
        return r->status = ec_error_set(r->err, EC_EIO, "%s:%zu: read error: %s", r->path,
                                        r->line + 1, strerror(e));
    }
    r->eof = 1;
    return EC_OK;
}

/*
 * Finds the next physical line in the buffer, reading more as needed: sets
 * *len to its length including its line end (LF, CRLF or CR; none at the end
 * of the file). Returns 1 with a line at buf + beg, 0 at the end of the file,
 * -1 on error.
 */
static int next_line(reader *r, size_t *len)
{
    for (;;) {
        size_t avail = r->end - r->beg;
        if (r->lf_scan < r->beg)
            r->lf_scan = r->beg;
        if (r->cr_scan < r->beg)
            r->cr_scan = r->beg;
        const char *b = r->buf;
        const char *lf = r->lf_scan < r->end ? memchr(b + r->lf_scan, '\n', r->end - r->lf_scan)
                                             : NULL;
        size_t lf_at = lf ? (size_t)(lf - b) : r->end;
        r->lf_scan = lf_at;
        const char *cr = r->cr_scan < lf_at ? memchr(b + r->cr_scan, '\r', lf_at - r->cr_scan)
                                            : NULL;
        size_t cr_at = cr ? (size_t)(cr - b) : lf_at;
        r->cr_scan = cr_at;
        if (cr) {
            if (cr_at + 1 < r->end || r->eof) {
                size_t eol = cr_at + 1 < r->end && b[cr_at + 1] == '\n' ? 2 : 1;
                *len = cr_at + eol - r->beg;
                return 1;
            }
            /* a CR at the end of what is read: CRLF or CR, see the next byte */
        } else if (lf) {
            *len = lf_at + 1 - r->beg;
            return 1;
        } else if (r->eof) {
            *len = avail;
            return avail > 0;
        }
        if (refill(r))
            return -1;
    }
}

/* Number of '"' in s[0..len). */
static size_t count_quotes(const char *s, size_t len)
{
    size_t n = 0;
    const char *e = s + len, *q;
    while (s < e && (q = memchr(s, '"', (size_t)(e - s)))) {
        n++;
        s = q + 1;
    }
    return n;
}

/* Reads and parses the open file; returns EC_OK or the error status. */
static int parse_stream(reader *r)
{
    struct csv_parser parser;
    if (csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
        return ec_error_set(r->err, EC_ENOMEM, "%s: cannot initialise the CSV parser", r->path);

    int in_quote = 0;
    int rc = EC_OK, got;
    size_t len;
    while ((got = next_line(r, &len)) > 0) {
        const char *s = r->buf + r->beg;
        r->beg += len;
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
            if (len && s[0] == '#') {
                if ((r->flags & EC_CSV_COMMENTS) && deliver_comment(r, s, len)) {
                    rc = r->status;
                    goto done;
                }
                continue;
            }
            if (line_is_blank(s, len))
                continue;
            r->rec_line = r->line;
        }
        if (count_quotes(s, len) & 1)
            in_quote = !in_quote;
        /* Grow libcsv's field buffer geometrically, by at least this line. */
        size_t blk = parser.entry_size > len + 2 ? parser.entry_size : len + 2;
        csv_set_blk_size(&parser, blk > 128 ? blk : 128);
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
    if (got < 0) {
        rc = r->status;
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
    csv_free(&parser);
    return rc;
}

static void sha256_hex_of(struct sha256_ctx *sha, char hex[65])
{
    static const char digits[] = "0123456789abcdef";
    uint8_t digest[SHA256_DIGEST_SIZE];
    sha256_digest(sha, SHA256_DIGEST_SIZE, digest);
    for (int i = 0; i < SHA256_DIGEST_SIZE; i++) {
        hex[2 * i] = digits[digest[i] >> 4];
        hex[2 * i + 1] = digits[digest[i] & 15];
    }
    hex[64] = '\0';
}

void ec_sha256_hex(const void *data, size_t len, char sha256_hex[65])
{
    struct sha256_ctx sha;
    sha256_init(&sha);
    sha256_update(&sha, len, data);
    sha256_hex_of(&sha, sha256_hex);
}

char *ec_file_read(const char *path, size_t *len_out, ec_error *err)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        ec_error_set(err, EC_EIO, "cannot open '%s': %s", path, strerror(errno));
        return NULL;
    }
    size_t len = 0, cap = 0;
    char *text = NULL;
    for (;;) {
        if (len + 65536 + 1 > cap) {
            cap = 2 * cap + 65536 + 1;
            char *nt = realloc(text, cap);
            if (!nt) {
                free(text);
                fclose(fp);
                ec_error_set(err, EC_ENOMEM, "'%s': out of memory", path);
                return NULL;
            }
            text = nt;
        }
        size_t got = fread(text + len, 1, cap - len - 1, fp);
        len += got;
        if (got == 0) break;
    }
    int bad = ferror(fp);
    int e = errno;
    fclose(fp);
    if (bad) {
        free(text);
        ec_error_set(err, EC_EIO, "cannot read '%s': %s", path, strerror(e));
        return NULL;
    }
    text[len] = '\0';
    if (len_out) *len_out = len;
    return text;
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

    struct sha256_ctx sha;
    sha256_init(&sha);
    reader r = { .path = path, .flags = flags, .fn = fn, .user = user, .err = err,
                 .fp = fp, .sha = &sha };
    int rc;
    r.buf = malloc(READ_BLOCK);
    if (!r.buf) {
        fclose(fp);
        return ec_error_set(err, EC_ENOMEM, "%s: out of memory", path);
    }
    r.cap = READ_BLOCK;

    /* Callbacks parse numbers in the "C" locale whatever the host program set. */
    locale_t cloc = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
    locale_t old = cloc ? uselocale(cloc) : (locale_t)0;
    rc = parse_stream(&r);
    if (cloc) {
        uselocale(old);
        freelocale(cloc);
    }
    fclose(fp);
    free(r.buf);
    for (size_t i = 0; i < r.cells_cap; i++)
        free(r.cells[i].s);
    free(r.cells);
    free(r.cell_cap);

    if (rc == EC_OK && sha256_hex)
        sha256_hex_of(&sha, sha256_hex);
    return rc;
}

/* ------------------------------------------------------------- numbers */

#if defined(__SIZEOF_INT128__) && FLT_RADIX == 2 && DBL_MANT_DIG == 53 && DBL_MAX_EXP == 1024
#define EC_FAST_STRTOD 1
__extension__ typedef unsigned __int128 u128;

/* 5^k for k = 0..27 (5^27 < 2^63). */
static const uint64_t pow5[28] = {
    UINT64_C(1), UINT64_C(5), UINT64_C(25), UINT64_C(125), UINT64_C(625), UINT64_C(3125),
    UINT64_C(15625), UINT64_C(78125), UINT64_C(390625), UINT64_C(1953125),
    UINT64_C(9765625), UINT64_C(48828125), UINT64_C(244140625), UINT64_C(1220703125),
    UINT64_C(6103515625), UINT64_C(30517578125), UINT64_C(152587890625),
    UINT64_C(762939453125), UINT64_C(3814697265625), UINT64_C(19073486328125),
    UINT64_C(95367431640625), UINT64_C(476837158203125), UINT64_C(2384185791015625),
    UINT64_C(11920928955078125), UINT64_C(59604644775390625),
    UINT64_C(298023223876953125), UINT64_C(1490116119384765625),
    UINT64_C(7450580596923828125),
};

static int bitlen64(uint64_t x)
{
    return x ? 64 - __builtin_clzll(x) : 0;
}

static int bitlen128(u128 x)
{
    uint64_t hi = (uint64_t)(x >> 64);
    return hi ? 64 + bitlen64(hi) : bitlen64((uint64_t)x);
}

/*
 * The double nearest to v * 2^e2 (v > 0; `sticky` says that the exact value
 * lies strictly above v * 2^e2 by less than 2^e2), ties to even. The caller
 * keeps the result in the normal range, and gives a sticky bit only with
 * v >= 2^54.
 */
static double round_to_double(u128 v, int e2, int sticky, int neg)
{
    int L = bitlen128(v);
    if (L <= 53) {
        v <<= 53 - L;
        e2 -= 53 - L;
    } else {
        int sh = L - 53;
        u128 rem = v & ((((u128)1) << sh) - 1), half = ((u128)1) << (sh - 1);
        v >>= sh;
        e2 += sh;
        if (rem > half || (rem == half && (sticky || (v & 1)))) {
            v++;
            if (v >> 53) {
                v >>= 1;
                e2++;
            }
        }
    }
    uint64_t m = (uint64_t)v; /* 2^52 <= m < 2^53 */
    uint64_t bits = ((uint64_t)(e2 + 52 + 1023) << 52) | (m & ((UINT64_C(1) << 52) - 1));
    if (neg)
        bits |= UINT64_C(1) << 63;
    double d;
    memcpy(&d, &bits, sizeof d);
    return d;
}


#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define EC_SWAR_DIGITS 1
/*
 * Digits eight at a time (SWAR): x holds up to 8 bytes of text, the first in
 * its lowest byte. digit_run() is how many of them, from the first, are
 * decimal digits; digits_value() the number written by the first k (1..8).
 */
static int digit_run(uint64_t x)
{
    /* a byte is a digit when its high nibble is 3 and adding 6 does not carry into it */
    uint64_t bad = ((x & UINT64_C(0xF0F0F0F0F0F0F0F0)) ^ UINT64_C(0x3030303030303030)) |
                   (((x + UINT64_C(0x0606060606060606)) & UINT64_C(0xF0F0F0F0F0F0F0F0)) ^
                    UINT64_C(0x3030303030303030));
    return bad ? __builtin_ctzll(bad) / 8 : 8;
}

static uint64_t digits_value(uint64_t x, int k)
{
    x = (x << (8 * (8 - k))) & UINT64_C(0x0F0F0F0F0F0F0F0F); /* the k digits last, zeros first */
    x = (x * 10 + (x >> 8)) & UINT64_C(0x00FF00FF00FF00FF);     /* pairs: 10 a + b */
    x = (x * 100 + (x >> 16)) & UINT64_C(0x0000FFFF0000FFFF);   /* fours */
    x = (x * 10000 + (x >> 32)) & UINT64_C(0x00000000FFFFFFFF); /* eight */
    return x;
}

static const uint64_t pow10_8[9] = { 1, 10, 100, 1000, 10000, 100000, 1000000, 10000000,
                                     100000000 };
#endif

/*
 * Appends the run of digits at *pp (before e) to w, counting significant digits in *sig
 * (leading zeros of the whole number do not count) and all digits in *nd. Returns 0 when
 * more than 19 significant digits would be needed.
 */
static int read_digits(const char **pp, const char *e, uint64_t *wp, int *sigp, int *nd)
{
    const char *p = *pp;
    uint64_t w = *wp; /* locals, not the pointers: no store per digit */
    int sig = *sigp;
#ifdef EC_SWAR_DIGITS
    while (p < e) {
        size_t rem = (size_t)(e - p);
        uint64_t x = 0;
        if (rem >= 8)
            memcpy(&x, p, 8);
        else
            memcpy(&x, p, rem);
        int k = digit_run(x);
        if (k > (int)rem)
            k = (int)rem;
        if (k == 0)
            break;
        if (w == 0) { /* leading zeros: skip them */
            uint64_t nz = x ^ UINT64_C(0x3030303030303030);
            int z = nz ? __builtin_ctzll(nz) / 8 : 8;
            if (z > 0) {
                p += z < k ? z : k;
                continue;
            }
        }
        if (sig + k > 19)
            return 0;
        w = w * pow10_8[k] + digits_value(x, k);
        sig += k;
        p += k;
        if (k < 8)
            break;
    }
#else
    while (p < e && (unsigned)(*p - '0') < 10) {
        if (w || *p != '0') {
            if (++sig > 19)
                return 0;
            w = w * 10 + (uint64_t)(*p - '0');
        }
        p++;
    }
#endif
    *nd += (int)(p - *pp);
    *pp = p;
    *wp = w;
    *sigp = sig;
    return 1;
}
#endif /* EC_FAST_STRTOD */

int ec_parse_decimal(const char *s, size_t len, double *out)
{
#ifdef EC_FAST_STRTOD
    const char *p = s, *e = s + len;
    if (len == 0 || len > 400)
        return 0;
    int neg = 0;
    if (*p == '-' || *p == '+')
        neg = *p++ == '-';
    uint64_t w = 0;
    int sig = 0, q = 0, nd = 0;
    if (!read_digits(&p, e, &w, &sig, &nd))
        return 0;
    if (p < e && *p == '.') {
        p++;
        const char *f = p;
        if (!read_digits(&p, e, &w, &sig, &nd))
            return 0;
        q = -(int)(p - f);
    }
    if (nd == 0)
        return 0;
    if (p < e && (*p == 'e' || *p == 'E')) {
        p++;
        int eneg = 0, x = 0, ed = 0;
        if (p < e && (*p == '-' || *p == '+'))
            eneg = *p++ == '-';
        while (p < e && (unsigned)(*p - '0') < 10) {
            if (++ed > 4)
                return 0;
            x = x * 10 + (*p++ - '0');
        }
        if (!ed)
            return 0;
        q += eneg ? -x : x;
    }
    if (p != e) /* anything else, an embedded NUL byte included: strtod decides */
        return 0;
    if (w == 0) {
        *out = neg ? -0.0 : 0.0;
        return 1;
    }
    if (q >= 0 && q <= 27) {
        *out = round_to_double((u128)w * pow5[q], q, 0, neg);
        return 1;
    }
    if (q < 0 && q >= -27) {
        uint64_t D = pow5[-q];
        int s2 = 63 + bitlen64(D) - bitlen64(w); /* w * 2^s2 / D lies in (2^62, 2^64) */
        u128 N = (u128)w << s2;
        uint64_t Q = (uint64_t)(N / D);
        *out = round_to_double(Q, -s2 + q, N != (u128)Q * D, neg);
        return 1;
    }
#else
    (void)s;
    (void)len;
    (void)out;
#endif
    return 0;
}
