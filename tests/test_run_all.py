"""``autograder run all``: every assignment a folder holds, in one invocation, each into OUT/<id>."""
from __future__ import annotations

import csv
import shutil

import pytest

from autograder import cli, course
from autograder.commands import run
from tests.conftest import EXAMPLES

A1, A2 = "a1_perceptron", "a2_functions"


def rows(path):
    with open(path, newline="", encoding="utf-8") as f:
        return [(r["student_id"], r["assignment"], r["score"], r["max_score"], r["status"]) for r in csv.DictReader(f)]


def test_one_students_folder_per_assignment_is_graded_under_the_students_id(tmp_path):
    """``alice/<assignment>/`` holds alice's modules: each record is alice's, with the score the
    assignment's own run gives."""
    alice = tmp_path / "alice"
    shutil.copytree(EXAMPLES / A1 / "reference", alice / A1)
    shutil.copytree(EXAMPLES / A2 / "cee_sign", alice / A2)
    (alice / "notes").mkdir()  # not an assignment: not graded
    out = tmp_path / "out"
    assert cli.main(["run", "all", str(alice), "--jobs", "1", "--quiet", "--out", str(out)]) == 0
    assert sorted(p.name for p in out.iterdir()) == [A1, A2]
    assert rows(out / A1 / "grades.csv") == [("alice", A1, "19", "19", "graded")]
    assert cli.main(["run", A2, str(EXAMPLES / A2 / "cee_sign"), "--jobs", "1", "--quiet", "--no-preflight",
                     "--out", str(tmp_path / "alone")]) == 0
    ((_, _, alone, _, _),) = rows(tmp_path / "alone" / "grades.csv")
    assert float(alone) < 37
    assert rows(out / A2 / "grades.csv") == [("alice", A2, alone, "37", "graded")]


def test_a_class_folder_per_assignment_keeps_each_students_id_and_the_worst_exit_code(tmp_path):
    """``submissions/<assignment>/<student>/``: every student of every assignment; with
    ``--fail-under 100%`` the one below it makes the whole run exit 3."""
    subs = tmp_path / "subs"
    shutil.copytree(EXAMPLES / A1 / "reference", subs / A1 / "bob")
    for student, example in (("bob", "reference"), ("carol", "step_ge")):
        shutil.copytree(EXAMPLES / A2 / example, subs / A2 / student)
    out = tmp_path / "out"
    assert cli.main(["run", "all", str(subs), "--jobs", "2", "--quiet", "--out", str(out), "--fail-under", "100%"]) == 3
    assert rows(out / A1 / "grades.csv") == [("bob", A1, "19", "19", "graded")]
    assert [r[0] for r in rows(out / A2 / "grades.csv")] == ["bob", "carol"]
    assert float(rows(out / A2 / "grades.csv")[1][2]) < 37


def test_a_folder_without_an_assignment_folder_is_refused_with_what_was_expected(tmp_path, capsys):
    (tmp_path / "subs" / "alice").mkdir(parents=True)
    assert cli.main(["run", "all", str(tmp_path / "subs"), "--quiet", "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert "holds no folder named after an assignment" in err and A1 in err
    assert not (tmp_path / "out").exists()


def test_all_is_a_word_of_run_only_and_no_assignment_may_take_it(tmp_path, capsys):
    assert cli.main(["check", "all", str(EXAMPLES / A2 / "reference" / "functions.py")]) == 2
    assert "unknown assignment 'all'" in capsys.readouterr().err
    assert run.ALL in course.RESERVED_IDS
    folder = tmp_path / "all"
    folder.mkdir()
    (folder / course.MANIFEST).write_text('title = "x"\nmodules = ["x"]\n')
    with pytest.raises(course.CourseError, match="may not be called 'all'"):
        course.read_manifest(folder)


def test_the_severity_of_exit_codes():
    """Bad arguments (2) over a grade the grader cannot defend (1) over a score below the bar (3)."""
    assert max((0, 3, 1), key=run.SEVERITY.index) == 1 and max((3, 2, 0), key=run.SEVERITY.index) == 2
    assert max((0, 3), key=run.SEVERITY.index) == 3


def test_side_by_side_the_tables_come_out_in_course_order(tmp_path, capsys):
    """With ``--jobs 2`` the assignments are graded at once (the later first), yet each table is
    printed whole and a1's before a2's, as one after the other would."""
    alice = tmp_path / "alice"
    for a in (A1, A2):
        shutil.copytree(EXAMPLES / a / "reference", alice / a)
    assert cli.main(["run", "all", str(alice), "--jobs", "2", "--out", str(tmp_path / "out")]) == 0
    out, err = capsys.readouterr()
    assert out.index(f"{A1}: 1 submission") < out.index(f"{A2}: 1 submission")
    assert out.count("alice") == 2 and err.index(f"{A1}/results.json") < err.index(f"{A2}/results.json")
