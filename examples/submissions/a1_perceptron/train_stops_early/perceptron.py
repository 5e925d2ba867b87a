"""Perceptrons: logic gates, a general perceptron, and Rosenblatt training (a1_perceptron)."""
import numpy as np


def AND(x1, x2):
    """AND gate as one perceptron: ``1 if w1*x1 + w2*x2 + b > 0 else 0``.

    x1, x2: 0 or 1. Returns an ``int`` (0 or 1). Mutates nothing.
    """
    # Hint: pick (w1, w2, b) so that only x1 = x2 = 1 pushes the weighted sum above 0.
    x = np.array([x1, x2])
    w = np.array([0.5, 0.5])
    b = -0.7
    tmp = np.sum(w * x) + b
    return 1 if tmp > 0 else 0


def NAND(x1, x2):
    """NAND gate as one perceptron: ``1 if w1*x1 + w2*x2 + b > 0 else 0``.

    x1, x2: 0 or 1. Returns an ``int`` (0 or 1). Mutates nothing.
    """
    # Hint: NAND is AND with the sign of every weight and of the bias flipped.
    x = np.array([x1, x2])
    w = np.array([-0.5, -0.5])
    b = 0.7
    tmp = np.sum(w * x) + b
    return 1 if tmp > 0 else 0


def OR(x1, x2):
    """OR gate as one perceptron: ``1 if w1*x1 + w2*x2 + b > 0 else 0``.

    x1, x2: 0 or 1. Returns an ``int`` (0 or 1). Mutates nothing.
    """
    # Hint: same weights as AND, but a bias small enough that one active input is already enough.
    x = np.array([x1, x2])
    w = np.array([0.5, 0.5])
    b = -0.3
    tmp = np.sum(w * x) + b
    return 1 if tmp > 0 else 0


def XOR(x1, x2):
    """XOR gate from two layers of perceptrons: ``AND(NAND(x1, x2), OR(x1, x2))``.

    x1, x2: 0 or 1. Returns an ``int`` (0 or 1). Mutates nothing.
    """
    # Hint: feed the outputs of the first layer (NAND and OR) into the second layer (AND).
    s1 = NAND(x1, x2)
    s2 = OR(x1, x2)
    return AND(s1, s2)


def perceptron(x, w, b):
    """General perceptron: ``1 if np.dot(w, x) + b > 0 else 0``.

    x, w: 1-D arrays of the same length; b: a number. Returns an ``int`` (0 or 1).
    Mutates nothing.
    """
    # Hint: weighted sum with np.dot, add the bias, then compare with 0 (strictly greater).
    a = np.dot(w, x) + b
    return 1 if a > 0 else 0


def train_perceptron(X, d, w, b, lr=0.05, epochs=10):
    """Train a perceptron with Rosenblatt's rule, one sample at a time, in order.

    For each sample: ``y = 1 if w·x + b >= 0 else 0``; ``w += lr*(d_i - y)*x``;
    ``b += lr*(d_i - y)``.

    X: 2-D array (N, D) of samples; d: (N,) desired outputs 0/1; w: (D,) initial weights;
    b: initial bias. Returns ``(w, b, errors)``: the trained float array ``w`` of shape (D,),
    the float ``b``, and ``errors``, an int array of shape (epochs,) where ``errors[e]`` is the
    number of misclassified samples seen during epoch ``e``. Does not modify X, d or the
    caller's ``w``.
    """
    w = np.array(w, dtype=float)
    b = float(b)
    errors = np.zeros(epochs, dtype=int)
    # Hint: for each epoch and each sample, predict with ">= 0", then move w and b by lr*(d - y).
    for epoch in range(epochs):
        for x, d_i in zip(np.asarray(X, dtype=float), d):
            y = 1 if np.dot(w, x) + b >= 0 else 0
            if y != d_i:
                errors[epoch] += 1
            w += lr * (d_i - y) * x
            b += lr * (d_i - y)
        if errors[epoch] == 0:
            return w, b, errors[:epoch + 1]
    return w, b, errors
