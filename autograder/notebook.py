"""Take the graded code out of a student's notebook (``.ipynb``).

Code cells are used in order; a cell tagged ``metadata.autograder.module`` goes to that module
only (the lab notebooks are tagged this way), others go to every module of the assignment. When
the notebook carries nbgrader metadata, only its solution cells and the instructor's read-only
code cells (imports) count; its test cells never do. IPython magics (``%``,
``%%``) and shell escapes (``!``) are dropped: they are not Python and never run in the grader.

``read_file`` is how every submitted file (notebook or module) is read: without following a
link, only a regular file (a FIFO would wait forever), and refused by its size before it is read
whole, so a 200 MB notebook never reaches memory.
"""
from __future__ import annotations

import io
import json
import os
import stat
import tokenize
from pathlib import Path

from .course import Assignment
from .feedback import messages
from .text import safe, safe_data

SKIP_MODULES = {"_check"}
MAX_FILE = 1_000_000  # bytes: the most one submitted module may hold
MAX_NOTEBOOK = 16 * MAX_FILE  # a notebook may carry its plots' outputs; still read only up to this


class SubmissionError(ValueError):
    """A submission, or one file of it, cannot be used; ``reason`` maps language → sentence (safe
    text). ``read_file`` and ``extract`` raise it for one file; ``submission.stage`` for a whole
    submission that cannot be graded at all (it is defined here, below ``submission``, for both)."""

    def __init__(self, reason: dict[str, str]):
        self.reason = safe_data(reason)
        super().__init__(self.reason["en"])


NotebookError = SubmissionError  # its older name: a file ``read_file`` or ``extract`` refuses


def shown(name: str) -> str:
    """A file name as safe text that still tells undecodable names apart (each byte that is not
    UTF-8 shows as ``\\xNN``, as ``ls -b`` does), cut to 255 characters."""
    try:
        return safe(name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace"), 255)
    except UnicodeEncodeError:  # a surrogate no file system decoding makes
        return safe(name, 255)


def read_file(path: Path, limit: int = MAX_FILE) -> bytes:
    """The bytes of the regular file ``path``, at most ``limit`` of them; else ``SubmissionError``
    saying why (a link, not a regular file, unreadable, or its size), before reading it whole."""
    name = shown(Path(path).name)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as exc:
        if os.path.islink(path):
            raise SubmissionError(messages.both("file_symlink", name=name)) from None
        raise SubmissionError(messages.both("file_unreadable", name=name, detail=exc.strerror or "error")) from None
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        raise SubmissionError(messages.both("file_not_regular", name=name))
    size = info.st_size
    with os.fdopen(fd, "rb") as f:
        data = f.read(limit + 1) if size <= limit else b""
    if size > limit or len(data) > limit:  # or it grew while being read
        raise SubmissionError(messages.both("file_too_large", name=name, size=-(-max(size, len(data)) // 1000),
                                          limit=limit // 1000))
    return data


def _cells(path: Path) -> list[dict]:
    def bad(detail: str) -> SubmissionError:
        return SubmissionError(messages.both("bad_notebook", name=shown(path.name), detail=detail))

    data = read_file(path, MAX_NOTEBOOK)
    try:
        nb = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise bad("not UTF-8") from None
    except (json.JSONDecodeError, RecursionError) as exc:
        raise bad(f"invalid JSON ({exc})") from None
    if type(nb) is not dict or type(nb.get("cells")) is not list:
        raise bad("no list of cells")
    cells = []
    for cell in nb["cells"]:
        if type(cell) is not dict:
            raise bad("a cell is not an object")
        source = cell.get("source", "")
        if type(source) is list and all(type(s) is str for s in source):
            source = "".join(source)
        if type(source) is not str:
            raise bad("a cell's source is not text")
        metadata = cell.get("metadata") if type(cell.get("metadata")) is dict else {}
        cells.append({"type": cell.get("cell_type"), "source": source, "metadata": metadata})
    return cells


def _field(cell: dict, section: str, key: str):
    """``cell.metadata[section][key]``, or None when any level is missing or not a mapping."""
    value = cell["metadata"].get(section)
    return value.get(key) if type(value) is dict else None


def _is_given_code(cell: dict) -> bool:
    """An instructor's read-only code cell (imports, helpers): locked, and neither a solution
    nor a test cell. Students cannot change it, and the solution cells may need it."""
    return _field(cell, "nbgrader", "locked") is True and _field(cell, "nbgrader", "grade") is not True \
        and _field(cell, "nbgrader", "solution") is not True


def strip_magics(source: str) -> str:
    """Drop IPython-only lines (``%magic``, ``!shell``) that start a statement; a cell magic
    (``%%``) drops the whole cell. A line inside an open bracket, string or backslash
    continuation is code, whatever it starts with (``print("%d" \n % x)``)."""
    if source.lstrip().startswith("%%"):
        return ""
    kept: list[str] = []
    for line in source.split("\n"):
        magic = line.lstrip().startswith(("%", "!")) and not _continues("\n".join(kept))
        kept.append("" if magic else line)
    return "\n".join(kept)


def _continues(code: str) -> bool:
    """Whether the next line of ``code`` would continue its last statement (an open bracket, a
    triple-quoted string, a trailing backslash)."""
    if not code.strip():
        return False
    if code.rstrip("\n").endswith("\\"):
        return True
    try:
        for _ in tokenize.generate_tokens(io.StringIO(code + "\n").readline):
            pass
    except tokenize.TokenError:
        return True  # EOF in a multi-line statement or string
    except (SyntaxError, ValueError):
        return False  # broken code: its own SyntaxError is reported when it is imported
    return False


def extract(path: Path, assignment: Assignment) -> dict[str, str]:
    """Module name → source text for each module of ``assignment`` the notebook provides."""
    cells = [c for c in _cells(path) if c["type"] == "code"]
    if any(type(c["metadata"].get("nbgrader")) is dict for c in cells):
        cells = [c for c in cells if _field(c, "nbgrader", "solution") is True or _is_given_code(c)]
    chunks: dict[str, list[str]] = {m: [] for m in assignment.modules}
    for cell in cells:
        module = _field(cell, "autograder", "module")
        module = module if type(module) is str else None
        if module in SKIP_MODULES:
            continue
        code = strip_magics(cell["source"])
        for target in ([module] if module in chunks else assignment.modules if module is None else []):
            chunks[target].append(code)
    return {m: "\n\n".join(parts) + "\n" for m, parts in chunks.items() if any(p.strip() for p in parts)}
