"""The grader as a pytest plugin: collect a suite once, run it for many submissions.

Each hook calls plain functions (``testspec.read``, ``outcome.classify``, ``outcome.record``,
``outcome.shown_output``); in pytest's order:

- ``pytest_configure``: register the ``points`` and ``visibility`` markers.
- ``pytest_collection_modifyitems``: each test's frozen ``Spec`` (``testspec.read``) into
  ``item.stash``; a missing or bad marker is a usage error (a grader bug, not a zero).
- ``pytest_runtestloop``: hands the collected suite to the ``job`` (``grading.run_job``), which
  calls ``grade(sandbox)`` once per submission: every collected item runs once (pytest's own
  ``runtestprotocol``, so fixtures set up and tear down as usual), the visible ones first and the
  figure probe before the first hidden one (``visible_first``), then ``_recheck`` and the ``Result``. What each test prints becomes its ``TestResult.output`` (staff-only
  when hidden); ``Result.output``, what the student sees, holds only what was printed at import
  time and during visible tests, each part under its title.
- ``pytest_runtest_call`` (wrapper): after the test body, partial-credit checks are settled.
- ``pytest_runtest_makereport`` (first): the outcome is classified once and recorded.

Fixtures for suites: ``student`` (the proxy), ``ref`` (hidden reference), ``check`` (comparisons
with feedback), ``rng`` (seeded from student id, assignment and test name), ``figures``.
"""
from __future__ import annotations

import contextlib
import hashlib
import inspect
import json
import time
from typing import Callable

import numpy as np
import pytest
from _pytest import assertion as _pytest_assertion  # driven as pytest drives it (``_assertion_hooks``)
from _pytest import python as _pytest_python  # what pytest's own call of a test function refuses

from . import diagnosis, figure_data, mutants, outcome, reference, testspec
from .feedback import misconceptions
from .checker import ANSWERS_MAY_BREAK, HIDDEN_TEST, Checker, without_notes
from .results import Result, TestResult
from .sandbox import SubmissionSandbox
from .testspec import Spec

SPEC = pytest.StashKey[Spec]()
CHECKER = pytest.StashKey[Checker]()
NOTES = pytest.StashKey[list]()  # the shape-of-error notes of the test's last run (dropped when a mistake is named)
LEAN = pytest.StashKey[tuple]()  # how to call the test without pytest's per-test protocol (``_lean_args``)

FIXTURES = ("student", "ref", "check", "figures", "rng")  # this plugin's fixtures
RUN_MARKS = frozenset({"points", "visibility", "slow", "parametrize"})  # marks that do not change how a test runs


def visible_first(items: list) -> list:
    """The order tests run in: the visible ones first (in suite order), then the others. What a
    student is shown (visible tests' feedback and output, figures) is then made before any hidden
    test's input reached their code, so no hidden input can be carried into it."""
    return sorted(items, key=lambda item: item.stash[SPEC].visibility != "visible")


def _mark_args(item, name: str) -> tuple | None:
    mark = item.get_closest_marker(name)
    return None if mark is None else mark.args


