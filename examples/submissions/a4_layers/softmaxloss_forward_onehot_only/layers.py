"""Layers with forward and backward passes: Mul, Add, Relu, Sigmoid, Affine, SoftmaxWithLoss (a4_layers)."""
import numpy as np

from functions import CEE, softmax


class MulLayer:
    """Multiplication node ``out = x * y`` (scalars or arrays that broadcast together)."""

    def __init__(self):
        self.x = None
        self.y = None

    def forward(self, x, y):
        """Return ``x * y`` and remember ``x`` and ``y`` for backward. Mutates nothing."""
        # Hint: store both inputs on self (backward needs them swapped), then return the product.
        self.x = x
        self.y = y
        out = x * y
        return out

    def backward(self, dout):
        """Return ``(dx, dy) = (dout * y, dout * x)`` using the inputs of the last forward.

        Mutates nothing.
        """
        # Hint: dx takes the *other* input y, dy takes x.
        dx = dout * self.y
        dy = dout * self.x
        return dx, dy


class AddLayer:
    """Addition node ``out = x + y`` (scalars or arrays that broadcast together)."""

    def __init__(self):
        pass

    def forward(self, x, y):
        """Return ``x + y``. Stores nothing, mutates nothing."""
        # Hint: nothing to remember; just add.
        out = x + y
        return out

    def backward(self, dout):
        """Return ``(dx, dy) = (dout * 1, dout * 1)``. Mutates nothing."""
        # Hint: both local derivatives are 1.
        dx = dout * 1
        dy = dout * 1
        return dx, dy


class Relu:
    """ReLU activation layer, elementwise on arrays of any shape."""

    def __init__(self):
        self.mask = None

    def forward(self, x):
        """Return ``max(0, x)`` elementwise; remember ``self.mask = (x <= 0)``.

        x: array of any shape. Returns a new array of the same shape and dtype. Mutates nothing.
        """
        # Hint: build the mask with x <= 0, then zero those entries in a copy of x.
        x = np.asarray(x)
        self.mask = (x <= 0)
        out = x.copy()
        out[self.mask] = 0
        return out

    def backward(self, dout):
        """Return ``dout`` with the entries where the forward input was ``<= 0`` set to 0.

        dout: array of the forward input's shape. Returns a new array. Mutates nothing.
        """
        # Hint: copy dout first (np.copy), then zero the entries under self.mask.
        dx = np.copy(dout)
        dx[self.mask] = 0
        return dx


class Sigmoid:
    """Sigmoid activation layer, elementwise on arrays of any shape."""

    def __init__(self):
        self.out = None

    def forward(self, x):
        """Return ``1 / (1 + exp(-x))`` elementwise and store it as ``self.out``.

        x: scalar or array of any shape. Returns a float array of the same shape. Mutates nothing.
        """
        # Hint: compute the sigmoid, keep it in self.out, return it.
        # exp(-x) overflows to inf for x < -709; 1 / (1 + inf) = 0 is the right limit, so no warning.
        with np.errstate(over="ignore"):
            out = 1 / (1 + np.exp(-np.asarray(x, dtype=float)))
        self.out = out
        return out

    def backward(self, dout):
        """Return ``dout * out * (1 - out)`` with ``out`` from the last forward. Mutates nothing."""
        # Hint: the local derivative is out * (1 - out).
        dx = dout * (1.0 - self.out) * self.out
        return dx


class Affine:
    """Fully connected layer ``out = x_flat @ W + b``.

    W: array (D, M); b: array (M,). The layer keeps references to ``W`` and ``b`` (no copies),
    so in-place updates of them by the caller are seen by the next forward.
    """

    def __init__(self, W, b):
        self.W = W
        self.b = b
        self.x = None
        self.original_x_shape = None
        self.dW = None
        self.db = None

    def forward(self, x):
        """Return ``x.reshape(N, D) @ W + b`` of shape (N, M).

        x: array (N, ...) whose trailing axes hold D = W.shape[0] numbers per sample (pass a single
        sample as shape (1, D)). Stores the flattened x and x's shape. Mutates nothing.
        Raises ValueError if the flattened width is not W.shape[0].
        """
        # Hint: remember x.shape, flatten with x.reshape(x.shape[0], -1), keep it, then x @ W + b.
        x = np.asarray(x)
        self.original_x_shape = x.shape
        x = x.reshape(x.shape[0], -1)
        self.x = x
        out = np.dot(self.x, self.W) + self.b
        return out

    def backward(self, dout):
        """Return ``dx = dout @ W.T`` in the forward input's original shape.

        dout: array (N, M). Sets ``self.dW = x.T @ dout`` (D, M) and ``self.db = dout.sum(axis=0)``
        (M,). Mutates nothing else.
        """
        # Hint: three matrix formulas, then reshape dx to self.original_x_shape.
        dx = np.dot(dout, self.W.T)
        self.dW = np.dot(self.x.T, dout)
        self.db = np.sum(dout, axis=0)
        dx = dx.reshape(self.original_x_shape)
        return dx


class SoftmaxWithLoss:
    """Softmax followed by cross-entropy error, for one-hot or integer-label targets."""

    def __init__(self):
        self.loss = None
        self.y = None
        self.t = None

    def forward(self, x, t):
        """Return ``CEE(softmax(x), t)`` (a float) and store ``y = softmax(x)`` and ``t``.

        x: scores (N, C) or (C,) for a batch of one; t: one-hot of x's shape or integer labels
        (N,) (a scalar label for 1-D x). Mutates nothing.
        """
        # Hint: y = softmax(x); loss = CEE(y, t); keep t, y and loss on self.
        self.t = np.asarray(t)
        self.y = softmax(x)
        self.loss = -np.sum(self.t * np.log(self.y + 1e-7)) / self.y.reshape(-1, self.y.shape[-1]).shape[0]
        return self.loss

    def backward(self, dout=1):
        """Return ``dout * (y - t) / batch_size`` in the shape of the forward scores.

        Label-index t: 1 is subtracted at each label position of a copy of y. Mutates nothing
        (``self.y`` stays the softmax output, so backward may be called again).
        """
        # Hint: one-hot if t.size == y.size; otherwise copy y and subtract 1 at [arange(N), t].
        y = self.y.reshape(-1, self.y.shape[-1])
        batch_size = y.shape[0]
        if self.t.size == self.y.size:
            dx = y - self.t.reshape(y.shape)
        else:
            dx = y.copy()
            dx[np.arange(batch_size), self.t.reshape(-1)] -= 1
        dx = dout * dx / batch_size
        return dx.reshape(self.y.shape)
