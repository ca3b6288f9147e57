/* Host tests of the system-timer driver (src/board/raspi2/bcm2835_systimer.c) over a fake
 * counter that advances on every register read, so CLO can wrap between the CHI reads. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "arch/arm/mmio.h"
#include "board/raspi2/bcm2835_systimer.h"
#include "board/raspi2/peripherals.h"
#include "lib/errno.h"

#define ST_CS  (SYSTIMER_BASE + 0x00)
#define ST_CLO (SYSTIMER_BASE + 0x04)
#define ST_CHI (SYSTIMER_BASE + 0x08)
#define ST_C1  (SYSTIMER_BASE + 0x10)
#define ST_C3  (SYSTIMER_BASE + 0x18)

static uint64_t counter; /* the 64-bit count */
static uint64_t step;    /* added after every counter read */
static uint32_t c1, c3, cs;
static int reads_clo, reads_chi; /* counter register reads */
static uint64_t counter_at_c1;   /* the count when C1 was last written */

static int model_read(uintptr_t addr, uint32_t *v)
{
    if (addr == ST_CLO || addr == ST_CHI) {
        *v = addr == ST_CLO ? (uint32_t)counter : (uint32_t)(counter >> 32);
        counter += step;
        if (addr == ST_CLO)
            reads_clo++;
        else
            reads_chi++;
        return 1;
    }
    if (addr == ST_CS) {
        *v = cs;
        return 1;
    }
    return 0;
}

static int model_write(uintptr_t addr, uint32_t v)
{
    if (addr == ST_C1) {
        c1 = v;
        counter_at_c1 = counter;
    } else if (addr == ST_C3)
        c3 = v;
    else if (addr == ST_CS)
        cs &= ~v; /* write 1 to clear */
    else
        return 0;
    return 1;
}

static int setup(void **state)
{
    (void)state;
    fake_mmio_reset();
    fake_mmio_hooks(model_read, model_write);
    counter = 0;
    step = 0;
    c1 = c3 = cs = 0;
    return 0;
}

static void test_plain_read(void **state)
{
    (void)state;
    counter = 0x0000000512345678ull;
    assert_true(bcm2835_systimer_now() == 0x0000000512345678ull);
}

static void test_low_word_wraps_between_reads(void **state)
{
    (void)state;
    /* Read order is CHI, CLO, CHI: the first CHI sees 0x7, then CLO wraps to 0 at the CLO
     * read. A naive hi:lo would give 0x7_00000001 - a whole 2^32 us in the past. */
    for (uint64_t before = 1; before <= 3; before++) {
        step = 1;
        counter = 0x00000007ffffffffull - before + 1;
        uint64_t start = counter;
        uint64_t t = bcm2835_systimer_now();
        assert_true(t >= start);
        assert_true(t <= counter); /* never ahead of the counter after the call */
        assert_true(t - start < 8);
    }
}

static void test_wrap_at_every_phase(void **state)
{
    (void)state;
    /* Every position of the wrap relative to the reads, with a fast counter (big steps). */
    for (step = 1; step <= 0x40000000ull; step <<= 2) {
        for (uint64_t k = 0; k < 5; k++) {
            counter = 0x00000001ffffffffull - k * step;
            uint64_t start = counter;
            uint64_t t = bcm2835_systimer_now();
            assert_true(t >= start);
            assert_true(t < counter);
        }
    }
}

static void test_arm_future_deadline(void **state)
{
    (void)state;
    counter = 0x00000002fffffff0ull;
    assert_int_equal(bcm2835_systimer_arm_c1(0x0000000300000010ull), 0);
    assert_int_equal(c1, 0x00000010u); /* across the 32-bit wrap */
}

static void test_arm_passed_deadline_reported(void **state)
{
    (void)state;
    counter = 1000000;
    assert_int_equal(bcm2835_systimer_arm_c1(999999), -ETIME);
    assert_int_equal(bcm2835_systimer_arm_c1(1000000), -ETIME);
    assert_int_equal(bcm2835_systimer_arm_c1(1000001), -ETIME); /* inside the 2 us margin */
    assert_int_equal(bcm2835_systimer_arm_c1(1000002), 0);
    assert_int_equal(bcm2835_systimer_arm_c1(0), -ETIME);
}

