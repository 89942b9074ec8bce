/*
 * ec_input_cache.h — the library side of ec_input_cache (declared in ec_step.h): what the steps look up.
 */
#ifndef EC_INPUT_CACHE_H
#define EC_INPUT_CACHE_H

#include "ec_law.h"
#include "ec_law_json.h"
#include "ec_step.h"

/*
 * The law of fit JSON `fit` with replicates `replicates` ("": the ones it records), as ec_law_load(fit,
 * replicates, 1, 0, ...) gives it: read on the first call with these two values, the same law (owned by the cache,
 * read only) and info on every later one. Safe on several threads at once.
 */
int ec_input_cache_law(ec_input_cache *c, const char *fit, const char *replicates, const ec_law **law,
                       ec_law_load_info *info, ec_error *err);

#endif
