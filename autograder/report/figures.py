"""Report figures: plain data in, a ``data:image/png;base64,...`` URI out (or None).

One function per figure. Each takes the data a probe stored in ``Result.figures`` (see
``autograder.probes``) and returns None when the data is missing or malformed, so that a
tampered or older results.json never breaks a report. Drawing uses matplotlib's Agg canvas
through ``matplotlib.figure.Figure`` (no pyplot, no global state, no display) and writes PNGs
without a timestamp, so the same data gives the same bytes. Labels are ASCII English: the
HTML caption explains them in the reader's language.
"""
from __future__ import annotations

import base64
import io

import numpy as np
from matplotlib.figure import Figure

STUDENT = {"color": "#1f5fbf", "lw": 2.0, "label": "yours"}
REFERENCE = {"color": "#777777", "lw": 2.0, "ls": "--", "label": "reference"}
ACTIVATIONS = ("step", "sigmoid", "relu", "leaky_relu")


def data_uri(fig: Figure) -> str:
    """The figure as a base64 PNG data URI (deterministic: no metadata)."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=100, metadata={"Software": None})
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def activations(data: dict) -> str | None:
    """2x2 panels: the student's step, sigmoid, relu and leaky_relu over the reference on x."""
    x = _array(data["x"])
    fig = Figure(figsize=(7.2, 5.4), layout="constrained")
    for ax, name in zip(fig.subplots(2, 2).ravel(), ACTIVATIONS):
        ax.plot(x, _array(data["reference"][name], len(x)), **REFERENCE)
        if name in data["student"]:
            ax.plot(x, _array(data["student"][name], len(x)), **STUDENT, alpha=0.8)
        ax.set_title(name)
        ax.grid(alpha=0.3)
    fig.legend(*fig.axes[0].get_legend_handles_labels(), loc="outside upper center", ncols=2)
    return data_uri(fig)


def descent_1d(data: dict) -> str | None:
    """The lecture's f(x) = (x - 3)**2 + 10 with the points (x_i, f(x_i)) of both paths."""
    ref = _array(data["reference"])
    student = None if data["student"] is None else _array(data["student"])
    xs = np.concatenate([ref, [] if student is None else student[np.isfinite(student)]])
    lo, hi = max(-50.0, min(-1.0, xs.min() - 1)), min(56.0, max(11.0, xs.max() + 1))  # a diverging path is cut
    grid = np.linspace(lo, hi, 200)
    fig = Figure(figsize=(7.2, 4.0), layout="constrained")
    ax = fig.subplots()
    ax.plot(grid, (grid - 3) ** 2 + 10, color="#bbbbbb", lw=1.5, label="$f(x) = (x-3)^2 + 10$")
    ax.plot(ref, (ref - 3) ** 2 + 10, "o", mfc="none", ms=11, mew=1.5, color=REFERENCE["color"], label="reference")
    if student is not None:
        ax.plot(student, (student - 3) ** 2 + 10, "o-", ms=5, lw=1, color=STUDENT["color"], label="yours")
    _finish(ax, "x", "f(x)")
    return data_uri(fig)


def descent_2d(data: dict) -> str | None:
    """Contours of x0**2 + x1**2 with both paths in the (x0, x1) plane."""
    ref = _array(data["reference"]).reshape(-1, 2)
    student = None if data["student"] is None else _array(data["student"]).reshape(-1, 2)
    finite = np.abs(student[np.isfinite(student)]) if student is not None else np.zeros(1)
    r = float(np.clip(finite.max(initial=0) * 1.1, 5, 50))  # room for a path that overshoots
    fig = Figure(figsize=(5.6, 5.0), layout="constrained")
    ax = fig.subplots()
    g = np.linspace(-r, r, 101)
    g0, g1 = np.meshgrid(g, g)
    ax.contour(g0, g1, g0**2 + g1**2, levels=np.linspace(1, r, 6) ** 2, colors="#cccccc", linewidths=1)
    ax.plot(ref[:, 0], ref[:, 1], "o--", mfc="none", ms=10, color=REFERENCE["color"], label="reference")
    if student is not None:
        ax.plot(student[:, 0], student[:, 1], "o-", ms=5, lw=1, color=STUDENT["color"], label="yours")
    ax.plot([0], [0], "+", color="black", ms=12)
    ax.set_xlim(-r, r)
    ax.set_ylim(-r, r)
    ax.set_aspect("equal")
    _finish(ax, "x0", "x1")
    return data_uri(fig)


def training(data: dict) -> str | None:
    """Loss per iteration (left) and train/test accuracy per epoch (right), student over reference."""
    fig = Figure(figsize=(8.0, 3.8), layout="constrained")
    loss_ax, acc_ax = fig.subplots(1, 2)
    for who, style in (("reference", REFERENCE), ("student", STUDENT)):
        history = data[who]
        if history is None:
            continue
        label = style["label"]
        loss_ax.plot(_array(history["train_loss"]), color=style["color"], lw=1.2, ls=style.get("ls", "-"), label=label)
        acc_ax.plot(_array(history["train_acc"]), color=style["color"], ls=style.get("ls", "-"), label=f"{label}, train")
        acc_ax.plot(_array(history["test_acc"]), color=style["color"], ls=style.get("ls", "-"), marker="o", ms=3,
                    label=f"{label}, test")
    _finish(loss_ax, "iteration", "loss")
    _finish(acc_ax, "epoch", "accuracy")
    acc_ax.set_ylim(0, 1)
    return data_uri(fig)


def score_histogram(counts: list[int]) -> str | None:
    """Bars of students per 10% band of the maximum score (``counts`` has 10 entries)."""
    fig = Figure(figsize=(7.2, 3.6), layout="constrained")
    ax = fig.subplots()
    ax.bar(np.arange(10) * 10 + 5, counts, width=9, color=STUDENT["color"])
    ax.set_xticks(np.arange(0, 101, 10))
    ax.yaxis.get_major_locator().set_params(integer=True)
    _finish(ax, "score (% of maximum)", "students", legend=False)
    return data_uri(fig)


STUDENT_FIGURES = {"activations": activations, "descent_1d": descent_1d, "descent_2d": descent_2d,
                   "training": training}
"""``Result.figures`` key → the function drawing it, in page order."""


def _finish(ax, xlabel: str, ylabel: str, legend: bool = True) -> None:
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.grid(alpha=0.3)
    if legend:
        ax.legend()


def _array(values, length: int | None = None) -> np.ndarray:
    """Numbers (None for a gap) as a float array; ValueError if not numbers or the wrong length."""
    if type(values) is not list or any(v is not None and type(v) not in (int, float) for v in _flat(values)):
        raise ValueError("figure data must be a list of numbers")
    a = np.array(values, dtype=float)
    if length is not None and a.shape != (length,):
        raise ValueError(f"expected {length} values, got shape {a.shape}")
    return a


def _flat(values):
    for v in values:
        yield from (_flat(v) if type(v) is list else (v,))
