#!/usr/bin/python3
"""The scheduling lab: boot a scenario under QEMU, measure it from its trace, compare two runs.

    scripts/lab.py run SCENARIO [--sched NAME] [--quantum MS] [--seconds S] [--procs SPEC]
                                [--name RUN] [--timeout S]
    scripts/lab.py compare RUN_A RUN_B [--out FILE]

`run` boots `./qemu.sh --icount scenario=SCENARIO sched=.. quantum_us=.. run_ms=..` (procs=SPEC
instead of scenario= when --procs is given; SCENARIO is then only the run's label) and writes
build/lab/RUN/: console.txt (everything QEMU printed), trace.txt (the lines between the trace
markers), metrics.json and gantt.png, then prints the metrics table. RUN defaults to
SCENARIO-SCHED-qQUANTUM. `compare` takes two run names under build/lab (or directories), prints
both tables and draws build/lab/compare-A-vs-B.png. docs/lab.md explains the numbers.
Exit status 1 with a message when QEMU fails or hangs, or the trace is missing or malformed.
"""
import argparse
import json
import os
import re
import signal
import subprocess
import sys

try:
    import matplotlib
except ImportError:
    sys.exit("lab.py needs matplotlib: run it with Debian's /usr/bin/python3 (package "
             "python3-matplotlib; scripts/setup.sh installs it), not %s" % sys.executable)
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402 (the backend is chosen first)
from matplotlib.patches import Patch  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pinwheel_trace  # noqa: E402
import rt_analysis  # noqa: E402
import taskset as tasksets  # noqa: E402

POLICIES = ("rr", "prio", "stride", "edf", "rm", "dm")
KERNEL_JOBS = re.compile(r"^lab jobs: pid=(?P<pid>\d+) name=(?P<name>\S+) released=(?P<released>\d+)"
                         r" completed=(?P<completed>\d+) missed=(?P<missed>\d+)$", re.M)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LAB_DIR = os.path.join(ROOT, "build", "lab")

# Timeline state, its colour, its legend entry.
STATES = [("running", "#2e7d32", "running"), ("runnable", "#f9a825", "runnable (waiting)"),
          ("sleeping", "#90caf9", "sleeping"), ("blocked", "#8e24aa", "blocked in wait()")]
# Timeline figures are sized in pixels so that their height is known: a band for the title and
# legend, one row per process, a band for the x axis. At least one row, for empty runs.
DPI = 100
WIDTH_PX = 1200
TOP_PX, ROW_PX, BOTTOM_PX = 62, 26, 55  # the top band holds the title, then the legend
LEFT_PX, RIGHT_PX = 170, 20


class LabError(Exception):
    """A failure to report in one line and exit 1."""


def timeline_height_px(rows):
    """Height in pixels of one timeline block with rows processes."""
    return TOP_PX + max(rows, 1) * ROW_PX + BOTTOM_PX


def run_qemu(cmd, timeout):
    """Runs cmd (qemu.sh ...) to the end and returns its output; LabError if it fails or hangs."""
    # A session of its own, so a timeout kills qemu.sh and the QEMU it started together.
    proc = subprocess.Popen(cmd, cwd=ROOT, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, start_new_session=True)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, err = proc.communicate()
        raise LabError("QEMU did not finish within %g s (raise --timeout, or the kernel hung); "
                       "last output:\n%s" % (timeout, tail(out)))
    if proc.returncode != 0:
        raise LabError("%s exited with status %d; last output:\n%s"
                       % (" ".join(cmd), proc.returncode, tail(out + err)))
    return out.decode(errors="replace").replace("\r", "")


def tail(data, lines=15):
    """The last lines of a process's output, indented, for error messages."""
    text = data.decode(errors="replace").replace("\r", "").rstrip()
    return "\n".join("    | " + line for line in text.splitlines()[-lines:]) or "    (nothing)"


