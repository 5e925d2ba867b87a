"""What happened in a test → its ``TestResult``; what a submission printed → what its record shows.

Plain functions, testable without pytest (the plugin calls them from its hooks):

- ``classify(spec, exc, lang)``: the test's outcome, from the exception its body raised (None:
  it passed). ``Mismatch`` (``checker.py``) → ``failed`` with its feedback and maybe a
  misconception; ``StudentError`` → ``error`` with the student's line; ``WorkerTimeout`` →
  ``timeout``; ``WorkerCrashed`` → ``error``; anything else is the grader's failure:
  ``grader_failed``, with a not-your-fault sentence and the staff-only traceback.
- ``unusable_answer``: a test the grader failed on whose reference run passed (the plugin's recheck).
- ``record``: the outcome with the test's title, points, visibility, id and printed output.
- ``shown_output``: what the student may see of what their code printed.
"""
from __future__ import annotations

import traceback
from typing import Iterable, Mapping

from .checker import Mismatch
from .feedback import messages, misconceptions
from .feedback.errors import student_error_text
from .feedback.messages import pick
from .problems import StudentError, WorkerCrashed, WorkerTimeout
from .results import TestResult
from .sandbox import Printed
from .testspec import Spec

STAFF_TRACEBACK = 4000  # characters kept of a grader failure's traceback (the last ones)


def classify(spec: Spec, exc: BaseException | None, lang: str) -> TestResult:
    """The outcome of a test worth ``spec.points`` whose body raised ``exc`` (None: it passed)."""
    if exc is None:
        return TestResult("", spec.points, spec.points, "passed")
    if isinstance(exc, Mismatch):
        return TestResult("", round(spec.points * exc.fraction, 4), spec.points, "failed",
                          pick(exc.feedback, lang), misconception=exc.misconception)
    if isinstance(exc, StudentError):
        known = misconceptions.from_exception(exc.type, exc.message)
        text = student_error_text(exc, lang, hidden=spec.visibility != "visible")
        return TestResult("", 0.0, spec.points, "error", misconceptions.with_hint(text, known, lang),
                          misconception=known)
    if isinstance(exc, WorkerTimeout):
        return TestResult("", 0.0, spec.points, "timeout", messages.render("timeout", lang, detail=str(exc)))
    if isinstance(exc, WorkerCrashed):
        return TestResult("", 0.0, spec.points, "error", messages.render("crashed", lang, detail=str(exc)))
    staff = "".join(traceback.format_exception(exc))[-STAFF_TRACEBACK:]
    return TestResult("", 0.0, spec.points, "grader_failed", grader_failed(lang), grader_error=staff)


def grader_failed(lang: str) -> str:
    """The student's sentence for a test the grader could not run (not their fault)."""
    return messages.render("grader_failed", lang)


def unusable_answer(grader_error: str, points: float, lang: str) -> TestResult:
    """The student's ``error`` for a test that broke the grader on this submission's answer while
    the reference passed it: the sentence names the exception's type (the traceback's last line)."""
    kind = grader_error.strip().splitlines()[-1].split(":")[0] if grader_error.strip() else "Exception"
    return TestResult("", 0.0, points, "error", messages.render("answer_unusable", lang, type=kind[:60]))


def record(outcome: TestResult | None, spec: Spec, test_id: str, printed: Iterable[Printed], lang: str) -> TestResult:
    """The test's record: its ``outcome`` (None: none was recorded, the grader's failure) with its
    title in ``lang``, points, visibility, ``test_id`` and what the code printed during it."""
    outcome = outcome or TestResult("", 0.0, 0.0, "grader_failed", grader_failed(lang))
    outcome.name = pick(spec.titles, lang)
    outcome.max_score = spec.points
    outcome.visibility = spec.visibility
    outcome.id = test_id
    outcome.output = "".join(printed_text(p, lang) for p in printed)
    return outcome


def shown_output(printed: Iterable[Printed], specs: Mapping[str, Spec], lang: str) -> str:
    """What the student may see of what their code printed: at import time and during visible
    tests (``specs``: nodeid → spec), each part under its title; never during a hidden or
    after-due-date test (it may echo the test's inputs: that stays in the test's own, staff-only,
    ``output``)."""
    parts = []
    for p in printed:
        spec = specs.get(p.nodeid)
        if p.module:
            label = f"{p.module}.py"
        elif spec is not None and spec.visibility == "visible":
            label = pick(spec.titles, lang)
        else:
            continue
        text = printed_text(p, lang)
        parts.append(f"--- {label} ---\n{text}" + ("" if text.endswith("\n") else "\n"))
    return "".join(parts)


def printed_text(p: Printed, lang: str) -> str:
    """A piece of printed output, with a marker where the grader cut it."""
    if not p.cut:
        return p.text
    newline = "\n" if p.text and not p.text.endswith("\n") else ""
    return f"{p.text}{newline}{messages.render('output_truncated', lang)}\n"
