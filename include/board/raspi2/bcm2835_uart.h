/* PL011 UART0 on GPIO 14/15: the serial console (115200 8N1). */
#ifndef BOARD_RASPI2_BCM2835_UART_H
#define BOARD_RASPI2_BCM2835_UART_H

/* Sets up GPIO 14/15, the UART clock (48 MHz through the mailbox) and 115200 8N1. Returns 0, or
 * the mailbox's error when the clock could not be set (the UART then keeps the firmware's
 * clock, which is right when config.txt has init_uart_clock=48000000). */
int bcm2835_uart_init(void);

/* Writes one byte, waiting while the transmit FIFO is full. Callable with IRQs masked. */
void bcm2835_uart_putc(char c);

/* Receive side, for the IRQ handler (GPU IRQ 57): the next received byte, or -1 when the
 * receive FIFO is empty. */
int bcm2835_uart_getc(void);

/* Turns the receive (and receive-timeout) interrupt on or off. While off, bytes wait in the
 * 16-byte FIFO: QEMU then holds the sender back; on a board, without RTS/CTS, bytes beyond the
 * FIFO are lost. */
void bcm2835_uart_rx_irq(int on);

#endif
