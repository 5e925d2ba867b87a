"""Grade on a dask.distributed cluster: each task grades a batch of submissions.

Pipeline (client side, in order):

1. ``_batches``: cut the submissions into chunks of ``chunk_size`` (a few per worker thread, so
   a slow submission does not hold up the rest; big enough that dask's per-task cost is small).
2. ``parcel.pack``: read each batch's files into plain data just before sending it (no shared
   file system needed; at most ``IN_FLIGHT_PER_THREAD`` batches per thread are in flight).
3. ``warm.grade_batch`` on a worker: rebuild the files and grade them in that worker process's
   warm session (one pytest session and zygote kept between tasks); answer plain dicts.
4. ``Result.from_dict``, handed on as each batch finishes (``Grader.grade`` puts them in input
   order, and gives a batch that failed for good ``grader_failed`` records).

A task whose worker dies is rescheduled by the scheduler (``distributed.scheduler.allowed-failures``,
3 by default); a task that raises (a grader failure) is retried ``RETRIES`` times. Workers need
this package and the course's ``solutions/`` (the same checkout installed, or
``AUTOGRADER_COURSE``); a worker whose suite or solutions differ from the client's refuses
the task (``warm.fingerprint``). Environment variables that change grades (``warm.GRADING_ENV``:
``AUTOGRADER_MNIST`` from ``--mnist``) are sent with each task; the file such a variable names
must be at the same path on the workers (its contents are part of the fingerprint). The student's code runs in the worker's own sandbox
(``autograder.worker``), never in the dask worker process itself.
"""
from __future__ import annotations

import contextlib
import itertools
import math
from typing import Callable, Iterator

from ..grading import Grader, GraderFailure, Options
from ..results import Result
from ..submission import Source
from . import parcel
from .warm import fingerprint, grade_batch, grading_environ, options_to_dict

RETRIES = 2
MAX_CHUNK = 20
IN_FLIGHT_PER_THREAD = 2


def chunk_size(n_submissions: int, n_threads: int) -> int:
    """About four batches per worker thread (load balance), at most ``MAX_CHUNK`` per batch."""
    return max(1, min(MAX_CHUNK, math.ceil(n_submissions / (4 * max(1, n_threads)))))


def _batches(sources: list[Source], size: int) -> Iterator[list[tuple[int, Source]]]:
    indexed = list(enumerate(sources))
    for start in range(0, len(indexed), size):
        yield indexed[start:start + size]


class DaskExecutor:
    """Grades on the cluster at ``scheduler``, or on a ``LocalCluster`` of ``workers`` processes
    (one thread each) started and closed by each ``grade``. ``chunk`` is how many submissions
    one task grades (default ``chunk_size``)."""

    def __init__(self, scheduler: str | None = None, workers: int = 2, chunk: int | None = None):
        self.scheduler, self.workers, self.chunk = scheduler, workers, chunk

    def grade(self, assignment_id: str, sources: list[Source], options: Options,
              on_result: Callable[[int, Result], None]) -> None:
        """``on_result(index, result)`` once per result as batches finish; ``GraderFailure``
        naming what failed when a batch could not be graded (after its retries)."""
        if not sources:
            return
        with _connect(self.scheduler, self.workers) as client:
            threads = sum(client.nthreads().values()) or self.workers
            errors = _run(client, assignment_id, sources, options_to_dict(options),
                          self.chunk or chunk_size(len(sources), threads), threads, on_result)
        if errors:
            raise GraderFailure("; ".join(errors))


class DaskGrader(Grader):
    """A ``Grader`` whose executor is dask: ``scheduler`` is a cluster's address, or None for a
    ``LocalCluster`` of ``jobs`` worker processes started (and closed) by each ``grade``."""

    def __init__(self, assignment_id: str, *, scheduler: str | None = None, jobs: int = 2, chunk: int | None = None,
                 options: Options | None = None, **option_values):
        super().__init__(assignment_id, jobs=jobs, options=options, **option_values)
        self.scheduler = scheduler
        self.chunk = chunk

    preflight_here = False  # the cluster's workers grade, in their environment: graded every time

    def executor(self) -> DaskExecutor:
        return DaskExecutor(self.scheduler, self.jobs, self.chunk)

    def prestart(self) -> None:
        """Nothing: this process grades no one (the cluster's workers do)."""


def grade_on_dask(assignment_id: str, sources: list[Source], options: Options | None = None,
                  scheduler: str | None = None, progress: Callable[[int, Result], None] | None = None, *,
                  chunk: int | None = None, workers: int = 2) -> list[Result]:
    """One ``Result`` per source, in the order given, graded on the cluster at ``scheduler``
    (None: a ``LocalCluster`` of ``workers`` processes). ``progress(index, result)`` is called
    once per result as batches finish. Raises ``GraderFailure`` (with every record in
    ``.results``) when a batch could not be graded."""
    grader = DaskGrader(assignment_id, scheduler=scheduler, jobs=workers, chunk=chunk, options=options)
    return grader.grade(list(sources), progress)


def _run(client, assignment_id: str, sources: list[Source], options: dict, size: int, threads: int,
         on_result: Callable[[int, Result], None]) -> list[str]:
    """Keep a bounded number of batches in flight; files are read just before their batch is sent.
    Returns what went wrong with the batches that failed for good."""
    from distributed import as_completed

    environ = grading_environ()
    expected = fingerprint(assignment_id, environ)

    def submit(batch):
        packed = [(index, parcel.pack(source)) for index, source in batch]
        return client.submit(grade_batch, assignment_id, packed, options, expected, environ,
                             retries=RETRIES, pure=False)

    pending = _batches(sources, size)
    running = as_completed([submit(b) for b in itertools.islice(pending, IN_FLIGHT_PER_THREAD * threads)])
    errors: list[str] = []
    for future in running:
        try:
            answers = future.result()
        except Exception as exc:  # noqa: BLE001 - a failed batch is reported; the others still count
            errors.append(f"{type(exc).__name__}: {exc}")
            answers = []
        future.release()
        for index, data in answers:
            on_result(index, Result.from_dict(data))
        batch = next(pending, None)
        if batch is not None:
            running.add(submit(batch))
    return errors


@contextlib.contextmanager
def _connect(scheduler: str | None, workers: int):
    """A client of ``scheduler``, or of a ``LocalCluster`` started here; closes what it started."""
    from distributed import Client, LocalCluster

    if scheduler is not None:
        with Client(scheduler) as client:
            yield client
        return
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster, \
            Client(cluster) as client:
        yield client
