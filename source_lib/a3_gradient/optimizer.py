# %% [markdown]
# # Assignment 3 · Optimizers
# 과제 3 · 최적화 기법(옵티마이저)
#
# Plain gradient descent uses one learning rate for every weight and forgets past steps. The
# optimizers of the lecture improve on it: Momentum adds inertia, AdaGrad and RMSprop shrink the
# step of weights that keep getting large gradients, Adam combines Momentum with RMSprop, and
# Adadelta needs no learning rate at all. Every class has the same method `update(params, grads)`:
# `params` and `grads` are dicts of numpy arrays with the same keys (`'W1'`, `'b1'`, …), and
# `update` changes the arrays in `params` *in place* (`params[key] -= ...`), because the network's
# layers share those very arrays. Per-weight state (`v`, `h`, `m`, …) is created on the first
# update as zeros shaped like each parameter.
#
# 모든 옵티마이저는 `update(params, grads)` 메서드 하나로 `params`의 배열을 제자리에서(in place) 갱신합니다. 상태 변수는 첫 갱신 때 0으로 만들어집니다.
#
# Fill in every `raise NotImplementedError(...)`, then check your work:
#
# ```
# autograder check a3_gradient optimizer.py
# pytest tests/
# ```
#
# 각 `raise NotImplementedError(...)` 자리를 채운 뒤 위 명령으로 확인하세요.

# %%
"""Optimizers with a common ``update(params, grads)`` over dicts of arrays (a3_gradient).

``update`` modifies the arrays of ``params`` in place and never modifies ``grads``.
"""
import numpy as np

# %% [markdown]
# ## SGD · 확률적 경사 하강법
#
# $$W \leftarrow W - \eta \frac{\partial L}{\partial W}$$
#
# 기울기 방향의 반대로 학습률만큼 이동합니다.
#
# Example: `params = {'W': np.array([1.0, 2.0])}`, `grads = {'W': np.array([0.5, -1.0])}`,
# `SGD(lr=0.1).update(params, grads)` → `params['W']` is `array([0.95, 2.1])`.

# %%
class SGD:
    """Stochastic gradient descent: ``p -= lr * g`` for every key."""

    def __init__(self, lr=0.01):
        self.lr = lr

    def update(self, params, grads):
        """Update every array of ``params`` in place from ``grads`` (same keys). Returns None."""
        # Hint: for every key, subtract lr times the gradient from the parameter, in place (-=).
        ### BEGIN SOLUTION
        for key in params.keys():
            params[key] -= self.lr * grads[key]
        ### END SOLUTION


# %% [markdown]
# ## Momentum · 모멘텀
#
# $$v \leftarrow \alpha v - \eta \frac{\partial L}{\partial W}, \qquad W \leftarrow W + v$$
#
# $v$ is a velocity: past gradients keep pushing in the same direction (inertia, 관성), which damps
# zig-zags. $\alpha$ is `momentum` (0.9).
#
# 이전 단계의 기울기를 고려해 관성을 부여합니다. $v$는 처음에 0입니다.
#
# Example: first update from $v = 0$ with $\eta = 0.1$, $g = 0.5$: $v = -0.05$, $W: 1.0 \to 0.95$;
# a second update with the same $g$: $v = 0.9 \cdot (-0.05) - 0.05 = -0.095$, $W \to 0.855$.

# %%
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
        ### BEGIN SOLUTION
        for key in params.keys():
            self.v[key] = self.momentum * self.v[key] - self.lr * grads[key]
            params[key] += self.v[key]
        ### END SOLUTION


# %% [markdown]
# ## AdaGrad · 아다그라드
#
# $$h \leftarrow h + \frac{\partial L}{\partial W} \odot \frac{\partial L}{\partial W}, \qquad
# W \leftarrow W - \eta \frac{1}{\sqrt{h} + \epsilon} \frac{\partial L}{\partial W}$$
#
# $h$ sums the squared gradients of each weight, so weights that changed a lot get smaller steps.
# $\epsilon = 10^{-7}$ only prevents a division by zero.
#
# 기울기 제곱의 합 $h$가 커질수록 그 가중치의 학습률이 작아집니다. $\epsilon = 10^{-7}$은 0으로 나누기를 막습니다.
#
# Example: first update with $\eta = 0.1$, $g = 0.5$: $h = 0.25$, $W: 1.0 \to 1.0 - 0.1 \cdot 0.5 / 0.5 \approx 0.9$.

# %%
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
        ### BEGIN SOLUTION
        for key in params.keys():
            self.h[key] += grads[key] * grads[key]
            params[key] -= self.lr * grads[key] / (np.sqrt(self.h[key]) + 1e-7)  # 1e-7: no 0-division
        ### END SOLUTION


