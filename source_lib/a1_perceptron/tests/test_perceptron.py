"""Public checks for perceptron.py: run `pytest tests/` from the assignment folder.

Each test calls your code on a lecture example and compares with the literal value the lecture
gives, using the grader's checks (the `check` fixture of conftest.py).
"""
import numpy as np
import pytest

from autograder.checker import describe_type, words
from perceptron import AND, NAND, OR, XOR, perceptron, train_perceptron

INPUTS = [(0, 0), (0, 1), (1, 0), (1, 1)]


@pytest.mark.parametrize(
    "gate, expected",
    [(AND, [0, 0, 0, 1]), (NAND, [1, 1, 1, 0]), (OR, [0, 1, 1, 1]), (XOR, [0, 1, 1, 0])],
    ids=["AND", "NAND", "OR", "XOR"],
)
def test_gate_reproduces_its_truth_table(check, gate, expected):
    """the gate reproduces its truth table on (0,0), (0,1), (1,0), (1,1)
    ko: 게이트가 (0,0), (0,1), (1,0), (1,1) 에서 진리표를 그대로 냄"""
    got = [gate(x1, x2) for x1, x2 in INPUTS]
    check.equal(got, expected, words("{gate} on (0,0), (0,1), (1,0), (1,1)", "(0,0), (0,1), (1,0), (1,1) 에서의 {gate}",
                                     gate=gate.__name__),
                misconception="xor_wrong_layers" if gate is XOR and got == [1, 1, 1, 1] else None)


def test_gates_return_python_ints(check):
    """AND, NAND, OR and XOR return a Python int, not a bool
    ko: AND, NAND, OR, XOR 가 bool 이 아닌 파이썬 int 를 반환함"""
    for gate in (AND, NAND, OR, XOR):
        out = gate(1, 1)
        check.true(type(out) is int, {
            "en": f"{gate.__name__}(1, 1) should return an int (0 or 1), but it returned {describe_type(out)}",
            "ko": f"{gate.__name__}(1, 1) 는 정수(0 또는 1)를 반환해야 하는데 {describe_type(out, 'ko')} 를 반환했습니다",
        }, misconception="gate_returns_bool" if isinstance(out, (bool, np.bool_)) else None)


def test_perceptron_fires_only_when_weighted_sum_is_above_zero(check):
    """perceptron gives 1 only when w·x + b > 0 (a weighted sum of exactly 0 gives 0)
    ko: perceptron 은 w·x + b > 0 일 때만 1 (가중합이 정확히 0 이면 0)"""
    w = np.array([0.5, 0.5])
    check.equal(perceptron(np.array([1, 1]), w, -0.7), 1, "perceptron([1, 1], [0.5, 0.5], -0.7)")
    check.equal(perceptron(np.array([1, 0]), w, -0.7), 0, "perceptron([1, 0], [0.5, 0.5], -0.7)")
    check.equal(perceptron(np.array([1, 0]), w, -0.5), 0, "perceptron([1, 0], [0.5, 0.5], -0.5) (w·x + b = 0)",
                misconception="perceptron_threshold")


def test_train_perceptron_returns_weights_bias_and_errors_per_epoch(check):
    """train_perceptron on AND for 3 epochs gives w = [0.15, 0.15], b = -0.17 and errors [1, 0, 0]
    ko: AND 로 3 에폭 train_perceptron 하면 w = [0.15, 0.15], b = -0.17, errors [1, 0, 0]"""
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])
    d = np.array([0, 0, 0, 1])
    call = words("{call} on AND", "AND 에 대한 {call}",
                 call="train_perceptron(X, d, [0.1, 0.1], -0.22, lr=0.05, epochs=3)")
    w, b, errors = train_perceptron(X, d, np.array([0.1, 0.1]), -0.22, lr=0.05, epochs=3)
    check.equal(np.shape(w), (2,), words("np.shape(w) for w from {call}", "{call} 에서 반환된 w 의 np.shape(w)", call=call))
    check.equal(len(errors), 3, words("len(errors) for errors from {call} (one count per epoch)",
                                      "{call} 에서 반환된 errors 의 len(errors) (에폭마다 하나씩)", call=call))
    check.array(w, [0.15, 0.15], words("w from {call}", "{call} 에서 반환된 w", call=call), rtol=1e-5, atol=1e-8,
                kind=None)
    check.scalar(b, -0.17, words("b from {call}", "{call} 에서 반환된 b", call=call), rtol=1e-5, atol=1e-8)
    check.equal(np.asarray(errors).tolist(), [1, 0, 0], words("errors from {call}", "{call} 에서 반환된 errors", call=call))


def test_train_perceptron_leaves_callers_weights_unchanged(check):
    """train_perceptron leaves the caller's w unchanged
    ko: train_perceptron 이 호출한 쪽의 w 를 바꾸지 않음"""
    w0 = np.array([0.1, 0.1])
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])
    train_perceptron(X, np.array([0, 0, 0, 1]), w0, -0.22)
    check.unchanged(np.array([0.1, 0.1]), w0, "train_perceptron(X, d, w0, -0.22)",
                    misconception="perceptron_w_not_copied")
