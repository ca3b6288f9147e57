/* How much RAM the kernel uses, from what the boot information and the firmware's mailbox say.
 * Pure, host-tested (tests/host/test_ram.c). */
#ifndef KERNEL_BOOT_RAM_H
#define KERNEL_BOOT_RAM_H

#include <stdint.h>

/* RAM assumed when nothing reports any: every Pi 2 has at least this for the ARM whatever the
 * GPU memory split. */
#define KERNEL_DEFAULT_MEM (256u << 20)

struct ram_choice {
    uint64_t base, size;
    const char *note; /* NULL when the boot information said it all */
};

/* info_size == 0: the ATAGS or DTB reported no memory. mbox_err: 0 when the mailbox answered
 * arm_base/arm_size (the ARM's share, below the VideoCore's). The boot information wins when
 * it has memory, cut to the mailbox's end when it runs past it; without it, the mailbox's
 * answer; without both, KERNEL_DEFAULT_MEM at 0. */
struct ram_choice ram_choose(uint64_t info_base, uint64_t info_size, int mbox_err,
                             uint32_t arm_base, uint32_t arm_size);

#endif
