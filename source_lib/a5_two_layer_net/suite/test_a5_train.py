"""a5_two_layer_net, train.py: the history train returns, its SGD and optimizer updates, and
learning the 8x8 digits.

Exact comparisons without depending on how batches are drawn
-------------------------------------------------------------
The contract fixes ``seed`` but a student may draw batches another way (``np.random.choice``).
The update tests therefore train on a set whose rows are all the *same* sample: every
mini-batch is then that sample repeated, whatever indices are drawn, so the student's run and
the reference run (same initial params, see test_a5_two_layer_net.py) must agree step by step:
final params, ``train_loss``, ``train_acc`` and ``test_acc`` (the test set is random).

The optimizer
-------------
The student's optimizer.py (assignment 3) need not be in an a5 submission, so the suite passes
its own: ``Named("sgd_step_0_05")`` is ``sgd_step_0_05`` of this folder's testfuncs.py, an object
whose ``update(params, grads)`` does ``params[key] -= 0.05 * grads[key]`` in the worker. Its step
differs from ``learning_rate`` so that ignoring it, or also applying plain SGD, shows.

The first accuracies are the untrained network's
-------------------------------------------------
On small data one update rarely changes an accuracy, so a ``train`` that records after the update
would often give the same first entries. The history test therefore draws params (installed in the
student's net from here, as in test_a5_two_layer_net.py), data and a learning rate until the
reference's accuracies before the first update differ from those after it: on train and test set
for the contract's first batch (``seed=0``), and on at least one of them for each batch of the
other seeds below ``BATCH_SEEDS`` (a train drawing its batches another way is caught too). After
``SETUP_TRIES`` draws, or when the params cannot be installed, it falls back to the net's own params:
the before-value is still the one a correct train records, so no correct submission can fail.

Naming "the layers never see the new params"
--------------------------------------------
If training leaves the loss constant, either the layers hold copies of params or plain SGD
rebinds ``params[key]`` to a new array. Both look the same from outside after an SGD run, so
only then the suite runs a two-iteration probe with the in-place optimizer above: if the loss
moves, the layers share params (the SGD update is at fault), otherwise they hold copies.

Expected values are finite
--------------------------
A reference run from huge student params (±1e200) overflows, and a nan ``train_loss`` or an inf
``predict`` would "match" it. So the update tests start from the student's own params only when
the reference run from them is finite, and otherwise install trusted params (``trusted_start``;
a gate when they cannot be installed); the predict check after training is failed, not compared,
when the trained params make the reference's scores inf or nan; and the history test's fallback
(the net's own params) gates its first-accuracy checks on finite reference scores.

Accuracy on data train never saw, with the network's own forward pass
---------------------------------------------------------------------
The learning test hands ``train`` training data only (its ``x_test, t_test`` arguments, used
for the ``test_acc`` history, are the first VALIDATION training images) and measures the
accuracy on the held-out images, which never cross to the worker before ``predict``. It is the
accuracy of a *reference* network holding the student's trained ``net.params`` (read back after
``train``: finite float arrays of the right shapes), and the student's ``predict`` must give that
network's scores too. So a ``train`` that memorises the (image, label) pairs it was handed, with a
``predict`` that looks them up (or answers with the nearest memorised image) instead of using the
params, gains nothing.

Each call of ``train`` is one part (``check.attempt``) with the checks of its result.
"""
import functools
import itertools
from typing import NamedTuple

import numpy as np
import pytest

from autograder.checker import describe_type, words
from autograder.datasets import grading_data
from autograder.feedback import messages
from autograder.problems import StudentError, WorkerProblem
from autograder.proxy import Named, RemoteObject
from autograder.worker import testfuncs  # FUNCTIONS holds this folder's testfuncs.py once grading runs

points, hidden = pytest.mark.points, pytest.mark.visibility("hidden")

KEYS = ("W1", "b1", "W2", "b2")
HISTORY = ("test_acc", "train_acc", "train_loss")
OPTIMIZER = "sgd_step_0_05"
VALIDATION = 300  # training images handed to train as its x_test (for test_acc) in the learning test
SETUP_TRIES = 30  # draws of the history test's params, data and learning rate (see above)
BATCH_SEEDS = 8  # the first update must change the accuracies for the first batch of seeds 0 .. BATCH_SEEDS - 1


