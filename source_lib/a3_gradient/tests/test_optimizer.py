"""Public checks for optimizer.py: run `pytest tests/` from the assignment folder."""
import numpy as np
import pytest

from optimizer import SGD, AdaGrad, Adadelta, Adam, Momentum, RMSprop

ALL = [SGD, Momentum, AdaGrad, RMSprop, Adam, Adadelta]


def small_problem():
    params = {"W1": np.array([[1.0, -2.0], [0.5, 0.0]]), "b1": np.array([0.1, -0.1])}
    grads = {"W1": np.array([[0.5, -1.0], [0.2, 0.3]]), "b1": np.array([1.0, -0.5])}
    return params, grads


def test_sgd_subtracts_learning_rate_times_gradient():
    params = {"W": np.array([1.0, 2.0])}
    SGD(lr=0.1).update(params, {"W": np.array([0.5, -1.0])})
    np.testing.assert_allclose(params["W"], [0.95, 2.1], rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("optimizer_class", ALL, ids=lambda c: c.__name__)
def test_update_changes_params_in_place_and_keeps_shapes(optimizer_class):
    params, grads = small_problem()
    arrays = {key: val for key, val in params.items()}
    before = {key: val.copy() for key, val in params.items()}
    optimizer_class().update(params, grads)
    for key in params:
        assert params[key] is arrays[key], f"{key}: update must modify the array in place (use -= or +=)"
        assert params[key].shape == before[key].shape
    assert not np.allclose(params["W1"], before["W1"]), "update did not change W1"


def test_momentum_first_step_equals_sgd_step():
    params = {"W": np.array([1.0])}
    Momentum(lr=0.1, momentum=0.9).update(params, {"W": np.array([0.5])})
    np.testing.assert_allclose(params["W"], [0.95], rtol=1e-12, atol=1e-12)
