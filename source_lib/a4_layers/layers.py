# %% [markdown]
# # Assignment 4 · Layers and backpropagation (part 1: layers)
# 과제 4 · 계층과 오차역전파법 (1부: 계층)
#
# Backpropagation is the chain rule applied node by node: each layer multiplies the gradient
# coming from above (`dout`) by its own local derivative and passes the result down. In this lab
# you write each piece of a network as a small class with `forward` and `backward`:
# `MulLayer`, `AddLayer`, `Relu`, `Sigmoid`, `Affine` and `SoftmaxWithLoss`.
# Part 2 (`mlp.py`) trains the lecture's 2-2-1 network with the delta rule.
#
# 각 계층을 `forward`/`backward` 두 메서드를 가진 작은 클래스로 구현합니다. 역전파는 위에서 내려온
# 기울기 `dout`에 그 계층의 국소 미분을 곱해 아래로 흘려보내는 것입니다.
#
# Rules for every layer: `forward` remembers only what `backward` needs (`x`, `y`, `mask`,
# `out`, ...), and no method ever writes into an array it was given.
#
# 모든 계층은 `backward`에 필요한 값만 저장하고, 인자로 받은 배열을 절대 수정하지 않습니다.
#
# `SoftmaxWithLoss` uses `softmax` and `CEE` from your `functions.py` (assignment 2); keep that
# file next to this one. Fill in every `raise NotImplementedError(...)`, then check your work:
#
# ```
# autograder check a4_layers layers.py
# pytest tests/
# ```
#
# 과제 2의 `functions.py`를 같은 폴더에 두고, 각 `raise NotImplementedError(...)` 자리를 채운 뒤 위 명령으로 확인하세요.

# %%
"""Layers with forward and backward passes: Mul, Add, Relu, Sigmoid, Affine, SoftmaxWithLoss (a4_layers)."""
import numpy as np

from functions import CEE, softmax

# %% [markdown]
# ## Multiplication node · 곱셈 노드
#
# For $z = xy$ the local derivatives are $\partial z / \partial x = y$ and $\partial z / \partial y = x$:
# backward multiplies `dout` by the *swapped* forward inputs, so `forward` must remember both.
#
# $$\frac{\partial L}{\partial x} = \frac{\partial L}{\partial z}\, y, \qquad
#   \frac{\partial L}{\partial y} = \frac{\partial L}{\partial z}\, x$$
#
# 곱셈 노드의 역전파는 순전파 때의 입력 신호들을 '서로 바꾼 값'을 곱해서 하류로 흘려보냅니다.
#
# Shopping example (apples): 2 apples at 100 each, tax 1.1.
#
# ```
# mul_apple_layer = MulLayer(); mul_tax_layer = MulLayer()
# apple_price = mul_apple_layer.forward(100, 2)        # 200
# price = mul_tax_layer.forward(apple_price, 1.1)      # 220
# dapple_price, dtax = mul_tax_layer.backward(1)       # 1.1, 200
# dapple, dapple_num = mul_apple_layer.backward(dapple_price)   # 2.2, 110
# ```
#
# 사과 2개(개당 100원), 소비세 1.1 → 가격 220, 역전파 결과 dapple=2.2, dapple_num=110, dtax=200.

# %%
class MulLayer:
    """Multiplication node ``out = x * y`` (scalars or arrays that broadcast together)."""

    def __init__(self):
        self.x = None
        self.y = None

    def forward(self, x, y):
        """Return ``x * y`` and remember ``x`` and ``y`` for backward. Mutates nothing."""
        # Hint: store both inputs on self (backward needs them swapped), then return the product.
        ### BEGIN SOLUTION
        self.x = x
        self.y = y
        out = x * y
        return out
        ### END SOLUTION

    def backward(self, dout):
        """Return ``(dx, dy) = (dout * y, dout * x)`` using the inputs of the last forward.

        Mutates nothing.
        """
        # Hint: dx takes the *other* input y, dy takes x.
        ### BEGIN SOLUTION
        dx = dout * self.y
        dy = dout * self.x
        return dx, dy
        ### END SOLUTION


# %% [markdown]
# ## Addition node · 덧셈 노드
#
# For $z = x + y$ both local derivatives are 1: backward passes `dout` through unchanged to both
# inputs, so `forward` needs to remember nothing.
#
# $$\frac{\partial L}{\partial x} = \frac{\partial L}{\partial z} \cdot 1, \qquad
#   \frac{\partial L}{\partial y} = \frac{\partial L}{\partial z} \cdot 1$$
#
# 덧셈 노드의 역전파는 입력값을 그대로 흘려보냅니다.
#
# Example: `AddLayer().forward(200, 450)` → `650`; `backward(1.1)` → `(1.1, 1.1)`.

