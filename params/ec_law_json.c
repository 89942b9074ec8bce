/* ec_law_json.c — JSON result files and laws read from them (see ec_law_json.h). */
#define _XOPEN_SOURCE 700 /* realpath */
#include "ec_law_json.h"

#include <errno.h>
#include <libgen.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ec_csv.h"
#include "ec_kv.h"

/*
 * The first number in JSON text that a double cannot hold (1e400, -1e999: cJSON reads them as +-inf): its
 * offset, or -1 when there is none. Only tokens with an exponent or of more than 300 characters can
 * overflow, so strtod runs on few of them; strings are skipped (with their escapes).
 */
static long json_overflow_at(const char *text, size_t len, size_t *tok_len)
{
    int in_str = 0;
    for (size_t i = 0; i < len; i++) {
        char c = text[i];
        if (in_str) {
            if (c == '\\') i++;
            else if (c == '"') in_str = 0;
            continue;
        }
        if (c == '"') {
            in_str = 1;
            continue;
        }
        if (c != '-' && (c < '0' || c > '9')) continue;
        size_t j = i;
        int expo = 0;
        while (j < len && (strchr("+-.eE", text[j]) || (text[j] >= '0' && text[j] <= '9'))) {
            expo |= text[j] == 'e' || text[j] == 'E';
            j++;
        }
        if (expo || j - i > 300) {
            char *num = strndup(text + i, j - i);
            double v = num ? strtod(num, NULL) : 0;
            free(num);
            if (isinf(v)) {
                *tok_len = j - i;
                return (long)i;
            }
        }
        i = j - 1;
    }
    return -1;
}

/* Line and column (1-based) of text + at. */
static void line_col(const char *text, size_t at, size_t *line, size_t *col)
{
    *line = 1;
    *col = 1;
    for (size_t i = 0; i < at; i++) {
        if (text[i] == '\n') {
            ++*line;
            *col = 1;
        } else {
            ++*col;
        }
    }
}

cJSON *ec_json_read_file(const char *path, ec_error *err)
{
    struct stat st;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
        ec_error_set(err, EC_EIO, "'%s' is a folder, not a JSON file", path);
        return NULL;
    }
    size_t len = 0;
    char *text = ec_file_read(path, &len, err);
    if (!text) return NULL;
    if (len == 0) {
        free(text);
        ec_error_set(err, EC_EDATA, "'%s' is empty: give the JSON a command wrote with -o", path);
        return NULL;
    }
    if (memchr(text, '\0', len)) {
        free(text);
        ec_error_set(err, EC_EDATA, "'%s' contains NUL bytes: is it binary or UTF-16? effcomp writes its JSON as UTF-8",
                     path);
        return NULL;
    }
    const char *at = NULL;
    cJSON *root = cJSON_ParseWithLengthOpts(text, len, &at, 0);
    if (!root) {
        /* Where the parser stopped, as line:column. */
        size_t line = 1, col = 1;
        if (at && at >= text && at <= text + len) line_col(text, (size_t)(at - text), &line, &col);
        ec_error_set(err, EC_EDATA, "%s:%zu:%zu: not valid JSON%s; give the JSON a command wrote with -o", path, line, col,
                     at && at + 1 >= text + len ? " (it ends too early: truncated?)" : "");
    }
    size_t tok = 0;
    long bad = root ? json_overflow_at(text, len, &tok) : -1;
    if (bad >= 0) {
        size_t line, col;
        line_col(text, (size_t)bad, &line, &col);
        ec_error_set(err, EC_EDATA,
                     "%s:%zu:%zu: the number '%.*s' is beyond the range of a double (about 1.8e308); effcomp never "
                     "writes one: correct it, or give the JSON a command wrote with -o",
                     path, line, col, (int)(tok > 40 ? 40 : tok), text + bad);
        cJSON_Delete(root);
        root = NULL;
    }
    free(text);
    return root;
}

/* The seed of a JSON result as digits ("" when none). */
static void seed_digits(const cJSON *seed, char *out, size_t cap)
{
    out[0] = '\0';
    /* a number only when it is a whole number below 2^64 (larger seeds are written as strings) */
    if (cJSON_IsNumber(seed) && seed->valuedouble >= 0 && seed->valuedouble < 18446744073709551616.0 &&
        seed->valuedouble == floor(seed->valuedouble))
        snprintf(out, cap, "%.0f", seed->valuedouble);
    else if (cJSON_IsString(seed)) snprintf(out, cap, "%s", seed->valuestring);
}

