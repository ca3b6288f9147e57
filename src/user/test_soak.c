/* test=soak, the user-mode driver: SOAK_PROCS processes for `seconds` of virtual time. Sleepers
 * sleep until random deadlines and check every wake-up against the deadline they recorded;
 * CPU hogs spin and must share the CPU as the policy promises; spawners start short-lived
 * children (that exit, spin, sleep or grow their heap) and wait for them. At the end the driver
 * checks that no wake-up was lost (a sleeper that never came back, or a wake-up the kernel
 * counted that its sleeper did not see) and none came early, the hogs' shares, and the kernel's
 * books: pages, process slots, timers and kcheck(). One PRNG per process (splitmix64) seeded
 * from seed=, and QEMU's --icount, make a run repeat byte for byte. inject= plants a defect, to
 * show that each check can fail. docs/robustness.md gives the figures, docs/tutorial/08-sleep.md
 * the tour. */
#include "ktests/soak.h"
#include "lib/string.h"
#include "user/random.h"
#include "user/utest.h"

#define SOAK_SLEEPERS  48
#define SOAK_HOGS      4
#define SOAK_SPAWNERS  12
#define SOAK_PROCS     (SOAK_SLEEPERS + SOAK_HOGS + SOAK_SPAWNERS)
#define SOAK_SLEEP_MAX 500000u /* the farthest deadline a sleeper picks, in us from now */
/* How long after its deadline a sleeper may take to come back before it counts as lost: under
 * round-robin a woken process waits at most one turn of everyone ready ahead of it, at most 100
 * processes here (the 64, the driver, 3 children per spawner), 1 s with the default 10 ms
 * quantum. Twice that to be sure: SOAK_GRACE_TURNS quanta, and never less than 2 s. */
#define SOAK_GRACE_TURNS 200
#define SOAK_GRACE_MIN   2000000u
#define SOAK_CHECK_US    1000000u /* the driver's kcheck() period: once a virtual second */
#define SOAK_REPORT_S    60       /* a progress line this often (virtual seconds) */
#define SOAK_INJECT_AT   5        /* the sleep of sleeper 0 that an injection hits */
#define SOAK_SHOW_MAX    4        /* problems of one kind printed in full */
/* A wake-up this close to its deadline found the CPU free (no hog's turn in the way): only such
 * wake-ups would show a kernel that wakes a little too soon, so the summary counts them. */
#define SOAK_PROMPT_US 100

_Static_assert(SOAK_PROCS == 64, "issue 16 asks for a soak of 64 processes");

/* The defects inject= plants; each must make a check fail. */
enum soak_inject {
    INJECT_NONE,
    INJECT_EARLY,     /* sleeper 0 records a deadline 1 s later than the one it sleeps until */
    INJECT_LOST,      /* sleeper 0 records a deadline 1 h earlier than the one it sleeps until */
    INJECT_UNCOUNTED, /* sleeper 0 leaves one wake-up out of its tally */
    INJECT_UNFAIR,    /* hog 0 gives up its turn early, again and again */
    INJECT_LEAK,      /* the driver keeps a process (its slot and pages) past the end */
    INJECT_UNKNOWN,
};
static const char *const inject_names[] = {"", "early", "lost", "uncounted", "unfair", "leak"};

/* What a sleeper reports; the driver reads it. */
struct sleeper_book {
    uint64_t deadline; /* of the sleep under way, or of the last one */
    int asleep;        /* between recording the deadline and seeing the call return */
    uint32_t seen;     /* wake-ups seen (sleep_until() returned 0), each checked: early or not */
    uint32_t passed;   /* calls that found their deadline passed already (SLEEP_LATE) */
    uint32_t early;    /* wake-ups before the deadline */
    uint32_t bad;      /* results other than 0 and SLEEP_LATE */
    uint64_t late_sum, late_min, late_max; /* lateness of the wake-ups not early, us */
    uint32_t prompt; /* wake-ups less than SOAK_PROMPT_US late: the CPU was free for them */
};

struct spawner_book {
    uint32_t spawned;
    uint32_t refused; /* spawn() errors: the table never fills here, so each is a failure */
    uint32_t wrong;   /* children that ended otherwise than asked */
};

