/* Host tests of the mailbox property interface (src/board/raspi2/bcm2835_mbox.c) and the clock
 * tags (bcm2835_clock.c) against a model of the board, not of QEMU: the VideoCore reads and
 * writes RAM behind the ARM's write-back data cache (tests/host/fake/fake_dcache.c), so it sees
 * only what the driver cleaned, and the driver sees its answer only after invalidating; it takes
 * ARM memory at the 0xC0000000 (uncached) bus alias, the low 4 bits of the posted word being the
 * channel, so the message is 16-byte aligned; it marks the message and each tag it answered
 * with bit 31. QEMU reads guest RAM directly and would pass a driver that broke any of these. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "arch/arm/mmio.h"
#include "board/raspi2/bcm2835_clock.h"
#include "board/raspi2/bcm2835_mbox.h"
#include "board/raspi2/peripherals.h"
#include "fake_dcache.h"
#include "lib/errno.h"

#define MBOX0_READ   (MBOX_BASE + 0x00)
#define MBOX0_STATUS (MBOX_BASE + 0x18)
#define MBOX1_WRITE  (MBOX_BASE + 0x20)
#define MBOX1_STATUS (MBOX_BASE + 0x38)
#define MBOX_FULL    (1u << 31)
#define MBOX_EMPTY   (1u << 30)
#define MSG_WORDS    64

/* The VideoCore model's state and knobs. */
static uint32_t posted;          /* the last word written to MBOX1_WRITE */
static int answers_queued;       /* words waiting in MBOX0_READ */
static uint32_t answer;          /* the word it hands back */
static uint32_t seen[MSG_WORDS]; /* the message as the GPU read it from RAM */
static int bad_post;             /* wrong alias, channel or alignment: the GPU ignored it */
static uint32_t uart_hz;         /* the UART clock the firmware runs (and sets) */
static int refuse_set;           /* old firmware: set-clock answered with the rate unchanged */
static uint32_t status_code;     /* what the GPU writes in msg[1] */
static uint32_t unanswered_tag;  /* a tag the firmware leaves without its response bit */

/* The firmware's handling of one message at host address msg (in RAM, not the cache). */
static void gpu_handle(uintptr_t msg)
{
    fake_dcache_ram_read(msg, seen, 8);
    uint32_t words = seen[0] / 4;
    if (seen[0] < 12 || seen[0] % 4 || words > MSG_WORDS || seen[1] != MBOX_REQUEST)
        return; /* garbage (not cleaned to RAM?): the firmware leaves it as it is */
    fake_dcache_ram_read(msg, seen, words * 4);
    uint32_t out[MSG_WORDS];
    memcpy(out, seen, words * 4);
    for (uint32_t i = 2; i + 3 <= words && out[i] != MBOX_TAG_END;) {
        uint32_t tag = out[i], bytes = out[i + 1], *v = &out[i + 3];
        uint32_t len = 0;
        if (tag == unanswered_tag) {
            /* a tag this firmware does not know: left as it came */
        } else if (tag == MBOX_TAG_SET_CLOCK_RATE && bytes >= 12) {
            if (v[0] == MBOX_CLOCK_UART && !refuse_set)
                uart_hz = v[1];
            v[1] = v[0] == MBOX_CLOCK_UART ? uart_hz : 0;
            len = 8;
        } else if (tag == MBOX_TAG_GET_CLOCK_RATE && bytes >= 8) {
            v[1] = v[0] == MBOX_CLOCK_UART ? uart_hz : 0;
            len = 8;
        }
        if (len)
            out[i + 2] = 0x80000000u | len;
        i += 3 + (bytes + 3) / 4;
    }
    out[1] = status_code;
    fake_dcache_ram_write(msg, out, words * 4);
}

static int model_read(uintptr_t addr, uint32_t *v)
{
    if (addr == MBOX1_STATUS)
        *v = 0; /* never full */
    else if (addr == MBOX0_STATUS)
        *v = answers_queued ? 0 : MBOX_EMPTY;
    else if (addr == MBOX0_READ) {
        *v = answer;
        if (answers_queued)
            answers_queued--;
    } else
        return 0;
    return 1;
}

static int model_write(uintptr_t addr, uint32_t word)
{
    if (addr != MBOX1_WRITE)
        return 0;
    posted = word;
    /* Channel 8 in bits 0-3, the rest the message's bus address: on the Pi 2 ARM RAM is at the
     * 0xC0000000 alias (the 0x40000000 one goes through the VideoCore's L2 cache, which the ARM
     * does not maintain). */
    uintptr_t line = fake_dcache_find(word & 0x3FFFFFF0u);
    if ((word & 0xF) != 8 || (word & 0xC0000000u) != 0xC0000000u || !line) {
        bad_post = 1;
        return 1;
    }
    gpu_handle(line + (word & 0x30u));
    answer = word;
    answers_queued = 1;
    return 1;
}

static int setup(void **state)
{
    (void)state;
    fake_mmio_reset();
    fake_mmio_hooks(model_read, model_write);
    fake_dcache_reset();
    posted = 0;
    answers_queued = 0;
    bad_post = 0;
    uart_hz = 3000000; /* old firmware's default UART clock */
    refuse_set = 0;
    status_code = 0x80000000u;
    unanswered_tag = 0;
    memset(seen, 0, sizeof seen);
    return 0;
}

