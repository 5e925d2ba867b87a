"""``preflight_cache``: a preflight that passed is not graded again while nothing that decides it
changed; one that failed, or anything changed, is graded afresh."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from autograder import cli, grading, preflight, preflight_cache
from tests.conftest import EXAMPLES

A1 = "a1_perceptron"


@pytest.fixture
def graded_ids(monkeypatch, tmp_path):
    """The student ids this process grades, in order; the cache in a folder of this test's own."""
    monkeypatch.setenv(preflight_cache.ENV, str(tmp_path / "cache"))
    seen = []
    grade = grading.grade_submission

    def spy(plugin, job, source):
        seen.append(source.student_id)
        return grade(plugin, job, source)

    monkeypatch.setattr(grading, "grade_submission", spy)
    return seen


def run(tmp_path, *extra) -> int:
    return cli.main(["run", A1, str(EXAMPLES / A1 / "reference"), "--jobs", "1", "--quiet", "--force",
                     "--out", str(tmp_path / "out"), *extra])


def test_a_passed_preflight_is_not_graded_again_until_a_setting_changes(tmp_path, graded_ids):
    both = [preflight.REFERENCE_ID, preflight.STUB_ID, "reference"]
    assert run(tmp_path) == 0 and graded_ids == both
    graded_ids.clear()
    assert run(tmp_path) == 0 and graded_ids == ["reference"]  # the same grader, here: the class only
    graded_ids.clear()
    assert run(tmp_path, "--timeout", "7") == 0 and graded_ids == both  # another setting: graded again
    assert len(list((tmp_path / "cache" / "preflight").glob("*.json"))) == 2


def test_a_changed_course_file_is_graded_afresh_and_a_failed_preflight_is_not_kept(tmp_path):
    """A copy of the course (in processes of their own: one process loads one course): its
    preflight passes and is kept; an edit of its reference makes another key, whose preflight is
    graded and fails, and fails again the next time (not kept)."""
    course_dir = tmp_path / "course"
    root = EXAMPLES.parents[1]
    for sub in ("source_lib", "solutions", "assignments"):
        shutil.copytree(root / sub, course_dir / sub, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(root / "course.toml", course_dir / "course.toml")
    env = {**os.environ, preflight_cache.ENV: str(tmp_path / "cache")}

    def run_there():
        return subprocess.run([sys.executable, "-m", "autograder", "--course", str(course_dir), "run", A1,
                               str(EXAMPLES / A1 / "reference"), "--jobs", "1", "--quiet", "--force",
                               "--out", str(tmp_path / "out")], env=env, capture_output=True, text=True)

    kept = lambda: sorted(p.name for p in (tmp_path / "cache" / "preflight").glob("*.json"))
    assert run_there().returncode == 0 and len(kept()) == 1
    solution = course_dir / "solutions" / A1 / "perceptron.py"
    solution.write_text(solution.read_text() + "\n\nglobals()['XOR'] = lambda x1, x2: 0  # broken\n")
    for _ in range(2):
        done = run_there()
        assert done.returncode == 1 and "preflight for a1_perceptron failed" in done.stderr
        assert "the reference solution scored" in done.stderr and len(kept()) == 1


def test_off_grades_every_preflight(tmp_path, graded_ids, monkeypatch):
    monkeypatch.setenv(preflight_cache.ENV, preflight_cache.OFF)
    assert run(tmp_path) == 0 and run(tmp_path) == 0
    assert graded_ids.count(preflight.REFERENCE_ID) == 2


def test_a_dask_grader_never_skips_its_preflight_for_a_pass_on_this_machine(tmp_path, monkeypatch):
    """The cluster's workers grade in their own environment: a preflight that passed here, with
    the same key, does not vouch for them."""
    from autograder.executors.dask_executor import DaskGrader
    from autograder.grading import Grader

    monkeypatch.setenv(preflight_cache.ENV, str(tmp_path / "cache"))
    local, dask = Grader(A1), DaskGrader(A1, scheduler="tcp://127.0.0.1:1")
    confined, notes = preflight.sandbox_verdict()
    if not confined:
        pytest.skip(f"the sandbox does not confine here: {notes}")
    preflight_cache.remember(preflight_cache.key(local.assignment, local.options, confined, notes), A1)
    with preflight.gated(local) as (gate, _):
        assert gate is None  # the same key, this machine: found
    with preflight.gated(dask) as (gate, found):
        assert gate is not None and found.key is None  # graded first, on the cluster
