"""Figure data for reports: an assignment's ``figures.py`` and what it may use.

``source_lib/<a>/figures.py`` defines ``collect(student, ref) -> dict``. It runs after a
submission's tests, in the grader process, calling the student's code through the same proxy,
and returns plain data (lists of numbers) keyed by figure name, stored in ``Result.figures`` and
drawn by ``autograder.report.figures``. It never scores anything and uses only public inputs (a
grid on [-10, 10], the lecture's functions).
"""
from __future__ import annotations

import functools
import importlib.util
import math
import sys
from types import ModuleType

import numpy as np

from . import course


def finite_list(y: np.ndarray) -> list[float | None]:
    """A numeric array as a flat list of Python floats, with None for NaN and ±inf."""
    return [round(v, 6) if math.isfinite(v) else None for v in y.astype(float).ravel().tolist()]


@functools.lru_cache(maxsize=16)
def _load(path: str, name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # functools.lru_cache and dataclasses inside it need a module to exist
    spec.loader.exec_module(module)
    return module


def probe(assignment_id: str) -> ModuleType | None:
    """The ``figures.py`` module of ``assignment_id``, or None when it has none."""
    path = course.get(assignment_id).optional("figures.py")
    return _load(str(path), f"autograder_course_figures_{assignment_id}") if path else None
