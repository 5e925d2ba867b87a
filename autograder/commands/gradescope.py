"""``autograder gradescope ASSIGNMENT --out autograder.zip``: build the Gradescope autograder bundle."""
from __future__ import annotations

import os
import sys
from pathlib import Path

from ..cli import assignment_argument
from ..integrations import gradescope

HELP = "build the Gradescope autograder bundle (setup.sh, run_autograder, package, reference)"


def add_arguments(p) -> None:
    assignment_argument(p)
    p.add_argument("--out", default="autograder.zip", help="the zip to write (default: ./autograder.zip)")
    p.add_argument("--lang", choices=("en", "ko"), default="en", help="feedback language")
    p.add_argument("--salt", default=os.environ.get("AUTOGRADER_SALT", ""),
                   help="course secret mixed into each student's random hidden inputs (stored in the bundle)")


def main(args) -> int:
    try:
        out = gradescope.build_bundle(args.assignment, Path(args.out), lang=args.lang, salt=args.salt)
    except FileNotFoundError as exc:
        print(f"autograder: {exc} (run `autograder build` first)", file=sys.stderr)
        return 2
    print(out)
    return 0
