#!/usr/bin/python3
"""make bench: print every benchmark figure as "bench ..." lines.

Host benchmarks run natively; kernel benchmarks boot pinwheel with bench=all under --icount,
where virtual time (and so every figure) is deterministic: 8 ns per instruction at shift=3.
"""
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main():
    status = 0
    for name in ("bench_timer_queue", "bench_page"):
        host = subprocess.run([os.path.join(ROOT, "build/bench", name)],
                              capture_output=True, text=True)
        sys.stdout.write(host.stdout)
        status |= host.returncode
    qemu = subprocess.run([os.path.join(ROOT, "qemu.sh"), "--icount", "bench=all"], cwd=ROOT,
                          stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=300)
    lines = [l for l in qemu.stdout.replace("\r", "").splitlines() if l.startswith("bench ")]
    print("\n".join(lines))
    if qemu.returncode != 0 or not lines:
        print("bench: the kernel benchmark run failed (status %d)" % qemu.returncode)
        print(qemu.stdout[-2000:])
        status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
