"""The one result model: a ``Result`` per submission holding a ``TestResult`` per test.

``figures`` carries plain data (lists of numbers) that reports plot: what the student's code
produced next to the reference. It never holds a hidden test's input or expected value.

Writers (``autograder.writers``) translate it; nothing here formats for a particular platform.
Statuses, each with one meaning that every writer reads (``Result.graded``), never guessed:

- a test is ``passed``, ``failed`` (a wrong answer), ``error`` (the student's code raised or
  crashed the worker), ``timeout``, or ``grader_failed`` (the grader could not run it: not the
  student's doing; ``grader_error`` holds the staff-only traceback);
- a submission is ``graded`` (``score`` is a number the grader defends), ``error`` (what was
  handed in cannot be graded: a missing file, a duplicate student id …; ``reason`` says so in
  the student's words) or ``grader_failed`` (the grader failed on it, or on one of its tests).
  Only a ``graded`` record has a score: the others have ``score = None`` and no writer turns
  that into a number.

``TestResult.id`` is the test function's name (with its parameters): stable across languages
and suite edits to titles, so integrations match tests by it, not by title or position.
``TestResult.output`` is what the student's code printed during that test; for a hidden test
it is staff-only (it may echo hidden inputs), and ``Result.output`` holds only what students see.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Literal, get_args

TestStatus = Literal["passed", "failed", "error", "timeout", "grader_failed"]  # one test's outcome
Status = Literal["graded", "error", "grader_failed"]  # one submission's record
Visibility = Literal["visible", "hidden", "after_due_date"]  # who may see a test's feedback

TEST_STATUSES: tuple[TestStatus, ...] = get_args(TestStatus)
STATUSES: tuple[Status, ...] = get_args(Status)
VISIBILITIES: tuple[Visibility, ...] = get_args(Visibility)


@dataclass
class TestResult:
    """One test's outcome. ``feedback`` is in the language the run was asked for."""

    name: str
    score: float
    max_score: float
    status: TestStatus
    feedback: str = ""
    visibility: Visibility = "visible"
    misconception: str | None = None
    grader_error: str | None = None  # staff-only traceback; never shown to students
    id: str = ""  # the test function's name (stable; titles are for people)
    output: str = ""  # what the student's code printed during this test (staff-only when hidden)

    __test__ = False  # not a pytest test class


@dataclass
class Result:
    """One submission's record. ``output`` is what the student's code printed (truncated)."""

    student_id: str
    assignment: str
    score: float | None  # None unless graded
    max_score: float
    status: Status = "graded"
    reason: str | None = None
    tests: list[TestResult] = field(default_factory=list)
    output: str = ""
    duration: float = 0.0
    figures: dict = field(default_factory=dict)  # plain data for report plots (an assignment's figures.py)

    @property
    def graded(self) -> bool:
        """The record carries a score the grader defends (the only kind any writer numbers)."""
        return self.status == "graded"

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "Result":
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        values["tests"] = [TestResult(**t) for t in data.get("tests", [])]
        return cls(**values).settled()

    def summary(self) -> "Summary":
        first = self.reason or next((f"{t.name}: {t.feedback.splitlines()[0]}" for t in self.tests
                                     if t.status != "passed" and t.feedback), "")
        named = [t.misconception for t in self.tests if t.misconception and t.status != "passed"]
        return Summary(self.student_id, self.assignment, self.score, self.max_score, self.status, first,
                       failed=sum(t.status != "passed" for t in self.tests),
                       top_mistake=max(named, key=named.count) if named else "")  # ties: the first named

    @classmethod
    def failed(cls, student_id: str, assignment: str, max_score: float, reason: str) -> "Result":
        """A submission whose files cannot be graded: no score, the reason; never a lost record."""
        return cls(student_id, assignment, None, max_score, status="error", reason=reason)

    def settled(self) -> "Result":
        """This record with its status read from its tests: a test the grader could not run makes
        the whole submission ``grader_failed`` (no score: a partial sum is not a grade)."""
        broken = [t for t in self.tests if t.status == "grader_failed" or t.grader_error]
        if self.status == "graded" and broken:
            self.status, self.score = "grader_failed", None
            self.reason = (f"the grader could not run {len(broken)} of {len(self.tests)} tests "
                           f"(first: {broken[0].id or broken[0].name}); not the student's fault: re-run it")
        return self

    @classmethod
    def grader_failure(cls, student_id: str, assignment: str, max_score: float, reason: str) -> "Result":
        """A submission the grader failed on: no score; the reason is for staff (re-run it)."""
        return cls(student_id, assignment, None, max_score, status="grader_failed", reason=reason)


@dataclass(frozen=True)
class Summary:
    """A record's one line (for grades.csv and the terminal): kept for every submission where
    whole records are not. ``first_problem`` is the reason, or the first failed test's feedback."""

    student_id: str
    assignment: str
    score: float | None  # None unless graded
    max_score: float
    status: Status
    first_problem: str = ""
    failed: int = 0  # tests not passed
    top_mistake: str = ""  # the misconception named most often among them ("" when none)

    @property
    def graded(self) -> bool:
        return self.status == "graded"
