"""Tests of the scheduling lab's host side: scripts/pinwheel_trace.py and scripts/lab.py.

Run from the repository root:  /usr/bin/python3 -m unittest discover -s tests/lab -v

Traces are made here: a hand-written one whose every metric was worked out on paper (see the
timeline in known_trace()), and a tiny round-robin simulator for a realistic one.
"""
import collections
import contextlib
import io
import itertools
import json
import os
import sys
import tempfile
import unittest
from unittest import mock

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                                "scripts"))
import pinwheel_trace  # noqa: E402
import lab  # noqa: E402
import matplotlib.image  # noqa: E402 (lab chose the Agg backend)

# The spec's example lines, typed in by hand: format_line() must print exactly these.
SPEC_LINES = [
    "          <idle>-0       [000] d...     0.002371: sched_process_fork: comm=lab pid=0 "
    "child_comm=cpu-A child_pid=2",
    "          <idle>-0       [000] d...     0.002371: pinwheel_proc: pid=2 comm=cpu-A kind=cpu "
    "prio=0 tickets=100",
    "          <idle>-0       [000] d...     0.002400: sched_switch: prev_comm=swapper prev_pid=0 "
    "prev_prio=120 prev_state=R ==> next_comm=cpu-A next_pid=2 next_prio=120",
    "           cpu-A-2       [000] d...     0.012400: irq_handler_entry: irq=1 name=timer",
]
HEADER = ["# tracer: nop", "#", "# pinwheel: scenario=%s sched=rr quantum_us=10000 exit_ms=%d",
          "# entries-in-buffer/entries-written: %d/%d   #P:1", "#",
          "#           TASK-PID     CPU#  ||||   TIMESTAMP  FUNCTION",
          "#              | |         |   ||||      |         |"]


class TraceWriter:
    """Writes a consistent trace the way the kernel should: this test's stand-in for pinwheel."""

    def __init__(self, scenario="test", exit_ms=100):
        self.scenario, self.exit_ms = scenario, exit_ms
        self.comms, self.prios = {0: "swapper"}, {0: 0}
        self.running = 0
        self.events = []

    def emit(self, ts, name, text):
        task = "<idle>" if self.running == 0 else self.comms[self.running]
        self.events.append(pinwheel_trace.format_line(task, self.running, ts, name, text))

    def fork(self, ts, pid, comm, kind="cpu", prio=0, tickets=100):
        self.comms[pid], self.prios[pid] = comm, prio
        self.emit(ts, "sched_process_fork",
                  "comm=lab pid=0 child_comm=%s child_pid=%d" % (comm, pid))
        self.emit(ts, "pinwheel_proc", "pid=%d comm=%s kind=%s prio=%d tickets=%d"
                  % (pid, comm, kind, prio, tickets))

    def switch(self, ts, state, nxt):
        prev = self.running
        self.emit(ts, "sched_switch", "prev_comm=%s prev_pid=%d prev_prio=%d prev_state=%s ==> "
                  "next_comm=%s next_pid=%d next_prio=%d"
                  % (self.comms[prev], prev, pinwheel_trace.linux_prio(self.prios[prev]), state, self.comms[nxt], nxt,
                     pinwheel_trace.linux_prio(self.prios[nxt])))
        self.running = nxt

    def timer(self, ts, preempt_to=None):
        """A timer IRQ; with preempt_to, the running task's slice ends there (R+)."""
        self.emit(ts, "irq_handler_entry", "irq=1 name=timer")
        if preempt_to is not None:
            self.switch(ts, "R+", preempt_to)

    def sleep(self, ts, until, nxt):
        self.emit(ts, "pinwheel_sleep", "pid=%d until_us=%d" % (self.running, until))
        self.switch(ts, "S", nxt)

    def wakeup(self, ts, pid, deadline, irq=True):
        """A sleeper's deadline timer fires (late by ts - deadline) and wakes it."""
        if irq:
            self.timer(ts)
        self.emit(ts, "sched_wakeup", "comm=%s pid=%d prio=%d target_cpu=000"
                  % (self.comms[pid], pid, pinwheel_trace.linux_prio(self.prios[pid])))
        self.emit(ts, "pinwheel_wakeup", "pid=%d deadline_us=%d actual_us=%d"
                  % (pid, deadline, ts))

    def exit(self, ts):
        self.emit(ts, "sched_process_exit", "comm=%s pid=%d prio=%d"
                  % (self.comms[self.running], self.running, pinwheel_trace.linux_prio(self.prios[self.running])))

    def body(self, lost=0):
        """The lines between the markers."""
        n = len(self.events)
        header = "\n".join(HEADER) % (self.scenario, self.exit_ms, n, n + lost)
        return header.split("\n") + self.events

    def console(self, lost=0):
        """What QEMU would print: banner, marker, trace, marker, power-off; CRLF line ends."""
        lines = (["pinwheel 0.1.0 on Raspberry Pi 2", "lab: scenario=%s" % self.scenario,
                  pinwheel_trace.START_MARKER] + self.body(lost)
                 + ["=== pinwheel trace end: %d events, %d lost ===" % (len(self.events), lost),
                    "power off, exit status 0", ""])
        return "\r\n".join(lines)


