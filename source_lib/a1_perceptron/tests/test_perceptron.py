"""Public checks for perceptron.py: run `pytest tests/` from the assignment folder."""
import numpy as np
import pytest

from perceptron import AND, NAND, OR, XOR, perceptron, train_perceptron

INPUTS = [(0, 0), (0, 1), (1, 0), (1, 1)]


@pytest.mark.parametrize(
    "gate, expected",
    [(AND, [0, 0, 0, 1]), (NAND, [1, 1, 1, 0]), (OR, [0, 1, 1, 1]), (XOR, [0, 1, 1, 0])],
    ids=["AND", "NAND", "OR", "XOR"],
)
def test_gate_reproduces_its_truth_table(gate, expected):
    got = [gate(x1, x2) for x1, x2 in INPUTS]
    assert got == expected, f"{gate.__name__} on (0,0), (0,1), (1,0), (1,1): expected {expected}, got {got}"


def test_gates_return_python_ints():
    for gate in (AND, NAND, OR, XOR):
        out = gate(1, 1)
        assert isinstance(out, int), f"{gate.__name__} should return an int, got {type(out).__name__}"


def test_perceptron_fires_only_when_weighted_sum_is_above_zero():
    w = np.array([0.5, 0.5])
    assert perceptron(np.array([1, 1]), w, -0.7) == 1
    assert perceptron(np.array([1, 0]), w, -0.7) == 0
    assert perceptron(np.array([1, 0]), w, -0.5) == 0, "a weighted sum of exactly 0 must give 0"


def test_train_perceptron_returns_weights_bias_and_errors_per_epoch():
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])
    d = np.array([0, 0, 0, 1])
    w, b, errors = train_perceptron(X, d, np.array([0.1, 0.1]), -0.22, lr=0.05, epochs=3)
    assert np.shape(w) == (2,), f"expected w of shape (2,), got {np.shape(w)}"
    assert len(errors) == 3, f"expected one error count per epoch (3), got {len(errors)}"
    np.testing.assert_allclose(w, [0.15, 0.15], rtol=1e-5, atol=1e-8)
    np.testing.assert_allclose(b, -0.17, rtol=1e-5, atol=1e-8)
    assert list(errors) == [1, 0, 0]


def test_train_perceptron_leaves_callers_weights_unchanged():
    w0 = np.array([0.1, 0.1])
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])
    train_perceptron(X, np.array([0, 0, 0, 1]), w0, -0.22)
    np.testing.assert_array_equal(w0, [0.1, 0.1])
