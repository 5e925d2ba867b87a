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

When no such inputs exist for the student's weights (weights that start at zero put every input
on the kink), the suite gives the net random weights of its own (``install_params``: held arrays
set as ``net.layers['Affine1'].W`` … and as ``net.params``, so layers and params share them again,
then read back) and draws the inputs for those. Only if that does not take is the test failed,
with a sentence saying why: the student's code never causes a grader failure.

Expected values are never inf or nan: a reference holding weights such as ±1e200 overflows, and an
inf ``predict`` or a nan ``loss`` would "match" it. Whenever the reference's outputs on the student's
params are not all finite, trusted params are installed in the same way (``finite_reference``;
``numerical_batch`` also refuses params so large that nudging them moves nothing), and if they
cannot be, that part fails with a sentence saying why.

Gradients are always compared with the reference's on the same params and inputs (trusted side),
never the student's ``gradient`` with the student's own ``numerical_gradient`` only: two functions
that both return zeros agree with each other and earn nothing. Each call is one part
(``check.attempt``); "leaves params unchanged" counts only together with a right result.

Biases other than zero are exercised in the train suite (after training, with the trained params).
"""
from fractions import Fraction

import numpy as np
import pytest

from autograder.checker import describe_type, words
from autograder.feedback import messages
from autograder.problems import WorkerProblem
from autograder.proxy import RemoteObject

points, hidden = pytest.mark.points, pytest.mark.visibility("hidden")

KEYS = ("W1", "b1", "W2", "b2")
KINK_MARGIN = 0.05
MIN_PROB = 0.05
REFERENCE_AGREEMENT = 1e-6


def shapes(i, h, o):
    return {"W1": (i, h), "b1": (h,), "W2": (h, o), "b2": (o,)}


def keys_gate(check, got, what):
    """``got`` is a dict with exactly the keys W1, b1, W2, b2 (a gate: the part ends otherwise)."""
    check.dict_with(got, KEYS, what, attribute=True, gate=True)
    return got


def read_params(check, net, i, h, o, what="net.params"):
    """The student's params as a dict of finite float arrays of the right shapes (gates)."""
    params = keys_gate(check, net.params, what)
    for key, shape in shapes(i, h, o).items():
        value = params[key]
        good = type(value) is np.ndarray and value.shape == shape and value.dtype.kind == "f" and np.all(np.isfinite(value))
        shown = ({"en": f"an array of shape {value.shape}, dtype {value.dtype}",
                  "ko": f"shape {value.shape}, dtype {value.dtype} 인 배열"} if type(value) is np.ndarray
                 else {lang: describe_type(value, lang) for lang in ("en", "ko")})
        check.gate(good, {"en": f"{what}['{key}'] should be a finite float array of shape {shape}, got {shown['en']}",
                          "ko": f"{what}['{key}'] 는 shape {shape} 인 유한한 실수 배열이어야 하는데 {shown['ko']}입니다"},
                   # a bias as a row vector (1, n): the network still computes, so name it here
                   misconception="bias_2d" if key[0] == "b" and type(value) is np.ndarray and value.shape == (1, *shape) else None)
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
    """n rows of x (standard normal) whose hidden pre-activations all have |z| > KINK_MARGIN, or
    None when these params leave no room for them (a hidden unit whose z is about 0 for every x)."""
    W1, b1 = params["W1"], params["b1"]
    rows = []
    for _ in range(100 * n):
        x = rng.normal(size=W1.shape[0])
        if np.all(np.abs(x @ W1 + b1) > KINK_MARGIN):
            rows.append(x)
            if len(rows) == n:
                return np.array(rows)
    return None


