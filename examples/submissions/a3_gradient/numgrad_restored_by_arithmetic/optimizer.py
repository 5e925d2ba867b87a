"""Optimizers with a common ``update(params, grads)`` over dicts of arrays (a3_gradient).

``update`` modifies the arrays of ``params`` in place and never modifies ``grads``.
"""
import numpy as np


class SGD:
    """Stochastic gradient descent: ``p -= lr * g`` for every key."""

    def __init__(self, lr=0.01):
        self.lr = lr

    def update(self, params, grads):
        """Update every array of ``params`` in place from ``grads`` (same keys). Returns None."""
        # Hint: for every key, subtract lr times the gradient from the parameter, in place (-=).
        for key in params.keys():
            params[key] -= self.lr * grads[key]


class Momentum:
    """Momentum SGD: ``v = momentum*v - lr*g``; ``p += v``. ``v`` is created on the first update."""

    def __init__(self, lr=0.01, momentum=0.9):
        self.lr = lr
        self.momentum = momentum
        self.v = None

    def update(self, params, grads):
        """Update every array of ``params`` in place from ``grads`` (same keys). Returns None."""
        if self.v is None:
            self.v = {key: np.zeros_like(val, dtype=float) for key, val in params.items()}
        # Hint: decay the velocity by momentum, subtract lr*g from it, then add it to the parameter.
        for key in params.keys():
            self.v[key] = self.momentum * self.v[key] - self.lr * grads[key]
            params[key] += self.v[key]


class AdaGrad:
    """AdaGrad: ``h += g*g``; ``p -= lr * g / (sqrt(h) + 1e-7)``. ``h`` is created on the first update."""

    def __init__(self, lr=0.01):
        self.lr = lr
        self.h = None

    def update(self, params, grads):
        """Update every array of ``params`` in place from ``grads`` (same keys). Returns None."""
        if self.h is None:
            self.h = {key: np.zeros_like(val, dtype=float) for key, val in params.items()}
        # Hint: accumulate the squared gradient in h, then divide the step by sqrt(h) (plus 1e-7).
        for key in params.keys():
            self.h[key] += grads[key] * grads[key]
            params[key] -= self.lr * grads[key] / (np.sqrt(self.h[key]) + 1e-7)  # 1e-7: no 0-division


class RMSprop:
    """RMSprop: ``h = d*h + (1-d)*g*g``; ``p -= lr * g / (sqrt(h) + 1e-7)``.

    ``d`` is ``decay_rate``; ``h`` is created on the first update.
    """

    def __init__(self, lr=0.01, decay_rate=0.99):
        self.lr = lr
        self.decay_rate = decay_rate
        self.h = None

    def update(self, params, grads):
        """Update every array of ``params`` in place from ``grads`` (same keys). Returns None."""
        if self.h is None:
            self.h = {key: np.zeros_like(val, dtype=float) for key, val in params.items()}
        # Hint: h becomes a moving average of g*g (weights decay_rate and 1 - decay_rate), then as AdaGrad.
        for key in params.keys():
            self.h[key] *= self.decay_rate
            self.h[key] += (1 - self.decay_rate) * grads[key] * grads[key]
            params[key] -= self.lr * grads[key] / (np.sqrt(self.h[key]) + 1e-7)  # 1e-7: no 0-division


class Adam:
    """Adam with bias correction (the course's formula).

    ``t += 1``; ``m += (1-beta1)*(g - m)``; ``v += (1-beta2)*(g*g - v)``;
    ``p -= lr * sqrt(1 - beta2**t) / (1 - beta1**t) * m / (sqrt(v) + 1e-7)``.
    The counter ``iter`` (t) starts at 0; ``m`` and ``v`` are created on the first update.
    """

    def __init__(self, lr=0.001, beta1=0.9, beta2=0.999):
        self.lr = lr
        self.beta1 = beta1
        self.beta2 = beta2
        self.iter = 0
        self.m = None
        self.v = None

    def update(self, params, grads):
        """Update every array of ``params`` in place from ``grads`` (same keys). Returns None."""
        if self.m is None:
            self.m = {key: np.zeros_like(val, dtype=float) for key, val in params.items()}
            self.v = {key: np.zeros_like(val, dtype=float) for key, val in params.items()}
        # Hint: count the step, fold the bias correction into one learning rate lr_t, then update m, v, p.
        self.iter += 1
        lr_t = self.lr * np.sqrt(1.0 - self.beta2**self.iter) / (1.0 - self.beta1**self.iter)
        for key in params.keys():
            self.m[key] += (1 - self.beta1) * (grads[key] - self.m[key])
            self.v[key] += (1 - self.beta2) * (grads[key] ** 2 - self.v[key])
            params[key] -= lr_t * self.m[key] / (np.sqrt(self.v[key]) + 1e-7)  # 1e-7: no 0-division


class Adadelta:
    """Adadelta (no learning rate): ``G = rho*G + (1-rho)*g*g``;
    ``dx = -sqrt(H + eps) / sqrt(G + eps) * g``; ``H = rho*H + (1-rho)*dx*dx``; ``p += dx``.

    ``G`` and ``H`` are created on the first update.
    """

    def __init__(self, rho=0.95, eps=1e-6):
        self.rho = rho
        self.eps = eps
        self.G = None
        self.H = None

    def update(self, params, grads):
        """Update every array of ``params`` in place from ``grads`` (same keys). Returns None."""
        if self.G is None:
            self.G = {key: np.zeros_like(val, dtype=float) for key, val in params.items()}
            self.H = {key: np.zeros_like(val, dtype=float) for key, val in params.items()}
        # Hint: update G first, compute the step dx from the *old* H, then update H with dx and apply dx.
        for key in params.keys():
            self.G[key] = self.rho * self.G[key] + (1 - self.rho) * grads[key] * grads[key]
            dx = -np.sqrt(self.H[key] + self.eps) / np.sqrt(self.G[key] + self.eps) * grads[key]
            self.H[key] = self.rho * self.H[key] + (1 - self.rho) * dx * dx
            params[key] += dx
