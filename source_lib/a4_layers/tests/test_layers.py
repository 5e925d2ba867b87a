"""Public tests for layers.py: shapes, dtypes, no input mutation, and a lecture value per layer.

Each test compares with the literal value the lecture gives, using the grader's checks (the
`check` fixture of conftest.py).
"""
import numpy as np

from autograder.checker import words
from layers import Affine, AddLayer, MulLayer, Relu, Sigmoid, SoftmaxWithLoss


def test_mul_layer_forward_gives_the_shopping_price_220(check):
    """two MulLayers give the lecture's shopping price: 100 × 2 × 1.1 = 220
    ko: MulLayer 두 개로 강의의 사과 값 100 × 2 × 1.1 = 220"""
    mul_apple_layer, mul_tax_layer = MulLayer(), MulLayer()
    apple_price = mul_apple_layer.forward(100, 2)
    price = mul_tax_layer.forward(apple_price, 1.1)
    check.scalar(price, 220.0, "MulLayer().forward(MulLayer().forward(100, 2), 1.1)", rtol=1e-12, atol=0)


def test_mul_layer_backward_multiplies_dout_by_the_other_input(check):
    """MulLayer.backward(2) after forward(3, 5) gives dx = 10, dy = 6
    ko: forward(3, 5) 뒤 MulLayer.backward(2) 는 dx = 10, dy = 6"""
    layer = MulLayer()
    layer.forward(3.0, 5.0)
    dx, dy = layer.backward(2.0)
    for name, got, want in (("dx", dx, 10.0), ("dy", dy, 6.0)):
        check.scalar(got, want, words("{name} of MulLayer.backward(2.0) after forward(3.0, 5.0)",
                                      "forward(3.0, 5.0) 뒤 MulLayer.backward(2.0) 의 {name}", name=name),
                     rtol=1e-12, atol=0)


def test_add_layer_passes_dout_unchanged_to_both_inputs(check):
    """AddLayer.forward(200, 450) is 650 and backward(1.1) passes 1.1 to both inputs
    ko: AddLayer.forward(200, 450) 는 650, backward(1.1) 는 두 입력에 1.1 을 그대로 전달"""
    layer = AddLayer()
    check.equal(layer.forward(200, 450), 650, "AddLayer().forward(200, 450)")
    dx, dy = layer.backward(1.1)
    for name, got in (("dx", dx), ("dy", dy)):
        check.scalar(got, 1.1, words("{name} of AddLayer.backward(1.1)", "AddLayer.backward(1.1) 의 {name}", name=name),
                     rtol=1e-12, atol=0)


def test_relu_forward_zeroes_negative_and_zero_entries(check):
    """Relu.forward([[1, -0.5], [0, 3]]) is [[1, 0], [0, 3]]
    ko: Relu.forward([[1, -0.5], [0, 3]]) 는 [[1, 0], [0, 3]]"""
    out = Relu().forward(np.array([[1.0, -0.5], [0.0, 3.0]]))
    check.array(out, [[1.0, 0.0], [0.0, 3.0]], "Relu().forward([[1, -0.5], [0, 3]])", rtol=0, atol=0, kind=None)


def test_relu_backward_blocks_gradient_where_input_was_not_positive(check):
    """Relu.backward blocks the gradient where the input was 0 or less: [[1, 0], [0, 1]]
    ko: Relu.backward 는 입력이 0 이하였던 곳의 기울기를 막음: [[1, 0], [0, 1]]"""
    layer = Relu()
    layer.forward(np.array([[1.0, -0.5], [0.0, 3.0]]))
    dx = layer.backward(np.ones((2, 2)))
    check.array(dx, [[1.0, 0.0], [0.0, 1.0]], {
        "en": "Relu.backward(np.ones((2, 2))) after forward([[1, -0.5], [0, 3]])",
        "ko": "forward([[1, -0.5], [0, 3]]) 뒤의 Relu.backward(np.ones((2, 2)))",
    }, rtol=0, atol=0, kind=None, variants={"relu_mask_at_zero": [[1.0, 0.0], [1.0, 1.0]]})


def test_relu_leaves_the_callers_x_and_dout_unchanged(check):
    """Relu.forward and Relu.backward leave the caller's x and dout unchanged
    ko: Relu.forward 와 Relu.backward 가 호출한 쪽의 x 와 dout 을 바꾸지 않음"""
    x = np.array([[1.0, -0.5], [0.0, 3.0]])
    dout = np.ones((2, 2))
    layer = Relu()
    layer.forward(x)
    layer.backward(dout)
    check.unchanged(np.array([[1.0, -0.5], [0.0, 3.0]]), x, "Relu().forward(x)")
    check.unchanged(np.ones((2, 2)), dout, "Relu.backward(dout)", misconception="relu_backward_inplace")


