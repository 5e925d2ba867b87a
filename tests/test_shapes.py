"""A wrong array whose difference has a known shape (a factor, an axis, a transpose …) is named so,
in both languages; a right one, an unrelated one and float noise are not; hidden tests name no value."""
from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from autograder.checker import Checker, Mismatch
from autograder.feedback import messages, shapes
from autograder.grading import Grader

RNG = np.random.default_rng(20240601)
X = RNG.normal(size=(4, 3))                      # a generic expected array: varied, no symmetry
V = RNG.normal(size=6)                           # a generic 1-D one
SOFT = np.exp(X) / np.sum(np.exp(X), axis=1, keepdims=True)      # rows sum to 1 (softmax)
SOFT_AXIS0 = np.exp(X) / np.sum(np.exp(X), axis=0, keepdims=True)
SQUARE = RNG.normal(size=(3, 3))
STEP_X = np.array([-1.5, 0.0, 0.7, 2.0, -0.3, 1.1])
RELU_X = np.array([1.5, -0.5, 2.5, 3.5, -1.5, 4.5, 5.5, 6.5, -2.5, 7.5, 8.5, 9.5])   # relu vs abs: 3 entries
ONE_SPOT = np.where(np.arange(12).reshape(4, 3) == 7, np.nan, X)
TWO_SPOTS = np.where(np.arange(12).reshape(4, 3) % 5 == 0, np.inf, 2 * X)


def case(name, got, expected, key, en, ko):
    return pytest.param(np.asarray(got), np.asarray(expected), key, en, ko, id=name)


