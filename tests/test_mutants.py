"""Mistakes nobody declared: the small edits of the reference the diagnosis names (``autograder.mutants``)."""
from __future__ import annotations

import ast
import shutil

import pytest

from autograder import mutants
from autograder.feedback import messages, misconceptions
from autograder.grading import Grader
from autograder.submission import Source
from tests.conftest import EXAMPLES

SOURCE = '''
import numpy as np


def f(x, t, alpha=0.1):
    """docstring"""
    x = np.asarray(x, dtype=float)
    m = np.max(x, axis=-1, keepdims=True)
    e = np.exp(x - m)
    y = e / np.sum(e, axis=-1, keepdims=True)
    if y.ndim == 1:
        y = y.reshape(1, -1)
    n = y.shape[0]
    total = 0.0
    for i in range(n):
        total += -np.log(y[i, t[i]] + 1e-7)
    return 0.5 * total / n + alpha * (x.T > 0).sum()


def g(y, t, W):
    h = 0
    a = np.dot(y, W)
    b = np.sqrt(np.sum(a ** 2)) + 1e-7
    for i in range(3):
        h += i
    w = np.random.randn(2, 2)
    r = np.maximum(0, a) if t.ndim == 1 else a
    return np.log(y + 1e-7) - np.log(t) + b + h + w.sum() + r.sum()


class Layer:
    def backward(self, dout):
        dout = dout.copy()
        dout -= 1
        return dout
'''


@pytest.fixture(scope="module")
def made():
    return mutants.ModuleMutants("demo", SOURCE, "<demo>")


def kinds_and_snippets(made, function):
    """(kind, the snippets a hint shows) of each edit; a regrouping's third snippet is its pattern."""
    found = set()
    for m in made.of(function):
        kind, _, snippets = mutants.parse(m.names)
        found.add((kind, tuple(snippets[:2] if kind == "regroup" else snippets)))
    return found


def test_each_kind_of_edit_is_made(made):
    found = kinds_and_snippets(made, "f")
    expected = {
        ("default", ("alpha", "0.1", "1.0")), ("default", ("alpha", "0.1", "0.01")),
        ("keyword", ("axis=-1", "np.max")), ("keyword", ("keepdims=True", "np.sum")),
        ("axis", ("-1", "0", "np.max")), ("axis", ("-1", "1", "np.sum")),
        ("term", ("- m",)), ("sign", ("-", "+", "x - m")),
        ("factor", ("/ n",)),
        ("factor", ("0.5 *",)), ("term", ("+ 1e-07",)), ("minus", ("-np.log(y[i, t[i]] + 1e-07)",)),
        ("call", ("np.asarray(…)",)), ("call", (".reshape(1, -1)",)), ("compare", (">", ">=")),
        ("transpose", ("x.T",)), ("sum_mean", ("np.sum", "np.mean")),
        ("range", ("range(n)", "range(n - 1)")), ("range", ("range(n)", "range(1, n)")),
        ("statement", ("if y.ndim == 1:",)), ("statement", ("m = np.max(x, axis=-1, keepdims=True)",)),
        ("rebind", ("total += -np.log(y[i, t[i]] + 1e-07)",)),
    }
    assert expected <= found, expected - found
    assert ("statement", ("return 0.5 * total / n + alpha * (x.T > 0).sum()",)) not in found  # never the return
    assert not any(kind == "statement" and snippet[0].startswith("for ") for kind, snippet in found)  # nor a loop