def gradient_check_batch(rng, r, n):
    """x away from the kink and labels t the reference net ``r`` gives probability > MIN_PROB, or
    None when none can be drawn for r's params.

    CEE's log(y + 1e-7) makes backprop and numerical gradients differ by about 1e-7 / y, so a
    true class with a tiny probability would fail a correct submission; a draw is also kept only
    if the reference's own gradient check is below REFERENCE_AGREEMENT."""
    for _ in range(50):
        x = away_from_kink(rng, r.params, n)
        if x is None:
            return None
        with np.errstate(all="ignore"):  # the student's params may be huge: the scores overflow
            scores = r.predict(x)
            prob = np.exp(scores - scores.max(axis=1, keepdims=True))
            prob /= prob.sum(axis=1, keepdims=True)
        if not np.all(np.isfinite(prob)):
            return None  # these params leave no finite probabilities: no x will do
        labels = [np.flatnonzero(p > MIN_PROB) for p in prob]
        if any(len(c) == 0 for c in labels):
            continue
        t = np.array([rng.choice(c) for c in labels])
        backprop, numerical = r.gradient(x, t), r.numerical_gradient(x, t)
        if all(relative_error(backprop[k], numerical[k]) < REFERENCE_AGREEMENT for k in KEYS):
            return x, t
    return None


NUMERICAL_AGREEMENT = 1e-2  # between r's numerical and backprop gradients, random labels included


def numerical_batch(rng, r, n):
    """x away from the kink of r's params and random labels, or None if x cannot be drawn or r's
    numerical gradient there is not finite or far from its backprop one (params so large that
    nudging them by 1e-4 moves nothing: all zeros, which a do-nothing answer would match)."""
    x = away_from_kink(rng, r.params, n)
    if x is None:
        return None
    t = rng.integers(0, r.params["b2"].shape[0], size=n)
    with np.errstate(all="ignore"):
        numerical, backprop = r.numerical_gradient(x, t), r.gradient(x, t)
        usable = finite_outputs((numerical, backprop)) and all(
            relative_error(backprop[k], numerical[k]) < NUMERICAL_AGREEMENT for k in KEYS)
    return (x, t) if usable else None


def finite_outputs(outputs) -> bool:
    """Every number in ``outputs`` (arrays, numbers, and dicts, tuples or lists of them) is finite."""
    if type(outputs) is dict:
        return all(finite_outputs(v) for v in outputs.values())
    if type(outputs) in (tuple, list):
        return all(finite_outputs(v) for v in outputs)
    return bool(np.all(np.isfinite(np.asarray(outputs, dtype=float))))


def trusted_params(rng, i, h, o, std):
    """Random params of the trusted side: weights ``std * normal``, zero biases."""
    return {"W1": std * rng.normal(size=(i, h)), "b1": np.zeros(h), "W2": std * rng.normal(size=(h, o)), "b2": np.zeros(o)}


def install_params(student, net, params):
    """Give the student's net ``params`` from the trusted side: each array is held in the worker
    and set as the Affine layers' ``W``/``b`` and, in the same dict, as ``net.params`` (so layers
    and params share them, as in the contract). True if ``net.params`` then reads back as ``params``."""
    try:
        held = {key: student.hold(params[key]) for key in KEYS}
        layers = net.layers
        if not (type(layers) is dict or isinstance(layers, RemoteObject)):
            return False
        for name, w, b in (("Affine1", "W1", "b1"), ("Affine2", "W2", "b2")):
            layer = layers[name] if isinstance(layers, RemoteObject) else layers.get(name)
            if not isinstance(layer, RemoteObject):
                return False
            layer.W, layer.b = held[w], held[b]
        net.params = held
        back = net.params
    except WorkerProblem:
        return False
    return type(back) is dict and all(type(back.get(k)) is np.ndarray and back[k].shape == params[k].shape
                                      and np.array_equal(back[k], params[k]) for k in KEYS)


