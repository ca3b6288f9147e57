/* User-side helpers (include/user/pinwheel.h). */
#include <stdarg.h>

#include "lib/kprintf.h"
#include "user/pinwheel.h"

int uprintf(const char *fmt, ...)
{
    char buf[256];
    va_list ap;
    va_start(ap, fmt);
    int n = kvsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n > (int)sizeof buf - 1)
        n = sizeof buf - 1;
    return write(buf, (uint32_t)n);
}
