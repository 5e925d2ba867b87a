"""What the student's code prints: kept per test, shown to the student only from import time and
visible tests, read and cut by the grader itself; and every test record's stable id."""
from __future__ import annotations

import ast
import json
import re
from types import SimpleNamespace

import pytest

from autograder.grading import Grader
from autograder.plugin import SPEC, GradingPlugin, Spec
from autograder.supervisor import Worker
from autograder.report import student as student_page
from autograder.sandbox import OUTPUT_PER_SUBMISSION, OUTPUT_PER_TEST
from autograder.writers import results_json
from tests.conftest import EXAMPLES, ROOT

A = "a2_functions"
REFERENCE = (EXAMPLES / A / "reference" / "functions.py").read_text()
HIDDEN_SOFTMAX = "softmax on a 2-D batch normalises each row"
VISIBLE_SOFTMAX = "softmax([0.3, 2.9, 4.0]) and softmax([1, 1, 2]) match the lecture"
VISIBLE_SIGMOID = "sigmoid([-1, 1, 2]) matches 1 / (1 + exp(-x))"
MUTATION = "activation functions do not modify the array they are given"  # calls softmax too
MARKER = "output truncated"

ECHO = REFERENCE + '''
print("hello from import time")
_softmax = softmax
def softmax(x):
    print("softmax got", repr(np.asarray(x).tolist()))
    return _softmax(x)
'''

CRASHES_ON_THE_LECTURE_INPUT = REFERENCE + '''
import os
print("imported")
_sigmoid = sigmoid
def sigmoid(x):
    if np.array_equal(x, [-1.0, 1.0, 2.0]):
        print("sigmoid is about to crash")
        os._exit(3)
    return _sigmoid(x)
'''

# Asks nothing of the grader: rewrites the worker's own answer to "what did I print?"
FORGES_OUTPUT = REFERENCE + '''
import sys
_serve = sys.modules["autograder.worker.serve"]
_serve.Server.op_output = lambda self, msg: "FORGED " * 2_000_000
'''

FLOOD = REFERENCE + '''
import sys
sys.stdout.write("x" * 50_000_000 + "\\n")
_softmax = softmax
def softmax(x):
    sys.stdout.write("y" * 1_000_000 + "\\n")
    return _softmax(x)
'''


def grade(tmp_path, name: str, source: str, lang: str = "en"):
    (tmp_path / name).mkdir()
    (tmp_path / name / "functions.py").write_text(source)
    return Grader(A, jobs=1, lang=lang, call_timeout=5).grade_one(tmp_path / name)


def by_name(result):
    return {t.name: t for t in result.tests}


@pytest.fixture(scope="module")
def echo(tmp_path_factory):
    return grade(tmp_path_factory.mktemp("echo"), "echo", ECHO)


# ---------------------------------------------------------------- who sees what


def test_a_hidden_tests_input_printed_by_the_student_reaches_only_the_staff(echo, tmp_path):
    hidden = by_name(echo)[HIDDEN_SOFTMAX]
    assert hidden.visibility == "hidden" and hidden.status == "passed"
    printed = [ln for ln in hidden.output.splitlines() if ln.startswith("softmax got")]
    assert len(printed) == 1 and "500." in printed[0]  # row 1 of the hidden input is shifted by 500
    values = re.findall(r"-?\d+\.\d{6,}", printed[0])
    assert len(values) == 12
    page = student_page.render(echo, "en")
    for value in values:
        assert value not in echo.output and value not in page
    results_json.write([echo], tmp_path / "results.json")
    (record,) = json.loads((tmp_path / "results.json").read_text())
    (kept,) = [t for t in record["tests"] if t["name"] == HIDDEN_SOFTMAX]
    assert kept["output"] == hidden.output  # staff keep it


def test_nothing_printed_during_a_hidden_test_reaches_the_student(echo):
    shown = echo.output + student_page.render(echo, "en")
    for t in echo.tests:
        if t.visibility != "visible":
            for line in t.output.splitlines():
                assert line not in shown, (t.name, line)
    assert any(t.output for t in echo.tests if t.visibility != "visible")


def test_a_visible_tests_print_is_shown_under_its_title(echo):
    visible = by_name(echo)[VISIBLE_SOFTMAX]
    assert visible.visibility == "visible"
    assert visible.output == "softmax got [0.3, 2.9, 4.0]\nsoftmax got [1.0, 1.0, 2.0]\n"
    assert f"--- {VISIBLE_SOFTMAX} ---\n{visible.output}" in echo.output
    assert "softmax got [0.3, 2.9, 4.0]" in student_page.render(echo, "en")


def test_import_time_output_is_shown_and_belongs_to_no_test(echo):
    assert "--- functions.py ---\nhello from import time\n" in echo.output
    assert all("hello from import time" not in t.output for t in echo.tests)
    assert all(not t.output for t in echo.tests if "softmax" not in t.name and t.name != MUTATION)
    assert by_name(echo)[MUTATION].output.startswith("softmax got")


