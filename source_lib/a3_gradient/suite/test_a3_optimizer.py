"""a3_gradient, optimizer.py: SGD, Momentum, AdaGrad, RMSprop, Adam, Adadelta.

Each test builds the student's optimizer in the worker, keeps ``params`` there with
``student.hold``, calls ``update(held_params, grads)`` a few times and reads the dict back after
each call; the reference optimizer runs the same updates here on copies. A declared mistake
(mistakes.py, with its edit) is named by the behaviour diagnosis; the few wrong variants computed
here with the small trusted classes below are the slips no declared mistake reproduces.
"""
import numpy as np
import pytest

from autograder.checker import words

points, hidden = pytest.mark.points, pytest.mark.visibility("hidden")

NAMES = ("SGD", "Momentum", "AdaGrad", "RMSprop", "Adam", "Adadelta")
LECTURE_PARAMS = {"W": np.array([1.0, 2.0])}
LECTURE_GRADS = [{"W": np.array([0.5, -1.0])}] * 3


# ---------------------------------------------------------------- trusted wrong variants
class _State:
    def state(self, name, params):
        if not hasattr(self, name):
            setattr(self, name, {k: np.zeros_like(v, dtype=float) for k, v in params.items()})
        return getattr(self, name)


class MomentumSign(_State):
    """Momentum with one of the sign slips students make, other than the declared
    ``momentum_sign`` (v = m*v + lr*g; p += v), which the behaviour diagnosis names."""

    def __init__(self, lr, momentum, mode):
        self.lr, self.momentum, self.mode = lr, momentum, mode

    def update(self, params, grads):
        v = self.state("v", params)
        for k in params:
            if self.mode == "minus_apply":    # v = m*v - lr*g; p -= v
                v[k] = self.momentum * v[k] - self.lr * grads[k]
                params[k] -= v[k]
            else:                             # v = -m*v - lr*g; p += v
                v[k] = -self.momentum * v[k] - self.lr * grads[k]
                params[k] += v[k]


class RMSpropNoEps(_State):
    """RMSprop without the 1e-7 (the declared ``optimizer_no_eps`` edits AdaGrad only)."""

    def __init__(self, lr, decay):
        self.lr, self.decay = lr, decay

    def update(self, params, grads):
        h = self.state("h", params)
        for k in params:
            h[k] = self.decay * h[k] + (1 - self.decay) * grads[k] * grads[k]
            with np.errstate(all="ignore"):
                params[k] -= self.lr * grads[k] / np.sqrt(h[k])


class AdamVariant(_State):
    """Adam with a chosen epsilon (0: no epsilon, which the declared ``optimizer_no_eps``, an
    AdaGrad edit, does not reproduce)."""

    def __init__(self, lr, beta1, beta2, eps=1e-7):
        self.lr, self.beta1, self.beta2, self.eps, self.t = lr, beta1, beta2, eps, 0

    def update(self, params, grads):
        m, v = self.state("m", params), self.state("v", params)
        self.t += 1
        lr_t = self.lr * np.sqrt(1 - self.beta2**self.t) / (1 - self.beta1**self.t)
        for k in params:
            m[k] += (1 - self.beta1) * (grads[k] - m[k])
            v[k] += (1 - self.beta2) * (grads[k] ** 2 - v[k])
            with np.errstate(all="ignore"):
                params[k] -= lr_t * m[k] / (np.sqrt(v[k]) + self.eps)


# ---------------------------------------------------------------- running both sides
def copies(d):
    return {k: np.array(v, dtype=float) for k, v in d.items()}


def trusted_run(optimizer, params, grads_seq):
    """``params`` after each update of a trusted optimizer, on copies."""
    p, out = copies(params), []
    for grads in grads_seq:
        optimizer.update(p, copies(grads))
        out.append(copies(p))
    return out


def compare_params(check, got, expected, when, variants=()):
    """One soft check per key of ``expected``; ``when`` says after which calls, in both languages
    (``words``); ``variants``: (id, params of that mistake)."""
    ok = True
    for k in expected:
        value = got.get(k) if type(got) is dict else got
        ok &= check.array(value, expected[k], words("params['{k}'] {when}", "{when}의 params['{k}']", k=k, when=when), soft=True,
                          variants=[(mid, wrong[k]) for mid, wrong in variants])
    return ok


