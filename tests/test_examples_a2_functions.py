"""The bundled a2 submissions score exactly what their mistakes deserve, and say why."""

import pytest

from tests.suite_modules import course_mistakes


A = "a2_functions"
MISTAKES = course_mistakes(A)
CEE_LECTURE = MISTAKES.CEE_LECTURE


@pytest.fixture(scope="module")
def results(graded_examples):
    return graded_examples(A)


def test_relu_that_writes_into_its_input_is_told_so(results):
    (test,) = [t for t in results["relu_in_place"].tests if t.score < t.max_score]
    assert "relu(x) changed its input array" in test.feedback


def test_visible_tests_show_what_was_expected(results):
    (test,) = [t for t in results["cee_sign"].tests if t.name == CEE_LECTURE]
    assert "you returned -1.203972, expected 1.203972" in test.feedback
