/* Kernel timers: one tickless queue of absolute deadlines on system-timer compare channel 1.
 * The compare always holds the earliest deadline; with nothing queued there are no timer IRQs.
 * Callbacks run in IRQ context, in deadline order, equal deadlines in registration order. */
#ifndef KERNEL_TIMER_H
#define KERNEL_TIMER_H

#include <stdint.h>

/* Pool of timers, fixed at build time: registering beyond it returns 0 to the caller. Callers
 * that cannot fail (the scheduler's slice, a sleep, a task's release) panic then: the pool is
 * sized for PROC_MAX sleepers and tasks. */
#ifndef TIMER_POOL_SIZE
#define TIMER_POOL_SIZE 512
#endif

/* Non-zero handle: a pool slot plus a generation, so a stale id never names a newer timer. */
typedef uint32_t timer_id;

/* Runs in IRQ context with IRQs masked; may register and remove timers (itself included). */
typedef void (*timer_cb_t)(timer_id id, void *data);

/* Microseconds since power-on (the 64-bit system-timer counter; no tick involved). */
uint64_t time_us(void);

/* Takes compare channel 1 and its IRQ. Returns 0, or -EBUSY when already started. */
int timer_start(void);

/* Cancels every pending timer and releases the channel. Returns 0, or -EINVAL when stopped. */
int timer_stop(void);

/* One-shot in delay_us (0: as soon as possible), at an absolute time, or periodic at
 * start + k * period_us (k = 1, 2, ...). Return 0 when the pool is full, the subsystem is
 * stopped, cb is NULL or period_us is 0. */
timer_id timer_register(uint64_t delay_us, timer_cb_t cb, void *data);
timer_id timer_register_at(uint64_t deadline_us, timer_cb_t cb, void *data);
timer_id timer_register_periodic(uint64_t period_us, timer_cb_t cb, void *data);

/* Cancels a pending timer. Returns 0, or -ENOENT for an id that is unknown, already fired
 * (one-shot), removed, or stale. */
int timer_remove(timer_id id);

/* Periods a periodic timer skipped because it ran more than a whole period late, or -ENOENT. */
int64_t timer_overruns(timer_id id);

/* Deadline of a pending timer, or 0 when id is not pending. */
uint64_t timer_deadline(timer_id id);

/* Copies up to max pending timers (id, deadline, period) into out, in pool order; returns how
 * many are pending in all. For diagnostics (the shell's `timers`): O(pool), not for IRQs. */
struct timer_info;
uint32_t timer_list(struct timer_info *out, uint32_t max);

struct timer_stats {
    uint32_t irqs;         /* compare-1 interrupts taken */
    uint32_t idle_irqs;    /* of which found nothing due: a far deadline's intermediate step, or the
                            * head removed after its compare had matched with IRQs masked */
    uint32_t fired;        /* callbacks run */
    uint32_t pending;      /* timers queued now */
    uint32_t late_handled; /* deadlines found already passed when re-arming, run at once */
};
void timer_get_stats(struct timer_stats *out);

/* The queue checked against the pool: heap order (timer_heap_check), every timer in use queued
 * and every other one free, the pending count, compare 1's line unmasked exactly while timers
 * are queued. NULL when all holds, else what is wrong. Task context, not from a callback. */
const char *timer_check(void);

#endif