/* 1 when j is a string of 64 lowercase hexadecimal digits. */
static int is_sha256(const cJSON *j)
{
    if (!cJSON_IsString(j) || strlen(j->valuestring) != 64) return 0;
    for (const char *c = j->valuestring; *c; c++)
        if (!((*c >= '0' && *c <= '9') || (*c >= 'a' && *c <= 'f'))) return 0;
    return 1;
}

static int parse_u64(const char *s, unsigned long long *v)
{
    if (!s[0]) return -1;
    char *end;
    errno = 0;
    unsigned long long u = strtoull(s, &end, 10);
    if (errno || *end || s[0] == '-') return -1;
    *v = u;
    return 0;
}

int ec_law_replicates_from_table(ec_law *law, const ec_table *t, const char *path, const char *seed_text,
                                 size_t expected, ec_error *err)
{
    const ec_form *f = law->form;
    /* The header line 'effcomp fit' writes names the form and the seed: a file from another
     * run (another form, or replicates drawn with another seed) is refused. Files without
     * that line (made by hand or by other tools) are not checked here. */
    const char *line = t->comment;
    if (line && strncmp(line, "# effcomp ", 10) == 0) {
        const char *tag = strstr(line, " bootstrap replicates: form ");
        const char *sp = strstr(line, ", seed ");
        if (tag && sp) {
            char form[64] = "", seed[32] = "";
            sscanf(tag + strlen(" bootstrap replicates: form "), "%63[^,]", form);
            sscanf(sp + strlen(", seed "), "%31[0-9]", seed);
            if (form[0] && strcmp(form, f->name) != 0)
                return ec_error_set(err, EC_EDATA,
                                    "%s holds replicates of the %s form, but the fit is of the %s form: it belongs to "
                                    "another fit (give the right file with --replicates)",
                                    path, form, f->name);
            /* the count the header states must be the rows the file holds (an edited or truncated file) */
            const char *cnt = strstr(line, " replicates, seed ");
            if (cnt) {
                const char *b = cnt;
                while (b > line && b[-1] >= '0' && b[-1] <= '9')
                    b--;
                unsigned long long stated = 0;
                char digits[32] = "";
                if (b < cnt && (size_t)(cnt - b) < sizeof digits) memcpy(digits, b, (size_t)(cnt - b));
                if (parse_u64(digits, &stated) != 0 || stated != (unsigned long long)t->n_rows)
                    return ec_error_set(err, EC_EDATA,
                                        "%s:1: the header states %s replicates but the file holds %zu data rows: it "
                                        "was truncated or edited (write it again with 'effcomp fit --replicates-out "
                                        "FILE', or give the right file with --replicates)",
                                        path, digits[0] ? digits : "?", t->n_rows);
            }
            if (seed_text && seed_text[0] && seed[0] && strcmp(seed, seed_text) != 0)
                return ec_error_set(err, EC_EDATA,
                                    "%s was drawn with seed %s, but the fit records seed %s: it belongs to another run "
                                    "(give the right file with --replicates, or refit with --seed %s --replicates-out FILE)",
                                    path, seed, seed_text, seed_text);
        }
    }
    if (expected && t->n_rows != expected)
        return ec_error_set(err, EC_EDATA,
                            "%s has %zu rows but the fit recorded %zu bootstrap replicates: it belongs to another fit "
                            "(give the right file with --replicates)",
                            path, t->n_rows, expected);
    int conv = ec_table_column(t, "converged");
    for (size_t r = 0; conv >= 0 && r < t->n_rows; r++) {
        double v = t->values[r * t->n_cols + (size_t)conv];
        if (v != 0.0 && v != 1.0)
            return ec_error_set(err, EC_EDATA,
                                "%s:%zu: converged = %g; the column holds 1 (converged) or 0: write one of them",
                                path, t->lines ? t->lines[r] : r + 2, v);
    }
    int col[EC_FORM_MAX_PARAMS];
    for (int j = 0; j < f->n_params; j++) {
        col[j] = ec_table_column(t, f->param_names[j]);
        if (col[j] < 0)
            return ec_error_set(err, EC_EDATA, "%s: no column '%s' for the %s form", path, f->param_names[j], f->name);
    }
    const size_t k = (size_t)f->n_params, R = t->n_rows;
    double *m = malloc(sizeof(double) * (R ? R : 1) * k);
    unsigned char *ok = malloc(R ? R : 1);
    if (!m || !ok) {
        free(m);
        free(ok);
        return ec_error_set(err, EC_ENOMEM, "out of memory");
    }
    for (size_t r = 0; r < R; r++) {
        const double *row = t->values + r * t->n_cols;
        ok[r] = conv < 0 || row[conv] == 1.0;
        for (size_t j = 0; j < k; j++) {
            m[r * k + j] = row[col[j]];
            if (ok[r] && !isfinite(m[r * k + j])) {
                free(m);
                free(ok);
                return ec_error_set(err, EC_EDATA,
                                    "%s:%zu: replicate %zu: parameter %s is empty or not a finite number (write its "
                                    "value, or mark a replicate that failed with converged = 0)",
                                    path, t->lines ? t->lines[r] : r + 2, r + 1, f->param_names[j]);
            }
        }
    }
    ec_error e;
    int rc = ec_law_set_replicates(law, m, R, ok, &e);
    free(m);
    free(ok);
    if (rc) return ec_error_set(err, rc, "%s: %s", path, e.message);
    snprintf(law->reps_file, sizeof law->reps_file, "%s", path);
    /* The digest of the bytes the table was read from (one read: no second open that could see another file). */
    if (t->sha256[0]) snprintf(law->reps_sha256, sizeof law->reps_sha256, "%s", t->sha256);
    else if (ec_file_sha256(path, law->reps_sha256, NULL) != EC_OK) law->reps_sha256[0] = '\0';
    return EC_OK;
}

