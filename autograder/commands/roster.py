"""``autograder roster import|tokens|sync COURSE_DIR``: the students ``autograder serve`` knows.

``import COURSE_DIR roster.csv`` adds the roster's students and updates their names and sections
(ours: ``student_id,name,section,email``; Canvas gradebook and people exports too); students no
longer on it are deactivated (their records kept), unless ``--keep-missing``. New students get no
token until ``tokens``. ``tokens COURSE_DIR`` issues a fresh token to every active student (or
those named with ``--student``), prints ``student_id,token`` lines, and signs out every session
of the old ones: it works while the server runs (they share the database).
"""
from __future__ import annotations

import sys
from pathlib import Path

HELP = "import the class roster, or issue sign-in tokens, for autograder serve"


def add_arguments(p) -> None:
    sub = p.add_subparsers(dest="action", required=True, metavar="ACTION")
    imp = sub.add_parser("import", help="add or update the students of a roster CSV")
    imp.add_argument("course_dir")
    imp.add_argument("csv", help="roster CSV (student_id,name,section,email; or a Canvas export)")
    imp.add_argument("--keep-missing", action="store_true", help="keep students who are not on this roster")
    imp.add_argument("--db", metavar="URL", help="the database autograder serve uses (default: its SQLite)")
    tok = sub.add_parser("tokens", help="issue fresh sign-in tokens (the old ones stop working)")
    tok.add_argument("course_dir")
    tok.add_argument("--student", action="append", metavar="ID", help="only these students (repeatable)")
    tok.add_argument("--base-url", help="print sign-in links under this address instead of bare tokens")
    tok.add_argument("--db", metavar="URL")
    syn = sub.add_parser("sync", help="add and deactivate students from the LMS's roster (LTI NRPS)")
    syn.add_argument("course_dir")
    syn.add_argument("--db", metavar="URL")


def main(args) -> int:
    try:
        from ..serve.app import ServeConfig, open_database
        from ..serve.roster import RosterError, read_roster
    except ModuleNotFoundError as exc:
        print(f"autograder roster needs the serve extra ({exc.name} is missing): pip install -e \".[serve]\"",
              file=sys.stderr)
        return 2
    course_dir = Path(args.course_dir)
    if not (course_dir / "course.toml").is_file():
        print(f"autograder roster: {course_dir} is not a course folder (it has no course.toml)", file=sys.stderr)
        return 2
    db = open_database(ServeConfig(course_dir, db_url=args.db))
    try:
        if args.action == "sync":
            from ..serve.lti_nrps import cli

            return cli(course_dir, db)
        if args.action == "import":
            try:
                students = read_roster(Path(args.csv))
            except (RosterError, OSError) as exc:
                print(f"autograder roster: {exc}", file=sys.stderr)
                return 2
            added, updated, removed = import_roster(db, students, keep_missing=args.keep_missing)
            print(f"{added} added, {updated} updated, {removed} no longer on the roster (deactivated)"
                  + ("" if added == 0 else f"; give the new students tokens: autograder roster tokens {course_dir}"))
            return 0
        lines = issue_tokens(db, args.student)
        if lines is None:
            return 2
        for student_id, token in lines:
            print(f"{student_id},{args.base_url.rstrip('/')}/signin?token={token}" if args.base_url
                  else f"{student_id},{token}")
        return 0
    finally:
        db.dispose()


def import_roster(db, students, *, keep_missing: bool = False) -> tuple[int, int, int]:
    """Add or update ``students``; deactivate the others unless ``keep_missing``. (added, updated, removed)."""
    from sqlalchemy import select

    from ..serve.models import Student

    added = updated = removed = 0
    with db.session() as s:
        known = {row.id: row for row in s.scalars(select(Student))}
        for st in students:
            row = known.get(st.student_id)
            if row is None:
                s.add(Student(id=st.student_id, name=st.name, section=st.section, email=st.email,
                              token_version=0, active=True))
                added += 1
            else:
                changed = (row.name, row.section, row.email, row.active) != (st.name, st.section, st.email, True)
                row.name, row.section, row.email, row.active = st.name, st.section, st.email, True
                updated += changed
        on_roster = {st.student_id for st in students}
        for student_id, row in known.items():
            if student_id not in on_roster and row.active and not keep_missing:
                row.active, row.token_version = False, row.token_version + 1
                removed += 1
    return added, updated, removed


def issue_tokens(db, only: list[str] | None = None) -> list[tuple[str, str]] | None:
    """A fresh token for each active student (or ``only`` these); the old tokens and sessions end."""
    from sqlalchemy import select

    from ..serve.models import Student
    from ..serve.secrets import hash_token, new_token

    issued = []
    with db.session() as s:
        rows = list(s.scalars(select(Student).where(Student.active.is_(True)).order_by(Student.id)))
        if only:
            unknown = sorted(set(only) - {r.id for r in rows})
            if unknown:
                print(f"autograder roster: not active students: {', '.join(unknown)}", file=sys.stderr)
                return None
            rows = [r for r in rows if r.id in set(only)]
        for row in rows:
            token = new_token()
            row.token_hash, row.token_version = hash_token(token), row.token_version + 1
            issued.append((row.id, token))
    return issued
