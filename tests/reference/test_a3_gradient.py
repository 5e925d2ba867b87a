"""Reference values and conventions of a3_gradient (gradient.py, optimizer.py)."""
import numpy as np
import pytest

import gradient
import optimizer


def sum_of_squares(x):
    return np.sum(x**2)


def lab_loss(x):
    return (x - 3) ** 2 + 10


# ---------------------------------------------------------------- hand-computed values


def test_gradient_of_x0_squared_plus_x1_squared_at_3_4_is_6_8():
    got = gradient.numerical_gradient(sum_of_squares, np.array([3.0, 4.0]))
    np.testing.assert_allclose(got, [6.0, 8.0], rtol=1e-6, atol=1e-6)


def test_gradient_of_x0_squared_plus_x1_squared_at_0_2_is_0_4():
    got = gradient.numerical_gradient(sum_of_squares, np.array([0.0, 2.0]))
    np.testing.assert_allclose(got, [0.0, 4.0], rtol=1e-6, atol=1e-6)


@pytest.mark.parametrize("step, value", [(1, 7.2), (2, 5.52), (3, 4.512), (4, 3.9072), (5, 3.54432)])
def test_lab_descent_of_x_minus_3_squared_plus_10_from_10_with_lr_0_2(step, value):
    x, _ = gradient.gradient_descent(lab_loss, 10.0, lr=0.2, step_num=step)
    np.testing.assert_allclose(x, value, rtol=1e-5, atol=1e-8)


def test_lab_descent_reaches_3_0_after_100_steps():
    x, history = gradient.gradient_descent(lab_loss, 10.0, lr=0.2, step_num=100)
    np.testing.assert_allclose(x, 3.0, rtol=0, atol=1e-6)
    assert history.shape == (100,)


def test_lab_descent_history_holds_x_before_each_step_10_7_2_5_52_4_512_3_9072():
    _, history = gradient.gradient_descent(lab_loss, 10.0, lr=0.2, step_num=5)
    np.testing.assert_allclose(history, [10.0, 7.2, 5.52, 4.512, 3.9072], rtol=1e-5, atol=1e-8)


def test_numerical_diff_of_partial_x0_squared_at_3_is_6():
    np.testing.assert_allclose(gradient.numerical_diff(lambda x0: x0**2 + 4.0**2, 3.0), 6.0, rtol=1e-7, atol=1e-9)


# ---------------------------------------------------------------- numerical_diff / numerical_gradient conventions


def test_numerical_diff_is_the_central_difference_with_h_1e_4():
    expected_default = (np.exp(1.0001) - np.exp(0.9999)) / 2e-4
    expected_h = (np.exp(1.001) - np.exp(0.999)) / 2e-3
    np.testing.assert_allclose(gradient.numerical_diff(np.exp, 1.0), expected_default, rtol=1e-12, atol=0)
    np.testing.assert_allclose(gradient.numerical_diff(np.exp, 1.0, h=1e-3), expected_h, rtol=1e-12, atol=0)


def test_numerical_gradient_uses_central_difference_with_h_1e_4():
    # for x**3 the central difference is 3x^2 + h^2 exactly: the h^2 = 1e-8 term shows which h was used
    got = gradient.numerical_gradient(lambda x: np.sum(x**3), np.array([1.0, 2.0]))
    np.testing.assert_allclose(got, [3.0 + 1e-8, 12.0 + 1e-8], rtol=0, atol=1e-9)


def test_numerical_gradient_restores_x_exactly():
    x = np.array([[0.1, 0.2, 0.3], [1e-5, -7.3, 12345.678]])
    x0 = x.copy()
    gradient.numerical_gradient(sum_of_squares, x)
    np.testing.assert_array_equal(x, x0)


def test_numerical_gradient_of_2d_array_has_its_shape_and_values():
    x = np.array([[1.0, -2.0, 0.5], [3.0, 0.0, -1.5]])
    got = gradient.numerical_gradient(sum_of_squares, x)
    assert got.shape == (2, 3) and got.dtype == np.float64
    np.testing.assert_allclose(got, 2 * x, rtol=1e-6, atol=1e-6)


