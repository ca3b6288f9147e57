/* demo=memory, in user mode: where this process's code, data, heap and stack are, sbrk() at
 * work, data that is private to each process next to a variable every process shares, and two
 * processes killed for touching what is not theirs. */
#include "user/pinwheel.h"

static int private_count = 10;       /* each process starts from its own copy of this ... */
static int shared_count USER_SHARED; /* ... and they all see this one */

static int counter(uint32_t by)
{
    private_count += (int)by;
    shared_count += (int)by;
    uprintf("  child %d: private_count = %d, shared_count = %d\n", getpid(), private_count,
            shared_count);
    return 0;
}

static int snoop(uint32_t addr)
{
    uprintf("  snoop: reading the kernel at %08x ...\n", (unsigned)addr);
    return (int)*(volatile uint32_t *)addr;
}

static int scribbler(uint32_t unused)
{
    (void)unused;
    uprintf("  scribbler: writing over my own code at %p ...\n", (void *)snoop);
    *(volatile uint32_t *)(uintptr_t)snoop = 0;
    return 0;
}

static void report_fault(const char *what, int pid)
{
    struct proc_info info;
    proc_info_at_exit(pid, &info, 1000);
    int code = wait(pid);
    uprintf("  %s: wait() = %s; fault kind %d (3: data abort), status %03x, address %08x\n", what,
            errno_name(code), info.fault.kind, (unsigned)info.fault.fsr, (unsigned)info.fault.addr);
}

int user_demo_memory(uint32_t unused)
{
    (void)unused;
    int on_stack = 0;
    struct meminfo m0, m1;
    meminfo(&m0);
    uprintf("layout of pid %d:\n", getpid());
    uprintf("  code   %p (read-only, executable)\n", (void *)user_demo_memory);
    uprintf("  data   %p (private copy, no execute)\n", (void *)&private_count);
    uprintf("  shared %p (the same page in every process)\n", (void *)&shared_count);
    uprintf("  heap   %p (the break, grows with sbrk)\n", (void *)(uintptr_t)sbrk(0));
    uprintf("  stack  %p (top page of the window)\n", (void *)&on_stack);

    int heap = sbrk(3 * 4096);
    for (int i = 0; i < 3 * 4096; i++)
        ((volatile char *)(uintptr_t)heap)[i] = (char)i;
    meminfo(&m1);
    uprintf("sbrk(12288) = %p: %u pages taken from %u free\n", (void *)(uintptr_t)heap,
            (unsigned)(m0.free_pages - m1.free_pages), (unsigned)m0.free_pages);
    uprintf("sbrk(%d) past the 1 MiB bound = %s\n", 1 << 20, errno_name(sbrk(1 << 20)));
    sbrk(-3 * 4096);

    uprintf("two children add 1 and 2 to both counters:\n");
    wait(spawn(counter, 1, "counter"));
    wait(spawn(counter, 2, "counter"));
    uprintf("  parent: private_count = %d, shared_count = %d\n", private_count, shared_count);

    uprintf("processes that reach outside their window are killed:\n");
    report_fault("snoop", spawn(snoop, 0x8000, "snoop"));
    report_fault("scribbler", spawn(scribbler, 0, "scribbler"));
    uprintf("demo memory: done\n");
    return 0;
}
