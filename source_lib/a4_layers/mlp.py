# %% [markdown]
# # Assignment 4 · Layers and backpropagation (part 2: the MLP of the lecture)
# 과제 4 · 계층과 오차역전파법 (2부: 강의의 다층 퍼셉트론)
#
# The lecture trains a tiny multilayer perceptron by hand: 2 inputs, 2 sigmoid hidden units,
# 1 sigmoid output, squared error, gradient descent with the *delta rule*. You implement its
# forward pass, one backpropagation step, the training loop that learns XNOR, and the 3-layer
# forward pass of the forward-pass lecture.
#
# 강의의 2-2-1 시그모이드 신경망을 구현합니다: 순방향 패스, 델타 규칙에 의한 역전파 한 단계,
# 학습 루프, 그리고 3층 신경망의 순전파입니다.
#
# This file uses `sigmoid` and `identity_function` from your `functions.py` (assignment 2); keep
# that file next to this one. Fill in every `raise NotImplementedError(...)`, then check your work:
#
# ```
# autograder check a4_layers mlp.py
# pytest tests/
# ```
#
# 과제 2의 `functions.py`를 같은 폴더에 두고, 각 `raise NotImplementedError(...)` 자리를 채운 뒤 위 명령으로 확인하세요.

# %%
"""The lecture's 2-2-1 sigmoid MLP trained with the delta rule, and the 3-layer forward pass (a4_layers)."""
import numpy as np

from functions import identity_function, sigmoid

# %% [markdown]
# ## Forward pass of the 2-2-1 network · 순방향 패스
#
# Rows are samples. With $X$ of shape `(N, 2)`, $W_1$ `(2, 2)`, $B_1$ `(2,)`, $W_2$ `(2, 1)`,
# $B_2$ `(1,)` and $f$ the sigmoid:
#
# $$Z_1 = XW_1 + B_1, \quad A_1 = f(Z_1), \qquad Z_2 = A_1W_2 + B_2, \quad A_2 = f(Z_2)$$
#
# Return `(layer0, layer1, layer2) = (X, A_1, A_2)`, as the lecture's `predict`.
#
# 입력을 `layer0`, 은닉층 출력을 `layer1`, 출력층 출력을 `layer2`로 반환합니다.
#
# Lecture network: $W_1 = \begin{pmatrix} 0.1 & 0.2 \\ 0.3 & 0.4 \end{pmatrix}$ (so $w_1 = 0.1$,
# $w_2 = 0.2$, $w_3 = 0.3$, $w_4 = 0.4$), $B_1 = (0.1, 0.2)$, $W_2 = (0.5, 0.6)^T$ ($w_5, w_6$),
# $B_2 = (0.3)$ ($b_3$). For $x = (0, 0)$:
#
# $$z_1 = w_1 x_1 + w_3 x_2 + b_1 = 0.1, \quad a_1 = \frac{1}{1 + e^{-0.1}} = 0.524979,
#   \quad a_2 = 0.549834$$
#
# $$z_y = 0.5 \cdot 0.524979 + 0.6 \cdot 0.549834 + 0.3 = 0.892389, \quad
#   a_y = \frac{1}{1 + e^{-0.892389}} = 0.709383$$
#
# Before training the four inputs `[0,0], [0,1], [1,0], [1,1]` give
# `0.70938314, 0.72844306, 0.71791234, 0.73598705`.
#
# 정답은 0이지만 출력은 0.71 정도로, 오차가 상당합니다.

# %%
def forward(x, W1, B1, W2, B2):
    """Forward pass ``layer1 = sigmoid(x @ W1 + B1)``, ``layer2 = sigmoid(layer1 @ W2 + B2)``.

    x: (N, I) batch (or one sample (I,)); W1: (I, H); B1: (H,); W2: (H, O); B2: (O,).
    Returns ``(layer0, layer1, layer2)``: x as a float array, (N, H) and (N, O) float arrays.
    Mutates nothing.
    """
    # Hint: layer0 = x; each next layer is sigmoid(previous @ W + B).
    ### BEGIN SOLUTION
    layer0 = np.asarray(x, dtype=float)
    layer1 = sigmoid(np.dot(layer0, W1) + B1)
    layer2 = sigmoid(np.dot(layer1, W2) + B2)
    return layer0, layer1, layer2
    ### END SOLUTION


