"""Partial credit is honest: an unfinished function loses exactly the parts of a test that call it.

Each submission here is the reference with one function (or class) put back to its released stub,
so it raises "not implemented yet"; the other parts of the same test keep their credit, the
fraction is over all the test's checks, and the feedback names the function. Unit tests of
``Checker.attempt`` / ``Checker.result`` come first (no worker).
"""
from __future__ import annotations

import ast
import shutil

import pytest

from autograder.checker import Checker, Mismatch
from autograder.grading import Grader
from autograder.problems import StudentError
from tests.conftest import EXAMPLES, ROOT


# ---------------------------------------------------------------- Checker, without a worker
def not_implemented(name="f"):
    return StudentError("NotImplementedError", f"not implemented yet: {name}", [])


def settle(check: Checker) -> Mismatch | None:
    try:
        check.finish()
    except Mismatch as mismatch:
        return mismatch
    return None


def test_a_part_that_raises_weighs_its_declared_checks_and_the_next_part_still_counts():
    check = Checker()
    with check.attempt(checks=3):
        check.equal(1, 1, "a", soft=True)
        raise not_implemented()
    with check.attempt(checks=2):
        check.equal(2, 2, "b", soft=True)
        check.equal(3, 3, "c", soft=True)
    mismatch = settle(check)
    assert (check.total, mismatch.fraction) == (5, 3 / 5)
    assert mismatch.feedback["en"].splitlines() == ["3 of 5 checks passed", "not implemented yet: f"]
    assert mismatch.feedback["ko"].splitlines() == ["5개 중 3개 통과", "아직 구현되지 않았습니다: f"]


def test_a_test_whose_every_part_raised_reads_as_the_students_error():
    check = Checker()
    for name in ("f", "g"):
        with check.attempt():
            raise not_implemented(name)
    with pytest.raises(StudentError, match="not implemented yet: f"):
        check.finish()


def test_a_wrong_part_beside_a_raising_one_is_a_failure_not_an_error():
    check = Checker()
    with check.attempt():
        raise not_implemented()
    with check.attempt():
        check.equal(1, 2, "b", soft=True)
    mismatch = settle(check)
    assert mismatch.fraction == 0.0 and "not implemented yet: f" in mismatch.feedback["en"]


def test_result_checks_count_nothing_and_a_property_fails_without_a_right_result():
    check = Checker(visible=False)
    with check.result() as result:
        check.equal(None, 1, "relu(x)", soft=True)  # a function that does nothing returns None
    assert (result.ok, check.total) == (False, 0)
    check.unchanged([1.0], [1.0], "relu(x)", soft=True, result_ok=result.ok)  # the input is untouched, too
    check.true(True, {"en": "-", "ko": "-"}, soft=True, result_ok=False, what="SGD().update(params, grads)")
    mismatch = settle(check)
    assert (check.total, mismatch.fraction) == (2, 0.0)
    lines = mismatch.feedback["en"].splitlines()
    assert lines[0] == "0 of 2 checks passed" and lines[1] == "relu(x) should return a int, but it returned a NoneType"
    assert lines[2:] == [
        "relu(x): this property is judged only together with a correct result of the same call, "
        "and that result was not correct",
        "SGD().update(params, grads): this property is judged only together with a correct result of the same "
        "call, and that result was not correct"]
    assert "같은 호출의 결과가 맞을 때만 판정" in mismatch.feedback["ko"]


def test_a_property_with_a_right_result_is_judged_on_its_own():
    import numpy as np

    check = Checker()
    with check.result() as result:
        check.equal(1, 1, "f(x)", soft=True)
    assert result.ok
    check.unchanged(np.zeros(2), np.zeros(2), "f(x)", soft=True, result_ok=result.ok)
    check.unchanged(np.zeros(2), np.ones(2), "g(x)", soft=True, result_ok=result.ok)
    mismatch = settle(check)
    assert (check.total, mismatch.fraction) == (2, 0.5)
    assert mismatch.feedback["en"].splitlines()[1] == "g(x) changed its input array; work on a copy instead"


