"""a4_layers, mlp.py: the lecture's 2-2-1 sigmoid network (forward, backprop_step, train) and
the 3-layer forward pass (init_network, forward3).

Lecture values are checked one by one (soft checks, so each earns its share). The lecture's
90000-epoch XNOR run is a reference test elsewhere (tests/reference); here training runs for
EPOCHS epochs and is compared with the reference run on the trusted side (computed once).
Two of the lecture's 6-decimal values (b3 -> 0.270750, b1 -> 0.096352) are truncated, not
rounded (exact: 0.2707509, 0.0963530), so they are checked with atol=1e-6.

Each call is one part (``check.attempt``); "leaves its inputs unchanged" counts only when the
same call returned the reference's result (a function that returns None and touches nothing
earns nothing).
"""
import functools

import numpy as np
import pytest

from autograder.checker import describe_type, words

points, hidden = pytest.mark.points, pytest.mark.visibility("hidden")

X0, T0 = np.array([[0.0, 0.0]]), np.array([[0.0]])
X_XNOR = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
T_XNOR = np.array([[1.0], [0.0], [0.0], [1.0]])
EPOCHS = 1000


def lecture_network():
    """W1 = [[w1, w2], [w3, w4]], B1 = [b1, b2], W2 = [[w5], [w6]], B2 = [b3]."""
    return (np.array([[0.1, 0.2], [0.3, 0.4]]), np.array([0.1, 0.2]), np.array([[0.5], [0.6]]), np.array([0.3]))


def squared_error(y, t):
    return 0.5 * np.sum((t - y) ** 2)


TRAINED = tuple(words("trained {name}", "학습된 {name}", name=name) for name in ("W1", "B1", "W2", "B2"))


def arrays(check, got, shapes, what):
    """``got`` must be a tuple/list of float arrays of ``shapes``; a gate before any arithmetic
    (the part ends when it fails)."""
    check.tuple_of(got, len(shapes), what, gate=True)
    for i, (g, shape) in enumerate(zip(got, shapes)):
        good = type(g) is np.ndarray and g.shape == shape and g.dtype.kind in "fiu" and np.all(np.isfinite(g))
        shown = {lang: f"shape {g.shape}" if type(g) is np.ndarray else describe_type(g, lang) for lang in ("en", "ko")}
        check.gate(good, {"en": f"item {i} of {what} should be a finite array of shape {shape}, got {shown['en']}",
                          "ko": f"{what} 의 {i}번째 값은 shape {shape} 인 유한한 배열이어야 하는데 {shown['ko']}입니다"})
    return got


def random_network(rng, i=3, h=4, o=2):
    return (rng.normal(size=(i, h)), rng.normal(size=h), rng.normal(size=(h, o)), rng.normal(size=o))


def shapes_of(net):
    return tuple(a.shape for a in net)



# --- forward ------------------------------------------------------------------------------------

@points(2)
def test_forward_lecture_values(student, check):
    """forward on x = [[0, 0]]: layer1 = [0.524979, 0.549834], layer2 = 0.709383, so E = 0.251612
    ko: x = [[0, 0]] 의 forward: layer1 = [0.524979, 0.549834], layer2 = 0.709383, E = 0.251612"""
    with check.attempt(4):
        got = arrays(check, student.mlp.forward(X0, *lecture_network()), ((1, 2), (1, 2), (1, 1)),
                     "forward(x, W1, B1, W2, B2)")
        layer0, layer1, layer2 = got
        check.array(layer0, X0, {"en": "layer0 (the input x)", "ko": "layer0 (입력 x)"}, kind=None, soft=True)
        check.array(layer1, [[0.524979, 0.549834]], {"en": "layer1 for x = [[0, 0]]", "ko": "x = [[0, 0]] 에 대한 layer1"}, atol=5e-7, soft=True)
        check.array(layer2, [[0.709383]], {"en": "layer2 for x = [[0, 0]]", "ko": "x = [[0, 0]] 에 대한 layer2"}, atol=5e-7, soft=True)
        check.scalar(squared_error(layer2, T0), 0.251612, "E = 0.5 * (0 - layer2)**2", atol=5e-7, soft=True)


@points(1)
def test_forward_outputs_for_the_four_inputs(student, check):
    """forward on the four inputs [0,0], [0,1], [1,0], [1,1] gives 0.70938314, 0.72844306, 0.71791234, 0.73598705
    ko: 네 입력 [0,0], [0,1], [1,0], [1,1] 의 forward 출력은 0.70938314, 0.72844306, 0.71791234, 0.73598705"""
    _, _, layer2 = arrays(check, student.mlp.forward(X_XNOR, *lecture_network()), ((4, 2), (4, 2), (4, 1)),
                          "forward(X, W1, B1, W2, B2)")
    check.array(layer2, [[0.70938314], [0.72844306], [0.71791234], [0.73598705]], {"en": "layer2 for the four inputs", "ko": "네 입력에 대한 layer2"},
                atol=5e-9)


