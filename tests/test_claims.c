/*
 * test_claims.c — unit tests for the claims ledger (ec_claims.h): exact
 * recovery of the factors from consistent claims; the closed-form χ²,
 * residuals and standard errors of an inconsistent three-claim cycle; the
 * standard error of a model tied in by a single claim; p-values against
 * gsl_cdf_chisq_Q; deterministic model order; loading (comments, quotes,
 * CRLF, defaults, SHA-256); compute files; every bad input the loader
 * and the solver reject, with the file:line their messages must name; and
 * larger generated ledgers for the sparse solver: random ones against a
 * dense SVD computed here, a 5000-model tree and 2000 cycles of three
 * against closed forms, and stiff cycles (log_sd spread) with the
 * refusals of numerically singular problems.
 *
 * Claims files are written to temporary files (mkstemp) and removed.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "ec_test.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_multifit.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <nettle/sha2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ec_claims.h"

/* ------------------------------------------------------------- helpers */


static void assert_contains(const char *hay, const char *needle, int line)
{
    if (!strstr(hay, needle)) fail_msg("line %d: message \"%s\" does not contain \"%s\"", line, hay, needle);
}
#define ASSERT_CONTAINS(hay, needle) assert_contains((hay), (needle), __LINE__)

/* Writes `text` to a fresh temporary file; its name goes into path[32]. */
static void write_tmp(char path[32], const char *text)
{
    strcpy(path, "/tmp/ec_clXXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *fp = fdopen(fd, "wb");
    assert_non_null(fp);
    assert_true(fputs(text, fp) >= 0);
    assert_int_equal(fclose(fp), 0);
}

static ec_claims *load_text_ok(const char *text, double default_sd, int line)
{
    char path[32];
    write_tmp(path, text);
    ec_error err;
    ec_error_clear(&err);
    ec_claims *c = ec_claims_load_csv(path, default_sd, &err);
    remove(path);
    if (!c) fail_msg("line %d: load failed: %s", line, err.message);
    return c;
}
#define LOAD_OK(text, sd) load_text_ok((text), (sd), __LINE__)

/*
 * Loading `text` must fail with `code` and a message containing each needle;
 * "@" in a needle stands for the temporary file's path.
 */
static void load_text_err(const char *text, double default_sd, int code, int line, ...)
{
    char path[32];
    write_tmp(path, text);
    ec_error err;
    ec_error_clear(&err);
    ec_claims *c = ec_claims_load_csv(path, default_sd, &err);
    remove(path);
    if (c) {
        ec_claims_free(c);
        fail_msg("line %d: load succeeded, expected error %d", line, code);
    }
    if (err.code != code) fail_msg("line %d: error %d (%s), expected %d", line, err.code, err.message, code);
    va_list ap;
    va_start(ap, line);
    for (const char *s = va_arg(ap, const char *); s; s = va_arg(ap, const char *)) {
        char want[256];
        const char *at = strchr(s, '@');
        if (at) snprintf(want, sizeof want, "%.*s%s%s", (int)(at - s), s, path, at + 1);
        else snprintf(want, sizeof want, "%s", s);
        assert_contains(err.message, want, line);
    }
    va_end(ap);
}
#define LOAD_ERR(text, sd, code, ...) load_text_err((text), (sd), (code), __LINE__, __VA_ARGS__, (const char *)NULL)

static void solve_ok(const ec_claims *c, const char *ref, ec_ledger *l, int line)
{
    ec_error err;
    ec_error_clear(&err);
    int rc = ec_ledger_solve(c, ref, l, &err);
    if (rc != EC_OK) fail_msg("line %d: ec_ledger_solve returned %d: %s", line, rc, err.message);
}
#define SOLVE_OK(c, ref, l) solve_ok((c), (ref), (l), __LINE__)

static int model_index(const ec_ledger *l, const char *name, int line)
{
    int k = ec_ledger_model_index(l, name);
    if (k < 0) fail_msg("line %d: model '%s' not in the ledger", line, name);
    return k;
}
#define IDX(l, name) model_index((l), (name), __LINE__)

/* In-memory claims (no file): items point at static strings, freed with free_mem. */
typedef struct mem_claims {
    ec_claims c;
    ec_claim items[32];
} mem_claims;

static void add_claim(mem_claims *m, const char *s, const char *b, double f, double sd)
{
    ec_claim *cl = &m->items[m->c.n];
    cl->subject = (char *)(uintptr_t)s;
    cl->baseline = (char *)(uintptr_t)b;
    cl->source = (char *)(uintptr_t)"";
    cl->fraction = f;
    cl->log_sd = sd;
    cl->line = m->c.n + 2;
    m->c.items = m->items;
    m->c.n++;
}

/* ------------------------------------------------- consistent claims */

static const char *const truth_names[] = { "R", "A", "B", "C", "D" };
static const double truth_phi[] = { 1.0, 2.5, 0.4, 7.0, 0.05 };

/* Claim "s matches b with f = φ_b/φ_s of b's compute", exactly consistent. */
static double exact_fraction(int s, int b)
{
    return truth_phi[b] / truth_phi[s];
}

static void test_consistent_recovers(void **state)
{
    (void)state;
    static const int pairs[][2] = { {1, 0}, {2, 1}, {2, 0}, {3, 2}, {3, 0}, {4, 3}, {4, 1}, {0, 4} };
    static const double sds[] = { 0.1, 0.2, 0.05, 0.3, 0.1, 0.15, 0.25, 0.1 };
    const size_t np = sizeof pairs / sizeof pairs[0];
    char text[2048];
    size_t used = (size_t)snprintf(text, sizeof text, "subject,baseline,compute_fraction,log_sd\n");
    for (size_t i = 0; i < np; i++)
        used += (size_t)snprintf(text + used, sizeof text - used, "%s,%s,%.17g,%g\n", truth_names[pairs[i][0]],
                                 truth_names[pairs[i][1]], exact_fraction(pairs[i][0], pairs[i][1]), sds[i]);
    ec_claims *c = LOAD_OK(text, 0.1);
    assert_int_equal(c->n, np);
    ec_ledger l;
    SOLVE_OK(c, "R", &l);
    assert_int_equal(l.n_models, 5);
    assert_int_equal(l.n_claims, np);
    assert_int_equal(l.dof, (int)np - 4);
    for (int k = 0; k < 5; k++) {
        int j = IDX(&l, truth_names[k]);
        ASSERT_REL(l.factor[j], truth_phi[k], 1e-12);
        assert_true(fabs(l.log_factor[j] - log(truth_phi[k])) <= 1e-12);
    }
    assert_true(l.chi2 < 1e-20);
    for (size_t i = 0; i < np; i++) assert_true(fabs(l.residual[i]) < 1e-12);
    ASSERT_REL(l.p_value, 1.0, 1e-12);
    assert_string_equal(l.reference, "R");
    assert_true(l.factor[0] == 1.0 && l.se_log[0] == 0.0 && l.ci_lo[0] == 1.0 && l.ci_hi[0] == 1.0);
    ec_ledger_clear(&l);

    /* Another reference rescales every factor by the same constant. */
    SOLVE_OK(c, "C", &l);
    for (int k = 0; k < 5; k++) ASSERT_REL(l.factor[IDX(&l, truth_names[k])], truth_phi[k] / truth_phi[3], 1e-12);
    ec_ledger_clear(&l);
    ec_claims_free(c);
}

/* ----------------------------------------- inconsistent three-cycle */

static void test_inconsistent_triangle(void **state)
{
    (void)state;
    const double sd = 0.1;
    /* A at 1/2 of R, B at 1/4 of A, B at 1/5 of R: around the cycle the
     * log-ratios add to log 2 + log 4 − log 5 = log 1.6 instead of 0. */
    mem_claims m;
    memset(&m, 0, sizeof m);
    add_claim(&m, "A", "R", 0.5, sd);
    add_claim(&m, "B", "A", 0.25, sd);
    add_claim(&m, "B", "R", 0.2, sd);
    double d = log(2.0) + log(4.0) - log(5.0);
    ec_ledger l;
    SOLVE_OK(&m.c, "R", &l);
    assert_int_equal(l.dof, 1);
    ASSERT_REL(l.chi2, d * d / (3 * sd * sd), 1e-12);
    assert_true(l.chi2 > 0);
    /* Each residual is d/3 in size; the third claim runs against the cycle. */
    ASSERT_REL(l.residual[0], d / 3, 1e-12);
    ASSERT_REL(l.residual[1], d / 3, 1e-12);
    ASSERT_REL(l.residual[2], -d / 3, 1e-12);
    ASSERT_REL(l.std_residual[0], d / (3 * sd), 1e-12);
    ASSERT_REL(l.chi2_reduced, l.chi2, 1e-15);
    /* Fitted: θ_A = log 2 − d/3, θ_B = log 5 + d/3. */
    ASSERT_REL(l.log_factor[IDX(&l, "A")], log(2.0) - d / 3, 1e-12);
    ASSERT_REL(l.log_factor[IDX(&l, "B")], log(5.0) + d / 3, 1e-12);
    /* Covariance σ²(XᵀX)⁻¹ = σ²/3 [[2, 1], [1, 2]]: not scaled by χ²/dof. */
    ASSERT_REL(l.se_log[1], sd * sqrt(2.0 / 3.0), 1e-12);
    ASSERT_REL(l.se_log[2], sd * sqrt(2.0 / 3.0), 1e-12);
    assert_non_null(l.cov_log); /* 3 models: below EC_LEDGER_COV_MAX_MODELS */
    ASSERT_REL(l.cov_log[1 * 3 + 2], sd * sd / 3, 1e-12);
    ASSERT_REL(l.cov_log[2 * 3 + 1], sd * sd / 3, 1e-12);
    /* The exact normal quantile (1.96 would be off by 3e-6 here). */
    const double z = 1.959963984540054; /* Phi^-1(0.975) to 16 digits, as cli/cmd_analytics.c has it */
    ASSERT_REL(gsl_cdf_ugaussian_Pinv(0.975), z, 1e-15);
    ASSERT_REL(l.ci_lo[1], exp(l.log_factor[1] - z * l.se_log[1]), 1e-14);
    ASSERT_REL(l.ci_hi[1], exp(l.log_factor[1] + z * l.se_log[1]), 1e-14);
    ASSERT_REL(l.p_value, gsl_cdf_chisq_Q(d * d / (3 * sd * sd), 1.0), 1e-12);
    assert_true(l.p_value < 0.05);
    ec_ledger_clear(&l);
}

/* ------------------------------------------------- single-link SE */

static void test_single_link_se(void **state)
{
    (void)state;
    mem_claims m;
    memset(&m, 0, sizeof m);
    add_claim(&m, "B", "R", 0.5, 0.1);  /* a redundant triangle R, B, C ... */
    add_claim(&m, "C", "B", 0.5, 0.1);
    add_claim(&m, "C", "R", 0.2, 0.1);
    add_claim(&m, "A", "R", 0.3, 0.2);  /* ... A tied to R by one claim ... */
    add_claim(&m, "D", "A", 0.6, 0.3);  /* ... and D tied to A by one claim */
    ec_ledger l;
    SOLVE_OK(&m.c, "R", &l);
    int a = IDX(&l, "A"), dd = IDX(&l, "D");
    ASSERT_REL(l.se_log[a], 0.2, 1e-12);
    ASSERT_REL(l.se_log[dd], sqrt(0.2 * 0.2 + 0.3 * 0.3), 1e-12);
    ASSERT_REL(l.factor[a], 1 / 0.3, 1e-12);
    ASSERT_REL(l.factor[dd], 1 / (0.3 * 0.6), 1e-12);
    assert_true(fabs(l.residual[3]) < 1e-12 && fabs(l.residual[4]) < 1e-12);
    assert_int_equal(l.dof, 1);
    ec_ledger_clear(&l);
}

/* ------------------------------------------------------- p-values */

static void test_p_value(void **state)
{
    (void)state;
    mem_claims m;
    memset(&m, 0, sizeof m);
    add_claim(&m, "A", "R", 0.5, 0.1);
    add_claim(&m, "B", "A", 0.4, 0.2);
    add_claim(&m, "B", "R", 0.25, 0.15);
    add_claim(&m, "A", "R", 0.6, 0.3);
    add_claim(&m, "R", "B", 3.0, 0.1);
    ec_ledger l;
    SOLVE_OK(&m.c, "R", &l);
    assert_int_equal(l.dof, 3);
    double chi2 = 0;
    for (size_t i = 0; i < m.c.n; i++) {
        ASSERT_REL(l.std_residual[i], l.residual[i] / m.items[i].log_sd, 1e-15);
        chi2 += l.std_residual[i] * l.std_residual[i];
    }
    ASSERT_REL(l.chi2, chi2, 1e-14);
    ASSERT_REL(l.p_value, gsl_cdf_chisq_Q(chi2, 3.0), 1e-12);
    ASSERT_REL(l.chi2_reduced, chi2 / 3, 1e-14);
    /* Weighted normal equations hold at the optimum: Σ w_i r_i x_i = 0 for every model. */
    for (size_t k = 1; k < l.n_models; k++) {
        double g = 0;
        for (size_t i = 0; i < m.c.n; i++) {
            double w = 1 / (m.items[i].log_sd * m.items[i].log_sd);
            if (strcmp(m.items[i].subject, l.model[k]) == 0) g += w * l.residual[i];
            if (strcmp(m.items[i].baseline, l.model[k]) == 0) g -= w * l.residual[i];
        }
        assert_true(fabs(g) < 1e-10);
    }
    ec_ledger_clear(&l);

    /* A tree: no redundant claim, nothing to test. */
    memset(&m, 0, sizeof m);
    add_claim(&m, "A", "R", 0.5, 0.1);
    add_claim(&m, "B", "A", 0.4, 0.2);
    SOLVE_OK(&m.c, "R", &l);
    assert_int_equal(l.dof, 0);
    assert_true(isnan(l.p_value));
    assert_true(isnan(l.chi2_reduced));
    assert_true(l.chi2 < 1e-20);
    ec_ledger_clear(&l);
}

/* --------------------------------------------------- model order */

static void test_model_order(void **state)
{
    (void)state;
    mem_claims m;
    memset(&m, 0, sizeof m);
    add_claim(&m, "Alpha", "Beta", 0.5, 0.1);
    add_claim(&m, "Gamma", "Alpha", 0.5, 0.1);
    add_claim(&m, "Beta", "Ref", 0.5, 0.1);
    add_claim(&m, "Delta", "Ref", 0.5, 0.1);
    add_claim(&m, "Gamma", "Beta", 0.2, 0.1);
    ec_ledger l1, l2;
    SOLVE_OK(&m.c, "Ref", &l1);
    static const char *const want[] = { "Ref", "Alpha", "Beta", "Gamma", "Delta" };
    assert_int_equal(l1.n_models, 5);
    for (int k = 0; k < 5; k++) assert_string_equal(l1.model[k], want[k]);
    /* Same input, same bits. */
    SOLVE_OK(&m.c, "Ref", &l2);
    assert_memory_equal(l1.log_factor, l2.log_factor, 5 * sizeof(double));
    assert_memory_equal(l1.se_log, l2.se_log, 5 * sizeof(double));
    assert_memory_equal(l1.residual, l2.residual, 5 * sizeof(double));
    assert_true(l1.chi2 == l2.chi2);
    ec_ledger_clear(&l1);
    ec_ledger_clear(&l2);
    /* Another reference moves to the front; the rest keep first-appearance order. */
    SOLVE_OK(&m.c, "Gamma", &l1);
    static const char *const want2[] = { "Gamma", "Alpha", "Beta", "Ref", "Delta" };
    for (int k = 0; k < 5; k++) assert_string_equal(l1.model[k], want2[k]);
    ec_ledger_clear(&l1);
}

/* --------------------------------------------------------- loading */

static void test_load_format(void **state)
{
    (void)state;
    const char *text =
        "\xEF\xBB\xBF# claims with comments, quotes and CRLF\r\n"
        "id,subject,baseline,notes,compute_fraction,log_sd,source\r\n"
        "\r\n"
        "1, New ,\"Old, v2\",x,0.3,,\"a, quoted \"\"source\"\"\"\r\n"
        "# a comment between claims\r\n"
        "2,New,Other,y, 1e-1 ,0.25,\r\n"
        ",,,,,,\r\n"
        "3,Third,New,z,2,0.5,\"two\r\n"
        "# not a comment: inside quotes\"\r\n";
    ec_claims *c = LOAD_OK(text, 0.07);
    assert_int_equal(c->n, 3);
    assert_string_equal(c->items[0].subject, "New");
    assert_string_equal(c->items[0].baseline, "Old, v2");
    assert_string_equal(c->items[0].source, "a, quoted \"source\"");
    ASSERT_REL(c->items[0].fraction, 0.3, 0);
    ASSERT_REL(c->items[0].log_sd, 0.07, 0); /* empty cell: the default */
    assert_int_equal(c->items[0].line, 4);
    ASSERT_REL(c->items[1].fraction, 0.1, 0);
    ASSERT_REL(c->items[1].log_sd, 0.25, 0);
    assert_string_equal(c->items[1].source, "");
    assert_int_equal(c->items[1].line, 6);
    assert_int_equal(c->items[2].line, 8);
    assert_string_equal(c->items[2].source, "two\r\n# not a comment: inside quotes");

    /* The digest covers the file's bytes exactly. */
    struct sha256_ctx sha;
    uint8_t dg[SHA256_DIGEST_SIZE];
    char hex[65];
    sha256_init(&sha);
    sha256_update(&sha, strlen(text), (const uint8_t *)text);
    sha256_digest(&sha, SHA256_DIGEST_SIZE, dg);
    for (int i = 0; i < SHA256_DIGEST_SIZE; i++) snprintf(hex + 2 * i, 3, "%02x", (unsigned)dg[i]);
    assert_string_equal(c->sha256, hex);
    ec_claims_free(c);

    /* No log_sd or source column: defaults everywhere. */
    c = LOAD_OK("subject,baseline,compute_fraction\nA,B,0.5\n", 0.2);
    assert_int_equal(c->n, 1);
    ASSERT_REL(c->items[0].log_sd, 0.2, 0);
    assert_string_equal(c->items[0].source, "");
    ec_claims_free(c);
}

/* ------------------------------------------------------- bad input */

static void test_bad_claims_files(void **state)
{
    (void)state;
    ec_error err;
    ec_error_clear(&err);
    assert_null(ec_claims_load_csv("no/such/claims.csv", 0.1, &err));
    assert_int_equal(err.code, EC_EIO);
    ASSERT_CONTAINS(err.message, "cannot open 'no/such/claims.csv'");

    LOAD_ERR("subject,base,fraction,note\nA,B,0.5,x\n", 0.1, EC_EDATA, "@:1: columns 'baseline', 'compute_fraction' not found",
             "the header has: 'subject', 'base', 'fraction', 'note'");
    LOAD_ERR("# c\nsubject,baseline,compute_fraction\nA,B,0.5\nC,C,0.3\n", 0.1, EC_EDATA, "@:4: ", "'C' against itself",
             "cycle to self");
    LOAD_ERR("subject,baseline,compute_fraction\nA,B,30%\n", 0.1, EC_EDATA, "@:2: column 3 'compute_fraction': '30%' is not a number");
    LOAD_ERR("subject,baseline,compute_fraction\nA,B,0\n", 0.1, EC_EDATA, "@:2: column 3 'compute_fraction': 0 must be positive");
    LOAD_ERR("subject,baseline,compute_fraction\nA,B,-0.3\n", 0.1, EC_EDATA, "@:2:", "-0.3 must be positive");
    LOAD_ERR("subject,baseline,compute_fraction\nA,B,\n", 0.1, EC_EDATA, "@:2: column 3 'compute_fraction' is empty");
    LOAD_ERR("subject,baseline,compute_fraction\nA,B,inf\n", 0.1, EC_EDATA, "@:2:", "not a finite number");
    LOAD_ERR("subject,baseline,compute_fraction,log_sd\nA,B,0.5,0.1\nB,C,0.5,0\n", 0.1, EC_EDATA,
             "@:3: column 4 'log_sd': 0 must be positive");
    LOAD_ERR("subject,baseline,compute_fraction,log_sd\nA,B,0.5,-1\n", 0.1, EC_EDATA, "@:2: column 4 'log_sd': -1 must be positive");
    LOAD_ERR("subject,baseline,compute_fraction\n,B,0.5\n", 0.1, EC_EDATA, "@:2: column 1 'subject' is empty");
    LOAD_ERR("subject,baseline,compute_fraction,source\nA,B,0.5,said so, in a blog\n", 0.1, EC_EDATA,
             "@:2: record has 5 fields but the header (line 1) has 4");
    LOAD_ERR("subject,baseline,compute_fraction\n", 0.1, EC_EDATA, "no claims in @: nothing follows the header on line 1");
    LOAD_ERR("# only a comment\n", 0.1, EC_EDATA, "no claims in @");
    LOAD_ERR("subject,baseline,compute_fraction,subject\nA,B,0.5,C\n", 0.1, EC_EDATA, "@:1: column 'subject' appears twice");
    LOAD_ERR("subject,baseline,compute_fraction\nA,B,\"0.5\n", 0.1, EC_EDATA, "@:2: quoted field is not closed");
    LOAD_ERR("subject,baseline,compute_fraction\nA,B,0.5\n", 0.0, EC_EINVAL, "default log_sd 0 must be a finite positive number");
    LOAD_ERR("subject,baseline,compute_fraction\nA,B,0.5\n", -0.1, EC_EINVAL, "default log_sd");
}

static void test_bad_solve(void **state)
{
    (void)state;
    ec_ledger l;
    ec_error err;
    ec_claims *c = LOAD_OK("subject,baseline,compute_fraction\nA,B,0.5\nC,B,0.5\n", 0.1);
    ec_error_clear(&err);
    assert_int_equal(ec_ledger_solve(c, "Z", &l, &err), EC_EINVAL);
    ASSERT_CONTAINS(err.message, "reference 'Z' is not among the 3 models");
    ASSERT_CONTAINS(err.message, "choose one of: 'A', 'B', 'C'");
    assert_int_equal(l.n_models, 0);
    ec_ledger_clear(&l);
    assert_int_equal(ec_ledger_solve(c, "", &l, &err), EC_EINVAL);
    assert_int_equal(ec_ledger_solve(NULL, "A", &l, &err), EC_EINVAL);
    ec_claims_free(c);

    /* Two islands cut off from the reference: every model in them is named. */
    c = LOAD_OK("subject,baseline,compute_fraction\nA,R,0.5\nX,Y,0.5\nB,A,0.5\nZ,W,0.2\nY,Z,0.9\nQ,P,0.3\n", 0.1);
    ec_error_clear(&err);
    assert_int_equal(ec_ledger_solve(c, "R", &l, &err), EC_EDATA);
    ASSERT_CONTAINS(err.message, "6 models are not connected to the reference 'R' through the claims: "
                                 "'X', 'Y', 'Z', 'W', 'Q', 'P'; add a claim linking");
    ec_ledger_clear(&l);
    ec_claims_free(c);

    /* An in-memory claim the loader would have refused. */
    mem_claims m;
    memset(&m, 0, sizeof m);
    add_claim(&m, "A", "A", 0.5, 0.1);
    assert_int_equal(ec_ledger_solve(&m.c, "A", &l, &err), EC_EINVAL);
    ASSERT_CONTAINS(err.message, "invalid claim");
    memset(&m, 0, sizeof m);
    add_claim(&m, "A", "B", 0.5, 0.0);
    assert_int_equal(ec_ledger_solve(&m.c, "A", &l, &err), EC_EINVAL);
}

/* -------------------------------------------------------- compute */

static ec_model_compute *compute_text(const char *text, char path[32], ec_error *err)
{
    write_tmp(path, text);
    ec_error_clear(err);
    ec_model_compute *mc = ec_model_compute_load_csv(path, err);
    remove(path);
    return mc;
}

static void test_compute(void **state)
{
    (void)state;
    mem_claims m;
    memset(&m, 0, sizeof m);
    add_claim(&m, "New", "Big", 0.3, 0.1);
    add_claim(&m, "New", "Mid", 0.1, 0.1);
    ec_ledger l;
    SOLVE_OK(&m.c, "Big", &l);
    char path[32], want[128];
    ec_error err;
    ec_model_compute *mc = compute_text("# compute\nname,compute,note\nMid,2.244e24,x\nBig,3.8e25,\n", path, &err);
    assert_non_null(mc);
    assert_int_equal(mc->n, 2);
    assert_int_equal(ec_ledger_apply_compute(&l, mc, &err), EC_OK);
    int big = IDX(&l, "Big"), mid = IDX(&l, "Mid"), nw = IDX(&l, "New");
    ASSERT_REL(l.effective_compute[big], 3.8e25, 1e-15);
    ASSERT_REL(l.effective_compute[mid], 2.244e24 * (0.1 / 0.3), 1e-12);
    assert_true(isnan(l.compute[nw]) && isnan(l.effective_compute[nw]));
    /* Implied compute (a tree: each claim fitted exactly, se = its log_sd): New at Mid's quality uses 10% of
     * Mid's compute, at Big's 30% of Big's; the effective compute is the baseline's, with its factor's interval. */
    const double z = 1.959963984540054;
    ASSERT_REL(l.implied_compute[1], 0.1 * 2.244e24, 1e-12);
    ASSERT_REL(l.implied_lo[1], 0.1 * 2.244e24 * exp(-z * 0.1), 1e-12);
    ASSERT_REL(l.implied_hi[1], 0.1 * 2.244e24 * exp(z * 0.1), 1e-12);
    ASSERT_REL(l.implied_compute[0], 0.3 * 3.8e25, 1e-12);
    ASSERT_REL(l.fitted_se[0], 0.1, 1e-12);
    ASSERT_REL(l.effective_lo[mid], 2.244e24 / 3 * exp(-z * sqrt(0.02)), 1e-12);
    ASSERT_REL(l.effective_hi[mid], 2.244e24 / 3 * exp(z * sqrt(0.02)), 1e-12);
    ASSERT_REL(l.effective_lo[big], 3.8e25, 1e-15);
    assert_true(isnan(l.effective_lo[nw]));
    ec_model_compute_free(mc);

    mc = compute_text("name,compute\nMid,1e24\nFoo,1e23\nBig,1e25\nBar,2e23\n", path, &err);
    assert_non_null(mc);
    assert_int_equal(ec_ledger_apply_compute(&l, mc, &err), EC_EDATA);
    snprintf(want, sizeof want, "%s: 2 models are not in the claims: 'Foo' (line 3), 'Bar' (line 5)", path);
    ASSERT_CONTAINS(err.message, want);
    ASSERT_REL(l.compute[mid], 2.244e24, 0); /* unchanged */
    ec_model_compute_free(mc);
    ec_ledger_clear(&l);

    assert_null(compute_text("name,compute\nMid,0\n", path, &err));
    snprintf(want, sizeof want, "%s:2: column 2 'compute': 0 must be positive", path);
    ASSERT_CONTAINS(err.message, want);
    assert_null(compute_text("name,compute\nMid,-1e24\n", path, &err));
    ASSERT_CONTAINS(err.message, "must be positive");
    assert_null(compute_text("name,compute\nMid,lots\n", path, &err));
    ASSERT_CONTAINS(err.message, "'lots' is not a number");
    assert_null(compute_text("model,flop\nMid,1e24\n", path, &err));
    ASSERT_CONTAINS(err.message, "columns 'name', 'compute' not found in the header");
    ASSERT_CONTAINS(err.message, "the header has: 'model', 'flop'");
    assert_null(compute_text("name,compute\nMid,1e24\nMid,2e24\n", path, &err));
    snprintf(want, sizeof want, "%s:3: model 'Mid' is listed twice (first on line 2)", path);
    ASSERT_CONTAINS(err.message, want);
    assert_int_equal(err.code, EC_EDATA);
    assert_null(ec_model_compute_load_csv("no/such/compute.csv", &err));
    assert_int_equal(err.code, EC_EIO);
}

/* The bundled example file solves, and its two issue claims read as stated. */
static void test_example_file(void **state)
{
    (void)state;
    /* From tests/ (ctest), from the source root, or wherever EC_SOURCE_DIR says. */
    const char *src = getenv("EC_SOURCE_DIR");
    char path[4096];
    snprintf(path, sizeof path, "%s/data/claims_example.csv", src ? src : "..");
    if (access(path, R_OK) != 0) snprintf(path, sizeof path, "data/claims_example.csv");
    ec_error err;
    ec_claims *c = ec_claims_load_csv(path, 0.1, &err);
    if (!c) fail_msg("%s", err.message);
    ec_ledger l;
    SOLVE_OK(c, "Llama 3.1-405B", &l);
    assert_string_equal(l.model[0], "Llama 3.1-405B");
    assert_string_equal(l.model[1], "NewModel");
    assert_int_equal(l.dof, 1);
    assert_true(l.p_value > 0.05);
    /* NewModel vs Maverick is a bridge: fitted exactly. */
    ASSERT_REL(l.factor[IDX(&l, "NewModel")] / l.factor[IDX(&l, "Llama 4 Maverick")], 10.0, 1e-12);
    ec_ledger_clear(&l);
    ec_claims_free(c);
}

/* ------------------------------------------ larger generated ledgers */

/* |got - want| <= tol (1 + |want|): for values of order 1 that may cross zero. */
static void assert_near(double got, double want, double tol, const char *what, int line)
{
    if (!(fabs(got - want) <= tol * (1 + fabs(want))))
        fail_msg("line %d: %s: got %.17g, want %.17g (tolerance %g (1 + |want|))", line, what, got, want, tol);
}
#define ASSERT_NEAR(got, want, tol, what) assert_near((got), (want), (tol), (what), __LINE__)

/*
 * A ledger built in memory with malloc'ed strings, so that ec_claims_free()
 * frees it: models are named "m0", "m1", ...; "m0" is the reference.
 */
static ec_claims *gen_new(size_t cap)
{
    ec_claims *c = calloc(1, sizeof *c);
    assert_non_null(c);
    c->items = calloc(cap, sizeof *c->items);
    assert_non_null(c->items);
    return c;
}

static char *model_name(size_t k)
{
    char buf[32];
    snprintf(buf, sizeof buf, "m%zu", k);
    char *s = strdup(buf);
    assert_non_null(s);
    return s;
}

/* Claim "model s matches model b at fraction f" with log_sd sd, as claim number c->n. */
static void gen_add(ec_claims *c, size_t s, size_t b, double f, double sd)
{
    ec_claim *cl = &c->items[c->n];
    cl->subject = model_name(s);
    cl->baseline = model_name(b);
    cl->source = strdup("");
    assert_non_null(cl->source);
    cl->fraction = f;
    cl->log_sd = sd;
    cl->line = c->n + 2;
    c->n++;
}

/* log_sd drawn log-uniformly from [0.03, 0.5], as bench/claims_gen.py does. */
static double gen_sd(gsl_rng *r)
{
    return exp(log(0.03) + gsl_rng_uniform(r) * (log(0.5) - log(0.03)));
}

/* Index of model "m<k>" in the ledger (models are in first-appearance order). */
static int gen_index(const ec_ledger *l, size_t k)
{
    char buf[32];
    snprintf(buf, sizeof buf, "m%zu", k);
    return IDX(l, buf);
}

/*
 * A connected random ledger: model k (k >= 1) against an earlier model, then
 * extra claims between random pairs, either any pair ("uniform", a random
 * expander: one large dense supernode at the top of the factor) or pairs
 * within `band` of each other (a band: many small supernodes). Claims follow
 * true log factors with noise, so the cycles do not close.
 */
static ec_claims *gen_random(gsl_rng *r, size_t m, size_t n, size_t band)
{
    ec_claims *c = gen_new(n);
    double *theta = malloc(m * sizeof *theta);
    assert_non_null(theta);
    for (size_t k = 0; k < m; k++) theta[k] = gsl_ran_gaussian(r, 1.5);
    for (size_t i = 0; i < n; i++) {
        size_t s, b;
        if (i + 1 < m) {
            s = i + 1;
            size_t lo = band && s > band ? s - band : 0;
            b = lo + gsl_rng_uniform_int(r, s - lo);
        } else {
            s = gsl_rng_uniform_int(r, m);
            do {
                b = band ? s + gsl_rng_uniform_int(r, 2 * band + 1) - band : gsl_rng_uniform_int(r, m);
            } while (b == s || b >= m); /* b < 0 wraps to a huge size_t */
        }
        double sd = gen_sd(r);
        gen_add(c, s, b, exp(-(theta[s] - theta[b]) + gsl_ran_gaussian(r, sd)), sd);
    }
    free(theta);
    return c;
}

/*
 * The sparse solution against an independent dense one: GSL's weighted
 * least squares by SVD (gsl_multifit_wlinear, what the ledger used before the
 * sparse solver) on the full design matrix, built here from the claims, with
 * its covariance matrix for the standard errors.
 */
static void check_against_dense(const ec_claims *c, const ec_ledger *l)
{
    size_t m = l->n_models, p = m - 1, n = c->n;
    gsl_matrix *X = gsl_matrix_calloc(n, p), *cov = gsl_matrix_alloc(p, p);
    gsl_vector *y = gsl_vector_alloc(n), *w = gsl_vector_alloc(n), *th = gsl_vector_alloc(p);
    gsl_multifit_linear_workspace *work = gsl_multifit_linear_alloc(n, p);
    assert_true(X && cov && y && w && th && work);
    for (size_t i = 0; i < n; i++) {
        int s = IDX(l, c->items[i].subject), b = IDX(l, c->items[i].baseline);
        if (s) gsl_matrix_set(X, i, (size_t)s - 1, 1.0);
        if (b) gsl_matrix_set(X, i, (size_t)b - 1, -1.0);
        gsl_vector_set(y, i, -log(c->items[i].fraction));
        gsl_vector_set(w, i, 1 / (c->items[i].log_sd * c->items[i].log_sd));
    }
    double chisq;
    assert_int_equal(gsl_multifit_wlinear(X, w, y, th, cov, &chisq, work), 0);
    for (size_t k = 1; k < m; k++) {
        char what[64];
        snprintf(what, sizeof what, "log factor of %s", l->model[k]);
        ASSERT_NEAR(l->log_factor[k], gsl_vector_get(th, k - 1), 1e-11, what);
        snprintf(what, sizeof what, "se_log of %s", l->model[k]);
        ASSERT_REL_WHAT(l->se_log[k], sqrt(gsl_matrix_get(cov, k - 1, k - 1)), 1e-10, what);
    }
    ASSERT_REL(l->chi2, chisq, 1e-10);
    /* Each claim's fitted se of log(φ_S/φ_B), from the pair's entry of the selected inverse. */
    for (size_t i = 0; i < n; i++) {
        int s = IDX(l, c->items[i].subject), b = IDX(l, c->items[i].baseline);
        double v = (s ? gsl_matrix_get(cov, (size_t)s - 1, (size_t)s - 1) : 0) +
                   (b ? gsl_matrix_get(cov, (size_t)b - 1, (size_t)b - 1) : 0) -
                   (s && b ? 2 * gsl_matrix_get(cov, (size_t)s - 1, (size_t)b - 1) : 0);
        assert_int_equal(l->subject[i], (size_t)s);
        assert_int_equal(l->baseline[i], (size_t)b);
        ASSERT_REL_WHAT(l->fitted_se[i], sqrt(v), 1e-8, "fitted se of a claim");
    }
    if (l->cov_log) {
        for (size_t a = 1; a < m; a++) {
            /* The dense covariance's diagonal is se_log^2 (two computations: solves, selected inversion). */
            ASSERT_REL(l->cov_log[a * m + a], l->se_log[a] * l->se_log[a], 1e-12);
            /* Off the diagonal: to 1e-9 of the entry's largest possible size, sqrt(cov_aa cov_bb). */
            for (size_t b = 1; b < m; b++) {
                double want = gsl_matrix_get(cov, a - 1, b - 1);
                double scale = sqrt(gsl_matrix_get(cov, a - 1, a - 1) * gsl_matrix_get(cov, b - 1, b - 1));
                if (!(fabs(l->cov_log[a * m + b] - want) <= 1e-9 * scale))
                    fail_msg("cov_log[%zu][%zu] = %.17g, dense %.17g", a, b, l->cov_log[a * m + b], want);
            }
            assert_true(l->cov_log[a * m] == 0 && l->cov_log[a] == 0);
        }
    }
    gsl_multifit_linear_free(work);
    gsl_matrix_free(X);
    gsl_matrix_free(cov);
    gsl_vector_free(y);
    gsl_vector_free(w);
    gsl_vector_free(th);
}

static void test_random_vs_dense(void **state)
{
    (void)state;
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 13);
    static const struct { size_t m, n, band; } cases[] = {
        {300, 1500, 0},  /* random pairs: the factor is nearly dense */
        {400, 2000, 12}, /* a band: small supernodes */
        {200, 199, 0},   /* a tree */
    };
    for (size_t t = 0; t < sizeof cases / sizeof cases[0]; t++) {
        ec_claims *c = gen_random(r, cases[t].m, cases[t].n, cases[t].band);
        ec_ledger l;
        SOLVE_OK(c, "m0", &l);
        assert_int_equal(l.n_models, cases[t].m);
        assert_int_equal(l.dof, (int)(cases[t].n - cases[t].m + 1));
        assert_non_null(l.cov_log); /* up to EC_LEDGER_COV_MAX_MODELS */
        check_against_dense(c, &l);
        ec_ledger_clear(&l);
        ec_claims_free(c);
    }
    gsl_rng_free(r);
}

