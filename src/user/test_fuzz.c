/* test=fuzz, the user-mode driver: a system-call fuzzer. FUZZ_WORKERS processes each make their
 * share of `calls` random system calls, with arguments drawn from good values, boundaries, bad
 * pointers of every kind, huge lengths and pids that are not there; they spawn children that
 * exit, sleep, spin, block, fault or fuzz in turn, and kill and wait for them at random. Then the
 * driver checks that everything came back: pages, process slots, timers, the policy, and the
 * kernel's own books (kcheck). One PRNG per process (splitmix64) seeded from seed=, and QEMU's
 * --icount, make a run repeat byte for byte. docs/robustness.md says what is tried and why. */
#include "ktests/fuzz.h"
#include "user/random.h"
#include "user/utest.h"

#define FUZZ_WORKERS     4
#define FUZZ_KIDS_MAX    80      /* children a worker keeps at once: 4 x 80 fill the table */
#define FUZZ_DEAD_MAX    8       /* reaped pids a worker remembers (pids are never reused) */
#define FUZZ_CHECK_EVERY 1000    /* kcheck() after this many calls of a worker */
#define FUZZ_SETTLE_US   5000000 /* longest wait at the end for orphans to finish */

#define USER_PAGE 4096u
#define INT_MIN_U 0x80000000u
#define INT_MAX_U 0x7fffffffu

/* Error kinds counted in the summary, in its order. */
static const int counted_errors[] = {EFAULT, EINVAL, ESRCH,  EPERM, EAGAIN,
                                     ENOMEM, EBUSY,  ENOSYS, EINTR, EIO};
#define N_KINDS (sizeof counted_errors / sizeof counted_errors[0])

/* What a worker counted; the driver adds them up once the workers have ended. */
struct fuzz_tally {
    uint32_t calls;
    uint32_t ok;
    uint32_t errors[N_KINDS + 1]; /* the last: any other negative result */
    uint32_t spawned, killed, faulted;
    uint32_t wrong;  /* results that contradict the arguments (a bad pointer accepted, ...) */
    uint32_t broken; /* kcheck() failures */
};

struct ktest_fuzz_params ktest_fuzz_params USER_SHARED; /* written by src/ktests/test_fuzz.c */
static struct fuzz_tally tallies[FUZZ_WORKERS] USER_SHARED;
static int worker_pids[FUZZ_WORKERS] USER_SHARED;
static int driver_pid USER_SHARED;

/* ---- each process's private state (every process has its own copy of these) ---- */

static uint64_t rng;
static uint32_t seed_shown; /* seed= of the run, for the lines that report a problem */
#define SCRATCH_SIZE (4096 + 64)
/* Where results land: one buffer per worker, and one the children share. They are in the shared
 * pages, not in each process's private data, so that they cost no page per process (every
 * process of the system copies the image's private data at its spawn). */
static uint8_t scratches[FUZZ_WORKERS + 1][SCRATCH_SIZE] USER_SHARED __attribute__((aligned(8)));
static uint8_t *scratch; /* this process's */

/* What write() may print: lines of dots, in the code pages (read-only, shared, no cost). */
#define DOTS16  "...............\n"
#define DOTS64  DOTS16 DOTS16 DOTS16 DOTS16
#define DOTS256 DOTS64 DOTS64 DOTS64 DOTS64
#define DOTS1K  DOTS256 DOTS256 DOTS256 DOTS256
static const char text[] = DOTS1K DOTS1K DOTS1K DOTS1K DOTS256;
static const char unterminated[64] = {[0 ... 63] = 'x'}; /* a name with no NUL */

static uint32_t pick(const uint32_t *from, uint32_t n)
{
    return from[random_below(&rng, n)];
}
#define PICK(...)                                                                                  \
    pick((const uint32_t[]){__VA_ARGS__},                                                          \
         sizeof((const uint32_t[]){__VA_ARGS__}) / sizeof(uint32_t))

/* Any integer at all: boundaries, small numbers, random bits. */
static uint32_t any_int(void)
{
    switch (random_below(&rng, 4)) {
    case 0: return PICK(0, 1, 0xffffffffu, INT_MIN_U, INT_MAX_U, INT_MIN_U + 1, 0xfffffffeu);
    case 1: return random_below(&rng, 64);
    case 2: return (uint32_t)random_next(&rng);
    default: return 0 - random_below(&rng, 64);
    }
}

/* The same, but never an address in the user window (it could then be written to). */
static uint32_t any_int_outside(void)
{
    uint32_t a = any_int();
    return a >= USER_BASE && a < USER_TOP ? a ^ 0x80000000u : a;
}

/* A pointer to `len` bytes: the good buffer (aligned or not) or one of the bad kinds. *bad is
 * set when no access of len > 0 bytes there can be allowed. writable: the kernel writes there
 * (code is then bad too); read-only buffers are never code, so that write() prints only text. */
