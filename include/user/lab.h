/* The lab's workload programs (src/user/lab_workloads.c) and their parameters, which the kernel
 * writes into the user image before starting them. */
#ifndef USER_LAB_H
#define USER_LAB_H

#include <stdint.h>

struct lab_params {
    uint64_t start_us;  /* time zero: every workload sleeps until then */
    uint32_t period_us; /* periodic: period; burst: unused */
    uint32_t work_us;   /* periodic: computation per period */
    uint32_t seed;      /* burst: its own random sequence */
};

extern struct lab_params lab_params[];

int lab_cpu(uint32_t index);
int lab_periodic(uint32_t index);
int lab_burst(uint32_t index);
int lab_rt(uint32_t index); /* a periodic task: computes each job's work (job_next()) */

#endif
