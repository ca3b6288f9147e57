/* The write-back data cache model of fake_dcache.h, replacing src/arch/arm/mmu.c's cache
 * maintenance at link time. */
#include "fake_dcache.h"

#include <stdlib.h>
#include <string.h>

#include "arch/arm/mmu.h"

#define MAX_LINES 64

static struct {
    uintptr_t line;
    uint8_t ram[FAKE_DCACHE_LINE];
} lines[MAX_LINES];
static int nlines;
static unsigned cleans, invalidates;

void fake_dcache_reset(void)
{
    nlines = 0;
    cleans = invalidates = 0;
}

/* RAM behind the line at line (FAKE_DCACHE_LINE aligned), created holding "unknown". */
static uint8_t *ram_of(uintptr_t line)
{
    for (int i = 0; i < nlines; i++)
        if (lines[i].line == line)
            return lines[i].ram;
    if (nlines == MAX_LINES)
        abort();
    lines[nlines].line = line;
    memset(lines[nlines].ram, FAKE_DCACHE_UNKNOWN, FAKE_DCACHE_LINE);
    return lines[nlines++].ram;
}

uintptr_t fake_dcache_find(uint32_t addr30)
{
    for (int i = 0; i < nlines; i++)
        if (((uint32_t)lines[i].line & 0x3FFFFFC0u) == (addr30 & 0x3FFFFFC0u))
            return lines[i].line;
    return 0;
}

void fake_dcache_ram_read(uintptr_t addr, void *buf, uint32_t len)
{
    for (uint32_t i = 0; i < len; i++) {
        uintptr_t a = addr + i;
        ((uint8_t *)buf)[i] = ram_of(a & ~(uintptr_t)(FAKE_DCACHE_LINE - 1))[a % FAKE_DCACHE_LINE];
    }
}

void fake_dcache_ram_write(uintptr_t addr, const void *buf, uint32_t len)
{
    for (uint32_t i = 0; i < len; i++) {
        uintptr_t a = addr + i;
        ram_of(a & ~(uintptr_t)(FAKE_DCACHE_LINE - 1))[a % FAKE_DCACHE_LINE] =
            ((const uint8_t *)buf)[i];
    }
}

unsigned fake_dcache_cleans(void)
{
    return cleans;
}
unsigned fake_dcache_invalidates(void)
{
    return invalidates;
}

void dcache_clean_invalidate(const volatile void *addr, uint32_t len)
{
    uintptr_t a = (uintptr_t)addr & ~(uintptr_t)(FAKE_DCACHE_LINE - 1);
    cleans++;
    for (; a < (uintptr_t)addr + len; a += FAKE_DCACHE_LINE)
        memcpy(ram_of(a), (const void *)a, FAKE_DCACHE_LINE); /* the whole line goes back */
}

void dcache_invalidate(const volatile void *addr, uint32_t len)
{
    uintptr_t a = (uintptr_t)addr & ~(uintptr_t)(FAKE_DCACHE_LINE - 1);
    invalidates++;
    for (; a < (uintptr_t)addr + len; a += FAKE_DCACHE_LINE)
        memcpy((void *)a, ram_of(a), FAKE_DCACHE_LINE); /* the next read comes from RAM */
}