def test_each_slip_of_order_grouping_and_names_is_made(made):
    found = kinds_and_snippets(made, "g")
    expected = {
        ("order", ("h = 0", "a = np.dot(y, W)")), ("into_loop", ("b = np.sqrt(np.sum(a ** 2)) + 1e-07", "for i in range(3):")),
        ("swap_names", ("y", "t")), ("swap_names", ("y", "W")), ("always", ("if t.ndim == 1",)),
        ("never", ("if t.ndim == 1",)), ("replaced", ("np.random.randn", "np.random.rand")),
        ("replaced", ("np.maximum", "max")), ("replaced", ("np.dot(y, W)", "y * W")), ("swap_args", ("np.dot(y, W)", "np.dot(W, y)")),
        ("regroup", ("np.log(y + 1e-07)", "np.log(y) + 1e-07")),
        ("regroup", ("np.sqrt(np.sum(a ** 2)) + 1e-07", "np.sqrt(np.sum(a ** 2) + 1e-07)")),
        ("regroup", ("np.sqrt(np.sum(a ** 2))", "np.sum(np.sqrt(a ** 2))")),
    }
    assert expected <= found, expected - found


def test_the_same_slip_at_every_site_of_a_function_is_one_more_edit(made):
    found = kinds_and_snippets(made, "f")
    assert ("axis", ("-1", "0", "np.max`, `np.sum")) in found  # axis=0 in both the max and the sum
    assert ("keyword", ("keepdims=True", "np.max`, `np.sum")) in found


def test_methods_are_named_by_their_qualified_name(made):
    assert {mutants.parse(m.names)[0] for m in made.of("Layer.backward")} >= {"call", "sign", "rebind"}


def test_every_edit_compiles_and_the_reference_tree_is_left_as_it_was(made):
    before = ast.dump(made.tree)
    codes = [made.code(m) for ms in made.by_function.values() for m in ms]
    assert codes and all(code is not None for code in codes)
    assert ast.dump(made.tree) == before


def test_an_edit_changes_what_the_function_computes(made):
    import numpy as np

    (drop_half,) = [m for m in made.of("f") if m.names == 'auto:factor:f:["0.5 *"]']
    edited, reference = {}, {}
    exec(made.code(drop_half), edited)
    exec(compile(SOURCE, "<demo>", "exec"), reference)
    x, t = np.array([[1.0, 2.0, 3.0]]), np.array([2])
    count = 0.1 * 3  # alpha * (x.T > 0).sum(), which the edit leaves alone
    assert edited["f"](x, t) - count == pytest.approx(2 * (reference["f"](x, t) - count))


@pytest.mark.parametrize("kind", mutants.KINDS)
def test_every_kind_has_a_sentence_in_both_languages(kind):
    assert set(messages.MESSAGES[f"auto_{kind}"]) == {"en", "ko"}
    misconception = f'auto:{kind}:softmax:["a", "b", "c"]' if kind != "either" else mutants.together(
        ['auto:axis:softmax:["-1", "0", "np.sum"]', 'auto:keyword:softmax:["keepdims=True", "np.sum"]'])
    assert misconceptions.known(misconception)
    assert "softmax" in misconceptions.hint(misconception, "en")
    assert "softmax" in misconceptions.hint(misconception, "ko")


@pytest.mark.parametrize("text", [None, "", "cee_sign", "auto:", "auto:nope:f:[]", 'auto:axis:f:not json',
                                  'auto:axis:f:{"a": 1}', 'auto:axis:f:[1, 2]', 'auto:either:f:[]',
                                  'auto:either:f:["cee_sign"]', 'auto:either:f:["auto:either:f:[]"]'])
def test_anything_else_is_not_an_edit(text):
    assert mutants.parse(text) is None


def grade(tmp_path, assignment_id, name, module, old, new):
    folder = tmp_path / name
    shutil.copytree(EXAMPLES / assignment_id / "reference", folder)
    path = folder / f"{module}.py"
    source = path.read_text()
    assert source.count(old) == 1
    path.write_text(source.replace(old, new))
    return Grader(assignment_id).grade([Source(name, folder)])[0]


def test_an_undeclared_slip_is_named_with_its_edit(tmp_path):
    """db summed over the whole array (axis=0 left out) is declared nowhere: its edit names it, on
    the tests it loses that are quick enough to replay (the long training is not), with its sentence."""
    result = grade(tmp_path, "a4_layers", "db_no_axis", "layers", "np.sum(dout, axis=0)", "np.sum(dout)")
    named = [t for t in result.tests if t.score < t.max_score and t.misconception]
    assert len(named) >= 2
    assert {t.misconception for t in named} == {'auto:keyword:Affine.backward:["axis=0", "np.sum"]'}
    hint = misconceptions.hint(named[0].misconception, "en")
    assert all(hint in t.feedback for t in named)


