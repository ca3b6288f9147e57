/* What the loader told us in r2: ATAGS (firmware and QEMU's raw-image loader) or a flattened
 * device tree (firmware with a .dtb on the card). Pure parsing: no MMIO, host-tested. */
#ifndef KERNEL_BOOTINFO_H
#define KERNEL_BOOTINFO_H

#include <stddef.h>
#include <stdint.h>

#define BOOTINFO_CMDLINE_MAX 1024

enum bootinfo_source {
    BOOTINFO_NONE = 0, /* neither ATAGS nor a DTB at r2: defaults apply */
    BOOTINFO_ATAGS,
    BOOTINFO_DTB,
};

struct bootinfo {
    enum bootinfo_source source;
    uint64_t mem_base; /* first RAM bank; mem_size == 0 when none was described */
    uint64_t mem_size;
    int has_cmdline;
    int cmdline_truncated; /* longer than BOOTINFO_CMDLINE_MAX - 1: cut, and said so */
    char cmdline[BOOTINFO_CMDLINE_MAX];
    const char *error; /* static text saying what was malformed, or NULL */
};

/* Parses the blob at p, reading at most max_len bytes. Returns 0 when p holds valid ATAGS or a
 * valid DTB (out->source says which), -ENOENT when it holds neither (out->source = NONE), and
 * -EINVAL when it starts like one but is malformed (out->error says how; whatever was read
 * before the fault is kept). Never reads outside [p, p + max_len). */
int bootinfo_parse(const void *p, size_t max_len, struct bootinfo *out);

const char *bootinfo_source_name(enum bootinfo_source source);

#endif
