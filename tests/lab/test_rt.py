"""The real-time lab: task sets, jobs, deadline policies, job metrics and the analysis.

Real runs under --icount through scripts/lab.py (the check the issue names: t1 (C=2, T=5) and
t2 (C=4, T=7) meet every deadline under edf, and under rm t2 misses and the analysis says so),
every job metric recomputed from the raw trace by a second route, and the analysis module on
textbook examples. /usr/bin/python3 -m unittest discover -s tests/lab
"""
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "scripts"))

import rt_analysis  # noqa: E402
import taskset  # noqa: E402

RM_VS_EDF = {"name": "rm-vs-edf",
             "tasks": [{"name": "t1", "period_ms": 5, "wcet_ms": 2},
                       {"name": "t2", "period_ms": 7, "wcet_ms": 4, "deadline_ms": 7,
                        "offset_ms": 0}],
             "hogs": 0}


def write_json(data):
    f = tempfile.NamedTemporaryFile("w", suffix=".json", delete=False)
    json.dump(data, f)
    f.close()
    return f.name


def lab(*args):
    """Runs scripts/lab.py with args; returns (exit status, stdout + stderr)."""
    out = subprocess.run(["/usr/bin/python3", os.path.join(ROOT, "scripts", "lab.py")] +
                         list(args), cwd=ROOT, capture_output=True, text=True, timeout=300)
    return out.returncode, out.stdout + out.stderr


def run_set(data, name, *args):
    """Runs a task set; returns (metrics, trace lines, printed output)."""
    status, out = lab("run", "--taskset", write_json(data), "--name", "test-" + name, *args)
    if status:
        raise AssertionError("lab.py failed:\n" + out[-3000:])
    run_dir = os.path.join(ROOT, "build", "lab", "test-" + name)
    with open(os.path.join(run_dir, "metrics.json")) as f:
        metrics = json.load(f)
    with open(os.path.join(run_dir, "trace.txt")) as f:
        return metrics, f.read().splitlines(), out


def by_name(metrics):
    return {t["name"]: t for t in metrics["tasks"]}


EVENT = re.compile(r" (\d+)\.(\d{6}): (pinwheel_job_release|pinwheel_job_complete|"
                   r"pinwheel_deadline_miss|pinwheel_proc): (.*)$")


def recompute(lines, end_us):
    """The job metrics again, from the trace text alone (not through pinwheel_trace)."""
    names, jobs = {}, {}
    for line in lines:
        m = EVENT.search(line)
        if not m:
            continue
        ts = int(m.group(1)) * 1000000 + int(m.group(2))
        f = dict(word.split("=", 1) for word in m.group(4).split())
        if m.group(3) == "pinwheel_proc":
            names[int(f["pid"])] = f["comm"]
            continue
        key = (int(f["pid"]), int(f["job"]))
        job = jobs.setdefault(key, {})
        if m.group(3) == "pinwheel_job_release":
            job.update(release=int(f["release_us"]), deadline=int(f["deadline_us"]))
        elif m.group(3) == "pinwheel_job_complete":
            job.update(done=ts, kernel_response=int(f["response_us"]))
        else:
            job["missed"] = True
    out = {}
    for (pid, _), job in sorted(jobs.items()):
        row = out.setdefault(names[pid], {"jobs": 0, "missed": 0, "resp": [], "tardy": []})
        if "done" not in job and job["deadline"] >= end_us:
            continue  # still running when the run ended, deadline not reached: not judged
        row["jobs"] += 1
        if "done" in job:
            assert job["done"] - job["release"] == job["kernel_response"], job
            row["resp"].append(job["done"] - job["release"])
        if job.get("missed"):
            row["missed"] += 1
            if "done" in job:
                row["tardy"].append(job["done"] - job["deadline"])
    return out


