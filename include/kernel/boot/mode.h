/* Boot modes: what the kernel runs once it is up (test=, bench=, demo=, scenario=/procs=, or the
 * shell). Each module adds its mode to a link-time table with BOOT_MODE; the boot code starts
 * the ones the command line asks for without naming any of them. */
#ifndef KERNEL_BOOT_MODE_H
#define KERNEL_BOOT_MODE_H

#include "kernel/boot/cmdline.h"
#include "lib/linker_set.h"

/* What start() returns when it does not fail (failures are -errno: the run then ends with
 * exit status 2, the command line's). */
#define BOOT_MODE_DONE    0 /* finished already */
#define BOOT_MODE_RUNNING 1 /* goes on in processes or timers after the idle loop starts */

/* Flags: ENDS_RUN powers off when the mode is done (unless exit= is given), and at most one
 * such mode runs per boot; DEFAULT runs when the command line asks for no mode. */
#define BOOT_MODE_ENDS_RUN 1u
#define BOOT_MODE_DEFAULT  2u

/* Called by a mode's list() once per thing it can run, for help texts and "no such" errors. */
typedef void (*boot_mode_emit_t)(void *ctx, const char *name, const char *help);

struct boot_mode {
    const char *key;  /* the command-line key: "demo" */
    const char *word; /* its form, for help texts: "demo=NAME" */
    const char *help; /* one line */
    /* The argument the command line gives this mode, or NULL when it is not asked for. */
    const char *(*wanted)(const struct boot_config *cfg);
    /* Starts it, in kernel context with IRQs enabled: BOOT_MODE_DONE, BOOT_MODE_RUNNING, or a
     * negative error after printing what was wrong. */
    int (*start)(const char *arg, const struct boot_config *cfg);
    /* Emits what it can run (the demos, the suites, ...); may be NULL. */
    void (*list)(boot_mode_emit_t emit, void *ctx);
    unsigned flags; /* BOOT_MODE_ENDS_RUN, BOOT_MODE_DEFAULT */
};

/* Adds a mode to the table; ORDER (two digits) is the order modes start in. */
#define BOOT_MODE(order, var)                                                                      \
    LINKER_SET_ORDER_CHECK(order);                                                                 \
    static const struct boot_mode var LINKER_SET_ENTRY(boot_modes, order)

/* Starts every mode cfg asks for, in table order, or the default mode when it asks for none.
 * Only the first mode that ends the run starts; the others are reported (status 2). When one
 * ended the run and exit= was not given, powers off. Kernel context, IRQs enabled. */
void boot_modes_start(const struct boot_config *cfg);

/* Writes the table as text, one line per mode and one per thing it can run, into buf (NUL
 * terminated, cut to size). Returns the length written. */
int boot_modes_describe(char *buf, int size);

#endif
