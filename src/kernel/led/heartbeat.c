/* The ACT LED's heartbeat (include/kernel/led/heartbeat.h): a one-shot timer that re-queues
 * itself at the next edge of the pattern. Deadlines are absolute, counted from the start of
 * the cycle, so the pattern does not drift with the callback's lateness. */
#include "kernel/led/heartbeat.h"

#include "arch/arm/cpu.h"
#include "board/raspi2/bcm2835_led.h"
#include "kernel/time/timer.h"
#include "lib/errno.h"

/* The edges of one cycle, in order: when (from the cycle's start) and what the LED becomes. */
static const struct {
    uint32_t at_us;
    int lit;
} edges[] = {
    {0, 1},
    {HEARTBEAT_ON_US, 0},
    {HEARTBEAT_GAP_US, 1},
    {HEARTBEAT_GAP_US + HEARTBEAT_ON_US, 0},
};
#define NEDGES (sizeof edges / sizeof edges[0])

/* Guarded by masking IRQs (the callback runs with them masked). */
static timer_id heartbeat_timer; /* 0: stopped */
static uint64_t cycle_start;
static unsigned next_edge;
static volatile uint32_t blinks;

/* Queues the timer for edges[next_edge] of the cycle at cycle_start. IRQs masked. */
static timer_id queue_next(void);

static void heartbeat_edge(timer_id id, void *data)
{
    (void)id, (void)data;
    if (edges[next_edge].lit)
        blinks++;
    bcm2835_led_set(edges[next_edge].lit);
    if (++next_edge == NEDGES) {
        next_edge = 0;
        cycle_start += HEARTBEAT_PERIOD_US;
        /* A whole cycle behind (IRQs masked that long, a debugger): start afresh from now
         * rather than catching up with a burst of blinks. */
        uint64_t now = time_us();
        if (cycle_start + HEARTBEAT_PERIOD_US <= now)
            cycle_start = now;
    }
    heartbeat_timer = queue_next();
    if (!heartbeat_timer)
        bcm2835_led_set(0); /* the pool is full: a dark LED rather than one stuck lit */
}

static timer_id queue_next(void)
{
    return timer_register_at(cycle_start + edges[next_edge].at_us, heartbeat_edge, 0);
}

int led_heartbeat_start(void)
{
    uint32_t flags = irq_save();
    int err = 0;
    if (heartbeat_timer) {
        err = -EBUSY;
    } else {
        bcm2835_led_init();
        cycle_start = time_us();
        next_edge = 0;
        heartbeat_edge(0, 0); /* the first edge now: lit, and the timer for the next */
        if (!heartbeat_timer)
            err = -ENOMEM;
    }
    irq_restore(flags);
    return err;
}

void led_heartbeat_stop(void)
{
    uint32_t flags = irq_save();
    if (heartbeat_timer) {
        timer_remove(heartbeat_timer);
        heartbeat_timer = 0;
        bcm2835_led_set(0);
    }
    irq_restore(flags);
}

int led_heartbeat_running(void)
{
    return heartbeat_timer != 0;
}

uint32_t led_heartbeat_blinks(void)
{
    return blinks;
}
