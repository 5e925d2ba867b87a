"""Figure data for a5_two_layer_net: the student's training curve next to the reference's.

``collect(student, ref)`` returns ``{"training": {"student": history | None, "reference": history}}``
with ``history = {"train_loss": [300 floats], "train_acc": [22 floats], "test_acc": [22 floats]}``:
the student's ``train`` on the student's ``TwoLayerNet(64, 20, 10)`` and the reference's on the
reference's, both on scikit-learn's 8x8 digits (``load_digits_split()``), 300 iterations, batch
100, learning rate 0.5, ``seed=0``, weights drawn after ``np.random.seed(0)``. The student's
history is None when a call raises or takes over 30 s, or when it is not such a dict of numbers
(lists longer than 300 are refused); non-finite values become None. About 0.2 s a side; the
reference's history is computed once per process.

``FIGURES`` draws the loss and the accuracies, the student's over the reference's; see
``autograder.figure_data`` for the convention.
"""
from __future__ import annotations

import functools

import numpy as np

from autograder.datasets import load_digits_split
from autograder.problems import WorkerProblem
from autograder.figure_data import Figure, finite_list, missing_when_none

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


def draw(data: dict, plot):
    """Loss per iteration (top) and train/test accuracy per epoch (bottom), student over reference."""
    fig = plot.canvas(6.0, 6.4)
    fig.subplots_adjust(left=0.12, right=0.97, bottom=0.08, top=0.98, hspace=0.3)
    loss_ax, acc_ax = fig.subplots(2, 1)
    for who, style in (("reference", plot.REFERENCE), ("student", plot.STUDENT)):
        history = data[who]
        if history is None:
            continue
        common = {k: style[k] for k in ("color", "zorder")}
        loss_ax.plot(plot.array(history["train_loss"]), lw=style["lw"] / 1.5, label=style["label"], **common)
        acc_ax.plot(plot.array(history["train_acc"]), lw=style["lw"], label=f"{style['label']}, train", **common)
        acc_ax.plot(plot.array(history["test_acc"]), lw=style["lw"], ls=":", label=f"{style['label']}, test", **common)
    plot.labels(loss_ax, "iteration", "loss")
    plot.labels(acc_ax, "epoch", "accuracy")
    top = max([1.0] + [v for line in acc_ax.get_lines() for v in line.get_ydata() if np.isfinite(v)])
    acc_ax.set_ylim(0, 1.02 * top)  # an "accuracy" above 1 (a count, say) stays in view
    return fig


FIGURES = {"training": Figure(draw, missing=missing_when_none("TwoLayerNet / train"), caption={
    "en": "Your TwoLayerNet(64, 20, 10) trained by your train() on the 8×8 digits (300 iterations, batch 100, "
          "lr 0.5): the loss per iteration (top) and the train (solid) and test (dotted) accuracy per epoch "
          "(bottom), in blue, over the reference in grey.",
    "ko": "8×8 숫자 데이터에서 내 train() 으로 학습한 내 TwoLayerNet(64, 20, 10) (300회 반복, 배치 100, "
          "lr 0.5): 반복별 손실 (위)과 에폭별 훈련 (실선)·시험 (점선) 정확도 (아래). 파란색이 내 결과, 회색이 정답입니다. "
          "그림 속 영어 표기: yours 는 내 코드, reference 는 정답, train 은 훈련 데이터, test 는 시험 데이터, "
          "iteration 은 반복, loss 는 손실, epoch 은 에폭, accuracy 는 정확도입니다.",
})}
