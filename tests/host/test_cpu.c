/* Host tests of src/arch/arm/cpu.c: CPU mode names and what the MIDR decides (which core this
 * is, and so whether mmu_enable may set ACTLR.SMP). QEMU's raspi2b always has a Cortex-A7, so
 * the Pi 2 v1.2's Cortex-A53 is only seen here. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "arch/arm/cpu.h"

#define MIDR_A7_R0P5  0x410FC075u /* Pi 2 v1.0/v1.1 (BCM2836), and QEMU's raspi2b */
#define MIDR_A53_R0P4 0x410FD034u /* Pi 2 v1.2 (BCM2837) */
#define MIDR_A15_R2P2 0x412FC0F2u
#define MIDR_NOT_ARM  0x510FC070u /* another implementer with the same part number */

static void test_a7_sets_actlr_smp(void **state)
{
    (void)state;
    assert_int_equal(cpu_actlr_coherency_bits(MIDR_A7_R0P5), 1u << 6);
    assert_string_equal(cpu_core_name(MIDR_A7_R0P5), "Cortex-A7");
}

static void test_a53_leaves_actlr_alone(void **state)
{
    (void)state;
    /* The A53's coherency bit is CPUECTLR.SMPEN; its ACTLR bit 6 is not SMP. */
    assert_int_equal(cpu_actlr_coherency_bits(MIDR_A53_R0P4), 0);
    assert_string_equal(cpu_core_name(MIDR_A53_R0P4), "Cortex-A53");
}

static void test_other_cores_left_alone(void **state)
{
    (void)state;
    assert_int_equal(cpu_actlr_coherency_bits(MIDR_A15_R2P2), 0);
    assert_int_equal(cpu_actlr_coherency_bits(MIDR_NOT_ARM), 0);
    assert_string_equal(cpu_core_name(MIDR_NOT_ARM), "unknown core");
}

static void test_mode_names(void **state)
{
    (void)state;
    assert_string_equal(cpu_mode_name(0x1DA), "HYP");
    assert_string_equal(cpu_mode_name(0x1D3), "SVC");
    assert_string_equal(cpu_mode_name(0x15), "???");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_a7_sets_actlr_smp),
        cmocka_unit_test(test_a53_leaves_actlr_alone),
        cmocka_unit_test(test_other_cores_left_alone),
        cmocka_unit_test(test_mode_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
