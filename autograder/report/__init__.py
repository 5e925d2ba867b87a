"""HTML reports from ``Result`` records: one page per student and a class overview.

``write_reports(results, out_dir, lang)`` writes::

    out_dir/students/<file name>.html   one page per result (autograder.report.student)
    out_dir/index.html                  the class overview, linking every student page
    out_dir/overview.csv                its numbers (autograder.report.overview)

Pages are self-contained (inline CSS, PNG figures as data URIs, no script, no network) and
readable on a phone. The text is in ``lang`` ("en" or "ko"); feedback and test names stay in the
language the grading run used (a ``Result`` stores one).
"""
from __future__ import annotations

import hashlib
import re
from pathlib import Path
from urllib.parse import quote

from ..results import Result
from ..writers import write_atomic
from . import overview, student
from .text import LANGS


def write_reports(results: list[Result], out_dir: Path, lang: str = "en") -> list[Path]:
    """Write every student page, ``index.html`` and ``overview.csv`` into ``out_dir``; return their paths
    (student pages in the order of ``results``, then the index, then the CSV).

    Creates folders as needed and replaces files of the same name, each atomically; leaves other
    files alone. Raises ValueError for a ``lang`` other than "en" or "ko".
    """
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {', '.join(LANGS)}, got {lang!r}")
    out_dir = Path(out_dir)
    names = file_names([r.student_id for r in results])
    written = []
    for result, name in zip(results, names):
        path = out_dir / "students" / f"{name}.html"
        write_atomic(path, student.render(result, lang))
        written.append(path)
    links = [f"students/{quote(name)}.html" for name in names]
    for path, content in ((out_dir / "index.html", overview.render(results, links, lang)),
                          (out_dir / "overview.csv", overview.csv_text(results))):
        write_atomic(path, content)
        written.append(path)
    return written


def file_names(student_ids: list[str]) -> list[str]:
    """A safe, unique file stem per student id (same order).

    Letters, digits, ``_`` and ``-`` are kept; an id that needed changes (``../x``, ``김철수``,
    ``a b``) gets the first 8 hex digits of its SHA-256, so two ids never share a page. Stems are
    unique even on a case-insensitive file system (``-2``, ``-3`` … on a clash).
    """
    seen: set[str] = set()
    names = []
    for sid in student_ids:
        base = re.sub(r"[^A-Za-z0-9_-]+", "_", sid).strip("_")[:60] or "student"
        if base != sid:
            base += "-" + hashlib.sha256(sid.encode("utf-8", "surrogatepass")).hexdigest()[:8]
        name, n = base, 2
        while name.lower() in seen:
            name, n = f"{base}-{n}", n + 1
        seen.add(name.lower())
        names.append(name)
    return names


__all__ = ["write_reports", "file_names"]
