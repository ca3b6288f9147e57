/* Scheduling trace: a RAM ring of timestamped events (switches, wake-ups, sleeps, forks, exits,
 * timer IRQs, and the releases, completions and deadline misses of real-time jobs), printed at
 * the end of a run in the Linux ftrace text format so that existing viewers and scripts/lab.py
 * read it. Every time in it counts from trace_enable (time zero). Recording is a few dozen
 * instructions and allocates nothing; a full ring overwrites its oldest events and counts
 * them as lost. */
#ifndef KERNEL_TRACE_H
#define KERNEL_TRACE_H

#include <stdint.h>

/* The ring's size in events: a power of two, set with trace_events= (trace_set_size). */
#define TRACE_EVENTS_DEFAULT 8192
#define TRACE_EVENTS_MIN     256
#define TRACE_EVENTS_MAX     65536

/* Why the previous process left the CPU, as ftrace's prev_state shows it. */
enum trace_state {
    TRACE_PREEMPTED, /* "R+": its slice ended (or a higher priority woke) */
    TRACE_YIELDED,   /* "R" */
    TRACE_SLEEPING,  /* "S" */
    TRACE_WAITING,   /* "D": blocked in wait() */
    TRACE_DEAD,      /* "X": exited or killed */
};

/* Sets the ring's size while recording is off: 0, or -EINVAL for a size that is not a power of
 * two in [TRACE_EVENTS_MIN, TRACE_EVENTS_MAX], or -EBUSY while recording. */
int trace_set_size(uint32_t events);

/* Recording is off until trace_enable(), which empties the ring; every time is printed from
 * zero_us (absolute, clock_now() or earlier; the lab's time zero, or now). header is printed as a
 * "# pinwheel: ..." line. */
void trace_enable(const char *header, uint64_t zero_us);

/* Records pid's name, kind and parameters (a "pinwheel_proc" line) for a process that was
 * started before recording began. */
void trace_announce(int pid);
void trace_disable(void);

/* Whether recording is on: a variable read inline, so that the IRQ and wake-up paths pay a
 * load and a branch, no call, while it is off. Written by trace_enable/trace_disable, and by
 * a dump, which pauses it. */
extern int trace_recording;
static inline int trace_enabled(void)
{
    return trace_recording;
}

/* Called with IRQs masked. pid 0 is the idle loop. The scheduler calls trace_switch on every
 * switch, tracing on or off: it is how the trace knows who runs when it records an event. */
void trace_switch(int prev_pid, enum trace_state prev_state, int next_pid);
void trace_wakeup(int pid, uint64_t deadline_us, uint64_t actual_us);
void trace_sleep(int pid, uint64_t until_us);
void trace_fork(int parent_pid, int child_pid, const char *child_name, int prio, uint32_t tickets,
                const char *kind);
void trace_exit(int pid);
void trace_record_timer_irq(void);
static inline void trace_timer_irq(void)
{
    if (trace_recording)
        trace_record_timer_irq();
}

/* Real-time jobs (src/kernel/rt/job.c): job counts from 1; times are absolute (clock_now()) and
 * printed from time zero. release_us is when the job was due to be released (its nominal time
 * plus its jitter: the event itself is recorded when the timer IRQ ran, a little later),
 * work_us its computation, at_us the completion time (the event's timestamp: the one the kernel
 * judged the deadline by), response_us release to completion. */
void trace_job_release(int pid, uint32_t job, uint64_t release_us, uint64_t deadline_us,
                       uint32_t work_us);
void trace_job_complete(int pid, uint32_t job, uint64_t deadline_us, uint64_t at_us,
                        uint64_t response_us);
void trace_deadline_miss(int pid, uint32_t job, uint64_t deadline_us);

/* Events lost to a full ring since trace_enable. */
uint32_t trace_lost(void);

/* Prints everything recorded between "=== pinwheel trace start ===" and "... end: N events,
 * M lost ===". */
void trace_dump(void);

/* The same in steps, for a caller that must let others run between them (SYS_TRACE): each
 * call prints up to `events` events (the first call the header too) and returns 1 while more
 * remain, 0 after the end line, or -EBUSY while the dump of another `who` (a pid; 0 for the
 * kernel) runs. Recording pauses from the first step to the last, so the ring does not change
 * under the dump; a dumper that exits (trace_exit) ends it. May be called with IRQs on. */
int trace_dump_step(int who, uint32_t events);

#endif
