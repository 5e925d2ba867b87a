"""The one result model: a ``Result`` per submission holding a ``TestResult`` per test.

``figures`` carries plain data (lists of numbers) that reports plot: what the student's code
produced next to the reference. It never holds a hidden test's input or expected value.

Writers (``autograder.writers``) translate it; nothing here formats for a particular platform.
Statuses: a test is ``passed``, ``failed`` (wrong answer), ``error`` (the student's code raised
or crashed the worker) or ``timeout``; a submission is ``graded`` or ``error`` (with ``reason``,
when it could not be graded at all). A failure of the grader itself is never a student status:
it sets ``grader_error`` (staff-only) and the test reads ``error`` with a not-your-fault note.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields

TEST_STATUSES = ("passed", "failed", "error", "timeout")
VISIBILITIES = ("visible", "hidden", "after_due_date")


@dataclass
class TestResult:
    """One test's outcome. ``feedback`` is in the language the run was asked for."""

    name: str
    score: float
    max_score: float
    status: str
    feedback: str = ""
    visibility: str = "visible"
    misconception: str | None = None
    grader_error: str | None = None  # staff-only traceback; never shown to students

    __test__ = False  # not a pytest test class


@dataclass
class Result:
    """One submission's record. ``output`` is what the student's code printed (truncated)."""

    student_id: str
    assignment: str
    score: float
    max_score: float
    status: str = "graded"
    reason: str | None = None
    tests: list[TestResult] = field(default_factory=list)
    output: str = ""
    duration: float = 0.0
    figures: dict = field(default_factory=dict)  # plain data for report plots (autograder.probes)

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "Result":
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        values["tests"] = [TestResult(**t) for t in data.get("tests", [])]
        return cls(**values)

    def summary(self) -> "Summary":
        first = self.reason or next((f"{t.name}: {t.feedback.splitlines()[0]}" for t in self.tests
                                     if t.status != "passed" and t.feedback), "")
        return Summary(self.student_id, self.assignment, self.score, self.max_score, self.status, first)

    @classmethod
    def failed(cls, student_id: str, assignment: str, max_score: float, reason: str) -> "Result":
        """A submission that could not be graded: score 0 and the reason, never a lost record."""
        return cls(student_id, assignment, 0.0, max_score, status="error", reason=reason)


@dataclass(frozen=True)
class Summary:
    """A record's one line (for grades.csv and the terminal): kept for every submission where
    whole records are not. ``first_problem`` is the reason, or the first failed test's feedback."""

    student_id: str
    assignment: str
    score: float
    max_score: float
    status: str
    first_problem: str = ""