def test_sigmoid_forward_at_zero_is_one_half_and_backward_is_one_quarter(check):
    """Sigmoid at 0: forward gives 0.5, backward of ones gives 0.25
    ko: 0 에서 Sigmoid 의 forward 는 0.5, 1 의 backward 는 0.25"""
    layer = Sigmoid()
    check.array(layer.forward(np.zeros(3)), [0.5, 0.5, 0.5], "Sigmoid().forward(np.zeros(3))", rtol=1e-12, atol=0,
                kind=None)
    check.array(layer.backward(np.ones(3)), [0.25, 0.25, 0.25], {
        "en": "Sigmoid.backward(np.ones(3)) after forward(np.zeros(3))",
        "ko": "forward(np.zeros(3)) 뒤의 Sigmoid.backward(np.ones(3))",
    }, rtol=1e-12, atol=0, kind=None, variants={"sigmoid_grad_from_z": [0.0, 0.0, 0.0]})


def test_affine_forward_returns_batch_by_output_shape(check):
    """Affine with a (4, 3) W on a (5, 4) batch gives shape (5, 3)
    ko: (4, 3) W 의 Affine 에 (5, 4) 배치를 넣으면 shape (5, 3)"""
    layer = Affine(np.zeros((4, 3)), np.zeros(3))
    out = layer.forward(np.ones((5, 4)))
    check.equal(np.shape(out), (5, 3), {
        "en": "np.shape(Affine(W, b).forward(x)) for W of shape (4, 3) and x of shape (5, 4)",
        "ko": "W 의 shape 이 (4, 3), x 의 shape 이 (5, 4) 일 때의 np.shape(Affine(W, b).forward(x))",
    })


def test_affine_forward_gives_xW_plus_b(check):
    """Affine.forward([[1, 2]]) is x @ W + b = [[0.8, 1.2]]
    ko: Affine.forward([[1, 2]]) 는 x @ W + b = [[0.8, 1.2]]"""
    layer = Affine(np.array([[0.1, 0.2], [0.3, 0.4]]), np.array([0.1, 0.2]))
    check.array(layer.forward(np.array([[1.0, 2.0]])), [[0.8, 1.2]],
                "Affine([[0.1, 0.2], [0.3, 0.4]], [0.1, 0.2]).forward([[1, 2]])", rtol=1e-12, atol=0, kind=None)


def test_affine_backward_returns_dx_and_sets_dW_db_with_matching_shapes(check):
    """Affine.backward returns dx shaped like x, and sets dW shaped like W and db like b
    ko: Affine.backward 는 x 모양의 dx 를 반환하고 W 모양의 dW, b 모양의 db 를 저장함"""
    W, b = np.ones((4, 3)), np.zeros(3)
    layer = Affine(W, b)
    layer.forward(np.ones((5, 4)))
    dx = layer.backward(np.ones((5, 3)))
    check.equal(np.shape(dx), (5, 4), {"en": "np.shape(dx) for dx = Affine.backward(dout) with x of shape (5, 4)",
                                       "ko": "x 의 shape 이 (5, 4) 일 때 dx = Affine.backward(dout) 의 np.shape(dx)"})
    dW, db = np.shape(layer.dW), np.shape(layer.db)
    check.equal(dW, (4, 3), {"en": "np.shape(layer.dW) for W of shape (4, 3)",
                             "ko": "W 의 shape 이 (4, 3) 일 때의 np.shape(layer.dW)"},
                misconception="affine_dw_transposed" if dW == (3, 4) else None)
    check.equal(db, (3,), {"en": "np.shape(layer.db) for b of shape (3,)",
                           "ko": "b 의 shape 이 (3,) 일 때의 np.shape(layer.db)"},
                misconception="affine_db_not_summed" if db == (5, 3) else None)


def test_softmax_with_loss_forward_returns_a_scalar_loss(check):
    """SoftmaxWithLoss.forward on the lecture's scores gives one number, -log(0.73659691 + 1e-7)
    ko: 강의 점수에 대한 SoftmaxWithLoss.forward 는 숫자 하나, -log(0.73659691 + 1e-7)"""
    loss = SoftmaxWithLoss().forward(np.array([[0.3, 2.9, 4.0]]), np.array([[0, 0, 1]]))
    check.scalar(loss, -np.log(0.73659691 + 1e-7), "SoftmaxWithLoss().forward([[0.3, 2.9, 4.0]], [[0, 0, 1]])",
                 rtol=1e-6, atol=0)


def test_softmax_with_loss_backward_is_y_minus_t_over_batch_size(check):
    """SoftmaxWithLoss.backward on a batch of 2 is (y - t) / 2
    ko: 배치 크기 2 인 SoftmaxWithLoss.backward 는 (y - t) / 2"""
    layer = SoftmaxWithLoss()
    layer.forward(np.array([[0.3, 2.9, 4.0], [0.3, 2.9, 4.0]]), np.array([2, 2]))
    dx = layer.backward()
    expected = np.array([0.01821127, 0.24519181, 0.73659691 - 1.0]) / 2
    check.array(dx, [expected, expected], {
        "en": "SoftmaxWithLoss.backward() after forward on 2 rows with labels [2, 2]",
        "ko": "레이블이 [2, 2] 인 두 행으로 forward 한 뒤의 SoftmaxWithLoss.backward()",
    }, rtol=1e-6, atol=1e-9, kind=None, variants={"softmaxloss_no_batch_divide": [2 * expected, 2 * expected]})
