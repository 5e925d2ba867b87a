"""The grader as a pytest plugin: collect a suite once, run it for many submissions.

Lifecycle (in pytest's order):

- ``pytest_configure``: register the ``points`` and ``visibility`` markers.
- ``pytest_collection_modifyitems``: read each test's points, visibility and title into a frozen
  ``Spec`` in ``item.stash``; a missing or bad marker is a usage error (a grader bug, not a zero).
- ``pytest_runtestloop``: for each submission, run every collected item once (pytest's own
  ``runtestprotocol``, so fixtures set up and tear down as usual), then hand the ``Result`` on.
  What each test prints becomes its ``TestResult.output`` (staff-only when hidden);
  ``Result.output``, what the student sees, holds only what was printed at import time and
  during visible tests, each part under its title.
- ``pytest_runtest_call`` (wrapper): after the test body, partial-credit checks are settled.
- ``pytest_runtest_makereport`` (first): the outcome is classified once and recorded.

Fixtures for suites: ``student`` (the proxy), ``ref`` (hidden reference), ``check`` (comparisons
with feedback), ``rng`` (seeded from student id, assignment and test name).
"""
from __future__ import annotations

import hashlib
import json
import time
import traceback
from dataclasses import dataclass
from typing import Callable, Iterable

import numpy as np
import pytest

from . import figure_data, reference
from .checks import ANSWERS_MAY_BREAK, HIDDEN_TEST, Checker, Mismatch
from .feedback import messages, misconceptions
from .feedback.errors import student_error_text
from .problems import StudentError, WorkerCrashed, WorkerTimeout
from .results import VISIBILITIES, Result, TestResult
from .session import SubmissionRun


@dataclass(frozen=True)
class Spec:
    """What a test is worth and who may see it. ``titles`` maps language → student-facing name."""

    points: float
    visibility: str
    titles: dict


SPEC = pytest.StashKey[Spec]()
CHECKER = pytest.StashKey[Checker]()


def _titles(item) -> dict:
    doc = (getattr(item.function, "__doc__", None) or "").strip().splitlines()
    en = doc[0].strip() if doc else item.name
    ko = next((ln.strip()[3:].strip() for ln in doc if ln.strip().startswith("ko:")), en)
    return {"en": en, "ko": ko}


