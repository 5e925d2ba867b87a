"""a1_perceptron: the general perceptron and Rosenblatt training (train_perceptron)."""
import numpy as np
import pytest

from autograder.checks import describe_type

points, hidden = pytest.mark.points, pytest.mark.visibility("hidden")

X_AND = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])
D_AND = np.array([0, 0, 0, 1])


def is_int(got) -> bool:
    return type(got) is int or isinstance(got, np.integer)


# ---------------------------------------------------------------- perceptron(x, w, b)
@points(1)
def test_perceptron_lecture_example(student, check):
    """perceptron(x, [0.5, 0.5], -0.7) gives the int 1 for x = [1, 1] and 0 for x = [1, 0]
    ko: perceptron(x, [0.5, 0.5], -0.7) 가 x = [1, 1] 에서 정수 1, x = [1, 0] 에서 0"""
    w = np.array([0.5, 0.5])
    with check.attempt(checks=3):  # both calls are of one function on the lecture's inputs: one part
        one = student.perceptron.perceptron(np.array([1, 1]), w, -0.7)
        zero = student.perceptron.perceptron(np.array([1, 0]), w, -0.7)
        check.equal(one, 1, "perceptron([1, 1], [0.5, 0.5], -0.7)", soft=True)
        check.equal(zero, 0, "perceptron([1, 0], [0.5, 0.5], -0.7)", soft=True)
        odd = one if not is_int(one) else zero
        check.true(is_int(one) and is_int(zero), {
            "en": f"perceptron should return an int (0 or 1), but it returned {describe_type(odd)}",
            "ko": f"perceptron 은 정수(0 또는 1)를 반환해야 하는데 {describe_type(odd, 'ko')} 를 반환했습니다",
        }, soft=True)


@points(1)
def test_perceptron_threshold_is_strict(student, check):
    """perceptron gives 0 when w·x + b is exactly 0: perceptron([1, 0], [0.5, 0.5], -0.5)
    ko: w·x + b 가 정확히 0 이면 0: perceptron([1, 0], [0.5, 0.5], -0.5)"""
    got = student.perceptron.perceptron(np.array([1.0, 0.0]), np.array([0.5, 0.5]), -0.5)
    check.equal(got, 0, "perceptron([1, 0], [0.5, 0.5], -0.5) (w·x + b = 0)", misconception="perceptron_threshold")


@points(2)
@hidden
def test_perceptron_on_random_inputs(student, ref, check, rng):
    """perceptron on random inputs, some exactly on the threshold
    ko: 무작위 입력(일부는 정확히 경계)에 대한 perceptron"""
    # Quarter steps keep every sum exact, so "exactly 0" does not depend on the order of additions.
    for case in range(8):
        x = rng.integers(-2, 3, size=3).astype(float)
        w = rng.integers(-4, 5, size=3) * 0.25
        on_threshold = case in (2, 5)
        offset = 0.0 if on_threshold else float(rng.choice([-1, 1]) * rng.integers(1, 5) * 0.25)
        b = -float(np.dot(w, x)) + offset
        expected = ref.perceptron.perceptron(x, w, b)
        with check.attempt():
            got = student.perceptron.perceptron(x, w, b)
            if type(got) is bool or isinstance(got, np.bool_):
                got = int(got)  # the type is judged by the visible tests; here only the value counts
            # check.scalar, not check.equal: a hidden test must not echo a wrong 0/1 (it would give away the answer).
            check.scalar(got, expected, f"perceptron(x, w, b) in case {case + 1}", soft=True,
                         variants={"perceptron_threshold": 1} if on_threshold else None)


# ---------------------------------------------------------------- train_perceptron
def simulate(X, d, w, b, lr, epochs, strict=False, count_after=False):
    """Trusted Rosenblatt training with the wrong variants students write; also the smallest |w·x + b|."""
    w, b = np.array(w, dtype=float), float(b)
    errors, smallest = np.zeros(epochs, dtype=int), np.inf
    for epoch in range(epochs):
        for x, d_i in zip(np.asarray(X, dtype=float), d):
            a = np.dot(w, x) + b
            smallest = min(smallest, abs(a))
            y = 1 if (a > 0 if strict else a >= 0) else 0
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
    triple = type(got) in (tuple, list) and len(got) == 3
    check.true(triple, {
        "en": f"{what} should return a tuple (w, b, errors), but it returned {describe_type(got)}",
        "ko": f"{what} 는 튜플 (w, b, errors) 를 반환해야 하는데 {describe_type(got, 'ko')} 를 반환했습니다",
    }, soft=soft_type)
    if not triple:
        return
    w_ref, b_ref, errors_ref = ref.perceptron.train_perceptron(X, d, np.array(w, dtype=float), b, lr=lr, epochs=epochs)
    strict = simulate(X, d, w, b, lr, epochs, strict=True)
    after = simulate(X, d, w, b, lr, epochs, count_after=True)
    check.array(got[0], w_ref, f"w returned by {what}", soft=True, variants={"train_threshold": strict[0]})
    check.scalar(got[1], b_ref, f"b returned by {what}", soft=True, variants={"train_threshold": strict[1]})
    check.array(got[2], errors_ref, f"errors returned by {what}", kind="i", soft=True,
                variants=[("train_threshold", strict[2]), ("perceptron_errors_after_update", after[2])])


@points(2)
def test_train_perceptron_lecture_and_data(student, ref, check):
    """train_perceptron on the lecture's AND data from w = [0.1, 0.1], b = -0.22 (lr 0.05, 10 epochs)
    ko: 강의의 AND 데이터로 w = [0.1, 0.1], b = -0.22 에서 train_perceptron (lr 0.05, 10 에폭)"""
    check_training(student, ref, check, X_AND, D_AND, np.array([0.1, 0.1]), -0.22, 0.05, 10,
                   "train_perceptron(X, d, [0.1, 0.1], -0.22, lr=0.05, epochs=10) on AND")


@points(2)
def test_train_perceptron_from_zero_uses_greater_or_equal(student, ref, check):
    """train_perceptron on AND from w = [0, 0], b = 0 (lr 0.5, 6 epochs): a sum of exactly 0 predicts 1
    ko: w = [0, 0], b = 0 에서 AND 로 train_perceptron (lr 0.5, 6 에폭): 합이 정확히 0 이면 1 로 예측"""
    check_training(student, ref, check, X_AND, D_AND, np.array([0.0, 0.0]), 0.0, 0.5, 6,
                   "train_perceptron(X, d, [0, 0], 0, lr=0.5, epochs=6) on AND")


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
                      "train_perceptron(X, d, [0.1, 0.1], -0.22, lr=0.05, epochs=10) on AND", soft_type=True)
    check.unchanged(before, student.fetch(held), what, misconception="perceptron_w_not_copied", soft=True,
                    result_ok=result.ok)
