#!/usr/bin/python3
"""make fuzz: runs each parser's libFuzzer binary (build/fuzz/fuzz_TARGET) for a set time from its
corpus and prints one line per target:

    fuzz TARGET seconds=S execs=N new_inputs=K crashes=0

    scripts/fuzz.py SECONDS TARGET...

A crash or sanitizer report ends that target's run with the input in build/fuzz/ (libFuzzer's
crash-* file); the script then names it, goes on with the others, and exits 1.
"""
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main(argv):
    seconds, targets = int(argv[0]), argv[1:]
    failed = []
    for target in targets:
        binary = os.path.join(ROOT, "build", "fuzz", "fuzz_" + target)
        new = os.path.join(ROOT, "build", "fuzz", "new-" + target)
        corpus = os.path.join(ROOT, "tests", "fuzz", "corpus", target)
        os.makedirs(new, exist_ok=True)
        proc = subprocess.run(
            [binary, "-max_total_time=%d" % seconds, "-print_final_stats=1", "-timeout=10",
             "-artifact_prefix=" + os.path.join(ROOT, "build", "fuzz", target + "-"), new, corpus],
            cwd=ROOT, capture_output=True, text=True)
        out = proc.stdout + proc.stderr
        execs = re.search(r"stat::number_of_executed_units: (\d+)", out)
        crash = re.search(r"Test unit written to (\S+)", out)
        print("fuzz %s seconds=%d execs=%s new_inputs=%d crashes=%d" % (
            target, seconds, execs.group(1) if execs else "?", len(os.listdir(new)),
            1 if proc.returncode else 0))
        if proc.returncode:
            failed.append(target)
            print("fuzz %s: failed (%s); the input: %s" % (
                target, proc.returncode, crash.group(1) if crash else "see the output below"))
            print("\n".join(out.splitlines()[-30:]))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
