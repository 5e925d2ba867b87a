"""Grade what the queue holds: warm grading processes (or a dask cluster) fed by one thread.

``LocalPool`` keeps ``jobs`` spawned processes, each holding a warm grading session
(``executors.warm.grade_batch``: one pytest session and zygote kept between submissions, for
the assignment and language it graded last); a submission goes to an idle process that is warm
for it when there is one. ``DaskPool`` sends the same task to a cluster. ``Dispatcher`` is the
thread between the queue and a pool: it first runs each served assignment's preflight through
the pool (reference full marks, stub zero: an assignment that fails it is not graded, and the
instructor's pages say why), then claims what the pool can take, hands it over as plain data
(``parcel``) and records each answer. A grading process that dies is replaced, and what it was
grading goes back to the queue (``queue.release``).
"""
from __future__ import annotations

import ctypes
import multiprocessing
import queue as queues
import signal
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from .. import course, preflight
from ..executors import parcel
from ..grading import GraderFailure, Options
from ..results import Result
from ..submission import Source
from . import queue
from .db import Database


NOT_STARTED = "not started: the grading process died while grading the one before it"


@dataclass
class Task:
    key: int  # the grading id (or a negative number for preflight tasks)
    assignment: str
    lang: str
    parcel: dict


class Pool(Protocol):
    processes: int  # how many submissions it grades at the same time

    def idle(self) -> int: ...  # how many more tasks it takes now

    def submit(self, task: Task) -> None: ...

    def answers(self, timeout: float) -> list[tuple[int, dict | str]]: ...  # (key, Result dict | why it failed)

    def close(self) -> None: ...


def _die_with_parent() -> None:
    """Linux: this process is killed when the server that started it dies (even by SIGKILL)."""
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _grading_process(inbox, outbox, options: dict) -> None:
    _die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the server's Ctrl-C stops it through its inbox
    from ..executors.warm import grade_batch

    while (task := inbox.get()) is not None:
        key, assignment, lang, packed = task
        try:
            (_, answer), = grade_batch(assignment, [(0, packed)], {**options, "lang": lang})
        except GraderFailure as exc:
            answer = f"{exc}"
        except Exception as exc:  # noqa: BLE001 - any failure is the grader's, reported, never a lost task
            answer = f"{type(exc).__name__}: {exc}"
        outbox.put((key, answer))


@dataclass
class _Slot:
    process: multiprocessing.Process
    inbox: object
    warm_for: tuple[str, str] | None = None
    held: list[int] = field(default_factory=list)  # the task keys handed to it, oldest (being graded) first
    since: float = field(default_factory=time.monotonic)


class LocalPool:
    """``jobs`` warm grading processes on this machine. Each holds up to ``DEPTH`` tasks: the one it
    grades and the next, so it never waits for the dispatcher between two submissions."""

    DEPTH = 2

    def __init__(self, jobs: int, options: Options):
        from ..executors.warm import options_to_dict

        self.ctx = multiprocessing.get_context("spawn")
        self.options = options_to_dict(options)
        self.outbox = self.ctx.Queue()
        self.slots = [self._start() for _ in range(max(1, jobs))]
        self.processes = len(self.slots)
        self.lost: list[tuple[int, str]] = []

    def _start(self) -> _Slot:
        inbox = self.ctx.Queue()
        process = self.ctx.Process(target=_grading_process, args=(inbox, self.outbox, self.options),
                                   daemon=True, name="autograder-serve-grading")
        process.start()
        return _Slot(process, inbox)

    def idle(self) -> int:
        self._replace_dead()
        return sum(self.DEPTH - len(slot.held) for slot in self.slots)

    def submit(self, task: Task) -> None:
        """To the least loaded process, one already warm for the task's assignment and language
        among them; an idle one before a second task for a busy one."""
        want = (task.assignment, task.lang)
        open_slots = [s for s in self.slots if len(s.held) < self.DEPTH]
        slot = min(open_slots, key=lambda s: (len(s.held), s.warm_for != want, s.since))
        slot.held.append(task.key)
        slot.warm_for, slot.since = want, time.monotonic()
        slot.inbox.put((task.key, task.assignment, task.lang, task.parcel))

    def answers(self, timeout: float) -> list[tuple[int, dict | str]]:
        got: list[tuple[int, dict | str]] = []
        try:
            got.append(self.outbox.get(timeout=timeout))
            while True:
                got.append(self.outbox.get_nowait())
        except queues.Empty:
            pass
        for key, _ in got:
            for slot in self.slots:
                if key in slot.held:
                    slot.held.remove(key)
                    slot.since = time.monotonic()
        self._replace_dead()
        lost, self.lost = self.lost, []
        return got + lost

    def _replace_dead(self) -> None:
        for n, slot in enumerate(self.slots):
            if not slot.process.is_alive():
                why = f"the grading process died (exit code {slot.process.exitcode})"
                self.lost += [(key, why if i == 0 else NOT_STARTED) for i, key in enumerate(slot.held)]
                self.slots[n] = self._start()

    def close(self) -> None:
        for slot in self.slots:
            slot.inbox.put(None)
        for slot in self.slots:
            slot.process.join(timeout=10)
            if slot.process.is_alive():
                slot.process.kill()


