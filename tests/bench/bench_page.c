/* make bench: the physical page allocator (src/kernel/mm/page.c, built unchanged for the host) over
 * a host buffer the size of the Pi 2's free RAM. alloc takes every page from the bump pointer,
 * free returns them all (in allocation order), realloc takes them all back from the free list,
 * mixed is a random 50/50 alloc/free from half full (the xorshift draw is in the figure).
 * Prints: bench page_alloc pages=<n> alloc_ns=<..> free_ns=<..> realloc_ns=<..> mixed_ns=<..> */
#define _POSIX_C_SOURCE 199309L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "bench_util.h"
#include "kernel/mm/page.h"
#include "kernel/power/panic.h"

/* page.c panics on a corrupted free list; in the benchmark that is the end of the run. */
void panic_at(const char *file, int line, const char *func, const char *fmt, ...)
{
    fprintf(stderr, "panic in %s (%s:%d): %s\n", func, file, line, fmt);
    abort();
}

/* About 957 MiB: the 960 MiB of ARM RAM above the kernel image (src/kernel/mm/mm.c). */
#define NPAGES 245000u
#define ROUNDS 5

static void die(const char *what)
{
    fprintf(stderr, "bench_page: %s\n", what);
    exit(1);
}

struct figures {
    double alloc, free, realloc, mixed;
};

static uint8_t *ram, *bitmap;
static uintptr_t *held; /* pages handed out and not yet freed */
static struct page_pool pool;

static double alloc_all(void)
{
    double t0 = now_ns();
    for (uint32_t i = 0; i < NPAGES; i++)
        if ((held[i] = page_alloc(&pool)) == 0)
            die("page_alloc failed before the pool was empty");
    return (now_ns() - t0) / NPAGES;
}

static double free_all(void)
{
    double t0 = now_ns();
    for (uint32_t i = 0; i < NPAGES; i++)
        if (page_free(&pool, held[i]) != 0)
            die("page_free refused a page it handed out");
    return (now_ns() - t0) / NPAGES;
}

/* From nheld pages out, 2 * NPAGES steps of alloc or free-a-random-held-page, half each. */
static double mixed(uint32_t nheld)
{
    const long ops = 2L * NPAGES;
    double t0 = now_ns();
    for (long i = 0; i < ops; i++) {
        uint64_t r = next_random();
        int do_free = nheld == NPAGES || (nheld != 0 && (r & 1));
        if (do_free) {
            uint32_t k = (uint32_t)((r >> 1) % nheld);
            if (page_free(&pool, held[k]) != 0)
                die("page_free refused a page it handed out");
            held[k] = held[--nheld];
        } else if ((held[nheld++] = page_alloc(&pool)) == 0) {
            die("page_alloc failed before the pool was empty");
        }
    }
    double ns = (now_ns() - t0) / ops;
    while (nheld)
        page_free(&pool, held[--nheld]);
    return ns;
}

static struct figures run(int round)
{
    struct figures f;
    page_pool_init(&pool, (uintptr_t)ram, (uintptr_t)ram + (uintptr_t)NPAGES * PAGE_SIZE, bitmap);
    if (pool.npages != NPAGES)
        die("the pool does not cover the buffer");
    f.alloc = alloc_all();
    f.free = free_all();
    f.realloc = alloc_all();
    free_all();
    for (uint32_t i = 0; i < NPAGES / 2; i++)
        held[i] = page_alloc(&pool);
    rng = 0x9e3779b97f4a7c15ull + (uint64_t)round;
    f.mixed = mixed(NPAGES / 2);
    if (pool.nfree != NPAGES)
        die("pages lost");
    return f;
}

static void keep_best(double *best, double ns)
{
    if (ns < *best)
        *best = ns;
}

/* Best of ROUNDS: the least disturbed by the rest of the machine. The first round also pays
 * for the host's first touch of every page (page_free writes each one), which the best hides. */
int main(void)
{
    ram = aligned_alloc(PAGE_SIZE, (size_t)NPAGES * PAGE_SIZE);
    bitmap = malloc(page_bitmap_bytes(NPAGES));
    held = malloc(NPAGES * sizeof *held);
    if (!ram || !bitmap || !held)
        die("out of host memory");
    struct figures best = {1e30, 1e30, 1e30, 1e30};
    for (int round = 0; round < ROUNDS; round++) {
        struct figures f = run(round);
        keep_best(&best.alloc, f.alloc);
        keep_best(&best.free, f.free);
        keep_best(&best.realloc, f.realloc);
        keep_best(&best.mixed, f.mixed);
    }
    printf("bench page_alloc pages=%u alloc_ns=%.1f free_ns=%.1f realloc_ns=%.1f mixed_ns=%.1f\n",
           NPAGES, best.alloc, best.free, best.realloc, best.mixed);
    free(held);
    free(bitmap);
    free(ram);
    return 0;
}
