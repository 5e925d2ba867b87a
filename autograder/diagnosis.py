"""Diagnosis by behaviour: the declared mistake whose answers to a failed test's calls match the student's.

While a test runs, the grader records each request it sends to the student's code and what came
back (``Recording``: plain data it holds anyway). When the test is lost and no check named a
mistake, ``diagnose`` replays the same requests, in order, on each declared mistake of the
assignment (``autograder.mistakes``: the reference with the mistake's edits, built here from
``solutions/``, never from student code) and on the reference itself, mirroring what the
worker's server does with each request (``worker/serve.py``). A mistake is named when

- it answers every recorded request as the student's code did (the same values within 1e-6,
  the same shapes and kinds; an exception of the same type and message where the student's code
  raised), and
- it answers at least one of them differently from the reference (else a correct answer
  would match it too);

when several match, the most specific one wins: the one that differs from the reference on the
most requests; two that tie with different names name nothing (the test cannot tell them apart).
The worker's random state is not the replay's: where the reference, replayed side by side under
two seeds, disagrees on what a request read (weights drawn at random), every replay takes the
student's values in place and goes on; an answer that still depends on the seed is compared by
its kind only (an exception, or not). A replay that cannot mirror a request (an unknown
module, a worker timeout, the student's own handle passed where the replay has none), or takes
longer than ``replay.SECONDS``, names nothing, and so does every test of a submission once its
diagnoses have taken ``BUDGET_SECONDS``. Output the mistake code prints is discarded.
"""
from __future__ import annotations

import functools
import time
import types

from . import course, mistakes, replay
from .proxy import RemoteObject
from .replay import Exchange

MAX_EXCHANGES = 400  # a test that makes more requests than this is not diagnosed
MAX_HANDLES = 5_000  # handles remembered per submission (where each came from)
BUDGET_SECONDS = 20.0  # all the diagnoses of one submission (a submission that fails everything costs no more)


def _refs(value, found: set) -> set:
    """The ids of the student's handles a request names (``{"$": "ref", "id": n}`` anywhere in it)."""
    if type(value) is dict:
        if value.get("$") == "ref" and type(value.get("id")) is int:
            found.add(value["id"])
        else:
            for v in value.values():
                _refs(v, found)
    elif type(value) is list:
        for v in value:
            _refs(v, found)
    return found


def _handles(answer, found: list) -> list:
    if isinstance(answer, RemoteObject):
        found.append(answer._id)
    elif isinstance(answer, (list, tuple)):
        for v in answer:
            _handles(v, found)
    elif isinstance(answer, dict):
        for v in answer.values():
            _handles(v, found)
    return found


class Recording:
    """What one submission's tests asked of its code. ``start`` begins a test; ``exchanges`` are
    that test's requests, and ``setup()`` the earlier requests that made the handles they use (a
    module imported, a function looked up, an object built in an earlier test)."""

    def __init__(self):
        self.exchanges: list[Exchange] = []
        self.complete = True  # False once something could not be recorded (too many, a timeout)
        self.creators: dict[int, Exchange] = {}  # handle id → the exchange whose answer held it
        self.seq = 0
        self.generation = None  # the worker's: a restarted worker numbers its handles afresh
        self.spent = 0.0  # seconds of diagnosis this submission has had (``BUDGET_SECONDS`` in all)

    def start(self) -> None:
        self.exchanges, self.complete = [], True

    def add(self, message: dict, answer=None, raised: str | None = None, generation=None) -> None:
        if generation != self.generation:
            self.creators.clear()
            self.generation = generation
        self.seq += 1
        exchange = Exchange(message, answer, raised, self.seq)
        if raised is None and len(self.creators) < MAX_HANDLES:
            for handle in _handles(answer, []):
                self.creators[handle] = exchange
        if len(self.exchanges) >= MAX_EXCHANGES:
            self.complete = False
            return
        self.exchanges.append(exchange)

    def lost(self) -> None:
        """A request whose outcome the grader does not know (a timeout, a crash): no diagnosis."""
        self.complete = False

    def setup(self) -> list[Exchange]:
        """The earlier exchanges this test's handles come from, in the order they happened."""
        own = {e.seq for e in self.exchanges}
        needed: dict[int, Exchange] = {}
        todo = [h for e in self.exchanges for h in _refs(e.message, set())]
        while todo:
            creator = self.creators.get(todo.pop())
            if creator is None or creator.seq in own or creator.seq in needed:
                continue
            needed[creator.seq] = creator
            todo += _refs(creator.message, set())
        return [needed[k] for k in sorted(needed)]


def diagnose(assignment_id: str, recording: Recording, reference: types.SimpleNamespace) -> str | None:
    """The id of the declared mistake that behaves as the student's code did in the recorded test, or None."""
    if not recording.complete or not recording.exchanges or recording.spent > BUDGET_SECONDS:
        return None
    started = time.monotonic()
    try:
        return _diagnose(assignment_id, recording, reference)
    finally:
        recording.spent += time.monotonic() - started


def _diagnose(assignment_id: str, recording: Recording, reference: types.SimpleNamespace) -> str | None:
    reference_modules = dict(vars(reference))
    setup = recording.setup()
    try:
        expected, stable, adopt = replay.reference(recording.exchanges, reference_modules, setup)
    except (replay.Unmirrored, replay.TooLong):
        return None
    best, best_score, tied = None, 0, False
    for mistake, module in _mistake_modules(assignment_id):
        try:
            outcomes = replay.replay(recording.exchanges, reference_modules | {mistake.module: module}, setup,
                                     replay.SEEDS[0], adopt)
        except (replay.Unmirrored, replay.TooLong):
            continue
        if not all(replay.matches(e, o) if keep else replay.same_kind(e, o)
                   for e, o, keep in zip(recording.exchanges, outcomes, stable)):
            continue
        score = sum(replay.differs(o, r) if keep else o[0] != r[0]
                    for o, r, keep in zip(outcomes, expected, stable))
        if score > best_score:
            best, best_score, tied = mistake.names, score, False
        elif score == best_score and score and mistake.names != best:
            tied = True
    return None if tied else best  # two mistakes that behave alike here: the test cannot tell which


@functools.lru_cache(maxsize=16)
def _mistake_modules_at(root: str, assignment_id: str) -> tuple:
    assignment = course.get(assignment_id)
    built = []
    for mistake in mistakes.of(assignment):
        if not (mistake.edits and mistake.names):
            continue
        path = course.solutions_dir(assignment_id) / f"{mistake.module}.py"
        text = mistake.apply(path.read_text(encoding="utf-8"), str(path))
        module = types.ModuleType(mistake.module)
        module.__file__ = f"<mistake {mistake.id}>"
        exec(compile(text, f"<mistake {mistake.id}: {mistake.module}.py>", "exec"), module.__dict__)
        built.append((mistake, module))
    return tuple(built)


def _mistake_modules(assignment_id: str) -> tuple:
    """Each named mistake of ``assignment_id`` with its module (the reference with its edits), built once."""
    return _mistake_modules_at(str(course.course_root()), assignment_id)
