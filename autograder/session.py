"""One submission being graded: its staged files, its worker, and the outcomes recorded so far.

``Student`` is what suites see as the ``student`` fixture: ``student.functions`` is the
student's module (a ``RemoteObject``), imported in the worker on first use.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from .course import Assignment
from .proxy import RemoteObject, StudentError, Worker, Zygote, encode_arg
from .results import Result, TestResult
from .submission import Staged
from .worker.limits import Limits


SHM = Path("/dev/shm")


def scratch_dir(prefix: str) -> Path:
    """A new private folder: under ``$TMPDIR`` when it is set, else in memory (/dev/shm) when the
    machine has it: each submission makes and removes a few, and removing folders on a disk
    costs more than grading a test."""
    in_memory = "TMPDIR" not in os.environ and SHM.is_dir() and os.access(SHM, os.W_OK)
    where = str(SHM) if in_memory else None
    return Path(tempfile.mkdtemp(prefix=prefix, dir=where))


class Student:
    """The student's modules, reached through the worker. Attribute = module name."""

    def __init__(self, run: "SubmissionRun"):
        self._run = run
        self._modules: dict[str, tuple[int, RemoteObject]] = {}

    def watch(self, function: RemoteObject, *args, **kwargs) -> tuple:
        """Call ``function(*args, **kwargs)`` in the worker; return ``(result, args_after)``, the
        arguments as they are after the call (to see whether it modified them), in one request."""
        result, after = function._send("call", None, args=encode_arg(list(args)), kwargs=encode_arg(kwargs), watch=True)
        return result, list(after)

    def hold(self, value) -> RemoteObject:
        """Keep a copy of ``value`` in the worker and return its handle (to watch for mutation)."""
        return self._run.worker.request({"op": "hold", "value": encode_arg(value)})

    def fetch(self, handle: RemoteObject):
        """The current value of a worker-side object, as plain data."""
        return self._run.worker.request({"op": "value", "ref": handle._handle()})

    def __getattr__(self, name: str) -> RemoteObject:
        if name.startswith("_"):
            raise AttributeError(name)
        run = self._run
        if name in run.staged.problems and name not in run.staged.present:
            raise StudentError("MissingModule", name, [], feedback=run.staged.problems[name])
        worker = run.worker
        cached = self._modules.get(name)
        if cached and cached[0] == worker.generation and worker.sock is not None:
            return cached[1]
        try:
            module = worker.module(name)
        except StudentError as exc:
            raise StudentError(exc.type, exc.message, exc.where, module=name) from None
        self._modules[name] = (worker.generation, module)
        return module


class SubmissionRun:
    """State for grading one staged submission; ``close`` kills its worker and removes its files."""

    def __init__(self, student_id: str, assignment: Assignment, staged: Staged, zygote: Zygote, *,
                 limits: Limits = Limits(), call_timeout: float = 10.0, budget: float = 120.0, salt: str = ""):
        self.student_id = student_id
        self.assignment = assignment
        self.staged = staged
        self.salt = salt
        self.outcomes: dict[str, TestResult] = {}
        self.scratch = scratch_dir("ag-run-")
        (self.scratch / "tmp").mkdir()
        spec = {"submission": str(staged.directory), "tmp": str(self.scratch / "tmp"),
                "output": str(self.scratch / "output.txt"), "limits": limits.to_dict()}
        self.worker = Worker(zygote, spec, call_timeout=call_timeout, budget=budget)
        self.student = Student(self)
        self.output = ""
        self.figures: dict = {}

    def result(self, assignment_id: str, max_score: float, tests: list[TestResult]) -> Result:
        # the staging folder's random name would make two gradings of one submission differ
        self.output = self.worker.output().replace(str(self.staged.directory), "<submission>")
        score = round(sum(t.score for t in tests), 4)
        return Result(self.student_id, assignment_id, score, max_score, tests=tests, output=self.output,
                      figures=self.figures)

    def close(self) -> None:
        self.worker.close()
        shutil.rmtree(self.scratch, ignore_errors=True)
        shutil.rmtree(self.staged.directory, ignore_errors=True)
