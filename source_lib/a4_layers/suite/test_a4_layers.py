"""a4_layers, layers.py: MulLayer, AddLayer, Relu, Sigmoid, Affine, SoftmaxWithLoss.

Every layer is a student object in the worker (``layer = student.layers.Relu()``); its methods
are remote calls. Gradients stored on the layer (``Affine.dW``, ``Affine.db``) are read back as
attributes. "Does not modify its input" is checked with ``student.hold`` / ``student.fetch``, and
counts only when the same call's result was right (``check.result``): doing nothing earns nothing.

Each call that may raise is one part (``check.attempt``): an unfinished backward loses its own
checks, not its forward's. Where layers are chained (the apple-and-orange graph), each student
layer gets the reference's inputs and upstream gradient, so one unfinished layer costs only its
own checks.
"""
import numpy as np
import pytest

from autograder.checker import said, words

points, hidden = pytest.mark.points, pytest.mark.visibility("hidden")

LECTURE_W = np.array([[0.1, 0.2], [0.3, 0.4]])
LECTURE_B = np.array([0.1, 0.2])


def pair(check, got, what):
    """``got`` must be a (dx, dy) pair; a gate, so nothing below touches a wrong type (the part ends)."""
    check.tuple_of(got, 2, what, names="(dx, dy)", gate=True)
    return got


def check_db(check, got, expected, dout, what, soft=True):
    """db must be dout summed over the batch; db with dout's own shape is the classic slip (the
    behaviour diagnosis names it: affine_db_not_summed)."""
    if type(got) is np.ndarray and got.shape == dout.shape != expected.shape:
        return check.true(False, {"en": f"{said(what, 'en')} has the shape of dout {got.shape}; db must have b's shape {expected.shape}",
                                  "ko": f"{said(what, 'ko')} 의 shape 가 dout 과 같은 {got.shape} 입니다 (b 의 shape {expected.shape} 이어야 함)"},
                          soft=soft)
    return check.array(got, expected, what, soft=soft)


def check_dw(check, got, expected, x2d, dout, what, soft=True):
    """dW must have W's shape; dout.T @ x (W.T's shape) is the transposed slip (the behaviour
    diagnosis names it: affine_dw_transposed)."""
    if type(got) is np.ndarray and got.shape == (dout.shape[1], x2d.shape[1]) != expected.shape:
        return check.true(False, {"en": f"{said(what, 'en')} has shape {got.shape}, the shape of W.T; dW must have W's shape {expected.shape}",
                                  "ko": f"{said(what, 'ko')} 의 shape 가 W.T 의 shape {got.shape} 입니다 (W 의 shape {expected.shape} 이어야 함)"},
                          soft=soft)
    return check.array(got, expected, what, soft=soft)


def check_dx(check, got, expected, what, soft=True):
    """dx must come back in x's original shape (a 4-D batch stays 4-D)."""
    flat = (expected.shape[0], int(np.prod(expected.shape[1:])))
    if type(got) is np.ndarray and got.shape == flat != expected.shape:
        return check.true(False, {"en": f"{said(what, 'en')} has the flattened shape {got.shape}; dx must have x's original shape {expected.shape}",
                                  "ko": f"{said(what, 'ko')} 의 shape 가 펼친 shape {got.shape} 입니다 (x 의 원래 shape {expected.shape} 이어야 함)"},
                          soft=soft)
    return check.array(got, expected, what, soft=soft)


# --- MulLayer and AddLayer: the shopping example ------------------------------------------------

