"""``grades.csv``: ``student_id,assignment,score,max_score,status``, one row per submission.

Only a ``graded`` record has a number in ``score``; an ``error`` (ungradable files) or
``grader_failed`` row leaves it empty, so an LMS import never turns "not graded" into a zero.
"""
import csv
import io
from pathlib import Path
from typing import Iterable, Iterator

from ..results import Result
from . import cell, write_atomic

COLUMNS = ("student_id", "assignment", "score", "max_score", "status")


def write(results: Iterable[Result], path: Path) -> None:
    write_atomic(path, chunks(results))


def chunks(results: Iterable[Result]) -> Iterator[str]:
    yield _row(COLUMNS)
    for r in results:
        yield _row([cell(r.student_id), cell(r.assignment), _num(r.score) if r.graded else "", _num(r.max_score),
                    r.status])


def _row(values) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow(values)
    return buf.getvalue()


def _num(x: float) -> str:
    return f"{x:g}" if float(x).is_integer() else f"{x:.4f}".rstrip("0")
