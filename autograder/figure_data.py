"""Figure data for reports: the convention an assignment's ``figures.py`` follows, and its loader.

``source_lib/<a>/figures.py`` holds everything about the assignment's report figures:

- ``collect(student, ref) -> dict`` runs after a submission's tests, in the grader process,
  calling the student's code through the same proxy, and returns plain data (lists of numbers)
  keyed by figure name, stored in ``Result.figures``. It never scores anything and uses only
  public inputs (a grid on [-10, 10], the lecture's functions).
- ``FIGURES = {name: Figure(draw, caption, missing)}``, in page order, says how the report draws
  each name ``collect`` returns: ``draw(data, plot)`` returns a matplotlib figure of that data;
  ``caption`` explains it in English and Korean (``{"en": ..., "ko": ...}``; drawn labels stay
  ASCII English, a Korean font may be missing); ``missing(data)`` names what of the student's
  could not be drawn (the page says so under the caption). ``draw`` and ``missing`` raise
  ValueError, TypeError, KeyError or IndexError on malformed data (a tampered or older
  results.json); the page then leaves that figure out, as it leaves out a name not in FIGURES.

The module runs in the grader, so it never imports matplotlib: ``draw`` gets ``plot``, the
report's drawing module (``autograder.report.figures``: ``plot.canvas(w, h)``, the ``STUDENT``
and ``REFERENCE`` line styles, the ``array``/``optional`` validators, ``paths``, ``labels``),
from the report, which alone imports matplotlib. Drawing is memoised and styled there.
"""
from __future__ import annotations

import functools
import importlib.util
import math
import sys
from dataclasses import dataclass
from types import ModuleType
from typing import Any, Callable

import numpy as np

from . import course
from .feedback.messages import pick


def nothing_missing(data: dict) -> list[str]:
    return []


@dataclass(frozen=True, eq=False)  # hashed by identity: the report memoises drawings per Figure
class Figure:
    """How the report draws one figure of an assignment (see the module docstring)."""

    draw: Callable[[dict, ModuleType], Any]
    caption: dict[str, str]
    missing: Callable[[dict], list[str]] = nothing_missing

    def caption_in(self, lang: str) -> str:
        return pick(self.caption, lang)


def missing_when_none(*names: str) -> Callable[[dict], list[str]]:
    """``missing`` for a figure whose data has ``"student": None`` when the student's code gave nothing usable."""
    return lambda data: list(names) if data["student"] is None else []


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


def figures(assignment_id: str) -> dict[str, Figure]:
    """The ``FIGURES`` of ``assignment_id`` in the course in use; ``{}`` for an assignment that has
    none or that the course does not know (a results.json of another course)."""
    try:
        module = probe(assignment_id)
    except course.CourseError:
        return {}
    found = getattr(module, "FIGURES", {}) if module else {}
    return {k: f for k, f in found.items() if isinstance(f, Figure)} if isinstance(found, dict) else {}
