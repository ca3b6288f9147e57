/* PL011 UART0 driver: set-up, polled transmit, the receive FIFO and its interrupt mask (BCM2835 ARM
 * Peripherals ch. 13; GPIO ch. 6 for the pins). No mailbox here, so that the serial chainloader
 * (src/chainload/) is built from this same file; the kernel sets the UART clock in board.c. */
#include "board/raspi2/bcm2835_uart.h"

#include "arch/arm/mmio.h"
#include "board/raspi2/peripherals.h"

#define UART_DR         (UART0_BASE + 0x00)
#define UART_FR         (UART0_BASE + 0x18)
#define UART_IBRD       (UART0_BASE + 0x24)
#define UART_FBRD       (UART0_BASE + 0x28)
#define UART_LCRH       (UART0_BASE + 0x2C)
#define UART_CR         (UART0_BASE + 0x30)
#define UART_IMSC       (UART0_BASE + 0x38)
#define UART_ICR        (UART0_BASE + 0x44)
#define UART_FR_BUSY    (1u << 3)
#define UART_FR_TXFF    (1u << 5)
#define UART_FR_RXFE    (1u << 4)
#define UART_INT_RX     (1u << 4)
#define UART_INT_RT     (1u << 6)
#define UART_LCRH_FEN   (1u << 4)
#define UART_LCRH_WLEN8 (3u << 5)
#define UART_CR_UARTEN  (1u << 0)
#define UART_CR_TXE     (1u << 8)
#define UART_CR_RXE     (1u << 9)

#define GPFSEL1   (GPIO_BASE + 0x04)
#define GPPUD     (GPIO_BASE + 0x94)
#define GPPUDCLK0 (GPIO_BASE + 0x98)
#define GPIO_ALT0 4u

#define UART_BAUD 115200u

/* The GPIO pull-up/down sequence needs 150 cycles between steps (datasheet p. 101). */
static void delay_cycles(unsigned n)
{
    for (volatile unsigned i = 0; i < n; i++)
        ;
}

void bcm2835_uart_disable(void)
{
    mmio_write(UART_CR, 0);
}

void bcm2835_uart_drain(uint32_t max_spins)
{
    for (uint32_t i = 0; i < max_spins && (mmio_read(UART_FR) & UART_FR_BUSY); i++)
        ;
}

void bcm2835_uart_pins(void)
{
    uint32_t sel = mmio_read(GPFSEL1);
    sel &= ~((7u << 12) | (7u << 15)); /* GPIO 14 and 15 */
    sel |= (GPIO_ALT0 << 12) | (GPIO_ALT0 << 15);
    mmio_write(GPFSEL1, sel);
    mmio_write(GPPUD, 0); /* no pull-up/down */
    delay_cycles(150);
    mmio_write(GPPUDCLK0, (1u << 14) | (1u << 15));
    delay_cycles(150);
    mmio_write(GPPUDCLK0, 0);
}

void bcm2835_uart_start(void)
{
    /* Divisor = clock / (16 * baud) = 26.0417: integer 26, fraction 0.0417 * 64 ~ 3. */
    uint32_t div64 = (BCM2835_UART_CLOCK_HZ * 4u + UART_BAUD / 2) / UART_BAUD;
    mmio_write(UART_ICR, 0x7ff);
    mmio_write(UART_IBRD, div64 >> 6);
    mmio_write(UART_FBRD, div64 & 63);
    mmio_write(UART_LCRH, UART_LCRH_WLEN8 | UART_LCRH_FEN);
    mmio_write(UART_IMSC, 0);
    mmio_write(UART_CR, UART_CR_UARTEN | UART_CR_TXE | UART_CR_RXE);
}

void bcm2835_uart_putc(char c)
{
    while (mmio_read(UART_FR) & UART_FR_TXFF)
        ;
    mmio_write(UART_DR, (uint8_t)c);
}

int bcm2835_uart_getc(void)
{
    if (mmio_read(UART_FR) & UART_FR_RXFE)
        return -1;
    return (int)(mmio_read(UART_DR) & 0xff); /* bits 8-11 are error flags */
}

void bcm2835_uart_rx_irq(int on)
{
    uint32_t mask = mmio_read(UART_IMSC);
    mask = on ? mask | UART_INT_RX | UART_INT_RT : mask & ~(UART_INT_RX | UART_INT_RT);
    mmio_write(UART_IMSC, mask);
}
