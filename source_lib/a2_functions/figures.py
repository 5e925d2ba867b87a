"""Figure data for a2_functions: the student's activations next to the reference's on [-10, 10].

``collect(student, ref)`` returns ``{"activations": {"x": [201 floats], "student": {name: [...]},
"reference": {name: [...]}}}`` for ``step``, ``sigmoid``, ``relu`` and ``leaky_relu``. A student
curve that is missing, raises, times out or is not a numeric array of the grid's shape is left
out (the reference curve is still drawn); a non-finite value becomes None, a gap in the plot
(results.json is strict JSON). A few ms: one remote call per function.
"""
from __future__ import annotations

import functools

import numpy as np

from autograder.figure_data import finite_list
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
