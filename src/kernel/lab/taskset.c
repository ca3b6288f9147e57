/* Parser for the kernel's task-set text (format in include/kernel/lab/taskset.h). */
#include "kernel/lab/taskset.h"

#include "kernel/syscall/syscall_abi.h"
#include "lib/errno.h"

struct cursor {
    const char *p, *end;
};

static int is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r';
}

/* The next space-separated word on this line: [*w, *w + *n). 0 when the line has no more. */
static int next_word(struct cursor *c, const char **w, int *n)
{
    while (c->p < c->end && is_blank(*c->p))
        c->p++;
    if (c->p >= c->end || *c->p == '\n')
        return 0;
    *w = c->p;
    while (c->p < c->end && !is_blank(*c->p) && *c->p != '\n')
        c->p++;
    *n = (int)(c->p - *w);
    return 1;
}

static int word_is(const char *w, int n, const char *s)
{
    int i = 0;
    for (; s[i]; i++)
        if (i >= n || w[i] != s[i])
            return 0;
    return i == n;
}

/* Copies a name (letters, digits, _ -) of at most max - 1 bytes; 0 when it is not one. */
static int copy_name(char *dst, int max, const char *w, int n)
{
    if (n == 0 || n >= max)
        return 0;
    for (int i = 0; i < n; i++) {
        char c = w[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '-'))
            return 0;
        dst[i] = c;
    }
    dst[n] = '\0';
    return 1;
}

/* A decimal number below 2^32 filling [w, w + n) exactly; 0 when it is not one. */
static int parse_u32(const char *w, int n, uint32_t *out)
{
    uint64_t v = 0;
    if (n == 0)
        return 0;
    for (int i = 0; i < n; i++) {
        if (w[i] < '0' || w[i] > '9')
            return 0;
        v = v * 10 + (uint64_t)(w[i] - '0');
        if (v > UINT32_MAX)
            return 0;
    }
    *out = (uint32_t)v;
    return 1;
}

enum field { F_PERIOD, F_DEADLINE, F_OFFSET, F_JITTER, F_WCET, F_PRIO, F_TICKETS, F_SEED, NFIELDS };
static const char *const field_name[NFIELDS] = {"period", "deadline", "offset",  "jitter",
                                                "wcet",   "prio",     "tickets", "seed"};

/* One "task NAME key=value..." line after the word "task". NULL or what is wrong. */
static const char *parse_task(struct cursor *c, struct taskset_task *t)
{
    const char *w;
    int n;
    if (!next_word(c, &w, &n) || !copy_name(t->name, PROC_NAME_MAX, w, n))
        return "task: a name of letters, digits, _ and - (at most 15) must follow 'task'";
    unsigned seen = 0;
    while (next_word(c, &w, &n)) {
        int eq = 0;
        while (eq < n && w[eq] != '=')
            eq++;
        int f = 0;
        while (f < NFIELDS && !word_is(w, eq, field_name[f]))
            f++;
        if (f == NFIELDS || eq == n)
            return "task: unknown field (period deadline offset jitter wcet prio tickets seed)";
        if (seen & (1u << f))
            return "task: a field is given twice";
        seen |= 1u << f;
        const char *v = w + eq + 1;
        int vn = n - eq - 1;
        uint32_t x = 0, y = 0;
        if (f == F_WCET) {
            int dash = 0;
            while (dash < vn && v[dash] != '-')
                dash++;
            if (dash == vn || !parse_u32(v, dash, &x) ||
                !parse_u32(v + dash + 1, vn - dash - 1, &y))
                return "task: wcet must be MIN-MAX in microseconds";
            t->prm.wcet_min_us = x;
            t->prm.wcet_max_us = y;
            continue;
        }
        if (f == F_PRIO) {
            if (!parse_u32(v, vn, &x) || x > SCHED_PRIO_MAX)
                return "task: prio must be a whole number from 0 to 31";
            t->prio = (int)x;
            continue;
        }
        if (!parse_u32(v, vn, &x))
            return f == F_TICKETS ? "task: tickets must be a whole number"
                   : f == F_SEED  ? "task: seed must be a whole number"
                                  : "task: times must be whole numbers of microseconds";
        switch (f) {
        case F_PERIOD: t->prm.period_us = x; break;
        case F_DEADLINE: t->prm.deadline_us = x; break;
        case F_OFFSET: t->prm.offset_us = x; break;
        case F_JITTER: t->prm.jitter_us = x; break;
        case F_TICKETS: t->tickets = x; break;
        default: t->prm.seed = x; break;
        }
    }
    if (seen != (1u << NFIELDS) - 1)
        return "task: every field is required (period deadline offset jitter wcet prio tickets "
               "seed)";
    if (t->prm.period_us == 0 || t->prm.deadline_us == 0)
        return "task: period and deadline must be above 0";
    if (t->prm.wcet_max_us == 0 || t->prm.wcet_min_us > t->prm.wcet_max_us)
        return "task: wcet must be MIN-MAX with 0 < MAX and MIN <= MAX";
    if (t->prm.period_us > RT_TIME_MAX_US || t->prm.deadline_us > RT_TIME_MAX_US ||
        t->prm.offset_us > RT_TIME_MAX_US || t->prm.wcet_max_us > RT_TIME_MAX_US)
        return "task: times must be at most 1000000000 us (1000 s)";
    if (t->prm.jitter_us >= t->prm.deadline_us)
        return "task: jitter must be below the deadline";
    if (t->tickets < SCHED_TICKETS_MIN || t->tickets > SCHED_TICKETS_MAX)
        return "task: tickets must be from 1 to 10000";
    return 0;
}

