"""The hint that goes with a named mistake: the course's declared ones, and a few shared by any course.

A mistake of an assignment is declared once, with its hint, in that assignment's ``mistakes.py``
(``autograder.mistakes``). Here are only the misconceptions no single assignment owns (NumPy 2's
removed aliases) and the exceptions that show one. A suite names the candidates for a check
(``check.array(..., variants={id: value})``), computing each wrong variant with trusted code in
the grader; when the student's answer matches one, its hint is added to the feedback and its id
recorded on the test result.
"""
from __future__ import annotations

from .. import mistakes, mutants
from .messages import pick

SHARED: dict[str, dict[str, str]] = {
    "numpy_removed_alias": {
        "en": "this name was removed from numpy: write int and float for np.int and np.float (e.g. (x > 0).astype(int)), "
              "np.float64 for np.float_, np.nan and np.inf for np.NaN and np.Inf, np.prod and np.cumprod for np.product "
              "and np.cumproduct, np.all and np.any for np.alltrue and np.sometrue.",
        "ko": "numpy 에서 없어진 이름입니다: np.int 와 np.float 대신 int 와 float (예: (x > 0).astype(int)), np.float_ 대신 "
              "np.float64, np.NaN 과 np.Inf 대신 np.nan 과 np.inf, np.product 와 np.cumproduct 대신 np.prod 와 np.cumprod, "
              "np.alltrue 와 np.sometrue 대신 np.all 과 np.any 를 쓰세요.",
    },
}


# Names NumPy removed whose AttributeError is a bare "module 'numpy' has no attribute 'NAME'": the
# builtin aliases (np.bool and np.long only before NumPy 2, which defines them again), the
# 0-suffixed scalar types, and functions removed with no message of their own (np.trapz and
# np.in1d since 2.4). Every other name NumPy 2.0 removed (np.float_, np.complex_, np.NaN, np.Inf,
# np.NINF, np.PINF, np.infty, np.alltrue, np.sometrue, np.round_, np.asfarray, np.mat, ...) says
# so in its own message: REMOVED_IN_2.
BARE_REMOVED = ("int", "float", "bool", "complex", "object", "str", "unicode", "long",
                "bool8", "int0", "uint0", "object0", "str0", "bytes0", "void0",
                "product", "cumproduct", "trapz", "in1d", "msort", "asscalar", "alen", "rank")
REMOVED_IN_2 = "was removed in the NumPy 2.0 release"

# Mistakes recognised from the exception the student's code raised: (type, text in the message) → id
FROM_EXCEPTIONS = [
    *(("AttributeError", f"numpy' has no attribute '{name}'", "numpy_removed_alias") for name in BARE_REMOVED),
    ("AttributeError", REMOVED_IN_2, "numpy_removed_alias"),
]


def from_exception(exc_type: str, message: str) -> str | None:
    """The misconception an exception of the student's code shows, if it is a known one."""
    return next((m for t, text, m in FROM_EXCEPTIONS if exc_type == t and text in message), None)


def hints() -> dict[str, dict[str, str]]:
    """Every hint there is: the course's declared mistakes and the shared ones."""
    return {**mistakes.hints(), **SHARED}


def known(misconception: str | None) -> bool:
    """Whether ``misconception`` has a hint: a declared or shared mistake, or an edit of the reference (``mutants``)."""
    return bool(misconception) and (misconception in hints() or mutants.parse(misconception) is not None)


def hint(misconception: str, lang: str = "en") -> str:
    """The hint of ``misconception`` in ``lang`` (KeyError for an id nobody declared)."""
    if mutants.parse(misconception) is not None:
        return mutants.hint(misconception, lang)
    entry = hints()[misconception]
    return pick(entry, lang)


def with_hint(feedback: str, misconception: str | None, lang: str = "en") -> str:
    """``feedback`` followed by "Likely mistake: <hint>" (unchanged when there is none)."""
    if not misconception:
        return feedback
    from .messages import render

    return feedback.rstrip(". ") + ". " + render("likely_mistake", lang, hint=hint(misconception, lang))
