/* Host tests of the PL011 set-up (src/board/raspi2/bcm2835_uart.c) against the board's rules,
 * which QEMU does not check: the GPIO pull-up/down control reaches a pin only when it was set
 * 150 GPIO-clock cycles (0.6 us at 250 MHz) before GPPUDCLK0 clocks it in, and the clock is held
 * as long (BCM2835 ARM Peripherals p. 101); IBRD/FBRD take effect at the next LCRH write (PL011
 * TRM 3.3.6) and must match the UART clock the firmware runs. Time moves 20 ns at every
 * register access (a peripheral access on the board's bus; far less than 0.6 us), and CLO
 * reads as the 1 MHz system timer. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "arch/arm/mmio.h"
#include "board/raspi2/bcm2835_uart.h"
#include "board/raspi2/peripherals.h"

#define GPFSEL1   (GPIO_BASE + 0x04)
#define GPPUD     (GPIO_BASE + 0x94)
#define GPPUDCLK0 (GPIO_BASE + 0x98)
#define UART_IBRD (UART0_BASE + 0x24)
#define UART_FBRD (UART0_BASE + 0x28)
#define UART_LCRH (UART0_BASE + 0x2C)
#define UART_CR   (UART0_BASE + 0x30)
#define UART_FR   (UART0_BASE + 0x18)
#define FR_BUSY   (1u << 3)

#define PUD_OFF  0u
#define PUD_DOWN 1u
#define PUD_UP   2u
#define SETUP_NS 600u /* 150 cycles of the 250 MHz GPIO clock */

static uint64_t now_ns;
static uint32_t pud;                              /* GPPUD's control value */
static uint64_t pud_written_ns;                   /* when it was last written */
static uint32_t clk;                              /* GPPUDCLK0's value */
static uint64_t clk_since_ns;                     /* when the clock bits were last raised */
static uint32_t pull[32];                         /* each pin's pull state */
static uint32_t ibrd, fbrd, lcrh_ibrd, lcrh_fbrd; /* as written, and as latched by LCRH */
static int lcrh_writes, cr_enabled_before_lcrh;
/* The transmitter: bytes still to go out (FIFO and shift register), one leaving every
 * BYTE_READS polls of FR; a CR write that disables it while any wait cuts them. */
#define BYTE_READS 50
static int tx_pending, tx_reads, tx_cut, uart_on;

#define ACCESS_NS 20u

static int model_read(uintptr_t addr, uint32_t *v)
{
    now_ns += ACCESS_NS;
    if (addr == SYSTIMER_CLO) {
        *v = (uint32_t)(now_ns / 1000);
        return 1;
    }
    if (addr == UART_FR) {
        if (tx_pending && uart_on && ++tx_reads % BYTE_READS == 0)
            tx_pending--;
        *v = tx_pending ? FR_BUSY : 0;
        return 1;
    }
    return 0;
}

/* The pins being clocked take the control, once it was set up 0.6 us before the clock rose
 * and the clock was held 0.6 us: checked whenever either register is about to change. */
static void latch(void)
{
    if (!clk || pud_written_ns > clk_since_ns)
        return;
    if (clk_since_ns - pud_written_ns < SETUP_NS || now_ns - clk_since_ns < SETUP_NS)
        return;
    for (int pin = 0; pin < 32; pin++)
        if ((clk >> pin) & 1)
            pull[pin] = pud;
}

static int model_write(uintptr_t addr, uint32_t v)
{
    now_ns += ACCESS_NS;
    if (addr == GPPUD) {
        latch();
        pud = v & 3;
        pud_written_ns = now_ns;
    } else if (addr == GPPUDCLK0) {
        latch();
        if (v & ~clk)
            clk_since_ns = now_ns;
        clk = v;
    } else if (addr == UART_IBRD) {
        ibrd = v;
    } else if (addr == UART_FBRD) {
        fbrd = v;
    } else if (addr == UART_LCRH) {
        lcrh_ibrd = ibrd;
        lcrh_fbrd = fbrd;
        lcrh_writes++;
        return 0;
    } else if (addr == UART_CR) {
        if ((v & 1) && lcrh_writes == 0)
            cr_enabled_before_lcrh = 1;
        if (!(v & 1) && uart_on && tx_pending > 1)
            tx_cut += tx_pending - 1; /* the character on the wire still completes */
        uart_on = v & 1;
        return 0;
    } else
        return 0;
    return 1;
}

