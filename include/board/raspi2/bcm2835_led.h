/* The Pi 2's green ACT LED: GPIO 47, active high (BCM2835 ARM Peripherals ch. 6, GPIO). The
 * kernel's heartbeat (src/kernel/led/) and the panic blinker drive it; nothing here keeps time. */
#ifndef BOARD_RASPI2_BCM2835_LED_H
#define BOARD_RASPI2_BCM2835_LED_H

/* Makes GPIO 47 an output (GPFSEL4 bits 21-23 = 001), leaving the other pins of GPFSEL4 as they
 * were. Safe to call again; any context. */
void bcm2835_led_init(void);

/* Lights the LED (on != 0) or puts it out: one write to GPSET1 or GPCLR1, no read-modify-write,
 * so any context, IRQs masked or not. */
void bcm2835_led_set(int on);

/* What the pin reads back (GPLEV1 bit 15): 1 lit, 0 dark. For tests and diagnostics. */
int bcm2835_led_get(void);

/* Whether GPIO 47 is set up as an output (GPFSEL4 bits 21-23 == 001). */
int bcm2835_led_is_output(void);

#endif
