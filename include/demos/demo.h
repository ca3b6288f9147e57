/* Demos chosen with demo=NAME: each sets something up and returns to the idle loop. */
#ifndef KERNEL_DEMO_H
#define KERNEL_DEMO_H

#include <stdint.h>

struct demo {
    const char *name;
    const char *what;               /* one line for the list of demos */
    void (*start)(void);            /* a kernel demo: sets it up, or ... */
    int (*user_main)(uint32_t arg); /* ... a user program (src/user/) started as a process */
};

/* Starts the named demo. Returns 0, or -ENOENT (after listing the demos) for an unknown name. */
int demo_run(const char *name);

#endif
