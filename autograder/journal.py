"""Crash safety: an append-only journal of finished submissions, one JSON line each.

A line is written and fsync'ed as soon as a submission's record exists, so a grader killed at
any moment (SIGKILL included) loses at most the submissions still being graded. ``--resume``
reads the journal back and grades only what is missing or what the grader failed on
(``grader_failed``). A torn last line is ignored.

The journal keeps only where each record starts, not the records: the outputs are streamed
from it at the end, so memory stays flat however large the class.
"""
from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path

from .results import Result
from .text import safe_data

NAME = "journal.jsonl"


class JournalMismatch(ValueError):
    """The journal in the output folder belongs to another assignment."""


class Journal:
    """The journal file of one output folder; ``resume=False`` starts it afresh."""

    def __init__(self, out_dir: Path, assignment_id: str, *, resume: bool = False):
        self.path = Path(out_dir) / NAME
        self.assignment_id = assignment_id
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.offsets: dict[str, int] = self._scan() if resume else {}
        fresh = not (resume and self.path.exists())
        self._file = open(self.path, "wb" if fresh else "ab")
        if fresh:
            self._write({"assignment": assignment_id})
        elif self._file.tell() and not self._ends_with_newline():
            self._file.write(b"\n")  # end the torn line, so the next record starts clean

    def __contains__(self, key: str) -> bool:
        return key in self.offsets

    def _ends_with_newline(self) -> bool:
        with open(self.path, "rb") as f:
            f.seek(-1, os.SEEK_END)
            return f.read(1) == b"\n"

    def _scan(self) -> dict[str, int]:
        if not self.path.exists():
            return {}
        offsets: dict[str, int] = {}
        with open(self.path, "rb") as f:
            for number, line in enumerate(iter(f.readline, b"")):
                offset = f.tell() - len(line)
                try:
                    entry = json.loads(line)
                except (json.JSONDecodeError, UnicodeDecodeError):
                    continue  # the line being written when the grader died
                if number == 0 and entry.get("assignment") not in (None, self.assignment_id):
                    raise JournalMismatch(f"{self.path} is a journal of {entry.get('assignment')}, "
                                          f"not {self.assignment_id}; use another --out folder")
                if "result" not in entry:
                    continue
                if entry["result"].get("status") == "grader_failed":
                    offsets.pop(entry["key"], None)  # the grader's failure: --resume grades it again
                else:
                    offsets[entry["key"]] = offset
        return offsets

    def _write(self, entry: dict) -> int:
        offset = self._file.tell()
        # safe_data: a student's text may hold lone surrogates, which UTF-8 cannot encode
        self._file.write((json.dumps(safe_data(entry), ensure_ascii=False, allow_nan=False) + "\n").encode())
        self._file.flush()
        os.fsync(self._file.fileno())
        return offset

    def record(self, key: str, result: Result) -> None:
        self.offsets[key] = self._write({"key": key, "result": result.to_dict()})

    @contextlib.contextmanager
    def reader(self):
        """``read(key) -> Result`` for the records journaled so far."""
        with open(self.path, "rb") as f:
            def read(key: str) -> Result:
                f.seek(self.offsets[key])
                return Result.from_dict(json.loads(f.readline())["result"])

            yield read

    def close(self) -> None:
        self._file.close()
