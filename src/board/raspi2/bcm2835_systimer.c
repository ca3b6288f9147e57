/* BCM2835 system timer driver (ARM Peripherals ch. 12): the counter, compare 1 (the kernel's
 * timer queue) and compare 3 (test suites only). C0 and C2 belong to the GPU firmware. */
#include "board/raspi2/bcm2835_systimer.h"

#include "arch/arm/mmio.h"
#include "board/raspi2/peripherals.h"
#include "lib/errno.h"

#define ST_CS    (SYSTIMER_BASE + 0x00)
#define ST_CLO   (SYSTIMER_BASE + 0x04)
#define ST_CHI   (SYSTIMER_BASE + 0x08)
#define ST_C1    (SYSTIMER_BASE + 0x10)
#define ST_C3    (SYSTIMER_BASE + 0x18)
#define ST_CS_M1 (1u << 1)
#define ST_CS_M3 (1u << 3)

/* A compare less than this far ahead counts as already due: between writing C1 and reading CLO
 * back the counter may step once, and a match exactly at the read is not guaranteed to fire. */
#define ST_ARM_MARGIN_US 2

uint64_t bcm2835_systimer_now(void)
{
    /* CLO and CHI are separate reads: if CHI changed around the CLO read, CLO wrapped in
     * between, and a CLO read after the second CHI read belongs to that CHI. */
    uint32_t hi = mmio_read(ST_CHI);
    uint32_t lo = mmio_read(ST_CLO);
    uint32_t hi2 = mmio_read(ST_CHI);
    if (hi2 != hi)
        lo = mmio_read(ST_CLO);
    return ((uint64_t)hi2 << 32) | lo;
}

static int arm_compare(uintptr_t reg, uint64_t deadline_us, uint64_t now)
{
    if (deadline_us > now + SYSTIMER_MAX_STEP_US)
        deadline_us = now + SYSTIMER_MAX_STEP_US;
    uint32_t compare = (uint32_t)deadline_us;
    mmio_write(reg, compare);
    /* Read the counter after the write: if it is already at or past the compare (or within the
     * margin), the match may have been missed and would next happen after a full 2^32 us. */
    int32_t ahead = (int32_t)(compare - mmio_read(ST_CLO));
    if (ahead < ST_ARM_MARGIN_US)
        return -ETIME;
    return 0;
}

int bcm2835_systimer_arm_c1(uint64_t deadline_us)
{
    return arm_compare(ST_C1, deadline_us, bcm2835_systimer_now());
}

int bcm2835_systimer_arm_c1_from(uint64_t deadline_us, uint64_t now_us)
{
    return arm_compare(ST_C1, deadline_us, now_us);
}

int bcm2835_systimer_arm_c3(uint64_t deadline_us)
{
    return arm_compare(ST_C3, deadline_us, bcm2835_systimer_now());
}

void bcm2835_systimer_ack_c3(void)
{
    mmio_write(ST_CS, ST_CS_M3);
}

void bcm2835_systimer_ack_c1(void)
{
    mmio_write(ST_CS, ST_CS_M1);
}

int bcm2835_systimer_c1_matched(void)
{
    return (mmio_read(ST_CS) & ST_CS_M1) != 0;
}
