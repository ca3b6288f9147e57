/* The screen console: text on the framebuffer, the same characters the serial console sends.
 * docs/tutorial/12-screen.md. The framebuffer is ordinary RAM that the GPU scans out, not a
 * device register, so drawing into it here is not MMIO; only its allocation and the window
 * offset go through the board's framebuffer device (the mailbox on a Pi). */
#ifndef KERNEL_FBCON_H
#define KERNEL_FBCON_H

#include <stdint.h>

#include "kernel/console/devices.h"

#define FBCON_WIDTH  640u
#define FBCON_HEIGHT 480u

/* Allocates a FBCON_WIDTH x FBCON_HEIGHT x 32 screen (the height rounded down to whole lines
 * of the font), with a buffer twice as high to scroll in, and clears it. Returns 0, or -ERANGE
 * for a font that does not fit, or the framebuffer driver's error; after an error fbcon_putc
 * does nothing. Boot code. */
int fbcon_init(const struct framebuffer_dev *dev);

/* Draws one character at the cursor: '\n' goes to the start of the next line, '\r' to the start
 * of this one, '\b' one column left, '\t' to the next multiple of 8; printable ASCII is drawn,
 * any other byte as the font's replacement glyph. Wraps at the right edge and scrolls up one
 * line at the bottom. Call with IRQs masked (console_write and kprintf do): the cursor and the
 * pixels are shared by every caller. Does nothing without a screen. */
void fbcon_putc(char c);

/* 0 with *fb filled in when the screen is up; otherwise why not: the error fbcon_init returned,
 * -ENOENT before it ran, or the mailbox's error if moving the window failed while scrolling. */
int fbcon_screen(struct framebuffer *fb);

/* The font, generated at build time by scripts/psf2c.py from a Linux console font ($(FONT) in
 * the Makefile) into build/gen/font.c. Glyph g's row y is the font_row_bytes bytes at
 * font_glyphs + (g * font_height + y) * font_row_bytes, the leftmost pixel in the top bit of
 * the first byte. Glyph n (0-255) draws code point n; glyph FONT_GLYPH_REPLACEMENT (U+FFFD, or
 * '?') draws everything else. */
#define FONT_GLYPHS            257u
#define FONT_GLYPH_REPLACEMENT 256u
extern const uint32_t font_width, font_height, font_row_bytes;
extern const uint8_t font_glyphs[];

#endif
