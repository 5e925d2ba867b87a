"""Crash safety: an append-only journal of finished submissions, one JSON line each.

A line is written and fsync'ed as soon as a submission's record exists, so a grader killed at
any moment (SIGKILL included) loses at most the submissions still being graded. ``--resume``
reads the journal back and grades only what is missing. A torn last line is ignored.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

from .results import Result

NAME = "journal.jsonl"


class JournalMismatch(ValueError):
    """The journal in the output folder belongs to another assignment."""


class Journal:
    """The journal file of one output folder; ``resume=False`` starts it afresh."""

    def __init__(self, out_dir: Path, assignment_id: str, *, resume: bool = False):
        self.path = Path(out_dir) / NAME
        self.assignment_id = assignment_id
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.done: dict[str, Result] = self._read() if resume else {}
        mode = "a" if resume and self.path.exists() else "w"
        self._file = open(self.path, mode, encoding="utf-8")
        if mode == "w":
            self._write({"assignment": assignment_id})
        elif self.path.stat().st_size and not self.path.read_bytes().endswith(b"\n"):
            self._file.write("\n")  # end the torn line, so the next record starts clean

    def _read(self) -> dict[str, Result]:
        if not self.path.exists():
            return {}
        done: dict[str, Result] = {}
        with open(self.path, encoding="utf-8") as f:
            for number, line in enumerate(f):
                try:
                    entry = json.loads(line)
                except json.JSONDecodeError:
                    continue  # the line being written when the grader died
                if number == 0 and entry.get("assignment") not in (None, self.assignment_id):
                    raise JournalMismatch(f"{self.path} is a journal of {entry.get('assignment')}, "
                                          f"not {self.assignment_id}; use another --out folder")
                if "result" in entry:
                    done[entry["key"]] = Result.from_dict(entry["result"])
        return done

    def _write(self, entry: dict) -> None:
        self._file.write(json.dumps(entry, ensure_ascii=False, allow_nan=False) + "\n")
        self._file.flush()
        os.fsync(self._file.fileno())

    def record(self, key: str, result: Result) -> None:
        self.done[key] = result
        self._write({"key": key, "result": result.to_dict()})

    def close(self) -> None:
        self._file.close()
