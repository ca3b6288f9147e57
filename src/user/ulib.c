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

int proc_info_at_exit(int pid, struct proc_info *info, uint32_t poll_us)
{
    while (proc_info(pid, info) == 0) {
        if (info->state == PROC_EXITED)
            return 1;
        sleep_us(poll_us);
    }
    return 0;
}
