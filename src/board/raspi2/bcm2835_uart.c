/* PL011 UART0 driver: set-up, polled transmit, the receive FIFO and its interrupt mask (BCM2835 ARM
 * Peripherals ch. 13; GPIO ch. 6 for the pins). No mailbox here, so that the serial chainloader
 * (src/chainload/) is built from this same file; the kernel sets the UART clock in board.c. The
 * pins' pull-up/down waits read the system timer's counter (ch. 12), which needs no set-up. */
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
#define GPPUD_OFF 0u /* GPPUD's control: neither pull-up nor pull-down */

#define UART_BAUD 115200u

/* The GPIO pull-up/down sequence needs 150 cycles between steps (datasheet p. 101), cycles of
 * the GPIO block's clock (the VideoCore's, 250 MHz: 0.6 us), not the ARM's: a 150-step loop on
 * a 900 MHz Cortex-A7, or a 1.2 GHz A53 (Pi 2 v1.2), can be over sooner. So wait by the 1 MHz
 * system timer: two ticks of it are at least 1 us, 250 GPIO cycles. Works with the MMU off. */
#define GPIO_PUD_WAIT_US 2u

static void gpio_pud_wait(void)
{
    uint32_t start = mmio_read(SYSTIMER_CLO);
    while (mmio_read(SYSTIMER_CLO) - start < GPIO_PUD_WAIT_US)
        ;
}

/* PL011 TRM 3.3.8: disabled mid-character, the UART finishes that character and stops, and
 * what waits in its FIFO is never sent. So wait for the FIFO to empty first, then for the
 * character being shifted out. */
void bcm2835_uart_disable(uint32_t max_spins)
{
    bcm2835_uart_drain(max_spins);
    mmio_write(UART_CR, 0);
    bcm2835_uart_drain(max_spins);
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
    /* Datasheet p. 101: control, wait, clock it into the pins, wait, remove both. */
    mmio_write(GPPUD, GPPUD_OFF);
    gpio_pud_wait();
    mmio_write(GPPUDCLK0, (1u << 14) | (1u << 15));
    gpio_pud_wait();
    mmio_write(GPPUD, GPPUD_OFF);
    mmio_write(GPPUDCLK0, 0);
}

uint32_t bcm2835_uart_divisor64(uint32_t clock_hz)
{
    /* Divisor = clock / (16 * baud), in 64ths: 48 MHz gives 26.0417, integer 26, fraction
     * 0.0417 * 64 ~ 3; 3 MHz gives 1.6276, 1 and 40. clock_hz * 4 fits 32 bits below 1 GHz. */
    return (clock_hz * 4u + UART_BAUD / 2) / UART_BAUD;
}

void bcm2835_uart_start(uint32_t clock_hz)
{
    uint32_t div64 = bcm2835_uart_divisor64(clock_hz);
    mmio_write(UART_ICR, 0x7ff);
    mmio_write(UART_IBRD, div64 >> 6);
    mmio_write(UART_FBRD, div64 & 63);
    /* IBRD and FBRD take effect on the LCRH write that follows them (PL011 TRM 3.3.6). */
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
