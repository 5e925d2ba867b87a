"""Named functions the grader may hand to student code (``numerical_gradient(f, x)`` and friends).

Both sides import this module; only the name crosses the boundary (``{"$": "fn", "name": ...}``).
Keep every function pure and cheap.
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


FUNCTIONS = {f.__name__: f for f in (function_1, function_2, lecture_quadratic, cubic_mix, sin_sum)}


class FixedStepSGD:
    """A stateless optimizer stand-in for ``train(..., optimizer=...)``: ``update(params, grads)``
    does ``params[key] -= lr * grads[key]`` in place, with its own ``lr`` (not ``learning_rate``).

    An object, not a function: ``Named("sgd_step_0_05")`` sends its name, and the worker hands
    student code this module's instance. Calling it is not meant (it returns its argument).
    """

    def __init__(self, name, lr):
        self.__name__, self.lr = name, lr

    def update(self, params, grads):
        for key in params:
            params[key] -= self.lr * grads[key]

    def __call__(self, x):
        return x


sgd_step_0_05 = FixedStepSGD("sgd_step_0_05", 0.05)
FUNCTIONS[sgd_step_0_05.__name__] = sgd_step_0_05


def gate_one(x1, x2):
    """A two-input "gate" that always outputs 1: patched over a student's gate to see that XOR calls it."""
    return 1


FUNCTIONS[gate_one.__name__] = gate_one
