"""The suite's test catalogue: every test of a grading suite, in the order the grader reports them.

Platforms need a stable id per test (an nbgrader ``grade_id``): the test function's name, which
every ``TestResult`` carries as ``id`` (records from before ids are matched by title). ``tests(assignment)`` collects the
suite (nothing runs) and returns one ``TestSpec`` (the ``testspec.Spec`` the grader reads at
collection) per test, in collection order — the order of ``Result.tests`` — and
``pair(result, specs)`` lines a result's tests up with them.
"""
from __future__ import annotations

import contextlib
import io

import pytest

from . import grading
from .plugin import SPEC, GradingPlugin
from .results import Result, TestResult
from .testspec import Spec

TestSpec = Spec  # one test of a suite: ``id`` (unique within it), ``titles``, ``points`` > 0, ``visibility``


class CatalogError(RuntimeError):
    """The suite cannot be listed, or a result does not match it; the message says which."""


class _Recorder:
    def __init__(self):
        self.specs: list[TestSpec] = []

    @pytest.hookimpl(trylast=True)  # after GradingPlugin has read the markers into the stash
    def pytest_collection_modifyitems(self, items):
        for item in items:
            self.specs.append(item.stash[SPEC])


_cache: dict[str, list[TestSpec]] = {}


def tests(assignment_id: str) -> list[TestSpec]:
    """Every test of ``assignment_id``'s suite, in grading order. Raises ``CatalogError`` if the
    suite does not collect or two tests share a function name."""
    if assignment_id in _cache:
        return list(_cache[assignment_id])
    recorder = _Recorder()
    plugin = GradingPlugin(assignment_id, lambda plugin: None)  # collects, grades no one
    with contextlib.redirect_stdout(io.StringIO()):
        code = pytest.main(grading.pytest_args(assignment_id) + ["--collect-only"],
                           plugins=[plugin, recorder])
    if code != pytest.ExitCode.OK or not recorder.specs:
        raise CatalogError(f"the {assignment_id} grading suite did not collect (pytest exit code {int(code)})")
    ids = [s.id for s in recorder.specs]
    twice = sorted({i for i in ids if ids.count(i) > 1})
    if twice:
        raise CatalogError(f"{assignment_id}: test names must be unique across the suite's files: {', '.join(twice)}")
    _cache[assignment_id] = recorder.specs
    return list(recorder.specs)


def pair(result: Result, specs: list[TestSpec]) -> list[tuple[TestSpec, TestResult]]:
    """``(spec, test result)`` for each test of a graded ``result`` (empty for an ungraded one).
    Raises ``CatalogError`` when the result was graded by a different version of the suite."""
    if not result.tests:
        return []
    if len(result.tests) != len(specs) or any((t.id != s.id) if t.id else (t.name not in s.titles.values())
                                              for s, t in zip(specs, result.tests)):
        raise CatalogError(f"{result.student_id}: the result's tests do not match the current "
                           f"{result.assignment} suite (graded by another version?); grade it again")
    return list(zip(specs, result.tests))
