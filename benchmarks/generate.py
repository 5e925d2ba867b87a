"""Make a class of N students for one assignment from the bundled examples.

Student ``s0000`` … ``s{N-1}``: every other student hands in the reference, the rest cycle
through the bundled mistakes and the stub, and every ``SLOW_EVERY``-th student is a slow
reference (a2: ``time.sleep(0.05)`` inside ``softmax``; others: 0.2 s spent at import). Student
ids differ, so each student gets their own random hidden inputs, as in a real class.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

from autograder import course

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "submissions"
SLOW_EVERY = 50


def examples(assignment_id: str) -> tuple[Path, list[Path]]:
    """The reference folder and the other bundled submissions (mistakes, stub)."""
    folder = EXAMPLES / assignment_id
    if not (folder / "reference").is_dir():
        raise SystemExit(f"no bundled examples in {folder}: run `autograder build` first")
    others = sorted(p for p in folder.iterdir() if p.is_dir() and p.name != "reference")
    return folder / "reference", others


def _slow_copy(reference: Path, dest: Path, assignment_id: str) -> None:
    shutil.copytree(reference, dest)
    if assignment_id == "a2_functions":
        path = dest / "functions.py"
        code = path.read_text()
        code = code.replace("def softmax(x):\n", "def softmax(x):\n    __import__('time').sleep(0.05)\n", 1)
        path.write_text(code)
        return
    path = dest / f"{course.get(assignment_id).modules[0]}.py"
    path.write_text("import time\ntime.sleep(0.2)\n" + path.read_text())


def make_class(assignment_id: str, n: int, dest: Path) -> dict[str, str]:
    """Write ``dest/<student>/`` for n students; return student id → kind of submission."""
    reference, others = examples(assignment_id)
    dest.mkdir(parents=True, exist_ok=True)
    kinds = {}
    for i in range(n):
        student = dest / f"s{i:04d}"
        if i % SLOW_EVERY == SLOW_EVERY - 1:
            _slow_copy(reference, student, assignment_id)
            kinds[student.name] = "slow"
            continue
        origin = reference if i % 2 == 0 or not others else others[(i // 2) % len(others)]
        shutil.copytree(origin, student)
        kinds[student.name] = origin.name
    return kinds


def to_notebook(release: dict, code: str) -> dict:
    """The released nbgrader notebook with the student's code in its solution cells: all of it in
    the first one, the others emptied (``notebook.extract`` and nbgrader both accept that)."""
    nb = json.loads(json.dumps(release))
    first = True
    for cell in nb["cells"]:
        if cell.get("metadata", {}).get("nbgrader", {}).get("solution"):
            cell["source"] = code if first else ""
            first = False
    return nb
