"""scripts/profile.py counts what the benchmarks count, by two routes (run after `make`).

* Its totals for a benchmark's own measured window (from the counter read that starts the
  bench's clock to the one that stops it) match the bench's figure: the bench reads the
  generic timer (16 ns = 2 instructions a tick at shift=3), the profiler counts instructions.
* With one instruction per TB (QEMU's -singlestep, where no block can stop part-way) it
  finds exactly the same windows and the same instructions per function as from ordinary
  TBs, where it has to correct for I/O recompiles and blocks stopped before they started.
"""
import importlib.util
import json
import os
import re
import subprocess
import tempfile
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ELF = os.path.join(ROOT, "build", "kernel.elf")
PROFILE = os.path.join(ROOT, "scripts", "profile.py")


def profile(tmp, name, *args):
    json_path = os.path.join(tmp, name + ".json")
    run = subprocess.run(["/usr/bin/python3", PROFILE, "--json", json_path] + list(args),
                         cwd=ROOT, capture_output=True, text=True, timeout=900)
    if run.returncode != 0:
        raise AssertionError("profile.py %s failed:\n%s%s" % (args, run.stdout, run.stderr))
    with open(json_path) as f:
        return json.load(f), run.stdout


def bench_lines(console_path):
    with open(console_path) as f:
        return [l.strip() for l in f if l.startswith("bench ")]


def field(line, key):
    return int(re.search(r"\b%s=(\d+)" % key, line).group(1))


