# %% [markdown]
# # Assignment 2 · Activation and loss functions
# 과제 2 · 활성화 함수와 손실 함수
#
# A neuron first adds its weighted inputs, $a = \mathbf{w}\cdot\mathbf{x} + b$, then an
# *activation function* $h(a)$ turns that sum into its output. A *loss function* measures how bad
# the network's output `y` is compared with the target `t`. In this lab you implement the
# activations (step, sigmoid, ReLU, leaky ReLU, identity, softmax) and the losses (MSE, SSE, RMSE,
# CEE, BCE) used in the rest of the course.
#
# 활성화 함수(계단, 시그모이드, ReLU, Leaky ReLU, 항등, 소프트맥스)와 손실 함수(MSE, SSE, RMSE, CEE, BCE)를 구현합니다.
#
# Every function accepts a Python scalar, a 1-D array or a 2-D batch (one sample per row), returns
# numpy values, and never modifies its inputs. Fill in every `raise NotImplementedError(...)`, then
# check your work:
#
# ```
# autograder check a2_functions functions.py
# pytest tests/
# ```
#
# 모든 함수는 스칼라, 1차원 배열, 2차원 배치(행 = 샘플)를 받으며 입력을 바꾸지 않습니다.

# %%
"""Activation functions and loss functions of the course (a2_functions).

Losses follow the book's argument order ``f(y, t)``: ``y`` is the network output, ``t`` the target.
"""
import numpy as np

# %% [markdown]
# ## Step function · 계단 함수
#
# $$h(x) = \begin{cases} 0 & (x \leq 0) \\ 1 & (x > 0) \end{cases}$$
#
# The perceptron's activation, applied elementwise. Compare with 0, then turn the booleans into
# integers with `.astype(int)` (`np.int` no longer exists in numpy 2).
#
# 퍼셉트론의 활성화 함수입니다. 비교 결과(bool)를 `astype(int)`로 정수로 바꿉니다.
#
# Example: `step(np.array([-1.0, 0.0, 2.0]))` → `array([0, 0, 1])`.

# %%
def step(x):
    """Step function ``x > 0`` as integers, elementwise.

    x: scalar or array of any shape. Returns an int array of x's shape (a 0-d int for a scalar).
    Mutates nothing.
    """
    # Hint: an elementwise comparison gives booleans; convert them with astype(int).
    ### BEGIN SOLUTION
    return (np.asarray(x) > 0).astype(int)
    ### END SOLUTION


# %% [markdown]
# ## Sigmoid · 시그모이드 함수
#
# $$\sigma(x) = \frac{1}{1 + e^{-x}}$$
#
# Written literally, `np.exp(-x)` overflows for $x = -1000$ (numpy warns, and a NaN can follow).
# Use a form that never exponentiates a large positive number, e.g.
# $\sigma(x) = \exp\!\big(-\log(1 + e^{-x})\big)$ with `np.logaddexp(0, -x)` $= \log(e^0 + e^{-x})$,
# or split by the sign of $x$.
#
# 식 그대로 쓰면 $x=-1000$에서 `np.exp`가 넘칩니다(overflow). 큰 양수를 지수에 넣지 않는 안정적인 형태로 구현하세요.
#
# Example: `sigmoid(np.array([-1.0, 1.0, 2.0]))` → `array([0.26894142, 0.73105858, 0.88079708])`;
# `sigmoid(np.array([-1000.0, 1000.0]))` → `array([0., 1.])` with no warning.

# %%
def sigmoid(x):
    """Sigmoid ``1 / (1 + exp(-x))``, elementwise, without overflow for large ``|x|``.

    x: scalar or array of any shape. Returns floats of x's shape. Mutates nothing.
    """
    # Hint: 1 / (1 + e^-x) = exp(-log(1 + e^-x)), and np.logaddexp computes log(e^a + e^b) safely.
    ### BEGIN SOLUTION
    return np.exp(-np.logaddexp(0, -np.asarray(x, dtype=float)))
    ### END SOLUTION


# %% [markdown]
# ## ReLU and leaky ReLU · ReLU와 Leaky ReLU
#
# $$\mathrm{ReLU}(x) = \max(0, x), \qquad \mathrm{LeakyReLU}(x) = \begin{cases} x & (x > 0) \\ \alpha x & (x \leq 0) \end{cases}$$
#
# The lecture's leaky ReLU is $\max(0.1x, x)$, i.e. $\alpha = 0.1$.
#
# ReLU는 0보다 크면 그대로, 아니면 0을 출력합니다. Leaky ReLU는 음수 쪽에 작은 기울기 $\alpha$를 남깁니다.
#
# Example: `relu(np.array([-2.0, 0.0, 3.0]))` → `array([0., 0., 3.])`;
# `leaky_relu(np.array([-2.0, 3.0]))` → `array([-0.2, 3.])`.

