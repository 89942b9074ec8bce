/*
 * ec_step_impl.h — what the step types (ec_steps.c), the result JSON
 * (ec_result_json.c) and the step object (ec_step.c) share inside params/.
 * Not installed: programs use ec_step.h and ec_result.h.
 */
#ifndef EC_STEP_IMPL_H
#define EC_STEP_IMPL_H

#include <cjson/cJSON.h>

#include "ec_result.h"
#include "ec_step.h"

#define EC_STEP_MAX_INPUTS 4

struct ec_result {
    ec_result_kind kind;
    void *payload;
    void (*free_payload)(void *payload);
    char **notes;
    size_t n_notes;
    char **problems;
    size_t n_problems;
};

/* A new result owning `payload` (freed with free_payload, then free()). NULL when out of memory (the payload
 * is freed). */
ec_result *ec_result_new(ec_result_kind kind, void *payload, void (*free_payload)(void *));

/* Appends a note or a problem (printf-style); EC_OK or EC_ENOMEM. */
int ec_result_add_note(ec_result *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int ec_result_add_problem(ec_result *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Records an input file the run read (hashes it when sha256 is NULL). EC_OK or EC_ENOMEM. */
int ec_step_record_file(ec_step *st, const char *path, const char *sha256);

/* Forgets the files of the previous run. */
void ec_step_clear_files(ec_step *st);

/* The JSON tree of a result (ec_result_json.c); NULL with err set. */
cJSON *ec_result_json(const ec_result *r, ec_error *err);

/* JSON helpers shared by the schema writers: null for a non-finite number, seeds exactly. */
void ec_json_number(cJSON *o, const char *key, double v);
cJSON *ec_json_num(double v);
void ec_json_seed(cJSON *o, const char *key, unsigned long long seed);

/* The options every step that analyses a law shares (LAW_ROWS(T): their rows, for a struct T with a member
 * `law`). */
typedef struct law_opts {
    char fit[1024];
    char form[64];
    char replicates[1024];
    char output[1024];
} law_opts;

#define LAW_ROWS(T)                                                                                                  \
    {"fit", EC_OPT_STRING, offsetof(T, law.fit), sizeof(((T *)0)->law.fit), 0, 0, NULL, "",                        \
     "fit JSON written by 'effcomp fit -o'", NULL, EC_OPT_PATH_IN},                                                   \
        {"form", EC_OPT_STRING, offsetof(T, law.form), sizeof(((T *)0)->law.form), 0, 0, NULL, "",                  \
         "inline form instead of --fit (with --params)", NULL, 0},                                                    \
        {"replicates", EC_OPT_STRING, offsetof(T, law.replicates), sizeof(((T *)0)->law.replicates), 0, 0, NULL,     \
         "the fit's", "bootstrap replicates CSV for 95% intervals (default: the one recorded in the fit JSON)", NULL,  \
         EC_OPT_PATH_IN},                                                                                             \
        {"output", EC_OPT_STRING, offsetof(T, law.output), sizeof(((T *)0)->law.output), 0, 0, NULL, "",             \
         "write JSON here (alias -o); else a report on stdout", NULL, EC_OPT_PATH_OUT}

/* Files: a path that must exist (json: the message says "JSON file"); a path input, nothing to check when empty
 * or "@ID". */
int ec_step_need_file(const char *path, int json, ec_error *err);
int ec_step_need_input(const char *path, ec_error *err);
int ec_step_need_json(const char *path, ec_error *err);

/* --fit or --form with --params, not both; the files there. */
int ec_step_check_law(const law_opts *lo, ec_error *err);

/*
 * The law of a step: the fit result bound to input "fit", the fit JSON it names (with its replicates:
 * --replicates or the recorded file), or the inline form and params. *own gets what the caller frees. Notes
 * from reading it go to `r`.
 */
/* The step's input cache (ec_step_set_input_cache), or NULL. */
ec_input_cache *ec_step_input_cache(const ec_step *st);

int ec_step_get_law(ec_step *st, const law_opts *lo, const char *params, ec_result *r, const ec_law **law,
                    ec_law **own, ec_law_input *from, ec_error *err);

/* A result JSON of `kind` ("claims", "trend", ...) read from a file (its SHA-256 into sha256 when not NULL); NULL
 * with err (cannot read, not JSON, another kind). */
cJSON *ec_step_read_json(const char *path, const char *kind, char sha256[65], ec_error *err);

/* Efficiency factors of a claims ledger: the result bound to input "claims", or the claims JSON `value` names. */
typedef struct ec_claims_src {
    const ec_ledger *ledger;
    cJSON *json;
    char path[1024];           /* the file, or "@step"; "" when neither */
    char sha256[65];
} ec_claims_src;
int ec_claims_src_open(ec_step *st, const char *value, ec_claims_src *cs, ec_error *err);
/* The factor and se of log factor of `model`; EC_EINVAL listing the ledger's models when it is not there. */
int ec_claims_src_factor(const ec_claims_src *cs, const char *model, double *factor, double *se_log, ec_error *err);
void ec_claims_src_close(ec_claims_src *cs);

#endif
