"""What an nbgrader autograded test cell runs: ``run_test(assignment, test_id)``.

Why nbgrader's scores equal ``autograder run``'s:

- The notebook has one autograded test cell per suite test, worth that test's points, its
  ``grade_id`` the test's function name (``nbgrader_course``).
- The first test cell to run grades the notebook *file*, read as ``autograder run`` reads it
  (``notebook.extract``: the solution cells), with the same student id and salt, by the same
  ``Grader``; the ``Result`` is cached in the kernel, so the suite runs once per notebook. Each
  cell then reports its own test:
  - some points: the cell's value is the score, a plain ``float``. nbgrader takes a numeric
    result as the cell's points (``nbgrader.utils.determine_grade`` → ``get_partial_grade``);
  - no points: the cell raises ``TestFailed`` with the feedback (an erroring cell scores 0, and
    nbgrader's views mark it failed);
  - the grader failed: the cell raises ``GraderError`` (0 in nbgrader; the message says it is
    not the student's fault, so the instructor regrades).
- Which file and student: ``nbgrader autograde`` runs the kernel in
  ``autograded/<student>/<assignment>/``, where it has just written the sanitized submission it
  executes (``<assignment>.ipynb``, instructor cells restored). The student id is that folder's
  parent's name (nbgrader's default layout) unless ``AUTOGRADER_STUDENT_ID`` is set; the salt is
  ``AUTOGRADER_SALT``, as for ``autograder run``.

Trust boundary: grading runs in a fresh ``python -m autograder.integrations.nbgrader_cells``
process (the reference and the suite live there), which runs student code only in its sandboxed
worker; the kernel receives scores only. nbgrader itself trusts the kernel, though: the student's
cells ran there first and could forge any test cell's output, as with nbgrader's own assert
cells. Where that matters, grade the submitted notebooks with ``autograder run`` and write the
scores into the gradebook (``nbgrader_gradebook.write_scores``).

Outside nbgrader (a student's own Jupyter) the hidden reference is absent: the cell says how to
check with ``autograder check`` and returns nothing. Nothing here writes to stderr, which
nbgrader would score as a failed cell. Kernel-side code uses the standard library only.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

MODULE = "autograder.integrations.nbgrader_cells"
STUDENT_ENV = "AUTOGRADER_STUDENT_ID"
HINT = ("This test is graded when your instructor runs nbgrader. To check your work now, save the "
        "notebook and run in a terminal:\n    autograder check {a} {name}\n"
        "이 테스트는 제출 후 채점됩니다. 지금 확인하려면 노트북을 저장하고 터미널에서 위 명령을 실행하세요.")

_graded: dict[tuple, dict] = {}  # this kernel's gradings: one per notebook version, student, salt, language


class _Short:
    def _render_traceback_(self) -> list[str]:  # IPython shows this instead of a traceback
        return [f"{type(self).__name__}: {self}"]


class TestFailed(_Short, AssertionError):
    """The test earned no points; the message is the student's feedback."""

    __test__ = False


class GraderError(_Short, RuntimeError):
    """Grading itself failed: not the student's fault. The instructor regrades."""


def run_test(assignment_id: str, test_id: str, *, lang: str = "en", notebook: str | None = None) -> float | None:
    """This test's score in the notebook being graded (a ``float``, shown as the cell's value).

    Raises ``TestFailed`` (feedback) for 0 points and ``GraderError`` when grading failed.
    ``notebook`` defaults to ``<assignment_id>.ipynb`` in the working directory.
    """
    path = Path(notebook) if notebook else Path.cwd() / f"{assignment_id}.ipynb"
    if "NBGRADER_EXECUTION" not in os.environ and not _reference_present(assignment_id):
        print(HINT.format(a=assignment_id, name=path.name))
        return None
    graded = _grade(assignment_id, path, lang)
    if graded["status"] == "grader_failed":
        raise GraderError(graded["reason"])
    if graded["status"] != "graded":
        raise TestFailed(graded["reason"])
    test = graded["tests"].get(test_id)
    if test is None:
        raise GraderError(f"{assignment_id} has no test {test_id!r}: regenerate the course with the current suite")
    if test["grader_error"]:
        raise GraderError(f"{test['name']}: {test['feedback']}")
    if test["score"] <= 0:
        raise TestFailed(f"{test['name']}: {test['feedback'] or test['status']}")
    if test["score"] < test["max_score"]:
        print(f"partly right ({test['score']:g} of {test['max_score']:g}): {test['name']}\n{test['feedback']}")
    else:
        print(f"✓ {test['name']}")
    return float(test["score"])