CASES = [
    case("times-2", 2 * X, X, "shape_factor",
         "it looks like your values are 2× the expected ones", "값이 기댓값의 2배입니다"),
    case("times-N", 12 * X, X, "shape_factor",
         "it looks like your values are 12× the expected ones", "값이 기댓값의 12배입니다"),
    case("divided-by-N", X / 8, X, "shape_divided",
         "it looks like your values are the expected ones divided by 8", "값이 기댓값의 1/8배입니다"),
    case("half", X * 0.5, X, "shape_divided",
         "it looks like your values are the expected ones divided by 2", "값이 기댓값의 1/2배입니다"),
    case("three-halves", X * 1.5, X, "shape_factor",
         "it looks like your values are 3/2× the expected ones", "값이 기댓값의 3/2배입니다"),
    case("minus-2", -2 * X, X, "shape_factor",
         "it looks like your values are -2× the expected ones", "값이 기댓값의 -2배입니다"),
    case("any-factor", 1.37 * X, X, "shape_factor_about",
         "it looks like your values are about 1.37× the expected ones", "값이 기댓값의 약 1.37배입니다"),
    case("sign-flip", -X, X, "shape_sign",
         "it looks like your values have the wrong sign (each is minus the expected one)",
         "값의 부호가 반대입니다 (기댓값에 -1 을 곱한 값입니다)"),
    case("scalar-sign-flip", -1.2039725, 1.2039725, "shape_sign_one",
         "it looks like your value has the wrong sign (it is minus the expected one)",
         "값의 부호가 반대입니다 (기댓값에 -1 을 곱한 값입니다)"),
    case("scalar-times-2", 0.06, 0.03, "shape_factor_one",
         "it looks like your value is 2× the expected one", "값이 기댓값의 2배입니다"),
    case("scalar-divided-by-batch", 0.8 / 5, 0.8, "shape_divided_one",
         "it looks like your value is the expected one divided by 5", "값이 기댓값의 1/5배입니다"),
    case("transposed-square", SQUARE.T, SQUARE, "shape_transposed",
         "it looks like your result is transposed (rows and columns swapped)",
         "결과가 전치되어 있습니다 (행과 열이 바뀌었습니다)"),
    case("transposed-shape", X.T, X, "shape_transposed",
         "it looks like your result is transposed (rows and columns swapped)",
         "결과가 전치되어 있습니다 (행과 열이 바뀌었습니다)"),
    case("softmax-wrong-axis", SOFT_AXIS0, SOFT, "shape_normalised_axis",
         "it looks like you normalised over axis 0 instead of axis 1: your values sum to 1 along axis 0",
         "axis 1 대신 axis 0 방향으로 정규화한 것 같습니다: 값의 합이 axis 0 방향으로 1 입니다"),
    case("softmax-whole-batch", np.exp(X) / np.sum(np.exp(X)), SOFT, "shape_normalised_whole",
         "your values sum to 1 over the whole array, but they should sum to 1 along axis 1",
         "값의 합이 배열 전체에서 1 입니다. axis 1 방향으로 각각 합이 1 이어야 합니다"),
    case("not-normalised", np.exp(X - 3), SOFT, "shape_not_normalised",
         "your values are right up to a factor along axis 1, but do not sum to 1 along it: "
         "divide by their sum along axis 1",
         "axis 1 방향으로 보면 값이 기댓값에 비례하지만 합이 1 이 아닙니다. axis 1 방향의 합으로 나누세요"),
    case("column-for-vector", V.reshape(-1, 1), V, "shape_reshape",
         "the values are right, only the shape differs: check reshape, keepdims=True or an axis of length 1",
         "값은 맞고 shape 만 다릅니다. reshape, keepdims=True, 길이가 1 인 축을 확인하세요"),
    case("row-for-vector", V.reshape(1, -1), V, "shape_reshape",
         "the values are right, only the shape differs: check reshape, keepdims=True or an axis of length 1",
         "값은 맞고 shape 만 다릅니다. reshape, keepdims=True, 길이가 1 인 축을 확인하세요"),
    case("outer-broadcast", V[None, :] - (V ** 2)[:, None], V - V ** 2, "shape_outer",
         "an array of shape (6,) met one of shape (6, 1) and numpy broadcast them into a (6, 6) table: "
         "give both the same shape first",
         "shape (6,) 배열과 (6, 1) 배열이 broadcast 되어 (6, 6) 표가 되었습니다. 먼저 두 배열의 shape 를 맞추세요"),
    case("boundary", (STEP_X >= 0).astype(int), (STEP_X > 0).astype(int), "shape_few_entries",
         "only 1 of 6 entries differ, the others are right: check the boundary cases "
         "(an input exactly at a threshold such as 0: > or >=?)",
         "6개 중 1개만 다르고 나머지는 맞습니다. 경계값을 확인하세요 (입력이 0 처럼 기준값과 정확히 같을 때: > 인가 >= 인가?)"),
    case("some-entries", np.abs(RELU_X), np.maximum(RELU_X, 0), "shape_some_entries",
         "only 3 of 12 entries differ, the others are right", "12개 중 3개만 다르고 나머지는 맞습니다"),
    case("nan-rest-right", ONE_SPOT, X, "shape_nonfinite_rest_right",
         "1 of 12 entries are NaN or inf where the expected values are finite; the others are right",
         "12개 중 1개가 NaN 또는 inf 인데, 기댓값은 유한합니다. 나머지 값은 맞습니다"),
    case("inf-rest-wrong", TWO_SPOTS, X, "shape_nonfinite",
         "3 of 12 entries are NaN or inf where the expected values are finite",
         "12개 중 3개가 NaN 또는 inf 인데, 기댓값은 유한합니다"),
    case("truncated", np.trunc(3 * X), 3 * X, "shape_truncated",
         "it looks like your values were cut to whole numbers (int(), astype(int), // or an integer array), "
         "but floating-point values are expected",
         "값이 정수로 잘린 것 같습니다 (int(), astype(int), // 또는 정수 배열). 실수 값이어야 합니다"),
    case("scalar-truncated", 2.0, 2.7, "shape_truncated_one",
         "it looks like your value was cut to a whole number (int(), // or an integer array), "
         "but a floating-point value is expected",
         "값이 정수로 잘린 것 같습니다 (int(), // 또는 정수 배열). 실수 값이어야 합니다"),
    case("history-one-extra-at-end", np.r_[V, 0.5], V, "shape_one_extra_last",
         "it has one entry too many along the first axis: an extra one at the end, the others are right",
         "첫 번째 축의 값이 하나 많습니다: 맨 뒤에 하나가 더 있고 나머지는 맞습니다"),
    case("history-one-extra-at-start", np.r_[0.5, V], V, "shape_one_extra_first",
         "it has one entry too many along the first axis: an extra one at the start, the others are right",
         "첫 번째 축의 값이 하나 많습니다: 맨 앞에 하나가 더 있고 나머지는 맞습니다"),
    case("history-first-missing", X[1:], X, "shape_one_missing_first",
         "it has one entry too few along the first axis: the first one is missing, the others are right",
         "첫 번째 축의 값이 하나 모자랍니다: 맨 앞의 값이 빠졌고 나머지는 맞습니다"),
    case("history-last-missing", V[:-1], V, "shape_one_missing_last",
         "it has one entry too few along the first axis: the last one is missing, the others are right",
         "첫 번째 축의 값이 하나 모자랍니다: 맨 뒤의 값이 빠졌고 나머지는 맞습니다"),
    case("history-too-long", RNG.normal(size=7), V, "shape_one_too_many",
         "it has one entry too many along the first axis (an off-by-one in a loop or a range?)",
         "첫 번째 축의 값이 하나 많습니다 (반복문이나 range 의 범위가 하나 어긋났나요?)"),
    case("history-too-short", RNG.normal(size=5), V, "shape_one_too_few",
         "it has one entry too few along the first axis (an off-by-one in a loop or a range?)",
         "첫 번째 축의 값이 하나 모자랍니다 (반복문이나 range 의 범위가 하나 어긋났나요?)"),
    case("offset", X + 0.25, X, "shape_offset",
         "it looks like your values are all off by the same constant: the expected ones + 0.25",
         "모든 값이 기댓값과 같은 상수만큼 차이 납니다: 기댓값 + 0.25"),
    case("negative-offset", X - 0.003, X, "shape_offset",
         "it looks like your values are all off by the same constant: the expected ones - 0.003",
         "모든 값이 기댓값과 같은 상수만큼 차이 납니다: 기댓값 - 0.003"),
    case("sorted", np.sort(V), V, "shape_sorted",
         "your values are the right ones, but sorted: keep them in their original order",
         "값 자체는 맞지만 정렬되어 있습니다. 원래 순서를 유지하세요"),
    case("permuted", V[[1, 0, 2, 5, 4, 3]], V, "shape_permuted",
         "your values are the right ones, but in a different order", "값 자체는 맞지만 순서가 다릅니다"),
    case("shifted-one-step", np.r_[0.0, V[:-1]], V, "shape_shifted",
         "it looks like your values are shifted by one position along the first axis "
         "(recorded one step too early or too late?)",
         "값이 첫 번째 축을 따라 한 칸씩 밀려 있습니다 (한 단계 이르거나 늦게 기록했나요?)"),
]


