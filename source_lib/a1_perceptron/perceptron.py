# %% [markdown]
# # Assignment 1 · Perceptrons and logic gates
# 과제 1 · 퍼셉트론과 논리 게이트
#
# A perceptron takes several input signals, adds them with weights and a bias, and fires (outputs 1)
# when the sum is above zero. In this lab you implement the AND, NAND and OR gates as single
# perceptrons, build XOR from two layers of them, write a general perceptron `perceptron(x, w, b)`,
# and train one with Rosenblatt's learning rule.
#
# 퍼셉트론으로 AND·NAND·OR 게이트를 만들고, 두 층을 쌓아 XOR를 만든 뒤, 학습 규칙으로 AND 게이트를 학습시킵니다.
#
# Fill in every `raise NotImplementedError(...)`, then check your work:
#
# ```
# autograder check a1_perceptron perceptron.py
# pytest tests/
# ```
#
# 각 `raise NotImplementedError(...)` 자리를 채운 뒤 위 명령으로 확인하세요.

# %%
"""Perceptrons: logic gates, a general perceptron, and Rosenblatt training (a1_perceptron)."""
import numpy as np

# %% [markdown]
# ## Logic gates as perceptrons · 퍼셉트론으로 논리 게이트 만들기
#
# A two-input perceptron with weights $w_1, w_2$ and bias $b$:
#
# $$y = \begin{cases} 0, & b + w_1x_1 + w_2x_2 \leq 0 \\ 1, & b + w_1x_1 + w_2x_2 > 0 \end{cases}$$
#
# The same formula is every gate; only $(w_1, w_2, b)$ change. The lecture gives, for example,
# AND $(0.5, 0.5, -0.7)$, NAND $(-0.5, -0.5, 0.7)$, OR $(0.5, 0.5, -0.3)$ (other choices work too).
# Each gate returns a Python `int`, 0 or 1.
#
# 같은 식에 가중치와 편향만 바꾸면 AND·NAND·OR 게이트가 됩니다. 결과는 정수 0 또는 1입니다.
#
# | x1 | x2 | AND | NAND | OR |
# |----|----|-----|------|----|
# | 0  | 0  | 0   | 1    | 0  |
# | 0  | 1  | 0   | 1    | 1  |
# | 1  | 0  | 0   | 1    | 1  |
# | 1  | 1  | 1   | 0    | 1  |
#
# Example: `AND(1, 1)` → $0.5 + 0.5 - 0.7 = 0.3 > 0$ → `1`; `AND(1, 0)` → $-0.2 \leq 0$ → `0`.

# %%
def AND(x1, x2):
    """AND gate as one perceptron: ``1 if w1*x1 + w2*x2 + b > 0 else 0``.

    x1, x2: 0 or 1. Returns an ``int`` (0 or 1). Mutates nothing.
    """
    # Hint: pick (w1, w2, b) so that only x1 = x2 = 1 pushes the weighted sum above 0.
    ### BEGIN SOLUTION
    x = np.array([x1, x2])
    w = np.array([0.5, 0.5])
    b = -0.7
    tmp = np.sum(w * x) + b
    return 1 if tmp > 0 else 0
    ### END SOLUTION


# %%
def NAND(x1, x2):
    """NAND gate as one perceptron: ``1 if w1*x1 + w2*x2 + b > 0 else 0``.

    x1, x2: 0 or 1. Returns an ``int`` (0 or 1). Mutates nothing.
    """
    # Hint: NAND is AND with the sign of every weight and of the bias flipped.
    ### BEGIN SOLUTION
    x = np.array([x1, x2])
    w = np.array([-0.5, -0.5])
    b = 0.7
    tmp = np.sum(w * x) + b
    return 1 if tmp > 0 else 0
    ### END SOLUTION


# %%
def OR(x1, x2):
    """OR gate as one perceptron: ``1 if w1*x1 + w2*x2 + b > 0 else 0``.

    x1, x2: 0 or 1. Returns an ``int`` (0 or 1). Mutates nothing.
    """
    # Hint: same weights as AND, but a bias small enough that one active input is already enough.
    ### BEGIN SOLUTION
    x = np.array([x1, x2])
    w = np.array([0.5, 0.5])
    b = -0.3
    tmp = np.sum(w * x) + b
    return 1 if tmp > 0 else 0
    ### END SOLUTION


