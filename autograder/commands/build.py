"""``autograder build``: regenerate the generated trees, or ``--check`` that they are current."""
import sys

from .. import build


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