def test_a_gate_slip_is_not_guessed_from_zeros_and_ones(tmp_path):
    """AND with bias -0.2 answers like OR; so would several edits (np.mean for np.sum among them):
    answers that are a single 0 or 1 cannot tell which, so no edit is named."""
    result = grade(tmp_path, "a1_perceptron", "and_bias", "perceptron", "    b = -0.7\n", "    b = -0.2\n")
    lost = [t for t in result.tests if t.score < t.max_score]
    assert lost and not any(mutants.parse(t.misconception) for t in lost)


def test_a_declared_mistake_comes_before_any_edit(tmp_path):
    """softmax over axis 0 is also the edit ``axis=0`` at both sites: the declared mistake is named."""
    result = grade(tmp_path, "a2_functions", "softmax_axis0", "functions",
                   "    x = x - np.max(x, axis=-1, keepdims=True)  # exp of a shifted x cannot overflow\n"
                   "    exp_x = np.exp(x)\n    return exp_x / np.sum(exp_x, axis=-1, keepdims=True)",
                   "    x = x - np.max(x, axis=0, keepdims=True)\n"
                   "    exp_x = np.exp(x)\n    return exp_x / np.sum(exp_x, axis=0, keepdims=True)")
    lost = [t for t in result.tests if t.score < t.max_score]
    assert lost and {t.misconception for t in lost} == {"softmax_wrong_axis"}


def test_eps_outside_a_square_root_is_named_where_it_was_put(tmp_path):
    """eps outside both square roots of Adadelta: each lost test names an eps moved out of a
    square root (where it matters at the test's tolerance), never "np.sqrt left out"."""
    result = grade(tmp_path, "a3_gradient", "adadelta_eps", "optimizer",
                   "dx = -np.sqrt(self.H[key] + self.eps) / np.sqrt(self.G[key] + self.eps) * grads[key]",
                   "dx = -(np.sqrt(self.H[key]) + self.eps) / (np.sqrt(self.G[key]) + self.eps) * grads[key]")
    lost = [t for t in result.tests if t.score < t.max_score]
    assert len(lost) >= 2
    for t in lost:
        kind, function, snippets = mutants.parse(t.misconception)
        assert (kind, function) == ("regroup", "Adadelta.update")
        assert snippets[1] in ("np.sqrt(self.H[key]) + self.eps", "np.sqrt(self.G[key]) + self.eps")


def test_an_edit_another_lost_test_refutes_is_named_nowhere():
    """A one-mistake submission's lost tests agree on what it did: an edit named on one test but
    tried and refuted on another is taken back, its feedback as it was, and so is a declared mistake
    the diagnosis named only on answers of NaN and inf and another lost test replayed without a
    match; a declared mistake named on telling answers stays."""
    from types import SimpleNamespace

    from autograder.plugin import GradingPlugin

    edit, other = 'auto:call:Adadelta.update:["np.sqrt(…)"]', 'auto:factor:Adam.update:["self.lr *"]'
    results = {"t1": SimpleNamespace(misconception=edit, feedback="wrong. Likely mistake: …"),
               "t2": SimpleNamespace(misconception=other, feedback="also wrong. Likely mistake: …"),
               "t3": SimpleNamespace(misconception="cee_sign", feedback="declared. Likely mistake: …"),
               "t4": SimpleNamespace(misconception="mse_mean", feedback="refuted. Likely mistake: …")}
    seen = SimpleNamespace(refuted={edit, "cee_sign"}, declared_refuted={"mse_mean", "cee_sign"}, telling={"cee_sign"})
    sandbox = SimpleNamespace(outcomes=results, seen=seen, tied={},
                              named={"t1": (edit, "wrong", "wrong"), "t2": (other, "also wrong", "also wrong"),
                                     "t3": ("cee_sign", "declared", "declared"), "t4": ("mse_mean", "refuted", "r")})
    GradingPlugin._consistent(SimpleNamespace(lang="en"), sandbox)
    assert (results["t1"].misconception, results["t1"].feedback) == (None, "wrong")
    assert results["t2"].misconception == other
    assert results["t3"].misconception == "cee_sign"
    assert (results["t4"].misconception, results["t4"].feedback) == (None, "refuted")


