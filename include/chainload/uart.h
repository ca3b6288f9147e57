/* The chainloader's UART and system-timer access: polled, no IRQs, no mailbox. Bytes go in and
 * out through the kernel's PL011 driver (board/raspi2/bcm2835_uart.h). */
#ifndef CHAINLOAD_UART_H
#define CHAINLOAD_UART_H

#include <stdint.h>

/* Bound on the wait for the transmitter to empty (before set-up, and before the jump). */
#define CHAINLOAD_UART_SPINS 1000000u

/* GPIO 14/15 to the UART, 115200 8N1 from the 48 MHz UART clock that config.txt's
 * init_uart_clock sets on a board (QEMU ignores the divisors). Empties the receive FIFO. */
void chainload_uart_init(void);

/* The low 32 bits of the 1 MHz system timer: compare only differences (they wrap in 71 min). */
uint32_t chainload_clock_us(void);

#endif
