/* Fuzz target: the ATAGS and DTB readers (src/kernel/boot/bootinfo.c), given max_len bytes
 * exactly: a read past them is an ASan report. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/boot/bootinfo.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* ATAGS and DTBs are word-aligned: give the reader an aligned copy. */
    uint32_t *copy = malloc(size ? (size + 3) & ~(size_t)3 : 4);
    memcpy(copy, data, size);
    struct bootinfo info;
    bootinfo_parse(copy, size, &info);
    if (!memchr(info.cmdline, 0, sizeof info.cmdline))
        abort();
    free(copy);
    return 0;
}