@functools.lru_cache(maxsize=None)
def digits():
    """The learning test's data, loaded once per grading session: scikit-learn's 8x8 digits
    (1438 train, 359 test), or MNIST when the instructor gives a local copy (``--mnist``)."""
    return grading_data()


def is_number(value):
    if type(value) in (int, float):
        return True
    if isinstance(value, np.generic) or type(value) is np.ndarray:
        return np.asarray(value).ndim == 0 and np.asarray(value).dtype.kind in "iuf"
    return False


def read_history(check, got, what):
    """The dict train returns, as {key: float array}; gates on its form (the part ends otherwise)."""
    check.dict_with(got, HISTORY, what, gate=True)
    out = {}
    for key in HISTORY:
        value = got[key]
        ok = type(value) in (list, tuple) and all(is_number(v) for v in value)
        check.gate(ok, {"en": f"history['{key}'] should be a list of numbers, but it is {describe_type(value)}",
                        "ko": f"history['{key}'] 는 숫자의 리스트여야 하는데 {describe_type(value, 'ko')}입니다"})
        out[key] = np.array([float(v) for v in value], dtype=float)
    return out


def n_records(iters_num, train_size, batch_size):
    epoch_len = max(train_size // batch_size, 1)
    return len(range(0, iters_num, epoch_len))


def check_length(check, values, expected, key, iters_num, train_size, batch_size):
    # kept: the behaviour diagnosis compares a history drawn from the net's random weights by its
    # kind only (a dict), so it cannot tell one recorded every iteration, or with epoch_len
    # train_size / batch_size (a float: only multiples of it count), from the right one
    misconception = None
    if key != "train_loss" and len(values) != expected:
        if len(values) == iters_num:
            misconception = "train_acc_every_iteration"
        elif len(values) == len([i for i in range(iters_num) if i % max(train_size / batch_size, 1) == 0]):
            misconception = "epoch_len_true_division"
    return check.equal(len(values), expected, f"len(history['{key}'])", soft=True, misconception=misconception)


def after_train(code: str) -> dict[str, str]:
    return words("{code} after train", "train 다음의 {code}", code=code)


def read_params(check, net, sizes, trained=False):
    """net.params as a dict of finite float arrays of ``sizes`` (gates); ``trained``: read after train."""
    i, h, o = sizes
    shapes = {"W1": (i, h), "b1": (h,), "W2": (h, o), "b2": (o,)}
    params = net.params
    check.dict_with(params, KEYS, after_train("net.params") if trained else "net.params", attribute=True, gate=True)
    for key, shape in shapes.items():
        value = params[key]
        name = after_train(f"net.params['{key}']") if trained else {lang: f"net.params['{key}']" for lang in ("en", "ko")}
        good = type(value) is np.ndarray and value.shape == shape and value.dtype.kind == "f" and np.all(np.isfinite(value))
        shown = {lang: f"shape {value.shape}" if type(value) is np.ndarray else describe_type(value, lang)
                 for lang in ("en", "ko")}
        check.gate(good, {"en": f"{name['en']} should be a finite float array of shape {shape}, got {shown['en']}",
                          "ko": f"{name['ko']} 는 shape {shape} 인 유한한 실수 배열이어야 하는데 {shown['ko']}입니다"},
                   # a bias as a row vector (1, n): the network still computes, so name it here
                   misconception="bias_2d" if key[0] == "b" and type(value) is np.ndarray and value.shape == (1, *shape) else None)
    return params


def reference_net(ref, params):
    """A reference TwoLayerNet whose params arrays hold a copy of ``params`` (layers see them)."""
    i, h = params["W1"].shape
    state = np.random.get_state()
    net = ref.two_layer_net.TwoLayerNet(i, h, params["W2"].shape[1])
    np.random.set_state(state)
    for key in KEYS:
        np.copyto(net.params[key], params[key])
    return net


def blobs(rng, n):
    """Three well-separated clusters in 2-D, labels 0..2."""
    centers = np.array([[2.0, 0.0], [-2.0, 2.0], [-2.0, -2.0]])
    t = rng.permutation(np.arange(n) % 3)
    return centers[t] + 0.3 * rng.normal(size=(n, 2)), t


def install_params(student, net, params):
    """Give the student's net ``params`` (as test_a5_two_layer_net.py does): held arrays set as the
    Affine layers' ``W``/``b`` and as ``net.params``. True if ``net.params`` then reads back as ``params``."""
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


def finite_outputs(outputs) -> bool:
    """Every number in ``outputs`` (arrays, numbers, and dicts, tuples or lists of them) is finite
    (as in test_a5_two_layer_net.py)."""
    if type(outputs) is dict:
        return all(finite_outputs(v) for v in outputs.values())
    if type(outputs) in (tuple, list):
        return all(finite_outputs(v) for v in outputs)
    return bool(np.all(np.isfinite(np.asarray(outputs, dtype=float))))


def trusted_start(student, ref, check, rng, net, params0, expect, sizes, std=0.5):
    """``(params0, expectation)``: the params the student's run starts from and ``expect(params0)``,
    a pair ``(nets, values)`` whose ``values`` are all finite. These are the net's own params unless
    the reference run from them overflows; then random params of the trusted side are installed in
    ``net`` first (a gate with a sentence when they cannot be: the student's part)."""
    with np.errstate(all="ignore"):  # the student's params may be huge
        expectation = expect(params0)
    if finite_outputs(expectation[1]):
        return params0, expectation
    i, h, o = sizes
    params0 = {"W1": std * rng.normal(size=(i, h)), "b1": np.zeros(h),
               "W2": std * rng.normal(size=(h, o)), "b2": np.zeros(o)}
    check.gate(install_params(student, net, params0), messages.both("a5_reference_not_finite"))
    expectation = expect(params0)
    if not finite_outputs(expectation[1]):
        raise RuntimeError("the reference run overflows from params of the trusted side")  # the grader's problem
    return params0, expectation


def compared_scores(r0, r, data):
    """The scores ``compare_run`` compares on the test inputs: the trained net's and the untrained
    one's (the stale-layers variant). Part of an expectation, so that a run whose losses and params
    stay finite but whose scores overflow (weights near 1e200) starts from trusted params instead of
    losing the predict check."""
    return r.predict(data[2]), r0.predict(data[2])


def accuracies(r, data):
    x_train, t_train, x_test, t_test = data
    return {"train_acc": float(r.accuracy(x_train, t_train)), "test_acc": float(r.accuracy(x_test, t_test))}


def accuracies_after_update(ref, params, data, iters_num, batch_size, **options):
    """The accuracy history of a train that records AFTER the update of each recorded iteration:
    after update i, the net of a reference run of i + 1 iterations from ``params`` (the same seed
    draws the same first batches)."""
    history = {"train_acc": [], "test_acc": []}
    for i in range(0, iters_num, max(len(data[0]) // batch_size, 1)):
        r = reference_net(ref, params)
        ref.train.train(r, *data, iters_num=i + 1, batch_size=batch_size, **options)
        for key, value in accuracies(r, data).items():
            history[key].append(value)
    return history


class HistorySetup(NamedTuple):
    """The history test's params, data (x_train, t_train, x_test, t_test) and learning rate, with the
    reference's accuracies before the first update and after it (contract batch, seed 0)."""
    params: dict
    data: tuple
    learning_rate: float
    before: dict
    after: dict
    distinct: bool  # the first update changes the accuracies (see the module docstring)
    finite: bool = True  # the reference's scores with these params are finite (false only in the fallback)


def draw_history_setup(ref, rng, params, learning_rate, batch_seeds=BATCH_SEEDS):
    """60 training and 30 test points of three clusters, labelled as the net with ``params`` does
    best (so that its first accuracy is not 0, unlike a count), and the accuracies of that net
    before and after the first update of ``train(..., batch_size=10, learning_rate)``."""
    x_train, cluster_train = blobs(rng, 60)
    x_test, cluster_test = blobs(rng, 30)
    with np.errstate(all="ignore"):  # a student's own params (the fallback) may overflow the scores
        predicted = np.argmax(reference_net(ref, params).predict(x_train), axis=1)
        label = max(itertools.permutations(range(3)), key=lambda p: np.mean(np.array(p)[cluster_train] == predicted))
        data = (x_train, np.array(label)[cluster_train], x_test, np.array(label)[cluster_test])
        before = accuracies(reference_net(ref, params), data)
        finite = finite_outputs([reference_net(ref, params).predict(x) for x in (x_train, x_test)])
        after = [{key: values[0] for key, values in accuracies_after_update(
            ref, params, data, 1, 10, learning_rate=learning_rate, seed=seed).items()} for seed in range(batch_seeds)]
    sizes = {"train_acc": len(x_train), "test_acc": len(x_test)}
    distinct = (all(0 < before[key] != after[0][key] != before[key] * sizes[key] for key in before)
                and all(any(before[key] != other[key] for key in before) for other in after[1:]))
    return HistorySetup(params, data, learning_rate, before, after[0], distinct, finite)


def history_setup(ref, rng, sizes=(2, 8, 3)):
    """A setup whose first update changes the accuracies, with params of the trusted side, or
    None after SETUP_TRIES draws (the caller falls back to the net's own params)."""
    i, h, o = sizes
    for _ in range(SETUP_TRIES):
        params = {"W1": 0.5 * rng.normal(size=(i, h)), "b1": np.zeros(h),
                  "W2": 0.5 * rng.normal(size=(h, o)), "b2": np.zeros(o)}
        setup = draw_history_setup(ref, rng, params, float(rng.uniform(0.5, 2.0)))
        if setup.distinct:
            return setup
    return None


def installed(student, ref, net, setup):
    """``setup.params`` are in the student's net and its predict uses them (layers that keep their
    weights under other names would still use their own). A predict that raises fails the test, as
    it would fail train."""
    if not install_params(student, net, setup.params):
        return False
    x, expected = setup.data[0], reference_net(ref, setup.params).predict(setup.data[0])
    scores = net.predict(x)
    return type(scores) is np.ndarray and scores.shape == expected.shape and scores.dtype.kind == "f" \
        and np.allclose(scores, expected, rtol=1e-7, atol=1e-9)


def check_first_accuracies(check, hist, setup):
    """history's first train_acc and test_acc are the untrained net's (``setup.before``), exactly:
    accuracies are multiples of 1 / n, and a first update that changes them moves them by that much.
    A count instead of a fraction is named by the behaviour diagnosis (accuracy_count). Kept:
    accuracies recorded after the update (``setup.after``), which the diagnosis names too in a
    grading, but tests/test_a5_accuracy_order.py holds this check itself to name it, on the trusted
    side, for 200 student ids (no grading there, so no diagnosis)."""
    for key in ("train_acc", "test_acc"):
        first = setup.before[key]
        check.array(hist[key][:1], [first], words("history['{key}'][0], the accuracy of the untrained network", "학습 전 신경망의 정확도 history['{key}'][0]",
                          key=key),
                    rtol=0, atol=1e-12, soft=True, variants={"accuracy_after_update": [setup.after[key]]})


def stale_layers_mistake(student):
    """Only after training left the loss constant: which mistake is it? (see above). Two short runs
    of the student's train: with an optimizer that updates params in place, and with plain SGD. If
    the optimizer's run moves the loss, the layers see params and plain SGD rebinds them; if only
    plain SGD moves it, the layers see params and train misuses the optimizer (update(grads,
    params) ...: the diagnosis names that); if neither, the layers hold copies."""
    moved = [loss_moves(student, Named(OPTIMIZER)), None]
    if moved[0] is None:
        return None
    if moved[0]:
        return "sgd_not_in_place"
    moved[1] = loss_moves(student, None)
    return None if moved[1] in (None, True) else "layers_copy_params"


def loss_moves(student, optimizer):
    """Whether two steps of the student's train change the loss (None when that cannot be told)."""
    try:
        net = student.two_layer_net.TwoLayerNet(2, 3, 2, weight_init_std=1.0)
        x, t = np.tile([1.0, -1.0], (4, 1)), np.zeros(4, dtype=int)
        loss = [float(v) for v in student.train.train(net, x, t, x, t, iters_num=2, batch_size=2,
                                                      optimizer=optimizer)["train_loss"][:2]]
        if not finite_outputs(loss):  # nan != nan: a moved loss says nothing then
            return None
        return loss[0] != loss[1]
    except Exception:  # the probe only names a mistake; if it cannot run, name none
        return None


def same_sample_data(rng, input_size, classes, train_size=20, test_size=12):
    """A training set of ``train_size`` copies of one sample, and a random test set."""
    x0 = rng.normal(size=input_size)
    x_train, t_train = np.tile(x0, (train_size, 1)), np.full(train_size, int(rng.integers(classes)))
    x_test, t_test = rng.normal(size=(test_size, input_size)), rng.integers(0, classes, size=test_size)
    return x_train, t_train, x_test, t_test


def stale_run(r0, x_batch, t_batch, iters_num, lr):
    """What training gives when the layers never see the updates: the same gradient every step."""
    grads = r0.gradient(x_batch, t_batch)
    params = {key: r0.params[key] - iters_num * lr * grads[key] for key in KEYS}
    return params, np.full(iters_num, r0.loss(x_batch, t_batch))


# --- the history --------------------------------------------------------------------------------

@points(2)
def test_train_returns_one_loss_per_iteration_and_accuracies_once_per_epoch(student, ref, check, rng):
    """train on 60 samples with batch_size=10 and iters_num=25: 25 losses, accuracies at iterations 0, 6, 12, 18, 24, the first before any update
    ko: 60개 샘플, batch_size=10, iters_num=25 로 train: 손실 25개, 정확도는 0, 6, 12, 18, 24번째 반복에서 (첫 값은 갱신 전)"""
    sizes = (2, 8, 3)
    net = student.two_layer_net.TwoLayerNet(*sizes, weight_init_std=0.5)
    read_params(check, net, sizes)
    setup = history_setup(ref, rng, sizes)
    if setup is None or not installed(student, ref, net, setup):  # the fallback (see the module docstring)
        net = student.two_layer_net.TwoLayerNet(*sizes, weight_init_std=0.5)
        setup = draw_history_setup(ref, rng, read_params(check, net, sizes), 0.1)
    x_train, t_train, x_test, t_test = setup.data
    with check.attempt(5):
        got = student.train.train(net, x_train, t_train, x_test, t_test, iters_num=25, batch_size=10,
                                  learning_rate=setup.learning_rate)
        hist = read_history(check, got, "train(network, x_train, t_train, x_test, t_test, iters_num=25, batch_size=10)")
        check_length(check, hist["train_loss"], 25, "train_loss", 25, 60, 10)
        check_length(check, hist["train_acc"], 5, "train_acc", 25, 60, 10)
        check_length(check, hist["test_acc"], 5, "test_acc", 25, 60, 10)
        # the fallback's own params may overflow: no first accuracy to expect then (see the module docstring)
        check.gate(setup.finite, messages.both("a5_reference_not_finite"))
        check_first_accuracies(check, hist, setup)


@points(1)
@hidden
def test_train_history_lengths_for_other_sizes(student, check, rng):
    """the history has iters_num losses and one accuracy per epoch_len = max(train_size // batch_size, 1) iterations; a batch_size below 1 raises ValueError
    ko: history 는 손실 iters_num 개와, epoch_len = max(train_size // batch_size, 1) 회마다 정확도 하나를 담음. batch_size 가 1 보다 작으면 ValueError"""
    # the last case's train_size is no multiple of batch_size (epoch_len is train_size // batch_size);
    # in the one with train_size < batch_size, train must also refuse a batch_size below 1
    sizes = ((int(rng.integers(20, 50)), int(rng.integers(3, 9))), (int(rng.integers(5, 10)), 12), (26, 4))
    net = None
    for n, (train_size, batch_size) in enumerate(sizes):
        iters_num = int(rng.integers(7, 30))
        x, t = blobs(rng, train_size)
        expected = n_records(iters_num, train_size, batch_size)
        refusal = batch_size > train_size
        with check.attempt(4 if refusal else 3):
            # the last case trains the net of the one before: a new net would draw its weights from the
            # worker's global random state, and change the weights the nets of the later tests start with
            if net is None or n < len(sizes) - 1:
                net = student.two_layer_net.TwoLayerNet(2, 4, 3)
            got = student.train.train(net, x, t, x[:6], t[:6], iters_num=iters_num, batch_size=batch_size)
            hist = read_history(check, got, "train(...)")
            lengths_ok = [check_length(check, hist[key], iters_num if key == "train_loss" else expected, key, iters_num,
                                       train_size, batch_size) for key in ("train_loss", "train_acc", "test_acc")]
            if refusal:
                check_refuses_batch_size_below_one(student, check, net, x, t, result_ok=all(lengths_ok))


def check_refuses_batch_size_below_one(student, check, net, x, t, result_ok):
    """train(..., batch_size=0) raises ValueError, as the contract says; judged only with a right
    history of the same net (a stub that does nothing else raises it too)."""
    try:
        student.train.train(net, x, t, x[:6], t[:6], iters_num=3, batch_size=0)
        raised = None
    except StudentError as exc:
        raised = exc.type
    check.true(raised == "ValueError", messages.both("a5_batch_size_not_refused"), soft=True, result_ok=result_ok,
               what="train(...)")


# --- the updates --------------------------------------------------------------------------------

def compare_run(student, ref, check, net, r0, data, hist, expected, final, stale, sizes):
    """Final params, predict after training and train_loss against the reference run.

    ``stale``: (params, losses) if the layers never saw an update. Kept beside the behaviour
    diagnosis, which cannot name layers_copy_params here: it gives the replay the student's random
    weights through ``net.params``, and that mistake's layers hold copies of its own. The other
    mistakes of a run (train_ignores_optimizer, train_loss_before_update ...) are named by it."""
    x_test = data[2]
    losses = hist["train_loss"]
    stale_id = None
    if len(losses) == len(expected["train_loss"]) and np.allclose(losses, stale[1]) \
            and not np.allclose(losses, expected["train_loss"]):
        stale_id = stale_layers_mistake(student)
    variants = [(stale_id, stale[1])] if stale_id else []
    check.array(losses, expected["train_loss"], "history['train_loss']", soft=True, variants=variants)
    got = read_params(check, net, sizes, trained=True)
    for key in KEYS:
        variants = [(stale_id, stale[0][key])] if stale_id else []
        check.array(got[key], final[key], after_train(f"net.params['{key}']"), soft=True, variants=variants)
    with np.errstate(all="ignore"):  # trained params may be huge
        want = reference_net(ref, got).predict(x_test)
    with check.attempt(1):
        what = {"en": "net.predict(x) after train, against a network holding the trained net.params",
                "ko": "train 다음의 net.predict(x) (학습된 net.params 를 가진 신경망과 비교)"}
        if not finite_outputs(want):  # an inf or nan expected value is never compared with
            check.true(False, messages.both("a5_trained_scores_not_finite", what=what), soft=True)
        else:
            check.array(net.predict(x_test), want, what, soft=True,
                        variants=[(stale_id, r0.predict(x_test))] if stale_id else None)


@points(3)
@hidden
def test_plain_sgd_updates_params_in_place(student, ref, check, rng):
    """with optimizer=None, train does plain SGD in place: params, train_loss and accuracies follow the reference step by step
    ko: optimizer=None 이면 train 은 제자리 SGD: params, train_loss, 정확도가 참조 구현과 단계마다 같음"""
    sizes, iters_num, lr = (4, 6, 3), 10, 0.5
    data = same_sample_data(rng, 4, 3)
    net = student.two_layer_net.TwoLayerNet(*sizes, weight_init_std=0.5)
    seed = int(rng.integers(100))

    def expect(params0):
        r0, r = reference_net(ref, params0), reference_net(ref, params0)
        expected = ref.train.train(r, *data, iters_num=iters_num, batch_size=5, learning_rate=lr)
        stale = stale_run(r0, data[0][:5], data[1][:5], iters_num, lr)
        return (r0, r), (expected, r.params, stale, compared_scores(r0, r, data))

    params0, ((r0, r), (expected, _, stale, _)) = trusted_start(
        student, ref, check, rng, net, read_params(check, net, sizes), expect, sizes)
    with check.attempt(8):
        got = student.train.train(net, *data, iters_num=iters_num, batch_size=5, learning_rate=lr, seed=seed)
        hist = read_history(check, got, "train(..., optimizer=None)")
        compare_run(student, ref, check, net, r0, data, hist, expected, r.params, stale, sizes)
        for key in ("train_acc", "test_acc"):
            want = np.array(expected[key])
            if len(hist[key]) != len(want):
                check_length(check, hist[key], len(want), key, iters_num, data[0].shape[0], 5)
            else:
                check.array(hist[key], want, f"history['{key}']", soft=True)


@points(2)
@hidden
def test_train_uses_the_optimizer_it_is_given(student, ref, check, rng):
    """with an optimizer object, train calls optimizer.update(network.params, grads) instead of plain SGD
    ko: optimizer 객체가 주어지면 train 은 기본 SGD 대신 optimizer.update(network.params, grads) 를 호출함"""
    sizes, iters_num, lr = (3, 5, 4), 8, 0.3
    data = same_sample_data(rng, 3, 4)
    net = student.two_layer_net.TwoLayerNet(*sizes, weight_init_std=0.5)

    def expect(params0):
        r0, r = reference_net(ref, params0), reference_net(ref, params0)
        expected = ref.train.train(r, *data, iters_num=iters_num, batch_size=5, learning_rate=lr,
                                   optimizer=testfuncs.FUNCTIONS[OPTIMIZER])
        stale = stale_run(r0, data[0][:5], data[1][:5], iters_num, testfuncs.FUNCTIONS[OPTIMIZER].lr)
        return (r0, r), (expected, r.params, stale, compared_scores(r0, r, data))

    _, ((r0, r), (expected, _, stale, _)) = trusted_start(
        student, ref, check, rng, net, read_params(check, net, sizes), expect, sizes)
    with check.attempt(6):
        got = student.train.train(net, *data, iters_num=iters_num, batch_size=5, learning_rate=lr,
                                  optimizer=Named(OPTIMIZER))
        hist = read_history(check, got, "train(..., optimizer=optimizer)")
        compare_run(student, ref, check, net, r0, data, hist, expected, r.params, stale, sizes)


# --- learning -----------------------------------------------------------------------------------

@points(3)
def test_train_learns_the_digits(student, ref, check):
    """TwoLayerNet(pixels, 50, 10) trained on handwritten digits classifies at least 90% of held-out test images
    ko: 손글씨 숫자로 학습한 TwoLayerNet(픽셀 수, 50, 10) 이 학습에 쓰지 않은 시험 이미지의 90% 이상을 맞힘"""
    name, x_train, t_train, x_test, t_test = digits()  # x_test, t_test never cross to train (see above)
    iters_num, batch_size, learning_rate = (2000, 100, 0.1) if name == "MNIST" else (600, 50, 0.5)
    sizes = (x_train.shape[1], 50, 10)
    net = student.two_layer_net.TwoLayerNet(*sizes)
    with np.errstate(all="ignore"):  # the untrained network's scores, to say "did not change" (feedback only)
        untrained = reference_net(ref, read_params(check, net, sizes)).predict(x_test)
    with check.attempt(1):
        student.train.train(net, x_train, t_train, x_train[:VALIDATION], t_train[:VALIDATION], iters_num=iters_num,
                            batch_size=batch_size, learning_rate=learning_rate, timeout=60)
        trained = read_params(check, net, sizes, trained=True)
        with np.errstate(all="ignore"):
            want = reference_net(ref, trained).predict(x_test)  # the network the params make (see above)
        scores = net.predict(x_test)
        good = type(scores) is np.ndarray and scores.shape == (len(x_test), 10) and scores.dtype.kind in "iuf"
        check.gate(good, {"en": f"net.predict(x_test) should return an array of shape {(len(x_test), 10)}, got "
                                + (f"shape {scores.shape}" if type(scores) is np.ndarray else describe_type(scores)),
                          "ko": f"net.predict(x_test) 는 shape {(len(x_test), 10)} 인 배열을 반환해야 하는데 "
                                + (f"shape {scores.shape} 입니다" if type(scores) is np.ndarray
                                   else f"반환값이 {describe_type(scores, 'ko')}입니다")})
        if not finite_outputs(want):  # no accuracy to measure
            parts = [messages.both("a5_trained_scores_not_finite", what={"en": "the accuracy", "ko": "정확도"})]
        else:
            accuracy = float(np.mean(np.argmax(want, axis=1) == t_test))
            parts = [] if accuracy >= 0.9 else [messages.both("a5_digits_accuracy", accuracy=f"{accuracy:.1%}",
                                                              n=len(x_test))]
            if not np.allclose(scores, want, rtol=1e-4, atol=1e-6):
                parts.append(messages.both("a5_predict_ignores_params"))
        stale = finite_outputs((scores, untrained)) and bool(np.allclose(scores, untrained))
        feedback = {lang: {"en": "; ", "ko": ". "}[lang].join(part[lang] for part in parts)
                    + (messages.render("a5_predictions_unchanged", lang) if stale else "") for lang in messages.LANGS}
        # kept: this test's requests carry the digits data set, too big to replay (diagnosis.MAX_SENT)
        check.true(not parts, feedback, soft=True,
                   misconception=stale_layers_mistake(student) if stale and parts else None)
