"""The worker side of a remote executor: a warm grading session kept between tasks.

A task that started its own ``grading.run_job`` would pay for a pytest session and a zygote
(0.3–1 s) every time. Instead each worker process keeps one ``Session``: ``run_job`` running in
a background thread, fed batch by batch through a queue, so a task costs only its submissions.
A session grades one assignment with one set of options; a batch for another one replaces it,
and a session left idle for ``IDLE_SECONDS`` ends itself (closing its zygote).

``grade_batch`` is the task: plain data in (``parcel`` dicts), plain data out (``Result`` dicts).
Nothing here imports dask, so any executor that can call a function remotely can use it.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import queue
import shutil
import tempfile
import threading
from pathlib import Path

from .. import course
from ..grading import SUITES, GraderFailure, Options, run_job
from ..worker.limits import Limits
from . import parcel

IDLE_SECONDS = 60.0

_LOCK = threading.Lock()  # one batch at a time per process: pytest keeps global state
_session: Session | None = None


def options_to_dict(options: Options) -> dict:
    return dataclasses.asdict(options)


def options_from_dict(data: dict) -> Options:
    return Options(**{**data, "limits": Limits(**data["limits"])})


def fingerprint(assignment_id: str) -> str:
    """SHA-256 of what decides a grade here: the suite, its pytest.ini and the reference solutions
    (of the assignment and its dependencies). Client and worker must agree on it."""
    assignment = course.get(assignment_id)
    files = sorted((SUITES / assignment_id).rglob("*.py")) + [SUITES / "pytest.ini"]
    for dep in course.dependency_closure(assignment):
        files += sorted(course.solutions_dir(dep.id).glob("*.py"))
    digest = hashlib.sha256()
    for path in files:
        digest.update(f"{path.parent.name}/{path.name}\0".encode())
        digest.update(path.read_bytes() if path.is_file() else b"<missing>")
    return digest.hexdigest()


class Session:
    """``run_job`` in a thread: ``inbox`` takes ``(index, Source)``, ``outbox`` gives
    ``(index, Result dict)``; an ``Exception`` in ``outbox`` means the session has ended."""

    def __init__(self, assignment_id: str, options: dict):
        self.key = (assignment_id, json.dumps(options, sort_keys=True))
        self.inbox: queue.Queue = queue.Queue()
        self.outbox: queue.Queue = queue.Queue()
        self.ended = False
        self.thread = threading.Thread(target=self._serve, args=(assignment_id, options_from_dict(options)),
                                       name=f"autograder-{assignment_id}", daemon=True)
        self.thread.start()

    def _sources(self):
        while True:
            try:
                item = self.inbox.get(timeout=IDLE_SECONDS)
            except queue.Empty:
                if self._end_if_idle():
                    return
                continue
            if item is None:
                return
            yield item

    def _end_if_idle(self) -> bool:
        if not _LOCK.acquire(blocking=False):  # a batch is being handed over right now
            return False
        try:
            self.ended = self.inbox.empty()
            return self.ended
        finally:
            _LOCK.release()

    def _serve(self, assignment_id: str, options: Options) -> None:
        ended = GraderFailure("the grading session ended")
        try:
            run_job(assignment_id, self._sources(), options, lambda i, r: self.outbox.put((i, r.to_dict())))
        except BaseException as exc:  # noqa: BLE001 - handed to the waiting task, which raises it (retried)
            ended = GraderFailure(f"{type(exc).__name__}: {exc}")
        finally:
            self.ended = True
            self.outbox.put(ended)  # whatever happened, a waiting task is woken

    def grade(self, items: list) -> list[tuple[int, dict]]:
        """Grade ``(index, Source)`` items; one answer per item, or ``GraderFailure``."""
        for item in items:
            self.inbox.put(item)
        answers = []
        while len(answers) < len(items):
            answer = self.outbox.get()
            if isinstance(answer, Exception):
                raise answer
            answers.append(answer)
        return answers

    def close(self) -> None:
        self.inbox.put(None)
        self.thread.join(timeout=30)


def _session_for(assignment_id: str, options: dict) -> Session:
    global _session
    key = (assignment_id, json.dumps(options, sort_keys=True))
    if _session is not None and (_session.ended or _session.key != key):
        _session.close()
        _session = None
    if _session is None:
        _session = Session(assignment_id, options)
    return _session


def grade_batch(assignment_id: str, parcels: list[tuple[int, dict]], options: dict,
                expected: str | None = None) -> list[tuple[int, dict]]:
    """The task: grade ``(index, parcel)`` pairs in this process's warm session.

    Returns ``(index, Result.to_dict())`` for each. Raises ``GraderFailure`` when this worker's
    grading files differ from ``expected`` (a ``fingerprint``), when the suite cannot run, or
    when the session died (the executor retries the task, maybe on another worker).
    """
    global _session
    if expected is not None and fingerprint(assignment_id) != expected:
        raise GraderFailure(f"this worker's {assignment_id} suite or reference solutions differ from the "
                            f"client's (install the same checkout, or set AUTOGRADER_COURSE_ROOT)")
    with _LOCK:
        folder = Path(tempfile.mkdtemp(prefix="ag-batch-"))
        try:
            items = [(index, parcel.unpack(p, folder / str(index))) for index, p in parcels]
            session = _session_for(assignment_id, options)
            try:
                return session.grade(items)
            except GraderFailure:
                _session = None  # ended; the next batch starts a fresh one
                raise
        finally:
            shutil.rmtree(folder, ignore_errors=True)
