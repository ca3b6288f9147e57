/* Host tests of src/kernel/boot/cmdline.c: known keys, overrides, and every kind of bad word. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "kernel/boot/cmdline.h"

static char reports[1024];

static void collect(void *ctx, const char *word, int len, const char *problem)
{
    (void)ctx;
    size_t used = strlen(reports);
    snprintf(reports + used, sizeof reports - used, "[%.*s: %s]", len, word, problem);
}

static int parse(const char *line, struct boot_config *cfg)
{
    reports[0] = '\0';
    return cmdline_parse(line, cfg, collect, NULL);
}

static void test_empty_and_null(void **state)
{
    (void)state;
    struct boot_config cfg;
    assert_int_equal(parse("", &cfg), 0);
    assert_int_equal(parse("   \t \n", &cfg), 0);
    assert_int_equal(cmdline_parse(NULL, &cfg, collect, NULL), 0);
    assert_string_equal(cfg.demo, "");
    assert_int_equal(cfg.has_exit, 0);
}

static void test_firmware_words_are_known_and_quiet(void **state)
{
    (void)state;
    struct boot_config cfg;
    /* What the Pi 2's firmware passes, then a copied Raspberry Pi OS cmdline.txt's words. */
    const char *line =
        "coherent_pool=1M 8250.nr_uarts=0 bcm2708_fb.fbwidth=656 bcm2708_fb.fbheight=416 "
        "dma.dmachans=0x7f35 bcm2709.boardrev=0xa21041 bcm2709.serial=0x1234abcd "
        "bcm2709.uart_clock=48000000 smsc95xx.macaddr=B8:27:EB:00:00:01 "
        "vc_mem.mem_base=0x3ec00000 vc_mem.mem_size=0x40000000 console=ttyAMA0,115200 "
        "console=tty1 root=PARTUUID=1234-02 rootfstype=ext4 fsck.repair=yes rootwait quiet "
        "demo=tick";
    assert_int_equal(cmdline_parse(line, &cfg, NULL, NULL), 0);
    assert_int_equal(cfg.firmware_words, 18);
    assert_true(cfg.has_boardrev && cfg.has_serial);
    assert_int_equal(cfg.boardrev, 0xa21041);
    assert_int_equal(cfg.serial, 0x1234abcd);
    assert_string_equal(cfg.demo, "tick");
    /* Look-alikes are still unknown: a prefix must match whole, a word must match exactly. */
    assert_int_equal(
        cmdline_parse("bcm2709boardrev=1 consoles=1 rootwaitx dmachans=3", &cfg, NULL, NULL), 4);
}

static void test_known_words(void **state)
{
    (void)state;
    struct boot_config cfg;
    assert_int_equal(parse("  demo=tick\ttest=boot,irq exit=1500 ", &cfg), 0);
    assert_string_equal(cfg.demo, "tick");
    assert_string_equal(cfg.test, "boot,irq");
    assert_int_equal(cfg.has_exit, 1);
    assert_int_equal(cfg.exit_ms, 1500);
    assert_string_equal(reports, "");
}

static void test_exit_range(void **state)
{
    (void)state;
    struct boot_config cfg;
    assert_int_equal(parse("exit=0", &cfg), 0);
    assert_int_equal(cfg.has_exit, 1);
    assert_int_equal(cfg.exit_ms, 0);
    assert_int_equal(parse("exit=4294967295", &cfg), 0);
    assert_int_equal(cfg.exit_ms, 4294967295u);
    assert_int_equal(parse("exit=4294967296", &cfg), 1);
    assert_int_equal(cfg.has_exit, 0);
    assert_string_equal(reports, "[exit=4294967296: value out of range (at most 4294967295)]");
    assert_int_equal(parse("exit=99999999999999999999999", &cfg), 1);
}

static void test_later_word_wins_bad_word_keeps_earlier(void **state)
{
    (void)state;
    struct boot_config cfg;
    assert_int_equal(parse("demo=tick demo=timers exit=5 exit=x7", &cfg), 1);
    assert_string_equal(cfg.demo, "timers");
    assert_int_equal(cfg.exit_ms, 5);
    assert_int_equal(parse("demo=timers demo=ab$c", &cfg), 1);
    assert_string_equal(cfg.demo, "timers");
}

static void test_bad_words_reported(void **state)
{
    (void)state;
    struct boot_config cfg;
    assert_int_equal(parse("bogus foo=bar exit= demo= exit=-1 =x test=a/b", &cfg), 7);
    assert_int_equal(cfg.errors, 7);
    assert_string_equal(reports,
                        "[bogus: unknown word (expected key=value)]"
                        "[foo=bar: unknown key]"
                        "[exit=: empty value]"
                        "[demo=: empty value]"
                        "[exit=-1: value is not a whole number of milliseconds]"
                        "[=x: unknown key]"
                        "[test=a/b: value may only hold letters, digits, '_', '-' and ',']");
}

