/* Host stand-in for src/kernel/console/console.c: what kprintf prints is kept for tests to
 * inspect. */
#include "fake_console.h"

#include <stdarg.h>
#include <string.h>

#include "kernel/console/console.h"
#include "lib/kprintf.h"

static char captured[8192];
static size_t used;

static void capture(char c, void *ctx)
{
    (void)ctx;
    if (used + 1 < sizeof captured)
        captured[used++] = c;
    captured[used] = '\0';
}

void console_write(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        capture(s[i], NULL);
}

/* kprintf (src/lib/kprintf.c, linked with the test) prints here from the start. */
__attribute__((constructor)) static void fake_console_attach(void)
{
    kprintf_set_sink(console_write);
}

const char *fake_console_output(void)
{
    return captured;
}

void fake_console_clear(void)
{
    used = 0;
    captured[0] = '\0';
}
