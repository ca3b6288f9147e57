/* Framebuffer allocation through the mailbox property interface (Raspberry Pi firmware wiki,
 * "Mailbox property interface", frame buffer tags). The mode tags and the allocation travel
 * in one message: the firmware allocates for the mode set in the same message. */
#include "board/raspi2/bcm2835_fb.h"

#include "board/raspi2/bcm2835_mbox.h"
#include "board/raspi2/peripherals.h"
#include "lib/errno.h"

#define FB_MAX_SIDE 4096u /* no Pi display is larger; keeps pitch * height in 32 bits */
#define FB_ALIGN    16u

/* Separate buffers: set_offset may run in an IRQ handler, init only at boot. */
static volatile uint32_t init_msg[36] __attribute__((aligned(16)));
static volatile uint32_t offset_msg[8] __attribute__((aligned(16)));

/* Appends a tag with one or two value words to msg at *n and returns the index of its first
 * value word, where the firmware writes its answer. */
static unsigned add_tag(volatile uint32_t *msg, unsigned *n, uint32_t tag, unsigned words,
                        uint32_t a, uint32_t b)
{
    unsigned i = *n;
    msg[i++] = tag;
    msg[i++] = words * 4;
    msg[i++] = MBOX_REQUEST;
    unsigned value = i;
    msg[i++] = a;
    if (words > 1)
        msg[i++] = b;
    *n = i;
    return value;
}

int bcm2835_fb_init(uint32_t width, uint32_t height, uint32_t virt_width, uint32_t virt_height,
                    struct framebuffer *fb)
{
    if (width == 0 || height == 0 || virt_width < width || virt_height < height ||
        virt_width > FB_MAX_SIDE || virt_height > FB_MAX_SIDE)
        return -EINVAL;

    volatile uint32_t *m = init_msg;
    unsigned n = 2; /* 35 words in all */
    unsigned phys = add_tag(m, &n, MBOX_TAG_SET_PHYS_WH, 2, width, height);
    unsigned virt = add_tag(m, &n, MBOX_TAG_SET_VIRT_WH, 2, virt_width, virt_height);
    unsigned depth = add_tag(m, &n, MBOX_TAG_SET_DEPTH, 1, BCM2835_FB_DEPTH, 0);
    unsigned order = add_tag(m, &n, MBOX_TAG_SET_PIXEL_ORDER, 1, MBOX_PIXEL_ORDER_RGB, 0);
    add_tag(m, &n, MBOX_TAG_SET_VIRT_OFFSET, 2, 0, 0);
    unsigned alloc = add_tag(m, &n, MBOX_TAG_ALLOCATE_BUFFER, 2, FB_ALIGN, 0);
    unsigned pitch = add_tag(m, &n, MBOX_TAG_GET_PITCH, 1, 0, 0);
    m[n++] = MBOX_TAG_END;
    m[0] = n * 4;

    int err = bcm2835_mbox_call(m);
    if (err)
        return err;
    if (m[phys] != width || m[phys + 1] != height || m[virt] != virt_width ||
        m[virt + 1] != virt_height || m[depth] != BCM2835_FB_DEPTH)
        return -ERANGE;
    uint32_t bus = m[alloc], size = m[alloc + 1], row_bytes = m[pitch];
    if (bus == 0 || size == 0)
        return -ENOMEM;
    if (row_bytes < virt_width * 4 || (row_bytes & 3) || size / row_bytes < virt_height)
        return -ERANGE;
    uintptr_t base = bcm2835_bus_to_phys(bus);
    if ((base & 3) || base >= PERIPHERAL_BASE || size > PERIPHERAL_BASE - base)
        return -EFAULT;

    *fb = (struct framebuffer){
        .base = base,
        .size = size,
        .width = width,
        .height = height,
        .virt_width = virt_width,
        .virt_height = virt_height,
        .pitch = row_bytes,
        .depth = BCM2835_FB_DEPTH,
        .pixel_order = m[order],
    };
    return 0;
}

int bcm2835_fb_set_offset(uint32_t x, uint32_t y)
{
    volatile uint32_t *m = offset_msg;
    unsigned n = 2;
    unsigned offset = add_tag(m, &n, MBOX_TAG_SET_VIRT_OFFSET, 2, x, y);
    m[n++] = MBOX_TAG_END;
    m[0] = n * 4;
    int err = bcm2835_mbox_call(m);
    if (!err && (m[offset] != x || m[offset + 1] != y))
        err = -ERANGE;
    return err;
}
