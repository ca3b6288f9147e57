/* Host tests of the IRQ table and dispatcher (src/kernel/irq/irq.c) driving the BCM2835 interrupt
 * controller driver over a fake register block that models its pending/enable/disable rules. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "arch/arm/mmio.h"
#include "board/raspi2/bcm2835_intc.h"
#include "board/raspi2/peripherals.h"
#include "fake_console.h"
#include "kernel/irq/irq.h"
#include "lib/errno.h"

#define PEND_BASIC (INTC_BASE + 0x00)
#define PEND_1     (INTC_BASE + 0x04)
#define PEND_2     (INTC_BASE + 0x08)

/* The model: raw source levels for all 72 lines and the controller's enable bits. Pending 1/2
 * show raw levels (as QEMU does); basic pending shows ARM lines, bits 8/9 and the shortcuts. */
static uint64_t gpu_level, gpu_enable;
static uint32_t arm_level, arm_enable;

static const int shortcut_irq[11] = {7, 9, 10, 18, 19, 53, 54, 55, 56, 57, 62};

static int model_read(uintptr_t addr, uint32_t *v)
{
    uint64_t gpu = gpu_level & gpu_enable;
    if (addr == PEND_BASIC) {
        *v = arm_level & arm_enable;
        uint64_t plain = gpu;
        for (int i = 0; i < 11; i++) {
            if (gpu >> shortcut_irq[i] & 1)
                *v |= 1u << (10 + i);
            plain &= ~(1ull << shortcut_irq[i]);
        }
        if ((uint32_t)plain)
            *v |= 1u << 8;
        if (plain >> 32)
            *v |= 1u << 9;
        return 1;
    }
    if (addr == PEND_1 || addr == PEND_2) {
        *v = (uint32_t)(gpu_level >> (addr == PEND_2 ? 32 : 0));
        return 1;
    }
    return 0;
}

static int model_write(uintptr_t addr, uint32_t v)
{
    unsigned reg = (unsigned)(addr - INTC_BASE);
    if (reg >= 0x10 && reg <= 0x24) {
        int disable = reg >= 0x1C;
        unsigned which = (reg - (disable ? 0x1C : 0x10)) / 4;
        if (which < 2) {
            uint64_t bits = (uint64_t)v << (32 * which);
            gpu_enable = disable ? gpu_enable & ~bits : gpu_enable | bits;
        } else {
            arm_enable = disable ? arm_enable & ~(v & 0xff) : arm_enable | (v & 0xff);
        }
        return 1;
    }
    return 0;
}

static void raise_line(unsigned irq)
{
    if (irq < 64)
        gpu_level |= 1ull << irq;
    else
        arm_level |= 1u << (irq - 64);
}

static void lower_line(unsigned irq)
{
    if (irq < 64)
        gpu_level &= ~(1ull << irq);
    else
        arm_level &= ~(1u << (irq - 64));
}

/* Log of what ran, as "c<irq>" (clearer) and "h<irq>" (handler). */
static char log_buf[512];

static void log_event(char kind, unsigned irq)
{
    size_t n = strlen(log_buf);
    snprintf(log_buf + n, sizeof log_buf - n, "%c%u ", kind, irq);
}

static void clearer(unsigned irq, void *data)
{
    (void)data;
    log_event('c', irq);
    lower_line(irq); /* the device stops asserting once cleared */
}

static void handler(unsigned irq, void *data)
{
    assert_ptr_equal(data, &log_buf);
    log_event('h', irq);
}

static int setup(void **state)
{
    (void)state;
    fake_mmio_reset();
    fake_mmio_hooks(model_read, model_write);
    gpu_level = gpu_enable = 0;
    arm_level = arm_enable = 0;
    log_buf[0] = '\0';
    fake_console_clear();
    irq_init();
    return 0;
}

static void test_init_disables_everything(void **state)
{
    (void)state;
    gpu_enable = ~0ull;
    arm_enable = 0xff;
    irq_init();
    assert_true(gpu_enable == 0);
    assert_int_equal(arm_enable, 0);
}

static void test_register_range_and_duplicates(void **state)
{
    (void)state;
    assert_int_equal(irq_register(72, handler, clearer, log_buf), -EINVAL);
    assert_int_equal(irq_register(UINT32_MAX, handler, clearer, log_buf), -EINVAL);
    assert_int_equal(irq_register(3, NULL, clearer, log_buf), -EINVAL);
    assert_int_equal(irq_register(71, handler, clearer, log_buf), 0);
    assert_int_equal(irq_register(71, handler, clearer, log_buf), -EBUSY);
    assert_int_equal(irq_register(0, handler, NULL, log_buf), 0);
    assert_int_equal(irq_unregister(72), -EINVAL);
    assert_int_equal(irq_unregister(5), -ENOENT);
    assert_int_equal(irq_unregister(71), 0);
    assert_int_equal(irq_unregister(71), -ENOENT);
    assert_int_equal(irq_register(71, handler, clearer, log_buf), 0);
}

