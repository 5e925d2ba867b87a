"""The functions a grader may hand to student code by name: each course's ``testfuncs.py``, loaded on both sides.

``numerical_gradient(f, x)`` needs an ``f``: the suite passes ``Named("function_2")``, only the
name crosses the boundary (``{"$": "fn", "name": ...}``), and the worker calls its own copy. An
assignment's ``testfuncs.py`` defines ``FUNCTIONS = {name: function}``; the grader loads it here
before grading and hands the same paths to the zygote, which loads them before any child starts
(``python -m autograder.worker FD [testfuncs.py ...]``). Nothing here imports the course.
"""
from __future__ import annotations

import types

FUNCTIONS: dict = {}
_loaded: dict[str, types.ModuleType] = {}


class TestFunctionsError(ValueError):
    """A ``testfuncs.py`` that defines no ``FUNCTIONS`` dict, or one whose name another file took."""


def load(paths) -> None:
    """Load each ``testfuncs.py`` of ``paths`` (once per path) into ``FUNCTIONS``."""
    for path in map(str, paths):
        if path in _loaded:
            continue
        module = types.ModuleType(f"autograder_testfuncs_{len(_loaded)}")
        with open(path, encoding="utf-8") as f:  # compiled under its bare name: where the course lies stays out
            exec(compile(f.read(), "testfuncs.py", "exec"), module.__dict__)
        found = module.__dict__.get("FUNCTIONS")
        if not isinstance(found, dict) or not all(isinstance(k, str) and callable(v) for k, v in found.items()):
            raise TestFunctionsError(f"{path}: FUNCTIONS must be a dict of name -> function")
        taken = {name for name in found if name in FUNCTIONS and FUNCTIONS[name] is not found[name]}
        if taken:
            raise TestFunctionsError(f"{path}: {', '.join(sorted(taken))} already defined by another testfuncs.py")
        FUNCTIONS.update(found)
        _loaded[path] = module
