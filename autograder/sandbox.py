"""One submission's sandbox: its staged files, its worker and scratch folder, and what came out.

``SubmissionSandbox`` is what the grader holds while grading one submission: the staged copy of
its files, the worker process its code runs in (started lazily, restarted after a crash), the
child's private scratch folder, and what came out of it (each test's outcome, what the code
printed, figure data). ``close`` kills the worker and removes every file.

``Student`` is what suites see as the ``student`` fixture: ``student.functions`` is the
student's module (a ``RemoteObject``), imported in the worker on first use.

What the student's code prints is read by the grader from the capture file in the sandbox's
scratch folder (never asked of the worker), cut to ``OUTPUT_PER_TEST`` bytes per test or import
and ``OUTPUT_PER_SUBMISSION`` in all, and kept as ``SubmissionSandbox.printed``: one ``Printed``
per test or import that printed anything, in order.
"""

from __future__ import annotations

import shutil
import zlib
from dataclasses import dataclass

from . import diagnosis
from .course import Assignment
from .problems import StudentError, WorkerProblem
from .proxy import RemoteObject, encode_arg
from .results import Result, TestResult
from .scratch import scratch_dir
from .submission import Staged
from .supervisor import BUDGET, CALL_TIMEOUT, Worker, Zygote
from .text import safe
from .worker.limits import Limits
from .worker.spec import WorkerSpec

IMPORT_TRIES = 2  # a module whose import failed this often (raised, timed out, crashed) is not tried again
OUTPUT_PER_TEST = 4_000  # bytes kept of what one test (or one import) printed
OUTPUT_PER_SUBMISSION = 16_000  # bytes kept of what one submission printed in all


@dataclass
class Printed:
    """What the student's code printed during the test ``nodeid``, or while importing ``module``
    (``cut``: the grader kept only the first part of it)."""

    text: str
    cut: bool
    nodeid: str = ""
    module: str = ""


class Student:
    """The student's modules, reached through the worker. Attribute = module name."""

    def __init__(self, sandbox: "SubmissionSandbox"):
        self._sandbox = sandbox
        self._modules: dict[str, tuple[int, RemoteObject]] = {}

    def watch(self, function: RemoteObject, *args, **kwargs) -> tuple:
        """Call ``function(*args, **kwargs)`` in the worker; return ``(result, args_after)``, the
        arguments as they are after the call (to see whether it modified them), in one request."""
        result, after = function._send("call", None, args=encode_arg(list(args)), kwargs=encode_arg(kwargs), watch=True)
        return result, list(after)

    def hold(self, value) -> RemoteObject:
        """Keep a copy of ``value`` in the worker and return its handle (to watch for mutation)."""
        return self._sandbox.worker.request({"op": "hold", "value": encode_arg(value)})

    def fetch(self, handle: RemoteObject):
        """The current value of a worker-side object, as plain data."""
        return self._sandbox.worker.request({"op": "value", "ref": handle._handle()})

    def __getattr__(self, name: str) -> RemoteObject:
        if name.startswith("_"):
            raise AttributeError(name)
        sandbox = self._sandbox
        if name in sandbox.staged.problems and name not in sandbox.staged.present:
            raise StudentError("MissingModule", name, [], feedback=sandbox.staged.problems[name])
        worker = sandbox.worker
        cached = self._modules.get(name)
        if cached and cached[0] == worker.generation and worker.sock is not None:
            return cached[1]
        try:
            module = sandbox.import_module(name)
        except StudentError as exc:
            raise StudentError(exc.type, exc.message, exc.where, module=name) from None
        if not isinstance(module, RemoteObject):  # the module put a plain value in sys.modules
            raise StudentError("ImportError", f"importing {name}.py gave {type(module).__name__} {str(module)[:40]!r}, "
                               f"not a module (was sys.modules[{name!r}] replaced?)", [], module=name)
        self._modules[name] = (worker.generation, module)
        return module


def test_seed(nodeid: str) -> int:
    """The random state the student's code starts each test from: the test's name (with its
    class and parameters), not its folder, and not the student (identical code, identical draws)."""
    return zlib.crc32(nodeid.split("::", 1)[-1].encode())