@points(2)
def test_mul_layer_shopping_example(student, check):
    """shopping example: 2 apples at 100 with tax 1.1 cost 220; backward gives dapple 2.2, dapple_num 110, dtax 200
    ko: 사과 쇼핑 예: 가격 220, 역전파 dapple 2.2, dapple_num 110, dtax 200"""
    mul_apple, mul_tax = student.layers.MulLayer(), student.layers.MulLayer()
    with check.attempt(1):
        check.scalar(mul_apple.forward(100, 2), 200.0, {"en": "the apple price mul_apple_layer.forward(100, 2)", "ko": "사과 가격 mul_apple_layer.forward(100, 2)"}, soft=True)
    with check.attempt(1):  # the lecture's value of apple_price, so that each layer is checked on its own
        check.scalar(mul_tax.forward(200.0, 1.1), 220.0, {"en": "the price mul_tax_layer.forward(apple_price, 1.1)",
                                                         "ko": "최종 가격 mul_tax_layer.forward(apple_price, 1.1)"}, soft=True)
    with check.attempt(2):
        dapple_price, dtax = pair(check, mul_tax.backward(1), "mul_tax_layer.backward(1)")
        check.scalar(dapple_price, 1.1, "dapple_price", soft=True)
        check.scalar(dtax, 200.0, "dtax", soft=True)
    with check.attempt(2):
        dapple, dapple_num = pair(check, mul_apple.backward(1.1), "mul_apple_layer.backward(dapple_price)")
        check.scalar(dapple, 2.2, "dapple", soft=True)
        check.scalar(dapple_num, 110.0, "dapple_num", soft=True)


@points(1)
def test_add_layer_example(student, check):
    """AddLayer: forward(200, 450) is 650 and backward(1.1) is (1.1, 1.1)
    ko: AddLayer: forward(200, 450) 는 650, backward(1.1) 은 (1.1, 1.1)"""
    layer = student.layers.AddLayer()
    with check.attempt(1):
        check.scalar(layer.forward(200, 450), 650, "AddLayer.forward(200, 450)", soft=True)
    with check.attempt(2):
        dx, dy = pair(check, layer.backward(1.1), "AddLayer.backward(1.1)")
        check.scalar(dx, 1.1, {"en": "dx of AddLayer.backward(1.1)", "ko": "AddLayer.backward(1.1) 의 dx"}, soft=True)
        check.scalar(dy, 1.1, {"en": "dy of AddLayer.backward(1.1)", "ko": "AddLayer.backward(1.1) 의 dy"}, soft=True)


@points(2)
@hidden
def test_mul_and_add_layers_on_arrays(student, ref, check, rng):
    """MulLayer and AddLayer on arrays: the apple-and-orange graph with random prices
    ko: 배열에 대한 MulLayer 와 AddLayer: 무작위 가격의 사과·귤 계산 그래프"""
    apple, orange = rng.uniform(50, 200, size=3), rng.uniform(50, 200, size=3)
    n_apple, n_orange, tax = rng.integers(1, 6, size=3).astype(float), rng.integers(1, 6, size=3).astype(float), 1.1
    dprice = rng.uniform(0.5, 2.0, size=3)

    # the reference runs the graph; each student layer then gets the reference's inputs and dout
    r = {name: ref.layers.MulLayer() for name in ("apple", "orange", "tax")}
    r["add"] = ref.layers.AddLayer()
    a, o = r["apple"].forward(apple, n_apple), r["orange"].forward(orange, n_orange)
    total = r["add"].forward(a, o)
    price = r["tax"].forward(total, tax)
    dtotal, dtax = r["tax"].backward(dprice)
    da, do = r["add"].backward(dtotal)
    nodes = (  # (layer, forward inputs, out, dout, (dx, dy), names)
        ("MulLayer", (total, tax), price, dprice, (dtotal, dtax), ("price", "dtotal", "dtax")),
        ("AddLayer", (a, o), total, dtotal, (da, do), ("apple_price + orange_price", "dapple_price", "dorange_price")),
        ("MulLayer", (apple, n_apple), a, da, r["apple"].backward(da), ("apple_price", "dapple", "dapple_num")),
        ("MulLayer", (orange, n_orange), o, do, r["orange"].backward(do), ("orange_price", "dorange", "dorange_num")),
    )
    for cls, inputs, out, dout, grads, (out_name, dx_name, dy_name) in nodes:
        with check.attempt(3):
            layer = getattr(student.layers, cls)()
            with check.attempt(1):
                check.array(layer.forward(*inputs), out, f"{out_name} = {cls}.forward(x, y)", soft=True)
            with check.attempt(2):
                dx, dy = pair(check, layer.backward(dout), f"{cls}.backward(dout)")
                check.array(dx, grads[0], dx_name, soft=True)
                check.array(dy, grads[1], dy_name, soft=True)


