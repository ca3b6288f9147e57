/* ram_choose: the boot information's RAM, the firmware mailbox's, or the default. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "kernel/boot/ram.h"

#define MIB (1u << 20)

static void test_boot_info_wins_when_it_agrees(void **state)
{
    (void)state;
    struct ram_choice c = ram_choose(0, 960 * MIB, 0, 0, 960 * MIB);
    assert_int_equal(c.base, 0);
    assert_int_equal(c.size, 960 * MIB);
    assert_null(c.note);
    c = ram_choose(0, 512 * MIB, -5, 0, 0); /* no mailbox answer: the ATAGS alone */
    assert_int_equal(c.size, 512 * MIB);
    assert_null(c.note);
}

/* An ELF boot has no ATAGS: the mailbox says how much. */
static void test_mailbox_when_the_boot_info_has_none(void **state)
{
    (void)state;
    struct ram_choice c = ram_choose(0, 0, 0, 0, 948 * MIB);
    assert_int_equal(c.base, 0);
    assert_int_equal(c.size, 948 * MIB);
    assert_string_equal(c.note, "from the firmware's mailbox: the boot info had none");
}

static void test_default_when_nothing_answers(void **state)
{
    (void)state;
    struct ram_choice c = ram_choose(0, 0, -110, 0, 0);
    assert_int_equal(c.size, KERNEL_DEFAULT_MEM);
    assert_string_equal(c.note, "default: none reported");
    c = ram_choose(0, 0, 0, 0, 0); /* an answer of 0 bytes is no answer */
    assert_int_equal(c.size, KERNEL_DEFAULT_MEM);
}

/* A device tree written for 1 GiB on a board whose GPU took 64 MiB: the VideoCore's memory
 * above the ARM's share must never become pages. */
static void test_cut_to_the_arm_share(void **state)
{
    (void)state;
    struct ram_choice c = ram_choose(0, 1024 * MIB, 0, 0, 960 * MIB);
    assert_int_equal(c.base, 0);
    assert_int_equal(c.size, 960 * MIB);
    assert_string_equal(c.note, "cut to the ARM's share the firmware's mailbox reports");
    /* Less than the ARM's share is the boot information's choice: kept. */
    c = ram_choose(0, 256 * MIB, 0, 0, 960 * MIB);
    assert_int_equal(c.size, 256 * MIB);
    assert_null(c.note);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_boot_info_wins_when_it_agrees),
        cmocka_unit_test(test_mailbox_when_the_boot_info_has_none),
        cmocka_unit_test(test_default_when_nothing_answers),
        cmocka_unit_test(test_cut_to_the_arm_share),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