# %%
class AddLayer:
    """Addition node ``out = x + y`` (scalars or arrays that broadcast together)."""

    def __init__(self):
        pass

    def forward(self, x, y):
        """Return ``x + y``. Stores nothing, mutates nothing."""
        # Hint: nothing to remember; just add.
        ### BEGIN SOLUTION
        out = x + y
        return out
        ### END SOLUTION

    def backward(self, dout):
        """Return ``(dx, dy) = (dout * 1, dout * 1)``. Mutates nothing."""
        # Hint: both local derivatives are 1.
        ### BEGIN SOLUTION
        dx = dout * 1
        dy = dout * 1
        return dx, dy
        ### END SOLUTION


# %% [markdown]
# ## ReLU layer · ReLU 계층
#
# $$y = \begin{cases} x & (x > 0) \\ 0 & (x \leq 0) \end{cases} \qquad
#   \frac{\partial y}{\partial x} = \begin{cases} 1 & (x > 0) \\ 0 & (x \leq 0) \end{cases}$$
#
# `forward` keeps a boolean `mask` of the entries with $x \leq 0$ (zero included) and returns a copy
# of `x` with those entries set to 0; `backward` returns a copy of `dout` with the same entries set
# to 0. Never write into `x` or `dout`: the caller may still need them.
#
# 순전파 때 $x \leq 0$ 이었던 원소는 역전파 때 기울기를 0으로 막습니다. 입력 배열은 복사해서 다룹니다.
#
# Example: `forward([[1.0, -0.5], [-2.0, 3.0]])` → `[[1, 0], [0, 3]]`, `mask` `[[F, T], [T, F]]`;
# then `backward(ones)` → `[[1, 0], [0, 1]]`.

# %%
class Relu:
    """ReLU activation layer, elementwise on arrays of any shape."""

    def __init__(self):
        self.mask = None

    def forward(self, x):
        """Return ``max(0, x)`` elementwise; remember ``self.mask = (x <= 0)``.

        x: array of any shape. Returns a new array of the same shape and dtype. Mutates nothing.
        """
        # Hint: build the mask with x <= 0, then zero those entries in a copy of x.
        ### BEGIN SOLUTION
        x = np.asarray(x)
        self.mask = (x <= 0)
        out = x.copy()
        out[self.mask] = 0
        return out
        ### END SOLUTION

    def backward(self, dout):
        """Return ``dout`` with the entries where the forward input was ``<= 0`` set to 0.

        dout: array of the forward input's shape. Returns a new array. Mutates nothing.
        """
        # Hint: copy dout first (np.copy), then zero the entries under self.mask.
        ### BEGIN SOLUTION
        dx = np.copy(dout)
        dx[self.mask] = 0
        return dx
        ### END SOLUTION


# %% [markdown]
# ## Sigmoid layer · Sigmoid 계층
#
# $$y = \frac{1}{1 + e^{-x}}, \qquad \frac{\partial y}{\partial x} = y(1 - y)$$
#
# The derivative needs only the output $y$, so `forward` stores `self.out` and `backward`
# returns `dout * out * (1 - out)`.
#
# 시그모이드의 미분은 출력 $y$만으로 계산되므로 순전파 출력 `out`만 저장합니다.
#
# Example: `forward(0.0)` → `0.5`; `backward(1.0)` → `0.25`. With the lecture's
# $x = 0.1$: `forward` → `0.524979`, `backward(1.0)` → `0.524979 * (1 - 0.524979) = 0.249376`.

# %%
class Sigmoid:
    """Sigmoid activation layer, elementwise on arrays of any shape."""

    def __init__(self):
        self.out = None

    def forward(self, x):
        """Return ``1 / (1 + exp(-x))`` elementwise and store it as ``self.out``.

        x: scalar or array of any shape. Returns a float array of the same shape. Mutates nothing.
        """
        # Hint: compute the sigmoid, keep it in self.out, return it.
        ### BEGIN SOLUTION
        # exp(-x) overflows to inf for x < -709; 1 / (1 + inf) = 0 is the right limit, so no warning.
        with np.errstate(over="ignore"):
            out = 1 / (1 + np.exp(-np.asarray(x, dtype=float)))
        self.out = out
        return out
        ### END SOLUTION

    def backward(self, dout):
        """Return ``dout * out * (1 - out)`` with ``out`` from the last forward. Mutates nothing."""
        # Hint: the local derivative is out * (1 - out).
        ### BEGIN SOLUTION
        dx = dout * (1.0 - self.out) * self.out
        return dx
        ### END SOLUTION


