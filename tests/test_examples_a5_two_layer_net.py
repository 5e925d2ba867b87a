"""The bundled a5 submissions score exactly what their mistakes deserve, and say why."""

import pytest

from tests.suite_modules import course_mistakes


A = "a5_two_layer_net"
MISTAKES = course_mistakes(A)
HISTORY = MISTAKES.HISTORY
DIGITS = MISTAKES.DIGITS


@pytest.fixture(scope="module")
def results(graded_examples):
    return graded_examples(A)


def test_an_error_in_the_students_code_says_where(results):
    failing = [t for t in results["gradient_lastlayer_dout_dropped"].tests if t.score < t.max_score]
    assert all(t.status == "error" and "two_layer_net.py, line" in t.feedback for t in failing)


def test_a_net_that_never_learns_is_told_its_predictions_did_not_change(results):
    for mistake in ("layers_copy_params", "sgd_not_in_place"):
        (test,) = [t for t in results[mistake].tests if t.name == DIGITS]
        assert "its predictions did not change at all during training" in test.feedback


def test_visible_tests_show_what_was_expected(results):
    (test,) = [t for t in results["train_acc_every_iteration"].tests if t.name == HISTORY]
    assert "len(history['train_acc']) is wrong: you returned 25, expected 5" in test.feedback
    (test,) = [t for t in results["accuracy_after_update"].tests if t.name == HISTORY]
    assert "history['train_acc'][0], the accuracy of the untrained network is wrong: you returned [" in test.feedback
