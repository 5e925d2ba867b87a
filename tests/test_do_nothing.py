"""Code that does nothing earns nothing: on every assignment, a submission whose every function and
method only returns None scores exactly what the stub scores, 0.

The do-nothing modules are made from the released stubs with ``ast``: each function and method
body (at any depth) becomes ``return None``; classes, signatures and module-level code stay. The
student's own modules do nothing; the earlier assignments' modules they import are either the
reference (so only this assignment's code is idle) or idle too.
"""
from __future__ import annotations

import ast
import shutil

import pytest

from autograder import course
from autograder.grading import Grader
from tests.conftest import EXAMPLES, ROOT


class _ReturnNone(ast.NodeTransformer):
    def visit_FunctionDef(self, node):
        self.generic_visit(node)  # nested functions first; they vanish with the body anyway
        node.body = [ast.Return(value=ast.Constant(value=None))]
        return node

    visit_AsyncFunctionDef = visit_FunctionDef


def do_nothing(source: str) -> str:
    """``source`` with every function and method body replaced by ``return None``."""
    tree = _ReturnNone().visit(ast.parse(source))
    return ast.unparse(ast.fix_missing_locations(tree)) + "\n"


def test_do_nothing_keeps_classes_and_signatures_and_drops_every_body():
    source = ("import numpy as np\nX = 1\nclass A:\n    def __init__(self, lr=0.1):\n        self.lr = lr\n"
              "    def update(self, params, grads):\n        params['W'] -= grads['W']\n"
              "def f(x, *a, h=1e-4, **k):\n    def g():\n        return 1\n    return g()\n")
    tree = ast.parse(do_nothing(source))
    functions = sorted((n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)), key=lambda n: n.lineno)
    assert [f.name for f in functions] == ["__init__", "update", "f"]
    assert all(ast.unparse(f.body[0]) == "return None" and len(f.body) == 1 for f in functions)
    assert ast.unparse(functions[2].args) == "x, *a, h=0.0001, **k"
    assert [type(n).__name__ for n in tree.body] == ["Import", "Assign", "ClassDef", "FunctionDef"]


def make_submissions(assignment_id: str, where):
    """``where/own_idle`` (this assignment's modules idle, earlier ones the reference) and
    ``where/all_idle`` (every module idle), next to a copy of the stub."""
    assignment = course.get(assignment_id)
    release = ROOT / "assignments" / assignment_id
    reference = EXAMPLES / assignment_id / "reference"
    shutil.copytree(EXAMPLES / assignment_id / "stub", where / "stub")
    for name in ("own_idle", "all_idle"):
        (where / name).mkdir()
    for stub in sorted(release.glob("*.py")):
        idle = do_nothing(stub.read_text(encoding="utf-8"))
        (where / "all_idle" / stub.name).write_text(idle, encoding="utf-8")
        own = stub.stem in assignment.modules
        (where / "own_idle" / stub.name).write_text(idle if own else (reference / stub.name).read_text(encoding="utf-8"),
                                                    encoding="utf-8")
    assert {p.stem for p in (where / "own_idle").glob("*.py")} >= set(assignment.modules)
    return where


@pytest.mark.slow
@pytest.mark.parametrize("assignment_id", list(course.assignments()))
def test_a_submission_that_does_nothing_scores_what_the_stub_scores(assignment_id, tmp_path):
    results = {r.student_id: r for r in Grader(assignment_id).grade_path(make_submissions(assignment_id, tmp_path))}
    assert set(results) == {"stub", "own_idle", "all_idle"}
    assert (results["stub"].status, results["stub"].score) == ("graded", 0.0)
    for name in ("own_idle", "all_idle"):
        result = results[name]
        earned = {t.name: t.score for t in result.tests if t.score}
        assert (result.status, result.score, earned) == ("graded", 0.0, {}), name
        assert not any(t.grader_error for t in result.tests), name


class _Constant(ast.NodeTransformer):
    """Every function and method body but ``__init__``'s becomes ``return <value>``."""

    def __init__(self, value: str):
        self.value = value

    def visit_FunctionDef(self, node):
        if node.name != "__init__":
            node.body = [ast.Return(ast.parse(self.value, mode="eval").body)]
        return node


@pytest.mark.slow
@pytest.mark.parametrize("assignment_id", ["a1_perceptron", "a2_functions", "a3_gradient", "a4_layers"])
def test_functions_that_return_one_constant_earn_nothing(assignment_id, tmp_path):
    """A constant answer (0, 1, 0.5) never depends on the input: it computes nothing. (a5 is left
    out: keeping the reference's ``__init__`` is real work there, and its tests credit it.)"""
    from autograder.submission import Source

    reference = EXAMPLES / assignment_id / "reference"
    sources = []
    for value in ("0", "1", "0.5"):
        folder = tmp_path / f"constant_{value.replace('.', '_')}"
        shutil.copytree(reference, folder)
        for module in course.get(assignment_id).modules:
            tree = _Constant(value).visit(ast.parse((folder / f"{module}.py").read_text()))
            (folder / f"{module}.py").write_text(ast.unparse(ast.fix_missing_locations(tree)) + "\n")
        sources.append(folder)
    results = Grader(assignment_id, jobs=1).grade([Source(f.name, f) for f in sources])
    assert {(r.student_id, r.status, r.score) for r in results} == {(f.name, "graded", 0.0) for f in sources}
