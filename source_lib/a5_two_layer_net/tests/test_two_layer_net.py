"""Public tests for two_layer_net.py: structure, shapes, and backprop agreeing with numerical gradients.

The tests use the grader's checks (the `check` fixture of conftest.py).
"""
from collections import OrderedDict

import numpy as np

from autograder.checker import describe_type, words
from two_layer_net import TwoLayerNet


def small_net(seed=0):
    np.random.seed(seed)
    return TwoLayerNet(input_size=4, hidden_size=5, output_size=3)


def test_params_have_the_shapes_of_input_hidden_and_output_sizes(check):
    """params W1, b1, W2, b2 have the shapes (4, 5), (5,), (5, 3), (3,) for sizes 4, 5, 3
    ko: 크기 4, 5, 3 이면 params W1, b1, W2, b2 의 shape 은 (4, 5), (5,), (5, 3), (3,)"""
    net = small_net()
    shapes = {key: np.shape(net.params[key]) for key in ("W1", "b1", "W2", "b2")}
    check.equal(shapes, {"W1": (4, 5), "b1": (5,), "W2": (5, 3), "b2": (3,)}, {
        "en": "the shapes of net.params for TwoLayerNet(input_size=4, hidden_size=5, output_size=3)",
        "ko": "TwoLayerNet(input_size=4, hidden_size=5, output_size=3) 의 net.params 배열들의 shape",
    })


def test_biases_start_at_zero(check):
    """the biases b1 and b2 start at zero
    ko: 편향 b1 과 b2 는 0 에서 시작함"""
    net = small_net()
    for key, size in (("b1", 5), ("b2", 3)):
        check.array(net.params[key], np.zeros(size), words("net.params[{key}] of a new network",
                                                           "새 신경망의 net.params[{key}]", key=repr(key)),
                    rtol=0, atol=0, kind=None)


def test_layers_are_affine1_relu1_affine2_in_an_ordered_dict(check):
    """net.layers is an OrderedDict of Affine1, Relu1, Affine2, in that order
    ko: net.layers 는 Affine1, Relu1, Affine2 순서의 OrderedDict"""
    net = small_net()
    check.true(isinstance(net.layers, OrderedDict), {
        "en": f"net.layers should be an OrderedDict, but it is {describe_type(net.layers)}",
        "ko": f"net.layers 는 OrderedDict 여야 하는데 {describe_type(net.layers, 'ko')} 입니다",
    })
    check.equal(list(net.layers), ["Affine1", "Relu1", "Affine2"], "list(net.layers)")


def test_affine_layers_use_the_arrays_in_params_not_copies(check):
    """the Affine layers hold the very arrays of net.params, not copies
    ko: Affine 계층이 복사본이 아니라 net.params 의 배열 자체를 가짐"""
    net = small_net()
    for layer, attribute, key in (("Affine1", "W", "W1"), ("Affine2", "b", "b2")):
        check.true(getattr(net.layers[layer], attribute) is net.params[key], {
            "en": f"net.layers[{layer!r}].{attribute} is not the array net.params[{key!r}] (a copy?)",
            "ko": f"net.layers[{layer!r}].{attribute} 가 net.params[{key!r}] 배열 자체가 아닙니다 (복사본인가요?)",
        }, misconception="layers_copy_params")


def test_predict_returns_one_row_of_scores_per_sample(check):
    """predict on 6 samples of 4 features gives scores of shape (6, 3)
    ko: 특성 4 개인 샘플 6 개의 predict 는 shape (6, 3) 의 점수"""
    scores = small_net().predict(np.ones((6, 4)))
    check.equal(np.shape(scores), (6, 3), {"en": "np.shape(net.predict(x)) for x of shape (6, 4)",
                                           "ko": "x 의 shape 이 (6, 4) 일 때의 np.shape(net.predict(x))"})


def test_loss_is_a_scalar_near_log_3_for_a_fresh_network(check):
    """the loss of a fresh network is one number near log 3
    ko: 새 신경망의 손실은 log 3 에 가까운 숫자 하나"""
    loss = small_net().loss(np.ones((6, 4)), np.array([0, 1, 2, 0, 1, 2]))
    check.scalar(loss, np.log(3), {"en": "net.loss(x, t) of a fresh network", "ko": "새 신경망의 net.loss(x, t)"},
                 rtol=1e-2, atol=0)


def test_accuracy_is_the_same_for_labels_and_one_hot(check):
    """accuracy is a fraction, the same for labels and for one-hot targets
    ko: 정확도는 비율이며 레이블과 원-핫 목표에서 같음"""
    net = small_net()
    x = np.random.default_rng(1).normal(size=(6, 4))
    labels = np.array([0, 1, 2, 0, 1, 2])
    acc = net.accuracy(x, labels)
    check.true(0.0 <= acc <= 1.0, {
        "en": f"net.accuracy(x, labels) should be a fraction between 0 and 1, but it is {acc}",
        "ko": f"net.accuracy(x, labels) 는 0 과 1 사이의 비율이어야 하는데 {acc} 입니다",
    }, misconception="accuracy_count" if acc > 1 else None)
    check.scalar(net.accuracy(x, np.eye(3)[labels]), acc, {
        "en": "net.accuracy(x, one-hot t) (expected: net.accuracy(x, labels))",
        "ko": "net.accuracy(x, 원-핫 t) (기댓값: net.accuracy(x, labels))",
    }, rtol=0, atol=1e-12)


def test_gradient_returns_arrays_shaped_like_params(check):
    """gradient returns one array per parameter, shaped like it
    ko: gradient 는 매개변수마다 같은 shape 의 배열을 반환함"""
    net = small_net()
    grads = net.gradient(np.ones((6, 4)), np.array([0, 1, 2, 0, 1, 2]))
    for key in ("W1", "b1", "W2", "b2"):
        check.equal(np.shape(grads[key]), net.params[key].shape, {
            "en": f"np.shape(grads[{key!r}]) for grads = net.gradient(x, t)",
            "ko": f"grads = net.gradient(x, t) 일 때의 np.shape(grads[{key!r}])",
        })


def test_gradient_agrees_with_numerical_gradient_on_a_small_network(check):
    """gradient (backprop) agrees with numerical_gradient on a small network
    ko: 작은 신경망에서 gradient (역전파) 가 numerical_gradient 와 같음"""
    np.random.seed(3)
    net = TwoLayerNet(input_size=3, hidden_size=4, output_size=2, weight_init_std=1.0)
    x = np.array([[1.0, -2.0, 0.5], [0.3, 0.8, -1.2]])
    t = np.array([0, 1])
    backprop, numerical = net.gradient(x, t), net.numerical_gradient(x, t)
    for key in ("W1", "b1", "W2", "b2"):
        check.array(backprop[key], numerical[key], {
            "en": f"net.gradient(x, t)[{key!r}] (expected: your net.numerical_gradient(x, t)[{key!r}])",
            "ko": f"net.gradient(x, t)[{key!r}] (기댓값: 작성한 net.numerical_gradient(x, t)[{key!r}])",
        }, rtol=1e-4, atol=1e-6, kind=None)
