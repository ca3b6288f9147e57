#!/usr/bin/python3
"""make soak: the soak (test=soak) for a long run under --icount, its output shown as it comes
and kept in build/soak/soak-seconds-N-seed-S.txt, then the host time it took:

    scripts/soak.py [--seconds N] [--seed S] [-- more kernel words, e.g. quantum=5]

Passes (exit status 0) when the boot powers off with status 0, the summary line is there and the
suite says "N passed, 0 failed"; otherwise says what was wrong and how to replay it.
"""
import argparse
import os
import re
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

SUMMARY = re.compile(r"^soak: (\d+) processes, (\d+) s, (\d+) wake-ups checked, (\d+) lost, "
                     r"(\d+) early, (-?\d+) pages leaked", re.M)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=int, default=600)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("words", nargs="*", help="more kernel command-line words")
    args = ap.parse_args()
    words = ["test=soak", "seconds=%d" % args.seconds, "seed=%d" % args.seed] + args.words
    cmd = [os.path.join(ROOT, "qemu.sh"), "--icount"] + words
    os.makedirs(os.path.join(ROOT, "build", "soak"), exist_ok=True)
    log = os.path.join(ROOT, "build", "soak", "soak-seconds-%d-seed-%d.txt"
                       % (args.seconds, args.seed))
    start = time.monotonic()
    out = []
    with subprocess.Popen(cmd, cwd=ROOT, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT) as proc:
        for raw in proc.stdout:
            line = raw.decode(errors="replace")
            out.append(line)
            sys.stdout.write(line)
            sys.stdout.flush()
    status = proc.returncode
    secs = time.monotonic() - start
    text = "".join(out).replace("\r\n", "\n")
    with open(log, "w") as f:
        f.write(text)
    problems = []
    if status != 0:
        problems.append("exit status %s" % status)
    if not SUMMARY.search(text):
        problems.append("no summary line")
    if not re.search(r"^\d+ passed, 0 failed$", text, re.M):
        problems.append("failed: %s" % (", ".join(re.findall(r"^FAIL (\S+)", text, re.M))
                                        or "no suite summary"))
    print("soak: host time %.1f s for %d s of virtual time (output in %s): %s"
          % (secs, args.seconds, os.path.relpath(log, ROOT), "ok" if not problems else "FAILED"))
    for problem in problems:
        print("    " + problem)
    if problems:
        print("    replay: ./qemu.sh --icount " + " ".join(words))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