class SubmissionSandbox:
    """Grading one staged submission: its worker, its files, its outcomes; ``close`` kills the
    worker and removes the files."""

    def __init__(self, student_id: str, assignment: Assignment, staged: Staged, zygote: Zygote, *,
                 limits: Limits = Limits(), call_timeout: float = CALL_TIMEOUT, budget: float = BUDGET,
                 salt: str = "", hide: tuple[str, ...] = ()):
        self.student_id = student_id
        self.assignment = assignment
        self.staged = staged
        self.salt = salt
        self.outcomes: dict[str, TestResult] = {}
        self.named: dict[str, tuple] = {}  # test → (the name its diagnosis gave, its feedback before, without notes)
        self.tied: dict[str, tuple] = {}  # test → (declared mistakes it could not tell apart, feedback, without notes)
        self.seen = diagnosis.Seen()  # what the diagnoses of this submission found so far
        self.scratch = scratch_dir("ag-run-")
        (self.scratch / "tmp").mkdir()
        spec: WorkerSpec = {"submission": str(staged.directory), "tmp": str(self.scratch / "tmp"),
                            "output": str(self.scratch / "output.txt"), "limits": limits.to_dict(),
                            "hide": list(hide)}  # folders the child must not even stat (other students', outputs)
        self.worker = Worker(zygote, spec, call_timeout=call_timeout, budget=budget)
        self.recording = self.worker.recording = diagnosis.Recording()  # what each test asked, for diagnosis
        self.student = Student(self)
        self.figures: dict = {}
        self.printed: list[Printed] = []
        self._read_at = 0  # bytes of the capture file accounted for
        self._output_left = OUTPUT_PER_SUBMISSION
        self._test: str | None = None
        self._test_left = 0
        self._test_hidden = False
        self._import_failures: dict[str, list[WorkerProblem]] = {}  # module → how importing it failed

    def result(self, assignment_id: str, max_score: float, tests: list[TestResult], output: str = "") -> Result:
        """The record; ``output`` is what the student may see of ``printed`` (the plugin decides)."""
        score = round(sum(t.score for t in tests), 4)
        return Result(self.student_id, assignment_id, score, max_score, tests=tests, output=output,
                      figures=self.figures)

    # -- what the student's code prints
    def start_test(self, nodeid: str, hidden: bool = False) -> None:
        """From now on, what is printed belongs to the test ``nodeid`` (earlier bytes to no one).
        ``hidden``: so does what a module prints when it is imported again during it (its code may
        print what hidden tests gave it, read back from its own output)."""
        self._skip()
        self._test, self._test_left, self._test_hidden = nodeid, OUTPUT_PER_TEST, hidden
        self.recording.start()
        self.worker.seed_test(test_seed(nodeid))

    def end_test(self) -> None:
        if self._test is not None:
            self._keep(nodeid=self._test)
        self._test = None

    def import_module(self, name: str) -> RemoteObject:
        """Import the student's module ``name``; what that prints is kept apart from the test that
        asked for it (import-time output is the student's to see, a hidden test's output is not)."""
        failed = self._import_failures.get(name, [])
        if len(failed) >= IMPORT_TRIES:  # it would again: every later test would wait out its time anew
            raise failed[-1].with_traceback(None)
        if self._test is not None:
            self._keep(nodeid=self._test)
        else:
            self._skip()
        try:
            return self.worker.module(name)
        except WorkerProblem as exc:
            self._import_failures.setdefault(name, []).append(exc)
            raise
        finally:
            if self._test is not None and self._test_hidden:
                self._keep(nodeid=self._test)  # staff-only, as the hidden test's own output
            else:
                self._keep(module=name)

    def _skip(self) -> None:
        _, self._read_at, _ = self.worker.output(self._read_at, 0)

    def _keep(self, nodeid: str = "", module: str = "") -> None:
        """Read what was printed since the last read, within the limits, into ``printed``."""
        limit = min(self._test_left if nodeid else OUTPUT_PER_TEST, self._output_left)
        data, self._read_at, dropped = self.worker.output(self._read_at, limit)
        self._output_left -= len(data)
        if nodeid:
            self._test_left -= len(data)
        if data or dropped:
            # the staging folder's random name would make two gradings of one submission differ
            text = safe(data.decode("utf-8", "replace")).replace(str(self.staged.directory), "<submission>")
            self.printed.append(Printed(text, dropped > 0, nodeid, module))

    def close(self) -> None:
        self.worker.close()
        # what the submission answered (its arrays, handles that point back at the worker) goes now,
        # not when the collector gets round to the cycle: a batch of hostile answers would pile up
        self.recording.forget()
        self.worker.recording = None
        shutil.rmtree(self.scratch, ignore_errors=True)
        shutil.rmtree(self.staged.directory, ignore_errors=True)
