"""``autograder show RESULTS [STUDENT] [--lang en|ko]``: one student's record, test by test, in the terminal.

With STUDENT: every test of that student's record (id, title, points, status, full feedback, the
misconception and what the code printed: the staff view); a record that was not graded shows its
reason. Without: the one-line-per-student summary of ``autograder run``. Exit 2, with one line
saying why, when RESULTS cannot be read or STUDENT is not in it.
"""
from __future__ import annotations

import difflib
import math
import sys
from pathlib import Path

from ..writers import results_json
from . import display

HELP = "show one student's tests and feedback from a results.json (or, without STUDENT, the class summary)"


def add_arguments(p) -> None:
    p.add_argument("results", help="a results.json written by `autograder run`")
    p.add_argument("student", nargs="?", help="a student id (default: one line per student)")
    p.add_argument("--lang", choices=display.LANGS, default="en", help="language of the labels and messages")


def main(args) -> int:
    path, lang = Path(args.results), args.lang
    try:
        results = results_json.read(path)
    except FileNotFoundError:
        return _fail(path, display.label("no_such_file", lang))
    except IsADirectoryError:
        return _fail(path, display.label("is_a_folder", lang))
    except (OSError, ValueError) as exc:  # unreadable, not UTF-8, not JSON
        return _fail(path, display.label("unreadable", lang, detail=exc))
    except (TypeError, AttributeError, KeyError) as exc:  # JSON, but not a list of result records
        return _fail(path, display.label("not_records", lang, detail=f"{type(exc).__name__}: {exc}"))
    problem = next((display.label("bad_record", lang, i=i, problem=p) for i, r in enumerate(results)
                    if (p := invalid(r, lang))), None)
    if problem:
        return _fail(path, problem)
    if args.student is None:
        display.summary([r.summary() for r in results], args.lang)
        return 0
    chosen = [r for r in results if r.student_id == args.student]
    if not chosen:
        ids = [r.student_id for r in results if isinstance(r.student_id, str)]
        close = [i for i in ids if args.student.lower() in i.lower()][:3] or \
            difflib.get_close_matches(args.student, ids, n=3)
        suggestion = display.label("suggestion", args.lang, names=", ".join(map(repr, close))) if close else ""
        message = display.label("not_found", args.lang, student=repr(args.student), path=path, n=len(results),
                                suggestion=suggestion)
        print(f"autograder: {display.plain(message, line=True)}", file=sys.stderr)
        return 2
    display.details(chosen, args.lang, output=True)  # a duplicated id: each of its records
    return 0


def invalid(r, lang: str = "en") -> str | None:
    """Why record ``r`` cannot be shown (a field of the wrong type), in ``lang``, or None. A score
    may be null (a record that was not graded)."""
    if not all(type(v) is str for v in (r.student_id, r.assignment, r.status)) \
            or type(r.reason) not in (str, type(None)):
        return display.label("bad_fields", lang)
    if not (r.score is None or _finite(r.score)) or not _finite(r.max_score):
        return display.label("bad_score", lang)
    for t in r.tests:
        if not _finite(t.score, t.max_score):
            return display.label("bad_test_score", lang, test=repr(t.id or t.name))
    return None


def _finite(*values) -> bool:
    return all(type(v) in (int, float) and math.isfinite(v) for v in values)


def _fail(path: Path, problem: str) -> int:
    print(f"autograder: {path}: {problem}", file=sys.stderr)
    return 2