/*
 * A random tree of 5000 claims: every claim is fitted exactly, so each log
 * factor is the sum of -log f along the path from the reference and its
 * variance the sum of log_sd^2 along it (closed form). Above
 * EC_LEDGER_COV_MAX_MODELS there is no dense covariance.
 */
static void test_tree_closed_form(void **state)
{
    (void)state;
    const size_t m = 5001;
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 7);
    ec_claims *c = gen_new(m - 1);
    double *theta = calloc(m, sizeof *theta), *var = calloc(m, sizeof *var);
    assert_true(theta && var);
    for (size_t k = 1; k < m; k++) {
        size_t j = gsl_rng_uniform_int(r, k);
        double sd = gen_sd(r), f = exp(gsl_ran_gaussian(r, 1.0));
        if (gsl_rng_uniform(r) < 0.5) { /* k matches j at f: theta_k = theta_j - log f */
            gen_add(c, k, j, f, sd);
            theta[k] = theta[j] - log(f);
        } else {                        /* j matches k at f: theta_k = theta_j + log f */
            gen_add(c, j, k, f, sd);
            theta[k] = theta[j] + log(f);
        }
        var[k] = var[j] + sd * sd;
    }
    ec_ledger l;
    SOLVE_OK(c, "m0", &l);
    assert_int_equal(l.n_models, m);
    assert_int_equal(l.dof, 0);
    assert_true(isnan(l.p_value));
    assert_null(l.cov_log);
    for (size_t k = 0; k < m; k++) {
        int j = gen_index(&l, k);
        ASSERT_NEAR(l.log_factor[j], theta[k], 1e-12, "log factor on a tree");
        ASSERT_REL_WHAT(l.se_log[j], sqrt(var[k]), 1e-12, "se_log on a tree");
    }
    for (size_t i = 0; i < c->n; i++) {
        assert_true(fabs(l.residual[i]) < 1e-11);
        /* On a tree a claim's fitted ratio has its own log_sd and nothing else. */
        ASSERT_REL_WHAT(l.fitted_se[i], c->items[i].log_sd, 1e-9, "fitted se on a tree");
    }
    assert_true(l.chi2 < 1e-18);
    ec_ledger_clear(&l);
    ec_claims_free(c);
    free(theta);
    free(var);
    gsl_rng_free(r);
}

