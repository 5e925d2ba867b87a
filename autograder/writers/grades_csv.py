"""``grades.csv``: ``student_id,assignment,score,max_score,status``, one row per submission."""
import csv
import io
from pathlib import Path

from ..results import Result
from . import write_atomic

COLUMNS = ("student_id", "assignment", "score", "max_score", "status")


def write(results: list[Result], path: Path) -> None:
    buf = io.StringIO()
    out = csv.writer(buf, lineterminator="\n")
    out.writerow(COLUMNS)
    for r in results:
        out.writerow([r.student_id, r.assignment, _num(r.score), _num(r.max_score), r.status])
    write_atomic(path, buf.getvalue())


def _num(x: float) -> str:
    return f"{x:g}" if float(x).is_integer() else f"{x:.4f}".rstrip("0")
