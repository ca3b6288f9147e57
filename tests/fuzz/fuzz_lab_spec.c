/* Fuzz target: the lab's workload specs (src/kernel/lab/lab_spec.c), procs=SPEC. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/lab/lab_spec.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *spec = malloc(size + 1);
    memcpy(spec, data, size);
    spec[size] = '\0';
    struct lab_spec out;
    const char *error;
    int where;
    if (lab_spec_parse(spec, &out, &error, &where) == 0) {
        if (out.ngroups < 1 || out.ngroups > LAB_MAX_GROUPS || out.nprocs > LAB_MAX_PROCS)
            abort();
    } else if (!error || where < 0 || where > (int)size) {
        abort();
    }
    free(spec);
    return 0;
}
