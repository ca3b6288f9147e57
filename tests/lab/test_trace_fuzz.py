"""The lab's trace parser under hostile input: a mutation loop over real traces.

Every mutated console text must either parse and analyse, or fail with ValueError naming what
is wrong: never another exception (which lab.py would print as a traceback). Seeded, so a
failure names the iteration that reproduces it. /usr/bin/python3 -m unittest discover -s tests/lab
"""
import os
import random
import sys
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import pinwheel_trace  # noqa: E402
from test_trace import known_trace  # noqa: E402

ITERATIONS = 3000
JOB_LINES = [
    "          <idle>-0       [000] d...     0.000005: pinwheel_job_release: pid=2 job=1 "
    "release_us=0 deadline_us=5000 work_us=2000",
    "           cpu-A-2       [000] d...     0.002027: pinwheel_job_complete: pid=2 job=1 "
    "deadline_us=5000 response_us=2026",
    "           cpu-A-2       [000] d...     0.005001: pinwheel_deadline_miss: pid=2 job=1 "
    "deadline_us=5000",
]
WORDS = ["=", "-", " ", "\n", "999999999999", "-1", "job=0", "pid=0", "[000]", ":", "R+",
         "sched_switch: ", "=== pinwheel trace end: 1 events, 0 lost ===",
         "=== pinwheel trace start ===", "# pinwheel: x", "\x00", "é"]


def mutate(rng, text):
    """One to four edits: delete, duplicate, swap lines, insert a word, flip a character."""
    lines = text.split("\n")
    for _ in range(rng.randint(1, 4)):
        i = rng.randrange(len(lines))
        kind = rng.randrange(6)
        if kind == 0 and len(lines) > 1:
            del lines[i]
        elif kind == 1:
            lines.insert(i, lines[rng.randrange(len(lines))])
        elif kind == 2:
            j = rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
        elif kind == 3:
            k = rng.randint(0, len(lines[i]))
            lines[i] = lines[i][:k] + rng.choice(WORDS) + lines[i][k:]
        elif kind == 4 and lines[i]:
            k = rng.randrange(len(lines[i]))
            lines[i] = lines[i][:k] + chr(rng.randrange(32, 127)) + lines[i][k + 1:]
        else:
            lines.insert(i, rng.choice(JOB_LINES))
    return "\n".join(lines)


class MutatedTraces(unittest.TestCase):
    def test_parse_and_analyse_fail_only_with_value_error(self):
        base = known_trace().console()
        rng = random.Random(20261207)
        parsed = refused = 0
        for n in range(ITERATIONS):
            text = mutate(rng, base)
            try:
                trace = pinwheel_trace.parse_console(text)
                pinwheel_trace.analyse(trace)
                pinwheel_trace.check_layout(text.split("\n"))
                parsed += 1
            except ValueError:
                refused += 1
            except Exception as error:  # noqa: BLE001 (any other kind is the defect)
                self.fail("iteration %d: %s: %s\n%s" % (n, type(error).__name__, error, text))
        # Both outcomes must occur, or the mutations do not exercise the parser.
        self.assertGreater(parsed, ITERATIONS // 20)
        self.assertGreater(refused, ITERATIONS // 20)


if __name__ == "__main__":
    unittest.main()