def save_run(console, run_dir, ts=None, sched=None, window=None):
    """Extracts, checks and measures the trace in console output; writes the run's files.

    Returns the Analysis. Raises LabError naming console.txt's line for a malformed trace, for
    lost events (every figure would be wrong), and when the trace's job counts differ from the
    kernel's own. With a task set, adds the analysis to the metrics.
    """
    console = console.replace("\r", "")
    os.makedirs(run_dir, exist_ok=True)
    for stale in ("trace.txt", "metrics.json", "gantt.png", "cdf.png"):  # never mix two runs' files
        if os.path.exists(os.path.join(run_dir, stale)):
            os.remove(os.path.join(run_dir, stale))
    console_path = os.path.join(run_dir, "console.txt")
    with open(console_path, "w") as f:
        f.write(console)
    try:
        trace = pinwheel_trace.parse_console(console)
        lines = console.split("\n")
        start, end = pinwheel_trace.find_markers(lines)
        if trace.lost:
            raise ValueError("the trace ring lost %d of %d events, so every figure of this run "
                             "would be wrong: rerun with a larger --trace-events (up to 65536) "
                             "or fewer --seconds" % (trace.lost, trace.lost + len(trace.events)))
        analysis = pinwheel_trace.analyse(trace)
        check_job_counts(console, analysis)
    except ValueError as error:
        raise LabError("%s: %s" % (shown(console_path), error))
    if ts is not None:
        result = rt_analysis.analyse(ts, sched)
        analysis.metrics["analysis"] = {
            "verdict": result["verdict"], "test": result["test"], "u": result["u"],
            "ll_bound": result["ll_bound"], "response_us": result["response_us"],
            "lines": result["lines"] + rt_analysis.compare(result, analysis.metrics["tasks"])}
    body = lines[start + 1:end]
    with open(os.path.join(run_dir, "trace.txt"), "w") as f:
        f.write("".join(line + "\n" for line in body))
    problems = pinwheel_trace.check_layout(body)
    for problem in problems[:10]:
        print("lab: warning: trace.txt %s" % problem, file=sys.stderr)
    if len(problems) > 10:
        print("lab: warning: ... and %d more layout problems" % (len(problems) - 10),
              file=sys.stderr)
    with open(os.path.join(run_dir, "metrics.json"), "w") as f:
        json.dump(analysis.metrics, f, indent=2)
        f.write("\n")
    write_gantt(os.path.join(run_dir, "gantt.png"), analysis, os.path.basename(run_dir), window)
    if analysis.metrics.get("tasks"):
        write_cdf(os.path.join(run_dir, "cdf.png"), analysis, os.path.basename(run_dir), ts)
    return analysis


def check_job_counts(console, analysis):
    """The trace's releases, completions and misses per task must equal the kernel's counters
    (the "lab jobs:" lines of its summary): two routes to the same numbers."""
    kernel = {int(m["pid"]): m for m in KERNEL_JOBS.finditer(console)}
    if set(kernel) != set(analysis.jobs):
        raise ValueError("the kernel reports jobs for pids %s, the trace for pids %s"
                         % (sorted(kernel), sorted(analysis.jobs)))
    for pid, jobs in analysis.jobs.items():
        counted = {"released": len(jobs),
                   "completed": sum(1 for j in jobs.values() if j.complete_us is not None),
                   "missed": sum(1 for j in jobs.values() if j.missed)}
        for key, value in counted.items():
            if int(kernel[pid][key]) != value:
                raise ValueError("pid %d: the kernel counted %s %s jobs, the trace %d"
                                 % (pid, kernel[pid][key], key, value))