KINK_FEEDBACK = {
    "en": "with the weights TwoLayerNet starts with, every input puts a hidden unit on the ReLU kink (its "
          "pre-activation is 0 whatever the input: are W1 or b1 all zeros?), and other weights could not be set "
          "through net.layers['Affine1'].W, .b and net.params, so the gradients cannot be checked; draw W1 and W2 "
          "as weight_init_std * np.random.randn(...)",
    "ko": "TwoLayerNet 의 처음 가중치로는 어떤 입력이든 은닉 유닛이 ReLU 의 꺾이는 점에 놓입니다 (입력과 상관없이 활성화 전 값이 0: "
          "W1 이나 b1 이 모두 0 인가요?). net.layers['Affine1'].W, .b 와 net.params 로 다른 가중치를 넣을 수도 없어 기울기를 "
          "확인할 수 없습니다. W1 과 W2 는 weight_init_std * np.random.randn(...) 으로 만드세요",
}


def kink_free(student, ref, check, rng, net, params, draw, std=0.5):
    """``(r, params, batch)``: a reference net holding the same params as the student's ``net``
    and ``batch = draw(r)`` away from the ReLU kink. When the student's own params leave no such
    batch, random params of the trusted side are put into the net first (``install_params``); if
    they cannot be, ``check.gate`` fails (the student's part, with KINK_FEEDBACK, or the sentence on
    scores that are not finite when the params make them overflow)."""
    r = reference_net(ref, params)
    batch = draw(r)
    if batch is not None:
        return r, params, batch
    (i, h), o = params["W1"].shape, params["W2"].shape[1]
    with np.errstate(all="ignore"):  # why no batch: the kink, or scores that overflow (feedback only)
        overflow = not finite_outputs(r.predict(np.random.default_rng(0).normal(size=(4, i))))
    feedback = messages.both("a5_reference_not_finite") if overflow else KINK_FEEDBACK
    for _ in range(5):
        params = trusted_params(rng, i, h, o, std)
        check.gate(install_params(student, net, params), feedback)
        r = reference_net(ref, params)
        batch = draw(r)
        if batch is not None:
            return r, params, batch
    raise RuntimeError("could not draw a gradient-check batch for random reference params")  # the grader's problem


def finite_reference(student, ref, check, rng, net, params, compute, std=1.0):
    """``(r, params, expected)``: a reference net ``r`` holding the same params as the student's
    ``net`` and ``expected = compute(r)``, every number of it finite. When the student's params make
    the reference overflow (inf or nan), random params of the trusted side are put into the net first
    (``install_params``); if they cannot be, ``check.gate`` fails (the student's part, with a sentence):
    an inf or nan expected value is never compared with."""
    r = reference_net(ref, params)
    with np.errstate(all="ignore"):  # the student's params may be huge: the scores overflow
        expected = compute(r)
    if finite_outputs(expected):
        return r, params, expected
    (i, h), o = params["W1"].shape, params["W2"].shape[1]
    params = trusted_params(rng, i, h, o, std)
    check.gate(install_params(student, net, params), messages.both("a5_reference_not_finite"))
    r = reference_net(ref, params)
    expected = compute(r)
    if not finite_outputs(expected):
        raise RuntimeError("the reference overflows on params of the trusted side")  # the grader's problem
    return r, params, expected


def grads_dict(check, got, what):
    """``got`` must be a dict with the keys of params (a gate); arrays are checked by the caller."""
    check.dict_with(got, KEYS, what, gate=True)
    return got


def relative_error(a, b):
    return float(np.max(np.abs(a - b)) / max(np.max(np.abs(a) + np.abs(b)), 1e-8))


# --- structure ----------------------------------------------------------------------------------