static uint32_t any_ptr(uint32_t good, uint32_t len, int writable, int *bad)
{
    uint32_t stack_lo = USER_TOP - USER_STACK_SIZE;
    *bad = 1;
    switch (random_below(&rng, 16)) {
    case 0: return 0; /* NULL */
    case 1: return PICK(0x8000, 0x100, 0x00100000, 0x3c000000, 0x80000000u, 0xc0000000u);
    case 2: return PICK(0x3f000000, 0x3f003004, 0x3f201000, 0x40000000, 0x40000060);
    case 3: return len > 4 ? USER_TOP - 4 : USER_TOP;   /* crossing the window's end */
    case 4: return 0xffffffffu - random_below(&rng, 8); /* wrapping around 2^32 */
    case 5:
        return stack_lo - USER_PAGE +
               random_below(&rng, USER_PAGE);              /* the guard page under the stack */
    case 6: return len > 8 ? stack_lo - 8 : stack_lo - 64; /* from the guard into the stack */
    case 7: return USER_BASE - 4 - random_below(&rng, 2);  /* just below the window */
    case 8: {
        /* The first page past the heap's end: unmapped (the heap is far below the stack). */
        uint32_t brk = (uint32_t)sbrk(0);
        return (brk + USER_PAGE - 1) & ~(USER_PAGE - 1);
    }
    case 9:
        if (writable)
            return USER_BASE + random_below(&rng, 64) * 4; /* its own code: read-only */
        /* fall through */
    case 10: {
        /* Another process's stack in RAM (proc_info's stack_phys): only the kernel maps it. */
        struct proc_info *info = (struct proc_info *)scratch;
        int other = worker_pids[random_below(&rng, FUZZ_WORKERS)];
        if (other > 0 && proc_info(other, info) == 0 && info->stack_phys)
            return info->stack_phys & ~3u;
        return 0x1000;
    }
    case 11: *bad = 0; return good + 1 + random_below(&rng, 3); /* unaligned, inside the buffer */
    default: *bad = 0; return good;
    }
}

/* A length: mostly small, sometimes 0, the largest allowed, one past it, or huge. */
static uint32_t any_len(uint32_t max)
{
    switch (random_below(&rng, 8)) {
    case 0: return 0;
    case 1: return max;
    case 2: return max + 1;
    case 3: return PICK(0xffffffffu, INT_MAX_U, INT_MIN_U, 0x10000000u, 0x10000001u);
    default: return random_below(&rng, max < 64 ? max + 1 : 64);
    }
}

/* ---- children: each kind of process a worker spawns, its argument says how it behaves ---- */

static int kid_exit(uint32_t code)
{
    return (int)code;
}

static int kid_sleep(uint32_t us)
{
    sleep_us(us);
    return 0;
}

static int kid_sleep_until(uint32_t t)
{
    return sleep_until(((uint64_t)t << 32) | t); /* 0 is long past; anything else is far away */
}

/* Sleeps a little more than 2^32 us (71.6 minutes of virtual time, skipped at once under
 * --icount when everyone else sleeps too): a wake-up past the 32-bit compare's wrap, which the
 * timer queue reaches in steps. In the fuzz it is killed before; the driver waits for one. */
static int kid_wrap(uint32_t extra_us)
{
    return sleep_until(time_us() + (1ull << 32) + extra_us % 1000);
}

static int kid_spin(uint32_t loops)
{
    for (volatile uint32_t i = 0; i < loops % 200000u; i++)
        ;
    return 0;
}

/* Blocks until killed: no input comes. Ends at once with 0 for a read of 0 bytes or when
 * another process is the reader already (-EBUSY); 1 for anything else. */
static int kid_read(uint32_t len)
{
    char buf[16];
    int r = read(buf, len % sizeof buf);
    return r == 0 || r == -EBUSY ? 0 : 1;
}

static int kid_fault(uint32_t how)
{
    uint32_t stack_lo = USER_TOP - USER_STACK_SIZE;
    switch (how % 8) {
    case 0: return (int)*(volatile uint32_t *)0;                 /* NULL */
    case 1: return (int)*(volatile uint32_t *)0x8000;            /* the kernel */
    case 2: *(volatile uint32_t *)0x3f003010 = 1; return 0;      /* a peripheral: compare 1 */
    case 3: *(volatile uint32_t *)(stack_lo - 16) = 1; return 0; /* the guard page */
    case 4: *(volatile uint32_t *)USER_BASE = 0; return 0;       /* its own code */
    case 5: return ((int (*)(void))0x8000)();                    /* jump into the kernel */
    case 6:
        /* ldm at an address not word-aligned (its own, mapped): an alignment fault always */
        __asm__ volatile("ldm %0, {r1, r2}" ::"r"(scratches[FUZZ_WORKERS] + 2)
                         : "r1", "r2", "memory");
        return 0;
    default: __asm__ volatile(".word 0xe7f000f0"); return 0; /* undefined instruction */
    }
}

static int kid_self_kill(uint32_t unused)
{
    (void)unused;
    return kill(getpid());
}

static int kid_wait_parent(uint32_t unused)
{
    (void)unused;
    struct proc_info info;
    if (proc_info(getpid(), &info))
        return 1;
    return wait(info.parent) == -ESRCH && wait(0) == -ESRCH && wait(getpid()) == -EINVAL ? 0 : 1;
}

/* Spawns two short sleepers, waits for the first when how & 2 (and may be killed while it
 * waits), then returns, orphaning the other (how & 1 clear) or sleeps until killed. */
static int kid_spawner(uint32_t how)
{
    int first = spawn(kid_sleep, 100 + how % 3000, "fz-grandkid");
    spawn(kid_sleep, 50 + how % 700, "fz-grandkid");
    if ((how & 2) && first > 0) {
        int r = wait(first);
        if (r != 0 && r != -EINTR) /* a privileged worker may kill it */
            return 1;
    }
    if (how & 1)
        sleep_us(0xffffffffu);
    return 0;
}

