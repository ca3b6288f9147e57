/* Framebuffer from the VideoCore firmware, through the mailbox property interface. */
#ifndef BOARD_RASPI2_BCM2835_FB_H
#define BOARD_RASPI2_BCM2835_FB_H

#include <stdint.h>

#define BCM2835_FB_DEPTH 32u /* the only depth asked for: one uint32_t per pixel */

/* A framebuffer as the firmware granted it: a virt_width x virt_height buffer, of which the
 * display shows the width x height window at the virtual offset (0, 0 at first). Pixel (x, y)
 * of the buffer is the uint32_t at base + y * pitch + x * 4, ordinary RAM that the display
 * scans out. */
struct bcm2835_fb {
    uintptr_t base;       /* ARM physical address (the bus address masked) */
    uint32_t size;        /* bytes */
    uint32_t width;       /* pixels shown across */
    uint32_t height;      /* pixels shown down */
    uint32_t virt_width;  /* pixels in the buffer across */
    uint32_t virt_height; /* pixels in the buffer down */
    uint32_t pitch;       /* bytes from one pixel row to the next, >= virt_width * 4 */
    uint32_t depth;       /* bits per pixel: BCM2835_FB_DEPTH */
    uint32_t pixel_order; /* as granted: 0 = BGR, MBOX_PIXEL_ORDER_RGB = RGB */
};

/* Asks the firmware, in one property message, for a display of width x height showing a
 * virt_width x virt_height buffer (each at least as large) at offset (0, 0), 32 bpp, RGB, and
 * fills *fb. Returns 0; -EINVAL for a zero, huge or inverted size; the mailbox's -ETIMEDOUT or
 * -EFAULT; -ERANGE when the firmware grants another size or depth, or a pitch that cannot hold
 * a row; -ENOMEM when it allocates nothing; -EFAULT when the buffer is not in the ARM's RAM.
 * Boot code. */
int bcm2835_fb_init(uint32_t width, uint32_t height, uint32_t virt_width, uint32_t virt_height,
                    struct bcm2835_fb *fb);

/* Shows the window of the buffer whose top-left pixel is (x, y) ("virtual offset"): scrolling
 * without copying. Any context, with IRQs masked (it has one message buffer). Returns 0, the
 * mailbox's error, or -ERANGE when the firmware did not move the window there. */
int bcm2835_fb_set_offset(uint32_t x, uint32_t y);

#endif
