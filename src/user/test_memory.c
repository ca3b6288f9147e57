/* test=memory, the user-mode driver: what a process can and cannot reach through its own
 * translation table, how a refused access becomes a killed process (with the kind of fault and
 * the address), pointer checks in system calls, sbrk() and its bound, private and shared data,
 * and that memory comes back: 10,000 spawn/exit cycles, and running the machine out of pages.
 * The address-space layout it relies on is in include/kernel/mm/vm.h. */
#include "arch/arm/fault_status.h"
#include "user/utest.h"

#define STACK_LO   (USER_TOP - USER_STACK_SIZE)
#define HEAP_BOUND USER_HEAP_MAX

/* ARM ARM Table B3-23: the fault status codes these cases expect. */
#define FS_TRANSLATION_SECTION 0x05
#define FS_TRANSLATION_PAGE    0x07
#define FS_PERMISSION_SECTION  0x0d
#define FS_PERMISSION_PAGE     0x0f

/* Waits for pid to end and returns its exit code; *info is what proc_info() said just before
 * wait() freed it. */
static int finish(int pid, struct proc_info *info)
{
    proc_info_at_exit(pid, info, 1000);
    return wait(pid);
}

static int exits_at_once(uint32_t code)
{
    return (int)code;
}

/* ---- processes that do what they must not: each one's arg is the address to touch ---- */

static int reads_address(uint32_t addr)
{
    return (int)*(volatile uint32_t *)addr;
}

static int writes_address(uint32_t addr)
{
    *(volatile uint32_t *)addr = 0x0badc0deu;
    return 0;
}

static int jumps_to_address(uint32_t addr)
{
    return ((int (*)(void))addr)();
}

static int executes_from_its_stack(uint32_t unused)
{
    (void)unused;
    volatile uint32_t code[2] = {0xe3a00007u, 0xe12fff1eu}; /* mov r0, #7; bx lr */
    return ((int (*)(void))(uintptr_t)code)();
}

/* A process that keeps to itself: fills its stack and data, sleeps while the others fault,
 * then checks that nothing of it changed. Exits 0 when all is intact. */
static uint32_t private_words[64];

static int bystander(uint32_t rounds)
{
    volatile uint32_t on_stack[256];
    for (uint32_t i = 0; i < 256; i++)
        on_stack[i] = i * 2654435761u;
    for (uint32_t i = 0; i < 64; i++)
        private_words[i] = ~i;
    for (uint32_t r = 0; r < rounds; r++)
        sleep_us(2000);
    for (uint32_t i = 0; i < 256; i++)
        if (on_stack[i] != i * 2654435761u)
            return 1;
    for (uint32_t i = 0; i < 64; i++)
        if (private_words[i] != ~i)
            return 2;
    return 0;
}

/* Runs entry(arg) next to a bystander and checks: it was killed (-EFAULT) by the fault kind,
 * status and address given, the bystander finished intact. */
static void expect_killed(entry_fn entry, uint32_t arg, int kind, uint32_t status, int write,
                          uint32_t addr)
{
    int b = spawn(bystander, 5, "bystander");
    int pid = spawn(entry, arg, "offender");
    UT_ASSERT(b > 0 && pid > 0);
    struct proc_info info;
    UT_ASSERT_EQ(finish(pid, &info), -EFAULT);
    UT_ASSERT_EQ(info.fault.kind, kind);
    UT_ASSERT_EQ(fsr_status(info.fault.fsr), status);
    if (kind == FAULT_DABT)
        UT_ASSERT_EQ(!!(info.fault.fsr & FSR_WNR), write);
    UT_ASSERT_EQ(info.fault.addr, addr);
    UT_ASSERT_EQ(wait(b), 0);
}

static void reading_kernel_memory_kills(void)
{
    expect_killed(reads_address, 0x8000, FAULT_DABT, FS_PERMISSION_SECTION, 0, 0x8000);
    expect_killed(reads_address, 0x100, FAULT_DABT, FS_PERMISSION_SECTION, 0, 0x100);
}

static void writing_a_peripheral_kills(void)
{
    /* The system timer's compare 1, which drives the scheduler: the kernel keeps going. */
    expect_killed(writes_address, 0x3f003010, FAULT_DABT, FS_PERMISSION_SECTION, 1, 0x3f003010);
    expect_killed(reads_address, 0x40000060, FAULT_DABT, FS_PERMISSION_SECTION, 0, 0x40000060);
    UT_ASSERT_EQ(sleep_us(1000), 0); /* the timer still wakes us */
}

