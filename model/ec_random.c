/* ec_random.c — Philox4x64-10 streams (see ec_random.h). */
#include "ec_random.h"

#include <Random123/philox.h>

ec_stream ec_stream_of(uint64_t seed, uint64_t id)
{
    ec_stream s = {{seed, id}};
    return s;
}

/* 53 random bits as a double in (0, 1): (k + 1/2) 2^-53, rounded to a double. The top k = 2^53 - 1 would
 * round to 1 and is taken to 1 - 2^-53, the largest double below 1. */
static double u01(uint64_t x)
{
    double u = ((double)(x >> 11) + 0.5) * (1.0 / 9007199254740992.0);
    return u < 1 ? u : 1 - 1.0 / 9007199254740992.0;
}

void ec_random_u01x4(const ec_stream *s, uint64_t c0, uint64_t c1, uint64_t c2, uint64_t c3, double u[4])
{
    philox4x64_ctr_t c = {{c0, c1, c2, c3}};
    philox4x64_key_t k = {{s->key[0], s->key[1]}};
    philox4x64_ctr_t r = philox4x64(c, k);
    for (int i = 0; i < 4; i++) u[i] = u01(r.v[i]);
}

double ec_random_u01(const ec_stream *s, uint64_t c0, uint64_t c1, uint64_t c2)
{
    double u[4];
    ec_random_u01x4(s, c0, c1, c2, 0, u);
    return u[0];
}

void ec_random_u01_run(const ec_stream *s, uint64_t c0, uint64_t c1, size_t n, double *u)
{
    const philox4x64_key_t k = {{s->key[0], s->key[1]}};
    for (size_t t = 0; t < n; t++) { /* independent blocks: the CPU overlaps them (a call per draw cost twice this) */
        const philox4x64_ctr_t c = {{c0, c1 + t, 0, 0}};
        u[t] = u01(philox4x64(c, k).v[0]);
    }
}
