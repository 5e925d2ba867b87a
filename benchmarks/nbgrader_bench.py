"""nbgrader on the same a2 submissions, turned into notebooks, in two real nbgrader courses:

- ``autograder``: laid out by ``autograder nbgrader-course`` (one autograded cell per suite test;
  the first cell grades the notebook with ``autograder`` in a fresh process, the others report);
- ``plain``: a minimal classic nbgrader course written here: one solution cell and one
  autograded cell of ``assert``s per function, on values taken from the reference solution.

For each: ``nbgrader generate_assignment``, copy every student's notebook (the released one
with their code in its solution cells) to ``submitted/<student>/a2_functions/``, then time
``nbgrader autograde a2_functions --create`` (which also adds the students to the gradebook).
"""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np

import generate
import measure
from autograder import course

A = "a2_functions"
NBGRADER = [sys.executable, "-m", "nbgrader"]

PLAIN_CONFIG = """c = get_config()  # noqa: F821
c.CourseDirectory.root = {root!r}
c.CourseDirectory.course_id = "bench"
"""

# One autograded cell per function: (grade_id, points, expressions). Each expression is evaluated
# on the reference here (the expected value) and on the student's code in the notebook.
PLAIN_TESTS = [
    ("step", 5, ["step(np.array([-1.0, 0.0, 2.0]))", "step(np.array([[1.0, -1.0], [0.0, 3.0]]))"]),
    ("sigmoid", 4, ["sigmoid(np.array([-1.0, 1.0, 2.0]))", "sigmoid(np.array([800.0, -800.0]))"]),
    ("relu", 2, ["relu(np.array([-1.0, 0.0, 2.0]))"]),
    ("leaky_relu", 2, ["leaky_relu(np.array([-1.0, 0.0, 2.0]))"]),
    ("identity_function", 1, ["identity_function(np.array([1.0, -2.0]))"]),
    ("softmax", 6, ["softmax(np.array([0.3, 2.9, 4.0]))", "softmax(np.array([1000.0, 1010.0]))",
                    "softmax(np.array([[1.0, 2.0], [3.0, 5.0]]))"]),
    ("MSE", 4, ["MSE(np.array([0.1, 0.05, 0.6, 0.0]), np.array([0.0, 0.0, 1.0, 0.0]))",
                "MSE(np.array([[1.0, 2.0], [3.0, 4.0]]), np.array([[1.0, 1.0], [1.0, 1.0]]))"]),
    ("SSE", 2, ["SSE(np.array([0.5]), np.array([0.7]))"]),
    ("RMSE", 2, ["RMSE(np.array([2.7, 4.2, 5.5]), np.array([3.0, 4.0, 5.0]))"]),
    ("CEE", 8, ["CEE(np.array([0.7, 0.3]), np.array([0, 1]))", "CEE(np.array([1.0, 0.0]), np.array([0, 1]))",
                "CEE(np.array([[0.7, 0.3], [0.2, 0.8]]), np.array([[0, 1], [0, 1]]))",
                "CEE(np.array([[0.7, 0.3], [0.2, 0.8]]), np.array([1, 1]))"]),
    ("BCE", 1, ["BCE(np.array([0.9, 0.2]), np.array([1.0, 0.0]))"]),
]


def _cell(kind: str, cell_id: str, source: str, nbgrader: dict) -> dict:
    cell = {"cell_type": kind, "id": cell_id, "source": source,
            "metadata": {"nbgrader": {"schema_version": 3, "task": False, "grade_id": cell_id, **nbgrader}}}
    if kind == "code":
        cell.update(execution_count=None, outputs=[])
    return cell


def _plain_notebook() -> dict:
    reference = (course.solutions_dir(A) / "functions.py").read_text()
    namespace: dict = {}
    exec(compile(reference, "functions.py", "exec"), namespace)  # the reference, to compute expectations
    solution = f"### BEGIN SOLUTION\n{reference}\n### END SOLUTION"
    cells = [_cell("code", "functions", solution, {"solution": True, "grade": False, "locked": False})]
    for grade_id, points, expressions in PLAIN_TESTS:
        lines = ["import numpy as np"]
        for expression in expressions:
            expected = np.asarray(eval(expression, namespace), dtype=float).tolist()  # noqa: S307 - ours
            lines.append(f"assert np.allclose(np.asarray({expression}, dtype=float), {expected!r}, atol=1e-6)")
        cells.append(_cell("code", f"test_{grade_id}", "\n".join(lines),
                           {"solution": False, "grade": True, "locked": True, "points": points}))
    return {"cells": cells, "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python",
                                                        "name": "python3"}},
            "nbformat": 4, "nbformat_minor": 5}


def layout(kind: str, root: Path) -> None:
    """Write the course's config and source notebook, then ``nbgrader generate_assignment``."""
    shutil.rmtree(root, ignore_errors=True)
    if kind == "autograder":
        subprocess.run([sys.executable, "-m", "autograder", "nbgrader-course", str(root), "--assignment", A,
                        "--force"], check=True, capture_output=True)
    else:
        source = root / "source" / A / f"{A}.ipynb"
        source.parent.mkdir(parents=True)
        source.write_text(json.dumps(_plain_notebook(), indent=1))
        (root / "nbgrader_config.py").write_text(PLAIN_CONFIG.format(root=str(root)))
    subprocess.run(NBGRADER + ["generate_assignment", A, "--force"], cwd=root, check=True, capture_output=True)


def submit(root: Path, students: dict[str, str]) -> dict[str, Path]:
    """Student id → their notebook in ``submitted/`` (released notebook + their code)."""
    release = json.loads((root / "release" / A / f"{A}.ipynb").read_text())
    paths = {}
    for student, code in students.items():
        path = root / "submitted" / student / A / f"{A}.ipynb"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(generate.to_notebook(release, code), indent=1))
        paths[student] = path
    return paths


def autograde(root: Path) -> measure.Run:
    return measure.run(NBGRADER + ["autograde", A, "--create", "--force"], cwd=root)


def scores(root: Path) -> dict[str, float]:
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gradebook:
        return {s.student_id: s.score for s in gradebook.assignment_submissions(A)}
