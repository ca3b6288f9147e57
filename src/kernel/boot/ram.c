/* ram_choose (include/kernel/boot/ram.h). */
#include "kernel/boot/ram.h"

struct ram_choice ram_choose(uint64_t info_base, uint64_t info_size, int mbox_err,
                             uint32_t arm_base, uint32_t arm_size)
{
    int mbox = !mbox_err && arm_size;
    uint64_t arm_end = (uint64_t)arm_base + arm_size;
    if (!info_size) {
        if (mbox)
            return (struct ram_choice){arm_base, arm_size,
                                       "from the firmware's mailbox: the boot info had none"};
        return (struct ram_choice){0, KERNEL_DEFAULT_MEM, "default: none reported"};
    }
    if (mbox && info_base < arm_end && info_base + info_size > arm_end)
        return (struct ram_choice){info_base, arm_end - info_base,
                                   "cut to the ARM's share the firmware's mailbox reports"};
    return (struct ram_choice){info_base, info_size, 0};
}
