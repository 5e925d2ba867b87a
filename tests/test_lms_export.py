"""`autograder export` writes a Canvas gradebook CSV that Canvas's importer reads as meant (checked
against a transcription of its rules, ``canvas_import`` below) and JUnit XML that parses and
carries the right totals; it prints no class-wide total, and one line per submission with --summary."""
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
        captured = capsys.readouterr()
        export.err = captured.err
        return rows, ET.parse(tmp_path / "junit.xml").getroot(), captured.out
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
    assert set(by_login) == {"reference", "stub"}  # the two the roster does not have are left out, and named
    assert ("2 student(s) are not in the roster and were left out of" in exported.err
            and "relu_in_place, softmax_no_max_shift" in exported.err)
    rows, _, _ = exported(None, "--roster", str(roster), "--keep-unmatched")
    by_login = {row[3]: row for row in rows[2:]}
    assert by_login["softmax_no_max_shift"][:5] == ["softmax_no_max_shift", "", "", "softmax_no_max_shift", ""]
    assert len(by_login) == 4 and "were kept with their student id" in exported.err


def test_canvas_csv_has_a_column_per_assignment_and_leaves_missing_work_empty(exported):
    def record(student, assignment, score, max_score):
        return Result(student, assignment, score, max_score, tests=[TestResult("t", score, max_score, "passed")])

    rows, _, _ = exported([record("bo", A, 30, 37), record("amy", A, 37, 37), record("amy", "a1_perceptron", 9, 10)])
    assert rows[0][5:] == ["a1_perceptron", A] and rows[1][5:] == ["10", "37"]
    assert [row[3:] for row in rows[2:]] == [["amy", "", "9", "37"], ["bo", "", "", "30"]]


def test_canvas_csv_never_turns_a_grader_failure_into_a_zero(exported, results, capsys):
    ref = results[0]
    broken = dataclasses.replace(ref.tests[0], score=0.0, status="error", grader_error="Traceback")
    failed = dataclasses.replace(ref, student_id="amy", tests=[broken] + ref.tests[1:], score=ref.score - 2)
    lost = Result.grader_failure("bo", A, 0.0, "not graded: the grader lost 1 submission(s)")
    unreadable = Result.failed("cy", A, 37.0, "cy.ipynb is not a readable notebook: invalid JSON")
    rows, _, out = exported([failed, lost, unreadable, results[1]], code=1)  # 1: the grader failed on amy and bo
    # a blank cell would clear a grade Canvas holds: a student with nothing graded gets no row at all
    assert [row[3] for row in rows[2:]] == ["softmax_no_max_shift"] and rows[2][5] == "35"
    assert out == ""
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


def test_export_prints_no_class_wide_total_and_one_line_per_submission_with_summary(exported, results):
    assert exported()[2] == ""  # no "Points X/Y": nothing reads a class-wide total
    _, _, out = exported(None, "--summary")
    assert out.splitlines() == [f"{r.student_id}\t{A}\t{r.score:g}/37" for r in results]
    assert out.splitlines()[1] == "softmax_no_max_shift\ta2_functions\t35/37"
    _, _, out = exported([Result.failed("cy", A, 37.0, "cy.ipynb is not a readable notebook")], "--summary")
    assert out == "cy\ta2_functions\tnot graded (error: cy.ipynb is not a readable notebook)\n"
    assert not hasattr(junit_xml, "points_line")


def test_the_roster_reader_skips_the_points_possible_row(tmp_path):
    roster = tmp_path / "export.csv"
    roster.write_text("\ufeffStudent,ID,SIS User ID,SIS Login ID,Section\nPoints Possible,,,,\n"
                      "Amy,1,u1,amy,S\n", encoding="utf-8")
    table = canvas_csv.read_roster(roster)
    assert set(table) == {"1", "u1", "amy"} and table["amy"]["Student"] == "Amy"


# Canvas's importer, transcribed from instructure/canvas-lms app/models/gradebook_importer.rb
# (header?, update_column_count, parse_assignments, check_for_non_student_row, process_student,
# process_submissions) and the browser step that posts the grades (process_gradebook_upload).
NON_ASSIGNMENT = re.compile("Current Score|Current Points|Current Grade|Final Score|Final Points|Final Grade|"
                            "Override Score|Override Grade|Override Status")