class GradingPlugin:
    """Runs the collected suite once per submission from ``runs`` and reports to ``on_result``."""

    def __init__(self, assignment_id: str, runs: Iterable[SubmissionRun], on_result: Callable[[Result], None],
                 lang: str = "en", probes: bool = True,
                 control: Callable[[SubmissionRun], SubmissionRun] | None = None):
        self.assignment_id = assignment_id
        self.control = control  # a run of the reference with a submission's student id (see ``_recheck``)
        self.probes = probes
        self.runs = runs
        self.on_result = on_result
        self.lang = lang
        self.current: SubmissionRun | None = None
        self.total = 0.0

    # -- configuration and collection
    def pytest_configure(self, config):
        config.addinivalue_line("markers", "points(n): how many points the test is worth (required, > 0)")
        config.addinivalue_line("markers", "visibility(v): visible (default), hidden or after_due_date")

    def pytest_collection_modifyitems(self, session, config, items):
        for item in items:
            mark = item.get_closest_marker("points")
            if mark is None or len(mark.args) != 1 or not isinstance(mark.args[0], (int, float)) or mark.args[0] <= 0:
                raise pytest.UsageError(f"{item.nodeid}: needs @pytest.mark.points(n) with n > 0")
            vis = item.get_closest_marker("visibility")
            visibility = vis.args[0] if vis else "visible"
            if visibility not in VISIBILITIES:
                raise pytest.UsageError(f"{item.nodeid}: visibility must be one of {VISIBILITIES}")
            item.stash[SPEC] = Spec(float(mark.args[0]), visibility, _titles(item))
        self.total = sum(item.stash[SPEC].points for item in items)

    # -- running
    def pytest_runtestloop(self, session):
        if session.testsfailed:
            raise session.Failed("the grading suite could not be collected")
        items = session.items
        total = self.total
        for run in self.runs:
            self.current = run
            started = time.monotonic()
            try:
                for i, item in enumerate(items):
                    nextitem = items[i + 1] if i + 1 < len(items) else None
                    run.start_test(item.nodeid)
                    item.ihook.pytest_runtest_protocol(item=item, nextitem=nextitem)
                    run.end_test()
                self._recheck(run, items)
                self._probe(run)
                tests = [self._test_result(i, run) for i in items]
                result = run.result(self.assignment_id, total, tests, self._shown_output(run, items))
            finally:
                run.close()
            result.duration = round(time.monotonic() - started, 4)
            self.on_result(result)
        self.current = None
        return True

    def _recheck(self, run: SubmissionRun, items) -> None:
        """A test the grader could not run for this submission is run again on the reference, with
        the same student id (so the same hidden inputs). If the reference passes it, what broke the
        grader was this submission's answers (a plain value where a function was expected, a
        list one item too long ...): the test is run once more for this submission with
        ``ANSWERS_MAY_BREAK`` set, so such an error fails only its own ``check.attempt`` part and
        the finished parts keep their credit; an error outside any part fails the test as the
        student's ``error``, with feedback. If the reference fails too, the grader failed:
        ``grader_failed`` stays."""
        broken = [i for i in items if run.outcomes.get(i.nodeid) and run.outcomes[i.nodeid].status == "grader_failed"]
        if not broken or self.control is None:
            return
        reference_run = self.control(run)
        try:
            for item in broken:
                run.worker.kill()  # nothing of this submission runs beside the reference: its load cannot fail it
                self.current = reference_run
                reference_run.start_test(item.nodeid)
                item.ihook.pytest_runtest_protocol(item=item, nextitem=None)
                reference_run.end_test()
                if getattr(reference_run.outcomes.get(item.nodeid), "status", None) != "passed":
                    continue
                failure = run.outcomes.pop(item.nodeid).grader_error or ""
                self.current = run
                lenient = ANSWERS_MAY_BREAK.set(True)
                try:
                    run.start_test(item.nodeid)
                    item.ihook.pytest_runtest_protocol(item=item, nextitem=None)
                    run.end_test()
                finally:
                    ANSWERS_MAY_BREAK.reset(lenient)
                again = run.outcomes.get(item.nodeid)
                if again is None or again.status == "grader_failed":
                    failure = (again.grader_error if again is not None else None) or failure
                    kind = failure.strip().splitlines()[-1].split(":")[0] if failure.strip() else "Exception"
                    run.outcomes[item.nodeid] = TestResult(
                        "", 0.0, item.stash[SPEC].points, "error",
                        messages.render("answer_unusable", self.lang, type=kind[:60]))
        finally:
            reference_run.close()
            self.current = run

    def _probe(self, run: SubmissionRun) -> None:
        """Collect the report's figure data (the assignment's ``figures.py``: ``collect(student, ref)``),
        if it has one. A probe never changes a score; whatever goes wrong in it just leaves the figure out."""
        if not self.probes:
            return
        probe = figure_data.probe(self.assignment_id)
        if probe is None:
            return
        try:
            run.figures.update(probe.collect(run.student, reference.load(self.assignment_id)))
        except Exception:  # noqa: BLE001 - a figure is never worth a grade
            pass
        for name in list(run.figures):
            try:  # results.json is strict JSON: a figure that is not plain data is dropped here
                json.dumps(run.figures[name], allow_nan=False)
            except (TypeError, ValueError):
                del run.figures[name]

    def _test_result(self, item, run: SubmissionRun) -> TestResult:
        spec = item.stash[SPEC]
        outcome = run.outcomes.get(item.nodeid) or TestResult("", 0.0, 0.0, "grader_failed", self._grader_failed())
        outcome.name = spec.titles.get(self.lang, spec.titles["en"])
        outcome.max_score = spec.points
        outcome.visibility = spec.visibility
        outcome.id = item.name
        outcome.output = "".join(self._printed(p) for p in run.printed if p.nodeid == item.nodeid)
        return outcome

    def _shown_output(self, run: SubmissionRun, items) -> str:
        """What the student may see of what their code printed: at import time and during visible
        tests, each part under its title; never during a hidden or after-due-date test (it may
        echo the test's inputs: that stays in the test's own, staff-only, ``output``)."""
        specs = {item.nodeid: item.stash[SPEC] for item in items}
        parts = []
        for p in run.printed:
            spec = specs.get(p.nodeid)
            if p.module:
                label = f"{p.module}.py"
            elif spec is not None and spec.visibility == "visible":
                label = spec.titles.get(self.lang, spec.titles["en"])
            else:
                continue
            text = self._printed(p)
            parts.append(f"--- {label} ---\n{text}" + ("" if text.endswith("\n") else "\n"))
        return "".join(parts)

    def _printed(self, p) -> str:
        """A piece of printed output, with a marker where the grader cut it."""
        if not p.cut:
            return p.text
        newline = "\n" if p.text and not p.text.endswith("\n") else ""
        return f"{p.text}{newline}{messages.render('output_truncated', self.lang)}\n"

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_call(self, item):
        hidden = HIDDEN_TEST.set(item.stash[SPEC].visibility != "visible")
        try:
            result = yield
        finally:
            HIDDEN_TEST.reset(hidden)
            checker = item.stash.get(CHECKER, None)
            if checker is not None:
                del item.stash[CHECKER]  # items are reused for the next submission
        if checker is not None:
            checker.finish()
        return result

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_makereport(self, item, call):
        """Record the outcome once, and answer with a lean report (no traceback formatting:
        students read our feedback, not pytest's, and formatting costs more than the test)."""
        run = self.current
        if run is None:
            return None
        if item.nodeid not in run.outcomes and (call.when == "call" or call.excinfo is not None):
            run.outcomes[item.nodeid] = self._classify(item.stash[SPEC], call.excinfo)
        outcome = "passed" if call.excinfo is None else "failed"
        longrepr = None if call.excinfo is None else run.outcomes[item.nodeid].feedback or call.excinfo.typename
        return pytest.TestReport(item.nodeid, item.location, {}, outcome, longrepr, call.when,
                                 duration=call.duration, start=call.start, stop=call.stop)

    def _classify(self, spec: Spec, excinfo) -> TestResult:
        lang = self.lang
        if excinfo is None:
            return TestResult("", spec.points, spec.points, "passed")
        exc = excinfo.value
        if isinstance(exc, Mismatch):
            return TestResult("", round(spec.points * exc.fraction, 4), spec.points, "failed",
                              exc.feedback.get(lang, exc.feedback["en"]), misconception=exc.misconception)
        if isinstance(exc, StudentError):
            known = misconceptions.from_exception(exc.type, exc.message)
            text = student_error_text(exc, lang, hidden=spec.visibility != "visible")
            return TestResult("", 0.0, spec.points, "error", misconceptions.with_hint(text, known, lang),
                              misconception=known)
        if isinstance(exc, WorkerTimeout):
            return TestResult("", 0.0, spec.points, "timeout", messages.render("timeout", lang, detail=str(exc)))
        if isinstance(exc, WorkerCrashed):
            return TestResult("", 0.0, spec.points, "error", messages.render("crashed", lang, detail=str(exc)))
        staff = "".join(traceback.format_exception(exc))[-4000:]
        return TestResult("", 0.0, spec.points, "grader_failed", self._grader_failed(), grader_error=staff)

    def _grader_failed(self) -> str:
        return messages.render("grader_failed", self.lang)

    # -- fixtures
    @pytest.fixture
    def student(self):
        return self.current.student

    @pytest.fixture
    def ref(self):
        return reference.load(self.assignment_id)

    @pytest.fixture
    def check(self, request):
        checker = Checker(visible=request.node.stash[SPEC].visibility == "visible")
        request.node.stash[CHECKER] = checker
        return checker

    @pytest.fixture
    def figures(self):
        """A dict a test may fill with plain data for the report's plots (never hidden values)."""
        return self.current.figures

    @pytest.fixture
    def rng(self, request):
        key = f"{self.current.salt}|{self.current.student_id}|{self.assignment_id}|{request.node.name}"
        return np.random.default_rng(int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big"))