@points(2)
def test_params_have_the_right_shapes_and_zero_biases(student, check):
    """TwoLayerNet(64, 50, 10): params W1 (64, 50), b1 (50,), W2 (50, 10), b2 (10,); weights weight_init_std * randn, biases zero
    ko: TwoLayerNet(64, 50, 10): params W1 (64, 50), b1 (50,), W2 (50, 10), b2 (10,); 가중치는 weight_init_std * randn, 편향은 0"""
    with check.attempt(4):
        net = student.two_layer_net.TwoLayerNet(64, 50, 10)
        params = read_params(check, net, 64, 50, 10, "TwoLayerNet(64, 50, 10).params")
        check.array(params["b1"], np.zeros(50), "params['b1']", soft=True)
        check.array(params["b2"], np.zeros(10), "params['b2']", soft=True)
        for key in ("W1", "W2"):
            std = float(np.std(params[key]))
            check.true(0.008 < std < 0.012, {"en": f"params['{key}'] should be 0.01 * np.random.randn(...) (standard deviation about 0.01), but its standard deviation is {std:.4g}",
                                             "ko": f"params['{key}'] 는 0.01 * np.random.randn(...) 이어야 합니다 (표준편차 약 0.01). 표준편차가 {std:.4g} 입니다"},
                       soft=True, misconception=init_mistake(params[key], std))
    with check.attempt(1):
        big = student.two_layer_net.TwoLayerNet(30, 40, 10, weight_init_std=0.5)
        W1 = read_params(check, big, 30, 40, 10, "TwoLayerNet(30, 40, 10, weight_init_std=0.5).params")["W1"]
        std = float(np.std(W1))
        check.true(0.45 < std < 0.55, {"en": f"with weight_init_std=0.5, params['W1'] should have a standard deviation about 0.5, not {std:.4g}",
                                       "ko": f"weight_init_std=0.5 이면 params['W1'] 의 표준편차가 약 0.5 여야 합니다 ({std:.4g})"},
                   soft=True, misconception=init_mistake(W1, std))


def init_mistake(W, std):
    """The mistake weights of a wrong spread show: spread evenly over [0, top), as np.random.rand
    draws them (all positive, the mean about half the top; not zeros, a constant or |randn|); a
    standard deviation of about 1, np.random.randn without weight_init_std."""
    top = float(np.max(W)) if W.size else 0.0
    if W.size > 20 and float(np.min(W)) >= 0 and top > 0 and abs(float(np.mean(W)) / top - 0.5) < 0.1 \
            and abs(std / top - 12 ** -0.5) < 0.05:
        return "init_uniform_rand"
    return "init_without_weight_std" if 0.8 < std < 1.2 else None


@points(1)
def test_layers_are_affine1_relu1_affine2_and_last_layer_is_softmax_with_loss(student, check):
    """net.layers holds Affine1, Relu1, Affine2 in this order and net.lastLayer is a SoftmaxWithLoss
    ko: net.layers 는 Affine1, Relu1, Affine2 를 이 순서로 담고 net.lastLayer 는 SoftmaxWithLoss"""
    net = student.two_layer_net.TwoLayerNet(4, 5, 3)
    with check.attempt(2):
        layers = net.layers
        check.gate(type(layers) is dict, {"en": f"net.layers should be an OrderedDict, but it is {describe_type(layers)}",
                                          "ko": f"net.layers 는 OrderedDict 여야 하는데 {describe_type(layers, 'ko')}입니다"})
        check.equal(list(map(str, layers)), ["Affine1", "Relu1", "Affine2"], "list(net.layers)", soft=True)
        types = [getattr(v, "type_name", describe_type(v)) for v in layers.values()]
        check.equal(types, ["Affine", "Relu", "Affine"], {"en": "the classes of the layers in net.layers", "ko": "net.layers 에 든 계층의 클래스"}, soft=True,
                    misconception="hidden_sigmoid" if types == ["Affine", "Sigmoid", "Affine"] else None)
    with check.attempt(1):
        last = net.lastLayer
        check.equal(getattr(last, "type_name", describe_type(last)), "SoftmaxWithLoss", {"en": "the class of net.lastLayer", "ko": "net.lastLayer 의 클래스"},
                    soft=True)


# --- predict, loss, accuracy --------------------------------------------------------------------

