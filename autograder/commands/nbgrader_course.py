"""``autograder nbgrader-course DIR``: lay out an nbgrader course generated from ``source_lib/``.

Writes ``DIR/nbgrader_config.py`` (kept if present, unless ``--force``) and
``DIR/source/<assignment>/<assignment>.ipynb`` for each assignment (default: all), and makes
sure Jupyter has the ``python3`` kernel nbgrader will execute the notebooks with.

First, unless ``--no-preflight``, each assignment's reference and stub are graded on this
machine (``autograder.preflight``): a course whose grader cannot be trusted here is not laid out.
"""
from __future__ import annotations

import sys
from pathlib import Path

from .. import build, catalog, course, preflight
from ..integrations import nbgrader_course

HELP = "lay out an nbgrader course (source/<a>/<a>.ipynb with nbgrader cells) from source_lib/"


def add_arguments(p) -> None:
    p.add_argument("dir", help="the nbgrader course folder (created)")
    p.add_argument("--assignment", dest="assignments", action="append", choices=list(course.assignments()),
                   metavar="ID",
                   help="an assignment to lay out (repeatable; default: all)")
    p.add_argument("--course-id", default="dlfs", help="nbgrader course id (default: dlfs)")
    p.add_argument("--force", action="store_true", help="overwrite an existing nbgrader_config.py")
    p.add_argument("--no-preflight", action="store_true",
                   help="skip grading each reference (full marks) and stub (0) on this machine first")
    p.add_argument("--allow-unconfined", action="store_true",
                   help="lay it out even where student code would not be confined")


def main(args) -> int:
    ids = args.assignments or list(course.assignments())
    if not args.no_preflight:
        from ..grading import Grader

        for assignment_id in ids:
            try:
                preflight.require(Grader(assignment_id), allow_unconfined=args.allow_unconfined)
            except preflight.PreflightFailed as exc:
                print(f"autograder: {exc}", file=sys.stderr)
                return 1
    try:
        written = nbgrader_course.write_course(Path(args.dir), ids, course_id=args.course_id,
                                               overwrite_config=args.force)
    except (build.AuthoringError, catalog.CatalogError, FileNotFoundError) as exc:
        print(f"autograder: {exc}", file=sys.stderr)
        return 2
    for assignment_id in ids:
        if not course.solutions_dir(assignment_id).is_dir():
            print(f"warning: no {course.solutions_dir(assignment_id)}: test cells need the hidden reference "
                  "(run `autograder build`)", file=sys.stderr)
    if nbgrader_course.ensure_kernel():
        print("installed the python3 Jupyter kernel into this environment", file=sys.stderr)
    for path in written:
        print(path)
    first = ids[0]
    print(f"next: cd {args.dir} && nbgrader generate_assignment {first} "
          f"&& nbgrader autograde {first} --create && nbgrader export", file=sys.stderr)
    return 0
