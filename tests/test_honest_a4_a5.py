"""a4 and a5 grade honestly: code that does nothing earns nothing, a raising call fails only its own
part of a test, a5's gradient checks compare with the reference (not the student's two functions
with each other), a5's accuracy is measured on digits ``train`` never saw, and a net whose
weights start at zero is graded like any other submission (no grader failure).

Every submission here is the bundled reference with a few exact edits, graded once per module
(a5 trains, so its gradings are few and batched in one session).
"""
from __future__ import annotations

import ast
import shutil
from pathlib import Path

import pytest

from autograder import course
from autograder.grading import Grader
from tests.conftest import EXAMPLES, ROOT, lost_points
from tests.suite_modules import course_mistakes

RELU_RANDOM, RELU_UNCHANGED = course_mistakes("a4_layers").RELU_RANDOM, course_mistakes("a4_layers").RELU_UNCHANGED
_A5 = course_mistakes("a5_two_layer_net")
DIGITS, GRADIENT, GRADIENT_CHECK, NUMERICAL = _A5.DIGITS, _A5.GRADIENT, _A5.GRADIENT_CHECK, _A5.NUMERICAL

ADD_EXAMPLE = "AddLayer: forward(200, 450) is 650 and backward(1.1) is (1.1, 1.1)"
MUL_ADD_ARRAYS = "MulLayer and AddLayer on arrays: the apple-and-orange graph with random prices"
RELU_LECTURE = "Relu: forward([[1, -0.5], [-2, 3]]) is [[1, 0], [0, 3]] and backward(ones) is [[1, 0], [0, 1]]"


class _ReturnNone(ast.NodeTransformer):
    def visit_FunctionDef(self, node):
        node.body = [ast.Return(value=ast.Constant(value=None))]
        return node


def idle(assignment_id: str, where: Path) -> Path:
    """The reference, with every function and method of this assignment's own modules returning None."""
    shutil.copytree(EXAMPLES / assignment_id / "reference", where)
    for module in course.get(assignment_id).modules:
        stub = (ROOT / "assignments" / assignment_id / f"{module}.py").read_text(encoding="utf-8")
        (where / f"{module}.py").write_text(ast.unparse(_ReturnNone().visit(ast.parse(stub))) + "\n", encoding="utf-8")
    return where


def edited(assignment_id: str, where: Path, module: str, edits) -> Path:
    """The reference with ``(old, new)`` edits to ``module``.py, each ``old`` found exactly once."""
    shutil.copytree(EXAMPLES / assignment_id / "reference", where)
    path = where / f"{module}.py"
    text = path.read_text(encoding="utf-8")
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    return where


def graded(assignment_id: str, folder: Path) -> dict:
    return {r.student_id: r for r in Grader(assignment_id).grade_path(folder)}


def earned(result) -> dict[str, float]:
    return {t.name: t.score for t in result.tests if t.score}


def assert_graded_by_the_grader(result):
    """The record is ``graded`` and no test is a grader failure: whatever the code did, it was scored."""
    assert result.status == "graded", (result.status, result.reason)
    assert [(t.name, t.status) for t in result.tests if t.status == "grader_failed" or t.grader_error] == []


# --- a4 -----------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def a4(tmp_path_factory):
    folder = tmp_path_factory.mktemp("a4")
    idle("a4_layers", folder / "idle")
    edited("a4_layers", folder / "add_backward_stub", "layers", [
        ("        dx = dout * 1\n        dy = dout * 1\n        return dx, dy\n",
         "        raise NotImplementedError('not implemented yet: AddLayer.backward')\n")])
    edited("a4_layers", folder / "relu_backward_stub", "layers", [
        ("        dx = np.copy(dout)\n        dx[self.mask] = 0\n        return dx\n",
         "        raise NotImplementedError('not implemented yet: Relu.backward')\n")])
    return graded("a4_layers", folder)


def test_a4_code_that_does_nothing_scores_zero(a4):
    result = a4["idle"]
    assert_graded_by_the_grader(result)
    assert (result.score, earned(result)) == (0.0, {})


def test_a4_an_unfinished_add_backward_loses_only_its_own_checks(a4):
    """The shopping example (MulLayer only) keeps everything; AddLayer's example keeps its forward
    (1 of 3 checks); the apple-and-orange graph feeds every layer the reference's upstream values,
    so only AddLayer.backward's dx and dy are lost (10 of 12 checks)."""
    result = a4["add_backward_stub"]
    assert_graded_by_the_grader(result)
    assert lost_points(result) == {ADD_EXAMPLE: round(1 - 1 / 3, 4), MUL_ADD_ARRAYS: round(2 - 2 * 10 / 12, 4)}
    add = next(t for t in result.tests if t.name == ADD_EXAMPLE)
    assert add.status == "failed" and "not implemented yet" in add.feedback


