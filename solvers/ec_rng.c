#include "ec_rng.h"
#include "ec_error.h"

#include <stddef.h>

static unsigned long long splitmix64(unsigned long long x)
{
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

unsigned long ec_rng_stream_seed(unsigned long long seed, unsigned long long index)
{
    unsigned long long h = splitmix64(splitmix64(seed) ^ index);
    /* MT19937 takes a 32-bit seed; fold the high half in. 0 means "default seed" in GSL. */
    unsigned long s = (unsigned long)((h ^ (h >> 32)) & 0xffffffffULL);
    return s ? s : 1UL;
}

gsl_rng *ec_rng_alloc(void)
{
    ec_gsl_quiet(); /* out of memory must give NULL, not GSL's abort */
    return gsl_rng_alloc(gsl_rng_mt19937);
}

void ec_rng_seed_stream(gsl_rng *r, unsigned long long seed, unsigned long long index)
{
    gsl_rng_set(r, ec_rng_stream_seed(seed, index));
}

void ec_rng_counts(gsl_rng *r, size_t n, unsigned *counts)
{
    for (size_t i = 0; i < n; i++) counts[i] = 0;
    for (size_t i = 0; i < n; i++) counts[gsl_rng_uniform_int(r, n)]++;
}
