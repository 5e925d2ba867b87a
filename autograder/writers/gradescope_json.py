"""Gradescope's ``results.json`` for one submission (Gradescope autograder specification).

Top level: ``score``, ``execution_time`` (seconds), ``output`` (shown to the student),
``stdout_visibility`` (``hidden``: run_autograder's stdout is for staff), ``tests``. Each test:
``name``, ``number``, ``score``, ``max_score``, ``status`` (``passed`` | ``failed``), ``output``
(the feedback), ``visibility`` (``visible``, ``hidden`` or ``after_due_date``, as in the suite),
``extra_data`` (the autograder status and misconception, stored, not shown).

Gradescope never shows a ``hidden`` test to students, and hides the total score while any test
is hidden; so nothing shown (``output``) repeats the total or the student's printed output.
Staff-only text goes into ``hidden`` entries worth 0 points: the grader's traceback of a test
it failed to run, and what the student's code printed (it may echo hidden inputs).
"""
from __future__ import annotations

import json
from pathlib import Path

from ..results import Result, TestResult
from . import write_atomic

STATUS = {"passed": "passed"}  # failed, error, timeout → "failed"; extra_data keeps ours
NOT_GRADED = "Your submission could not be graded: {reason}"


def _test(number: int, t: TestResult) -> dict:
    extra = {"status": t.status} | ({"misconception": t.misconception} if t.misconception else {})
    return {"name": t.name, "number": str(number), "score": t.score, "max_score": t.max_score,
            "status": STATUS.get(t.status, "failed"), "output": t.feedback, "visibility": t.visibility,
            "extra_data": extra}


def _staff(name: str, text: str) -> dict:
    return {"name": name, "score": 0.0, "max_score": 0.0, "status": "passed", "output": text,
            "visibility": "hidden"}


def to_dict(result: Result) -> dict:
    """The ``results.json`` object for ``result``."""
    tests = [_test(n, t) for n, t in enumerate(result.tests, start=1)]
    tests += [_staff(f"autograder failure in: {t.name} (staff only)", t.grader_error)
              for t in result.tests if t.grader_error]
    if result.output:
        tests.append(_staff("what the submission printed (staff only)", result.output))
    return {
        "score": result.score,
        "execution_time": round(result.duration, 3),
        "output": NOT_GRADED.format(reason=result.reason) if result.status != "graded" else "",
        "stdout_visibility": "hidden",
        "tests": tests,
    }


def write(result: Result, path: Path) -> None:
    text = json.dumps(to_dict(result), indent=2, ensure_ascii=False, allow_nan=False)
    write_atomic(path, text + "\n")
