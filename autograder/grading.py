"""Grade submissions: stage → sandbox → run the suite in a pytest session → settled ``Result``.

``run_job`` is one pytest session that grades a stream of submissions (collect once, run
many) with one warm zygote; ``grade_submission`` is what it does for each one, step by step.
``Grader``, the public entry point, grades a list of submissions with its executor
(``executors/``: this process and local job processes, or a dask cluster) and returns their
records in input order, every submission with one, even when grading itself fails
(``GraderFailure``).
"""
from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable

import pytest

from . import course, datasets, preflight, pytest_options, supervisor
from .feedback.messages import pick
from .plugin import GradingPlugin
from .results import Result
from .sandbox import SubmissionSandbox
from .scratch import scratch_dir
from .submission import Source, SubmissionError, discover, stage
from .supervisor import BUDGET, CALL_TIMEOUT, Zygote
from .text import safe
from .worker import testfuncs
from .worker.limits import Limits

if TYPE_CHECKING:
    from .executors import Executor

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
    call_timeout: float = CALL_TIMEOUT
    budget: float = BUDGET
    salt: str = ""
    figures: bool = True
    hide: tuple[str, ...] = ()  # folders no child may see (the output folder); each source's own folder is added


def pytest_args(assignment_id: str) -> list[str]:
    """A grading session's pytest: the suite's folder under our ini only, with none of the
    plugins it does not use (``pytest_options``: nor any the machine has installed, which would
    wrap every test and could change how it runs)."""
    suite = course.get(assignment_id).suite
    return [str(suite), "-c", str(SUITE_INI), "--rootdir", str(suite), *pytest_options.lean(), "-s"]


class Job:
    """What one session's submissions share: the assignment, the options, the warm zygote, and
    the reference copy the recheck grades (made on first use: most sessions never need it)."""

    def __init__(self, assignment_id: str, options: Options, cpu: int | None = None):
        self.assignment = course.get(assignment_id)
        self.options = options
        functions = course.testfuncs(self.assignment)
        testfuncs.load(functions)  # the suite's Named(...) functions, here and in the zygote
        self.zygote = Zygote.warm(cpu, functions)  # it imports numpy while pytest collects the suite
        # the data sets hold held-out labels: hidden from every child
        self.hidden = (*options.hide, *datasets.data_folders())
        self._reference: Path | None = None

    def sandbox(self, student_id: str, staged, hide: tuple[str, ...] = ()) -> SubmissionSandbox:
        o = self.options
        return SubmissionSandbox(student_id, self.assignment, staged, self.zygote, limits=o.limits,
                                 call_timeout=o.call_timeout, budget=o.budget, salt=o.salt, hide=hide)

    def control(self, sandbox: SubmissionSandbox) -> SubmissionSandbox:
        """The reference, staged afresh, graded as if ``sandbox``'s student had handed it in."""
        if self._reference is None:
            self._reference = preflight.reference_folder(self.assignment, scratch_dir("ag-ref-"))
        staged = stage(Source(sandbox.student_id, self._reference), self.assignment, scratch_dir("ag-sub-"))
        return self.sandbox(sandbox.student_id, staged)

    def close(self) -> None:
        self.zygote.close()
        if self._reference is not None:
            shutil.rmtree(self._reference, ignore_errors=True)


def grade_submission(plugin: GradingPlugin, job: Job, source: Source) -> Result:
    """One submission, step by step: stage its files, give them a sandbox, run every test, settle."""
    try:
        staged = stage(source, job.assignment, scratch_dir("ag-sub-"))
    except SubmissionError as exc:
        reason = pick(exc.reason, job.options.lang)
        return Result.failed(source.student_id, job.assignment.id, plugin.total, reason)
    # the folder the submission came from holds the other students' originals: hidden
    sandbox = job.sandbox(source.student_id, staged, hide=(*job.hidden, str(Path(source.path).resolve().parent)))
    return plugin.grade(sandbox).settled()


def run_job(assignment_id: str, sources: Iterable[tuple[int, Source]], options: Options,
            on_result: Callable[[int, Result], None], cpu: int | None = None) -> None:
    """Grade every ``(index, source)`` in one pytest session; report each via ``on_result``.
    ``cpu``: the core its worker processes are pinned to (None: wherever the kernel likes)."""
    job = Job(assignment_id, options, cpu)

    def grade_each(plugin: GradingPlugin) -> None:  # called by pytest's test loop, once the suite is collected
        for index, source in sources:
            on_result(index, grade_submission(plugin, job, source))

    plugin = GradingPlugin(assignment_id, grade_each, options.lang, probes=options.figures, control=job.control)
    try:
        code = pytest.main(pytest_args(assignment_id), plugins=[plugin])
    finally:
        job.close()
    if code not in (pytest.ExitCode.OK, pytest.ExitCode.TESTS_FAILED):
        raise GraderFailure(f"the {assignment_id} grading suite did not run (pytest exit code {int(code)})")


