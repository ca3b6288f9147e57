/* The scheduling trace (include/kernel/trace/trace.h). The format follows the ftrace text output
 * (Documentation/trace/ftrace.rst: "TASK-PID CPU# FLAGS TIMESTAMP: EVENT: FIELDS") and the
 * field layout of the sched_switch, sched_wakeup, sched_process_fork/exit and
 * irq_handler_entry events; pinwheel_* events carry what those have no field for. */
#include "kernel/trace/trace.h"

#include "arch/arm/cpu.h"
#include "kernel/syscall/syscall_abi.h"
#include "kernel/time/clock.h"
#include "lib/errno.h"
#include "lib/kprintf.h"

enum trace_type {
    EV_SWITCH,
    EV_WAKEUP,
    EV_SLEEP,
    EV_FORK,
    EV_EXIT,
    EV_IRQ,
    EV_JOB_RELEASE,
    EV_JOB_COMPLETE,
    EV_DEADLINE_MISS,
    EV_PROC,
};

struct trace_event {
    uint64_t t;    /* clock_now(): time_us() */
    uint64_t a, b; /* wake-up: deadline, actual; sleep: until; job: deadline, work or response */
    uint64_t c;    /* job release: when it was due */
    int32_t cur;   /* pid running when recorded (0: idle) */
    int32_t pid;   /* subject; switch: previous pid */
    int32_t other; /* switch: next pid; fork: child pid; job: its number */
    uint8_t type;  /* enum trace_type */
    uint8_t state; /* switch: enum trace_state */
};

/* Names and parameters by pid, filled at fork: switch lines need the names of processes that
 * may be long gone when the trace is printed. */
#define TRACE_PROCS 1024
struct trace_proc {
    int pid;
    int prio;
    uint32_t tickets;
    char name[PROC_NAME_MAX];
    const char *kind;
};

/* Not cleared at boot (.noinit): only the `written` events are ever read. */
static struct trace_event ring[TRACE_EVENTS_MAX] __attribute__((section(".noinit")));
static uint32_t mask = TRACE_EVENTS_DEFAULT - 1; /* ring size - 1 */
static uint64_t zero;                            /* clock_now() at trace_enable */
static struct trace_proc procs[TRACE_PROCS];
static uint32_t written; /* events recorded since trace_enable; the ring holds the last mask + 1 */
/* Read by the inline checks in trace.h, so that a caller pays no call while recording is off. */
int trace_recording;
static int running_pid; /* who runs now (0: idle), as the last trace_switch said */
static const char *header_text;
/* A dump in progress: events first..end (as indexes into `written`), of which next is the next
 * to print. Recording is paused while a dump runs, so that the ring does not change under it;
 * the time it was paused is said in every later dump's header. */
static struct {
    int active;
    int who;    /* the pid whose dump it is (0: the kernel's) */
    int resume; /* recording was on when the dump began */
    uint32_t next, end, lines, lost;
    uint64_t paused_at;
} dump;
static uint64_t paused_us;

int trace_set_size(uint32_t events)
{
    if (events < TRACE_EVENTS_MIN || events > TRACE_EVENTS_MAX || (events & (events - 1)))
        return -EINVAL;
    if (trace_recording)
        return -EBUSY;
    mask = events - 1;
    return 0;
}

void trace_enable(const char *header, uint64_t zero_us)
{
    header_text = header;
    written = 0;
    paused_us = 0;
    dump.active = 0;
    zero = zero_us;
    trace_recording = 1;
}

uint32_t trace_lost(void)
{
    return written > mask + 1 ? written - (mask + 1) : 0;
}

void trace_disable(void)
{
    trace_recording = 0;
    dump.resume = 0;
}

static struct trace_event *record(enum trace_type type, int pid)
{
    struct trace_event *e = &ring[written++ & mask];
    e->t = clock_now();
    e->type = (uint8_t)type;
    e->cur = running_pid;
    e->pid = pid;
    return e;
}

void trace_switch(int prev_pid, enum trace_state prev_state, int next_pid)
{
    running_pid = next_pid;
    if (!trace_recording)
        return;
    struct trace_event *e = record(EV_SWITCH, prev_pid);
    e->cur = prev_pid;
    e->state = (uint8_t)prev_state;
    e->other = next_pid;
}

void trace_wakeup(int pid, uint64_t deadline_us, uint64_t actual_us)
{
    if (!trace_recording)
        return;
    struct trace_event *e = record(EV_WAKEUP, pid);
    e->a = deadline_us;
    e->b = actual_us;
}

void trace_sleep(int pid, uint64_t until_us)
{
    if (!trace_recording)
        return;
    record(EV_SLEEP, pid)->a = until_us;
}

