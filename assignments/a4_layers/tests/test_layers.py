"""Public tests for layers.py: shapes, dtypes, no input mutation, and a lecture value per layer."""
import numpy as np

from layers import Affine, AddLayer, MulLayer, Relu, Sigmoid, SoftmaxWithLoss


def test_mul_layer_forward_gives_the_shopping_price_220():
    mul_apple_layer, mul_tax_layer = MulLayer(), MulLayer()
    apple_price = mul_apple_layer.forward(100, 2)
    price = mul_tax_layer.forward(apple_price, 1.1)
    np.testing.assert_allclose(price, 220.0, rtol=1e-12)


def test_mul_layer_backward_multiplies_dout_by_the_other_input():
    layer = MulLayer()
    layer.forward(3.0, 5.0)
    dx, dy = layer.backward(2.0)
    np.testing.assert_allclose([dx, dy], [10.0, 6.0], rtol=1e-12)


def test_add_layer_passes_dout_unchanged_to_both_inputs():
    layer = AddLayer()
    assert layer.forward(200, 450) == 650
    dx, dy = layer.backward(1.1)
    np.testing.assert_allclose([dx, dy], [1.1, 1.1], rtol=1e-12)


def test_relu_forward_zeroes_negative_and_zero_entries():
    out = Relu().forward(np.array([[1.0, -0.5], [0.0, 3.0]]))
    np.testing.assert_array_equal(out, [[1.0, 0.0], [0.0, 3.0]])


def test_relu_backward_blocks_gradient_where_input_was_not_positive():
    layer = Relu()
    layer.forward(np.array([[1.0, -0.5], [0.0, 3.0]]))
    dx = layer.backward(np.ones((2, 2)))
    np.testing.assert_array_equal(dx, [[1.0, 0.0], [0.0, 1.0]])


def test_relu_leaves_the_callers_x_and_dout_unchanged():
    x = np.array([[1.0, -0.5], [0.0, 3.0]])
    dout = np.ones((2, 2))
    layer = Relu()
    layer.forward(x)
    layer.backward(dout)
    np.testing.assert_array_equal(x, [[1.0, -0.5], [0.0, 3.0]])
    np.testing.assert_array_equal(dout, np.ones((2, 2)))


def test_sigmoid_forward_at_zero_is_one_half_and_backward_is_one_quarter():
    layer = Sigmoid()
    np.testing.assert_allclose(layer.forward(np.zeros(3)), [0.5, 0.5, 0.5], rtol=1e-12)
    np.testing.assert_allclose(layer.backward(np.ones(3)), [0.25, 0.25, 0.25], rtol=1e-12)


def test_affine_forward_returns_batch_by_output_shape():
    layer = Affine(np.zeros((4, 3)), np.zeros(3))
    out = layer.forward(np.ones((5, 4)))
    assert out.shape == (5, 3), f"expected shape (5, 3), got {out.shape}"


def test_affine_forward_gives_xW_plus_b():
    layer = Affine(np.array([[0.1, 0.2], [0.3, 0.4]]), np.array([0.1, 0.2]))
    np.testing.assert_allclose(layer.forward(np.array([[1.0, 2.0]])), [[0.8, 1.2]], rtol=1e-12)


def test_affine_backward_returns_dx_and_sets_dW_db_with_matching_shapes():
    W, b = np.ones((4, 3)), np.zeros(3)
    layer = Affine(W, b)
    layer.forward(np.ones((5, 4)))
    dx = layer.backward(np.ones((5, 3)))
    assert dx.shape == (5, 4), f"expected dx shape (5, 4), got {dx.shape}"
    assert layer.dW.shape == (4, 3), f"expected dW shape (4, 3), got {layer.dW.shape}"
    assert layer.db.shape == (3,), f"expected db shape (3,), got {layer.db.shape}"


def test_softmax_with_loss_forward_returns_a_scalar_loss():
    loss = SoftmaxWithLoss().forward(np.array([[0.3, 2.9, 4.0]]), np.array([[0, 0, 1]]))
    assert np.ndim(loss) == 0
    np.testing.assert_allclose(loss, -np.log(0.73659691 + 1e-7), rtol=1e-6)


def test_softmax_with_loss_backward_is_y_minus_t_over_batch_size():
    layer = SoftmaxWithLoss()
    layer.forward(np.array([[0.3, 2.9, 4.0], [0.3, 2.9, 4.0]]), np.array([2, 2]))
    dx = layer.backward()
    expected = np.array([0.01821127, 0.24519181, 0.73659691 - 1.0]) / 2
    np.testing.assert_allclose(dx, [expected, expected], rtol=1e-6, atol=1e-9)
