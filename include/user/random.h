/* splitmix64 (Steele, Lea and Flood, 2014) for the user programs that need reproducible random
 * streams (test=fuzz, test=soak): the whole state is one word, which each process keeps in its
 * own data and seeds from seed=, so one seed replays one run. Not for anything secret. */
#ifndef USER_RANDOM_H
#define USER_RANDOM_H

#include <stdint.h>

static inline uint64_t random_next(uint64_t *state)
{
    uint64_t z = (*state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

/* A number in [0, n), n > 0. */
static inline uint32_t random_below(uint64_t *state, uint32_t n)
{
    return (uint32_t)(random_next(state) >> 32) % n;
}

#endif
