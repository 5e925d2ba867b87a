# %% [markdown]
# # Assignment 5 · A two-layer network (part 1: the network)
# 과제 5 · 2층 신경망 (1부: 신경망 클래스)
#
# You assemble the layers of assignment 4 into a classifier,
# `Affine1 → Relu1 → Affine2 → SoftmaxWithLoss`, and compute the gradient of its loss in two ways:
# numerically (slow, simple, assignment 3) and by backpropagation (fast). The two must agree;
# that agreement is how you know backpropagation is right. Part 2 (`train.py`) trains the network
# on handwritten digits.
#
# 과제 4의 계층을 조립해 2층 신경망을 만들고, 손실의 기울기를 수치 미분과 오차역전파법 두 가지로 구해
# 서로 일치하는지 확인합니다.
#
# This file uses `Affine`, `Relu`, `SoftmaxWithLoss` from your `layers.py` (assignment 4) and
# `numerical_gradient` from your `gradient.py` (assignment 3); keep those files (and
# `functions.py`) next to this one. Fill in every `raise NotImplementedError(...)`, then check:
#
# ```
# autograder check a5_two_layer_net two_layer_net.py
# pytest tests/
# ```
#
# 과제 2~4의 파일을 같은 폴더에 두고, 각 `raise NotImplementedError(...)` 자리를 채운 뒤 위 명령으로 확인하세요.

# %%
"""TwoLayerNet (Affine, Relu, Affine, SoftmaxWithLoss) with numerical and backprop gradients (a5_two_layer_net)."""
from collections import OrderedDict

import numpy as np

from gradient import numerical_gradient
from layers import Affine, Relu, SoftmaxWithLoss

# %% [markdown]
# ## The network and its layers · 신경망과 계층 만들기
#
# | attribute | meaning |
# | --- | --- |
# | `params` | dict of the weights: `W1` `(input_size, hidden_size)`, `b1` `(hidden_size,)`, `W2` `(hidden_size, output_size)`, `b2` `(output_size,)` |
# | `layers` | `OrderedDict` of the layers in forward order: `'Affine1'`, `'Relu1'`, `'Affine2'` |
# | `lastLayer` | `SoftmaxWithLoss`, used for the loss and the start of backpropagation |
#
# Weights start as `weight_init_std * np.random.randn(...)`, biases as zeros (given below).
# You build `layers` and `lastLayer`. Pass the arrays of `params` themselves to `Affine`, not
# copies: a training step updates `params` in place and the layers must see the new values.
#
# `params`는 가중치, `layers`는 순서가 있는 딕셔너리(OrderedDict)로 계층을 보관하고, `lastLayer`는
# `SoftmaxWithLoss`입니다. `Affine`에는 `params`의 배열을 복사하지 말고 그대로 넘기세요.
#
# Example: `TwoLayerNet(64, 50, 10)` → `params['W1'].shape == (64, 50)`, `params['b2'].shape == (10,)`,
# `list(layers) == ['Affine1', 'Relu1', 'Affine2']`.
#
# ## Predict, loss, accuracy · 예측, 손실, 정확도
#
# `predict(x)` runs `x` through `layers` in order and returns the scores (before softmax; the
# largest score is the predicted class). `loss(x, t)` feeds those scores to `lastLayer`.
# `accuracy(x, t)` is the fraction of rows whose largest score is at the right class; `t` may be
# labels `(N,)` or one-hot `(N, C)`.
#
# `predict`는 점수(소프트맥스 이전 값)를, `loss`는 교차 엔트로피 손실을, `accuracy`는 정답 비율을 반환합니다.
#
# Example: scores `[[0.1, 0.8, 0.1], [0.3, 0.1, 0.6]]`, `t = [1, 0]` → predictions `[1, 2]` → accuracy `0.5`.
#
# ## Two gradients · 두 가지 기울기
#
# `numerical_gradient(x, t)` applies assignment 3's `numerical_gradient(f, W)` to each of
# `params['W1']`, `['b1']`, `['W2']`, `['b2']` with `f = lambda W: self.loss(x, t)` (the lambda
# ignores its argument: `numerical_gradient` nudges the array in place, and the layers share it).
#
# `gradient(x, t)` is backpropagation: one forward pass (`self.loss(x, t)`), then
# `dout = self.lastLayer.backward(1)` and `dout = layer.backward(dout)` for the layers in
# *reverse* order; the gradients are then in `layers['Affine1'].dW`, `.db`, `layers['Affine2'].dW`, `.db`:
#
# $$\frac{\partial L}{\partial a} = \frac{y - t}{N}, \qquad
#   \frac{\partial L}{\partial W} = X^T \frac{\partial L}{\partial Y}, \qquad
#   \frac{\partial L}{\partial X} = \frac{\partial L}{\partial Y} W^T$$
#
# Both return a dict with the keys of `params` and arrays of the same shapes. On a small network they
# agree to about $10^{-7}$ relative error (DLfS `ch05/gradient_check.py`), while backpropagation is
# thousands of times faster.
#
# 수치 미분은 느리지만 구현이 단순하고, 오차역전파법은 빠릅니다. 두 결과가 거의 같아야 합니다 (기울기 확인).