def load_run(name):
    """Loads a run directory (a name under build/lab, or a path); returns (label, Analysis)."""
    run_dir = name if os.path.isdir(name) else os.path.join(LAB_DIR, name)
    path = os.path.join(run_dir, "trace.txt")
    if not os.path.isfile(path):
        raise LabError("%s: no such run (expected %s; make one with 'lab.py run')" % (name, path))
    with open(path) as f:
        lines = f.read().split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    try:
        trace = pinwheel_trace.parse_trace(lines)
        metrics_path = os.path.join(run_dir, "metrics.json")
        if os.path.isfile(metrics_path):  # the end marker's lost count is not in trace.txt
            with open(metrics_path) as f:
                trace.lost = json.load(f).get("lost", trace.lost)
        return os.path.basename(os.path.normpath(run_dir)), pinwheel_trace.analyse(trace)
    except ValueError as error:
        raise LabError("%s: %s" % (path, error))


def fmt(value, spec, scale=1):
    """value * scale formatted with spec, or '-' when unknown."""
    if value is None:
        return "-"
    return format(value * scale if scale != 1 else value, spec)


def table(label, metrics):
    """The run's metrics as text lines (fixed column widths, so two tables line up)."""
    header = " ".join("%s=%s" % item for item in metrics["header"].items())
    out = ["run %s: %s" % (label, header or "(no '# pinwheel:' header)"),
           "%5s %-12s %-8s %4s %7s %6s %10s %9s %26s %9s"
           % ("pid", "name", "kind", "prio", "tickets", "cpu %", "1st run ms", "wait ms",
              "wake-late p50/p99/max us", "sw inv/vol")]
    for p in metrics["processes"]:
        late = p["wake_lateness_us"]
        lateness = "-" if not late["count"] else "%d/%d/%d" % (late["p50"], late["p99"],
                                                               late["max"])
        out.append("%5d %-12s %-8s %4s %7s %6s %10s %9s %26s %9s" % (
            p["pid"], p["comm"], p["kind"], fmt(p["prio"], "d"), fmt(p["tickets"], "d"),
            fmt(p["cpu_share"], ".1f", 100), fmt(p["first_run_us"], ".2f", 1e-3),
            fmt(p["waiting_us"], ".1f", 1e-3), lateness,
            "%d/%d" % (p["switches"]["involuntary"], p["switches"]["voluntary"])))
    out.append("fairness, Jain's index of CPU shares [per ticket]:")
    groups = [("kind " + kind, group) for kind, group in metrics["fairness"]["by_kind"].items()]
    for name, group in groups + [("all", metrics["fairness"]["all"])]:
        out.append("  %-16s %6s [%s]  pids %s" % (
            name, fmt(group["jain"], ".3f"), fmt(group["jain_per_ticket"], ".3f"),
            " ".join(str(pid) for pid in group["pids"])))
    if metrics.get("tasks"):
        out.append("%5s %-12s %6s %6s %7s %27s %17s" % (
            "pid", "task", "jobs", "missed", "miss %", "response p50/p99/max ms",
            "tardiness max ms"))
        for t in metrics["tasks"]:
            r = t["response_us"]
            out.append("%5d %-12s %6d %6d %7s %27s %17s" % (
                t["pid"], t["name"], t["jobs"], t["missed"], fmt(t["miss_ratio"], ".1f", 100),
                "%s/%s/%s" % (fmt(r["p50"], ".3f", 1e-3), fmt(r["p99"], ".3f", 1e-3),
                              fmt(r["max"], ".3f", 1e-3)),
                fmt(t["tardiness_us"]["max"], ".3f", 1e-3)))
    out.extend(metrics.get("analysis", {}).get("lines", []))
    out.append("timer IRQs/s       %8s" % fmt(metrics["timer_irqs_per_s"], ".1f"))
    out.append("idle               %8s %%" % fmt(metrics["idle_share"], ".1f", 100))
    out.append("traced             %8s ms, %d events, %d lost" % (
        fmt(metrics["duration_us"], ".1f", 1e-3), metrics["events"], metrics["lost"]))
    return out


