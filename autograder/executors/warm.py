"""The worker side of a remote executor: a warm grading session kept between tasks.

A task that started its own ``grading.run_job`` would pay for a pytest session and a zygote
(0.3–1 s) every time. Instead each worker process keeps one ``WarmJob``: ``run_job`` running in
a background thread, fed batch by batch through a queue, so a task costs only its submissions.
A warm job grades one assignment with one set of options; a batch for another one replaces it,
and one left idle for ``IDLE_SECONDS`` ends itself (closing its zygote).

``grade_batch`` is the task: plain data in (``parcel`` dicts), plain data out (``Result`` dicts).
Nothing here imports dask, so any executor that can call a function remotely can use it.
"""
from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import os
import queue
import shutil
import sys
import tempfile
import threading
from pathlib import Path

from .. import course
from ..datasets import MNIST_ENV
from ..grading import SUITE_INI, GraderFailure, Options, run_job
from ..worker.limits import Limits
from . import parcel

IDLE_SECONDS = 60.0
GRADING_ENV = (MNIST_ENV,)  # environment variables that change grades: the client's go with each task

_LOCK = threading.Lock()  # one batch at a time per process: pytest keeps global state
_warm: WarmJob | None = None
_applied: dict[str, str] | None = None  # the GRADING_ENV values the loaded suite modules were imported under


def options_to_dict(options: Options) -> dict:
    return dataclasses.asdict(options)


def options_from_dict(data: dict) -> Options:
    return Options(**{**data, "limits": Limits(**data["limits"])})


def grading_environ() -> dict[str, str]:
    """This process's values of ``GRADING_ENV`` (``AUTOGRADER_MNIST`` when ``--mnist`` is given)."""
    return {name: os.environ[name] for name in GRADING_ENV if os.environ.get(name)}


def fingerprint(assignment_id: str, environ: dict[str, str] | None = None) -> str:
    """SHA-256 of what decides a grade here: the suite, its pytest.ini, the reference solutions
    (of the assignment and its dependencies) and the files ``environ`` names (a data set).
    Client and worker must agree on it."""
    assignment = course.get(assignment_id)
    files = [SUITE_INI]
    for dep in course.dependency_closure(assignment):
        files += sorted(p for p in dep.folder.rglob("*.py") if "__pycache__" not in p.parts)
        files += [dep.folder / course.MANIFEST]
        files += sorted(course.solutions_dir(dep.id).glob("*.py"))
    digest = hashlib.sha256()
    for path in files:
        digest.update(f"{path.parent.name}/{path.name}\0".encode())
        digest.update(path.read_bytes() if path.is_file() else b"<missing>")
    for name, value in sorted((environ or {}).items()):
        digest.update(f"{name}\0{_file_digest(value, *_stat(value))}\0".encode())
    return digest.hexdigest()


def _stat(path: str) -> tuple[int, int]:
    try:
        info = os.stat(path)
    except OSError:
        return -1, -1
    return info.st_mtime_ns, info.st_size


@functools.lru_cache(maxsize=8)
def _file_digest(path: str, mtime_ns: int, size: int) -> str:
    """SHA-256 of a (large) data file, computed once per version of it."""
    if size < 0:
        return "<missing>"
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class WarmJob:
    """``run_job`` in a thread: ``inbox`` takes ``(index, Source)``, ``outbox`` gives
    ``(index, Result dict)``; an ``Exception`` in ``outbox`` means the job has ended."""

    def __init__(self, assignment_id: str, options: dict, environ: dict[str, str]):
        self.key = _key(assignment_id, options, environ)
        self.environ = environ
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
        _apply(self.environ)
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


def _apply(environ: dict[str, str]) -> None:
    """Set the client's ``GRADING_ENV`` values in this process. When they change, forget the
    imported suite modules: pytest reuses them between sessions, with their module-level caches
    (a5 caches its data set), which must not outlive the setting they were made under."""
    global _applied
    if _applied is not None and _applied != environ:
        for name, module in list(sys.modules.items()):
            if str(getattr(module, "__file__", None) or "").startswith(str(course.course_root() / course.SOURCE)):
                del sys.modules[name]
    for name in GRADING_ENV:
        os.environ.pop(name, None)
    os.environ.update(environ)
    _applied = dict(environ)


def _key(assignment_id: str, options: dict, environ: dict[str, str]) -> tuple:
    return assignment_id, json.dumps(options, sort_keys=True), json.dumps(environ, sort_keys=True)


def _warm_job_for(assignment_id: str, options: dict, environ: dict[str, str]) -> WarmJob:
    global _warm
    if _warm is not None and (_warm.ended or _warm.key != _key(assignment_id, options, environ)):
        _warm.close()
        _warm = None
    if _warm is None:
        _warm = WarmJob(assignment_id, options, environ)
    return _warm


def grade_batch(assignment_id: str, parcels: list[tuple[int, dict]], options: dict,
                expected: str | None = None, environ: dict[str, str] | None = None) -> list[tuple[int, dict]]:
    """The task: grade ``(index, parcel)`` pairs in this process's warm session.

    ``environ``: the client's ``GRADING_ENV`` values, set here for the session. Returns
    ``(index, Result.to_dict())`` for each. Raises ``GraderFailure`` when this worker's grading
    files differ from ``expected`` (a ``fingerprint``), when the suite cannot run, or when the
    session died (the executor retries the task, maybe on another worker).
    """
    global _warm
    environ = environ or {}
    if expected is not None and fingerprint(assignment_id, environ) != expected:
        named = "".join(f", {name}={value}" for name, value in sorted(environ.items()))
        raise GraderFailure(f"this worker's {assignment_id} suite, reference solutions or data files{named} "
                            f"differ from the client's (install the same checkout, or set AUTOGRADER_COURSE; "
                            f"a data file must be at the same path)")
    with _LOCK:
        folder = Path(tempfile.mkdtemp(prefix="ag-batch-"))
        try:
            items = [(index, parcel.unpack(p, folder / str(index))) for index, p in parcels]
            warm = _warm_job_for(assignment_id, options, environ)
            try:
                return warm.grade(items)
            except GraderFailure:
                _warm = None  # ended; the next batch starts a fresh one
                raise
        finally:
            shutil.rmtree(folder, ignore_errors=True)
