"""A batch for the command line: discover → skip what the journal has → grade → write outputs.

Every submission found appears exactly once in ``results.json`` and ``grades.csv``, in input
order, ``graded`` or ``error`` with a reason. Records go to the journal as they finish; the
outputs are then streamed from it (atomically), so memory does not grow with the class.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterator

from .grading import Grader, GraderFailure
from .journal import Journal
from .results import Result, Summary
from .submission import Source
from .writers import grades_csv, results_json


def key(source: Source) -> str:
    """What identifies a submission across a crash: its student id and where it came from."""
    return f"{source.student_id}\t{source.path.resolve()}"


def run_batch(grader: Grader, sources: list[Source], out_dir: Path, *, resume: bool = False,
              progress: Callable[[Result], None] | None = None) -> tuple[list[Summary], GraderFailure | None]:
    """Grade ``sources`` (skipping those journaled when ``resume``) and write the outputs."""
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
                result = read(key(source)) if key(source) in journal else Result.failed(
                    source.student_id, grader.assignment.id, 0.0,
                    f"not graded: {failure} (not your fault; your instructor will re-run it)")
                summaries.append(result.summary())
                yield result

        results_json.write(records(), Path(out_dir) / "results.json")
    grades_csv.write(summaries, Path(out_dir) / "grades.csv")
    return summaries, failure
