"""The attack catalogue: what a submission could try against its sandbox, run inside a confined child.

One catalogue for ``autograder doctor``, the grading preflight's verdict and the confinement
tests, so that each tries the same attacks. It runs on the untrusted side, in a worker child or
a throwaway confined child, so it imports only the standard library (and, in ``honest``, numpy,
which the zygote has imported already). A submission serves it with the one line ``SUBMISSION``.

``ATTACKS`` answer ``[succeeded, what happened]`` and never raise; ``STOPPED_BY`` names the
protections that refuse each (any one is enough). What they aim at (the grader's pid, a
listener's port…) the grader's side sets up (``sandbox_audit.Targets``).
"""
from __future__ import annotations

import ctypes
import errno
import os
import resource
import socket
import subprocess
import time

PTRACE_ATTACH, PTRACE_DETACH = 16, 17
SUBMISSION = "from autograder.worker.attacks import *  # noqa: F401,F403 - the attack catalogue as a submission\n"
STOPPED_BY: dict[str, set[str]] = {}  # attack → the protections that refuse it
ATTACKS: dict = {}


def attempt(fn, *args) -> list:
    """``[succeeded, what happened]`` for ``fn(*args)``: whatever the kernel answers is the answer."""
    try:
        return [True, f"succeeded: {str(fn(*args))[:80]}"]
    except BaseException as exc:  # noqa: BLE001
        return [False, f"{type(exc).__name__}: {exc}"[:120]]


def _attack(*protections: str):
    """Catalogue the function as an attack refused by any of ``protections``: it answers ``attempt``'s pair."""
    def catalogue(fn):
        def attacked(*args):
            return attempt(fn, *args)

        attacked.__name__, attacked.__doc__ = fn.__name__, fn.__doc__
        STOPPED_BY[fn.__name__] = set(protections)
        ATTACKS[fn.__name__] = attacked
        return attacked
    return catalogue


@_attack("landlock-files")
def read(path: str, size: int = 20):
    with open(path) as f:
        return f.read(size)


@_attack("landlock-files")
def list_dir(path: str):
    return sorted(os.listdir(path))


@_attack("hide-paths")
def stat(path: str):
    return os.stat(path).st_size


@_attack("landlock-files")
def write(path: str, text: str = "escaped"):
    with open(path, "w") as f:
        return f.write(text)


@_attack("landlock-files")
def exec_file(path: str):
    """Run a Python file (the reference solution) in a namespace of one's own."""
    namespace: dict = {}
    with open(path) as f:
        exec(f.read(), namespace)  # noqa: S102 - the attack
    return sorted(name for name in namespace if not name.startswith("_"))[:3]


def _fill(folder: str, count: int, most: int) -> tuple[int, OSError | None]:
    """Write ``count`` files in ``folder``, each until refused (or past ``most`` bytes); remove them."""
    total, error = 0, None
    names = [os.path.join(folder, f"fill-{i}") for i in range(count)]
    for name in names:
        try:
            with open(name, "wb", buffering=0) as f:
                written = 0
                while written <= most:
                    n = f.write(bytes(2**20))
                    written, total = written + n, total + n
        except OSError as exc:
            error = exc
    for name in names:
        if os.path.exists(name):
            os.unlink(name)
    return total, error


def fill(folder: str, count: int, most: int = 2**30) -> list:
    """``[bytes written in all, the errno that stopped the last file]`` (``"no error"``)."""
    total, error = _fill(folder, count, most)
    return [total, errno.errorcode.get(error.errno, str(error.errno)) if error else "no error"]


@_attack("tmp-quota")
def fill_the_disk(limit: int):
    """Three files in the working folder (the tmp dir), each up to the file size limit."""
    total, error = _fill(".", 3, limit)
    if total > limit:
        return f"wrote {total // 2**20} MiB in all"
    raise OSError(error.errno if error else 0, f"stopped at {total // 2**20} MiB: {error.strerror if error else ''}")


@_attack("seccomp", "landlock-tcp", "netns")
def connect_tcp(port: int):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.settimeout(2)
    try:
        s.connect(("127.0.0.1", port))
        s.sendall(b"stolen")
    finally:
        s.close()
    return "connected"


@_attack("landlock-abstract-unix")
def connect_abstract(name: str):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        s.connect(name)
    finally:
        s.close()
    return "connected"


@_attack("landlock-signals", "uid", "seccomp")
def signal(pid: int, signum: int = 0):
    return os.kill(pid, signum)