struct ktest_soak_params ktest_soak_params USER_SHARED; /* written by src/ktests/test_soak.c */
static volatile int stop USER_SHARED;                   /* set by the driver at the end */
static int inject USER_SHARED;                          /* enum soak_inject */
static struct sleeper_book sleepers[SOAK_SLEEPERS] USER_SHARED;
static struct spawner_book spawners[SOAK_SPAWNERS] USER_SHARED;

/* ---- each process's private state ---- */

static uint64_t rng;

/* Each process its own stream: the role and index decide it with the seed. */
static void rng_start(uint32_t role, uint32_t index)
{
    rng = ((uint64_t)ktest_soak_params.seed << 16) ^
          ((role << 8) + index + 1) * 0x2545f4914f6cdd1dull;
}

/* ---- sleepers ---- */

/* A deadline: near, middling or far, on a whole millisecond (so that sleepers share deadlines),
 * or one step on from the last deadline, as a drift-free periodic loop does (often passed
 * already: the SLEEP_LATE path). Never more than SOAK_SLEEP_MAX from now. */
static uint64_t sleeper_pick(uint64_t now, uint64_t last)
{
    switch (random_below(&rng, 8)) {
    case 0:
    case 1: return now + 1 + random_below(&rng, 1000);
    case 2:
    case 3:
    case 4: return now + 1 + random_below(&rng, 20000);
    case 5: return now + 1 + random_below(&rng, SOAK_SLEEP_MAX);
    case 6: return (now / 1000 + 1 + random_below(&rng, 20)) * 1000;
    default: {
        uint64_t t = last + 1 + random_below(&rng, 20000);
        return t > now + SOAK_SLEEP_MAX ? now + SOAK_SLEEP_MAX : t;
    }
    }
}

static int soak_sleeper(uint32_t index)
{
    struct sleeper_book *b = &sleepers[index];
    rng_start(1, index);
    b->late_min = ~0ull;
    uint64_t last = time_us();
    for (uint32_t n = 1; !stop; n++) {
        uint64_t asked = sleeper_pick(time_us(), last);
        int planted = index == 0 && n == SOAK_INJECT_AT && inject != INJECT_NONE;
        if (planted)
            asked = time_us() + 1000; /* not passed already: the defect must take effect */
        uint64_t recorded = asked;
        if (planted && inject == INJECT_EARLY)
            recorded = asked + 1000000;
        if (planted && inject == INJECT_LOST)
            asked = recorded + 3600000000ull;
        b->deadline = recorded;
        b->asleep = 1;
        int r = sleep_until(asked);
        uint64_t woke = time_us();
        b->asleep = 0;
        last = recorded;
        if (r == SLEEP_LATE) {
            b->passed++;
            continue;
        }
        if (r != 0) {
            if (!b->bad++)
                uprintf("soak: sleeper %u: sleep_until(%llu) = %d\n", (unsigned)index,
                        (unsigned long long)asked, r);
            continue;
        }
        if (!(planted && inject == INJECT_UNCOUNTED))
            b->seen++;
        if (woke < recorded) {
            if (b->early++ < SOAK_SHOW_MAX)
                uprintf("soak: sleeper %u woke at %llu us, %llu us before its deadline %llu\n",
                        (unsigned)index, (unsigned long long)woke,
                        (unsigned long long)(recorded - woke), (unsigned long long)recorded);
            continue;
        }
        b->late_sum += woke - recorded;
        if (woke - recorded < SOAK_PROMPT_US)
            b->prompt++;
        if (woke - recorded < b->late_min)
            b->late_min = woke - recorded;
        if (woke - recorded > b->late_max)
            b->late_max = woke - recorded;
    }
    return 0;
}

/* ---- hogs ---- */

#define UNFAIR_SPINS 50000 /* loops of hog 0 between yields with inject=unfair: ~2 ms */

static int soak_hog(uint32_t index)
{
    uint32_t spins = 0;
    while (!stop)
        if (++spins == UNFAIR_SPINS) {
            spins = 0;
            if (index == 0 && inject == INJECT_UNFAIR)
                yield();
        }
    return 0;
}

/* ---- spawners and their children ---- */

enum { KID_EXIT, KID_SPIN, KID_SLEEP, KID_HEAP };

/* A child: arg's low 2 bits say what it does, the rest how much. Returns what its spawner
 * expects (kid_expected) unless something went wrong. */
