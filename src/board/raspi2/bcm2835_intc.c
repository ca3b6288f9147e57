/* BCM2835 interrupt controller driver (ARM Peripherals section 7.5). The pending registers are
 * masked with a copy of the enable state kept here, so a line we never enabled cannot be
 * dispatched even where the pending registers show raw, unmasked sources. */
#include "board/raspi2/bcm2835_intc.h"

#include "arch/arm/mmio.h"
#include "board/raspi2/irq_numbers.h"
#include "board/raspi2/peripherals.h"

#define INTC_PENDING_BASIC (INTC_BASE + 0x00)
#define INTC_PENDING_1     (INTC_BASE + 0x04)
#define INTC_PENDING_2     (INTC_BASE + 0x08)
#define INTC_ENABLE_1      (INTC_BASE + 0x10)
#define INTC_ENABLE_2      (INTC_BASE + 0x14)
#define INTC_ENABLE_BASIC  (INTC_BASE + 0x18)
#define INTC_DISABLE_1     (INTC_BASE + 0x1C)
#define INTC_DISABLE_2     (INTC_BASE + 0x20)
#define INTC_DISABLE_BASIC (INTC_BASE + 0x24)

/* Basic pending: bits 0-7 ARM IRQs, 8/9 "pending 1/2 has more", 10-20 copies of GPU IRQs
 * 7, 9, 10, 18, 19 (register 1) and 53-57, 62 (register 2) that do not set bit 8 or 9. */
#define BASIC_ARM_MASK   0xffu
#define BASIC_PENDING_1  (1u << 8)
#define BASIC_PENDING_2  (1u << 9)
#define BASIC_SHORTCUT_1 (0x1fu << 10)
#define BASIC_SHORTCUT_2 (0x3fu << 15)

static const uintptr_t enable_reg[INTC_WORDS] = {INTC_ENABLE_1, INTC_ENABLE_2, INTC_ENABLE_BASIC};
static const uintptr_t disable_reg[INTC_WORDS] = {INTC_DISABLE_1, INTC_DISABLE_2,
                                                  INTC_DISABLE_BASIC};
static uint32_t enabled[INTC_WORDS];

void bcm2835_intc_init(void)
{
    mmio_write(INTC_DISABLE_1, 0xffffffffu);
    mmio_write(INTC_DISABLE_2, 0xffffffffu);
    mmio_write(INTC_DISABLE_BASIC, BASIC_ARM_MASK);
    for (int i = 0; i < INTC_WORDS; i++)
        enabled[i] = 0;
}

void bcm2835_intc_enable(unsigned irq)
{
    enabled[irq / 32] |= 1u << (irq % 32);
    mmio_write(enable_reg[irq / 32], 1u << (irq % 32));
}

void bcm2835_intc_disable(unsigned irq)
{
    mmio_write(disable_reg[irq / 32], 1u << (irq % 32));
    enabled[irq / 32] &= ~(1u << (irq % 32));
}

int bcm2835_intc_is_enabled(unsigned irq)
{
    return (enabled[irq / 32] >> (irq % 32)) & 1;
}

int bcm2835_intc_pending(uint32_t pending[INTC_WORDS])
{
    /* Register 1 or 2 is read only when basic pending says it holds something: the timer's
     * compare 1 (GPU IRQ 1) costs two reads, an ARM basic line one. */
    uint32_t basic = mmio_read(INTC_PENDING_BASIC);
    uint32_t gpu_lo = 0, gpu_hi = 0;
    if (basic & (BASIC_PENDING_1 | BASIC_SHORTCUT_1))
        gpu_lo = mmio_read(INTC_PENDING_1) & enabled[0];
    if (basic & (BASIC_PENDING_2 | BASIC_SHORTCUT_2))
        gpu_hi = mmio_read(INTC_PENDING_2) & enabled[1];
    uint32_t arm = basic & enabled[2]; /* enabled[2] holds ARM lines 0-7 only */
    pending[0] = gpu_lo;
    pending[1] = gpu_hi;
    pending[2] = arm;
    return (gpu_lo | gpu_hi | arm) != 0;
}
