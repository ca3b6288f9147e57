/* Host tests of the kernel's map (src/kernel/mm/vm_kmap.c, with the real descriptor builders of
 * src/arch/arm/mmu_desc.c): every MiB of the peripherals (0x3F000000) and of the BCM2836 local
 * block (0x40000000) is device memory, never executable, kernel-only. QEMU treats normal and
 * device mappings of its devices alike, so only these descriptors show the difference. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "arch/arm/mmu.h"
#include "board/raspi2/peripherals.h"
#include "kernel/mm/vm_kmap.h"

#define RAM_END 0x3C000000u /* what QEMU's ATAGS and a 1 GB board's firmware report */

static uint32_t l1[MMU_L1_ENTRIES];

/* The fields of a section descriptor (short-descriptor format, ARM ARM B3.5.1). */
static uint32_t tex_c_b(uint32_t d)
{
    return ((d >> L1_SECT_TEX_SHIFT) & 7) << 2 | (d & L1_SECT_C ? 2 : 0) | (d & L1_SECT_B ? 1 : 0);
}
static uint32_t ap(uint32_t d)
{
    return (d & L1_SECT_AP2 ? 4 : 0) | ((d >> 10) & 3);
}

#define TCB_DEVICE   0x01u /* TEX 000, C 0, B 1: shareable device */
#define TCB_NORMAL   0x07u /* TEX 001, C 1, B 1: normal, write-back write-allocate */
#define TCB_UNCACHED 0x04u /* TEX 001, C 0, B 0: normal, non-cacheable */
#define AP_KERNEL_RW 1u    /* AP[2] 0, AP[1:0] 01 */

static int setup(void **state)
{
    (void)state;
    for (uint32_t i = 0; i < MMU_L1_ENTRIES; i++)
        l1[i] = 0xFFFFFFFFu; /* whatever RAM held: the builder must write every entry */
    vm_kmap_build(l1, RAM_END);
    return 0;
}

static void test_peripherals_are_device_xn(void **state)
{
    (void)state;
    for (uint32_t mb = PERIPHERAL_BASE >> 20; mb < VM_KMAP_LOCAL_END >> 20; mb++) {
        uint32_t d = l1[mb];
        assert_int_equal(d & 3, L1_TYPE_SECTION);
        assert_int_equal(d >> 20, mb); /* identity */
        assert_int_equal(tex_c_b(d), TCB_DEVICE);
        assert_true(d & L1_SECT_XN);
        assert_int_equal(ap(d), AP_KERNEL_RW);
        assert_false(d & L1_SECT_NG);
    }
    /* The local block, where the core mailboxes and the GPU interrupt routing live. */
    assert_int_equal(tex_c_b(l1[LOCAL_BASE >> 20]), TCB_DEVICE);
    assert_true(l1[LOCAL_BASE >> 20] & L1_SECT_XN);
}

static void test_nothing_above_the_local_block(void **state)
{
    (void)state;
    for (uint32_t mb = VM_KMAP_LOCAL_END >> 20; mb < MMU_L1_ENTRIES; mb++)
        assert_int_equal(l1[mb], 0);
}

static void test_ram_normal_cached(void **state)
{
    (void)state;
    for (uint32_t mb = 0; mb < RAM_END >> 20; mb++) {
        assert_int_equal(tex_c_b(l1[mb]), TCB_NORMAL);
        assert_true(l1[mb] & L1_SECT_S);
        assert_false(l1[mb] & L1_SECT_XN);
        assert_int_equal(ap(l1[mb]), AP_KERNEL_RW);
    }
}

static void test_gpu_memory_uncached_xn(void **state)
{
    (void)state;
    for (uint32_t mb = RAM_END >> 20; mb < PERIPHERAL_BASE >> 20; mb++) {
        assert_int_equal(tex_c_b(l1[mb]), TCB_UNCACHED);
        assert_true(l1[mb] & L1_SECT_XN);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_peripherals_are_device_xn, setup),
        cmocka_unit_test_setup(test_nothing_above_the_local_block, setup),
        cmocka_unit_test_setup(test_ram_normal_cached, setup),
        cmocka_unit_test_setup(test_gpu_memory_uncached_xn, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