static int victim(uint32_t unused)
{
    (void)unused;
    volatile uint32_t canary[4] = {1, 2, 3, 4};
    sleep_us(20000);
    return canary[0] == 1 && canary[1] == 2 && canary[2] == 3 && canary[3] == 4 ? 0 : 1;
}

static void writing_another_process_stack_kills(void)
{
    int v = spawn(victim, 0, "victim");
    UT_ASSERT(v > 0);
    sleep_us(1000); /* it has filled its canary and sleeps */
    struct proc_info vi;
    UT_ASSERT_EQ(proc_info(v, &vi), 0);
    UT_ASSERT(vi.stack_phys != 0);
    /* Its stack is in RAM at stack_phys, reachable only through the kernel's mapping; at our
     * own stack's address we only ever find our own stack. */
    uint32_t target = vi.stack_phys & ~3u;
    expect_killed(writes_address, target, FAULT_DABT, FS_PERMISSION_SECTION, 1, target);
    UT_ASSERT_EQ(wait(v), 0); /* canary intact */
}

static void executing_from_the_stack_kills(void)
{
    int pid = spawn(executes_from_its_stack, 0, "exec-stack");
    struct proc_info info;
    UT_ASSERT_EQ(finish(pid, &info), -EFAULT);
    UT_ASSERT_EQ(info.fault.kind, FAULT_PABT);
    UT_ASSERT_EQ(fsr_status(info.fault.fsr), FS_PERMISSION_PAGE); /* XN */
    UT_ASSERT(info.fault.addr >= STACK_LO && info.fault.addr < USER_TOP);
    UT_ASSERT_EQ(info.fault.pc, info.fault.addr);
}

static void writing_its_own_code_kills(void)
{
    uint32_t code = (uint32_t)(uintptr_t)reads_address;
    expect_killed(writes_address, code, FAULT_DABT, FS_PERMISSION_PAGE, 1, code);
}

static void jumping_into_the_kernel_or_nowhere_kills(void)
{
    expect_killed(jumps_to_address, 0x8000, FAULT_PABT, FS_PERMISSION_SECTION, 0, 0x8000);
    expect_killed(reads_address, 0x70000000, FAULT_DABT, FS_TRANSLATION_SECTION, 0, 0x70000000);
    /* Inside the window but unmapped: past the heap, and the guard page under the stack. */
    expect_killed(writes_address, USER_BASE + 0x300000, FAULT_DABT, FS_TRANSLATION_PAGE, 1,
                  USER_BASE + 0x300000);
    expect_killed(writes_address, STACK_LO - 4, FAULT_DABT, FS_TRANSLATION_PAGE, 1, STACK_LO - 4);
}

/* ---- the rest of the fault kinds a process can commit (issue 16's matrix) ---- */

static int jumps_into_its_data(uint32_t unused)
{
    (void)unused;
    private_words[0] = 0xe3a00007u; /* mov r0, #7 */
    private_words[1] = 0xe12fff1eu; /* bx lr */
    return ((int (*)(void))(uintptr_t)private_words)();
}

static int jumps_into_its_heap(uint32_t unused)
{
    (void)unused;
    uint32_t *heap = (uint32_t *)(uintptr_t)sbrk(4096);
    if ((intptr_t)heap < 0)
        return 99;
    heap[0] = 0xe3a00007u;
    heap[1] = 0xe12fff1eu;
    return ((int (*)(void))(uintptr_t)heap)();
}

static int loads_two_words_unaligned(uint32_t addr)
{
    uint32_t a, b;
    __asm__ volatile("ldm %2, {%0, %1}" : "=r"(a), "=r"(b) : "r"(addr) : "memory");
    return (int)(a + b);
}

static int writes_sctlr(uint32_t unused)
{
    (void)unused;
    __asm__ volatile("mcr p15, 0, %0, c1, c0, 0" ::"r"(0u) : "memory"); /* turn the MMU off */
    return 0;
}

static uint32_t read_cpsr(void)
{
    uint32_t cpsr;
    __asm__ volatile("mrs %0, cpsr" : "=r"(cpsr));
    return cpsr;
}

/* cps and msr to the mode bits are not faults in user mode: the architecture ignores them
 * there. The process must still be in user mode, with IRQs on, after each: it exits with the
 * mode and the I bit it finds. */