class SchedBench(unittest.TestCase):
    """bench=sched, profiled once: the null system call and the context switch."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="pinwheel-profile-test-")
        cls.log = os.path.join(cls.tmp.name, "exec.log")
        cls.console = os.path.join(cls.tmp.name, "console.txt")
        # From the bench's first counter read to its second (in address order)
        cls.null, cls.null_out = profile(cls.tmp.name, "null", "--from", "null_syscall:clock",
                                         "--to", "null_syscall:clock2", "--keep-log", cls.log,
                                         "--console", cls.console, "bench=sched")
        cls.bench = bench_lines(cls.console)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def bench_line(self, name):
        lines = [l for l in self.bench if l.startswith("bench " + name + " ")]
        self.assertEqual(len(lines), 1, self.bench)
        return lines[0]

    def check_total(self, result, line, count_key):
        """The bench divides its clock by the count; the clock ticks every 2 instructions."""
        self.assertEqual(len(result["windows"]), 1)
        insns = result["windows"][0]
        count, ns = field(line, count_key), field(line, "ns")
        self.assertLessEqual(abs(insns * 8 / count - ns), 1 + 16 / count,
                             "profile %d instructions over %d, bench %s" % (insns, count, line))

    def test_null_syscall_total_matches_the_bench(self):
        self.check_total(self.null, self.bench_line("null_syscall"), "calls")

    def test_context_switch_total_matches_the_bench(self):
        result, _ = profile(self.tmp.name, "switch", "--from", "context_switch:clock", "--to",
                            "context_switch:clock2", "--log", self.log)
        self.check_total(result, self.bench_line("context_switch via=yield"), "switches")

    def test_preemption_figure_lies_in_the_profiled_window(self):
        """The bench's preemption switch (the other process's first counter read minus the
        preempted one's last published read) is at least the profiler's count from the slice
        IRQ to that first read, and at most that plus a turn of the spinner's loop."""
        result, _ = profile(self.tmp.name, "preempt", "--from", "irq", "--to",
                            "preempt_spinner:clock2", "--after", "preempt_spinner", "--log",
                            self.log)
        windows = sorted(result["windows"])
        profiled = windows[len(windows) // 2]
        figure = field(self.bench_line("context_switch via=preemption"), "insns_at_shift3")
        self.assertGreaterEqual(figure + 2, profiled)  # + one tick of the bench's clock
        self.assertLessEqual(figure, profiled + 60, "profile %d, bench %d" % (profiled, figure))

    def test_one_system_call_per_window(self):
        """The preset's windows, one system call each: all but the last (which runs on into
        the printing) are the bench's figure, and the call path names the entry, the
        dispatcher and the return."""
        result, out = profile(self.tmp.name, "preset", "--preset", "null_syscall", "--log",
                              self.log)
        windows = result["windows"]
        calls = field(self.bench_line("null_syscall"), "calls")
        self.assertEqual(len(windows), calls)
        figure = field(self.bench_line("null_syscall"), "insns_at_shift3")
        self.assertEqual(set(windows[:-1]), {figure})
        self.assertEqual(sum(result["functions"].values()), sum(windows))
        path = out.split("call path of window", 1)[1]
        for name in ("svc_entry", "syscall_dispatch", "user_return", "vectors"):
            self.assertIn(name, path)


class TimerBench(unittest.TestCase):
    """bench=timer: deadline to the callback's counter read, 64 samples at each of four
    queue sizes, by two routes."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="pinwheel-profile-test-")
        cls.console = os.path.join(cls.tmp.name, "console.txt")
        cls.blocks, cls.out = profile(cls.tmp.name, "tb", "--from", "irq", "--to",
                                      "take_stamp:clock", "--console", cls.console,
                                      "bench=timer")

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_each_sample_matches_the_bench(self):
        lines = [l for l in bench_lines(self.console) if "timer_irq_latency pending=" in l]
        self.assertEqual(len(lines), 4)
        windows = self.blocks["windows"]
        self.assertEqual(len(windows), 64 * 4)
        for i, line in enumerate(lines):
            group = windows[64 * i:64 * (i + 1)]
            # every sample of a group is the same path; the bench reads its clock at the
            # window's end (the read itself counts) and starts it at the deadline, when the
            # IRQ is taken: within one tick of the timer (2 instructions)
            p50 = sorted(group)[32]
            self.assertLessEqual(abs(p50 + 1 - field(line, "p50_insns_at_shift3")), 2,
                                 "profile %d vs %s" % (p50, line))

    def test_one_instruction_per_block_gives_the_same_profile(self):
        single, _ = profile(self.tmp.name, "single", "--from", "irq", "--to",
                            "take_stamp:clock", "--one-insn-per-tb", "bench=timer")
        self.assertEqual(single["windows"], self.blocks["windows"])
        self.assertEqual(single["functions"], self.blocks["functions"])
        # the corrections were needed: blocks rewound for I/O and stopped at their start
        self.assertGreater(self.blocks["corrections"]["io_recompile"], 0)
        self.assertGreater(self.blocks["corrections"]["stopped"], 0)

    def test_the_irq_path_is_attributed(self):
        for name in ("vectors", "irq_entry", "irq_dispatch", "timer_irq", "take_stamp"):
            self.assertIn(name, self.blocks["functions"])
        self.assertEqual(self.blocks["functions"]["vectors"], 64 * 4)


def load_profile_module():
    spec = importlib.util.spec_from_file_location("pinwheel_profile", PROFILE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class FakeSymbols:
    """Functions 0x100 bytes apart, named by their start: f8000, f8100, ..."""

    def name(self, pc):
        return "f%x" % (pc & ~0xFF)

    def entry(self, pc):
        return pc & 0xFF == 0


def listing(*pcs):
    return ["----------------\n", "IN: \n"] + ["0x%08x:  e1a00000  nop\n" % pc for pc in pcs] + ["\n"]


def trace(ptr, pc, cflags=0xFF020200, cpu=0):
    return "Trace %d: %s [00000400/%08x/00000120/%08x] \n" % (cpu, ptr, pc, cflags)


class LogCorrections(unittest.TestCase):
    """The stream rebuilt from a hand-made log: what QEMU 7.2 prints for an I/O rewind, a block
    stopped before it started, another core, and a listing begun twice."""

    def setUp(self):
        self.p = load_profile_module()

    def stream(self, log):
        notes = dict.fromkeys(("unknown", "io_recompile", "stopped", "abort"), 0)
        out = []
        for pcs, n in self.p.executed_runs(iter(log), notes):
            out += pcs[:n]
        return out, notes

    def test_rewind_stop_and_other_core(self):
        log = (listing(0x8000, 0x8004, 0x8008) + [trace("0xa", 0x8000)] +
               ["cpu_io_recompile: rewound execution of TB to 00008004\n"] +
               listing(0x8004) + [trace("0xb", 0x8004, 0xFF038201)] +
               listing(0x8008, 0x800C) + [trace("0xc", 0x8008)] +
               ["Stopped execution of TB chain before 0xc [00008008] \n"] +
               listing(0x300) + [trace("0xd", 0x300, cpu=1)] +
               [trace("0xc", 0x8008)])
        pcs, notes = self.stream(log)
        self.assertEqual(pcs, [0x8000, 0x8004, 0x8008, 0x800C])
        self.assertEqual(notes["io_recompile"], 1)
        self.assertEqual(notes["stopped"], 1)

    def test_a_listing_begun_again_replaces_the_first(self):
        log = (["IN: \n", "0x00008000:  e1a00000  nop\n"] + listing(0x8100, 0x8104) +
               [trace("0xa", 0x8100)])
        pcs, _ = self.stream(log)
        self.assertEqual(pcs, [0x8100, 0x8104])

    def test_windows_restart_at_a_second_start(self):
        prof = self.p.Profile(FakeSymbols(), 0x8000, 0x8200, -1)
        prof.feed([0x8000, 0x8004], 2)  # an event that never reaches --to
        prof.feed([0x8000, 0x8004, 0x8100, 0x8200], 4)
        self.assertEqual(prof.windows, [3])
        self.assertEqual(prof.reopened, 1)
        self.assertEqual(prof.by_function, {"f8000": 2, "f8100": 1})

    def test_before_counts_only_from_after(self):
        prof = self.p.Profile(FakeSymbols(), 0x8100, 0x8100, -1, after=0x8004, before=0x8000)
        prof.feed([0x8000, 0x8004, 0x8100, 0x8104, 0x8100, 0x8000, 0x8100], 7)
        self.assertEqual(prof.windows, [2])  # 0x8100 to 0x8100; the range ends at the 0x8000


class Windows(unittest.TestCase):
    """Bad windows get a clear message."""

    def test_unknown_symbol(self):
        run = subprocess.run(["/usr/bin/python3", PROFILE, "--from", "no_such_function",
                              "bench=timer"], cwd=ROOT, capture_output=True, text=True)
        self.assertNotEqual(run.returncode, 0)
        self.assertIn("no symbol called 'no_such_function'", run.stdout + run.stderr)


if __name__ == "__main__":
    unittest.main()