# --- Relu ---------------------------------------------------------------------------------------

RELU_X = np.array([[1.0, -0.5], [-2.0, 3.0]])


@points(2)
def test_relu_lecture_example(student, check):
    """Relu: forward([[1, -0.5], [-2, 3]]) is [[1, 0], [0, 3]] and backward(ones) is [[1, 0], [0, 1]]
    ko: Relu: forward([[1, -0.5], [-2, 3]]) 는 [[1, 0], [0, 3]], backward(ones) 는 [[1, 0], [0, 1]]"""
    layer = student.layers.Relu()
    with check.attempt(1):
        check.array(layer.forward(RELU_X), [[1.0, 0.0], [0.0, 3.0]], "Relu.forward([[1, -0.5], [-2, 3]])", soft=True)
    with check.attempt(1):
        check.array(layer.backward(np.ones((2, 2))), [[1.0, 0.0], [0.0, 1.0]], {"en": "Relu.backward(ones) after that forward", "ko": "그 forward 다음의 Relu.backward(ones)"},
                    soft=True)


@points(1)
def test_relu_keeps_a_mask_of_non_positive_inputs(student, check):
    """Relu.forward keeps self.mask, True where x <= 0 (zero included)
    ko: Relu.forward 는 x <= 0 인 곳이 True 인 self.mask 를 저장함 (0 포함)"""
    layer = student.layers.Relu()
    x = np.array([[1.0, -0.5], [0.0, 3.0]])
    layer.forward(x)
    check.array(layer.mask, x <= 0, {"en": "self.mask after Relu.forward([[1, -0.5], [0, 3]])",
                 "ko": "Relu.forward([[1, -0.5], [0, 3]]) 다음의 self.mask"}, kind="b")


@points(2)
@hidden
def test_relu_on_a_random_batch_with_zeros(student, ref, check, rng):
    """Relu forward and backward on a random batch that contains exact zeros
    ko: 정확히 0 인 원소가 있는 무작위 배치에서 Relu 순전파와 역전파"""
    x = rng.normal(size=(4, 5))
    x[rng.random(size=x.shape) < 0.25] = 0.0
    x[0, 0] = 0.0
    dout = rng.normal(size=x.shape)
    r = ref.layers.Relu()
    r_out = r.forward(x)
    r_dx = r.backward(dout)
    layer = student.layers.Relu()
    with check.attempt(1):
        check.array(layer.forward(x), r_out, "Relu.forward(x)", soft=True)
    with check.attempt(1):
        check.array(layer.backward(dout), r_dx, "Relu.backward(dout)", soft=True)


@points(2)
def test_relu_leaves_x_and_dout_unchanged(student, ref, check):
    """Relu.forward and Relu.backward do not modify the caller's x and dout
    ko: Relu.forward 와 Relu.backward 가 호출한 쪽의 x 와 dout 을 바꾸지 않음"""
    x, dout = RELU_X.copy(), np.full((2, 2), 2.0)
    r = ref.layers.Relu()
    r_out = r.forward(x.copy())
    r_dx = r.backward(dout.copy())
    held_x, held_dout = student.hold(x), student.hold(dout)
    layer = student.layers.Relu()
    with check.attempt(1):
        out = layer.forward(held_x)
        with check.result() as outcome:
            check.array(out, r_out, "Relu.forward(x)", soft=True)
        check.unchanged(x, student.fetch(held_x), "Relu.forward(x)", soft=True, result_ok=outcome.ok)
    with check.attempt(1):
        dx = layer.backward(held_dout)
        with check.result() as outcome:
            check.array(dx, r_dx, "Relu.backward(dout)", soft=True)
        check.unchanged(dout, student.fetch(held_dout), "Relu.backward(dout)", soft=True,
                        result_ok=outcome.ok)


# --- Sigmoid ------------------------------------------------------------------------------------