# ---------------------------------------------------------------- graded submissions
def _spans(tree: ast.Module) -> dict[str, ast.AST]:
    """Top-level functions and classes, and methods as ``Class.method``, by qualified name."""
    spans = {}
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            spans[node.name] = node
        if isinstance(node, ast.ClassDef):
            spans.update({f"{node.name}.{n.name}": n for n in node.body if isinstance(n, ast.FunctionDef)})
    return spans


def with_stub(assignment_id: str, module: str, qualname: str) -> str:
    """The reference ``module`` with ``qualname``'s definition replaced by the released stub's."""
    reference = (EXAMPLES / assignment_id / "reference" / f"{module}.py").read_text(encoding="utf-8")
    stub = (ROOT / "assignments" / assignment_id / f"{module}.py").read_text(encoding="utf-8")
    ref_node, stub_node = _spans(ast.parse(reference))[qualname], _spans(ast.parse(stub))[qualname]
    ref_lines, stub_lines = reference.splitlines(keepends=True), stub.splitlines(keepends=True)
    replaced = stub_lines[stub_node.lineno - 1:stub_node.end_lineno]
    return "".join(ref_lines[:ref_node.lineno - 1] + replaced + ref_lines[ref_node.end_lineno:])


def edited(assignment_id: str, module: str, old: str, new: str) -> str:
    reference = (EXAMPLES / assignment_id / "reference" / f"{module}.py").read_text(encoding="utf-8")
    assert reference.count(old) == 1
    return reference.replace(old, new)


# submission name → (module, its source); each is the reference but for that one module
SUBMISSIONS = {
    "a1_perceptron": {"xor_stub": ("perceptron", lambda: with_stub("a1_perceptron", "perceptron", "XOR"))},
    "a2_functions": {
        "relu_stub": ("functions", lambda: with_stub("a2_functions", "functions", "relu")),
        "bce_stub": ("functions", lambda: with_stub("a2_functions", "functions", "BCE")),
    },
    "a3_gradient": {
        "adadelta_stub": ("optimizer", lambda: with_stub("a3_gradient", "optimizer", "Adadelta")),
        "numerical_diff_stub": ("gradient", lambda: with_stub("a3_gradient", "gradient", "numerical_diff")),
        # numerical_diff(f, x) without the h argument: the calls that pass h raise TypeError
        "numerical_diff_no_h": ("gradient", lambda: edited(
            "a3_gradient", "gradient", "def numerical_diff(f, x, h=1e-4):\n", "def numerical_diff(f, x):\n    h = 1e-4\n")),
    },
}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    cache = {}

    def get(assignment_id: str, name: str):
        if assignment_id not in cache:
            where = tmp_path_factory.mktemp(assignment_id)
            for sid, (module, source) in SUBMISSIONS[assignment_id].items():
                shutil.copytree(EXAMPLES / assignment_id / "reference", where / sid)
                (where / sid / f"{module}.py").write_text(source(), encoding="utf-8")
            cache[assignment_id] = {r.student_id: r for r in Grader(assignment_id).grade_path(where)}
        result = cache[assignment_id][name]
        assert result.status == "graded" and not any(t.grader_error for t in result.tests)
        return result, {t.name: t for t in result.tests}

    return get


def test_with_stub_puts_back_exactly_the_stub_of_one_definition():
    source = with_stub("a3_gradient", "optimizer", "Adadelta")
    tree = ast.parse(source)
    raising = [n for n in ast.walk(tree) if isinstance(n, ast.Raise)]
    assert [ast.unparse(r.exc) for r in raising] == ["NotImplementedError('not implemented yet: Adadelta.update')"]
    assert set(_spans(tree)) == set(_spans(ast.parse(
        (EXAMPLES / "a3_gradient" / "reference" / "optimizer.py").read_text(encoding="utf-8"))))


def lost(tests: dict) -> dict[str, float]:
    return {name: round(t.max_score - t.score, 4) for name, t in tests.items() if t.score < t.max_score}


def assert_part_lost(test, score: float, passed: int, total: int, function: str):
    assert (test.status, test.score) == ("failed", score), (test.name, test.status, test.score, test.feedback)
    lines = test.feedback.splitlines()
    assert lines[0] == f"{passed} of {total} checks passed"
    assert f"not implemented yet: {function}" in lines[1:], test.feedback