# %%
def relu(x):
    """ReLU ``max(0, x)``, elementwise.

    x: scalar or array of any shape. Returns an array of x's shape. Mutates nothing.
    """
    # Hint: numpy has an elementwise maximum of two arrays (or an array and a number).
    ### BEGIN SOLUTION
    return np.maximum(0, x)
    ### END SOLUTION


# %%
def leaky_relu(x, alpha=0.1):
    """Leaky ReLU ``x if x > 0 else alpha * x``, elementwise.

    x: scalar or array of any shape. Returns floats of x's shape. Mutates nothing.
    """
    # Hint: choose between x and alpha * x elementwise with a condition on x > 0.
    ### BEGIN SOLUTION
    x = np.asarray(x, dtype=float)
    return np.where(x > 0, x, alpha * x)
    ### END SOLUTION


# %% [markdown]
# ## Identity · 항등 함수
#
# $$h(x) = x$$
#
# The output activation for regression: it returns its input unchanged.
#
# 회귀 문제의 출력층에 쓰는 항등 함수는 입력을 그대로 돌려줍니다.

# %%
def identity_function(x):
    """Identity ``h(x) = x``: returns ``x`` itself. Mutates nothing."""
    # Hint: there is nothing to compute.
    ### BEGIN SOLUTION
    return x
    ### END SOLUTION


# %% [markdown]
# ## Softmax · 소프트맥스 함수
#
# $$y_k = \frac{\exp(a_k)}{\sum_{i=1}^{n} \exp(a_i)}$$
#
# The outputs are positive and sum to 1, so they read as class probabilities. Since
# $\frac{\exp(a_k - c)}{\sum_i \exp(a_i - c)}$ is the same for every constant $c$, subtract the
# maximum $c = \max_i a_i$ first: then `np.exp` never overflows. For a 2-D batch, apply it row by
# row (max and sum along the last axis, `keepdims=True`).
#
# 출력의 합이 1이 되도록 정규화합니다. 오버플로를 막기 위해 최댓값을 빼고 계산하며, 2차원 배치는 행마다 계산합니다.
#
# Examples from the lecture:
# `softmax([0.3, 2.9, 4.0])` → `[0.01821127, 0.24519181, 0.73659691]`;
# `softmax([1.0, 1.0, 2.0])` → `[0.21194156, 0.21194156, 0.57611688]`;
# `softmax([1000, 1010])` → `[4.539787e-05, 9.999546e-01]` (finite, thanks to the max shift).

# %%
def softmax(x):
    """Softmax ``exp(x_k) / sum_i exp(x_i)``, numerically stable.

    x: 1-D array (one sample) or 2-D batch (N, C), applied row-wise. Returns floats of x's shape;
    each row sums to 1. Mutates nothing.
    """
    # Hint: subtract the max along the last axis before np.exp, then divide by the sum along it.
    ### BEGIN SOLUTION
    x = np.asarray(x, dtype=float)
    x = x - np.max(x, axis=-1, keepdims=True)  # exp of a shifted x cannot overflow
    exp_x = np.exp(x)
    return exp_x / np.sum(exp_x, axis=-1, keepdims=True)
    ### END SOLUTION


# %% [markdown]
# ## Squared-error losses: MSE, SSE, RMSE · 제곱 오차 손실
#
# $$\mathrm{MSE} = \frac{1}{2}\sum_k (y_k - t_k)^2, \qquad \mathrm{SSE} = \sum_k (y_k - t_k)^2, \qquad
# \mathrm{RMSE} = \sqrt{\frac{1}{n}\sum_{k=1}^{n} (y_k - t_k)^2}$$
#
# This course's `MSE` is the book's "0.5 × sum of squares" (the $\frac{1}{2}$ cancels the 2 of the
# derivative in backpropagation). For a 2-D batch, `MSE` is divided by the batch size $N$ (rows).
# `SSE` and `RMSE` use all elements. `t` has the same shape as `y`.
#
# 이 과정의 MSE는 $\frac{1}{2}\sum(y-t)^2$이며, 2차원 배치면 배치 크기로 나눕니다. SSE는 제곱합, RMSE는 평균의 제곱근입니다.
#
# Examples (target: class 2 one-hot, $t = [0,0,1,0,0,0,0,0,0,0]$):
# - `MSE([0, 0, 0.8, 0.1, 0, 0, 0, 0.1, 0, 0], t)` → $\frac{1}{2}(0.2^2 + 0.1^2 + 0.1^2)$ = `0.03`
# - `MSE([0.9, 0, 0.1, 0, 0, 0, 0, 0, 0, 0], t)` → $\frac{1}{2}(0.9^2 + 0.9^2)$ = `0.81`
# - `SSE([0.5], [0.7])` → $(0.7 - 0.5)^2$ = `0.04`
# - `RMSE([2.7, 4.2, 5.5], [3, 4, 5])` → $\sqrt{0.38/3}$ = `0.355903`

