/* Parser for the lab's workload specifications (grammar in include/kernel/lab/lab_spec.h). */
#include "kernel/lab/lab_spec.h"

#include "kernel/syscall/syscall_abi.h"
#include "lib/errno.h"

static const struct {
    const char *name;
    const char *spec;
} scenarios[] = {
    /* Three CPU-bound processes, one with twice the tickets: equal under rr, 1:1:2 under
     * stride. */
    {"cpu-mix", "cpu:2+tickets=100,cpu:1+tickets=200"},
    /* Periodic tasks with deadlines (each period's start) next to a CPU hog; under prio the
     * periodic ones come first. */
    {"periodic", "periodic:2@20ms/4ms+prio=2,periodic:1@50ms/10ms+prio=1,cpu:1"},
    /* Short bursts with sleeps (interactive-like) competing with CPU-bound work. */
    {"interactive", "burst:4+prio=1,cpu:2"},
    /* Many processes of every kind. */
    {"stress", "cpu:8,burst:16,periodic:8@10ms/1ms"},
    /* Schedules known by construction, for tests: two CPU-bound processes. */
    {"pair", "cpu:2"},
    {"stride-pair", "cpu:1+tickets=200,cpu:1+tickets=100"},
};

const char *const lab_scenario_names[] = {
    "cpu-mix", "periodic", "interactive", "stress", "pair", "stride-pair", 0};

const char *lab_scenario(const char *name)
{
    for (unsigned i = 0; i < sizeof scenarios / sizeof scenarios[0]; i++) {
        const char *a = scenarios[i].name, *b = name;
        while (*a && *a == *b)
            a++, b++;
        if (*a == *b)
            return scenarios[i].spec;
    }
    return 0;
}

const char *lab_kind_name(enum lab_kind kind)
{
    return kind == LAB_CPU ? "cpu" : kind == LAB_PERIODIC ? "periodic" : "burst";
}

struct cursor {
    const char *start;
    const char *p;
    const char *error;
};

static int fail(struct cursor *c, const char *msg)
{
    if (!c->error)
        c->error = msg;
    return -EINVAL;
}

static int take(struct cursor *c, const char *word)
{
    const char *p = c->p;
    for (; *word; word++, p++)
        if (*p != *word)
            return 0;
    c->p = p;
    return 1;
}

/* A decimal number in [lo, hi]. */
static int number(struct cursor *c, uint32_t lo, uint32_t hi, uint32_t *out)
{
    uint64_t v = 0;
    const char *p = c->p;
    if (*p < '0' || *p > '9')
        return fail(c, "expected a number");
    while (*p >= '0' && *p <= '9') {
        v = v * 10 + (uint64_t)(*p++ - '0');
        if (v > hi)
            return fail(c, "number out of range");
    }
    if (v < lo)
        return fail(c, "number out of range");
    c->p = p;
    *out = (uint32_t)v;
    return 0;
}

static int group(struct cursor *c, struct lab_group *g)
{
    if (take(c, "cpu"))
        g->kind = LAB_CPU;
    else if (take(c, "periodic"))
        g->kind = LAB_PERIODIC;
    else if (take(c, "burst"))
        g->kind = LAB_BURST;
    else
        return fail(c, "expected a kind: cpu, periodic or burst");
    if (!take(c, ":"))
        return fail(c, "expected ':' and a count after the kind");
    uint32_t n;
    if (number(c, 1, LAB_MAX_PROCS, &n))
        return -EINVAL;
    g->count = (int)n;
    g->prio = 0;
    g->tickets = SCHED_TICKETS_DEFAULT;
    if (take(c, "@")) {
        if (g->kind != LAB_PERIODIC)
            return fail(c, "only periodic processes take @PERIOD/WORK");
        uint32_t period, work;
        if (number(c, 1, 10000, &period) || !take(c, "ms/") || number(c, 1, 10000, &work) ||
            !take(c, "ms"))
            return fail(c, "expected @PERIODms/WORKms, e.g. @20ms/5ms");
        if (work >= period)
            return fail(c, "the work must be shorter than the period");
        g->period_us = period * 1000;
        g->work_us = work * 1000;
    } else if (g->kind == LAB_PERIODIC) {
        return fail(c, "periodic needs @PERIODms/WORKms, e.g. periodic:2@20ms/5ms");
    }
    while (take(c, "+")) {
        uint32_t v;
        if (take(c, "prio=")) {
            if (number(c, SCHED_PRIO_MIN, SCHED_PRIO_MAX, &v)) {
                c->error = 0; /* say which range, not just "out of range" */
                return fail(c, "prio is 0 to 31");
            }
            g->prio = (int)v;
        } else if (take(c, "tickets=")) {
            if (number(c, SCHED_TICKETS_MIN, SCHED_TICKETS_MAX, &v)) {
                c->error = 0;
                return fail(c, "tickets are 1 to 10000");
            }
            g->tickets = v;
        } else {
            return fail(c, "expected +prio=N or +tickets=N");
        }
    }
    return 0;
}

int lab_spec_parse(const char *spec, struct lab_spec *out, const char **error, int *where)
{
    struct cursor c = {spec, spec, 0};
    *out = (struct lab_spec){0};
    int err = 0;
    for (;;) {
        if (out->ngroups == LAB_MAX_GROUPS) {
            err = fail(&c, "too many groups (at most 8)");
            break;
        }
        struct lab_group *g = &out->group[out->ngroups];
        if ((err = group(&c, g)))
            break;
        out->ngroups++;
        out->nprocs += g->count;
        if (out->nprocs > LAB_MAX_PROCS) {
            err = fail(&c, "too many processes (at most 64)");
            break;
        }
        if (!*c.p)
            break;
        if (!take(&c, ",")) {
            err = fail(&c, "expected ',' between groups");
            break;
        }
    }
    *error = c.error;
    *where = (int)(c.p - c.start);
    return err;
}
