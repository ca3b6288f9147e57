/* Fuzz target: the kernel command line (src/kernel/boot/cmdline.c). Any bytes, NUL-terminated
 * as the boot code hands them over; every rejected word must be reported, and the result must
 * stay within its fields. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/boot/cmdline.h"

static int reported;

static void count(void *ctx, const char *word, int len, const char *problem)
{
    (void)ctx;
    if (len <= 0 || !word || !problem || !problem[0])
        abort(); /* a report must name a word and a problem */
    reported++;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *line = malloc(size + 1);
    memcpy(line, data, size);
    line[size] = '\0';
    struct boot_config cfg;
    reported = 0;
    int errors = cmdline_parse(line, &cfg, count, 0);
    if (errors != reported || errors != cfg.errors)
        abort();
    /* Every string field is NUL-terminated inside its array. */
    if (!memchr(cfg.demo, 0, sizeof cfg.demo) || !memchr(cfg.procs, 0, sizeof cfg.procs) ||
        !memchr(cfg.taskset, 0, sizeof cfg.taskset) || !memchr(cfg.sched, 0, sizeof cfg.sched))
        abort();
    free(line);
    return 0;
}
