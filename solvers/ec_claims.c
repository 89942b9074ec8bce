/*
 * ec_claims.c — the claims ledger (see ec_claims.h).
 *
 * Claims
 * ------
 * Announcements of new models often come with statements such as "our model
 * reaches comparable quality at 30% of model X's compute and 10% of model
 * Y's". Each is a claim (S, B, f): the subject S matches the baseline B
 * while using a fraction f of B's training compute. Taken one at a time
 * such claims cannot be compared; taken together they overlap (several
 * claims about one model, chains through common baselines) and may or may
 * not agree with each other. The ledger turns a set of claims into one
 * efficiency factor per model and says whether the set is coherent.
 *
 * Model
 * -----
 * Every model m gets a factor φ_m > 0 such that one FLOP of m's training is
 * worth φ_m FLOP of the reference model's: effective compute = physical
 * compute × φ_m, and φ_ref = 1 defines the unit. "S matches B with f of B's
 * compute" means S's effective compute equals B's when S's physical compute
 * is f times B's: φ_S · f · C_B = φ_B · C_B, i.e.
 *
 *     θ_S − θ_B = −log f,    θ_m = log φ_m,  θ_ref = 0.
 *
 * Each claim is one linear equation in θ. The observation y_i = −log f_i is
 * taken to carry an error with standard deviation σ_i (the claim's log_sd:
 * 0.1 means "f is right to about ±10%"), independent between claims.
 *
 * Estimation
 * ----------
 * With the reference's θ fixed at 0, the unknowns are the other p = M − 1
 * log factors. The design matrix X (n claims × p) has +1 in the subject's
 * column and −1 in the baseline's (no entry for the reference), and
 *
 *     θ̂ = argmin Σ_i w_i (y_i − x_iᵀθ)²,   w_i = 1/σ_i²,
 *
 * solves the normal equations A θ̂ = XᵀWy with A = XᵀWX. A is the weighted
 * Laplacian of the claims graph (A_mm = Σ w over m's claims, A_mk = −Σ w
 * over the claims between m and k) with the reference's row and column
 * removed; it has two entries per claim at most, and it is symmetric
 * positive definite exactly when every model is joined to the reference by
 * a chain of claims. That is checked first with a union–find, so that the
 * error can name every model that is cut off. The covariance of θ̂ is A⁻¹,
 * *not* multiplied by the reduced χ²: the σ_i are the user's stated
 * uncertainties and are taken as known, so the standard errors say what
 * the claims imply if they are as good as stated. The reduced χ² is
 * reported beside them; when it is well above 1 the claims disagree more
 * than their σ allow and the standard errors are too small. 95% intervals
 * are exp(θ̂ ± z se) with z = Φ⁻¹(0.975) = 1.959963984540054
 * (ec_interval_z, the value of every normal interval in effcomp; the
 * ledger used 1.96 before); the factor's interval is asymmetric.
 *
 * Solver: CHOLMOD on the normal equations
 * ---------------------------------------
 * The ledger used to build the dense n × p matrix X and take GSL's SVD of
 * it: 100 s for 1,000 models and 5,000 claims, 404 s for 20,000, and 4 GB
 * for X alone at 10,000 × 50,000. It now assembles the sparse A (a
 * CHOLMOD triplet, duplicates summed) and factors it with CHOLMOD's
 * supernodal Cholesky A = PᵀLLᵀP, P from AMD, then solves for θ̂ and
 * refines it once against the claims themselves (g = XᵀW(y − Xθ̂), summed
 * claim by claim, then θ̂ += A⁻¹g), which restores the digits that the
 * normal equations lose when the weights spread (tests: stiff cycles).
 * Measured on synthetic ledgers (bench/claims.sh; "recent": claims against
 * the 20 models released before, "uniform": any pair) on a 2-core machine:
 *
 *   - SPQR on W^½X (the QR route, R and Qᵀb only) took 0.47 s and 129 MB
 *     for θ̂ alone at 1,000 × 20,000 uniform, and 32 s and 1.7 GB at
 *     10,000 × 50,000 uniform: its fronts carry every claim row. CHOLMOD
 *     factors the same problems in 0.02 s and 0.9 s (358 MB at its peak).
 *     Its R has the pattern of Lᵀ, so it saves no memory either.
 *   - AMD against METIS and CHOLMOD's nested dissection: AMD gave the
 *     least fill on both kinds of graph (10,000 × 50,000 uniform: 13.0M
 *     entries in L against 15.8M and 15.6M; recent: 167k against 234k and
 *     230k), and orders in a fraction of the time, so it is the only method
 *     tried (CHOLMOD's default would also try METIS when the fill is large).
 *
 * Memory is the factor's. On graphs like real ledgers (a band in release
 * order) the fill is small and the solve takes 160–190 bytes per claim
 * (measured: 9, 17, 32 MB for 50k, 100k, 200k claims). A uniformly random
 * graph is an expander and no ordering avoids fill: at 10,000 × 50,000 the
 * last supernode is a dense block over 5,185 models and the factor takes
 * 224 MB (the old dense X, 4 GB). No dense n × p or p × p array is formed
 * on this path; cov_log, the one p × p array, is filled only for small
 * ledgers (below).
 *
 * Numerical rank. A is singular only if some model is cut off, which the
 * union–find excludes, but rounding can make it singular when the weights
 * spread over many orders of magnitude: with a claim of log_sd 1e-9 beside
 * one of log_sd 1, 1 + 1e18 = 1e18 and the weak claim is lost in A itself.
 * The factorisation then either meets a pivot that is not positive or a
 * pivot L_jj² that keeps less than PIVOT_MIN = 1e-10 of its diagonal A_jj:
 * the rest cancelled, and what is left has lost about log10(A_jj/L_jj²)
 * digits. Both are reported as bad input (EC_EDATA), naming the model of
 * that column and telling the user to raise the smallest log_sd. Below
 * that, the standard errors keep about 16 − log10(A_jj/L_jj²) digits
 * (measured: 8–9 digits for a log_sd spread of 1e4 inside a cycle), the
 * refined log factors more (10 digits there, as the dense SVD).
 *
 * Standard errors: selected inversion. se_log needs the diagonal of A⁻¹.
 * Solving against every unit vector costs p solves (10,000 × 13M entries
 * at 10,000 × 50,000 uniform); instead selected_inverse() runs Takahashi's
 * recurrences over the supernodes from the top down, which give the
 * entries of A⁻¹ on the pattern of L at about twice the cost of the
 * factorisation (measured 1.4 s against 0.9 s there, 0.02 s for recent
 * graphs), in the factor's own memory plus one dense block for the
 * largest supernode's rows. Takahashi, Fagan and Chen (1973), "Formation
 * of a sparse bus impedance matrix and its application to short circuit
 * study"; the supernodal form follows Lin, Yang, Meza, Lu, Ying and E
 * (2011), "SelInv — an algorithm for selected inversion of a sparse
 * symmetric matrix", ACM TOMS 37(4). The blocks use BLAS (dtrsm, dsymm,
 * dgemm) and LAPACK's dpotri from OpenBLAS, which libeffcomp links.
 *
 * Dense covariance. cov_log (M × M) is filled only for ledgers of at most
 * EC_LEDGER_COV_MAX_MODELS = 500 models, by solves against blocks of 128
 * unit vectors; above it cov_log is NULL. It takes M² doubles (800 MB at
 * 10,000 models) and M solves, which soon cost more than everything else:
 * at 1,000 models 0.03–0.08 s, against 0.01–0.04 s for the factorisation,
 * the log factors and the standard errors together (cmd_claims does not
 * use it).
 *
 * Consistency
 * -----------
 * The residual of claim i is r_i = y_i − (θ̂_S − θ̂_B), and its standardised
 * residual r_i/σ_i. χ² = Σ (r_i/σ_i)² has dof = n − p degrees of freedom:
 * the number of independent cycles in the claims graph (claims beyond a
 * spanning tree). Under the model χ² ~ χ²_dof, so p = Q(χ²; dof)
 * (gsl_cdf_chisq_Q) is the probability of disagreement at least this large
 * if all claims were right to within their σ. With dof = 0 the claims form
 * a tree: every claim is fitted exactly and nothing can be tested (p is
 * NAN). For one cycle of three claims with equal σ and misfit d (the sum
 * of y around the cycle), each residual is ±d/3 and χ² = d²/(3σ²).
 *
 * CSV
 * ---
 * Claims and compute files are read with ec_csv_read() (ec_csv.h), the
 * reader behind ec_dataset.c too: libcsv in strict mode, '#' comment lines
 * and blank lines skipped outside quoted fields, a UTF-8 BOM dropped, the
 * SHA-256 of the file's bytes, cells trimmed (EC_CSV_TRIM). Numbers are
 * parsed with strtod in the "C" locale the reader sets for its callbacks.
 *
 * Nothing here prints, exits or aborts; all failures go through ec_error_set.
 */