# %% [markdown]
# ## RMSprop · 알엠에스프롭
#
# $$h \leftarrow \gamma h + (1 - \gamma) g^2, \qquad W \leftarrow W - \frac{\eta}{\sqrt{h} + \epsilon} g$$
#
# Like AdaGrad, but $h$ is an exponential moving average (EMA) of the squared gradients, so old
# gradients fade and the learning rate does not shrink to zero. $\gamma$ is `decay_rate` (0.99).
#
# AdaGrad와 같지만 $h$가 기울기 제곱의 지수 이동 평균이라 오래된 기울기는 잊혀집니다.
#
# Example: first update with $\eta = 0.01$, $\gamma = 0.99$, $g = 0.5$: $h = 0.01 \cdot 0.25 = 0.0025$,
# $W: 1.0 \to 1.0 - 0.01 \cdot 0.5 / 0.05 \approx 0.9$ (the first steps are large: $h$ starts at 0).

# %%
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
        ### BEGIN SOLUTION
        for key in params.keys():
            self.h[key] *= self.decay_rate
            self.h[key] += (1 - self.decay_rate) * grads[key] * grads[key]
            params[key] -= self.lr * grads[key] / (np.sqrt(self.h[key]) + 1e-7)  # 1e-7: no 0-division
        ### END SOLUTION


# %% [markdown]
# ## Adam · 아담
#
# $$m_t = \beta_1 m_{t-1} + (1 - \beta_1) g_t, \qquad v_t = \beta_2 v_{t-1} + (1 - \beta_2) g_t^2$$
#
# $$W_{t+1} = W_t - \frac{\eta}{\sqrt{v_t} + \epsilon} \frac{\sqrt{1 - \beta_2^t}}{1 - \beta_1^t} m_t$$
#
# Momentum ($m$) and RMSprop ($v$) combined. Count the updates in $t$ (start at 0, add 1 *before*
# each update). Because $m$ and $v$ start at 0 they are too small at first; the factor
# $\sqrt{1-\beta_2^t}/(1-\beta_1^t)$ corrects that bias, so the very first step moves each weight by
# about $\eta$ whatever the size of its gradient. Write $m \leftarrow m + (1 - \beta_1)(g - m)$,
# which is the same as the EMA above.
#
# 모멘텀과 RMSprop을 합친 방법입니다. $t$는 갱신 횟수이며, 편향 보정 때문에 첫 갱신은 기울기 크기와 상관없이 약 $\eta$만큼 움직입니다.
#
# Example: first update with $\eta = 0.001$, $g = 0.5$: $m = 0.05$, $v = 0.00025$, and
# $W: 1.0 \to 1.0 - 0.001 \cdot \frac{\sqrt{0.001}}{0.1} \cdot \frac{0.05}{\sqrt{0.00025} + 10^{-7}} \approx 0.999$.

# %%
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
        ### BEGIN SOLUTION
        self.iter += 1
        lr_t = self.lr * np.sqrt(1.0 - self.beta2**self.iter) / (1.0 - self.beta1**self.iter)
        for key in params.keys():
            self.m[key] += (1 - self.beta1) * (grads[key] - self.m[key])
            self.v[key] += (1 - self.beta2) * (grads[key] ** 2 - self.v[key])
            params[key] -= lr_t * self.m[key] / (np.sqrt(self.v[key]) + 1e-7)  # 1e-7: no 0-division
        ### END SOLUTION


# %% [markdown]
# ## Adadelta · 아다델타
#
# $$G_t = \rho\, G_{t-1} + (1 - \rho) g_t^2, \qquad
# \Delta W_t = -\frac{\sqrt{H_{t-1} + \epsilon}}{\sqrt{G_t + \epsilon}}\, g_t$$
#
# $$H_t = \rho\, H_{t-1} + (1 - \rho)(\Delta W_t)^2, \qquad W_{t+1} = W_t + \Delta W_t$$
#
# AdaGrad's fix without a learning rate: the step size is the ratio of two moving averages, that
# of the past squared steps ($H$) over that of the squared gradients ($G$). $\rho = 0.95$,
# $\epsilon = 10^{-6}$ (here $\epsilon$ sits inside both square roots).
#
# 학습률이 없는 방법입니다. 과거 이동량 제곱의 이동 평균 $H$와 기울기 제곱의 이동 평균 $G$의 비율로 보폭을 정합니다.
#
# Example: first update with $g = 0.5$: $G = 0.0125$,
# $\Delta W = -\sqrt{10^{-6}} / \sqrt{0.0125 + 10^{-6}} \cdot 0.5 \approx -0.004472$,
# $H = 0.05 \cdot \Delta W^2 \approx 1.0 \times 10^{-6}$, $W: 1.0 \to 0.995528$.

# %%
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
        ### BEGIN SOLUTION
        for key in params.keys():
            self.G[key] = self.rho * self.G[key] + (1 - self.rho) * grads[key] * grads[key]
            dx = -np.sqrt(self.H[key] + self.eps) / np.sqrt(self.G[key] + self.eps) * grads[key]
            self.H[key] = self.rho * self.H[key] + (1 - self.rho) * dx * dx
            params[key] += dx
        ### END SOLUTION
