"""The Checker's form checks (a tuple of N, a dict with these keys) speak the shared wrong-type
sentence in both languages and, in a hidden test, name nothing the student's code chose; a wrong
variant is named when the student's answer has its shape and values, even when that shape is not
the expected one. No worker: plain values stand for what a student's call returned."""
from __future__ import annotations

import numpy as np
import pytest

from autograder.checker import Checker, Mismatch, PartEnded

KEYS = ("W1", "b1", "W2", "b2")


def failed(call) -> Mismatch:
    with pytest.raises(Mismatch) as caught:
        call()
    return caught.value


# ---------------------------------------------------------------- tuple_of
def test_a_tuple_or_list_of_the_right_length_passes():
    check = Checker()
    assert check.tuple_of((1, 2), 2, "f(x)") and check.tuple_of([1, 2, 3], 3, "f(x)", names="(a, b, c)")
    assert check.tuple_of((1, 2), 2, "f(x)", soft=True) and check.total == 1 and not check.failures


def test_a_wrong_type_says_what_was_expected_in_both_languages():
    mismatch = failed(lambda: Checker().tuple_of({"w": 1}, 3, "train(X)", names="(w, b, errors)"))
    assert mismatch.feedback["en"] == "train(X) should return a tuple (w, b, errors), but it returned a dict"
    assert mismatch.feedback["ko"] == "train(X): 튜플 (w, b, errors)이어야 하는데 dict 값입니다"


def test_a_wrong_length_is_said_in_a_visible_test_only():
    visible = failed(lambda: Checker().tuple_of((1, 2, 3), 2, "backward(d)"))
    assert visible.feedback["en"] == "backward(d) should return a tuple of 2 values, but it returned a tuple of 3 values"
    assert "값 3개의 tuple" in visible.feedback["ko"]
    hidden = failed(lambda: Checker(visible=False).tuple_of([0] * 417, 2, "backward(d)"))
    assert hidden.feedback["en"].endswith("but it returned a list of another length")
    assert "417" not in hidden.feedback["en"] + hidden.feedback["ko"]


def test_a_soft_tuple_check_counts_as_one_check_and_a_gate_as_none():
    check = Checker()
    assert check.tuple_of(None, 2, "f(x)", soft=True) is False
    assert (check.total, len(check.failures)) == (1, 1)
    with pytest.raises(PartEnded):
        Checker().tuple_of(None, 2, "f(x)", gate=True)
    check = Checker()
    with check.attempt(checks=3):
        check.tuple_of(7, 2, "f(x)", gate=True)
    assert (check.total, check.failures[0].weight) == (3, 3)  # the part's unmade checks count as failed


# ---------------------------------------------------------------- dict_with
def test_a_dict_with_the_keys_in_any_order_passes():
    assert Checker().dict_with({"b2": 0, "W1": 0, "W2": 0, "b1": 0}, KEYS, "net.params", attribute=True)


def test_not_a_dict_uses_the_shared_sentence_of_a_value_or_of_a_result():
    value = failed(lambda: Checker().dict_with([1], KEYS, "net.params", attribute=True))
    assert value.feedback["en"] == "net.params should be a dict with the keys ['W1', 'b1', 'W2', 'b2'], but it is a list"
    assert value.feedback["ko"] == "net.params: 키가 ['W1', 'b1', 'W2', 'b2'] 인 dict이어야 하는데 list 값입니다"
    result = failed(lambda: Checker().dict_with(None, ("a",), "train()"))
    assert result.feedback["en"] == "train() should return a dict with the keys ['a'], but it returned a NoneType"


def test_wrong_keys_are_shown_in_a_visible_test():
    mismatch = failed(lambda: Checker().dict_with({"W1": 0, "w2": 0}, KEYS, "init()"))
    assert mismatch.feedback["en"].endswith("but it returned a dict with the keys ['W1', 'w2']")


def test_a_hidden_test_names_only_the_missing_expected_keys():
    leak = {"W1": 0, "b1": 0, "W2": 0, "x=0.4278": 0}
    missing = failed(lambda: Checker(visible=False).dict_with(leak, KEYS, "net.params", attribute=True))
    assert missing.feedback["en"].endswith("but it is a dict without the keys ['b2']")
    assert "4278" not in missing.feedback["en"] + missing.feedback["ko"]
    extra = failed(lambda: Checker(visible=False).dict_with({**dict.fromkeys(KEYS), "4278": 1}, KEYS, "f()"))
    assert extra.feedback["en"].endswith("but it returned a dict with other keys as well")
    assert "4278" not in extra.feedback["en"] + extra.feedback["ko"]


def test_a_dict_gate_ends_the_part():
    check = Checker()
    with check.attempt(checks=4):
        check.dict_with({"W1": 0}, KEYS, "init()", gate=True)
        check.equal(1, 1, "never reached", soft=True)
    assert (check.total, len(check.failures)) == (4, 1)


# ---------------------------------------------------------------- variants of another shape
RNG = np.random.default_rng(7)
X2D, DOUT = RNG.normal(size=(5, 3)), RNG.normal(size=(5, 2))


@pytest.mark.parametrize("visible", [True, False])
def test_a_transposed_dw_is_named_by_its_variant(visible):
    got, expected = DOUT.T @ X2D, X2D.T @ DOUT          # (2, 3) where (3, 2) is expected
    mismatch = failed(lambda: Checker(visible).array(got, expected, "dW",
                                                     variants={"affine_dw_transposed": DOUT.T @ X2D}))
    assert mismatch.misconception == "affine_dw_transposed"
    assert mismatch.feedback["en"].startswith("dW: expected shape (3, 2), got ")
    assert "Likely mistake" in mismatch.feedback["en"] and "예상되는 실수" in mismatch.feedback["ko"]


def test_a_wrong_shape_with_other_values_names_no_variant():
    got = DOUT.T @ X2D + 1.0
    mismatch = failed(lambda: Checker().array(got, X2D.T @ DOUT, "dW", variants={"affine_dw_transposed": DOUT.T @ X2D}))
    assert mismatch.misconception is None


def test_a_scalar_where_an_array_is_expected_is_named_by_a_scalar_variant():
    x = RNG.normal(size=(4, 3))
    soft = np.exp(x) / np.sum(np.exp(x), axis=1, keepdims=True)
    summed = np.sum(np.exp(x) / np.sum(np.exp(x)))    # normalised over everything, then summed: a number
    mismatch = failed(lambda: Checker().array(np.float64(summed), soft, "softmax(x)",
                                              variants={"softmax_wrong_axis": summed}))
    assert mismatch.misconception == "softmax_wrong_axis"
    assert mismatch.feedback["en"].startswith("softmax(x) should return a numpy array, but it returned a float64")


def test_an_array_where_a_number_is_expected_is_named_by_an_array_variant():
    per_sample = RNG.random(size=6)
    mismatch = failed(lambda: Checker(visible=False).scalar(per_sample, per_sample.mean(), "loss(y, t)",
                                                            variants={"cee_no_batch_average": per_sample}))
    assert mismatch.misconception == "cee_no_batch_average"
    assert mismatch.feedback["en"].startswith("loss(y, t) should return a single number, but it returned an array")


def test_an_array_of_strings_of_another_shape_is_just_a_wrong_shape():
    mismatch = failed(lambda: Checker().array(np.array(["a", "b"]), np.zeros(3), "f(x)", kind=None,
                                              variants={"softmax_wrong_axis": np.zeros(2)}))
    assert mismatch.misconception is None and "expected shape (3,)" in mismatch.feedback["en"]