static void test_register_enables_unregister_disables(void **state)
{
    (void)state;
    assert_int_equal(irq_register(1, handler, clearer, log_buf), 0);
    assert_int_equal(irq_register(57, handler, clearer, log_buf), 0);
    assert_int_equal(irq_register(65, handler, clearer, log_buf), 0);
    assert_true(gpu_enable == ((1ull << 1) | (1ull << 57)));
    assert_int_equal(arm_enable, 1u << 1);
    assert_int_equal(irq_unregister(57), 0);
    assert_true(gpu_enable == (1ull << 1));
    assert_int_equal(irq_set_enabled(1, 0), 0);
    assert_true(gpu_enable == 0);
    assert_int_equal(irq_set_enabled(1, 1), 0);
    assert_true(gpu_enable == (1ull << 1));
    assert_int_equal(irq_set_enabled(57, 1), -ENOENT);
    assert_int_equal(irq_set_enabled(99, 1), -EINVAL);
}

static void test_several_pending_one_entry_clearer_first(void **state)
{
    (void)state;
    static const unsigned lines[] = {1, 3, 31, 32, 57, 62, 9, 64, 71};
    for (unsigned i = 0; i < sizeof lines / sizeof lines[0]; i++) {
        assert_int_equal(irq_register(lines[i], handler, clearer, log_buf), 0);
        raise_line(lines[i]);
    }
    irq_dispatch();
    /* Word by word (GPU 0-31, GPU 32-63, ARM), lowest bit first, clearer before handler. */
    assert_string_equal(log_buf, "c1 h1 c3 h3 c9 h9 c31 h31 c32 h32 c57 h57 c62 h62 "
                                 "c64 h64 c71 h71 ");
    struct irq_stats st;
    irq_get_stats(&st);
    assert_int_equal(st.entries, 1);
    assert_int_equal(st.unhandled, 0);
    assert_int_equal(irq_count(57), 1);
    assert_int_equal(irq_count(2), 0);
    assert_int_equal(irq_count(500), 0);
}

static void test_only_pending_lines_cost_reads(void **state)
{
    (void)state;
    assert_int_equal(irq_register(65, handler, clearer, log_buf), 0);
    raise_line(65);
    irq_dispatch();
    assert_string_equal(log_buf, "c65 h65 ");
    /* Only the ARM basic line was pending: pending 1 and 2 were never read. */
    assert_int_equal(fake_mmio_reads(PEND_1), 0);
    assert_int_equal(fake_mmio_reads(PEND_2), 0);
}

static void test_shortcut_lines_found(void **state)
{
    (void)state;
    /* GPU 57 (UART) shows in basic pending only as shortcut bit 19, never as bit 9. */
    assert_int_equal(irq_register(57, handler, clearer, log_buf), 0);
    raise_line(57);
    irq_dispatch();
    assert_string_equal(log_buf, "c57 h57 ");
}

static void test_disabled_lines_ignored(void **state)
{
    (void)state;
    assert_int_equal(irq_register(2, handler, clearer, log_buf), 0);
    raise_line(2);
    raise_line(4); /* raw level, never enabled: pending 1 shows it, the table must not run it */
    irq_dispatch();
    assert_string_equal(log_buf, "c2 h2 ");
    assert_string_equal(fake_console_output(), "");
}

static void test_pending_without_handler_reported_once_and_disabled(void **state)
{
    (void)state;
    /* Enabled at the controller without a table entry (a driver bypassing the table). */
    bcm2835_intc_enable(5);
    raise_line(5);
    irq_dispatch();
    assert_true((gpu_enable & (1ull << 5)) == 0);
    assert_non_null(strstr(fake_console_output(), "IRQ 5 pending with no handler"));
    irq_dispatch();
    irq_dispatch();
    struct irq_stats st;
    irq_get_stats(&st);
    assert_int_equal(st.unhandled, 1);
    assert_int_equal(st.entries, 3);
}

static void stuck_clearer(unsigned irq, void *data)
{
    (void)data;
    log_event('s', irq); /* fails to silence the device */
}

static void test_stuck_line_bounded(void **state)
{
    (void)state;
    assert_int_equal(irq_register(6, handler, stuck_clearer, log_buf), 0);
    raise_line(6);
    irq_dispatch(); /* must return: one read of the controller per entry */
    assert_int_equal(irq_count(6), 1);
    irq_dispatch(); /* the line is still pending: the next entry takes it again */
    assert_int_equal(irq_count(6), 2);
}

static void test_handler_without_clearer(void **state)
{
    (void)state;
    assert_int_equal(irq_register(40, handler, NULL, log_buf), 0);
    raise_line(40);
    irq_dispatch();
    lower_line(40);
    assert_string_equal(log_buf, "h40 ");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_init_disables_everything, setup),
        cmocka_unit_test_setup(test_register_range_and_duplicates, setup),
        cmocka_unit_test_setup(test_register_enables_unregister_disables, setup),
        cmocka_unit_test_setup(test_several_pending_one_entry_clearer_first, setup),
        cmocka_unit_test_setup(test_only_pending_lines_cost_reads, setup),
        cmocka_unit_test_setup(test_shortcut_lines_found, setup),
        cmocka_unit_test_setup(test_disabled_lines_ignored, setup),
        cmocka_unit_test_setup(test_pending_without_handler_reported_once_and_disabled, setup),
        cmocka_unit_test_setup(test_stuck_line_bounded, setup),
        cmocka_unit_test_setup(test_handler_without_clearer, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