static int soak_kid(uint32_t arg)
{
    uint32_t amount = arg >> 2;
    switch (arg & 3) {
    case KID_EXIT: return (int)(amount & 0x7f);
    case KID_SPIN:
        for (volatile uint32_t i = 0; i < amount; i++)
            ;
        return 0;
    case KID_SLEEP: return sleep_us(amount);
    default: {
        /* Pages taken and written, then given back by the exit: none may stay behind. */
        int base = sbrk((int)(amount * 4096));
        if (base < 0)
            return 1;
        for (uint32_t i = 0; i < amount; i++)
            ((volatile uint8_t *)base)[i * 4096] = (uint8_t)i;
        return 0;
    }
    }
}

static int kid_expected(uint32_t arg)
{
    return (arg & 3) == KID_EXIT ? (int)((arg >> 2) & 0x7f) : 0;
}

static uint32_t kid_pick(void)
{
    switch (random_below(&rng, 4)) {
    case KID_EXIT: return KID_EXIT | random_below(&rng, 128) << 2;
    case KID_SPIN: return KID_SPIN | random_below(&rng, 20000) << 2;
    case KID_SLEEP: return KID_SLEEP | random_below(&rng, 3000) << 2;
    default: return KID_HEAP | (1 + random_below(&rng, 16)) << 2;
    }
}

static int soak_spawner(uint32_t index)
{
    struct spawner_book *b = &spawners[index];
    rng_start(2, index);
    while (!stop) {
        uint32_t n = 1 + random_below(&rng, 3), args[3];
        int pids[3];
        for (uint32_t i = 0; i < n; i++) {
            args[i] = kid_pick();
            pids[i] = spawn(soak_kid, args[i], "soak-kid");
            if (pids[i] < 0 && b->refused++ < SOAK_SHOW_MAX)
                uprintf("soak: spawner %u: spawn() = %d\n", (unsigned)index, pids[i]);
            if (pids[i] > 0)
                b->spawned++;
        }
        for (uint32_t i = 0; i < n; i++) {
            if (pids[i] < 0)
                continue;
            int r = wait(pids[i]);
            if (r != kid_expected(args[i]) && b->wrong++ < SOAK_SHOW_MAX)
                uprintf("soak: spawner %u: child %d (arg 0x%x) ended with %d, not %d\n",
                        (unsigned)index, pids[i], (unsigned)args[i], r, kid_expected(args[i]));
        }
        sleep_us(random_below(&rng, 5000));
    }
    return 0;
}

/* A process that outlives the run (inject=leak): its slot and pages are not back at the end. */
static int soak_leaker(uint32_t unused)
{
    (void)unused;
    return sleep_us(0xffffffffu);
}

/* ---- the driver ---- */

struct books {
    uint32_t free_pages, procs, quantum_us, timers;
    char policy[PROC_NAME_MAX];
};

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

/* What the driver found; the cases below judge it. */
static struct books before, after;
static int sleeper_pids[SOAK_SLEEPERS], hog_pids[SOAK_HOGS], spawner_pids[SOAK_SPAWNERS];
static int started, workers_ok;
static uint32_t seen, prompt, passed, early, bad, kernel_wakeups, never_back, unseen, phantom;
static uint64_t late_sum, late_min = ~0ull, late_max;
static uint32_t spawned, refused, wrong;
static uint32_t kchecks, broken;
static int kcheck_end;
static uint64_t hog_cpu[SOAK_HOGS];
static uint32_t hog_turns[SOAK_HOGS];
static int shares_checked;
static uint64_t grace_us; /* SOAK_GRACE_TURNS quanta, at least SOAK_GRACE_MIN */
static uint64_t share_spread, share_bound, share_mean;
static uint32_t turn_spread;

static void every_process_started(void)
{
    UT_ASSERT_EQ(inject < INJECT_UNKNOWN, 1);
    UT_ASSERT_EQ(started, SOAK_PROCS);
}

static void every_process_ended_well(void)
{
    UT_ASSERT_EQ(workers_ok, SOAK_PROCS);
    UT_ASSERT_EQ(bad, 0);
}

static void no_wake_up_was_lost(void)
{
    UT_ASSERT(seen > 0);
    UT_ASSERT_EQ(never_back, 0);
    UT_ASSERT_EQ(unseen, 0);
}

static void no_wake_up_came_early(void)
{
    UT_ASSERT_EQ(early, 0);
}

