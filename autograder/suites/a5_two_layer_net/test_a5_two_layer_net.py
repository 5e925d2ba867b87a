"""a5_two_layer_net, two_layer_net.py: TwoLayerNet structure, predict/loss/accuracy, gradients.

How the student's network is compared with the reference
---------------------------------------------------------
The student's ``TwoLayerNet`` lives in the worker and draws its weights from the worker's
``np.random``. ``net.params`` comes back as a *copy* (a dict of arrays), so the suite cannot
set the student's weights in place (``net.params["W1"][...] = ...`` would change the copy only,
and ``net.layers["Affine1"].W = ...`` would assume attribute names and break the sharing of
``params`` with the layers that ``numerical_gradient`` relies on). Instead it goes the other way:

1. build the student's net (a ``weight_init_std`` large enough for the ReLU to matter),
2. read its ``params`` and build a reference ``TwoLayerNet`` whose ``params`` arrays are
   overwritten *in place* with ``np.copyto`` (so the reference layers, which share them, see
   the student's weights),
3. draw the inputs on the trusted side *given those weights*: for gradient checks every row of
   ``x`` is redrawn until all hidden pre-activations ``z = x @ W1 + b1`` satisfy
   ``|z| > KINK_MARGIN`` (the contract asks for ``|z| > 1e-2``; at a kink the numerical gradient
   means nothing). Biases start at zero, so ``z = x @ W1``. Labels are drawn among the classes
   the reference gives a probability above ``MIN_PROB`` (CEE's ``+1e-7`` would otherwise make a
   correct gradient disagree with the numerical one), and a draw is kept only if the reference
   passes the gradient check itself with ``REFERENCE_AGREEMENT`` (see ``gradient_check_batch``).

Biases other than zero are exercised in the train suite (after training, with the trained params).
"""
import numpy as np
import pytest

from autograder.checks import describe_type

points, hidden = pytest.mark.points, pytest.mark.visibility("hidden")

KEYS = ("W1", "b1", "W2", "b2")
KINK_MARGIN = 0.05
MIN_PROB = 0.05
REFERENCE_AGREEMENT = 1e-6


def shapes(i, h, o):
    return {"W1": (i, h), "b1": (h,), "W2": (h, o), "b2": (o,)}


def read_params(check, net, i, h, o, what="net.params"):
    """The student's params as a dict of finite float arrays of the right shapes (hard checks)."""
    params = net.params
    check.true(type(params) is dict, {"en": f"{what} should be a dict, but it is {describe_type(params)}",
                                      "ko": f"{what} 는 dict 여야 하는데 {describe_type(params)} 입니다"})
    check.equal(sorted(map(str, params)), sorted(KEYS), f"the keys of {what}")
    for key, shape in shapes(i, h, o).items():
        value = params[key]
        good = type(value) is np.ndarray and value.shape == shape and value.dtype.kind == "f" and np.all(np.isfinite(value))
        shown = f"an array of shape {value.shape}, dtype {value.dtype}" if type(value) is np.ndarray else describe_type(value)
        check.true(good, {"en": f"{what}['{key}'] should be a finite float array of shape {shape}, got {shown}",
                          "ko": f"{what}['{key}'] 는 shape {shape} 인 유한한 실수 배열이어야 하는데 {shown} 입니다"})
    return params


def reference_net(ref, params):
    """A reference TwoLayerNet whose params arrays hold ``params`` (copied in place, layers see them)."""
    i, h = params["W1"].shape
    o = params["W2"].shape[1]
    state = np.random.get_state()
    net = ref.two_layer_net.TwoLayerNet(i, h, o)
    np.random.set_state(state)
    for key in KEYS:
        np.copyto(net.params[key], params[key])
    return net


def student_net(student, check, i, h, o, std):
    net = student.two_layer_net.TwoLayerNet(i, h, o, weight_init_std=std)
    return net, read_params(check, net, i, h, o)