/* Grows its heap by up to a little more than the bound and writes every page of what it got;
 * then gives it back, or (odd sizes) keeps it and sleeps until killed: pages run short. */
static int kid_heap(uint32_t bytes)
{
    int n = (int)(bytes % (USER_HEAP_MAX + 2 * USER_PAGE));
    int old = sbrk(n);
    if (old < 0)
        return old == -ENOMEM ? 0 : 1;
    for (int i = 0; i < n; i += (int)USER_PAGE)
        ((volatile uint8_t *)(uintptr_t)old)[i] = (uint8_t)i;
    if (bytes & 1)
        sleep_us(0xffffffffu);
    return sbrk(-n) == old + n ? 0 : 2;
}

/* A few random calls of its own, with no capability left, none that could block for long: it
 * must end by itself. Returns 0 when the kernel's books held. */
static int kid_fuzz(uint32_t seed)
{
    rng = seed;
    scratch = scratches[FUZZ_WORKERS];
    caps_drop(CAP_ALL);
    int bad, broken = 0, victim;
    for (int i = 0; i < 24; i++) {
        uint32_t a = any_int(), nr;
        switch (random_below(&rng, 10)) {
        case 0: yield(); break;
        case 1: sleep_us(random_below(&rng, 500)); break;
        case 2:
            victim = (int)random_below(&rng, 64);
            kill(victim == getpid() ? 0 : victim); /* EPERM or ESRCH: it has no capability */
            break;
        case 3: proc_info((int)a, (struct proc_info *)(uintptr_t)any_ptr(0, 1, 1, &bad)); break;
        case 4: proc_next((int)a); break;
        case 5: sbrk((int)a); break;
        case 6: set_quantum(a); break;
        case 7: sched_policy("prio", 0); break;
        case 8:
            /* Any number but those that could block, print, end it or kill it. */
            nr = PICK(0, SYS_YIELD, SYS_GETPID, SYS_TIME_US, SYS_SET_QUANTUM, SYS_PROC_INFO,
                      SYS_KSTATS, SYS_PROC_NEXT, SYS_TIMERS, SYS_SCHED, SYS_TRACE, SYS_MEMINFO,
                      SYS_REBOOT, SYS_SBRK, SYS_BOOT_MODES, SYS_JOB_NEXT, SYS_CAPS, SYS_KCHECK,
                      SYS_KCHECK + 1);
            syscall3(nr, random_below(&rng, 2) ? any_int_outside() : any_ptr(0, 64, 1, &bad),
                     random_below(&rng, 2) ? any_int_outside() : any_ptr(0, 64, 1, &bad),
                     any_int_outside());
            break;
        default: broken |= kcheck() != 0; break;
        }
    }
    return broken;
}

struct kid_kind {
    entry_fn entry;
    const char *name;
    int finite; /* ends by itself whatever its argument (the others may need a kill) */
};
static const struct kid_kind kid_kinds[] = {
    {kid_exit, "fz-exit", 1},          {kid_sleep, "fz-sleep", 0},
    {kid_sleep_until, "fz-until", 0},  {kid_spin, "fz-spin", 1},
    {kid_read, "fz-read", 0},          {kid_fault, "fz-fault", 1},
    {kid_self_kill, "fz-selfkill", 1}, {kid_wait_parent, "fz-waitparent", 1},
    {kid_spawner, "fz-spawner", 0},    {kid_fuzz, "fz-fuzz", 1},
    {kid_heap, "fz-heap", 0},
};
#define N_KID_KINDS (sizeof kid_kinds / sizeof kid_kinds[0])
/* Rarer: its far deadline is one more kind of timer in the queue. */
static const struct kid_kind kid_wrap_kind = {kid_wrap, "fz-wrap", 0};

/* ---- a worker ---- */

struct kid {
    int pid;
    int finite; /* it ends by itself, or was killed: wait() for it cannot block forever */
    int killed;
    entry_fn entry;
    uint32_t arg;
};

struct worker {
    int index, pid, privileged;
    struct kid kids[FUZZ_KIDS_MAX];
    int nkids;
    int dead[FUZZ_DEAD_MAX];
    uint32_t ndead;
    struct fuzz_tally *t;
};

/* Each worker's state: in the shared pages too (80 children's records are not small), each
 * worker using only its own. */
static struct worker workers[FUZZ_WORKERS] USER_SHARED;
static struct worker *w;

static void count(int r)
{
    if (r >= 0) {
        w->t->ok++;
        return;
    }
    unsigned k = 0;
    while (k < N_KINDS && r != -counted_errors[k])
        k++;
    w->t->errors[k]++;
}

/* A result that contradicts the arguments: reported with the seed, to be replayed. */
static void wrong(const char *call, uint32_t a, uint32_t b, int r, const char *why)
{
    w->t->wrong++;
    uprintf("fuzz: seed=%u worker %d call %u: %s(%08x, %08x) = %d: %s\n", (unsigned)seed_shown,
            w->index, (unsigned)w->t->calls, call, (unsigned)a, (unsigned)b, r, why);
}

