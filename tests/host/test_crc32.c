/* The chainloader's CRC-32 (src/chainload/crc32.c) against the values zlib.crc32 gives, which
 * is what scripts/chainboot.py sends. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "chainload/crc32.h"

static uint32_t crc_of(const void *data, size_t len)
{
    uint32_t crc = CRC32_INIT;
    for (size_t i = 0; i < len; i++)
        crc = crc32_update(crc, ((const uint8_t *)data)[i]);
    return crc32_final(crc);
}

static void test_check_value(void **state)
{
    (void)state;
    assert_int_equal(crc_of("123456789", 9), 0xCBF43926u); /* the standard check value */
}

static void test_empty_and_zero(void **state)
{
    (void)state;
    static const uint8_t zeros[4];
    assert_int_equal(crc_of("", 0), 0);
    assert_int_equal(crc_of(zeros, sizeof zeros), 0x2144DF1Cu); /* zlib.crc32(bytes(4)) */
}

static void test_one_flipped_bit_changes_it(void **state)
{
    (void)state;
    uint8_t buf[256];
    for (int i = 0; i < 256; i++)
        buf[i] = (uint8_t)i;
    uint32_t good = crc_of(buf, sizeof buf);
    assert_int_equal(good, 0x29058C73u); /* zlib.crc32(bytes(range(256))) */
    buf[128] ^= 1;
    assert_int_not_equal(crc_of(buf, sizeof buf), good);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_check_value),
        cmocka_unit_test(test_empty_and_zero),
        cmocka_unit_test(test_one_flipped_bit_changes_it),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
