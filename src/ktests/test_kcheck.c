/* test=kcheck: the kernel's own consistency checks (SYS_KCHECK, which the system-call fuzzer
 * calls) hold on a sound kernel and name what is broken on a damaged one. The damage is done
 * here on purpose, with IRQs masked, and undone before anything else can see it. */
#include "arch/arm/cpu.h"
#include "kernel/mm/mm.h"
#include "kernel/proc/proc.h"
#include "kernel/time/timer.h"
#include "ktests/ktest.h"
#include "lib/string.h"

static void books_hold_at_rest(void)
{
    KT_ASSERT(timer_check() == 0);
    KT_ASSERT(proc_check() == 0);
    KT_ASSERT(mm_check() == 0);
}

static void never_called(timer_id id, void *data)
{
    (void)id;
    *(int *)data = 1;
}

/* The timer side can only be damaged from inside timer.c (tests/host/test_timer.c checks it
 * after every step of its random run): here, that it holds with timers queued and removed. */
static void timer_books_hold_with_timers_queued(void)
{
    static int fired;
    timer_id t[8];
    for (int i = 0; i < 8; i++)
        t[i] = timer_register(1000000u + (uint32_t)i * 7919u, never_called, &fired);
    const char *queued = timer_check();
    for (int i = 0; i < 8; i += 2)
        timer_remove(t[i]);
    const char *some_removed = timer_check();
    for (int i = 1; i < 8; i += 2)
        timer_remove(t[i]);
    KT_ASSERT(queued == 0);
    KT_ASSERT(some_removed == 0);
    KT_ASSERT(timer_check() == 0);
    KT_ASSERT_EQ(fired, 0);
}

/* proc_table_check on a table of its own: a parent waiting for its child, a sleeper and a
 * zombie, sound, then damaged one way at a time (the real table is left alone: a process
 * spawned here would take pid 1, which the sched suite expects to be its own). */
static struct proc fake[4];

static void build_fake_table(timer_id wake)
{
    for (int i = 0; i < 4; i++)
        fake[i] = (struct proc){0};
    fake[0] = (struct proc){.pid = 1, .state = PROC_WAITING, .wait_for = 2};
    fake[1] = (struct proc){.pid = 2, .parent = 1, .state = PROC_READY, .waiter = &fake[0]};
    fake[2] = (struct proc){.pid = 3, .parent = 1, .state = PROC_SLEEPING, .sleep_timer = wake};
    fake[3] = (struct proc){.pid = 4, .parent = 1, .state = PROC_EXITED};
}

static const char *check_fake(int live)
{
    return proc_table_check(fake, 4, live, 5, 0);
}

static void damaged_process_table_is_reported(void)
{
    static int fired;
    timer_id wake = timer_register(1000000, never_called, &fired);
    KT_ASSERT(wake != 0);
    const char *why[9];
    build_fake_table(wake);
    why[0] = check_fake(4);
    why[1] = check_fake(3);
    fake[3].pid = 9;
    why[2] = check_fake(4);
    build_fake_table(wake);
    fake[1].state = PROC_RUNNING;
    why[3] = check_fake(4);
    build_fake_table(wake);
    fake[3].vm.l2 = (uint32_t *)0x1000;
    why[4] = check_fake(4);
    build_fake_table(wake);
    fake[0].state = PROC_READY;
    why[5] = check_fake(4);
    build_fake_table(wake);
    fake[1].waiter = 0;
    why[6] = check_fake(4);
    build_fake_table(0);
    why[7] = check_fake(4);
    build_fake_table(wake);
    fake[0].state = PROC_EXITED; /* the zombie's parent ended: nobody can reap it */
    fake[0].wait_for = 0;
    fake[1].waiter = 0;
    why[8] = check_fake(4);
    timer_remove(wake);
    KT_ASSERT(why[0] == 0);
    KT_ASSERT(why[1] &&
              !strcmp(why[1], "process table: the live count differs from the slots in use"));
    KT_ASSERT(why[2] && !strcmp(why[2], "process table: a live slot has a pid never handed out"));
    KT_ASSERT(why[3] &&
              !strcmp(why[3], "process table: a running process that is not the current one"));
    KT_ASSERT(why[4] &&
              !strcmp(why[4], "process table: a zombie that keeps memory, has a waiter or nobody "
                              "to reap it"));
    KT_ASSERT(why[5] &&
              !strcmp(why[5], "process table: a waiter that does not wait for its process"));
    KT_ASSERT(why[6] &&
              !strcmp(why[6], "process table: a process waits for one that does not know it"));
    KT_ASSERT(why[7] && !strcmp(why[7], "process table: a sleeper with no wake-up queued"));
    KT_ASSERT(why[8] &&
              !strcmp(why[8], "process table: a zombie that keeps memory, has a waiter or nobody "
                              "to reap it"));
    KT_ASSERT(proc_check() == 0);
}

/* A freed page's first word is its free-list link: a write after free breaks the list. */
static void write_after_free_is_reported(void)
{
    uint32_t flags = irq_save();
    uintptr_t page = mm_alloc_page();
    const char *why = 0;
    if (page) {
        mm_free_page(page); /* now the head of the free list */
        uintptr_t link = *(volatile uintptr_t *)page;
        *(volatile uintptr_t *)page = page + 8; /* not a page */
        why = mm_check();
        *(volatile uintptr_t *)page = link;
    }
    const char *after = mm_check();
    irq_restore(flags);
    KT_ASSERT(page != 0);
    KT_ASSERT(why && !strcmp(why, "page pool: the free list holds a page that is not free"));
    KT_ASSERT(after == 0);
}

KTEST_SUITE(ktest_kcheck, 55, "kcheck", {"books_hold_at_rest", books_hold_at_rest},
            {"timer_books_hold_with_timers_queued", timer_books_hold_with_timers_queued},
            {"damaged_process_table_is_reported", damaged_process_table_is_reported},
            {"write_after_free_is_reported", write_after_free_is_reported});
