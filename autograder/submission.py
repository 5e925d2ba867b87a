"""Find submissions and stage each into a private folder of plain modules.

A submission is a student's folder, a single ``.py`` file, or a notebook (``.ipynb``).
``discover`` turns a path into ``Source`` records (one per entry); ``stage`` copies what the
worker may import into a fresh folder and reports every problem as a sentence, never a traceback.

A student folder often holds both the release's stub module and the lab notebook the work was
done in. Each module is staged from where its work is (``stubs.holds_work``, against the
course's generated stub): the ``.py``, or a notebook that provides that module; the untouched
stub is graded as the stub only when no file holds work; two files with different work are
refused, naming both, rather than one of them being graded silently. Work is what the tests can
see (``stubs.same_work``: the definitions of what the stub defines, and of the helpers, constants
and imports they use): a notebook's try-out cells beside the finished module are not other work.

Who a submission is (``Source.student_id``) comes from the entry's own name only, as safe text
(``text.safe``: a byte that is not UTF-8 becomes U+FFFD); a file name in a reason shows such a
byte as ``\\xNN`` instead (``notebook.shown``), so two such names stay apart there:

- Two entries that would get the same id are *both* refused (an ``error`` record each, naming
  the files): ``alice.py`` beside ``alice.ipynb`` or ``alice/``, names that differ only by case,
  by Unicode normalization (a macOS export's decomposed 한글) or by undecodable bytes. Nobody
  is renamed (no ``alice~2``) and nobody gets another's score; the instructor decides.
- A symbolic link is never followed to name or grade a submission: an entry that is a link keeps
  the link's own name and is refused (pointing inside the folder it would grade another entry's
  work twice; pointing outside it would read what nobody handed in). A submission path given
  directly is named by its own name too.
- Every input is capped before it is read whole: a module or a notebook holds at most
  ``MAX_FILE`` bytes, a student folder at most ``MAX_ENTRIES`` modules and notebooks and
  ``MAX_TOTAL`` bytes of modules. Files are opened without following links and must be regular
  files (a FIFO would wait forever).

Longer than most modules: finding entries and staging them share these rules on names, links
and sizes, and they are read together.
"""
from __future__ import annotations

import difflib
import functools
import os
import re
import shutil
import stat
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from . import course, notebook, stubs
from .course import Assignment
from .feedback import messages
from .notebook import MAX_FILE, MAX_NOTEBOOK, SubmissionError, read_file, shown
from .text import safe, safe_data

MAX_ENTRIES = 1000          # modules and notebooks one student folder may hold
MAX_TOTAL = 10 * MAX_FILE   # bytes of modules staged for one submission
MAX_NOTEBOOKS_TOTAL = 4 * MAX_NOTEBOOK  # bytes of notebooks read for one student folder


@dataclass(frozen=True)
class Source:
    """One entry to grade. ``rejection`` (language → sentence), when set, is why it cannot be
    graded at all (found at discovery, e.g. a duplicate id): ``stage`` raises it."""

    student_id: str
    path: Path
    rejection: dict[str, str] | None = field(default=None, hash=False)


@dataclass
class Staged:
    """A staged submission: ``directory`` holds the modules; ``problems`` maps module →
    {language: sentence} for each module that is missing or unusable."""

    directory: Path
    present: tuple[str, ...]
    problems: dict[str, dict[str, str]] = field(default_factory=dict)