def student_run(student, check, name, kwargs, params, grads_seq, expected_seq, call, variants=()):
    """The student's updates on held ``params``, read back and checked after each (one soft check
    per update and key: partial credit for the first updates being right). An update that raises
    fails its own checks; the next ones still run."""
    optimizer = getattr(student.optimizer, name)(**kwargs)
    held = student.hold(params)
    for n, (grads, expected) in enumerate(zip(grads_seq, expected_seq), 1):
        with check.attempt(checks=len(expected)):
            optimizer.update(held, grads)
            compare_params(check, student.fetch(held), expected, words("after update {n} of {call}", "{call} 를 {n}번째 호출한 뒤", n=n, call=call),
                           [(mid, run[n - 1]) for mid, run in variants])


def lecture_test(student, ref, check, name, kwargs, variants=()):
    args = ", ".join(f"{k}={v}" for k, v in kwargs.items())
    call = words("{call} with {data}", "{data} 로 {call}", call=f"{name}({args}).update(params, grads)",
                 data="params {'W': [1.0, 2.0]}, grads {'W': [0.5, -1.0]}")
    expected = trusted_run(getattr(ref.optimizer, name)(**kwargs), LECTURE_PARAMS, LECTURE_GRADS)
    student_run(student, check, name, kwargs, LECTURE_PARAMS, LECTURE_GRADS, expected, call, variants)


def random_problem(rng, zeros=()):
    """params W (2, 3) and b (3,), and three rounds of gradients; ``zeros`` = (update, key, index)
    entries set to exactly 0 (a weight whose gradient is 0 so far: 0/0 without the 1e-7)."""
    params = {"W": rng.normal(size=(2, 3)), "b": rng.normal(size=3)}
    grads_seq = [{"W": rng.normal(size=(2, 3)), "b": rng.normal(size=3)} for _ in range(3)]
    for update, key, index in zeros:
        grads_seq[update][key][index] = 0.0
    return params, grads_seq


def random_test(student, ref, check, name, kwargs, params, grads_seq, variants=()):
    expected = trusted_run(getattr(ref.optimizer, name)(**kwargs), params, grads_seq)
    student_run(student, check, name, kwargs, params, grads_seq, expected, f"{name}(...).update(params, grads)",
                [(mid, trusted_run(opt, params, grads_seq)) for mid, opt in variants])


# ---------------------------------------------------------------- SGD
@points(1)
def test_sgd_lecture_example(student, ref, check):
    """SGD(lr=0.1) moves W = [1, 2] to [0.95, 2.1], then [0.9, 2.2], [0.85, 2.3]
    ko: SGD(lr=0.1) 가 W = [1, 2] 를 [0.95, 2.1], [0.9, 2.2], [0.85, 2.3] 으로 옮김"""
    lecture_test(student, ref, check, "SGD", {"lr": 0.1})


@points(1)
@hidden
def test_sgd_on_random_params(student, ref, check, rng):
    """SGD with a random learning rate on a dict of random arrays, three updates
    ko: 무작위 학습률과 무작위 배열 dict 로 SGD 세 번 갱신"""
    params, grads_seq = random_problem(rng)
    random_test(student, ref, check, "SGD", {"lr": float(rng.choice([0.01, 0.05, 0.2]))}, params, grads_seq)


# ---------------------------------------------------------------- Momentum
def momentum_variants(lr, momentum):
    return [("momentum_sign", MomentumSign(lr, momentum, mode)) for mode in ("minus_apply", "minus_v")]


@points(1)
def test_momentum_lecture_example(student, ref, check):
    """Momentum(lr=0.1) with the default momentum 0.9: W[0] goes 1 → 0.95 → 0.855 → 0.7195
    ko: Momentum(lr=0.1), 기본 momentum 0.9: W[0] 가 1 → 0.95 → 0.855 → 0.7195"""
    lecture_test(student, ref, check, "Momentum", {"lr": 0.1},
                 [(mid, trusted_run(opt, LECTURE_PARAMS, LECTURE_GRADS)) for mid, opt in momentum_variants(0.1, 0.9)])


@points(2)
@hidden
def test_momentum_on_random_params(student, ref, check, rng):
    """Momentum with random lr and momentum on random arrays, three updates
    ko: 무작위 lr 과 momentum 으로 무작위 배열에 Momentum 세 번 갱신"""
    params, grads_seq = random_problem(rng)
    lr, momentum = float(rng.choice([0.01, 0.05, 0.1])), float(rng.choice([0.5, 0.8, 0.9]))
    random_test(student, ref, check, "Momentum", {"lr": lr, "momentum": momentum}, params, grads_seq,
                momentum_variants(lr, momentum))


