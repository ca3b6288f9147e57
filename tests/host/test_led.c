/* bcm2835_led.c against a fake register file: GPIO 47's function bits in GPFSEL4 are set without
 * disturbing the nine other pins of that register, and lighting or dimming the LED is one write of
 * bit 15 to GPSET1 or GPCLR1, never a read-modify-write. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "arch/arm/mmio.h"
#include "board/raspi2/bcm2835_led.h"
#include "board/raspi2/peripherals.h"

#define GPFSEL4 (GPIO_BASE + 0x10)
#define GPSET1  (GPIO_BASE + 0x20)
#define GPCLR1  (GPIO_BASE + 0x2c)
#define GPLEV1  (GPIO_BASE + 0x38)

static int writes;
static uintptr_t last_addr;
static uint32_t last_value;

static int count_write(uintptr_t addr, uint32_t value)
{
    writes++;
    last_addr = addr;
    last_value = value;
    return 0; /* the plain register file stores it too */
}

static int setup(void **state)
{
    (void)state;
    fake_mmio_reset();
    fake_mmio_hooks(NULL, count_write);
    writes = 0;
    return 0;
}

static void test_init_sets_only_gpio47_to_output(void **state)
{
    (void)state;
    /* Every other pin of GPFSEL4 in some function, GPIO 47 in ALT5 (111). */
    fake_mmio_set(GPFSEL4, 0x3fffffffu);
    bcm2835_led_init();
    assert_int_equal(fake_mmio_get(GPFSEL4), (0x3fffffffu & ~(7u << 21)) | (1u << 21));
    assert_true(bcm2835_led_is_output());
    fake_mmio_set(GPFSEL4, 0);
    assert_false(bcm2835_led_is_output());
    bcm2835_led_init();
    assert_int_equal(fake_mmio_get(GPFSEL4), 1u << 21);
}

static void test_set_is_one_write_of_bit_15(void **state)
{
    (void)state;
    bcm2835_led_set(1);
    assert_int_equal(writes, 1);
    assert_int_equal(last_addr, GPSET1);
    assert_int_equal(last_value, 1u << 15);
    assert_int_equal(fake_mmio_reads(GPSET1), 0);
    bcm2835_led_set(0);
    assert_int_equal(writes, 2);
    assert_int_equal(last_addr, GPCLR1);
    assert_int_equal(last_value, 1u << 15);
    assert_int_equal(fake_mmio_reads(GPCLR1), 0);
}

static void test_get_reads_gplev1_bit_15(void **state)
{
    (void)state;
    fake_mmio_set(GPLEV1, ~(1u << 15));
    assert_int_equal(bcm2835_led_get(), 0);
    fake_mmio_set(GPLEV1, 1u << 15);
    assert_int_equal(bcm2835_led_get(), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_init_sets_only_gpio47_to_output, setup),
        cmocka_unit_test_setup(test_set_is_one_write_of_bit_15, setup),
        cmocka_unit_test_setup(test_get_reads_gplev1_bit_15, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
