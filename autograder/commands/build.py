"""``autograder build``: regenerate the generated trees, or ``--check`` that they are current."""
import sys

from .. import build

HELP = "regenerate assignments/, solutions/ and examples/ from source_lib/"


def add_arguments(p) -> None:
    p.add_argument("--check", action="store_true", help="only report generated files that are out of date")


def main(args) -> int:
    if args.check:
        stale = build.check()
        for path in stale:
            print(f"out of date: {path}", file=sys.stderr)
        if stale:
            print("run `autograder build` and commit the result", file=sys.stderr)
        return 1 if stale else 0
    built = build.build()
    print(f"built {len(built)} assignments: {', '.join(built)}")
    return 0
