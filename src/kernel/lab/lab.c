/* The scheduling lab, kernel side: scenario=NAME, procs=SPEC or taskset=PATH starts workload
 * processes under the policy sched=NAME at a fixed time zero, records the trace from there,
 * ends the run after run_ms=MS (or at exit=MS) and then prints a summary and the trace for
 * scripts/lab.py. */
#include "kernel/lab/lab.h"

#include "arch/arm/cpu.h"
#include "arch/arm/semihost.h"
#include "kernel/boot/mode.h"
#include "kernel/lab/lab_spec.h"
#include "kernel/lab/taskset.h"
#include "kernel/mm/vm.h"
#include "kernel/power/power.h"
#include "kernel/proc/proc.h"
#include "kernel/rt/job.h"
#include "kernel/sched/sched.h"
#include "kernel/time/timer.h"
#include "kernel/trace/trace.h"
#include "lib/errno.h"
#include "lib/kprintf.h"
#include "user/lab.h"

/* Time zero is the first multiple of this after the lab starts (plus a little room), so that it
 * does not move with the length of the boot messages. */
#define LAB_ZERO_STEP_US 50000u
#define LAB_ZERO_ROOM_US 1000u

static char header[200];
static struct lab_spec spec;   /* the sleepers and hogs (procs=, scenario=, or a task set's) */
static struct taskset taskset; /* the periodic tasks, when taskset= gave some */
static char taskset_text[TASKSET_TEXT_MAX];
static uint64_t zero;
static uint32_t run_ms;
static int running;
static int first_pid, last_pid;

static void lab_finish(void);

/* Reads and parses the task set at path; adds its hogs and procs to spec. */
static int read_taskset(const char *path)
{
    if (!kernel_semihosting_allowed()) {
        kprintf("lab: taskset=%s: task sets are read from the host, which needs QEMU (qemu=1, "
                "with exit= or run_ms=)\n",
                path);
        return -EINVAL;
    }
    int len = semihost_read_file(path, taskset_text, sizeof taskset_text);
    if (len < 0) {
        kprintf("lab: taskset=%s: cannot read it from the host (%s)\n", path,
                len == -EFBIG ? "longer than 8 KiB" : errno_name(len));
        return len;
    }
    int line;
    const char *error;
    if (taskset_parse(taskset_text, len, &taskset, &line, &error)) {
        kprintf("lab: taskset=%s: line %d: %s\n", path, line, error);
        return -EINVAL;
    }
    int where;
    spec = (struct lab_spec){0};
    if (taskset.procs[0] && lab_spec_parse(taskset.procs, &spec, &error, &where)) {
        kprintf("lab: taskset=%s: procs %s: %s at character %d\n", path, taskset.procs, error,
                where + 1);
        return -EINVAL;
    }
    if (taskset.hogs) {
        if (spec.ngroups == LAB_MAX_GROUPS) {
            kprintf("lab: taskset=%s: too many process groups\n", path);
            return -EINVAL;
        }
        spec.group[spec.ngroups++] = (struct lab_group){
            .kind = LAB_CPU, .count = taskset.hogs, .tickets = SCHED_TICKETS_DEFAULT};
        spec.nprocs += taskset.hogs;
    }
    if (spec.nprocs + taskset.ntasks > LAB_MAX_PROCS) {
        kprintf("lab: taskset=%s: %d processes, more than the lab runs (%d)\n", path,
                spec.nprocs + taskset.ntasks, LAB_MAX_PROCS);
        return -EINVAL;
    }
    return 0;
}

/* Resolves what to run into spec (and taskset). */
static int read_workload(const struct boot_config *cfg, const char **what)
{
    const char *error;
    int where;
    if (cfg->taskset[0]) {
        *what = cfg->taskset;
        return read_taskset(cfg->taskset);
    }
    const char *text = cfg->procs[0] ? cfg->procs : lab_scenario(cfg->scenario);
    if (!text) {
        kprintf("lab: no scenario is called '%s'; scenarios:", cfg->scenario);
        for (int i = 0; lab_scenario_names[i]; i++)
            kprintf(" %s", lab_scenario_names[i]);
        kprintf("\n");
        return -ENOENT;
    }
    if (lab_spec_parse(text, &spec, &error, &where)) {
        kprintf("lab: procs=%s: %s at character %d\n", text, error, where + 1);
        return -EINVAL;
    }
    *what = text;
    return 0;
}

static void note_pid(int pid)
{
    if (!first_pid)
        first_pid = pid;
    last_pid = pid;
}

/* A spawn that fails ends the run: the experiment would not be the one asked for. */
static void spawn_failed(const char *name, int err)
{
    kprintf("lab: could not start %s (%s): ending the run\n", name, errno_name(err));
    kernel_note_status(KERNEL_EXIT_CMDLINE);
    kernel_exit();
}

static void start_groups(void)
{
    static int (*const entry[])(uint32_t) = {lab_cpu, lab_periodic, lab_burst};
    int index = 0;
    for (int g = 0; g < spec.ngroups; g++) {
        const struct lab_group *gr = &spec.group[g];
        struct sched_param param = {gr->prio, gr->tickets};
        for (int k = 0; k < gr->count; k++, index++) {
            /* The workloads read their parameters from the user image's shared pages. */
            struct lab_params *params = vm_image_ptr(&lab_params[index]);
            *params = (struct lab_params){0, gr->period_us, gr->work_us,
                                          0x9e3779b9u * (uint32_t)(index + 1)};
            char name[PROC_NAME_MAX];
            ksnprintf(name, sizeof name, "%s-%d", lab_kind_name(gr->kind), index + 1);
            proc_trace_kind = lab_kind_name(gr->kind);
            int pid =
                proc_spawn_param((uintptr_t)entry[gr->kind], (uint32_t)index, name, 0, &param);
            if (pid < 0)
                spawn_failed(name, pid);
            note_pid(pid);
        }
    }
}