void trace_fork(int parent_pid, int child_pid, const char *child_name, int prio, uint32_t tickets,
                const char *kind)
{
    /* Names are kept even while recording is off: a trace started later still names those
     * processes. */
    struct trace_proc *tp = &procs[child_pid % TRACE_PROCS];
    tp->pid = child_pid;
    tp->prio = prio;
    tp->tickets = tickets;
    tp->kind = kind ? kind : "program";
    int i = 0;
    for (; child_name[i] && i < PROC_NAME_MAX - 1; i++)
        tp->name[i] = child_name[i] == ' ' ? '_' : child_name[i];
    tp->name[i] = '\0';
    if (trace_recording)
        record(EV_FORK, parent_pid)->other = child_pid;
}

static void dump_end(void)
{
    dump.active = 0;
    if (dump.resume) {
        paused_us += clock_now() - dump.paused_at;
        trace_recording = 1;
    }
}

void trace_exit(int pid)
{
    if (dump.active && dump.who == pid)
        dump_end(); /* its dumper is gone: recording goes on */
    if (trace_recording)
        record(EV_EXIT, pid);
}

void trace_record_timer_irq(void)
{
    if (trace_recording)
        record(EV_IRQ, 0);
}

/* A job event with its number and deadline; NULL when recording is off, else the event for
 * the caller's other fields. */
static struct trace_event *record_job(enum trace_type type, int pid, uint32_t job,
                                      uint64_t deadline_us)
{
    if (!trace_recording)
        return 0;
    struct trace_event *e = record(type, pid);
    e->other = (int32_t)job;
    e->a = deadline_us;
    return e;
}

void trace_job_release(int pid, uint32_t job, uint64_t release_us, uint64_t deadline_us,
                       uint32_t work_us)
{
    struct trace_event *e = record_job(EV_JOB_RELEASE, pid, job, deadline_us);
    if (e) {
        e->b = work_us;
        e->c = release_us;
    }
}

void trace_job_complete(int pid, uint32_t job, uint64_t deadline_us, uint64_t at_us,
                        uint64_t response_us)
{
    struct trace_event *e = record_job(EV_JOB_COMPLETE, pid, job, deadline_us);
    if (e) {
        e->b = response_us;
        e->t = at_us; /* the time the kernel judged the deadline by */
    }
}

void trace_deadline_miss(int pid, uint32_t job, uint64_t deadline_us)
{
    record_job(EV_DEADLINE_MISS, pid, job, deadline_us);
}

/* An absolute time as the trace prints it: microseconds from time zero (negative before). */
static long long since_zero(uint64_t t)
{
    return (long long)(t - zero);
}

void trace_announce(int pid)
{
    if (trace_recording)
        record(EV_PROC, pid)->other = pid;
}

static const char *name_of(int pid)
{
    if (pid == 0)
        return "swapper/0"; /* Linux's name for CPU 0's idle task */
    const struct trace_proc *tp = &procs[pid % TRACE_PROCS];
    return tp->pid == pid ? tp->name : "?";
}

/* A priority as Linux's sched events print it (0-139, lower first): pinwheel's prio 0 is a normal
 * task at nice 0 (120); prio p in 1..31 (higher first) a real-time task of rt_priority p, which
 * Linux prints as 99 - p. */
static int linux_prio(int pid)
{
    const struct trace_proc *tp = &procs[pid % TRACE_PROCS];
    int prio = pid && tp->pid == pid ? tp->prio : 0;
    return prio <= 0 ? 120 : 99 - (prio > SCHED_PRIO_MAX ? SCHED_PRIO_MAX : prio);
}

static const char *const state_text[] = {"R+", "R", "S", "D", "X"};

/* The TASK-PID column as ftrace prints it: comm right-aligned in 16, '-', pid left in 7. */
static void print_task(int pid)
{
    kprintf("%16s-%-7d", pid ? name_of(pid) : "<idle>", pid);
}

/* Everything before the event name: "TASK-PID [CPU] FLAGS TIMESTAMP: ". */
static void print_prefix(const struct trace_event *e)
{
    uint64_t t = e->t - zero; /* events are recorded after trace_enable: never negative */
    print_task(e->cur);
    kprintf(" [000] d... %5llu.%06llu: ", (unsigned long long)(t / 1000000),
            (unsigned long long)(t % 1000000));
}

static void print_proc(int pid)
{
    const struct trace_proc *tp = &procs[pid % TRACE_PROCS];
    int known = tp->pid == pid;
    kprintf("pinwheel_proc: pid=%d comm=%s kind=%s prio=%d tickets=%u\n", pid, name_of(pid),
            known ? tp->kind : "program", known ? tp->prio : 0, known ? (unsigned)tp->tickets : 0u);
}

