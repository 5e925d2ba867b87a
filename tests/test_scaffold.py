"""A course outside the package, from the scaffold: ``autograder new-assignment`` starts a course in
an empty temp folder, and the normal commands with ``--course`` build and grade it.

The scaffolded assignment builds; its reference earns full marks, its stub 0 and its declared
mistake exactly its declared cost, named. Adding a second assignment writes nothing outside its
own folders, the repository's course is untouched, and the bundled course is not visible.
"""
from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from autograder import cli, course, mistakes

REPO = course.PACKAGE_DIR.parent
REPO_COURSE = ("course.toml", course.SOURCE, "assignments", "solutions", "examples")


def _files(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file() and "__pycache__" not in p.parts}


def _repo_status() -> str | None:
    """``git status`` of the repository's own course (None when this is not a git checkout)."""
    try:
        done = subprocess.run(["git", "-C", str(REPO), "status", "--porcelain", "--untracked-files=all", "--",
                               *REPO_COURSE], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout if done.returncode == 0 else None


def _autograder(*args, cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != course.ENV}
    return subprocess.run([sys.executable, "-m", "autograder", *map(str, args)], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120)


def _graded(root: Path, name: str, out: Path, *flags: str) -> dict:
    done = _autograder("run", name, root / "examples" / "submissions" / name, "--course", root, "--out", out,
                       "--jobs", "2", "--quiet", *flags, cwd=root.parent)
    assert done.returncode == 0, done.stderr
    return {r["student_id"]: r for r in json.loads((out / "results.json").read_text(encoding="utf-8"))}


def _check_scores(root: Path, name: str, by_id: dict) -> None:
    (mistake,) = mistakes.read(root / course.SOURCE / name / "mistakes.py")
    assert set(by_id) == {"reference", "stub", mistake.id}
    assert [(r["status"], r["score"], r["max_score"]) for r in (by_id["reference"], by_id["stub"])] == \
        [("graded", 2.0, 2.0), ("graded", 0.0, 2.0)]
    assert all("not implemented yet: center" in t["feedback"] for t in by_id["stub"]["tests"])
    wrong = by_id[mistake.id]
    lost = {t["name"]: t["max_score"] - t["score"] for t in wrong["tests"] if t["score"] < t["max_score"]}
    assert lost == mistake.costs == {"center on a random vector and on a random 2-D batch": 1.0}
    assert wrong["score"] == 2.0 - sum(mistake.costs.values())
    assert all(t["misconception"] == mistake.id and mistake.hint["en"] in t["feedback"]
               for t in wrong["tests"] if t["score"] < t["max_score"])
    assert not any(t["misconception"] for r in (by_id["reference"], by_id["stub"]) for t in r["tests"])


@pytest.mark.slow
def test_a_scaffolded_course_builds_and_grades_outside_the_repository(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv(course.ENV, raising=False)  # cli.main sets it in this process; undone after
    repo_before = _repo_status()
    root = tmp_path / "mycourse"

    # an empty folder becomes a course with one assignment
    assert cli.main(["new-assignment", "a1_intro", "--course", str(root), "--title", "Centring data",
                     "--title-ko", "데이터 중심화"]) == 0
    assert f"autograder build --course {root}" in capsys.readouterr().out
    assert (root / "course.toml").is_file()
    assert course.load(root).get("a1_intro").titles == {"en": "Centring data", "ko": "데이터 중심화"}
    built = _autograder("build", "--course", root, cwd=tmp_path)
    assert built.returncode == 0 and "a1_intro" in built.stdout, built.stderr
    _check_scores(root, "a1_intro", _graded(root, "a1_intro", tmp_path / "out1"))  # with the preflight

    # refused: an existing name, a name that is not an identifier, a module another assignment has
    monkeypatch.setenv(course.ENV, str(root))
    for argv, says in ((["a1_intro"], "exists already"), (["2nd"], "not a Python identifier"),
                       (["a2_next", "--module", "intro"], "a module of a1_intro"),
                       (["all"], "`autograder run all` grades every assignment")):
        assert cli.main(["new-assignment", *argv]) == 2
        assert says in capsys.readouterr().err
    assert not (root / course.SOURCE / "a2_next").exists()

    # a second assignment (course from $AUTOGRADER_COURSE) changes no file outside its own folders
    before = _files(root)
    assert cli.main(["new-assignment", "a2_next"]) == 0
    monkeypatch.delenv(course.ENV)
    added = _files(root)
    assert {k: v for k, v in added.items() if not k.startswith(f"{course.SOURCE}/a2_next/")} == before
    assert _autograder("build", "--course", root, cwd=tmp_path).returncode == 0
    after = _files(root)
    own = (f"{course.SOURCE}/a2_next/", "assignments/a2_next/", "solutions/a2_next/", "examples/submissions/a2_next/")
    assert {k: v for k, v in after.items() if not k.startswith(own)} == before
    _check_scores(root, "a2_next", _graded(root, "a2_next", tmp_path / "out2", "--no-preflight"))

    # the bundled course is not visible from this one
    bundled = REPO / "examples" / "submissions" / "a2_functions"
    shown = _autograder("run", "a2_functions", bundled, "--course", root, "--out", tmp_path / "out3", cwd=tmp_path)
    assert shown.returncode == 2 and "unknown assignment 'a2_functions'" in shown.stderr
    assert not (tmp_path / "out3").exists()
    assert _repo_status() == repo_before
