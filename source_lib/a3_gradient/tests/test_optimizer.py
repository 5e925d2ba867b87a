"""Public checks for optimizer.py: run `pytest tests/` from the assignment folder.

Each test updates small literal parameters and compares with the values the update rule gives,
using the grader's checks (the `check` fixture of conftest.py).
"""
import numpy as np
import pytest

from optimizer import SGD, AdaGrad, Adadelta, Adam, Momentum, RMSprop

ALL = [SGD, Momentum, AdaGrad, RMSprop, Adam, Adadelta]


def small_problem():
    params = {"W1": np.array([[1.0, -2.0], [0.5, 0.0]]), "b1": np.array([0.1, -0.1])}
    grads = {"W1": np.array([[0.5, -1.0], [0.2, 0.3]]), "b1": np.array([1.0, -0.5])}
    return params, grads


def test_sgd_subtracts_learning_rate_times_gradient(check):
    """SGD(lr=0.1) moves [1, 2] with the gradient [0.5, -1] to [0.95, 2.1]
    ko: SGD(lr=0.1) 가 기울기 [0.5, -1] 로 [1, 2] 를 [0.95, 2.1] 로 옮김"""
    params = {"W": np.array([1.0, 2.0])}
    SGD(lr=0.1).update(params, {"W": np.array([0.5, -1.0])})
    check.array(params["W"], [0.95, 2.1], {"en": "params['W'] after SGD(lr=0.1).update(params, grads)",
                                           "ko": "SGD(lr=0.1).update(params, grads) 호출 뒤의 params['W']"},
                rtol=1e-12, atol=1e-12, kind=None)


@pytest.mark.parametrize("optimizer_class", ALL, ids=lambda c: c.__name__)
def test_update_changes_params_in_place_and_keeps_shapes(check, optimizer_class):
    """update changes the arrays of params in place, keeping their shapes
    ko: update 가 params 의 배열을 shape 그대로 제자리에서 바꿈"""
    params, grads = small_problem()
    arrays = {key: val for key, val in params.items()}
    before = {key: val.copy() for key, val in params.items()}
    name = optimizer_class.__name__
    optimizer_class().update(params, grads)
    for key in params:
        check.true(params[key] is arrays[key], {
            "en": f"{name}().update(params, grads) replaced params[{key!r}] by a new array: "
                  f"update must modify the array in place (use -= or +=)",
            "ko": f"{name}().update(params, grads) 가 params[{key!r}] 를 새 배열로 바꾸었습니다: "
                  f"update 는 배열을 제자리에서 바꿔야 합니다 (-= 나 += 를 쓰세요)",
        }, misconception="optimizer_not_in_place")
        check.equal(np.shape(params[key]), before[key].shape, {
            "en": f"np.shape(params[{key!r}]) after {name}().update",
            "ko": f"{name}().update 호출 뒤의 np.shape(params[{key!r}])",
        })
    check.true(not np.allclose(params["W1"], before["W1"]), {
        "en": f"{name}().update(params, grads) did not change params['W1']",
        "ko": f"{name}().update(params, grads) 가 params['W1'] 를 바꾸지 않았습니다",
    })


def test_momentum_first_step_equals_sgd_step(check):
    """the first step of Momentum(lr=0.1, momentum=0.9) is an SGD step: 1 → 0.95
    ko: Momentum(lr=0.1, momentum=0.9) 의 첫 단계는 SGD 와 같음: 1 → 0.95"""
    params = {"W": np.array([1.0])}
    Momentum(lr=0.1, momentum=0.9).update(params, {"W": np.array([0.5])})
    check.array(params["W"], [0.95], {"en": "params['W'] after one Momentum(lr=0.1, momentum=0.9).update",
                                      "ko": "Momentum(lr=0.1, momentum=0.9).update 를 한 번 호출한 뒤의 params['W']"},
                rtol=1e-12, atol=1e-12, kind=None, variants={"momentum_sign": [1.05]})
