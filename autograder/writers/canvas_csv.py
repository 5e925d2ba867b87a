"""A gradebook CSV that Canvas imports (Grades → Import), one column per assignment.

Written to the rules of Canvas's importer (``app/models/gradebook_importer.rb``, with the
browser step ``process_gradebook_upload``), in the shape of Canvas's own export::

    Student,ID,SIS User ID,SIS Login ID,Section,a2_functions (48213)
    Points Possible,,,,,37
    "Kim, Alice",1234,2024001,alice,DL 101,35

- Header: ``Student`` then ``ID`` first; with ``SIS User ID`` and ``SIS Login ID`` in that
  order after them the importer counts five identity columns, and the last of them must be
  ``Section``. Every later column is an assignment: ``<title> (<Canvas assignment id>)``
  updates that assignment (``Assignment.title_and_id``); a bare title updates the assignment of
  that exact title, or makes Canvas create one worth the ``Points Possible`` row's value.
- A row whose first cell contains ``Points Possible`` gives each assignment's points (an empty
  cell leaves them alone); rows holding only ``Muted``/``Manual Posting`` are skipped.
- Canvas finds each row's student by ``ID`` (the Canvas user id), then ``SIS User ID``, then
  ``SIS Login ID``, then the ``Student`` name; a row it cannot place is an unknown student.
  Without a roster a student's ``student_id`` goes in ``Student`` and ``SIS Login ID``. With a
  roster (``read_roster``: a Canvas gradebook export) the row is the roster's, found by the
  student id equal to the roster's ``SIS Login ID``, else ``SIS User ID``, else ``ID``;
  students the roster does not have are left out (``unmatched`` names them) unless
  ``keep_unmatched``. A student enrolled in two sections is one row of Canvas's export (its
  ``Section`` cell names both) and one row here.
- An empty cell is not "no change" to Canvas: where Canvas already holds a grade, the import
  clears it (the importer compares the blank with the grade and posts the blank). So only a
  grade the grader defends becomes a number, and a student with no number in any column (every
  record not ``graded``: the grader failed on it, or its files could not be graded) gets no row
  at all, which leaves that student's grades in Canvas as they are (``left_out`` names them).
  A blank next to a number (several assignments, one of them not graded) does clear that grade.
"""
from __future__ import annotations

import csv
import io
from pathlib import Path

from .. import course
from ..results import Result
from . import cell, write_atomic

IDENTITY = ("Student", "ID", "SIS User ID", "SIS Login ID", "Section")
MATCH_ON = ("SIS Login ID", "SIS User ID", "ID")  # the student id is compared with these, in this order
POINTS_ROW = "Points Possible"


def _num(x: float) -> str:
    return f"{x:g}" if float(x).is_integer() else f"{x:.4f}".rstrip("0")


def needs_regrade(result: Result) -> bool:
    """The record has no grade to write (``Result.graded`` is false)."""
    return not result.graded


def _delimiter(first_line: str) -> str:
    """``;`` when the header splits into more fields on it (Canvas exports either, as its importer reads)."""
    def fields(sep: str) -> int:
        return len(next(csv.reader([first_line], delimiter=sep), []))

    return ";" if fields(";") > fields(",") else ","


def read_roster(path: Path) -> dict[str, dict[str, str]]:
    """Identity columns of a Canvas gradebook export, keyed by each student's ``SIS Login ID``,
    ``SIS User ID`` and ``ID`` (a value two students share goes to the one it names in the
    earlier column of ``MATCH_ON``, then to the earlier row). The ``Points Possible`` row and the
    ``Muted``/``Manual Posting`` row are not students."""
    with open(path, newline="", encoding="utf-8-sig") as f:
        text = f.read()
    rows = list(csv.DictReader(io.StringIO(text), delimiter=_delimiter(text.split("\n", 1)[0])))
    identities = [{k: (row.get(k) or "").strip() for k in IDENTITY} for row in rows
                  if POINTS_ROW not in (row.get("Student") or "")]
    roster: dict[str, dict[str, str]] = {}
    for key in MATCH_ON:
        for identity in identities:
            if identity[key]:
                roster.setdefault(identity[key], identity)
    return roster


def unmatched(results: list[Result], roster: dict | None) -> list[str]:
    """The student ids of ``results`` that ``roster`` has no row for (none without a roster)."""
    return sorted({r.student_id for r in results} - set(roster)) if roster is not None else []


def left_out(results: list[Result]) -> list[str]:
    """The student ids with no grade to write in any column: they get no row."""
    return sorted({r.student_id for r in results} - {r.student_id for r in results if not needs_regrade(r)})


def table(results: list[Result], *, roster: dict | None = None, columns: dict | None = None,
          keep_unmatched: bool = False) -> list[list[str]]:
    """The CSV's rows. ``columns`` maps an assignment id to its header (default: the id)."""
    columns = columns or {}
    order = [a for a in course.assignments() if any(r.assignment == a for r in results)]
    order += sorted({r.assignment for r in results} - set(order))
    possible = {a: max((r.max_score for r in results if r.assignment == a), default=0) for a in order}
    rows = [list(IDENTITY) + [columns.get(a, a) for a in order],
            [POINTS_ROW, "", "", "", ""] + [_num(possible[a]) if possible[a] else "" for a in order]]
    scores: dict[str, dict[str, str]] = {}
    for r in results:
        scores.setdefault(r.student_id, {})[r.assignment] = "" if needs_regrade(r) else _num(r.score)
    skip = set(left_out(results)) | (set() if keep_unmatched else set(unmatched(results, roster)))
    for student_id in sorted(set(scores) - skip):
        identity = (roster or {}).get(student_id) or dict.fromkeys(IDENTITY, "") | {
            "Student": student_id, "SIS Login ID": student_id}
        rows.append([cell(identity[k]) for k in IDENTITY] + [scores[student_id].get(a, "") for a in order])
    return rows


def write(results: list[Result], path: Path, *, roster: dict | None = None, columns: dict | None = None,
          keep_unmatched: bool = False) -> None:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(
        table(results, roster=roster, columns=columns, keep_unmatched=keep_unmatched))
    write_atomic(path, buf.getvalue())
