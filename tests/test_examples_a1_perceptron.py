"""The bundled a1 submissions score exactly what their mistakes deserve, and say why."""

import pytest

from tests.suite_modules import course_mistakes


A = "a1_perceptron"
MISTAKES = course_mistakes(A)
THRESHOLD = MISTAKES.THRESHOLD
XOR_TABLE = MISTAKES.XOR_TABLE
GATES_INT = MISTAKES.GATES_INT


@pytest.fixture(scope="module")
def results(graded_examples):
    return graded_examples(A)


def test_visible_tests_show_what_was_expected(results):
    (test,) = [t for t in results["perceptron_threshold"].tests if t.name == THRESHOLD]
    assert "you returned 1, expected 0" in test.feedback
    (test,) = [t for t in results["xor_wrong_layers"].tests if t.name == GATES_INT]
    assert test.feedback.startswith("3 of 4 checks passed") and "XOR(1, 1) is wrong: you returned 1, expected 0" in test.feedback
    (test,) = [t for t in results["xor_wrong_layers"].tests if t.name == XOR_TABLE]
    assert test.feedback.startswith("XOR gives 1 for every input (0, 0), (0, 1), (1, 0), (1, 1): its output does not "
                                    "depend on its inputs")
