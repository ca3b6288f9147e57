/* PL011 UART0 on GPIO 14/15: the serial console (115200 8N1). Used by the kernel (bound in
 * board.c, which also sets the UART clock through the mailbox) and by the serial chainloader. */
#ifndef BOARD_RASPI2_BCM2835_UART_H
#define BOARD_RASPI2_BCM2835_UART_H

#include <stdint.h>

/* The UART clock the kernel asks the mailbox for, and what config.txt's init_uart_clock sets
 * on a board (QEMU ignores the divisors). The divisors are computed from the rate the firmware
 * answers with (board.c); the chainloader, which has no mailbox, assumes this one. */
#define BCM2835_UART_CLOCK_HZ 48000000u

/* Turns the UART off (CR = 0) once what it still transmits has gone out (the firmware's or the
 * loader's last words), waiting at most max_spins polls before and after. */
void bcm2835_uart_disable(uint32_t max_spins);

/* Waits until the last byte has left the transmitter, at most max_spins polls. */
void bcm2835_uart_drain(uint32_t max_spins);

/* GPIO 14 and 15 to the UART (ALT0), no pull-up or pull-down. */
void bcm2835_uart_pins(void);

/* 115200 8N1 for a UART clock of clock_hz, FIFOs on, interrupts masked, transmit and receive
 * on. Call with the UART disabled. */
void bcm2835_uart_start(uint32_t clock_hz);

/* The baud-rate divisor for 115200 from a UART clock of clock_hz, in 64ths: IBRD is its
 * upper bits, FBRD its low 6. */
uint32_t bcm2835_uart_divisor64(uint32_t clock_hz);

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