@points(2)
@hidden
def test_predict_and_loss_match_the_reference(student, ref, check, rng):
    """predict and loss (label and one-hot t) agree with a reference network holding the same params
    ko: predict 와 loss (레이블·원-핫 t) 가 같은 params 를 가진 참조 신경망과 같음"""
    net, params = student_net(student, check, 6, 8, 4, std=1.0)
    x = rng.normal(size=(5, 6))
    labels = rng.integers(0, 4, size=5)
    one_hot = np.eye(4)[labels]
    _, _, expected = finite_reference(student, ref, check, rng, net, params,
                                      lambda r: (r.predict(x), r.loss(x, labels), r.loss(x, one_hot)))
    with check.attempt(1):
        check.array(net.predict(x), expected[0], "net.predict(x)", soft=True)
    with check.attempt(1):
        check.scalar(net.loss(x, labels), expected[1], {"en": "net.loss(x, t) with label t", "ko": "레이블 t 에 대한 net.loss(x, t)"}, soft=True)
    with check.attempt(1):
        check.scalar(net.loss(x, one_hot), expected[2], {"en": "net.loss(x, t) with one-hot t", "ko": "원-핫 t 에 대한 net.loss(x, t)"}, soft=True)


ACCURACY_CASES = 3


def right_counts(n):
    """How many of n rows may be right in an accuracy case: 2 .. n - 2, with k / n in lowest terms of
    denominator 5 or more (so never 0, 1, 1/2, 1/3, 2/3, 1/4, 3/4, nor 1/c or (c - 1)/c for c == n)."""
    return [k for k in range(2, n - 1) if Fraction(k, n).denominator >= 5]


# rows = classes of a case (see accuracy_labels); each size leaves a choice after the other cases took theirs
ACCURACY_SIZES = tuple(n for n in range(7, 25) if len(right_counts(n)) >= ACCURACY_CASES)


def accuracy_sizes(rng):
    """The row counts of the accuracy test's cases: distinct, drawn per student."""
    return [int(n) for n in rng.choice(ACCURACY_SIZES, size=ACCURACY_CASES, replace=False)]


def accuracy_labels(rng, predicted, c, avoid=()):
    """``(labels, one_hot, broadcast)`` for ``n == c`` rows whose top classes are ``predicted``.

    A drawn number k of the rows is right, one of ``right_counts(n)`` whose fraction k / n is not in
    ``avoid`` (the fractions of the test's other cases), so no constant a do-nothing ``accuracy``
    could return (0, 1/2, 1, 1/c, 1/3 ...) earns a case, and one constant at most one case. n == c because then comparing labels with a one-hot t broadcasts
    instead of failing (``broadcast``, the accuracy_onehot_labels slip, named by the behaviour
    diagnosis); rows are drawn again until that slip gives a number other than k / n."""
    n = len(predicted)
    counts = [k for k in right_counts(n) if k / n not in avoid]
    k = int(rng.choice(counts))
    for _ in range(100):
        right = rng.permutation(np.arange(n) < k)
        labels = np.where(right, predicted, (predicted + rng.integers(1, c, size=n)) % c)
        one_hot = np.eye(c)[labels]
        broadcast = np.sum(predicted == one_hot) / n
        if broadcast != k / n:
            break
    return labels, one_hot, broadcast


@points(2)
@hidden
def test_accuracy_with_label_and_one_hot_t(student, ref, check, rng):
    """accuracy is the fraction of rows whose top score is the right class, for label and one-hot t
    ko: accuracy 는 가장 큰 점수가 정답 클래스인 행의 비율 (레이블·원-핫 t 모두)"""
    fractions = []
    for n in accuracy_sizes(rng):  # several nets, each with its own fraction of right rows
        net, params = student_net(student, check, 5, 6, n, std=1.0)
        x = rng.normal(size=(n, 5))
        r, _, scores = finite_reference(student, ref, check, rng, net, params, lambda r: r.predict(x))
        labels, one_hot, _ = accuracy_labels(rng, np.argmax(scores, axis=1), n, avoid=fractions)
        expected = float(r.accuracy(x, labels))
        fractions.append(expected)
        with check.attempt(1):
            check.scalar(net.accuracy(x, labels), expected, {"en": "net.accuracy(x, t) with label t", "ko": "레이블 t 에 대한 net.accuracy(x, t)"}, soft=True)
        with check.attempt(1):
            check.scalar(net.accuracy(x, one_hot), expected, {"en": "net.accuracy(x, t) with one-hot t", "ko": "원-핫 t 에 대한 net.accuracy(x, t)"}, soft=True)