def discover(path: Path, assignment: Assignment) -> list[Source]:
    """Every submission under ``path``: the path itself when it is one, else each entry (every
    folder and file that is not hidden; one that is not a submission gets an error record).
    Entries that would share an id, and links, carry a ``rejection`` (see the module docstring)."""
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"no such file or folder: {safe(path)}")
    if path.is_file():
        return [Source(_student_id(path), path)]
    entries = sorted(p for p in path.iterdir() if not _skipped(p.name))
    if any((path / f).is_file() for f in assignment.files):
        students = [p for p in entries if p.is_dir() and not p.is_symlink()
                    and any((p / f).is_file() for f in assignment.files)]
        if students:  # a stray module file beside the class: grading it as one student loses the rest
            raise AmbiguousSubmissions(
                f"{safe(path)} holds {', '.join(f for f in assignment.files if (path / f).is_file())} itself and "
                f"also student folders ({', '.join(shown(p.name) for p in students[:3])}"
                f"{' …' if len(students) > 3 else ''}): move the stray file away, or name one student's folder")
        return [Source(_student_id(path), path)]
    root = path.resolve()
    return _refuse_duplicates([_entry(p, root) for p in entries])


SKIPPED = ("__MACOSX", "__pycache__")  # what archivers and Python leave beside submissions


def _skipped(name: str) -> bool:
    """Hidden files and the folders tools leave; every other entry is a submission (or an error record)."""
    return name.startswith(".") or name in SKIPPED


class AmbiguousSubmissions(ValueError):
    """A folder that is both one student's submission and a folder of students' submissions."""


def _student_id(path: Path) -> str:
    """The entry's own name (a link's, never its target's), without a file's suffix, as safe text."""
    own = Path(os.path.abspath(path))  # "." names the folder it is; links are not resolved
    file = own.is_file() or (own.is_symlink() and not own.is_dir())  # a dangling link names a file
    return safe(own.stem if file else own.name)


def _name(path: Path) -> str:
    return shown(path.name)


def _entry(path: Path, root: Path) -> Source:
    student_id = _student_id(path)
    if not path.is_symlink():
        return Source(student_id, path)
    target = Path(os.path.realpath(path))
    if not target.exists():
        reason = messages.both("entry_link_broken", name=_name(path))
    elif target != root and target.is_relative_to(root):
        reason = messages.both("entry_link_inside", name=_name(path), target=shown(str(target.relative_to(root))))
    else:
        reason = messages.both("entry_link_outside", name=_name(path))
    return Source(student_id, path, reason)


def identity(student_id: str) -> str:
    """What two ids must differ by to name two students: not case, Unicode form or width."""
    return unicodedata.normalize("NFKC", student_id).casefold()


def _refuse_duplicates(sources: list[Source]) -> list[Source]:
    """Refuse every source whose id another one also gets (each names all the files)."""
    groups: dict[str, list[Source]] = {}
    for s in sources:
        groups.setdefault(identity(s.student_id), []).append(s)
    out = []
    for s in sources:
        group = groups[identity(s.student_id)]
        if len(group) > 1:
            names = ", ".join(_name(g.path) + ("/" if g.path.is_dir() and not g.path.is_symlink() else "")
                              for g in group)
            s = Source(s.student_id, s.path, messages.both("duplicate_id", id=s.student_id, names=names))
        out.append(s)
    return out


def stage(source: Source, assignment: Assignment, dest: Path, *, beside: bool = False) -> Staged:
    """Copy the submission's modules into ``dest`` (created). Raise ``SubmissionError`` if none.
    ``beside``: a notebook file is weighed against the modules in its own folder, module by module,
    as in a student folder (``autograder check`` on the lab notebook)."""
    if source.rejection:
        raise SubmissionError(source.rejection)
    dest.mkdir(parents=True, exist_ok=True)
    files = _candidate_files(source.path, assignment, beside)
    problems: dict[str, dict[str, str]] = {}
    for name, origin in files.items():
        if isinstance(origin, str):
            (dest / f"{name}.py").write_text(origin, encoding="utf-8")
            continue
        reason = _copy_module(origin, dest / f"{name}.py")
        if reason:
            problems[name] = safe_data(reason)
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


def _entries(folder: Path) -> list[str]:
    """The names of the modules and notebooks in ``folder`` that are not hidden, sorted; at most
    ``MAX_ENTRIES`` of them (else refused). Nothing else in the folder is looked at."""
    names = []
    try:
        with os.scandir(folder) as scan:
            for entry in scan:
                if entry.name.startswith(".") or not entry.name.endswith((".py", ".ipynb")):
                    continue
                if len(names) == MAX_ENTRIES:
                    raise SubmissionError(messages.both("too_many_entries", name=_name(folder), limit=MAX_ENTRIES))
                names.append(entry.name)
    except OSError:
        return []  # not there, or not readable: every module is missing
    return sorted(names)


