"""A batch for the command line: discover → skip what the journal has → grade → write outputs.

Every submission found appears exactly once in ``results.json`` and ``grades.csv``, in input
order, ``graded``, ``error`` or ``grader_failed`` (with a reason). Records go to the journal as
they finish; the outputs are then streamed from it (atomically), so memory does not grow with
the class. With ``update``, the records of students this batch does not hold are kept from the
folder's previous ``results.json`` (after this batch's, in their old order).
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterator

from .grading import Grader, GraderFailure, not_graded
from .journal import Journal
from .results import Result, Summary
from .submission import Source, identity
from .text import safe
from .writers import grades_csv, results_json


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


def run_batch(grader: Grader, sources: list[Source], out_dir: Path, *, resume: bool = False, update: bool = False,
              progress: Callable[[Result], None] | None = None) -> tuple[list[Summary], GraderFailure | None]:
    """Grade ``sources`` (skipping those journaled when ``resume``) and write the outputs."""
    kept = kept_records(out_dir, sources) if update else []
    journal = Journal(out_dir, grader.assignment.id, resume=resume)
    todo = [s for s in sources if key(s) not in journal]
    failure = None

    def finished(index: int, result: Result) -> None:
        journal.record(key(todo[index]), result)
        if progress:
            progress(result)

    try:
        grader.grade(todo, progress=finished, keep=False)
    except GraderFailure as exc:
        failure = exc
    finally:
        journal.close()
    summaries: list[Summary] = []
    with journal.reader() as read:
        def records() -> Iterator[Result]:
            for source in sources:
                result = read(key(source)) if key(source) in journal else not_graded(
                    source.student_id, grader.assignment.id, str(failure))
                summaries.append(result.summary())
                yield result
            for result in kept:
                summaries.append(result.summary())
                yield result

        results_json.write(records(), Path(out_dir) / "results.json")
    grades_csv.write(summaries, Path(out_dir) / "grades.csv")
    return summaries, failure
