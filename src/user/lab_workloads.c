/* Workloads for the scheduling lab: what procs= and scenario= run. They compute by watching the
 * generic timer (no system calls while computing), so "work" means time on the CPU. */
#include "kernel/lab/lab_spec.h"
#include "user/lab.h"
#include "user/pinwheel.h"

struct lab_params
    lab_params[LAB_MAX_PROCS] USER_SHARED; /* the spawner writes, the workload reads */

/* Computes for us microseconds of CPU time: time the process actually holds the CPU. */
static void compute(uint64_t us)
{
    uint64_t freq = cntfrq();
    uint64_t need = us * freq / 1000000, done = 0, gap = freq / 100000; /* 10 us */
    uint64_t last = cntvct();
    while (done < need) {
        uint64_t now = cntvct();
        if (now - last < gap) /* a longer jump: someone else ran meanwhile */
            done += now - last;
        last = now;
    }
}

int lab_cpu(uint32_t index)
{
    sleep_until(lab_params[index].start_us);
    for (;;)
        compute(1000000);
}

int lab_periodic(uint32_t index)
{
    const struct lab_params *p = &lab_params[index];
    uint64_t next = p->start_us;
    sleep_until(next);
    for (;;) {
        compute(p->work_us);
        next += p->period_us;
        sleep_until(next); /* the deadline of this period's work is the next period's start */
    }
}

/* Its first job_next() sleeps until its first release, at or after time zero. */
int lab_rt(uint32_t index)
{
    (void)index;
    for (;;) {
        int work = job_next();
        if (work < 0)
            exit(work);
        compute((uint64_t)work);
    }
}

int lab_burst(uint32_t index)
{
    uint32_t rng = lab_params[index].seed;
    sleep_until(lab_params[index].start_us);
    for (;;) {
        rng = rng * 1103515245u + 12345u;
        compute(1000 + (rng >> 8) % 2001); /* 1-3 ms of work */
        rng = rng * 1103515245u + 12345u;
        sleep_us(5000 + (rng >> 8) % 15001); /* 5-20 ms of thinking */
    }
}
