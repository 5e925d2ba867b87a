"""What a student reads when a public test fails in their own process (plain pytest, or check).

The public conftest (``templates/public_conftest.py``) calls these. A failed ``check.*`` is the
grader's own sentence (``checker.Mismatch``); an exception of the student's code reads like the
grader's (its type, the first line of its message, file and line, a known mistake's hint); a
module that cannot be imported reads "functions.py, line 12: SyntaxError: invalid syntax".
Every function answers ``{language: text}``. Nothing here imports the reference.
"""
from __future__ import annotations

import re
import traceback
from pathlib import Path

from ..checker import Mismatch
from . import messages, misconceptions

_STUB = re.compile(r"not implemented yet: ([\w.]{1,80})")
_LIMIT = 300


def title(item) -> dict[str, str]:
    """The test's name for students: its docstring's first line (``ko:`` line for Korean), with
    the parameter id of a parametrized test; the function's name only when it has no docstring."""
    doc = (getattr(getattr(item, "function", None), "__doc__", None) or "").strip().splitlines()
    en = doc[0].strip() if doc else item.name
    ko = next((ln.strip()[3:].strip() for ln in doc if ln.strip().startswith("ko:")), en)
    callspec = getattr(item, "callspec", None)
    if doc and callspec is not None:
        en, ko = f"{en} ({callspec.id})", f"{ko} ({callspec.id})"
    return {"en": en, "ko": ko}


def points(item) -> float | None:
    """What the test declares it is worth (``@pytest.mark.points(n)``), or None."""
    mark = item.get_closest_marker("points")
    return float(mark.args[0]) if mark is not None and mark.args else None


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _place(filename: str, folder: Path) -> str:
    """A file as the student knows it: relative to the assignment folder when inside it."""
    path = Path(filename).resolve()
    return path.relative_to(folder).as_posix() if _inside(path, folder) else filename


def _where(tb, folder: Path) -> tuple[str, int] | None:
    """The innermost frame in the student's own files (else in the public tests) as (file, line)."""
    folder = folder.resolve()
    frames = [(Path(f.filename).resolve(), f.lineno) for f in traceback.extract_tb(tb)]
    mine = [(p, n) for p, n in frames if _inside(p, folder)]
    own = [(p, n) for p, n in mine if not _inside(p, folder / "tests")]
    for path, line in (own or mine)[-1:]:
        return path.relative_to(folder).as_posix(), line
    return None


def _first_line(text: str, folder: Path) -> str:
    """The first line of an exception's message (numpy's removed-alias error goes on with a
    URL), without the staging folder's path."""
    lines = str(text).strip().splitlines()
    line = lines[0].strip() if lines else ""
    for prefix in {str(folder.resolve()), str(folder)}:
        line = line.replace(prefix + "/", "")
    if line.endswith(".") and not line.endswith(".."):  # a sentence goes on after it
        line = line[:-1]
    return line if len(line) <= _LIMIT else line[: _LIMIT - 1] + "…"


def _with_hint(feedback: dict[str, str], exc: BaseException) -> dict[str, str]:
    known = misconceptions.from_exception(type(exc).__name__, str(exc))
    return {lang: misconceptions.with_hint(text, known, lang) for lang, text in feedback.items()}


def failure(exc: BaseException, folder: Path) -> dict[str, str]:
    """The sentence for a public test that failed with ``exc``."""
    folder = Path(folder)
    if isinstance(exc, Mismatch):
        return dict(exc.feedback)
    message = _first_line(exc, folder)
    if isinstance(exc, NotImplementedError):
        stub = _STUB.search(str(exc))
        name = stub.group(1) if stub else message.removeprefix("not implemented yet:").strip() or "?"
        return messages.both("not_implemented", name=name)
    place = _where(exc.__traceback__, folder)
    where = {lang: f" ({messages.render('frame', lang, file=place[0], line=place[1])})" if place else ""
             for lang in messages.LANGS}
    if type(exc) is AssertionError:  # a plain assert of a public test
        return messages.both("public_assert_failed", detail=message or "assert", where=where)
    return _with_hint(messages.both("raised", type=type(exc).__name__, message=message, where=where), exc)


def import_failure(exc: BaseException, folder: Path) -> dict[str, str]:
    """The sentence for a public test file that could not be imported, because a module of the
    student's (or the test file itself) failed: the file, the line and the error."""
    folder = Path(folder)
    while type(exc).__name__ == "CollectError" and exc.__cause__ is not None:  # pytest's wrapper
        exc = exc.__cause__
    if type(exc).__name__ == "CollectError":  # pytest's own reason (a file name clash …)
        text = _first_line(exc, folder)
        return {lang: text for lang in messages.LANGS}
    kind = type(exc).__name__
    if isinstance(exc, SyntaxError):
        place = (_place(exc.filename, folder.resolve()), exc.lineno) if exc.filename and exc.lineno else None
        message = _first_line(exc.msg or "", folder)
    else:
        place, message = _where(exc.__traceback__, folder), _first_line(exc, folder)
    if place is None:
        text = f"{kind}: {message}"
        return _with_hint({lang: text for lang in messages.LANGS}, exc)
    return _with_hint(messages.both("error_at_line", file=place[0], line=place[1], type=kind, message=message), exc)
