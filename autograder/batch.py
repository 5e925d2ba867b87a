"""A batch from the command line, step by step: ``run_batch`` is the whole pipeline.

discover → claim the output folder → preflight → grade each submission (stage → sandbox →
settled ``Result``: ``grading.grade_submission``) → journal → writers. The preflight's reference
and stub are the first two submissions of the class's own session (``preflight.gated``): the
class is graded only once they pass.

Every submission found appears exactly once in ``results.json`` and ``grades.csv``, in input
order, ``graded``, ``error`` or ``grader_failed`` (with a reason). Records go to the journal as
they finish (fsync'ed: a killed run loses only what it was grading, and ``resume`` skips what the
journal holds); the outputs are then streamed from it (atomically), so memory does not grow
with the class. With ``update``, the records of students this batch does not hold are kept from
the folder's previous ``results.json`` (after this batch's, in their old order).
"""
from __future__ import annotations

import contextlib
import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, ContextManager, Iterator

from . import outdir, preflight, scratch, supervisor
from .grading import Gate, Grader, GraderFailure, not_graded
from .journal import Journal, JournalMismatch
from .results import Result, Summary
from .submission import AmbiguousSubmissions, Source, identity
from .text import safe
from .writers import grades_csv, results_json

Progress = Callable[[int], ContextManager[Callable[[Result], None]]]  # total → advance(result) while grading


class BatchRefused(Exception):
    """The batch cannot start: no such submissions, none found, an output folder holding another
    batch's results, a journal of another assignment. Nothing was graded; the message says why."""


@dataclass
class Batch:
    """What a batch did: its submissions, one summary per record (this batch's in input order,
    then those kept by ``update``), and the grader's failure if there was one."""

    sources: list[Source]
    summaries: list[Summary]
    failure: GraderFailure | None


def run_batch(grader: Grader, submissions: Path | str, out: Path, *, resume: bool = False, update: bool = False,
              force: bool = False, preflight_first: bool = True, allow_unconfined: bool = False,
              progress: Progress | None = None, student_id: str | None = None) -> Batch:
    """Grade what ``submissions`` holds into ``out``. ``BatchRefused`` before anything is graded
    when it cannot start, ``preflight.PreflightFailed`` when the grader cannot be trusted here.
    ``student_id``: the id of ``submissions`` when it is one student's submission itself (else
    its own name: ``run all`` names ``alice/a2_functions/`` alice's)."""
    sources = discover(grader, submissions, student_id)
    claim(out, grader, submissions, update=update, force=force)
    scratch.sweep()  # staging folders left by runs that were killed
    with contextlib.ExitStack() as stack:
        stack.callback(supervisor.discard_prestarted)  # one no session took (a failed preflight)
        grader.prestart()  # its zygote imports numpy during the preflight's checks
        gate, found = stack.enter_context(preflight.gated(grader, allow_unconfined=allow_unconfined)) \
            if preflight_first else (None, None)
        kept = kept_records(out, sources) if update else []
        journal = open_journal(out, grader, resume=resume)
        with (progress or _silent)(len(sources)) as advance:
            failure = grade(grader, [s for s in sources if key(s) not in journal], journal, advance, gate)
    if gate is not None:
        preflight.require_passed(grader, gate, found, failure)
    summaries = write_outputs(out, grader.assignment.id, sources, kept, journal, failure)
    return Batch(sources, summaries, failure)


def discover(grader: Grader, submissions: Path | str, student_id: str | None = None) -> list[Source]:
    """The submissions, one per student, in input order (``BatchRefused`` for none)."""
    try:
        sources = grader.sources(Path(submissions))
    except (FileNotFoundError, NotADirectoryError, AmbiguousSubmissions) as exc:
        raise BatchRefused(str(exc)) from exc
    if not sources:
        raise BatchRefused(f"no submissions found in {submissions}")
    if student_id is not None and len(sources) == 1 and sources[0].path == Path(submissions):
        sources = [dataclasses.replace(sources[0], student_id=student_id)]
    return sources


def claim(out: Path, grader: Grader, submissions: Path | str, *, update: bool, force: bool) -> None:
    """Make ``out`` this batch's output folder (``outdir.claim``). ``resume`` is for the batch the
    folder holds: another batch's folder needs ``update`` too."""
    try:
        outdir.claim(out, grader.assignment.id, Path(submissions), update=update, force=force)
    except outdir.OutDirTaken as exc:
        raise BatchRefused(str(exc)) from exc


def key(source: Source) -> str:
    """What identifies a submission across a crash: its student id and where it came from
    (as safe text: the journal stores it, and a file name may not be valid UTF-8)."""
    return safe(f"{source.student_id}\t{source.path.resolve()}")


def kept_records(out_dir: Path, sources: list[Source]) -> list[Result]:
    """The previous ``results.json`` records (in ``out_dir``) of students not among ``sources``
    (matched as discovery matches ids: not by case or Unicode form, so ``Alice`` replaces ``alice``)."""
    path = Path(out_dir) / "results.json"
    if not path.is_file():
        return []
    ids = {identity(s.student_id) for s in sources}
    return [r for r in results_json.read(path) if identity(r.student_id) not in ids]


def open_journal(out: Path, grader: Grader, *, resume: bool) -> Journal:
    """The journal of ``out`` (a fresh one unless ``resume``)."""
    try:
        return Journal(out, grader.assignment.id, resume=resume)
    except JournalMismatch as exc:
        raise BatchRefused(str(exc)) from exc


def grade(grader: Grader, todo: list[Source], journal: Journal, advance: Callable[[Result], None],
          gate: Gate | None = None) -> GraderFailure | None:
    """Grade ``todo``, journaling each record as it finishes; the grader's failure, if any (the
    records it did not make are ``grader_failed`` in the outputs). ``gate``: the preflight, graded
    first by the same session (``preflight.gated``)."""
    def finished(index: int, result: Result) -> None:
        journal.record(key(todo[index]), result)
        advance(result)

    try:
        grader.grade(todo, progress=finished, keep=False, gate=gate)
    except GraderFailure as exc:
        return exc
    finally:
        journal.close()
    return None


def write_outputs(out: Path, assignment_id: str, sources: list[Source], kept: list[Result], journal: Journal,
                  failure: GraderFailure | None) -> list[Summary]:
    """``results.json`` streamed from the journal (in input order, then ``kept``) and ``grades.csv``,
    each written atomically; one summary per record."""
    summaries: list[Summary] = []
    with journal.reader() as read:
        def records() -> Iterator[Result]:
            for source in sources:
                result = read(key(source)) if key(source) in journal else not_graded(
                    source.student_id, assignment_id, str(failure))
                summaries.append(result.summary())
                yield result
            for result in kept:
                summaries.append(result.summary())
                yield result

        results_json.write(records(), Path(out) / "results.json")
    grades_csv.write(summaries, Path(out) / "grades.csv")
    return summaries


@contextlib.contextmanager
def _silent(total: int):
    yield lambda result: None
