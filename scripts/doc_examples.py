#!/usr/bin/python3
"""Keeps the outputs shown in the docs true: reruns the commands they show and writes what the
commands print into the docs.

A shown output is a block like this in a Markdown file:

    <!-- example: scripts/lab.py run --taskset docs/examples/rm-vs-edf.json --sched rm -->
    ```text
    ...what the command printed...
    ```
    <!-- end example -->

    scripts/doc_examples.py [--check] [FILE.md ...]
                            (default: README.md, docs/lab.md, docs/robustness.md,
                             docs/tutorial/*.md)

The command is a bash command line, run from the repository's root (a pipe may cut its output
to the part the docs discuss; stderr is left out). Without --check the script replaces each
block's text with the command's output. With --check it changes nothing and exits 1, naming the
block, when an output differs from what the docs show: `make test` runs it so. The commands
run under --icount, so their output is the same on every machine.
"""
import glob
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BLOCK = re.compile(r"(<!-- example: (?P<cmd>.+?) -->\n```text\n)(?P<out>.*?)(```\n<!-- end example -->)",
                   re.S)


def run(cmd):
    """The output of one shown command (stdout only), as the docs show it. The command is a bash
    command line: a pipe may cut the output to the part the docs discuss."""
    proc = subprocess.run(["bash", "-c", "set -o pipefail; " + cmd], cwd=ROOT,
                          capture_output=True, text=True, timeout=600)
    if proc.returncode != 0:
        raise SystemExit("doc_examples: '%s' failed with status %d:\n%s"
                         % (cmd, proc.returncode, (proc.stdout + proc.stderr)[-2000:]))
    return proc.stdout


def main(argv):
    check = "--check" in argv
    files = [a for a in argv if a != "--check"] or (
        [os.path.join(ROOT, "README.md"), os.path.join(ROOT, "docs", "lab.md"),
         os.path.join(ROOT, "docs", "robustness.md")] +
        sorted(glob.glob(os.path.join(ROOT, "docs", "tutorial", "*.md"))))
    stale = []
    for path in files:
        with open(path) as f:
            text = f.read()

        def replace(m, path=path):
            out = run(m["cmd"])
            if out != m["out"]:
                stale.append("%s: the output of '%s' is not what the docs show"
                             % (os.path.relpath(path, ROOT), m["cmd"]))
            return m.group(1) + out + m.group(4)

        new = BLOCK.sub(replace, text)
        if not check and new != text:
            with open(path, "w") as f:
                f.write(new)
    if check and stale:
        print("\n".join(stale + ["run scripts/doc_examples.py to bring them up to date"]))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