class DaskPool:
    """The same tasks on a dask.distributed cluster (``--scheduler tcp://…``)."""

    def __init__(self, scheduler: str, options: Options, in_flight: int = 0):
        from distributed import Client

        from ..executors.warm import options_to_dict

        self.client = Client(scheduler)
        self.options = options_to_dict(options)
        self.processes = max(1, sum(self.client.nthreads().values()))
        self.limit = in_flight or 2 * self.processes
        self.futures: dict[int, object] = {}
        self.done: queues.Queue = queues.Queue()

    def idle(self) -> int:
        return max(0, self.limit - len(self.futures))

    def submit(self, task: Task) -> None:
        from ..executors.warm import fingerprint, grade_batch

        future = self.client.submit(grade_batch, task.assignment, [(0, task.parcel)],
                                    {**self.options, "lang": task.lang}, fingerprint(task.assignment),
                                    pure=False, retries=2)
        self.futures[task.key] = future
        future.add_done_callback(lambda f, key=task.key: self.done.put((key, f)))

    def answers(self, timeout: float) -> list[tuple[int, dict | str]]:
        got: list[tuple[int, dict | str]] = []
        try:
            item = self.done.get(timeout=timeout)
            while True:
                key, future = item
                self.futures.pop(key, None)
                try:
                    got.append((key, future.result()[0][1]))
                except Exception as exc:  # noqa: BLE001 - the task failed for good: the grader's failure
                    got.append((key, f"{type(exc).__name__}: {exc}"))
                item = self.done.get_nowait()
        except queues.Empty:
            pass
        return got

    def close(self) -> None:
        self.client.close()


def _all_read(packed: dict) -> bool:
    """Every stored file made it into the parcel as a file (an upload was checked when stored)."""
    entry = packed["entry"]
    if entry[0] == "dir":
        return all(child[0] == "file" for child in entry[1].values())
    return entry[0] == "file"