#include "ec_claims.h"

#include "ec_csv.h"
#include "ec_interval.h"

#include <cholmod.h>
#include <gsl/gsl_cblas.h>
#include <gsl/gsl_cdf.h>

#include <math.h>
#include <omp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PIVOT_MIN 1e-10 /* smallest pivot / diagonal of the normal matrix kept as full rank */
#define SHOW_MAX 80 /* longest cell text quoted in a message */

static char *dup_str(const char *s)
{
    size_t len = strlen(s);
    char *d = malloc(len + 1);
    if (d)
        memcpy(d, s, len + 1);
    return d;
}

/*
 * Appends "a, b, c" (names[idx[k]] for k < n, or names[k] when idx is NULL)
 * to buf, quoted with `q` (a string such as "'" or ""), ending in
 * "... (K more)" when the list does not fit.
 */
static void join_names(char *buf, size_t cap, char *const *names, const size_t *idx, size_t n,
                       const char *q)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t k = 0; k < n; k++) {
        const char *nm = names[idx ? idx[k] : k];
        char more[48];
        snprintf(more, sizeof more, "%s... (%zu more)", k ? ", " : "", n - k);
        size_t need = strlen(nm) + 2 * strlen(q) + 2;
        if (used + need + strlen(more) + 1 > cap) {
            snprintf(buf + used, cap - used, "%s", more);
            return;
        }
        used += (size_t)snprintf(buf + used, cap - used, "%s%s%s%s", k ? ", " : "", q, nm, q);
    }
}

/* ---------------------------------------------------------- name index */

/*
 * A hash set of names held in a caller's array: `slot` holds indices into
 * that array (NI_EMPTY when free), open addressing with linear probing,
 * FNV-1a hashes, at most half full. The array is passed to every call, so
 * it may be reallocated between calls. Finding the models of 50,000 claims
 * by scanning a list took seconds; this takes milliseconds.
 */
typedef struct name_index {
    size_t *slot;
    size_t cap, n;
} name_index;
#define NI_EMPTY SIZE_MAX

static size_t name_hash(const char *s)
{
    uint64_t h = 14695981039346656037u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    return (size_t)(h ^ (h >> 29));
}

/* Where `name` is, or the free slot where it would go (the table has one). */
static size_t ni_slot(const name_index *ni, char *const *names, const char *name)
{
    size_t mask = ni->cap - 1, h = name_hash(name) & mask;
    while (ni->slot[h] != NI_EMPTY && strcmp(names[ni->slot[h]], name) != 0)
        h = (h + 1) & mask;
    return h;
}

/* Index of `name` in `names`, or -1. */
static long ni_find(const name_index *ni, char *const *names, const char *name)
{
    if (!ni->cap)
        return -1;
    size_t at = ni->slot[ni_slot(ni, names, name)];
    return at == NI_EMPTY ? -1 : (long)at;
}

/* Adds names[idx], which must not be in the set yet: EC_OK or EC_ENOMEM. */
static int ni_add(name_index *ni, char *const *names, size_t idx)
{
    if (2 * (ni->n + 1) > ni->cap) {
        name_index big = { NULL, ni->cap ? 2 * ni->cap : 64, ni->n };
        if (!(big.slot = malloc(big.cap * sizeof *big.slot)))
            return EC_ENOMEM;
        for (size_t k = 0; k < big.cap; k++)
            big.slot[k] = NI_EMPTY;
        for (size_t k = 0; k < ni->cap; k++)
            if (ni->slot[k] != NI_EMPTY)
                big.slot[ni_slot(&big, names, names[ni->slot[k]])] = ni->slot[k];
        free(ni->slot);
        *ni = big;
    }
    ni->slot[ni_slot(ni, names, names[idx])] = idx;
    ni->n++;
    return EC_OK;
}

/* --------------------------------------------------------- CSV records */

static int record_nomem(const ec_csv_record *r, ec_error *err)
{
    return ec_error_set(err, EC_ENOMEM, "%s:%zu: out of memory", r->path, r->line);
}

/* The trimmed text of field i of the record ("" beyond its end). */
static const char *field(const ec_csv_record *r, int i)
{
    return i >= 0 && (size_t)i < r->ncells ? r->cells[i].s : "";
}

/*
 * Finds the `n` wanted header names in the current record (the header): idx[k]
 * is the column or -1. The first `n_required` are required; a missing one is
 * an error that lists the header. `format` describes the expected header.
 */
static int find_columns(const ec_csv_record *r, ec_error *err, const char *const *want, int n,
                        int n_required, int *idx, const char *format)
{
    char missing[256];
    size_t used = 0;
    int nmissing = 0;
    missing[0] = '\0';
    for (int k = 0; k < n; k++) {
        idx[k] = -1;
        for (size_t i = 0; i < r->ncells; i++) {
            if (strcmp(r->cells[i].s, want[k]) != 0)
                continue;
            if (idx[k] >= 0)
                return ec_error_set(err, EC_EDATA,
                                    "%s:%zu: column '%s' appears twice in the header, as "
                                    "columns %d and %zu; rename or remove one of them",
                                    r->path, r->line, want[k], idx[k] + 1, i + 1);
            idx[k] = (int)i;
        }
        if (idx[k] < 0 && k < n_required) {
            used += (size_t)snprintf(missing + used, sizeof missing - used, "%s'%s'",
                                     nmissing ? ", " : "", want[k]);
            nmissing++;
        }
    }
    if (!nmissing)
        return EC_OK;
    char *names[64];
    size_t nn = r->ncells < 64 ? r->ncells : 64;
    for (size_t i = 0; i < nn; i++)
        names[i] = r->cells[i].s;
    char have[512];
    join_names(have, sizeof have, names, NULL, nn, "'");
    return ec_error_set(err, EC_EDATA,
                        "%s:%zu: column%s %s not found in the header; %s; the header has: %s%s",
                        r->path, r->line, nmissing > 1 ? "s" : "", missing, format, have,
                        r->ncells > nn ? ", ..." : "");
}

