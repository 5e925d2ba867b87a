# %% [markdown]
# # Assignment 3 · Numerical gradient and gradient descent
# 과제 3 · 수치 미분과 경사 하강법
#
# Training a network means finding the weights that make the loss smallest. The *gradient* — the
# vector of partial derivatives — points to where the function grows fastest, so stepping against
# it lowers the loss. In this module you compute derivatives numerically (central difference),
# the gradient of a function of an array of any shape, and run gradient descent.
# (The optimizers SGD, Momentum, AdaGrad, RMSprop, Adam and Adadelta are in `optimizer.py`.)
#
# 수치 미분(중심 차분)으로 기울기를 구하고, 경사 하강법으로 함수의 최솟값을 찾습니다.
#
# Fill in every `raise NotImplementedError(...)`, then check your work:
#
# ```
# autograder check a3_gradient gradient.py
# pytest tests/
# ```
#
# 각 `raise NotImplementedError(...)` 자리를 채운 뒤 위 명령으로 확인하세요.

# %%
"""Numerical differentiation and gradient descent (a3_gradient).

Every ``f`` here is an ordinary Python callable ``f(x) -> float``.
"""
import numpy as np

# %% [markdown]
# ## Numerical derivative · 수치 미분
#
# The derivative is the limit $\frac{df(x)}{dx} = \lim_{h \to 0} \frac{f(x+h) - f(x)}{h}$. On a
# computer, use a small but not tiny $h = 10^{-4}$ (a smaller $h$ drowns in rounding error) and the
# *central* difference, which is more accurate than the forward one:
#
# $$\frac{df(x)}{dx} \approx \frac{f(x+h) - f(x-h)}{2h}$$
#
# 미분의 정의를 컴퓨터로 근사합니다. $h = 10^{-4}$와 중심 차분 $(f(x+h) - f(x-h)) / 2h$를 사용합니다.
#
# Example (the lecture's partial derivative): for $f(x_0) = x_0^2 + 4^2$,
# `numerical_diff(f, 3.0)` → `6.0000...` $= 2 x_0$ at $x_0 = 3$.

# %%
def numerical_diff(f, x, h=1e-4):
    """Central difference ``(f(x + h) - f(x - h)) / (2 * h)``.

    f: callable of one number returning a float; x: a number. Returns a float. Mutates nothing.
    """
    # Hint: evaluate f a step h to the right and to the left of x, and divide by the distance 2h.
    ### BEGIN SOLUTION
    return (f(x + h) - f(x - h)) / (2 * h)
    ### END SOLUTION


# %% [markdown]
# ## Gradient · 기울기
#
# For a function of several variables, the gradient collects the partial derivatives:
#
# $$\nabla f = \left(\frac{\partial f}{\partial x_0}, \frac{\partial f}{\partial x_1}, \dots\right)$$
#
# Compute each one with the central difference, changing one element of `x` at a time (with
# `h = 1e-4`) and putting its original value back before moving on. `x` may have any shape (a weight
# matrix is 2-D): walk over every index with `np.ndindex(x.shape)` or `np.nditer`. Change `x` in
# place, because `f` may look at the array itself rather than at its argument (the two-layer net in
# assignment 5 does exactly that), and restore it exactly afterwards.
#
# 편미분을 벡터로 모은 것이 기울기입니다. `x`의 원소를 하나씩 $\pm h$만큼 바꿔 중심 차분을 구하고, 원래 값으로 되돌립니다. `x`는 어떤 모양이든 됩니다.
#
# Example from the lecture: $f(x_0, x_1) = x_0^2 + x_1^2$;
# `numerical_gradient(f, np.array([3.0, 4.0]))` → `array([6., 8.])`;
# at $(0, 2)$ → `array([0., 4.])`.

# %%
def numerical_gradient(f, x):
    """Gradient of ``f`` at ``x`` by central differences (``h = 1e-4``), element by element.

    f: callable ``f(x) -> float``; x: float array of any shape. Each element of ``x`` is moved
    in place to ``x ± h`` while ``f`` is evaluated and then restored exactly, so on return ``x``
    holds its original values. A non-float ``x`` (int array, list, scalar) is first copied to a
    float array, and ``f`` is called with that copy. Returns a float array of x's shape.
    Raises ValueError if ``x`` is a read-only array.
    """
    h = 1e-4
    if not (isinstance(x, np.ndarray) and np.issubdtype(x.dtype, np.floating)):
        x = np.array(x, dtype=float)  # an int array cannot hold x ± h
    grad = np.zeros(x.shape, dtype=float)
    # Hint: for each index, evaluate f at x[idx] + h and x[idx] - h, then put the saved value back.
    ### BEGIN SOLUTION
    for idx in np.ndindex(x.shape):
        tmp_val = x[idx]
        x[idx] = tmp_val + h
        fxh1 = f(x)
        x[idx] = tmp_val - h
        fxh2 = f(x)
        grad[idx] = (fxh1 - fxh2) / (2 * h)
        x[idx] = tmp_val
    ### END SOLUTION
    return grad


# %% [markdown]
# ## Gradient descent · 경사 하강법
#
# Step against the gradient, scaled by the learning rate $\eta$, again and again:
#
# $$\mathbf{x} \leftarrow \mathbf{x} - \eta \, \nabla f(\mathbf{x})$$
#
# Work on a float copy of `init_x` (the caller's array must not change) and record `x` *before* each
# step, so `history[0]` is the starting point and `history` has shape `(step_num, *x.shape)`.
#
# 학습률 $\eta$만큼 기울기의 반대 방향으로 반복해서 이동합니다. `init_x`의 복사본으로 작업하고, 매 단계 *이전*의 `x`를 기록합니다.
#
# Lecture lab: $f(x) = (x - 3)^2 + 10$, so $f'(x) = 2x - 6$; start at $x = 10$ with $\eta = 0.2$.
# Each step is $x \leftarrow x - 0.2(2x - 6)$:
#
# | step | 1 | 2 | 3 | 4 | 5 | … | 100 |
# |------|---|---|---|---|---|---|-----|
# | x    | 7.2 | 5.52 | 4.512 | 3.9072 | 3.54432 | … | 3.0 |
#
# `gradient_descent(lambda x: (x - 3)**2 + 10, 10.0, lr=0.2, step_num=5)` →
# `(array(3.54432), array([10., 7.2, 5.52, 4.512, 3.9072]))` (up to rounding).

# %%
def gradient_descent(f, init_x, lr=0.01, step_num=100):
    """Gradient descent: ``x -= lr * numerical_gradient(f, x)``, ``step_num`` times.

    f: callable ``f(x) -> float``; init_x: scalar or array of any shape (not modified; the
    descent runs on a float copy). Returns ``(x, history)``: the final float array ``x`` of
    init_x's shape, and ``history``, a float array of shape ``(step_num, *x.shape)`` whose row
    ``i`` is ``x`` before step ``i``.
    """
    x = np.array(init_x, dtype=float)
    history = np.zeros((step_num, *x.shape))
    # Hint: in each step, save x into history first, then move x against its numerical gradient.
    ### BEGIN SOLUTION
    for i in range(step_num):
        history[i] = x
        x -= lr * numerical_gradient(f, x)
    ### END SOLUTION
    return x, history