int ec_law_json_check_counts(const cJSON *root, const char *path, ec_error *err)
{
    const cJSON *boot = cJSON_GetObjectItemCaseSensitive(root, "bootstrap");
    const cJSON *nrep = boot ? cJSON_GetObjectItemCaseSensitive(boot, "replicates") : NULL;
    /* A count is converted only once it is known to be a whole number in range (a cast of -5 was undefined
     * behaviour and printed 18446744073709551611). */
    if (nrep && !(cJSON_IsNumber(nrep) && nrep->valuedouble >= 1 && nrep->valuedouble <= 1e12 &&
                  nrep->valuedouble == floor(nrep->valuedouble))) {
        char shown[64] = "not a number";
        if (cJSON_IsNumber(nrep)) ec_format_double(nrep->valuedouble, shown, sizeof shown);
        return ec_error_set(err, EC_EDATA,
                            "%s: bootstrap.replicates is %s, not a count of replicates (a whole number from 1 to "
                            "10^12); give the JSON a command wrote with -o",
                            path, shown);
    }
    return EC_OK;
}

int ec_law_load(const char *path, const char *reps_given, int want_reps, int reps_soft, ec_law **out,
                ec_law_load_info *info, ec_error *err)
{
    *out = NULL;
    ec_law_load_info dummy;
    if (!info) info = &dummy;
    memset(info, 0, sizeof *info);
    cJSON *root = ec_json_read_file(path, err);
    if (!root) return err ? err->code : EC_EDATA;
    int rc = EC_EDATA;
    ec_law *law = NULL;
    const cJSON *form = cJSON_GetObjectItemCaseSensitive(root, "form");
    const cJSON *params = cJSON_GetObjectItemCaseSensitive(root, "params");
    if (!cJSON_IsString(form) || !cJSON_IsObject(params)) {
        ec_error_set(err, EC_EDATA, "%s: not a fit JSON from 'effcomp fit -o' (needs \"form\" and \"params\")", path);
        goto done;
    }
    /* Other results carry a form and parameters too: only a fit of all its points will do. */
    const char *other = cJSON_GetObjectItemCaseSensitive(root, "backtest")
                            ? "a backtest result (its fit used only the training points)"
                        : cJSON_GetObjectItemCaseSensitive(root, "rows")        ? "an optimal result"
                        : !cJSON_GetObjectItemCaseSensitive(root, "objective") ? "not a fit result"
                                                                                : NULL;
    if (other) {
        ec_error_set(err, EC_EDATA, "%s: %s, not the JSON of 'effcomp fit -o'; give a fit's JSON", path, other);
        goto done;
    }
    const ec_form *f = ec_form_find(form->valuestring);
    if (!f) {
        ec_error_set(err, EC_EDATA, "%s: unknown form '%s'", path, form->valuestring);
        goto done;
    }
    double p[EC_FORM_MAX_PARAMS];
    for (int j = 0; j < f->n_params; j++) {
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(params, f->param_names[j]);
        if (!cJSON_IsNumber(v) || !isfinite(v->valuedouble)) {
            ec_error_set(err, EC_EDATA, "%s: parameter '%s' missing or not a number", path, f->param_names[j]);
            goto done;
        }
        p[j] = v->valuedouble;
    }
    law = ec_law_new(f, p, err);
    if (!law) goto done;
    snprintf(law->source, sizeof law->source, "%s", path);
    if (ec_file_sha256(path, law->source_sha256, NULL) != EC_OK) law->source_sha256[0] = '\0';
    const cJSON *conv = cJSON_GetObjectItemCaseSensitive(root, "converged");
    if (cJSON_IsFalse(conv)) {
        const cJSON *stt = cJSON_GetObjectItemCaseSensitive(root, "status");
        law->converged = 0;
        snprintf(info->note, sizeof info->note,
                 "warning: %s is a fit that did not converge, so its parameters may not be an optimum (status: %s)", path,
                 cJSON_IsString(stt) ? stt->valuestring : "status unknown");
    }
    char seed_text[32];
    const cJSON *seed = cJSON_GetObjectItemCaseSensitive(root, "seed");
    seed_digits(seed, seed_text, sizeof seed_text);
    unsigned long long seed_check;
    if (seed && !cJSON_IsNull(seed) && parse_u64(seed_text, &seed_check) != 0) {
        ec_error_set(err, EC_EDATA,
                     "%s: \"seed\" is not a seed (a whole number from 0 to 2^64-1, or its digits as a string); give "
                     "the JSON a command wrote with -o",
                     path);
        goto done;
    }
    unsigned long long sv;
    if (parse_u64(seed_text, &sv) == 0) {
        law->has_seed = 1;
        law->seed = sv;
    }
    /* The covariance of the free parameters, when the fit had one. */
    const cJSON *covj = cJSON_GetObjectItemCaseSensitive(root, "covariance");
    if (cJSON_IsObject(covj)) {
        double cov[EC_FORM_MAX_PARAMS * EC_FORM_MAX_PARAMS] = {0};
        int okc = 1;
        for (int i = 0; i < f->n_params; i++) {
            const cJSON *row = cJSON_GetObjectItemCaseSensitive(covj, f->param_names[i]);
            if (!row) continue;
            for (int j = 0; j < f->n_params; j++) {
                const cJSON *v = cJSON_GetObjectItemCaseSensitive(row, f->param_names[j]);
                if (!v) continue;
                if (!cJSON_IsNumber(v) || !isfinite(v->valuedouble)) okc = 0;
                else cov[i * EC_FORM_MAX_PARAMS + j] = v->valuedouble;
            }
        }
        if (okc) ec_law_set_covariance(law, cov, NULL);
    }
    /* The fitted points' range (fits of this version record it). */
    const cJSON *dr = cJSON_GetObjectItemCaseSensitive(root, "data_range");
    const cJSON *rc_ = cJSON_GetObjectItemCaseSensitive(dr, "C"), *rn = cJSON_GetObjectItemCaseSensitive(dr, "N");
    if (!rc_) rc_ = cJSON_GetObjectItemCaseSensitive(dr, "x");
    if (cJSON_GetArraySize(rc_) == 2 && cJSON_IsNumber(cJSON_GetArrayItem(rc_, 1)))
        law->data_max_C = cJSON_GetArrayItem(rc_, 1)->valuedouble;
    if (cJSON_GetArraySize(rn) == 2 && cJSON_IsNumber(cJSON_GetArrayItem(rn, 1)))
        law->data_max_N = cJSON_GetArrayItem(rn, 1)->valuedouble;
    const cJSON *boot = cJSON_GetObjectItemCaseSensitive(root, "bootstrap");
    const cJSON *file = boot ? cJSON_GetObjectItemCaseSensitive(boot, "replicates_file") : NULL;
    const cJSON *nrep = boot ? cJSON_GetObjectItemCaseSensitive(boot, "replicates") : NULL;
    if (ec_law_json_check_counts(root, path, err)) goto done;
    info->expected_reps = nrep ? (size_t)nrep->valuedouble : 0;
    info->reps_recorded = cJSON_IsString(file);
    /* The SHA-256 of the replicates file the fit wrote with this JSON (fits since the key was added). */
    const cJSON *rsha = boot ? cJSON_GetObjectItemCaseSensitive(boot, "replicates_sha256") : NULL;
    if (rsha && !cJSON_IsNull(rsha) && !is_sha256(rsha)) {
        ec_error_set(err, EC_EDATA,
                     "%s: bootstrap.replicates_sha256 is not a SHA-256 (64 hexadecimal digits); give the JSON a command "
                     "wrote with -o",
                     path);
        goto done;
    }
    int found_recorded = 0;
    char reps_path[2100] = "", searched[6400] = "";
    if (reps_given && reps_given[0]) {
        snprintf(reps_path, sizeof reps_path, "%s", reps_given);
    } else if (cJSON_IsString(file) && want_reps) {
        /* The file the fit wrote: its absolute path as recorded, then beside the JSON
         * (the results folder may have moved), then the recorded path as given. */
        const cJSON *absf = cJSON_GetObjectItemCaseSensitive(boot, "replicates_file_absolute");
        char dir[1024], base[1024], cand[3][2100];
        snprintf(dir, sizeof dir, "%s", path);
        snprintf(base, sizeof base, "%s", file->valuestring);
        snprintf(cand[0], sizeof cand[0], "%s", cJSON_IsString(absf) ? absf->valuestring : "");
        snprintf(cand[1], sizeof cand[1], "%s/%s", dirname(dir), basename(base));
        snprintf(cand[2], sizeof cand[2], "%s", file->valuestring);
        for (int k = 0; k < 3; k++)
            if (cand[k][0] && access(cand[k], R_OK) == 0) {
                snprintf(reps_path, sizeof reps_path, "%.2099s", cand[k]);
                found_recorded = 1;
                break;
            }
        if (!reps_path[0]) {
            size_t at = 0;
            for (int k = 0; k < 3; k++)
                if (cand[k][0] && at < sizeof searched && (k < 2 || strcmp(cand[2], cand[1]) != 0) &&
                    (k < 1 || strcmp(cand[k], cand[0]) != 0))
                    at += (size_t)snprintf(searched + at, sizeof searched - at, "%s'%s'", at ? ", " : "", cand[k]);
            ec_error e;
            ec_error_set(&e, EC_EDATA,
                         "%s records bootstrap replicates, but the file is not there (looked for %s); give it with "
                         "--replicates FILE, or refit with --bootstrap R --replicates-out FILE",
                         path, searched[0] ? searched : "its recorded path");
            if (!reps_soft) {
                if (err) *err = e;
                goto done;
            }
            snprintf(info->note, sizeof info->note, "no bands: %s", e.message);
        }
    }
    if (want_reps && reps_path[0]) {
        ec_error e;
        ec_table *t = ec_table_load_csv(reps_path, &e);
        int rr = t ? ec_law_replicates_from_table(law, t, reps_path, seed_text, info->expected_reps, &e) : e.code;
        /* Once its form, seed and length agree, the pair is checked by its digest: the file the fit recorded,
         * or one given with --replicates that says it is effcomp's (a file made by hand or by another tool has
         * no digest to agree with). A mismatch is never soft: the two files are from different runs. */
        int effcomps = t && t->comment && strncmp(t->comment, "# effcomp ", 10) == 0;
        if (rr == EC_OK && cJSON_IsString(rsha) && (found_recorded || effcomps) &&
            strcmp(t->sha256, rsha->valuestring) != 0) {
            ec_error_set(err, EC_EDATA,
                         "%s records replicates with SHA-256 %.16s..., but %s has SHA-256 %.16s...: the two files "
                         "were not written by the same run (two runs writing the same outputs?); give the matching "
                         "file with --replicates, or refit with -o FIT.json --replicates-out FILE",
                         path, rsha->valuestring, reps_path, t->sha256);
            ec_table_free(t);
            goto done;
        }
        ec_table_free(t);
        /* A file that is there but damaged (a poisoned value, another fit's file) is never soft: plotting
         * without bands would hide the damage. Only a recorded file that is gone is (see above). */
        if (rr) {
            if (err) *err = e;
            rc = rr == EC_ENOMEM ? EC_ENOMEM : EC_EDATA;
            goto done;
        }
    }
    rc = EC_OK;
done:
    cJSON_Delete(root);
    if (rc) {
        ec_law_free(law);
        return rc;
    }
    *out = law;
    return EC_OK;
}