# %% [markdown]
# ## One backpropagation step with the delta rule · 역전파 한 단계 (델타 규칙)
#
# Error $E = \frac{1}{2}\sum (t - y)^2$. For every weight, $\frac{\partial E}{\partial w_{ij}} = \delta_j\, out_i$
# (the delta of the unit the weight feeds, times the output of the unit it comes from), with
#
# $$\delta_j = \begin{cases} (out_j - t_j)\, f'(net_j) & \text{output unit} \\
#   \left(\sum_k w_{jk}\delta_k\right) f'(net_j) & \text{hidden unit} \end{cases}
#   \qquad f'(net_j) = out_j(1 - out_j)$$
#
# In matrix form, rows are samples (the lecture's `fit`):
#
# ```
# layer2_delta = (layer2 - t) * layer2 * (1 - layer2)
# layer1_delta = (layer2_delta @ W2.T) * layer1 * (1 - layer1)
# W2 - lr * layer1.T @ layer2_delta        B2 - lr * sum(layer2_delta, axis=0)
# W1 - lr * layer0.T @ layer1_delta        B1 - lr * sum(layer1_delta, axis=0)
# ```
#
# Both deltas are computed from the *old* weights; return new arrays and leave the given ones as
# they were. A bias is a weight on a constant input 1, so its gradient is the delta itself.
#
# 델타에 이전 층 유닛의 출력값을 곱하면 그래디언트가 됩니다. 두 델타 모두 갱신 전의 가중치로 계산합니다.
#
# Worked example, $x = (0, 0)$, $t = 0$, $\eta = 0.2$ ($E = \frac{1}{2}(0 - 0.709383)^2 = 0.251612$):
#
# $$\frac{\partial E}{\partial w_5} = \underbrace{0.709383}_{out_y - t}
#   \cdot \underbrace{0.206158}_{out_y(1 - out_y)} \cdot \underbrace{0.524979}_{out_{h1}} = 0.076775,
#   \qquad w_5 \leftarrow 0.5 - 0.2 \cdot 0.076775 = 0.484645$$
#
# and likewise $w_6 \to 0.583918$, $b_3 \to 0.270750$, $b_1 \to 0.096352$, $b_2 \to 0.195656$;
# $w_1 \ldots w_4$ do not change because the input is 0. After the step the output is
# $0.699553$ and $E = 0.244687$.
#
# 입력이 0이므로 $w_1 \sim w_4$는 변하지 않고, 편향이 큰 역할을 합니다. 한 번 적용 후 $E = 0.244687$.

# %%
def backprop_step(x, t, W1, B1, W2, B2, lr=0.2):
    """One gradient-descent step on ``E = 0.5 * sum((t - y)**2)`` with the delta rule.

    x: (N, I) batch (or one sample (I,)); t: targets (N, O) (or (O,)); weights as in ``forward``.
    Returns new arrays ``(W1, B1, W2, B2)`` of the same shapes; the arguments are not modified.
    """
    # Hint: forward, output delta, hidden delta (with the old W2), then W - lr * out.T @ delta.
    ### BEGIN SOLUTION
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
    ### END SOLUTION


# %% [markdown]
# ## Training loop · 학습 루프
#
# Per-sample (stochastic) gradient descent: for each of `epochs` passes, take the samples one at a
# time *in order*, as a `(1, I)` row with a `(1, O)` target, and apply `backprop_step`.
#
# 학습 샘플을 하나씩 순서대로 꺼내 2차원 행렬로 만든 뒤 `backprop_step`을 적용하고, 이를 `epochs`번 반복합니다.
#
# Lecture (MLP2): XNOR data `X = [[0,0],[0,1],[1,0],[1,1]]`, `T = [[1],[0],[0],[1]]`, the network
# above, `lr=0.2`, 90000 epochs → outputs `[0.99196032, 0.00835708, 0.00836107, 0.98974873]`.
# That is 360000 steps: keep each step to a handful of numpy calls on the small arrays
# (prepare the rows before the loop) and it runs in a few seconds.
#
# 9만 번 반복하면 출력이 `[0.99196032, 0.00835708, 0.00836107, 0.98974873]`이 됩니다.

