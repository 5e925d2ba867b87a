"""Reference values and conventions of a2_functions (functions.py)."""
import warnings

import numpy as np
import pytest

import functions

Y_CORRECT = np.array([0, 0, 0.8, 0.1, 0, 0, 0, 0.1, 0, 0])
Y_WRONG = np.array([0.9, 0, 0.1, 0, 0, 0, 0, 0, 0, 0])
T_TWO = np.eye(10)[2]


def no_float_errors():
    """Overflow, invalid (NaN) and divide-by-zero raise; underflow to 0 (exp(-2000)) is correct, not an error."""
    return np.errstate(over="raise", invalid="raise", divide="raise", under="ignore")


# ---------------------------------------------------------------- hand-computed values


def test_softmax_of_0_3_2_9_4_0_is_0_01821127_0_24519181_0_73659691():
    got = functions.softmax(np.array([0.3, 2.9, 4.0]))
    np.testing.assert_allclose(got, [0.01821127, 0.24519181, 0.73659691], rtol=1e-6, atol=5e-9)


def test_softmax_of_1_1_2_is_0_21194156_0_21194156_0_57611688():
    got = functions.softmax(np.array([1.0, 1.0, 2.0]))
    np.testing.assert_allclose(got, [0.21194156, 0.21194156, 0.57611688], rtol=1e-6, atol=5e-9)


def test_softmax_of_1000_1010_is_finite_4_539787e_05_9_999546e_01():
    with no_float_errors(), warnings.catch_warnings():
        warnings.simplefilter("error")
        got = functions.softmax(np.array([1000.0, 1010.0]))
    assert np.all(np.isfinite(got))
    np.testing.assert_allclose(got, [4.539787e-05, 9.999546e-01], rtol=1e-6, atol=5e-12)


def test_mse_of_correct_prediction_is_0_03():
    np.testing.assert_allclose(functions.MSE(Y_CORRECT, T_TWO), 0.03, rtol=1e-5, atol=1e-8)


def test_mse_of_wrong_prediction_is_0_81():
    np.testing.assert_allclose(functions.MSE(Y_WRONG, T_TWO), 0.81, rtol=1e-5, atol=1e-8)


def test_sse_of_0_5_against_0_7_is_0_04():
    np.testing.assert_allclose(functions.SSE(np.array([0.5]), np.array([0.7])), 0.04, rtol=1e-5, atol=1e-8)


def test_rmse_of_2_7_4_2_5_5_against_3_4_5_is_0_355903():
    got = functions.RMSE(np.array([2.7, 4.2, 5.5]), np.array([3.0, 4.0, 5.0]))
    np.testing.assert_allclose(got, 0.355903, rtol=0, atol=5e-7)
    np.testing.assert_allclose(got, np.sqrt(0.38 / 3), rtol=1e-12, atol=0)


def test_cee_of_0_7_0_3_with_target_class_1_is_1_2039725():
    got = functions.CEE(np.array([0.7, 0.3]), np.array([0, 1]))
    np.testing.assert_allclose(got, 1.2039725, rtol=0, atol=5e-8)
    np.testing.assert_allclose(got, -np.log(0.3 + 1e-7), rtol=1e-12, atol=0)


# ---------------------------------------------------------------- step, relu, identity


def test_step_returns_ints_one_only_strictly_above_zero():
    got = functions.step(np.array([-2.0, -0.0, 0.0, 1e-9, 3.0]))
    assert np.issubdtype(got.dtype, np.integer)
    np.testing.assert_array_equal(got, [0, 0, 0, 1, 1])


def test_step_of_a_scalar_is_an_integer():
    assert int(functions.step(2.5)) == 1 and int(functions.step(-1)) == 0
    assert np.issubdtype(np.asarray(functions.step(2.5)).dtype, np.integer)


def test_step_of_2d_batch_keeps_shape():
    got = functions.step(np.array([[-1.0, 1.0], [2.0, 0.0]]))
    assert got.shape == (2, 2)
    np.testing.assert_array_equal(got, [[0, 1], [1, 0]])


