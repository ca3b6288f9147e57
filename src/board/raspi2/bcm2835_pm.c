/* Board reset through the power-management watchdog. The register block is not in the BCM2835
 * ARM Peripherals document; the layout (RSTC at 0x1C, WDOG at 0x24, writes need the password
 * 0x5A in the top byte, RSTC's "full reset" configuration 0x20) is the one Linux's bcm2835
 * watchdog driver and QEMU's bcm2835_powermgt model agree on. */
#include "board/raspi2/bcm2835_pm.h"

#include "arch/arm/cpu.h"
#include "arch/arm/mmio.h"
#include "board/raspi2/peripherals.h"

#define PM_BASE            (PERIPHERAL_BASE + 0x100000u)
#define PM_RSTC            (PM_BASE + 0x1c)
#define PM_WDOG            (PM_BASE + 0x24)
#define PM_PASSWORD        0x5a000000u
#define PM_RSTC_FULL_RESET 0x00000020u
#define PM_RSTC_CFG_MASK   0x00000030u
#define PM_WDOG_TICKS      10u /* ~150 us at the watchdog's 65536 Hz */

void bcm2835_pm_reset(void)
{
    irq_disable();
    mmio_write(PM_WDOG, PM_PASSWORD | PM_WDOG_TICKS);
    uint32_t rstc = mmio_read(PM_RSTC) & ~PM_RSTC_CFG_MASK;
    mmio_write(PM_RSTC, PM_PASSWORD | rstc | PM_RSTC_FULL_RESET);
    for (;;)
        cpu_wfi();
}
