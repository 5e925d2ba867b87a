"""`autograder run` end to end: outputs, exit codes, bad input, and a crash in the middle."""
import csv
import json
import os
import signal
import subprocess
import sys
import time

import pytest

from autograder.cli import main
from tests.conftest import EXAMPLES

A = "a2_functions"
REFERENCE = (EXAMPLES / A / "reference" / "functions.py").read_text()
STUB = (EXAMPLES / A / "stub" / "functions.py").read_text()


def run(*args):
    return main(["run", *map(str, args), "--quiet", "--jobs", "1"])


def records(out):
    return json.loads((out / "results.json").read_text())


def test_run_writes_one_record_per_submission_with_the_documented_fields(tmp_path):
    assert run(A, EXAMPLES / A, "--out", tmp_path) == 0
    results = records(tmp_path)
    assert sorted(r["student_id"] for r in results) == sorted(p.name for p in (EXAMPLES / A).iterdir())
    for r in results:
        assert {"student_id", "assignment", "score", "max_score", "status", "tests"} <= set(r)
        for t in r["tests"]:
            assert {"name", "score", "max_score", "status", "feedback", "visibility"} <= set(t)
    with open(tmp_path / "grades.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0]) == ["student_id", "assignment", "score", "max_score", "status"]
    assert {r["student_id"]: float(r["score"]) for r in rows} == {r["student_id"]: r["score"] for r in results}


def test_a_single_module_path_is_one_submission(tmp_path):
    assert run(A, EXAMPLES / A / "reference" / "functions.py", "--out", tmp_path) == 0
    (only,) = records(tmp_path)
    assert only["student_id"] == "functions" and only["score"] == only["max_score"]


def test_the_korean_run_gives_korean_feedback(tmp_path):
    assert main(["run", A, str(EXAMPLES / A / "stub"), "--out", str(tmp_path), "--quiet", "--lang", "ko"]) == 0
    assert "아직 구현되지 않았습니다" in records(tmp_path)[0]["tests"][0]["feedback"]


@pytest.mark.parametrize("args, message", [
    (["run", "a2_functon", "."], "Did you mean 'a2_functions'"),
    (["run", A, "/nonexistent/submissions"], "no such file or folder"),
])
def test_bad_arguments_exit_2_with_a_clear_message(args, message, capsys):
    assert main(args + ["--quiet"]) == 2
    assert message in capsys.readouterr().err


def test_an_empty_folder_is_a_clear_error(tmp_path, capsys):
    (tmp_path / "subs").mkdir()
    assert run(A, tmp_path / "subs", "--out", tmp_path / "out") == 2
    assert "no submissions found" in capsys.readouterr().err


def make(folder, files):
    folder.mkdir(parents=True)
    for name, data in files.items():
        path = folder / name
        path.write_bytes(data if isinstance(data, bytes) else data.encode())
    return folder


def test_every_bad_submission_gets_a_record_with_a_reason_and_the_batch_goes_on(tmp_path):
    subs = tmp_path / "subs"
    make(subs / "misnamed", {"function.py": REFERENCE})
    make(subs / "syntax_error", {"functions.py": REFERENCE + "\ndef broken(:\n    pass\n"})
    make(subs / "latin1", {"functions.py": "# caf\xe9\n".encode("latin-1") + REFERENCE.encode()})
    make(subs / "huge", {"functions.py": b"#" * 2_000_000})
    make(subs / "bad_notebook", {"a2.ipynb": "{not json"})
    make(subs / "김 학생 01", {"functions.py": REFERENCE})
    make(subs / "ok", {"functions.py": REFERENCE})
    (subs / "linked").mkdir()
    (subs / "linked" / "functions.py").symlink_to(EXAMPLES / A / "reference" / "functions.py")
    (subs / "archive.zip").write_bytes(b"PK\x03\x04")
    assert run(A, subs, "--out", tmp_path / "out") == 0
    by_id = {r["student_id"]: r for r in records(tmp_path / "out")}
    assert set(by_id) == {"misnamed", "syntax_error", "latin1", "huge", "bad_notebook", "김 학생 01", "ok",
                          "linked", "archive"}
    assert "rename it to functions.py" in by_id["misnamed"]["reason"]
    assert by_id["misnamed"]["status"] == "error"
    syntax = by_id["syntax_error"]
    assert syntax["status"] == "graded" and syntax["score"] == 0
    assert "SyntaxError" in syntax["tests"][0]["feedback"] and "line " in syntax["tests"][0]["feedback"]
    assert "not UTF-8" in by_id["latin1"]["reason"]
    assert "larger than" in by_id["huge"]["reason"]
    assert "not a readable notebook" in by_id["bad_notebook"]["reason"]
    assert "symbolic link" in by_id["linked"]["reason"]
    assert "not a Python file or notebook" in by_id["archive"]["reason"]
    assert by_id["김 학생 01"]["score"] == by_id["ok"]["score"] == by_id["ok"]["max_score"]
    assert all(r["status"] == "error" and r["score"] is None for i, r in by_id.items()
               if i in {"misnamed", "latin1", "huge", "bad_notebook", "linked", "archive"})


def comparable(results):
    return [{k: v for k, v in r.items() if k not in ("duration", "output")} for r in results]


def test_a_killed_batch_resumed_equals_an_uninterrupted_one(tmp_path):
    subs = tmp_path / "subs"
    slow = "import time\ntime.sleep(0.4)\n"
    for i in range(8):
        make(subs / f"s{i}", {"functions.py": slow + (REFERENCE if i % 2 else STUB)})
    # no preflight: the test is about the journal, and on a loaded machine the preflight's seconds
    # came out of the wait below
    command = [sys.executable, "-m", "autograder", "run", A, str(subs), "--quiet", "--jobs", "1", "--no-preflight"]
    killed, whole = tmp_path / "killed", tmp_path / "whole"
    proc = subprocess.Popen(command + ["--out", str(killed)], stderr=subprocess.DEVNULL, start_new_session=True)
    journal = killed / "journal.jsonl"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if journal.exists() and len(journal.read_text().splitlines()) >= 4:  # header + 3 records
            break
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert not (killed / "results.json").exists()
    done_before = len(journal.read_text().splitlines()) - 1
    assert 3 <= done_before < 8
    subprocess.run(command + ["--out", str(killed), "--resume"], check=True, stderr=subprocess.DEVNULL)
    subprocess.run(command + ["--out", str(whole)], check=True, stderr=subprocess.DEVNULL)
    assert comparable(records(killed)) == comparable(records(whole))
    lines = journal.read_text().splitlines()[1:]
    assert len([json.loads(line) for line in lines if line.startswith('{"key"')]) == 8  # nothing graded twice


def test_a_torn_last_journal_line_is_ignored_and_regraded(tmp_path):
    assert run(A, EXAMPLES / A, "--out", tmp_path) == 0
    journal = tmp_path / "journal.jsonl"
    lines = journal.read_text().splitlines(keepends=True)
    journal.write_text("".join(lines[:-1]) + lines[-1][:40])  # killed while writing the last record
    before = records(tmp_path)
    assert main(["run", A, str(EXAMPLES / A), "--out", str(tmp_path), "--quiet", "--jobs", "1", "--resume"]) == 0
    assert comparable(records(tmp_path)) == comparable(before)
    assert all(json.loads(line) for line in journal.read_text().splitlines()[len(lines):])


def test_a_journal_of_another_assignment_is_refused(tmp_path, capsys):
    assert run(A, EXAMPLES / A / "reference", "--out", tmp_path) == 0
    assert main(["run", "a1_perceptron", str(EXAMPLES / A / "reference"), "--out", str(tmp_path), "--quiet",
                 "--resume"]) == 2
    assert "journal of a2_functions" in capsys.readouterr().err


def test_two_jobs_give_the_same_records_in_the_same_order_as_one(tmp_path):
    assert main(["run", A, str(EXAMPLES / A), "--quiet", "--jobs", "1", "--out", str(tmp_path / "one")]) == 0
    assert main(["run", A, str(EXAMPLES / A), "--quiet", "--jobs", "2", "--out", str(tmp_path / "two")]) == 0
    assert comparable(records(tmp_path / "one")) == comparable(records(tmp_path / "two"))
    assert (tmp_path / "one" / "grades.csv").read_text() == (tmp_path / "two" / "grades.csv").read_text()
