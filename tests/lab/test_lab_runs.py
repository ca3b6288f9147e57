"""The lab end to end: boot pinwheel under --icount through scripts/lab.py and check schedules
that are known by construction, reproducibility, the picture, and the trace's strict format.

    /usr/bin/python3 -m unittest discover -s tests/lab
"""
import json
import os
import re
import subprocess
import sys
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "scripts"))

import lab  # noqa: E402
import pinwheel_trace  # noqa: E402


def run(name, *args):
    """Runs scripts/lab.py run with args as run `name`; returns (trace lines, metrics)."""
    cmd = ["/usr/bin/python3", os.path.join(ROOT, "scripts", "lab.py"), "run"] + list(args) + [
        "--name", "test-" + name]
    out = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=300)
    if out.returncode != 0:
        raise AssertionError("lab.py failed:\n" + out.stdout[-2000:] + out.stderr[-2000:])
    run_dir = os.path.join(ROOT, "build", "lab", "test-" + name)
    with open(os.path.join(run_dir, "trace.txt")) as f:
        lines = f.read().splitlines()
    with open(os.path.join(run_dir, "metrics.json")) as f:
        return lines, json.load(f), run_dir


class KnownSchedules(unittest.TestCase):
    def test_round_robin_pair_alternates_every_quantum(self):
        lines, metrics, _ = run("pair-rr", "pair", "--sched", "rr", "--quantum", "10",
                                "--seconds", "1")
        switches = [(float(m.group(1)), m.group(2), m.group(3)) for m in (
            re.search(r" (\d+\.\d+): sched_switch: .*prev_comm=(\S+) .*next_comm=(\S+) ", line)
            for line in lines) if m]
        between = [s for s in switches if s[1] != "swapper/0"]
        self.assertGreater(len(between), 90)
        for (t0, prev0, next0), (t1, prev1, next1) in zip(between, between[1:]):
            self.assertEqual(next0, prev1)  # whoever came in is the next to leave
            self.assertEqual(prev0, next1)  # strict alternation: A, B, A, B
            self.assertAlmostEqual((t1 - t0) * 1e6, 10000, delta=20)
        self.assertTrue(all("prev_state=R+" in l for l in lines
                            if "sched_switch" in l and "prev_comm=cpu" in l))

    def test_stride_two_to_one(self):
        _, metrics, _ = run("stride-pair", "stride-pair", "--sched", "stride", "--seconds", "3")
        shares = {p["comm"]: p["cpu_share"] for p in metrics["processes"]}
        self.assertAlmostEqual(shares["cpu-1"], 2 / 3, delta=0.02)
        self.assertAlmostEqual(shares["cpu-2"], 1 / 3, delta=0.02)

    def test_prio_lets_periodic_tasks_meet_their_periods(self):
        _, metrics, _ = run("periodic-prio", "periodic", "--sched", "prio", "--seconds", "1")
        for p in metrics["processes"]:
            if p["kind"] == "periodic":
                self.assertLessEqual(p["wake_lateness_us"]["max"], 100)


class Reproducible(unittest.TestCase):
    def test_same_run_gives_byte_identical_trace(self):
        first = run("repro-a", "interactive", "--sched", "rr", "--seconds", "1")[0]
        second = run("repro-b", "interactive", "--sched", "rr", "--seconds", "1")[0]
        self.assertGreater(len(first), 100)
        self.assertEqual(first, second)


class Output(unittest.TestCase):
    def test_real_trace_is_strict_ftrace_and_picture_has_a_row_per_process(self):
        import matplotlib.image
        lines, metrics, run_dir = run("mix", "cpu-mix", "--sched", "rr", "--seconds", "1")
        self.assertEqual(pinwheel_trace.check_layout(lines), [])
        pinwheel_trace.parse_trace(lines)  # raises on any malformed line
        image = matplotlib.image.imread(os.path.join(run_dir, "gantt.png"))
        rows = len(metrics["processes"])
        self.assertEqual(rows, 3)
        self.assertEqual(image.shape[0], lab.timeline_height_px(rows))

    def test_full_ring_fails_the_run_and_a_larger_ring_holds_it(self):
        cmd = ["/usr/bin/python3", os.path.join(ROOT, "scripts", "lab.py"), "run", "overflow",
               "--procs", "cpu:4", "--quantum", "1", "--seconds", "6", "--name", "test-lost"]
        out = subprocess.run(cmd + ["--trace-events", "8192"], cwd=ROOT, capture_output=True,
                             text=True, timeout=300)
        self.assertEqual(out.returncode, 1)
        lost = re.search(r"the trace ring lost (\d+) of (\d+) events", out.stderr)
        self.assertIsNotNone(lost, out.stderr[-2000:])
        self.assertGreater(int(lost.group(1)), 0)
        _, metrics, _ = run("lost", "overflow", "--procs", "cpu:4", "--quantum", "1",
                            "--seconds", "6", "--trace-events", "65536")
        self.assertEqual(metrics["lost"], 0)
        self.assertGreater(metrics["events"], 8192)  # more than the small ring held


if __name__ == "__main__":
    unittest.main()