# ---------------------------------------------------------------- AdaGrad
@points(1)
def test_adagrad_lecture_example(student, ref, check):
    """AdaGrad(lr=0.1): W[0] goes 1 → 0.9 after the first update, then shrinking steps
    ko: AdaGrad(lr=0.1): 첫 갱신 후 W[0] 가 1 → 0.9, 이후 보폭이 줄어듦"""
    lecture_test(student, ref, check, "AdaGrad", {"lr": 0.1})


@points(2)
@hidden
def test_adagrad_on_random_params_with_zero_gradients(student, ref, check, rng):
    """AdaGrad on random arrays where some gradients are exactly 0, three updates
    ko: 일부 기울기가 정확히 0 인 무작위 배열에 AdaGrad 세 번 갱신"""
    zeros = [(u, "W", (0, 0)) for u in range(3)] + [(0, "b", 1)]
    params, grads_seq = random_problem(rng, zeros)
    # and a weight whose gradients stay tiny: only there does the 1e-7's place show, sqrt(h) + 1e-7
    # or sqrt(h + 1e-7) (a fixed entry, not left to the draw: it catches the slip for every student)
    for grads in grads_seq:
        grads["W"][1, 2] = 1e-4
    lr = float(rng.choice([0.01, 0.1, 0.5]))
    random_test(student, ref, check, "AdaGrad", {"lr": lr}, params, grads_seq)


# ---------------------------------------------------------------- RMSprop
@points(1)
def test_rmsprop_lecture_example(student, ref, check):
    """RMSprop() with lr 0.01 and decay 0.99: W[0] goes 1 → 0.9 after the first update
    ko: RMSprop() (lr 0.01, decay 0.99): 첫 갱신 후 W[0] 가 1 → 0.9"""
    lecture_test(student, ref, check, "RMSprop", {})


@points(2)
@hidden
def test_rmsprop_on_random_params_with_zero_gradients(student, ref, check, rng):
    """RMSprop with random lr and decay rate, some gradients exactly 0, three updates
    ko: 무작위 lr 과 decay_rate, 일부 기울기가 0 인 RMSprop 세 번 갱신"""
    params, grads_seq = random_problem(rng, [(0, "W", (1, 2))])
    lr, decay = float(rng.choice([0.001, 0.01, 0.1])), float(rng.choice([0.9, 0.95, 0.99]))
    random_test(student, ref, check, "RMSprop", {"lr": lr, "decay_rate": decay}, params, grads_seq,
                [("optimizer_no_eps", RMSpropNoEps(lr, decay))])


# ---------------------------------------------------------------- Adam
@points(2)
def test_adam_lecture_example(student, ref, check):
    """Adam() with bias correction: the first update moves each weight by about lr = 0.001 (1 → 0.999)
    ko: 편향 보정된 Adam(): 첫 갱신에서 각 가중치가 약 lr = 0.001 만큼 움직임 (1 → 0.999)"""
    lecture_test(student, ref, check, "Adam", {})


@points(2)
@hidden
def test_adam_on_random_params(student, ref, check, rng):
    """Adam with random lr, beta1 and beta2 on random arrays, some gradients 0, three updates
    ko: 무작위 lr, beta1, beta2 로 일부 기울기가 0 인 무작위 배열에 Adam 세 번 갱신"""
    params, grads_seq = random_problem(rng, [(0, "b", 2)])
    # Never beta1 = 0.9 with beta2 = 0.99: sqrt(1 - beta2) / (1 - beta1) = 1 would hide a missing bias correction.
    lr, beta1, beta2 = float(rng.choice([0.01, 0.05, 0.1])), float(rng.choice([0.8, 0.85])), float(rng.choice([0.99, 0.999]))
    random_test(student, ref, check, "Adam", {"lr": lr, "beta1": beta1, "beta2": beta2}, params, grads_seq,
                [("optimizer_no_eps", AdamVariant(lr, beta1, beta2, eps=0.0))])


# ---------------------------------------------------------------- Adadelta
@points(1)
def test_adadelta_lecture_example(student, ref, check):
    """Adadelta() with rho 0.95 and eps 1e-6: W[0] goes 1 → 0.995528 after the first update
    ko: Adadelta() (rho 0.95, eps 1e-6): 첫 갱신 후 W[0] 가 1 → 0.995528"""
    lecture_test(student, ref, check, "Adadelta", {})


