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
 * is solved with GSL's weighted linear least squares
 * (gsl_multifit_wlinear_tsvd: column balancing and an SVD, with BLAS from
 * OpenBLAS), which also reports the numerical rank. X has full column rank
 * exactly when every model is joined to the reference by a chain of claims
 * (the claims graph restricted to the models is connected); that is
 * checked first with a union–find, so that the error can name every model
 * that is cut off. The covariance of θ̂ is (XᵀWX)⁻¹ as GSL returns it,
 * *not* multiplied by the reduced χ²: the σ_i are the user's stated
 * uncertainties and are taken as known, so the standard errors say what
 * the claims imply if they are as good as stated. The reduced χ² is
 * reported beside them; when it is well above 1 the claims disagree more
 * than their σ allow and the standard errors are too small. 95% intervals
 * are exp(θ̂ ± 1.96 se) (the factor's interval is asymmetric).
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

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_machine.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_multifit.h>
#include <gsl/gsl_vector.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CI_Z 1.96
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
    for (size_t i = 0; i < mc->n; i++)
        if (strcmp(mc->name[i], name) == 0)
            return ec_error_set(err, EC_EDATA,
                                "%s:%zu: model '%s' is listed twice (first on line %zu); keep "
                                "one row per model", r->path, r->line, name, mc->line[i]);
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
    if (ec_csv_read(path, EC_CSV_TRIM, compute_record, &x, x.mc->sha256, err) != EC_OK) {
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

/* Index of name in names[0..n), or -1. */
static long find_name(char *const *names, size_t n, const char *name)
{
    for (size_t k = 0; k < n; k++)
        if (strcmp(names[k], name) == 0)
            return (long)k;
    return -1;
}

static size_t uf_find(size_t *parent, size_t a)
{
    while (parent[a] != a) {
        parent[a] = parent[parent[a]];
        a = parent[a];
    }
    return a;
}

/* Solution workspace, freed in one place. */
typedef struct solve_ws {
    size_t *s_idx, *b_idx, *parent, *cut;
    char **names;          /* borrowed from the claims, in first-appearance order */
    gsl_matrix *X, *cov;
    gsl_vector *y, *w, *theta;
    gsl_multifit_linear_workspace *work;
} solve_ws;

static void solve_ws_free(solve_ws *ws)
{
    free(ws->s_idx);
    free(ws->b_idx);
    free(ws->parent);
    free(ws->cut);
    free(ws->names);
    gsl_matrix_free(ws->X);
    gsl_matrix_free(ws->cov);
    gsl_vector_free(ws->y);
    gsl_vector_free(ws->w);
    gsl_vector_free(ws->theta);
    if (ws->work)
        gsl_multifit_linear_free(ws->work);
}

/* Allocates the ledger's arrays for m models and n claims. */
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
    l->cov_log = calloc(m * m, sizeof(double));
    l->compute = calloc(m, sizeof(double));
    l->effective_compute = calloc(m, sizeof(double));
    l->residual = calloc(n, sizeof(double));
    l->std_residual = calloc(n, sizeof(double));
    if (!l->model || !l->log_factor || !l->se_log || !l->factor || !l->ci_lo || !l->ci_hi ||
        !l->cov_log || !l->compute || !l->effective_compute || !l->residual || !l->std_residual)
        return EC_ENOMEM;
    return EC_OK;
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
        if (find_name(ws.names, m, cl->subject) < 0)
            ws.names[m++] = cl->subject;
        if (find_name(ws.names, m, cl->baseline) < 0)
            ws.names[m++] = cl->baseline;
    }
    long ref = find_name(ws.names, m, reference);
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
    }
    for (size_t i = 0; i < n; i++) {
        ws.s_idx[i] = (size_t)find_name(ws.names, m, c->items[i].subject);
        ws.b_idx[i] = (size_t)find_name(ws.names, m, c->items[i].baseline);
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

    /* Weighted least squares for θ_1..θ_{m−1} (θ_0 = 0 for the reference). */
    size_t p = m - 1; /* >= 1: a claim joins two different models */
    ws.X = gsl_matrix_calloc(n, p);
    ws.cov = gsl_matrix_alloc(p, p);
    ws.y = gsl_vector_alloc(n);
    ws.w = gsl_vector_alloc(n);
    ws.theta = gsl_vector_alloc(p);
    ws.work = gsl_multifit_linear_alloc(n, p);
    if (!ws.X || !ws.cov || !ws.y || !ws.w || !ws.theta || !ws.work)
        goto nomem;
    for (size_t i = 0; i < n; i++) {
        const ec_claim *cl = &c->items[i];
        if (ws.s_idx[i] > 0)
            gsl_matrix_set(ws.X, i, ws.s_idx[i] - 1, 1.0);
        if (ws.b_idx[i] > 0)
            gsl_matrix_set(ws.X, i, ws.b_idx[i] - 1, -1.0);
        gsl_vector_set(ws.y, i, -log(cl->fraction));
        gsl_vector_set(ws.w, i, 1.0 / (cl->log_sd * cl->log_sd));
    }
    double chisq_gsl;
    size_t rank = 0;
    int gs = gsl_multifit_wlinear_tsvd(ws.X, ws.w, ws.y, GSL_DBL_EPSILON, ws.theta, ws.cov,
                                       &chisq_gsl, &rank, ws.work);
    if (gs || rank < p) {
        /* The claims graph is connected (checked above), so only the inputs' spread of
         * log_sd can make it singular: bad input, not a failure of the run. */
        rc = ec_error_set(err, EC_EDATA,
                          "%s: the weighted least-squares problem is numerically singular "
                          "(rank %zu of %zu%s%s): the log_sd values span too many orders of "
                          "magnitude; raise the smallest", path, rank, p, gs ? ": " : "",
                          gs ? "GSL error" : "");
        goto fail;
    }

    for (size_t k = 0; k + 1 < m; k++)
        if (!isfinite(gsl_vector_get(ws.theta, k)) || !isfinite(gsl_matrix_get(ws.cov, k, k))) {
            rc = ec_error_set(err, EC_EDATA,
                              "%s: the weighted least squares gave no finite estimate for %s: the "
                              "log_sd values span too many orders of magnitude; raise the smallest",
                              path, ws.names[k + 1]);
            goto fail;
        }

    if (ledger_alloc(out, m, n))
        goto nomem;
    if (!(out->reference = dup_str(reference)))
        goto nomem;
    for (size_t k = 0; k < m; k++) {
        if (!(out->model[k] = dup_str(ws.names[k])))
            goto nomem;
        double th = k ? gsl_vector_get(ws.theta, k - 1) : 0.0;
        double var = k ? gsl_matrix_get(ws.cov, k - 1, k - 1) : 0.0;
        double se = sqrt(var > 0 ? var : 0.0);
        out->log_factor[k] = th;
        out->se_log[k] = se;
        out->factor[k] = exp(th);
        out->ci_lo[k] = exp(th - CI_Z * se);
        out->ci_hi[k] = exp(th + CI_Z * se);
        out->compute[k] = NAN;
        out->effective_compute[k] = NAN;
        for (size_t j = 0; j < m; j++)
            out->cov_log[k * m + j] = k && j ? gsl_matrix_get(ws.cov, k - 1, j - 1) : 0.0;
    }
    double chi2 = 0;
    for (size_t i = 0; i < n; i++) {
        const ec_claim *cl = &c->items[i];
        double fitted = out->log_factor[ws.s_idx[i]] - out->log_factor[ws.b_idx[i]];
        double r = -log(cl->fraction) - fitted;
        out->residual[i] = r;
        out->std_residual[i] = r / cl->log_sd;
        chi2 += out->std_residual[i] * out->std_residual[i];
    }
    out->chi2 = chi2;
    out->dof = (int)(n - p);
    out->chi2_reduced = out->dof > 0 ? chi2 / out->dof : NAN;
    out->p_value = out->dof > 0 ? gsl_cdf_chisq_Q(chi2, (double)out->dof) : NAN;
    solve_ws_free(&ws);
    return EC_OK;

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
    size_t nbad = 0;
    for (size_t i = 0; i < mc->n; i++)
        nbad += ec_ledger_model_index(l, mc->name[i]) < 0;
    if (nbad) {
        char list[640];
        size_t used = 0, shown = 0;
        list[0] = '\0';
        for (size_t i = 0; i < mc->n; i++) {
            if (ec_ledger_model_index(l, mc->name[i]) >= 0)
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
        return ec_error_set(err, EC_EDATA,
                            "%s: %zu model%s not in the claims: %s; list only models that "
                            "appear in the claims file (names must match exactly)",
                            path, nbad, nbad > 1 ? "s are" : " is", list);
    }
    for (size_t i = 0; i < mc->n; i++)
        if (!(isfinite(mc->compute[i]) && mc->compute[i] > 0))
            return ec_error_set(err, EC_EINVAL, "%s:%zu: compute of '%s' must be positive",
                                path, mc->line[i], mc->name[i]);
    for (size_t i = 0; i < mc->n; i++)
        l->compute[ec_ledger_model_index(l, mc->name[i])] = mc->compute[i];
    for (size_t k = 0; k < l->n_models; k++)
        l->effective_compute[k] = isfinite(l->compute[k]) ? l->compute[k] * l->factor[k] : NAN;
    return EC_OK;
}
