"""Preflight: the reference must score full marks and the stub zero, here, before anyone is graded."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from autograder import cli, preflight
from autograder.grading import Grader

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "submissions"
A = "a2_functions"


def test_the_course_passes_its_own_preflight():
    found = preflight.check(Grader(A))
    assert found.ok, found.problems
    assert (found.reference.status, found.reference.score) == ("graded", found.reference.max_score) == ("graded", 37)
    assert (found.stub.status, found.stub.score) == ("graded", 0)


def test_the_reference_folder_holds_the_reference_of_every_assignment_imported(tmp_path):
    from autograder import course

    folder = preflight.reference_folder(course.get("a5_two_layer_net"), tmp_path)
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        f"{m}.py" for a in ("a2_functions", "a3_gradient", "a4_layers", "a5_two_layer_net")
        for m in course.get(a).modules)


def test_a_limit_too_tight_for_the_reference_fails_the_preflight_with_the_reason():
    found = preflight.check(Grader(A, budget=0.05))  # 50 ms for the whole submission: too tight for anyone
    assert not found.ok
    assert found.reference.score != 37
    assert any(p.startswith("the reference solution scored") and "not full marks" in p for p in found.problems)


def test_run_grades_no_one_when_the_preflight_fails_and_no_preflight_skips_it(tmp_path, capsys):
    subs = tmp_path / "subs"
    shutil.copytree(EXAMPLES / A / "reference", subs / "alice")
    args = ["run", A, str(subs), "--jobs", "1", "--quiet", "--budget", "0.05"]
    assert cli.main(args + ["--out", str(tmp_path / "a")]) == 1
    err = capsys.readouterr().err
    assert "preflight for a2_functions failed, so no one was graded" in err and "--no-preflight" in err
    assert not (tmp_path / "a").exists() or not any((tmp_path / "a").glob("*.csv"))
    assert cli.main(args + ["--out", str(tmp_path / "b"), "--no-preflight"]) == 0
    assert (tmp_path / "b" / "grades.csv").is_file()


def test_an_unconfined_sandbox_fails_the_preflight_unless_allowed(monkeypatch):
    monkeypatch.setattr(preflight, "sandbox_verdict", lambda: (False, ["Landlock is not available"]))
    found = preflight.check(Grader(A))
    assert [p for p in found.problems if "would not be confined" in p and "--allow-unconfined" in p]
    assert preflight.check(Grader(A), allow_unconfined=True).ok


@pytest.fixture(scope="module")
def gradescope_root(tmp_path_factory):
    root = tmp_path_factory.mktemp("gs")
    assert cli.main(["gradescope", A, "--out", str(root / "autograder.zip"), "--no-salt"]) == 0
    with zipfile.ZipFile(root / "autograder.zip") as zf:
        zf.extractall(root / "source")
    return root


def _gs_preflight(root: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    env.pop("AUTOGRADER_COURSE", None)
    return subprocess.run([sys.executable, "-m", "autograder.integrations.gradescope_run", "--root", str(root),
                           "--preflight"], env=env, capture_output=True, text=True, timeout=300)


def test_the_gradescope_image_build_runs_the_preflight_on_the_bundled_course(gradescope_root):
    setup = (gradescope_root / "source" / "setup.sh").read_text()
    assert 'gradescope_run --root "$ROOT" --preflight' in setup
    proc = _gs_preflight(gradescope_root)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "preflight passed: reference 37/37, stub 0" in proc.stdout


def test_a_bundle_whose_reference_is_broken_fails_the_gradescope_preflight(gradescope_root, tmp_path):
    broken = tmp_path / "root"
    shutil.copytree(gradescope_root / "source", broken / "source")
    reference = broken / "source" / "course" / "solutions" / A / "functions.py"
    reference.write_text("import numpy_that_is_not_installed\n" + reference.read_text())  # a broken image
    proc = _gs_preflight(broken)
    assert proc.returncode == 1
    assert "preflight failed" in proc.stdout and "the reference solution scored grader_failed" in proc.stdout