int ec_law_json_replicates_path(const char *fit_path, char *out, size_t cap)
{
    /* Read without the replicates themselves: only where they are. */
    cJSON *root = ec_json_read_file(fit_path, NULL);
    if (!root) return 0;
    const cJSON *boot = cJSON_GetObjectItemCaseSensitive(root, "bootstrap");
    const cJSON *file = boot ? cJSON_GetObjectItemCaseSensitive(boot, "replicates_file") : NULL;
    const cJSON *absf = boot ? cJSON_GetObjectItemCaseSensitive(boot, "replicates_file_absolute") : NULL;
    int found = 0;
    if (cJSON_IsString(file)) {
        char dir[1024], base[1024], cand[3][2100];
        snprintf(dir, sizeof dir, "%s", fit_path);
        snprintf(base, sizeof base, "%s", file->valuestring);
        snprintf(cand[0], sizeof cand[0], "%s", cJSON_IsString(absf) ? absf->valuestring : "");
        snprintf(cand[1], sizeof cand[1], "%s/%s", dirname(dir), basename(base));
        snprintf(cand[2], sizeof cand[2], "%s", file->valuestring);
        for (int k = 0; k < 3 && !found; k++)
            if (cand[k][0] && access(cand[k], R_OK) == 0 && strlen(cand[k]) < cap) {
                memcpy(out, cand[k], strlen(cand[k]) + 1);
                found = 1;
            }
    }
    cJSON_Delete(root);
    return found;
}

