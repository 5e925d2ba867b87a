# %% [markdown]
# # Assignment 5 · A two-layer network (part 2: training on digits)
# 과제 5 · 2층 신경망 (2부: 손글씨 숫자 학습)
#
# Train the `TwoLayerNet` of part 1 with mini-batch stochastic gradient descent, the four steps
# of the lecture repeated `iters_num` times:
#
# 1. **mini-batch** — draw `batch_size` random training samples;
# 2. **gradient** — `network.gradient(x_batch, t_batch)` (backpropagation);
# 3. **update** — move every parameter a little against its gradient;
# 4. **repeat**, recording the loss and, once per epoch, the accuracies.
#
# 미니배치 → 기울기 산출 → 매개변수 갱신 → 반복, 학습의 4단계를 구현합니다.
#
# Fill in every `raise NotImplementedError(...)`, then check your work:
#
# ```
# autograder check a5_two_layer_net train.py
# pytest tests/
# ```
#
# 각 `raise NotImplementedError(...)` 자리를 채운 뒤 위 명령으로 확인하세요.

# %%
"""Mini-batch training loop for TwoLayerNet with loss and accuracy history (a5_two_layer_net)."""
import numpy as np

# %% [markdown]
# ## The training loop · 학습 루프
#
# Plain SGD updates each parameter *in place*, so the layers, which share the arrays of
# `network.params`, see the new values:
#
# $$W \leftarrow W - \eta \frac{\partial L}{\partial W}$$
#
# in code `network.params[key] -= learning_rate * grads[key]` for every key of `grads`
# (`params[key] = params[key] - ...` would build a new array the layers never see). When an
# `optimizer` is given (any object with `update(params, grads)`, e.g. `Momentum` or `Adam` from
# assignment 3), call `optimizer.update(network.params, grads)` instead.
#
# 갱신은 반드시 제자리(in place, `-=`)에서 해야 계층들이 바뀐 가중치를 봅니다. `optimizer`가 주어지면 그 `update`를 씁니다.
#
# Batches are drawn with `rng.choice(train_size, batch_size)` from
# `rng = np.random.default_rng(seed)`, so a run is reproducible. After each update append
# `network.loss(x_batch, t_batch)` to `train_loss`. With `epoch_len = max(train_size // batch_size, 1)`,
# at every iteration `i` with `i % epoch_len == 0` — *before* that iteration's update, so the
# first entry is the untrained network — append the accuracy on the whole training set and on
# the test set. Return `{'train_loss': [...], 'train_acc': [...], 'test_acc': [...]}` (floats).
#
# 반복마다 손실을 기록하고, 에폭마다(갱신 전에) 훈련·시험 정확도를 기록합니다.
#
# Lecture (MNIST, `x_train` 60000 × 784): `TwoLayerNet(784, 50, 10)`, `iters_num=10000`,
# `batch_size=100`, `learning_rate=0.1` → 600 iterations per epoch, 17 accuracy entries, test
# accuracy about 0.97. On scikit-learn's 8×8 digits (1438 training images of 64 pixels, 359 test images,
# `epoch_len = 14`), `TwoLayerNet(64, 50, 10)` with `iters_num=2000` reaches a test accuracy
# above 0.9 in about a second:
#
# ```
# from autograder.datasets import load_digits_split
# from two_layer_net import TwoLayerNet
# x_train, t_train, x_test, t_test = load_digits_split()
# np.random.seed(0)
# history = train(TwoLayerNet(64, 50, 10), x_train, t_train, x_test, t_test, iters_num=2000)
# history['test_acc'][-1]   # about 0.97
# ```
#
# 강의의 MNIST 설정은 은닉층 50, 반복 10000회, 배치 100, 학습률 0.1입니다. 8×8 digits 데이터로는 2000회 반복으로 시험 정확도 0.9 이상이 나옵니다.

# %%
def train(network, x_train, t_train, x_test, t_test, iters_num=10000, batch_size=100,
          learning_rate=0.1, optimizer=None, seed=0):
    """Mini-batch training of ``network``; returns the history of loss and accuracies.

    network: has ``params`` (dict of arrays), ``gradient(x, t)`` (dict keyed like params),
    ``loss(x, t)`` and ``accuracy(x, t)``, e.g. a ``TwoLayerNet``. x_train (N, ...), t_train labels
    (N,) or one-hot (N, C); likewise the test set. optimizer: None for plain SGD with
    ``learning_rate``, or any object with ``update(params, grads)``.

    Returns ``{'train_loss': [iters_num floats], 'train_acc': [...], 'test_acc': [...]}``, the
    accuracies recorded before the update of every iteration i with i % epoch_len == 0,
    epoch_len = max(N // batch_size, 1). Mutates ``network.params`` in place (and the optimizer's
    state). Raises ValueError if batch_size < 1.
    """
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, got {batch_size}")
    rng = np.random.default_rng(seed)
    history = {'train_loss': [], 'train_acc': [], 'test_acc': []}
    # Hint: each iteration: accuracies if i % epoch_len == 0, batch, gradient, in-place update, loss.
    ### BEGIN SOLUTION
    x_train, t_train = np.asarray(x_train), np.asarray(t_train)
    train_size = x_train.shape[0]
    epoch_len = max(train_size // batch_size, 1)

    for i in range(iters_num):
        if i % epoch_len == 0:
            history['train_acc'].append(float(network.accuracy(x_train, t_train)))
            history['test_acc'].append(float(network.accuracy(x_test, t_test)))

        batch_mask = rng.choice(train_size, batch_size)
        x_batch = x_train[batch_mask]
        t_batch = t_train[batch_mask]

        grads = network.gradient(x_batch, t_batch)
        if optimizer is None:
            for key in grads:
                network.params[key] -= learning_rate * grads[key]
        else:
            optimizer.update(network.params, grads)

        history['train_loss'].append(float(network.loss(x_batch, t_batch)))
    return history
    ### END SOLUTION
