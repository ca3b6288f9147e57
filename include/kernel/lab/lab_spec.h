/* Workload specifications for the scheduling lab: procs=SPEC on the command line, and the named
 * scenarios (scenario=NAME) that are just stored SPECs. Pure parsing, host-tested.
 *
 *   SPEC  := GROUP ("," GROUP)*
 *   GROUP := KIND ":" COUNT [ "@" PERIOD "ms/" WORK "ms" ] ( "+" ("prio" | "tickets") "=" N )*
 *   KIND  := "cpu"       computes without end
 *          | "periodic"  every PERIOD ms computes WORK ms, then sleep_until(next period)
 *          | "burst"     interactive-like: computes 1-3 ms, sleeps 5-20 ms (seeded, repeatable)
 *
 * e.g. procs=cpu:3,periodic:2@20ms/5ms,burst:4 or procs=cpu:1+tickets=200,cpu:1+tickets=100 */
#ifndef KERNEL_LAB_SPEC_H
#define KERNEL_LAB_SPEC_H

#include <stdint.h>

#define LAB_MAX_GROUPS 8
#define LAB_MAX_PROCS  64
#define LAB_SPEC_MAX   160 /* bytes of a SPEC, with its NUL (procs= has the same bound) */

enum lab_kind { LAB_CPU, LAB_PERIODIC, LAB_BURST };

struct lab_group {
    enum lab_kind kind;
    int count;
    uint32_t period_us; /* periodic only */
    uint32_t work_us;   /* periodic only */
    int prio;
    uint32_t tickets;
};

struct lab_spec {
    int ngroups;
    int nprocs;
    struct lab_group group[LAB_MAX_GROUPS];
};

/* Parses spec into out. Returns 0, or -EINVAL with *error set to a static message naming the
 * problem (and *where to its offset in spec). */
int lab_spec_parse(const char *spec, struct lab_spec *out, const char **error, int *where);

/* The SPEC of a named scenario, or NULL. */
const char *lab_scenario(const char *name);

/* "cpu", "periodic" or "burst". */
const char *lab_kind_name(enum lab_kind kind);

/* Names of all scenarios, NULL-terminated, for messages. */
extern const char *const lab_scenario_names[];

#endif
