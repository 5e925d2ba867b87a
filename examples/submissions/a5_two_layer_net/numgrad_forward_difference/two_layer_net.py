"""TwoLayerNet (Affine, Relu, Affine, SoftmaxWithLoss) with numerical and backprop gradients (a5_two_layer_net)."""
from collections import OrderedDict

import numpy as np

from gradient import numerical_gradient
from layers import Affine, Relu, SoftmaxWithLoss


def forward_gradient(f, x, h=1e-4):
    grad = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        keep = x[idx]
        fx = f(x)
        x[idx] = keep + h
        grad[idx] = (f(x) - fx) / h
        x[idx] = keep
    return grad


class TwoLayerNet:
    """Two-layer classifier ``Affine1 -> Relu1 -> Affine2`` with a ``SoftmaxWithLoss`` on top.

    input_size, hidden_size, output_size: ints. Weights are drawn from the global numpy random
    state (``np.random.randn``), biases are zeros. ``params`` holds the arrays the layers use.
    """

    def __init__(self, input_size, hidden_size, output_size, weight_init_std=0.01):
        self.params = {}
        self.params['W1'] = weight_init_std * np.random.randn(input_size, hidden_size)
        self.params['b1'] = np.zeros(hidden_size)
        self.params['W2'] = weight_init_std * np.random.randn(hidden_size, output_size)
        self.params['b2'] = np.zeros(output_size)
        self.layers = None
        self.lastLayer = None
        # Hint: OrderedDict of Affine(W1, b1), Relu(), Affine(W2, b2) from self.params; then SoftmaxWithLoss().
        self.layers = OrderedDict()
        self.layers['Affine1'] = Affine(self.params['W1'], self.params['b1'])
        self.layers['Relu1'] = Relu()
        self.layers['Affine2'] = Affine(self.params['W2'], self.params['b2'])
        self.lastLayer = SoftmaxWithLoss()

    def predict(self, x):
        """Return the scores (N, output_size) for inputs x (N, input_size). Mutates nothing."""
        # Hint: x = layer.forward(x) for every layer in self.layers.values().
        for layer in self.layers.values():
            x = layer.forward(x)
        return x

    def loss(self, x, t):
        """Return the cross-entropy loss (a float) of the scores for x against t (labels or one-hot)."""
        # Hint: predict, then self.lastLayer.forward(scores, t).
        y = self.predict(x)
        return self.lastLayer.forward(y, t)

    def accuracy(self, x, t):
        """Return the fraction (float in [0, 1]) of rows of x whose top score is the class in t.

        t: integer labels (N,) or one-hot (N, C).
        """
        # Hint: argmax of the scores along axis 1; turn one-hot t into labels with argmax too.
        y = np.argmax(self.predict(x), axis=1)
        t = np.asarray(t)
        if t.ndim != 1:
            t = np.argmax(t, axis=1)
        accuracy = np.sum(y == t) / float(y.shape[0])
        return accuracy

    def numerical_gradient(self, x, t):
        """Return ``{'W1': dW1, 'b1': db1, 'W2': dW2, 'b2': db2}`` by central differences.

        Uses assignment 3's ``numerical_gradient``, which perturbs each params array in place and
        restores it, so params are unchanged afterwards. Arrays have the shapes of params.
        """
        # Hint: loss_W = lambda W: self.loss(x, t); numerical_gradient(loss_W, self.params[key]) per key.
        loss_W = lambda W: self.loss(x, t)
        grads = {}
        for key in ('W1', 'b1', 'W2', 'b2'):
            grads[key] = forward_gradient(loss_W, self.params[key])
        return grads

    def gradient(self, x, t):
        """Return ``{'W1': dW1, 'b1': db1, 'W2': dW2, 'b2': db2}`` by backpropagation.

        One forward pass, then backward through lastLayer and the layers in reverse order.
        Arrays have the shapes of params; params are not modified.
        """
        # Hint: self.loss(x, t), lastLayer.backward(1), layers in reverse; then read the Affines' dW, db.
        self.loss(x, t)

        dout = 1
        dout = self.lastLayer.backward(dout)
        for layer in reversed(list(self.layers.values())):
            dout = layer.backward(dout)

        grads = {}
        grads['W1'], grads['b1'] = self.layers['Affine1'].dW, self.layers['Affine1'].db
        grads['W2'], grads['b2'] = self.layers['Affine2'].dW, self.layers['Affine2'].db
        return grads