/* A record longer than the header with a non-empty extra field is an error. */
static int check_width(const ec_csv_record *r, ec_error *err, size_t nheader,
                       size_t header_line)
{
    for (size_t i = nheader; i < r->ncells; i++)
        if (r->cells[i].len)
            return ec_error_set(err, EC_EDATA,
                                "%s:%zu: record has %zu fields but the header (line %zu) has "
                                "%zu; quote fields that contain commas",
                                r->path, r->line, r->ncells, header_line, nheader);
    return EC_OK;
}

/*
 * Parses field `col` (header `hdr`) as a finite number > 0 into *v. `what`
 * ends the message for a cell that is not a number.
 */
static int positive_cell(const ec_csv_record *r, ec_error *err, int col, const char *hdr,
                         const char *what, double *v)
{
    const char *text = field(r, col);
    size_t tlen = strlen(text);
    if (col >= 0 && (size_t)col < r->ncells && r->cells[col].len != tlen)
        return ec_error_set(err, EC_EDATA,
                            "%s:%zu: column %d '%s': the cell contains a NUL byte; is the file binary "
                            "or UTF-16? Save it as UTF-8 or ASCII text",
                            r->path, r->line, col + 1, hdr);
    int show = tlen > SHOW_MAX ? SHOW_MAX : (int)tlen;
    const char *ell = tlen > SHOW_MAX ? "..." : "";
    if (tlen == 0)
        return ec_error_set(err, EC_EDATA, "%s:%zu: column %d '%s' is empty; %s", r->path,
                            r->line, col + 1, hdr, what);
    char *end;
    double x = strtod(text, &end);
    if (end == text || *end)
        return ec_error_set(err, EC_EDATA, "%s:%zu: column %d '%s': '%.*s%s' is not a number; %s",
                            r->path, r->line, col + 1, hdr, show, text, ell, what);
    if (!isfinite(x))
        return ec_error_set(err, EC_EDATA,
                            "%s:%zu: column %d '%s': '%.*s%s' is not a finite number", r->path,
                            r->line, col + 1, hdr, show, text, ell);
    if (!(x > 0))
        return ec_error_set(err, EC_EDATA,
                            "%s:%zu: column %d '%s': %.*s%s must be positive (> 0); %s", r->path,
                            r->line, col + 1, hdr, show, text, ell, what);
    *v = x;
    return EC_OK;
}

/* -------------------------------------------------------------- claims */

enum { COL_SUBJECT, COL_BASELINE, COL_FRACTION, COL_LOG_SD, COL_SOURCE, N_CLAIM_COLS };
static const char *const claim_cols[N_CLAIM_COLS] = {
    "subject", "baseline", "compute_fraction", "log_sd", "source"
};
#define CLAIMS_FORMAT "a claims file needs the columns subject,baseline,compute_fraction " \
    "(optional: log_sd, source)"
#define FRACTION_HINT "give the fraction of the baseline's compute as a number, e.g. 0.3 for 30%"
#define LOG_SD_HINT "log_sd is the standard deviation of log(compute_fraction), e.g. 0.1 " \
    "for about +-10%; leave the cell empty for the default"

typedef struct claims_ctx {
    ec_claims *c;
    size_t cap;
    double default_log_sd;
    int have_header;
    size_t nheader, header_line;
    int idx[N_CLAIM_COLS];
} claims_ctx;

static int claims_record(void *user, const ec_csv_record *r, ec_error *err)
{
    claims_ctx *x = user;
    if (!x->have_header) {
        x->have_header = 1;
        x->nheader = r->ncells;
        x->header_line = r->line;
        return find_columns(r, err, claim_cols, N_CLAIM_COLS, 3, x->idx, CLAIMS_FORMAT);
    }
    int rc = check_width(r, err, x->nheader, x->header_line);
    if (rc)
        return rc;
    const char *subject = field(r, x->idx[COL_SUBJECT]);
    const char *baseline = field(r, x->idx[COL_BASELINE]);
    if (!subject[0] || !baseline[0]) {
        int col = !subject[0] ? COL_SUBJECT : COL_BASELINE;
        return ec_error_set(err, EC_EDATA,
                            "%s:%zu: column %d '%s' is empty; every claim names a subject and a "
                            "baseline model", r->path, r->line, x->idx[col] + 1,
                            claim_cols[col]);
    }
    if (strcmp(subject, baseline) == 0)
        return ec_error_set(err, EC_EDATA,
                            "%s:%zu: claim of '%s' against itself (a cycle to self); a claim "
                            "compares two different models: fix the subject or the baseline",
                            r->path, r->line, subject);
    ec_claim cl = { 0 };
    cl.line = r->line;
    rc = positive_cell(r, err, x->idx[COL_FRACTION], claim_cols[COL_FRACTION], FRACTION_HINT,
                       &cl.fraction);
    if (rc)
        return rc;
    cl.log_sd = x->default_log_sd;
    if (x->idx[COL_LOG_SD] >= 0 && field(r, x->idx[COL_LOG_SD])[0]) {
        rc = positive_cell(r, err, x->idx[COL_LOG_SD], claim_cols[COL_LOG_SD], LOG_SD_HINT,
                           &cl.log_sd);
        if (rc)
            return rc;
    }
    ec_claims *c = x->c;
    if (c->n == x->cap) {
        size_t ncap = x->cap ? 2 * x->cap : 16;
        ec_claim *ni = realloc(c->items, ncap * sizeof *ni);
        if (!ni)
            return record_nomem(r, err);
        c->items = ni;
        x->cap = ncap;
    }
    cl.subject = dup_str(subject);
    cl.baseline = dup_str(baseline);
    cl.source = dup_str(field(r, x->idx[COL_SOURCE]));
    if (!cl.subject || !cl.baseline || !cl.source) {
        free(cl.subject);
        free(cl.baseline);
        free(cl.source);
        return record_nomem(r, err);
    }
    c->items[c->n++] = cl;
    return EC_OK;
}

ec_claims *ec_claims_load_csv(const char *path, double default_log_sd, ec_error *err)
{
    if (!path) {
        ec_error_set(err, EC_EINVAL, "claims: no CSV path given");
        return NULL;
    }
    if (isfinite(default_log_sd) && default_log_sd > 0 && !isfinite(1.0 / (default_log_sd * default_log_sd))) {
        ec_error_set(err, EC_EINVAL,
                     "claims: default log_sd %g is too small: its weight 1/log_sd^2 overflows; use at least 1e-150",
                     default_log_sd);
        return NULL;
    }
    if (!(isfinite(default_log_sd) && default_log_sd > 0)) {
        ec_error_set(err, EC_EINVAL,
                     "%s: default log_sd %g must be a finite positive number (the standard "
                     "deviation of log(compute_fraction), e.g. 0.1)", path, default_log_sd);
        return NULL;
    }
    claims_ctx x;
    memset(&x, 0, sizeof x);
    x.default_log_sd = default_log_sd;
    x.c = calloc(1, sizeof *x.c);
    if (!x.c || !(x.c->path = dup_str(path))) {
        ec_claims_free(x.c);
        ec_error_set(err, EC_ENOMEM, "%s: out of memory", path);
        return NULL;
    }
    if (ec_csv_read(path, EC_CSV_TRIM, claims_record, &x, x.c->sha256, err) != EC_OK) {
        ec_claims_free(x.c);
        return NULL;
    }
    if (x.c->n == 0) {
        if (!x.have_header)
            ec_error_set(err, EC_EDATA,
                         "no claims in %s: the file has no header and no rows (only comments "
                         "or blank lines); %s", path, CLAIMS_FORMAT);
        else
            ec_error_set(err, EC_EDATA, "no claims in %s: nothing follows the header on line %zu",
                         path, x.header_line);
        ec_claims_free(x.c);
        return NULL;
    }
    return x.c;
}

