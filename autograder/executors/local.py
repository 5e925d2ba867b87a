"""Grade on this machine: in this process (one job), or in N job processes pulling from one queue.

``LocalExecutor(jobs).grade(...)`` runs ``grading.run_job`` here when one job is enough (one
submission, or ``jobs=1``); otherwise this process grades as one job (no start-up to wait for)
while ``jobs - 1`` spawned processes grade as the others, all pulling ``(index, source)`` from one
queue. With a core per job, each job's worker processes are pinned to its core, so each
request's ping-pong stays there. A job process that dies is reported as a ``GraderFailure``;
what it was grading has no record, and ``Grader.grade`` gives it one. A ``grading.Gate`` (the
preflight) is graded first by this process's session, and the class only once it passed.
"""
from __future__ import annotations

import multiprocessing
import os
import queue
import threading
from typing import Callable, Iterator

from ..grading import Gate, GraderFailure, Options, run_job
from ..results import Result
from ..submission import Source


class LocalExecutor:
    """``jobs`` grading sessions on this machine (this process counts as one)."""

    gates = True  # a Gate's sources are graded by this process's session, which then grades the rest

    def __init__(self, jobs: int = 1):
        self.jobs = max(1, int(jobs))

    def grade(self, assignment_id: str, sources: list[Source], options: Options,
              on_result: Callable[[int, Result], None], gate: Gate | None = None) -> None:
        jobs = min(self.jobs, max(1, len(sources)))
        if jobs == 1:
            items = enumerate(sources)
            if gate is not None:
                items, on_result = gate.stream(items), gate.route(on_result)
            run_job(assignment_id, items, options, on_result)
        else:
            _pool(assignment_id, sources, options, jobs, on_result, gate)


def _pool(assignment_id: str, sources: list[Source], options: Options, jobs: int,
          on_result: Callable[[int, Result], None], gate: Gate | None = None) -> None:
    """With a ``gate``, the other jobs start at once but get the class only once this process's
    session has graded the gate and it passed (else they end, having graded no one)."""
    ctx = multiprocessing.get_context("spawn")
    tasks, results = ctx.Queue(), ctx.Queue()
    released = False

    def release(stop: bool = False) -> None:
        nonlocal released
        if not released:
            released = True
            for task in () if stop else enumerate(sources):
                tasks.put(task)
            for _ in range(jobs):
                tasks.put(None)

    if gate is None:
        release()
    cpus = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else []
    cores = cpus if jobs <= len(cpus) else [None] * jobs
    procs = [ctx.Process(target=_job_process, args=(assignment_id, options, tasks, results, cores[n]), daemon=True)
             for n in range(1, jobs)]
    for p, core in zip(procs, cores[1:]):
        p.start()
        if core is not None:  # the whole job (grader side too) on its core; its zygote inherits it
            os.sched_setaffinity(p.pid, {core})
    lock = threading.Lock()

    def locked(index: int, result: Result) -> None:
        with lock:
            on_result(index, result)

    errors: list[str] = []
    drain = threading.Thread(target=_drain, args=(procs, results, locked, errors), daemon=True)
    drain.start()
    items, here = _queued(tasks), locked
    if gate is not None:
        items, here = gate.stream(items, release), gate.route(locked)
    try:
        run_job(assignment_id, items, options, here, cpu=cores[0])
    except GraderFailure as exc:
        errors.append(str(exc))
    finally:
        release(stop=True)  # a gate that failed, or a session that died before it was decided
    drain.join()
    if errors:
        raise GraderFailure("; ".join(errors))


def _queued(tasks) -> Iterator[tuple[int, Source]]:
    while (task := tasks.get()) is not None:
        yield task


def _job_process(assignment_id, options, tasks, results, cpu) -> None:
    try:
        run_job(assignment_id, _queued(tasks), options, lambda i, r: results.put((i, r.to_dict())), cpu=cpu)
    except BaseException as exc:  # reported to the parent, which decides
        results.put((-1, f"{type(exc).__name__}: {exc}"))
        raise
    results.put((-2, os.getpid()))


def _drain(procs, results, record, errors: list[str]) -> None:
    """Take the spawned jobs' records off the queue until every job has finished."""
    finished = 0
    while finished < len(procs):
        try:
            index, payload = results.get(timeout=1.0)
        except queue.Empty:
            if all(not p.is_alive() for p in procs) and results.empty():
                break
            continue
        if index == -2:
            finished += 1
        elif index == -1:
            errors.append(payload)
            finished += 1
        else:
            record(index, Result.from_dict(payload))
    for p in procs:
        p.join(timeout=5)
        if p.exitcode not in (0, None) and finished < len(procs):
            errors.append(f"a job process exited with code {p.exitcode}")
