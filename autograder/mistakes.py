"""Declared mistakes: each assignment's ``mistakes.py`` says once what a mistake is and costs.

A course author writes, in ``source_lib/<a>/mistakes.py``::

    from autograder.mistakes import Mistake

    MISTAKES = [
        Mistake("cee_sign", "functions",
                edits=[("return -np.sum(", "return np.sum(")],          # reference → the mistake
                hint={"en": "cross-entropy has a minus sign …", "ko": "교차 엔트로피에는 …"},
                costs={"CEE([0.7, 0.3], [0, 1]) is 1.2039725": 2.0}),   # test title → points lost
    ]

One declaration gives: the example submission ``examples/submissions/<a>/<id>/`` (``autograder
build`` applies the edits to the reference; each ``old`` must occur exactly once), the hint the
grader adds when a check names ``<id>`` (a suite's ``variants={"<id>": wrong_value}``), and what
the example tests expect of that example: exactly ``costs`` lost, and ``<id>`` named on each
test it fails and on no other example.

``names`` is the misconception the example should be named with when it is not the mistake's own
(a shared one such as ``numpy_removed_alias``, or one an earlier assignment declares); ``None``
with no hint: the grader names nothing (the feedback alone says what is wrong). A declaration
without ``edits`` is a misconception a suite names that has no bundled example.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

from . import course

SAME = "<own id>"


@dataclass(frozen=True)
class Mistake:
    id: str
    module: str | None = None
    edits: tuple = ()
    hint: dict | None = None
    costs: dict = field(default_factory=dict, hash=False)
    names: str | None = SAME

    def __post_init__(self):
        where = f"mistake {self.id!r}"
        if not self.id.isidentifier():
            raise course.CourseError(f"{where}: an id is a Python identifier")
        if self.hint is not None and not (isinstance(self.hint, dict) and isinstance(self.hint.get("en"), str)
                                          and isinstance(self.hint.get("ko"), str)):
            raise course.CourseError(f"{where}: hint must be {{'en': ..., 'ko': ...}}")
        if self.edits and not self.module:
            raise course.CourseError(f"{where}: edits need the module they change")
        if not all(isinstance(e, tuple) and len(e) == 2 and all(isinstance(s, str) for s in e) for e in self.edits):
            raise course.CourseError(f"{where}: edits are (old, new) pairs of strings")
        object.__setattr__(self, "edits", tuple(self.edits))
        if self.names == SAME:
            object.__setattr__(self, "names", self.id if self.hint else None)

    def apply(self, text: str, origin: str = "") -> str:
        """``text`` (the reference module) with this mistake's edits made."""
        for old, new in self.edits:
            if text.count(old) != 1:
                raise course.CourseError(f"{origin}: {self.id}: {old!r} occurs {text.count(old)} times "
                                         f"in {self.module}.py (it must occur exactly once)")
            text = text.replace(old, new)
        return text


def read(path: Path) -> list[Mistake]:
    """The ``MISTAKES`` list of one ``mistakes.py`` (empty when the file does not exist)."""
    if not path.is_file():
        return []
    namespace: dict = {"__name__": f"autograder_course_mistakes_{path.parent.name}", "__file__": str(path)}
    exec(compile(path.read_text(encoding="utf-8"), str(path), "exec"), namespace)
    found = namespace.get("MISTAKES")
    if not isinstance(found, list) or not all(isinstance(m, Mistake) for m in found):
        raise course.CourseError(f"{path}: MISTAKES must be a list of autograder.mistakes.Mistake")
    ids = [m.id for m in found]
    if len(ids) != len(set(ids)):
        raise course.CourseError(f"{path}: a mistake id is declared twice")
    return found


def of(assignment: course.Assignment) -> list[Mistake]:
    """The mistakes ``assignment`` declares."""
    return read(assignment.folder / "mistakes.py")


@functools.lru_cache(maxsize=8)
def _hints(root: Path) -> dict[str, dict[str, str]]:
    hints: dict[str, dict[str, str]] = {}
    for assignment in course.load(root).assignments.values():
        for mistake in read(assignment.folder / "mistakes.py"):
            if mistake.hint:
                if mistake.id in hints:
                    raise course.CourseError(f"mistake {mistake.id!r} is declared by two assignments")
                hints[mistake.id] = mistake.hint
    return hints


def hints() -> dict[str, dict[str, str]]:
    """Mistake id → its hint in each language, for every mistake the course in use declares."""
    return _hints(course.course_root())
