/* What the console needs from the board: a serial line and, when there is one, a framebuffer.
 * Declared by the kernel and implemented by the board's drivers (src/board/raspi2/board.c);
 * bound at boot, when kernel_main hands them to console_init and tty_init. Calls go through
 * pointers: the console is on no fast path. */
#ifndef KERNEL_CONSOLE_DEVICES_H
#define KERNEL_CONSOLE_DEVICES_H

#include <stdint.h>

struct serial_dev {
    unsigned rx_irq_line; /* the interrupt line its receiver raises */
    /* Sets it up for 115200 8N1. Returns 0, or an error after which it still works as well as
     * it can (the banner reports it). Boot. */
    int (*init)(void);
    void (*putc)(char c);   /* waits while the transmitter is full; IRQs may be masked */
    int (*getc)(void);      /* the next received byte, or -1 when none is waiting */
    void (*rx_irq)(int on); /* receive interrupt on or off (off: input waits in the device) */
};

/* A framebuffer as the board granted it: a virt_width x virt_height buffer, of which the
 * display shows the width x height window at the virtual offset (0, 0 at first). Pixel (x, y)
 * of the buffer is the uint32_t at base + y * pitch + x * 4, ordinary RAM that the display
 * scans out. */
struct framebuffer {
    uintptr_t base;       /* ARM physical address (the bus address masked) */
    uint32_t size;        /* bytes */
    uint32_t width;       /* pixels shown across */
    uint32_t height;      /* pixels shown down */
    uint32_t virt_width;  /* pixels in the buffer across */
    uint32_t virt_height; /* pixels in the buffer down */
    uint32_t pitch;       /* bytes from one pixel row to the next, >= virt_width * 4 */
    uint32_t depth;       /* bits per pixel (32) */
    uint32_t pixel_order; /* as granted: 0 = BGR, 1 = RGB */
};

struct framebuffer_dev {
    /* A display of width x height showing a virt_width x virt_height buffer at offset (0, 0),
     * 32 bpp: fills *fb. Returns 0 or a negative error. Boot. */
    int (*init)(uint32_t width, uint32_t height, uint32_t virt_width, uint32_t virt_height,
                struct framebuffer *fb);
    /* Shows the window whose top-left pixel is (x, y). IRQs masked. 0 or a negative error. */
    int (*set_offset)(uint32_t x, uint32_t y);
};

#endif