def _candidate_files(path: Path, assignment: Assignment, beside: bool = False) -> dict[str, Path | str]:
    """Module name → file to copy, or → source text (taken from a notebook)."""
    if path.is_symlink():
        raise SubmissionError(messages.both("file_symlink", name=_name(path)))
    if path.is_file():
        if path.suffix == ".ipynb":
            if beside:
                return _folder_files(path.parent, assignment, only=path.name)
            return notebook.extract(path, assignment)
        if path.suffix != ".py":
            raise SubmissionError(messages.both("not_python", name=_name(path)))
        name = path.stem if path.stem in assignment.modules else None
        if name is None and len(assignment.modules) == 1:
            name = assignment.modules[0]
        if name is None:
            raise SubmissionError(messages.both("needs_files", name=_name(path), assignment=assignment.id,
                                                files=", ".join(assignment.files)))
        return {name: path}
    if path.exists() and not path.is_dir():
        raise SubmissionError(messages.both("not_python", name=_name(path)))
    return _folder_files(path, assignment)


def _folder_files(path: Path, assignment: Assignment, only: str | None = None) -> dict[str, Path | str]:
    """A student folder's modules, each replaced by a notebook's code where the work is there
    (``_notebook_work``); ``only``: the one notebook to look at, else every one in the folder."""
    names = _entries(path)
    files = {n[:-3]: path / n for n in names if n.endswith(".py") and re.fullmatch(r"[A-Za-z_]\w*", n[:-3])}
    total = sum(_size(p) for p in files.values())
    if total > MAX_TOTAL:
        raise SubmissionError(messages.both("submission_too_large", name=_name(path), limit=MAX_TOTAL // 1000))
    notebooks = [only] if only is not None else [n for n in names if n.endswith(".ipynb")]
    if notebooks:
        files.update(_notebook_work(path, assignment, files, notebooks, named=only is not None))
    return files


def _size(path: Path, limit: int = MAX_FILE) -> int:
    """The bytes ``path`` would be read: a regular file's size up to ``limit`` (a larger one is refused alone)."""
    try:
        info = path.lstat()
    except OSError:
        return 0
    return info.st_size if stat.S_ISREG(info.st_mode) and info.st_size <= limit else 0


def _notebook_work(folder: Path, assignment: Assignment, files: dict[str, Path], notebooks: list[str],
                   named: bool) -> dict[str, str]:
    """Module → a notebook's code, for each module whose work is in a notebook rather than in
    ``files`` (the folder's modules). Decided per module, between its ``.py`` and every notebook
    providing it: the one that holds work (``stubs.holds_work``) is staged; when none does, the
    ``.py`` (else the first notebook), so the untouched stub is graded as the stub; when several
    hold work, the first (the ``.py``) is staged if they all hold the same (``stubs.same_work`` on
    ``_graded_names``), and the submission is refused naming them if not. A notebook that cannot
    be read is passed over beside modules, and refused when it is all there is (or the one ``named``)."""
    if sum(_size(folder / n, MAX_NOTEBOOK) for n in notebooks) > MAX_NOTEBOOKS_TOTAL:
        raise SubmissionError(messages.both("notebooks_too_large", name=_name(folder),
                                            limit=MAX_NOTEBOOKS_TOTAL // 1000))
    alone = named or (len(notebooks) == 1 and not any(m in files for m in assignment.modules))
    extracted: dict[str, dict[str, str]] = {}
    for name in notebooks:
        try:
            extracted[name] = notebook.extract(folder / name, assignment)
        except SubmissionError:
            if alone:
                raise
    chosen: dict[str, str] = {}
    conflicts = []
    for module in assignment.modules:
        offered = [(shown(name), code[module]) for name, code in extracted.items() if module in code]
        if not offered:
            continue
        own = _module_text(files[module]) if module in files else None
        if module in files and own is None:
            continue  # a module that cannot be used: staged as it is, and its problem reported
        candidates = ([(f"{module}.py", own)] if own is not None else []) + offered
        part = _student_part(assignment, module, [code for _, code in candidates])
        working = [c for c in candidates if part is None or stubs.holds_work(c[1], part)]
        pick = (working or candidates)[0]
        names = _graded_names(assignment, module, [code for _, code in working]) if len(working) > 1 else ()
        if any(not stubs.same_work(pick[1], code, names) for _, code in working):
            conflicts.append(_conflict(f"{module}.py", [name for name, _ in working]))
        elif pick is not candidates[0] or own is None:
            chosen[module] = pick[1]
    if conflicts:
        raise SubmissionError({lang: "; ".join(c[lang] for c in conflicts) for lang in messages.LANGS})
    return chosen


def _module_text(path: Path) -> str | None:
    """A folder's module as text, or None when it cannot be used (``_copy_module`` says why)."""
    try:
        return read_file(path).decode("utf-8")
    except (SubmissionError, UnicodeDecodeError):
        return None


def _student_part(assignment: Assignment, module: str, sources: list[str]) -> frozenset[str] | None:
    """The functions of ``module`` the student writes: what the course's generated stub leaves
    raising; without that stub, what any of ``sources`` leaves raising; None when nothing does
    (then every source counts as work)."""
    part = _release_stub(str(course.release_dir(assignment.id) / f"{module}.py"))[0]
    if not part:
        part = frozenset().union(*(stubs.student_part(s) for s in sources))
    return part or None


def _graded_names(assignment: Assignment, module: str, sources: list[str]) -> frozenset[str]:
    """The names whose definitions are ``module``'s work: what the course's generated stub defines;
    without that stub, every function and class any of ``sources`` defines."""
    names = _release_stub(str(course.release_dir(assignment.id) / f"{module}.py"))[1]
    return names or frozenset().union(*(stubs.defined_names(s) for s in sources))


@functools.lru_cache(maxsize=32)
def _read_release_stub(path: str, mtime: int, size: int) -> tuple[frozenset[str], frozenset[str]]:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return frozenset(), frozenset()
    return stubs.student_part(text), stubs.graded_names(text)


def _release_stub(path: str) -> tuple[frozenset[str], frozenset[str]]:
    """A generated stub's student part and graded names (both empty when it is not there)."""
    try:
        info = os.stat(path)
    except OSError:
        return frozenset(), frozenset()
    return _read_release_stub(path, info.st_mtime_ns, info.st_size)


def _conflict(module: str, names: list[str]) -> dict[str, str]:
    if len(names) == 2:
        return messages.both("work_in_two", first=names[0], second=names[1], module=module)
    return messages.both("work_in_many", names=", ".join(names), module=module)


def _copy_module(src: Path, dest: Path) -> dict[str, str] | None:
    """Copy one module; return the problem (language → sentence) when it cannot be used."""
    try:
        data = read_file(src)
    except SubmissionError as exc:  # one module that cannot be used: its problem, not a rejection
        return exc.reason
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return messages.both("file_not_utf8", name=_name(src), byte=exc.start)
    dest.write_bytes(data)
    return None


def _missing(module: str, path: Path) -> dict[str, str]:
    found = [shown(n) for n in _entries(path) if n.endswith(".py")] if path.is_dir() else [_name(path)]
    close = difflib.get_close_matches(f"{module}.py", found, n=1, cutoff=0.6)
    return {
        lang: messages.render("missing_module", lang, module=module, suggestion=(
            messages.render("missing_suggestion", lang, found=close[0], module=module) if close else ""))
        for lang in messages.LANGS
    }


def clean(directory: Path) -> None:
    shutil.rmtree(directory, ignore_errors=True)
