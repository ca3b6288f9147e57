/* test=led: the ACT LED on the emulated GPIO block (QEMU's bcm2835_gpio reads an output pin's
 * level back in GPLEV1) and the heartbeat on the timer queue. Under --icount the sample times
 * below are exact virtual times. */
#include "board/raspi2/bcm2835_led.h"
#include "kernel/led/heartbeat.h"
#include "kernel/time/timer.h"
#include "ktests/ktest.h"
#include "lib/errno.h"

static void act_led_is_an_output_that_reads_back(void)
{
    bcm2835_led_init();
    KT_ASSERT(bcm2835_led_is_output());
    bcm2835_led_set(1);
    KT_ASSERT_EQ(bcm2835_led_get(), 1);
    bcm2835_led_set(0);
    KT_ASSERT_EQ(bcm2835_led_get(), 0);
}

/* When (after the heartbeat started) the LED is sampled, and what it must be then: inside the
 * first blink, the gap, the second blink, the long dark part, and the next cycle's first. */
#define NSAMPLES 5
static const uint32_t sample_at_us[NSAMPLES] = {35000, 160000, 285000, 600000, 1035000};
static const int sample_lit[NSAMPLES] = {1, 0, 1, 0, 1};
static volatile int sampled[NSAMPLES];

static void sample(timer_id id, void *data)
{
    (void)id;
    int *slot = data;
    *slot = bcm2835_led_get();
}

static void heartbeat_blinks_twice_a_second(void)
{
    led_heartbeat_stop();
    struct timer_stats before, running, after;
    timer_get_stats(&before);
    uint32_t blinks = led_heartbeat_blinks();
    KT_ASSERT_EQ(led_heartbeat_start(), 0);
    uint64_t t0 = time_us();
    KT_ASSERT_EQ(led_heartbeat_start(), -EBUSY); /* one heartbeat, one timer */
    timer_get_stats(&running);
    KT_ASSERT_EQ(running.pending, before.pending + 1);
    for (int i = 0; i < NSAMPLES; i++) {
        sampled[i] = -1;
        KT_ASSERT(timer_register_at(t0 + sample_at_us[i], sample, (void *)&sampled[i]) != 0);
    }
    volatile int never = 0;
    ktest_wait_flag(&never, 1900000);
    /* Lit at 0, 250 ms, 1 s and 1.25 s: four blinks in 1.9 s. */
    KT_ASSERT_EQ(led_heartbeat_blinks() - blinks, 4);
    for (int i = 0; i < NSAMPLES; i++)
        KT_ASSERT_EQ(sampled[i], sample_lit[i]);
    led_heartbeat_stop();
    KT_ASSERT(!led_heartbeat_running());
    KT_ASSERT_EQ(bcm2835_led_get(), 0);
    timer_get_stats(&after);
    KT_ASSERT_EQ(after.pending, before.pending);
}

static void stopped_heartbeat_adds_no_tick(void)
{
    KT_ASSERT(!led_heartbeat_running());
    struct timer_stats before, after;
    uint32_t blinks = led_heartbeat_blinks();
    timer_get_stats(&before);
    volatile int never = 0;
    ktest_wait_flag(&never, 1000000);
    timer_get_stats(&after);
    /* A second with nothing else queued: the one IRQ is the wait's own timeout. */
    KT_ASSERT_EQ(after.irqs - before.irqs, 1);
    KT_ASSERT_EQ(led_heartbeat_blinks(), blinks);
    KT_ASSERT_EQ(after.pending, before.pending);
}

KTEST_SUITE(ktest_led, 42, "led",
            {"act_led_is_an_output_that_reads_back", act_led_is_an_output_that_reads_back},
            {"heartbeat_blinks_twice_a_second", heartbeat_blinks_twice_a_second},
            {"stopped_heartbeat_adds_no_tick", stopped_heartbeat_adds_no_tick});