static void print_event(const struct trace_event *e)
{
    print_prefix(e);
    switch (e->type) {
    case EV_SWITCH:
        kprintf("sched_switch: prev_comm=%s prev_pid=%d prev_prio=%d prev_state=%s ==> "
                "next_comm=%s next_pid=%d next_prio=%d\n",
                name_of(e->pid), (int)e->pid, linux_prio(e->pid), state_text[e->state],
                name_of(e->other), (int)e->other, linux_prio(e->other));
        break;
    case EV_WAKEUP:
        /* Both, as Linux records them: Perfetto's text importer reads sched_waking. */
        kprintf("sched_waking: comm=%s pid=%d prio=%d target_cpu=000\n", name_of(e->pid),
                (int)e->pid, linux_prio(e->pid));
        print_prefix(e);
        kprintf("sched_wakeup: comm=%s pid=%d prio=%d target_cpu=000\n", name_of(e->pid),
                (int)e->pid, linux_prio(e->pid));
        print_prefix(e);
        kprintf("pinwheel_wakeup: pid=%d deadline_us=%lld actual_us=%lld\n", (int)e->pid,
                since_zero(e->a), since_zero(e->b));
        break;
    case EV_SLEEP:
        kprintf("pinwheel_sleep: pid=%d until_us=%lld\n", (int)e->pid, since_zero(e->a));
        break;
    case EV_FORK:
        kprintf("sched_process_fork: comm=%s pid=%d child_comm=%s child_pid=%d\n",
                e->pid ? name_of(e->pid) : "kernel", (int)e->pid, name_of(e->other), (int)e->other);
        print_prefix(e);
        print_proc(e->other);
        break;
    case EV_PROC: print_proc(e->other); break;
    case EV_EXIT:
        kprintf("sched_process_exit: comm=%s pid=%d prio=%d\n", name_of(e->pid), (int)e->pid,
                linux_prio(e->pid));
        break;
    case EV_IRQ: kprintf("irq_handler_entry: irq=1 name=timer\n"); break;
    case EV_JOB_RELEASE:
        kprintf("pinwheel_job_release: pid=%d job=%d release_us=%lld deadline_us=%lld "
                "work_us=%llu\n",
                (int)e->pid, (int)e->other, since_zero(e->c), since_zero(e->a),
                (unsigned long long)e->b);
        break;
    case EV_JOB_COMPLETE:
        kprintf("pinwheel_job_complete: pid=%d job=%d deadline_us=%lld response_us=%llu\n",
                (int)e->pid, (int)e->other, since_zero(e->a), (unsigned long long)e->b);
        break;
    case EV_DEADLINE_MISS:
        kprintf("pinwheel_deadline_miss: pid=%d job=%d deadline_us=%lld\n", (int)e->pid,
                (int)e->other, since_zero(e->a));
        break;
    }
}

static void dump_begin(int who)
{
    uint32_t n = written < mask + 1 ? written : mask + 1;
    dump.active = 1;
    dump.who = who;
    dump.resume = trace_recording;
    dump.paused_at = clock_now();
    trace_recording = 0;
    dump.next = written - n;
    dump.end = written;
    dump.lost = written - n;
    /* Counts are of printed lines: a wake-up prints three (sched_waking, sched_wakeup and
     * pinwheel's own), a fork two; lost events are counted as one line each. */
    dump.lines = n;
    for (uint32_t i = dump.next; i != dump.end; i++) {
        uint8_t type = ring[i & mask].type;
        dump.lines += (type == EV_WAKEUP) * 2 + (type == EV_FORK);
    }
    kprintf("=== pinwheel trace start ===\n# tracer: nop\n#\n# pinwheel: %s\n", header_text);
    if (paused_us)
        kprintf("# pinwheel: recording was paused for %llu us while the trace was dumped\n",
                (unsigned long long)paused_us);
    kprintf("# entries-in-buffer/entries-written: %u/%u   #P:1\n#\n", (unsigned)dump.lines,
            (unsigned)(dump.lines + dump.lost));
    kprintf("#           TASK-PID     CPU#  ||||   TIMESTAMP  FUNCTION\n");
    kprintf("#              | |         |   ||||      |         |\n");
}

int trace_dump_step(int who, uint32_t events)
{
    if (!dump.active)
        dump_begin(who);
    else if (dump.who != who)
        return -EBUSY;
    for (; events && dump.next != dump.end; events--)
        print_event(&ring[dump.next++ & mask]);
    if (dump.next != dump.end)
        return 1;
    kprintf("=== pinwheel trace end: %u events, %u lost ===\n", (unsigned)dump.lines,
            (unsigned)dump.lost);
    dump_end();
    return 0;
}

void trace_dump(void)
{
    if (dump.active && dump.who != 0) {
        kprintf("\n(pid %d's dump of the trace was cut here)\n", dump.who);
        dump_end();
    }
    while (trace_dump_step(0, UINT32_MAX) == 1)
        ;
}
