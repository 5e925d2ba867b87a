"""Grade submissions: stage → run the suite in a pytest session → ``Result`` records.

``run_job`` is one pytest session that grades a stream of submissions (collect once, run
many) with one warm zygote. ``Grader`` runs ``run_job`` in this process (``jobs=1``) or in
``jobs`` processes pulling from a shared queue; results come back in input order either way.
"""
from __future__ import annotations

import multiprocessing
import os
import queue
import shutil
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

import pytest

from . import course, datasets, preflight
from .feedback import messages
from .plugin import GradingPlugin
from .supervisor import Zygote
from .results import Result
from .session import SubmissionRun, scratch_dir
from .submission import Source, SubmissionError, discover, stage
from .text import safe
from .worker import testfuncs
from .worker.limits import Limits

SUITE_INI = Path(__file__).parent / "templates" / "suite_pytest.ini"  # the suites run under this file only


class GraderFailure(RuntimeError):
    """Grading itself failed (a broken suite, a crashed job): not any student's fault.

    ``results`` still holds a record for every submission (those not graded say why), unless
    grading ran with ``keep=False``: then the caller has the records it was handed, and it is empty.
    """

    def __init__(self, message: str, results: list[Result] | None = None):
        super().__init__(message)
        self.results = results or []


@dataclass
class Options:
    """How to grade. ``budget`` is the wall-clock seconds one submission may use in all."""

    lang: str = "en"
    limits: Limits = field(default_factory=Limits)
    call_timeout: float = 10.0
    budget: float = 120.0
    salt: str = ""
    figures: bool = True
    hide: tuple[str, ...] = ()  # folders no child may see (the output folder); each source's own folder is added


# pytest plugins a grading session does not use; each would wrap every test of every submission
UNUSED_PLUGINS = ("cacheprovider", "terminal", "stepwise", "logging", "warnings", "faulthandler", "doctest",
                  "unraisableexception", "threadexception", "pastebin", "junitxml", "resultlog", "legacypath",
                  "tmpdir", "monkeypatch", "recwarn", "setuponly", "setupplan", "benchmark")


def pytest_args(assignment_id: str) -> list[str]:
    disabled = [arg for name in UNUSED_PLUGINS for arg in ("-p", f"no:{name}")]
    suite = course.get(assignment_id).suite
    return [str(suite), "-c", str(SUITE_INI), "--rootdir", str(suite), *disabled, "-s"]


def run_job(assignment_id: str, sources: Iterable[tuple[int, Source]], options: Options,
            on_result: Callable[[int, Result], None], cpu: int | None = None) -> None:
    """Grade every ``(index, source)`` in one pytest session; report each via ``on_result``.
    ``cpu``: the core its worker processes are pinned to (None: wherever the kernel likes)."""
    assignment = course.get(assignment_id)
    functions = course.testfuncs(assignment)
    testfuncs.load(functions)  # the suite's Named(...) functions, here and in the zygote
    zygote = Zygote(cpu, functions)
    current = {"index": -1}
    plugin: GradingPlugin

    data = datasets.data_folders()

    def runs() -> Iterator[SubmissionRun]:
        for index, source in sources:
            staging = scratch_dir("ag-sub-")
            try:
                staged = stage(source, assignment, staging)
            except SubmissionError as exc:
                reason = exc.reason.get(options.lang, exc.reason["en"])
                on_result(index, Result.failed(source.student_id, assignment_id, plugin.total, reason))
                continue
            current["index"] = index
            # the folder the submission came from holds the other students' originals, and the
            # data sets hold held-out labels: hidden
            hide = (*options.hide, *data, str(Path(source.path).resolve().parent))
            yield SubmissionRun(source.student_id, assignment, staged, zygote, limits=options.limits,
                                call_timeout=options.call_timeout, budget=options.budget, salt=options.salt,
                                hide=hide)

    reference_source: list[Path] = []  # made on the first recheck: most sessions never need it

    def control(run: SubmissionRun) -> SubmissionRun:
        """The reference, staged afresh, graded as if ``run``'s student had handed it in."""
        if not reference_source:
            reference_source.append(preflight.reference_folder(assignment, scratch_dir("ag-ref-")))
        staging = scratch_dir("ag-sub-")
        staged = stage(Source(run.student_id, reference_source[0]), assignment, staging)
        return SubmissionRun(run.student_id, assignment, staged, zygote, limits=options.limits,
                             call_timeout=options.call_timeout, budget=options.budget, salt=options.salt)

    plugin = GradingPlugin(assignment_id, runs(), lambda r: on_result(current["index"], r.settled()), options.lang,
                           probes=options.figures, control=control)
    try:
        code = pytest.main(pytest_args(assignment_id), plugins=[plugin])
    finally:
        zygote.close()
        for folder in reference_source:
            shutil.rmtree(folder, ignore_errors=True)
    if code not in (pytest.ExitCode.OK, pytest.ExitCode.TESTS_FAILED):
        raise GraderFailure(f"the {assignment_id} grading suite did not run (pytest exit code {int(code)})")


