"""A test's spec and its outcome are plain functions: read and classified here without pytest."""
from __future__ import annotations

import pytest

from autograder import outcome, testspec
from autograder.checker import Mismatch
from autograder.problems import StudentError, WorkerCrashed, WorkerTimeout
from autograder.sandbox import Printed
from autograder.testspec import Spec, SpecError

DOC = """Softmax sums to one

    ko: 소프트맥스의 합은 1
    """


def test_a_spec_reads_points_visibility_and_both_titles():
    spec = testspec.read("suite.py::test_softmax", "test_softmax", DOC, (2,), ("hidden",))
    assert spec == Spec(2.0, "hidden", {"en": "Softmax sums to one", "ko": "소프트맥스의 합은 1"}, "test_softmax")
    assert spec.title == "Softmax sums to one"
    plain = testspec.read("s.py::test_x", "test_x", None, (1.5,), None)
    assert (plain.visibility, plain.titles) == ("visible", {"en": "test_x", "ko": "test_x"})


@pytest.mark.parametrize("points, visibility, says", [
    (None, None, r"needs @pytest.mark.points\(n\) with n > 0"), ((0,), None, "needs @pytest.mark.points"),
    (("2",), None, "needs @pytest.mark.points"), ((1, 2), None, "needs @pytest.mark.points"),
    ((1,), ("secret",), "visibility must be one of"),
])
def test_a_bad_mark_is_a_spec_error_naming_the_test(points, visibility, says):
    with pytest.raises(SpecError, match=says) as error:
        testspec.read("suite.py::test_x", "test_x", None, points, visibility)
    assert str(error.value).startswith("suite.py::test_x: ")


SPEC = Spec(4.0, "visible", {"en": "x", "ko": "엑스"}, "test_x")


def test_each_kind_of_exception_is_its_own_outcome():
    assert (outcome.classify(SPEC, None, "en").status, outcome.classify(SPEC, None, "en").score) == ("passed", 4.0)
    wrong = outcome.classify(SPEC, Mismatch({"en": "wrong", "ko": "틀림"}, "sign", fraction=0.25), "ko")
    assert (wrong.status, wrong.score, wrong.feedback, wrong.misconception) == ("failed", 1.0, "틀림", "sign")
    raised = outcome.classify(SPEC, StudentError("ValueError", "bad", ["functions.py:3"]), "en")
    assert (raised.status, raised.score) == ("error", 0.0) and "ValueError" in raised.feedback
    assert outcome.classify(SPEC, WorkerTimeout("no answer within 10 s"), "en").status == "timeout"
    assert outcome.classify(SPEC, WorkerCrashed("the worker process ended"), "en").status == "error"


def test_anything_else_is_the_graders_failure_with_a_staff_only_traceback():
    try:
        raise KeyError("suite bug")
    except KeyError as exc:
        failed = outcome.classify(SPEC, exc, "en")
    assert (failed.status, failed.score, failed.max_score) == ("grader_failed", 0.0, 4.0)
    assert "KeyError" in failed.grader_error and "suite bug" not in failed.feedback
    unusable = outcome.unusable_answer(failed.grader_error, SPEC.points, "en")
    assert (unusable.status, unusable.grader_error) == ("error", None) and "KeyError" in unusable.feedback


def test_a_record_carries_the_title_points_id_and_printed_output():
    printed = [Printed("hi\n", False, "s.py::test_x"), Printed("cut", True, "s.py::test_x")]
    record = outcome.record(None, SPEC, "test_x", printed, "ko")
    assert (record.status, record.name, record.max_score, record.id) == ("grader_failed", "엑스", 4.0, "test_x")
    assert record.output.startswith("hi\ncut\n") and record.output != "hi\ncut\n"  # the cut is marked


def test_the_student_sees_import_and_visible_output_never_a_hidden_tests():
    hidden = Spec(1.0, "hidden", {"en": "h", "ko": "h"}, "test_h")
    printed = [Printed("at import\n", False, module="functions"), Printed("seen\n", False, "s.py::test_x"),
               Printed("secret input 4.28\n", False, "s.py::test_h")]
    shown = outcome.shown_output(printed, {"s.py::test_x": SPEC, "s.py::test_h": hidden}, "en")
    assert shown == "--- functions.py ---\nat import\n--- x ---\nseen\n"
