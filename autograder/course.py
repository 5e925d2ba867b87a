"""The course registry: which assignments a course folder holds, and where each one's files are.

A course is a folder (``COURSE/course.toml``); each ``COURSE/source_lib/<id>/assignment.toml``
is one assignment, and everything of that assignment lives beside its manifest:

    source_lib/<id>/assignment.toml   title (en, ko), modules, depends, points
                    <module>.py       the annotated source (jupytext percent, solution regions)
                    tests/            public tests (copied to the students' release)
                    suite/            the hidden grading suite (pytest files)
                    mistakes.py       declared mistakes: the edit that makes each, its hint, its cost
                    figures.py        optional: figure data collected after the tests
                    testfuncs.py      optional: functions the grader may hand to student code
    assignments/ solutions/ examples/submissions/   written by ``autograder build``

Which course: ``AUTOGRADER_COURSE`` (set by ``--course DIR``), else the checkout this package
was installed from (the bundled course). Nothing else in the engine knows an assignment's name.
"""
from __future__ import annotations

import difflib
import functools
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

PACKAGE_DIR = Path(__file__).resolve().parent
ENV = "AUTOGRADER_COURSE"
MANIFEST = "assignment.toml"
SOURCE = "source_lib"


RESERVED_IDS = ("all",)  # words a verb takes in place of an assignment id (`run all`)


class CourseError(ValueError):
    """A course folder or an assignment manifest is missing or malformed; the message names the file."""


class UnknownAssignment(CourseError):
    """Raised for an assignment id that is not in the course; the message lists the valid ones."""


@dataclass(frozen=True)
class Assignment:
    """One assignment of the course, as its ``assignment.toml`` declares it.

    ``modules`` are the files a student submits (without ``.py``); ``depends`` are earlier
    assignments whose modules these import by bare name (a student brings their own copies);
    ``points`` is what the hidden suite is worth in all (the preflight checks the suite agrees).
    """

    id: str
    titles: dict = field(hash=False, compare=False)
    modules: tuple[str, ...]
    depends: tuple[str, ...] = ()
    points: float | None = None
    folder: Path | None = field(default=None, compare=False)

    @property
    def title(self) -> str:
        return self.titles["en"]

    def title_in(self, lang: str) -> str:
        from .feedback.messages import pick  # messages reads the course: imported when asked

        return pick(self.titles, lang)

    @property
    def files(self) -> tuple[str, ...]:
        return tuple(f"{m}.py" for m in self.modules)

    @property
    def suite(self) -> Path:
        return self.folder / "suite"

    def optional(self, name: str) -> Path | None:
        """``folder/name`` if the assignment has that file (``figures.py``, ``testfuncs.py``…)."""
        path = self.folder / name
        return path if path.is_file() else None


def _text(value, where: str, key: str) -> dict:
    if isinstance(value, str):
        value = {"en": value}
    if not isinstance(value, dict) or not isinstance(value.get("en"), str) or \
            not all(isinstance(v, str) for v in value.values()):
        raise CourseError(f"{where}: {key} must be a string or a table with an 'en' string (and 'ko')")
    return dict(value)


def _names(value, where: str, key: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.isidentifier() for v in value):
        raise CourseError(f"{where}: {key} must be a list of identifiers")
    return tuple(value)


def read_manifest(folder: Path) -> Assignment:
    """The assignment declared by ``folder/assignment.toml``; ``CourseError`` names what is wrong."""
    path = folder / MANIFEST
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise CourseError(f"{path}: {exc}") from None
    unknown = set(data) - {"title", "modules", "depends", "points"}
    if unknown:
        raise CourseError(f"{path}: unknown key(s) {', '.join(sorted(unknown))}")
    if "title" not in data or "modules" not in data:
        raise CourseError(f"{path}: 'title' and 'modules' are required")
    points = data.get("points")
    if points is not None and (isinstance(points, bool) or not isinstance(points, (int, float)) or points <= 0):
        raise CourseError(f"{path}: points must be a positive number")
    if folder.name in RESERVED_IDS:
        raise CourseError(f"{path}: an assignment may not be called {folder.name!r} "
                          f"(`autograder run {folder.name}` grades every assignment): rename its folder")
    modules = _names(data["modules"], str(path), "modules")
    if not modules:
        raise CourseError(f"{path}: modules must name at least one module")
    return Assignment(folder.name, _text(data["title"], str(path), "title"), modules,
                      _names(data.get("depends", []), str(path), "depends"),
                      float(points) if points is not None else None, folder.resolve())


