"""a1_perceptron: the general perceptron and Rosenblatt training (train_perceptron).

A perceptron whose outputs are the same on every input a test tries, where the expected ones are
not, earns nothing in that test. Every answer is 0 or 1, so the hidden test is no oracle: it is
judged in two coarse parts (every input off the threshold as one; those on it, judged only with
the first part right) and never says which input was wrong.
"""
import numpy as np
import pytest

from autograder.checker import describe_type, shown_answer, words
from autograder.feedback import messages

points, hidden = pytest.mark.points, pytest.mark.visibility("hidden")

X_AND = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])
D_AND = np.array([0, 0, 0, 1])


def is_int(got) -> bool:
    return type(got) is int or isinstance(got, np.integer)


def as_number(got):
    """A bool (Python or numpy) counts as its 0/1 value; the type is judged where the test says so."""
    if type(got) is bool or isinstance(got, np.bool_):
        return int(got)
    return got


def number(got):
    """``got`` as a float when it is one number (a 0-d array too), else None."""
    if type(got) in (bool, int, float) or isinstance(got, (np.bool_, np.integer, np.floating)):
        return float(got)
    if type(got) is np.ndarray and got.ndim == 0 and got.dtype.kind in "biuf":
        return float(got)
    return None


def refuse_constant(check, outputs, expected):
    """Fail the whole test when every output is the same number while ``expected`` is not:
    perceptron does not depend on its inputs over the cases tried, so none of them earns credit."""
    values = [number(got) for got in outputs]
    if len(values) < 2 or None in values or len(set(values)) > 1 or len(set(expected)) < 2:
        return
    check.fail("output_constant", name="perceptron", value=shown_answer(as_number(outputs[0])),
               inputs=messages.both("inputs_this_test"))


# ---------------------------------------------------------------- perceptron(x, w, b)
@points(1)
def test_perceptron_lecture_example(student, check):
    """perceptron(x, [0.5, 0.5], -0.7) gives the int 1 for x = [1, 1] and 0 for x = [1, 0]
    ko: perceptron(x, [0.5, 0.5], -0.7) 가 x = [1, 1] 에서 정수 1, x = [1, 0] 에서 0"""
    w = np.array([0.5, 0.5])
    with check.attempt(checks=4):  # both calls are of one function on the lecture's inputs: one part
        held = student.hold(w)  # the same array for both calls, read back after them
        one = student.perceptron.perceptron(np.array([1, 1]), held, -0.7)
        zero = student.perceptron.perceptron(np.array([1, 0]), held, -0.7)
        refuse_constant(check, [one, zero], [1, 0])
        right = check.equal(one, 1, "perceptron([1, 1], [0.5, 0.5], -0.7)", soft=True)
        right &= check.equal(zero, 0, "perceptron([1, 0], [0.5, 0.5], -0.7)", soft=True)
        odd = one if not is_int(one) else zero
        floats = all(type(g) is float or isinstance(g, np.floating) for g in (one, zero))
        check.true(is_int(one) and is_int(zero), {  # an int counts only with the right values
            "en": f"perceptron should return an int (0 or 1), but it returned {describe_type(odd)}",
            "ko": f"perceptron 은 정수(0 또는 1)를 반환해야 하는데 반환값이 {describe_type(odd, 'ko')}입니다",
        }, misconception="perceptron_returns_float" if floats else None, soft=True, result_ok=right,
            what={"en": "perceptron returns an int", "ko": "perceptron 이 정수를 반환함"})
        check.unchanged(w, student.fetch(held), "perceptron(x, w, b) (argument w)", misconception="perceptron_mutates_w",
                        soft=True, result_ok=right)


@points(1)
def test_perceptron_threshold_is_strict(student, check):
    """perceptron gives 0 when w·x + b is exactly 0: perceptron([1, 0], [0.5, 0.5], -0.5)
    ko: w·x + b 가 정확히 0 이면 0: perceptron([1, 0], [0.5, 0.5], -0.5)"""
    # Just below and just above the threshold too: a constant cannot pass, and the threshold case
    # is judged only when both sides are right (they earn nothing on their own).
    w = np.array([0.5, 0.5])
    below, above, on = (student.perceptron.perceptron(np.array(x), w, -0.5)
                        for x in ([0.0, 0.0], [1.0, 1.0], [1.0, 0.0]))
    refuse_constant(check, [below, above, on], [0, 1, 0])
    with check.result() as sides:
        check.equal(below, 0, "perceptron([0, 0], [0.5, 0.5], -0.5) (w·x + b = -0.5)", soft=True)
        check.equal(above, 1, "perceptron([1, 1], [0.5, 0.5], -0.5) (w·x + b = 0.5)", soft=True)
    what = "perceptron([1, 0], [0.5, 0.5], -0.5) (w·x + b = 0)"
    if sides.ok:
        check.equal(on, 0, what, soft=True)
    else:
        check.true(False, messages.both("a1_threshold_needs_sides", what=what), soft=True)