/* kcheck() gave r: the kernel's books are broken unless it is 0. Returns r. */
static int books_hold(int r)
{
    if (r) {
        w->t->broken++;
        uprintf("fuzz: seed=%u worker %d after call %u: the kernel's books are broken (%d)\n",
                (unsigned)seed_shown, w->index, (unsigned)w->t->calls, r);
    }
    return r;
}

/* What a failed call must leave as it was. The probes that read it are not counted as calls. */
struct state {
    uint32_t switches_first, switches_last; /* around the probe: another process may run in it */
    uint32_t procs, quantum_us;
    int brk;
    char policy[PROC_NAME_MAX];
};

static void probe(struct state *st)
{
    struct kstats k;
    kstats(&k);
    st->switches_first = k.switches;
    st->procs = k.procs;
    st->quantum_us = k.quantum_us;
    st->brk = sbrk(0);
    for (int i = 0; i < PROC_NAME_MAX; i++)
        st->policy[i] = 0;
    sched_policy(0, st->policy);
    kstats(&k);
    st->switches_last = k.switches;
}

/* A call that fails changes nothing: checked when no other process ran from the first read of
 * the probe before the call to the last read of the one after it (one that did may have changed
 * the same things: the switch count is read at both ends of each probe for that). */
static void expect_unchanged_if_failed(const struct state *before, const char *call, uint32_t a,
                                       uint32_t b, int r)
{
    struct state now;
    if (r >= 0)
        return;
    probe(&now);
    if (now.switches_last != before->switches_first)
        return;
    int same = now.procs == before->procs && now.quantum_us == before->quantum_us &&
               now.brk == before->brk;
    for (int i = 0; i < PROC_NAME_MAX; i++)
        same &= now.policy[i] == before->policy[i];
    if (!same)
        wrong(call, a, b, r, "the call failed but changed something");
}

static void expect_error_if(int bad, const char *call, uint32_t a, uint32_t b, int r)
{
    if (bad && r >= 0)
        wrong(call, a, b, r, "a bad pointer was accepted");
}

static int own_kid(int pid)
{
    for (int i = 0; i < w->nkids; i++)
        if (w->kids[i].pid == pid)
            return i;
    return -1;
}

static void forget_kid(int i)
{
    w->dead[w->ndead++ % FUZZ_DEAD_MAX] = w->kids[i].pid;
    w->kids[i] = w->kids[--w->nkids];
}

/* What wait() must return for a child that ended: -EINTR when killed, else its own end. */
static int kid_expected_end(const struct kid *k)
{
    if (k->killed || k->entry == kid_self_kill)
        return -EINTR;
    if (k->entry == kid_exit)
        return (int)k->arg;
    if (k->entry == kid_fault)
        return -EFAULT;
    if (k->entry == kid_sleep_until)
        return SLEEP_LATE;
    return 0;
}

/* wait() gave r for child i: checked, counted, and the child forgotten. */
static void reaped(int i, int r)
{
    const struct kid *k = &w->kids[i];
    if (r != kid_expected_end(k) && r != -EINTR) { /* a privileged sibling may have killed it */
        w->t->wrong++;
        uprintf("fuzz: seed=%u worker %d call %u: wait(%d) = %d for a child of entry %08x arg "
                "%08x%s: expected %d\n",
                (unsigned)seed_shown, w->index, (unsigned)w->t->calls, k->pid, r,
                (unsigned)(uintptr_t)k->entry, (unsigned)k->arg, k->killed ? " (killed)" : "",
                kid_expected_end(k));
    }
    w->t->faulted += r == -EFAULT;
    forget_kid(i);
}

/* A pid to aim at: nonsense, the driver (pid of a parent), a sibling worker, a child of its
 * own (live or dead), a pid never handed out, itself when allow_self. */
static int any_pid(int allow_self, int allow_siblings)
{
    switch (random_below(&rng, 8)) {
    case 0: return (int)PICK(0, 0xffffffffu, INT_MIN_U, INT_MAX_U);
    case 1: return driver_pid == 1 ? 1 : 1000000; /* pid 1 may never be killed; others may */
    case 2: {
        int sibling = worker_pids[random_below(&rng, FUZZ_WORKERS)];
        return allow_siblings && sibling != w->pid ? sibling
                                                   : 100000 + (int)random_below(&rng, 1000);
    }
    case 3:
        return w->ndead ? w->dead[random_below(&rng,
                                               w->ndead < FUZZ_DEAD_MAX ? w->ndead : FUZZ_DEAD_MAX)]
                        : -1;
    case 4: return allow_self ? w->pid : 0;
    case 5: return 100000 + (int)random_below(&rng, 1000); /* never existed */
    default: return w->nkids ? w->kids[random_below(&rng, (uint32_t)w->nkids)].pid : 0;
    }
}