@pytest.mark.parametrize("got, expected, key, en, ko", CASES)
def test_each_kind_of_difference_is_named_in_both_languages(got, expected, key, en, ko):
    assert shapes.classify(got, expected)[0] == key
    assert shapes.describe(got, expected) == {"en": en, "ko": ko}


@pytest.mark.parametrize("got, expected, key, en, ko", CASES)
def test_checker_appends_the_sentence_and_records_no_misconception(got, expected, key, en, ko):
    check = Checker(visible=True)
    with pytest.raises(Mismatch) as caught:
        if np.ndim(expected) == 0:
            check.scalar(float(got), float(expected), "f(x)")
        else:
            check.array(got, expected, "f(x)", kind=None)
    feedback, mismatch = caught.value.feedback, caught.value
    assert feedback["en"].startswith("f(x)") and feedback["en"].endswith("; " + en)
    assert feedback["ko"].endswith(". " + ko)
    assert mismatch.misconception is None


def test_a_declared_variant_keeps_priority_and_its_hint():
    check = Checker(visible=False)
    with pytest.raises(Mismatch) as caught:
        check.array(SOFT_AXIS0, SOFT, "softmax(x)", variants={"softmax_wrong_axis": SOFT_AXIS0})
    assert caught.value.misconception == "softmax_wrong_axis"
    assert "Likely mistake: on a batch, softmax" in caught.value.feedback["en"]
    assert "axis 0 instead" not in caught.value.feedback["en"]


