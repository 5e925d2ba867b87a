"""Preflight: before the first student, prove the grader can grade here, or grade no one.

The course's own reference (``solutions/``, with the reference of every assignment it imports)
and its stub release (``assignments/<a>/``) are graded by the very ``Grader`` that will grade the
class: same environment, options, executor and sandbox. Unless the reference scores full marks
and the stub scores zero, both ``graded``, something here is broken (the worker cannot start, a
limit is too tight, a data file is missing, the sandbox lets code read the reference …) and
every student's number would be wrong, so the batch stops with the reason. So does a suite whose
points do not add up to what the assignment's manifest declares, and a declared mistake that
does not load or apply (``mistakes.problems``).

A sandbox that does not confine student code (``sandbox_verdict.verdict``) is a preflight
failure too, unless the instructor passes ``allow_unconfined`` (``--allow-unconfined``).

``check`` grades the two on their own; ``gated`` makes them the first two submissions of the
class's own session (``autograder run``), which grades the class only once they pass, unless a
preflight with everything that decides it unchanged passed here before (``preflight_cache``).
"""
from __future__ import annotations

import contextlib
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from . import course, mistakes, preflight_cache
from .results import Result
from .submission import Source

REFERENCE_ID, STUB_ID = "preflight-reference", "preflight-stub"


class PreflightFailed(RuntimeError):
    """The grader cannot be trusted here; the message says why and what to do."""


@dataclass
class Preflight:
    """What the preflight saw: the two records and the sandbox's verdict."""

    reference: Result | None = None
    stub: Result | None = None
    confined: bool = True
    sandbox_notes: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    key: str | None = None  # preflight_cache.key of what decides it (``gated``), kept once it passes

    @property
    def ok(self) -> bool:
        return not self.problems


def reference_folder(assignment: course.Assignment, dest: Path) -> Path:
    """A submission folder holding the reference of ``assignment`` and of what it imports."""
    for a in course.dependency_closure(assignment):
        for module in a.modules:
            src = course.solutions_dir(a.id) / f"{module}.py"
            if src.is_file():
                shutil.copyfile(src, dest / f"{module}.py")
    return dest


def _describe(result: Result) -> str:
    if result.graded:
        return f"{result.score:g}/{result.max_score:g}"
    return f"{result.status}: {result.reason}"


def _first_problems(result: Result, limit: int = 3) -> str:
    lines = [f"{t.id or t.name}: {t.status}: {((t.grader_error or t.feedback).strip().splitlines() or [''])[-1]}"
             for t in result.tests if t.score < t.max_score][:limit]
    return "".join(f"\n    {line}" for line in lines)


_VERDICT: list[tuple[bool, list[str]]] = []  # this process's, once found (the machine does not change under it)


def sandbox_verdict() -> tuple[bool, list[str]]:
    """``(confined, reasons)`` from the worker's confinement, as ``autograder doctor`` judges it."""
    from .sandbox_verdict import verdict

    if not _VERDICT:
        _VERDICT.append(verdict())
    confined, notes = _VERDICT[0]
    return confined, list(notes)


def _one_job(grader):
    """The same grader as one in-process job: two submissions do not pay for starting another
    process. An executor of its own (dask) grades them where it grades the class."""
    from .grading import Grader

    if type(grader) is Grader and grader.jobs > 1:
        return Grader(grader.assignment.id, jobs=1, options=grader.options)
    return grader


def check(grader, *, allow_unconfined: bool = False) -> Preflight:
    """Grade the reference and the stub with ``grader``; ``Preflight.problems`` lists what is wrong."""
    found = before_grading(grader, allow_unconfined=allow_unconfined)
    with _sources(grader.assignment) as sources:
        from .grading import GraderFailure

        try:
            records = _one_job(grader).grade(sources)
        except GraderFailure as exc:
            records = exc.results or []
            found.problems.append(f"grading the reference and the stub failed: {exc}")
    _judged(found, grader.assignment, records)
    return found


def before_grading(grader, *, allow_unconfined: bool = False, declared: bool = True) -> Preflight:
    """What the preflight finds before grading anything: the sandbox's verdict, the declared
    mistakes (unless ``declared`` is false)."""
    found = Preflight()
    found.confined, found.sandbox_notes = sandbox_verdict()
    if not found.confined and not allow_unconfined:
        found.problems.append("student code would not be confined here (" + "; ".join(found.sandbox_notes)
                              + "): run `autograder doctor`, or pass --allow-unconfined if you know why")
    if declared:
        found.problems += declared_problems(grader.assignment)
    return found


