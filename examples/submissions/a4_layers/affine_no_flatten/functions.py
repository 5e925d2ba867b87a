"""Activation functions and loss functions of the course (a2_functions).

Losses follow the book's argument order ``f(y, t)``: ``y`` is the network output, ``t`` the target.
"""
import numpy as np


def step(x):
    """Step function ``x > 0`` as integers, elementwise.

    x: scalar or array of any shape. Returns an int array of x's shape (a 0-d int for a scalar).
    Mutates nothing.
    """
    # Hint: an elementwise comparison gives booleans; convert them with astype(int).
    return (np.asarray(x) > 0).astype(int)


def sigmoid(x):
    """Sigmoid ``1 / (1 + exp(-x))``, elementwise, without overflow for large ``|x|``.

    x: scalar or array of any shape. Returns floats of x's shape. Mutates nothing.
    """
    # Hint: 1 / (1 + e^-x) = exp(-log(1 + e^-x)), and np.logaddexp computes log(e^a + e^b) safely.
    return np.exp(-np.logaddexp(0, -np.asarray(x, dtype=float)))


def relu(x):
    """ReLU ``max(0, x)``, elementwise.

    x: scalar or array of any shape. Returns an array of x's shape. Mutates nothing.
    """
    # Hint: numpy has an elementwise maximum of two arrays (or an array and a number).
    return np.maximum(0, x)


def leaky_relu(x, alpha=0.1):
    """Leaky ReLU ``x if x > 0 else alpha * x``, elementwise.

    x: scalar or array of any shape. Returns floats of x's shape. Mutates nothing.
    """
    # Hint: choose between x and alpha * x elementwise with a condition on x > 0.
    x = np.asarray(x, dtype=float)
    return np.where(x > 0, x, alpha * x)


def identity_function(x):
    """Identity ``h(x) = x``: returns ``x`` itself. Mutates nothing."""
    # Hint: there is nothing to compute.
    return x


def softmax(x):
    """Softmax ``exp(x_k) / sum_i exp(x_i)``, numerically stable.

    x: 1-D array (one sample) or 2-D batch (N, C), applied row-wise. Returns floats of x's shape;
    each row sums to 1. Mutates nothing.
    """
    # Hint: subtract the max along the last axis before np.exp, then divide by the sum along it.
    x = np.asarray(x, dtype=float)
    x = x - np.max(x, axis=-1, keepdims=True)  # exp of a shifted x cannot overflow
    exp_x = np.exp(x)
    return exp_x / np.sum(exp_x, axis=-1, keepdims=True)


def MSE(y, t):
    """Mean squared error of the course: ``0.5 * sum((y - t)**2)``.

    y, t: same shape; scalar, 1-D (one sample) or 2-D batch (N, D). For a 2-D batch the sum is
    divided by N. Returns a float. Mutates nothing.
    """
    # Hint: half the sum of squared differences; divide by the number of rows only for a 2-D batch.
    y = np.asarray(y, dtype=float)
    t = np.asarray(t, dtype=float)
    batch_size = y.shape[0] if y.ndim == 2 else 1
    return 0.5 * np.sum((y - t) ** 2) / batch_size


def SSE(y, t):
    """Sum of squared errors ``sum((y - t)**2)`` over all elements.

    y, t: same shape (scalar or array). Returns a float. Mutates nothing.
    """
    # Hint: square the differences and add them all up.
    y = np.asarray(y, dtype=float)
    t = np.asarray(t, dtype=float)
    return np.sum((y - t) ** 2)


def RMSE(y, t):
    """Root mean squared error ``sqrt(mean((y - t)**2))`` over all elements.

    y, t: same shape (scalar or array). Returns a float. Mutates nothing.
    """
    # Hint: the square root of the mean of the squared differences.
    y = np.asarray(y, dtype=float)
    t = np.asarray(t, dtype=float)
    return np.sqrt(np.mean((y - t) ** 2))


def CEE(y, t):
    """Cross-entropy error ``-sum(t * log(y + 1e-7)) / batch_size``.

    y: 1-D probabilities (a batch of one) or 2-D batch (N, C). t: one-hot of y's shape, or integer
    class indices of shape (N,) (a single int for 1-D y). Returns a float. Mutates nothing.
    Raises IndexError for a class index outside ``range(C)``.
    """
    y = np.asarray(y, dtype=float)
    t = np.asarray(t)
    if y.ndim == 1:
        y = y.reshape(1, y.size)
    batch_size = y.shape[0]
    # Hint: one-hot t has as many elements as y; with indices, pick y[n, t[n]] for every row n.
    if t.size == y.size:
        t = t.reshape(y.shape)
        return -np.sum(t * np.log(y + 1e-7)) / batch_size  # 1e-7 keeps log away from log(0)
    t = t.reshape(batch_size)
    return -np.sum(np.log(y[np.arange(batch_size), t] + 1e-7)) / batch_size


def BCE(y, t):
    """Binary cross-entropy ``-mean(t*log(y + 1e-7) + (1 - t)*log(1 - y + 1e-7))``.

    y: probabilities in [0, 1], scalar or array; t: 0/1 targets of y's shape. Returns a float.
    Mutates nothing.
    """
    # Hint: the lecture's formula term by term, with 1e-7 inside each log, averaged with np.mean.
    y = np.asarray(y, dtype=float)
    t = np.asarray(t, dtype=float)
    return -np.mean(t * np.log(y + 1e-7) + (1 - t) * np.log(1 - y + 1e-7))