@points(2)
def test_sigmoid_lecture_values(student, check):
    """Sigmoid: forward(0) is 0.5 with backward(1) 0.25; forward(0.1) is 0.524979 with backward(1) 0.249376
    ko: Sigmoid: forward(0) 은 0.5, backward(1) 은 0.25; forward(0.1) 은 0.524979, backward(1) 은 0.249376"""
    for x, out, grad in ((0.0, 0.5, 0.25), (0.1, 0.52497919, 0.24937604)):
        with check.attempt(2):
            layer = student.layers.Sigmoid()
            with check.attempt(1):
                check.array(layer.forward(np.array([x])), [out], f"Sigmoid.forward([{x}])", atol=5e-7, soft=True)
            with check.attempt(1):
                check.array(layer.backward(np.array([1.0])), [grad], words("Sigmoid.backward([1.0]) after forward([{x}])", "forward([{x}]) 다음의 Sigmoid.backward([1.0])", x=x),
                            atol=5e-7, soft=True)


@points(2)
@hidden
def test_sigmoid_on_a_random_batch(student, ref, check, rng):
    """Sigmoid forward and backward on a random batch
    ko: 무작위 배치에서 Sigmoid 순전파와 역전파"""
    x = rng.normal(scale=2.0, size=(3, 4))
    dout = rng.normal(size=x.shape)
    r = ref.layers.Sigmoid()
    r_out = r.forward(x)
    r_dx = r.backward(dout)
    layer = student.layers.Sigmoid()
    with check.attempt(1):
        check.array(layer.forward(x), r_out, "Sigmoid.forward(x)", soft=True)
    with check.attempt(1):
        check.array(layer.backward(dout), r_dx, "Sigmoid.backward(dout)", soft=True)


# --- Affine -------------------------------------------------------------------------------------

@points(2)
def test_affine_lecture_example(student, check):
    """Affine with W = [[0.1, 0.2], [0.3, 0.4]], b = [0.1, 0.2]: forward([[1, 2]]) is [[0.8, 1.2]]; backward([[1, 1]]) gives dx, dW, db
    ko: Affine(W = [[0.1, 0.2], [0.3, 0.4]], b = [0.1, 0.2]): forward([[1, 2]]) 는 [[0.8, 1.2]]; backward([[1, 1]]) 의 dx, dW, db"""
    x, dout = np.array([[1.0, 2.0]]), np.array([[1.0, 1.0]])
    layer = student.layers.Affine(LECTURE_W.copy(), LECTURE_B.copy())
    with check.attempt(1):
        check.array(layer.forward(x), [[0.8, 1.2]], "Affine.forward([[1, 2]])", soft=True)
    with check.attempt(3):
        check.array(layer.backward(dout), [[0.3, 0.7]], "dx = Affine.backward([[1, 1]])", soft=True)
        check_dw(check, layer.dW, np.array([[1.0, 1.0], [2.0, 2.0]]), x, dout, {"en": "self.dW after backward([[1, 1]])", "ko": "backward([[1, 1]]) 다음의 self.dW"})
        check_db(check, layer.db, np.array([1.0, 1.0]), dout, {"en": "self.db after backward([[1, 1]])", "ko": "backward([[1, 1]]) 다음의 self.db"})


@points(3)
@hidden
def test_affine_on_a_random_batch(student, ref, check, rng):
    """Affine forward and backward on a random 2-D batch: out, dx, dW and db (summed over the batch)
    ko: 무작위 2차원 배치에서 Affine 순전파와 역전파: out, dx, dW, db (배치 합)"""
    n, d = 5, 4
    W, b = rng.normal(size=(d, d)), rng.normal(size=d)  # square W: a transposed dW has the right shape
    x, dout = rng.normal(size=(n, d)), rng.normal(size=(n, d))
    r = ref.layers.Affine(W.copy(), b.copy())
    r_out = r.forward(x)
    r_dx = r.backward(dout)
    layer = student.layers.Affine(W, b)
    with check.attempt(1):
        check.array(layer.forward(x), r_out, "Affine.forward(x)", soft=True)
    with check.attempt(3):
        check.array(layer.backward(dout), r_dx, "dx = Affine.backward(dout)", soft=True)
        check_dw(check, layer.dW, r.dW, x, dout, {"en": "self.dW after backward", "ko": "backward 다음의 self.dW"})
        check_db(check, layer.db, r.db, dout, {"en": "self.db after backward", "ko": "backward 다음의 self.db"})


