/* The Raspberry Pi 2's clock source for the kernel (include/kernel/time/clock.h): the BCM2835
 * system timer's counter and compare channel 1 (C0 and C2 belong to the GPU firmware). */
#ifndef BOARD_RASPI2_CLOCK_H
#define BOARD_RASPI2_CLOCK_H

#include "board/raspi2/bcm2835_systimer.h"
#include "board/raspi2/irq_numbers.h"

#define CLOCK_IRQ IRQ_SYSTIMER_C1

static inline uint64_t clock_now(void)
{
    return bcm2835_systimer_now();
}

static inline int clock_arm(uint64_t deadline_us, uint64_t now_us)
{
    return bcm2835_systimer_arm_c1_from(deadline_us, now_us);
}

static inline void clock_ack(void)
{
    bcm2835_systimer_ack_c1();
}

#endif
