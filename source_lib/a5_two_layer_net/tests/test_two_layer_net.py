"""Public tests for two_layer_net.py: structure, shapes, and backprop agreeing with numerical gradients."""
from collections import OrderedDict

import numpy as np

from two_layer_net import TwoLayerNet


def small_net(seed=0):
    np.random.seed(seed)
    return TwoLayerNet(input_size=4, hidden_size=5, output_size=3)


def test_params_have_the_shapes_of_input_hidden_and_output_sizes():
    net = small_net()
    shapes = {key: net.params[key].shape for key in ("W1", "b1", "W2", "b2")}
    assert shapes == {"W1": (4, 5), "b1": (5,), "W2": (5, 3), "b2": (3,)}


def test_biases_start_at_zero():
    net = small_net()
    np.testing.assert_array_equal(net.params["b1"], np.zeros(5))
    np.testing.assert_array_equal(net.params["b2"], np.zeros(3))


def test_layers_are_affine1_relu1_affine2_in_an_ordered_dict():
    net = small_net()
    assert isinstance(net.layers, OrderedDict)
    assert list(net.layers) == ["Affine1", "Relu1", "Affine2"]


def test_affine_layers_use_the_arrays_in_params_not_copies():
    net = small_net()
    assert net.layers["Affine1"].W is net.params["W1"]
    assert net.layers["Affine2"].b is net.params["b2"]


def test_predict_returns_one_row_of_scores_per_sample():
    scores = small_net().predict(np.ones((6, 4)))
    assert scores.shape == (6, 3), f"expected shape (6, 3), got {scores.shape}"


def test_loss_is_a_scalar_near_log_3_for_a_fresh_network():
    loss = small_net().loss(np.ones((6, 4)), np.array([0, 1, 2, 0, 1, 2]))
    assert np.ndim(loss) == 0
    np.testing.assert_allclose(loss, np.log(3), rtol=1e-2)


def test_accuracy_is_the_same_for_labels_and_one_hot():
    net = small_net()
    x = np.random.default_rng(1).normal(size=(6, 4))
    labels = np.array([0, 1, 2, 0, 1, 2])
    acc = net.accuracy(x, labels)
    assert 0.0 <= acc <= 1.0
    np.testing.assert_allclose(net.accuracy(x, np.eye(3)[labels]), acc, rtol=0, atol=1e-12)


def test_gradient_returns_arrays_shaped_like_params():
    net = small_net()
    grads = net.gradient(np.ones((6, 4)), np.array([0, 1, 2, 0, 1, 2]))
    for key in ("W1", "b1", "W2", "b2"):
        assert grads[key].shape == net.params[key].shape, f"grads[{key!r}] has shape {grads[key].shape}"


def test_gradient_agrees_with_numerical_gradient_on_a_small_network():
    np.random.seed(3)
    net = TwoLayerNet(input_size=3, hidden_size=4, output_size=2, weight_init_std=1.0)
    x = np.array([[1.0, -2.0, 0.5], [0.3, 0.8, -1.2]])
    t = np.array([0, 1])
    backprop, numerical = net.gradient(x, t), net.numerical_gradient(x, t)
    for key in ("W1", "b1", "W2", "b2"):
        np.testing.assert_allclose(backprop[key], numerical[key], rtol=1e-4, atol=1e-6, err_msg=key)