def known_trace():
    """Three processes, 99 ms traced (1 ms to exit_ms=100); the answers are in KnownAnswers.

    A: cpu, 200 tickets  runs 1-21, 32-52, 64-74 (exits)          = 50 ms
    B: cpu, 100 tickets  runs 22-32, 53-63, 74-79 (then wait())   = 25 ms
    S: sleeper           runs 21-22, 52-53, 63-64, 80.020-81 ms    = 3.98 ms, 3 wake-ups late
                         by 3, 10 and 20 us; idle 79-80.020 and 81-100 ms = 20.02 ms
    """
    w = TraceWriter()
    w.fork(1000, 2, "cpu-A", "cpu", tickets=200)
    w.fork(1000, 3, "cpu-B", "cpu", tickets=100)
    w.fork(1000, 4, "sleepy", "sleeper", tickets=100)
    w.switch(1000, "R", 2)
    w.timer(21000, preempt_to=4)
    w.sleep(22000, 40000, 3)
    w.timer(32000, preempt_to=2)
    w.wakeup(40003, 4, 40000)
    w.timer(52000, preempt_to=4)
    w.sleep(53000, 60000, 3)
    w.wakeup(60010, 4, 60000)
    w.timer(63000, preempt_to=4)
    w.sleep(64000, 80000, 2)
    w.exit(74000)
    w.switch(74000, "X", 3)
    w.switch(79000, "D", 0)
    w.wakeup(80020, 4, 80000)
    w.switch(80020, "R", 4)
    w.sleep(81000, 200000, 0)
    return w