def away_from_kink(rng, params, n):
    """n rows of x (standard normal) whose hidden pre-activations all have |z| > KINK_MARGIN."""
    W1, b1 = params["W1"], params["b1"]
    rows = []
    for _ in range(100 * n):
        x = rng.normal(size=W1.shape[0])
        if np.all(np.abs(x @ W1 + b1) > KINK_MARGIN):
            rows.append(x)
            if len(rows) == n:
                return np.array(rows)
    raise RuntimeError("could not draw inputs away from the ReLU kink")  # a grader problem, not the student's


def gradient_check_batch(rng, r, n):
    """x away from the kink and labels t the reference net ``r`` gives probability > MIN_PROB.

    CEE's log(y + 1e-7) makes backprop and numerical gradients differ by about 1e-7 / y, so a
    true class with a tiny probability would fail a correct submission; a draw is also kept only
    if the reference's own gradient check is below REFERENCE_AGREEMENT."""
    for _ in range(50):
        x = away_from_kink(rng, r.params, n)
        scores = r.predict(x)
        prob = np.exp(scores - scores.max(axis=1, keepdims=True))
        prob /= prob.sum(axis=1, keepdims=True)
        t = np.array([rng.choice(np.flatnonzero(p > MIN_PROB)) for p in prob])
        backprop, numerical = r.gradient(x, t), r.numerical_gradient(x, t)
        if all(relative_error(backprop[k], numerical[k]) < REFERENCE_AGREEMENT for k in KEYS):
            return x, t
    raise RuntimeError("could not draw a batch for the gradient check")  # a grader problem


def grads_dict(check, got, params, what):
    """``got`` must be a dict with the keys of params (hard check); arrays are checked by the caller."""
    check.true(type(got) is dict, {"en": f"{what} should return a dict, but it returned {describe_type(got)}",
                                   "ko": f"{what} 는 dict 를 반환해야 하는데 {describe_type(got)} 를 반환했습니다"})
    check.equal(sorted(map(str, got)), sorted(KEYS), f"the keys of {what}")
    return got


def relative_error(a, b):
    return float(np.max(np.abs(a - b)) / max(np.max(np.abs(a) + np.abs(b)), 1e-8))


# --- structure ----------------------------------------------------------------------------------

@points(2)
def test_params_have_the_right_shapes_and_zero_biases(student, check):
    """TwoLayerNet(64, 50, 10): params W1 (64, 50), b1 (50,), W2 (50, 10), b2 (10,); weights weight_init_std * randn, biases zero
    ko: TwoLayerNet(64, 50, 10): params W1 (64, 50), b1 (50,), W2 (50, 10), b2 (10,); 가중치는 weight_init_std * randn, 편향은 0"""
    net = student.two_layer_net.TwoLayerNet(64, 50, 10)
    params = read_params(check, net, 64, 50, 10, "TwoLayerNet(64, 50, 10).params")
    check.array(params["b1"], np.zeros(50), "params['b1']", soft=True)
    check.array(params["b2"], np.zeros(10), "params['b2']", soft=True)
    for key in ("W1", "W2"):
        std = float(np.std(params[key]))
        check.true(0.008 < std < 0.012, {"en": f"params['{key}'] should be 0.01 * np.random.randn(...) (standard deviation about 0.01), but its standard deviation is {std:.4g}",
                                         "ko": f"params['{key}'] 는 0.01 * np.random.randn(...) 이어야 합니다 (표준편차 약 0.01). 표준편차가 {std:.4g} 입니다"},
                   soft=True)
    big = student.two_layer_net.TwoLayerNet(30, 40, 10, weight_init_std=0.5)
    W1 = read_params(check, big, 30, 40, 10, "TwoLayerNet(30, 40, 10, weight_init_std=0.5).params")["W1"]
    std = float(np.std(W1))
    check.true(0.45 < std < 0.55, {"en": f"with weight_init_std=0.5, params['W1'] should have a standard deviation about 0.5, not {std:.4g}",
                                   "ko": f"weight_init_std=0.5 이면 params['W1'] 의 표준편차가 약 0.5 여야 합니다 ({std:.4g})"},
               soft=True)


