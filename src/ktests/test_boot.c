/* test=boot: what boot.S and kernel_main set up: boot information, command line, vectors,
 * parked cores, stack guards. */
#include "arch/arm/exception.h"
#include "kernel/boot/setup.h"
#include "ktests/ktest.h"
#include "lib/string.h"

extern uint32_t cores_parked[4];
extern char vectors_start[], vectors_end[];
extern uint32_t __guard_irq[];

static void boot_info_found(void)
{
    KT_ASSERT(boot_info.source != BOOTINFO_NONE);
    KT_ASSERT(boot_info.error == 0);
}

static void memory_size_reported(void)
{
    /* QEMU and the shim both describe 0x3C000000 bytes (960 MiB) of ARM RAM from 0. */
    KT_ASSERT_EQ(boot_info.mem_base, 0);
    KT_ASSERT_EQ(boot_info.mem_size, 0x3C000000);
}

static void command_line_seen(void)
{
    KT_ASSERT(boot_info.has_cmdline);
    KT_ASSERT(strstr(boot_info.cmdline, "test=") != 0);
    KT_ASSERT(boot_config.test[0] != 0);
}

static void vectors_at_zero(void)
{
    /* Compare through a volatile pointer: C may not otherwise read address 0. */
    volatile const uint32_t *zero = (volatile const uint32_t *)0;
    const uint32_t *table = (const uint32_t *)vectors_start;
    unsigned words = (unsigned)(vectors_end - vectors_start) / 4;
    KT_ASSERT_EQ(words, 16);
    for (unsigned i = 0; i < words; i++)
        KT_ASSERT_EQ(zero[i], table[i]);
}

static void secondary_cores_parked(void)
{
    KT_ASSERT_EQ(cores_parked[1], 1);
    KT_ASSERT_EQ(cores_parked[2], 1);
    KT_ASSERT_EQ(cores_parked[3], 1);
}

static void stack_guard_detects_overflow(void)
{
    KT_ASSERT(stack_guards_check() == 0);
    /* Pretend the IRQ stack ran 4 bytes past its bottom: the top word of its guard band. */
    uint32_t *victim = &__guard_irq[255];
    uint32_t saved = *victim;
    *victim = 0;
    const char *which = stack_guards_check();
    *victim = saved;
    KT_ASSERT(which != 0);
    KT_ASSERT(strcmp(which, "IRQ") == 0);
    KT_ASSERT(stack_guards_check() == 0);
}

KTEST_SUITE(ktest_boot, 10, "boot", {"boot_info_found", boot_info_found},
            {"memory_size_reported", memory_size_reported},
            {"command_line_seen", command_line_seen}, {"vectors_at_zero", vectors_at_zero},
            {"secondary_cores_parked", secondary_cores_parked},
            {"stack_guard_detects_overflow", stack_guard_detects_overflow});
