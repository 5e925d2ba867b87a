"""``autograder`` command line: parse, then delegate to ``autograder.commands.<verb>``.

Exit codes: 0 success (whatever the scores), 1 grading itself failed, 2 bad usage or input.
``--course DIR`` (anywhere on the line) names the course folder; it is passed on to every process
the command starts as ``$AUTOGRADER_COURSE``.
"""
from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import sys
from pathlib import Path
from typing import Protocol, cast

from . import course

COMMANDS = "autograder.commands"


class Verb(Protocol):
    """What a command module holds: its one-line help, its arguments, and its run (the exit code)."""

    HELP: str

    def add_arguments(self, parser: argparse.ArgumentParser) -> None: ...

    def main(self, args: argparse.Namespace) -> int: ...


def verbs() -> dict[str, Verb]:
    """Command verb → its module. Each module of ``autograder.commands`` that defines ``HELP``,
    ``add_arguments(parser)`` and ``main(args)`` is a verb (``nbgrader_course`` → ``nbgrader-course``)."""
    package = importlib.import_module(COMMANDS)
    found: dict[str, Verb] = {}
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda i: i.name):
        module = importlib.import_module(f"{COMMANDS}.{info.name}")
        if hasattr(module, "HELP") and hasattr(module, "main"):
            found[info.name.replace("_", "-")] = cast(Verb, module)
    return found


def parser(commands: dict | None = None) -> argparse.ArgumentParser:
    commands = commands or verbs()
    top = argparse.ArgumentParser(prog="autograder", description="Auto-graded deep learning from scratch course.")
    top.add_argument("--course", metavar="DIR", help="the course folder (one with course.toml; default: "
                     "$AUTOGRADER_COURSE, else the bundled course)")
    sub = top.add_subparsers(dest="verb", required=True, metavar="COMMAND")
    for verb, module in commands.items():
        module.add_arguments(sub.add_parser(verb, help=module.HELP, description=module.HELP))
    return top


def assignment_argument(parser: argparse.ArgumentParser, also: str | None = None) -> None:
    """The ASSIGNMENT positional; ``also``: a word the verb takes instead (``run all``)."""
    ids = ", ".join(course.assignments())
    parser.add_argument("assignment", help=f"one of: {ids}" + (f"; or {also}" if also else ""))


def _one_verb(verb: str) -> dict[str, object] | None:
    """Just the module of ``verb``, so that a command does not pay for importing every other one
    (the report's matplotlib, nbgrader); None when ``verb`` is not a command."""
    name = verb.replace("-", "_")
    if not name.isidentifier() or name.startswith("_"):
        return None
    try:
        module = importlib.import_module(f"{COMMANDS}.{name}")
    except ModuleNotFoundError:
        return None
    return {verb: module} if hasattr(module, "HELP") and hasattr(module, "main") else None


def take_course(argv: list[str]) -> tuple[str | None, list[str]]:
    """``--course DIR`` / ``--course=DIR`` taken out of ``argv`` (before or after the verb)."""
    rest, folder, i = [], None, 0
    while i < len(argv):
        arg = argv[i]
        if arg == "--":
            rest += argv[i:]
            break
        if arg == "--course" and i + 1 < len(argv):
            folder, i = argv[i + 1], i + 2
            continue
        if arg.startswith("--course="):
            folder = arg.split("=", 1)[1]
        else:
            rest.append(arg)
        i += 1
    return folder, rest


def main(argv: list[str] | None = None) -> int:
    folder, argv = take_course(sys.argv[1:] if argv is None else list(argv))
    previous = os.environ.get(course.ENV)
    try:
        return _run(folder, argv)
    finally:  # a caller in this process (a test, a notebook) keeps the course it had
        if previous is None:
            os.environ.pop(course.ENV, None)
        else:
            os.environ[course.ENV] = previous


def _run(folder: str | None, argv: list[str]) -> int:
    try:
        if folder is not None:  # a verb that MAKES_COURSE (new-assignment) may start one in DIR
            makes = argv and getattr((_one_verb(argv[0]) or {}).get(argv[0]), "MAKES_COURSE", False)
            os.environ[course.ENV] = str(Path(folder).resolve() if makes else course.load(folder).root)
        commands = (_one_verb(argv[0]) if argv else None) or verbs()
        args = parser(commands).parse_args(argv)
        if getattr(args, "assignment", None) not in (None, getattr(commands[args.verb], "ALL", None)):
            course.get(args.assignment)  # `all` only where the verb takes it (run.ALL)
    except course.CourseError as exc:
        print(f"autograder: {exc}", file=sys.stderr)
        return 2
    return commands[args.verb].main(args)

if __name__ == "__main__":
    sys.exit(main())