void ec_claims_free(ec_claims *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->n; i++) {
        free(c->items[i].subject);
        free(c->items[i].baseline);
        free(c->items[i].source);
    }
    free(c->items);
    free(c->path);
    free(c);
}

/* ------------------------------------------------------------- compute */

enum { COL_NAME, COL_COMPUTE, N_COMPUTE_COLS };
static const char *const compute_cols[N_COMPUTE_COLS] = { "name", "compute" };
#define COMPUTE_FORMAT "a compute file needs the columns name,compute (physical training " \
    "compute in FLOP)"

typedef struct compute_ctx {
    ec_model_compute *mc;
    size_t cap;
    int have_header;
    size_t nheader, header_line;
    int idx[N_COMPUTE_COLS];
    name_index names;      /* over mc->name, for the check of names given twice */
} compute_ctx;

static int compute_record(void *user, const ec_csv_record *r, ec_error *err)
{
    compute_ctx *x = user;
    if (!x->have_header) {
        x->have_header = 1;
        x->nheader = r->ncells;
        x->header_line = r->line;
        return find_columns(r, err, compute_cols, N_COMPUTE_COLS, N_COMPUTE_COLS, x->idx,
                            COMPUTE_FORMAT);
    }
    int rc = check_width(r, err, x->nheader, x->header_line);
    if (rc)
        return rc;
    ec_model_compute *mc = x->mc;
    const char *name = field(r, x->idx[COL_NAME]);
    if (!name[0])
        return ec_error_set(err, EC_EDATA, "%s:%zu: column %d 'name' is empty; name the model",
                            r->path, r->line, x->idx[COL_NAME] + 1);
    long twice = ni_find(&x->names, mc->name, name);
    if (twice >= 0)
        return ec_error_set(err, EC_EDATA,
                            "%s:%zu: model '%s' is listed twice (first on line %zu); keep "
                            "one row per model", r->path, r->line, name, mc->line[twice]);
    double v;
    rc = positive_cell(r, err, x->idx[COL_COMPUTE], "compute",
                       "give the physical training compute in FLOP, e.g. 3.8e25", &v);
    if (rc)
        return rc;
    if (mc->n == x->cap) {
        size_t ncap = x->cap ? 2 * x->cap : 16;
        char **nn = realloc(mc->name, ncap * sizeof *nn);
        if (nn)
            mc->name = nn;
        double *nv = nn ? realloc(mc->compute, ncap * sizeof *nv) : NULL;
        if (nv)
            mc->compute = nv;
        size_t *nl = nv ? realloc(mc->line, ncap * sizeof *nl) : NULL;
        if (!nl)
            return record_nomem(r, err);
        mc->line = nl;
        x->cap = ncap;
    }
    if (!(mc->name[mc->n] = dup_str(name)))
        return record_nomem(r, err);
    if (ni_add(&x->names, mc->name, mc->n)) {
        free(mc->name[mc->n]);
        return record_nomem(r, err);
    }
    mc->compute[mc->n] = v;
    mc->line[mc->n] = r->line;
    mc->n++;
    return EC_OK;
}

ec_model_compute *ec_model_compute_load_csv(const char *path, ec_error *err)
{
    if (!path) {
        ec_error_set(err, EC_EINVAL, "compute file: no CSV path given");
        return NULL;
    }
    compute_ctx x;
    memset(&x, 0, sizeof x);
    x.mc = calloc(1, sizeof *x.mc);
    if (!x.mc || !(x.mc->path = dup_str(path))) {
        ec_model_compute_free(x.mc);
        ec_error_set(err, EC_ENOMEM, "%s: out of memory", path);
        return NULL;
    }
    int rc = ec_csv_read(path, EC_CSV_TRIM, compute_record, &x, x.mc->sha256, err);
    free(x.names.slot);
    if (rc != EC_OK) {
        ec_model_compute_free(x.mc);
        return NULL;
    }
    if (x.mc->n == 0) {
        if (!x.have_header)
            ec_error_set(err, EC_EDATA, "no rows in %s: the file has no header and no rows; %s",
                         path, COMPUTE_FORMAT);
        else
            ec_error_set(err, EC_EDATA, "no rows in %s: nothing follows the header on line %zu",
                         path, x.header_line);
        ec_model_compute_free(x.mc);
        return NULL;
    }
    return x.mc;
}

void ec_model_compute_free(ec_model_compute *mc)
{
    if (!mc)
        return;
    for (size_t i = 0; i < mc->n; i++)
        free(mc->name[i]);
    free(mc->name);
    free(mc->compute);
    free(mc->line);
    free(mc->path);
    free(mc);
}

/* -------------------------------------------------------------- ledger */

void ec_ledger_clear(ec_ledger *l)
{
    if (!l)
        return;
    if (l->model)
        for (size_t k = 0; k < l->n_models; k++)
            free(l->model[k]);
    free(l->model);
    free(l->log_factor);
    free(l->se_log);
    free(l->factor);
    free(l->ci_lo);
    free(l->ci_hi);
    free(l->cov_log);
    free(l->compute);
    free(l->effective_compute);
    free(l->residual);
    free(l->std_residual);
    free(l->subject);
    free(l->baseline);
    free(l->fitted_se);
    free(l->implied_compute);
    free(l->implied_lo);
    free(l->implied_hi);
    free(l->effective_lo);
    free(l->effective_hi);
    free(l->reference);
    memset(l, 0, sizeof *l);
}

int ec_ledger_model_index(const ec_ledger *l, const char *name)
{
    if (!l || !name)
        return -1;
    for (size_t k = 0; k < l->n_models; k++)
        if (strcmp(l->model[k], name) == 0)
            return (int)k;
    return -1;
}

/* LAPACK (OpenBLAS): the inverse of a matrix from its Cholesky factor. */
extern void dpotri_(const char *uplo, const int *n, double *a, const int *lda, int *info,
                    size_t uplo_len);

static size_t uf_find(size_t *parent, size_t a)
{
    while (parent[a] != a) {
        parent[a] = parent[parent[a]];
        a = parent[a];
    }
    return a;
}

/*
 * Selected inversion (Takahashi's recurrences, supernode by supernode).
 * L is CHOLMOD's supernodal factor of A = P'LL'P. For a supernode J with
 * diagonal block L_JJ and the rows R below it (block L_RJ), the entries of
 * Z = (LL')^-1 on the pattern of L obey
 *
 *     Z_RJ = -Z_RR Y,   Z_JJ = L_JJ^-T L_JJ^-1 - Y' Z_RJ,   Y = L_RJ L_JJ^-1,
 *
 * and every entry of Z_RR lies on the pattern of the supernodes above J
 * (the rows R form a clique of the filled graph), so the supernodes are
 * taken from the last to the first, each overwriting its own block of L
 * with Z once its Y is formed. The work is of the order of the
 * factorisation's; the memory is the factor's plus one dense Z_RR and Y
 * for the largest supernode. On return var[Perm[j]] = Z_jj, the variance of
 * unknown Perm[j], and L's values are those of Z (the factor is spent).
 */
