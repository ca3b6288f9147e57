/* console_write, kprintf's sink: the board's serial line, echoed on the screen when there is
 * one (src/kernel/console/fbcon.c). */
#include "kernel/console/console.h"

#include "arch/arm/cpu.h"
#include "kernel/console/fbcon.h"
#include "lib/kprintf.h"

static const struct serial_dev *serial;

/* The screen is optional: without one fbcon_putc does nothing and the banner says why. */
int console_init(const struct serial_dev *line, const struct framebuffer_dev *fb)
{
    serial = line;
    int err = serial->init();
    fbcon_init(fb);
    kprintf_set_sink(console_write);
    return err;
}

static void console_putc(char c)
{
    if (c == '\n')
        serial->putc('\r');
    serial->putc(c);
    fbcon_putc(c);
}

void console_write(const char *s, size_t len)
{
    uint32_t flags = irq_save();
    for (size_t i = 0; i < len; i++)
        console_putc(s[i]);
    irq_restore(flags);
}
