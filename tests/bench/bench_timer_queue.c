/* make bench: the timer queue's min-heap (src/kernel/time/timer_heap.c, built unchanged for the host)
 * against the usual tutorial structure, a sorted singly linked list (O(n) insert and cancel), and
 * against the plainest binary heap (an array of keys, no node pointers, no ids, no cancel) as a
 * reference for what a heap can do. Steady state with n timers pending; each op is insert +
 * expire-the-earliest or insert + cancel.
 *
 * Host timings swing by up to 2x from run to run on a shared machine, so no single run decides
 * anything: each figure is the median of RUNS runs, the structures' rounds interleaved so that a
 * disturbance hits them alike, and each speedup is the median of the per-run ratios with their
 * spread (lowest-highest). Prints:
 *   bench timer_queue n=<n> op=<op> queue_ns=<..> list_ns=<..> speedup=<list/queue> spread=<lo>-<hi>
 *   bench timer_queue_ref n=<n> op=insert_expire ref_ns=<..> list_ns=<..> speedup=<list/ref> ... */
#define _POSIX_C_SOURCE 199309L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "bench_util.h"
#include "kernel/time/timer_heap.h"

struct list_node {
    uint64_t deadline;
    struct list_node *next;
};

static struct list_node *list_head;

static void list_insert(struct list_node *n)
{
    struct list_node **p = &list_head;
    while (*p && (*p)->deadline <= n->deadline) /* after equal deadlines: FIFO */
        p = &(*p)->next;
    n->next = *p;
    *p = n;
}

static struct list_node *list_pop(void)
{
    struct list_node *n = list_head;
    list_head = n->next;
    return n;
}

static void list_cancel(struct list_node *n)
{
    struct list_node **p = &list_head;
    while (*p != n)
        p = &(*p)->next;
    *p = n->next;
}

/* Deadlines move forward like a clock: "now" plus a random delay up to 1 s. */
static uint64_t clock_us;

static uint64_t random_deadline(void)
{
    return clock_us + next_random() % 1000000;
}

static double run_heap(uint32_t n, int cancel, long ops)
{
    struct timer_node *nodes = calloc(n + 1, sizeof *nodes);
    struct timer_heap_slot *slots = calloc(n + 1, sizeof *slots);
    struct timer_heap h;
    timer_heap_init(&h, slots, n + 1);
    clock_us = 0;
    for (uint32_t i = 0; i < n; i++) {
        nodes[i].deadline = random_deadline();
        timer_heap_insert(&h, &nodes[i]);
    }
    struct timer_node *spare = &nodes[n];
    double t0 = now_ns();
    for (long i = 0; i < ops; i++) {
        spare->deadline = random_deadline();
        timer_heap_insert(&h, spare);
        if (cancel) {
            timer_heap_remove(&h, spare);
        } else {
            struct timer_node *first = timer_heap_pop(&h);
            clock_us = first->deadline;
            spare = first;
        }
    }
    double ns = (now_ns() - t0) / ops;
    free(nodes);
    free(slots);
    return ns;
}

/* The reference: a 0-based binary heap of bare 64-bit keys, the textbook sift-up and sift-down. */
static uint64_t *ref_key;
static uint32_t ref_size;

static void ref_insert(uint64_t key)
{
    uint32_t i = ref_size++;
    while (i > 0 && key < ref_key[(i - 1) / 2]) {
        ref_key[i] = ref_key[(i - 1) / 2];
        i = (i - 1) / 2;
    }
    ref_key[i] = key;
}

static uint64_t ref_pop(void)
{
    uint64_t top = ref_key[0], last = ref_key[--ref_size];
    uint32_t i = 0, child;
    while ((child = 2 * i + 1) < ref_size) {
        if (child + 1 < ref_size && ref_key[child + 1] < ref_key[child])
            child++;
        if (last <= ref_key[child])
            break;
        ref_key[i] = ref_key[child];
        i = child;
    }
    ref_key[i] = last;
    return top;
}

static double run_ref(uint32_t n, int cancel, long ops)
{
    (void)cancel; /* insert + expire only: a heap without ids cannot cancel */
    ref_key = calloc(n + 1, sizeof *ref_key);
    ref_size = 0;
    clock_us = 0;
    for (uint32_t i = 0; i < n; i++)
        ref_insert(random_deadline());
    double t0 = now_ns();
    for (long i = 0; i < ops; i++) {
        ref_insert(random_deadline());
        clock_us = ref_pop();
    }
    double ns = (now_ns() - t0) / ops;
    free(ref_key);
    return ns;
}

