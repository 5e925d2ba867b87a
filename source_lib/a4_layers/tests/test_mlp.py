"""Public tests for mlp.py: shapes, no input mutation, and one lecture value per function.

Each test compares with the literal value the lecture gives, using the grader's checks (the
`check` fixture of conftest.py).
"""
import numpy as np

import mlp
from autograder.checker import words


def lecture_network():
    W1 = np.array([[0.1, 0.2], [0.3, 0.4]])
    B1 = np.array([0.1, 0.2])
    W2 = np.array([[0.5], [0.6]])
    B2 = np.array([0.3])
    return W1, B1, W2, B2


def test_forward_returns_layer0_layer1_layer2_with_batch_shapes(check):
    """forward on the 4 inputs gives layer0, layer1, layer2 of shapes (4, 2), (4, 2), (4, 1)
    ko: 4 개 입력의 forward 는 shape (4, 2), (4, 2), (4, 1) 의 layer0, layer1, layer2"""
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])
    layer0, layer1, layer2 = mlp.forward(X, *lecture_network())
    for name, got, shape in (("layer0", layer0, (4, 2)), ("layer1", layer1, (4, 2)), ("layer2", layer2, (4, 1))):
        check.equal(np.shape(got), shape, words(
            "np.shape({name}) from mlp.forward(X, W1, B1, W2, B2) for X of shape (4, 2)",
            "X 의 shape 이 (4, 2) 일 때 mlp.forward(X, W1, B1, W2, B2) 에서 반환된 {name} 의 np.shape({name})", name=name))


def test_forward_gives_the_lecture_output_0_709383_for_input_zero(check):
    """forward of the lecture network on [[0, 0]] outputs [[0.709383]]
    ko: 강의 신경망의 forward([[0, 0]]) 출력은 [[0.709383]]"""
    _, _, layer2 = mlp.forward(np.array([[0, 0]]), *lecture_network())
    check.array(layer2, [[0.709383]], {"en": "layer2 from mlp.forward([[0, 0]], W1, B1, W2, B2)",
                                       "ko": "mlp.forward([[0, 0]], W1, B1, W2, B2) 에서 반환된 layer2"},
                rtol=1e-7, atol=5e-7, kind=None)


def test_backprop_step_moves_w5_from_0_5_to_0_484645(check):
    """one backprop_step with lr 0.2 on input [0, 0], target 0 moves w5 from 0.5 to 0.484645
    ko: 입력 [0, 0], 목표 0, lr 0.2 의 backprop_step 한 번으로 w5 가 0.5 에서 0.484645 가 됨"""
    W1, B1, W2, B2 = mlp.backprop_step(np.array([[0, 0]]), np.array([[0]]), *lecture_network(), lr=0.2)
    check.scalar(W2[0, 0], 0.484645, {"en": "W2[0, 0] (w5) after backprop_step([[0, 0]], [[0]], ..., lr=0.2)",
                                      "ko": "backprop_step([[0, 0]], [[0]], ..., lr=0.2) 뒤의 W2[0, 0] (w5)"},
                 rtol=1e-7, atol=5e-7)


def test_backprop_step_returns_same_shapes_and_leaves_its_arguments_alone(check):
    """backprop_step returns arrays of the same shapes and leaves its arguments unchanged
    ko: backprop_step 은 같은 shape 의 배열을 반환하고 인자를 바꾸지 않음"""
    params = lecture_network()
    new = mlp.backprop_step(np.array([[1, 1]]), np.array([[1]]), *params, lr=0.2)
    for name, before, after, original in zip(("W1", "B1", "W2", "B2"), params, new, lecture_network()):
        check.equal(np.shape(after), original.shape, words("np.shape of the new {name} from backprop_step",
                                                           "backprop_step 이 반환한 새 {name} 의 np.shape", name=name))
        check.unchanged(original, before, words("backprop_step (argument {name})", "backprop_step (인자 {name})",
                                                name=name), misconception="backprop_step_inplace")


def test_train_for_one_epoch_equals_four_backprop_steps_in_order(check):
    """train for one epoch equals four backprop_steps, one per sample, in order
    ko: train 한 에폭은 샘플마다 순서대로 backprop_step 네 번과 같음"""
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])
    T = np.array([[1], [0], [0], [1]])
    expected = lecture_network()
    for x, t in zip(X, T):
        expected = mlp.backprop_step(x.reshape(1, -1), t.reshape(1, -1), *expected, lr=0.2)
    trained = mlp.train(X, T, *lecture_network(), lr=0.2, epochs=1)
    for name, got, want in zip(("W1", "B1", "W2", "B2"), trained, expected):
        check.array(got, want, words(
            "{name} from mlp.train(X, T, ..., lr=0.2, epochs=1) (expected: four of your backprop_steps)",
            "mlp.train(X, T, ..., lr=0.2, epochs=1) 에서 반환된 {name} (기댓값: 작성한 backprop_step 을 네 번 호출한 결과)",
            name=name), rtol=1e-12, atol=0, kind=None)


def test_forward3_gives_the_lecture_output_for_input_1_0_5(check):
    """forward3 of init_network() on [1.0, 0.5] is [0.31682708, 0.69627909]
    ko: init_network() 의 forward3([1.0, 0.5]) 는 [0.31682708, 0.69627909]"""
    y = mlp.forward3(mlp.init_network(), np.array([1.0, 0.5]))
    expected = np.array([0.31682708, 0.69627909])
    check.array(y, expected, "mlp.forward3(mlp.init_network(), [1.0, 0.5])", rtol=1e-7, atol=5e-9, kind=None,
                variants={"forward3_output_sigmoid": 1 / (1 + np.exp(-expected))})