static void do_spawn(void)
{
    const struct kid_kind *k =
        random_below(&rng, 64) ? &kid_kinds[random_below(&rng, N_KID_KINDS)] : &kid_wrap_kind;
    uint32_t entry = (uint32_t)(uintptr_t)k->entry, arg;
    int bad_entry = 1;
    switch (random_below(&rng, 8)) {
    case 0: entry = PICK(0, 0x8000, 0x3f000000, USER_TOP, 0xfffffffcu, USER_BASE - 4); break;
    case 1: entry += 1 + random_below(&rng, 3); break;   /* unaligned */
    case 2: entry = (uint32_t)(uintptr_t)scratch; break; /* data, not code */
    default: bad_entry = 0; break;
    }
    switch (random_below(&rng, 4)) {
    case 0: arg = any_int(); break;
    default: arg = random_below(&rng, 4000); break;
    }
    int bad_name = 0;
    uint32_t name = (uint32_t)(uintptr_t)k->name;
    if (random_below(&rng, 4) == 0)
        name = random_below(&rng, 2) ? (uint32_t)(uintptr_t)unterminated
                                     : any_ptr(name, 1, 0, &bad_name);
    if (w->nkids == FUZZ_KIDS_MAX && !bad_entry && !bad_name)
        return; /* keeps a bound on what must be cleaned up; this draw makes no call */
    struct state st;
    probe(&st);
    int r = (int)syscall3(SYS_SPAWN, entry, arg, name);
    expect_unchanged_if_failed(&st, "spawn", entry, name, r);
    w->t->calls++;
    count(r);
    if ((bad_entry || bad_name) && r >= 0)
        wrong("spawn", entry, name, r, "a bad entry or name was accepted");
    if (r > 0 && !bad_entry && !bad_name) {
        int finite = k->finite || (k->entry == kid_sleep && arg <= 20000) ||
                     (k->entry == kid_sleep_until && arg == 0) ||
                     (k->entry == kid_spawner && !(arg & 1)) ||
                     (k->entry == kid_heap && !(arg & 1));
        w->kids[w->nkids++] = (struct kid){r, finite, 0, k->entry, arg};
        w->t->spawned++;
    }
}

/* A live process that is neither the driver nor a worker (a child or grandchild of anyone), or
 * 0: found through proc_next from a random place. */
static int any_other_live_pid(void)
{
    int pid = proc_next((int)random_below(&rng, 4096));
    for (int i = 0; i < FUZZ_WORKERS; i++)
        if (pid == worker_pids[i])
            return 0;
    return pid == driver_pid ? 0 : pid;
}

static void do_kill(void)
{
    /* A privileged worker could end a sibling or the driver: not those. It may end another
     * worker's child, which that worker then finds killed (-EINTR). */
    int foreign = w->privileged && random_below(&rng, 4) == 0;
    int pid = foreign ? any_other_live_pid() : any_pid(0, !w->privileged);
    struct state st;
    probe(&st);
    int r = kill(pid);
    expect_unchanged_if_failed(&st, "kill", (uint32_t)pid, 0, r);
    w->t->calls++;
    count(r);
    int i = own_kid(pid);
    if (r == 0) {
        w->t->killed++;
        if (i >= 0)
            w->kids[i].finite = w->kids[i].killed = 1;
        else if (!foreign)
            wrong("kill", (uint32_t)pid, 0, r, "killed a process that is not its child");
    } else if ((pid == driver_pid || pid <= 0) && r != -EPERM && r != -ESRCH) {
        wrong("kill", (uint32_t)pid, 0, r, "expected EPERM or ESRCH");
    }
}

static void do_wait(void)
{
    int pid = any_pid(1, 1);
    int i = own_kid(pid);
    if (i >= 0 && !w->kids[i].finite)
        return; /* it might never end: kill it first (another draw); no call */
    int r = wait(pid);
    w->t->calls++;
    /* A child's exit code is a result whatever its sign; how it was ended (EFAULT, EINTR) is
     * counted with the errors. */
    count(i >= 0 && r != -EFAULT && r != -EINTR ? 0 : r);
    if (i >= 0)
        reaped(i, r);
    else if (r >= 0 || r == -EFAULT || r == -EINTR) {
        wrong("wait", (uint32_t)pid, 0, r, "waited for a process that is not its child");
    }
}

static void do_write(void)
{
    uint32_t len, buf;
    int bad = 0;
    switch (random_below(&rng, 6)) {
    case 0: len = PICK(WRITE_MAX + 1, 0xffffffffu, INT_MAX_U, INT_MIN_U); break;
    case 1: len = random_below(&rng, 20) == 0 ? WRITE_MAX : 256; break;
    default: len = 16 * random_below(&rng, 3); break; /* whole lines of text, or nothing */
    }
    buf = any_ptr((uint32_t)(uintptr_t)text, len, 0, &bad);
    if (!bad && buf != (uint32_t)(uintptr_t)text) {
        buf = (uint32_t)(uintptr_t)text + 16 * random_below(&rng, 4) +
              1; /* unaligned: a line's last 15 bytes */
        len = len > WRITE_MAX ? len : 15;
    }
    int r = write((const void *)(uintptr_t)buf, len);
    w->t->calls++;
    count(r);
    if (len > WRITE_MAX && r != -EINVAL)
        wrong("write", buf, len, r, "expected EINVAL (too long)");
    else if (len <= WRITE_MAX && !bad && r != (int)len)
        wrong("write", buf, len, r, "a good buffer was not written");
    else
        expect_error_if(bad && len, "write", buf, len, r);
}

#define CANARY      0xa5
#define CANARY_SIZE 32

/* Calls whose result lands in the caller's memory: the good buffer is scratch. Around a good
 * buffer the bytes just past what the call may write are a canary: the kernel must write no
 * more than it was asked to. */
