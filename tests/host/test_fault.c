/* Host tests of the DFSR/IFSR decoding used in fault reports (src/arch/arm/fault_status.c). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "arch/arm/fault_status.h"

static void test_status_field_assembly(void **state)
{
    (void)state;
    assert_int_equal(fsr_status(0x001), 0x01);
    assert_int_equal(fsr_status(0x406), 0x16); /* FS[4] is bit 10 */
    assert_int_equal(fsr_status(0x80d), 0x0d); /* WnR and domain bits are not status */
    assert_int_equal(fsr_status(0x0f0 | 0x5), 0x05);
}

static void test_descriptions(void **state)
{
    (void)state;
    assert_string_equal(fsr_describe(0x001), "alignment fault");
    assert_string_equal(fsr_describe(0x002), "debug event");
    assert_string_equal(fsr_describe(0x005), "translation fault (section)");
    assert_string_equal(fsr_describe(0x007), "translation fault (page)");
    assert_string_equal(fsr_describe(0x80f), "permission fault (page)");
    assert_string_equal(fsr_describe(0x008), "synchronous external abort");
    assert_string_equal(fsr_describe(0x406), "asynchronous external abort");
    assert_string_equal(fsr_describe(0x000), "unknown fault status");
    assert_string_equal(fsr_describe(0x41f), "unknown fault status");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_status_field_assembly),
        cmocka_unit_test(test_descriptions),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
