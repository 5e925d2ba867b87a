"""Where one a2 submission's time goes, and what small changes elsewhere would save.

``breakdown(sources)`` grades in this process (``run_job``, as ``--jobs 1`` does) with timers
wrapped around the pipeline's steps and splits the wall time into exclusive buckets (a
bucket's time excludes the timed steps nested in it). ``what_if(sources)`` grades the same
submissions with a change applied by monkeypatching (no file is edited) and checks the records
are unchanged (figures aside).
"""
from __future__ import annotations

import re
import tempfile
import time
from collections import defaultdict
from contextlib import ExitStack, contextmanager
from unittest import mock

import _pytest.python

from autograder import grading, supervisor
from autograder.plugin import GradingPlugin
from autograder.sandbox import SubmissionSandbox

BUCKETS = {
    "per-test overhead": "around each test: start/end, output kept apart, and pytest's protocol for a test not on the lean path",
    "test bodies (grader side)": "the suite's own code and checks, between calls into the worker (lean path or pytest's call)",
    "diagnosis": "after a wrong answer: the declared mistakes replayed on the same calls (trusted side)",
    "round trips": "requests to the submission's worker after the first: call, getattr, hold, output",
    "fork + child setup + import": "first request of each submission: zygote forks, child confines itself, imports the module",
    "figures probe (grader side)": "autograder.probes: collecting plot data",
    "staging + scratch": "copying the submission, making and removing its temporary folders, killing the child",
    "session start": "pytest start-up and collection, zygote start: once per session, not per submission",
}


class Clock:
    """Exclusive time per bucket for nested, wrapped calls."""

    def __init__(self):
        self.totals: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)
        self._stack: list[float] = []

    def wrap(self, bucket, function):
        def timed(*args, **kwargs):
            name = bucket(*args) if callable(bucket) else bucket
            start = time.perf_counter()
            self._stack.append(0.0)
            try:
                return function(*args, **kwargs)
            finally:
                elapsed = time.perf_counter() - start
                self.totals[name] += elapsed - self._stack.pop()
                self.calls[name] += 1
                if self._stack:
                    self._stack[-1] += elapsed
        return timed


def _request_bucket(worker, *args):
    return "fork + child setup + import" if worker.sock is None else "round trips"


def breakdown(sources: list, options=None) -> dict:
    """``{"n", "wall", "per_submission_ms": {bucket: ms}, "requests_per_submission"}``."""
    clock = Clock()
    patches = [
        (supervisor.Worker, "request", _request_bucket),
        (supervisor.Zygote, "start", "session start"),
        (grading, "stage", "staging + scratch"),
        (SubmissionSandbox, "__init__", "staging + scratch"),
        (SubmissionSandbox, "close", "staging + scratch"),
        (GradingPlugin, "_probe", "figures probe (grader side)"),
        (GradingPlugin, "_run_test", "per-test overhead"),
        (GradingPlugin, "_run_lean", "test bodies (grader side)"),
        (_pytest.python.Function, "runtest", "test bodies (grader side)"),
        (GradingPlugin, "_diagnose", "diagnosis"),
    ]
    with ExitStack() as stack:
        for owner, name, bucket in patches:
            stack.enter_context(mock.patch.object(owner, name, clock.wrap(bucket, getattr(owner, name))))
        started = time.perf_counter()
        grading.run_job("a2_functions", enumerate(sources), options or grading.Options(), lambda i, r: None)
        wall = time.perf_counter() - started
    n = len(sources)
    timed = sum(clock.totals.values())
    clock.totals["session start"] += wall - timed  # pytest start-up, collection, the loop itself
    per = {b: round(1000 * clock.totals[b] / n, 2) for b in BUCKETS if b != "session start"}
    return {"n": n, "wall": wall, "per_submission_ms": per, "session_start_ms": round(1000 * clock.totals["session start"]),
            "requests_per_submission": round((clock.calls["round trips"] + clock.calls["fork + child setup + import"]) / n, 1)}


CHANGES = {
    "as is": [],
    "temporary folders on tmpfs (TMPDIR=/dev/shm)": [(tempfile, "tempdir", "/dev/shm")],
    "no figure data (Options(figures=False); records lose their figures)": [],
}
FIGURES_OFF = "no figure data (Options(figures=False); records lose their figures)"


def comparable(result) -> dict:
    """The record without what differs between runs anyway: timing, temporary paths, figures."""
    data = result.to_dict()
    data["duration"] = None
    data["figures"] = None
    data["output"] = re.sub(r"\S*ag-sub-\w+", "ag-sub-*", data["output"])
    return data


@contextmanager
def applied(change: str):
    with ExitStack() as stack:
        for owner, name, value in CHANGES[change]:
            stack.enter_context(mock.patch.object(owner, name, value))
        yield


def what_if(sources: list, repeat: int = 2) -> dict:
    """Change → (best wall seconds over ``repeat`` runs, records identical to "as is")."""
    out, baseline = {}, None
    for change in CHANGES:
        best, records = float("inf"), None
        for _ in range(repeat):
            records = []
            with applied(change):
                started = time.perf_counter()
                grading.run_job("a2_functions", enumerate(sources), grading.Options(figures=change != FIGURES_OFF),
                                lambda i, r: records.append((i, comparable(r))))
                best = min(best, time.perf_counter() - started)
        records.sort(key=lambda pair: pair[0])
        baseline = baseline or records
        out[change] = (best, records == baseline)
    return out