# %%
def train(X, T, W1, B1, W2, B2, lr=0.2, epochs=1):
    """Train with per-sample updates in order, ``epochs`` passes over ``(X, T)``.

    X: (N, I) inputs; T: (N, O) targets; weights as in ``forward``.
    Returns the trained ``(W1, B1, W2, B2)`` as new arrays; the arguments are not modified.
    """
    # Hint: turn each sample into a (1, I) row and target (1, O) once, then loop epochs x samples.
    ### BEGIN SOLUTION
    X = np.asarray(X, dtype=float)
    T = np.asarray(T, dtype=float)
    samples = [(x.reshape(1, -1), t.reshape(1, -1)) for x, t in zip(X, T)]
    for _ in range(epochs):
        for x, t in samples:
            W1, B1, W2, B2 = backprop_step(x, t, W1, B1, W2, B2, lr)
    return W1, B1, W2, B2
    ### END SOLUTION


# %% [markdown]
# ## A 3-layer network, forward only · 3층 신경망의 순전파
#
# The forward-pass lecture (DLfS 3.4.3) stores the weights in a dict:
#
# ```
# W1 = [[0.1, 0.3, 0.5], [0.2, 0.4, 0.6]]   b1 = [0.1, 0.2, 0.3]
# W2 = [[0.1, 0.4], [0.2, 0.5], [0.3, 0.6]] b2 = [0.1, 0.2]
# W3 = [[0.1, 0.3], [0.2, 0.4]]             b3 = [0.1, 0.2]
# ```
#
# $$a_1 = xW_1 + b_1,\ z_1 = \sigma(a_1); \quad a_2 = z_1W_2 + b_2,\ z_2 = \sigma(a_2); \quad
#   a_3 = z_2W_3 + b_3,\ y = a_3 \text{ (identity)}$$
#
# 출력층에는 항등 함수를 씁니다.
#
# `init_network()` returns these six arrays in a new dict keyed `'W1'`, `'b1'`, ..., `'b3'`.
#
# 강의의 가중치와 편향을 딕셔너리에 담아 반환합니다.

# %%
def init_network():
    """Return the lecture's weights: a dict with float arrays W1 (2, 3), b1 (3,), W2 (3, 2), b2 (2,),
    W3 (2, 2), b3 (2,). A new dict on every call.
    """
    # Hint: copy the six arrays above into a dict keyed 'W1', 'b1', ..., 'b3'.
    ### BEGIN SOLUTION
    network = {}
    network['W1'] = np.array([[0.1, 0.3, 0.5], [0.2, 0.4, 0.6]])
    network['b1'] = np.array([0.1, 0.2, 0.3])
    network['W2'] = np.array([[0.1, 0.4], [0.2, 0.5], [0.3, 0.6]])
    network['b2'] = np.array([0.1, 0.2])
    network['W3'] = np.array([[0.1, 0.3], [0.2, 0.4]])
    network['b3'] = np.array([0.1, 0.2])
    return network
    ### END SOLUTION


# %% [markdown]
# `forward3(network, x)` sends `x` through the three layers: sigmoid, sigmoid, then the identity.
#
# 시그모이드, 시그모이드, 항등 함수 순서로 신호를 전달합니다.
#
# Example: $x = (1.0, 0.5)$ → $a_1 = (0.3, 0.7, 1.1)$, $z_1 = (0.57444252, 0.66818777, 0.75026011)$,
# $z_2 = (0.62624937, 0.7710107)$ → `forward3(init_network(), [1.0, 0.5])` = `[0.31682708, 0.69627909]`.

# %%
def forward3(network, x):
    """Forward pass sigmoid -> sigmoid -> identity through ``network`` (as from ``init_network``).

    x: one sample (2,) or a batch (N, 2). Returns y of shape (2,) or (N, 2), float. Mutates nothing.
    """
    # Hint: a = x @ W + b three times; sigmoid after the first two, identity_function at the end.
    ### BEGIN SOLUTION
    W1, W2, W3 = network['W1'], network['W2'], network['W3']
    b1, b2, b3 = network['b1'], network['b2'], network['b3']
    a1 = np.dot(x, W1) + b1
    z1 = sigmoid(a1)
    a2 = np.dot(z1, W2) + b2
    z2 = sigmoid(a2)
    a3 = np.dot(z2, W3) + b3
    y = identity_function(a3)
    return y
    ### END SOLUTION
