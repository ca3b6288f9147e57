/* Host stand-in for src/kernel/trace/trace.c: the units under test record nothing. */
#include "kernel/trace/trace.h"

void trace_switch(int prev_pid, enum trace_state prev_state, int next_pid)
{
    (void)prev_pid, (void)prev_state, (void)next_pid;
}
void trace_wakeup(int pid, uint64_t deadline_us, uint64_t actual_us)
{
    (void)pid, (void)deadline_us, (void)actual_us;
}
void trace_sleep(int pid, uint64_t until_us)
{
    (void)pid, (void)until_us;
}
int trace_recording; /* never set: nothing is recorded */
void trace_record_timer_irq(void) {}
void trace_job_release(int pid, uint32_t job, uint64_t release_us, uint64_t deadline_us,
                       uint32_t work_us)
{
    (void)pid, (void)job, (void)release_us, (void)deadline_us, (void)work_us;
}
void trace_job_complete(int pid, uint32_t job, uint64_t deadline_us, uint64_t at_us,
                        uint64_t response_us)
{
    (void)pid, (void)job, (void)deadline_us, (void)at_us, (void)response_us;
}
void trace_deadline_miss(int pid, uint32_t job, uint64_t deadline_us)
{
    (void)pid, (void)job, (void)deadline_us;
}
