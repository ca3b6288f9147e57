/* console_write, kprintf's sink: the PL011 driver, echoed on the screen when there is one
 * (src/kernel/console/fbcon.c). */
#include "kernel/console/console.h"

#include "arch/arm/cpu.h"
#include "board/raspi2/bcm2835_uart.h"
#include "kernel/console/fbcon.h"
#include "lib/kprintf.h"

/* The screen is optional: without one fbcon_putc does nothing and the banner says why. */
int console_init(void)
{
    int err = bcm2835_uart_init();
    fbcon_init();
    kprintf_set_sink(console_write);
    return err;
}

static void console_putc(char c)
{
    if (c == '\n')
        bcm2835_uart_putc('\r');
    bcm2835_uart_putc(c);
    fbcon_putc(c);
}

void console_write(const char *s, size_t len)
{
    uint32_t flags = irq_save();
    for (size_t i = 0; i < len; i++)
        console_putc(s[i]);
    irq_restore(flags);
}
