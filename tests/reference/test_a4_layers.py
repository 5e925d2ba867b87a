"""Reference-value tests for a4_layers (layers.py, mlp.py).

Every hand-computed value of the curriculum's a4 section has one test, named after the lecture
value. Values given to 6 decimals are checked with ``atol=5e-7``, to 8 decimals with ``atol=5e-9``.
Two of the lecture's 6-decimal values (b3 -> 0.270750, b1 -> 0.096352) are truncated, not
rounded (exact: 0.2707509, 0.0963530); those two use ``atol=1e-6``.
"""
import numpy as np
import pytest

import mlp
from functions import CEE, softmax
from layers import Affine, AddLayer, MulLayer, Relu, Sigmoid, SoftmaxWithLoss

X_XNOR = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])
T_XNOR = np.array([[1], [0], [0], [1]])


def lecture_network():
    """The lecture's 2-2-1 network: w1..w4 in W1, b1 b2 in B1, w5 w6 in W2, b3 in B2."""
    W1 = np.array([[0.1, 0.2], [0.3, 0.4]])
    B1 = np.array([0.1, 0.2])
    W2 = np.array([[0.5], [0.6]])
    B2 = np.array([0.3])
    return W1, B1, W2, B2


def squared_error(y, t):
    return 0.5 * np.sum((t - y) ** 2)


@pytest.fixture
def after_one_step():
    """(W1, B1, W2, B2) after one backprop_step on x=[[0,0]], t=[[0]], lr=0.2."""
    return mlp.backprop_step(np.array([[0, 0]]), np.array([[0]]), *lecture_network(), lr=0.2)


def numerical_derivative(f, x, h=1e-5):
    """Central difference of the scalar f at every element of the float array x (test helper)."""
    grad = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        old = x[idx]
        x[idx] = old + h
        fp = f()
        x[idx] = old - h
        fm = f()
        x[idx] = old
        grad[idx] = (fp - fm) / (2 * h)
    return grad


# --- the lecture's hand computation: forward pass --------------------------------------------

def test_forward_gives_hidden_outputs_0_524979_and_0_549834():
    _, layer1, _ = mlp.forward(np.array([[0, 0]]), *lecture_network())
    np.testing.assert_allclose(layer1, [[0.524979, 0.549834]], rtol=0, atol=5e-7)


def test_forward_gives_output_0_709383():
    _, _, layer2 = mlp.forward(np.array([[0, 0]]), *lecture_network())
    np.testing.assert_allclose(layer2, [[0.709383]], rtol=0, atol=5e-7)


def test_error_before_training_is_0_251612():
    _, _, layer2 = mlp.forward(np.array([[0, 0]]), *lecture_network())
    np.testing.assert_allclose(squared_error(layer2, np.array([[0]])), 0.251612, rtol=0, atol=5e-7)


def test_forward_outputs_before_training_are_0_70938314_0_72844306_0_71791234_0_73598705():
    _, _, layer2 = mlp.forward(X_XNOR, *lecture_network())
    np.testing.assert_allclose(
        layer2.ravel(), [0.70938314, 0.72844306, 0.71791234, 0.73598705], rtol=0, atol=5e-9
    )


def test_forward_returns_the_input_as_layer0():
    layer0, _, _ = mlp.forward(X_XNOR, *lecture_network())
    np.testing.assert_array_equal(layer0, X_XNOR)


# --- the lecture's hand computation: one backpropagation step --------------------------------

def test_backprop_step_moves_w5_from_0_5_to_0_484645(after_one_step):
    _, _, W2, _ = after_one_step
    np.testing.assert_allclose(W2[0, 0], 0.484645, rtol=0, atol=5e-7)


def test_backprop_step_moves_w6_from_0_6_to_0_583918(after_one_step):
    _, _, W2, _ = after_one_step
    np.testing.assert_allclose(W2[1, 0], 0.583918, rtol=0, atol=5e-7)


def test_backprop_step_moves_b3_from_0_3_to_0_270750(after_one_step):
    _, _, _, B2 = after_one_step
    np.testing.assert_allclose(B2[0], 0.270750, rtol=0, atol=1e-6)  # lecture truncates 0.2707509


def test_backprop_step_moves_b1_from_0_1_to_0_096352(after_one_step):
    _, B1, _, _ = after_one_step
    np.testing.assert_allclose(B1[0], 0.096352, rtol=0, atol=1e-6)  # lecture truncates 0.0963530


def test_backprop_step_moves_b2_from_0_2_to_0_195656(after_one_step):
    _, B1, _, _ = after_one_step
    np.testing.assert_allclose(B1[1], 0.195656, rtol=0, atol=5e-7)


