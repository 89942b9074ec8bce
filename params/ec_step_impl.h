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

#endif