static void do_out_call(void)
{
    int bad = 0, r;
    uint32_t nr, a = 0, b = 0, ptr, len;
    const char *call;
    int einval = 0; /* the call must fail with EINVAL whatever the pointer */
    switch (random_below(&rng, 7)) {
    case 0:
        call = "proc_info", nr = SYS_PROC_INFO;
        len = sizeof(struct proc_info);
        a = (uint32_t)any_pid(1, 1);
        b = ptr = any_ptr((uint32_t)(uintptr_t)scratch, len, 1, &bad);
        break;
    case 1:
        call = "kstats", nr = SYS_KSTATS;
        len = sizeof(struct kstats);
        a = ptr = any_ptr((uint32_t)(uintptr_t)scratch, len, 1, &bad);
        break;
    case 2:
        call = "meminfo", nr = SYS_MEMINFO;
        len = sizeof(struct meminfo);
        a = ptr = any_ptr((uint32_t)(uintptr_t)scratch, len, 1, &bad);
        break;
    case 3:
        call = "timers", nr = SYS_TIMERS;
        b = any_len(TIMERS_MAX);
        einval = b > TIMERS_MAX;
        len = einval ? 0 : b * sizeof(struct timer_info);
        a = ptr = any_ptr((uint32_t)(uintptr_t)scratch, len, 1, &bad);
        break;
    case 4:
        call = "boot_modes", nr = SYS_BOOT_MODES;
        b = any_len(BOOT_MODES_TEXT_MAX);
        einval = b == 0 || b > BOOT_MODES_TEXT_MAX;
        len = einval ? 0 : b;
        a = ptr = any_ptr((uint32_t)(uintptr_t)scratch, len, 1, &bad);
        break;
    case 5:
        call = "read", nr = SYS_READ;
        b = any_len(WRITE_MAX);
        einval = b > WRITE_MAX;
        len = einval ? 0 : b;
        a = ptr = any_ptr((uint32_t)(uintptr_t)scratch, len, 1, &bad);
        if (len && !bad)
            return; /* would block for ever: no input comes (fz-read children block instead) */
        break;
    default: {
        /* sched(name, out): switch policy and/or say which. */
        static const char *const names[] = {"rr", "prio", "stride", "edf", "rm", "dm", "", "fifo"};
        call = "sched", nr = SYS_SCHED;
        int bad_name = 0;
        switch (random_below(&rng, 4)) {
        case 0: a = 0; break;
        case 1:
            a = any_ptr((uint32_t)(uintptr_t) "rr", 1, 0, &bad_name);
            bad_name &= a != 0; /* NULL: keep the policy */
            break;
        case 2: a = (uint32_t)(uintptr_t)unterminated; break;
        default: a = (uint32_t)(uintptr_t)names[random_below(&rng, 8)]; break;
        }
        len = PROC_NAME_MAX;
        b = ptr = random_below(&rng, 3) ? any_ptr((uint32_t)(uintptr_t)scratch, len, 1, &bad) : 0;
        if (!b)
            len = 0;
        bad |= bad_name;
        break;
    }
    }
    uint8_t *canary = (uint8_t *)(uintptr_t)ptr + len;
    int guarded =
        !bad && len && canary >= scratch && canary + CANARY_SIZE <= scratch + SCRATCH_SIZE;
    if (guarded)
        for (int i = 0; i < CANARY_SIZE; i++)
            canary[i] = CANARY;
    struct state st;
    probe(&st);
    r = (int)syscall3(nr, a, b, 0);
    expect_unchanged_if_failed(&st, call, a, b, r);
    w->t->calls++;
    count(r);
    if (einval && r != -EINVAL)
        wrong(call, a, b, r, "expected EINVAL (a size out of range)");
    expect_error_if(bad && len, call, a, b, r);
    for (int i = 0; guarded && i < CANARY_SIZE; i++)
        if (canary[i] != CANARY) {
            wrong(call, a, b, r, "wrote past the end of the buffer it was given");
            break;
        }
}