static int by_deadline(const void *a, const void *b)
{
    uint64_t x = ((const struct list_node *)a)->deadline,
             y = ((const struct list_node *)b)->deadline;
    return (x > y) - (x < y);
}

static double run_list(uint32_t n, int cancel, long ops)
{
    struct list_node *nodes = calloc(n + 1, sizeof *nodes);
    clock_us = 0;
    for (uint32_t i = 0; i < n; i++)
        nodes[i].deadline = random_deadline();
    /* Build the starting list sorted in O(n log n): n inserts would take seconds at n = 65536. */
    qsort(nodes, n, sizeof *nodes, by_deadline);
    list_head = NULL;
    for (uint32_t i = n; i-- > 0;) {
        nodes[i].next = list_head;
        list_head = &nodes[i];
    }
    struct list_node *spare = &nodes[n];
    double t0 = now_ns();
    for (long i = 0; i < ops; i++) {
        spare->deadline = random_deadline();
        list_insert(spare);
        if (cancel) {
            list_cancel(spare);
        } else {
            spare = list_pop();
            clock_us = spare->deadline;
        }
    }
    double ns = (now_ns() - t0) / ops;
    free(nodes);
    return ns;
}

#define RUNS 5

/* The number of operations that makes one round of run last about 10 ms (a trial round that
 * also warms the caches and the branch predictor). */
static long round_ops(double (*run)(uint32_t, int, long), uint32_t n, int cancel)
{
    rng = 0x9e3779b97f4a7c15ull;
    long ops = 64;
    while (run(n, cancel, ops) * ops < 1e6)
        ops *= 2;
    return ops * 10;
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(const double *v, int n)
{
    double s[RUNS];
    for (int i = 0; i < n; i++)
        s[i] = v[i];
    qsort(s, n, sizeof s[0], by_value);
    return s[n / 2];
}

static double lowest(const double *v, int n)
{
    double m = v[0];
    for (int i = 1; i < n; i++)
        m = v[i] < m ? v[i] : m;
    return m;
}

static double highest(const double *v, int n)
{
    double m = v[0];
    for (int i = 1; i < n; i++)
        m = v[i] > m ? v[i] : m;
    return m;
}

int main(void)
{
    static const uint32_t sizes[] = {1, 16, 256, 4096, 65536};
    static const char *const op_name[] = {"insert_expire", "insert_cancel"};
    for (int cancel = 0; cancel < 2; cancel++) {
        for (unsigned i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
            uint32_t n = sizes[i];
            int with_ref = !cancel && n == 65536;
            long q_ops = round_ops(run_heap, n, cancel), l_ops = round_ops(run_list, n, cancel);
            long r_ops = with_ref ? round_ops(run_ref, n, cancel) : 0;
            double q[RUNS], l[RUNS], r[RUNS], qs[RUNS], rs[RUNS];
            for (int k = 0; k < RUNS; k++) {
                rng = 0x9e3779b97f4a7c15ull + (uint64_t)k; /* the same deadlines for each */
                q[k] = run_heap(n, cancel, q_ops);
                rng = 0x9e3779b97f4a7c15ull + (uint64_t)k;
                l[k] = run_list(n, cancel, l_ops);
                qs[k] = l[k] / q[k];
                if (with_ref) {
                    rng = 0x9e3779b97f4a7c15ull + (uint64_t)k;
                    r[k] = run_ref(n, cancel, r_ops);
                    rs[k] = l[k] / r[k];
                }
            }
            printf("bench timer_queue n=%u op=%s queue_ns=%.1f list_ns=%.1f speedup=%.2f "
                   "spread=%.2f-%.2f runs=%d\n",
                   n, op_name[cancel], median(q, RUNS), median(l, RUNS), median(qs, RUNS),
                   lowest(qs, RUNS), highest(qs, RUNS), RUNS);
            if (with_ref)
                printf("bench timer_queue_ref n=%u op=%s ref_ns=%.1f list_ns=%.1f speedup=%.2f "
                       "spread=%.2f-%.2f runs=%d\n",
                       n, op_name[cancel], median(r, RUNS), median(l, RUNS), median(rs, RUNS),
                       lowest(rs, RUNS), highest(rs, RUNS), RUNS);
            fflush(stdout);
        }
    }
    return 0;
}
