"""Numerical differentiation and gradient descent (a3_gradient).

Every ``f`` here is an ordinary Python callable ``f(x) -> float``.
"""
import numpy as np


def numerical_diff(f, x, h=1e-4):
    """Central difference ``(f(x + h) - f(x - h)) / (2 * h)``.

    f: callable of one number returning a float; x: a number. Returns a float. Mutates nothing.
    """
    # Hint: evaluate f a step h to the right and to the left of x, and divide by the distance 2h.
    return (f(x + h) - f(x - h)) / (2 * h)


def numerical_gradient(f, x):
    """Gradient of ``f`` at ``x`` by central differences (``h = 1e-4``), element by element.

    f: callable ``f(x) -> float``; x: float array of any shape. Each element of ``x`` is moved
    in place to ``x ± h`` while ``f`` is evaluated and then restored exactly, so on return ``x``
    holds its original values. A non-float ``x`` (int array, list, scalar) is first copied to a
    float array, and ``f`` is called with that copy. Returns a float array of x's shape.
    Raises ValueError if ``x`` is a read-only array.
    """
    h = 1e-4
    if not (isinstance(x, np.ndarray) and np.issubdtype(x.dtype, np.floating)):
        x = np.array(x, dtype=float)  # an int array cannot hold x ± h
    grad = np.zeros(x.shape, dtype=float)
    # Hint: for each index, evaluate f at x[idx] + h and x[idx] - h, then put the saved value back.
    for idx in np.ndindex(x.shape):
        tmp_val = x[idx]
        x[idx] += h
        fxh1 = f(x)
        x[idx] -= 2 * h
        fxh2 = f(x)
        grad[idx] = (fxh1 - fxh2) / (2 * h)
        x[idx] += h
    return grad


def gradient_descent(f, init_x, lr=0.01, step_num=100):
    """Gradient descent: ``x -= lr * numerical_gradient(f, x)``, ``step_num`` times.

    f: callable ``f(x) -> float``; init_x: scalar or array of any shape (not modified; the
    descent runs on a float copy). Returns ``(x, history)``: the final float array ``x`` of
    init_x's shape, and ``history``, a float array of shape ``(step_num, *x.shape)`` whose row
    ``i`` is ``x`` before step ``i``.
    """
    x = np.array(init_x, dtype=float)
    history = np.zeros((step_num, *x.shape))
    # Hint: in each step, save x into history first, then move x against its numerical gradient.
    for i in range(step_num):
        history[i] = x
        x -= lr * numerical_gradient(f, x)
    return x, history