# %% [markdown]
# ## XOR needs two layers · XOR는 두 층이 필요합니다
#
# A single perceptron is a linear classifier, and no straight line separates XOR's outputs. Two
# layers do: first $s_1 = \mathrm{NAND}(x_1, x_2)$ and $s_2 = \mathrm{OR}(x_1, x_2)$, then
# $y = \mathrm{AND}(s_1, s_2)$.
#
# 퍼셉트론 하나(선형 분류기)로는 XOR를 만들 수 없지만, NAND와 OR의 출력을 AND에 넣는 2층 퍼셉트론으로는 가능합니다.
#
# | x1 | x2 | s1 = NAND | s2 = OR | y = XOR |
# |----|----|-----------|---------|---------|
# | 0  | 0  | 1         | 0       | 0       |
# | 0  | 1  | 1         | 1       | 1       |
# | 1  | 0  | 1         | 1       | 1       |
# | 1  | 1  | 0         | 1       | 0       |

# %%
def XOR(x1, x2):
    """XOR gate from two layers of perceptrons: ``AND(NAND(x1, x2), OR(x1, x2))``.

    x1, x2: 0 or 1. Returns an ``int`` (0 or 1). Mutates nothing.
    """
    # Hint: feed the outputs of the first layer (NAND and OR) into the second layer (AND).
    ### BEGIN SOLUTION
    s1 = NAND(x1, x2)
    s2 = OR(x1, x2)
    return AND(s1, s2)
    ### END SOLUTION


# %% [markdown]
# ## A general perceptron · 일반적인 퍼셉트론
#
# With an input vector $\mathbf{x}$ and a weight vector $\mathbf{w}$ of the same length:
#
# $$y = \begin{cases} 1, & \mathbf{w}\cdot\mathbf{x} + b > 0 \\ 0, & \text{otherwise} \end{cases}$$
#
# 입력 벡터와 가중치 벡터의 내적에 편향을 더해 0보다 크면 1, 아니면 0을 출력합니다.
#
# Example: `perceptron(np.array([1, 1]), np.array([0.5, 0.5]), -0.7)` → $0.3 > 0$ → `1`.

# %%
def perceptron(x, w, b):
    """General perceptron: ``1 if np.dot(w, x) + b > 0 else 0``.

    x, w: 1-D arrays of the same length; b: a number. Returns an ``int`` (0 or 1).
    Mutates nothing.
    """
    # Hint: weighted sum with np.dot, add the bias, then compare with 0 (strictly greater).
    ### BEGIN SOLUTION
    a = np.dot(w, x) + b
    return 1 if a > 0 else 0
    ### END SOLUTION


# %% [markdown]
# ## Training a perceptron · 퍼셉트론 학습
#
# Instead of guessing the weights, learn them from data. For each training sample $\mathbf{x}$ with
# desired output $d$, in order:
#
# $$y = f(\mathbf{w}\cdot\mathbf{x} + b), \qquad f(a) = \begin{cases} 1, & a \geq 0 \\ 0, & a < 0 \end{cases}$$
#
# $$\mathbf{w} \leftarrow \mathbf{w} + \eta\,(d - y)\,\mathbf{x}, \qquad b \leftarrow b + \eta\,(d - y)$$
#
# (note: training uses $\geq 0$ as in the lecture). One pass over all samples is an *epoch*
# (the lecture's "라운드"); `errors[e]` counts the samples with $y \neq d$ seen during epoch `e`.
# The learning rate $\eta$ is 0.05 (5%). Work on a copy of `w`: the caller's array must not change.
#
# 학습 데이터를 하나씩 넣어 목표값 $d$와 출력 $y$의 차이에 학습률을 곱해 가중치를 갱신합니다.
# 모든 데이터를 한 번 학습하면 1 에폭(라운드)이며, 에폭마다 틀린 개수를 기록합니다.
#
# Worked example (AND data, $\eta = 0.05$, start $\mathbf{w} = (0.1, 0.1)$, $b = -0.22$):
# epoch 1 misclassifies only $(1, 1)$ ($-0.02 < 0$ → $y = 0$, $d = 1$), so
# $\mathbf{w} \to (0.15, 0.15)$, $b \to -0.17$; epoch 2 has no errors, so `errors` starts `[1, 0, ...]`.

# %%
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
    ### BEGIN SOLUTION
    for epoch in range(epochs):
        for x, d_i in zip(np.asarray(X, dtype=float), d):
            y = 1 if np.dot(w, x) + b >= 0 else 0
            if y != d_i:
                errors[epoch] += 1
            w += lr * (d_i - y) * x
            b += lr * (d_i - y)
    ### END SOLUTION
    return w, b, errors
