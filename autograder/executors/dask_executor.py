"""Grade on a dask.distributed cluster: each task grades a batch of submissions.

Pipeline (client side, in order):

1. ``_batches``: cut the submissions into chunks of ``chunk_size`` (a few per worker thread, so
   a slow submission does not hold up the rest; big enough that dask's per-task cost is small).
2. ``parcel.pack``: read each batch's files into plain data just before sending it (no shared
   file system needed; at most ``IN_FLIGHT_PER_THREAD`` batches per thread are in flight).
3. ``warm.grade_batch`` on a worker: rebuild the files and grade them in that worker process's
   warm session (one pytest session and zygote kept between tasks); answer plain dicts.
4. ``Result.from_dict``, in input order; a batch that failed for good gets ``grader_failed`` records.

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

from .. import course
from ..grading import Grader, GraderFailure, Options, not_graded
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


def grade_on_dask(assignment_id: str, sources: list[Source], options: Options | None = None,
                  scheduler: str | None = None, progress: Callable[[int, Result], None] | None = None, *,
                  chunk: int | None = None, workers: int = 2) -> list[Result]:
    """One ``Result`` per source, in the order given, graded on the cluster at ``scheduler``.

    With ``scheduler=None`` a ``LocalCluster`` of ``workers`` processes (one thread each) is
    started and closed again. ``chunk`` is how many submissions one task grades (default
    ``chunk_size``). ``progress(index, result)`` is called once per result as batches finish. Raises
    ``GraderFailure`` (with every record in ``.results``) when a batch could not be graded.
    """
    assignment = course.get(assignment_id)
    sources = list(sources)
    if not sources:
        return []
    options = options or Options()
    with _connect(scheduler, workers) as client:
        threads = sum(client.nthreads().values()) or workers
        results, errors = _run(client, assignment.id, sources, options_to_dict(options),
                               chunk or chunk_size(len(sources), threads), threads, progress)
    missing = [i for i in range(len(sources)) if i not in results]
    if errors or missing:
        reason = "; ".join(errors) or f"the grader lost {len(missing)} submission(s)"
        complete = [results.get(i) or not_graded(s.student_id, assignment.id, reason)
                    for i, s in enumerate(sources)]
        raise GraderFailure(reason, complete)
    return [results[i] for i in range(len(sources))]


class DaskGrader(Grader):
    """A ``Grader`` whose ``grade`` runs on dask: ``scheduler`` is a cluster's address, or None
    for a ``LocalCluster`` of ``jobs`` worker processes started (and closed) by each ``grade``."""

    def __init__(self, assignment_id: str, *, scheduler: str | None = None, jobs: int = 2,
                 options: Options | None = None, **option_values):
        super().__init__(assignment_id, jobs=jobs, options=options, **option_values)
        self.scheduler = scheduler

    def grade(self, sources: list[Source], progress: Callable[[int, Result], None] | None = None,
              keep: bool = True) -> list[Result]:
        results = grade_on_dask(self.assignment.id, sources, self.options, self.scheduler, progress, workers=self.jobs)
        return results if keep else []


def _run(client, assignment_id: str, sources: list[Source], options: dict, size: int, threads: int,
         progress) -> tuple[dict[int, Result], list[str]]:
    """Keep a bounded number of batches in flight; files are read just before their batch is sent."""
    from distributed import as_completed

    environ = grading_environ()
    expected = fingerprint(assignment_id, environ)

    def submit(batch):
        packed = [(index, parcel.pack(source)) for index, source in batch]
        return client.submit(grade_batch, assignment_id, packed, options, expected, environ,
                             retries=RETRIES, pure=False)

    pending = _batches(sources, size)
    running = as_completed([submit(b) for b in itertools.islice(pending, IN_FLIGHT_PER_THREAD * threads)])
    results: dict[int, Result] = {}
    errors: list[str] = []
    for future in running:
        try:
            answers = future.result()
        except Exception as exc:  # noqa: BLE001 - a failed batch is reported; the others still count
            errors.append(f"{type(exc).__name__}: {exc}")
            answers = []
        future.release()
        for index, data in answers:
            results[index] = result = Result.from_dict(data)
            if progress:
                progress(index, result)
        batch = next(pending, None)
        if batch is not None:
            running.add(submit(batch))
    return results, errors


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