def test_backprop_step_leaves_w1_to_w4_unchanged_because_the_input_is_zero(after_one_step):
    W1, _, _, _ = after_one_step
    np.testing.assert_allclose(W1, [[0.1, 0.2], [0.3, 0.4]], rtol=0, atol=1e-15)


def test_backprop_step_lowers_the_output_to_0_699553(after_one_step):
    _, _, layer2 = mlp.forward(np.array([[0, 0]]), *after_one_step)
    np.testing.assert_allclose(layer2, [[0.699553]], rtol=0, atol=5e-7)


def test_backprop_step_lowers_the_error_to_0_244687(after_one_step):
    _, _, layer2 = mlp.forward(np.array([[0, 0]]), *after_one_step)
    np.testing.assert_allclose(squared_error(layer2, np.array([[0]])), 0.244687, rtol=0, atol=5e-7)


# --- the lecture's training run (MLP2) --------------------------------------------------------

def test_train_90000_epochs_gives_0_99196032_0_00835708_0_00836107_0_98974873():
    trained = mlp.train(X_XNOR, T_XNOR, *lecture_network(), lr=0.2, epochs=90000)
    _, _, layer2 = mlp.forward(X_XNOR, *trained)
    np.testing.assert_allclose(
        layer2.ravel(), [0.99196032, 0.00835708, 0.00836107, 0.98974873], rtol=0, atol=5e-9
    )


# --- the forward-pass lecture (3-layer network) ----------------------------------------------

def test_forward3_of_init_network_at_1_0_5_gives_0_31682708_0_69627909():
    y = mlp.forward3(mlp.init_network(), np.array([1.0, 0.5]))
    np.testing.assert_allclose(y, [0.31682708, 0.69627909], rtol=0, atol=5e-9)


def test_init_network_has_the_lecture_shapes():
    network = mlp.init_network()
    shapes = {key: np.shape(value) for key, value in network.items()}
    assert shapes == {"W1": (2, 3), "b1": (3,), "W2": (3, 2), "b2": (2,), "W3": (2, 2), "b3": (2,)}


# --- the shopping example (MulLayer / AddLayer) ----------------------------------------------

@pytest.fixture
def shopping():
    """2 apples at 100, tax 1.1: forward, then backward with dprice = 1."""
    mul_apple_layer, mul_tax_layer = MulLayer(), MulLayer()
    apple_price = mul_apple_layer.forward(100, 2)
    price = mul_tax_layer.forward(apple_price, 1.1)
    dapple_price, dtax = mul_tax_layer.backward(1)
    dapple, dapple_num = mul_apple_layer.backward(dapple_price)
    return {"price": price, "dapple": dapple, "dapple_num": dapple_num, "dtax": dtax}


def test_shopping_price_is_220(shopping):
    np.testing.assert_allclose(shopping["price"], 220, rtol=1e-12)


def test_shopping_backward_gives_dapple_2_2(shopping):
    np.testing.assert_allclose(shopping["dapple"], 2.2, rtol=1e-12)


def test_shopping_backward_gives_dapple_num_110(shopping):
    np.testing.assert_allclose(shopping["dapple_num"], 110, rtol=1e-12)


def test_shopping_backward_gives_dtax_200(shopping):
    np.testing.assert_allclose(shopping["dtax"], 200, rtol=1e-12)


def test_add_layer_passes_dout_unchanged_to_both_inputs():
    layer = AddLayer()
    np.testing.assert_allclose(layer.forward(200, 450), 650, rtol=1e-12)
    dx, dy = layer.backward(1.1)
    np.testing.assert_allclose([dx, dy], [1.1, 1.1], rtol=1e-12)


# --- conventions: Relu -------------------------------------------------------------------------

def test_relu_forward_does_not_modify_the_callers_x():
    x = np.array([[1.0, -0.5], [0.0, 3.0]])
    Relu().forward(x)
    np.testing.assert_array_equal(x, [[1.0, -0.5], [0.0, 3.0]])


def test_relu_backward_does_not_modify_the_callers_dout():
    layer = Relu()
    layer.forward(np.array([[1.0, -0.5], [0.0, 3.0]]))
    dout = np.array([[5.0, 6.0], [7.0, 8.0]])
    layer.backward(dout)
    np.testing.assert_array_equal(dout, [[5.0, 6.0], [7.0, 8.0]])


