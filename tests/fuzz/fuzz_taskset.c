/* Fuzz target: the kernel's task-set reader (src/kernel/lab/taskset.c). It must never read past
 * len (the buffer is exactly len bytes, no NUL, so ASan sees an overread) and a set it accepts
 * must keep the rules it promises. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/lab/taskset.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size ? size : 1);
    memcpy(text, data, size);
    struct taskset ts;
    int line;
    const char *error;
    int err = taskset_parse(text, (int)size, &ts, &line, &error);
    if (err && (!error || line < 1))
        abort();
    if (!err) {
        if (ts.ntasks < 0 || ts.ntasks > TASKSET_MAX_TASKS || ts.hogs > LAB_MAX_PROCS)
            abort();
        for (int i = 0; i < ts.ntasks; i++) {
            const struct rt_params *p = &ts.task[i].prm;
            if (!p->period_us || !p->deadline_us || !p->wcet_max_us ||
                p->wcet_min_us > p->wcet_max_us || p->jitter_us >= p->deadline_us ||
                p->period_us > RT_TIME_MAX_US || !memchr(ts.task[i].name, 0, PROC_NAME_MAX))
                abort();
        }
    }
    free(text);
    return 0;
}
