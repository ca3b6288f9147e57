/* The kernel's pool of physical pages: all RAM above __kernel_end (src/kernel/mm/mm.c on top of
 * the allocator in page.c). */
#ifndef KERNEL_MM_H
#define KERNEL_MM_H

#include <stdint.h>

#include "kernel/mm/page.h"

#define MM_MAX_RAM (1u << 30) /* the bitmap is sized for a Pi 2's 1 GiB */

/* Hands the RAM in [base, base + size) above the kernel to the pool. Boot only. */
void mm_init(uint64_t base, uint64_t size);

/* A page (4 KiB, page-aligned) or 0 when memory is exhausted; mm_free_page returns 0 or
 * -EINVAL for an address that is not an allocated page. Any context (they mask IRQs). */
uintptr_t mm_alloc_page(void);
int mm_free_page(uintptr_t page);

uint32_t mm_free_pages(void);
uint32_t mm_ram_bytes(void); /* the RAM handed to mm_init (after mem=) */
uint32_t mm_total_pages(void);

/* The pool's books checked (page_pool_check): NULL when they hold, else what is wrong. */
const char *mm_check(void);

#endif