def simulate_rr(n_cpu=3, n_sleepers=2, quantum=10000, exit_us=300000, period=25000, burst=1000):
    """A round-robin run: CPU-bound processes and sleepers waking every period, a bit late."""
    w = TraceWriter("sim", exit_us // 1000)
    ready, sleepers, wake = collections.deque(), set(), {}  # wake: pid -> (deadline, actual)
    lateness = itertools.cycle([2, 5, 3, 40, 4])
    for i in range(n_cpu + n_sleepers):
        pid = 2 + i
        if i < n_cpu:
            w.fork(1000, pid, "cpu-%d" % i, "cpu")
        else:
            w.fork(1000, pid, "sleep-%d" % i, "sleeper")
            sleepers.add(pid)
        ready.append(pid)
    t = 1000
    w.switch(t, "R", ready.popleft())
    since = t
    while True:
        cur = w.running
        end = float("inf") if cur == 0 else since + (burst if cur in sleepers else quantum)
        actual, pid = min((a, p) for p, (d, a) in wake.items()) if wake else (float("inf"), 0)
        if min(actual, end) >= exit_us:
            return w
        if actual <= end:
            t = actual
            w.wakeup(t, pid, wake.pop(pid)[0])
            ready.append(pid)
            if cur == 0:
                w.switch(t, "R", ready.popleft())
                since = t
            continue
        t = end
        if cur in sleepers:
            wake[cur] = (t + period, t + period + next(lateness))
            w.sleep(t, t + period, ready.popleft() if ready else 0)
        else:
            w.timer(t)
            if ready:
                ready.append(cur)
                w.switch(t, "R+", ready.popleft())
        since = t


def time_in(proc, state):
    """Microseconds proc spent in state, from its timeline."""
    return sum(end - start for start, end, s in proc.spans if s == state)


class KnownAnswers(unittest.TestCase):
    """Every metric of known_trace(), worked out by hand."""

    def setUp(self):
        trace = pinwheel_trace.parse_console(known_trace().console())
        self.m = pinwheel_trace.analyse(trace).metrics
        self.p = {row["comm"]: row for row in self.m["processes"]}

    def test_run_span_and_header(self):
        self.assertEqual(self.m["header"], {"scenario": "test", "sched": "rr",
                                            "quantum_us": "10000", "exit_ms": "100"})
        self.assertEqual((self.m["start_us"], self.m["end_us"], self.m["duration_us"]),
                         (1000, 100000, 99000))
        self.assertEqual([row["pid"] for row in self.m["processes"]], [2, 3, 4])

    def test_cpu_time_and_share(self):
        self.assertEqual([self.p[n]["cpu_us"] for n in ("cpu-A", "cpu-B", "sleepy")],
                         [50000, 25000, 3980])
        self.assertAlmostEqual(self.p["cpu-A"]["cpu_share"], 50000 / 99000)
        self.assertAlmostEqual(self.p["sleepy"]["cpu_share"], 3980 / 99000)

    def test_response_time(self):
        self.assertEqual([self.p[n]["first_run_us"] for n in ("cpu-A", "cpu-B", "sleepy")],
                         [0, 21000, 20000])

    def test_waiting_time(self):
        self.assertEqual([self.p[n]["waiting_us"] for n in ("cpu-A", "cpu-B", "sleepy")],
                         [11000 + 12000, 21000 + 21000 + 11000, 20000 + 11997 + 2990])

    def test_wakeup_lateness(self):
        self.assertEqual(self.p["sleepy"]["wake_lateness_us"],
                         {"count": 3, "p50": 10, "p99": 20, "max": 20})
        self.assertEqual(self.p["cpu-A"]["wake_lateness_us"],
                         {"count": 0, "p50": None, "p99": None, "max": None})

    def test_switches(self):
        self.assertEqual([self.p[n]["switches"] for n in ("cpu-A", "cpu-B", "sleepy")],
                         [{"involuntary": 2, "voluntary": 1}, {"involuntary": 2, "voluntary": 1},
                          {"involuntary": 0, "voluntary": 4}])

    def test_fairness_2_to_1_is_0_9(self):
        cpu = self.m["fairness"]["by_kind"]["cpu"]
        self.assertEqual(cpu["pids"], [2, 3])
        self.assertAlmostEqual(cpu["jain"], 0.9)
        self.assertAlmostEqual(cpu["jain_per_ticket"], 1.0)  # 200:100 tickets got 2:1
        self.assertAlmostEqual(self.m["fairness"]["by_kind"]["sleeper"]["jain"], 1.0)
        everyone = 50000 + 25000 + 3980
        self.assertAlmostEqual(self.m["fairness"]["all"]["jain"],
                               everyone ** 2 / (3 * (50000 ** 2 + 25000 ** 2 + 3980 ** 2)))

    def test_timer_irqs_and_idle(self):
        self.assertEqual(self.m["timer_irqs"], 7)
        self.assertAlmostEqual(self.m["timer_irqs_per_s"], 7 / 0.099)
        self.assertEqual(self.m["idle_us"], 1020 + 19000)
        self.assertAlmostEqual(self.m["idle_share"], 20020 / 99000)
        self.assertEqual(self.m["lost"], 0)


class Helpers(unittest.TestCase):
    def test_percentiles_nearest_rank(self):
        self.assertEqual([pinwheel_trace.percentile([3, 1, 2, 4], p) for p in (50, 99, 100)],
                         [2, 4, 4])
        self.assertIsNone(pinwheel_trace.percentile([], 50))

    def test_lateness_percentiles_from_a_trace(self):
        w = TraceWriter()
        w.fork(1000, 2, "tick", "sleeper")
        shuffled = sorted(range(1, 101), key=lambda late: late * 37 % 101)
        for i, late in enumerate(shuffled):
            w.wakeup(2000 + 1000 * i + late, 2, 2000 + 1000 * i, irq=False)
        m = pinwheel_trace.analyse(pinwheel_trace.parse_trace(w.body())).metrics
        self.assertEqual(m["processes"][0]["wake_lateness_us"],
                         {"count": 100, "p50": 50, "p99": 99, "max": 100})

    def test_jain_index(self):
        self.assertAlmostEqual(pinwheel_trace.jain_index([2, 1]), 0.9)
        self.assertAlmostEqual(pinwheel_trace.jain_index([1, 0, 0, 0]), 0.25)
        self.assertAlmostEqual(pinwheel_trace.jain_index([0.3, 0.3, 0.3]), 1.0)
        self.assertIsNone(pinwheel_trace.jain_index([]))

    def test_format_line_matches_the_spec(self):
        for line in SPEC_LINES:
            e = pinwheel_trace.parse_line(line, 1)
            self.assertEqual(pinwheel_trace.format_line(e.task, e.pid, e.ts_us, e.name, e.text),
                             line)


class Parsing(unittest.TestCase):
    def test_markers_and_console_noise_ignored(self):
        w = known_trace()
        trace = pinwheel_trace.parse_console(w.console())
        self.assertEqual(len(trace.events), len(w.events))
        self.assertEqual(trace.events[0].lineno, 3 + len(HEADER) + 1)  # banner, lab:, marker
        switch = trace.events[6].fields
        self.assertEqual((switch["prev_state"], switch["next_pid"]), ("R", 2))

    def test_lost_count(self):
        w = known_trace()
        trace = pinwheel_trace.parse_console(w.console(lost=42))
        self.assertEqual((trace.lost, trace.entries), (42, (len(w.events), len(w.events) + 42)))

    def test_trace_that_starts_mid_run(self):
        """Oldest events dropped: no forks; the running task is the first event's."""
        events = known_trace().events[12:]  # from "cpu-B-3 ... irq at 32 ms" on
        m = pinwheel_trace.analyse(pinwheel_trace.parse_trace(events)).metrics
        b = [row for row in m["processes"] if row["pid"] == 3][0]
        self.assertEqual((b["cpu_us"], b["first_run_us"]), (10000 + 5000, None))
        self.assertEqual(m["start_us"], 32000)

    def assert_rejected(self, text, lineno, words=""):
        with self.assertRaises(ValueError) as caught:
            pinwheel_trace.parse_console(text)
        self.assertIn("line %d" % lineno, str(caught.exception))
        self.assertIn(words, str(caught.exception))

    def test_malformed_lines_name_their_line(self):
        console = known_trace().console().split("\r\n")
        first = 3 + len(HEADER)  # index of the first event (a fork at 1 ms); line first + 1
        switch = first + 6       # index of the first sched_switch
        cases = [
            (first, lambda line: "pinwheel: idle", "not an ftrace event line"),
            (first, lambda line: "", "not an ftrace event line"),
            (first, lambda line: line.replace("0.001000", "0.00100"), "not an ftrace event"),
            (first, lambda line: line.replace("[000]", "[0]"), "not an ftrace event line"),
            (first, lambda line: line.replace("child_pid=2", "child_pid=x"), "sched_process_fork"),
            (switch, lambda line: line.replace(" next_prio=120", ""), "sched_switch fields"),
            (switch, lambda line: line.replace("prev_state=R", "prev_state=Q"), "sched_switch"),
            (switch + 1, lambda line: line.replace("0.021000", "0.000900"), "before the previous"),
        ]
        for index, change, words in cases:
            lines = list(console)
            lines[index] = change(lines[index])
            with self.subTest(bad=lines[index]):
                self.assertNotEqual(lines[index], console[index])
                self.assert_rejected("\n".join(lines), index + 1, words)

    def test_bad_header_and_markers(self):
        console = known_trace().console().split("\r\n")
        self.assert_rejected("\n".join(console).replace("quantum_us=10000", "quantum_us"), 6,
                             "not key=value")
        self.assert_rejected("\n".join(console[:-3]), 3, "no '=== pinwheel trace end")
        self.assert_rejected("\n".join(console).replace("events, 0 lost", "events, 1 lost"),
                             len(console) - 2, "lost")
        with self.assertRaisesRegex(ValueError, "no '=== pinwheel trace start ===' line"):
            pinwheel_trace.parse_console("pinwheel 0.1.0\npower off, exit status 0\n")
        with self.assertRaisesRegex(ValueError, "entries-in-buffer says"):
            pinwheel_trace.parse_trace(known_trace().body()[:-1])


class Layout(unittest.TestCase):
    """check_layout(): exact ftrace columns, flags, order, and who is running."""

    def test_good_traces_pass(self):
        self.assertEqual(pinwheel_trace.check_layout(known_trace().body()), [])
        self.assertEqual(pinwheel_trace.check_layout(simulate_rr().body()), [])
        self.assertEqual(pinwheel_trace.check_layout(SPEC_LINES), [])

    def test_every_line_matches_the_documented_layout(self):
        for line in simulate_rr().events:
            e = pinwheel_trace.parse_line(line, 1)
            self.assertEqual(line[16], "-")          # %16s-
            self.assertEqual(line[24:31], " [000] ")  # %-7d then [%03d]
            self.assertEqual(line[31:36], "d... ")
            self.assertRegex(line[36:50], r"^ {0,4}\d+\.\d{6}: $")
            self.assertEqual(e.ts_us, int(line[36:48].replace(".", "")))

    def test_problems_are_found(self):
        good = known_trace().body()
        first = len(HEADER)  # index of the first event line (idle forks cpu-A at 1 ms)
        irq = first + 7      # cpu-A's timer IRQ at 21 ms
        cases = [
            (first, lambda line: line.replace("<idle>-0      ", "<idle>-0    "), "layout differs"),
            (first, lambda line: line.replace("d...", "dN.."), "layout differs"),
            (irq, lambda line: line.replace("cpu-A-2", "cpu-B-3"), "pid 2 is running"),
            (irq, lambda line: line.replace(" cpu-A-2", "<idle>-2"), "idle loop"),
            (irq + 1, lambda line: line.replace(" next_prio=120", ""), "sched_switch fields"),
            (irq, lambda line: line.replace("0.021000", "0.000500"), "goes backwards"),
        ]
        for index, change, words in cases:
            lines = list(good)
            lines[index] = change(lines[index])
            with self.subTest(bad=lines[index]):
                self.assertNotEqual(lines[index], good[index])
                problems = pinwheel_trace.check_layout(lines)
                self.assertEqual(len(problems), 1, problems)
                self.assertIn("line %d:" % (index + 1), problems[0])
                self.assertIn(words, problems[0])


class Simulated(unittest.TestCase):
    """Invariants on a realistic round-robin run."""

    def setUp(self):
        self.a = pinwheel_trace.analyse(pinwheel_trace.parse_trace(simulate_rr().body()))
        self.m = self.a.metrics

    def test_cpu_time_adds_up(self):
        total = sum(row["cpu_us"] for row in self.m["processes"]) + self.m["idle_us"]
        self.assertEqual(total, self.m["duration_us"])

    def test_each_process_is_always_in_one_state(self):
        for proc in self.a.procs:
            states = sum(time_in(proc, s) for s in ("running", "runnable", "sleeping", "blocked"))
            self.assertEqual(states, self.a.end_us - proc.fork_us)
            self.assertEqual(time_in(proc, "runnable"), proc.wait_us)

    def test_round_robin_is_fair_among_cpu_processes(self):
        self.assertGreater(self.m["fairness"]["by_kind"]["cpu"]["jain"], 0.99)
        irqs = sum("irq_handler_entry" in line for line in simulate_rr().events)
        self.assertAlmostEqual(self.m["timer_irqs_per_s"], irqs / (self.m["duration_us"] / 1e6))
        for row in self.m["processes"]:
            if row["kind"] == "sleeper":
                self.assertLessEqual(row["wake_lateness_us"]["max"], 40)


def png_size(path):
    """(width, height) of a PNG, as matplotlib reads it."""
    height, width = matplotlib.image.imread(path).shape[:2]
    return width, height


class Lab(unittest.TestCase):
    """lab.py: files of a run, pictures, compare, and failures."""

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)

    def save(self, name, writer):
        run_dir = os.path.join(self.tmp.name, name)
        with contextlib.redirect_stderr(io.StringIO()):
            lab.save_run(writer.console().replace("\r", ""), run_dir)
        return run_dir

    def test_run_files(self):
        w = known_trace()
        run_dir = self.save("known", w)
        with open(os.path.join(run_dir, "trace.txt")) as f:
            self.assertEqual(f.read(), "\n".join(w.body()) + "\n")
        with open(os.path.join(run_dir, "metrics.json")) as f:
            self.assertEqual(json.load(f)["processes"][0]["cpu_us"], 50000)
        self.assertEqual(png_size(os.path.join(run_dir, "gantt.png")),
                         (lab.WIDTH_PX, lab.timeline_height_px(3)))

    def test_gantt_height_grows_with_rows(self):
        for n_cpu in (1, 4, 9):
            run_dir = self.save("sim%d" % n_cpu, simulate_rr(n_cpu=n_cpu, n_sleepers=1))
            self.assertEqual(png_size(os.path.join(run_dir, "gantt.png")),
                             (lab.WIDTH_PX, lab.TOP_PX + (n_cpu + 1) * lab.ROW_PX + lab.BOTTOM_PX))

    def test_compare(self):
        a, b = self.save("a", known_trace()), self.save("b", simulate_rr())
        out = os.path.join(self.tmp.name, "cmp.png")
        with contextlib.redirect_stdout(io.StringIO()) as printed:
            self.assertEqual(lab.main(["compare", a, b, "--out", out]), 0)
        self.assertIn("Jain kind cpu", printed.getvalue())
        self.assertIn("run a:", printed.getvalue())
        self.assertEqual(png_size(out),
                         (lab.WIDTH_PX, lab.timeline_height_px(3) + lab.timeline_height_px(5)))

    def test_run_boots_qemu_sh_and_writes_the_run(self):
        """lab.py run against a stand-in qemu.sh that prints known_trace()'s console output."""
        script = os.path.join(self.tmp.name, "qemu.sh")
        with open(script + ".out", "w") as f:
            f.write(known_trace().console())
        with open(script, "w") as f:
            f.write('#!/bin/sh\necho "$@" >"$0.args"\ncat "$0.out"\n')
        os.chmod(script, 0o755)
        runs = [(["cpu-mix", "--sched", "stride", "--quantum", "5", "--seconds", "1.5"],
                 "scenario=cpu-mix sched=stride quantum_us=5000 run_ms=1500 trace_events=16384",
                 "cpu-mix-stride-q5"),
                (["mine", "--procs", "cpu:2,io:1", "--name", "try1"],
                 "procs=cpu:2,io:1 sched=rr quantum_us=10000 run_ms=2000 trace_events=16384",
                 "try1")]
        for argv, words, name in runs:
            with mock.patch.object(lab, "ROOT", self.tmp.name), \
                    mock.patch.object(lab, "LAB_DIR", self.tmp.name), \
                    contextlib.redirect_stdout(io.StringIO()) as out, \
                    contextlib.redirect_stderr(io.StringIO()):
                self.assertEqual(lab.main(["run"] + argv), 0)
            with open(script + ".args") as f:
                self.assertEqual(f.read(), "--icount %s\n" % words)
            for file in ("console.txt", "trace.txt", "metrics.json", "gantt.png"):
                self.assertTrue(os.path.isfile(os.path.join(self.tmp.name, name, file)))
            self.assertIn("    2 cpu-A", out.getvalue())

    def test_failures_exit_1_with_a_message(self):
        with contextlib.redirect_stderr(io.StringIO()) as err:
            self.assertEqual(lab.main(["compare", "no-such-run-a", "no-such-run-b"]), 1)
        self.assertIn("no such run", err.getvalue())
        with self.assertRaisesRegex(lab.LabError, "status 3"):
            lab.run_qemu(["/bin/sh", "-c", "echo booting; exit 3"], timeout=10)
        with self.assertRaisesRegex(lab.LabError, "did not finish within 0.5 s"):
            lab.run_qemu(["/bin/sh", "-c", "echo booting; sleep 30"], timeout=0.5)
        with self.assertRaisesRegex(lab.LabError, r"console.txt: line 3: not an ftrace"):
            lab.save_run("banner\n=== pinwheel trace start ===\nHello\n"
                         "=== pinwheel trace end: 0 events, 0 lost ===\n",
                         os.path.join(self.tmp.name, "bad"))


if __name__ == "__main__":
    unittest.main()
