/* The firmware's peripheral clocks (UART, EMMC, ...) through the mailbox property interface;
 * not the kernel's time source (that is clock.h, the system timer). */
#ifndef BOARD_RASPI2_BCM2835_CLOCK_H
#define BOARD_RASPI2_BCM2835_CLOCK_H

#include <stdint.h>

/* Asks the firmware to run clock clock_id (MBOX_CLOCK_*) at hz. Returns 0 with *actual_hz set
 * to the rate the firmware says it set (which may differ from hz); otherwise the error, with
 * *actual_hz set to the rate the clock runs at now if the firmware tells it (old firmware that
 * refuses the change still reports the rate config.txt gave), else left as it was. Boot only,
 * or with IRQs masked (bcm2835_mbox_property's shared buffer). */
int bcm2835_clock_set_rate(uint32_t clock_id, uint32_t hz, uint32_t *actual_hz);

#endif