# --- gradients ----------------------------------------------------------------------------------

def gradient_case(student, ref, check, rng, i, h, o, n, one_hot):
    with check.attempt(len(KEYS)):
        net, params = student_net(student, check, i, h, o, std=0.5)
        r, params, (x, t) = kink_free(student, ref, check, rng, net, params, lambda r: gradient_check_batch(rng, r, n))
        if one_hot:
            t = np.eye(o)[t]
        expected = r.gradient(x, t)
        kind = {"en": "one-hot", "ko": "원-핫"} if one_hot else {"en": "label", "ko": "레이블"}
        got = grads_dict(check, net.gradient(x, t), words("{call} with {kind} t", "{kind} t 에 대한 {call}",
                                                          call="net.gradient(x, t)", kind=kind))
        for key in KEYS:
            check.array(got[key], expected[key], words("{call} with {kind} t", "{kind} t 에 대한 {call}",
                                                       call=f"net.gradient(x, t)['{key}']", kind=kind), soft=True)


@points(3)
@hidden
def test_gradient_matches_the_reference_backprop(student, ref, check, rng):
    """gradient (backpropagation) agrees with the reference on random networks, label and one-hot t
    ko: gradient (오차역전파법) 가 무작위 신경망에서 참조 구현과 같음 (레이블·원-핫 t)"""
    first, second = (np.random.default_rng(seed) for seed in rng.integers(2**32, size=2))  # one per part
    gradient_case(student, ref, check, first, 4, 5, 3, 6, one_hot=False)
    gradient_case(student, ref, check, second, 3, 6, 4, 5, one_hot=True)


def params_unchanged(after, params):
    return type(after) is dict and all(type(after.get(k)) is np.ndarray and after[k].shape == params[k].shape
                                       and np.array_equal(after[k], params[k]) for k in KEYS)


@points(2)
@hidden
def test_numerical_gradient_matches_the_reference(student, ref, check, rng):
    """numerical_gradient agrees with central differences of the loss and leaves params unchanged
    ko: numerical_gradient 가 손실의 중앙 차분과 같고 params 를 바꾸지 않음"""
    net, params = student_net(student, check, 4, 5, 3, std=0.5)
    r, params, (x, t) = kink_free(student, ref, check, rng, net, params, lambda r: numerical_batch(rng, r, 6))
    expected = r.numerical_gradient(x, t)
    with check.attempt(len(KEYS) + 1):
        got = grads_dict(check, net.numerical_gradient(x, t), "net.numerical_gradient(x, t)")
        right = [check.array(got[key], expected[key], f"net.numerical_gradient(x, t)['{key}']", rtol=1e-4, atol=1e-9,
                             soft=True)
                 for key in KEYS]
        check.true(params_unchanged(net.params, params),  # params as the grader read them before the call
                   {"en": "net.params changed during numerical_gradient: every nudged entry must be put back",
                    "ko": "numerical_gradient 가 net.params 를 바꾸었습니다: 바꾼 원소를 모두 원래 값으로 되돌려야 합니다"},
                   soft=True, result_ok=all(right), what={"en": "net.params after numerical_gradient",
                                                       "ko": "numerical_gradient 다음의 net.params"})


GRADIENT_TOLERANCE = 1e-5


