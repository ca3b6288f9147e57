"""Task sets for the real-time lab: a user's JSON file, checked, and the text the kernel reads.

    {"name": "rm-vs-edf",
     "tasks": [{"name": "t1", "period_ms": 5, "wcet_ms": 2},
               {"name": "t2", "period_ms": 7, "wcet_ms": [3.5, 4], "deadline_ms": 7,
                "offset_ms": 0, "jitter_ms": 0, "priority": 1, "tickets": 100}],
     "hogs": 0, "procs": "burst:2", "seed": 1}

Required: "tasks" (a list, may be empty when "hogs" or "procs" give work) and, in each task,
"name", "period_ms" and "wcet_ms" (a number, or [min, max] drawn per job from "seed").
Optional, with their defaults: "name" of the set (the file's name), "hogs" 0 (CPU-bound
processes), "procs" "" (more workload as the kernel's procs= takes it), "seed" 1; in a task,
"deadline_ms" = period_ms, "offset_ms" 0, "jitter_ms" 0 (below the deadline), "priority" 0
(0-31, sched=prio: higher runs first), "tickets" 100 (1-10000, sched=stride). Times are
milliseconds, kept to the microsecond, at most 1000 s.
Anything else is an error naming the field. docs/lab.md has the rules.
"""
import json
import os
import re

NAME = re.compile(r"^[A-Za-z0-9_-]+$")
SPEC = re.compile(r"^[A-Za-z0-9_,:@/+=-]+$")
SET_KEYS = {"name", "tasks", "hogs", "procs", "seed"}
TASK_KEYS = {"name", "period_ms", "wcet_ms", "deadline_ms", "offset_ms", "jitter_ms",
             "priority", "tickets"}
MAX_TASKS = 32      # TASKSET_MAX_TASKS in include/kernel/lab/taskset.h
MAX_PROCS = 64      # LAB_MAX_PROCS in include/kernel/lab/lab_spec.h
MAX_US = 10 ** 9    # RT_TIME_MAX_US in include/kernel/sched/proc_struct.h: 1000 s


class TasksetError(ValueError):
    """A task set the lab cannot run: the message names the file and the field."""


def load(path):
    """Reads and checks a JSON task set; returns its normalised form (times in microseconds)."""
    try:
        with open(path) as f:
            data = json.load(f)
    except OSError as error:
        raise TasksetError("%s: %s" % (path, error.strerror or error))
    except json.JSONDecodeError as error:
        raise TasksetError("%s: not JSON: %s" % (path, error))
    default = os.path.splitext(os.path.basename(path))[0]
    try:
        return check(data, default_name=re.sub(r"[^A-Za-z0-9_-]", "-", default)[:31] or "taskset")
    except TasksetError as error:
        raise TasksetError("%s: %s" % (path, error))


def _number(where, value, minimum=0.0, above=False):
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TasksetError("%s: must be a number, not %r" % (where, value))
    if value < minimum or (above and value <= minimum):
        raise TasksetError("%s: must be %s %g" % (where, "above" if above else "at least",
                                                  minimum))
    us = round(value * 1000)
    if above and us == 0:
        raise TasksetError("%s: %g ms is below the kernel's microsecond" % (where, value))
    if us > MAX_US:
        raise TasksetError("%s: %g ms is more than the kernel takes (1000 s)" % (where, value))
    return us


def _integer(where, value, low, high):
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise TasksetError("%s: must be a whole number from %d to %d" % (where, low, high))
    return value