@points(2)
@hidden
def test_forward_on_a_random_network(student, ref, check, rng):
    """forward on a random network and batch
    ko: 무작위 신경망과 배치에 대한 forward"""
    net = random_network(rng)
    x = rng.normal(size=(5, 3))
    expected = ref.mlp.forward(x, *net)
    with check.attempt(3):
        got = arrays(check, student.mlp.forward(x, *net), ((5, 3), (5, 4), (5, 2)), "forward(x, W1, B1, W2, B2)")
        for g, e, name in zip(got, expected, ("layer0", "layer1", "layer2")):
            check.array(g, e, name, kind=None if name == "layer0" else "f", soft=True)


# --- backprop_step ------------------------------------------------------------------------------

@points(3)
def test_backprop_step_lecture_values(student, ref, check):
    """one backprop_step on x = [[0, 0]], t = [[0]], lr = 0.2: w5 0.484645, w6 0.583918, b3 0.270750, b1 0.096352, b2 0.195656, W1 unchanged, E 0.244687
    ko: x = [[0, 0]], t = [[0]], lr = 0.2 에서 backprop_step 한 번: w5 0.484645, w6 0.583918, b3 0.270750, b1 0.096352, b2 0.195656, W1 그대로, E 0.244687"""
    net = lecture_network()
    with check.attempt(7):
        got = arrays(check, student.mlp.backprop_step(X0, T0, *net, lr=0.2), shapes_of(net),
                     "backprop_step(x, t, W1, B1, W2, B2, lr=0.2)")
        W1, B1, W2, B2 = got
        check.scalar(W2[0, 0], 0.484645, {"en": "w5 = W2[0, 0] after one step", "ko": "한 단계 뒤의 w5 = W2[0, 0]"}, atol=5e-7, soft=True)
        check.scalar(W2[1, 0], 0.583918, {"en": "w6 = W2[1, 0] after one step", "ko": "한 단계 뒤의 w6 = W2[1, 0]"}, atol=5e-7, soft=True)
        check.scalar(B2[0], 0.270750, {"en": "b3 = B2[0] after one step", "ko": "한 단계 뒤의 b3 = B2[0]"}, atol=1e-6, soft=True)
        check.scalar(B1[0], 0.096352, {"en": "b1 = B1[0] after one step", "ko": "한 단계 뒤의 b1 = B1[0]"}, atol=1e-6, soft=True)
        check.scalar(B1[1], 0.195656, {"en": "b2 = B1[1] after one step", "ko": "한 단계 뒤의 b2 = B1[1]"}, atol=5e-7, soft=True)
        check.array(W1, net[0], {"en": "W1 after one step (the input is 0, so W1 must not change)",
                                   "ko": "한 단계 뒤의 W1 (입력이 0 이므로 W1 은 바뀌면 안 됨)"}, soft=True)
        _, _, out = ref.mlp.forward(X0, *got)
        check.scalar(squared_error(out, T0), 0.244687, {"en": "E after one step (output 0.699553)", "ko": "한 단계 뒤의 E (출력 0.699553)"}, atol=5e-7, soft=True)


@points(2)
@hidden
def test_backprop_step_on_a_random_network(student, ref, check, rng):
    """backprop_step on a random network and batch
    ko: 무작위 신경망과 배치에 대한 backprop_step"""
    net = random_network(rng)
    x, t = rng.normal(size=(4, 3)), rng.random(size=(4, 2))
    lr = float(rng.uniform(0.1, 0.5))
    expected = ref.mlp.backprop_step(x, t, *net, lr=lr)
    with check.attempt(4):
        got = arrays(check, student.mlp.backprop_step(x, t, *net, lr=lr), shapes_of(net),
                     "backprop_step(x, t, W1, B1, W2, B2, lr)")
        for g, e, name in zip(got, expected, ("new W1", "new B1", "new W2", "new B2")):
            check.array(g, e, name, soft=True)


@points(2)
@hidden
def test_backprop_step_leaves_its_inputs_unchanged(student, ref, check, rng):
    """backprop_step returns new arrays and does not modify x, t, W1, B1, W2, B2
    ko: backprop_step 은 새 배열을 반환하고 x, t, W1, B1, W2, B2 를 바꾸지 않음"""
    net = random_network(rng)
    x, t = rng.normal(size=(4, 3)), rng.random(size=(4, 2))
    values = (x, t) + net
    expected = ref.mlp.backprop_step(*(v.copy() for v in values), lr=0.3)
    names = ("x", "t", "W1", "B1", "W2", "B2")
    with check.attempt(len(values)):
        held = [student.hold(v) for v in values]
        got = student.mlp.backprop_step(*held, lr=0.3)
        with check.result() as outcome:  # the new arrays must be right for "unchanged" to count
            right_form = check.tuple_of(got, len(expected), "backprop_step", names="(W1, B1, W2, B2)", soft=True)
            for g, e, name in zip(got if right_form else (), expected, ("new W1", "new B1", "new W2", "new B2")):
                check.array(g, e, name, soft=True)
        for before, h, name in zip(values, held, names):
            # kept: names any argument changed in place; the declared backprop_step_inplace changes all
            # four weights, and the behaviour diagnosis names it only for code that changes just those
            check.unchanged(before, student.fetch(h), words("backprop_step (argument {name})", "backprop_step (인자 {name})", name=name),
                            misconception="backprop_step_inplace", soft=True, result_ok=outcome.ok)