static int selected_inverse(cholmod_factor *L, double *var)
{
    const SuiteSparse_long *super = L->super, *pi = L->pi, *px = L->px, *Ls = L->s,
                           *perm = L->Perm;
    double *Lx = L->x;
    size_t ns = L->nsuper, n = L->n, maxnr = 0, maxnc = 0;
    for (size_t s = 0; s < ns; s++) {
        size_t nc = (size_t)(super[s + 1] - super[s]), nr = (size_t)(pi[s + 1] - pi[s]) - nc;
        maxnr = nr > maxnr ? nr : maxnr;
        maxnc = nc > maxnc ? nc : maxnc;
    }
    SuiteSparse_long *colsuper = malloc(n * sizeof *colsuper), *pos = malloc(n * sizeof *pos);
    double *zrr = malloc((maxnr * maxnr + 1) * sizeof *zrr);
    double *yb = malloc((maxnr * maxnc + 1) * sizeof *yb);
    int rc = colsuper && pos && zrr && yb ? EC_OK : EC_ENOMEM;
    for (size_t s = 0; rc == EC_OK && s < ns; s++)
        for (SuiteSparse_long j = super[s]; j < super[s + 1]; j++)
            colsuper[j] = (SuiteSparse_long)s;
    for (size_t s = ns; rc == EC_OK && s-- > 0;) {
        int nc = (int)(super[s + 1] - super[s]), ld = (int)(pi[s + 1] - pi[s]), nr = ld - nc;
        const SuiteSparse_long *rows = Ls + pi[s] + nc;
        double *ljj = Lx + px[s], *lrj = ljj + nc;
        /* Z_RR from the supernodes above (lower triangle). */
        SuiteSparse_long kcur = -1;
        for (int b = 0; b < nr; b++) {
            SuiteSparse_long k = rows[b], K = colsuper[k];
            if (K != kcur) {
                for (SuiteSparse_long t = pi[K]; t < pi[K + 1]; t++)
                    pos[Ls[t]] = t - pi[K];
                kcur = K;
            }
            const double *zk = Lx + px[K] + (k - super[K]) * (pi[K + 1] - pi[K]);
            for (int a = b; a < nr; a++)
                zrr[a + (size_t)b * (size_t)nr] = zk[pos[rows[a]]];
        }
        /* Y = L_RJ L_JJ^-1, then Z_RJ = -Z_RR Y in place of L_RJ. */
        for (int c = 0; c < nc; c++)
            memcpy(yb + (size_t)c * (size_t)nr, lrj + (size_t)c * (size_t)ld, (size_t)nr * sizeof *yb);
        if (nr) {
            cblas_dtrsm(CblasColMajor, CblasRight, CblasLower, CblasNoTrans, CblasNonUnit, nr, nc,
                        1.0, ljj, ld, yb, nr);
            cblas_dsymm(CblasColMajor, CblasLeft, CblasLower, nr, nc, -1.0, zrr, nr, yb, nr, 0.0,
                        lrj, ld);
        }
        /* Z_JJ = L_JJ^-T L_JJ^-1 - Y' Z_RJ in place of L_JJ (lower triangle). */
        int info = 0;
        dpotri_("L", &nc, ljj, &ld, &info, 1);
        if (info) {
            rc = EC_ENUMERIC;
            break;
        }
        if (nr)
            cblas_dgemm(CblasColMajor, CblasTrans, CblasNoTrans, nc, nc, nr, -1.0, yb, nr, lrj, ld,
                        1.0, ljj, ld);
        for (int c = 0; c < nc; c++)
            var[perm[super[s] + c]] = ljj[c + (size_t)c * (size_t)ld];
    }
    free(colsuper);
    free(pos);
    free(zrr);
    free(yb);
    return rc;
}

/*
 * After selected_inverse(): the entry Z_uv = cov(θ_u, θ_v) of unknowns u, v
 * whose pair is on the factor's pattern (every pair of an equation of A is:
 * a claim between them). iperm is the inverse of L->Perm. NAN when the pair
 * is not on the pattern.
 */
static double z_entry(const cholmod_factor *L, const SuiteSparse_long *iperm, size_t u, size_t v)
{
    const SuiteSparse_long *super = L->super, *pi = L->pi, *px = L->px, *Ls = L->s;
    const double *Lx = L->x;
    SuiteSparse_long a = iperm[u], b = iperm[v], c = a < b ? a : b, r = a < b ? b : a;
    size_t lo = 0, hi = L->nsuper; /* the supernode K with super[K] <= c < super[K + 1] */
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (super[mid] <= c) lo = mid;
        else hi = mid;
    }
    SuiteSparse_long K = (SuiteSparse_long)lo, ld = pi[K + 1] - pi[K];
    for (SuiteSparse_long t = 0; t < ld; t++)
        if (Ls[pi[K] + t] == r) return Lx[px[K] + (c - super[K]) * ld + t];
    return NAN;
}

/* Solution workspace, freed in one place. */
typedef struct solve_ws {
    size_t *s_idx, *b_idx, *parent, *cut;
    char **names;          /* borrowed from the claims, in first-appearance order */
    name_index index;      /* over names */
    double *rhs, *diag, *theta, *var;
    cholmod_common cc;
    int cc_started;
    cholmod_triplet *T;
    cholmod_sparse *A;
    cholmod_factor *L;
    cholmod_dense *B, *X, *Yw, *Ew;
} solve_ws;

static void solve_ws_free(solve_ws *ws)
{
    free(ws->s_idx);
    free(ws->b_idx);
    free(ws->parent);
    free(ws->cut);
    free(ws->names);
    free(ws->index.slot);
    free(ws->rhs);
    free(ws->diag);
    free(ws->theta);
    free(ws->var);
    if (ws->cc_started) {
        cholmod_l_free_triplet(&ws->T, &ws->cc);
        cholmod_l_free_sparse(&ws->A, &ws->cc);
        cholmod_l_free_factor(&ws->L, &ws->cc);
        cholmod_l_free_dense(&ws->B, &ws->cc);
        cholmod_l_free_dense(&ws->X, &ws->cc);
        cholmod_l_free_dense(&ws->Yw, &ws->cc);
        cholmod_l_free_dense(&ws->Ew, &ws->cc);
        cholmod_l_finish(&ws->cc);
    }
}

/* Allocates the ledger's arrays for m models and n claims (cov_log only up to the limit). */
static int ledger_alloc(ec_ledger *l, size_t m, size_t n)
{
    l->n_models = m;
    l->n_claims = n;
    l->model = calloc(m, sizeof *l->model);
    l->log_factor = calloc(m, sizeof(double));
    l->se_log = calloc(m, sizeof(double));
    l->factor = calloc(m, sizeof(double));
    l->ci_lo = calloc(m, sizeof(double));
    l->ci_hi = calloc(m, sizeof(double));
    if (m <= EC_LEDGER_COV_MAX_MODELS && !(l->cov_log = calloc(m * m, sizeof(double))))
        return EC_ENOMEM;
    l->compute = calloc(m, sizeof(double));
    l->effective_compute = calloc(m, sizeof(double));
    l->residual = calloc(n, sizeof(double));
    l->std_residual = calloc(n, sizeof(double));
    l->subject = calloc(n, sizeof(size_t));
    l->baseline = calloc(n, sizeof(size_t));
    l->fitted_se = calloc(n, sizeof(double));
    l->implied_compute = calloc(n, sizeof(double));
    l->implied_lo = calloc(n, sizeof(double));
    l->implied_hi = calloc(n, sizeof(double));
    l->effective_lo = calloc(m, sizeof(double));
    l->effective_hi = calloc(m, sizeof(double));
    if (!l->model || !l->log_factor || !l->se_log || !l->factor || !l->ci_lo || !l->ci_hi ||
        !l->compute || !l->effective_compute || !l->residual || !l->std_residual || !l->subject ||
        !l->baseline || !l->fitted_se || !l->implied_compute || !l->implied_lo || !l->implied_hi ||
        !l->effective_lo || !l->effective_hi)
        return EC_ENOMEM;
    return EC_OK;
}

