/* Host tests of the board revision decoder (src/kernel/boot/boardrev.c): the Pi 2 codes the
 * Raspberry Pi documentation lists, another model, and an old-style code. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "kernel/boot/boardrev.h"

static void expect(uint32_t rev, int pi2, const char *text)
{
    char buf[96];
    assert_int_equal(boardrev_describe(rev, buf, sizeof buf), pi2);
    assert_string_equal(buf, text);
}

static void test_pi2_codes(void **state)
{
    (void)state;
    expect(0xa01040, 1, "Raspberry Pi 2 Model B v1.0, BCM2836, 1 GB, Sony UK");
    expect(0xa01041, 1, "Raspberry Pi 2 Model B v1.1, BCM2836, 1 GB, Sony UK");
    expect(0xa21041, 1, "Raspberry Pi 2 Model B v1.1, BCM2836, 1 GB, Embest");
    expect(0xa22042, 1, "Raspberry Pi 2 Model B v1.2, BCM2837, 1 GB, Embest");
}

static void test_other_boards(void **state)
{
    (void)state;
    expect(0xa02082, 0, "model 08 (not a Pi 2), BCM2837, 1 GB, Sony UK"); /* a Pi 3 B */
    expect(0x000e, 0, "an old-style revision code (e): not a Pi 2");
    expect(0xfff0ff, 0, "model 0f (not a Pi 2), ?, ?, ?");
    char small[8];
    boardrev_describe(0xa21041, small, sizeof small);
    assert_string_equal(small, "Raspber"); /* cut, and terminated */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pi2_codes),
        cmocka_unit_test(test_other_boards),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
