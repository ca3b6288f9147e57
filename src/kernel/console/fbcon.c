/* Text console on the framebuffer: light grey on black in the font of build/gen/font.c
 * (docs/tutorial/12-screen.md).
 *
 * Scrolling moves the display's window instead of the pixels. The buffer is two screens high
 * and every line of text is drawn twice, one screen apart, so the window that starts at line
 * slot `top` always shows whole lines in order. A scroll clears one line and moves the window
 * down a line (back to 0 after the last slot): two lines of pixels written, not the 1.2 MB a
 * copy of the screen moves, which took ~6 ms with IRQs masked in QEMU and made printing slower than
 * the scheduler demo's 1 ms "away" threshold. The framebuffer lies in the GPU's part of memory,
 * which the kernel maps uncached (src/kernel/mm/vm.c): every pixel written goes to RAM, where the
 * display reads it. */
#include "kernel/console/fbcon.h"

#include "arch/arm/fill.h"
#include "lib/errno.h"

#define FBCON_FG  0x00aaaaaau /* light grey: the same word in RGB and BGR pixel order */
#define FBCON_BG  0x00000000u
#define FBCON_TAB 8u
/* QEMU (hw/display/bcm2835_fb.c, fb_use_offsets) applies the virtual offset only when the
 * buffer is wider as well as taller than the display; a board does not mind spare columns. */
#define FBCON_SPARE_COLUMNS 16u

/* Guarded by masking IRQs (every caller does). */
static struct framebuffer screen;
static const struct framebuffer_dev *device;
static int screen_err = -ENOENT; /* 0 while the screen is up */
static uint32_t cols, rows;      /* text cells on the screen */
static uint32_t copy_offset;     /* bytes from a line's first copy to its second */
static uint32_t top;             /* the line slot at the top of the window */
static uint32_t col, row;        /* the cursor; col == cols means "wrap before the next glyph" */

/* The first copy of the pixels of screen line r (its second is copy_offset further on). */
static uintptr_t line_addr(uint32_t r)
{
    uint32_t slot = top + r < rows ? top + r : top + r - rows;
    return screen.base + slot * font_height * screen.pitch;
}

/* Eight pixels, the unit a glyph row is written in: a struct copy of eight words, which GCC
 * turns into two ldm/stm pairs of four registers. The framebuffer is ordinary memory the GPU scans
 * out (not a device register), so plain stores are right, and the profiler's figures for them are
 * what the drawing must cost: bench=console. */
struct pixels8 {
    uint32_t w[8];
};

/* Fills n words from p with value, eight at a time where it can. */
static void fill_words(uint32_t *p, uint32_t n, uint32_t value)
{
    arm_fill_blocks(p, n / 8, value);
    for (uint32_t i = n & ~7u; i < n; i++)
        p[i] = value;
}

/* The pixels of every possible glyph row of a font 8 pixels wide: expand[b] is the row whose
 * bits are b (the leftmost pixel in bit 7). Built at fbcon_init; 8 KiB. Drawing a row is then
 * a copy of 32 bytes, twice, instead of a test, a select and two stores per pixel (1559
 * instructions a glyph before, 137 after: bench=console, docs/performance.md). */
static struct pixels8 expand[256];
static int byte_font; /* font_width == 8: rows drawn from expand[] */

static void build_expand(void)
{
    for (uint32_t b = 0; b < 256; b++)
        for (uint32_t x = 0; x < 8; x++)
            expand[b].w[x] = (b << x) & 0x80u ? FBCON_FG : FBCON_BG;
}

/* Cursor to the start of the next line, scrolling at the bottom. */
static void newline(void)
{
    col = 0;
    if (row + 1 < rows) {
        row++;
        return;
    }
    uintptr_t line = line_addr(0); /* the top line leaves; its slot becomes the bottom line */
    uint32_t words = font_height * screen.pitch / 4;
    fill_words((uint32_t *)line, words, FBCON_BG);
    fill_words((uint32_t *)(line + copy_offset), words, FBCON_BG);
    top = top + 1 < rows ? top + 1 : 0;
    int err = device->set_offset(0, top * font_height);
    if (err)
        screen_err = err; /* the window is stuck: drawing on would be drawing out of sight */
}

/* Draws glyph at the cursor, in both copies of its line, and moves the cursor on. */
static void draw_glyph(uint32_t glyph)
{
    if (col >= cols)
        newline();
    uint32_t width = font_width, pitch = screen.pitch, row_bytes = font_row_bytes;
    const uint8_t *g = font_glyphs + glyph * font_height * row_bytes;
    uintptr_t line = line_addr(row) + col * width * 4;
    if (byte_font) {
        for (uint32_t y = 0; y < font_height; y++, line += pitch) {
            *(struct pixels8 *)line = expand[g[y]];
            *(struct pixels8 *)(line + copy_offset) = expand[g[y]];
        }
    } else {
        for (uint32_t y = 0; y < font_height; y++, g += row_bytes, line += pitch) {
            uint32_t bits = 0; /* the glyph row, leftmost pixel in bit 31 */
            for (uint32_t k = 0; k < row_bytes; k++)
                bits |= (uint32_t)g[k] << (24 - 8 * k);
            uint32_t *p = (uint32_t *)line, *q = (uint32_t *)(line + copy_offset);
            for (uint32_t x = 0; x < width; x++, bits <<= 1) {
                uint32_t v = (bits & 0x80000000u) ? FBCON_FG : FBCON_BG;
                p[x] = v;
                q[x] = v;
            }
        }
    }
    col++;
}

int fbcon_init(const struct framebuffer_dev *dev)
{
    device = dev;
    if (font_width == 0 || font_width > 32 || font_height == 0 || font_height > FBCON_HEIGHT) {
        screen_err = -ERANGE;
        return screen_err;
    }
    uint32_t lines = FBCON_HEIGHT / font_height;
    uint32_t height = lines * font_height; /* no part-line at the bottom */
    struct framebuffer fb;
    int err = dev->init(FBCON_WIDTH, height, FBCON_WIDTH + FBCON_SPARE_COLUMNS, 2 * height, &fb);
    if (err) {
        screen_err = err;
        return err;
    }
    screen = fb;
    cols = fb.width / font_width;
    rows = lines;
    copy_offset = height * fb.pitch;
    top = col = row = 0;
    byte_font = font_width == 8;
    if (byte_font)
        build_expand();
    /* Only the first copy: the window shows a line of the second copy only after that line's
     * slot has scrolled in, and a scroll clears both copies of the slot it brings in. */
    fill_words((uint32_t *)fb.base, height * fb.pitch / 4, FBCON_BG);
    screen_err = 0;
    return 0;
}

void fbcon_putc(char c)
{
    if (screen_err)
        return;
    unsigned char u = (unsigned char)c;
    switch (u) {
    case '\n': newline(); break;
    case '\r': col = 0; break;
    case '\b':
        if (col > 0)
            col--;
        break;
    case '\t':
        do
            draw_glyph(' ');
        while (col % FBCON_TAB && col < cols);
        break;
    default: draw_glyph(u >= 0x20 && u < 0x7f ? u : FONT_GLYPH_REPLACEMENT);
    }
}

int fbcon_screen(struct framebuffer *fb)
{
    if (!screen_err)
        *fb = screen;
    return screen_err;
}