# %%
def MSE(y, t):
    """Mean squared error of the course: ``0.5 * sum((y - t)**2)``.

    y, t: same shape; scalar, 1-D (one sample) or 2-D batch (N, D). For a 2-D batch the sum is
    divided by N. Returns a float. Mutates nothing.
    """
    # Hint: half the sum of squared differences; divide by the number of rows only for a 2-D batch.
    ### BEGIN SOLUTION
    y = np.asarray(y, dtype=float)
    t = np.asarray(t, dtype=float)
    batch_size = y.shape[0] if y.ndim == 2 else 1
    return 0.5 * np.sum((y - t) ** 2) / batch_size
    ### END SOLUTION


# %%
def SSE(y, t):
    """Sum of squared errors ``sum((y - t)**2)`` over all elements.

    y, t: same shape (scalar or array). Returns a float. Mutates nothing.
    """
    # Hint: square the differences and add them all up.
    ### BEGIN SOLUTION
    y = np.asarray(y, dtype=float)
    t = np.asarray(t, dtype=float)
    return np.sum((y - t) ** 2)
    ### END SOLUTION


# %%
def RMSE(y, t):
    """Root mean squared error ``sqrt(mean((y - t)**2))`` over all elements.

    y, t: same shape (scalar or array). Returns a float. Mutates nothing.
    """
    # Hint: the square root of the mean of the squared differences.
    ### BEGIN SOLUTION
    y = np.asarray(y, dtype=float)
    t = np.asarray(t, dtype=float)
    return np.sqrt(np.mean((y - t) ** 2))
    ### END SOLUTION


# %% [markdown]
# ## Cross-entropy error · 교차 엔트로피 오차
#
# $$E = -\frac{1}{N}\sum_{n}\sum_{k} t_{nk} \log y_{nk}$$
#
# Add a tiny $10^{-7}$ inside the log so that $\log 0 = -\infty$ never appears. A 1-D `y` is a batch
# of one. `t` may be one-hot (same shape as `y`) or the class indices (shape `(N,)`; for one sample,
# a single int): with indices, only the predicted probability of the correct class counts,
# $E = -\frac{1}{N}\sum_n \log y_{n, t_n}$.
#
# 분류 문제의 손실입니다. $\log 0$을 피하려고 $10^{-7}$을 더하고, 배치 크기 $N$으로 나눕니다. 정답 `t`는 원-핫이거나 정답 인덱스일 수 있습니다.
#
# Example from the lecture: $\hat{y} = [0.7, 0.3]$, correct class 1 (one-hot $[0, 1]$):
# `CEE([0.7, 0.3], [0, 1])` = `CEE([0.7, 0.3], 1)` → $-\log(0.3 + 10^{-7})$ ≈ `1.2039725`.

# %%
def CEE(y, t):
    """Cross-entropy error ``-sum(t * log(y + 1e-7)) / batch_size``.

    y: 1-D probabilities (a batch of one) or 2-D batch (N, C). t: one-hot of y's shape, or integer
    class indices of shape (N,) (a single int for 1-D y). Returns a float. Mutates nothing.
    Raises IndexError for a class index outside ``range(C)``.
    """
    y = np.asarray(y, dtype=float)
    t = np.asarray(t)
    if y.ndim == 1:
        y = y.reshape(1, y.size)
    batch_size = y.shape[0]
    # Hint: one-hot t has as many elements as y; with indices, pick y[n, t[n]] for every row n.
    ### BEGIN SOLUTION
    if t.size == y.size:
        t = t.reshape(y.shape)
        return -np.sum(t * np.log(y + 1e-7)) / batch_size  # 1e-7 keeps log away from log(0)
    t = t.reshape(batch_size)
    return -np.sum(np.log(y[np.arange(batch_size), t] + 1e-7)) / batch_size
    ### END SOLUTION


# %% [markdown]
# ## Binary cross-entropy · 이진 교차 엔트로피
#
# $$E = -\frac{1}{N}\sum_{i=1}^{N} \Big( t_i \log y_i + (1 - t_i) \log(1 - y_i) \Big)$$
#
# For outputs that are one probability each (a sigmoid output): $y$ is the probability of class 1,
# $1 - y$ that of class 0. Add $10^{-7}$ inside both logs and take the mean over all elements.
#
# 출력이 확률(0~1) 하나일 때 쓰는 손실입니다. 두 로그 안에 $10^{-7}$을 더하고 전체 평균을 구합니다.
#
# Example: `BCE([0.5], [1])` → $-\log(0.5 + 10^{-7})$ ≈ `0.6931470`.

# %%
def BCE(y, t):
    """Binary cross-entropy ``-mean(t*log(y + 1e-7) + (1 - t)*log(1 - y + 1e-7))``.

    y: probabilities in [0, 1], scalar or array; t: 0/1 targets of y's shape. Returns a float.
    Mutates nothing.
    """
    # Hint: the lecture's formula term by term, with 1e-7 inside each log, averaged with np.mean.
    ### BEGIN SOLUTION
    y = np.asarray(y, dtype=float)
    t = np.asarray(t, dtype=float)
    return -np.mean(t * np.log(y + 1e-7) + (1 - t) * np.log(1 - y + 1e-7))
    ### END SOLUTION
