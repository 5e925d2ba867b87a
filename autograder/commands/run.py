"""``autograder run ASSIGNMENT SUBMISSIONS``: grade, then write results.json and grades.csv."""
from __future__ import annotations

import sys
from pathlib import Path

from ..grading import Grader, GraderFailure
from ..writers import grades_csv, results_json
from . import display


def main(args) -> int:
    grader = Grader(args.assignment, jobs=args.jobs, lang=args.lang, call_timeout=args.timeout,
                    budget=args.budget, salt=args.salt)
    try:
        sources = grader.sources(Path(args.submissions))
    except (FileNotFoundError, NotADirectoryError) as exc:
        print(f"autograder: {exc}", file=sys.stderr)
        return 2
    if not sources:
        print(f"autograder: no submissions found in {args.submissions}", file=sys.stderr)
        return 2
    failure = None
    with display.progress(len(sources), quiet=args.quiet) as advance:
        try:
            results = grader.grade(sources, progress=advance)
        except GraderFailure as exc:
            failure, results = exc, exc.results
    out = Path(args.out)
    results_json.write(results, out / "results.json")
    grades_csv.write(results, out / "grades.csv")
    if not args.quiet:
        display.summary(results)
    print(f"wrote {out / 'results.json'} and {out / 'grades.csv'}", file=sys.stderr)
    if failure is not None:
        print(f"autograder: grading failed: {failure}", file=sys.stderr)
        return 1
    return 0
