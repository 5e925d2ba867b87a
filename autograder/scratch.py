"""Scratch folders: private, named after the process that made them, swept after a killed run.

Each submission stages its files and runs its worker in a few folders of ``scratch_root()``
(``ag-<pid>-…``); ``sweep`` removes those whose process is gone, at the start of a run.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

SHM = Path("/dev/shm")


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
