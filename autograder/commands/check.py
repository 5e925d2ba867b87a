"""``autograder check ASSIGNMENT [PATH]``: the student's own quick check with the public tests.

PATH is the student's module, notebook or assignment folder. The code is staged exactly as the
grader stages it (so a notebook is read the same way; a notebook named on its own is weighed,
module by module, against the modules beside it, as in the folder it sits in), next to a copy
of the public tests, and run in this process: it is the student's own code on the student's own
machine. Only public tests run, so nothing hidden can be shown.

Each test prints as the grader would word it: its title (docstring; ``ko:`` line for Korean), its
points when it declares them, and, when it fails, the sentence the public conftest attached (the
grader's ``Checker`` feedback, or the student's exception with file and line). A module that
cannot be imported prints its file, line and error instead of "0 of 0".
"""
from __future__ import annotations

import os
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from .. import course, pytest_options
from ..cli import assignment_argument
from ..feedback import messages
from ..submission import Source, SubmissionError, stage

HELP = "run the public checks on your own work (students)"


def add_arguments(p) -> None:
    assignment_argument(p)
    p.add_argument("path", nargs="?", default=".", help="your module, notebook or assignment folder")
    p.add_argument("--lang", choices=messages.LANGS, default=default_lang(),
                   help="language of the sentences (default: $AUTOGRADER_LANG, else en)")


def default_lang() -> str:
    """``$AUTOGRADER_LANG`` when it names a language the sentences have (as for plain pytest), else English."""
    lang = os.environ.get("AUTOGRADER_LANG", "en")
    return lang if lang in messages.LANGS else "en"


@dataclass
class Outcome:
    """One public test: its title and points (what the conftest read from it), and, when it
    failed, the sentence in every language."""

    title: dict[str, str]
    passed: bool
    feedback: dict[str, str] | None = None
    points: float | None = None


class Collector:
    """Keeps each public test's outcome, and each test file that could not be imported."""

    def __init__(self):
        self.outcomes: list[Outcome] = []
        self.broken: list[tuple[str, dict[str, str]]] = []  # (test file, the import error)

    def pytest_runtest_logreport(self, report):
        if report.when == "call" or (report.failed and report.when == "setup"):
            info = getattr(report, "autograder", None) or {}
            name = report.nodeid.split("::")[-1]
            title = info.get("title") or {lang: name for lang in messages.LANGS}
            feedback = None
            if report.failed:
                feedback = info.get("feedback") or _first_error(report)
            self.outcomes.append(Outcome(title, report.passed, feedback, info.get("points")))

    def pytest_collectreport(self, report):
        if report.failed:
            info = getattr(report, "autograder", None) or {}
            self.broken.append((report.nodeid or ".", info.get("feedback") or _first_error(report)))


def _first_error(report) -> dict[str, str]:
    """A tests folder older than this package (no sentence attached): pytest's first ``E`` line."""
    lines = str(report.longrepr).splitlines()
    errors = [ln.strip().removeprefix("E").strip() for ln in lines if ln.strip().startswith("E ")]
    text = (errors or [ln.strip() for ln in lines if ln.strip()] or ["?"])[0][:300]
    return {lang: text for lang in messages.LANGS}


def public_tests(assignment: course.Assignment, path: Path) -> Path | None:
    folder = path if path.is_dir() else path.parent
    for candidate in (folder / "tests", course.release_dir(assignment.id) / "tests"):
        if (candidate / "conftest.py").exists():
            return candidate
    return None


def main(args) -> int:
    lang = args.lang
    assignment = course.get(args.assignment)
    path = Path(args.path)
    tests = public_tests(assignment, path)
    if tests is None:
        print(messages.render("check_no_tests", lang, assignment=assignment.id, where=path), file=sys.stderr)
        return 2
    work = Path(tempfile.mkdtemp(prefix="ag-check-"))
    try:
        try:
            stage(Source("you", path), assignment, work, beside=True)  # a notebook vs the modules beside it
        except (SubmissionError, FileNotFoundError) as exc:
            reason = messages.pick(exc.reason, lang) if isinstance(exc, SubmissionError) else str(exc)
            print(reason, file=sys.stderr)
            return 2
        if path.is_file():  # a single module or notebook: bring the earlier assignments' modules beside it
            for dep in path.parent.glob("*.py"):
                if not (work / dep.name).exists():
                    shutil.copyfile(dep, work / dep.name)
        shutil.copytree(tests, work / "tests")
        return report(run(work), lang)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def run(work: Path) -> Collector:
    collector = Collector()
    pytest.main([str(work / "tests"), *pytest_options.lean(), "-c", "/dev/null",
                 "--continue-on-collection-errors",  # a module that does not import stops only its tests
                 "--rootdir", str(work)], plugins=[collector])
    return collector


def _points(value: float | None, lang: str) -> str:
    if value is None:
        return ""
    return f" ({messages.render('check_points', lang, points=f'{value:g}')})"


def _indented(text: str) -> str:
    return "\n".join("    " + line for line in text.splitlines())


def report(collector: Collector, lang: str) -> int:
    """Print each test (title, points, the sentence of a failure), a count and what to do next."""
    problems: dict[str, list[str]] = {}  # the same import error breaks several test files
    for path, feedback in collector.broken:
        text = messages.pick(feedback, lang)
        problems.setdefault(text, []).append(path)
    for text, paths in problems.items():
        print(f"✗ {messages.render('check_import_title', lang, tests=', '.join(paths))}")
        print(_indented(text))
    for outcome in collector.outcomes:
        mark = "✓" if outcome.passed else "✗"
        print(f"{mark} {messages.pick(outcome.title, lang)}{_points(outcome.points, lang)}")
        if not outcome.passed:
            print(_indented(messages.pick(outcome.feedback, lang)))
    print()
    passed = sum(o.passed for o in collector.outcomes)
    files = sum(len(paths) for paths in problems.values())
    if collector.outcomes:
        key = "check_summary_broken" if files else "check_summary"
        print(messages.render(key, lang, passed=passed, total=len(collector.outcomes), files=files))
    elif problems:
        print(messages.render("check_none_ran", lang))
    if problems:
        print(messages.render("check_fix", lang, problem=next(iter(problems))))
        return 1
    if not collector.outcomes:
        print(messages.render("check_next", lang, name=messages.render("check_not_run", lang)))
        return 1
    first = next((o for o in collector.outcomes if not o.passed), None)
    if first is None:
        print(messages.render("check_done", lang))
        return 0
    print(messages.render("check_next", lang, name=messages.pick(first.title, lang)))
    return 1
