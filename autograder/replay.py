"""Replaying a test: its recorded requests run again on trusted modules, as the worker's server ran them on the student's.

``replay`` mirrors ``worker/serve.py``'s operations (import, getattr, setattr, call, getitem,
setitem, hold, value) on modules of the grader's own (the reference, or the reference with a
declared mistake's edits), made fresh for every replay (``fresh``: what a replayed request does
to them dies with it; the grader's reference modules are never touched, and a ``setattr`` on a
module or class the replay did not make is refused), pairs each handle the student's answer
held with the replay's own object, and gives each request's outcome: the answer as the grader would have received it, or
the exception raised (``raised_as``). ``same`` says whether two answers are the same behaviour.
``reference`` replays the reference twice side by side under two seeds, to see which answers
depend on numpy's global random state (the worker's is not the replay's): where the two disagree
on what a request read, both take the student's values in place and go on (``_Run.adopt``).
A request the replay cannot mirror raises ``Unmirrored``; one longer than its time, ``TooLong``.

Longer than most modules: mirroring the server's operations, turning replayed values into the
answers the grader would have received, and comparing them are one contract, read together.
"""
from __future__ import annotations

import builtins
import contextlib
import io
import math
import signal
import sys
import threading
import time
import types
from dataclasses import dataclass

import numpy as np

from . import wire
from .proxy import RemoteObject
from .worker import testfuncs

RTOL, ATOL = 1e-6, 1e-9
SECONDS = 5.0  # one replay of one test, where a timer can stop it (the main thread)
SEEDS = (12345, 54321)  # numpy's global random state for the replays: two, to see what depends on it


@dataclass
class Exchange:
    """One request and its outcome: the decoded answer, or what the student's code raised (``raised_as``)."""

    message: dict
    answer: object = None
    raised: str | None = None
    seq: int = 0


class Unmirrored(Exception):
    """The replay cannot do what the worker did (the diagnosis gives up)."""


class TooLong(Exception):
    pass


class _Local:
    """The replay's stand-in for a handle the worker would have answered with."""

    __slots__ = ("id",)

    def __init__(self, local_id: int):
        self.id = local_id


class _Held:
    def __init__(self, value):
        self.value = value


def fresh(codes: dict[str, types.CodeType]) -> dict[str, types.ModuleType]:
    """New module objects from compiled ``codes`` (module name → code), made for one replay only:
    what a replayed request does to them (a ``setattr`` that patches a function, state a class
    keeps) dies with the replay, and the grader's own reference modules are never touched. An
    ``import`` of one of these names inside them gets this replay's copy."""
    made: dict[str, types.ModuleType] = {}

    def importer(name, globals=None, locals=None, fromlist=(), level=0):
        if level == 0 and name in codes:
            return load(name)
        return builtins.__import__(name, globals, locals, fromlist, level)

    own_builtins = dict(vars(builtins), __import__=importer)

    def load(name: str) -> types.ModuleType:
        if name not in made:
            module = made[name] = types.ModuleType(name)
            module.__dict__["__builtins__"] = own_builtins
            exec(codes[name], module.__dict__)
        return made[name]

    for name in codes:
        load(name)
    return made


