/* BCM2835 system timer (ARM Peripherals ch. 12): the free-running 1 MHz, 64-bit counter and
 * compare channel 1, the only channel pinwheel uses (C0 and C2 belong to the GPU firmware).
 * Above this driver time is a uint64_t count of microseconds; 32-bit wrap-around stays here. */
#ifndef BOARD_RASPI2_BCM2835_SYSTIMER_H
#define BOARD_RASPI2_BCM2835_SYSTIMER_H

#include <stdint.h>

/* Farthest a compare is ever set ahead: half the 32-bit range, so a value in the future can
 * always be told from one in the past. Later deadlines are reached in steps. */
#define SYSTIMER_MAX_STEP_US ((1u << 31) - 1)

/* Microseconds since power-on, without the CLO/CHI read race. Any context. */
uint64_t bcm2835_systimer_now(void);

/* Arms compare 1 for the absolute time deadline_us (or for now + SYSTIMER_MAX_STEP_US when the
 * deadline is farther: the IRQ then comes early and the caller re-arms). Returns 0 when the
 * compare will fire, or -ETIME when the deadline had already been reached when the compare was
 * written: the hardware would then only match 71.6 minutes later, so the caller must handle the
 * deadline now. Call with IRQs masked. */
int bcm2835_systimer_arm_c1(uint64_t deadline_us);

/* The same with a counter reading the caller already has (bcm2835_systimer_now() taken with
 * IRQs masked, not long before): it only bounds the step, so the IRQ path reads the 64-bit
 * counter once. The "already reached" check still reads the counter after the write. */
int bcm2835_systimer_arm_c1_from(uint64_t deadline_us, uint64_t now_us);

/* Acknowledges a compare-1 match (writes only bit 1 of CS: it is write-1-to-clear). */
void bcm2835_systimer_ack_c1(void);

/* Whether compare 1 has matched since it was last acknowledged. */
int bcm2835_systimer_c1_matched(void);

/* Compare 3, for the test suites only (two timer lines pending at once; an alarm clock that is
 * not the timer queue's channel). Same contract as the channel-1 functions. */
int bcm2835_systimer_arm_c3(uint64_t deadline_us);
void bcm2835_systimer_ack_c3(void);

#endif
