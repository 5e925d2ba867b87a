"""Figure data for a5_two_layer_net: the student's training curve next to the reference's.

``collect(student, ref)`` returns ``{"training": {"student": history | None, "reference": history}}``
with ``history = {"train_loss": [300 floats], "train_acc": [22 floats], "test_acc": [22 floats]}``:
the student's ``train`` on the student's ``TwoLayerNet(64, 20, 10)`` and the reference's on the
reference's, both on scikit-learn's 8x8 digits (``load_digits_split()``), 300 iterations, batch
100, learning rate 0.5, ``seed=0``, weights drawn after ``np.random.seed(0)``. The student's
history is None when a call raises or takes over 30 s, or when it is not such a dict of numbers
(lists longer than 300 are refused); non-finite values become None. About 0.2 s a side; the
reference's history is computed once per process.
"""
from __future__ import annotations

import functools

import numpy as np

from autograder.datasets import load_digits_split
from autograder.problems import WorkerProblem
from autograder.figure_data import finite_list

SIZES = (64, 20, 10)
SETTINGS = {"iters_num": 300, "batch_size": 100, "learning_rate": 0.5, "seed": 0}
KEYS = ("train_loss", "train_acc", "test_acc")
TIMEOUT = 30.0


def collect(student, ref) -> dict:
    return {"training": {"student": _student_history(student), "reference": _reference_history(ref)}}


def _student_history(student):
    try:
        try:
            student.two_layer_net.np.random.seed(0)  # the weights are drawn from numpy's global state
        except WorkerProblem:
            pass  # no `np` in the module: the curve is still drawn, just not reproducible
        net = student.two_layer_net.TwoLayerNet(*SIZES)
        got = student.train.train(net, *_data(), **SETTINGS, timeout=TIMEOUT)
    except WorkerProblem:
        return None
    return _history(got)


def _reference_history(ref) -> dict:
    return _reference_history_of(ref.two_layer_net.TwoLayerNet, ref.train.train)


@functools.cache
def _reference_history_of(net_class, train) -> dict:
    state = np.random.get_state()
    try:
        np.random.seed(0)
        return _history(train(net_class(*SIZES), *_data(), **SETTINGS))
    finally:
        np.random.set_state(state)


@functools.cache
def _data():
    return load_digits_split()


def _history(got):
    """``{key: floats or None}`` for the three KEYS, or None if ``got`` is not such a dict."""
    if type(got) is not dict:
        return None
    history = {}
    for key in KEYS:
        values = got.get(key)
        if type(values) in (list, tuple) and all(_is_number(v) for v in values):
            values = np.array(values, dtype=float)
        if type(values) is not np.ndarray or values.ndim != 1 or values.dtype.kind not in "biuf" \
                or len(values) > SETTINGS["iters_num"]:
            return None
        history[key] = finite_list(values)
    return history


def _is_number(v) -> bool:
    return isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, bool)
