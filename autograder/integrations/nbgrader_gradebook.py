"""Write ``Result`` scores into an nbgrader gradebook (nbgrader's own ``Gradebook`` API).

``write_scores(results, "sqlite:///course/gradebook.db")`` gives each student a submission of
the assignment and sets each test's grade (``auto_score``) to the score ``autograder run`` gave:
the grade cell of a test is the one ``autograder nbgrader-course`` generates for it
(``nbgrader_course.grade_id``, in notebook ``<assignment>``), so ``nbgrader export`` and the
formgrader then show these scores. Into a gradebook that lacks the assignment, the assignment,
its notebook and one grade cell per test are created first.

- Only a ``graded`` record is written. A record that is not (``error``: the files could not be
  graded; ``grader_failed``: the grader failed on it) is left out and reported in
  ``Written.skipped``: the gradebook keeps whatever it had, never a made-up 0.
"""
from __future__ import annotations

import warnings
from dataclasses import dataclass, field

from nbgrader.api import Gradebook, MissingEntry

from ..results import Result
from .. import catalog
from .nbgrader_course import grade_id


class GradebookMismatch(ValueError):
    """The gradebook's assignment does not have this suite's grade cells; the message says which."""


@dataclass
class Written:
    """What ``write_scores`` did: ``scores`` maps (assignment, student) → total written."""

    scores: dict = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)


def write_scores(results: list[Result], db_url: str, *, course_id: str | None = None) -> Written:
    """Write every result's per-test scores into the gradebook at ``db_url``.

    ``course_id`` defaults to the gradebook's only course (``"default_course"`` if it has none).
    Raises ``GradebookMismatch`` when an existing assignment lacks a test's grade cell or gives it
    other points, and ``catalog.CatalogError`` when a result was graded by another suite version.
    """
    written = Written()
    with warnings.catch_warnings(), Gradebook(db_url, course_id or _only_course(db_url)) as gb:
        # nbgrader's add_submission builds rows before adding them; SQLAlchemy 2 warns, harmlessly
        warnings.filterwarnings("ignore", message=".*not in session, add operation along")
        for assignment_id in dict.fromkeys(r.assignment for r in results):
            specs = catalog.tests(assignment_id)
            group = [r for r in results if r.assignment == assignment_id]
            for result in group:  # every result matches the suite before anything is written
                catalog.pair(result, specs)
            _ensure_assignment(gb, assignment_id, specs)
            for result in group:
                if not result.graded:
                    written.skipped.append(f"{result.student_id}: {result.status} ({result.reason})")
                    continue
                written.scores[(assignment_id, result.student_id)] = _write_one(gb, result, specs)
    return written


def _only_course(db_url: str) -> str:
    from sqlalchemy import create_engine, inspect, text

    engine = create_engine(db_url)
    try:
        if not inspect(engine).has_table("course"):
            return "default_course"
        with engine.connect() as conn:
            ids = [row[0] for row in conn.execute(text("SELECT id FROM course"))]
    finally:
        engine.dispose()
    return ids[0] if len(ids) == 1 else "default_course"


def _ensure_assignment(gb: Gradebook, assignment_id: str, specs: list[catalog.TestSpec]) -> None:
    try:
        gb.find_assignment(assignment_id)
    except MissingEntry:
        gb.add_assignment(assignment_id)
        gb.add_notebook(assignment_id, assignment_id)
        for spec in specs:
            gb.add_grade_cell(grade_id(assignment_id, spec), assignment_id, assignment_id,
                              max_score=spec.points, cell_type="code")
        return
    for spec in specs:
        name = grade_id(assignment_id, spec)
        try:
            cell = gb.find_grade_cell(name, assignment_id, assignment_id)
        except MissingEntry:
            raise GradebookMismatch(f"gradebook assignment {assignment_id} has no grade cell {name!r} "
                                    f"({spec.id}) in notebook {assignment_id}: generate the course with "
                                    "`autograder nbgrader-course`") from None
        if float(cell.max_score) != spec.points:
            raise GradebookMismatch(f"gradebook cell {name!r} ({spec.id}) of {assignment_id} is worth "
                                    f"{cell.max_score:g} points, the suite gives {spec.points:g}")


def _write_one(gb: Gradebook, result: Result, specs: list[catalog.TestSpec]) -> float:
    gb.update_or_create_student(result.student_id)
    gb.update_or_create_submission(result.assignment, result.student_id)
    outcomes = {spec.id: test for spec, test in catalog.pair(result, specs)}
    total = 0.0
    for spec in specs:
        grade = gb.find_grade(grade_id(result.assignment, spec), result.assignment, result.assignment,
                              result.student_id)
        test = outcomes.get(spec.id)
        if test is not None and test.grader_error is not None:
            grade.auto_score, grade.needs_manual_grade = None, True
            continue
        grade.auto_score = test.score if test is not None else 0.0
        grade.needs_manual_grade = False
        total += grade.auto_score
    gb.db.commit()
    return round(total, 4)
