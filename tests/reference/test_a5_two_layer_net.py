"""Reference tests for a5_two_layer_net (two_layer_net.py, train.py) and autograder.datasets.

The checks that carry weight in the curriculum: backprop ``gradient`` agrees with
``numerical_gradient`` on random small networks away from the ReLU kink, and training on the
bundled 8x8 digits reaches a test accuracy of at least 0.90.
"""
import math
from collections import OrderedDict

import numpy as np
import pytest

from autograder.datasets import load_digits_split, load_mnist_npz
from train import train
from two_layer_net import TwoLayerNet

KEYS = ("W1", "b1", "W2", "b2")


def relative_error(a, b):
    """max|a - b| / max(max(|a| + |b|), 1e-8), over all elements of the two arrays."""
    return np.max(np.abs(a - b)) / max(np.max(np.abs(a) + np.abs(b)), 1e-8)


def net_away_from_the_kink(seed, input_size=4, hidden_size=5, output_size=3, batch=6):
    """A random TwoLayerNet and batch whose ReLU pre-activations all have |z| > 1e-2.

    Draws weights, biases and inputs and rejects them until no pre-activation is near 0, where
    the numerical gradient (h = 1e-4) would straddle the kink and mean nothing.
    """
    rng = np.random.default_rng(seed)
    for _ in range(1000):
        np.random.seed(int(rng.integers(2**31)))
        net = TwoLayerNet(input_size, hidden_size, output_size, weight_init_std=0.5)
        net.params["b1"][...] = rng.normal(scale=0.5, size=hidden_size)  # in place: layers share it
        net.params["b2"][...] = rng.normal(scale=0.5, size=output_size)
        x = rng.normal(size=(batch, input_size))
        z = x @ net.params["W1"] + net.params["b1"]
        if np.all(np.abs(z) > 1e-2):
            t = rng.integers(0, output_size, size=batch)
            return net, x, t
    raise AssertionError("could not draw a network away from the ReLU kink")


# --- TwoLayerNet structure ---------------------------------------------------------------------

def test_params_are_weight_init_std_times_randn_and_zero_biases():
    np.random.seed(7)
    net = TwoLayerNet(3, 4, 2, weight_init_std=0.05)
    np.random.seed(7)
    W1 = 0.05 * np.random.randn(3, 4)
    W2 = 0.05 * np.random.randn(4, 2)
    np.testing.assert_allclose(net.params["W1"], W1, rtol=1e-12)
    np.testing.assert_allclose(net.params["W2"], W2, rtol=1e-12)
    np.testing.assert_array_equal(net.params["b1"], np.zeros(4))
    np.testing.assert_array_equal(net.params["b2"], np.zeros(2))


def test_layers_are_an_ordered_dict_affine1_relu1_affine2_sharing_params():
    net = TwoLayerNet(3, 4, 2)
    assert isinstance(net.layers, OrderedDict)
    assert list(net.layers) == ["Affine1", "Relu1", "Affine2"]
    assert net.layers["Affine1"].W is net.params["W1"]
    assert net.layers["Affine1"].b is net.params["b1"]
    assert net.layers["Affine2"].W is net.params["W2"]
    assert net.layers["Affine2"].b is net.params["b2"]
    assert type(net.lastLayer).__name__ == "SoftmaxWithLoss"


def test_predict_is_relu_affine_composition():
    net, x, _ = net_away_from_the_kink(0)
    p = net.params
    expected = np.maximum(x @ p["W1"] + p["b1"], 0) @ p["W2"] + p["b2"]
    np.testing.assert_allclose(net.predict(x), expected, rtol=1e-12, atol=1e-12)


def test_loss_with_labels_equals_loss_with_one_hot():
    net, x, t = net_away_from_the_kink(1)
    np.testing.assert_allclose(net.loss(x, t), net.loss(x, np.eye(3)[t]), rtol=1e-12)


def test_accuracy_with_labels_equals_accuracy_with_one_hot():
    net, x, t = net_away_from_the_kink(2)
    np.testing.assert_allclose(net.accuracy(x, t), net.accuracy(x, np.eye(3)[t]), rtol=0, atol=1e-12)


def test_accuracy_counts_rows_whose_top_score_is_the_label():
    net = TwoLayerNet(2, 2, 2)
    net.predict = lambda x: np.array([[0.1, 0.8], [0.9, 0.2], [0.3, 0.6], [0.7, 0.1]])
    np.testing.assert_allclose(net.accuracy(np.zeros((4, 2)), np.array([1, 0, 0, 0])), 0.75, rtol=0, atol=1e-12)


