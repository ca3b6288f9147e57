/* Demos chosen with demo=NAME: each sets something up and returns to the idle loop. Each demo
 * adds itself to the table with DEMO; demo.c starts them by name. */
#ifndef KERNEL_DEMO_H
#define KERNEL_DEMO_H

#include <stdint.h>

#include "lib/linker_set.h"

struct demo {
    const char *name;
    const char *what;               /* one line for the list of demos */
    void (*start)(void);            /* a kernel demo: sets it up, or ... */
    int (*user_main)(uint32_t arg); /* ... a user program (src/user/) started as a process */
};

/* Adds a demo to the link-time table that demo=NAME reads; ORDER (two digits) is its place in
 * the list. */
#define DEMO(order, var)                                                                           \
    LINKER_SET_ORDER_CHECK(order);                                                                 \
    static const struct demo var LINKER_SET_ENTRY(demos, order)

/* Starts the named demo. Returns 0, or -ENOENT (after listing the demos) for an unknown name. */
int demo_run(const char *name);

#endif
