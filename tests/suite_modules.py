"""Load a grading suite's module (or any course file) by path, to call its helpers on the trusted side."""
from __future__ import annotations

import importlib.util
import warnings

import pytest


def course_mistakes(assignment_id: str):
    """The ``mistakes.py`` module of an assignment of the course in use (its test-title constants)."""
    from autograder import course

    return load(f"{assignment_id}_mistakes", course.get(assignment_id).folder / "mistakes.py")


def load(name: str, path):
    """The module at ``path``, imported as ``name`` (the suite's marks warn outside the grader)."""
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    with warnings.catch_warnings():  # the suite's marks are registered by the grading plugin only
        warnings.simplefilter("ignore", pytest.PytestUnknownMarkWarning)
        spec.loader.exec_module(module)
    return module
