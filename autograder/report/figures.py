"""Report figures: plain data in, a ``data:image/png;base64,...`` URI out.

One function per figure, each taking the data a probe stored in ``Result.figures`` (see
``autograder.figure_data``) and raising ValueError, TypeError, KeyError or IndexError when it is
malformed (a tampered or older results.json); the page then leaves the figure out. ``draw`` is
the memoised entry point for student figures. Drawing uses matplotlib's Agg canvas through
``matplotlib.figure.Figure`` (no pyplot, no display) and PNGs without metadata, so the same data
gives the same bytes. Labels are ASCII English (a Korean font may be missing); the HTML caption
explains each figure in the reader's language. Sizes suit a phone: ~6 inches wide at 12 pt.
"""
from __future__ import annotations

import base64
import functools
import io
import json

import matplotlib
import numpy as np
from matplotlib.figure import Figure

STUDENT = {"color": "#1f5fbf", "lw": 1.8, "label": "yours", "zorder": 3}
REFERENCE = {"color": "#b3b3b3", "lw": 5.0, "label": "reference", "zorder": 2}
ACTIVATIONS = ("step", "sigmoid", "relu", "leaky_relu")
STYLE = {"font.size": 12, "axes.titlesize": 12, "legend.fontsize": 11, "axes.grid": True, "grid.alpha": 0.3,
         "font.family": "DejaVu Sans"}
DPI = 120


def data_uri(fig: Figure) -> str:
    """The figure as a base64 PNG data URI (deterministic: no metadata)."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI, metadata={"Software": None})
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def activations(data: dict) -> str:
    """2x2 panels: the student's step, sigmoid, relu and leaky_relu over the reference on ``x``."""
    x = _array(data["x"])
    fig = Figure(figsize=(6.0, 5.4))
    fig.subplots_adjust(left=0.09, right=0.98, bottom=0.06, top=0.87, hspace=0.4, wspace=0.25)
    for ax, name in zip(fig.subplots(2, 2).ravel(), ACTIVATIONS):
        ax.plot(x, _array(data["reference"][name], len(x)), **REFERENCE)
        if name in data["student"]:
            ax.plot(x, _array(data["student"][name], len(x)), **STUDENT)
        ax.set_title(name)
    fig.legend(*fig.axes[0].get_legend_handles_labels(), loc="upper center", ncols=2, frameon=False)
    return data_uri(fig)


def descent_1d(data: dict) -> str:
    """The lecture's f(x) = (x - 3)**2 + 10 with the points (x_i, f(x_i)) of both paths."""
    ref, student = _array(data["reference"]), _optional(data["student"])
    xs = np.concatenate([ref, [] if student is None else student[np.isfinite(student)]])
    lo, hi = max(-50.0, min(-1.0, xs.min() - 1)), min(56.0, max(11.0, xs.max() + 1))  # a diverging path is cut
    grid = np.linspace(lo, hi, 200)
    fig = Figure(figsize=(6.0, 4.0))
    fig.subplots_adjust(left=0.12, right=0.97, bottom=0.14, top=0.97)
    ax = fig.subplots()
    ax.plot(grid, (grid - 3) ** 2 + 10, color="black", lw=1, label="$f(x) = (x-3)^2 + 10$")
    _path(ax, ref, (ref - 3) ** 2 + 10, student, None if student is None else (student - 3) ** 2 + 10)
    _labels(ax, "x", "f(x)")
    return data_uri(fig)


def descent_2d(data: dict) -> str:
    """Contours of x0**2 + x1**2 with both paths in the (x0, x1) plane."""
    ref = _array(data["reference"]).reshape(-1, 2)
    student = _optional(data["student"])
    student = None if student is None else student.reshape(-1, 2)
    finite = np.abs(student[np.isfinite(student)]) if student is not None else np.zeros(1)
    r = float(np.clip(finite.max(initial=0) * 1.1, 5, 50))  # room for a path that overshoots
    fig = Figure(figsize=(5.4, 5.4))
    fig.subplots_adjust(left=0.14, right=0.97, bottom=0.12, top=0.97)
    ax = fig.subplots()
    g0, g1 = np.meshgrid(np.linspace(-r, r, 101), np.linspace(-r, r, 101))
    ax.contour(g0, g1, g0**2 + g1**2, levels=np.linspace(r / 5, r, 5) ** 2, colors="#999999", linewidths=0.8)
    _path(ax, ref[:, 0], ref[:, 1], *((None, None) if student is None else (student[:, 0], student[:, 1])))
    ax.plot([0], [0], "+", color="black", ms=12)
    ax.set(xlim=(-r, r), ylim=(-r, r), aspect="equal")
    _labels(ax, "x0", "x1")
    return data_uri(fig)


