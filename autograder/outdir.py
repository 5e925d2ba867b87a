"""Claim an output folder for one batch, so that no run silently replaces another batch's results.

A batch is one assignment graded from one or more submissions folders. ``claim`` records it in
``OUT/batch.json`` and refuses (``OutDirTaken``) a folder that holds results of another batch.
"""
from __future__ import annotations

import csv
import json
import os
import re
import socket
import time
from pathlib import Path

from .text import safe
from .writers import write_atomic

NAME = "batch.json"
RESULTS = ("results.json", "grades.csv", "journal.jsonl")  # what a run writes and another must not replace


class OutDirTaken(ValueError):
    """The output folder holds results of another batch; the message says what and what to do."""


def claim(out: Path, assignment_id: str, submissions: Path, *, update: bool = False, force: bool = False) -> None:
    """Make ``out`` (created if needed) the output folder of grading ``assignment_id`` from
    ``submissions``, or raise ``OutDirTaken`` and change nothing.

    ``OUT/batch.json`` says whose results ``out`` holds: ``{"assignment", "submissions": [resolved
    paths], "when": seconds since the epoch, "pid", "host"}``. With ``S`` the resolved ``submissions``:

    - ``out`` holds none of ``results.json``, ``grades.csv``, ``journal.jsonl``: claimed for this
      batch (``batch.json`` := this assignment, ``[S]``), whatever an old ``batch.json`` said.
    - It holds results of this same batch (``batch.json`` has this assignment and exactly ``[S]``):
      claimed (a re-run, or ``--resume``).
    - It holds results of another batch (another assignment, other submissions, or no readable
      ``batch.json``):
      ``force``: claimed for this batch alone (``[S]``); the caller then replaces the results.
      ``update``: allowed only for the same assignment (from ``batch.json``, else from the journal's
      header or the first row of ``grades.csv``; when neither says, allowed): ``S`` is added to the
      batch's submissions, and the caller merges this run's records into the results there by
      student id. Another assignment is refused even with ``update``.
      Neither: refused.
    - Another process on this machine that claimed ``out`` and is still running (the ``pid`` in
      ``batch.json``, not this one) is writing into it: refused unless ``force``, even for the same batch.

    ``claim`` never deletes, moves or rewrites results; it only writes ``batch.json`` (atomically).
    """
    out = Path(out)
    here = str(Path(submissions).resolve())
    if out.exists() and not out.is_dir():
        raise OutDirTaken(f"--out {safe(out)} is not a folder; use another --out")
    batch = _read(out / NAME)
    results = [name for name in RESULTS if (out / name).exists()]
    if batch and not force and batch.get("host") == socket.gethostname() and _running(batch):
        raise OutDirTaken(f"{safe(out)} is being written by another run now (process {batch['pid']}, "
                          f"since {_when(batch)}): wait for it to finish, or use another --out "
                          f"(--force if that process is no grader)")
    listed = batch.get("submissions", []) if batch else []
    same = bool(batch) and batch.get("assignment") == assignment_id and listed == [here]
    if not results or same or force:
        _write(out, assignment_id, [here])
        return
    theirs = batch.get("assignment") if batch else _assignment_in(out)
    if update and theirs in (None, assignment_id):
        _write(out, assignment_id, listed + [here] if here not in listed else listed)
        return
    files = ", ".join(results)
    held = " and ".join(noun for noun, names in (("results", RESULTS[:2]), ("journal", RESULTS[2:]))
                        if any(name in results for name in names))
    if update:
        raise OutDirTaken(f"{safe(out)} holds the {held} of {safe(theirs)} ({files}); --update merges records of "
                          f"one assignment only: use --force to replace them, or another --out folder")
    what = (f"results ({files}) with no batch.json saying which batch made them" if not batch else
            f"the {held} of {safe(theirs)} ({files}) graded from {', '.join(map(safe, listed)) or '?'} "
            f"on {_when(batch)}")
    raise OutDirTaken(f"{safe(out)} holds {what}, not of {assignment_id} graded from {safe(here)}: use --update "
                      f"to merge this batch's records into them by student id, --force to replace them, "
                      f"or another --out folder")


def _read(path: Path) -> dict | None:
    """The batch record, or None when there is none that makes sense."""
    try:
        batch = json.loads(path.read_bytes())
    except (OSError, ValueError, RecursionError):
        return None
    ok = (type(batch) is dict and type(batch.get("assignment")) is str and type(batch.get("submissions")) is list
          and all(type(s) is str for s in batch["submissions"]))
    return batch if ok else None


def _write(out: Path, assignment_id: str, submissions: list[str]) -> None:
    record = {"assignment": assignment_id, "submissions": submissions, "when": time.time(),
              "pid": os.getpid(), "host": socket.gethostname()}
    write_atomic(out / NAME, json.dumps(record, indent=2) + "\n")  # ASCII: any path survives


def _running(batch: dict) -> bool:
    from .scratch import owner_alive  # only when there is a record to check

    pid, when = batch.get("pid"), batch.get("when")
    if type(pid) is not int or pid <= 0 or pid == os.getpid() or type(when) not in (int, float):
        return False
    return owner_alive(pid, when)


def _when(batch: dict) -> str:
    when = batch.get("when")
    return time.strftime("%Y-%m-%d %H:%M", time.localtime(when)) if type(when) in (int, float) else "?"


def _assignment_in(out: Path) -> str | None:
    """The assignment the results in ``out`` are of, from the first lines only (None: unknown)."""
    try:
        with open(out / "journal.jsonl", "rb") as f:
            header = json.loads(f.readline(10_000))
        if type(header) is dict and type(header.get("assignment")) is str:
            return header["assignment"]
    except (OSError, ValueError, RecursionError):
        pass
    try:
        with open(out / "grades.csv", newline="", encoding="utf-8", errors="replace") as f:
            rows = csv.DictReader(line[:10_000] for line, _ in zip(f, range(2)))
            row = next(rows, None)
        if row and row.get("assignment"):
            return row["assignment"]
    except (OSError, csv.Error):
        pass
    try:
        with open(out / "results.json", "rb") as f:
            found = re.search(rb'"assignment":\s*"([^"\\]{1,100})"', f.read(65_536))
        return found.group(1).decode("utf-8", "replace") if found else None
    except OSError:
        return None