def test_edits_a_test_cannot_tell_apart_are_named_together():
    """A minus sign dropped from dx, or += turned into -=: Adadelta's H squares dx, so no test
    tells them apart; both are named, in one sentence, in each language."""
    a, b = 'auto:minus:Adadelta.update:["-np.sqrt(H + eps)"]', 'auto:sign:Adadelta.update:["+=", "-=", "p += dx"]'
    both = mutants.together([a, b])
    assert mutants.members(both) == [a, b]
    en, ko = misconceptions.hint(both, "en"), misconceptions.hint(both, "ko")
    assert en.startswith("in Adadelta.update, your code behaves like the correct one with one of these slips")
    assert "a minus sign is missing" in en and "a sign is flipped" in en and en.count("Adadelta.update") == 1
    assert ko.count("Adadelta.update") == 1 and "마이너스 부호가 빠졌습니다" in ko and "부호가 뒤집혔습니다" in ko


def test_edits_are_not_tried_where_replaying_them_would_cost_too_much(tmp_path, monkeypatch):
    """The edits of a test are tried only when one replay's time × their number fits in
    ``EDITS_SECONDS`` (a long training is named from the quicker tests, if at all)."""
    from autograder import diagnosis

    monkeypatch.setattr(diagnosis, "EDITS_SECONDS", 0.0)
    result = grade(tmp_path, "a4_layers", "db_no_axis", "layers", "np.sum(dout, axis=0)", "np.sum(dout)")
    lost = [t for t in result.tests if t.score < t.max_score]
    assert lost and not any(mutants.parse(t.misconception) for t in lost)


def test_what_is_named_does_not_depend_on_how_busy_the_machine_is(tmp_path, monkeypatch):
    """The edits' cost is the grader thread's CPU time, not the wall clock's: a reference replay
    that waits (as on a machine busy with other work) is not counted as expensive, and the same
    edit is named as on an idle machine."""
    import time

    from autograder import diagnosis

    reference = diagnosis.replay.reference

    def waiting(*args, **kwargs):
        time.sleep(0.2)  # wall time the grader does not spend: 0.2 s × dozens of edits > EDITS_SECONDS
        return reference(*args, **kwargs)

    monkeypatch.setattr(diagnosis.replay, "reference", waiting)
    monkeypatch.setattr(diagnosis, "EDITS_SECONDS", 1.0)
    result = grade(tmp_path, "a4_layers", "db_no_axis", "layers", "np.sum(dout, axis=0)", "np.sum(dout)")
    named = {t.misconception for t in result.tests if t.score < t.max_score and t.misconception}
    assert named == {'auto:keyword:Affine.backward:["axis=0", "np.sum"]'}


def test_a_declared_mistake_another_lost_test_refutes_is_named_nowhere(tmp_path):
    """The output bias added after the sigmoid (declared nowhere) makes train's weights overflow to
    NaN on random data, as the declared linear output layer does, and that one test named
    mlp_output_linear; the forward tests the submission loses replay it and answer otherwise, so
    it does not explain what this student did (found by a blind set)."""
    result = grade(tmp_path, "a4_layers", "b2_after_sigmoid", "mlp", "layer2 = sigmoid(np.dot(layer1, W2) + B2)",
                   "layer2 = sigmoid(np.dot(layer1, W2)) + B2")
    lost = [t for t in result.tests if t.score < t.max_score]
    assert len(lost) >= 5
    assert "mlp_output_linear" not in {t.misconception for t in lost}
    assert not any("sigmoid on the output layer" in t.feedback for t in lost)


