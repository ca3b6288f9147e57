/* Fake system timer compare 1 and IRQ table for host tests of the timer queue (see
 * fake_timer_hw.h). The compare keeps the real driver's contract: clamped to
 * SYSTIMER_MAX_STEP_US ahead, -ETIME under a 2 us margin, and then it never matches here (the
 * hardware would match only after the 32-bit counter wrapped, 71.6 minutes later), so a queue
 * that leans on such a compare loses the deadline and its test sees it. */
#include "fake_timer_hw.h"

#include <stdio.h>
#include <stdlib.h>

#include "board/raspi2/bcm2835_systimer.h"
#include "kernel/irq/irq.h"
#include "lib/errno.h"

#define ARM_MARGIN_US          2 /* the driver's ST_ARM_MARGIN_US */
#define MAX_DELIVERIES_AT_ONCE 1000

static uint64_t now;
static uint64_t compare;
static int armed;
static int pending;
static int in_irq;
static uint64_t latency;
static uint32_t irqs;

static struct line {
    irq_fn_t handler;
    irq_fn_t clearer;
    void *data;
    int enabled;
} lines[IRQ_COUNT];

void fake_hw_reset(void)
{
    now = 0;
    compare = 0;
    armed = pending = in_irq = 0;
    latency = 0;
    irqs = 0;
    for (unsigned i = 0; i < IRQ_COUNT; i++)
        lines[i] = (struct line){0};
}

/* The clock passes the compare: the match latches in CS.M1. */
static void match_up_to(uint64_t t)
{
    if (armed && compare <= t) {
        armed = 0;
        pending = 1;
    }
}

void fake_hw_set_now(uint64_t t)
{
    if (t < now && armed) {
        fprintf(stderr, "fake_timer_hw: clock moved back with a compare armed\n");
        abort();
    }
    match_up_to(t);
    now = t;
}

void fake_hw_spend(uint64_t us)
{
    fake_hw_set_now(now + us);
}

static int deliverable(void)
{
    return pending && lines[IRQ_SYSTIMER_C1].handler && lines[IRQ_SYSTIMER_C1].enabled;
}

static void deliver(void)
{
    irq_fn_t clearer = lines[IRQ_SYSTIMER_C1].clearer;
    void *data = lines[IRQ_SYSTIMER_C1].data;
    in_irq = 1;
    irqs++;
    if (clearer)
        clearer(IRQ_SYSTIMER_C1, data);
    lines[IRQ_SYSTIMER_C1].handler(IRQ_SYSTIMER_C1, data);
    in_irq = 0;
}

void fake_hw_advance_to(uint64_t t)
{
    uint64_t last_at = now;
    unsigned same_time = 0;
    for (;;) {
        if (deliverable()) {
            /* Latched earlier (on a masked line, or passed inside a handler): taken at once. */
            same_time = now == last_at ? same_time + 1 : 1;
            last_at = now;
            if (same_time > MAX_DELIVERIES_AT_ONCE) {
                fprintf(stderr, "fake_timer_hw: IRQ storm at %llu: the match is never cleared\n",
                        (unsigned long long)now);
                abort();
            }
            deliver();
            continue;
        }
        if (armed && compare <= t) {
            if (compare > now)
                now = compare;
            match_up_to(now);
            if (deliverable())
                now += latency;
            continue;
        }
        break;
    }
    if (t > now)
        now = t;
}

void fake_hw_advance(uint64_t us)
{
    fake_hw_advance_to(now + us);
}

void fake_hw_set_latency(uint64_t us)
{
    latency = us;
}
uint64_t fake_hw_now(void)
{
    return now;
}
uint32_t fake_hw_irqs(void)
{
    return irqs;
}
int fake_hw_line_registered(void)
{
    return lines[IRQ_SYSTIMER_C1].handler != NULL;
}
int fake_hw_line_enabled(void)
{
    return fake_hw_line_registered() && lines[IRQ_SYSTIMER_C1].enabled;
}
int fake_hw_in_irq(void)
{
    return in_irq;
}
int fake_hw_armed(void)
{
    return armed;
}
uint64_t fake_hw_compare(void)
{
    return compare;
}
int fake_hw_pending(void)
{
    return pending;
}

uint64_t bcm2835_systimer_now(void)
{
    return now;
}

int bcm2835_systimer_arm_c1(uint64_t deadline_us)
{
    return bcm2835_systimer_arm_c1_from(deadline_us, now);
}

int bcm2835_systimer_arm_c1_from(uint64_t deadline_us, uint64_t now_us)
{
    if (now_us > now) {
        fprintf(stderr, "fake_timer_hw: arm_c1_from got a reading (%llu) from the future (%llu)\n",
                (unsigned long long)now_us, (unsigned long long)now);
        abort();
    }
    if (deadline_us > now_us + SYSTIMER_MAX_STEP_US)
        deadline_us = now_us + SYSTIMER_MAX_STEP_US;
    compare = deadline_us;
    if (deadline_us < now + ARM_MARGIN_US) {
        armed = 0;
        return -ETIME;
    }
    armed = 1;
    return 0;
}

void bcm2835_systimer_ack_c1(void)
{
    pending = 0;
}

int bcm2835_systimer_c1_matched(void)
{
    return pending;
}

int irq_register(unsigned irq, irq_fn_t handler, irq_fn_t clearer, void *data)
{
    if (irq >= IRQ_COUNT || !handler)
        return -EINVAL;
    if (lines[irq].handler)
        return -EBUSY;
    lines[irq] = (struct line){handler, clearer, data, 1};
    return 0;
}

int irq_unregister(unsigned irq)
{
    if (irq >= IRQ_COUNT)
        return -EINVAL;
    if (!lines[irq].handler)
        return -ENOENT;
    lines[irq] = (struct line){0};
    return 0;
}

int irq_set_enabled(unsigned irq, int on)
{
    if (irq >= IRQ_COUNT)
        return -EINVAL;
    if (!lines[irq].handler)
        return -ENOENT;
    lines[irq].enabled = on != 0;
    return 0;
}