/*
 * g = X'W(y - X theta), the gradient of the weighted sum of squares, summed
 * claim by claim in file order (so A is never needed to form a residual).
 */
static void normal_residual(const ec_claims *c, const solve_ws *ws, const double *theta,
                            double *g, size_t p)
{
    memset(g, 0, p * sizeof *g);
    for (size_t i = 0; i < c->n; i++) {
        const ec_claim *cl = &c->items[i];
        size_t s = ws->s_idx[i], b = ws->b_idx[i];
        double fitted = (s ? theta[s - 1] : 0.0) - (b ? theta[b - 1] : 0.0);
        double wr = (-log(cl->fraction) - fitted) / (cl->log_sd * cl->log_sd);
        if (s)
            g[s - 1] += wr;
        if (b)
            g[b - 1] -= wr;
    }
}

/* Solves A x = B[...] in place with the factor: EC_OK, or EC_ENOMEM/EC_ENUMERIC. */
static int factor_solve(solve_ws *ws)
{
    if (!cholmod_l_solve2(CHOLMOD_A, ws->L, ws->B, NULL, &ws->X, NULL, &ws->Yw, &ws->Ew, &ws->cc))
        return ws->cc.status == CHOLMOD_OUT_OF_MEMORY ? EC_ENOMEM : EC_ENUMERIC;
    return EC_OK;
}

/* The model (name) behind column j of the factor. */
static const char *factor_model(const solve_ws *ws, size_t j)
{
    return ws->names[((const SuiteSparse_long *)ws->L->Perm)[j] + 1];
}

/*
 * Numerical rank (see the essay): the column of the factor where the
 * factorisation stopped at a pivot that is not positive, or the first whose
 * pivot L_jj² keeps less than PIVOT_MIN of its diagonal (its model's weights
 * cancelled to rounding level), with the reason in `why`; p when neither.
 */
static size_t rank_lost(const solve_ws *ws, size_t p, char *why, size_t len)
{
    const cholmod_factor *L = ws->L;
    const SuiteSparse_long *super = L->super, *pi = L->pi, *px = L->px, *perm = L->Perm;
    const double *lx = L->x;
    if (L->minor < p) {
        snprintf(why, len, "the Cholesky factorisation met a pivot that is not positive");
        return L->minor;
    }
    for (size_t s = 0; s < L->nsuper; s++)
        for (SuiteSparse_long j = super[s]; j < super[s + 1]; j++) {
            double ljj = lx[px[s] + (j - super[s]) * (pi[s + 1] - pi[s] + 1)];
            double dia = ws->diag[perm[j]];
            if (!(ljj * ljj >= PIVOT_MIN * dia)) {
                snprintf(why, len, "its pivot %.3g is below %g of its claims' total weight %.3g",
                         ljj * ljj, PIVOT_MIN, dia);
                return (size_t)j;
            }
        }
    return p;
}

/* Exported by Debian's OpenBLAS builds (the pthread one stops its pool with the second; OpenBLAS calls it itself
 * before fork); weak, so a build against another BLAS links and skips the calls. */
extern void openblas_set_num_threads(int n) __attribute__((weak));
extern int blas_thread_shutdown_(void) __attribute__((weak));

void ec_blas_one_thread(void)
{
    if (openblas_set_num_threads) {
        const int omp_threads = omp_get_max_threads(); /* OMP_NUM_THREADS, or the cores */
        openblas_set_num_threads(1);
        omp_set_num_threads(omp_threads);
    }
    if (blas_thread_shutdown_) blas_thread_shutdown_();
}