@points(1)
def test_layers_are_affine1_relu1_affine2_and_last_layer_is_softmax_with_loss(student, check):
    """net.layers holds Affine1, Relu1, Affine2 in this order and net.lastLayer is a SoftmaxWithLoss
    ko: net.layers 는 Affine1, Relu1, Affine2 를 이 순서로 담고 net.lastLayer 는 SoftmaxWithLoss"""
    net = student.two_layer_net.TwoLayerNet(4, 5, 3)
    layers = net.layers
    check.true(type(layers) is dict, {"en": f"net.layers should be an OrderedDict, but it is {describe_type(layers)}",
                                      "ko": f"net.layers 는 OrderedDict 여야 하는데 {describe_type(layers)} 입니다"})
    check.equal(list(map(str, layers)), ["Affine1", "Relu1", "Affine2"], "list(net.layers)", soft=True)
    types = [getattr(v, "type_name", describe_type(v)) for v in layers.values()]
    check.equal(types, ["Affine", "Relu", "Affine"], "the classes of the layers in net.layers", soft=True)
    last = net.lastLayer
    check.equal(getattr(last, "type_name", describe_type(last)), "SoftmaxWithLoss", "the class of net.lastLayer",
                soft=True)


# --- predict, loss, accuracy --------------------------------------------------------------------

@points(2)
@hidden
def test_predict_and_loss_match_the_reference(student, ref, check, rng):
    """predict and loss (label and one-hot t) agree with a reference network holding the same params
    ko: predict 와 loss (레이블·원-핫 t) 가 같은 params 를 가진 참조 신경망과 같음"""
    net, params = student_net(student, check, 6, 8, 4, std=1.0)
    r = reference_net(ref, params)
    x = rng.normal(size=(5, 6))
    labels = rng.integers(0, 4, size=5)
    one_hot = np.eye(4)[labels]
    check.array(net.predict(x), r.predict(x), "net.predict(x)", soft=True)
    check.scalar(net.loss(x, labels), r.loss(x, labels), "net.loss(x, t) with label t", soft=True)
    check.scalar(net.loss(x, one_hot), r.loss(x, one_hot), "net.loss(x, t) with one-hot t", soft=True)


