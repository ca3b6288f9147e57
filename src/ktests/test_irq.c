/* test=irq: the 72-entry table against the real interrupt controller, using the system timer's
 * compare 1 and 3 as interrupt sources (the timer queue is stopped meanwhile). */
#include "arch/arm/cpu.h"
#include "board/raspi2/bcm2835_intc.h"
#include "board/raspi2/bcm2835_systimer.h"
#include "kernel/irq/irq.h"
#include "kernel/time/timer.h"
#include "ktests/ktest.h"
#include "lib/errno.h"

#define WAIT_US 5000

static volatile int order[8];
static volatile int norder;
static volatile int fired;

static void log_clear_c1(unsigned irq, void *data)
{
    (void)irq;
    (void)data;
    bcm2835_systimer_ack_c1();
    order[norder++ & 7] = 'c';
}

static void log_handle(unsigned irq, void *data)
{
    (void)data;
    order[norder++ & 7] = irq == IRQ_SYSTIMER_C1 ? 'h' : '3';
    fired++;
}

static void clear_c3(unsigned irq, void *data)
{
    (void)irq;
    (void)data;
    bcm2835_systimer_ack_c3();
}

static void nop_handler(unsigned irq, void *data)
{
    (void)irq;
    (void)data;
}

static void reset_log(void)
{
    norder = 0;
    fired = 0;
}

static void registration_errors(void)
{
    KT_ASSERT_EQ(irq_register(IRQ_COUNT, nop_handler, 0, 0), -EINVAL);
    KT_ASSERT_EQ(irq_register(1000, nop_handler, 0, 0), -EINVAL);
    KT_ASSERT_EQ(irq_register(IRQ_ARM_MAILBOX, 0, 0, 0), -EINVAL);
    KT_ASSERT_EQ(irq_unregister(IRQ_COUNT), -EINVAL);
    KT_ASSERT_EQ(irq_unregister(IRQ_ARM_MAILBOX), -ENOENT);
    KT_ASSERT_EQ(irq_register(IRQ_ARM_MAILBOX, nop_handler, 0, 0), 0);
    KT_ASSERT_EQ(irq_register(IRQ_ARM_MAILBOX, nop_handler, 0, 0), -EBUSY);
    KT_ASSERT(bcm2835_intc_is_enabled(IRQ_ARM_MAILBOX));
    KT_ASSERT_EQ(irq_unregister(IRQ_ARM_MAILBOX), 0);
    KT_ASSERT(!bcm2835_intc_is_enabled(IRQ_ARM_MAILBOX));
}

static void dispatch_clearer_then_handler(void)
{
    KT_ASSERT_EQ(timer_stop(), 0);
    reset_log();
    KT_ASSERT_EQ(irq_register(IRQ_SYSTIMER_C1, log_handle, log_clear_c1, 0), 0);
    KT_ASSERT_EQ(bcm2835_systimer_arm_c1(bcm2835_systimer_now() + 1000), 0);
    int ok = ktest_wait_flag(&fired, WAIT_US);
    irq_unregister(IRQ_SYSTIMER_C1);
    timer_start();
    KT_ASSERT(ok);
    KT_ASSERT_EQ(norder, 2);
    KT_ASSERT_EQ(order[0], 'c');
    KT_ASSERT_EQ(order[1], 'h');
}

static void unregistered_line_stays_quiet(void)
{
    KT_ASSERT_EQ(timer_stop(), 0);
    reset_log();
    KT_ASSERT_EQ(irq_register(IRQ_SYSTIMER_C1, log_handle, log_clear_c1, 0), 0);
    KT_ASSERT_EQ(irq_unregister(IRQ_SYSTIMER_C1), 0);
    KT_ASSERT_EQ(bcm2835_systimer_arm_c1(bcm2835_systimer_now() + 500), 0);
    int ok = ktest_wait_flag(&fired, WAIT_US);
    bcm2835_systimer_ack_c1();
    timer_start();
    KT_ASSERT(!ok);
    KT_ASSERT_EQ(norder, 0);
}

static void pending_without_handler_reported_and_disabled(void)
{
    struct irq_stats before, after;
    KT_ASSERT_EQ(timer_stop(), 0);
    irq_get_stats(&before);
    /* A line enabled behind the table's back (as firmware or a buggy driver might). */
    bcm2835_intc_enable(IRQ_SYSTIMER_C1);
    KT_ASSERT_EQ(bcm2835_systimer_arm_c1(bcm2835_systimer_now() + 500), 0);
    volatile int never = 0;
    ktest_wait_flag(&never, 2000);
    irq_get_stats(&after);
    int still_enabled = bcm2835_intc_is_enabled(IRQ_SYSTIMER_C1);
    bcm2835_intc_disable(IRQ_SYSTIMER_C1);
    bcm2835_systimer_ack_c1();
    timer_start();
    KT_ASSERT_EQ(after.unhandled - before.unhandled, 1);
    KT_ASSERT(!still_enabled);
}

static void two_pending_one_entry(void)
{
    struct irq_stats before, after;
    KT_ASSERT_EQ(timer_stop(), 0);
    reset_log();
    KT_ASSERT_EQ(irq_register(IRQ_SYSTIMER_C1, log_handle, log_clear_c1, 0), 0);
    KT_ASSERT_EQ(irq_register(IRQ_SYSTIMER_C3, log_handle, clear_c3, 0), 0);
    /* Both compares match while IRQs are masked; unmasking takes one exception for both. */
    irq_disable();
    uint64_t now = bcm2835_systimer_now();
    bcm2835_systimer_arm_c3(now + 100);
    bcm2835_systimer_arm_c1(now + 200);
    while (bcm2835_systimer_now() < now + 300)
        ;
    irq_get_stats(&before);
    irq_enable();
    irq_get_stats(&after);
    irq_unregister(IRQ_SYSTIMER_C1);
    irq_unregister(IRQ_SYSTIMER_C3);
    timer_start();
    KT_ASSERT_EQ(after.entries - before.entries, 1);
    KT_ASSERT_EQ(fired, 2);
    /* Lowest number first: compare 1 (clearer, handler), then compare 3. */
    KT_ASSERT_EQ(order[0], 'c');
    KT_ASSERT_EQ(order[1], 'h');
    KT_ASSERT_EQ(order[2], '3');
}

KTEST_SUITE(ktest_irq, 20, "irq", {"registration_errors", registration_errors},
            {"dispatch_clearer_then_handler", dispatch_clearer_then_handler},
            {"unregistered_line_stays_quiet", unregistered_line_stays_quiet},
            {"pending_without_handler_reported_and_disabled",
             pending_without_handler_reported_and_disabled},
            {"two_pending_one_entry", two_pending_one_entry});