def test_relu_blocks_the_gradient_at_zero_and_below():
    layer = Relu()
    out = layer.forward(np.array([-2.0, 0.0, 2.0]))
    dx = layer.backward(np.array([5.0, 6.0, 7.0]))
    np.testing.assert_array_equal(out, [0.0, 0.0, 2.0])
    np.testing.assert_array_equal(dx, [0.0, 0.0, 7.0])
    np.testing.assert_array_equal(layer.mask, [True, True, False])


# --- conventions: Sigmoid ----------------------------------------------------------------------

def test_sigmoid_forward_stores_its_output_and_gives_0_524979_at_0_1():
    layer = Sigmoid()
    out = layer.forward(np.array([0.1]))
    np.testing.assert_allclose(out, [0.524979], rtol=0, atol=5e-7)
    np.testing.assert_array_equal(layer.out, out)


def test_sigmoid_backward_matches_the_numerical_derivative():
    rng = np.random.default_rng(1)
    x = rng.normal(size=(3, 4))
    dout = rng.normal(size=(3, 4))
    layer = Sigmoid()
    layer.forward(x)
    dx = layer.backward(dout)
    numerical = numerical_derivative(lambda: np.sum(Sigmoid().forward(x) * dout), x)
    np.testing.assert_allclose(dx, numerical, rtol=1e-6, atol=1e-9)


def test_sigmoid_of_large_negative_input_is_zero_not_nan():
    out = Sigmoid().forward(np.array([-1000.0, 1000.0]))
    np.testing.assert_array_equal(out, [0.0, 1.0])


# --- conventions: Affine -----------------------------------------------------------------------

def test_affine_with_4d_input_returns_dx_of_the_same_shape():
    rng = np.random.default_rng(2)
    x = rng.normal(size=(2, 3, 2, 2))
    layer = Affine(rng.normal(size=(12, 5)), rng.normal(size=5))
    out = layer.forward(x)
    dx = layer.backward(np.ones((2, 5)))
    assert out.shape == (2, 5)
    assert dx.shape == x.shape, f"expected dx shape {x.shape}, got {dx.shape}"


def test_affine_db_is_dout_summed_over_the_batch():
    layer = Affine(np.ones((2, 3)), np.zeros(3))
    layer.forward(np.ones((4, 2)))
    dout = np.arange(12.0).reshape(4, 3)
    layer.backward(dout)
    np.testing.assert_allclose(layer.db, [18.0, 22.0, 26.0], rtol=1e-12)


def test_affine_gradients_match_the_numerical_derivative():
    rng = np.random.default_rng(3)
    x, W, b = rng.normal(size=(4, 3)), rng.normal(size=(3, 2)), rng.normal(size=2)
    dout = rng.normal(size=(4, 2))
    layer = Affine(W, b)
    layer.forward(x)
    dx = layer.backward(dout)

    def f():
        return np.sum(Affine(W, b).forward(x) * dout)

    np.testing.assert_allclose(dx, numerical_derivative(f, x), rtol=1e-6, atol=1e-9)
    np.testing.assert_allclose(layer.dW, numerical_derivative(f, W), rtol=1e-6, atol=1e-9)
    np.testing.assert_allclose(layer.db, numerical_derivative(f, b), rtol=1e-6, atol=1e-9)


def test_affine_shares_W_and_b_so_in_place_updates_are_seen():
    W, b = np.ones((2, 2)), np.zeros(2)
    layer = Affine(W, b)
    W *= 2.0
    b += 1.0
    np.testing.assert_allclose(layer.forward(np.array([[1.0, 1.0]])), [[5.0, 5.0]], rtol=1e-12)


def test_affine_does_not_modify_the_callers_x_or_dout():
    x, dout = np.ones((3, 2)), np.ones((3, 4))
    layer = Affine(np.ones((2, 4)), np.zeros(4))
    layer.forward(x)
    layer.backward(dout)
    np.testing.assert_array_equal(x, np.ones((3, 2)))
    np.testing.assert_array_equal(dout, np.ones((3, 4)))


# --- conventions: SoftmaxWithLoss --------------------------------------------------------------

SCORES = np.array([[0.3, 2.9, 4.0], [1.0, 1.0, 2.0]])
LABELS = np.array([2, 0])
ONE_HOT = np.array([[0, 0, 1], [1, 0, 0]])


def test_softmax_with_loss_forward_is_cee_of_softmax():
    loss = SoftmaxWithLoss().forward(SCORES, ONE_HOT)
    np.testing.assert_allclose(loss, CEE(softmax(SCORES), ONE_HOT), rtol=1e-12)


