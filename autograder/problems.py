"""What the student's code did to the worker, as exceptions: raised, ran out of time, or crashed it.

These are never grader failures: a ``WorkerProblem`` is graded as the student's doing.
"""
from __future__ import annotations


class WorkerProblem(Exception):
    """Base of what the student's code did to the worker (not a grader failure)."""


class StudentError(WorkerProblem):
    """The student's code raised; ``type``, ``message`` and ``where`` (file, line) describe it.

    ``module`` is set when importing that module failed; ``feedback`` (language → sentence)
    when the grader already knows what to tell the student (a missing file, say).
    """

    def __init__(self, type: str, message: str, where: list[str], module: str = "", feedback: dict | None = None):
        self.type, self.message, self.where = type, message, where
        self.module, self.feedback = module, feedback
        super().__init__(f"{type}: {message}")


class WorkerTimeout(WorkerProblem):
    """A call took longer than its limit, or the submission's time budget is used up."""


class WorkerCrashed(WorkerProblem):
    """The worker died or sent something that is not our format."""
