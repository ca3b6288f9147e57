/* What a stopped kernel does after a panic (include/kernel/power/panic.h): it blinks the ACT LED
 * fast and steadily, a pattern a person tells from the heartbeat's double blink, and with
 * panic=N resets the board N seconds later. IRQs are masked and the timer queue may be what
 * broke, so this times itself by busy-waiting on the system timer's counter. */
#include "board/raspi2/bcm2835_led.h"
#include "board/raspi2/bcm2835_pm.h"
#include "board/raspi2/bcm2835_systimer.h"
#include "kernel/power/panic.h"
#include "lib/kprintf.h"

/* Counter reads between which the blinker spins on plain instructions: each read is a device
 * access, slow to emulate (QEMU took 12 s of host time per virtual second reading it back to
 * back); 500 spins are a few microseconds on the board and in QEMU alike. */
#define SPINS_PER_READ 500

static uint32_t reboot_s;

void panic_set_reboot(uint32_t seconds)
{
    reboot_s = seconds;
}

uint32_t panic_reboot_delay(void)
{
    return reboot_s;
}

/* Blinks (lit PANIC_BLINK_HALF_US, dark as long) until the counter reaches until_us; returns
 * the number of blinks. Compares with >=, never != on the moving counter. */
static uint32_t blink_until(uint64_t until_us)
{
    uint32_t n = 0;
    uint64_t edge = bcm2835_systimer_now();
    int lit = 0;
    bcm2835_led_init();
    for (;;) {
        for (volatile int i = 0; i < SPINS_PER_READ; i++)
            ;
        uint64_t now = bcm2835_systimer_now();
        if (now >= until_us)
            break;
        if (now >= edge) {
            lit = !lit;
            n += lit;
            bcm2835_led_set(lit);
            edge += PANIC_BLINK_HALF_US;
        }
    }
    bcm2835_led_set(0);
    return n;
}

static void print_seconds(uint64_t us)
{
    kprintf("%llu.%06llu s", (unsigned long long)(us / 1000000),
            (unsigned long long)(us % 1000000));
}

void panic_reboot_after_delay(void)
{
    uint64_t start = bcm2835_systimer_now();
    kprintf("pinwheel: panic=%u: resetting the board in %u s (panic at ", (unsigned)reboot_s,
            (unsigned)reboot_s);
    print_seconds(start);
    kprintf(")\n");
    /* QEMU 7.2's watchdog resets at once whatever its count, so the kernel counts the delay. */
    uint32_t blinks = blink_until(start + (uint64_t)reboot_s * 1000000);
    kprintf("pinwheel: resetting the board at ");
    print_seconds(bcm2835_systimer_now());
    kprintf(" after %u panic blinks\n", (unsigned)blinks);
    bcm2835_pm_reset();
}

void panic_blink_forever(void)
{
    kprintf("pinwheel: stopped; the ACT LED blinks fast until a reset (panic=N resets after N "
            "s)\n");
    blink_until(UINT64_MAX);
    for (;;) /* the counter does not reach 2^64 in 500,000 years */
        ;
}
