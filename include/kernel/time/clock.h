/* The clock source the time subsystem runs on, declared by the kernel and implemented by the
 * board: a free-running 64-bit count of microseconds since power-on and one compare that raises
 * CLOCK_IRQ. Bound at compile time: the board's header, included at the end, defines these as
 * static inline functions, so the timer IRQ path calls the driver directly, through no pointer.
 * Above this interface time is a uint64_t of microseconds; any 32-bit wrap stays in the driver.
 * The board also defines CLOCK_IRQ (the compare's interrupt line). */
#ifndef KERNEL_TIME_CLOCK_H
#define KERNEL_TIME_CLOCK_H

#include <stdint.h>

/* Microseconds since power-on. Any context. */
static inline uint64_t clock_now(void);

/* Arms the compare for the absolute time deadline_us. now_us is a recent clock_now() reading,
 * used only to bound how far ahead the compare may be set (an older reading only makes it fire
 * sooner). Returns 0 when it will fire (early, for a deadline beyond the hardware's reach: the
 * caller re-arms), or -ETIME when the deadline had already been reached and must be handled
 * now. IRQs masked. */
static inline int clock_arm(uint64_t deadline_us, uint64_t now_us);

/* Acknowledges a compare match at the device. IRQs masked. */
static inline void clock_ack(void);

/* The one board pinwheel runs on; a second board would choose its own header here. */
#include "board/raspi2/clock.h"

#endif
