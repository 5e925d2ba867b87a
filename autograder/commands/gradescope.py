"""``autograder gradescope ASSIGNMENT --out autograder.zip --salt S``: build the Gradescope autograder bundle."""
from __future__ import annotations

import os
import sys
from pathlib import Path

from ..cli import assignment_argument
from ..feedback import messages
from ..integrations import gradescope

HELP = "build the Gradescope autograder bundle (setup.sh, pinned requirements, the package's wheel, reference)"


def add_arguments(p) -> None:
    assignment_argument(p)
    p.add_argument("--out", default="autograder.zip", help="the zip to write (default: ./autograder.zip)")
    p.add_argument("--lang", choices=("en", "ko"), default="en", help="feedback language")
    salt = p.add_mutually_exclusive_group()
    salt.add_argument("--salt", default=os.environ.get("AUTOGRADER_SALT", ""),
                      help="course secret mixed into each student's random hidden inputs (stored in the bundle; "
                           "default: $AUTOGRADER_SALT); required unless --no-salt")
    salt.add_argument("--no-salt", action="store_true",
                      help="build without a salt: anyone with the course's source and a student's id can then "
                           "work out that student's hidden inputs")


def main(args) -> int:
    if not args.salt and not args.no_salt:
        print(messages.render("gradescope_no_salt", args.lang), file=sys.stderr)
        return 2
    try:
        out = gradescope.build_bundle(args.assignment, Path(args.out), lang=args.lang,
                                      salt="" if args.no_salt else args.salt)
    except FileNotFoundError as exc:
        print(f"autograder: {exc} (run `autograder build` first)", file=sys.stderr)
        return 2
    except gradescope.MissingPackage as exc:
        print(f"autograder: {exc}", file=sys.stderr)
        return 2
    print(out)
    return 0