# --- train --------------------------------------------------------------------------------------

@functools.lru_cache(maxsize=None)
def reference_xnor_training(ref_mlp):
    """The reference run (computed once per grading session)."""
    return ref_mlp.train(X_XNOR, T_XNOR, *lecture_network(), lr=0.2, epochs=EPOCHS)


@points(2)
def test_train_on_xnor_matches_the_reference(student, ref, check):
    """train on the lecture's XNOR data (lr = 0.2, 1000 epochs) gives the reference's weights
    ko: 강의의 XNOR 데이터로 train (lr = 0.2, 1000 에폭) 한 가중치가 참조 구현과 같음"""
    net = lecture_network()
    expected = reference_xnor_training(ref.mlp)
    with check.attempt(4):
        got = arrays(check, student.mlp.train(X_XNOR, T_XNOR, *net, lr=0.2, epochs=EPOCHS, timeout=60),
                     shapes_of(net), f"train(X, T, W1, B1, W2, B2, lr=0.2, epochs={EPOCHS})")
        for g, e, name in zip(got, expected, TRAINED):
            check.array(g, e, name, rtol=1e-5, atol=1e-7, soft=True)


@points(2)
@hidden
def test_train_updates_one_sample_at_a_time_in_order(student, ref, check, rng):
    """train makes per-sample updates in order, epochs passes, and leaves its arguments unchanged
    ko: train 은 샘플 하나씩 순서대로 epochs 번 갱신하고 인자를 바꾸지 않음"""
    net = random_network(rng)
    X, T = rng.normal(size=(5, 3)), rng.random(size=(5, 2))
    values = (X, T) + net
    expected = ref.mlp.train(*(v.copy() for v in values), lr=0.3, epochs=3)
    with check.attempt(4 + len(values)):
        held = [student.hold(v) for v in values]
        got = arrays(check, student.mlp.train(*held, lr=0.3, epochs=3), shapes_of(net),
                     "train(X, T, W1, B1, W2, B2, lr, epochs=3)")
        right = [check.array(g, e, name, soft=True) for g, e, name in zip(got, expected, TRAINED)]
        for before, h, name in zip(values, held, ("X", "T", "W1", "B1", "W2", "B2")):  # judged with a right result
            # kept, as in backprop_step's test: any argument changed in place, not only all four weights
            check.unchanged(before, student.fetch(h), words("train (argument {name})", "train (인자 {name})", name=name), misconception="backprop_step_inplace",
                            soft=True, result_ok=all(right))


# --- the 3-layer network ------------------------------------------------------------------------

LECTURE_3LAYER = {
    "W1": np.array([[0.1, 0.3, 0.5], [0.2, 0.4, 0.6]]), "b1": np.array([0.1, 0.2, 0.3]),
    "W2": np.array([[0.1, 0.4], [0.2, 0.5], [0.3, 0.6]]), "b2": np.array([0.1, 0.2]),
    "W3": np.array([[0.1, 0.3], [0.2, 0.4]]), "b3": np.array([0.1, 0.2]),
}


@points(1)
def test_init_network_gives_the_lecture_weights(student, check):
    """init_network returns the lecture's W1, b1, W2, b2, W3, b3
    ko: init_network 는 강의의 W1, b1, W2, b2, W3, b3 를 반환함"""
    with check.attempt(len(LECTURE_3LAYER)):
        got = student.mlp.init_network()
        check.dict_with(got, LECTURE_3LAYER, "init_network()", gate=True)
        for key, value in LECTURE_3LAYER.items():
            check.array(got[key], value, f"init_network()['{key}']", soft=True)


@points(2)
def test_forward3_lecture_value(student, check):
    """forward3 of the lecture network (init_network's weights) on [1.0, 0.5] is [0.31682708, 0.69627909]
    ko: 강의 신경망(init_network 의 가중치)의 forward3([1.0, 0.5]) 는 [0.31682708, 0.69627909]"""
    x = np.array([1.0, 0.5])
    got = student.mlp.forward3({k: v.copy() for k, v in LECTURE_3LAYER.items()}, x)
    check.array(got, [0.31682708, 0.69627909], {"en": "forward3(network, [1.0, 0.5]) with the lecture weights",
                 "ko": "강의의 가중치로 계산한 forward3(network, [1.0, 0.5])"}, atol=5e-9)


@points(1)
@hidden
def test_forward3_on_a_random_network_and_batch(student, ref, check, rng):
    """forward3 on a random network and a batch of inputs
    ko: 무작위 신경망과 입력 배치에 대한 forward3"""
    network = {k: rng.normal(size=v.shape) for k, v in LECTURE_3LAYER.items()}
    x = rng.normal(size=(4, 2))
    check.array(student.mlp.forward3(network, x), ref.mlp.forward3(network, x), {"en": "forward3(network, x) on a batch", "ko": "배치에 대한 forward3(network, x)"})