def test_numerical_gradient_of_3d_array_has_its_shape_and_values():
    x = np.linspace(-1, 1, 24).reshape(2, 3, 4)
    w = np.arange(24.0).reshape(2, 3, 4)
    got = gradient.numerical_gradient(lambda a: np.sum(w * a) + np.sum(a**2), x)
    assert got.shape == (2, 3, 4)
    np.testing.assert_allclose(got, w + 2 * x, rtol=1e-6, atol=1e-6)


def test_numerical_gradient_changes_x_in_place_so_closures_see_it():
    # TwoLayerNet.numerical_gradient passes lambda W: self.loss(x, t), which ignores its argument
    x = np.array([3.0, 4.0])
    got = gradient.numerical_gradient(lambda _: np.sum(x**2), x)
    np.testing.assert_allclose(got, [6.0, 8.0], rtol=1e-6, atol=1e-6)


def test_numerical_gradient_of_non_contiguous_view_is_correct_and_restored():
    base = np.arange(12.0).reshape(3, 4)
    view = base.T
    base0 = base.copy()
    got = gradient.numerical_gradient(sum_of_squares, view)
    np.testing.assert_allclose(got, 2 * view, rtol=1e-6, atol=1e-6)
    np.testing.assert_array_equal(base, base0)


def test_numerical_gradient_of_integer_array_returns_float_gradient():
    x = np.array([3, 4])
    got = gradient.numerical_gradient(sum_of_squares, x)
    assert got.dtype == np.float64 and got.shape == (2,)
    np.testing.assert_allclose(got, [6.0, 8.0], rtol=1e-6, atol=1e-6)
    np.testing.assert_array_equal(x, [3, 4])


# ---------------------------------------------------------------- gradient_descent conventions


def test_gradient_descent_does_not_modify_init_x():
    init_x = np.array([-3.0, 4.0])
    gradient.gradient_descent(sum_of_squares, init_x, lr=0.1, step_num=10)
    np.testing.assert_array_equal(init_x, [-3.0, 4.0])


def test_gradient_descent_history_has_shape_step_num_by_x_shape():
    init_x = np.ones((2, 3))
    x, history = gradient.gradient_descent(sum_of_squares, init_x, lr=0.1, step_num=7)
    assert x.shape == (2, 3)
    assert history.shape == (7, 2, 3)
    np.testing.assert_allclose(history[0], init_x, rtol=0, atol=0)
    np.testing.assert_allclose(history[1], 0.8 * init_x, rtol=1e-6, atol=1e-8)
    np.testing.assert_allclose(x, 0.8**7 * init_x, rtol=1e-5, atol=1e-8)


def test_gradient_descent_on_sum_of_squares_from_minus_3_4_reaches_origin():
    x, _ = gradient.gradient_descent(sum_of_squares, np.array([-3.0, 4.0]), lr=0.1, step_num=100)
    np.testing.assert_allclose(x, [0.0, 0.0], rtol=0, atol=1e-8)


def test_gradient_descent_default_is_lr_0_01_and_100_steps():
    x, history = gradient.gradient_descent(sum_of_squares, np.array([1.0]))
    assert history.shape == (100, 1)
    np.testing.assert_allclose(x, [0.98**100], rtol=1e-5, atol=1e-8)


# ---------------------------------------------------------------- optimizers: first update by hand


def small_problem():
    params = {"W1": np.array([[1.0, -2.0], [0.5, 0.0]]), "b1": np.array([0.1, -0.1])}
    grads = {"W1": np.array([[0.5, -1.0], [0.2, 0.3]]), "b1": np.array([1.0, -0.5])}
    return params, grads


def test_sgd_first_update_is_p_minus_lr_g():
    params, grads = small_problem()
    expected = {k: params[k] - 0.1 * grads[k] for k in params}
    optimizer.SGD(lr=0.1).update(params, grads)
    for k in params:
        np.testing.assert_allclose(params[k], expected[k], rtol=1e-12, atol=1e-15)


