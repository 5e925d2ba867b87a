"""a3_gradient, gradient.py: numerical_diff, numerical_gradient, gradient_descent."""
import numpy as np
import pytest

from autograder.checker import describe_type, words
from autograder.proxy import Named

points, hidden = pytest.mark.points, pytest.mark.visibility("hidden")

# Central differences of smooth functions agree to ~1e-11 whatever the order of the arithmetic;
# the forward difference is off by about h*f''/2, far outside these tolerances.
TIGHT = dict(rtol=1e-7, atol=1e-9)


# ---------------------------------------------------------------- trusted wrong variants
# Only those no declared mistake reproduces (each mistake in mistakes.py with an edit is named by the
# behaviour diagnosis): the declared forward_difference and h_too_small edit numerical_diff's
# central difference and numerical_gradient's h = 1e-4 into 1e-50, so a tiny h in numerical_diff,
# an h of 1e-10, and a one-sided difference in numerical_gradient are named here.
def diff_tiny_h(f, x):
    return (f(x + 1e-50) - f(x - 1e-50)) / 2e-50


def numgrad(f, x, h, forward=False):
    """The course's numerical gradient with step ``h``, central or forward, on a copy of ``x``."""
    x, grad = x.copy(), np.zeros(x.shape, dtype=float)
    for idx in np.ndindex(x.shape):
        tmp = x[idx]
        x[idx] = tmp + h
        f1 = f(x)
        x[idx] = tmp if forward else tmp - h
        f2 = f(x)
        grad[idx] = (f1 - f2) / (h if forward else 2 * h)
        x[idx] = tmp
    return grad


def numgrad_variants(f, x):
    return [("forward_difference", numgrad(f, x, 1e-4, forward=True)), ("h_too_small", numgrad(f, x, 1e-10))]


# ---------------------------------------------------------------- numerical_diff
@points(2)
def test_numerical_diff_lecture_values(student, ref, check):
    """numerical_diff is the central difference: 0.2 and 0.3 for 0.01x² + 0.1x at 5 and 10, 6 for x² at 3
    ko: numerical_diff 는 중심 차분: 0.01x² + 0.1x 의 5, 10 에서 0.2, 0.3, x² 의 3 에서 6"""
    for name, formula, x in (("function_1", "0.01*x**2 + 0.1*x", 5.0), ("function_1", "0.01*x**2 + 0.1*x", 10.0),
                             ("function_2", "x**2", 3.0)):
        f = Named(name)
        with check.attempt():
            got = student.gradient.numerical_diff(f, x)
            check.scalar(got, ref.gradient.numerical_diff(f, x), words("numerical_diff(f, {x}) for f(x) = {formula}", "f(x) = {formula} 에 대한 numerical_diff(f, {x})", x=x, formula=formula),
                         **TIGHT, variants={"h_too_small": diff_tiny_h(f, x)}, soft=True)


@points(2)
@hidden
def test_numerical_diff_on_random_points_and_steps(student, ref, check, rng):
    """numerical_diff at random points, with the default h and with a given h
    ko: 무작위 점에서 기본 h 와 주어진 h 로 numerical_diff"""
    # |x| in [0.5, 1.2]: sin(x) is far from 0, so the forward difference is visibly off.
    cases = [("sin_sum", None), ("function_1", 1e-3), ("sin_sum", 1e-2)]
    for n, (name, h) in enumerate(cases, 1):
        f, x = Named(name), float(rng.choice([-1, 1]) * rng.uniform(0.5, 1.2))
        kwargs = {} if h is None else {"h": h}
        variants = {"h_too_small": diff_tiny_h(f, x)} if h is None else None
        call = "numerical_diff(f, x)" if h is None else "numerical_diff(f, x, h)"
        what = words("{call} in case {n}", "{n}번째 경우의 {call}", call=call, n=n)
        with check.attempt():  # a numerical_diff without the h argument still earns the default-h case
            got = student.gradient.numerical_diff(f, x, **kwargs)
            check.scalar(got, ref.gradient.numerical_diff(f, x, **kwargs), what, **TIGHT, variants=variants, soft=True)


