"""Grade a Gradescope submission: ``python -m autograder.integrations.gradescope_run --root ROOT``.

Reads ``ROOT/source/gradescope.json`` (assignment, language, salt) and
``ROOT/submission_metadata.json`` (the student: first user's email, else id), grades
``ROOT/submission`` (modules, a notebook, or one folder holding them) with the hidden reference
in ``ROOT/source/course``, and writes ``ROOT/results/results.json`` in Gradescope's schema
(``writers.gradescope_json``). ``ROOT`` is ``--root``, else ``AUTOGRADER_GS_ROOT``, else
``/autograder``.

When grading itself fails (an exception here, or a test the grader could not run), no
results.json is written and the exit code is 1: Gradescope then marks the run as an autograder
failure (instructors see this run's stdout, with the tracebacks, and can regrade), rather than
the student getting a zero.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import traceback
from pathlib import Path

DEFAULT_ROOT = "/autograder"


def student_id(root: Path) -> str:
    """Who submitted, from Gradescope's submission metadata ("student" when there is none)."""
    try:
        users = json.loads((root / "submission_metadata.json").read_text(encoding="utf-8")).get("users") or []
    except (OSError, ValueError, AttributeError):
        users = []
    first = users[0] if users and isinstance(users[0], dict) else {}
    return str(first.get("email") or first.get("id") or "student")


def submission_path(root: Path) -> Path:
    """The submission folder, or the one folder inside it when the student uploaded a folder."""
    folder = root / "submission"
    entries = [p for p in folder.iterdir() if not p.name.startswith((".", "__MACOSX"))] if folder.is_dir() else []
    if len(entries) == 1 and entries[0].is_dir():
        return entries[0]
    return folder


def grade(root: Path):
    """The ``Result`` for the submission under ``root``."""
    config = json.loads((root / "source" / "gradescope.json").read_text(encoding="utf-8"))
    os.environ["AUTOGRADER_COURSE_ROOT"] = str(root / "source" / "course")
    from ..grading import Grader
    from ..submission import Source

    grader = Grader(config["assignment"], lang=config.get("lang", "en"), salt=config.get("salt", ""))
    return grader.grade([Source(student_id(root), submission_path(root))])[0]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="gradescope_run", description="grade a Gradescope submission")
    p.add_argument("--root", default=os.environ.get("AUTOGRADER_GS_ROOT", DEFAULT_ROOT),
                   help="Gradescope's /autograder folder (default: $AUTOGRADER_GS_ROOT or /autograder)")
    root = Path(p.parse_args(argv).root)
    from ..writers import gradescope_json

    try:
        result = grade(root)
    except Exception:  # noqa: BLE001 - any failure here is the grader's, reported to staff
        print("autograder failure (not the student's fault):", traceback.format_exc(), sep="\n")
        return 1
    failed = [t for t in result.tests if t.grader_error]
    if failed:
        print("autograder failure (not the student's fault):", *(f"{t.name}:\n{t.grader_error}" for t in failed),
              sep="\n")
        return 1
    gradescope_json.write(result, root / "results" / "results.json")
    print(f"{result.student_id}: {result.score:g}/{result.max_score:g} ({result.status})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