def test_momentum_first_two_updates_follow_v_equals_m_v_minus_lr_g():
    params, grads = small_problem()
    p0 = {k: v.copy() for k, v in params.items()}
    opt = optimizer.Momentum(lr=0.1, momentum=0.9)
    opt.update(params, grads)
    for k in params:
        np.testing.assert_allclose(params[k], p0[k] - 0.1 * grads[k], rtol=1e-12, atol=1e-15)
    opt.update(params, grads)
    v2 = 0.9 * (-0.1 * grads["W1"]) - 0.1 * grads["W1"]
    np.testing.assert_allclose(params["W1"], p0["W1"] - 0.1 * grads["W1"] + v2, rtol=1e-12, atol=1e-15)


def test_adagrad_first_update_is_p_minus_lr_g_over_sqrt_g_squared():
    params, grads = small_problem()
    expected = {k: params[k] - 0.1 * grads[k] / (np.sqrt(grads[k] ** 2) + 1e-7) for k in params}
    opt = optimizer.AdaGrad(lr=0.1)
    opt.update(params, grads)
    for k in params:
        np.testing.assert_allclose(params[k], expected[k], rtol=1e-12, atol=1e-15)


def test_adagrad_second_update_accumulates_h():
    params, grads = small_problem()
    opt = optimizer.AdaGrad(lr=0.1)
    opt.update(params, grads)
    after_one = params["W1"].copy()
    opt.update(params, grads)
    h = 2 * grads["W1"] ** 2
    expected = after_one - 0.1 * grads["W1"] / (np.sqrt(h) + 1e-7)
    np.testing.assert_allclose(params["W1"], expected, rtol=1e-12, atol=1e-15)


def test_rmsprop_first_update_uses_h_equals_1_minus_d_times_g_squared():
    params, grads = small_problem()
    expected = {}
    for k in params:
        h = (1 - 0.99) * grads[k] ** 2
        expected[k] = params[k] - 0.01 * grads[k] / (np.sqrt(h) + 1e-7)
    optimizer.RMSprop(lr=0.01, decay_rate=0.99).update(params, grads)
    for k in params:
        np.testing.assert_allclose(params[k], expected[k], rtol=1e-12, atol=1e-15)


def test_rmsprop_second_update_decays_h():
    params, grads = small_problem()
    opt = optimizer.RMSprop(lr=0.01, decay_rate=0.9)
    opt.update(params, grads)
    after_one = params["b1"].copy()
    opt.update(params, grads)
    h = 0.9 * 0.1 * grads["b1"] ** 2 + 0.1 * grads["b1"] ** 2
    expected = after_one - 0.01 * grads["b1"] / (np.sqrt(h) + 1e-7)
    np.testing.assert_allclose(params["b1"], expected, rtol=1e-12, atol=1e-15)


def test_adam_first_update_matches_formula():
    params, grads = small_problem()
    lr, b1, b2 = 0.001, 0.9, 0.999
    expected = {}
    for k in params:
        m = (1 - b1) * grads[k]
        v = (1 - b2) * grads[k] ** 2
        expected[k] = params[k] - lr * np.sqrt(1 - b2) / (1 - b1) * m / (np.sqrt(v) + 1e-7)
    optimizer.Adam(lr=lr, beta1=b1, beta2=b2).update(params, grads)
    for k in params:
        np.testing.assert_allclose(params[k], expected[k], rtol=1e-12, atol=1e-15)


def test_adam_bias_correction_makes_first_step_about_lr_whatever_the_gradient_size():
    # without the correction the step would be lr*(1-b1)/sqrt(1-b2) ~ 3.16*lr; with it, ~lr*sign(g)
    params = {"W": np.array([1.0, 1.0, 1.0])}
    grads = {"W": np.array([0.5, -20.0, 0.01])}
    optimizer.Adam(lr=0.001).update(params, grads)
    np.testing.assert_allclose(params["W"], [0.999, 1.001, 0.999], rtol=0, atol=1e-6)


