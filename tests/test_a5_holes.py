"""Three holes a hostile-student review found in the a5 suite stay closed.

* A net that never trains (``train`` memorises the pairs, ``predict`` answers with the label of the
  nearest memorised image) earns nothing on the digits: the accuracy is measured with the
  reference's forward pass on the student's trained ``net.params``, and the student's ``predict``
  must agree with it.
* An ``accuracy`` that returns a constant earns nothing: the fraction of right rows is drawn per
  case, differs between cases and is never 0, 1/2, 1 or another simple fraction.
* Weights so large that the reference's own outputs are inf/nan (±1e200) do not turn an inf
  ``predict`` and a nan ``loss`` into "matches": the suite installs trusted params first, or, when
  it cannot, fails that part as the student's, with a sentence.

The submissions are the bundled reference with the hostile modules of the review written over it,
graded in one session; an honest net that starts with such weights keeps its credit.
"""
from __future__ import annotations

import shutil
from fractions import Fraction

import numpy as np
import pytest

from autograder import reference
from autograder.grading import Grader
from tests.conftest import EXAMPLES, ROOT
from autograder import course as _course
from tests.suite_modules import course_mistakes

_M = course_mistakes("a5_two_layer_net")
ACCURACY, DIGITS, HISTORY, NUMERICAL, OPTIMIZER, SGD = _M.ACCURACY, _M.DIGITS, _M.HISTORY, _M.NUMERICAL, _M.OPTIMIZER, _M.SGD
FULL = _course.get("a5_two_layer_net").points
from tests.suite_modules import load

A = "a5_two_layer_net"
PREDICT_LOSS = "predict and loss (label and one-hot t) agree with a reference network holding the same params"

# F2: no network at all; predict is 1-nearest-neighbour over what train() was handed
MEMORISER_NET = '''import numpy as np

class TwoLayerNet:
    def __init__(self, input_size, hidden_size, output_size, weight_init_std=0.01):
        self.params = {"W1": weight_init_std * np.random.randn(input_size, hidden_size),
                       "b1": np.zeros(hidden_size),
                       "W2": weight_init_std * np.random.randn(hidden_size, output_size),
                       "b2": np.zeros(output_size)}
        self.memory = None
        self.out = output_size

    def predict(self, x):
        x = np.asarray(x, dtype=float)
        if self.memory is None:
            return np.zeros((len(x), self.out))
        X, T = self.memory
        d = (x * x).sum(1)[:, None] - 2 * x @ X.T + (X * X).sum(1)[None, :]
        labels = T[np.argmin(d, axis=1)]
        return np.eye(self.out)[labels]
'''
MEMORISER_TRAIN = '''import numpy as np

def train(network, x_train, t_train, x_test, t_test, iters_num=10000, batch_size=100,
          learning_rate=0.1, optimizer=None, seed=0):
    t = np.asarray(t_train)
    if t.ndim == 2:
        t = t.argmax(1)
    network.memory = (np.asarray(x_train, dtype=float), t.astype(int))  # memorise, no training
    return {"train_loss": [], "train_acc": [], "test_acc": []}
'''

# F3: an honest __init__ and a constant accuracy, nothing else
CONSTANT_HALF_NET = '''import numpy as np

class TwoLayerNet:
    def __init__(self, input_size, hidden_size, output_size, weight_init_std=0.01):
        self.params = {"W1": weight_init_std * np.random.randn(input_size, hidden_size), "b1": np.zeros(hidden_size),
                       "W2": weight_init_std * np.random.randn(hidden_size, output_size), "b2": np.zeros(output_size)}

    def accuracy(self, x, t):
        return 0.5
'''