def summary_side_by_side(runs):
    """The overall figures of several runs, one column per run."""
    names = [label for label, _ in runs]
    width = max(12, max(len(name) for name in names))
    rows = {}
    for label, analysis in runs:
        m = analysis.metrics
        groups = dict(("Jain kind " + k, g) for k, g in m["fairness"]["by_kind"].items())
        groups["Jain all"] = m["fairness"]["all"]
        for name, group in groups.items():
            rows.setdefault(name, {})[label] = fmt(group["jain"], ".3f")
            rows.setdefault(name + " /ticket", {})[label] = fmt(group["jain_per_ticket"], ".3f")
        rows.setdefault("timer IRQs/s", {})[label] = fmt(m["timer_irqs_per_s"], ".1f")
        rows.setdefault("idle %", {})[label] = fmt(m["idle_share"], ".1f", 100)
    left = max(len(name) for name in rows)
    out = ["%-*s" % (left, "") + "".join("  %*s" % (width, name) for name in names)]
    for name, values in rows.items():
        out.append("%-*s" % (left, name)
                   + "".join("  %*s" % (width, values.get(n, "-")) for n in names))
    return out


def draw_timeline(fig, bottom_px, analysis, heading, xlim_ms):
    """Draws one timeline block whose lowest pixel row is bottom_px; returns its axes."""
    procs = analysis.procs
    height_px = timeline_height_px(len(procs))
    fig_w, fig_h = fig.get_size_inches() * DPI
    ax = fig.add_axes([LEFT_PX / fig_w, (bottom_px + BOTTOM_PX) / fig_h,
                       (fig_w - LEFT_PX - RIGHT_PX) / fig_w,
                       (height_px - TOP_PX - BOTTOM_PX) / fig_h])
    for row, proc in enumerate(procs):
        for state, colour, _ in STATES:
            bars = [(start / 1e3, (end - start) / 1e3) for start, end, s in proc.spans
                    if s == state]
            ax.broken_barh(bars, (row - 0.35, 0.7), facecolors=colour, linewidth=0)
        jobs = analysis.jobs.get(proc.pid)
        if jobs:
            draw_jobs(ax, row, jobs.values(), analysis.end_us)
        elif proc.wakeups_us:
            ax.plot([t / 1e3 for t in proc.wakeups_us], [row - 0.42] * len(proc.wakeups_us),
                    linestyle="none", marker="v", markersize=3, color="black")
    ax.set_yticks(range(len(procs)))
    ax.set_yticklabels(["%s-%d (%s)" % (p.comm, p.pid, p.kind) for p in procs], fontsize=8)
    ax.set_ylim(max(len(procs), 1) - 0.5, -0.5)
    ax.set_xlim(*xlim_ms)
    ax.set_xlabel("time from time zero (ms)", fontsize=8)
    ax.tick_params(axis="x", labelsize=8)
    ax.grid(axis="x", linewidth=0.3, color="#bbbbbb")
    ax.set_axisbelow(True)
    # The title sits in the top band, above the legend, in a size that fits the width.
    fig.text(LEFT_PX / fig_w, (bottom_px + height_px - 6) / fig_h, heading, ha="left", va="top",
             fontsize=title_size(heading))
    return ax


def title_size(text):
    """A font size (points) at which text fits the figure's width: about 0.76 px per point and
    character at DPI 100, between 6 and 10 points."""
    return max(6.0, min(10.0, (WIDTH_PX - LEFT_PX) / (0.76 * max(len(text), 1))))


def draw_jobs(ax, row, jobs, end_us):
    """A task's releases (up triangles under its row), deadlines (ticks above it) and missed
    jobs: red from the deadline to the completion, or to the end when it never completed."""
    jobs = list(jobs)
    ax.plot([j.release_us / 1e3 for j in jobs], [row + 0.42] * len(jobs), linestyle="none",
            marker="^", markersize=3, color="black")
    ax.plot([j.deadline_us / 1e3 for j in jobs], [row - 0.42] * len(jobs), linestyle="none",
            marker="|", markersize=5, color="#555555")
    late = [(j.deadline_us / 1e3, ((j.complete_us if j.complete_us is not None else end_us)
                                   - j.deadline_us) / 1e3) for j in jobs if j.missed]
    if late:
        ax.broken_barh(late, (row - 0.12, 0.24), facecolors="#d32f2f", linewidth=0)
        ax.plot([start for start, _ in late], [row] * len(late), linestyle="none", marker="x",
                markersize=4, color="#d32f2f")


