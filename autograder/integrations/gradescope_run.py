"""Grade a Gradescope submission: ``python -m autograder.integrations.gradescope_run --root ROOT``.

Reads ``ROOT/source/gradescope.json`` (assignment, language, salt) and
``ROOT/submission_metadata.json`` (the student: first user's email, else id), grades
``ROOT/submission`` (modules, a notebook, or one folder holding them) with the hidden reference
in ``ROOT/source/course``, and writes ``ROOT/results/results.json`` in Gradescope's schema
(``writers.gradescope_json``). ``ROOT`` is ``--root``, else ``AUTOGRADER_GS_ROOT``, else
``/autograder``.

When grading itself fails (an exception here, or a test the grader could not run), the
results.json written says so to the student, carries no score (the tracebacks go in staff-only
entries and this run's stdout) and the exit code is 1, so staff see it and regrade; the student
never gets a made-up zero, and never silence.

``--preflight`` (run by ``setup.sh`` while Gradescope builds the image) grades the bundled
reference and stub in this very environment; unless they score full marks and zero, the image
build fails with the reason, before any student submits.
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
    os.environ["AUTOGRADER_COURSE"] = str(root / "source" / "course")
    from ..grading import Grader
    from ..submission import Source

    grader = Grader(config["assignment"], lang=config.get("lang", "en"), salt=config.get("salt", ""))
    return grader.grade([Source(student_id(root), submission_path(root))])[0]


def preflight(root: Path) -> int:
    """Grade the bundled reference and stub here; 0 when the grader can be trusted, else 1."""
    config = json.loads((root / "source" / "gradescope.json").read_text(encoding="utf-8"))
    os.environ["AUTOGRADER_COURSE"] = str(root / "source" / "course")
    from .. import preflight as preflights
    from ..grading import Grader

    grader = Grader(config["assignment"], lang=config.get("lang", "en"), salt=config.get("salt", ""))
    try:
        found = preflights.require(grader, allow_unconfined=bool(config.get("allow_unconfined")))
    except preflights.PreflightFailed as exc:
        print(f"autograder preflight failed: {exc}")
        return 1
    print(f"autograder preflight passed: reference {found.reference.score:g}/{found.reference.max_score:g}, "
          f"stub {found.stub.score:g}" if found.stub else "autograder preflight passed")
    return 0


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="gradescope_run", description="grade a Gradescope submission")
    p.add_argument("--root", default=os.environ.get("AUTOGRADER_GS_ROOT", DEFAULT_ROOT),
                   help="Gradescope's /autograder folder (default: $AUTOGRADER_GS_ROOT or /autograder)")
    p.add_argument("--preflight", action="store_true",
                   help="grade the bundled reference and stub (setup.sh runs this when the image is built)")
    args = p.parse_args(argv)
    root = Path(args.root)
    if args.preflight:
        return preflight(root)
    from ..results import Result
    from ..writers import gradescope_json

    try:
        result = grade(root)
    except Exception:  # noqa: BLE001 - any failure here is the grader's, reported to staff
        staff = traceback.format_exc()
        print("autograder failure (not the student's fault):", staff, sep="\n")
        result = Result.grader_failure(student_id(root), "?", 0.0, staff[-4000:])
    failed = [t for t in result.tests if t.grader_error]
    if failed:
        print("autograder failure (not the student's fault):", *(f"{t.name}:\n{t.grader_error}" for t in failed),
              sep="\n")
    gradescope_json.write(result, root / "results" / "results.json")
    if result.status == "grader_failed":
        return 1
    score = f"{result.score:g}" if result.graded else "no score"
    print(f"{result.student_id}: {score}/{result.max_score:g} ({result.status})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