/* The second route to the count: the kernel's own tally of each sleeper's wake-ups
 * (proc_info's stats.wakeups, counted where the timer queue wakes it) against what the
 * sleepers saw. A wake-up the sleeper saw and the kernel never made is a phantom. */
static void the_kernel_counted_the_same_wake_ups(void)
{
    UT_ASSERT_EQ(phantom, 0);
    UT_ASSERT_EQ(kernel_wakeups, seen);
}

static void the_hogs_shared_the_cpu_equally(void)
{
    if (!shares_checked)
        return;
    UT_ASSERT(turn_spread <= 2);
    UT_ASSERT(share_spread <= share_bound);
}

static void the_children_ended_as_asked(void)
{
    UT_ASSERT(spawned > 0);
    UT_ASSERT_EQ(refused, 0);
    UT_ASSERT_EQ(wrong, 0);
}

static void the_kernel_books_held_throughout(void)
{
    UT_ASSERT_EQ(kchecks,
                 ktest_soak_params.seconds); /* one a virtual second, the last at the end */
    UT_ASSERT_EQ(broken, 0);
    UT_ASSERT_EQ(kcheck_end, 0);
}

static void no_page_leaked(void)
{
    UT_ASSERT_EQ(after.free_pages, before.free_pages);
}

static void no_process_slot_leaked(void)
{
    UT_ASSERT_EQ(after.procs, before.procs);
    UT_ASSERT_EQ(after.timers, before.timers);
}

static const struct utest_case cases[] = {
    {"every_process_started", every_process_started},
    {"every_process_ended_well", every_process_ended_well},
    {"no_wake_up_was_lost", no_wake_up_was_lost},
    {"no_wake_up_came_early", no_wake_up_came_early},
    {"the_kernel_counted_the_same_wake_ups", the_kernel_counted_the_same_wake_ups},
    {"the_hogs_shared_the_cpu_equally", the_hogs_shared_the_cpu_equally},
    {"the_children_ended_as_asked", the_children_ended_as_asked},
    {"the_kernel_books_held_throughout", the_kernel_books_held_throughout},
    {"no_page_leaked", no_page_leaked},
    {"no_process_slot_leaked", no_process_slot_leaked},
};

static int start(entry_fn entry, uint32_t index, const char *name)
{
    int pid = spawn(entry, index, name);
    if (pid > 0)
        started++;
    else
        uprintf("soak: spawn(%s %u) = %d\n", name, (unsigned)index, pid);
    return pid;
}

static int parse_inject(const char *name)
{
    for (int i = 0; i < INJECT_UNKNOWN; i++)
        if (!strcmp(name, inject_names[i]))
            return i;
    uprintf("soak: inject=%s is not a defect the soak knows (early, lost, uncounted, unfair, "
            "leak)\n",
            name);
    return INJECT_UNKNOWN;
}

/* The hogs' CPU time and turns, read while the driver runs (so no hog is mid-turn), and judged
 * against round-robin's promise: every hog is always ready, and the FIFO gives each one turn
 * before any gets another, so their turns differ by at most 1 (2 counting a hog that was
 * started after the first one's first turn began). A turn is one quantum, less up to 1/64 of
 * it when the slice timer is reused (SLICE_SLACK in sched.c), plus whatever interrupt work for
 * the sleepers fell into it (microseconds). So CPU times may differ by 2 quanta (the turns)
 * plus 1/32 of the mean (the slack, twice over, as a cover for the interrupt work). Stride with
 * equal tickets promises the same; other policies are not judged. */
static void snapshot_hogs(void)
{
    uint64_t lo = ~0ull, hi = 0, sum = 0;
    uint32_t tlo = ~0u, thi = 0;
    for (int i = 0; i < SOAK_HOGS; i++) {
        struct proc_info info;
        if (proc_info(hog_pids[i], &info) != 0)
            continue;
        hog_cpu[i] = info.stats.cpu_us;
        hog_turns[i] = info.stats.scheduled;
        sum += hog_cpu[i];
        lo = hog_cpu[i] < lo ? hog_cpu[i] : lo;
        hi = hog_cpu[i] > hi ? hog_cpu[i] : hi;
        tlo = hog_turns[i] < tlo ? hog_turns[i] : tlo;
        thi = hog_turns[i] > thi ? hog_turns[i] : thi;
    }
    share_mean = sum / SOAK_HOGS;
    share_spread = hi - lo;
    turn_spread = thi - tlo;
    share_bound = 2ull * before.quantum_us + share_mean / 32;
    shares_checked = !strcmp(before.policy, "rr") || !strcmp(before.policy, "stride");
}

