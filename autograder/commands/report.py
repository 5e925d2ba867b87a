"""``autograder report RESULTS [--out DIR] [--lang en|ko]``: HTML reports from a results.json.

Writes a page per student, the class overview (index.html) and overview.csv into ``--out``
(default: a ``report`` folder next to RESULTS). The figures come from the side file beside RESULTS
(``results.figures.json``, see ``autograder.writers.results_json``) when there is one, or from the
records themselves (an older results.json); each is drawn as the course in use says. Exit 2, with
one line saying why, when RESULTS (or its side file) is missing, unreadable, or not a list of
result records.
"""
from __future__ import annotations

import math
import sys
from pathlib import Path

from ..report import write_reports
from ..results import Result
from ..writers import results_json

HELP = "write HTML reports (a page per student, a class overview) and overview.csv from a results.json"


def add_arguments(p) -> None:
    p.add_argument("results", help="a results.json written by `autograder run`")
    p.add_argument("--out", default=None, help="output folder (default: report/ next to RESULTS)")
    p.add_argument("--lang", choices=("en", "ko"), default="en", help="language of the reports")


def main(args) -> int:
    path = Path(args.results)
    try:
        results = results_json.read(path)
        problem = next((f"record {i}: {p}" for i, r in enumerate(results) if (p := invalid(r))), None)
    except FileNotFoundError:
        problem = "no such file"
    except IsADirectoryError:
        problem = "is a folder, not a results.json"
    except (OSError, ValueError) as exc:  # unreadable, not UTF-8, not JSON
        problem = f"not a readable results.json ({exc})"
    except (TypeError, AttributeError, KeyError) as exc:  # JSON, but not a list of result records
        problem = f"not a list of result records ({type(exc).__name__}: {exc})"
    if problem:
        print(f"autograder: {path}: {problem}", file=sys.stderr)
        return 2
    out = Path(args.out) if args.out else path.parent / "report"
    written = write_reports(results, out, args.lang)
    print(f"wrote {len(written) - 2} student pages, {out / 'index.html'} and {out / 'overview.csv'}", file=sys.stderr)
    return 0


def invalid(r: Result) -> str | None:
    """Why ``r`` cannot be reported (a field of the wrong type), or None."""
    if not all(type(v) is str for v in (r.student_id, r.assignment, r.output, r.status)) \
            or type(r.reason) not in (str, type(None)):
        return "student_id, assignment, status, output and reason must be strings"
    if not _finite(r.max_score, r.duration) or type(r.figures) is not dict:
        return "max_score and duration must be numbers, figures an object"
    if not (_finite(r.score) if r.graded else r.score is None):
        return "score must be a number when graded, and null otherwise"
    for t in r.tests:
        if type(t.name) is not str or type(t.feedback) is not str or not _finite(t.score, t.max_score):
            return f"test {t.name!r}: name and feedback must be strings, scores numbers"
        if type(t.status) is not str or type(t.visibility) is not str or type(t.misconception) not in (str, type(None)):
            return f"test {t.name!r}: status, visibility and misconception must be strings"
    return None


def _finite(*values) -> bool:
    return all(type(v) in (int, float) and math.isfinite(v) for v in values)
