"""``autograder export RESULTS... [--canvas FILE] [--junit FILE] [--nbgrader-db URL]``.

Reads ``results.json`` files written by ``autograder run`` and writes them for a platform: a
Canvas gradebook CSV, JUnit XML, or scores in an nbgrader gradebook. Prints the points line
GitHub Classroom reads (``Points 31/37``) on stdout, unless a record was not graded (then no
points line; exit code 1 when the grader failed on one); everything else goes to stderr. Only
graded records become numbers.
"""
from __future__ import annotations

import sys
from pathlib import Path

from ..writers import canvas_csv, junit_xml, results_json

HELP = "export results.json to a Canvas CSV, JUnit XML or an nbgrader gradebook"


def add_arguments(p) -> None:
    p.add_argument("results", nargs="+", help="results.json files from `autograder run`")
    p.add_argument("--canvas", metavar="FILE", help="write a Canvas gradebook import CSV")
    p.add_argument("--roster", metavar="CSV", help="a Canvas gradebook export: its identity columns are used")
    p.add_argument("--canvas-id", action="append", default=[], metavar="ASSIGNMENT=ID",
                   help="the Canvas assignment id of an assignment (repeatable); else Canvas creates one")
    p.add_argument("--junit", metavar="FILE", help="write JUnit XML")
    p.add_argument("--nbgrader-db", metavar="URL", help="write scores into this nbgrader gradebook (sqlite:///...)")
    p.add_argument("--course-id", help="nbgrader course id (default: the gradebook's only course)")


def _columns(pairs: list[str]) -> dict[str, str]:
    columns = {}
    for pair in pairs:
        assignment, _, canvas_id = pair.partition("=")
        if not canvas_id.strip().isdigit():
            raise ValueError(f"--canvas-id wants ASSIGNMENT=NUMBER, got {pair!r}")
        columns[assignment] = f"{assignment} ({canvas_id.strip()})"
    return columns


def main(args) -> int:
    try:
        results = [r for path in args.results for r in results_json.read(Path(path))]
        columns = _columns(args.canvas_id)
        roster = canvas_csv.read_roster(Path(args.roster)) if args.roster else None
    except (OSError, ValueError, TypeError, KeyError) as exc:
        print(f"autograder: {exc}", file=sys.stderr)
        return 2
    if args.canvas:
        canvas_csv.write(results, Path(args.canvas), roster=roster, columns=columns)
        print(f"wrote {args.canvas}", file=sys.stderr)
    if args.junit:
        junit_xml.write(results, Path(args.junit))
        print(f"wrote {args.junit}", file=sys.stderr)
    if args.nbgrader_db and write_gradebook(results, args.nbgrader_db, args.course_id) != 0:
        return 2
    line = junit_xml.points_line(results)
    if line is None:
        names = ", ".join(f"{r.student_id} ({r.assignment}: {r.status})" for r in results if not r.graded)
        print(f"autograder: no points line: not graded: {names}", file=sys.stderr)
        return 1 if any(r.status == "grader_failed" for r in results) else 0
    print(line)
    return 0


def write_gradebook(results, db_url: str, course_id: str | None) -> int:
    """Write scores into an existing nbgrader gradebook (nbgrader's own API); 2 when it does not fit."""
    from ..integrations import nbgrader_gradebook  # nbgrader is slow to import: only when asked

    try:
        written = nbgrader_gradebook.write_scores(results, db_url, course_id=course_id)
    except (nbgrader_gradebook.GradebookMismatch, nbgrader_gradebook.catalog.CatalogError) as exc:
        print(f"autograder: {exc}", file=sys.stderr)
        return 2
    for note in written.skipped:
        print(f"not written: {note}", file=sys.stderr)
    print(f"wrote {len(written.scores)} scores into {db_url}", file=sys.stderr)
    return 0
