/* The chainloader's own PL011 UART0 and system-timer access: polled, no IRQs, no mailbox. */
#ifndef CHAINLOAD_UART_H
#define CHAINLOAD_UART_H

#include <stdint.h>

/* GPIO 14/15 to the UART, 115200 8N1 from the 48 MHz UART clock that config.txt's
 * init_uart_clock sets on a board (QEMU ignores the divisors). Empties the receive FIFO. */
void chainload_uart_init(void);

/* Writes one byte, waiting while the transmit FIFO is full. */
void chainload_uart_putc(char c);

/* The next received byte, or -1 when the receive FIFO is empty. */
int chainload_uart_getc(void);

/* Waits (bounded) until the last byte has left the transmitter. */
void chainload_uart_drain(void);

/* The low 32 bits of the 1 MHz system timer: compare only differences (they wrap in 71 min). */
uint32_t chainload_clock_us(void);

#endif