int ec_ledger_solve(const ec_claims *c, const char *reference, ec_ledger *out, ec_error *err)
{
    if (!out)
        return ec_error_set(err, EC_EINVAL, "claims ledger: no result to fill (NULL)");
    memset(out, 0, sizeof *out);
    if (!c || c->n == 0 || !c->items)
        return ec_error_set(err, EC_EINVAL, "claims ledger: no claims to solve");
    if (!reference || !reference[0])
        return ec_error_set(err, EC_EINVAL,
                            "claims ledger: no reference model given; name the model whose "
                            "efficiency factor is 1");
    const char *path = c->path ? c->path : "claims";
    ec_gsl_quiet();

    size_t n = c->n;
    solve_ws ws;
    memset(&ws, 0, sizeof ws);
    int rc = EC_OK;
    ws.s_idx = malloc(n * sizeof *ws.s_idx);
    ws.b_idx = malloc(n * sizeof *ws.b_idx);
    ws.names = malloc(2 * n * sizeof *ws.names);
    if (!ws.s_idx || !ws.b_idx || !ws.names)
        goto nomem;

    /* Models in order of first appearance (subject before baseline). */
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        const ec_claim *cl = &c->items[i];
        if (!cl->subject || !cl->baseline || !(cl->fraction > 0) || !isfinite(cl->fraction) ||
            !(cl->log_sd > 0) || !isfinite(cl->log_sd) || strcmp(cl->subject, cl->baseline) == 0) {
            rc = ec_error_set(err, EC_EINVAL,
                              "%s:%zu: invalid claim (no models, the same model twice, or a "
                              "fraction or log_sd that is not finite and positive)",
                              path, cl->line);
            goto fail;
        }
        if (!isfinite(1.0 / (cl->log_sd * cl->log_sd))) {
            rc = ec_error_set(err, EC_EDATA,
                              "%s:%zu: log_sd %g is too small: its weight 1/log_sd^2 overflows; "
                              "use a log_sd of at least 1e-150",
                              path, cl->line, cl->log_sd);
            goto fail;
        }
        char *const pair[2] = { cl->subject, cl->baseline };
        for (int e = 0; e < 2; e++) {
            long k = ni_find(&ws.index, ws.names, pair[e]);
            if (k < 0) {
                ws.names[m] = pair[e];
                if (ni_add(&ws.index, ws.names, m))
                    goto nomem;
                k = (long)m++;
            }
            (e ? ws.b_idx : ws.s_idx)[i] = (size_t)k;
        }
    }
    long ref = ni_find(&ws.index, ws.names, reference);
    if (ref < 0) {
        char list[640];
        join_names(list, sizeof list, ws.names, NULL, m, "'");
        rc = ec_error_set(err, EC_EINVAL,
                          "reference '%s' is not among the %zu models of the claims in %s; "
                          "choose one of: %s (names must match exactly)",
                          reference, m, path, list);
        goto fail;
    }
    /* Reference first, the others keep their order. */
    {
        char *r = ws.names[ref];
        memmove(ws.names + 1, ws.names, (size_t)ref * sizeof *ws.names);
        ws.names[0] = r;
        size_t uref = (size_t)ref;
        for (size_t i = 0; i < n; i++) {
            size_t *e[2] = { &ws.s_idx[i], &ws.b_idx[i] };
            for (int k = 0; k < 2; k++)
                *e[k] = *e[k] == uref ? 0 : *e[k] < uref ? *e[k] + 1 : *e[k];
        }
    }

    /* Connectivity: every model must be joined to the reference by claims. */
    ws.parent = malloc(m * sizeof *ws.parent);
    ws.cut = malloc(m * sizeof *ws.cut);
    if (!ws.parent || !ws.cut)
        goto nomem;
    for (size_t k = 0; k < m; k++)
        ws.parent[k] = k;
    for (size_t i = 0; i < n; i++) {
        size_t a = uf_find(ws.parent, ws.s_idx[i]), b = uf_find(ws.parent, ws.b_idx[i]);
        if (a != b)
            ws.parent[a < b ? b : a] = a < b ? a : b;
    }
    size_t ncut = 0, root = uf_find(ws.parent, 0);
    for (size_t k = 1; k < m; k++)
        if (uf_find(ws.parent, k) != root)
            ws.cut[ncut++] = k;
    if (ncut) {
        char list[700];
        join_names(list, sizeof list, ws.names, ws.cut, ncut, "'");
        rc = ec_error_set(err, EC_EDATA,
                          "%s: %zu model%s not connected to the reference '%s' through the "
                          "claims: %s; add a claim linking %s to the reference or to a model "
                          "that is linked to it",
                          path, ncut, ncut > 1 ? "s are" : " is", reference, list,
                          ncut > 1 ? "each group of them" : "it");
        goto fail;
    }

    /* The normal equations A theta = X'Wy for theta_1..theta_{m-1} (theta_0 = 0). */
    size_t p = m - 1; /* >= 1: a claim joins two different models */
    ws.rhs = calloc(p, sizeof *ws.rhs);
    ws.diag = calloc(p, sizeof *ws.diag);
    ws.theta = calloc(p, sizeof *ws.theta);
    ws.var = calloc(p, sizeof *ws.var);
    if (!ws.rhs || !ws.diag || !ws.theta || !ws.var)
        goto nomem;
    cholmod_l_start(&ws.cc);
    ws.cc_started = 1;
    ws.cc.print = 0;                   /* the library never prints */
    ws.cc.nmethods = 1;                /* AMD only: see the essay for METIS */
    ws.cc.method[0].ordering = CHOLMOD_AMD;
    ws.cc.supernodal = CHOLMOD_SUPERNODAL;
    size_t noff = 0;
    for (size_t i = 0; i < n; i++)
        noff += ws.s_idx[i] && ws.b_idx[i];
    ws.T = cholmod_l_allocate_triplet(p, p, noff + p, -1, CHOLMOD_REAL, &ws.cc);
    if (!ws.T)
        goto cholmod_failed;
    {
        SuiteSparse_long *ti = ws.T->i, *tj = ws.T->j;
        double *tx = ws.T->x;
        size_t t = 0;
        for (size_t i = 0; i < n; i++) {
            const ec_claim *cl = &c->items[i];
            size_t s = ws.s_idx[i], b = ws.b_idx[i];
            double w = 1.0 / (cl->log_sd * cl->log_sd), wy = -log(cl->fraction) * w;
            if (s) {
                ws.diag[s - 1] += w;
                ws.rhs[s - 1] += wy;
            }
            if (b) {
                ws.diag[b - 1] += w;
                ws.rhs[b - 1] -= wy;
            }
            if (s && b) {
                ti[t] = (SuiteSparse_long)(s > b ? s : b) - 1;
                tj[t] = (SuiteSparse_long)(s > b ? b : s) - 1;
                tx[t++] = -w;
            }
        }
        for (size_t k = 0; k < p; k++) {
            ti[t] = tj[t] = (SuiteSparse_long)k;
            tx[t++] = ws.diag[k];
        }
        ws.T->nnz = t;
    }
    if (!(ws.A = cholmod_l_triplet_to_sparse(ws.T, 0, &ws.cc)))
        goto cholmod_failed;
    cholmod_l_free_triplet(&ws.T, &ws.cc);
    if (!(ws.L = cholmod_l_analyze(ws.A, &ws.cc)))
        goto cholmod_failed;
    if (!cholmod_l_factorize(ws.A, ws.L, &ws.cc))
        goto cholmod_failed;
    cholmod_l_free_sparse(&ws.A, &ws.cc);

    {
        char why[160];
        size_t bad = rank_lost(&ws, p, why, sizeof why);
        if (bad < p) {
            rc = ec_error_set(err, EC_EDATA,
                              "%s: the weighted least-squares problem is numerically singular "
                              "at model '%s' (%s): the log_sd values span too many orders of "
                              "magnitude; raise the smallest", path, factor_model(&ws, bad), why);
            goto fail;
        }
    }

    /* theta, then one step of refinement against the claims themselves. */
    if (!(ws.B = cholmod_l_allocate_dense(p, 1, p, CHOLMOD_REAL, &ws.cc)))
        goto cholmod_failed;
    memcpy(ws.B->x, ws.rhs, p * sizeof(double));
    if ((rc = factor_solve(&ws)))
        goto solve_failed;
    memcpy(ws.theta, ws.X->x, p * sizeof(double));
    normal_residual(c, &ws, ws.theta, ws.B->x, p);
    if ((rc = factor_solve(&ws)))
        goto solve_failed;
    for (size_t k = 0; k < p; k++)
        ws.theta[k] += ((const double *)ws.X->x)[k];

    if (ledger_alloc(out, m, n))
        goto nomem;
    /* The dense covariance for small ledgers: A^-1 by blocks of columns. */
    if (out->cov_log) {
        size_t nb = p < 128 ? p : 128;
        cholmod_l_free_dense(&ws.B, &ws.cc);
        if (!(ws.B = cholmod_l_zeros(p, nb, CHOLMOD_REAL, &ws.cc)))
            goto cholmod_failed;
        for (size_t j0 = 0; j0 < p; j0 += nb) {
            size_t nj = p - j0 < nb ? p - j0 : nb;
            double *bx = ws.B->x;
            memset(bx, 0, p * nb * sizeof *bx);
            for (size_t q = 0; q < nj; q++)
                bx[j0 + q + q * p] = 1.0;
            if ((rc = factor_solve(&ws)))
                goto solve_failed;
            const double *xx = ws.X->x;
            for (size_t q = 0; q < nj; q++)
                for (size_t k = 0; k < p; k++)
                    out->cov_log[(j0 + q + 1) * m + k + 1] = xx[k + q * p];
        }
        for (size_t a = 1; a < m; a++)
            for (size_t b = 1; b < a; b++) {
                double v = 0.5 * (out->cov_log[a * m + b] + out->cov_log[b * m + a]);
                out->cov_log[a * m + b] = out->cov_log[b * m + a] = v;
            }
    }
    /* The variances, diag(A^-1), by selected inversion (spends the factor). */
    if ((rc = selected_inverse(ws.L, ws.var))) {
        if (rc == EC_ENOMEM)
            goto nomem;
        rc = ec_error_set(err, EC_ENUMERIC, "%s: the selected inversion of the factor failed "
                          "(a diagonal block is singular)", path);
        goto fail;
    }

    for (size_t k = 0; k < p; k++)
        if (!isfinite(ws.theta[k]) || !isfinite(ws.var[k])) {
            rc = ec_error_set(err, EC_EDATA,
                              "%s: the weighted least squares gave no finite estimate for %s: the "
                              "log_sd values span too many orders of magnitude; raise the smallest",
                              path, ws.names[k + 1]);
            goto fail;
        }

    /* Per claim: the standard error of the fitted log(φ_S/φ_B), var_S + var_B − 2 cov_SB. */
    {
        SuiteSparse_long *iperm = malloc(p * sizeof *iperm);
        if (!iperm)
            goto nomem;
        const SuiteSparse_long *perm = ws.L->Perm;
        for (size_t j = 0; j < p; j++)
            iperm[perm[j]] = (SuiteSparse_long)j;
        for (size_t i = 0; i < n; i++) {
            size_t s = ws.s_idx[i], b = ws.b_idx[i];
            double v = (s ? ws.var[s - 1] : 0) + (b ? ws.var[b - 1] : 0);
            if (s && b)
                v -= 2 * z_entry(ws.L, iperm, s - 1, b - 1);
            out->subject[i] = s;
            out->baseline[i] = b;
            out->fitted_se[i] = sqrt(v > 0 ? v : 0);
        }
        free(iperm);
    }
    if (!(out->reference = dup_str(reference)))
        goto nomem;
    const double z = ec_interval_z(EC_INTERVAL_LEVEL); /* 95% two-sided, as every interval in effcomp */
    for (size_t k = 0; k < m; k++) {
        if (!(out->model[k] = dup_str(ws.names[k])))
            goto nomem;
        double th = k ? ws.theta[k - 1] : 0.0;
        double var = k ? ws.var[k - 1] : 0.0;
        double se = sqrt(var > 0 ? var : 0.0);
        out->log_factor[k] = th;
        out->se_log[k] = se;
        out->factor[k] = exp(th);
        out->ci_lo[k] = exp(th - z * se);
        out->ci_hi[k] = exp(th + z * se);
        out->compute[k] = NAN;
        out->effective_compute[k] = NAN;
        out->effective_lo[k] = out->effective_hi[k] = NAN;
    }
    double chi2 = 0;
    for (size_t i = 0; i < n; i++) {
        const ec_claim *cl = &c->items[i];
        double fitted = out->log_factor[ws.s_idx[i]] - out->log_factor[ws.b_idx[i]];
        double r = -log(cl->fraction) - fitted;
        out->residual[i] = r;
        out->implied_compute[i] = out->implied_lo[i] = out->implied_hi[i] = NAN;
        out->std_residual[i] = r / cl->log_sd;
        chi2 += out->std_residual[i] * out->std_residual[i];
    }
    out->chi2 = chi2;
    out->dof = (int)(n - p);
    out->chi2_reduced = out->dof > 0 ? chi2 / out->dof : NAN;
    out->p_value = out->dof > 0 ? gsl_cdf_chisq_Q(chi2, (double)out->dof) : NAN;
    solve_ws_free(&ws);
    return EC_OK;

