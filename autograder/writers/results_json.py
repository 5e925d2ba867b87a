"""``results.json``: a list with one record per submission (``Result.to_dict``), its figures aside.

Figure data (``Result.figures``: hundreds of numbers per student) would make most of a class's
``results.json``; it goes to a side file beside it instead, ``results.figures.json`` for
``results.json`` (``figures_path``): one JSON object, student id → that record's figures, one
line per student, only for records that have figures (no side file when none has). The records
in ``results.json`` have no ``figures`` field. ``read`` puts the figures back; it also reads an
older ``results.json`` whose records hold their figures inline (they win over the side file).

Both files are written one record at a time (the figures spill to a temporary file while the
records are written), so writing 2000 records needs the memory of one; each file is replaced
atomically, ``results.json`` first (for a moment a reader may see new records with the old
figures: pictures only, never a score). Student ids are unique in what ``autograder run``
writes (a duplicate id is an error record, without figures); should two records share an id,
the first one's figures are kept.
"""
import json
import tempfile
from pathlib import Path
from typing import Callable, Iterable, Iterator

from ..results import Result
from ..text import safe_data
from . import write_atomic

SPILL_READ = 1 << 16


def figures_path(path: Path) -> Path:
    """Where the figures of the results file ``path`` go: ``results.json`` → ``results.figures.json``."""
    path = Path(path)
    return path.with_name(f"{path.stem}.figures.json")


def write(results: Iterable[Result], path: Path) -> None:
    """Write ``results`` to ``path`` and their figures to ``figures_path(path)`` (removed if none has any)."""
    path, side = Path(path), figures_path(path)
    with tempfile.TemporaryFile("w+", encoding="utf-8") as spill:
        seen: set[str] = set()

        def aside(student_id: str, figures: dict) -> None:
            if figures and student_id not in seen:
                spill.write(("{\n" if not seen else ",\n") + json.dumps(student_id, ensure_ascii=False) + ": "
                            + json.dumps(figures, ensure_ascii=False, allow_nan=False))
                seen.add(student_id)

        write_atomic(path, chunks(results, aside))
        if not seen:
            side.unlink(missing_ok=True)  # an older run's figures must not join these records
            return
        spill.write("\n}\n")
        spill.seek(0)
        write_atomic(side, iter(lambda: spill.read(SPILL_READ), ""))


def chunks(results: Iterable[Result], aside: Callable[[str, dict], None] | None = None) -> Iterator[str]:
    """The file's text in pieces: the same bytes as ``json.dumps(records, indent=2)`` + newline.
    With ``aside``, each record's figures are handed to ``aside(student_id, figures)`` (both made
    safe) and left out of the record."""
    first = True
    for result in results:
        data = safe_data(result.to_dict())
        if aside is not None:
            aside(data["student_id"], data.pop("figures"))
        record = json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False)
        yield ("[\n  " if first else ",\n  ") + record.replace("\n", "\n  ")
        first = False
    yield "[]\n" if first else "\n]\n"


def read(path: Path, *, figures: bool = True) -> list[Result]:
    """The records of ``path``, with their figures from the side file when ``figures`` and it exists.
    Raises ValueError (naming the side file) when the side file is not a JSON object."""
    records = json.loads(Path(path).read_text(encoding="utf-8"))
    side = figures_path(path)
    if figures and type(records) is list and side.is_file():
        by_id = _side_file(side)
        for record in records:
            if type(record) is dict and not record.get("figures") and type(record.get("student_id")) is str:
                found = by_id.pop(record["student_id"], None)
                if type(found) is dict:
                    record["figures"] = found
    return [Result.from_dict(d) for d in records]


def _side_file(side: Path) -> dict:
    try:
        by_id = json.loads(side.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"{side.name}: {exc}") from None
    if type(by_id) is not dict:
        raise ValueError(f"{side.name}: not an object of student id → figures")
    return by_id
