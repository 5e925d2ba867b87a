"""Thin translators from ``Result`` records to files, one format per module."""
import contextlib
import os
import tempfile
from pathlib import Path

from ..text import safe


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(text: str) -> str:
    """A text cell of a CSV that people open in a spreadsheet: one that would start a formula
    (``=HYPERLINK(…)``, ``@SUM(…)``, DDE) gets a leading apostrophe, which spreadsheets show as
    text (OWASP's advice for CSV injection). Numbers are not text cells: never pass them here."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


@contextlib.contextmanager
def atomic_file(path: Path, *, binary: bool = False):
    """A new file (text in UTF-8, or ``binary``) that replaces ``path`` only when the ``with``
    block ends without an error, so that a reader sees the old file or the new one, never half.
    The one way the grader writes a file others read (results, batch record, bundle)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    umask = os.umask(0)
    os.umask(umask)
    os.fchmod(fd, 0o666 & ~umask)  # as an ordinary new file: mkstemp's 0600 would hide it from a web server
    try:
        with (os.fdopen(fd, "wb") if binary else os.fdopen(fd, "w", encoding="utf-8", newline="")) as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_atomic(path: Path, text) -> None:
    """Write ``text`` (a string, or an iterable of strings written one by one) to ``path``
    atomically (``atomic_file``)."""
    with atomic_file(path) as f:
        for chunk in [text] if isinstance(text, str) else text:
            f.write(safe(chunk))  # no text, whatever its code points, stops a writer