def test_a_print_before_a_crash_is_kept_and_later_tests_still_capture(tmp_path):
    result = grade(tmp_path, "crash", CRASHES_ON_THE_LECTURE_INPUT)
    crashed = by_name(result)[VISIBLE_SIGMOID]
    assert crashed.status == "error" and crashed.output == "sigmoid is about to crash\n"
    assert f"--- {VISIBLE_SIGMOID} ---\nsigmoid is about to crash\n--- functions.py ---\nimported\n" in result.output
    assert result.output.count("--- functions.py ---\nimported\n") == 2  # the new worker imports again
    assert [t.name for t in result.tests if t.status != "passed"] == [VISIBLE_SIGMOID]


# ---------------------------------------------------------------- the grader reads and cuts it


def test_the_grader_does_not_take_the_workers_word_for_what_was_printed(tmp_path):
    result = grade(tmp_path, "forger", FORGES_OUTPUT + '\nprint("honest line")\n')
    assert "FORGED" not in result.output and all("FORGED" not in t.output for t in result.tests)
    assert "honest line" in result.output


@pytest.mark.slow
def test_fifty_megabytes_of_prints_are_cut_by_the_grader(tmp_path, monkeypatch):
    read = []
    original = Worker.output

    def counting(self, *args, **kwargs):
        answer = original(self, *args, **kwargs)
        read.append(len(answer[0]))
        return answer

    monkeypatch.setattr(Worker, "output", counting)
    result = grade(tmp_path, "flood", FLOOD)
    assert result.status == "graded" and result.score == result.max_score
    assert sum(read) <= OUTPUT_PER_SUBMISSION  # the grader never reads the 50 MB
    softmax_tests = [t for t in result.tests if "softmax" in t.name or t.name == MUTATION]
    assert len(softmax_tests) == 4
    for t in result.tests:
        assert len(t.output.encode()) <= OUTPUT_PER_TEST + 100
        assert (MARKER in t.output) == (t in softmax_tests)
    assert len(result.output.encode()) <= OUTPUT_PER_SUBMISSION + 1000
    assert "--- functions.py ---\n" + "x" * 1000 in result.output and MARKER in result.output
    assert "y" * 1000 in result.output  # a visible softmax test's part


def test_the_truncation_marker_is_in_the_students_language(tmp_path):
    result = grade(tmp_path, "flood_ko", 'import sys\nsys.stdout.write("z" * 100_000)\n' + REFERENCE, lang="ko")
    assert "출력" in result.output and MARKER not in result.output


# ---------------------------------------------------------------- ids


def suite_functions(assignment_id: str) -> set[str]:
    names = set()
    for path in (ROOT / "source_lib" / assignment_id / "suite").glob("test_*.py"):
        tree = ast.parse(path.read_text())
        names |= {n.name for n in tree.body if isinstance(n, ast.FunctionDef) and n.name.startswith("test_")}
    return names


def test_every_record_has_its_test_functions_name_as_id_in_every_language(tmp_path, echo):
    korean = grade(tmp_path, "echo", ECHO, lang="ko")
    ids = [t.id for t in echo.tests]
    assert ids == [t.id for t in korean.tests]
    assert [t.name for t in echo.tests] != [t.name for t in korean.tests]
    assert len(set(ids)) == len(ids) and set(ids) == suite_functions(A)


def test_ids_are_unique_in_every_suite():
    for folder in (ROOT / "source_lib").glob("*/suite"):
        if folder.is_dir():
            found = []
            for path in folder.glob("test_*.py"):
                tree = ast.parse(path.read_text())
                found += [n.name for n in tree.body if isinstance(n, ast.FunctionDef) and n.name.startswith("test_")]
            assert found and len(found) == len(set(found)), folder.name


def test_the_fallback_record_has_an_id_too():
    plugin = GradingPlugin(A, lambda plugin: None)
    item = SimpleNamespace(name="test_x[3-4]", nodeid="suite.py::test_x[3-4]",
                           stash={SPEC: Spec(2.0, "hidden", {"en": "x", "ko": "엑스"})})
    run = SimpleNamespace(outcomes={}, printed=[])
    record = plugin._test_result(item, run)
    assert (record.id, record.name, record.score, record.max_score) == ("test_x[3-4]", "x", 0.0, 2.0)


def test_the_student_page_shows_the_records_output_never_a_tests_own():
    from autograder.results import Result, TestResult

    tests = [TestResult("a visible test", 1, 1, "passed", output="visible-print\n", id="test_v"),
             TestResult("a hidden test", 0, 2, "failed", "wrong", "hidden", output="hidden-input-4.2817\n", id="test_h"),
             TestResult("a late test", 0, 2, "failed", "wrong", "after_due_date", output="late-input-9.1\n", id="test_l")]
    result = Result("s1", A, 1, 5, tests=tests, output="--- a visible test ---\nvisible-print\n")
    for lang in ("en", "ko"):
        page = student_page.render(result, lang)
        assert "visible-print" in page and "hidden-input" not in page and "late-input" not in page