@points(2)
@hidden
def test_adadelta_on_random_params(student, ref, check, rng):
    """Adadelta with random rho and eps on random arrays, three updates
    ko: 무작위 rho 와 eps 로 무작위 배열에 Adadelta 세 번 갱신"""
    params, grads_seq = random_problem(rng)
    rho, eps = float(rng.choice([0.9, 0.95])), float(rng.choice([1e-6, 1e-4]))
    random_test(student, ref, check, "Adadelta", {"rho": rho, "eps": eps}, params, grads_seq)


# ---------------------------------------------------------------- in place, grads untouched
def default_variants(name):
    """Trusted wrong optimizers with ``name``'s default arguments (the slips no declared mistake
    reproduces), so that a property test whose update result is wrong still names the mistake."""
    if name == "Momentum":
        return momentum_variants(0.01, 0.9)
    if name == "Adam":
        return [("optimizer_no_eps", AdamVariant(0.001, 0.9, 0.999, eps=0.0))]
    if name == "RMSprop":
        return [("optimizer_no_eps", RMSpropNoEps(0.01, 0.99))]
    return []


def expected_runs(ref, name, params, grads_seq):
    """The reference's params after each update, and each default-argument mistake's."""
    expected = trusted_run(getattr(ref.optimizer, name)(), params, grads_seq)
    return expected, [(mid, trusted_run(opt, params, grads_seq)) for mid, opt in default_variants(name)]


@points(2)
@hidden
def test_update_changes_the_params_arrays_in_place(student, ref, check, rng):
    """every optimizer's update changes the arrays of params in place
    ko: 모든 옵티마이저의 update 가 params 의 배열을 제자리에서 바꿈"""
    for name in NAMES:
        params, (grads, *_) = random_problem(rng)
        before = copies(params)  # the grader's own copies, made before the call
        expected, variants = expected_runs(ref, name, params, [grads])
        what = f"{name}().update(params, grads)"
        with check.attempt():
            arrays = {k: student.hold(v) for k, v in params.items()}  # the network's own arrays
            held = student.hold(dict(arrays))                          # a dict holding those very arrays
            getattr(student.optimizer, name)().update(held, grads)
            now = student.fetch(held)
            with check.result() as result:  # an update that changes nothing earns nothing here
                compare_params(check, now, expected[0], words("after {call}", "{call} 를 호출한 뒤", call=what), [(mid, run[0]) for mid, run in variants])
            in_place = type(now) is dict
            for k, array in arrays.items():
                current = student.fetch(array)
                in_place = (in_place and type(now.get(k)) is np.ndarray and type(current) is np.ndarray
                            and current.shape == before[k].shape and np.array_equal(current, now[k])
                            and not np.array_equal(current, before[k]))
            check.true(in_place, {
                "en": f"{name}.update(params, grads) did not change the arrays of params in place",
                "ko": f"{name}.update(params, grads) 가 params 의 배열을 제자리에서 바꾸지 않았습니다",
            # kept: names it for any of the six optimizers; the declared edit changes SGD alone, and the
            # behaviour diagnosis names a mistake only when it answers every optimizer's update alike
            }, misconception="optimizer_not_in_place", soft=True, result_ok=result.ok, what=what)


@points(1)
@hidden
def test_update_leaves_grads_unchanged(student, ref, check, rng):
    """every optimizer's update leaves grads unchanged
    ko: 모든 옵티마이저의 update 가 grads 를 바꾸지 않음"""
    for name in NAMES:
        params, grads_seq = random_problem(rng)
        grads_seq = grads_seq[:2]
        before = [copies(grads) for grads in grads_seq]  # the grader's own copies, made before the calls
        expected, variants = expected_runs(ref, name, params, grads_seq)
        what = f"{name}().update(params, grads)"
        with check.attempt():
            optimizer = getattr(student.optimizer, name)()
            held_params = student.hold(params)
            unchanged = True
            for grads, grads_before in zip(grads_seq, before):
                held = {k: student.hold(v) for k, v in grads.items()}
                optimizer.update(held_params, held)
                for k, v in grads_before.items():
                    after = student.fetch(held[k])
                    unchanged = unchanged and type(after) is np.ndarray and np.array_equal(after, v)
            with check.result() as result:  # an update that reads nothing leaves grads alone too
                compare_params(check, student.fetch(held_params), expected[-1], words("after two updates of {call}", "{call} 를 두 번 호출한 뒤", call=what),
                               [(mid, run[-1]) for mid, run in variants])
            check.true(unchanged, {
                "en": f"{name}.update(params, grads) changed the gradient arrays; read grads, never write to them",
                "ko": f"{name}.update(params, grads) 가 기울기 배열을 바꾸었습니다: grads 는 읽기만 하세요",
            }, soft=True, result_ok=result.ok, what=what)
