"""Public checks for gradient.py: run `pytest tests/` from the assignment folder."""
import numpy as np

from gradient import gradient_descent, numerical_diff, numerical_gradient


def sum_of_squares(x):
    return np.sum(x**2)


def test_numerical_diff_of_x_squared_at_3_is_6():
    np.testing.assert_allclose(numerical_diff(lambda x0: x0**2 + 4.0**2, 3.0), 6.0, rtol=1e-6, atol=1e-8)


def test_numerical_gradient_of_sum_of_squares_at_3_4_is_6_8():
    grad = numerical_gradient(sum_of_squares, np.array([3.0, 4.0]))
    assert grad.shape == (2,), f"expected shape (2,), got {grad.shape}"
    np.testing.assert_allclose(grad, [6.0, 8.0], rtol=1e-6, atol=1e-6)


def test_numerical_gradient_keeps_the_shape_of_a_matrix():
    x = np.arange(6.0).reshape(2, 3)
    grad = numerical_gradient(sum_of_squares, x)
    assert grad.shape == (2, 3), f"expected shape (2, 3), got {grad.shape}"
    np.testing.assert_allclose(grad, 2 * x, rtol=1e-6, atol=1e-6)


def test_numerical_gradient_puts_x_back():
    x = np.array([3.0, 4.0])
    numerical_gradient(sum_of_squares, x)
    np.testing.assert_array_equal(x, [3.0, 4.0])


def test_gradient_descent_reproduces_lecture_lab_first_steps():
    x, history = gradient_descent(lambda x: (x - 3) ** 2 + 10, 10.0, lr=0.2, step_num=5)
    assert history.shape == (5,), f"expected history of shape (5,), got {history.shape}"
    np.testing.assert_allclose(history, [10.0, 7.2, 5.52, 4.512, 3.9072], rtol=1e-5, atol=1e-8)
    np.testing.assert_allclose(x, 3.54432, rtol=1e-5, atol=1e-8)
