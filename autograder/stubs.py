"""Tell a student's work on a module from the untouched stub, by reading (never running) its code.

The *student part* of a module is what its generated stub (``assignments/<a>/<m>.py``) leaves
raising: each function or method whose body, run from the top, reaches a ``raise
NotImplementedError`` before it could return. Code *holds work* when at least one function of
the student part, as it defines it last, can return: its ``raise NotImplementedError`` is gone,
or a ``return`` (or ``yield``) comes before it, or the name is bound to something else after
the ``def``. So the stub itself (whatever its line endings, comments or docstrings, and however
many times it was run) holds none, and neither does code that keeps only the stub's raising
functions and adds helpers of its own. Code that does not parse holds work: the syntax error
is the student's own, and the grader says so.
"""
from __future__ import annotations

import ast
from collections.abc import Iterable


def _parse(source: str) -> ast.Module | None:
    try:
        return ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError, OverflowError):
        return None


def _own_nodes(fn: ast.AST) -> Iterable[ast.AST]:
    """Every node of ``fn``'s body that runs in ``fn`` itself (not in a nested def, class or lambda)."""
    stack = list(ast.iter_child_nodes(fn))
    while stack:
        node = stack.pop()
        yield node
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            stack.extend(ast.iter_child_nodes(node))


def _raises_not_implemented(stmt: ast.stmt) -> bool:
    if not isinstance(stmt, ast.Raise) or stmt.exc is None:
        return False
    exc = stmt.exc.func if isinstance(stmt.exc, ast.Call) else stmt.exc
    return isinstance(exc, ast.Name) and exc.id == "NotImplementedError"


def _never_returns(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """True when every call of ``fn`` ends in NotImplementedError (or another exception)."""
    if any(isinstance(n, (ast.Yield, ast.YieldFrom)) for n in _own_nodes(fn)):
        return False  # a generator: calling it returns one
    for stmt in fn.body:
        if _raises_not_implemented(stmt):
            return True
        if any(isinstance(n, ast.Return) for n in _own_nodes_of(stmt)):
            return False
    return False


def _own_nodes_of(stmt: ast.stmt) -> Iterable[ast.AST]:
    yield stmt
    if not isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        yield from _own_nodes(stmt)


def definitions(tree: ast.Module) -> dict[str, bool]:
    """Qualified name → whether its last binding can return (``False``: a function that only raises
    NotImplementedError), for the functions and methods defined at module and class level."""
    found: dict[str, bool] = {}
    _define(tree.body, "", found)
    return found


def _define(body: list[ast.stmt], prefix: str, found: dict[str, bool]) -> None:
    for stmt in body:
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
            found[prefix + stmt.name] = not _never_returns(stmt)
        elif isinstance(stmt, ast.ClassDef):  # a class defined again replaces every method of the first
            inner = f"{prefix}{stmt.name}."
            for name in [n for n in found if n.startswith(inner)]:
                del found[name]
            _define(stmt.body, inner, found)
        else:  # ``sigmoid = ...`` or ``from x import sigmoid`` after the def replaces it
            for name in _bound_names(stmt):
                if prefix + name in found:
                    found[prefix + name] = True


def _bound_names(stmt: ast.stmt) -> list[str]:
    """The plain names an assignment or import at this level binds."""
    if isinstance(stmt, (ast.Import, ast.ImportFrom)):
        return [(a.asname or a.name).split(".")[0] for a in stmt.names]
    if isinstance(stmt, ast.Assign):
        targets = list(stmt.targets)
    elif isinstance(stmt, (ast.AnnAssign, ast.AugAssign)) and stmt.value is not None:
        targets = [stmt.target]
    else:
        return []
    names = []
    while targets:
        t = targets.pop()
        if isinstance(t, ast.Name):
            names.append(t.id)
        elif isinstance(t, (ast.Tuple, ast.List)):
            targets.extend(t.elts)
        elif isinstance(t, ast.Starred):
            targets.append(t.value)
    return names


def student_part(stub_source: str) -> frozenset[str]:
    """The qualified names of the functions the stub leaves to the student (those that only raise)."""
    tree = _parse(stub_source)
    try:
        found = definitions(tree) if tree is not None else {}
    except RecursionError:
        found = {}
    return frozenset(name for name, returns in found.items() if not returns)


def holds_work(source: str, part: Iterable[str]) -> bool:
    """Whether ``source`` implements at least one function of ``part`` (see the module docstring)."""
    tree = _parse(source)
    if tree is None:
        return True
    try:
        found = definitions(tree)
    except RecursionError:
        return True
    return any(found.get(name) for name in part)


def same_code(a: str, b: str) -> bool:
    """Whether two sources are the same program (up to layout and comments)."""
    if a.replace("\r\n", "\n").strip() == b.replace("\r\n", "\n").strip():
        return True
    ta, tb = _parse(a), _parse(b)
    if ta is None or tb is None:
        return False
    try:
        return ast.dump(ta) == ast.dump(tb)
    except RecursionError:
        return False
