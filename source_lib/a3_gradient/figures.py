"""Figure data for a3_gradient: the student's gradient-descent paths next to the reference's.

``collect(student, ref)`` returns::

    {"descent_1d": {"student": [21 floats] | None, "reference": [21 floats]},
     "descent_2d": {"student": [[x0, x1] × 21] | None, "reference": [[x0, x1] × 21]}}

``descent_1d`` runs ``gradient_descent`` on the lecture's ``(x - 3)**2 + 10`` from 10.0 with
lr 0.2 for 20 steps; ``descent_2d`` on ``x0**2 + x1**2`` from (-3, 4) with lr 0.1 for 20 steps.
A path is the 20 rows of ``history`` followed by the final ``x`` (when it has the right shape).
The student's path is None when the call raises, times out, or does not return a pair whose
``history`` is a numeric array of shape (20,) or (20, 2); non-finite values become None. Public inputs only (the lecture's lab).

``FIGURES`` draws both paths on the function's graph (1-D) or contours (2-D); see
``autograder.figure_data`` for the convention.
"""
from __future__ import annotations

import numpy as np

from autograder.problems import WorkerProblem
from autograder.proxy import Named
from autograder.figure_data import Figure, finite_list, missing_when_none

STEPS = 20
RUNS = {
    "descent_1d": ("lecture_quadratic", 10.0, 0.2),
    "descent_2d": ("function_2", np.array([-3.0, 4.0]), 0.1),
}


def collect(student, ref) -> dict:
    return {key: {"student": _student_path(student, f, x0, lr),
                  "reference": _path(ref.gradient.gradient_descent(Named(f), x0, lr=lr, step_num=STEPS),
                                     np.shape(x0))}
            for key, (f, x0, lr) in RUNS.items()}


def _student_path(student, f: str, x0, lr: float):
    try:
        got = student.gradient.gradient_descent(Named(f), x0, lr=lr, step_num=STEPS)
    except WorkerProblem:
        return None
    return _path(got, np.shape(x0))


def _path(got, shape: tuple):
    """The history rows, then the final x if it has x0's shape, as nested float lists.
    None unless ``got`` is a pair whose second item is a numeric history of shape (20, *shape)."""
    if type(got) not in (tuple, list) or len(got) != 2:
        return None
    x, history = got
    if not _numeric(history) or history.shape != (STEPS, *shape):
        return None
    width = int(np.prod(shape))  # 1 for a scalar x
    rows = history.reshape(STEPS, width)
    if (_numeric(x) or type(x) in (float, int, np.float64)) and np.shape(x) == shape:
        rows = np.vstack([rows, np.reshape(x, (1, width))])
    values = finite_list(rows)
    return values if not shape else [values[i:i + width] for i in range(0, len(values), width)]


def _numeric(a) -> bool:
    return type(a) is np.ndarray and a.dtype.kind in "biuf"


def draw_1d(data: dict, plot):
    """The lecture's f(x) = (x - 3)**2 + 10 with the points (x_i, f(x_i)) of both paths."""
    ref, student = plot.array(data["reference"]), plot.optional(data["student"])
    xs = np.concatenate([ref, [] if student is None else student[np.isfinite(student)]])
    lo, hi = max(-50.0, min(-1.0, xs.min() - 1)), min(56.0, max(11.0, xs.max() + 1))  # a diverging path is cut
    grid = np.linspace(lo, hi, 200)
    fig = plot.canvas(6.0, 4.0)
    fig.subplots_adjust(left=0.12, right=0.97, bottom=0.14, top=0.97)
    ax = fig.subplots()
    ax.plot(grid, (grid - 3) ** 2 + 10, color="black", lw=1, label="$f(x) = (x-3)^2 + 10$")
    plot.paths(ax, ref, (ref - 3) ** 2 + 10, student, None if student is None else (student - 3) ** 2 + 10)
    plot.labels(ax, "x", "f(x)")
    return fig


def draw_2d(data: dict, plot):
    """Contours of x0**2 + x1**2 with both paths in the (x0, x1) plane."""
    ref = plot.array(data["reference"]).reshape(-1, 2)
    student = plot.optional(data["student"])
    student = None if student is None else student.reshape(-1, 2)
    finite = np.abs(student[np.isfinite(student)]) if student is not None else np.zeros(1)
    r = float(np.clip(finite.max(initial=0) * 1.1, 5, 50))  # room for a path that overshoots
    fig = plot.canvas(5.4, 5.4)
    fig.subplots_adjust(left=0.14, right=0.97, bottom=0.12, top=0.97)
    ax = fig.subplots()
    g0, g1 = np.meshgrid(np.linspace(-r, r, 101), np.linspace(-r, r, 101))
    ax.contour(g0, g1, g0**2 + g1**2, levels=np.linspace(r / 5, r, 5) ** 2, colors="#999999", linewidths=0.8)
    plot.paths(ax, ref[:, 0], ref[:, 1], *((None, None) if student is None else (student[:, 0], student[:, 1])))
    ax.plot([0], [0], "+", color="black", ms=12)
    ax.set(xlim=(-r, r), ylim=(-r, r), aspect="equal")
    plot.labels(ax, "x0", "x1")
    return fig


FIGURES = {
    "descent_1d": Figure(draw_1d, missing=missing_when_none("gradient_descent"), caption={
        "en": "Your gradient_descent on the lecture's f(x) = (x - 3)² + 10 from x = 10 with lr = 0.2, 20 steps "
              "(blue dots), next to the reference's path (grey rings). The points are x before each step, then the final x.",
        "ko": "강의의 f(x) = (x - 3)² + 10 에서 x = 10, lr = 0.2 로 20단계 진행한 내 gradient_descent (파란 점)와 "
              "정답 경로 (회색 원). 각 점은 단계 이전의 x 이고, 마지막 점은 최종 x 입니다. 그림 속 영어 표기: 범례의 "
              "yours 는 내 코드, reference 는 정답이고, 가로축은 x, 세로축은 f(x) 입니다.",
    }),
    "descent_2d": Figure(draw_2d, missing=missing_when_none("gradient_descent"), caption={
        "en": "Your gradient_descent on f(x0, x1) = x0² + x1² from (-3, 4) with lr = 0.1, 20 steps (blue dots), "
              "over the contour lines of f, next to the reference's path (grey rings). The minimum is at +.",
        "ko": "f(x0, x1) = x0² + x1² 의 등고선 위에서 (-3, 4) 부터 lr = 0.1 로 20단계 진행한 내 gradient_descent "
              "(파란 점)와 정답 경로 (회색 원). 최솟값은 + 표시입니다. 그림 속 영어 표기: 범례의 yours 는 내 코드, "
              "reference 는 정답이고, 가로축은 x0, 세로축은 x1 입니다.",
    }),
}
