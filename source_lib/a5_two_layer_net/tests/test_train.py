"""Public tests for train.py: the history it returns and that training lowers the loss."""
import numpy as np

from train import train
from two_layer_net import TwoLayerNet


def blobs(n=60, seed=0):
    """Three well-separated clusters in 2-D, labels 0..2."""
    rng = np.random.default_rng(seed)
    centers = np.array([[2.0, 0.0], [-2.0, 2.0], [-2.0, -2.0]])
    t = np.arange(n) % 3
    x = centers[t] + 0.3 * rng.normal(size=(n, 2))
    return x, t


def fresh_net():
    np.random.seed(0)
    return TwoLayerNet(input_size=2, hidden_size=8, output_size=3, weight_init_std=0.5)


def test_train_returns_one_loss_per_iteration_and_accuracies_once_per_epoch():
    x, t = blobs()
    history = train(fresh_net(), x, t, x, t, iters_num=25, batch_size=10, learning_rate=0.1)
    assert sorted(history) == ["test_acc", "train_acc", "train_loss"]
    assert len(history["train_loss"]) == 25
    # epoch_len = 60 // 10 = 6 -> recorded at i = 0, 6, 12, 18, 24
    assert len(history["train_acc"]) == 5
    assert len(history["test_acc"]) == 5


def test_train_records_the_first_accuracy_before_any_update():
    x, t = blobs()
    untrained = fresh_net().accuracy(x, t)
    history = train(fresh_net(), x, t, x, t, iters_num=5, batch_size=10)
    np.testing.assert_allclose(history["train_acc"][0], untrained, rtol=0, atol=1e-12)


def test_train_lowers_the_loss_and_learns_separable_clusters():
    x, t = blobs()
    net = fresh_net()
    history = train(net, x, t, x, t, iters_num=300, batch_size=10, learning_rate=0.1)
    assert history["train_loss"][-1] < history["train_loss"][0]
    assert net.accuracy(x, t) > 0.9
