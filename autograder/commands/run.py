"""``autograder run ASSIGNMENT SUBMISSIONS``: preflight, grade, then write results.json and grades.csv.

``autograder run all SUBMISSIONS`` grades every assignment that SUBMISSIONS holds a folder for,
named by its id (``a1_perceptron/`` …: a class's folders, or one student's), in one process, each
into ``OUT/<assignment>/``; the exit code is the worst of theirs. A folder that is one student's
submission itself takes the student's id from SUBMISSIONS (``alice/a2_functions/functions.py`` is
alice's).

The steps are ``batch.run_batch``'s; this verb picks the executor, shows progress, writes what
was asked besides (an nbgrader gradebook, HTML reports), prints the table and sets the exit code.

Exit code 0 when every submission has a record the grader defends (``graded``, or ``error`` for
files that cannot be graded); 1 when the preflight failed (no one graded) or any submission is
``grader_failed`` (the last lines name them); 2 for bad arguments or an ``--out`` that holds
another batch's results; 3 with ``--fail-under SCORE`` when none of those happened but a
submission of this batch scored below SCORE or has no score (``error``: its files could not be
graded), so that a CI step goes red.
"""
from __future__ import annotations

import argparse
import math
import os
import sys
from pathlib import Path

from .. import course, executors
from ..batch import BatchRefused, run_batch
from ..lanes import run as lanes_run
from ..datasets import MNIST_ENV
from ..preflight import PreflightFailed
from ..supervisor import BUDGET, CALL_TIMEOUT
from ..feedback import messages
from ..writers import results_json
from ..cli import assignment_argument
from . import display
from .export import write_gradebook

HELP = "grade submissions and write results.json and grades.csv"


ALL = "all"  # every assignment SUBMISSIONS has a folder for (course.RESERVED_IDS: no assignment takes it)


def add_arguments(p) -> None:
    assignment_argument(p, also=ALL)
    p.add_argument("submissions", help="a folder of student folders, one student folder, a .py or an .ipynb; "
                   "with `all`, a folder holding one such folder per assignment, named by its id")
    p.add_argument("--out", default="grading-results", help="output folder (default: ./grading-results)")
    p.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="parallel grading sessions (default: cores)")
    p.add_argument("--lang", choices=("en", "ko"), default="en", help="feedback language")
    p.add_argument("--timeout", type=float, default=CALL_TIMEOUT, help="seconds one call into student code may take")
    p.add_argument("--budget", type=float, default=BUDGET, help="seconds one submission may take in all")
    p.add_argument("--salt", default=os.environ.get("AUTOGRADER_SALT", ""),
                   help="course secret mixed into each student's random hidden inputs")
    p.add_argument("--executor", choices=executors.KINDS, default="local",
                   help="grade in local processes (default) or as tasks on a dask.distributed cluster")
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help="dask scheduler address (with --executor dask; default: a LocalCluster of --jobs processes)")
    p.add_argument("--mnist", metavar="NPZ", help="a local MNIST .npz (x_train, t_train, x_test, t_test) for "
                   "a5's learning test instead of the bundled 8x8 digits")
    p.add_argument("--resume", action="store_true",
                   help="keep the submissions already graded in --out (after a crash) and grade the rest")
    p.add_argument("--update", action="store_true",
                   help="--out holds another batch's results: merge by student id (this batch's records replace "
                        "those students', the rest are kept)")
    p.add_argument("--force", action="store_true", help="--out holds another batch's results: replace them")
    p.add_argument("--no-preflight", action="store_true",
                   help="skip grading the reference (must score full marks) and the stub (must score 0) first")
    p.add_argument("--allow-unconfined", action="store_true",
                   help="grade even where `autograder doctor` would say student code is not confined")
    p.add_argument("--nbgrader-db", metavar="URL",
                   help="also write the scores into this nbgrader gradebook (sqlite:///path/gradebook.db)")
    p.add_argument("--nbgrader-course-id", help="nbgrader course id (default: the gradebook's only course)")
    p.add_argument("--report", action="store_true", help="also write HTML reports (students and class) into OUT/report")
    p.add_argument("--quiet", action="store_true", help="no progress bar or table")
    p.add_argument("--details", action="store_true", help="after the table, every student's per-test feedback")
    p.add_argument("--fail-under", metavar="SCORE", type=_threshold,
                   help="exit code 3 when a submission scores below SCORE (points, e.g. 37, or a share of the "
                        "maximum, e.g. 100%%) or is not graded: for a CI step that should fail")


