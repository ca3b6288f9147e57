/* Host tests of the timer queue's min-heap (src/kernel/time/timer_heap.c) on its own: order by
 * (deadline, insertion order), removal anywhere, the index each node keeps, and a seeded random
 * run against a linear-scan reference. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/time/timer_heap.h"
#include "lib/errno.h"

#define CAP   64  /* heap size of the directed cases */
#define NODES 640 /* nodes for the random runs */

/* Whatever a heap slot is (a node pointer, or a key beside one): the tests look at the heap
 * only through the nodes' indexes and timer_heap_peek(). */
typedef __typeof__(((struct timer_heap *)0)->slot[0]) heap_slot_t;

static struct timer_node nodes[NODES];
static heap_slot_t storage[NODES];
static struct timer_heap heap;

static int earlier(const struct timer_node *a, const struct timer_node *b)
{
    return a->deadline < b->deadline || (a->deadline == b->deadline && a->seq < b->seq);
}

/* The queued node among ns[0..n) that says it sits at index i, or NULL. */
static struct timer_node *node_at(struct timer_node *ns, uint32_t n, uint32_t i)
{
    for (uint32_t j = 0; j < n; j++)
        if (ns[j].index == i)
            return &ns[j];
    return NULL;
}

/* Children per node: private to timer_heap.c, so found by experiment. Nodes at increasing
 * deadlines fill slots 0..840 without moving; an earliest one inserted at slot 841 then climbs
 * to the root, pulling down first its parent, slot 840 / arity. */
static uint32_t arity;

static uint32_t detect_arity(void)
{
    static struct timer_node n[842];
    static heap_slot_t s[842];
    struct timer_heap h;
    timer_heap_init(&h, s, 842);
    for (uint32_t i = 0; i < 842; i++) {
        n[i] = (struct timer_node){.deadline = i < 841 ? 10 + i : 0, .index = TIMER_NODE_UNQUEUED};
        assert_int_equal(timer_heap_insert(&h, &n[i]), 0);
    }
    assert_ptr_equal(timer_heap_peek(&h), &n[841]);
    struct timer_node *moved = node_at(n, 842, 841);
    assert_non_null(moved);
    uint32_t parent = (uint32_t)(moved->deadline - 10);
    assert_true(parent > 0 && 840 % parent == 0);
    return 840 / parent;
}

/* The heap as the nodes ns[0..n) describe it: the queued ones' indexes are exactly 0..size-1,
 * peek gives the one at 0, and none is earlier than the one at its parent index. Returns 0, or
 * the first broken index + 1 so that a failure names the place. */
static uint32_t heap_broken_in(const struct timer_heap *h, struct timer_node *ns, uint32_t n)
{
    static struct timer_node *at[NODES];
    uint32_t queued = 0;
    if (h->size > NODES)
        return 1;
    for (uint32_t i = 0; i < h->size; i++)
        at[i] = NULL;
    for (uint32_t j = 0; j < n; j++) {
        uint32_t i = ns[j].index;
        if (i == TIMER_NODE_UNQUEUED)
            continue;
        if (i >= h->size || at[i])
            return (i < h->size ? i : h->size) + 1;
        at[i] = &ns[j];
        queued++;
    }
    if (queued != h->size)
        return h->size + 1;
    if (timer_heap_peek(h) != (h->size ? at[0] : NULL))
        return 1;
    for (uint32_t i = 1; i < h->size; i++)
        if (earlier(at[i], at[(i - 1) / arity]))
            return i + 1;
    return 0;
}

static uint32_t heap_broken(const struct timer_heap *h)
{
    return heap_broken_in(h, nodes, NODES);
}

static int setup(void **state)
{
    (void)state;
    if (!arity)
        arity = detect_arity();
    timer_heap_init(&heap, storage, CAP);
    for (int i = 0; i < NODES; i++)
        nodes[i] = (struct timer_node){.deadline = 0, .seq = 0, .index = TIMER_NODE_UNQUEUED};
    return 0;
}

static void insert(struct timer_node *n, uint64_t deadline)
{
    n->deadline = deadline;
    assert_int_equal(timer_heap_insert(&heap, n), 0);
    assert_true(timer_node_queued(n));
    assert_int_equal(heap_broken(&heap), 0);
}

