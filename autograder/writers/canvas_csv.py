"""A gradebook CSV that Canvas imports (Grades → Import), one column per assignment.

The shape Canvas's importer (``GradebookImporter``) reads::

    Student,ID,SIS User ID,SIS Login ID,Section,a2_functions (48213)
    Points Possible,,,,,37
    "Kim, Alice",1234,2024001,alice,DL 101,35

- Identity columns, in this order: Canvas matches a row by ``ID`` (Canvas user id), then
  ``SIS User ID``, then ``SIS Login ID``, then the ``Student`` name.
- One column per assignment: ``<title> (<Canvas assignment id>)`` updates that assignment; a
  bare title makes Canvas create a new assignment, worth the ``Points Possible`` row's value.
- Without a roster, a student's ``student_id`` goes in ``Student`` and ``SIS Login ID``. With a
  roster (``read_roster``: a Canvas gradebook export), the row is the roster's, matched on
  ``SIS Login ID``, ``SIS User ID`` or ``ID``.
- A cell is left empty (Canvas then changes nothing) when there is no result or the record is
  not ``graded`` (the grader failed on it, or its files could not be graded): only a grade the
  grader defends becomes a number.
"""
from __future__ import annotations

import csv
import io
from pathlib import Path

from .. import course
from ..results import Result
from . import cell, write_atomic

IDENTITY = ("Student", "ID", "SIS User ID", "SIS Login ID", "Section")
MATCH_ON = ("SIS Login ID", "SIS User ID", "ID")
POINTS_ROW = "Points Possible"


def _num(x: float) -> str:
    return f"{x:g}" if float(x).is_integer() else f"{x:.4f}".rstrip("0")


def needs_regrade(result: Result) -> bool:
    """The record has no grade to write (``Result.graded`` is false)."""
    return not result.graded


def read_roster(path: Path) -> dict[str, dict[str, str]]:
    """Identity columns of a Canvas gradebook export, keyed by each of ``MATCH_ON``'s values."""
    with open(path, newline="", encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    roster: dict[str, dict[str, str]] = {}
    for row in rows:
        if (row.get("Student") or "").strip().startswith(POINTS_ROW):
            continue
        identity = {k: (row.get(k) or "").strip() for k in IDENTITY}
        for key in MATCH_ON:
            if identity[key]:
                roster.setdefault(identity[key], identity)
    return roster


def table(results: list[Result], *, roster: dict | None = None, columns: dict | None = None) -> list[list[str]]:
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
    for student_id in sorted(scores):
        identity = (roster or {}).get(student_id) or dict.fromkeys(IDENTITY, "") | {
            "Student": student_id, "SIS Login ID": student_id}
        rows.append([cell(identity[k]) for k in IDENTITY] + [scores[student_id].get(a, "") for a in order])
    return rows


def write(results: list[Result], path: Path, *, roster: dict | None = None, columns: dict | None = None) -> None:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(table(results, roster=roster, columns=columns))
    write_atomic(path, buf.getvalue())