static void test_key_prefixes_do_not_match(void **state)
{
    (void)state;
    struct boot_config cfg;
    assert_int_equal(parse("dem=tick demox=tick exitx=1 tes=all", &cfg), 4);
    assert_string_equal(cfg.demo, "");
}

static void test_name_too_long(void **state)
{
    (void)state;
    struct boot_config cfg;
    char line[200] = "demo=";
    memset(line + 5, 'a', CMDLINE_NAME_MAX);
    line[5 + CMDLINE_NAME_MAX] = '\0';
    assert_int_equal(parse(line, &cfg), 1);
    assert_string_equal(cfg.demo, "");
    line[5 + CMDLINE_NAME_MAX - 1] = '\0';
    assert_int_equal(parse(line, &cfg), 0);
    assert_int_equal(strlen(cfg.demo), CMDLINE_NAME_MAX - 1);
}

static void test_quantum_words(void **state)
{
    (void)state;
    struct boot_config cfg;
    assert_int_equal(parse("quantum=20", &cfg), 0);
    assert_int_equal(cfg.quantum_us, 20000);
    assert_int_equal(parse("quantum_us=250", &cfg), 0);
    assert_int_equal(cfg.quantum_us, 250);
    assert_int_equal(parse("quantum=0 quantum=10001 quantum_us=99 quantum=1x", &cfg), 4);
    assert_int_equal(cfg.quantum_us, 0);
    assert_string_equal(reports, "[quantum=0: time slice out of range (0.1 ms to 10 s)]"
                                 "[quantum=10001: time slice out of range (0.1 ms to 10 s)]"
                                 "[quantum_us=99: time slice out of range (0.1 ms to 10 s)]"
                                 "[quantum=1x: value is not a whole number of milliseconds]");
    assert_int_equal(parse("quantum=10000", &cfg), 0);
    assert_int_equal(cfg.quantum_us, 10000000);
}

static void test_mem_word(void **state)
{
    (void)state;
    struct boot_config cfg;
    assert_int_equal(parse("mem=16", &cfg), 0);
    assert_int_equal(cfg.mem_mib, 16);
    assert_int_equal(parse("mem=4095", &cfg), 0);
    assert_int_equal(cfg.mem_mib, 4095);
    assert_int_equal(parse("mem=15 mem=4096 mem=64M mem=", &cfg), 4);
    assert_int_equal(cfg.mem_mib, 0);
    assert_string_equal(reports, "[mem=15: memory out of range (16 to 4095 MiB)]"
                                 "[mem=4096: memory out of range (16 to 4095 MiB)]"
                                 "[mem=64M: value is not a whole number of MiB]"
                                 "[mem=: empty value]");
}

static void test_lab_words(void **state)
{
    (void)state;
    struct boot_config cfg;
    assert_int_equal(parse("sched=stride scenario=cpu-mix procs=cpu:1+tickets=200,burst:2", &cfg),
                     0);
    assert_string_equal(cfg.sched, "stride");
    assert_string_equal(cfg.scenario, "cpu-mix");
    assert_string_equal(cfg.procs, "cpu:1+tickets=200,burst:2");
    assert_int_equal(parse("procs=periodic:2@20ms/5ms", &cfg), 0);
    assert_string_equal(cfg.procs, "periodic:2@20ms/5ms");
    assert_int_equal(parse("procs=cpu;2 sched=r:r", &cfg), 2);
    assert_string_equal(reports,
                        "[procs=cpu;2: value may only hold letters, digits and _ - , : @ / + =]"
                        "[sched=r:r: value may only hold letters, digits, '_', '-' and ',']");
}

/* seed= and calls= (test=fuzz): any decimal below 2^32, flagged when given. */
static void test_fuzz_words(void **state)
{
    (void)state;
    struct boot_config cfg;
    assert_int_equal(parse("test=fuzz", &cfg), 0);
    assert_int_equal(cfg.has_seed, 0);
    assert_int_equal(cfg.has_calls, 0);
    assert_int_equal(parse("test=fuzz seed=0 calls=100000", &cfg), 0);
    assert_int_equal(cfg.has_seed, 1);
    assert_int_equal(cfg.seed, 0);
    assert_int_equal(cfg.has_calls, 1);
    assert_int_equal(cfg.calls, 100000);
    assert_int_equal(parse("test=fuzz seed=4294967295", &cfg), 0);
    assert_int_equal(cfg.seed, 4294967295u);
    assert_int_equal(parse("seed=4294967296 calls=12x calls= seeds=1", &cfg), 4);
    assert_int_equal(cfg.has_seed, 0);
    assert_int_equal(cfg.has_calls, 0);
    assert_string_equal(reports, "[seed=4294967296: value out of range (at most 4294967295)]"
                                 "[calls=12x: value is not a whole number]"
                                 "[calls=: empty value][seeds=1: unknown key]");
}

/* seed=, calls=, seconds= and inject= on a command line that runs no suite reading them are
 * reported, not silently ignored; test=all, or the suite among others, reads them. */
