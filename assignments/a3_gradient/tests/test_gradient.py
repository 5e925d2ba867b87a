"""Public checks for gradient.py: run `pytest tests/` from the assignment folder.

Each test calls your code on a lecture example and compares with the literal value the lecture
gives, using the grader's checks (the `check` fixture of conftest.py).
"""
import numpy as np

from autograder.checker import words
from gradient import gradient_descent, numerical_diff, numerical_gradient


def sum_of_squares(x):
    return np.sum(x**2)


def test_numerical_diff_of_x_squared_at_3_is_6(check):
    """numerical_diff of x0² + 4² at 3 is 6
    ko: x0² + 4² 의 3 에서 numerical_diff 는 6"""
    got = numerical_diff(lambda x0: x0**2 + 4.0**2, 3.0)
    # the forward difference (f(x+h) - f(x)) / h gives 6 + h; an h too small for floats gives 0
    check.scalar(got, 6.0, {"en": "numerical_diff(f, 3.0) for f(x0) = x0**2 + 4.0**2",
                            "ko": "f(x0) = x0**2 + 4.0**2 일 때의 numerical_diff(f, 3.0)"}, rtol=1e-6, atol=1e-8,
                 variants=[("forward_difference", 6.0001), ("h_too_small", 0.0)])


def test_numerical_gradient_of_sum_of_squares_at_3_4_is_6_8(check):
    """numerical_gradient of x0² + x1² at (3, 4) is (6, 8)
    ko: x0² + x1² 의 (3, 4) 에서 numerical_gradient 는 (6, 8)"""
    grad = numerical_gradient(sum_of_squares, np.array([3.0, 4.0]))
    check.array(grad, [6.0, 8.0], {"en": "numerical_gradient(f, [3.0, 4.0]) for f(x) = np.sum(x**2)",
                                   "ko": "f(x) = np.sum(x**2) 일 때의 numerical_gradient(f, [3.0, 4.0])"},
                rtol=1e-6, atol=1e-6, kind=None,
                variants=[("forward_difference", [6.0001, 8.0001]), ("h_too_small", [0.0, 0.0])])


def test_numerical_gradient_keeps_the_shape_of_a_matrix(check):
    """numerical_gradient of np.sum(x**2) at a (2, 3) matrix x is 2x, of shape (2, 3)
    ko: (2, 3) 행렬 x 에서 np.sum(x**2) 의 numerical_gradient 는 shape (2, 3) 의 2x"""
    x = np.arange(6.0).reshape(2, 3)
    grad = numerical_gradient(sum_of_squares, x)
    check.array(grad, [[0.0, 2.0, 4.0], [6.0, 8.0, 10.0]], {
        "en": "numerical_gradient(f, x) for f(x) = np.sum(x**2) and x = np.arange(6.0).reshape(2, 3)",
        "ko": "f(x) = np.sum(x**2), x = np.arange(6.0).reshape(2, 3) 일 때의 numerical_gradient(f, x)",
    }, rtol=1e-6, atol=1e-6, kind=None)


def test_numerical_gradient_puts_x_back(check):
    """numerical_gradient leaves x as it found it
    ko: numerical_gradient 가 x 를 원래대로 돌려놓음"""
    x = np.array([3.0, 4.0])
    numerical_gradient(sum_of_squares, x)
    check.unchanged(np.array([3.0, 4.0]), x, "numerical_gradient(f, x)", misconception="numgrad_not_restored")


def test_gradient_descent_reproduces_lecture_lab_first_steps(check):
    """gradient_descent on (x - 3)² + 10 from 10 with lr 0.2: history 10, 7.2, 5.52, 4.512, 3.9072, then x = 3.54432
    ko: (x - 3)² + 10 에 10 에서 lr 0.2 로 gradient_descent: history 10, 7.2, 5.52, 4.512, 3.9072, x = 3.54432"""
    call = words("{call} for f(x) = (x - 3)**2 + 10", "f(x) = (x - 3)**2 + 10 일 때의 {call}",
                 call="gradient_descent(f, 10.0, lr=0.2, step_num=5)")
    x, history = gradient_descent(lambda x: (x - 3) ** 2 + 10, 10.0, lr=0.2, step_num=5)
    check.equal(np.shape(history), (5,), words("np.shape(history) for the history from {call}",
                                               "{call} 에서 반환된 history 의 np.shape(history)", call=call))
    check.array(history, [10.0, 7.2, 5.52, 4.512, 3.9072],
                words("history from {call}", "{call} 에서 반환된 history", call=call), rtol=1e-5, atol=1e-8, kind=None,
                variants={"gd_history_after_step": [7.2, 5.52, 4.512, 3.9072, 3.54432]})
    check.scalar(x, 3.54432, words("x from {call}", "{call} 에서 반환된 x", call=call), rtol=1e-5, atol=1e-8)
