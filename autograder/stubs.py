"""Tell a student's work on a module from the untouched stub, and from other work, by reading (never running) its code.

The *student part* of a module is what its generated stub (``assignments/<a>/<m>.py``) leaves
raising: each function or method whose body, run from the top, reaches a ``raise
NotImplementedError`` before it could return. Code *holds work* when at least one function of
the student part, as it defines it last, can return: its ``raise NotImplementedError`` is gone,
or a ``return`` (or ``yield``) comes before it, or the name is bound to something else after
the ``def``. So the stub itself (whatever its line endings, comments or docstrings, and however
many times it was run) holds none, and neither does code that keeps only the stub's raising
functions and adds helpers of its own. Code that does not parse holds work: the syntax error
is the student's own, and the grader says so.

The *work* of a file (``work``) is what the tests can see of it: the module-level definitions of
the names the stub defines (``graded_names``: its functions, classes and assigned names) and,
transitively, of every module-level name those definitions use (a helper function they call, a
constant, an import), each as the file binds it last, compared as ASTs (not comments, layout or
docstrings). Two files hold the *same work* (``same_work``) when those agree: a notebook's
try-out prints, plots, scratch variables and helpers nobody graded calls are not a second
version. A helper a graded function calls is part of the work, so one that differs makes the
work differ. What code run at module level does to a name other than by binding it or assigning
to its attributes or items (``TABLE.update(...)``, ``setattr``) is not seen.

A little over 300 lines: telling work from stub, and a notebook's version from a module's, rest
on the same comparison of definitions, kept in one place.
"""
from __future__ import annotations

import ast
import copy
import symtable
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


def graded_names(stub_source: str) -> frozenset[str]:
    """The names a stub defines at module level by ``def``, ``class`` or assignment (not by import)."""
    tree = _parse(stub_source)
    names: set[str] = set()
    for stmt in tree.body if tree is not None else []:
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(stmt.name)
        elif isinstance(stmt, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
            names.update(_bound_names(stmt))
    return frozenset(names)


def defined_names(source: str) -> frozenset[str]:
    """The functions and classes ``source`` defines at module level (what to compare without a stub)."""
    tree = _parse(source)
    return frozenset(s.name for s in (tree.body if tree is not None else [])
                     if isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)))


def work(source: str, names: Iterable[str]) -> dict[str, tuple[str, ...]] | None:
    """Each of ``names``, and each module-level name their definitions use (transitively) → the
    statements that bind it last, as ASTs without docstrings (``()``: not bound in ``source``);
    ``"*"`` → the star imports, which could bind any of them. None when ``source`` does not parse."""
    tree = _parse(source)
    if tree is None:
        return None
    bindings: dict[str, list[tuple[ast.stmt, bool]]] = {}
    stars = []
    for stmt in tree.body:
        if isinstance(stmt, ast.ImportFrom) and any(a.name == "*" for a in stmt.names):
            stars.append(stmt)
        for name, node, replaces in _bindings(stmt):
            bindings.setdefault(name, []).append((node, replaces))
    uses: dict[int, frozenset[str]] = {}
    dumps: dict[int, str] = {}
    found: dict[str, tuple[str, ...]] = {}
    todo = list(names)
    while todo:
        name = todo.pop()
        if name in found:
            continue
        last = []  # back to the binding that replaces the ones before
        for node, replaces in reversed(bindings.get(name, [])):
            if id(node) not in uses:
                uses[id(node)], dumps[id(node)] = _uses(node), _dump(node)
            last.append(node)
            if replaces:
                break
        for node in last:
            todo.extend(n for n in uses[id(node)] if n in bindings and n not in found)
        found[name] = tuple(dumps[id(node)] for node in reversed(last))
    if stars:
        found["*"] = tuple(_dump(s) for s in stars)
    return found


def same_work(a: str, b: str, names: Iterable[str]) -> bool:
    """Whether two sources hold the same work on ``names`` (see the module docstring)."""
    if a.replace("\r\n", "\n").strip() == b.replace("\r\n", "\n").strip():
        return True
    names = list(names)
    try:
        wa, wb = work(a, names), work(b, names)
    except (RecursionError, MemoryError):
        return False
    return wa is not None and wa == wb


_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda,
           ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)


