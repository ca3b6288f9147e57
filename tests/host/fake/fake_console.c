/* Host stand-in for src/kernel/console/console.c: kprintf output is kept for tests to inspect. */
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

int kprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = kvformat(capture, NULL, fmt, ap);
    va_end(ap);
    return n;
}

void console_write(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        capture(s[i], NULL);
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