def _reference_present(assignment_id: str) -> bool:
    from .. import course  # standard library only

    return course.solutions_dir(assignment_id).is_dir()


def _student_id() -> str:
    return os.environ.get(STUDENT_ENV) or Path.cwd().parent.name


def _grade(assignment_id: str, path: Path, lang: str) -> dict:
    """The grading of ``path`` for this kernel's student, from the cache or a grader process."""
    if not path.is_file():
        raise GraderError(f"cannot find the notebook to grade: {path}")
    stat = path.stat()
    student, salt = _student_id(), os.environ.get("AUTOGRADER_SALT", "")
    key = (assignment_id, str(path.resolve()), stat.st_mtime_ns, stat.st_size, student, salt, lang)
    if key not in _graded:
        with tempfile.TemporaryDirectory(prefix="ag-nbgrader-") as tmp:
            out = Path(tmp) / "graded.json"
            cmd = [sys.executable, "-m", MODULE, assignment_id, str(path.resolve()),
                   "--student", student, "--lang", lang, "--out", str(out)]
            proc = subprocess.run(cmd, cwd=tmp, capture_output=True, text=True)
            if not out.exists():
                detail = (proc.stderr or proc.stdout).strip().splitlines()[-1:] or [f"exit code {proc.returncode}"]
                raise GraderError(f"the autograder could not grade {path.name}: {detail[0]}")
            graded = json.loads(out.read_text(encoding="utf-8"))
        if graded["status"] == "grader_failed":
            return graded  # not cached: the next cell tries again
        _graded[key] = graded
    return _graded[key]


# -- the grader side: a fresh process, never the kernel ---------------------------------------

def payload(result, specs) -> dict:
    """What the kernel needs from a ``Result``: each test's score and feedback by test id."""
    from .. import catalog

    tests = {spec.id: {"name": t.name, "score": t.score, "max_score": t.max_score, "status": t.status,
                       "feedback": t.feedback, "grader_error": t.grader_error is not None}
             for spec, t in catalog.pair(result, specs)}
    return {"status": result.status, "reason": result.reason, "score": result.score,
            "max_score": result.max_score, "tests": tests}


def _source(assignment, student: str, notebook: Path, staging: Path):
    """The notebook as ``autograder run`` would see it; with the earlier assignments' modules
    found next to it when this assignment imports them."""
    from .. import course
    from ..submission import Source

    if not assignment.depends:
        return Source(student, notebook)
    folder = staging / student
    folder.mkdir(parents=True)
    shutil.copyfile(notebook, folder / notebook.name)
    for dep in assignment.depends:
        for name in course.get(dep).files:
            if (notebook.parent / name).is_file():
                shutil.copyfile(notebook.parent / name, folder / name)
    return Source(student, folder)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog=MODULE, description="grade one notebook for nbgrader test cells")
    p.add_argument("assignment")
    p.add_argument("notebook", type=Path)
    p.add_argument("--student", required=True)
    p.add_argument("--lang", choices=("en", "ko"), default="en")
    p.add_argument("--out", type=Path, required=True)
    args = p.parse_args(argv)
    from .. import course
    from ..grading import Grader, GraderFailure
    from .. import catalog

    staging = Path(tempfile.mkdtemp(prefix="ag-nbgrader-stage-"))
    try:
        grader = Grader(args.assignment, lang=args.lang, salt=os.environ.get("AUTOGRADER_SALT", ""))
        source = _source(course.get(args.assignment), args.student, args.notebook, staging)
        graded = payload(grader.grade([source])[0], catalog.tests(args.assignment))
        code = 0
    except (GraderFailure, catalog.CatalogError) as exc:
        graded, code = {"status": "grader_failed", "reason": f"{exc} (not your fault)"}, 1
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    args.out.write_text(json.dumps(graded, ensure_ascii=False), encoding="utf-8")
    return code


if __name__ == "__main__":
    sys.exit(main())