def _bindings(stmt: ast.stmt) -> Iterable[tuple[str, ast.stmt, bool]]:
    """(name, statement, whether it replaces the name's earlier bindings) for each module-level
    name ``stmt`` binds, or whose attributes or items it assigns (which adds to the name's). An
    assignment whose value reads the name (``K = K + 1``) adds to it too."""
    if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        yield stmt.name, stmt, True
    elif isinstance(stmt, (ast.Import, ast.ImportFrom)):
        for alias in stmt.names:  # ``import numpy as np, matplotlib.pyplot as plt``: each on its own
            if alias.name != "*":
                one = (ast.Import(names=[alias]) if isinstance(stmt, ast.Import)
                       else ast.ImportFrom(module=stmt.module, names=[alias], level=stmt.level))
                yield (alias.asname or alias.name).split(".")[0], one, True
    elif isinstance(stmt, (ast.Assign, ast.AnnAssign, ast.AugAssign, ast.Delete)):
        targets = stmt.targets if isinstance(stmt, (ast.Assign, ast.Delete)) else [stmt.target]
        if isinstance(stmt, ast.AnnAssign) and stmt.value is None:
            return
        read = {n.id for n in ast.walk(stmt.value)
                if isinstance(n, ast.Name)} if getattr(stmt, "value", None) is not None else set()
        plain = not isinstance(stmt, ast.AugAssign)
        while targets:
            t, *targets = targets
            if isinstance(t, (ast.Tuple, ast.List)):
                targets.extend(t.elts)
            elif isinstance(t, ast.Starred):
                targets.append(t.value)
            elif isinstance(t, ast.Name):
                yield t.id, stmt, plain and t.id not in read
            elif isinstance(t, (ast.Attribute, ast.Subscript)):
                while isinstance(t, (ast.Attribute, ast.Subscript)):
                    t = t.value
                if isinstance(t, ast.Name):
                    yield t.id, stmt, False
    else:  # ``if``/``try``/``for``/``with``, a walrus in an expression: adds to what it may bind
        for name in sorted(_bound_in(stmt)):
            yield name, stmt, False


def _bound_in(stmt: ast.stmt) -> set[str]:
    names: set[str] = set()
    stack = [stmt]
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node is not stmt:
            names.add(node.name)
            stack.extend(node.decorator_list)
            continue
        if isinstance(node, _SCOPES) and node is not stmt:
            continue
        if isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
            names.add(node.id)
        elif isinstance(node, ast.NamedExpr) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names.update((a.asname or a.name).split(".")[0] for a in node.names if a.name != "*")
        elif isinstance(node, (ast.ExceptHandler, ast.MatchAs, ast.MatchStar)) and node.name:
            names.add(node.name)
        elif isinstance(node, ast.MatchMapping) and node.rest:
            names.add(node.rest)
        elif isinstance(node, (ast.Attribute, ast.Subscript)) and isinstance(node.ctx, ast.Store):
            root = node
            while isinstance(root, (ast.Attribute, ast.Subscript)):
                root = root.value
            if isinstance(root, ast.Name):
                names.add(root.id)
        stack.extend(ast.iter_child_nodes(node))
    return names


def _uses(stmt: ast.stmt) -> frozenset[str]:
    """The module-level names ``stmt`` reads: at module level, or as globals of the functions and
    classes in it (not their parameters and locals); every name in it when that cannot be told."""
    nodes = list(ast.walk(stmt))
    every = frozenset(n.id for n in nodes if isinstance(n, ast.Name))
    if not any(isinstance(n, _SCOPES) for n in nodes):
        return every  # no scope of its own: every name in it is a module-level one
    try:
        table = symtable.symtable(ast.unparse(stmt), "<work>", "exec")
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return every
    names = {s.get_name() for s in table.get_symbols() if s.is_referenced()}
    tables = list(table.get_children())
    while tables:
        inner = tables.pop()
        names.update(s.get_name() for s in inner.get_symbols() if s.is_global() and s.is_referenced())
        tables.extend(inner.get_children())
    return frozenset(names)


def _dump(stmt: ast.stmt) -> str:
    """``stmt`` as an AST without its docstrings (a body left empty becomes ``pass``)."""
    if any(_docstring(n) for n in ast.walk(stmt)):
        stmt = copy.deepcopy(stmt)
        for node in ast.walk(stmt):
            if _docstring(node):
                node.body = node.body[1:] or [ast.Pass()]
    return ast.dump(stmt)


def _docstring(node: ast.AST) -> bool:
    return isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and bool(node.body) \
        and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant) \
        and isinstance(node.body[0].value.value, str)
