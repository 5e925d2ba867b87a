"""The bundled a1 submissions score exactly what their mistakes deserve, and say why."""

import pytest


A = "a1_perceptron"
FULL = 19.0

XOR_TABLE = "XOR reproduces its truth table 0, 1, 1, 0"
XOR_BUILT = "XOR calls your gates: AND(NAND(x1, x2), OR(x1, x2))"
GATES_INT = "AND, NAND, OR and XOR return the int 0 or 1, not a bool"
THRESHOLD = "perceptron gives 0 when w·x + b is exactly 0: perceptron([1, 0], [0.5, 0.5], -0.5)"
PERCEPTRON_RANDOM = "perceptron on random inputs, some exactly on the threshold"
TRAIN_LECTURE = "train_perceptron on the lecture's AND data from w = [0.1, 0.1], b = -0.22 (lr 0.05, 10 epochs)"
TRAIN_ZERO = "train_perceptron on AND from w = [0, 0], b = 0 (lr 0.5, 6 epochs): a sum of exactly 0 predicts 1"
TRAIN_RANDOM = "train_perceptron on a random linearly separable data set"
TRAIN_KEEPS_W = "train_perceptron does not modify the caller's w"

# mistake → ({test name: points lost}, misconception named in the feedback of every failing test)
EXPECTED = {
    "perceptron_threshold_ge": ({THRESHOLD: 1.0, PERCEPTRON_RANDOM: 0.5}, "perceptron_threshold"),
    # OR(NAND, OR) is 1 on every input: a constant earns no row of the table (2 of 4 were right by
    # chance), nor the patched-XOR case whose answer is all 1, nor XOR's int check (judged with its table)
    "xor_second_layer_or": ({XOR_TABLE: 2.0, XOR_BUILT: 1.0, GATES_INT: 0.25}, "xor_wrong_layers"),
    "gates_return_bool": ({GATES_INT: 1.0}, "gate_returns_bool"),
    "train_modifies_callers_w": ({TRAIN_KEEPS_W: 1.0}, "perceptron_w_not_copied"),
    # w left alone is judged only with a right (w, b, errors): its errors are wrong, so that point goes too
    "train_errors_after_update": ({TRAIN_LECTURE: 0.6667, TRAIN_ZERO: 0.6667, TRAIN_RANDOM: 1.0, TRAIN_KEEPS_W: 1.0},
                                  "perceptron_errors_after_update"),
    "train_threshold_strict": ({TRAIN_ZERO: 1.3333}, "train_threshold"),
}


@pytest.fixture(scope="module")
def results(graded_examples):
    return graded_examples(A)


def test_visible_tests_show_what_was_expected(results):
    (test,) = [t for t in results["perceptron_threshold_ge"].tests if t.name == THRESHOLD]
    assert "you returned 1, expected 0" in test.feedback
    (test,) = [t for t in results["xor_second_layer_or"].tests if t.name == GATES_INT]
    assert test.feedback.startswith("3 of 4 checks passed") and "XOR(1, 1) is wrong: you returned 1, expected 0" in test.feedback
    (test,) = [t for t in results["xor_second_layer_or"].tests if t.name == XOR_TABLE]
    assert test.feedback.startswith("XOR gives 1 for every input (0, 0), (0, 1), (1, 0), (1, 1): its output does not "
                                    "depend on its inputs")