# ---------------------------------------------------------------- numerical_gradient
@points(2)
def test_numerical_gradient_lecture_values(student, check):
    """numerical_gradient of x0² + x1² is (6, 8) at (3, 4) and (0, 4) at (0, 2)
    ko: x0² + x1² 의 numerical_gradient 가 (3, 4) 에서 (6, 8), (0, 2) 에서 (0, 4)"""
    f = Named("function_2")
    for point, expected in (((3.0, 4.0), [6.0, 8.0]), ((0.0, 2.0), [0.0, 4.0])):
        x = np.array(point)
        with check.attempt():
            got = student.gradient.numerical_gradient(f, x)
            check.array(got, expected,
                        words("numerical_gradient(f, np.array([{a}, {b}])) for f = x0**2 + x1**2",
                              "f = x0**2 + x1**2 에 대한 numerical_gradient(f, np.array([{a}, {b}]))", a=point[0], b=point[1]),
                        **TIGHT, variants=numgrad_variants(f, x), soft=True)


@points(2)
@hidden
def test_numerical_gradient_of_a_matrix(student, ref, check, rng):
    """numerical_gradient of a function of a 2-D array
    ko: 2차원 배열 함수의 numerical_gradient"""
    f = Named("sin_sum")
    x = rng.choice([-1.0, 1.0], size=(3, 4)) * rng.uniform(0.3, 2.8, size=(3, 4))
    with check.attempt():
        got = student.gradient.numerical_gradient(f, x.copy())
        check.array(got, ref.gradient.numerical_gradient(f, x.copy()), {"en": "numerical_gradient(f, x) for a 2-D x", "ko": "2차원 x 에 대한 numerical_gradient(f, x)"}, **TIGHT,
                    variants=numgrad_variants(f, x), soft=True)
    # f is called with x in its own shape: a function of a matrix reads its rows
    g = Named("first_row")
    with check.attempt():
        got = student.gradient.numerical_gradient(g, x.copy())
        check.array(got, ref.gradient.numerical_gradient(g, x.copy()),
                    {"en": "numerical_gradient(f, x) for a 2-D x and an f that reads x's first row x[0]",
                     "ko": "2차원 x 와 x 의 첫 행 x[0] 을 읽는 f 에 대한 numerical_gradient(f, x)"}, **TIGHT,
                    variants=numgrad_variants(g, x), soft=True)
    # the contract: an int x is first copied to a float array (an int array cannot hold x ± h)
    x_int = rng.integers(-3, 4, size=(3, 4))
    with check.attempt():
        got = student.gradient.numerical_gradient(f, x_int.copy())
        check.array(got, ref.gradient.numerical_gradient(f, x_int.copy()),
                    {"en": "numerical_gradient(f, x) for a 2-D x of integers", "ko": "정수로 된 2차원 x 에 대한 numerical_gradient(f, x)"}, **TIGHT,
                    variants=numgrad_variants(f, x_int.astype(float)), soft=True)


@points(2)
@hidden
def test_numerical_gradient_of_a_3d_array(student, ref, check, rng):
    """numerical_gradient of a non-separable function of a 3-D array
    ko: 3차원 배열의 분리되지 않는 함수에 대한 numerical_gradient"""
    f = Named("cubic_mix")
    x = rng.choice([-1.0, 1.0], size=(2, 3, 2)) * rng.uniform(0.3, 2.0, size=(2, 3, 2))
    got = student.gradient.numerical_gradient(f, x.copy())
    check.array(got, ref.gradient.numerical_gradient(f, x.copy()), {"en": "numerical_gradient(f, x) for a 3-D x", "ko": "3차원 x 에 대한 numerical_gradient(f, x)"}, **TIGHT,
                variants=numgrad_variants(f, x))


@points(2)
@hidden
def test_numerical_gradient_restores_x(student, ref, check, rng):
    """numerical_gradient leaves every element of x exactly as it was
    ko: numerical_gradient 가 끝나면 x 의 모든 원소가 정확히 원래 값"""
    f, x = Named("cubic_mix"), rng.normal(size=(3, 2))
    before = x.copy()  # the grader's own copy, made before the call
    held = student.hold(x)
    got = student.gradient.numerical_gradient(f, held)
    after = student.fetch(held)
    with check.result() as result:  # no credit for leaving x alone without computing the gradient
        check.array(got, ref.gradient.numerical_gradient(f, x.copy()), "numerical_gradient(f, x)", **TIGHT,
                    variants=numgrad_variants(f, x), soft=True)
    same_shape = type(after) is np.ndarray and after.shape == before.shape
    # off only by rounding: x put back by arithmetic (x[idx] += h, -= 2*h, += h), not by the saved value
    rounded = same_shape and after.dtype.kind == "f" and bool(np.allclose(after, before, rtol=1e-12, atol=1e-15))
    check.true(same_shape and np.array_equal(after, before), {
        "en": "numerical_gradient(f, x) left x changed: when it returns, every element must hold its original value",
        "ko": "numerical_gradient(f, x) 가 x 를 바꾼 채로 끝났습니다: 반환할 때 모든 원소가 원래 값이어야 합니다",
    }, misconception="numgrad_restored_by_arithmetic" if rounded else None, soft=True, result_ok=result.ok,
        what="numerical_gradient(f, x)")