class Gate:
    """Submissions graded before the others, by the session that then grades them: the others are
    graded only if ``passes`` says so of the gate's records (the preflight's reference and stub,
    ``preflight.gated``: a class's run then starts one session fewer). ``passed`` is None until
    ``decide`` ran (grading the gate itself failed), then True or False."""

    def __init__(self, sources: list[Source], passes: Callable[[list[Result | None]], bool]):
        self.sources = sources
        self._passes = passes
        self.records: dict[int, Result] = {}
        self.passed: bool | None = None

    def items(self) -> list[tuple[tuple[str, int], Source]]:
        """The gate's ``(index, source)`` items; an index is ``("gate", k)``, never a class's."""
        return [(("gate", k), source) for k, source in enumerate(self.sources)]

    def route(self, on_result: Callable[[int, Result], None]) -> Callable[[object, Result], None]:
        """``on_result`` for the class's records; the gate's own are kept here."""
        def routed(index, result: Result) -> None:
            if type(index) is tuple:
                self.records[index[1]] = result
            else:
                on_result(index, result)
        return routed

    def decide(self) -> bool:
        self.passed = bool(self._passes([self.records.get(k) for k in range(len(self.sources))]))
        return self.passed

    def stream(self, items: Iterable, release: Callable[[], None] | None = None):
        """The gate's items, then (once their records pass, after ``release()``) ``items``."""
        yield from self.items()
        if self.decide():
            if release is not None:
                release()
            yield from items


def not_graded(student_id: str, assignment_id: str, reason: str) -> Result:
    """The record of a submission that grading did not reach or finish: the grader's failure."""
    return Result.grader_failure(student_id, assignment_id, 0.0,
                                 f"not graded: {reason} (not the student's fault; re-run it)")


class Grader:
    """Grade submissions of one assignment, on this machine with ``jobs`` parallel sessions
    (``executors.dask_executor.DaskGrader``: on a dask cluster)."""

    preflight_here = True  # it grades on this machine: a preflight that passed here may be cached

    def __init__(self, assignment_id: str, *, jobs: int = 1, options: Options | None = None, **option_values):
        self.assignment = course.get(assignment_id)
        self.jobs = max(1, int(jobs))
        self.options = options or Options(**option_values)

    def executor(self) -> Executor:
        """Where this grader grades: this process, and ``jobs - 1`` local job processes."""
        from .executors.local import LocalExecutor  # it runs ``run_job``, defined here

        return LocalExecutor(self.jobs)

    def prestart(self) -> None:
        """Start this process's session's zygote now (``supervisor.prestart``): what the caller
        does before grading then overlaps its start."""
        supervisor.prestart(course.testfuncs(self.assignment))

    def grade_one(self, path: Path | str) -> Result:
        path = Path(path)
        return self.grade([Source(safe(path.stem if path.is_file() else path.name), path)])[0]

    def sources(self, path: Path | str) -> list[Source]:
        return discover(Path(path), self.assignment)

    def grade_path(self, path: Path | str) -> list[Result]:
        return self.grade(self.sources(path))

    def grade(self, sources: list[Source], progress: Callable[[int, Result], None] | None = None,
              keep: bool = True, gate: Gate | None = None) -> list[Result]:
        """One ``Result`` per source, in the order given; ``progress(index, result)`` is called
        as each finishes (in completion order). ``keep=False`` returns an empty list and keeps no
        record in memory: the caller takes each from ``progress``. With a ``gate``, its sources are
        graded first (in the same session where the executor can, ``gates``) and ``sources`` only
        if it passes: else nothing of them is graded and the list is empty."""
        results: dict[int, Result | None] = {}

        def record(index: int, result: Result) -> None:
            results[index] = result if keep else None
            if progress:
                progress(index, result)

        executor = self.executor()
        if gate is not None and not getattr(executor, "gates", False):  # the gate as a grading of its own
            for index, result in enumerate(self.grade(gate.sources)):
                gate.records[index] = result
            if not gate.decide():
                return []
            gate = None
        try:
            if gate is None:
                executor.grade(self.assignment.id, sources, self.options, record)
            else:
                executor.grade(self.assignment.id, sources, self.options, record, gate=gate)
        except GraderFailure as exc:
            raise GraderFailure(str(exc), self._complete(sources, results, str(exc)) if keep else []) from exc
        if gate is not None and not gate.passed:
            return []
        missing = [i for i in range(len(sources)) if i not in results]
        if missing:
            reason = f"the grader lost {len(missing)} submission(s)"
            raise GraderFailure(reason, self._complete(sources, results, reason) if keep else [])
        return [results[i] for i in range(len(sources))] if keep else []

    def _complete(self, sources: list[Source], results: dict[int, Result], reason: str) -> list[Result]:
        """Every source's record, with an error record where grading did not finish."""
        return [results.get(i) or not_graded(s.student_id, self.assignment.id, reason)
                for i, s in enumerate(sources)]
