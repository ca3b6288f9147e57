/* The kernel's page pool (include/kernel/mm/mm.h). */
#include "kernel/mm/mm.h"

#include "arch/arm/cpu.h"

extern char __kernel_end[];

static uint8_t bitmap[MM_MAX_RAM / PAGE_SIZE / 8];
static struct page_pool pool;
static uint32_t ram_bytes; /* what the kernel uses: the boot information's, or less (mem=) */

void mm_init(uint64_t base, uint64_t size)
{
    uint64_t end = base + size;
    if (end > MM_MAX_RAM)
        end = MM_MAX_RAM;
    ram_bytes = (uint32_t)(end - base);
    uintptr_t start = (uintptr_t)__kernel_end;
    if (start < base)
        start = (uintptr_t)base;
    page_pool_init(&pool, start, (uintptr_t)end, bitmap);
}

uintptr_t mm_alloc_page(void)
{
    uint32_t flags = irq_save();
    uintptr_t page = page_alloc(&pool);
    irq_restore(flags);
    return page;
}

int mm_free_page(uintptr_t page)
{
    uint32_t flags = irq_save();
    int err = page_free(&pool, page);
    irq_restore(flags);
    return err;
}

uint32_t mm_free_pages(void)
{
    return pool.nfree;
}

uint32_t mm_total_pages(void)
{
    return pool.npages;
}

uint32_t mm_ram_bytes(void)
{
    return ram_bytes;
}

const char *mm_check(void)
{
    uint32_t flags = irq_save();
    const char *why = page_pool_check(&pool);
    irq_restore(flags);
    return why;
}