def draw_figure(path, blocks, window=None):
    """Writes a PNG of timeline blocks [(title, Analysis)], top to bottom, same x scale: the
    whole run, or window (start_ms, end_ms)."""
    heights = [timeline_height_px(len(analysis.procs)) for _, analysis in blocks]
    fig = plt.figure(figsize=(WIDTH_PX / DPI, sum(heights) / DPI), dpi=DPI)
    xlim = window or (min(a.start_us for _, a in blocks) / 1e3,
                      max(a.end_us for _, a in blocks) / 1e3)
    bottom = sum(heights)
    for (heading, analysis), height in zip(blocks, heights):
        bottom -= height
        draw_timeline(fig, bottom, analysis, heading, xlim)
    handles = [Patch(facecolor=colour, label=label) for _, colour, label in STATES]
    handles.append(Line2D([], [], linestyle="none", marker="v", markersize=4, color="black",
                          label="wake-up"))
    if any(a.jobs for _, a in blocks):
        handles += [Line2D([], [], linestyle="none", marker="^", markersize=4, color="black",
                           label="job release"),
                    Line2D([], [], linestyle="none", marker="|", markersize=6, color="#555555",
                           label="deadline"),
                    Patch(facecolor="#d32f2f", label="missed: deadline to completion")]
    total = fig.get_size_inches()[1] * DPI
    fig.legend(handles=handles, loc="upper right", ncol=len(handles), fontsize=8, frameon=False,
               bbox_to_anchor=(1 - RIGHT_PX / WIDTH_PX, 1 - 24 / total))
    fig.savefig(path, dpi=DPI)
    plt.close(fig)


def title(label, analysis):
    """A timeline's title: the run's name and what the kernel says it ran."""
    header = " ".join("%s=%s" % item for item in analysis.metrics["header"].items())
    return "%s   %s" % (label, header)


def write_gantt(path, analysis, label, window=None):
    """Writes one run's timeline: one row per process by pid, coloured by state."""
    draw_figure(path, [(title(label, analysis), analysis)], window)


def write_cdf(path, analysis, label, ts=None):
    """Writes the response-time CDF of each real-time task: release to completion, with its
    relative deadline (dashed) and, when the analysis gives one, its response bound (dotted)."""
    tasks = analysis.metrics.get("tasks") or []
    fig, ax = plt.subplots(figsize=(WIDTH_PX / DPI, 420 / DPI), dpi=DPI)
    bounds = analysis.metrics.get("analysis", {}).get("response_us", {})
    deadlines = {t["name"]: t["deadline_us"] for t in (ts or {}).get("tasks", [])}
    for i, task in enumerate(tasks):
        jobs = analysis.jobs.get(task["pid"], {}).values()
        times = sorted((j.complete_us - j.release_us) / 1e3 for j in jobs
                       if j.complete_us is not None)
        if not times:
            continue
        colour = "C%d" % (i % 10)
        ax.step(times, [(k + 1) / len(times) for k in range(len(times))], where="post",
                color=colour, label="%s (%d jobs)" % (task["name"], len(times)))
        if task["name"] in deadlines:
            ax.axvline(deadlines[task["name"]] / 1e3, color=colour, linestyle="--", linewidth=1)
        if bounds.get(task["name"]) is not None:
            ax.axvline(bounds[task["name"]] / 1e3, color=colour, linestyle=":", linewidth=1)
    ax.set_xlabel("response time, release to completion (ms); dashed: deadline; dotted: "
                  "analysed bound", fontsize=8)
    ax.set_ylabel("fraction of jobs", fontsize=8)
    ax.set_ylim(0, 1.02)
    ax.grid(linewidth=0.3, color="#bbbbbb")
    ax.tick_params(labelsize=8)
    heading = "%s   response-time CDF" % title(label, analysis)
    ax.set_title(heading, loc="left", fontsize=title_size(heading))
    if tasks:
        ax.legend(fontsize=8, loc="lower right")
    fig.tight_layout()
    fig.savefig(path, dpi=DPI)
    plt.close(fig)