@points(2)
@hidden
def test_perceptron_on_random_inputs(student, ref, check, rng):
    """perceptron on random inputs, some exactly on the threshold
    ko: 무작위 입력(일부는 정확히 경계)에 대한 perceptron"""
    # Every answer is 0 or 1, so naming a wrong case, or scoring cases one by one, would hand the
    # answers to the next submission. Part 1 (3 of 4 checks): every input off the threshold right;
    # part 2 (1 of 4): every input on it, judged only with part 1 right. The feedback names no case.
    # The type is judged by the visible tests; here a bool counts as its 0/1 value.
    cases = random_cases(rng)
    off = [(x, w, b) for x, w, b, on in cases if not on]
    on = [(x, w, b) for x, w, b, on in cases if on]
    expected_off = [float(ref.perceptron.perceptron(x, w, b)) for x, w, b in off]
    expected_on = [float(ref.perceptron.perceptron(x, w, b)) for x, w, b in on]
    what = "perceptron(x, w, b)"
    off_right = False
    with check.attempt(checks=3):
        got = [student.perceptron.perceptron(x, w, b) for x, w, b in off]
        refuse_constant(check, got, expected_off)
        odd = next((g for g in got if number(g) is None), None)
        kind = {lang: describe_type(odd, lang) for lang in messages.LANGS}
        check.gate(odd is None, messages.both("wrong_type", what=what, expected=messages.both("a_single_number"), got=kind))
        check.gate([number(g) for g in got] == expected_off,
                   messages.both("a1_hidden_off_threshold_wrong", what=what, count=len(off)))
        for _ in range(3):  # the part passed: it weighs three checks, as it does when it fails
            check.true(True, {}, soft=True)
        off_right = True
    with check.attempt():
        got = [number(student.perceptron.perceptron(x, w, b)) for x, w, b in on]
        if not off_right:
            check.true(False, messages.both("a1_hidden_on_threshold_unjudged", what=what), soft=True)
        else:
            right = got == expected_on
            check.true(right, messages.both("a1_hidden_on_threshold_wrong", what=what, count=len(on)), soft=True)


def random_cases(rng, off=24, on=4):
    """``off`` inputs (x, w, b, False) whose w·x + b is ±0.25 … ±1, at least 5 answers of each
    kind (a constant fails), then ``on`` inputs (x, w, b, True) exactly on the threshold. Quarter
    steps keep every sum exact, so "exactly 0" does not depend on the order of additions. About
    2^24 answer patterns: a guess, or another student's answers, does not fit."""
    while True:
        signs = rng.choice([-1, 1], size=off)
        if min(np.sum(signs > 0), np.sum(signs < 0)) >= 5:
            break
    cases = []
    for sign in signs.tolist() + [0] * on:
        x = rng.integers(-2, 3, size=3).astype(float)
        w = rng.integers(-4, 5, size=3) * 0.25
        offset = float(sign * rng.integers(1, 5) * 0.25) if sign else 0.0
        cases.append((x, w, -float(np.dot(w, x)) + offset, not sign))
    return cases


# ---------------------------------------------------------------- train_perceptron
def simulate(X, d, w, b, lr, epochs, count_after=False):
    """Trusted Rosenblatt training (``count_after``: errors counted after the update, a mistake the
    random data set must show); also the smallest |w·x + b|."""
    w, b = np.array(w, dtype=float), float(b)
    errors, smallest = np.zeros(epochs, dtype=int), np.inf
    for epoch in range(epochs):
        for x, d_i in zip(np.asarray(X, dtype=float), d):
            a = np.dot(w, x) + b
            smallest = min(smallest, abs(a))
            y = 1 if a >= 0 else 0
            if not count_after and y != d_i:
                errors[epoch] += 1
            w += lr * (d_i - y) * x
            b += lr * (d_i - y)
            if count_after and (1 if np.dot(w, x) + b >= 0 else 0) != d_i:
                errors[epoch] += 1
    return w, b, errors, smallest


def check_training(student, ref, check, X, d, w, b, lr, epochs, what):
    got = student.perceptron.train_perceptron(X, d, w, b, lr=lr, epochs=epochs)
    check_trained(ref, check, got, X, d, w, b, lr, epochs, what)