/* cov_log is filled up to EC_LEDGER_COV_MAX_MODELS models (a chain here), and NULL above. */
static void test_cov_limit(void **state)
{
    (void)state;
    for (size_t m = EC_LEDGER_COV_MAX_MODELS; m <= EC_LEDGER_COV_MAX_MODELS + 1; m++) {
        ec_claims *c = gen_new(m - 1);
        for (size_t k = 1; k < m; k++) gen_add(c, k, k - 1, 0.5, 0.1);
        ec_ledger l;
        SOLVE_OK(c, "m0", &l);
        assert_int_equal(l.n_models, m);
        if (m <= EC_LEDGER_COV_MAX_MODELS) {
            assert_non_null(l.cov_log);
            /* On a chain, cov(theta_a, theta_b) = 0.01 min(a, b): the shared part of the path. */
            int a = gen_index(&l, m / 3), b = gen_index(&l, m - 1);
            ASSERT_REL(l.cov_log[(size_t)a * m + (size_t)b], 0.01 * (double)(m / 3), 1e-10);
        } else {
            assert_null(l.cov_log);
        }
        ASSERT_REL(l.se_log[gen_index(&l, m - 1)], 0.1 * sqrt((double)(m - 1)), 1e-12);
        ec_ledger_clear(&l);
        ec_claims_free(c);
    }
}

