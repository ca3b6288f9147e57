/* The Raspberry Pi 2's devices, as the interfaces the kernel declares: what kernel_main binds at
 * boot. (The clock source and the interrupt controller are bound at compile time instead:
 * board/raspi2/clock.h, intc.h.) */
#ifndef BOARD_RASPI2_BOARD_H
#define BOARD_RASPI2_BOARD_H

#include "kernel/boot/setup.h"
#include "kernel/console/devices.h"

extern const struct serial_dev board_serial;           /* PL011 UART0, GPIO 14/15 */
extern const struct framebuffer_dev board_framebuffer; /* the firmware's, via the mailbox */
extern const struct firmware_dev board_firmware;       /* questions to the firmware's mailbox */

#endif