typedef struct inline_ctx {
    const ec_form *f;
    double p[EC_FORM_MAX_PARAMS];
    int seen[EC_FORM_MAX_PARAMS];
} inline_ctx;

static int inline_item(void *user, const char *key, const char *value, ec_error *err)
{
    inline_ctx *c = user;
    int j = ec_form_param_index(c->f, key);
    double v;
    if (j < 0) {
        char names[256] = "";
        for (int k = 0, at = 0; k < c->f->n_params && at < (int)sizeof names; k++)
            at += snprintf(names + at, sizeof names - (size_t)at, "%s%s", k ? ", " : "", c->f->param_names[k]);
        return ec_error_set(err, EC_EINVAL, "--params: the %s form has no parameter '%s' (its parameters: %s)",
                            c->f->name, key, names);
    }
    if (ec_parse_finite(value, &v) != EC_OK) {
        double x;
        char example[40];
        int number = ec_parse_double(value, &x) == EC_OK;
        snprintf(example, sizeof example, "%.3g", c->f->start[j]);
        return ec_error_set(err, EC_EINVAL,
                            "--params: %s = '%s' is %s; give every parameter of the %s form a finite number, e.g. "
                            "'%s=%s'",
                            key, value,
                            !value[0] ? "empty"
                            : number  ? "not a finite number (nan, inf and values beyond about 1.8e308 are refused)"
                                      : "not a number",
                            c->f->name, key, example);
    }
    if (c->seen[j]) return ec_error_set(err, EC_EINVAL, "--params: parameter '%s' given twice; give each parameter once", key);
    c->p[j] = v;
    c->seen[j] = 1;
    return EC_OK;
}

int ec_law_inline(const char *form, const char *params, ec_law **out, ec_error *err)
{
    *out = NULL;
    inline_ctx c = {0};
    c.f = ec_form_find(form);
    if (!c.f) return ec_error_set(err, EC_EINVAL, "unknown form '%s' (see 'effcomp fit --list-forms')", form);
    int rc = ec_kv_parse("--params", params, inline_item, &c, err);
    if (rc) return rc;
    for (int j = 0; j < c.f->n_params; j++)
        if (!c.seen[j])
            return ec_error_set(err, EC_EINVAL, "--params: parameter '%s' of the %s form missing", c.f->param_names[j],
                                c.f->name);
    *out = ec_law_new(c.f, c.p, err);
    return *out ? EC_OK : EC_ENOMEM;
}
