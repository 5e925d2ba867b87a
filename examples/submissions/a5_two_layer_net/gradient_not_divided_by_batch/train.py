"""Mini-batch training loop for TwoLayerNet with loss and accuracy history (a5_two_layer_net)."""
import numpy as np


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