def check(data, default_name="taskset"):
    """Checks a parsed JSON task set; returns a dict with "name", "hogs", "procs", "seed" and
    "tasks" (each with name, period_us, deadline_us, offset_us, jitter_us, wcet_min_us,
    wcet_max_us, priority, tickets, seed). TasksetError names the first field that is wrong."""
    if not isinstance(data, dict):
        raise TasksetError("the task set must be a JSON object")
    for key in data:
        if key not in SET_KEYS:
            raise TasksetError("%s: unknown field (known: %s)" % (key, ", ".join(sorted(SET_KEYS))))
    name = data.get("name", default_name)
    if not isinstance(name, str) or not NAME.match(name) or len(name) > 31:
        raise TasksetError("name: letters, digits, _ and - only, at most 31")
    hogs = _integer("hogs", data.get("hogs", 0), 0, MAX_PROCS)
    procs = data.get("procs", "")
    if not isinstance(procs, str) or (procs and not SPEC.match(procs)) or len(procs) > 159:
        raise TasksetError("procs: a workload spec as procs= takes it, e.g. \"burst:2\"")
    seed = _integer("seed", data.get("seed", 1), 0, 2 ** 32 - 1)
    if "tasks" not in data:
        raise TasksetError("tasks: missing (a list of tasks)")
    tasks = data["tasks"]
    if not isinstance(tasks, list):
        raise TasksetError("tasks: must be a list")
    if len(tasks) > MAX_TASKS:
        raise TasksetError("tasks: %d tasks, the kernel takes at most %d" % (len(tasks), MAX_TASKS))
    if not tasks and not hogs and not procs:
        raise TasksetError("tasks: empty, and no hogs or procs: nothing to run")
    out, names = [], set()
    for i, task in enumerate(tasks):
        out.append(_check_task(i, task, names, seed))
    return {"name": name, "hogs": hogs, "procs": procs, "seed": seed, "tasks": out}


def _check_task(i, task, names, seed):
    where = "tasks[%d]" % i
    if not isinstance(task, dict):
        raise TasksetError("%s: must be an object" % where)
    for key in task:
        if key not in TASK_KEYS:
            raise TasksetError("%s.%s: unknown field (known: %s)"
                               % (where, key, ", ".join(sorted(TASK_KEYS))))
    for key in ("name", "period_ms", "wcet_ms"):
        if key not in task:
            raise TasksetError("%s.%s: missing" % (where, key))
    name = task["name"]
    if not isinstance(name, str) or not NAME.match(name) or len(name) > 15:
        raise TasksetError("%s.name: letters, digits, _ and - only, at most 15" % where)
    if name in names:
        raise TasksetError("%s.name: %r is used twice" % (where, name))
    names.add(name)
    where = "tasks[%d] (%s)" % (i, name)
    period = _number(where + ".period_ms", task["period_ms"], above=True)
    deadline = _number(where + ".deadline_ms", task.get("deadline_ms", task["period_ms"]),
                       above=True)
    wcet = task["wcet_ms"]
    if isinstance(wcet, list):
        if len(wcet) != 2:
            raise TasksetError("%s.wcet_ms: a number, or [min, max]" % where)
        low = _number(where + ".wcet_ms[0]", wcet[0], above=True)
        high = _number(where + ".wcet_ms[1]", wcet[1], above=True)
        if low > high:
            raise TasksetError("%s.wcet_ms: [min, max] with min <= max" % where)
    else:
        low = high = _number(where + ".wcet_ms", wcet, above=True)
    jitter = _number(where + ".jitter_ms", task.get("jitter_ms", 0))
    if jitter >= deadline:
        raise TasksetError("%s.jitter_ms: must be below the deadline" % where)
    return {"name": name, "period_us": period, "deadline_us": deadline,
            "offset_us": _number(where + ".offset_ms", task.get("offset_ms", 0)),
            "jitter_us": jitter,
            "wcet_min_us": low, "wcet_max_us": high,
            "priority": _integer(where + ".priority", task.get("priority", 0), 0, 31),
            "tickets": _integer(where + ".tickets", task.get("tickets", 100), 1, 10000),
            "seed": (seed * 1000003 + i + 1) % 2 ** 32}


def kernel_text(ts):
    """The task set as the kernel reads it (include/kernel/lab/taskset.h)."""
    lines = ["# written by scripts/lab.py from a JSON task set", "name " + ts["name"],
             "hogs %d" % ts["hogs"]]
    if ts["procs"]:
        lines.append("procs " + ts["procs"])
    for t in ts["tasks"]:
        lines.append("task %s period=%d deadline=%d offset=%d jitter=%d wcet=%d-%d prio=%d "
                     "tickets=%d seed=%d" % (t["name"], t["period_us"], t["deadline_us"],
                                              t["offset_us"], t["jitter_us"], t["wcet_min_us"],
                                              t["wcet_max_us"], t["priority"], t["tickets"],
                                              t["seed"]))
    return "\n".join(lines) + "\n"