@points(2)
@hidden
def test_affine_on_a_4d_image_batch(student, ref, check, rng):
    """Affine flattens a 4-D batch (N, C, H, W) and returns dx in x's original shape
    ko: Affine 은 4차원 배치 (N, C, H, W) 를 펼쳐 계산하고 dx 는 x 의 원래 shape 로 돌려줌"""
    x = rng.normal(size=(3, 2, 2, 3))
    W, b = rng.normal(size=(12, 5)), rng.normal(size=5)
    dout = rng.normal(size=(3, 5))
    r = ref.layers.Affine(W.copy(), b.copy())
    r_out = r.forward(x)
    r_dx = r.backward(dout)
    layer = student.layers.Affine(W, b)
    with check.attempt(1):
        check.array(layer.forward(x), r_out, {"en": "Affine.forward(x) for a 4-D x", "ko": "4차원 x 에 대한 Affine.forward(x)"}, soft=True)
    with check.attempt(3):
        check_dx(check, layer.backward(dout), r_dx, {"en": "dx = Affine.backward(dout) for a 4-D x",
                                                         "ko": "4차원 x 에 대한 dx = Affine.backward(dout)"})
        check_dw(check, layer.dW, r.dW, x.reshape(3, -1), dout, {"en": "self.dW for a 4-D x", "ko": "4차원 x 에 대한 self.dW"})
        check_db(check, layer.db, r.db, dout, {"en": "self.db for a 4-D x", "ko": "4차원 x 에 대한 self.db"})


@points(1)
def test_affine_uses_the_given_w_and_b_not_copies(student, check):
    """Affine keeps the W and b it was given: an in-place change of W and b shows in the next forward
    ko: Affine 은 받은 W 와 b 를 그대로 씀: W 와 b 를 제자리에서 바꾸면 다음 forward 에 반영됨"""
    held_W, held_b = student.hold(LECTURE_W.copy()), student.hold(LECTURE_B.copy())
    layer = student.layers.Affine(held_W, held_b)
    x = np.array([[1.0, 2.0]])
    layer.forward(x)
    held_W[0] = np.array([1.0, 1.0])   # in place, in the worker: W = [[1, 1], [0.3, 0.4]]
    held_b[1] = 0.0                    # b = [0.1, 0]
    check.array(layer.forward(x), [[1.7, 1.8]],
                {"en": "Affine.forward([[1, 2]]) after W[0] = [1, 1] and b[1] = 0 were set in place",
                 "ko": "W[0] = [1, 1], b[1] = 0 을 제자리에서 바꾼 뒤의 Affine.forward([[1, 2]])"})


# --- SoftmaxWithLoss ----------------------------------------------------------------------------

@points(2)
def test_softmax_with_loss_lecture_example(student, check):
    """SoftmaxWithLoss on scores [[0.3, 2.9, 4.0]] with t = [2] or [[0, 0, 1]]: loss 0.305730, backward [[0.018211, 0.245192, -0.263403]]
    ko: 점수 [[0.3, 2.9, 4.0]], t = [2] 또는 [[0, 0, 1]] 의 SoftmaxWithLoss: 손실 0.305730, 역전파 [[0.018211, 0.245192, -0.263403]]"""
    x = np.array([[0.3, 2.9, 4.0]])
    expected_dx = np.array([[0.01821127, 0.24519181, -0.26340309]])
    for t, shown in ((np.array([[0.0, 0.0, 1.0]]), "[[0, 0, 1]]"), (np.array([2]), "[2]")):
        with check.attempt(2):
            layer = student.layers.SoftmaxWithLoss()
            with check.attempt(1):
                check.scalar(layer.forward(x, t), -np.log(0.73659691 + 1e-7), f"SoftmaxWithLoss.forward(x, t={shown})",
                             atol=5e-7, soft=True)
            with check.attempt(1):
                check.array(layer.backward(), expected_dx, words("SoftmaxWithLoss.backward() with t={t}", "t={t} 일 때의 SoftmaxWithLoss.backward()", t=shown), atol=5e-8,
                            soft=True)