def shown(path):
    """path relative to the working directory when it is below it, else as given."""
    relative = os.path.relpath(path)
    return path if relative.startswith("..") else relative


def check_options(args):
    """Rejects what the kernel would refuse, before QEMU starts. Returns the quantum in us."""
    if args.sched not in POLICIES:
        raise LabError("--sched %s: no such policy (%s)" % (args.sched, ", ".join(POLICIES)))
    quantum_us = round(args.quantum * 1000)
    if not 100 <= quantum_us <= 10000000:
        raise LabError("--quantum %g: the time slice must be from 0.1 to 10000 ms" % args.quantum)
    if not 0 < args.seconds <= 3600:
        raise LabError("--seconds %g: from just above 0 to 3600" % args.seconds)
    if args.trace_events & (args.trace_events - 1) or not 256 <= args.trace_events <= 65536:
        raise LabError("--trace-events %d: a power of two from 256 to 65536" % args.trace_events)
    if args.taskset and args.procs:
        raise LabError("--taskset and --procs: one or the other (a task set has its own procs)")
    for word in args.kernel:
        if not re.match(r"^[a-z_]+=\S+$", word) or word.split("=")[0] in (
                "scenario", "procs", "taskset", "sched", "quantum", "quantum_us", "run_ms",
                "exit", "trace_events", "test", "bench", "demo"):
            raise LabError("--kernel %s: a key=value word that lab.py does not set itself" % word)
    return quantum_us


