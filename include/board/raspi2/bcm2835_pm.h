/* BCM2835 power management block: the watchdog, used to reset the board. */
#ifndef BOARD_RASPI2_BCM2835_PM_H
#define BOARD_RASPI2_BCM2835_PM_H

/* Resets the whole board through the watchdog (QEMU models it too). Does not return. */
void bcm2835_pm_reset(void) __attribute__((noreturn));

#endif
