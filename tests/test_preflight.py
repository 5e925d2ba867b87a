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


def test_a_preflight_refused_before_grading_stops_the_zygote_started_for_the_session(monkeypatch, tmp_path):
    """``run_batch`` starts the session's zygote before the preflight's checks; when they refuse
    to grade, no session takes it, and it is stopped, not left running."""
    from autograder import supervisor

    started = []
    real_start = supervisor.Zygote.start

    def start(self):
        real_start(self)
        started.append(self.process)

    monkeypatch.setattr(supervisor.Zygote, "start", start)
    monkeypatch.setattr(preflight, "sandbox_verdict", lambda: (False, ["Landlock is not available"]))
    subs = tmp_path / "subs"
    shutil.copytree(EXAMPLES / A / "reference", subs / "alice")
    assert cli.main(["run", A, str(subs), "--jobs", "1", "--quiet", "--out", str(tmp_path / "out")]) == 1
    assert len(started) == 1 and started[0].poll() is not None  # started, then stopped
    assert supervisor._PRESTARTED == {}


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


def test_run_grades_the_preflight_and_the_class_in_one_session(tmp_path, monkeypatch):
    """The reference and the stub are the first two submissions of the class's own session: a run
    pays for one session start, not two."""
    from autograder.executors import local

    sessions = []
    real = local.run_job

    def counted(assignment_id, items, *args, **kwargs):
        graded = []

        def watched():
            for index, source in items:
                graded.append(source.student_id)
                yield index, source

        sessions.append(graded)
        return real(assignment_id, watched(), *args, **kwargs)

    monkeypatch.setattr(local, "run_job", counted)
    subs = tmp_path / "subs"
    for name in ("alice", "bob"):
        shutil.copytree(EXAMPLES / A / "reference", subs / name)
    assert cli.main(["run", A, str(subs), "--jobs", "1", "--quiet", "--out", str(tmp_path / "out")]) == 0
    assert sessions == [[preflight.REFERENCE_ID, preflight.STUB_ID, "alice", "bob"]]
    assert (tmp_path / "out" / "grades.csv").read_text().splitlines()[1:] == [
        "alice,a2_functions,37,37,graded", "bob,a2_functions,37,37,graded"]


def test_a_failed_preflight_in_a_pool_grades_no_one(tmp_path, capsys):
    """With two jobs the other one starts at once, but gets the class only once the preflight
    passed: here it fails (a budget too tight for the reference), and no record is made."""
    subs = tmp_path / "subs"
    for name in ("alice", "bob", "carol"):
        shutil.copytree(EXAMPLES / A / "reference", subs / name)
    out = tmp_path / "out"
    assert cli.main(["run", A, str(subs), "--jobs", "2", "--quiet", "--budget", "0.05", "--out", str(out)]) == 1
    assert "preflight for a2_functions failed, so no one was graded" in capsys.readouterr().err
    assert not (out / "grades.csv").exists() and not (out / "results.json").exists()
    journal = (out / "journal.jsonl").read_text().splitlines() if (out / "journal.jsonl").exists() else []
    assert [line for line in journal if '"result"' in line] == []


def test_a_gate_that_fails_leaves_the_class_ungraded_and_returns_no_records():
    from autograder.grading import Gate
    from autograder.submission import Source

    seen = []
    gate = Gate([Source("first", EXAMPLES / A / "reference")], lambda records: seen.append(records) or False)
    grader = Grader(A, jobs=1)
    assert grader.grade([Source("alice", EXAMPLES / A / "reference")], gate=gate) == []
    assert gate.passed is False and [r.student_id for r in seen[0]] == ["first"]
    passing = Gate([Source("first", EXAMPLES / A / "reference")], lambda records: True)
    (alice,) = grader.grade([Source("alice", EXAMPLES / A / "reference")], gate=passing)
    assert (alice.student_id, alice.score, passing.records[0].score) == ("alice", 37, 37)
