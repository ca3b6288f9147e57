/* The ACT LED on GPIO 47 (include/board/raspi2/bcm2835_led.h). BCM2835 ARM Peripherals ch. 6:
 * GPFSELn holds 3 function bits per pin (10 pins a register), GPSETn/GPCLRn/GPLEVn one bit per
 * pin (32 pins a register). Pin 47 is the 8th of GPFSEL4 and bit 15 of the second bank. */
#include "board/raspi2/bcm2835_led.h"

#include <stdint.h>

#include "arch/arm/mmio.h"
#include "board/raspi2/peripherals.h"

#define GPFSEL4 (GPIO_BASE + 0x10)
#define GPSET1  (GPIO_BASE + 0x20)
#define GPCLR1  (GPIO_BASE + 0x2c)
#define GPLEV1  (GPIO_BASE + 0x38)

#define GPFSEL4_FSEL47_SHIFT  21
#define GPFSEL4_FSEL47_MASK   (7u << GPFSEL4_FSEL47_SHIFT)
#define GPFSEL4_FSEL47_OUTPUT (1u << GPFSEL4_FSEL47_SHIFT)
#define GPIO1_ACT_LED         (1u << 15) /* GPIO 47 in GPSET1, GPCLR1 and GPLEV1 */

void bcm2835_led_init(void)
{
    /* Read-modify-write: GPFSEL4 also holds GPIO 40-49 (the audio pins among them). The kernel
     * calls this once at boot or from a panic with IRQs masked, so nobody races it. */
    uint32_t sel = mmio_read(GPFSEL4);
    mmio_write(GPFSEL4, (sel & ~GPFSEL4_FSEL47_MASK) | GPFSEL4_FSEL47_OUTPUT);
}

void bcm2835_led_set(int on)
{
    mmio_write(on ? GPSET1 : GPCLR1, GPIO1_ACT_LED);
}

int bcm2835_led_get(void)
{
    return (mmio_read(GPLEV1) & GPIO1_ACT_LED) != 0;
}

int bcm2835_led_is_output(void)
{
    return (mmio_read(GPFSEL4) & GPFSEL4_FSEL47_MASK) == GPFSEL4_FSEL47_OUTPUT;
}
