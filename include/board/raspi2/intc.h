/* The Raspberry Pi 2's interrupt controller for the kernel (include/kernel/irq/intc.h): the
 * BCM2835's, with GPU IRQs 0-63 and ARM basic IRQs 0-7 as lines 64-71. */
#ifndef BOARD_RASPI2_INTC_H
#define BOARD_RASPI2_INTC_H

#include "board/raspi2/bcm2835_intc.h"
#include "board/raspi2/irq_numbers.h"

static inline void intc_init(void)
{
    bcm2835_intc_init();
}

static inline void intc_enable(unsigned irq)
{
    bcm2835_intc_enable(irq);
}

static inline void intc_disable(unsigned irq)
{
    bcm2835_intc_disable(irq);
}

static inline int intc_is_enabled(unsigned irq)
{
    return bcm2835_intc_is_enabled(irq);
}

static inline int intc_pending(uint32_t *pending)
{
    return bcm2835_intc_pending(pending);
}

#endif
