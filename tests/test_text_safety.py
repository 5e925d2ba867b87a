"""No text, whatever its code points, stops the journal or a writer (lone surrogates included)."""
from __future__ import annotations

import json

from autograder import text
from autograder.journal import Journal
from autograder.results import Result, TestResult
from autograder.writers import canvas_csv, grades_csv, gradescope_json, junit_xml, results_json

BAD = "caf\udcff \ud800x"  # what os.fsdecode makes of a non-UTF-8 name, and a lone high surrogate


def hostile() -> Result:
    test = TestResult(f"softmax {BAD}", 0.0, 2.0, "error", f"your code raised ValueError: {BAD}",
                      id="test_softmax", output=f"printed {BAD}")
    return Result(f"student {BAD}", "a2_functions", 0.0, 37.0, tests=[test], output=BAD)


def test_safe_replaces_lone_surrogates_and_cuts():
    assert text.safe(BAD) == "caf\ufffd \ufffdx"
    assert text.safe("ab" * 10, limit=5) == "ababa …"
    assert text.safe_data({BAD: [BAD, (1, BAD)]}) == {"caf\ufffd \ufffdx": ["caf\ufffd \ufffdx", [1, "caf\ufffd \ufffdx"]]}


def test_the_journal_records_and_resumes_a_record_full_of_surrogates(tmp_path):
    journal = Journal(tmp_path, "a2_functions")
    journal.record(text.safe(f"key {BAD}"), hostile())
    journal.record("next", Result("bob", "a2_functions", 37.0, 37.0))  # the batch goes on
    journal.close()
    again = Journal(tmp_path, "a2_functions", resume=True)
    assert text.safe(f"key {BAD}") in again and "next" in again
    with again.reader() as read:
        assert read(text.safe(f"key {BAD}")).tests[0].feedback.endswith("caf\ufffd \ufffdx")
    again.close()


def test_every_writer_writes_a_record_full_of_surrogates(tmp_path):
    records = [hostile()]
    results_json.write(records, tmp_path / "results.json")
    assert json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))[0]["output"] == "caf\ufffd \ufffdx"
    grades_csv.write([r.summary() for r in records], tmp_path / "grades.csv")
    canvas_csv.write(records, tmp_path / "canvas.csv")
    junit_xml.write(records, tmp_path / "junit.xml")
    gradescope_json.write(records[0], tmp_path / "gradescope.json")
    for name in ("grades.csv", "canvas.csv", "junit.xml", "gradescope.json"):
        written = (tmp_path / name).read_text(encoding="utf-8")
        assert "caf\ufffd" in written, name


def test_control_characters_from_a_student_leave_junit_xml_readable(tmp_path):
    import xml.etree.ElementTree as ET

    raised = "your code raised ValueError: bad \x1b[31m \x00 \x0b value"
    result = Result("eve", "a2_functions", 0.0, 2.0, tests=[TestResult("softmax", 0.0, 2.0, "error", raised,
                                                                       id="test_softmax")])
    junit_xml.write([result], tmp_path / "junit.xml")
    root = ET.parse(tmp_path / "junit.xml").getroot()  # parses: no raw control character inside
    assert root.find("testsuite/testcase/error").text == "your code raised ValueError: bad \ufffd[31m \ufffd \ufffd value"


def test_an_id_that_would_start_a_spreadsheet_formula_is_written_as_text(tmp_path):
    import csv

    evil = ['=HYPERLINK("http://127.0.0.1/?"&C2,"x")', "@SUM(1+1)*cmd|' /C calc'!A0", "+1", "-2", "alice"]
    records = [Result(i, "a2_functions", 1.0, 37.0) for i in evil]
    grades_csv.write([r.summary() for r in records], tmp_path / "grades.csv")
    canvas_csv.write(records, tmp_path / "canvas.csv")
    ids = [row["student_id"] for row in csv.DictReader((tmp_path / "grades.csv").open())]
    assert ids == ["'" + i for i in evil[:4]] + ["alice"]
    rows = list(csv.reader((tmp_path / "canvas.csv").open()))[2:]
    assert all(not row[0].startswith(("=", "@", "+", "-")) for row in rows)
    assert [row[-1] for row in rows] == ["1"] * 5  # the scores stay numbers
