/* Physical page allocator (include/kernel/mm/page.h). */
#include "kernel/mm/page.h"

#include "kernel/power/panic.h"
#include "lib/errno.h"
#include "lib/string.h"

void page_pool_init(struct page_pool *pool, uintptr_t start, uintptr_t end, uint8_t *bitmap)
{
    uintptr_t first = (start + PAGE_SIZE - 1) & ~(uintptr_t)(PAGE_SIZE - 1);
    uintptr_t last = end & ~(uintptr_t)(PAGE_SIZE - 1);
    pool->base = first;
    pool->npages = last > first ? (uint32_t)((last - first) / PAGE_SIZE) : 0;
    pool->nfree = pool->npages;
    pool->fresh = 0;
    pool->free_head = 0;
    pool->in_use = bitmap;
    memset(bitmap, 0, page_bitmap_bytes(pool->npages)); /* 30 KiB for 1 GiB: words, not bytes */
}

static int bit(const struct page_pool *pool, uint32_t n)
{
    return (pool->in_use[n / 8] >> (n % 8)) & 1;
}

static void set_bit(struct page_pool *pool, uint32_t n, int on)
{
    if (on)
        pool->in_use[n / 8] |= (uint8_t)(1u << (n % 8));
    else
        pool->in_use[n / 8] &= (uint8_t) ~(1u << (n % 8));
}

uintptr_t page_alloc(struct page_pool *pool)
{
    uintptr_t page;
    if (pool->free_head) {
        page = pool->free_head;
        uintptr_t next = *(const uintptr_t *)page;
        /* The link lives in the free page itself, so a write after free shows up here: a freed
         * page was handed out before (below `fresh`) and its bit is clear. */
        if (next && (next < pool->base || (next - pool->base) % PAGE_SIZE ||
                     (next - pool->base) / PAGE_SIZE >= pool->fresh ||
                     bit(pool, (uint32_t)((next - pool->base) / PAGE_SIZE))))
            panic("page_alloc: free page %p links to %p, not a free page (written after free?)",
                  (void *)page, (void *)next);
        pool->free_head = next;
    } else if (pool->fresh < pool->npages) {
        page = pool->base + (uintptr_t)pool->fresh++ * PAGE_SIZE;
    } else {
        return 0;
    }
    set_bit(pool, (uint32_t)((page - pool->base) / PAGE_SIZE), 1);
    pool->nfree--;
    return page;
}

int page_free(struct page_pool *pool, uintptr_t addr)
{
    if (addr < pool->base || (addr - pool->base) % PAGE_SIZE ||
        (addr - pool->base) / PAGE_SIZE >= pool->npages)
        return -EINVAL;
    uint32_t n = (uint32_t)((addr - pool->base) / PAGE_SIZE);
    if (!bit(pool, n))
        return -EINVAL; /* free already, or never handed out */
    set_bit(pool, n, 0);
    *(uintptr_t *)addr = pool->free_head;
    pool->free_head = addr;
    pool->nfree++;
    return 0;
}

const char *page_pool_check(const struct page_pool *pool)
{
    if (pool->fresh > pool->npages || pool->nfree > pool->npages)
        return "page pool: fresh or free count beyond the pool";
    uint32_t used = 0;
    for (uint32_t n = 0; n < pool->fresh; n++)
        used += (uint32_t)bit(pool, n);
    if (used != pool->npages - pool->nfree)
        return "page pool: pages marked in use disagree with the free count";
    /* Every page handed out once and not in use now is on the free list, exactly once: the
     * list is as long as that and each link is such a page. */
    uint32_t listed = 0;
    for (uintptr_t page = pool->free_head; page; page = *(const uintptr_t *)page) {
        if (page < pool->base || (page - pool->base) % PAGE_SIZE ||
            (page - pool->base) / PAGE_SIZE >= pool->fresh ||
            bit(pool, (uint32_t)((page - pool->base) / PAGE_SIZE)))
            return "page pool: the free list holds a page that is not free";
        if (++listed > pool->fresh - used)
            return "page pool: the free list is longer than the freed pages (a loop?)";
    }
    if (listed != pool->fresh - used)
        return "page pool: freed pages missing from the free list";
    return NULL;
}
