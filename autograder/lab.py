"""The lab notebook's own check: the public tests on the functions the kernel holds now.

``check("a2_functions")`` in a notebook cell (or at the end of a script) takes each student
module of the assignment (``course.get(a).modules``) from the caller's namespace, the kernel's
``__main__`` globals: every function, class and constant the notebook has defined so far, saved
or not. Those modules stand in ``sys.modules`` only while the public tests run (what was there
before is put back, and the test modules are forgotten, so the next check sees new definitions).
A name the notebook has not defined yet reads ``not implemented yet: <name>``, as in the stub.

The tests are the released public ones (``tests/`` beside the notebook, else the course's
``assignments/<a>/tests``), run in this process by ``autograder check``'s own functions, so a
failure reads the same sentence, hint and summary. They are visible tests on the student's own
machine and code: no hidden reference, hidden suite or sandbox is involved, and nothing of them
is imported here. ``autograder check <a> <a>.ipynb`` in a terminal checks the saved file instead.
Called from anything but ``__main__`` (a lab cell graded as part of a module) it does nothing.
"""
from __future__ import annotations

import ast
import json
import os
import shutil
import sys
import tempfile
import types
from contextlib import contextmanager
from pathlib import Path

from . import course
from .commands import check as check_command
from .feedback import messages

KERNEL_NAMES = {"In", "Out", "get_ipython", "exit", "quit"}  # IPython's own, not the notebook's


def check(assignment_id: str | None = None, *, lang: str | None = None) -> None:
    """Run the public tests of ``assignment_id`` on what the caller's namespace defines now and
    print the result (Korean with ``lang="ko"`` or ``AUTOGRADER_LANG=ko``)."""
    frame = sys._getframe(1)
    namespace = frame.f_globals
    del frame
    if namespace.get("__name__") != "__main__":  # imported as a module (the grader reading a notebook)
        return None
    lang = _language(lang)
    assignment_id = assignment_id or _notebook_assignment(namespace)
    if assignment_id is None:
        print(messages.render("lab_which_assignment", lang))
        return None
    assignment = course.get(assignment_id)
    here = Path.cwd()
    tests = check_command.public_tests(assignment, here)
    if tests is None:
        print(messages.render("check_no_tests", lang, assignment=assignment.id, where=here))
        return None
    names = {m: _stub_names(m, (tests.parent, course.release_dir(assignment.id))) for m in assignment.modules}
    print(messages.render("lab_checking", lang))
    for module, imported in _from_files(names, namespace).items():
        print(messages.render("lab_from_file", lang, names=", ".join(imported), file=f"{module}.py"))
    print()
    work = Path(tempfile.mkdtemp(prefix="ag-lab-"))
    try:
        shutil.copytree(tests, work / "tests")
        with kernel_modules(names, namespace, tests.parent, work):
            collector = check_command.run(work)
        check_command.report(collector, lang)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return None


def _language(lang: str | None) -> str:
    lang = lang or os.environ.get("AUTOGRADER_LANG") or "en"
    return lang if lang in messages.LANGS else "en"


def _notebook_assignment(namespace: dict) -> str | None:
    """The assignment a lab notebook names in its metadata: the kernel's notebook when the front
    end says which (VS Code, JupyterLab), else the only lab notebook in the working folder."""
    known = [namespace.get("__vsc_ipynb_file__"), namespace.get("__session__")]
    paths = [Path(p) for p in known if isinstance(p, str) and p.endswith(".ipynb") and Path(p).is_file()]
    found = {a for a in map(_assignment_of, paths) if a}
    if not found:
        found = {a for a in map(_assignment_of, sorted(Path.cwd().glob("*.ipynb"))) if a}
    return found.pop() if len(found) == 1 else None


def _assignment_of(path: Path) -> str | None:
    try:
        meta = json.loads(path.read_text(encoding="utf-8")).get("metadata", {})
    except (OSError, ValueError, AttributeError):
        return None
    value = (meta.get("autograder") or {}).get("assignment") if isinstance(meta, dict) else None
    return value if isinstance(value, str) else None


def _stub_names(module: str, folders) -> tuple[str, ...]:
    """The functions and classes a student module defines at its top level, read (never run)
    from the released stub or the student's own file beside the tests."""
    for folder in folders:
        try:
            tree = ast.parse((Path(folder) / f"{module}.py").read_text(encoding="utf-8"))
        except (OSError, SyntaxError, ValueError):
            continue
        kinds = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
        return tuple(node.name for node in tree.body if isinstance(node, kinds))
    return ()


def _from_files(names: dict[str, tuple[str, ...]], namespace: dict) -> dict[str, list[str]]:
    """Module → the names of it that the namespace holds from its saved file (a cell's
    ``from two_layer_net import TwoLayerNet`` replaces the notebook's own definition)."""
    found: dict[str, list[str]] = {}
    for module, defined in names.items():
        for name in defined:
            if getattr(namespace.get(name), "__module__", None) == module:
                found.setdefault(module, []).append(name)
    return found


def not_yet(name: str):
    """A stand-in for a name the notebook has not defined: calling it says so, as the stub does."""
    def stand_in(*args, **kwargs):
        raise NotImplementedError(f"not implemented yet: {name}")

    stand_in.__name__ = stand_in.__qualname__ = name
    return stand_in


def module_from(name: str, namespace: dict) -> types.ModuleType:
    """Module ``name`` holding the namespace's own names; any other name it is asked for (a test's
    ``from functions import CEE``) is a stand-in that says it is not implemented yet."""
    module = types.ModuleType(name)
    module.__dict__.update({k: v for k, v in namespace.items() if not k.startswith("_") and k not in KERNEL_NAMES})

    def __getattr__(attr: str):
        if attr.startswith("__"):
            raise AttributeError(f"module {name!r} has no attribute {attr!r}")
        return not_yet(attr)

    module.__getattr__ = __getattr__
    return module


def _inside(module, folders: tuple[Path, ...]) -> bool:
    file = getattr(module, "__file__", None)
    if not isinstance(file, str):
        return False
    path = Path(file).resolve()
    return any(path == f or f in path.parents for f in folders)


@contextmanager
def kernel_modules(names: dict[str, tuple[str, ...]], namespace: dict, folder: Path, work: Path):
    """While the tests run: a module per student module built from ``namespace`` in
    ``sys.modules``, a stand-in in ``namespace`` for each stub name it lacks (so that a function
    calling one not written yet reads "not implemented yet"), and nothing of an earlier check.
    Afterwards ``sys.modules``, ``sys.path`` and ``namespace`` are as they were, less the
    modules this check imported from ``folder`` or ``work`` (the next check imports them again)."""
    saved_modules, saved_path = dict(sys.modules), list(sys.path)
    added = {n: not_yet(n) for ns in names.values() for n in ns if n not in namespace}
    namespace.update(added)
    built = {m: module_from(m, namespace) for m in names}
    tests = [p.stem for p in (work / "tests").glob("*.py")]
    for key in (*built, *tests):
        sys.modules.pop(key, None)
    sys.modules.update(built)
    try:
        yield built
    finally:
        for n, stand_in in added.items():
            if namespace.get(n) is stand_in:
                del namespace[n]
        folders = (Path(folder).resolve(), Path(work).resolve())
        for key, module in list(sys.modules.items()):
            if key in built or (key not in saved_modules and _inside(module, folders)):
                del sys.modules[key]
        for key, module in saved_modules.items():
            if sys.modules.get(key) is not module and (key in built or key in tests):
                sys.modules[key] = module
        sys.path[:] = saved_path
