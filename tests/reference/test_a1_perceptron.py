"""Reference values and conventions of a1_perceptron (perceptron.py)."""
import numpy as np
import pytest

import perceptron

INPUTS = [(0, 0), (0, 1), (1, 0), (1, 1)]
X_GATE = np.array(INPUTS)
D_AND = np.array([0, 0, 0, 1])


def truth_table(gate):
    return [gate(x1, x2) for x1, x2 in INPUTS]


def test_and_truth_table_is_0_0_0_1():
    assert truth_table(perceptron.AND) == [0, 0, 0, 1]


def test_nand_truth_table_is_1_1_1_0():
    assert truth_table(perceptron.NAND) == [1, 1, 1, 0]


def test_or_truth_table_is_0_1_1_1():
    assert truth_table(perceptron.OR) == [0, 1, 1, 1]


def test_xor_truth_table_is_0_1_1_0():
    assert truth_table(perceptron.XOR) == [0, 1, 1, 0]


@pytest.mark.parametrize("name", ["AND", "NAND", "OR", "XOR"])
def test_gates_return_python_int_zero_or_one(name):
    for x1, x2 in INPUTS:
        out = getattr(perceptron, name)(x1, x2)
        assert type(out) is int and out in (0, 1), f"{name}({x1}, {x2}) returned {out!r}"


def test_xor_is_and_of_nand_and_or():
    for x1, x2 in INPUTS:
        expected = perceptron.AND(perceptron.NAND(x1, x2), perceptron.OR(x1, x2))
        assert perceptron.XOR(x1, x2) == expected


def test_perceptron_with_lecture_and_weights_reproduces_and():
    w, b = np.array([0.5, 0.5]), -0.7
    assert [perceptron.perceptron(np.array(x), w, b) for x in INPUTS] == [0, 0, 0, 1]


def test_perceptron_gives_zero_when_weighted_sum_is_exactly_zero():
    assert perceptron.perceptron(np.array([1.0, 0.0]), np.array([0.5, 0.5]), -0.5) == 0
    assert perceptron.perceptron(np.array([1.0, 1.0]), np.array([0.5, 0.5]), -0.5) == 1


def test_perceptron_works_for_three_inputs_and_returns_int():
    w = np.array([0.1, 0.1, -0.2])
    x = np.array([1.0, 2.0, 3.0])
    assert perceptron.perceptron(x, w, 0.4) == 1  # 0.1 + 0.2 - 0.6 + 0.4 = 0.1 > 0
    assert perceptron.perceptron(x, w, 0.2) == 0  # -0.1 <= 0
    assert type(perceptron.perceptron(x, w, 0.4)) is int


def test_train_perceptron_learns_and_gate_from_random_start():
    rng = np.random.default_rng(0)
    for _ in range(20):
        w0 = rng.uniform(-1, 1, size=2)
        b0 = rng.uniform(-1, 1)
        w, b, errors = perceptron.train_perceptron(X_GATE, D_AND, w0, b0, lr=0.05, epochs=100)
        assert errors[-1] == 0, f"still {errors[-1]} errors after 100 epochs from w={w0}, b={b0}"
        learned = [1 if np.dot(w, x) + b >= 0 else 0 for x in X_GATE]
        assert learned == [0, 0, 0, 1]


def test_train_perceptron_hand_trace_from_w_0_1_0_1_b_minus_0_22():
    # epoch 1: only (1, 1) is wrong (0.2 - 0.22 < 0): w -> (0.15, 0.15), b -> -0.17; then no errors
    w, b, errors = perceptron.train_perceptron(X_GATE, D_AND, np.array([0.1, 0.1]), -0.22, lr=0.05, epochs=3)
    np.testing.assert_allclose(w, [0.15, 0.15], rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(b, -0.17, rtol=1e-12, atol=1e-12)
    np.testing.assert_array_equal(errors, [1, 0, 0])


def test_train_perceptron_uses_greater_or_equal_zero_while_training():
    # w = 0, b = 0: the sum is exactly 0 for (0, 0), so training predicts 1 and corrects b to -0.05
    w, b, errors = perceptron.train_perceptron(
        np.array([[0.0, 0.0]]), np.array([0]), np.array([0.0, 0.0]), 0.0, lr=0.05, epochs=1
    )
    np.testing.assert_allclose(b, -0.05, rtol=1e-12, atol=1e-12)
    np.testing.assert_array_equal(errors, [1])


def test_train_perceptron_does_not_change_weights_that_already_work():
    w, b, errors = perceptron.train_perceptron(X_GATE, D_AND, np.array([0.1, 0.1]), -0.12, epochs=4)
    np.testing.assert_allclose(w, [0.1, 0.1], rtol=0, atol=0)
    np.testing.assert_allclose(b, -0.12, rtol=0, atol=0)
    np.testing.assert_array_equal(errors, [0, 0, 0, 0])


def test_train_perceptron_returns_one_error_count_per_epoch():
    _, _, errors = perceptron.train_perceptron(X_GATE, D_AND, np.zeros(2), 0.0, epochs=7)
    assert len(errors) == 7


def test_train_perceptron_does_not_modify_its_arguments():
    w0, X, d = np.array([0.3, -0.6]), X_GATE.copy(), D_AND.copy()
    perceptron.train_perceptron(X, d, w0, 0.2, epochs=5)
    np.testing.assert_array_equal(w0, [0.3, -0.6])
    np.testing.assert_array_equal(X, X_GATE)
    np.testing.assert_array_equal(d, D_AND)
