/* Mailbox property interface: whole messages of one or more tags (BCM2835 mailbox docs,
 * "Mailbox property interface"). The GPU reads and writes the message in RAM behind the ARM's
 * data cache, so each exchange goes through a buffer that owns its cache lines: cleaned before
 * the GPU reads it, invalidated before the answer is read (docs/tutorial/09-memory.md). */
#include "board/raspi2/bcm2835_mbox.h"

#include "arch/arm/cpu.h"
#include "arch/arm/mmio.h"
#include "arch/arm/mmu.h"
#include "board/raspi2/peripherals.h"
#include "lib/errno.h"

#define MBOX0_READ        (MBOX_BASE + 0x00)
#define MBOX0_STATUS      (MBOX_BASE + 0x18)
#define MBOX1_WRITE       (MBOX_BASE + 0x20)
#define MBOX1_STATUS      (MBOX_BASE + 0x38)
#define MBOX_FULL         (1u << 31)
#define MBOX_EMPTY        (1u << 30)
#define MBOX_CH_PROP      8u
#define MBOX_SUCCESS      0x80000000u
#define MBOX_TAG_RESPONSE (1u << 31)
#define MBOX_BUS_ALIAS    0xC0000000u /* ARM RAM as the VideoCore sees it, uncached */
#define MBOX_SPINS        1000000u
#define MBOX_MAX_WORDS    8u
#define MBOX_LINE         64u /* the Cortex-A7's cache line: the bounce buffer owns whole lines */

static volatile uint32_t mbox_buf[6 + MBOX_MAX_WORDS];
/* What the GPU sees: a whole number of cache lines, so invalidating it loses nothing else. */
static volatile uint32_t bounce[MBOX_BOUNCE_WORDS] __attribute__((aligned(MBOX_LINE)));
_Static_assert(sizeof bounce % MBOX_LINE == 0, "the bounce buffer owns whole cache lines");

static int wait_while(uintptr_t status_reg, uint32_t busy_bit)
{
    for (uint32_t i = 0; i < MBOX_SPINS; i++)
        if (!(mmio_read(status_reg) & busy_bit))
            return 0;
    return -ETIMEDOUT;
}

/* 1 when the firmware marked every tag of the answer as a response and the end tag is inside
 * the message. Bounded by the size word: each step moves on by at least 3 words. */
static int tags_answered(volatile uint32_t *msg)
{
    uint32_t words = msg[0] / 4;
    uint32_t i = 2;
    while (i < words && msg[i] != MBOX_TAG_END) {
        if (i + 3 > words || !(msg[i + 2] & MBOX_TAG_RESPONSE))
            return 0;
        i += 3 + (msg[i + 1] + 3) / 4;
    }
    return i < words;
}

#define MBOX_MAX_FOREIGN 64 /* other words read back before giving up on ours */

/* Posts word to the property channel and waits for the firmware to hand the same word back. */
static int exchange(uint32_t word)
{
    if (wait_while(MBOX1_STATUS, MBOX_FULL))
        return -ETIMEDOUT;
    mmio_write(MBOX1_WRITE, word);
    /* Answers on other channels are skipped, but not forever. */
    for (int answers = 0; answers < MBOX_MAX_FOREIGN; answers++) {
        if (wait_while(MBOX0_STATUS, MBOX_EMPTY))
            return -ETIMEDOUT;
        if (mmio_read(MBOX0_READ) == word)
            return 0;
    }
    return -ETIMEDOUT;
}

int bcm2835_mbox_call(volatile uint32_t *msg)
{
    uint32_t size = msg[0];
    if (size < 12 || (size & 3) || size > sizeof bounce)
        return -EINVAL;
    msg[1] = MBOX_REQUEST;

    /* IRQs masked: a caller in an IRQ handler (the screen console scrolls from kprintf) must
     * not take the mailbox (or the bounce buffer) between another caller's request and its
     * answer. */
    uint32_t flags = irq_save();
    for (uint32_t i = 0; i < size / 4; i++)
        bounce[i] = msg[i];
    /* The GPU reads RAM, not our cache: write the message back to the point of coherency. */
    dcache_clean_invalidate(bounce, sizeof bounce);
    int err = exchange(((uint32_t)(uintptr_t)bounce | MBOX_BUS_ALIAS) | MBOX_CH_PROP);
    /* Its answer is in RAM: drop any line the CPU may have fetched meanwhile, then read it. */
    dcache_invalidate(bounce, sizeof bounce);
    if (!err) {
        for (uint32_t i = 0; i < size / 4; i++)
            msg[i] = bounce[i];
        if (msg[1] != MBOX_SUCCESS || !tags_answered(msg))
            err = -EFAULT;
    }
    irq_restore(flags);
    return err;
}

int bcm2835_mbox_property(uint32_t tag, uint32_t *value, unsigned value_words)
{
    if (value_words == 0 || value_words > MBOX_MAX_WORDS)
        return -EINVAL;

    unsigned n = 0;
    mbox_buf[n++] = (6 + value_words) * 4; /* total size in bytes */
    mbox_buf[n++] = MBOX_REQUEST;
    mbox_buf[n++] = tag;
    mbox_buf[n++] = value_words * 4; /* value buffer size */
    mbox_buf[n++] = MBOX_REQUEST;    /* tag request code */
    for (unsigned i = 0; i < value_words; i++)
        mbox_buf[n++] = value[i];
    mbox_buf[n++] = MBOX_TAG_END;

    int err = bcm2835_mbox_call(mbox_buf);
    if (err)
        return err;
    for (unsigned i = 0; i < value_words; i++)
        value[i] = mbox_buf[5 + i];
    return 0;
}