def test_adam_second_update_matches_formula():
    params, grads = small_problem()
    g2 = {k: -0.5 * g for k, g in grads.items()}
    p0 = {k: v.copy() for k, v in params.items()}
    opt = optimizer.Adam(lr=0.01, beta1=0.9, beta2=0.999)
    opt.update(params, grads)
    opt.update(params, g2)
    for k in params:
        m1, v1 = 0.1 * grads[k], 0.001 * grads[k] ** 2
        p1 = p0[k] - 0.01 * np.sqrt(1 - 0.999) / (1 - 0.9) * m1 / (np.sqrt(v1) + 1e-7)
        m2 = m1 + 0.1 * (g2[k] - m1)
        v2 = v1 + 0.001 * (g2[k] ** 2 - v1)
        p2 = p1 - 0.01 * np.sqrt(1 - 0.999**2) / (1 - 0.9**2) * m2 / (np.sqrt(v2) + 1e-7)
        np.testing.assert_allclose(params[k], p2, rtol=1e-12, atol=1e-15)


def test_adadelta_first_update_moves_1_0_to_0_995528_for_g_0_5():
    params = {"W": np.array([1.0])}
    optimizer.Adadelta().update(params, {"W": np.array([0.5])})
    np.testing.assert_allclose(params["W"], [0.995528], rtol=0, atol=5e-7)


def test_adadelta_first_two_updates_match_formula():
    params, grads = small_problem()
    p0 = {k: v.copy() for k, v in params.items()}
    opt = optimizer.Adadelta(rho=0.95, eps=1e-6)
    opt.update(params, grads)
    opt.update(params, grads)
    for k in params:
        g = grads[k]
        G = 0.05 * g * g
        dx1 = -np.sqrt(0 + 1e-6) / np.sqrt(G + 1e-6) * g
        H = 0.05 * dx1 * dx1
        G = 0.95 * G + 0.05 * g * g
        dx2 = -np.sqrt(H + 1e-6) / np.sqrt(G + 1e-6) * g
        np.testing.assert_allclose(params[k], p0[k] + dx1 + dx2, rtol=1e-12, atol=1e-15)


# ---------------------------------------------------------------- optimizers: shared conventions

ALL = [optimizer.SGD, optimizer.Momentum, optimizer.AdaGrad, optimizer.RMSprop, optimizer.Adam, optimizer.Adadelta]


@pytest.mark.parametrize("cls", ALL, ids=lambda c: c.__name__)
def test_optimizer_updates_params_in_place_and_leaves_grads_alone(cls):
    params, grads = small_problem()
    arrays = dict(params)
    g0 = {k: v.copy() for k, v in grads.items()}
    result = cls().update(params, grads)
    assert result is None
    for k in params:
        assert params[k] is arrays[k], f"{cls.__name__} replaced params[{k!r}] instead of updating it in place"
        np.testing.assert_array_equal(grads[k], g0[k])


@pytest.mark.parametrize("cls", ALL, ids=lambda c: c.__name__)
def test_optimizer_keeps_separate_state_per_key(cls):
    # the same gradient under two keys must move both parameters the same way, step after step
    params = {"a": np.array([1.0, -1.0]), "b": np.array([1.0, -1.0])}
    grads = {"a": np.array([0.3, -0.7]), "b": np.array([0.3, -0.7])}
    opt = cls()
    for _ in range(3):
        opt.update(params, grads)
    np.testing.assert_array_equal(params["a"], params["b"])


@pytest.mark.parametrize("cls", ALL, ids=lambda c: c.__name__)
def test_optimizer_minimises_sum_of_squares(cls):
    lr = {"SGD": 0.1, "Momentum": 0.05, "AdaGrad": 0.5, "RMSprop": 0.05, "Adam": 0.1}.get(cls.__name__)
    opt = cls(lr=lr) if lr else cls()
    params = {"x": np.array([-3.0, 4.0])}
    start = np.sum(params["x"] ** 2)
    for _ in range(200):
        opt.update(params, {"x": 2 * params["x"]})
    assert np.sum(params["x"] ** 2) < start
