"""Ship a submission to another machine as plain data, and rebuild it there.

``pack(source)`` reads what ``submission.stage`` looks at — the submission path itself and, for a
folder, its ``.py`` and ``.ipynb`` entries — into nested tuples of bytes; ``unpack`` rebuilds that
under a fresh folder, so a remote worker needs no shared file system. Links, folders and
oversized files are rebuilt as links, folders and (sparse) files of the same size, so that
``stage`` accepts and refuses exactly what it would have on the original, with the same sentence.
Nothing is executed while packing; the student's code is only ever run by the worker's sandbox.
"""
from __future__ import annotations

import itertools
from pathlib import Path

from ..notebook import MAX_NOTEBOOK
from ..submission import MAX_FILE, Source

SUFFIXES = (".py", ".ipynb")  # the entries of a folder that staging reads

# An entry is one of:
#   ("file", bytes)        a regular file          ("large", size)   a file over its cap (MAX_FILE, MAX_NOTEBOOK)
#   ("dir", {name: entry}) a folder (one level)    ("link", entry)   a symbolic link to entry
#   ("missing",)           nothing there           ("other",)        unreadable or special
Entry = tuple


def pack(source: Source) -> dict:
    """``{"student_id", "name", "entry", "rejection"}``: the submission as plain, picklable data."""
    path = Path(source.path)
    return {"student_id": source.student_id, "name": path.name or "submission", "entry": _entry(path, top=True),
            "rejection": source.rejection}


def _entry(path: Path, top: bool = False) -> Entry:
    try:
        if path.is_symlink():
            return ("link", _entry(path.resolve(), top) if path.exists() else ("missing",))
        if path.is_dir():
            if not top:
                return ("dir", {})
            children = sorted(p for p in path.iterdir() if p.name.endswith(SUFFIXES))
            return ("dir", {p.name: _entry(p) for p in children})
        if path.is_file():
            size = path.stat().st_size
            if size > (MAX_NOTEBOOK if path.suffix == ".ipynb" else MAX_FILE):
                return ("large", size)
            return ("file", path.read_bytes())
        return ("missing",) if not path.exists() else ("other",)
    except OSError:
        return ("other",)


def unpack(parcel: dict, dest: Path) -> Source:
    """Rebuild ``parcel`` inside ``dest`` (created, empty); return the ``Source`` to grade.

    Link targets go to ``dest/.targets/``, outside the submission itself.
    """
    dest.mkdir(parents=True, exist_ok=True)
    root = dest / parcel["name"]
    _write(root, parcel["entry"], dest / ".targets", itertools.count())
    return Source(parcel["student_id"], root, parcel.get("rejection"))


def _write(path: Path, entry: Entry, targets: Path, counter) -> None:
    kind = entry[0]
    if kind == "file":
        path.write_bytes(entry[1])
    elif kind == "large":
        with open(path, "wb") as f:
            f.truncate(entry[1])
    elif kind == "dir":
        path.mkdir()
        for name, child in entry[1].items():
            _write(path / name, child, targets, counter)
    elif kind == "link":
        targets.mkdir(exist_ok=True)
        target = targets / f"{next(counter)}{path.suffix}"
        _write(target, entry[1], targets, counter)
        path.symlink_to(target)
    elif kind == "other":
        path.mkdir()  # neither a regular file nor readable: staging refuses it as such
