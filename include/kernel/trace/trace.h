/* Scheduling trace: a RAM ring of timestamped events (switches, wake-ups, sleeps, forks, exits,
 * timer IRQs), printed at the end of a run in the Linux ftrace text format so that existing
 * viewers and scripts/lab.py read it. Recording is a few dozen instructions and allocates
 * nothing; a full ring overwrites its oldest events and counts them as lost. */
#ifndef KERNEL_TRACE_H
#define KERNEL_TRACE_H

#include <stdint.h>

#define TRACE_EVENTS 8192 /* ring size, a power of two */

/* Why the previous process left the CPU, as ftrace's prev_state shows it. */
enum trace_state {
    TRACE_PREEMPTED, /* "R+": its slice ended (or a higher priority woke) */
    TRACE_YIELDED,   /* "R" */
    TRACE_SLEEPING,  /* "S" */
    TRACE_WAITING,   /* "D": blocked in wait() */
    TRACE_DEAD,      /* "X": exited or killed */
};

/* Recording is off until trace_enable(); header is printed as a "# pinwheel: ..." line. */
void trace_enable(const char *header);
int trace_enabled(void);
void trace_disable(void);

/* Called with IRQs masked. pid 0 is the idle loop. The scheduler calls trace_switch on every
 * switch, tracing on or off: it is how the trace knows who runs when it records an event. */
void trace_switch(int prev_pid, enum trace_state prev_state, int next_pid);
void trace_wakeup(int pid, uint64_t deadline_us, uint64_t actual_us);
void trace_sleep(int pid, uint64_t until_us);
void trace_fork(int parent_pid, int child_pid, const char *child_name, int prio, uint32_t tickets,
                const char *kind);
void trace_exit(int pid);
void trace_timer_irq(void);

/* Prints everything recorded between "=== pinwheel trace start ===" and "... end: N events,
 * M lost ===". */
void trace_dump(void);

#endif