def not_graded(student_id: str, assignment_id: str, reason: str) -> Result:
    """The record of a submission that grading did not reach or finish: the grader's failure."""
    return Result.grader_failure(student_id, assignment_id, 0.0,
                                 f"not graded: {reason} (not the student's fault; re-run it)")


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


class Grader:
    """Grade submissions of one assignment with ``jobs`` parallel sessions."""

    def __init__(self, assignment_id: str, *, jobs: int = 1, options: Options | None = None, **option_values):
        self.assignment = course.get(assignment_id)
        self.jobs = max(1, int(jobs))
        self.options = options or Options(**option_values)

    def grade_one(self, path: Path | str) -> Result:
        path = Path(path)
        return self.grade([Source(safe(path.stem if path.is_file() else path.name), path)])[0]

    def sources(self, path: Path | str) -> list[Source]:
        return discover(Path(path), self.assignment)

    def grade_path(self, path: Path | str) -> list[Result]:
        return self.grade(self.sources(path))

    def grade(self, sources: list[Source], progress: Callable[[int, Result], None] | None = None,
              keep: bool = True) -> list[Result]:
        """One ``Result`` per source, in the order given; ``progress(index, result)`` is called
        as each finishes (in completion order). ``keep=False`` returns an empty list and keeps no
        record in memory: the caller takes each from ``progress``."""
        results: dict[int, Result | None] = {}

        def record(index: int, result: Result) -> None:
            results[index] = result if keep else None
            if progress:
                progress(index, result)

        jobs = min(self.jobs, max(1, len(sources)))
        try:
            if jobs == 1:
                run_job(self.assignment.id, enumerate(sources), self.options, record)
            else:
                self._parallel(sources, jobs, record)
        except GraderFailure as exc:
            raise GraderFailure(str(exc), self._complete(sources, results, str(exc)) if keep else []) from exc
        missing = [i for i in range(len(sources)) if i not in results]
        if missing:
            reason = f"the grader lost {len(missing)} submission(s)"
            raise GraderFailure(reason, self._complete(sources, results, reason) if keep else [])
        return [results[i] for i in range(len(sources))] if keep else []

    def _complete(self, sources: list[Source], results: dict[int, Result], reason: str) -> list[Result]:
        """Every source's record, with an error record where grading did not finish."""
        return [results.get(i) or not_graded(s.student_id, self.assignment.id, reason)
                for i, s in enumerate(sources)]

    def _parallel(self, sources: list[Source], jobs: int, record) -> None:
        """This process grades as one job (no start-up to wait for) while ``jobs - 1`` spawned
        processes grade as the others; all pull from one queue. With a core per job, each job's
        worker processes are pinned to its core, so each request's ping-pong stays there."""
        ctx = multiprocessing.get_context("spawn")
        tasks, results = ctx.Queue(), ctx.Queue()
        for task in enumerate(sources):
            tasks.put(task)
        for _ in range(jobs):
            tasks.put(None)
        cpus = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else []
        cores = cpus if jobs <= len(cpus) else [None] * jobs
        procs = [ctx.Process(target=_job_process, args=(self.assignment.id, self.options, tasks, results, cores[n]),
                             daemon=True) for n in range(1, jobs)]
        for p, core in zip(procs, cores[1:]):
            p.start()
            if core is not None:  # the whole job (grader side too) on its core; its zygote inherits it
                os.sched_setaffinity(p.pid, {core})
        lock = threading.Lock()

        def locked(index: int, result: Result) -> None:
            with lock:
                record(index, result)

        errors: list[str] = []
        drain = threading.Thread(target=self._drain, args=(procs, results, locked, errors), daemon=True)
        drain.start()
        try:
            run_job(self.assignment.id, _queued(tasks), self.options, locked, cpu=cores[0])
        except GraderFailure as exc:
            errors.append(str(exc))
        drain.join()
        if errors:
            raise GraderFailure("; ".join(errors))

    @staticmethod
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
