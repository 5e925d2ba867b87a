"""Resource limits applied to a submission's child right after fork (``setrlimit``)."""
from __future__ import annotations

import resource
import signal
from dataclasses import dataclass, asdict


@dataclass(frozen=True)
class Limits:
    """Per-submission limits. Times in seconds, sizes in bytes."""

    memory: int = 2 * 2**30
    cpu_seconds: int = 120
    file_size: int = 64 * 2**20
    processes: int = 64

    def to_dict(self) -> dict:
        return asdict(self)


def apply(limits: dict, processes: bool = True) -> None:
    """Lower this process's limits (soft and hard, so student code cannot raise them again).

    ``processes=False`` leaves the process cap to ``cap_processes``, called once the child is in
    its own user namespace: a cap set before ``unshare(CLONE_NEWUSER)`` becomes the namespace's
    ceiling for the whole uid outside it, so a non-root grader's child would count every process
    of the grader's user (and could not fork at all on a busy machine)."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # an over-long write fails with EFBIG instead
    for name, value in (
        (resource.RLIMIT_AS, limits["memory"]),
        (resource.RLIMIT_CPU, limits["cpu_seconds"]),
        (resource.RLIMIT_FSIZE, limits["file_size"]),
        (resource.RLIMIT_CORE, 0),
    ):
        resource.setrlimit(name, (value, value))
    if processes:
        cap_processes(limits)


def cap_processes(limits: dict) -> None:
    """The process cap (``RLIMIT_NPROC``, soft and hard)."""
    resource.setrlimit(resource.RLIMIT_NPROC, (limits["processes"], limits["processes"]))