/*
 * 2000 cycles of three through the reference: R-A_k, A_k-B_k, B_k-R with one
 * log_sd per cycle. Closed form (as test_inconsistent_triangle): residuals
 * +-d_k/3, chi2 = sum d_k^2 / (3 sd_k^2), se = sd_k sqrt(2/3).
 */
static void test_many_triangles(void **state)
{
    (void)state;
    const size_t nt = 2000;
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 3);
    ec_claims *c = gen_new(3 * nt);
    double chi2 = 0, *d = malloc(nt * sizeof *d), *sd = malloc(nt * sizeof *sd);
    assert_true(d && sd);
    for (size_t t = 0; t < nt; t++) {
        double y1 = gsl_ran_gaussian(r, 1), y2 = gsl_ran_gaussian(r, 1), y3 = y1 + y2 + gsl_ran_gaussian(r, 0.2);
        sd[t] = gen_sd(r);
        gen_add(c, 2 * t + 1, 0, exp(-y1), sd[t]);          /* theta_A = y1 */
        gen_add(c, 2 * t + 2, 2 * t + 1, exp(-y2), sd[t]);  /* theta_B - theta_A = y2 */
        gen_add(c, 2 * t + 2, 0, exp(-y3), sd[t]);          /* theta_B = y3 */
        d[t] = y1 + y2 - y3;
        chi2 += d[t] * d[t] / (3 * sd[t] * sd[t]);
    }
    ec_ledger l;
    SOLVE_OK(c, "m0", &l);
    assert_int_equal(l.dof, (int)nt);
    ASSERT_REL(l.chi2, chi2, 1e-11);
    ASSERT_REL(l.p_value, gsl_cdf_chisq_Q(chi2, (double)nt), 1e-9);
    for (size_t t = 0; t < nt; t++) {
        ASSERT_NEAR(l.residual[3 * t], d[t] / 3, 1e-13, "residual of A against R");
        ASSERT_NEAR(l.residual[3 * t + 1], d[t] / 3, 1e-13, "residual of B against A");
        ASSERT_NEAR(l.residual[3 * t + 2], -d[t] / 3, 1e-13, "residual of B against R");
        ASSERT_REL_WHAT(l.se_log[gen_index(&l, 2 * t + 1)], sd[t] * sqrt(2.0 / 3.0), 1e-12, "se of A");
        ASSERT_REL_WHAT(l.se_log[gen_index(&l, 2 * t + 2)], sd[t] * sqrt(2.0 / 3.0), 1e-12, "se of B");
    }
    ec_ledger_clear(&l);
    ec_claims_free(c);
    free(d);
    free(sd);
    gsl_rng_free(r);
}

