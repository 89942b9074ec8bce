/**
 * ec_random.h — counter-based random numbers for simulations and sweeps.
 *
 * Every number is a function of (seed, stream, counter): Random123's
 * Philox4x64-10 (Salmon, Moraes, Dror & Shaw 2011, "Parallel random
 * numbers: as easy as 1, 2, 3", SC'11; Debian's librandom123-dev) keyed by
 * the 64-bit seed and a stream id, applied to a 4×64-bit counter (e.g.
 * draw, variable, year). There is no generator state: draw i of a Monte
 * Carlo run gets the same numbers on any thread, in any order, in any
 * shard, and distinct (seed, stream, counter) never share a number
 * sequence (the map is a bijection of the counter for each key; 2^256
 * counters per key, so 1e6 draws cannot collide — unlike seeding MT19937
 * with 32-bit seeds per draw).
 */
#ifndef EC_RANDOM_H
#define EC_RANDOM_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** A stream: the key of the generator. */
typedef struct ec_stream {
    uint64_t key[2];
} ec_stream;

/** Stream `id` of master seed `seed`. */
ec_stream ec_stream_of(uint64_t seed, uint64_t id);

/**
 * Four independent uniform numbers in the open interval (0, 1) (53-bit
 * resolution, never 0 or 1) for counter (c0, c1, c2, c3).
 */
void ec_random_u01x4(const ec_stream *s, uint64_t c0, uint64_t c1, uint64_t c2, uint64_t c3, double u[4]);

/** One uniform in (0, 1): the first of ec_random_u01x4(s, c0, c1, c2, 0). */
double ec_random_u01(const ec_stream *s, uint64_t c0, uint64_t c1, uint64_t c2);

/** u[t] = ec_random_u01(s, c0, c1 + t, 0) for t < n: the same numbers, drawn in one loop. */
void ec_random_u01_run(const ec_stream *s, uint64_t c0, uint64_t c1, size_t n, double *u);

#ifdef __cplusplus
}
#endif
#endif
