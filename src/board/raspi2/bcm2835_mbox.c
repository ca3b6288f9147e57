/* Mailbox property interface: one tag per call (BCM2835 mailbox docs, "Mailbox property
 * interface"). The caches are off, so the buffer needs no maintenance yet (see issue: memory). */
#include "board/raspi2/bcm2835_mbox.h"

#include "arch/arm/cpu.h"
#include "arch/arm/mmio.h"
#include "board/raspi2/peripherals.h"
#include "kernel/errno.h"

#define MBOX0_READ        (MBOX_BASE + 0x00)
#define MBOX0_STATUS      (MBOX_BASE + 0x18)
#define MBOX1_WRITE       (MBOX_BASE + 0x20)
#define MBOX1_STATUS      (MBOX_BASE + 0x38)
#define MBOX_FULL         (1u << 31)
#define MBOX_EMPTY        (1u << 30)
#define MBOX_CH_PROP      8u
#define MBOX_REQUEST      0x00000000u
#define MBOX_SUCCESS      0x80000000u
#define MBOX_TAG_RESPONSE (1u << 31)
#define MBOX_BUS_ALIAS    0xC0000000u /* ARM RAM as the VideoCore sees it, uncached */
#define MBOX_SPINS        1000000u
#define MBOX_MAX_WORDS    8u

static volatile uint32_t mbox_buf[6 + MBOX_MAX_WORDS] __attribute__((aligned(16)));

static int wait_while(uintptr_t status_reg, uint32_t busy_bit)
{
    for (uint32_t i = 0; i < MBOX_SPINS; i++)
        if (!(mmio_read(status_reg) & busy_bit))
            return 0;
    return -ETIMEDOUT;
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
    mbox_buf[n++] = 0;               /* request code */
    for (unsigned i = 0; i < value_words; i++)
        mbox_buf[n++] = value[i];
    mbox_buf[n++] = 0; /* end tag */

    uint32_t msg = ((uint32_t)(uintptr_t)mbox_buf | MBOX_BUS_ALIAS) | MBOX_CH_PROP;
    cpu_dsb();
    if (wait_while(MBOX1_STATUS, MBOX_FULL))
        return -ETIMEDOUT;
    mmio_write(MBOX1_WRITE, msg);
    for (;;) {
        if (wait_while(MBOX0_STATUS, MBOX_EMPTY))
            return -ETIMEDOUT;
        if (mmio_read(MBOX0_READ) == msg)
            break;
    }
    cpu_dsb();
    if (mbox_buf[1] != MBOX_SUCCESS || !(mbox_buf[4] & MBOX_TAG_RESPONSE))
        return -EFAULT;
    for (unsigned i = 0; i < value_words; i++)
        value[i] = mbox_buf[5 + i];
    return 0;
}
