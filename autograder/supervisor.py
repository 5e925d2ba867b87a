"""Supervises the untrusted worker processes: the warm zygote and one submission's child.

``Zygote`` owns the warm worker process; ``Worker`` is one submission's child (started lazily,
restarted after a crash or a timeout), with per-call deadlines, a time budget and a cap on the
bytes it may send. Every answer is decoded by ``wire.decode``: numbers, strings, containers,
numeric arrays and handles, which become ``proxy.RemoteObject``; nothing the worker sends is
unpickled or executed here.
"""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field

from . import wire
from .problems import StudentError, WorkerCrashed, WorkerProblem, WorkerTimeout
from .proxy import RemoteObject
from .text import safe
from .worker.spec import WorkerSpec

CALL_TIMEOUT = 10.0  # seconds one call into student code may take (the default everywhere)
BUDGET = 120.0  # seconds one submission may take in all, every call counted (the default everywhere)

WORKER_ENV = ("PATH", "LANG", "LC_ALL", "OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "SYSTEMROOT",
              "AUTOGRADER_COURSE")  # confine.py hides that course root too (the child forgets it)


class Zygote:
    """A warm process with numpy imported that forks one child per submission."""

    def __init__(self, cpu: int | None = None, functions=()):
        self.process = None
        self.control = None
        self.cpu = cpu  # pin the zygote (and so every child it forks) to this core
        self.functions = tuple(map(str, functions))  # testfuncs.py files it loads before any child

    @classmethod
    def warm(cls, cpu: int | None = None, functions=()) -> "Zygote":
        """A started zygote loading ``functions``: the one ``prestart`` began, if it is for them
        (pinned to ``cpu`` now, before it forks any child), else a new one."""
        self = _PRESTARTED.pop(tuple(map(str, functions)), None)
        if self is None or self.process is None or self.process.poll() is not None:
            self = cls(cpu, functions)
            self.start()
        elif cpu is not None:
            self.cpu = cpu
            os.sched_setaffinity(self.process.pid, {cpu})
        return self

    def start(self) -> None:
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        env = {k: os.environ[k] for k in WORKER_ENV if k in os.environ}
        env.update(OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", MKL_NUM_THREADS="1",
                   PYTHONDONTWRITEBYTECODE="1", PYTHONHASHSEED="0", HOME="/nonexistent")
        self.process = subprocess.Popen(
            [sys.executable, "-P", "-m", "autograder.worker", str(theirs.fileno()), *self.functions],
            pass_fds=(theirs.fileno(),), env=env, cwd="/",
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        theirs.close()
        if self.cpu is not None:
            os.sched_setaffinity(self.process.pid, {self.cpu})
        self.control = ours
        self.control.settimeout(30)

    def spawn(self, spec: WorkerSpec) -> tuple[int, socket.socket]:
        """Fork a child serving a new socket; return ``(pid, socket)``. Restarts a dead zygote once."""
        for attempt in (1, 2):
            if self.process is None or self.process.poll() is not None:
                self.start()
            ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
            try:
                socket.send_fds(self.control, [json.dumps(spec).encode()], [theirs.fileno()])
                return _child_pid(self.control.recv(4096)), ours
            except (OSError, ValueError):
                ours.close()
                self.close()
                if attempt == 2:
                    raise
            finally:
                theirs.close()
        raise RuntimeError("unreachable")

    def close(self) -> None:
        if self.control is not None:
            self.control.close()
            self.control = None
        if self.process is not None:
            self.process.kill()
            self.process.wait()
            self.process = None


_PRESTARTED: dict[tuple[str, ...], Zygote] = {}  # by the functions they load; taken by ``Zygote.warm``


def prestart(functions=()) -> None:
    """Start a zygote for ``functions`` now, so that it imports numpy while the grader does what
    comes before grading (the preflight's checks, pytest's start); ``discard_prestarted`` stops
    one no session took."""
    key = tuple(map(str, functions))
    if key not in _PRESTARTED:
        zygote = Zygote(None, functions)
        zygote.start()
        _PRESTARTED[key] = zygote


def discard_prestarted() -> None:
    while _PRESTARTED:
        _PRESTARTED.popitem()[1].close()


def _child_pid(data: bytes) -> int:
    """The pid in the zygote's reply ``{"pid": n}``; ``ValueError`` unless it is one we may kill
    (never 0, -1 or 1, which ``killpg``/``kill`` read as "everyone", nor the grader's own)."""
    try:
        reply = json.loads(data.decode("ascii"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise ValueError("the zygote's reply is not JSON") from None
    pid = reply.get("pid") if type(reply) is dict else None
    if type(pid) is not int or not 1 < pid < 2**31 or pid in (os.getpid(), os.getpgrp()):
        raise ValueError(f"the zygote's reply holds no child pid: {data[:100]!r}")
    return pid


MAX_TYPE = 100  # characters kept of an exception's type name, or a ref's class name
MAX_MESSAGE = 2000
MAX_WHERE = 5  # frames kept (the innermost), each cut to MAX_WHERE_ENTRY
MAX_WHERE_ENTRY = 200
MAX_RECEIVED = 256 * 2**20  # bytes one submission's workers may send in all


def _text(value, limit: int) -> str:
    """A string field of a reply, made safe; any other JSON value counts as missing."""
    return safe(value, limit) if type(value) is str else ""


@dataclass
class Worker:
    """One submission's worker: started lazily, replaced after a crash or timeout.

    Each request has one deadline for the whole exchange (the call's timeout or what is left of
    the budget, whichever ends first); ``received`` counts the bytes of every reply, and once it
    passes ``max_received`` every further request fails as ``WorkerCrashed``.
    """

    zygote: Zygote
    spec: WorkerSpec
    call_timeout: float = CALL_TIMEOUT
    budget: float = BUDGET
    max_received: int = MAX_RECEIVED
    deadline: float = field(init=False)
    received: int = field(default=0, init=False)
    pid: int | None = field(default=None, init=False)
    sock: socket.socket | None = field(default=None, init=False)
    generation: int = field(default=0, init=False)
    restarts: int = field(default=0, init=False)
    test_seed: int | None = field(default=None, init=False)  # the running test's, see ``seed_test``
    _seed_pending: bool = field(default=False, init=False)
    recording: object = None  # a diagnosis.Recording: every request and its outcome, for diagnosis

    def __post_init__(self):
        self.deadline = time.monotonic() + self.budget

    def _ensure(self) -> None:
        if self.sock is None:
            self.pid, self.sock = self.zygote.spawn(self.spec)
            self.generation += 1
            self.restarts += self.generation > 1
            self._seed_pending = self.test_seed is not None  # a new child starts the test's draws over

    def seed_test(self, seed: int) -> None:
        """From the next request on, the child's random states (numpy's global one and the
        ``random`` module's) start from ``seed``: what a test's student code draws then depends on
        the test alone, not on what earlier tests drew or on a restart. Sent with that request,
        not as one of its own, and never with an import: what a module's top level seeds or draws
        (a notebook's ``np.random.seed(0)`` cell) would otherwise replace the test's state."""
        self.test_seed, self._seed_pending = seed, True

    def kill(self) -> None:
        if self.pid is not None:
            for kill in (lambda: os.killpg(self.pid, signal.SIGKILL), lambda: os.kill(self.pid, signal.SIGKILL)):
                try:
                    kill()
                except (ProcessLookupError, PermissionError):
                    pass
        if self.sock is not None:
            self.sock.close()
        self.pid = self.sock = None

    close = kill

    def request(self, message: dict, timeout: float | None = None):
        """Send one request; return the decoded answer or raise a ``WorkerProblem``."""
        if self.recording is None:
            return self._request(message, timeout)
        try:
            answer = self._request(message, timeout)
        except StudentError as exc:
            self.recording.add(message, raised=f"{exc.type}: {exc.message}", generation=self.generation)
            raise
        except WorkerProblem:
            self.recording.lost()
            raise
        self.recording.add(message, answer, generation=self.generation)
        return answer

    def _request(self, message: dict, timeout: float | None):
        if self.received > self.max_received:
            raise WorkerCrashed(self._too_much())
        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            raise WorkerTimeout("the submission used up its time budget")
        self._ensure()
        if self._seed_pending and message.get("op") != "import":  # a module's top level runs before the seed
            message, self._seed_pending = {**message, "seed": self.test_seed}, False
        limit = min(timeout or self.call_timeout, remaining)
        deadline = time.monotonic() + limit
        try:
            wire.send(self.sock, message, deadline)
            reply = wire.recv(self.sock, deadline, self._count)
        except socket.timeout:
            self.kill()
            raise WorkerTimeout(f"no answer within {limit:.0f} s") from None
        except (EOFError, OSError):
            self.kill()
            raise WorkerCrashed("the worker process ended (exit, crash, or a memory/CPU limit)") from None
        except wire.WireError as exc:
            self.kill()
            raise WorkerCrashed(f"the worker sent data the grader cannot read ({exc})") from None
        return self._answer(reply)

    def _count(self, size: int) -> None:
        self.received += size
        if self.received > self.max_received:
            raise wire.WireError(self._too_much())

    def _too_much(self) -> str:
        return f"the worker sent more than {self.max_received / 2**20:g} MiB in total for this submission"

    def _answer(self, reply: dict):
        if "raised" in reply:
            r = reply["raised"]
            if type(r) is not dict:
                raise WorkerCrashed("malformed answer")
            where = r.get("where") if type(r.get("where")) is list else []
            raise StudentError(_text(r.get("type"), MAX_TYPE) or "UnknownError", _text(r.get("message"), MAX_MESSAGE),
                               [_text(w, MAX_WHERE_ENTRY) for w in where[-MAX_WHERE:] if type(w) is str])
        if "ok" not in reply:
            raise WorkerCrashed("malformed answer")
        generation = self.generation
        try:
            return wire.decode(reply["ok"], lambda tagged: self._ref(tagged, generation), text=safe)
        except wire.WireError as exc:
            self.kill()
            raise WorkerCrashed(f"the worker sent data the grader cannot read ({exc})") from None

    def _ref(self, tagged: dict, generation: int) -> RemoteObject:
        ref_id = tagged.get("id")
        if tagged.get("$") != "ref" or type(ref_id) is not int or not 0 <= ref_id < wire.MAX_INT:
            raise wire.WireError("the worker may only send ref handles")
        type_name = _text(tagged.get("type"), MAX_TYPE) or "object"
        return RemoteObject(self, ref_id, type_name, tagged.get("callable") is True, generation)

    def output(self, start: int, limit: int) -> tuple[bytes, int, int]:
        """What the student's code printed from byte ``start`` of the capture file: ``(at most
        limit bytes, the file's size now, how many bytes after them were not read)``.

        Read here, from the grader's own scratch folder (``spec["output"]``): the worker is never
        asked, so it cannot answer anything else. The child flushes before each answer, so what
        a request printed is in the file once its answer is in. A file that shrank (the student
        truncated its stdout) is read from its start; one that is not a regular file, not at all.
        """
        import stat

        try:
            fd = os.open(self.spec["output"], os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
        except OSError:
            return b"", start, 0  # nothing printed yet (the first child creates the file)
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):
                return b"", start, 0
            size = info.st_size
            start = start if start <= size else 0
            data = os.pread(fd, max(0, min(limit, size - start)), start)
            return data, size, size - start - len(data)
        except OSError:
            return b"", start, 0
        finally:
            os.close(fd)

    def module(self, name: str) -> RemoteObject:
        return self.request({"op": "import", "module": name})
