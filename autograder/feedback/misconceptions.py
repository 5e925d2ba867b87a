"""The hint that goes with a named mistake: the course's declared ones, and a few shared by any course.

A mistake of an assignment is declared once, with its hint, in that assignment's ``mistakes.py``
(``autograder.mistakes``). Here are only the misconceptions no single assignment owns (NumPy 2's
removed aliases) and the exceptions that show one. A suite names the candidates for a check
(``check.array(..., variants={id: value})``), computing each wrong variant with trusted code in
the grader; when the student's answer matches one, its hint is added to the feedback and its id
recorded on the test result.
"""
from __future__ import annotations

from .. import mistakes

SHARED: dict[str, dict[str, str]] = {
    "numpy_removed_alias": {
        "en": "np.int, np.float and np.bool were removed from numpy: use int, float, bool (e.g. (x > 0).astype(int)).",
        "ko": "np.int, np.float, np.bool 은 numpy 에서 없어졌습니다: int, float, bool 을 쓰세요 (예: (x > 0).astype(int)).",
    },
}


# Mistakes recognised from the exception the student's code raised: (type, text in the message) → id
FROM_EXCEPTIONS = [
    ("AttributeError", "numpy' has no attribute 'int'", "numpy_removed_alias"),
    ("AttributeError", "numpy' has no attribute 'float'", "numpy_removed_alias"),
    ("AttributeError", "numpy' has no attribute 'bool'", "numpy_removed_alias"),
]


def from_exception(exc_type: str, message: str) -> str | None:
    """The misconception an exception of the student's code shows, if it is a known one."""
    return next((m for t, text, m in FROM_EXCEPTIONS if exc_type == t and text in message), None)


def hints() -> dict[str, dict[str, str]]:
    """Every hint there is: the course's declared mistakes and the shared ones."""
    return {**mistakes.hints(), **SHARED}


def known(misconception: str | None) -> bool:
    return bool(misconception) and misconception in hints()


def hint(misconception: str, lang: str = "en") -> str:
    """The hint of ``misconception`` in ``lang`` (KeyError for an id nobody declared)."""
    entry = hints()[misconception]
    return entry.get(lang) or entry["en"]


def with_hint(feedback: str, misconception: str | None, lang: str = "en") -> str:
    """``feedback`` followed by "Likely mistake: <hint>" (unchanged when there is none)."""
    if not misconception:
        return feedback
    from .messages import render

    return feedback.rstrip(". ") + ". " + render("likely_mistake", lang, hint=hint(misconception, lang))
