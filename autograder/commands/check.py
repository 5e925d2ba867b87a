"""``autograder check ASSIGNMENT [PATH]``: the student's own quick check with the public tests.

PATH is the student's module, notebook or assignment folder. The code is staged exactly as the
grader stages it (so a notebook is read the same way; a notebook named on its own is weighed,
module by module, against the modules beside it, as in the folder it sits in), next to a copy
of the public tests, and run in this process: it is the student's own code on the student's own
machine. Only public tests run, so nothing hidden can be shown.
"""
from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

import pytest

from .. import course
from ..cli import assignment_argument
from ..submission import Source, SubmissionError, stage

HELP = "run the public checks on your own work (students)"


def add_arguments(p) -> None:
    assignment_argument(p)
    p.add_argument("path", nargs="?", default=".", help="your module, notebook or assignment folder")
    p.add_argument("--lang", choices=("en", "ko"), default="en")


TEXT = {
    "pass": {"en": "passed", "ko": "통과"},
    "fail": {"en": "to fix", "ko": "고칠 것"},
    "summary": {"en": "{passed} of {total} public checks pass.", "ko": "공개 테스트 {total}개 중 {passed}개 통과."},
    "next": {"en": "Next: {name}", "ko": "다음 할 일: {name}"},
    "done": {"en": "All public checks pass. The grader's hidden tests are stricter: test edge cases too.",
             "ko": "공개 테스트를 모두 통과했습니다. 채점용 숨은 테스트는 더 엄격하니 경계 상황도 확인하세요."},
    "no_tests": {"en": "no public tests found for {a} (looked in {where})", "ko": "{a} 의 공개 테스트를 찾을 수 없습니다 ({where})"},
}


class Collector:
    """Keeps each public test's outcome and first line of failure."""

    def __init__(self):
        self.outcomes: list[tuple[str, bool, str]] = []

    def pytest_runtest_logreport(self, report):
        if report.when == "call" or (report.failed and report.when == "setup"):
            line = ""
            if report.failed:
                text = str(report.longrepr)
                line = next((ln.strip().removeprefix("E").strip() for ln in text.splitlines()[::-1]
                             if ln.strip().startswith("E ")), text.strip().splitlines()[-1] if text.strip() else "")
            self.outcomes.append((report.nodeid.split("::")[-1], report.passed, line[:200]))


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
        print(TEXT["no_tests"][lang].format(a=assignment.id, where=path), file=sys.stderr)
        return 2
    work = Path(tempfile.mkdtemp(prefix="ag-check-"))
    try:
        try:
            stage(Source("you", path), assignment, work, beside=True)  # a notebook vs the modules beside it
        except (SubmissionError, FileNotFoundError) as exc:
            reason = exc.reason.get(lang, exc.reason["en"]) if isinstance(exc, SubmissionError) else str(exc)
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
    pytest.main([str(work / "tests"), "-p", "no:cacheprovider", "-p", "no:terminal", "-c", "/dev/null",
                 "--rootdir", str(work)], plugins=[collector])
    return collector


def report(collector: Collector, lang: str) -> int:
    passed = sum(ok for _, ok, _ in collector.outcomes)
    for name, ok, line in collector.outcomes:
        mark = "✓" if ok else "✗"
        print(f"{mark} {name.removeprefix('test_').replace('_', ' ')}" + ("" if ok else f"\n    {line}"))
    print()
    print(TEXT["summary"][lang].format(passed=passed, total=len(collector.outcomes)))
    first = next((line for _, ok, line in collector.outcomes if not ok), None)
    if not collector.outcomes:
        first = "the public tests did not run"
    print(TEXT["next"][lang].format(name=first) if first else TEXT["done"][lang])
    return 0 if first is None else 1