static void test_set_clock_answer_read_back(void **state)
{
    (void)state;
    uint32_t v[3] = {MBOX_CLOCK_UART, 48000000, 0};
    assert_int_equal(bcm2835_mbox_property(MBOX_TAG_SET_CLOCK_RATE, v, 3), 0);
    /* The GPU read the request from RAM: the driver cleaned it there first. */
    assert_int_equal(seen[2], MBOX_TAG_SET_CLOCK_RATE);
    assert_int_equal(seen[5], MBOX_CLOCK_UART);
    assert_int_equal(seen[6], 48000000);
    /* And the driver read the answer from RAM: it invalidated before reading. */
    assert_int_equal(uart_hz, 48000000);
    assert_int_equal(v[1], 48000000);
    assert_true(fake_dcache_cleans() >= 1);
    assert_true(fake_dcache_invalidates() >= 1);
}

static void test_posted_word(void **state)
{
    (void)state;
    uint32_t v[2] = {MBOX_CLOCK_UART, 0};
    assert_int_equal(bcm2835_mbox_property(MBOX_TAG_GET_CLOCK_RATE, v, 2), 0);
    assert_false(bad_post);
    assert_int_equal(posted & 0xF, 8);                   /* the property channel */
    assert_int_equal(posted & 0xC0000000u, 0xC0000000u); /* the uncached bus alias */
    assert_int_equal(v[1], 3000000);
}

static void test_answer_the_cpu_had_cached_is_not_read(void **state)
{
    (void)state;
    /* The answer must come from RAM even when the CPU holds the request's lines: a second
     * call with other values sees the new answer, not the old one. */
    uint32_t v[2] = {MBOX_CLOCK_UART, 0};
    assert_int_equal(bcm2835_mbox_property(MBOX_TAG_GET_CLOCK_RATE, v, 2), 0);
    assert_int_equal(v[1], 3000000);
    uart_hz = 48000000;
    v[0] = MBOX_CLOCK_UART;
    v[1] = 0;
    assert_int_equal(bcm2835_mbox_property(MBOX_TAG_GET_CLOCK_RATE, v, 2), 0);
    assert_int_equal(v[1], 48000000);
}

static void test_whole_message_seen_by_gpu(void **state)
{
    (void)state;
    /* A message longer than one cache line: every line of it must reach RAM. */
    static volatile uint32_t msg[40] __attribute__((aligned(16)));
    unsigned n = 2;
    for (int t = 0; t < 4; t++) {
        msg[n++] = MBOX_TAG_GET_CLOCK_RATE;
        msg[n++] = 8;
        msg[n++] = MBOX_REQUEST;
        msg[n++] = MBOX_CLOCK_UART;
        msg[n++] = 0;
    }
    msg[n++] = MBOX_TAG_END;
    msg[0] = n * 4; /* 23 words: 92 bytes, two lines */
    assert_int_equal(bcm2835_mbox_call(msg), 0);
    for (int t = 0; t < 4; t++)
        assert_int_equal(msg[2 + 5 * t + 4], 3000000);
}

static void test_firmware_error_code_is_an_error(void **state)
{
    (void)state;
    status_code = 0x80000001u; /* "error parsing request buffer" */
    uint32_t v[2] = {MBOX_CLOCK_UART, 0};
    assert_int_equal(bcm2835_mbox_property(MBOX_TAG_GET_CLOCK_RATE, v, 2), -EFAULT);
    status_code = MBOX_REQUEST; /* not processed at all */
    assert_int_equal(bcm2835_mbox_property(MBOX_TAG_GET_CLOCK_RATE, v, 2), -EFAULT);
}

static void test_unanswered_tag_is_an_error(void **state)
{
    (void)state;
    unanswered_tag = MBOX_TAG_GET_CLOCK_RATE;
    uint32_t v[2] = {MBOX_CLOCK_UART, 0};
    assert_int_equal(bcm2835_mbox_property(MBOX_TAG_GET_CLOCK_RATE, v, 2), -EFAULT);
}

static void test_clock_rate_is_the_firmwares_answer(void **state)
{
    (void)state;
    uint32_t hz = 0;
    assert_int_equal(bcm2835_clock_set_rate(MBOX_CLOCK_UART, 48000000, &hz), 0);
    assert_int_equal(hz, 48000000);
    /* Firmware that keeps its own rate says so in the answer: that is the rate to use. */
    refuse_set = 1;
    uart_hz = 3000000;
    hz = 0;
    assert_int_equal(bcm2835_clock_set_rate(MBOX_CLOCK_UART, 48000000, &hz), 0);
    assert_int_equal(hz, 3000000);
}

static void test_clock_rate_when_set_fails(void **state)
{
    (void)state;
    /* The set is not answered: the error, and the rate the clock runs at, from the get tag. */
    unanswered_tag = MBOX_TAG_SET_CLOCK_RATE;
    uint32_t hz = 48000000;
    assert_int_equal(bcm2835_clock_set_rate(MBOX_CLOCK_UART, 48000000, &hz), -EFAULT);
    assert_int_equal(hz, 3000000);
    /* A firmware that rejects everything: the caller's value stays. */
    status_code = 0x80000001u;
    hz = 12345;
    assert_int_equal(bcm2835_clock_set_rate(MBOX_CLOCK_UART, 48000000, &hz), -EFAULT);
    assert_int_equal(hz, 12345);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_set_clock_answer_read_back, setup),
        cmocka_unit_test_setup(test_posted_word, setup),
        cmocka_unit_test_setup(test_answer_the_cpu_had_cached_is_not_read, setup),
        cmocka_unit_test_setup(test_whole_message_seen_by_gpu, setup),
        cmocka_unit_test_setup(test_firmware_error_code_is_an_error, setup),
        cmocka_unit_test_setup(test_unanswered_tag_is_an_error, setup),
        cmocka_unit_test_setup(test_clock_rate_is_the_firmwares_answer, setup),
        cmocka_unit_test_setup(test_clock_rate_when_set_fails, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