def training(data: dict) -> str:
    """Loss per iteration (top) and train/test accuracy per epoch (bottom), student over reference."""
    fig = Figure(figsize=(6.0, 6.4))
    fig.subplots_adjust(left=0.12, right=0.97, bottom=0.08, top=0.98, hspace=0.3)
    loss_ax, acc_ax = fig.subplots(2, 1)
    for who, style in (("reference", REFERENCE), ("student", STUDENT)):
        history = data[who]
        if history is None:
            continue
        common = {k: style[k] for k in ("color", "zorder")}
        loss_ax.plot(_array(history["train_loss"]), lw=style["lw"] / 1.5, label=style["label"], **common)
        acc_ax.plot(_array(history["train_acc"]), lw=style["lw"], label=f"{style['label']}, train", **common)
        acc_ax.plot(_array(history["test_acc"]), lw=style["lw"], ls=":", label=f"{style['label']}, test", **common)
    _labels(loss_ax, "iteration", "loss")
    _labels(acc_ax, "epoch", "accuracy")
    top = max([1.0] + [v for line in acc_ax.get_lines() for v in line.get_ydata() if np.isfinite(v)])
    acc_ax.set_ylim(0, 1.02 * top)  # an "accuracy" above 1 (a count, say) stays in view
    return data_uri(fig)


def score_histogram(counts: list[int]) -> str:
    """Bars of submissions per 10 % band of the maximum score (``counts`` has 10 entries)."""
    with matplotlib.rc_context(STYLE):
        fig = Figure(figsize=(6.0, 3.4))
        fig.subplots_adjust(left=0.1, right=0.98, bottom=0.17, top=0.96)
        ax = fig.subplots()
        ax.bar(np.arange(10) * 10 + 5, counts, width=9, color=STUDENT["color"])
        ax.set_xticks(np.arange(0, 101, 10))
        ax.yaxis.get_major_locator().set_params(integer=True)
        _labels(ax, "score (% of maximum)", "submissions", legend=False)
        return data_uri(fig)


STUDENT_FIGURES = {"activations": activations, "descent_1d": descent_1d, "descent_2d": descent_2d,
                   "training": training}
"""``Result.figures`` key → the function drawing it, in page order."""


def draw(key: str, data) -> str:
    """``STUDENT_FIGURES[key](data)``, remembered for the same data rounded to 6 significant digits
    (the same picture): in a class, many correct submissions share their figures. Raises what the
    figure function raises for malformed data, and KeyError for an unknown ``key``."""
    return _draw_rounded(key, json.dumps(_rounded(data), sort_keys=True))


@functools.lru_cache(maxsize=64)
def _draw_rounded(key: str, data_json: str) -> str:
    with matplotlib.rc_context(STYLE):
        return STUDENT_FIGURES[key](json.loads(data_json))


def _rounded(data):
    if type(data) is float:
        return float(f"{data:.6g}")
    if type(data) is list:
        return [_rounded(v) for v in data]
    if type(data) is dict:
        return {k: _rounded(v) for k, v in data.items()}
    return data


def _path(ax, ref_x, ref_y, student_x, student_y) -> None:
    ax.plot(ref_x, ref_y, "o", ms=13, mfc="none", mew=2, color=REFERENCE["color"], label="reference", zorder=2)
    if student_x is not None:
        ax.plot(student_x, student_y, "o-", ms=5, lw=1, color=STUDENT["color"], label="yours", zorder=3)


def _labels(ax, xlabel: str, ylabel: str, legend: bool = True) -> None:
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if legend:
        ax.legend()


def _optional(values) -> np.ndarray | None:
    return None if values is None else _array(values)


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
