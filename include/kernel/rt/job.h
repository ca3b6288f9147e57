/* Periodic real-time tasks: the kernel releases a task's jobs on time, watches their deadlines
 * and records releases, completions and misses in the trace. A task is a process whose loop is
 * `for (;;) compute(job_next());`: job_next() (SYS_JOB_NEXT) completes the current job and
 * returns the work of the next one once it is released. Jobs are never skipped: a job still
 * running when the next is released makes that one start late (it runs as soon as the current
 * one completes). A job that has not completed by its deadline has missed, whether it is running,
 * waiting for the CPU or not yet started. All of it runs with IRQs masked. */
#ifndef KERNEL_RT_JOB_H
#define KERNEL_RT_JOB_H

#include <stdint.h>

#include "kernel/sched/proc_struct.h"

/* Makes p (ready, not yet run) a periodic task with prm, whose time zero is t0 (absolute, not
 * in the past): queues the release of job 1. Returns 0, -EINVAL for parameters that break
 * rt_params_check, or -EAGAIN when the timer pool is full. */
int rt_task_start(struct proc *p, const struct rt_params *prm, uint64_t t0);

/* NULL when prm is a valid task, else what is wrong with it: a period, deadline or work of 0, a
 * work range upside down, a time above RT_TIME_MAX_US, or a jitter not below the deadline.
 * (Work longer than the deadline is allowed: that is what misses are made of.) */
const char *rt_params_check(const struct rt_params *prm);

/* SYS_JOB_NEXT for the running process p: completes its current job (if it has one), then
 * returns the work of its next job in microseconds, putting p to sleep until that job's
 * release when it is still to come. -EINVAL when p is not a periodic task. */
int64_t rt_job_next(struct proc *p);

/* p ends: its timers leave the queue. */
void rt_task_stop(struct proc *p);

/* Job k's draws (from 0): its work and its release jitter, a function of the seed and k only,
 * so that any policy sees the same jobs. */
uint32_t rt_job_work_us(const struct rt_params *prm, uint32_t k);
uint32_t rt_job_jitter_us(const struct rt_params *prm, uint32_t k);

#endif
