"""Public tests for mlp.py: shapes, no input mutation, and one lecture value per function."""
import numpy as np

import mlp


def lecture_network():
    W1 = np.array([[0.1, 0.2], [0.3, 0.4]])
    B1 = np.array([0.1, 0.2])
    W2 = np.array([[0.5], [0.6]])
    B2 = np.array([0.3])
    return W1, B1, W2, B2


def test_forward_returns_layer0_layer1_layer2_with_batch_shapes():
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])
    layer0, layer1, layer2 = mlp.forward(X, *lecture_network())
    assert layer0.shape == (4, 2)
    assert layer1.shape == (4, 2), f"expected layer1 shape (4, 2), got {layer1.shape}"
    assert layer2.shape == (4, 1), f"expected layer2 shape (4, 1), got {layer2.shape}"


def test_forward_gives_the_lecture_output_0_709383_for_input_zero():
    _, _, layer2 = mlp.forward(np.array([[0, 0]]), *lecture_network())
    np.testing.assert_allclose(layer2, [[0.709383]], atol=5e-7)


def test_backprop_step_moves_w5_from_0_5_to_0_484645():
    W1, B1, W2, B2 = mlp.backprop_step(np.array([[0, 0]]), np.array([[0]]), *lecture_network(), lr=0.2)
    np.testing.assert_allclose(W2[0, 0], 0.484645, atol=5e-7)


def test_backprop_step_returns_same_shapes_and_leaves_its_arguments_alone():
    params = lecture_network()
    new = mlp.backprop_step(np.array([[1, 1]]), np.array([[1]]), *params, lr=0.2)
    for before, after, original in zip(params, new, lecture_network()):
        assert after.shape == original.shape
        np.testing.assert_array_equal(before, original)


def test_train_for_one_epoch_equals_four_backprop_steps_in_order():
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])
    T = np.array([[1], [0], [0], [1]])
    expected = lecture_network()
    for x, t in zip(X, T):
        expected = mlp.backprop_step(x.reshape(1, -1), t.reshape(1, -1), *expected, lr=0.2)
    trained = mlp.train(X, T, *lecture_network(), lr=0.2, epochs=1)
    for got, want in zip(trained, expected):
        np.testing.assert_allclose(got, want, rtol=1e-12)


def test_forward3_gives_the_lecture_output_for_input_1_0_5():
    y = mlp.forward3(mlp.init_network(), np.array([1.0, 0.5]))
    np.testing.assert_allclose(y, [0.31682708, 0.69627909], atol=5e-9)
