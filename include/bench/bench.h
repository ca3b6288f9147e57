/* In-kernel benchmarks chosen with bench=NAME (QEMU, --icount): they print "bench ..." lines
 * that scripts/bench.py collects for `make bench`. They measure; they never assert. */
#ifndef KERNEL_BENCH_H
#define KERNEL_BENCH_H

/* Runs the named benchmark ("all" for every one). Returns 0, -ENOENT for an unknown name, or
 * BENCH_PENDING when part of it runs as a process: it powers off when that process ends. */
#define BENCH_PENDING 1
int bench_run(const char *name);

#endif