@_attack("seccomp", "landlock-files", "uid")
def ptrace(pid: int):
    libc = ctypes.CDLL(None, use_errno=True)
    libc.ptrace.argtypes = [ctypes.c_long, ctypes.c_long, ctypes.c_void_p, ctypes.c_void_p]
    if libc.ptrace(PTRACE_ATTACH, pid, None, None) != 0:
        code = ctypes.get_errno()
        raise OSError(code, os.strerror(code))
    libc.ptrace(PTRACE_DETACH, pid, None, None)
    return "attached"


@_attack("seccomp", "landlock-files")
def run_program(argv=("/bin/sh", "-c", "exit 0")):
    return subprocess.run(list(argv)).returncode


@_attack("seccomp")
def new_session():
    """Leave the process group the grader kills."""
    return os.setsid()


@_attack("seccomp")
def prlimit(pid: int, limit: list):
    """Set ``pid``'s CPU limit (to ``limit``, what it is: nothing changes if allowed)."""
    return resource.prlimit(pid, resource.RLIMIT_CPU, tuple(limit))


def _forks(ceiling: int, each: int) -> tuple[int, OSError | None]:
    """Fork until refused or ``ceiling`` forks; each child forks ``each`` more, then they all sleep."""
    forks = 0
    while forks < ceiling:
        try:
            pid = os.fork()
        except OSError as exc:
            return forks, exc
        if pid == 0:
            try:
                for _ in range(each):
                    try:
                        os.fork()
                    except OSError:
                        pass
                while True:
                    time.sleep(1)
            finally:
                os._exit(0)
        forks += 1
    return forks, None


def forks_until_refused(ceiling: int, each: int = 10) -> list:
    """``[forks that worked, the error's type or "no error"]``."""
    forks, error = _forks(ceiling, each)
    return [forks, type(error).__name__ if error else "no error"]


@_attack("process-cap")
def fork_bomb(ceiling: int):
    forks, error = _forks(ceiling, 0)
    if error:
        raise error
    return f"forked {forks} processes"


def honest() -> str:
    """Some real work: numpy, a lazily imported module, a file in the private tmp dir."""
    import fractions
    import tempfile

    import numpy as np

    with tempfile.NamedTemporaryFile("w+", suffix=".txt") as f:
        f.write("fine")
        f.flush()
        f.seek(0)
        kept = f.read()
    return f"{float(np.linspace(0, 1, 5).sum())} {fractions.Fraction(1, 3)} {kept}"


def try_every_attack(t: dict) -> list[list]:
    """In a worker child: every attack on ``t`` (grader and zygote pids, a listener's port, the
    ``secrets`` to read, the ``escape`` path, the file size ``limit``, the process ``cap``), between
    honest work before and after. ``[label, attack, succeeded, detail]`` each."""
    signum = t.get("signal", 0)
    tries = [("honest work", "honest", attempt(honest)), ("read /etc/passwd", "read", read("/etc/passwd"))]
    tries += [(f"read {label}", "read", read(path)) for label, path in t["secrets"]]
    tries += [("list /", "list_dir", list_dir("/")),
              ("write outside the tmp dir", "write", write(t["escape"])),
              ("fill the disk", "fill_the_disk", fill_the_disk(t["limit"])),
              ("connect to 127.0.0.1", "connect_tcp", connect_tcp(t["port"])),
              ("signal the grader", "signal", signal(t["grader"], signum)),
              ("signal the zygote", "signal", signal(t["zygote"], signum)),
              ("ptrace the grader", "ptrace", ptrace(t["grader"])),
              ("run a program", "run_program", run_program()),
              ("leave the process group", "new_session", new_session()),
              ("fork bomb", "fork_bomb", fork_bomb(4 * t["cap"])),
              ("honest work after all that", "honest", attempt(honest))]
    return [[label, name, *outcome] for label, name, outcome in tries]


def try_reading(secrets: dict) -> dict[str, str]:
    """label → "" when the folder cannot be listed nor its file read, else what could be."""
    found = {}
    for label, (folder, sample) in secrets.items():
        seen = [f"list {folder}"] if list_dir(folder)[0] else []
        seen += [f"read {sample}"] if sample and read(sample, 1)[0] else []
        found[label] = " and ".join(seen)
    return found


def state() -> dict:
    """The confinement this child is under (``confine.STATE``) and where its runtime lies."""
    from . import confine

    return {**confine.STATE, "runtime": os.path.dirname(os.path.abspath(__file__))}


__all__ = [*ATTACKS, "attempt", "fill", "forks_until_refused", "honest", "state", "try_every_attack", "try_reading"]
