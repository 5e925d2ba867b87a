"""Correct code written otherwise than the reference earns everything and is named no mistake.

Each variant below is a correct a2 ``functions.py`` (or a4 ``layers.py``) written independently
of the reference (another formula, another numpy idiom, another structure). The grader's checks,
variants and diagnosis by behaviour must all agree with it: full marks, and no misconception on
any test (a named mistake on correct code would be a false accusation).
"""
from __future__ import annotations

import pytest

from autograder.grading import Grader
from autograder.submission import Source
from tests.conftest import EXAMPLES

A2_VARIANT = '''
import numpy as np


def step(x):
    return np.where(np.asarray(x) > 0, 1, 0).astype(int)


def sigmoid(x):
    x = np.asarray(x, dtype=float)
    return 0.5 * (1.0 + np.tanh(0.5 * x))     # the same function, via tanh: no overflow


def relu(x):
    x = np.asarray(x)
    return np.where(x > 0, x, 0 * x)


def leaky_relu(x, alpha=0.1):
    x = np.asarray(x, dtype=float)
    return np.maximum(x, 0) + alpha * np.minimum(x, 0)


def identity_function(x):
    return x


def softmax(x):
    x = np.asarray(x, dtype=float)
    m = x.max(axis=-1, keepdims=True)
    log_sum = m + np.log(np.exp(x - m).sum(axis=-1, keepdims=True))   # log-sum-exp
    return np.exp(x - log_sum)


def MSE(y, t):
    y, t = np.asarray(y, dtype=float), np.asarray(t, dtype=float)
    n = len(y) if y.ndim == 2 else 1
    d = (y - t).ravel()
    return float(0.5 * (d @ d) / n)


def SSE(y, t):
    d = np.ravel(np.asarray(y, dtype=float) - np.asarray(t, dtype=float))
    return float(np.dot(d, d))


def RMSE(y, t):
    d = np.asarray(y, dtype=float) - np.asarray(t, dtype=float)
    return float(np.sqrt((d ** 2).sum() / d.size))


def CEE(y, t):
    y = np.atleast_2d(np.asarray(y, dtype=float))
    t = np.asarray(t)
    n = y.shape[0]
    if t.size == y.size:                       # one-hot: turn it into labels
        t = t.reshape(y.shape).argmax(axis=1)
    picked = np.take_along_axis(y, t.reshape(n, 1).astype(int), axis=1)
    return float(-np.log(picked + 1e-7).sum() / n)


def BCE(y, t):
    y, t = np.asarray(y, dtype=float), np.asarray(t, dtype=float)
    loss = t * np.log(y + 1e-7) + (1.0 - t) * np.log(1.0 - y + 1e-7)
    return float(-loss.sum() / loss.size)
'''


def grade(tmp_path, assignment_id, name, files):
    folder = tmp_path / name
    folder.mkdir()
    for module, text in files.items():
        (folder / f"{module}.py").write_text(text)
    return Grader(assignment_id).grade([Source(name, folder)])[0]


@pytest.mark.slow
def test_an_a2_written_otherwise_earns_everything_and_is_named_nothing(tmp_path):
    result = grade(tmp_path, "a2_functions", "otherwise", {"functions": A2_VARIANT})
    lost = {t.name: t.feedback for t in result.tests if t.score < t.max_score}
    assert (result.status, result.score, lost) == ("graded", result.max_score, {})
    assert not [t.misconception for t in result.tests if t.misconception]


RELU_OTHERWISE = ("""        x = np.asarray(x)
        self.mask = (x <= 0)
        out = x.copy()
        out[self.mask] = 0
        return out""", """        x = np.asarray(x)
        self.mask = ~(x > 0)
        return np.where(self.mask, np.zeros_like(x), x)""")
RELU_BACK_OTHERWISE = ("""        dx = np.copy(dout)
        dx[self.mask] = 0""", """        dx = np.asarray(dout) * (~self.mask)""")
AFFINE_OTHERWISE = ("""        dx = np.dot(dout, self.W.T)
        self.dW = np.dot(self.x.T, dout)
        self.db = np.sum(dout, axis=0)""", """        dout = np.asarray(dout)
        self.dW = np.einsum("nd,nm->dm", self.x, dout)
        self.db = dout.sum(axis=0, keepdims=True)[0]
        dx = dout @ self.W.transpose()""")


@pytest.mark.slow
def test_an_a4_relu_and_affine_written_otherwise_earn_everything_and_are_named_nothing(tmp_path):
    """layers.py written otherwise: a Relu mask by ~(x > 0) and np.where, its backward as a
    product; Affine's gradients by einsum and a transpose method."""
    files = {p.stem: p.read_text() for p in (EXAMPLES / "a4_layers" / "reference").glob("*.py")}
    for old, new in (RELU_OTHERWISE, RELU_BACK_OTHERWISE, AFFINE_OTHERWISE):
        assert files["layers"].count(old) == 1
        files["layers"] = files["layers"].replace(old, new)
    result = grade(tmp_path, "a4_layers", "otherwise", files)
    lost = {t.name: t.feedback for t in result.tests if t.score < t.max_score}
    assert (result.status, result.score, lost) == ("graded", result.max_score, {})
    assert not [t.misconception for t in result.tests if t.misconception]