def test_an_edit_that_explains_other_tests_wins_over_a_mistake_of_one_test(tmp_path):
    """numerical_gradient's difference taken the wrong way round also makes gradient_descent climb,
    which the declared gd_ascent explains on that test alone; the edit named on the
    numerical_gradient tests answers that test too, so it is named there as well."""
    result = grade(tmp_path, "a3_gradient", "grad_sign_swapped", "gradient",
                   "grad[idx] = (fxh1 - fxh2) / (2 * h)", "grad[idx] = (fxh2 - fxh1) / (2 * h)")
    named = {t.misconception for t in result.tests if t.score < t.max_score} - {None}
    assert named == {'auto:swap_names:numerical_gradient:["fxh1", "fxh2"]'}


def test_the_class_view_tells_an_edit_in_words():
    """The service's class view lists a named edit with its sentence, like a declared mistake."""
    from types import SimpleNamespace

    pytest.importorskip("starlette")
    from autograder.serve import classview

    edit = 'auto:keyword:Affine.backward:["axis=0", "np.sum"]'
    sub = SimpleNamespace(status="graded", score=30.0, max_score=37.0, result={"tests": [{"misconception": edit}]})
    (row,) = classview.mistakes([sub], "ko")
    assert row["hint"] == misconceptions.hint(edit, "ko") != edit


def test_a_table_names_an_edit_short_and_the_details_give_its_sentence():
    edit = 'auto:keyword:Affine.backward:["axis=0", "np.sum"]'
    assert mutants.short(edit) == "Affine.backward:keyword"
    assert mutants.short("cee_sign") == "cee_sign"


def test_show_gives_an_edits_sentence():
    """``autograder show`` (``display.record``) writes a named edit short, with its sentence."""
    import io

    from rich.console import Console

    from autograder.commands import display
    from autograder.results import Result, TestResult

    edit = 'auto:keyword:Affine.backward:["axis=0", "np.sum"]'
    test = TestResult("Affine backward", 0.0, 2.0, "failed", "db is wrong", misconception=edit)
    result = Result("alice", "a4_layers", 0.0, 2.0, "graded", tests=[test])
    console = Console(file=io.StringIO(), width=200)
    console.print(display.record(result, "en"))
    out = " ".join(console.file.getvalue().split())
    assert "likely mistake: Affine.backward:keyword — " + misconceptions.hint(edit, "en") in out


def test_an_earlier_edit_tried_again_and_not_matching_is_refuted(tmp_path):
    """RMSE as np.sqrt(2 * MSE(y, t)): an edit that answers like it on two tests is tried on the
    third, where a declared mistake matches, and does not match there: it is named nowhere."""
    result = grade(tmp_path, "a2_functions", "rmse_sqrt_mse_times2", "functions",
                   "    return np.sqrt(np.mean((y - t) ** 2))\n", "    return np.sqrt(2 * MSE(y, t))\n")
    named = [t.misconception for t in result.tests if t.score < t.max_score and t.misconception]
    assert named and not any(mutants.parse(n) for n in named)


@pytest.mark.parametrize("init", ["np.zeros((input_size, hidden_size))",
                                  "weight_init_std * np.ones((input_size, hidden_size))",
                                  "weight_init_std * np.abs(np.random.randn(input_size, hidden_size))"])
def test_weights_that_are_all_positive_are_not_all_called_rand(tmp_path, init):
    """Only weights spread evenly over [0, top) read as np.random.rand: zeros, a constant or
    |randn| lose the init check without that name."""
    result = grade(tmp_path, "a5_two_layer_net", "init_w1", "two_layer_net",
                   "weight_init_std * np.random.randn(input_size, hidden_size)", init)
    lost = [t for t in result.tests if t.score < t.max_score]
    assert lost and "init_uniform_rand" not in {t.misconception for t in lost}