# F4: huge (finite) weights make the reference's own outputs inf/nan; the answers are inf and nan.
# The review's net, plus gradients and a train that answer nan, and accuracies the overflowed
# reference would give (its scores are all inf, so it predicts class 0 everywhere)
OVERFLOWING_NET = '''import numpy as np

class TwoLayerNet:
    def __init__(self, input_size, hidden_size, output_size, weight_init_std=0.01):
        W1 = np.full((input_size, hidden_size), 1e200)
        W1[:, 1::2] *= -1
        self.params = {"W1": W1, "b1": np.zeros(hidden_size),
                       "W2": np.full((hidden_size, output_size), 1e200), "b2": np.zeros(output_size)}
        self.o = output_size

    def predict(self, x):
        return np.full((len(x), self.o), np.inf)

    def loss(self, x, t):
        return np.nan

    def accuracy(self, x, t):
        return 0.5

    def numerical_gradient(self, x, t):
        return {key: np.full(value.shape, np.nan) for key, value in self.params.items()}

    gradient = numerical_gradient
'''
OVERFLOWING_TRAIN = '''import numpy as np

def train(network, x_train, t_train, x_test, t_test, iters_num=10000, batch_size=100,
          learning_rate=0.1, optimizer=None, seed=0):
    def class_0(t):
        t = np.asarray(t)
        return float(np.mean((t.argmax(1) if t.ndim == 2 else t) == 0))
    records = len(range(0, iters_num, max(len(x_train) // batch_size, 1)))
    return {"train_loss": [float("nan")] * iters_num, "train_acc": [class_0(t_train)] * records,
            "test_acc": [class_0(t_test)] * records}
'''

# honest code whose nets start with weights of 1e200 * randn once weight_init_std >= 0.5
HUGE_ANCHOR = "def __init__(self, input_size, hidden_size, output_size, weight_init_std=0.01):\n"
HUGE_LINE = "        weight_init_std = weight_init_std * 1e200 if weight_init_std >= 0.5 else weight_init_std\n"


def submission(where, modules):
    """The bundled reference with ``{module: text}`` written over it."""
    shutil.copytree(EXAMPLES / A / "reference", where)
    for module, text in modules.items():
        (where / f"{module}.py").write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    folder = tmp_path_factory.mktemp("a5_holes")
    submission(folder / "memoriser", {"two_layer_net": MEMORISER_NET, "train": MEMORISER_TRAIN})
    submission(folder / "constant_half", {"two_layer_net": CONSTANT_HALF_NET})
    submission(folder / "overflowing", {"two_layer_net": OVERFLOWING_NET, "train": OVERFLOWING_TRAIN})
    net = (EXAMPLES / A / "reference" / "two_layer_net.py").read_text(encoding="utf-8")
    assert net.count(HUGE_ANCHOR) == 1
    submission(folder / "huge_honest", {"two_layer_net": net.replace(HUGE_ANCHOR, HUGE_ANCHOR + HUGE_LINE)})
    submission(folder / "reference", {})
    results = {r.student_id: r for r in Grader(A, jobs=1).grade_path(folder)}
    for result in results.values():
        assert result.status == "graded", (result.student_id, result.reason)
        assert [t.name for t in result.tests if t.status == "grader_failed" or t.grader_error] == []
    return results


def named(result, name):
    (test,) = [t for t in result.tests if t.name == name]
    return test


@pytest.mark.slow
def test_a_predict_that_ignores_the_params_earns_nothing_on_the_digits(graded):
    """1-NN over the memorised training pairs scores ~98% on the held-out digits with its own
    predict; the network holding its (untrained) params scores ~10%, and the two disagree."""
    digits = named(graded["memoriser"], DIGITS)
    assert (digits.status, digits.score) == ("failed", 0.0)
    assert "at least 90% is needed" in digits.feedback
    assert "does not compute the scores of a network holding net.params" in digits.feedback
    assert graded["memoriser"].score == 2.0  # the shape test only


@pytest.mark.slow
def test_a_constant_accuracy_earns_nothing(graded):
    accuracy = named(graded["constant_half"], ACCURACY)
    assert (accuracy.status, accuracy.score) == ("failed", 0.0)
    assert graded["constant_half"].score == 2.0  # the shape test only


