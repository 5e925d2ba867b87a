"""Drawing report figures: plain data in, a ``data:image/png;base64,...`` URI out.

What every figure shares lives here; what each figure is lives with its assignment
(``source_lib/<a>/figures.py``: ``FIGURES``, see ``autograder.figure_data``). ``draw(assignment,
key, data)`` finds the assignment's figure ``key`` in the course in use, has it draw ``data``
(what its ``collect`` stored in ``Result.figures``) with this module as its ``plot`` toolkit,
and remembers the picture. A figure raises ValueError, TypeError, KeyError or IndexError on
malformed data; the page then leaves it out. ``score_histogram`` is the class overview's.

Drawing uses matplotlib's Agg canvas through ``matplotlib.figure.Figure`` (no pyplot, no
display) and PNGs without metadata, so the same data gives the same bytes. Labels are ASCII
English (a Korean font may be missing); the HTML caption explains each figure in the reader's
language. Sizes suit a phone: ~6 inches wide at 12 pt. Only the report imports this module (and
matplotlib): the grader never draws.
"""
from __future__ import annotations

import base64
import functools
import io
import json
import sys

import matplotlib
import numpy as np
from matplotlib.figure import Figure as Canvas

from .. import figure_data

STUDENT = {"color": "#1f5fbf", "lw": 1.8, "label": "yours", "zorder": 3}
REFERENCE = {"color": "#b3b3b3", "lw": 5.0, "label": "reference", "zorder": 2}
STYLE = {"font.size": 12, "axes.titlesize": 12, "legend.fontsize": 11, "axes.grid": True, "grid.alpha": 0.3,
         "font.family": "DejaVu Sans"}
DPI = 120


def data_uri(fig: Canvas) -> str:
    """The figure as a base64 PNG data URI (deterministic: no metadata)."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI, metadata={"Software": None})
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def canvas(width: float, height: float) -> Canvas:
    """An empty figure of ``width`` × ``height`` inches for a course figure to draw on."""
    return Canvas(figsize=(width, height))


def student_figures(assignment_id: str) -> dict[str, figure_data.Figure]:
    """The figures the course in use draws for ``assignment_id``, in page order (``{}`` if none)."""
    return figure_data.figures(assignment_id)


def draw(assignment_id: str, key: str, data) -> str:
    """Figure ``key`` of ``assignment_id`` drawn from ``data``, remembered for the same data rounded
    to 6 significant digits (the same picture): in a class, many correct submissions share their
    figures. Raises what the figure raises for malformed data, and KeyError for a ``key`` the
    course does not draw."""
    return _draw_rounded(student_figures(assignment_id)[key], json.dumps(_rounded(data), sort_keys=True))


@functools.lru_cache(maxsize=64)
def _draw_rounded(figure: figure_data.Figure, data_json: str) -> str:
    with matplotlib.rc_context(STYLE):
        return data_uri(figure.draw(json.loads(data_json), sys.modules[__name__]))


def score_histogram(counts: list[int]) -> str:
    """Bars of submissions per 10 % band of the maximum score (``counts`` has 10 entries)."""
    with matplotlib.rc_context(STYLE):
        fig = canvas(6.0, 3.4)
        fig.subplots_adjust(left=0.1, right=0.98, bottom=0.17, top=0.96)
        ax = fig.subplots()
        ax.bar(np.arange(10) * 10 + 5, counts, width=9, color=STUDENT["color"])
        ax.set_xticks(np.arange(0, 101, 10))
        ax.yaxis.get_major_locator().set_params(integer=True)
        labels(ax, "score (% of maximum)", "submissions", legend=False)
        return data_uri(fig)


def _rounded(data):
    if type(data) is float:
        return float(f"{data:.6g}")
    if type(data) is list:
        return [_rounded(v) for v in data]
    if type(data) is dict:
        return {k: _rounded(v) for k, v in data.items()}
    return data


# -- the toolkit a course figure draws with (its ``plot`` argument)
def paths(ax, ref_x, ref_y, student_x, student_y) -> None:
    """The reference's points as wide grey rings, the student's (unless None) as a thin blue path over them."""
    ax.plot(ref_x, ref_y, "o", ms=13, mfc="none", mew=2, color=REFERENCE["color"], label="reference", zorder=2)
    if student_x is not None:
        ax.plot(student_x, student_y, "o-", ms=5, lw=1, color=STUDENT["color"], label="yours", zorder=3)


def labels(ax, xlabel: str, ylabel: str, legend: bool = True) -> None:
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if legend:
        ax.legend()


def optional(values) -> np.ndarray | None:
    """None for None, else ``array(values)``."""
    return None if values is None else array(values)


def array(values, length: int | None = None) -> np.ndarray:
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
