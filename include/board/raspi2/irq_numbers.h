/* pinwheel's 72 interrupt numbers: 0-63 are the GPU IRQs of the BCM2835 (pending registers 1
 * and 2), 64-71 the ARM "basic" IRQs 0-7 (BCM2835 ARM Peripherals section 7.5). */
#ifndef BOARD_RASPI2_IRQ_NUMBERS_H
#define BOARD_RASPI2_IRQ_NUMBERS_H

#define IRQ_COUNT     72
#define IRQ_GPU_COUNT 64
#define IRQ_ARM_BASE  64

#define IRQ_SYSTIMER_C1 1 /* system timer compare 1: pinwheel's only clock */
#define IRQ_SYSTIMER_C3 3
#define IRQ_UART0       57
#define IRQ_ARM_TIMER   (IRQ_ARM_BASE + 0)
#define IRQ_ARM_MAILBOX (IRQ_ARM_BASE + 1)

#endif
