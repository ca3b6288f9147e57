/* BCM2835 interrupt controller (ARM Peripherals ch. 7): enable, disable, read what is pending. */
#ifndef BOARD_RASPI2_BCM2835_INTC_H
#define BOARD_RASPI2_BCM2835_INTC_H

#include <stdint.h>

#define INTC_WORDS 3 /* [0] GPU 0-31, [1] GPU 32-63, [2] ARM basic 0-7 (irq 64-71) */

/* Disables every line, so only lines the kernel enables can interrupt. */
void bcm2835_intc_init(void);
/* These three keep a shadow of the enable registers: call them with IRQs masked. */
void bcm2835_intc_enable(unsigned irq); /* irq < IRQ_COUNT, checked by the caller */
void bcm2835_intc_disable(unsigned irq);
int bcm2835_intc_is_enabled(unsigned irq);

/* Fills pending[] with the enabled lines that are pending, reading pending register 1 or 2 only
 * when the basic register says it has something. Returns non-zero when anything is pending. */
int bcm2835_intc_pending(uint32_t pending[INTC_WORDS]);

#endif