static const char *parse_line(struct cursor *c, struct taskset *ts)
{
    const char *w, *v;
    int n, vn;
    if (!next_word(c, &w, &n) || w[0] == '#')
        return 0;
    if (word_is(w, n, "task")) {
        if (ts->ntasks == TASKSET_MAX_TASKS)
            return "task: more tasks than the kernel takes (32)";
        struct taskset_task *t = &ts->task[ts->ntasks];
        *t = (struct taskset_task){0};
        const char *err = parse_task(c, t);
        if (!err)
            ts->ntasks++;
        return err;
    }
    int has_value = next_word(c, &v, &vn);
    const char *extra;
    int en;
    if (has_value && next_word(c, &extra, &en))
        return "one value expected after the record's name";
    if (word_is(w, n, "name")) {
        if (!has_value || !copy_name(ts->name, TASKSET_NAME_MAX, v, vn))
            return "name: letters, digits, _ and - (at most 31)";
        return 0;
    }
    if (word_is(w, n, "hogs")) {
        uint32_t x;
        if (!has_value || !parse_u32(v, vn, &x) || x > LAB_MAX_PROCS)
            return "hogs: a whole number of processes (at most 64)";
        ts->hogs = (int)x;
        return 0;
    }
    if (word_is(w, n, "procs")) {
        if (!has_value || vn >= LAB_SPEC_MAX)
            return "procs: a workload spec (at most 159 bytes)";
        for (int i = 0; i < vn; i++)
            ts->procs[i] = v[i];
        ts->procs[vn] = '\0';
        return 0;
    }
    return "unknown record (name, hogs, procs, task)";
}

int taskset_parse(const char *text, int len, struct taskset *out, int *line, const char **error)
{
    *out = (struct taskset){0};
    struct cursor c = {text, text + len};
    for (*line = 1; c.p < c.end; (*line)++) {
        const char *err = parse_line(&c, out);
        if (err) {
            *error = err;
            return -EINVAL;
        }
        while (c.p < c.end && *c.p != '\n')
            c.p++;
        if (c.p < c.end)
            c.p++;
    }
    if (out->ntasks == 0 && out->hogs == 0 && !out->procs[0]) {
        *error = "the task set is empty (no task, hog or procs line)";
        return -EINVAL;
    }
    *error = 0;
    return 0;
}