cholmod_failed:
    if (ws.cc.status == CHOLMOD_OUT_OF_MEMORY || ws.cc.status == CHOLMOD_TOO_LARGE)
        goto nomem;
    rc = ec_error_set(err, EC_ENUMERIC, "%s: the sparse Cholesky factorisation (CHOLMOD) failed "
                      "with status %d", path, ws.cc.status);
    goto fail;
solve_failed:
    if (rc == EC_ENOMEM)
        goto nomem;
    rc = ec_error_set(err, EC_ENUMERIC, "%s: the sparse Cholesky solve (CHOLMOD) failed with "
                      "status %d", path, ws.cc.status);
    goto fail;
nomem:
    rc = ec_error_set(err, EC_ENOMEM, "claims ledger: out of memory");
fail:
    solve_ws_free(&ws);
    ec_ledger_clear(out);
    return rc;
}

int ec_ledger_apply_compute(ec_ledger *l, const ec_model_compute *mc, ec_error *err)
{
    if (!l || !l->model)
        return ec_error_set(err, EC_EINVAL, "compute: no solved ledger (NULL or empty)");
    if (!mc)
        return ec_error_set(err, EC_EINVAL, "compute: no compute table (NULL)");
    const char *path = mc->path ? mc->path : "compute";
    /* Each listed model's index in the ledger (-1: not in the claims). */
    name_index models = { NULL, 0, 0 };
    long *at = malloc((mc->n + 1) * sizeof *at);
    int rc = at ? EC_OK : EC_ENOMEM;
    for (size_t k = 0; rc == EC_OK && k < l->n_models; k++)
        rc = ni_add(&models, l->model, k);
    size_t nbad = 0;
    for (size_t i = 0; rc == EC_OK && i < mc->n; i++)
        nbad += (at[i] = ni_find(&models, l->model, mc->name[i])) < 0;
    free(models.slot);
    if (rc) {
        free(at);
        return ec_error_set(err, EC_ENOMEM, "%s: out of memory", path);
    }
    if (nbad) {
        char list[640];
        size_t used = 0, shown = 0;
        list[0] = '\0';
        for (size_t i = 0; i < mc->n; i++) {
            if (at[i] >= 0)
                continue;
            char item[200];
            snprintf(item, sizeof item, "%s'%s' (line %zu)", shown ? ", " : "", mc->name[i],
                     mc->line[i]);
            if (used + strlen(item) + 32 > sizeof list) {
                snprintf(list + used, sizeof list - used, "%s... (%zu more)", shown ? ", " : "",
                         nbad - shown);
                break;
            }
            used += (size_t)snprintf(list + used, sizeof list - used, "%s", item);
            shown++;
        }
        free(at);
        return ec_error_set(err, EC_EDATA,
                            "%s: %zu model%s not in the claims: %s; list only models that "
                            "appear in the claims file (names must match exactly)",
                            path, nbad, nbad > 1 ? "s are" : " is", list);
    }
    for (size_t i = 0; i < mc->n; i++)
        if (!(isfinite(mc->compute[i]) && mc->compute[i] > 0)) {
            free(at);
            return ec_error_set(err, EC_EINVAL, "%s:%zu: compute of '%s' must be positive",
                                path, mc->line[i], mc->name[i]);
        }
    for (size_t i = 0; i < mc->n; i++)
        l->compute[at[i]] = mc->compute[i];
    for (size_t k = 0; k < l->n_models; k++) {
        int known = isfinite(l->compute[k]);
        l->effective_compute[k] = known ? l->compute[k] * l->factor[k] : NAN;
        l->effective_lo[k] = known ? l->compute[k] * l->ci_lo[k] : NAN;
        l->effective_hi[k] = known ? l->compute[k] * l->ci_hi[k] : NAN;
    }
    /* A product beyond a double (compute 1e300 x factor 1e300 printed inf, null in JSON): refused, named. */
    for (size_t i = 0; i < mc->n; i++) {
        size_t k = (size_t)at[i];
        if (!(isfinite(l->effective_compute[k]) && isfinite(l->effective_lo[k]) && isfinite(l->effective_hi[k]) &&
              l->effective_lo[k] > 0)) {
            free(at);
            return ec_error_set(err, EC_EDATA,
                                "%s:%zu: the effective compute of '%s' (compute %g x factor %g, 95%% CI [%g, %g]) is "
                                "beyond the range of a double (1.8e308); give a compute that is a physical FLOP count",
                                path, mc->line[i], mc->name[i], mc->compute[i], l->factor[k], l->ci_lo[k],
                                l->ci_hi[k]);
        }
    }
    free(at);
    const double z = ec_interval_z(EC_INTERVAL_LEVEL);
    for (size_t i = 0; i < l->n_claims; i++) {
        size_t s = l->subject[i], b = l->baseline[i];
        double C = l->compute[b] * exp(l->log_factor[b] - l->log_factor[s]);
        l->implied_compute[i] = C;
        l->implied_lo[i] = C * exp(-z * l->fitted_se[i]);
        l->implied_hi[i] = C * exp(z * l->fitted_se[i]);
        if (isfinite(l->compute[b]) && !(isfinite(l->implied_lo[i]) && isfinite(l->implied_hi[i]) && l->implied_lo[i] > 0))
            return ec_error_set(err, EC_EDATA,
                                "%s: the compute claim %zu of the ledger implies for '%s' ('%s''s %g FLOP x %g) is "
                                "beyond the range of a double (1.8e308) or zero; give a compute that is a physical "
                                "FLOP count",
                                path, i + 1, l->model[s], l->model[b], l->compute[b],
                                exp(l->log_factor[b] - l->log_factor[s]));
    }
    return EC_OK;
}