class _Replay:
    """Runs recorded requests on this replay's modules, as ``worker/serve.Server`` runs them on the student's."""

    def __init__(self, modules: dict[str, types.ModuleType]):
        self.modules = modules
        self.by_remote: dict[int, object] = {}  # the student's handle id → the replay's object
        self.local: dict[int, object] = {}

    def resolve(self, tagged: dict):
        if tagged["$"] == "fn":
            return testfuncs.FUNCTIONS[tagged["name"]]
        try:
            return self.by_remote[tagged["id"]]
        except KeyError:
            raise Unmirrored("a handle the replay does not hold") from None

    def decode(self, value):
        return wire.decode(value, self.resolve)

    def perform(self, msg: dict):
        op = msg.get("op")
        if op == "import":
            if msg["module"] not in self.modules:
                raise Unmirrored(f"module {msg['module']!r}")
            return self.modules[msg["module"]]
        if op == "release":
            return None
        target = self.resolve(msg["ref"]) if op != "hold" else None
        if op == "getattr":
            return getattr(target, msg["name"])
        if op == "setattr":
            self._own(target)
            return setattr(target, msg["name"], self.decode(msg["value"]))
        if op == "call":
            args, kwargs = self.decode(msg["args"]), self.decode(msg["kwargs"])
            result = target(*args, **kwargs)
            return (result, args) if msg.get("watch") else result
        if op == "getitem":
            return target[self.decode(msg["key"])]
        if op == "setitem":
            target[self.decode(msg["key"])] = self.decode(msg["value"])
            return None
        if op == "hold":
            return _Held(self.decode(msg["value"]))
        if op == "value":
            return target.value if type(target) is _Held else target
        raise Unmirrored(f"op {op!r}")

    def _own(self, target) -> None:
        """A ``setattr`` may change only what this replay made (its modules, their classes and
        functions, the objects its calls built), never a library module or class the grader shares."""
        names = set(self.modules)
        if isinstance(target, types.ModuleType):
            if not any(target is m for m in self.modules.values()):
                raise Unmirrored("a setattr on a module this replay does not own")
        elif isinstance(target, (type, types.FunctionType)) and getattr(target, "__module__", None) not in names:
            raise Unmirrored("a setattr on a class or function this replay does not own")

    def as_answer(self, value):
        """``value`` as the grader would have received it from the worker (handles as ``_Local``)."""
        if type(value) is _Held:
            value = value.value
            return self._handle(value)
        t = type(value)
        if t is float or t is bool or value is None:
            return value  # what the wire makes of them, without the round trip
        if t is np.ndarray and value.dtype.str in wire.DTYPES and value.nbytes <= wire.MAX_ARRAY_BYTES:
            return np.array(value, order="C")  # a copy, C-ordered, as decoding makes it

        def make_ref(obj):
            return {"$": "ref", "id": self._handle(obj).id}

        try:
            encoded = wire.encode(value, make_ref)
        except wire.Unencodable:
            raise Unmirrored("an answer the worker could not have sent") from None
        return wire.decode(encoded, lambda tagged: _Local(tagged["id"]))

    def _handle(self, obj) -> _Local:
        local_id = len(self.local) + 1
        self.local[local_id] = obj
        return _Local(local_id)

    def bind(self, student, replayed) -> None:
        """Where the student's answer holds a handle, the replay's answer holds its own: pair them."""
        if isinstance(student, RemoteObject) and isinstance(replayed, _Local):
            self.by_remote[student._id] = self.local[replayed.id]
        elif isinstance(student, (list, tuple)) and isinstance(replayed, (list, tuple)):
            for s, r in zip(student, replayed):
                self.bind(s, r)
        elif isinstance(student, dict) and isinstance(replayed, dict):
            for key in student.keys() & replayed.keys():
                self.bind(student[key], replayed[key])


def same(student, replayed) -> bool:
    """Whether two answers are the same behaviour (values within tolerance, shapes, kinds)."""
    if isinstance(student, RemoteObject) or isinstance(replayed, _Local):
        return isinstance(student, RemoteObject) and isinstance(replayed, _Local)
    if type(student) in (list, tuple) or type(replayed) in (list, tuple):
        return type(student) is type(replayed) and len(student) == len(replayed) and \
            all(same(s, r) for s, r in zip(student, replayed))
    if isinstance(student, dict) or isinstance(replayed, dict):
        return isinstance(student, dict) and isinstance(replayed, dict) and student.keys() == replayed.keys() and \
            all(same(student[k], replayed[k]) for k in student)
    if isinstance(student, np.ndarray) or isinstance(replayed, np.ndarray):
        if not (isinstance(student, np.ndarray) and isinstance(replayed, np.ndarray)):
            return False
        if student.shape != replayed.shape or _kind(student.dtype.kind) != _kind(replayed.dtype.kind):
            return False
        if student.dtype.kind not in "biuf" or replayed.dtype.kind not in "biuf":
            return student.dtype == replayed.dtype and bool(np.array_equal(student, replayed))
        return bool(np.array_equal(student, replayed)) or \
            bool(np.allclose(student, replayed, rtol=RTOL, atol=ATOL, equal_nan=True))  # equal is the common case
    if isinstance(student, bool) or isinstance(replayed, bool):
        return type(student) is type(replayed) and student == replayed
    if isinstance(student, (int, float, np.generic)) and isinstance(replayed, (int, float, np.generic)):
        if _kind(np.asarray(student).dtype.kind) != _kind(np.asarray(replayed).dtype.kind):
            return False  # 1 is not 1.0: an int where a float is due is a behaviour of its own
        a, b = float(student), float(replayed)
        return (math.isnan(a) and math.isnan(b)) or math.isclose(a, b, rel_tol=RTOL, abs_tol=ATOL)
    return type(student) is type(replayed) and student == replayed


def raised_as(kind: str, message: str) -> str:
    """What an exception is, for matching: its type and its message (a NoneType's missing attribute
    is not numpy's missing alias, though both are AttributeErrors)."""
    return f"{kind}: {message}"


def _kind(kind: str) -> str:
    """numpy's dtype kind, with signed and unsigned integers alike."""
    return "i" if kind in "iu" else kind


Outcome = tuple  # ("ok", answer) | ("raised", type name)