static int setup(void **state)
{
    (void)state;
    fake_mmio_reset();
    fake_mmio_hooks(model_read, model_write);
    now_ns = 1000000;
    pud = clk = 0;
    pud_written_ns = clk_since_ns = 0;
    for (int i = 0; i < 32; i++)
        pull[i] = PUD_DOWN; /* the reset state of GPIO 0-8 and what a test wants to see go */
    ibrd = fbrd = lcrh_ibrd = lcrh_fbrd = 0;
    lcrh_writes = cr_enabled_before_lcrh = 0;
    tx_pending = tx_reads = tx_cut = 0;
    uart_on = 1;
    return 0;
}

/* The firmware (or the chainloader) left 16 bytes in the transmitter: turning the UART off for
 * the kernel's set-up must not cut them. */
static void test_disable_sends_what_the_fifo_holds(void **state)
{
    (void)state;
    tx_pending = 16;
    bcm2835_uart_disable(100000);
    assert_int_equal(tx_cut, 0);
    assert_int_equal(uart_on, 0);
}

static void test_pins_alt0_and_pulls_off(void **state)
{
    (void)state;
    fake_mmio_set(GPFSEL1, 0x3fffffffu); /* every field 7: the others must stay */
    bcm2835_uart_pins();
    uint32_t sel = fake_mmio_get(GPFSEL1);
    assert_int_equal((sel >> 12) & 7, 4); /* GPIO 14: ALT0, TXD0 */
    assert_int_equal((sel >> 15) & 7, 4); /* GPIO 15: ALT0, RXD0 */
    assert_int_equal(sel & ~((7u << 12) | (7u << 15)), 0x3fffffffu & ~((7u << 12) | (7u << 15)));
    /* The sequence reached both pins, and only them, with its set-up and hold times. */
    assert_int_equal(pull[14], PUD_OFF);
    assert_int_equal(pull[15], PUD_OFF);
    assert_int_equal(pull[13], PUD_DOWN);
    assert_int_equal(pull[16], PUD_DOWN);
    assert_int_equal(clk, 0); /* the clock removed at the end */
    assert_int_equal(pud, PUD_OFF);
}

static void test_divisors_for_48mhz(void **state)
{
    (void)state;
    bcm2835_uart_start(48000000);
    assert_int_equal(lcrh_ibrd, 26); /* 48e6 / (16 * 115200) = 26.04 */
    assert_int_equal(lcrh_fbrd, 3);
    assert_false(cr_enabled_before_lcrh);
}

static void test_divisors_for_3mhz(void **state)
{
    (void)state;
    /* Old firmware's UART clock: the divisors must follow the clock, or the line runs at
     * 115200 * 3 / 48 = 7200 baud and prints garbage. */
    bcm2835_uart_start(3000000);
    assert_int_equal(lcrh_ibrd, 1); /* 3e6 / (16 * 115200) = 1.6276 */
    assert_int_equal(lcrh_fbrd, 40);
    assert_int_equal(bcm2835_uart_divisor64(3000000), 1 * 64 + 40);
}

static void test_divisor_error_under_2_percent(void **state)
{
    (void)state;
    /* What a UART tolerates: the baud the divisor gives is within 2% of 115200 for any clock
     * the firmware may report from 2 MHz up. */
    for (uint32_t hz = 2000000; hz <= 500000000; hz += hz / 7) {
        uint32_t d = bcm2835_uart_divisor64(hz);
        double baud = (double)hz * 4.0 / d;
        assert_true(baud > 115200 * 0.98 && baud < 115200 * 1.02);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_pins_alt0_and_pulls_off, setup),
        cmocka_unit_test_setup(test_divisors_for_48mhz, setup),
        cmocka_unit_test_setup(test_divisors_for_3mhz, setup),
        cmocka_unit_test_setup(test_divisor_error_under_2_percent, setup),
        cmocka_unit_test_setup(test_disable_sends_what_the_fifo_holds, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
