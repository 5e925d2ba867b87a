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

A record that is not ``graded`` carries no number: no ``score`` and no scored tests, only an
``output`` that says the submission could not be graded (``error``, with the reason) or that the
autograder failed (``grader_failed``: not the student's fault, staff will re-run it), and the
status in ``extra_data``. The stable test id of each test is in its ``extra_data``.
"""
from __future__ import annotations

import json
from pathlib import Path

from ..results import Result, TestResult
from . import write_atomic

STATUS = {"passed": "passed"}  # failed, error, timeout → "failed"; extra_data keeps ours
NOT_GRADED = "Your submission could not be graded: {reason}"
GRADER_FAILED = ("The autograder failed on this submission (not your fault); your instructor has been told "
                 "and will re-run it. 채점기가 이 제출물을 채점하지 못했습니다 (학생 잘못이 아닙니다). "
                 "담당 교수자가 다시 채점합니다.")


def _test(number: int, t: TestResult) -> dict:
    extra = {"status": t.status, "id": t.id} | ({"misconception": t.misconception} if t.misconception else {})
    return {"name": t.name, "number": str(number), "score": t.score, "max_score": t.max_score,
            "status": STATUS.get(t.status, "failed"), "output": t.feedback, "visibility": t.visibility,
            "extra_data": extra}


def _staff(name: str, text: str) -> dict:
    return {"name": name, "score": 0.0, "max_score": 0.0, "status": "passed", "output": text,
            "visibility": "hidden"}


def to_dict(result: Result) -> dict:
    """The ``results.json`` object for ``result``."""
    tests = [_test(n, t) for n, t in enumerate(result.tests, start=1)]
    staff = [_staff(f"autograder failure in: {t.name} (staff only)", t.grader_error)
             for t in result.tests if t.grader_error]
    staff += [_staff(f"printed during {t.name} (staff only)", t.output)
              for t in result.tests if t.output and t.visibility != "visible"]
    if result.output:
        staff.append(_staff("what the submission printed (staff only)", result.output))
    if not result.graded:
        output = GRADER_FAILED if result.status == "grader_failed" else NOT_GRADED.format(reason=result.reason)
        if result.status == "grader_failed" and result.reason:
            staff.insert(0, _staff("why the autograder failed (staff only)", result.reason))
        return {"execution_time": round(result.duration, 3), "output": output, "stdout_visibility": "hidden",
                "tests": staff, "extra_data": {"status": result.status}}
    return {
        "score": result.score,
        "execution_time": round(result.duration, 3),
        "output": "",
        "stdout_visibility": "hidden",
        "tests": tests + staff,
    }


def write(result: Result, path: Path) -> None:
    text = json.dumps(to_dict(result), indent=2, ensure_ascii=False, allow_nan=False)
    write_atomic(path, text + "\n")