def test_a4_an_unfinished_relu_backward_keeps_the_credit_of_relu_forward(a4):
    """Relu's forward checks keep their share, also "forward does not modify x" (its result was right)."""
    result = a4["relu_backward_stub"]
    assert_graded_by_the_grader(result)
    assert lost_points(result) == {RELU_LECTURE: 1.0, RELU_RANDOM: 1.0, RELU_UNCHANGED: 1.0}


# --- a5 -----------------------------------------------------------------------------------------

ZERO_GRADIENTS = """

def _zero_gradients(self, x, t):
    return {key: np.zeros_like(value) for key, value in self.params.items()}


TwoLayerNet.gradient = _zero_gradients
TwoLayerNet.numerical_gradient = _zero_gradients
"""

MEMORISING_TRAIN = '''"""Learns nothing: remembers every (image, label) it is handed and looks them up in predict."""
import numpy as np


def train(network, x_train, t_train, x_test, t_test, iters_num=10000, batch_size=100,
          learning_rate=0.1, optimizer=None, seed=0):
    seen = {}
    for x, t in ((x_train, t_train), (x_test, t_test)):
        t = np.asarray(t)
        labels = np.argmax(t, axis=1) if t.ndim == 2 else t
        for row, label in zip(np.asarray(x, dtype=float), labels):
            seen[row.tobytes()] = int(label)
    classes = network.params["b2"].shape[0]

    def predict(x):
        scores = np.zeros((len(x), classes))
        for i, row in enumerate(np.asarray(x, dtype=float)):
            if row.tobytes() in seen:
                scores[i, seen[row.tobytes()]] = 1.0
        return scores

    network.predict = predict
    epoch_len = max(len(x_train) // batch_size, 1)
    records = len(range(0, iters_num, epoch_len))
    return {"train_loss": [1.0] * iters_num, "train_acc": [1.0] * records, "test_acc": [1.0] * records}
'''


@pytest.fixture(scope="module")
def a5(tmp_path_factory):
    folder = tmp_path_factory.mktemp("a5")
    idle("a5_two_layer_net", folder / "idle")
    zero = edited("a5_two_layer_net", folder / "zero_gradients", "two_layer_net", [])
    with open(zero / "two_layer_net.py", "a", encoding="utf-8") as f:
        f.write(ZERO_GRADIENTS)
    memorising = edited("a5_two_layer_net", folder / "memorising_train", "train", [])
    (memorising / "train.py").write_text(MEMORISING_TRAIN, encoding="utf-8")
    edited("a5_two_layer_net", folder / "zero_weights", "two_layer_net", [
        ("weight_init_std * np.random.randn(input_size, hidden_size)", "np.zeros((input_size, hidden_size))"),
        ("weight_init_std * np.random.randn(hidden_size, output_size)", "np.zeros((hidden_size, output_size))")])
    return graded("a5_two_layer_net", folder)


@pytest.mark.slow
def test_a5_code_that_does_nothing_scores_zero(a5):
    result = a5["idle"]
    assert_graded_by_the_grader(result)
    assert (result.score, earned(result)) == (0.0, {})


@pytest.mark.slow
def test_a5_gradient_and_numerical_gradient_both_zero_earn_nothing_for_gradients(a5):
    """Zeros agree with zeros, but not with the reference's gradient of the loss."""
    result = a5["zero_gradients"]
    assert_graded_by_the_grader(result)
    lost = lost_points(result)
    assert {name: lost.get(name) for name in (GRADIENT, NUMERICAL, GRADIENT_CHECK)} == \
        {GRADIENT: 3.0, NUMERICAL: 2.0, GRADIENT_CHECK: 3.0}


@pytest.mark.slow
def test_a5_a_train_that_memorises_the_labels_it_was_handed_gains_nothing(a5):
    result = a5["memorising_train"]
    assert_graded_by_the_grader(result)
    digits = next(t for t in result.tests if t.name == DIGITS)
    assert (digits.status, digits.score) == ("failed", 0.0)
    assert "at least 90% is needed" in digits.feedback


@pytest.mark.slow
def test_a5_a_net_whose_weights_start_at_zero_is_graded_and_its_gradients_are_checked(a5):
    """Every input lands on the ReLU kink of such a net: the gradient tests put random weights into
    it from the trusted side and check its (correct) gradient code there, instead of failing."""
    result = a5["zero_weights"]
    assert_graded_by_the_grader(result)
    scores = {t.name: (t.score, t.max_score) for t in result.tests}
    assert {name: scores[name] for name in (GRADIENT, NUMERICAL, GRADIENT_CHECK)} == \
        {GRADIENT: (3.0, 3.0), NUMERICAL: (2.0, 2.0), GRADIENT_CHECK: (3.0, 3.0)}
    assert scores[DIGITS] == (0.0, 3.0)  # a net that starts at zero cannot learn: that is its own fault