static int task_pid[TASKSET_MAX_TASKS];

static void spawn_tasks(void)
{
    for (int i = 0; i < taskset.ntasks; i++) {
        const struct taskset_task *t = &taskset.task[i];
        struct sched_param param = {t->prio, t->tickets};
        proc_trace_kind = "rt";
        int pid = proc_spawn_param((uintptr_t)lab_rt, (uint32_t)i, t->name, 0, &param);
        if (pid < 0)
            spawn_failed(t->name, pid);
        task_pid[i] = pid;
        note_pid(pid);
    }
}

/* Once time zero is known: the tasks' first releases, the workloads' start. */
static void start_at_zero(void)
{
    for (int i = 0; i < taskset.ntasks; i++) {
        int err = rt_task_start(proc_lookup(task_pid[i]), &taskset.task[i].prm, zero);
        if (err)
            spawn_failed(taskset.task[i].name, err);
    }
    for (int i = 0; i < spec.nprocs; i++)
        ((struct lab_params *)vm_image_ptr(&lab_params[i]))->start_us = zero;
}

static void end_run(timer_id id, void *data)
{
    (void)id, (void)data;
    kernel_exit();
}

/* Time zero (a timer callback, IRQs masked): tracing starts. The processes, started before,
 * sleep until now (the tasks until their first release); their wake-ups were queued after this
 * callback, so they are traced. */
static void go(timer_id id, void *data)
{
    (void)id, (void)data;
    trace_enable(header, zero);
    for (int pid = first_pid; pid && pid <= last_pid; pid++)
        trace_announce(pid);
    running = 1;
}

int lab_start(const struct boot_config *cfg)
{
    const char *what;
    int err = read_workload(cfg, &what);
    if (err)
        return err;
    run_ms = cfg->run_ms;
    ksnprintf(header, sizeof header, "%s=%s sched=%s quantum_us=%u run_ms=%u",
              cfg->taskset[0] ? "taskset"
              : cfg->procs[0] ? "procs"
                              : "scenario",
              cfg->taskset[0] ? taskset.name : what, sched_current_policy()->name,
              (unsigned)sched_quantum(), (unsigned)run_ms);
    /* Everything is started before time zero, which is chosen afterwards (spawning takes
     * ~170 us a process), all with IRQs masked so that zero cannot pass meanwhile. */
    uint32_t flags = irq_save();
    spawn_tasks();
    start_groups();
    uint64_t now = time_us();
    zero = (now + LAB_ZERO_ROOM_US + LAB_ZERO_STEP_US - 1) / LAB_ZERO_STEP_US * LAB_ZERO_STEP_US;
    /* Queued before the releases and the wake-ups, so that at time zero it runs first. */
    if (!timer_register_at(zero, go, 0) ||
        (run_ms && !timer_register_at(zero + (uint64_t)run_ms * 1000, end_run, 0)))
        spawn_failed("the lab's timers", -EAGAIN);
    start_at_zero();
    irq_restore(flags);
    kprintf("lab: %s: %s; time zero at %llu us\n", header, what, (unsigned long long)zero);
    if (kernel_at_exit(lab_finish))
        kprintf("lab: no room to print the summary at exit\n");
    return 0;
}

static void lab_finish(void)
{
    if (!running)
        return;
    kprintf("lab summary: %s\n", header);
    kprintf("  pid name          cpu_us  sched  vol  invol wakeups\n");
    for (int pid = first_pid; pid <= last_pid; pid++) {
        struct proc *p = proc_lookup(pid);
        if (!p)
            continue;
        uint64_t cpu = p->stats.cpu_us + (p == proc_current ? time_us() - p->run_start : 0);
        kprintf("  %3d %-12s %9llu %6u %4u %6u %7u\n", p->pid, p->name, (unsigned long long)cpu,
                (unsigned)p->stats.scheduled, (unsigned)p->stats.voluntary,
                (unsigned)p->stats.involuntary, (unsigned)p->stats.wakeups);
    }
    /* The kernel's own job counts: scripts/lab.py checks the trace's against them. */
    for (int pid = first_pid; pid <= last_pid; pid++) {
        struct proc *p = proc_lookup(pid);
        if (p && p->rt.active)
            kprintf("lab jobs: pid=%d name=%s released=%u completed=%u missed=%u\n", p->pid,
                    p->name, (unsigned)p->rt.released, (unsigned)p->rt.completed,
                    (unsigned)p->rt.missed);
    }
    trace_dump();
}

static const char *lab_wanted(const struct boot_config *cfg)
{
    if (cfg->taskset[0])
        return cfg->taskset;
    if (cfg->procs[0])
        return cfg->procs;
    return cfg->scenario[0] ? cfg->scenario : 0;
}

static int lab_mode_start(const char *arg, const struct boot_config *cfg)
{
    (void)arg;
    int err = lab_start(cfg);
    return err ? err : BOOT_MODE_RUNNING;
}

static void lab_list(boot_mode_emit_t emit, void *ctx)
{
    for (int i = 0; lab_scenario_names[i]; i++)
        emit(ctx, lab_scenario_names[i], lab_scenario(lab_scenario_names[i]));
}

BOOT_MODE(30, lab_mode) = {"scenario",
                           "scenario=NAME",
                           "a scheduling experiment (or procs=SPEC, taskset=PATH); its trace "
                           "prints at the end",
                           lab_wanted,
                           lab_mode_start,
                           lab_list,
                           0};