def assert_errors(test, function: str):
    assert (test.status, test.score) == ("error", 0.0) and f"not implemented yet: {function}" in test.feedback


IN_PLACE = "every optimizer's update changes the arrays of params in place"
GRADS_KEPT = "every optimizer's update leaves grads unchanged"


@pytest.mark.slow
def test_an_unfinished_adadelta_keeps_the_other_optimizers_credit(graded):
    result, tests = graded("a3_gradient", "adadelta_stub")
    assert_part_lost(tests[IN_PLACE], 1.6667, 5, 6, "Adadelta.update")
    assert_part_lost(tests[GRADS_KEPT], 0.8333, 5, 6, "Adadelta.update")
    for name in ("Adadelta() with rho 0.95 and eps 1e-6: W[0] goes 1 → 0.995528 after the first update",
                 "Adadelta with random rho and eps on random arrays, three updates"):
        assert_errors(tests[name], "Adadelta.update")
    assert set(lost(tests)) == {IN_PLACE, GRADS_KEPT, *(n for n in tests if n.startswith("Adadelta"))}
    assert result.score == 38.0 - 3.0 - 0.3333 - 0.1667


@pytest.mark.slow
def test_an_unfinished_numerical_diff_loses_only_its_own_tests(graded):
    result, tests = graded("a3_gradient", "numerical_diff_stub")
    diff_tests = [n for n in tests if n.startswith("numerical_diff ")]
    assert len(diff_tests) == 2
    for name in diff_tests:
        assert_errors(tests[name], "numerical_diff")
    assert set(lost(tests)) == set(diff_tests) and result.score == 34.0


@pytest.mark.slow
def test_a_numerical_diff_without_h_keeps_the_default_h_case(graded):
    result, tests = graded("a3_gradient", "numerical_diff_no_h")
    test = tests["numerical_diff at random points, with the default h and with a given h"]
    assert (test.status, test.score) == ("failed", 0.6667)
    lines = test.feedback.splitlines()
    assert lines[0] == "1 of 3 checks passed"
    raised = "your code raised TypeError (the message is not shown in a hidden test)"
    assert lines[1] == raised and lines[2].startswith(raised + ". Likely mistake: ")  # named by its behaviour
    assert test.misconception == "numerical_diff_no_h" and len(lines) == 3
    assert lost(tests) == {test.name: 1.3333}


@pytest.mark.slow
def test_an_unfinished_relu_keeps_leaky_relu_and_the_other_activations(graded):
    result, tests = graded("a2_functions", "relu_stub")
    assert_part_lost(tests["relu and leaky_relu on a random batch"], 1.5, 3, 4, "relu")
    assert_part_lost(tests["activation functions do not modify the array they are given"], 1.6, 4, 5, "relu")
    assert set(lost(tests)) == {"relu and leaky_relu on a random batch",
                                "activation functions do not modify the array they are given"}
    assert result.score == 37.0 - 0.5 - 0.4


@pytest.mark.slow
def test_an_unfinished_bce_keeps_the_other_losses_unchanged_credit(graded):
    result, tests = graded("a2_functions", "bce_stub")
    assert_part_lost(tests["loss functions do not modify y or t"], 0.8, 8, 10, "BCE")
    assert_errors(tests["binary cross entropy on random probabilities"], "BCE")
    assert set(lost(tests)) == {"loss functions do not modify y or t", "binary cross entropy on random probabilities"}
    assert result.score == 37.0 - 1.0 - 0.2


@pytest.mark.slow
def test_an_unfinished_xor_keeps_the_other_gates_integer_credit(graded):
    result, tests = graded("a1_perceptron", "xor_stub")
    assert_part_lost(tests["AND, NAND, OR and XOR return the int 0 or 1, not a bool"], 0.75, 3, 4, "XOR")
    for name in ("XOR reproduces its truth table 0, 1, 1, 0", "XOR calls your gates: AND(NAND(x1, x2), OR(x1, x2))"):
        assert_errors(tests[name], "XOR")
    assert len(lost(tests)) == 3 and result.score == 19.0 - 2.0 - 1.0 - 0.25
