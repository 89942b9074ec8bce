/**
 * ec_rng.h — reproducible random streams.
 *
 * Every unit of random work (a bootstrap replicate, a Monte Carlo path) gets
 * its own GSL generator seeded from (seed, index) through the SplitMix64
 * finaliser (Steele, Lea & Flood 2014), a bijective 64-bit mixer. The draws
 * of unit k therefore do not depend on which thread runs it or on how many
 * threads there are.
 */
#ifndef EC_RNG_H
#define EC_RNG_H

#include <gsl/gsl_rng.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Seed for stream `index` of master seed `seed` (well mixed, never the same for adjacent indices). */
unsigned long ec_rng_stream_seed(unsigned long long seed, unsigned long long index);

/** Allocates the generator effcomp uses (MT19937); NULL when out of memory. */
gsl_rng *ec_rng_alloc(void);

/** Re-seeds `r` for stream `index` of `seed`. */
void ec_rng_seed_stream(gsl_rng *r, unsigned long long seed, unsigned long long index);

/**
 * Case resampling from `r` as it stands (seeded by the caller): draws n
 * indices uniformly with replacement and stores how often each point was
 * drawn in counts[0..n-1].
 */
void ec_rng_counts(gsl_rng *r, size_t n, unsigned *counts);

#ifdef __cplusplus
}
#endif
#endif
