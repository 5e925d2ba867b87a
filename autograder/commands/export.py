"""``autograder export RESULTS... [--canvas FILE] [--junit FILE] [--nbgrader-db URL] [--summary]``.

Reads ``results.json`` files written by ``autograder run`` and writes them for a platform: a
Canvas gradebook CSV, JUnit XML, or scores in an nbgrader gradebook. ``--summary`` prints one
line per submission on stdout (``<student>\\t<assignment>\\t<score>/<max>``, or ``not graded``
and why); nothing else goes to stdout, and there is no class-wide total. Notes (files written,
students left out) go to stderr. Only graded records become numbers. Exit code 1 when the
grader failed on a record, 2 for bad arguments or input.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..writers import canvas_csv, junit_xml, results_json

HELP = "export results.json to a Canvas CSV, JUnit XML or an nbgrader gradebook"


class _DeprecatedCourseId(argparse.Action):
    """``--course-id``, the old spelling of ``--nbgrader-course-id``: still works, and says so."""

    def __call__(self, parser, namespace, values, option_string=None):
        print("autograder: --course-id is deprecated: use --nbgrader-course-id (as `autograder run` does)",
              file=sys.stderr)
        namespace.nbgrader_course_id = values


def add_arguments(p) -> None:
    p.add_argument("results", nargs="+", help="results.json files from `autograder run`")
    p.add_argument("--canvas", metavar="FILE", help="write a Canvas gradebook import CSV")
    p.add_argument("--roster", metavar="CSV", help="a Canvas gradebook export: its identity columns are used, and "
                   "students it does not have are left out (listed on stderr)")
    p.add_argument("--keep-unmatched", action="store_true",
                   help="with --roster: keep the students it does not have (student id as SIS Login ID)")
    p.add_argument("--canvas-id", action="append", default=[], metavar="ASSIGNMENT=ID",
                   help="the Canvas assignment id of an assignment (repeatable); else Canvas creates one")
    p.add_argument("--junit", metavar="FILE", help="write JUnit XML")
    p.add_argument("--nbgrader-db", metavar="URL", help="write scores into this nbgrader gradebook (sqlite:///...)")
    p.add_argument("--nbgrader-course-id", help="nbgrader course id (default: the gradebook's only course)")
    p.add_argument("--course-id", action=_DeprecatedCourseId, help=argparse.SUPPRESS)
    p.add_argument("--summary", action="store_true", help="print one line per submission: student, assignment, "
                   "score/max (or why it was not graded)")


def _columns(pairs: list[str]) -> dict[str, str]:
    columns = {}
    for pair in pairs:
        assignment, _, canvas_id = pair.partition("=")
        if not canvas_id.strip().isdigit():
            raise ValueError(f"--canvas-id wants ASSIGNMENT=NUMBER, got {pair!r}")
        columns[assignment] = f"{assignment} ({canvas_id.strip()})"
    return columns


def _num(x: float) -> str:
    return f"{round(x, 4):g}"


def summary_line(r) -> str:
    """One submission: ``alice<TAB>a2_functions<TAB>31/37``, or ``... not graded (status: reason)``."""
    if r.graded:
        return f"{r.student_id}\t{r.assignment}\t{_num(r.score)}/{_num(r.max_score)}"
    return f"{r.student_id}\t{r.assignment}\tnot graded ({r.status}: {r.reason or 'no reason recorded'})"


def main(args) -> int:
    try:
        results = [r for path in args.results for r in results_json.read(Path(path))]
        columns = _columns(args.canvas_id)
        roster = canvas_csv.read_roster(Path(args.roster)) if args.roster else None
    except (OSError, ValueError, TypeError, KeyError) as exc:
        print(f"autograder: {exc}", file=sys.stderr)
        return 2
    if args.keep_unmatched and roster is None:
        print("autograder: --keep-unmatched goes with --roster", file=sys.stderr)
        return 2
    if args.canvas:
        _canvas(results, Path(args.canvas), roster, columns, args.keep_unmatched)
    if args.junit:
        junit_xml.write(results, Path(args.junit))
        print(f"wrote {args.junit}", file=sys.stderr)
    if args.nbgrader_db and write_gradebook(results, args.nbgrader_db, args.nbgrader_course_id) != 0:
        return 2
    if args.summary:
        for r in results:
            print(summary_line(r))
    broken = [r for r in results if not r.graded]
    if broken:
        names = ", ".join(f"{r.student_id} ({r.assignment}: {r.status})" for r in broken)
        print(f"autograder: not graded, so no score was written for: {names}", file=sys.stderr)
    return 1 if any(r.status == "grader_failed" for r in results) else 0


def _canvas(results, path: Path, roster, columns, keep_unmatched: bool) -> None:
    canvas_csv.write(results, path, roster=roster, columns=columns, keep_unmatched=keep_unmatched)
    missing = canvas_csv.unmatched(results, roster)
    if missing and keep_unmatched:
        print(f"autograder: {len(missing)} student(s) are not in the roster and were kept with their student id "
              f"as SIS Login ID (Canvas will list any it cannot find): {', '.join(missing)}", file=sys.stderr)
    elif missing:
        print(f"autograder: {len(missing)} student(s) are not in the roster and were left out of {path} "
              f"(--keep-unmatched keeps them): {', '.join(missing)}", file=sys.stderr)
    empty = canvas_csv.left_out(results)
    if empty:
        print(f"autograder: {len(empty)} student(s) have no graded record and got no row, so Canvas keeps their "
              f"grades as they are: {', '.join(empty)}", file=sys.stderr)
    print(f"wrote {path}", file=sys.stderr)


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