static int tries_to_change_mode(uint32_t unused)
{
    (void)unused;
    __asm__ volatile("cpsid i\n\tcps #0x13" ::: "memory");      /* SVC, IRQs off */
    __asm__ volatile("msr cpsr_c, %0" ::"r"(0xd3u) : "memory"); /* the same by msr */
    uint32_t cpsr = read_cpsr();
    return (int)(cpsr & 0x9f); /* mode and I: 0x10 when nothing changed */
}

static int recurse_deeply(uint32_t depth)
{
    volatile uint32_t frame[32];
    frame[0] = depth;
    if (depth > 1000000) /* never: the 4 KiB stack ends after a few dozen frames */
        return 0;
    return recurse_deeply(depth + 1) + (int)frame[0];
}

static void every_other_fault_kind_kills(void)
{
    /* NULL: the kernel's section at 0, not the process's. */
    expect_killed(reads_address, 0, FAULT_DABT, FS_PERMISSION_SECTION, 0, 0);
    expect_killed(writes_address, 0, FAULT_DABT, FS_PERMISSION_SECTION, 1, 0);
    /* Its own data and heap are never executable (XN). */
    uint32_t data = (uint32_t)(uintptr_t)private_words;
    expect_killed(jumps_into_its_data, 0, FAULT_PABT, FS_PERMISSION_PAGE, 0, data);
    int h = spawn(jumps_into_its_heap, 0, "exec-heap");
    struct proc_info info;
    UT_ASSERT_EQ(finish(h, &info), -EFAULT);
    UT_ASSERT_EQ(info.fault.kind, FAULT_PABT);
    UT_ASSERT_EQ(fsr_status(info.fault.fsr), FS_PERMISSION_PAGE);
    /* ldm from an address that is not word-aligned: an alignment fault (status 1). */
    uint32_t odd = data + 2;
    expect_killed(loads_two_words_unaligned, odd, FAULT_DABT, 0x01, 0, odd);
    /* A privileged coprocessor write is an undefined instruction in user mode. */
    int s = spawn(writes_sctlr, 0, "sctlr");
    UT_ASSERT_EQ(finish(s, &info), -EFAULT);
    UT_ASSERT_EQ(info.fault.kind, FAULT_UNDEF);
    /* Deep recursion runs into the guard page: a stack overflow, not a plain abort. */
    int r = spawn(recurse_deeply, 0, "deep");
    UT_ASSERT_EQ(finish(r, &info), -EFAULT);
    UT_ASSERT_EQ(info.fault.kind, FAULT_DABT);
    UT_ASSERT(info.fault.stack_overflow);
}

static void mode_changes_from_user_mode_are_ignored(void)
{
    int pid = spawn(tries_to_change_mode, 0, "cps");
    UT_ASSERT(pid > 0);
    UT_ASSERT_EQ(wait(pid), 0x10);   /* still USR, IRQs still on */
    UT_ASSERT_EQ(sleep_us(1000), 0); /* and the kernel's timer still runs */
}

static void system_calls_check_pointers_against_the_mappings(void)
{
    struct proc_info info;
    const void *code = (const void *)(uintptr_t)reads_address;
    UT_ASSERT_EQ(write((const void *)0x8000, 4), -EFAULT);                 /* kernel */
    UT_ASSERT_EQ(write((const void *)(USER_BASE + 0x300000), 4), -EFAULT); /* unmapped */
    UT_ASSERT_EQ(write((const void *)(STACK_LO - 2), 4), -EFAULT);         /* half in the guard */
    UT_ASSERT_EQ(write((const void *)(USER_TOP - 2), 4), -EFAULT);         /* half past the top */
    int named_by_code = spawn(exits_at_once, 0, (const char *)code);       /* code is readable */
    UT_ASSERT(named_by_code > 0);
    UT_ASSERT_EQ(wait(named_by_code), 0);
    UT_ASSERT_EQ(proc_info(getpid(), (struct proc_info *)code), -EFAULT); /* not writable */
    UT_ASSERT_EQ(meminfo((struct meminfo *)(USER_BASE + 0x300000)), -EFAULT);
    UT_ASSERT_EQ(read((void *)code, 1), -EFAULT);
    UT_ASSERT_EQ(sched_policy(0, (char *)code), -EFAULT);
    UT_ASSERT_EQ(proc_info(getpid(), &info), 0); /* the stack is fine */

    /* The heap is as good as the stack once sbrk() mapped it, and not a byte further. */
    int brk = sbrk(0);
    UT_ASSERT(brk > 0 && (brk & 4095) == 0);
    UT_ASSERT_EQ(sbrk(4096), brk);
    char *heap = (char *)(uintptr_t)brk;
    UT_ASSERT_EQ(proc_info(getpid(), (struct proc_info *)heap), 0);
    UT_ASSERT_EQ(((struct proc_info *)heap)->pid, getpid());
    UT_ASSERT_EQ(write(heap + 4092, 8), -EFAULT); /* its last word and the unmapped page */
    for (int i = 0; i < 4096; i++)
        heap[i] = 'x';
    UT_ASSERT_EQ(spawn(reads_address, 0, heap + 4090), -EFAULT); /* no NUL before the end */
    UT_ASSERT_EQ(sbrk(-4096), brk + 4096);
    UT_ASSERT_EQ(write(heap, 4), -EFAULT); /* given back */
}

