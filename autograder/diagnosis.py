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

(a mistake whose changed code, ``changed_code``, the reference's replay of the test never ran
answers as the reference does: it is not replayed); when several match, the most specific one
wins: the one that differs from the reference on the most requests; two that tie with different
names name nothing (the test cannot tell them apart).
The worker's random state is not the replay's: where the reference, replayed side by side under
two seeds, disagrees on what a request read (weights drawn at random), every replay takes the
student's values in place and goes on; an answer that still depends on the seed is compared by
its kind only (an exception, or not). A replay that cannot mirror a request (an unknown
module, a worker timeout, the student's own handle passed where the replay has none), or takes
longer than ``DIAGNOSIS_SECONDS`` for one test, names nothing, and so does every test of a submission once its
diagnoses have taken ``BUDGET_SECONDS``. Output the mistake code prints is discarded.

Those costs are the grader thread's CPU time, not the wall clock's, so what is named does not
depend on how busy the machine is (the wall clock stops a replay only at ``WALL_FACTOR`` times
its CPU allowance, against a replay that waits on something).
"""
from __future__ import annotations

import ast
import functools
import time
import types

import numpy as np

from . import course, mistakes, mutants, replay
from .proxy import RemoteObject
from .replay import Exchange

MAX_EXCHANGES = 400  # a test that makes more requests than this is not diagnosed
MAX_HANDLES = 5_000  # handles remembered per submission (where each came from)
MAX_SENT = 256_000  # a test whose requests carry more than this (a data set to train on) is not diagnosed:
                    # replaying it on every mistake would cost as much as grading it again that many times
BUDGET_SECONDS = 20.0  # all the diagnoses of one submission (a submission that fails everything costs no more)
DIAGNOSIS_SECONDS = 10.0  # one test's: the reference and every mistake it reaches (about 0.7 s for a4's XNOR training)
EDITS_SECONDS = 2.0  # one test's edits of the reference, estimated as one replay's time × their number: over it, not tried
WALL_FACTOR = 4.0  # a test's diagnosis is stopped by the wall clock at this many times its CPU allowance


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


def _size(value) -> int:
    """About how many characters ``value`` (a wire-encoded request) holds: its strings' lengths."""
    if type(value) is str:
        return len(value)
    if type(value) is dict:
        return sum(_size(v) for v in value.values())
    if type(value) is list:
        return sum(_size(v) for v in value)
    return 1


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
        self.sent = 0  # characters of the requests of this test (arrays count by their encoded size)
        self.complete = True  # False once something could not be recorded (too many, a timeout)
        self.creators: dict[int, Exchange] = {}  # handle id → the exchange whose answer held it
        self.seq = 0
        self.generation = None  # the worker's: a restarted worker numbers its handles afresh
        self.spent = 0.0  # CPU seconds of diagnosis this submission has had (``BUDGET_SECONDS`` in all)

    def start(self) -> None:
        self.exchanges, self.complete, self.sent = [], True, 0

    def add(self, message: dict, answer=None, raised: str | None = None, generation=None) -> None:
        if generation != self.generation:
            self.creators.clear()
            self.generation = generation
        self.seq += 1
        exchange = Exchange(message, answer, raised, self.seq)
        if raised is None and len(self.creators) < MAX_HANDLES:
            for handle in _handles(answer, []):
                self.creators[handle] = exchange
        self.sent += _size(message)
        if len(self.exchanges) >= MAX_EXCHANGES or self.sent > MAX_SENT:
            self.complete = False  # replaying it would cost more than it could tell
            return
        self.exchanges.append(exchange)

    def forget(self) -> None:
        """Drop everything recorded (the submission is done)."""
        self.exchanges, self.creators, self.complete = [], {}, False

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


class Seen:
    """What the diagnoses of one submission's tests found so far, for the tests after them and for
    ``plugin``'s consistency pass: the edits a test tried and found answering otherwise than the
    student's code (``refuted``: not tried again, and named on no test; ``declared_refuted``, the
    declared mistakes found so, and ``telling``, those named on a test where they answered more
    than NaN and inf: one refuted and never telling is named on no test), and the declared mistakes
    the last test could not tell apart (``tie``: another test may tell), and the edits named so
    far with their code (``edits``: tried again where a declared mistake alone explains a test)."""

    def __init__(self):
        self.refuted: set[str] = set()
        self.declared_refuted: set[str] = set()  # declared mistakes a lost test replayed, not matching
        self.telling: set[str] = set()  # declared mistakes named where an answer was more than NaN and inf
        self.tie: tuple[str, ...] = ()
        self.edits: dict[str, list] = {}


def diagnose(assignment_id: str, recording: Recording, seen: Seen | None = None) -> str | None:
    """The id of the declared mistake (or edit of the reference) that behaves as the student's code
    did in the recorded test, or None (``seen``: see ``Seen``)."""
    seen = Seen() if seen is None else seen
    seen.tie = ()
    left = BUDGET_SECONDS - recording.spent
    if not recording.complete or not recording.exchanges or left <= 0:
        return None
    started, allowed = time.thread_time(), min(left, DIAGNOSIS_SECONDS)
    try:
        with replay.kept_state():
            return _diagnose(assignment_id, recording, time.monotonic() + WALL_FACTOR * allowed, started + allowed, seen)
    finally:
        recording.spent += time.thread_time() - started


def _diagnose(assignment_id: str, recording: Recording, deadline: float, cpu_deadline: float,
              seen: Seen) -> str | None:
    reference_codes, declared, imports, sources = _codes(assignment_id)
    setup = recording.setup()
    called: set = set()
    started = time.thread_time()
    try:
        expected, stable, adopt = replay.reference(recording.exchanges, reference_codes, setup, deadline=deadline,
                                                   called=called)
    except (replay.Unmirrored, replay.TooLong):
        return None
    one_replay = time.thread_time() - started
    touched = _reached({e.message["module"] for e in (*setup, *recording.exchanges) if e.message.get("op") == "import"},
                       imports)
    files = {code.co_filename: module for module, code in reference_codes.items()}
    ran_code = {(files[file], function) for file, function in called if file in files}  # module bodies too
    # a mistake that changed only code this test did not run answers as the reference: not worth a replay
    candidates = [(mistake, code) for mistake, code, changed in declared
                  if mistake.module in touched and any((mistake.module, q) in ran_code for q in changed)]
    trial = _Trial(recording, reference_codes, setup, expected, stable, adopt, deadline, cpu_deadline)
    ran = {(module, function) for module, function in ran_code if module in sources}
    best = trial.best(candidates, ties=seen, refuted=seen.declared_refuted)
    if best in trial.telling:
        seen.telling.add(best)
    if best is not _NONE:
        # an edit an earlier test named that answers this test too explains more of the submission
        # than a declared mistake of this test alone (a wrong numerical_gradient, not gradient ascent)
        earlier = [(m, code) for name, edits in seen.edits.items() for m, code in edits
                   if (m.module, m.function) in ran and name not in seen.refuted]
        again = trial.best(earlier, evidence=_telling, refuted=seen.refuted) if best and earlier else _NONE
        return again if again not in (_NONE, None) else best
    # No declared mistake answers as the student's code did: the small edits of what the test ran
    undeclared = []
    for module, function in sorted(ran):
        made = mutants.of_module(module, *sources[module])
        undeclared += [(m, made.code(m)) for m in made.of(function) if m.names not in seen.refuted]
    undeclared = [(m, code) for m, code in undeclared if code is not None]
    if one_replay * len(undeclared) > EDITS_SECONDS:
        return None  # a test this slow to replay (a long training) is named from the quicker tests, if at all
    best = trial.best(undeclared, evidence=_telling, refuted=seen.refuted)
    if best is _NONE:
        return None
    if best and len(mutants.members(best)) == 1:
        seen.edits.setdefault(best, [(m, code) for m, code in undeclared if m.names == best])
    return best


def _telling(outcome) -> bool:
    """Whether an answer that differs from the reference's tells one edit from another: an
    exception (its type and message), or a value with more in it than one whole number or truth
    value (a gate's 0 or 1 is what many different edits give: naming one of them would be a guess)."""
    if outcome[0] == "raised":
        return True
    answer = outcome[1]
    if isinstance(answer, (bool, int, np.bool_, np.integer)):
        return False
    return not (isinstance(answer, np.ndarray) and answer.ndim == 0 and answer.dtype.kind in "biu")


def _overflowed(outcome) -> bool:
    """Whether an answer holds numbers and every one of them is NaN or inf (a computation that
    blew up): matching the student's there says only that both blew up."""
    found = []

    def walk(value) -> None:
        if type(value) in (list, tuple):
            for v in value:
                walk(v)
        elif type(value) is dict:
            for v in value.values():
                walk(v)
        elif isinstance(value, np.ndarray) and value.dtype.kind in "fc" and value.size:
            found.append(bool(np.isfinite(value).any()))
        elif isinstance(value, (float, np.floating)):
            found.append(bool(np.isfinite(value)))

    if outcome[0] != "ok":
        return False
    walk(outcome[1])
    return bool(found) and not any(found)


_NONE = object()  # ``_Trial.best``: no candidate matched (a tie, or a timeout, is None: name nothing)


class _Trial:
    """Candidates replayed against one recorded test, the most specific match named."""

    def __init__(self, recording, reference_codes, setup, expected, stable, adopt, deadline, cpu_deadline):
        self.recording, self.reference_codes, self.setup = recording, reference_codes, setup
        self.expected, self.stable, self.adopt, self.deadline = expected, stable, adopt, deadline
        self.cpu_deadline = cpu_deadline  # the test's CPU allowance (``time.thread_time``)
        self.telling: set[str] = set()  # matched with an answer other than NaN and inf where it differs

    def best(self, candidates, evidence=None, refuted: set | None = None, ties: Seen | None = None):
        """The ``names`` of the candidate that answers every request as the student's code did and
        differs most from the reference; ``_NONE`` when none does; None when two with different
        names tie (the test cannot tell which) or time ran out before every one was tried. With
        ``evidence`` (edits of the reference), a candidate counts only where one of its answers
        that differ from the reference's passes it, and a few edits of one function that tie are
        named together (``mutants.either``: "one of these slips"). ``refuted`` gets the names no
        candidate of that name matched under; ``ties.tie`` the names of declared mistakes that tie."""
        best, best_score, tied = _NONE, 0, []
        tried, matched = set(), set()
        for mistake, code in candidates:
            if time.thread_time() > self.cpu_deadline:
                self._refute(refuted, tried, matched)
                return None  # as a replay too long: not every mistake was tried
            try:
                outcomes = replay.replay(self.recording.exchanges, self.reference_codes | {mistake.module: code},
                                         self.setup, replay.SEEDS[0], self.adopt, deadline=self.deadline,
                                         stable=self.stable)
            except replay.Unmirrored:
                continue
            except replay.TooLong:
                self._refute(refuted, tried, matched)
                return None  # not every mistake was tried: naming the best so far would be a guess
            tried.add(mistake.names)
            if outcomes is None:  # it answered one request otherwise than the student's code did
                continue
            matched.add(mistake.names)
            differ = [o for o, r, keep in zip(outcomes, self.expected, self.stable)
                      if (replay.differs(o, r) if keep else o[0] != r[0])]
            if evidence is not None and not any(evidence(o) for o in differ):
                continue
            if not all(_overflowed(o) for o in differ):
                self.telling.add(mistake.names)
            score = len(differ)
            if score > best_score:
                best, best_score, tied = mistake.names, score, [mistake]
            elif score == best_score and score and mistake.names not in {m.names for m in tied}:
                tied.append(mistake)
        self._refute(refuted, tried, matched)
        if best is _NONE or len(tied) == 1:
            return best
        if evidence is None:  # declared ones that tie: this test cannot tell (another may)
            if ties is not None:
                ties.tie = tuple(m.names for m in tied)
            return None
        return mutants.either(tied)

    @staticmethod
    def _refute(refuted: set | None, tried: set, matched: set) -> None:
        if refuted is not None:
            refuted |= tried - matched


@functools.lru_cache(maxsize=16)
def _codes_at(root: str, assignment_id: str) -> tuple:
    assignment = course.get(assignment_id)
    texts = {}
    for a in course.dependency_closure(assignment):
        for name in a.modules:
            path = course.solutions_dir(a.id) / f"{name}.py"
            texts[name] = (path.read_text(encoding="utf-8"), str(path))
    reference_codes = {name: compile(text, f"<reference {name}.py>", "exec") for name, (text, _) in texts.items()}
    imports = {name: _imported(text) & set(texts) for name, (text, _) in texts.items()}
    declared = []
    for mistake in mistakes.of(assignment):
        if mistake.edits and mistake.names:
            text, origin = texts[mistake.module]
            code = compile(mistake.apply(text, origin), f"<mistake {mistake.id}: {mistake.module}.py>", "exec")
            declared.append((mistake, code, changed_code(reference_codes[mistake.module], code)))
    sources = {name: texts[name] for name in assignment.modules if name in texts}  # the mutants' sources
    return reference_codes, tuple(declared), imports, sources


def changed_code(before: types.CodeType, after: types.CodeType) -> frozenset[str]:
    """The qualified names of the code objects (the module body ``<module>``, class bodies,
    functions, comprehensions) whose own instructions, names or constants differ between two
    compilations of a module; line numbers and file names aside, and a nested code object counts
    in its own name only. A replay that ran none of them answers as ``before`` does (a changed
    default or class attribute is a change of the body that runs at import, always run)."""
    def own(code: types.CodeType, into: dict) -> dict:
        consts = []
        for const in code.co_consts:
            if isinstance(const, types.CodeType):
                own(const, into)
                consts.append(("<code>", const.co_qualname))
            else:
                consts.append((type(const).__name__, repr(const)))
        into[code.co_qualname] = (code.co_argcount, code.co_posonlyargcount, code.co_kwonlyargcount, code.co_flags,
                                  code.co_code, tuple(consts), code.co_names, code.co_varnames, code.co_freevars,
                                  code.co_cellvars, code.co_exceptiontable, into.get(code.co_qualname))
        return into

    a, b = own(before, {}), own(after, {})
    return frozenset(name for name in a.keys() | b.keys() if a.get(name) != b.get(name))


def _imported(text: str) -> set[str]:
    """The top-level names of the modules a module's source imports."""
    found = set()
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module.split(".")[0])
    return found


def _reached(names: set[str], imports: dict[str, set[str]]) -> set[str]:
    """``names`` and every course module they import, directly or not."""
    reached, todo = set(), list(names)
    while todo:
        name = todo.pop()
        if name not in reached:
            reached.add(name)
            todo += imports.get(name, ())
    return reached


def _codes(assignment_id: str) -> tuple:
    """The compiled reference modules of ``assignment_id`` and of what it imports, each named
    mistake with its module's code (the reference with its edits), compiled once (every replay
    runs them as fresh modules, ``replay.fresh``), and which course modules each module imports."""
    return _codes_at(str(course.course_root()), assignment_id)
