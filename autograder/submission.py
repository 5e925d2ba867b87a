"""Find submissions and stage each into a private folder of plain modules.

A submission is a student's folder, a single ``.py`` file, or a notebook (``.ipynb``).
``discover`` turns a path into ``Source`` records (one per student); ``stage`` copies what the
worker may import into a fresh folder and reports every problem as a sentence, never a traceback.
"""
from __future__ import annotations

import difflib
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from .course import Assignment
from . import notebook
from .feedback import messages

MAX_FILE = 1_000_000


class SubmissionError(ValueError):
    """This submission cannot be graded at all; ``reason`` maps language → sentence."""

    def __init__(self, reason: dict[str, str]):
        self.reason = reason
        super().__init__(reason["en"])


@dataclass(frozen=True)
class Source:
    student_id: str
    path: Path


@dataclass
class Staged:
    """A staged submission: ``directory`` holds the modules; ``problems`` maps module →
    {language: sentence} for each module that is missing or unusable."""

    directory: Path
    present: tuple[str, ...]
    problems: dict[str, dict[str, str]] = field(default_factory=dict)


def discover(path: Path, assignment: Assignment) -> list[Source]:
    """Every submission under ``path``: the path itself when it is one, else each entry (every
    folder and file that is not hidden; one that is not a submission gets an error record)."""
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"no such file or folder: {path}")
    if path.is_file() or any((path / f).is_file() for f in assignment.files):
        return [Source(_student_id(path), path)]
    entries = sorted(p for p in path.iterdir() if not p.name.startswith((".", "_")))
    return _unique([Source(_student_id(p), p) for p in entries])


def _student_id(path: Path) -> str:
    path = path.resolve()  # "." names the folder it is
    return path.stem if path.is_file() else path.name


def _unique(sources: list[Source]) -> list[Source]:
    """Make ids unique (``alice`` and ``alice.py`` become ``alice`` and ``alice~2``)."""
    seen: dict[str, int] = {}
    out = []
    for s in sources:
        n = seen[s.student_id] = seen.get(s.student_id, 0) + 1
        out.append(s if n == 1 else Source(f"{s.student_id}~{n}", s.path))
    return out


def stage(source: Source, assignment: Assignment, dest: Path) -> Staged:
    """Copy the submission's modules into ``dest`` (created). Raise ``SubmissionError`` if none."""
    dest.mkdir(parents=True, exist_ok=True)
    files = _candidate_files(source.path, assignment)
    problems: dict[str, str] = {}
    for name, origin in files.items():
        if isinstance(origin, str):
            (dest / f"{name}.py").write_text(origin, encoding="utf-8")
            continue
        reason = _copy_module(origin, dest / f"{name}.py")
        if reason:
            problems[name] = reason
    present = tuple(m for m in assignment.modules if (dest / f"{m}.py").exists())
    for module in assignment.modules:
        if module not in files:
            problems.setdefault(module, _missing(module, source.path))
    if not present:
        raise SubmissionError({
            lang: "; ".join(problems[m][lang] for m in assignment.modules if m in problems)
            for lang in messages.LANGS
        })
    return Staged(dest, present, problems)


def _candidate_files(path: Path, assignment: Assignment) -> dict[str, Path | str]:
    """Module name → file to copy, or → source text (taken from a notebook)."""
    if path.is_symlink():
        raise SubmissionError(messages.both("file_symlink", name=path.name))
    if path.is_file():
        if path.suffix == ".ipynb":
            return _from_notebook(path, assignment)
        if path.suffix != ".py":
            raise SubmissionError(messages.both("not_python", name=path.name))
        name = path.stem if path.stem in assignment.modules else None
        if name is None and len(assignment.modules) == 1:
            name = assignment.modules[0]
        if name is None:
            raise SubmissionError(messages.both("needs_files", name=path.name, assignment=assignment.id,
                                                files=", ".join(assignment.files)))
        return {name: path}
    files = {p.stem: p for p in sorted(path.glob("*.py")) if re.fullmatch(r"[A-Za-z_]\w*", p.stem)}
    if not any(m in files for m in assignment.modules):
        notebooks = sorted(path.glob("*.ipynb"))
        if len(notebooks) == 1:
            return {**files, **_from_notebook(notebooks[0], assignment)}
    return files


def _from_notebook(path: Path, assignment: Assignment) -> dict[str, str]:
    try:
        return notebook.extract(path, assignment)
    except notebook.NotebookError as exc:
        raise SubmissionError(exc.reason) from None


def _copy_module(src: Path, dest: Path) -> dict[str, str] | None:
    """Copy one module; return the problem (language → sentence) when it cannot be used."""
    if src.is_symlink():
        return messages.both("file_symlink", name=src.name)
    if not src.is_file():
        return messages.both("file_not_regular", name=src.name)
    if src.stat().st_size > MAX_FILE:
        return messages.both("file_too_large", name=src.name, limit=MAX_FILE // 1000)
    data = src.read_bytes()
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return messages.both("file_not_utf8", name=src.name, byte=exc.start)
    dest.write_bytes(data)
    return None


def _missing(module: str, path: Path) -> dict[str, str]:
    found = [p.name for p in path.glob("*.py")] if path.is_dir() else [path.name]
    close = difflib.get_close_matches(f"{module}.py", found, n=1, cutoff=0.6)
    return {
        lang: messages.render("missing_module", lang, module=module, suggestion=(
            messages.render("missing_suggestion", lang, found=close[0], module=module) if close else ""))
        for lang in messages.LANGS
    }


def clean(directory: Path) -> None:
    shutil.rmtree(directory, ignore_errors=True)