/* Calls with no pointer: numbers, policies, the heap, capabilities, unknown numbers. */
static void do_plain_call(void)
{
    uint32_t a = 0;
    int r;
    switch (random_below(&rng, 14)) {
    case 0:
        r = getpid();
        if (r != w->pid)
            wrong("getpid", 0, 0, r, "not its pid");
        break;
    case 1: r = yield(); break;
    case 2: r = sleep_us(PICK(0, 1, 10, 100, 999, random_below(&rng, 2000))); break;
    case 3: {
        uint64_t now = time_us();
        uint64_t t =
            random_below(&rng, 2) ? now + random_below(&rng, 2000) : PICK(0, 1, (uint32_t)now);
        r = sleep_until(t);
        if (t <= now && r != SLEEP_LATE)
            wrong("sleep_until", (uint32_t)t, (uint32_t)(t >> 32), r, "expected SLEEP_LATE");
        break;
    }
    case 4: r = (int)(time_us() >> 63); break; /* no error possible: counts as ok */
    case 5:
        a = random_below(&rng, 3)   ? any_int()
            : random_below(&rng, 8) ? 100 + random_below(&rng, 20000)
                                    : QUANTUM_MAX_US;
        struct state st;
        probe(&st);
        r = set_quantum(a);
        expect_unchanged_if_failed(&st, "set_quantum", a, 0, r);
        if (w->privileged && (a < QUANTUM_MIN_US || a > QUANTUM_MAX_US) && r != -EINVAL)
            wrong("set_quantum", a, 0, r, "expected EINVAL (out of range)");
        break;
    case 6: r = proc_next((int)(a = any_int())); break;
    case 7:
        /* TRACE_DUMP would print the whole ring with IRQs masked (issue 16): stop instead. */
        a = PICK(0, TRACE_START, TRACE_STOP, TRACE_DUMP, 4, 0xffffffffu);
        r = trace_ctl(a == TRACE_DUMP ? TRACE_STOP : a);
        break;
    case 8: {
        static const uint32_t sizes[] = {0,         1,           4096,          0xfffff000u,
                                         65536,     0xffff0000u, USER_HEAP_MAX, USER_HEAP_MAX + 1,
                                         INT_MIN_U, INT_MAX_U};
        a = sizes[random_below(&rng, sizeof sizes / sizeof sizes[0])];
        struct state st;
        probe(&st);
        r = sbrk((int)a);
        expect_unchanged_if_failed(&st, "sbrk", a, 0, r);
        break;
    }
    case 9:
        /* Capabilities go for good: a privileged worker drops none of the ones it fuzzes. */
        a = w->privileged ? PICK(0, CAP_REBOOT, ~CAP_ALL) : any_int();
        r = (int)caps_drop(a);
        break;
    case 10:
        r = reboot();
        if (r != -EPERM)
            wrong("reboot", 0, 0, r, "expected EPERM");
        break;
    case 11: r = job_next(); break;
    case 12:
        a = PICK(0, SYS_KCHECK + 1, 100, 255, 0xffffffffu, INT_MIN_U, SYS_EXIT + 1000);
        r = (int)syscall3(a, any_int(), any_int(), any_int());
        if (r != -ENOSYS)
            wrong("syscall", a, 0, r, "expected ENOSYS (no such call)");
        break;
    default: r = books_hold(kcheck()); break;
    }
    w->t->calls++;
    count(r);
}

static int fuzz_worker(uint32_t index)
{
    w = &workers[index];
    scratch = scratches[index];
    w->index = (int)index;
    w->pid = getpid();
    w->t = &tallies[index];
    seed_shown = ktest_fuzz_params.seed;
    rng = ((uint64_t)ktest_fuzz_params.seed << 8) ^ (index + 1) * 0x2545f4914f6cdd1dull;
    /* Even workers keep kill, sched and trace; odd ones have nothing (their calls get EPERM).
     * Nobody keeps reboot: it would end the run. */
    w->privileged = !(index & 1);
    caps_drop(w->privileged ? CAP_REBOOT : CAP_ALL);
    uint32_t calls = ktest_fuzz_params.calls / FUZZ_WORKERS +
                     (index == 0 ? ktest_fuzz_params.calls % FUZZ_WORKERS : 0);
    while (w->t->calls < calls) {
        uint32_t before = w->t->calls;
        switch (random_below(&rng, 16)) {
        case 0:
        case 1: do_spawn(); break;
        case 2: do_kill(); break;
        case 3:
        case 4: do_wait(); break;
        case 5: do_write(); break;
        case 6:
        case 7:
        case 8:
        case 9: do_out_call(); break;
        default: do_plain_call(); break;
        }
        if (w->t->calls != before && w->t->calls % FUZZ_CHECK_EVERY == 0)
            books_hold(kcheck());
    }
    /* Its children go: killed (those that ended already say ESRCH) and waited for. */
    while (w->nkids) {
        if (kill(w->kids[0].pid) == 0)
            w->kids[0].killed = 1;
        reaped(0, wait(w->kids[0].pid));
    }
    return 0;
}

/* ---- the driver ---- */

struct books {
    uint32_t free_pages, procs, quantum_us, timers;
    char policy[PROC_NAME_MAX];
};

static struct fuzz_tally total;
static struct books before, after;
static int workers_ok, settled, kcheck_end;

static void read_books(struct books *b)
{
    struct meminfo m;
    struct kstats k;
    meminfo(&m);
    kstats(&k);
    b->free_pages = m.free_pages;
    b->procs = k.procs;
    b->quantum_us = k.quantum_us;
    b->timers = (uint32_t)timers(0, 0);
    sched_policy(0, b->policy);
}

static void every_call_was_made(void)
{
    UT_ASSERT_EQ(total.calls, ktest_fuzz_params.calls);
}

static void every_worker_ended_well(void)
{
    UT_ASSERT_EQ(workers_ok, FUZZ_WORKERS);
}

static void every_result_fits_its_arguments(void)
{
    UT_ASSERT_EQ(total.wrong, 0);
}

static void the_kernel_books_held_throughout(void)
{
    UT_ASSERT_EQ(total.broken, 0);
    UT_ASSERT_EQ(kcheck_end, 0);
}

static void every_page_came_back(void)
{
    UT_ASSERT_EQ(after.free_pages, before.free_pages);
}

static void every_process_slot_came_back(void)
{
    UT_ASSERT(settled);
    UT_ASSERT_EQ(after.procs, before.procs);
}

static void no_timer_was_left_behind(void)
{
    UT_ASSERT_EQ(after.timers, before.timers);
}

/* After the load, a sleep past the wrap once more: it must end neither early nor late. */
static uint64_t wrap_slept_us;
static int wrap_result;

