/* A consistency check of a timer heap (include/kernel/time/timer_heap.h), kept apart from the
 * heap itself: for the kernel's invariant check (timer_check) and host tests. Pure C. */
#ifndef KERNEL_TIMER_HEAP_CHECK_H
#define KERNEL_TIMER_HEAP_CHECK_H

#include "kernel/time/timer_heap.h"

/* NULL when h is a valid heap: size within capacity, every slot's node points back at its slot
 * and has the slot's deadline, and no slot is earlier (deadline, then sequence) than its parent.
 * Otherwise what is wrong. O(size); callers mask IRQs. */
const char *timer_heap_check(const struct timer_heap *h);

#endif
