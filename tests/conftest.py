"""Shared fixtures: the repository root, and the bundled example submissions graded once.

Every preflight of the tests is graded (``AUTOGRADER_CACHE=off``, in the processes they start
too): a test that breaks the grader in this process would otherwise find an earlier test's pass.
``tests/test_preflight_cache.py`` turns the cache on in folders of its own.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from autograder import preflight_cache
from autograder.grading import Grader
from autograder.results import Result

os.environ[preflight_cache.ENV] = preflight_cache.OFF

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "submissions"


@pytest.fixture(scope="session")
def graded_examples():
    """``graded_examples(assignment)`` → {student_id: Result} for examples/submissions/<assignment>/."""
    cache: dict[str, dict[str, Result]] = {}

    def get(assignment_id: str) -> dict[str, Result]:
        if assignment_id not in cache:
            results = Grader(assignment_id, jobs=2).grade_path(EXAMPLES / assignment_id)
            cache[assignment_id] = {r.student_id: r for r in results}
        return cache[assignment_id]

    return get


def lost_points(result: Result) -> dict[str, float]:
    """Test name → points lost, for the tests that did not earn full marks."""
    return {t.name: round(t.max_score - t.score, 4) for t in result.tests if t.score < t.max_score}


def misconceptions(result: Result) -> set[str]:
    return {t.misconception for t in result.tests if t.misconception}


@pytest.fixture(scope="session")
def postgres_server():
    """A throwaway PostgreSQL server for this test run (tests/pg_server.py), or a skip saying why not."""
    from tests import pg_server

    try:
        server = pg_server.start()
    except pg_server.Unavailable as exc:
        pytest.skip(f"PostgreSQL cannot be started here: {exc}")
    yield server
    server.stop()
