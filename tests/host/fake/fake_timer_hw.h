/* Fake of what the timer queue (src/kernel/time/timer.c) drives: the system timer's counter and
 * compare 1 (board/raspi2/bcm2835_systimer.h) and the IRQ table (kernel/irq/irq.h), replaced at link
 * time. Time moves only when a test says so; IRQs come only inside fake_hw_advance_to(). */
#ifndef FAKE_TIMER_HW_H
#define FAKE_TIMER_HW_H

#include <stdint.h>

/* Clock at 0, compare unarmed, nothing pending, every line free, counters and knobs at 0. */
void fake_hw_reset(void);

/* Moves the clock to t as if IRQs were masked at the CPU all along: a compare passed on the way
 * matches (becomes pending) but nothing is delivered until the next fake_hw_advance_to(). Also
 * the way to set the start time. Going backwards is allowed only with no compare armed. */
void fake_hw_set_now(uint64_t t);

/* From a callback: the callback ran for us microseconds (fake_hw_set_now(now + us)). */
void fake_hw_spend(uint64_t us);

/* Walks the clock to t event by event: a pending match on an enabled line is delivered at the
 * current time (clearer, then handler, as irq_dispatch does); else the clock jumps to the armed
 * compare if it is <= t, which matches and is delivered (after the latency knob) if the line is
 * registered and enabled, and the walk repeats. Ends with the clock at t (or later when latency
 * carried it past). */
void fake_hw_advance_to(uint64_t t);
void fake_hw_advance(uint64_t us); /* fake_hw_advance_to(now + us) */

/* Microseconds added to the clock between a match and its delivery (a late IRQ). */
void fake_hw_set_latency(uint64_t us);

uint64_t fake_hw_now(void);
uint32_t fake_hw_irqs(void);       /* compare-1 IRQs delivered */
int fake_hw_line_registered(void); /* IRQ_SYSTIMER_C1 has a handler */
int fake_hw_line_enabled(void);    /* ... and is enabled at the controller */
int fake_hw_in_irq(void);          /* inside a delivered handler now */
int fake_hw_armed(void);           /* a compare is set that will match */
uint64_t fake_hw_compare(void);    /* the last compare written (64-bit, after the clamp) */
int fake_hw_pending(void);         /* compare 1 matched and was not acknowledged */

#endif
