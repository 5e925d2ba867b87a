"""A grader failure is its own outcome, end to end: no number anywhere, a non-zero exit, names.

The worker that cannot start is made real by pointing the grader's interpreter at a program
that exits at once (as `python -P -m autograder.worker` does when the package is importable in
the grader only through PYTHONPATH): every test of every submission then fails on the grader's
side, never on the student's.
"""
from __future__ import annotations

import csv
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from autograder.results import Result, TestResult
from autograder.writers import canvas_csv, grades_csv, gradescope_json, junit_xml

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "submissions" / "a2_functions"

BROKEN_WORKER = textwrap.dedent("""
    import sys
    import autograder.supervisor
    # the zygote is started with sys.executable: make it a program that cannot run the worker
    autograder.supervisor.sys = type(sys)("sys_view")
    autograder.supervisor.sys.executable = "/bin/false"
    from autograder.cli import main
    sys.exit(main(sys.argv[1:]))
""")


def run_broken(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", BROKEN_WORKER, *args], capture_output=True, text=True,
                          timeout=300, cwd=ROOT)


@pytest.fixture(scope="module")
def two_submissions(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("subs")
    for name in ("reference", "cee_sign"):
        (folder / name).mkdir()
        (folder / name / "functions.py").write_text((EXAMPLES / name / "functions.py").read_text())
    return folder


def test_a_worker_that_cannot_start_stops_the_run_at_preflight_and_grades_no_one(two_submissions, tmp_path):
    proc = run_broken("run", "a2_functions", str(two_submissions), "--out", str(tmp_path / "out"),
                      "--jobs", "1", "--quiet")
    assert proc.returncode == 1, proc.stderr
    assert "preflight for a2_functions failed, so no one was graded" in proc.stderr
    assert "the reference solution scored grader_failed" in proc.stderr
    assert not (tmp_path / "out" / "grades.csv").exists() and not (tmp_path / "out" / "results.json").exists()


def test_without_preflight_every_record_is_grader_failed_with_no_score_and_the_exit_code_is_1(two_submissions,
                                                                                               tmp_path):
    out = tmp_path / "out"
    proc = run_broken("run", "a2_functions", str(two_submissions), "--out", str(out), "--jobs", "1",
                      "--quiet", "--no-preflight")
    assert proc.returncode == 1, proc.stderr
    last = proc.stderr.strip().splitlines()
    assert "could not grade 2 of 2 submission(s)" in "\n".join(last[-3:])
    assert {line.split(":")[0].strip() for line in last[-2:]} == {"reference", "cee_sign"}
    rows = list(csv.DictReader((out / "grades.csv").open()))
    assert [(r["student_id"], r["score"], r["status"]) for r in rows] == [
        ("cee_sign", "", "grader_failed"), ("reference", "", "grader_failed")]
    records = json.loads((out / "results.json").read_text())
    assert {(r["status"], r["score"]) for r in records} == {("grader_failed", None)}
    assert all(t["status"] == "grader_failed" and t["grader_error"] for r in records for t in r["tests"])


def _grader_failed() -> Result:
    test = TestResult("softmax", 0.0, 2.0, "grader_failed", "the autograder could not run this test",
                      grader_error="Traceback …", id="test_softmax")
    return Result("alice", "a2_functions", 3.0, 37.0, tests=[test]).settled()


def _graded() -> Result:
    return Result("bob", "a2_functions", 35.0, 37.0, tests=[TestResult("softmax", 2.0, 2.0, "passed",
                                                                       id="test_softmax")])


def test_one_ungradable_test_makes_the_record_grader_failed_with_no_partial_sum():
    r = _grader_failed()
    assert (r.status, r.score, r.graded) == ("grader_failed", None, False)
    assert "test_softmax" in r.reason


@pytest.mark.parametrize("status", ["grader_failed", "error"])
def test_no_writer_puts_a_number_on_a_record_that_is_not_graded(tmp_path, status):
    ungraded = _grader_failed() if status == "grader_failed" else Result.failed("alice", "a2_functions", 37.0,
                                                                                "functions.py is missing")
    results = [ungraded, _graded()]
    grades_csv.write([r.summary() for r in results], tmp_path / "grades.csv")
    assert (tmp_path / "grades.csv").read_text().splitlines()[1:] == [
        f"alice,a2_functions,,37,{status}", "bob,a2_functions,35,37,graded"]
    rows = canvas_csv.table(results)
    assert {row[0]: row[-1] for row in rows[2:]} == {"bob": "35"}  # no row: a blank would clear a Canvas grade
    xml = junit_xml.to_xml(results)
    assert '<property name="score" value="" />' in xml and '<property name="score" value="35" />' in xml
    data = gradescope_json.to_dict(ungraded)
    assert "score" not in data and all(t["score"] == 0 and t["max_score"] == 0 for t in data["tests"])
    assert data["extra_data"] == {"status": status}


def test_export_prints_no_points_line_when_a_record_is_not_graded(tmp_path):
    from autograder.writers import results_json

    results_json.write([_grader_failed(), _graded()], tmp_path / "results.json")
    proc = subprocess.run([sys.executable, "-m", "autograder", "export", str(tmp_path / "results.json"),
                           "--canvas", str(tmp_path / "canvas.csv")], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1 and "Points" not in proc.stdout
    assert "alice (a2_functions: grader_failed)" in proc.stderr
    assert [row[0] for row in csv.reader((tmp_path / "canvas.csv").open())][2:] == ["bob"]


def test_resume_grades_again_what_the_grader_failed_on(two_submissions, tmp_path):
    out = tmp_path / "out"
    run_broken("run", "a2_functions", str(two_submissions), "--out", str(out), "--jobs", "1", "--quiet",
               "--no-preflight")
    proc = subprocess.run([sys.executable, "-m", "autograder", "run", "a2_functions", str(two_submissions),
                           "--out", str(out), "--jobs", "1", "--quiet", "--resume"],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    rows = {r["student_id"]: (r["score"], r["status"]) for r in csv.DictReader((out / "grades.csv").open())}
    assert rows["reference"] == ("37", "graded")
    assert rows["cee_sign"][1] == "graded" and 0 < float(rows["cee_sign"][0]) < 37


def test_reports_accept_records_that_carry_no_score(tmp_path):
    from autograder import cli
    from autograder.writers import results_json

    results_json.write([_grader_failed(), _graded(), Result.failed("cy", "a2_functions", 37.0, "missing")],
                       tmp_path / "results.json")
    assert cli.main(["report", str(tmp_path / "results.json"), "--out", str(tmp_path / "report")]) == 0
    rows = list(csv.DictReader((tmp_path / "report" / "overview.csv").open()))
    histogram = [r for r in rows if r["section"] == "histogram"]
    assert sum(int(r["count"]) for r in histogram) == 1 and {r["total"] for r in histogram} == {"1"}  # bob only
    page = (tmp_path / "report" / "students").glob("*alice*")
    assert "—" in next(page).read_text(encoding="utf-8")