/* Waits for a sleeper to end (it does at its next wake-up after `stop`) until give_up; then
 * settles its accounts: a sleeper still asleep past its deadline + grace_us never came
 * back (it is killed), and the kernel's count of its wake-ups must match what it saw. */
static void collect_sleeper(int i, uint64_t give_up)
{
    struct sleeper_book *b = &sleepers[i];
    struct proc_info info;
    while (proc_info(sleeper_pids[i], &info) == 0 && info.state != PROC_EXITED &&
           time_us() < give_up)
        sleep_us(10000);
    if (proc_info(sleeper_pids[i], &info) != 0)
        return;
    if (info.state != PROC_EXITED) {
        uint64_t now = time_us();
        if (b->asleep && now >= b->deadline + grace_us) {
            never_back++;
            uprintf("soak: sleeper %d (pid %d) never came back from its sleep until %llu us "
                    "(now %llu us)\n",
                    i, sleeper_pids[i], (unsigned long long)b->deadline, (unsigned long long)now);
        } else {
            uprintf("soak: sleeper %d (pid %d) has not ended (state %d)\n", i, sleeper_pids[i],
                    info.state);
        }
        kill(sleeper_pids[i]);
    }
    uint32_t k = info.stats.wakeups;
    kernel_wakeups += k;
    uint32_t saw = b->seen;
    if (k > saw) {
        unseen += k - saw;
        uprintf("soak: sleeper %d: the kernel woke it %u times, it saw %u wake-ups\n", i,
                (unsigned)k, (unsigned)saw);
    } else if (k < saw) {
        phantom += saw - k;
        uprintf("soak: sleeper %d saw %u wake-ups, the kernel made %u\n", i, (unsigned)saw,
                (unsigned)k);
    }
    if (wait(sleeper_pids[i]) == 0)
        workers_ok++;
}

/* Percent with two decimals, of part in whole. */
static void percent(char *out, uint64_t part, uint64_t whole)
{
    uint64_t bp = whole ? part * 10000 / whole : 0;
    char digits[24];
    int n = 0;
    uint64_t v = bp / 100;
    do
        digits[n++] = (char)('0' + v % 10);
    while ((v /= 10));
    while (n)
        *out++ = digits[--n];
    *out++ = '.';
    *out++ = (char)('0' + bp / 10 % 10);
    *out++ = (char)('0' + bp % 10);
    *out = '\0';
}