def _threshold(text: str) -> tuple[float, bool]:
    """``--fail-under``'s value: (number, True) for a percentage of the maximum, (points, False) else."""
    try:
        value = float(text.removesuffix("%"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"wants points (37) or a percentage (90%), got {text!r}") from None
    if not math.isfinite(value) or value < 0:
        raise argparse.ArgumentTypeError(f"wants a number of points or a percentage of at least 0, got {text!r}")
    return value, text.endswith("%")


def main(args) -> int:
    if args.mnist:
        if not Path(args.mnist).is_file():
            print(f"autograder: no such MNIST file: {args.mnist}", file=sys.stderr)
            return 2
        os.environ[MNIST_ENV] = str(Path(args.mnist).resolve())  # job processes inherit it
    if args.scheduler and args.executor != "dask":
        print("autograder: --scheduler goes with --executor dask", file=sys.stderr)
        return 2
    if args.assignment == ALL:
        return every_assignment(args)
    return one_assignment(args, args.assignment, Path(args.submissions), Path(args.out))


SEVERITY = (0, 3, 1, 2)  # exit codes, the least serious first: `all` exits with the worst of its runs


def every_assignment(args) -> int:
    """``run all``: each assignment SUBMISSIONS has a folder for, into OUT/<id>. With ``--jobs``
    above 1 (local grading), the assignments are graded side by side (``lanes``), the last of the
    course first (later assignments build on earlier ones: the longest first keeps the lanes even),
    each with its share of the jobs; what each prints comes out in course order."""
    root = Path(args.submissions)
    folders = {a: root / a for a in course.assignments() if (root / a).is_dir()}
    if not folders:
        print(messages.render("run_all_none", args.lang, folder=root, expected=", ".join(course.assignments())),
              file=sys.stderr)
        return 2
    todo = [(a, str(folder), str(Path(args.out) / a), _student_id(root)) for a, folder in folders.items()]
    lanes = min(args.jobs, len(todo)) if args.executor == "local" else 1
    if lanes <= 1:
        codes = [_assignment_task((args, *item)) for item in todo]
    else:
        shared = argparse.Namespace(**{**vars(args), "jobs": max(1, args.jobs // lanes)})
        outcomes = lanes_run(_assignment_task, [(shared, *item) for item in reversed(todo)], lanes)[::-1]
        for _, out, err in outcomes:  # course order, each assignment's lines together
            sys.stdout.write(out)
            sys.stderr.write(err)
        codes = [code for code, _, _ in outcomes]
    return max(codes, key=SEVERITY.index)


def _assignment_task(payload) -> int:
    """One assignment of ``run all`` (a module-level function: ``lanes`` runs it in spawned processes)."""
    args, assignment, folder, out, student_id = payload
    return one_assignment(args, assignment, Path(folder), Path(out), student_id=student_id)


def _student_id(root: Path) -> str:
    from ..text import safe

    return safe(Path(os.path.abspath(root)).name)


def one_assignment(args, assignment: str, submissions: Path, out: Path, student_id: str | None = None) -> int:
    """Grade ``submissions`` of ``assignment`` into ``out``; the exit code. ``student_id``: the id
    of a folder that is one student's submission itself (``run all``), instead of its own name."""
    options = dict(lang=args.lang, call_timeout=args.timeout, budget=args.budget, salt=args.salt,
                   hide=(str(out.resolve()),))
    try:
        grader = executors.grader(args.executor, assignment, jobs=args.jobs, scheduler=args.scheduler, **options)
    except ImportError as exc:
        print(f"autograder: --executor dask needs dask.distributed ({exc}): pip install 'dlfs-autograder[dask]'",
              file=sys.stderr)
        return 2
    try:
        batch = run_batch(grader, submissions, out, resume=args.resume, update=args.update, force=args.force,
                          preflight_first=not args.no_preflight, allow_unconfined=args.allow_unconfined,
                          progress=lambda total: display.progress(total, quiet=args.quiet), student_id=student_id)
    except BatchRefused as exc:
        print(f"autograder: {exc}", file=sys.stderr)
        return 2
    except PreflightFailed as exc:
        print(f"autograder: {exc}", file=sys.stderr)
        return 1
    summaries = batch.summaries
    if args.nbgrader_db or args.report:  # these need whole records: read them back
        results = results_json.read(out / "results.json")
        if args.nbgrader_db and write_gradebook(results, args.nbgrader_db, args.nbgrader_course_id) != 0:
            return 2
        if args.report:
            from ..report import write_reports  # matplotlib only when asked

            write_reports(results, out / "report", args.lang)
    if not args.quiet:
        display.summary(summaries, args.lang)
        if args.details:
            display.details(out / "results.json", args.lang)
    print(messages.render("run_wrote", args.lang, results=out / "results.json", grades=out / "grades.csv"),
          file=sys.stderr)
    verdict = _verdict(summaries[:len(batch.sources)], batch.failure, args.lang)
    if verdict == 0 and args.fail_under is not None:
        return fail_under(summaries[:len(batch.sources)], args.fail_under, args.lang)
    return verdict


def _verdict(summaries, failure, lang: str = "en") -> int:
    """Exit code 1, with the last lines naming them, when the grader failed on any submission."""
    broken = [s for s in summaries if s.status == "grader_failed"]
    if failure is not None:
        print(messages.render("run_grading_failed", lang, failure=failure), file=sys.stderr)
    if broken:
        print(messages.render("run_not_graded", lang, broken=len(broken), total=len(summaries)), file=sys.stderr)
        for s in broken:
            print(f"  {s.student_id}: {s.first_problem}", file=sys.stderr)
    return 1 if failure is not None or broken else 0


def below(s, threshold: tuple[float, bool]) -> bool:
    """The submission ``s`` (a summary) has no score, or one under ``threshold`` (``_threshold``)."""
    if s.status != "graded" or s.score is None:
        return True
    value, percent = threshold
    bar = value / 100 * s.max_score if percent else value
    return round(s.score, 6) < round(bar, 6)


def fail_under(summaries, threshold: tuple[float, bool], lang: str = "en") -> int:
    """Exit code 3, with the last lines naming them, when a submission is ``below`` the threshold."""
    low = [s for s in summaries if below(s, threshold)]
    if not low:
        return 0
    value, percent = threshold
    shown = f"{value:g}%" if percent else f"{value:g}"
    print(messages.render("run_fail_under", lang, threshold=shown, count=len(low), total=len(summaries)),
          file=sys.stderr)
    for s in low:
        score = f"{s.score:g}/{s.max_score:g}" if s.status == "graded" and s.score is not None else s.status
        print(f"  {s.student_id}: {score}", file=sys.stderr)
    return 3