static void test_deadline_passing_while_arming(void **state)
{
    (void)state;
    /* The counter moves 5 us per read: the driver reads "now" as 5005, but by the read-back
     * after the write CLO is 5015, past the compare: it must say "already due". */
    counter = 5000;
    step = 5;
    assert_int_equal(bcm2835_systimer_arm_c1(5012), -ETIME);
}

/* The board's compare matches only when the counter steps onto it: written when the counter
 * is already at or past it, it matches 2^32 us (71.6 minutes) later. So whenever the driver
 * says "armed", C1 must have been ahead of the counter at the moment it was written. */
static void test_armed_compare_is_ahead_when_written(void **state)
{
    (void)state;
    uint32_t seed = 12345;
    for (int i = 0; i < 20000; i++) {
        seed = seed * 1103515245u + 12345u;
        step = (seed >> 8) % 8; /* 0-7 us between register reads: a slow bus, an IRQ */
        counter = 0xFFFFFF00ull + (seed >> 4) % 0x200; /* around a 32-bit wrap too */
        uint64_t deadline = counter + (seed >> 16) % 40;
        if (bcm2835_systimer_arm_c1(deadline) == 0)
            assert_true((int32_t)(c1 - (uint32_t)counter_at_c1) > 0);
        else
            assert_true(deadline <= counter + 2); /* -ETIME only for a deadline (nearly) due */
    }
}

static void test_far_deadline_clamped_to_step(void **state)
{
    (void)state;
    counter = 100;
    assert_int_equal(bcm2835_systimer_arm_c1(100 + (1ull << 40)), 0);
    assert_int_equal(c1, 100u + SYSTIMER_MAX_STEP_US);
    assert_int_equal(bcm2835_systimer_arm_c1(100 + SYSTIMER_MAX_STEP_US - 1), 0);
    assert_int_equal(c1, 100u + SYSTIMER_MAX_STEP_US - 1);
}

static void test_arm_from_a_reading_reads_the_counter_once(void **state)
{
    (void)state;
    /* With the caller's reading, the 64-bit counter is not read again (no CHI read): only CLO,
     * after the write, for the "already due" check. */
    counter = 5000;
    step = 5;
    reads_chi = reads_clo = 0;
    assert_int_equal(bcm2835_systimer_arm_c1_from(5100, 4990), 0);
    assert_int_equal(c1, 5100u);
    assert_int_equal(reads_chi, 0);
    assert_int_equal(reads_clo, 1);
    /* Past by the read-back, even if the reading said otherwise. */
    assert_int_equal(bcm2835_systimer_arm_c1_from(5006, 4990), -ETIME);
    /* The reading bounds the step: an older one only brings the compare nearer. */
    assert_int_equal(bcm2835_systimer_arm_c1_from(1ull << 40, 4000), 0);
    assert_int_equal(c1, 4000u + SYSTIMER_MAX_STEP_US);
}

static void test_ack_writes_only_its_bit(void **state)
{
    (void)state;
    cs = 0xf;
    bcm2835_systimer_ack_c1();
    assert_int_equal(cs, 0xd);
    assert_int_equal(bcm2835_systimer_c1_matched(), 0);
    cs = 0xf;
    assert_int_equal(bcm2835_systimer_c1_matched(), 1);
    bcm2835_systimer_ack_c3();
    assert_int_equal(cs, 0x7);
}

static void test_arm_c3(void **state)
{
    (void)state;
    counter = 50;
    assert_int_equal(bcm2835_systimer_arm_c3(80), 0);
    assert_int_equal(c3, 80);
    assert_int_equal(c1, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_plain_read, setup),
        cmocka_unit_test_setup(test_low_word_wraps_between_reads, setup),
        cmocka_unit_test_setup(test_wrap_at_every_phase, setup),
        cmocka_unit_test_setup(test_arm_future_deadline, setup),
        cmocka_unit_test_setup(test_arm_passed_deadline_reported, setup),
        cmocka_unit_test_setup(test_deadline_passing_while_arming, setup),
        cmocka_unit_test_setup(test_armed_compare_is_ahead_when_written, setup),
        cmocka_unit_test_setup(test_far_deadline_clamped_to_step, setup),
        cmocka_unit_test_setup(test_arm_from_a_reading_reads_the_counter_once, setup),
        cmocka_unit_test_setup(test_ack_writes_only_its_bit, setup),
        cmocka_unit_test_setup(test_arm_c3, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
