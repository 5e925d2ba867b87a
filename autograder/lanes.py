"""Run independent tasks side by side: this process and forks of it, each task's output kept apart.

``run(task, payloads, lanes)`` calls ``task(payload)`` (a module-level function returning an exit
code) once per payload, in ``lanes`` processes of which this one is the first (the others are
forks of it, made before anything is graded): each lane takes
the next payload when it is free, so the order given is the order they start in (put the longest
first to keep the lanes even). What a task prints is captured and handed back with its code,
``(code, stdout, stderr)`` per payload in the order given, for the caller to print in an order a
person can read. A task that raises, or whose process dies, gets code 1 and a line saying so: the
others go on.
"""
from __future__ import annotations

import contextlib
import io
import multiprocessing
import os
import queue
import shutil
import traceback
from typing import Any, Callable

# A lane is a fork of this process, which has imported what the tasks need and graded nothing
# yet (a spawned interpreter takes ~1 s to get there on two busy cores); spawn where there is no fork.
START = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
Outcome = tuple[int, str, str]  # exit code, what the task printed to stdout, to stderr


def run(task: Callable[[Any], int], payloads: list, lanes: int) -> list[Outcome]:
    lanes = max(1, min(lanes, len(payloads)))
    ctx = multiprocessing.get_context(START)
    tasks, results = ctx.Queue(), ctx.Queue()
    taken = ctx.Array("q", len(payloads), lock=False)  # the pid of the lane that took each task, at once
    columns = shutil.get_terminal_size().columns  # captured output is laid out for the real terminal
    procs = [ctx.Process(target=_lane, args=(task, tasks, results, columns, taken), daemon=True) for _ in range(lanes - 1)]
    for proc in procs:  # before the queue's feeder thread starts: a forked lane copies no thread
        proc.start()
    for item in enumerate(payloads):
        tasks.put(item)
    for _ in range(lanes):  # each lane stops at the first None it takes: one each
        tasks.put(None)
    done: dict[int, Outcome] = {}
    _lane(task, tasks, None, columns, taken, done)
    while len(done) < len(payloads):
        try:
            message = results.get(timeout=0.2)
        except queue.Empty:
            if not any(proc.is_alive() for proc in procs) and results.empty():
                break
            continue
        done[message[0]] = message[1]
    for proc in procs:
        proc.join()
    lost = "autograder: the process grading this stopped before it finished (exit code {code})\n"
    codes = {proc.pid: proc.exitcode for proc in procs}
    return [done.get(i) or (1, "", lost.format(code=codes.get(taken[i]))) for i in range(len(payloads))]


def _lane(task, tasks, results, columns: int, taken, done: dict | None = None) -> None:
    """Take payloads until a None; report each outcome to ``results`` (a child) or ``done`` (here)."""
    os.environ.setdefault("COLUMNS", str(columns))
    while (item := tasks.get()) is not None:
        index, payload = item
        taken[index] = os.getpid()
        outcome = _captured(task, payload)
        if results is not None:
            results.put((index, outcome))
        else:
            done[index] = outcome


def _captured(task, payload) -> Outcome:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = task(payload)
        except Exception:  # one task's failure is its own: the others go on
            traceback.print_exc()
            code = 1
    return code, out.getvalue(), err.getvalue()
