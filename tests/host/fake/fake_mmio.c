/* A sparse fake register file for host tests of driver code (see fake/arch/arm/mmio.h). */
#include "arch/arm/mmio.h"

#include <stdlib.h>
#include <string.h>

#define FAKE_REGS 256

static struct {
    uintptr_t addr;
    uint32_t value;
    unsigned reads;
} regs[FAKE_REGS];
static int nregs;
static fake_mmio_read_hook read_hook;
static fake_mmio_write_hook write_hook;

static int slot(uintptr_t addr)
{
    for (int i = 0; i < nregs; i++)
        if (regs[i].addr == addr)
            return i;
    if (nregs == FAKE_REGS)
        abort();
    regs[nregs].addr = addr;
    regs[nregs].value = 0;
    regs[nregs].reads = 0;
    return nregs++;
}

void fake_mmio_reset(void)
{
    nregs = 0;
    read_hook = NULL;
    write_hook = NULL;
}

void fake_mmio_hooks(fake_mmio_read_hook r, fake_mmio_write_hook w)
{
    read_hook = r;
    write_hook = w;
}

void fake_mmio_set(uintptr_t addr, uint32_t value)
{
    regs[slot(addr)].value = value;
}
uint32_t fake_mmio_get(uintptr_t addr)
{
    return regs[slot(addr)].value;
}
unsigned fake_mmio_reads(uintptr_t addr)
{
    return regs[slot(addr)].reads;
}

uint32_t mmio_read(uintptr_t addr)
{
    int i = slot(addr);
    regs[i].reads++;
    uint32_t v;
    if (read_hook && read_hook(addr, &v))
        return v;
    return regs[i].value;
}

void mmio_write(uintptr_t addr, uint32_t value)
{
    if (write_hook && write_hook(addr, value))
        return;
    regs[slot(addr)].value = value;
}
