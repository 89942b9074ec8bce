/*
 * ec_input_cache.c — input files read once for many copies of a scenario (ec_step.h): a sweep's cells that
 * read the same fit JSON and replicates share one law instead of each reading and checking 4000 replicates again.
 */
#include "ec_input_cache.h"

#include <stdlib.h>
#include <string.h>

#include "ec_law_json.h"

typedef struct cached_law {
    char *fit, *replicates; /* the key: the step's option values */
    ec_law *law;
    ec_law_load_info info;
} cached_law;

struct ec_input_cache {
    cached_law **laws; /* entries never move once made: a step keeps its pointer */
    size_t n, cap;
    size_t loads;
};

ec_input_cache *ec_input_cache_new(ec_error *err)
{
    ec_input_cache *c = calloc(1, sizeof *c);
    if (!c) ec_error_set(err, EC_ENOMEM, "out of memory");
    return c;
}

void ec_input_cache_free(ec_input_cache *c)
{
    if (!c) return;
    for (size_t i = 0; i < c->n; i++) {
        ec_law_free(c->laws[i]->law);
        free(c->laws[i]->fit);
        free(c->laws[i]->replicates);
        free(c->laws[i]);
    }
    free(c->laws);
    free(c);
}

size_t ec_input_cache_loads(const ec_input_cache *c)
{
    return c ? c->loads : 0;
}

/* The entry of (fit, replicates), read now when there is none; on a failure nothing is kept and err says why. */
static int law_of(ec_input_cache *c, const char *fit, const char *replicates, const cached_law **out, ec_error *err)
{
    for (size_t i = 0; i < c->n; i++)
        if (strcmp(c->laws[i]->fit, fit) == 0 && strcmp(c->laws[i]->replicates, replicates) == 0) {
            *out = c->laws[i];
            return EC_OK;
        }
    if (c->n == c->cap) {
        size_t cap = c->cap ? 2 * c->cap : 4;
        cached_law **l = realloc(c->laws, cap * sizeof *l);
        if (!l) return ec_error_set(err, EC_ENOMEM, "out of memory");
        c->laws = l, c->cap = cap;
    }
    cached_law *e = calloc(1, sizeof *e);
    if (!e || !(e->fit = strdup(fit)) || !(e->replicates = strdup(replicates))) {
        if (e) free(e->fit);
        free(e);
        return ec_error_set(err, EC_ENOMEM, "out of memory");
    }
    int rc = ec_law_load(fit, replicates, 1, 0, &e->law, &e->info, err);
    c->loads++;
    if (rc) {
        free(e->fit), free(e->replicates), free(e);
        return rc;
    }
    c->laws[c->n++] = e;
    *out = e;
    return EC_OK;
}

int ec_input_cache_law(ec_input_cache *c, const char *fit, const char *replicates, const ec_law **law,
                       ec_law_load_info *info, ec_error *err)
{
    const cached_law *e = NULL;
    int rc;
    /* one step at a time: a law is read by the first step that needs it, the others wait for it */
#pragma omp critical(ec_input_cache)
    rc = law_of(c, fit, replicates, &e, err);
    if (rc) return rc;
    *law = e->law;
    *info = e->info;
    return EC_OK;
}
