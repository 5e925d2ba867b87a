"""`autograder export` writes a Canvas gradebook CSV and JUnit XML that parse and carry the right
totals, and prints the points line GitHub Classroom reads."""
import csv
import dataclasses
import re
import xml.etree.ElementTree as ET

import pytest

from autograder import cli
from autograder.results import Result, TestResult
from autograder.writers import canvas_csv, junit_xml, results_json

A = "a2_functions"
STUDENTS = ("reference", "softmax_no_max_shift", "stub", "relu_in_place")


@pytest.fixture(scope="module")
def results(graded_examples) -> list[Result]:
    return [graded_examples(A)[s] for s in STUDENTS]


@pytest.fixture
def exported(results, tmp_path, capsys):
    """Run `autograder export` on a results.json; return (canvas rows, junit root, stdout)."""
    def export(records=None, *options, code=0):
        results_json.write(records or results, tmp_path / "results.json")
        assert code == cli.main(["export", str(tmp_path / "results.json"), "--canvas", str(tmp_path / "grades.csv"),
                                 "--junit", str(tmp_path / "junit.xml"), *options])
        with open(tmp_path / "grades.csv", newline="", encoding="utf-8") as f:
            rows = list(csv.reader(f))
        return rows, ET.parse(tmp_path / "junit.xml").getroot(), capsys.readouterr().out
    return export


def test_canvas_csv_has_the_identity_columns_then_one_column_per_assignment(exported):
    rows, _, _ = exported(None, "--canvas-id", f"{A}=48213")
    assert rows[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", f"{A} (48213)"]
    assert rows[1] == ["Points Possible", "", "", "", "", "37"]


def test_canvas_csv_carries_each_students_total(exported, results):
    rows, _, _ = exported()
    scores = {row[3]: float(row[5]) for row in rows[2:]}
    assert scores == {r.student_id: r.score for r in results}
    assert scores["softmax_no_max_shift"] == 35.0 and scores["relu_in_place"] == pytest.approx(36.6)


def test_canvas_csv_takes_identities_from_a_canvas_gradebook_export(exported, tmp_path):
    roster = tmp_path / "canvas_export.csv"
    roster.write_text("Student,ID,SIS User ID,SIS Login ID,Section,Lab 1 (9)\n"
                      "    Points Possible,,,,,10\n"
                      '"Kim, Alice",1234,2024001,reference,DL 101,8\n'
                      '"Lee, Bo",1235,2024002,stub,DL 102,\n', encoding="utf-8")
    rows, _, _ = exported(None, "--roster", str(roster))
    by_login = {row[3]: row for row in rows[2:]}
    assert by_login["reference"][:5] == ["Kim, Alice", "1234", "2024001", "reference", "DL 101"]
    assert by_login["stub"][:5] == ["Lee, Bo", "1235", "2024002", "stub", "DL 102"]
    assert by_login["softmax_no_max_shift"][:5] == ["softmax_no_max_shift", "", "", "softmax_no_max_shift", ""]


def test_canvas_csv_has_a_column_per_assignment_and_leaves_missing_work_empty(exported):
    def record(student, assignment, score, max_score):
        return Result(student, assignment, score, max_score, tests=[TestResult("t", score, max_score, "passed")])

    rows, _, _ = exported([record("bo", A, 30, 37), record("amy", A, 37, 37), record("amy", "a1_perceptron", 9, 10)])
    assert rows[0][5:] == ["a1_perceptron", A] and rows[1][5:] == ["10", "37"]
    assert [row[3:] for row in rows[2:]] == [["amy", "", "9", "37"], ["bo", "", "", "30"]]


def test_canvas_csv_never_turns_a_grader_failure_into_a_zero(exported, results):
    ref = results[0]
    broken = dataclasses.replace(ref.tests[0], score=0.0, status="error", grader_error="Traceback")
    failed = dataclasses.replace(ref, student_id="amy", tests=[broken] + ref.tests[1:], score=ref.score - 2)
    lost = Result.grader_failure("bo", A, 0.0, "not graded: the grader lost 1 submission(s)")
    unreadable = Result.failed("cy", A, 37.0, "cy.ipynb is not a readable notebook: invalid JSON")
    rows, _, out = exported([failed, lost, unreadable], code=1)  # 1: the grader failed on amy and bo
    assert {row[3]: row[5] for row in rows[2:]} == {"amy": "", "bo": "", "cy": ""}
    assert "Points" not in out


def test_junit_has_a_suite_per_submission_and_a_case_per_test_with_the_points(exported, results):
    _, root, _ = exported()
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == [f"{A}/{r.student_id}" for r in results]
    for suite, result in zip(suites, results):
        cases = suite.findall("testcase")
        assert len(cases) == int(suite.get("tests")) == len(result.tests)
        points = [{p.get("name"): p.get("value") for p in c.find("properties")} for c in cases]
        assert sum(float(p["score"]) for p in points) == pytest.approx(result.score)
        assert sum(float(p["max_score"]) for p in points) == result.max_score
        suite_props = {p.get("name"): p.get("value") for p in suite.find("properties")}
        assert float(suite_props["score"]) == pytest.approx(result.score)
        assert int(suite.get("failures")) == len(suite.findall("testcase/failure"))
        assert int(suite.get("errors")) == len(suite.findall("testcase/error"))
    assert int(root.get("tests")) == sum(len(r.tests) for r in results)


def test_junit_reports_wrong_answers_as_failures_and_raised_code_as_errors(exported):
    _, root, _ = exported()
    suites = {s.get("name").split("/")[1]: s for s in root.findall("testsuite")}
    (failure,) = suites["softmax_no_max_shift"].findall("testcase/failure")
    assert "contains NaN or inf" in failure.get("message") and "subtract np.max(x)" in failure.text
    stub_errors = suites["stub"].findall("testcase/error")
    assert len(stub_errors) == 21 and all("not implemented yet" in e.get("message") for e in stub_errors)
    assert not suites["reference"].findall("testcase/failure") + suites["reference"].findall("testcase/error")


def test_junit_gives_an_ungraded_submission_one_error_with_the_reason(exported):
    _, root, _ = exported([Result.failed("cy", A, 37.0, "cy.ipynb is not a readable notebook: invalid JSON")])
    (case,) = root.findall("testsuite/testcase")
    assert case.get("name") == "submission"
    assert case.find("error").get("message") == "cy.ipynb is not a readable notebook: invalid JSON"


def test_export_prints_the_points_line_github_classroom_reads(exported, results):
    _, _, out = exported()
    earned, possible = sum(r.score for r in results), sum(r.max_score for r in results)
    assert out == f"Points {earned:g}/{possible:g}\n"
    assert re.fullmatch(r"Points \d+(\.\d+)?/\d+(\.\d+)?\n", out)
    assert junit_xml.points_line(results[:1]) == "Points 37/37"


def test_the_roster_reader_skips_the_points_possible_row(tmp_path):
    roster = tmp_path / "export.csv"
    roster.write_text("\ufeffStudent,ID,SIS User ID,SIS Login ID,Section\nPoints Possible,,,,\n"
                      "Amy,1,u1,amy,S\n", encoding="utf-8")
    table = canvas_csv.read_roster(roster)
    assert set(table) == {"1", "u1", "amy"} and table["amy"]["Student"] == "Amy"
