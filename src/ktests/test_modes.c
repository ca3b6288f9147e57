/* test=modes: the boot-mode table (include/kernel/boot/mode.h) that main.c starts from without
 * naming a mode: every mode is in it, with what it can run, and its text is cut safely. */
#include "kernel/boot/mode.h"
#include "ktests/ktest.h"
#include "lib/string.h"

static char text[4096];

static void every_mode_is_listed(void)
{
    int n = boot_modes_describe(text, sizeof text);
    KT_ASSERT(n > 0 && n < (int)sizeof text);
    KT_ASSERT_EQ(strlen(text), n);
    static const char *const words[] = {"test=SUITE", "bench=NAME", "scenario=NAME", "demo=NAME",
                                        "(no word)"};
    for (unsigned i = 0; i < sizeof words / sizeof words[0]; i++)
        KT_ASSERT(strstr(text, words[i]) != 0);
}

static void modes_list_what_they_run(void)
{
    boot_modes_describe(text, sizeof text);
    /* A demo, a suite, a benchmark and a scenario, each from its own module's table. */
    static const char *const entries[] = {"      tick ", "      modes ", "      timer ",
                                          "      cpu-mix "};
    for (unsigned i = 0; i < sizeof entries / sizeof entries[0]; i++)
        KT_ASSERT(strstr(text, entries[i]) != 0);
    /* The modes start in table order: tests first, the shell (the default) last. */
    KT_ASSERT(strstr(text, "test=") < strstr(text, "bench="));
    KT_ASSERT(strstr(text, "demo=") < strstr(text, "(no word)"));
}

static void text_is_cut_to_the_buffer(void)
{
    char small[17];
    for (unsigned i = 0; i < sizeof small; i++)
        small[i] = 'x';
    int n = boot_modes_describe(small, 16);
    KT_ASSERT_EQ(n, 15);
    KT_ASSERT_EQ(small[15], '\0');
    KT_ASSERT_EQ(small[16], 'x');
    small[0] = 'y';
    KT_ASSERT_EQ(boot_modes_describe(small, 0), 0);
    KT_ASSERT_EQ(small[0], 'y'); /* size 0: not a byte written */
}

KTEST_SUITE(ktest_modes, 45, "modes", {"every_mode_is_listed", every_mode_is_listed},
            {"modes_list_what_they_run", modes_list_what_they_run},
            {"text_is_cut_to_the_buffer", text_is_cut_to_the_buffer});