/* The head, taken out with timer_heap_pop (the IRQ path's way). */
static struct timer_node *pop(void)
{
    struct timer_node *n = timer_heap_peek(&heap);
    assert_non_null(n);
    assert_ptr_equal(timer_heap_pop(&heap), n);
    assert_int_equal(n->index, TIMER_NODE_UNQUEUED);
    assert_int_equal(heap_broken(&heap), 0);
    return n;
}

static void test_empty(void **state)
{
    (void)state;
    assert_null(timer_heap_peek(&heap));
    assert_int_equal(heap.size, 0);
    insert(&nodes[0], 5);
    assert_ptr_equal(timer_heap_peek(&heap), &nodes[0]);
    assert_ptr_equal(pop(), &nodes[0]);
    assert_null(timer_heap_peek(&heap));
    assert_false(timer_node_queued(&nodes[0]));
    assert_null(timer_heap_pop(&heap));
}

static void test_pops_in_deadline_order(void **state)
{
    (void)state;
    static const uint64_t d[] = {50, 10, 40, 90, 20, 70, 30, 80, 60, 0, UINT64_MAX, 1ull << 40};
    const int n = sizeof d / sizeof d[0];
    for (int i = 0; i < n; i++)
        insert(&nodes[i], d[i]);
    assert_int_equal(heap.size, n);
    static const uint64_t want[] = {0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 1ull << 40, UINT64_MAX};
    for (int i = 0; i < n; i++)
        assert_true(pop()->deadline == want[i]);
    assert_int_equal(heap.size, 0);
}

static void test_equal_deadlines_fifo(void **state)
{
    (void)state;
    /* Ten at 100 interleaved with earlier and later ones: the ten leave in insertion order. */
    for (int i = 0; i < 10; i++) {
        insert(&nodes[i], 100);
        insert(&nodes[10 + i], (uint64_t)(i % 2 ? 50 + i : 150 + i));
    }
    for (int i = 1; i < 10; i++)
        assert_true(nodes[i].seq > nodes[i - 1].seq);
    int seen = 0;
    while (heap.size) {
        struct timer_node *n = pop();
        if (n->deadline == 100)
            assert_ptr_equal(n, &nodes[seen++]);
    }
    assert_int_equal(seen, 10);
}

static void test_reinsert_goes_behind_equals(void **state)
{
    (void)state;
    insert(&nodes[0], 7);
    insert(&nodes[1], 7);
    insert(&nodes[2], 7);
    timer_heap_remove(&heap, &nodes[0]);
    insert(&nodes[0], 7); /* a periodic timer re-queued: behind those already waiting */
    assert_ptr_equal(pop(), &nodes[1]);
    assert_ptr_equal(pop(), &nodes[2]);
    assert_ptr_equal(pop(), &nodes[0]);
}

static void test_remove_head_middle_tail(void **state)
{
    (void)state;
    for (int i = 0; i < 15; i++)
        insert(&nodes[i], (uint64_t)(i + 1) * 10); /* ascending: slot i holds nodes[i] */
    for (int i = 0; i < 15; i++)
        assert_int_equal(nodes[i].index, i);

    timer_heap_remove(&heap, &nodes[14]); /* tail */
    assert_int_equal(heap_broken(&heap), 0);
    assert_int_equal(heap.size, 14);
    timer_heap_remove(&heap, &nodes[0]); /* head */
    assert_int_equal(heap_broken(&heap), 0);
    assert_ptr_equal(timer_heap_peek(&heap), &nodes[1]);
    timer_heap_remove(&heap, &nodes[5]); /* middle */
    assert_int_equal(heap_broken(&heap), 0);
    assert_false(timer_node_queued(&nodes[0]));
    assert_false(timer_node_queued(&nodes[5]));
    assert_false(timer_node_queued(&nodes[14]));
    assert_int_equal(heap.size, 12);

    static const int want[] = {1, 2, 3, 4, 6, 7, 8, 9, 10, 11, 12, 13};
    for (int i = 0; i < 12; i++)
        assert_ptr_equal(pop(), &nodes[want[i]]);
}