COURSE = {  # a Canvas course: its students and assignments
    "students": [
        {"id": 1234, "name": "Alice Kim", "sortable_name": "Kim, Alice", "sis_user_id": "2024001", "login": "alice"},
        {"id": 1235, "name": "Bo Lee", "sortable_name": "Lee, Bo", "sis_user_id": "2024002", "login": "bo"},
        {"id": 1236, "name": "Cy Park", "sortable_name": "Park, Cy", "sis_user_id": "", "login": "cy.park"},
    ],
    "assignments": {48213: "A2: functions"},
}


def canvas_import(path, course=COURSE):
    """What Canvas makes of the CSV at ``path``: {"assignments": [(title, Canvas id or None)],
    "points": {title: points}, "grades": {Canvas user id or "new: <name>": {title: cell or None}}}."""
    text = path.read_text(encoding="utf-8")
    rows = [row for row in csv.reader(text.splitlines()) if not re.fullmatch(r"[;, ]*", ",".join(row))]
    header = rows[0]
    assert len(header) > 3 and "Student" in header[0] and "ID" in header[1], "InvalidHeaderRow"
    columns, sis_col, login_col = 3, None, None
    if re.search(r"SIS\s+Login\s+ID", header[2]):
        columns, login_col = 4, 2
    elif re.search(r"SIS\s+User\s+ID", header[2]) and re.search(r"SIS\s+Login\s+ID", header[3]):
        columns, sis_col, login_col = 5, 2, 3
    assert "Section" in header[columns - 1], "InvalidHeaderRow: the last identity column is not Section"
    assignments = {}  # column index → (title, Canvas id or None)
    for i, name in enumerate(header[columns:], columns):
        if NON_ASSIGNMENT.search(name):
            continue
        m = re.fullmatch(r"(.*)\s\((\d+)\)", name)
        title, canvas_id = (m.group(1), int(m.group(2))) if m else (name, None)
        if canvas_id not in course["assignments"]:  # then by its exact title, else a new one
            canvas_id = next((k for k, t in course["assignments"].items() if t == name), None)
        assignments[i] = (title, canvas_id)
    points, grades = {}, {}
    for row in rows[1:]:
        if "Points Possible" in row[0]:
            points = {assignments[i][0]: row[i] for i in assignments if row[i]}
            continue
        if all(re.fullmatch(r"\s*(Muted|Manual Posting.*)?\s*", c, re.IGNORECASE) for c in row):
            continue
        found = next((s for s in course["students"] if row[1].strip().isdigit() and s["id"] == int(row[1])), None)
        found = found or next((s for s in course["students"] if sis_col is not None and row[sis_col]
                               and s["sis_user_id"] == row[sis_col]), None)
        found = found or next((s for s in course["students"] if login_col is not None and row[login_col]
                               and s["login"] == row[login_col]), None)
        found = found or next((s for s in course["students"] if row[0] in (s["name"], s["sortable_name"])), None)
        key = found["id"] if found else f"new: {row[0]}"
        assert key not in grades, f"{key} has two rows"
        grades[key] = {assignments[i][0]: (row[i].strip() or None) for i in assignments}
    return {"assignments": list(assignments.values()), "points": points, "grades": grades}


def _graded(student, score, assignment=A, max_score=37.0):
    return Result(student, assignment, score, max_score, tests=[TestResult("t", score, max_score, "passed")])


def test_canvas_places_every_row_on_the_student_the_roster_names(exported, tmp_path):
    roster = tmp_path / "export.csv"  # as Canvas exports it: a Manual Posting row, then Points Possible
    roster.write_text("Student,ID,SIS User ID,SIS Login ID,Section,A2: functions (48213)\n"
                      ",,,,,Manual Posting\n"
                      "    Points Possible,,,,,37\n"
                      '"Kim, Alice",1234,2024001,alice,DL 101,\n'
                      '"Lee, Bo",1235,2024002,bo,DL 102,\n'
                      '"Park, Cy",1236,,cy.park,"DL 101 and DL 102",\n', encoding="utf-8")
    records = [_graded("alice", 35), _graded("2024002", 30.5), _graded("1236", 37), _graded("dora", 12)]
    exported(records, "--roster", str(roster), "--canvas-id", f"{A}=48213")
    seen = canvas_import(tmp_path / "grades.csv")
    assert seen["assignments"] == [(A, 48213)] and seen["points"] == {A: "37"}
    # matched on SIS Login ID, SIS User ID and Canvas ID; dora (not in the roster) left out and named
    assert seen["grades"] == {1234: {A: "35"}, 1235: {A: "30.5"}, 1236: {A: "37"}}
    assert "1 student(s) are not in the roster" in exported.err and "dora" in exported.err
    rows = list(csv.reader((tmp_path / "grades.csv").read_text().splitlines()))
    assert [row[:5] for row in rows if row[3] == "cy.park"] == [  # two sections: one row
        ["Park, Cy", "1236", "", "cy.park", "DL 101 and DL 102"]]


