"""``results.json``: a list with one record per submission (``Result.to_dict``)."""
import json
from pathlib import Path

from ..results import Result
from . import write_atomic


def write(results: list[Result], path: Path) -> None:
    text = json.dumps([r.to_dict() for r in results], indent=2, ensure_ascii=False, allow_nan=False)
    write_atomic(path, text + "\n")


def read(path: Path) -> list[Result]:
    return [Result.from_dict(d) for d in json.loads(Path(path).read_text(encoding="utf-8"))]