static void a_sleep_past_the_32_bit_wrap_ends_on_time(void)
{
    UT_ASSERT_EQ(wrap_result, 0);
    UT_ASSERT(wrap_slept_us >= (1ull << 32) + 500);
    UT_ASSERT(wrap_slept_us < (1ull << 32) + 500 + 10000);
}

static void the_policy_and_quantum_are_restored(void)
{
    UT_ASSERT_EQ(after.quantum_us, before.quantum_us);
    for (int i = 0; i < PROC_NAME_MAX; i++)
        UT_ASSERT_EQ(after.policy[i], before.policy[i]);
}

static const struct utest_case cases[] = {
    {"every_call_was_made", every_call_was_made},
    {"every_worker_ended_well", every_worker_ended_well},
    {"every_result_fits_its_arguments", every_result_fits_its_arguments},
    {"a_sleep_past_the_32_bit_wrap_ends_on_time", a_sleep_past_the_32_bit_wrap_ends_on_time},
    {"the_kernel_books_held_throughout", the_kernel_books_held_throughout},
    {"every_page_came_back", every_page_came_back},
    {"every_process_slot_came_back", every_process_slot_came_back},
    {"no_timer_was_left_behind", no_timer_was_left_behind},
    {"the_policy_and_quantum_are_restored", the_policy_and_quantum_are_restored},
};

int user_test_fuzz(uint32_t report)
{
    uint32_t seed = ktest_fuzz_params.seed, calls = ktest_fuzz_params.calls;
    driver_pid = getpid();
    for (int i = 0; i < FUZZ_WORKERS; i++) {
        tallies[i] = (struct fuzz_tally){0};
        workers[i] = (struct worker){0};
    }
    uprintf("fuzz: seed=%u calls=%u in %d processes\n", (unsigned)seed, (unsigned)calls,
            FUZZ_WORKERS);
    read_books(&before);
    uint64_t start_us = time_us();
    /* The whole run happens past 2^32 us, with the system timer's high word at 1: the machine
     * is idle, so under --icount this sleep takes no host time. */
    sleep_until(start_us + (1ull << 32));
    for (int i = 0; i < FUZZ_WORKERS; i++) {
        static const char *const names[FUZZ_WORKERS] = {"fuzz-0", "fuzz-1", "fuzz-2", "fuzz-3"};
        worker_pids[i] = spawn(fuzz_worker, (uint32_t)i, names[i]);
    }
    for (int i = 0; i < FUZZ_WORKERS; i++) {
        int r = worker_pids[i] > 0 ? wait(worker_pids[i]) : worker_pids[i];
        if (r == 0)
            workers_ok++;
        else
            uprintf("fuzz: seed=%u worker %d ended with %d\n", (unsigned)seed, i, r);
    }
    /* What the workers changed, put back; orphaned grandchildren finish their short sleeps. */
    sched_policy(before.policy, 0);
    set_quantum(before.quantum_us);
    trace_ctl(TRACE_STOP);
    struct kstats k;
    for (uint32_t waited = 0; waited < FUZZ_SETTLE_US && !settled; waited += 1000) {
        kstats(&k);
        settled = k.procs == before.procs;
        if (!settled)
            sleep_us(1000);
    }
    uint64_t t0 = time_us();
    int wrap = spawn(kid_wrap, 500, "fz-wrap");
    wrap_result = wrap > 0 ? wait(wrap) : wrap;
    wrap_slept_us = time_us() - t0;
    read_books(&after);
    if (!settled)
        for (int pid = proc_next(0); pid > 0; pid = proc_next(pid)) {
            struct proc_info info;
            if (pid != driver_pid && proc_info(pid, &info) == 0)
                uprintf("fuzz: seed=%u left behind: pid %d (%s), parent %d, state %d\n",
                        (unsigned)seed, pid, info.name, info.parent, info.state);
        }
    kcheck_end = kcheck();
    for (int i = 0; i < FUZZ_WORKERS; i++) {
        const struct fuzz_tally *t = &tallies[i];
        total.calls += t->calls;
        total.ok += t->ok;
        for (unsigned e = 0; e <= N_KINDS; e++)
            total.errors[e] += t->errors[e];
        total.spawned += t->spawned;
        total.killed += t->killed;
        total.faulted += t->faulted;
        total.wrong += t->wrong;
        total.broken += t->broken;
    }
    uprintf("fuzz: seed=%u calls=%u errors", (unsigned)seed, (unsigned)total.calls);
    for (unsigned e = 0; e < N_KINDS; e++)
        uprintf(" %s=%u", errno_name(counted_errors[e]), (unsigned)total.errors[e]);
    uprintf(" other=%u ok=%u spawned=%u killed=%u faulted=%u wrong=%u virtual_s=%u kernel "
            "panics=0\n",
            (unsigned)total.errors[N_KINDS], (unsigned)total.ok, (unsigned)total.spawned,
            (unsigned)total.killed, (unsigned)total.faulted, (unsigned)total.wrong,
            (unsigned)((time_us() - start_us) / 1000000));
    utest_run("fuzz", cases, sizeof cases / sizeof cases[0], (struct ktest_user_report *)report);
    struct ktest_user_report *rep = (struct ktest_user_report *)report;
    if (rep->failed)
        uprintf("fuzz: seed=%u failed: replay with ./qemu.sh --icount test=fuzz seed=%u calls=%u\n",
                (unsigned)seed, (unsigned)seed, (unsigned)calls);
    return 0;
}
