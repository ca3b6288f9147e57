/* PL011 UART0 on GPIO 14/15: the serial console (115200 8N1). */
#ifndef BOARD_RASPI2_BCM2835_UART_H
#define BOARD_RASPI2_BCM2835_UART_H

/* Sets up GPIO 14/15, the UART clock (48 MHz through the mailbox) and 115200 8N1. Returns 0, or
 * the mailbox's error when the clock could not be set (the UART then keeps the firmware's
 * clock, which is right when config.txt has init_uart_clock=48000000). */
int bcm2835_uart_init(void);

/* Writes one byte, waiting while the transmit FIFO is full. Callable with IRQs masked. */
void bcm2835_uart_putc(char c);

#endif
