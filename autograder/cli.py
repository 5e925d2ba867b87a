"""``autograder`` command line: parse, then delegate to ``autograder.commands.<verb>``.

Exit codes: 0 success (whatever the scores), 1 grading itself failed, 2 bad usage or input.
"""
from __future__ import annotations

import argparse
import importlib
import os
import sys

from . import course

VERBS = {
    "build": "regenerate assignments/, solutions/ and examples/ from source_lib/",
    "run": "grade submissions and write results.json and grades.csv",
    "check": "run the public checks on your own work (students)",
}


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="autograder", description="Auto-graded deep learning from scratch course.")
    sub = top.add_subparsers(dest="verb", required=True, metavar="COMMAND")

    p = sub.add_parser("build", help=VERBS["build"])
    p.add_argument("--check", action="store_true", help="only report generated files that are out of date")

    p = sub.add_parser("run", help=VERBS["run"])
    p.add_argument("assignment", help=f"one of: {', '.join(course.ASSIGNMENTS)}")
    p.add_argument("submissions", help="a folder of student folders, one student folder, a .py or an .ipynb")
    p.add_argument("--out", default="grading-results", help="output folder (default: ./grading-results)")
    p.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="parallel grading sessions (default: cores)")
    p.add_argument("--lang", choices=("en", "ko"), default="en", help="feedback language")
    p.add_argument("--timeout", type=float, default=10.0, help="seconds one call into student code may take")
    p.add_argument("--budget", type=float, default=120.0, help="seconds one submission may take in all")
    p.add_argument("--salt", default=os.environ.get("AUTOGRADER_SALT", ""),
                   help="course secret mixed into each student's random hidden inputs")
    p.add_argument("--quiet", action="store_true", help="no progress bar or table")

    p = sub.add_parser("check", help=VERBS["check"])
    p.add_argument("assignment", help=f"one of: {', '.join(course.ASSIGNMENTS)}")
    p.add_argument("path", nargs="?", default=".", help="your module, notebook or assignment folder")
    p.add_argument("--lang", choices=("en", "ko"), default="en")
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if getattr(args, "assignment", None) is not None:
        try:
            course.get(args.assignment)
        except course.UnknownAssignment as exc:
            print(f"autograder: {exc}", file=sys.stderr)
            return 2
    command = importlib.import_module(f"autograder.commands.{args.verb}")
    return command.main(args)


if __name__ == "__main__":
    sys.exit(main())