@points(2)
@hidden
def test_accuracy_with_label_and_one_hot_t(student, ref, check, rng):
    """accuracy is the fraction of rows whose top score is the right class, for label and one-hot t
    ko: accuracy 는 가장 큰 점수가 정답 클래스인 행의 비율 (레이블·원-핫 t 모두)"""
    n = c = 4  # n == c: comparing labels with a one-hot t broadcasts instead of failing, so it can be named
    net, params = student_net(student, check, 5, 6, c, std=1.0)
    r = reference_net(ref, params)
    x = rng.normal(size=(n, 5))
    predicted = np.argmax(r.predict(x), axis=1)
    for _ in range(100):  # half right, half wrong; and the broadcast slip gives a different number
        right = rng.permutation(np.arange(n) < n // 2)
        labels = np.where(right, predicted, (predicted + rng.integers(1, c, size=n)) % c)
        one_hot = np.eye(c)[labels]
        broadcast = np.sum(predicted == one_hot) / n
        if broadcast != 0.5:
            break
    expected = r.accuracy(x, labels)
    check.scalar(net.accuracy(x, labels), expected, "net.accuracy(x, t) with label t", soft=True,
                 variants={"accuracy_count": expected * n})
    check.scalar(net.accuracy(x, one_hot), expected, "net.accuracy(x, t) with one-hot t", soft=True,
                 variants=[("accuracy_onehot_labels", broadcast), ("accuracy_count", expected * n)])


# --- gradients ----------------------------------------------------------------------------------

def gradient_case(student, ref, check, rng, i, h, o, n, one_hot):
    net, params = student_net(student, check, i, h, o, std=0.5)
    r = reference_net(ref, params)
    x, t = gradient_check_batch(rng, r, n)
    if one_hot:
        t = np.eye(o)[t]
    what = f"net.gradient(x, t) with {'one-hot' if one_hot else 'label'} t"
    got = grads_dict(check, net.gradient(x, t), params, what)
    expected = r.gradient(x, t)
    for key in KEYS:
        check.array(got[key], expected[key], f"{what}['{key}']", soft=True)


@points(3)
@hidden
def test_gradient_matches_the_reference_backprop(student, ref, check, rng):
    """gradient (backpropagation) agrees with the reference on random networks, label and one-hot t
    ko: gradient (오차역전파법) 가 무작위 신경망에서 참조 구현과 같음 (레이블·원-핫 t)"""
    gradient_case(student, ref, check, rng, 4, 5, 3, 6, one_hot=False)
    gradient_case(student, ref, check, rng, 3, 6, 4, 5, one_hot=True)


@points(2)
@hidden
def test_numerical_gradient_matches_the_reference(student, ref, check, rng):
    """numerical_gradient agrees with central differences of the loss and leaves params unchanged
    ko: numerical_gradient 가 손실의 중앙 차분과 같고 params 를 바꾸지 않음"""
    net, params = student_net(student, check, 4, 5, 3, std=0.5)
    r = reference_net(ref, params)
    x = away_from_kink(rng, params, 6)
    t = rng.integers(0, 3, size=6)
    got = grads_dict(check, net.numerical_gradient(x, t), params, "net.numerical_gradient(x, t)")
    expected = r.numerical_gradient(x, t)
    for key in KEYS:
        check.array(got[key], expected[key], f"net.numerical_gradient(x, t)['{key}']", rtol=1e-4, atol=1e-9,
                    soft=True, variants={"layers_copy_params": np.zeros_like(expected[key])})
    after = net.params
    check.true(type(after) is dict and all(type(after.get(k)) is np.ndarray and after[k].shape == params[k].shape
                                           and np.array_equal(after[k], params[k]) for k in KEYS),
               {"en": "net.params changed during numerical_gradient: every nudged entry must be put back",
                "ko": "numerical_gradient 가 net.params 를 바꾸었습니다: 바꾼 원소를 모두 원래 값으로 되돌려야 합니다"},
               soft=True)


@points(3)
def test_gradient_agrees_with_numerical_gradient(student, ref, check):
    """gradient check: gradient and numerical_gradient agree (relative error below 1e-5) on TwoLayerNet(4, 5, 3) away from the ReLU kink
    ko: 기울기 확인: ReLU 꺾이는 점에서 떨어진 TwoLayerNet(4, 5, 3) 에서 gradient 와 numerical_gradient 가 일치 (상대 오차 1e-5 미만)"""
    net, params = student_net(student, check, 4, 5, 3, std=0.5)
    x, t = gradient_check_batch(np.random.default_rng(2024), reference_net(ref, params), 6)
    backprop = grads_dict(check, net.gradient(x, t), params, "net.gradient(x, t)")
    numerical = grads_dict(check, net.numerical_gradient(x, t), params, "net.numerical_gradient(x, t)")
    for key in KEYS:
        b, n = backprop[key], numerical[key]
        shape = params[key].shape
        if not (type(b) is np.ndarray and type(n) is np.ndarray and b.shape == n.shape == shape):
            check.true(False, {"en": f"gradient['{key}'] and numerical_gradient['{key}'] should both be arrays of shape {shape}: "
                                     f"got {describe_type(b)} and {describe_type(n)}",
                               "ko": f"gradient['{key}'] 와 numerical_gradient['{key}'] 는 모두 shape {shape} 인 배열이어야 합니다"},
                       soft=True)
            continue
        err = relative_error(b.astype(float), n.astype(float)) if np.all(np.isfinite(b)) and np.all(np.isfinite(n)) else np.inf
        stuck = not np.any(n) and np.any(b)  # the loss never moved when params were nudged
        check.true(err < 1e-5, {"en": f"gradient['{key}'] and numerical_gradient['{key}'] differ: relative error {err:.2g} (should be below 1e-5)",
                                "ko": f"gradient['{key}'] 와 numerical_gradient['{key}'] 가 다릅니다: 상대 오차 {err:.2g} (1e-5 미만이어야 함)"},
                   misconception="layers_copy_params" if stuck else None, soft=True)