@pytest.mark.parametrize("got", [X, np.round(X, 9), SOFT, np.zeros(4), np.arange(5), np.array(2.5), 3.0, -0.0])
def test_a_right_answer_is_never_classified(got):
    assert shapes.classify(np.asarray(got), np.asarray(got)) is None
    assert shapes.classify(np.asarray(got), np.asarray(got) * (1 + 1e-7)) is None   # within the check's tolerance


@pytest.mark.parametrize("seed", range(40))
def test_unrelated_random_arrays_are_not_classified(seed):
    rng = np.random.default_rng(seed)
    shape = [(), (5,), (3, 4), (3, 3), (6, 1)][seed % 5]
    expected, got = rng.normal(size=shape), rng.normal(size=shape)
    assert shapes.classify(got, expected) is None
    probabilities = rng.dirichlet(np.ones(4), size=3)           # rows sum to 1, as the expected ones do
    assert shapes.classify(rng.dirichlet(np.ones(4), size=3), probabilities) is None
    assert shapes.classify(rng.random(7), rng.random(7)) is None


@pytest.mark.parametrize("scale", [1e-4, 1e-3])
def test_float_noise_beyond_the_tolerance_is_not_named(scale):
    rng = np.random.default_rng(7)
    for expected in (X, SOFT, V):
        noisy = expected * (1 + scale * rng.normal(size=expected.shape))
        assert not np.allclose(noisy, expected, rtol=1e-5, atol=1e-8)
        assert shapes.classify(noisy, expected) is None
        assert shapes.classify(noisy + scale * rng.normal(size=expected.shape), expected) is None


def test_a_single_number_is_named_only_for_a_small_factor():
    assert shapes.classify(110.0, 2.2) is None            # dx and dy swapped in the lecture's apple example: "50×" by chance
    assert shapes.classify(2.2, 110.0) is None
    assert shapes.classify(3.3e-4, 3.3) == ("shape_divided_one", {"n": "10000"})
    assert shapes.classify(50 * X, X) == ("shape_factor", {"factor": "50"})   # an array: every entry agrees


def test_tolerances_are_the_checks_own():
    noisy_double = 2 * X * (1 + 1e-3 * np.random.default_rng(3).normal(size=X.shape))
    assert shapes.classify(noisy_double, X) is None                       # rtol 1e-5: not exactly 2×
    assert shapes.classify(noisy_double, X, rtol=1e-2)[0] == "shape_factor"


def test_values_that_are_no_numbers_are_not_classified():
    assert shapes.classify("abc", "abd") is None
    assert shapes.classify(np.array(["a"]), np.array(["b"])) is None
    assert shapes.classify(np.array([None, 1]), np.array([1, None])) is None
    assert shapes.classify(np.zeros(0), np.zeros(3)) is None


# -- hidden tests

