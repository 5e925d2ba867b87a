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
        if self.names not in (None, SAME) and not (isinstance(self.names, str) and self.names.isidentifier()):
            raise course.CourseError(f"{where}: names must be a mistake id (a string) or None")
        if not isinstance(self.costs, dict) or not all(isinstance(k, str) and isinstance(v, (int, float))
                                                       and not isinstance(v, bool) for k, v in self.costs.items()):
            raise course.CourseError(f"{where}: costs must map test titles to points")
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
    try:
        exec(compile(path.read_text(encoding="utf-8"), str(path), "exec"), namespace)
    except course.CourseError as exc:
        raise course.CourseError(f"{path}: {exc}") from None
    except Exception as exc:  # noqa: BLE001 - a course author's file: say where and what, not a traceback
        raise course.CourseError(f"{path}: {type(exc).__name__}: {exc}") from None
    found = namespace.get("MISTAKES")
    if not isinstance(found, list) or not all(isinstance(m, Mistake) for m in found):
        raise course.CourseError(f"{path}: MISTAKES must be a list of autograder.mistakes.Mistake")
    ids = [m.id for m in found]
    twice = sorted({i for i in ids if ids.count(i) > 1})
    if twice:
        raise course.CourseError(f"{path}: mistake id(s) declared twice: {', '.join(twice)}")
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


def problems(assignment: course.Assignment, shared: set[str] = frozenset()) -> list[str]:
    """What is wrong with the mistakes ``assignment`` declares, each naming its file: a file that
    does not load, an edit that does not apply once to the built reference, a module that is not
    the assignment's, a ``names`` no mistake of the course (nor ``shared``) gives a hint for.
    Empty when all is well. The preflight asks it, so no batch starts on a broken declaration."""
    path = assignment.folder / "mistakes.py"
    try:
        declared = of(assignment)
        known = set(hints()) | set(shared)
    except course.CourseError as exc:
        return [str(exc)]
    found = []
    for mistake in declared:
        if mistake.names and mistake.names not in known:
            found.append(f"{path}: {mistake.id}: names={mistake.names!r}, which no mistake of the course gives a hint for")
        if not mistake.edits:
            continue
        if mistake.module not in assignment.modules:
            found.append(f"{path}: {mistake.id}: {mistake.module!r} is not a module of {assignment.id}")
            continue
        solution = course.solutions_dir(assignment.id) / f"{mistake.module}.py"
        if solution.is_file():
            try:
                mistake.apply(solution.read_text(encoding="utf-8"), str(path))
            except course.CourseError as exc:
                found.append(str(exc))
    return found
