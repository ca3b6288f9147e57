/* test=systimer: the BCM2835 system-timer driver on (emulated) hardware. Timing bounds assume
 * QEMU's --icount mode, where virtual time is deterministic (see scripts/run_tests.py). */
#include "arch/arm/cpu.h"
#include "board/raspi2/bcm2835_systimer.h"
#include "kernel/irq/irq.h"
#include "kernel/time/timer.h"
#include "ktests/ktest.h"
#include "lib/errno.h"

/* Deadline to handler in --icount mode is a few hundred instructions; 50 us is generous. */
#define LATENCY_BOUND_US 50

static volatile int fired;
static volatile uint64_t fired_at;

static void c1_clear(unsigned irq, void *data)
{
    (void)irq;
    (void)data;
    bcm2835_systimer_ack_c1();
}

static void c1_handler(unsigned irq, void *data)
{
    (void)irq;
    (void)data;
    fired_at = bcm2835_systimer_now();
    fired++;
}

static int take_c1(void)
{
    fired = 0;
    if (timer_stop())
        return -EBUSY;
    return irq_register(IRQ_SYSTIMER_C1, c1_handler, c1_clear, 0);
}

static void give_back_c1(void)
{
    irq_unregister(IRQ_SYSTIMER_C1);
    bcm2835_systimer_ack_c1();
    timer_start();
}

static void counter_advances_at_1mhz(void)
{
    uint64_t a = bcm2835_systimer_now();
    uint64_t b;
    do
        b = bcm2835_systimer_now();
    while (b < a + 1000);
    KT_ASSERT(b >= a + 1000);
    KT_ASSERT(b < a + 1000 + LATENCY_BOUND_US);
    KT_ASSERT(time_us() >= b);
}

static void c1_fires_at_deadline(void)
{
    static const uint32_t delays[] = {10, 100, 1000, 12345, 100000};
    KT_ASSERT_EQ(take_c1(), 0);
    for (unsigned i = 0; i < sizeof delays / sizeof delays[0]; i++) {
        fired = 0;
        uint64_t deadline = bcm2835_systimer_now() + delays[i];
        uint32_t flags = irq_save();
        int err = bcm2835_systimer_arm_c1(deadline);
        irq_restore(flags);
        int ok = ktest_wait_flag(&fired, delays[i] + 10000);
        if (err || !ok || fired_at < deadline || fired_at - deadline > LATENCY_BOUND_US) {
            give_back_c1();
            ktest_fail(__FILE__, __LINE__, "delay %u: err %d fired %d at %llu, deadline %llu",
                       (unsigned)delays[i], err, ok, (unsigned long long)fired_at,
                       (unsigned long long)deadline);
            return;
        }
    }
    give_back_c1();
}

static void passed_deadline_reported(void)
{
    KT_ASSERT_EQ(take_c1(), 0);
    uint32_t flags = irq_save();
    int past = bcm2835_systimer_arm_c1(bcm2835_systimer_now() - 10);
    irq_restore(flags);
    /* The hardware would only match after the 32-bit wrap: nothing in the next 5 ms. */
    volatile int never = 0;
    ktest_wait_flag(&never, 5000);
    int fired_anyway = fired;
    /* A compare equal to the counter may or may not match: the driver calls it due. */
    flags = irq_save();
    int at_now = bcm2835_systimer_arm_c1(bcm2835_systimer_now());
    irq_restore(flags);
    give_back_c1();
    KT_ASSERT_EQ(past, -ETIME);
    KT_ASSERT_EQ(at_now, -ETIME);
    KT_ASSERT_EQ(fired_anyway, 0);
}

static void far_deadline_comes_in_steps(void)
{
    KT_ASSERT_EQ(take_c1(), 0);
    /* Beyond 2^32 us the compare is set 2^31 us ahead: armed, not reported as passed. */
    int err = bcm2835_systimer_arm_c1(bcm2835_systimer_now() + (1ull << 40));
    give_back_c1();
    KT_ASSERT_EQ(err, 0);
}

KTEST_SUITE(ktest_systimer, 30, "systimer", {"counter_advances_at_1mhz", counter_advances_at_1mhz},
            {"c1_fires_at_deadline", c1_fires_at_deadline},
            {"passed_deadline_reported", passed_deadline_reported},
            {"far_deadline_comes_in_steps", far_deadline_comes_in_steps});