def softmax_loss_case(student, ref, check, x, t, shown, dout):
    r = ref.layers.SoftmaxWithLoss()
    r_loss = r.forward(x, t)
    r_dx = r.backward(1)
    layer = student.layers.SoftmaxWithLoss()
    with check.attempt(1):
        check.scalar(layer.forward(x, t), r_loss, words("SoftmaxWithLoss.forward(x, t) with {t} t", "{t} t 에 대한 SoftmaxWithLoss.forward(x, t)", t=shown), soft=True)
    with check.attempt(2):
        check.array(layer.backward(1), r_dx, words("SoftmaxWithLoss.backward() with {t} t", "{t} t 에 대한 SoftmaxWithLoss.backward()", t=shown), soft=True)
        check.array(layer.backward(1), r_dx,
                    words("a second SoftmaxWithLoss.backward() with {t} t (backward must not change self.y)",
                          "{t} t 에 대한 두 번째 SoftmaxWithLoss.backward() (backward 는 self.y 를 바꾸면 안 됨)", t=shown),
                    soft=True)
    # backward(dout) scales by the dout it is given; on a fresh layer, so only the scaling is judged
    r = ref.layers.SoftmaxWithLoss()
    r.forward(x, t)
    with check.attempt(1):
        layer = student.layers.SoftmaxWithLoss()
        layer.forward(x, t)
        check.array(layer.backward(dout), r.backward(dout),
                    words("SoftmaxWithLoss.backward(dout) with {t} t and a dout other than 1",
                          "{t} t 와 1 이 아닌 dout 에 대한 SoftmaxWithLoss.backward(dout)", t=shown), soft=True)


def softmax_loss_sample(student, ref, check, x, t, shown):
    """One sample: scores x of shape (C,), which the contract takes as a batch of one."""
    r = ref.layers.SoftmaxWithLoss()
    r_loss = r.forward(x, t)
    r_dx = r.backward(1)
    layer = student.layers.SoftmaxWithLoss()
    with check.attempt(1):
        check.scalar(layer.forward(x, t), r_loss,
                     words("SoftmaxWithLoss.forward(x, t) for a single sample x of shape (C,) with {t} t",
                           "shape (C,) 인 샘플 하나의 x 와 {t} t 에 대한 SoftmaxWithLoss.forward(x, t)", t=shown), soft=True)
    with check.attempt(1):
        check.array(layer.backward(1), r_dx,
                    words("SoftmaxWithLoss.backward() for a single sample x of shape (C,) with {t} t",
                          "shape (C,) 인 샘플 하나의 x 와 {t} t 에 대한 SoftmaxWithLoss.backward()", t=shown), soft=True)


@points(2)
@hidden
def test_softmax_with_loss_one_hot_batch(student, ref, check, rng):
    """SoftmaxWithLoss forward and backward(dout) on a random batch and on a single sample, with one-hot t
    ko: 원-핫 t 와 무작위 배치, 샘플 하나에서 SoftmaxWithLoss 순전파와 backward(dout)"""
    x = rng.normal(scale=2.0, size=(4, 5))
    t = np.eye(5)[rng.integers(0, 5, size=4)]
    shown = {"en": "one-hot", "ko": "원-핫"}
    softmax_loss_case(student, ref, check, x, t, shown, float(rng.uniform(1.5, 3.0)))
    softmax_loss_sample(student, ref, check, rng.normal(scale=2.0, size=5), np.eye(5)[int(rng.integers(0, 5))], shown)


@points(2)
@hidden
def test_softmax_with_loss_label_batch(student, ref, check, rng):
    """SoftmaxWithLoss forward and backward(dout) on a random batch and on a single sample, with label-index t
    ko: 정답 레이블 인덱스 t 와 무작위 배치, 샘플 하나에서 SoftmaxWithLoss 순전파와 backward(dout)"""
    x = rng.normal(scale=2.0, size=(6, 4))
    t = rng.integers(0, 4, size=6)
    shown = {"en": "label-index", "ko": "레이블 인덱스"}
    softmax_loss_case(student, ref, check, x, t, shown, float(rng.uniform(1.5, 3.0)))
    softmax_loss_sample(student, ref, check, rng.normal(scale=2.0, size=4), int(rng.integers(0, 4)), shown)