int user_test_soak(uint32_t report)
{
    uint32_t seed = ktest_soak_params.seed, seconds = ktest_soak_params.seconds;
    struct ktest_user_report *rep = (struct ktest_user_report *)report;
    stop = 0;
    inject = parse_inject(ktest_soak_params.inject);
    read_books(&before);
    grace_us = (uint64_t)SOAK_GRACE_TURNS * before.quantum_us;
    if (grace_us < SOAK_GRACE_MIN)
        grace_us = SOAK_GRACE_MIN;
    uprintf("soak: %d processes (%d sleepers, %d hogs, %d spawners), %u s, seed %u, %s, "
            "quantum %u us%s%s\n",
            SOAK_PROCS, SOAK_SLEEPERS, SOAK_HOGS, SOAK_SPAWNERS, (unsigned)seconds, (unsigned)seed,
            before.policy, (unsigned)before.quantum_us, inject != INJECT_NONE ? ", inject=" : "",
            ktest_soak_params.inject);
    if (inject == INJECT_UNKNOWN) {
        utest_run("soak", cases, 1, rep);
        return 0;
    }
    /* The hogs first, so that all of them are queued before the first one's turn ends. */
    for (int i = 0; i < SOAK_HOGS; i++)
        hog_pids[i] = start(soak_hog, (uint32_t)i, "soak-hog");
    for (int i = 0; i < SOAK_SPAWNERS; i++)
        spawner_pids[i] = start(soak_spawner, (uint32_t)i, "soak-spawner");
    for (int i = 0; i < SOAK_SLEEPERS; i++)
        sleeper_pids[i] = start(soak_sleeper, (uint32_t)i, "soak-sleeper");
    int leaker = inject == INJECT_LEAK ? spawn(soak_leaker, 0, "soak-leaker") : 0;

    uint64_t t0 = time_us(), end = t0 + (uint64_t)seconds * 1000000;
    for (uint64_t t = t0 + SOAK_CHECK_US; t <= end; t += SOAK_CHECK_US) {
        sleep_until(t);
        kchecks++;
        if (kcheck() != 0)
            broken++;
        uint64_t s = (t - t0) / 1000000;
        if (s % SOAK_REPORT_S == 0) {
            uint32_t so_far = 0;
            for (int i = 0; i < SOAK_SLEEPERS; i++)
                so_far += sleepers[i].seen;
            uprintf("soak: %u s of %u, %u wake-ups so far\n", (unsigned)s, (unsigned)seconds,
                    (unsigned)so_far);
        }
    }
    sleep_until(end);
    snapshot_hogs();
    stop = 1;
    uint64_t stopped = time_us();

    for (int i = 0; i < SOAK_HOGS; i++)
        if (hog_pids[i] > 0 && wait(hog_pids[i]) == 0)
            workers_ok++;
    for (int i = 0; i < SOAK_SPAWNERS; i++)
        if (spawner_pids[i] > 0 && wait(spawner_pids[i]) == 0)
            workers_ok++;
    uint64_t give_up = stopped + SOAK_SLEEP_MAX + grace_us;
    for (int i = 0; i < SOAK_SLEEPERS; i++)
        if (sleeper_pids[i] > 0)
            collect_sleeper(i, give_up);
    for (int i = 0; i < SOAK_SLEEPERS; i++) {
        const struct sleeper_book *b = &sleepers[i];
        seen += b->seen;
        passed += b->passed;
        prompt += b->prompt;
        early += b->early;
        bad += b->bad;
        late_sum += b->late_sum;
        late_max = b->late_max > late_max ? b->late_max : late_max;
        late_min = b->late_min < late_min ? b->late_min : late_min;
    }
    for (int i = 0; i < SOAK_SPAWNERS; i++) {
        spawned += spawners[i].spawned;
        refused += spawners[i].refused;
        wrong += spawners[i].wrong;
    }
    read_books(&after);
    kcheck_end = kcheck();
    if (leaker > 0) {
        kill(leaker);
        wait(leaker);
    }

    int32_t pages_leaked = (int32_t)(before.free_pages - after.free_pages);
    int32_t slots_leaked = (int32_t)(after.procs - before.procs);
    char spread[24], bound[24];
    percent(spread, share_spread, share_mean);
    percent(bound, share_bound, share_mean);
    uprintf(
        "soak: %d processes, %u s, %u wake-ups checked, %u lost, %u early, %d pages leaked, "
        "%d slots leaked, late min %llu max %llu mean %llu us, hog spread %s%% (bound %s%%)%s\n",
        SOAK_PROCS, (unsigned)seconds, (unsigned)seen, (unsigned)(never_back + unseen),
        (unsigned)early, (int)pages_leaked, (int)slots_leaked,
        (unsigned long long)(seen > early ? late_min : 0), (unsigned long long)late_max,
        (unsigned long long)(seen > early ? late_sum / (seen - early) : 0), spread, bound,
        shares_checked ? "" : " not judged");
    uprintf("soak: %u wake-ups within %u us of the deadline, %u passed deadlines (SLEEP_LATE), "
            "%u children spawned, %u checks of the kernel's books, hogs' cpu ms (turns):",
            (unsigned)prompt, (unsigned)SOAK_PROMPT_US, (unsigned)passed, (unsigned)spawned,
            (unsigned)kchecks);
    for (int i = 0; i < SOAK_HOGS; i++)
        uprintf(" %llu (%u)", (unsigned long long)(hog_cpu[i] / 1000), (unsigned)hog_turns[i]);
    uprintf("\n");
    utest_run("soak", cases, sizeof cases / sizeof cases[0], rep);
    if (rep->failed)
        uprintf("soak: seed=%u failed: replay with ./qemu.sh --icount test=soak seconds=%u "
                "seed=%u%s%s\n",
                (unsigned)seed, (unsigned)seconds, (unsigned)seed,
                inject != INJECT_NONE ? " inject=" : "", ktest_soak_params.inject);
    return 0;
}
