"""Figure data for a2_functions: the student's activations next to the reference's on [-10, 10].

``collect(student, ref)`` returns ``{"activations": {"x": [201 floats], "student": {name: [...]},
"reference": {name: [...]}}}`` for ``step``, ``sigmoid``, ``relu`` and ``leaky_relu``. A student
curve that is missing, raises, times out or is not a numeric array of the grid's shape is left
out (the reference curve is still drawn); a non-finite value becomes None, a gap in the plot
(results.json is strict JSON). A few ms: one remote call per function.

``FIGURES`` draws it as 2x2 panels, the student's curve over the reference's (see
``autograder.figure_data`` for the convention).
"""
from __future__ import annotations

import functools

import numpy as np

from autograder.figure_data import Figure, finite_list
from autograder.problems import WorkerProblem

NAMES = ("step", "sigmoid", "relu", "leaky_relu")
X = np.linspace(-10.0, 10.0, 201)


def collect(student, ref) -> dict:
    return {"activations": {
        "x": X.tolist(),
        "student": {name: c for name in NAMES if (c := _student_curve(student, name)) is not None},
        "reference": _reference_curves(ref.functions),
    }}


@functools.lru_cache(maxsize=4)
def _reference_curves(functions) -> dict:
    """The same for every submission of a session: computed once."""
    return {name: _curve(getattr(functions, name)(X.copy())) for name in NAMES}


def _student_curve(student, name: str) -> list[float] | None:
    try:
        y = getattr(student.functions, name)(X.copy())
    except WorkerProblem:
        return None
    return _curve(y)


def _curve(y) -> list[float | None] | None:
    """``y`` as floats (None where not finite) if it is a numeric array of the grid's shape, else None."""
    if type(y) is not np.ndarray or y.shape != X.shape or y.dtype.kind not in "biuf":
        return None
    return finite_list(y)


def draw(data: dict, plot):
    """2x2 panels: the student's step, sigmoid, relu and leaky_relu over the reference on ``x``."""
    x = plot.array(data["x"])
    fig = plot.canvas(6.0, 5.4)
    fig.subplots_adjust(left=0.09, right=0.98, bottom=0.06, top=0.87, hspace=0.4, wspace=0.25)
    for ax, name in zip(fig.subplots(2, 2).ravel(), NAMES):
        ax.plot(x, plot.array(data["reference"][name], len(x)), **plot.REFERENCE)
        if name in data["student"]:
            ax.plot(x, plot.array(data["student"][name], len(x)), **plot.STUDENT)
        ax.set_title(name)
    fig.legend(*fig.axes[0].get_legend_handles_labels(), loc="upper center", ncols=2, frameon=False)
    return fig


def missing(data: dict) -> list[str]:
    """The functions whose curve ``collect`` could not take from the student's code."""
    return [name for name in NAMES if name not in data["student"]]


FIGURES = {"activations": Figure(draw, missing=missing, caption={
    "en": "Your step, sigmoid, relu and leaky_relu (thin blue line) over the reference (wide grey band) on "
          "[-10, 10]. Where the blue line leaves the grey band, your function gives a different value.",
    "ko": "[-10, 10] 구간에서 내 step, sigmoid, relu, leaky_relu (가는 파란 선)와 정답 (넓은 회색 띠). "
          "파란 선이 회색 띠를 벗어나는 곳에서 내 함수의 값이 다릅니다. 그림 속 영어 표기: 범례의 yours 는 내 코드, "
          "reference 는 정답이고, 각 칸의 제목은 함수 이름입니다.",
})}