@contextlib.contextmanager
def _sources(assignment: course.Assignment) -> Iterator[list[Source]]:
    """The reference (copied into a folder that lasts while the block runs) and the stub release."""
    stub_dir = course.release_dir(assignment.id)
    with tempfile.TemporaryDirectory(prefix="ag-preflight-") as tmp:
        sources = [Source(REFERENCE_ID, reference_folder(assignment, Path(tmp)))]
        if stub_dir.is_dir():
            sources.append(Source(STUB_ID, stub_dir))
        yield sources


def _judged(found: Preflight, assignment: course.Assignment, records) -> bool:
    by_id = {r.student_id: r for r in records if r is not None}
    found.reference, found.stub = by_id.get(REFERENCE_ID), by_id.get(STUB_ID)
    found.problems += judge(assignment, found.reference, found.stub)
    return found.ok


@contextlib.contextmanager
def gated(grader, *, allow_unconfined: bool = False):
    """The preflight as the first submissions of the class's own grading: ``(gate, found)``, a
    ``grading.Gate`` to hand to ``Grader.grade`` (the reference and the stub are graded by the
    session that then grades the class, which starts only once they pass) and the ``Preflight``
    it fills. ``PreflightFailed`` at once for what is wrong before grading (``before_grading``);
    after grading, ``require_passed(grader, gate, found, failure)``."""
    from .grading import Gate

    found = before_grading(grader, allow_unconfined=allow_unconfined, declared=False)
    if found.ok and grader.preflight_here:
        found.key = preflight_cache.key(grader.assignment, grader.options, found.confined, found.sandbox_notes)
        if preflight_cache.passed(found.key):  # it passed with all that decides it (the mistakes too) unchanged
            yield None, found
            return
    found.problems += declared_problems(grader.assignment)
    if not found.ok:
        raise PreflightFailed(failure_message(grader, found))
    with _sources(grader.assignment) as sources:
        yield Gate(sources, lambda records: _judged(found, grader.assignment, records)), found


def require_passed(grader, gate, found: Preflight, failure=None) -> Preflight:
    """``PreflightFailed`` unless the ``gated`` preflight passed (``failure``: the grader's, if any)."""
    if gate.passed is None:
        found.problems.append(f"grading the reference and the stub failed: {failure or 'it did not finish'}")
    if not gate.passed or not found.ok:
        raise PreflightFailed(failure_message(grader, found))
    if found.key is not None:
        preflight_cache.remember(found.key, grader.assignment.id)
    return found


def judge(assignment: course.Assignment, ref: Result | None, stub: Result | None) -> list[str]:
    """What is wrong with the records of the reference (full marks, the declared points) and the
    stub (0), however they were graded (here, or by ``autograder serve``'s pool)."""
    problems = []
    if ref is not None and not (ref.graded and ref.score == ref.max_score and ref.max_score > 0):
        problems.append(f"the reference solution scored {_describe(ref)}, not full marks{_first_problems(ref)}")
    declared = assignment.points
    if ref is not None and declared is not None and abs(ref.max_score - declared) > 1e-9:
        problems.append(f"the suite is worth {ref.max_score:g} points but {assignment.id}/assignment.toml "
                        f"says points = {declared:g}: change one of them")
    if stub is not None and not (stub.graded and stub.score == 0):
        problems.append(f"the unchanged stub scored {_describe(stub)}, not 0{_first_problems(stub)}")
    return problems


def declared_problems(assignment: course.Assignment) -> list[str]:
    """What is wrong with the assignment's declared mistakes (before anything is graded)."""
    from .feedback import misconceptions

    return mistakes.problems(assignment, set(misconceptions.SHARED))


def require(grader, *, allow_unconfined: bool = False) -> Preflight:
    """``check``, raising ``PreflightFailed`` with every problem when there is one."""
    found = check(grader, allow_unconfined=allow_unconfined)
    if not found.ok:
        raise PreflightFailed(failure_message(grader, found))
    return found


def failure_message(grader, found: Preflight) -> str:
    return (f"preflight for {grader.assignment.id} failed, so no one was graded:\n  - " + "\n  - ".join(found.problems)
            + "\n(--no-preflight skips this check, if you know why it fails)")