def quantum_label(quantum_us):
    return "q%d" % (quantum_us // 1000) if quantum_us % 1000 == 0 else "q%gms" % (quantum_us / 1000)


def cmd_run(args):
    """lab.py run: boot, save, print the table (and, for a task set, the analysis)."""
    sched = args.sched
    quantum_us = check_options(args)
    ts = tasksets.load(args.taskset) if args.taskset else None
    label = ts["name"] if ts else args.scenario
    if not label:
        raise LabError("run: give a SCENARIO, or --taskset FILE")
    name = args.name or "%s-%s-%s" % (label, sched, quantum_label(quantum_us))
    if not re.match(r"^[A-Za-z0-9._+-]+$", name):
        raise LabError("run name %r: use letters, digits and . _ + - only (see --name)" % name)
    run_dir = os.path.join(LAB_DIR, name)
    os.makedirs(run_dir, exist_ok=True)
    if ts:
        path = os.path.join(run_dir, "taskset.txt")
        with open(path, "w") as f:
            f.write(tasksets.kernel_text(ts))
        what = "taskset=" + os.path.relpath(path, ROOT)
    else:
        what = "procs=" + args.procs if args.procs else "scenario=" + args.scenario
    run_ms = round(args.seconds * 1000)
    cmd = [os.path.join(ROOT, "qemu.sh"), "--icount", what, "sched=" + sched,
           "quantum_us=%d" % quantum_us, "run_ms=%d" % run_ms,
           "trace_events=%d" % args.trace_events] + args.kernel
    timeout = args.timeout or 60 + 20 * args.seconds
    print("lab: %s" % " ".join(["./qemu.sh"] + cmd[1:]), file=sys.stderr)
    console = run_qemu(cmd, timeout)
    analysis = save_run(console, run_dir, ts, sched, args.window)
    header = analysis.metrics["header"]
    for key, asked in (("sched", sched), ("quantum_us", str(quantum_us))):
        if header.get(key, asked) != asked:
            print("lab: warning: asked for %s=%s, the kernel says it ran with %s=%s"
                  % (key, asked, key, header[key]), file=sys.stderr)
    print("\n".join(table(name, analysis.metrics)))
    print("wrote %s/{trace.txt,metrics.json,gantt.png%s}"
          % (shown(run_dir), ",cdf.png" if analysis.metrics.get("tasks") else ""))


def window_arg(text):
    """START_MS:END_MS, for argparse."""
    m = re.match(r"^(\d+(?:\.\d+)?):(\d+(?:\.\d+)?)$", text)
    if not m or float(m.group(1)) >= float(m.group(2)):
        raise argparse.ArgumentTypeError("%r: START_MS:END_MS with START < END" % text)
    return float(m.group(1)), float(m.group(2))


def cmd_gantt(args):
    """lab.py gantt: the timeline of a saved run, or of a window of it."""
    label, analysis = load_run(args.run)
    run_dir = args.run if os.path.isdir(args.run) else os.path.join(LAB_DIR, args.run)
    suffix = "-%g-%g" % args.window if args.window else ""
    out = args.out or os.path.join(run_dir, "gantt%s.png" % suffix)
    write_gantt(out, analysis, label, args.window)
    print("wrote %s" % shown(out))


def cmd_compare(args):
    """lab.py compare: both tables, the overall figures side by side, one stacked picture."""
    runs = [load_run(args.run_a), load_run(args.run_b)]
    for label, analysis in runs:
        print("\n".join(table(label, analysis.metrics)))
        print()
    print("\n".join(summary_side_by_side(runs)))
    out = args.out or os.path.join(LAB_DIR, "compare-%s-vs-%s.png" % (runs[0][0], runs[1][0]))
    os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
    draw_figure(out, [(title(label, analysis), analysis) for label, analysis in runs])
    print("wrote %s" % shown(out))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="boot a scenario or a task set and measure it")
    run.add_argument("scenario", nargs="?", default="",
                     help="kernel scenario name (with --procs: the run's label; not needed with "
                          "--taskset)")
    run.add_argument("--sched", default="rr", help="%s (default rr)" % ", ".join(POLICIES))
    run.add_argument("--quantum", type=float, default=10,
                     help="time slice in ms, fractions allowed (default 10)")
    run.add_argument("--taskset", help="a JSON task set (docs/lab.md): periodic tasks with "
                                       "deadlines, hogs and sleepers")
    run.add_argument("--trace-events", type=int, default=16384,
                     help="trace ring size, a power of two up to 65536 (default 16384); a run "
                          "that loses events fails")
    run.add_argument("--kernel", action="append", default=[], metavar="KEY=VALUE",
                     help="another kernel command-line word (repeatable)")
    run.add_argument("--window", type=window_arg, metavar="START_MS:END_MS",
                     help="draw only this part of the run in gantt.png")
    gantt = sub.add_parser("gantt", help="redraw a run's timeline, or part of it")
    gantt.add_argument("run")
    gantt.add_argument("--window", type=window_arg, metavar="START_MS:END_MS")
    gantt.add_argument("--out", help="picture path (default build/lab/RUN/gantt-START-END.png)")
    run.add_argument("--seconds", type=float, default=2, help="virtual run time (default 2)")
    run.add_argument("--procs", help="process spec passed as procs=SPEC instead of scenario=")
    run.add_argument("--name", help="run name (default SCENARIO-SCHED-qQUANTUM)")
    run.add_argument("--timeout", type=float, help="host seconds (default 60 + 20 * seconds)")
    compare = sub.add_parser("compare", help="compare two runs")
    compare.add_argument("run_a")
    compare.add_argument("run_b")
    compare.add_argument("--out", help="picture path (default build/lab/compare-A-vs-B.png)")
    args = parser.parse_args(argv)
    try:
        if args.command == "run":
            cmd_run(args)
        elif args.command == "gantt":
            cmd_gantt(args)
        else:
            cmd_compare(args)
    except (LabError, tasksets.TasksetError) as error:
        print("lab: %s" % error, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
