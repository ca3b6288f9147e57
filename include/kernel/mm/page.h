/* Physical page allocator: 4 KiB pages of the RAM the boot information reported, above
 * everything the kernel owns. O(1) alloc and free, no allocation of its own: free pages are
 * linked through their first word, pages never handed out are taken from a bump pointer, and a
 * bitmap (one bit per page) catches double frees. Pure C, host-tested; callers mask IRQs. */
#ifndef KERNEL_PAGE_H
#define KERNEL_PAGE_H

#include <stddef.h>
#include <stdint.h>

#define PAGE_SIZE 4096u

struct page_pool {
    uintptr_t base; /* first page (page-aligned) */
    uint32_t npages;
    uint32_t nfree;
    uint32_t fresh;      /* pages [fresh, npages) were never handed out */
    uintptr_t free_head; /* freed pages, linked through their first word; 0 = none */
    uint8_t *in_use;     /* bitmap, npages bits */
};

/* Bytes of bitmap a pool of npages needs. */
static inline size_t page_bitmap_bytes(uint32_t npages)
{
    return (npages + 7) / 8;
}

/* Covers [start, end) rounded inwards to whole pages; bitmap must hold page_bitmap_bytes. */
void page_pool_init(struct page_pool *pool, uintptr_t start, uintptr_t end, uint8_t *bitmap);

/* A free page's address, or 0 when none is left (the caller reports -ENOMEM). */
uintptr_t page_alloc(struct page_pool *pool);

/* Returns a page. 0, or -EINVAL for an address that is not a page of this pool or is free. */
int page_free(struct page_pool *pool, uintptr_t addr);

/* Checks the pool's books: the bitmap against the free count, the free list against the pages
 * freed. NULL when they agree, else what is wrong. O(pages ever handed out); callers mask IRQs. */
const char *page_pool_check(const struct page_pool *pool);

#endif
