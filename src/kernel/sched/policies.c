/* The scheduling policies by name (sched= on the command line, the shell's sched command). A
 * table of its own, above the policies and the core, so that the core names no policy. */
#include "kernel/sched/sched.h"

static const struct sched_policy *const policies[] = {&sched_rr,  &sched_prio, &sched_stride,
                                                      &sched_edf, &sched_rm,   &sched_dm};

const char sched_policy_names[] = "rr, prio, stride, edf, rm, dm";

const struct sched_policy *sched_policy_by_name(const char *name)
{
    for (unsigned i = 0; i < sizeof policies / sizeof policies[0]; i++) {
        const char *a = policies[i]->name, *b = name;
        while (*a && *a == *b)
            a++, b++;
        if (*a == *b)
            return policies[i];
    }
    return 0;
}