# %% [markdown]
# ## Affine layer · Affine 계층
#
# $$Y = XW + B, \qquad
#   \frac{\partial L}{\partial X} = \frac{\partial L}{\partial Y} W^T, \qquad
#   \frac{\partial L}{\partial W} = X^T \frac{\partial L}{\partial Y}, \qquad
#   \frac{\partial L}{\partial B} = \sum_{n} \frac{\partial L}{\partial Y_n}$$
#
# `x` has a batch axis first, shape `(N, ...)`; `forward` flattens it to `(N, D)` (an image batch
# `(N, 1, 28, 28)` becomes `(N, 784)`), remembers the original shape and the flattened `x`, and
# `backward` returns `dx` reshaped back to the original shape. It also stores `self.dW` (shape of
# `W`) and `self.db` (shape of `b`, the sum of `dout` over the batch axis, since the same `b` is
# added to every row). Keep `W` and `b` as given (no copy): a network updates them in place.
#
# 입력 `x`를 `(N, D)`로 펼쳐 계산하고, `dx`는 원래 모양으로 되돌립니다. `db`는 배치 방향(axis=0)의 합입니다.
#
# Example: $W = \begin{pmatrix} 0.1 & 0.2 \\ 0.3 & 0.4 \end{pmatrix}$, $b = (0.1, 0.2)$,
# $x = (1, 2)$ → $xW + b = (0.1 + 0.6 + 0.1,\ 0.2 + 0.8 + 0.2) = (0.8, 1.2)$.

# %%
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
        ### BEGIN SOLUTION
        x = np.asarray(x)
        self.original_x_shape = x.shape
        x = x.reshape(x.shape[0], -1)
        self.x = x
        out = np.dot(self.x, self.W) + self.b
        return out
        ### END SOLUTION

    def backward(self, dout):
        """Return ``dx = dout @ W.T`` in the forward input's original shape.

        dout: array (N, M). Sets ``self.dW = x.T @ dout`` (D, M) and ``self.db = dout.sum(axis=0)``
        (M,). Mutates nothing else.
        """
        # Hint: three matrix formulas, then reshape dx to self.original_x_shape.
        ### BEGIN SOLUTION
        dx = np.dot(dout, self.W.T)
        self.dW = np.dot(self.x.T, dout)
        self.db = np.sum(dout, axis=0)
        dx = dx.reshape(self.original_x_shape)
        return dx
        ### END SOLUTION


# %% [markdown]
# ## Softmax-with-Loss layer · Softmax-with-Loss 계층
#
# The last layer of a classifier: softmax turns the scores $a$ into probabilities $y$, and the
# cross-entropy error compares them with the target $t$. Together their derivative is simply
#
# $$y_k = \frac{e^{a_k}}{\sum_i e^{a_i}}, \qquad L = -\frac{1}{N}\sum_n \sum_k t_{nk} \log y_{nk},
#   \qquad \frac{\partial L}{\partial a} = \frac{y - t}{N}$$
#
# divided by the batch size $N$ because the loss is the batch mean. `t` may be one-hot (same shape
# as the scores) or integer labels of shape `(N,)`; for labels, subtract 1 at each row's label
# position in a *copy* of `y`. A 1-D score vector is a batch of one. `backward(dout=1)` scales the
# result by `dout`.
#
# 소프트맥스와 교차 엔트로피를 합친 계층의 역전파는 $(y - t) / N$ 입니다. 정답은 원-핫 또는 정수 레이블 모두 가능합니다.
#
# Example: scores `[[0.3, 2.9, 4.0]]`, `t = [2]` (label) or `[[0, 0, 1]]` (one-hot) →
# $y$ = `[0.01821127, 0.24519181, 0.73659691]`, loss $= -\log 0.73659691 \approx 0.305714$,
# `backward()` → `[[0.01821127, 0.24519181, -0.26340309]]`.

# %%
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
        ### BEGIN SOLUTION
        self.t = np.asarray(t)
        self.y = softmax(x)
        self.loss = CEE(self.y, self.t)
        return self.loss
        ### END SOLUTION

    def backward(self, dout=1):
        """Return ``dout * (y - t) / batch_size`` in the shape of the forward scores.

        Label-index t: 1 is subtracted at each label position of a copy of y. Mutates nothing
        (``self.y`` stays the softmax output, so backward may be called again).
        """
        # Hint: one-hot if t.size == y.size; otherwise copy y and subtract 1 at [arange(N), t].
        ### BEGIN SOLUTION
        y = self.y.reshape(-1, self.y.shape[-1])
        batch_size = y.shape[0]
        if self.t.size == self.y.size:
            dx = y - self.t.reshape(y.shape)
        else:
            dx = y.copy()
            dx[np.arange(batch_size), self.t.reshape(-1)] -= 1
        dx = dout * dx / batch_size
        return dx.reshape(self.y.shape)
        ### END SOLUTION
