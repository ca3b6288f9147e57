/* test=pages: the page allocator on the board's real RAM (QEMU: 960 MiB above the kernel). */
#include "kernel/mm/mm.h"
#include "ktests/ktest.h"
#include "lib/errno.h"

extern char __kernel_end[];

static void pages_lie_above_the_kernel(void)
{
    KT_ASSERT(mm_total_pages() > 200000); /* 960 MiB of RAM in QEMU */
    KT_ASSERT_EQ(mm_free_pages(), mm_total_pages());
    uintptr_t p = mm_alloc_page();
    KT_ASSERT(p != 0);
    KT_ASSERT(p >= (uintptr_t)__kernel_end);
    KT_ASSERT_EQ(p % PAGE_SIZE, 0);
    volatile uint32_t *w = (volatile uint32_t *)p;
    for (unsigned i = 0; i < PAGE_SIZE / 4; i++)
        w[i] = i * 2654435761u;
    for (unsigned i = 0; i < PAGE_SIZE / 4; i++)
        KT_ASSERT_EQ(w[i], (uint32_t)(i * 2654435761u));
    KT_ASSERT_EQ(mm_free_page(p), 0);
    KT_ASSERT_EQ(mm_free_page(p), -EINVAL);
    KT_ASSERT_EQ(mm_free_page((uintptr_t)__kernel_end - PAGE_SIZE), -EINVAL);
}

static void exhaustion_reported_and_everything_comes_back(void)
{
    uint32_t before = mm_free_pages();
    /* Take every page, chaining them through their first word, then give them all back. */
    uintptr_t chain = 0, p;
    uint32_t n = 0;
    while ((p = mm_alloc_page()) != 0) {
        *(uintptr_t *)p = chain;
        chain = p;
        n++;
    }
    uint32_t at_empty = mm_free_pages();
    uintptr_t again = mm_alloc_page();
    while (chain) {
        uintptr_t next = *(uintptr_t *)chain;
        if (mm_free_page(chain))
            break;
        chain = next;
    }
    KT_ASSERT_EQ(n, before);
    KT_ASSERT_EQ(at_empty, 0);
    KT_ASSERT_EQ(again, 0);
    KT_ASSERT_EQ(chain, 0);
    KT_ASSERT_EQ(mm_free_pages(), before);
}

KTEST_SUITE(ktest_pages, 50, "pages", {"pages_lie_above_the_kernel", pages_lie_above_the_kernel},
            {"exhaustion_reported_and_everything_comes_back",
             exhaustion_reported_and_everything_comes_back});
