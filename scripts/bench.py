#!/usr/bin/python3
"""make bench: print every benchmark figure as "bench ..." lines, each with its target.

Host benchmarks run natively; kernel benchmarks boot pinwheel with bench=all under --icount,
where virtual time (and so every figure) is deterministic: 8 ns per instruction at shift=3.
Every kernel figure comes from the default build (`make`: -O2, tracing compiled in and off).

Each line that has a target (docs/performance.md says where each comes from) ends with
"target=..." and "met=yes" or "met=no"; a figure without one says "target=none". A target not
met does not fail make bench: the figures are for reading, not assertions.
"""
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# (what the line starts with / contains, the field judged, "<=" or ">=", the bound)
TARGETS = [
    (r"^bench timer_irq_latency pending=0 ", "p50_insns_at_shift3", "<=", 120),
    (r"^bench timer_irq_latency pending=255 ", "p50_insns_at_shift3", "<=", 200),
    (r"^bench null_syscall ", "insns_at_shift3", "<=", 45),
    (r"^bench context_switch via=yield ", "insns_at_shift3", "<=", 200),
    (r"^bench wake_lateness sleepers=(1|16|256) p50", "p99_ns", "<=", 3000),
    (r"^bench boot ", "to_boot_modes_us", "<=", 5000),
    (r"^bench timer_queue n=(1|16) op=insert_expire ", "speedup", ">=", 1.0),
    (r"^bench timer_queue n=1 op=insert_cancel ", "speedup", ">=", 1.0),
]


def judge(line, ref_speedup):
    """The line with its target and whether the figure meets it."""
    if line.startswith("bench timer_queue n=65536 op=insert_expire ") and ref_speedup:
        value = float(re.search(r"\bspeedup=([\d.]+)", line).group(1))
        return "%s target=speedup>=ref(%s) met=%s" % (line, ref_speedup,
                                                       "yes" if value >= float(ref_speedup)
                                                       else "no")
    for pattern, field, op, bound in TARGETS:
        if re.search(pattern, line):
            value = float(re.search(r"\b%s=([\d.]+)" % field, line).group(1))
            met = value <= bound if op == "<=" else value >= bound
            return "%s target=%s%s%s met=%s" % (line, field, op, bound, "yes" if met else "no")
    return line + " target=none"


def main():
    status = 0
    print("bench build=default (make: -O2, tracing off) kernel_clock=icount shift=3 (8 ns/insn)")
    host_lines = []
    for name in ("bench_timer_queue", "bench_page"):
        host = subprocess.run([os.path.join(ROOT, "build/bench", name)],
                              capture_output=True, text=True)
        host_lines += host.stdout.splitlines()
        status |= host.returncode
    ref = [re.search(r"\bspeedup=([\d.]+)", l).group(1) for l in host_lines
           if l.startswith("bench timer_queue_ref ")]
    ref_speedup = ref[0] if ref else None
    for line in host_lines:
        print(judge(line, ref_speedup) if line.startswith("bench timer_queue ") else line)
    qemu = subprocess.run([os.path.join(ROOT, "qemu.sh"), "--icount", "bench=all"], cwd=ROOT,
                          stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=300)
    lines = [l for l in qemu.stdout.replace("\r", "").splitlines() if l.startswith("bench ")]
    for line in lines:
        print(judge(line, None))
    if qemu.returncode != 0 or not lines:
        print("bench: the kernel benchmark run failed (status %d)" % qemu.returncode)
        print(qemu.stdout[-2000:])
        status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