static void test_suite_words_without_their_suite(void **state)
{
    (void)state;
    struct boot_config cfg;
    assert_int_equal(parse("seed=3 calls=10 seconds=5 inject=early", &cfg), 4);
    assert_string_equal(reports, "[seed=: read only by test=fuzz and test=soak, and neither runs: "
                                 "ignored][calls=: read only by test=fuzz, which does not run: "
                                 "ignored][seconds=: read only by test=soak, which does not run: "
                                 "ignored][inject=: read only by test=soak, which does not run: "
                                 "ignored]");
    assert_int_equal(parse("test=timer,fuzzy seed=3", &cfg), 1);
    assert_int_equal(parse("test=timer,soak seed=3 seconds=5 calls=1", &cfg), 1);
    assert_string_equal(reports, "[calls=: read only by test=fuzz, which does not run: ignored]");
    assert_int_equal(parse("test=all seed=3 calls=10 seconds=5 inject=lost", &cfg), 0);
    assert_int_equal(parse("test=fuzz,timer calls=10", &cfg), 0);
}

/* seconds= and inject= (test=soak): a count below 2^32, flagged when given, and a name. */
static void test_soak_words(void **state)
{
    (void)state;
    struct boot_config cfg;
    assert_int_equal(parse("test=soak", &cfg), 0);
    assert_int_equal(cfg.has_seconds, 0);
    assert_string_equal(cfg.inject, "");
    assert_int_equal(parse("test=soak seconds=600 seed=7 inject=early", &cfg), 0);
    assert_int_equal(cfg.has_seconds, 1);
    assert_int_equal(cfg.seconds, 600);
    assert_int_equal(cfg.seed, 7);
    assert_string_equal(cfg.inject, "early");
    assert_int_equal(parse("seconds=1.5 inject=a/b", &cfg), 2);
    assert_int_equal(cfg.has_seconds, 0);
    assert_string_equal(reports, "[seconds=1.5: value is not a whole number]"
                                 "[inject=a/b: value may only hold letters, digits, '_', '-' and "
                                 "',']");
}

/* qemu= (the QEMU signal qemu.sh adds), led= (the heartbeat) and panic= (seconds to a reset). */
static void test_qemu_led_panic_words(void **state)
{
    (void)state;
    struct boot_config cfg;
    assert_int_equal(parse("exit=0", &cfg), 0);
    assert_int_equal(cfg.qemu, 0);
    assert_int_equal(cfg.has_led, 0);
    assert_int_equal(cfg.panic_s, 0);
    assert_int_equal(parse("qemu=1 led=off panic=10", &cfg), 0);
    assert_int_equal(cfg.qemu, 1);
    assert_int_equal(cfg.has_led, 1);
    assert_int_equal(cfg.led, 0);
    assert_int_equal(cfg.panic_s, 10);
    /* qemu.sh puts qemu=1 first: a later qemu=0 makes a board-like boot. */
    assert_int_equal(parse("qemu=1 led=on qemu=0 panic=3600", &cfg), 0);
    assert_int_equal(cfg.qemu, 0);
    assert_int_equal(cfg.led, 1);
    assert_int_equal(cfg.panic_s, 3600);
    assert_int_equal(parse("led=1 qemu=off", &cfg), 0);
    assert_int_equal(cfg.led, 1);
    assert_int_equal(cfg.qemu, 0);
    assert_int_equal(parse("qemu=yes led=blink panic=3601 panic=-1 led=", &cfg), 5);
    assert_int_equal(cfg.qemu, 0);
    assert_int_equal(cfg.has_led, 0);
    assert_int_equal(cfg.panic_s, 0);
    assert_string_equal(reports, "[qemu=yes: value must be on, off, 1 or 0]"
                                 "[led=blink: value must be on, off, 1 or 0]"
                                 "[panic=3601: value out of range (0 to 3600 seconds)]"
                                 "[panic=-1: value is not a whole number of seconds]"
                                 "[led=: empty value]");
}

static void test_no_report_callback(void **state)
{
    (void)state;
    struct boot_config cfg;
    assert_int_equal(cmdline_parse("bogus exit=3", &cfg, NULL, NULL), 1);
    assert_int_equal(cfg.exit_ms, 3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_empty_and_null),
        cmocka_unit_test(test_known_words),
        cmocka_unit_test(test_firmware_words_are_known_and_quiet),
        cmocka_unit_test(test_exit_range),
        cmocka_unit_test(test_later_word_wins_bad_word_keeps_earlier),
        cmocka_unit_test(test_bad_words_reported),
        cmocka_unit_test(test_key_prefixes_do_not_match),
        cmocka_unit_test(test_name_too_long),
        cmocka_unit_test(test_quantum_words),
        cmocka_unit_test(test_mem_word),
        cmocka_unit_test(test_lab_words),
        cmocka_unit_test(test_fuzz_words),
        cmocka_unit_test(test_soak_words),
        cmocka_unit_test(test_suite_words_without_their_suite),
        cmocka_unit_test(test_qemu_led_panic_words),
        cmocka_unit_test(test_no_report_callback),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
