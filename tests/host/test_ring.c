/* Host tests of the byte ring (include/lib/ring.h): order, full, wrap-around of the counters. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "lib/ring.h"

static void test_fifo_order_and_full(void **state)
{
    (void)state;
    uint8_t storage[8], out[16];
    struct ring r;
    ring_init(&r, storage, sizeof storage);
    for (int i = 0; i < 8; i++)
        assert_int_equal(ring_put(&r, (uint8_t)i), 0);
    assert_true(ring_full(&r));
    assert_int_equal(ring_put(&r, 99), -1);
    assert_int_equal(ring_get(&r, out, 3), 3);
    assert_int_equal(out[0], 0);
    assert_int_equal(out[2], 2);
    assert_int_equal(ring_put(&r, 8), 0);
    assert_int_equal(ring_get(&r, out, 16), 6);
    assert_int_equal(out[0], 3);
    assert_int_equal(out[5], 8);
    assert_int_equal(ring_used(&r), 0);
    assert_int_equal(ring_get(&r, out, 4), 0);
}

static void test_counters_wrap(void **state)
{
    (void)state;
    uint8_t storage[4], out[4];
    struct ring r;
    ring_init(&r, storage, sizeof storage);
    r.head = r.tail = UINT32_MAX - 1; /* the free-running counters overflow on the way */
    for (uint8_t round = 0; round < 10; round++) {
        assert_int_equal(ring_put(&r, round), 0);
        assert_int_equal(ring_put(&r, (uint8_t)(round + 100)), 0);
        assert_int_equal(ring_used(&r), 2);
        assert_int_equal(ring_get(&r, out, 4), 2);
        assert_int_equal(out[0], round);
        assert_int_equal(out[1], round + 100);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fifo_order_and_full),
        cmocka_unit_test(test_counters_wrap),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
