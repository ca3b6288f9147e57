/* Host tests of src/lib/kprintf.c: every conversion, flags, widths, 64-bit values, truncation. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "lib/kprintf.h"

#define CHECK(expected, ...)                                                                       \
    do {                                                                                           \
        char buf_[128];                                                                            \
        int n_ = ksnprintf(buf_, sizeof buf_, __VA_ARGS__);                                        \
        assert_string_equal(buf_, expected);                                                       \
        assert_int_equal(n_, strlen(expected));                                                    \
    } while (0)

static void test_plain_and_percent(void **state)
{
    (void)state;
    CHECK("", "%s", "");
    CHECK("hello", "hello");
    CHECK("100%", "100%%");
    CHECK("50% done", "%d%% done", 50);
}

static void test_signed(void **state)
{
    (void)state;
    CHECK("0", "%d", 0);
    CHECK("-42 17", "%d %i", -42, 17);
    CHECK("2147483647", "%d", 2147483647);
    CHECK("-2147483648", "%d", (int)(-2147483647 - 1));
    CHECK("-9223372036854775808", "%lld", (long long)INT64_MIN);
    CHECK("9223372036854775807", "%lli", (long long)INT64_MAX);
    CHECK("-5", "%ld", -5L);
}

static void test_unsigned_and_hex(void **state)
{
    (void)state;
    CHECK("4294967295", "%u", 4294967295u);
    CHECK("18446744073709551615", "%llu", (unsigned long long)UINT64_MAX);
    CHECK("deadbeef DEADBEEF", "%x %X", 0xdeadbeefu, 0xdeadbeefu);
    CHECK("123456789abcdef0", "%llx", 0x123456789abcdef0ull);
    CHECK("0", "%x", 0u);
    CHECK("ffffffff", "%lx", 0xfffffffful);
}

static void test_width_and_flags(void **state)
{
    (void)state;
    CHECK("   42", "%5d", 42);
    CHECK("42   |", "%-5d|", 42);
    CHECK("00042", "%05d", 42);
    CHECK("-0042", "%05d", -42);
    CHECK("  -42", "%5d", -42);
    CHECK("0000beef", "%08x", 0xbeefu);
    CHECK("123456", "%3d", 123456);
    CHECK("  abc|abc  |", "%5s|%-5s|", "abc", "abc");
    CHECK("    x", "%5c", 'x');
    CHECK("00000000001099511627776", "%023llu", 1099511627776ull);
}

/* The next two tests hand the formatter what the compiler's format check rejects on purpose. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat"
#pragma GCC diagnostic ignored "-Wformat-overflow"
#pragma GCC diagnostic ignored "-Wformat-extra-args"
static void test_char_string_pointer(void **state)
{
    (void)state;
    CHECK("a-Z", "%c-%c", 'a', 'Z');
    CHECK("(null)", "%s", (char *)NULL);
    CHECK("   ab", "%05s", "ab"); /* '0' does not apply to strings */
    CHECK("0x1000", "%p", (void *)0x1000);
    CHECK("0x0", "%p", (void *)0);
    CHECK("0x00001000", "%010p", (void *)0x1000);
}

static void test_malformed_formats_are_visible(void **state)
{
    (void)state;
    CHECK("%q", "%q");
    CHECK("trailing %", "trailing %");
}

#pragma GCC diagnostic pop

static void test_truncation(void **state)
{
    (void)state;
    char buf[8];
    memset(buf, 'x', sizeof buf);
    int n = ksnprintf(buf, sizeof buf, "%s=%d", "answer", 42);
    assert_int_equal(n, 9); /* the length it would have had */
    assert_string_equal(buf, "answer=");
    n = ksnprintf(buf, 1, "abc");
    assert_int_equal(n, 3);
    assert_string_equal(buf, "");
    buf[0] = 'q';
    n = ksnprintf(buf, 0, "abc");
    assert_int_equal(n, 3);
    assert_int_equal(buf[0], 'q'); /* size 0: nothing written */
    n = ksnprintf(buf, sizeof buf, "1234567");
    assert_int_equal(n, 7);
    assert_string_equal(buf, "1234567");
}

static void count_out(char c, void *ctx)
{
    (void)c;
    (*(int *)ctx)++;
}

static int vcount(const char *fmt, ...)
{
    int calls = 0;
    va_list ap;
    va_start(ap, fmt);
    int n = kvformat(count_out, &calls, fmt, ap);
    va_end(ap);
    assert_int_equal(n, calls);
    return n;
}

static void test_kvformat_counts_characters(void **state)
{
    (void)state;
    assert_int_equal(vcount("%llu-%s", 12345678901ull, "ab"), 14);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain_and_percent),
        cmocka_unit_test(test_signed),
        cmocka_unit_test(test_unsigned_and_hex),
        cmocka_unit_test(test_width_and_flags),
        cmocka_unit_test(test_char_string_pointer),
        cmocka_unit_test(test_malformed_formats_are_visible),
        cmocka_unit_test(test_truncation),
        cmocka_unit_test(test_kvformat_counts_characters),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
