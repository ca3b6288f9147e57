/* The Raspberry Pi 2's devices as the kernel's interfaces (include/board/raspi2/board.h). */
#include "board/raspi2/board.h"

#include "board/raspi2/bcm2835_clock.h"
#include "board/raspi2/bcm2835_fb.h"
#include "board/raspi2/bcm2835_mbox.h"
#include "board/raspi2/bcm2835_uart.h"
#include "board/raspi2/irq_numbers.h"

#define UART_SPINS 100000u

/* The serial console: GPIO 14/15, the UART clock (BCM2835_UART_CLOCK_HZ through the mailbox)
 * and 115200 8N1 for the rate the firmware reports. Returns 0, or the mailbox's error when the
 * clock could not be set (the divisors are then for the rate the firmware says the UART runs
 * at, or for BCM2835_UART_CLOCK_HZ, config.txt's init_uart_clock, when it says nothing). */
static int serial_init(void)
{
    bcm2835_uart_disable(UART_SPINS);
    bcm2835_uart_pins();
    uint32_t hz = BCM2835_UART_CLOCK_HZ;
    int err = bcm2835_clock_set_rate(MBOX_CLOCK_UART, BCM2835_UART_CLOCK_HZ, &hz);
    bcm2835_uart_start(hz);
    return err;
}

const struct serial_dev board_serial = {
    .rx_irq_line = IRQ_UART0,
    .init = serial_init,
    .putc = bcm2835_uart_putc,
    .getc = bcm2835_uart_getc,
    .rx_irq = bcm2835_uart_rx_irq,
};

const struct framebuffer_dev board_framebuffer = {
    .init = bcm2835_fb_init,
    .set_offset = bcm2835_fb_set_offset,
};

/* The ARM's share of RAM (property tag 0x00010005: base and size in bytes). */
static int firmware_arm_memory(uint32_t *base, uint32_t *size)
{
    uint32_t v[2] = {0, 0};
    int err = bcm2835_mbox_property(MBOX_TAG_GET_ARM_MEMORY, v, 2);
    if (err)
        return err;
    *base = v[0];
    *size = v[1];
    return 0;
}

const struct firmware_dev board_firmware = {
    .arm_memory = firmware_arm_memory,
};
