"""Where grading runs: one interface, ``Executor``, for every place that can grade.

``Executor.grade(assignment_id, sources, options, on_result)`` grades ``sources`` and calls
``on_result(index, result)`` once per graded submission, in completion order; it raises
``GraderFailure`` when grading itself failed (``grading.Grader.grade`` then gives every source
without a record a ``grader_failed`` one, and puts them in input order).

- ``local.LocalExecutor``: this process, plus ``jobs - 1`` spawned job processes (``Grader``'s).
- ``dask_executor.DaskExecutor``: tasks on a dask.distributed cluster (``DaskGrader``'s), each
  worker process keeping a warm session (``warm``) and receiving the submissions' files as data
  (``parcel``). dask itself is imported only when grading on it starts.

``grader(kind, ...)`` is the one place an executor is chosen by name (``autograder run --executor``).
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Callable, Literal, Protocol

from ..grading import Grader
from .dask_executor import DaskExecutor, DaskGrader, grade_on_dask
from .local import LocalExecutor

if TYPE_CHECKING:
    from ..grading import Options
    from ..results import Result
    from ..submission import Source

Kind = Literal["local", "dask"]
KINDS: tuple[Kind, ...] = ("local", "dask")


class Executor(Protocol):
    def grade(self, assignment_id: str, sources: list[Source], options: Options,
              on_result: Callable[[int, Result], None]) -> None: ...


def grader(kind: Kind, assignment_id: str, *, jobs: int, scheduler: str | None = None, **options) -> Grader:
    """The ``Grader`` of ``assignment_id`` that grades with the executor ``kind``: ``local`` (``jobs``
    sessions here) or ``dask`` (the cluster at ``scheduler``, or a LocalCluster of ``jobs`` processes)."""
    if kind == "dask":
        return DaskGrader(assignment_id, scheduler=scheduler, jobs=jobs, **options)
    return Grader(assignment_id, jobs=jobs, **options)


__all__ = ["DaskExecutor", "DaskGrader", "Executor", "KINDS", "LocalExecutor", "grade_on_dask", "grader"]