def nearest_rank(values, p):
    ordered = sorted(values)
    k = -(-p * len(ordered) // 100)  # ceil
    return ordered[max(k, 1) - 1]


class DeadlinePolicies(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.edf = run_set(RM_VS_EDF, "rt-edf", "--sched", "edf", "--seconds", "2")
        cls.rm = run_set(RM_VS_EDF, "rt-rm", "--sched", "rm", "--seconds", "2")

    def test_edf_meets_every_deadline(self):
        metrics, _, out = self.edf
        tasks = by_name(metrics)
        self.assertEqual(tasks["t1"]["jobs"], 400)   # 2 s / 5 ms
        self.assertGreaterEqual(tasks["t2"]["jobs"], 285)
        self.assertEqual([tasks[n]["missed"] for n in ("t1", "t2")], [0, 0])
        self.assertIs(metrics["analysis"]["verdict"], True)
        self.assertIn("analysis: schedulable (edf, processor demand", out)

    def test_rm_misses_t2_and_the_analysis_says_so(self):
        metrics, _, out = self.rm
        tasks = by_name(metrics)
        self.assertEqual(tasks["t1"]["missed"], 0)  # the shorter period always comes first
        self.assertGreater(tasks["t2"]["missed"], 0)
        self.assertIsNone(tasks["t1"]["tardiness_us"]["max"])
        self.assertGreater(tasks["t2"]["tardiness_us"]["max"], 0)
        self.assertIs(metrics["analysis"]["verdict"], False)
        self.assertIn("analysis: NOT schedulable (rm, response-time analysis: t2 R > D)", out)
        self.assertNotIn("DISAGREEMENT: analysis says schedulable", out)

    def test_every_job_metric_by_a_second_route(self):
        for metrics, lines, _ in (self.edf, self.rm):
            again = recompute(lines, int(metrics["header"]["run_ms"]) * 1000)
            for task in metrics["tasks"]:
                mine = again[task["name"]]
                self.assertEqual((task["jobs"], task["missed"]), (mine["jobs"], mine["missed"]))
                self.assertEqual(task["response_us"]["max"], max(mine["resp"]))
                self.assertEqual(task["response_us"]["p50"], nearest_rank(mine["resp"], 50))
                self.assertEqual(task["response_us"]["p99"], nearest_rank(mine["resp"], 99))
                self.assertEqual(task["tardiness_us"]["max"], max(mine["tardy"], default=None))

    def test_pictures_gantt_window_and_cdf(self):
        import matplotlib.image
        sys.path.insert(0, os.path.join(ROOT, "scripts"))
        import lab as labtool
        run_dir = os.path.join(ROOT, "build", "lab", "test-rt-rm")
        for name in ("gantt.png", "cdf.png"):
            self.assertTrue(os.path.isfile(os.path.join(run_dir, name)), name)
        status, out = lab("gantt", "test-rt-rm", "--window", "0:40")
        self.assertEqual(status, 0, out)
        def red_in_plot(path):
            image = matplotlib.image.imread(path)
            self.assertEqual(image.shape[0], labtool.timeline_height_px(2))
            plot = image[labtool.TOP_PX:-labtool.BOTTOM_PX, labtool.LEFT_PX:-labtool.RIGHT_PX]
            return ((plot[:, :, 0] > 0.75) & (plot[:, :, 1] < 0.3) & (plot[:, :, 2] < 0.3)).sum()

        # Missed jobs are red in rm's first 40 ms (t2 misses from its first job), not in edf's.
        self.assertGreater(red_in_plot(os.path.join(run_dir, "gantt-0-40.png")), 20)
        status, out = lab("gantt", "test-rt-edf", "--window", "0:40")
        self.assertEqual(status, 0, out)
        self.assertEqual(red_in_plot(os.path.join(ROOT, "build", "lab", "test-rt-edf",
                                                  "gantt-0-40.png")), 0)
        status, out = lab("gantt", "test-rt-rm", "--window", "40:10")
        self.assertNotEqual(status, 0)
        self.assertIn("START < END", out)

    def test_time_zero_is_the_first_release(self):
        for _, lines, _ in (self.edf, self.rm):
            releases = [l for l in lines if "pinwheel_job_release" in l]
            self.assertIn("job=1 release_us=0 deadline_us=5000", releases[0])
            self.assertNotIn("sched_process_fork", "\n".join(lines))  # forks come before zero


# Linux's print formats of the sched and irq events (include/trace/events/sched.h, irq.h), as
# the ftrace text shows them: written out here apart from scripts/pinwheel_trace.py's table.
LINUX_FORMATS = {
    "sched_switch": r"prev_comm=\S+ prev_pid=\d+ prev_prio=\d+ prev_state=(R\+|[RSDX]) ==> "
                    r"next_comm=\S+ next_pid=\d+ next_prio=\d+",
    "sched_waking": r"comm=\S+ pid=\d+ prio=\d+ target_cpu=\d{3}",
    "sched_wakeup": r"comm=\S+ pid=\d+ prio=\d+ target_cpu=\d{3}",
    "sched_process_fork": r"comm=\S+ pid=\d+ child_comm=\S+ child_pid=\d+",
    "sched_process_exit": r"comm=\S+ pid=\d+ prio=\d+",
    "irq_handler_entry": r"irq=\d+ name=\S+",
}
LINE = re.compile(r"^ {0,15}\S+-\d+ +\[000\] d\.\.\. +\d+\.\d{6}: ([a-z_]+): (.*)$")


class PerfettoFormat(unittest.TestCase):
    def test_every_line_follows_linux_formats(self):
        _, lines, _ = run_set(dict(RM_VS_EDF, hogs=1), "rt-format", "--sched", "rm",
                              "--seconds", "0.5")
        import pinwheel_trace
        self.assertEqual(pinwheel_trace.check_layout(lines), [])
        seen, previous = set(), None
        for line in lines:
            if line.startswith("#"):
                continue
            m = LINE.match(line)
            self.assertIsNotNone(m, line)
            event, fields = m.groups()
            seen.add(event)
            if event.startswith("sched_") or event.startswith("irq_"):
                self.assertRegex(fields, "^%s$" % LINUX_FORMATS[event])
                for prio in re.findall(r"prio=(\d+)", fields):
                    self.assertLessEqual(int(prio), 139)
            else:
                self.assertIn(event, pinwheel_trace.EVENT_FIELDS)  # pinwheel's own, documented
            if event == "sched_wakeup":  # Perfetto's importer reads the sched_waking before it
                waking = LINE.match(previous)
                self.assertEqual(waking.group(1), "sched_waking")
                self.assertEqual(waking.group(2), fields)
                self.assertEqual(previous.split(":")[0], line.split(":")[0])  # same task, time
            if event == "sched_switch" and "prev_pid=0 " in fields:
                self.assertIn("prev_comm=swapper/0 ", fields)
            previous = line
        self.assertTrue({"sched_switch", "sched_waking", "sched_wakeup",
                         "pinwheel_job_release", "pinwheel_job_complete"} <= seen, seen)

    def test_priorities_map_to_linux_ranges(self):
        import pinwheel_trace
        self.assertEqual(pinwheel_trace.linux_prio(0), 120)  # a normal task at nice 0
        self.assertEqual(pinwheel_trace.linux_prio(1), 98)   # real-time, rt_priority 1
        self.assertEqual(pinwheel_trace.linux_prio(31), 68)
        for p in range(32):
            self.assertEqual(pinwheel_trace.pinwheel_prio(pinwheel_trace.linux_prio(p)), p)


class Reproducible(unittest.TestCase):
    def test_same_command_same_bytes_and_boot_text_moves_nothing(self):
        name = os.path.join(ROOT, "build", "lab", "test-rt-same-%s")
        args = ["--sched", "edf", "--seconds", "1"]
        first = run_set(RM_VS_EDF, "rt-same-a", *args)
        second = run_set(RM_VS_EDF, "rt-same-b", *args)
        # mem= changes the boot banner and the page count: not one event may move.
        third = run_set(RM_VS_EDF, "rt-same-c", *args, "--kernel", "mem=512")
        with open(name % "a" + "/metrics.json", "rb") as a, \
                open(name % "b" + "/metrics.json", "rb") as b:
            self.assertEqual(a.read(), b.read())
        self.assertEqual(first[1], second[1])
        self.assertEqual(first[1], third[1])


class JobDraws(unittest.TestCase):
    def test_jitter_and_work_ranges_are_drawn_from_the_seed_alike_under_every_policy(self):
        data = {"name": "drawn", "seed": 7, "hogs": 1, "tasks": [
            {"name": "a", "period_ms": 10, "wcet_ms": [1, 3], "jitter_ms": 2, "offset_ms": 1}]}
        releases = {}
        for sched in ("edf", "rr"):
            _, lines, _ = run_set(data, "rt-drawn-" + sched, "--sched", sched, "--seconds", "0.5")
            releases[sched] = [dict(w.split("=") for w in l.split(": ", 2)[2].split())
                               for l in lines if "pinwheel_job_release" in l]
        self.assertEqual(releases["edf"], releases["rr"])  # the same jobs, whatever the policy
        works, jitters = set(), set()
        for r in releases["edf"]:
            k = int(r["job"]) - 1
            nominal = 1000 + k * 10000
            jitters.add(int(r["release_us"]) - nominal)
            works.add(int(r["work_us"]))
            self.assertEqual(int(r["deadline_us"]), nominal + 10000)
        self.assertTrue(all(0 <= j <= 2000 for j in jitters) and len(jitters) > 10, jitters)
        self.assertTrue(all(1000 <= w <= 3000 for w in works) and len(works) > 10, works)

    def test_prio_and_tickets_come_from_the_task_set(self):
        data = {"name": "prio", "tasks": [
            {"name": "t1", "period_ms": 5, "wcet_ms": 2, "priority": 2, "tickets": 300},
            {"name": "t2", "period_ms": 7, "wcet_ms": 4, "priority": 1, "tickets": 100}]}
        prio = by_name(run_set(data, "rt-prio", "--sched", "prio", "--seconds", "1")[0])
        rm = by_name(run_set(data, "rt-prio-rm", "--sched", "rm", "--seconds", "1")[0])
        # Priorities in the order of the periods: prio makes rm's schedule, job for job.
        self.assertEqual([prio[n]["missed"] for n in ("t1", "t2")],
                         [rm[n]["missed"] for n in ("t1", "t2")])
        self.assertGreater(prio["t2"]["missed"], 0)
        _, lines, _ = run_set(data, "rt-tickets", "--sched", "stride", "--seconds", "0.2")
        self.assertTrue(any("comm=t1 kind=rt prio=2 tickets=300" in l for l in lines))


class LateJobs(unittest.TestCase):
    def test_a_late_job_delays_the_next_and_none_is_skipped(self):
        data = {"name": "overrun", "tasks": [{"name": "slow", "period_ms": 5, "wcet_ms": 6}]}
        metrics, lines, _ = run_set(data, "rt-late", "--sched", "edf", "--seconds", "1")
        numbers = [int(re.search(r"job=(\d+)", l).group(1)) for l in lines
                   if "pinwheel_job_complete" in l]
        self.assertEqual(numbers, list(range(1, len(numbers) + 1)))  # every job, in order
        self.assertGreater(len(numbers), 150)  # back to back: about 1000 / 6
        self.assertLess(len(numbers), 170)
        task = by_name(metrics)["slow"]
        self.assertEqual(task["missed"], task["jobs"])  # 6 ms of work every 5 ms: all late


class RejectedBeforeQemu(unittest.TestCase):
    def check_refused(self, words, *args):
        start = time.monotonic()
        status, out = lab("run", *args)
        self.assertEqual(status, 1, out)
        self.assertIn(words, out)
        self.assertNotIn("Traceback", out)  # one line, not a Python stack
        self.assertNotIn("qemu.sh --icount", out)  # refused before QEMU started
        self.assertLess(time.monotonic() - start, 20)

    def test_bad_options(self):
        path = write_json(RM_VS_EDF)
        self.check_refused("--sched bogus: no such policy", "--taskset", path, "--sched", "bogus")
        self.check_refused("--quantum 0: the time slice", "--taskset", path, "--quantum", "0")
        self.check_refused("--trace-events 1000", "--taskset", path, "--trace-events", "1000")

    def test_malformed_task_sets_name_the_field(self):
        bad = dict(RM_VS_EDF, tasks=[{"name": "t1", "period_ms": 5, "wcet_ms": 2, "colour": 1}])
        self.check_refused("tasks[0].colour: unknown field", "--taskset", write_json(bad))
        bad = dict(RM_VS_EDF, tasks=[{"name": "t1", "period_ms": 5}])
        self.check_refused("tasks[0].wcet_ms: missing", "--taskset", write_json(bad))
        bad = dict(RM_VS_EDF, tasks=[{"name": "t1", "period_ms": -5, "wcet_ms": 1}])
        self.check_refused("tasks[0] (t1).period_ms: must be above 0", "--taskset",
                           write_json(bad))

    def test_without_matplotlib_it_says_which_python(self):
        code = ("import sys; sys.modules['matplotlib'] = None; sys.argv = ['lab.py', 'run']; "
                "exec(compile(open('scripts/lab.py').read(), 'scripts/lab.py', 'exec'))")
        out = subprocess.run(["/usr/bin/python3", "-c", code], cwd=ROOT, capture_output=True,
                             text=True)
        self.assertEqual(out.returncode, 1)
        self.assertIn("lab.py needs matplotlib: run it with Debian's /usr/bin/python3", out.stderr)

    def test_lost_events_fail_the_run(self):
        status, out = lab("run", "--taskset", write_json(RM_VS_EDF), "--name", "test-rt-lost",
                          "--seconds", "1", "--trace-events", "256")
        self.assertEqual(status, 1, out)
        self.assertRegex(out, r"the trace ring lost \d+ of \d+ events")


def task(name, c, t, d=None, j=0, prio=0):
    return {"name": name, "wcet_min_us": c, "wcet_max_us": c, "period_us": t,
            "deadline_us": d or t, "jitter_us": j, "offset_us": 0, "priority": prio}


def tset(*tasks, hogs=0, procs=""):
    return {"tasks": list(tasks), "hogs": hogs, "procs": procs}


class Analysis(unittest.TestCase):
    def test_response_time_analysis_textbook_set(self):
        # (C, T) = (1, 4), (2, 6), (3, 12): R = 1, 3, 10 (the iteration 3, 6, 7, 9, 10, 10).
        s = tset(task("a", 1, 4), task("b", 2, 6), task("c", 3, 12))
        self.assertEqual(rt_analysis.response_times(s["tasks"], "rm"),
                         {"a": 1, "b": 3, "c": 10})
        self.assertIs(rt_analysis.analyse(s, "rm")["verdict"], True)

    def test_rm_and_edf_on_the_issue_set(self):
        s = tset(task("t1", 2000, 5000), task("t2", 4000, 7000))
        self.assertIs(rt_analysis.analyse(s, "rm")["verdict"], False)
        self.assertIs(rt_analysis.analyse(s, "edf")["verdict"], True)
        self.assertAlmostEqual(rt_analysis.utilisation(s["tasks"]), 2 / 5 + 4 / 7)
        self.assertAlmostEqual(rt_analysis.ll_bound(2), 0.8284, places=4)

    def test_demand_test_catches_short_deadlines(self):
        # U = 0.8, yet both want 2 units within the first 3: demand 4 > 3.
        s = tset(task("a", 2, 5, d=3), task("b", 2, 5, d=3))
        result = rt_analysis.analyse(s, "edf")
        self.assertIs(result["verdict"], False)
        self.assertIn("demand 4 us in the first 3 us", result["test"])
        self.assertIs(rt_analysis.analyse(tset(task("a", 2, 5, d=4), task("b", 2, 5, d=4)),
                                          "edf")["verdict"], True)

    def test_dm_orders_by_deadline(self):
        # a has the longer period but the shorter deadline: dm runs it first, rm does not.
        s = tset(task("a", 2, 10, d=3), task("b", 2, 5))
        self.assertEqual(rt_analysis.response_times(s["tasks"], "dm")["a"], 2)
        self.assertIsNone(rt_analysis.response_times(s["tasks"], "rm")["a"])

    def test_disagreement_is_flagged(self):
        s = tset(task("t1", 2000, 5000))
        result = rt_analysis.analyse(s, "rm")
        rows = [{"name": "t1", "jobs": 10, "missed": 2,
                 "response_us": {"max": 2100}}]
        lines = rt_analysis.compare(result, rows)
        self.assertIn("DISAGREEMENT: analysis says schedulable; measured: 2 of 10 jobs missed",
                      lines)
        self.assertTrue(any("measured worst response 2.100 ms above the analysed 2.000 ms"
                            in line for line in lines))

    def test_deadlines_beyond_the_period_check_every_job_of_the_busy_period(self):
        # The first job of b finishes at 88, but the fifth takes 118 > D = 115.
        s = tset(task("a", 26, 70), task("b", 62, 100, d=115))
        self.assertIsNone(rt_analysis.response_times(s["tasks"], "rm")["b"])
        self.assertEqual(rt_analysis.response_times(tset(task("a", 26, 70), task(
            "b", 62, 100, d=130))["tasks"], "rm")["b"], 118)

    def test_a_response_ending_on_a_release_is_flagged(self):
        s = tset(task("a", 2000, 5000), task("b", 3000, 7000))
        result = rt_analysis.analyse(s, "rm")
        self.assertIs(result["verdict"], True)
        self.assertTrue(any("b's R ends exactly at a release of a" in l for l in result["lines"]))

    def test_prio_with_procs_above_a_task(self):
        s = dict(tset(task("a", 2000, 5000, prio=2)), procs="burst:2+prio=3")
        self.assertIs(rt_analysis.analyse(s, "prio")["verdict"], False)
        s = dict(tset(task("a", 2000, 5000, prio=2)), procs="burst:2+prio=1,cpu:1")
        self.assertIs(rt_analysis.analyse(s, "prio")["verdict"], True)

    def test_no_test_for_rr(self):
        self.assertIsNone(rt_analysis.analyse(tset(task("a", 1, 4)), "rr")["verdict"])


class TasksetFiles(unittest.TestCase):
    def test_defaults_and_kernel_text(self):
        ts = taskset.check(RM_VS_EDF)
        t2 = ts["tasks"][1]
        self.assertEqual((t2["period_us"], t2["deadline_us"], t2["wcet_min_us"]),
                         (7000, 7000, 4000))
        self.assertEqual(ts["tasks"][0]["deadline_us"], 5000)  # defaults to the period
        text = taskset.kernel_text(ts)
        self.assertIn("task t1 period=5000 deadline=5000 offset=0 jitter=0 wcet=2000-2000 "
                      "prio=0 tickets=100 seed=", text)

    def test_wcet_range_and_errors(self):
        ts = taskset.check({"tasks": [{"name": "a", "period_ms": 10, "wcet_ms": [1.5, 2]}]})
        self.assertEqual((ts["tasks"][0]["wcet_min_us"], ts["tasks"][0]["wcet_max_us"]),
                         (1500, 2000))
        for data, words in (
                ({"tasks": [{"name": "a", "period_ms": 10, "wcet_ms": [2, 1]}]}, "min <= max"),
                ({"tasks": [{"name": "a", "period_ms": "10", "wcet_ms": 1}]}, "a number"),
                ({"tasks": [], "speed": 3}, "speed: unknown field"),
                ({"tasks": []}, "nothing to run"),
                ({"tasks": [{"name": "a", "period_ms": 1, "wcet_ms": 1}] * 2}, "used twice"),
                ({"tasks": [{"name": "a", "period_ms": 5, "wcet_ms": 1, "jitter_ms": 5}]},
                 "jitter_ms: must be below the deadline"),
                ({"tasks": [{"name": "a", "period_ms": 5, "wcet_ms": 3e6}]}, "1000 s"),
                ({"tasks": [{"name": "a", "period_ms": 5, "wcet_ms": 1, "tickets": 10001}]},
                 "tickets: must be a whole number from 1 to 10000")):
            with self.assertRaises(taskset.TasksetError) as caught:
                taskset.check(data)
            self.assertIn(words, str(caught.exception))


if __name__ == "__main__":
    unittest.main()