@pytest.mark.slow
def test_inf_and_nan_answers_never_match_the_overflowed_reference(graded):
    """The net's params cannot be replaced (it has no layers): every test whose expected values
    would be the reference's on its ±1e200 params fails that part, saying why."""
    result = graded["overflowing"]
    scores = {t.name: t.score for t in result.tests}
    assert {name: scores[name] for name in (PREDICT_LOSS, ACCURACY, NUMERICAL, SGD, OPTIMIZER)} == \
        {PREDICT_LOSS: 0.0, ACCURACY: 0.0, NUMERICAL: 0.0, SGD: 0.0, OPTIMIZER: 0.0}
    assert "not finite" in named(result, PREDICT_LOSS).feedback
    # the history's lengths are right (3 of 5 checks); its first accuracies cannot be judged
    assert scores[HISTORY] == 1.2
    assert "not finite" in named(result, HISTORY).feedback


@pytest.mark.slow
def test_honest_code_whose_weights_overflow_is_graded_on_trusted_params(graded):
    """Only the shape test's standard deviation check (1 of 5) is lost: every comparison with the
    reference runs on params the suite installed."""
    result = graded["huge_honest"]
    lost = {t.name: round(t.max_score - t.score, 4) for t in result.tests if t.score < t.max_score}
    assert lost == {"TwoLayerNet(64, 50, 10): params W1 (64, 50), b1 (50,), W2 (50, 10), b2 (10,); weights "
                    "weight_init_std * randn, biases zero": 0.4}


@pytest.mark.slow
def test_the_reference_keeps_full_marks(graded):
    result = graded["reference"]
    assert (result.score, result.max_score) == (FULL, FULL)


# --- the accuracy test's labels, on the trusted side --------------------------------------------


SUITE = load("a5_net_suite", ROOT / "source_lib" / A / "suite" / "test_a5_two_layer_net.py")
REF = reference.load(A)


def test_the_fraction_of_right_rows_is_drawn_and_never_a_guessable_constant():
    """For 200 seeds (a seed stands for a student id): every case's expected accuracy is a fraction
    whose denominator is at least 5 (not 0, 1/2, 1, 1/3, 1/4 ...) and not 1/c or (c - 1)/c, the
    cases of one test differ, and the one-hot slip gives a number different from the right one."""
    seen = set()
    for seed in range(200):
        rng = np.random.default_rng(seed)
        fractions = []
        sizes = SUITE.accuracy_sizes(rng)
        assert len(set(sizes)) == len(sizes) >= 3, sizes
        for n in sizes:
            scores = rng.normal(size=(n, n))
            predicted = np.argmax(scores, axis=1)
            labels, one_hot, broadcast = SUITE.accuracy_labels(rng, predicted, n, avoid=fractions)
            right = Fraction(int(np.sum(labels == predicted)), n)
            assert right.denominator >= 5 and 2 <= right * n <= n - 2, (seed, right)
            assert labels.shape == (n,) and one_hot.shape == (n, n) and np.array_equal(one_hot.argmax(1), labels)
            assert broadcast != float(right), seed
            fractions.append(float(right))
        assert len(set(fractions)) == len(fractions) >= 3, (seed, fractions)
        seen.add(tuple(fractions))
    assert len(seen) > 50  # the fractions depend on the student


def test_expected_values_on_overflowing_params_are_never_used():
    """The reference's outputs on ±1e200 params are not finite: ``finite_outputs`` says so, and is
    true for the params the suite would install."""
    W1 = np.full((6, 8), 1e200)
    W1[:, 1::2] *= -1
    huge = {"W1": W1, "b1": np.zeros(8), "W2": np.full((8, 4), 1e200), "b2": np.zeros(4)}
    x, labels = np.random.default_rng(0).normal(size=(5, 6)), np.arange(5) % 4
    with np.errstate(all="ignore"):
        outputs = (lambda r: (r.predict(x), r.loss(x, labels)))(SUITE.reference_net(REF, huge))
    assert not SUITE.finite_outputs(outputs)
    rng = np.random.default_rng(1)
    trusted = SUITE.trusted_params(rng, 6, 8, 4, std=1.0)
    r = SUITE.reference_net(REF, trusted)
    assert SUITE.finite_outputs((r.predict(x), r.loss(x, labels), {"W1": r.gradient(x, labels)["W1"]}))
