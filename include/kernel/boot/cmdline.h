/* The kernel command line (QEMU -append, cmdline.txt on a board): space-separated key=value
 * words. Pure parsing, host-tested; every word is either used or reported. */
#ifndef KERNEL_CMDLINE_H
#define KERNEL_CMDLINE_H

#include <stdint.h>

#include "kernel/trace/trace.h"

#define CMDLINE_MEM_MIN_MIB 16 /* mem= below this leaves too little above the kernel */

#define CMDLINE_PANIC_MAX_S 3600 /* panic=N: an hour; longer is surely a typo */

#define CMDLINE_NAME_MAX 64
#define CMDLINE_SPEC_MAX 160

struct boot_config {
    char demo[CMDLINE_NAME_MAX];  /* demo=NAME: "" when absent */
    char test[CMDLINE_NAME_MAX];  /* test=SUITE[,SUITE...] or "all": "" when absent */
    char bench[CMDLINE_NAME_MAX]; /* bench=NAME: run a benchmark, print "bench ..." lines */
    int has_exit;                 /* exit=MS given (QEMU only: power off after MS ms) */
    uint32_t exit_ms;
    uint32_t quantum_us; /* quantum=MS or quantum_us=US; 0 when absent */
    uint32_t mem_mib;    /* mem=MiB: use at most this much RAM (memory-pressure experiments) */
    char sched[CMDLINE_NAME_MAX];    /* sched=NAME (sched_policy_names): "" for rr */
    char scenario[CMDLINE_NAME_MAX]; /* scenario=NAME: a lab run */
    char procs[CMDLINE_SPEC_MAX];    /* procs=SPEC: a lab run with an ad-hoc workload */
    char taskset[CMDLINE_SPEC_MAX];  /* taskset=PATH: a lab run of the task set in that host file */
    uint32_t run_ms;                 /* run_ms=MS: a lab run's length from its time zero */
    uint32_t trace_events;           /* trace_events=N: the trace ring's size (0: the default) */
    int has_seed, has_calls; /* seed=S and calls=N given (test=fuzz: its PRNG, its length) */
    uint32_t seed, calls;
    int has_seconds; /* seconds=N given (test=soak: how long it runs, in virtual seconds) */
    uint32_t seconds;
    char inject[CMDLINE_NAME_MAX]; /* inject=NAME (test=soak): a defect planted on purpose */
    int qemu;           /* qemu=1: running in QEMU (qemu.sh always adds it; see docs/board.md) */
    int has_led, led;   /* led=on|off given: the ACT LED's heartbeat (default: on on a board) */
    uint32_t panic_s;   /* panic=N: reset the board N s after a panic; 0 (absent): stay stopped */
    int errors;                    /* words reported as unknown or malformed */
    int firmware_words;            /* the firmware's and Linux's words, known and ignored */
    int has_boardrev, has_serial;  /* the firmware's bcm2709.boardrev= and bcm2709.serial= */
    uint32_t boardrev, serial;
};

/* Called once per rejected word: word points into the line and is word_len bytes long. */
typedef void (*cmdline_report_t)(void *ctx, const char *word, int word_len, const char *problem);

/* Parses line into cfg (which it clears first). A later word overrides an earlier one with the
 * same key. Returns the number of rejected words (also in cfg->errors). */
int cmdline_parse(const char *line, struct boot_config *cfg, cmdline_report_t report, void *ctx);

#endif
