"""Functions the a3 grader hands to student code by name (``Named("function_2")``).

Loaded by the grader and by the worker's zygote (``autograder.worker.testfuncs``); only the name
crosses the boundary. Keep every function pure and cheap.
"""
import numpy as np


def function_1(x):
    """The lecture's 1-D example ``0.01*x**2 + 0.1*x``."""
    return 0.01 * x**2 + 0.1 * x


def function_2(x):
    """``x0**2 + x1**2`` (sum of squares for any shape)."""
    return np.sum(x**2)


def lecture_quadratic(x):
    """The gradient-descent lab: ``(x - 3)**2 + 10``, summed so that it is a scalar."""
    return np.sum((x - 3) ** 2 + 10)


def cubic_mix(x):
    """A non-separable test function ``sum(x**3) + x[0]*x[-1]`` (flattened)."""
    flat = x.reshape(-1)
    return np.sum(x**3) + flat[0] * flat[-1]


def sin_sum(x):
    """``sum(sin(x))``: a smooth function whose gradient is ``cos(x)``."""
    return np.sum(np.sin(x))


def first_row(x):
    """``sum(x**2) + sum(x[0])``: it reads x in its own shape (x[0] is a row of a matrix, one
    number of a flattened copy), as a network's loss reads its weight matrices."""
    return np.sum(x**2) + np.sum(x[0])


FUNCTIONS = {f.__name__: f for f in (function_1, function_2, lecture_quadratic, cubic_mix, sin_sum, first_row)}