class _Run:
    """One replay, step by step, on fresh modules, with a deadline (checked before every step, in
    any thread). Alone, it runs inside ``seeded(seed)`` (numpy's global random state is its own
    for the whole replay); two side by side (``interleaved=True``) swap their own states in and
    out around every step, which costs more and is done only when the reference draws."""

    def __init__(self, codes: dict[str, types.CodeType], seed: int, deadline: float, interleaved: bool = False):
        self.deadline, self.interleaved = deadline, interleaved
        if interleaved:
            with seeded(seed):
                self.replay = _Replay(fresh(codes))
                self.state = np.random.get_state()
        else:
            self.replay = _Replay(fresh(codes))  # the caller has seeded the global state
        self.value = None  # what the last step's request gave, before it was made an answer

    def _perform(self, message: dict):
        if time.monotonic() > self.deadline:
            raise TooLong()
        if not self.interleaved:
            return self.replay.perform(message)
        saved = np.random.get_state()
        np.random.set_state(self.state)
        try:
            return self.replay.perform(message)
        finally:
            self.state = np.random.get_state()
            np.random.set_state(saved)

    def setup(self, exchange: Exchange) -> None:
        try:
            value = self._perform(exchange.message)
        except (Unmirrored, TooLong):
            raise
        except Exception:  # noqa: BLE001 - it made a handle for the student: it must for the replay
            raise Unmirrored("a setup request failed") from None
        self.replay.bind(exchange.answer, self.replay.as_answer(value))

    def step(self, exchange: Exchange) -> Outcome:
        self.value = None
        try:
            self.value = self._perform(exchange.message)
        except (Unmirrored, TooLong):
            raise
        except Exception as exc:  # noqa: BLE001 - the mistake's own exception is its answer
            return ("raised", raised_as(type(exc).__name__, str(exc)))
        answer = self.replay.as_answer(self.value)
        if exchange.raised is None:
            self.replay.bind(exchange.answer, answer)
        return ("ok", answer)

    def adopt(self, exchange: Exchange) -> bool:
        """Make the state the last step read the student's (arrays written in place): weights the
        student's code drew at random are then the replay's too. False when the shapes differ."""
        return exchange.raised is None and _copy_into(self.value, exchange.answer)


def _copy_into(target, source) -> bool:
    if isinstance(target, np.ndarray) and isinstance(source, np.ndarray):
        if target.shape != source.shape or not target.flags.writeable:
            return False
        np.copyto(target, source, casting="unsafe")
        return True
    if isinstance(target, dict) and isinstance(source, dict) and target.keys() == source.keys():
        return all(_copy_into(target[k], source[k]) for k in target)
    if isinstance(target, list) and isinstance(source, list) and len(target) == len(source):
        return all(_copy_into(t, v) for t, v in zip(target, source))
    return False


def _quiet():
    stack = contextlib.ExitStack()
    stack.enter_context(contextlib.redirect_stdout(io.StringIO()))
    stack.enter_context(contextlib.redirect_stderr(io.StringIO()))
    stack.enter_context(np.errstate(all="ignore"))
    return stack


def replay(exchanges: list[Exchange], codes: dict[str, types.CodeType], setup: list[Exchange] = (),
           seed: int = SEEDS[0], adopt: frozenset = frozenset(), *, deadline: float | None = None,
           stable: list[bool] | None = None) -> list[Outcome] | None:
    """The outcome of each exchange when its request is run on fresh modules of ``codes``, after the
    ``setup`` exchanges (whose outcomes only pair handles), numpy's global random state seeded with
    ``seed``; at the indices in ``adopt`` the replay takes the student's state (``_Run.adopt``).
    With ``stable`` (``reference``'s), it stops at the first outcome that does not match the
    student's and answers None. ``Unmirrored`` if it cannot be done, ``TooLong`` past ``deadline``."""
    deadline = time.monotonic() + SECONDS if deadline is None else deadline
    outcomes = []
    with time_limit(deadline - time.monotonic()), _quiet(), seeded(seed):
        run = _Run(codes, seed, deadline)
        for exchange in setup:
            run.setup(exchange)
        for i, exchange in enumerate(exchanges):
            outcome = run.step(exchange)
            if i in adopt and run.adopt(exchange):
                outcome = ("ok", run.replay.as_answer(run.value))
            if stable is not None and not (matches(exchange, outcome) if stable[i] else same_kind(exchange, outcome)):
                return None
            outcomes.append(outcome)
    return outcomes


