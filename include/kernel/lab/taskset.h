/* Task sets for the lab, as the kernel reads them: the text that scripts/lab.py writes from a
 * user's JSON task set and QEMU hands over through semihosting (taskset=PATH). One record per
 * line, fields separated by spaces, times in microseconds:
 *
 *   name NAME                  the task set's name (letters, digits, _ -)
 *   hogs N                     CPU-bound processes beside the tasks
 *   procs SPEC                 more workload, as procs= takes it (include/kernel/lab/lab_spec.h)
 *   task NAME period=P deadline=D offset=O jitter=J wcet=MIN-MAX prio=N tickets=N seed=S
 *
 * prio is 0-31, as sched=prio takes it. Every task field is required, in any order. Blank lines and
 * lines starting with '#' are skipped. Pure parsing, host-tested. */
#ifndef KERNEL_LAB_TASKSET_H
#define KERNEL_LAB_TASKSET_H

#include <stdint.h>

#include "kernel/lab/lab_spec.h"
#include "kernel/sched/proc_struct.h"

#define TASKSET_MAX_TASKS 32
#define TASKSET_TEXT_MAX  8192 /* bytes of task-set text the kernel reads */
#define TASKSET_NAME_MAX  32

struct taskset_task {
    char name[PROC_NAME_MAX];
    struct rt_params prm;
    int prio;
    uint32_t tickets;
};

struct taskset {
    char name[TASKSET_NAME_MAX];
    int hogs;
    char procs[LAB_SPEC_MAX]; /* "" when none */
    int ntasks;
    struct taskset_task task[TASKSET_MAX_TASKS];
};

/* Parses len bytes of text into out. Returns 0, or -EINVAL with *line set to the line (from 1)
 * and *error to a static message naming the field that is wrong. */
int taskset_parse(const char *text, int len, struct taskset *out, int *line, const char **error);

#endif