static void sbrk_grows_zeroed_memory_up_to_its_bound(void)
{
    struct meminfo m0, m1, m2;
    UT_ASSERT_EQ(meminfo(&m0), 0);
    int start = sbrk(0);
    UT_ASSERT(start > 0 && (start & 4095) == 0);
    UT_ASSERT_EQ(sbrk(64 * 1024), start);
    UT_ASSERT_EQ(meminfo(&m1), 0);
    UT_ASSERT_EQ(m0.free_pages - m1.free_pages, 16);
    volatile uint32_t *heap = (volatile uint32_t *)(uintptr_t)start;
    for (uint32_t i = 0; i < 16 * 1024; i++)
        UT_ASSERT_EQ(heap[i], 0);
    for (uint32_t i = 0; i < 16 * 1024; i++)
        heap[i] = i;
    UT_ASSERT_EQ(heap[16 * 1024 - 1], 16 * 1024 - 1);

    /* The bound: one byte past it is refused and changes nothing. */
    UT_ASSERT_EQ(sbrk((int)HEAP_BOUND - 64 * 1024 + 1), -ENOMEM);
    UT_ASSERT_EQ(sbrk(0), start + 64 * 1024);
    UT_ASSERT_EQ(sbrk((int)HEAP_BOUND - 64 * 1024), start + 64 * 1024);
    UT_ASSERT_EQ(sbrk(1), -ENOMEM);
    struct proc_info info;
    UT_ASSERT_EQ(proc_info(getpid(), &info), 0);
    UT_ASSERT_EQ(info.heap_bytes, HEAP_BOUND);
    UT_ASSERT_EQ(sbrk(-(int)HEAP_BOUND - 1), -EINVAL); /* below the heap's start */
    UT_ASSERT_EQ(sbrk(-(int)HEAP_BOUND), start + (int)HEAP_BOUND);
    UT_ASSERT_EQ(meminfo(&m2), 0);
    UT_ASSERT_EQ(m2.free_pages, m0.free_pages); /* every page given back */
}

/* Each process has its own copy of the data; USER_SHARED variables are the one exception. */
static int data_counter = 100;
static int shared_counter USER_SHARED;

static int bumps_counters(uint32_t by)
{
    data_counter += (int)by;
    shared_counter += (int)by;
    return data_counter;
}

static void data_is_private_and_shared_pages_are_shared(void)
{
    data_counter = 100;
    shared_counter = 0;
    UT_ASSERT_EQ(wait(spawn(bumps_counters, 5, "bumper")), 105);
    UT_ASSERT_EQ(wait(spawn(bumps_counters, 7, "bumper")), 107); /* from the image's 100 */
    UT_ASSERT_EQ(data_counter, 100);
    UT_ASSERT_EQ(shared_counter, 12);
}

static int live_processes(void)
{
    int n = 0;
    for (int pid = proc_next(0); pid; pid = proc_next(pid))
        n++;
    return n;
}

static void ten_thousand_spawn_exit_cycles_leak_no_page(void)
{
    struct meminfo before, after;
    UT_ASSERT_EQ(meminfo(&before), 0);
    int slots_before = live_processes();
    for (uint32_t i = 0; i < 10000; i++) {
        int pid = spawn(exits_at_once, i & 0x7f, "cycle");
        UT_ASSERT(pid > 0);
        UT_ASSERT_EQ(wait(pid), (int)(i & 0x7f));
    }
    UT_ASSERT_EQ(meminfo(&after), 0);
    UT_ASSERT_EQ(after.free_pages, before.free_pages);
    UT_ASSERT_EQ(live_processes(), slots_before); /* no slot leaked either */
    UT_ASSERT_EQ(kcheck(), 0);                    /* and the kernel's own books agree */
}