static void test_remove_lifts_last_node(void **state)
{
    (void)state;
    /* Built without any node moving: root 1, slot 1 at 50 with children at 60 and up, slot 2
     * at 2 whose first child, the last slot, is 5. Removing slot 1's first child moves 5 into
     * a hole whose parent is 50: it has to go up, not down. */
    const uint32_t d = arity, size = 2 * d + 2;
    assert_true(size <= CAP);
    for (uint32_t i = 0; i < size; i++) {
        uint64_t v = i == 0       ? 1
                     : i == 1     ? 50
                     : i == 2     ? 2
                     : i <= d     ? 10 + i
                     : i <= 2 * d ? 60 + i
                                  : 5;
        insert(&nodes[i], v);
    }
    for (uint32_t i = 0; i < size; i++)
        assert_int_equal(nodes[i].index, i);
    timer_heap_remove(&heap, &nodes[d + 1]);
    assert_int_equal(heap_broken(&heap), 0);
    assert_int_equal(nodes[size - 1].index, 1); /* 5 now sits where 50 was */
    assert_int_equal(nodes[1].index, d + 1);
    uint64_t prev = 0;
    for (uint32_t i = 0; i < size - 1; i++) {
        uint64_t v = pop()->deadline;
        assert_true(v >= prev);
        assert_true(v != 60 + d + 1);
        prev = v;
    }
    assert_int_equal(heap.size, 0);
}

static void test_remove_only_and_last(void **state)
{
    (void)state;
    insert(&nodes[0], 3);
    timer_heap_remove(&heap, &nodes[0]); /* the node is also the last one */
    assert_int_equal(heap.size, 0);
    assert_null(timer_heap_peek(&heap));
    insert(&nodes[0], 3);
    insert(&nodes[1], 1);
    timer_heap_remove(&heap, &nodes[0]); /* now the last slot */
    assert_ptr_equal(timer_heap_peek(&heap), &nodes[1]);
    assert_int_equal(nodes[1].index, 0);
}

static void test_full_returns_enomem(void **state)
{
    (void)state;
    heap_slot_t small[4];
    struct timer_heap h;
    timer_heap_init(&h, small, 4);
    for (int i = 0; i < 4; i++) {
        nodes[i].deadline = (uint64_t)(4 - i);
        assert_int_equal(timer_heap_insert(&h, &nodes[i]), 0);
    }
    nodes[4].deadline = 0;
    assert_int_equal(timer_heap_insert(&h, &nodes[4]), -ENOMEM);
    assert_int_equal(h.size, 4);
    assert_false(timer_node_queued(&nodes[4]));
    assert_int_equal(heap_broken(&h), 0);
    assert_ptr_equal(timer_heap_peek(&h), &nodes[3]);
    /* After one leaves there is room again. */
    timer_heap_remove(&h, &nodes[1]);
    assert_int_equal(timer_heap_insert(&h, &nodes[4]), 0);
    assert_ptr_equal(timer_heap_peek(&h), &nodes[4]);
    assert_int_equal(heap_broken(&h), 0);
}

/* xorshift64*: the same sequence on every host. */
static uint64_t rng, seed;
static uint64_t rnd(void)
{
    rng ^= rng >> 12;
    rng ^= rng << 25;
    rng ^= rng >> 27;
    return rng * 0x2545f4914f6cdd1dull;
}

/* steps random operations over n nodes on a heap of capacity cap (< n, so it also fills up),
 * checking after each the whole heap against a reference that only knows which nodes are
 * queued and in which order they went in. */