class Dispatcher(threading.Thread):
    """The thread that grades the queue through ``pool``. ``wake()`` after enqueueing."""

    def __init__(self, db: Database, pool: Pool, assignments: list[str], *, run_preflight: bool = True,
                 allow_unconfined: bool = False):
        super().__init__(name="autograder-serve-dispatch", daemon=True)
        self.db, self.pool, self.assignments = db, pool, list(assignments)
        self.run_preflight, self.allow_unconfined = run_preflight, allow_unconfined
        self.problems: dict[str, list[str]] = {}  # assignment → why its preflight failed
        self.ready = threading.Event()  # the preflight has finished
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self.held: dict[int, queue.Claimed] = {}
        self.on_finished = lambda submission_id: None  # told after each grading is recorded
        self.errors: list[str] = []  # the latest unexpected errors of the loop (for the instructor's page)

    def wake(self) -> None:
        self._wake.set()

    def stop(self) -> None:
        self._stopping.set()
        self._wake.set()

    def run(self) -> None:
        try:
            queue.recover(self.db)
            if self.run_preflight:
                try:
                    self.problems = self._preflight()
                except Exception as exc:  # noqa: BLE001 - no assignment is graded, and the pages say why
                    self.problems = {a: [f"the preflight itself failed: {type(exc).__name__}: {exc}"]
                                     for a in self.assignments}
            self.ready.set()
            while not self._stopping.is_set():
                try:
                    self._step(frozenset(self.problems))
                except Exception as exc:  # noqa: BLE001 - a database hiccup must not stop grading for good
                    self.errors.append(f"{type(exc).__name__}: {exc}")
                    del self.errors[:-20]
                    self._stopping.wait(1.0)
        finally:
            self.ready.set()
            self.pool.close()

    def _step(self, skip: frozenset[str]) -> None:
        # no student holds every grading place: the class is never stuck behind one student's backlog
        cap = max(1, self.pool.processes - 1)
        for claimed in queue.claim(self.db, self.pool.idle(), skip, cap=cap):
            self._hand_over(claimed)
        if self.held:
            for key, answer in self.pool.answers(timeout=0.05):
                self._record(key, answer)
        else:
            self._wake.wait(timeout=0.5)
            self._wake.clear()

    def _hand_over(self, claimed: queue.Claimed) -> None:
        folder = Path(claimed.folder)
        path = folder / claimed.files[0] if len(claimed.files) == 1 else folder
        packed = parcel.pack(Source(claimed.student_id, path))
        if not _all_read(packed):
            # the stored files could not be read here (no descriptors left, a disk error): the
            # server's failure, to be tried again, never the student's "your file is missing"
            queue.release(self.db, claimed, "the stored files could not be read")
            return
        self.held[claimed.grading_id] = claimed
        self.pool.submit(Task(claimed.grading_id, claimed.assignment, claimed.lang, packed))

    def _record(self, key: int, answer: dict | str) -> None:
        claimed = self.held.pop(key, None)
        if claimed is None:
            return
        if isinstance(answer, str):  # the grading process died or the task failed: try again
            queue.release(self.db, claimed, answer, tried=answer != NOT_STARTED)
            self._wake.set()
        elif queue.finish(self.db, claimed, Result.from_dict(answer)):
            self.on_finished(claimed.submission_id)

    def _preflight(self) -> dict[str, list[str]]:
        """Each assignment's reference and stub graded through the pool, judged as ``run`` judges
        them (``preflight.judge``); assignment → what is wrong (none: absent)."""
        problems: dict[str, list[str]] = {a: preflight.declared_problems(course.get(a)) for a in self.assignments}
        tasks: dict[int, tuple[str, str]] = {}
        with tempfile.TemporaryDirectory(prefix="ag-serve-preflight-") as tmp:
            pending: list[Task] = []
            for assignment_id in self.assignments:
                a = course.get(assignment_id)
                (Path(tmp) / assignment_id).mkdir()
                folders = {preflight.REFERENCE_ID: preflight.reference_folder(a, Path(tmp) / assignment_id)}
                if course.release_dir(a.id).is_dir():
                    folders[preflight.STUB_ID] = course.release_dir(a.id)
                for who, folder in folders.items():
                    key = -(len(tasks) + 1)  # negative: never a grading's id
                    tasks[key] = (assignment_id, who)
                    pending.append(Task(key, assignment_id, "en", parcel.pack(Source(who, folder))))
            answers: dict[int, dict | str] = {}
            while (pending or len(answers) < len(tasks)) and not self._stopping.is_set():
                while pending and self.pool.idle():
                    self.pool.submit(pending.pop(0))
                answers.update(self.pool.answers(timeout=0.1))
        records: dict[str, dict[str, Result]] = {a: {} for a in self.assignments}
        for key, (assignment_id, who) in tasks.items():
            answer = answers.get(key, "not graded")
            if isinstance(answer, str):
                problems[assignment_id].append(f"grading the {who} failed: {answer}")
            else:
                records[assignment_id][who] = Result.from_dict(answer)
        for assignment_id, got in records.items():
            problems[assignment_id] += preflight.judge(course.get(assignment_id), got.get(preflight.REFERENCE_ID),
                                                       got.get(preflight.STUB_ID))
        confined, notes = preflight.sandbox_verdict()
        if not confined and not self.allow_unconfined:
            for assignment_id in self.assignments:
                problems[assignment_id].append(
                    "student code would not be confined here (" + "; ".join(notes) + "): run `autograder doctor`")
        return {a: p for a, p in problems.items() if p}
