"""Public checks for functions.py: run `pytest tests/` from the assignment folder."""
import numpy as np

from functions import BCE, CEE, MSE, RMSE, SSE, identity_function, leaky_relu, relu, sigmoid, softmax, step


def test_step_gives_integers_one_only_above_zero():
    y = step(np.array([-1.0, 0.0, 2.0]))
    assert np.issubdtype(y.dtype, np.integer), f"expected an int array, got dtype {y.dtype}"
    np.testing.assert_array_equal(y, [0, 0, 1])


def test_sigmoid_of_zero_is_one_half_and_keeps_shape():
    y = sigmoid(np.zeros((2, 3)))
    assert y.shape == (2, 3), f"expected shape (2, 3), got {y.shape}"
    np.testing.assert_allclose(y, 0.5, rtol=1e-12, atol=0)


def test_sigmoid_matches_formula_for_moderate_inputs():
    x = np.array([-1.0, 1.0, 2.0])
    np.testing.assert_allclose(sigmoid(x), 1 / (1 + np.exp(-x)), rtol=1e-12, atol=1e-15)


def test_sigmoid_is_finite_for_large_inputs():
    y = sigmoid(np.array([-1000.0, 1000.0]))
    np.testing.assert_allclose(y, [0.0, 1.0], rtol=0, atol=1e-12)


def test_relu_zeroes_negative_inputs():
    np.testing.assert_allclose(relu(np.array([-2.0, 0.0, 3.0])), [0.0, 0.0, 3.0], rtol=0, atol=0)


def test_leaky_relu_keeps_a_tenth_of_negative_inputs():
    np.testing.assert_allclose(leaky_relu(np.array([-2.0, 3.0])), [-0.2, 3.0], rtol=1e-12, atol=1e-15)


def test_identity_function_returns_its_input():
    x = np.array([1.0, -2.0])
    np.testing.assert_array_equal(identity_function(x), x)


def test_softmax_reproduces_lecture_example():
    y = softmax(np.array([0.3, 2.9, 4.0]))
    np.testing.assert_allclose(y, [0.01821127, 0.24519181, 0.73659691], rtol=1e-5, atol=5e-9)


def test_softmax_of_batch_sums_to_one_per_row():
    y = softmax(np.array([[0.3, 2.9, 4.0], [1.0, 1.0, 2.0]]))
    assert y.shape == (2, 3), f"expected shape (2, 3), got {y.shape}"
    np.testing.assert_allclose(y.sum(axis=1), [1.0, 1.0], rtol=1e-12, atol=1e-12)


def test_mse_of_lecture_prediction_is_0_03():
    y = np.array([0, 0, 0.8, 0.1, 0, 0, 0, 0.1, 0, 0])
    t = np.array([0, 0, 1, 0, 0, 0, 0, 0, 0, 0])
    np.testing.assert_allclose(MSE(y, t), 0.03, rtol=1e-5, atol=1e-8)


def test_sse_of_lecture_example_is_0_04():
    np.testing.assert_allclose(SSE(np.array([0.5]), np.array([0.7])), 0.04, rtol=1e-5, atol=1e-8)


def test_rmse_of_lecture_example_is_sqrt_0_38_over_3():
    got = RMSE(np.array([2.7, 4.2, 5.5]), np.array([3.0, 4.0, 5.0]))
    np.testing.assert_allclose(got, np.sqrt(0.38 / 3), rtol=1e-5, atol=1e-8)


def test_cee_of_lecture_example_is_minus_log_0_3():
    got = CEE(np.array([0.7, 0.3]), np.array([0, 1]))
    np.testing.assert_allclose(got, 1.2039725, rtol=1e-6, atol=5e-8)


def test_cee_accepts_a_class_index_instead_of_one_hot():
    got = CEE(np.array([[0.7, 0.3]]), np.array([1]))
    np.testing.assert_allclose(got, 1.2039725, rtol=1e-6, atol=5e-8)


def test_bce_of_one_half_is_log_2():
    np.testing.assert_allclose(BCE(np.array([0.5]), np.array([1.0])), np.log(2), rtol=1e-6, atol=1e-7)