/*
 * log_sd spread. A stiff triangle (log_sd s) hanging from the reference by one
 * weak claim (log_sd 1): the weak claim fixes A, the triangle fixes B and C
 * relative to A (closed form: residuals +-d/3 inside the triangle, 0 on the
 * link; se_A = 1, se_B^2 = 1 + 2 s^2 / 3). The normal equations lose accuracy
 * in proportion to the spread of the weights (measured: the log factors,
 * refined against the claims, to 3e-11 at s = 1e-4 where the dense SVD had
 * 1e-10; se_log to 1.5e-10 at s = 1e-3 and 3e-9 at s = 1e-4, where the SVD
 * had 1e-12), so the tolerances below follow eps / s^2. At s = 1e-6 a pivot
 * keeps less than 1e-10 of its diagonal and at 1e-9 (1e18 in weight) the weak
 * claim is lost to rounding altogether: both refused, naming a model.
 * And the regression case of tests/cli/cases/claims_log_sd_spread.sh: claims
 * that agree exactly (0.5 x 0.5 = 0.25), one with log_sd 1e-140, fit exactly
 * (the dense SVD gave A = 1.516 and chi2 = 9.6 there).
 */
static void test_log_sd_spread(void **state)
{
    (void)state;
    const double y0 = 0.3, y1 = 0.7, y2 = -0.2, y3 = 0.55; /* R-A, A-B, B-C, A-C (C = A + y1 + y2 - d) */
    const double d = y1 + y2 - y3;
    for (double s = 1e-1; s >= 1e-4; s /= 10) {
        mem_claims m;
        memset(&m, 0, sizeof m);
        add_claim(&m, "A", "R", exp(-y0), 1.0);
        add_claim(&m, "B", "A", exp(-y1), s);
        add_claim(&m, "C", "B", exp(-y2), s);
        add_claim(&m, "C", "A", exp(-y3), s);
        ec_ledger l;
        SOLVE_OK(&m.c, "R", &l);
        /* (the floor: errors of 4e-12 measured on a machine with AVX2 and no AVX-512, OpenBLAS kernels under CHOLMOD; under 1e-12 with AVX-512) */
        double tol_theta = fmax(1e-11, 3e-18 / (s * s)), tol_se = 5e-16 / (s * s);
        ASSERT_REL(l.log_factor[IDX(&l, "A")], y0, tol_theta);
        ASSERT_REL(l.log_factor[IDX(&l, "B")], y0 + y1 - d / 3, tol_theta);
        ASSERT_REL(l.log_factor[IDX(&l, "C")], y0 + y3 + d / 3, tol_theta);
        ASSERT_REL(l.se_log[IDX(&l, "A")], 1.0, tol_se);
        ASSERT_REL(l.se_log[IDX(&l, "B")], sqrt(1 + 2 * s * s / 3), tol_se);
        assert_true(fabs(l.residual[0]) <= tol_theta);
        ASSERT_REL(l.residual[1], d / 3, 1e-9);
        ASSERT_REL(l.chi2, d * d / (3 * s * s), 1e-9);
        ec_ledger_clear(&l);
    }
    mem_claims m;
    ec_ledger l;
    ec_error err;
    /* 1e-9: the factorisation meets a pivot <= 0; 1e-6: a pivot below 1e-10 of its diagonal. */
    for (double s = 1e-9; s < 2e-6; s *= 1000) {
        memset(&m, 0, sizeof m);
        add_claim(&m, "A", "R", 0.5, 1.0);
        add_claim(&m, "B", "A", 0.5, s);
        add_claim(&m, "C", "B", 0.5, s);
        add_claim(&m, "C", "A", 0.25, s);
        ec_error_clear(&err);
        assert_int_equal(ec_ledger_solve(&m.c, "R", &l, &err), EC_EDATA);
        ASSERT_CONTAINS(err.message, "claims: the weighted least-squares problem is numerically singular at model '");
        ASSERT_CONTAINS(err.message, "raise the smallest");
        assert_null(l.model);
    }

    memset(&m, 0, sizeof m);
    add_claim(&m, "A", "B", 0.5, 0.1);
    add_claim(&m, "C", "B", 0.25, 1e-140);
    add_claim(&m, "C", "A", 0.5, 0.2);
    SOLVE_OK(&m.c, "B", &l);
    ASSERT_REL(l.factor[IDX(&l, "A")], 2.0, 1e-12);
    ASSERT_REL(l.factor[IDX(&l, "C")], 4.0, 1e-12);
    ASSERT_REL(l.se_log[IDX(&l, "A")], 1 / sqrt(100.0 + 25.0), 1e-12);
    assert_true(l.chi2 < 1e-20);
    ec_ledger_clear(&l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_consistent_recovers),
        cmocka_unit_test(test_inconsistent_triangle),
        cmocka_unit_test(test_single_link_se),
        cmocka_unit_test(test_p_value),
        cmocka_unit_test(test_model_order),
        cmocka_unit_test(test_load_format),
        cmocka_unit_test(test_bad_claims_files),
        cmocka_unit_test(test_bad_solve),
        cmocka_unit_test(test_compute),
        cmocka_unit_test(test_example_file),
        cmocka_unit_test(test_random_vs_dense),
        cmocka_unit_test(test_tree_closed_form),
        cmocka_unit_test(test_cov_limit),
        cmocka_unit_test(test_many_triangles),
        cmocka_unit_test(test_log_sd_spread),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
