/* Small sorting helpers for benchmarks and tests (pure C). */
#ifndef LIB_SORT_H
#define LIB_SORT_H

#include <stdint.h>

/* Sorts v[0..n) ascending in place. Insertion sort: meant for the few hundred samples a
 * benchmark takes, not for anything on a hot path. */
void sort_u32(uint32_t *v, int n);

#endif