# %%
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
        ### BEGIN SOLUTION
        self.layers = OrderedDict()
        self.layers['Affine1'] = Affine(self.params['W1'], self.params['b1'])
        self.layers['Relu1'] = Relu()
        self.layers['Affine2'] = Affine(self.params['W2'], self.params['b2'])
        self.lastLayer = SoftmaxWithLoss()
        ### END SOLUTION

    def predict(self, x):
        """Return the scores (N, output_size) for inputs x (N, input_size). Mutates nothing."""
        # Hint: x = layer.forward(x) for every layer in self.layers.values().
        ### BEGIN SOLUTION
        for layer in self.layers.values():
            x = layer.forward(x)
        return x
        ### END SOLUTION

    def loss(self, x, t):
        """Return the cross-entropy loss (a float) of the scores for x against t (labels or one-hot)."""
        # Hint: predict, then self.lastLayer.forward(scores, t).
        ### BEGIN SOLUTION
        y = self.predict(x)
        return self.lastLayer.forward(y, t)
        ### END SOLUTION

    def accuracy(self, x, t):
        """Return the fraction (float in [0, 1]) of rows of x whose top score is the class in t.

        t: integer labels (N,) or one-hot (N, C).
        """
        # Hint: argmax of the scores along axis 1; turn one-hot t into labels with argmax too.
        ### BEGIN SOLUTION
        y = np.argmax(self.predict(x), axis=1)
        t = np.asarray(t)
        if t.ndim != 1:
            t = np.argmax(t, axis=1)
        accuracy = np.sum(y == t) / float(y.shape[0])
        return accuracy
        ### END SOLUTION

    def numerical_gradient(self, x, t):
        """Return ``{'W1': dW1, 'b1': db1, 'W2': dW2, 'b2': db2}`` by central differences.

        Uses assignment 3's ``numerical_gradient``, which perturbs each params array in place and
        restores it, so params are unchanged afterwards. Arrays have the shapes of params.
        """
        # Hint: loss_W = lambda W: self.loss(x, t); numerical_gradient(loss_W, self.params[key]) per key.
        ### BEGIN SOLUTION
        loss_W = lambda W: self.loss(x, t)
        grads = {}
        for key in ('W1', 'b1', 'W2', 'b2'):
            grads[key] = numerical_gradient(loss_W, self.params[key])
        return grads
        ### END SOLUTION

    def gradient(self, x, t):
        """Return ``{'W1': dW1, 'b1': db1, 'W2': dW2, 'b2': db2}`` by backpropagation.

        One forward pass, then backward through lastLayer and the layers in reverse order.
        Arrays have the shapes of params; params are not modified.
        """
        # Hint: self.loss(x, t), lastLayer.backward(1), layers in reverse; then read the Affines' dW, db.
        ### BEGIN SOLUTION
        self.loss(x, t)

        dout = 1
        dout = self.lastLayer.backward(dout)
        for layer in reversed(list(self.layers.values())):
            dout = layer.backward(dout)

        grads = {}
        grads['W1'], grads['b1'] = self.layers['Affine1'].dW, self.layers['Affine1'].db
        grads['W2'], grads['b2'] = self.layers['Affine2'].dW, self.layers['Affine2'].db
        return grads
        ### END SOLUTION
