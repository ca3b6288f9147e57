/* Framebuffer from the VideoCore firmware, through the mailbox property interface. */
#ifndef BOARD_RASPI2_BCM2835_FB_H
#define BOARD_RASPI2_BCM2835_FB_H

#include <stdint.h>

#include "kernel/console/devices.h"

#define BCM2835_FB_DEPTH 32u /* the only depth asked for: one uint32_t per pixel */

/* Asks the firmware, in one property message, for a display of width x height showing a
 * virt_width x virt_height buffer (each at least as large) at offset (0, 0), 32 bpp, RGB, and
 * fills *fb. Returns 0; -EINVAL for a zero, huge or inverted size; the mailbox's -ETIMEDOUT or
 * -EFAULT; -ERANGE when the firmware grants another size or depth, or a pitch that cannot hold
 * a row; -ENOMEM when it allocates nothing; -EFAULT when the buffer is not in the ARM's RAM.
 * Boot code. */
int bcm2835_fb_init(uint32_t width, uint32_t height, uint32_t virt_width, uint32_t virt_height,
                    struct framebuffer *fb);

/* Shows the window of the buffer whose top-left pixel is (x, y) ("virtual offset"): scrolling
 * without copying. Any context, with IRQs masked (it has one message buffer). Returns 0, the
 * mailbox's error, or -ERANGE when the firmware did not move the window there. */
int bcm2835_fb_set_offset(uint32_t x, uint32_t y);

#endif