def test_without_a_roster_canvas_finds_students_by_sis_login_id_and_creates_a_new_assignment(exported, tmp_path):
    exported([_graded("alice", 35), _graded("cy.park", 36.6), _graded("zed", 1)])
    seen = canvas_import(tmp_path / "grades.csv")
    assert seen["assignments"] == [(A, None)] and seen["points"] == {A: "37"}  # new, worth 37
    assert seen["grades"] == {1234: {A: "35"}, 1236: {A: "36.6"}, "new: zed": {A: "1"}}


def test_an_empty_cell_appears_only_beside_a_number_and_a_student_with_none_gets_no_row(exported, tmp_path):
    failed = Result.grader_failure("bo", A, 37.0, "the grader lost it")
    records = [_graded("alice", 9, "a1_perceptron", 19), Result.failed("alice", A, 37.0, "unreadable"),
               _graded("cy.park", 30), failed]
    exported(records, code=1)
    seen = canvas_import(tmp_path / "grades.csv")
    # bo has nothing graded: no row, so Canvas keeps bo's grades; alice's blank a2 cell is one Canvas
    # reads as a blank grade (it would clear one it holds), next to her a1 score
    assert seen["grades"] == {1234: {"a1_perceptron": "9", A: None}, 1236: {"a1_perceptron": None, A: "30"}}
    assert seen["points"] == {"a1_perceptron": "19", A: "37"}
    assert "1 student(s) have no graded record and got no row" in exported.err and "bo" in exported.err


def test_canvas_csv_quotes_what_needs_it_and_never_writes_a_quoted_empty_cell(exported, tmp_path):
    roster = tmp_path / "export.csv"
    roster.write_text('Student,ID,SIS User ID,SIS Login ID,Section\n"Kim, ""Al"" Alice",1234,,alice,"A, B"\n',
                      encoding="utf-8")
    exported([_graded("alice", 35)], "--roster", str(roster))
    text = (tmp_path / "grades.csv").read_text(encoding="utf-8")
    assert text.splitlines()[2] == '"Kim, ""Al"" Alice",1234,,alice,"A, B",35'
    assert '""' not in text.replace('""Al""', "")  # Ruby's CSV reads "" as an empty string, not nil
    assert canvas_import(tmp_path / "grades.csv")["grades"] == {1234: {A: "35"}}


def test_the_roster_reader_takes_a_semicolon_export_and_prefers_the_login_column(tmp_path):
    roster = tmp_path / "export.csv"
    roster.write_text("Student;ID;SIS User ID;SIS Login ID;Section\n    Points Possible;;;;\n"
                      "Amy;1;bo;amy;S\nBo;2;u2;bo;S\n", encoding="utf-8")
    table = canvas_csv.read_roster(roster)
    assert table["bo"]["Student"] == "Bo"  # bo is Bo's login, before it is Amy's SIS User ID
    assert table["amy"]["ID"] == "1" and table["2"]["Student"] == "Bo" and "Points Possible" not in str(table)


def test_export_course_id_is_nbgrader_course_id_and_the_old_spelling_still_works(monkeypatch, tmp_path, capsys):
    from autograder.commands import export

    seen = []
    monkeypatch.setattr(export, "write_gradebook", lambda results, url, course_id: seen.append(course_id) or 0)
    results_json.write([_graded("amy", 30)], tmp_path / "results.json")
    assert cli.main(["export", str(tmp_path / "results.json"), "--nbgrader-db", "sqlite:///x.db",
                     "--nbgrader-course-id", "dl"]) == 0
    assert "deprecated" not in capsys.readouterr().err
    assert cli.main(["export", str(tmp_path / "results.json"), "--nbgrader-db", "sqlite:///x.db",
                     "--course-id", "old"]) == 0
    assert seen == ["dl", "old"]
    assert "--course-id is deprecated: use --nbgrader-course-id" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        cli.main(["export", "--help"])
    assert "--nbgrader-course-id" in capsys.readouterr().out.replace("\n", " ")


def test_keep_unmatched_without_a_roster_is_refused(tmp_path, capsys):
    results_json.write([_graded("amy", 30)], tmp_path / "results.json")
    assert cli.main(["export", str(tmp_path / "results.json"), "--keep-unmatched"]) == 2
    assert "--keep-unmatched goes with --roster" in capsys.readouterr().err