# ---------------------------------------------------------------- gradient_descent
def x_of(what):
    return words("x from {call}", "{call} 에서 반환된 x", call=what)


def history_of(what):
    return words("history from {call}", "{call} 에서 반환된 history", call=what)


def descent_result(check, got, what):
    check.tuple_of(got, 2, what, names="(x, history)")
    return got


@points(2)
def test_gradient_descent_lecture_lab(student, check):
    """gradient_descent on (x - 3)² + 10 from 10 with lr 0.2: history 10, 7.2, 5.52, 4.512, 3.9072, then x = 3.54432
    ko: (x - 3)² + 10 에 10 에서 lr 0.2 로 gradient_descent: history 10, 7.2, 5.52, 4.512, 3.9072, x = 3.54432"""
    f = Named("lecture_quadratic")
    what = words("{call} for f(x) = (x - 3)**2 + 10", "f(x) = (x - 3)**2 + 10 에 대한 {call}",
                 call="gradient_descent(f, 10.0, lr=0.2, step_num=5)")
    x, history = descent_result(check, student.gradient.gradient_descent(f, 10.0, lr=0.2, step_num=5), what)
    check.array(history, [10.0, 7.2, 5.52, 4.512, 3.9072], history_of(what), soft=True)
    check.scalar(x, 3.54432, x_of(what), soft=True)


@points(1)
def test_gradient_descent_lecture_lab_converges(student, check):
    """gradient_descent on (x - 3)² + 10 from 10 with lr 0.2 reaches 3.0 in 100 steps, history of shape (100,)
    ko: (x - 3)² + 10 에 10 에서 lr 0.2 로 100 단계 후 3.0, history 의 shape 은 (100,)"""
    f = Named("lecture_quadratic")
    what = words("{call} for f(x) = (x - 3)**2 + 10", "f(x) = (x - 3)**2 + 10 에 대한 {call}",
                 call="gradient_descent(f, 10.0, lr=0.2, step_num=100)")
    x, history = descent_result(check, student.gradient.gradient_descent(f, 10.0, lr=0.2, step_num=100), what)
    check.scalar(x, 3.0, x_of(what), soft=True)
    shape = history.shape if type(history) is np.ndarray else None
    check.true(shape == (100,), {
        "en": f"history from {what['en']} should be an array of shape (100,), but it is "
              f"{f'of shape {shape}' if shape is not None else describe_type(history)}",
        "ko": f"{what['ko']} 의 history 는 shape (100,) 배열이어야 하는데 "
              f"{f'shape 이 {shape}' if shape is not None else describe_type(history, 'ko')}입니다",
    }, soft=True)


@points(2)
@hidden
def test_gradient_descent_on_a_matrix(student, ref, check, rng):
    """gradient_descent from a random 2-D starting point: final x, history, and init_x left unchanged
    ko: 무작위 2차원 시작점에서 gradient_descent: 최종 x, history, init_x 불변"""
    f = Named("lecture_quadratic")
    init = rng.uniform(-5, 5, size=(2, 3))
    before = init.copy()  # the grader's own copy, made before the call
    lr, steps = float(rng.choice([0.05, 0.1, 0.3])), 8
    held = student.hold(init)
    what = {"en": "gradient_descent(f, init_x, lr, step_num) for a 2-D init_x",
            "ko": "2차원 init_x 에 대한 gradient_descent(f, init_x, lr, step_num)"}
    x, history = descent_result(check, student.gradient.gradient_descent(f, held, lr=lr, step_num=steps), what)
    x_ref, history_ref = ref.gradient.gradient_descent(f, init.copy(), lr=lr, step_num=steps)
    x_ok = check.array(x, x_ref, x_of(what), soft=True)
    history_ok = check.array(history, history_ref, history_of(what), soft=True)
    # init_x left alone earns its third only with a right descent (doing nothing leaves it alone too)
    check.unchanged(before, student.fetch(held), what, soft=True, result_ok=x_ok and history_ok)
