/* The chainloader's UART and clock: the kernel's own PL011 driver (src/board/raspi2/bcm2835_uart.c,
 * built into the loader too), set up without the mailbox, and the system timer (BCM2835 ARM
 * Peripherals ch. 12). The kernel also sets the UART clock through the mailbox, which needs
 * cache maintenance the loader has no use for: the loader relies on config.txt's
 * init_uart_clock=48000000 instead (docs/board.md). */
#include "chainload/uart.h"

#include "arch/arm/mmio.h"
#include "board/raspi2/bcm2835_uart.h"
#include "board/raspi2/peripherals.h"

void chainload_uart_init(void)
{
    bcm2835_uart_disable(CHAINLOAD_UART_SPINS);
    bcm2835_uart_pins();
    bcm2835_uart_start(BCM2835_UART_CLOCK_HZ);
    /* Whatever arrived before now (noise, half a frame) is not a frame's start. */
    for (unsigned i = 0; i < 64 && bcm2835_uart_getc() >= 0; i++)
        ;
}

uint32_t chainload_clock_us(void)
{
    return mmio_read(SYSTIMER_CLO);
}
