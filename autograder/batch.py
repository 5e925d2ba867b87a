"""A batch for the command line: discover → skip what the journal has → grade → write outputs.

Every submission found appears exactly once in ``results.json`` and ``grades.csv``, in input
order, ``graded`` or ``error`` with a reason. Outputs are written atomically at the end; the
journal makes the batch resumable after a crash.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from .grading import Grader, GraderFailure
from .journal import Journal
from .results import Result
from .submission import Source
from .writers import grades_csv, results_json


def key(source: Source) -> str:
    """What identifies a submission across a crash: its student id and where it came from."""
    return f"{source.student_id}\t{source.path.resolve()}"


def run_batch(grader: Grader, sources: list[Source], out_dir: Path, *, resume: bool = False,
              progress: Callable[[Result], None] | None = None) -> tuple[list[Result], GraderFailure | None]:
    """Grade ``sources`` (skipping those journaled when ``resume``) and write the outputs."""
    journal = Journal(out_dir, grader.assignment.id, resume=resume)
    todo = [s for s in sources if key(s) not in journal.done]
    failure = None

    def finished(index: int, result: Result) -> None:
        journal.record(key(todo[index]), result)
        if progress:
            progress(result)

    try:
        grader.grade(todo, progress=finished)
    except GraderFailure as exc:
        failure = exc
    finally:
        journal.close()
    results = [journal.done.get(key(s)) for s in sources]
    if failure is not None:
        by_key = {key(s): r for s, r in zip(todo, failure.results)}
        results = [r or by_key[key(s)] for s, r in zip(sources, results)]
    results_json.write(results, Path(out_dir) / "results.json")
    grades_csv.write(results, Path(out_dir) / "grades.csv")
    return results, failure