class GradingPlugin:
    """Runs the collected suite for each submission ``job`` hands to ``grade``.

    ``job(plugin)`` is called once the suite is collected, inside pytest's test loop; it calls
    ``plugin.grade(sandbox)`` for each submission (``grading.run_job``). ``control(sandbox)`` is
    the reference staged afresh with ``sandbox``'s student id (see ``_recheck``)."""

    def __init__(self, assignment_id: str, job: Callable[["GradingPlugin"], None], lang: str = "en",
                 probes: bool = True, control: Callable[[SubmissionSandbox], SubmissionSandbox] | None = None,
                 lean: bool = True):
        self.assignment_id = assignment_id
        self.job = job
        self.lang = lang
        self.probes = probes
        self.control = control
        self.lean = lean  # tests that need nothing of pytest's protocol are called directly (``_run_lean``)
        self.items: list = []
        self.current: SubmissionSandbox | None = None  # whose fixtures and outcomes the running test uses
        self.total = 0.0

    # -- configuration and collection
    def pytest_configure(self, config):
        config.addinivalue_line("markers", "points(n): how many points the test is worth (required, > 0)")
        config.addinivalue_line("markers", "visibility(v): visible (default), hidden or after_due_date")

    def pytest_collection_modifyitems(self, session, config, items):
        for item in items:
            try:
                item.stash[SPEC] = testspec.read(item.nodeid, item.name, getattr(item.function, "__doc__", None),
                                                 _mark_args(item, "points"), _mark_args(item, "visibility"))
            except testspec.SpecError as exc:
                raise pytest.UsageError(str(exc)) from None
        self.total = sum(item.stash[SPEC].points for item in items)
        lean = self.lean and _only_builtin_runtest_hooks(config, self)
        for item in items:
            args = self._lean_args(item) if lean else None
            if args is not None:
                item.stash[LEAN] = args

    def _lean_args(self, item) -> tuple | None:
        """How to call ``item`` without pytest's per-test protocol: ``(argument, source)`` pairs,
        the source being one of this plugin's fixtures or ``"param"`` (a ``parametrize`` value).
        None when anything else could take part: another fixture (a conftest's, an autouse one,
        an xunit ``setup_*``, an override of one of ours), a mark that changes how it runs (skip,
        xfail, usefixtures …), a method of a class, a coroutine, a hypothesis test."""
        if type(item) is not pytest.Function or item.cls is not None or getattr(item.obj, "is_hypothesis_test", False):
            return None
        if _pytest_python.is_async_function(item.obj) or any(m.name not in RUN_MARKS for m in item.iter_markers()):
            return None
        info = item._fixtureinfo
        params = getattr(item, "callspec", None)
        params = params.params if params is not None else {}
        for name in info.names_closure:
            if name == "request":  # ours ask for it; the test itself may not
                continue
            defs = info.name2fixturedefs.get(name)
            if name in params:  # a direct parametrize value, not one a fixture turns into another (indirect)
                if not defs or defs[-1].func is not _pytest_python.get_direct_param_fixture_func:
                    return None
                continue
            if name not in FIXTURES or not defs or getattr(defs[-1].func, "__self__", None) is not self:
                return None
        if "request" in info.argnames:
            return None
        return tuple((name, "param" if name in params else name) for name in info.argnames)

    # -- running
    def pytest_runtestloop(self, session):
        if session.testsfailed:
            raise session.Failed("the grading suite could not be collected")
        self.items = session.items
        self.job(self)
        self.current = None
        return True

    def grade(self, sandbox: SubmissionSandbox) -> Result:
        """Every collected test once for ``sandbox``, then its record (not yet ``settled``);
        ``sandbox`` is closed."""
        items = self.items  # the suite's order: how the record lists them
        run = visible_first(items)
        started = time.monotonic()
        try:
            probed = False
            for i, item in enumerate(run):
                if not probed and item.stash[SPEC].visibility != "visible":
                    self._probe(sandbox)  # before any hidden input reached the student's code
                    probed = True
                self._run_test(sandbox, item, run[i + 1] if i + 1 < len(run) else None)
            if not probed:
                self._probe(sandbox)
            self._recheck(sandbox, items)
            self._consistent(sandbox)
            tests = [self._test_result(item, sandbox) for item in items]
            shown = outcome.shown_output(sandbox.printed, {i.nodeid: i.stash[SPEC] for i in items}, self.lang)
            result = sandbox.result(self.assignment_id, self.total, tests, shown)
        finally:
            sandbox.close()
        result.duration = round(time.monotonic() - started, 4)
        return result

    def _run_test(self, sandbox: SubmissionSandbox, item, nextitem=None) -> None:
        """One test for ``sandbox`` (pytest's protocol: fixtures, call, report, or ``_run_lean``),
        its output kept apart."""
        self.current = sandbox
        sandbox.start_test(item.nodeid, hidden=item.stash[SPEC].visibility != "visible")
        lean = item.stash.get(LEAN, None)
        if lean is not None:
            self._run_lean(sandbox, item, lean)
        else:  # pytest's setup state must not be left holding a node the next, lean, test skips past
            following = nextitem if nextitem is not None and LEAN not in nextitem.stash else None
            item.ihook.pytest_runtest_protocol(item=item, nextitem=following)
        sandbox.end_test()
        self._diagnose(sandbox, item)

    def _run_lean(self, sandbox: SubmissionSandbox, item, args: tuple) -> None:
        """What pytest's protocol does with a test that uses only this plugin's fixtures, without its
        per-test machinery (hooks, setup state, reports: a third of a small test's time): the
        fixtures' values, the call, the checker's partial credit settled, the outcome classified
        once. The same exceptions end it (``KeyboardInterrupt`` and pytest's ``exit`` stop the
        session, as there), and a suite author's test runs alike either way (``tests/`` grade
        every example both ways)."""
        spec = item.stash[SPEC]
        checker = None
        error = None
        hidden = HIDDEN_TEST.set(spec.visibility != "visible")
        try:
            try:
                values = {}
                for name, source in args:
                    values[name] = item.callspec.params[name] if source == "param" else self._fixture_value(source, item)
                    if source == "check":
                        checker = values[name]
                with _assertion_hooks(item):
                    returned = item.obj(**values)
                if hasattr(returned, "__await__") or hasattr(returned, "__aiter__"):
                    if inspect.iscoroutine(returned):
                        returned.close()  # never run: no "never awaited" warning later, in another test
                    _pytest_python.async_fail(item.nodeid)  # as pytest's call: a body that never ran earns nothing
            finally:
                HIDDEN_TEST.reset(hidden)
                item.stash[NOTES] = checker.notes if checker is not None else []
            if checker is not None:
                checker.finish()
        except (KeyboardInterrupt, pytest.exit.Exception):
            raise
        except BaseException as exc:  # noqa: BLE001 - as pytest's runner: SystemExit from a test fails it
            error = exc
        if item.nodeid not in sandbox.outcomes:
            sandbox.outcomes[item.nodeid] = outcome.classify(spec, error, self.lang)

    def _fixture_value(self, name: str, item):
        """The value of this plugin's fixture ``name`` for the test ``item``: the student's modules,
        the hidden reference, a checker, the figure data, the test's own seeded random inputs."""
        if name == "student":
            return self.current.student
        if name == "ref":
            return reference.load(self.assignment_id)
        if name == "check":
            return Checker(visible=item.stash[SPEC].visibility == "visible")
        if name == "figures":
            return self.current.figures
        if name == "rng":  # seeded from the salt, the student id, the assignment and the test
            key = f"{self.current.salt}|{self.current.student_id}|{self.assignment_id}|{item.name}"
            return np.random.default_rng(int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big"))
        raise KeyError(name)

    def _diagnose(self, sandbox: SubmissionSandbox, item) -> None:
        """A test lost without a named mistake: name the declared mistake that answered its requests
        as the student's code did (``diagnosis``), if one did. Not for unfinished code (a stub)."""
        result = sandbox.outcomes.get(item.nodeid)
        if result is None or result.status not in ("failed", "error") or result.misconception:
            return
        if any((e.raised or "").startswith("NotImplementedError") for e in sandbox.recording.exchanges):
            return
        started = time.monotonic()
        try:
            name = diagnosis.diagnose(self.assignment_id, sandbox.recording, sandbox.seen)
        except Exception:  # noqa: BLE001 - a diagnosis never changes a score; without one the feedback stands
            return
        finally:  # the grader's own time: it is not taken from the submission's budget
            sandbox.worker.deadline += time.monotonic() - started
        if sandbox.seen.tie:
            sandbox.tied[item.nodeid] = (sandbox.seen.tie, result.feedback,
                                         without_notes(result.feedback, item.stash.get(NOTES, []), self.lang))
        if misconceptions.known(name):
            feedback = without_notes(result.feedback, item.stash.get(NOTES, []), self.lang)
            sandbox.named[item.nodeid] = (name, result.feedback, feedback)
            result.misconception = name
            result.feedback = misconceptions.with_hint(feedback, name, self.lang)

    def _consistent(self, sandbox: SubmissionSandbox) -> None:
        """The lost tests of one submission agree on what it did. Declared mistakes a test could not
        tell apart are the one another test names, if one does. A mistake the diagnosis named on
        one test but replayed, and not matching, on another lost test does not explain what this
        student did: it is named nowhere. So is a declared mistake the diagnosis named only where
        its answers were NaN and inf (two mistakes that both blow up agree on nothing else) and
        another lost test refuted; one a check named is left as it is (a course author's foresight, checked by its example). Of "one of these
        slips", the slips other tests refuted are dropped, and a slip another test names alone is
        the one."""
        named = {r.misconception for r in sandbox.outcomes.values() if r.misconception}  # by a check or a diagnosis
        for nodeid, (tie, _, noteless) in sandbox.tied.items():  # declared mistakes this test could not tell apart
            result = sandbox.outcomes.get(nodeid)
            told = [name for name in tie if name in named]
            if result is not None and not result.misconception and len(told) == 1:
                result.misconception = told[0]
                result.feedback = misconceptions.with_hint(noteless, told[0], self.lang)
        alone = {name for name in named if mutants.parse(name) and len(mutants.members(name)) == 1}
        refuted = sandbox.seen.refuted
        for nodeid, (name, feedback, noteless) in sandbox.named.items():
            result = sandbox.outcomes.get(nodeid)
            if result is None or result.misconception != name:
                continue
            if not mutants.parse(name):
                if name in sandbox.seen.declared_refuted and name not in sandbox.seen.telling:
                    result.misconception, result.feedback = None, feedback
                continue
            left = [m for m in mutants.members(name) if m not in refuted]
            if len(left) > 1 and len([m for m in left if m in alone]) == 1:
                left = [m for m in left if m in alone]
            now = mutants.together(left)
            if now != name:
                result.misconception = now
                result.feedback = misconceptions.with_hint(noteless, now, self.lang) if now else feedback

    def _recheck(self, sandbox: SubmissionSandbox, items) -> None:
        """A test the grader could not run for this submission is run again on the reference, with
        the same student id (so the same hidden inputs). If the reference passes it, what broke the
        grader was this submission's answers (a plain value where a function was expected, a
        list one item too long ...): the test is run once more for this submission with
        ``ANSWERS_MAY_BREAK`` set, so such an error fails only its own ``check.attempt`` part and
        the finished parts keep their credit; an error outside any part fails the test as the
        student's ``error``, with feedback. If the reference fails too, the grader failed:
        ``grader_failed`` stays."""
        outcomes = sandbox.outcomes
        broken = [i for i in items if outcomes.get(i.nodeid) and outcomes[i.nodeid].status == "grader_failed"]
        if not broken or self.control is None:
            return
        control = self.control(sandbox)
        try:
            for item in broken:
                sandbox.worker.kill()  # nothing of this submission runs beside the reference: its load cannot fail it
                self._run_test(control, item)
                if getattr(control.outcomes.get(item.nodeid), "status", None) != "passed":
                    continue
                failure = outcomes.pop(item.nodeid).grader_error or ""
                lenient = ANSWERS_MAY_BREAK.set(True)
                try:
                    self._run_test(sandbox, item)
                finally:
                    ANSWERS_MAY_BREAK.reset(lenient)
                again = outcomes.get(item.nodeid)
                if again is None or again.status == "grader_failed":
                    failure = (again.grader_error if again is not None else None) or failure
                    outcomes[item.nodeid] = outcome.unusable_answer(failure, item.stash[SPEC].points, self.lang)
        finally:
            control.close()
            self.current = sandbox

    def _probe(self, sandbox: SubmissionSandbox) -> None:
        """Collect the report's figure data (the assignment's ``figures.py``: ``collect(student, ref)``),
        if it has one. A probe never changes a score; whatever goes wrong in it just leaves the figure out."""
        if not self.probes:
            return
        probe = figure_data.probe(self.assignment_id)
        if probe is None:
            return
        try:
            sandbox.figures.update(probe.collect(sandbox.student, reference.load(self.assignment_id)))
        except Exception:  # noqa: BLE001 - a figure is never worth a grade
            pass
        for name in list(sandbox.figures):
            try:  # results.json is strict JSON: a figure that is not plain data is dropped here
                json.dumps(sandbox.figures[name], allow_nan=False)
            except (TypeError, ValueError):
                del sandbox.figures[name]

    def _test_result(self, item, sandbox: SubmissionSandbox) -> TestResult:
        printed = [p for p in sandbox.printed if p.nodeid == item.nodeid]
        return outcome.record(sandbox.outcomes.get(item.nodeid), item.stash[SPEC], item.name, printed, self.lang)

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_call(self, item):
        hidden = HIDDEN_TEST.set(item.stash[SPEC].visibility != "visible")
        try:
            result = yield
        finally:
            HIDDEN_TEST.reset(hidden)
            checker = item.stash.get(CHECKER, None)
            item.stash[NOTES] = checker.notes if checker is not None else []
            if checker is not None:
                del item.stash[CHECKER]  # items are reused for the next submission
        if checker is not None:
            checker.finish()
        return result

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_makereport(self, item, call):
        """Record the outcome once, and answer with a lean report (no traceback formatting:
        students read our feedback, not pytest's, and formatting costs more than the test)."""
        sandbox = self.current
        if sandbox is None:
            return None
        if item.nodeid not in sandbox.outcomes and (call.when == "call" or call.excinfo is not None):
            exc = None if call.excinfo is None else call.excinfo.value
            sandbox.outcomes[item.nodeid] = outcome.classify(item.stash[SPEC], exc, self.lang)
        result = "passed" if call.excinfo is None else "failed"
        longrepr = None if call.excinfo is None else sandbox.outcomes[item.nodeid].feedback or call.excinfo.typename
        return pytest.TestReport(item.nodeid, item.location, {}, result, longrepr, call.when,
                                 duration=call.duration, start=call.start, stop=call.stop)

    # -- fixtures (their values made in one place, ``_fixture_value``, for both paths)
    @pytest.fixture
    def student(self, request):
        return self._fixture_value("student", request.node)

    @pytest.fixture
    def ref(self, request):
        return self._fixture_value("ref", request.node)

    @pytest.fixture
    def check(self, request):
        checker = request.node.stash[CHECKER] = self._fixture_value("check", request.node)
        return checker

    @pytest.fixture
    def figures(self, request):
        """A dict a test may fill with plain data for the report's plots (never hidden values)."""
        return self._fixture_value("figures", request.node)

    @pytest.fixture
    def rng(self, request):
        return self._fixture_value("rng", request.node)


# pytest's own plugins with per-test hooks, each with what the lean path does in its place: runner,
# python and fixtures (the protocol, the call, the fixtures), assertion (its comparison hooks,
# driven as they are), session (counting failures: grading does not report them to pytest),
# skipping (only for marks outside RUN_MARKS), capturemanager (idle: grading runs with -s),
# unittest (only for its own kind of item)
BUILTIN_HOOKS = frozenset({"runner", "python", "fixtures", "assertion", "session", "skipping", "capturemanager",
                           "unittest"})
RUNTEST_HOOKS = ("pytest_runtest_protocol", "pytest_runtest_logstart", "pytest_runtest_setup", "pytest_runtest_call",
                 "pytest_runtest_teardown", "pytest_runtest_makereport", "pytest_runtest_logreport",
                 "pytest_runtest_logfinish", "pytest_pyfunc_call", "pytest_fixture_setup", "pytest_fixture_post_finalizer")


def _only_builtin_runtest_hooks(config, plugin: GradingPlugin) -> bool:
    """Whether pytest's per-test hooks are implemented only by pytest itself and ``plugin``: a
    conftest's or another plugin's hook would be skipped by the lean path."""
    manager = config.pluginmanager
    for name in RUNTEST_HOOKS:
        for impl in getattr(manager.hook, name).get_hookimpls():
            if impl.plugin is not plugin and impl.plugin_name not in BUILTIN_HOOKS:
                return False
    return True


@contextlib.contextmanager
def _assertion_hooks(item):
    """What pytest's assertion plugin sets up around a test (``pytest_assertrepr_compare`` for the
    explanation of a failed ``assert``), as its own hook does it."""
    hook = _pytest_assertion.pytest_runtest_protocol(item)
    next(hook)
    try:
        yield
    finally:
        hook.close()
