/* The chainloader's PL011 UART0 (BCM2835 ARM Peripherals ch. 13, GPIO ch. 6) and system timer
 * (ch. 12). The kernel's driver (src/board/raspi2/bcm2835_uart.c) also sets the UART clock
 * through the mailbox, which needs cache maintenance the loader has no use for: the loader
 * relies on config.txt's init_uart_clock=48000000 instead (docs/board.md). */
#include "chainload/uart.h"

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
#define UART_FR_RXFE    (1u << 4)
#define UART_FR_TXFF    (1u << 5)
#define UART_LCRH_FEN   (1u << 4)
#define UART_LCRH_WLEN8 (3u << 5)
#define UART_CR_UARTEN  (1u << 0)
#define UART_CR_TXE     (1u << 8)
#define UART_CR_RXE     (1u << 9)

#define GPFSEL1   (GPIO_BASE + 0x04)
#define GPPUD     (GPIO_BASE + 0x94)
#define GPPUDCLK0 (GPIO_BASE + 0x98)
#define GPIO_ALT0 4u

/* 48 MHz / (16 * 115200) = 26.0417: integer part 26, fraction 0.0417 * 64 ~ 3. */
#define UART_IBRD_115200 26u
#define UART_FBRD_115200 3u
#define UART_SPINS       1000000u

/* The pull-up/down sequence needs 150 cycles between its steps (datasheet p. 101). */
static void delay_cycles(unsigned n)
{
    for (volatile unsigned i = 0; i < n; i++)
        ;
}

void chainload_uart_drain(void)
{
    for (unsigned i = 0; i < UART_SPINS && (mmio_read(UART_FR) & UART_FR_BUSY); i++)
        ;
}

void chainload_uart_init(void)
{
    mmio_write(UART_CR, 0);
    chainload_uart_drain();
    uint32_t sel = mmio_read(GPFSEL1);
    sel &= ~((7u << 12) | (7u << 15)); /* GPIO 14 and 15 */
    sel |= (GPIO_ALT0 << 12) | (GPIO_ALT0 << 15);
    mmio_write(GPFSEL1, sel);
    mmio_write(GPPUD, 0);
    delay_cycles(150);
    mmio_write(GPPUDCLK0, (1u << 14) | (1u << 15));
    delay_cycles(150);
    mmio_write(GPPUDCLK0, 0);

    mmio_write(UART_ICR, 0x7ff);
    mmio_write(UART_IBRD, UART_IBRD_115200);
    mmio_write(UART_FBRD, UART_FBRD_115200);
    mmio_write(UART_LCRH, UART_LCRH_WLEN8 | UART_LCRH_FEN);
    mmio_write(UART_IMSC, 0);
    mmio_write(UART_CR, UART_CR_UARTEN | UART_CR_TXE | UART_CR_RXE);
    /* Whatever arrived before now (noise, half a frame) is not a frame's start. */
    for (unsigned i = 0; i < 64 && chainload_uart_getc() >= 0; i++)
        ;
}

void chainload_uart_putc(char c)
{
    while (mmio_read(UART_FR) & UART_FR_TXFF)
        ;
    mmio_write(UART_DR, (uint8_t)c);
}

int chainload_uart_getc(void)
{
    if (mmio_read(UART_FR) & UART_FR_RXFE)
        return -1;
    return (int)(mmio_read(UART_DR) & 0xff); /* bits 8-11 are error flags */
}

uint32_t chainload_clock_us(void)
{
    return mmio_read(SYSTIMER_CLO);
}