def test_relu_is_max_of_zero_and_x_for_2d_batch():
    x = np.array([[-1.0, 2.0], [0.0, -3.5]])
    np.testing.assert_allclose(functions.relu(x), [[0.0, 2.0], [0.0, 0.0]], rtol=0, atol=0)


def test_leaky_relu_default_alpha_is_0_1_and_alpha_is_used():
    x = np.array([-2.0, 0.0, 3.0])
    np.testing.assert_allclose(functions.leaky_relu(x), [-0.2, 0.0, 3.0], rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(functions.leaky_relu(x, alpha=0.01), [-0.02, 0.0, 3.0], rtol=1e-12, atol=1e-15)


def test_identity_function_returns_x_unchanged():
    x = np.array([[1.0, -2.0], [3.0, 0.5]])
    np.testing.assert_array_equal(functions.identity_function(x), x)


# ---------------------------------------------------------------- sigmoid


def test_sigmoid_equals_formula_within_1e_12_for_moderate_x():
    x = np.linspace(-30, 30, 121).reshape(11, 11)
    got = functions.sigmoid(x)
    assert got.shape == x.shape
    np.testing.assert_allclose(got, 1 / (1 + np.exp(-x)), rtol=1e-12, atol=1e-15)


def test_sigmoid_at_plus_minus_1000_is_finite_without_warnings():
    with no_float_errors(), warnings.catch_warnings():
        warnings.simplefilter("error")
        got = functions.sigmoid(np.array([-1000.0, 1000.0]))
    np.testing.assert_allclose(got, [0.0, 1.0], rtol=0, atol=1e-300)


def test_sigmoid_of_a_scalar_is_a_scalar():
    got = functions.sigmoid(0.0)
    assert np.ndim(got) == 0
    np.testing.assert_allclose(got, 0.5, rtol=1e-12, atol=0)


# ---------------------------------------------------------------- softmax conventions


def test_softmax_of_2d_batch_is_row_wise():
    x = np.array([[0.3, 2.9, 4.0], [1.0, 1.0, 2.0]])
    got = functions.softmax(x)
    assert got.shape == (2, 3)
    np.testing.assert_allclose(got[0], functions.softmax(x[0]), rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(got[1], [0.21194156, 0.21194156, 0.57611688], rtol=1e-6, atol=5e-9)
    np.testing.assert_allclose(got.sum(axis=1), [1.0, 1.0], rtol=1e-12, atol=1e-12)


def test_softmax_at_plus_minus_1000_is_finite_without_warnings():
    with no_float_errors(), warnings.catch_warnings():
        warnings.simplefilter("error")
        got = functions.softmax(np.array([[-1000.0, 1000.0], [1000.0, 1000.0]]))
    np.testing.assert_allclose(got, [[0.0, 1.0], [0.5, 0.5]], rtol=1e-12, atol=1e-300)


def test_softmax_shifts_each_row_by_its_own_max():
    # one max for the whole batch would turn the second row into exp(-1008) / sum = 0 / 0
    with no_float_errors(), warnings.catch_warnings():
        warnings.simplefilter("error")
        got = functions.softmax(np.array([[1000.0, 1010.0], [1.0, 2.0]]))
    np.testing.assert_allclose(got[0], [4.539787e-05, 9.999546e-01], rtol=1e-6, atol=5e-12)
    np.testing.assert_allclose(got[1], [0.26894142, 0.73105858], rtol=1e-6, atol=5e-9)


def test_softmax_is_unchanged_by_adding_a_constant():
    x = np.array([0.3, 2.9, 4.0])
    np.testing.assert_allclose(functions.softmax(x + 100.0), functions.softmax(x), rtol=1e-12, atol=1e-15)


# ---------------------------------------------------------------- loss conventions


def test_mse_of_batch_is_divided_by_batch_size():
    y = np.stack([Y_CORRECT, Y_WRONG])
    t = np.stack([T_TWO, T_TWO])
    np.testing.assert_allclose(functions.MSE(y, t), (0.03 + 0.81) / 2, rtol=1e-5, atol=1e-8)


def test_mse_of_scalars_is_half_the_squared_difference():
    np.testing.assert_allclose(functions.MSE(0.5, 0.7), 0.02, rtol=1e-5, atol=1e-8)


def test_sse_sums_over_all_elements():
    np.testing.assert_allclose(functions.SSE(Y_WRONG, T_TWO), 1.62, rtol=1e-5, atol=1e-8)


def test_cee_accepts_label_index_and_equals_one_hot():
    y = np.array([0.7, 0.3])
    np.testing.assert_allclose(functions.CEE(y, 1), functions.CEE(y, np.array([0, 1])), rtol=1e-12, atol=0)
    np.testing.assert_allclose(functions.CEE(y, np.array([1])), 1.2039725, rtol=0, atol=5e-8)


def test_cee_of_batch_with_labels_equals_one_hot():
    y = np.array([[0.1, 0.05, 0.6, 0.25], [0.7, 0.1, 0.1, 0.1], [0.2, 0.2, 0.2, 0.4]])
    labels = np.array([2, 0, 1])
    one_hot = np.eye(4)[labels]
    np.testing.assert_allclose(functions.CEE(y, labels), functions.CEE(y, one_hot), rtol=1e-12, atol=0)


def test_cee_of_batch_is_divided_by_batch_size():
    y = np.array([[0.7, 0.3], [0.7, 0.3], [0.1, 0.9]])
    t = np.array([1, 1, 1])
    expected = -(2 * np.log(0.3 + 1e-7) + np.log(0.9 + 1e-7)) / 3
    np.testing.assert_allclose(functions.CEE(y, t), expected, rtol=1e-12, atol=0)


def test_cee_of_1d_input_equals_batch_of_one():
    y = np.array([0.1, 0.05, 0.6, 0.25])
    np.testing.assert_allclose(functions.CEE(y, 2), functions.CEE(y[None, :], np.array([2])), rtol=1e-12, atol=0)


def test_cee_of_zero_probability_is_finite():
    with no_float_errors():
        got = functions.CEE(np.array([1.0, 0.0]), np.array([0, 1]))
    np.testing.assert_allclose(got, -np.log(1e-7), rtol=1e-12, atol=0)


def test_bce_of_one_half_is_0_6931470():
    np.testing.assert_allclose(functions.BCE(np.array([0.5]), np.array([1.0])), -np.log(0.5 + 1e-7), rtol=1e-12, atol=0)


def test_bce_is_the_mean_over_all_elements():
    y, t = np.array([0.9, 0.2, 0.6, 0.5]), np.array([1.0, 0.0, 1.0, 0.0])
    expected = -np.mean(t * np.log(y + 1e-7) + (1 - t) * np.log(1 - y + 1e-7))
    np.testing.assert_allclose(functions.BCE(y, t), expected, rtol=1e-12, atol=0)


# ---------------------------------------------------------------- no input mutation


@pytest.mark.parametrize("name", ["step", "sigmoid", "relu", "leaky_relu", "identity_function", "softmax"])
def test_activations_do_not_modify_their_input(name):
    x = np.array([[-1.5, 0.0, 2.0], [3.0, -0.5, 1000.0]])
    x0 = x.copy()
    getattr(functions, name)(x)
    np.testing.assert_array_equal(x, x0)


@pytest.mark.parametrize("name", ["MSE", "SSE", "RMSE", "CEE", "BCE"])
def test_losses_do_not_modify_their_inputs(name):
    y = np.array([[0.1, 0.6, 0.3], [0.8, 0.1, 0.1]])
    t = np.array([[0.0, 1.0, 0.0], [1.0, 0.0, 0.0]])
    y0, t0 = y.copy(), t.copy()
    getattr(functions, name)(y, t)
    np.testing.assert_array_equal(y, y0)
    np.testing.assert_array_equal(t, t0)


def test_cee_does_not_modify_label_targets():
    y, t = np.array([[0.1, 0.6, 0.3], [0.8, 0.1, 0.1]]), np.array([1, 0])
    functions.CEE(y, t)
    np.testing.assert_array_equal(t, [1, 0])
