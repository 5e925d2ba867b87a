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
    layer0 = np.asarray(x, dtype=float)
    layer1 = sigmoid(np.dot(layer0, W1) + B1)
    layer2 = sigmoid(np.dot(layer1, W2) + B2)
    return layer0, layer1, layer2


def backprop_step(x, t, W1, B1, W2, B2, lr=0.2):
    """One gradient-descent step on ``E = 0.5 * sum((t - y)**2)`` with the delta rule.

    x: (N, I) batch (or one sample (I,)); t: targets (N, O) (or (O,)); weights as in ``forward``.
    Returns new arrays ``(W1, B1, W2, B2)`` of the same shapes; the arguments are not modified.
    """
    # Hint: forward, output delta, hidden delta (with the old W2), then W - lr * out.T @ delta.
    x = np.asarray(x, dtype=float)
    if x.ndim == 1:
        x = x.reshape(1, -1)
    W2 = np.asarray(W2, dtype=float)
    layer0, layer1, layer2 = forward(x, W1, B1, W2, B2)
    t = np.asarray(t, dtype=float).reshape(layer2.shape)
    layer2_delta = (layer2 - t) * layer2 * (1.0 - layer2)
    layer1_delta = np.dot(layer2_delta, W2.T) * layer1 * (1.0 - layer1)
    W2 = W2 - lr * np.dot(layer1.T, layer2_delta)
    B2 = B2 - lr * layer2_delta.sum(axis=0)
    W1 = W1 - lr * np.dot(layer0.T, layer1_delta)
    B1 = B1 - lr * layer1_delta.sum(axis=0)
    return W1, B1, W2, B2


def train(X, T, W1, B1, W2, B2, lr=0.2, epochs=1):
    """Train with per-sample updates in order, ``epochs`` passes over ``(X, T)``.

    X: (N, I) inputs; T: (N, O) targets; weights as in ``forward``.
    Returns the trained ``(W1, B1, W2, B2)`` as new arrays; the arguments are not modified.
    """
    # Hint: turn each sample into a (1, I) row and target (1, O) once, then loop epochs x samples.
    X = np.asarray(X, dtype=float)
    T = np.asarray(T, dtype=float)
    samples = [(x.reshape(1, -1), t.reshape(1, -1)) for x, t in zip(X, T)]
    for _ in range(epochs):
        for x, t in samples:
            W1, B1, W2, B2 = backprop_step(x, t, W1, B1, W2, B2, lr)
    return W1, B1, W2, B2


def init_network():
    """Return the lecture's weights: a dict with float arrays W1 (2, 3), b1 (3,), W2 (3, 2), b2 (2,),
    W3 (2, 2), b3 (2,). A new dict on every call.
    """
    # Hint: copy the six arrays above into a dict keyed 'W1', 'b1', ..., 'b3'.
    network = {}
    network['W1'] = np.array([[0.1, 0.3, 0.5], [0.2, 0.4, 0.6]])
    network['b1'] = np.array([0.1, 0.2, 0.3])
    network['W2'] = np.array([[0.1, 0.4], [0.2, 0.5], [0.3, 0.6]])
    network['b2'] = np.array([0.1, 0.2])
    network['W3'] = np.array([[0.1, 0.3], [0.2, 0.4]])
    network['b3'] = np.array([0.1, 0.2])
    return network


def forward3(network, x):
    """Forward pass sigmoid -> sigmoid -> identity through ``network`` (as from ``init_network``).

    x: one sample (2,) or a batch (N, 2). Returns y of shape (2,) or (N, 2), float. Mutates nothing.
    """
    # Hint: a = x @ W + b three times; sigmoid after the first two, identity_function at the end.
    W1, W2, W3 = network['W1'], network['W2'], network['W3']
    b1, b2, b3 = network['b1'], network['b2'], network['b3']
    a1 = np.dot(x, W1) + b1
    z1 = sigmoid(a1)
    a2 = np.dot(z1, W2) + b2
    z2 = sigmoid(a2)
    a3 = np.dot(z2, W3) + b3
    y = identity_function(a3)
    return y