HIDDEN = RNG.normal(size=(3, 4)) * 7.3519        # no small-integer entries; their digits must never show
HIDDEN_SOFT = np.exp(HIDDEN / 5) / np.sum(np.exp(HIDDEN / 5), axis=1, keepdims=True)
HIDDEN_CASES = [
    ("factor", 2 * HIDDEN, HIDDEN, {"2"}),
    ("divided", HIDDEN / 4, HIDDEN, {"4"}),
    ("any-factor", 1.37 * HIDDEN, HIDDEN, set()),           # named only in a visible test: it is a hidden-data number
    ("sign", -HIDDEN, HIDDEN, set()),
    ("offset", HIDDEN + 0.4172, HIDDEN, set()),             # the offset is never shown
    ("axis", np.exp(HIDDEN / 5) / np.sum(np.exp(HIDDEN / 5), axis=0, keepdims=True), HIDDEN_SOFT, {"0", "1"}),
    ("few", np.where(np.arange(12).reshape(3, 4) == 5, 0.0, HIDDEN), HIDDEN, {"1", "12"}),
    ("nan", np.where(np.arange(12).reshape(3, 4) == 5, np.nan, HIDDEN), HIDDEN, {"1", "12"}),
    ("truncated", np.trunc(HIDDEN), HIDDEN, set()),
    ("permuted", HIDDEN[::-1], HIDDEN, set()),
    ("transposed", HIDDEN.T, HIDDEN, {"2", "3", "4"}),       # the expected shape, and the rank of the one returned
    ("one-extra", np.vstack([HIDDEN, HIDDEN[:1]]), HIDDEN, {"2", "3", "4"}),
    ("scalar-factor", np.float64(HIDDEN[0, 0] * 3), np.float64(HIDDEN[0, 0]), {"3"}),
]


def template_numbers() -> set[str]:
    """Numbers the sentences themselves hold ("1/{n}", "-1", "sum to 1", "such as 0")."""
    texts = [t for key, entry in messages.MESSAGES.items() if key.startswith(("shape_", "not_finite", "wrong_"))
             for t in entry.values()]
    return set(re.findall(r"\d+", re.sub(r"\{\w+\}", "", " ".join(texts))))


@pytest.mark.parametrize("name, got, expected, allowed", HIDDEN_CASES, ids=[c[0] for c in HIDDEN_CASES])
def test_a_hidden_tests_sentence_shows_no_hidden_value(name, got, expected, allowed):
    allowed = allowed | template_numbers()
    check = Checker(visible=False)
    with pytest.raises(Mismatch) as caught:
        if np.ndim(expected) == 0:
            check.scalar(got, expected, "f(x)")
        else:
            check.array(got, expected, "f(x)")
    for lang, text in caught.value.feedback.items():
        numbers = set(re.findall(r"\d+(?:\.\d+)?(?:e-?\d+)?", text))
        assert numbers <= allowed, (lang, text)        # a factor, an axis, a shape: never a value
    # never said in a hidden test: "k entries differ", and anything about one expected number (oracles)
    named = name not in ("any-factor", "few", "scalar-factor")
    assert ("; " in caught.value.feedback["en"]) == named, caught.value.feedback["en"]


def test_a_factor_that_is_no_simple_number_is_not_named_in_a_hidden_test():
    check = Checker(visible=False)
    with pytest.raises(Mismatch) as caught:
        check.array(1.37 * HIDDEN, HIDDEN, "f(x)")
    assert caught.value.feedback["en"] == "f(x) is wrong: you returned a different value"


def test_the_same_cases_in_a_visible_test_do_show_values():
    """The number check above would catch a value: a visible test shows them."""
    check = Checker(visible=True)
    with pytest.raises(Mismatch) as caught:
        check.array(HIDDEN + 0.4172, HIDDEN, "f(x)")
    numbers = set(re.findall(r"\d+(?:\.\d+)?(?:e-?\d+)?", caught.value.feedback["en"]))
    assert "0.4172" in numbers and not numbers <= template_numbers()


def test_a_hidden_offset_is_named_without_its_value():
    assert shapes.classify(HIDDEN + 0.4172, HIDDEN, hidden=True) == ("shape_offset_hidden", {})
    assert shapes.classify(HIDDEN + 0.4172, HIDDEN) == ("shape_offset", {"offset": "+ 0.4172"})


# -- end to end: the a2 reference with one edit

