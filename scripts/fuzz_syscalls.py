#!/usr/bin/python3
"""make fuzz-syscalls: the system-call fuzzer (test=fuzz) for long runs under --icount, one boot
per seed, and one line each:

    fuzz syscalls seed=S calls=N EFAULT=.. EINVAL=.. ... ok=.. spawned=.. killed=.. faulted=..
        wrong=0 host_s=T: ok

    scripts/fuzz_syscalls.py [--calls N] [--repeat] SEED...

A seed passes when the boot powers off with status 0, its summary says every call was made and
none gave a wrong result, its suite says "N passed, 0 failed", and nothing panicked. --repeat
boots each seed twice and fails unless both outputs are identical. Each boot's output is kept in
build/fuzz/syscalls-seed-S.txt; a failing seed is printed with the command that replays it.
"""
import argparse
import os
import re
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TIMEOUT = 1800  # seconds of host time per boot

SUMMARY = re.compile(r"^fuzz: seed=(\d+) calls=(\d+) errors (.*) kernel panics=0\r?$", re.M)


def boot(seed, calls):
    cmd = [os.path.join(ROOT, "qemu.sh"), "--icount", "test=fuzz", "seed=%d" % seed,
           "calls=%d" % calls]
    start = time.monotonic()
    proc = subprocess.run(cmd, cwd=ROOT, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, timeout=TIMEOUT)
    return proc.stdout, proc.returncode, time.monotonic() - start


def judge(out, status, seed, calls):
    """Returns (figures, problems) for one boot's output (bytes)."""
    text = out.decode(errors="replace")
    problems = []
    if status != 0:
        problems.append("exit status %s" % status)
    if "PANIC:" in text:
        problems.append("the kernel panicked")
    summary = SUMMARY.search(text)
    if not summary:
        problems.append("no summary line")
        return "", problems
    figures = dict(kv.split("=") for kv in summary.group(3).split())
    if int(summary.group(1)) != seed or int(summary.group(2)) != calls:
        problems.append("the summary is of seed=%s calls=%s" % summary.group(1, 2))
    if int(figures.get("wrong", 1)) != 0:
        problems.append("%s wrong results" % figures.get("wrong"))
    if not re.search(r"^\d+ passed, 0 failed\r?$", text, re.M):
        problems.append("the suite failed: %s" % ", ".join(
            re.findall(r"^FAIL (\S+)", text, re.M)) or "no summary")
    return summary.group(3).replace("errors ", ""), problems


TABLE = ["EFAULT", "EINVAL", "ESRCH", "EPERM", "EAGAIN", "ENOMEM", "ENOSYS", "EINTR", "EBUSY",
         "EIO", "other", "ok", "spawned", "killed", "faulted", "wrong", "virtual_s"]


def print_table(rows):
    """One row a seed: what the calls returned, the processes, the virtual time. No host time,
    so that the same kernel prints the same table on every machine (it is checked in make
    test, through scripts/doc_examples.py)."""
    print("| seed | " + " | ".join(TABLE) + " | result |")
    print("|---" * (len(TABLE) + 2) + "|")
    for seed, fig, problems in rows:
        print("| %d | %s | %s |" % (seed, " | ".join(fig.get(k, "?") for k in TABLE),
                                    "ok" if not problems else "FAILED: " + "; ".join(problems)))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--calls", type=int, default=100000)
    ap.add_argument("--repeat", action="store_true", help="boot each seed twice, compare")
    ap.add_argument("--table", action="store_true",
                    help="print the figures as a Markdown table (docs/robustness.md shows it)")
    ap.add_argument("seeds", type=int, nargs="+")
    args = ap.parse_args()
    rows = []
    os.makedirs(os.path.join(ROOT, "build", "fuzz"), exist_ok=True)
    failed = []
    for seed in args.seeds:
        out, status, secs = boot(seed, args.calls)
        with open(os.path.join(ROOT, "build", "fuzz", "syscalls-seed-%d.txt" % seed), "wb") as f:
            f.write(out)
        figures, problems = judge(out, status, seed, args.calls)
        if args.repeat:
            again, _, secs2 = boot(seed, args.calls)
            secs = (secs + secs2) / 2
            if again != out:
                problems.append("a second boot of the same seed printed something else")
        rows.append((seed, dict(kv.split("=") for kv in figures.split()), problems))
        if args.table:
            continue
        print("fuzz syscalls seed=%d calls=%d %s host_s=%.1f: %s"
              % (seed, args.calls, figures, secs, "ok" if not problems else "FAILED"))
        for problem in problems:
            print("    " + problem)
        if problems:
            failed.append(seed)
            print("    replay: ./qemu.sh --icount test=fuzz seed=%d calls=%d" % (seed, args.calls))
    if args.table:
        print_table(rows)
    print("fuzz syscalls: %d seeds, %d calls each, %d failed%s"
          % (len(args.seeds), args.calls, len(failed),
             (": seeds " + " ".join(map(str, failed))) if failed else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