/* Takes its whole heap, page by page, and sleeps on it until killed. */
static int hoarder(uint32_t unused)
{
    (void)unused;
    int got;
    while ((got = sbrk(4096)) > 0)
        *(volatile uint32_t *)(uintptr_t)got = 1; /* touch it: it must be real */
    if (got != -ENOMEM)
        return 1;
    for (;;)
        sleep_us(1000000);
}

static void running_out_of_pages_gives_errors_and_everything_comes_back(void)
{
    struct meminfo before, after;
    UT_ASSERT_EQ(meminfo(&before), 0);
    if (before.free_pages > 100 * 256) {
        /* 320 processes x 1 MiB cannot empty this much RAM: run it under mem=16 (make test
         * does, "memory suite under mem=16"). */
        uprintf("    skipped: %u free pages; run test=memory mem=16 to exhaust them\n",
                (unsigned)before.free_pages);
        return;
    }
    static int pids[100];
    int n = 0, err;
    /* Hoarders until a new process no longer fits, then this driver takes the last pages. */
    while (n < 100 && (err = spawn(hoarder, 0, "hoarder")) > 0) {
        pids[n++] = err;
        sleep_us(20000); /* it has taken what it can */
    }
    UT_ASSERT_EQ(err, -ENOMEM);
    int mine = 0;
    while (sbrk(4096) > 0)
        mine++;
    struct meminfo empty;
    UT_ASSERT_EQ(meminfo(&empty), 0);
    UT_ASSERT_EQ(empty.free_pages, 0);
    UT_ASSERT_EQ(sbrk(4096), -ENOMEM);
    UT_ASSERT_EQ(spawn(exits_at_once, 0, "one-more"), -ENOMEM);
    UT_ASSERT_EQ(getpid() > 0, 1); /* the kernel still answers */
    UT_ASSERT_EQ(sbrk(-4096 * mine) > 0, 1);
    for (int i = 0; i < n; i++) {
        struct proc_info info;
        UT_ASSERT_EQ(proc_info(pids[i], &info), 0);
        UT_ASSERT(info.state != PROC_EXITED); /* every hoarder got -ENOMEM and lives on */
        UT_ASSERT_EQ(kill(pids[i]), 0);
        UT_ASSERT_EQ(wait(pids[i]), -EINTR);
    }
    UT_ASSERT_EQ(meminfo(&after), 0);
    UT_ASSERT_EQ(after.free_pages, before.free_pages);
    UT_ASSERT_EQ(wait(spawn(exits_at_once, 9, "after")), 9);
}

static const struct utest_case cases[] = {
    {"reading_kernel_memory_kills", reading_kernel_memory_kills},
    {"writing_a_peripheral_kills", writing_a_peripheral_kills},
    {"writing_another_process_stack_kills", writing_another_process_stack_kills},
    {"executing_from_the_stack_kills", executing_from_the_stack_kills},
    {"writing_its_own_code_kills", writing_its_own_code_kills},
    {"jumping_into_the_kernel_or_nowhere_kills", jumping_into_the_kernel_or_nowhere_kills},
    {"every_other_fault_kind_kills", every_other_fault_kind_kills},
    {"mode_changes_from_user_mode_are_ignored", mode_changes_from_user_mode_are_ignored},
    {"system_calls_check_pointers_against_the_mappings",
     system_calls_check_pointers_against_the_mappings},
    {"sbrk_grows_zeroed_memory_up_to_its_bound", sbrk_grows_zeroed_memory_up_to_its_bound},
    {"data_is_private_and_shared_pages_are_shared", data_is_private_and_shared_pages_are_shared},
    {"ten_thousand_spawn_exit_cycles_leak_no_page", ten_thousand_spawn_exit_cycles_leak_no_page},
    {"running_out_of_pages_gives_errors_and_everything_comes_back",
     running_out_of_pages_gives_errors_and_everything_comes_back},
};

int user_test_memory(uint32_t report)
{
    utest_run("memory", cases, sizeof cases / sizeof cases[0], (struct ktest_user_report *)report);
    return 0;
}