def test_softmax_with_loss_forward_with_labels_equals_one_hot():
    np.testing.assert_allclose(
        SoftmaxWithLoss().forward(SCORES, LABELS), SoftmaxWithLoss().forward(SCORES, ONE_HOT), rtol=1e-12
    )


def test_softmax_with_loss_backward_is_y_minus_t_divided_by_batch_size():
    layer = SoftmaxWithLoss()
    layer.forward(SCORES, ONE_HOT)
    expected = (softmax(SCORES) - ONE_HOT) / 2
    np.testing.assert_allclose(layer.backward(), expected, rtol=1e-12, atol=1e-15)


def test_softmax_with_loss_backward_with_labels_equals_one_hot():
    by_label, by_one_hot = SoftmaxWithLoss(), SoftmaxWithLoss()
    by_label.forward(SCORES, LABELS)
    by_one_hot.forward(SCORES, ONE_HOT)
    np.testing.assert_allclose(by_label.backward(), by_one_hot.backward(), rtol=1e-12, atol=1e-15)


def test_softmax_with_loss_backward_scales_by_dout_and_can_be_called_twice():
    layer = SoftmaxWithLoss()
    layer.forward(SCORES, LABELS)
    first = layer.backward(1)
    doubled = layer.backward(2.0)
    np.testing.assert_allclose(doubled, 2.0 * first, rtol=1e-12, atol=1e-15)


def test_softmax_with_loss_backward_matches_the_numerical_gradient():
    rng = np.random.default_rng(4)
    x = rng.normal(size=(5, 4))
    t = rng.integers(0, 4, size=5)
    layer = SoftmaxWithLoss()
    layer.forward(x, t)
    dx = layer.backward()
    numerical = numerical_derivative(lambda: SoftmaxWithLoss().forward(x, t), x)
    # CEE's 1e-7 inside the log shifts the analytic (y - t)/N by about 1e-7 relative
    np.testing.assert_allclose(dx, numerical, rtol=1e-5, atol=1e-7)


def test_softmax_with_loss_on_the_lecture_scores_gives_loss_0_305714():
    loss = SoftmaxWithLoss().forward(np.array([[0.3, 2.9, 4.0]]), np.array([2]))
    np.testing.assert_allclose(loss, -np.log(0.73659691 + 1e-7), rtol=1e-7)


# --- conventions: mlp --------------------------------------------------------------------------

def test_backprop_step_does_not_modify_its_arguments():
    x, t = np.array([[1.0, 0.0]]), np.array([[1.0]])
    params = lecture_network()
    mlp.backprop_step(x, t, *params, lr=0.2)
    for got, want in zip(params, lecture_network()):
        np.testing.assert_array_equal(got, want)
    np.testing.assert_array_equal(x, [[1.0, 0.0]])
    np.testing.assert_array_equal(t, [[1.0]])


def test_backprop_step_is_gradient_descent_on_the_squared_error():
    rng = np.random.default_rng(5)
    x, t = rng.normal(size=(3, 2)), rng.uniform(size=(3, 1))
    params = [rng.normal(size=shape) for shape in ((2, 2), (2,), (2, 1), (1,))]
    lr = 0.1
    new = mlp.backprop_step(x, t, *params, lr=lr)

    def error():
        return squared_error(mlp.forward(x, *params)[2], t)

    for p, p_new in zip(params, new):
        np.testing.assert_allclose((p - p_new) / lr, numerical_derivative(error, p), rtol=1e-6, atol=1e-9)


def test_backprop_step_accepts_a_single_1d_sample():
    new_1d = mlp.backprop_step(np.array([1.0, 0.0]), np.array([1.0]), *lecture_network())
    new_2d = mlp.backprop_step(np.array([[1.0, 0.0]]), np.array([[1.0]]), *lecture_network())
    for got, want in zip(new_1d, new_2d):
        assert got.shape == want.shape
        np.testing.assert_allclose(got, want, rtol=1e-12)


def test_train_does_not_modify_its_arguments():
    params = lecture_network()
    mlp.train(X_XNOR, T_XNOR, *params, lr=0.2, epochs=3)
    for got, want in zip(params, lecture_network()):
        np.testing.assert_array_equal(got, want)


def test_train_updates_per_sample_in_order():
    expected = lecture_network()
    for _ in range(2):
        for x, t in zip(X_XNOR, T_XNOR):
            expected = mlp.backprop_step(x.reshape(1, -1), t.reshape(1, -1), *expected, lr=0.2)
    trained = mlp.train(X_XNOR, T_XNOR, *lecture_network(), lr=0.2, epochs=2)
    for got, want in zip(trained, expected):
        np.testing.assert_allclose(got, want, rtol=1e-12)
