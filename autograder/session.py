"""One submission being graded: its staged files, its worker, and the outcomes recorded so far.

``Student`` is what suites see as the ``student`` fixture: ``student.functions`` is the
student's module (a ``RemoteObject``), imported in the worker on first use.

What the student's code prints is read by the grader from the capture file in the run's scratch
folder (never asked of the worker), cut to ``OUTPUT_PER_TEST`` bytes per test or import and
``OUTPUT_PER_SUBMISSION`` in all, and kept as ``SubmissionRun.printed``: one ``Printed`` per test
or import that printed anything, in order.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .course import Assignment
from .problems import StudentError
from .proxy import RemoteObject, encode_arg
from .results import Result, TestResult
from .submission import Staged
from .supervisor import Worker, Zygote
from .text import safe
from .worker.limits import Limits


SHM = Path("/dev/shm")
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


def scratch_root() -> Path:
    """Where scratch folders go: ``$TMPDIR`` when it is set, else in memory (/dev/shm) when the
    machine has it: each submission makes and removes a few, and removing folders on a disk
    costs more than grading a test."""
    if os.environ.get("TMPDIR"):
        return Path(os.environ["TMPDIR"])
    if SHM.is_dir() and os.access(SHM, os.W_OK):
        return SHM
    return Path(tempfile.gettempdir())


def scratch_dir(prefix: str) -> Path:
    """A new private folder (mode 0700, a name never used before) in ``scratch_root()``, named
    after this process: ``scratch_dir("ag-sub-")`` is ``ag-<pid>-sub-XXXXXXXX``, so that ``sweep``
    can tell a killed run's folders from a live one's."""
    rest = prefix[3:] if prefix.startswith("ag-") else prefix
    return Path(tempfile.mkdtemp(prefix=f"ag-{os.getpid()}-{rest}", dir=scratch_root()))


def sweep() -> list[Path]:
    """Remove the ``scratch_dir`` folders in ``scratch_root()`` whose owner is gone (its pid is not
    alive, is a zombie, or now names a process that started after the folder was last changed);
    return them. Live runs' folders, links, other users' folders and names without an owner pid
    (``ag-batch-…``) are left alone. Call it at the start of a run."""
    removed = []
    root = scratch_root()
    try:
        entries = list(os.scandir(root))
    except OSError:
        return removed
    for entry in entries:
        pid_text, dash, _ = entry.name[3:].partition("-")
        if not (entry.name.startswith("ag-") and dash and pid_text.isdigit() and not pid_text.startswith("0")):
            continue
        try:
            info = entry.stat(follow_symlinks=False)
            if not entry.is_dir(follow_symlinks=False) or info.st_uid != os.geteuid():
                continue
        except OSError:
            continue
        if not owner_alive(int(pid_text), info.st_mtime):
            shutil.rmtree(entry.path, ignore_errors=True)
            removed.append(root / entry.name)
    return sorted(removed)


def owner_alive(pid: int, since: float) -> bool:
    """Whether process ``pid`` is alive and may be the one that did something at time ``since``
    (it started no later): a reused pid is not the owner, nor is a zombie."""
    try:
        os.kill(pid, 0)
    except PermissionError:
        pass  # alive, another user's
    except (OSError, OverflowError):
        return False
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            fields = f.read().rsplit(b")", 1)[1].split()
        with open("/proc/stat", "rb") as f:
            boot = next(int(line.split()[1]) for line in f if line.startswith(b"btime "))
    except (OSError, IndexError, StopIteration, ValueError):
        return True  # no /proc: trust the pid
    if fields[0] == b"Z":
        return False
    started = boot + int(fields[19]) / os.sysconf("SC_CLK_TCK")
    return started <= since + 300  # slack: btime has one-second steps, and the wall clock may be stepped


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
            module = run.import_module(name)
        except StudentError as exc:
            raise StudentError(exc.type, exc.message, exc.where, module=name) from None
        if not isinstance(module, RemoteObject):  # the module put a plain value in sys.modules
            raise StudentError("ImportError", f"importing {name}.py gave {type(module).__name__} {str(module)[:40]!r}, "
                               f"not a module (was sys.modules[{name!r}] replaced?)", [], module=name)
        self._modules[name] = (worker.generation, module)
        return module


class SubmissionRun:
    """State for grading one staged submission; ``close`` kills its worker and removes its files."""

    def __init__(self, student_id: str, assignment: Assignment, staged: Staged, zygote: Zygote, *,
                 limits: Limits = Limits(), call_timeout: float = 10.0, budget: float = 120.0, salt: str = "",
                 hide: tuple[str, ...] = ()):
        self.student_id = student_id
        self.assignment = assignment
        self.staged = staged
        self.salt = salt
        self.outcomes: dict[str, TestResult] = {}
        self.scratch = scratch_dir("ag-run-")
        (self.scratch / "tmp").mkdir()
        spec = {"submission": str(staged.directory), "tmp": str(self.scratch / "tmp"),
                "output": str(self.scratch / "output.txt"), "limits": limits.to_dict(),
                "hide": list(hide)}  # folders the child must not even stat (other students', outputs)
        self.worker = Worker(zygote, spec, call_timeout=call_timeout, budget=budget)
        self.student = Student(self)
        self.figures: dict = {}
        self.printed: list[Printed] = []
        self._read_at = 0  # bytes of the capture file accounted for
        self._output_left = OUTPUT_PER_SUBMISSION
        self._test: str | None = None
        self._test_left = 0

    def result(self, assignment_id: str, max_score: float, tests: list[TestResult], output: str = "") -> Result:
        """The record; ``output`` is what the student may see of ``printed`` (the plugin decides)."""
        score = round(sum(t.score for t in tests), 4)
        return Result(self.student_id, assignment_id, score, max_score, tests=tests, output=output,
                      figures=self.figures)

    # -- what the student's code prints
    def start_test(self, nodeid: str) -> None:
        """From now on, what is printed belongs to the test ``nodeid`` (earlier bytes to no one)."""
        self._skip()
        self._test, self._test_left = nodeid, OUTPUT_PER_TEST

    def end_test(self) -> None:
        if self._test is not None:
            self._keep(nodeid=self._test)
        self._test = None

    def import_module(self, name: str) -> RemoteObject:
        """Import the student's module ``name``; what that prints is kept apart from the test that
        asked for it (import-time output is the student's to see, a hidden test's output is not)."""
        if self._test is not None:
            self._keep(nodeid=self._test)
        else:
            self._skip()
        try:
            return self.worker.module(name)
        finally:
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
        shutil.rmtree(self.scratch, ignore_errors=True)
        shutil.rmtree(self.staged.directory, ignore_errors=True)