@dataclass(frozen=True)
class Course:
    """A course folder and its assignments (in id order)."""

    root: Path
    titles: dict
    assignments: dict

    def get(self, assignment_id: str) -> Assignment:
        try:
            return self.assignments[assignment_id]
        except (KeyError, TypeError):
            close = difflib.get_close_matches(str(assignment_id), self.assignments, n=1)
            hint = f" Did you mean {close[0]!r}?" if close else ""
            raise UnknownAssignment(f"unknown assignment {assignment_id!r}.{hint} "
                                    f"Valid: {', '.join(self.assignments) or '(none)'}") from None


def load(root: Path | str) -> Course:
    """Read the course folder ``root``: its ``course.toml`` and every assignment manifest."""
    root = Path(root).resolve()
    path = root / "course.toml"
    if not path.is_file():
        raise CourseError(f"{root} is not a course folder: it has no course.toml")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise CourseError(f"{path}: {exc}") from None
    section = data.get("course", {})
    if not isinstance(section, dict):
        raise CourseError(f"{path}: [course] must be a table (title = ...)")
    titles = _text(section.get("title", root.name), str(path), "course.title")
    folders = sorted(p.parent for p in (root / SOURCE).glob(f"*/{MANIFEST}"))
    assignments = {a.id: a for a in map(read_manifest, folders)}
    for a in assignments.values():
        for dep in a.depends:
            if dep not in assignments or dep == a.id:
                raise CourseError(f"{a.folder / MANIFEST}: depends on {dep!r}, which is not another assignment here")
    course = Course(root, titles, assignments)
    for a in assignments.values():
        dependency_closure(a, course)  # a cycle is an error now, not at grading time
    return course


def course_root() -> Path:
    """The course folder in use: ``$AUTOGRADER_COURSE``, else the checkout this package came from."""
    env = os.environ.get(ENV)
    return Path(env).resolve() if env else PACKAGE_DIR.parent


@functools.lru_cache(maxsize=8)
def _load_cached(root: Path) -> Course:
    return load(root)


def current() -> Course:
    """The course in use (read once per folder)."""
    return _load_cached(course_root())


def assignments() -> dict[str, Assignment]:
    return current().assignments


def get(assignment_id: str) -> Assignment:
    """Return the assignment called ``assignment_id`` or raise ``UnknownAssignment``."""
    return current().get(assignment_id)


def dependency_closure(assignment: Assignment, course: Course | None = None) -> list[Assignment]:
    """``assignment`` and every assignment it depends on, dependencies first."""
    course = course or current()
    seen: dict[str, Assignment] = {}
    path: list[str] = []

    def visit(a: Assignment) -> None:
        if a.id in path:
            raise CourseError(f"assignments depend on each other in a circle: {' → '.join(path + [a.id])}")
        path.append(a.id)
        for dep in a.depends:
            visit(course.get(dep))
        path.pop()
        seen.setdefault(a.id, a)

    visit(assignment)
    return list(seen.values())


def testfuncs(assignment: Assignment) -> list[Path]:
    """The ``testfuncs.py`` files of ``assignment`` and of the assignments it depends on."""
    return [p for a in dependency_closure(assignment) if (p := a.optional("testfuncs.py"))]


def solutions_dir(assignment_id: str) -> Path:
    return course_root() / "solutions" / assignment_id


def release_dir(assignment_id: str) -> Path:
    return course_root() / "assignments" / assignment_id


def source_dir(assignment_id: str) -> Path:
    return course_root() / SOURCE / assignment_id


def examples_dir(assignment_id: str) -> Path:
    return course_root() / "examples" / "submissions" / assignment_id
