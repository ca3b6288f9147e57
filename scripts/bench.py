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
    (r"^bench irq_off_max runs=", "max_ns", "<=", 50000),
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


def function_at(pc):
    """The function (not inlined) that holds pc in the meter's build."""
    out = subprocess.run(["arm-none-eabi-addr2line", "-f", "-i", "-s", "-e",
                          os.path.join(ROOT, "build/meter/kernel.elf"), pc],
                         capture_output=True, text=True).stdout.split()
    return out[-2] if len(out) >= 2 else "?"


def irq_off_max():
    """The longest masked section over bench=all and bench=irqoff, in the meter's build
    (qemu.sh --meter): one line, with the functions where it began and ended."""
    best, runs = None, []
    for bench in ("all", "irqoff"):
        run = subprocess.run([os.path.join(ROOT, "qemu.sh"), "--meter", "--icount",
                              "bench=" + bench], cwd=ROOT, stdin=subprocess.DEVNULL,
                             capture_output=True, timeout=900)
        out = run.stdout.decode("utf-8", "replace").replace("\r", "")
        for line in out.splitlines():
            if line.startswith(("bench irq_off_workload ", "bench irq_off_probe ")):
                print(line + " target=none")
            m = re.match(r"bench irq_off_max build=meter .*max_ns=(\d+) begin_pc=(\S+) "
                         r"end_pc=(\S+)", line)
            if m:
                runs.append(bench)
                if best is None or int(m.group(1)) > best[0]:
                    best = (int(m.group(1)), m.group(2), m.group(3), bench)
    if best is None:
        print("bench: the IRQ-off meter's runs printed no figure")
        return 1
    print(judge("bench irq_off_max runs=%s max_ns=%d in=bench=%s began_in=%s ended_in=%s"
                % (",".join(runs), best[0], best[3], function_at(best[1]),
                   function_at(best[2])), None))
    return 0


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
    status |= irq_off_max()
    return status


if __name__ == "__main__":
    sys.exit(main())