# --- gradient check ----------------------------------------------------------------------------

@pytest.mark.parametrize("seed", range(5))
def test_gradient_agrees_with_numerical_gradient_below_1e_5_relative_error(seed):
    net, x, t = net_away_from_the_kink(seed)
    backprop, numerical = net.gradient(x, t), net.numerical_gradient(x, t)
    for key in KEYS:
        assert backprop[key].shape == net.params[key].shape
        error = relative_error(backprop[key], numerical[key])
        assert error < 1e-5, f"{key}: relative error {error:.2e} between gradient and numerical_gradient"


def test_gradient_agrees_with_numerical_gradient_for_one_hot_targets():
    net, x, t = net_away_from_the_kink(10)
    one_hot = np.eye(3)[t]
    backprop, numerical = net.gradient(x, one_hot), net.numerical_gradient(x, one_hot)
    for key in KEYS:
        assert relative_error(backprop[key], numerical[key]) < 1e-5, key


def test_gradient_and_numerical_gradient_leave_params_unchanged():
    net, x, t = net_away_from_the_kink(11)
    before = {key: net.params[key].copy() for key in KEYS}
    net.gradient(x, t)
    net.numerical_gradient(x, t)
    for key in KEYS:
        np.testing.assert_array_equal(net.params[key], before[key], err_msg=key)


# --- train() -------------------------------------------------------------------------------------

def blobs(n=50, seed=0):
    rng = np.random.default_rng(seed)
    centers = np.array([[2.0, 0.0], [-2.0, 2.0], [-2.0, -2.0]])
    t = np.arange(n) % 3
    return centers[t] + 0.3 * rng.normal(size=(n, 2)), t


def blob_net():
    np.random.seed(0)
    return TwoLayerNet(2, 6, 3, weight_init_std=0.5)


def test_train_returns_lists_of_the_documented_lengths():
    x, t = blobs(n=50)
    history = train(blob_net(), x, t, x[:20], t[:20], iters_num=23, batch_size=8)
    epoch_len = 50 // 8  # 6: accuracies at i = 0, 6, 12, 18
    assert sorted(history) == ["test_acc", "train_acc", "train_loss"]
    assert len(history["train_loss"]) == 23
    assert len(history["train_acc"]) == math.ceil(23 / epoch_len) == 4
    assert len(history["test_acc"]) == 4
    assert all(isinstance(value, float) for values in history.values() for value in values)


def test_train_records_the_first_accuracies_before_any_update():
    x, t = blobs()
    x_test, t_test = blobs(seed=1)
    history = train(blob_net(), x, t, x_test, t_test, iters_num=3, batch_size=10)
    np.testing.assert_allclose(history["train_acc"][0], blob_net().accuracy(x, t), rtol=0, atol=1e-12)
    np.testing.assert_allclose(history["test_acc"][0], blob_net().accuracy(x_test, t_test), rtol=0, atol=1e-12)


def test_train_with_batch_larger_than_the_data_records_every_iteration():
    x, t = blobs(n=12)
    history = train(blob_net(), x, t, x, t, iters_num=4, batch_size=100)
    assert len(history["train_acc"]) == 4


def test_train_updates_params_in_place_so_the_layers_see_them():
    x, t = blobs()
    net = blob_net()
    arrays = {key: net.params[key] for key in KEYS}
    before = {key: net.params[key].copy() for key in KEYS}
    train(net, x, t, x, t, iters_num=5, batch_size=10)
    for key in KEYS:
        assert net.params[key] is arrays[key], f"params[{key!r}] was replaced, not updated in place"
        assert not np.array_equal(net.params[key], before[key]), f"params[{key!r}] did not change"
    assert net.layers["Affine1"].W is net.params["W1"]


def test_train_is_sgd_with_learning_rate_on_batches_from_default_rng_seed():
    x, t = blobs()
    net, expected = blob_net(), blob_net()
    train(net, x, t, x, t, iters_num=3, batch_size=10, learning_rate=0.05, seed=4)
    rng = np.random.default_rng(4)
    for _ in range(3):
        mask = rng.choice(len(x), 10)
        grads = expected.gradient(x[mask], t[mask])
        for key in KEYS:
            expected.params[key] -= 0.05 * grads[key]
    for key in KEYS:
        np.testing.assert_allclose(net.params[key], expected.params[key], rtol=1e-12, atol=1e-15)


