/* Host tests of the timer heap's consistency check (src/kernel/time/timer_heap_check.c): a heap
 * built and emptied by timer_heap.c always passes it, and each kind of damage is named. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "kernel/time/timer_heap.h"
#include "kernel/time/timer_heap_check.h"

#define N 200

static struct timer_node nodes[N];
static struct timer_heap_slot storage[N];
static struct timer_heap heap;

/* A heap of N nodes with scattered (and some equal) deadlines. */
static int setup(void **state)
{
    (void)state;
    timer_heap_init(&heap, storage, N);
    for (uint32_t i = 0; i < N; i++) {
        nodes[i] = (struct timer_node){(i * 7919u) % 101u, 0, TIMER_NODE_UNQUEUED};
        assert_int_equal(timer_heap_insert(&heap, &nodes[i]), 0);
    }
    return 0;
}

static void test_valid_heap_passes_while_it_changes(void **state)
{
    (void)state;
    assert_null(timer_heap_check(&heap));
    for (uint32_t i = 0; i < N; i += 3) {
        timer_heap_remove(&heap, &nodes[i]);
        assert_null(timer_heap_check(&heap));
    }
    while (timer_heap_peek(&heap)) {
        timer_heap_remove(&heap, timer_heap_peek(&heap));
        assert_null(timer_heap_check(&heap));
    }
}

static void test_child_earlier_than_parent(void **state)
{
    (void)state;
    struct timer_heap_slot a = storage[0], b = storage[5];
    storage[0] = b; /* swap the head with a later node, indexes kept right */
    storage[5] = a;
    b.node->index = 0;
    a.node->index = 5;
    assert_string_equal(timer_heap_check(&heap), "timer heap: a node is earlier than its parent");
}

static void test_equal_deadlines_out_of_sequence(void **state)
{
    (void)state;
    /* Two nodes of equal deadline, parent and child: a later sequence above is a fault. */
    for (uint32_t i = 1; i < heap.size; i++) {
        struct timer_heap_slot *c = &storage[i], *p = &storage[(i - 1) / 2];
        if (c->deadline == p->deadline) {
            uint64_t seq = c->node->seq;
            c->node->seq = p->node->seq;
            p->node->seq = seq;
            assert_string_equal(timer_heap_check(&heap),
                                "timer heap: a node is earlier than its parent");
            return;
        }
    }
    fail_msg("no parent and child with equal deadlines in the test heap");
}

static void test_wrong_index_deadline_and_size(void **state)
{
    (void)state;
    storage[7].node->index = 8;
    assert_string_equal(timer_heap_check(&heap), "timer heap: a node does not know its slot");
    storage[7].node->index = 7;
    storage[9].node->deadline += 1000;
    assert_string_equal(timer_heap_check(&heap),
                        "timer heap: a slot's deadline differs from its node's");
    storage[9].node->deadline -= 1000;
    assert_null(timer_heap_check(&heap));
    heap.size = N + 1;
    assert_string_equal(timer_heap_check(&heap), "timer heap: more nodes than slots");
    heap.size = N;
    storage[N - 1].node = NULL;
    assert_string_equal(timer_heap_check(&heap), "timer heap: an empty slot below the size");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_valid_heap_passes_while_it_changes, setup),
        cmocka_unit_test_setup(test_child_earlier_than_parent, setup),
        cmocka_unit_test_setup(test_equal_deadlines_out_of_sequence, setup),
        cmocka_unit_test_setup(test_wrong_index_deadline_and_size, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
