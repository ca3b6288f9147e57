/* Host tests of the page allocator (src/kernel/mm/page.c) over a heap buffer standing in for RAM:
 * bad frees, exhaustion, and a seeded random sequence checked against a model. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/mm/page.h"
#include "kernel/power/panic.h"
#include "lib/errno.h"

/* page.c panics on a corrupted free list: here that is a cmocka assertion a test can expect. */
void panic_at(const char *file, int line, const char *func, const char *fmt, ...)
{
    (void)func;
    mock_assert(0, fmt, file, line);
    abort(); /* not reached when expected */
}

#define NPAGES 64

static uint8_t *ram;
static uint8_t bitmap[(NPAGES + 7) / 8];
static struct page_pool pool;

static int setup(void **state)
{
    (void)state;
    /* One spare page so the pool can start on a page boundary inside the buffer. */
    ram = aligned_alloc(PAGE_SIZE, (NPAGES + 1) * PAGE_SIZE);
    /* Start 100 bytes in and end 100 bytes short: init must round inwards. */
    page_pool_init(&pool, (uintptr_t)ram + 100, (uintptr_t)ram + (NPAGES + 1) * PAGE_SIZE - 100,
                   bitmap);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    free(ram);
    return 0;
}

static void test_rounds_inwards(void **state)
{
    (void)state;
    assert_int_equal(pool.base, (uintptr_t)ram + PAGE_SIZE);
    assert_int_equal(pool.npages, NPAGES - 1);
    assert_int_equal(pool.nfree, NPAGES - 1);
}

static void test_exhaustion_and_refill(void **state)
{
    (void)state;
    uintptr_t got[NPAGES];
    uint32_t n = 0;
    uintptr_t p;
    while ((p = page_alloc(&pool)) != 0) {
        assert_int_equal(p % PAGE_SIZE, 0);
        memset((void *)p, 0xa5, PAGE_SIZE); /* the caller owns the whole page */
        got[n++] = p;
    }
    assert_int_equal(n, pool.npages);
    assert_int_equal(pool.nfree, 0);
    assert_int_equal(page_alloc(&pool), 0); /* exhausted: reported, again */
    for (uint32_t i = 0; i < n; i++)
        assert_int_equal(page_free(&pool, got[i]), 0);
    assert_int_equal(pool.nfree, pool.npages);
    for (uint32_t i = 0; i < n; i++) /* every freed page is reachable again */
        assert_int_not_equal(page_alloc(&pool), 0);
    assert_int_equal(page_alloc(&pool), 0);
}

static void test_bad_frees(void **state)
{
    (void)state;
    uintptr_t p = page_alloc(&pool);
    assert_int_equal(page_free(&pool, p + 8), -EINVAL);                 /* not page-aligned */
    assert_int_equal(page_free(&pool, pool.base - PAGE_SIZE), -EINVAL); /* below the pool */
    assert_int_equal(page_free(&pool, pool.base + pool.npages * PAGE_SIZE), -EINVAL); /* above */
    assert_int_equal(page_free(&pool, pool.base + 5 * PAGE_SIZE), -EINVAL); /* never handed out */
    assert_int_equal(page_free(&pool, p), 0);
    assert_int_equal(page_free(&pool, p), -EINVAL); /* double free */
    assert_int_equal(pool.nfree, pool.npages);
}

static void test_random_against_model(void **state)
{
    (void)state;
    unsigned seed = 4242;
    const char *env = getenv("PAGE_SEED");
    if (env)
        seed = (unsigned)strtoul(env, NULL, 0);
    srand(seed);
    int owned[NPAGES] = {0}; /* model: which page numbers are handed out */
    uint32_t nowned = 0;
    for (int step = 0; step < 100000; step++) {
        if (rand() % 2) {
            uintptr_t p = page_alloc(&pool);
            if (nowned == pool.npages) {
                if (p != 0)
                    fail_msg("PAGE_SEED=%u step %d: allocated past exhaustion", seed, step);
                continue;
            }
            if (p == 0)
                fail_msg("PAGE_SEED=%u step %d: -ENOMEM with %u of %u used", seed, step, nowned,
                         pool.npages);
            uint32_t n = (uint32_t)((p - pool.base) / PAGE_SIZE);
            if (owned[n])
                fail_msg("PAGE_SEED=%u step %d: page %u handed out twice", seed, step, n);
            owned[n] = 1;
            nowned++;
        } else {
            uint32_t n = (uint32_t)rand() % pool.npages;
            int err = page_free(&pool, pool.base + n * PAGE_SIZE);
            if (err != (owned[n] ? 0 : -EINVAL))
                fail_msg("PAGE_SEED=%u step %d: free of page %u gave %d", seed, step, n, err);
            if (owned[n]) {
                owned[n] = 0;
                nowned--;
            }
        }
        if (pool.nfree != pool.npages - nowned)
            fail_msg("PAGE_SEED=%u step %d: nfree %u, model %u", seed, step, pool.nfree,
                     pool.npages - nowned);
    }
}

/* A freed page's first word is the free list's link: scribbling on it must not hand out a
 * wild pointer, a page in use, or a page the bump pointer will hand out again. */
static void test_write_after_free_caught(void **state)
{
    (void)state;
    uintptr_t a = page_alloc(&pool), b = page_alloc(&pool), c = page_alloc(&pool);
    assert_int_equal(page_free(&pool, a), 0);
    assert_int_equal(page_free(&pool, b), 0); /* list: b -> a */
    const uintptr_t bad[] = {b + 3, c, pool.base + 10 * PAGE_SIZE, pool.base - PAGE_SIZE};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        *(uintptr_t *)b = bad[i]; /* not a page; in use; never handed out; outside */
        expect_assert_failure(page_alloc(&pool));
    }
    *(uintptr_t *)b = a; /* mended: both come back, in list order */
    assert_int_equal(page_alloc(&pool), b);
    assert_int_equal(page_alloc(&pool), a);
}

/* page_pool_check: holds through allocations and frees, and names each broken book. */
static void test_check_books(void **state)
{
    (void)state;
    uintptr_t got[8];
    assert_null(page_pool_check(&pool));
    for (int i = 0; i < 8; i++)
        got[i] = page_alloc(&pool);
    for (int i = 0; i < 8; i += 2)
        assert_int_equal(page_free(&pool, got[i]), 0);
    assert_null(page_pool_check(&pool));
    pool.nfree++;
    assert_string_equal(page_pool_check(&pool),
                        "page pool: pages marked in use disagree with the free count");
    pool.nfree--;
    *(uintptr_t *)got[6] = got[1]; /* a freed page's link written to name a page in use */
    assert_string_equal(page_pool_check(&pool),
                        "page pool: the free list holds a page that is not free");
    *(uintptr_t *)got[6] = got[6]; /* a loop */
    assert_string_equal(page_pool_check(&pool),
                        "page pool: the free list is longer than the freed pages (a loop?)");
    *(uintptr_t *)got[6] = 0; /* the rest of the list cut off */
    assert_string_equal(page_pool_check(&pool),
                        "page pool: freed pages missing from the free list");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_rounds_inwards, setup, teardown),
        cmocka_unit_test_setup_teardown(test_exhaustion_and_refill, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_frees, setup, teardown),
        cmocka_unit_test_setup_teardown(test_random_against_model, setup, teardown),
        cmocka_unit_test_setup_teardown(test_write_after_free_caught, setup, teardown),
        cmocka_unit_test_setup_teardown(test_check_books, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
