"""``results.json``: a list with one record per submission (``Result.to_dict``).

Written one record at a time, so writing 2000 records needs the memory of one.
"""
import json
from pathlib import Path
from typing import Iterable, Iterator

from ..results import Result
from ..text import safe_data
from . import write_atomic


def write(results: Iterable[Result], path: Path) -> None:
    write_atomic(path, chunks(results))


def chunks(results: Iterable[Result]) -> Iterator[str]:
    """The file's text in pieces: the same bytes as ``json.dumps(records, indent=2)`` + newline."""
    first = True
    for result in results:
        record = json.dumps(safe_data(result.to_dict()), indent=2, ensure_ascii=False, allow_nan=False)
        yield ("[\n  " if first else ",\n  ") + record.replace("\n", "\n  ")
        first = False
    yield "[]\n" if first else "\n]\n"


def read(path: Path) -> list[Result]:
    return [Result.from_dict(d) for d in json.loads(Path(path).read_text(encoding="utf-8"))]
