"""Figure data for a3_gradient: the student's gradient-descent paths next to the reference's.

``collect(student, ref)`` returns::

    {"descent_1d": {"student": [21 floats] | None, "reference": [21 floats]},
     "descent_2d": {"student": [[x0, x1] × 21] | None, "reference": [[x0, x1] × 21]}}

``descent_1d`` runs ``gradient_descent`` on the lecture's ``(x - 3)**2 + 10`` from 10.0 with
lr 0.2 for 20 steps; ``descent_2d`` on ``x0**2 + x1**2`` from (-3, 4) with lr 0.1 for 20 steps.
A path is the 20 rows of ``history`` followed by the final ``x`` (when it has the right shape).
The student's path is None when the call raises, times out, or does not return a pair whose
``history`` is a numeric array of shape (20,) or (20, 2); non-finite values become None. Public inputs only (the lecture's lab).
"""
from __future__ import annotations

import numpy as np

from autograder.problems import WorkerProblem
from autograder.proxy import Named
from autograder.figure_data import finite_list

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
