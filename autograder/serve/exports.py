"""The instructor's downloads of one assignment, made by the package's own writers.

Each student's latest submission, its score the one that counts (after the late penalty,
``Service.results``): ``grades.csv`` and ``results.json`` as ``autograder run`` writes them (the
JSON keeps its figures inline: one file), ``canvas.csv`` for Canvas's gradebook import (the
roster's names and sections), ``gradebook.db`` an nbgrader gradebook (``write_scores`` into a new
SQLite file), and ``submissions.zip`` with each student's latest files as ``<student_id>/<name>``.
"""
from __future__ import annotations

import csv
import io
import tempfile
import zipfile
from pathlib import Path

from sqlalchemy import select

from ..catalog import CatalogError
from ..writers import canvas_csv, grades_csv, results_json
from .models import Student

KINDS = {
    "grades.csv": "text/csv; charset=utf-8",
    "canvas.csv": "text/csv; charset=utf-8",
    "results.json": "application/json",
    "gradebook.db": "application/vnd.sqlite3",
    "submissions.zip": "application/zip",
}


class ExportError(Exception):
    """The file cannot be made from these results (the nbgrader gradebook refuses them); says why."""


def export(service, assignment: str, kind: str) -> bytes:
    """The file ``kind`` (one of ``KINDS``) of ``assignment``; KeyError for another kind."""
    make = {"grades.csv": _grades, "canvas.csv": _canvas, "results.json": _results,
            "gradebook.db": _gradebook, "submissions.zip": _zip}[kind]
    return make(service, assignment)


def _grades(service, assignment: str) -> bytes:
    return "".join(grades_csv.chunks(service.results(assignment))).encode("utf-8")


def _results(service, assignment: str) -> bytes:
    return "".join(results_json.chunks(service.results(assignment))).encode("utf-8")


def _canvas(service, assignment: str) -> bytes:
    results = service.results(assignment)
    with service.db.session() as s:
        students = {st.id: st for st in s.scalars(select(Student).where(
            Student.id.in_([r.student_id for r in results])))} if results else {}
        roster = {sid: {"Student": st.name or sid, "ID": "", "SIS User ID": "", "SIS Login ID": sid,
                        "Section": st.section} for sid, st in students.items()}
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(canvas_csv.table(results, roster=roster, keep_unmatched=True))
    return buf.getvalue().encode("utf-8")


def _gradebook(service, assignment: str) -> bytes:
    from ..integrations import nbgrader_gradebook  # nbgrader is slow to import: only when asked

    results = service.results(assignment)
    with tempfile.TemporaryDirectory(prefix="autograder-gradebook-") as folder:
        path = Path(folder) / "gradebook.db"
        try:
            nbgrader_gradebook.write_scores(results, f"sqlite:///{path}")
        except (CatalogError, nbgrader_gradebook.GradebookMismatch) as exc:
            raise ExportError(str(exc)) from exc
        return path.read_bytes()


def _zip(service, assignment: str) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for sub in service.latest(assignment):
            folder = Path(sub.folder) if sub.folder else None
            for name in sub.files:
                path = stored_file(service, folder, name)
                if path is not None:
                    z.write(path, f"{sub.student_id}/{name}")
    return buf.getvalue()


def stored_file(service, folder: Path | None, name: str) -> Path | None:
    """The stored file ``name`` of a submission's ``folder``, only when it is a plain file inside
    the uploads folder (a name is never joined to a path unchecked)."""
    if folder is None or not name or "/" in name or "\\" in name or name in (".", ".."):
        return None
    path = (folder / name).resolve()
    root = service.uploads.resolve()
    if path.parent != folder.resolve() or root not in path.parents or not path.is_file():
        return None
    return path