static void run_random(uint32_t n, uint32_t cap, long steps)
{
    rng = seed ? seed : 1;
    timer_heap_init(&heap, storage, cap);
    /* The reference: which nodes are queued and the insertion number each got. */
    static int queued[NODES];
    static uint64_t order[NODES];
    memset(queued, 0, sizeof queued);
    memset(order, 0, sizeof order);
    uint64_t inserts = 0, last_seq = 0;
    uint32_t count = 0;
    unsigned long refused = 0, removed = 0, popped = 0;
    for (long step = 0; step < steps; step++) {
        uint64_t r = rnd();
        int i = (int)(r % n);
        int op = (int)((r >> 8) % 8);
        /* Deadlines from a narrow range half the time, so ties are common. */
        uint64_t deadline = (r >> 16) & 1 ? (r >> 20) % 16 : r >> 20;
        /* Phases of 5000 steps: mostly inserts (the heap fills), then a mix (it drains). */
        int kind = (step / (steps / 40)) % 2 ? (op < 7 ? 0 : 2) : (op < 3 ? 0 : op < 6 ? 1 : 2);
        /* The node to insert (not queued) or remove (queued): the first such from i on. */
        int want_queued = kind == 1;
        int k = 0;
        while (k < (int)n && queued[(i + k) % n] != want_queued)
            k++;
        i = (i + k) % (int)n;
        if (kind == 0 && k < (int)n) {
            nodes[i].deadline = deadline;
            int err = timer_heap_insert(&heap, &nodes[i]);
            int want = count == cap ? -ENOMEM : 0;
            if (err != want) {
                fprintf(stderr, "seed %#llx step %ld: insert returned %d, want %d\n",
                        (unsigned long long)seed, step, err, want);
                fail();
            }
            if (err == 0) {
                queued[i] = 1;
                order[i] = inserts++;
                if (nodes[i].seq <= last_seq && inserts > 1) {
                    fprintf(stderr, "seed %#llx step %ld: seq %llu after %llu\n",
                            (unsigned long long)seed, step, (unsigned long long)nodes[i].seq,
                            (unsigned long long)last_seq);
                    fail();
                }
                last_seq = nodes[i].seq;
                count++;
            } else {
                refused++;
            }
        } else if (kind == 1 && k < (int)n) {
            timer_heap_remove(&heap, &nodes[i]);
            queued[i] = 0;
            count--;
            removed++;
        } else if (kind == 2 && count) {
            /* Pop: the reference minimum by (deadline, insertion number). */
            int best = -1;
            for (int j = 0; j < (int)n; j++) {
                if (queued[j] &&
                    (best < 0 || nodes[j].deadline < nodes[best].deadline ||
                     (nodes[j].deadline == nodes[best].deadline && order[j] < order[best])))
                    best = j;
            }
            struct timer_node *head = timer_heap_peek(&heap);
            if (head != &nodes[best]) {
                fprintf(stderr, "seed %#llx step %ld: head is node %td, want %d\n",
                        (unsigned long long)seed, step, head ? head - nodes : -1, best);
                fail();
            }
            /* Half by timer_heap_pop, half by removing the head like any node. */
            if ((r >> 40) & 1) {
                if (timer_heap_pop(&heap) != head) {
                    fprintf(stderr, "seed %#llx step %ld: pop did not return the head\n",
                            (unsigned long long)seed, step);
                    fail();
                }
            } else {
                timer_heap_remove(&heap, head);
            }
            queued[best] = 0;
            count--;
            popped++;
        }
        uint32_t broken = heap_broken_in(&heap, nodes, n);
        if (heap.size != count || broken) {
            fprintf(stderr, "seed %#llx step %ld: size %u want %u, broken slot %u\n",
                    (unsigned long long)seed, step, heap.size, count, broken ? broken - 1 : 0);
            fail();
        }
        for (int j = 0; j < (int)n; j++) {
            if (timer_node_queued(&nodes[j]) != queued[j]) {
                fprintf(stderr, "seed %#llx step %ld: node %d queued %d want %d\n",
                        (unsigned long long)seed, step, j, timer_node_queued(&nodes[j]), queued[j]);
                fail();
            }
        }
    }
    /* The run went through every path, the full heap included. */
    assert_true(refused > (unsigned long)steps / 200);
    assert_true(removed > (unsigned long)steps / 20);
    assert_true(popped > (unsigned long)steps / 20);
}

static uint64_t seed_from_env(void)
{
    const char *env = getenv("TIMER_HEAP_SEED");
    return env ? strtoull(env, NULL, 0) : 0x9e3779b97f4a7c15ull;
}

static void test_random_against_reference(void **state)
{
    (void)state;
    seed = seed_from_env();
    printf("heap arity %u, TIMER_HEAP_SEED=%#llx\n", arity, (unsigned long long)seed);
    run_random(64, 56, 200000);
}

static void test_random_deep(void **state)
{
    (void)state;
    seed = seed_from_env() + 1;
    run_random(NODES, 600, 20000); /* as deep as the kernel's pool of 512 */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_empty, setup),
        cmocka_unit_test_setup(test_pops_in_deadline_order, setup),
        cmocka_unit_test_setup(test_equal_deadlines_fifo, setup),
        cmocka_unit_test_setup(test_reinsert_goes_behind_equals, setup),
        cmocka_unit_test_setup(test_remove_head_middle_tail, setup),
        cmocka_unit_test_setup(test_remove_lifts_last_node, setup),
        cmocka_unit_test_setup(test_remove_only_and_last, setup),
        cmocka_unit_test_setup(test_full_returns_enomem, setup),
        cmocka_unit_test_setup(test_random_against_reference, setup),
        cmocka_unit_test_setup(test_random_deep, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
