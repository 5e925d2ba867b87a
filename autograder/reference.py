"""The hidden reference, loaded in the grader process only (never in a worker).

``load(assignment)`` returns a namespace of the reference modules (``ref.functions``), with the
solution folders of the assignment and its dependencies on ``sys.path`` so that a reference
module can import an earlier one by bare name, as students' modules do.
"""
from __future__ import annotations

import importlib
import sys
from types import SimpleNamespace

from . import course

_cache: dict[str, SimpleNamespace] = {}


def load(assignment_id: str) -> SimpleNamespace:
    if assignment_id in _cache:
        return _cache[assignment_id]
    assignment = course.get(assignment_id)
    for dep in course.dependency_closure(assignment):
        folder = str(course.solutions_dir(dep.id))
        if folder not in sys.path:
            sys.path.insert(0, folder)
    modules = {}
    for dep in course.dependency_closure(assignment):
        for name in dep.modules:
            module = importlib.import_module(name)
            if not str(getattr(module, "__file__", "")).startswith(str(course.solutions_dir(dep.id))):
                raise ImportError(f"reference module {name!r} resolved to {module!r}, not solutions/{dep.id}")
            modules[name] = module
    _cache[assignment_id] = SimpleNamespace(**modules)
    return _cache[assignment_id]