def reference(exchanges: list[Exchange], codes: dict[str, types.CodeType], setup: list[Exchange], *,
              deadline: float | None = None, called: set | None = None):
    """The reference's outcomes, and where the replay must take the student's state. A replay
    that never draws from numpy's global random state is the answer alone (everything stable).
    One that draws is done again as two replays under different seeds, side by side; where they
    disagree on what a request read (weights drawn at random), both take the student's values
    and go on. Also which outcomes still depend on the seed (compared by their kind only).
    Given ``called``, it is filled with ``(filename, qualified name)`` of every function of
    ``codes`` the replay ran (the only ones whose edits could have changed these answers)."""
    deadline = time.monotonic() + SECONDS if deadline is None else deadline
    with time_limit(deadline - time.monotonic()), _quiet(), seeded(SEEDS[0]), _calls(codes, called):
        before = np.random.get_state()
        alone = _Run(codes, SEEDS[0], deadline)
        for exchange in setup:
            alone.setup(exchange)
        expected = [alone.step(exchange) for exchange in exchanges]
        drew = not _same_state(before, np.random.get_state())
    if not drew:
        return expected, [True] * len(expected), frozenset()
    runs = [_Run(codes, seed, deadline, interleaved=True) for seed in SEEDS]
    expected, stable, adopt = [], [], set()
    with time_limit(deadline - time.monotonic()), _quiet():
        for exchange in setup:
            for run in runs:
                run.setup(exchange)
        for i, exchange in enumerate(exchanges):
            a, b = (run.step(exchange) for run in runs)
            if differs(a, b) and exchange.message.get("op") in ("getattr", "getitem", "value") \
                    and all(run.adopt(exchange) for run in runs):
                adopt.add(i)
                a, b = (("ok", run.replay.as_answer(run.value)) for run in runs)
            expected.append(a)
            stable.append(not differs(a, b))
    return expected, stable, frozenset(adopt)


@contextlib.contextmanager
def _calls(codes: dict[str, types.CodeType], called: set | None):
    """Record in ``called`` each function of ``codes`` that runs in this thread (call events only:
    no line is traced, and the tracer before is put back)."""
    if called is None:
        yield
        return
    files = {code.co_filename for code in codes.values()}

    def tracer(frame, event, arg):
        code = frame.f_code
        if code.co_filename in files:
            called.add((code.co_filename, code.co_qualname))
        return None

    previous = sys.gettrace()
    sys.settrace(tracer)
    try:
        yield
    finally:
        sys.settrace(previous)


def _same_state(a, b) -> bool:
    """Whether two numpy global random states are one (nothing was drawn between them)."""
    return a[0] == b[0] and a[2:] == b[2:] and bool(np.array_equal(a[1], b[1]))


def matches(exchange: Exchange, outcome: Outcome) -> bool:
    if exchange.raised is not None:
        return outcome == ("raised", exchange.raised)
    return outcome[0] == "ok" and same(exchange.answer, outcome[1])


def same_kind(exchange: Exchange, outcome: Outcome) -> bool:
    """Where values depend on the seed, what still counts: raising (the same exception) or not."""
    return matches(exchange, outcome) if exchange.raised is not None else outcome[0] == "ok"


def differs(a: Outcome, b: Outcome) -> bool:
    if a[0] != b[0]:
        return True
    return a[1] != b[1] if a[0] == "raised" else not _same_replayed(a[1], b[1])


def _same_replayed(a, b) -> bool:
    """``same`` for two replayed answers (handles on both sides are alike)."""
    if isinstance(a, _Local) or isinstance(b, _Local):
        return isinstance(a, _Local) and isinstance(b, _Local)
    if type(a) in (list, tuple) and type(b) is type(a) and len(a) == len(b):
        return all(_same_replayed(x, y) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict) and a.keys() == b.keys():
        return all(_same_replayed(a[k], b[k]) for k in a)
    return same(a, b)


_KEPT = threading.local()  # inside ``kept_state``: ``seeded`` only seeds


@contextlib.contextmanager
def seeded(seed: int):
    """numpy's global random state seeded with ``seed`` inside, and put back after (inside
    ``kept_state``, put back by it: saving and restoring the state costs 50 times the seeding)."""
    if getattr(_KEPT, "on", False):
        np.random.seed(seed)
        yield
        return
    state = np.random.get_state()
    np.random.seed(seed)
    try:
        yield
    finally:
        np.random.set_state(state)


@contextlib.contextmanager
def kept_state():
    """numpy's global random state as it was before, after many replays (each ``seeded`` anew)."""
    if getattr(_KEPT, "on", False):
        yield
        return
    state = np.random.get_state()
    _KEPT.on = True
    try:
        yield
    finally:
        _KEPT.on = False
        np.random.set_state(state)


@contextlib.contextmanager
def time_limit(seconds: float):
    """Raise ``TooLong`` in this thread after ``seconds``, even inside one long request (only the
    main thread has the timer; elsewhere ``_Run`` checks its deadline before every request)."""
    if seconds <= 0:
        raise TooLong()
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def expire(signum, frame):
        raise TooLong()

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
