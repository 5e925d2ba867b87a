"""The lecture's 2-2-1 sigmoid MLP trained with the delta rule, and the 3-layer forward pass (a4_layers)."""
import numpy as np

from functions import identity_function, sigmoid


def forward(x, W1, B1, W2, B2):
    """Forward pass ``layer1 = sigmoid(x @ W1 + B1)``, ``layer2 = sigmoid(layer1 @ W2 + B2)``.

    x: (N, I) batch (or one sample (I,)); W1: (I, H); B1: (H,); W2: (H, O); B2: (O,).
    Returns ``(layer0, layer1, layer2)``: x as a float array, (N, H) and (N, O) float arrays.
    Mutates nothing.
    """
    # Hint: layer0 = x; each next layer is sigmoid(previous @ W + B).
    raise NotImplementedError("not implemented yet: forward")


def backprop_step(x, t, W1, B1, W2, B2, lr=0.2):
    """One gradient-descent step on ``E = 0.5 * sum((t - y)**2)`` with the delta rule.

    x: (N, I) batch (or one sample (I,)); t: targets (N, O) (or (O,)); weights as in ``forward``.
    Returns new arrays ``(W1, B1, W2, B2)`` of the same shapes; the arguments are not modified.
    """
    # Hint: forward, output delta, hidden delta (with the old W2), then W - lr * out.T @ delta.
    raise NotImplementedError("not implemented yet: backprop_step")


def train(X, T, W1, B1, W2, B2, lr=0.2, epochs=1):
    """Train with per-sample updates in order, ``epochs`` passes over ``(X, T)``.

    X: (N, I) inputs; T: (N, O) targets; weights as in ``forward``.
    Returns the trained ``(W1, B1, W2, B2)`` as new arrays; the arguments are not modified.
    """
    # Hint: turn each sample into a (1, I) row and target (1, O) once, then loop epochs x samples.
    raise NotImplementedError("not implemented yet: train")


def init_network():
    """Return the lecture's weights: a dict with float arrays W1 (2, 3), b1 (3,), W2 (3, 2), b2 (2,),
    W3 (2, 2), b3 (2,). A new dict on every call.
    """
    # Hint: copy the six arrays above into a dict keyed 'W1', 'b1', ..., 'b3'.
    raise NotImplementedError("not implemented yet: init_network")


def forward3(network, x):
    """Forward pass sigmoid -> sigmoid -> identity through ``network`` (as from ``init_network``).

    x: one sample (2,) or a batch (N, 2). Returns y of shape (2,) or (N, 2), float. Mutates nothing.
    """
    # Hint: a = x @ W + b three times; sigmoid after the first two, identity_function at the end.
    raise NotImplementedError("not implemented yet: forward3")
