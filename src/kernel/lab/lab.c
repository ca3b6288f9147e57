/* The scheduling lab, kernel side: scenario=NAME or procs=SPEC starts workload processes under
 * the policy sched=NAME, records the trace, and at the end of the run (exit=MS) prints a
 * summary and the trace for scripts/lab.py. */
#include "kernel/lab/lab.h"

#include "arch/arm/cpu.h"
#include "kernel/boot/mode.h"
#include "kernel/lab/lab_spec.h"
#include "kernel/mm/vm.h"
#include "kernel/power/power.h"
#include "kernel/proc/proc.h"
#include "kernel/sched/sched.h"
#include "kernel/trace/trace.h"
#include "lib/errno.h"
#include "lib/kprintf.h"
#include "user/lab.h"

static char header[160];
static int running;
static int first_pid, last_pid;

static void lab_finish(void);

int lab_start(const char *scenario, const char *procs, uint32_t exit_ms)
{
    const char *spec = procs && procs[0] ? procs : lab_scenario(scenario);
    if (!spec) {
        kprintf("lab: no scenario is called '%s'; scenarios:", scenario);
        for (int i = 0; lab_scenario_names[i]; i++)
            kprintf(" %s", lab_scenario_names[i]);
        kprintf("\n");
        return -ENOENT;
    }
    struct lab_spec ls;
    const char *error;
    int where;
    if (lab_spec_parse(spec, &ls, &error, &where)) {
        kprintf("lab: procs=%s: %s at character %d\n", spec, error, where + 1);
        return -EINVAL;
    }
    ksnprintf(header, sizeof header, "%s%s sched=%s quantum_us=%u exit_ms=%u",
              procs && procs[0] ? "procs=" : "scenario=", procs && procs[0] ? procs : scenario,
              sched_current_policy()->name, (unsigned)sched_quantum(), (unsigned)exit_ms);
    trace_enable(header);
    kprintf("lab: %s: %s\n", header, spec);

    static int (*const entry[])(uint32_t) = {lab_cpu, lab_periodic, lab_burst};
    uint32_t flags = irq_save();
    int index = 0;
    for (int g = 0; g < ls.ngroups; g++) {
        const struct lab_group *gr = &ls.group[g];
        struct sched_param param = {gr->prio, gr->tickets};
        for (int k = 0; k < gr->count; k++, index++) {
            /* The workloads read their parameters from the user image's shared pages. */
            struct lab_params *params = vm_image_ptr(&lab_params[index]);
            *params = (struct lab_params){gr->period_us, gr->work_us,
                                          0x9e3779b9u * (uint32_t)(index + 1)};
            char name[PROC_NAME_MAX];
            ksnprintf(name, sizeof name, "%s-%d", lab_kind_name(gr->kind), index + 1);
            proc_trace_kind = lab_kind_name(gr->kind);
            int pid =
                proc_spawn_param((uintptr_t)entry[gr->kind], (uint32_t)index, name, 0, &param);
            if (pid < 0) {
                irq_restore(flags);
                kprintf("lab: could not start %s (%d)\n", name, pid);
                return pid;
            }
            if (!first_pid)
                first_pid = pid;
            last_pid = pid;
        }
    }
    irq_restore(flags);
    running = 1;
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
    trace_dump();
}

static const char *lab_wanted(const struct boot_config *cfg)
{
    if (cfg->procs[0])
        return cfg->procs;
    return cfg->scenario[0] ? cfg->scenario : 0;
}

static int lab_mode_start(const char *arg, const struct boot_config *cfg)
{
    (void)arg;
    int err = lab_start(cfg->scenario, cfg->procs, cfg->exit_ms);
    return err ? err : BOOT_MODE_RUNNING;
}

static void lab_list(boot_mode_emit_t emit, void *ctx)
{
    for (int i = 0; lab_scenario_names[i]; i++)
        emit(ctx, lab_scenario_names[i], lab_scenario(lab_scenario_names[i]));
}

BOOT_MODE(30, lab_mode) = {"scenario",
                           "scenario=NAME",
                           "a scheduling experiment (or procs=SPEC); the trace prints at exit=",
                           lab_wanted,
                           lab_mode_start,
                           lab_list,
                           0};