def test_train_is_reproducible_for_the_same_seed():
    x, t = blobs()
    first = train(blob_net(), x, t, x, t, iters_num=10, batch_size=10, seed=3)
    second = train(blob_net(), x, t, x, t, iters_num=10, batch_size=10, seed=3)
    np.testing.assert_allclose(first["train_loss"], second["train_loss"], rtol=0, atol=0)


def test_train_hands_params_and_grads_to_the_optimizer():
    class Recorder:
        def __init__(self):
            self.calls = []

        def update(self, params, grads):
            self.calls.append((params, sorted(grads)))
            for key in params:
                params[key] -= 0.1 * grads[key]

    x, t = blobs()
    net, optimizer = blob_net(), Recorder()
    train(net, x, t, x, t, iters_num=4, batch_size=10, optimizer=optimizer)
    assert len(optimizer.calls) == 4
    assert all(params is net.params and keys == sorted(KEYS) for params, keys in optimizer.calls)


def test_train_rejects_a_batch_size_below_1():
    x, t = blobs()
    with pytest.raises(ValueError):
        train(blob_net(), x, t, x, t, iters_num=1, batch_size=0)


# --- training on the bundled 8x8 digits ----------------------------------------------------------

def test_two_layer_net_trained_on_digits_reaches_test_accuracy_0_90():
    x_train, t_train, x_test, t_test = load_digits_split(test_fraction=0.2, seed=0)
    np.random.seed(0)
    net = TwoLayerNet(input_size=64, hidden_size=50, output_size=10)
    history = train(net, x_train, t_train, x_test, t_test,
                    iters_num=2000, batch_size=100, learning_rate=0.1, seed=0)
    assert history["test_acc"][0] < 0.3
    assert net.accuracy(x_test, t_test) >= 0.90
    assert history["train_loss"][-1] < history["train_loss"][0]


# --- autograder.datasets -------------------------------------------------------------------------

def test_load_digits_split_gives_scaled_float_images_and_integer_labels():
    x_train, t_train, x_test, t_test = load_digits_split()
    assert x_train.shape == (1438, 64) and x_test.shape == (359, 64)
    assert t_train.shape == (1438,) and t_test.shape == (359,)
    assert x_train.dtype == np.float64 and np.issubdtype(t_train.dtype, np.integer)
    assert x_train.min() >= 0.0 and x_train.max() == 1.0
    assert set(np.unique(t_train)) == set(range(10))


def test_load_digits_split_is_deterministic_and_changes_with_the_seed():
    first, second, other = load_digits_split(seed=0), load_digits_split(seed=0), load_digits_split(seed=1)
    for a, b in zip(first, second):
        np.testing.assert_array_equal(a, b)
    assert not np.array_equal(first[1], other[1])


def test_load_digits_split_rejects_a_test_fraction_outside_0_1():
    with pytest.raises(ValueError):
        load_digits_split(test_fraction=1.0)


def test_load_mnist_npz_flattens_and_scales_a_local_file(tmp_path):
    rng = np.random.default_rng(0)
    path = tmp_path / "mnist.npz"
    np.savez(
        path,
        x_train=rng.integers(0, 256, size=(5, 28, 28), dtype=np.uint8),
        t_train=np.eye(10, dtype=np.uint8)[[3, 1, 4, 1, 5]],
        x_test=rng.integers(0, 256, size=(2, 1, 28, 28), dtype=np.uint8),
        t_test=np.array([9, 2], dtype=np.uint8),
    )
    x_train, t_train, x_test, t_test = load_mnist_npz(path)
    assert x_train.shape == (5, 784) and x_test.shape == (2, 784)
    assert x_train.dtype == np.float64 and 0.0 <= x_train.min() and x_train.max() <= 1.0
    np.testing.assert_array_equal(t_train, [3, 1, 4, 1, 5])
    np.testing.assert_array_equal(t_test, [9, 2])


def test_load_mnist_npz_names_a_missing_array(tmp_path):
    path = tmp_path / "partial.npz"
    np.savez(path, x_train=np.zeros((1, 784)), t_train=np.zeros(1))
    with pytest.raises(KeyError, match="x_test"):
        load_mnist_npz(path)
