"""Which preflights passed on this machine, so that an unchanged grader is not graded again.

What a preflight finds is decided by the engine's files, the course's files, Python and the
packages grading uses, the grading settings and the sandbox's verdict here. ``key`` digests all
of them; ``remember`` keeps a preflight that passed under its key, and ``passed`` finds it the
next time, so a second ``autograder run`` of the same assignment (or ``run all`` over a course)
starts with the class. A preflight that failed is never kept: it is graded again, and says why.
Changing any file of the engine or the course, upgrading numpy, or another ``--timeout`` makes
another key, which is graded afresh.

The folder is ``$AUTOGRADER_CACHE``, else ``$XDG_CACHE_HOME/autograder``, else
``~/.cache/autograder``; ``AUTOGRADER_CACHE=off`` grades every preflight. A folder that cannot
be read or written costs only the saving.
"""
from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import os
import platform
import sys
import tempfile
from importlib import metadata
from pathlib import Path

from . import course, datasets

ENV = "AUTOGRADER_CACHE"
OFF = "off"
PACKAGES = ("numpy", "pytest", "scikit-learn", "matplotlib")  # grading imports them: their versions count
_ENGINE = Path(__file__).resolve().parent


def folder() -> Path | None:
    """Where passed preflights are kept (None: ``AUTOGRADER_CACHE=off``)."""
    chosen = os.environ.get(ENV)
    if chosen == OFF:
        return None
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "autograder"


def key(assignment: course.Assignment, options, confined: bool, sandbox_notes: list[str]) -> str:
    """The digest of everything a preflight of ``assignment`` with ``options`` depends on here."""
    digest = hashlib.sha256()
    add = _adder(digest)

    root = course.course_root()
    add("engine", _environment())
    add("course", root)
    if (root / "course.toml").is_file():
        add("course.toml", (root / "course.toml").read_bytes())
    for sub in (course.SOURCE, "solutions", "assignments"):  # everything but the examples
        add(sub)
        _add_tree(add, root / sub)
    mnist = os.environ.get(datasets.MNIST_ENV, "")
    add("mnist", mnist, _stat(mnist))
    settings = {k: v for k, v in dataclasses.asdict(options).items() if k != "hide"}  # hide: the output folder
    add("assignment", assignment.id, json.dumps(settings, sort_keys=True, default=str))
    add("sandbox", confined, *sandbox_notes)
    return digest.hexdigest()


@functools.cache
def _environment() -> str:
    """The digest of this process's engine files, Python and grading packages (once per process:
    the code running is what it imported; the course's files are read every time)."""
    digest = hashlib.sha256()
    add = _adder(digest)

    _add_tree(add, _ENGINE)
    add("python", sys.version, sys.executable, platform.platform(), os.geteuid() if hasattr(os, "geteuid") else "")
    for package in PACKAGES:
        try:
            add(package, metadata.version(package))
        except metadata.PackageNotFoundError:
            add(package, "-")
    return digest.hexdigest()


def passed(digest: str) -> bool:
    """A preflight with this key passed before, here."""
    where = folder()
    if where is None:
        return False
    try:
        return json.loads((where / "preflight" / f"{digest}.json").read_text(encoding="utf-8")).get("passed") is True
    except (OSError, ValueError, AttributeError):
        return False


def remember(digest: str, assignment_id: str) -> None:
    """Keep that the preflight with this key passed (written whole or not at all)."""
    where = folder()
    if where is None:
        return
    try:
        target = where / "preflight"
        target.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target, prefix=".tmp-")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump({"passed": True, "assignment": assignment_id}, f)
        os.replace(tmp, target / f"{digest}.json")
    except OSError:
        pass


def _adder(digest):
    """``add(*parts)``: each part into ``digest`` with its length first (so no two lists collide)."""
    def add(*parts) -> None:
        for part in parts:
            data = part if isinstance(part, bytes) else str(part).encode("utf-8", "surrogateescape")
            digest.update(len(data).to_bytes(8, "little") + data)
    return add


def _add_tree(add, top: Path) -> None:
    """Every file under ``top`` (but bytecode caches), by path and content, in a fixed order."""
    if not top.is_dir():
        add("absent")
        return
    for dirpath, dirnames, filenames in os.walk(top):
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
        for name in sorted(filenames):
            path = Path(dirpath) / name
            try:
                add(path.relative_to(top).as_posix(), path.read_bytes())
            except OSError:
                add(path.relative_to(top).as_posix(), "unreadable")


def _stat(path: str) -> str:
    try:
        st = os.stat(path)
    except OSError:
        return "-"
    return f"{st.st_size}:{st.st_mtime_ns}"