REFERENCE = Path(__file__).resolve().parents[1] / "examples/submissions/a2_functions/reference/functions.py"
SIGMOID = "return np.exp(-np.logaddexp(0, -np.asarray(x, dtype=float)))"
SOFTMAX = ("x = x - np.max(x, axis=-1, keepdims=True)", "return exp_x / np.sum(exp_x, axis=-1, keepdims=True)")


def edited(tmp_path, name, *edits):
    source = REFERENCE.read_text()
    for old, new in edits:
        assert source.count(old) == 1
        source = source.replace(old, new)
    folder = tmp_path / name
    folder.mkdir()
    (folder / "functions.py").write_text(source)
    return Grader("a2_functions", jobs=1).grade_one(folder)


def lost(result):
    return {t.id: t for t in result.tests if t.score < t.max_score}


def test_a_sigmoid_twice_too_large_is_told_the_factor(tmp_path):
    result = edited(tmp_path, "doubled", (SIGMOID, "return 2 * " + SIGMOID[len("return "):]))
    tests = lost(result)
    assert set(tests) == {"test_sigmoid_values", "test_sigmoid_is_stable_for_large_inputs",
                          "test_activations_leave_their_input_unchanged"}
    for test in tests.values():
        assert "it looks like your values are 2× the expected ones" in test.feedback, test.feedback
        assert test.misconception is None
    assert tests["test_sigmoid_is_stable_for_large_inputs"].feedback == (
        "sigmoid(x) with large |x| is wrong: you returned a different value; "
        "it looks like your values are 2× the expected ones")


def test_a_softmax_over_axis_0_is_told_the_axis(tmp_path):
    result = edited(tmp_path, "axis0", (SOFTMAX[0], "x = x - np.max(x, axis=0, keepdims=True)"),
                    (SOFTMAX[1], "return exp_x / np.sum(exp_x, axis=0, keepdims=True)"))
    tests = lost(result)
    assert set(tests) == {"test_softmax_on_a_batch_is_row_wise", "test_activations_leave_their_input_unchanged"}
    # the suite declares this mistake on the batch test: its hint is kept there, and no shape sentence
    assert tests["test_softmax_on_a_batch_is_row_wise"].misconception == "softmax_wrong_axis"
    # axis 0 is a declared mistake (softmax_axis0): named by its behaviour on the other test too, where
    # its hint stands in for the shape sentence ("normalised over axis 0 instead of axis 1")
    keep_x = tests["test_activations_leave_their_input_unchanged"]
    assert keep_x.misconception == "softmax_wrong_axis" and "axis=-1" in keep_x.feedback
    assert "normalised over axis 0 instead of axis 1" not in keep_x.feedback


def test_a_hidden_test_never_counts_right_entries():
    """Across resubmissions "k of n entries differ" or "the rest are right" would tell a student
    which guesses of the hidden expected values are right."""
    for got in (np.where(np.arange(12).reshape(3, 4) == 5, 0.0, HIDDEN),
                np.where(np.arange(12).reshape(3, 4) == 5, np.nan, HIDDEN)):
        check = Checker(visible=False)
        with pytest.raises(Mismatch) as caught:
            check.array(got, HIDDEN, "f(x)")
        text = caught.value.feedback["en"]
        assert not re.search(r"are right|entries differ|others", text), text  # a NaN count is of its own answer


def test_a_hidden_test_says_nothing_about_how_one_number_relates_to_the_expected_one():
    for got, expected in ((np.float64(1.0), np.float64(0.25)), (np.full(6, 0.5), np.full(6, 0.25))):
        check = Checker(visible=False)
        with pytest.raises(Mismatch) as caught:
            if np.ndim(expected) == 0:
                check.scalar(got, expected, "accuracy(x, t)")
            else:
                check.array(got, expected, "accuracy(x, t)")
        assert caught.value.feedback["en"] == "accuracy(x, t) is wrong: you returned a different value"