@points(3)
def test_gradient_agrees_with_numerical_gradient(student, ref, check):
    """gradient check: gradient and numerical_gradient both agree with the true gradient of the loss (relative error below 1e-5) on TwoLayerNet(4, 5, 3) away from the ReLU kink
    ko: 기울기 확인: ReLU 꺾이는 점에서 떨어진 TwoLayerNet(4, 5, 3) 에서 gradient 와 numerical_gradient 가 모두 손실의 참 기울기와 일치 (상대 오차 1e-5 미만)"""
    rng = np.random.default_rng(2024)
    net, params = student_net(student, check, 4, 5, 3, std=0.5)
    r, params, (x, t) = kink_free(student, ref, check, rng, net, params, lambda r: gradient_check_batch(rng, r, 6))
    true = r.gradient(x, t)  # the reference's backprop; its numerical gradient agrees below REFERENCE_AGREEMENT
    with check.attempt(len(KEYS)):
        backprop = grads_dict(check, net.gradient(x, t), "net.gradient(x, t)")
        numerical = grads_dict(check, net.numerical_gradient(x, t), "net.numerical_gradient(x, t)")
        stuck = StuckName(student)
        for key in KEYS:
            gradient_check_key(check, key, backprop[key], numerical[key], true[key], stuck)


class StuckName:
    """Which mistake a numerical gradient of all zeros beside a right backprop shows, asked once:
    layers that hold copies of params (training cannot move the loss either), or numerical_gradient
    nudging a copy (training, by backprop, does move it)."""

    def __init__(self, student):
        self.student, self.found = student, ()

    def __call__(self):
        if self.found == ():
            try:
                net = self.student.two_layer_net.TwoLayerNet(2, 3, 2, weight_init_std=1.0)
                x, t = np.tile([1.0, -1.0], (4, 1)), np.zeros(4, dtype=int)
                loss = [float(v) for v in self.student.train.train(net, x, t, x, t, iters_num=2,
                                                                   batch_size=2)["train_loss"][:2]]
                self.found = None if not np.all(np.isfinite(loss)) else \
                    "numgrad_on_copy" if loss[0] != loss[1] else "layers_copy_params"
            except Exception:  # the probe only names a mistake; if it cannot run, name none
                self.found = None
        return self.found


def gradient_check_key(check, key, b, n, true, stuck_name=lambda: "layers_copy_params"):
    """One check: the student's backprop and numerical gradient of ``key`` both match ``true``."""
    shape = true.shape
    if not (type(b) is np.ndarray and type(n) is np.ndarray and b.shape == n.shape == shape
            and b.dtype.kind in "iuf" and n.dtype.kind in "iuf"):
        check.true(False, {"en": f"gradient['{key}'] and numerical_gradient['{key}'] should both be arrays of shape {shape}: "
                                 f"got {describe_type(b)} and {describe_type(n)}",
                           "ko": f"gradient['{key}'] 와 numerical_gradient['{key}'] 는 모두 shape {shape} 인 배열이어야 하는데 "
                                 f"각각 {describe_type(b, 'ko')}, {describe_type(n, 'ko')}입니다"},
                   soft=True)
        return

    def error(a):
        return relative_error(a.astype(float), true) if np.all(np.isfinite(a)) else np.inf

    wrong = [(name, err) for name, err in (("gradient", error(b)), ("numerical_gradient", error(n)))
             if not err < GRADIENT_TOLERANCE]
    stuck = not np.any(n) and np.any(true) and error(b) < GRADIENT_TOLERANCE  # the loss never moved when nudged
    shown = ", ".join(f"{name}['{key}'] {err:.2g}" for name, err in wrong)
    # kept: the behaviour diagnosis gives its replay the student's random weights through net.params,
    # and layers_copy_params's layers hold copies of their own, so its gradient never matches there
    check.true(not wrong, {"en": f"relative error against the true gradient of the loss: {shown} (should be below 1e-5)",
                           "ko": f"손실의 참 기울기에 대한 상대 오차: {shown} (1e-5 미만이어야 함)"},
               misconception=stuck_name() if stuck else None, soft=True)
