"""What the grader sends the zygote to start one submission's child: its folders and limits.

One JSON object per child; the worker reads it, nothing in it names the course. The grader builds
it (``sandbox.SubmissionSandbox``), ``supervisor.Zygote.spawn`` sends it, ``worker.__main__.child``,
``confine.apply`` and ``limits.apply`` read it.
"""
from __future__ import annotations

from typing import TypedDict


class _Folders(TypedDict):
    submission: str  # the staged submission (read-only for the child; on its sys.path)
    tmp: str  # the child's private, writable folder (its cwd, $TMPDIR and $HOME)
    output: str  # the capture file its stdout and stderr append to (read by the grader)
    limits: dict[str, int]  # ``Limits.to_dict()``: memory, cpu_seconds, file_size, processes


class WorkerSpec(_Folders, total=False):
    hide: list[str]  # folders the child may not even stat (other students' originals, outputs, data)