def check_trained(ref, check, got, X, d, w, b, lr, epochs, what, soft_type=False):
    """``got`` is (w, b, errors) as the reference trains them from ``w``, ``b`` (three soft checks);
    a result that is no triple fails at once, or as one more soft check with ``soft_type``."""
    if not check.tuple_of(got, 3, what, names="(w, b, errors)", soft=soft_type):
        return
    w_ref, b_ref, errors_ref = ref.perceptron.train_perceptron(X, d, np.array(w, dtype=float), b, lr=lr, epochs=epochs)
    check.array(got[0], w_ref, words("w returned by {call}", "{call} 에서 반환된 w", call=what), soft=True)
    check.scalar(got[1], b_ref, words("b returned by {call}", "{call} 에서 반환된 b", call=what), soft=True)
    check.array(got[2], errors_ref, words("errors returned by {call}", "{call} 에서 반환된 errors", call=what),
                kind="i", soft=True)


ON_AND = {"en": "train_perceptron(X, d, [0.1, 0.1], -0.22, lr=0.05, epochs=10) on AND",
          "ko": "AND 데이터에 대한 train_perceptron(X, d, [0.1, 0.1], -0.22, lr=0.05, epochs=10)"}


@points(2)
def test_train_perceptron_lecture_and_data(student, ref, check):
    """train_perceptron on the lecture's AND data from w = [0.1, 0.1], b = -0.22 (lr 0.05, 10 epochs)
    ko: 강의의 AND 데이터로 w = [0.1, 0.1], b = -0.22 에서 train_perceptron (lr 0.05, 10 에폭)"""
    check_training(student, ref, check, X_AND, D_AND, np.array([0.1, 0.1]), -0.22, 0.05, 10,
                   ON_AND)


@points(2)
def test_train_perceptron_from_zero_uses_greater_or_equal(student, ref, check):
    """train_perceptron on AND from w = [0, 0], b = 0 (lr 0.5, 6 epochs): a sum of exactly 0 predicts 1
    ko: w = [0, 0], b = 0 에서 AND 로 train_perceptron (lr 0.5, 6 에폭): 합이 정확히 0 이면 1 로 예측"""
    check_training(student, ref, check, X_AND, D_AND, np.array([0.0, 0.0]), 0.0, 0.5, 6,
                   {"en": "train_perceptron(X, d, [0, 0], 0, lr=0.5, epochs=6) on AND",
                    "ko": "AND 데이터에 대한 train_perceptron(X, d, [0, 0], 0, lr=0.5, epochs=6)"})


def separable_set(rng):
    """A random linearly separable set (with a margin) on which the common mistakes all show."""
    for _ in range(200):
        w_true, b_true = rng.normal(size=3), rng.normal(scale=0.5)
        X = rng.normal(size=(40, 3))
        score = X @ w_true + b_true
        X = X[np.abs(score) > 0.3][:12]
        d = (X @ w_true + b_true > 0).astype(int)
        w0, b0 = rng.normal(scale=0.5, size=3), float(rng.normal(scale=0.5))
        lr, epochs = 0.2, 8
        if len(X) < 12 or d.min() == d.max():
            continue
        w, b, errors, smallest = simulate(X, d, w0, b0, lr, epochs)
        after = simulate(X, d, w0, b0, lr, epochs, count_after=True)[2]
        if smallest > 1e-6 and errors[0] > 0 and not np.array_equal(after, errors):
            return X, d, w0, b0, lr, epochs
    raise RuntimeError("no separable set found")  # a grader bug, never the student's fault


@points(3)
@hidden
def test_train_perceptron_on_random_separable_data(student, ref, check, rng):
    """train_perceptron on a random linearly separable data set
    ko: 무작위 선형 분리 가능 데이터에 대한 train_perceptron"""
    X, d, w0, b0, lr, epochs = separable_set(rng)
    check_training(student, ref, check, X, d, w0, b0, lr, epochs, "train_perceptron(X, d, w, b, lr, epochs)")


@points(1)
def test_train_perceptron_leaves_callers_w_unchanged(student, ref, check):
    """train_perceptron does not modify the caller's w
    ko: train_perceptron 이 호출자의 w 를 바꾸지 않음"""
    w0 = np.array([0.1, 0.1])
    before = w0.copy()  # the grader's own copy, made before the call
    held = student.hold(w0)
    what = "train_perceptron(X, d, w, b)"
    got = student.perceptron.train_perceptron(X_AND, D_AND, held, -0.22, lr=0.05, epochs=10)
    with check.result() as result:  # no credit for leaving w alone without training
        check_trained(ref, check, got, X_AND, D_AND, w0.copy(), -0.22, 0.05, 10,
                      ON_AND, soft_type=True)
    check.unchanged(before, student.fetch(held), what, soft=True, result_ok=result.ok)
